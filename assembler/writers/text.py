"""Plain-text writer: the readable, diffable review format (and the golden-file format)."""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from typing import assert_never

from assembler.document import (
    SIGNATURE_BLANK,
    Block,
    BlockQuote,
    Caption,
    Document,
    Heading,
    Inline,
    ListBlock,
    NumberedParagraph,
    PageBreak,
    Paragraph,
    SignatureBlock,
    SignatureKind,
    TableOfAuthorities,
    TableOfContents,
    VerifyNote,
    plain_text,
    signature_date,
)

__all__ = ["WIDTH", "TextWriter", "render_document", "render_inline", "signature_lead"]

WIDTH = 88
_LEFT = 44  # caption: width of the parties' column


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced view: wide (CJK) characters two, combining marks
    none, so a caption's column rule stays put whatever the name."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_inline(parts: tuple[Inline, ...]) -> str:
    """Inline nodes as plain text; missing facts and unverified citations stay visible."""
    return plain_text(parts, lambda c: c.text + ("" if c.verified else " [verify]"))


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [indent.rstrip()]


def _caption(caption: Caption) -> list[str]:
    lines = [render_inline(line) for line in caption.filer]
    lines.append(render_inline(caption.attorney_for))
    lines.append("")
    lines.extend(line.center(WIDTH).rstrip() for line in caption.court)
    lines.append("")
    defendant = render_inline(caption.defendant).upper()
    left = [
        f"{caption.plaintiff},",
        "",
        "Plaintiff,".rjust(_LEFT - 6),
        "",
        "v.".center(_LEFT - 2),
        "",
        *textwrap.wrap(f"{defendant},", _LEFT - 2),
        "",
        "Defendant.".rjust(_LEFT - 6),
    ]
    right = [f"Case No. {render_inline(caption.case_number)}", ""]
    right += textwrap.wrap(caption.paper_title, WIDTH - _LEFT - 3)
    if caption.hearing:
        right.append("")
        right += [render_inline(line) for line in caption.hearing]
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    for l_text, r_text in zip(left, right, strict=True):
        lines.append(f"{_pad(l_text, _LEFT)}| {r_text}".rstrip())
    lines.append("_" * _LEFT + "|")
    return lines


def signature_lead(block: SignatureBlock) -> str:
    """The line above a signature: "Executed on <date>, at <place>." for a declarant (Code Civ.
    Proc. § 2015.5), "Dated: <date>" otherwise; a blank where the date or place is not given."""
    date = signature_date(block.date) if block.date else SIGNATURE_BLANK
    if block.kind is SignatureKind.DECLARANT:
        place = render_inline(block.place) if block.place else SIGNATURE_BLANK
        return f"Executed on {date}, at {place}."
    if block.kind is SignatureKind.JUDGE:
        return f"Dated: {SIGNATURE_BLANK}"
    return f"Dated: {date}"


def _signature(block: SignatureBlock) -> list[str]:
    pad = " " * (WIDTH // 2)
    name = render_inline(block.name)
    lines = _wrap(signature_lead(block))
    if block.kind is SignatureKind.DECLARANT:
        lines.append("")
    lines += ["", pad + "_" * 36, pad + name]
    lines += [pad + render_inline(line) for line in block.lines]
    return lines


def _block(block: Block) -> list[str]:
    match block:
        case Heading(level=level, number=number, children=children):
            text = f"{number} {render_inline(children)}".strip()
            if not number:
                return [line.center(WIDTH).rstrip() for line in _wrap(text.upper())]
            return _wrap(text.upper() if level == 1 else text)
        case Paragraph(children=children):
            return _wrap(render_inline(children), "", "    ")
        case NumberedParagraph(number=number, children=children):
            return _wrap(render_inline(children), "", f"    {number}. ")
        case BlockQuote(paragraphs=paragraphs):
            out: list[str] = []
            for index, paragraph in enumerate(paragraphs):
                if index:
                    out.append("")
                out += _wrap(render_inline(paragraph), "        ")
            return out
        case ListBlock(ordered=ordered, items=items):
            out = []
            for index, item in enumerate(items, 1):
                bullet = f"{index}. " if ordered else "- "
                out += _wrap(render_inline(item), "        ", "    " + bullet)
            return out
        case SignatureBlock():
            return _signature(block)
        case PageBreak():
            return ["- " * (WIDTH // 4) + "[page break]"]
        case VerifyNote(text=text):
            return _wrap(f"[{text.upper()}]")
        case TableOfContents(entries=entries):
            out = ["TABLE OF CONTENTS".center(WIDTH).rstrip(), ""]
            for entry in entries:
                indent = "    " * (entry.level - 1)
                out += _wrap(f"{entry.number} {entry.text}", indent + "    ", indent)
            return out
        case TableOfAuthorities(groups=groups):
            out = ["TABLE OF AUTHORITIES".center(WIDTH).rstrip()]
            for label, authorities in groups:
                out += ["", label]
                for authority in authorities:
                    cite = (
                        f"{authority.before}{authority.italic}{authority.after}"
                        f"{authority.history_italic}{authority.history_after}"
                    )
                    out += _wrap(cite, "        ", "    ")
            return out
        case _:
            assert_never(block)


def render_document(document: Document) -> str:
    """One document as text: caption, body, and the footer title."""
    lines = _caption(document.caption)
    for block in document.blocks:
        lines.append("")
        lines.extend(_block(block))
    lines += ["", "_" * WIDTH, *textwrap.wrap(document.title, WIDTH)]
    return "\n".join(lines) + "\n"


class TextWriter:
    """The text format behind the writers' protocol: UTF-8 text, the same as ``render_document``."""

    suffix = "txt"

    def write(self, document: Document, *, author: str | None, date: dt.date | None) -> bytes:
        """The paper as UTF-8 text (author and date are not printed in the text format)."""
        del author, date
        return render_document(document).encode("utf-8")
