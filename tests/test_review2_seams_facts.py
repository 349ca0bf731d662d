"""Issue 23 section 3 and legal review 2, G5/G6, in the statement of facts, the error argument,
the removal grounds and the declarations: a fact of the record is stated in full once, in the
statement of facts with its record cite, and the argument refers back to it ("set out above");
a removal ground is cited without parentheses inside parentheses; a declarant's family is told
once, grouped.

Each test builds a sample, or a variant of one, and reads the papers' text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.support import draft_papers, sample_data, sample_variant


def _memo(data: dict[str, Any]) -> str:
    return draft_papers(data)["notice-of-motion"]


def _folded(text: str) -> str:
    return " ".join(text.split())


# --- the statement of facts carries the record; the argument refers to it ---------------------


def test_counsels_advice_is_stated_once_in_the_facts_with_its_record() -> None:
    data = sample_data("01")
    advice = _folded(data["grounds"]["a1"]["advice_received"])
    memo = _memo(data)
    assert memo.count(advice) == 1
    facts = memo[memo.index("STATEMENT OF FACTS") : memo.index("ARGUMENT")]
    assert advice + " (Ramírez Decl. ¶ 8; Ex. D.)" in facts
    assert "Counsel's advice to Mr. Ramírez is set out above (Ramírez Decl. ¶ 8; Ex. D)." in memo
    assert "The record shows what counsel said." not in memo


def test_with_no_advice_the_argument_refers_to_what_counsel_did_and_did_not_say() -> None:
    data = sample_data("02")
    memo = _memo(data)
    assert memo.count(_folded(data["grounds"]["a1"]["advice_received"])) == 1
    assert "What counsel said, and did not say, to Mr. Dizon is set out above (Dizon Decl." in memo


def test_the_1016_3_duty_is_stated_once_and_the_advice_argument_refers_to_it() -> None:
    memo = _memo(sample_data("09"))
    assert memo.count("accurate and affirmative advice") == 1
    assert "Section 1016.3, in force when Mr. Melnyk pleaded, made that duty statutory." in memo


def test_the_moving_partys_understanding_is_stated_once_with_its_record() -> None:
    data = sample_data("03")
    understanding = _folded(data["grounds"]["a1"]["client_understanding"])
    memo = _memo(data)
    assert memo.count(understanding) == 1
    assert "own account of what he understood, set out above (" in memo


def test_without_an_account_of_the_understanding_the_argument_still_says_what_was_not_known() -> (
    None
):
    data = sample_variant("03", lambda d: d["grounds"]["a1"].pop("client_understanding"))
    memo = _memo(data)
    assert "own account of what he understood is that evidence. He did not know what" in memo
    assert "set out above (" not in memo.split("own account of what he understood")[1][:40]


def test_the_interpreter_problems_are_stated_once_and_referred_to() -> None:
    data = sample_data("07")
    problems = _folded(data["grounds"]["a1"]["interpreter_problems"])
    memo = _memo(data)
    assert memo.count(problems) == 1
    assert "Because of the interpreting set out above, whatever was said about immigration" in memo


def test_without_interpreter_facts_the_argument_does_not_refer_to_them() -> None:
    data = sample_variant("07", lambda d: d["grounds"]["a1"].pop("interpreter_problems"))
    memo = _memo(data)
    assert "interpreting set out above" not in memo


def test_the_relief_a_never_admitted_client_lost_is_named_once_in_the_error_argument() -> None:
    memo = _memo(sample_data("05"))
    assert "she could have obtained adjustment of status through her U.S.-citizen husband" in memo
    assert "closing the route to the relief named above" in memo
    assert "closing the route to adjustment of status" not in memo


# --- removal grounds: no parentheses inside parentheses -----------------------------------------


def test_each_counts_removal_grounds_follow_its_consequence_outside_parentheses() -> None:
    memo = _memo(sample_data("04"))
    assert (
        "Count 1: an aggravated felony, which brings him within INA § 101(a)(43), 8 U.S.C. "
        "§ 1101(a)(43) (definition) and INA § 237(a)(2)(A)(iii), 8 U.S.C. § 1227(a)(2)(A)(iii) "
        "(deportability), and a crime of domestic violence, which brings him within INA § "
        "237(a)(2)(E), 8 U.S.C. § 1227(a)(2)(E) (deportability)." in memo
    )
    assert "(see INA" not in memo


def test_the_memo_expert_and_order_state_a_removal_ground_in_the_same_words() -> None:
    papers = draft_papers(sample_data("04"))
    ground = "within INA § 237(a)(2)(E), 8 U.S.C. § 1227(a)(2)(E) (deportability)"
    for slug in ("notice-of-motion", "declaration-of-immigration-expert", "proposed-order"):
        assert ground in papers[slug], slug


def test_a_charge_beside_presence_without_admission_names_its_ground_outside_parentheses() -> None:
    memo = _memo(sample_data("12"))
    assert (
        "charges it as an independent ground, under INA § 212(a)(2)(A)(i)(II), 8 U.S.C. § "
        "1182(a)(2)(A)(i)(II) (inadmissibility), and it bars adjustment of status" in memo
    )


# --- the declarant's family, grouped, in the first person --------------------------------------


def test_the_declarant_tells_children_who_share_a_status_together() -> None:
    text = draft_papers(sample_data("01"))["declaration-of-moving-party"]
    assert (
        "My family lives here. My wife is a U.S. citizen. My two children, ages 17 and 12, are "
        "both U.S. citizens. My mother, age 71, is a lawful permanent resident." in text
    )
    assert "years old and is" not in text


def test_the_declarant_tells_parents_together_and_names_a_named_member() -> None:
    text = draft_papers(sample_data("09"))["declaration-of-moving-party"]
    assert "My wife, Hanna Melnyk, is a U.S. citizen." in text
    assert "My parents, ages 57 and 60, are both lawful permanent residents." in text


def test_a_second_member_of_one_relationship_with_another_status_is_the_other_one() -> None:
    def change(data: dict[str, Any]) -> None:
        data["moving_party"]["ties"]["family"] = [
            {"relationship": "daughter", "status": "us_citizen", "age": 9},
            {"relationship": "daughter", "status": "daca", "age": 19},
            {"relationship": "brother"},
        ]

    text = draft_papers(sample_variant("01", change))["declaration-of-moving-party"]
    assert (
        "My daughter, age 9, is a U.S. citizen. My other daughter, age 19, has DACA. "
        "My brother lives here too." in text
    )


# --- the expert's opinion ------------------------------------------------------------------------


def test_the_vacatur_opinion_gives_one_reason_a_sentence() -> None:
    text = draft_papers(sample_data("03"))["declaration-of-immigration-expert"]
    assert (
        "If, as the motion asks, the court vacates the conviction on Count 1 (Health & Saf. Code, "
        "§ 11377, subd. (a)) as legally invalid, the conviction will in my opinion no longer "
        "count as a conviction for immigration purposes, because the vacatur rests on a defect"
        in text
    )
    assert "because it is legally invalid" not in text


def test_a_second_dismissal_is_added_without_restating_what_it_did_not_remove() -> None:
    def change(data: dict[str, Any]) -> None:
        data["criminal_case"]["later_relief"].append(
            {"kind": "expungement_1203_4", "date": "2016-03-01"}
        )

    text = draft_papers(sample_variant("03", change))["declaration-of-immigration-expert"]
    assert text.count("did not remove the immigration consequences described above") == 1
    assert "Nor did the dismissal under Penal Code section 1203.4 granted on March 1, 2016." in text


def test_an_alternative_opening_with_a_common_word_is_lower_case_after_the_colon() -> None:
    def change(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["safe_alternative"]["offense"] = (
            "Pretrial diversion under Pen. Code, § 1000"
        )

    text = draft_papers(sample_variant("10", change))["declaration-of-immigration-expert"]
    assert "was on offer: pretrial diversion under Pen. Code, § 1000." in text
    statute = draft_papers(sample_data("10"))["declaration-of-immigration-expert"]
    assert "was on offer: Pen. Code, § 496, subd. (a), as a misdemeanor." in statute


# --- the witness says who they are once -----------------------------------------------------------


def _witness(first: str) -> str:
    def change(data: dict[str, Any]) -> None:
        witness = next(d for d in data["declarations"] if d["kind"] == "other")
        witness["statements"][0] = first

    return draft_papers(sample_variant("01", change))["declaration-of-witness"]


def test_a_witness_who_opens_with_another_fact_still_says_who_they_are() -> None:
    text = _witness("I am a U.S. citizen. José Luis and I married in 2006.")
    assert "I am the wife of the moving party." in text
    assert "I am a U.S. citizen." in text


def test_a_witness_whose_first_statement_names_the_relationship_is_not_introduced_twice() -> None:
    text = _witness("I am José Luis's wife. We married in 2006.")
    assert "I am the wife of the moving party." not in text
    assert "I am José Luis's wife." in text


# --- counts of one day, told once ------------------------------------------------------------------


def test_a_second_count_of_the_same_day_is_told_without_restating_the_first() -> None:
    memo = _memo(sample_data("01"))
    assert (
        "The same day, on a plea of no contest, he was also convicted on Count 2 (Pen. Code, "
        "§ 490.5), petty theft from a merchant, a misdemeanor. On that count, the court granted "
        "him 36 months of summary probation and imposed a fine of $100.00." in memo
    )
    assert memo.count("On July 1, 2011, Mr. Ramírez was convicted") == 1


def test_the_declarant_gives_a_same_day_counts_sentence_without_restating_the_first() -> None:
    text = draft_papers(sample_data("01"))["declaration-of-moving-party"]
    assert "On that count, the sentence was the same probation and a fine of $100.00." in text
    text = draft_papers(sample_data("09"))["declaration-of-moving-party"]
    assert "On that count, the sentence was two days in county jail. That term, too, was" in text


def test_a_benefit_denial_that_opens_its_paragraph_names_the_conviction() -> None:
    memo = _memo(sample_data("05"))
    assert "The conviction has already caused the denial of her application" in memo
    assert "It has already caused" not in memo


def test_the_expert_names_the_barred_relief_once_then_refers_to_it() -> None:
    text = draft_papers(sample_data("12"))["declaration-of-immigration-expert"]
    assert text.count("adjustment of status through his U.S.-citizen wife") == 1
    assert "With the conviction vacated, Mr. Cruz may pursue that relief before the" in text


# --- the deferred-entry presumption ------------------------------------------------------------


def _two_dej_counts(data: dict[str, Any]) -> None:
    counts = data["criminal_case"]["counts"]
    second = json.loads(json.dumps(counts[0]))
    second["number"] = 2
    counts.append(second)
    data["relief"]["vacate_counts"] = [1, 2]


def test_two_deferred_entry_pleas_of_one_day_are_one_sentence_in_the_presumption() -> None:
    memo = _memo(sample_variant("03", _two_dej_counts))
    start = memo.index("Each element is met.")
    presumption = memo[start : start + 700]
    assert "Mr. Vang pleaded guilty to Count 1 (" in presumption
    assert ") and Count 2 (" in presumption
    assert presumption.count("for deferred entry of judgment") == 1
    assert "and the charges were dismissed. Yet the guilty pleas are being used" in presumption


# --- prior counsel's declaration -------------------------------------------------------------------


def _second_count(date: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        counts = data["criminal_case"]["counts"]
        second = json.loads(json.dumps(counts[0]))
        second["number"] = 2
        second["plea_or_verdict_date"] = date
        counts.append(second)
        data["relief"]["vacate_counts"] = [1, 2]

    return change


def test_prior_counsel_tells_a_second_plea_without_repeating_the_first_ones_frame() -> None:
    same = draft_papers(sample_variant("08", _second_count("2024-02-27")))[
        "declaration-of-prior-counsel"
    ]
    assert ", and his plea of no contest the same day to Count 2 (" in same
    assert same.count("when he entered his plea of no contest") == 1
    other = draft_papers(sample_variant("08", _second_count("2024-03-05")))[
        "declaration-of-prior-counsel"
    ]
    assert ", and when he pleaded no contest on March 5, 2024, to Count 2 (" in other


def test_prior_counsel_tells_a_second_verdict_of_the_same_trial_as_one_trial() -> None:
    def change(data: dict[str, Any]) -> None:
        _second_count("2024-02-27")(data)
        for count in data["criminal_case"]["counts"]:
            count["disposition"] = "trial_verdict"

    text = draft_papers(sample_variant("08", change))["declaration-of-prior-counsel"]
    assert text.count("at the trial that ended in the verdict of") == 1
    assert ", and on Count 2 (" in text


def test_with_no_advisement_the_argument_refers_to_the_facts_for_what_the_record_shows() -> None:
    def change(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["advisement"] = {
            "plea_form_warning": False,
            "court_advisement": "none",
            "details": "The plea form had no immigration paragraph, and the court gave none.",
        }

    memo = _memo(sample_variant("01", change))
    assert memo.count("The plea form had no immigration paragraph, and the court gave none.") == 1
    assert "What the record shows of the advisement is set out above." in memo
