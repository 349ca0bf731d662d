"""The Word shell's spec: the only home of its file name, its style names, the names the Word
writer gives it and the tags it holds, and of the one zip normaliser that makes equal Word
documents equal bytes.

``shells.build`` makes ``pleading.docx`` from it, ``writers/docx.py`` fills it, and
``shells.lint`` checks a firm's shells against it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence

SHELL_NAME = "pleading.docx"

PARAGRAPH = {
    "body": "Pleading Body",
    "heading1": "Pleading Heading 1",
    "heading2": "Pleading Heading 2",
    "heading3": "Pleading Heading 3",
    "title": "Pleading Title",
    "numbered": "Declaration Paragraph",
    "quote": "Block Quote",
    "list": "List Item",
    "signature": "Signature Block",
    "verify": "Verify Note",
    "contents": "Contents Entry",
    "authorities": "Authorities Entry",
}
"""The paragraph styles the writer uses, by the role it gives them."""

CHARACTER = {
    "case_name": "Case Name",
    "emphasis": "Emphasis",
    "strong": "Strong",
    "missing": "Missing Fact",
    "verify_flag": "Verify Flag",
}
"""The character styles the writer uses, by role."""

FRAME = {"filer": "Filer Block", "court": "Court Title", "caption": "Caption"}
"""Paragraph styles only the shell's own first-page frame uses."""
FRAME_STYLES = tuple(FRAME.values())

STYLES = PARAGRAPH | CHARACTER
PARAGRAPH_STYLES = (*PARAGRAPH.values(), *FRAME_STYLES)
CHARACTER_STYLES = tuple(CHARACTER.values())

SHELL_NAMES = frozenset(
    {
        "filer_lines",
        "attorney_for",
        "court_lines",
        "plaintiff",
        "defendant",
        "case_number",
        "paper_title",
        "hearing_lines",
        "footer_title",
        "notice",
        "body",
    }
)
"""Every name the Word writer gives a shell."""

TAGS = (
    "{%p for line in filer_lines %}",
    "{{ line }}",
    "{%p endfor %}",
    "{{ attorney_for }}",
    "{%p for line in court_lines %}",
    "{{ plaintiff }}",
    "{{ defendant }}",
    "{{ case_number }}",
    "{{ paper_title }}",
    "{%p if hearing_lines %}",
    "{%p for line in hearing_lines %}",
    "{%p endif %}",
    "{{p body }}",
    "{% if notice %}",
    "{{ notice }}",
    "{% endif %}",
    "{{ footer_title }}",
)
"""The docxtpl tags the bundled shell holds, each in one run."""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalized_zip(
    data: bytes,
    *,
    edit: Callable[[str, bytes], bytes | None] = lambda _name, part: part,
    first: Sequence[str] = (),
    level: int | None,
    unix: bool = False,
) -> bytes:
    """The same package re-zipped so that equal documents are equal bytes (see
    ``normalized_parts``); ``edit`` may rewrite a part (or drop it, returning None)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    edited = {name: edit(name, part) for name, part in parts.items()}
    kept = {name: part for name, part in edited.items() if part is not None}
    return normalized_parts(kept, first=first, level=level, unix=unix)


def normalized_parts(
    parts: Mapping[str, bytes], *, first: Sequence[str] = (), level: int | None, unix: bool = False
) -> bytes:
    """A package zipped so that equal documents are equal bytes: the ``first`` entries, then the
    rest sorted, each with a fixed time and mode; ``level`` is the deflate level (None: zlib's
    default); ``unix`` marks entries as made on Unix."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        leading = [n for n in first if n in parts]
        for name in leading + sorted(n for n in parts if n not in leading):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if unix:
                info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name], compresslevel=level)
    return out.getvalue()
