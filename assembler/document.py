"""The neutral document tree: the contract between clause rendering and every writer.

A closed set of frozen node kinds. Clause text is rendered once into these nodes; the text, PDF
and Word writers consume them unchanged and dispatch with ``match`` ending in ``assert_never``,
so a node kind a writer forgets is a type error. Every block remembers the clause it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import assert_never

SIGNATURE_BLANK = "____________________"
"""Printed where a date or place is left to fill in by hand at signing."""


def signature_date(value: dt.date) -> str:
    """``August 14, 2015``: a signature's date as every writer prints it (``fields.date_words``,
    written out here so that the writers load without the case's models: the PDF writer loads
    ahead of a build in a process of its own, ``render.Ahead``)."""
    return f"{value:%B} {value.day}, {value.year}"


EXHIBITS_RANK = 50
"""Exhibits follow the motion and declarations and precede the proposed order (documents.toml)."""

__all__ = [
    "EXHIBITS_RANK",
    "SIGNATURE_BLANK",
    "AuthorityEntry",
    "Block",
    "BlockQuote",
    "Caption",
    "Citation",
    "ContentsEntry",
    "Document",
    "Emphasis",
    "Heading",
    "Inline",
    "ListBlock",
    "Missing",
    "NumberedParagraph",
    "Packet",
    "PageBreak",
    "Paragraph",
    "SignatureBlock",
    "SignatureKind",
    "Strong",
    "TableOfAuthorities",
    "TableOfContents",
    "Text",
    "VerifyNote",
    "block_inlines",
    "document_inlines",
    "missing_label",
    "plain_text",
    "signature_date",
    "walk_inlines",
]


# --- inline nodes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Italics (case names, foreign words, stress)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation to a registry authority, already in its full or short form.

    Attributes:
        authority: registry id, e.g. ``vivar``.
        pin: pin cite as written in the clause (page, or subdivision for a statute).
        full: whether this is the first (full) citation of the authority in the document.
        before: text before the italic part (usually empty).
        italic: the part set in italics (a case name), possibly empty.
        after: the rest of the citation.
        verified: False when the registry marks the authority for verification, or the pin
            is not one the registry's pin table confirms.
        history_italic: the case name of the subsequent history printed after ``after``
            (italics), if any.
        history_after: the rest of the subsequent history.
    """

    authority: str
    pin: str | None
    full: bool
    before: str
    italic: str
    after: str
    verified: bool
    anchor: str = ""
    """Unique within the document; the table of authorities points at it."""
    history_italic: str = ""
    history_after: str = ""

    @property
    def text(self) -> str:
        """The citation as plain text."""
        return f"{self.before}{self.italic}{self.after}{self.history_italic}{self.history_after}"


@dataclass(frozen=True, slots=True)
class Missing:
    """A fact missing from the case, shown as ``[MISSING: path]`` in draft mode."""

    path: str


Inline = Text | Emphasis | Strong | Citation | Missing


# --- block nodes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; ``number`` is assigned per document ("I.", "A.", "1.")."""

    level: int
    number: str
    children: tuple[Inline, ...]
    source: str
    anchor: str = ""
    """Unique within the document; the table of contents points at it."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    source: str


@dataclass(frozen=True, slots=True)
class NumberedParagraph:
    """A numbered declaration paragraph; numbers run through the whole declaration."""

    number: int
    children: tuple[Inline, ...]
    source: str


@dataclass(frozen=True, slots=True)
class BlockQuote:
    paragraphs: tuple[tuple[Inline, ...], ...]
    source: str


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]
    source: str


class SignatureKind(StrEnum):
    COUNSEL = "counsel"  # counsel, or the self-represented moving party
    DECLARANT = "declarant"
    JUDGE = "judge"


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """A signature block.

    Attributes:
        kind: who signs.
        name: the signer's name, printed under the line.
        lines: further lines under the name (title, firm, party represented).
        date: the date printed; None leaves a blank to date by hand.
        place: place of execution (declarations: Code Civ. Proc. § 2015.5).
    """

    kind: SignatureKind
    name: tuple[Inline, ...]
    lines: tuple[tuple[Inline, ...], ...]
    date: dt.date | None
    place: tuple[Inline, ...]
    source: str


@dataclass(frozen=True, slots=True)
class PageBreak:
    source: str


@dataclass(frozen=True, slots=True)
class VerifyNote:
    """A visible "verify before filing" note about unverified law in the text around it."""

    text: str
    source: str
    check: str = ""
    """The id of the check it asks for (``law:CLAUSE``, ``case:ID``, ``write:…``; see review.py)."""


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    level: int
    number: str
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class TableOfContents:
    """The memorandum's headings, each pointing at its anchor (page numbers come from layout)."""

    entries: tuple[ContentsEntry, ...]
    source: str


@dataclass(frozen=True, slots=True)
class AuthorityEntry:
    """One authority: its full citation (``italic`` and ``history_italic`` set in italics) and
    every place cited."""

    before: str
    italic: str
    after: str
    anchors: tuple[str, ...]
    history_italic: str = ""
    history_after: str = ""


@dataclass(frozen=True, slots=True)
class TableOfAuthorities:
    """Authorities grouped by kind (cases, statutes, rules, other), from the registry."""

    groups: tuple[tuple[str, tuple[AuthorityEntry, ...]], ...]
    source: str


Block = (
    Heading
    | Paragraph
    | NumberedParagraph
    | BlockQuote
    | ListBlock
    | SignatureBlock
    | PageBreak
    | VerifyNote
    | TableOfContents
    | TableOfAuthorities
)


# --- documents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caption:
    """First-page facts (Cal. Rules of Court, rule 2.111) as structured data.

    Attributes:
        filer: counsel's block (name, State Bar number, firm, address, phone, e-mail) or the
            self-represented moving party's (name, address, phone, e-mail).
        attorney_for: party represented ("In Pro Per" when self-represented).
        court: court title lines, e.g. ("SUPERIOR COURT OF THE STATE OF CALIFORNIA",
            "FOR THE COUNTY OF LOS ANGELES").
        plaintiff: "THE PEOPLE OF THE STATE OF CALIFORNIA".
        defendant: the moving party's name as in the criminal caption.
        case_number: criminal case number.
        paper_title: the nature of the paper, right of the caption.
        hearing: hearing lines (date, time, department) or one "to be set" line; empty when the
            paper carries no hearing information.
    """

    filer: tuple[tuple[Inline, ...], ...]
    attorney_for: tuple[Inline, ...]
    court: tuple[str, ...]
    plaintiff: str
    defendant: tuple[Inline, ...]
    case_number: tuple[Inline, ...]
    paper_title: str
    hearing: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Document:
    """One paper of the packet.

    Attributes:
        id: document id from the library, e.g. ``notice``.
        order: filing order within the packet (1 = first).
        rank: the library's order number for the paper; exhibits go between the papers
            ranked below and above ``EXHIBITS_RANK``.
        slug: file-name stem, e.g. ``notice-of-motion``.
        title: the paper's title (also the footer title, rule 2.110).
        caption: first-page facts.
        blocks: the body.
    """

    id: str
    order: int
    rank: int
    slug: str
    title: str
    caption: Caption
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Packet:
    """The assembled packet: documents in filing order and what the attorney must check.

    Attributes:
        documents: in filing order.
        verify: one line per unverified authority or clause ("verify before filing").
        missing: fact paths rendered as ``[MISSING: …]`` (draft mode only), placeholder text
            the case file still holds included (a draft prints it as the gap it is).
        asked: fact paths the case file marks "ask the attorney", rendered as ``[ASK: …]``.
    """

    documents: tuple[Document, ...]
    verify: tuple[str, ...] = field(default=())
    missing: tuple[str, ...] = field(default=())
    asked: tuple[str, ...] = field(default=())


# --- reading the tree -------------------------------------------------------------------------
# One home for what every writer and check needs: the missing-fact label, an inline sequence as
# plain text, and every inline node of a block or a document.


ASK = "?"
"""A ``Missing`` path that starts with this is an instruction to the attorney (the ``ask``
filter), not a fact path: it prints as the instruction in brackets."""


def missing_label(path: str) -> str:
    """How a gap prints: ``[MISSING: hearing.date]`` for a fact, ``[State …]`` for an
    instruction to the attorney."""
    if path.startswith(ASK):
        return f"[{path.removeprefix(ASK)}]"
    return f"[MISSING: {path}]"


def plain_text(
    parts: tuple[Inline, ...], citation: Callable[[Citation], str] = lambda c: c.text
) -> str:
    """Inline nodes as the words they print (gaps as their label); ``citation`` says how a
    citation prints (as written, by default)."""
    out: list[str] = []
    for part in parts:
        match part:
            case Text(text=text):
                out.append(text)
            case Emphasis(children=children) | Strong(children=children):
                out.append(plain_text(children, citation))
            case Citation() as cite:
                out.append(citation(cite))
            case Missing(path=path):
                out.append(missing_label(path))
            case _:
                assert_never(part)
    return "".join(out)


def walk_inlines(parts: tuple[Inline, ...]) -> list[Inline]:
    """Every inline node, emphasis and its children included, in order."""
    found: list[Inline] = []
    for part in parts:
        found.append(part)
        if isinstance(part, Emphasis | Strong):
            found.extend(walk_inlines(part.children))
    return found


def block_inlines(block: Block) -> list[Inline]:
    """Every inline node of a block, in order."""
    match block:
        case Heading(children=c) | Paragraph(children=c) | NumberedParagraph(children=c):
            return walk_inlines(c)
        case BlockQuote(paragraphs=items) | ListBlock(items=items):
            return [n for item in items for n in walk_inlines(item)]
        case SignatureBlock(name=name, lines=lines, place=place):
            return (
                walk_inlines(name)
                + walk_inlines(place)
                + [n for line in lines for n in walk_inlines(line)]
            )
        case PageBreak() | VerifyNote() | TableOfContents() | TableOfAuthorities():
            return []
    assert_never(block)


def document_inlines(document: Document) -> list[Inline]:
    """Every inline node of a document, caption included, in order."""
    caption = document.caption
    found: list[Inline] = []
    for line in (
        *caption.filer,
        caption.attorney_for,
        caption.defendant,
        caption.case_number,
        *caption.hearing,
    ):
        found.extend(walk_inlines(line))
    for block in document.blocks:
        found.extend(block_inlines(block))
    return found
