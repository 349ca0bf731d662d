"""The moving party: who they are, their arrival, ties, language and custody."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Address, Model
from assembler.fields import (
    ANumber,
    Date,
    Flag,
    Integer,
    PartialDate,
    Prose,
    Text,
)
from assembler.vocabulary import (
    FamilyStatus,
    Honorific,
    ImmigrationStatus,
    Pronouns,
)


class Entry(Model):
    """Arrival in the United States: the baseline of the ties showing (Vivar)."""

    date: Date | None = Field(None, description="Date of first entry to the U.S.")
    age_at_arrival: Integer | None = Field(
        None, ge=0, le=120, description="Age at arrival, in years."
    )
    manner: Text | None = Field(None, description="How they came, e.g. 'with an immigrant visa'.")
    lpr_since: PartialDate | None = Field(
        None,
        description="When they became a permanent resident: the date, or only the month or the "
        "year when that is all that is known (the papers say 'since 2002').",
    )
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
    age: Integer | None = Field(
        None, ge=0, le=120, description="Age in years (children's ages show the ties)."
    )
    since_plea: Flag | None = Field(
        None,
        description="True when this tie began after the plea (a child born, a marriage since): "
        "the memorandum weighs the ties at the plea apart from those formed since. Left out, a "
        "member whose age shows a birth after the plea (given the plea's and the filing's dates) "
        "counts as since the plea; any other, as at the plea.",
    )


class Ties(Model):
    """Ties to the United States (Vivar; Espinoza)."""

    family: list[FamilyMember] = Field(default_factory=list)
    work: Prose | None = Field(None, description="Work history in the U.S.")
    school: Prose | None = Field(None, description="Schooling in the U.S.")
    community: Prose | None = Field(None, description="Church, volunteering, community roles.")
    other: Prose | None = None


class Language(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "primary": "a declarant who does not read English needs a translator's declaration "
        "(Evid. Code §§ 750-753)",
        "reads_english": "decides whether the declaration must be translated to the declarant",
    }

    primary: Text | None = Field(None, description="e.g. 'Spanish', 'Vietnamese', 'English'.")
    reads_english: Flag | None = Field(
        None,
        description="Whether the moving party reads English well enough to read their own declaration. If not, it is translated to them and the translator signs a declaration too.",
    )
    interpreter_at_plea: Flag | None = Field(
        None, description="Whether an interpreter was used at the plea."
    )


class ImmigrationDetention(Model):
    required_facts: ClassVar[Mapping[str, str]] = {
        "facility": "the request to proceed without personal presence names where they are held",
    }

    facility: Text | None = Field(None, description="Detention facility name.")
    location: Text | None = Field(None, description="City and state of the facility.")
    since: Date | None = Field(None, description="Date the detention began.")


class Custody(Model):
    """Custody today: a § 1473.7 motion is for a person no longer in criminal custody on the case."""

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
        "immigration_status": "the showing of an immigration consequence depends on the moving party's status",
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
    pronouns: Pronouns | None = Field(
        None, description="How the papers refer to the moving party: he, she or they."
    )
    date_of_birth: Date | None = Field(None, description="Date of birth.")
    a_number: ANumber | None = Field(
        None, description="Alien registration number, e.g. A012345678."
    )
    country_of_birth: Text | None = Field(None, description="Country of birth, e.g. 'Mexico'.")
    entry: Entry | None = None
    immigration_status: ImmigrationStatus | None = Field(
        None,
        description="Immigration status today; it decides which removal grounds the papers state.",
    )
    immigration_status_detail: Text | None = Field(
        None, description="Needed when status is 'visa' or 'other', e.g. 'H-1B', 'TPS'."
    )
    ties: Ties | None = None
    language: Language | None = None
    custody: Custody | None = None
    mailing_address: Address | None = Field(
        None, description="Required when self-represented: it goes on the first page."
    )
    phone: Text | None = Field(
        None, description="Phone number; on the first page when filing In Pro Per."
    )
    email: Text | None = Field(
        None,
        description="E-mail address; on the first page when filing In Pro Per, if there is one.",
    )
