"""Unit tests for the sandboxed Jinja environment: filters, escaping, missing facts, FactView."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.exceptions import SecurityError, TemplateError

from assembler import templating
from assembler.case import Case, Count, Exhibit, MovingParty
from assembler.casefile.base import Address
from assembler.clause_context import DERIVED, PER_DOCUMENT, context_types
from assembler.document import Missing, Text
from assembler.errors import AssemblerError, UnknownName
from assembler.loading import validate_data
from assembler.markup import RawBlock, parse_blocks, parse_inline
from assembler.templating import (
    FILTERS,
    MISSING_CLOSE,
    MISSING_OPEN,
    FactView,
    Markup,
    MissingFact,
    MissingFactError,
    case_context,
    draft_mode,
    escape,
    make_environment,
    section_cite,
    years_between,
)
from assembler.vocabulary import ConsequenceCategory
from tests.support import BASE_SAMPLE, ROOT, SAMPLES

ENV = make_environment()

HOSTILE = "*Bold* _x_ # [@vivar] {{ evil }} <script> ¶ - 1. \\"
VIETNAMESE = "Nguyễn Thị Thu Hà"
CHINESE = "陳志明"


def render(source: str, **context: Any) -> str:
    """Render a template string in the one clause environment."""
    return ENV.from_string(source).render(context)


@pytest.fixture
def sample_case() -> Case:
    """Sample 01 as a validated Case."""
    result = validate_data(json.loads(BASE_SAMPLE.read_text(encoding="utf-8")))
    assert result.case is not None
    return result.case


@pytest.fixture
def ctx(sample_case: Case) -> dict[str, Any]:
    """The template context of sample 01."""
    return case_context(sample_case)


@pytest.fixture
def draft() -> Iterator[None]:
    """Draft mode on for the test, reset afterwards."""
    token = draft_mode.set(True)
    try:
        yield
    finally:
        draft_mode.reset(token)


def count(section: str | None, code: str | None = "Pen. Code", number: int = 1) -> Count:
    data: dict[str, Any] = {"number": number}
    if code is not None:
        data["code"] = code
    if section is not None:
        data["section"] = section
    return Count.model_validate(data)


def party(**facts: Any) -> MovingParty:
    return MovingParty.model_validate(facts)


RAMIREZ = party(legal_name="José Luis Ramírez Ortega", surname="Ramírez", honorific="Mr.")


# --- the filter table ---------------------------------------------------------------------------


def test_filter_names_are_the_documented_set() -> None:
    """A new filter must get a row in the tables below."""
    assert set(FILTERS) == {
        "capitalize",
        "sentence",
        "clause_text",
        "consequence_label",
        "long_date",
        "time",
        "and_list",
        "or_list",
        "statute",
        "count_cite",
        "one_line",
        "called",
        "they",
        "them",
        "their",
        "theirs",
        "themself",
        "was",
        "is",
        "has",
        "ordinal",
        "ordinal_word",
        "money",
        "sentence_terms",
        "country",
        "supporting",
        "record",
        "days",
        "upper",
        "impersonal",
        "exhibit_described",
        "unsaid",
        "inline_text",
    }


FILTER_CASES: list[tuple[str, str, Any, str]] = [
    # title, filter, input, expected
    ("long_date single-digit day", "long_date", dt.date(2026, 3, 3), "March 3, 2026"),
    ("long_date two-digit day", "long_date", dt.date(1988, 8, 22), "August 22, 1988"),
    ("long_date new year", "long_date", dt.date(2027, 1, 1), "January 1, 2027"),
    ("long_date end of year", "long_date", dt.date(2026, 12, 31), "December 31, 2026"),
    ("time just after midnight", "time", dt.time(0, 5), "12:05 a.m."),
    ("time midnight", "time", dt.time(0, 0), "12:00 a.m."),
    ("time morning", "time", dt.time(8, 30), "8:30 a.m."),
    ("time before noon", "time", dt.time(11, 59), "11:59 a.m."),
    ("time noon", "time", dt.time(12, 0), "12:00 p.m."),
    ("time afternoon", "time", dt.time(13, 30), "1:30 p.m."),
    ("time late evening", "time", dt.time(23, 59), "11:59 p.m."),
    ("and_list empty", "and_list", [], ""),
    ("and_list one", "and_list", ["A"], "A"),
    ("and_list two", "and_list", ["A", "B"], "A and B"),
    ("and_list three", "and_list", ["A", "B", "C"], "A, B, and C"),
    ("and_list four", "and_list", ["A", "B", "C", "D"], "A, B, C, and D"),
    ("and_list commas", "and_list", ["Smith, 17", "B", "C"], "Smith, 17; B; and C"),
    ("and_list two with comma", "and_list", ["Smith, 17", "B"], "Smith, 17 and B"),
    ("and_list tuple", "and_list", ("A", "B", "C"), "A, B, and C"),
    (
        "and_list enums print values",
        "and_list",
        [ConsequenceCategory.CIMT, ConsequenceCategory.FIREARMS],
        "cimt and firearms",
    ),
    ("or_list empty", "or_list", [], ""),
    ("or_list one", "or_list", ["A"], "A"),
    ("or_list two", "or_list", ["A", "B"], "A or B"),
    ("or_list three", "or_list", ["A", "B", "C"], "A, B, or C"),
    ("or_list commas", "or_list", ["A, 1", "B", "C"], "A, 1; B; or C"),
    (
        "one_line with a suite",
        "one_line",
        Address(
            street="4100 Example Avenue",
            unit="Suite 210",
            city="Los Angeles",
            state="CA",
            postal_code="90032",
        ),
        "4100 Example Avenue, Suite 210, Los Angeles, CA 90032",
    ),
    (
        "one_line street and city",
        "one_line",
        Address(street="1 Example Way", city="Fresno"),
        "1 Example Way, Fresno",
    ),
    ("statute subdivision", "statute", count("484(a)"), "Pen. Code, § 484, subd. (a)"),
    ("statute no subdivision", "statute", count("490.5"), "Pen. Code, § 490.5"),
    (
        "statute nested subdivision",
        "statute",
        count("273.5(a)(1)"),
        "Pen. Code, § 273.5, subd. (a)(1)",
    ),
    (
        "statute other code",
        "statute",
        count("11350(a)", "Health & Saf. Code"),
        "Health & Saf. Code, § 11350, subd. (a)",
    ),
    (
        "count_cite subdivision",
        "count_cite",
        count("484(a)"),
        "Count 1 (Pen. Code, § 484, subd. (a))",
    ),
    ("count_cite plain", "count_cite", count("490.5", number=2), "Count 2 (Pen. Code, § 490.5)"),
    (
        "count_cite nested",
        "count_cite",
        count("273.5(a)(1)", number=3),
        "Count 3 (Pen. Code, § 273.5, subd. (a)(1))",
    ),
    ("called honorific and surname", "called", RAMIREZ, "Mr. Ramírez"),
    (
        "called no honorific",
        "called",
        party(legal_name="Nguyễn Thị Thu Hà", surname="Nguyễn"),
        "Nguyễn Thị Thu Hà",
    ),
    (
        "called honorific without surname",
        "called",
        party(legal_name="陳志明", honorific="Mr."),
        "陳志明",
    ),
    (
        "called Mx.",
        "called",
        party(legal_name="Sam Lee", surname="Lee", honorific="Mx."),
        "Mx. Lee",
    ),
    ("ordinal 1", "ordinal", 1, "1st"),
    ("ordinal 2", "ordinal", 2, "2nd"),
    ("ordinal 3", "ordinal", 3, "3rd"),
    ("ordinal 4", "ordinal", 4, "4th"),
    ("ordinal 11", "ordinal", 11, "11th"),
    ("ordinal 12", "ordinal", 12, "12th"),
    ("ordinal 13", "ordinal", 13, "13th"),
    ("ordinal 20", "ordinal", 20, "20th"),
    ("ordinal 21", "ordinal", 21, "21st"),
    ("ordinal 22", "ordinal", 22, "22nd"),
    ("ordinal 23", "ordinal", 23, "23rd"),
    ("ordinal 101", "ordinal", 101, "101st"),
    ("ordinal 111", "ordinal", 111, "111th"),
    ("ordinal 112", "ordinal", 112, "112th"),
    ("ordinal 113", "ordinal", 113, "113th"),
    ("ordinal 1000", "ordinal", 1000, "1000th"),
    ("ordinal_word 0", "ordinal_word", 0, "zeroth"),
    ("ordinal_word 1", "ordinal_word", 1, "first"),
    ("ordinal_word 2", "ordinal_word", 2, "second"),
    ("ordinal_word 3", "ordinal_word", 3, "third"),
    ("ordinal_word 12", "ordinal_word", 12, "twelfth"),
    ("ordinal_word 20", "ordinal_word", 20, "twentieth"),
    ("ordinal_word 21 falls back", "ordinal_word", 21, "21st"),
    ("ordinal_word 113 falls back", "ordinal_word", 113, "113th"),
    ("money cents", "money", 1250.5, "$1,250.50"),
    ("money zero", "money", 0, "$0.00"),
    ("money whole", "money", 150, "$150.00"),
    ("money millions", "money", 1234567.891, "$1,234,567.89"),
    ("capitalize first letter only", "capitalize", "mr. garcía", "Mr. garcía"),
    ("capitalize keeps capitals", "capitalize", "mr. GARCÍA", "Mr. GARCÍA"),
    ("capitalize accented", "capitalize", "élan", "Élan"),
    ("capitalize empty", "capitalize", "", ""),
    ("sentence adds period", "sentence", "he left", "He left."),
    ("sentence keeps period", "sentence", "he left.", "He left."),
    ("sentence keeps question", "sentence", "why?", "Why?"),
    ("sentence keeps exclamation", "sentence", "done!", "Done!"),
    (
        "sentence keeps a period inside quotes",
        "sentence",
        'he said "we got him."',
        'He said "we got him."',
    ),
    (
        "sentence keeps a period inside single quotes",
        "sentence",
        "it was 'fine.'",
        "It was 'fine.'",
    ),
    ("sentence closes text ending in a quote", "sentence", 'he said "no"', 'He said "no".'),
    ("sentence collapses whitespace", "sentence", "  he \n  said   no ", "He said no."),
    ("sentence keeps rest", "sentence", "mr. GARCÍA works", "Mr. GARCÍA works."),
    ("sentence empty", "sentence", "", ""),
    ("clause_text drops period", "clause_text", "He left.", "He left"),
    ("clause_text no period", "clause_text", "he left", "he left"),
    ("clause_text collapses whitespace", "clause_text", " a\n  b. ", "a b"),
    ("clause_text empty", "clause_text", "", ""),
    ("inline_text common word", "inline_text", "Pretrial diversion.", "pretrial diversion"),
    (
        "inline_text a code",
        "inline_text",
        "Health & Saf. Code, § 11377",
        "Health & Saf. Code, § 11377",
    ),
    ("inline_text a name", "inline_text", "Penal Code section 602", "Penal Code section 602"),
    ("inline_text the People", "inline_text", "People's offer", "People's offer"),
    ("inline_text I", "inline_text", "I plead", "I plead"),
    ("consequence cimt", "consequence_label", "cimt", "a crime involving moral turpitude"),
    (
        "consequence controlled substance",
        "consequence_label",
        "controlled_substance",
        "a controlled substance offense",
    ),
    (
        "consequence aggravated felony",
        "consequence_label",
        "aggravated_felony",
        "an aggravated felony",
    ),
    (
        "consequence domestic violence",
        "consequence_label",
        "domestic_violence",
        "a crime of domestic violence",
    ),
    ("consequence firearms", "consequence_label", "firearms", "a firearms offense"),
    ("consequence other", "consequence_label", "other", "another immigration consequence"),
    (
        "consequence enum",
        "consequence_label",
        ConsequenceCategory.CIMT,
        "a crime involving moral turpitude",
    ),
    ("upper", "upper", "Nguyễn Thị", "NGUYỄN THỊ"),
    ("days: one", "days", 1, "one day"),
    ("days: words through ten", "days", 2, "two days"),
    ("days: numerals after", "days", 365, "365 days"),
    # a declaration cited with no paragraph known prints the gap for the attorney (I1)
    ("record: declaration and exhibits", "record", ["Melnyk Decl."], "(Melnyk Decl. ¶ [__].)"),
    (
        "impersonal: third person dropped from a sworn count description",
        "impersonal",
        Count(description="petty theft (a wallet taken from his car)"),
        "petty theft",
    ),
    (
        "impersonal: a neutral description as written",
        "impersonal",
        Count(description="petty theft of a wallet"),
        "petty theft of a wallet",
    ),
    (
        "exhibit_described: a dangling 'It' names the exhibit",
        "exhibit_described",
        Exhibit(label="C", title="People's written offer", description="It shows the terms."),
        'Exhibit C, "People\'s written offer," shows the terms.',
    ),
    ("unsaid: nothing said elsewhere", "unsaid", "The plea was a CIMT.", "The plea was a CIMT."),
    ("record: nothing to cite", "record", ["", None], ""),
    ("country with the article", "country", "Philippines", "the Philippines"),
    ("country without", "country", "Mexico", "Mexico"),
]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [case[1:] for case in FILTER_CASES],
    ids=[case[0] for case in FILTER_CASES],
)
def test_filter(name: str, value: Any, expected: str) -> None:
    assert FILTERS[name](value) == expected


PRONOUN_CASES: list[tuple[str, list[str]]] = [
    ("he", ["he", "him", "his", "his", "himself", "was", "is", "has"]),
    ("she", ["she", "her", "her", "hers", "herself", "was", "is", "has"]),
    ("they", ["they", "them", "their", "theirs", "themself", "were", "are", "have"]),
]
PRONOUN_FILTERS = ["they", "them", "their", "theirs", "themself", "was", "is", "has"]


@pytest.mark.parametrize(
    ("pronouns", "name", "expected"),
    [
        (pronouns, name, word)
        for pronouns, words in PRONOUN_CASES
        for name, word in zip(PRONOUN_FILTERS, words, strict=True)
    ],
)
def test_pronoun_filter(pronouns: str, name: str, expected: str) -> None:
    assert FILTERS[name](party(legal_name="A B", pronouns=pronouns)) == expected


@pytest.mark.parametrize("name", PRONOUN_FILTERS)
def test_pronoun_filter_without_pronouns_is_missing(name: str) -> None:
    result = FILTERS[name](party(legal_name="A B"))
    assert isinstance(result, MissingFact)
    assert result.path == "moving_party.pronouns"


def test_called_without_any_name_is_missing() -> None:
    result = FILTERS["called"](party(surname="Q"))
    assert isinstance(result, MissingFact)
    assert result.path == "moving_party.legal_name"


@pytest.mark.parametrize("name", ["called", "they", "their"])
def test_party_filters_refuse_other_objects(name: str) -> None:
    with pytest.raises(AssemblerError, match="moving party"):
        FILTERS[name](count("484(a)"))


def test_statute_with_a_missing_code_or_section_is_a_missing_fact() -> None:
    missing = FILTERS["statute"](count(None))
    assert isinstance(missing, MissingFact) and missing.path.endswith(".section")
    missing = FILTERS["statute"](count("484(a)", code=None))
    assert isinstance(missing, MissingFact) and missing.path.endswith(".code")
    with pytest.raises(MissingFactError, match="code"):
        FILTERS["count_cite"](count("484(a)", code=None))  # strict: printing it fails
    token = draft_mode.set(True)
    try:
        cited = FILTERS["count_cite"](count("484(a)", code=None))
    finally:
        draft_mode.reset(token)
    assert isinstance(cited, str)
    assert [type(n).__name__ for n in parse_inline(cited)] == ["Text", "Missing", "Text"]


def test_long_date_and_time_refuse_wrong_types() -> None:
    with pytest.raises(AssemblerError, match="long_date needs a date"):
        FILTERS["long_date"]("2026-03-03")
    with pytest.raises(AssemblerError, match="time needs a time"):
        FILTERS["time"]("08:30")


@pytest.mark.parametrize(
    ("code", "section", "expected"),
    [
        ("Pen. Code", "484(a)", "Pen. Code, § 484, subd. (a)"),
        ("Pen. Code", "490.5", "Pen. Code, § 490.5"),
        ("Pen. Code", "273.5(a)(1)", "Pen. Code, § 273.5, subd. (a)(1)"),
        ("Veh. Code", "23152(b)", "Veh. Code, § 23152, subd. (b)"),
        ("Health & Saf. Code", "11350", "Health & Saf. Code, § 11350"),
    ],
)
def test_section_cite(code: str, section: str, expected: str) -> None:
    assert section_cite(code, section) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(1979, 5, 14), dt.date(2026, 5, 13), 46),
        (dt.date(1979, 5, 14), dt.date(2026, 5, 14), 47),
        (dt.date(1979, 5, 14), dt.date(2026, 12, 4), 47),
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), 0),
    ],
)
def test_years_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert years_between(start, end) == expected


def test_years_between_is_a_template_global() -> None:
    assert (
        render("{{ years_between(a, b) }}", a=dt.date(1988, 8, 2), b=dt.date(2026, 12, 4)) == "38"
    )


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_passes_missing_fact_through(name: str) -> None:
    missing = MissingFact("some.path")
    assert FILTERS[name](missing) is missing


def test_years_between_passes_missing_fact_through() -> None:
    missing = MissingFact("moving_party.entry.date")
    assert years_between(missing, dt.date(2026, 1, 1)) is missing
    assert years_between(dt.date(2026, 1, 1), missing) is missing


def test_and_list_does_not_silently_drop_a_missing_item() -> None:
    items = ["petty theft", MissingFact("criminal_case.counts[1].description")]
    with pytest.raises(MissingFactError):
        render("{{ items|and_list }}", items=items)
    token = draft_mode.set(True)
    try:
        text = render("{{ items|and_list }}", items=items)
    finally:
        draft_mode.reset(token)
    assert parse_inline(text) == (
        Text("petty theft and "),
        Missing("criminal_case.counts[1].description"),
    )


# --- filters inside the environment -------------------------------------------------------------


def test_capitalize_overrides_jinja_builtin() -> None:
    # every filter is wrapped in the sandbox's bounds (templating._bounded_filter)
    assert ENV.filters["capitalize"].__wrapped__ is templating.capitalize
    assert render("{{ name|capitalize }}", name="mr. GARCÍA") == "Mr. GARCÍA"


def test_filters_accept_fact_views(ctx: dict[str, Any]) -> None:
    assert render("{{ party|called|capitalize }}", **ctx) == "Mr. Ramírez"
    assert render("{{ party|they }} {{ party|has }}", **ctx) == "he has"
    assert render("{{ counts[0]|statute }}", **ctx) == "Pen. Code, § 484, subd. (a)"
    assert render('{{ vacated|map("count_cite")|and_list }}', **ctx) == (
        "Count 1 (Pen. Code, § 484, subd. (a)) and Count 2 (Pen. Code, § 490.5)"
    )
    assert render("{{ hearing.time|time }}", **ctx) == "8:30 a.m."


def test_printed_values_are_formatted(ctx: dict[str, Any]) -> None:
    assert render("{{ party.entry.date }}", **ctx) == "August 2, 1988"
    assert render("{{ self_represented }} {{ counts[0].is_plea }}", **ctx) == "no yes"
    assert render("{{ party.pronouns }}", **ctx) == "he"
    assert render("{{ m }}", m=Markup("*already markup*")) == "*already markup*"


# --- escaping ------------------------------------------------------------------------------------

SPECIALS = list("\\*_#<>[]{}`|~@¶+-")


@pytest.mark.parametrize("char", SPECIALS)
def test_escape_each_special_character(char: str) -> None:
    assert escape(char) == "\\" + char
    assert escape(f"a{char}b") == f"a\\{char}b"


ESCAPE_CASES: list[tuple[str, str, str]] = [
    ("plain text", "José Ramírez", "José Ramírez"),
    ("empty", "", ""),
    ("newlines collapse", "a\nb\r\nc\td", "a b c d"),
    ("surrounding whitespace", "  a  \n\n b  ", "a b"),
    ("unicode line separators", "a\u2028b\x85c", "a b c"),
    ("markers removed", f"a{MISSING_OPEN}x{MISSING_CLOSE}b", "axb"),
    ("leading ordered-list number", "12. Item", "12\\. Item"),
    ("leading number after whitespace", "  3. x", "3\\. x"),
    ("leading decimal", "12.5 grams", "12\\.5 grams"),
    ("trailing number untouched", "Item 12.", "Item 12."),
    ("heading", "# Title", "\\# Title"),
    ("bullet", "- item", "\\- item"),
    ("citation", "[@vivar]", "\\[\\@vivar\\]"),
    ("jinja", "{{ x }}", "\\{\\{ x \\}\\}"),
    ("vietnamese", VIETNAMESE, VIETNAMESE),
    ("chinese", CHINESE, CHINESE),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in ESCAPE_CASES],
    ids=[case[0] for case in ESCAPE_CASES],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        HOSTILE,
        VIETNAMESE,
        CHINESE,
        "**bold** and *it*",
        "[signature counsel]",
        "[page break]",
        "> quote",
        "¶ 5",
        "1. first",
        "# Heading {-}",
        "trailing backslash \\",
        f"{MISSING_OPEN}grounds.a2{MISSING_CLOSE}",
    ],
)
def test_rendered_fact_is_literal_text(value: str) -> None:
    rendered = render("{{ name }}", name=value)
    expected = " ".join(value.replace(MISSING_OPEN, "").replace(MISSING_CLOSE, "").split())
    assert parse_inline(rendered) == (Text(expected),)
    assert parse_blocks(rendered) == [RawBlock("paragraph", ((Text(expected),),), line=1)]


def test_hostile_fact_exact_round_trip() -> None:
    assert parse_inline(render("{{ name }}", name=HOSTILE)) == (
        Text("*Bold* _x_ # [@vivar] {{ evil }} <script> ¶ - 1. \\"),
    )


hostile_values = st.one_of(
    st.text(),
    st.text(alphabet="\\*_#<>[]{}`|~@¶+-.0123456789 \n\t>" + MISSING_OPEN + MISSING_CLOSE),
)


def _normalized(value: str) -> str:
    return " ".join(value.replace(MISSING_OPEN, "").replace(MISSING_CLOSE, "").split())


@settings(max_examples=300, deadline=None)
@given(hostile_values)
def test_property_any_fact_renders_as_literal_text(value: str) -> None:
    rendered = render("{{ name }}", name=value)
    expected = _normalized(value)
    assert parse_inline(rendered) == ((Text(expected),) if expected else ())


@settings(max_examples=300, deadline=None)
@given(hostile_values)
def test_property_fact_never_opens_a_block(value: str) -> None:
    expected = _normalized(value)
    rendered = render("{{ name }}\n\n# Title {{ name }}\n\n- Item {{ name }}", name=value)
    blocks = parse_blocks(rendered)
    assert [b.kind for b in blocks] == (["paragraph"] if expected else []) + ["heading", "list"]
    heading, bullets = blocks[-2:]
    assert heading.numbered
    assert heading.parts == ((Text(f"Title {expected}".strip()),),)
    assert bullets.parts == ((Text(f"Item {expected}".strip()),),)
    if expected:
        assert blocks[0].parts == ((Text(expected),),)


# --- missing facts -------------------------------------------------------------------------------


def test_missing_fact_strict_mode_raises_naming_path() -> None:
    assert draft_mode.get() is False
    missing = MissingFact("grounds.a2")
    with pytest.raises(MissingFactError, match=r"^missing fact: grounds\.a2$") as info:
        str(missing)
    assert info.value.path == "grounds.a2"
    with pytest.raises(MissingFactError) as info:
        render("Text {{ fact }}", fact=missing)
    assert info.value.path == "grounds.a2"


def test_missing_fact_draft_mode_prints_marker() -> None:
    token = draft_mode.set(True)
    try:
        rendered = render("Before {{ fact }} after", fact=MissingFact("grounds.a2"))
    finally:
        draft_mode.reset(token)
    assert rendered == f"Before {MISSING_OPEN}grounds.a2{MISSING_CLOSE} after"
    assert parse_inline(rendered) == (Text("Before "), Missing("grounds.a2"), Text(" after"))
    assert list(templating.iter_missing(rendered)) == ["grounds.a2"]
    assert draft_mode.get() is False


@pytest.mark.usefixtures("draft")
def test_missing_fact_marker_survives_escaping_of_neighbours() -> None:
    rendered = render("{{ name }} {{ fact }}", name=HOSTILE, fact=MissingFact("hearing.date"))
    assert parse_inline(rendered) == (Text(HOSTILE + " "), Missing("hearing.date"))


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: MissingFact("a").b.c, "a.b.c"),
        (lambda: MissingFact("a")["k"], "a[k]"),
        (lambda: MissingFact("a").b[0].c, "a.b[0].c"),
        (lambda: MissingFact("grounds.a2").narrative, "grounds.a2.narrative"),
    ],
)
def test_missing_fact_chained_access_extends_path(build: Any, path: str) -> None:
    result = build()
    assert isinstance(result, MissingFact)
    assert result.path == path


def test_missing_fact_chained_access_in_template() -> None:
    with pytest.raises(MissingFactError) as info:
        render("{{ a2.narrative.x }}", a2=MissingFact("grounds.a2"))
    assert info.value.path == "grounds.a2.narrative.x"


def test_missing_fact_is_falsy_and_empty() -> None:
    missing = MissingFact("a")
    assert not missing
    assert list(missing) == []
    assert render("{% if m %}yes{% else %}no{% endif %}", m=missing) == "no"
    assert render("[{% for x in m %}{{ x }}{% endfor %}]", m=missing) == "[]"
    assert repr(missing) == "MissingFact('a')"


def test_missing_fact_dunder_is_not_a_fact() -> None:
    with pytest.raises(AttributeError):
        _ = MissingFact("a").__wrapped__


# --- FactView ------------------------------------------------------------------------------------


def test_fact_view_reaches_facts_by_attribute(ctx: dict[str, Any], sample_case: Case) -> None:
    party_view = ctx["party"]
    assert isinstance(party_view, FactView)
    assert party_view.legal_name == "José Luis Ramírez Ortega"
    assert party_view.entry.age_at_arrival == 9
    assert party_view.ties.family[1].relationship == "daughter"
    assert ctx["counts"][1].section == "490.5"
    assert ctx["counts"][0].is_plea is True  # a property of the model
    assert templating.unwrap(party_view) is sample_case.moving_party
    assert ctx["party"] == ctx["moving_party"]


def test_fact_view_none_fact_is_missing_with_json_path(ctx: dict[str, Any]) -> None:
    for value, path in [
        (ctx["grounds"].a2, "grounds.a2"),
        (ctx["a2"], "grounds.a2"),
        (ctx["a3"], "grounds.a3"),
        (ctx["party"].ties.family[0].name, "moving_party.ties.family[0].name"),
        (ctx["counts"][1].sentence.jail_days, "criminal_case.counts[1].sentence.jail_days"),
        (ctx["party"].phone, "moving_party.phone"),
    ]:
        assert isinstance(value, MissingFact)
        assert value.path == path


def test_fact_view_missing_fact_in_draft_template(ctx: dict[str, Any]) -> None:
    token = draft_mode.set(True)
    try:
        rendered = render("{{ party.ties.family[0].name }}", **ctx)
    finally:
        draft_mode.reset(token)
    assert parse_inline(rendered) == (Missing("moving_party.ties.family[0].name"),)


def test_fact_view_missing_fact_in_strict_template(ctx: dict[str, Any]) -> None:
    with pytest.raises(MissingFactError) as info:
        render("{{ a2 }}", **ctx)
    assert info.value.path == "grounds.a2"


def test_fact_view_unknown_attribute_raises(ctx: dict[str, Any]) -> None:
    with pytest.raises(AttributeError, match="no fact 'nonexistent'"):
        _ = ctx["party"].nonexistent
    with pytest.raises(UnknownName) as unknown:  # the name is kept apart from the message
        render("{{ party.nonexistent }}", **ctx)
    assert unknown.value.name == "nonexistent"
    with pytest.raises((AssemblerError, TemplateError)):
        render("{% if party.nonexistent %}x{% endif %}", **ctx)


def test_fact_view_group_is_not_printable(ctx: dict[str, Any]) -> None:
    with pytest.raises(AssemblerError, match="moving_party is a group of facts"):
        render("{{ party }}", **ctx)


@pytest.mark.parametrize("name", ["model_dump", "model_copy", "model_fields", "__wrapped__"])
def test_fact_view_refuses_non_fields_in_python(ctx: dict[str, Any], name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(ctx["party"], name)


@pytest.mark.parametrize(
    "source",
    [
        "{{ party.model_dump }}",
        "{{ party.model_dump() }}",
        "{{ party.model_copy() }}",
        "{{ party.model_fields }}",
        "{{ party.model_config }}",
        "{{ party.__class__ }}",
        "{{ party.__dict__ }}",
        "{{ party._model }}",
        "{{ party._model.phone }}",
        "{{ party._path }}",
        "{{ party|attr('_model') }}",
        "{{ counts[0].model_dump() }}",
    ],
)
def test_fact_view_non_fields_unreachable_from_template(ctx: dict[str, Any], source: str) -> None:
    with pytest.raises((AssemblerError, TemplateError)):
        render(source, **ctx)


def test_fact_view_wrapped_model_unreachable_from_template(ctx: dict[str, Any]) -> None:
    for source in [
        "{{ party.model }}",
        "{{ party.model.model_dump() }}",
        "{{ party.model.phone }}",
    ]:
        with pytest.raises((AssemblerError, TemplateError)):
            render(source, **ctx)


# --- the sandbox ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ party.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ [].__class__.__base__.__subclasses__() }}",
    ],
)
def test_sandbox_raises_security_error(ctx: dict[str, Any], source: str) -> None:
    with pytest.raises(SecurityError):
        render(source, **ctx)


@pytest.mark.parametrize(
    "source",
    [
        "{{ party.__init__ }}",
        "{{ ''.__class__ }}",
        "{{ years_between.__globals__ }}",
        "{{ party.model_dump.__self__ }}",
        "{{ a2.__class__ }}",
        "{{ a2._path }}",
        "{{ counts.__len__() }}",
        "{{ undefined_name }}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_sandbox_refuses_internals(ctx: dict[str, Any], source: str) -> None:
    with pytest.raises((SecurityError, AssemblerError, TemplateError)) as info:
        render(source, **ctx)
    assert "José" not in str(info.value)


# --- line ends --------------------------------------------------------------------------------


def test_a_tag_ending_a_line_of_text_keeps_the_line_break() -> None:
    """``text{% endif %}`` then a new line must not join the two lines (trim_blocks would)."""
    env = make_environment()
    source = "- one{% if x %} more{% endif %}\n- two\n{% if x %}\nthree\n{% endif %}\n"
    assert env.from_string(source).render(x=True) == "- one more\n- two\nthree\n"
    assert env.from_string(source).render(x=False) == "- one\n- two\n"


def test_chronology_merges_notices_and_timeline_and_drops_same_day_duplicates() -> None:
    data = json.loads((SAMPLES / "04-dv-365-days-detained.json").read_text(encoding="utf-8"))
    data["immigration"]["benefit_denials"] = [
        {"benefit": "naturalization (Form N-400)", "agency": "USCIS", "date": "2025-01-10"}
    ]
    case = validate_data(data).case
    assert case is not None
    context = case_context(case)
    events = [(e.date.isoformat(), str(e.event)) for e in context["chronology"]]
    assert events[0] == ("2025-01-10", "USCIS denies naturalization (Form N-400)")
    # the NTA of 2026-03-18 is already in the timeline that day: listed once, in the case's words
    assert [d for d, _ in events].count("2026-03-18") == 1
    assert events[1][1].startswith("ICE arrest and notice to appear")
    assert [d for d, _ in events] == sorted(d for d, _ in events)
    assert context["trigger_date"].isoformat() == "2026-03-18"
    assert context["days_after_trigger"] == 72


def test_supporting_lists_the_exhibits_offered_for_a_purpose() -> None:
    data = json.loads((SAMPLES / "06-actual-innocence-a2.json").read_text(encoding="utf-8"))
    case = validate_data(data).case
    assert case is not None
    exhibits = case_context(case)["exhibits"]
    expected = [e["label"] for e in data["exhibits"] if "new_evidence" in e.get("supports", [])]
    assert expected and FILTERS["supporting"](exhibits, "new_evidence") == expected
    assert FILTERS["supporting"](exhibits, "rja_violation") == []


def test_equal_fact_views_hash_alike() -> None:
    """The hash/eq contract (code review, part 5): equal views at different paths hash alike."""
    from assembler.templating import FactView

    one = FactView(RAMIREZ, "moving_party")
    other = FactView(RAMIREZ.model_copy(), "declarations[0].declarant")
    assert one == other and hash(one) == hash(other)
    assert len({one, other}) == 1


def test_the_inline_helpers_have_one_home() -> None:
    """The missing-fact label and plain text of inlines live in document.py (code review, 4)."""
    import inspect

    from assembler import assembly, document
    from assembler.writers import docx, html, text

    assert document.missing_label("hearing.date") == "[MISSING: hearing.date]"
    parts = (document.Text("On "), document.Missing("hearing.date"), document.Text("."))
    assert document.plain_text(parts) == "On [MISSING: hearing.date]."
    for module in (assembly, docx, html, text):
        assert 'f"[MISSING: {' not in inspect.getsource(module), module.__name__  # no copy


# --- the code cache (issue 11: compile once per computer, not once per process) ---------------


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from assembler import templating

    monkeypatch.setenv(templating.CACHE_ENV, str(tmp_path / "cache"))
    templating.code_cache.cache_clear()
    yield tmp_path / "cache"
    templating.code_cache.cache_clear()


def test_a_new_process_loads_compiled_clauses_instead_of_compiling(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assembler.templating import compile_template, make_environment

    source = "{% if x %}yes {{ x }}{% endif %}"
    assert compile_template(make_environment(), source).render(x="one") == "yes one"
    stored = list(fresh_cache.glob("clauses-*/*.cache"))
    assert len(stored) == 1
    # a new environment (as in a new process) must not compile the same source again
    env = make_environment()
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert compile_template(env, source).render(x="two") == "yes two"
    # the cache holds the clause's code, not the values it was rendered with
    assert b"one" not in stored[0].read_bytes() and b"two" not in stored[0].read_bytes()


def test_the_cache_is_skipped_when_off_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assembler import templating

    for setting in ("off", str(tmp_path / "file" / "below-a-file")):
        (tmp_path / "file").write_text("not a folder", encoding="utf-8")
        monkeypatch.setenv(templating.CACHE_ENV, setting)
        templating.code_cache.cache_clear()
        assert templating.code_cache() is None
        env = templating.make_environment()
        assert templating.compile_template(env, "{{ 1 + 1 }}").render() == "2"
    templating.code_cache.cache_clear()


def test_a_clause_that_does_not_compile_is_not_cached(fresh_cache: Path) -> None:
    from jinja2 import TemplateSyntaxError

    from assembler.templating import compile_template, make_environment

    for _ in range(2):
        with pytest.raises(TemplateSyntaxError):
            compile_template(make_environment(), "{% if %}")
    assert not list(fresh_cache.glob("clauses-*/*.cache"))


def test_clause_names_come_from_one_table_and_are_documented(sample_case: Case) -> None:
    """DERIVED is the one list of the names clauses see besides the case's sections: the context
    holds exactly those, the lint knows exactly those, and clauses/README.md documents each."""
    sections = {n for n, info in Case.model_fields.items() if info.alias is None}
    assert set(case_context(sample_case)) == sections | set(DERIVED)
    assert set(context_types()) == sections | set(DERIVED) | set(PER_DOCUMENT)
    readme = (ROOT / "clauses" / "README.md").read_text(encoding="utf-8")
    table = readme.split("Names available besides", 1)[1].split("## ", 1)[0]
    documented = set(
        re.findall(
            r"`(\w+)`",
            "".join(line.split("|")[1] for line in table.splitlines() if line.startswith("| `")),
        )
    )
    assert documented == set(DERIVED) | set(PER_DOCUMENT)
