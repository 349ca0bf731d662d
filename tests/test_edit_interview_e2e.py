"""The issue 25 end-to-end test: a paralegal takes the intake note of a new fictional client
(tests/fixtures/intake-note.md) and fills a new case in the `assembler edit` interview, in
Debian's chromium, through the visible page only: fields found by their question, the
suggestion buttons, "Next", and "Don't know yet — ask the attorney" for what the note leaves
open. Every interaction is counted. The case then validates on the command line with only
questions and warnings left, and the draft built from the page's button says nothing about the
client that the note did not give.

Set E2E_SHOTS to a folder to keep a screenshot of each step at 1280×800 and 390×844 there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.test_edit_browser import (
    Editor,
    sync_api,
    wait_checked,
)

NOTE = Path(__file__).parent / "fixtures" / "intake-note.md"
FIRM_FACTS = {
    "filing_counsel": {
        "name": "Priya Raman",
        "state_bar_number": "312456",
        "firm": "Inland Immigrant Justice Project",
        "address": {
            "street": "2750 Example Street, Suite 4",
            "city": "Riverside",
            "state": "CA",
            "postal_code": "92501",
        },
        "phone": "(951) 555-0188",
        "email": "praman@inland-justice.example",
    },
    "service": {
        "method": "mail",
        "server": {
            "name": "Teresa Navarro",
            "address": {
                "street": "2750 Example Street, Suite 4",
                "city": "Riverside",
                "state": "CA",
                "postal_code": "92501",
            },
        },
        "place": "Riverside, California",
    },
}
"""The clinic's own facts, as its assembler.toml `new_case` file gives them to every new case."""
FIRM_BOUND = 78
"""The interactions with the clinic's facts given once for every case (measured)."""
BOUND = 88
"""The interactions the interview took for the note's single-count case when measured (the
issue aims at under 60): the test fails if a change makes the interview longer. Most go to the
count's own fields (7), the three family members (11), the lawyer and what was said (14),
filing counsel's block (7) and the three facts asked with a note (6). Taken away by asking once:
an address typed on one line (3 fewer each), the kind of prosecuting office from the name taken,
the error pleaded from the kind of advice, the only count of a new consequence, and the client's
declaration started from the answers."""

ASK = "Don't know yet — ask the attorney"


class Paralegal:
    """The person at the keyboard: each fill, click, choice, tick or key press counts one
    interaction, filed under the step it was made on."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0
        self.per_step: Counter[str] = Counter()
        self.per_question: Counter[str] = Counter()

    # where things are, as the user sees them -------------------------------------------------

    def step(self) -> Any:
        """The step on screen."""
        return self.page.locator("section.section.current")

    def step_title(self) -> str:
        return str(self.step().locator("h2").inner_text())

    def _named(self, role: str, name: str, within: Any = None) -> Any:
        """A control by its role and its label as read (a "needed" tag may follow the label)."""
        pattern = re.compile(r"^\s*" + re.escape(name) + r"(\s*needed)?\s*$")
        return (within or self.step()).get_by_role(role, name=pattern)

    def _group(self, name: str, within: Any = None) -> Any:
        return self._named("group", name, within)

    def _tally(self, question: str) -> None:
        self.count += 1
        self.per_step[self.step_title()] += 1
        self.per_question[question] += 1

    # what the user does --------------------------------------------------------------------------

    def type(self, question: str, text: str, within: Any = None) -> None:
        self._tally(question)
        self._named("textbox", question, within).fill(text)

    def choose(self, question: str, choice: str, within: Any = None) -> None:
        self._tally(question)
        self._named("combobox", question, within).select_option(label=choice)

    def answer(self, question: str, choice: str) -> None:
        """A yes/no question: tick its answer."""
        self._tally(question)
        self._group(question).get_by_role("radio", name=choice, exact=True).check()

    def tick(self, label: str, within: Any = None) -> None:
        self._tally(label)
        self._named("checkbox", label, within).check()

    def press(self, name: str, question: str | None = None, within: Any = None) -> None:
        self._tally(question or name)
        (within or self.step()).get_by_role("button", name=name, exact=True).click()

    def ask_attorney(self, question: str, note: str) -> None:
        """Mark a fact "Don't know yet — ask the attorney", with a note for the attorney."""
        control = self._group(f"{question}: no answer yet")
        self._tally(question)
        control.get_by_role("button", name=ASK).click()
        self._tally(question)
        control.get_by_role("textbox", name="Note for the attorney (optional)").fill(note)

    def next(self) -> None:
        self._tally("Next")
        before = self.step_title()
        self.page.get_by_role("button", name=re.compile(r"^Next: ")).click()
        sync_api.expect(self.page.locator("#status")).to_contain_text("Saved")
        assert self.step_title() != before


def _shoot(page: Any, folder: Path | None, name: str) -> None:
    if folder is None:
        return
    wait_checked(page)  # the problems shown are those of the answers on screen
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")  # a screenshot only: no answer is touched
        page.screenshot(path=str(folder / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _fill_the_interview(user: Paralegal, shots: Path | None, firm: bool = False) -> None:
    page = user.page
    # 1. The client
    assert user.step_title() == "The client"
    user.type("What is the client's full legal name?", "Rowena Bautista Dizon")
    user.type("What family name do the papers use with Mr. or Ms.?", "Dizon")
    user.choose("How should the papers address the client?", "Ms.")
    user.choose("Which pronouns do the papers use for the client?", "she / her")
    user.type("When was the client born?", "2/9/1985")
    user.type("In which country was the client born?", "the Philippines")
    user.type("How old was the client on arrival (in years)?", "14")
    user.type("Since when has the client been a permanent resident (green card)?", "2002")
    user.choose(
        "What is the client's immigration status today?", "Lawful permanent resident (green card)"
    )
    user.type("What is the client's first language?", "Tagalog")
    user.answer("Does the client read English well enough to read their own declaration?", "Yes")
    sync_api.expect(user.step().get_by_text("Reads as February 9, 1985.")).to_be_visible()
    _shoot(page, shots, "1-client")
    user.next()

    # 2. The plea and sentence
    assert user.step_title() == "The plea and sentence"
    user.choose("In which county was the client convicted?", "Riverside County")
    user.type("What is the case number?", "RIM1304417")
    # the office's name follows from the county, and the kind of office from the name taken
    user.press("Use “Riverside County District Attorney”", "The office's name")
    kind = user._named("combobox", "Which kind of office prosecuted it?")
    sync_api.expect(kind).to_have_value("district_attorney")
    office = user._group("The office's address")
    user.type(
        "The whole address, on one line", "3960 Example Street, Riverside, CA 92501", within=office
    )
    # the line is read into the address's boxes once the next box is taken
    user.press("Add count", "Counts")
    sync_api.expect(user._named("textbox", "Street", within=office)).to_have_value(
        "3960 Example Street"
    )
    sync_api.expect(user._named("textbox", "Postal code", within=office)).to_have_value("92501")
    user.type("Count number", "1")
    user.choose("Which code?", "Health and Safety Code")
    user.type("Which section?", "11377(a)")
    user.type(
        "What was the offense, in words?", "possession of a controlled substance (methamphetamine)"
    )
    user.choose("Felony, misdemeanor or infraction?", "Misdemeanor")
    user.choose("How did the conviction come about?", "Guilty plea")
    user.ask_attorney(
        "When was the plea (or the verdict)?",
        "the client remembers only August 2013; the docket will say",
    )
    user.choose("What kind of probation?", "Summary (informal) probation")
    user.type("How many months of probation?", "36")
    user.ask_attorney(
        "When did the client's custody on this case end?",
        "no jail; she thinks probation ended about August 2016",
    )
    user.answer("Is the client still in jail, prison, or on parole for this case?", "No")
    _shoot(page, shots, "2-plea")
    user.next()

    # 3. The lawyer and what was said
    assert user.step_title() == "The lawyer and what was said"
    user.tick("Did the client have a lawyer at the plea (or trial)?")
    user.type("The lawyer's full name", "Gregory Tilden")
    user.choose("What kind of lawyer?", "Public defender")
    user.type("Which office or firm?", "Riverside County Public Defender")
    user.tick(
        "Did the client not understand the immigration consequences of the plea (because of "
        "what the lawyer or the court said, or did not say)?"
    )
    user.type(
        "What did the lawyer tell the client about immigration?",
        "He told her that it was just a misdemeanor, that it would not touch her green card and "
        "that she would be fine. He said nothing else about immigration.",
    )
    user.choose("What did the lawyer's immigration advice amount to?", "Counsel gave wrong advice")
    # the error the motion pleads follows from that answer: asked once
    sync_api.expect(
        user._named("checkbox", "Counsel gave wrong immigration advice")
    ).to_be_checked()
    user.type(
        "The lawyer's own words about immigration, if known",
        "it's just a misdemeanor, it won't touch your green card, you'll be fine",
    )
    user.type(
        "What did the client understand would happen to their immigration status?",
        "She believed that a misdemeanor could not do anything to her green card.",
    )
    user.answer("Did the plea form warn about immigration?", "Yes")
    user.choose("What did the judge say about immigration?", "Not known")
    user.type(
        "What mattered most to the client when taking the plea?",
        "Her priorities were to keep her green card and her job as a nursing assistant, and to "
        "stay here to take care of her mother.",
    )
    user.answer("Was avoiding deportation what mattered most to the client at the plea?", "Yes")
    user.tick("Gone to trial")
    user.tick("Sought an immigration-safe plea")
    _shoot(page, shots, "3-lawyer")
    user.next()

    # 4. What happened since
    assert user.step_title() == "What happened since"
    # a one-count case's consequence is that count's: the new item starts with it
    user.press("Add consequence", "Which immigration consequences does each count carry?")
    sync_api.expect(user._named("textbox", "Which count?")).to_have_value("1")
    user.tick("Controlled-substance offense")
    user.ask_attorney(
        "Did the law make this consequence plain at the time of the plea?",
        "Padilla: the attorney decides whether it was truly clear in 2013",
    )
    user.type("When was the Notice to Appear (NTA) issued?", "4/21/2026")
    user.choose("Where do removal proceedings stand today?", "Removal proceedings pending")
    user.press("Add denied application", "Applications denied because of the conviction")
    user.type("What was applied for?", "naturalization (Form N-400)")
    user.type("Which agency denied it?", "USCIS")
    user.type("When was it denied?", "Jan 15 2026")
    user.type(
        "What did the client do, and when, after learning of the consequences?",
        "She learned what the conviction meant when USCIS denied her naturalization "
        "application on January 15, 2026, and came to the Inland Immigrant Justice Project on "
        "February 3, 2026.",
    )
    _shoot(page, shots, "4-since")
    user.next()

    # 5. Family, work and ties
    assert user.step_title() == "Family, work and ties"
    for relationship in ("husband", "son", "daughter"):
        user.press("Add family member", "Family in the United States")
        item = user.step().locator(".item").last
        user.type("Relationship to the client", relationship, within=item)
        user.choose("Their immigration status", "U.S. citizen", within=item)
    user.type("Age (in years)", "9", within=user.step().locator(".item").nth(1))
    user.type("Age (in years)", "6", within=user.step().locator(".item").nth(2))
    user.type(
        "Work in the United States",
        "Certified nursing assistant at a skilled nursing facility in Riverside since 2010",
    )
    _shoot(page, shots, "5-ties")
    user.next()

    # 6. Evidence and declarations
    assert user.step_title() == "Evidence and declarations"
    # the client's declaration starts from the answers given: the lawyer's words as quoted and
    # what she would have done, in the first person, for the paralegal to read with her and edit
    user.press(
        "Add the client's declaration, started from the answers", "Sworn statements (declarations)"
    )
    told = user._named(
        "textbox", "What did the lawyer and the judge tell the client about immigration?"
    )
    sync_api.expect(told).to_have_value(
        "My lawyer, Gregory Tilden, told me: “it's just a misdemeanor, it won't touch your green "
        "card, you'll be fine.”"
    )
    would = user._named(
        "textbox", "What would the client have done, had they known the consequences?"
    )
    sync_api.expect(would).to_have_value(
        "If I had known what this plea would do to my immigration status, I would not have taken "
        "it. I would have asked for a plea that was safe for my immigration status or gone to "
        "trial."
    )
    user.type(
        "What would the client have done, had they known the consequences?",
        "If I had known that this plea could get me deported, I would not have pleaded to a "
        "drug charge. I would have asked for a drug program or a plea that was safe for "
        "immigration, or I would have gone to trial.",
    )
    _shoot(page, shots, "6-evidence")
    user.next()

    # 7. The filing
    assert user.step_title() == "The filing"
    # withdrawing the plea is asked unless unticked: the box shows it, as the papers will say it
    sync_api.expect(user._named("checkbox", "Ask to withdraw the plea?")).to_be_checked()
    user.press("Vacate count 1 (the only count)", "Which counts should the court vacate?")
    if not firm:  # else the firm's new-case file gave them (FIRM_FACTS)
        user.type("The attorney's full name", "Priya Raman")
        user.type("State Bar number", "312456")
        user.type("Firm or organization", "Inland Immigrant Justice Project")
        office = user._group("Office address")
        user.type(
            "The whole address, on one line",
            "2750 Example Street, Suite 4, Riverside, CA 92501",
            within=office,
        )
        user.type("Phone", "(951) 555-0188")
        user.type("E-mail", "praman@inland-justice.example")
    user.tick("Has the clerk still to set the hearing?")
    if not firm:
        user.choose("How are the papers served on the prosecutor?", "By mail")
        user.type("The server's full name", "Teresa Navarro")
        user.press("Same as counsel's office", "The server's address")
        user.type("Where were they served (city)?", "Riverside, California")
    _shoot(page, shots, "7-filing")
    wait_checked(page)


def _validate(case_file: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "assembler", "validate", str(case_file)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


# What the papers must say: each a fact of the note, as entered.
STATED = [
    "Rowena Bautista Dizon",
    "Ms. Dizon",
    "RIM1304417",
    "FOR THE COUNTY OF RIVERSIDE",
    "born in the Philippines on February 9, 1985",
    "at the age of 14; she has been a lawful permanent resident since 2002",
    "Health & Saf. Code, § 11377, subd. (a)",
    "possession of a controlled substance (methamphetamine)",
    "a misdemeanor",
    "plea of guilty",
    "36 months of summary probation",
    "Gregory Tilden",
    "Riverside County Public Defender",
    "it was just a misdemeanor, that it would not touch her green card",
    "it won't touch your green card, you'll be fine",
    "could not do anything to her green card",
    "Her priorities were to keep her green card and her job as a nursing assistant",
    "her husband (a U.S. citizen)",
    "ages 9 and 6",
    "Certified nursing assistant at a skilled nursing facility in Riverside since 2010",
    "controlled substance offense",
    "January 15, 2026",
    "naturalization (Form N-400)",
    "April 21, 2026",
    "pending",
    "February 3, 2026",
    "Permit Ms. Dizon to withdraw her plea",
    "Riverside County District Attorney",
    "3960 Example Street",
    "Priya Raman (SBN 312456)",
    "2750 Example Street, Suite 4",
    "(951) 555-0188",
    "praman@inland-justice.example",
    "Teresa Navarro",
    "deposited the envelope with the United States Postal Service in Riverside, California",
    "My first language is Tagalog. I read and understand English",
    "I would have asked for a drug program",
]

# The questions the papers ask the attorney, where the fact goes.
ASKED = [
    "[ASK: When was the plea (or the verdict)? (count 1) Note: the client remembers only August "
    "2013; the docket will say]",
]

# What must not reach the papers: placeholder text, and facts the note never gave (a date, a
# day or month of the green card, a stay, an interpreter, an expert, a detention, a trial, a
# hearing date, an electronic service) or that the form could only have invented.
NEVER = [
    "FILL IN",
    "YYYY",
    "[MISSING",
    "None",
    "undefined",
    "1999",
    "2013",
    "August",
    "interpreter",
    "expert",
    "detained",
    "detention",
    "no contest",
    "verdict",
    "jail",
    "electronic",
    "e-mail address",
    "Daniel",
    "Quezon",
    "Weng",
    "14, as a lawful permanent resident",  # she came on a visitor visa, not as a resident
]


@pytest.mark.parametrize("firm", [False, True], ids=["from-nothing", "with-the-firms-facts"])
def test_a_new_client_from_an_intake_note_to_a_draft_that_claims_nothing_unsaid(
    page: Any, tmp_path: Path, firm: bool
) -> None:
    assert "FICTIONAL" in NOTE.read_text(encoding="utf-8")
    shots = Path(os.environ["E2E_SHOTS"]) if os.environ.get("E2E_SHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    case_file = tmp_path / "dizon.json"
    assert not case_file.exists()
    if firm:
        (tmp_path / "assembler.toml").write_text('new_case = "clinic.json"\n', encoding="utf-8")
        (tmp_path / "clinic.json").write_text(json.dumps(FIRM_FACTS), encoding="utf-8")
    outdir = tmp_path / "out"
    editor = Editor(case_file, outdir)  # the page fails the test on any script error
    user = Paralegal(page)
    try:
        page.goto(editor.url)
        page.locator("#status", has_text="Opened").wait_for()
        _fill_the_interview(user, shots if not firm else None, firm)

        # the problems list: nothing needed before filing, the asked facts as questions
        sync_api.expect(page.locator("#summary-count")).to_contain_text(
            "Nothing needed before filing"
        )
        asked = page.locator("#problem-list li.question")
        sync_api.expect(asked).to_have_count(3)
        sync_api.expect(asked.first).not_to_contain_text("question for the attorney")
        for line in asked.all_inner_texts():  # the question once, its place before it, the note
            place, _ = line.split("Note: ", 1)
            question = place.rsplit("›", 1)[-1].strip()
            assert question.endswith("?") and place.count(question) == 1, line

        # build from the page's button (it saves first)
        user.press("Save and build the packet", "Build", within=page)
        sync_api.expect(page.locator("#packet table.papers")).to_be_visible(timeout=120_000)
        if shots:
            _shoot(page, shots, "8-built")
    finally:
        editor.stop()

    print(f"\ninteractions: {user.count}")
    for step, n in user.per_step.items():
        print(f"  {n:3d}  {step}")
    for question, n in user.per_question.most_common(8):
        print(f"  {n:3d}  {question}")
    assert user.count <= (FIRM_BOUND if firm else BOUND), user.count

    # the saved case: only questions and warnings left, the three facts asked
    report = _validate(case_file)
    assert "valid" in report and "error" not in report, report
    saved = json.loads(case_file.read_text(encoding="utf-8"))
    assert set(saved["unanswered"]) == {
        "criminal_case.counts[0].plea_or_verdict_date",
        "criminal_case.custody_ended_on",
        "immigration.consequences[0].truly_clear",
    }
    assert saved["moving_party"]["entry"]["lpr_since"] == "2002"
    assert saved["moving_party"]["date_of_birth"] == "1985-02-09"

    # the draft's text papers: each fact as entered, the asked ones as questions, nothing else
    folder = outdir / case_file.stem
    papers = sorted(folder.glob("*.txt"))
    papers = [p for p in papers if p.name != "build-report.txt"]
    assert len(papers) >= 4, [p.name for p in papers]
    text = " ".join(_body(p) for p in papers)
    missing = [fact for fact in STATED if fact not in text]
    assert not missing, missing
    for question in ASKED:
        assert question in text, question
    unasked = re.sub(r"\[ASK: [^\]]*\]", "[ASK]", text)  # a question may quote the note
    found = [word for word in NEVER if word in unasked]
    assert not found, found


def _body(paper: Path) -> str:
    """A text paper's words, its line breaks and spacing taken out."""
    return " ".join(paper.read_text(encoding="utf-8").split())
