"""Which removal grounds a conviction comes within, for this person (review item 13).

Deportability grounds (INA § 237, 8 U.S.C. § 1227) reach only a person who has been admitted;
a person who entered without inspection, or was paroled in (parole is not an admission, INA
§ 101(a)(13)(B)), faces the inadmissibility grounds (INA § 212, 8 U.S.C. § 1182) instead. Within
the crime-involving-moral-turpitude ground, clause (A)(i) needs an offense committed within five
years after admission with a possible sentence of a year or more, and clause (A)(ii) needs two
such convictions not arising from a single scheme. A ground whose timing cannot fit the facts is
never stated.

The moral-turpitude ground of inadmissibility, INA § 212(a)(2)(A)(i)(I), does not apply to one
who committed only one crime whose maximum possible penalty did not exceed one year and whose
sentence did not exceed six months (the petty-offense exception, § 212(a)(2)(A)(ii)(II)). That
ground is stated plainly only where the facts rule the exception out (more than one such count,
a felony, a longer sentence); where they fit it, the phrase says the ground does not apply if this
is the only crime; where the case file lacks the facts to decide, it says the exception must be
checked. The juvenile exception of clause (ii)(I) is not modelled.

The statutory text of ``ina-237``, ``ina-212`` and ``ina-101-a-43`` was read (registry status V,
with its source); which ground fits a conviction is the attorney's (or the expert's) call, so the
clauses that print these phrases are marked for verification with a note saying so.
"""

from __future__ import annotations

import datetime as dt

from .case import Case, Count, Entry, Sentence
from .fields import SomeDate, earliest, latest
from .vocabulary import ConsequenceCategory, ImmigrationStatus, Level

_ADMITTED_STATUSES = frozenset({ImmigrationStatus.LPR, ImmigrationStatus.VISA})
_NEVER_ADMITTED_STATUSES = frozenset(
    {ImmigrationStatus.DACA, ImmigrationStatus.DACA_LAPSED, ImmigrationStatus.UNDOCUMENTED}
)

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
    holder (or anyone with a permanent-residence date), False for DACA (current or lapsed) and undocumented, and None
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


def admission_date(entry: Entry | None) -> SomeDate | None:
    """The date the five-year clock of INA § 237(a)(2)(A)(i) runs from, when the file gives it:
    the permanent-residence date (which may be known only to its year or month), else the date
    of entry."""
    if entry is None:
        return None
    return entry.lpr_since or entry.date


def _plus_five_years(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # admitted on February 29
        return dt.date(day.year + 5, 3, 1)


def five_year_clock(count: Count | None, since: SomeDate | None) -> bool | None:
    """Whether the offense was committed within five years after admission with a possible
    sentence of a year or more (a felony or a wobbler): True or False when the file shows it,
    None when an admission date known only to its year or month cannot tell (admitted in 2002,
    offense on March 3, 2007). Unknown dates, or a misdemeanor, never satisfy it (False): the
    ground is stated only when the file shows it fits."""
    if count is None or count.offense_date is None or since is None:
        return False
    if count.level is Level.MISDEMEANOR:
        return False
    offense = count.offense_date
    if offense < earliest(since) or offense >= _plus_five_years(latest(since)):
        return False
    if latest(since) <= offense < _plus_five_years(earliest(since)):
        return True
    return None


_SIX_MONTHS_AT_MOST = 180
"""Days a sentence may run and certainly not exceed six months."""
_SIX_MONTHS_AT_LEAST = 184
"""Days beyond which a sentence certainly exceeds six months (no six months are longer)."""


def _term_days(sentence: Sentence | None) -> tuple[int, int] | None:
    """The term of imprisonment imposed on a count, in days, as (at least, at most): a term
    counts whether or not its imposition or execution was suspended (INA § 101(a)(48)(B)), and
    the file does not say whether jail days fall within a suspended term, so they may add up.
    None when the file gives no custody term at all (jail, suspended term or prison)."""
    if sentence is None:
        return None
    jail, suspended, prison = (
        sentence.jail_days,
        sentence.suspended_term_days,
        sentence.prison_months,
    )
    if jail is None and suspended is None and prison is None:
        return None
    jail, suspended, prison = jail or 0, suspended or 0, prison or 0
    return max(jail, suspended, prison * 30), jail + suspended + prison * 31


def petty_offense(count: Count | None, cimt_counts: int) -> bool | None:
    """Whether the petty-offense exception of INA § 212(a)(2)(A)(ii)(II) can apply to this count:
    False when the facts rule it out (more than one moral-turpitude count, a felony, a sentence
    over six months); True when they fit it (the only such count, a misdemeanor or infraction,
    whose maximum is at most 364 days under Pen. Code § 18.5, and a sentence of six months or
    less), though whether it is the person's only crime is beyond the file; None when the file
    lacks what decides it (the level, the sentence, or a felony reduced under § 17(b), whose
    maximum for this purpose is for the attorney)."""
    if cimt_counts > 1:
        return False
    if count is None or count.level is None or count.reduced_17b_on is not None:
        return None
    if count.level is Level.FELONY:
        return False
    term = _term_days(count.sentence)
    if term is None:
        return None
    least, most = term
    if least > _SIX_MONTHS_AT_LEAST:
        return False
    return True if most <= _SIX_MONTHS_AT_MOST else None


_PETTY = _ground("212(a)(2)(A)(ii)(II)", "1182(a)(2)(A)(ii)(II)")


def _cimt_inadmissibility(count: Count | None, cimt_counts: int) -> str:
    """The moral-turpitude ground of inadmissibility, as certain as the facts make it."""
    ground = _ground("212(a)(2)(A)(i)(I)", "1182(a)(2)(A)(i)(I)", _INADMISSIBLE)
    petty = petty_offense(count, cimt_counts)
    if petty is False:
        return ground
    if petty:
        assert count is not None
        level = "an infraction" if count.level is Level.INFRACTION else "a misdemeanor"
        return (
            f"{ground}, unless the petty-offense exception applies ({_PETTY}): the offense is "
            f"{level} and the sentence imposed did not exceed six months, so the ground does not "
            "apply if it is the only crime committed"
        )
    return (
        f"{ground}, unless the petty-offense exception applies ({_PETTY}: only one crime, a "
        "maximum possible penalty of one year or less, and a sentence of six months or less), "
        "which must be checked against the record of conviction"
    )


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
                    if five_year_clock(count, since):  # None: validate asks for the date
                        clauses.append("(i)")
                    if cimt_counts > 1:
                        clauses.append("(ii)")
                    if clauses:
                        pin = "(a)(2)(A)" + "-".join(clauses)
                        parts.append(_ground(f"237{pin}", f"1227{pin}", _DEPORTABLE))
                parts.append(_cimt_inadmissibility(count, cimt_counts))
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
