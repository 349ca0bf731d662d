"""Which removal grounds a conviction comes within, for this person (review item 13).

Deportability grounds (INA § 237, 8 U.S.C. § 1227) reach only a person who has been admitted;
a person who entered without inspection, or was paroled in (parole is not an admission, INA
§ 101(a)(13)(B)), faces the inadmissibility grounds (INA § 212, 8 U.S.C. § 1182) instead. Within
the crime-involving-moral-turpitude ground, clause (A)(i) needs an offense committed within five
years after admission with a possible sentence of a year or more, and clause (A)(ii) needs two
such convictions not arising from a single scheme. A ground whose timing cannot fit the facts is
never stated.

All of this is practice knowledge (registry status R for ``ina-237`` and ``ina-212``): the papers
that state a ground cite those entries, so the build lists them for the attorney to verify.
"""

from __future__ import annotations

import datetime as dt

from .case import Case, Count, Entry
from .vocabulary import ConsequenceCategory, ImmigrationStatus, Level

_ADMITTED_STATUSES = frozenset({ImmigrationStatus.LPR, ImmigrationStatus.VISA})
_NEVER_ADMITTED_STATUSES = frozenset({ImmigrationStatus.DACA, ImmigrationStatus.UNDOCUMENTED})

_DEPORTABLE = "(deportability)"
_INADMISSIBLE = "(inadmissibility)"


_USC_ENTRY = {"1227": "ina-237", "1182": "ina-212", "1101": "ina-101-a-43"}


def _ground(ina: str, usc: str, kind: str = "") -> str:
    """``INA § 237(a)(2)(B)(i), 8 U.S.C. § 1227(a)(2)(B)(i) (deportability)``, the U.S. Code part
    written as a registry citation (``[@ina-237, (a)(2)(B)(i)]``) so that it carries the
    registry's verification status and enters the table of authorities."""
    section, _, pin = usc.partition("(")
    entry = _USC_ENTRY[section]
    usc_cite = f"[@{entry}]" if entry == "ina-101-a-43" else f"[@{entry}, ({pin}]"
    return f"INA § {ina}, {usc_cite}" + (f" {kind}" if kind else "")


def admitted(case: Case) -> bool | None:
    """Whether the moving party has been admitted to the United States: the case file's
    ``moving_party.entry.admitted`` when given; otherwise True for a permanent resident or visa
    holder (or anyone with a permanent-residence date), False for DACA and undocumented, and None
    (unknown) for any other status."""
    party = case.moving_party
    if party is None:
        return None
    entry = party.entry
    if entry is not None and entry.admitted is not None:
        return entry.admitted
    if party.immigration_status in _ADMITTED_STATUSES or (entry and entry.lpr_since):
        return True
    if party.immigration_status in _NEVER_ADMITTED_STATUSES:
        return False
    return None


def admission_date(entry: Entry | None) -> dt.date | None:
    """The date the five-year clock of INA § 237(a)(2)(A)(i) runs from, when the file gives it:
    the permanent-residence date, else the date of entry."""
    if entry is None:
        return None
    return entry.lpr_since or entry.date


def _within_five_years(count: Count | None, since: dt.date | None) -> bool:
    """Whether the offense was committed within five years after admission with a possible
    sentence of a year or more (a felony or a wobbler). Unknown dates never satisfy it: the
    ground is stated only when the file shows it fits."""
    if count is None or count.offense_date is None or since is None:
        return False
    if count.level is Level.MISDEMEANOR:
        return False
    try:
        five_years = since.replace(year=since.year + 5)
    except ValueError:  # admitted on February 29
        five_years = dt.date(since.year + 5, 3, 1)
    return since <= count.offense_date < five_years


def grounds(case: Case) -> dict[int, dict[str, str]]:
    """For each count the immigration section lists: each consequence category's removal
    grounds as one phrase in clause markup, for this person ("" when no ground reaches them).
    The phrases are computed from enums and dates, never from case text, so templates may print
    them as markup."""
    party = case.moving_party
    entry = party.entry if party else None
    is_admitted = admitted(case)
    deportable = is_admitted is not False  # unknown: state both, validate asks the question
    since = admission_date(entry)
    numbers = case.counts_by_number()
    consequences = case.immigration.consequences if case.immigration else []
    cimt_counts = sum(ConsequenceCategory.CIMT in c.categories for c in consequences)
    result: dict[int, dict[str, str]] = {}
    for consequence in consequences:
        if consequence.count is None:
            continue
        count = numbers.get(consequence.count)
        phrases: dict[str, str] = {}
        for category in consequence.categories:
            parts: list[str] = []
            if category is ConsequenceCategory.CIMT:
                if deportable:
                    clauses = []
                    if _within_five_years(count, since):
                        clauses.append("(i)")
                    if cimt_counts > 1:
                        clauses.append("(ii)")
                    if clauses:
                        pin = "(a)(2)(A)" + "-".join(clauses)
                        parts.append(_ground(f"237{pin}", f"1227{pin}", _DEPORTABLE))
                parts.append(_ground("212(a)(2)(A)(i)(I)", "1182(a)(2)(A)(i)(I)", _INADMISSIBLE))
            elif category is ConsequenceCategory.CONTROLLED_SUBSTANCE:
                if deportable:
                    parts.append(_ground("237(a)(2)(B)(i)", "1227(a)(2)(B)(i)", _DEPORTABLE))
                parts.append(_ground("212(a)(2)(A)(i)(II)", "1182(a)(2)(A)(i)(II)", _INADMISSIBLE))
            elif category is ConsequenceCategory.AGGRAVATED_FELONY:
                parts.append(_ground("101(a)(43)", "1101(a)(43)", "(definition)"))
                if deportable:
                    parts.append(_ground("237(a)(2)(A)(iii)", "1227(a)(2)(A)(iii)", _DEPORTABLE))
            elif category is ConsequenceCategory.DOMESTIC_VIOLENCE and deportable:
                parts.append(_ground("237(a)(2)(E)", "1227(a)(2)(E)", _DEPORTABLE))
            elif category is ConsequenceCategory.FIREARMS and deportable:
                parts.append(_ground("237(a)(2)(C)", "1227(a)(2)(C)", _DEPORTABLE))
            phrases[category.value] = " and ".join(parts)
        result[consequence.count] = phrases
    return result
