"""The authorities registry: every authority the library may cite, and its citation forms.

Clauses cite by id (``[@vivar, 523]``), so citations are always in California Style Manual form,
the first citation in a document is full and later ones short, and a table of authorities can be
built from data instead of re-parsing text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from assembler.errors import AssemblerError
from assembler.resources import bundled

__all__ = ["Authority", "AuthorityKind", "Registry", "RegistryError", "load_registry", "with_firm"]

BUNDLED = bundled("clauses") / "authorities.toml"
VERIFIED = "V"
STATUSES = {"V", "V2", "R", "U"}


class AuthorityKind(StrEnum):
    CASE = "case"
    STATUTE = "statute"
    RULE = "rule"
    OTHER = "other"


class RegistryError(AssemblerError):
    """The authorities file is malformed."""


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
                return "", self.name, rest + (f", {pin}" if pin else "")
            if pin:
                return "", self.short, f", supra, {self.reporter} at p. {pin}"
            return "", self.short, f", supra, {self.full[self.full.index(self.reporter) :]}"
        text = self.full if first or self.kind is not AuthorityKind.OTHER else self.short
        if pin and self.kind is AuthorityKind.STATUTE and "U.S.C." not in text:
            several = re.fullmatch(r"\([^)]*\)(, \([^)]*\))+", pin)  # (a), (b)
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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: {exc}") from None
    authorities: dict[str, Authority] = {}
    for key, entry in data.items():
        where = f"{path}: [{key}]"
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: must be a table")
        unknown = set(entry) - {"kind", "full", "short", "status", "name", "reporter", "note"}
        if unknown:
            raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
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
    return Registry(authorities, path)


def with_firm(registry: Registry, extra: Path | None) -> Registry:
    """``registry`` with a firm's authorities file added (an entry with a bundled id replaces it).

    Raises:
        RegistryError: the firm's file is malformed (the message names it and the entry).
    """
    if extra is None:
        return registry
    firm = load_registry(extra)
    return Registry(registry.authorities | firm.authorities, registry.source)
