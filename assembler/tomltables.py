"""TOML files made of tables (the authorities registry, a clause library's documents.toml): read
with the file named in every error, and each table checked for unknown keys."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from assembler.errors import AssemblerError


def read_toml(path: Path, error: type[AssemblerError]) -> dict[str, Any]:
    """The parsed file; an unreadable or malformed file raises ``error`` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path}: {exc}") from None


def tables(
    data: dict[str, Any],
    path: Path,
    error: type[AssemblerError],
    allowed: Set[str] | None = None,
    noun: str = "field",
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each top-level table as (key, where, table), ``where`` naming the file and the table for
    messages; a value that is not a table, or (with ``allowed``) an unknown key, raises ``error``."""
    for key, table in data.items():
        where = f"{path}: [{key}]"
        if not isinstance(table, dict):
            raise error(f"{where}: must be a table")
        unknown = set(table) - allowed if allowed is not None else set()
        if unknown:
            raise error(f"{where}: unknown {noun}(s) {', '.join(sorted(unknown))}")
        yield key, where, table
