"""Word output: one document, three formats; hostile facts; named styles; reproducible bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler.assembly import Assembler
from assembler.cli import main
from assembler.document import Document
from assembler.loading import load_case, validate_data
from assembler.writers.docx import SHELL, STYLES, DocxWriter
from assembler.writers.text import _block
from tests.support import BASE_SAMPLE, SAMPLE_FILES, SAMPLES

docx = pytest.importorskip("docx")
pytestmark = pytest.mark.skipif(
    not SHELL.is_file(), reason="no Word shell: run python -m assembler.shells"
)


@pytest.fixture(scope="module")
def writer() -> DocxWriter:
    return DocxWriter()


def _open(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _all_text(document: Any) -> str:
    """Every paragraph of the body, including those inside tables, in order."""
    parts = []
    for element in document.element.body.iter():
        if element.tag.endswith("}p"):
            parts.append(
                "".join(
                    (t.text or "") if t.tag.endswith("}t") else " "
                    for t in element.iter()
                    if t.tag.endswith(("}t", "}tab", "}br"))
                )
            )
    return "\n".join(parts)


def _body_words(document: Document) -> list[str]:
    words: list[str] = []
    for block in document.blocks:
        words += " ".join(_block(block)).split()
    return words


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_every_paper_is_the_same_document_as_the_text(
    engine: Assembler, writer: DocxWriter, sample: Path
) -> None:
    case = load_case(sample).case
    assert case is not None
    for document in engine.assemble(case).documents:
        opened = _open(writer.write(document, author="A", date=case.filing_date))
        words = _all_text(opened).split()
        body = _body_words(document)
        body = [w for w in body if set(w) != {"_"}]  # signature lines: one run of underscores
        words = [w for w in words if set(w) != {"_"}]
        assert words[-len(body) :] == body, document.slug
        caption = document.caption
        for fact in (caption.plaintiff, caption.paper_title, *caption.court):
            assert " ".join(fact.split()) in " ".join(words), (document.slug, fact)
        assert opened.core_properties.title == document.title


def test_body_uses_only_the_named_styles(engine: Assembler, writer: DocxWriter) -> None:
    case = load_case(SAMPLES / "04-dv-365-days-detained.json").case
    assert case is not None
    named = set(STYLES.values())
    shell = {"Filer Block", "Court Title", "Caption", "Normal"}
    for document in engine.assemble(case, tables=True).documents:
        opened = _open(writer.write(document))
        used = {p.style.name for p in opened.paragraphs}
        assert used <= named | shell, (document.slug, used - named - shell)
        assert STYLES["body"] in used or STYLES["contents"] in used
        runs = {r.style.name for p in opened.paragraphs for r in p.runs if r.style is not None}
        assert runs <= named | {"Default Paragraph Font"}, runs - named


def test_hostile_facts_come_through_exactly(engine: Assembler, writer: DocxWriter) -> None:
    data = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    hostile = "Ñúñez & <Law> ]]> {{ x }} {% raw %} Nguyễn 王小明 שלום 🙂"
    data["moving_party"]["legal_name"] = hostile
    data["moving_party"]["ties"]["work"] = hostile
    case = validate_data(data).case
    assert case is not None
    packet = engine.assemble(case)
    for document in packet.documents:
        text = _all_text(_open(writer.write(document)))
        assert hostile.upper() in text or hostile in text, document.slug
    notice = _all_text(_open(writer.write(packet.documents[0])))
    assert f"Work: {hostile}" in notice


def test_two_builds_are_byte_identical(engine: Assembler, writer: DocxWriter) -> None:
    case = load_case(BASE_SAMPLE).case
    assert case is not None
    first = [
        writer.write(d, author="A", date=case.filing_date) for d in engine.assemble(case).documents
    ]
    second = [
        writer.write(d, author="A", date=case.filing_date) for d in engine.assemble(case).documents
    ]
    assert first == second


def test_missing_facts_are_marked_in_their_own_style(engine: Assembler, writer: DocxWriter) -> None:
    data = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    del data["moving_party"]["country_of_birth"]
    case = validate_data(data).case
    assert case is not None
    notice = engine.assemble(case, draft=True).documents[0]
    opened = _open(writer.write(notice))
    marked = [r for p in opened.paragraphs for r in p.runs if r.style.name == STYLES["missing"]]
    assert [r.text for r in marked] == ["[MISSING: moving_party.country_of_birth]"]


def test_build_writes_docx_beside_the_other_formats(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "docx,txt"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    texts = sorted(p.stem for p in folder.glob("*.txt") if p.name != "build-report.txt")
    assert texts and sorted(p.stem for p in folder.glob("*.docx")) == texts
    bad = CliRunner().invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "odt"]
    )
    assert bad.exit_code == 2 and "'odt' is not one of txt, pdf, docx" in bad.output


def test_a_firm_shell_missing_a_style_is_a_clear_error(tmp_path: Path) -> None:
    bare = tmp_path / "pleading.docx"
    docx.Document().save(str(bare))
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--format",
            "docx",
            "--templates",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "the Word shell lacks the style(s) Pleading Body" in result.output


def test_draft_and_sample_builds_say_so_in_every_header(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path),
            "--format",
            "docx",
            "--draft",
            "--watermark",
            "sample",
        ],
    )
    assert result.exit_code == 0, result.output
    for path in sorted((tmp_path / BASE_SAMPLE.stem).glob("*.docx")):
        opened = docx.Document(str(path))
        headers = " ".join(
            t.text or ""
            for s in opened.sections
            for t in s.header._element.iter()
            if t.tag.endswith("}t")
        )
        assert "DRAFT — SAMPLE — FICTIONAL CASE" in headers, path.name
