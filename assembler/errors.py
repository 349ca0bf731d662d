"""Problems found in a case file, and the one exception hierarchy of the package."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from assembler.fonts import Uncovered

__all__ = [
    "AssemblerError",
    "BuildError",
    "CannotWrite",
    "CaseFileUnreadable",
    "CaseInvalid",
    "ClauseRefused",
    "ConfigError",
    "DocxError",
    "ExitCode",
    "LibraryError",
    "MarkupError",
    "MissingFactError",
    "OutputConflict",
    "OutputExists",
    "PdfError",
    "Problem",
    "RegistryError",
    "ReviewError",
    "SampleNotFound",
    "Severity",
    "UnknownName",
    "UnprintableText",
    "Unverified",
    "format_path",
    "os_error_reason",
    "os_error_text",
    "path_sort_key",
    "printable_key",
    "sort_problems",
]


class Severity(StrEnum):
    """How bad a problem is: an error blocks the packet, a warning only informs, a question is a
    fact marked "Don't know yet: ask the attorney" (the papers print it as ``[ASK: …]``; a final
    build refuses it like an error)."""

    ERROR = "error"
    WARNING = "warning"
    QUESTION = "question"


PathPart = str | int


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable_key(key: str, limit: int = 60) -> str:
    """A key from a case file, safe to print: control characters, terminal escapes, direction
    marks and broken characters shown as ``\\uXXXX``, and cut to ``limit`` characters (a key can
    be megabytes long)."""
    if len(key) <= limit and key.isascii() and key.isprintable():
        return key
    shown = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", key[: limit + 1])
    if len(key) > limit:
        shown = shown[: max(limit, 1)] + "…"
    return shown


def format_path(parts: Sequence[PathPart]) -> str:
    """Render a JSON location as ``a.b[0].c`` (the empty location is ``$``); keys are shown
    safely (see ``printable_key``)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = printable_key(part) if part else '""'
            out += f".{key}" if out else key
    return out or "$"


_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")
_PARTS = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text: str) -> list[PathPart] | None:
    """The parts of a path as :func:`format_path` writes it (``a.b[0].c``), or None when
    ``text`` is not one (it would not be written back the same)."""
    parts: list[PathPart] = [int(index) if index else name for index, name in _PARTS.findall(text)]
    return parts if parts and format_path(parts) == text else None


def path_sort_key(path: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for a dotted path: list indices compare as numbers (``[2]`` before ``[10]``)."""
    if path == "$":
        return ()
    key: list[tuple[int, int | str]] = []
    for index, name in _TOKEN.findall(path):
        key.append((0, int(index)) if index else (1, name))
    return tuple(key)


@dataclass(frozen=True, slots=True)
class Problem:
    """One missing or inconsistent fact.

    Attributes:
        path: JSON path of the fact to fill or fix, e.g. ``criminal_case.counts[0].section``.
        message: what is wrong, in words a paralegal understands; never echoes client data.
        severity: error (blocks the packet), warning (the attorney should look) or question (a
            fact marked to ask the attorney: blocks only a final build).
        reason: why the law needs the fact, with its authority, when there is one.
        code: a stable identifier of the rule, for tools and tests.
        blocks_final: a warning that ``build --final`` (and ``validate --final``) counts as an
            error: a decision the papers turn on that may stay open while drafting only.
    """

    path: str
    message: str
    severity: Severity = Severity.ERROR
    reason: str | None = None
    code: str = "schema"
    blocks_final: bool = False

    def for_final(self) -> Problem:
        """This problem as a final build sees it: a question for the attorney, or a warning that
        blocks it, is an error."""
        if self.severity is Severity.QUESTION or (
            self.blocks_final and self.severity is Severity.WARNING
        ):
            return replace(self, severity=Severity.ERROR)
        return self

    def as_dict(self) -> dict[str, str | None]:
        """The JSON form printed by ``validate --json``."""
        return {
            "path": self.path,
            "severity": self.severity.value,
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by JSON path, errors before questions before warnings at the same path,
    without repeats."""
    unique = dict.fromkeys(problems)
    rank = {Severity.ERROR: 0, Severity.QUESTION: 1, Severity.WARNING: 2}
    return sorted(
        unique,
        key=lambda p: (path_sort_key(p.path), rank[p.severity], p.code, p.message),
    )


class ExitCode(IntEnum):
    """The command line's exit statuses (documented in the README and `assembler --help`)."""

    OK = 0
    INVALID = 1
    """The case is invalid: facts missing or inconsistent, or text no font can print."""
    USAGE = 2
    """A usage error, or input that cannot be read (a file, a config, a firm's clauses)."""
    INTERNAL = 3
    """A bug: one short line and "please report"; the traceback with --debug."""


class AssemblerError(Exception):
    """Base of every error the package raises on purpose (the CLI turns these into messages).

    ``exit_code`` says what the error means to the command line: by default the input could not
    be used (exit 2); errors that mean the case itself is at fault say so (exit 1).
    """

    exit_code: ClassVar[ExitCode] = ExitCode.USAGE


class CaseFileUnreadable(AssemblerError):
    """The case file could not be read or is not JSON: a usage error (exit 2), not a fact problem."""

    def __init__(self, filename: str, detail: str) -> None:
        super().__init__(f"{filename}: {detail}")
        self.filename = filename
        self.detail = detail


class DocxError(AssemblerError):
    """A shell that cannot be used (missing, or without a style or tag the writer needs)."""


class PdfError(AssemblerError):
    """The PDF could not be made faithfully (missing glyph, blocked resource)."""

    exit_code = ExitCode.INVALID


class MissingFactError(AssemblerError):
    """A clause printed a fact the case does not have."""

    exit_code = ExitCode.INVALID

    def __init__(self, path: str) -> None:
        super().__init__(f"missing fact: {path}")
        self.path = path


class ConfigError(AssemblerError):
    """The config file cannot be read or holds a key or value it should not (a usage error)."""


class OutputConflict(AssemblerError):
    """The output folder holds another case's papers, or papers a build would replace unasked."""


class ReviewError(AssemblerError):
    """A review record or a sign-off that cannot be used (``assembler review``; exit 2)."""


class Unverified(AssemblerError):
    """``build --final`` with authorities or clauses still to verify: nothing is written."""

    exit_code = ExitCode.INVALID

    def __init__(self, per_paper: dict[str, list[str]]) -> None:
        count = sum(len(items) for items in per_paper.values())
        super().__init__(f"not built: {count} item(s) to verify before the papers are final")
        self.per_paper = per_paper


class RegistryError(AssemblerError):
    """The authorities file is malformed."""


class LibraryError(AssemblerError):
    """A clause or document file is malformed; the message names the file and line."""


class ClauseRefused(AssemblerError):
    """A clause asked for something the clause sandbox refuses: a filter given a kind of value it
    cannot use ("days needs a number"), or more text, items or digits than a clause may build.
    The message speaks of the clause, never of the case's values, so it is printed as it is."""


class UnknownName(ClauseRefused):
    """A name, attribute or key a clause uses does not exist. The name is kept apart from the
    message (``name``): a key can be a value of the case, so it is printed only where the clause
    spells it (:func:`assembler.templating.describe_failure`)."""

    def __init__(self, name: str) -> None:
        super().__init__("unknown name in clause")
        self.name = name


class OutputExists(AssemblerError):
    """The target exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; refusing to overwrite it")
        self.path = path


class UnprintableText(AssemblerError):
    """The case holds characters no available font can print in the PDF."""

    exit_code = ExitCode.INVALID

    def __init__(self, case_file: Path, uncovered: list[Uncovered]) -> None:
        super().__init__(f"{case_file}: {len(uncovered)} character(s) no available font can print")
        self.case_file = case_file
        self.uncovered = uncovered


class CaseInvalid(AssemblerError):
    """The case has errors (and the build is not a draft): the validate report says which."""

    exit_code = ExitCode.INVALID

    def __init__(self, case_file: Path, problems: list[Problem]) -> None:
        errors = sum(p.severity is Severity.ERROR for p in problems)
        super().__init__(f"{case_file}: invalid: {errors} error(s)")
        self.case_file = case_file
        self.problems = problems


class SampleNotFound(AssemblerError):
    """No bundled sample has that number or name."""


class BuildError(AssemblerError):
    """A clause could not be rendered for this case (the message names the clause file)."""

    exit_code = ExitCode.INVALID


class MarkupError(AssemblerError):
    """A line that looks like markup but is not valid (e.g. an unknown signature kind); the
    assembler reports it as a broken clause (LibraryError) naming the file and line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class CannotWrite(AssemblerError):
    """A file or folder of the build could not be written (a full disk, a file-size limit, a
    folder without write permission): a usage error (exit 2) naming the path and the system's
    reason, never what was being written."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __reduce__(self) -> tuple[type[CannotWrite], tuple[Path, str]]:
        # rebuilt from its fields when it crosses back from a worker process
        return (type(self), (self.path, self.reason))

    @classmethod
    def from_os_error(cls, path: Path | str, exc: OSError) -> CannotWrite:
        """The error for ``exc``, raised while writing ``path`` (its strerror, not its text)."""
        return cls(path, os_error_reason(exc))


def os_error_reason(exc: OSError) -> str:
    """Why the system refused, in its words ("No space left on device"), or the error's type."""
    return exc.strerror or type(exc).__name__


def os_error_text(exc: OSError) -> str:
    """One line for an OSError no step turned into an error of its own: the file it names (a
    path the user gave, or one under it) and the reason, e.g. "cannot use out/a: Permission
    denied"."""
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot use{where}: {os_error_reason(exc)}"
