"""The decisions of legal review 2 (section J): each fires on the record variant it guards, is a
warning while drafting and an error for a final build, and is silent once the fact is given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler.build import CaseInvalid, load_for_build
from assembler.cli import main
from assembler.errors import Problem, Severity
from assembler.rules import check_data
from tests.support import SAMPLES, find, problems_of

TRIAL = SAMPLES / "02-trial-conviction-ab1259.json"
ONE_YEAR = SAMPLES / "04-dv-365-days-detained.json"


def sample(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def only(problems: list[Problem], code: str, path: str) -> Problem:
    [problem] = find(problems, code, path)
    return problem


def assert_draft_warning_final_error(data: dict[str, Any], code: str, path: str) -> Problem:
    """The problem is a warning in a plain check and an error in a final one."""
    draft = only(problems_of(data), code, path)
    assert draft.severity is Severity.WARNING and draft.blocks_final
    assert "--final build refuses" in draft.message
    assert only(check_data(data, final=True), code, path).severity is Severity.ERROR
    return draft


# --- the mechanism ------------------------------------------------------------------------------


def test_final_validate_turns_an_open_decision_into_an_error(tmp_path: Path) -> None:
    data = sample(TRIAL)
    del data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(main, ["validate", "--final", str(path)])
    assert result.exit_code == 1
    assert "error    grounds.a1.safe_alternative.immigration_neutral:" in result.output


def test_final_build_refuses_an_open_decision_that_a_default_build_accepts(
    tmp_path: Path,
) -> None:
    data = sample(TRIAL)
    del data["grounds"]["a1"]["safe_alternative"]["people_offered"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    load_for_build(path, draft=False)  # a default build (DRAFT: FOR ATTORNEY REVIEW) goes on
    with pytest.raises(CaseInvalid) as refused:
        load_for_build(path, draft=False, final=True)
    assert find(refused.value.problems, "a1.people_offered")


def test_bundled_samples_leave_no_decision_open() -> None:
    for path in sorted(SAMPLES.glob("[0-9][0-9]-*.json")):
        assert not [p.code for p in problems_of(sample(path)) if p.blocks_final], path.name


# --- A1: what counsel said ----------------------------------------------------------------------


def test_advice_kind_must_be_decided(case: dict[str, Any]) -> None:
    del case["grounds"]["a1"]["advice_kind"]
    problem = assert_draft_warning_final_error(case, "a1.advice_kind", "grounds.a1.advice_kind")
    assert "none, disclaimed, deferred, wrong or incomplete" in problem.message


def test_advice_kind_given_is_silent(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["advice_kind"] = "disclaimed"
    assert not find(problems_of(case), "a1.advice_kind")


# --- J1: a verdict and a safe alternative: was it offered? -------------------------------------


def test_verdict_with_alternative_needs_people_offered() -> None:
    data = sample(TRIAL)
    del data["grounds"]["a1"]["safe_alternative"]["people_offered"]
    problem = assert_draft_warning_final_error(
        data, "a1.people_offered", "grounds.a1.safe_alternative.people_offered"
    )
    assert "verdict after trial" in problem.message
    assert problem.reason and "Lafler" in problem.reason and "plea test" in problem.reason


@pytest.mark.parametrize("offered", [True, False])
def test_verdict_with_people_offered_set_either_way_is_silent(offered: bool) -> None:
    data = sample(TRIAL)
    data["grounds"]["a1"]["safe_alternative"]["people_offered"] = offered
    assert not find(problems_of(data), "a1.people_offered")


def test_plea_case_whose_alternative_speaks_of_an_offer_needs_the_flag(
    case: dict[str, Any],
) -> None:
    case["grounds"]["a1"]["safe_alternative"]["sentence"] = "summary probation, as offered"
    problem = assert_draft_warning_final_error(
        case, "a1.people_offered", "grounds.a1.safe_alternative.people_offered"
    )
    assert "speaks of an offer" in problem.message


def test_plea_case_whose_explanation_tells_the_office_practice_is_silent(
    case: dict[str, Any],
) -> None:
    # sample 01: "the District Attorney offered trespass pleas in comparable shoplifting cases"
    # is the office's practice (what made the plea available), not an offer to this client
    alternative = case["grounds"]["a1"]["safe_alternative"]
    alternative["explanation"] += " " + alternative.pop("availability")
    assert "offered" in alternative["explanation"]
    assert not find(problems_of(case), "a1.people_offered")


def test_an_offer_made_needs_its_terms_and_date() -> None:
    data = sample(TRIAL)
    del data["grounds"]["a1"]["safe_alternative"]["offer_terms"]
    problem = only(problems_of(data), "a1.offer_terms", "grounds.a1.safe_alternative.offer_terms")
    assert problem.severity is Severity.WARNING and not problem.blocks_final
    assert not find(problems_of(sample(TRIAL)), "a1.offer_terms")


# --- J2: one day changes the result -------------------------------------------------------------


def one_year_unpleaded() -> dict[str, Any]:
    """Sample 04 (365 days, an aggravated felony by term) without its alternative sentence."""
    data = sample(ONE_YEAR)
    del data["relief"]["alternative_sentence"]
    del data["relief"]["alternative_sentence_reason"]
    return data


def test_one_year_term_aggravated_felony_without_alternative_sentence() -> None:
    problem = assert_draft_warning_final_error(
        one_year_unpleaded(), "relief.alternative_sentence", "relief.alternative_sentence"
    )
    assert "one day shorter" in problem.message
    assert problem.reason and "'conviction or sentence'" in problem.reason


def test_alternative_sentence_pleaded_is_silent_and_asks_its_reason() -> None:
    data = one_year_unpleaded()
    data["relief"]["alternative_sentence"] = "364 days in county jail as the condition"
    problems = problems_of(data)
    assert not find(problems, "relief.alternative_sentence")
    reason = only(
        problems, "relief.alternative_sentence_reason", "relief.alternative_sentence_reason"
    )
    assert not reason.blocks_final
    data["relief"]["alternative_sentence_reason"] = "The Court adopted the recommendation."
    assert not find(problems_of(data), "relief.alternative_sentence_reason")


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("criminal_case", "counts", 0, "sentence", "jail_days"), 364),
        (("immigration", "consequences", 0, "turns_on_term"), False),
        (("immigration", "consequences", 0, "categories"), ["domestic_violence"]),
    ],
)
def test_no_one_year_line_no_alternative_sentence_asked(
    where: tuple[str | int, ...], value: object
) -> None:
    data = one_year_unpleaded()
    target: Any = data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    assert not find(problems_of(data), "relief.alternative_sentence")


def test_one_year_term_when_unsure_whether_it_turns_on_the_term() -> None:
    data = one_year_unpleaded()
    del data["immigration"]["consequences"][0]["turns_on_term"]
    problem = only(problems_of(data), "relief.alternative_sentence", "relief.alternative_sentence")
    assert "answer no to whether the consequence turns on the term" in problem.message


def test_a_suspended_one_year_term_counts_as_imposed() -> None:
    data = one_year_unpleaded()
    sentence = data["criminal_case"]["counts"][0]["sentence"]
    sentence["jail_days"] = 180
    sentence["suspended_term_days"] = 365
    assert find(problems_of(data), "relief.alternative_sentence")


# --- J3: neutral or not --------------------------------------------------------------------------


def test_safe_alternative_without_immigration_neutral(case: dict[str, Any]) -> None:
    del case["grounds"]["a1"]["safe_alternative"]["immigration_neutral"]
    problem = assert_draft_warning_final_error(
        case, "a1.immigration_neutral", "grounds.a1.safe_alternative.immigration_neutral"
    )
    assert problem.reason and "avoided or reduced" in problem.reason


def test_immigration_neutral_false_is_a_decision_too(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["safe_alternative"]["immigration_neutral"] = False
    assert not find(problems_of(case), "a1.immigration_neutral")


# --- J4: a plea dismissed under § 1203.4 is still withdrawn ---------------------------------------


def test_withdraw_plea_false_after_1203_4(case: dict[str, Any]) -> None:
    # sample 01: two plea counts, both dismissed under § 1203.4
    case["relief"]["withdraw_plea"] = False
    problem = assert_draft_warning_final_error(
        case, "relief.withdraw_after_1203_4", "relief.withdraw_plea"
    )
    assert "1203.4" in problem.message and problem.reason and "rehabilitative" in problem.reason


def test_withdraw_plea_true_after_1203_4_is_silent(case: dict[str, Any]) -> None:
    assert case["relief"]["withdraw_plea"] is True
    assert not find(problems_of(case), "relief.withdraw_after_1203_4")


def test_1203_4_order_on_another_count_is_silent(case: dict[str, Any]) -> None:
    case["relief"]["withdraw_plea"] = False
    case["relief"]["vacate_counts"] = [1]
    case["criminal_case"]["later_relief"][0]["counts"] = [2]
    assert not find(problems_of(case), "relief.withdraw_after_1203_4")


# --- J5: a plea before section 1016.3 ------------------------------------------------------------


def test_pre_2016_plea_with_no_safe_disposition_theory_is_an_informational_warning(
    case: dict[str, Any],
) -> None:
    case["grounds"]["a1"]["error_theories"].append("no_safe_disposition_sought")
    problem = only(problems_of(case), "a1.pre_2016_duty", "grounds.a1.error_theories")
    assert problem.severity is Severity.WARNING and not problem.blocks_final
    assert problem.reason and "Bautista" in problem.reason and "Barocio" in problem.reason


def test_plea_on_the_day_1016_3_took_effect_is_silent(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["error_theories"].append("no_safe_disposition_sought")
    for count in case["criminal_case"]["counts"]:
        count["plea_or_verdict_date"] = "2016-01-01"
        count["sentence_date"] = "2016-01-01"
    assert not find(problems_of(case), "a1.pre_2016_duty")


# --- J6: never admitted, and charged as present without admission ---------------------------------


def never_admitted(case: dict[str, Any]) -> dict[str, Any]:
    party = case["moving_party"]
    party["immigration_status"] = "undocumented"
    party["entry"] = {"date": "1988-08-02", "age_at_arrival": 9, "admitted": False}
    return case


def test_never_admitted_charged_with_ewi_names_the_relief_barred(case: dict[str, Any]) -> None:
    never_admitted(case)["immigration"]["nta_charges_ewi"] = True
    problem = assert_draft_warning_final_error(
        case, "immigration.relief_barred", "immigration.relief_barred"
    )
    assert "adjustment of status" in problem.message
    case["immigration"]["relief_barred"] = "adjustment of status"
    assert not find(problems_of(case), "immigration.relief_barred")


def test_never_admitted_with_a_notice_to_appear_is_asked_about_ewi(case: dict[str, Any]) -> None:
    problem = only(
        problems_of(never_admitted(case)),
        "immigration.nta_charges_ewi",
        "immigration.nta_charges_ewi",
    )
    assert problem.severity is Severity.WARNING and not problem.blocks_final


def test_admitted_client_is_never_asked_about_ewi(case: dict[str, Any]) -> None:
    case["immigration"]["nta_charges_ewi"] = True
    problems = problems_of(case)
    assert not find(problems, "immigration.relief_barred")
    assert not find(problems, "immigration.nta_charges_ewi")


# --- no default branch asserts a fact: the method of service -------------------------------------


def test_unset_service_method_says_the_draft_prints_a_gap(case: dict[str, Any]) -> None:
    del case["service"]["method"]
    problem = only(problems_of(case), "required.missing", "service.method")
    assert problem.reason and "a draft prints a gap" in problem.reason
