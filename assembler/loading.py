"""Reading a case file: JSON parsing, schema validation, and paralegal-readable schema problems.

A schema error does not stop the other checks: the offending values are pruned and the rest is
validated again, so one run reports a malformed date *and* the missing facts elsewhere.
"""

from __future__ import annotations

import difflib
import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from assembler.case import Case
from assembler.characters import character_problems, normalize
from assembler.errors import CaseFileUnreadable, PathPart, Problem, format_path, printable_key
from assembler.jsonvalue import JSON
from assembler.typeinfo import annotation_at, concrete, model_at

__all__ = [
    "LoadResult",
    "duplicate_key_problems",
    "load_case",
    "read_json",
    "read_regular",
    "unreadable",
    "validate_data",
]

MAX_BYTES = 5_000_000  # a case file is a few kilobytes; refuse anything absurd before parsing
MAX_DEPTH = 32  # a case file nests about 6 levels; deeper input is refused before validation
_MAX_PRUNE_ROUNDS = 25


@dataclass(frozen=True)
class LoadResult:
    """The outcome of reading a case file.

    Attributes:
        case: the case, or a best-effort case with malformed values left out when ``pruned``
            is not empty; ``None`` only when the top level is not a JSON object.
        problems: schema problems (errors).
        pruned: paths whose values were left out because they were malformed; checks on the
            facts under them are skipped so nothing is reported twice.
    """

    case: Case | None
    problems: list[Problem] = field(default_factory=list)
    pruned: frozenset[str] = frozenset()


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key (json keeps the last value silently)."""

    duplicates: list[str]


def _pairs_hook(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    seen: dict[str, Any] = {}
    duplicates = []
    for key, value in pairs:
        if key in seen:
            duplicates.append(key)
        seen[key] = value
    if not duplicates:
        return seen
    obj = _DuplicateKeys(seen)
    obj.duplicates = duplicates
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def read_json(path: Path) -> JSON:
    """Read and parse a JSON file; unreadable or malformed input raises CaseFileUnreadable."""
    return parse_json_bytes(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of a case file, refused (CaseFileUnreadable) when it is not a regular file,
    is too large, or cannot be read: :func:`read_regular`, so a pipe never hangs the read."""
    name = str(path)
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise CaseFileUnreadable(name, "no such file") from None
    except IsADirectoryError:
        raise CaseFileUnreadable(name, "is a directory, not a case file") from None
    except OSError as exc:
        if exc.filename is None and exc.errno == errno.EFBIG:  # read_regular's own refusal
            detail = f"file is larger than {MAX_BYTES // 1_000_000} MB"
        elif exc.filename is None and exc.strerror and exc.strerror.startswith("is "):
            detail = exc.strerror
        else:
            detail = f"cannot be read ({exc.strerror})"
        raise CaseFileUnreadable(name, detail) from None


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read without ever waiting on a pipe
    or a device: it is checked before it is opened, opened without blocking (a pipe with no
    writer opens at once) and checked again on the open file, so a pipe put in its place between
    the check and the open cannot hang the command.

    Raises:
        OSError: with a plain ``strerror``: missing (FileNotFoundError), a folder
            (IsADirectoryError), a pipe or a device, larger than ``max_bytes``, unreadable.
    """
    _check_regular(path.stat().st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        _check_regular(info.st_mode)
        if info.st_size > max_bytes:
            raise OSError(errno.EFBIG, f"is larger than {max_bytes // 1_000_000} MB")
        data = file.read(max_bytes + 1)  # the size may change between fstat and read
    if len(data) > max_bytes:
        raise OSError(errno.EFBIG, f"is larger than {max_bytes // 1_000_000} MB")
    return data


def unreadable(exc: OSError) -> str:
    """Why :func:`read_regular` refused a file, as the end of a sentence naming it:
    ``is not a regular file (a pipe or a device?)``, ``cannot be read (Permission denied)``."""
    reason = exc.strerror or type(exc).__name__
    return reason if reason.startswith("is ") else f"cannot be read ({reason})"


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
    if not stat.S_ISREG(mode):  # a FIFO would hang, /dev/zero never ends
        raise OSError(errno.EINVAL, "is not a regular file (a pipe or a device?)")


def parse_json_bytes(raw: bytes, name: str, max_depth: int = MAX_DEPTH) -> JSON:
    """Decode (UTF-8, a byte-order mark allowed) and parse a case file's bytes."""
    return parse_json_text(decode_json_bytes(raw, name), name, max_depth)


def decode_json_bytes(raw: bytes, name: str) -> str:
    """A case file's bytes as text: UTF-8, a byte-order mark allowed."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileUnreadable(
            name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def parse_json_text(text: str, name: str, max_depth: int = MAX_DEPTH) -> JSON:
    """Parse JSON text, reporting syntax errors by line and column; nesting deeper than
    ``max_depth`` is refused."""
    try:
        value: JSON = json.loads(
            text, object_pairs_hook=_pairs_hook, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise CaseFileUnreadable(
            name, f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        value = None
        depth = max_depth + 1
    except ValueError as exc:
        raise CaseFileUnreadable(name, f"not valid JSON ({exc})") from None
    else:
        depth = _depth(value, max_depth)
    if depth > max_depth:
        raise CaseFileUnreadable(
            name, f"nests objects and lists more than {max_depth} levels deep; not a case file"
        )
    return value


def _depth(value: JSON, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a JSON value (counted no further than one past ``limit``), computed
    without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > limit:
            break
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def load_case(path: Path) -> LoadResult:
    """Read, parse and validate a case file (see :func:`parse_case_text` for the result)."""
    return validate_data(read_json(path))


def validate_data(data: JSON) -> LoadResult:
    """Validate parsed JSON against the case model, collecting every schema problem."""
    if not isinstance(data, dict):
        kind = _json_kind(data)
        return LoadResult(
            None,
            [Problem("$", f"the case file must be a JSON object {{...}}, not {kind}")],
        )
    problems = duplicate_key_problems(data, [])
    work: Any = normalize(data)  # a new structure: NFC, LF line ends
    problems += character_problems(work)
    pruned: set[str] = set()
    for _ in range(_MAX_PRUNE_ROUNDS):
        try:
            case = Case.model_validate(work)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            locs = [_clean_loc(error["loc"], work) for error in errors]
            for error, loc in zip(errors, locs, strict=True):
                problems.append(_describe(error, loc))
                pruned.add(format_path(loc))
            for loc in sorted(locs, key=len, reverse=True):
                work = _prune(work, loc)
            work = _drop_removed(work)
            continue
        return LoadResult(case, _unique(problems), frozenset(pruned))
    return LoadResult(None, _unique(problems), frozenset(pruned))


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _json_kind(value: JSON) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "true/false"
        case int() | float():
            return "a number"
        case str():
            return "text"
        case list():
            return "a list [...]"
        case _:
            return "an object {...}"


_VALIDATOR_LABEL = re.compile(r"[a-z][a-z-]*\[.*\]", re.DOTALL)


def _clean_loc(loc: tuple[int | str, ...], data: JSON) -> tuple[PathPart, ...]:
    """The JSON location of a pydantic error: the validator labels pydantic inserts into some
    locations ("function-before[...]") dropped, but never a key the file really has (a key may
    contain brackets too)."""
    cleaned: list[PathPart] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:  # noqa: SIM114 (mypy narrows each)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and _VALIDATOR_LABEL.fullmatch(part):
            continue
        else:
            node = None
        cleaned.append(part)
    return tuple(cleaned)


def duplicate_key_problems(value: JSON, loc: list[PathPart]) -> list[Problem]:
    """A problem for each key an object of the parsed file (``read_json``) repeats."""
    found: list[Problem] = []
    if isinstance(value, _DuplicateKeys):
        for key in value.duplicates:
            found.append(
                Problem(
                    format_path([*loc, key]),
                    f'"{key}" appears twice in the same object; only the last value would be used. '
                    "Delete one of them",
                    code="schema.duplicate_key",
                )
            )
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(duplicate_key_problems(item, [*loc, key]))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(duplicate_key_problems(item, [*loc, index]))
    return found


_REMOVED = object()


def _drop_removed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_removed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_removed(v) for v in value if v is not _REMOVED]
    return value


def _prune(data: Any, loc: tuple[PathPart, ...]) -> Any:
    """Remove the malformed value at ``loc`` so the rest of the case can still be checked."""
    if not loc:
        return {}
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return data  # already removed with an enclosing value
    last = loc[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        # Keep list positions stable: later problems and checks name items by index.
        # A scalar item is marked and dropped afterwards, so sibling indices hold while pruning.
        parent[last] = {} if model_at(Case, loc) is not None else _REMOVED
    return data


# --- translating pydantic errors into words --------------------------------------------------


def _describe(error: ErrorDetails, loc: tuple[PathPart, ...]) -> Problem:
    path = format_path(loc)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    message: str
    if kind == "extra_forbidden":
        message = _unknown_key_message(loc)
        return Problem(path, message, code="schema.unknown_key")
    if kind in {"enum", "literal_error"}:
        message = _enum_message(loc, error.get("input"))
    elif kind in _PLAIN:
        message = _PLAIN[kind]
    elif kind in {"greater_than_equal", "greater_than"}:
        message = f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    elif kind in {"less_than_equal", "less_than"}:
        message = f"must be at most {ctx.get('le', ctx.get('lt'))}"
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    else:
        message = error["msg"][:1].lower() + error["msg"][1:]
    return Problem(path, message, code=f"schema.{kind}")


_PLAIN = {
    "string_type": "must be text in quotes",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty: write it, or remove it",
    "bool_type": "must be true or false (without quotes)",
    "bool_parsing": "must be true or false (without quotes)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "list_type": "must be a list in square brackets [...]",
    "model_type": "must be an object in curly braces {...}",
    "model_attributes_type": "must be an object in curly braces {...}",
    "dict_type": "must be an object in curly braces {...}",
    "missing": "required",
}


def _unknown_key_message(loc: tuple[PathPart, ...]) -> str:
    if not loc:
        return "unknown field"
    key = printable_key(str(loc[-1]))
    model = model_at(Case, loc[:-1])
    if model is None:
        return f'"{key}" is not a field here; remove it'
    names = [f.alias or name for name, f in model.model_fields.items()]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if not close:
        close = [n for n in names if key.lower().replace("-", "_") == n.lower()]
    hint = f'did you mean "{close[0]}"?' if close else "fields here: " + ", ".join(names)
    return f'unknown field "{key}": {hint}'


def _enum_message(loc: tuple[PathPart, ...], given: Any) -> str:
    from assembler.starter import PLACEHOLDER

    options = _enum_options(loc)
    if not options:
        return "is not one of the allowed values"
    if isinstance(given, str) and given.startswith(PLACEHOLDER):
        # The placeholder "FILL IN" (assembler new): no choice is close to it, and none should be suggested.
        listed = ", ".join(options) if len(options) <= 10 else f"the {len(options)} allowed values"
        return f"still holds placeholder text ('FILL IN …'): choose one of {listed}"
    if len(options) <= 10:
        return "must be one of: " + ", ".join(options)
    close = (
        difflib.get_close_matches(str(given), options, n=1, cutoff=0.5)
        if isinstance(given, str)
        else []
    )
    if close:
        return f'is not one of the {len(options)} allowed values: did you mean "{close[0]}"?'
    return f"is not one of the {len(options)} allowed values; see `assembler schema`"


def _enum_options(loc: tuple[PathPart, ...]) -> list[str]:
    for candidate in concrete(annotation_at(Case, loc), lists=True):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(member.value) for member in candidate]
    return []
