"""Marks across every page ("DRAFT: FOR ATTORNEY REVIEW", "SAMPLE — FICTIONAL CASE") drawn as
glyph outlines, not text.

A mark set as text enters the PDF's text layer: extracted or read aloud, its letters land inside
the body's sentences ("… the D R A F T People's offer …"). Drawn as vector paths from the bundled
bold face, the mark looks the same on the page and is invisible to text extraction and screen
readers; the ``img`` that carries it has an empty ``alt``.
"""

from __future__ import annotations

import hashlib
from functools import cache

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from assembler.resources import bundled

__all__ = ["MARK_SCHEME", "mark_image", "mark_svg"]

MARK_SCHEME = "assembler-mark"
"""The URL scheme of a drawn mark: the PDF writer's fetcher serves only marks made here."""

_FACE = "LiberationSerif-Bold.ttf"
_FILL = "rgb(120,120,120)"
_OPACITY = "0.30"


@cache
def _font() -> TTFont:
    return TTFont(bundled("templates") / "fonts" / _FACE, lazy=True)


_DRAWN: dict[str, bytes] = {}


def mark_svg(key: str) -> bytes | None:
    """The SVG of a mark made by :func:`mark_image`, by the key in its URL."""
    return _DRAWN.get(key)


@cache
def mark_image(text: str, size_pt: float) -> tuple[str, float, float]:
    """``text`` at ``size_pt`` drawn as outlines: the URL of its SVG (``assembler-mark:KEY``,
    served by the PDF writer from :func:`mark_svg`), with its width and height in points. A
    character the face lacks is drawn as a space."""
    font = _font()
    scale = size_pt / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    hmtx = font["hmtx"]
    ascent = font["hhea"].ascent * scale
    height = (font["hhea"].ascent - font["hhea"].descent) * scale
    x = 0.0
    paths: list[str] = []
    for char in text:
        name = cmap.get(ord(char), cmap.get(ord(" ")))
        if name is None:
            continue
        pen = SVGPathPen(glyphs)
        # font units (y up) to SVG points (y down), the baseline at the ascent
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, ascent)))
        if commands := pen.getCommands():
            paths.append(commands)
        x += hmtx[name][0] * scale
    width = x
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}pt" height="{height:.2f}pt" '
        f'viewBox="0 0 {width:.2f} {height:.2f}">'
        f'<path fill="{_FILL}" fill-opacity="{_OPACITY}" d="{" ".join(paths)}"/></svg>'
    )
    body = svg.encode("ascii")
    key = hashlib.sha256(body).hexdigest()
    _DRAWN[key] = body
    return f"{MARK_SCHEME}:{key}", width, height
