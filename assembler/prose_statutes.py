"""Statutes named in prose, for the table of authorities (legal review 2, I4).

The table of authorities lists every registry citation (``[@pen-1473.7]``). Much of the law a
paper names is not a registry citation: the offense sections printed by the ``statute`` filter
("Pen. Code, § 484, subd. (a)"), the alternatives the case file describes ("pretrial diversion
under Pen. Code, § 1000"), and the INA sections of the removal grounds and of the case file's
explanations ("INA §§ 101(f)(3), 212(h)"). Those are free text, often the case file's own, so
they cannot be registry ids. This module reads the paper's text for them instead, by the
citation forms California papers use, and lists each statute once, at the level of the section
("Pen. Code, § 273.5"; "INA § 212"), as tables of authorities do.

What it recognizes (and nothing else, so a sentence that merely says "section 1000" with no
code is never guessed at):
- "[Code], § N" and "[Code], §§ N, M and P" for the California codes the papers cite
  (Pen. Code, Health & Saf. Code, Veh. Code, Code Civ. Proc., Evid. Code, Gov. Code,
  Welf. & Inst. Code, Bus. & Prof. Code);
- "Penal Code section N" and "Health and Safety Code section N";
- "INA § N" and "INA §§ N, M" (101(f)(3), 212(h), 240A ...);
- "8 U.S.C. § N" (any title of the U.S. Code).

A statute the paper also cites through the registry is not listed twice: a prose mention of a
section the registry already lists (same code, same section; an INA section counts as its
8 U.S.C. section) is left to the registry's entry. The page a prose mention points at is the
page of the nearest registry citation in the same block, else of the heading above it, so a
page number can be off by one where a long paragraph crosses a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["INA_TO_USC", "cite", "keys_of", "natural", "statute_key", "statutes_in"]

_CALIFORNIA = {
    "Pen. Code": "Pen. Code",
    "Penal Code": "Pen. Code",
    "Health & Saf. Code": "Health & Saf. Code",
    "Health and Safety Code": "Health & Saf. Code",
    "Veh. Code": "Veh. Code",
    "Code Civ. Proc.": "Code Civ. Proc.",
    "Evid. Code": "Evid. Code",
    "Gov. Code": "Gov. Code",
    "Welf. & Inst. Code": "Welf. & Inst. Code",
    "Bus. & Prof. Code": "Bus. & Prof. Code",
}

INA_TO_USC = {
    "101": "1101",
    "208": "1158",
    "209": "1159",
    "212": "1182",
    "237": "1227",
    "240": "1229a",
    "240A": "1229b",
    "240B": "1229c",
    "241": "1231",
    "245": "1255",
    "316": "1427",
}
"""The INA sections the papers name, with their 8 U.S.C. sections (for the registry check)."""

_TOKEN = r"\d+(?:\.\d+)?[A-Za-z]?(?:\([A-Za-z0-9]+\))*"
_LIST = rf"{_TOKEN}(?:(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_TOKEN})*"
_CODES = "|".join(re.escape(code) for code in _CALIFORNIA if "." in code)
_PATTERNS = (
    (re.compile(rf"({_CODES}),?\s+§§?\s*({_LIST})"), None),
    (re.compile(rf"(Penal Code|Health and Safety Code)\s+sections?\s+({_LIST})"), None),
    (re.compile(rf"INA\s+§§?\s*({_LIST})"), "INA"),
    (re.compile(rf"(\d+)\s+U\.S\.C\.\s+§§?\s*({_LIST})"), "USC"),
)
_SECTION = re.compile(r"\d+(?:\.\d+)?[A-Za-z]?")
_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")


def _sections(listed: str) -> list[str]:
    found = []
    for token in _SPLIT.split(listed):
        match = _SECTION.match(token.strip())
        if match:
            found.append(match.group(0))
    return found


def statutes_in(text: str) -> list[tuple[str, str]]:
    """Each statute named in ``text``, as (code, section): ("Pen. Code", "273.5"),
    ("INA", "212"), ("8 U.S.C.", "1182"); in order, once each."""
    found: list[tuple[str, str]] = []
    flat = " ".join(text.split())
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(flat):
            if kind == "INA":
                code, listed = "INA", match.group(1)
            elif kind == "USC":
                code, listed = f"{match.group(1)} U.S.C.", match.group(2)
            else:
                code, listed = _CALIFORNIA[match.group(1)], match.group(2)
            for section in _sections(listed):
                if (code, section) not in found:
                    found.append((code, section))
    return found


def statute_key(code: str, section: str) -> tuple[str, str]:
    """The key two mentions of one statute share: an INA section is its 8 U.S.C. section."""
    if code == "INA" and section in INA_TO_USC:
        return ("8 U.S.C.", INA_TO_USC[section])
    return (code, section)


def cite(code: str, section: str) -> str:
    """The table's line for a statute: "Pen. Code, § 273.5", "INA § 212", "8 U.S.C. § 1182"."""
    return f"{code}, § {section}" if code in _CALIFORNIA.values() else f"{code} § {section}"


def keys_of(texts: Iterable[str]) -> set[tuple[str, str]]:
    """The statute keys named in ``texts`` (the registry's full citations, for the check)."""
    return {statute_key(code, section) for text in texts for code, section in statutes_in(text)}


def natural(text: str) -> tuple[tuple[int, object], ...]:
    """A sort key that orders numbers as numbers: § 372.5 before § 1000, § 1016.2 before
    § 1016.10 (each run of digits compares by value; letters ignore case)."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts if p)
