"""Filing counsel and prior (plea or trial) counsel, with the efforts to reach them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Address, Model
from assembler.fields import (
    Date,
    Flag,
    Prose,
    StateBarNumber,
    Text,
)
from assembler.law import CURRENT
from assembler.vocabulary import (
    ContactMeans,
    CounselKind,
)


class FilingCounsel(Model):
    """The attorney filing the motion (leave out when filing In Pro Per)."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "Cal. Rules of Court, rule 2.111(1): counsel's name heads the first page",
        "state_bar_number": "Cal. Rules of Court, rule 2.111(1) requires the State Bar number",
        "address": "Cal. Rules of Court, rule 2.111(1) requires counsel's office address",
        "phone": "Cal. Rules of Court, rule 2.111(1) requires a telephone number",
        "email": "Cal. Rules of Court, rule 2.111(1) requires an e-mail address",
    }

    name: Text | None = Field(None, description="The filing attorney's full name.")
    state_bar_number: StateBarNumber | None = Field(
        None, description="California State Bar number."
    )
    firm: Text | None = None
    address: Address | None = None
    phone: Text | None = Field(None, description="Phone number, for the first page.")
    email: Text | None = Field(
        None, description="E-mail address, for the first page and electronic service."
    )
    attorney_for: Text | None = Field(
        None, description="Party represented, e.g. 'Defendant and Moving Party'."
    )


class ContactEffort(Model):
    """One effort to reach prior counsel or to obtain their file.

    Counsel's declaration tells each effort as one sentence built from these parts: "On [date],
    I [means] [whom] [purpose]. [Result.]", e.g. "On May 4, 2026, I wrote to the Public
    Defender's records unit to request Mr. Tan's file for this case. The unit replied ..."
    """

    required_facts: ClassVar[Mapping[str, str]] = {
        "date": "counsel's declaration dates each attempt to reach prior counsel",
        "means": "counsel's declaration says how counsel reached out (wrote, telephoned, met)",
        "whom": "counsel's declaration names the office or person contacted",
        "purpose": "counsel's declaration says why counsel made each contact",
    }

    date: Date | None = Field(None, description="Date of the attempt.")
    means: list[ContactMeans] = Field(
        default_factory=list,
        description="How counsel reached out; several for one contact, e.g. letter and "
        "telephone. 'meeting' for a meeting, never told as an attempt to reach.",
    )
    whom: Text | None = Field(
        None,
        description="The office or person contacted, as the words after 'I wrote to' or "
        "'I met with', e.g. \"the Public Defender's records unit\", \"Mr. Tan at his State Bar "
        'address of record", "Mr. Kessler at his office".',
    )
    purpose: Prose | None = Field(
        None,
        description="Why, as words beginning 'to', e.g. \"to request Mr. Vang's file for this "
        'case", "to ask whether he would sign a declaration".',
    )
    method: Text | None = Field(
        None,
        description="How, in words, when 'means' is 'other': what follows 'I contacted [whom] "
        "by', e.g. 'a subpoena for the file'. Not printed otherwise.",
    )
    result: Prose | None = Field(
        None,
        description="What came of it, as a sentence, e.g. 'the letter was returned as "
        "undeliverable'; 'no response' prints 'I received no response.'",
    )


class PriorCounsel(Model):
    """Defense counsel at the plea (or trial), whose advice is at issue."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the motion identifies plea counsel whose advice is at issue",
        "kind": "the statement of facts says who represented the moving party",
    }

    name: Text | None = Field(
        None, description="Full name of defense counsel at the plea (or trial)."
    )
    kind: CounselKind | None = Field(None, description="Public defender, appointed or retained.")
    office: Text | None = Field(None, description="e.g. 'Los Angeles County Public Defender'.")
    state_bar_number: StateBarNumber | None = None
    address: Address | None = Field(
        None,
        description=f"Needed to give notice under {CURRENT.cite('notice_to_counsel')} when an IAC "
        "finding is sought.",
    )
    immigration_advice: Prose | None = Field(
        None, description="What prior counsel said or did about immigration consequences."
    )
    declaration_available: Flag = Field(
        False, description="Whether prior counsel will sign a declaration."
    )
    contact_efforts: list[ContactEffort] = Field(default_factory=list)
    file_obtained: Flag | None = Field(None, description="Whether the defense file was obtained.")
