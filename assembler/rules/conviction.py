"""Rules on the conviction: the custody gate, the counts and later relief, the relief asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from assembler.errors import Problem
from assembler.law import CURRENT, DEJ_REPLACED, SB281_EFFECTIVE
from assembler.rules.registry import (
    G_NOTICE,
    Context,
    at,
    error,
    filing_date,
    rule,
    warning,
)
from assembler.vocabulary import (
    CourtAdvisement,
    Disposition,
    PresenceReason,
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


# --- counts and later relief ------------------------------------------------------------------


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
                f"Pen. Code {CURRENT.cite('presumption')} presumes legal invalidity when the DEJ was completed",
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
                    f"count {number} is not among the counts of the criminal case",
                    None,
                    "counts.unknown",
                )


# --- relief ----------------------------------------------------------------------------------


@rule(
    "relief",
    "counts exist; plea withdrawal fits; IAC finding has notice to counsel; presence request",
)
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
                f"count {number} is not among the counts of the criminal case",
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
        f"Pen. Code {CURRENT.cite('withdrawal')}: when a plea conviction is vacated the court shall allow the "
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
