"""The `assembler edit` form, described from the case model itself.

Every field of the form, its label, help text, choices and whether the law needs it come from the
pydantic models (:mod:`assembler.case`), their ``required_facts`` and the plain-language labels of
:mod:`assembler.vocabulary`. What the model cannot say is kept in three small tables here, each
checked against the model when the form is built (a path that is not a field is an error):

- :data:`SECTIONS`: the steps of the intake interview, in the order a paralegal asks, and which
  parts of the file each step holds;
- :data:`TOGGLES`: optional parts that are either there or not (a ground pleaded, detention),
  each opened by a question;
- :data:`SHOW_IF`: parts that only apply given another answer (counsel or In Pro Per, an offer
  the People made);
- :data:`ORDER`: which questions come first in their part.

The question each fact is asked with, its plain help and legal reason ("Why we ask"), are data:
``assembler/casefile/questions.toml``, read by :mod:`assembler.casefile.questions`, since the
papers and ``validate`` ask a fact left for the attorney in the same words.

The browser renders the description (``edit.js``); nothing of the form is written twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from assembler.case import Case
from assembler.casefile.base import Address
from assembler.casefile.questions import ASK, Ask, label_for
from assembler.fields import YearMonth
from assembler.starter import DATE, PLACEHOLDER
from assembler.typeinfo import concrete
from assembler.vocabulary import LABELS

__all__ = [
    "ORDER",
    "SECTIONS",
    "SHOW_IF",
    "TOGGLES",
    "Section",
    "form_spec",
]

JSON = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One step of the intake interview: a title, a line on what it is for, the parts it holds."""

    id: str
    title: str
    intro: str
    paths: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "client",
        "The client",
        "Who the client is: name, birth, arrival in the United States, status today, language "
        "and how to reach them.",
        ("moving_party",),
    ),
    Section(
        "plea",
        "The plea and sentence",
        "The conviction the motion challenges, count by count: the plea (or verdict), the "
        "sentence, and what happened after it.",
        ("court.county", "criminal_case", "moving_party.custody"),
    ),
    Section(
        "lawyer",
        "The lawyer and what was said",
        "Who the client's lawyer was at the plea, what the lawyer and the court said about "
        "immigration, and what the client would have done had they known.",
        ("prior_counsel", "grounds"),
    ),
    Section(
        "since",
        "What happened since",
        "The immigration consequences the conviction has had, and what the client did once they "
        "learned of them.",
        ("immigration", "timeliness"),
    ),
    Section(
        "ties",
        "Family, work and ties",
        "The client's family, work, school and community in the United States.",
        ("moving_party.ties",),
    ),
    Section(
        "evidence",
        "Evidence and declarations",
        "The documents filed with the motion, and the sworn statements that tell the facts.",
        ("exhibits", "declarations"),
    ),
    Section(
        "filing",
        "The filing",
        "What the motion asks the court to do, who files it, the court and the hearing, and how "
        "the papers are served.",
        (
            "relief",
            "self_represented",
            "filing_counsel",
            "court",
            "hearing",
            "filing_date",
            "service",
        ),
    ),
)
"""The interview's steps, in the order a paralegal asks: each holds the parts of the file it
shows (a part named here is left out of any step that holds the part around it)."""


ORDER: dict[str, tuple[str, ...]] = {
    "criminal_case.counts[].sentence": (
        "imposition",
        "probation_kind",
        "probation_months",
        "jail_days",
        "jail_days_suspended",
        "credit_days",
        "deemed_served",
        "jail_as_condition",
    ),
    "grounds.a1.safe_alternative": (
        "offense",
        "sentence",
        "explanation",
        "immigration_neutral",
        "people_offered",
    ),
}
"""Fields asked first in their part, in this order (a question that opens others comes before
them); the rest follow in the model's order."""

HIDDEN: frozenset[str] = frozenset({"$schema", "schema_version", "unanswered"})
"""Top-level keys the form keeps as they are and does not show."""

TOGGLES: dict[str, str] = {
    "grounds.a1": "Did the client not understand the immigration consequences of the plea "
    "(because of what the lawyer or the court said, or did not say)?",
    "grounds.a2": "Is there new evidence that the client is innocent?",
    "grounds.a3": "Was the conviction obtained through racial bias (Racial Justice Act)?",
    "grounds.a1.safe_alternative": "Was there another plea or sentence that would have been safe "
    "for immigration?",
    "moving_party.custody.immigration_detention": "Is the client held in immigration detention?",
    "relief.without_personal_presence": "Should the court hear the motion without the client "
    "there?",
    "declarations[].translator": "Did a translator translate this declaration for the declarant?",
    "prior_counsel": "Did the client have a lawyer at the plea (or trial)?",
}
"""Optional parts that are either there or not: the form asks the question, then the part."""

_DECLARANT_KINDS = ["immigration_expert", "other"]
SHOW_IF: dict[str, JSON] = {
    "filing_counsel": {"at": "self_represented", "is_not": True},
    "hearing.date": {"at": ".to_be_set", "is_not": True},
    "hearing.time": {"at": ".to_be_set", "is_not": True},
    "hearing.department": {"at": ".to_be_set", "is_not": True},
    "declarations[].declarant": {"at": ".kind", "in": _DECLARANT_KINDS},
    "declarations[].subject": {"at": ".kind", "is": "other"},
    "declarations[].account": {"at": ".kind", "is": "moving_party"},
    "declarations[].statements": {"at": ".kind", "is_not": "moving_party"},
    "declarations[].translator": {
        "any": [
            {"at": ".language", "set": True},
            {
                "all": [
                    {"at": ".kind", "is": "moving_party"},
                    {"at": "moving_party.language.reads_english", "is": False},
                ]
            },
        ]
    },
    "grounds.a1.interpreter_problems": {
        "at": ".error_theories",
        "contains": "interpreter_problems",
    },
    "grounds.a1.safe_alternative.offer_terms": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.offer_date": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.counsel_advised_rejection": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.offer_open": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.court_approval": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.availability": {"at": ".people_offered", "is_not": True},
    "criminal_case.counts[].sentence.jail_days_suspended": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.credit_days": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.deemed_served": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.jail_as_condition": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.probation_months": {"at": ".probation_kind", "set": True},
    "relief.appoint_counsel": {"at": "self_represented", "is": True},
    "moving_party.immigration_status_detail": {
        "at": ".immigration_status",
        "in": ["visa", "other"],
    },
    "immigration.next_hearing_date": {"at": ".proceedings_status", "is": "pending"},
    "immigration.consequences[].other": {"at": ".categories", "contains": "other"},
}
"""Parts that only apply given another answer. ``at`` is a path from the top of the case file,
or from the object that holds the part when it starts with a dot."""


def _item_label(annotation: Any, label: str) -> str:
    """What one item of a list is called: its model's name in words, else the label singular."""
    for candidate in concrete(annotation, lists=True):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            words = re.findall(r"[A-Z][a-z]*", candidate.__name__)
            return " ".join([words[0], *(w.lower() for w in words[1:])])
    if label.endswith("ies"):
        return label[:-3] + "y"
    return label[:-1] if label.endswith("s") else label


def _extras(annotation: Any, info: FieldInfo | None) -> JSON:
    """The JSON-schema extras of a field and of the types it is annotated with."""
    found: JSON = {}
    for arg in _annotated_parts(annotation):
        for meta in getattr(arg, "__metadata__", ()):
            extra = getattr(meta, "json_schema_extra", None)
            if isinstance(extra, dict):
                found |= extra
    if info is not None and isinstance(info.json_schema_extra, dict):
        found |= info.json_schema_extra
    return found


def _annotated_parts(annotation: Any) -> list[Any]:
    parts = [annotation]
    for arg in get_args(annotation):
        parts.extend(_annotated_parts(arg))
    return parts


def _scalar(annotation: Any, extras: JSON) -> JSON:
    """The input a scalar type gets."""
    kinds = [t for t in concrete(annotation) if t is not type(None)]
    kind = kinds[0] if kinds else str
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        labels = LABELS.get(kind, {})
        return {
            "kind": "choice",
            "choices": [[m.value, labels.get(m.value, m.value)] for m in kind],
        }
    if kind is bool:
        return {"kind": "bool"}
    if kind is int:
        return {"kind": "integer"}
    if kind is float:
        return {"kind": "number"}
    if kind is dt.date:
        # A partial date (PartialDate) also takes a month or a year: "2002", "Jan 2026".
        return {"kind": "date", "partial": YearMonth in kinds}
    if kind is dt.time:
        return {"kind": "time"}
    return {"kind": "textarea" if extras.get("x-multiline") else "text"}


class _Builder:
    """Walks the model from the top, checking the tables' paths as it meets them."""

    def __init__(self) -> None:
        self.met: set[str] = set()

    def field(self, model: type[BaseModel], name: str, generic: str) -> JSON:
        info = model.model_fields[name]
        key = info.alias or name
        path = f"{generic}.{key}" if generic else key
        self.met.add(path)
        node = self.value(info.annotation, path, info)
        node["key"] = key
        node["label"] = label_for(key, info)
        summary = node.pop("summary", None)
        if info.description:
            node["help"] = info.description
        elif summary:
            node["help"] = summary  # an object's help: its model's first line
        why = getattr(model, "required_facts", {}).get(name)
        if why:
            node["required"] = why
        examples = _extras(info.annotation, info).get("examples")
        if examples:
            node["example"] = str(examples[0])
        if node["kind"] == "bool" and isinstance(info.default, bool):
            node["default"] = info.default
        if node["kind"] == "list":
            node["item_label"] = _item_label(info.annotation, node["label"])
        if path in TOGGLES:
            node["toggle"] = TOGGLES[path]
        if path in SHOW_IF:
            node["show_if"] = SHOW_IF[path]
        _asked(node, ASK.get(path))
        return node

    def value(self, annotation: Any, path: str, info: FieldInfo | None = None) -> JSON:
        """The node of a value: an object, a list, or a scalar input."""
        for candidate in concrete(annotation):
            if get_origin(candidate) is list:
                item = self.value(get_args(candidate)[0], f"{path}[]")
                return {"kind": "list", "item": item, "path": path}
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                return self.model(candidate, path)
        node = _scalar(annotation, _extras(annotation, info))
        node["path"] = path
        return node

    def model(self, model: type[BaseModel], path: str) -> JSON:
        first = ORDER.get(path, ())
        names = [*first, *(n for n in model.model_fields if n not in first)]
        fields = [self.field(model, name, path) for name in names if name in model.model_fields]
        node: JSON = {"kind": "object", "fields": fields, "path": path}
        if model is Address:
            node["address"] = True  # the page offers the whole address on one line too
        doc = model.__doc__ if "__doc__" in vars(model) else None
        if doc and model is not Case:
            node["summary"] = doc.strip().splitlines()[0]
        return node


def _asked(node: JSON, ask: Ask | None) -> None:
    """``node`` asked as the interview asks it (:data:`ASK`)."""
    if ask is None:
        return
    if ask.label:
        node["label"] = ask.label
    if ask.help is not None:
        if ask.help:
            node["help"] = ask.help
        else:
            node.pop("help", None)
    if ask.why:
        node["why"] = ask.why
    if ask.item:
        node["item_label"] = ask.item


def _prune(node: JSON, elsewhere: set[str]) -> JSON:
    """The node without the parts another section shows."""
    if node.get("kind") == "object":
        fields = [_prune(f, elsewhere) for f in node["fields"] if f["path"] not in elsewhere]
        return {**node, "fields": fields}
    return node


def _find(root: JSON, path: str) -> JSON:
    node = root
    for key in path.split("."):
        node = next(f for f in node["fields"] if f["key"] == key)
    return node


@cache
def form_spec() -> JSON:
    """The whole form: its sections, each with the parts of the case file it holds.

    Raises:
        ValueError: a table names a path that is not a field of the case model, or a top-level
            field is in no section (the form would hide part of the file).
    """
    builder = _Builder()
    root = builder.model(Case, "")
    named = [p for s in SECTIONS for p in s.paths]
    ordered = [f"{part}.{name}" for part, names in ORDER.items() for name in names]
    tables = [*named, *TOGGLES, *SHOW_IF, *ASK, *ordered]
    unknown = sorted(p for p in tables if p not in builder.met)
    if unknown:
        raise ValueError(f"the edit form names parts the case model does not have: {unknown}")
    top = {f["key"] for f in root["fields"]}
    unplaced = sorted(top - {p for p in named if "." not in p} - HIDDEN)
    if unplaced:
        raise ValueError(f"the edit form shows no section for: {unplaced}")
    elsewhere = set(named)
    sections = []
    for section in SECTIONS:
        nodes = [_prune(_find(root, p), elsewhere - {p}) for p in section.paths]
        sections.append(
            {"id": section.id, "title": section.title, "intro": section.intro, "nodes": nodes}
        )
    return {
        "sections": sections,
        "placeholder": {"prefix": PLACEHOLDER, "date": DATE},
    }


_INDEX = re.compile(r"\[\d+\]")


def generic_path(path: str) -> str:
    """A problem's path with its list indices left out: ``counts[0].section`` -> ``counts[].section``."""
    return _INDEX.sub("[]", path)
