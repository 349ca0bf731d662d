"""Required-fact and consistency rules: a Case in, every missing or inconsistent fact out.

Each rule is a generator of :class:`~assembler.errors.Problem` registered with
:func:`~assembler.facts.registry.rule`; the domain brief (§ 8) is the source of what is enforced.
Errors block the packet; warnings are things an attorney should look at (discretionary law,
unverified law, weak evidence). Messages never repeat client data: they name the field and the
reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assembler.case import Case
from assembler.errors import Problem, sort_problems
from assembler.facts import conviction, general, grounds, papers
from assembler.facts.registry import RULES, Context
from assembler.loading import LoadResult, read_json, validate_data

__all__ = ["RULES", "Context", "check", "check_data", "check_file", "check_loaded"]

_RULE_MODULES = (general, conviction, grounds, papers)  # importing them registers their rules


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
    context = Context(case, base_dir)
    found: list[Problem] = []
    for _code, _summary, fn in RULES:
        found.extend(fn(context))
    return sort_problems(p for p in found if not _under_any(p.path, skip))


def check_file(path: Path) -> list[Problem]:
    """Every schema and legal-requirement problem of a case file, sorted by path.

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON.
    """
    return check_data(read_json(path), path.parent)


def check_data(data: Any, base_dir: Path | None = None) -> list[Problem]:
    """Every schema and legal-requirement problem of parsed JSON, sorted by path.

    Args:
        data: the parsed case file (any JSON value).
        base_dir: folder of the case file, for exhibit files; None skips the file checks.
    """
    return check_loaded(validate_data(data), base_dir)


def check_loaded(loaded: LoadResult, base_dir: Path | None = None) -> list[Problem]:
    """Every problem of an already validated case file: its schema problems and the rules'."""
    found = list(loaded.problems)
    if loaded.case is not None:
        found.extend(check(loaded.case, base_dir, loaded.pruned))
    return sort_problems(found)


def _under_any(path: str, pruned: frozenset[str]) -> bool:
    """Whether ``path`` is a pruned path, lies under one, or contains one (then it is not missing,
    only malformed, and the rule saw it without the malformed part)."""
    return any(_contains(p, path) or _contains(path, p) for p in pruned)


def _contains(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith((outer + ".", outer + "["))
