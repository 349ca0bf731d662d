"""The marks across every page (DRAFT, SAMPLE) are laid out once and drawn over each page of
the plain PDFs (issue 27): each page looks as it did when the marks were laid out on it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from assembler.assembly import Assembler
from assembler.cli import main
from assembler.loading import load_case
from assembler.writers.html import render_html, render_slip_sheet
from assembler.writers.pdf import PdfWriter
from tests import support
from tests.support import BASE_SAMPLE, SAMPLES

MARKS = ("DRAFT: FOR ATTORNEY REVIEW", "SAMPLE — FICTIONAL CASE")


@pytest.fixture(scope="module")
def engine() -> Assembler:
    return support.engine()


def _pixels(data: bytes) -> list[bytes]:
    """Each page at 108 dpi, as raw pixels."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [pdf[i].render(scale=1.5).to_pil().tobytes() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_marks_drawn_over_the_pages_look_as_marks_laid_out_on_each_page(
    engine: Assembler,
) -> None:
    case = load_case(SAMPLES / "09-post-sb281-plea-iac-notice.json").case
    assert case is not None
    paper = engine.assemble(case).documents[3]
    drawn_over = PdfWriter(watermarks=MARKS)
    plain = PdfWriter()  # the marks laid out with the paper, as every page had them before
    laid = plain._render_html(render_html(paper, watermarks=MARKS), paper.title, None, None)
    over = drawn_over.pdf_bytes(drawn_over.render(paper, author=None, date=None))
    assert len(laid.pages) > 1
    assert _pixels(over) == _pixels(plain.pdf_bytes(laid))
    slip = drawn_over.slip_sheet("A", "Plea form", None, author=None, date=None)
    source = render_slip_sheet("A", "Plea form", None, watermarks=MARKS)
    laid_slip = plain._render_html(source, "Exhibit A", None, None)
    laid_slip_pdf = plain.pdf_bytes(laid_slip, paper=False)
    assert _pixels(drawn_over.pdf_bytes(slip, paper=False)) == _pixels(laid_slip_pdf)


def test_every_page_and_slip_sheet_has_the_marks_drawn_from_one_form_per_file(
    tmp_path: Path,
) -> None:
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "pdf"]
    result = CliRunner().invoke(main, [*args, "--draft", "--watermark", "sample"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        rotated = ["".join(c["text"] for c in page.chars if c["matrix"][1]) for page in pdf.pages]
        curves = [len(page.curves) for page in pdf.pages]
    assert any(t.startswith("EXHIBIT ") for t in texts)  # the slip sheets are marked too
    assert all(n >= 30 for n in curves), curves  # both marks' letters, drawn as outlines
    assert rotated == [""] * len(texts)
    assert not [t for t in texts if "DRAFT" in t or "FICTIONAL CASE" in t]
    for paper in sorted(folder.glob("[0-9][0-9]-*.pdf")):
        reader = PdfReader(io.BytesIO(paper.read_bytes()))
        resources: list[Any] = [page["/Resources"] for page in reader.pages]
        forms = {r["/XObject"].raw_get("/PleadingMarks") for r in resources}
        assert len(forms) == 1, paper.name
