"""Rules on the whole file and the frame of the papers: required facts, who files, hearing, service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from assembler.case import Address
from assembler.errors import Problem
from assembler.fields import YearMonth, before
from assembler.law import PEN_1473_7_LETTERINGS
from assembler.rules.registry import (
    PLACEHOLDER,
    Context,
    at,
    error,
    filing_date,
    rule,
    walk_models,
    warning,
)
from assembler.vocabulary import DeclarationKind, ServiceMethod

# --- generic ---------------------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, list) and not value)


@rule("required.missing", "every fact a model lists as required is present, with its reason")
def _required(ctx: Context) -> Iterator[Problem]:
    for model, loc in walk_models(ctx.case, ()):
        for name, reason in getattr(model, "required_facts", {}).items():
            if _is_missing(getattr(model, name)):
                field = type(model).model_fields[name]
                yield error(at(*loc, field.alias or name), "required", reason, "required.missing")


@rule("placeholder", "no placeholder text ('FILL IN …') is left in the case")
def _placeholders(ctx: Context) -> Iterator[Problem]:
    for model, loc in walk_models(ctx.case, ()):
        for name in type(model).model_fields:
            value = getattr(model, name)
            texts: list[tuple[int | None, str]] = [(None, value)] if isinstance(value, str) else []
            if isinstance(value, list):
                texts = [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
            for index, text in texts:
                if PLACEHOLDER in text.upper():
                    where = (*loc, name) if index is None else (*loc, name, index)
                    yield error(
                        at(*where),
                        "still holds placeholder text ('FILL IN …'), not the fact: write the fact, or leave it blank",
                        None,
                        "placeholder",
                    )


@rule("address.us", "a U.S. address has a state and ZIP code")
def _addresses(ctx: Context) -> Iterator[Problem]:
    for model, loc in walk_models(ctx.case, ()):
        if not isinstance(model, Address):
            continue
        if model.country and model.country.strip().upper() not in {
            "US",
            "USA",
            "U.S.",
            "U.S.A.",
            "UNITED STATES",
        }:
            continue
        for name in ("state", "postal_code"):
            if getattr(model, name) is None:
                yield error(
                    at(*loc, name),
                    "required for a U.S. address (give 'country' for an address abroad)",
                    "service by mail and the caption need a complete address",
                    "address.us",
                )


# --- who files --------------------------------------------------------------------------------


@rule("representation", "filed by counsel (with State Bar number) or In Pro Per with an address")
def _representation(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    reason = (
        "Cal. Rules of Court, rule 2.111(1): the first page gives the name, address, telephone "
        "and e-mail of the attorney, or of the party without an attorney"
    )
    if case.self_represented and case.filing_counsel is not None:
        yield error(
            "filing_counsel",
            "a self-represented case has no filing counsel: remove filing_counsel or set "
            "self_represented to false",
            reason,
            "representation.both",
        )
    if not case.self_represented and case.filing_counsel is None:
        yield error(
            "filing_counsel",
            "required unless self_represented is true",
            reason,
            "representation.none",
        )
    if case.self_represented and case.moving_party and case.moving_party.mailing_address is None:
        yield error(
            "moving_party.mailing_address",
            "required when self-represented: it goes on the first page in place of counsel's",
            reason,
            "representation.pro_per_address",
        )


# --- hearing ----------------------------------------------------------------------------------


_NOT_PAST = frozenset(
    {
        ("filing_date",),
        ("hearing", "date"),
        ("hearing", "renotice_of"),
        ("immigration", "next_hearing_date"),
        ("declarations", "executed_on"),
        ("service", "date"),
        ("grounds", "a2", "discovered_on"),  # their own rule: dates.discovered_after_filing
        ("grounds", "a3", "discovered_on"),
    }
)
"""Dates that may fall on or after the filing date; every other date in the case is a past
event the papers recount as history."""


@rule("dates.after_filing", "the events the papers recount happened before the filing date")
def _events_before_filing(ctx: Context) -> Iterator[Problem]:
    filed = filing_date(ctx.case)
    if filed is None:
        return
    for model, loc in walk_models(ctx.case, ()):
        shape = tuple(part for part in loc if isinstance(part, str))
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            key = info.alias or name
            if not isinstance(value, dt.date | YearMonth) or (*shape, key) in _NOT_PAST:
                continue
            after = before(filed, value)
            if after is None and isinstance(value, YearMonth):  # "2026", filed in 2026
                yield warning(
                    at(*loc, key),
                    f"gives only the {value.precision()} ({value}), the filing date's own "
                    f"({filed:%B %-d, %Y}): it cannot tell whether this happened before the "
                    "filing; give the full date",
                    "a motion recounts only what happened before it was filed",
                    "dates.after_filing_unsure",
                )
            elif after:
                yield error(
                    at(*loc, key),
                    f"is after the filing date ({filed:%B %-d, %Y}): the papers would tell it as "
                    "something that has already happened",
                    "a motion recounts only what happened before it was filed: correct the date, "
                    "or the filing date",
                    "dates.after_filing",
                )
    signed = [
        d.executed_on
        for d in ctx.case.declarations
        if d.kind is DeclarationKind.FILING_COUNSEL and d.executed_on is not None
    ]
    efforts = ctx.case.prior_counsel.contact_efforts if ctx.case.prior_counsel else []
    for index, effort in enumerate(efforts):
        if signed and effort.date is not None and effort.date > max(signed):
            yield error(
                at("prior_counsel", "contact_efforts", index, "date"),
                f"is after counsel's declaration was signed ({max(signed):%B %-d, %Y}): counsel "
                "cannot swear to it",
                "Code Civ. Proc. § 2015.5: a declaration states what the declarant knows when "
                "signing it",
                "dates.after_declaration",
            )


@rule("exhibits.later_relief", "a later order's exhibit is among the exhibits")
def _later_relief_exhibits(ctx: Context) -> Iterator[Problem]:
    labels = {e.label for e in ctx.case.exhibits if e.label}
    later = ctx.case.criminal_case.later_relief if ctx.case.criminal_case else []
    for index, order in enumerate(later):
        if order.exhibit and order.exhibit not in labels:
            yield error(
                at("criminal_case", "later_relief", index, "exhibit"),
                f"exhibit {order.exhibit} is not among the exhibits",
                None,
                "exhibits.unknown",
            )


@rule("law.lettering", "the filing date falls within the table of § 1473.7's letterings")
def _lettering(ctx: Context) -> Iterator[Problem]:
    filed = filing_date(ctx.case)
    first = PEN_1473_7_LETTERINGS[0]
    if filed is not None and filed < first.effective:
        yield warning(
            "filing_date",
            f"is before {first.effective:%B %-d, %Y}: the papers cite § 1473.7 by the letters "
            "in force from then; check each subdivision cited against the text in force on the "
            "filing date",
            "assembler/law.py holds the lettering of § 1473.7 from "
            f"{first.effective:%B %-d, %Y} ({first.enacted_by}) onward",
            "law.lettering_unknown",
        )


@rule("hearing", "hearing date, time and department, or 'to be set'; not before service or filing")
def _hearing(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    hearing = case.hearing
    if hearing is None:
        return
    reason = (
        "Cal. Rules of Court, rule 2.111(6): the first page states the date, time and "
        "department of the hearing"
    )
    filed = filing_date(case)
    if hearing.renotice_of is not None:
        if hearing.to_be_set:
            yield error(
                "hearing.renotice_of",
                "a renotice gives the hearing the court has set: give the hearing's date, time "
                "and department, and no longer mark it 'to be set'",
                "a motion filed without a hearing date must be renoticed once the date is set",
                "hearing.renotice",
            )
        elif filed is not None and hearing.renotice_of > filed:
            yield error(
                "hearing.renotice_of",
                "is after the filing date: the renotice gives the date the motion was filed, "
                "and the filing date is the date of this notice",
                None,
                "hearing.renotice",
            )
    if hearing.to_be_set:
        if hearing.date or hearing.time:
            yield error(
                "hearing.to_be_set",
                "the hearing is marked 'to be set' but a date or time is given: keep one",
                None,
                "hearing.conflict",
            )
        else:
            yield warning(
                "hearing.to_be_set",
                "the hearing is 'to be set': the papers show a placeholder until the clerk sets it",
                reason,
                "hearing.to_be_set",
            )
        return
    for name in ("date", "time", "department"):
        if getattr(hearing, name) is None:
            yield error(
                at("hearing", name),
                "required (or mark the hearing 'to be set' while drafting)",
                reason,
                "hearing.missing",
            )
    served = case.service.date if case.service else None
    if hearing.date and served and hearing.date < served:
        yield error(
            "hearing.date",
            "is before the date of service",
            "the prosecution must have notice of the hearing",
            "dates.hearing_before_service",
        )
    if hearing.date and case.filing_date and hearing.date < case.filing_date:
        yield error(
            "hearing.date", "is before the filing date", None, "dates.hearing_before_filing"
        )


# --- service ----------------------------------------------------------------------------------


@rule("service", "electronic service has an address; the server is not the moving party")
def _service(ctx: Context) -> Iterator[Problem]:
    case = ctx.case
    service = case.service
    if service is None:
        return
    agency = case.criminal_case.prosecuting_agency if case.criminal_case else None
    if service.method is ServiceMethod.ELECTRONIC and agency is not None and agency.email is None:
        yield error(
            "criminal_case.prosecuting_agency.email",
            "required for electronic service",
            "Code Civ. Proc. § 1010.6: electronic service goes to the address the agency designated",
            "service.email",
        )
    server = service.server
    if service.method is ServiceMethod.ELECTRONIC and server is not None and server.email is None:
        yield error(
            "service.server.email",
            "required for electronic service: the proof gives the server's electronic address",
            "Code Civ. Proc. § 1013b: a proof of electronic service states the electronic "
            "service address of the person making service",
            "service.server_email",
        )
    if service.method is ServiceMethod.MAIL and service.place is None:
        yield warning(
            "service.place",
            "add the city where the papers are mailed",
            "Code Civ. Proc. § 1013a: the proof of service by mail states the place of mailing",
            "service.place",
        )
    party = case.moving_party
    if (
        server
        and server.name
        and party
        and party.legal_name
        and _same_name(server.name, party.legal_name)
    ):
        yield error(
            "service.server.name",
            "the moving party cannot serve their own papers: another adult must serve them",
            "Code Civ. Proc. § 1013a: service by a person over 18 who is not a party",
            "service.server_is_party",
        )


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
