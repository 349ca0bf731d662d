"""The clause library: clause files (TOML front matter + Jinja body) and document definitions.

A clause file looks like this::

    +++
    id = "memo.custody"
    title = "No longer in criminal custody"
    document = "notice"              # the paper; the folder's name when left out
    section = "argument"
    order = 320
    when = "a1"                      # a condition over the case; "true" when omitted
    requires = ["criminal_case.custody_ended_on"]
    cites = ["pen-1473.7", "rodriguez"]  # optional: what the body cites ([@id]) is read from it
    verified = true                  # false prints "verify before filing" with the clause
    note = "..."                     # what to verify (with verified = false)
    case_check = "removal-grounds"   # the note is about this client's case: signed per case
    +++
    ## {{ party | called }} is no longer in criminal custody
    ...

A firm's folder (``--clauses DIR``) is read after the bundled library: a clause there with the same
id replaces the bundled one, a new id adds a clause, and a ``documents.toml`` there overrides
document definitions the same way.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.errors import (
    LibraryError,
)
from assembler.resources import bundled
from assembler.tomltables import read_text, read_toml, tables

__all__ = [
    "BUNDLED_DIR",
    "Clause",
    "DocumentDef",
    "Library",
    "LibraryError",
    "load_library",
]

BUNDLED_DIR = bundled("clauses")
FENCE = "+++"
_CLAUSE_KEYS = {"id", "title", "document", "section", "order", "when", "requires", "cites"}
_CLAUSE_KEYS |= {"verified", "note", "case_check"}
_DOCUMENT_KEYS = frozenset(
    {"title", "slug", "order", "when", "hearing", "context", "tables_before", "renotice"}
)
RENOTICE = ("", "only", "also")
"""A paper's place in a renotice: left out (""), in a renotice alone ("only"), or in both."""


@dataclass(frozen=True)
class Clause:
    """One clause: where it goes, when it applies, what it needs and cites, and its body.

    Attributes:
        body_line: line number in ``path`` where the body starts (for error messages).
        bundled: the clause comes with the tool (not from a firm's folder): a ``TypeError`` in
            it is a bug of the tool, not a broken clause.
    """

    id: str
    title: str
    document: str
    section: str
    order: int
    when: str
    requires: tuple[str, ...]
    cites: tuple[str, ...]
    verified: bool
    note: str
    body: str
    path: Path
    body_line: int
    bundled: bool = False
    case_check: str = ""
    """The id of the case check its note is (``removal-grounds``): the attorney signs it off per
    case, in the case's review record; empty when the note is about the law (the firm records
    it once, by clause id, in its authorities file)."""

    @property
    def check(self) -> str:
        """The id of the check an unverified clause asks for: ``case:ID`` or ``law:CLAUSE``."""
        return f"case:{self.case_check}" if self.case_check else f"law:{self.id}"

    @property
    def digest(self) -> str:
        """A fingerprint of what a law check of this clause vouches for (its note and body): a
        firm's check recorded with it lapses when the clause changes."""
        text = f"{self.note}\0{self.body}".encode()
        return hashlib.sha256(text).hexdigest()[:16]

    def where(self, line: int = 0) -> str:
        """``file:line`` of a line of the body (1-based), or of the file."""
        return f"{self.path}:{self.body_line + line - 1}" if line else str(self.path)


@dataclass(frozen=True)
class DocumentDef:
    """A paper of the packet.

    Attributes:
        id: e.g. ``notice``; clauses name it in ``document``.
        title: Jinja template of the paper's title (caption and footer).
        slug: file-name stem.
        order: filing order (smaller first).
        when: condition under which the packet includes it.
        hearing: whether the caption shows the hearing.
        context: what the document is about, e.g. ``declaration:moving_party`` binds
            ``declaration`` to that declaration of the case.
        tables_before: id of the clause the tables of contents and authorities precede,
            when they are asked for ("" for a paper without them).
        renotice: whether the paper belongs to the packet served when the court sets the
            hearing of a motion filed "to be set" (``hearing.renotice_of``): "" not in it,
            "only" in it alone, "also" in both packets.
        bundled: the definition comes with the tool (not from a firm's documents.toml).
    """

    id: str
    title: str
    slug: str
    order: int
    when: str
    hearing: bool
    context: str
    tables_before: str
    path: Path
    renotice: str = ""
    bundled: bool = False


@dataclass(frozen=True)
class Library:
    """Documents and clauses, after applying any firm overrides."""

    documents: dict[str, DocumentDef]
    clauses: dict[str, Clause]
    sources: tuple[Path, ...] = field(default=())

    def clauses_for(self, document: str) -> list[Clause]:
        """The clauses of a document in order."""
        found = [c for c in self.clauses.values() if c.document == document]
        return sorted(found, key=lambda c: (c.order, c.id))


def load_library(extra: Path | None = None, bundled: Path = BUNDLED_DIR) -> Library:
    """Read the bundled library and, if given, a firm's folder that overrides and extends it.

    Raises:
        LibraryError: a file is malformed, or two clauses in one folder share an id.
    """
    folders = [bundled] + ([extra] if extra is not None else [])
    documents: dict[str, DocumentDef] = {}
    clauses: dict[str, Clause] = {}
    for folder in folders:
        if not folder.is_dir():
            raise LibraryError(f"{folder}: no such clause folder")
        docs_file = folder / "documents.toml"
        if docs_file.exists():  # a pipe or a folder by that name is refused, not skipped
            documents |= _read_documents(docs_file, bundled=folder is bundled)
        seen: dict[str, Path] = {}
        for path in sorted(folder.rglob("*.md")):
            if path.name.upper() == "README.MD":
                continue
            clause = read_clause(path, bundled=folder is bundled)
            if clause.id in seen:
                raise LibraryError(
                    f"{path}:2: clause id {clause.id!r} is also used by {seen[clause.id]}"
                )
            seen[clause.id] = path
            clauses[clause.id] = clause
    for clause in clauses.values():
        if clause.document not in documents:
            known = ", ".join(sorted(documents))
            raise LibraryError(
                f"{clause.path}:2: unknown document {clause.document!r} (the front matter's "
                "document, or the folder's name when it names none); the papers are: " + known
            )
    return Library(documents, clauses, tuple(folders))


def read_clause(path: Path, *, bundled: bool = False) -> Clause:
    """Read one clause file (``bundled``: one of the tool's own).

    Raises:
        LibraryError: no front matter, bad TOML, unknown or missing keys, wrong types.
    """
    text = read_text(path, LibraryError)  # a named pipe is refused, never waited on
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise LibraryError(f"{path}:1: a clause file starts with a '{FENCE}' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise LibraryError(f"{path}:1: front matter is not closed by a '{FENCE}' line") from None
    try:
        meta = tomllib.loads("".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"{path}:{_toml_line(exc) + 1}: front matter: {exc}") from None
    except RecursionError:
        raise LibraryError(f"{path}:2: front matter nests too deeply") from None
    unknown = set(meta) - _CLAUSE_KEYS
    if unknown:
        raise LibraryError(f"{path}:2: unknown key(s) {', '.join(sorted(unknown))}")
    where = f"{path}:2"
    return Clause(
        id=_text(meta, "id", where),
        title=_text(meta, "title", where),
        document=_text(meta, "document", where, default=path.parent.name),
        section=_text(meta, "section", where, default=""),
        order=_int(meta, "order", where),
        when=_text(meta, "when", where, default="true"),
        requires=_texts(meta, "requires", where),
        cites=_cites(_texts(meta, "cites", where), "".join(lines[end + 1 :])),
        verified=_bool(meta, "verified", where, default=True),
        note=_text(meta, "note", where, default=""),
        case_check=_check_id(meta, where),
        body="".join(lines[end + 1 :]),
        path=path,
        body_line=end + 2,
        bundled=bundled,
    )


_CITED = re.compile(r"\[@([A-Za-z0-9.-]+)")


def _cites(listed: tuple[str, ...], body: str) -> tuple[str, ...]:
    """The authorities a clause cites: those its body cites (``[@id]``), after any the front
    matter lists; the list is optional, the body is what counts."""
    return tuple(dict.fromkeys([*listed, *_CITED.findall(body)]))


def _check_id(meta: dict[str, Any], where: str) -> str:
    """The ``case_check`` id, checked: lower-case words joined by hyphens."""
    check = _text(meta, "case_check", where, default="")
    if check and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check):
        raise LibraryError(f"{where}: case_check is an id of lower-case words and hyphens")
    if check and _bool(meta, "verified", where, default=True):
        raise LibraryError(
            f"{where}: case_check names the check of an unverified clause: "
            "add verified = false and the note the attorney signs off"
        )
    return check


def _read_documents(path: Path, *, bundled: bool) -> dict[str, DocumentDef]:
    documents = {}
    data = read_toml(path, LibraryError)
    for key, where, meta in tables(data, path, LibraryError, _DOCUMENT_KEYS, noun="key"):
        documents[key] = DocumentDef(
            id=key,
            title=_text(meta, "title", where),
            slug=_text(meta, "slug", where),
            order=_int(meta, "order", where),
            when=_text(meta, "when", where, default="true"),
            hearing=_bool(meta, "hearing", where, default=False),
            context=_text(meta, "context", where, default=""),
            tables_before=_text(meta, "tables_before", where, default=""),
            path=path,
            renotice=_text(meta, "renotice", where, default=""),
            bundled=bundled,
        )
        if documents[key].renotice not in RENOTICE:
            raise LibraryError(f'{where}: renotice must be "only" or "also" (or left out)')
    return documents


def _toml_line(exc: tomllib.TOMLDecodeError) -> int:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    text = str(exc)
    marker = "line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(",")[0].split(")")[0]
        if digits.isdigit():
            return int(digits)
    return 1


_MISSING = object()


def _get(meta: dict[str, Any], key: str, where: str, default: Any) -> Any:
    value = meta.get(key, default)
    if value is _MISSING:
        raise LibraryError(f"{where}: missing key {key!r}")
    return value


def _text(meta: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = _get(meta, key, where, default)
    if not isinstance(value, str):
        raise LibraryError(f"{where}: {key} must be text in quotes")
    return value


def _int(meta: dict[str, Any], key: str, where: str) -> int:
    value = _get(meta, key, where, _MISSING)
    if not isinstance(value, int) or isinstance(value, bool):
        raise LibraryError(f"{where}: {key} must be a whole number")
    return value


def _bool(meta: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = _get(meta, key, where, default)
    if not isinstance(value, bool):
        raise LibraryError(f"{where}: {key} must be true or false")
    return value


def _texts(meta: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = _get(meta, key, where, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LibraryError(f'{where}: {key} must be a list of texts, e.g. ["vivar"]')
    return tuple(value)
