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

WeasyPrint also writes the bundled faces into a temporary folder of its own
(``weasyprint-XXXXXXXX``, made by ``FontConfiguration.add_font_face``) and removes it only when
the font configuration is freed, which the command's quick exit (``cli.run``) and a worker
process's exit skip. Each folder is recorded with the process that made it, and that process
removes it when it ends: ``remove_temporary_folders`` from ``cli.run`` before the quick exit, at
a normal interpreter exit, and when a ``multiprocessing`` worker (a batch's, the render
stage's) returns. A forked worker never removes its parent's folder. An error while writing a
face there (a full disk, a file-size limit) names the folder.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["SizedArrays", "load", "remove_temporary_folders"]


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
    _record_font_folders()
    return sys.modules["weasyprint"]


_FOLDERS: list[tuple[int, Path]] = []
"""WeasyPrint's temporary folders, each with the process that made it."""
_CLEANUP_IN: set[int] = set()
"""The processes that have registered ``remove_temporary_folders`` for their exit."""


def remove_temporary_folders() -> None:
    """Remove the temporary folders WeasyPrint made in this process (a forked child's list
    holds its parent's too: those are the parent's to remove). Called as the process ends: the
    fonts in them are no longer usable afterwards."""
    pid = os.getpid()
    for entry in [e for e in _FOLDERS if e[0] == pid]:
        shutil.rmtree(entry[1], ignore_errors=True)
        _FOLDERS.remove(entry)


def _record_font_folders() -> None:
    """Make WeasyPrint's font configuration record the temporary folder it makes, and name that
    folder in an error writing to it; once per process (a forked child inherits it)."""
    import weasyprint.text.fonts as text_fonts

    made = getattr(text_fonts, "mkdtemp", None)
    if made is None or getattr(made, "_assembler", False):
        return
    text_fonts.mkdtemp = _recorded_mkdtemp
    config = getattr(text_fonts, "FontConfiguration", None)
    add = getattr(config, "add_font_face", None)
    if config is not None and add is not None:
        config.add_font_face = _naming_folder(add)


def _recorded_mkdtemp(*args: Any, **kwargs: Any) -> str:
    # Not ended between making the folder and recording it: a process loading ahead of a build
    # (``render.Ahead``) is ended with SIGTERM, and removes the folders recorded as it goes.
    masks = sys.platform != "win32"  # no such signal mask on Windows (nor forking)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}) if masks else set()
    try:
        folder: str = tempfile.mkdtemp(*args, **kwargs)
        pid = os.getpid()
        _FOLDERS.append((pid, Path(folder)))
    finally:
        if masks:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if pid not in _CLEANUP_IN:
        _CLEANUP_IN.add(pid)
        atexit.register(remove_temporary_folders)  # a normal exit of this process
        from multiprocessing import util

        # a multiprocessing worker ends with os._exit after running these (not atexit's)
        util.Finalize(None, remove_temporary_folders, exitpriority=0)
    return folder


_recorded_mkdtemp._assembler = True  # type: ignore[attr-defined]


def _naming_folder(add: Callable[..., Any]) -> Callable[..., Any]:
    """``add_font_face``, its OSError (WeasyPrint writing a face into its folder names no
    file) raised as ``CannotWrite`` naming the folder."""

    @functools.wraps(add)
    def add_font_face(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return add(self, *args, **kwargs)
        except OSError as exc:
            from assembler.errors import CannotWrite

            folder = getattr(self, "_folder", None) or exc.filename or tempfile.gettempdir()
            raise CannotWrite.from_os_error(folder, exc) from exc

    return add_font_face


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
