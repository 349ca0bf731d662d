"""Asked once, in Debian's chromium (issue 25, part 4): an exhibit's PDF chosen with the file
chooser lands in the case folder and in the exhibit's file; an answer that follows from others
is offered as a button and written only when clicked; the client's declaration is shown as the
papers will write it, the client's own words marked apart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import BASE_SAMPLE
from tests.test_edit_browser import Editor, by_id, show, sync_api, wait_checked

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def opened(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    case = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    case["criminal_case"]["prosecuting_agency"].pop("name")  # the office's name to offer
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case, ensure_ascii=False, indent=2), encoding="utf-8")
    editor = Editor(case_file, tmp_path / "out")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client", state="attached")
        wait_checked(page)
        yield page, case_file
    finally:
        context.close()
        editor.stop()
    assert not errors, errors


def _saved(case_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case_file.read_text(encoding="utf-8"))
    return data


def test_a_chosen_pdf_becomes_the_exhibits_file(opened: tuple[Any, Path], tmp_path: Path) -> None:
    page, case_file = opened
    scan = tmp_path / "Plea form (2011).pdf"
    scan.write_bytes(PDF)
    chooser = show(page, "f:exhibits[1].file:choose")
    chooser.set_input_files(str(scan))
    sync_api.expect(by_id(page, "f:exhibits[1].file")).to_have_value("exhibits/plea-form-2011.pdf")
    sync_api.expect(page.locator(".exhibit-picker .picked").nth(1)).to_contain_text("Copied")
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    assert _saved(case_file)["exhibits"][1]["file"] == "exhibits/plea-form-2011.pdf"
    assert (case_file.parent / "exhibits" / "plea-form-2011.pdf").read_bytes() == PDF


def test_a_derived_answer_is_offered_and_written_only_when_taken(opened: tuple[Any, Path]) -> None:
    page, case_file = opened
    name = show(page, "f:criminal_case.prosecuting_agency.name")
    offer = name.locator("xpath=..").get_by_role(
        "button", name="Use “Los Angeles County District Attorney”"
    )
    sync_api.expect(offer).to_be_visible()
    sync_api.expect(name).to_have_value("")  # offered, not filled
    offer.click()
    sync_api.expect(by_id(page, "f:criminal_case.prosecuting_agency.name")).to_have_value(
        "Los Angeles County District Attorney"
    )
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    agency = _saved(case_file)["criminal_case"]["prosecuting_agency"]
    assert agency["name"] == "Los Angeles County District Attorney"


def test_the_declaration_is_shown_as_the_papers_will_write_it(opened: tuple[Any, Path]) -> None:
    page, _ = opened
    preview = page.locator("details.declaration-preview").first
    show(page, "f:declarations[0].account.life")
    preview.locator("summary").click()
    preview.get_by_role("button", name="Show the declaration as the papers will write it").click()
    written = preview.locator("li.written")
    sync_api.expect(written.first).to_be_visible(timeout=60_000)
    sync_api.expect(written.filter(has_text="I was born in Mexico on May 14, 1979.")).to_have_count(
        1
    )
    own = preview.locator("li.own")
    sync_api.expect(own.first).to_contain_text("In the client's words")
    sync_api.expect(own.filter(has_text="I grew up in Whittier")).to_have_count(1)


ADDRESS_LINES = [
    (
        "2750 Example Street, Suite 4, Riverside, CA 92501",
        {
            "street": "2750 Example Street",
            "unit": "Suite 4",
            "city": "Riverside",
            "state": "CA",
            "postal_code": "92501",
        },
    ),
    (
        "3960 Example Street\nRiverside CA 92501-1234",
        {
            "street": "3960 Example Street",
            "unit": None,
            "city": "Riverside",
            "state": "CA",
            "postal_code": "92501-1234",
        },
    ),
    (
        "12 Example Road, Apt. 3, Floor 2, San Diego, California 92101",
        {
            "street": "12 Example Road",
            "unit": "Apt. 3, Floor 2",
            "city": "San Diego",
            "state": "CA",
            "postal_code": "92101",
        },
    ),
    (
        "1 Example Plaza, New York, New York 10007",
        {
            "street": "1 Example Plaza",
            "unit": None,
            "city": "New York",
            "state": "NY",
            "postal_code": "10007",
        },
    ),
    ("2750 Example Street, Riverside, CA", None),  # no ZIP code: not read, never guessed
    ("2750 Example Street, Riverside, XX 92501", None),  # no such state
    ("Riverside, CA 92501", None),  # no street
    ("Calle Ejemplo 5, 28001 Madrid, Spain", None),  # outside the U.S.: the boxes
]


def test_an_address_on_one_line_is_read_into_its_parts_or_not_at_all(
    opened: tuple[Any, Path],
) -> None:
    page, _ = opened
    read = page.evaluate(
        "(lines) => lines.map((line) => parseAddressLine(line))", [t for t, _ in ADDRESS_LINES]
    )
    assert read == [expected for _, expected in ADDRESS_LINES]


def test_an_address_typed_on_one_line_fills_its_boxes_and_an_unreadable_one_changes_nothing(
    opened: tuple[Any, Path],
) -> None:
    page, case_file = opened
    at = "f:criminal_case.prosecuting_agency.address"
    line = show(page, f"{at}:line")
    line.fill("Example Avenue without a town")
    line.press("Tab")
    sync_api.expect(by_id(page, f"{at}:line:note")).to_contain_text("Nothing was changed")
    before = by_id(page, f"{at}.street").input_value()
    assert before  # the sample's address stays as it was
    line.fill("3960 Example Street, Suite 100, Riverside, CA 92501")
    line.press("Tab")
    sync_api.expect(by_id(page, f"{at}.street")).to_have_value("3960 Example Street")
    sync_api.expect(by_id(page, f"{at}.unit")).to_have_value("Suite 100")
    sync_api.expect(by_id(page, f"{at}.city")).to_have_value("Riverside")
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    saved = _saved(case_file)["criminal_case"]["prosecuting_agency"]["address"]
    assert saved == {
        "street": "3960 Example Street",
        "unit": "Suite 100",
        "city": "Riverside",
        "state": "CA",
        "postal_code": "92501",
    }


def test_the_kind_of_advice_and_the_error_pleaded_are_asked_once(
    opened: tuple[Any, Path],
) -> None:
    page, case_file = opened
    theories = "f:grounds.a1.error_theories"
    kind = "f:grounds.a1.advice_kind"
    # the sample pleads wrong advice: unticked, and the kind cleared, each answer gives the other
    show(page, f"{theories}:wrong_advice").uncheck()
    show(page, kind).select_option("")
    show(page, kind).select_option("incomplete")
    sync_api.expect(by_id(page, f"{theories}:incomplete_advice")).to_be_checked()
    show(page, kind).select_option("")
    show(page, f"{theories}:incomplete_advice").uncheck()
    show(page, f"{theories}:wrong_advice").check()
    sync_api.expect(by_id(page, kind)).to_have_value("wrong")
    # an answer already given is never changed by the other
    show(page, kind).select_option("deferred")
    sync_api.expect(by_id(page, f"{theories}:no_advice")).not_to_be_checked()
    page.locator("#save").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Saved")
    a1 = _saved(case_file)["grounds"]["a1"]
    assert a1["advice_kind"] == "deferred"
    assert "wrong_advice" in a1["error_theories"] and "no_advice" not in a1["error_theories"]
