"""The names a clause sees besides the case file's own sections (``party``, ``vacated``,
``theories``, ``removal_grounds`` ...), and their types for the clause lint. Each is documented
in clauses/README.md.

``DERIVED`` is the one table of them: each name, the type the clause lint checks it as, and how
its value is computed. ``case_context`` and ``context_types`` both read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, create_model

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
from assembler.fields import earliest
from assembler.filters import CONSEQUENCE_LABELS, and_list, consequence_label, years_between
from assembler.law import (
    AB1259_EFFECTIVE,
    PEN_1016_3_EFFECTIVE,
    PEN_1473_7_EFFECTIVE,
    PROVISIONS,
    SB281_EFFECTIVE,
    pen_1473_7,
)
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
    added, and a derived event is dropped when the timeline already has an entry that day. An
    event known only to its month or year ("January 2026") is placed at the month's or year's
    first day, and prints as known.
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
            benefit = (
                benefit_parts(denial.benefit, None)[0]
                if denial.benefit
                else "an immigration benefit"
            )
            derived(denial.date, f"{agency} denies {benefit}", f"immigration.benefit_denials[{i}]")
        derived(
            immigration.final_removal_order_date,
            "Final order of removal",
            "immigration.final_removal_order_date",
        )
    for i, event in enumerate(timeline):
        if event.date is not None:
            events.append(
                (earliest(event.date), len(events), wrap(event, f"timeliness.events[{i}]"))
            )
    return [view for _, _, view in sorted(events, key=lambda e: (e[0], e[1]))]


class ImmigrationEvent(BaseModel):
    """One dated immigration event as clauses tell it (``immigration_events``): a benefit denial
    (its benefit and reason as separate parts), the notice to appear, or the final removal
    order."""

    model_config = ConfigDict(frozen=True)

    kind: str
    date: dt.date | None = None
    agency: str | None = None
    benefit: str | None = None
    reason: str | None = None


class ConsequenceFinding(BaseModel):
    """One finding of the immigration consequences (``consequence_findings``): the vacated counts
    it reaches and, in order, each consequence as its label and the removal ground that brings
    this person within it ("" when none is stated)."""

    model_config = ConfigDict(frozen=True)

    counts: list[int]
    profile: list[tuple[str, str]]


def _consequence_findings(b: _Basis) -> list[object]:
    """The vacated counts' consequences, each stated once with every count it reaches, and
    consecutive ones that reach the same counts grouped: "the convictions on Counts 1 and 2 are
    each A, ..., and B; the conviction on Count 3 is C" (issue 23). Categories keep the order
    the case gives them; a count's first consequence decides where its group comes."""
    immigration = b.case.immigration
    numbers = [count.number for count in b.vacated]
    grounds = _removal_grounds(b)
    findings: list[tuple[tuple[str, str], list[int]]] = []
    for consequence in immigration.consequences if immigration else []:
        if consequence.count is None or consequence.count not in numbers:
            continue
        stated = grounds.get(consequence.count, {})
        for category in consequence.categories:
            item = (consequence_label(category), stated.get(category, ""))
            same = next((counts for found, counts in findings if found == item), None)
            if same is None:
                findings.append((item, [consequence.count]))
            elif consequence.count not in same:
                same.append(consequence.count)
    groups: list[tuple[list[int], list[tuple[str, str]]]] = []
    for item, counts in findings:
        if groups and groups[-1][0] == counts:
            groups[-1][1].append(item)
        else:
            groups.append((counts, [item]))
    return [
        wrap(ConsequenceFinding.model_construct(counts=counts, profile=profile), "immigration")
        for counts, profile in groups
    ]


_BECAUSE = re.compile(
    r"(?:,\s*|\s+)(?:(?:which|that)\s+(?:was|were)\s+)?(?:denied\s+)?because\s+", re.I
)


def benefit_parts(benefit: str, reason: str | None) -> tuple[str, str | None]:
    """A denied benefit and why, as separate parts (legal review 2, H3): a benefit written with
    its reason ("naturalization, denied because of the conviction") is split at "because", so a
    sentence never says "denied because X because of the conviction"; ``reason``, when given,
    wins over the reason the text carried."""
    text = " ".join(benefit.split())
    match = _BECAUSE.search(text)
    if match is None:
        return text, reason
    said = text[match.end() :].strip().rstrip(".") or None
    return text[: match.start()].strip().rstrip(","), reason or said


def _immigration_events(case: Case) -> list[Any]:
    """The benefit denials, the notice to appear and the final removal order, in date order
    (an undated denial last, in the order given)."""
    immigration = case.immigration
    if immigration is None:
        return []
    events: list[tuple[tuple[int, dt.date], int, Any]] = []

    def add(event: ImmigrationEvent, path: str) -> None:
        key = (0, event.date) if event.date is not None else (1, dt.date.min)
        events.append((key, len(events), wrap(event, path)))

    for i, denial in enumerate(immigration.benefit_denials):
        benefit, reason = (
            benefit_parts(denial.benefit, denial.reason)
            if denial.benefit
            else (None, denial.reason)
        )
        add(
            ImmigrationEvent(
                kind="benefit_denial",
                date=denial.date,
                agency=denial.agency,
                benefit=benefit,
                reason=reason,
            ),
            f"immigration.benefit_denials[{i}]",
        )
    if immigration.notice_to_appear_date is not None:
        add(
            ImmigrationEvent(kind="notice_to_appear", date=immigration.notice_to_appear_date),
            "immigration",
        )
    if immigration.final_removal_order_date is not None:
        add(
            ImmigrationEvent(kind="removal_order", date=immigration.final_removal_order_date),
            "immigration",
        )
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


def _consequence_phrases(case: Case) -> list[object]:
    """Each consequence category the case lists, once: "a crime involving moral turpitude". A
    consequence without its categories is a gap where they go (``[ASK: …]`` when the case marks
    them for the attorney), never left out of the sentence."""
    consequences = case.immigration.consequences if case.immigration else []
    labels: list[str] = []
    gaps: list[object] = []
    for index, item in enumerate(consequences):
        if not item.categories:
            gaps.append(MissingFact(f"immigration.consequences[{index}].categories"))
        labels += [CONSEQUENCE_LABELS[c.value] for c in item.categories]
    return [*dict.fromkeys(labels), *gaps]


_KIN_GROUPS = {
    "son": ("child", "children"),
    "daughter": ("child", "children"),
    "child": ("child", "children"),
    "mother": ("parent", "parents"),
    "father": ("parent", "parents"),
    "parent": ("parent", "parents"),
    "brother": ("sibling", "siblings"),
    "sister": ("sibling", "siblings"),
    "sibling": ("sibling", "siblings"),
}
"""Relationships told together when several members share them and their status: a son and a
daughter who are both U.S. citizens are "two children (ages 8 and 5, both U.S. citizens)"."""

_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def _first_plea(b: _Basis) -> dt.date | None:
    """The earliest known date of a vacated count's plea (or verdict)."""
    return min((c.plea_or_verdict_date for c in b.vacated if c.plea_or_verdict_date), default=None)


def _since_plea(member: Any, first_plea: dt.date | None, filed: dt.date | None) -> bool:
    """Whether a family tie began after the plea: as the case says, or, left out, when the
    member's age at the filing puts their birth after the year of the earliest vacated plea."""
    if member.since_plea is not None:
        return bool(member.since_plea)
    if member.age is None or first_plea is None or filed is None:
        return False
    return bool(filed.year - member.age - 1 > first_plea.year)


def _family_units(
    case: Case, since_plea: bool | None = None, first_plea: dt.date | None = None
) -> list[list[Any]]:
    """The family members with a relationship, in the case file's order, as units told together:
    members of one kin group (children, parents, siblings) with the same known status, all of
    known age or none, are one unit, at the place of the first; every other member is a unit of
    one (issue 23). ``since_plea`` keeps only the ties formed after the plea (True) or those at
    it (False), the plea being ``first_plea``."""
    party = case.moving_party
    family = party.ties.family if party and party.ties else []
    members = [
        m
        for m in family
        if m.relationship is not None
        and (since_plea is None or _since_plea(m, first_plea, case.filing_date) is since_plea)
    ]
    groups: dict[tuple[str, str], list[Any]] = {}
    for member in members:
        kin = _KIN_GROUPS.get((member.relationship or "").strip().lower())
        status = _STATUS.get(member.status.value) if member.status else None
        if kin and status:
            groups.setdefault((kin[0], status), []).append(member)
    grouped = {
        key: group
        for key, group in groups.items()
        if len(group) > 1
        and len(group) in _COUNT_WORDS
        and len({m.age is None for m in group}) == 1
    }
    units: list[list[Any]] = []
    done: set[int] = set()
    for member in members:
        if id(member) in done:
            continue
        status = _STATUS.get(member.status.value) if member.status else None
        kin = _KIN_GROUPS.get((member.relationship or "").strip().lower())
        group = grouped.get((kin[0], status)) if kin and status else None
        if group:
            done.update(id(m) for m in group)
            units.append(group)
        else:
            units.append([member])
    return units


def _family_phrases(
    case: Case, since_plea: bool | None = None, first_plea: dt.date | None = None
) -> list[str]:
    """Family ties as phrases: "wife (a U.S. citizen)", "daughter (age 17, a U.S. citizen)".
    Members told together (``_family_units``) are one phrase: "three children (ages 15, 11,
    and 7, all U.S. citizens)", "parents (ages 67 and 63, both U.S. citizens)" (issue 23);
    ``since_plea`` as for :func:`_family_units`."""
    phrases = []
    for unit in _family_units(case, since_plea, first_plea):
        member = unit[0]
        status = _STATUS.get(member.status.value) if member.status else None
        if len(unit) > 1 and status:
            details = []
            if member.age is not None:
                details.append("ages " + str(and_list([str(m.age) for m in unit])))
            everyone = "both" if len(unit) == 2 else "all"
            details.append(f"{everyone} {status.removeprefix('a ')}s")
            plural = _KIN_GROUPS[(member.relationship or "").strip().lower()][1]
            number = "" if plural == "parents" else _COUNT_WORDS[len(unit)] + " "
            phrases.append(f"{number}{plural} ({', '.join(details)})")
            continue
        details = [f"age {member.age}"] if member.age is not None else []
        if status:
            details.append(status)
        phrases.append(str(member.relationship) + (f" ({', '.join(details)})" if details else ""))
    return phrases


class FamilyGroup(BaseModel):
    """Family members told together in the moving party's own words (``family_groups``): one
    member, or several of one kin group with the same status. ``relationship`` is the member's
    relationship, or the group's plural with its number ("three children", "parents");
    ``other`` marks a second member of a relationship already told ("my other daughter");
    ``status`` is the family-status value shared by all."""

    model_config = ConfigDict(frozen=True)

    relationship: str
    count: int = 1
    name: str | None = None
    ages: list[int] = []
    status: str | None = None
    other: bool = False


def _family_groups(case: Case) -> list[FamilyGroup]:
    told: set[str] = set()
    result = []
    for unit in _family_units(case):
        member = unit[0]
        relationship = str(member.relationship).strip()
        status = member.status.value if member.status else None
        if len(unit) > 1:
            plural = _KIN_GROUPS[relationship.lower()][1]
            number = "" if plural == "parents" else _COUNT_WORDS[len(unit)] + " "
            ages = [m.age for m in unit if m.age is not None]
            result.append(
                FamilyGroup(relationship=number + plural, count=len(unit), ages=ages, status=status)
            )
            continue
        result.append(
            FamilyGroup(
                relationship=relationship,
                name=str(member.name) if member.name else None,
                ages=[member.age] if member.age is not None else [],
                status=status,
                other=relationship.lower() in told,
            )
        )
        told.add(relationship.lower())
    return result


class _Basis:
    """What the derived names are computed from: the case, its sections as the views clauses see,
    and the values several names share (the counts to vacate, the (b)(2) triggers)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.sections: dict[str, Any] = {
            name: wrap(getattr(case, name), name)
            for name, info in Case.model_fields.items()
            if info.alias is None
        }
        numbers = case.counts_by_number()
        vacate = case.relief.vacate_counts if case.relief else []
        self.vacated: list[Count] = [numbers[n] for n in vacate if n in numbers]
        self.trigger = _trigger(case)
        self.first_trigger = _trigger(case, first=True)


Subdivisions: type[BaseModel] = create_model(
    "Subdivisions",
    __config__=ConfigDict(frozen=True),
    **dict.fromkeys(PROVISIONS, (str, "")),  # type: ignore[call-overload]
)
"""``subd``: the letters of each provision of § 1473.7 in force on the filing date, by name
(assembler/law.py), so the clause lint knows every name and a paper filed before 2026 keeps
the letters then in force. A provision the text of the time lacked is ""."""


def filed_on(case: Case) -> dt.date:
    """The day whose law the papers state: the filing date, else the service date, else today."""
    if case.filing_date is not None:
        return case.filing_date
    if case.service is not None and case.service.date is not None:
        return case.service.date
    return dt.date.today()


def _subdivisions(b: _Basis) -> BaseModel:
    lettering = pen_1473_7(filed_on(b.case))
    return Subdivisions(**{name: lettering[name] for name in PROVISIONS})


class Derived(NamedTuple):
    """A name clauses see: its type for the clause lint, and how its value is computed."""

    type: object
    value: Callable[[_Basis], object]


def _vacated(b: _Basis) -> list[object]:
    counts = b.case.criminal_case.counts if b.case.criminal_case else []
    if not b.vacated:  # a gap where the conviction is named, never "the conviction on ;"
        return [MissingFact("relief.vacate_counts")]
    return [wrap(c, f"criminal_case.counts[{counts.index(c)}]") for c in b.vacated]


def _ground(name: str) -> Callable[[_Basis], object]:
    def view(b: _Basis) -> object:
        if b.case.grounds is None:
            return MissingFact(f"grounds.{name}")
        return getattr(b.sections["grounds"], name)

    return view


def _theories(b: _Basis) -> list[str]:
    a1 = b.case.grounds.a1 if b.case.grounds else None
    return [t.value for t in a1.error_theories] if a1 else []


def _age_at_arrival(b: _Basis) -> object:
    party = b.case.moving_party
    entry = party.entry if party else None
    age = entry.age_at_arrival if entry else None
    if age is None and entry and entry.date and party and party.date_of_birth:
        age = years_between(party.date_of_birth, entry.date)
    return age if age is not None else MissingFact("moving_party.entry.age_at_arrival")


def _years_in_us(b: _Basis) -> object:
    party = b.case.moving_party
    entry = party.entry if party else None
    if entry and entry.date and b.case.filing_date:
        return years_between(entry.date, b.case.filing_date)
    return MissingFact("moving_party.entry.date")


def _before_1016_3(b: _Basis) -> bool:
    return bool(b.vacated) and all(
        c.plea_or_verdict_date is not None and c.plea_or_verdict_date < PEN_1016_3_EFFECTIVE
        for c in b.vacated
    )


def _after_1016_3(b: _Basis) -> bool:
    """Every vacated count's plea or verdict is known to be on or after January 1, 2016: by its
    date, or, when that is not given, by an offense on or after it (a plea follows its offense).
    Neither this nor ``before_1016_3`` holds while a date is unknown: the papers then ask."""

    def after(count: Count) -> bool:
        if count.plea_or_verdict_date is not None:
            return count.plea_or_verdict_date >= PEN_1016_3_EFFECTIVE
        return count.offense_date is not None and count.offense_date >= PEN_1016_3_EFFECTIVE

    return bool(b.vacated) and all(after(c) for c in b.vacated)


def _any_plea_before(b: _Basis, day: dt.date) -> bool:
    """A vacated count's plea or verdict is known to come before ``day``."""
    return any(
        c.plea_or_verdict_date is not None and c.plea_or_verdict_date < day for c in b.vacated
    )


def _sb281_plea(b: _Basis) -> bool:
    return any(
        c.is_plea
        and c.plea_or_verdict_date is not None
        and c.plea_or_verdict_date >= SB281_EFFECTIVE
        for c in b.vacated
    )


def _expunged(b: _Basis) -> list[object]:
    later = b.case.criminal_case.later_relief if b.case.criminal_case else []
    return [
        wrap(r, f"criminal_case.later_relief[{i}]")
        for i, r in enumerate(later)
        if r.kind is LaterReliefKind.EXPUNGEMENT_1203_4
        and (not r.counts or any(c.number in r.counts for c in b.vacated))
    ]


def _removal_grounds(b: _Basis) -> dict[int, dict[str, Markup]]:
    return {
        number: {category: Markup(text) for category, text in phrases.items()}
        for number, phrases in removal.grounds(b.case).items()
    }


def _date_or_missing(date: dt.date | None) -> object:
    return date if date is not None else MissingFact("immigration")


def _days_after(trigger: dt.date | None, filed: dt.date | None) -> object:
    if trigger is not None and filed is not None:
        return (filed - trigger).days
    return MissingFact("filing_date")


DERIVED: dict[str, Derived] = {
    "party": Derived(MovingParty, lambda b: b.sections["moving_party"]),
    "counsel": Derived(FilingCounsel, lambda b: b.sections["filing_counsel"]),
    "pro_per": Derived(bool, lambda b: b.case.self_represented),
    "counts": Derived(
        list[Count],
        lambda b: b.sections["criminal_case"].counts if b.case.criminal_case else [],
    ),
    "vacated": Derived(list[Count], _vacated),
    "plea_case": Derived(bool, lambda b: any(c.is_plea for c in b.vacated)),
    "trial_case": Derived(
        bool,
        lambda b: (
            bool(b.vacated) and all(c.disposition is Disposition.TRIAL_VERDICT for c in b.vacated)
        ),
    ),
    "a1": Derived(GroundA1, _ground("a1")),
    "a2": Derived(GroundA2, _ground("a2")),
    "a3": Derived(GroundA3, _ground("a3")),
    "theories": Derived(list[str], _theories),
    "family_phrases": Derived(list[str], lambda b: _family_phrases(b.case)),
    "family_at_plea": Derived(list[str], lambda b: _family_phrases(b.case, False, _first_plea(b))),
    "family_since_plea": Derived(
        list[str], lambda b: _family_phrases(b.case, True, _first_plea(b))
    ),
    "family_groups": Derived(list[FamilyGroup], lambda b: _family_groups(b.case)),
    "consequence_phrases": Derived(list[str], lambda b: _consequence_phrases(b.case)),
    "age_at_arrival": Derived(int, _age_at_arrival),
    "convictions": Derived(
        str, lambda b: "the convictions" if len(b.vacated) > 1 else "the conviction"
    ),
    "before_1016_3": Derived(bool, _before_1016_3),
    "after_1016_3": Derived(bool, _after_1016_3),
    "before_1473_7": Derived(bool, lambda b: _any_plea_before(b, PEN_1473_7_EFFECTIVE)),
    "before_ab1259": Derived(bool, lambda b: _any_plea_before(b, AB1259_EFFECTIVE)),
    "sb281_plea": Derived(bool, _sb281_plea),
    "dej_case": Derived(
        bool,
        lambda b: any(c.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT for c in b.vacated),
    ),
    "dej_completed": Derived(bool, lambda b: any(b.case.dej_completed(c) for c in b.vacated)),
    "expunged": Derived(list[LaterRelief], _expunged),
    "chronology": Derived(list[TimelineEvent], lambda b: _chronology(b.case)),
    "immigration_events": Derived(list[ImmigrationEvent], lambda b: _immigration_events(b.case)),
    "removal_grounds": Derived(dict[int, dict[str, str]], _removal_grounds),
    "consequence_findings": Derived(list[ConsequenceFinding], _consequence_findings),
    "decl": Derived(dict[str, list[str]], lambda b: record.declaration_cites(b.case)),
    "trigger_date": Derived(dt.date, lambda b: _date_or_missing(b.trigger)),
    "days_after_trigger": Derived(int, lambda b: _days_after(b.trigger, b.case.filing_date)),
    "first_trigger_date": Derived(dt.date, lambda b: _date_or_missing(b.first_trigger)),
    "days_after_first_trigger": Derived(
        int, lambda b: _days_after(b.first_trigger, b.case.filing_date)
    ),
    "years_in_us": Derived(int, _years_in_us),
    "never_admitted": Derived(bool, lambda b: removal.admitted(b.case) is False),
    "subd": Derived(Subdivisions, _subdivisions),
}
"""Every name a clause sees besides the case file's sections, in one place."""

PER_DOCUMENT: dict[str, object] = {
    "declaration": Declaration,  # a declaration paper's own declaration (plan.py)
    "papers": list[str],  # titles of the papers assembled before this one (assembly.py)
}
"""Names only some papers see, set where those papers are planned or assembled."""


def case_context(case: Case) -> dict[str, Any]:
    """Facts and derived facts available to clauses, conditions and titles (see DERIVED)."""
    basis = _Basis(case)
    return basis.sections | {name: each.value(basis) for name, each in DERIVED.items()}


def context_types() -> dict[str, object]:
    """The type of every name a clause may use, for the clause lint (see DERIVED)."""
    types: dict[str, object] = {
        name: info.annotation for name, info in Case.model_fields.items() if info.alias is None
    }
    return types | {name: each.type for name, each in DERIVED.items()} | PER_DOCUMENT
