"""Rules on the moving party: arrival and status consistent, dates possible for their age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from assembler.errors import Problem
from assembler.fields import before
from assembler.rules.registry import (
    VIVAR,
    Context,
    error,
    rule,
)

# --- the moving party -------------------------------------------------------------------------


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@rule("moving_party", "arrival date or age given and consistent with the date of birth")
def _moving_party(ctx: Context) -> Iterator[Problem]:
    party = ctx.case.moving_party
    if party is None:
        return
    entry = party.entry
    if entry is not None and entry.date is None and entry.age_at_arrival is None:
        yield error(
            "moving_party.entry.date",
            "give the date of entry, or the age at arrival",
            f"years in the U.S. and age at arrival are ties weighed for prejudice ({VIVAR})",
            "moving_party.arrival",
        )
    born = party.date_of_birth
    if entry and entry.date and born:
        if entry.date < born:
            yield error(
                "moving_party.entry.date",
                "is before the date of birth",
                None,
                "dates.entry_before_birth",
            )
        elif (
            entry.age_at_arrival is not None
            and abs(_age_on(born, entry.date) - entry.age_at_arrival) > 1
        ):
            yield error(
                "moving_party.entry.age_at_arrival",
                "does not match the date of birth and the date of entry; correct one of them",
                None,
                "moving_party.age_mismatch",
            )
    # Only when the dates show it: permanent residence "since 2002" and entry on June 1, 2002
    # may be in either order, and the papers print neither order.
    if entry and entry.lpr_since and entry.date and before(entry.lpr_since, entry.date):
        yield error(
            "moving_party.entry.lpr_since",
            "is before the date of entry",
            None,
            "dates.lpr_before_entry",
        )
    detailed = {"visa", "other"}
    if (
        party.immigration_status
        and party.immigration_status.value in detailed
        and not party.immigration_status_detail
    ):
        yield error(
            "moving_party.immigration_status_detail",
            "name the status (e.g. 'H-1B visa', 'TPS')",
            "the showing of a consequence explains how the conviction affects this status",
            "moving_party.status_detail",
        )


ADULT_COURT_AGE = 16
"""No adult court takes a plea from, or tries, anyone younger (Welf. & Inst. Code § 707, as
amended by SB 1391): a conviction dated earlier means a mistyped date."""


@rule("ages", "offense, plea and verdict dates possible for the date of birth")
def _ages(ctx: Context) -> Iterator[Problem]:
    party = ctx.case.moving_party
    born = party.date_of_birth if party else None
    if born is None or ctx.case.criminal_case is None:
        return
    for index, count in enumerate(ctx.case.criminal_case.counts):
        base = f"criminal_case.counts[{index}]"
        if count.offense_date and count.offense_date <= born:
            yield error(
                f"{base}.offense_date",
                "is before the moving party's date of birth; check both dates",
                None,
                "dates.offense_before_birth",
            )
        day = count.plea_or_verdict_date
        if day and day > born and _age_on(born, day) < ADULT_COURT_AGE:
            yield error(
                f"{base}.plea_or_verdict_date",
                f"would make the moving party {_age_on(born, day)} at the plea or verdict, younger "
                f"than any adult court takes ({ADULT_COURT_AGE}); check this date and "
                "moving_party.date_of_birth",
                "§ 1473.7 reaches adult convictions; a juvenile adjudication is not one",
                "dates.plea_age",
            )
        elif day and day <= born:
            yield error(
                f"{base}.plea_or_verdict_date",
                "is before the moving party's date of birth; check both dates",
                None,
                "dates.plea_before_birth",
            )
