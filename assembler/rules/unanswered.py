"""Facts marked in the case file's ``unanswered`` object: their keys, and what they do to the
other problems (see :mod:`assembler.casefile.unanswered`).

- A key must be the path of a fact of the case, as ``validate`` prints it; a list item must
  exist. Anything else is an error naming the key and the fix.
- "ask": the fact's own errors and warnings become one question for the attorney
  (:attr:`~assembler.errors.Severity.QUESTION`), which a ``--final`` check counts as an error.
- "not_applicable": a warning about the fact is silenced; an error stays an error (the law or
  the papers need the fact), saying so.
- A fact marked and answered as well is an error: one of the two has to go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from assembler.case import Case, Unanswered, UnansweredState
from assembler.casefile.unanswered import question
from assembler.errors import Problem, Severity, format_path, parse_path, printable_key
from assembler.rules.registry import Context, error, rule
from assembler.typeinfo import element, is_list, model_in

__all__ = ["apply_unanswered", "asked", "fact_at", "path_problem"]

_ABSENT = object()
WHY = "the case file's 'unanswered' object names facts of this case by their path"


@rule("unanswered.path", "each fact marked unanswered is a fact of the case, by its path")
def _paths(ctx: Context) -> Iterator[Problem]:
    for key, mark in ctx.case.unanswered.items():
        shown = printable_key(key)
        problem = path_problem(ctx.case, key)
        if problem:
            yield error("unanswered", f'"{shown}": {problem}', WHY, "unanswered.path")
        elif mark.state is None:
            yield error(
                "unanswered",
                f'"{shown}" says neither "ask" nor "not_applicable": give its "state"',
                WHY,
                "unanswered.state",
            )


def path_problem(case: Case, key: str) -> str | None:
    """What is wrong with ``key`` as the path of a fact of ``case`` (None: nothing)."""
    parts = parse_path(key)
    if parts is None or isinstance(parts[0], int):
        return (
            "is not the path of a fact: write it as validate prints it, "
            "e.g. moving_party.date_of_birth or criminal_case.counts[0].plea_or_verdict_date"
        )
    model: type[BaseModel] | None = Case
    annotation: Any = None
    value: object = case
    walked: list[str | int] = []
    for part in parts:
        if isinstance(part, int):
            if annotation is None or not is_list(annotation):
                return f"{format_path(walked)} is not a list: remove [{part}]"
            items = value if isinstance(value, list) else []
            if part >= len(items):
                return (
                    f"{format_path(walked)} has no item [{part}] (items are counted from 0): "
                    "correct the number or remove the entry"
                )
            value = items[part]
            annotation = element(annotation)
            model = model_in(annotation)
        else:
            if model is None:
                return f"{format_path(walked)} is one fact, with no part {printable_key(part)}"
            fields = {
                (info.alias or name): (name, info) for name, info in model.model_fields.items()
            }
            if part not in fields or part in {"unanswered", "$schema", "schema_version"}:
                close = difflib.get_close_matches(part, list(fields), n=1, cutoff=0.6)
                hint = (
                    f'did you mean "{format_path([*walked, close[0]])}"?'
                    if close
                    else ("use the path validate prints for the fact")
                )
                where = format_path(walked) if walked else "the case"
                return f"{where} has no fact {printable_key(part)}: {hint}"
            name, info = fields[part]
            value = getattr(value, name, None) if isinstance(value, BaseModel) else None
            annotation = info.annotation
            model = model_in(annotation)
        walked.append(part)
    generic = re.sub(r"\[\d+\]", "[]", key)
    if generic in NAMES_ITS_ITEM:
        return NAMES_ITS_ITEM[generic]
    return None


NAMES_ITS_ITEM = {
    "criminal_case.counts[].number": "a count's number names the conviction wherever the papers "
    "speak of it (the notice, the memorandum, the order), so it cannot wait for the attorney: "
    "give the number the complaint or the docket uses (a one-count complaint's count is 1)",
    "exhibits[].label": "an exhibit's letter is how every paper cites it: give it a letter",
}
"""Facts that name their item throughout the papers: marking one unanswered would leave the item
unnamed (a count without a number disappears from the notice and the order)."""


def fact_at(case: Case, key: str) -> object:
    """The value at a valid path (None when absent)."""
    value: object = case
    for part in parse_path(key) or []:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
        elif isinstance(value, BaseModel):
            field = next(
                (n for n, i in type(value).model_fields.items() if (i.alias or n) == part), None
            )
            value = getattr(value, field) if field else None
        else:
            value = None
    return value


def asked(case: Case) -> dict[str, str]:
    """The facts to ask the attorney about, each with its question (valid paths only)."""
    return {
        key: question(key, mark.note)
        for key, mark in case.unanswered.items()
        if mark.state is UnansweredState.ASK and path_problem(case, key) is None
    }


def _under(path: str, key: str) -> bool:
    return path == key or path.startswith((f"{key}.", f"{key}["))


def _answered(value: object) -> bool:
    return value is not None and value != [] and value != ""


def apply_unanswered(problems: Iterable[Problem], case: Case) -> list[Problem]:
    """``problems`` as the marks of ``case.unanswered`` change them (see the module)."""
    found = list(problems)
    marks: dict[str, Unanswered] = {
        key: mark
        for key, mark in case.unanswered.items()
        if mark.state is not None and path_problem(case, key) is None
    }
    if not marks:
        return found
    out: list[Problem] = []
    claimed: dict[str, list[Problem]] = {key: [] for key in marks}
    for problem in found:
        # the nearest mark at or above the problem's fact; a malformed value is still reported
        key = max((k for k in marks if _under(problem.path, k)), key=len, default=None)
        if key is None or problem.code.startswith("schema") or _answered(fact_at(case, key)):
            out.append(problem)
        else:
            claimed[key].append(problem)
    for key, mark in marks.items():
        mine = claimed[key]
        state = "ask the attorney" if mark.state is UnansweredState.ASK else "does not apply"
        if _answered(fact_at(case, key)):
            out.append(
                error(
                    key,
                    f"has an answer and is also marked '{state}': clear the mark, or remove "
                    "the answer",
                    None,
                    "unanswered.answered",
                )
            )
        elif mark.state is UnansweredState.ASK:
            reason = next((p.reason for p in mine if p.reason), None)
            out.append(
                Problem(
                    key,
                    f"question for the attorney: {question(key, mark.note)}",
                    Severity.QUESTION,
                    reason,
                    "unanswered.ask",
                )
            )
        else:
            for problem in mine:
                if problem.severity is Severity.ERROR or problem.blocks_final:
                    out.append(
                        Problem(
                            problem.path,
                            "is marked 'does not apply', but the papers need it: "
                            f"{problem.message}",
                            problem.severity,
                            problem.reason,
                            problem.code,
                            problem.blocks_final,
                        )
                    )
    return out
