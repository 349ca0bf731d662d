"""Asked once (issue 25, part 4): an exhibit's PDF chosen in the form is copied into the case
folder under a safe name (its ``file`` a path validate accepts, nothing else kept); the client's
declaration is shown as the papers will write it from the answers already given."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from assembler.edit.exhibit_files import MAX_EXHIBIT_BYTES, safe_stem
from assembler.exhibits import locate
from tests.support import EDIT_ORIGIN

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _send(client: Any, session: Any, name: str, body: bytes, **headers: str) -> Any:
    return client.post(
        "/api/exhibit",
        content=body,
        headers={
            "X-Assembler-Token": session.token,
            "Origin": EDIT_ORIGIN,
            "Content-Type": "application/pdf",
            "X-File-Name": quote(name),
            **headers,
        },
    )


def test_a_chosen_pdf_is_kept_in_the_case_folder_under_a_safe_name(
    client: Any, session: Any
) -> None:
    session.case_file.chmod(0o600)
    reply = _send(client, session, "Minute order (2015) — Riverside.PDF", PDF)
    assert reply.status_code == 200, reply.text
    relative = reply.json()["file"]
    assert relative == "exhibits/minute-order-2015-riverside.pdf"
    kept = session.case_file.parent / relative
    assert kept.read_bytes() == PDF
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # as private as the case file
    assert locate(session.case_file.parent, relative).path == kept.resolve()  # validate accepts it


def test_the_same_file_twice_is_one_exhibit_and_another_file_never_replaces_it(
    client: Any, session: Any
) -> None:
    first = _send(client, session, "order.pdf", PDF).json()["file"]
    again = _send(client, session, "order.pdf", PDF).json()["file"]
    other = _send(client, session, "order.pdf", PDF + b"% another scan\n").json()["file"]
    assert first == again == "exhibits/order.pdf"
    assert other == "exhibits/order-2.pdf"
    assert (session.case_file.parent / first).read_bytes() == PDF


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"GIF89a not a pdf at all", 400, "is not a PDF"),
        (b"", 400, "is not a PDF"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_written(
    client: Any, session: Any, body: bytes, status: int, words: str
) -> None:
    reply = _send(client, session, "scan.pdf", body)
    assert reply.status_code == status and words in reply.json()["error"]
    assert not list((session.case_file.parent).glob("exhibits/*"))


def test_a_file_over_the_limit_is_refused_by_its_declared_length(client: Any, session: Any) -> None:
    reply = _send(client, session, "big.pdf", PDF, **{"Content-Length": str(MAX_EXHIBIT_BYTES + 1)})
    assert reply.status_code == 413 and "larger than 50 MB" in reply.json()["error"]


def test_an_exhibits_folder_that_is_a_link_is_not_written_through(
    client: Any, session: Any, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (session.case_file.parent / "exhibits").symlink_to(elsewhere)
    reply = _send(client, session, "order.pdf", PDF)
    assert reply.status_code == 400 and "is not a folder (or is a link)" in reply.json()["error"]
    assert not list(elsewhere.iterdir())


def test_the_exhibit_route_needs_the_token(client: Any, session: Any) -> None:
    reply = client.post(
        "/api/exhibit", content=PDF, headers={"Origin": EDIT_ORIGIN, "X-File-Name": "a.pdf"}
    )
    assert reply.status_code in (401, 403)
    assert not (session.case_file.parent / "exhibits").exists()


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd.pdf", "passwd"),
        ("C:\\Users\\x\\Décision du juge.pdf", "decision-du-juge"),
        ("ã€€.pdf", "a"),
        ("   .pdf", "exhibit"),
        ("a" * 200 + ".pdf", "a" * 60),
    ],
)
def test_a_chosen_name_becomes_letters_digits_and_hyphens(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_the_declaration_preview_tells_the_written_paragraphs_from_the_clients_words(
    client: Any, session: Any
) -> None:
    reply = client.get(
        "/api/preview", headers={"X-Assembler-Token": session.token, "Origin": EDIT_ORIGIN}
    )
    assert reply.status_code == 200, reply.text
    paragraphs = reply.json()["paragraphs"]
    written = [p["text"] for p in paragraphs if not p["own"]]
    own = [p["text"] for p in paragraphs if p["own"]]
    # from the other answers: birth and arrival (moving_party), not typed in the account
    assert any(t.startswith("I was born in Mexico on May 14, 1979.") for t in written)
    # the client's own words: exactly the account's answers, as the declaration quotes them
    case = json.loads(session.case_file.read_text(encoding="utf-8"))
    account = next(d for d in case["declarations"] if d["kind"] == "moving_party")["account"]
    assert own and all(any(t.startswith(v[:40]) for v in account.values()) for t in own)


def test_the_declaration_preview_needs_the_token(client: Any) -> None:
    assert client.get("/api/preview", headers={"Origin": EDIT_ORIGIN}).status_code in (401, 403)
