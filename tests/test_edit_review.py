"""`assembler edit`'s Attorney review: the checks the papers ask for, signing them, final papers.

The page itself is driven in test_edit_browser.py; here the app's routes (API through Starlette's
TestClient, as tests/test_edit.py does).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from assembler.build import BuildOptions
from assembler.edit.app import EditSession
from tests.support import EDIT_ORIGIN, post_as_page, review_everything

REMOVAL = "case:removal-grounds"


def _review(client: TestClient, session: EditSession) -> dict[str, Any]:
    response = client.get("/api/review", headers={"X-Assembler-Token": session.token})
    assert response.status_code == 200, response.text
    reply: dict[str, Any] = response.json()
    return reply


def _check(review: dict[str, Any], check_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in review["checks"] if c["id"] == check_id]
    assert len(found) == 1, check_id
    return found[0]


def test_the_review_lists_each_check_with_its_id_and_the_text_it_concerns(
    client: TestClient, session: EditSession
) -> None:
    review = _review(client, session)
    assert review["open"] == len(review["checks"]) > 1
    removal = _check(review, REMOVAL)
    assert removal["kind"] == "case" and removal["state"] == "open"
    assert "potential to cause removal" in removal["concerns"]
    assert removal["papers"] == ["01-notice-of-motion", "08-proposed-order"]
    assert _check(review, "cite:jung")["concerns"] == "People v. Jung (2020) 59 Cal.App.5th 842"
    assert review["review_record_name"] == "case.review.toml"
    assert review["firm_file"] is None


def test_signing_a_case_check_writes_the_review_record_and_the_check_is_done(
    client: TestClient, session: EditSession
) -> None:
    body = {"ids": [REMOVAL], "by": "Ana Abogada", "note": "read both papers"}
    reply = post_as_page(client, session, "/api/review/sign", body)
    assert reply.status_code == 200, reply.text
    record = tomllib.loads((session.case_file.parent / "case.review.toml").read_text("utf-8"))
    entry = record["checks"]["removal-grounds"]
    assert entry["verified_by"] == "Ana Abogada" and entry["note"] == "read both papers"
    signed = _check(reply.json(), REMOVAL)
    assert signed["state"] == "done" and signed["signed"]["by"] == "Ana Abogada"
    again = _review(client, session)
    assert _check(again, REMOVAL)["state"] == "done"
    assert again["open"] == reply.json()["open"] == len(again["checks"]) - 1


def test_a_check_that_is_not_a_case_check_or_not_asked_for_is_refused(
    client: TestClient, session: EditSession
) -> None:
    record = session.case_file.parent / "case.review.toml"
    firm = post_as_page(client, session, "/api/review/sign", {"ids": ["cite:jung"], "by": "A"})
    assert firm.status_code == 400
    assert "cite:jung: not a case check" in firm.json()["error"]
    unknown = post_as_page(client, session, "/api/review/sign", {"ids": ["case:nope"], "by": "A"})
    assert unknown.status_code == 400
    assert "case:nope: not among the checks" in unknown.json()["error"]
    nameless = post_as_page(client, session, "/api/review/sign", {"ids": [REMOVAL], "by": "  "})
    assert nameless.status_code == 400 and "your name" in nameless.json()["error"]
    for body in ({"ids": REMOVAL, "by": "A"}, {"ids": [], "by": "A"}, {"ids": [1], "by": "A"}):
        assert post_as_page(client, session, "/api/review/sign", body).status_code == 400, body
    assert not record.exists()


def test_the_review_routes_need_the_token_and_the_pages_origin(
    client: TestClient, session: EditSession
) -> None:
    assert client.get("/api/review").status_code == 403
    assert client.get("/api/review", headers={"X-Assembler-Token": "nope"}).status_code == 403
    body = json.dumps({"ids": [REMOVAL], "by": "Mallory"})
    json_type = {"Content-Type": "application/json"}
    for headers in (
        {"Origin": EDIT_ORIGIN, "X-Assembler-Token": "nope"},
        {"Origin": EDIT_ORIGIN},
        {"X-Assembler-Token": session.token},  # no Origin
        {"Origin": "http://evil.example", "X-Assembler-Token": session.token},
    ):
        response = client.post("/api/review/sign", content=body, headers={**headers, **json_type})
        assert response.status_code == 403, headers
    as_form = post_as_page(
        client, session, "/api/review/sign", "ids=case:removal-grounds&by=M", "text/plain"
    )
    assert as_form.status_code == 415
    assert not (session.case_file.parent / "case.review.toml").exists()


def test_a_firm_check_without_a_firm_file_says_where_to_name_one(
    client: TestClient, session: EditSession
) -> None:
    body = {"ids": ["cite:jung"], "by": "Ana Abogada", "source": "59 Cal.App.5th 842, read"}
    reply = post_as_page(client, session, "/api/review/sign", body)
    assert reply.status_code == 400
    assert "authorities" in reply.json()["error"] and "assembler.toml" in reply.json()["error"]


def test_a_firm_check_is_recorded_once_in_the_firm_file(
    client: TestClient, session: EditSession, tmp_path: Path
) -> None:
    firm = tmp_path / "firm.toml"
    session.options = BuildOptions(authorities=firm)
    body = {"ids": ["cite:jung"], "by": "Ana Abogada", "source": "59 Cal.App.5th 842, read"}
    reply = post_as_page(client, session, "/api/review/sign", body)
    assert reply.status_code == 200, reply.text
    entry = tomllib.loads(firm.read_text(encoding="utf-8"))["jung"]
    assert entry["status"] == "V" and entry["source"] == "59 Cal.App.5th 842, read"
    assert "cite:jung" not in [c["id"] for c in _review(client, session)["checks"]]
    assert reply.json()["firm_file"] == str(firm)
    with_case = post_as_page(client, session, "/api/review/sign", {**body, "ids": [REMOVAL]})
    assert with_case.status_code == 400  # a case check is never recorded for the firm


def test_final_papers_are_refused_while_a_check_is_open_with_what_remains_per_paper(
    client: TestClient, session: EditSession
) -> None:
    reply = post_as_page(client, session, "/api/build", {"final": True}).json()
    assert reply["status"] == "unverified"
    assert any(f"[{REMOVAL}]" in line for line in reply["to_verify"]["08-proposed-order"])
    assert not session.outdir.exists()  # nothing written


def test_final_papers_once_everything_is_recorded_have_the_cite_check_record(
    client: TestClient, session: EditSession, tmp_path: Path
) -> None:
    firm = tmp_path / "firm.toml"
    review_everything(session.case_file, firm)
    session.options = BuildOptions(authorities=firm, formats=("txt",))
    assert _review(client, session)["open"] == 0
    reply = post_as_page(client, session, "/api/build", {"final": True}).json()
    assert reply["status"] == "built", reply
    assert reply["final"] is True and reply["draft"] is False and not reply["to_verify"]
    record = next(p for p in reply["papers"] if p["name"] == "cite-check")["files"]["json"]
    served = client.get(record)
    assert served.status_code == 200 and "Ana Abogada" in served.text
    report = (Path(reply["folder"]) / "build-report.txt").read_text(encoding="utf-8")
    assert "Verify before filing: nothing" in report and "Cite-check record" in report
