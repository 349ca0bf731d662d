"""Rules on declarations and exhibits: declarants, translators, execution, exhibit files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from assembler.case import Case, Declaration
from assembler.errors import PathPart, Problem
from assembler.rules.registry import (
    E1,
    VIVAR,
    Context,
    at,
    error,
    reads_english,
    rule,
    warning,
)
from assembler.vocabulary import LABELS, DeclarationKind

# --- declarations -----------------------------------------------------------------------------


@rule("declarations", "each declarant has the facts the declaration needs; translators; execution")
def _declarations(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    party = case.moving_party
    kinds = Counter(d.kind for d in case.declarations)
    if DeclarationKind.MOVING_PARTY not in kinds and case.grounds and case.grounds.a1:
        yield warning(
            "declarations",
            "no declaration of the moving party: it is the main evidence of what they were told "
            "and what they would have done",
            f"prejudice is shown by the moving party's account corroborated by objective evidence ({VIVAR})",
            "declarations.no_moving_party",
        )
    served = case.service.date if case.service else None
    for i, declaration in enumerate(case.declarations):
        base = ("declarations", i)
        kind = declaration.kind
        if kind in {
            DeclarationKind.MOVING_PARTY,
            DeclarationKind.FILING_COUNSEL,
            DeclarationKind.PRIOR_COUNSEL,
        }:
            if kinds[kind] > 1:
                yield error(
                    at(*base, "kind"),
                    f"more than one declaration of the kind '{LABELS[DeclarationKind][kind]}'",
                    None,
                    "declarations.duplicate",
                )
            if declaration.declarant is not None:
                yield error(
                    at(*base, "declarant"),
                    f"the declarant of a declaration of the kind '{LABELS[DeclarationKind][kind]}' "
                    "is taken from the case; remove this",
                    None,
                    "declarations.declarant_conflict",
                )
        if kind is DeclarationKind.FILING_COUNSEL and case.self_represented:
            yield error(
                at(*base, "kind"),
                "a self-represented case has no filing counsel to declare",
                None,
                "declarations.no_counsel",
            )
        if kind is DeclarationKind.PRIOR_COUNSEL:
            prior = case.prior_counsel
            if prior is None:
                yield error(
                    "prior_counsel",
                    "required for a declaration of prior counsel",
                    None,
                    "declarations.no_prior_counsel",
                )
            elif not prior.declaration_available:
                yield error(
                    "prior_counsel.declaration_available",
                    "is false, but a declaration of prior counsel is listed: set it to true or "
                    "remove the declaration",
                    None,
                    "declarations.prior_unavailable",
                )
        # A declarant given without a name is caught by the required-fact rule.
        third_party = kind in {DeclarationKind.IMMIGRATION_EXPERT, DeclarationKind.OTHER}
        if third_party and declaration.declarant is None:
            yield error(
                at(*base, "declarant"),
                "required: who signs this declaration (at least their name)",
                "a declaration is signed in the declarant's name (Code Civ. Proc. § 2015.5)",
                "declarations.declarant",
            )
        if kind is DeclarationKind.IMMIGRATION_EXPERT and not (
            case.immigration and case.immigration.consequences
        ):
            yield error(
                "immigration.consequences",
                "the immigration expert's declaration classifies each count: list the consequences",
                E1,
                "declarations.expert_without_consequences",
            )
        yield from _content(case, declaration, base)
        if kind is DeclarationKind.OTHER and declaration.subject is None:
            yield error(
                at(*base, "subject"),
                "say what this declarant attests to",
                None,
                "declarations.subject",
            )
        yield from _translation(
            declaration.kind, declaration.language, declaration.translator, base, party
        )
        if declaration.executed_on and declaration.executed_at is None:
            yield error(
                at(*base, "executed_at"),
                "a dated declaration also states the place of signing",
                "Code Civ. Proc. § 2015.5: date and place of execution",
                "declarations.place",
            )
        if declaration.executed_on is None and served is not None:
            yield error(
                at(*base, "executed_on"),
                "the proof of service is dated, so every declaration it serves must be dated "
                "too: give the date of signing",
                "Code Civ. Proc. § 2015.5: a declaration states the date and place of execution",
                "declarations.undated",
            )
        if declaration.executed_on and served and declaration.executed_on > served:
            yield error(
                at(*base, "executed_on"),
                "is after the date of service",
                None,
                "dates.declaration_after_service",
            )


def _content(case: Case, declaration: Declaration, base: tuple[PathPart, ...]) -> Iterator[Problem]:
    """What each kind of declaration must say in the declarant's own words."""
    kind = declaration.kind
    account = declaration.account
    if kind is DeclarationKind.MOVING_PARTY:
        a1 = case.grounds is not None and case.grounds.a1 is not None
        needed = {
            "told": "the declaration says, in the moving party's words, what they were and were "
            "not told about immigration (Pen. Code § 1016.3(a))",
            "would_have": f"the declaration says what the moving party would have done ({VIVAR})",
        }
        if a1 and account is None:
            yield error(
                at(*base, "account"),
                "required: the moving party's own first-person account (what they were told, and "
                "what they would have done, at least), which the declaration tells",
                "the moving party's declaration is their own testimony, in the first person "
                f"(Code Civ. Proc. § 2015.5; {VIVAR})",
                "declarations.account",
            )
        elif a1 and account is not None:
            for name, reason in needed.items():
                if getattr(account, name) is None:
                    yield error(
                        at(*base, "account", name),
                        "required: write it in the first person, in the moving party's words",
                        reason,
                        "declarations.account",
                    )
    elif account is not None:
        yield error(
            at(*base, "account"),
            "only the moving party's declaration has an account: use statements",
            None,
            "declarations.account_kind",
        )
    if (
        kind in {DeclarationKind.PRIOR_COUNSEL, DeclarationKind.OTHER}
        and not declaration.statements
    ):
        yield error(
            at(*base, "statements"),
            "required: what the declarant attests, as first-person paragraphs",
            "a declaration states facts within the declarant's personal knowledge "
            "(Code Civ. Proc. § 2015.5)",
            "declarations.statements",
        )
    if (
        kind is DeclarationKind.IMMIGRATION_EXPERT
        and declaration.declarant is not None
        and (declaration.declarant.qualifications is None)
    ):
        yield warning(
            at(*base, "declarant", "qualifications"),
            "the expert's declaration should state the experience that qualifies the opinion",
            "an opinion is weighed by the declarant's qualifications",
            "declarations.expert_qualifications",
        )


def _translation(
    kind: DeclarationKind | None,
    language: str | None,
    translator: Any,
    base: tuple[PathPart, ...],
    party: Any,
) -> Iterator[Problem]:
    reason = (
        "a declarant who does not read English signs a declaration translated to them; the "
        "translator declares their competence and the translation (Evid. Code §§ 750-753)"
    )
    needs = False
    if kind is DeclarationKind.MOVING_PARTY and party is not None and party.language is not None:
        # The declaration's own language decides; else whether the moving party reads English.
        lang = party.language
        if language is not None:
            needs = not reads_english(language)
        elif lang.reads_english is not None:
            needs = not lang.reads_english
        else:
            needs = not reads_english(lang.primary)
    elif language is not None:
        needs = not reads_english(language)
    if not needs:
        return
    if translator is None:
        yield warning(
            at(*base, "translator"),
            "the declarant does not read English: a translator's declaration will be needed; "
            "add the translator",
            reason,
            "declarations.translator",
        )
    else:
        yield warning(
            at(*base, "translator"),
            "the declarant does not read English: the packet includes the translator's "
            "declaration, which the translator signs with the declarant",
            reason,
            "declarations.translator",
        )


# --- exhibits ---------------------------------------------------------------------------------


@rule("exhibits", "labels unique; files exist as PDFs; non-English exhibits have translations")
def _exhibits(ctx: Context) -> Iterator[Problem]:
    labels = Counter(e.label for e in ctx.case.exhibits if e.label)
    for i, exhibit in enumerate(ctx.case.exhibits):
        base = ("exhibits", i)
        if exhibit.label and labels[exhibit.label] > 1:
            yield error(
                at(*base, "label"),
                f"exhibit label {exhibit.label} is used more than once",
                None,
                "exhibits.duplicate",
            )
        if exhibit.file:
            yield from _exhibit_file(ctx, exhibit.file, at(*base, "file"))
        if not reads_english(exhibit.language) and not exhibit.certified_translation:
            yield warning(
                at(*base, "certified_translation"),
                "a document not in English needs a certified English translation attached",
                "Cal. Rules of Court, rule 3.1110(g)",
                "exhibits.translation",
            )


def _exhibit_file(ctx: Context, name: str, path: str) -> Iterator[Problem]:
    from assembler.exhibits import locate, name_problem

    # Without a folder (parsed JSON, no file) only the name can be checked.
    located = name_problem(name) if ctx.base_dir is None else locate(ctx.base_dir, name)
    if located is not None and located.path is None:
        reason = "exhibits are merged into the PDF packet" if "pdf" in located.code else None
        yield error(path, located.message, reason, located.code)
