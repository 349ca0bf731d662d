"""The `assembler edit` form, described from the case model itself.

Every field of the form, its label, help text, choices and whether the law needs it come from the
pydantic models (:mod:`assembler.case`), their ``required_facts`` and the plain-language labels of
:mod:`assembler.vocabulary`. What the model cannot say is kept in three small tables here, each
checked against the model when the form is built (a path that is not a field is an error):

- :data:`SECTIONS`: the order of an intake interview, and which part of the file each step holds;
- :data:`TOGGLES`: optional parts that are either there or not (a ground pleaded, detention);
- :data:`SHOW_IF`: parts that only apply given another answer (counsel or In Pro Per).

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
from assembler.starter import DATE, PLACEHOLDER
from assembler.typeinfo import concrete
from assembler.vocabulary import LABELS

__all__ = ["SECTIONS", "SHOW_IF", "TOGGLES", "Section", "form_spec", "label_for"]

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
        "Who is bringing the motion: name, birth, arrival, status, family and language.",
        ("moving_party",),
    ),
    Section(
        "custody",
        "Custody",
        "A § 1473.7 motion is for a person no longer in criminal custody on the case.",
        ("moving_party.custody",),
    ),
    Section(
        "criminal_case",
        "Criminal case and counts",
        "The conviction being challenged, count by count, and what happened after it.",
        ("criminal_case",),
    ),
    Section(
        "immigration",
        "Immigration",
        "The immigration consequences of each count and where removal proceedings stand.",
        ("immigration",),
    ),
    Section(
        "grounds",
        "Grounds",
        "Which grounds of § 1473.7(a) are pleaded, the facts of each, and timeliness.",
        ("grounds", "timeliness"),
    ),
    Section(
        "relief",
        "Relief requested",
        "What the motion asks the court to order.",
        ("relief",),
    ),
    Section(
        "evidence",
        "Evidence and declarations",
        "The exhibits filed with the motion and the declarations that tell the facts.",
        ("exhibits", "declarations"),
    ),
    Section(
        "counsel",
        "Counsel",
        "Who files the motion (an attorney, or the client In Pro Per) and who was plea counsel.",
        ("self_represented", "filing_counsel", "prior_counsel"),
    ),
    Section(
        "court",
        "Court and hearing",
        "The superior court that entered the conviction, the hearing, and the filing date.",
        ("court", "hearing", "filing_date"),
    ),
    Section(
        "service",
        "Service",
        "How the motion is served on the prosecuting agency, and by whom.",
        ("service",),
    ),
)

HIDDEN: frozenset[str] = frozenset({"$schema", "schema_version"})
"""Top-level keys the form keeps as they are and does not show."""

TOGGLES: dict[str, str] = {
    "grounds.a1": "Plead ground (a)(1): the client did not meaningfully understand the "
    "immigration consequences of the plea",
    "grounds.a2": "Plead ground (a)(2): newly discovered evidence of actual innocence",
    "grounds.a3": "Plead ground (a)(3): the conviction was sought or obtained in violation of "
    "the Racial Justice Act (Pen. Code § 745)",
    "grounds.a1.safe_alternative": "There was an immigration-safe alternative disposition",
    "moving_party.custody.immigration_detention": "The client is in immigration detention",
    "relief.without_personal_presence": "Ask the court to hear the motion without the client "
    "present",
    "declarations[].translator": "A translator translated this declaration for the declarant",
    "prior_counsel": "The client had a lawyer at the plea (or trial)",
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
}
"""Parts that only apply given another answer. ``at`` is a path from the top of the case file,
or from the object that holds the part when it starts with a dot."""

_WORDS = {
    "a": "A",
    "lpr": "LPR",
    "dej": "DEJ",
    "iac": "IAC",
    "17b": "17(b)",
    "us": "U.S.",
    "rja": "RJA",
    "a1": "Ground (a)(1)",
    "a2": "Ground (a)(2)",
    "a3": "Ground (a)(3)",
}


def label_for(name: str, info: FieldInfo | None = None) -> str:
    """A field's label: its model ``title`` if it has one, else its name in words."""
    if info is not None and info.title:
        return info.title
    if name == "a_number":
        return "A-number"
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


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
        return {"kind": "date"}
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
        fields = [self.field(model, name, path) for name in model.model_fields]
        node: JSON = {"kind": "object", "fields": fields, "path": path}
        doc = model.__doc__ if "__doc__" in vars(model) else None
        if doc and model is not Case:
            node["summary"] = doc.strip().splitlines()[0]
        return node


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
    unknown = sorted(p for p in [*named, *TOGGLES, *SHOW_IF] if p not in builder.met)
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
