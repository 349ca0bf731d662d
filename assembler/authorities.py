"""The authorities registry: every authority the library may cite, and its citation forms.

Clauses cite by id (``[@vivar, 523]``), so citations are always in California Style Manual form,
the first citation in a document is full and later ones short, and a table of authorities can be
built from data instead of re-parsing text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from assembler.errors import (
    RegistryError,
)
from assembler.resources import bundled
from assembler.tomltables import read_toml, tables

__all__ = ["Authority", "AuthorityKind", "Registry", "RegistryError", "load_registry", "with_firm"]

BUNDLED = bundled("clauses") / "authorities.toml"
VERIFIED = "V"
STATUSES = {"V", "V2", "R", "U"}


class AuthorityKind(StrEnum):
    CASE = "case"
    STATUTE = "statute"
    RULE = "rule"
    OTHER = "other"


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

    @property
    def verified(self) -> bool:
        """Only authorities read in primary text are cited without a verification note."""
        return self.status == VERIFIED

    def cite(self, pin: str | None, *, first: bool) -> tuple[str, str, str]:
        """The citation as (before, italic, after): the italic part is the case name.

        Args:
            pin: a page (cases) or subdivision (statutes, rules) to point at, or None.
            first: whether this is the first citation of the authority in the document.
        """
        if self.kind is AuthorityKind.CASE:
            if first:
                rest = self.full[len(self.name) :]
                return "", self.name, rest + (f", {pin.replace('-', '–')}" if pin else "")
            if pin:
                pages = "pp." if re.search(r"[-–,]", pin) else "p."
                return (
                    "",
                    self.short,
                    f", supra, {self.reporter} at {pages} {pin.replace('-', '–')}",
                )
            return "", self.short, f", supra, {self.full[self.full.index(self.reporter) :]}"
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
        return text, "", ""


@dataclass(frozen=True)
class Registry:
    """The authorities by id."""

    authorities: dict[str, Authority]
    source: Path

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


def _authorities(data: dict[str, Any], path: Path) -> dict[str, Authority]:
    """Whole authority entries, checked."""
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
            )
        except KeyError as exc:
            raise RegistryError(f"{where}: missing field {exc.args[0]!r}") from None
        except ValueError:
            raise RegistryError(f"{where}: kind must be case, statute, rule or other") from None
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
        authorities[key] = authority
    return authorities


_RECORD = {"status", "note", "source", "verified_by", "verified_on"}
"""The fields of a verification record: a firm's entry with only these updates a bundled one."""
_FIELDS = {"kind", "full", "short", "name", "reporter"} | _RECORD


def with_firm(registry: Registry, extra: Path | None) -> Registry:
    """``registry`` with a firm's authorities file: a whole entry adds an authority (or replaces
    one with the same id); an entry of a bundled id with only ``status``, ``source``,
    ``verified_by``, ``verified_on`` and ``note`` records the firm's own verification of it.

    Raises:
        RegistryError: the firm's file is malformed (the message names it and the entry).
    """
    if extra is None:
        return registry
    data = read_toml(extra, RegistryError)
    merged = dict(registry.authorities)
    whole: dict[str, Any] = {}
    for key, where, entry in tables(data, extra, RegistryError):
        if key in merged and set(entry) <= _RECORD:
            status = str(entry.get("status", merged[key].status))
            if status not in STATUSES:
                raise RegistryError(f"{where}: status must be one of {', '.join(sorted(STATUSES))}")
            if status == VERIFIED and not (entry.get("verified_by") and entry.get("source")):
                raise RegistryError(
                    f"{where}: a firm's verification names who verified it (verified_by) and "
                    "against what (source)"
                )
            old = merged[key]
            merged[key] = replace(
                old,
                status=status,
                note=str(entry.get("note", old.note)),
                source=str(entry.get("source", old.source)),
                verified_by=str(entry.get("verified_by", old.verified_by)),
                verified_on=str(entry.get("verified_on", old.verified_on)),
            )
        else:
            whole[key] = entry
    merged |= _authorities(whole, extra)
    return Registry(merged, registry.source)
