"""Field types of the case file: dates, times and identifiers, with plain-words errors."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from assembler.characters import line_ends, one_line

__all__ = [
    "ANumber",
    "Date",
    "ExhibitLabel",
    "Flag",
    "Integer",
    "Money",
    "PartialDate",
    "Prose",
    "Section",
    "StateBarNumber",
    "Text",
    "TimeOfDay",
    "YearMonth",
    "before",
    "date_words",
    "earliest",
    "latest",
    "read_date",
]

# re.ASCII: \d is 0-9 only (Arabic-Indic or full-width digits are not a date, time or number).
_TIME = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)
_A_NUMBER = re.compile(r"A?-?\d{3}-?\d{3}-?\d{3}|A?-?\d{2}-?\d{3}-?\d{3}", re.ASCII)
_BAR_NUMBER = re.compile(r"\d{1,6}", re.ASCII)
_SECTION = re.compile(r"\d+(\.\d+)?[a-zA-Z]?(\([a-zA-Z0-9]{1,4}\))*", re.ASCII)
_LABEL = re.compile(r"[A-Z]{1,2}|\d{1,3}", re.ASCII)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"([a-z]+)\.?"
_YEAR = r"(\d{4})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# The ways people write a date, each with the order of its (year, month, day) groups; a month
# written in letters is the group "m" (US order for slashes: this is a California tool). The
# edit form's parseDateInput (assembler/edit/static/edit.js) reads the same forms.
_TYPED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.ASCII), order)
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),  # 2015-08-14
        (r"(\d{4})-(\d{1,2})", "ym"),  # 2026-01
        (r"(\d{4})", "y"),  # 2002
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),  # 8/14/2015
        (r"(\d{1,2})/(\d{4})", "my"),  # 1/2026
        (rf"{_MONTH} {_DAY},? {_YEAR}", "Mdy"),  # Aug 14 2015, August 14, 2015
        (rf"{_DAY} {_MONTH},? {_YEAR}", "dMy"),  # 14 August 2015
        (rf"{_MONTH},? {_YEAR}", "My"),  # Jan 2026, January, 2026
    )
)

WRITE_DATE = "write the date as 8/14/2015"
WRITE_PARTIAL_DATE = "write the date as 8/14/2015, or only the month (1/2026) or the year (2002)"


@dataclass(frozen=True)
class YearMonth:
    """A date known only to its year, or its year and month ("since 2002", "in January 2026").
    It is not a ``datetime.date``, so no code can take it for a day; compare it with
    ``earliest``/``latest`` or ``before``, which say when the precision known cannot decide."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    def words(self) -> str:
        """``2002`` or ``January 2026``, as the papers print it."""
        if self.month is None:
            return str(self.year)
        return f"{dt.date(self.year, self.month, 1):%B} {self.year}"

    def precision(self) -> str:
        """``"year"`` or ``"month"``: what is known of this date, for messages."""
        return "year" if self.month is None else "month"


SomeDate = dt.date | YearMonth
"""What a field that takes a partial date holds: a full date, or a ``YearMonth``."""


def earliest(value: SomeDate) -> dt.date:
    """The first day a date known to its year or month may be (the day itself when known)."""
    if isinstance(value, dt.date):
        return value
    return dt.date(value.year, value.month or 1, 1)


def latest(value: SomeDate) -> dt.date:
    """The last day a date known to its year or month may be (the day itself when known)."""
    if isinstance(value, dt.date):
        return value
    if value.month is None:
        return dt.date(value.year, 12, 31)
    following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def before(first: SomeDate, second: SomeDate) -> bool | None:
    """Whether ``first`` falls on a day before ``second``: None when what is known of them
    cannot tell (2002 and June 1, 2002)."""
    if latest(first) < earliest(second):
        return True
    if earliest(first) >= latest(second):
        return False
    return None


def date_words(value: SomeDate) -> str:
    """``August 14, 2015``, ``January 2026`` or ``2002``: a date as the papers print it."""
    if isinstance(value, YearMonth):
        return value.words()
    return f"{value:%B} {value.day}, {value.year}"


def read_date(value: object, *, partial: bool = False) -> SomeDate:
    """A date as people write it: ``2015-08-14``, ``8/14/2015``, ``Aug 14 2015``, ``August 14,
    2015`` or ``14 August 2015`` (slashes in US order, month first); with ``partial``, also a
    month (``2026-01``, ``1/2026``, ``Jan 2026``) or a year (``2002``), returned as a
    ``YearMonth``. Raises PydanticCustomError with a plain message for anything else. The edit
    form's parseDateInput reads the same forms; tests hold the two to one table."""
    write = WRITE_PARTIAL_DATE if partial else WRITE_DATE
    # Only text: pydantic would otherwise read 0 as 1970-01-01, silently.
    text = " ".join(value.lower().split()) if isinstance(value, str) else ""
    found: dict[str, int] = {}
    for pattern, order in _TYPED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        for part, group in zip(order, match.groups(), strict=True):
            if part == "M":
                if group not in _MONTHS:
                    break
                found["m"] = _MONTHS[group]
            else:
                found[part] = int(group)
        else:
            break
        found = {}
    if not found:
        raise PydanticCustomError("date_format", f"is not a date the tool can read: {write}")
    year, month, day = found["y"], found.get("m"), found.get("d")
    if not 1900 <= year <= 2100:
        raise PydanticCustomError("date_range", "must be a year between 1900 and 2100")
    if month is not None and not 1 <= month <= 12:
        raise PydanticCustomError(
            "date_value", "is not a real calendar date (check the month and day)"
        )
    if day is None:
        if not partial:
            raise PydanticCustomError(
                "date_partial", f"needs the full date, with the day: {WRITE_DATE}"
            )
        return YearMonth(year, month)
    assert month is not None
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "is not a real calendar date (check the month and day)"
        ) from None


def _date(value: object) -> dt.date:
    parsed = read_date(value)
    assert isinstance(parsed, dt.date)
    return parsed


def _partial_date(value: object) -> SomeDate:
    if isinstance(value, dt.date | YearMonth):
        return value
    return read_date(value, partial=True)


def _date_text(value: SomeDate) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


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
"""A full date. The case file writes it 2015-08-14 (the edit form does); 8/14/2015, Aug 14 2015
and the other forms of ``read_date`` are read too, as people type them."""

PartialDate = Annotated[
    SomeDate,
    PlainValidator(_partial_date),
    PlainSerializer(_date_text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "examples": ["2002", "2026-01", "2015-08-14"],
            "x-partial-date": True,
        }
    ),
]
"""A date where the papers and the rules need no more than the year or the month ("permanent
resident since 2002", "in January 2026"): the case file writes ``2002``, ``2026-01`` or
``2015-08-14``; it holds a ``YearMonth`` or a full ``datetime.date``, printed ``2002``,
``January 2026`` or ``August 14, 2015``."""
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
