"""The neutral document tree as indented pseudo-XML (docutils' ``pseudoxml``, markdown-it-py's
``pretty()``): what assembly produced, before any writer lays it out.

``assembler explain --tree`` prints it, and golden tests compare it, so a failure says whether
assembly or a writer changed. One element per node, its scalar fields as attributes, its text
on the lines below::

    <document slug="notice-of-motion" title="NOTICE OF MOTION ...">
        <paragraph source="memo.custody">
            <text>
                Mr. Ramírez is no longer in criminal custody
            <citation authority="rodriguez" full="True" pin="" verified="True">
                People v. Rodriguez (2021) 68 Cal.App.5th 301
"""

from __future__ import annotations

import dataclasses
import json
import re
from enum import Enum
from typing import Any

from assembler.document import Document

INDENT = "    "


def _tag(node: object) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(node).__name__).lower()


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | Enum)


def _attribute(value: object) -> str:
    text = value.value if isinstance(value, Enum) else ("" if value is None else value)
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(node: object, depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(node, str):
        # quoted, so the spaces at a text node's edges show and survive in golden files
        return [pad + json.dumps(line, ensure_ascii=False) for line in node.splitlines() or [""]]
    if isinstance(node, tuple | list):
        if node and all(isinstance(item, tuple | list) for item in node):
            # a sequence of sequences (list items, caption lines): one <item> each
            return [line for item in node for line in [pad + "<item>", *_lines(item, depth + 1)]]
        return [line for item in node for line in _lines(item, depth)]
    if not dataclasses.is_dataclass(node):
        return [pad + repr(node)]
    attributes: list[str] = []
    children: list[tuple[str, Any]] = []
    text: list[str] = []
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.name == "text" and isinstance(value, str):
            text.append(value)
        elif _scalar(value):
            attributes.append(f"{field.name}={_attribute(value)}")
        elif isinstance(value, tuple | list) and all(_scalar(v) for v in value):
            attributes.append(f"{field.name}={_attribute(' | '.join(map(str, value)))}")
        else:
            children.append((field.name, value))
    if hasattr(node, "text") and not text and type(node).__name__ == "Citation":
        text.append(node.text)  # a citation prints as it reads
    head = f"{pad}<{_tag(node)}" + "".join(f" {a}" for a in attributes) + ">"
    out = [head]
    for item in text:
        out += _lines(item, depth + 1)
    named = len(children) > 1  # several kinds of children: each under its field's name
    for name, child in children:
        if named:
            out.append(f"{pad}{INDENT}<{name}>")
            out += _lines(child, depth + 2)
        else:
            out += _lines(child, depth + 1)
    return out


def render_tree(document: Document) -> str:
    """One document's tree as indented pseudo-XML (the caption first, then the blocks)."""
    return "\n".join(_lines(document, 0)) + "\n"
