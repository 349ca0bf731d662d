"""The frame of every paper, from the case's facts: the caption of the first page and the
signature blocks. A fact the case lacks is a Missing node, marked in a draft."""

from __future__ import annotations

from assembler.case import Address, Case, Declaration
from assembler.document import (
    Caption,
    Inline,
    Missing,
    SignatureBlock,
    SignatureKind,
    Text,
)
from assembler.errors import AssemblerError
from assembler.plan import DocumentPlan
from assembler.templating import (
    unwrap,
)
from assembler.views import ask_gap


def caption(case: Case, plan: DocumentPlan, title: str) -> Caption:
    """The first page's caption (Cal. Rules of Court, rule 2.111): filer, court, parties, case
    number, the paper's title and, where the paper shows it, the hearing."""
    party = case.moving_party
    name = party.legal_name if party and party.legal_name else None
    counsel = case.filing_counsel
    filer: list[tuple[Inline, ...]] = []
    if case.self_represented or counsel is None:
        filer.append(_fact(name, "moving_party.legal_name"))
        address = party.mailing_address if party else None
        filer.extend(_address(address, "moving_party.mailing_address"))
        for value in (party.phone if party else None, party.email if party else None):
            if value:
                filer.append((Text(value),))
        attorney_for: tuple[Inline, ...] = (Text("Defendant, In Pro Per"),)
    else:
        bar = counsel.state_bar_number
        filer.append(
            (
                *_fact(counsel.name, "filing_counsel.name"),
                Text(" (SBN "),
                *_fact(bar, "filing_counsel.state_bar_number"),
                Text(")"),
            )
        )
        if counsel.firm:
            filer.append((Text(counsel.firm),))
        filer.extend(_address(counsel.address, "filing_counsel.address"))
        filer.append((Text("Telephone: "), *_fact(counsel.phone, "filing_counsel.phone")))
        filer.append((Text("E-mail: "), *_fact(counsel.email, "filing_counsel.email")))
        attorney_for = (
            Text("Attorney for "),
            Text(counsel.attorney_for or "Defendant and Moving Party"),
        )
    court = (
        case.court.title.split("\n")
        if case.court and case.court.title
        else ["SUPERIOR COURT OF THE STATE OF CALIFORNIA"]
    )
    hearing: list[tuple[Inline, ...]] = []
    if plan.document.hearing and case.hearing is not None:
        h = case.hearing
        if h.to_be_set:
            hearing.append((Text("Hearing: to be set"),))
        else:
            from assembler.templating import long_date, time_of_day

            hearing.append(
                (Text("Date: "), *_fact(long_date(h.date) if h.date else None, "hearing.date"))
            )
            hearing.append(
                (
                    Text("Time: "),
                    *_fact(time_of_day(h.time) if h.time else None, "hearing.time"),
                )
            )
            hearing.append((Text("Dept.: "), *_fact(h.department, "hearing.department")))
    number = case.criminal_case.case_number if case.criminal_case else None
    return Caption(
        filer=tuple(filer),
        attorney_for=attorney_for,
        court=tuple(court),
        plaintiff="THE PEOPLE OF THE STATE OF CALIFORNIA",
        defendant=_fact(name, "moving_party.legal_name"),
        case_number=_fact(number, "criminal_case.case_number"),
        paper_title=title,
        hearing=tuple(hearing),
    )


def _gap(path: str) -> Missing:
    """The gap a missing fact leaves: ``[MISSING: path]``, or ``[ASK: …]`` when the case file
    marks the fact to ask the attorney."""
    return Missing(ask_gap(path) or path)


def _fact(value: str | None, path: str) -> tuple[Inline, ...]:
    return (Text(value),) if value else (_gap(path),)


def _address(address: Address | None, path: str) -> list[tuple[Inline, ...]]:
    if address is None:
        return [(_gap(path),)]
    street = address.street or ""
    if address.unit:
        street += f", {address.unit}"
    city = ", ".join(
        p
        for p in (address.city, " ".join(x for x in (address.state, address.postal_code) if x))
        if p
    )
    # a street or city not given is a gap the papers mark, never a line left out
    lines: list[tuple[Inline, ...]] = [
        (Text(street),) if address.street else (_gap(f"{path}.street"),),
        (Text(city),)
        if address.city
        else (_gap(f"{path}.city"), *((Text(f", {city}"),) if city else ())),
    ]
    if address.country:
        lines.append((Text(address.country),))
    return lines


def signature(kind: SignatureKind, case: Case, plan: DocumentPlan, source: str) -> SignatureBlock:
    party = case.moving_party
    party_name = _fact(party.legal_name if party else None, "moving_party.legal_name")
    if kind is SignatureKind.JUDGE:
        return SignatureBlock(kind, (Text("Judge of the Superior Court"),), (), None, (), source)
    if kind is SignatureKind.COUNSEL:
        counsel = case.filing_counsel
        if case.self_represented or counsel is None:
            return SignatureBlock(
                kind, party_name, ((Text("Defendant, In Pro Per"),),), case.filing_date, (), source
            )
        lines: list[tuple[Inline, ...]] = []
        if counsel.firm:
            lines.append((Text(counsel.firm),))
        lines.append(
            (Text("Attorney for " + (counsel.attorney_for or "Defendant and Moving Party")),)
        )
        return SignatureBlock(
            kind,
            _fact(counsel.name, "filing_counsel.name"),
            tuple(lines),
            case.filing_date,
            (),
            source,
        )
    if plan.document.context == "service":
        service = case.service
        server = service.server if service else None
        name = _fact(server.name if server else None, "service.server.name")
        place = (Text(service.place),) if service and service.place else ()
        return SignatureBlock(kind, name, (), service.date if service else None, place, source)
    declaration = plan.context.get("declaration")
    model = unwrap(declaration) if declaration is not None else None
    if model is not None and not isinstance(model, Declaration):
        raise AssemblerError("a declaration paper's context must hold its declaration")
    translating = plan.document.context.startswith("translation:")
    name = _declarant_name(case, model, translating)
    executed_on = model.executed_on if model is not None else None
    place = (Text(model.executed_at),) if model is not None and model.executed_at else ()
    return SignatureBlock(kind, name, (), executed_on, place, source)


def _declarant_name(case: Case, model: Declaration | None, translating: bool) -> tuple[Inline, ...]:
    """Who signs a declaration: the translator, or the person the declaration's kind names."""
    if model is None:
        return _fact(
            case.moving_party.legal_name if case.moving_party else None, "moving_party.legal_name"
        )
    # the declaration's own path, so a gap names the fact as validate does (and an asked name
    # prints its question): declarations[2].translator.name
    at = next((i for i, d in enumerate(case.declarations) if d is model), None)
    where = f"declarations[{at}]" if at is not None else "declaration"
    if translating:
        return _fact(
            model.translator.name if model.translator else None, f"{where}.translator.name"
        )
    kind = model.kind.value if model.kind is not None else ""
    if kind == "filing_counsel":
        counsel = case.filing_counsel
        return _fact(counsel.name if counsel else None, "filing_counsel.name")
    if kind == "prior_counsel":
        prior = case.prior_counsel
        return _fact(prior.name if prior else None, "prior_counsel.name")
    if kind == "moving_party":
        party = case.moving_party
        return _fact(party.legal_name if party else None, "moving_party.legal_name")
    declarant = model.declarant
    return _fact(declarant.name if declarant else None, f"{where}.declarant.name")
