"""The closed vocabularies of the case file: every choice a field offers, as string enums."""

from __future__ import annotations

from enum import StrEnum


class Pronouns(StrEnum):
    HE = "he"
    SHE = "she"
    THEY = "they"


class Honorific(StrEnum):
    MR = "Mr."
    MS = "Ms."
    MRS = "Mrs."
    MX = "Mx."
    DR = "Dr."


class ImmigrationStatus(StrEnum):
    LPR = "lpr"
    DACA = "daca"
    DACA_LAPSED = "daca_lapsed"
    VISA = "visa"
    UNDOCUMENTED = "undocumented"
    OTHER = "other"


class FamilyStatus(StrEnum):
    US_CITIZEN = "us_citizen"
    LPR = "lpr"
    DACA = "daca"
    VISA = "visa"
    UNDOCUMENTED = "undocumented"
    OTHER = "other"
    UNKNOWN = "unknown"


class County(StrEnum):
    """The 58 California counties; the superior court's title derives from the county."""

    ALAMEDA = "Alameda"
    ALPINE = "Alpine"
    AMADOR = "Amador"
    BUTTE = "Butte"
    CALAVERAS = "Calaveras"
    COLUSA = "Colusa"
    CONTRA_COSTA = "Contra Costa"
    DEL_NORTE = "Del Norte"
    EL_DORADO = "El Dorado"
    FRESNO = "Fresno"
    GLENN = "Glenn"
    HUMBOLDT = "Humboldt"
    IMPERIAL = "Imperial"
    INYO = "Inyo"
    KERN = "Kern"
    KINGS = "Kings"
    LAKE = "Lake"
    LASSEN = "Lassen"
    LOS_ANGELES = "Los Angeles"
    MADERA = "Madera"
    MARIN = "Marin"
    MARIPOSA = "Mariposa"
    MENDOCINO = "Mendocino"
    MERCED = "Merced"
    MODOC = "Modoc"
    MONO = "Mono"
    MONTEREY = "Monterey"
    NAPA = "Napa"
    NEVADA = "Nevada"
    ORANGE = "Orange"
    PLACER = "Placer"
    PLUMAS = "Plumas"
    RIVERSIDE = "Riverside"
    SACRAMENTO = "Sacramento"
    SAN_BENITO = "San Benito"
    SAN_BERNARDINO = "San Bernardino"
    SAN_DIEGO = "San Diego"
    SAN_FRANCISCO = "San Francisco"
    SAN_JOAQUIN = "San Joaquin"
    SAN_LUIS_OBISPO = "San Luis Obispo"
    SAN_MATEO = "San Mateo"
    SANTA_BARBARA = "Santa Barbara"
    SANTA_CLARA = "Santa Clara"
    SANTA_CRUZ = "Santa Cruz"
    SHASTA = "Shasta"
    SIERRA = "Sierra"
    SISKIYOU = "Siskiyou"
    SOLANO = "Solano"
    SONOMA = "Sonoma"
    STANISLAUS = "Stanislaus"
    SUTTER = "Sutter"
    TEHAMA = "Tehama"
    TRINITY = "Trinity"
    TULARE = "Tulare"
    TUOLUMNE = "Tuolumne"
    VENTURA = "Ventura"
    YOLO = "Yolo"
    YUBA = "Yuba"


class CounselKind(StrEnum):
    PUBLIC_DEFENDER = "public_defender"
    APPOINTED = "appointed"
    RETAINED = "retained"
    UNKNOWN = "unknown"


class AgencyKind(StrEnum):
    DISTRICT_ATTORNEY = "district_attorney"
    CITY_ATTORNEY = "city_attorney"


class CodeName(StrEnum):
    """California codes, in California Style Manual abbreviation."""

    PENAL = "Pen. Code"
    HEALTH_SAFETY = "Health & Saf. Code"
    VEHICLE = "Veh. Code"
    BUSINESS_PROFESSIONS = "Bus. & Prof. Code"
    WELFARE_INSTITUTIONS = "Welf. & Inst. Code"
    FISH_GAME = "Fish & G. Code"
    GOVERNMENT = "Gov. Code"
    MUNICIPAL = "Mun. Code"


class Level(StrEnum):
    FELONY = "felony"
    MISDEMEANOR = "misdemeanor"
    INFRACTION = "infraction"


class Disposition(StrEnum):
    """How the conviction arose."""

    GUILTY_PLEA = "guilty_plea"
    NO_CONTEST_PLEA = "no_contest_plea"
    TRIAL_VERDICT = "trial_verdict"
    DEFERRED_ENTRY_OF_JUDGMENT = "deferred_entry_of_judgment"


PLEA_DISPOSITIONS = frozenset(
    {Disposition.GUILTY_PLEA, Disposition.NO_CONTEST_PLEA, Disposition.DEFERRED_ENTRY_OF_JUDGMENT}
)


class ProbationKind(StrEnum):
    SUMMARY = "summary"
    FORMAL = "formal"


class SentenceImposition(StrEnum):
    """How the court dealt with the sentence: suspended its imposition, imposed it and suspended
    its execution, or imposed it outright (immigration law counts a suspended term as imposed)."""

    IMPOSITION_SUSPENDED = "imposition_suspended"
    EXECUTION_SUSPENDED = "execution_suspended"
    IMPOSED = "imposed"


class LaterReliefKind(StrEnum):
    EXPUNGEMENT_1203_4 = "expungement_1203_4"
    DEJ_COMPLETED = "dej_completed"
    DISMISSAL = "dismissal"
    OTHER = "other"


class ConsequenceCategory(StrEnum):
    """Immigration-consequence categories (domain brief § 5)."""

    CIMT = "cimt"
    CONTROLLED_SUBSTANCE = "controlled_substance"
    AGGRAVATED_FELONY = "aggravated_felony"
    DOMESTIC_VIOLENCE = "domestic_violence"
    FIREARMS = "firearms"
    OTHER = "other"


class ProceedingsStatus(StrEnum):
    NONE = "none"
    PENDING = "pending"
    REMOVAL_ORDERED = "removal_ordered"
    REMOVED = "removed"
    TERMINATED = "terminated"
    OTHER = "other"


class ErrorTheory(StrEnum):
    """The (a)(1) error theories a motion can plead, alone or together."""

    NO_ADVICE = "no_advice"
    WRONG_ADVICE = "wrong_advice"
    INCOMPLETE_ADVICE = "incomplete_advice"
    GENERIC_MAY_WARNING_ONLY = "generic_may_warning_only"
    NO_SAFE_DISPOSITION_SOUGHT = "no_safe_disposition_sought"
    OWN_MISUNDERSTANDING = "own_misunderstanding"
    INTERPRETER_PROBLEMS = "interpreter_problems"


class ContactMeans(StrEnum):
    """How filing counsel reached out to prior counsel or an office that keeps the file."""

    LETTER = "letter"
    EMAIL = "email"
    TELEPHONE = "telephone"
    TELEPHONE_MESSAGE = "telephone_message"
    MEETING = "meeting"
    IN_PERSON = "in_person"
    OTHER = "other"


class AdviceKind(StrEnum):
    """What defense counsel said about immigration, in kind (the papers' wording follows it)."""

    NONE = "none"
    DISCLAIMED = "disclaimed"
    DEFERRED = "deferred"
    WRONG = "wrong"
    INCOMPLETE = "incomplete"


class CourtAdvisement(StrEnum):
    """What the court said about immigration at the plea (Pen. Code § 1016.5)."""

    NONE = "none"
    GENERIC_MAY = "generic_may"
    VERBATIM_SB281 = "verbatim_sb281"
    UNKNOWN = "unknown"


class Choice(StrEnum):
    """What the moving party would have done had they understood the consequences."""

    GO_TO_TRIAL = "go_to_trial"
    SEEK_IMMIGRATION_SAFE_DISPOSITION = "seek_immigration_safe_disposition"
    OTHER = "other"


class RjaViolation(StrEnum):
    """Pen. Code § 745(a)(1)-(4)."""

    BIAS_SHOWN = "745_a_1"
    DISCRIMINATORY_LANGUAGE = "745_a_2"
    CHARGING_DISPARITY = "745_a_3"
    SENTENCING_DISPARITY = "745_a_4"


class PresenceReason(StrEnum):
    DETAINED = "detained"
    REMOVED = "removed"
    ABROAD = "abroad"
    OTHER = "other"


class DeclarationKind(StrEnum):
    MOVING_PARTY = "moving_party"
    FILING_COUNSEL = "filing_counsel"
    PRIOR_COUNSEL = "prior_counsel"
    IMMIGRATION_EXPERT = "immigration_expert"
    OTHER = "other"


class Support(StrEnum):
    """What an exhibit proves."""

    TIES = "ties"
    PRIORITIES = "priorities"
    CONTEMPORANEOUS = "contemporaneous"
    CONVICTION_RECORD = "conviction_record"
    CUSTODY_ENDED = "custody_ended"
    IMMIGRATION_NOTICE = "immigration_notice"
    SAFE_ALTERNATIVE = "safe_alternative"
    NEW_EVIDENCE = "new_evidence"
    RJA_VIOLATION = "rja_violation"
    OTHER = "other"


class ServiceMethod(StrEnum):
    MAIL = "mail"
    PERSONAL = "personal"
    ELECTRONIC = "electronic"


class AddressKind(StrEnum):
    """Which address a proof of service gives for the server (Code Civ. Proc. § 1013a)."""

    BUSINESS = "business"
    RESIDENCE = "residence"


# --- plain-language labels ---------------------------------------------------------------------
# What a person filling the case file sees for each choice (the `assembler edit` form, the JSON
# Schema's enumDescriptions for editors). The value stays what the file holds; a test checks that
# every member of every vocabulary has a label here, or is readable as it is (counties).

LABELS: dict[type[StrEnum], dict[str, str]] = {
    Pronouns: {"he": "he / him", "she": "she / her", "they": "they / them"},
    Honorific: {"Mr.": "Mr.", "Ms.": "Ms.", "Mrs.": "Mrs.", "Mx.": "Mx.", "Dr.": "Dr."},
    ImmigrationStatus: {
        "lpr": "Lawful permanent resident (green card)",
        "daca": "DACA recipient",
        "daca_lapsed": "Had DACA, which has lapsed or ended",
        "visa": "On a visa (nonimmigrant)",
        "undocumented": "Undocumented",
        "other": "Other (say which in the detail field)",
    },
    FamilyStatus: {
        "us_citizen": "U.S. citizen",
        "lpr": "Lawful permanent resident",
        "daca": "DACA recipient",
        "visa": "On a visa",
        "undocumented": "Undocumented",
        "other": "Other",
        "unknown": "Not known",
    },
    County: {county.value: f"{county.value} County" for county in County},
    CounselKind: {
        "public_defender": "Public defender",
        "appointed": "Appointed counsel (panel or conflict attorney)",
        "retained": "Retained (privately paid) attorney",
        "unknown": "Not known",
    },
    AgencyKind: {"district_attorney": "District Attorney", "city_attorney": "City Attorney"},
    CodeName: {
        "Pen. Code": "Penal Code",
        "Health & Saf. Code": "Health and Safety Code",
        "Veh. Code": "Vehicle Code",
        "Bus. & Prof. Code": "Business and Professions Code",
        "Welf. & Inst. Code": "Welfare and Institutions Code",
        "Fish & G. Code": "Fish and Game Code",
        "Gov. Code": "Government Code",
        "Mun. Code": "Municipal Code",
    },
    Level: {"felony": "Felony", "misdemeanor": "Misdemeanor", "infraction": "Infraction"},
    Disposition: {
        "guilty_plea": "Guilty plea",
        "no_contest_plea": "No contest plea",
        "trial_verdict": "Verdict after trial",
        "deferred_entry_of_judgment": "Deferred entry of judgment (DEJ) plea",
    },
    ProbationKind: {
        "summary": "Summary (informal) probation",
        "formal": "Formal probation",
    },
    SentenceImposition: {
        "imposition_suspended": "Imposition of sentence suspended (probation granted)",
        "execution_suspended": "Sentence imposed, its execution suspended",
        "imposed": "Sentence imposed (not suspended)",
    },
    LaterReliefKind: {
        "expungement_1203_4": "Expungement (Pen. Code § 1203.4)",
        "dej_completed": "DEJ program completed",
        "dismissal": "Dismissal",
        "other": "Other",
    },
    ConsequenceCategory: {
        "cimt": "Crime involving moral turpitude",
        "controlled_substance": "Controlled-substance offense",
        "aggravated_felony": "Aggravated felony",
        "domestic_violence": "Domestic violence",
        "firearms": "Firearms offense",
        "other": "Other (describe it)",
    },
    ProceedingsStatus: {
        "none": "No removal proceedings",
        "pending": "Removal proceedings pending",
        "removal_ordered": "Removal ordered",
        "removed": "Already removed (deported)",
        "terminated": "Proceedings terminated",
        "other": "Other",
    },
    ErrorTheory: {
        "no_advice": "Counsel gave no immigration advice",
        "wrong_advice": "Counsel gave wrong immigration advice",
        "incomplete_advice": "Counsel's advice was incomplete",
        "generic_may_warning_only": "Only a generic 'may have consequences' warning",
        "no_safe_disposition_sought": "Counsel did not seek an immigration-safe plea",
        "own_misunderstanding": "The client misunderstood the consequences",
        "interpreter_problems": "Interpreter problems",
    },
    AdviceKind: {
        "none": "Counsel said nothing about immigration",
        "disclaimed": "Counsel disclaimed the subject (e.g. 'not my field')",
        "deferred": "Counsel put the question off until after the decision",
        "wrong": "Counsel gave wrong advice",
        "incomplete": "Counsel's advice was incomplete",
    },
    CourtAdvisement: {
        "none": "The court gave no advisement",
        "generic_may": "A generic 'may have consequences' advisement",
        "verbatim_sb281": "The advisement in the words SB 281 requires",
        "unknown": "Not known",
    },
    Choice: {
        "go_to_trial": "Gone to trial",
        "seek_immigration_safe_disposition": "Sought an immigration-safe plea",
        "other": "Something else (explain)",
    },
    RjaViolation: {
        "745_a_1": "§ 745(a)(1): bias shown by a judge, attorney, officer, expert or juror",
        "745_a_2": "§ 745(a)(2): discriminatory language in the case",
        "745_a_3": "§ 745(a)(3): disparity in charging or convictions",
        "745_a_4": "§ 745(a)(4): disparity in sentencing",
    },
    PresenceReason: {
        "detained": "In immigration detention",
        "removed": "Removed (deported)",
        "abroad": "Living abroad",
        "other": "Other reason",
    },
    DeclarationKind: {
        "moving_party": "The client (moving party)",
        "filing_counsel": "The filing attorney",
        "prior_counsel": "The plea attorney (prior counsel)",
        "immigration_expert": "An immigration expert",
        "other": "Someone else (family member, interpreter ...)",
    },
    Support: {
        "ties": "Ties to the United States",
        "priorities": "The client's priorities at the plea",
        "contemporaneous": "Evidence from the time of the plea",
        "conviction_record": "The conviction record",
        "custody_ended": "That custody has ended",
        "immigration_notice": "The immigration notice (NTA, denial)",
        "safe_alternative": "An immigration-safe alternative",
        "new_evidence": "New evidence of innocence",
        "rja_violation": "A Racial Justice Act violation",
        "other": "Something else",
    },
    ServiceMethod: {
        "mail": "By mail",
        "personal": "By personal delivery",
        "electronic": "By e-mail (electronic service)",
    },
    AddressKind: {"business": "Business address", "residence": "Residence address"},
    ContactMeans: {
        "letter": "Letter (I wrote to ...)",
        "email": "E-mail (I e-mailed ...)",
        "telephone": "Telephone call (I telephoned ...)",
        "telephone_message": "Telephone message (I left a telephone message for ...)",
        "meeting": "Meeting (I met with ...)",
        "in_person": "Visit (I went in person to ...)",
        "other": "Something else (say what in 'method')",
    },
}


def label(member: StrEnum) -> str:
    """The plain-language label of a choice (the value itself when none is written)."""
    return LABELS.get(type(member), {}).get(member.value, member.value)
