"""Pydantic models of the case file: the facts a Pen. Code § 1473.7 motion is drafted from.

Every field is optional at the schema level and every object forbids unknown keys. What the law
needs is checked by :mod:`assembler.rules`: a fact listed in a model's ``required_facts`` is
reported as missing with the reason given there, so a paralegal learns *why* it is needed, and a
case with a malformed date still gets every other check (see :mod:`assembler.loading`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from assembler.fields import (
    ANumber,
    Date,
    ExhibitLabel,
    Flag,
    Integer,
    Money,
    Section,
    StateBarNumber,
    Text,
    TimeOfDay,
)
from assembler.vocabulary import (
    PLEA_DISPOSITIONS,
    AddressKind,
    AgencyKind,
    Choice,
    CodeName,
    ConsequenceCategory,
    CounselKind,
    County,
    CourtAdvisement,
    DeclarationKind,
    Disposition,
    ErrorTheory,
    FamilyStatus,
    Honorific,
    ImmigrationStatus,
    LaterReliefKind,
    Level,
    PresenceReason,
    ProbationKind,
    ProceedingsStatus,
    Pronouns,
    RjaViolation,
    ServiceMethod,
    Support,
)

SCHEMA_VERSION = 1


class Model(BaseModel):
    """Base of every case-file object: unknown keys are errors, blank text counts as missing."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=False,
    )

    required_facts: ClassVar[Mapping[str, str]] = {}
    """Field name -> why the law or the packet needs it (reported when the fact is missing)."""

    @model_validator(mode="before")
    @classmethod
    def _blank_text_is_missing(cls, data: Any) -> Any:
        # A paralegal who leaves "" in a field has not given the fact: treat it as absent so the
        # required-fact rule reports it with its reason instead of drafting around a blank.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        if cls.required_facts:
            target["required"] = [
                (cls.model_fields[name].alias or name) for name in cls.required_facts
            ]
        return schema


# --- shared pieces ----------------------------------------------------------------------------


class Address(Model):
    """A postal address; a U.S. address needs state and ZIP code."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "street": "an address is only usable for service and the caption with its street line",
        "city": "an address needs its city",
    }

    street: Text | None = Field(None, description="Street and number, e.g. '1200 Main Street'.")
    unit: Text | None = Field(None, description="Suite, apartment or unit.")
    city: Text | None = None
    state: Text | None = Field(None, description="Two-letter state, e.g. CA.")
    postal_code: Text | None = Field(None, description="ZIP code.")
    country: Text | None = Field(None, description="Only for an address outside the U.S.")


# --- the moving party -------------------------------------------------------------------------


class Entry(Model):
    """Arrival in the United States: the baseline of the ties showing (Vivar)."""

    date: Date | None = Field(None, description="Date of first entry to the U.S.")
    age_at_arrival: Integer | None = Field(
        None, ge=0, le=120, description="Age at arrival, in years."
    )
    manner: Text | None = Field(None, description="How they came, e.g. 'with an immigrant visa'.")
    lpr_since: Date | None = Field(None, description="Date they became a permanent resident.")
    admitted: Flag | None = Field(
        None,
        description="Whether they were ever admitted (inspected and admitted, or adjusted to "
        "permanent residence); parole and entry without inspection are not admission. Decides "
        "whether deportability (INA § 237) or inadmissibility (INA § 212) grounds are stated. "
        "Omit to derive it from immigration_status.",
    )


class FamilyMember(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "relationship": "family ties are weighed by relationship (Vivar; Espinoza)",
        "status": "U.S.-citizen and LPR family are objective ties to the U.S. (Espinoza)",
    }

    relationship: Text | None = Field(None, description="e.g. 'daughter', 'husband', 'mother'.")
    status: FamilyStatus | None = Field(None, description="The relative's immigration status.")
    name: Text | None = Field(None, description="Optional; children are usually not named.")
    age: Integer | None = Field(None, ge=0, le=120)


class Ties(Model):
    """Ties to the United States (Vivar; Espinoza)."""

    family: list[FamilyMember] = Field(default_factory=list)
    work: Text | None = Field(None, description="Work history in the U.S.")
    school: Text | None = Field(None, description="Schooling in the U.S.")
    community: Text | None = Field(None, description="Church, volunteering, community roles.")
    other: Text | None = None


class Language(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "primary": "a declarant who does not read English needs a translator's declaration "
        "(Evid. Code §§ 750-753)",
        "reads_english": "decides whether the declaration must be translated to the declarant",
    }

    primary: Text | None = Field(None, description="e.g. 'Spanish', 'Vietnamese', 'English'.")
    reads_english: Flag | None = None
    interpreter_at_plea: Flag | None = Field(
        None, description="Whether an interpreter was used at the plea."
    )


class ImmigrationDetention(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "facility": "the request to proceed without personal presence names where they are held",
    }

    facility: Text | None = Field(None, description="Detention facility name.")
    location: Text | None = Field(None, description="City and state of the facility.")
    since: Date | None = None


class Custody(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "in_criminal_custody_on_this_case": "Pen. Code § 1473.7(a) is open only to a person no "
        "longer in criminal custody on the challenged conviction",
    }

    in_criminal_custody_on_this_case: Flag | None = Field(
        None, description="Still in jail, prison or on parole for THIS case?"
    )
    immigration_detention: ImmigrationDetention | None = Field(
        None, description="Only when detained by immigration authorities."
    )
    other_supervision: Text | None = Field(
        None, description="Probation or custody in ANOTHER case (no bar: Rodriguez)."
    )


class MovingParty(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "legal_name": "the caption and every declaration use the moving party's legal name",
        "surname": "the papers refer to the moving party by honorific and surname",
        "pronouns": "the papers refer to the moving party throughout",
        "country_of_birth": "the statement of facts and the prejudice showing start from it",
        "immigration_status": "the (e)(1) showing depends on the moving party's status",
        "language": "decides whether a translator's declaration is needed",
        "custody": "Pen. Code § 1473.7(a): only a person no longer in criminal custody may move",
        "entry": "the ties showing starts from when the moving party arrived (Vivar)",
    }

    legal_name: Text | None = Field(
        None, description="Full legal name as it appears in the caption of the criminal case."
    )
    surname: Text | None = Field(
        None, description="Family name used with the honorific, e.g. 'García' for 'Mr. García'."
    )
    other_names: list[Text] = Field(
        default_factory=list, description="Other names in the court record (AKAs, misspellings)."
    )
    honorific: Honorific | None = Field(None, description="Omit to refer by full name.")
    pronouns: Pronouns | None = None
    date_of_birth: Date | None = None
    a_number: ANumber | None = Field(
        None, description="Alien registration number, e.g. A012345678."
    )
    country_of_birth: Text | None = None
    entry: Entry | None = None
    immigration_status: ImmigrationStatus | None = None
    immigration_status_detail: Text | None = Field(
        None, description="Needed when status is 'visa' or 'other', e.g. 'H-1B', 'TPS'."
    )
    ties: Ties | None = None
    language: Language | None = None
    custody: Custody | None = None
    mailing_address: Address | None = Field(
        None, description="Required when self-represented: it goes on the first page."
    )
    phone: Text | None = None
    email: Text | None = None


# --- counsel ----------------------------------------------------------------------------------


class FilingCounsel(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "Cal. Rules of Court, rule 2.111(1): counsel's name heads the first page",
        "state_bar_number": "Cal. Rules of Court, rule 2.111(1) requires the State Bar number",
        "address": "Cal. Rules of Court, rule 2.111(1) requires counsel's office address",
        "phone": "Cal. Rules of Court, rule 2.111(1) requires a telephone number",
        "email": "Cal. Rules of Court, rule 2.111(1) requires an e-mail address",
    }

    name: Text | None = None
    state_bar_number: StateBarNumber | None = None
    firm: Text | None = None
    address: Address | None = None
    phone: Text | None = None
    email: Text | None = None
    attorney_for: Text | None = Field(
        None, description="Party represented, e.g. 'Defendant and Moving Party'."
    )


class ContactEffort(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "date": "counsel's declaration dates each attempt to reach prior counsel",
        "method": "counsel's declaration says how prior counsel was contacted",
    }

    date: Date | None = None
    method: Text | None = Field(None, description="e.g. 'letter', 'telephone', 'e-mail'.")
    result: Text | None = None


class PriorCounsel(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the motion identifies plea counsel whose advice is at issue",
        "kind": "the statement of facts says who represented the moving party",
    }

    name: Text | None = None
    kind: CounselKind | None = None
    office: Text | None = Field(None, description="e.g. 'Los Angeles County Public Defender'.")
    state_bar_number: StateBarNumber | None = None
    address: Address | None = Field(
        None, description="Needed to give notice under § 1473.7(g) when an IAC finding is sought."
    )
    immigration_advice: Text | None = Field(
        None, description="What prior counsel said or did about immigration consequences."
    )
    declaration_available: Flag = Field(
        False, description="Whether prior counsel will sign a declaration."
    )
    contact_efforts: list[ContactEffort] = Field(default_factory=list)
    file_obtained: Flag | None = Field(None, description="Whether the defense file was obtained.")


# --- court and hearing ------------------------------------------------------------------------


class Court(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "county": "the court title on line 8 of the first page derives from the county "
        "(Cal. Rules of Court, rule 2.111(3))",
    }

    county: County | None = None
    courthouse: Text | None = Field(None, description="Courthouse or branch, e.g. 'Airport'.")
    address: Address | None = Field(
        None, description="The courthouse's street address (the (g) notice says where to appear)."
    )
    department: Text | None = None
    judge: Text | None = None

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
    to_be_set: Flag = Field(
        False, description="true while the clerk has not yet set the hearing (draft only)."
    )
    renotice_of: Date | None = Field(
        None,
        description="When the motion was filed with the hearing 'to be set' and the court has "
        "now set it: the date the motion was filed (filing_date is then the date of this "
        "notice). The build then makes the notice of hearing and its proof of service only.",
    )
    date: Date | None = None
    time: TimeOfDay | None = Field(None, description="24-hour time, e.g. '08:30'.")
    department: Text | None = None


# --- the criminal case ------------------------------------------------------------------------


class ProsecutingAgency(Model):
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
    probation_kind: ProbationKind | None = None
    probation_months: Integer | None = Field(None, ge=0, le=600)
    jail_days: Integer | None = Field(None, ge=0, le=36500, description="Days of custody ordered.")
    suspended_term_days: Integer | None = Field(
        None, ge=0, le=36500, description="Term imposed with execution suspended, in days."
    )
    prison_months: Integer | None = Field(None, ge=0, le=1200)
    fine_dollars: Money | None = None
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
    code: CodeName | None = None
    section: Section | None = Field(None, description="Section and subdivisions, e.g. 484(a).")
    description: Text | None = Field(None, description="e.g. 'petty theft'.")
    level: Level | None = None
    reduced_17b_on: Date | None = Field(
        None, description="Date a felony was reduced to a misdemeanor under Pen. Code § 17(b)."
    )
    disposition: Disposition | None = None
    offense_date: Date | None = None
    plea_or_verdict_date: Date | None = None
    sentence_date: Date | None = None
    sentence: Sentence | None = None

    @property
    def is_plea(self) -> bool:
        """Whether the conviction came from a plea (DEJ began with a guilty plea)."""
        return self.disposition in PLEA_DISPOSITIONS


class LaterRelief(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "kind": "rehabilitative relief and DEJ completion are argued differently",
        "date": "the chronology dates each later order",
    }

    kind: LaterReliefKind | None = None
    date: Date | None = None
    counts: list[Integer] = Field(default_factory=list, description="Counts affected; empty = all.")
    description: Text | None = None


class CriminalCase(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "case_number": "the caption of every paper carries the case number",
        "prosecuting_agency": "the motion must be served on the prosecuting agency",
        "counts": "the motion must name the conviction it asks to vacate",
    }

    case_number: Text | None = None
    prosecuting_agency: ProsecutingAgency | None = None
    counts: list[Count] = Field(default_factory=list)
    custody_ended_on: Date | None = Field(
        None, description="Date criminal custody on this case ended."
    )
    probation_ended_on: Date | None = Field(None, description="Date probation on this case ended.")
    later_relief: list[LaterRelief] = Field(default_factory=list)


# --- immigration ------------------------------------------------------------------------------


class Consequence(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "count": "Pen. Code § 1473.7(e)(1): the showing is made for each count",
        "categories": "Pen. Code § 1473.7(e)(1) requires a showing that the conviction causes or "
        "may cause removal or denial of a benefit",
    }

    count: Integer | None = Field(
        None, ge=1, description="Count number this consequence attaches to."
    )
    categories: list[ConsequenceCategory] = Field(default_factory=list)
    other: Text | None = Field(None, description="Describe the consequence when 'other' is listed.")
    explanation: Text | None = Field(None, description="Why the count has this consequence.")


class BenefitDenial(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "benefit": "the (e)(1) showing and the (b)(2) chronology name the benefit denied",
        "date": "a denial can start the (b)(2) reasonable-diligence period",
    }

    benefit: Text | None = Field(None, description="e.g. 'naturalization (Form N-400)'.")
    agency: Text | None = Field(None, description="e.g. 'USCIS'.")
    date: Date | None = None


class Immigration(Model):
    consequences: list[Consequence] = Field(default_factory=list)
    notice_to_appear_date: Date | None = Field(None, description="Date of the NTA (Form I-862).")
    proceedings_status: ProceedingsStatus | None = None
    immigration_court: Text | None = Field(
        None, description="e.g. 'San Francisco Immigration Court'."
    )
    next_hearing_date: Date | None = None
    final_removal_order_date: Date | None = None
    benefit_denials: list[BenefitDenial] = Field(default_factory=list)


# --- grounds ----------------------------------------------------------------------------------


class Advisement(Model):
    plea_form_warning: Flag | None = Field(
        None, description="Whether the plea form had an immigration warning."
    )
    court_advisement: CourtAdvisement | None = None
    details: Text | None = Field(None, description="What the form or the court said.")


class SafeAlternative(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "offense": "Manzanilla: the motion shows an immigration-safe disposition was available",
    }

    offense: Text | None = Field(None, description="e.g. 'Pen. Code § 602 (trespass)'.")
    sentence: Text | None = Field(None, description="e.g. '364 days instead of 365'.")
    explanation: Text | None = None
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
    court_approval: Text | None = Field(
        None,
        description="Why the court would have approved the offered disposition, e.g. the "
        "court's practice with negotiated misdemeanor dispositions in such cases.",
    )


class EvidenceItem(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "description": "the memorandum describes each piece of contemporaneous evidence",
    }

    description: Text | None = None
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

    error_theories: list[ErrorTheory] = Field(default_factory=list)
    advice_received: Text | None = Field(
        None, description="What defense counsel told the moving party about immigration."
    )
    client_understanding: Text | None = Field(
        None, description="What the moving party understood the consequences to be."
    )
    advisement: Advisement | None = None
    interpreter_problems: Text | None = None
    priorities_at_plea: Text | None = Field(
        None,
        description="What mattered most to them at the plea (or trial), e.g. staying with "
        "their children.",
    )
    safe_alternative: SafeAlternative | None = None
    would_have: list[Choice] = Field(default_factory=list)
    would_have_explanation: Text | None = None
    contemporaneous_evidence: list[EvidenceItem] = Field(default_factory=list)
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

    new_evidence: Text | None = None
    discovered_on: Date | None = None
    how_discovered: Text | None = None
    why_not_earlier: Text | None = Field(
        None, description="Why due diligence could not have found it sooner."
    )
    delay_explanation: Text | None = None


class GroundA3(Model):
    """Pen. Code § 1473.7(a)(3): conviction based on race, ethnicity or national origin (§ 745)."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "violations": "Pen. Code § 1473.7(a)(3) requires a violation of § 745(a)",
        "facts": "the motion states the facts of the § 745(a) violation",
        "discovered_on": "Pen. Code § 1473.7(c): filed without undue delay from discovery",
    }

    violations: list[RjaViolation] = Field(default_factory=list)
    facts: Text | None = None
    discovered_on: Date | None = None
    delay_explanation: Text | None = None


class Grounds(Model):
    a1: GroundA1 | None = Field(None, description="(a)(1) immigration error.")
    a2: GroundA2 | None = Field(None, description="(a)(2) actual innocence.")
    a3: GroundA3 | None = Field(None, description="(a)(3) Racial Justice Act.")


class TimelineEvent(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "date": "the diligence chronology is dated",
        "event": "the diligence chronology says what happened",
    }

    date: Date | None = None
    event: Text | None = None


class Timeliness(Model):
    diligence_narrative: Text | None = Field(
        None, description="What was done, and when, after learning of the consequences."
    )
    events: list[TimelineEvent] = Field(default_factory=list)


# --- relief -----------------------------------------------------------------------------------


class WithoutPresence(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "reason": "Pen. Code § 1473.7(d): the hearing proceeds without presence for good cause",
        "explanation": "the request states the good cause",
    }

    reason: PresenceReason | None = None
    explanation: Text | None = None


class Relief(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "vacate_counts": "the order must name the counts vacated",
    }

    vacate_counts: list[Integer] = Field(default_factory=list)
    withdraw_plea: Flag = Field(True, description="Ask leave to withdraw the plea ((e)(3)).")
    specific_iac_finding: Flag = Field(
        False, description="Ask for a specific finding of ineffective assistance ((g) notice)."
    )
    without_personal_presence: WithoutPresence | None = None
    dismissal_basis: Text | None = Field(
        None, description="Only when also asking for dismissal after vacatur."
    )
    after_vacatur: Text | None = Field(
        None,
        description="What to ask once the conviction is vacated, as a verb phrase, e.g. 'refer "
        "the case for a determination of eligibility for pretrial diversion under Pen. Code, "
        "§ 1000'.",
    )
    alternative_sentence: Text | None = Field(
        None,
        description="Alternative relief when one day changes the result: the lawful sentence "
        "to impose if the Court vacates only the sentence, e.g. '364 days in county jail as "
        "the condition of probation'.",
    )
    appoint_counsel: Flag = Field(
        False,
        description="Self-represented filers: ask the Court to appoint counsel (the moving "
        "party is indigent and the motion states a prima facie case).",
    )


# --- declarations, exhibits, service ----------------------------------------------------------


class Translator(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the translator signs a declaration of competence (Evid. Code §§ 750-753)",
    }

    name: Text | None = None
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
    qualifications: Text | None = Field(
        None,
        description="immigration_expert: experience that qualifies the opinion, e.g. 'I have "
        "practiced immigration law since 2009 ...'.",
    )


class Account(Model):
    """The moving party's own account, in the first person and their own plain words.

    The declaration quotes it as written ("I ..."); the memorandum's third-person facts stay in
    ``grounds``. Each field is one or more sentences.
    """

    life: Text | None = Field(
        None, description="Growing up, arrival and life here, e.g. 'I grew up in Santa Ana ...'."
    )
    told: Text | None = Field(
        None, description="What my lawyer and the court told me about immigration, and what not."
    )
    understood: Text | None = Field(
        None, description="What I understood would happen to my immigration status."
    )
    mattered: Text | None = Field(
        None, description="What mattered most to me when I took the plea (or went to trial)."
    )
    would_have: Text | None = Field(
        None, description="What I would have done had I known the consequences."
    )
    since: Text | None = Field(
        None, description="How I learned of the consequences and what I did then."
    )


class Declaration(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "kind": "decides whose declaration it is and what it must say",
    }

    kind: DeclarationKind | None = None
    declarant: Declarant | None = Field(
        None, description="For immigration_expert and other; others come from the case."
    )
    language: Text | None = Field(None, description="Language the declarant reads, if not English.")
    translator: Translator | None = None
    subject: Text | None = Field(None, description="For 'other': what the declarant attests.")
    account: Account | None = Field(
        None, description="moving_party only: the first-person account the declaration tells."
    )
    statements: list[Text] = Field(
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

    label: ExhibitLabel | None = None
    title: Text | None = None
    description: Text | None = None
    file: Text | None = Field(None, description="PDF path relative to the case file.")
    language: Text | None = Field(None, description="Language of the document, if not English.")
    certified_translation: Flag = False
    supports: list[Support] = Field(default_factory=list)
    authentication: Text | None = Field(
        None,
        description="The moving party's own first-person account of this document, for their "
        "declaration, e.g. 'I wrote this e-mail to my lawyer on December 2, 2025, and received "
        "his reply the same day.' Use it for documents only the moving party can authenticate.",
    )


class Server(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "name": "the proof of service is signed by the person who served",
        "address": "Code Civ. Proc. § 1013a: the proof gives the server's business or residence "
        "address",
    }

    name: Text | None = None
    address: Address | None = None
    address_kind: AddressKind | None = Field(
        None,
        description="Whether the address given is the server's business or residence address "
        "(the proof names one). Omit: business when counsel files, residence for a "
        "self-represented filer's server.",
    )
    email: Text | None = None


class Service(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "method": "the proof of service states how the papers were served",
        "server": "the proof of service is signed by the person who served",
    }

    method: ServiceMethod | None = None
    server: Server | None = None
    date: Date | None = Field(None, description="Leave out until served.")
    place: Text | None = Field(None, description="City of mailing or service.")


# --- the case file ----------------------------------------------------------------------------


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
