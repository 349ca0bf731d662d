"""Rules on the grounds pleaded: (a)(1) theories and prejudice evidence, (a)(2)/(a)(3) delay."""

from __future__ import annotations

from collections.abc import Iterator

from assembler import removal
from assembler.case import GroundA1, GroundA3
from assembler.errors import Problem
from assembler.fields import YearMonth
from assembler.law import pen_1473_7
from assembler.rules.registry import (
    DILIGENCE_WARNING_DAYS,
    ESPINOZA,
    VIVAR,
    Context,
    at,
    error,
    filing_date,
    final_error,
    rule,
    warning,
)
from assembler.vocabulary import (
    LABELS,
    Choice,
    ConsequenceCategory,
    DeclarationKind,
    Disposition,
    ErrorTheory,
    RjaViolation,
    Support,
)

# --- grounds ----------------------------------------------------------------------------------


@rule("grounds", "at least one ground; each (a)(1) theory has the facts it rests on")
def _grounds(ctx: Context) -> Iterator[Problem]:
    grounds = ctx.case.grounds
    if grounds is None:
        return
    if grounds.a1 is None and grounds.a2 is None and grounds.a3 is None:
        yield error(
            "grounds",
            "plead at least one ground: a1, a2 or a3",
            "Pen. Code § 1473.7(a) lists the three grounds for the motion",
            "grounds.none",
        )
    if grounds.a1 is not None:
        yield from _ground_a1(ctx, grounds.a1)
    filing = filing_date(ctx.case)
    for key, ground in (("a2", grounds.a2), ("a3", grounds.a3)):
        if ground is None:
            continue
        if filing and ground.discovered_on:
            if ground.discovered_on > filing:
                yield error(
                    at("grounds", key, "discovered_on"),
                    "is after the filing date",
                    None,
                    "dates.discovered_after_filing",
                )
            elif (
                filing - ground.discovered_on
            ).days > DILIGENCE_WARNING_DAYS and not ground.delay_explanation:
                yield warning(
                    at("grounds", key, "delay_explanation"),
                    "the motion comes more than a year after discovery: explain the time taken",
                    "Pen. Code § 1473.7(c): (a)(2) and (a)(3) motions must be filed without undue "
                    "delay from discovery",
                    "timeliness.undue_delay",
                )
    if grounds.a3 is not None:
        yield warning(
            "grounds.a3",
            "ground (a)(3) clauses are marked for verification in every output",
            "SB 734 (Stats. 2025, ch. 784) amended Pen. Code §§ 745 and 1473.7 from 2026-01-01; "
            "the text the clauses rest on was read in an unofficial copy of the codes: check "
            "each provision cited against the official text before filing",
            "a3.verify_sb734",
        )
        yield from _agency_service(ctx, grounds.a3)


_OFFICER_VIOLATIONS = frozenset({RjaViolation.BIAS_SHOWN, RjaViolation.DISCRIMINATORY_LANGUAGE})


def _agency_service(ctx: Context, a3: GroundA3) -> Iterator[Problem]:
    """§ 1473.7(a)(3)(B), from 2026: a motion alleging a § 745(a)(1) or (a)(2) violation that
    rests, even in part, on officers' conduct is served on the agency that employed them."""
    filed = filing_date(ctx.case)
    if not pen_1473_7(filed)["agency_service"]:
        return
    reason = (
        f"Pen. Code {pen_1473_7(filed).cite('agency_service')}: a motion alleging a violation of "
        "§ 745(a)(1) or (a)(2) based even in part on the conduct of law enforcement officers "
        "is served on the agency or agencies that employed them"
    )
    if a3.officers_conduct is None and _OFFICER_VIOLATIONS & set(a3.violations):
        yield final_error(
            "grounds.a3.officers_conduct",
            "say whether the violation rests, even in part, on the conduct of law enforcement "
            "officers: if it does, the motion is also served on the agency that employed them",
            reason,
            "a3.officers_conduct_undecided",
        )
    if a3.officers_conduct and not a3.employing_agencies:
        yield error(
            "grounds.a3.employing_agencies",
            "name the agency or agencies that employed the officers: the proof of service shows "
            "the motion served on each",
            reason,
            "a3.no_employing_agency",
        )


def _said(choice: ErrorTheory | Choice) -> str:
    """A choice in a message as the form and the papers' readers know it: by its words."""
    return f"'{LABELS[type(choice)][choice.value]}'"


_THEORY_NEEDS: dict[ErrorTheory, tuple[str, str, str]] = {
    ErrorTheory.WRONG_ADVICE: (
        "advice_received",
        f"the theory {_said(ErrorTheory.WRONG_ADVICE)} needs what counsel said",
        "the memorandum sets counsel's words against the clear consequence (Padilla v. Kentucky "
        "(2010) 559 U.S. 356)",
    ),
    ErrorTheory.INCOMPLETE_ADVICE: (
        "advice_received",
        f"the theory {_said(ErrorTheory.INCOMPLETE_ADVICE)} needs what counsel said and left out",
        "advice that is accurate as far as it goes but omits a clear consequence is argued as "
        "incomplete, not wrong (Padilla v. Kentucky (2010) 559 U.S. 356)",
    ),
    ErrorTheory.OWN_MISUNDERSTANDING: (
        "client_understanding",
        f"the theory {_said(ErrorTheory.OWN_MISUNDERSTANDING)} needs what the moving party understood",
        "People v. Mejia (2019) 36 Cal.App.5th 859: the error may be the defendant's own "
        "misunderstanding",
    ),
    ErrorTheory.NO_SAFE_DISPOSITION_SOUGHT: (
        "safe_alternative",
        f"the theory {_said(ErrorTheory.NO_SAFE_DISPOSITION_SOUGHT)} needs the immigration-safe alternative",
        "People v. Manzanilla (2022) 80 Cal.App.5th 891: counsel's failure to seek an available "
        "immigration-safe disposition is error",
    ),
    ErrorTheory.INTERPRETER_PROBLEMS: (
        "interpreter_problems",
        f"the theory {_said(ErrorTheory.INTERPRETER_PROBLEMS)} needs what went wrong with interpretation",
        "the motion must show how the problem damaged the moving party's understanding",
    ),
    ErrorTheory.GENERIC_MAY_WARNING_ONLY: (
        "advisement",
        f"the theory {_said(ErrorTheory.GENERIC_MAY_WARNING_ONLY)} needs what the plea form or court said",
        "People v. Patterson (2017) 2 Cal.5th 885: a generic § 1016.5 advisement does not "
        "defeat the motion",
    ),
}


_PLEA_ONLY_THEORIES = frozenset({ErrorTheory.GENERIC_MAY_WARNING_ONLY})


def _ground_a1(ctx: Context, a1: GroundA1) -> Iterator[Problem]:
    yield from _trial_fit(ctx, a1)
    for theory, (name, message, reason) in _THEORY_NEEDS.items():
        if theory in a1.error_theories and getattr(a1, name) is None:
            yield error(
                at("grounds", "a1", name), message, reason, f"a1.theory_facts.{theory.value}"
            )
    if a1.priorities_at_plea is None:
        yield warning(
            "grounds.a1.priorities_at_plea",
            "say what mattered most to the moving party when the case was resolved (plea or trial)",
            f"the importance of avoiding deportation and the plea priorities are prejudice factors ({VIVAR})",
            "a1.priorities",
        )
    if (
        a1.safe_alternative is None
        and ErrorTheory.NO_SAFE_DISPOSITION_SOUGHT not in a1.error_theories
    ):
        yield warning(
            "grounds.a1.safe_alternative",
            "describe the immigration-safe disposition that was possible, if any",
            f"whether an immigration-neutral disposition was possible is a prejudice factor ({VIVAR})",
            "a1.safe_alternative",
        )
    labels = {e.label for e in ctx.case.exhibits if e.label}
    for i, item in enumerate(a1.contemporaneous_evidence):
        if item.exhibit and item.exhibit not in labels:
            yield error(
                at("grounds", "a1", "contemporaneous_evidence", i, "exhibit"),
                f"exhibit {item.exhibit} is not among the exhibits",
                None,
                "exhibits.unknown",
            )
    corroborating = {Support.TIES, Support.PRIORITIES, Support.CONTEMPORANEOUS}
    has_exhibit = any(corroborating & set(e.supports) for e in ctx.case.exhibits)
    has_witness = any(d.kind is DeclarationKind.OTHER for d in ctx.case.declarations)
    if not (has_exhibit or a1.contemporaneous_evidence or has_witness):
        yield warning(
            "exhibits",
            "no objective evidence corroborates the ties or the plea priorities: add exhibits "
            "that support 'ties' or 'priorities', contemporaneous evidence, or a declaration of "
            "someone who knows the moving party",
            f"prejudice must be corroborated by objective evidence ({VIVAR}); long residence and "
            f"family ties are such evidence ({ESPINOZA})",
            "a1.corroboration",
        )


def _trial_fit(ctx: Context, a1: GroundA1) -> Iterator[Problem]:
    """A conviction after trial has no plea: plea-only theories and choices do not fit it."""
    case = ctx.case
    numbers = case.counts_by_number()
    vacated = [
        numbers[n] for n in (case.relief.vacate_counts if case.relief else []) if n in numbers
    ]
    if not vacated or not all(c.disposition is Disposition.TRIAL_VERDICT for c in vacated):
        return
    reason = (
        "after AB 1259 a conviction after trial qualifies when the error damaged the ability to "
        "defend against the consequences (People v. Singh (2022) 81 Cal.App.5th 147)"
    )
    for i, theory in enumerate(a1.error_theories):
        if theory in _PLEA_ONLY_THEORIES:
            yield warning(
                at("grounds", "a1", "error_theories", i),
                f"{_said(theory)} concerns a plea advisement, but every count to vacate is a "
                "conviction after trial",
                reason,
                "a1.trial_theory",
            )
    for i, choice in enumerate(a1.would_have):
        if choice is Choice.GO_TO_TRIAL:
            yield warning(
                at("grounds", "a1", "would_have", i),
                f"{_said(Choice.GO_TO_TRIAL)}: the moving party did go to trial; say what they "
                f"would have done instead (e.g. {_said(Choice.SEEK_IMMIGRATION_SAFE_DISPOSITION)})",
                reason,
                "a1.trial_choice",
            )


# --- removal grounds --------------------------------------------------------------------------

_DEPORTABILITY_ONLY = {"domestic_violence", "firearms"}


@rule("immigration.admitted", "the removal grounds stated fit whether the person was admitted")
def _admitted(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    consequences = case.immigration.consequences if case.immigration else []
    if not consequences or case.moving_party is None:
        return
    known = removal.admitted(case)
    if known is None:
        yield warning(
            "moving_party.entry.admitted",
            "say whether the moving party was ever admitted (true or false): the papers state "
            "both deportability and inadmissibility grounds until you do",
            "deportability grounds (INA § 237) reach only a person who was admitted; parole and "
            "entry without inspection are not admission (INA § 101(a)(13)(B))",
            "immigration.admitted",
        )
    elif known is False:
        for i, consequence in enumerate(consequences):
            only = {c.value for c in consequence.categories} & _DEPORTABILITY_ONLY
            if only and not consequence.explanation:
                yield warning(
                    at("immigration", "consequences", i, "explanation"),
                    "explain how this consequence reaches a person never admitted: "
                    f"{', '.join(sorted(only))} is a ground of deportability only",
                    "the showing of a consequence must name a consequence that can reach this person",
                    "immigration.admitted",
                )


@rule(
    "immigration.five_years",
    "a permanent-residence date known only to its year or month decides the five-year clock, or "
    "asks for the day",
)
def _five_years(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    consequences = case.immigration.consequences if case.immigration else []
    party = case.moving_party
    since = removal.admission_date(party.entry if party else None)
    if since is None or removal.admitted(case) is False:
        return
    numbers = case.counts_by_number()
    for consequence in consequences:
        if ConsequenceCategory.CIMT not in consequence.categories or consequence.count is None:
            continue
        clock = removal.five_year_clock(numbers.get(consequence.count), since)
        if clock is None and isinstance(since, YearMonth):  # a full date always decides
            yield warning(
                "moving_party.entry.lpr_since",
                f"gives only the {since.precision()} ({since}): it cannot tell whether count {consequence.count} was committed "
                "within five years after admission, so the papers do not state the five-year "
                "ground; give the full date",
                "a moral-turpitude offense committed within five years after admission is a "
                "ground of deportability (INA § 237(a)(2)(A)(i))",
                "immigration.five_years",
            )


@rule("a1.expert", "an (a)(1) classification no immigration authority has stated has an expert")
def _expert(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    if case.grounds is None or case.grounds.a1 is None or case.immigration is None:
        return
    immigration = case.immigration
    charged = immigration.notice_to_appear_date or immigration.final_removal_order_date
    has_expert = any(d.kind is DeclarationKind.IMMIGRATION_EXPERT for d in case.declarations)
    if immigration.consequences and not charged and not has_expert:
        yield warning(
            "declarations",
            "no notice to appear or removal order states the immigration classification: add "
            "an immigration expert's declaration (kind immigration_expert) or cite authority "
            "for each classification",
            "the showing of a consequence rests on the classification; without a charging document or an "
            "expert it is counsel's unsupported assertion",
            "a1.expert",
        )
