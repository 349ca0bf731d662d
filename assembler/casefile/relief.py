"""What the motion asks the Court to do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Model
from assembler.fields import (
    Flag,
    Integer,
    Prose,
)
from assembler.law import CURRENT
from assembler.vocabulary import (
    PresenceReason,
)


class WithoutPresence(Model):
    """A request to hold the hearing without the moving party present (for good cause)."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "reason": "Pen. Code § 1473.7(d): the hearing proceeds without presence for good cause",
        "explanation": "the request states the good cause",
    }

    reason: PresenceReason | None = Field(
        None, description="Why the moving party cannot come to the hearing."
    )
    explanation: Prose | None = Field(
        None, description="The facts of it, for the request (good cause)."
    )


class Relief(Model):
    """What the motion asks the court to order."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "vacate_counts": "the order must name the counts vacated",
    }

    vacate_counts: list[Integer] = Field(
        default_factory=list, description="Numbers of the counts the court is asked to vacate."
    )
    withdraw_plea: Flag = Field(
        True, description=f"Ask leave to withdraw the plea ({CURRENT.cite('withdrawal')})."
    )
    specific_iac_finding: Flag = Field(
        False,
        description=f"Ask for a specific finding of ineffective assistance (notice to prior counsel "
        f"under {CURRENT.cite('notice_to_counsel')}).",
    )
    without_personal_presence: WithoutPresence | None = None
    dismissal_basis: Prose | None = Field(
        None, description="Only when also asking for dismissal after vacatur."
    )
    after_vacatur: Prose | None = Field(
        None,
        description="What to ask once the conviction is vacated, as a verb phrase, e.g. 'refer "
        "the case for a determination of eligibility for pretrial diversion under Pen. Code, "
        "§ 1000'.",
    )
    alternative_sentence: Prose | None = Field(
        None,
        description="Alternative relief when one day changes the result: the lawful sentence "
        "to impose if the Court vacates only the sentence, e.g. '364 days in county jail as "
        "the condition of probation'.",
    )
    alternative_sentence_reason: Prose | None = Field(
        None,
        description="Why the Court would have imposed the alternative sentence had counsel "
        "asked: what the sentencing record shows about how the term was chosen, e.g. 'the "
        "Court adopted the probation recommendation without discussing the length of the "
        "term'.",
    )
    appoint_counsel: Flag = Field(
        False,
        description="Self-represented filers: ask the Court to appoint counsel (the moving "
        "party is indigent and the motion states a prima facie case).",
    )
