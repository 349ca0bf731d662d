"""Restricted Markdown -> raw blocks: the only markup clause bodies may use.

Blocks (separated by blank lines)::

    # Heading            ## Subheading        ### Sub-subheading   (numbered per document)
    # A heading ending in {-} is not numbered
    ¶ A numbered declaration paragraph (numbers run through the declaration).
    > A block quote (a line with only ">" separates its paragraphs).
    - A bulleted list item          1. A numbered list item
    [page break]
    [signature counsel]   [signature declarant]   [signature judge]
    Any other text is a paragraph; its lines are joined.

Inline: ``*italics*``, ``**bold**``, ``[@authority]`` or ``[@authority, pin]`` for a citation
from the registry, and ``\\x`` for a literal character x.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assembler.document import Emphasis, Inline, Missing, SignatureKind, Strong, Text
from assembler.errors import MarkupError
from assembler.templating import MISSING_CLOSE, MISSING_OPEN

__all__ = [
    "CiteRef",
    "MarkupError",
    "RawBlock",
    "RawInline",
    "parse_blocks",
    "parse_inline",
]


@dataclass(frozen=True, slots=True)
class CiteRef:
    """A citation as written in a clause, before its full or short form is decided."""

    authority: str
    pin: str | None


RawInline = Inline | CiteRef


BlockKind = Literal[
    "heading", "paragraph", "numbered", "quote", "list", "ordered_list", "page_break", "signature"
]
"""The closed set of block kinds the markup produces (the assembler matches on every one)."""


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A parsed block before document-level numbering and citation forms.

    ``parts`` holds one inline sequence per paragraph, quote paragraph or list item.
    """

    kind: BlockKind
    parts: tuple[tuple[RawInline, ...], ...] = ()
    level: int = 0
    signature: SignatureKind | None = None
    line: int = 0
    numbered: bool = True


_HEADING = re.compile(r"(#{1,3}) +(.+)")
_ORDERED = re.compile(r"\d+\. +(.+)")
_DIRECTIVE = re.compile(r"\[(page break|signature +(\w+))\]")
_CITE = re.compile(r"\[@([A-Za-z0-9.-]+)(?:, *([^\]]+))?\]")


def parse_blocks(text: str) -> list[RawBlock]:
    """Split rendered clause text into raw blocks.

    Raises:
        MarkupError: a directive names an unknown signature kind.
    """
    blocks: list[RawBlock] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        number = i + 1
        if not line:
            i += 1
            continue
        if match := _HEADING.fullmatch(line):
            heading = match[2]
            numbered = not heading.endswith("{-}")
            heading = heading.removesuffix("{-}").rstrip()
            blocks.append(
                RawBlock(
                    "heading",
                    (parse_inline(heading),),
                    level=len(match[1]),
                    line=number,
                    numbered=numbered,
                )
            )
            i += 1
            continue
        if match := _DIRECTIVE.fullmatch(line):
            blocks.append(_directive(match, number))
            i += 1
            continue
        if line.startswith(">"):
            quote: list[list[str]] = [[]]
            while i < len(lines) and lines[i].strip().startswith(">"):
                content = lines[i].strip()[1:].strip()
                if content:
                    quote[-1].append(content)
                elif quote[-1]:
                    quote.append([])
                i += 1
            parts = tuple(parse_inline(" ".join(p)) for p in quote if p)
            blocks.append(RawBlock("quote", parts, line=number))
            continue
        if line.startswith("- ") or _ORDERED.fullmatch(line):
            ordered = not line.startswith("- ")
            items: list[list[str]] = []
            while i < len(lines) and lines[i].strip():
                current = lines[i].strip()
                item = current[2:] if current.startswith("- ") else None
                if ordered and (match := _ORDERED.fullmatch(current)):
                    item = match[1]
                if item is not None and (ordered != current.startswith("- ")):
                    items.append([item])
                elif items and _starts_block(current):
                    break  # a heading, quote, other list or directive ends the list
                elif items:
                    items[-1].append(current)  # continuation line
                i += 1
            kind: BlockKind = "ordered_list" if ordered else "list"
            blocks.append(
                RawBlock(kind, tuple(parse_inline(" ".join(p)) for p in items), line=number)
            )
            continue
        numbered = line.startswith("¶")
        collected = [line[1:].strip() if numbered else line]
        i += 1
        while i < len(lines) and lines[i].strip() and not _starts_block(lines[i].strip()):
            collected.append(lines[i].strip())
            i += 1
        para: BlockKind = "numbered" if numbered else "paragraph"
        blocks.append(RawBlock(para, (parse_inline(" ".join(collected)),), line=number))
    return blocks


def _starts_block(line: str) -> bool:
    return bool(
        _HEADING.fullmatch(line)
        or _DIRECTIVE.fullmatch(line)
        or line.startswith((">", "- ", "¶"))
        or _ORDERED.fullmatch(line)
    )


def _directive(match: re.Match[str], line: int) -> RawBlock:
    if match[1] == "page break":
        return RawBlock("page_break", line=line)
    try:
        kind = SignatureKind(match[2])
    except ValueError:
        names = ", ".join(k.value for k in SignatureKind)
        raise MarkupError(line, f"unknown signature kind {match[2]!r} (use {names})") from None
    return RawBlock("signature", signature=kind, line=line)


def parse_inline(text: str) -> tuple[RawInline, ...]:
    """Parse inline markup: emphasis, strong, citations, escapes and missing-fact markers."""
    nodes, _end = _inline(text, 0, None)
    return tuple(nodes)


def _inline(text: str, start: int, closer: str | None) -> tuple[list[RawInline], int]:
    nodes: list[RawInline] = []
    buffer: list[str] = []
    i = start

    def flush() -> None:
        if buffer:
            joined = re.sub(r"\s+", " ", "".join(buffer))
            if nodes and isinstance(nodes[-1], Text):
                nodes[-1] = Text(nodes[-1].text + joined)
            else:
                nodes.append(Text(joined))
            buffer.clear()

    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            buffer.append(text[i + 1])
            i += 2
            continue
        # Inside italics, "**" opens bold when a closing "**" follows; otherwise it closes.
        opens_bold = closer == "*" and text.startswith("**", i) and _has_closer(text, i + 2, "**")
        if closer is not None and text.startswith(closer, i) and not opens_bold:
            flush()
            return nodes, i + len(closer)
        if char == MISSING_OPEN:
            end = text.find(MISSING_CLOSE, i)
            if end != -1:
                flush()
                nodes.append(Missing(text[i + 1 : end]))
                i = end + 1
                continue
        if char == "[" and (match := _CITE.match(text, i)):
            flush()
            nodes.append(CiteRef(match[1], match[2].strip() if match[2] else None))
            i = match.end()
            continue
        if char == "*":
            marker = "**" if text.startswith("**", i) else "*"
            if _has_closer(text, i + len(marker), marker):
                flush()
                children, i = _inline(text, i + len(marker), marker)
                inner = tuple(c for c in children if not isinstance(c, CiteRef))
                nodes.append(Strong(inner) if marker == "**" else Emphasis(inner))
                nodes.extend(c for c in children if isinstance(c, CiteRef))
                continue
        buffer.append(char)
        i += 1
    flush()
    return nodes, i


def _has_closer(text: str, start: int, marker: str) -> bool:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(marker, i) and (marker == "**" or not text.startswith("**", i)):
            return i > start
        i += 1
    return False
