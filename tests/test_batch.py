"""Batch builds: several cases at once, a bad case reported and skipped, one summary table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.cli import main
from tests.support import SAMPLES

GOOD = [SAMPLES / "02-trial-conviction-ab1259.json", SAMPLES / "05-self-represented.json"]
BAD = SAMPLES / "invalid" / "01-still-in-custody.json"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_case_is_reported_and_skipped(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    args = ["build", str(GOOD[0]), str(BAD), str(GOOD[1]), "-o", str(out), "--format", "txt"]
    result = CliRunner().invoke(main, [*args, "--jobs", jobs])
    assert result.exit_code == 1, result.output
    for case in GOOD:
        assert (out / case.stem / "01-notice-of-motion.txt").is_file()
    assert not (out / BAD.stem).exists()
    table = result.stdout.splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("case "))
    assert table[header].split() == ["case", "papers", "pages", "warnings", "time", "status"]
    rows = {line.split()[0]: line.split() for line in table[header + 2 : header + 5]}
    assert list(rows) == [GOOD[0].stem, BAD.stem, GOOD[1].stem]  # in the order given
    assert rows[GOOD[0].stem][-2:] == ["built,", "DRAFT"] and rows[GOOD[0].stem][1] == "8"
    assert rows[BAD.stem][-1] == "invalid" and rows[BAD.stem][1] == "-"
    assert table[header + 5] == "2 of 3 cases built"
    # the bad case's validate report, on stderr
    assert "moving_party.custody.in_criminal_custody_on_this_case" in result.stderr


def test_a_folder_of_case_files_builds_each(tmp_path: Path) -> None:
    cases = tmp_path / "clinic"
    cases.mkdir()
    for case in GOOD:
        shutil.copy(case, cases / case.name)
    result = CliRunner().invoke(
        main, ["build", str(cases), "-o", str(tmp_path / "out"), "--format", "txt", "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(c.stem for c in GOOD)
    assert "2 of 2 cases built" in result.stdout


def test_two_files_that_would_share_a_folder_are_refused_before_any_work(
    tmp_path: Path,
) -> None:
    data = json.loads(GOOD[0].read_text(encoding="utf-8"))
    for client in ("a", "b"):
        (tmp_path / client).mkdir()
        (tmp_path / client / "case.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    files = [str(tmp_path / client / "case.json") for client in ("a", "b")]
    result = CliRunner().invoke(main, ["build", *files, "-o", str(out), "--format", "txt"])
    assert result.exit_code == 2
    assert "would both build into" in result.stderr
    assert not out.exists()


def test_a_refused_folder_makes_the_batch_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / GOOD[1].stem).mkdir(parents=True)
    (out / GOOD[1].stem / "01-notice-of-motion.txt").write_text("another's", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(GOOD[0]), str(GOOD[1]), "-o", str(out), "--format", "txt", "-j", "1"]
    )
    assert result.exit_code == 2
    assert "1 of 2 cases built" in result.stdout
    assert "no record of the case they belong to" in result.stderr


def _table(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("case ")) :]


def _report(out: Path, case: Path) -> str:
    return (out / case.stem / "build-report.txt").read_text(encoding="utf-8")


def test_the_table_says_which_packets_are_drafts_and_what_that_means(tmp_path: Path) -> None:
    """The demo's table said 'built' for packets whose every page says DRAFT: FOR ATTORNEY
    REVIEW. Each such case now reads 'built, DRAFT', and one line says what it means; a
    self-represented packet (no mark) with something to check reads 'built, check'."""
    args = ["build", *map(str, GOOD), "-o", str(tmp_path), "--format", "txt", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    table = _table(result.stdout)
    counsel, pro_per = (next(line for line in table if line.startswith(c.stem)) for c in GOOD)
    assert counsel.endswith("  built, DRAFT")
    assert "DRAFT: FOR ATTORNEY REVIEW" in _report(tmp_path, GOOD[0])
    assert pro_per.endswith("  built, check")
    assert "DRAFT" not in _report(tmp_path, GOOD[1])
    assert table[4] == "2 of 2 cases built"
    assert table[5].startswith(
        "DRAFT (1 packet): every PDF and Word page says DRAFT: FOR ATTORNEY REVIEW until an "
        "attorney verifies what the papers rely on"
    )
    assert "`assembler review CASE`" in table[5] and "`build --final`" in table[5]
    assert table[6].startswith("check (1 self-represented packet): no mark, but before filing")


def test_a_draft_batch_says_every_packet_is_a_draft_not_for_filing(tmp_path: Path) -> None:
    args = ["build", *map(str, GOOD), "-o", str(tmp_path), "--format", "txt", "--draft"]
    table = _table(CliRunner().invoke(main, args).stdout)
    assert table[2].endswith("  built, DRAFT") and table[3].endswith("  built, DRAFT")
    assert table[5] == (
        "DRAFT (2 packets): built with --draft, every PDF and Word page marked DRAFT: "
        "for review, not for filing."
    )
    assert not any(line.startswith("check") for line in table)
