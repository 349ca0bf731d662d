"""Pydantic models of the case file: the facts a Pen. Code § 1473.7 motion is drafted from.

Every field is optional at the schema level and every object forbids unknown keys. What the law
needs is checked by :mod:`assembler.rules`: a fact listed in a model's ``required_facts`` is
reported as missing with the reason given there, so a paralegal learns *why* it is needed, and a
case with a malformed date still gets every other check (see :mod:`assembler.loading`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from pydantic import ConfigDict, Field

from assembler.casefile.base import SCHEMA_VERSION, Address, Model
from assembler.casefile.counsel import ContactEffort, FilingCounsel, PriorCounsel
from assembler.casefile.grounds import (
    Advisement,
    EmployingAgency,
    EvidenceItem,
    GroundA1,
    GroundA2,
    GroundA3,
    Grounds,
    SafeAlternative,
    TimelineEvent,
    Timeliness,
)
from assembler.casefile.immigration import BenefitDenial, Consequence, Immigration
from assembler.casefile.papers import (
    Account,
    Declarant,
    Declaration,
    Exhibit,
    Server,
    Service,
    Translator,
)
from assembler.casefile.party import (
    Custody,
    Entry,
    FamilyMember,
    ImmigrationDetention,
    Language,
    MovingParty,
    Ties,
)
from assembler.casefile.proceedings import (
    Count,
    Court,
    CriminalCase,
    Hearing,
    LaterRelief,
    ProsecutingAgency,
    Sentence,
)
from assembler.casefile.relief import Relief, WithoutPresence
from assembler.casefile.unanswered import Unanswered, UnansweredState
from assembler.fields import (
    Date,
    Flag,
    Integer,
)
from assembler.vocabulary import (
    Disposition,
    LaterReliefKind,
)

__all__ = [
    "SCHEMA_VERSION",
    "Account",
    "Address",
    "Advisement",
    "BenefitDenial",
    "Case",
    "Consequence",
    "ContactEffort",
    "Count",
    "Court",
    "CriminalCase",
    "Custody",
    "Declarant",
    "Declaration",
    "EmployingAgency",
    "Entry",
    "EvidenceItem",
    "Exhibit",
    "FamilyMember",
    "FilingCounsel",
    "GroundA1",
    "GroundA2",
    "GroundA3",
    "Grounds",
    "Hearing",
    "Immigration",
    "ImmigrationDetention",
    "Language",
    "LaterRelief",
    "Model",
    "MovingParty",
    "PriorCounsel",
    "ProsecutingAgency",
    "Relief",
    "SafeAlternative",
    "Sentence",
    "Server",
    "Service",
    "Ties",
    "TimelineEvent",
    "Timeliness",
    "Translator",
    "Unanswered",
    "UnansweredState",
    "WithoutPresence",
]


class Case(Model):
    """A § 1473.7 case file."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "moving_party": "the motion is brought by and about the moving party",
        "court": "the motion is filed in the superior court that entered the conviction",
        "hearing": "Cal. Rules of Court, rule 2.111(6): hearing date, time and department go on "
        "the first page",
        "criminal_case": "the motion challenges a conviction in a criminal case",
        "grounds": "the motion must plead at least one ground of Pen. Code § 1473.7(a)",
        "relief": "the motion and the order state the relief requested",
        "service": "the motion must be served on the prosecuting agency",
    }

    schema_: str | None = Field(
        None, alias="$schema", description="Path or URL of the JSON Schema, for editors."
    )
    schema_version: Integer = Field(SCHEMA_VERSION, ge=1, le=SCHEMA_VERSION)
    filing_date: Date | None = Field(
        None, description="Planned filing date; timeliness is measured to it."
    )
    moving_party: MovingParty | None = None
    self_represented: Flag = Field(False, description="true when filing In Pro Per.")
    filing_counsel: FilingCounsel | None = None
    prior_counsel: PriorCounsel | None = None
    court: Court | None = None
    hearing: Hearing | None = None
    criminal_case: CriminalCase | None = None
    immigration: Immigration | None = None
    grounds: Grounds | None = None
    timeliness: Timeliness | None = None
    relief: Relief | None = None
    declarations: list[Declaration] = Field(default_factory=list)
    exhibits: list[Exhibit] = Field(default_factory=list)
    service: Service | None = None
    unanswered: dict[str, Unanswered] = Field(
        default_factory=dict,
        description="Facts without an answer yet, keyed by their path as `assembler validate` "
        "prints it (e.g. 'moving_party.date_of_birth'): {'state': 'ask', 'note': '...'} to ask "
        "the attorney, {'state': 'not_applicable'} when the fact does not apply. The fact itself "
        "stays absent.",
    )

    model_config = ConfigDict(populate_by_name=True, title="Pen. Code § 1473.7 case file")

    def counts_by_number(self) -> dict[int, Count]:
        """The counts of conviction keyed by number (counts without a number are left out)."""
        counts = self.criminal_case.counts if self.criminal_case else []
        return {c.number: c for c in counts if c.number is not None}

    def dej_completed(self, count: Count) -> bool:
        """Whether a deferred-entry count's program was completed (a ``dej_completed`` later
        relief naming the count, or naming none)."""
        later = self.criminal_case.later_relief if self.criminal_case else []
        return count.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT and any(
            r.kind is LaterReliefKind.DEJ_COMPLETED and (not r.counts or count.number in r.counts)
            for r in later
        )

    def latest_conviction_date(self) -> dt.date | None:
        """The last plea or verdict date over all counts."""
        dates = [c.plea_or_verdict_date for c in self.counts_by_number().values()]
        known = [d for d in dates if d is not None]
        return max(known) if known else None
