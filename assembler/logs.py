"""The logging policy, in one place (WeasyPrint's ``logger.py`` is the model).

- The package logs under ``assembler`` and attaches only a ``NullHandler``: an application that
  embeds it decides where records go; the command line shows them with ``-v``.
- The libraries that lay out and write the papers (WeasyPrint, fontTools) log problems instead
  of raising them. A build captures their warnings and errors and reports them: in the build
  report and on the terminal. None is discarded. A missing glyph is worse than a warning: the
  PDF writer turns it into an error (``PdfError``).
- The test suite fails a test whose build logs a warning it did not expect (tests/conftest.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER = logging.getLogger("assembler")
LOGGER.addHandler(logging.NullHandler())

CAPTURED = ("weasyprint", "fontTools")
"""The loggers whose warnings a build reports. pypdf's are silenced where the packet is joined:
they describe the structure of exhibit files the court never sees (writers/pdffiles.py)."""


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        source = "WeasyPrint" if record.name.startswith("weasyprint") else record.name
        message = f"{source}: {record.getMessage()}"
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def captured() -> Iterator[list[str]]:
    """Collect the libraries' warnings and errors while the block runs, each once, in order:
    ``"WeasyPrint: Font-face 'X' cannot be loaded"``. The list fills as records arrive."""
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in CAPTURED]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        for logger in loggers:
            logger.removeHandler(collector)


def is_missing_glyph(message: str) -> bool:
    """Whether a captured message reports a character the fonts cannot draw."""
    return ".notdef" in message or "glyph" in message.lower()
