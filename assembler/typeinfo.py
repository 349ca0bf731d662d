"""Reading the case model's annotations: concrete field types and the field at a JSON path.

Shared by the schema-problem messages (which enum, which fields are near a typo) and the clause
lint (does a fact path exist, is it a list).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = ["annotation_at", "concrete", "element", "is_list", "model_at", "model_in"]


def concrete(annotation: Any, *, lists: bool = False) -> list[Any]:
    """The types inside ``X | None`` and ``Annotated[X, ...]``; with ``lists``, inside ``list[X]``."""
    origin = get_origin(annotation)
    if origin in {Union, UnionType} or (lists and origin is list):
        return [t for arg in get_args(annotation) for t in concrete(arg, lists=lists)]
    if origin is not None and hasattr(annotation, "__metadata__"):
        return concrete(get_args(annotation)[0], lists=lists)
    return [annotation]


def model_in(annotation: Any, *, lists: bool = False) -> type[BaseModel] | None:
    """The model class an annotation holds (``X | None``; with ``lists`` also ``list[X]``)."""
    for candidate in concrete(annotation, lists=lists):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def is_list(annotation: Any) -> bool:
    """Whether an annotation is a list (possibly optional)."""
    return any(get_origin(t) is list for t in concrete(annotation))


def element(annotation: Any) -> Any:
    """The element type of a list annotation, or None."""
    for candidate in concrete(annotation):
        if get_origin(candidate) is list:
            return get_args(candidate)[0]
    return None


def annotation_at(root: type[BaseModel], loc: Sequence[str | int]) -> Any:
    """The annotation of the field at a JSON location (by JSON names; list indices skipped)."""
    model: type[BaseModel] | None = root
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        info = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if info is None:
            return None
        annotation = info.annotation
        model = model_in(annotation, lists=True)
    return annotation


def model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class at a JSON location (the root for an empty location or bare indices)."""
    if not any(isinstance(p, str) for p in loc):
        return root
    return model_in(annotation_at(root, loc), lists=True)
