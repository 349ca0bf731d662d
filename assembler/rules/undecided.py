"""Decisions the papers turn on (legal review 2, section J): each is a warning while drafting and
an error for a ``--final`` build (:func:`~assembler.rules.registry.final_error`), because left
open the papers fall back to wording that is wrong for some records: the plea test for a
rejected offer, the "avoided or reduced" hedge, a conviction "causing" removal that another
charge causes anyway, a rehabilitative withdrawal as the only one.

Rule J7 of the review (the generic "may" sentence in a trial case with no advisement) is not
here: the case file already holds every fact it turns on (``advisement.court_advisement``,
``plea_form_warning``), so it is the clause's choice, not a fact to ask for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assembler import removal
from assembler.case import Case, Count, Sentence
from assembler.errors import Problem
from assembler.law import PEN_1016_3_EFFECTIVE
from assembler.rules.registry import Context, at, final_error, rule, warning
from assembler.vocabulary import (
    ConsequenceCategory,
    Disposition,
    ErrorTheory,
    LaterReliefKind,
)

LAFLER = (
    "a rejected offer is argued on its own elements: the moving party would have accepted it, "
    "the People would not have withdrawn it, and the court would have approved it (Lafler v. "
    "Cooper (2012) 566 U.S. 156, 164; Missouri v. Frye (2012) 566 U.S. 134, 147; In re "
    "Alvernaz (1992) 2 Cal.4th 924, 937-938)"
)
_OFFER = re.compile(r"\boffer(s|ed)?\b", re.IGNORECASE)
_ONE_YEAR_DAYS = frozenset({365, 366})


def _vacated(case: Case) -> list[Count]:
    """The counts the motion asks to vacate, as the case file gives them."""
    numbers = case.counts_by_number()
    return [numbers[n] for n in (case.relief.vacate_counts if case.relief else []) if n in numbers]


# --- A1: what counsel said --------------------------------------------------------------------


@rule("a1.advice_kind", "an (a)(1) case says what counsel's immigration advice amounted to")
def _advice_kind(ctx: Context) -> Iterator[Problem]:
    a1 = ctx.case.grounds.a1 if ctx.case.grounds else None
    if a1 is not None and a1.advice_kind is None:
        yield final_error(
            "grounds.a1.advice_kind",
            "say what counsel's immigration advice amounted to: none, disclaimed, deferred, "
            "wrong or incomplete",
            "the memorandum says counsel said nothing about immigration only when that is so; "
            "where counsel disclaimed the subject or put it off, that sentence would contradict "
            "the moving party's sworn account",
            "a1.advice_kind",
        )


@rule(
    "a1.deportation_paramount",
    "a plea case says whether avoiding deportation was what mattered most at the plea",
)
def _paramount(ctx: Context) -> Iterator[Problem]:
    a1 = ctx.case.grounds.a1 if ctx.case.grounds else None
    if a1 is None or a1.deportation_paramount is not None:
        return
    if not any(count.is_plea for count in _vacated(ctx.case)):
        return
    yield final_error(
        "grounds.a1.deportation_paramount",
        "say whether avoiding deportation was what mattered most to the client at the plea",
        "the memorandum answers the People with Lee v. United States (2017) 582 U.S. 357 only "
        "for a client for whom it was; unanswered, it asks the attorney in its place",
        "a1.deportation_paramount",
    )


# --- J1, J3: the safe alternative -------------------------------------------------------------


@rule(
    "a1.alternative_decided",
    "a safe alternative says whether it was neutral and, after a verdict, whether it was offered",
)
def _alternative(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    a1 = case.grounds.a1 if case.grounds else None
    alternative = a1.safe_alternative if a1 else None
    if alternative is None:
        return
    base = ("grounds", "a1", "safe_alternative")
    if alternative.immigration_neutral is None:
        yield final_error(
            at(*base, "immigration_neutral"),
            "say whether the alternative would have carried no immigration consequence (true) "
            "or only lesser ones (false)",
            "the papers say the alternative 'avoided' the consequences only when it was "
            "immigration-neutral; left unset they hedge 'avoided or reduced', which concedes "
            "what the moving party need not concede, in the memorandum and the expert's "
            "sworn text",
            "a1.immigration_neutral",
        )
    if alternative.people_offered is None:
        vacated = _vacated(case)
        verdicts = bool(vacated) and all(
            c.disposition is Disposition.TRIAL_VERDICT for c in vacated
        )
        texts = (alternative.offense, alternative.sentence, alternative.short)
        mentioned = any(t and _OFFER.search(t) for t in texts) or bool(
            alternative.offer_terms or alternative.offer_date
        )
        if verdicts:
            yield final_error(
                at(*base, "people_offered"),
                "every count to vacate is a verdict after trial: say whether the People offered "
                "this alternative (true: a rejected offer) or not (false)",
                f"{LAFLER}; without the flag the memorandum argues the plea test, which is the "
                "wrong test for a rejected offer",
                "a1.people_offered",
            )
        elif mentioned:
            yield final_error(
                at(*base, "people_offered"),
                "the alternative speaks of an offer: say whether the People offered it (true or "
                "false)",
                LAFLER,
                "a1.people_offered",
            )
    if (
        a1 is not None
        and ErrorTheory.NO_SAFE_DISPOSITION_SOUGHT in a1.error_theories
        and alternative.offense
        and not alternative.people_offered
        and not alternative.availability
    ):
        yield final_error(
            at(*base, "availability"),
            "say what shows the alternative was available at the time (the People's practice "
            "with such cases, the court's, an offer): the memorandum says it 'was available' "
            "only on a fact that shows it",
            "People v. Manzanilla (2022) 80 Cal.App.5th 891: the motion shows that an "
            "immigration-safe disposition was available, not only that one would have been safe",
            "a1.availability",
        )
    if alternative.people_offered and not (alternative.offer_terms and alternative.offer_date):
        name = "offer_terms" if not alternative.offer_terms else "offer_date"
        yield warning(
            at(*base, name),
            "the People offered the alternative: give the offer's terms and date",
            f"{LAFLER}; the offer's terms are set against the judgment imposed to show they were "
            "less severe",
            "a1.offer_terms",
        )


@rule("a1.truly_clear", "an (a)(1) case says whether each consequence was truly clear")
def _truly_clear(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    if case.grounds is None or case.grounds.a1 is None or case.immigration is None:
        return
    numbers = {c.number for c in _vacated(case)}
    for index, consequence in enumerate(case.immigration.consequences):
        if consequence.count in numbers and consequence.truly_clear is None:
            yield warning(
                at("immigration", "consequences", index, "truly_clear"),
                "say whether the statute made this consequence truly clear at the time (true) or "
                "it took analysis (false): until then the memorandum argues only counsel's duty "
                "to advise of the risk",
                "Padilla v. Kentucky (2010) 559 U.S. 356: where the consequence is truly clear "
                "counsel must say so; where it is not, counsel must advise that the disposition "
                "carries a risk",
                "a1.truly_clear",
            )


# --- J2: one day changes the result -----------------------------------------------------------


def _at_one_year(sentence: Sentence | None) -> bool:
    """Whether the term imposed is one year exactly (365 or 366 days, or 12 months): the line
    a term one day shorter would fall below. A suspended term counts as imposed."""
    if sentence is None:
        return False
    days = (sentence.jail_days, sentence.suspended_term_days)
    return any(d in _ONE_YEAR_DAYS for d in days) or sentence.prison_months == 12


@rule(
    "relief.alternative_sentence",
    "a consequence that turns on a one-year term pleads a shorter sentence in the alternative",
)
def _one_day(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    relief = case.relief
    if relief is None or case.immigration is None:
        return
    vacated = {c.number: c for c in _vacated(case)}
    for consequence in case.immigration.consequences:
        count = vacated.get(consequence.count) if consequence.count else None
        if (
            count is None
            or ConsequenceCategory.AGGRAVATED_FELONY not in consequence.categories
            or consequence.turns_on_term is False
            or not _at_one_year(count.sentence)
        ):
            continue
        if relief.alternative_sentence is None:
            unsure = (
                ""
                if consequence.turns_on_term
                else " (or answer no to whether the consequence turns on the term, if the "
                "aggravated felony does not depend on it)"
            )
            yield final_error(
                "relief.alternative_sentence",
                "the aggravated felony turns on a term of one year and the term imposed was one "
                "year: plead the sentence one day shorter in the alternative" + unsure,
                "Pen. Code § 1473.7(a)(1) reaches a 'conviction or sentence': an aggravated "
                "felony that requires a term of imprisonment of at least one year (8 U.S.C. "
                "§ 1101(a)(43)(F), (G)) falls with a 364-day term, and relief limited to the "
                "sentence is far easier to grant",
                "relief.alternative_sentence",
            )
        elif relief.alternative_sentence_reason is None:
            yield warning(
                "relief.alternative_sentence_reason",
                "say why the Court would have imposed the shorter term had counsel asked: what "
                "the sentencing record shows about how the term was chosen",
                "the alternative must be argued with its prejudice (People v. Manzanilla (2022) "
                "80 Cal.App.5th 891); that the shorter term was within the Court's power does "
                "not show it",
                "relief.alternative_sentence_reason",
            )
        return  # one problem for the relief, however many counts share it


# --- J4: a plea already withdrawn under § 1203.4 ------------------------------------------------


@rule(
    "relief.withdraw_after_1203_4",
    "a plea dismissed under § 1203.4 is still withdrawn under § 1473.7",
)
def _withdraw_after_expungement(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    relief = case.relief
    if relief is None or relief.withdraw_plea or case.criminal_case is None:
        return
    pleas = {c.number for c in _vacated(case) if c.is_plea}
    expunged = any(
        r.kind is LaterReliefKind.EXPUNGEMENT_1203_4 and (not r.counts or pleas & set(r.counts))
        for r in case.criminal_case.later_relief
    )
    if pleas and expunged:
        yield final_error(
            "relief.withdraw_plea",
            "is false, but a plea to vacate was withdrawn only under Pen. Code § 1203.4: ask "
            "to withdraw it again under § 1473.7 (set withdraw_plea to true)",
            "when it vacates a plea conviction the court shall allow the moving party to "
            "withdraw the plea (Pen. Code § 1473.7); a withdrawal under § 1203.4 is "
            "rehabilitative and immigration law disregards it (INA § 101(a)(48)(A)), so leaving "
            "it the only one invites the argument that the plea and the punishment ordered "
            "survive",
            "relief.withdraw_after_1203_4",
        )


# --- J5: a plea before section 1016.3 ---------------------------------------------------------


@rule(
    "a1.pre_2016_duty",
    "a pre-2016 plea argued as a failure to seek a safe disposition cites the duty as it stood",
)
def _pre_2016(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    a1 = case.grounds.a1 if case.grounds else None
    if a1 is None or ErrorTheory.NO_SAFE_DISPOSITION_SOUGHT not in a1.error_theories:
        return
    early = [
        c
        for c in _vacated(case)
        if c.is_plea
        and c.plea_or_verdict_date is not None
        and c.plea_or_verdict_date < PEN_1016_3_EFFECTIVE
    ]
    if early:
        yield warning(
            "grounds.a1.error_theories",
            "the plea predates section 1016.3 (January 1, 2016): check that the memorandum "
            "cites the duty to seek an immigration-safe disposition as it stood then (Bautista, "
            "Barocio, Padilla), not only the later statute",
            "People v. Bautista (2004) 115 Cal.App.4th 229; People v. Barocio (1989) 216 "
            "Cal.App.3d 99; Pen. Code § 1016.2, subds. (a), (h) (the Legislature codified that "
            "case law in § 1016.3)",
            "a1.pre_2016_duty",
        )


# --- J6: a client never admitted, charged as present without admission -----------------------


@rule(
    "immigration.relief_barred",
    "a person never admitted, charged also as present without admission, names the relief barred",
)
def _never_admitted(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    immigration = case.immigration
    if immigration is None or removal.admitted(case) is not False:
        return
    if immigration.notice_to_appear_date is None and immigration.nta_charges_ewi is None:
        return
    if immigration.nta_charges_ewi is None:
        yield warning(
            "immigration.nta_charges_ewi",
            "the moving party was never admitted: say whether the notice to appear also charges "
            "presence without admission or parole (INA § 212(a)(6)(A)(i))",
            "if it does, the moving party is removable without the conviction, and the papers "
            "must not say the conviction placed them in removal proceedings",
            "immigration.nta_charges_ewi",
        )
    elif immigration.nta_charges_ewi and immigration.relief_barred is None:
        yield final_error(
            "immigration.relief_barred",
            "the notice to appear also charges presence without admission: name the relief the "
            "conviction bars (e.g. adjustment of status, cancellation of removal)",
            "the moving party is removable without the conviction; what the conviction does is "
            "add an independent ground and bar the relief that would otherwise resolve the "
            "removal case, and the papers must say which relief",
            "immigration.relief_barred",
        )
