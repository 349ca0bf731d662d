"""TOML files made of tables (the authorities registry, a clause library's documents.toml): read
with the file named in every error, and each table checked for unknown keys. ``read_text`` reads
any file the user names or puts in a folder (clause files, TOML, the config) without waiting on a
pipe or a device."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from assembler.errors import AssemblerError

MAX_SOURCE_BYTES = 5_000_000
"""Size of a clause, TOML or config file the tool reads (they are a few kilobytes)."""


def read_text(path: Path, error: type[AssemblerError]) -> str:
    """The UTF-8 text of a regular file the user gave (a clause, a TOML file, the config), read
    with :func:`assembler.loading.read_regular`: a named pipe or a device is refused at once,
    never waited on. Anything that cannot be read raises ``error`` naming the file and why.
    """
    from assembler.loading import read_regular, unreadable

    try:
        data = read_regular(path, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: {unreadable(exc)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def read_toml(path: Path, error: type[AssemblerError]) -> dict[str, Any]:
    """The parsed file; an unreadable or malformed file raises ``error`` naming it."""
    text = read_text(path, error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: {exc}") from None
    except RecursionError:
        raise error(f"{path}: nests too deeply") from None


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
