"""Field types of the case file: dates, times and identifiers, with plain-words errors."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated

from pydantic import BeforeValidator, Field, Strict, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from assembler.characters import line_ends, one_line

__all__ = [
    "ANumber",
    "Date",
    "ExhibitLabel",
    "Flag",
    "Integer",
    "Money",
    "Prose",
    "Section",
    "StateBarNumber",
    "Text",
    "TimeOfDay",
]

# re.ASCII: \d is 0-9 only (Arabic-Indic or full-width digits are not a date, time or number).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)
_A_NUMBER = re.compile(r"A?-?\d{3}-?\d{3}-?\d{3}|A?-?\d{2}-?\d{3}-?\d{3}", re.ASCII)
_BAR_NUMBER = re.compile(r"\d{1,6}", re.ASCII)
_SECTION = re.compile(r"\d+(\.\d+)?[a-zA-Z]?(\([a-zA-Z0-9]{1,4}\))*", re.ASCII)
_LABEL = re.compile(r"[A-Z]{1,2}|\d{1,3}", re.ASCII)


def _date(value: object) -> dt.date:
    # Only the ISO text form: pydantic would otherwise read 0 as 1970-01-01, silently.
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise PydanticCustomError(
            "date_format", "must be a date written YYYY-MM-DD, e.g. 2019-03-14"
        )
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "date_value", "is not a real calendar date (check the month and day)"
        ) from None
    if not 1900 <= parsed.year <= 2100:
        raise PydanticCustomError("date_range", "must be a year between 1900 and 2100")
    return parsed


def _time(value: object) -> dt.time:
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise PydanticCustomError(
            "time_format", "must be a time written HH:MM on a 24-hour clock, e.g. 08:30 or 13:30"
        )
    return dt.time(int(match[1]), int(match[2]))


def _a_number(value: object) -> str:
    text = value.strip().upper().replace(" ", "") if isinstance(value, str) else ""
    if not _A_NUMBER.fullmatch(text):
        raise PydanticCustomError(
            "a_number",
            "must be an A-number: 'A' and 8 or 9 digits, e.g. A012345678 or A-012-345-678",
        )
    digits = re.sub(r"\D", "", text)
    return "A" + digits.rjust(9, "0")


def _bar_number(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _BAR_NUMBER.fullmatch(value.strip()):
        raise PydanticCustomError(
            "bar_number", "must be a California State Bar number: up to 6 digits, e.g. 123456"
        )
    return value.strip()


def _section(value: object) -> str:
    if not isinstance(value, str) or not _SECTION.fullmatch(value.strip().replace(" ", "")):
        raise PydanticCustomError(
            "section",
            "must be a code section with its subdivisions, e.g. 484(a), 11350(a) or 273.5(a)",
        )
    return value.strip().replace(" ", "")


def _label(value: object) -> str:
    if not isinstance(value, str) or not _LABEL.fullmatch(value.strip()):
        raise PydanticCustomError(
            "exhibit_label",
            "must be an exhibit label: one or two capital letters (A, B, AA) or 1-999",
        )
    return value.strip()


MAX_MONEY = 10_000_000
"""No fine, fee or restitution order in a case this tool drafts comes near; more is a typo."""


def _money(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise PydanticCustomError("money", "must be an amount in dollars, e.g. 250 or 1250.50")
    if not math.isfinite(value) or value > MAX_MONEY:
        raise PydanticCustomError(
            "money", f"must be at most {MAX_MONEY:,} dollars; check the amount for a typo"
        )
    return float(value)


Text = Annotated[
    str, BeforeValidator(one_line), StringConstraints(strip_whitespace=True, min_length=1)
]
"""Free text; blank text counts as missing. A LINE or PARAGRAPH SEPARATOR (pasted in with a name
that wrapped) becomes a space: a one-line fact has no line to break."""

Prose = Annotated[
    str,
    BeforeValidator(line_ends),
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(json_schema_extra={"x-multiline": True}),
]
"""Text of a sentence or more (an account, an explanation): validated as Text; editors and the
``assembler edit`` form give it a box of several lines. A LINE or PARAGRAPH SEPARATOR becomes a
line end."""

Date = Annotated[
    dt.date, BeforeValidator(_date), Field(json_schema_extra={"type": "string", "format": "date"})
]
TimeOfDay = Annotated[
    dt.time,
    BeforeValidator(_time),
    # Replaces pydantic's "format": "time", which demands seconds and a zone ("09:00:00Z").
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["08:30"]}),
]
ANumber = Annotated[
    str,
    BeforeValidator(_a_number),
    Field(json_schema_extra={"examples": ["A012345678"], "pattern": r"^A?-?[\d-]{8,11}$"}),
]
StateBarNumber = Annotated[
    str,
    BeforeValidator(_bar_number),
    Field(json_schema_extra={"type": ["string", "integer"], "pattern": r"^\d{1,6}$"}),
]
Section = Annotated[
    str, BeforeValidator(_section), Field(json_schema_extra={"examples": ["484(a)", "11350(a)"]})
]
ExhibitLabel = Annotated[
    str, BeforeValidator(_label), Field(json_schema_extra={"pattern": r"^([A-Z]{1,2}|\d{1,3})$"})
]
Money = Annotated[float, BeforeValidator(_money), Field(json_schema_extra={"minimum": 0})]

Flag = Annotated[bool, Strict()]
"""true or false; the text "no" or the number 0 is refused, as the JSON Schema says."""

Integer = Annotated[int, Strict()]
"""A whole number written as a number; "3" in quotes is refused, as the JSON Schema says."""
