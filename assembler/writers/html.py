"""HTML writer: the neutral tree as HTML with named classes, for WeasyPrint and pleading.css.

Every text node is HTML-escaped here; styling lives only in templates/pleading.css (the paper's
rules and line numbers in pleading-paper.css), selected by class name. Single-spaced blocks
(counsel block, caption, signature) get a height that is a whole number of 24 pt lines, so the
double-spaced body never drifts off the line numbers.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from typing import assert_never

from assembler.document import (
    SIGNATURE_BLANK,
    Block,
    BlockQuote,
    Caption,
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
    SignatureKind,
    Strong,
    TableOfAuthorities,
    TableOfContents,
    Text,
    VerifyNote,
    missing_label,
    plain_text,
    signature_date,
)
from assembler.fonts import bundled_face_prints
from assembler.writers.marks import mark_image

__all__ = ["LINE_PT", "render_html", "render_marks", "render_tables_html"]

LINE_PT = 24  # one line of pleading paper
_TITLE_CHARS = 22  # the same column set in capitals: "NOTICE OF MOTION AND" fills a line
_LEFT_CHARS = 30  # characters per line in the parties' column (conservative)
_SIGNER_CHARS = 34  # characters per line in the signer's 216 pt column (conservative)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


LONG_TOKEN = re.compile(r"(\S{40,})")
"""A run of text with no space long enough to risk running off the line (a URL, a pasted
string): it alone may break anywhere (pleading.css, ``.unbroken``); prose and citations never."""


def _text(text: str) -> str:
    parts = LONG_TOKEN.split(text)
    return "".join(
        f'<span class="unbroken">{_e(part)}</span>' if i % 2 else _e(part)
        for i, part in enumerate(parts)
    )


def inline_html(parts: tuple[Inline, ...]) -> str:
    """Inline nodes as HTML."""
    out: list[str] = []
    for part in parts:
        match part:
            case Text(text=text):
                out.append(_text(text))
            case Emphasis(children=children):
                out.append(f"<i>{inline_html(children)}</i>")
            case Strong(children=children):
                out.append(f"<b>{inline_html(children)}</b>")
            case Citation() as c:
                body = _e(c.before) + (f"<i>{_e(c.italic)}</i>" if c.italic else "") + _e(c.after)
                if c.history_italic:
                    body += f"<i>{_e(c.history_italic)}</i>"
                body += _e(c.history_after)
                flag = "" if c.verified else ' <span class="verify-flag">[verify]</span>'
                ident = f' id="{_e(c.anchor)}"' if c.anchor else ""
                out.append(
                    f'<span class="cite"{ident} data-authority="{_e(c.authority)}">{body}</span>{flag}'
                )
            case Missing(path=path):
                out.append(f'<span class="missing">{_e(missing_label(path))}</span>')
            case _:
                assert_never(part)
    return "".join(out)


def run(parts: tuple[Inline, ...]) -> str:
    """Inline content, kept from enlarging its line (see ``_in_run``)."""
    return _in_run(inline_html(parts))


def _run_text(text: str) -> str:
    return _in_run(_e(text))


def _in_run(content: str) -> str:
    """HTML content of a line, in a run whose line height never enlarges the line (pleading.css)
    when it holds a character the body face lacks: a fallback font, with another ascent and
    descent, prints it. Content the body face prints whole (all four faces have the same
    characters and the same ascent and descent) stays on the grid without: it is left bare,
    since WeasyPrint splits a nested inline box again on every line it spans (a sixth of a
    paper's layout time when every paragraph had one)."""
    if bundled_face_prints(content) and bundled_face_prints(content.upper()):
        return content  # the markup's characters are the face's; upper: ``text-transform``
    return f'<span class="run">{content}</span>'


def _unbroken(content: str) -> str:
    """``content`` on one line: a long hyphenated case number is never broken after a hyphen."""
    return f'<span style="white-space: nowrap">{content}</span>'


def _plain_len(parts: tuple[Inline, ...]) -> int:
    return len(plain_text(parts))


def _lines_needed(lengths: list[int], width: int) -> int:
    return sum(max(1, math.ceil(n / width)) for n in lengths)


def _grid_height(single_lines: int) -> str:
    """Height of a single-spaced block: two 12 pt lines per 24 pt grid line, rounded up."""
    return f"{math.ceil(single_lines / 2) * LINE_PT}pt"


def _caption(caption: Caption, title: str) -> str:
    filer = "".join(f"<div>{run(line)}</div>" for line in caption.filer)
    filer += f"<div>{run(caption.attorney_for)}</div>"
    court = "".join(f"<div>{_run_text(line)}</div>" for line in caption.court)
    defendant = _in_run(f"{inline_html(caption.defendant).upper()},")
    left = (
        f"<div>{_run_text(caption.plaintiff + ',')}</div><div>&nbsp;</div>"
        f'<div class="role">{_run_text("Plaintiff,")}</div><div>&nbsp;</div>'
        f'<div class="versus">{_run_text("v.")}</div><div>&nbsp;</div>'
        f"<div>{defendant}</div><div>&nbsp;</div>"
        f'<div class="role">{_run_text("Defendant.")}</div>'
    )
    hearing = "".join(f"<div>{run(line)}</div>" for line in caption.hearing)
    right = (
        # The case number never breaks at its hyphens (legal review 2, H8): no-wrap keeps the
        # characters as typed, so the PDF's text layer still reads the number the clerk typed.
        f"<div>{_in_run('Case No. ' + _unbroken(inline_html(caption.case_number)))}</div>"
        f'<div>&nbsp;</div><div class="paper-title">{_run_text(caption.paper_title)}</div>'
        + (f"<div>&nbsp;</div>{hearing}" if hearing else "")
    )
    # Seven fixed lines (roles, "v.", blanks) plus the wrapped names of the parties.
    names = [len(caption.plaintiff) + 1, _plain_len(caption.defendant) + 1]
    left_lines = 7 + _lines_needed(names, _LEFT_CHARS)
    right_lines = 2 + len(textwrap.wrap(caption.paper_title, _TITLE_CHARS))
    right_lines += (1 + len(caption.hearing)) if caption.hearing else 0
    height = _grid_height(max(left_lines, right_lines) + 2)
    return (
        f'<div class="filer" data-title="{_e(title)}">{filer}</div>'
        f'<div class="court">{court}</div>'
        f'<div class="caption" style="min-height: {height}"><table class="caption"><tr>'
        f'<td class="parties">{left}</td><td class="number">{right}</td>'
        "</tr></table></div>"
    )


def _signature(block: SignatureBlock) -> str:
    name = run(block.name)
    lines = [f"<div>{run(line)}</div>" for line in block.lines]
    date = _e(signature_date(block.date)) if block.date else SIGNATURE_BLANK
    top = ""
    if block.kind is SignatureKind.DECLARANT:
        place = inline_html(block.place) if block.place else SIGNATURE_BLANK
        top = f'<p class="executed">{_in_run(f"Executed on {date}, at {place}.")}</p>'
        dated = ""
    elif block.kind is SignatureKind.JUDGE:
        dated = f"<div>{_run_text('Dated: ' + SIGNATURE_BLANK)}</div>"
    else:
        dated = f"<div>{_in_run(f'Dated: {date}')}</div>"
    body = (
        f'<div class="dated">{dated}</div>'
        '<div class="signer"><div class="sign-line">&nbsp;</div>'
        f"<div>{name}</div>{''.join(lines)}</div>"
    )
    # a signer's line longer than the column wraps ("Attorney for Defendant and Moving Party
    # [name]"): counted as the lines it takes, or the block outgrows its grid lines and every
    # line after it on the page falls off the line numbers
    wrapped = _lines_needed([_plain_len(block.name), *map(_plain_len, block.lines)], _SIGNER_CHARS)
    height = _grid_height(4 + wrapped + 1)
    return (
        f'{top}<div class="signature {block.kind.value}" style="min-height: {height}">{body}</div>'
    )


_COLUMNS = '<colgroup><col class="entry"><col class="page"></colgroup>'


TABLES_ANCHOR = "table-of-contents"
"""The id of the tables' first heading: where a laid-out paper's tables begin."""


def _pages(anchors: tuple[str, ...], pages: dict[str, int] | None) -> str:
    """Page numbers of anchors, without repeats ("00" until the layout is known)."""
    if pages is None:
        return "00"
    numbers = sorted({pages[a] for a in anchors if a in pages})
    return ", ".join(str(n) for n in numbers)


def _block(block: Block, pages: dict[str, int] | None = None) -> str:
    match block:
        case Heading(level=level, number=number, children=children, anchor=anchor):
            cls = ' class="unnumbered"' if not number else ""
            label = f"{_e(number)} " if number else ""
            ident = f' id="{_e(anchor)}"' if anchor else ""
            heading = _in_run(f"{label}{inline_html(children)}")
            return f"<h{level}{cls}{ident}>{heading}</h{level}>"
        case Paragraph(children=children):
            return f"<p>{run(children)}</p>"
        case NumberedParagraph(number=number, children=children):
            return f'<p class="numbered"><span class="num">{number}.</span>{run(children)}</p>'
        case BlockQuote(paragraphs=paragraphs):
            inner = "".join(f"<p>{run(p)}</p>" for p in paragraphs)
            return f"<blockquote>{inner}</blockquote>"
        case ListBlock(ordered=ordered, items=items):
            tag = "ol" if ordered else "ul"
            inner = "".join(f"<li>{run(item)}</li>" for item in items)
            return f"<{tag}>{inner}</{tag}>"
        case SignatureBlock():
            return _signature(block)
        case PageBreak():
            return '<div class="page-break"></div>'
        case VerifyNote(text=text):
            return f'<p class="verify">{_run_text("[" + text + "]")}</p>'
        case TableOfContents(entries=entries):
            rows = "".join(
                f'<tr class="level-{e.level}"><td class="entry">'
                f"{_run_text(f'{e.number} {e.text}')}</td>"
                f'<td class="page">{_in_run(_pages((e.anchor,), pages))}</td></tr>'
                for e in entries
            )
            title = (
                f'<h1 class="unnumbered table-title" id="{TABLES_ANCHOR}">Table of Contents</h1>'
            )
            return f'{title}<table class="tables">{_COLUMNS}{rows}</table>'
        case TableOfAuthorities(groups=groups):
            title = '<h1 class="unnumbered table-title">Table of Authorities</h1>'
            parts = [title, f'<table class="tables">{_COLUMNS}']
            for label, authorities in groups:
                parts.append(f'<tr class="group"><td colspan="2">{_run_text(label)}</td></tr>')
                for item in authorities:
                    cite = _e(item.before) + (f"<i>{_e(item.italic)}</i>" if item.italic else "")
                    cite += _e(item.after)
                    if item.history_italic:
                        cite += f"<i>{_e(item.history_italic)}</i>"
                    cite += _e(item.history_after)
                    parts.append(
                        f'<tr class="level-2"><td class="entry">{_in_run(cite)}</td>'
                        f'<td class="page">{_in_run(_pages(item.anchors, pages))}</td></tr>'
                    )
            parts.append("</table>")
            return "".join(parts)
        case _:
            assert_never(block)


_MARK_WIDTH = 460.0
"""Widest a mark across the page may be, in points (the rotated band of pleading.css)."""


def _mark(text: str, size_pt: float) -> str:
    """A mark drawn as outlines (marks.py), so no text of it enters the PDF's text layer."""
    uri, width, height = mark_image(text, size_pt)
    fit = min(1.0, _MARK_WIDTH / width)
    return (
        f'<div class="watermark"><img alt="" src="{uri}" '
        f'style="width: {width * fit:.2f}pt; height: {height * fit:.2f}pt"></div>'
    )


def _marks(watermarks: tuple[str, ...]) -> str:
    return "".join(_mark(mark, 40.0 if i == 0 else 28.0) for i, mark in enumerate(watermarks))


def render_marks(watermarks: tuple[str, ...]) -> str:
    """A page holding the marks alone, where every paper's page has them: the PDF writer lays
    it out once and draws it over each page (a mark's outlines cost a tenth of a page's time)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head>'
        f"<body>{_marks(watermarks)}</body></html>"
    )


def _page(title: str, content: str, watermarks: tuple[str, ...], lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head><body>{_marks(watermarks)}"
        f'<div class="footer"><span class="page-number"></span>'
        f'<div class="footer-title">{_e(title)}</div></div>'
        f"{content}</body></html>"
    )


def render_html(
    document: Document,
    *,
    watermarks: tuple[str, ...] = (),
    pages: dict[str, int] | None = None,
    lang: str = "en",
) -> str:
    """One document as a complete HTML page (stylesheet supplied by the PDF writer).

    Args:
        document: the paper.
        watermarks: words printed across every page, e.g. "DRAFT" or "SAMPLE — FICTIONAL CASE".
        pages: page number of each anchor, for the tables (from a first layout).
        lang: the page language.
    """
    blocks = document.blocks
    # The two blocks before a signature keep to its page (pleading.css: .keep), so a signature
    # never stands on a page of its own with no text of the paper (courts refuse such pages).
    keep = {i for i, b in enumerate(blocks) for j in (1, 2) if _signs(blocks, i + j)}
    body = "".join(
        f'<div class="keep">{_block(block, pages)}</div>' if i in keep else _block(block, pages)
        for i, block in enumerate(blocks)
    )
    content = f'{_caption(document.caption, document.title)}<main class="body">{body}</main>'
    return _page(document.title, content, watermarks, lang)


def render_tables_html(
    document: Document,
    *,
    first_page: int,
    pages: dict[str, int],
    watermarks: tuple[str, ...] = (),
    lang: str = "en",
) -> str | None:
    """The tables of contents and authorities alone, as the pages they fill in the paper.

    The PDF writer lays a paper with tables out once with "00" for every page number, then lays
    out these pages again with the numbers, numbered from ``first_page``, and puts them in place
    of the first layout's (the tables are as long with the numbers as without, so no page of the
    paper moves). None when the paper has no tables.
    """
    blocks = document.blocks
    first = next((i for i, b in enumerate(blocks) if isinstance(b, TableOfContents)), None)
    last = next((i for i, b in enumerate(blocks) if isinstance(b, TableOfAuthorities)), None)
    if first is None or last is None or last < first:
        return None
    body = "".join(_block(block, pages) for block in blocks[first : last + 1])
    # The page counter starts where the tables start in the paper (the footer's page number);
    # the body's top margin (the blank line under the caption) is not on these pages.
    counter = (
        f"<style>@page:first {{ counter-reset: page {first_page} }} "
        "body > main.body { margin-top: 0 }</style>"
    )
    content = f'{counter}<main class="body">{body}</main>'
    return _page(document.title, content, watermarks, lang)


def _signs(blocks: tuple[Block, ...], index: int) -> bool:
    return index < len(blocks) and isinstance(blocks[index], SignatureBlock)


def render_slip_sheet(
    label: str, title: str, note: str | None, *, watermarks: tuple[str, ...] = ()
) -> str:
    """An exhibit slip sheet: "EXHIBIT A" and the exhibit's title, alone on a page."""
    heading = f"EXHIBIT {label}"
    extra = f'<div class="slip-note">{_run_text(note)}</div>' if note else ""
    content = (
        f'<div class="slip" data-title="{_e(heading)}: {_e(title)}">'
        f'<div class="slip-label">{_run_text(heading)}</div>'
        f'<div class="slip-title">{_run_text(title)}</div>{extra}</div>'
    )
    return _page(heading, content, watermarks, "en")
