"""The command line: click commands over the library; the only module that prints or exits."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
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
REPORT_LIMIT = 200  # problems listed in a report; the rest are counted (--json lists all)

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
        except BrokenPipeError:  # `assembler ... | head`: the reader left; nothing to tell it
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(int(ExitCode.OK))
        except OSError as exc:  # a folder that cannot be made or written, a full disk, ...
            where = f" {exc.filename}" if exc.filename else ""
            reason = exc.strerror or type(exc).__name__
            click.echo(f"Error: cannot use{where}: {reason}", err=True)
            ctx.exit(int(ExitCode.USAGE))
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
    from assembler.rules import check_file  # imported here: `assembler -h` stays instant

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
    for problem in problems[:REPORT_LIMIT]:
        label = Console.style(
            f"{problem.severity.value:<8}",
            fg="red" if problem.severity is Severity.ERROR else "yellow",
        )
        lines.append(f"  {label} {problem.path}: {problem.message}")
        if problem.reason:
            lines.append(f"           why: {problem.reason}")
    if len(problems) > REPORT_LIMIT:
        more = len(problems) - REPORT_LIMIT
        lines.append(f"  ... and {more} more ({'validate --json'} lists every one)")
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
    from assembler.rules import RULES

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


def _refusal(case_file: Path, problems: Sequence[Problem]) -> None:
    out = _console()
    out.error(_format_report(str(case_file), problems))
    out.error("Not built: fix the errors above, or build with --draft to mark the gaps.")


def _load_for_build(path: Path, draft: bool) -> Any:
    """The case to build; an invalid case is refused (exit 1) unless drafting."""
    from assembler.build import CaseInvalid, load_for_build

    try:
        return load_for_build(path, draft)[0]
    except CaseInvalid as exc:
        _refusal(path, exc.problems)
        sys.exit(EXIT_INVALID)


def _case_files(arguments: Sequence[Path]) -> list[Path]:
    """Case files named, and the ``*.json`` files directly inside folders named, in order."""
    files: list[Path] = []
    for argument in arguments:
        found = sorted(argument.glob("*.json")) if argument.is_dir() else [argument]
        if argument.is_dir() and not found:
            raise click.UsageError(f"{argument}: no case files (*.json) in this folder")
        files += [f for f in found if f not in files]
    return files


@main.command(context_settings=CONTEXT)
@click.argument("case_files", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: the number of cores): cases built at once, or one case's "
    "papers rendered at once.",
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
    "--final",
    is_flag=True,
    help="Write the papers only if every authority and clause they use is verified; "
    "otherwise write nothing and list, per paper, what remains (exit 1).",
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
    case_files: tuple[Path, ...],
    outdir: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    draft: bool,
    final: bool,
    watermark: str | None,
    pdf_variant: str | None,
    tables: bool,
    force: bool,
    templates_dir: Path | None,
    authorities: Path | None,
    clauses_dir: Path | None,
    config_file: Path | None,
) -> None:
    """Assemble the filing packet of each case: one file per document, in filing order.

    The papers go into OUTPUT/<case file name>/, which records the case it belongs to: a build
    never replaces another case's papers, and replaces this case's earlier papers only with
    --force. Without --draft an invalid case is refused with the same report as `validate`
    (exit 1).

    Several case files (or folders of them) build in parallel (--jobs): a bad case is reported
    and skipped, the others are built, and a table sums up. The exit status is the worst case's.

    \b
    Example:
      assembler build my-cases/01-lpr-petty-theft-spanish.json -o out
      assembler build cases/garcia.json -o out --draft --force
      assembler build clinic-cases/ -o out --jobs 2
    """
    from assembler.build import BuildOptions
    from assembler.config import FORMATS, parse_formats
    from assembler.output import case_folders

    files = _case_files(case_files)
    config = _config(config_file, files[0].parent)
    outdir = outdir or config.output
    if outdir is None:
        raise click.UsageError("no output folder: give -o FOLDER (or `output` in assembler.toml)")
    if draft and final:
        raise click.UsageError("--draft and --final exclude each other")
    options = BuildOptions(
        formats=parse_formats(formats) if formats else config.formats or FORMATS,
        draft=draft,
        final=final,
        sample=watermark == "sample",
        pdf_variant=pdf_variant,
        tables=tables,
        force=force,
        templates_dir=templates_dir or config.templates,
        clauses_dir=clauses_dir or config.clauses,
        authorities=authorities or config.authorities,
    )
    case_folders(outdir, files)  # two files that would share a folder: refused before any work
    jobs = jobs or os.cpu_count() or 1
    if len(files) == 1:  # one case: its papers render in parallel
        _build_single(files[0], outdir, replace(options, jobs=jobs))
    else:  # several: the cases build in parallel, each case's papers one after another
        sys.exit(_build_batch(files, outdir, options, jobs))


def _build_single(case_file: Path, outdir: Path, options: Any) -> None:
    from assembler.build import CaseInvalid, UnprintableText, build_case
    from assembler.verification import Unverified

    out = _console()
    try:
        result = build_case(case_file, outdir, options)
    except Unverified as exc:
        out.error(f"{case_file}: not built: --final, and these remain to verify:")
        _list_to_verify(exc.per_paper, out.error)
        out.error("Verify them (a firm records its verifications in its authorities file), or")
        out.error("build without --final: the papers then say DRAFT: FOR ATTORNEY REVIEW.")
        sys.exit(EXIT_INVALID)
    except CaseInvalid as exc:
        _refusal(case_file, exc.problems)
        sys.exit(EXIT_INVALID)
    except UnprintableText as exc:
        count = _plural(len(exc.uncovered), "character")
        out.error(f"{case_file}: {count} no available font can print:")
        for item in exc.uncovered:
            out.error(f"  error    {item.path}: {item.described}")
        out.error(
            "Not built: replace or remove each character, or install a font that has it "
            "(`assembler doctor` lists which scripts the installed fonts cover)."
        )
        sys.exit(EXIT_INVALID)
    stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    out.detail(f"built {_plural(result.papers, 'paper')} of {case_file}: {stages}")
    for path in result.written:
        out.info(f"wrote {path}")
    for path in result.removed:
        out.info(f"removed {path} (from an earlier build; no longer part of the packet)")
    _after_build(result)


def _list_to_verify(per_paper: dict[str, list[str]], say: Callable[[str], None]) -> None:
    for paper, items in per_paper.items():
        say(f"  {paper}:")
        for item in items:
            say(f"    {item}")


def _after_build(result: Any) -> None:
    out = _console()
    if result.to_verify:
        if result.pro_per:
            out.warn("before filing, ask the court's self-help center (or a lawyer) to check:")
        else:
            out.warn(
                "verify before filing (every page says DRAFT: FOR ATTORNEY REVIEW until then):"
            )
        _list_to_verify(result.to_verify, out.warn)
    for message in result.logged:
        out.warn(message)
    for path in result.missing:
        out.warn(f"missing: {path}")
    if result.missing:
        out.warn(f"draft: {_plural(len(result.missing), 'missing fact')} marked [MISSING: ...]")


def _build_batch(files: list[Path], outdir: Path, options: Any, jobs: int) -> int:
    """Build every case, ``jobs`` at a time; report each, then a table. Returns the exit code."""
    from concurrent.futures import ProcessPoolExecutor

    from assembler.build import Outcome, build_one

    out = _console()
    outcomes: list[Outcome] = []
    width = max(len(f.stem) for f in files)

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        line = f"[{len(outcomes)}/{len(files)}] {outcome.case_file.stem:<{width}}  {outcome.status}"
        if outcome.result is not None:
            line += f" ({outcome.result.papers} papers, {outcome.seconds:.1f} s)"
        if bar is None:
            out.info(line)
        if outcome.problems:
            out.error(_format_report(str(outcome.case_file), outcome.problems))
        elif outcome.message:
            out.error(f"{outcome.case_file}: {outcome.message}")

    interactive = sys.stderr.isatty() and not out.quiet
    bar = (
        click.progressbar(length=len(files), label="building", file=sys.stderr)
        if interactive
        else None
    )
    if bar is not None:
        bar.__enter__()
    try:
        if jobs == 1:
            for case_file in files:
                report(build_one(case_file, outdir, options))
                if bar is not None:
                    bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
                futures = [pool.submit(build_one, f, outdir, options) for f in files]
                for future in futures:
                    report(future.result())
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    order = {f: i for i, f in enumerate(files)}
    outcomes.sort(key=lambda o: order[o.case_file])
    out.result(_summary(outcomes, width))
    for outcome in outcomes:
        if outcome.result is not None and outcome.result.verify and out.verbose:
            _after_build(outcome.result)
    return int(max((o.exit_code for o in outcomes), default=EXIT_VALID))


def _summary(outcomes: Sequence[Any], width: int) -> str:
    """One table: case, papers, pages, warnings, time, status."""
    head = f"{'case':<{width}}  papers  pages  warnings   time  status"
    lines = [head, "-" * len(head)]
    for o in outcomes:
        r = o.result
        papers, pages, warnings = (r.papers, r.pages or "-", r.warnings) if r else ("-", "-", "-")
        lines.append(
            f"{o.case_file.stem:<{width}}  {papers:>6}  {pages:>5}  {warnings:>8}  "
            f"{o.seconds:>4.1f} s  {o.status}"
        )
    built = sum(o.result is not None for o in outcomes)
    lines.append(f"{built} of {_plural(len(outcomes), 'case')} built")
    return "\n".join(lines)


@main.command(context_settings=CONTEXT)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option(
    "--tree",
    is_flag=True,
    help="Also print each paper's document tree (pseudo-XML), as assembled before layout.",
)
@CLAUSES_OPTION
@CONFIG_OPTION
@_common
def explain(
    case_file: Path, tree: bool, clauses_dir: Path | None, config_file: Path | None
) -> None:
    """Show the documents a case gets and every clause included or left out, with the reason.

    With --tree, each paper's assembled tree follows: every block with the clause it came from,
    every citation with its registry id and status, every missing fact.

    \b
    Example:
      assembler explain my-cases/01-lpr-petty-theft-spanish.json
      assembler explain my-cases/01-lpr-petty-theft-spanish.json --tree
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
    if tree:
        from assembler.writers.tree import render_tree

        for document in engine.assemble(case, draft=True).documents:
            click.echo("")
            click.echo(render_tree(document), nl=False)


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
    U unsettled. Anything but V is listed to verify before filing. A firm records its own
    verifications in its authorities file (`authorities` in assembler.toml):

    \b
      [pickering]
      status = "V"
      verified_by = "A. Attorney"
      verified_on = "2026-11-30"
      source = "23 I&N Dec. 621 (BIA 2003), read in full"

    \b
    Example:
      assembler authorities --unverified
    """
    from assembler.authorities import load_registry, with_firm

    extra = authorities or _config(config_file, Path.cwd()).authorities
    registry = with_firm(load_registry(), extra)
    for key, authority in sorted(registry.authorities.items()):
        if unverified and authority.verified:
            continue
        who = ", ".join(
            part
            for part in (authority.verified_by, authority.verified_on, authority.source)
            if part
        )
        click.echo(f"{authority.status:<3} {key:<24} {authority.full}")
        if who:
            click.echo(f"    verified: {who}")
        if authority.note and not authority.verified:
            click.echo(f"    to verify: {authority.note}")


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


@clauses.command("check", context_settings=CONTEXT)
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--authorities",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A firm's authorities file, for clauses that cite the firm's own entries.",
)
@_common
def clauses_check(folder: Path | None, authorities: Path | None) -> None:
    """Lint a clause folder before using it with --clauses: unknown facts, broken conditions,
    citations missing from the registry, and spaces a printed value would lose.

    Exits 0 when FOLDER's clauses (default: the bundled library) are clean, 1 with each
    problem's file and line otherwise, 2 when FOLDER holds no clause or a clause cannot be read.

    \b
    Example:
      assembler clauses check firm-clauses/
      assembler clauses check firm-clauses/ --authorities firm-authorities.toml
    """
    from assembler.lint import lint_library

    if folder is not None and not any(folder.rglob("*.md")):
        raise click.UsageError(f"{folder}: no clause files (*.md) here")
    engine = _assembler(folder, authorities)
    problems = lint_library(engine.library, engine.registry, engine.env)
    if folder is not None:
        mine = str(folder.resolve())
        problems = [
            p for p in problems if str(Path(p.where.split(":", 1)[0]).resolve()).startswith(mine)
        ]
    for problem in problems:
        click.echo(str(problem))
    where = str(folder) if folder is not None else "the bundled clauses"
    if problems:
        click.echo(f"{_plural(len(problems), 'problem')} in {where}")
        sys.exit(EXIT_INVALID)
    click.echo(f"{where}: no problems")


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
