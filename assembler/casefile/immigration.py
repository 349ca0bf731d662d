"""The immigration consequences of each count, and the notices and denials that show them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Model
from assembler.fields import (
    Date,
    Flag,
    Integer,
    Prose,
    Text,
)
from assembler.law import CURRENT
from assembler.vocabulary import (
    ConsequenceCategory,
    ProceedingsStatus,
)


class Consequence(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "count": f"Pen. Code {CURRENT.cite('grant')}: the showing is made for each count",
        "categories": f"Pen. Code {CURRENT.cite('grant')} requires a showing that the conviction causes or "
        "may cause removal or denial of a benefit",
    }

    count: Integer | None = Field(
        None, ge=1, description="Count number this consequence attaches to."
    )
    categories: list[ConsequenceCategory] = Field(
        default_factory=list,
        description="The kinds of consequence the count carries; tick each that applies.",
    )
    other: Text | None = Field(None, description="Describe the consequence when 'other' is listed.")
    explanation: Prose | None = Field(None, description="Why the count has this consequence.")
    truly_clear: Flag | None = Field(
        None,
        description="True when the statute made this consequence truly clear at the time of "
        "the plea or verdict (Padilla v. Kentucky), e.g. a conviction for a drug on the federal "
        "schedules. Omit or false when it took analysis (a categorical question, a disputed "
        "drug definition): the memorandum then argues counsel's duty to advise of the risk.",
    )
    turns_on_term: Flag | None = Field(
        None,
        description="True when a consequence listed here exists only because of the length of "
        "the term imposed, e.g. an aggravated felony that requires a term of imprisonment of at "
        "least one year (INA § 101(a)(43)(F), (G)): a term one day shorter would avoid it. "
        "False when it does not depend on the term (e.g. a fraud offense with a loss over "
        "$10,000).",
    )


class BenefitDenial(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "benefit": "the showing of a consequence and the (b)(2) chronology name the benefit denied",
        "date": "a denial can start the (b)(2) reasonable-diligence period",
    }

    benefit: Text | None = Field(
        None,
        description="The benefit applied for, alone: e.g. 'naturalization (Form N-400)'. Why it "
        "was denied goes in 'reason', its date in 'date': the papers build the sentence "
        "('USCIS denied his application for [benefit] on [date] because [reason]').",
    )
    agency: Text | None = Field(None, description="e.g. 'USCIS'.")
    date: Date | None = Field(None, description="Date of the denial.")
    reason: Prose | None = Field(
        None,
        description="Why it was denied, as the words after 'because', e.g. 'the conviction bars "
        "a finding of good moral character'. Unset: the papers say it was denied because of "
        "the conviction.",
    )


class Immigration(Model):
    """The immigration consequences of the conviction and where removal proceedings stand."""

    consequences: list[Consequence] = Field(
        default_factory=list,
        description="One entry per count that carries immigration consequences.",
    )
    notice_to_appear_date: Date | None = Field(None, description="Date of the NTA (Form I-862).")
    nta_charges_ewi: Flag | None = Field(
        None,
        description="True when the notice to appear also charges presence without admission "
        "or parole (INA § 212(a)(6)(A)(i)): the moving party is then removable without the "
        "conviction, and the papers say instead what relief the conviction bars.",
    )
    relief_barred: Text | None = Field(
        None,
        description="The relief or status the conviction bars and that would otherwise be "
        "available, e.g. 'adjustment of status through his U.S.-citizen wife' or "
        "'cancellation of removal'.",
    )
    proceedings_status: ProceedingsStatus | None = Field(
        None, description="Where removal proceedings stand today."
    )
    immigration_court: Text | None = Field(
        None, description="e.g. 'San Francisco Immigration Court'."
    )
    next_hearing_date: Date | None = Field(
        None, description="Next immigration court hearing, if proceedings are pending."
    )
    final_removal_order_date: Date | None = Field(
        None, description="Date of a final order of removal, if there is one."
    )
    benefit_denials: list[BenefitDenial] = Field(
        default_factory=list,
        description="Immigration benefits denied because of the conviction: naturalization, a green card renewal ...",
    )
