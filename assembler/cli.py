"""The command line: click commands over the library; the only module that prints or exits."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from assembler import __version__
from assembler.errors import AssemblerError, CaseFileUnreadable, Problem, Severity

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
TABLES_AFTER_PAGES = 10  # a memorandum longer than this gets tables of contents and authorities

SCHEMA_FILE = Path(__file__).with_name("case.schema.json")

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _version(fn: F) -> F:
    return click.version_option(__version__, "--version", prog_name="assembler")(fn)


@click.group(context_settings=CONTEXT)
@_version
def main() -> None:
    """Draft California Pen. Code § 1473.7 motions to vacate from a JSON case file.

    \b
    Start a case, fill it, and check it:
      assembler new cases/garcia.json
      assembler validate cases/garcia.json
    """


# --- validate ---------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.argument("case_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON for other tools.")
@_version
def validate(case_files: tuple[Path, ...], as_json: bool) -> None:
    """Check case files: every missing or inconsistent fact, where it goes, and why.

    Exit status: 0 valid (warnings allowed), 1 facts missing or inconsistent, 2 a file cannot
    be read or is not JSON.

    \b
    Example:
      assembler validate samples/01-lpr-petty-theft.json
      assembler validate --json cases/*.json
    """
    from assembler.facts import check_file  # imported here: `assembler -h` stays instant

    status = EXIT_VALID
    report: list[dict[str, Any]] = []
    for path in case_files:
        try:
            problems = check_file(path)
        except CaseFileUnreadable as exc:
            status = max(status, EXIT_USAGE)
            if as_json:
                report.append({"file": str(path), "valid": False, "unreadable": exc.detail})
            else:
                click.echo(f"Error: {exc}", err=True)
            continue
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            status = max(status, EXIT_INVALID)
        if as_json:
            report.append(
                {
                    "file": str(path),
                    "valid": not errors,
                    "problems": [p.as_dict() for p in problems],
                }
            )
        else:
            click.echo(_format_report(str(path), problems))
    if as_json:
        click.echo(
            json.dumps(report if len(case_files) > 1 else report[0], indent=2, ensure_ascii=False)
        )
    sys.exit(status)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _format_report(name: str, problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        head = f"{name}: invalid: {_plural(errors, 'error')}"
        head += f", {_plural(warnings, 'warning')}" if warnings else ""
    else:
        head = f"{name}: valid" + (f" ({_plural(warnings, 'warning')})" if warnings else "")
    lines = [head]
    for problem in problems:
        label = click.style(
            f"{problem.severity.value:<8}",
            fg="red" if problem.severity is Severity.ERROR else "yellow",
        )
        lines.append(f"  {label} {problem.path}: {problem.message}")
        if problem.reason:
            lines.append(f"           why: {problem.reason}")
    return "\n".join(lines)


# --- schema, new, rules -----------------------------------------------------------------------


def schema_text() -> str:
    """The JSON Schema of the case file, as written to case.schema.json."""
    from assembler.case import Case

    schema = Case.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@main.command(context_settings=CONTEXT)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout."
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@_version
def schema(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of the case file (for editors and other tools).

    \b
    Example:
      assembler schema -o case.schema.json
    """
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text, force)


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@_version
def new(path: Path) -> None:
    """Write a starter case file with every section and placeholders to replace.

    The starter fails validation until every placeholder is filled: run `assembler validate`
    on it to see what is left. An existing file is never overwritten.

    \b
    Example:
      assembler new cases/garcia.json
    """
    from assembler.starter import starter_case

    if path.exists():
        raise click.UsageError(f"{path} already exists; refusing to overwrite it")
    ref = _schema_ref(path)
    text = json.dumps(starter_case(ref), indent=2, ensure_ascii=False) + "\n"
    _write(path, text, force=False)
    click.echo(f"wrote {path}: fill in every 'FILL IN' and 'YYYY-MM-DD', then run")
    click.echo(f"  assembler validate {path}")


def _schema_ref(path: Path) -> str:
    """The $schema reference a new case file carries: relative to it when possible."""
    target = SCHEMA_FILE.resolve()
    try:
        return Path(os.path.relpath(target, path.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return target.as_uri()


@main.command(context_settings=CONTEXT)
@_version
def rules() -> None:
    """List the legal-requirement rules `validate` applies.

    \b
    Example:
      assembler rules
    """
    from assembler.facts import RULES

    width = max(len(code) for code, _summary, _fn in RULES)
    for code, summary, _fn in RULES:
        click.echo(f"{code:<{width}}  {summary}")


# --- build, explain, clauses -----------------------------------------------------------------

CLAUSES_OPTION = click.option(
    "--clauses",
    "clauses_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="A firm's clause folder: same ids replace bundled clauses, new ids add clauses.",
)


def _assembler(clauses_dir: Path | None) -> Any:
    from assembler.assembly import Assembler

    try:
        return Assembler.create(clauses_dir)
    except AssemblerError as exc:
        raise click.UsageError(str(exc)) from None


def _load_for_build(path: Path, draft: bool) -> Any:
    """The case to build; an invalid case is refused (exit 1) unless drafting."""
    from assembler.facts import check_loaded
    from assembler.loading import load_case

    try:
        loaded = load_case(path)
    except CaseFileUnreadable as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    problems = check_loaded(loaded, path.parent)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if (errors and not draft) or loaded.case is None:
        click.echo(_format_report(str(path), problems))
        click.echo("Not built: fix the errors above, or build with --draft to mark the gaps.")
        sys.exit(EXIT_INVALID)
    return loaded.case


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into; each case gets its own sub-folder.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=("txt,pdf,docx",),
    show_default=True,
    callback=lambda _ctx, _param, value: _formats(value),
    help="Output formats: txt, pdf, docx; repeat or comma-separate for several (docx,pdf,txt).",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder holding a firm's own Word shell (pleading.docx) instead of the bundled one.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Mark missing facts as [MISSING: path] (and DRAFT on every PDF page).",
)
@click.option(
    "--watermark",
    type=click.Choice(["sample"]),
    help="sample: print SAMPLE — FICTIONAL CASE on every PDF page and in every Word header (clinics' training filings).",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/ua-1"]),
    help="Write PDFs in this variant (e.g. PDF/A-2b for archiving).",
)
@click.option(
    "--tables",
    is_flag=True,
    help="Tables of contents and authorities even for a memorandum of 10 pages or less.",
)
@click.option("--force", is_flag=True, help="Replace files of an earlier build.")
@CLAUSES_OPTION
@_version
def build(
    case_file: Path,
    outdir: Path,
    formats: tuple[str, ...],
    draft: bool,
    watermark: str | None,
    pdf_variant: str | None,
    tables: bool,
    force: bool,
    templates_dir: Path | None,
    clauses_dir: Path | None,
) -> None:
    """Assemble the filing packet of a case: one file per document, in filing order.

    Without --draft an invalid case is refused with the same report as `validate` (exit 1).

    \b
    Example:
      assembler build samples/01-lpr-petty-theft-spanish.json -o out
      assembler build cases/garcia.json -o out --draft --force
    """
    from assembler.assembly import BuildError
    from assembler.writers.text import render_document

    case = _load_for_build(case_file, draft)
    engine = _assembler(clauses_dir)
    try:
        packet = engine.assemble(case, draft=draft, tables=tables)
    except BuildError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except AssemblerError as exc:
        raise click.UsageError(str(exc)) from None
    folder = outdir / case_file.stem
    outputs: dict[Path, str | bytes] = {}
    if "txt" in formats:
        for doc in packet.documents:
            outputs[folder / f"{doc.order:02d}-{doc.slug}.txt"] = render_document(doc)
    marks = (("DRAFT",) if draft else ()) + (
        ("SAMPLE — FICTIONAL CASE",) if watermark == "sample" else ()
    )
    if "pdf" in formats:
        # Without --tables, a memorandum past 10 pages still gets them: decided by layout.
        def with_tables() -> Any:
            return None if tables else engine.assemble(case, draft=draft, tables=True)

        outputs |= _pdf_outputs(
            folder, case, packet, with_tables, marks, pdf_variant, case_file.parent
        )
    if "docx" in formats:
        outputs |= _docx_outputs(folder, case, packet, templates_dir, marks)
    outputs[folder / "build-report.txt"] = _report_text(case_file, packet)
    existing = [p for p in outputs if p.exists()]
    if existing and not force:
        raise click.UsageError(f"{existing[0]} already exists; use --force to replace the build")
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        _write(path, text, force=True)
        click.echo(f"wrote {path}")
    for path in _stale(folder, outputs, formats):
        path.unlink()
        click.echo(f"removed {path} (from an earlier build; no longer part of the packet)")
    for line in packet.verify:
        click.echo(f"verify before filing: {line}")
    for path in packet.missing:
        click.echo(f"missing: {path}")
    if packet.missing:
        click.echo(f"draft: {_plural(len(packet.missing), 'missing fact')} marked [MISSING: ...]")


_PAPER_FILE = re.compile(r"\d{2}-[a-z0-9-]+\.(txt|pdf|docx)|packet\.pdf")
FORMATS = ("txt", "pdf", "docx")


def _formats(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--format docx,pdf --format txt`` -> ("docx", "pdf", "txt"); unknown names are refused."""
    chosen: list[str] = []
    for value in values:
        for name in (v.strip().lower() for v in value.split(",")):
            if name not in FORMATS:
                raise click.BadParameter(f"{name!r} is not one of {', '.join(FORMATS)}")
            if name not in chosen:
                chosen.append(name)
    return tuple(chosen)


def _author(case: Any) -> str | None:
    """Who the documents' properties name: counsel, or the self-represented moving party."""
    counsel = case.filing_counsel
    name: str | None = (
        counsel.name if counsel and not case.self_represented else case.moving_party.legal_name
    )
    return name


def _docx_outputs(
    folder: Path,
    case: Any,
    packet: Any,
    templates_dir: Path | None,
    marks: tuple[str, ...],
) -> dict[Path, str | bytes]:
    """One .docx per paper, named like the other formats; ``marks`` go in every header."""
    from assembler.writers.docx import SHELL, DocxWriter

    shell = templates_dir / SHELL.name if templates_dir else SHELL
    author = _author(case)
    try:
        writer = DocxWriter(shell, notice=" — ".join(marks))
        return {
            folder / f"{d.order:02d}-{d.slug}.docx": writer.write(
                d, author=author, date=case.filing_date
            )
            for d in packet.documents
        }
    except AssemblerError as exc:
        raise click.UsageError(str(exc)) from None


def _stale(folder: Path, outputs: dict[Path, str | bytes], formats: tuple[str, ...]) -> list[Path]:
    """Papers an earlier build of this case wrote in the formats just built, that this build
    did not (a paper left out, or renumbered): left beside the new ones they would mislead."""
    return sorted(
        path
        for path in folder.iterdir()
        if path not in outputs
        and _PAPER_FILE.fullmatch(path.name)
        and path.suffix.lstrip(".") in formats
    )


def _pdf_outputs(
    folder: Path,
    case: Any,
    packet: Any,
    with_tables: Callable[[], Any],
    watermarks: tuple[str, ...],
    variant: str | None,
    case_dir: Path,
) -> dict[Path, str | bytes]:
    """One PDF per paper, and the packet in filing order with an exhibit slip sheet each."""
    from assembler.document import EXHIBITS_RANK
    from assembler.writers.pdf import PdfWriter, attach

    writer = PdfWriter(watermarks=watermarks, variant=variant)
    author = _author(case)
    date = case.filing_date
    try:
        rendered = [writer.render(d, author=author, date=date) for d in packet.documents]
        long_papers = [i for i, r in enumerate(rendered) if len(r.pages) > TABLES_AFTER_PAGES]
        tabled = with_tables() if long_papers else None
        if tabled is not None:
            # A paper whose memorandum runs long is laid out again with its tables.
            for index in long_papers:
                doc = tabled.documents[index]
                rendered[index] = writer.render(doc, author=author, date=date)
        slips = []
        files: list[tuple[str, Path | None]] = []
        for exhibit in case.exhibits:
            path = case_dir / exhibit.file if exhibit.file else None
            attached = path if path is not None and path.is_file() else None
            files.append((exhibit.label, attached))
            note = None if attached else "(to be attached)"
            slips.append(
                writer.slip_sheet(exhibit.label, exhibit.title, note, author=author, date=date)
            )
        outputs: dict[Path, str | bytes] = {
            folder / f"{d.order:02d}-{d.slug}.pdf": writer.write(r)
            for d, r in zip(packet.documents, rendered, strict=True)
        }
        before = [
            r for d, r in zip(packet.documents, rendered, strict=True) if d.rank < EXHIBITS_RANK
        ]
        after = [
            r for d, r in zip(packet.documents, rendered, strict=True) if d.rank >= EXHIBITS_RANK
        ]
        number = case.criminal_case.case_number if case.criminal_case else ""
        title = f"Motion to vacate conviction (Pen. Code, § 1473.7), case no. {number}"
        combined = writer.packet([*before, *slips, *after], title=title, author=author, date=date)
        data = writer.write(combined)
        position = sum(len(r.pages) for r in before)
        insertions = []
        for (label, attached), slip in zip(files, slips, strict=True):
            position += len(slip.pages)
            if attached is not None:
                insertions.append((position, attached, label))
        outputs[folder / "packet.pdf"] = attach(data, insertions) if insertions else data
    except AssemblerError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    return outputs


def _report_text(case_file: Path, packet: Any) -> str:
    """The build report written beside the documents: what to check before filing."""
    lines = [f"Build report for {case_file.name}", "", "Documents, in filing order:"]
    lines += [f"  {d.order:02d}-{d.slug}: {d.title}" for d in packet.documents]
    lines += ["", "Verify before filing:"]
    lines += [f"  {line}" for line in packet.verify] or ["  nothing"]
    if packet.missing:
        lines += ["", "Missing facts (draft; marked [MISSING: ...] in the documents):"]
        lines += [f"  {path}" for path in packet.missing]
    return "\n".join(lines) + "\n"


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@CLAUSES_OPTION
@_version
def explain(case_file: Path, clauses_dir: Path | None) -> None:
    """Show the documents a case gets and every clause included or left out, with the reason.

    \b
    Example:
      assembler explain samples/01-lpr-petty-theft-spanish.json
    """
    case = _load_for_build(case_file, draft=True)
    engine = _assembler(clauses_dir)
    try:
        plan = engine.plan(case)
    except AssemblerError as exc:
        raise click.UsageError(str(exc)) from None
    for doc_plan in plan.documents:
        doc = doc_plan.document
        mark = "included" if doc_plan.included else "left out"
        click.echo(f"{doc.slug}: {mark} ({doc_plan.reason})")
        if not doc_plan.included:
            continue
        for decision in doc_plan.clauses:
            sign = "+" if decision.included else "-"
            verdict = "true" if decision.included else "false"
            clause = decision.clause
            click.echo(f"  {sign} {clause.id:<32} when {clause.when} -> {verdict}")


@main.group(context_settings=CONTEXT)
@_version
def clauses() -> None:
    """Browse the clause library.

    \b
    Example:
      assembler clauses list
      assembler clauses show memo.prejudice
    """


@clauses.command("list", context_settings=CONTEXT)
@CLAUSES_OPTION
@_version
def clauses_list(clauses_dir: Path | None) -> None:
    """List every clause by document, in order, with its condition.

    \b
    Example:
      assembler clauses list --clauses firm-clauses/
    """
    library = _assembler(clauses_dir).library
    for doc in sorted(library.documents.values(), key=lambda d: (d.order, d.id)):
        click.echo(f"{doc.id} ({doc.slug})")
        for clause in library.clauses_for(doc.id):
            flag = "" if clause.verified else "  [verify]"
            click.echo(f"  {clause.order:>4} {clause.id:<32} when {clause.when}{flag}")


@clauses.command("show", context_settings=CONTEXT)
@click.argument("clause_id")
@CLAUSES_OPTION
@_version
def clauses_show(clause_id: str, clauses_dir: Path | None) -> None:
    """Print one clause: its file, metadata and body.

    \b
    Example:
      assembler clauses show memo.prejudice
    """
    library = _assembler(clauses_dir).library
    clause = library.clauses.get(clause_id)
    if clause is None:
        raise click.UsageError(f"no clause {clause_id!r}; see `assembler clauses list`")
    click.echo(f"# {clause.path}")
    click.echo(clause.path.read_text(encoding="utf-8"), nl=False)


def _write(path: Path, content: str | bytes, force: bool) -> None:
    from assembler.files import write_atomic

    if not path.parent.is_dir():
        raise click.UsageError(f"folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        write_atomic(path, data, overwrite=force)
    except AssemblerError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


if __name__ == "__main__":  # pragma: no cover
    main()


@main.group(context_settings=CONTEXT)
@_version
def templates() -> None:
    """Check Word shells (the .docx files the Word output is poured into).

    \b
    Example:
      assembler templates check
      assembler templates check firm-templates/
    """


@templates.command("check", context_settings=CONTEXT)
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@_version
def templates_check(folder: Path | None) -> None:
    """Find split tags, curly quotes in tags, crowded {%p %} paragraphs and unknown names.

    Exits 0 when every shell in FOLDER (default: the bundled templates/) is clean, 1 with each
    problem's file, part and paragraph otherwise, 2 when FOLDER holds no .docx.

    \b
    Example:
      assembler templates check firm-templates/
    """
    from assembler.shell_lint import check_shell
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
