"""The starter case file written by ``assembler new``: every section, placeholders that fail checks.

Placeholders are chosen so that each one fails validation until replaced: text says "FILL IN",
dates are "YYYY-MM-DD" (not a date), choices are "FILL IN" (not an allowed value), yes/no facts
are null (missing). Optional sections that only some cases need are present as null, so their
keys are visible to whoever fills the file.
"""

from __future__ import annotations

from typing import Any

from assembler.case import SCHEMA_VERSION

__all__ = ["DATE", "PLACEHOLDER", "is_placeholder", "starter_case", "without_placeholders"]

DATE = "YYYY-MM-DD"
PLACEHOLDER = "FILL IN"
"""How every placeholder of text and choices begins (the edit form shows them as hints)."""


def is_placeholder(value: object) -> bool:
    """Whether a value is placeholder text ("FILL IN: …", "YYYY-MM-DD"), not a fact."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text == DATE or text.upper().startswith(PLACEHOLDER)


def without_placeholders(data: Any) -> Any:
    """``data`` with every placeholder left out, as if the fact were not given: a key whose
    value is one goes, and so does a placeholder in a list (a list left empty goes with its
    key). Everything else is kept as it is."""
    if isinstance(data, dict):
        kept: dict[str, Any] = {}
        for key, value in data.items():
            if is_placeholder(value):
                continue
            bare = without_placeholders(value)
            if isinstance(value, list) and value and not bare:
                continue
            kept[key] = bare
        return kept
    if isinstance(data, list):
        return [without_placeholders(v) for v in data if not is_placeholder(v)]
    return data


def _fill(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def _address(whose: str) -> dict[str, Any]:
    return {
        "street": _fill(f"{whose} street and number"),
        "city": _fill("city"),
        "state": "CA",
        "postal_code": _fill("ZIP code"),
    }


def _account() -> dict[str, Any]:
    """The moving party's own account: each part in the first person, in their plain words."""
    return {
        "life": _fill(
            "in the first person: growing up, arrival and life here ('I grew up in ...')"
        ),
        "told": _fill(
            "in the first person: what my lawyer and the court told me about immigration, "
            "and what they did not"
        ),
        "understood": _fill("in the first person: what I understood would happen to my status"),
        "mattered": _fill("in the first person: what mattered most to me at the plea (or trial)"),
        "would_have": _fill(
            "in the first person: what I would have done had I known the consequences"
        ),
        "since": _fill("in the first person: how I learned of the consequences and what I did"),
    }


def starter_case(schema_ref: str | None) -> dict[str, Any]:
    """A case-file skeleton with every section present and every fact a placeholder."""
    case: dict[str, Any] = {}
    if schema_ref:
        case["$schema"] = schema_ref
    case |= {
        "schema_version": SCHEMA_VERSION,
        "filing_date": DATE,
        "moving_party": {
            "legal_name": _fill("full legal name as in the criminal case caption"),
            "surname": _fill("family name used with Mr./Ms."),
            "other_names": [],
            "honorific": _fill("Mr., Ms., Mrs., Mx. or Dr. (or delete this line)"),
            "pronouns": _fill("he, she or they"),
            "date_of_birth": DATE,
            "a_number": None,
            "country_of_birth": _fill("country of birth"),
            "entry": {"date": DATE, "age_at_arrival": None, "manner": None, "lpr_since": None},
            "immigration_status": _fill("lpr, daca, visa, undocumented or other"),
            "immigration_status_detail": None,
            "ties": {
                "family": [
                    {
                        "relationship": _fill("e.g. daughter"),
                        "status": _fill(
                            "us_citizen, lpr, daca, visa, undocumented, other, unknown"
                        ),
                        "age": None,
                    }
                ],
                "work": _fill("work history in the U.S."),
                "school": None,
                "community": None,
            },
            "language": {"primary": _fill("e.g. Spanish"), "reads_english": None},
            "custody": {
                "in_criminal_custody_on_this_case": None,
                "immigration_detention": None,
                "other_supervision": None,
            },
            "mailing_address": None,
        },
        "self_represented": False,
        "filing_counsel": {
            "name": _fill("attorney's name"),
            "state_bar_number": _fill("State Bar number"),
            "firm": None,
            "address": _address("office"),
            "phone": _fill("telephone"),
            "email": _fill("e-mail"),
            "attorney_for": "Defendant and Moving Party",
        },
        "prior_counsel": {
            "name": _fill("plea counsel's name"),
            "kind": _fill("public_defender, appointed, retained or unknown"),
            "office": None,
            "immigration_advice": _fill("what plea counsel said or did about immigration"),
            "declaration_available": False,
            "contact_efforts": [],
        },
        "court": {
            "county": _fill("county, e.g. Los Angeles"),
            "courthouse": None,
            "department": None,
            "judge": None,
        },
        "hearing": {"to_be_set": True},
        "criminal_case": {
            "case_number": _fill("criminal case number"),
            "prosecuting_agency": {
                "kind": _fill("district_attorney or city_attorney"),
                "name": _fill("e.g. Los Angeles County District Attorney"),
                "address": _address("agency"),
                "email": None,
            },
            "counts": [
                {
                    "number": 1,
                    "code": _fill("e.g. Pen. Code"),
                    "section": _fill("e.g. 484(a)"),
                    "description": _fill("e.g. petty theft"),
                    "level": _fill("felony, misdemeanor or infraction"),
                    "disposition": _fill(
                        "guilty_plea, no_contest_plea, trial_verdict or deferred_entry_of_judgment"
                    ),
                    "offense_date": DATE,
                    "plea_or_verdict_date": DATE,
                    "sentence_date": DATE,
                    "sentence": {
                        "imposition": None,
                        "jail_as_condition": None,
                        "probation_kind": None,
                        "probation_months": None,
                        "jail_days": None,
                    },
                }
            ],
            "custody_ended_on": DATE,
            "probation_ended_on": None,
            "later_relief": [],
        },
        "immigration": {
            "consequences": [
                {
                    "count": 1,
                    "categories": [
                        _fill(
                            "cimt, controlled_substance, aggravated_felony, domestic_violence, "
                            "firearms or other"
                        )
                    ],
                    "explanation": _fill("why this count has this consequence"),
                }
            ],
            "notice_to_appear_date": None,
            "proceedings_status": _fill(
                "none, pending, removal_ordered, removed, terminated, other"
            ),
            "final_removal_order_date": None,
            "benefit_denials": [],
        },
        "grounds": {
            "a1": {
                "error_theories": [
                    _fill(
                        "no_advice, wrong_advice, incomplete_advice, generic_may_warning_only, "
                        "no_safe_disposition_sought, own_misunderstanding, interpreter_problems"
                    )
                ],
                "advice_received": _fill("what defense counsel said about immigration"),
                "advice_kind": _fill("none, disclaimed, deferred, wrong or incomplete"),
                "client_understanding": _fill("what the moving party understood"),
                "advisement": {"plea_form_warning": None, "court_advisement": None},
                "priorities_at_plea": _fill("what mattered most to them at the plea"),
                "safe_alternative": None,
                "would_have": [_fill("go_to_trial, seek_immigration_safe_disposition or other")],
                "contemporaneous_evidence": [],
            },
            "a2": None,
            "a3": None,
        },
        "timeliness": {"diligence_narrative": None, "events": []},
        "relief": {
            "vacate_counts": [1],
            "withdraw_plea": True,
            "specific_iac_finding": False,
            "without_personal_presence": None,
        },
        "declarations": [
            {
                "kind": "moving_party",
                "account": _account(),
                "statements": [],
                "executed_on": None,
                "executed_at": None,
            },
            {"kind": "filing_counsel", "executed_on": None, "executed_at": None},
        ],
        "exhibits": [
            {
                "label": "A",
                "title": _fill("e.g. Felony complaint"),
                "supports": ["conviction_record"],
            }
        ],
        "service": {
            "method": _fill("mail, personal or electronic"),
            "server": {
                "name": _fill("name of the adult who serves"),
                "address": _address("server's"),
            },
            "date": None,
            "place": None,
        },
    }
    return case
