"""Written PDFs, joined and edited with pypdf (no layout, no painting): the pleading paper drawn
under a paper's pages, the packet joined from the written papers and slip sheets, and exhibit
files attached, with their active content removed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from assembler.errors import PdfError

if TYPE_CHECKING:  # pypdf loads only when a PDF is written
    from pypdf import PageObject

__all__ = ["Joined", "PacketPart", "attach", "merge_packet", "on_paper"]


@dataclass(frozen=True)
class PacketPart:
    """One piece of the packet, in filing order: a written paper or slip sheet, or an exhibit's
    own PDF file (named in errors as ``name``)."""

    name: str
    pdf: bytes | None = None
    file: Path | None = None


def on_paper(data: bytes, blank: PageObject | None, marks: PageObject | None = None) -> bytes:
    """A paper's PDF with ``blank`` (a page of pleading paper) drawn under each of its pages and
    ``marks`` (a page holding the marks across every page) over each: each one form (PDF Form
    XObject) per file, so the rules, the 28 line numbers and the marks are laid out and painted
    once, not on every page; the numbers stay text, in the bundled face. None: not drawn."""
    import io

    from pypdf import PdfReader
    from pypdf import PdfWriter as PypdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    reader = PdfReader(io.BytesIO(data))
    writer = PypdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # WeasyPrint's (1.7), not pypdf's default (1.3)
    forms = {
        name: _form(writer, page)
        for name, page in (("/PleadingPaper", blank), ("/PleadingMarks", marks))
        if page is not None
    }
    under = [_stream(writer, b"q /PleadingPaper Do Q\n")] if blank is not None else []
    # The page's own drawing leaves its coordinates changed: the marks go after it is undone.
    over = (
        []
        if marks is None
        else [_stream(writer, b"q\n"), _stream(writer, b"\nQ q /PleadingMarks Do Q\n")]
    )
    for page in writer.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)  # WeasyPrint gives every page its own
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        drawn = resources["/XObject"].get_object()
        assert isinstance(drawn, DictionaryObject)
        for name, form in forms.items():
            drawn[NameObject(name)] = form
        contents = page.raw_get("/Contents")
        own = contents.get_object()
        own = list(own) if isinstance(own, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([*under, *over[:1], *own, *over[1:]])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _form(writer: Any, page: PageObject) -> Any:
    """``page`` (laid out by WeasyPrint) as a form in ``writer``'s file."""
    from pypdf.generic import DecodedStreamObject, NameObject, RectangleObject

    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())  # type: ignore[union-attr]
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = RectangleObject(page.mediabox)
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form.flate_encode())


def _stream(writer: Any, data: bytes) -> Any:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


class Joined(NamedTuple):
    """The packet as ``merge_packet`` joins it."""

    data: bytes
    pages: int
    notes: list[str]
    """One for each exhibit whose active content was removed."""


def merge_packet(
    parts: Sequence[PacketPart], *, title: str, author: str | None, date: dt.date | None
) -> Joined:
    """The packet: the written papers, slip sheets and exhibit files joined in order, each
    paper's bookmarks kept, without laying out or painting a page again.

    Returns:
        The packet's bytes and page count, and a note for each exhibit whose active content was
        removed.

    Raises:
        PdfError: an exhibit file is not a readable PDF.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    notes: list[str] = []
    for part in parts:
        if part.pdf is not None:
            writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=True)
            continue
        assert part.file is not None
        first = len(writer.pages)
        try:
            with _quiet_pypdf():
                writer.append(PdfReader(part.file), import_outline=False)
        except (OSError, PyPdfError, ValueError) as exc:
            raise PdfError(_unreadable(part.name, part.file, exc)) from None
        notes += _stripped(part.name, list(writer.pages)[first:])
    stamp = f"D:{date.strftime('%Y%m%d')}000000Z" if date else None
    info: dict[str, str] = {"/Title": title, "/Creator": "assembler", "/Producer": "assembler"}
    if author:
        info["/Author"] = author
    if stamp:
        info |= {"/CreationDate": stamp, "/ModDate": stamp}
    writer.add_metadata(info)
    if notes:  # what was cut from an exhibit's pages must not stay behind as loose objects
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return Joined(out.getvalue(), len(writer.pages), notes)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a bad file's first bytes ("invalid pdf header: b'...'"): client data, or
    worse, stays out of the terminal; the error that follows names the exhibit."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _unreadable(name: str, file: Path, exc: Exception) -> str:
    """The message for an exhibit pypdf cannot read: its type of failure, never its content."""
    return f"{name}: {file.name} is not a readable PDF ({type(exc).__name__})"


def _stripped(name: str, pages: list[PageObject]) -> list[str]:
    from assembler.exhibits import strip_active

    removed = strip_active(pages)
    if not removed:
        return []
    what = ", ".join(f"{count} {kind}" for kind, count in sorted(removed.items()))
    return [f"{name}: removed from the copy in packet.pdf: {what}"]


def attach(packet: bytes, insertions: Sequence[tuple[int, Path, str]]) -> tuple[bytes, list[str]]:
    """Insert exhibit files into a written packet, each after its slip sheet.

    Args:
        packet: the packet's PDF bytes.
        insertions: (index of the page to insert before, PDF file, exhibit label).

    Raises:
        PdfError: an exhibit file is not a readable PDF.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(packet)))
    notes: list[str] = []
    # From the back, so earlier positions are still right when later ones are filled.
    for position, path, label in sorted(insertions, key=lambda item: item[0], reverse=True):
        before = len(writer.pages)
        try:
            with _quiet_pypdf():
                writer.merge(position, str(path), import_outline=False)
        except (OSError, PyPdfError, ValueError) as exc:
            raise PdfError(_unreadable(f"exhibit {label}", path, exc)) from None
        added = len(writer.pages) - before
        notes += _stripped(f"exhibit {label}", list(writer.pages)[position : position + added])
    if notes:
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), notes
