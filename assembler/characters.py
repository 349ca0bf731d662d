"""What a court paper can carry: text normalized where that is safe, refused where it is not.

``validate`` runs both on every string of a case file before the schema check, so that a case
it accepts builds in every format: Unicode NFC and line ends (CRLF, CR) are normalized, tabs
become spaces; a control character, a broken (lone surrogate) or non-character code point, or a
character no available font can print is an error at its JSON path, naming the character by its
code point and Unicode name, never quoting the text around it (client data).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from assembler.errors import PathPart, Problem, format_path
from assembler.jsonvalue import JSON

__all__ = ["character_problems", "describe", "normalize", "strings"]

_LINE_ENDS = re.compile(r"\r\n?")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""C0 and C1 controls but tab, line feed and carriage return (normalized first); lone
surrogates; Unicode non-characters. XML (so Word) cannot hold most of them; none prints."""


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

    Args:
        data: the parsed case file, already normalized.
    """
    from assembler.fonts import uncovered

    problems: list[Problem] = []
    for where, text, is_key in strings(data):
        refused = dict.fromkeys(_REFUSED.findall(text))
        if not refused and text.isascii():
            continue  # the common case: nothing to report, no path to format
        path = format_path(where)
        if is_key:
            for char in refused:
                problems.append(
                    Problem(
                        path,
                        f"a key here contains {describe(char)}; retype the key",
                        code="text.control",
                    )
                )
            continue
        for char in refused:
            problems.append(
                Problem(
                    path,
                    f"contains {describe(char)}, which a court paper cannot carry; delete it "
                    "(it is often pasted in invisibly from another program)",
                    code="text.control",
                )
            )
        if text.isascii():
            continue
        for char in uncovered(text):
            if char in refused:
                continue
            problems.append(
                Problem(
                    path,
                    f"contains {describe(char)}, which no available font can print; replace it, "
                    "or install a font that has it (`assembler doctor` lists what is covered)",
                    code="text.no_font",
                )
            )
    return problems
