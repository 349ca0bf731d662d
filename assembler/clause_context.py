"""The names a clause sees besides the case file's own sections (``party``, ``vacated``,
``theories``, ``removal_grounds`` ...), and their types for the clause lint. Each is documented
in clauses/README.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from assembler import record, removal
from assembler.case import (
    Case,
    Count,
    Declaration,
    FilingCounsel,
    GroundA1,
    GroundA2,
    GroundA3,
    LaterRelief,
    MovingParty,
    TimelineEvent,
)
from assembler.filters import CONSEQUENCE_LABELS, years_between
from assembler.law import PEN_1016_3_EFFECTIVE, SB281_EFFECTIVE
from assembler.views import Markup, MissingFact, wrap
from assembler.vocabulary import Disposition, LaterReliefKind

_STATUS = {
    "us_citizen": "a U.S. citizen",
    "lpr": "a lawful permanent resident",
    "daca": "a DACA recipient",
    "visa": "a visa holder",
    "undocumented": None,
    "other": None,
    "unknown": None,
}


def _chronology(case: Case) -> list[Any]:
    """The dated events of the (b)(2) diligence chronology, oldest first.

    Immigration notices come from the immigration section; the case's own timeline events are
    added, and a derived event is dropped when the timeline already has an entry that day.
    """
    events: list[tuple[dt.date, int, Any]] = []
    timeline = case.timeliness.events if case.timeliness else []
    own_dates = {e.date for e in timeline if e.date is not None}
    immigration = case.immigration

    def derived(date: dt.date | None, text: str, path: str) -> None:
        if date is not None and date not in own_dates:
            events.append(
                (
                    date,
                    len(events),
                    wrap(TimelineEvent.model_construct(date=date, event=text), path),
                )
            )

    if immigration is not None:
        derived(
            immigration.notice_to_appear_date,
            "The Department of Homeland Security issues a notice to appear (Form I-862) "
            "charging removability",
            "immigration.notice_to_appear_date",
        )
        for i, denial in enumerate(immigration.benefit_denials):
            agency = denial.agency or "Immigration authorities"
            benefit = denial.benefit or "an immigration benefit"
            derived(denial.date, f"{agency} denies {benefit}", f"immigration.benefit_denials[{i}]")
        derived(
            immigration.final_removal_order_date,
            "Final order of removal",
            "immigration.final_removal_order_date",
        )
    for i, event in enumerate(timeline):
        if event.date is not None:
            events.append((event.date, len(events), wrap(event, f"timeliness.events[{i}]")))
    return [view for _, _, view in sorted(events, key=lambda e: (e[0], e[1]))]


def _trigger(case: Case, *, first: bool = False) -> dt.date | None:
    """The later of the (b)(2) triggers: an immigration notice or denial, a final removal order;
    with ``first``, the statute's own trigger, the date the People will measure from (review
    item 21): the later of the *first* notice asserting the conviction (a notice to appear or a
    benefit denial) and the final removal order."""
    immigration = case.immigration
    if immigration is None:
        return None
    notices = [immigration.notice_to_appear_date, *(d.date for d in immigration.benefit_denials)]
    known_notices = [d for d in notices if d is not None]
    order = immigration.final_removal_order_date
    if first:
        candidates = [min(known_notices)] if known_notices else []
        candidates += [order] if order is not None else []
        return max(candidates) if candidates else None
    known = known_notices + ([order] if order is not None else [])
    return max(known) if known else None


def _consequence_phrases(case: Case) -> list[str]:
    """Each consequence category the case lists, once: "a crime involving moral turpitude"."""
    consequences = case.immigration.consequences if case.immigration else []
    labels = [CONSEQUENCE_LABELS[c.value] for item in consequences for c in item.categories]
    return list(dict.fromkeys(labels))


def _family_phrases(case: Case) -> list[str]:
    party = case.moving_party
    family = party.ties.family if party and party.ties else []
    phrases = []
    for member in family:
        if member.relationship is None:
            continue
        details = [f"age {member.age}"] if member.age is not None else []
        status = _STATUS.get(member.status.value) if member.status else None
        if status:
            details.append(status)
        phrases.append(member.relationship + (f" ({', '.join(details)})" if details else ""))
    return phrases


def case_context(case: Case) -> dict[str, Any]:
    """Facts and derived facts available to clauses, conditions and titles (see CONTEXT_TYPES)."""
    ctx: dict[str, Any] = {}
    for name, info in Case.model_fields.items():
        if info.alias is None:
            ctx[name] = wrap(getattr(case, name), name)
    party = case.moving_party
    counts = case.criminal_case.counts if case.criminal_case else []
    numbers = case.counts_by_number()
    vacate = case.relief.vacate_counts if case.relief else []
    vacated = [numbers[n] for n in vacate if n in numbers]
    grounds = case.grounds
    a1 = grounds.a1 if grounds else None
    entry = party.entry if party else None
    arrival_age = entry.age_at_arrival if entry else None
    if arrival_age is None and entry and entry.date and party and party.date_of_birth:
        arrival_age = years_between(party.date_of_birth, entry.date)
    trigger = _trigger(case)
    first_trigger = _trigger(case, first=True)
    ctx |= {
        "party": ctx["moving_party"],
        "counsel": ctx["filing_counsel"],
        "pro_per": case.self_represented,
        "counts": ctx["criminal_case"].counts if case.criminal_case else [],
        "vacated": [wrap(c, f"criminal_case.counts[{counts.index(c)}]") for c in vacated],
        "plea_case": any(c.is_plea for c in vacated),
        "trial_case": bool(vacated)
        and all(c.disposition is Disposition.TRIAL_VERDICT for c in vacated),
        "a1": ctx["grounds"].a1 if grounds else MissingFact("grounds.a1"),
        "a2": ctx["grounds"].a2 if grounds else MissingFact("grounds.a2"),
        "a3": ctx["grounds"].a3 if grounds else MissingFact("grounds.a3"),
        "theories": [t.value for t in a1.error_theories] if a1 else [],
        "family_phrases": _family_phrases(case),
        "consequence_phrases": _consequence_phrases(case),
        "age_at_arrival": arrival_age
        if arrival_age is not None
        else MissingFact("moving_party.entry.age_at_arrival"),
        "convictions": "the convictions" if len(vacated) > 1 else "the conviction",
        "before_1016_3": bool(vacated)
        and all(
            c.plea_or_verdict_date is not None and c.plea_or_verdict_date < PEN_1016_3_EFFECTIVE
            for c in vacated
        ),
        "sb281_plea": any(
            c.is_plea
            and c.plea_or_verdict_date is not None
            and c.plea_or_verdict_date >= SB281_EFFECTIVE
            for c in vacated
        ),
        "dej_case": any(c.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT for c in vacated),
        "dej_completed": any(case.dej_completed(c) for c in vacated),
        "expunged": [
            wrap(r, f"criminal_case.later_relief[{i}]")
            for i, r in enumerate(case.criminal_case.later_relief if case.criminal_case else [])
            if r.kind is LaterReliefKind.EXPUNGEMENT_1203_4
            and (not r.counts or any(c.number in r.counts for c in vacated))
        ],
        "chronology": _chronology(case),
        "removal_grounds": {
            number: {category: Markup(text) for category, text in phrases.items()}
            for number, phrases in removal.grounds(case).items()
        },
        "decl": record.declaration_cites(case),
        "trigger_date": trigger if trigger is not None else MissingFact("immigration"),
        "days_after_trigger": (case.filing_date - trigger).days
        if trigger is not None and case.filing_date is not None
        else MissingFact("filing_date"),
        "first_trigger_date": first_trigger
        if first_trigger is not None
        else MissingFact("immigration"),
        "days_after_first_trigger": (case.filing_date - first_trigger).days
        if first_trigger is not None and case.filing_date is not None
        else MissingFact("filing_date"),
        "years_in_us": (
            years_between(entry.date, case.filing_date)
            if entry and entry.date and case.filing_date
            else MissingFact("moving_party.entry.date")
        ),
    }
    return ctx


def context_types() -> dict[str, Any]:
    """The type of every name a clause may use, for the clause lint (see case_context)."""
    types: dict[str, Any] = {
        name: info.annotation for name, info in Case.model_fields.items() if info.alias is None
    }
    types |= {
        "party": MovingParty,
        "counsel": FilingCounsel,
        "pro_per": bool,
        "counts": list[Count],
        "vacated": list[Count],
        "plea_case": bool,
        "trial_case": bool,
        "a1": GroundA1,
        "a2": GroundA2,
        "a3": GroundA3,
        "theories": list[str],
        "family_phrases": list[str],
        "consequence_phrases": list[str],
        "age_at_arrival": int,
        "years_in_us": int,
        "convictions": str,
        "before_1016_3": bool,
        "sb281_plea": bool,
        "dej_case": bool,
        "dej_completed": bool,
        "expunged": list[LaterRelief],
        "chronology": list[TimelineEvent],
        "removal_grounds": dict[int, dict[str, str]],
        "decl": dict[str, list[str]],
        "trigger_date": dt.date,
        "days_after_trigger": int,
        "first_trigger_date": dt.date,
        "days_after_first_trigger": int,
        "declaration": Declaration,  # only in declaration documents
        "papers": list[str],  # titles of the papers assembled before this one
    }
    return types
