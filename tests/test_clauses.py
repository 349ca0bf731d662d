"""The clause library: the lint, firm overrides, and the clauses commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.assembly import Assembler
from assembler.authorities import RegistryError, load_registry
from assembler.cli import main
from assembler.library import LibraryError, load_library
from assembler.lint import lint_library
from assembler.templating import make_environment
from tests.support import BASE_SAMPLE


def test_bundled_library_is_clean() -> None:
    engine = Assembler.create()
    problems = lint_library(engine.library, engine.registry, engine.env)
    assert [str(p) for p in problems] == []


def _clause(folder: Path, name: str, meta: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"+++\n{meta}\n+++\n{body}", encoding="utf-8")
    return path


META = 'id = "firm.test"\ntitle = "Test"\ndocument = "notice"\norder = 500'


@pytest.mark.parametrize(
    ("meta_extra", "body", "line", "message"),
    [
        ("", "Fine.\n{{ party.legal_nam }}\n", 8, "MovingParty has no fact 'legal_nam'"),
        (
            "",
            "{% for c in vacated %}\n{{ c.sectoin }}\n{% endfor %}\n",
            8,
            "Count has no fact 'sectoin'",
        ),
        ("", "{{ vacated.number }}\n", 7, "'number' of a list (loop over it)"),
        ("", "{{ clients }}\n", 7, "unknown name 'clients'"),
        ("", "one\ntwo\n{% if a1 %}\n", 9, "Unexpected end of template"),
        ("", "{{ party | nosuchfilter }}\n", 7, "No filter named 'nosuchfilter'"),
        ("", "As held in [@nosuchcase].\n", 7, "[@nosuchcase] is not in the authorities registry"),
        ('\ncites = ["nosuch"]', "x\n", 2, "cites 'nosuch': not in the authorities registry"),
        ('\nrequires = ["hearing.dat"]', "x\n", 2, "requires 'hearing.dat': no such fact"),
        ('\nwhen = "a1 and"', "x\n", 2, "when: unexpected 'end of print statement'"),
        ('\nwhen = "a1.nonsense"', "x\n", 2, "GroundA1 has no fact 'nonsense'"),
        (
            "",
            'Served on the moving party{{ "" if pro_per else " and counsel" }}.\n',
            7,
            "a space at its edge is lost",
        ),
    ],
)
def test_lint_names_file_and_line(
    tmp_path: Path, meta_extra: str, body: str, line: int, message: str
) -> None:
    path = _clause(tmp_path, "bad.md", META + meta_extra, body)
    engine = Assembler.create()
    library = load_library(tmp_path)
    problems = [
        p for p in lint_library(library, engine.registry, engine.env) if str(path) in p.where
    ]
    assert problems, "the lint found nothing"
    assert any(p.where == f"{path}:{line}" and message in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_malformed_front_matter_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"x\.md:1: a clause file starts with"):
        load_library(tmp_path)
    _clause(tmp_path, "x.md", META + '\ncolour = "red"', "x")
    with pytest.raises(LibraryError, match=r"x\.md:2: unknown key\(s\) colour"):
        load_library(tmp_path)
    _clause(tmp_path, "x.md", META.replace('"notice"', '"memo"'), "x")
    with pytest.raises(LibraryError, match="unknown document 'memo'"):
        load_library(tmp_path)


def test_firm_clause_replaces_the_bundled_one_and_adds_new(tmp_path: Path) -> None:
    replaced = 'id = "memo.conclusion"\ntitle = "Ours"\ndocument = "notice"\norder = 900'
    _clause(tmp_path, "conclusion.md", replaced, "# Conclusion\n\nThe firm's own conclusion.\n")
    _clause(tmp_path, "extra.md", META, "An extra paragraph from the firm.\n")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--clauses",
            str(tmp_path),
            "--format",
            "txt",
        ],
    )
    assert result.exit_code == 0, result.output
    notice = (tmp_path / "out" / BASE_SAMPLE.stem / "01-notice-of-motion.txt").read_text("utf-8")
    assert "The firm's own conclusion." in notice
    assert "An extra paragraph from the firm." in notice
    assert "respectfully asks the Court to find" not in notice


def test_broken_firm_clause_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    _clause(tmp_path, "broken.md", META, "{% if %}\n")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(BASE_SAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--clauses",
            str(tmp_path),
            "--format",
            "txt",
        ],
    )
    assert result.exit_code == 2
    assert f"{tmp_path / 'broken.md'}:7: Expected an expression" in result.output


def test_clauses_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["clauses", "list"])
    assert listed.exit_code == 0
    assert "notice (notice-of-motion)" in listed.output
    assert "memo.consequences" in listed.output and "[verify]" in listed.output
    assert re.search(r"^ +210 memo\.custody +\(argument\) +when ", listed.output, re.M)
    shown = runner.invoke(main, ["clauses", "show", "memo.prejudice"])
    assert shown.exit_code == 0
    assert 'id = "memo.prejudice"' in shown.output
    missing = runner.invoke(main, ["clauses", "show", "nope"])
    assert missing.exit_code == 2 and "no clause 'nope'" in missing.output


def test_registry_rejects_malformed_entries(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(
        '[x]\nkind = "case"\nfull = "A v. B (2020) 1 Cal.5th 1"\nshort = "A"\nstatus = "V"\n'
    )
    with pytest.raises(RegistryError, match="a case needs 'name'"):
        load_registry(path)
    path.write_text(
        '[x]\nkind = "statute"\nfull = "Pen. Code, § 1"\nshort = "§ 1"\nstatus = "maybe"\n'
    )
    with pytest.raises(RegistryError, match="status must be one of"):
        load_registry(path)


def test_every_registry_entry_cites_in_both_forms() -> None:
    registry = load_registry()
    for authority in registry.authorities.values():
        full = "".join(authority.cite(None, first=True))
        history = authority.history.replace("*", "") if authority.verified else ""
        assert full == authority.full + (f", {history}" if history else "")
        assert "".join(authority.cite("2", first=False))
    assert make_environment() is not None


def test_clauses_check_lints_a_firm_folder_and_exits_by_result(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from assembler.cli import main

    _clause(tmp_path, "bad.md", META, "Fine.\n{{ party.legal_nam }}\n")
    result = CliRunner().invoke(main, ["clauses", "check", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'bad.md'}:8: party.legal_nam: MovingParty has no fact 'legal_nam'" in (
        result.output
    )
    assert result.output.splitlines()[-1] == f"1 problem in {tmp_path}"
    (tmp_path / "bad.md").unlink()
    _clause(tmp_path, "good.md", META, "{{ party | called }} asks.\n")
    clean = CliRunner().invoke(main, ["clauses", "check", str(tmp_path)])
    assert clean.exit_code == 0, clean.output
    assert clean.output.strip() == f"{tmp_path}: no problems"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["clauses", "check", str(empty)]).exit_code == 2
    assert CliRunner().invoke(main, ["clauses", "check"]).exit_code == 0  # the bundled library


def test_a_clause_cites_what_its_body_cites_without_listing_it(tmp_path: Path) -> None:
    from assembler.library import read_clause

    path = _clause(tmp_path, "x.md", META + '\ncites = ["padilla"]', "As held in [@vivar, 529].\n")
    assert read_clause(path).cites == ("padilla", "vivar")
    engine = Assembler.create()
    problems = lint_library(load_library(tmp_path), engine.registry, engine.env)
    assert not [p for p in problems if str(path) in p.where], problems


def test_a_clause_files_number_and_its_order_must_agree(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from assembler.cli import main

    _clause(tmp_path, "510-test.md", META, "{{ party | called }} asks.\n")  # order = 500
    result = CliRunner().invoke(main, ["clauses", "check", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "order 500 differs from the file name's number 510" in result.output
    (tmp_path / "510-test.md").rename(tmp_path / "500-test.md")
    assert CliRunner().invoke(main, ["clauses", "check", str(tmp_path)]).exit_code == 0
    (tmp_path / "500-test.md").rename(tmp_path / "test.md")  # a file without a number: no rule
    assert CliRunner().invoke(main, ["clauses", "check", str(tmp_path)]).exit_code == 0


def test_a_papers_renotice_place_must_be_only_or_also(tmp_path: Path) -> None:
    (tmp_path / "documents.toml").write_text(
        '[notice-of-hearing]\ntitle = "X"\nslug = "x"\norder = 5\nrenotice = "sometimes"\n',
        encoding="utf-8",
    )
    with pytest.raises(LibraryError, match='renotice must be "only" or "also"'):
        load_library(tmp_path)


def test_each_bundled_clause_sits_in_its_papers_folder() -> None:
    library = load_library()
    astray = [
        f"{c.path.parent.name}/{c.path.name} -> {c.document}"
        for c in library.clauses.values()
        if c.path.parent.name not in (c.document, "translator")
    ]
    assert not astray


def test_a_firms_clause_in_a_folder_named_for_its_paper_needs_no_document_key(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "proposed-order"
    folder.mkdir()
    meta = 'id = "firm.order-extra"\ntitle = "Extra"\norder = 990'
    _clause(folder, "990-extra.md", meta, "The Court so orders.\n")
    assert load_library(tmp_path).clauses["firm.order-extra"].document == "proposed-order"
    _clause(tmp_path, "990-extra.md", meta.replace("firm.order-extra", "firm.astray"), "x\n")
    with pytest.raises(LibraryError, match=r"unknown document .* the folder's name when it names"):
        load_library(tmp_path)
