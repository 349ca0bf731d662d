"""Record citations: how the memorandum cites the declarations filed with it (review item 3).

California briefs cite a declaration by the declarant's surname: "(Melnyk Decl.)". Two
declarants with one surname are told apart by the first initial: "(H. Melnyk Decl.)".
"""

from __future__ import annotations

import re

from .case import Case, Declaration
from .vocabulary import DeclarationKind

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


def declaration_cites(case: Case) -> dict[str, list[str]]:
    """Each declaration kind's short cites, in filing order: {"moving_party": ["Melnyk Decl."]}."""
    named: list[tuple[Declaration, str, str]] = []
    for declaration in case.declarations:
        full = _name(case, declaration)
        if declaration.kind is None or not full:
            continue
        named.append((declaration, full, _surname(case, declaration, full)))
    surnames = [surname for _, _, surname in named]
    cites: dict[str, list[str]] = {kind.value: [] for kind in DeclarationKind}
    for declaration, full, surname in named:
        short = surname
        if surnames.count(surname) > 1 and declaration.kind is not DeclarationKind.MOVING_PARTY:
            short = f"{full.strip()[0]}. {surname}"
        assert declaration.kind is not None
        cites[declaration.kind.value].append(f"{short} Decl.")
    return cites
