"""The filters clauses use (``{{ party | called }}``, ``{{ count | count_cite }}``, ...), each
documented in clauses/README.md. A filter given a missing fact passes it through, so the fact's
marker or error names its path: ``@passes_missing`` says so once for every filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Concatenate, ParamSpec, Protocol, TypeVar, cast, overload

from jinja2 import Undefined
from pydantic import BaseModel

from assembler import record
from assembler.case import (
    Address,
    Count,
    Exhibit,
    MovingParty,
)
from assembler.errors import (
    ClauseRefused,
)
from assembler.fields import SomeDate, YearMonth, date_words
from assembler.views import (
    FactView,
    Markup,
    MissingFact,
    escape,
    is_missing,
    unwrap,
)
from assembler.vocabulary import Pronouns

_In = TypeVar("_In")
_Out = TypeVar("_Out")
_Args = ParamSpec("_Args")
_Model = TypeVar("_Model", bound=BaseModel)


_Missing = TypeVar("_Missing", bound=Undefined)
_In_contra = TypeVar("_In_contra", contravariant=True)
_Out_co = TypeVar("_Out_co", covariant=True)


class Filter(Protocol[_In_contra, _Args, _Out_co]):
    """A filter as ``passes_missing`` makes it: a missing fact in, the same missing fact out."""

    @overload
    def __call__(
        self, value: _Missing, /, *args: _Args.args, **kwargs: _Args.kwargs
    ) -> _Missing: ...

    @overload
    def __call__(
        self, value: _In_contra, /, *args: _Args.args, **kwargs: _Args.kwargs
    ) -> _Out_co: ...


def passes_missing(fn: Callable[Concatenate[_In, _Args], _Out]) -> Filter[_In, _Args, _Out]:
    """A filter given a missing fact returns it unchanged, so the marker (or the error) names
    the fact's path; the filter itself sees only present facts, typed as what it needs (a
    template can still pass anything: each filter checks what it relies on)."""

    @functools.wraps(fn)
    def wrapper(
        value: _In | Undefined, /, *args: _Args.args, **kwargs: _Args.kwargs
    ) -> _Out | Undefined:
        if isinstance(value, Undefined):
            return value
        return fn(value, *args, **kwargs)

    return wrapper  # type: ignore[return-value]  # the overloads above are its two cases


def _model(value: object, cls: type[_Model], name: str) -> _Model:
    """The model behind a view, checked to be what the filter ``name`` needs."""
    model = unwrap(value)
    if not isinstance(model, cls):
        raise ClauseRefused(f"{name} needs {_NEEDS.get(cls, cls.__name__)}")
    return model


def _number(value: object, name: str, kinds: tuple[type, ...] = (int,)) -> int | float:
    """``value`` checked to be a number (never a yes/no) for the filter ``name``."""
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise ClauseRefused(f"{name} needs a {'number' if float in kinds else 'whole number'}")
    return cast(int | float, value)


def _items(value: object, name: str) -> Iterable[object]:
    """``value`` checked to be a list (not text, whose letters would be its items)."""
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise ClauseRefused(f"{name} needs a list")
    return value


_NEEDS: dict[type[BaseModel], str] = {
    Address: "an address",
    Count: "a count",
    MovingParty: "the moving party",
    Exhibit: "an exhibit",
}


@passes_missing
def long_date(value: SomeDate) -> str:
    """``2026-03-03`` -> ``March 3, 2026``; a date known only to its month or year (a
    ``PartialDate`` field) as known: ``2026-01`` -> ``January 2026``, ``2002`` -> ``2002``."""
    if not isinstance(value, dt.date | YearMonth):
        raise ClauseRefused("long_date needs a date")
    return date_words(value)


@passes_missing
def time_of_day(value: dt.time) -> str:
    """``08:30`` -> ``8:30 a.m.``; ``13:00`` -> ``1:00 p.m.``."""
    if not isinstance(value, dt.time):
        raise ClauseRefused("time needs a time of day")
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def _series(items: Iterable[object], word: str) -> Markup:
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


@passes_missing
def and_list(items: Iterable[object]) -> Markup:
    """``[A, B, C]`` -> ``A, B, and C``; ``[A, B]`` -> ``A and B``."""
    return _series(_items(items, "and_list"), "and")


@passes_missing
def or_list(items: Iterable[object]) -> Markup:
    """``[A, B, C]`` -> ``A, B, or C``."""
    return _series(_items(items, "or_list"), "or")


def section_cite(code: str, section: str) -> str:
    """``Pen. Code``, ``484(a)(1)`` -> ``Pen. Code, § 484, subd. (a)(1)``."""
    match = re.fullmatch(r"([^(]+)(\(.*\))?", section)
    base, subdivision = (match[1], match[2]) if match else (section, None)
    return f"{code}, § {base}" + (f", subd. {subdivision}" if subdivision else "")


def _path_of(view: object, fallback: str) -> str:
    return view._path if isinstance(view, FactView) else fallback


@passes_missing
def statute(count: object) -> str | MissingFact:
    """A count's statute of conviction: ``Pen. Code, § 484, subd. (a)``."""
    model = _model(count, Count, "statute")
    path = _path_of(count, "criminal_case.counts[]")
    if model.code is None:
        return MissingFact(f"{path}.code")
    if model.section is None:
        return MissingFact(f"{path}.section")
    return section_cite(model.code.value, model.section)


@passes_missing
def count_cite(count: object) -> Markup:
    """``Count 1 (Pen. Code, § 484, subd. (a))``; a missing part prints as its marker."""
    model = _model(count, Count, "count_cite")
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


@passes_missing
def one_line(address: object) -> Markup:
    """An address on one line, as a proof of service or a notice writes it: ``4100 Example
    Avenue, Suite 210, Los Angeles, CA 90032``. A missing street or city prints as its gap; an
    address missing as a whole, or asked of the attorney, prints as one gap."""
    model = _model(address, Address, "one_line")
    path = _path_of(address, "address")

    def part(value: str | None, name: str) -> str:
        return escape(value) if value else MissingFact(f"{path}.{name}").marker()

    text = part(model.street, "street")
    if model.unit:
        text += ", " + escape(model.unit)
    text += ", " + part(model.city, "city")
    if model.state:
        text += ", " + escape(model.state)
    if model.postal_code:
        text += " " + escape(model.postal_code)
    return Markup(text)


@passes_missing
def called(party: object) -> str | MissingFact:
    """How the papers refer to the moving party: ``Mr. Ramírez``, or the full name."""
    model = _model(party, MovingParty, "called")
    if model.honorific is not None and model.surname:
        return f"{model.honorific.value} {model.surname}"
    return model.legal_name or MissingFact("moving_party.legal_name")


_PRONOUNS = {
    Pronouns.HE: ("he", "him", "his", "his", "himself", "was", "is", "has"),
    Pronouns.SHE: ("she", "her", "her", "hers", "herself", "was", "is", "has"),
    Pronouns.THEY: ("they", "them", "their", "theirs", "themself", "were", "are", "have"),
}


def _pronoun(index: int) -> Callable[[object], str | Undefined]:
    @passes_missing
    def pick(party: object) -> str | MissingFact:
        pronouns = _model(party, MovingParty, "this pronoun filter").pronouns
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


@passes_missing
def ordinal(n: int) -> str:
    """``1`` -> ``1st``, ``22`` -> ``22nd``, ``13`` -> ``13th``."""
    n = int(_number(n, "ordinal"))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@passes_missing
def ordinal_word(n: int) -> str:
    """``1`` -> ``first`` (up to twentieth, then ``21st``)."""
    n = int(_number(n, "ordinal_word"))
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)


@passes_missing
def money(amount: float) -> str:
    """``1250.5`` -> ``$1,250.50``."""
    return f"${_number(amount, 'money', (int, float)):,.2f}"


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


@passes_missing
def country(name: object) -> str:
    """A country name as it reads in a sentence: ``Philippines`` -> ``the Philippines``."""
    text = str(name)
    return f"the {text}" if text in _THE_COUNTRIES else text


_NUMBER_WORDS = dict(
    enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
)


@passes_missing
def supporting(exhibits: Iterable[object], support: str = "") -> list[str]:
    """The labels of the exhibits offered for ``support``: ``exhibits | supporting("new_evidence")``
    -> ``["D", "E"]``."""
    if not isinstance(support, str):
        raise ClauseRefused("supporting needs the name of a ground, in quotes")
    return [
        e.label
        for e in (_model(x, Exhibit, "supporting") for x in _items(exhibits, "supporting"))
        if e.label is not None and support in {s.value for s in e.supports}
    ]


@passes_missing
def record_cite(
    declarations: Iterable[object] | None,
    exhibit_labels: Iterable[object] | None = (),
    at: str | Iterable[object] = (),
) -> str:
    """A record citation: ``decl["moving_party"] | record(["D", "E"], at="declaration.told")``
    -> "(Melnyk Decl. ¶ 6; Exs. D, E.)"; empty when there is nothing to cite. ``at`` names the
    declaration clauses whose paragraphs state the fact (record.py): a declaration cited
    without a known paragraph prints "¶ [__]" for the attorney and is listed in the build
    report. Blank declaration names are skipped."""
    declarations = _items(declarations or [], "record")
    exhibit_labels = _items(exhibit_labels or [], "record")
    clause_ids = [at] if isinstance(at, str) else [str(a) for a in _items(at, "record")]
    parts = [
        record.pinned(str(d) if not isinstance(d, record.DeclarationCite) else d, clause_ids)
        for d in declarations or []
        if d is not None and not is_missing(d) and str(d)
    ]
    labels = [str(x) for x in exhibit_labels or [] if x is not None and not is_missing(x)]
    if labels:
        parts.append(("Exs. " if len(labels) > 1 else "Ex. ") + ", ".join(labels))
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"({text})" if text.endswith(".") else f"({text}.)"


_THIRD_PERSON = re.compile(
    r"\b(?:he|him|his|himself|she|her|hers|herself|they|them|their|theirs)\b", re.I
)


@passes_missing
def impersonal(count: object) -> str:
    """A count's description fit for the moving party's own declaration (legal review 2, G1):
    the description as written when it has no third-person word; else the part before its
    parenthetical ("petty theft (a wallet taken from his car)" -> "petty theft"), or "" when
    that part has one too (the clause then cites the count alone)."""
    description = " ".join(str(_model(count, Count, "impersonal").description or "").split())
    if not _THIRD_PERSON.search(description):
        return description
    head = description.split(" (", 1)[0].strip()
    return "" if _THIRD_PERSON.search(head) else head


_OPENING_IT = re.compile(r"^(?P<lead>[^.;:()]*?,\s+)?(?P<it>[Ii]t)\b(?!['\u2019])")


@passes_missing
def exhibit_described(exhibit: object) -> str:
    """An exhibit's description as a sentence that stands on its own (legal review 2, H2): a
    description whose first sentence has "it" for its subject ("It shows ...", "Written in
    2014, it corroborates ...") names the exhibit there instead ('Exhibit C, "People's written
    offer," shows ...'); any other description is returned as written. Empty without one."""
    model = _model(exhibit, Exhibit, "exhibit_described")
    text = " ".join((model.description or "").split())
    match = _OPENING_IT.match(text)
    if not text or not match:
        return sentence(text) if text else ""
    title = clause_text(model.title or "").rstrip(",")
    name = f"Exhibit {model.label}" + (f', "{title},"' if title else "")
    lead = match.group("lead") or ""
    named = f"{lead}{name}{text[match.end() :]}"
    return sentence(named[:1].upper() + named[1:])


def _sentence_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@passes_missing
def unsaid(value: object, *said: object) -> str:
    """Free text from the case with the sentences already said elsewhere left out (legal review
    2, G6): ``consequence.explanation | unsaid(declaration.statements)`` drops each sentence of
    the explanation that one of the declarant's statements already makes, word for word (case
    and punctuation aside). Empty when every sentence was said."""
    from assembler.seams import sentences  # seams reads documents; filters load before them

    known: set[str] = set()
    for item in said:
        texts = [item] if isinstance(item, str) else _items(item, "unsaid")
        for text in texts:
            if text is not None and not is_missing(text):
                known.update(_sentence_words(s) for s in sentences(" ".join(str(text).split())))
    kept = [s for s in sentences(" ".join(str(value).split())) if _sentence_words(s) not in known]
    return " ".join(kept)


@passes_missing
def days(n: int) -> str:
    """1 -> one day; 2 -> two days; 365 -> 365 days (words through ten, as sentences use)."""
    number = int(_number(n, "days"))
    return f"{_NUMBER_WORDS.get(number, str(number))} {'day' if number == 1 else 'days'}"


@passes_missing
def sentence_terms(count: object, like: object = None) -> str:
    """A count's structured sentence as a phrase: ``365 days in county jail and 36 months of
    formal probation`` (empty when the sentence gives none; ``other`` is not used). With
    ``like``, a count told just before, probation of the same length and kind is "the same
    probation", so a second count does not restate it."""
    model = _model(count, Count, "sentence_terms")
    given = model.sentence
    if given is None:
        return ""
    before = _model(like, Count, "sentence_terms").sentence if like is not None else None
    terms = []
    if given.prison_months:
        terms.append(f"{given.prison_months} months in state prison")
    if given.jail_days:
        terms.append(f"{days(given.jail_days)} in county jail")
    if given.suspended_term_days:
        terms.append(f"a suspended term of {given.suspended_term_days} days")
    if (
        given.probation_months
        and before is not None
        and (
            (before.probation_months, before.probation_kind)
            == (given.probation_months, given.probation_kind)
        )
    ):
        terms.append("the same probation")
    elif given.probation_months:
        kind = f"{given.probation_kind.value} " if given.probation_kind else ""
        terms.append(f"{given.probation_months} months of {kind}probation")
    if given.fine_dollars:
        terms.append(f"a fine of {money(given.fine_dollars)}")
    return _series(terms, "and") if terms else ""


@overload
def years_between(start: dt.date, end: dt.date) -> int: ...


@overload
def years_between(start: dt.date | Undefined, end: dt.date | Undefined) -> int | Undefined: ...


def years_between(start: dt.date | Undefined, end: dt.date | Undefined) -> int | Undefined:
    """Whole years from one date to another (an age, or years in the United States)."""
    if isinstance(start, Undefined):
        return start
    if isinstance(end, Undefined):
        return end
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise ClauseRefused("years_between needs two dates")
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


@passes_missing
def sentence(value: object) -> str:
    """Free text from the case as a sentence: first letter capitalized, closing period added."""
    text = " ".join(str(value).split())
    closed = text.rstrip("'\"\u2019\u201d)\u00bb")  # 'he said "no."' is already a sentence
    if text and not closed.endswith((".", "!", "?")):
        text += "."
    return text[:1].upper() + text[1:]


@passes_missing
def clause_text(value: object) -> str:
    """Free text from the case inside a sentence: no closing period."""
    return " ".join(str(value).split()).removesuffix(".")


_NAMED_OPENINGS = frozenset({"i", "people", "people's", "proposition", "california", "united"})
"""Opening words that keep their capital inside a sentence although the next word is lower case
("I", "People's offer", "Proposition 47")."""


@passes_missing
def inline_text(value: object) -> str:
    """Free text from the case inside a sentence, after a colon or a verb: as ``clause_text``,
    with the first letter lower-cased when the text opens with a common word written with a
    capital ("Pretrial diversion under …" -> "pretrial diversion under …"). A name or a code
    keeps its capital: an opening word followed by a capitalized word, a number or "&" ("Penal
    Code", "Health & Saf. Code", "Pen. Code, § 602"), an abbreviation, or a word in
    ``_NAMED_OPENINGS``."""
    text = clause_text(value)
    words = text.split(maxsplit=2)
    first = words[0] if words else ""
    following = words[1] if len(words) > 1 else ""
    if (
        re.fullmatch(r"[A-Z][a-z]*(?:['\u2019-][a-z]+)*", first)
        and first.lower() not in _NAMED_OPENINGS
        and (not following or following[:1].islower())
    ):
        return first[:1].lower() + text[1:]
    return text


@passes_missing
def upper(value: object) -> str:
    """Upper case; a missing fact passes through, so its marker keeps the path as written."""
    return str(value).upper()


@passes_missing
def capitalize(value: object) -> str:
    """Upper-case the first letter only (Jinja's own also lower-cases the rest: "Mr. garcía")."""
    text = str(value)
    return text[:1].upper() + text[1:]


CONSEQUENCE_LABELS = {
    "cimt": "a crime involving moral turpitude",
    "controlled_substance": "a controlled substance offense",
    "aggravated_felony": "an aggravated felony",
    "domestic_violence": "a crime of domestic violence",
    "firearms": "a firearms offense",
    "other": "another immigration consequence",
}


@passes_missing
def consequence_label(category: object) -> str:
    """``cimt`` -> ``a crime involving moral turpitude``."""
    label = CONSEQUENCE_LABELS.get(str(category.value if isinstance(category, Enum) else category))
    if label is None:
        raise ClauseRefused("consequence_label needs a consequence category, such as cimt")
    return label


FILTERS: dict[str, Callable[..., object]] = {
    "capitalize": capitalize,
    "upper": upper,
    "sentence": sentence,
    "clause_text": clause_text,
    "inline_text": inline_text,
    "consequence_label": consequence_label,
    "long_date": long_date,
    "time": time_of_day,
    "and_list": and_list,
    "or_list": or_list,
    "statute": statute,
    "count_cite": count_cite,
    "one_line": one_line,
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
    "impersonal": impersonal,
    "unsaid": unsaid,
    "exhibit_described": exhibit_described,
}
