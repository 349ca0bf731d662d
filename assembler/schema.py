"""The JSON Schema of the case file, for editors (VS Code and the like): the model's own schema
with what a person filling the file needs.

- Each property's title is the label the `assembler edit` form shows (one wording for both).
- Each choice has its plain-language label, as ``enumDescriptions`` (VS Code shows them).
- ``null`` is allowed only where it means something: a yes/no fact not answered yet, and the
  facts the starter file (``assembler new``) leaves blank on purpose so their keys are visible.
  Elsewhere a null is a mistake an editor should underline; ``validate`` treats it as missing.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pydantic import BaseModel

from assembler.case import Case
from assembler.casefile.questions import label_for
from assembler.typeinfo import concrete, model_at, model_in
from assembler.vocabulary import LABELS

__all__ = ["nullable_fields", "schema_text"]

JSONSchema = dict[str, Any]


def schema_text() -> str:
    """The JSON Schema of the case file, as written to case.schema.json."""
    schema = Case.model_json_schema(by_alias=True)
    labels = {vocabulary.__name__: LABELS[vocabulary] for vocabulary in LABELS}
    nullable = nullable_fields()
    for name, definition in schema.get("$defs", {}).items():
        if name in labels and "enum" in definition:
            definition["enumDescriptions"] = [labels[name][v] for v in definition["enum"]]
    models = {m.__name__: m for m in _models(Case)}
    for name, model in models.items():
        target = schema if model is Case else schema["$defs"].get(name)
        if target is not None:
            _properties(target, model, nullable)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _properties(target: JSONSchema, model: type[BaseModel], nullable: frozenset[str]) -> None:
    fields = {(info.alias or name): info for name, info in model.model_fields.items()}
    for key, prop in target.get("properties", {}).items():
        info = fields.get(key)
        if info is None:
            continue
        prop["title"] = label_for(key, info)
        branches = prop.get("anyOf")
        if f"{model.__name__}.{key}" in nullable or not isinstance(branches, list):
            continue
        kept = [b for b in branches if b != {"type": "null"}]
        if len(kept) == len(branches):
            continue
        del prop["anyOf"]
        if prop.get("default", 0) is None:
            del prop["default"]
        if len(kept) == 1:
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept


@cache
def nullable_fields() -> frozenset[str]:
    """``Model.field`` of every fact where null means something: a yes/no fact not answered
    yet, and every fact the starter file writes as null."""
    from assembler.starter import starter_case

    found: set[str] = set()
    for model in _models(Case):
        for name, info in model.model_fields.items():
            kinds = concrete(info.annotation)
            if bool in kinds and type(None) in kinds:
                found.add(f"{model.__name__}.{info.alias or name}")

    def walk(value: Any, loc: list[str | int]) -> None:
        if value is None and loc and isinstance(loc[-1], str):
            parent = model_at(Case, loc[:-1])
            if parent is not None:
                found.add(f"{parent.__name__}.{loc[-1]}")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, [*loc, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*loc, index])

    walk(starter_case(None), [])
    return frozenset(found)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model of the case file, the root first."""
    seen: list[type[BaseModel]] = [root]
    for model in seen:
        for info in model.model_fields.values():
            inner = model_in(info.annotation, lists=True)
            if inner is not None and inner not in seen:
                seen.append(inner)
    return seen
