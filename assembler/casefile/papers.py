"""Declarations, exhibits and service: the papers filed with the motion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Address, Model
from assembler.fields import (
    Date,
    ExhibitLabel,
    Flag,
    Prose,
    StateBarNumber,
    Text,
)
from assembler.vocabulary import (
    AddressKind,
    DeclarationKind,
    ServiceMethod,
    Support,
)


class Translator(Model):
    """The person who translated the declaration to the declarant."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the translator signs a declaration of competence (Evid. Code §§ 750-753)",
    }

    name: Text | None = Field(None, description="The translator's full name.")
    qualification: Text | None = Field(None, description="e.g. 'certified court interpreter'.")


class Declarant(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "a declaration is signed in the declarant's name (Code Civ. Proc. § 2015.5)",
    }

    name: Text | None = None
    title: Text | None = Field(None, description="e.g. 'Attorney at Law', 'sister'.")
    state_bar_number: StateBarNumber | None = None
    firm: Text | None = None
    address: Address | None = None
    qualifications: Prose | None = Field(
        None,
        description="immigration_expert: experience that qualifies the opinion, e.g. 'I have "
        "practiced immigration law since 2009 ...'.",
    )


class Account(Model):
    """The moving party's own account, in the first person and their own plain words.

    The declaration quotes it as written ("I ..."); the memorandum's third-person facts stay in
    ``grounds``. Each field is one or more sentences.
    """

    life: Prose | None = Field(
        None, description="Growing up, arrival and life here, e.g. 'I grew up in Santa Ana ...'."
    )
    told: Prose | None = Field(
        None, description="What my lawyer and the court told me about immigration, and what not."
    )
    understood: Prose | None = Field(
        None, description="What I understood would happen to my immigration status."
    )
    mattered: Prose | None = Field(
        None, description="What mattered most to me when I took the plea (or went to trial)."
    )
    would_have: Prose | None = Field(
        None, description="What I would have done had I known the consequences."
    )
    since: Prose | None = Field(
        None, description="How I learned of the consequences and what I did then."
    )


class Declaration(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "kind": "decides whose declaration it is and what it must say",
    }

    kind: DeclarationKind | None = Field(
        None, description="Whose declaration it is; it decides what the declaration must say."
    )
    declarant: Declarant | None = Field(
        None, description="For immigration_expert and other; others come from the case."
    )
    language: Text | None = Field(None, description="Language the declarant reads, if not English.")
    translator: Translator | None = None
    subject: Text | None = Field(None, description="For 'other': what the declarant attests.")
    account: Account | None = Field(
        None, description="moving_party only: the first-person account the declaration tells."
    )
    statements: list[Prose] = Field(
        default_factory=list,
        description="prior_counsel, immigration_expert and other: further first-person "
        "paragraphs in the declarant's words, one per item.",
    )
    executed_on: Date | None = Field(
        None, description="Leave out to leave a blank to date by hand."
    )
    executed_at: Text | None = Field(None, description="City and state of signing.")


class Exhibit(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "label": "exhibits are cited by label",
        "title": "the exhibit list and slip sheet name each exhibit",
    }

    label: ExhibitLabel | None = Field(
        None, description="The exhibit's label: a letter (A, B ... AA) or a number."
    )
    title: Text | None = Field(
        None,
        description="What the exhibit is, as the exhibit list names it, e.g. 'Docket and minute orders'.",
    )
    description: Prose | None = Field(
        None, description="What it shows, in a sentence, for the memorandum."
    )
    file: Text | None = Field(None, description="PDF path relative to the case file.")
    language: Text | None = Field(None, description="Language of the document, if not English.")
    certified_translation: Flag = Field(
        False, description="A certified English translation is attached."
    )
    supports: list[Support] = Field(
        default_factory=list,
        description="What the exhibit proves; the memorandum cites it at each point it supports.",
    )
    authentication: Prose | None = Field(
        None,
        description="The moving party's own first-person account of this document, for their "
        "declaration, e.g. 'I wrote this e-mail to my lawyer on December 2, 2025, and received "
        "his reply the same day.' Use it for documents only the moving party can authenticate.",
    )


class Server(Model):
    """The person who serves the papers and signs the proof of service."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the proof of service is signed by the person who served",
        "address": "Code Civ. Proc. § 1013a: the proof gives the server's business or residence "
        "address",
    }

    name: Text | None = Field(
        None, description="Full name of the person who serves the papers; not the moving party."
    )
    address: Address | None = None
    address_kind: AddressKind | None = Field(
        None,
        description="Whether the address given is the server's business or residence address "
        "(the proof names one). Omit: business when counsel files, residence for a "
        "self-represented filer's server.",
    )
    email: Text | None = Field(
        None, description="For electronic service: the server's e-mail address."
    )


class Service(Model):
    """How and when the papers are served on the prosecuting agency."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "method": "the proof of service states how the papers were served; until the method "
        "is given, a draft prints a gap in place of the proof of service, never a method",
        "server": "the proof of service is signed by the person who served",
    }

    method: ServiceMethod | None = Field(
        None, description="How the papers are served on the prosecuting agency."
    )
    server: Server | None = None
    date: Date | None = Field(None, description="Leave out until served.")
    place: Text | None = Field(None, description="City of mailing or service.")
