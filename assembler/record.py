"""Record citations: how the memorandum cites the declarations filed with it (review item 3).

California briefs cite a declaration by the declarant's surname and paragraph: "(Melnyk Decl.
¶ 6)" (legal review 2, I1). Two declarants with one surname are told apart by the first initial:
"(H. Melnyk Decl. ¶ 2)"; so is a declarant whose name shares a word of the moving party's
surname, by initial and full surname: "(M. Solís Vega Decl.)" (H5).

Paragraphs: the assembler numbers a declaration's ``¶`` paragraphs, so it builds the
declarations first and records, per declaration and per clause id, the numbers of the
paragraphs each clause printed (:func:`paragraph_map`). A memorandum clause names the clauses
whose paragraphs state the fact it cites: ``decl["moving_party"] | record(at="declaration.told")``.
While the other papers are assembled, :func:`pinpoints` makes that map known to the ``record``
filter; a cite whose paragraph cannot be known prints the gap "¶ [__]" for the attorney and is
listed in the build report (:attr:`Pinpoints.gaps`). A bare "(X Decl.)" is never printed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from .case import Case, Declaration
from .vocabulary import DeclarationKind

GAP = "[__]"
"""How a paragraph the assembler cannot know prints: "(Solís Decl. ¶ [__])"."""


class DeclarationCite(str):
    """A declaration's short cite ("Melnyk Decl."), knowing which of the case's declarations it
    is (its index in ``declarations``), so the ``record`` filter can add its paragraphs."""

    position: int

    def __new__(cls, text: str, position: int) -> DeclarationCite:
        cite = super().__new__(cls, text)
        cite.position = position
        return cite


Paragraphs = Mapping[int, Mapping[str, tuple[int, ...]]]
"""Per declaration (its index in the case's ``declarations``), per clause id: the numbers of
the paragraphs that clause printed in that declaration."""


@dataclass
class Pinpoints:
    """The paragraphs of the declarations assembled, and the cites that found none."""

    paragraphs: Paragraphs
    gaps: list[str] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)

    def take_gaps(self) -> list[str]:
        """The gaps found since the last call (one clause's), kept in ``reported`` too."""
        taken, self.gaps = self.gaps, []
        self.reported.extend(taken)
        return taken


_pinpoints: ContextVar[Pinpoints | None] = ContextVar("pinpoints", default=None)


@contextlib.contextmanager
def pinpoints(found: Pinpoints) -> Iterator[Pinpoints]:
    """Make the declarations' paragraphs known to the ``record`` filter while papers render."""
    token = _pinpoints.set(found)
    try:
        yield found
    finally:
        _pinpoints.reset(token)


def take_gaps() -> list[str]:
    """The cites without a known paragraph printed since the last call (none outside
    :func:`pinpoints`): the assembler lists them with the clause that printed them."""
    found = _pinpoints.get()
    return found.take_gaps() if found is not None else []


def paragraph_numbers(numbers: Iterable[int]) -> str:
    """``[6]`` -> "¶ 6"; ``[6, 7, 8]`` -> "¶¶ 6–8"; ``[3, 6]`` -> "¶¶ 3, 6"; none -> "¶ [__]"."""
    ordered = sorted(set(numbers))
    if not ordered:
        return f"¶ {GAP}"
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    return ("¶ " if len(ordered) == 1 else "¶¶ ") + ", ".join(parts)


def pinned(cite: str, at: Iterable[str]) -> str:
    """``cite`` with the paragraphs the clauses ``at`` printed in its declaration: "Melnyk Decl.
    ¶ 6". A cite whose paragraphs are not known gets the gap, listed in the build report."""
    clause_ids = list(at)
    found = _pinpoints.get()
    numbers: list[int] = []
    if found is not None and isinstance(cite, DeclarationCite):
        own = found.paragraphs.get(cite.position, {})
        numbers = [n for clause_id in clause_ids for n in own.get(clause_id, ())]
    if not numbers and found is not None:
        what = ", ".join(clause_ids) if clause_ids else "the fact cited"
        found.gaps.append(f"paragraph needed: {cite} for {what}")
    return f"{cite} {paragraph_numbers(numbers)}"


_SUFFIX = re.compile(r",?\s+(Jr\.|Sr\.|II|III|IV|Esq\.|Ph\.D\.|M\.D\.|J\.D\.)$")


def _name(case: Case, declaration: Declaration) -> str | None:
    """The declarant's full name (the moving party and filing counsel are named elsewhere)."""
    if declaration.kind is DeclarationKind.MOVING_PARTY and case.moving_party:
        return case.moving_party.legal_name
    if declaration.declarant and declaration.declarant.name:
        return declaration.declarant.name
    if declaration.kind is DeclarationKind.FILING_COUNSEL and case.filing_counsel:
        return case.filing_counsel.name
    if declaration.kind is DeclarationKind.PRIOR_COUNSEL and case.prior_counsel:
        return case.prior_counsel.name
    return None


def _surname(case: Case, declaration: Declaration, full: str) -> str:
    party = case.moving_party
    if declaration.kind is DeclarationKind.MOVING_PARTY and party and party.surname:
        return party.surname
    while (stripped := _SUFFIX.sub("", full.strip())) != full.strip():
        full = stripped
    return full.split()[-1]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_][\w'’-]*", text)}


def _party_surname_words(case: Case) -> set[str]:
    party = case.moving_party
    if party is None:
        return set()
    if party.surname:
        return _words(party.surname)
    return _words(party.legal_name.split()[-1]) if party.legal_name else set()


def declaration_cites(case: Case) -> dict[str, list[DeclarationCite]]:
    """Each declaration kind's short cites, in filing order: {"moving_party": ["Melnyk Decl."]}.

    Another declarant who shares the short name of one filed is told apart by initial; one whose
    name shares a word of the moving party's surname is cited by initial and full surname (from
    that word on: "Marta Soto Beltrán" beside "Ramírez Soto" is "M. Soto Beltrán"), since a bare
    "Beltrán Decl." or "Soto Decl." could be read as the moving party's (H5)."""
    named: list[tuple[int, Declaration, str, str]] = []
    for index, declaration in enumerate(case.declarations):
        full = _name(case, declaration)
        if declaration.kind is None or not full:
            continue
        named.append((index, declaration, full, _surname(case, declaration, full)))
    surnames = [surname for _, _, _, surname in named]
    party_words = _party_surname_words(case)
    cites: dict[str, list[DeclarationCite]] = {kind.value: [] for kind in DeclarationKind}
    for index, declaration, full, surname in named:
        short = surname
        if declaration.kind is not DeclarationKind.MOVING_PARTY:
            words = full.strip().split()
            shared = [i for i, w in enumerate(words[1:], 1) if _words(w) & party_words]
            if surnames.count(surname) > 1:
                short = f"{full.strip()[0]}. {surname}"
            if shared:
                family = " ".join(words[shared[0] :])
                while (stripped := _SUFFIX.sub("", family)) != family:
                    family = stripped
                short = f"{full.strip()[0]}. {family}"
        assert declaration.kind is not None
        cites[declaration.kind.value].append(DeclarationCite(f"{short} Decl.", index))
    return cites


def paragraph_map(
    declarations: Iterable[tuple[int, Iterable[tuple[int, str]]]],
) -> dict[int, dict[str, tuple[int, ...]]]:
    """Per declaration index, per clause id, the paragraph numbers: built from each assembled
    declaration's numbered paragraphs as (number, clause id) pairs."""
    found: dict[int, dict[str, tuple[int, ...]]] = {}
    for index, paragraphs in declarations:
        own = found.setdefault(index, {})
        for number, clause_id in paragraphs:
            own[clause_id] = (*own.get(clause_id, ()), number)
    return found
