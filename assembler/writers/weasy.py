"""Loading WeasyPrint, without two costs of its own that no paper needs.

1. **Finding its libraries.** WeasyPrint tries each C library under several names, the Windows
   and macOS names first. On Linux each name that is not a file name goes to
   ``ctypes.util.find_library``, which runs ``ldconfig``, then ``gcc`` and ``ld`` for a name it
   does not know: some 15 ms for each of the 16 names that miss, about 0.2 s of every process
   that makes a PDF, before anything is laid out. While WeasyPrint loads, a name is looked up in
   ``ldconfig``'s cache alone. A library outside that cache still loads: WeasyPrint's Linux
   names (``libpango-1.0.so.0``) go to the dynamic linker directly, which searches
   ``LD_LIBRARY_PATH``. Should WeasyPrint still fail to load, it is loaded again with the full
   search, so an error is the one WeasyPrint would give.
2. **Arrays sized in their type.** To subset a font, WeasyPrint asks cffi for arrays whose
   length is in the type (``hb_codepoint_t[517]``); cffi parses each new type text with
   pycparser, 3 to 4 ms a time, about 0.2 s of CPU for each case's papers. Asked for
   ``hb_codepoint_t[]`` with the same items, cffi gives the same array from one parsed type.

Both only remove work; the papers' bytes are the same (the goldens and the byte-identical
rebuilds hold). Each step checks that WeasyPrint is still shaped as expected, and does nothing
otherwise.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from types import ModuleType

__all__ = ["SizedArrays", "load"]


@cache
def load() -> ModuleType:
    """Import WeasyPrint (once per process), with the two costs above removed.

    Raises:
        ImportError, OSError: WeasyPrint or one of its C libraries cannot be loaded.
    """
    try:
        # WeasyPrint prints a banner before it fails to find a library: the full search below
        # prints it again if it fails too
        with _library_search_in_cache(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError:
        import weasyprint  # noqa: F401  # the full search, with WeasyPrint's own message

    import weasyprint.pdf.fonts as fonts

    if not isinstance(fonts.ffi, SizedArrays) and hasattr(fonts.ffi, "new"):
        fonts.ffi = SizedArrays(fonts.ffi)
    return sys.modules["weasyprint"]


@contextlib.contextmanager
def _library_search_in_cache() -> Iterator[None]:
    """On Linux, ``ctypes.util.find_library`` reads ``ldconfig``'s cache alone, for a while."""
    import ctypes.util

    in_cache: Callable[[str], str | None] | None = getattr(
        ctypes.util, "_findSoname_ldconfig", None
    )
    if not sys.platform.startswith("linux") or in_cache is None:
        yield
        return
    full = ctypes.util.find_library
    ctypes.util.find_library = in_cache  # type: ignore[assignment]  # same signature
    try:
        yield
    finally:
        ctypes.util.find_library = full


_SIZED = re.compile(r"(\w[\w ]*)\[(\d+)\]")


class SizedArrays:
    """A cffi ``FFI`` whose ``new("T[N]", items)`` with N items is ``new("T[]", items)``."""

    def __init__(self, ffi: object) -> None:
        self._ffi = ffi

    def __getattr__(self, name: str) -> object:
        return getattr(self._ffi, name)

    def new(self, cdecl: object, init: object = None) -> object:
        """The array (or other C data) ``cdecl`` names, filled from ``init``."""
        new: Callable[[object, object], object] = self._ffi.new  # type: ignore[attr-defined]
        if isinstance(cdecl, str) and isinstance(init, tuple | list):  # not text: "char[4]"
            sized = _SIZED.fullmatch(cdecl)
            if sized is not None and int(sized[2]) == len(init):
                return new(f"{sized[1]}[]", init)
        return new(cdecl, init)
