"""Exhibit files: found only inside the case's folder, PDFs by content, active content removed.

``validate`` and the build use the same ``locate``: an exhibit's ``file`` is a relative path
that stays inside the case file's folder once links are resolved, names a regular file, and
begins as a PDF does. Nothing outside the folder is opened, and no byte of a file ever reaches
a message. ``strip_active`` removes what a court packet must not carry from an exhibit's pages:
JavaScript and other actions, links that open or launch something, attached files.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pypdf loads only when exhibits are merged
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject

__all__ = ["Located", "locate", "name_problem", "strip_active"]

PDF_MAGIC = b"%PDF-"
HEADER_WINDOW = 1024  # a PDF's header may follow a little junk (ISO 32000-1, annex H.3)


@dataclass(frozen=True)
class Located:
    """Where an exhibit file is, or why it cannot be used (a code and words for a paralegal)."""

    path: Path | None
    code: str = ""
    message: str = ""


def name_problem(name: str) -> Located | None:
    """What is wrong with an exhibit's file name itself (before any folder is looked at)."""
    given = Path(name)
    if given.is_absolute() or PureWindowsPath(name).drive or name.startswith("~"):
        return Located(
            None,
            "exhibits.absolute",
            "use a path relative to the case file, so the case folder can be moved",
        )
    if given.suffix.lower() != ".pdf":
        return Located(None, "exhibits.not_pdf", "must be a PDF file (.pdf)")
    return None


def locate(base_dir: Path, name: str) -> Located:
    """The exhibit file ``name`` names, relative to the case file's folder ``base_dir``."""
    wrong = name_problem(name)
    if wrong is not None:
        return wrong
    given = Path(name)
    try:
        folder = base_dir.resolve()
        path = (folder / given).resolve()
        if not path.is_relative_to(folder):
            return Located(
                None,
                "exhibits.outside",
                "must be a file inside the case file's folder (this path leads out of it, "
                "through '..' or a link); copy the exhibit into the case folder",
            )
        info = path.stat()
    except FileNotFoundError:
        return Located(None, "exhibits.missing_file", "no such file next to the case file")
    except (OSError, RuntimeError) as exc:  # a name too long, a loop of links
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "a loop of links"
        return Located(None, "exhibits.unreadable", f"cannot be read ({reason})")
    if not stat.S_ISREG(info.st_mode):
        return Located(None, "exhibits.not_file", "is not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_WINDOW)
    except OSError as exc:
        return Located(None, "exhibits.unreadable", f"cannot be read ({exc.strerror})")
    if PDF_MAGIC not in head:
        return Located(
            None,
            "exhibits.not_pdf_content",
            "is not a PDF: its content does not begin as a PDF does (a renamed file?)",
        )
    return Located(path)


_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
    }
)
_ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia"})


def _active(annotation: DictionaryObject) -> str | None:
    """What makes an annotation active, or None."""
    subtype = str(annotation.get("/Subtype", ""))
    if subtype in _ACTIVE_ANNOTATIONS:
        return "attached files and media"
    if "/AA" in annotation:
        return "JavaScript and other actions"
    action = annotation.get("/A")
    if action is not None:
        kind = str(action.get_object().get("/S", ""))
        if kind == "/URI":
            return "web links"
        if kind in _ACTIVE_ACTIONS:
            return "JavaScript and other actions"
    return None


def strip_active(pages: list[PageObject]) -> dict[str, int]:
    """Remove active content from pypdf pages in place; returns how many of each kind."""
    from pypdf.generic import ArrayObject, NameObject

    removed: dict[str, int] = {}
    for page in pages:
        if "/AA" in page:  # actions run when the page opens or closes
            del page[NameObject("/AA")]
            removed["JavaScript and other actions"] = (
                removed.get("JavaScript and other actions", 0) + 1
            )
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for ref in annotations.get_object():
            annotation = ref.get_object()
            kind = _active(annotation)
            if kind is None:
                kept.append(ref)
            else:
                removed[kind] = removed.get(kind, 0) + 1
        page[NameObject("/Annots")] = kept
    return removed
