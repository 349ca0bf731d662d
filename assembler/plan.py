"""The packet plan: which documents a case gets and, in each, which clauses apply and why.

Computed once per build; it drives every writer and is what ``assembler explain`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from assembler.case import Case
from assembler.errors import AssemblerError
from assembler.library import Clause, DocumentDef, Library, LibraryError
from assembler.templating import (
    CLAUSE_SECONDS,
    case_context,
    clause_failures,
    compile_condition,
    describe_failure,
    time_limit,
    wrap,
)
from assembler.views import asked_counts_as_given

__all__ = ["ClauseDecision", "DocumentPlan", "Plan", "evaluate", "make_plan"]


@dataclass(frozen=True)
class ClauseDecision:
    clause: Clause
    included: bool


@dataclass(frozen=True)
class DocumentPlan:
    """A document and its clause decisions; ``context`` is what its clauses render with."""

    document: DocumentDef
    included: bool
    reason: str
    clauses: tuple[ClauseDecision, ...]
    context: dict[str, Any]

    @property
    def chosen(self) -> list[Clause]:
        """The clauses included, in order."""
        return [d.clause for d in self.clauses if d.included]


@dataclass(frozen=True)
class Plan:
    documents: tuple[DocumentPlan, ...]

    @property
    def included(self) -> list[DocumentPlan]:
        """The documents of the packet, in filing order."""
        return [d for d in self.documents if d.included]


def evaluate(
    env: SandboxedEnvironment,
    condition: str,
    context: dict[str, Any],
    where: str,
    *,
    bundled: bool = False,
) -> bool:
    """Evaluate a clause or document condition, bounded in time as a clause is; a broken
    condition names its file, never a value of the case (``describe_failure``). A ``TypeError``
    and the like in a ``bundled`` condition is a bug of the tool and is not caught."""
    caught: tuple[type[Exception], ...] = (TemplateError, AssemblerError, *clause_failures(bundled))
    try:
        function = compile_condition(env, condition)
        with time_limit(CLAUSE_SECONDS):
            return bool(function(**context))
    except caught as exc:
        reason = describe_failure(exc, condition)
        raise LibraryError(f"{where}: condition {condition!r}: {reason}") from None


Subject = tuple[dict[str, Any], str | None, str]
"""A document instance: its own names, why it is left out (or None), and what it is about."""


def _subjects(case: Case, document: DocumentDef) -> list[Subject]:
    """Each instance of a document: its own names, or why it is left out.

    ``declaration:KIND`` binds ``declaration`` to each of the case's declarations of that kind
    (one paper per declaration); ``translation:KIND`` does the same for each such declaration
    that has a translator (whose declaration the paper is); ``service`` needs the case's service
    section. A document without a context has one instance.
    """
    if not document.context:
        return [({}, None, "")]
    kind, _, value = document.context.partition(":")
    if kind == "service":
        if case.service is None:
            return [({}, "the case gives no service", "")]
        return [({}, None, "the case gives service")]
    if kind not in {"declaration", "translation"}:
        raise LibraryError(
            f"{document.path}: [{document.id}] context must be 'declaration:KIND', "
            "'translation:KIND' or 'service'"
        )
    found: list[Subject] = []
    untranslated = False
    for index, declaration in enumerate(case.declarations):
        if declaration.kind is None or declaration.kind.value != value:
            continue
        if kind == "translation" and declaration.translator is None:
            untranslated = True
            continue
        path = f"declarations[{index}]"
        article = "an" if value[:1] in "aeiou" else "a"
        about = f"{path} is {article} {value} declaration" + (
            " with a translator" if kind == "translation" else ""
        )
        found.append(({"declaration": wrap(declaration, path)}, None, about))
    if found:
        return found
    if untranslated:
        return [({}, f"the {value} declaration has no translator", "")]
    return [({}, f"the case lists no {value} declaration", "")]


def make_plan(case: Case, library: Library, env: SandboxedEnvironment) -> Plan:
    """Decide every document and clause for a case."""
    base = case_context(case)
    plans = []
    for each in sorted(library.documents.values(), key=lambda d: (d.order, d.id)):
        subjects = _subjects(case, each)
        for number, (extra, absent, about) in enumerate(subjects, start=1):
            document = each
            if len(subjects) > 1:  # one paper per declaration: distinct file names
                document = replace(each, slug=f"{each.slug}-{number}")
            plans.append(_document_plan(env, library, document, base | extra, absent, about))
    return Plan(tuple(plans))


def _renotice_absent(document: DocumentDef, context: dict[str, Any]) -> str | None:
    """Why a paper is left out of this packet by the renotice rule (documents.toml ``renotice``):
    a renotice (``hearing.renotice_of``) holds only its own papers, a filing never holds those."""
    renotice = bool(context["hearing"].renotice_of) if context.get("hearing") else False
    if renotice and document.renotice == "":
        return "not part of a renotice (hearing.renotice_of)"
    if not renotice and document.renotice == "only":
        return "only in a renotice (hearing.renotice_of)"
    return None


def _document_plan(
    env: SandboxedEnvironment,
    library: Library,
    document: DocumentDef,
    context: dict[str, Any],
    absent: str | None,
    about: str,
) -> DocumentPlan:
    """One document instance and its clause decisions."""
    if absent is None:
        absent = _renotice_absent(document, context)
    if absent is not None:
        included, reason = False, absent
    else:
        where = f"{document.path}: [{document.id}]"
        included = evaluate(env, document.when, context, where, bundled=document.bundled)
        reason = f"{about}; when: {document.when}" if about else f"when: {document.when}"
    token = asked_counts_as_given.set(True)  # a clause telling an asked fact asks it
    try:
        decisions = tuple(
            ClauseDecision(
                clause,
                included
                and evaluate(
                    env, clause.when, context, clause.where(0) + ":2", bundled=clause.bundled
                ),
            )
            for clause in library.clauses_for(document.id)
        )
    finally:
        asked_counts_as_given.reset(token)
    return DocumentPlan(document, included, reason, decisions, context)
