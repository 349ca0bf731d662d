"""Facts without an answer yet in the `assembler edit` form, in Debian's chromium (issue 25,
part 1): a field marked "Don't know yet — ask the attorney" with a note is greyed with its state
in words, the problems list shows the question, and Save writes the case file's "unanswered"
object; a new case opens with every field blank."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assembler.casefile.unanswered import question
from assembler.cli import write_starter
from tests.support import BASE_SAMPLE
from tests.test_edit_browser import (
    Editor,
    by_id,
    show,
    sync_api,
    wait_checked,
)

FACT = "criminal_case.case_number"
NOTE = "the docket is not at hand"


def test_a_fact_marked_ask_the_attorney_is_a_question_and_is_saved_as_one(
    page: Any, tmp_path: Path
) -> None:
    case = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    del case["criminal_case"]["case_number"]
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case, ensure_ascii=False, indent=2), encoding="utf-8")
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        wait_checked(page)
        sync_api.expect(
            page.locator(f'#problem-list li.error[data-problem-path="{FACT}"]')
        ).to_have_count(1)

        show(page, f"f:{FACT}:unanswered:ask").click()
        note = by_id(page, f"f:{FACT}:unanswered:note")
        sync_api.expect(note).to_be_focused()
        note.fill(NOTE)
        wait_checked(page)

        # the field is answered by its state: greyed, disabled, the state in words
        sync_api.expect(by_id(page, f"f:{FACT}")).to_be_disabled()
        sync_api.expect(by_id(page, f"f:{FACT}:unanswered")).to_contain_text(
            "Don't know yet: the attorney will be asked."
        )
        # the problems list: a question for the attorney, no longer an error
        asked = page.locator(f'#problem-list li.question[data-problem-path="{FACT}"]')
        sync_api.expect(asked).to_have_count(1)
        sync_api.expect(asked).to_contain_text(NOTE)
        sync_api.expect(
            page.locator(f'#problem-list li.error[data-problem-path="{FACT}"]')
        ).to_have_count(0)

        page.locator("#save").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        assert saved["unanswered"] == {FACT: {"state": "ask", "note": NOTE}}
        assert "case_number" not in saved["criminal_case"]

        # the papers ask the question where the case number goes
        page.locator("#build").click()
        sync_api.expect(page.locator("#packet table.papers")).to_be_visible(timeout=120_000)
        notice = (tmp_path / "out" / "case" / "01-notice-of-motion.txt").read_text(encoding="utf-8")
        assert f"[ASK: {question(FACT, NOTE)}]" in " ".join(notice.split())

        # Clear gives the field back
        show(page, f"f:{FACT}:unanswered:clear").click()
        sync_api.expect(by_id(page, f"f:{FACT}")).to_be_enabled()
        wait_checked(page)
        sync_api.expect(
            page.locator(f'#problem-list li.error[data-problem-path="{FACT}"]')
        ).to_have_count(1)
    finally:
        editor.stop()


def test_a_new_case_opens_with_every_field_blank(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "new-case.json"
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        wait_checked(page)
        values = page.eval_on_selector_all(
            "#form input[type=text], #form input:not([type]), #form textarea",
            "nodes => nodes.map((n) => n.value + '|' + (n.placeholder || ''))",
        )
        assert values and not [v for v in values if "FILL IN" in v or v.split("|")[0]]
        assert "starter" not in page.locator("body").inner_text().lower()
    finally:
        editor.stop()
    written = json.loads(case_file.read_text(encoding="utf-8"))
    assert set(written) == {"$schema", "schema_version"}


def test_a_case_from_assembler_new_shows_no_placeholder_text(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "started.json"
    write_starter(case_file)  # as `assembler new` writes it
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        wait_checked(page)
        values = page.eval_on_selector_all(
            "#form input, #form textarea, #form select",
            "nodes => nodes.map((n) => n.value + '|' + (n.placeholder || ''))",
        )
        assert not [v for v in values if "FILL IN" in v.upper() or "YYYY-MM-DD" in v]
        problems = page.locator("#problem-list").inner_text()
        assert "placeholder text" not in problems and "starter" not in problems.lower()
    finally:
        editor.stop()


def test_a_mark_follows_its_list_item_when_the_list_changes(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(BASE_SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    family = "moving_party.ties.family"

    def saved_marks() -> Any:
        page.locator("#save").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        return json.loads(case_file.read_text(encoding="utf-8")).get("unanswered")

    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        show(page, f"f:{family}[0].age:unanswered:not_applicable").click()  # the wife's age
        sync_api.expect(by_id(page, f"f:{family}[0].age")).to_be_disabled()
        assert saved_marks() == {f"{family}[0].age": {"state": "not_applicable"}}
        # moved down: the mark goes with her to the second place
        page.get_by_role("button", name="Move Family member 1 down").click()
        sync_api.expect(by_id(page, f"f:{family}[1].age")).to_be_disabled()
        sync_api.expect(by_id(page, f"f:{family}[0].age")).to_be_enabled()
        assert saved_marks() == {f"{family}[1].age": {"state": "not_applicable"}}
        # the daughter, now first, removed: the wife is first again, and so is her mark
        page.get_by_role("button", name="Remove Family member 1").click()
        sync_api.expect(by_id(page, f"f:{family}[0].age")).to_be_disabled()
        assert saved_marks() == {f"{family}[0].age": {"state": "not_applicable"}}
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        relationships = [m["relationship"] for m in saved["moving_party"]["ties"]["family"]]
        assert relationships == ["wife", "son", "mother"]
    finally:
        editor.stop()


def test_only_a_fact_that_can_wait_offers_to_wait_and_a_mark_takes_an_unread_date_with_it(
    page: Any, tmp_path: Path
) -> None:
    """From a paralegal's walkthrough: a ticked-or-not box is always an answer, and a count's
    number names the conviction, so neither offers "Don't know yet"; a date typed unreadably,
    then marked "ask the attorney", no longer keeps every save from going through."""
    case_file = tmp_path / "case.json"
    case_file.write_bytes(BASE_SAMPLE.read_bytes())
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        wait_checked(page)
        for fact in ("relief.withdraw_plea", "criminal_case.counts[0].number", "exhibits[0].label"):
            assert by_id(page, f"f:{fact}").count() == 1, fact
            sync_api.expect(by_id(page, f"f:{fact}:unanswered")).to_have_count(0)
        sync_api.expect(by_id(page, "f:criminal_case.case_number:unanswered")).to_have_count(1)

        born = show(page, "f:moving_party.date_of_birth")
        born.fill("sometime in 1979")
        born.press("Tab")
        show(page, "f:moving_party.date_of_birth:unanswered:ask").click()
        sync_api.expect(by_id(page, "f:moving_party.date_of_birth")).to_have_value("")
        page.locator("#save").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        assert saved["unanswered"]["moving_party.date_of_birth"]["state"] == "ask"
        assert "date_of_birth" not in saved["moving_party"]
    finally:
        editor.stop()


def _marked_ask(page: Any, tmp_path: Path, part: str) -> tuple[Path, Editor]:
    """The sample without ``part``, open in the form, the part marked "Don't know yet"."""
    case = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    *parents, last = part.split(".")
    holder = case
    for key in parents:
        holder = holder[key]
    del holder[last]
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case, ensure_ascii=False, indent=2), encoding="utf-8")
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        show(page, f"f:{part}:unanswered:ask").click()
    except BaseException:
        editor.stop()
        raise
    return case_file, editor


def _saved_after_save(page: Any, case_file: Path) -> dict[str, Any]:
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    saved: dict[str, Any] = json.loads(case_file.read_text(encoding="utf-8"))
    return saved


def test_a_part_nobody_knows_yet_is_asked_not_left_as_no(page: Any, tmp_path: Path) -> None:
    # "Was there another plea that would have been safe?": unticked reads "no"; the paralegal
    # whose notes say "ask the attorney" marks it so, and the part stays out of the papers.
    part = "grounds.a1.safe_alternative"
    case_file, editor = _marked_ask(page, tmp_path, part)
    try:
        sync_api.expect(by_id(page, f"f:{part}:on")).to_be_disabled()
        sync_api.expect(by_id(page, f"f:{part}:unanswered")).to_contain_text(
            "Don't know yet: the attorney will be asked."
        )
        wait_checked(page)
        sync_api.expect(
            page.locator(f'#problem-list li.question[data-problem-path="{part}"]')
        ).to_have_count(1)
        saved = _saved_after_save(page, case_file)
        assert saved["unanswered"] == {part: {"state": "ask"}}
        assert "safe_alternative" not in saved["grounds"]["a1"]
    finally:
        editor.stop()


def test_an_address_nobody_has_yet_is_asked_as_a_whole(page: Any, tmp_path: Path) -> None:
    part = "criminal_case.prosecuting_agency.address"
    case_file, editor = _marked_ask(page, tmp_path, part)
    try:
        sync_api.expect(by_id(page, f"f:{part}.street")).to_be_disabled()
        wait_checked(page)
        errors = page.locator(f'#problem-list li.error[data-problem-path^="{part}"]')
        sync_api.expect(errors).to_have_count(0)  # one question, no box left as an error
        saved = _saved_after_save(page, case_file)
        assert saved["unanswered"] == {part: {"state": "ask"}}
    finally:
        editor.stop()
