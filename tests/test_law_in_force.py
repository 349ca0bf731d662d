"""The law in force on the filing date: § 1473.7's letters follow one table (assembler/law.py).

SB 734 (Stats. 2025, ch. 784) relettered the section from January 1, 2026: a packet filed from
then cites (f)(1)-(4), (g) and (h); a packet filed before keeps (e)(1)-(4), (f) and (g).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from assembler import law
from assembler.assembly import Assembler
from assembler.document import Packet
from assembler.loading import validate_data
from assembler.writers.text import render_document
from tests.support import ROOT, SAMPLE_FILES, SAMPLES

OLD_LETTERS = re.compile(r"§ 1473\.7, subds?\. [^.;]*?\((?:e\)\([1-4]|g)\)")
NEW_ONLY = re.compile(r"§ 1473\.7, subds?\. [^.;]*?\((?:f\)\([1-5]|h)\)")


@cache
def _engine() -> Assembler:
    return Assembler.create()


def _data(prefix: str) -> dict[str, Any]:
    (path,) = SAMPLES.glob(f"{prefix}*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _packet(data: dict[str, Any]) -> Packet:
    loaded = validate_data(data)
    assert loaded.case is not None, loaded.problems
    return _engine().assemble(loaded.case)


def _texts(packet: Packet) -> dict[str, str]:
    return {d.slug: " ".join(render_document(d).split()) for d in packet.documents}


def _filed(data: dict[str, Any], day: str) -> dict[str, Any]:
    """The case as if filed and served on ``day`` (declarations signed a few days before)."""
    data = json.loads(json.dumps(data))
    data["filing_date"] = day
    if data.get("service"):
        data["service"]["date"] = day
    signed = (dt.date.fromisoformat(day) - dt.timedelta(days=3)).isoformat()
    for declaration in data.get("declarations", []):
        declaration["executed_on"] = signed
    return data


# --- the table -----------------------------------------------------------------------------


def test_the_lettering_changes_on_the_day_sb_734_took_effect() -> None:
    before, after = law.pen_1473_7(dt.date(2025, 12, 31)), law.pen_1473_7(dt.date(2026, 1, 1))
    assert (before["grant"], after["grant"]) == ("(e)(1)", "(f)(1)")
    assert (before["withdrawal"], after["withdrawal"]) == ("(e)(3)", "(f)(3)")
    assert (before["findings"], after["findings"]) == ("(e)(4)", "(f)(4)")
    assert (before["appeal"], after["appeal"]) == ("(f)", "(g)")
    assert (before["notice_to_counsel"], after["notice_to_counsel"]) == ("(g)", "(h)")
    # provisions SB 734 added are absent before it
    for name in ("agency_service", "discovery", "rja_remedies"):
        assert before[name] == "" and after[name]
    assert "SB 734" in after.enacted_by


def test_every_row_letters_every_provision_and_rows_run_oldest_first() -> None:
    rows = law.PEN_1473_7_LETTERINGS
    assert [r.effective for r in rows] == sorted(r.effective for r in rows)
    for row in rows:
        assert set(row.letters) <= set(law.PROVISIONS), row.effective
        assert row.source and row.enacted_by
    latest = rows[-1]
    assert set(latest.letters) == set(law.PROVISIONS)
    with pytest.raises(KeyError):
        latest["no_such_provision"]


def test_the_letters_clauses_write_by_hand_are_the_same_in_every_row() -> None:
    """Clause prose names the grounds as "subdivision (a)(1)" etc.; only (a) to (d) may be
    written so, and only while every row letters them alike: a future row that moves them makes
    this fail, pointing at the prose to convert to ``subd``."""
    for name in ("immigration_error", "innocence", "racial_justice", "motion", "hearing"):
        assert len({row[name] for row in law.PEN_1473_7_LETTERINGS}) == 1, name


def test_no_clause_or_title_writes_a_letter_of_1473_7_by_hand() -> None:
    clauses = ROOT / "clauses"
    for path in [*clauses.rglob("*.md"), clauses / "documents.toml"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\[@pen-1473\.7, *\(", text), path.name
        assert not re.search(r"1473\.7(?:, subd\.)? ?\([e-h]\)", text), path.name
        assert not re.search(r"subdivision \([e-h]\)", text), path.name


def test_help_messages_and_readme_use_the_current_letters() -> None:
    """Field help, rule messages, sample descriptions and the README never cite a letter of
    § 1473.7 that moved in 2026 with its old meaning."""
    old = re.compile(r"\((?:e\)\([1-4]|g)\)(?: notice|\))|§ 1473\.7\((?:e|g)\)")
    for path in [
        ROOT / "assembler" / "case.schema.json",
        ROOT / "README.md",
        ROOT / "clauses" / "README.md",
        ROOT / "samples" / "samples.toml",
        *(ROOT / "assembler" / "rules").glob("*.py"),
        *(ROOT / "assembler" / "casefile").glob("*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        found = [m.group(0) for m in old.finditer(text)]
        assert not found, f"{path.relative_to(ROOT)}: {found}"


# --- the papers ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_every_sample_filed_in_2026_cites_the_current_letters(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["filing_date"] >= "2026-01-01"
    for slug, text in _texts(_packet(data)).items():
        assert not OLD_LETTERS.search(text), (slug, OLD_LETTERS.search(text))


def _moved(data: dict[str, Any], day: str) -> dict[str, Any]:
    """The whole case moved in time so that it is filed on ``day``: every date shifts alike, so
    the case stays as consistent as it was (and as valid)."""
    shift = dt.date.fromisoformat(day) - dt.date.fromisoformat(data["filing_date"])

    def move(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: move(v) for k, v in value.items()}
        if isinstance(value, list):
            return [move(v) for v in value]
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return (dt.date.fromisoformat(value) + shift).isoformat()
        return value

    moved: dict[str, Any] = move(data)
    return moved


def test_a_packet_filed_in_2025_keeps_the_letters_then_in_force() -> None:
    """Sample 03 (a completed DEJ: the presumption, plea withdrawal) built twice: filed in
    November 2025 and in March 2026, each a case validate accepts."""
    from assembler.rules import check_data

    earlier = _moved(_data("03"), "2025-11-14")
    assert [p for p in check_data(earlier) if p.severity.value == "error"] == []
    old = " ".join(_texts(_packet(earlier)).values())
    new = " ".join(_texts(_packet(_data("03"))).values())
    assert "(Pen. Code, § 1473.7, subd. (e)(2).)" in old
    assert "(Pen. Code, § 1473.7, subd. (f)(2).)" in new
    assert "§ 1473.7, subd. (e)(1)" in old and "§ 1473.7, subd. (f)(1)" in new
    assert not NEW_ONLY.search(old), NEW_ONLY.search(old)
    assert not OLD_LETTERS.search(new), OLD_LETTERS.search(new)


def test_the_notice_to_prior_counsel_is_titled_by_the_letter_in_force() -> None:
    new = _texts(_packet(_data("09")))
    assert (
        "NOTICE OF HEARING TO PRIOR COUNSEL (Pen. Code, § 1473.7, subd. (h))"
        in new["proof-of-service"]
    )
    assert any("subdivision (h) requires" in text for text in new.values())


def test_an_a1_order_is_not_said_to_need_a_stated_basis_by_statute() -> None:
    """(f)(4): the only finding (a)(1) requires is legal invalidity; the basis is asked for
    because of Pickering, and the duty to specify it is cited for (a)(2) only."""
    texts = _texts(_packet(_data("01")))
    memo, order = texts["notice-of-motion"], texts["proposed-order"]
    assert "the only finding the statute requires is whether the convictions are legally" in memo
    assert "asks the Court to state the basis of that finding all the same" in memo
    assert "The basis for this finding is as follows." in order
    innocence = _texts(_packet(_data("06")))
    assert (
        "the Court shall specify the basis for its conclusion. (Pen. Code, § 1473.7, subd. (f)(4).)"
        in innocence["notice-of-motion"]
    )
    assert (
        "The basis for this finding (Pen. Code, § 1473.7, subd. (f)(4)) is as follows."
        in innocence["proposed-order"]
    )


# --- (a)(3)(B): service on the agency that employed the officers ---------------------------


def _codes(data: dict[str, Any], *, final: bool = False) -> set[str]:
    from assembler.rules import check_data

    return {p.code for p in check_data(data, final=final) if p.code}


def test_a_racial_justice_motion_resting_on_an_officer_is_served_on_his_agency() -> None:
    proof = _texts(_packet(_data("07")))["proof-of-service"]
    assert (
        "I also served the papers and exhibits listed above on the Bolsa Grande Police "
        "Department, which employed the officer or officers whose conduct the motion rests on "
        "(Pen. Code, § 1473.7, subd. (a)(3)(B)), by mail" in proof
    )
    assert "addressed to the Bolsa Grande Police Department at 8200 Example Bolsa Avenue" in proof


def test_before_2026_no_agency_service_is_printed_or_asked_for() -> None:
    data = _filed(_data("07"), "2025-11-14")
    data["grounds"]["a3"]["discovered_on"] = "2025-03-09"
    data["grounds"]["a3"].pop("officers_conduct")
    assert "Police Department" not in _texts(_packet(data))["proof-of-service"]
    assert "a3.officers_conduct_undecided" not in _codes(data)


def test_whether_an_officer_s_conduct_is_alleged_must_be_decided_before_filing() -> None:
    data = _data("07")
    del data["grounds"]["a3"]["officers_conduct"]
    assert "a3.officers_conduct_undecided" in _codes(data)  # a warning in a draft
    from assembler.rules import check_data

    final = {p.code: p.severity.value for p in check_data(data, final=True)}
    assert final["a3.officers_conduct_undecided"] == "error"
    assert "Police Department" not in _texts(_packet(data))["proof-of-service"]


def test_an_officer_s_conduct_without_the_agency_named_is_an_error() -> None:
    data = _data("07")
    data["grounds"]["a3"]["employing_agencies"] = []
    assert "a3.no_employing_agency" in _codes(data)


# --- no default asserts a fact: the service method --------------------------------------


def test_an_unset_service_method_prints_a_gap_never_electronic_service() -> None:
    data = _data("01")
    del data["service"]["method"]
    loaded = validate_data(data)
    assert loaded.case is not None
    packet = _engine().assemble(loaded.case, draft=True)
    proof = _texts(packet)["proof-of-service"]
    assert "By [MISSING: service.method]." in proof
    assert "electronic" not in proof.lower()


def test_personal_delivery_cites_its_statute() -> None:
    data = _data("01")
    data["service"]["method"] = "personal"
    proof = _texts(_packet(data))["proof-of-service"]
    # the statute's text was not read here: the citation carries its verification tag
    assert (
        "By personal delivery (Code Civ. Proc., § 1011 [verify]): I delivered the papers" in proof
    )


def test_the_notice_to_prior_counsel_says_avoided_or_reduced_as_the_case_decides() -> None:
    data = _data("09")
    assert data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"] is True
    assert (
        "did not seek a disposition that would have avoided them."
        in (_texts(_packet(data))["notice-to-prior-counsel"])
    )
    data["grounds"]["a1"]["safe_alternative"]["immigration_neutral"] = False
    notice = _texts(_packet(data))["notice-to-prior-counsel"]
    assert "did not seek a disposition that would have reduced them." in notice
    assert "avoided or reduced" not in notice


def test_a_filing_date_before_the_table_is_flagged_for_the_attorney() -> None:
    from assembler.rules import check_data

    data = _filed(_data("03"), "2018-06-01")
    found = {p.code: p for p in check_data(data)}
    assert found["law.lettering_unknown"].severity.value == "warning"
    assert "January 1, 2019" in found["law.lettering_unknown"].message
    assert "law.lettering_unknown" not in {p.code for p in check_data(_data("03"))}


# --- a gap the attorney fills: printed in a draft, refused by --final ---------------------


def test_an_instruction_to_the_attorney_prints_in_brackets_and_blocks_a_final_build(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from assembler.cli import main

    data = _data("02")
    del data["grounds"]["a1"]["safe_alternative"]["offer_open"]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    memo = _texts(_packet(data))["notice-of-motion"]
    assert "[State how long the offer stayed open" in memo
    assert "MISSING" not in memo
    result = CliRunner().invoke(
        main, ["build", str(case), "-o", str(tmp_path / "out"), "--final", "--format", "txt"]
    )
    assert result.exit_code == 1
    assert "to write: [State how long the offer stayed open" in result.stderr
    draft = CliRunner().invoke(
        main, ["build", str(case), "-o", str(tmp_path / "d"), "--format", "txt"]
    )
    assert draft.exit_code == 0, draft.output
    report = (tmp_path / "d" / "case" / "build-report.txt").read_text(encoding="utf-8")
    assert "to write: [State how long the offer stayed open" in report
    assert "Missing facts" not in report


# --- the papers recount only what happened before they were filed ---------------------------


def test_events_after_the_filing_date_or_after_counsel_signed_are_errors() -> None:
    from assembler.rules import check_data

    late = _filed(_data("03"), "2025-11-14")  # the filing date moved, the history not
    found = {(p.path, p.code) for p in check_data(late)}
    assert ("prior_counsel.contact_efforts[0].date", "dates.after_filing") in found
    assert ("timeliness.events[3].date", "dates.after_filing") in found
    assert ("prior_counsel.contact_efforts[0].date", "dates.after_declaration") in found
    assert not [p for p in check_data(_data("03")) if p.code and p.code.startswith("dates.after")]


def test_a_motion_that_also_attacks_the_sentence_says_so_in_its_titles_and_grounds() -> None:
    texts = _texts(_packet(_data("10")))
    notice = texts["notice-of-motion"]
    assert "MOTION TO VACATE CONVICTION OR SENTENCE (Pen. Code, § 1473.7)" in notice
    assert "In the alternative, the sentence imposed on Count 1" in notice
    assert 'reaches "a conviction or sentence,"' in notice
    plain = _texts(_packet(_data("01")))["notice-of-motion"]
    assert "CONVICTION OR SENTENCE" not in plain and "In the alternative, the sentence" not in plain


def test_the_racial_justice_remedy_cites_the_subdivision_in_force() -> None:
    texts = _texts(_packet(_data("07")))
    for slug in ("notice-of-motion", "proposed-order"):
        assert (
            "(Pen. Code, § 745, subd. (e)(2)(A); Pen. Code, § 1473.7, subd. (f)(5)" in texts[slug]
        )
    earlier = " ".join(_texts(_packet(_moved(_data("07"), "2025-11-14"))).values())
    assert "(f)(5)" not in earlier  # (f)(5) came with SB 734


# --- a safe disposition "was available" only on a fact that shows it --------------------------


def test_a_safe_disposition_is_said_to_be_available_only_on_a_fact_that_shows_it() -> None:
    from assembler.rules import check_data

    memo = " ".join(_texts(_packet(_data("11")))["notice-of-motion"].split())
    assert "the immigration consequences was available here: Pen. Code, § 602" in memo
    assert "In 2012 the District Attorney's office accepted pleas to Pen. Code, § 602" in memo
    data = _data("11")
    del data["grounds"]["a1"]["safe_alternative"]["availability"]
    memo = _texts(_packet(data))["notice-of-motion"]
    assert "was available here" not in memo
    assert "the immigration consequences was Pen. Code, § 602" in memo
    assert "[State what shows that" in memo and "was available at the time" in memo
    found = {p.code: p.severity.value for p in check_data(data, final=True)}
    assert found["a1.availability"] == "error"


# --- found in the blind practitioner read -------------------------------------------------------


def test_the_witnesses_who_knew_the_moving_party_are_cited_by_paragraph() -> None:
    memo = _texts(_packet(_data("01")))["notice-of-motion"]
    assert "and by those who knew him then (A. Ramírez Decl. ¶" in memo
    assert "(A. Ramírez Decl.)" not in memo


def test_an_authentication_that_names_its_exhibit_is_not_introduced_twice() -> None:
    data = _data("01")
    (exhibit,) = [e for e in data["exhibits"] if e.get("authentication")][:1]
    label = exhibit["label"]
    exhibit["authentication"] = f"Exhibit {label} is a true copy of the letter I wrote in 2015."
    declaration = _texts(_packet(data))["declaration-of-moving-party"]
    assert f"Exhibit {label} is a true copy of the letter I wrote in 2015." in declaration
    assert f"Exhibit {label} to the motion is a true copy of the original." not in declaration


def test_a_consequence_is_argued_as_truly_clear_only_when_the_case_says_so() -> None:
    from assembler.rules import check_data

    memo = _texts(_packet(_data("12")))["notice-of-motion"]  # cocaine: truly_clear true
    assert "The consequence here was truly clear." in memo
    data = _data("02")  # an aggravated felony by term: a categorical question
    assert data["immigration"]["consequences"][0]["truly_clear"] is False
    memo = _texts(_packet(data))["notice-of-motion"]
    assert "The consequence here was one competent counsel would have identified." in memo
    assert "truly clear." not in memo.replace("is truly clear, counsel", "")
    del data["immigration"]["consequences"][0]["truly_clear"]
    found = {p.code: p for p in check_data(data)}
    assert found["a1.truly_clear"].severity.value == "warning"


def test_a_later_order_is_cited_to_its_own_exhibit() -> None:
    """Legal review 2, D4: the § 1203.4 order is cited where the papers state it, never to the
    exhibit that shows custody ended; an unknown label is refused."""
    from assembler.rules import check_data

    memo = " ".join(_texts(_packet(_data("11")))["notice-of-motion"].split())
    assert "The order is dated September 18, 2015. (Ex. C.)" in memo
    assert "the charges dismissed. (Ex. C.) That relief is rehabilitative." in memo
    data = _data("11")
    data["criminal_case"]["later_relief"][0]["exhibit"] = "Q"
    found = {(p.path, p.code) for p in check_data(data)}
    assert ("criminal_case.later_relief[0].exhibit", "exhibits.unknown") in found
