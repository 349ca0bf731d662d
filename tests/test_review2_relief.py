"""Legal review 2, the relief variants: what the notice asks, what the memorandum argues about
relief, and what the proposed orders say, decided by the case's facts (the rejected offer, the
§ 1203.4 path, the era of the plea or verdict, the alternative sentence).

Each test builds a sample, or a variant of one with its facts changed, and reads the papers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from assembler.assembly import Assembler
from assembler.document import Packet, SignatureBlock, SignatureKind
from assembler.loading import validate_data
from assembler.writers.text import render_document
from tests.support import SAMPLES


@cache
def _engine() -> Assembler:
    return Assembler.create()


def _data(prefix: str) -> dict[str, Any]:
    (path,) = SAMPLES.glob(f"{prefix}-*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _packet(data: dict[str, Any], *, draft: bool = False) -> Packet:
    loaded = validate_data(data)
    assert loaded.case is not None, loaded.problems
    return _engine().assemble(loaded.case, draft=draft)


def _papers(data: dict[str, Any], *, draft: bool = False) -> dict[str, str]:
    """Each paper's text by its slug, with whitespace folded (lines wrap anywhere) and without
    the "[verify]" marks of authorities not yet verified (tests of those marks read the packet)."""
    return {
        d.slug: " ".join(render_document(d).split()).replace(" [verify]", "")
        for d in _packet(data, draft=draft).documents
    }


def _variant(prefix: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = _data(prefix)
    change(data)
    return data


def _between(text: str, start: str, end: str) -> str:
    """The part of a paper from ``start`` up to ``end``."""
    head = text.index(start)
    return text[head : text.index(end, head)]


def _notice(papers: dict[str, str]) -> str:
    return _between(papers["notice-of-motion"], "asks the Court to:", "MEMORANDUM OF POINTS")


def _order(papers: dict[str, str], slug: str = "proposed-order") -> str:
    return _between(papers[slug], "THE COURT FINDS AND ORDERS", "IT IS SO ORDERED")


# --- H7, H4: the notice of motion -----------------------------------------------------------


def test_the_notice_of_motion_is_dated_and_signed_after_its_list_of_relief() -> None:
    (notice,) = [d for d in _packet(_data("02")).documents if d.slug == "notice-of-motion"]
    kinds = [type(b).__name__ for b in notice.blocks]
    signatures = [b for b in notice.blocks if isinstance(b, SignatureBlock)]
    assert len(signatures) == 2 and all(s.kind is SignatureKind.COUNSEL for s in signatures)
    text = " ".join(render_document(notice).split())
    relief = text.index("Grant any further relief the Court finds just.")
    dated = text.index("Dated: June 12, 2026", relief)
    assert dated < text.index("MEMORANDUM OF POINTS AND AUTHORITIES", relief)
    assert kinds.index("SignatureBlock") < len(kinds) - 1  # the memorandum's own comes last


def test_the_grounds_of_a_motion_on_several_convictions_speak_of_their_consequences() -> None:
    several = _papers(_data("01"))["notice-of-motion"]
    assert "knowingly accept their actual or potential adverse immigration" in several
    one = _papers(_data("02"))["notice-of-motion"]
    assert "knowingly accept its actual or potential adverse immigration" in one


# --- D1-D4: a conviction already dismissed under § 1203.4 -------------------------------------


def test_after_a_1203_4_dismissal_the_notice_still_asks_to_withdraw_the_pleas_under_1473_7() -> (
    None
):
    notice = _notice(_papers(_data("01")))
    assert (
        "notwithstanding the order of February 10, 2015, under Penal Code section 1203.4, and "
        "permit Mr. Ramírez to withdraw his pleas under section 1473.7, subdivision (f)(3), on "
        "the ground of legal invalidity;" in notice
    )


def test_withdraw_plea_false_is_honoured_on_the_1203_4_path() -> None:
    def keep_pleas(data: dict[str, Any]) -> None:
        data["relief"]["withdraw_plea"] = False

    papers = _papers(_variant("01", keep_pleas))
    assert "withdraw" not in _notice(papers)
    assert "withdraw" not in _order(papers)


def test_after_a_1203_4_dismissal_the_memorandum_asks_for_withdrawal_on_legal_invalidity() -> None:
    memo = _papers(_data("01"))["notice-of-motion"]
    assert "need not permit" not in memo
    assert (
        "The withdrawal under section 1203.4 was rehabilitative and has no effect for "
        "immigration purposes. The Court should therefore permit withdrawal of the pleas under "
        "section 1473.7, subdivision (f)(3), on the ground of legal invalidity, and state that "
        "its order supersedes the earlier order to the extent necessary." in memo
    )


def test_after_a_1203_4_dismissal_the_order_supersedes_it_vacates_and_withdraws_the_pleas() -> None:
    order = _order(_papers(_data("01")))
    assert (
        "The order of February 10, 2015, under Penal Code section 1203.4, is superseded by this "
        "order to the extent necessary to give it effect." in order
    )
    assert (
        "are vacated as legally invalid under section 1473.7, subdivision (a)(1), for the "
        "reasons stated in paragraphs 1 and 2, and not on the basis of rehabilitation, "
        "immigration hardship, or any other equitable ground." in order
    )
    assert re.search(
        r"Under subdivision \(f\)\(3\) of section 1473\.7, the moving party is permitted to "
        r"withdraw his pleas of no contest to Count 1 .*? on that ground, and pleas of not "
        r"guilty are entered\.",
        order,
    )
    assert "notwithstanding" not in order


def test_a_non_drug_1203_4_conviction_cites_the_non_drug_authorities_not_nunez_reyes() -> None:
    memo = _papers(_data("01"))["notice-of-motion"]
    section = _between(memo, "does not bar or moot this motion", "Section 1473.7 asks")
    for name in ("8 U.S.C. § 1101(a)(48)(A)", "Ramirez-Castro v. INS", "Murillo-Espinoza v. INS"):
        assert name in section
    assert "Matter of Roldan (BIA 1999) 22 I&N Dec. 512" in section
    assert "Nunez-Reyes" not in section


def test_a_drug_1203_4_conviction_cites_nunez_reyes() -> None:
    section = _between(
        _papers(_data("05"))["notice-of-motion"],
        "does not bar or moot this motion",
        "Section 1473.7 asks",
    )
    assert "Nunez-Reyes v. Holder" in section and "Ramirez-Castro" not in section


def test_that_1473_7_has_no_1203_4_exception_is_argued_from_its_text() -> None:
    memo = _papers(_data("01"))["notice-of-motion"]
    assert "Nothing in the section makes" not in memo
    assert (
        'Its text reaches any person "no longer in criminal custody" who moves to vacate "a '
        'conviction or sentence" (Pen. Code, § 1473.7, subd. (a)); it makes no exception for a '
        "conviction already dismissed under section 1203.4" in memo
    )


def test_the_1203_4_dismissal_cites_the_exhibit_of_its_order() -> None:
    # sample 07: Ex. F is the § 1203.4 order (and the end of custody); sample 05: Ex. C
    for prefix, label in (("07", "F"), ("05", "C")):
        memo = _papers(_data(prefix))["notice-of-motion"]
        assert re.search(
            r"dismissed the case under Penal Code section 1203\.4: [^.]*dismissed\. "
            rf"\(Ex\. {label}\.\) That relief is rehabilitative\.",
            memo,
        ), prefix


def test_dismissal_and_further_proceedings_are_asked_in_the_alternative() -> None:
    papers = _papers(_data("03"))
    notice = _notice(papers)
    assert (
        "Then dismiss the case in furtherance of justice (Pen. Code, § 1385), for the reasons "
        "stated in the memorandum, or, in the alternative, set the matter for further "
        "proceedings;" in notice
    )
    assert "Set the matter for further proceedings" not in notice
    order = _order(papers)
    assert (
        "On its own motion and in furtherance of justice, the Court dismisses the case under "
        "Penal Code section 1385, for these reasons: Mr. Vang completed deferred entry of "
        "judgment" in order
    )
    assert "[ALTERNATIVE: The matter is set for further proceedings on" in order
    assert "dismissed in furtherance of justice is ____" not in order


def test_a_referral_after_vacatur_is_asked_in_the_alternative_to_further_proceedings() -> None:
    notice = _notice(_papers(_data("09")))
    assert re.search(
        r"Then refer the case for a determination of eligibility for pretrial diversion .*? "
        r"or, in the alternative, set the matter for further proceedings; and",
        notice,
    )


# --- E3: after a verdict is vacated ------------------------------------------------------------


def test_a_vacated_verdict_returns_the_case_to_trial_and_invites_the_offer_again() -> None:
    papers = _papers(_data("02"))
    memo = papers["notice-of-motion"]
    assert (
        "Vacatur returns the case to its posture before trial; it does not dismiss the charges. "
        "(People v. Vaca (2023) 89 Cal.App.5th 1113.)" in memo
    )
    assert "to invite the People to reinstate their offer of February 11, 2019. (Cf. Lafler" in memo
    assert (
        "Then invite the People to reinstate their offer of February 11, 2019, or, in the "
        "alternative, set the matter for further proceedings;" in _notice(papers)
    )
    assert "The People are invited to reinstate their offer of February 11, 2019." in _order(papers)


def test_a_given_after_vacatur_replaces_the_invitation_to_reinstate_the_offer() -> None:
    def refer(data: dict[str, Any]) -> None:
        data["relief"]["after_vacatur"] = "set the case for trial"

    papers = _papers(_variant("02", refer))
    assert "reinstate their offer" not in papers["notice-of-motion"]
    assert "reinstate their offer" not in _order(papers)


# --- B4, A2, A3, E2: the findings of the proposed order ----------------------------------------


def test_the_order_states_the_operative_consequence_not_treated_as_a_category() -> None:
    order = _order(_papers(_data("02")))
    assert "treated as" not in order
    assert (
        "For immigration purposes, the conviction on Count 1 is an aggravated felony, which brings "
        "the moving party within INA § 101(a)(43), 8 U.S.C. § 1101(a)(43) (definition) and INA § "
        "237(a)(2)(A)(iii), 8 U.S.C. § 1227(a)(2)(A)(iii) (deportability); and the conviction bars "
        "cancellation of removal." in order
    )


def test_the_order_on_a_rejected_offer_tracks_the_lafler_elements() -> None:
    order = _order(_papers(_data("02")))
    assert (
        "Trial counsel did not advise the moving party, a lawful permanent resident, of the "
        "immigration consequences of the People's offer of February 11, 2019, or of a conviction "
        "after trial." in order
    )
    assert (
        "There is a reasonable probability that, properly advised, the moving party would have "
        "accepted the offer; that the People would not have withdrawn it; that the Court would "
        "have accepted it; and that the resulting conviction and sentence would have been less "
        "severe than the judgment imposed." in order
    )
    assert "did not pursue an available disposition" not in order  # A2: the offer was made
    assert "acted to avoid them" not in order


def test_the_order_on_a_verdict_with_the_offer_question_open_prints_the_gap() -> None:
    def unset(data: dict[str, Any]) -> None:
        del data["grounds"]["a1"]["safe_alternative"]["people_offered"]

    order = _order(_papers(_variant("02", unset)))
    assert "[The case file does not say whether the People offered the misdemeanor offer" in order
    assert "acted to avoid them" not in order and "would have accepted the offer;" not in order


def test_the_order_never_hedges_avoided_or_reduced() -> None:
    def neutral(value: bool | None) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            if value is None:
                del data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"]
            else:
                data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"] = value

        return change

    texts = {v: _order(_papers(_variant("08", neutral(v)))) for v in (True, False, None)}
    for text in texts.values():
        assert "avoided or reduced" not in text
    assert "would have avoided those consequences, such as a plea under section 415" in texts[True]
    assert "would have reduced those consequences, such as a plea under section 415" in texts[False]
    assert "would have ____________________ (avoided / reduced) those consequences" in texts[None]
    assert "the availability of an immigration-neutral disposition" in texts[True]
    assert "the availability of a safer disposition" in texts[None]


# --- F2, F3: the alternative sentence ------------------------------------------------------------


def test_an_alternative_sentence_gets_its_own_proposed_order_b() -> None:
    papers = _papers(_data("02"))
    order_a = _order(papers)
    assert "Alternative" not in order_a and "resentenced" not in order_a
    order_b = _order(papers, "proposed-order-sentence")
    assert (
        "1. The sentence imposed on Count 1 (Pen. Code, § 245, subd. (a)(4)) on June 28, 2019, is "
        "legally invalid under Pen. Code, § 1473.7, subd. (a)(1). Counsel did not advise the "
        "moving party that a county-jail term of 365 days would make the conviction an aggravated "
        "felony, and did not ask for the sentence stated in paragraph 3." in order_b
    )
    assert "the Court would have imposed that sentence." in order_b
    assert "The Court followed the probation report's recommendation" in order_b  # the reason
    assert (
        "2. The sentence is vacated on that ground, and not for rehabilitation, immigration "
        "hardship, or any other equitable reason." in order_b
    )
    assert "3. The moving party is resentenced, as of ____" in order_b
    assert "Judge of the Superior Court" in papers["proposed-order-sentence"]
    # the proof of service lists it with the other papers
    assert "[PROPOSED] ALTERNATIVE ORDER VACATING THE SENTENCE ONLY" in papers["proof-of-service"]


def test_no_alternative_sentence_no_order_b() -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["relief"]["alternative_sentence"]

    assert "proposed-order-sentence" not in _papers(_variant("02", drop))
    assert "proposed-order-sentence" not in _papers(_data("01"))


def test_order_b_without_the_sentencing_reason_leaves_the_gap() -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["relief"]["alternative_sentence_reason"]

    order_b = _order(_papers(_variant("02", drop)), "proposed-order-sentence")
    assert "[State what the sentencing record shows about how the term was chosen" in order_b


def test_the_memorandum_argues_the_alternative_sentence_with_thomas_and_thompson() -> None:
    memo = _papers(_data("02"))["notice-of-motion"]
    alternative = _between(memo, "In the alternative, if the Court does not vacate", "CONCLUSION")
    assert "a term of 364 days or less was within the Court's power" not in alternative
    assert "only because a term of at least one year was imposed" in alternative
    assert "such as a sentence one day shorter. (Manzanilla, supra" in alternative
    assert "The Court followed the probation report's recommendation" in alternative
    assert "Matter of Thomas & Thompson (A.G. 2019) 27 I&N Dec. 674" in alternative


# --- A2, E1, E4, C2: the memorandum on a verdict after a rejected offer ------------------------


def _memo_of(data: dict[str, Any]) -> str:
    return _papers(data)["notice-of-motion"]


def test_a_made_offer_is_never_described_as_one_counsel_failed_to_seek() -> None:
    memo = _memo_of(_data("02"))
    assert "Nor did counsel ask for" not in memo
    assert "Counsel did not pursue such a resolution" not in memo
    assert (
        "Counsel advised Mr. Dizon to reject the People's offer of February 11, 2019, without "
        "telling him that it carried none of those consequences and that a conviction after trial with a term of "
        "at least one year would be an aggravated felony. After the verdict, counsel did not ask "
        "for the alternative sentence that the motion proposes." in memo
    )


def test_the_rejected_offer_elements_are_argued_with_their_pins_and_evidence() -> None:
    memo = _memo_of(_data("02"))
    assert (
        "(Lafler v. Cooper (2012) 566 U.S. 156, 164; Missouri v. Frye (2012) 566 U.S. 134, 147; "
        "In re Alvernaz (1992) 2 Cal.4th 924, 937–938.)" in memo
    )
    assert "must be corroborated by independent, objective evidence. (Alvernaz, supra" in memo
    assert (
        "Here the evidence from the time (Ex. D) and the disparity between the offer and the "
        "judgment after trial supply it." in memo
    )
    assert "The People made the offer on February 11, 2019 (Ex. C)." in memo
    assert "stayed open until the readiness conference of March 8, 2019" in memo
    assert "[State how long the offer stayed open" not in memo
    # E4: the offer's own terms, not the safe alternative's sentence or the sentence asked now
    assert (
        "Its terms were less severe. The offer was a plea to misdemeanor simple battery under "
        "Pen. Code, § 243, subd. (a), with 24 months of summary probation" in memo
    )
    elements = _between(memo, "Its terms were less severe.", "The Court weighs")
    assert "364" not in elements
    assert "would have accepted the People's offer, and the error was prejudicial." in memo
    assert "acted to avoid them" not in memo and "resolved the case differently" not in memo


def test_a_verdict_with_the_offer_question_unset_prints_gaps_not_the_plea_test() -> None:
    def unset(data: dict[str, Any]) -> None:
        del data["grounds"]["a1"]["safe_alternative"]["people_offered"]

    memo = _memo_of(_variant("02", unset))
    assert "[The case file does not say whether the People offered the misdemeanor offer" in memo
    assert "[On this record, state the finding of prejudice that fits" in memo
    assert "acted to avoid them" not in memo and "resolved the case differently" not in memo
    assert "Each element is met." not in memo


def test_a_verdict_without_an_offer_argues_what_the_moving_party_would_have_done() -> None:
    def no_offer(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["safe_alternative"]["people_offered"] = False

    memo = _memo_of(_variant("02", no_offer))
    assert "Each element is met." not in memo
    assert "would have pursued the misdemeanor offer, and that it was available." in memo
    assert "Counsel let the People's offer" not in memo
    assert "Counsel did not pursue such a resolution with the immigration consequences" in memo


def test_the_missing_elements_of_an_offer_are_gaps_not_assumptions() -> None:
    def bare(data: dict[str, Any]) -> None:
        alt = data["grounds"]["a1"]["safe_alternative"]
        for key in ("court_approval", "offer_terms"):
            del alt[key]

    memo = _memo_of(_variant("02", bare))
    assert "[State why the Court would have accepted the disposition" in memo
    assert "[State the terms of the offer (grounds.a1.safe_alternative.offer_terms)]" in memo
    assert "Nothing in the record suggests that the court would have rejected" not in memo


def test_a_verdict_before_2022_is_governed_by_the_amended_subdivision() -> None:
    sentence = "The amended subdivision governs a motion filed after its effective date"
    assert sentence in _memo_of(_data("02"))  # verdict of May 16, 2019

    def in_2023(data: dict[str, Any]) -> None:
        data["criminal_case"]["counts"][0]["plea_or_verdict_date"] = "2023-05-16"
        data["criminal_case"]["counts"][0]["sentence_date"] = "2023-06-28"

    assert sentence not in _memo_of(_variant("02", in_2023))


# --- C1, A4, A3, H1: the duty to defend and the safe alternative ------------------------------


def test_a_pre_2016_plea_cites_the_duty_to_defend_as_it_then_stood() -> None:
    memo = _memo_of(_data("07"))  # plea of May 29, 2014
    assert (
        "Long before 2014, California law required defense counsel, consistent with the client's "
        "goals, to try to avoid adverse immigration consequences in plea bargaining. (People v. "
        "Bautista (2004) 115 Cal.App.4th 229; People v. Barocio (1989) 216 Cal.App.3d 99; see "
        "Padilla, supra, 559 U.S. at p. 373.) The Legislature later codified that duty in section "
        "1016.3, subdivision (a), effective January 1, 2016, stating its intent to codify that "
        "case law. (Pen. Code, § 1016.2, subds. (a), (h).)" in memo
    )
    assert "Section 1016.3 requires counsel to defend" not in memo


def test_a_plea_before_bautista_does_not_cite_it() -> None:
    def in_2003(data: dict[str, Any]) -> None:
        data["criminal_case"]["counts"][0]["plea_or_verdict_date"] = "2003-05-29"
        data["criminal_case"]["counts"][0]["sentence_date"] = "2003-05-29"

    memo = _memo_of(_variant("07", in_2003))
    assert "Long before 2003" in memo and "Bautista" not in memo and "p. 373" not in memo


def test_the_manzanilla_example_fits_the_alternative() -> None:
    sentence = "such as a sentence one day shorter. (People v. Manzanilla"
    plea = (
        "such as a plea to an offense without that consequence, or diversion that requires no plea"
    )
    assert sentence in _memo_of(_data("02")) and plea not in _memo_of(_data("02"))
    assert plea in _memo_of(_data("08")) and sentence not in _memo_of(_data("08"))


def test_an_alternative_of_unknown_effect_is_not_called_immigration_neutral() -> None:
    def unset(data: dict[str, Any]) -> None:
        del data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"]

    memo = _memo_of(_variant("08", unset))
    assert "An immigration-neutral disposition was possible." not in memo
    assert "A safer disposition was possible." in memo
    assert "An immigration-neutral disposition was possible." in _memo_of(_data("08"))


def test_the_safe_alternative_is_named_in_full_once_then_by_its_short_label() -> None:
    memo = _memo_of(_data("08"))
    full = "Pen. Code, § 415, subd. (1) (fighting or challenging to fight in a public place)"
    defend = _between(memo, "Counsel did not defend against", "The error was prejudicial")
    assert full in defend
    after = memo[memo.index("The error was prejudicial") :]
    assert full not in after
    assert "As shown above, a plea under section 415 was available" in after
    assert full not in _order(_papers(_data("08")))


def test_several_exhibits_of_the_offer_are_cited_as_a_list() -> None:
    def two(data: dict[str, Any]) -> None:
        data["exhibits"][3]["supports"].append("safe_alternative")  # Ex. D, the messages

    memo = _memo_of(_variant("02", two))
    assert "The People made the offer on February 11, 2019 (Exs. C, D)." in memo


# --- A7: the error shown from prior counsel's own declaration when one is filed -------------


def test_a7_the_defense_error_rests_on_prior_counsel_s_declaration_when_filed() -> None:
    memo = _papers(_data("08"))["notice-of-motion"]
    assert "describes in a declaration filed with this motion what was and was not done" in memo
    assert "(Kessler Decl. ¶¶ 4–7.)" in memo
    assert "without a declaration from prior counsel" not in memo


def test_a7_without_prior_counsel_s_declaration_the_moving_party_s_account_suffices() -> None:
    def drop(data: dict[str, Any]) -> None:
        data["declarations"] = [d for d in data["declarations"] if d["kind"] != "prior_counsel"]

    memo = _papers(_variant("08", drop))["notice-of-motion"]
    assert "The error can be shown without a declaration from prior counsel" in memo
    assert "Kessler Decl." not in memo


# --- A2/E1/E2: counsel advised rejecting the offer; the offer stayed open -------------------


def test_a2_counsel_who_advised_rejection_is_said_to_have_advised_it() -> None:
    papers = _papers(_data("10"))
    memo, order = papers["notice-of-motion"], papers["proposed-order"]
    assert (
        "Counsel advised Mr. Mensah to reject the People's offer of September 14, 2021, without"
        in memo
    )
    assert "pass without" not in memo
    assert "counsel advised the moving party to reject the offer." in order


def test_a2_an_offer_counsel_gave_no_advice_on_lapsed() -> None:
    def lapsed(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["safe_alternative"]["counsel_advised_rejection"] = False

    papers = _papers(_variant("10", lapsed))
    assert (
        "Counsel let the People's offer of September 14, 2021, pass without"
        in papers["notice-of-motion"]
    )
    assert "advised the moving party to reject" not in papers["proposed-order"]


def test_e1_the_people_would_not_have_withdrawn_the_offer_from_the_record() -> None:
    memo = _papers(_data("10"))["notice-of-motion"]
    element = _between(
        memo, "The People would not have withdrawn it.", "The court would have accepted it."
    )
    assert "stayed open until the trial-readiness conference of October 8, 2021" in element
    assert "[State how long" not in element

    def unknown(data: dict[str, Any]) -> None:
        del data["grounds"]["a1"]["safe_alternative"]["offer_open"]

    memo = _papers(_variant("10", unknown))["notice-of-motion"]
    assert "[State how long the offer stayed open" in memo


# --- A6: Resendiz only where the theory is wrong advice; I1: every declaration cite pinned --


def test_a6_resendiz_is_cited_only_for_affirmative_misadvice() -> None:
    for prefix in ("02", "10", "12"):  # no advice, ineffective assistance argued
        memo = _papers(_data(prefix))["notice-of-motion"]
        assert "the record also shows ineffective assistance" in memo, prefix
        assert "Resendiz" not in memo, prefix
    memo = _papers(_data("09"))["notice-of-motion"]  # wrong advice
    assert "and so is affirmative misadvice about those consequences (Resendiz, supra" in memo


def test_i1_no_declaration_is_cited_without_its_paragraph_in_any_sample() -> None:
    for path in sorted(SAMPLES.glob("[0-9]*.json")):
        packet = _packet(json.loads(path.read_text(encoding="utf-8")))
        assert not [v for v in packet.verify if v.startswith("paragraph needed")], path.stem
        for slug, text in _papers(json.loads(path.read_text(encoding="utf-8"))).items():
            assert "¶ [__]" not in text, (path.stem, slug)
