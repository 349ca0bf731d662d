"""Issue 23 section 3 and legal review 2, H1, in the prejudice argument, the relief, the
conclusion and the proposed orders: a fact is stated in full once in a paper, then referred to
("as set out above", "the alternative sentence", "the sentence stated in paragraph 3").

Each test builds a sample, or a variant of one, and reads the papers' text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support import draft_papers, sample_data, sample_variant


def _memo(data: dict[str, Any]) -> str:
    return draft_papers(data)["notice-of-motion"]


# --- the prejudice argument after a trial ---------------------------------------------------


def test_after_a_rejected_offer_what_the_party_would_have_done_is_argued_once() -> None:
    for prefix in ("02", "10"):
        data = sample_data(prefix)
        explanation = " ".join(data["grounds"]["a1"]["would_have_explanation"].split())
        memo = _memo(data)
        assert memo.count(explanation) == 1, prefix
        # the rejected-offer element carries it; the Vivar factor refers to it
        element = memo.index("would have accepted the offer. " + explanation[:40])
        reference = memo.index(
            "What he would have done. As set out above, he would have accepted the People's offer."
        )
        assert element < reference, prefix


def test_after_a_trial_without_an_offer_the_factor_states_what_the_party_would_have_done() -> None:
    def no_offer(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["safe_alternative"]["people_offered"] = False

    data = sample_variant("02", no_offer)
    explanation = " ".join(data["grounds"]["a1"]["would_have_explanation"].split())
    memo = _memo(data)
    assert memo.count(explanation) == 1
    assert "What he would have done. " + explanation[:40] in memo
    assert "As set out above, he would have accepted" not in memo


# --- the alternative sentence -----------------------------------------------------------------


def _alternative(data: dict[str, Any]) -> str:
    return " ".join(data["relief"]["alternative_sentence"].split())


def test_the_memorandum_states_the_alternative_sentence_once_and_names_it_after() -> None:
    for prefix in ("02", "04", "10"):
        data = sample_data(prefix)
        memo = _memo(data)
        relief = memo[memo.index("In the alternative, if the Court does not vacate") :]
        alternative = _alternative(data)
        # in full twice in the paper: what the notice of motion asks, and the memorandum's relief
        assert memo.count(alternative) == 2, prefix
        assert relief.count(alternative) == 1, prefix
        assert "it should vacate the sentence and resentence" in relief
        assert "the Court would have imposed the alternative sentence." in relief, prefix
        conclusion = relief[relief.index("CONCLUSION") :]
        assert alternative not in conclusion, prefix
        assert (
            "in the alternative, vacate the sentence and resentence him to the sentence "
            "proposed above" in conclusion
        ), prefix


def test_order_b_states_the_alternative_sentence_only_where_it_resentences() -> None:
    for prefix in ("02", "04", "10"):
        data = sample_data(prefix)
        order = draft_papers(data)["proposed-order-sentence"]
        alternative = _alternative(data)
        assert order.count(alternative) == 1, prefix
        assert (
            "3. The moving party is resentenced, as of ____________________, to " + alternative
            in (order)
        ), prefix
        assert "the Court would have imposed " + alternative not in order, prefix


def test_order_b_names_the_sentence_of_paragraph_3_when_counsel_never_asked_for_it() -> None:
    order = draft_papers(sample_data("02"))["proposed-order-sentence"]
    assert "and did not ask for the sentence stated in paragraph 3. There is a reasonable " in order
    assert "the Court would have imposed that sentence." in order

    def advice_only(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["error_theories"] = ["no_advice"]

    order = draft_papers(sample_variant("02", advice_only))["proposed-order-sentence"]
    assert "did not ask for" not in order
    assert "the Court would have imposed the sentence stated in paragraph 3." in order


# --- the proposed order's consequences, count by count -----------------------------------------


def _basis(order: str) -> str:
    """Paragraph 2 of the proposed order (the basis of the finding)."""
    start = order.index("2. The basis for")
    return order[start : order.index(" 3. ", start)]


def test_counts_with_the_same_consequence_are_one_finding_in_the_order() -> None:
    for prefix, label in (
        ("01", "a crime involving moral turpitude"),
        ("09", "a controlled substance offense"),
    ):
        basis = _basis(draft_papers(sample_data(prefix))["proposed-order"])
        assert (
            f"For immigration purposes, the convictions on Counts 1 and 2 are each {label}, "
            "which brings the moving party within INA § 2" in basis
        ), prefix
        assert basis.count(label) == 1, prefix
        assert "the conviction on Count 2" not in basis, prefix


def test_a_count_with_another_consequence_is_its_own_finding_in_the_order() -> None:
    def second_count(data: dict[str, Any]) -> None:
        counts = data["criminal_case"]["counts"]
        counts.append(
            {
                **{
                    k: counts[0][k] for k in ("disposition", "offense_date", "plea_or_verdict_date")
                },
                "number": 2,
                "code": "Pen. Code",
                "section": "484(a)",
                "description": "petty theft",
                "level": "misdemeanor",
            }
        )
        data["relief"]["vacate_counts"] = [1, 2]
        data["immigration"]["consequences"][0]["categories"] = ["firearms", "cimt"]
        data["immigration"]["consequences"].append(
            {"count": 2, "categories": ["cimt"], "explanation": "Petty theft is a CIMT."}
        )

    basis = _basis(draft_papers(sample_variant("08", second_count))["proposed-order"])
    # Count 1 has a consequence Count 2 lacks: it is its own finding; the consequence both have
    # is one finding for both, and the moving party is "him" after the first mention
    assert (
        "For immigration purposes, the conviction on Count 1 is a firearms offense, which brings "
        "the moving party within INA § 237(a)(2)(C), 8 U.S.C. § 1227(a)(2)(C) (deportability); "
        "the convictions on Counts 1 and 2 are each a crime involving moral turpitude, which "
        "brings him within INA § 237(a)(2)(A)(ii)" in basis
    )
    assert basis.count("which brings the moving party within") == 1


def test_no_advice_and_the_peoples_offer_are_two_findings_in_different_words() -> None:
    def offered(data: dict[str, Any]) -> None:
        a1 = data["grounds"]["a1"]
        a1["error_theories"] = ["no_advice"]
        a1["advice_kind"] = "none"
        a1["safe_alternative"]["people_offered"] = True
        a1["safe_alternative"]["offer_date"] = "2015-12-01"

    basis = _basis(draft_papers(sample_variant("04", offered))["proposed-order"])
    assert (
        "Defense counsel did not advise the moving party, a lawful permanent resident, of" in basis
    )
    assert (
        "Counsel did not tell the moving party that the People's offer of December 1, 2015, would "
        "have" in basis
    )
    assert basis.count("did not advise the moving party") == 1


# --- the presumption after completed deferred entry of judgment --------------------------------


def test_the_presumption_applies_the_dej_facts_without_restating_them() -> None:
    memo = _memo(sample_data("03"))
    start = memo.index("The conviction is presumed legally invalid")
    presumption = memo[start : memo.index("The People cannot rebut the presumption", start)]
    # the statute's promise is the element's own words, referred to; the dismissal's date is the
    # statement of facts'
    assert "under former Penal Code section 1000, which made that promise as to the arrest." in (
        presumption
    )
    assert presumption.count("deemed never to have occurred") == 1
    assert "He completed the program, and the charge was dismissed." in presumption
    assert "July 16, 2013" not in presumption
    facts = memo[: memo.index("ARGUMENT")]
    assert (
        "completed the deferred-entry program, and the charge was dismissed on July 16, 2013"
        in (facts)
    )


# --- the proof of service: the method once, for the prosecuting agency -------------------------


def test_service_on_the_officers_agency_refers_to_the_method_stated_for_the_prosecutor() -> None:
    def method(name: str) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["service"]["method"] = name
            for agency in data["grounds"]["a3"]["employing_agencies"]:
                agency["email"] = "records@bolsagrande.example.gov"

        return change

    for name, once, agency in (
        (
            "mail",
            "with first-class postage fully prepaid",
            "by mail (Code Civ. Proc., § 1013a), in the manner stated above, in a sealed envelope "
            "addressed to the Bolsa Grande Police Department at 8200 Example Bolsa Avenue",
        ),
        (
            "personal",
            "leaving them with the clerk or other person in charge of the office",
            "by personal delivery (Code Civ. Proc., § 1011), in the manner stated above, at the "
            "office of the Bolsa Grande Police Department at 8200 Example Bolsa Avenue",
        ),
        (
            "electronic",
            "as electronic files from my electronic service address",
            "by electronic service (Code Civ. Proc., § 1010.6), in the manner stated above, to the "
            "agency's electronic service address, records@bolsagrande.example.gov; I received no "
            "indication that the transmission to it was unsuccessful.",
        ),
    ):
        proof = draft_papers(sample_variant("07", method(name)))["proof-of-service"]
        assert proof.count(once) == 1, name
        assert agency in proof, name


# --- the notice to prior counsel ---------------------------------------------------------------


def test_the_notice_to_prior_counsel_names_the_consequences_once() -> None:
    def theories(*names: str) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["grounds"]["a1"]["error_theories"] = list(names)

        return change

    for names, contention in (
        (
            ("wrong_advice", "incomplete_advice"),
            "it contends that you gave him incorrect and incomplete advice about the immigration "
            "consequences of the convictions.",
        ),
        (
            ("no_advice", "incomplete_advice"),
            "it contends that you did not advise him of the immigration consequences of the "
            "convictions and gave him incomplete advice about them.",
        ),
    ):
        notice = draft_papers(sample_variant("09", theories(*names)))["notice-to-prior-counsel"]
        assert contention in notice, names
        assert notice.count("the immigration consequences of the convictions") == 1, names


def test_the_argument_names_the_alternative_sentence_it_faults_counsel_for_not_seeking() -> None:
    for prefix in ("02", "10"):
        memo = _memo(sample_data(prefix))
        assert (
            "After the verdict, counsel did not ask for the alternative sentence that the motion "
            "proposes." in memo
        ), prefix
        assert "and after the verdict did not ask for the alternative sentence." in memo, prefix
