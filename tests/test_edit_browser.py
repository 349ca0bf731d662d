"""`assembler edit` end to end, in a real browser: Debian's chromium driven by Playwright.

The command is started as a user starts it; the tests click and type as a user does. `.ci/run`
installs chromium (scripts/system-deps --test); without it these tests fail on CI and are skipped
elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from assembler.edit.form import form_spec
from tests.support import BASE_SAMPLE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: scripts/system-deps --test installs it")
    pytest.skip("chromium is not installed (scripts/system-deps --test)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Editor:
    """A running `assembler edit` and the address it printed."""

    def __init__(self, case_file: Path, outdir: Path) -> None:
        self.case_file = case_file
        command = [sys.executable, "-m", "assembler", "edit", str(case_file), "--no-browser"]
        self.process = subprocess.Popen(
            [*command, "-o", str(outdir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert self.process.stdout is not None
        for _ in range(3):
            found = re.search(
                r"http://127\.0\.0\.1:\d+/\?token=\S+", self.process.stdout.readline()
            )
            if found:
                self.url = found[0]
                return
        raise AssertionError("assembler edit printed no address")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.communicate(timeout=20)
        assert self.process.returncode == 0


def by_id(page: Any, element_id: str) -> Any:
    return page.locator(f'[id="{element_id}"]')


def show(page: Any, element_id: str) -> Any:
    """An element of the form, brought into view (its step opened, when the form has steps)."""
    box = by_id(page, element_id)
    section = box.locator("xpath=ancestor::*[contains(@class,'section')][1]")
    if not box.is_visible() and section.count():
        link = page.locator(f'a[href="#{section.get_attribute("id")}"]')
        if link.count():
            link.first.click()
    box.scroll_into_view_if_needed()
    return box


def wait_checked(page: Any) -> None:
    """Wait until the checks answered for the last change (the status region says so)."""
    page.wait_for_timeout(450)  # the form checks 350 ms after the last keystroke
    page.wait_for_load_state("networkidle")


# --- one sample: error, fix, add, save, reopen, build -------------------------------------------


def test_edit_a_sample_then_build_its_packet(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = Editor(case_file, tmp_path / "out")
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client")
        sync_api.expect(page.locator("#summary-count")).to_contain_text(
            "Nothing needed before filing"
        )

        # clear a required fact: its error and the reason appear beside it, and in the summary
        name = by_id(page, "f:moving_party.legal_name")
        name.fill("")
        field = page.locator('[data-path="moving_party.legal_name"]')
        problem = field.locator(".problem.error")
        sync_api.expect(problem).to_contain_text("not answered yet")
        sync_api.expect(field.locator("details.why")).to_contain_text("legal name")
        sync_api.expect(name).to_have_attribute("aria-invalid", "true")
        summary_link = page.locator(
            '#problem-list li[data-problem-path="moving_party.legal_name"] a'
        )
        sync_api.expect(summary_link).to_contain_text("The client")
        summary_link.click()
        sync_api.expect(name).to_be_focused()

        # fix it: the error goes
        name.fill("José Luis Ramírez Ortega")
        sync_api.expect(problem).to_have_count(0)
        sync_api.expect(page.locator("#summary-count")).to_contain_text(
            "Nothing needed before filing"
        )

        # add a count with the keyboard, on the step that asks for counts: a new item, its
        # errors, then fill them
        page.locator('nav a[data-section="plea"]').click()
        counts = page.locator('[data-path^="criminal_case.counts["].item')
        before = counts.count()
        by_id(page, "f:criminal_case.counts:add").focus()
        page.keyboard.press("Enter")
        sync_api.expect(counts).to_have_count(before + 1)
        new = f"criminal_case.counts[{before}]"
        sync_api.expect(by_id(page, f"f:{new}.number")).to_be_focused()
        page.keyboard.type(str(before + 1))
        sync_api.expect(page.locator(f'[data-path="{new}.section"] .problem.error')).to_have_count(
            1
        )
        by_id(page, f"f:{new}.code").select_option("Pen. Code")
        by_id(page, f"f:{new}.section").fill("602(k)")
        by_id(page, f"f:{new}.description").fill("trespass")
        by_id(page, f"f:{new}.level").select_option("misdemeanor")
        by_id(page, f"f:{new}.disposition").select_option("no_contest_plea")
        by_id(page, f"f:{new}.plea_or_verdict_date").fill("2011-03-09")
        wait_checked(page)

        # save, reopen, find the edit
        page.locator("#save").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        assert saved["criminal_case"]["counts"][before]["section"] == "602(k)"
        assert saved["criminal_case"]["counts"][before]["number"] == before + 1
        assert (tmp_path / "case.json.bak").read_bytes() == BASE_SAMPLE.read_bytes()
        page.reload()
        sync_api.expect(by_id(page, f"f:{new}.section")).to_have_value("602(k)")

        # build: the papers are listed with links that open
        page.locator("#build").click()
        table = page.locator("#packet table.papers")
        sync_api.expect(table).to_be_visible(timeout=120_000)
        pdf = page.locator('#packet a[aria-label="packet as PDF"]')
        response = page.request.get(urljoin(page.url, pdf.get_attribute("href")))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        sync_api.expect(page.locator("#packet .plan")).to_contain_text("included")
        page.screenshot(path=str(tmp_path / "built.png"))
    finally:
        editor.stop()


# --- a new case, filled from nothing, guided by the form only ----------------------------------


def _kinds() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any]) -> None:
        found[node["path"]] = node
        for child in node.get("fields", ()):
            walk(child)
        if "item" in node:
            walk(node["item"])

    for section in form_spec()["sections"]:
        for node in section["nodes"]:
            walk(node)
    return found


def _generic(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _leaves(value: Any, path: str, kinds: dict[str, dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """(path, value) of each answer the form takes, in the order of the file."""
    node = kinds.get(_generic(path))
    if node and node["kind"] == "list" and node["item"]["kind"] == "choice":
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else key, kinds)
    elif isinstance(value, list):
        yield path, len(value)  # the list's length: items are added first
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]", kinds)
    elif node is not None:
        yield path, value


def _answer(page: Any, path: str, value: Any, kinds: dict[str, dict[str, Any]]) -> None:
    node = kinds[_generic(path)]
    if node["kind"] == "list" and node["item"]["kind"] == "choice":
        for choice, _label in node["item"]["choices"]:
            by_id(page, f"f:{path}:{choice}").set_checked(choice in (value or []))
    elif node["kind"] == "list":
        items = page.locator(f'[data-path^="{path}["].item')
        while items.count() < value:
            by_id(page, f"f:{path}:add").click()
        while items.count() > value:
            items.nth(items.count() - 1).locator("button.remove").click()
    elif node["kind"] == "bool" and "default" in node:
        by_id(page, f"f:{path}").set_checked(bool(value))
    elif node["kind"] == "bool":
        by_id(page, f"f:{path}:{'null' if value is None else str(value).lower()}").check()
    elif node["kind"] == "choice":
        by_id(page, f"f:{path}").select_option("" if value is None else value)
    else:
        by_id(page, f"f:{path}").fill("" if value is None else str(value))


def _switch_on(page: Any, path: str) -> None:
    """Switch on the optional parts above ``path`` (a ground pleaded, a translator ...)."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    prefix = ""
    for part in parts[:-1]:
        prefix = prefix + part if part.startswith("[") else (f"{prefix}.{part}" if prefix else part)
        toggle = by_id(page, f"f:{prefix}:on")
        if toggle.count() and not toggle.is_checked():
            toggle.check()


def test_a_new_case_filled_in_the_form_alone_builds(page: Any, tmp_path: Path) -> None:
    """The paralegal's path: `assembler edit new-case.json`, a valid (a)(1) case typed into the
    form (the facts of sample 01), the starter's leftover placeholders cleared, then the packet."""
    case_file = tmp_path / "new-case.json"
    editor = Editor(case_file, tmp_path / "out")
    kinds = _kinds()
    target = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    target.pop("$schema")
    starter = json.loads(case_file.read_text(encoding="utf-8"))
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client")
        sync_api.expect(page.locator("#summary-count")).to_contain_text("needed before filing")
        page.get_by_role("link", name="Review all answers").click()
        wanted = dict(_leaves(target, "", kinds))
        for path, _value in _leaves(starter, "", kinds):  # the starter's answers this case lacks
            if (
                path not in wanted
                and by_id(page, f"f:{path}").count() + by_id(page, f"f:{path}:null").count()
            ):
                _answer(page, path, None, kinds)
        for path, value in wanted.items():
            _switch_on(page, path)
            _answer(page, path, value, kinds)
        wait_checked(page)
        left = page.locator("#problem-list li.error").all_inner_texts()
        assert not left, left
        sync_api.expect(page.locator("#summary-count")).to_contain_text(
            "Nothing needed before filing"
        )
        page.locator("#build").click()
        sync_api.expect(page.locator("#packet table.papers")).to_be_visible(timeout=120_000)
        sync_api.expect(page.locator("#packet")).not_to_contain_text("facts needed before filing")
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        assert saved["moving_party"]["legal_name"] == target["moving_party"]["legal_name"]
        assert not re.search(r"FILL IN|YYYY-MM-DD", case_file.read_text(encoding="utf-8"))
    finally:
        editor.stop()


# --- the browser opened by `assembler edit` itself ----------------------------------------------


def test_the_forwarding_page_opens_the_form_and_the_token_leaves_the_address(
    page: Any, tmp_path: Path
) -> None:
    """`assembler edit` gives the browser a private file that forwards to the address: Chromium
    sends that navigation as cross-site (from a file: page); the page must open all the same,
    and then drop the token from its address and keep working after a reload."""
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    given = tmp_path / "browser-argv.txt"
    browser_script = tmp_path / "browser.sh"
    browser_script.write_text(f'#!/bin/sh\nprintf %s "$1" > {given}\n', encoding="utf-8")
    browser_script.chmod(0o755)
    process = subprocess.Popen(
        [sys.executable, "-m", "assembler", "edit", str(case_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "BROWSER": f"{browser_script} %s"},
    )
    try:
        for _ in range(300):
            if given.exists() and given.stat().st_size:
                break
            page.wait_for_timeout(50)
        forwarding = given.read_text(encoding="utf-8")
        assert forwarding.startswith("file://") and "token" not in forwarding
        page.goto(forwarding)
        page.locator("#status", has_text="Opened").wait_for()
        assert "token" not in page.url
        assert page.title() == "case.json: assembler edit"
        page.reload()
        page.locator("#status", has_text="Opened").wait_for()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


# --- the attorney review: sign the case check, build the final papers -------------------------


def _firm_checks_recorded(case_file: Path, firm_file: Path) -> None:
    """Record, as the firm's attorney would have for earlier cases, every citation, pin and
    clause note about the law the case's papers ask for; the case checks are left open."""
    from assembler.assembly import Assembler
    from assembler.review import review_case
    from assembler.signoff import record_in_firm_file
    from assembler.verification import Kind

    state = review_case(case_file, Assembler.create())
    firm = [s.check.id for s in state.open if s.check.kind is not Kind.CASE]
    assert firm and len(firm) < len(state.open)  # a case check remains for the page
    source = "official reports, read for the test"
    record_in_firm_file(
        firm_file, state.statuses, firm, "Dana K. Whitfield", source, Assembler.create().library
    )


def test_the_attorney_signs_the_case_check_and_builds_final_papers(
    page: Any, tmp_path: Path
) -> None:
    import pdfplumber

    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    (tmp_path / "firm").mkdir()
    (tmp_path / "assembler.toml").write_text(
        'authorities = "firm/authorities.toml"\n', encoding="utf-8"
    )
    _firm_checks_recorded(case_file, tmp_path / "firm" / "authorities.toml")
    outdir = tmp_path / "out"
    editor = Editor(case_file, outdir)
    try:
        page.goto(editor.url)
        page.wait_for_selector("#s-client")
        page.get_by_role("link", name="Attorney review").click()
        review = page.locator("#review")
        sync_api.expect(review).to_be_focused()
        sync_api.expect(page.locator("#form")).to_be_hidden()
        sync_api.expect(page.locator("#review-summary")).to_contain_text("1 item to check")
        item = page.locator('[data-check="case:removal-grounds"]')
        sync_api.expect(item.locator("blockquote.concerns")).to_contain_text(
            "currently causing or have the potential to cause removal"
        )
        sync_api.expect(item).to_contain_text("08-proposed-order")
        # the citations the firm's file records are not asked for again
        sync_api.expect(page.locator('[data-check^="cite:"], [data-check^="pin:"]')).to_have_count(
            0
        )
        final = page.get_by_role("button", name="Build final papers")
        sync_api.expect(final).to_be_disabled()
        page.screenshot(path=str(tmp_path / "review-open.png"), full_page=True)

        # sign: the name is needed first
        box = page.get_by_role("checkbox", name="case:removal-grounds")
        box.check()
        page.get_by_role("button", name="Sign the checked items").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Type your name")
        sync_api.expect(page.get_by_label("Your name")).to_be_focused()
        page.get_by_label("Your name").fill("Ana Abogada")
        page.get_by_role("button", name="Sign the checked items").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Nothing is open")
        sync_api.expect(item.locator(".state")).to_contain_text("Done: by Ana Abogada")
        sync_api.expect(final).to_be_enabled()
        sync_api.expect(final).to_be_focused()
        record = (tmp_path / "case.review.toml").read_text(encoding="utf-8")
        assert '[checks."removal-grounds"]' in record
        assert 'verified_by = "Ana Abogada"' in record
        page.screenshot(path=str(tmp_path / "review-signed.png"), full_page=True)

        # build the final papers: their links, no DRAFT mark, the cite-check record
        final.click()
        built = page.locator("#review-built")
        sync_api.expect(built.locator("table.papers")).to_be_visible(timeout=120_000)
        sync_api.expect(built).to_contain_text("Final papers: no DRAFT mark")
        link = built.locator('a[aria-label="01-notice-of-motion as PDF"]')
        response = page.request.get(urljoin(page.url, link.get_attribute("href")))
        assert response.status == 200 and response.body().startswith(b"%PDF")
        page.screenshot(path=str(tmp_path / "review-built.png"), full_page=True)
    finally:
        editor.stop()
    folder = outdir / case_file.stem
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "Verify before filing: nothing" in report
    assert "Cite-check record" in report
    cite_check = json.loads((folder / "cite-check.json").read_text(encoding="utf-8"))
    assert "Ana Abogada" in json.dumps(cite_check)
    with pdfplumber.open(folder / "01-notice-of-motion.pdf") as pdf:
        assert all(not page_.curves for page_ in pdf.pages)  # the mark is drawn as curves


# --- the interview: steps, branching, problems in order, plain words, accessibility ------------

STEPS = [s["id"] for s in form_spec()["sections"]]

# What a paralegal must never read on the page: a JSON name (snake_case, or a dotted path such as
# moving_party.entry.date), a case file author's wording ("true when", "omit", "null"), or a
# command line's option ("a --final build").
INTERNAL = re.compile(
    r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|(?<![@\w.])[a-z_]{3,}\.[a-z_]{3,}\b"
    r"|\b(?:true|false) when\b|\bomit\b|\bnull\b|\bunset\b|(?<![\w-])--[a-z]",
    re.IGNORECASE,
)


def _shown_step(page: Any) -> str:
    shown = [s for s in STEPS if page.locator(f"#s-{s}").is_visible()]
    assert len(shown) == 1, shown
    return str(shown[0])


def _open(case_file: Path, page: Any, outdir: Path) -> Editor:
    editor = Editor(case_file, outdir)
    page.goto(editor.url)
    page.wait_for_selector("#s-client")
    page.locator("#status", has_text="Opened").wait_for()
    return editor


def test_the_interview_goes_step_by_step_saves_on_each_move_and_resumes(
    page: Any, tmp_path: Path
) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = _open(case_file, page, tmp_path / "out")
    try:
        progress = page.locator("#step-progress")
        back = page.get_by_role("button", name="Back", exact=True)
        sync_api.expect(progress).to_have_text("Step 1 of 7: The client")
        sync_api.expect(back).to_be_disabled()
        by_id(page, "f:moving_party.legal_name").fill("José Luis Ramírez")
        for number, step in enumerate(STEPS[1:], start=2):
            page.locator("#step-next").click()
            sync_api.expect(progress).to_contain_text(f"Step {number} of 7")
            assert _shown_step(page) == step
            sync_api.expect(page.locator(f"#h-{step}")).to_be_focused()
            if number == 2:  # moving on saved the file as it was
                sync_api.expect(page.locator("#status")).to_contain_text("Saved")
                saved = json.loads(case_file.read_text(encoding="utf-8"))
                assert saved["moving_party"]["legal_name"] == "José Luis Ramírez"
        sync_api.expect(page.locator("#step-next")).to_have_text("Next: review all answers")
        back.click()
        back.click()
        back.click()
        sync_api.expect(progress).to_have_text("Step 4 of 7: What happened since")
        page.reload()
        page.locator("#status", has_text="Opened").wait_for()
        sync_api.expect(progress).to_have_text("Step 4 of 7: What happened since")
        assert _shown_step(page) == "since"
        # the last step opens "Review all answers": every step, one after another
        page.locator('nav a[data-section="filing"]').click()
        page.locator("#step-next").click()
        for step in STEPS:
            sync_api.expect(page.locator(f"#s-{step}")).to_be_visible()
        sync_api.expect(page.locator("#step-buttons")).to_be_hidden()
    finally:
        editor.stop()


def test_a_branching_question_opens_the_part_it_governs(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = _open(case_file, page, tmp_path / "out")
    try:
        page.locator('nav a[data-section="lawyer"]').click()
        terms = page.locator('[data-path="grounds.a1.safe_alternative.offer_terms"]')
        availability = page.locator('[data-path="grounds.a1.safe_alternative.availability"]')
        sync_api.expect(terms).to_be_hidden()
        sync_api.expect(availability).to_be_visible()
        page.get_by_role("group", name="Did the People make this offer").get_by_label("Yes").check()
        sync_api.expect(terms).to_be_visible()
        sync_api.expect(availability).to_be_hidden()
        page.get_by_role("group", name="Did the People make this offer").get_by_label(
            "No", exact=True
        ).check()
        sync_api.expect(terms).to_be_hidden()
        sync_api.expect(availability).to_be_visible()

        # the jail days ordered open the questions about what was served
        page.locator('nav a[data-section="plea"]').click()
        credit = page.locator('[data-path="criminal_case.counts[0].sentence.credit_days"]')
        sync_api.expect(credit).to_be_visible()
        by_id(page, "f:criminal_case.counts[0].sentence.jail_days").fill("")
        sync_api.expect(credit).to_be_hidden()
        by_id(page, "f:criminal_case.counts[0].sentence.jail_days").fill("30")
        sync_api.expect(credit).to_be_visible()
    finally:
        editor.stop()


def test_problems_are_grouped_in_interview_order_and_next_problem_goes_to_the_field(
    page: Any, tmp_path: Path
) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = _open(case_file, page, tmp_path / "out")
    try:
        # two facts needed, the later step's first in the file's order (criminal_case < moving)
        page.locator('nav a[data-section="plea"]').click()
        by_id(page, "f:criminal_case.case_number").fill("")
        page.locator('nav a[data-section="client"]').click()
        by_id(page, "f:moving_party.legal_name").fill("")
        wait_checked(page)
        groups = page.locator("#problem-list .problem-group")
        sync_api.expect(groups.first.locator("h3")).to_have_text("Needed before filing (2)")
        needed = groups.first.locator("li")
        sync_api.expect(needed.nth(0)).to_have_attribute(
            "data-problem-path", "moving_party.legal_name"
        )
        sync_api.expect(needed.nth(1)).to_have_attribute(
            "data-problem-path", "criminal_case.case_number"
        )
        order = [g.get_attribute("class").split()[-1] for g in groups.all()]
        assert order == sorted(order, key=["error", "question", "warning"].index), order
        for group in groups.all():
            severity = group.get_attribute("class").split()[-1]
            assert group.locator(f"li:not(.{severity})").count() == 0
        sync_api.expect(page.locator("#summary-count")).to_contain_text(
            "2 facts needed before filing"
        )

        page.locator('nav a[data-section="filing"]').click()
        next_problem = page.get_by_role("button", name="Next problem")
        next_problem.click()
        assert _shown_step(page) == "client"
        sync_api.expect(by_id(page, "f:moving_party.legal_name")).to_be_focused()
        next_problem.click()
        assert _shown_step(page) == "plea"
        sync_api.expect(by_id(page, "f:criminal_case.case_number")).to_be_focused()
    finally:
        editor.stop()


def _every_step(page: Any) -> Iterator[str]:
    """Go to each step in turn, every "Why we ask" open, and the review of all answers last."""
    for step in STEPS:
        page.locator(f'nav a[data-section="{step}"]').click()
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        yield step
    page.get_by_role("link", name="Review all answers").click()
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    yield "all"


@pytest.mark.parametrize("start", ["new", "sample", "undecided"])
def test_no_json_name_or_code_shows_on_any_step(page: Any, tmp_path: Path, start: str) -> None:
    case_file = tmp_path / "case.json"
    if start == "sample":
        shutil.copy(BASE_SAMPLE, case_file)
    if start == "undecided":  # a decision the final papers wait for: its warning says so
        case = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
        del case["grounds"]["a1"]["advice_kind"]
        case_file.write_text(json.dumps(case), encoding="utf-8")
    editor = _open(case_file, page, tmp_path / "out")
    try:
        wait_checked(page)
        for step in _every_step(page):
            text = page.locator("main").inner_text() + page.locator("nav").inner_text()
            found = sorted({m.group() for m in INTERNAL.finditer(text)})
            assert not found, (step, found)
    finally:
        editor.stop()


def test_every_step_passes_an_accessibility_audit(page: Any, tmp_path: Path) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    case_file = tmp_path / "case.json"
    editor = _open(case_file, page, tmp_path / "out")
    try:
        wait_checked(page)
        for step in _every_step(page):
            results = axe.run(page)
            bad = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            assert not bad, (step, bad)
    finally:
        editor.stop()


def _tab_to(page: Any, target: Any, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus (a "Why we ask" and other controls between)."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            break
        page.keyboard.press("Tab")
    sync_api.expect(target).to_be_focused()


def test_a_step_is_completed_with_the_keyboard_alone(page: Any, tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = _open(case_file, page, tmp_path / "out")
    try:
        page.locator('nav a[data-section="ties"]').click()
        sync_api.expect(page.locator("#h-ties")).to_be_focused()
        _tab_to(page, by_id(page, "f:moving_party.ties.family:add"), limit=200)
        page.keyboard.press("Enter")
        relationship = by_id(page, "f:moving_party.ties.family[4].relationship")
        sync_api.expect(relationship).to_be_focused()
        page.keyboard.type("brother")
        _tab_to(page, by_id(page, "f:moving_party.ties.family[4].status"), limit=6)
        page.keyboard.type("U")  # a closed list chooses by its first letter: U.S. citizen
        _tab_to(page, page.locator("#step-next"))
        page.keyboard.press("Enter")
        sync_api.expect(page.locator("#step-progress")).to_contain_text("Step 6 of 7")
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        saved = json.loads(case_file.read_text(encoding="utf-8"))
        assert saved["moving_party"]["ties"]["family"][4] == {
            "relationship": "brother",
            "status": "us_citizen",
        }
    finally:
        editor.stop()


def test_the_build_lists_missing_facts_by_their_question_and_goes_when_the_case_changes(
    page: Any, tmp_path: Path
) -> None:
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    editor = _open(case_file, page, tmp_path / "out")
    try:
        by_id(page, "f:moving_party.legal_name").fill("")
        page.locator('nav a[data-section="filing"]').click()
        # the step's move saves the file: the build is asked for once that is done, as a
        # person sees the step and the status change before reaching for the button
        sync_api.expect(page.locator("#s-filing")).to_be_visible()
        sync_api.expect(page.locator("#status")).to_contain_text("Saved")
        page.locator("#build").click()
        packet = page.locator("#packet")
        sync_api.expect(page.locator("#status")).to_contain_text("Packet built", timeout=120_000)
        sync_api.expect(packet.locator("table.papers")).to_be_visible()
        sync_api.expect(packet).to_contain_text("A draft is for the attorney to read, not to file")
        missing = packet.locator("ul.missing a", has_text="What is the client's full legal name?")
        sync_api.expect(missing).to_have_count(1)
        # the plan's conditions and the attorney's list wait behind their toggles
        sync_api.expect(packet.locator(".plan")).to_be_hidden()
        sync_api.expect(packet.locator("details.verify ul")).to_be_hidden()
        for part in ("ul.missing", ".draft-note"):
            assert not INTERNAL.search(packet.locator(part).inner_text()), part
        missing.click()
        assert _shown_step(page) == "client"
        name = by_id(page, "f:moving_party.legal_name")
        sync_api.expect(name).to_be_focused()
        page.keyboard.type("José Luis Ramírez Ortega")
        sync_api.expect(packet).to_be_hidden()
    finally:
        editor.stop()
