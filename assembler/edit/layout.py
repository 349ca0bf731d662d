"""Writing a case file back in the layout it was written in.

Case files are written by hand as often as by tools: a short address or a family member fits on
one line, a count takes several. Saving from the form keeps each object and list on one line or
spread over several as the file had it, with the file's indent, so that loading and saving an
unchanged file changes nothing and the diff after an edit shows only the edit. A part the file
did not have takes the layout of its neighbour in the same list, else one line for a short list
of plain values, else one item per line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from assembler.jsonvalue import JSON

__all__ = ["Layout", "dump_like", "read_layout"]

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_INLINE_WIDTH = 100


@dataclass
class Layout:
    """How a file was laid out: its indent and the containers it wrote on one line."""

    indent: int = 2
    inline: set[Path] = field(default_factory=set)
    spread: set[Path] = field(default_factory=set)


def read_layout(text: str) -> Layout:
    """The layout of JSON text that is known to parse (the case file as read)."""
    layout = Layout()
    indents = re.findall(r"\n([ ]+)\S", text)
    if indents:
        layout.indent = min(len(i) for i in indents)
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
    return _Writer(layout).value(data, (), 0, 0) + "\n"


class _Writer:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout

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
            return json.dumps(value, ensure_ascii=False)
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        if self.inline(value, path, column):
            return _flat(value)
        pad = " " * (self.layout.indent * (depth + 1))
        if isinstance(value, dict):
            lines = []
            for key, item in value.items():
                head = f"{pad}{json.dumps(key, ensure_ascii=False)}: "
                lines.append(head + self.value(item, (*path, key), depth + 1, len(head)))
            body = ",\n".join(lines)
            return "{\n" + body + "\n" + pad[: -self.layout.indent] + "}"
        items = [
            pad + self.value(item, (*path, i), depth + 1, len(pad)) for i, item in enumerate(value)
        ]
        return "[\n" + ",\n".join(items) + "\n" + pad[: -self.layout.indent] + "]"


def _flat(value: JSON) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
