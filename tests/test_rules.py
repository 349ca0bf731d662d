"""Legal-requirement rules: each one fires on the fact pattern it guards, and only then."""

from __future__ import annotations

from typing import Any

import pytest

from assembler.errors import Severity
from tests.support import errors_of, find, problems_of


def test_base_case_has_no_errors(case: dict[str, Any]) -> None:
    assert errors_of(case) == []


# --- required facts with reasons ---------------------------------------------------------------


def test_missing_required_fact_names_path_and_reason(case: dict[str, Any]) -> None:
    del case["moving_party"]["legal_name"]
    [problem] = find(problems_of(case), "required.missing", "moving_party.legal_name")
    assert problem.message == "required"
    assert problem.severity is Severity.ERROR
    assert problem.reason == "the caption and every declaration use the moving party's legal name"


def test_blank_text_counts_as_missing(case: dict[str, Any]) -> None:
    case["criminal_case"]["case_number"] = "   "
    assert find(problems_of(case), "required.missing", "criminal_case.case_number")


def test_missing_section_is_reported_once_at_the_section(case: dict[str, Any]) -> None:
    del case["relief"]
    problems = problems_of(case)
    assert find(problems, "required.missing", "relief")
    assert not [p for p in problems if p.path.startswith("relief.")]


def test_empty_list_of_counts_is_missing(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"] = []
    assert find(problems_of(case), "required.missing", "criminal_case.counts")


def test_placeholder_text_is_an_error(case: dict[str, Any]) -> None:
    case["moving_party"]["country_of_birth"] = "FILL IN: country of birth"
    [problem] = find(problems_of(case), "placeholder")
    assert problem.path == "moving_party.country_of_birth"


def test_placeholder_in_a_list_of_text(case: dict[str, Any]) -> None:
    case["moving_party"]["other_names"] = ["Jose R.", "fill in: other"]
    [problem] = find(problems_of(case), "placeholder")
    assert problem.path == "moving_party.other_names[1]"


# --- who files -------------------------------------------------------------------------------


def test_counsel_without_state_bar_number(case: dict[str, Any]) -> None:
    del case["filing_counsel"]["state_bar_number"]
    [problem] = find(problems_of(case), "required.missing", "filing_counsel.state_bar_number")
    assert "rule 2.111(1)" in (problem.reason or "")


def test_neither_counsel_nor_self_represented(case: dict[str, Any]) -> None:
    del case["filing_counsel"]
    case["declarations"] = [d for d in case["declarations"] if d["kind"] != "filing_counsel"]
    [problem] = find(problems_of(case), "representation.none")
    assert problem.path == "filing_counsel"


def test_self_represented_with_counsel_is_contradictory(case: dict[str, Any]) -> None:
    case["self_represented"] = True
    assert find(problems_of(case), "representation.both", "filing_counsel")


def test_self_represented_needs_an_address(case: dict[str, Any]) -> None:
    case["self_represented"] = True
    del case["filing_counsel"]
    case["declarations"] = [d for d in case["declarations"] if d["kind"] != "filing_counsel"]
    problems = problems_of(case)
    assert find(problems, "representation.pro_per_address", "moving_party.mailing_address")
    case["moving_party"]["mailing_address"] = {
        "street": "1 Example Way",
        "city": "Whittier",
        "state": "CA",
        "postal_code": "90601",
    }
    assert errors_of(case) == []


def test_us_address_needs_state_and_zip_but_foreign_does_not(case: dict[str, Any]) -> None:
    address = case["filing_counsel"]["address"]
    del address["postal_code"]
    assert find(problems_of(case), "address.us", "filing_counsel.address.postal_code")
    address["country"] = "Mexico"
    del address["state"]
    assert not find(problems_of(case), "address.us")


# --- custody gate ----------------------------------------------------------------------------


def test_still_in_criminal_custody_blocks(case: dict[str, Any]) -> None:
    case["moving_party"]["custody"]["in_criminal_custody_on_this_case"] = True
    [problem] = find(problems_of(case), "custody.gate")
    assert problem.severity is Severity.ERROR
    assert "Rodriguez" in (problem.reason or "")


def test_supervision_in_another_case_is_no_bar(case: dict[str, Any]) -> None:
    case["moving_party"]["custody"]["other_supervision"] = "summary probation in another case"
    assert errors_of(case) == []


def test_custody_ending_before_conviction(case: dict[str, Any]) -> None:
    case["criminal_case"]["custody_ended_on"] = "2010-01-01"  # before count 2's plea in 2011
    assert find(problems_of(case), "dates.custody_before_conviction")


def test_missing_custody_end_date_warns(case: dict[str, Any]) -> None:
    del case["criminal_case"]["custody_ended_on"]
    [problem] = find(problems_of(case), "custody.end_date")
    assert problem.severity is Severity.WARNING


def test_probation_running_past_filing_warns_to_verify(case: dict[str, Any]) -> None:
    case["criminal_case"]["probation_ended_on"] = "2027-06-01"
    [problem] = find(problems_of(case), "custody.probation")
    assert problem.severity is Severity.WARNING
    assert "Verify" in problem.message


def test_probation_ending_before_sentence(case: dict[str, Any]) -> None:
    case["criminal_case"]["probation_ended_on"] = "2008-01-01"
    assert find(problems_of(case), "dates.probation_before_sentence")


# --- the person ------------------------------------------------------------------------------


def test_arrival_needs_date_or_age(case: dict[str, Any]) -> None:
    case["moving_party"]["entry"] = {"manner": "with a visa"}
    assert find(problems_of(case), "moving_party.arrival", "moving_party.entry.date")
    case["moving_party"]["entry"] = {"age_at_arrival": 9}
    assert not find(problems_of(case), "moving_party.arrival")


def test_age_at_arrival_must_match_birth_and_entry(case: dict[str, Any]) -> None:
    case["moving_party"]["entry"]["age_at_arrival"] = 25
    assert find(problems_of(case), "moving_party.age_mismatch")


def test_entry_before_birth(case: dict[str, Any]) -> None:
    case["moving_party"]["entry"]["date"] = "1970-01-01"
    assert find(problems_of(case), "dates.entry_before_birth")


def test_visa_status_needs_detail(case: dict[str, Any]) -> None:
    case["moving_party"]["immigration_status"] = "visa"
    assert find(problems_of(case), "moving_party.status_detail")
    case["moving_party"]["immigration_status_detail"] = "H-1B"
    assert not find(problems_of(case), "moving_party.status_detail")


# --- counts and dates ------------------------------------------------------------------------


def test_plea_after_sentence(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][0]["sentence_date"] = "2009-03-01"
    [problem] = find(problems_of(case), "dates.plea_after_sentence")
    assert problem.path == "criminal_case.counts[0].plea_or_verdict_date"


def test_offense_after_plea(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][1]["offense_date"] = "2011-08-01"
    assert find(
        problems_of(case), "dates.offense_after_plea", "criminal_case.counts[1].offense_date"
    )


def test_duplicate_count_numbers(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][1]["number"] = 1
    assert len(find(problems_of(case), "counts.duplicate")) == 2


def test_17b_reduction_needs_a_felony(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][0]["reduced_17b_on"] = "2012-01-01"
    assert find(problems_of(case), "counts.17b_level")
    case["criminal_case"]["counts"][0]["level"] = "felony"
    assert not find(problems_of(case), "counts.17b_level")


def test_dej_without_completion_warns_about_e2(case: dict[str, Any]) -> None:
    case["criminal_case"]["counts"][0]["disposition"] = "deferred_entry_of_judgment"
    [problem] = find(problems_of(case), "counts.dej_completion")
    assert "§ 1473.7(f)(2)" in (problem.reason or "")
    case["criminal_case"]["later_relief"].append({"kind": "dej_completed", "date": "2010-09-01"})
    assert not find(problems_of(case), "counts.dej_completion")


@pytest.mark.parametrize(("plea_date", "warned"), [("2017-12-29", False), ("2018-01-02", True)])
def test_dej_plea_after_2018_warns(case: dict[str, Any], plea_date: str, warned: bool) -> None:
    count = case["criminal_case"]["counts"][0]
    count["disposition"] = "deferred_entry_of_judgment"
    count["offense_date"] = count["plea_or_verdict_date"] = count["sentence_date"] = plea_date
    case["criminal_case"]["counts"] = [count]
    case["relief"]["vacate_counts"] = [1]
    case["immigration"]["consequences"] = case["immigration"]["consequences"][:1]
    found = find(problems_of(case), "counts.dej_after_2018", "criminal_case.counts[0].disposition")
    assert bool(found) is warned


def test_translator_follows_the_declaration_language_then_reading(case: dict[str, Any]) -> None:
    case["moving_party"]["language"]["reads_english"] = True
    del case["declarations"][0]["language"]
    del case["declarations"][0]["translator"]
    assert not find(problems_of(case), "declarations.translator", "declarations[0].translator")
    case["declarations"][0]["language"] = "Spanish"
    assert find(problems_of(case), "declarations.translator", "declarations[0].translator")


@pytest.mark.parametrize(("plea_date", "warned"), [("2025-12-31", False), ("2026-01-01", True)])
def test_sb281_advisement_keyed_on_plea_date(
    case: dict[str, Any], plea_date: str, warned: bool
) -> None:
    count = case["criminal_case"]["counts"][1]
    count["offense_date"] = count["plea_or_verdict_date"] = count["sentence_date"] = plea_date
    case["criminal_case"]["custody_ended_on"] = plea_date
    case["criminal_case"]["probation_ended_on"] = "2026-06-01"
    assert bool(find(problems_of(case), "advisement.sb281")) is warned


def test_sb281_reminder_is_once_per_case_and_moot_when_the_verbatim_advisement_is_recorded(
    case: dict[str, Any],
) -> None:
    for count in case["criminal_case"]["counts"]:
        count["offense_date"] = count["plea_or_verdict_date"] = count["sentence_date"] = (
            "2026-01-05"
        )
    case["criminal_case"]["custody_ended_on"] = "2026-01-05"
    case["criminal_case"]["probation_ended_on"] = "2026-06-01"
    case["criminal_case"]["later_relief"] = []
    warned = find(problems_of(case), "advisement.sb281")
    assert [p.path for p in warned] == ["criminal_case.counts[0].plea_or_verdict_date"]
    case["grounds"]["a1"]["advisement"]["court_advisement"] = "verbatim_sb281"
    assert not find(problems_of(case), "advisement.sb281")


def test_later_relief_naming_unknown_count(case: dict[str, Any]) -> None:
    case["criminal_case"]["later_relief"][0]["counts"] = [1, 5]
    assert find(problems_of(case), "counts.unknown", "criminal_case.later_relief[0].counts[1]")


# --- immigration (f)(1) ----------------------------------------------------------------------


def test_a1_without_consequence(case: dict[str, Any]) -> None:
    case["immigration"]["consequences"] = []
    [problem] = find(problems_of(case), "a1.no_consequence")
    assert problem.path == "immigration.consequences"
    assert "§ 1473.7(f)(1)" in (problem.reason or "")


def test_consequence_for_unknown_count(case: dict[str, Any]) -> None:
    case["immigration"]["consequences"][1]["count"] = 9
    assert find(problems_of(case), "counts.unknown", "immigration.consequences[1].count")


def test_other_consequence_needs_description(case: dict[str, Any]) -> None:
    case["immigration"]["consequences"][0]["categories"] = ["other"]
    assert find(problems_of(case), "immigration.other")


def test_count_with_consequence_not_vacated_warns(case: dict[str, Any]) -> None:
    case["relief"]["vacate_counts"] = [1]
    [problem] = find(problems_of(case), "relief.consequence_not_vacated")
    assert "count 2" in problem.message


def test_notice_before_conviction_warns(case: dict[str, Any]) -> None:
    case["immigration"]["notice_to_appear_date"] = "2005-01-01"
    assert find(
        problems_of(case), "dates.notice_before_conviction", "immigration.notice_to_appear_date"
    )


def test_removal_order_status_without_date(case: dict[str, Any]) -> None:
    case["immigration"]["proceedings_status"] = "removal_ordered"
    assert find(problems_of(case), "immigration.order_date")


# --- grounds ---------------------------------------------------------------------------------


def test_no_ground_pleaded(case: dict[str, Any]) -> None:
    case["grounds"] = {}
    assert find(problems_of(case), "grounds.none", "grounds")


def test_a1_without_error_theory(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["error_theories"] = []
    assert find(problems_of(case), "required.missing", "grounds.a1.error_theories")


@pytest.mark.parametrize(
    ("theory", "field"),
    [
        ("own_misunderstanding", "client_understanding"),
        ("no_safe_disposition_sought", "safe_alternative"),
        ("interpreter_problems", "interpreter_problems"),
        ("generic_may_warning_only", "advisement"),
    ],
)
def test_each_theory_needs_its_facts(case: dict[str, Any], theory: str, field: str) -> None:
    a1 = case["grounds"]["a1"]
    a1["error_theories"] = [theory]
    del a1[field]
    [problem] = find(problems_of(case), f"a1.theory_facts.{theory}")
    assert problem.path == f"grounds.a1.{field}"


def test_no_objective_corroboration_warns(case: dict[str, Any]) -> None:
    for exhibit in case["exhibits"]:
        exhibit["supports"] = ["conviction_record"]
    case["grounds"]["a1"]["contemporaneous_evidence"] = []
    case["declarations"] = [d for d in case["declarations"] if d["kind"] != "other"]
    [problem] = find(problems_of(case), "a1.corroboration")
    assert problem.severity is Severity.WARNING
    assert "Vivar" in (problem.reason or "") and "Espinoza" in (problem.reason or "")


def test_missing_priorities_warns(case: dict[str, Any]) -> None:
    del case["grounds"]["a1"]["priorities_at_plea"]
    assert find(problems_of(case), "a1.priorities")


def test_contemporaneous_evidence_names_unknown_exhibit(case: dict[str, Any]) -> None:
    case["grounds"]["a1"]["contemporaneous_evidence"][0]["exhibit"] = "Z"
    assert find(problems_of(case), "exhibits.unknown")


def test_a3_is_always_flagged_for_verification_of_sb_734(case: dict[str, Any]) -> None:
    case["grounds"]["a3"] = {
        "violations": ["745_a_4"],
        "facts": "Sentencing data shows a disparity",
        "discovered_on": "2026-08-01",
    }
    [problem] = find(problems_of(case), "a3.verify_sb734")
    assert problem.severity is Severity.WARNING
    assert "SB 734 (Stats. 2025, ch. 784)" in (problem.reason or "")


def test_a2_long_after_discovery_warns_under_c(case: dict[str, Any]) -> None:
    case["grounds"]["a2"] = {
        "new_evidence": "Store video showing another person",
        "discovered_on": "2024-01-01",
        "how_discovered": "Produced in a civil case",
    }
    [problem] = find(problems_of(case), "timeliness.undue_delay", "grounds.a2.delay_explanation")
    assert "(c)" in (problem.reason or "")


# --- timeliness (b)(2) -----------------------------------------------------------------------


def test_late_filing_without_diligence_narrative_warns(case: dict[str, Any]) -> None:
    del case["timeliness"]
    case["filing_date"] = "2028-01-10"
    case["hearing"]["date"] = "2028-02-10"
    case["service"]["date"] = "2028-01-10"
    [problem] = find(problems_of(case), "timeliness.diligence")
    assert problem.severity is Severity.WARNING
    assert "days after the latest immigration notice" in problem.message
    assert "Perez" in (problem.reason or "")


def test_recent_filing_needs_no_narrative(case: dict[str, Any]) -> None:
    del case["timeliness"]
    assert not find(problems_of(case), "timeliness.diligence")


# --- relief ----------------------------------------------------------------------------------


def test_relief_naming_unknown_count(case: dict[str, Any]) -> None:
    case["relief"]["vacate_counts"] = [1, 2, 7]
    assert find(problems_of(case), "counts.unknown", "relief.vacate_counts[2]")


def test_withdraw_plea_after_trial(case: dict[str, Any]) -> None:
    for count in case["criminal_case"]["counts"]:
        count["disposition"] = "trial_verdict"
    assert find(problems_of(case), "relief.no_plea", "relief.withdraw_plea")
    case["relief"]["withdraw_plea"] = False
    assert not find(problems_of(case), "relief.no_plea")


def test_plea_only_theories_on_a_trial_conviction_warn(case: dict[str, Any]) -> None:
    for count in case["criminal_case"]["counts"]:
        count["disposition"] = "trial_verdict"
    case["relief"]["withdraw_plea"] = False
    problems = problems_of(case)
    [theory] = find(problems, "a1.trial_theory")
    assert theory.path == "grounds.a1.error_theories[1]"  # generic_may_warning_only
    [choice] = find(problems, "a1.trial_choice")
    assert choice.path == "grounds.a1.would_have[1]"  # go_to_trial
    assert "Singh" in (choice.reason or "")


def test_iac_finding_needs_prior_counsel_for_g_notice(case: dict[str, Any]) -> None:
    case["relief"]["specific_iac_finding"] = True
    del case["prior_counsel"]
    [problem] = find(problems_of(case), "iac.no_prior_counsel")
    assert "§ 1473.7(h)" in (problem.reason or "")


def test_iac_finding_needs_prior_counsel_address(case: dict[str, Any]) -> None:
    case["relief"]["specific_iac_finding"] = True
    assert find(problems_of(case), "iac.no_address", "prior_counsel.address")


def test_detained_without_presence_request_warns(case: dict[str, Any]) -> None:
    case["moving_party"]["custody"]["immigration_detention"] = {"facility": "Example Center"}
    assert find(problems_of(case), "presence.consider")


def test_presence_request_for_detention_needs_facility(case: dict[str, Any]) -> None:
    case["relief"]["without_personal_presence"] = {"reason": "detained", "explanation": "held"}
    assert find(problems_of(case), "presence.detention_missing")


# --- hearing ---------------------------------------------------------------------------------


def test_hearing_before_service(case: dict[str, Any]) -> None:
    case["hearing"]["date"] = "2026-12-01"
    assert find(problems_of(case), "dates.hearing_before_service", "hearing.date")


def test_hearing_to_be_set_is_a_warning(case: dict[str, Any]) -> None:
    case["hearing"] = {"to_be_set": True}
    [problem] = find(problems_of(case), "hearing.to_be_set")
    assert problem.severity is Severity.WARNING


def test_hearing_needs_date_time_department(case: dict[str, Any]) -> None:
    case["hearing"] = {"date": "2027-01-15"}
    paths = {p.path for p in find(problems_of(case), "hearing.missing")}
    assert paths == {"hearing.time", "hearing.department"}


# --- declarations and exhibits ---------------------------------------------------------------


def test_translator_needed_when_declarant_does_not_read_english(case: dict[str, Any]) -> None:
    del case["declarations"][0]["translator"]
    [problem] = find(problems_of(case), "declarations.translator", "declarations[0].translator")
    assert problem.severity is Severity.WARNING
    assert "add the translator" in problem.message


def test_prior_counsel_declaration_needs_availability(case: dict[str, Any]) -> None:
    case["declarations"].append({"kind": "prior_counsel"})
    assert find(problems_of(case), "declarations.prior_unavailable")


def test_counsel_declaration_when_self_represented(case: dict[str, Any]) -> None:
    case["self_represented"] = True
    del case["filing_counsel"]
    assert find(problems_of(case), "declarations.no_counsel", "declarations[1].kind")


def test_expert_declaration_needs_declarant(case: dict[str, Any]) -> None:
    case["declarations"].append({"kind": "immigration_expert"})
    assert find(problems_of(case), "declarations.declarant", "declarations[3].declarant")


def test_dated_declaration_needs_place(case: dict[str, Any]) -> None:
    case["declarations"][1] = {"kind": "filing_counsel", "executed_on": "2026-12-01"}
    assert find(problems_of(case), "declarations.place", "declarations[1].executed_at")


def test_declaration_signed_after_service(case: dict[str, Any]) -> None:
    case["declarations"][1]["executed_on"] = "2026-12-05"
    assert find(problems_of(case), "dates.declaration_after_service")


def test_a1_moving_party_declaration_needs_an_account(case: dict[str, Any]) -> None:
    del case["declarations"][0]["account"]
    [problem] = find(problems_of(case), "declarations.account")
    assert problem.path == "declarations[0].account"
    assert problem.severity is Severity.ERROR
    assert "Vivar" in (problem.reason or "")


@pytest.mark.parametrize("part", ["told", "would_have"])
def test_account_needs_what_was_told_and_what_they_would_have_done(
    case: dict[str, Any], part: str
) -> None:
    del case["declarations"][0]["account"][part]
    [problem] = find(problems_of(case), "declarations.account")
    assert problem.path == f"declarations[0].account.{part}"
    assert problem.severity is Severity.ERROR


def test_blank_account_part_counts_as_missing(case: dict[str, Any]) -> None:
    case["declarations"][0]["account"]["told"] = "  "
    [problem] = find(problems_of(case), "declarations.account")
    assert problem.path == "declarations[0].account.told"


def test_other_account_parts_are_optional(case: dict[str, Any]) -> None:
    account = case["declarations"][0]["account"]
    for part in ("life", "understood", "mattered", "since"):
        del account[part]
    assert not find(problems_of(case), "declarations.account")
    assert errors_of(case) == []


def test_a2_only_case_needs_no_account(case: dict[str, Any]) -> None:
    case["grounds"] = {
        "a2": {
            "new_evidence": "Store video showing another person",
            "discovered_on": "2026-09-01",
            "how_discovered": "Produced by the store's insurer in a civil case",
        }
    }
    del case["declarations"][0]["account"]
    assert not find(problems_of(case), "declarations.account")
    assert errors_of(case) == []


def test_account_only_in_the_moving_party_declaration(case: dict[str, Any]) -> None:
    case["declarations"][1]["account"] = {"told": "I told him the plea was safe."}
    [problem] = find(problems_of(case), "declarations.account_kind")
    assert problem.path == "declarations[1].account"
    assert problem.severity is Severity.ERROR
    assert "use statements" in problem.message


def test_witness_declaration_needs_statements(case: dict[str, Any]) -> None:
    case["declarations"][2]["statements"] = []
    [problem] = find(problems_of(case), "declarations.statements")
    assert problem.path == "declarations[2].statements"
    assert problem.severity is Severity.ERROR


def test_prior_counsel_declaration_needs_statements(case: dict[str, Any]) -> None:
    case["prior_counsel"]["declaration_available"] = True
    signed = {"executed_on": "2026-12-01", "executed_at": "Sacramento, California"}
    case["declarations"].append({"kind": "prior_counsel", **signed})
    [problem] = find(problems_of(case), "declarations.statements")
    assert problem.path == "declarations[3].statements"
    case["declarations"][3]["statements"] = ["I did not research the immigration consequences."]
    assert errors_of(case) == []


def test_expert_without_qualifications_warns(case: dict[str, Any]) -> None:
    expert: dict[str, Any] = {
        "kind": "immigration_expert",
        "declarant": {"name": "Example Expert", "title": "Attorney at Law"},
        "executed_on": "2026-12-01",
        "executed_at": "Los Angeles, California",
    }
    case["declarations"].append(expert)
    [problem] = find(problems_of(case), "declarations.expert_qualifications")
    assert problem.path == "declarations[3].declarant.qualifications"
    assert problem.severity is Severity.WARNING
    assert errors_of(case) == []  # an expert's statements are optional
    expert["declarant"]["qualifications"] = "I have practiced immigration law since 2009."
    assert not find(problems_of(case), "declarations.expert_qualifications")


def test_duplicate_exhibit_labels(case: dict[str, Any]) -> None:
    case["exhibits"][1]["label"] = "A"
    assert len(find(problems_of(case), "exhibits.duplicate")) == 2


def test_exhibit_file_must_exist_as_pdf(case: dict[str, Any], tmp_path: Any) -> None:
    case["exhibits"][0]["file"] = "exhibits/a.pdf"
    assert find(problems_of(case, tmp_path), "exhibits.missing_file", "exhibits[0].file")
    (tmp_path / "exhibits").mkdir()
    (tmp_path / "exhibits" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    assert not find(problems_of(case, tmp_path), "exhibits.missing_file")
    case["exhibits"][0]["file"] = "exhibits/a.docx"
    assert find(problems_of(case, tmp_path), "exhibits.not_pdf")


def test_foreign_language_exhibit_without_translation_warns(case: dict[str, Any]) -> None:
    case["exhibits"][3]["certified_translation"] = False
    assert find(problems_of(case), "exhibits.translation", "exhibits[3].certified_translation")


# --- service ---------------------------------------------------------------------------------


def test_electronic_service_needs_agency_email(case: dict[str, Any]) -> None:
    case["service"]["method"] = "electronic"
    assert find(problems_of(case), "service.email", "criminal_case.prosecuting_agency.email")


def test_electronic_service_needs_server_email(case: dict[str, Any]) -> None:
    case["service"]["method"] = "electronic"
    case["criminal_case"]["prosecuting_agency"]["email"] = "service@da.example"
    assert find(problems_of(case), "service.server_email", "service.server.email")
    case["service"]["server"]["email"] = "staff@clinic.example"
    assert errors_of(case) == []


def test_server_cannot_be_the_moving_party(case: dict[str, Any]) -> None:
    case["service"]["server"]["name"] = "  josé luis  RAMÍREZ ortega "
    assert find(problems_of(case), "service.server_is_party")


# --- messages never repeat client data -------------------------------------------------------


def test_messages_do_not_echo_client_data(case: dict[str, Any]) -> None:
    secret = "Xylophone Quartermaine"
    case["moving_party"]["legal_name"] = secret
    case["moving_party"]["a_number"] = "not-an-a-number " + secret
    case["moving_party"]["pronouns"] = secret
    case["court"]["county"] = secret
    case["service"]["server"]["name"] = secret
    case["moving_party"]["date_of_birth"] = secret
    for problem in problems_of(case):
        assert secret not in f"{problem.path} {problem.message} {problem.reason}"


def test_an_offense_dated_before_birth_is_reported_once(case: dict[str, Any]) -> None:
    """Two rules used to check the same pair of dates and report it twice."""
    case["criminal_case"]["counts"][0]["offense_date"] = "1950-01-01"
    found = find(problems_of(case), "dates.offense_before_birth")
    assert [p.path for p in found] == ["criminal_case.counts[0].offense_date"]


def test_no_validate_message_names_a_field_by_its_json_path() -> None:
    """validate's messages say what to do in words (issue 25, part 3): the path is where the
    problem is, never a name the reader must know. Every sample, the invalid ones included."""
    import json
    import re

    from tests.support import SAMPLES, problems_of

    dotted = re.compile(r"\b[a-z]+_?[a-z]*\.[a-z_]+(?:\[\d*\])?(?:\.[a-z_]+)*\b")
    allowed = re.compile(r"\b(?:e\.g|i\.e|subd|seq)\.")
    for path in [*SAMPLES.glob("*.json"), *SAMPLES.glob("invalid/*.json")]:
        data = json.loads(path.read_text(encoding="utf-8"))
        for problem in problems_of(data, path.parent):
            named = [m for m in dotted.findall(problem.message) if not allowed.search(m + ".")]
            assert not named, (path.name, problem.path, problem.message)
