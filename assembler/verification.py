"""Verification: what each paper still asks the attorney to check, and the paper without tags.

A paper that is not a draft never carries a ``[verify]`` tag or a "Verify before filing" block:
the build removes them from the tree (``clean``) and lists what remains per paper instead
(``remaining``), in the build report and on the terminal. ``build --final`` refuses to write
while anything remains; the default build marks every page "DRAFT: FOR ATTORNEY REVIEW".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any, assert_never

from assembler.authorities import Authority, Registry
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
    "Unverified",
    "clean",
    "pins_needed",
    "remaining",
]

REVIEW_MARK = "DRAFT: FOR ATTORNEY REVIEW"
VERIFY_PREFIX = "Verify before filing: "
PIN_NEEDED = "pin needed: "
"""How the build report lists a case pin the registry's pin table does not confirm."""


def remaining(document: Document, registry: Registry) -> list[str]:
    """What the paper relies on that is not verified: its unverified clauses (their notes),
    the unverified authorities it cites, and each page pin not confirmed in the registry's pin
    table ("pin needed: AUTHORITY for PROPOSITION"), each once, in the order of the paper."""

    items: list[str] = []
    for block in document.blocks:
        for run in _runs(block):
            items.extend(
                f"{ASK_PREFIX}{missing_label(leaf.path)}"
                for leaf in _leaves(run)
                if isinstance(leaf, Missing) and leaf.path.startswith(ASK)
            )
        if isinstance(block, VerifyNote):
            items.append(block.text.removeprefix(VERIFY_PREFIX))
        for cite, proposition in _cites(block):
            if cite.verified:
                continue
            authority = registry[cite.authority]
            if not authority.verified:
                items.append(f"{authority.full}: {authority.note or 'verify the citation'}")
            if not authority.pin_confirmed(cite.pin):
                items.append(_pin_needed(authority, cite.pin, proposition, block.source))
    return list(dict.fromkeys(items))


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
