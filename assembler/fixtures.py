"""Clause fixtures: the one test a firm can write for its own clause.

A fixture starts from a case (a bundled sample, or a case file beside the fixture), changes a few
facts, builds the draft, and checks what one clause printed: that it is there (or not), and the
words it must and must not say. Fixtures live in TOML files named ``fixtures.toml`` (or
``NAME.fixtures.toml``) anywhere in a clause folder, beside the clauses they test::

    [[fixture]]
    name = "a lapsed DACA status is sworn in the past"
    clause = "declaration.background"
    sample = "05"                          # or: case = "cases/garcia.json", beside this file
    set = { "moving_party.immigration_status" = "daca_lapsed" }
    remove = ["moving_party.entry.lpr_since"]
    says = ["I had Deferred Action for Childhood Arrivals (DACA), but I no longer have it."]
    never = ["I have Deferred Action"]
    # included = false                     # the clause must not be in the packet at all

Paths are written as ``validate`` prints them (``criminal_case.counts[0].plea_or_verdict_date``).
The words are compared with the paper's text, its spacing folded. ``assembler clauses check
--fixtures`` runs a folder's fixtures; the bundled ones run in the test suite too.
"""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.assembly import Assembler
from assembler.errors import LibraryError, Severity, parse_path
from assembler.loading import validate_data
from assembler.sample_cases import select
from assembler.tomltables import read_toml
from assembler.verification import block_text

__all__ = ["Fixture", "find_fixtures", "read_fixtures", "run_fixture"]

_KEYS = frozenset(
    {"name", "clause", "sample", "case", "set", "remove", "says", "never", "included"}
)


@dataclass(frozen=True)
class Fixture:
    """One fixture: a case, the changes made to it, and what one clause must print."""

    name: str
    clause: str
    where: str
    """``file`` and the fixture's place in it, for messages: ``fixtures.toml, fixture 2``."""
    sample: str = ""
    case: Path | None = None
    set: dict[str, Any] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    says: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    included: bool = True


def find_fixtures(folder: Path) -> list[Path]:
    """The fixture files in a clause folder, in a stable order."""
    found = [*folder.rglob("fixtures.toml"), *folder.rglob("*.fixtures.toml")]
    return sorted(set(found))


def read_fixtures(path: Path) -> list[Fixture]:
    """The fixtures of one file.

    Raises:
        LibraryError: the file is not TOML, or a fixture has an unknown key, a missing
            ``name`` or ``clause``, neither or both of ``sample`` and ``case``, or a value of
            the wrong kind; the message names the file and the fixture.
    """
    data = read_toml(path, LibraryError)
    entries = data.get("fixture", [])
    if set(data) - {"fixture"} or not isinstance(entries, list):
        raise LibraryError(f"{path}: a fixtures file holds [[fixture]] tables only")
    return [_fixture(entry, path, index) for index, entry in enumerate(entries, 1)]


def _fixture(entry: Any, path: Path, index: int) -> Fixture:
    where = f"{path}, fixture {index}"
    if not isinstance(entry, dict):
        raise LibraryError(f"{where}: a fixture is a [[fixture]] table")
    unknown = set(entry) - _KEYS
    if unknown:
        raise LibraryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("name", "clause"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise LibraryError(f"{where}: {key} is required, as text in quotes")
    sample, case = entry.get("sample", ""), entry.get("case", "")
    if not isinstance(sample, str) or not isinstance(case, str) or bool(sample) == bool(case):
        raise LibraryError(
            f'{where}: give the case to start from: sample = "05" (a bundled sample) or '
            'case = "file.json" (beside this file), one of them'
        )
    changes = entry.get("set", {})
    if not isinstance(changes, dict):
        raise LibraryError(
            f'{where}: set is a table of facts, e.g. set = {{ "filing_date" = ... }}'
        )
    texts = {key: entry.get(key, []) for key in ("remove", "says", "never")}
    for key, value in texts.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LibraryError(f'{where}: {key} is a list of texts, e.g. {key} = ["..."]')
    included = entry.get("included", True)
    if not isinstance(included, bool):
        raise LibraryError(f"{where}: included is true or false")
    if not included and (texts["says"] or texts["never"]):
        raise LibraryError(f"{where}: a clause left out (included = false) says nothing to check")
    return Fixture(
        name=entry["name"],
        clause=entry["clause"],
        where=where,
        sample=sample,
        case=path.parent / case if case else None,
        set=changes,
        remove=tuple(texts["remove"]),
        says=tuple(texts["says"]),
        never=tuple(texts["never"]),
        included=included,
    )


def run_fixture(fixture: Fixture, engine: Assembler) -> list[str]:
    """What ``fixture`` finds wrong with its clause (empty: it passes).

    The case is built as a draft, so a fact the fixture leaves out prints as a gap rather than
    stopping the build; a case that no longer loads after the changes is a failure that says why.
    """
    if fixture.clause not in engine.library.clauses:
        return [f"no clause {fixture.clause!r} in the library"]
    try:
        data = _patched(_start(fixture), fixture)
    except (LibraryError, ValueError) as exc:
        return [str(exc)]
    loaded = validate_data(data)  # what the case file reader refuses (a value of the wrong kind)
    refused = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.case is None or refused:
        why = f"{refused[0].path}: {refused[0].message}" if refused else "it is not a case"
        return [f"the changed case does not load: {why}"]
    packet = engine.assemble(loaded.case, draft=True)
    printed = [
        " ".join(block_text(block).split())
        for document in packet.documents
        for block in document.blocks
        if block.source == fixture.clause
    ]
    if not fixture.included:
        return ["the clause is in the packet, and should not be"] if printed else []
    if not printed:
        return ["the clause is not in the packet (its condition is false for this case)"]
    text = " ".join(printed)
    failures = [f"does not say: {words!r}" for words in fixture.says if _fold(words) not in text]
    failures += [f"says what it must not: {words!r}" for words in fixture.never if words in text]
    return failures


def _fold(text: str) -> str:
    return " ".join(text.split())


def _start(fixture: Fixture) -> Any:
    if fixture.case is not None:
        try:
            return json.loads(fixture.case.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LibraryError(
                f"case {fixture.case}: cannot be read ({type(exc).__name__})"
            ) from None
    try:
        [sample] = select([fixture.sample])
    except Exception:  # SampleNotFound, or a name matching several
        raise LibraryError(f"no bundled sample {fixture.sample!r}") from None
    return json.loads(sample.path.read_text(encoding="utf-8"))


def _patched(data: Any, fixture: Fixture) -> Any:
    work = copy.deepcopy(data)
    for path, value in fixture.set.items():
        parent, last = _walk(work, path, create=True)
        if isinstance(last, int):
            if last > len(parent):
                raise ValueError(f"set {path!r}: the list has {len(parent)} items")
            if last == len(parent):
                parent.append(value)
                continue
        parent[last] = value
    for path in fixture.remove:
        parent, last = _walk(work, path, create=False)
        try:
            del parent[last]
        except (KeyError, IndexError):
            raise ValueError(f"remove {path!r}: the case has no such fact") from None
    return work


def _walk(data: Any, path: str, *, create: bool) -> tuple[Any, str | int]:
    """The container holding the fact at ``path``, and its key there."""
    parts = parse_path(path)
    if not parts or not isinstance(parts[0], str):
        raise ValueError(f"{path!r} is not a path as validate prints it")
    node = data
    for part, after in itertools.pairwise(parts):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise ValueError(f"{path!r}: the case has no item [{part}] there")
            node = node[part]
            continue
        if not isinstance(node, dict):
            raise ValueError(f"{path!r}: {part} is not part of a group of facts")
        if part not in node:
            if not create:
                raise ValueError(f"{path!r}: the case has no such fact")
            node[part] = [] if isinstance(after, int) else {}
        node = node[part]
    last = parts[-1]
    if isinstance(last, int) != isinstance(node, list):
        raise ValueError(f"{path!r} does not match the case's shape")
    return node, last
