"""Verification: what each paper still asks the attorney to check, and the paper without tags.

A paper that is not a draft never carries a ``[verify]`` tag or a "Verify before filing" block:
the build removes them from the tree (``clean``) and lists what remains per paper instead
(``remaining``), in the build report and on the terminal. ``build --final`` refuses to write
while anything remains; the default build marks every page "DRAFT: FOR ATTORNEY REVIEW".
"""

from __future__ import annotations

import dataclasses
from typing import Any

from assembler.authorities import Registry
from assembler.document import Citation, Document, VerifyNote, block_inlines
from assembler.errors import (
    Unverified,
)

__all__ = ["REVIEW_MARK", "Unverified", "clean", "remaining"]

REVIEW_MARK = "DRAFT: FOR ATTORNEY REVIEW"
VERIFY_PREFIX = "Verify before filing: "


def remaining(document: Document, registry: Registry) -> list[str]:
    """What the paper relies on that is not verified: its unverified clauses (their notes)
    and the unverified authorities it cites, each once, in the order of the paper."""

    items: list[str] = []
    for block in document.blocks:
        if isinstance(block, VerifyNote):
            items.append(block.text.removeprefix(VERIFY_PREFIX))
        for node in block_inlines(block):
            if isinstance(node, Citation) and not node.verified:
                authority = registry[node.authority]
                items.append(f"{authority.full}: {authority.note or 'verify the citation'}")
    return list(dict.fromkeys(items))


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
