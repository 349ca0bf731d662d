"""The command line: click commands over the library; the only module that prints or exits."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from assembler import __version__
from assembler.errors import (
    AssemblerError,
    CaseFileUnreadable,
    ExitCode,
    Problem,
    Severity,
)

EXIT_VALID = ExitCode.OK
EXIT_INVALID = ExitCode.INVALID
EXIT_USAGE = ExitCode.USAGE
EXIT_INTERNAL = ExitCode.INTERNAL
TABLES_AFTER_PAGES = 10  # a memorandum longer than this gets tables of contents and authorities

SCHEMA_FILE = Path(__file__).with_name("case.schema.json")

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Console:
    """Where each kind of line goes: results on stdout, problems on stderr, as -q/-v say.

    Colour only when the stream is a terminal (click strips it otherwise) and ``NO_COLOR`` is
    not set (https://no-color.org).
    """

    def __init__(self, meta: dict[str, Any]) -> None:
        self.quiet = bool(meta.get("assembler.quiet"))
        self.verbose = bool(meta.get("assembler.verbose")) and not self.quiet

    @staticmethod
    def style(text: str, **styles: Any) -> str:
        """``text`` styled, unless NO_COLOR is set."""
        return text if os.environ.get("NO_COLOR") else click.style(text, **styles)

    def result(self, line: str) -> None:
        """What the command was asked for (a report, a list): stdout, even with -q."""
        click.echo(line)

    def info(self, line: str) -> None:
        """What was done (files written): stdout, not with -q."""
        if not self.quiet:
            click.echo(line)

    def detail(self, line: str) -> None:
        """More about what was done: stderr, only with -v."""
        if self.verbose:
            click.echo(line, err=True)

    def warn(self, line: str) -> None:
        """Something the user should look at: stderr, not with -q."""
        if not self.quiet:
            click.echo(line, err=True)

    def error(self, line: str) -> None:
        """Why the command failed: stderr, always."""
        click.echo(line, err=True)


def _console() -> Console:
    return Console(click.get_current_context().meta)


def _store(key: str) -> Callable[[click.Context, click.Parameter, bool], bool]:
    def callback(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.meta[f"assembler.{key}"] = True
        return value

    return callback


def _common(fn: F) -> F:
    """-q, -v, --debug and --version, accepted by every command (before or after its name)."""
    for names, key, text in (
        (("--debug",), "debug", "On an internal error, print the traceback."),
        (("-v", "--verbose"), "verbose", "Say more about what is done."),
        (("-q", "--quiet"), "quiet", "Print only results and errors."),
    ):
        fn = click.option(
            *names, is_flag=True, expose_value=False, callback=_store(key), help=text
        )(fn)
    return click.version_option(__version__, "--version", prog_name="assembler")(fn)


def _where(exc: BaseException) -> str:
    """The innermost line of the package an exception passed through (never its message: a
    message may quote client data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}assembler{os.sep}" in f.filename] or frames
    if not ours:
        return "unknown place"
    return f"{Path(ours[-1].filename).name}:{ours[-1].lineno}"


class _Main(click.Group):
    """The command group: known errors become one message and their exit code; anything else is
    a bug (exit 3)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except AssemblerError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except Exception as exc:
            if ctx.meta.get("assembler.debug") or os.environ.get("ASSEMBLER_DEBUG"):
                traceback.print_exc()
            else:
                click.echo(
                    f"assembler: internal error ({type(exc).__name__} in {_where(exc)}); "
                    "please report it with the command you ran (--debug shows the traceback)",
                    err=True,
                )
            ctx.exit(int(ExitCode.INTERNAL))


class _Unreadable(click.ClickException):
    """An input or output file that cannot be used: exit 2, like a usage error."""

    exit_code = int(ExitCode.USAGE)


@click.group(cls=_Main, context_settings=CONTEXT)
@_common
def main() -> None:
    """Draft California Pen. Code § 1473.7 motions to vacate from a JSON case file.

    \b
    Start from a bundled sample, or from a blank case, and check it:
      assembler samples copy 01 my-cases
      assembler new my-cases/garcia.json
      assembler validate my-cases/garcia.json
      assembler build my-cases/garcia.json -o out

    \b
    Exit status (every command):
      0  done; the case is valid (warnings allowed)
      1  the case is invalid: facts missing or inconsistent (fix the case file)
      2  usage error, or a file, folder or config that cannot be used
      3  internal error: please report it (--debug prints the traceback)

    Settings for a firm (clauses, Word shell, authorities, formats, output folder) go in
    assembler.toml beside the case files or in a folder above them; see the README.
    """


# --- validate ---------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.argument("case_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON for other tools.")
@_common
def validate(case_files: tuple[Path, ...], as_json: bool) -> None:
    """Check case files: every missing or inconsistent fact, where it goes, and why.

    The report is the result, on stdout. Exit status: 0 valid (warnings allowed), 1 facts
    missing or inconsistent, 2 a file cannot be read or is not JSON.

    \b
    Example:
      assembler validate my-cases/01-lpr-petty-theft-spanish.json
      assembler validate --json cases/*.json
    """
    from assembler.facts import check_file  # imported here: `assembler -h` stays instant

    out = _console()
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
                out.error(f"Error: {exc}")
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
            out.result(_format_report(str(path), problems))
    if as_json:
        out.result(
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
        label = Console.style(
            f"{problem.severity.value:<8}",
            fg="red" if problem.severity is Severity.ERROR else "yellow",
        )
        lines.append(f"  {label} {problem.path}: {problem.message}")
        if problem.reason:
            lines.append(f"           why: {problem.reason}")
    return "\n".join(lines)


# --- schema, new, rules, samples --------------------------------------------------------------


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
@_common
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
    _console().info(f"wrote {output}")


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@_common
def new(path: Path) -> None:
    """Write a starter case file with every section and placeholders to replace.

    The starter fails validation until every placeholder is filled: run `assembler validate`
    on it to see what is left. Missing folders are created; an existing file is never
    overwritten.

    \b
    Example:
      assembler new cases/garcia.json
    """
    from assembler.starter import starter_case

    if path.exists():
        raise click.UsageError(f"{path} already exists; refusing to overwrite it")
    _make_folder(path.parent)
    text = json.dumps(starter_case(_schema_ref(path)), indent=2, ensure_ascii=False) + "\n"
    _write(path, text, force=False)
    out = _console()
    out.info(f"wrote {path}: fill in every 'FILL IN' and 'YYYY-MM-DD', then run")
    out.info(f"  assembler validate {path}")


def _schema_ref(path: Path) -> str:
    """The $schema reference a case file carries: relative to it when possible."""
    target = SCHEMA_FILE.resolve()
    try:
        return Path(os.path.relpath(target, path.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return target.as_uri()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _Unreadable(f"cannot create folder {folder}: {exc.strerror}") from None


@main.command(context_settings=CONTEXT)
@_common
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

CLAUSES_OPTION = click.option(
    "--clauses",
    "clauses_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="A firm's clause folder: same ids replace bundled clauses, new ids add clauses.",
)
CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (default: assembler.toml in the case's folder or a folder above it).",
)


def _config(config_file: Path | None, start: Path) -> Any:
    """The settings: ``--config FILE``, else the nearest assembler.toml in ``start`` or above."""
    from assembler.config import find_config, load_config

    path = config_file if config_file is not None else find_config(start)
    config = load_config(path)
    if config.source is not None:
        _console().detail(f"settings from {config.source}")
    return config


def _assembler(clauses_dir: Path | None, authorities: Path | None = None) -> Any:
    from assembler.assembly import Assembler

    return Assembler.create(clauses_dir, authorities)


def _load_for_build(path: Path, draft: bool) -> Any:
    """The case to build; an invalid case is refused (exit 1) unless drafting."""
    from assembler.facts import check_loaded
    from assembler.loading import load_case

    loaded = load_case(path)  # CaseFileUnreadable: exit 2 through the group
    problems = check_loaded(loaded, path.parent)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if (errors and not draft) or loaded.case is None:
        out = _console()
        out.error(_format_report(str(path), problems))
        out.error("Not built: fix the errors above, or build with --draft to mark the gaps.")
        sys.exit(EXIT_INVALID)
    return loaded.case


def _check_fonts(case: Any, case_file: Path) -> None:
    """Refuse (exit 1) text no available font can print, naming where it is in the case file."""
    from assembler.fonts import uncovered_in

    uncovered = uncovered_in(case.model_dump(mode="json", by_alias=True, exclude_none=True))
    if not uncovered:
        return
    out = _console()
    out.error(f"{case_file}: {_plural(len(uncovered), 'character')} no available font can print:")
    for item in uncovered:
        out.error(f"  error    {item.path}: {item.described}")
    out.error(
        "Not built: replace or remove each character, or install a font that has it "
        "(`assembler doctor` lists which scripts the installed fonts cover)."
    )
    sys.exit(EXIT_INVALID)


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into; each case gets its own sub-folder (or `output` in assembler.toml).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Output formats: txt, pdf, docx; repeat or comma-separate (default: all three, or "
    "`formats` in assembler.toml).",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder holding a firm's own Word shell (pleading.docx) instead of the bundled one.",
)
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A firm's authorities file (TOML), added to the bundled registry.",
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
@click.option(
    "--force", is_flag=True, help="Replace the files of an earlier build of the same case."
)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def build(
    case_file: Path,
    outdir: Path | None,
    formats: tuple[str, ...],
    draft: bool,
    watermark: str | None,
    pdf_variant: str | None,
    tables: bool,
    force: bool,
    templates_dir: Path | None,
    authorities: Path | None,
    clauses_dir: Path | None,
    config_file: Path | None,
) -> None:
    """Assemble the filing packet of a case: one file per document, in filing order.

    The papers go into OUTPUT/<case file name>/, which records the case it belongs to: a build
    never replaces another case's papers, and replaces this case's earlier papers only with
    --force. Without --draft an invalid case is refused with the same report as `validate`
    (exit 1).

    \b
    Example:
      assembler build my-cases/01-lpr-petty-theft-spanish.json -o out
      assembler build cases/garcia.json -o out --draft --force
    """
    from assembler.config import parse_formats
    from assembler.output import case_folders, check_folder

    out = _console()
    config = _config(config_file, case_file.parent)
    chosen = parse_formats(formats) if formats else config.formats or ("txt", "pdf", "docx")
    outdir = outdir or config.output
    if outdir is None:
        raise click.UsageError("no output folder: give -o FOLDER (or `output` in assembler.toml)")
    templates_dir = templates_dir or config.templates
    clauses_dir = clauses_dir or config.clauses
    authorities = authorities or config.authorities

    case = _load_for_build(case_file, draft)
    folder = case_folders(outdir, [case_file])[case_file]
    check_folder(folder, case_file, [], force=True)  # another case's folder: refused before work
    if "pdf" in chosen:
        _check_fonts(case, case_file)
    engine = _assembler(clauses_dir, authorities)
    started = time.perf_counter()
    packet = engine.assemble(case, draft=draft, tables=tables)
    out.detail(f"assembled {_plural(len(packet.documents), 'paper')} in {_since(started)}")
    names = [f"{d.order:02d}-{d.slug}" for d in packet.documents]
    targets = [folder / f"{n}.{fmt}" for fmt in chosen for n in names]
    if "pdf" in chosen:
        targets.append(folder / "packet.pdf")
    check_folder(folder, case_file, targets, force=force)  # before anything is rendered

    outputs: dict[Path, str | bytes] = {}
    if "txt" in chosen:
        from assembler.writers.text import render_document

        for name, doc in zip(names, packet.documents, strict=True):
            outputs[folder / f"{name}.txt"] = render_document(doc)
    marks = (("DRAFT",) if draft else ()) + (
        ("SAMPLE — FICTIONAL CASE",) if watermark == "sample" else ()
    )
    if "pdf" in chosen:
        started = time.perf_counter()

        # Without --tables, a memorandum past 10 pages still gets them: decided by layout.
        add_tables = None if tables else engine.add_tables
        outputs |= _pdf_outputs(
            folder, case, packet, add_tables, marks, pdf_variant, case_file.parent
        )
        out.detail(f"laid out and wrote the PDFs in {_since(started)}")
    if "docx" in chosen:
        started = time.perf_counter()
        outputs |= _docx_outputs(folder, case, packet, templates_dir, marks)
        out.detail(f"wrote the Word files in {_since(started)}")
    outputs[folder / "build-report.txt"] = _report_text(case_file, packet)
    _write_build(folder, case_file, case, outputs, chosen)
    for line in packet.verify:
        out.warn(f"verify before filing: {line}")
    for path in packet.missing:
        out.warn(f"missing: {path}")
    if packet.missing:
        out.warn(f"draft: {_plural(len(packet.missing), 'missing fact')} marked [MISSING: ...]")


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.2f} s"


def _write_build(
    folder: Path,
    case_file: Path,
    case: Any,
    outputs: dict[Path, str | bytes],
    formats: tuple[str, ...],
) -> None:
    """Write every file of a build (atomically, each), record the case, drop stale papers."""
    from assembler.output import stale_papers, write_manifest

    out = _console()
    _make_folder(folder)
    number = case.criminal_case.case_number if case.criminal_case else ""
    write_manifest(folder, case_file, number)
    for path, content in outputs.items():
        _write(path, content, force=True)
        out.info(f"wrote {path}")
    for path in stale_papers(folder, outputs, formats):
        path.unlink()
        out.info(f"removed {path} (from an earlier build; no longer part of the packet)")


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
    writer = DocxWriter(shell, notice=" — ".join(marks))
    return {
        folder / f"{d.order:02d}-{d.slug}.docx": writer.write(
            d, author=author, date=case.filing_date
        )
        for d in packet.documents
    }


def _pdf_outputs(
    folder: Path,
    case: Any,
    packet: Any,
    add_tables: Callable[[Any], Any] | None,
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
    rendered = [writer.render(d, author=author, date=date) for d in packet.documents]
    long_papers = [i for i, r in enumerate(rendered) if len(r.pages) > TABLES_AFTER_PAGES]
    if add_tables is not None:
        # A paper whose memorandum runs long is laid out again with its tables.
        for index in long_papers:
            doc = add_tables(packet.documents[index])
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
    before = [r for d, r in zip(packet.documents, rendered, strict=True) if d.rank < EXHIBITS_RANK]
    after = [r for d, r in zip(packet.documents, rendered, strict=True) if d.rank >= EXHIBITS_RANK]
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
@CONFIG_OPTION
@_common
def explain(case_file: Path, clauses_dir: Path | None, config_file: Path | None) -> None:
    """Show the documents a case gets and every clause included or left out, with the reason.

    \b
    Example:
      assembler explain my-cases/01-lpr-petty-theft-spanish.json
    """
    config = _config(config_file, case_file.parent)
    case = _load_for_build(case_file, draft=True)
    engine = _assembler(clauses_dir or config.clauses, config.authorities)
    plan = engine.plan(case)
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
@_common
def clauses() -> None:
    """Browse the clause library.

    \b
    Example:
      assembler clauses list
      assembler clauses show memo.prejudice
    """


@clauses.command("list", context_settings=CONTEXT)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def clauses_list(clauses_dir: Path | None, config_file: Path | None) -> None:
    """List every clause by document, in order, with its condition.

    \b
    Example:
      assembler clauses list --clauses firm-clauses/
    """
    library = _assembler(clauses_dir or _config(config_file, Path.cwd()).clauses).library
    for doc in sorted(library.documents.values(), key=lambda d: (d.order, d.id)):
        click.echo(f"{doc.id} ({doc.slug})")
        for clause in library.clauses_for(doc.id):
            flag = "" if clause.verified else "  [verify]"
            click.echo(f"  {clause.order:>4} {clause.id:<32} when {clause.when}{flag}")


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
    click.echo(f"# {clause.path}")
    click.echo(clause.path.read_text(encoding="utf-8"), nl=False)


def _write(path: Path, content: str | bytes, force: bool) -> None:
    from assembler.files import write_atomic

    if not path.parent.is_dir():
        raise click.UsageError(f"folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        write_atomic(path, data, overwrite=force)
    except OSError as exc:
        raise _Unreadable(f"cannot write {path}: {exc.strerror}") from None


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


if __name__ == "__main__":  # pragma: no cover
    main()
