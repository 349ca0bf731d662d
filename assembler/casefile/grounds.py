"""The grounds pleaded ((a)(1), (a)(2), (a)(3)) with their facts, and the (b)(2) timeliness chronology."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Address, Model
from assembler.fields import (
    Date,
    ExhibitLabel,
    Flag,
    PartialDate,
    Prose,
    Text,
)
from assembler.law import CURRENT
from assembler.vocabulary import (
    AdviceKind,
    Choice,
    CourtAdvisement,
    ErrorTheory,
    RjaViolation,
)


class Advisement(Model):
    """The immigration advisement at the plea: the plea form's and the court's."""

    plea_form_warning: Flag | None = Field(
        None, description="Whether the plea form had an immigration warning."
    )
    court_advisement: CourtAdvisement | None = Field(
        None, description="What the court said about immigration at the plea (Pen. Code § 1016.5)."
    )
    details: Prose | None = Field(None, description="What the form or the court said.")


class SafeAlternative(Model):
    """An immigration-safe plea or sentence that was available: what it was and why it was safe."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "offense": "Manzanilla: the motion shows an immigration-safe disposition was available",
    }

    offense: Text | None = Field(
        None,
        description="The offense of the safe disposition: what the moving party could have "
        "pleaded to instead, e.g. 'Pen. Code § 602 (trespass)'. Used in full once.",
    )
    sentence: Text | None = Field(
        None,
        description="The sentence that would have gone with that disposition, e.g. 'the same "
        "terms of summary probation'. Not the People's offer as a whole (offer_terms) and not "
        "a sentence to ask for now after a verdict (relief.alternative_sentence).",
    )
    short: Text | None = Field(
        None,
        description="A short name for the alternative, used after its first full mention, "
        "e.g. 'the misdemeanor offer' or 'a trespass plea'.",
    )
    offer_terms: Prose | None = Field(
        None,
        description="When the People offered it: the terms of the offer as made, e.g. 'a plea "
        "to misdemeanor battery with 24 months of summary probation'. Compared with the "
        "judgment imposed to show the offer was less severe.",
    )
    offer_date: Date | None = Field(
        None, description="When the People offered it: the date of the offer."
    )
    explanation: Prose | None = Field(
        None, description="Why it would have avoided the immigration consequences."
    )
    availability: Prose | None = Field(
        None,
        description="What shows the disposition was available at the time, when the People did "
        "not offer it: their practice with such cases, the court's, a co-defendant's "
        "disposition, e.g. 'The District Attorney's office routinely offered a plea to "
        "Pen. Code § 602 to first offenders charged with petty theft.' The papers say it 'was "
        "available' only with this fact or an offer.",
    )
    immigration_neutral: Flag | None = Field(
        None,
        description="True when the alternative would have carried no immigration consequence "
        "(the papers say it would have 'avoided' them), false when it would only have reduced "
        "them. Omit if unsure: the papers then say 'avoided or reduced'.",
    )
    people_offered: Flag | None = Field(
        None,
        description="True when the People actually offered the alternative (a rejected or "
        "lapsed offer: the Lafler, Frye and Alvernaz elements are argued).",
    )
    court_approval: Prose | None = Field(
        None,
        description="Why the court would have approved the offered disposition, e.g. the "
        "court's practice with negotiated misdemeanor dispositions in such cases.",
    )
    counsel_advised_rejection: Flag | None = Field(
        None,
        description="When the People offered it: true when defense counsel advised rejecting "
        "the offer, false when counsel gave no advice on it (the offer lapsed).",
    )
    offer_open: Prose | None = Field(
        None,
        description="When the People offered it: how long the offer stayed open, whether it was "
        "restated, and whether anything happened before trial that would have led the People "
        "to withdraw it (shows the People would not have withdrawn it).",
    )


class EvidenceItem(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "description": "the memorandum describes each piece of contemporaneous evidence",
    }

    description: Prose | None = Field(None, description="What the item is and what it shows.")
    exhibit: ExhibitLabel | None = Field(None, description="Label of the exhibit that proves it.")


class GroundA1(Model):
    """Pen. Code § 1473.7(a)(1): prejudicial error about immigration consequences."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "error_theories": "Pen. Code § 1473.7(a)(1) requires prejudicial error: plead at least "
        "one error theory",
        "advice_received": "the error showing starts from what the moving party was and was not "
        "told about immigration (Pen. Code § 1016.3(a))",
        "would_have": "prejudice is a reasonable probability the moving party would have "
        "rejected the plea (People v. Vivar (2021) 11 Cal.5th 510)",
    }

    error_theories: list[ErrorTheory] = Field(
        default_factory=list,
        description="What went wrong at the plea (or trial); tick every one the facts support.",
    )
    advice_received: Prose | None = Field(
        None, description="What defense counsel told the moving party about immigration."
    )
    advice_kind: AdviceKind | None = Field(
        None,
        description="What counsel's immigration advice amounted to: nothing at all, a "
        "disclaimer ('not my field'), putting it off until after the decision, wrong advice, "
        "or incomplete advice. The papers say 'counsel said nothing' only for 'none'.",
    )
    advice_quote: Text | None = Field(
        None,
        description="Counsel's own words about immigration, if known, without quotation marks, "
        "e.g. 'immigration is not my field'.",
    )
    client_understanding: Prose | None = Field(
        None, description="What the moving party understood the consequences to be."
    )
    advisement: Advisement | None = None
    interpreter_problems: Prose | None = Field(
        None, description="What went wrong with the interpretation at the plea."
    )
    priorities_at_plea: Prose | None = Field(
        None,
        description="What mattered most to them at the plea (or trial), e.g. staying with "
        "their children.",
    )
    deportation_paramount: Flag | None = Field(
        None,
        description="Whether avoiding deportation (keeping their status) was what mattered most "
        "to the moving party at the plea, as their priorities show. Only when true do the papers "
        "argue that it was (Lee v. United States); when false they do not; unset, they ask.",
    )
    safe_alternative: SafeAlternative | None = None
    would_have: list[Choice] = Field(
        default_factory=list,
        description="What the moving party would have done had they understood the consequences.",
    )
    would_have_explanation: Prose | None = Field(
        None, description="Why, in the moving party's terms: family, work, years in the U.S."
    )
    contemporaneous_evidence: list[EvidenceItem] = Field(
        default_factory=list,
        description="Evidence from the time of the plea that immigration mattered: letters, notes, messages.",
    )
    argue_ineffective_assistance: Flag = Field(
        False, description="Also argue IAC (optional: Camacho)."
    )


class GroundA2(Model):
    """Pen. Code § 1473.7(a)(2): newly discovered evidence of actual innocence."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "new_evidence": "Pen. Code § 1473.7(a)(2) rests on newly discovered evidence of innocence",
        "discovered_on": "Pen. Code § 1473.7(c): filed without undue delay from discovery",
        "how_discovered": "the motion shows the evidence is newly discovered",
    }

    new_evidence: Prose | None = Field(
        None, description="The newly discovered evidence of actual innocence."
    )
    discovered_on: Date | None = Field(
        None,
        description="When it was discovered; an (a)(2) motion must be filed without undue delay from then.",
    )
    how_discovered: Prose | None = Field(None, description="How it came to light.")
    why_not_earlier: Prose | None = Field(
        None, description="Why due diligence could not have found it sooner."
    )
    delay_explanation: Prose | None = Field(
        None,
        description="Why the motion was not filed sooner after the discovery, if there was a delay.",
    )


class EmployingAgency(Model):
    """A law enforcement agency that employed an officer whose conduct an (a)(3) motion rests on."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the proof of service names each agency served",
        "address": "the proof of service gives the address where the agency was served",
    }

    name: Text | None = Field(None, description="e.g. 'Example City Police Department'.")
    address: Address | None = None
    email: Text | None = Field(None, description="For electronic service: its service address.")


class GroundA3(Model):
    """Pen. Code § 1473.7(a)(3): conviction based on race, ethnicity or national origin (§ 745)."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "violations": "Pen. Code § 1473.7(a)(3) requires a violation of § 745(a)",
        "facts": "the motion states the facts of the § 745(a) violation",
        "discovered_on": "Pen. Code § 1473.7(c): filed without undue delay from discovery",
    }

    violations: list[RjaViolation] = Field(
        default_factory=list,
        description="Which parts of Pen. Code § 745(a) were violated; tick each.",
    )
    facts: Prose | None = Field(None, description="The facts of the violation.")
    discovered_on: Date | None = Field(
        None,
        description="When the violation was discovered; an (a)(3) motion must be filed without undue delay from then.",
    )
    delay_explanation: Prose | None = Field(
        None,
        description="Why the motion was not filed sooner after the discovery, if there was a delay.",
    )
    officers_conduct: Flag | None = Field(
        None,
        description="Whether the violation rests, even in part, on the conduct of one or more "
        "law enforcement officers. Since 2026 such a motion must also be served on the agency "
        f"that employed them ({CURRENT.cite('agency_service')}).",
    )
    employing_agencies: list[EmployingAgency] = Field(
        default_factory=list,
        description="The law enforcement agency or agencies that employed those officers; each "
        "is served with the motion.",
    )


class Grounds(Model):
    a1: GroundA1 | None = Field(None, description="(a)(1) immigration error.")
    a2: GroundA2 | None = Field(None, description="(a)(2) actual innocence.")
    a3: GroundA3 | None = Field(None, description="(a)(3) Racial Justice Act.")


class TimelineEvent(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "date": "the diligence chronology is dated",
        "event": "the diligence chronology says what happened",
    }

    date: PartialDate | None = Field(
        None,
        description="When it happened: the date, or only the month or the year when that is all "
        "that is known (the chronology then says 'January 2026').",
    )
    event: Text | None = Field(None, description="What happened, in a sentence.")


class Timeliness(Model):
    """The facts of timeliness: what happened when, and how the moving party acted on it."""

    diligence_narrative: Prose | None = Field(
        None, description="What was done, and when, after learning of the consequences."
    )
    events: list[TimelineEvent] = Field(
        default_factory=list,
        description="Dated events that show diligence: a notice to appear, a consultation, a records request.",
    )
