"""The Word shell (templates/pleading.docx): reproducible, styled, on the pleading grid."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx")
docxtpl = pytest.importorskip("docxtpl")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER  # noqa: E402
from docx.shared import Inches, Pt  # noqa: E402
from lxml import etree  # noqa: E402

from assembler.shells import build as shells  # noqa: E402
from assembler.shells import ooxml  # noqa: E402
from assembler.shells import spec as shell_spec  # noqa: E402

SHELL = shells.TEMPLATES / shell_spec.SHELL_NAME
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NSMAP = ooxml.NS
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")

HOSTILE = "Ñúñez & Associates <Law Office>"
VIETNAMESE = "Nguyễn Thị Hằng"
CHINESE = "陈伟"
CURLY = "{{ x }}"


def _parts(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if PARTS.fullmatch(n)}


def _context(tpl: Any, body_paragraphs: int = 3) -> dict[str, Any]:
    sub = tpl.new_subdoc()
    for i in range(1, body_paragraphs + 1):
        sub.add_paragraph(f"Body line {i:02d} of the motion.", style="Pleading Body")
    return {
        "filer_lines": [HOSTILE, f"{VIETNAMESE} (SBN 123456)", "123 Main Street"],
        "attorney_for": f"Attorney for Defendant {CHINESE} {CURLY}",
        "court_lines": ["SUPERIOR COURT OF THE STATE OF CALIFORNIA", "COUNTY OF ALAMEDA"],
        "plaintiff": "THE PEOPLE OF THE STATE OF CALIFORNIA",
        "defendant": "JUAN ÑÚÑEZ",
        "case_number": "12-CR-3456 <A&B>",
        "paper_title": "NOTICE OF MOTION AND MOTION TO VACATE CONVICTION",
        "hearing_lines": ["Date: June 1, 2025", "Time: 9:00 a.m.", "Dept.: 12"],
        "body": sub,
        "footer_title": f"MOTION TO VACATE CONVICTION ({HOSTILE})",
        "notice": "SAMPLE — NOT FOR FILING",
    }


def _render(src: Path | io.BytesIO, out: Path, body_paragraphs: int = 3) -> None:
    tpl = docxtpl.DocxTemplate(src)
    tpl.render(_context(tpl, body_paragraphs), autoescape=True)
    tpl.save(out)


def _all_text(path: Path) -> str:
    """Every w:t of the document, header and footer parts, paragraph by paragraph."""
    parts = _parts(path.read_bytes())
    lines = []
    for root in parts.values():
        for p in root.iter(f"{W}p"):
            lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


# --- reproducible ------------------------------------------------------------------------------
def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    written = shells.write_shell(tmp_path)
    assert written == tmp_path / "pleading.docx"
    assert written.read_bytes() == SHELL.read_bytes(), (
        "templates/pleading.docx is stale: run python -m assembler.shells"
    )
    assert shells.shell_bytes() == written.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name != "pleading.docx"]  # no temp files left


def test_cli_writes_into_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert shells.main(["--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "pleading.docx").read_bytes() == SHELL.read_bytes()
    assert "pleading.docx" in capsys.readouterr().out


def test_zip_is_normalized() -> None:
    with zipfile.ZipFile(SHELL) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in names
        core = z.read("docProps/core.xml").decode()
    assert "<dc:creator>assembler</dc:creator>" in core
    assert "dcterms:created" not in core and "dcterms:modified" not in core


# --- styles and geometry -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def shell() -> Any:
    return docx.Document(str(SHELL))


def test_every_named_style_exists(shell: Any) -> None:
    for name in shell_spec.PARAGRAPH_STYLES:
        assert shell.styles[name].type == WD_STYLE_TYPE.PARAGRAPH, name
    for name in shell_spec.CHARACTER_STYLES:
        assert shell.styles[name].type == WD_STYLE_TYPE.CHARACTER, name
    expected = {
        "Pleading Body", "Pleading Heading 1", "Pleading Heading 2", "Pleading Heading 3",
        "Pleading Title", "Declaration Paragraph", "Block Quote", "List Item", "Signature Block",
        "Verify Note", "Contents Entry", "Authorities Entry", "Filer Block", "Court Title",
        "Caption",
    }  # fmt: skip
    assert set(shell_spec.PARAGRAPH_STYLES) == expected
    assert set(shell_spec.CHARACTER_STYLES) == {
        "Case Name",
        "Emphasis",
        "Strong",
        "Missing Fact",
        "Verify Flag",
    }


def _exact(style: Any, points: float) -> bool:
    pf = style.paragraph_format
    return bool(pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(points))


def test_normal_is_times_12_on_exact_24(shell: Any) -> None:
    normal = shell.styles["Normal"]
    assert _exact(normal, 24)
    pf = normal.paragraph_format
    assert pf.space_before == 0 and pf.space_after == 0
    assert pf.widow_control is False
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)


def test_style_details(shell: Any) -> None:
    s = shell.styles
    for name in ("Pleading Body", "Declaration Paragraph"):
        assert s[name].paragraph_format.first_line_indent == Inches(0.5)
        assert _exact(s[name], 24)
    for name in ("Pleading Heading 1", "Pleading Heading 2", "Pleading Heading 3"):
        assert s[name].font.bold and s[name].paragraph_format.keep_with_next
        assert _exact(s[name], 24)
    title = s["Pleading Title"]
    assert title.font.bold and title.paragraph_format.alignment == 1  # centered
    quote = s["Block Quote"].paragraph_format
    assert quote.left_indent == Inches(0.5) and quote.right_indent == Inches(0.5)
    assert _exact(s["Block Quote"], 24)  # whole lines: a quote of any length keeps the grid
    assert s["List Item"].paragraph_format.first_line_indent < 0  # hanging
    assert s["Signature Block"].paragraph_format.left_indent == Inches(3.5)
    assert _exact(s["Signature Block"], 24)
    assert s["Verify Note"].font.bold
    for name in ("Contents Entry", "Authorities Entry"):
        (tab,) = s[name].paragraph_format.tab_stops
        assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT and tab.leader == WD_TAB_LEADER.DOTS
        assert tab.position == Pt(ooxml.TEXT_W)
    assert _exact(s["Filer Block"], 12) and _exact(s["Caption"], 12)
    assert _exact(s["Court Title"], 24) and s["Court Title"].paragraph_format.alignment == 1
    assert s["Case Name"].font.italic and s["Emphasis"].font.italic
    assert s["Strong"].font.bold and s["Verify Flag"].font.bold
    missing = s["Missing Fact"]
    assert missing.font.bold
    assert missing.element.find(f"{W}rPr/{W}shd").get(f"{W}fill") == ooxml.FLAG_FILL


def test_section_geometry(shell: Any) -> None:
    (section,) = shell.sections
    assert (section.page_width, section.page_height) == (Pt(612), Pt(792))
    assert section.top_margin == Pt(72) and section.bottom_margin == Pt(48)
    assert section.left_margin == Pt(108) and section.right_margin == Pt(54)  # pleading.css
    assert section.top_margin + Pt(28 * 24) + section.bottom_margin == section.page_height
    assert section.header_distance < section.top_margin
    assert section.footer_distance < section.bottom_margin
    assert not section.different_first_page_header_footer


def test_header_holds_28_numbers_and_rules(shell: Any) -> None:
    header = shell.sections[0].header._element
    boxes = header.findall(".//w:txbxContent", NSMAP)
    assert len(boxes) == 2  # DrawingML text box and its VML fallback
    for box in boxes:
        numbers = ["".join(t.text for t in p.iter(f"{W}t")) for p in box.iter(f"{W}p")]
        assert numbers == [str(n) for n in range(1, 29)]
        for p in box.iter(f"{W}p"):
            spacing = p.find(f"{W}pPr/{W}spacing")
            assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("480", "exact")
    anchors = header.findall(".//wp:anchor", NSMAP)
    assert len(anchors) == 4  # three rules and the numbers
    for anchor in anchors:
        for axis in ("positionH", "positionV"):
            assert anchor.find(f"wp:{axis}", NSMAP).get("relativeFrom") == "page"
    box = anchors[-1]
    emu = ooxml.EMU
    assert int(box.find("wp:positionV/wp:posOffset", NSMAP).text) == 72 * emu
    assert int(box.find("wp:extent", NSMAP).get("cy")) == 672 * emu
    rules = [int(a.find("wp:positionH/wp:posOffset", NSMAP).text) / emu for a in anchors[:3]]
    assert rules == [96, 99, 561]


def test_footer_has_page_field_and_title(shell: Any) -> None:
    footer = shell.sections[0].footer._element
    instr = "".join(t.text for t in footer.iter(f"{W}instrText"))
    assert instr.strip() == "PAGE"
    runs = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in footer.iter(f"{W}r")]
    assert "{{ footer_title }}" in runs
    title_run = next(r for r in footer.iter(f"{W}r") if "footer_title" in "".join(r.itertext()))
    assert title_run.find(f"{W}rPr/{W}sz").get(f"{W}val") == "20"  # 10 pt
    assert footer.find(f".//{W}pBdr/{W}top") is not None  # the rule


# --- tags --------------------------------------------------------------------------------------
def _split_tags(data: bytes) -> tuple[list[str], list[str]]:
    """(tags found, tags that span more than one run) in the document, headers and footers."""
    found: list[str] = []
    split: list[str] = []
    for root in _parts(data).values():
        for p in root.iter(f"{W}p"):
            runs = [
                "".join(t.text or "" for t in r.iter(f"{W}t"))
                for r in p.iter(f"{W}r")
                if r.getparent().tag != f"{W}r"
            ]
            ends = []
            pos = 0
            for text in runs:
                ends.append((pos, pos + len(text)))
                pos += len(text)
            joined = "".join(runs)
            for m in TAG.finditer(joined):
                found.append(m.group())
                if not any(a <= m.start() and m.end() <= b for a, b in ends):
                    split.append(m.group())
            leftover = TAG.sub("", joined)
            if "{{" in leftover or "{%" in leftover or "%}" in leftover or "}}" in leftover:
                split.append(leftover)
    return found, split


def test_every_tag_sits_in_one_run() -> None:
    found, split = _split_tags(SHELL.read_bytes())
    assert not split
    assert set(found) == set(shell_spec.TAGS)


def test_render_keeps_hostile_text(tmp_path: Path) -> None:
    out = tmp_path / "rendered.docx"
    _render(SHELL, out)
    text = _all_text(out)
    for expected in (
        HOSTILE,
        f"{VIETNAMESE} (SBN 123456)",
        f"Attorney for Defendant {CHINESE} {CURLY}",
        "Case No. 12-CR-3456 <A&B>",
        "JUAN ÑÚÑEZ,",
        "THE PEOPLE OF THE STATE OF CALIFORNIA,",
        f"MOTION TO VACATE CONVICTION ({HOSTILE})",
        "SAMPLE — NOT FOR FILING",
        "Body line 03 of the motion.",
        "Dept.: 12",
    ):
        assert expected in text, expected
    assert "{%" not in text and "endfor" not in text
    rendered = docx.Document(str(out))
    body = [p for p in rendered.paragraphs if p.text.startswith("Body line")]
    assert [p.style.name for p in body] == ["Pleading Body"] * 3


def test_render_without_notice_or_hearing(tmp_path: Path) -> None:
    tpl = docxtpl.DocxTemplate(SHELL)
    context = _context(tpl) | {"notice": "", "hearing_lines": []}
    tpl.render(context, autoescape=True)
    out = tmp_path / "plain.docx"
    tpl.save(out)
    text = _all_text(out)
    assert "SAMPLE" not in text and "Dept." not in text and "{%" not in text


# --- LibreOffice: the grid as printed ----------------------------------------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: PDF geometry not checked"
)
slow = pytest.mark.slow  # LibreOffice runs: `make test-fast` leaves them out


def _soffice(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / f"{src.stem}.{fmt}"
    assert out.exists(), f"soffice did not write {out}"
    return out


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, lo_profile: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: PDF geometry not checked")
    work = tmp_path_factory.mktemp("printed")
    docx_path = work / "sixty.docx"
    _render(SHELL, docx_path, body_paragraphs=60)
    return _soffice(docx_path, "pdf", work, lo_profile)


def _baselines(page: Any) -> dict[tuple[float, bool], str]:
    """(baseline from the top, in the numbers column) -> the text there."""
    lines: dict[tuple[float, bool], list[Any]] = {}
    for c in page.chars:
        base = round(page.height - c["matrix"][5], 2)
        lines.setdefault((base, c["x0"] < ooxml.MARGIN_LEFT - 12), []).append(c)
    return {
        key: "".join(ch["text"] for ch in sorted(cs, key=lambda ch: ch["x0"]))
        for key, cs in lines.items()
    }


@needs_soffice
@slow
def test_printed_pages_stay_on_the_grid(printed: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    body_seen = 0
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) >= 2
        for index, page in enumerate(pdf.pages, start=1):
            lines = _baselines(page)
            numbers = sorted((b, t) for (b, left), t in lines.items() if left)
            assert [t for _, t in numbers] == [str(n) for n in range(1, 29)], index
            bases = [b for b, _ in numbers]
            assert {round(b2 - b1, 2) for b1, b2 in itertools.pairwise(bases)} == {24.0}
            assert abs(bases[0] - (72 + 19.2)) < 1  # the first line of the text area
            text = {b: t for (b, left), t in lines.items() if not left}
            for base, t in text.items():
                if t.startswith("Body line"):
                    body_seen += 1
                    assert min(abs(base - n) for n in bases) <= 1.0, (index, t, base)
            assert any("MOTION TO VACATE CONVICTION" in t and b > 744 for b, t in text.items())
            if index == 1:
                court = [b for b, t in text.items() if t.startswith("SUPERIOR COURT")]
                assert court and abs(court[0] - bases[7]) <= 1.0, "court title not on line 8"
            rules = sorted(round(ln["x0"], 1) for ln in page.lines if ln["top"] < 1)
            assert rules == [96.0, 99.0, 561.0]
    assert body_seen == 60


@needs_soffice
@slow
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # python-docx on LO's zip
def test_shell_survives_a_libreoffice_save(tmp_path: Path, lo_profile: Path) -> None:
    saved_dir = tmp_path / "saved"
    saved_dir.mkdir()
    shutil.copy(SHELL, tmp_path / "shell.docx")
    saved = _soffice(tmp_path / "shell.docx", "docx", saved_dir, lo_profile)
    found, split = _split_tags(saved.read_bytes())
    assert not split
    assert set(found) == set(shell_spec.TAGS)
    out = tmp_path / "rendered.docx"
    _render(saved, out)  # LibreOffice merges runs, but never splits a tag
    text = _all_text(out)
    assert HOSTILE in text and f"{CHINESE} {CURLY}" in text and "Body line 03" in text


def test_the_spec_is_the_only_home_of_style_names_and_shell_names() -> None:
    """Issue 14, move 3: a style or shell name is written once, in shells/spec.py."""
    import inspect

    from assembler.shells import lint as shell_lint
    from assembler.shells import parts, styles
    from assembler.writers import docx

    names = [*shell_spec.PARAGRAPH_STYLES, *shell_spec.CHARACTER_STYLES]
    for module in (shells, parts, styles, ooxml, docx, shell_lint):
        source = inspect.getsource(module)
        for name in names:
            assert f'"{name}"' not in source, (module.__name__, name)
        assert '"pleading.docx"' not in source, module.__name__
    assert docx.STYLES is shell_spec.STYLES
    assert shell_lint.SHELL_NAMES is shell_spec.SHELL_NAMES
