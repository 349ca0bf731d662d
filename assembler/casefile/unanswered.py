"""Facts not answered yet: "Don't know yet: ask the attorney" or "Does not apply".

The case file keeps them in one top-level object, ``unanswered``, keyed by the fact's path as
``assembler validate`` prints it (``moving_party.date_of_birth``,
``criminal_case.counts[0].plea_or_verdict_date``); the fact itself stays absent. ``validate``
reports a fact to ask as a question for the attorney (a ``--final`` build refuses it), and the
papers print ``[ASK: …]`` where it goes; a fact that does not apply silences the warning an
optional fact would give, and stays an error where the papers need it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from assembler.casefile.base import Model
from assembler.fields import Text

__all__ = ["Unanswered", "UnansweredState"]


class UnansweredState(StrEnum):
    """Why a fact has no answer yet."""

    ASK = "ask"
    """Not known yet: a question for the attorney."""
    NOT_APPLICABLE = "not_applicable"
    """The fact does not apply to this case."""


class Unanswered(Model):
    """A fact left without an answer, and why."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "state": "a fact left unanswered says whether to ask the attorney or that it does not "
        "apply",
    }

    state: UnansweredState | None = Field(
        None,
        description="'ask': not known yet, ask the attorney; 'not_applicable': it does not "
        "apply to this case.",
    )
    note: Text | None = Field(
        None, description="What to ask the attorney, or what is known so far (optional)."
    )


def question(path: str, note: str | None = None) -> str:
    """The question a fact marked "ask the attorney" asks, in the form's words (the question the
    form asks it with, else its label), with the item it belongs to and the note, if any:
    "When was the plea (or the verdict)? (count 1) Note: the docket is unclear"."""
    import re

    from assembler.casefile.questions import ASK, label_for

    generic = re.sub(r"\[\d+\]", "[]", path)
    names = re.findall(r"[^.\[\]]+", path)
    ask = ASK.get(generic)
    text = ask.label if ask is not None else None
    if not text:  # no question of its own: its label, and the parts it is in
        text = label_for(names[-1] if names else path)
        if len(names) > 1:
            text += " (" + ", ".join(label_for(n).lower() for n in names[:-1]) + ")"
    items = re.findall(r"([^.\[\]]+)\[(\d+)\]", path)
    if items:
        name, index = items[-1]
        words = label_for(name).lower()
        if words.endswith("s") and not words.endswith("ss"):
            words = words[:-1]
        text += f" ({words} {int(index) + 1})"
    if note:
        text += f" Note: {note}"
    return text
