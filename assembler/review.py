"""The attorney's review: what a packet still asks to be checked, who checked it, and the record.

Two homes for two kinds of check (legal review 2, K1 and K2):

- **Citation checks** (an authority's citation, a page pin, a clause's note about the law) are
  the firm's, recorded once in its authorities file and good for every case: an authority by its
  id (``[jung]``), a pin in the entry's pin table, a clause note by clause id
  (``[clause."memo.racial-justice"]``).
- **Case checks** (a clause's note about this client's case, such as the removal ground stated
  for each consequence) are signed off per case, in the review record beside the case file
  (``garcia.json`` → ``garcia.review.toml``). A case check is signed for the text the papers
  printed when it was signed: when that text changes, the signature no longer clears it. A
  firm's file never clears a case check.

Text the papers leave for the attorney to write (``write:…``) is neither: the case file gives
it. ``assembler review`` lists the checks and records them; ``build --final`` refuses while any
is open and writes the cite-check record (:func:`cite_check_record`) beside the papers.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembler.errors import ReviewError
from assembler.verification import Check, Kind, checks

if TYPE_CHECKING:
    from assembler.assembly import Assembler
    from assembler.authorities import Registry
    from assembler.document import Document, Packet
    from assembler.library import Library

__all__ = [
    "KIND_TITLES",
    "RECORDED_IN",
    "CaseRecord",
    "Review",
    "ReviewError",
    "Signature",
    "Status",
    "assemble_as_is",
    "cite_check_record",
    "cleared",
    "collect",
    "digest",
    "evaluate",
    "library_version",
    "load_record",
    "record_text",
    "review_case",
    "review_path",
]

RECORD_SUFFIX = ".review.toml"

KIND_TITLES = {
    Kind.CITATION: "Citations to verify (the firm's authorities file; once for every case)",
    Kind.PIN: "Page pins to confirm (the firm's authorities file, the entry's pins)",
    Kind.LAW: "Clause notes about the law (the firm's authorities file, by clause id)",
    Kind.CASE: "Case checks (this case's review record; signed per case)",
    Kind.WRITE: "To write (the case file gives it; it cannot be signed)",
}


@dataclass(frozen=True)
class Signature:
    """Who recorded a check, when, against what, and where it is recorded."""

    by: str
    on: str
    where: str
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Status:
    """A check with its state: ``open``, ``done``, or ``changed`` (signed for other text)."""

    check: Check
    state: str
    signature: Signature | None = None

    @property
    def open(self) -> bool:
        return self.state != "done"


# --- the checks of a packet ---------------------------------------------------------------


def collect(documents: Sequence[Document], registry: Registry) -> list[Check]:
    """Every check the papers ask for, each id once with every paper that asks for it; a case
    check's text is what all of them print (so the signature covers the memorandum and the
    order alike)."""
    merged: dict[str, Check] = {}
    for document in documents:
        for check in checks(document, registry):
            first = merged.get(check.id)
            if first is None:
                merged[check.id] = check
                continue
            concerns = first.concerns
            if check.kind is Kind.CASE and check.concerns not in concerns.split("\n\n"):
                concerns = f"{concerns}\n\n{check.concerns}"
            papers = first.papers + tuple(p for p in check.papers if p not in first.papers)
            merged[check.id] = replace(first, papers=papers, concerns=concerns)
    return list(merged.values())


def digest(check: Check) -> str:
    """The fingerprint of what a case check was signed for: its text, as the papers print it."""
    return "sha256:" + hashlib.sha256(check.concerns.encode()).hexdigest()


# --- the case's review record -------------------------------------------------------------


@dataclass(frozen=True)
class CaseRecord:
    """The case checks signed for one case (its ``.review.toml``), by check id (``removal-grounds``)."""

    path: Path
    signed: dict[str, dict[str, Any]]


def review_path(case_file: Path) -> Path:
    """The review record beside a case file: ``garcia.json`` → ``garcia.review.toml``."""
    return case_file.with_name(case_file.stem + RECORD_SUFFIX)


_ENTRY = {"verified_by", "verified_on", "note", "papers", "text"}


def load_record(case_file: Path) -> CaseRecord:
    """The case's review record (empty when there is none).

    Raises:
        ReviewError: the record is not TOML or an entry is malformed (naming it).
    """
    from assembler.tomltables import read_toml

    path = review_path(case_file)
    if not path.exists():
        return CaseRecord(path, {})
    data = read_toml(path, ReviewError)
    table = data.get("checks", {})
    if set(data) - {"checks"} or not isinstance(table, dict):
        raise ReviewError(
            f'{path}: a review record holds one [checks."ID"] table per case check signed'
        )
    signed: dict[str, dict[str, Any]] = {}
    for key, entry in table.items():
        where = f'{path}: [checks."{key}"]'
        if not isinstance(entry, dict) or set(entry) - _ENTRY:
            raise ReviewError(f"{where}: the fields are {', '.join(sorted(_ENTRY))}")
        if not str(entry.get("verified_by", "")).strip():
            raise ReviewError(f"{where}: verified_by names who signed it off")
        signed[key] = entry
    return CaseRecord(path, signed)


def evaluate(
    found: Iterable[Check], registry: Registry, library: Library, record: CaseRecord
) -> list[Status]:
    """Each check with its state: a case check is done when the record signs it for the text
    the papers print now; a law check when the firm's file records the clause (as it is now);
    a citation or pin check is open (a verified one is not asked for at all)."""
    statuses: list[Status] = []
    firm = str(registry.firm_file) if registry.firm_file else "the firm's authorities file"
    for check in found:
        if check.kind is Kind.CASE:
            entry = record.signed.get(check.id.removeprefix("case:"))
            if entry is None:
                statuses.append(Status(check, "open"))
                continue
            signature = Signature(
                str(entry.get("verified_by", "")),
                str(entry.get("verified_on", "")),
                str(record.path.name),
                note=str(entry.get("note", "")),
            )
            state = "done" if entry.get("text") == digest(check) else "changed"
            statuses.append(Status(check, state, signature))
        elif check.kind is Kind.LAW:
            recorded = registry.clause_checks.get(check.clause)
            if recorded is None:
                statuses.append(Status(check, "open"))
                continue
            signature = Signature(
                recorded.verified_by, recorded.verified_on, firm, recorded.source, recorded.note
            )
            clause = library.clauses.get(check.clause)
            current = not recorded.digest or (
                clause is not None and recorded.digest == clause.digest
            )
            statuses.append(Status(check, "done" if current else "changed", signature))
        else:
            statuses.append(Status(check, "open"))
    return statuses


def cleared(statuses: Iterable[Status]) -> set[str]:
    """The ids of the checks that are done."""
    return {s.check.id for s in statuses if not s.open}


@dataclass(frozen=True)
class Review:
    """A case's review as it stands: its checks with their states, and where each is kept."""

    case_file: Path
    statuses: list[Status]
    record: CaseRecord
    draft: bool
    """The case has errors: its papers were assembled as a draft (the facts come first)."""

    @property
    def open(self) -> list[Status]:
        return [s for s in self.statuses if s.open]

    def as_json(self) -> dict[str, Any]:
        """What ``assembler review --json`` prints and the edit form's review page shows."""
        return {
            "case_file": str(self.case_file),
            "review_record": str(self.record.path),
            "case_has_errors": self.draft,
            "open": len(self.open),
            "checks": [
                {
                    "id": s.check.id,
                    "kind": s.check.kind.value,
                    "state": s.state,
                    "what": s.check.what,
                    "concerns": s.check.concerns,
                    "papers": list(s.check.papers),
                    "recorded_in": RECORDED_IN[s.check.kind],
                    "signed": None
                    if s.signature is None
                    else {
                        "by": s.signature.by,
                        "on": s.signature.on,
                        "where": s.signature.where,
                        "source": s.signature.source,
                        "note": s.signature.note,
                    },
                }
                for s in self.statuses
            ],
        }


RECORDED_IN = {
    Kind.CITATION: "firm",
    Kind.PIN: "firm",
    Kind.LAW: "firm",
    Kind.CASE: "case",
    Kind.WRITE: "case file",
}


def assemble_as_is(case_file: Path, engine: Assembler) -> tuple[Packet, bool]:
    """The case's papers from the file as it is, and whether they are a draft (a case with
    errors is assembled as a draft would be, its gaps marked).

    Raises:
        CaseFileUnreadable, CaseInvalid: the case cannot be read or assembled at all.
    """
    from assembler.build import load_for_build
    from assembler.errors import Severity

    case, problems = load_for_build(case_file, draft=True)
    draft = any(p.severity is Severity.ERROR for p in problems)
    return engine.assemble(case, draft=draft), draft


def review_case(case_file: Path, engine: Assembler) -> Review:
    """The checks a case's papers ask for and their states, from the case file as it is (a case
    with errors is assembled as a draft would be).

    Raises:
        CaseFileUnreadable, CaseInvalid: the case cannot be read or assembled at all.
        ReviewError: its review record cannot be used.
    """
    packet, draft = assemble_as_is(case_file, engine)
    record = load_record(case_file)
    found = collect(packet.documents, engine.registry)
    return Review(
        case_file, evaluate(found, engine.registry, engine.library, record), record, draft
    )


# --- the cite-check record (K6) -----------------------------------------------------------


def library_version(library: Library, registry: Registry) -> dict[str, str]:
    """What the papers were built from: the tool's version and a fingerprint of the clause
    library and of the authorities (bundled and the firm's)."""
    from assembler import __version__

    clauses = hashlib.sha256()
    for key in sorted(library.clauses):
        clauses.update(f"{key}\0{library.clauses[key].digest}\0".encode())
    authorities = hashlib.sha256()
    for source in (registry.source, registry.firm_file):
        if source is not None and source.is_file():
            authorities.update(source.read_bytes())
    return {
        "assembler": __version__,
        "clause_library": clauses.hexdigest()[:16],
        "authorities": authorities.hexdigest()[:16],
        "firm_authorities_file": str(registry.firm_file) if registry.firm_file else "",
    }


def cite_check_record(
    documents: Sequence[Document],
    registry: Registry,
    library: Library,
    statuses: Sequence[Status],
) -> dict[str, Any]:
    """The firm's cite-check record of a packet: every authority the papers cite (its status,
    who verified it, when, against what, and the pins confirmed), every clause they use (and
    who checked its note), every case check with its signer, and the versions used."""
    from assembler.document import Citation, document_inlines

    used: dict[str, list[str]] = {}
    pins: dict[str, set[str]] = {}
    for document in documents:
        paper = f"{document.order:02d}-{document.slug}"
        for node in document_inlines(document):
            if isinstance(node, Citation):
                papers = used.setdefault(node.authority, [])
                if paper not in papers:
                    papers.append(paper)
                if node.pin:
                    pins.setdefault(node.authority, set()).add(node.pin)
    authorities = []
    for key in sorted(used):
        authority = registry[key]
        table = dict(authority.pins)
        authorities.append(
            {
                "id": key,
                "citation": authority.full_citation,
                "status": authority.status,
                "verified_by": authority.verified_by,
                "verified_on": authority.verified_on,
                "source": authority.source,
                "pins": {
                    pin: table.get(pin.replace("–", "-"), "")
                    for pin in sorted(pins.get(key, ()))
                    if authority.kind.value == "case"
                },
                "papers": used[key],
            }
        )
    clause_ids = sorted({block.source for d in documents for block in d.blocks if block.source})
    by_check = {s.check.id: s for s in statuses if s.check.kind in (Kind.LAW, Kind.CASE)}
    clauses = []
    for key in clause_ids:
        clause = library.clauses.get(key)
        if clause is None:
            continue
        entry: dict[str, Any] = {
            "id": key,
            "library": "bundled" if clause.bundled else str(clause.path),
            "note": clause.note if not clause.verified else "",
        }
        status = None if clause.verified else by_check.get(clause.check)
        if status is not None and status.signature is not None:
            entry["checked"] = {
                "kind": status.check.kind.value,
                "by": status.signature.by,
                "on": status.signature.on,
                "source": status.signature.source,
                "where": status.signature.where,
            }
        clauses.append(entry)
    case_checks = [
        {
            "id": s.check.id,
            "what": s.check.what,
            "papers": list(s.check.papers),
            "state": s.state,
            "verified_by": s.signature.by if s.signature else "",
            "verified_on": s.signature.on if s.signature else "",
            "note": s.signature.note if s.signature else "",
        }
        for s in statuses
        if s.check.kind is Kind.CASE
    ]
    return {
        "versions": library_version(library, registry),
        "built_on": datetime.date.today().isoformat(),
        "authorities": authorities,
        "clauses": clauses,
        "case_checks": case_checks,
        "open": [s.check.id for s in statuses if s.open],
    }


def record_text(record: dict[str, Any]) -> list[str]:
    """The cite-check record as the build report prints it."""
    versions = record["versions"]
    lines = [
        "Cite-check record (also cite-check.json):",
        f"  built with assembler {versions['assembler']}, clause library {versions['clause_library']},"
        f" authorities {versions['authorities']}"
        + (
            f" (firm file {versions['firm_authorities_file']})"
            if versions["firm_authorities_file"]
            else ""
        ),
        "  Authorities:",
    ]
    for a in record["authorities"]:
        who = (
            ", ".join(x for x in (a["verified_by"], a["verified_on"]) if x)
            if a["verified_by"]
            else "the bundled registry"
            if a["source"]
            else "the bundled registry, no source recorded"
        )
        lines.append(f"    {a['citation']} [{a['id']}]: status {a['status']}; {who}")
        if a["source"]:
            lines.append(f"      source: {a['source']}")
        for pin, what in a["pins"].items():
            lines.append(f"      pin {pin}: {what or 'not confirmed'}")
    lines.append("  Clauses whose notes were checked:")
    checked = [c for c in record["clauses"] if "checked" in c]
    for c in checked:
        k = c["checked"]
        lines.append(
            f"    {c['id']} ({k['kind']}): {k['by']}, {k['on']}"
            + (f"; source: {k['source']}" if k["source"] else "")
            + f" [{k['where']}]"
        )
    if not checked:
        lines.append("    none (no clause used carries a note)")
    others = len(record["clauses"]) - len(checked)
    lines.append(f"  Other clauses used: {others} (no note to check)")
    lines.append("  Case checks:")
    for c in record["case_checks"]:
        lines.append(f"    {c['id']}: {c['verified_by']}, {c['verified_on']} ({c['state']})")
    if not record["case_checks"]:
        lines.append("    none")
    return lines
