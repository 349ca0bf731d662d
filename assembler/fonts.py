"""Fonts: the bundled body face, the system's fallbacks (through fontconfig), and who covers what.

The PDF's body face is bundled (``templates/fonts``), so its metrics never depend on the machine.
Scripts it lacks fall back to the fonts fontconfig knows. This module answers, without laying
out anything: which font covers a character, which characters of a case no font covers (and
at which JSON path), and which font files fontconfig found (the only system files the PDF
writer may read). fontconfig is reached through ctypes: it is already loaded by Pango for
WeasyPrint, and its character sets answer coverage without opening a font file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assembler.resources import bundled

__all__ = [
    "BODY_FACE",
    "BUNDLED_FACES",
    "Catalog",
    "SystemFont",
    "Uncovered",
    "bundled_chars",
    "bundled_face_prints",
    "bundled_ranges",
    "catalog",
    "uncovered",
    "uncovered_in",
]

BODY_FACE = "Liberation Serif"
BUNDLED_FACES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2", ".pfb", ".pfa"})

# Characters that never reach a glyph: line breaks and spaces the layout handles itself.
_LAYOUT = frozenset("\n\r\t ")


@dataclass(frozen=True, slots=True)
class SystemFont:
    """One font face fontconfig knows."""

    file: Path
    family: str
    charset: Any  # an FcCharSet*, owned by fontconfig's configuration (kept alive below)


class _FcFontSet(ctypes.Structure):
    _fields_ = (
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    )


_FC_MATCH = 0  # FcResultMatch
_FC_SET_SYSTEM = 0


def _fontconfig() -> Any | None:
    names = [ctypes.util.find_library("fontconfig"), "libfontconfig.so.1", "libfontconfig.1.dylib"]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
        lib.FcConfigGetFonts.restype = ctypes.POINTER(_FcFontSet)
        lib.FcConfigGetFonts.argtypes = (ctypes.c_void_p, ctypes.c_int)
        lib.FcPatternGetString.argtypes = (
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_char_p),
        )
        lib.FcPatternGetCharSet.argtypes = (
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_void_p),
        )
        lib.FcCharSetHasChar.argtypes = (ctypes.c_void_p, ctypes.c_uint32)
        lib.FcCharSetHasChar.restype = ctypes.c_int
        lib.FcGetVersion.restype = ctypes.c_int
        return lib
    return None


@dataclass
class Catalog:
    """The bundled face's characters and the system fonts, loaded once per process."""

    bundled_chars: frozenset[int]
    system: tuple[SystemFont, ...]
    fontconfig_version: str | None
    _lib: Any = None
    _config: Any = None

    def covers(self, char: str) -> str | None:
        """The name of a font that has ``char`` (the bundled face first), or None."""
        if char in _LAYOUT or unicodedata.category(char) == "Zs":
            return BODY_FACE  # not LINE or PARAGRAPH SEPARATOR: the layout draws no such break
        code = ord(char)
        if code in self.bundled_chars:
            return BODY_FACE
        for font in self.system:
            if font.charset and self._lib.FcCharSetHasChar(font.charset, code):
                return font.family
        return None

    def files(self) -> frozenset[Path]:
        """Every font file fontconfig found, resolved."""
        return frozenset(font.file for font in self.system)

    def families(self, sample: str) -> list[str]:
        """The system families that cover every character of ``sample``, sorted."""
        codes = [ord(c) for c in sample]
        found = {
            font.family
            for font in self.system
            if font.charset and all(self._lib.FcCharSetHasChar(font.charset, c) for c in codes)
        }
        return sorted(found)


def bundled_ranges() -> list[tuple[int, int]]:
    """The code point ranges the bundled face has (``fonts/coverage.txt``, made from its cmap)."""
    ranges = []
    text = (bundled("templates") / "fonts" / "coverage.txt").read_text(encoding="ascii")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            ranges.append((int(first, 16), int(last, 16)))
    return ranges


@cache
def bundled_chars() -> frozenset[int]:
    """Every character the bundled body face has (read once per process, no font library)."""
    return frozenset(c for first, last in bundled_ranges() for c in range(first, last + 1))


def bundled_face_prints(text: str) -> bool:
    """Whether the bundled body face has every character of ``text`` (no font library loaded)."""
    return _bundled_text().issuperset(text)


@cache
def _bundled_text() -> frozenset[str]:
    return frozenset(map(chr, bundled_chars()))


@cache
def catalog() -> Catalog:
    """The fonts this machine offers the PDF writer (computed once per process)."""
    chars = bundled_chars()
    lib = _fontconfig()
    if lib is None:
        return Catalog(chars, (), None)
    config = lib.FcInitLoadConfigAndFonts()
    fonts: list[SystemFont] = []
    fontset = lib.FcConfigGetFonts(config, _FC_SET_SYSTEM) if config else None
    if fontset:
        for i in range(fontset.contents.nfont):
            pattern = fontset.contents.fonts[i]
            file = ctypes.c_char_p()
            family = ctypes.c_char_p()
            charset = ctypes.c_void_p()
            if lib.FcPatternGetString(pattern, b"file", 0, ctypes.byref(file)) != _FC_MATCH:
                continue
            if lib.FcPatternGetString(pattern, b"family", 0, ctypes.byref(family)) != _FC_MATCH:
                family = ctypes.c_char_p(b"?")
            if lib.FcPatternGetCharSet(pattern, b"charset", 0, ctypes.byref(charset)) != _FC_MATCH:
                charset = ctypes.c_void_p()
            path = Path((file.value or b"").decode("utf-8", "replace")).resolve()
            name = (family.value or b"?").decode("utf-8", "replace")
            fonts.append(SystemFont(path, name, charset.value))
    fonts.sort(key=lambda f: (f.family, str(f.file)))
    version = lib.FcGetVersion()
    dotted = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
    return Catalog(chars, tuple(fonts), dotted, lib, config)


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A character of the case that no available font can print."""

    path: str
    char: str

    @property
    def described(self) -> str:
        """``U+1F600 GRINNING FACE`` (never the text around it: that is client data)."""
        from assembler.characters import describe

        return describe(self.char)


def uncovered_in(data: Any) -> list[Uncovered]:
    """Every (JSON path, character) of ``data`` that the PDF cannot print, each once: what
    ``validate`` refuses (``characters.unprintable``, the same answer), for a draft's build.
    Control characters are left to the writers, which show them as U+FFFD in a draft.

    Args:
        data: the case as JSON data (``Case.model_dump(mode="json", by_alias=True)``).
    """
    from assembler.characters import strings, unprintable
    from assembler.errors import format_path

    return [
        Uncovered(format_path(where), char)
        for where, text, is_key in strings(data)
        if not is_key
        for char, kind in unprintable(text).items()
        if kind != "control"
    ]


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` (each once) that no available font covers.

    The bundled face answers for most text without loading anything; fontconfig is asked only
    about characters outside it (a Chinese name, an emoji).
    """
    if text.isascii():
        return []  # the bundled face covers all of printable ASCII (controls are not text)
    own = bundled_chars()
    found = []
    for char in dict.fromkeys(text):
        if ord(char) in own or char in _LAYOUT:
            continue
        if catalog().covers(char) is None:
            found.append(char)
    return found
