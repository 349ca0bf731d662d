"""`assembler edit`: the form described from the model, the app's endpoints and refusals, saving.

The browser itself is driven in test_edit_browser.py.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from assembler import vocabulary
from assembler.case import Case
from assembler.edit.app import EditSession, create_app
from assembler.edit.form import SHOW_IF, TOGGLES, form_spec, generic_path
from assembler.edit.layout import Layout, dump_like, read_layout
from assembler.edit.store import backup_path, read_case
from assembler.rules import check_file
from assembler.typeinfo import model_in
from tests.support import BASE_SAMPLE, EDIT_ORIGIN, EDIT_PORT, SAMPLES, post_as_page

ALL_SAMPLES = sorted(SAMPLES.glob("*.json")) + sorted((SAMPLES / "invalid").glob("*.json"))


# --- the form, from the model ------------------------------------------------------------------


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for child in node.get("fields", ()):
        found += _nodes(child)
    if "item" in node:
        found += _nodes(node["item"])
    return found


def _all_nodes() -> list[dict[str, Any]]:
    return [n for s in form_spec()["sections"] for root in s["nodes"] for n in _nodes(root)]


def _model_paths(model: type[Any], prefix: str = "") -> set[str]:
    paths = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = f"{prefix}.{key}" if prefix else key
        paths.add(path)
        inner = model_in(info.annotation, lists=True)
        if inner is not None:
            list_item = "[]" if "list" in str(info.annotation) else ""
            paths |= _model_paths(inner, path + list_item)
    return paths


def test_every_field_of_the_model_is_in_the_form_once() -> None:
    shown = [n["path"] for n in _all_nodes() if "key" in n]
    assert len(shown) == len(set(shown)), "a field is shown twice"
    # "unanswered" is marked beside each field (its control), not shown as a field of its own
    expected = _model_paths(Case) - {"$schema", "schema_version", "unanswered"}
    assert set(shown) == expected


def test_the_steps_follow_an_intake_interview() -> None:
    titles = [s["title"] for s in form_spec()["sections"]]
    assert titles == [
        "The client",
        "The plea and sentence",
        "The lawyer and what was said",
        "What happened since",
        "Family, work and ties",
        "Evidence and declarations",
        "The filing",
    ]


# What a paralegal must never read in the form: a JSON name (snake_case or a dotted path), or the
# case file author's wording ("true when", "omit", "null").
INTERNAL = re.compile(
    r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|(?<![@\w.])[a-z_]{3,}\.[a-z_]{3,}\b"
    r"|\b(?:true|false) when\b|\bomit\b|\bnull\b|\bunset\b|\bleave out\b",
    re.IGNORECASE,
)


def test_the_form_speaks_plainly_and_asks_questions() -> None:
    spec = form_spec()
    for node in _all_nodes():
        for key in ("label", "help", "toggle", "example", "why"):
            text = node.get(key)
            assert not (isinstance(text, str) and INTERNAL.search(text)), (node["path"], text)
    for section in spec["sections"]:
        assert not INTERNAL.search(section["intro"]), section["id"]
    nodes = {n["path"]: n for n in _all_nodes() if "path" in n}
    for path in (
        "declarations[].account.told",
        "declarations[].account.mattered",
        "declarations[].account.since",
        "relief.after_vacatur",
        "self_represented",
    ):
        assert nodes[path]["label"].endswith("?"), path
    assert "Padilla" in nodes["immigration.consequences[].truly_clear"]["why"]


def test_a_branching_question_comes_before_the_part_it_opens() -> None:
    nodes = {n["path"]: n for n in _all_nodes() if "path" in n}
    offer = [f["key"] for f in nodes["grounds.a1.safe_alternative"]["fields"]]
    assert offer.index("people_offered") < offer.index("offer_terms")
    assert nodes["grounds.a1.safe_alternative.offer_terms"]["show_if"] == {
        "at": ".people_offered",
        "is": True,
    }
    sentence = [f["key"] for f in nodes["criminal_case.counts[].sentence"]["fields"]]
    assert sentence.index("jail_days") < sentence.index("credit_days")
    assert nodes["grounds.a1.safe_alternative.people_offered"]["label"].startswith(
        "Did the People make"
    )


def test_every_choice_has_a_plain_language_label() -> None:
    for name in dir(vocabulary):
        kind = getattr(vocabulary, name)
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum:
            labels = vocabulary.LABELS[kind]
            assert set(labels) == {m.value for m in kind}, name
            assert all(text.strip() for text in labels.values()), name
    county = next(n for n in _all_nodes() if n.get("path") == "court.county")
    assert ["Los Angeles", "Los Angeles County"] in county["choices"]


def test_required_facts_carry_their_reason_and_prose_gets_a_box() -> None:
    nodes = {n["path"]: n for n in _all_nodes() if "path" in n}
    assert "Cal. Rules of Court" in nodes["hearing"]["required"]
    assert nodes["moving_party.legal_name"]["kind"] == "text"
    assert nodes["moving_party.legal_name"]["required"]
    assert nodes["declarations[].account.would_have"]["kind"] == "textarea"
    assert nodes["hearing.date"]["kind"] == "date"
    assert nodes["hearing.time"]["kind"] == "time"
    assert nodes["self_represented"] == nodes["self_represented"] | {
        "kind": "bool",
        "default": False,
    }
    assert nodes["moving_party.language.reads_english"]["kind"] == "bool"
    assert "default" not in nodes["moving_party.language.reads_english"]  # yes / no / not answered
    assert nodes["criminal_case.counts"]["item_label"] == "Count"
    assert nodes["grounds.a1.error_theories"]["item"]["kind"] == "choice"


def test_the_tables_name_only_fields_of_the_model() -> None:
    paths = {n["path"] for n in _all_nodes() if "path" in n}
    assert set(TOGGLES) <= paths
    assert set(SHOW_IF) <= paths


def _home(path: str, shown: set[str]) -> str:
    """The form part a problem at ``path`` is shown beside (as edit.js finds it)."""
    generic = generic_path(path)
    while generic and generic not in shown:
        generic = re.sub(r"(\.[^.\[]+|\[\])$", "", generic)
    return generic


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.stem)
def test_every_problem_is_shown_beside_a_part_of_the_form(sample: Path) -> None:
    shown = {n["path"] for n in _all_nodes() if "path" in n}
    try:
        problems = check_file(sample)
    except Exception:  # unreadable samples (not JSON) never reach the form
        pytest.skip("not JSON: `assembler edit` refuses it before the form")
    for problem in problems:
        home = _home(problem.path, shown)
        assert home or problem.path in {"", "$"}, problem.path


# --- the app's refusals ---------------------------------------------------------------------


def test_the_page_holds_no_secret_and_the_api_needs_the_token_header(
    client: TestClient, session: EditSession
) -> None:
    """The page and its assets are the package's own files (served without the token, so a
    reload works); the case, checks, saves and builds answer only the header the page's script
    sends, never a cookie (a browser sends cookies to every port of 127.0.0.1)."""
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "set-cookie" not in page.headers
    assert session.token not in page.text and session.case_file.name not in page.text
    assert client.get(f"/?token={session.token}").content == page.content
    assert client.get("/assets/edit.js").headers["content-type"].startswith("text/javascript")
    cookie = {"Cookie": f"assembler_token={session.token}"}
    assert client.get("/api/form", headers=cookie).status_code == 403
    assert client.get(f"/api/form?token={session.token}").status_code == 403
    assert client.get("/api/form", headers={"X-Assembler-Token": session.token}).status_code == 200


def test_every_endpoint_refuses_a_request_without_the_token(client: TestClient) -> None:
    for url in ("/api/form", "/api/case", "/api/review", "/files/nokey/packet.pdf"):
        assert client.get(url).status_code in {403, 404}, url
    for url in ("/api/check", "/api/save", "/api/build", "/api/review/sign"):
        response = client.post(
            url, json={"data": {}}, headers={"Origin": EDIT_ORIGIN, "X-Assembler-Token": "nope"}
        )
        assert response.status_code == 403, url


def test_another_host_name_is_refused_even_with_the_token(session: EditSession) -> None:
    # DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends Host: evil.example
    rebound = TestClient(create_app(session), base_url=f"http://evil.example:{EDIT_PORT}")
    response = rebound.get("/api/case", headers={"X-Assembler-Token": session.token})
    assert response.status_code == 403
    assert "127.0.0.1" in response.json()["error"]


def test_another_origin_is_refused(client: TestClient, session: EditSession) -> None:
    headers = {"X-Assembler-Token": session.token, "Origin": "http://evil.example"}
    assert client.get("/api/case", headers=headers).status_code == 403
    response = client.post("/api/save", json={"data": {}}, headers=headers)
    assert response.status_code == 403
    assert session.case_file.read_bytes() == BASE_SAMPLE.read_bytes()


def test_a_change_must_be_json_from_the_page(client: TestClient, session: EditSession) -> None:
    no_origin = client.post(
        "/api/save", json={"data": {}}, headers={"X-Assembler-Token": session.token}
    )
    assert no_origin.status_code == 403
    as_form = post_as_page(
        client, session, "/api/save", "data=1", "application/x-www-form-urlencoded"
    )
    assert as_form.status_code == 415
    assert session.case_file.read_bytes() == BASE_SAMPLE.read_bytes()


def test_no_path_from_the_browser_is_opened(client: TestClient, session: EditSession) -> None:
    headers = {"X-Assembler-Token": session.token}
    secret = session.case_file.parent / "secret.txt"
    secret.write_text("not for the browser", encoding="utf-8")
    for url in (
        "/assets/..%2Fstore.py",
        "/assets/edit.html",
        "/assets/%2Fetc%2Fpasswd",
        "/files/secret.txt",
        "/files/..%2Fsecret.txt",
        "/files/case.json",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert b"not for the browser" not in response.content


def test_a_body_too_deep_or_not_json_is_refused(client: TestClient, session: EditSession) -> None:
    deep: Any = {}
    for _ in range(40):
        deep = {"a": deep}
    assert post_as_page(client, session, "/api/check", {"data": deep}).status_code == 400
    broken = post_as_page(client, session, "/api/check", "{not json")
    assert broken.status_code == 400
    assert "line 1" in broken.json()["error"]


# --- the same checks as validate ------------------------------------------------------------


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.stem)
def test_the_form_reports_what_validate_reports(sample: Path, tmp_path: Path) -> None:
    """The form's checks and `validate --json` never differ: same problems, same order. (A
    file holding placeholder text opens with those fields blank: the form agrees with validate
    on the file as a save writes it, without the placeholders.)"""
    from click.testing import CliRunner

    from assembler.cli import main
    from assembler.starter import without_placeholders

    checked = sample
    try:
        data = json.loads(sample.read_text(encoding="utf-8"))
    except ValueError:
        data = None
    if isinstance(data, dict) and without_placeholders(data) != data:
        checked = tmp_path / sample.name
        checked.write_text(json.dumps(without_placeholders(data)), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--json", str(checked)])
    report = json.loads(result.output)
    if "unreadable" in report:
        pytest.skip("not JSON: `assembler edit` refuses it before the form")
    session = EditSession(case_file=sample, outdir=tmp_path, port=EDIT_PORT)
    client = TestClient(create_app(session), base_url=EDIT_ORIGIN)
    opened = client.get("/api/case", headers={"X-Assembler-Token": session.token}).json()
    reply = post_as_page(client, session, "/api/check", {"data": opened["data"]}).json()
    # the page shows the file's own problems (a repeated key) beside the checks' until it saves
    shown = opened["file_problems"] + reply["problems"]
    order = sorted(report["problems"], key=json.dumps)
    assert sorted(shown, key=json.dumps) == order
    if not opened["file_problems"]:
        assert reply["problems"] == report["problems"]  # the same order too
    assert (reply["valid"] and not opened["file_problems"]) == report["valid"]


# --- saving ---------------------------------------------------------------------------------


def _case(client: TestClient, session: EditSession) -> Any:
    return client.get("/api/case", headers={"X-Assembler-Token": session.token}).json()["data"]


def test_saves_at_the_same_time_queue_up(tmp_path: Path) -> None:
    """A double click on Save, served by uvicorn as `assembler edit` serves it (one event loop):
    every request is answered, the saves one after the other, and the server keeps serving."""
    import socket
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import uvicorn

    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    session = EditSession(case_file=case_file, outdir=tmp_path, port=listener.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(session), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{session.port}"
    headers = {"X-Assembler-Token": session.token, "Origin": base}

    def call(path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            base + path, data=data, headers={**headers, "Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read())

    try:
        for _ in range(100):
            if server.started:
                break
            threading.Event().wait(0.05)
        data = call("/api/case")["data"]
        data["criminal_case"]["case_number"] = "2WH05678"
        with ThreadPoolExecutor(4) as pool:
            replies = list(pool.map(lambda _: call("/api/save", {"data": data}), range(4)))
        assert sorted(r["saved"] for r in replies) == [False, False, False, True]
        assert "2WH05678" in case_file.read_text(encoding="utf-8")
        assert call("/api/check", {"data": data})["valid"] is True
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_check_of_something_else_than_a_case_is_refused(
    client: TestClient, session: EditSession
) -> None:
    assert post_as_page(client, session, "/api/check", [1, 2]).status_code == 400
    assert post_as_page(client, session, "/api/save", {"data": [1]}).status_code == 400


def test_saving_an_unchanged_case_writes_nothing(client: TestClient, session: EditSession) -> None:
    before = session.case_file.stat().st_mtime_ns
    reply = post_as_page(client, session, "/api/save", {"data": _case(client, session)}).json()
    assert (reply["saved"], reply["backup"], reply["merged"]) == (False, None, [])
    assert session.case_file.read_bytes() == BASE_SAMPLE.read_bytes()
    assert session.case_file.stat().st_mtime_ns == before
    assert not backup_path(session.case_file).exists()


def test_an_edit_changes_only_its_line_and_keeps_a_backup(
    client: TestClient, session: EditSession
) -> None:
    data = _case(client, session)
    data["criminal_case"]["case_number"] = "2WH05678"
    reply = post_as_page(client, session, "/api/save", {"data": data}).json()
    assert (reply["saved"], reply["backup"], reply["merged"]) == (True, "case.json.bak", [])
    old = BASE_SAMPLE.read_text(encoding="utf-8").splitlines()
    new = session.case_file.read_text(encoding="utf-8").splitlines()
    changes = [
        line
        for line in difflib.unified_diff(old, new, n=0, lineterm="")
        if line[:1] in "+-" and line[:3] not in {"+++", "---"}
    ]
    assert len(changes) == 2  # one line out, one line in
    assert "2WH05678" in changes[1]
    assert backup_path(session.case_file).read_bytes() == BASE_SAMPLE.read_bytes()


def test_an_invalid_case_is_saved_as_a_draft(client: TestClient, session: EditSession) -> None:
    data = _case(client, session)
    del data["moving_party"]["legal_name"]
    data["filing_date"] = "next Tuesday"
    assert post_as_page(client, session, "/api/save", {"data": data}).json()["saved"] is True
    saved = json.loads(session.case_file.read_text(encoding="utf-8"))
    assert saved["filing_date"] == "next Tuesday"
    assert "legal_name" not in saved["moving_party"]


def test_a_file_changed_outside_the_form_is_not_overwritten(
    client: TestClient, session: EditSession
) -> None:
    data = _case(client, session)
    outside = session.case_file.read_text(encoding="utf-8").replace("1WH01234", "CHANGED1")
    session.case_file.write_text(outside, encoding="utf-8")
    data["criminal_case"]["case_number"] = "2WH05678"
    refused = post_as_page(client, session, "/api/save", {"data": data})
    assert refused.status_code == 409
    assert "changed since this page opened it" in refused.json()["error"]
    assert refused.json()["places"] == ["criminal_case.case_number"]
    assert session.case_file.read_text(encoding="utf-8") == outside
    forced = post_as_page(client, session, "/api/save", {"data": data, "force": True})
    assert forced.json()["saved"] is True
    assert "2WH05678" in session.case_file.read_text(encoding="utf-8")
    assert backup_path(session.case_file).read_text(encoding="utf-8") == outside


def test_new_keys_fall_into_the_models_order(client: TestClient, session: EditSession) -> None:
    data = _case(client, session)
    data["moving_party"] = {"phone": "555-0100", **data["moving_party"]}  # typed first
    post_as_page(client, session, "/api/save", {"data": data})
    keys = list(json.loads(session.case_file.read_text(encoding="utf-8"))["moving_party"])
    assert keys.index("phone") > keys.index("legal_name")


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.stem)
def test_every_sample_is_written_back_byte_for_byte(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        pytest.skip("not JSON")
    if "duplicate" in sample.stem:
        pytest.skip("a repeated key cannot survive parsing; validate reports it")
    assert dump_like(data, read_layout(text)) == text


def test_a_new_item_takes_its_neighbours_layout() -> None:
    text = '{\n  "family": [\n    {"relationship": "wife", "status": "lpr"}\n  ],\n  "x": 1\n}\n'
    data = json.loads(text)
    data["family"].append({"relationship": "son", "status": "us_citizen"})
    data["y"] = {"a": 1}
    out = dump_like(data, read_layout(text))
    assert '    {"relationship": "son", "status": "us_citizen"}\n' in out
    assert '  "y": {\n    "a": 1\n  }\n' in out
    assert dump_like(["a", "b"], Layout()) == '["a", "b"]\n'


def test_reading_a_case_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    from assembler.errors import CaseFileUnreadable

    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "a": 1,\n}\n', encoding="utf-8")
    with pytest.raises(CaseFileUnreadable, match="line 3, column 1"):
        read_case(broken)


# --- building from the form -----------------------------------------------------------------


def test_build_lists_the_papers_and_serves_only_them(
    client: TestClient, session: EditSession
) -> None:
    headers: dict[str, str] = {}  # a new tab opened from the page's link sends no token
    assert client.get(f"/files/{session.files_key}/packet.pdf").status_code == 404  # not built
    reply = post_as_page(client, session, "/api/build", {}).json()
    assert reply["status"] == "built"
    assert reply["draft"] is False
    names = [paper["name"] for paper in reply["papers"]]
    assert "packet" in names
    assert any(name.endswith("notice-of-motion") for name in names)
    assert any(p["included"] for p in reply["plan"]) and all(p["reason"] for p in reply["plan"])
    pdf = client.get(reply["papers"][0]["files"]["pdf"], headers=headers)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = next(p for p in reply["papers"] if "docx" in p["files"])["files"]["docx"]
    assert client.get(docx, headers=headers).content.startswith(b"PK")
    assert Path(reply["folder"]).parent == session.outdir


def test_an_invalid_case_builds_as_a_draft(client: TestClient, session: EditSession) -> None:
    data = _case(client, session)
    del data["criminal_case"]["case_number"]
    post_as_page(client, session, "/api/save", {"data": data})
    reply = post_as_page(client, session, "/api/build", {}).json()
    assert reply["status"] == "built"
    assert reply["draft"] is True
    assert "criminal_case.case_number" in reply["missing"]


# --- the command ----------------------------------------------------------------------------


def test_the_command_creates_the_case_serves_it_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    case_file = tmp_path / "cases" / "new-case.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "assembler", "edit", str(case_file), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]  # the starter written, the address
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", "".join(lines))
        assert url, lines
        with urllib.request.urlopen(url[0], timeout=10) as page:
            assert page.status == 200
        token = url[0].split("token=")[1]
        api = urllib.request.Request(
            url[0].split("?")[0] + "api/case", headers={"X-Assembler-Token": token}
        )
        with urllib.request.urlopen(api, timeout=10) as answer:
            assert json.loads(answer.read())["name"] == "new-case.json"
        starter = json.loads(case_file.read_text(encoding="utf-8"))
        assert starter["schema_version"] == 1
        assert case_file.stat().st_mode & 0o777 == 0o600  # it will hold a client's case
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url[0].split("?")[0] + "api/case", timeout=10)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err


@pytest.mark.parametrize(
    "broken", [b"\xff\xfe not UTF-8", b'{"moving_party": {', b"\xef\xbb\xbf{]"], ids=str
)
def test_a_broken_file_on_disk_is_replaced_only_when_asked_and_kept_as_the_backup(
    client: TestClient, session: EditSession, broken: bytes
) -> None:
    """A file broken outside the form (not UTF-8, not JSON) is not overwritten by a plain save;
    saving again replaces it in the default layout, and the backup keeps the broken bytes."""
    data = _case(client, session)
    session.case_file.write_bytes(broken)
    refused = post_as_page(client, session, "/api/save", {"data": data})
    assert refused.status_code == 409
    assert session.case_file.read_bytes() == broken
    forced = post_as_page(client, session, "/api/save", {"data": data, "force": True})
    assert forced.status_code == 200 and forced.json()["saved"] is True
    assert json.loads(session.case_file.read_text(encoding="utf-8")) == data
    assert backup_path(session.case_file).read_bytes() == broken


def test_a_request_that_is_not_utf8_is_refused_with_a_message(
    client: TestClient, session: EditSession
) -> None:
    answer = client.post(
        "/api/check",
        content=b'{"data": "\xff"}',
        headers={
            "X-Assembler-Token": session.token,
            "Origin": EDIT_ORIGIN,
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 400
    assert "not UTF-8" in answer.json()["error"]


@pytest.mark.parametrize(
    "text",
    [
        '{\r\n\t"a": 1,\r\n\t"b": {\r\n\t\t"c": [1, 2]\r\n\t}\r\n}\r\n',
        '{\n    "a": 1,\n    "b": {\n        "c": [\n            1\n        ]\n    }\n}\n',
    ],
    ids=["crlf-tabs", "four-spaces"],
)
def test_a_file_keeps_its_line_ends_and_its_indent_character(text: str) -> None:
    data = json.loads(text)
    assert dump_like(data, read_layout(text)) == text
    data["d"] = {"e": 1}
    written = dump_like(data, read_layout(text))
    assert written.startswith(text[: text.index('"b"')])
    assert written.count("\r\n") == written.count("\n") or "\r" not in text


def test_the_questions_are_data_every_one_of_a_fact_the_form_shows() -> None:
    """assembler/casefile/questions.toml holds the interview's wording; a path that is not a
    fact of the case model is refused when the form is described (form_spec raises)."""
    from assembler.casefile.questions import ASK, asked

    assert ASK is asked() and len(ASK) > 200
    assert ASK["moving_party.legal_name"].label == "What is the client's full legal name?"
    assert all(ask.label or ask.help is not None or ask.why or ask.item for ask in ASK.values())
    form_spec()  # every path checked against the model
