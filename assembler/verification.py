"""Verification: what each paper still asks the attorney to check, and the paper without tags.

A paper that is not a draft never carries a ``[verify]`` tag or a "Verify before filing" block:
the build removes them from the tree (``clean``) and lists what remains per paper instead
(``remaining``), in the build report and on the terminal. ``build --final`` refuses to write
while anything remains; the default build marks every page "DRAFT: FOR ATTORNEY REVIEW".
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, assert_never

from assembler.authorities import Authority, Registry, pin_pages
from assembler.document import (
    ASK,
    Block,
    BlockQuote,
    Citation,
    Document,
    Emphasis,
    Heading,
    Inline,
    ListBlock,
    Missing,
    NumberedParagraph,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Strong,
    TableOfAuthorities,
    TableOfContents,
    Text,
    VerifyNote,
    missing_label,
)
from assembler.errors import (
    Unverified,
)

__all__ = [
    "ASK_PREFIX",
    "PIN_NEEDED",
    "REVIEW_MARK",
    "Check",
    "Kind",
    "Unverified",
    "block_text",
    "checks",
    "clean",
    "pins_needed",
    "remaining",
    "without_notes",
]

REVIEW_MARK = "DRAFT: FOR ATTORNEY REVIEW"
VERIFY_PREFIX = "Verify before filing: "
PIN_NEEDED = "pin needed: "
"""How the build report lists a case pin the registry's pin table does not confirm."""


class Kind(StrEnum):
    """The kinds of check, by where each is recorded once done."""

    CITATION = "cite"
    """An authority the registry marks for verification: the firm's authorities file."""
    PIN = "pin"
    """A case's page pin its pin table does not confirm: the firm's authorities file."""
    LAW = "law"
    """A clause's note about the law: the firm's authorities file, by clause id."""
    CASE = "case"
    """A clause's note about this client's case: the case's review record, signed per case."""
    WRITE = "write"
    """Text the papers leave for the attorney to write: the case file (it cannot be signed)."""


@dataclass(frozen=True)
class Check:
    """One thing the papers ask the attorney to check before filing.

    Attributes:
        id: what the attorney writes to record it: ``cite:jung``, ``pin:vivar:529-530``,
            ``law:memo.racial-justice``, ``case:removal-grounds``, ``write:CLAUSE:…``.
        what: what to check (the registry's or the clause's note).
        concerns: the text it is about, as the papers print it (the citation, the sentence a
            pin is cited for, the clause's paragraphs).
        papers: the papers that ask for it (``01-notice-of-motion``), in filing order.
        line: the line the build report has always printed for it.
    """

    id: str
    kind: Kind
    what: str
    concerns: str
    papers: tuple[str, ...]
    line: str
    authority: str = ""
    pin: str = ""
    clause: str = ""


def remaining(document: Document, registry: Registry) -> list[str]:
    """What the paper relies on that is not verified, as the build report lists it: its
    unverified clauses (their notes), the unverified authorities it cites, and each page pin
    not confirmed in the registry's pin table ("pin needed: AUTHORITY for PROPOSITION"), each
    once, in the order of the paper. (:func:`checks` gives the same items with their ids.)"""
    return list(dict.fromkeys(check.line for check in checks(document, registry)))


def checks(document: Document, registry: Registry) -> list[Check]:
    """Every check the paper asks for, in the order of the paper, each id once (the first)."""
    found: dict[str, Check] = {}
    paper = f"{document.order:02d}-{document.slug}"
    blocks = document.blocks
    caption = document.caption
    for line in (*caption.filer, caption.defendant, caption.case_number, *caption.hearing):
        for leaf in _leaves(line):  # a fact asked of the attorney on the first page
            if isinstance(leaf, Missing) and leaf.path.startswith(ASK):
                label = missing_label(leaf.path)
                check = Check(
                    f"write:caption:{_digest(label)[:8]}",
                    Kind.WRITE,
                    label,
                    _plain_run(line),
                    (paper,),
                    f"{ASK_PREFIX}{label}",
                    clause="caption",
                )
                found.setdefault(check.id, check)
    for at, block in enumerate(blocks):
        for run in _runs(block):
            for leaf in _leaves(run):
                if isinstance(leaf, Missing) and leaf.path.startswith(ASK):
                    label = missing_label(leaf.path)
                    check = Check(
                        f"write:{block.source}:{_digest(label)[:8]}",
                        Kind.WRITE,
                        label,
                        _plain_run(run),
                        (paper,),
                        f"{ASK_PREFIX}{label}",
                        clause=block.source,
                    )
                    found.setdefault(check.id, check)
        if isinstance(block, VerifyNote):
            note = block.text.removeprefix(VERIFY_PREFIX)
            kind = Kind(block.check.split(":", 1)[0]) if block.check else Kind.LAW
            check_id = block.check or f"law:{block.source}"
            if kind is Kind.WRITE:
                check_id = f"{check_id}:{_digest(note)[:8]}"
            concerns = _clause_text(blocks[at + 1 :], block.source)
            check = Check(check_id, kind, note, concerns, (paper,), note, clause=block.source)
            found.setdefault(check.id, check)
        for cite, proposition in _cites(block):
            if cite.verified:
                continue
            authority = registry[cite.authority]
            if not authority.verified:
                what = authority.note or "verify the citation"
                check = Check(
                    f"cite:{authority.id}",
                    Kind.CITATION,
                    what,
                    authority.full_citation,
                    (paper,),
                    f"{authority.full}: {what}",
                    authority=authority.id,
                )
                found.setdefault(check.id, check)
            for page in pin_pages(cite.pin or ""):
                if authority.pin_confirmed(page):
                    continue
                several = "-" in page
                check = Check(
                    f"pin:{authority.id}:{page}",
                    Kind.PIN,
                    f"{authority.short}, {page}: confirm the page{'s' if several else ''} "
                    "in the reporter",
                    proposition or f"clause {block.source}",
                    (paper,),
                    _pin_needed(authority, page, proposition, block.source),
                    authority=authority.id,
                    pin=page,
                )
                found.setdefault(check.id, check)
    return list(found.values())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _plain_run(run: tuple[Inline, ...]) -> str:
    text = ""
    for leaf in _leaves(run):
        match leaf:
            case Citation():
                text += leaf.text
            case Text(text=words):
                text += words
            case Missing(path=path):
                text += missing_label(path)
    return " ".join(text.split())


def block_text(block: Block) -> str:
    """A block's text as the paper prints it, one line (its runs joined by a space)."""
    return " ".join(text for run in _runs(block) if (text := _plain_run(run)))


def _clause_text(blocks: tuple[Block, ...], source: str) -> str:
    """The text a clause prints (its blocks from here on while they are its own), one line a
    paragraph: what a clause's note asks the attorney to check."""
    lines: list[str] = []
    for block in blocks:
        if block.source != source:
            break
        if isinstance(block, VerifyNote):
            continue
        lines += [text for run in _runs(block) if (text := _plain_run(run))]
    return "\n".join(lines)


ASK_PREFIX = "to write: "
"""A gap a clause left for the attorney (the ``ask`` filter): the text to write in its place."""


def pins_needed(document: Document, registry: Registry) -> list[str]:
    """Only the "pin needed" items of :func:`remaining`, for the packet's summary."""
    return [item for item in remaining(document, registry) if item.startswith(PIN_NEEDED)]


def _pin_needed(authority: Authority, pin: str | None, proposition: str, clause: str) -> str:
    pinned = f"{authority.full}, {(pin or '').replace('-', '–')}"
    return f"{PIN_NEEDED}{pinned} for {f'“{proposition}”' if proposition else f'clause {clause}'}"


# --- the proposition a citation supports: the sentence before it --------------------------------

_MARKS = 0xF0000
"""Each citation stands in the text as one private-use character while sentences are found,
so that the periods of its abbreviations never end a sentence."""
# fmt: off
_ABBREVIATIONS = frozenset({
    "v", "Pen", "Civ", "Proc", "Code", "Cal", "Gov", "Evid", "Veh", "Health", "Saf", "Welf",
    "Inst", "subd", "subds", "No", "Nos", "Stats", "ch", "Assem", "Sen", "Reg", "Sess", "Inc",
    "Corp", "Co", "Ct", "App", "Dist", "Div", "Cir", "Dec", "Decl", "Ex", "Exs", "p", "pp", "fn",
    "Mr", "Ms", "Mrs", "Dr", "St", "Jr", "Sr", "id", "Id", "al", "seq", "supra", "Const", "art",
})
# fmt: on
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z])")
_SIGNAL = re.compile(r"\(\s*(?:see also|see|cf\.|accord|but see|e\.g\.,)$", re.IGNORECASE)
"""An introductory signal at the start of a citation's parenthesis, left out of the sentence."""
_LONGEST = 200
"""Characters of a proposition in the report; a longer sentence is cut at a word."""


def _runs(block: Block) -> list[tuple[Inline, ...]]:
    """The block's runs of text, each a sentence-bearing unit (a paragraph, a list item)."""
    match block:
        case Heading(children=c) | Paragraph(children=c) | NumberedParagraph(children=c):
            return [c]
        case BlockQuote(paragraphs=items) | ListBlock(items=items):
            return list(items)
        case SignatureBlock(name=name, lines=lines, place=place):
            return [name, place, *lines]
        case PageBreak() | VerifyNote() | TableOfContents() | TableOfAuthorities():
            return []
    assert_never(block)


def _leaves(parts: tuple[Inline, ...]) -> Iterator[Text | Citation | Missing]:
    for part in parts:
        if isinstance(part, Emphasis | Strong):
            yield from _leaves(part.children)
        else:
            yield part


def _cites(block: Block) -> Iterator[tuple[Citation, str]]:
    """Each citation of the block with the proposition it is cited for."""
    for run in _runs(block):
        text = ""
        cites: list[Citation] = []
        for leaf in _leaves(run):
            match leaf:
                case Citation():
                    yield leaf, _sentence_before(text, cites)
                    text += chr(_MARKS + len(cites))
                    cites.append(leaf)
                case Text(text=words):
                    text += words
                case Missing(path=path):
                    text += missing_label(path)


def _is_mark(char: str) -> bool:
    return ord(char) >= _MARKS


def _sentence_before(text: str, cites: list[Citation]) -> str:
    """The sentence a citation at the end of ``text`` supports: back to the citation's own
    opening parenthesis and the citations before it in it, then back to the sentence start;
    citations in parentheses inside it are left out, a citation in the running text is kept."""
    end = len(text)
    while end and (text[end - 1] in " \t\n(;," or _is_mark(text[end - 1])):
        end -= 1
    signal = _SIGNAL.search(text, 0, end)  # "(Cf. ", "(See " opening the citation's parenthesis
    if signal is not None:
        end = signal.start()
        while end and text[end - 1] in " \t\n":
            end -= 1
    text = text[:end]
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.end() >= len(text):
            break
        words = text[: match.start()].split()
        word = words[-1].rstrip('.!?"”’)').lstrip('(“"') if words else ""
        if word in _ABBREVIATIONS or "." in word or re.fullmatch(r"[A-Z]", word):
            continue
        start = match.end()
    sentence = text[start:]
    sentence = re.sub(r"\s*\([^()]*[\U000F0000-\U000FFFFD][^()]*\)", "", sentence)
    sentence = "".join(
        cites[ord(char) - _MARKS].text if _is_mark(char) else char for char in sentence
    )
    sentence = " ".join(sentence.split())
    if len(sentence) > _LONGEST:
        sentence = sentence[:_LONGEST].rsplit(" ", 1)[0] + " …"
    return sentence


def _untagged(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_untagged(item) for item in value if not isinstance(item, VerifyNote))
    if isinstance(value, Citation):
        return dataclasses.replace(value, verified=True)  # shown without its tag
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            spec.name: _untagged(getattr(value, spec.name)) for spec in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def clean(document: Document) -> Document:
    """The paper without verification tags or blocks (its text otherwise the same)."""
    result: Document = _untagged(document)
    return result


def without_notes(document: Document, done: set[str]) -> Document:
    """The draft without the notes of the checks already done (recorded for the firm or signed
    for this case): a draft shows only what is still to check."""
    blocks = tuple(
        b for b in document.blocks if not (isinstance(b, VerifyNote) and b.check in done)
    )
    return dataclasses.replace(document, blocks=blocks)
