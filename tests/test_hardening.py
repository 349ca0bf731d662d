"""Hardening: what validate accepts every writer carries; exhibits stay in the case folder;
build folders are the tool's own; messages never repeat client data.

The JSON reproducers of the security review are in tests/security_repro/ (fictional people).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.errors import Severity
from assembler.rules import check_data, check_file
from tests.support import BASE_SAMPLE, errors_of

REPRO = Path(__file__).parent / "security_repro"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(folder: Path, data: Any, name: str = "case.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- 1. what validate accepts, every writer carries ------------------------------------------


@pytest.mark.parametrize(
    ("file", "path", "code"),
    [
        ("docx-nul-in-name.json", "moving_party.legal_name", "text.control"),
        ("docx-vertical-tab-in-name.json", "moving_party.legal_name", "text.control"),
        ("docx-control-chars-in-name.json", "moving_party.legal_name", "text.control"),
        (
            "fuzz-crash-01-docx-control-char.json",
            "grounds.a1.would_have_explanation",
            "text.control",
        ),
        ("pdf-glyph-error-echoes-name.json", "declarations[2].declarant.name", "text.no_font"),
        ("m54-time-unicode-digits.json", "hearing.time", "schema.time_format"),
        (
            "money-1e999-renders-inf.json",
            "criminal_case.counts[0].sentence.fine_dollars",
            "schema.money",
        ),
    ],
)
def test_reproducers_are_refused_at_their_path(file: str, path: str, code: str) -> None:
    problems = check_file(REPRO / file)
    assert any(
        p.path == path and p.code == code and p.severity is Severity.ERROR for p in problems
    ), [(p.path, p.code) for p in problems]


def test_control_characters_named_by_code_point_never_quoted(case: dict[str, Any]) -> None:
    case["moving_party"]["legal_name"] = "Rosa\x07 Secret\x1b[31m"
    problems = [p for p in errors_of(case) if p.code == "text.control"]
    assert [p.message.split(",")[0] for p in problems] == [
        "contains U+0007 <control character>",
        "contains U+001B <control character>",
    ]
    assert all("Secret" not in p.message and "Rosa" not in p.message for p in problems)


def test_text_is_normalized_not_refused(
    case: dict[str, Any], tmp_path: Path, runner: CliRunner
) -> None:
    decomposed = "Jose\u0301 Rami\u0301rez"  # e + combining acute: NFC makes é
    case["moving_party"]["legal_name"] = decomposed
    case["grounds"]["a1"]["would_have_explanation"] = "First line.\r\nSecond\tline.\rThird."
    assert errors_of(case) == []
    path = write(tmp_path, case)
    result = runner.invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--format", "txt"]
    )
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "case").glob("*.txt"))
    assert "José Ramírez" in text and decomposed not in text
    assert "\r" not in text and "\t" not in text


def test_bracket_and_escape_keys_are_shown_safely_and_hide_nothing() -> None:
    toplevel = check_file(REPRO / "validate-toplevel-bracket-key.json")
    errors = [(p.path, p.code) for p in toplevel if p.severity.value == "error"]
    assert errors == [("x[0]", "schema.unknown_key")]
    nested = {
        (p.path, p.code) for p in check_file(REPRO / "validate-bracket-key-hides-errors.json")
    }
    assert ("moving_party.legal_name", "required.missing") in nested
    escaped = check_file(REPRO / "validate-ansi-escape-in-key.json")
    assert escaped and all("\x1b" not in p.path + p.message for p in escaped)
    surrogate = check_file(REPRO / "m12-lone-surrogate-key.json")
    assert any("lone surrogate" in p.message for p in surrogate)


def test_a_huge_key_is_cut_short(case: dict[str, Any]) -> None:
    case["moving_party"]["x" * 100_000] = 1
    problem = next(p for p in check_data(case) if p.code == "schema.unknown_key")
    assert len(problem.path) < 120 and len(problem.message) < 1_000


def test_a_report_caps_its_list_with_a_count(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(REPRO / "validate-quadratic-20k-bad-dates.json")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.fullmatch(r"  \.\.\. and \d+ more \(validate --json lists every one\)", lines[-1])
    assert len([line for line in lines if line.startswith("  error")]) == 200


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero"), tmp_path):
        done = subprocess.run(
            [sys.executable, "-m", "assembler", "validate", str(target)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr


def test_the_word_output_keeps_client_text_and_clean_properties(
    runner: CliRunner, tmp_path: Path
) -> None:
    import zipfile

    from lxml import etree

    result = runner.invoke(
        main,
        [
            "build",
            str(REPRO / "docx-rewrites-underscore-braces.json"),
            "-o",
            str(tmp_path),
            "--format",
            "docx",
        ],
    )
    assert result.exit_code == 0, result.output
    paper = next((tmp_path / "docx-rewrites-underscore-braces").glob("02-*.docx"))
    with zipfile.ZipFile(paper) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        core = etree.fromstring(docx.read("docProps/core.xml"))
        app = docx.read("docProps/app.xml").decode("utf-8")
    assert "Daniela {_{Marisol}_} Herrera" in body
    namespaces = {
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
    }
    assert {etree.QName(child).namespace for child in core} <= namespaces
    assert "python -m assembler.shells" not in etree.tostring(core).decode()
    assert "Microsoft" not in app and "Normal.dotm" not in app


def test_a_draft_with_control_characters_still_builds_every_format(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["build", str(REPRO / "docx-nul-in-name.json"), "-o", str(tmp_path), "--draft"]
    )
    assert result.exit_code == 0, result.output


# --- 2. exhibits -----------------------------------------------------------------------------


def _pdf(path: Path, *, active: bool = False) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    if active:
        page[NameObject("/AA")] = DictionaryObject(
            {
                NameObject("/O"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/JavaScript"),
                        NameObject("/JS"): TextStringObject("app.alert(1)"),
                    }
                )
            }
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject("http://127.0.0.1:9/x"),
                    }
                ),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize(
    ("make", "code"),
    [
        ("absolute", "exhibits.absolute"),
        ("escape", "exhibits.outside"),
        ("symlink", "exhibits.outside"),
        ("not-pdf", "exhibits.not_pdf_content"),
        ("folder", "exhibits.not_file"),
    ],
)
def test_exhibit_files_outside_the_folder_or_not_pdfs_are_refused(
    tmp_path: Path, case: dict[str, Any], make: str, code: str, runner: CliRunner
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    outside = _pdf(tmp_path / "outside.pdf")
    name = {
        "absolute": str(outside),
        "escape": "../outside.pdf",
        "symlink": "link.pdf",
        "not-pdf": "notes.pdf",
        "folder": "dir.pdf",
    }[make]
    if make == "symlink":
        (folder / "link.pdf").symlink_to(outside)
    if make == "not-pdf":
        (folder / "notes.pdf").write_text("SECRET client notes, not a PDF", encoding="utf-8")
    if make == "folder":
        (folder / "dir.pdf").mkdir()
    case["exhibits"][0]["file"] = name
    path = write(folder, case)
    problems = [p for p in check_file(path) if p.path == "exhibits[0].file"]
    assert [p.code for p in problems] == [code]
    # A draft build never opens it either: the exhibit stays "to be attached".
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(path), "-o", str(out), "--format", "pdf", "--draft"])
    assert result.exit_code == 0, result.output
    assert "SECRET" not in result.output
    from pypdf import PdfReader

    packet = PdfReader(out / "case" / "packet.pdf")
    papers = sum(len(PdfReader(p).pages) for p in (out / "case").glob("[0-9][0-9]-*.pdf"))
    assert len(packet.pages) == papers + len(case["exhibits"])  # slip sheets only


def test_active_content_is_stripped_from_exhibits_and_reported(
    tmp_path: Path, case: dict[str, Any], runner: CliRunner
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    _pdf(folder / "a.pdf", active=True)
    case["exhibits"][0]["file"] = "a.pdf"
    path = write(folder, case)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(path), "-o", str(out), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    data = (out / "case" / "packet.pdf").read_bytes()
    assert b"/JavaScript" not in data and b"127.0.0.1" not in data
    report = (out / "case" / "build-report.txt").read_text(encoding="utf-8")
    label = case["exhibits"][0]["label"]
    assert f"exhibit {label}: removed from the copy in packet.pdf:" in report
    assert "JavaScript and other actions" in report and "web links" in report
    assert b"/JavaScript" in (folder / "a.pdf").read_bytes()  # the file itself is unchanged


# --- 5. the output folder is the tool's own --------------------------------------------------


def test_a_dotted_case_file_name_stays_inside_the_output_folder(
    tmp_path: Path, runner: CliRunner
) -> None:
    parent = tmp_path / "parent"
    (parent / "out").mkdir(parents=True)
    (parent / "01-my-notes.txt").write_text("keep", encoding="utf-8")
    case_file = tmp_path / "...json"
    case_file.write_bytes(BASE_SAMPLE.read_bytes())
    result = runner.invoke(
        main, ["build", str(case_file), "-o", str(parent / "out"), "--format", "txt", "--force"]
    )
    assert result.exit_code == 0, result.output
    assert (parent / "out" / "case" / "01-notice-of-motion.txt").is_file()
    assert sorted(p.name for p in parent.iterdir()) == ["01-my-notes.txt", "out"]


def test_force_removes_only_what_the_tool_wrote_and_leftovers(
    tmp_path: Path, runner: CliRunner
) -> None:
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
    assert runner.invoke(main, args).exit_code == 0
    folder = tmp_path / BASE_SAMPLE.stem
    mine = folder / "42-my-own-notes.txt"
    mine.write_text("an attorney's notes", encoding="utf-8")
    leftover = folder / ".01-notice-of-motion.txt.ab12cd34.tmp"
    leftover.write_text("client text from a killed build", encoding="utf-8")
    assert runner.invoke(main, [*args, "--force"]).exit_code == 0
    assert mine.is_file()
    assert not leftover.exists()


def test_an_output_folder_that_cannot_be_made_is_one_message(
    tmp_path: Path, runner: CliRunner
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(blocker / "sub"), "--format", "txt"]
    )
    assert result.exit_code == 2
    folder = blocker / "sub" / BASE_SAMPLE.stem
    assert result.stderr == f"Error: cannot write {folder}: Not a directory\n"


# --- the invariant, by property: accepted text reaches every format unchanged ----------------

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HOSTILE = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Co", "Cn")),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(
        [
            "{{ 7*7 }} {% raw %}",
            "{_{x}_} {_%y%_}",
            "<b>&amp;</b> ]]> <![CDATA[",
            "*emphasis* _under_ # heading [link](x) `code`",
            "Nguyễn Thị Thu Hà",
            "陳志明",
            "Zoe\u0308 Ångström",
            "A" * 300,
            "\\ backslash \\\\ and 'quotes' \"double\"",
        ]
    ),
)


def _visible(text: str) -> str:
    """The text modulo layout: no white space, and no soft hyphen (U+00AD prints only where a
    line breaks at it, so a PDF's text has it only there)."""
    return "".join(text.replace("\xad", "").split())


@settings(
    max_examples=int(os.environ.get("ASSEMBLER_FUZZ_EXAMPLES", "4")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=HOSTILE, narrative=HOSTILE)
def test_text_validate_accepts_builds_and_reaches_every_format(
    tmp_path_factory: pytest.TempPathFactory, name: str, narrative: str
) -> None:
    """`make fuzz` runs thousands of examples (ASSEMBLER_FUZZ_EXAMPLES); CI a few."""
    import io
    import unicodedata
    import zipfile

    from pypdf import PdfReader

    from assembler.build import BuildOptions, build_case

    case: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    case["moving_party"]["legal_name"] = "Rosa " + name
    case["grounds"]["a1"]["would_have_explanation"] = "He said: " + narrative
    if any(p.severity is Severity.ERROR for p in check_data(case)):
        event("refused at its path")
        return  # refused at its path (tested above): the build is not owed
    folder = tmp_path_factory.mktemp("fuzz")
    path = write(folder, case)
    result = build_case(path, folder / "out", BuildOptions())
    event("built in every format")
    texts = {
        "txt": "".join(
            p.read_text(encoding="utf-8") for p in result.folder.glob("[0-9][0-9]-*.txt")
        ),
        "docx": "".join(
            zipfile.ZipFile(p).read("word/document.xml").decode("utf-8")
            for p in result.folder.glob("[0-9][0-9]-*.docx")
        ),
        "pdf": "".join(
            page.extract_text() or ""
            for page in PdfReader(io.BytesIO((result.folder / "packet.pdf").read_bytes())).pages
        ),
    }
    from xml.sax.saxutils import escape

    for given_text in (name, narrative):
        expected = unicodedata.normalize("NFC", given_text.replace("\t", " "))
        if not expected.strip():
            continue
        assert _visible(expected) in _visible(texts["txt"]), "txt"
        assert _visible(escape(expected)) in _visible(
            re.sub(r"<[^>]+>", "", texts["docx"].replace("<w:tab/>", " "))
        ) or _visible(escape(expected, {'"': "&quot;"})) in _visible(
            re.sub(r"<[^>]+>", "", texts["docx"])
        ), "docx"
        rtl = any(
            unicodedata.bidirectional(c) in ("R", "AL", "RLE", "RLO", "RLI") for c in expected
        )
        if not rtl:  # a PDF's text comes out in visual order; right-to-left text is reordered
            pdf = unicodedata.normalize("NFC", texts["pdf"])
            assert _visible(expected) in _visible(pdf), "pdf"


# --- 7. privacy: no message repeats client data ----------------------------------------------

PERSONAL = ("legal_name", "other_names", "a_number", "mailing_address", "phone", "email", "name")


def _personal(value: Any, key: str = "") -> list[str]:
    if isinstance(value, str):
        return [value] if key in PERSONAL and len(value) >= 5 else []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _personal(v, k)]
    if isinstance(value, list):
        return [s for item in value for s in _personal(item, key)]
    return []


CASE_FILES = (
    sorted(BASE_SAMPLE.parent.glob("*.json"))
    + sorted((BASE_SAMPLE.parent / "invalid").glob("*.json"))
    + sorted(p for p in REPRO.glob("*.json") if "quadratic" not in p.name)
)


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: p.name)
def test_no_message_repeats_client_data(case_file: Path, tmp_path: Path, runner: CliRunner) -> None:
    try:
        data = json.loads(case_file.read_text(encoding="utf-8"))
    except ValueError:
        pytest.skip("not JSON: nothing personal to find")
    personal = _personal(data)
    # a firm's clause and a filter that fail on the client's name (list.index quotes what it
    # looks for; days cannot count a name): the message names the clause, never the name
    firm = tmp_path / "firm"
    firm.mkdir()
    meta = '+++\nid = "firm.{}"\ntitle = "T"\ndocument = "notice"\norder = 5\n+++\n'
    (firm / "a.md").write_text(meta.format("a") + "{{ [0].index(party.legal_name) }}\n", "utf-8")
    filters = tmp_path / "filters"
    filters.mkdir()
    (filters / "b.md").write_text(meta.format("b") + "{{ party.legal_name | days }}\n", "utf-8")
    build = ["build", str(case_file), "-o", str(tmp_path / "out"), "--format", "txt", "--draft"]
    outputs = [
        runner.invoke(main, ["validate", str(case_file)]).output,
        runner.invoke(main, ["validate", "--json", str(case_file)]).output,
        runner.invoke(main, build).output,
        runner.invoke(main, [*build, "--force", "--clauses", str(firm)]).output,
        runner.invoke(main, [*build, "--force", "--clauses", str(filters)]).output,
    ]
    said = "\n".join(outputs)
    assert "Traceback" not in said
    for value in personal:
        assert value not in said, f"a message repeats a {case_file.name} value"


# --- 6. firm extensions cannot hang or crash the tool ----------------------------------------


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("clauses-range-overflow", "range() in a clause gives at most 1000 items"),
        ("clauses-when-range-overflow", "range() in a clause gives at most 1000 items"),
        ("clauses-recursive-macro", "recursion too deep"),
        ("clauses-toml-nesting", "front matter nests too deeply"),
        ("clauses-compile-time-valueerror", "an exponent above 64 is not allowed"),
        ("clauses-pow-hang", "an exponent above 64 is not allowed"),
        ("clauses-memoryerror", "str.format is not allowed in a clause"),
    ],
)
def test_a_firms_broken_clause_is_one_message_naming_its_file(
    tmp_path: Path, folder: str, message: str
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assembler",
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path),
            "--format",
            "txt",
            "--clauses",
            str(REPRO / folder),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Error: {REPRO / folder / 'evil.md'}")
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_shell_with_an_outside_link_is_refused_and_reported(
    tmp_path: Path, runner: CliRunner
) -> None:
    shell = REPRO / "shell-remote-template"
    result = runner.invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path),
            "--format",
            "docx",
            "--templates",
            str(shell),
        ],
    )
    assert result.exit_code == 2
    assert "links to something outside it (word/_rels/settings.xml.rels: attachedTemplate)" in (
        result.stderr
    )
    check = runner.invoke(main, ["templates", "check", str(shell)])
    assert check.exit_code == 1 and "attachedTemplate" in check.output
    survives = runner.invoke(main, ["templates", "check", str(REPRO / "shell-xxe-templates-check")])
    assert (survives.exit_code in (0, 1) and survives.exception is None) or isinstance(
        survives.exception, SystemExit
    )


# --- long tokens and wide names keep their column -------------------------------------------


def test_a_300_character_token_wraps_inside_the_pdf_column(case: dict[str, Any]) -> None:
    import io

    import pdfplumber

    from assembler.assembly import Assembler
    from assembler.loading import validate_data
    from assembler.writers.pdf import PdfWriter

    case["grounds"]["a1"]["would_have_explanation"] = "He wrote " + "x" * 300 + " to his lawyer."
    loaded = validate_data(case)
    assert loaded.case is not None
    notice = Assembler.create().assemble(loaded.case).documents[0]
    data = PdfWriter().write(notice, author=None, date=None)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        xs = [c["x1"] for page in pdf.pages for c in page.chars if c["text"] == "x"]
    assert len(xs) >= 300
    assert max(xs) <= 612 - 54 + 0.5  # the right margin (rule 2.107)


def test_the_text_caption_keeps_its_column_with_a_wide_name(case: dict[str, Any]) -> None:
    from assembler.assembly import Assembler
    from assembler.loading import validate_data
    from assembler.writers.text import display_width, render_document

    case["moving_party"]["legal_name"] = "陳志明 Chen"
    loaded = validate_data(case)
    assert loaded.case is not None
    text = render_document(Assembler.create().assemble(loaded.case).documents[0])
    rules = {
        display_width(line.split("|")[0])
        for line in text.splitlines()
        if "|" in line and not line.startswith("_")
    }
    assert rules == {44}


# --- 3. facts that cannot be true ------------------------------------------------------------


def test_offense_and_plea_dates_impossible_for_the_date_of_birth(case: dict[str, Any]) -> None:
    born = case["moving_party"]["date_of_birth"]
    year = int(born[:4])
    count = case["criminal_case"]["counts"][0]
    count["offense_date"] = f"{year - 1}-01-01"
    count["plea_or_verdict_date"] = f"{year + 12}-06-01"
    codes = {(p.path, p.code) for p in errors_of(case)}
    assert ("criminal_case.counts[0].offense_date", "dates.offense_before_birth") in codes
    assert ("criminal_case.counts[0].plea_or_verdict_date", "dates.plea_age") in codes
