"""Problems found in a case file, and the one exception hierarchy of the package."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import ClassVar

__all__ = [
    "AssemblerError",
    "CaseFileUnreadable",
    "ExitCode",
    "Problem",
    "Severity",
    "format_path",
    "path_sort_key",
    "printable_key",
    "sort_problems",
]


class Severity(StrEnum):
    """How bad a problem is: an error blocks the packet, a warning only informs."""

    ERROR = "error"
    WARNING = "warning"


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
        severity: error (blocks the packet) or warning (the attorney should look).
        reason: why the law needs the fact, with its authority, when there is one.
        code: a stable identifier of the rule, for tools and tests.
    """

    path: str
    message: str
    severity: Severity = Severity.ERROR
    reason: str | None = None
    code: str = "schema"

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
    """Problems sorted by JSON path, errors before warnings at the same path, without repeats."""
    unique = dict.fromkeys(problems)
    return sorted(
        unique,
        key=lambda p: (path_sort_key(p.path), p.severity != Severity.ERROR, p.code, p.message),
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
