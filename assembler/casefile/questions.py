"""How each fact of the case file is asked, in plain words: the interview's question for it, its
help and its legal reason (``questions.toml`` beside this module), and the label of a field that
has no question of its own.

The same words serve the edit form (``assembler edit``), the questions ``validate`` prints for a
fact left for the attorney, and the ``[ASK: …]`` the papers print in its place; so they live with
the case file, not with the form.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files

from pydantic.fields import FieldInfo

__all__ = ["ASK", "Ask", "asked", "label_for"]


@dataclass(frozen=True)
class Ask:
    """How the form asks for one fact: a question for its label, plain help in place of the
    model's description (an empty text drops it), and the legal reason shown behind "Why we ask"
    (besides the reason the law needs it, which the model's ``required_facts`` give)."""

    label: str | None = None
    help: str | None = None
    why: str | None = None
    item: str | None = None
    """For a list: what one of its items is called ("Add …")."""


@cache
def asked() -> dict[str, Ask]:
    """The questions of ``questions.toml``, by the fact's path (list places as ``[]``).

    Raises:
        ValueError: an entry is not a table of texts with the keys of :class:`Ask`.
    """
    text = (files("assembler.casefile") / "questions.toml").read_text(encoding="utf-8")
    known = {f.name for f in fields(Ask)}
    table: dict[str, Ask] = {}
    for path, entry in tomllib.loads(text).items():
        if not isinstance(entry, dict) or set(entry) - known:
            raise ValueError(f"questions.toml [{path!r}]: a table of {', '.join(sorted(known))}")
        if not all(isinstance(value, str) for value in entry.values()):
            raise ValueError(f"questions.toml [{path!r}]: every value is text in quotes")
        table[path] = Ask(**entry)
    return table


ASK: dict[str, Ask] = asked()
"""The question each fact is asked with (see :func:`asked`)."""

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
