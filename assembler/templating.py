"""The sandboxed Jinja environment clauses render in: facts, escaping, missing facts, filters.

Facts reach templates through :class:`FactView`, which knows each fact's JSON path. A fact that
is absent becomes a :class:`MissingFact`: falsy in conditions, and when printed either an error
(naming the path) or, in draft mode, a ``[MISSING: path]`` marker. Every printed value is escaped
so that a name containing ``*``, ``_``, ``#``, ``<`` or ``{{`` stays literal text.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from typing import Any, NoReturn, cast
from weakref import WeakKeyDictionary

from jinja2 import StrictUndefined, Template, Undefined
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from assembler import record, removal
from assembler.case import (
    Case,
    Count,
    Declaration,
    FilingCounsel,
    GroundA1,
    GroundA2,
    GroundA3,
    LaterRelief,
    MovingParty,
    TimelineEvent,
)
from assembler.errors import (
    AssemblerError,
    MissingFactError,
)
from assembler.vocabulary import Disposition, LaterReliefKind, Pronouns

PEN_1016_3 = dt.date(2016, 1, 1)
"""Pen. Code § 1016.3 (defense counsel's duty to advise and defend) took effect this day."""
SB281 = dt.date(2026, 1, 1)
"""Pleas from this date get the verbatim § 1016.5 advisement (SB 281, Stats. 2025, ch. 666)."""

__all__ = [
    "CLAUSE_FAILURES",
    "CLAUSE_SECONDS",
    "MISSING_CLOSE",
    "MISSING_OPEN",
    "FactView",
    "Markup",
    "MissingFact",
    "MissingFactError",
    "compile_condition",
    "compile_template",
    "describe_failure",
    "draft_mode",
    "escape",
    "make_environment",
    "section_cite",
    "shared_environment",
    "time_limit",
]

MISSING_OPEN = "\ue000"  # private-use characters: they never come from the escaped facts
MISSING_CLOSE = "\ue001"
_ESCAPED = set("\\*_#<>[]{}`|~@¶+-")

draft_mode: contextvars.ContextVar[bool] = contextvars.ContextVar("draft_mode", default=False)
"""When true, a missing fact prints as a marker instead of raising."""


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

    def __getitem__(self, key: Any) -> MissingFact:  # type: ignore[override]
        return MissingFact(f"{self._path}[{key}]")

    def marker(self) -> str:
        """The text printed for this fact: a marker in draft mode, else an error."""
        if draft_mode.get():
            return f"{MISSING_OPEN}{self._path}{MISSING_CLOSE}"
        raise MissingFactError(self._path)

    def __str__(self) -> str:
        return self.marker()

    def __repr__(self) -> str:
        return f"MissingFact({self._path!r})"


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
        return wrap(getattr(self._model, name), f"{self._path}.{name}" if self._path else name)

    def __str__(self) -> str:
        raise AssemblerError(f"{self._path or 'the case'} is a group of facts, not one fact")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactView) and other._model == self._model

    def __hash__(self) -> int:
        # Equal views (equal models, wherever they sit) must hash alike: hash the model's type,
        # which equality implies, not the path, which it does not.
        return hash(type(self._model))


def wrap(value: Any, path: str) -> Any:
    """The template-side form of a fact."""
    if value is None:
        return MissingFact(path)
    if isinstance(value, BaseModel):
        return FactView(value, path)
    if isinstance(value, list | tuple):
        return [wrap(item, f"{path}[{i}]") for i, item in enumerate(value)]
    return value


def unwrap(value: Any) -> Any:
    """The model behind a view (filters accept either); templates cannot reach it."""
    return value._model if isinstance(value, FactView) else value


def _finalize(value: Any) -> Any:
    if isinstance(value, Undefined):
        if isinstance(value, MissingFact):
            return Markup(value.marker())
        value._fail_with_undefined_error()
    if isinstance(value, Markup):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return escape(long_date(value))
    return escape(str(value))


# --- filters ----------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return isinstance(value, Undefined)


def long_date(value: Any) -> Any:
    """``2026-03-03`` -> ``March 3, 2026``."""
    if _missing(value):
        return value
    if not isinstance(value, dt.date):
        raise AssemblerError("long_date needs a date")
    return f"{value:%B} {value.day}, {value.year}"


def time_of_day(value: Any) -> Any:
    """``08:30`` -> ``8:30 a.m.``; ``13:00`` -> ``1:00 p.m.``."""
    if _missing(value):
        return value
    if not isinstance(value, dt.time):
        raise AssemblerError("time needs a time of day")
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def _series(items: Iterable[Any], word: str) -> Markup:
    # A missing item prints as its marker (or fails), never silently drops out of the list;
    # the result is already escaped, so the marker survives.
    parts = []
    for item in items:
        if isinstance(item, MissingFact):
            parts.append(item.marker())
        elif isinstance(item, Undefined):
            item._fail_with_undefined_error()
        else:
            parts.append(escape(str(item.value if isinstance(item, Enum) else item)))
    if len(parts) <= 2:
        return Markup(f" {word} ".join(parts))
    # Items that contain commas are separated by semicolons, as in "A, 17; B; and C".
    comma = "; " if any("," in p for p in parts) else ", "
    return Markup(comma.join(parts[:-1]) + f"{comma.strip()} {word} {parts[-1]}")


def and_list(items: Any) -> Any:
    """``[A, B, C]`` -> ``A, B, and C``; ``[A, B]`` -> ``A and B``."""
    return items if _missing(items) else _series(items, "and")


def or_list(items: Any) -> Any:
    """``[A, B, C]`` -> ``A, B, or C``."""
    return items if _missing(items) else _series(items, "or")


def section_cite(code: str, section: str) -> str:
    """``Pen. Code``, ``484(a)(1)`` -> ``Pen. Code, § 484, subd. (a)(1)``."""
    match = re.fullmatch(r"([^(]+)(\(.*\))?", section)
    base, subdivision = (match[1], match[2]) if match else (section, None)
    return f"{code}, § {base}" + (f", subd. {subdivision}" if subdivision else "")


def _path_of(view: Any, fallback: str) -> str:
    return view._path if isinstance(view, FactView) else fallback


def statute(count: Any) -> Any:
    """A count's statute of conviction: ``Pen. Code, § 484, subd. (a)``."""
    if _missing(count):
        return count
    model = unwrap(count)
    if not isinstance(model, Count):
        raise AssemblerError("statute needs a count")
    path = _path_of(count, "criminal_case.counts[]")
    if model.code is None:
        return MissingFact(f"{path}.code")
    if model.section is None:
        return MissingFact(f"{path}.section")
    return section_cite(model.code.value, model.section)


def count_cite(count: Any) -> Any:
    """``Count 1 (Pen. Code, § 484, subd. (a))``; a missing part prints as its marker."""
    if _missing(count):
        return count
    model = unwrap(count)
    path = _path_of(count, "criminal_case.counts[]")
    number = (
        escape(str(model.number))
        if model.number is not None
        else MissingFact(f"{path}.number").marker()
    )
    cited = statute(count)
    cited = cited.marker() if isinstance(cited, MissingFact) else escape(cited)
    if model.reduced_17b_on is not None:  # stated wherever the conviction is cited (review)
        cited += ", reduced to a misdemeanor under Pen. Code, § 17, subd. (b)"
    return Markup(f"Count {number} ({cited})")


def _party(value: Any) -> MovingParty:
    model = unwrap(value)
    if not isinstance(model, MovingParty):
        raise AssemblerError("this filter needs the moving party")
    return model


def called(party: Any) -> Any:
    """How the papers refer to the moving party: ``Mr. Ramírez``, or the full name."""
    if _missing(party):
        return party
    model = _party(party)
    if model.honorific is not None and model.surname:
        return f"{model.honorific.value} {model.surname}"
    return model.legal_name or MissingFact("moving_party.legal_name")


_PRONOUNS = {
    Pronouns.HE: ("he", "him", "his", "his", "himself", "was", "is", "has"),
    Pronouns.SHE: ("she", "her", "her", "hers", "herself", "was", "is", "has"),
    Pronouns.THEY: ("they", "them", "their", "theirs", "themself", "were", "are", "have"),
}


def _pronoun(index: int) -> Any:
    def pick(party: Any) -> Any:
        if _missing(party):
            return party
        pronouns = _party(party).pronouns
        if pronouns is None:
            return MissingFact("moving_party.pronouns")
        return _PRONOUNS[pronouns][index]

    return pick


_ORDINAL_WORDS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def ordinal(n: Any) -> Any:
    """``1`` -> ``1st``, ``22`` -> ``22nd``, ``13`` -> ``13th``."""
    if _missing(n):
        return n
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_word(n: Any) -> Any:
    """``1`` -> ``first`` (up to twentieth, then ``21st``)."""
    if _missing(n):
        return n
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)


def money(amount: Any) -> Any:
    """``1250.5`` -> ``$1,250.50``."""
    if _missing(amount):
        return amount
    return f"${amount:,.2f}"


_THE_COUNTRIES = frozenset(
    {
        "Bahamas",
        "Central African Republic",
        "Comoros",
        "Czech Republic",
        "Democratic Republic of the Congo",
        "Dominican Republic",
        "Gambia",
        "Maldives",
        "Marshall Islands",
        "Netherlands",
        "Philippines",
        "Republic of the Congo",
        "Solomon Islands",
        "United Arab Emirates",
        "United Kingdom",
    }
)


def country(name: Any) -> Any:
    """A country name as it reads in a sentence: ``Philippines`` -> ``the Philippines``."""
    if _missing(name):
        return name
    text = str(name)
    return f"the {text}" if text in _THE_COUNTRIES else text


_NUMBER_WORDS = dict(
    enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
)


def supporting(exhibits: Any, support: str = "") -> Any:
    """The labels of the exhibits offered for ``support``: ``exhibits | supporting("new_evidence")``
    -> ``["D", "E"]``."""
    if _missing(exhibits):
        return exhibits
    return [
        e.label
        for e in (unwrap(x) for x in exhibits)
        if e.label is not None and support in {s.value for s in e.supports}
    ]


def record_cite(declarations: Any, exhibit_labels: Any = ()) -> Any:
    """A record citation: ``["Melnyk Decl."] | record(["D", "E"])`` -> "(Melnyk Decl.; Exs. D, E.)";
    empty when there is nothing to cite. Blank declaration names are skipped."""
    if _missing(declarations):
        return declarations
    parts = [str(d) for d in declarations or [] if d is not None and not _missing(d) and str(d)]
    labels = [str(x) for x in exhibit_labels or [] if x is not None and not _missing(x)]
    if labels:
        parts.append(("Exs. " if len(labels) > 1 else "Ex. ") + ", ".join(labels))
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"({text})" if text.endswith(".") else f"({text}.)"


def days(n: Any) -> Any:
    """1 -> one day; 2 -> two days; 365 -> 365 days (words through ten, as sentences use)."""
    if _missing(n):
        return n
    number = int(n)
    return f"{_NUMBER_WORDS.get(number, str(number))} {'day' if number == 1 else 'days'}"


def sentence_terms(count: Any) -> Any:
    """A count's structured sentence as a phrase: ``365 days in county jail and 36 months of
    formal probation`` (empty when the sentence gives none; ``other`` is not used)."""
    if _missing(count):
        return count
    model = unwrap(count)
    if not isinstance(model, Count):
        raise AssemblerError("sentence_terms needs a count")
    given = model.sentence
    if given is None:
        return ""
    terms = []
    if given.prison_months:
        terms.append(f"{given.prison_months} months in state prison")
    if given.jail_days:
        terms.append(f"{days(given.jail_days)} in county jail")
    if given.suspended_term_days:
        terms.append(f"a suspended term of {given.suspended_term_days} days")
    if given.probation_months:
        kind = f"{given.probation_kind.value} " if given.probation_kind else ""
        terms.append(f"{given.probation_months} months of {kind}probation")
    if given.fine_dollars:
        terms.append(f"a fine of {money(given.fine_dollars)}")
    return _series(terms, "and") if terms else ""


def years_between(start: Any, end: Any) -> Any:
    """Whole years from one date to another (an age, or years in the United States)."""
    for value in (start, end):
        if _missing(value):
            return value
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def sentence(value: Any) -> Any:
    """Free text from the case as a sentence: first letter capitalized, closing period added."""
    if _missing(value):
        return value
    text = " ".join(str(value).split())
    closed = text.rstrip("'\"\u2019\u201d)\u00bb")  # 'he said "no."' is already a sentence
    if text and not closed.endswith((".", "!", "?")):
        text += "."
    return text[:1].upper() + text[1:]


def clause_text(value: Any) -> Any:
    """Free text from the case inside a sentence: no closing period."""
    if _missing(value):
        return value
    return " ".join(str(value).split()).removesuffix(".")


def capitalize(value: Any) -> Any:
    """Upper-case the first letter only (Jinja's own also lower-cases the rest: "Mr. garcía")."""
    if _missing(value):
        return value
    text = str(value)
    return text[:1].upper() + text[1:]


_CONSEQUENCES = {
    "cimt": "a crime involving moral turpitude",
    "controlled_substance": "a controlled substance offense",
    "aggravated_felony": "an aggravated felony",
    "domestic_violence": "a crime of domestic violence",
    "firearms": "a firearms offense",
    "other": "another immigration consequence",
}


def consequence_label(category: Any) -> Any:
    """``cimt`` -> ``a crime involving moral turpitude``."""
    if _missing(category):
        return category
    return _CONSEQUENCES[str(category.value if isinstance(category, Enum) else category)]


_STATUS = {
    "us_citizen": "a U.S. citizen",
    "lpr": "a lawful permanent resident",
    "daca": "a DACA recipient",
    "visa": "a visa holder",
    "undocumented": None,
    "other": None,
    "unknown": None,
}


def _chronology(case: Case) -> list[Any]:
    """The dated events of the (b)(2) diligence chronology, oldest first.

    Immigration notices come from the immigration section; the case's own timeline events are
    added, and a derived event is dropped when the timeline already has an entry that day.
    """
    events: list[tuple[dt.date, int, Any]] = []
    timeline = case.timeliness.events if case.timeliness else []
    own_dates = {e.date for e in timeline if e.date is not None}
    immigration = case.immigration

    def derived(date: dt.date | None, text: str, path: str) -> None:
        if date is not None and date not in own_dates:
            events.append(
                (
                    date,
                    len(events),
                    wrap(TimelineEvent.model_construct(date=date, event=text), path),
                )
            )

    if immigration is not None:
        derived(
            immigration.notice_to_appear_date,
            "The Department of Homeland Security issues a notice to appear (Form I-862) "
            "charging removability",
            "immigration.notice_to_appear_date",
        )
        for i, denial in enumerate(immigration.benefit_denials):
            agency = denial.agency or "Immigration authorities"
            benefit = denial.benefit or "an immigration benefit"
            derived(denial.date, f"{agency} denies {benefit}", f"immigration.benefit_denials[{i}]")
        derived(
            immigration.final_removal_order_date,
            "Final order of removal",
            "immigration.final_removal_order_date",
        )
    for i, event in enumerate(timeline):
        if event.date is not None:
            events.append((event.date, len(events), wrap(event, f"timeliness.events[{i}]")))
    return [view for _, _, view in sorted(events, key=lambda e: (e[0], e[1]))]


def _trigger(case: Case, *, first: bool = False) -> dt.date | None:
    """The later of the (b)(2) triggers: an immigration notice or denial, a final removal order;
    with ``first``, the statute's own trigger, the date the People will measure from (review
    item 21): the later of the *first* notice asserting the conviction (a notice to appear or a
    benefit denial) and the final removal order."""
    immigration = case.immigration
    if immigration is None:
        return None
    notices = [immigration.notice_to_appear_date, *(d.date for d in immigration.benefit_denials)]
    known_notices = [d for d in notices if d is not None]
    order = immigration.final_removal_order_date
    if first:
        candidates = [min(known_notices)] if known_notices else []
        candidates += [order] if order is not None else []
        return max(candidates) if candidates else None
    known = known_notices + ([order] if order is not None else [])
    return max(known) if known else None


def _consequence_phrases(case: Case) -> list[str]:
    """Each consequence category the case lists, once: "a crime involving moral turpitude"."""
    consequences = case.immigration.consequences if case.immigration else []
    labels = [_CONSEQUENCES[c.value] for item in consequences for c in item.categories]
    return list(dict.fromkeys(labels))


def _family_phrases(case: Case) -> list[str]:
    party = case.moving_party
    family = party.ties.family if party and party.ties else []
    phrases = []
    for member in family:
        if member.relationship is None:
            continue
        details = [f"age {member.age}"] if member.age is not None else []
        status = _STATUS.get(member.status.value) if member.status else None
        if status:
            details.append(status)
        phrases.append(member.relationship + (f" ({', '.join(details)})" if details else ""))
    return phrases


FILTERS = {
    "capitalize": capitalize,
    "sentence": sentence,
    "clause_text": clause_text,
    "consequence_label": consequence_label,
    "long_date": long_date,
    "time": time_of_day,
    "and_list": and_list,
    "or_list": or_list,
    "statute": statute,
    "count_cite": count_cite,
    "called": called,
    "they": _pronoun(0),
    "them": _pronoun(1),
    "their": _pronoun(2),
    "theirs": _pronoun(3),
    "themself": _pronoun(4),
    "was": _pronoun(5),
    "is": _pronoun(6),
    "has": _pronoun(7),
    "ordinal": ordinal,
    "ordinal_word": ordinal_word,
    "money": money,
    "sentence_terms": sentence_terms,
    "country": country,
    "supporting": supporting,
    "record": record_cite,
    "days": days,
}


class _StrictName(StrictUndefined):
    """A name or attribute that does not exist at all: a clause bug, never a blank."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AssemblerError(f"unknown name in clause: {self._undefined_name}")


_TAG_ONLY_LINE = re.compile(r"\s*(\{%.*?%\}\s*)+")


class _KeepLineEnds(Extension):
    """Keep the line break after a block tag that ends a line of text.

    ``trim_blocks`` removes the newline after every block tag, which is right for a tag on a
    line of its own but silently joins ``text{% endif %}`` to the next line, merging two
    paragraphs or list items. A tag that closes a line of text is rewritten as ``+%}``, which
    keeps its newline.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        lines = source.split("\n")
        for i, line in enumerate(lines):
            end = line.rstrip()
            if (
                end.endswith("%}")
                and not end.endswith(("-%}", "+%}"))
                and not _TAG_ONLY_LINE.fullmatch(line)
            ):
                lines[i] = end[:-2] + "+%}" + line[len(end) :]
        return "\n".join(lines)


@cache
def shared_environment() -> SandboxedEnvironment:
    """The process's one environment: its compiled clauses and conditions serve every case."""
    return make_environment()


_COMPILED: WeakKeyDictionary[SandboxedEnvironment, dict[tuple[bool, str], Any]] = (
    WeakKeyDictionary()
)


def compile_template(env: SandboxedEnvironment, source: str) -> Template:
    """``env.from_string(source)``, compiled once per environment and source.

    Raises:
        TemplateSyntaxError: the source is not a valid template (never cached).
    """
    compiled = _COMPILED.setdefault(env, {})
    template = compiled.get((False, source))
    if template is None:
        template = compiled[(False, source)] = env.from_string(source)
    return cast(Template, template)


def compile_condition(env: SandboxedEnvironment, expression: str) -> Callable[..., Any]:
    """``env.compile_expression(expression)``, compiled once per environment and expression."""
    compiled = _COMPILED.setdefault(env, {})
    function = compiled.get((True, expression))
    if function is None:
        function = compiled[(True, expression)] = env.compile_expression(
            expression, undefined_to_none=False
        )
    return cast(Callable[..., Any], function)


MAX_RANGE = 1_000
"""Items one ``range()`` gives a clause: a case has a handful of counts and declarations."""
MAX_TEXT = 1_000_000
"""Characters one operation may build (``'a' * n``, a padded format): a clause is prose."""
MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    """The Jinja sandbox, with the cost of a clause bounded too: a firm's clause file cannot
    hang the tool or fill its memory (ranges, powers, repeated text, padded formats), and
    ``**`` is never folded at compile time (the sandbox intercepts it)."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"an exponent above {MAX_EXPONENT} is not allowed in a clause")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_TEXT:
                    raise SecurityError("a clause may not build text this long")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # "{:>10000000000}".format(...) pads to any size; clauses use filters instead.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def refused(*_args: Any, **_kwargs: Any) -> str:
            raise SecurityError("str.format is not allowed in a clause; use the filters")

        return refused

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # str.format with a width pads to any size; clauses use filters, not format methods.
        if isinstance(obj, str) and attr in (
            "format",
            "format_map",
            "center",
            "ljust",
            "rjust",
            "zfill",
            "expandtabs",
        ):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


CLAUSE_FAILURES = (
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    MemoryError,
    TimeoutError,
)
"""What a broken clause (a firm's, say) can raise while compiling or rendering: each becomes a
message naming its file, never a traceback."""
CLAUSE_SECONDS = 10.0
"""Time one clause may take to render (a real one takes milliseconds)."""


def describe_failure(exc: BaseException) -> str:
    """Why a clause failed, in words (RecursionError and the like have no message)."""
    if isinstance(exc, RecursionError):
        return "recursion too deep (a macro that calls itself?)"
    if isinstance(exc, MemoryError):
        return "ran out of memory"
    if isinstance(exc, TimeoutError):
        return f"took longer than {CLAUSE_SECONDS:.0f} s to render"
    return str(exc) or type(exc).__name__


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (POSIX, main thread; else no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded_range(*args: int) -> range:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise SecurityError(f"range() in a clause gives at most {MAX_RANGE} items")
    return items


def _bounded_width(name: str) -> Callable[..., Any]:
    from jinja2 import filters

    original = filters.FILTERS[name]

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, int) and a > MAX_TEXT for a in (*args, *kwargs.values())):
            raise SecurityError(f"the {name} filter's width is too large for a clause")
        return original(value, *args, **kwargs)

    return bounded


def make_environment() -> SandboxedEnvironment:
    """A new Jinja environment for clauses, conditions and titles (``shared_environment`` is the
    one the tool uses; tests make their own)."""
    env = BoundedSandbox(
        undefined=_StrictName,
        finalize=_finalize,
        autoescape=False,  # escaping is Markdown escaping, done by _finalize
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[_KeepLineEnds],
    )
    env.filters.update({name: _bounded_width(name) for name in _WIDTH_FILTERS})
    env.filters.update(FILTERS)
    env.globals["years_between"] = years_between
    env.globals["range"] = _bounded_range
    env.globals.pop("lipsum", None)  # paragraphs of filler on demand: no clause needs it
    return env


_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "filesizeformat", "format")


# --- the context a clause sees ----------------------------------------------------------------


def case_context(case: Case) -> dict[str, Any]:
    """Facts and derived facts available to clauses, conditions and titles (see CONTEXT_TYPES)."""
    ctx: dict[str, Any] = {}
    for name, info in Case.model_fields.items():
        if info.alias is None:
            ctx[name] = wrap(getattr(case, name), name)
    party = case.moving_party
    counts = case.criminal_case.counts if case.criminal_case else []
    numbers = case.counts_by_number()
    vacate = case.relief.vacate_counts if case.relief else []
    vacated = [numbers[n] for n in vacate if n in numbers]
    grounds = case.grounds
    a1 = grounds.a1 if grounds else None
    entry = party.entry if party else None
    arrival_age = entry.age_at_arrival if entry else None
    if arrival_age is None and entry and entry.date and party and party.date_of_birth:
        arrival_age = years_between(party.date_of_birth, entry.date)
    trigger = _trigger(case)
    first_trigger = _trigger(case, first=True)
    ctx |= {
        "party": ctx["moving_party"],
        "counsel": ctx["filing_counsel"],
        "pro_per": case.self_represented,
        "counts": ctx["criminal_case"].counts if case.criminal_case else [],
        "vacated": [wrap(c, f"criminal_case.counts[{counts.index(c)}]") for c in vacated],
        "plea_case": any(c.is_plea for c in vacated),
        "trial_case": bool(vacated)
        and all(c.disposition is Disposition.TRIAL_VERDICT for c in vacated),
        "a1": ctx["grounds"].a1 if grounds else MissingFact("grounds.a1"),
        "a2": ctx["grounds"].a2 if grounds else MissingFact("grounds.a2"),
        "a3": ctx["grounds"].a3 if grounds else MissingFact("grounds.a3"),
        "theories": [t.value for t in a1.error_theories] if a1 else [],
        "family_phrases": _family_phrases(case),
        "consequence_phrases": _consequence_phrases(case),
        "age_at_arrival": arrival_age
        if arrival_age is not None
        else MissingFact("moving_party.entry.age_at_arrival"),
        "convictions": "the convictions" if len(vacated) > 1 else "the conviction",
        "before_1016_3": bool(vacated)
        and all(
            c.plea_or_verdict_date is not None and c.plea_or_verdict_date < PEN_1016_3
            for c in vacated
        ),
        "sb281_plea": any(
            c.is_plea and c.plea_or_verdict_date is not None and c.plea_or_verdict_date >= SB281
            for c in vacated
        ),
        "dej_case": any(c.disposition is Disposition.DEFERRED_ENTRY_OF_JUDGMENT for c in vacated),
        "dej_completed": any(case.dej_completed(c) for c in vacated),
        "expunged": [
            wrap(r, f"criminal_case.later_relief[{i}]")
            for i, r in enumerate(case.criminal_case.later_relief if case.criminal_case else [])
            if r.kind is LaterReliefKind.EXPUNGEMENT_1203_4
            and (not r.counts or any(c.number in r.counts for c in vacated))
        ],
        "chronology": _chronology(case),
        "removal_grounds": {
            number: {category: Markup(text) for category, text in phrases.items()}
            for number, phrases in removal.grounds(case).items()
        },
        "decl": record.declaration_cites(case),
        "trigger_date": trigger if trigger is not None else MissingFact("immigration"),
        "days_after_trigger": (case.filing_date - trigger).days
        if trigger is not None and case.filing_date is not None
        else MissingFact("filing_date"),
        "first_trigger_date": first_trigger
        if first_trigger is not None
        else MissingFact("immigration"),
        "days_after_first_trigger": (case.filing_date - first_trigger).days
        if first_trigger is not None and case.filing_date is not None
        else MissingFact("filing_date"),
        "years_in_us": (
            years_between(entry.date, case.filing_date)
            if entry and entry.date and case.filing_date
            else MissingFact("moving_party.entry.date")
        ),
    }
    return ctx


def context_types() -> dict[str, Any]:
    """The type of every name a clause may use, for the clause lint (see case_context)."""
    types: dict[str, Any] = {
        name: info.annotation for name, info in Case.model_fields.items() if info.alias is None
    }
    types |= {
        "party": MovingParty,
        "counsel": FilingCounsel,
        "pro_per": bool,
        "counts": list[Count],
        "vacated": list[Count],
        "plea_case": bool,
        "trial_case": bool,
        "a1": GroundA1,
        "a2": GroundA2,
        "a3": GroundA3,
        "theories": list[str],
        "family_phrases": list[str],
        "consequence_phrases": list[str],
        "age_at_arrival": int,
        "years_in_us": int,
        "convictions": str,
        "before_1016_3": bool,
        "sb281_plea": bool,
        "dej_case": bool,
        "dej_completed": bool,
        "expunged": list[LaterRelief],
        "chronology": list[TimelineEvent],
        "removal_grounds": dict[int, dict[str, str]],
        "decl": dict[str, list[str]],
        "trigger_date": dt.date,
        "days_after_trigger": int,
        "first_trigger_date": dt.date,
        "days_after_first_trigger": int,
        "declaration": Declaration,  # only in declaration documents
        "papers": list[str],  # titles of the papers assembled before this one
    }
    return types


def iter_missing(text: str) -> Iterator[str]:
    """The fact paths marked missing in rendered text."""
    yield from re.findall(f"{MISSING_OPEN}(.*?){MISSING_CLOSE}", text)
