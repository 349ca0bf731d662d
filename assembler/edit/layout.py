"""Writing a case file back in the layout it was written in.

Case files are written by hand as often as by tools: a short address or a family member fits on
one line, a count takes several. Saving from the form keeps each object and list on one line or
spread over several as the file had it, with the file's indent, so that loading and saving an
unchanged file changes nothing and the diff after an edit shows only the edit. A part the file
did not have takes the layout of its neighbour in the same list, else one line for a short list
of plain values, else one item per line.

Numbers keep the way the file wrote them (``1e2``, ``1.50``, an integer beyond what a browser
holds exactly, ``1e999``) wherever the value there is still the one the file held; text holding a
lone surrogate (which a file can carry as ``\ud800``) is written with that escape, never as bytes
no UTF-8 reader accepts.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from assembler.jsonvalue import JSON

__all__ = ["Layout", "Spelled", "dump_like", "number_value", "read_layout", "same", "spell"]

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_INLINE_WIDTH = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Layout:
    """How a file was laid out: its indent and the containers it wrote on one line."""

    indent: int = 2
    """Characters of one level of indent."""
    unit: str = " "
    """The character the file indents with (a space, or a tab)."""
    newline: str = "\n"
    """The file's line end (LF, or CRLF for a file written on Windows)."""
    inline: set[Path] = field(default_factory=set)
    spread: set[Path] = field(default_factory=set)
    numbers: dict[Path, str] = field(default_factory=dict)
    """Each number as the file wrote it, by its place."""


def read_layout(text: str) -> Layout:
    """The layout of JSON text that is known to parse (the case file as read)."""
    layout = Layout()
    if "\r\n" in text:
        layout.newline = "\r\n"
    indents = re.findall(r"\n([ \t]+)\S", text)
    if indents:
        shortest = min(indents, key=len)
        layout.indent = len(shortest)
        layout.unit = "\t" if shortest.startswith("\t") else " "
    _Scanner(text, layout).value(0, ())
    return layout


class _Scanner:
    def __init__(self, text: str, layout: Layout) -> None:
        self.text = text
        self.layout = layout

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, path: Path) -> int:
        pos = self.skip(pos)
        char = self.text[pos : pos + 1]
        if char in "{[":
            return self.container(pos, path, char)
        if char == '"':
            return json.decoder.scanstring(self.text, pos + 1)[1]  # type: ignore[attr-defined,no-any-return]
        match = _NUMBER.match(self.text, pos)
        if match and match.end() > pos:
            self.layout.numbers[path] = match.group()
            return match.end()
        for word in ("true", "false", "null"):
            if self.text.startswith(word, pos):
                return pos + len(word)
        raise ValueError(f"not JSON at character {pos}")

    def container(self, start: int, path: Path, opening: str) -> int:
        closing = "}" if opening == "{" else "]"
        pos = self.skip(start + 1)
        index = 0
        while self.text[pos] != closing:
            if opening == "{":
                key, pos = json.decoder.scanstring(self.text, pos + 1)  # type: ignore[attr-defined]
                pos = self.skip(pos) + 1  # the colon
                pos = self.value(pos, (*path, key))
            else:
                pos = self.value(pos, (*path, index))
                index += 1
            pos = self.skip(pos)
            if self.text[pos] == ",":
                pos = self.skip(pos + 1)
        end = pos + 1
        if "\n" in self.text[start:end]:
            self.layout.spread.add(path)
        else:
            self.layout.inline.add(path)
        return end


def dump_like(data: JSON, layout: Layout) -> str:
    """``data`` as JSON text in ``layout`` (see the module's description), with a final newline."""
    return _Writer(layout).value(data, (), 0, 0) + layout.newline


class Spelled(float):
    """A number with the spelling the file gave it (``1e999``, ``1.50``), which it keeps
    wherever it goes (a list item moved, say); it is a float for everything else."""

    text: str

    def __new__(cls, literal: str) -> Spelled:
        value = super().__new__(cls, literal)
        value.text = literal
        return value


def spell(data: JSON, layout: Layout, at: Path = ()) -> JSON:
    """``data`` (parsed from the text ``layout`` was read from) with each float whose spelling
    differs from Python's own as a :class:`Spelled`, changed in place (an object that knows its
    repeated keys stays that object)."""
    if isinstance(data, dict):
        for k, v in data.items():
            data[k] = spell(v, layout, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            data[i] = spell(v, layout, (*at, i))
    if isinstance(data, float):
        literal = layout.numbers.get(at)
        if literal is not None and (not math.isfinite(data) or json.dumps(data) != literal):
            return Spelled(literal)
    return data


def number_value(literal: str) -> int | float:
    """The value of a JSON number as Python reads it (``1e999`` is infinite)."""
    if any(c in literal for c in ".eE"):
        return float(literal)
    return int(literal)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same(a: object, b: object) -> bool:
    """Whether two JSON values are the same as a browser holds them: numbers compare as the
    double a page would hold (an integer beyond 2**53 equals its rounded value), ``true`` never
    equals ``1``."""
    if _number(a) and _number(b):
        try:
            return float(a) == float(b)  # type: ignore[arg-type]
        except OverflowError:  # an integer beyond any double
            return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _text(value: str) -> str:
    """A JSON string, lone surrogates escaped (UTF-8 cannot carry them)."""
    dumped = json.dumps(value, ensure_ascii=False)
    if _SURROGATE.search(dumped):
        dumped = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
    return dumped


class _Writer:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def scalar(self, value: JSON, path: Path) -> str:
        if isinstance(value, str):
            return _text(value)
        if isinstance(value, Spelled):
            return value.text
        if _number(value):
            literal = self.layout.numbers.get(path)
            held = number_value(literal) if literal is not None else None
            # the file's own spelling, where the value there is still the file's
            if literal is not None and (
                value == held or (isinstance(value, float) and same(value, held))
            ):
                return literal
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"a number out of range at {_where(path)}")
        return json.dumps(value)

    def inline(self, value: JSON, path: Path, column: int) -> bool:
        if path in self.layout.inline:
            return True
        if path in self.layout.spread:
            return False
        if path and isinstance(path[-1], int):
            neighbour = (*path[:-1], path[-1] - 1 if path[-1] else 1)
            if neighbour in self.layout.inline or neighbour in self.layout.spread:
                return neighbour in self.layout.inline
        plain = isinstance(value, list) and not any(isinstance(v, dict | list) for v in value)
        return plain and column + len(_flat(value)) <= _INLINE_WIDTH

    def value(self, value: JSON, path: Path, depth: int, column: int) -> str:
        if not isinstance(value, dict | list):
            return self.scalar(value, path)
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        if self.inline(value, path, column):
            return self.flat(value, path)
        step = self.layout.unit * self.layout.indent
        pad, end = step * (depth + 1), step * depth
        nl = self.layout.newline
        if isinstance(value, dict):
            lines = []
            for key, item in value.items():
                head = f"{pad}{_text(key)}: "
                lines.append(head + self.value(item, (*path, key), depth + 1, len(head)))
            return "{" + nl + ("," + nl).join(lines) + nl + end + "}"
        items = [
            pad + self.value(item, (*path, i), depth + 1, len(pad)) for i, item in enumerate(value)
        ]
        return "[" + nl + ("," + nl).join(items) + nl + end + "]"

    def flat(self, value: JSON, path: Path) -> str:
        """``value`` on one line, as ``json.dumps`` with ", " and ": " would write it."""
        if isinstance(value, dict):
            items = (f"{_text(k)}: {self.flat(v, (*path, k))}" for k, v in value.items())
            return "{" + ", ".join(items) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flat(v, (*path, i)) for i, v in enumerate(value)) + "]"
        return self.scalar(value, path)


def _flat(value: JSON) -> str:
    return _Writer(Layout()).flat(value, ())


def _where(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "$"
