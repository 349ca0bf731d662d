"""The criminal case: the court and hearing, the prosecuting agency, the counts and their sentences, later relief."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Address, Model
from assembler.fields import (
    Date,
    ExhibitLabel,
    Flag,
    Integer,
    Money,
    Section,
    Text,
    TimeOfDay,
)
from assembler.vocabulary import (
    PLEA_DISPOSITIONS,
    AgencyKind,
    CodeName,
    County,
    Disposition,
    LaterReliefKind,
    Level,
    ProbationKind,
    SentenceImposition,
)


class Court(Model):
    """The superior court that entered the conviction."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "county": "the court title on line 8 of the first page derives from the county "
        "(Cal. Rules of Court, rule 2.111(3))",
    }

    county: County | None = Field(
        None,
        description="The county whose superior court entered the conviction; the motion is filed there.",
    )
    courthouse: Text | None = Field(None, description="Courthouse or branch, e.g. 'Airport'.")
    address: Address | None = Field(
        None,
        description="The courthouse's street address (the notice to prior counsel says where to appear).",
    )
    department: Text | None = Field(
        None, description="The department the motion is filed in, if the court assigns one."
    )
    judge: Text | None = Field(None, description="The judge of that department, if known.")

    @property
    def title(self) -> str | None:
        """The court title, e.g. 'SUPERIOR COURT OF THE STATE OF CALIFORNIA ...'."""
        if self.county is None:
            return None
        return (
            "SUPERIOR COURT OF THE STATE OF CALIFORNIA\n"
            f"FOR THE COUNTY OF {self.county.value.upper()}"
        )


class Hearing(Model):
    """The hearing on the motion: its date, time and department, or to be set by the clerk."""

    to_be_set: Flag = Field(
        False, description="true while the clerk has not yet set the hearing (draft only)."
    )
    renotice_of: Date | None = Field(
        None,
        description="When the motion was filed with the hearing 'to be set' and the court has "
        "now set it: the date the motion was filed (filing_date is then the date of this "
        "notice). The build then makes the notice of hearing and its proof of service only.",
    )
    date: Date | None = Field(None, description="Hearing date, as the clerk gives it.")
    time: TimeOfDay | None = Field(None, description="24-hour time, e.g. '08:30'.")
    department: Text | None = Field(None, description="Department of the hearing.")


class ProsecutingAgency(Model):
    """The prosecuting agency that brought the case; the motion is served on it."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "kind": "the motion is served on the District Attorney or City Attorney who prosecuted",
        "name": "the proof of service names the office served",
        "address": "the proof of service gives the address the papers were served at",
    }

    kind: AgencyKind | None = None
    name: Text | None = Field(None, description="e.g. 'Los Angeles County District Attorney'.")
    address: Address | None = None
    email: Text | None = Field(None, description="Service address for electronic service.")


class Sentence(Model):
    """The sentence on this count, from the minute order."""

    imposition: SentenceImposition | None = Field(
        None,
        description="Whether the court suspended imposition of sentence, imposed a sentence "
        "and suspended its execution, or imposed it outright, as the minute order says.",
    )
    jail_as_condition: Flag | None = Field(
        None,
        description="True when the jail days were a condition of probation rather than a "
        "sentence imposed.",
    )
    probation_kind: ProbationKind | None = Field(
        None, description="Summary (informal) or formal probation."
    )
    probation_months: Integer | None = Field(None, ge=0, le=600, description="Months of probation.")
    jail_days: Integer | None = Field(None, ge=0, le=36500, description="Days of custody ordered.")
    jail_days_suspended: Integer | None = Field(
        None,
        ge=0,
        le=36500,
        description="Of the jail days ordered, how many were stayed or suspended (e.g. stayed "
        "pending completion of probation).",
    )
    credit_days: Integer | None = Field(
        None,
        ge=0,
        le=36500,
        description="Days of credit for time already served (custody and conduct credit "
        "together) applied against the jail days.",
    )
    deemed_served: Flag | None = Field(
        None, description="True when the court deemed the jail term served by the credit."
    )
    suspended_term_days: Integer | None = Field(
        None, ge=0, le=36500, description="Term imposed with execution suspended, in days."
    )
    prison_months: Integer | None = Field(
        None, ge=0, le=1200, description="Months in state prison."
    )
    fine_dollars: Money | None = Field(None, description="Fine in dollars, e.g. 250.")
    other: Text | None = Field(None, description="Other terms, e.g. 'stay-away order'.")


class Count(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "number": "relief and consequences name counts by number",
        "code": "the motion cites the statute of conviction",
        "section": "the motion cites the statute of conviction",
        "description": "the statement of facts describes the offense",
        "level": "felony or misdemeanor bears on the immigration consequences",
        "disposition": "a plea and a trial conviction are argued differently (AB 1259)",
        "plea_or_verdict_date": "the date decides the § 1016.5 advisement variant (SB 281) and "
        "anchors the chronology",
    }

    number: Integer | None = Field(None, ge=1, le=999, description="Count number in the complaint.")
    code: CodeName | None = Field(
        None, description="The code the offense is in: Penal Code, Health and Safety Code ..."
    )
    section: Section | None = Field(None, description="Section and subdivisions, e.g. 484(a).")
    description: Text | None = Field(None, description="e.g. 'petty theft'.")
    level: Level | None = Field(None, description="Felony, misdemeanor or infraction.")
    reduced_17b_on: Date | None = Field(
        None, description="Date a felony was reduced to a misdemeanor under Pen. Code § 17(b)."
    )
    disposition: Disposition | None = Field(
        None,
        description="How the conviction came about: a guilty or no contest plea, a verdict after trial, or a deferred entry of judgment (DEJ) plea.",
    )
    offense_date: Date | None = Field(
        None, description="Date of the offense, from the complaint or the docket."
    )
    plea_or_verdict_date: Date | None = Field(
        None, description="Date of the plea or the verdict, from the minute order."
    )
    sentence_date: Date | None = Field(
        None, description="Date of sentencing, when it was not the day of the plea."
    )
    sentence: Sentence | None = None

    @property
    def is_plea(self) -> bool:
        """Whether the conviction came from a plea (DEJ began with a guilty plea)."""
        return self.disposition in PLEA_DISPOSITIONS


class LaterRelief(Model):
    """Relief granted after the conviction: an expungement, a completed DEJ program, a dismissal."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "kind": "rehabilitative relief and DEJ completion are argued differently",
        "date": "the chronology dates each later order",
    }

    kind: LaterReliefKind | None = Field(None, description="What was granted after the conviction.")
    date: Date | None = Field(None, description="Date of the order.")
    counts: list[Integer] = Field(default_factory=list, description="Counts affected; empty = all.")
    description: Text | None = Field(
        None, description="What the order did, when its kind does not say it all."
    )
    exhibit: ExhibitLabel | None = Field(
        None,
        description="Label of the exhibit that is this order: the papers cite it where they "
        "state the order.",
    )


class CriminalCase(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "case_number": "the caption of every paper carries the case number",
        "prosecuting_agency": "the motion must be served on the prosecuting agency",
        "counts": "the motion must name the conviction it asks to vacate",
    }

    case_number: Text | None = Field(
        None, description="The superior court case number, as on the docket, e.g. '1WH01234'."
    )
    prosecuting_agency: ProsecutingAgency | None = None
    counts: list[Count] = Field(default_factory=list)
    custody_ended_on: Date | None = Field(
        None, description="Date criminal custody on this case ended."
    )
    probation_ended_on: Date | None = Field(None, description="Date probation on this case ended.")
    later_relief: list[LaterRelief] = Field(default_factory=list)
