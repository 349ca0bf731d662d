"""Dates in the `assembler edit` form, in Debian's chromium (issue 25, part 2): the page's
parseDateInput reads the same table as the case file's reader, a typed date is saved as the case
file keeps it, and text the form cannot read stays in its box, said so, and is never saved."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import BASE_SAMPLE
from tests.test_dates import DATE_TABLE
from tests.test_edit_browser import Editor, by_id, show, sync_api


@pytest.fixture
def editor(page: Any, tmp_path: Path) -> Iterator[tuple[Any, Editor]]:
    """The sample case open in the form, on the shared page (which fails on a script error)."""
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    running = Editor(case_file, tmp_path / "out")
    try:
        page.goto(running.url)
        page.wait_for_selector("#s-client", state="attached")
        yield page, running
    finally:
        running.stop()


def _saved(editor: Editor) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(editor.case_file.read_text(encoding="utf-8"))
    return data


def _show(page: Any, field: str) -> Any:
    """The field's box, brought into view."""
    return show(page, f"f:{field}")


def test_the_page_reads_dates_as_the_case_file_does(editor: tuple[Any, Editor]) -> None:
    page, _ = editor
    read = page.evaluate(
        "(rows) => rows.map(([text, partial]) => parseDateInput(text, partial).iso ?? null)",
        [[text, partial] for text, partial, _ in DATE_TABLE],
    )
    assert read == [expected for _, _, expected in DATE_TABLE]
    assert page.evaluate("parseDateInput('   ', false)") == {"iso": ""}  # a cleared box


def test_a_date_typed_the_us_way_is_saved_as_the_file_keeps_it(editor: tuple[Any, Editor]) -> None:
    page, running = editor
    born = _show(page, "moving_party.date_of_birth")
    sync_api.expect(born).to_have_value("5/14/1979")  # the file's 1979-05-14, as people write it
    born.fill("8/14/1985")
    born.press("Tab")
    sync_api.expect(by_id(page, "date:moving_party.date_of_birth")).to_have_text(
        "Reads as August 14, 1985."
    )
    since = _show(page, "moving_party.entry.lpr_since")
    since.fill("Jan 2002")
    since.press("Tab")
    sync_api.expect(by_id(page, "date:moving_party.entry.lpr_since")).to_have_text(
        "Reads as January 2002."
    )
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    saved = _saved(running)
    assert saved["moving_party"]["date_of_birth"] == "1985-08-14"
    assert saved["moving_party"]["entry"]["lpr_since"] == "2002-01"


def test_a_date_the_form_cannot_read_stays_in_its_box_and_is_not_saved(
    editor: tuple[Any, Editor],
) -> None:
    page, running = editor
    before = running.case_file.read_text(encoding="utf-8")
    born = _show(page, "moving_party.date_of_birth")
    born.fill("14 de mayo de 1979")
    born.press("Tab")
    note = by_id(page, "date:moving_party.date_of_birth")
    sync_api.expect(note).to_have_text("Write the date as 8/14/2015.")
    sync_api.expect(born).to_have_value("14 de mayo de 1979")
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Not saved")
    sync_api.expect(page.locator("#status")).to_contain_text("Write the date as 8/14/2015.")
    sync_api.expect(born).to_have_value("14 de mayo de 1979")
    assert running.case_file.read_text(encoding="utf-8") == before
    born.fill("5/14/1979")  # written so the form reads it: Save goes ahead
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    assert _saved(running)["moving_party"]["date_of_birth"] == "1979-05-14"


def test_a_date_the_form_cannot_read_survives_the_form_being_drawn_again(
    editor: tuple[Any, Editor],
) -> None:
    """Adding an item, taking a suggestion or changing view draws the step again from the case:
    a typed date the form could not read (so not in the case) stays in its box, unsaved."""
    page, _ = editor
    born = _show(page, "moving_party.date_of_birth")
    born.fill("14 de mayo de 1979")
    born.press("Tab")
    page.evaluate("render()")  # what any of those does
    born = _show(page, "moving_party.date_of_birth")
    sync_api.expect(born).to_have_value("14 de mayo de 1979")
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Write the date as 8/14/2015.")


def test_a_date_known_only_in_part_is_asked_of_the_attorney_with_what_is_known(
    editor: tuple[Any, Editor],
) -> None:
    page, running = editor
    field = "criminal_case.counts[0].plea_or_verdict_date"
    box = _show(page, field)
    box.fill("spring 2011")
    box.press("Tab")
    note = by_id(page, f"date:{field}")
    sync_api.expect(note).to_contain_text("The papers need the full date, with the day")
    note.get_by_role("button", name="Ask the attorney, noting “spring 2011”").click()
    sync_api.expect(by_id(page, f"f:{field}:unanswered")).to_contain_text(
        "Don't know yet: the attorney will be asked."
    )
    sync_api.expect(by_id(page, f"f:{field}:unanswered:note")).to_have_value(
        "Known so far: spring 2011"
    )
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    saved = _saved(running)
    assert "plea_or_verdict_date" not in saved["criminal_case"]["counts"][0]
    assert saved["unanswered"][field] == {"state": "ask", "note": "Known so far: spring 2011"}
