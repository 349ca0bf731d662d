"""The tool as a package: bundled files, samples, fonts, doctor, exit codes, config, build folders."""

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

import assembler.assembly
from assembler.cli import main
from assembler.output import MANIFEST
from assembler.resources import bundled
from tests.support import BASE_SAMPLE, ROOT, SAMPLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_case(folder: Path, data: dict[str, Any], name: str = "case.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- bundled files ---------------------------------------------------------------------------


def test_bundled_folders_are_found_through_the_import_system() -> None:
    assert (bundled("clauses") / "documents.toml").is_file()
    assert (bundled("templates") / "pleading.css").is_file()
    assert (bundled("templates") / "fonts" / "LiberationSerif-Regular.ttf").is_file()
    assert (bundled("templates") / "fonts" / "OFL.txt").is_file()
    assert sorted(p.name for p in bundled("samples").glob("[0-9][0-9]-*.json")) == sorted(
        p.name for p in SAMPLES.glob("[0-9][0-9]-*.json")
    )


def test_every_repository_data_file_is_declared_package_data() -> None:
    """A clause or sample the package-data globs miss would silently vanish from the wheel."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    for package, folder in setuptools["package-dir"].items():
        globs = setuptools["package-data"][package]
        assert package in setuptools["packages"]
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".py":
                continue
            relative = path.relative_to(ROOT / folder).as_posix()
            assert any(
                fnmatch.fnmatch(relative, g) and relative.count("/") == g.count("/") for g in globs
            ), f"{folder}/{relative} is not in [tool.setuptools.package-data] {package!r}"


# --- samples ---------------------------------------------------------------------------------


def test_samples_list_names_every_bundled_sample(runner: CliRunner) -> None:
    result = runner.invoke(main, ["samples", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(list(SAMPLES.glob("[0-9][0-9]-*.json")))
    assert lines[0].startswith("01  01-lpr-petty-theft-spanish.json")
    assert "Spanish-speaking client" in lines[0]


def test_samples_copy_one_then_it_validates(runner: CliRunner, tmp_path: Path) -> None:
    dest = tmp_path / "new" / "cases"
    result = runner.invoke(main, ["samples", "copy", "1", str(dest)])
    assert result.exit_code == 0, result.output
    copied = dest / BASE_SAMPLE.name
    data = json.loads(copied.read_text(encoding="utf-8"))
    assert data["$schema"] == (ROOT / "assembler" / "case.schema.json").resolve().as_uri()
    del data["$schema"]
    original = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    del original["$schema"]
    assert data == original
    assert runner.invoke(main, ["validate", str(copied)]).exit_code == 0


def test_samples_copy_all_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["samples", "copy", "all", str(tmp_path)]).exit_code == 0
    assert len(list(tmp_path.glob("*.json"))) == len(list(SAMPLES.glob("[0-9][0-9]-*.json")))
    again = runner.invoke(main, ["samples", "copy", "09", str(tmp_path)])
    assert again.exit_code == 2 and "use --force" in again.output
    unknown = runner.invoke(main, ["samples", "copy", "42", str(tmp_path)])
    assert unknown.exit_code == 2 and "no bundled sample '42'" in unknown.output


# --- exit codes and streams ------------------------------------------------------------------


def test_internal_error_exits_3_with_one_line_and_no_traceback(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("Maria Lopez-Secret")  # a message may hold client data

    monkeypatch.setattr(assembler.assembly.Assembler, "assemble", broken)
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
    result = runner.invoke(main, args)
    assert result.exit_code == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"assembler: internal error \(RuntimeError in [a-z_]+\.py:\d+\); please report it .*",
        lines[0],
    )
    assert "please report" in lines[0] and "Secret" not in lines[0]
    debug = runner.invoke(main, [*args, "--debug"])
    assert debug.exit_code == 3
    assert "Traceback (most recent call last)" in debug.stderr


def test_refused_case_report_goes_to_stderr(runner: CliRunner, tmp_path: Path) -> None:
    bad = SAMPLES / "invalid" / "01-still-in-custody.json"
    result = runner.invoke(main, ["build", str(bad), "-o", str(tmp_path), "--format", "txt"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Not built" in result.stderr


def test_quiet_build_prints_nothing_and_verbose_says_more(
    runner: CliRunner, tmp_path: Path
) -> None:
    quiet = runner.invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path / "q"), "--format", "txt", "-q"]
    )
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = runner.invoke(
        main, ["-v", "build", str(BASE_SAMPLE), "-o", str(tmp_path / "v"), "--format", "txt"]
    )
    assert verbose.exit_code == 0
    assert re.search(r"built 9 papers of .*: assemble [\d.]+ s, render [\d.]+ s", verbose.stderr)
    assert "wrote " in verbose.stdout


@pytest.mark.parametrize("no_color", [None, "1"])
def test_no_color(runner: CliRunner, tmp_path: Path, no_color: str | None) -> None:
    bad = SAMPLES / "invalid" / "01-still-in-custody.json"
    env = {"NO_COLOR": no_color} if no_color else {}
    result = runner.invoke(main, ["validate", str(bad)], color=True, env=env)
    assert result.exit_code == 1
    assert ("\x1b[" in result.output) is (no_color is None)


# --- build folders ---------------------------------------------------------------------------


def test_two_case_files_with_one_name_never_share_a_folder(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    first = write_case(tmp_path / "client-a", case)
    other = dict(case)
    other["criminal_case"] = {**case["criminal_case"], "case_number": "99-ZZ-0001"}
    second = write_case(tmp_path / "client-b", other)
    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(first), "-o", str(out), "--format", "txt"])
    assert built.exit_code == 0, built.output
    before = {p.name: p.read_bytes() for p in (out / "case").iterdir()}
    manifest = json.loads((out / "case" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["case_file"] == str(first.resolve())
    for extra in ([], ["--force"]):
        refused = runner.invoke(
            main, ["build", str(second), "-o", str(out), "--format", "txt", *extra]
        )
        assert refused.exit_code == 2
        assert f"holds the papers of another case file ({first.resolve()})" in refused.stderr
    assert {p.name: p.read_bytes() for p in (out / "case").iterdir()} == before


def test_a_folder_of_papers_without_a_manifest_is_not_touched(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / BASE_SAMPLE.stem
    folder.mkdir()
    (folder / "01-notice-of-motion.txt").write_text("someone's papers", encoding="utf-8")
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt", "--force"]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "no record of the case they belong to" in result.stderr
    assert (folder / "01-notice-of-motion.txt").read_text(encoding="utf-8") == "someone's papers"


def test_another_format_adds_to_a_build_without_force(runner: CliRunner, tmp_path: Path) -> None:
    for fmt in ("txt", "docx"):
        result = runner.invoke(
            main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", fmt]
        )
        assert result.exit_code == 0, result.output
    names = {p.suffix for p in (tmp_path / BASE_SAMPLE.stem).iterdir()}
    assert {".txt", ".docx"} <= names


def test_a_conflict_is_found_before_anything_is_rendered(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt,docx"]
    assert runner.invoke(main, args).exit_code == 0
    import assembler.writers.docx

    def never(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("rendered before the conflict check")

    monkeypatch.setattr(assembler.writers.docx.DocxWriter, "write", never)
    again = runner.invoke(main, args)
    assert again.exit_code == 2
    assert "already exists; use --force" in again.stderr


def test_files_get_the_users_umask(runner: CliRunner, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        result = runner.invoke(
            main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / BASE_SAMPLE.stem).iterdir()}
    assert modes == {0o640}


# --- config ----------------------------------------------------------------------------------


def test_config_beside_the_cases_sets_output_and_formats(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    (tmp_path / "assembler.toml").write_text(
        'formats = ["txt"]\noutput = "filings"\n', encoding="utf-8"
    )
    case_file = write_case(tmp_path / "clients" / "a", case)
    result = runner.invoke(main, ["build", str(case_file)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "filings" / "case"
    assert {p.suffix for p in folder.iterdir() if p.name[0].isdigit()} == {".txt"}
    # The command line wins over the file.
    again = runner.invoke(
        main, ["build", str(case_file), "-o", str(tmp_path / "x"), "--format", "docx"]
    )
    assert again.exit_code == 0, again.output
    assert {p.suffix for p in (tmp_path / "x" / "case").iterdir() if p.name[0].isdigit()} == {
        ".docx"
    }


def test_config_authorities_and_clauses_are_a_firms(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    firm = tmp_path / "firm"
    (firm / "clauses").mkdir(parents=True)
    (firm / "clauses" / "010-notice.md").write_text(
        (bundled("clauses") / "notice" / "010-notice.md")
        .read_text(encoding="utf-8")
        .replace("PLEASE TAKE NOTICE", "TAKE NOTICE, PER OUR FIRM,"),
        encoding="utf-8",
    )
    (tmp_path / "assembler.toml").write_text(
        'clauses = "firm/clauses"\nformats = "txt"\n', encoding="utf-8"
    )
    case_file = write_case(tmp_path, case)
    result = runner.invoke(main, ["build", str(case_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    notice = (tmp_path / "out" / "case" / "01-notice-of-motion.txt").read_text(encoding="utf-8")
    assert "PER OUR FIRM" in notice


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outptu = 'x'\n", "unknown key 'outptu'"),
        ("formats = ['odt']\n", "formats: 'odt' is not one of txt, pdf, docx"),
        ("clauses = 3\n", "clauses must be a path"),
        ("formats = [\n", "not valid TOML"),
    ],
)
def test_a_bad_config_exits_2_naming_file_and_key(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any], text: str, message: str
) -> None:
    config = tmp_path / "assembler.toml"
    config.write_text(text, encoding="utf-8")
    case_file = write_case(tmp_path, case)
    result = runner.invoke(main, ["build", str(case_file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert str(config) in result.stderr and message in result.stderr


# --- fonts -----------------------------------------------------------------------------------


def test_text_no_font_prints_is_refused_at_its_json_path(
    runner: CliRunner, tmp_path: Path, case: dict[str, Any]
) -> None:
    case["moving_party"]["other_names"] = ["Rosa \ue000"]  # a private-use character
    case_file = write_case(tmp_path, case)
    result = runner.invoke(main, ["build", str(case_file), "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 1, result.output
    assert "moving_party.other_names[0]: contains U+E000" in result.stderr
    assert "no available font can print" in result.stderr
    assert "Rosa" not in result.output
    assert not (tmp_path / "case").exists()


def test_pdf_body_face_does_not_depend_on_system_fonts(tmp_path: Path) -> None:
    """With fontconfig pointed at an empty configuration the packet is byte-identical."""
    empty = tmp_path / "fonts.conf"
    empty.write_text("<?xml version='1.0'?>\n<fontconfig></fontconfig>\n", encoding="utf-8")
    sample = SAMPLES / "05-self-represented.json"
    packets = []
    for name, extra in (("system", {}), ("empty", {"FONTCONFIG_FILE": str(empty)})):
        out = tmp_path / name
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "assembler",
                "build",
                str(sample),
                "-o",
                str(out),
                "-q",
                "--format",
                "pdf",
            ],
            env={**os.environ, **extra},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        packets.append((out / sample.stem / "packet.pdf").read_bytes())
    assert packets[0] == packets[1]
    import pypdf

    reader = pypdf.PdfReader(tmp_path / "empty" / sample.stem / "packet.pdf")
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts.add(str(descriptor["/FontName"]).split("+")[-1])
    assert fonts == {"Pleading-Serif", "Pleading-Serif-Bold", "Pleading-Serif-Italic"} | (
        fonts & {"Pleading-Serif-Bold-Italic"}
    )
    program = descriptor["/FontFile2"].get_object().get_data()
    assert b"Liberation" in program or "Liberation".encode("utf-16-be") in program


def test_doctor_reports_versions_and_scripts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    for word in ("WeasyPrint", "Pango", "Liberation Serif, bundled", "Vietnamese", "Hebrew"):
        assert word in result.output
    assert "Chinese, Japanese, Korean" in result.output


def test_word_shell_declares_liberation_serif_as_fallback() -> None:
    import zipfile

    with zipfile.ZipFile(bundled("templates") / "pleading.docx") as shell:
        table = shell.read("word/fontTable.xml").decode("utf-8")
    start = table.index('w:name="Times New Roman"')
    assert '<w:altName w:val="Liberation Serif"/>' in table[start : table.index("</w:font>", start)]
