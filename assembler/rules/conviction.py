"""Rules on the conviction: custody gate, the person, counts, immigration, timeliness, relief."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from assembler.errors import Problem
from assembler.law import DEJ_REPLACED, SB281_EFFECTIVE
from assembler.rules.registry import (
    DILIGENCE_WARNING_DAYS,
    E1,
    G_NOTICE,
    VIVAR,
    Context,
    at,
    error,
    filing_date,
    rule,
    warning,
)
from assembler.vocabulary import (
    ConsequenceCategory,
    CourtAdvisement,
    Disposition,
    PresenceReason,
    ProceedingsStatus,
)

# --- the gate: custody --------------------------------------------------------------------------


@rule("custody", "not in criminal custody on this case; custody and probation dates consistent")
def _custody(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    party = case.moving_party
    custody = party.custody if party else None
    gate = (
        "Pen. Code § 1473.7(a): only a person no longer in criminal custody on the challenged "
        "conviction may bring the motion (custody in another case is no bar: People v. Rodriguez "
        "(2021) 68 Cal.App.5th 301)"
    )
    if custody and custody.in_criminal_custody_on_this_case:
        yield error(
            "moving_party.custody.in_criminal_custody_on_this_case",
            "the moving party is still in criminal custody on this case, so the motion cannot "
            "be brought yet",
            gate,
            "custody.gate",
        )
    criminal = case.criminal_case
    if criminal is None:
        return
    convicted = case.latest_conviction_date()
    if (
        criminal.custody_ended_on is None
        and custody
        and custody.in_criminal_custody_on_this_case is False
    ):
        yield warning(
            "criminal_case.custody_ended_on",
            "add the date criminal custody on this case ended (sentence date if no jail was served)",
            gate,
            "custody.end_date",
        )
    if criminal.custody_ended_on and convicted and criminal.custody_ended_on < convicted:
        yield error(
            "criminal_case.custody_ended_on",
            "is before the last plea or verdict date: custody on a conviction cannot end before it",
            None,
            "dates.custody_before_conviction",
        )
    filing = filing_date(case)
    if criminal.probation_ended_on and filing and criminal.probation_ended_on > filing:
        yield warning(
            "criminal_case.probation_ended_on",
            "probation on this case has not ended by the filing date; probation may count as "
            "criminal custody on the conviction. Verify before filing",
            gate,
            "custody.probation",
        )
    sentenced = [c.sentence_date for c in criminal.counts if c.sentence_date]
    if criminal.probation_ended_on and sentenced and criminal.probation_ended_on < min(sentenced):
        yield error(
            "criminal_case.probation_ended_on",
            "is before the sentence date: probation cannot end before it is imposed",
            None,
            "dates.probation_before_sentence",
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
            "give the date of entry or moving_party.entry.age_at_arrival",
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
    if entry and entry.lpr_since and entry.date and entry.lpr_since < entry.date:
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
            "the (e)(1) showing explains how the conviction affects this status",
            "moving_party.status_detail",
        )


# --- counts and later relief ------------------------------------------------------------------


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


COUNT_DATE_ORDER: tuple[tuple[str, str, str, str, str], ...] = (
    # earlier field, later field, the field the error names, the message, the rule code
    (
        "offense_date",
        "plea_or_verdict_date",
        "offense_date",
        "is after the plea or verdict date",
        "dates.offense_after_plea",
    ),
    (
        "plea_or_verdict_date",
        "sentence_date",
        "plea_or_verdict_date",
        "is after the sentence date",
        "dates.plea_after_sentence",
    ),
    (
        "plea_or_verdict_date",
        "reduced_17b_on",
        "reduced_17b_on",
        "is before the plea or verdict date",
        "dates.17b_before_conviction",
    ),
)
"""The order a count's own dates must keep: one table, so a new date is one row."""


@rule("counts", "count numbers unique; offense, plea/verdict, sentence and later dates in order")
def _counts(ctx: Context) -> Iterator[Problem]:
    criminal = ctx.case.criminal_case
    if criminal is None:
        return
    numbers = Counter(c.number for c in criminal.counts if c.number is not None)
    grounds = ctx.case.grounds
    a1 = grounds.a1 if grounds else None
    advisement = a1.advisement if a1 else None
    # The reminder is moot once the case records that the verbatim advisement was given.
    sb281_checked = bool(
        advisement and advisement.court_advisement is CourtAdvisement.VERBATIM_SB281
    )
    for i, count in enumerate(criminal.counts):
        base = ("criminal_case", "counts", i)
        if count.number is not None and numbers[count.number] > 1:
            yield error(
                at(*base, "number"),
                f"count {count.number} is listed more than once",
                None,
                "counts.duplicate",
            )
        for earlier, later, named, message, code in COUNT_DATE_ORDER:
            first, then = getattr(count, earlier), getattr(count, later)
            if first and then and first > then:
                yield error(at(*base, named), message, None, code)
        if count.reduced_17b_on and count.level is not None and count.level.value != "felony":
            yield error(
                at(*base, "reduced_17b_on"),
                "only a felony can be reduced under Pen. Code § 17(b): set level to felony "
                "(the level at conviction) or remove the reduction",
                None,
                "counts.17b_level",
            )
        if (
            count.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT
            and not ctx.case.dej_completed(count)
        ):
            yield warning(
                at("criminal_case", "later_relief"),
                f"count {count.number or i + 1} was a deferred entry of judgment plea: if the "
                "program was completed, add a later_relief entry of kind dej_completed",
                "Pen. Code § 1473.7(e)(2) presumes legal invalidity when the DEJ was completed",
                "counts.dej_completion",
            )
        if (
            count.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT
            and count.plea_or_verdict_date
            and count.plea_or_verdict_date >= DEJ_REPLACED
        ):
            yield warning(
                at(*base, "disposition"),
                "deferred entry of judgment with a plea on or after 2018-01-01: Pen. Code § 1000 "
                "became pretrial diversion without a plea then; check the disposition and its date",
                "AB 208 (Stats. 2017, ch. 778) replaced deferred entry of judgment from "
                "2018-01-01; verify before filing",
                "counts.dej_after_2018",
            )
        if (
            count.is_plea
            and count.plea_or_verdict_date
            and count.plea_or_verdict_date >= SB281_EFFECTIVE
            and not sb281_checked
        ):
            sb281_checked = True  # one reminder per case
            yield warning(
                at(*base, "plea_or_verdict_date"),
                "plea on or after 2026-01-01: the court had to give the verbatim SB 281 "
                "advisement; check the transcript for it",
                "Pen. Code § 1016.5 as amended by SB 281 (Stats. 2025, ch. 666) applies to pleas "
                "from 2026-01-01; verify before filing",
                "advisement.sb281",
            )
    sentenced = [c.sentence_date or c.plea_or_verdict_date for c in criminal.counts]
    first_sentence = min((d for d in sentenced if d), default=None)
    for j, relief in enumerate(criminal.later_relief):
        base = ("criminal_case", "later_relief", j)
        if relief.date and first_sentence and relief.date < first_sentence:
            yield error(
                at(*base, "date"),
                "is before the sentence it follows",
                None,
                "dates.relief_before_sentence",
            )
        for k, number in enumerate(relief.counts):
            if number not in numbers:
                yield error(
                    at(*base, "counts", k),
                    f"count {number} is not among criminal_case.counts",
                    None,
                    "counts.unknown",
                )


# --- immigration ------------------------------------------------------------------------------


@rule("immigration", "(a)(1) has an (e)(1) consequence per count; notices dated consistently")
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
                f"count {consequence.count} is not among criminal_case.counts",
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


# --- relief ----------------------------------------------------------------------------------


@rule("relief", "counts exist; plea withdrawal fits; IAC finding has (g) notice; presence request")
def _relief(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    relief = case.relief
    if relief is None:
        return
    numbers = case.counts_by_number()
    for i, number in enumerate(relief.vacate_counts):
        if numbers and number not in numbers:
            yield error(
                at("relief", "vacate_counts", i),
                f"count {number} is not among criminal_case.counts",
                None,
                "counts.unknown",
            )
        elif relief.vacate_counts.index(number) != i:
            yield error(
                at("relief", "vacate_counts", i),
                f"count {number} is listed twice",
                None,
                "counts.duplicate",
            )
    vacated = [numbers[n] for n in relief.vacate_counts if n in numbers]
    plea_reason = (
        "Pen. Code § 1473.7(e)(3): when a plea conviction is vacated the court shall allow the "
        "plea to be withdrawn"
    )
    if (
        vacated
        and relief.withdraw_plea
        and all(c.disposition is Disposition.TRIAL_VERDICT for c in vacated)
    ):
        yield error(
            "relief.withdraw_plea",
            "every count to vacate is a conviction after trial: there is no plea to withdraw; "
            "set withdraw_plea to false",
            plea_reason,
            "relief.no_plea",
        )
    if vacated and not relief.withdraw_plea and any(c.is_plea for c in vacated):
        yield warning(
            "relief.withdraw_plea",
            "a count to vacate came from a plea, but withdrawal of the plea is not requested",
            plea_reason,
            "relief.withdraw_not_requested",
        )
    if relief.specific_iac_finding:
        if case.grounds is None or case.grounds.a1 is None:
            yield error(
                "relief.specific_iac_finding",
                "a finding of ineffective assistance belongs to ground (a)(1)",
                "Pen. Code § 1473.7(a)(1)",
                "iac.without_a1",
            )
        if case.prior_counsel is None:
            yield error(
                "prior_counsel",
                "a specific finding of ineffective assistance is requested: identify prior "
                "counsel, who must get notice of the hearing",
                G_NOTICE,
                "iac.no_prior_counsel",
            )
        elif case.prior_counsel.address is None:
            yield error(
                "prior_counsel.address",
                "required to serve prior counsel with notice of the hearing",
                G_NOTICE + " (served as under Code Civ. Proc. § 416.90)",
                "iac.no_address",
            )
    party = case.moving_party
    detention = party.custody.immigration_detention if party and party.custody else None
    presence = relief.without_personal_presence
    if presence and presence.reason is PresenceReason.DETAINED and detention is None:
        yield error(
            "moving_party.custody.immigration_detention",
            "the request to proceed without personal presence says the moving party is "
            "detained: give the detention facility",
            "Pen. Code § 1473.7(d): the request states the good cause",
            "presence.detention_missing",
        )
    if detention is not None and presence is None:
        yield warning(
            "relief.without_personal_presence",
            "the moving party is detained: consider asking to hold the hearing without personal presence",
            "Pen. Code § 1473.7(d): for good cause the court may hold the hearing without the "
            "moving party's personal presence",
            "presence.consider",
        )
