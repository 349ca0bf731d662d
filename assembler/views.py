"""The template side of a case: facts as views that know their JSON path, absent facts as
markers, and the escaping that keeps every printed fact literal text.

Facts reach templates through :class:`FactView`. A fact that is absent becomes a
:class:`MissingFact`: falsy in conditions, and when printed either an error (naming the path) or,
in draft mode, a ``[MISSING: path]`` marker. Every printed value is escaped so that a name
containing ``*``, ``_``, ``#``, ``<`` or ``{{`` stays literal text.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from jinja2 import Undefined
from pydantic import BaseModel

from assembler.document import ASK
from assembler.errors import (
    AssemblerError,
    MissingFactError,
)
from assembler.typeinfo import concrete, element, is_list, model_in

MISSING_OPEN = "\ue000"  # private-use characters: they never come from the escaped facts


MISSING_CLOSE = "\ue001"

ASK_LABEL = "ASK: "
"""How a fact marked to ask the attorney begins in the papers: ``[ASK: When was …?]``."""


_ESCAPED = set("\\*_#<>[]{}`|~@¶+-")


draft_mode: contextvars.ContextVar[bool] = contextvars.ContextVar("draft_mode", default=False)
"""When true, a missing fact prints as a marker instead of raising."""

asked_facts: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "asked_facts", default=None
)
"""The facts the case marks "ask the attorney", each with its question: such a fact prints as
``[ASK: question]`` in every build (a final build refuses it: validate counts it an error)."""

asked_printed: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "asked_printed", default=None
)
"""Where the assembly collects the asked facts it printed (their paths), for the report."""


def asked_question(path: str) -> tuple[str, str] | None:
    """The asked fact ``path`` is, or lies in, and its question (None: not asked)."""
    asked = asked_facts.get()
    if not asked:
        return None
    cuts = [m.start() for m in re.finditer(r"[.\[]", path)]
    for cut in [len(path), *reversed(cuts)]:  # the fact itself, then the parts it is in
        question = asked.get(path[:cut])
        if question is not None:
            return path[:cut], question
    return None


class Markup(str):
    """Text that is already restricted Markdown: printed without escaping."""

    __slots__ = ()


def escape(text: str) -> str:
    """Backslash-escape every character the restricted Markdown gives meaning to.

    Line breaks become spaces (a fact is inline text) and the private-use marker characters are
    dropped, so no fact can open a block, a citation, emphasis or a missing-fact marker.
    """
    text = " ".join(text.replace(MISSING_OPEN, "").replace(MISSING_CLOSE, "").split())
    out = "".join(f"\\{c}" if c in _ESCAPED else c for c in text)
    return re.sub(r"^(\d+)\.", r"\1\\.", out)


def ask_gap(path: str) -> str | None:
    """What a ``Missing`` node holds for ``path`` when the case marks it "ask the attorney"
    (``?ASK: When was …?``, printed ``[ASK: When was …?]``), recorded as printed; None when the
    fact is not asked."""
    asked = asked_question(path)
    if asked is None:
        return None
    printed = asked_printed.get()
    if printed is not None:
        printed.add(asked[0])
    words = " ".join(asked[1].replace(MISSING_OPEN, "").replace(MISSING_CLOSE, "").split())
    return f"{ASK}{ASK_LABEL}{words}"


class MissingFact(Undefined):
    """An absent fact at a known JSON path."""

    __slots__ = ("_path",)

    def __init__(self, path: str) -> None:
        super().__init__(name=path)
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return MissingFact(f"{self._path}.{name}")

    def __getitem__(self, key: object) -> MissingFact:  # type: ignore[override]
        return MissingFact(f"{self._path}[{key}]")

    def marker(self) -> str:
        """The text printed for this fact: ``[ASK: …]`` for a fact marked to ask the attorney,
        a marker in draft mode, else an error."""
        asked = ask_gap(self._path)
        if asked is not None:
            return f"{MISSING_OPEN}{asked}{MISSING_CLOSE}"
        if draft_mode.get():
            return f"{MISSING_OPEN}{self._path}{MISSING_CLOSE}"
        raise MissingFactError(self._path)

    def __str__(self) -> str:
        return self.marker()

    def __repr__(self) -> str:
        return f"MissingFact({self._path!r})"


asked_counts_as_given: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "asked_counts_as_given", default=False
)
"""True while a clause's ``when`` is decided (see :class:`AskedText`)."""


class AskedText(MissingFact):
    """An absent text fact the case marks "ask the attorney" (the fact itself, not a part it is
    in). In a clause's ``when`` it counts as given, so the clause that tells it stays in the
    papers and prints ``[ASK: …]`` where the fact goes, instead of dropping out with its gap.
    Inside a clause's text it is false like any missing fact, so no branch that builds on the
    answer (``{% if alt.offense %}A safer disposition was possible …``) states what nobody
    answered. Only for text, and for a list of words or choices (one such item stands for the
    list): an asked yes/no, choice, date or number stays a plain :class:`MissingFact`."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return asked_counts_as_given.get()


def _is_text(annotation: Any) -> bool:
    """Whether a field holds free text (not a choice, a flag, a date, a number or a model)."""
    kinds = [t for t in concrete(annotation) if t is not type(None)]
    return bool(kinds) and all(
        isinstance(t, type) and issubclass(t, str) and not issubclass(t, Enum) for t in kinds
    )


class FactView:
    """A read-only view of a case-file object that knows its JSON path.

    Only model fields and properties are visible; an absent fact is a :class:`MissingFact`.
    """

    __slots__ = ("_model", "_path")

    def __init__(self, model: BaseModel, path: str) -> None:
        self._model = model
        self._path = path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        cls = type(self._model)
        if name not in cls.model_fields and not isinstance(getattr(cls, name, None), property):
            raise AttributeError(f"{self._path} has no fact {name!r}")
        path = f"{self._path}.{name}" if self._path else name
        value = getattr(self._model, name)
        if value in (None, []) and name in cls.model_fields:
            asked = asked_question(path)
            annotation = cls.model_fields[name].annotation
            if asked is not None and asked[0] == path:
                if value is None and _is_text(annotation):
                    return AskedText(path)
                if value == [] and is_list(annotation) and model_in(element(annotation)) is None:
                    return [AskedText(path)]  # a list of words or choices: one question in it
        return wrap(value, path)

    def __str__(self) -> str:
        raise AssemblerError(f"{self._path or 'the case'} is a group of facts, not one fact")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactView) and other._model == self._model

    def __hash__(self) -> int:
        # Equal views (equal models, wherever they sit) must hash alike: hash the model's type,
        # which equality implies, not the path, which it does not.
        return hash(type(self._model))


def wrap(value: object, path: str) -> Any:
    """The template-side form of a fact."""
    if value is None:
        return MissingFact(path)
    if isinstance(value, BaseModel):
        return FactView(value, path)
    if isinstance(value, list | tuple):
        return [wrap(item, f"{path}[{i}]") for i, item in enumerate(value)]
    return value


def unwrap(value: object) -> object:
    """The model behind a view (filters accept either); templates cannot reach it."""
    return value._model if isinstance(value, FactView) else value


def is_missing(value: object) -> bool:
    return isinstance(value, Undefined)
