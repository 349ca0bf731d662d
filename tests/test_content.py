"""The legal content of the motion, memorandum and proposed order, variant by variant.

Each test builds a real sample (or a sample with one fact changed) and asserts that the
elements the law needs are in the text, drawn from that case's facts, and that elements of
other variants are not.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from assembler.assembly import Assembler
from assembler.document import Packet
from assembler.loading import validate_data
from assembler.writers.text import render_document
from tests.support import SAMPLES

LPR = "01-lpr-petty-theft-spanish"
TRIAL = "02-trial-conviction-ab1259"
DEJ = "03-dej-completed"
DETAINED = "04-dv-365-days-detained"
PRO_PER = "05-self-represented"
INNOCENCE = "06-actual-innocence-a2"
RJA = "07-racial-justice-act-a3"


def _data(sample: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
    return data


def _packet(engine: Assembler, data: dict[str, Any]) -> Packet:
    loaded = validate_data(data)
    assert loaded.case is not None
    errors = [p for p in loaded.problems if p.severity.value == "error"]
    assert not errors, errors
    return engine.assemble(loaded.case)


def _flat(text: str) -> str:
    """Rendered text with line breaks and runs of spaces collapsed, for phrase search."""
    return " ".join(text.split())


def _paper(packet: Packet, slug: str) -> str:
    matches = [d for d in packet.documents if d.slug == slug]
    assert len(matches) == 1, [d.slug for d in packet.documents]
    return _flat(render_document(matches[0]))


def _memo(engine: Assembler, data: dict[str, Any]) -> str:
    return _paper(_packet(engine, data), "notice-of-motion")


def _order(engine: Assembler, data: dict[str, Any]) -> str:
    return _paper(_packet(engine, data), "proposed-order")


def _clean(fact: str) -> str:
    return _flat(fact).rstrip(".")


# --- (a)(1) plea motion -------------------------------------------------------------------------


def test_a1_plea_motion_has_every_element_drawn_from_the_case(engine: Assembler) -> None:
    data = _data(LPR)
    memo = _memo(engine, data)
    a1 = data["grounds"]["a1"]
    # custody and timeliness
    assert (
        "is no longer in criminal custody on this case: custody on the convictions ended on July 1, 2011"
        in memo
    )
    assert "(Pen. Code, § 1473.7, subd. (b)(1).)" in memo
    # Measured from the first notice, as the People will (review item 21), and the latest too.
    assert "The first notice asserting the convictions is dated February 17, 2026" in memo
    assert "the latest is dated June 3, 2026" in memo
    assert "- February 17, 2026: USCIS denies naturalization" in memo  # the chronology
    # one section per pleaded theory
    assert set(a1["error_theories"]) == {
        "wrong_advice",
        "generic_may_warning_only",
        "own_misunderstanding",
        "interpreter_problems",
    }
    # The advice argument joins the rule and the record (review items 5 and 12).
    assert "Counsel misadvised Mr. Ramírez about the immigration consequences" in memo
    assert "That was affirmative misadvice, not a mere failure to volunteer information" in memo
    assert "In re Resendiz (2001) 25 Cal.4th 230" in memo
    assert "Pen. Code, § 1016.2" in memo
    # A 2011 plea: § 1016.3 (2016) is never cited as the source of the duty counsel breached.
    error = memo[memo.index("Counsel misadvised") : memo.index("A generic warning")]
    assert "1016.3" not in error
    assert 'A generic warning that the plea "may" have consequences does not cure the error' in memo
    assert "Mr. Ramírez did not understand the consequences" in memo
    assert "Language barriers kept Mr. Ramírez from understanding" in memo
    assert "Counsel did not defend against the immigration consequences" not in memo  # not pleaded
    for case_name in (
        "People v. Patterson",
        "People v. Ruiz",
        "People v. Curiel",
        "People v. Mejia",
    ):
        assert case_name in memo
    # Vivar factors from the case's own facts
    assert "two children (ages 17 and 12, both U.S. citizens)" in memo  # grouped (issue 23)
    assert _clean(data["moving_party"]["ties"]["work"]) in memo
    assert _clean(a1["priorities_at_plea"]) in memo
    assert _clean(a1["safe_alternative"]["offense"]) in memo
    assert "(Ex. D)" in memo  # contemporaneous evidence by exhibit label
    assert "People v. Vivar (2021) 11 Cal.5th 510" in memo and "People v. Espinoza" in memo
    # (e)(1) per count, with the removal ground
    # Two petty thefts: only clause (A)(ii) fits (misdemeanors, long after admission); item 13
    assert (
        "Count 1: a crime involving moral turpitude, which brings him within INA § 237(a)(2)(A)(ii),"
        in memo
    )
    assert "237(a)(2)(A)(i)" not in memo
    assert "Count 2: a crime involving moral turpitude" in memo
    # relief: the basis, the plea
    # (a)(1): the statute requires only the finding of legal invalidity; the basis is asked for
    # because immigration authorities give effect only to a vacatur for a legal defect.
    assert "and state the basis of that finding in its order;" in memo
    assert "the only finding the statute requires is whether the convictions are legally" in memo
    assert "specify the basis" not in memo  # the (a)(2) duty, not pleaded here
    # The pleas were withdrawn under § 1203.4 in 2015, a rehabilitative withdrawal: they are
    # withdrawn again under § 1473.7 on legal invalidity (legal review 2, D1).
    assert "Permit Mr. Ramírez to withdraw his pleas and enter" not in memo
    assert "notwithstanding the order of February 10, 2015, under Penal Code section 1203.4" in memo
    assert "permit Mr. Ramírez to withdraw his pleas under section 1473.7" in memo
    assert "People v. Vaca" in memo
    # the pre-2026 advisement variant, not SB 281
    assert "Senate Bill 281" not in memo


def test_sb281_plea_gets_the_post_2026_advisement_variant(engine: Assembler) -> None:
    data = _data(LPR)
    for count in data["criminal_case"]["counts"]:
        count["plea_or_verdict_date"] = "2026-01-20"
        count["offense_date"] = "2025-12-01"
        count.pop("sentence_date", None)
    data["criminal_case"]["custody_ended_on"] = "2026-01-20"
    data["criminal_case"].pop("probation_ended_on", None)
    data["criminal_case"]["later_relief"] = []
    data["grounds"]["a1"]["advisement"]["court_advisement"] = "verbatim_sb281"
    memo = _memo(engine, data)
    assert (
        "as amended by Senate Bill 281, requires the court to give its immigration advisement in prescribed words"
        in memo
    )
    assert "The court gave that advisement when Mr. Ramírez pleaded" in memo
    assert "VERIFY BEFORE FILING: THE WORDS OF THE ADVISEMENT SB 281 PRESCRIBES" in memo.upper()
    # Even the prescribed advisement says only "may" (review item 20).
    assert 'still tell the defendant only that a conviction "may" have' in memo
    assert "People v. Curiel" in memo and "People v. Patterson" in memo
    assert "People v. Ruiz" not in memo  # the pre-2026 variant is left out
    assert "The section reaches convictions entered before it took effect" not in memo


def test_no_immigration_notice_means_no_diligence_chronology(engine: Assembler) -> None:
    data = _data(LPR)
    data["immigration"].pop("notice_to_appear_date")
    data["immigration"]["benefit_denials"] = []
    data["immigration"]["proceedings_status"] = "none"
    for key in ("immigration_court", "next_hearing_date"):
        data["immigration"].pop(key, None)
    data["timeliness"] = {}
    memo = _memo(engine, data)
    assert "The chronology:" not in memo
    assert "(Pen. Code, § 1473.7, subd. (b)(1).)" in memo
    assert "No removal case is pending, but none is required (Camacho, supra" in memo


def test_supervision_in_another_case_cites_rodriguez(engine: Assembler) -> None:
    data = _data(LPR)
    memo = _memo(engine, data)
    assert "People v. Rodriguez" not in memo
    data["moving_party"]["custody"]["other_supervision"] = (
        "summary probation in a 2025 traffic case"
    )
    memo = _memo(engine, data)
    assert "(summary probation in a 2025 traffic case) does not bar the motion" in memo
    assert "People v. Rodriguez (2021) 68 Cal.App.5th 301" in memo


# --- variants -----------------------------------------------------------------------------------


def test_trial_conviction_variant(engine: Assembler) -> None:
    data = _data(TRIAL)
    memo = _memo(engine, data)
    assert "The motion reaches a conviction after trial." in memo
    assert "Assem. Bill No. 1259" in memo and "People v. Singh (2022) 81 Cal.App.5th 147" in memo
    # The rejected-offer elements, each argued, on Lafler, Frye and Alvernaz (review item 29).
    for authority in ("Lafler v. Cooper", "Missouri v. Frye", "In re Alvernaz"):
        assert authority in memo
    for element in (
        "would have accepted the offer.",
        "The People would not have withdrawn it.",
        "The court would have accepted it.",
        "Its terms were less severe.",
    ):
        assert element in memo
    assert "withdraw his plea" not in memo  # no plea to withdraw
    assert "would have rejected the plea" not in memo
    order = _order(engine, data)
    assert "plea of not guilty is entered" not in order
    # the rejected-offer findings (legal review 2, E2), not the plea test
    assert "would have acted to avoid them" not in order
    assert "properly advised, the moving party would have accepted the offer" in order


def test_completed_dej_gets_the_e2_presumption(engine: Assembler) -> None:
    data = _data(DEJ)
    memo = _memo(engine, data)
    assert "The conviction is presumed legally invalid" in memo
    assert "He completed the program, and the charge was dismissed." in memo
    assert "Because of the conviction, he is under a final order of removal." in memo
    assert "The conviction is also presumed legally invalid" in _order(engine, data)
    lpr = _memo(engine, _data(LPR))
    assert "presumed legally invalid" not in lpr


def test_actual_innocence_variant_argues_a2_and_undue_delay_only(engine: Assembler) -> None:
    data = _data(INNOCENCE)
    memo = _memo(engine, data)
    assert "Newly discovered evidence of actual innocence requires vacatur" in memo
    assert "(Pen. Code, § 1473.7, subd. (c).)" in memo
    assert "The evidence of innocence came to light on January 28, 2026" in memo
    assert _clean(data["grounds"]["a2"]["new_evidence"])[:80] in memo
    assert "People v. Vivar" not in memo  # no (a)(1) prejudice argument
    assert "subd. (b)(1)" not in memo
    order = _order(engine, data)
    assert (
        "Newly discovered evidence of actual innocence requires vacatur of the conviction" in order
    )
    assert "legally invalid" not in order  # the (a)(1) finding, not pleaded here
    assert re.search(
        r"The newly discovered evidence presented with the motion \(Exhibits? [A-Z, and]+\), which could not have been discovered earlier",
        order,
    )


def test_racial_justice_act_variant_is_flagged_for_the_2026_amendments(engine: Assembler) -> None:
    data = _data(RJA)
    memo = _memo(engine, data)
    assert "The motion rests on section 745, subdivision (a)(1)" in memo
    assert "CREDIT THE VERSIONS OF §§ 745 AND 1473.7 IN FORCE FROM JANUARY 1, 2026 TO SB 734" in (
        memo.upper()
    )
    assert "(Pen. Code, § 1473.7, subd. (c).)" in memo  # (a)(3) is also an undue-delay motion
    order = _order(engine, data)
    assert (
        "The record establishes a violation of Penal Code section 745, subdivision (a)(1), as shown by the evidence presented with the motion"
        in order
    )


def test_presence_request_appears_only_when_asked(engine: Assembler) -> None:
    detained = _memo(engine, _data(DETAINED))
    assert "Hold the hearing without Mr. Portillo's personal presence" in detained
    assert (
        "held in immigration detention since March 18, 2026, at the Golden State Annex" in detained
    )
    assert "personal presence" not in _memo(engine, _data(LPR))


def test_self_represented_motion_is_signed_in_pro_per(engine: Assembler) -> None:
    memo = _memo(engine, _data(PRO_PER))
    assert "In Pro Per" in memo
    assert "Attorney for" not in memo


# --- the proposed order -------------------------------------------------------------------------

SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.json"))


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_order_finds_legal_invalidity_states_a_basis_and_vacates_the_counts(
    engine: Assembler, sample: str
) -> None:
    data = _data(sample)
    order = _order(engine, data)
    counts = {c["number"]: c for c in data["criminal_case"]["counts"]}
    vacated = [counts[n] for n in data["relief"]["vacate_counts"]]
    grounds = data["grounds"]
    if "a1" in grounds:
        assert re.search(r"(is|are) legally invalid because of prejudicial error", order)
        iac = data["relief"].get("specific_iac_finding", False)
        assert (
            "The Court makes no finding of ineffective assistance of counsel." in order
        ) is not iac
    else:
        assert "legally invalid" not in order
    if "a2" in grounds:
        assert "Newly discovered evidence of actual innocence requires vacatur" in order
    if "a3" in grounds:
        assert "on the basis of race, ethnicity, or national origin in violation of" in order
    basis = re.search(
        r"2\. The basis for (?:this finding|these findings)(?: \(.*?\))? is as follows\. (.*?) 3\. ",
        order,
    )
    assert basis is not None and len(basis.group(1)) > 150  # a real basis, not a blank line
    assert "____" not in basis.group(1)
    for count in vacated:
        assert f"Count {count['number']} (" in order
    assert re.search(r"[34]\. The convictions? on .* (is|are) vacated[ .,]", order)
    plea = any(c["disposition"] != "trial_verdict" for c in vacated)
    # A plea withdrawn under § 1203.4 is withdrawn again under § 1473.7 (legal review 2, D1).
    withdraw = plea and data["relief"].get("withdraw_plea", True)
    assert bool(re.search(r"pleas? of not guilty (is|are) entered", order)) is withdraw
    iac = data["relief"].get("specific_iac_finding", False)
    assert ("denied the effective assistance of counsel" in order) is iac
    assert order.index("IT IS SO ORDERED.") < order.index("Judge of the Superior Court")


def test_iac_finding_in_the_order_only_with_g_notice(engine: Assembler) -> None:
    data = _data(LPR)
    data["relief"]["specific_iac_finding"] = True
    data["grounds"]["a1"]["argue_ineffective_assistance"] = True
    data["prior_counsel"]["address"] = {
        "street": "210 Example Temple Street",
        "city": "Los Angeles",
        "state": "CA",
        "postal_code": "90012",
    }
    packet = _packet(engine, data)
    order = _paper(packet, "proposed-order")
    assert "Notice of the hearing having been given to Robert Tan as required by" in order
    assert (
        "the Court specifically finds that the moving party was denied the effective assistance of counsel"
        in order
    )
    memo = _paper(packet, "notice-of-motion")
    assert (
        "Find specifically that Mr. Ramírez was denied the effective assistance of counsel" in memo
    )
    assert "Counsel's performance was also constitutionally deficient" in memo


@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("[0-9]*.json")))
def test_the_order_names_every_other_name_in_the_record(engine: Assembler, sample: str) -> None:
    """Review item 18: records match on aliases; the order names them."""
    loaded = validate_data(_data(sample))
    assert loaded.case is not None and loaded.case.moving_party is not None
    names = loaded.case.moving_party.other_names
    order = next(
        render_document(d)
        for d in engine.assemble(loaded.case).documents
        if d.slug == "proposed-order"
    )
    flat = " ".join(order.split())
    assert names
    for name in names:
        assert name in flat, f"{sample}: the order omits {name!r}"
