"""PDF writer: HTML on pleading paper through WeasyPrint, one PDF per paper plus the packet.

WeasyPrint is imported here only, so ``validate`` never pays for it. Only the project's own
assets (templates/, with the bundled body face) and the font files fontconfig found can be
fetched; any other URL is a fatal error. A missing glyph (WeasyPrint's
``.notdef`` warning) is an error too: it would print a blank box in a client's name and break
text extraction.

The pleading paper itself (rules and line numbers, the same on every page) is laid out once per
process on a blank page and drawn under each page of a paper: laid out on every page it cost
about a sixth of each page's time. The PDF/A and PDF/UA variants still lay it out per page.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlparse

from assembler import logs
from assembler.document import Document, TableOfAuthorities, TableOfContents
from assembler.errors import (
    PdfError,
)
from assembler.resources import bundled
from assembler.writers.html import (
    TABLES_ANCHOR,
    render_html,
    render_slip_sheet,
    render_tables_html,
)

if TYPE_CHECKING:  # WeasyPrint loads only when a PDF is made; it ships no type information
    from pypdf import PageObject
    from weasyprint.document import Document as Rendered
    from weasyprint.document import Page
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = [
    "ASSETS",
    "TABLES_AFTER_PAGES",
    "Joined",
    "PacketPart",
    "PdfError",
    "PdfWriter",
    "attach",
    "merge_packet",
    "preload",
]

ASSETS = bundled("templates")


def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the project's assets and installed font files; refuses every other URL."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise FatalURLFetchingError(f"refused to fetch {parsed.scheme}: URL")
            path = Path(unquote(parsed.path)).resolve()
            if not (path.is_relative_to(ASSETS) or _system_font(path)) or not path.is_file():
                raise FatalURLFetchingError("refused to fetch a file outside the project's assets")
            return URLFetcherResponse(url, body=path.read_bytes())

    return AssetFetcher


def _system_font(path: Path) -> bool:
    """A font file fontconfig found (a stylesheet's ``local()`` font), wherever it lives."""
    from assembler.fonts import FONT_SUFFIXES, catalog

    return path.suffix.lower() in FONT_SUFFIXES and path in catalog().files()


TABLES_AFTER_PAGES = 10
"""A paper with a place for tables that runs longer than this gets tables of contents and
authorities (a long memorandum, Cal. Rules of Court, rule 3.1113(f))."""


@dataclass(frozen=True)
class PacketPart:
    """One piece of the packet, in filing order: a written paper or slip sheet, or an exhibit's
    own PDF file (named in errors as ``name``)."""

    name: str
    pdf: bytes | None = None
    file: Path | None = None


class _Style(NamedTuple):
    fetcher: Any
    fonts: Any
    css: Any
    """pleading.css: everything but the paper's rules and line numbers."""
    paper: Any
    """pleading-paper.css: the rules and the line numbers."""


@cache
def _stylesheet() -> _Style:
    """The URL fetcher, the font configuration (the bundled faces loaded) and the parsed
    stylesheets: made once per process, shared by every writer, paper and case."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(fail_on_errors=True)
    with warnings.catch_warnings():
        # "No fonts configured in FontConfig": the body face is bundled, so a machine
        # without system fonts still prints every Latin-script paper the same.
        warnings.filterwarnings("ignore", message="No fonts configured", category=UserWarning)
        fonts = FontConfiguration()
    css = CSS(filename=str(ASSETS / "pleading.css"), font_config=fonts, url_fetcher=fetcher)
    paper = CSS(filename=str(ASSETS / "pleading-paper.css"), font_config=fonts, url_fetcher=fetcher)
    # Released before interpreter shutdown tears down the FFI it needs to free itself.
    atexit.register(_stylesheet.cache_clear)
    return _Style(fetcher, fonts, css, paper)


@cache
def _paper() -> bytes:
    """A blank page of pleading paper (rules and line numbers), as a PDF: laid out and painted
    once per process, then drawn under every page of every paper (``_on_paper``)."""
    from weasyprint import HTML

    style = _stylesheet()
    blank = HTML(
        string="<!DOCTYPE html><html><body></body></html>",
        base_url=ASSETS.as_uri() + "/",
        url_fetcher=style.fetcher,
    ).render(font_config=style.fonts, stylesheets=[style.css, style.paper])
    data: bytes = blank.write_pdf(pdf_identifier=b"assembler-paper")
    return data


@cache
def _paper_page() -> PageObject:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(_paper())).pages[0]


def _on_paper(data: bytes) -> bytes:
    """A paper's PDF with the blank pleading page drawn under each of its pages: one form
    (PDF Form XObject) per file, so the rules and the 28 line numbers are laid out and painted
    once, not on every page; they stay text, in the bundled face."""
    import io

    from pypdf import PdfReader
    from pypdf import PdfWriter as PypdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        RectangleObject,
    )

    reader = PdfReader(io.BytesIO(data))
    writer = PypdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # WeasyPrint's (1.7), not pypdf's default (1.3)
    blank = _paper_page()
    form = DecodedStreamObject()
    form.set_data(blank.get_contents().get_data())  # type: ignore[union-attr]
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = RectangleObject(blank.mediabox)
    form[NameObject("/Resources")] = blank["/Resources"].clone(writer)
    paper = writer._add_object(form.flate_encode())
    draw = DecodedStreamObject()
    draw.set_data(b"q /PleadingPaper Do Q\n")
    first = writer._add_object(draw)
    for page in writer.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)  # WeasyPrint gives every page its own
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        forms = resources["/XObject"].get_object()
        assert isinstance(forms, DictionaryObject)
        forms[NameObject("/PleadingPaper")] = paper
        contents = page.raw_get("/Contents")
        own = contents.get_object()
        page[NameObject("/Contents")] = ArrayObject(
            [first, *(own if isinstance(own, ArrayObject) else [contents])]
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def preload() -> None:
    """Load the fonts, parse the stylesheets, lay out the blank pleading page and load pypdf
    now (before worker processes are forked: they all inherit them)."""
    _paper_page()


class PdfWriter:
    """Renders documents to PDF, sharing fonts and the parsed stylesheet across documents."""

    suffix = "pdf"

    def __init__(
        self,
        *,
        watermarks: tuple[str, ...] = (),
        variant: str | None = None,
        add_tables: Callable[[Document], Document] | None = None,
    ) -> None:
        """Args:
        watermarks: words across every page ("DRAFT", "SAMPLE — FICTIONAL CASE").
        variant: a PDF variant WeasyPrint knows, e.g. "pdf/a-2b", or None for plain PDF.
        add_tables: gives a paper its tables of contents and authorities; a paper that runs
            past ``TABLES_AFTER_PAGES`` pages is laid out again with them. None: never add.
        """
        self._watermarks = watermarks
        self._variant = variant
        self._add_tables = add_tables
        self._tables_after = TABLES_AFTER_PAGES
        style = _stylesheet()
        self._fetcher, self._fonts = style.fetcher, style.fonts
        # The paper's rules and numbers: drawn under the pages afterwards (``_on_paper``), or,
        # in a variant (PDF/A, PDF/UA), laid out on every page, where tagging expects them.
        self._sheets = [style.css] if variant is None else [style.css, style.paper]

    def write(self, document: Document, *, author: str | None, date: dt.date | None) -> bytes:
        """The PDF bytes of one paper (the writers' protocol)."""
        return self.pdf_bytes(self.lay_out(document, author=author, date=date), document.slug)

    def lay_out(self, document: Document, *, author: str | None, date: dt.date | None) -> Rendered:
        """Lay out one paper, with tables of contents and authorities once it runs long.

        A paper with a place for tables is laid out first in the form its length in characters
        makes likelier; the layout decides, and the other form is laid out only when the guess
        was wrong. A long memorandum so takes two layouts (the tables' page numbers need the
        second), a short paper one.
        """
        tabled = document if self._add_tables is None else self._add_tables(document)
        if tabled is document:  # no tables to add: this paper has no place for them
            return self.render(document, author=author, date=date)
        if _likely_pages(document) > self._tables_after + 1.5:
            rendered = self.render(tabled, author=author, date=date)
            if _body_pages(rendered) > self._tables_after:
                return rendered
            return self.render(document, author=author, date=date)
        rendered = self.render(document, author=author, date=date)
        if len(rendered.pages) <= self._tables_after:
            return rendered
        return self.render(tabled, author=author, date=date)

    def render(self, document: Document, *, author: str | None, date: dt.date | None) -> Rendered:
        """Lay out one document (a WeasyPrint document, not yet written).

        A document with tables of contents or authorities is laid out once with "00" for every
        page number in its tables; that layout tells on which page each heading and citation
        falls. Then only the tables' pages are laid out again with those numbers and put in
        place of the first layout's (the tables are as long with the numbers as without, so no
        page moves). Should the numbers ever change the tables' length, the whole paper is laid
        out again instead.
        """
        source = render_html(document, watermarks=self._watermarks)
        rendered = self._render_html(source, document.title, author, date)
        if not any(isinstance(b, TableOfContents | TableOfAuthorities) for b in document.blocks):
            return rendered
        pages: dict[str, int] = {}
        for number, page in enumerate(rendered.pages, 1):
            for anchor in page.anchors:  # a citation split over two pages: where it begins
                pages.setdefault(anchor, number)
        spliced = self._with_numbered_tables(document, rendered, pages, author, date)
        if spliced is not None:
            return spliced
        source = render_html(document, watermarks=self._watermarks, pages=pages)
        return self._render_html(source, document.title, author, date)

    def _with_numbered_tables(
        self,
        document: Document,
        rendered: Rendered,
        pages: dict[str, int],
        author: str | None,
        date: dt.date | None,
    ) -> Rendered:
        """``rendered`` with its tables' pages laid out again with their page numbers, or None
        when they cannot be told apart or come out longer or shorter."""
        laid = rendered.pages
        span = _tables_span(laid)
        if span is None:
            return None
        start, end = span
        source = render_tables_html(
            document, first_page=start + 1, pages=pages, watermarks=self._watermarks
        )
        if end is None or source is None:
            return None
        tables = self._render_html(source, document.title, author, date)
        if len(tables.pages) != end - start:
            return None
        combined = rendered.copy([*laid[:start], *tables.pages, *laid[end:]])
        _metadata(combined, document.title, author, date)
        return combined

    def slip_sheet(
        self, label: str, title: str, note: str | None, *, author: str | None, date: dt.date | None
    ) -> Rendered:
        """Lay out an exhibit slip sheet."""
        source = render_slip_sheet(label, title, note, watermarks=self._watermarks)
        return self._render_html(source, f"Exhibit {label}: {title}", author, date)

    def _render_html(
        self, source: str, title: str, author: str | None, date: dt.date | None
    ) -> Rendered:
        from weasyprint import HTML

        rendered = HTML(
            string=source, base_url=ASSETS.as_uri() + "/", url_fetcher=self._fetcher
        ).render(font_config=self._fonts, stylesheets=self._sheets)
        _metadata(rendered, title, author, date)
        return rendered

    def pdf_bytes(self, rendered: Rendered, name: str = "a paper", *, paper: bool = True) -> bytes:
        """The PDF bytes of a rendered document or packet, on pleading paper unless ``paper`` is
        false (an exhibit slip sheet).

        Raises:
            PdfError: a character has no glyph in the installed fonts (WeasyPrint reports
                ``.notdef`` while writing, not while laying out).
        """
        with logs.captured() as messages:
            options: dict[str, Any] = {"pdf_identifier": b"assembler"}
            if self._variant:
                options["pdf_variant"] = self._variant
            data: bytes = rendered.write_pdf(**options)
        if any(logs.is_missing_glyph(m) for m in messages):
            # Never the paper's title: a declaration's title holds the declarant's name.
            raise PdfError(
                f"{name}: a character has no glyph in the available fonts (`assembler validate` "
                "names the field); "
                "`assembler doctor` lists which scripts the installed fonts cover"
            )
        if paper and self._variant is None:
            return _on_paper(data)
        return data

    def packet(
        self, rendered: Sequence[Rendered], *, title: str, author: str | None, date: dt.date | None
    ) -> Rendered:
        """All rendered documents as one, in order, keeping each document's bookmarks.

        Painting this repaints every page: the build uses it only for a PDF variant (PDF/A,
        PDF/UA), whose packet must carry one conforming catalog; ``merge_packet`` joins the
        written papers otherwise.
        """
        pages = [page for doc in rendered for page in doc.pages]
        combined = rendered[0].copy(pages)
        _metadata(combined, title, author, date)
        return combined


CHARACTERS_PER_PAGE = 1850
"""About how many characters of the text format a pleading page holds (measured on the samples:
1,500 to 2,000 for a memorandum); only orders the layouts in ``PdfWriter.lay_out``."""


def _likely_pages(document: Document) -> float:
    from assembler.writers.text import render_document

    return len(render_document(document)) / CHARACTERS_PER_PAGE


def _tables_span(pages: Sequence[Page]) -> tuple[int, int | None] | None:
    """Where a laid-out paper's tables of contents and authorities are: they start on the page
    holding their anchor and run until a page holds anything anchored again (None: they run to
    the end). None when the paper has no tables."""
    start = next((i for i, p in enumerate(pages) if TABLES_ANCHOR in p.anchors), None)
    if start is None:
        return None
    return start, next((i for i in range(start + 1, len(pages)) if pages[i].anchors), None)


def _body_pages(rendered: Rendered) -> int:
    """The pages of a laid-out paper without its tables of contents and authorities."""
    pages = rendered.pages
    span = _tables_span(pages)
    if span is None:
        return len(pages)
    start, end = span
    return len(pages) - ((len(pages) if end is None else end) - start)


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


def _metadata(rendered: Rendered, title: str, author: str | None, date: dt.date | None) -> None:
    metadata = rendered.metadata
    metadata.title = title
    metadata.authors = [author] if author else []
    metadata.generator = "assembler"
    # No wall-clock dates: two builds of the same case are byte-identical.
    stamp = f"{date.isoformat()}T00:00:00Z" if date else None
    metadata.created = stamp
    metadata.modified = stamp
