"""The library and machine commands: `assembler authorities`, `clauses`, `templates`,
`samples` and `doctor`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from assembler.assembly import Assembler
    from assembler.authorities import Registry

from assembler.cli import (
    CLAUSES_OPTION,
    CONFIG_OPTION,
    CONTEXT,
    EXIT_INVALID,
    Console,
    _assembler,
    _common,
    _config,
    _console,
    _make_folder,
    _plural,
    _schema_ref,
    _write,
    main,
)


@main.command(context_settings=CONTEXT)
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A firm's authorities file (its verifications override the bundled status).",
)
@click.option("--unverified", is_flag=True, help="Only what is not verified.")
@CONFIG_OPTION
@_common
def authorities(authorities: Path | None, unverified: bool, config_file: Path | None) -> None:
    """List every authority the clauses may cite: its status, and who verified it against what.

    Status: V read in primary text; V2 a reliable secondary source; R practice knowledge;
    U unsettled. Anything but V is listed to verify before filing, and so is a case pin the
    entry's pin table does not confirm. --unverified also lists a V entry that records neither
    a source nor who verified it, and the clauses whose notes ask for a check: a note about
    the law (law:CLAUSE) is recorded once for the firm; a case check (case:NAME) is signed for
    each case (`assembler review CASE`). A firm records its own verifications in its
    authorities file (`authorities` in assembler.toml), by hand or with `assembler review
    --sign ID --source ...`:

    \b
      [jung]
      status = "V"
      verified_by = "A. Attorney"
      verified_on = "2026-11-30"
      source = "59 Cal.App.5th 842, Official Reports, read in full"
      [clause."memo.racial-justice"]
      verified_by = "A. Attorney"
      source = "Stats. 2025, ch. 784, read in full"

    \b
    Example:
      assembler authorities --unverified
    """
    from assembler.authorities import load_registry, with_firm

    config = _config(config_file, Path.cwd())
    extra = authorities or config.authorities
    registry = with_firm(load_registry(), extra)
    for key, authority in sorted(registry.authorities.items()):
        unrecorded = authority.verified and not (authority.source or authority.verified_by)
        if unverified and authority.verified and not unrecorded:
            continue
        who = ", ".join(
            part
            for part in (authority.verified_by, authority.verified_on, authority.source)
            if part
        )
        click.echo(f"{authority.status:<3} {key:<24} {authority.full_citation}")
        if who:
            click.echo(f"    verified: {who}")
        if unrecorded:
            click.echo("    to verify: status V, but no source or verified_by is recorded")
        if authority.pins:
            click.echo(f"    pins confirmed: {', '.join(page for page, _ in authority.pins)}")
        if authority.note and not authority.verified:
            click.echo(f"    to verify: {authority.note}")
    _clause_checks(registry, unverified, config.clauses)


def _clause_checks(registry: Registry, unverified: bool, clauses_dir: Path | None) -> None:
    """The clauses whose notes ask for a check, and whether the firm's file records it."""
    library = _assembler(clauses_dir).library
    notes = sorted((c for c in library.clauses.values() if not c.verified), key=lambda c: c.id)
    if not notes:
        return
    click.echo("")
    click.echo("Clause notes (law: recorded once for the firm; case: signed for each case):")
    shown: set[str] = set()
    for clause in notes:
        if clause.check in shown:
            continue  # a case check two clauses ask for (the memorandum and the order)
        shown.add(clause.check)
        recorded = registry.clause_checks.get(clause.id) if not clause.case_check else None
        current = recorded is not None and recorded.digest in ("", clause.digest)
        if unverified and current:
            continue
        click.echo(f"{clause.check:<36} {clause.note}")
        if clause.case_check:
            click.echo("    signed per case: assembler review CASE --sign " + clause.check)
        elif recorded is None:
            click.echo(f'    to verify: record [clause."{clause.id}"] in the firm\'s file')
        elif not current:
            click.echo(
                f"    verified by {recorded.verified_by} for an earlier text of the clause: "
                "read it again"
            )
        else:
            click.echo(
                f"    verified: {recorded.verified_by}, {recorded.verified_on}, {recorded.source}"
            )


@main.group(context_settings=CONTEXT)
@_common
def clauses() -> None:
    """Browse the clause library.

    \b
    Example:
      assembler clauses list
      assembler clauses show memo.prejudice
      assembler clauses check firm-clauses/
    """


@clauses.command("list", context_settings=CONTEXT)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def clauses_list(clauses_dir: Path | None, config_file: Path | None) -> None:
    """List every clause by document, in order, with its part of the paper and its condition.

    \b
    Example:
      assembler clauses list --clauses firm-clauses/
    """
    library = _assembler(clauses_dir or _config(config_file, Path.cwd()).clauses).library
    for doc in sorted(library.documents.values(), key=lambda d: (d.order, d.id)):
        click.echo(f"{doc.id} ({doc.slug})")
        for clause in library.clauses_for(doc.id):
            flag = "" if clause.verified else "  [verify]"
            part = f"({clause.section})" if clause.section else ""
            click.echo(f"  {clause.order:>4} {clause.id:<32} {part:<14} when {clause.when}{flag}")


@clauses.command("check", context_settings=CONTEXT)
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A firm's authorities file, for clauses that cite the firm's own entries.",
)
@click.option(
    "--fixtures",
    is_flag=True,
    help="Also run the folder's clause fixtures (fixtures.toml files): each builds a case and "
    "checks what one clause printed.",
)
@_common
def clauses_check(folder: Path | None, authorities: Path | None, fixtures: bool) -> None:
    """Lint a clause folder before using it with --clauses: unknown facts, broken conditions,
    citations missing from the registry, and spaces a printed value would lose. With
    --fixtures, also run its clause fixtures (see clauses/README.md, "Fixtures").

    Exits 0 when FOLDER's clauses (default: the bundled library) are clean and their fixtures
    pass, 1 with each problem's file and line (or each failing fixture) otherwise, 2 when FOLDER
    holds no clause, a clause or fixture cannot be read, or --fixtures finds none.

    \b
    Example:
      assembler clauses check firm-clauses/
      assembler clauses check firm-clauses/ --authorities firm-authorities.toml
      assembler clauses check firm-clauses/ --fixtures
    """
    from assembler.lint import lint_library

    if folder is not None and not any(folder.rglob("*.md")):
        raise click.UsageError(f"{folder}: no clause files (*.md) here")
    engine = _assembler(folder, authorities)
    problems = lint_library(engine.library, engine.registry, engine.env)
    if folder is not None:
        mine = folder.resolve()  # the folder's own files, not a sibling sharing its prefix
        problems = [
            p for p in problems if Path(p.where.split(":", 1)[0]).resolve().is_relative_to(mine)
        ]
    for problem in problems:
        click.echo(str(problem))
    where = str(folder) if folder is not None else "the bundled clauses"
    failed = _run_fixtures(folder, engine) if fixtures else 0
    if problems:
        click.echo(f"{_plural(len(problems), 'problem')} in {where}")
    if problems or failed:
        sys.exit(EXIT_INVALID)
    click.echo(f"{where}: no problems" + (", every fixture passes" if fixtures else ""))


def _run_fixtures(folder: Path | None, engine: Assembler) -> int:
    """Run the clause fixtures of ``folder`` (the bundled library's when None), a line each;
    the number that failed."""
    from assembler.fixtures import find_fixtures, read_fixtures, run_fixture
    from assembler.library import BUNDLED_DIR

    files = find_fixtures(folder if folder is not None else BUNDLED_DIR)
    if not files:
        raise click.UsageError(
            f"{folder}: no clause fixtures here (files named fixtures.toml or NAME.fixtures.toml)"
        )
    failed = 0
    for fixture in (f for path in files for f in read_fixtures(path)):
        failures = run_fixture(fixture, engine)
        if not failures:
            click.echo(f"ok    {fixture.clause}: {fixture.name}")
            continue
        failed += 1
        click.echo(f"FAIL  {fixture.clause}: {fixture.name} ({fixture.where})")
        for failure in failures:
            click.echo(f"        {failure}")
    if failed:
        click.echo(f"{_plural(failed, 'fixture')} failed")
    return failed


@clauses.command("show", context_settings=CONTEXT)
@click.argument("clause_id")
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def clauses_show(clause_id: str, clauses_dir: Path | None, config_file: Path | None) -> None:
    """Print one clause: its file, metadata and body.

    \b
    Example:
      assembler clauses show memo.prejudice
    """
    library = _assembler(clauses_dir or _config(config_file, Path.cwd()).clauses).library
    clause = library.clauses.get(clause_id)
    if clause is None:
        raise click.UsageError(f"no clause {clause_id!r}; see `assembler clauses list`")
    from assembler.errors import LibraryError
    from assembler.tomltables import read_text

    click.echo(f"# {clause.path}")
    click.echo(read_text(clause.path, LibraryError), nl=False)


@main.group(context_settings=CONTEXT)
@_common
def templates() -> None:
    """Check Word shells (the .docx files the Word output is poured into).

    \b
    Example:
      assembler templates check
      assembler templates check firm-templates/
    """


@templates.command("check", context_settings=CONTEXT)
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@_common
def templates_check(folder: Path | None) -> None:
    """Find split tags, curly quotes in tags, crowded {%p %} paragraphs and unknown names.

    Exits 0 when every shell in FOLDER (default: the bundled templates/) is clean, 1 with each
    problem's file, part and paragraph otherwise, 2 when FOLDER holds no .docx.

    \b
    Example:
      assembler templates check firm-templates/
    """
    from assembler.shells.lint import check_shell
    from assembler.writers.docx import SHELL

    folder = folder or SHELL.parent
    shells = sorted(folder.glob("*.docx")) if folder.is_dir() else []
    if not shells:
        raise click.UsageError(f"{folder}: no .docx shells here")
    problems = [p for shell in shells for p in check_shell(shell)]
    for problem in problems:
        click.echo(str(problem))
    names = ", ".join(s.name for s in shells)
    if problems:
        click.echo(f"{_plural(len(problems), 'problem')} in {names}")
        sys.exit(EXIT_INVALID)
    click.echo(f"{names}: no problems")


@main.command(context_settings=CONTEXT)
@_common
def doctor() -> None:
    """Check this machine: versions, the fonts for each script, optional tools.

    Exits 1 when something every build needs is missing (a writer's package, Pango, the
    bundled body face); fonts for other scripts and LibreOffice only inform.

    \b
    Example:
      assembler doctor
    """
    from assembler.doctor import run_checks

    checks = run_checks()
    width = max(len(c.name) for c in checks)
    for check in checks:
        if check.ok:
            mark = Console.style("ok  ", fg="green")
        elif check.required:
            mark = Console.style("FAIL", fg="red")
        else:
            mark = Console.style("warn", fg="yellow")
        click.echo(f"{mark}  {check.name:<{width}}  {check.detail}")
    failed = [c.name for c in checks if c.required and not c.ok]
    if failed:
        _console().error(f"missing what a build needs: {', '.join(failed)}")
        sys.exit(EXIT_INVALID)


@main.group(context_settings=CONTEXT)
@_common
def samples() -> None:
    """The bundled fictional sample cases: list them, copy them to start from.

    \b
    Example:
      assembler samples list
      assembler samples copy 01 my-cases
      assembler samples copy all my-cases
    """


@samples.command("list", context_settings=CONTEXT)
@_common
def samples_list() -> None:
    """List the bundled samples: number, file and what each shows.

    \b
    Example:
      assembler samples list
    """
    from assembler.sample_cases import catalog

    for sample in catalog():
        click.echo(f"{sample.number}  {sample.path.name:<40} {sample.title}")


@samples.command("copy", context_settings=CONTEXT)
@click.argument("names", nargs=-1, required=True)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Replace a file of the same name in FOLDER.")
@_common
def samples_copy(names: tuple[str, ...], folder: Path, force: bool) -> None:
    """Copy samples (by number or name, or all) into FOLDER, ready to validate and build.

    FOLDER is created if missing. Each copy points its "$schema" at the installed schema, so an
    editor validates it as you type.

    \b
    Example:
      assembler samples copy 01 my-cases
      assembler samples copy 04 09 my-cases
      assembler samples copy all my-cases
    """
    from assembler.sample_cases import SampleNotFound, select

    try:
        chosen = select(names)
    except SampleNotFound as exc:
        raise click.UsageError(f"{exc}; `assembler samples list` shows them") from None
    targets = [folder / s.path.name for s in chosen]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise click.UsageError(f"{existing[0]} already exists; use --force to replace it")
    _make_folder(folder)
    out = _console()
    for sample, target in zip(chosen, targets, strict=True):
        data = json.loads(sample.path.read_text(encoding="utf-8"))
        data["$schema"] = _schema_ref(target)
        _write(target, json.dumps(data, indent=2, ensure_ascii=False) + "\n", force=True)
        out.info(f"wrote {target}")


# --- build, explain, clauses -----------------------------------------------------------------
