"""The command line: the group, its options and error mapping, and the case-file commands
(validate, schema, new, rules, doctor, samples); the build, library and edit commands are in
cli_build.py, cli_library.py and cli_edit.py. These four are the only modules that print or exit."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from assembler import __version__
from assembler.errors import (
    AssemblerError,
    CaseFileUnreadable,
    ExitCode,
    Problem,
    Severity,
    os_error_text,
)

if TYPE_CHECKING:  # `validate` never imports Jinja or the writers: these are for types only
    from assembler.assembly import Assembler
    from assembler.case import Case
    from assembler.config import Config

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
            click.echo(f"Error: {os_error_text(exc)}", err=True)
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
@click.option(
    "--final",
    is_flag=True,
    help="Check as `build --final` does: a decision left open while drafting is an error.",
)
@_common
def validate(case_files: tuple[Path, ...], as_json: bool, final: bool) -> None:
    """Check case files: every missing or inconsistent fact, where it goes, and why.

    The report is the result, on stdout. Exit status: 0 valid (warnings allowed), 1 facts
    missing or inconsistent, 2 a file cannot be read or is not JSON. A warning that ends
    "a --final build refuses the case until this is done" is an error with --final.

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
            problems = check_file(path, final=final)
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


_COLOURS = {Severity.ERROR: "red", Severity.QUESTION: "cyan", Severity.WARNING: "yellow"}


def _format_report(name: str, problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    questions = sum(p.severity is Severity.QUESTION for p in problems)
    warnings = len(problems) - errors - questions
    others = [f"{_plural(questions, 'question')} for the attorney"] if questions else []
    others += [_plural(warnings, "warning")] if warnings else []
    if errors:
        head = f"{name}: invalid: {_plural(errors, 'error')}"
        head += f", {', '.join(others)}" if others else ""
    else:
        head = f"{name}: valid" + (f" ({', '.join(others)})" if others else "")
    lines = [head]
    for problem in problems[:REPORT_LIMIT]:
        label = Console.style(f"{problem.severity.value:<8}", fg=_COLOURS[problem.severity])
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
    from assembler.schema import schema_text as text

    return text()


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
    if path.exists():
        raise click.UsageError(f"{path} already exists; refusing to overwrite it")
    write_starter(path)
    out = _console()
    out.info(f"wrote {path}: fill in every 'FILL IN' and 'YYYY-MM-DD', then run")
    out.info(f"  assembler validate {path}")


def write_starter(path: Path) -> None:
    """Write the starter case file at ``path`` (its folders made; an existing file is kept),
    readable by its owner alone: it is about to hold a client's case."""
    from assembler.starter import starter_case

    _make_folder(path.parent)
    text = json.dumps(starter_case(_schema_ref(path)), indent=2, ensure_ascii=False) + "\n"
    _write(path, text, force=False, mode=0o600)


FIRM_FACTS = ("filing_counsel", "self_represented", "service", "court")
"""What a firm's new-case file may give: the firm's own facts, never a client's."""


def write_empty_case(path: Path, firm_facts: Path | None = None) -> None:
    """Write a new, empty case file at ``path`` (its folders made; an existing file is kept),
    readable by its owner alone: no fact of the client given, no placeholder to delete
    (``assembler edit``). With ``firm_facts`` (``new_case`` in assembler.toml), the case starts
    from the firm's own facts: who files, how and by whom it serves, its court.

    Raises:
        CaseFileUnreadable: the firm's file cannot be read, or gives more than the firm's facts.
    """
    from assembler.case import SCHEMA_VERSION

    case: dict[str, Any] = {"$schema": _schema_ref(path), "schema_version": SCHEMA_VERSION}
    if firm_facts is not None:
        case |= _firm_facts(firm_facts)
    _make_folder(path.parent)
    _write(path, json.dumps(case, indent=2, ensure_ascii=False) + "\n", force=False, mode=0o600)


def _firm_facts(path: Path) -> dict[str, Any]:
    """A firm's new-case facts, checked: a JSON object of the firm's own parts only, each as
    ``validate`` reads it (a part with a wrong field is refused here, naming it)."""
    from assembler.errors import Severity
    from assembler.loading import load_case

    loaded = load_case(path)  # not JSON, too large, a pipe: refused, naming the file
    data = json.loads(path.read_text(encoding="utf-8"))
    other = sorted(set(data) - {*FIRM_FACTS, "$schema", "schema_version"})
    if other:
        raise _Unreadable(
            f"{path}: a new-case file gives only the firm's own facts "
            f"({', '.join(FIRM_FACTS)}); {', '.join(other)} {'belongs' if len(other) == 1 else 'belong'} to each client's case"
        )
    typed = [
        p
        for p in loaded.problems
        if p.severity is Severity.ERROR
        and p.path.split(".")[0].split("[")[0] in data
        and p.code.startswith("schema")
    ]
    if typed:
        raise _Unreadable(f"{path}: {typed[0].path}: {typed[0].message}")
    return {key: data[key] for key in FIRM_FACTS if key in data}


def _schema_ref(path: Path) -> str:
    """The ``$schema`` reference the case file at ``path`` carries, for editors: the installed
    schema's absolute ``file://`` URI, the same wherever the case file is.

    A path relative to the case broke as soon as the file moved. VS Code's JSON support reads a
    ``file://`` schema from disk (no download, so offline too). ``validate``, ``build`` and the
    form ignore ``$schema``, so a file moved to a machine without the tool only loses the
    editor's completion.
    """
    del path  # the same reference for every case file: it no longer depends on where it is
    return SCHEMA_FILE.resolve().as_uri()


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


def _config(config_file: Path | None, start: Path) -> Config:
    """The settings: ``--config FILE``, else the nearest assembler.toml in ``start`` or above."""
    from assembler.config import find_config, load_config

    path = config_file if config_file is not None else find_config(start)
    config = load_config(path)
    if config.source is not None:
        _console().detail(f"settings from {config.source}")
    return config


def _assembler(clauses_dir: Path | None, authorities: Path | None = None) -> Assembler:
    from assembler.assembly import Assembler

    return Assembler.create(clauses_dir, authorities)


def _refusal(case_file: Path, problems: Sequence[Problem]) -> None:
    out = _console()
    out.error(_format_report(str(case_file), problems))
    out.error("Not built: fix the errors above, or build with --draft to mark the gaps.")


def _load_for_build(path: Path, draft: bool) -> Case:
    """The case to build; an invalid case is refused (exit 1) unless drafting."""
    from assembler.build import CaseInvalid, load_for_build

    try:
        return load_for_build(path, draft)[0]
    except CaseInvalid as exc:
        _refusal(path, exc.problems)
        sys.exit(EXIT_INVALID)


def _write(path: Path, content: str | bytes, force: bool, mode: int | None = None) -> None:
    from assembler.files import write_atomic

    if not path.parent.is_dir():
        raise click.UsageError(f"folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        write_atomic(path, data, overwrite=force, mode=mode)
    except OSError as exc:
        raise _Unreadable(f"cannot write {path}: {exc.strerror}") from None


def run() -> None:
    """The `assembler` command (and ``python -m assembler``): ``main``, then a quick exit.

    Once a command has finished, every file it wrote is complete (atomic writes, each synced),
    and what it printed is flushed here; the interpreter's teardown that would follow (freeing
    the layout engine's objects one by one, a third of a second after a build) does nothing a
    user needs, so the process ends without it; only WeasyPrint's temporary font folders, which
    that teardown would remove, are removed first. Tests call ``main`` through Click's runner and
    are not affected.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    if "assembler.writers.weasy" in sys.modules:  # the quick exit skips WeasyPrint's clean-up
        from assembler.writers.weasy import remove_temporary_folders

        remove_temporary_folders()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `assembler ... | head`: the reader left
        pass
    os._exit(code)


# The other commands register themselves on `main` when their modules are imported.
from assembler import cli_build, cli_edit, cli_library, cli_review  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
