"""Word shells: a field that reaches outside the shell (INCLUDEPICTURE, LINK, DDEAUTO...) is refused
by `templates check` and by the build alike, in any part, however its instruction is split; a
shell that is not a regular file (a named pipe) is refused at once, never waited on.

The shells here are the bundled one with one paragraph of fields added to a part.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.shells.lint import FETCHING_FIELDS, check_shell, fetching_fields
from assembler.writers.docx import SHELL, DocxError, DocxWriter
from tests.support import SAMPLES, run_assembler

CASE = SAMPLES / "05-self-represented.json"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
URL = "http://127.0.0.1:9/beacon.png"


def _simple(instruction: str) -> str:
    quoted = instruction.replace('"', "&quot;")
    return f'<w:fldSimple w:instr="{quoted}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'


def _complex(*pieces: str, nested: str = "") -> str:
    """A field over several runs: begin, one instrText run per piece (``nested`` goes after the
    first piece, inside the instruction), separate, a result, end."""

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    text = [run(f'<w:instrText xml:space="preserve">{piece}</w:instrText>') for piece in pieces]
    return "".join(
        [
            run('<w:fldChar w:fldCharType="begin"/>'),
            *text[:1],
            nested,
            *text[1:],
            run('<w:fldChar w:fldCharType="separate"/>'),
            run("<w:t>1</w:t>"),
            run('<w:fldChar w:fldCharType="end"/>'),
        ]
    )


def _shell(folder: Path, fields: str, part: str = "word/footer1.xml") -> Path:
    """A copy of the bundled shell, as ``folder/pleading.docx``, with a paragraph holding
    ``fields`` added to ``part`` (a part the bundled shell lacks is made: any XML part counts)."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraph = f"<w:p>{fields}</w:p>"
    target = folder / "pleading.docx"
    with zipfile.ZipFile(SHELL) as source, zipfile.ZipFile(target, "w") as out:
        names = source.namelist()
        for name in names:
            data = source.read(name).decode("utf-8")
            if name == part:
                for close in ("</w:ftr>", "</w:hdr>", "<w:sectPr"):
                    if close in data:
                        data = data.replace(close, paragraph + close, 1)
                        break
                else:
                    raise AssertionError(f"no place for a paragraph in {part}")
            out.writestr(name, data)
        if part not in names:
            out.writestr(
                part, f"<w:glossaryDocument {W}><w:body>{paragraph}</w:body></w:glossaryDocument>"
            )
    return target


def _build(shell: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["build", str(CASE), "-o", str(out), "--format", "docx", "--templates", str(shell.parent)],
    )
    return result.exit_code, result.stderr


def test_shell_with_includepicture_field_is_refused_by_check_and_build(tmp_path: Path) -> None:
    shell = _shell(tmp_path / "firm", _simple(f" INCLUDEPICTURE &quot;{URL}&quot; \\d "))
    (problem,) = check_shell(shell)
    assert problem.where == "pleading.docx:word/footer1.xml"
    assert problem.message.startswith("a field (INCLUDEPICTURE) can reach outside the shell")
    check = CliRunner().invoke(main, ["templates", "check", str(shell.parent)])
    assert check.exit_code == 1 and "word/footer1.xml: a field (INCLUDEPICTURE)" in check.output
    code, stderr = _build(shell, tmp_path / "out")
    assert code == 2
    assert f"{shell}: the Word shell has a field that can reach outside it" in stderr
    assert "(word/footer1.xml: INCLUDEPICTURE)" in stderr
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_split_instrtext_field_is_seen(tmp_path: Path) -> None:
    """The keyword split over runs, in lower case, after spaces, in the header."""
    field = _complex("  inclu", "depicture &quot;\\\\host\\share\\x.png&quot;", " \\d")
    shell = _shell(tmp_path, field, "word/header1.xml")
    assert [str(p) for p in check_shell(shell)] == [
        "pleading.docx:word/header1.xml: " + _message("INCLUDEPICTURE")
    ]
    with pytest.raises(DocxError, match=r"\(word/header1.xml: INCLUDEPICTURE\)"):
        DocxWriter(shell)


def _message(keyword: str) -> str:
    return (
        f"a field ({keyword}) can reach outside the shell; Word would fetch or run what it names "
        "when the field is updated, in every client's paper: remove the field"
    )


@pytest.mark.parametrize("keyword", sorted(FETCHING_FIELDS))
def test_every_fetching_keyword_is_refused_in_any_xml_part(tmp_path: Path, keyword: str) -> None:
    shell = _shell(tmp_path, _simple(f"{keyword} &quot;{URL}&quot;"), "word/glossary/document.xml")
    with zipfile.ZipFile(shell) as archive:
        assert fetching_fields(archive) == [f"word/glossary/document.xml: {keyword}"]
    with pytest.raises(DocxError, match=keyword):
        DocxWriter(shell)


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        (_simple(f"HYPERLINK &quot;{URL}&quot;"), "HYPERLINK"),
        (_complex("HYPERLINK \\o &quot;tip&quot; ", "&quot;\\\\host\\share&quot;"), "HYPERLINK"),
        (
            _complex(" ", "PICTURE x", nested=_simple('QUOTE "INCLUDE"')),
            "its keyword made by another field",
        ),
        (
            _complex("INCLUDE", "PICTURE x", nested=_complex("QUOTE y")),
            "its keyword made by another field",
        ),
        (_complex("HYPERLINK ", nested=_simple("REF target")), "HYPERLINK"),
        (_simple("{{ case_number }}"), "a template tag in its instruction"),
        (_complex("LINK Excel.Sheet.8 &quot;C:\\\\x.xls&quot; Sheet1 \\a"), "LINK"),
        (_complex("DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;"), "DDEAUTO"),
    ],
    ids=["url", "share", "quoted-keyword", "split-keyword", "made-target", "tag", "link", "dde"],
)
def test_hyperlinks_outside_and_keywords_made_at_update_are_refused(
    tmp_path: Path, fields: str, refused: str
) -> None:
    shell = _shell(tmp_path, fields, "word/document.xml")
    assert [p.message for p in check_shell(shell)] == [_message(refused)]


@pytest.mark.parametrize(
    "fields",
    [
        _complex(" PAGE "),
        _simple(" NUMPAGES \\* MERGEFORMAT "),
        _simple('HYPERLINK \\l "argument" \\o "to the argument"'),
        _complex("= ", " + 1", nested=_complex("PAGE")),
        _complex("IF ", ' = 1 "one" "more"', nested=_simple("PAGE")),
        _simple("INCLUDEPICTUREX"),  # no such keyword: Word shows an error, fetches nothing
    ],
)
def test_fields_that_stay_inside_the_paper_are_kept(tmp_path: Path, fields: str) -> None:
    shell = _shell(tmp_path, fields)
    assert check_shell(shell) == []
    DocxWriter(shell)


def test_the_bundled_shell_has_no_fetching_field() -> None:
    with zipfile.ZipFile(SHELL) as archive:
        assert fetching_fields(archive) == []
    assert b"PAGE" in zipfile.ZipFile(SHELL).read("word/footer1.xml")  # its field is seen, kept


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fifo_shell_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = tmp_path / "shell"
    folder.mkdir()
    os.mkfifo(folder / "pleading.docx")
    check = run_assembler("templates", "check", str(folder))
    assert check.returncode == 1
    assert (
        f"{folder / 'pleading.docx'}: is not a regular file (a pipe or a device?)" in check.stdout
    )
    build = run_assembler(
        "build",
        str(CASE),
        "-o",
        str(tmp_path / "out"),
        "--format",
        "docx",
        "--templates",
        str(folder),
    )
    assert build.returncode == 2, build.stderr
    assert f"{folder / 'pleading.docx'}: is not a regular file" in build.stderr
    assert "Traceback" not in build.stderr + check.stderr
