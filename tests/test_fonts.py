"""Fonts: the bundled face's coverage file matches the font; coverage answers per character."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from assembler.fonts import BODY_FACE, bundled_chars, catalog, uncovered, uncovered_in
from assembler.resources import bundled


def test_the_coverage_file_is_the_fonts_own_character_map() -> None:
    font = TTFont(str(bundled("templates") / "fonts" / "LiberationSerif-Regular.ttf"), lazy=True)
    assert bundled_chars() == frozenset(font.getBestCmap())


def test_coverage_names_the_font_or_none() -> None:
    fonts = catalog()
    assert fonts.covers("ẫ") == BODY_FACE  # Vietnamese: in the bundled face
    assert fonts.covers("\ue000") is None  # private use: no font
    assert uncovered("Nguyễn \ue000 \ue000") == ["\ue000"]
    found = uncovered_in({"moving_party": {"other_names": ["ok", "x\U00013000"]}})
    assert [(u.path, u.described) for u in found] == [
        ("moving_party.other_names[1]", "U+13000 EGYPTIAN HIEROGLYPH A001")
    ]
