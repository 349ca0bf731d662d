"""The attorney's sign-offs (issue 24): a case check recorded in the case's review record
(``CASE.review.toml`` beside the case file), and a citation, pin or law check recorded once for the
firm in its authorities file. Each refuses, writing nothing, an id the packet does not ask for, an
entry already there, or a check whose text changed since it was listed; files are appended to,
never rewritten, and written atomically."""

from __future__ import annotations

import datetime
import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembler.errors import ReviewError
from assembler.review import Status, digest, load_record
from assembler.verification import Kind

if TYPE_CHECKING:
    from assembler.library import Library

__all__ = ["normalise_ids", "record_in_firm_file", "sign_case_checks"]


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL (and surrogates, refused)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _today() -> str:
    return datetime.date.today().isoformat()


def _unknown(ids: Sequence[str], known: dict[str, Status]) -> None:
    missing = [i for i in ids if i not in known]
    if missing:
        raise ReviewError(
            f"{', '.join(missing)}: not among the checks this packet asks for "
            "(`assembler review CASE` lists them with their ids)"
        )


def normalise_ids(ids: Sequence[str]) -> list[str]:
    """Ids as the attorney may type them: ``removal-grounds`` for ``case:removal-grounds``."""
    return [i if ":" in i else f"case:{i}" for i in ids]


def sign_case_checks(
    case_file: Path,
    statuses: Sequence[Status],
    ids: Sequence[str],
    by: str,
    note: str = "",
) -> Path:
    """Record case checks signed by ``by`` in the case's review record, for the text the papers
    print now; the record is written whole, atomically, with the case file's permissions.

    Raises:
        ReviewError: an id this packet does not ask for, or one that is not a case check.
    """
    from assembler.files import write_atomic

    known = {s.check.id: s for s in statuses}
    _unknown(ids, known)
    not_case = [i for i in ids if known[i].check.kind is not Kind.CASE]
    if not_case:
        raise ReviewError(
            f"{', '.join(not_case)}: not a case check; a citation, pin or clause note about the "
            "law is recorded once for the firm (--source with the firm's authorities file), "
            "and text to write comes from the case file"
        )
    if not by.strip():
        raise ReviewError("--by names who signs the checks off")
    record = load_record(case_file)
    signed = dict(record.signed)
    for check_id in ids:
        check = known[check_id].check
        entry: dict[str, Any] = {
            "verified_by": by.strip(),
            "verified_on": _today(),
            "papers": list(check.papers),
            "text": digest(check),
        }
        if note:
            entry["note"] = note
        signed[check_id.removeprefix("case:")] = entry
    lines = [
        f"# The attorney's review of {case_file.name}: the case checks signed off for it.",
        "# Written by `assembler review --sign`; a check is signed for the text the papers",
        "# printed then (text), and is asked again when that text changes.",
    ]
    for key, entry in signed.items():
        lines += ["", f"[checks.{_toml_string(key)}]"]
        for field in ("verified_by", "verified_on", "note", "papers", "text"):
            if field not in entry:
                continue
            value = entry[field]
            if isinstance(value, list):
                lines.append(f"{field} = [{', '.join(_toml_string(str(v)) for v in value)}]")
            else:
                lines.append(f"{field} = {_toml_string(str(value))}")
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # what is written reads back
    try:
        mode = case_file.stat().st_mode
    except OSError:
        mode = 0o600
    write_atomic(record.path, text.encode(), overwrite=True, mode=mode)
    return record.path


def record_in_firm_file(
    path: Path,
    statuses: Sequence[Status],
    ids: Sequence[str],
    by: str,
    source: str,
    library: Library,
    note: str = "",
) -> None:
    """Record citation, pin and clause-note checks in the firm's authorities file: a table is
    added at its end for each authority or clause (the file's own text is kept as it is). An
    authority or clause the file already has a table for is left to be edited by hand.

    Raises:
        ReviewError: an unknown id, a case check, no source or signer, or an entry already there.
    """
    from assembler.authorities import CLAUSE_TABLE, load_registry, with_firm
    from assembler.files import write_atomic
    from assembler.tomltables import read_text

    known = {s.check.id: s for s in statuses}
    _unknown(ids, known)
    wrong = [i for i in ids if known[i].check.kind not in (Kind.CITATION, Kind.PIN, Kind.LAW)]
    if wrong:
        raise ReviewError(
            f"{', '.join(wrong)}: a case check is signed in the case's review record (without "
            "--source), and text to write comes from the case file"
        )
    if not (by.strip() and source.strip()):
        raise ReviewError(
            "a check recorded for the firm names who verified it (--by) and against what "
            "(--source, e.g. the reporter volume and page read)"
        )
    text = read_text(path, ReviewError) if path.exists() else ""
    existing = tomllib.loads(text) if text else {}
    authorities: dict[str, dict[str, Any]] = {}
    clauses: list[str] = []
    for check_id in ids:
        check = known[check_id].check
        if check.kind is Kind.LAW:
            clauses.append(check.clause)
            continue
        entry = authorities.setdefault(check.authority, {})
        if check.kind is Kind.CITATION:
            entry["status"] = "V"
        else:
            entry.setdefault("pins", {})[check.pin] = source.strip()
    taken = [a for a in authorities if a in existing] + [
        c for c in clauses if c in existing.get(CLAUSE_TABLE, {})
    ]
    if taken:
        raise ReviewError(
            f"{path}: already records {', '.join(taken)}: edit that entry by hand (the README's "
            "'From draft to filing' shows its fields)"
        )
    stamp = [
        f"verified_by = {_toml_string(by.strip())}",
        f"verified_on = {_toml_string(_today())}",
        f"source = {_toml_string(source.strip())}",
    ] + ([f"note = {_toml_string(note)}"] if note else [])
    lines: list[str] = []
    for key, entry in authorities.items():
        lines += ["", f"[{_toml_string(key) if '.' in key else key}]"]
        if "status" in entry:
            lines.append('status = "V"')
        lines += stamp
        if "pins" in entry:
            pins = ", ".join(
                f"{_toml_string(p)} = {_toml_string(s)}" for p, s in entry["pins"].items()
            )
            lines.append(f"pins = {{ {pins} }}")
    for clause in clauses:
        lines += ["", f"[{CLAUSE_TABLE}.{_toml_string(clause)}]", *stamp]
        if clause in library.clauses:
            lines.append(f"digest = {_toml_string(library.clauses[clause].digest)}")
    added = "\n".join(lines) + "\n"
    if text and not text.endswith("\n"):
        text += "\n"
    if not text:
        added = (
            "# The firm's authorities file: its verifications of the bundled authorities, its own\n"
            '# authorities, and its checks of clause notes about the law ([clause."ID"]).\n' + added
        )
    new = (text + added).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    check_file = path.with_name(f".{path.name}.check")
    try:  # what is written must read back as a firm file
        write_atomic(check_file, new, overwrite=True)
        with_firm(load_registry(), check_file)
    finally:
        check_file.unlink(missing_ok=True)
    mode = path.stat().st_mode if path.exists() else None
    write_atomic(path, new, overwrite=True, mode=mode)
