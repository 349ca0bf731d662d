"""The fixes of the practitioner's review (legal-review-1.md), one test per item, on the papers'
text: each fails if its fix regresses. The item number is in each test's name or docstring."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import cache
from typing import Any

import pytest

from assembler import removal
from assembler.assembly import Assembler
from assembler.case import Case
from assembler.document import Packet
from assembler.loading import load_case, validate_data
from assembler.writers.text import render_document
from tests.support import SAMPLE_FILES, SAMPLES, find, problems_of


@cache
def _engine() -> Assembler:
    return Assembler.create()


def _data(prefix: str) -> dict[str, Any]:
    (path,) = SAMPLES.glob(f"{prefix}*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _case(data: dict[str, Any]) -> Case:
    loaded = validate_data(data)
    assert loaded.case is not None
    return loaded.case


@cache
def _sample_packet(prefix: str) -> Packet:
    return _engine().assemble(_case(_data(prefix)))


def _paper(packet: Packet, slug: str) -> str:
    (document,) = [d for d in packet.documents if d.slug == slug]
    return " ".join(render_document(document).split())


def _memo(prefix: str) -> str:
    return _paper(_sample_packet(prefix), "notice-of-motion")


def _order(prefix: str) -> str:
    return _paper(_sample_packet(prefix), "proposed-order")


def _all_text(packet: Packet) -> str:
    return " ".join(" ".join(render_document(d).split()) for d in packet.documents)


# --- item 2: § 1473.7's ruling subdivision cited by paragraph -----------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_item2_the_ruling_subdivision_is_always_cited_by_paragraph(path: Any) -> None:
    text = _all_text(_sample_packet(path.stem[:2]))
    assert not re.search(r"1473\.7, subd\. \([ef]\)(?!\()", text), "a bare subd. (f)"


def test_item2_preponderance_and_showing_of_a_consequence_cite_f1() -> None:
    memo = _memo("09")
    assert "by a preponderance of the evidence, the existence of any of the grounds" in memo
    assert "(Pen. Code, § 1473.7, subd. (f)(1); People v. Espinoza" in memo
    assert "naturalization. (Pen. Code, § 1473.7, subd. (f)(1).)" in memo


# --- items 3, 22, 24: record citations ---------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_item3_every_exhibit_and_declaration_filed_is_cited_in_the_memorandum(path: Any) -> None:
    from assembler import record

    case = load_case(path).case
    assert case is not None
    memo = _memo(path.stem[:2])
    cited: set[str] = set()
    for match in re.finditer(r"\b(?:Exs?\.|Exhibits?) ((?:[A-Z](?:, | and |, and )?)+)", memo):
        cited |= set(re.findall(r"\b[A-Z]\b", match.group(1)))
    labels = {e.label for e in case.exhibits if e.label}
    assert labels - cited == set(), f"exhibits never cited: {sorted(labels - cited)}"
    for kind, cites in record.declaration_cites(case).items():
        for cite in cites:
            assert cite in memo, f"{kind} declaration never cited: {cite}"


def test_item3_facts_and_factors_carry_their_record_cites() -> None:
    memo = _memo("09")
    assert "These are the ties he stood to lose. (Melnyk Decl. ¶" in memo  # by paragraph (I1)
    assert "H. Melnyk Decl." in memo  # the wife's declaration: same surname, told apart
    start = memo.index("An immigration-neutral disposition was possible.")
    assert "(Sadeghi Decl." in memo[start : start + 1500]  # the expert supports the factor


def test_declaration_cites_tell_two_declarants_of_one_surname_apart() -> None:
    from assembler import record

    cites = record.declaration_cites(_case(_data("09")))
    assert cites["moving_party"] == ["Melnyk Decl."]
    assert cites["other"] == ["H. Melnyk Decl."]
    assert cites["immigration_expert"] == ["Sadeghi Decl."]


# --- item 4: pin cites ---------------------------------------------------------------------------


def test_item4_vivar_and_padilla_carry_pin_cites() -> None:
    memo = _memo("09")
    assert "People v. Vivar (2021) 11 Cal.5th 510, 529" in memo or "11 Cal.5th at p. 529" in memo
    assert "11 Cal.5th at pp. 529–530" in memo
    assert "Strickland v. Washington (1984) 466 U.S. 668, 688, 694" in memo  # confirmed pins only


# --- item 5 and 34: the advice argument joins rule and record ---------------------------------


def test_item5_misadvice_argument_applies_the_law_to_the_facts() -> None:
    memo = _memo("09")
    assert "The consequence here was truly clear." in memo
    assert "as it did for the controlled-substance conviction in Padilla itself" in memo
    assert "doesn't count for immigration" in memo  # counsel's own words, from the record
    assert "That was affirmative misadvice, not a mere failure to volunteer information" in memo
    assert "Counsel's advice about immigration, set out above, was wrong." not in memo


def test_item34_incomplete_advice_is_not_called_wrong() -> None:
    memo = _memo("05")
    assert "Counsel's immigration advice was incomplete and misleading" in memo
    assert "it left out the consequence that mattered most" in memo
    assert "affirmative misadvice, not a mere failure" not in memo
    order = _order("05")
    assert "was incomplete and misleading" in order


def test_item22_paraphernalia_count_cites_mellouli_and_the_record() -> None:
    memo = _memo("09")
    assert "Mellouli v. Lynch (2015) 575 U.S. 798" in memo
    assert "only when the record of conviction ties it to a federally controlled substance" in memo


# --- item 6: number agreement ------------------------------------------------------------------


def test_item6_plural_convictions_agree() -> None:
    memo = _memo("09")
    assert "must also show that the convictions are currently causing or have the potential" in (
        memo
    )
    assert "the convictions are treated as a controlled substance offense" not in memo


# --- items 9, 10, 11: the smaller paraphrases -----------------------------------------------


def test_item9_avoided_when_the_alternative_was_neutral_reduced_when_not() -> None:
    assert "avoided or reduced" not in _memo("09")
    memo = _memo("04")
    assert "would have reduced the immigration consequences" in memo
    assert "A safer disposition was possible." in memo


@pytest.mark.parametrize("prefix", ["01", "05", "09"])
def test_item10_espinoza_is_paraphrased_by_its_holding(prefix: str) -> None:
    memo = _memo(prefix)
    assert "may not demand more specific corroboration" not in memo
    assert "objective evidence that can support the inference" in memo


def test_item11_manzanilla_is_not_cited_for_the_no_declaration_gloss() -> None:
    memo = _memo("09")
    assert "a declaration from plea counsel is not required" not in memo
    assert "The error can be shown without a declaration from prior counsel" in memo
    gloss = memo[memo.index("The error can be shown without") :][:300]
    assert "Manzanilla" not in gloss and "Vivar" in gloss


# --- item 12: the duty to advise by the plea date ------------------------------------------------


@pytest.mark.parametrize("prefix", ["01", "03", "07"])
def test_item12_pre_2016_pleas_do_not_rest_the_duty_on_1016_3(prefix: str) -> None:
    memo = _memo(prefix)
    if "Where the immigration consequence of a disposition is truly clear" not in memo:
        pytest.skip("no advice theory pleaded")
    start = memo.index("Where the immigration consequence of a disposition is truly clear")
    paragraph = memo[start : start + 900]
    assert "1016.3" not in paragraph
    assert "Pen. Code, § 1016.2" in paragraph


def test_item12_post_2016_pleas_cite_1016_3() -> None:
    memo = _memo("09")
    start = memo.index("Where the immigration consequence of a disposition is truly clear")
    assert "(Pen. Code, § 1016.3, subd. (a).)" in memo[start : start + 900]


# --- item 13: removal grounds by status --------------------------------------------------------


def test_item13_never_admitted_person_gets_no_deportability_ground() -> None:
    packet = _sample_packet("05")
    text = _all_text(packet).replace(" [verify]", "")
    assert "§ 237" not in text and "1227" not in text
    assert "INA § 212(a)(2)(A)(i)(II), 8 U.S.C. § 1182(a)(2)(A)(i)(II) (inadmissibility)" in text


def test_item13_two_petty_thefts_long_after_admission_are_a_ii_only() -> None:
    memo = _memo("01").replace(" [verify]", "")
    assert "INA § 237(a)(2)(A)(ii), 8 U.S.C. § 1227(a)(2)(A)(ii) (deportability)" in memo
    assert "237(a)(2)(A)(i)" not in memo


def _one_cimt(offense: dt.date, level: str, **entry: Any) -> Case:
    data = _data("01")
    data["moving_party"]["entry"] = {"date": "2018-05-01", **entry}
    count = data["criminal_case"]["counts"][0]
    count["offense_date"] = offense.isoformat()
    count["level"] = level
    data["criminal_case"]["counts"] = [count]
    data["relief"]["vacate_counts"] = [count["number"]]
    data["immigration"]["consequences"] = [
        {"count": count["number"], "categories": ["cimt"], "explanation": "Theft."}
    ]
    return _case(data)


def _number(case: Case) -> int:
    assert case.criminal_case is not None
    number = case.criminal_case.counts[0].number
    assert number is not None
    return number


def test_item13_a_i_only_within_five_years_of_admission_and_for_a_felony() -> None:
    inside = _one_cimt(dt.date(2021, 1, 1), "felony", lpr_since="2018-05-01")
    assert "237(a)(2)(A)(i)," in removal.grounds(inside)[_number(inside)]["cimt"]
    later = _one_cimt(dt.date(2024, 1, 1), "felony", lpr_since="2018-05-01")
    assert "237" not in removal.grounds(later)[_number(later)]["cimt"]
    misdemeanor = _one_cimt(dt.date(2021, 1, 1), "misdemeanor", lpr_since="2018-05-01")
    assert "237" not in removal.grounds(misdemeanor)[_number(misdemeanor)]["cimt"]


def test_item13_admission_is_derived_from_status_and_can_be_stated() -> None:
    assert removal.admitted(_case(_data("01"))) is True  # permanent resident
    assert removal.admitted(_case(_data("05"))) is False  # DACA
    assert removal.admitted(_case(_data("06"))) is False  # stated: asylee, never admitted
    data = _data("06")
    del data["moving_party"]["entry"]["admitted"]
    assert removal.admitted(_case(data)) is None


def test_item13_validate_asks_whether_the_person_was_admitted_when_unknown() -> None:
    data = _data("06")
    del data["moving_party"]["entry"]["admitted"]
    data["grounds"]["a1"] = copy.deepcopy(_data("01")["grounds"]["a1"])
    problems = problems_of(data)
    assert find(problems, "immigration.admitted", "moving_party.entry.admitted")


def test_item13_deportability_only_category_for_a_never_admitted_person_needs_explaining() -> None:
    data = _data("05")
    data["immigration"]["consequences"][0]["categories"] = ["domestic_violence"]
    data["immigration"]["consequences"][0].pop("explanation", None)
    problems = problems_of(data)
    assert find(problems, "immigration.admitted", "immigration.consequences[0].explanation")


# --- items 14, 26: the proposed order ------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["01", "02", "05", "09"])
def test_item14_order_has_the_immigration_and_clerical_provisions(prefix: str) -> None:
    order = _order(prefix)
    assert "which go to the validity of the conviction" in order or (
        "vacated as legally invalid under section 1473.7" in order  # after § 1203.4 (review 2, D1)
    )
    assert "not on the basis of rehabilitation, immigration hardship, or any other equitable" in (
        order
    )
    assert "report this disposition to the California Department of Justice" in order
    assert "certified copies of this order" in order
    assert "The People ____________________ (opposed / did not oppose) the motion." in order


def test_item26_specific_iac_finding_names_the_acts_and_the_pleas() -> None:
    order = _order("09")
    assert "in the respects stated in paragraph 2" not in order
    assert "by misadvising the moving party about the immigration consequences and failing to " in (
        order
    )
    assert "would not have entered the pleas" in order


# --- item 15: the People's prejudice argument ------------------------------------------------


@pytest.mark.parametrize("prefix", ["01", "05", "09"])
def test_item15_prejudice_answers_the_peoples_argument_with_lee(prefix: str) -> None:
    memo = _memo(prefix)
    start = memo.index("The People's answer does not change the result.")
    assert "Lee" in memo[start : start + 600]


# --- items 19, 20, 29: the right authority for each variant -----------------------------------


def test_item19_iac_rests_on_strickland_hill_and_resendiz() -> None:
    memo = _memo("09")
    start = memo.index("Counsel's performance was also constitutionally deficient")
    iac = memo[start : start + 2500]
    for authority in ("Strickland v. Washington", "Hill v. Lockhart", "Resendiz"):
        assert authority in iac
    assert (
        "the two-part test the United States Supreme Court applied to immigration advice"
        not in (memo)
    )


def test_item20_sb281_advisement_still_says_may() -> None:
    memo = _memo("09")
    assert 'still tell the defendant only that a conviction "may" have' in memo
    assert 'deportation "must" be expected. (People v. Curiel' in memo
    assert "counsel's advice, set out above, that the consequences did not reach him" in memo


def test_item29_trial_variant_argues_each_rejected_offer_element() -> None:
    memo = _memo("02")
    start = memo.index("Where the error concerned an offer the People made")
    section = memo[start : start + 3000]
    for authority in ("Lafler v. Cooper", "Missouri v. Frye", "In re Alvernaz"):
        assert authority in section
    assert "(Ex. C)" in section  # the written offer
    assert "This court routinely approved negotiated misdemeanor battery" in section
    assert "Its terms were less severe." in section


def test_item33_trial_no_advice_heading_is_about_negotiations() -> None:
    memo = _memo("02")
    assert "Counsel gave Mr. Dizon no immigration advice, in plea negotiations or after" in memo
    assert "did not receive accurate immigration advice" not in memo


# --- items 23, 30, 35, 36 ---------------------------------------------------------------------


def test_item30_alternative_sentence_relief_is_pleaded_argued_and_ordered() -> None:
    notice = _memo("02")
    assert "In the alternative, vacate the sentence as legally invalid and resentence" in notice
    assert "Matter of Thomas & Thompson (A.G. 2019) 27 I&N Dec. 674" in notice
    # legal review 2, F2: the sentence-only alternative is its own proposed order (Order B)
    order = _order("02")
    assert "[Alternative, if the Court does not vacate the conviction:]" not in order
    order_b = _paper(_sample_packet("02"), "proposed-order-sentence")
    assert "364 days in county jail as the condition of probation" in order_b


@pytest.mark.parametrize("prefix", ["01", "05"])
def test_item35_prior_1203_4_dismissal_is_answered_and_the_plea_withdrawn_under_1473_7(
    prefix: str,
) -> None:
    """Legal review 2, D1: the § 1203.4 withdrawal was rehabilitative, so the pleas are withdrawn
    again under § 1473.7 and the earlier order is superseded to the extent necessary; D2: the
    § 1203.4 authorities fit the offense (Nunez-Reyes for a drug offense, sample 05)."""
    memo = _memo(prefix)
    assert "The earlier dismissal under section 1203.4 does not bar or moot this motion" in memo
    assert ("Nunez-Reyes v. Holder (9th Cir. 2011) 646 F.3d 684" in memo) is (prefix == "05")
    order = _order(prefix)
    assert "under Penal Code section 1203.4, is superseded by this order" in order
    assert "permitted to withdraw" in order
    asks = memo.index("asks the Court to:")
    notice_relief = memo[asks : memo.index("MEMORANDUM OF POINTS AND AUTHORITIES", asks)]
    assert "under section 1473.7, subdivision (f)(3), on the ground of legal invalidity" in (
        notice_relief
    )


def test_item36_self_represented_filer_asks_for_appointed_counsel() -> None:
    memo = _memo("05")
    assert "Appoint counsel to represent Ms. Herrera at the hearing" in memo
    assert "asks the Court to appoint counsel for the hearing" in memo
    assert "The request for appointment of counsel is ____" in _order("05")
    assert "appoint counsel" not in _memo("09").lower()  # represented: no request


def test_item36_appointment_is_only_for_self_represented_filers() -> None:
    data = _data("09")
    data["relief"]["appoint_counsel"] = True
    memo = _paper(_engine().assemble(_case(data)), "notice-of-motion")
    assert "Appoint counsel" not in memo


# --- item 43: (a)(2) is flagged until its case law is added -------------------------------------


def test_item43_actual_innocence_standard_is_flagged_for_the_attorney() -> None:
    packet = _sample_packet("06")
    assert any("memo.innocence" in line for line in packet.verify)


# --- the smaller items: 17(b), sentence, titles, conclusion, next step, warnings -------------------


def test_a_17b_reduction_is_stated_wherever_the_count_is_cited() -> None:
    packet = _sample_packet("06")
    for slug in ("notice-of-motion", "proposed-order"):
        text = _paper(packet, slug)
        assert (
            "Count 1 (Pen. Code, § 487, subd. (c), reduced to a misdemeanor under Pen. Code, § 17, subd. (b))"
            in text
        )
    assert "the court reduced the offense to a misdemeanor under Penal Code section 17" in (
        _memo("06")
    )


def test_item31_probation_is_granted_with_jail_as_its_condition_on_the_sentencing_date() -> None:
    memo = _memo("02")
    assert (
        "On June 28, 2019, the court suspended imposition of sentence and granted 36 months of "
        "formal probation on condition that he serve 365 days in county jail." in memo
    )
    assert "The court imposed 365 days" not in memo


def test_item23_and_38_declaration_titles_agree_and_punctuate() -> None:
    titles = [d.title for d in _sample_packet("09").documents]
    assert any(t.endswith("ON THE IMMIGRATION CONSEQUENCES OF THE CONVICTIONS") for t in titles)
    titles = [d.title for d in _sample_packet("05").documents]
    assert "DECLARATION OF LORENA CASTAÑEDA, PH.D., IN SUPPORT OF MOTION TO VACATE CONVICTION" in (
        titles
    )


def test_item23_memorandum_relies_on_the_expert_rather_than_repeating_the_expert() -> None:
    data = _data("09")
    explanation = " ".join(data["grounds"]["a1"]["safe_alternative"]["explanation"].split())
    memo = _memo("09")
    assert explanation[:80] not in memo
    assert "(Sadeghi Decl. ¶" in memo


def test_item25_conclusion_repeats_every_request() -> None:
    memo = _memo("09")
    conclusion = memo[memo.rindex("For these reasons") :]
    assert "find specifically that Mr. Melnyk was denied the effective assistance" in conclusion
    assert "Respectfully submitted," in conclusion
    assert (
        "in the alternative, vacate the sentence" in _memo("02")[_memo("02").rindex("For these") :]
    )


def test_immigration_next_step_is_stated_when_proceedings_are_pending() -> None:
    assert "will present the Court's order to the immigration authorities" in _memo("09")
    assert "with a motion to reopen the removal proceedings" in _memo("03")


def test_item41_rja_warning_names_sb_734() -> None:
    problems = problems_of(_data("07"))
    (warning,) = find(problems, "a3.verify_sb734")
    assert warning.reason and "SB 734" in warning.reason


def test_item32_classification_without_a_charging_document_or_expert_is_warned() -> None:
    data = _data("09")
    data["immigration"].pop("notice_to_appear_date")
    data["immigration"]["proceedings_status"] = "none"
    data["immigration"].pop("immigration_court", None)
    data["immigration"].pop("next_hearing_date", None)
    data["declarations"] = [d for d in data["declarations"] if d["kind"] != "immigration_expert"]
    assert find(problems_of(data), "a1.expert", "declarations")
    assert not find(problems_of(_data("09")), "a1.expert")


def test_item16_removal_grounds_enter_the_table_of_authorities() -> None:
    from assembler.document import TableOfAuthorities

    packet = _engine().assemble(_case(_data("09")), tables=True)
    notice = next(d for d in packet.documents if d.slug == "notice-of-motion")
    (table,) = [b for b in notice.blocks if isinstance(b, TableOfAuthorities)]
    listed = {f"{a.before}{a.italic}{a.after}" for _, group in table.groups for a in group}
    assert {"8 U.S.C. § 1227", "8 U.S.C. § 1182"} <= {x.replace(" [verify]", "") for x in listed}


def test_item8_proof_of_service_picks_one_address_and_cites_1013b_for_e_service() -> None:
    counsel = _paper(_sample_packet("09"), "proof-of-service")
    assert "My business address is" in counsel and "business or residence" not in counsel
    assert "I am employed in the county where the electronic service" in counsel
    assert "Code Civ. Proc., § 1013b" in counsel
    pro_per = _paper(_sample_packet("05"), "proof-of-service")
    assert "My residence address is" in pro_per
    assert "I am a resident of the county where the mailing" in pro_per
    data = _data("05")
    data["service"]["server"]["address_kind"] = "business"
    stated = _paper(_engine().assemble(_case(data)), "proof-of-service")
    assert "My business address is" in stated


def test_item27_g_notice_gives_the_courthouse_address() -> None:
    notice = _paper(_sample_packet("09"), "notice-to-prior-counsel")
    assert "(Gordon D. Schaber Sacramento County Courthouse, 720 Ninth Street, Sacramento, CA" in (
        notice
    )


def test_item24_the_moving_party_authenticates_the_documents_only_they_can() -> None:
    declaration = _paper(_sample_packet("09"), "declaration-of-moving-party")
    assert "Exhibit D to the motion is a true copy of the original. I wrote the e-mail" in (
        declaration
    )
    assert "I received his reply the same day, December 2, 2025" in declaration
    index = _paper(_sample_packet("09"), "exhibit-list")
    assert "Exhibit D is also authenticated in Mr. Melnyk's own declaration" in index


def _renotice() -> dict[str, Any]:
    data = _data("08")
    data["hearing"] = {
        "date": "2027-02-09",
        "time": "08:30",
        "department": "12",
        "renotice_of": data["filing_date"],
    }
    data["filing_date"] = "2026-12-02"
    return data


def test_item45_a_renotice_is_the_notice_of_hearing_and_its_proof_only() -> None:
    packet = _engine().assemble(_case(_renotice()))
    assert [d.slug for d in packet.documents] == ["notice-of-hearing", "proof-of-service"]
    notice = _paper(packet, "notice-of-hearing")
    assert "filed on August 14, 2026, with the hearing to be set, has been set for hearing on" in (
        notice
    )
    assert "February 9, 2027, at 8:30 a.m." in notice and "Department 12" in notice
    proof = _paper(packet, "proof-of-service")
    assert "NOTICE OF HEARING ON MOTION TO VACATE CONVICTION" in proof
    assert "Exhibit A" not in proof and "and exhibits" not in proof


def test_item45_renotice_needs_the_set_hearing_and_an_earlier_filing() -> None:
    data = _renotice()
    data["hearing"]["renotice_of"] = "2026-12-20"
    assert find(problems_of(data), "hearing.renotice", "hearing.renotice_of")
    data = _renotice()
    data["hearing"] = {"to_be_set": True, "renotice_of": "2026-08-14"}
    assert find(problems_of(data), "hearing.renotice", "hearing.renotice_of")
    assert not find(problems_of(_renotice()), "hearing.renotice")


def test_item45_a_renotice_build_attaches_no_exhibits(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from assembler.cli import main

    case = tmp_path / "renotice.json"
    case.write_text(json.dumps(_renotice()), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(case), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "renotice"
    names = sorted(p.name for p in folder.iterdir())
    assert "01-notice-of-hearing.pdf" in names and "02-proof-of-service.pdf" in names
    assert not any("memorandum" in n or "exhibit" in n for n in names)


def test_item28_relief_after_vacatur_is_asked_argued_and_left_for_the_court() -> None:
    memo = _memo("09")
    assert "Then refer the case for a determination of eligibility for pretrial diversion" in memo
    assert "once the pleas are withdrawn, to refer the case" in memo
    order = _order("09")
    assert "request that the Court refer the case for a determination of eligibility" in order
