"""Rules on the immigration side: the consequence shown per count, notices in order, (b)(2) timeliness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from assembler.errors import Problem
from assembler.rules.registry import (
    DILIGENCE_WARNING_DAYS,
    E1,
    Context,
    at,
    error,
    filing_date,
    rule,
    warning,
)
from assembler.vocabulary import (
    ConsequenceCategory,
    ProceedingsStatus,
)

# --- immigration ------------------------------------------------------------------------------


@rule("immigration", "(a)(1) shows a consequence per count; notices dated consistently")
def _immigration(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    a1 = case.grounds.a1 if case.grounds else None
    immigration = case.immigration
    consequences = immigration.consequences if immigration else []
    numbers = case.counts_by_number()
    if a1 is not None and not consequences:
        yield error(
            "immigration.consequences",
            "ground (a)(1) needs at least one immigration consequence of a count",
            E1,
            "a1.no_consequence",
        )
    for i, consequence in enumerate(consequences):
        base = ("immigration", "consequences", i)
        if consequence.count is not None and numbers and consequence.count not in numbers:
            yield error(
                at(*base, "count"),
                f"count {consequence.count} is not among the counts of the criminal case",
                None,
                "counts.unknown",
            )
        if ConsequenceCategory.OTHER in consequence.categories and not consequence.other:
            yield error(
                at(*base, "other"),
                "describe the consequence listed as 'other'",
                E1,
                "immigration.other",
            )
    relief = case.relief
    vacated = set(relief.vacate_counts) if relief else set()
    if relief and relief.vacate_counts:
        with_consequence = {c.count for c in consequences if c.count is not None}
        for number in sorted(with_consequence - vacated):
            if number in numbers:
                yield warning(
                    "relief.vacate_counts",
                    f"count {number} has an immigration consequence but is not among the counts to vacate",
                    None,
                    "relief.consequence_not_vacated",
                )
        grounds = case.grounds
        only_a1 = (
            grounds is not None and a1 is not None and grounds.a2 is None and grounds.a3 is None
        )
        if only_a1 and consequences:
            for number in sorted(vacated - with_consequence):
                if number in numbers:
                    yield warning(
                        "immigration.consequences",
                        f"count {number} is to be vacated under (a)(1) but no consequence is given for it",
                        E1,
                        "a1.count_without_consequence",
                    )
    if immigration is None:
        return
    first_conviction = min(
        (c.plea_or_verdict_date for c in numbers.values() if c.plea_or_verdict_date), default=None
    )
    notices: list[tuple[str, dt.date | None]] = [
        ("immigration.notice_to_appear_date", immigration.notice_to_appear_date),
        ("immigration.final_removal_order_date", immigration.final_removal_order_date),
    ]
    notices += [
        (at("immigration", "benefit_denials", i, "date"), d.date)
        for i, d in enumerate(immigration.benefit_denials)
    ]
    for path, day in notices:
        if day and first_conviction and day < first_conviction:
            yield warning(
                path,
                "is before the conviction, so this notice cannot rest on it; check the date",
                "Pen. Code § 1473.7(b)(2) counts notices asserting the conviction as a ground",
                "dates.notice_before_conviction",
            )
    nta, order = immigration.notice_to_appear_date, immigration.final_removal_order_date
    if nta and order and order < nta:
        yield warning(
            "immigration.final_removal_order_date",
            "is before the notice to appear; check both dates",
            None,
            "dates.order_before_nta",
        )
    ordered = {ProceedingsStatus.REMOVAL_ORDERED, ProceedingsStatus.REMOVED}
    if immigration.proceedings_status in ordered and order is None:
        yield warning(
            "immigration.final_removal_order_date",
            "add the date of the removal order",
            "Pen. Code § 1473.7(b)(2)(B): notice of a final removal order can start the "
            "reasonable-diligence period",
            "immigration.order_date",
        )


# --- timeliness (b)(2) ------------------------------------------------------------------------


@rule(
    "timeliness",
    "(b)(2): warn when filed long after the latest notice without a diligence narrative",
)
def _timeliness(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    immigration = case.immigration
    if case.grounds is None or case.grounds.a1 is None or immigration is None:
        return
    triggers = [immigration.notice_to_appear_date, immigration.final_removal_order_date]
    triggers += [d.date for d in immigration.benefit_denials]
    known = [d for d in triggers if d is not None]
    if not known:
        return
    latest = max(known)
    filing = filing_date(case)
    if filing is None:
        yield warning(
            "filing_date",
            "add the planned filing date so timeliness after the immigration notices can be checked",
            "Pen. Code § 1473.7(b)(2)",
            "timeliness.no_filing_date",
        )
        return
    narrative = case.timeliness.diligence_narrative if case.timeliness else None
    if (filing - latest).days > DILIGENCE_WARNING_DAYS and narrative is None:
        yield warning(
            "timeliness.diligence_narrative",
            f"the motion comes {(filing - latest).days} days after the latest immigration notice: "
            "explain the diligence shown since",
            "Pen. Code § 1473.7(b)(2): the court may deem the motion untimely if not filed with "
            "reasonable diligence after the notice; the bar is discretionary (People v. Perez "
            "(2021) 67 Cal.App.5th 1008)",
            "timeliness.diligence",
        )
    convicted = case.latest_conviction_date()
    if case.filing_date and convicted and case.filing_date < convicted:
        yield error(
            "filing_date", "is before the conviction", None, "dates.filing_before_conviction"
        )
