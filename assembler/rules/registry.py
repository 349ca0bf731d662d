"""The rule registry and the helpers rules share: paths, problems, dates, model walking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from assembler.case import Case
from assembler.errors import PathPart, Problem, Severity, format_path
from assembler.law import CURRENT

DILIGENCE_WARNING_DAYS = 365
"""A drafting heuristic, not a legal line: (b)(2) asks for "reasonable diligence"."""

PLACEHOLDER = "FILL IN"

VIVAR = "People v. Vivar (2021) 11 Cal.5th 510"
ESPINOZA = "People v. Espinoza (2023) 14 Cal.5th 311"
E1 = (
    f"Pen. Code {CURRENT.cite('grant')} requires a showing that the conviction causes or may cause removal "
    "or denial of a benefit"
)
G_NOTICE = (
    f"Pen. Code {CURRENT.cite('notice_to_counsel')}: a specific finding of ineffective assistance requires timely advance "
    "notice of the hearing to the attorney found ineffective"
)
ENGLISH = {"english", "inglés", "ingles"}


@dataclass(frozen=True)
class Context:
    """What the rules see besides the case."""

    case: Case
    base_dir: Path | None = None
    """Folder of the case file; exhibit files are relative to it. None skips file checks."""


Rule = Callable[[Context], Iterator[Problem]]
RULES: list[tuple[str, str, Rule]] = []


def rule(code: str, summary: str) -> Callable[[Rule], Rule]:
    """Register a rule under a stable code with a one-line summary (listed by the CLI)."""

    def register(fn: Rule) -> Rule:
        RULES.append((code, summary, fn))
        return fn

    return register


def at(*parts: PathPart) -> str:
    """A JSON path from its parts: ``at("counts", 0, "number")`` is ``counts[0].number``."""
    return format_path(parts)


def error(path: str, message: str, reason: str | None, code: str) -> Problem:
    """An error: the packet cannot be built until it is fixed."""
    return Problem(path, message, Severity.ERROR, reason, code)


def warning(path: str, message: str, reason: str | None, code: str) -> Problem:
    """A warning: the attorney should look, the packet can still be built."""
    return Problem(path, message, Severity.WARNING, reason, code)


FINAL_NOTE = " (a --final build refuses the case until this is done)"


def final_error(path: str, message: str, reason: str | None, code: str) -> Problem:
    """A warning while drafting, an error for a ``--final`` build: a decision the papers turn
    on, which the attorney may leave open in a draft but must make before filing."""
    return Problem(path, message + FINAL_NOTE, Severity.WARNING, reason, code, blocks_final=True)


def filing_date(case: Case) -> dt.date | None:
    """The planned filing date, or the service date when none is given."""
    if case.filing_date is not None:
        return case.filing_date
    return case.service.date if case.service else None


def reads_english(language: str | None) -> bool:
    """Whether a language named in the case is English (no language named counts as English)."""
    return language is None or language.strip().lower() in ENGLISH


def walk_models(
    model: BaseModel, loc: tuple[PathPart, ...] = ()
) -> Iterator[tuple[BaseModel, tuple[PathPart, ...]]]:
    """Every model object in the case with its JSON location, parents first."""
    yield model, loc
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            yield from walk_models(value, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk_models(item, (*loc, key, index))
