"""Verification: no tag in a paper that is not a draft; --final writes only verified papers."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pypdf import PdfReader

from assembler.cli import main
from assembler.verification import REVIEW_MARK
from tests.support import BASE_SAMPLE, SAMPLES, review_everything

PRO_PER = SAMPLES / "05-self-represented.json"


def _build(tmp_path: Path, *args: str, case: Path = BASE_SAMPLE) -> Any:
    return CliRunner().invoke(main, ["build", str(case), "-o", str(tmp_path), *args])


def _reviewed(tmp_path: Path, sample: Path = BASE_SAMPLE) -> tuple[Path, Path]:
    """A copy of ``sample`` whose every check is recorded (the firm's file and the case's)."""
    case = tmp_path / "cases" / sample.name
    case.parent.mkdir(parents=True)
    case.write_bytes(sample.read_bytes())
    firm = tmp_path / "firm" / "authorities.toml"
    review_everything(case, firm)
    return case, firm


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("[0-9][0-9]-*.txt")}


def test_a_default_build_has_no_tags_and_says_draft_for_review(tmp_path: Path) -> None:
    result = _build(tmp_path, "--format", "txt,docx,pdf")
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    for name, text in _texts(folder).items():
        assert "[verify]" not in text and "verify before filing" not in text.lower(), name
    for paper in folder.glob("[0-9][0-9]-*.docx"):
        with zipfile.ZipFile(paper) as docx:
            parts = [n for n in docx.namelist() if n.startswith("word/")]
            xml = "".join(docx.read(n).decode("utf-8", "replace") for n in parts)
        assert "[verify]" not in xml and REVIEW_MARK in xml, paper.name
    from pypdf import PdfReader

    for page in PdfReader(folder / "packet.pdf").pages:
        # the mark is drawn on every page, never written into the text (issue 24, part 4)
        text = page.extract_text() or ""
        assert "DRAFT" not in text and "REVIEW" not in text
    # what remains is listed per paper, on the terminal and in the report
    assert "verify before filing (every page says DRAFT: FOR ATTORNEY REVIEW" in result.stderr
    assert "  01-notice-of-motion:" in result.stderr
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "  01-notice-of-motion:\n" in report and "People v. Jung (2020)" in report


def test_final_writes_nothing_and_lists_what_remains(tmp_path: Path) -> None:
    result = _build(tmp_path, "--final", "--format", "txt")
    assert result.exit_code == 1
    assert "not built: --final, and these remain to verify:" in result.stderr
    assert "  01-notice-of-motion:\n" in result.stderr
    assert "People v. Jung (2020) 59 Cal.App.5th 842: reporter citation" in result.stderr
    # a paper whose every authority is verified is not listed (the proof of service by mail)
    assert "09-proof-of-service:" not in result.stderr
    assert not (tmp_path / BASE_SAMPLE.stem).exists()


def test_final_with_everything_verified_writes_clean_unmarked_papers(
    tmp_path: Path,
) -> None:
    case, firm = _reviewed(tmp_path)
    result = _build(
        tmp_path, "--final", "--format", "txt,docx", "--authorities", str(firm), case=case
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    for paper in folder.glob("[0-9][0-9]-*.docx"):
        with zipfile.ZipFile(paper) as docx:
            header = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if "header" in n)
        assert "DRAFT" not in header, paper.name
    assert "nothing (every authority and clause used is verified)" in (
        folder / "build-report.txt"
    ).read_text(encoding="utf-8")


def test_a_draft_keeps_the_tags(tmp_path: Path) -> None:
    result = _build(tmp_path, "--draft", "--format", "txt")
    assert result.exit_code == 0, result.output
    text = "".join(_texts(tmp_path / BASE_SAMPLE.stem).values())
    assert "[verify]" in text and "verify before filing" in text.lower()


def test_a_self_represented_packet_is_never_tagged_or_marked(tmp_path: Path) -> None:
    result = _build(tmp_path, "--format", "txt,docx", case=PRO_PER)
    assert result.exit_code == 0, result.output
    folder = tmp_path / PRO_PER.stem
    assert all("[verify]" not in t for t in _texts(folder).values())
    for paper in folder.glob("[0-9][0-9]-*.docx"):
        with zipfile.ZipFile(paper) as docx:
            xml = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if "header" in n)
        assert "DRAFT" not in xml
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "ask the court's self-help center (or a lawyer) to check" in report
    assert "self-help center" in result.stderr


def test_draft_and_final_exclude_each_other(tmp_path: Path) -> None:
    result = _build(tmp_path, "--draft", "--final")
    assert result.exit_code == 2 and "exclude each other" in result.output


FIRM = """
[jung]
status = "V"
verified_by = "Dana K. Whitfield"
verified_on = "2026-11-30"
source = "59 Cal.App.5th 842, Official Reports, read in full"
"""


def test_a_firms_verification_overrides_the_bundled_status(tmp_path: Path) -> None:
    firm = tmp_path / "firm.toml"
    firm.write_text(FIRM, encoding="utf-8")
    listed = CliRunner().invoke(main, ["authorities", "--authorities", str(firm)])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    line = next(i for i, text in enumerate(lines) if " jung " in text)
    assert lines[line].startswith("V ")
    assert lines[line + 1] == (
        "    verified: Dana K. Whitfield, 2026-11-30, 59 Cal.App.5th 842, Official Reports, read in "
        "full"
    )
    result = _build(tmp_path / "out", "--format", "txt", "--authorities", str(firm))
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / BASE_SAMPLE.stem / "build-report.txt").read_text(encoding="utf-8")
    assert "People v. Jung" not in report.split("Verify before filing", 1)[1]


def test_a_firms_verification_must_say_who_and_against_what(tmp_path: Path) -> None:
    firm = tmp_path / "firm.toml"
    firm.write_text('[jung]\nstatus = "V"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["authorities", "--authorities", str(firm)])
    assert result.exit_code == 2
    assert "names who verified it (verified_by) and against what (source)" in result.stderr


def test_the_draft_mark_is_drawn_so_the_text_of_a_draft_is_the_final_s(
    tmp_path: Path,
) -> None:
    """DRAFT: FOR ATTORNEY REVIEW is outlines, not text: a text extractor (or a screen reader)
    reads a draft page exactly as the final one, and every draft page carries the drawing."""
    import pdfplumber

    case, firm = _reviewed(tmp_path)
    assert _build(tmp_path / "draft", "--format", "pdf", case=case).exit_code == 0
    final = _build(
        tmp_path / "final", "--final", "--format", "pdf", "--authorities", str(firm), case=case
    )
    assert final.exit_code == 0, final.output
    draft_folder = tmp_path / "draft" / BASE_SAMPLE.stem
    final_folder = tmp_path / "final" / BASE_SAMPLE.stem
    papers = sorted(p.name for p in draft_folder.glob("[0-9][0-9]-*.pdf"))
    assert papers and papers == sorted(p.name for p in final_folder.glob("[0-9][0-9]-*.pdf"))
    for name in papers:
        draft, final = PdfReader(draft_folder / name), PdfReader(final_folder / name)
        assert len(draft.pages) == len(final.pages), name
        for one, other in zip(draft.pages, final.pages, strict=True):
            # the mark is a form drawn after the page's own content: pypdf ends its (empty)
            # text with a line end, and nothing else
            assert one.extract_text().rstrip("\n") == other.extract_text(), name
        with (
            pdfplumber.open(draft_folder / name) as marked,
            pdfplumber.open(final_folder / name) as clean_pdf,
        ):
            for drawn, plain in zip(marked.pages, clean_pdf.pages, strict=True):
                assert drawn.chars == plain.chars, name  # not one character more
                assert len(drawn.curves) > len(plain.curves), name  # the drawn letters
