"""What a court paper can carry: text normalized where that is safe, refused where it is not.

``validate`` runs both on every string of a case file before the schema check, so that a case
it accepts builds in every format: Unicode NFC and line ends (CRLF, CR) are normalized, tabs
become spaces; a control character, a broken (lone surrogate) or non-character code point, a
formatting character the layout does not draw, or a character no available font can print is
an error at its JSON path, naming the character by its code point and Unicode name, never
quoting the text around it (client data). The case model turns a LINE or PARAGRAPH SEPARATOR
into a space in a one-line fact and a line end in a narrative (:func:`one_line`,
:func:`line_ends`).

:func:`unprintable` is the one answer to what a paper cannot print: ``validate`` reports what it
finds, and a draft's PDF build refuses it (``fonts.uncovered_in``), so the two cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, Literal

from assembler.errors import PathPart, Problem, format_path
from assembler.jsonvalue import JSON

__all__ = [
    "SEPARATORS",
    "character_problems",
    "describe",
    "line_ends",
    "normalize",
    "one_line",
    "strings",
    "unprintable",
]

_LINE_ENDS = re.compile(r"\r\n?")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""C0 and C1 controls but tab, line feed and carriage return (normalized first); lone
surrogates; Unicode non-characters. XML (so Word) cannot hold most of them; none prints."""

SEPARATORS = "\u2028\u2029"
"""LINE SEPARATOR and PARAGRAPH SEPARATOR, which come in with text pasted from other programs.
No font draws them and the PDF layout does not break a line at them (a missing glyph; WeasyPrint
stops on a space before U+2029), so the case model never keeps one: :func:`one_line` and
:func:`line_ends`."""

_TO_SPACE = dict.fromkeys(map(ord, SEPARATORS), " ")
_TO_LINE_END = dict.fromkeys(map(ord, SEPARATORS), "\n")

_UNDRAWN = frozenset("\ufff9\ufffa\ufffb")
"""Formatting characters a font lists (DejaVu Sans has the interlinear annotation marks) that
the PDF layout still prints as a missing glyph."""

Kind = Literal["control", "format", "no_font"]
"""Why a character cannot be printed: a control, broken or non-character code point (nothing
could print it); a formatting character the layout does not draw; a character no available font
has (another font could print it)."""


def normalize(value: JSON) -> JSON:
    """``value`` with every string in NFC, line ends as LF and tabs as spaces (a new structure;
    object keys are kept as given, so unknown-key messages still match the file)."""
    if isinstance(value, str):
        text = _LINE_ENDS.sub("\n", value).replace("\t", " ")
        try:
            return unicodedata.normalize("NFC", text)
        except UnicodeError:  # lone surrogates: left for character_problems to report
            return text
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    return value


def one_line(value: object) -> object:
    """A one-line fact's text with each LINE or PARAGRAPH SEPARATOR as a space (a name that
    wrapped where it was copied from); anything but text unchanged."""
    return value.translate(_TO_SPACE) if isinstance(value, str) else value


def line_ends(value: object) -> object:
    """A narrative's text with each LINE or PARAGRAPH SEPARATOR as a line end, where a paper
    breaks a line; anything but text unchanged."""
    return value.translate(_TO_LINE_END) if isinstance(value, str) else value


def unprintable(text: str) -> dict[str, Kind]:
    """Each character of ``text`` that a paper cannot print (each once), and why.

    What the layout does itself (spaces, line ends, tabs) is printable; a LINE or PARAGRAPH
    SEPARATOR is not (:data:`SEPARATORS`: the case model replaces them). A formatting character
    (Unicode category Cf) is printable when a font has it and the layout draws it, as it does
    the zero-width and direction marks; no font can print a control character.
    """
    from assembler.fonts import uncovered

    found: dict[str, Kind] = {}
    for char in _REFUSED.findall(text):
        found.setdefault(char, "control")
    if text.isascii():
        return found  # the bundled face has every printable ASCII character
    for char in dict.fromkeys(text):
        if char in _UNDRAWN or char in SEPARATORS:
            found.setdefault(char, "format")
    for char in uncovered(text):
        if unicodedata.category(char) in ("Cf", "Zl", "Zp"):
            found.setdefault(char, "format")
        else:
            found.setdefault(char, "no_font")
    return found


def describe(char: str) -> str:
    """``U+0007 <control>`` or ``U+1F600 GRINNING FACE``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        name = "<lone surrogate: a broken character>"
    elif unicodedata.category(char) == "Cc":
        name = "<control character>"
    else:
        name = unicodedata.name(char, "<unnamed character>")
    return f"U+{code:04X} {name}"


def strings(data: JSON) -> Iterator[tuple[tuple[PathPart, ...], str, bool]]:
    """Every string of parsed JSON with its location, in file order: each value, and each key
    (flagged ``True``, at the location of the object that holds it)."""
    stack: list[tuple[tuple[PathPart, ...], Any]] = [((), data)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item, False
        elif isinstance(item, dict):
            for key in item:
                if isinstance(key, str):
                    yield where, key, True
            stack.extend(((*where, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(((*where, i), child) for i, child in reversed(list(enumerate(item))))


def character_problems(data: JSON) -> list[Problem]:
    """Every character of the case's text that a court paper cannot carry, at its JSON path.

    Text is checked as the case model will hold it: a LINE or PARAGRAPH SEPARATOR is a space or
    a line end there (:func:`one_line`, :func:`line_ends`), never printed as itself.

    Args:
        data: the parsed case file, already normalized.
    """
    problems: list[Problem] = []
    for where, text, is_key in strings(data):
        if text.isascii() and not _REFUSED.search(text):
            continue  # the common case: nothing to report, no path to format
        path = format_path(where)
        if is_key:
            for char in dict.fromkeys(_REFUSED.findall(text)):
                problems.append(
                    Problem(
                        path,
                        f"a key here contains {describe(char)}; retype the key",
                        code="text.control",
                    )
                )
            continue
        for char, kind in unprintable(text.translate(_TO_SPACE)).items():
            problems.append(
                Problem(path, _MESSAGES[kind].format(describe(char)), code=_CODES[kind])
            )
    return problems


_MESSAGES: dict[Kind, str] = {
    "control": "contains {}, which a court paper cannot carry; delete it "
    "(it is often pasted in invisibly from another program)",
    "format": "contains {}, an invisible formatting character a court paper cannot print; "
    "delete it (it is often pasted in invisibly from another program)",
    "no_font": "contains {}, which no available font can print; replace it, "
    "or install a font that has it (`assembler doctor` lists what is covered)",
}
_CODES: dict[Kind, str] = {
    "control": "text.control",
    "format": "text.format",
    "no_font": "text.no_font",
}
