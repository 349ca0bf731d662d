"""The authorities registry: every authority the library may cite, and its citation forms.

Clauses cite by id (``[@vivar, 523]``), so citations are always in California Style Manual form,
the first citation in a document is full and later ones short, and a table of authorities can be
built from data instead of re-parsing text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from assembler.errors import (
    RegistryError,
)
from assembler.resources import bundled
from assembler.tomltables import read_toml, tables

__all__ = [
    "CLAUSE_TABLE",
    "Authority",
    "AuthorityKind",
    "CiteParts",
    "ClauseCheck",
    "Registry",
    "RegistryError",
    "load_registry",
    "with_firm",
]

BUNDLED = bundled("clauses") / "authorities.toml"
VERIFIED = "V"
STATUSES = {"V", "V2", "R", "U"}


class AuthorityKind(StrEnum):
    CASE = "case"
    STATUTE = "statute"
    RULE = "rule"
    OTHER = "other"


class CiteParts(NamedTuple):
    """A citation as it prints: roman, italic (the case name), roman, and the subsequent
    history's case name (italic) and the rest of it. ``"".join(parts)`` is its plain text."""

    before: str
    italic: str
    after: str
    history_italic: str = ""
    history_after: str = ""


_HISTORY = re.compile(r"([^*]*)\*([^*]+)\*([^*]*)")
"""A history with its one case name in italics: ``revd. ... sub nom. *A v. B* (...) ...``."""


def _pin_key(pin: str) -> str:
    """A page pin as the pin table keys it: ``529-530`` (an en dash or spaces read the same)."""
    return re.sub(r"\s*[-–]\s*", "-", pin.strip())


def pin_pages(pin: str) -> list[str]:
    """The pages or ranges of a case pin, each as the pin table keys it: ``688, 694`` gives
    ``["688", "694"]``; ``529-530`` stays one range."""
    return [_pin_key(part) for part in pin.split(",") if part.strip()]


@dataclass(frozen=True, slots=True)
class Authority:
    """One citable authority (see clauses/authorities.toml for the fields)."""

    id: str
    kind: AuthorityKind
    full: str
    short: str
    status: str
    name: str = ""
    reporter: str = ""
    note: str = ""
    source: str = ""
    """Where the status was checked (a primary source: an opinion, a code section)."""
    verified_by: str = ""
    verified_on: str = ""
    """Who verified it and when (a firm's record); empty for the bundled statuses."""
    history: str = ""
    """Subsequent history, printed after the full citation (and its pin) once the entry is
    verified; its case name between asterisks is set in italics."""
    pins: tuple[tuple[str, str], ...] = ()
    """Page pins confirmed against a source: (pin, what confirms it). Cases only."""

    @property
    def verified(self) -> bool:
        """Only authorities read in primary text are cited without a verification note."""
        return self.status == VERIFIED

    @property
    def full_citation(self) -> str:
        """The full citation as it prints without a pin: with its history once verified."""
        return "".join(self.cite(None, first=True))

    def pin_confirmed(self, pin: str | None) -> bool:
        """Whether a pin may print as confirmed: every page or range of a case pin is in the
        pin table. A statute's or rule's pin is a subdivision, outside the table: always true."""
        if not pin or self.kind is not AuthorityKind.CASE:
            return True
        confirmed = {_pin_key(key) for key, _ in self.pins}
        return all(page in confirmed for page in pin_pages(pin))

    def _history(self) -> tuple[str, str, str]:
        """(roman, italic, roman) of the subsequent history, or empty until verified."""
        if not self.history or not self.verified:
            return "", "", ""
        match = _HISTORY.fullmatch(self.history)
        if match is None:
            return f", {self.history}", "", ""
        return f", {match[1]}", match[2], match[3]

    def cite(self, pin: str | None, *, first: bool) -> CiteParts:
        """The citation as (before, italic, after, history_italic, history_after): the italic
        parts are the case name and the subsequent history's case name.

        Args:
            pin: a page (cases) or subdivision (statutes, rules) to point at, or None.
            first: whether this is the first citation of the authority in the document.
        """
        if self.kind is AuthorityKind.CASE:
            if first:
                rest = self.full[len(self.name) :]
                history, history_italic, history_after = self._history()
                pinned = f", {pin.replace('-', '–')}" if pin else ""
                return CiteParts(
                    "", self.name, rest + pinned + history, history_italic, history_after
                )
            if pin:
                pages = "pp." if re.search(r"[-–,]", pin) else "p."
                return CiteParts(
                    "",
                    self.short,
                    f", supra, {self.reporter} at {pages} {pin.replace('-', '–')}",
                )
            return CiteParts(
                "", self.short, f", supra, {self.full[self.full.index(self.reporter) :]}"
            )
        text = self.full if first or self.kind is not AuthorityKind.OTHER else self.short
        if pin and self.kind is AuthorityKind.STATUTE and "U.S.C." not in text:
            several = re.fullmatch(r"(\([^)]*\))+(, (\([^)]*\))+)+", pin)  # (a), (b)(1)
            text += (
                f", subds. {pin}"
                if several
                else f", subd. {pin}"
                if pin.startswith("(")
                else f", {pin}"
            )
        elif pin:
            text += pin if pin.startswith("(") else f", {pin}"
        if first:
            history, history_italic, history_after = self._history()
            return CiteParts(text + history, "", "", history_italic, history_after)
        return CiteParts(text, "", "")


CLAUSE_TABLE = "clause"
"""The table of a firm's authorities file that records checks of clause notes about the law,
by clause id: ``[clause."memo.racial-justice"]`` (quoted: clause ids hold dots)."""


@dataclass(frozen=True, slots=True)
class ClauseCheck:
    """A firm's record that a clause's note about the law was checked (K1 of legal review 2).

    Attributes:
        digest: the clause's fingerprint when it was checked (``Clause.digest``); the record
            lapses when the clause changes. Empty: recorded by hand, for any version.
    """

    clause: str
    verified_by: str
    verified_on: str
    source: str
    note: str = ""
    digest: str = ""


@dataclass(frozen=True)
class Registry:
    """The authorities by id, and a firm's checks of clause notes about the law by clause id."""

    authorities: dict[str, Authority]
    source: Path
    clause_checks: dict[str, ClauseCheck] = field(default_factory=dict)
    firm_file: Path | None = None

    def __contains__(self, key: object) -> bool:
        return key in self.authorities

    def __getitem__(self, key: str) -> Authority:
        return self.authorities[key]


def load_registry(path: Path = BUNDLED) -> Registry:
    """Read and check an authorities file.

    Raises:
        RegistryError: the file is not TOML, or an entry lacks a field or has a bad value.
    """
    return Registry(_authorities(read_toml(path, RegistryError), path), path)


def _dotted_ids(data: dict[str, Any], path: Path) -> None:
    """Refuse an id with a dot written bare: TOML reads ``[ccp-416.90]`` as the table
    ``ccp-416`` holding a table ``90``, which no message about fields would explain."""
    for key, table in data.items():
        if not isinstance(table, dict) or key == CLAUSE_TABLE:
            continue  # tables() says it must be a table; clause ids are dotted, and quoted
        for sub, value in table.items():
            if isinstance(value, dict) and sub != "pins":
                dotted = f"{key}.{sub}"
                raise RegistryError(
                    f"{path}: [{dotted}] reads as the table [{key}] with a key {sub!r} (TOML "
                    f'splits a bare name at a dot): quote ids that contain a dot: ["{dotted}"]'
                )


def _pins(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """The pin table of an entry, checked: page or range = what confirms it."""
    if not isinstance(value, dict) or not all(
        isinstance(text, str) and text.strip() for text in value.values()
    ):
        raise RegistryError(
            f'{where}: pins is a table of page = "what confirms it", e.g. '
            'pins = { "529" = "Espinoza (2023) quoting it at p. 529" }'
        )
    return tuple((_pin_key(str(page)), text) for page, text in value.items())


def _checked(authority: Authority, where: str) -> Authority:
    """``authority`` if its fields agree with each other; else RegistryError naming ``where``."""
    if authority.status not in STATUSES:
        raise RegistryError(f"{where}: status must be one of {', '.join(sorted(STATUSES))}")
    if authority.kind is AuthorityKind.CASE and not (
        authority.name
        and authority.full.startswith(authority.name)
        and authority.reporter
        and authority.reporter in authority.full
    ):
        raise RegistryError(
            f"{where}: a case needs 'name' (the start of 'full') and 'reporter' (in 'full')"
        )
    if authority.pins and authority.kind is not AuthorityKind.CASE:
        raise RegistryError(
            f"{where}: pins are page pins of a case; a {authority.kind.value}'s pin is a "
            "subdivision and is not listed"
        )
    if "*" in authority.history and _HISTORY.fullmatch(authority.history) is None:
        raise RegistryError(
            f"{where}: history sets one case name in italics, between two asterisks "
            "(sub nom. *Pickering v. Gonzales*)"
        )
    return authority


def _authorities(data: dict[str, Any], path: Path) -> dict[str, Authority]:
    """Whole authority entries, checked."""
    _dotted_ids(data, path)
    authorities: dict[str, Authority] = {}
    for key, where, entry in tables(data, path, RegistryError, _FIELDS):
        try:
            authority = Authority(
                id=key,
                kind=AuthorityKind(entry["kind"]),
                full=str(entry["full"]),
                short=str(entry["short"]),
                status=str(entry["status"]),
                name=str(entry.get("name", "")),
                reporter=str(entry.get("reporter", "")),
                note=str(entry.get("note", "")),
                source=str(entry.get("source", "")),
                verified_by=str(entry.get("verified_by", "")),
                verified_on=str(entry.get("verified_on", "")),
                history=str(entry.get("history", "")),
                pins=_pins(entry["pins"], where) if "pins" in entry else (),
            )
        except KeyError as exc:
            raise RegistryError(f"{where}: missing field {exc.args[0]!r}") from None
        except ValueError:
            raise RegistryError(f"{where}: kind must be case, statute, rule or other") from None
        authorities[key] = _checked(authority, where)
    return authorities


_RECORD = {"status", "note", "source", "verified_by", "verified_on", "full", "history", "pins"}
"""The fields of a verification record: a firm's entry with only these updates a bundled one."""
_CHANGES_CITE = {"full", "history", "pins"}
"""Record fields that change what prints (or prints as confirmed): like status V, they need
who verified it and against what."""
_FIELDS = {"kind", "short", "name", "reporter"} | _RECORD


def with_firm(registry: Registry, extra: Path | None) -> Registry:
    """``registry`` with a firm's authorities file: a whole entry adds an authority (or replaces
    one with the same id); an entry of a bundled id with only ``status``, ``source``,
    ``verified_by``, ``verified_on``, ``note``, ``full``, ``history`` and ``pins`` records the
    firm's own verification of it (its pins are added to the bundled ones).

    Raises:
        RegistryError: the firm's file is malformed (the message names it and the entry).
    """
    if extra is None:
        return registry
    data = read_toml(extra, RegistryError)
    _dotted_ids(data, extra)
    checks = _clause_checks(data.pop(CLAUSE_TABLE, {}), extra)
    merged = dict(registry.authorities)
    whole: dict[str, Any] = {}
    for key, where, entry in tables(data, extra, RegistryError):
        if key in merged and set(entry) <= _RECORD:
            status = str(entry.get("status", merged[key].status))
            vouches = status == VERIFIED or set(entry) & _CHANGES_CITE
            if vouches and not (entry.get("verified_by") and entry.get("source")):
                raise RegistryError(
                    f"{where}: a firm's verification names who verified it (verified_by) and "
                    "against what (source)"
                )
            old = merged[key]
            pins = dict(old.pins) | dict(_pins(entry["pins"], where) if "pins" in entry else ())
            merged[key] = _checked(
                replace(
                    old,
                    status=status,
                    note=str(entry.get("note", old.note)),
                    source=str(entry.get("source", old.source)),
                    verified_by=str(entry.get("verified_by", old.verified_by)),
                    verified_on=str(entry.get("verified_on", old.verified_on)),
                    full=str(entry.get("full", old.full)),
                    history=str(entry.get("history", old.history)),
                    pins=tuple(pins.items()),
                ),
                where,
            )
        else:
            whole[key] = entry
    merged |= _authorities(whole, extra)
    return Registry(merged, registry.source, registry.clause_checks | checks, extra)


_CLAUSE_FIELDS = {"verified_by", "verified_on", "source", "note", "digest"}


def _clause_checks(data: Any, path: Path) -> dict[str, ClauseCheck]:
    """The ``[clause."ID"]`` tables of a firm's file: each names who checked the clause's note
    and against what."""
    if not isinstance(data, dict):
        raise RegistryError(
            f"{path}: [{CLAUSE_TABLE}] holds one table per clause id, e.g. "
            f'[{CLAUSE_TABLE}."memo.racial-justice"]'
        )
    checks: dict[str, ClauseCheck] = {}
    named = {f'{CLAUSE_TABLE}."{key}"': value for key, value in data.items()}
    for name, where, entry in tables(named, path, RegistryError, _CLAUSE_FIELDS):
        key = name[len(CLAUSE_TABLE) + 2 : -1]
        if not (entry.get("verified_by") and entry.get("source")):
            raise RegistryError(
                f"{where}: a clause check names who checked it (verified_by) and against what "
                "(source)"
            )
        checks[key] = ClauseCheck(
            clause=key,
            verified_by=str(entry["verified_by"]),
            verified_on=str(entry.get("verified_on", "")),
            source=str(entry["source"]),
            note=str(entry.get("note", "")),
            digest=str(entry.get("digest", "")),
        )
    return checks
