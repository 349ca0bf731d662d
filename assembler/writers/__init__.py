"""Writers: each turns the neutral document tree into one output format, behind one protocol."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assembler.document import Document

__all__ = ["Writer"]


class Writer(Protocol):
    """What every writer takes (one paper of the packet, and the properties every format
    records) and what it returns (the file's bytes, written by the build, never by the writer).
    """

    suffix: str
    """The file-name suffix of the format, without the dot: ``txt``, ``pdf``, ``docx``."""

    def write(self, document: Document, *, author: str | None, date: dt.date | None) -> bytes:
        """The paper as a file's bytes."""
        ...
