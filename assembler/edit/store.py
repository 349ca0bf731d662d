"""The case file on disk, as the edit form reads and saves it.

The file stays the one source of truth. A save:

- applies the page's changes to the file as it is now, so a value the page did not touch stays
  as the file wrote it (a number a browser cannot hold exactly included);
- knows which version of the file the page edited (each page sends the version it loaded): edits
  made since elsewhere (another tab, another program) are kept when they touch other facts, and a
  change of the same fact is a conflict the user is asked about (:class:`Changed`);
- writes atomically, keeps the version it replaces as ``NAME.json.bak``, gives both the case
  file's own mode and group (a private file stays private), and refuses a read-only file unless
  told to (:class:`ReadOnly`);
- writes the keys in a stable order: an unchanged case is not rewritten, and the diff after an
  edit touches only what was edited.

The page receives the case as it can hold it (:func:`for_page`): a number JSON can write but a
double cannot hold (``1e999``) is sent as its text, with its problem reported by the checks.
"""

from __future__ import annotations

import hashlib
import math
import os
import stat
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from assembler.case import Case
from assembler.edit.layout import Layout, Spelled, dump_like, read_layout, same, spell
from assembler.errors import CaseFileUnreadable
from assembler.files import sweep_temporaries, write_atomic
from assembler.jsonvalue import JSON
from assembler.loading import decode_json_bytes, parse_json_text, read_bytes
from assembler.typeinfo import model_in

__all__ = [
    "Changed",
    "ReadOnly",
    "Saved",
    "Versions",
    "backup_path",
    "digest",
    "for_page",
    "read_case",
    "save_case",
]

Where = tuple[str | int, ...]

NEW_FILE_MODE = 0o600
"""A case file the form creates is the user's alone: it holds a client's case."""

_GONE = object()
"""A value a change removes (a key deleted), or a place that does not exist."""


def digest(raw: bytes) -> str:
    """A fingerprint of the file's bytes: the version of the file a page edits."""
    return hashlib.sha256(raw).hexdigest()


def backup_path(case_file: Path) -> Path:
    """Where the version a save replaces is kept."""
    return case_file.with_name(case_file.name + ".bak")


@dataclass
class Versions:
    """The versions of the case file this server sent or wrote, by fingerprint: the bases a page
    can have edited. Bounded in number and bytes; a page whose version was dropped is asked to
    reload (its save is a conflict)."""

    limit: int = 32
    max_bytes: int = 64_000_000
    _raw: OrderedDict[str, bytes] = field(default_factory=OrderedDict)

    def remember(self, raw: bytes) -> str:
        version = digest(raw)
        self._raw[version] = raw
        self._raw.move_to_end(version)
        while len(self._raw) > self.limit or (
            len(self._raw) > 1 and sum(map(len, self._raw.values())) > self.max_bytes
        ):
            self._raw.popitem(last=False)
        return version

    def get(self, version: str) -> bytes | None:
        return self._raw.get(version)

    def __iter__(self) -> Iterator[bytes]:
        """Oldest first."""
        return iter(list(self._raw.values()))


def read_case(case_file: Path) -> tuple[JSON, bytes]:
    """The parsed case file (each float with its spelling) and its bytes (their :func:`digest`
    is the version).

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON (line and column given).
    """
    raw = read_bytes(case_file)  # read once: the version is of the bytes parsed
    return _parse(raw, str(case_file))[0], raw


def _parse(raw: bytes, name: str) -> tuple[JSON, Layout]:
    text = decode_json_bytes(raw, name)
    data = parse_json_text(text, name)  # first: the layout is read only from text that parses
    layout = read_layout(text)
    return spell(data, layout), layout


def for_page(data: JSON) -> JSON:
    """``data`` as the page can hold it: a number beyond any double (``1e999``) becomes its text
    as the file wrote it (a :class:`Spelled` keeps it), which the page shows and the checks
    report; all else is unchanged."""
    if isinstance(data, dict):
        return {k: for_page(v) for k, v in data.items()}
    if isinstance(data, list):
        return [for_page(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        if isinstance(data, Spelled):
            return data.text
        return "-1e999" if data < 0 else "1e999"
    return data


class Changed(Exception):
    """The file changed on disk since the page loaded it, in a way a save would lose."""

    def __init__(self, name: str, places: list[str] | None = None) -> None:
        super().__init__(name)
        self.places = places or []


class ReadOnly(Exception):
    """The case file is read-only (its owner may not write it); saving needs a yes."""


@dataclass(frozen=True)
class Saved:
    written: bool
    """False when the case was unchanged (nothing is written then)."""
    version: str
    """The version of the file now on disk."""
    backup: Path | None = None
    merged: tuple[str, ...] = ()
    """Places changed elsewhere since the page loaded, kept beside its edits."""
    data: JSON = None
    """The case as saved, for the page (when it holds more than the page sent: ``merged``)."""


@dataclass(frozen=True)
class _Plan:
    """What a save will write, worked out without the session's lock."""

    before: bytes | None
    text: bytes
    merged: tuple[str, ...]
    data: JSON


def plan_save(
    case_file: Path,
    data: JSON,
    version: str | None,
    versions: Versions,
    *,
    force: bool = False,
    read_only_ok: bool = False,
) -> _Plan:
    """Work out the bytes a save of the page's ``data`` writes (see the module's description).

    Args:
        version: the version the page loaded; None for a client that does not say (a script):
            the version it is closest to is taken.
        force: the user confirmed a conflict: the page's values win where both sides changed
            the same fact, and edits made elsewhere to other facts are still kept (the page's
            whole case replaces the file's only when its version is unknown or the file is no
            longer JSON).
        read_only_ok: replace a read-only file (the user confirmed); it stays read-only.

    Raises:
        Changed: the file on disk changed since ``version`` where the page changed it too (a
            fact, or anything in a list the page changed: items may have moved), or the
            version is unknown, or the file is no longer JSON; and not ``force``.
        ReadOnly: the file is read-only and not ``read_only_ok``.
        CaseFileUnreadable: the case file is a link, a pipe or a device, or cannot be read.
    """
    name = case_file.name
    info = _lstat(case_file)
    if info is not None and not info.st_mode & stat.S_IWUSR and not read_only_ok:
        raise ReadOnly(name)
    before = read_bytes(case_file) if info is not None else None
    if before is None:
        return _Plan(None, dump_like(data, Layout()).encode("utf-8"), (), data)
    try:
        current, layout = _parse(before, name)
    except CaseFileUnreadable:
        if not force:  # not JSON any more: replaced only when asked, the backup keeps it
            raise Changed(name) from None
        return _Plan(before, dump_like(data, Layout()).encode("utf-8"), (), data)
    now = digest(before)
    shown = for_page(current)
    if version is None:
        base = _closest(data, versions, name) or shown
    elif version == now:
        base = shown
    else:
        raw = versions.get(version)
        if raw is None and not force:
            raise Changed(name)
        base = for_page(_parse(raw, name)[0]) if raw is not None else shown
    changes = _changes(base, data)
    conflicts = _conflicts(changes, base, shown, data)
    if conflicts and not force:
        raise Changed(name, [_where(at) for at in conflicts])
    if conflicts:  # confirmed: the page's value at each place both changed (a list whole)
        decided = set(conflicts)
        changes = [c for c in changes if not _under(c[0], decided)]
        changes += [(at, _at(data, at)) for at in conflicts]
    taken = {at for at, _value in changes}
    around = {at[:k] for at in taken for k in range(len(at) + 1)}
    merged = [
        _where(at)
        for at, _value in _changes(base, shown)
        if at not in around and not _under(at, taken)
    ]
    result = _apply(current, shown, changes, name)
    result = ordered(result, current, Case)
    text = dump_like(result, layout).encode("utf-8")
    return _Plan(before, text, tuple(merged), for_page(result) if merged else None)


def _lstat(case_file: Path) -> os.stat_result | None:
    """The case file's own status (None: no file); a link is refused, never written through."""
    try:
        info = case_file.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise CaseFileUnreadable(
            case_file.name,
            "is a link: the form saves only a case file that is a file of its own; "
            "open the file the link points to",
        )
    return info


def _under(at: Where, places: set[Where]) -> bool:
    """Whether ``at`` is one of ``places`` or inside one."""
    return any(at[:k] in places for k in range(len(at) + 1))


def _conflicts(
    changes: list[tuple[Where, object]], base: JSON, shown: JSON, data: JSON
) -> list[Where]:
    """The places where the page and the file both changed since ``base``: a fact changed on
    both sides to different values, or a list the page changed anything in (or replaced) that
    changed on disk too, reported as the list itself (its items may have moved or gone)."""
    found: dict[Where, None] = {}
    lists: dict[Where, bool] = {}

    def list_changed(at: Where) -> bool:
        if at not in lists:
            lists[at] = not same(_at(base, at), _at(shown, at))
        return lists[at]

    for at, value in changes:
        outer = next(
            (
                at[:k]
                for k in range(len(at) + 1)
                if isinstance(_at(base, at[:k]), list)
                and isinstance(_at(data, at[:k]), list)
                and list_changed(at[:k])
            ),
            None,
        )
        if outer is not None:
            found[outer] = None
        elif not same(_at(base, at), _at(shown, at)) and not same(_at(shown, at), value):
            found[at] = None
    return list(found)


def commit_save(case_file: Path, plan: _Plan, max_mode: int | None = None) -> Saved:
    """Write what :func:`plan_save` worked out, if the file is still what it read.

    The case file and its backup keep the file's mode and group when the file is the user's
    own, never wider than ``max_mode`` (the mode it had when the form opened it); a file that
    is someone else's (put in its place in a shared folder) gives them nothing: 0600.

    Raises:
        Changed: the file changed between the plan and now (the caller plans again).
        CaseFileUnreadable: the case file became a link, a pipe or a device.
        OSError: the file or its backup cannot be written.
    """
    info = _lstat(case_file)
    now = read_bytes(case_file) if info is not None else None
    if now != plan.before:
        raise Changed(case_file.name)
    if now == plan.text:
        return Saved(written=False, version=digest(plan.text))
    mine = info is not None and info.st_uid == os.getuid()
    mode = stat.S_IMODE(info.st_mode) if info is not None and mine else NEW_FILE_MODE
    if max_mode is not None:
        mode &= max_mode | stat.S_IRUSR | stat.S_IWUSR
    group = info.st_gid if info is not None and mine else None
    backup = None
    if now is not None:
        backup = backup_path(case_file)
        write_atomic(backup, now, overwrite=True, mode=mode, group=group)
    write_atomic(case_file, plan.text, overwrite=True, mode=mode, group=group)
    for leftover in (case_file, backup_path(case_file)):
        sweep_temporaries(leftover)
    return Saved(
        written=True,
        version=digest(plan.text),
        backup=backup,
        merged=plan.merged,
        data=plan.data,
    )


def save_case(
    case_file: Path,
    data: JSON,
    version: str | None,
    versions: Versions | None = None,
    *,
    force: bool = False,
    read_only_ok: bool = False,
) -> Saved:
    """:func:`plan_save` then :func:`commit_save`, in one go (no other writer in between)."""
    known = versions if versions is not None else Versions()
    plan = plan_save(case_file, data, version, known, force=force, read_only_ok=read_only_ok)
    saved = commit_save(case_file, plan)
    known.remember(plan.text)
    return saved


# --- the page's changes -------------------------------------------------------------------------


def _changes(base: JSON, new: JSON, at: Where = ()) -> list[tuple[Where, object]]:
    """The places where ``new`` differs from ``base``, with ``new``'s value there (``_GONE`` for
    a key removed). A list whose length changed is replaced whole."""
    found: list[tuple[Where, object]] = []
    stack: list[tuple[Where, JSON, JSON]] = [(at, base, new)]
    while stack:
        where, old, value = stack.pop()
        if isinstance(old, dict) and isinstance(value, dict):
            for key in old.keys() - value.keys():
                found.append(((*where, key), _GONE))
            for key, item in value.items():
                if key not in old:
                    found.append(((*where, key), item))
                else:
                    stack.append(((*where, key), old[key], item))
        elif isinstance(old, list) and isinstance(value, list) and len(old) == len(value):
            stack.extend(((*where, i), old[i], value[i]) for i in range(len(value)))
        elif not same(old, value):
            found.append((where, value))
    return found


def _at(data: JSON, at: Where) -> object:
    value: object = data
    for key in at:
        if isinstance(value, dict) and isinstance(key, str) and key in value:
            value = value[key]
            continue
        if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
            continue
        return _GONE
    return value


def _apply(data: JSON, shown: JSON, changes: list[tuple[Where, object]], name: str) -> JSON:
    """``data`` with ``changes`` made (in place; ``data`` is freshly parsed). Where a value the
    page sends holds parts the file has (a list with one item removed: the others), the file's
    own values are kept for them (``shown`` is ``data`` as the page held it)."""
    for at, value in changes:
        kept = _keep(value, _at(data, at), _at(shown, at))
        if not at:
            data = kept  # type: ignore[assignment]
            continue
        parent = _at(data, at[:-1])
        key = at[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            if value is _GONE:
                parent.pop(key, None)
            else:
                parent[key] = kept
        elif isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            parent[key] = kept
        else:  # the place is gone on disk (a part removed there): the user decides
            raise Changed(name, [_where(at)])
    return data


def _keep(new: object, old: object, shown: object) -> object:
    """``new`` with each part that is the same as a part of the file (as the page holds it)
    replaced by the file's own value: a number a page cannot hold exactly stays as written."""
    if new is _GONE or old is _GONE:
        return new
    if same(new, shown):
        return old
    if isinstance(new, dict) and isinstance(old, dict) and isinstance(shown, dict):
        return {
            k: _keep(v, old[k], shown[k]) if k in old and k in shown else v for k, v in new.items()
        }
    if isinstance(new, list) and isinstance(old, list) and isinstance(shown, list):
        places: dict[object, list[int]] = {}
        for i, item in enumerate(shown):
            places.setdefault(_canon(item), []).append(i)
        out = []
        for item in new:
            free = places.get(_canon(item))
            out.append(old[free.pop(0)] if free else item)
        return out
    return new


def _canon(value: object) -> object:
    """A hashable key equal for two values exactly when :func:`same` holds."""
    if isinstance(value, bool) or value is None:
        return ("c", value)
    if isinstance(value, int | float):
        try:
            return ("n", float(value))
        except OverflowError:
            return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(_canon(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _canon(v)) for k, v in value.items()))
    return ("o", id(value))


def _closest(data: JSON, versions: Versions, name: str) -> JSON | None:
    """The version ``data`` differs least from, as the page would hold it; of two as close, the
    older, so that what is on disk wins over what a client that does not say its version sends
    (a value equal to an older version's is taken as not edited)."""
    best: tuple[int, JSON] | None = None
    for raw in versions:
        try:
            base = for_page(_parse(raw, name)[0])
        except CaseFileUnreadable:
            continue
        size = len(_changes(base, data))
        if best is None or size < best[0]:
            best = (size, base)
    return best[1] if best else None


def _where(at: Where) -> str:
    text = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in at)
    return text.lstrip(".") or "$"


# --- key order ----------------------------------------------------------------------------------


def ordered(new: JSON, old: JSON, model: type[BaseModel] | None) -> JSON:
    """``new`` with its keys in a stable order: a file whose keys follow the model's order gets the
    model's order (new keys fall into their place); any other file keeps its own order, new keys
    after it. Lists are ordered item by item against the old list's item at the same place.
    Linear in the number of keys."""
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
        position = {k: i for i, k in enumerate(new)}
        keys = sorted(new, key=lambda k: (fields.get(k, len(fields)), position[k]))
    else:
        kept = set(prior)
        keys = [k for k in prior if k in new] + [k for k in new if k not in kept]
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
