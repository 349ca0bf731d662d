"""A firm's settings: ``assembler.toml`` beside the case files (or in a folder above them).

The file is found in the case file's folder or the nearest parent folder that has one, or named
with ``--config FILE``. Paths in it are relative to the file itself, so one file at the top of a
firm's case folder serves every case below it. Options on the command line win over the file.

Example::

    # assembler.toml
    clauses = "firm/clauses"            # a firm's clause folder (same ids replace bundled ones)
    templates = "firm/templates"        # a firm's Word shell (pleading.docx)
    authorities = "firm/authorities.toml"   # a firm's authorities, added to the bundled ones
    formats = ["pdf", "docx"]           # what `build` writes unless --format says otherwise
    output = "filings"                  # where `build` writes unless -o says otherwise
    new_case = "firm/new-case.json"     # the firm's own facts every new case starts from
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assembler.errors import (
    ConfigError,
)
from assembler.tomltables import read_text

__all__ = ["CONFIG_NAME", "FORMATS", "Config", "ConfigError", "find_config", "load_config"]

CONFIG_NAME = "assembler.toml"
FORMATS = ("txt", "pdf", "docx")
_PATH_KEYS = {
    "clauses": "a folder of clause files",
    "templates": "a folder holding pleading.docx",
    "authorities": "a TOML file of authorities",
    "output": "the folder builds are written into",
    "new_case": "a JSON file of the firm's own facts a new case starts from",
}


@dataclass(frozen=True)
class Config:
    """Settings from ``assembler.toml``; every field is optional."""

    source: Path | None = None
    clauses: Path | None = None
    templates: Path | None = None
    authorities: Path | None = None
    output: Path | None = None
    formats: tuple[str, ...] = field(default=())
    new_case: Path | None = None
    """The firm's own facts (counsel, service, court) ``assembler edit`` starts a new case from."""


def find_config(start: Path) -> Path | None:
    """The nearest ``assembler.toml`` in ``start`` (a folder) or the folders above it."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: Path | None) -> Config:
    """Read ``path`` (None: no file, the defaults).

    Raises:
        ConfigError: the file is unreadable, not TOML, or has an unknown key or a bad value;
            the message names the file and the key.
    """
    if path is None:
        return Config()
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: no such config file")
    text = read_text(path, ConfigError)  # a named pipe is refused, never waited on
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: it nests too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    known = {*_PATH_KEYS, "formats"}
    for key in data:
        if key not in known:
            raise ConfigError(
                f"{path}: unknown key {key!r}; the keys are {', '.join(sorted(known))}"
            )
    base = path.resolve().parent
    paths: dict[str, Path] = {}
    for key, what in _PATH_KEYS.items():
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: {key} must be a path ({what}), as a string")
        paths[key] = base / Path(value).expanduser()
    formats = data.get("formats", [])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ConfigError(f'{path}: formats must be a list such as ["pdf", "docx"]')
    return Config(
        source=path,
        clauses=paths.get("clauses"),
        templates=paths.get("templates"),
        authorities=paths.get("authorities"),
        output=paths.get("output"),
        formats=parse_formats(formats, where=f"{path}: formats"),
        new_case=paths.get("new_case"),
    )


def parse_formats(values: Sequence[str], *, where: str = "--format") -> tuple[str, ...]:
    """``["docx,pdf", "txt"]`` -> ("docx", "pdf", "txt"), each once, in order.

    Raises:
        ConfigError: a name is not one of ``FORMATS``.
    """
    chosen: list[str] = []
    for value in values:
        for name in (v.strip().lower() for v in value.split(",")):
            if name not in FORMATS:
                raise ConfigError(f"{where}: {name!r} is not one of {', '.join(FORMATS)}")
            if name not in chosen:
                chosen.append(name)
    return tuple(chosen)
