"""The PDF on pleading paper, measured with pdfplumber (Cal. Rules of Court, rules 2.100-2.119)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner

from assembler.assembly import Assembler
from assembler.cli import main
from assembler.document import NumberedParagraph, Paragraph
from assembler.loading import load_case, validate_data
from assembler.writers.pdf import ASSETS, PdfError, PdfWriter
from assembler.writers.text import render_inline
from tests.support import BASE_SAMPLE, SAMPLE_FILES, SAMPLES, last_line_in_a_new_process

PAGE_TOP, PAGE_BOTTOM = 72.0, 744.0  # the 28-line text area: 672 pt = 28 x 24 pt
TOLERANCE = 0.5


@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter()


@pytest.fixture(scope="module")
def built(engine: Assembler, writer: PdfWriter) -> dict[str, list[tuple[Any, bytes]]]:
    """Every sample's documents with their PDF bytes."""
    out = {}
    for sample in SAMPLE_FILES:
        case = load_case(sample).case
        assert case is not None
        packet = engine.assemble(case)
        out[sample.stem] = [
            (doc, writer.pdf_bytes(writer.render(doc, author="Test", date=case.filing_date)))
            for doc in packet.documents
        ]
    return out


Parsed = dict[str, list[tuple[Any, list[Any]]]]


@pytest.fixture(scope="module")
def parsed(built: dict[str, list[tuple[Any, bytes]]]) -> Iterator[Parsed]:
    """Every sample's documents with their pages, parsed once for all the tests that read them
    (pdfplumber keeps each page's characters once computed)."""
    opened = []
    out: Parsed = {}
    for sample, items in built.items():
        out[sample] = []
        for doc, data in items:
            pdf = pdfplumber.open(io.BytesIO(data))
            opened.append(pdf)
            out[sample].append((doc, list(pdf.pages)))
    yield out
    for pdf in opened:
        pdf.close()


def _pages(data: bytes) -> Iterator[Any]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield from pdf.pages


def _baseline(char: dict[str, Any], page: Any) -> float:
    return float(page.height - char["matrix"][5])


def _numbers(page: Any) -> dict[int, float]:
    """Line number -> baseline, from the digits left of the double rule."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        if char["x1"] < 96 and char["text"].isdigit():
            rows.setdefault(round(_baseline(char, page), 2), []).append(char)
    return {
        int("".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))): baseline
        for baseline, chars in rows.items()
    }


def _lines(page: Any) -> list[float]:
    """Baselines of text right of the rule inside the 28-line area."""
    baselines = {
        round(_baseline(c, page), 1)
        for c in page.chars
        if c["x0"] > 100 and PAGE_TOP <= _baseline(c, page) <= PAGE_BOTTOM and c["text"].strip()
    }
    return sorted(baselines)


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLE_FILES])
def test_pleading_grid(parsed: Parsed, sample: str) -> None:
    for doc, pages in parsed[sample]:
        for index, page in enumerate(pages):
            where = f"{sample}/{doc.slug} page {index + 1}"
            assert (page.width, page.height) == (612, 792), where
            numbers = _numbers(page)
            assert sorted(numbers) == list(range(1, 29)), where
            gaps = {round(numbers[n + 1] - numbers[n], 3) for n in range(1, 28)}
            assert gaps == {24.0}, where
            grid = sorted(numbers.values())
            # single spacing: the caption, and a signature block (the last page's, or the
            # notice of motion's own, which may fall on any page); everything else on the grid
            text = page.extract_text() or ""
            signed = "Dated:" in text or "Executed on" in text
            single_spaced_allowed = index == 0 or index == len(pages) - 1 or signed
            for baseline in _lines(page):
                distance = min(abs(baseline - g) for g in grid)
                half = min(abs(baseline - (g + 12)) for g in grid)
                if single_spaced_allowed:
                    assert min(distance, half) <= TOLERANCE, f"{where}: line at {baseline} drifts"
                else:
                    assert distance <= TOLERANCE, f"{where}: body line at {baseline} off its number"


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLE_FILES])
def test_first_page_court_title_on_line_8_and_footer_on_every_page(
    parsed: Parsed, sample: str
) -> None:
    for doc, pages in parsed[sample]:
        first = pages[0]
        court = first.search("SUPERIOR COURT OF THE STATE OF CALIFORNIA")
        assert court, f"{sample}/{doc.slug}: no court title"
        baseline = _baseline(court[0]["chars"][0], first)
        assert abs(baseline - _numbers(first)[8]) <= TOLERANCE
        title_start = " ".join(doc.title.split()[:3])
        for number, page in enumerate(pages, 1):
            footer = page.crop((0, PAGE_BOTTOM + 2, page.width, page.height)).extract_text() or ""
            assert str(number) in footer.split()[0:1], f"{sample}/{doc.slug} p{number}: {footer!r}"
            assert title_start in " ".join(footer.split()), f"{sample}/{doc.slug} p{number}"


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLE_FILES])
def test_body_text_is_extractable_and_matches_the_text_writer(parsed: Parsed, sample: str) -> None:
    for doc, pages in parsed[sample]:
        text = " ".join(
            (page.crop((100, 0, page.width, PAGE_BOTTOM + 1)).extract_text() or "")
            for page in pages
        )
        flat = "".join(text.split())  # modulo layout: line breaks and spacing
        for block in doc.blocks:
            if isinstance(block, Paragraph | NumberedParagraph):
                expected = "".join(render_inline(block.children).split())
                assert expected in flat, f"{sample}/{doc.slug}: paragraph missing: {expected[:60]}"


def _resolve(obj: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    return resolve1(obj)


def test_fonts_are_embedded(built: dict[str, list[tuple[Any, bytes]]]) -> None:
    checked = 0
    for doc, data in (item for items in built.values() for item in items):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                fonts = _resolve(_resolve(page.page_obj.resources).get("Font", {}))
                for ref in fonts.values():
                    font = _resolve(ref)
                    if "DescendantFonts" in font:
                        font = _resolve(_resolve(font["DescendantFonts"])[0])
                    descriptor = _resolve(font["FontDescriptor"])
                    assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), doc.slug
                    checked += 1
    assert checked


def test_two_builds_are_byte_identical(engine: Assembler) -> None:
    case = load_case(BASE_SAMPLE).case
    assert case is not None
    doc = engine.assemble(case).documents[2]
    first = PdfWriter().pdf_bytes(PdfWriter().render(doc, author="A", date=case.filing_date))
    second = PdfWriter().pdf_bytes(PdfWriter().render(doc, author="A", date=case.filing_date))
    assert first == second


def test_packet_has_every_document_and_bookmarks(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "01-notice-of-motion.pdf",
        "02-declaration-of-moving-party.pdf",
        "03-declaration-of-translator.pdf",
        "04-declaration-of-counsel.pdf",
        "05-declaration-of-witness.pdf",
        "06-declaration-of-translator-witness.pdf",
        "07-exhibit-list.pdf",
        "08-proposed-order.pdf",
        "09-proof-of-service.pdf",
        "packet.pdf",
    ]
    pages = {p.name: len(list(_pages(p.read_bytes()))) for p in folder.glob("*.pdf")}
    exhibits = len(json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))["exhibits"])
    papers = sum(n for name, n in pages.items() if name != "packet.pdf")
    assert pages["packet.pdf"] == papers + exhibits  # one slip sheet per exhibit
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        titles = [entry[1] for entry in pdf.doc.get_outlines()]
        assert pdf.metadata["Title"].startswith("Motion to vacate conviction")
        assert pdf.metadata["Author"] == "Dana K. Whitfield"
    assert any(t.startswith("NOTICE OF MOTION") for t in titles)
    assert any(t.startswith("DECLARATION OF") for t in titles)
    assert any(t.startswith("[PROPOSED] ORDER") for t in titles)
    assert titles[-1] == "PROOF OF SERVICE"


def test_watermarks_exhibit_slip_sheets_and_pdfa(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "pdf",
            "--watermark", "sample", "--draft", "--pdf-variant", "pdf/a-2b",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    exhibits = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))["exhibits"]
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
        titles = [entry[1] for entry in pdf.doc.get_outlines()]
        rotated = ["".join(c["text"] for c in page.chars if c["matrix"][1]) for page in pdf.pages]
        drawn = [len(page.curves) for page in pdf.pages]
    # both marks are drawn on every page as outlines (their letters are curves), and no mark
    # enters the text: nothing is set rotated, and no page's text says DRAFT or SAMPLE
    for number, (marks, curves) in enumerate(zip(rotated, drawn, strict=True), 1):
        assert marks == "" and curves >= 30, f"page {number}: {curves} curves, text {marks!r}"
    assert not [t for t in texts if "DRAFT" in t or "FICTIONAL CASE" in t]
    slips = [t for t in texts if t.startswith("EXHIBIT ") or " EXHIBIT " in t[:40]]
    assert len([t for t in texts if "(to be attached)" in t]) == len(exhibits)
    assert slips
    for exhibit in exhibits:
        assert f"EXHIBIT {exhibit['label']}: {exhibit['title']}" in titles

    # exhibits come after the declaration and before the proposed order
    def first(prefix: str) -> int:
        return next(i for i, t in enumerate(titles) if t.startswith(prefix))

    assert first("DECLARATION OF") < first("EXHIBIT A") < first("[PROPOSED] ORDER")
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        catalog = pdf.doc.catalog
        assert "OutputIntents" in catalog  # PDF/A needs an output intent
        assert b"pdfaid:part" in _resolve(catalog["Metadata"]).get_data()


@pytest.mark.parametrize("variant", [None, "pdf/a-2b"])
def test_papers_are_on_pleading_paper_and_slip_sheets_are_not(
    tmp_path: Path, variant: str | None
) -> None:
    """The rules and line numbers are drawn under each paper's pages (or, in a variant, laid out
    on each page): every page of every paper has them, no exhibit slip sheet has."""
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "pdf"]
    result = CliRunner().invoke(main, args + (["--pdf-variant", variant] if variant else []))
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem

    def rules(page: Any) -> list[int]:
        return sorted(round(line["x0"]) for line in page.lines if line["x0"] == line["x1"])

    for paper in sorted(folder.glob("[0-9][0-9]-*.pdf")):
        for number, page in enumerate(_pages(paper.read_bytes()), 1):
            assert sorted(_numbers(page)) == list(range(1, 29)), f"{paper.name} p{number}"
            assert [x for x in rules(page) if x in (96, 99, 561)] == [96, 99, 561], paper.name
    slips = [
        page
        for page in _pages((folder / "packet.pdf").read_bytes())
        # a slip sheet: a short page naming the exhibit (after the DRAFT mark, if any)
        if "EXHIBIT " in (text := page.extract_text() or "") and len(text) < 300
    ]
    assert len(slips) == len(json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))["exhibits"])
    assert all(not _numbers(page) and not rules(page) for page in slips)


# --- safety ----------------------------------------------------------------------------------


def test_only_project_assets_are_fetched(writer: PdfWriter) -> None:
    from weasyprint.urls import FatalURLFetchingError

    fetcher = writer._fetcher
    assert fetcher.fetch((ASSETS / "rules.svg").as_uri()).read().startswith(b"<svg")
    for url in ("http://127.0.0.1:9/x.css", "https://example.invalid/f.woff", "file:///etc/passwd"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch((ASSETS / ".." / "README.md").as_uri())
    # font files fontconfig found are served wherever they live (a user font folder too), and
    # nothing else: not a font file fontconfig does not know, not a path that escapes
    from assembler.fonts import catalog

    known = sorted(catalog().files())
    assert known and fetcher.fetch(known[0].as_uri()).read()
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("file:///usr/share/fonts/../../../etc/passwd")


def test_a_font_in_a_user_font_folder_is_served_and_an_unknown_one_refused(
    writer: PdfWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from assembler import fonts

    face = ASSETS / "fonts" / "LiberationSerif-Regular.ttf"
    user = tmp_path / "home" / ".local" / "share" / "fonts" / "LiberationSerif-Regular.ttf"
    user.parent.mkdir(parents=True)
    user.write_bytes(face.read_bytes())
    stray = tmp_path / "elsewhere.ttf"
    stray.write_bytes(face.read_bytes())
    real = fonts.catalog()
    known = (*real.system, fonts.SystemFont(user.resolve(), "Liberation Serif", None))
    fake = fonts.Catalog(real.bundled_chars, known, real.fontconfig_version)
    monkeypatch.setattr(fonts, "catalog", lambda: fake)
    assert writer._fetcher.fetch(user.as_uri()).read()[:4] == face.read_bytes()[:4]
    with pytest.raises(FatalURLFetchingError):
        writer._fetcher.fetch(stray.as_uri())


@pytest.mark.allow_logs  # the missing glyph is what it provokes
def test_a_character_without_a_glyph_is_an_error(engine: Assembler, case: dict[str, Any]) -> None:
    case["moving_party"]["legal_name"] = "\U00013000 Hieroglyph"  # no installed font has it
    loaded = validate_data(case)
    assert loaded.case is not None
    doc = engine.assemble(loaded.case).documents[1]
    writer = PdfWriter()
    with pytest.raises(PdfError, match="no glyph"):
        writer.pdf_bytes(writer.render(doc, author=None, date=None))


def test_vietnamese_and_chinese_names_render(engine: Assembler, case: dict[str, Any]) -> None:
    name = "Nguyễn Thị Thu Hà 陳志明"
    case["moving_party"]["legal_name"] = name
    loaded = validate_data(json.loads(json.dumps(case)))
    assert loaded.case is not None
    doc = engine.assemble(loaded.case).documents[1]
    data = PdfWriter().pdf_bytes(PdfWriter().render(doc, author=None, date=None))
    text = " ".join((p.extract_text() or "") for p in _pages(data))
    assert name in " ".join(text.split())


def test_only_text_a_fallback_font_prints_is_held_in_a_run() -> None:
    """A run (line height 1 pt) keeps a fallback font's taller ascent and descent off the grid
    (test_pleading_grid fails for sample 08 without it); text the body face prints whole goes
    without, since WeasyPrint splits a nested inline box again on every line it spans."""
    from assembler.document import Strong, Text
    from assembler.writers.html import run

    assert run((Text("Nguyễn Thị Hà, "), Strong((Text("Ωmega — “straße”"),)))) == (
        "Nguyễn Thị Hà, <b>Ωmega — “straße”</b>"
    )
    assert run((Text("Chen 陳志明"),)) == '<span class="run">Chen 陳志明</span>'
    # A heading's `text-transform: uppercase` prints capitals: U+0250 is in the face, its
    # capital U+2C6F is not.
    assert run((Text("\u0250"),)) == '<span class="run">\u0250</span>'


def test_a_name_in_a_fallback_font_keeps_the_weight_of_its_text(
    engine: Assembler, case: dict[str, Any]
) -> None:
    """Chinese characters come from a system font; bold only where the Latin text is bold."""
    case["moving_party"]["legal_name"] = "Chen 陳志明"
    loaded = validate_data(json.loads(json.dumps(case)))
    assert loaded.case is not None
    writer = PdfWriter()
    checked = set()
    for doc in engine.assemble(loaded.case).documents[:2]:
        for page in _pages(writer.pdf_bytes(writer.render(doc, author=None, date=None))):
            chars = page.chars
            for index, char in enumerate(chars):
                if char["text"] not in "陳志明":
                    continue
                latin = next(
                    c
                    for c in reversed(chars[:index])
                    if c["text"].isascii() and c["text"].isalpha()
                )
                assert "Pleading-Serif" not in char["fontname"]  # a fallback face
                assert ("Bold" in char["fontname"]) == ("Bold" in latin["fontname"]), (
                    char["fontname"],
                    latin["fontname"],
                )
                checked.add("Bold" in latin["fontname"])
    assert False in checked  # the name appears in running text, not only in bold headings


def test_tables_of_contents_and_authorities_point_at_the_right_pages(
    engine: Assembler, writer: PdfWriter
) -> None:
    from assembler.document import TableOfAuthorities, TableOfContents

    case = load_case(SAMPLES / "04-dv-365-days-detained.json").case
    assert case is not None
    notice = engine.assemble(case, tables=True).documents[0]
    pages = list(_pages(writer.pdf_bytes(writer.render(notice, author=None, date=None))))
    texts = [" ".join((p.extract_text() or "").split()) for p in pages]
    toc_page = next(i for i, t in enumerate(texts) if "TABLE OF CONTENTS" in t)
    toa_page = next(i for i, t in enumerate(texts) if "TABLE OF AUTHORITIES" in t)
    assert toc_page < toa_page
    toc = next(b for b in notice.blocks if isinstance(b, TableOfContents))
    toa = next(b for b in notice.blocks if isinstance(b, TableOfAuthorities))
    for entry in toc.entries:
        # the number printed after the heading is the page the heading is on
        number = _printed_page([pages[toc_page]], f"{entry.number} {entry.text}")
        assert entry.text.split()[0].upper() in texts[number - 1].upper(), (entry.text, number)
    for _label, authorities in toa.groups:
        for item in authorities:
            # the table of authorities may run onto a second page
            number = _printed_page(
                pages[toa_page : toa_page + 2], f"{item.before}{item.italic}"[:25]
            )
            words = (item.italic or item.before).split()
            # a later page may carry only the short form: "Vivar, supra" or "Padilla, supra"
            names = {words[-1]} | ({words[0]} if words[0] != "People" else set())
            assert any(n in texts[number - 1] for n in names), (names, number)
    # the table pages keep the grid
    for page in (pages[toc_page], pages[toa_page]):
        grid = sorted(_numbers(page).values())
        for baseline in _lines(page):
            assert min(abs(baseline - g) for g in grid) <= TOLERANCE


def _printed_page(pages: list[Any], start: str) -> int:
    """The first page number printed on the row whose text starts with ``start``."""
    for page in pages:
        # a row whose page numbers wrap ("... 13, 14," / "15, 16") is read as one line
        text = re.sub(r",\n(?=\d)", ", ", page.extract_text() or "")
        for line in text.splitlines():
            flat = " ".join(line.split())
            # a table row ends with its page numbers ("... 4, 7"); body text does not
            if start[:20] in flat and re.search(r"\s\d+(, \d+)*$", flat):
                return int(flat.rsplit(" ", 1)[1].split(",")[0])
    raise AssertionError(f"no row for {start!r}")


def test_long_memorandum_gets_tables_without_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assembler.writers.pdf

    monkeypatch.setattr(assembler.writers.pdf, "TABLES_AFTER_PAGES", 3)  # our samples run ~5 pages
    result = CliRunner().invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    notice = " ".join(
        p.extract_text() or "" for p in _pages((folder / "01-notice-of-motion.pdf").read_bytes())
    )
    order = " ".join(
        p.extract_text() or ""
        for p in _pages(next(folder.glob("*-proposed-order.pdf")).read_bytes())
    )
    assert "TABLE OF CONTENTS" in notice and "TABLE OF AUTHORITIES" in notice
    assert "TABLE OF CONTENTS" not in order


def test_attached_exhibit_files_follow_their_slip_sheets(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    from weasyprint import HTML

    (tmp_path / "exhibits").mkdir()
    HTML(
        string="<p>FICTIONAL MINUTE ORDER page one</p><p style='break-before: page'>two</p>"
    ).write_pdf(tmp_path / "exhibits" / "a.pdf")
    case["exhibits"][0]["file"] = "exhibits/a.pdf"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    packet = list(_pages((tmp_path / "out" / "case" / "packet.pdf").read_bytes()))
    texts = [" ".join((p.extract_text() or "").split()) for p in packet]
    # a slip sheet is a short page (its text may follow the DRAFT: FOR ATTORNEY REVIEW mark)
    slip = next(i for i, t in enumerate(texts) if "EXHIBIT A" in t and len(t) < 300)
    assert "(to be attached)" not in texts[slip]
    assert texts[slip + 1].startswith("FICTIONAL MINUTE ORDER")
    assert "EXHIBIT B" in texts[slip + 3] and "(to be attached)" in texts[slip + 3]
    papers = sum(
        len(list(_pages(p.read_bytes())))
        for p in (tmp_path / "out" / "case").glob("[0-9][0-9]-*.pdf")
    )
    assert len(packet) == papers + len(case["exhibits"]) + 2


def test_unreadable_exhibit_file_is_an_error_naming_the_exhibit(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf at all")
    case["exhibits"][1]["file"] = "bad.pdf"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"]
    )
    assert result.exit_code == 1
    assert (
        "exhibits[1].file: is not a PDF: its content does not begin as a PDF does" in result.stderr
    )
    assert not (tmp_path / "out" / "case").exists()
    # A file that begins as a PDF but is broken passes validate; the build names the exhibit.
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 64)
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"]
    )
    assert result.exit_code == 1
    assert "exhibit B: bad.pdf is not a readable PDF" in result.stderr
    assert not (tmp_path / "out" / "case").exists()


def test_two_packet_builds_are_byte_identical(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for name in ("one", "two"):
        args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path / name), "--format", "pdf"]
        assert runner.invoke(main, args).exit_code == 0
        outputs.append((tmp_path / name / BASE_SAMPLE.stem / "packet.pdf").read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLE_FILES])
def test_a_signature_never_stands_alone_on_its_page(parsed: Parsed, sample: str) -> None:
    """The paragraph two blocks before a signature is on the signature's page (review item 17:
    courts refuse a page that holds a signature and no text of the paper)."""
    from assembler.document import SignatureBlock

    checked = 0
    for doc, pages in parsed[sample]:
        blocks = doc.blocks
        at = max((i for i, b in enumerate(blocks) if isinstance(b, SignatureBlock)), default=None)
        if at is None or at < 2 or not isinstance(blocks[at - 2], Paragraph | NumberedParagraph):
            continue
        words = "".join(render_inline(blocks[at - 2].children).split()[-3:])
        text = pages[-1].crop((100, 0, 612, PAGE_BOTTOM + 1)).extract_text() or ""
        assert words in "".join(text.split()), (
            f"{sample}/{doc.slug}: signature page lacks {words!r}"
        )
        checked += 1
    assert checked


def _pages_as_drawn(data: bytes) -> tuple[list[list[tuple[Any, ...]]], list[str | None]]:
    """Every character with its place, font and size, page by page; and the bookmarks."""
    import pypdf

    outline = [
        item.title
        for item in pypdf.PdfReader(io.BytesIO(data)).outline
        if not isinstance(item, list)
    ]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [
            [
                (
                    c["text"],
                    round(c["x0"], 2),
                    round(c["top"], 2),
                    c["fontname"][7:],
                    round(c["size"], 2),
                )
                for c in page.chars
            ]
            for page in pdf.pages
        ]
    return chars, outline


@pytest.mark.parametrize(
    "name",
    ["01-lpr-petty-theft-spanish", "07-racial-justice-act-a3", "09-post-sb281-plea-iac-notice"],
)
def test_numbering_only_the_tables_draws_what_laying_out_the_paper_again_draws(
    engine: Assembler, name: str
) -> None:
    """Speed (issue 11): a paper with tables is laid out once; only its tables' pages are laid
    out again with their page numbers. Every character, its place, font and size, and every
    bookmark is what laying the whole paper out again with the numbers gives."""
    from assembler.writers.html import render_html

    writer = PdfWriter(add_tables=engine.add_tables, watermarks=("DRAFT",))
    case = load_case(SAMPLES / f"{name}.json").case
    assert case is not None
    paper = engine.add_tables(engine.assemble(case).documents[0])
    spliced = writer.render(paper, author=None, date=None)
    first = writer._render_html(render_html(paper, watermarks=("DRAFT",)), paper.title, None, None)
    pages: dict[str, int] = {}
    for number, page in enumerate(first.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    # the tables' pages were laid out alone, not the whole paper again (which would also pass)
    assert writer._with_numbered_tables(paper, first, pages, None, None) is not None
    whole = writer._render_html(
        render_html(paper, watermarks=("DRAFT",), pages=pages), paper.title, None, None
    )
    drawn = _pages_as_drawn(writer.pdf_bytes(spliced))
    assert drawn == _pages_as_drawn(writer.pdf_bytes(whole))
    assert "TABLE OF AUTHORITIES" in " ".join("".join(c[0] for c in page) for page in drawn[0])


def test_weasyprint_is_loaded_without_searching_for_libraries_with_gcc() -> None:
    """WeasyPrint is loaded through ``writers.weasy.load`` (its libraries looked up in ldconfig's
    cache, not by running gcc and ld for each of the names that miss), so nothing imports it
    before: a PDF build in a new process never reaches ``ctypes.util._findLib_gcc``. (With
    workers, the build loads it in a process of its own, through the same ``load``; the command's
    own process never loads WeasyPrint.)"""
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("the library search this avoids is Linux's")

    def build(jobs: str) -> str:
        return (
            "import ctypes.util, sys, tempfile\n"
            "searched = []\n"
            "full = ctypes.util._findLib_gcc\n"
            "ctypes.util._findLib_gcc = lambda name: searched.append(name) or full(name)\n"
            "from assembler.cli import main\n"
            "with tempfile.TemporaryDirectory() as out:\n"
            "    try:\n"
            f"        main(['build', {str(BASE_SAMPLE)!r}, '-o', out, '--format', 'pdf', '-q',"
            f" '--jobs', {jobs!r}])\n"
            "    except SystemExit:\n"
            "        pass\n"
        )

    loaded = "print('weasyprint' in sys.modules)\n"
    assert last_line_in_a_new_process(build("2") + loaded) == "False"
    code = build("1") + (
        "import weasyprint.pdf.fonts\nprint(searched, type(weasyprint.pdf.fonts.ffi).__name__)\n"
    )
    assert last_line_in_a_new_process(code) == "[] SizedArrays"


def test_sized_arrays_are_the_same_arrays_from_one_parsed_type() -> None:
    from assembler.writers.weasy import SizedArrays, load

    load()
    from weasyprint.text.ffi import ffi

    arrays = SizedArrays(ffi)
    made: Any = arrays.new("hb_codepoint_t[4]", (3, 1, 4, 1))
    assert list(made) == [3, 1, 4, 1]
    assert ffi.typeof(made) is ffi.typeof("hb_codepoint_t[]")  # not a new type per length
    # Anything else is cffi's own: text keeps its exact size, a short list its zeros.
    assert bytes(ffi.buffer(arrays.new("char[4]", b"abcd"))) == b"abcd"
    short: Any = arrays.new("hb_codepoint_t[3]", [7])
    assert list(short) == [7, 0, 0]
    assert arrays.NULL == ffi.NULL
