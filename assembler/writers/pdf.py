"""PDF writer: HTML on pleading paper through WeasyPrint, one PDF per paper plus the packet.

WeasyPrint is imported here only, so ``validate`` never pays for it. Only the project's own
assets (templates/, with the bundled body face) and the font files fontconfig found can be
fetched; any other URL is a fatal error. A missing glyph (WeasyPrint's
``.notdef`` warning) is an error too: it would print a blank box in a client's name and break
text extraction.

The pleading paper itself (rules and line numbers, the same on every page) is laid out once per
process on a blank page and drawn under each page of a paper: laid out on every page it cost
about a sixth of each page's time. The marks across every page (DRAFT, SAMPLE) are laid out
once too, and drawn over each page: their outlines, an SVG path WeasyPrint parses again
wherever it draws it, cost about 12 ms a page. The PDF/A and PDF/UA variants still lay both
out per page.
"""

from __future__ import annotations

import atexit
import datetime as dt
import warnings
from collections.abc import Callable, Sequence
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
    render_marks,
    render_slip_sheet,
    render_tables_html,
)
from assembler.writers.marks import MARK_SCHEME, mark_svg
from assembler.writers.pdffiles import on_paper

if TYPE_CHECKING:  # WeasyPrint loads only when a PDF is made; it ships no type information
    from pypdf import PageObject
    from weasyprint.document import Document as Rendered
    from weasyprint.document import Page
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = [
    "ASSETS",
    "TABLES_AFTER_PAGES",
    "PdfError",
    "PdfWriter",
    "preload",
]

ASSETS = bundled("templates")


def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the project's assets and installed font files; refuses every other URL."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == MARK_SCHEME and (svg := mark_svg(parsed.path)) is not None:
                # a page mark drawn as outlines by marks.py, never any other content
                return URLFetcherResponse(url, body=svg, headers={"Content-Type": "image/svg+xml"})
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
    from assembler.writers.weasy import load

    load()  # before anything of WeasyPrint's is imported
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
def _paper_page() -> PageObject:
    """A blank page of pleading paper (rules and line numbers): laid out and painted once per
    process, then drawn under every page of every paper (``pdffiles.on_paper``)."""
    import io

    from pypdf import PdfReader

    style = _stylesheet()  # first: it loads WeasyPrint
    from weasyprint import HTML

    blank = HTML(
        string="<!DOCTYPE html><html><body></body></html>",
        base_url=ASSETS.as_uri() + "/",
        url_fetcher=style.fetcher,
    ).render(font_config=style.fonts, stylesheets=[style.css, style.paper])
    return PdfReader(io.BytesIO(blank.write_pdf(pdf_identifier=b"assembler-paper"))).pages[0]


@cache
def _marks_page(watermarks: tuple[str, ...]) -> PageObject:
    """A page holding the marks alone, where they stand on every page: laid out and painted
    once per process and set of marks, then drawn over every page (``pdffiles.on_paper``)."""
    import io

    from pypdf import PdfReader

    style = _stylesheet()  # first: it loads WeasyPrint
    from weasyprint import HTML

    marks = HTML(
        string=render_marks(watermarks), base_url=ASSETS.as_uri() + "/", url_fetcher=style.fetcher
    ).render(font_config=style.fonts, stylesheets=[style.css])
    return PdfReader(io.BytesIO(marks.write_pdf(pdf_identifier=b"assembler-marks"))).pages[0]


def preload(watermarks: tuple[str, ...] = ()) -> None:
    """Load the fonts, parse the stylesheets, lay out the blank pleading page (and the marks)
    and load pypdf now (before worker processes are forked: they all inherit them)."""
    _paper_page()
    if watermarks:
        _marks_page(watermarks)


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
        # The marks: drawn over the pages afterwards (``on_paper``), or, in a variant, laid
        # out on every page like the paper.
        self._laid_marks = watermarks if variant is not None else ()
        self._variant = variant
        self._add_tables = add_tables
        self._tables_after = TABLES_AFTER_PAGES
        style = _stylesheet()
        self._fetcher, self._fonts = style.fetcher, style.fonts
        # The paper's rules and numbers: drawn under the pages afterwards (``on_paper``), or,
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
        source = render_html(document, watermarks=self._laid_marks)
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
        source = render_html(document, watermarks=self._laid_marks, pages=pages)
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
            document, first_page=start + 1, pages=pages, watermarks=self._laid_marks
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
        source = render_slip_sheet(label, title, note, watermarks=self._laid_marks)
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
        if self._variant is not None or not (paper or self._watermarks):
            return data
        marks = _marks_page(self._watermarks) if self._watermarks else None
        return on_paper(data, _paper_page() if paper else None, marks)

    def packet(
        self, rendered: Sequence[Rendered], *, title: str, author: str | None, date: dt.date | None
    ) -> Rendered:
        """All rendered documents as one, in order, keeping each document's bookmarks.

        Painting this repaints every page: the build uses it only for a PDF variant (PDF/A,
        PDF/UA), whose packet must carry one conforming catalog; ``pdffiles.merge_packet``
        joins the written papers otherwise.
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


def _metadata(rendered: Rendered, title: str, author: str | None, date: dt.date | None) -> None:
    metadata = rendered.metadata
    metadata.title = title
    metadata.authors = [author] if author else []
    metadata.generator = "assembler"
    # No wall-clock dates: two builds of the same case are byte-identical.
    stamp = f"{date.isoformat()}T00:00:00Z" if date else None
    metadata.created = stamp
    metadata.modified = stamp
