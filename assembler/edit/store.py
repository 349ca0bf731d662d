"""The case file on disk, as the edit form reads and saves it.

The file stays the one source of truth. Saving writes it atomically, keeps the version it replaces
as ``NAME.json.bak``, refuses to overwrite a file someone else changed since it was read (unless
told to), and writes the keys in a stable order: an unchanged case is not rewritten, and the diff
after an edit touches only what was edited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from assembler.case import Case
from assembler.edit.layout import Layout, dump_like, read_layout
from assembler.errors import CaseFileUnreadable
from assembler.files import write_atomic
from assembler.jsonvalue import JSON
from assembler.loading import decode_json_bytes, parse_json_bytes, parse_json_text, read_bytes
from assembler.typeinfo import model_in

__all__ = ["Changed", "Saved", "backup_path", "digest", "read_case", "save_case"]


def digest(raw: bytes) -> str:
    """A fingerprint of the file's bytes, to notice a change made by someone else."""
    return hashlib.sha256(raw).hexdigest()


def backup_path(case_file: Path) -> Path:
    """Where the version a save replaces is kept."""
    return case_file.with_name(case_file.name + ".bak")


def read_case(case_file: Path) -> tuple[JSON, str]:
    """The parsed case file and the fingerprint of its bytes.

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON (line and column given).
    """
    raw = read_bytes(case_file)  # read once: the fingerprint is of the bytes parsed
    return parse_json_bytes(raw, str(case_file)), digest(raw)


class Changed(Exception):
    """The file changed on disk since the form read it; saving would lose that change."""


@dataclass(frozen=True)
class Saved:
    written: bool
    """False when the case was unchanged (nothing is written then)."""
    digest: str
    backup: Path | None = None


def save_case(case_file: Path, data: JSON, base: str | None, *, force: bool = False) -> Saved:
    """Save ``data`` as the case file.

    Args:
        case_file: the file.
        data: the case as the form holds it (any JSON value; an invalid case is saved as is).
        base: the fingerprint of the file the form was loaded from (None: it did not exist).
        force: overwrite even if the file changed on disk since.

    Raises:
        Changed: the file on disk is not the one the form was loaded from, and not ``force``.
        OSError: the file on disk cannot be read, or the folder cannot be written.
    """
    current: bytes | None = case_file.read_bytes() if case_file.exists() else None
    now = digest(current) if current is not None else None
    if now != base and not force:
        raise Changed(str(case_file))
    layout = Layout()
    readable = _readable(current, str(case_file)) if current is not None else None
    if readable is not None:
        old_text, old = readable
        if old == data and now is not None and now == base:
            return Saved(written=False, digest=now)
        data = ordered(data, old, Case)
        layout = read_layout(old_text)
    text = dump_like(data, layout).encode("utf-8")
    backup = None
    if current is not None:
        if current == text:
            return Saved(written=False, digest=digest(current))
        backup = backup_path(case_file)
        write_atomic(backup, current, overwrite=True)
    write_atomic(case_file, text, overwrite=True)
    return Saved(written=True, digest=digest(text), backup=backup)


def _readable(current: bytes, name: str) -> tuple[str, JSON] | None:
    """The file's text and value when it is JSON whose layout and key order a save can follow;
    None for a file that is not (not UTF-8, not JSON): a save the user asked for (``force``)
    replaces it, and the backup keeps it."""
    try:
        text = decode_json_bytes(current, name)
        return text, parse_json_text(text, name)
    except CaseFileUnreadable:
        return None


def ordered(new: JSON, old: JSON, model: type[BaseModel] | None) -> JSON:
    """``new`` with its keys in a stable order: a file whose keys follow the model's order gets the
    model's order (new keys fall into their place); any other file keeps its own order, new keys
    after it. Lists are ordered item by item against the old list's item at the same place."""
    if isinstance(new, list):
        olds = old if isinstance(old, list) else []
        return [
            ordered(item, olds[i] if i < len(olds) else None, model) for i, item in enumerate(new)
        ]
    if not isinstance(new, dict):
        return new
    fields = _field_order(model)
    prior = list(old) if isinstance(old, dict) else []
    if _follows(prior, fields):
        keys = sorted(new, key=lambda k: (fields.get(k, len(fields)), list(new).index(k)))
    else:
        keys = [k for k in prior if k in new] + [k for k in new if k not in prior]
    previous: dict[str, JSON] = old if isinstance(old, dict) else {}
    return {k: ordered(new[k], previous.get(k), _child(model, k)) for k in keys}


def _field_order(model: type[BaseModel] | None) -> dict[str, int]:
    if model is None:
        return {}
    return {(info.alias or name): i for i, (name, info) in enumerate(model.model_fields.items())}


def _follows(keys: list[str], order: dict[str, int]) -> bool:
    """Whether every key is a field and they come in the model's order."""
    places = [order.get(k) for k in keys]
    known = [p for p in places if p is not None]
    return len(known) == len(places) and known == sorted(known)


def _child(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None:
        return None
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return model_in(info.annotation, lists=True)
    return None
