"""Fixture tests for the restricted Markdown parser (title / input / expected, as in markdown-it-py)."""

from __future__ import annotations

from typing import Any

import pytest

from assembler.document import Emphasis, Missing, SignatureKind, Strong, Text
from assembler.markup import CiteRef, MarkupError, RawBlock, RawInline, parse_blocks, parse_inline
from assembler.templating import MISSING_CLOSE, MISSING_OPEN


def t(text: str) -> tuple[Text]:
    """One inline sequence holding a single text node."""
    return (Text(text),)


def heading(text: str, level: int, line: int = 1, *, numbered: bool = True) -> RawBlock:
    return RawBlock("heading", (t(text),), level=level, line=line, numbered=numbered)


def paragraph(text: str, line: int = 1) -> RawBlock:
    return RawBlock("paragraph", (t(text),), line=line)


def numbered(text: str, line: int = 1) -> RawBlock:
    return RawBlock("numbered", (t(text),), line=line)


def quote(*paragraphs: str, line: int = 1) -> RawBlock:
    return RawBlock("quote", tuple(t(p) for p in paragraphs), line=line)


def bullets(*items: str, line: int = 1) -> RawBlock:
    return RawBlock("list", tuple(t(i) for i in items), line=line)


def ordered(*items: str, line: int = 1) -> RawBlock:
    return RawBlock("ordered_list", tuple(t(i) for i in items), line=line)


def signature(kind: SignatureKind, line: int = 1) -> RawBlock:
    return RawBlock("signature", signature=kind, line=line)


def page_break(line: int = 1) -> RawBlock:
    return RawBlock("page_break", line=line)


def fixture_params(cases: list[tuple[str, str, Any]]) -> list[Any]:
    """pytest params named by each fixture's title."""
    return [pytest.param(source, expected, id=title) for title, source, expected in cases]


# --- blocks --------------------------------------------------------------------------------------

BLOCK_CASES: list[tuple[str, str, list[RawBlock]]] = [
    ("empty input", "", []),
    ("only blank lines", "\n  \n\n", []),
    ("heading level 1", "# Introduction", [heading("Introduction", 1)]),
    ("heading level 2", "## Statement of Facts", [heading("Statement of Facts", 2)]),
    ("heading level 3", "### The Plea", [heading("The Plea", 3)]),
    (
        "three heading levels",
        "# A\n## B\n### C",
        [heading("A", 1, 1), heading("B", 2, 2), heading("C", 3, 3)],
    ),
    ("level 4 is a paragraph", "#### Too deep", [paragraph("#### Too deep")]),
    ("heading needs a space", "#Hashtag", [paragraph("#Hashtag")]),
    ("heading spaces collapse", "#   Spaced   out", [heading("Spaced out", 1)]),
    (
        "unnumbered heading",
        "# Introduction {-}",
        [heading("Introduction", 1, numbered=False)],
    ),
    (
        "unnumbered heading without space",
        "## Facts{-}",
        [heading("Facts", 2, numbered=False)],
    ),
    (
        "unnumbered level 3",
        "### Conclusion {-}",
        [heading("Conclusion", 3, numbered=False)],
    ),
    (
        "{-} in the middle does not unnumber",
        "# A {-} B",
        [heading("A {-} B", 1)],
    ),
    (
        "heading with emphasis",
        "# *People v. Vivar*",
        [RawBlock("heading", ((Emphasis(t("People v. Vivar")),),), level=1, line=1)],
    ),
    ("one-line paragraph", "Just text.", [paragraph("Just text.")]),
    ("paragraph joins its lines", "one\ntwo\nthree", [paragraph("one two three")]),
    ("paragraph lines are stripped", "  one  \n    two", [paragraph("one two")]),
    (
        "blank line separates paragraphs",
        "one\n\ntwo",
        [paragraph("one", 1), paragraph("two", 3)],
    ),
    (
        "several blank and whitespace lines",
        "one\n   \n\n two",
        [paragraph("one", 1), paragraph("two", 4)],
    ),
    (
        "heading ends a paragraph",
        "text\n# Heading",
        [paragraph("text", 1), heading("Heading", 1, 2)],
    ),
    (
        "heading followed by paragraph",
        "# Heading\ntext",
        [heading("Heading", 1, 1), paragraph("text", 2)],
    ),
    ("numbered paragraph", "¶ I am the moving party.", [numbered("I am the moving party.")]),
    ("numbered paragraph without space", "¶I am.", [numbered("I am.")]),
    (
        "numbered paragraph continuation",
        "¶ I was born\nin Mexico.",
        [numbered("I was born in Mexico.")],
    ),
    (
        "consecutive numbered paragraphs",
        "¶ First\ncontinued\n¶ Second",
        [numbered("First continued", 1), numbered("Second", 3)],
    ),
    (
        "numbered paragraphs separated by blank line",
        "¶ First\n\n¶ Second",
        [numbered("First", 1), numbered("Second", 3)],
    ),
    (
        "numbered paragraph ends a plain paragraph",
        "Intro\n¶ One",
        [paragraph("Intro", 1), numbered("One", 2)],
    ),
    ("block quote", "> Quoted text.", [quote("Quoted text.")]),
    ("block quote without space", ">Quoted.", [quote("Quoted.")]),
    ("block quote joins lines", "> one\n> two", [quote("one two")]),
    (
        "bare > separates quote paragraphs",
        "> first para\n> continues\n>\n> second para",
        [quote("first para continues", "second para")],
    ),
    ("leading and trailing bare >", ">\n> only\n>", [quote("only")]),
    (
        "several bare > lines",
        "> a\n>\n>\n> b",
        [quote("a", "b")],
    ),
    (
        "quote then paragraph",
        "> q\ntext",
        [quote("q", line=1), paragraph("text", 2)],
    ),
    (
        "paragraph then quote",
        "text\n> q",
        [paragraph("text", 1), quote("q", line=2)],
    ),
    ("bullet list", "- one\n- two\n- three", [bullets("one", "two", "three")]),
    (
        "bullet continuation lines",
        "- one\n  more of one\n- two",
        [bullets("one more of one", "two")],
    ),
    ("bullet needs a space", "-not a list", [paragraph("-not a list")]),
    ("ordered list", "1. one\n2. two", [ordered("one", "two")]),
    (
        "ordered continuation lines",
        "1. one\nmore\n2. two\n   and more",
        [ordered("one more", "two and more")],
    ),
    ("ordered list numbers ignored", "10. ten\n3. three", [ordered("ten", "three")]),
    ("ordered needs a space", "1.5 grams", [paragraph("1.5 grams")]),
    (
        "bullet line after an ordered item starts a bullet list",
        "1. one\n- dash",
        [ordered("one"), bullets("dash", line=2)],
    ),
    (
        "number line after a bullet item starts an ordered list",
        "- one\n2. two",
        [bullets("one"), ordered("two", line=2)],
    ),
    (
        "blank line separates lists",
        "- a\n- b\n\n1. x\ncont\n2. y",
        [bullets("a", "b", line=1), ordered("x cont", "y", line=4)],
    ),
    (
        "list ends a paragraph",
        "text\n- item\n- item 2",
        [paragraph("text", 1), bullets("item", "item 2", line=2)],
    ),
    (
        "ordered list ends a paragraph",
        "text\n1. item",
        [paragraph("text", 1), ordered("item", line=2)],
    ),
    ("page break", "[page break]", [page_break()]),
    ("page break is stripped", "   [page break]   ", [page_break()]),
    ("page break with text is a paragraph", "[page break] now", [paragraph("[page break] now")]),
    ("signature counsel", "[signature counsel]", [signature(SignatureKind.COUNSEL)]),
    ("signature declarant", "[signature declarant]", [signature(SignatureKind.DECLARANT)]),
    ("signature judge", "[signature judge]", [signature(SignatureKind.JUDGE)]),
    ("signature extra spaces", "[signature   judge]", [signature(SignatureKind.JUDGE)]),
    (
        "directive ends a paragraph",
        "Dated this day.\n[signature counsel]",
        [paragraph("Dated this day.", 1), signature(SignatureKind.COUNSEL, 2)],
    ),
    (
        "directives in sequence",
        "[page break]\n[signature declarant]",
        [page_break(1), signature(SignatureKind.DECLARANT, 2)],
    ),
    (
        "a whole clause",
        "## Argument\n\n"
        "The court erred. ([@vivar].)\n\n"
        "> The defendant must show\n> prejudice.\n\n"
        "- first\n- second\n\n"
        "[signature counsel]\n",
        [
            heading("Argument", 2, 1),
            RawBlock(
                "paragraph",
                ((Text("The court erred. ("), CiteRef("vivar", None), Text(".)")),),
                line=3,
            ),
            quote("The defendant must show prejudice.", line=5),
            bullets("first", "second", line=8),
            signature(SignatureKind.COUNSEL, 11),
        ],
    ),
]


@pytest.mark.parametrize(("source", "expected"), fixture_params(BLOCK_CASES))
def test_parse_blocks(source: str, expected: list[RawBlock]) -> None:
    assert parse_blocks(source) == expected


@pytest.mark.parametrize(
    ("source", "line", "kind"),
    [
        ("[signature witness]", 1, "witness"),
        ("Some text.\n\n[signature notary]", 3, "notary"),
        ("# H\n\n\n\n[signature Counsel]", 5, "Counsel"),
    ],
)
def test_unknown_signature_kind_raises_with_line(source: str, line: int, kind: str) -> None:
    with pytest.raises(MarkupError) as info:
        parse_blocks(source)
    assert info.value.line == line
    assert str(info.value) == (
        f"line {line}: unknown signature kind {kind!r} (use counsel, declarant, judge)"
    )


def test_markup_error_is_inside_the_one_hierarchy() -> None:
    import importlib
    import pkgutil

    import assembler
    from assembler import errors

    assert issubclass(MarkupError, errors.AssemblerError)
    # every error class of the package lives in errors.py (code review, part 5)
    elsewhere = set()
    for module in pkgutil.walk_packages(assembler.__path__, "assembler."):
        if module.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if (
                isinstance(value, type)
                and issubclass(value, errors.AssemblerError)
                and value.__module__ != "assembler.errors"
            ):
                elsewhere.add(f"{value.__module__}.{name}")
    assert elsewhere == set()


# --- inline --------------------------------------------------------------------------------------

INLINE_CASES: list[tuple[str, str, tuple[RawInline, ...]]] = [
    ("empty", "", ()),
    ("plain text", "Plain text.", t("Plain text.")),
    ("whitespace collapses", "a \t\n   b", t("a b")),
    ("unicode text", "Nguyễn Thị Thu Hà 陳志明", t("Nguyễn Thị Thu Hà 陳志明")),
    ("italics", "*Vivar*", (Emphasis(t("Vivar")),)),
    (
        "italics in text",
        "see *People v. Vivar* at 523",
        (Text("see "), Emphasis(t("People v. Vivar")), Text(" at 523")),
    ),
    ("bold", "**bold**", (Strong(t("bold")),)),
    (
        "bold in text",
        "a **b** c",
        (Text("a "), Strong(t("b")), Text(" c")),
    ),
    (
        "two italics",
        "*a* and *b*",
        (Emphasis(t("a")), Text(" and "), Emphasis(t("b"))),
    ),
    (
        "italics nested in bold",
        "**bold *it* more**",
        (Strong((Text("bold "), Emphasis(t("it")), Text(" more"))),),
    ),
    ("bold italics", "***x***", (Strong((Emphasis(t("x")),)),)),
    ("unmatched star", "a * b", t("a * b")),
    ("unmatched opening star", "*open", t("*open")),
    ("unmatched double star", "**open", t("**open")),
    ("lone star", "*", t("*")),
    ("empty emphasis stays literal", "**", t("**")),
    ("four stars stay literal", "****", t("****")),
    ("escaped stars", "\\*not italic\\*", t("*not italic*")),
    ("escaped star inside italics", "*a \\* b*", (Emphasis(t("a * b")),)),
    ("escaped double star", "\\*\\*no\\*\\*", t("**no**")),
    ("escaped backslash", "a\\\\b", t("a\\b")),
    ("trailing backslash", "a\\", t("a\\")),
    ("escaped bracket", "\\[@vivar]", t("[@vivar]")),
    ("escaped hash", "\\# x", t("# x")),
    ("cite", "[@vivar]", (CiteRef("vivar", None),)),
    ("cite with page pin", "[@vivar, 523]", (CiteRef("vivar", "523"),)),
    (
        "cite with subdivision pin",
        "[@pen-1473.7, (a)(1)]",
        (CiteRef("pen-1473.7", "(a)(1)"),),
    ),
    ("cite pin without space", "[@vivar,523]", (CiteRef("vivar", "523"),)),
    ("cite pin is stripped", "[@vivar,  523 ]", (CiteRef("vivar", "523"),)),
    ("cite pin range", "[@vivar, 523-524]", (CiteRef("vivar", "523-524"),)),
    (
        "cite in a citation sentence",
        "was possible. ([@vivar].)",
        (Text("was possible. ("), CiteRef("vivar", None), Text(".)")),
    ),
    (
        "two cites",
        "[@vivar]; [@pen-1473.7, (e)(1)]",
        (CiteRef("vivar", None), Text("; "), CiteRef("pen-1473.7", "(e)(1)")),
    ),
    (
        "cite then italics",
        "[@vivar]*x*",
        (CiteRef("vivar", None), Emphasis(t("x"))),
    ),
    ("bracketed text is not a cite", "[not a cite]", t("[not a cite]")),
    ("empty cite id", "[@]", t("[@]")),
    ("cite id with space", "[@bad id]", t("[@bad id]")),
    ("space before @", "[ @vivar]", t("[ @vivar]")),
    ("unclosed cite", "[@vivar", t("[@vivar")),
    ("missing marker", f"{MISSING_OPEN}grounds.a2{MISSING_CLOSE}", (Missing("grounds.a2"),)),
    (
        "missing marker in text",
        f"on {MISSING_OPEN}hearing.date{MISSING_CLOSE}, at",
        (Text("on "), Missing("hearing.date"), Text(", at")),
    ),
    ("unclosed missing marker is text", f"{MISSING_OPEN}x", t(f"{MISSING_OPEN}x")),
]


@pytest.mark.parametrize(("source", "expected"), fixture_params(INLINE_CASES))
def test_parse_inline(source: str, expected: tuple[RawInline, ...]) -> None:
    assert parse_inline(source) == expected


def test_parse_inline_bold_nested_in_italics() -> None:
    assert parse_inline("*it **bold** more*") == (
        Emphasis((Text("it "), Strong(t("bold")), Text(" more"))),
    )


def test_parse_inline_returns_tuple() -> None:
    assert isinstance(parse_inline("text"), tuple)


def test_a_heading_or_directive_ends_a_list() -> None:
    blocks = parse_blocks("- a\n# H\n- b\n[page break]\n1. c\n> q")
    assert [b.kind for b in blocks] == [
        "list",
        "heading",
        "list",
        "page_break",
        "ordered_list",
        "quote",
    ]
