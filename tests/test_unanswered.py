"""Facts without an answer yet (issue 25, part 1): "ask the attorney" and "does not apply" in the
case file's ``unanswered`` object, as validate, the papers, the review and the edit form see
them; and drafts that count every gap they carry, placeholder text included."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from assembler.casefile.unanswered import question
from assembler.cli import main, write_empty_case
from assembler.edit.app import EditSession, create_app
from assembler.errors import Severity
from assembler.rules import check_data
from assembler.starter import is_placeholder, starter_case
from tests.support import BASE_SAMPLE, draft_papers, sample_data, sample_variant

NOTE = "the docket is not at hand"


@pytest.fixture
def case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    return data


def _asked_case_number(case: dict[str, Any]) -> dict[str, Any]:
    del case["criminal_case"]["case_number"]
    case["unanswered"] = {"criminal_case.case_number": {"state": "ask", "note": NOTE}}
    return case


def _write(tmp_path: Path, case: dict[str, Any], name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def _at(problems: list[Any], path: str) -> list[Any]:
    return [p for p in problems if p.path == path]


# --- the model and validate ---------------------------------------------------------------------


def test_a_required_fact_marked_ask_is_a_question_for_the_attorney_not_an_error(
    case: dict[str, Any],
) -> None:
    missing = json.loads(json.dumps(case))
    del missing["criminal_case"]["case_number"]
    assert [p.severity for p in _at(check_data(missing), "criminal_case.case_number")] == [
        Severity.ERROR
    ]
    [problem] = _at(check_data(_asked_case_number(case)), "criminal_case.case_number")
    assert problem.severity is Severity.QUESTION
    assert problem.code == "unanswered.ask"
    assert question("criminal_case.case_number", NOTE) in problem.message
    assert NOTE in problem.message


def test_validate_prints_questions_and_exits_0_but_final_refuses_them(
    case: dict[str, Any], tmp_path: Path
) -> None:
    path = _write(tmp_path, _asked_case_number(case))
    runner = CliRunner()
    drafting = runner.invoke(main, ["validate", str(path)])
    assert drafting.exit_code == 0, drafting.output
    assert re.search(r"^\s+question\s+criminal_case\.case_number: ", drafting.output, re.M)
    assert "valid (1 question for the attorney" in drafting.output
    final = runner.invoke(main, ["validate", "--final", str(path)])
    assert final.exit_code == 1
    assert re.search(r"^\s+error\s+criminal_case\.case_number: ", final.output, re.M)
    as_json = json.loads(runner.invoke(main, ["validate", "--json", str(path)]).output)
    [entry] = [p for p in as_json["problems"] if p["path"] == "criminal_case.case_number"]
    assert entry["severity"] == "question"
    assert as_json["valid"] is True


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("moving_party.birth_date", "moving_party has no fact birth_date"),
        ("criminal_case.counts[7].code", "criminal_case.counts has no item [7]"),
        ("moving_party.legal_name.first", "moving_party.legal_name is one fact"),
        ("moving_party..legal_name", "is not the path of a fact"),
    ],
)
def test_a_key_that_is_not_a_fact_of_the_case_is_an_error_naming_it_and_the_fix(
    case: dict[str, Any], key: str, said: str
) -> None:
    case["unanswered"] = {key: {"state": "ask"}}
    [problem] = [p for p in check_data(case) if p.code == "unanswered.path"]
    assert problem.severity is Severity.ERROR
    assert problem.path == "unanswered"
    assert f'"{key}"' in problem.message and said in problem.message


def test_a_close_misspelling_is_answered_with_the_path_meant(case: dict[str, Any]) -> None:
    case["unanswered"] = {"criminal_case.case_numbr": {"state": "ask"}}
    [problem] = [p for p in check_data(case) if p.code == "unanswered.path"]
    assert 'did you mean "criminal_case.case_number"?' in problem.message


def test_does_not_apply_on_a_fact_the_papers_need_stays_an_error_saying_so(
    case: dict[str, Any],
) -> None:
    del case["criminal_case"]["case_number"]
    case["unanswered"] = {"criminal_case.case_number": {"state": "not_applicable"}}
    [problem] = _at(check_data(case), "criminal_case.case_number")
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith("is marked 'does not apply', but the papers need it")


def test_does_not_apply_on_an_optional_fact_silences_its_warning(case: dict[str, Any]) -> None:
    del case["grounds"]["a1"]["priorities_at_plea"]
    where = "grounds.a1.priorities_at_plea"
    warned = _at(check_data(case), where)
    assert warned and all(p.severity is Severity.WARNING for p in warned)
    case["unanswered"] = {where: {"state": "not_applicable"}}
    assert not _at(check_data(case), where)


def test_a_fact_both_answered_and_marked_is_an_error(case: dict[str, Any]) -> None:
    case["unanswered"] = {"criminal_case.case_number": {"state": "ask"}}
    [problem] = _at(check_data(case), "criminal_case.case_number")
    assert problem.severity is Severity.ERROR
    assert problem.code == "unanswered.answered"


# --- the papers and the review ------------------------------------------------------------------


def test_the_papers_print_the_question_where_the_fact_goes_and_the_review_asks_to_write_it(
    case: dict[str, Any], tmp_path: Path
) -> None:
    path = _write(tmp_path, _asked_case_number(case))
    runner = CliRunner()
    built = runner.invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "txt"]
    )
    assert built.exit_code == 0, built.output  # a default build: only a question is left
    folder = tmp_path / "out" / "case"
    asked = f"[ASK: {question('criminal_case.case_number', NOTE)}]"
    notice = (folder / "01-notice-of-motion.txt").read_text(encoding="utf-8")
    assert asked in " ".join(notice.split())
    assert "[MISSING:" not in notice
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "  criminal_case.case_number (ask the attorney)" in report
    assert re.search(r"to write: \[ASK: .*\]  \[write:", report)
    assert "1 gap in the papers" in built.output
    review = runner.invoke(main, ["review", str(path)])
    assert re.search(r"\[ \] write:\S+", review.output)
    assert "[ASK: " in review.output
    final = runner.invoke(
        main, ["build", str(path), "-o", str(tmp_path / "final"), "--format", "txt", "--final"]
    )
    assert final.exit_code == 1
    assert not (tmp_path / "final" / "case" / "01-notice-of-motion.txt").exists()


def test_a_paragraph_whose_words_are_asked_prints_the_question_where_it_was_not_dropped(
    case: dict[str, Any], tmp_path: Path
) -> None:
    # The client's account of what the lawyer said, left for the attorney: the declaration keeps
    # the paragraph and asks there (it used to leave the paragraph out, and the gap with it).
    del case["declarations"][0]["account"]["told"]
    where = "declarations[0].account.told"
    case["unanswered"] = {where: {"state": "ask", "note": NOTE}}
    path = _write(tmp_path, case)
    built = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "txt"]
    )
    assert built.exit_code == 0, built.output
    [declaration] = (tmp_path / "out" / "case").glob("*declaration-of-moving-party.txt")
    text = " ".join(declaration.read_text(encoding="utf-8").split())
    assert f"[ASK: {question(where, NOTE)}]" in text
    assert "1 gap in the papers" in built.output  # counted once, as the question it is


def test_only_an_asked_text_fact_counts_as_given_in_a_clause_condition() -> None:
    from assembler.casefile.grounds import Advisement
    from assembler.views import AskedText, FactView, MissingFact, asked_counts_as_given, asked_facts

    token = asked_facts.set(
        {"a.details": "What did they say?", "a.plea_form_warning": "Was there a warning?"}
    )
    try:
        view = FactView(Advisement(), "a")
        assert isinstance(view.details, AskedText)
        assert not view.details  # in a clause's text: no branch builds on the missing answer
        counts = asked_counts_as_given.set(True)  # in a clause's when: the clause that asks stays
        try:
            assert view.details
        finally:
            asked_counts_as_given.reset(counts)
        flag = view.plea_form_warning
        assert isinstance(flag, MissingFact) and not isinstance(flag, AskedText) and not flag
        assert not view.court_advisement  # a choice not asked: absent
    finally:
        asked_facts.reset(token)


# --- a draft counts every gap, placeholders included ------------------------------------------


def test_a_draft_counts_the_placeholder_text_it_would_have_printed(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    runner = CliRunner()
    assert runner.invoke(main, ["new", str(path)]).exit_code == 0
    built = runner.invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "txt", "--draft"]
    )
    assert built.exit_code == 0, built.output
    folder = tmp_path / "out" / "new"
    papers = "".join(p.read_text(encoding="utf-8") for p in folder.glob("0*.txt"))
    assert "FILL IN" not in papers.upper()
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    listed = report.split("Missing facts")[1].split("\n\n")[0].splitlines()[1:]
    # placeholder text the starter holds, printed as the gap it is and counted
    for fact in ("service.server.name", "moving_party.legal_name", "filing_counsel.name"):
        assert f"  {fact}" in listed
        assert f"[MISSING: {fact}]" in papers
    count = re.search(r"(\d+) gaps? in the papers: (\d+) missing facts?", built.output)
    assert count is not None
    assert int(count[1]) == int(count[2]) == len(listed)


# --- the edit form ------------------------------------------------------------------------------


def _opened(case_file: Path, tmp_path: Path) -> tuple[TestClient, EditSession, dict[str, Any]]:
    session = EditSession(case_file=case_file, outdir=tmp_path / "out", port=8470)
    client = TestClient(create_app(session), base_url="http://127.0.0.1:8470")
    reply = client.get("/api/case", headers={"X-Assembler-Token": session.token}).json()
    return client, session, reply


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_a_new_case_starts_empty(tmp_path: Path) -> None:
    case_file = tmp_path / "cases" / "new.json"
    write_empty_case(case_file)
    written = json.loads(case_file.read_text(encoding="utf-8"))
    assert set(written) == {"$schema", "schema_version"}
    assert case_file.stat().st_mode & 0o777 == 0o600
    _client, _session, reply = _opened(case_file, tmp_path)
    assert set(reply["data"]) == {"$schema", "schema_version"}


def test_a_case_from_assembler_new_opens_blank_and_saves_without_its_placeholders(
    tmp_path: Path,
) -> None:
    case_file = tmp_path / "new.json"
    case_file.write_text(json.dumps(starter_case(None)), encoding="utf-8")
    client, session, reply = _opened(case_file, tmp_path)
    assert not [s for s in _strings(reply["data"]) if is_placeholder(s)]
    assert reply["data"]["moving_party"]["custody"] == starter_case(None)["moving_party"]["custody"]
    checked = client.post(
        "/api/check",
        json={"data": reply["data"]},
        headers={"X-Assembler-Token": session.token, "Origin": "http://127.0.0.1:8470"},
    ).json()
    assert not any("placeholder text" in p["message"] for p in checked["problems"])
    assert not any("starter" in p["message"] for p in checked["problems"])
    saved = client.post(
        "/api/save",
        json={"data": reply["data"], "version": reply["version"]},
        headers={"X-Assembler-Token": session.token, "Origin": "http://127.0.0.1:8470"},
    )
    assert saved.status_code == 200, saved.text
    text = case_file.read_text(encoding="utf-8")
    assert not re.search(r"FILL IN|YYYY-MM-DD", text)
    validated = CliRunner().invoke(main, ["validate", "--json", str(case_file)])
    assert json.loads(validated.output)["problems"] == checked["problems"]


def test_the_form_keeps_the_unanswered_object_when_it_saves(
    case: dict[str, Any], tmp_path: Path
) -> None:
    case_file = _write(tmp_path, _asked_case_number(case))
    client, session, reply = _opened(case_file, tmp_path)
    data = reply["data"]
    data["unanswered"]["moving_party.a_number"] = {"state": "not_applicable"}
    del data["moving_party"]["a_number"]
    headers = {"X-Assembler-Token": session.token, "Origin": "http://127.0.0.1:8470"}
    checked = client.post("/api/check", json={"data": data}, headers=headers).json()
    assert checked["questions"] == 1 and checked["valid"]
    saved = client.post(
        "/api/save", json={"data": data, "version": reply["version"]}, headers=headers
    )
    assert saved.status_code == 200, saved.text
    written = json.loads(case_file.read_text(encoding="utf-8"))
    assert written["unanswered"] == {
        "criminal_case.case_number": {"state": "ask", "note": NOTE},
        "moving_party.a_number": {"state": "not_applicable"},
    }
    assert list(written)[-1] == "unanswered"


def test_the_forms_build_lists_the_questions_apart_and_is_no_draft(
    case: dict[str, Any], tmp_path: Path
) -> None:
    from assembler.build import BuildOptions
    from assembler.edit.jobs import build_reply

    case_file = _write(tmp_path, _asked_case_number(case))
    reply, _written = build_reply(case_file, tmp_path / "out", BuildOptions(formats=("txt",)))
    assert reply["status"] == "built"
    assert reply["draft"] is False  # a question is no error: the papers ask it, [ASK: …]
    assert reply["asked"] == ["criminal_case.case_number"]
    assert reply["missing"] == []


# --- from a paralegal's walkthrough: a count's number cannot wait, nor vanish ----------------


def test_a_counts_number_cannot_be_marked_for_the_attorney() -> None:
    """A count's number names the conviction throughout the papers: marked 'ask', the conviction
    vanished from the notice and the order ("the conviction on ;")."""
    from tests.support import find, problems_of, sample_variant

    def change(data: dict[str, Any]) -> None:
        del data["criminal_case"]["counts"][0]["number"]
        data["unanswered"] = {"criminal_case.counts[0].number": {"state": "ask"}}

    problems = problems_of(sample_variant("01", change))
    (refused,) = find(problems, "unanswered.path")
    assert "a count's number names the conviction" in refused.message
    assert any(  # and the number stays required: a default build refuses the case
        p.path == "criminal_case.counts[0].number" and p.severity is Severity.ERROR
        for p in problems
    )


@pytest.mark.parametrize("how", ["no counts chosen", "counts without numbers"])
def test_a_draft_without_the_counts_to_vacate_says_so_where_the_conviction_is_named(
    how: str,
) -> None:
    from tests.support import draft_papers, sample_variant

    def change(data: dict[str, Any]) -> None:
        if how == "no counts chosen":
            data["relief"]["vacate_counts"] = []
        else:
            for count in data["criminal_case"]["counts"]:
                del count["number"]

    papers = draft_papers(sample_variant("01", change))
    for slug in ("notice-of-motion", "proposed-order"):
        assert "conviction on [MISSING: relief.vacate_counts]" in papers[slug], slug
        assert "conviction on ;" not in papers[slug] and "conviction on in" not in papers[slug]


@pytest.mark.parametrize(
    ("offense", "said", "unsaid"),
    [
        # an offense before 2016 says nothing of the plea's date: the memorandum asks
        ("2011-03-12", "[Say whether section 1016.3", "Section 1016.3, in force when"),
        # a plea follows its offense: one on or after January 1, 2016 puts it after the statute
        ("2017-03-12", "Section 1016.3, in force when", "[Say whether section 1016.3"),
    ],
)
def test_the_law_at_the_plea_is_asked_not_assumed_while_the_pleas_date_is_unknown(
    case: dict[str, Any], tmp_path: Path, offense: str, said: str, unsaid: str
) -> None:
    for count in case["criminal_case"]["counts"]:
        del count["plea_or_verdict_date"]
        count["offense_date"] = offense
        count.pop("sentence_date", None)
    case["unanswered"] = {
        f"criminal_case.counts[{i}].plea_or_verdict_date": {"state": "ask"}
        for i in range(len(case["criminal_case"]["counts"]))
    }
    path = _write(tmp_path, case)
    built = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "txt", "--draft"]
    )
    assert built.exit_code == 0, built.output
    [memo] = (tmp_path / "out" / "case").glob("01-*.txt")
    text = " ".join(memo.read_text(encoding="utf-8").split())
    assert said in text
    assert unsaid not in text
    assert "long before Ms." not in text and "Long before 2011" not in text


def test_a_client_whose_daca_lapsed_never_swears_to_having_it() -> None:
    def lapse(data: dict[str, Any]) -> None:
        data["moving_party"]["immigration_status"] = "daca_lapsed"

    def declaration(papers: dict[str, str]) -> str:
        return next(text for slug, text in papers.items() if "declaration-of-moving" in slug)

    lapsed = declaration(draft_papers(sample_variant("05", lapse)))
    assert "I had Deferred Action for Childhood Arrivals (DACA), but I no longer have it." in lapsed
    assert "I have Deferred Action" not in lapsed
    current = declaration(draft_papers(sample_data("05")))  # the sample's client still has it
    assert "I have Deferred Action for Childhood Arrivals (DACA)." in current


def test_a_translators_name_left_for_the_attorney_is_asked_on_the_signature_line(
    case: dict[str, Any],
) -> None:
    del case["declarations"][0]["translator"]["name"]
    where = "declarations[0].translator.name"
    case["unanswered"] = {where: {"state": "ask", "note": NOTE}}
    papers = draft_papers(case)
    [translation] = [
        t for slug, t in papers.items() if "translator" in slug and "witness" not in slug
    ]
    assert translation.count(f"[ASK: {question(where, NOTE)}]") == 2  # "I, …" and the signature
    assert "[MISSING" not in translation
