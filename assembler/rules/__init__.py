"""Required-fact and consistency rules: a Case in, every missing or inconsistent fact out.

Each rule is a generator of :class:`~assembler.errors.Problem` registered with
:func:`~assembler.rules.registry.rule`; the domain brief (§ 8) is the source of what is enforced.
Errors block the packet; warnings are things an attorney should look at (discretionary law,
unverified law, weak evidence). Messages never repeat client data: they name the field and the
reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from assembler.case import Case
from assembler.errors import Problem, sort_problems
from assembler.jsonvalue import JSON
from assembler.loading import LoadResult, read_json, validate_data
from assembler.rules import (
    conviction,
    general,
    grounds,
    immigration,
    papers,
    person,
    unanswered,
    undecided,
)
from assembler.rules.registry import RULES, Context

__all__ = ["RULES", "Context", "check", "check_data", "check_file", "check_loaded"]

_RULE_MODULES = (
    general,
    person,
    conviction,
    immigration,
    grounds,
    papers,
    undecided,
    unanswered,
)  # importing them registers their rules


def check(
    case: Case, base_dir: Path | None = None, skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """Run every rule on a case.

    Args:
        case: the case (possibly best-effort, with malformed values left out).
        base_dir: folder of the case file, for exhibit files.
        skip: paths already reported as malformed; problems at or under them are dropped so a
            pruned value is not also reported as missing.
    """
    return sort_problems(_rules(case, base_dir, skip))


def _rules(case: Case, base_dir: Path | None, skip: frozenset[str]) -> list[Problem]:
    """The rules' problems, unsorted, without those at or under a pruned path."""
    context = Context(case, base_dir)
    found: list[Problem] = []
    for _code, _summary, fn in RULES:
        found.extend(fn(context))
    covering = _prefixes(skip)
    kept = [p for p in found if not _under_any(p.path, skip, covering)]
    return unanswered.apply_unanswered(kept, case)  # a fact to ask is a question, not an error


def check_file(path: Path, final: bool = False) -> list[Problem]:
    """Every schema and legal-requirement problem of a case file, sorted by path.

    Args:
        path: the case file.
        final: check as for a ``--final`` build (see :func:`check_loaded`).

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON.
    """
    return check_data(read_json(path), path.parent, final)


def check_data(data: JSON, base_dir: Path | None = None, final: bool = False) -> list[Problem]:
    """Every schema and legal-requirement problem of parsed JSON, sorted by path.

    Args:
        data: the parsed case file (any JSON value).
        base_dir: folder of the case file, for exhibit files; None skips the file checks.
        final: check as for a ``--final`` build (see :func:`check_loaded`).
    """
    return check_loaded(validate_data(data), base_dir, final)


def check_loaded(
    loaded: LoadResult, base_dir: Path | None = None, final: bool = False
) -> list[Problem]:
    """Every problem of an already validated case file: its schema problems and the rules'.

    With ``final``, a question for the attorney, or a warning that blocks the final build
    (``Problem.blocks_final``: a decision left open while drafting), is reported as an error.
    """
    found = list(loaded.problems)
    if loaded.case is not None:
        found.extend(_rules(loaded.case, base_dir, loaded.pruned))
    if final:
        found = [p.for_final() for p in found]
    return sort_problems(found)


_STEP = re.compile(r"(?=[.\[])")


def _prefixes(paths: frozenset[str]) -> frozenset[str]:
    """Every path that is a pruned path or contains one (``a``, ``a.b`` for ``a.b[0]``)."""
    found: set[str] = set()
    for path in paths:
        found.update(path[: m.start()] for m in _STEP.finditer(path) if m.start())
        found.add(path)
    return frozenset(found)


def _under_any(path: str, pruned: frozenset[str], covering: frozenset[str]) -> bool:
    """Whether ``path`` is a pruned path, lies under one, or contains one (then it is not missing,
    only malformed, and the rule saw it without the malformed part). Linear in the length of
    ``path``: its own prefixes are looked up, and the set of every pruned path's prefixes."""
    if path in covering:
        return True
    return any(path[: m.start()] in pruned for m in _STEP.finditer(path) if m.start())
