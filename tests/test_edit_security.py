"""`assembler edit` on a computer other people use too: the token, the case file, the costs.

Each test holds one defect of security review 2 fixed (D21-D24, D27-D29, D31-D33, D36) or the
edit builds' time bound; the reproducers themselves are in the review's folder. Fictional people
only (the bundled samples).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from assembler.edit import server as edit_server
from assembler.edit.app import MAX_PROBLEMS, EditSession, create_app
from assembler.edit.store import backup_path
from assembler.loading import MAX_BYTES, parse_json_bytes
from tests.support import BASE_SAMPLE, EDIT_ORIGIN, post_as_page


def _open(client: TestClient, session: EditSession) -> tuple[Any, str]:
    """What a tab loads: the case as the page holds it, and its version."""
    reply = client.get("/api/case", headers={"X-Assembler-Token": session.token}).json()
    return reply["data"], reply["version"]


def _on_disk(session: EditSession) -> Any:
    return json.loads(session.case_file.read_text(encoding="utf-8"))


# --- D21: the token never on a command line -------------------------------------------------


def test_the_browser_is_given_a_private_file_that_forwards_never_the_address(
    tmp_path: Path,
) -> None:
    """The stand-in browser records the arguments it was started with: the address (and its
    token) is not among them; the file it was given is the user's alone and forwards to it."""
    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    argv_file = tmp_path / "browser-argv.json"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import json, sys\njson.dump(sys.argv[1:], open({str(argv_file)!r}, 'w'))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_COLOR": "1", "BROWSER": f"{sys.executable} {browser} %s"}
    process = subprocess.Popen(
        [sys.executable, "-m", "assembler", "edit", str(case_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        printed = process.stdout.readline()
        token = printed.split("token=")[1].strip()
        for _ in range(200):
            if argv_file.exists() and argv_file.stat().st_size:
                break
            time.sleep(0.05)
        argv = json.loads(argv_file.read_text(encoding="utf-8"))
        assert all(token not in arg for arg in argv)
        assert argv[-1].startswith("file://")
        page = Path(urllib.request.url2pathname(argv[-1].removeprefix("file://")))
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        assert stat.S_IMODE(page.parent.stat().st_mode) == 0o700
        assert f"?token={token}" in page.read_text(encoding="utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert not page.exists()  # removed when the server stops: it held the token


# --- D22: never a cookie; other sites refused -----------------------------------------------


def test_requests_from_another_site_on_127_0_0_1_are_refused(
    client: TestClient, session: EditSession
) -> None:
    """A page on another port of 127.0.0.1 is same-site, not same-origin: its image or link to
    the case or a paper is refused even when it somehow holds the token."""
    headers = {"X-Assembler-Token": session.token, "Sec-Fetch-Site": "same-site"}
    assert client.get("/api/case", headers=headers).status_code == 403
    ours = {"X-Assembler-Token": session.token, "Sec-Fetch-Site": "same-origin"}
    assert client.get("/api/case", headers=ours).status_code == 200
    assert "set-cookie" not in client.get("/").headers


# --- D23: a stale tab never silently replaces newer edits -----------------------------------


def test_two_tabs_editing_different_facts_both_keep_their_edits(
    client: TestClient, session: EditSession
) -> None:
    tab_a, version_a = _open(client, session)
    tab_b, version_b = _open(client, session)
    tab_a["moving_party"]["email"] = "tab-a@example.com"
    first = post_as_page(client, session, "/api/save", {"data": tab_a, "version": version_a}).json()
    assert first["saved"] is True and first["merged"] == []
    tab_b["moving_party"]["phone"] = "555-0199"
    second = post_as_page(
        client, session, "/api/save", {"data": tab_b, "version": version_b}
    ).json()
    assert second["saved"] is True
    assert second["merged"] == ["moving_party.email"]  # kept, and shown to tab B
    assert second["data"]["moving_party"]["email"] == "tab-a@example.com"
    on_disk = _on_disk(session)["moving_party"]
    assert (on_disk["email"], on_disk["phone"]) == ("tab-a@example.com", "555-0199")


def test_a_stale_tab_changing_the_same_fact_is_refused_even_after_another_load(
    client: TestClient, session: EditSession
) -> None:
    stale, version = _open(client, session)
    elsewhere = _on_disk(session)
    elsewhere["moving_party"]["email"] = "edited-elsewhere@example.com"
    session.case_file.write_text(json.dumps(elsewhere, indent=2), encoding="utf-8")
    _open(client, session)  # another tab opens, or a reload: the stale tab's version stays its own
    stale["moving_party"]["email"] = "stale@example.com"
    refused = post_as_page(client, session, "/api/save", {"data": stale, "version": version})
    assert refused.status_code == 409
    assert refused.json()["kind"] == "changed"
    assert refused.json()["places"] == ["moving_party.email"]
    assert _on_disk(session)["moving_party"]["email"] == "edited-elsewhere@example.com"
    confirmed = {"data": stale, "version": version, "force": True}
    assert post_as_page(client, session, "/api/save", confirmed).json()["saved"] is True
    assert _on_disk(session)["moving_party"]["email"] == "stale@example.com"


def test_a_version_this_server_never_sent_is_a_conflict(
    client: TestClient, session: EditSession
) -> None:
    data, _version = _open(client, session)
    data["moving_party"]["phone"] = "555-0100"
    session.case_file.write_text(
        session.case_file.read_text(encoding="utf-8").replace("1WH01234", "1WH09999"),
        encoding="utf-8",
    )
    refused = post_as_page(client, session, "/api/save", {"data": data, "version": "0" * 64})
    assert refused.status_code == 409
    assert "1WH09999" in session.case_file.read_text(encoding="utf-8")


# --- D24: a save keeps the file's mode; a read-only file needs a yes ------------------------


def test_a_save_keeps_a_private_case_file_private_and_its_backup_too(
    client: TestClient, session: EditSession
) -> None:
    session.case_file.chmod(0o600)
    data, version = _open(client, session)
    data["moving_party"]["phone"] = "555-0123"
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    assert stat.S_IMODE(session.case_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_path(session.case_file).stat().st_mode) == 0o600


def test_a_read_only_case_file_is_replaced_only_when_confirmed_and_stays_read_only(
    client: TestClient, session: EditSession
) -> None:
    session.case_file.chmod(0o444)
    before = session.case_file.read_bytes()
    data, version = _open(client, session)
    data["moving_party"]["phone"] = "555-0123"
    refused = post_as_page(client, session, "/api/save", {"data": data, "version": version})
    assert refused.status_code == 409 and refused.json()["kind"] == "read-only"
    assert session.case_file.read_bytes() == before
    confirmed = {"data": data, "version": version, "read_only_ok": True}
    assert post_as_page(client, session, "/api/save", confirmed).json()["saved"] is True
    assert stat.S_IMODE(session.case_file.stat().st_mode) == 0o444
    assert _on_disk(session)["moving_party"]["phone"] == "555-0123"


# --- D27, D36: every case validate reads opens; untouched values stay as written ------------


def test_a_case_with_a_lone_surrogate_or_1e999_opens_and_saves_back_unchanged(
    client: TestClient, session: EditSession
) -> None:
    text = session.case_file.read_text(encoding="utf-8")
    text = text.replace('"José Luis Ramírez Ortega"', '"Jos\\ud800 Ortega"', 1)
    text = text.replace('"fine_dollars": 150', '"fine_dollars": 1e999', 1)
    assert "\\ud800" in text and "1e999" in text
    session.case_file.write_text(text, encoding="utf-8")
    opened = client.get("/api/case", headers={"X-Assembler-Token": session.token})
    assert opened.status_code == 200
    data = opened.json()["data"]
    assert data["moving_party"]["legal_name"] == "Jos\ud800 Ortega"
    assert data["criminal_case"]["counts"][0]["sentence"]["fine_dollars"] == "1e999"
    data["moving_party"]["phone"] = "555-0177"
    version = opened.json()["version"]
    saved = post_as_page(client, session, "/api/save", {"data": data, "version": version})
    assert saved.status_code == 200 and saved.json()["saved"] is True
    written = session.case_file.read_text(encoding="utf-8")
    assert '"fine_dollars": 1e999' in written and "Infinity" not in written
    assert '"Jos\\ud800 Ortega"' in written
    parse_json_bytes(session.case_file.read_bytes(), "case.json")  # every command reads it


def test_a_save_never_writes_what_the_reader_refuses(
    client: TestClient, session: EditSession
) -> None:
    data, version = _open(client, session)
    body = json.dumps({"data": data, "version": version}).replace(
        '"schema_version": 1', '"schema_version": 1e999', 1
    )
    refused = post_as_page(client, session, "/api/save", body.encode())
    assert refused.status_code == 400 and "too large" in refused.json()["error"]
    data["moving_party"]["legal_name"] = "Jos\udc80"
    saved = post_as_page(client, session, "/api/save", {"data": data, "version": version})
    assert saved.status_code == 200
    assert '"Jos\\udc80"' in session.case_file.read_text(encoding="utf-8")


def test_an_integer_a_browser_rounds_is_kept_exactly_when_not_edited(
    client: TestClient, session: EditSession
) -> None:
    text = session.case_file.read_text(encoding="utf-8")
    text = text.replace('"age_at_arrival": 9', '"age_at_arrival": 9007199254740993', 1)
    session.case_file.write_text(text, encoding="utf-8")
    data, version = _open(client, session)
    data["moving_party"]["entry"]["age_at_arrival"] = float(9007199254740993)  # as a page holds it
    data["moving_party"]["phone"] = "555-0177"
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    assert '"age_at_arrival": 9007199254740993' in session.case_file.read_text(encoding="utf-8")


# --- D29: /files/ serves only what the build wrote ------------------------------------------


def test_a_paper_replaced_after_the_build_is_not_served(
    client: TestClient, session: EditSession, tmp_path: Path
) -> None:
    reply = post_as_page(client, session, "/api/build", {}).json()
    assert reply["status"] == "built"
    link = next(p for p in reply["papers"] if "txt" in p["files"])["files"]["txt"]
    assert session.files_key in link
    assert client.get(link).status_code == 200  # a new tab sends no token
    assert client.get(link, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    paper = Path(reply["folder"]) / link.rsplit("/", 1)[1]
    outside = tmp_path / "outside.txt"
    outside.write_text("a file outside the output folder", encoding="utf-8")
    paper.unlink()
    paper.symlink_to(outside)
    answer = client.get(link)
    assert answer.status_code == 404 and b"outside" not in answer.content
    paper.unlink()
    paper.write_text("a file put in the paper's place", encoding="utf-8")  # its inode, maybe
    assert client.get(link).status_code == 404
    assert client.get(link.replace(session.files_key, "x" * 22)).status_code == 404
    other = next(p for p in reply["papers"] if "txt" in p["files"] and p["files"]["txt"] != link)
    written_into = Path(reply["folder"]) / other["files"]["txt"].rsplit("/", 1)[1]
    with written_into.open("a", encoding="utf-8") as handle:  # the same file, written into
        handle.write("a line added after the build")
    assert client.get(other["files"]["txt"]).status_code == 404


# --- D31: killed saves leave no copies ------------------------------------------------------


def test_a_save_killed_mid_write_leaves_no_copy_of_the_case(tmp_path: Path) -> None:
    """The process is killed after the new contents are written, before they are named: only the
    old file remains in the folder (no hidden .tmp copy of the client's case)."""
    target = tmp_path / "case.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    code = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "import assembler.files as files\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"files.write_atomic(Path({str(target)!r}), b'x' * 2_000_000, overwrite=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'


def test_a_save_removes_temporaries_a_killed_save_left(
    client: TestClient, session: EditSession
) -> None:
    left = [
        session.case_file.with_name(".case.json.a1b2c3d4.tmp"),
        session.case_file.with_name(".case.json.bak.e5f6a7b8.tmp"),
    ]
    for path in left:
        path.write_text("a partial copy", encoding="utf-8")
    mine = session.case_file.with_name(".case.json-notes.tmp")
    mine.write_text("the user's own file", encoding="utf-8")
    data, version = _open(client, session)
    data["moving_party"]["phone"] = "555-0101"
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    assert not any(path.exists() for path in left)
    assert mine.exists()


# --- D33: cost bounds -----------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_by_its_length(
    client: TestClient, session: EditSession
) -> None:
    headers = {
        "X-Assembler-Token": session.token,
        "Origin": EDIT_ORIGIN,
        "Content-Type": "application/json",
    }

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused once past the limit
        for _ in range(MAX_BYTES // 1_000_000 + 2):
            yield b" " * 1_000_000

    streamed = client.post("/api/check", content=chunks(), headers=headers)
    assert streamed.status_code == 413
    declared = client.post(
        "/api/check", content=b"{}", headers={**headers, "Content-Length": str(MAX_BYTES + 1)}
    )
    assert declared.status_code == 413


def test_a_check_answers_the_first_problems_and_counts_the_rest(
    client: TestClient, session: EditSession
) -> None:
    data, _version = _open(client, session)
    data["criminal_case"]["counts"] = [{"number": 1, "offense_date": "2019-02-30"}] * 500
    reply = post_as_page(client, session, "/api/check", {"data": data}).json()
    assert len(reply["problems"]) == MAX_PROBLEMS
    assert reply["more"] == reply["errors"] + reply["warnings"] - MAX_PROBLEMS > 0


def test_a_save_of_many_keys_keeps_the_order_rules(
    client: TestClient, session: EditSession
) -> None:
    data, version = _open(client, session)
    for i in range(20_000):
        data["moving_party"][f"k{i}"] = i
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    keys = list(_on_disk(session)["moving_party"])
    assert keys[-20_000:] == [f"k{i}" for i in range(20_000)]


# --- D28, D32: the server keeps answering ---------------------------------------------------


@pytest.fixture
def served(session: EditSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[EditSession]:
    """The app served as `assembler edit` serves it, with a short head deadline and a cap of 8."""
    monkeypatch.setattr(edit_server, "HEAD_SECONDS", 1.0)
    monkeypatch.setattr(edit_server, "max_connections", lambda: 8)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    session.port = listener.getsockname()[1]
    server = edit_server.make_server(create_app(session))
    started = threading.Event()

    def a_browser_that_stays() -> None:
        started.set()
        time.sleep(60)

    edit_server.when_up(server, a_browser_that_stays)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    assert started.wait(20)
    yield session
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


def _get_form(session: EditSession, timeout: float = 5) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{session.port}/api/form",
        headers={"X-Assembler-Token": session.token},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return int(answer.status)


def test_the_server_answers_while_the_browser_command_stays_open(served: EditSession) -> None:
    assert _get_form(served) == 200


def test_idle_and_unfinished_connections_cannot_make_the_form_unreachable(
    served: EditSession,
) -> None:
    idle = []
    for _ in range(40):  # five times the cap, each with half a request head
        conn = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        conn.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n".encode())
        idle.append(conn)
    try:
        assert _get_form(served) == 200  # the longest-waiting ones made room at once
        late = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        late.sendall(b"GET / HTTP/1.1\r\n")
        late.settimeout(5)
        started = time.monotonic()
        assert late.recv(100) == b""  # closed by the server after the head deadline
        assert time.monotonic() - started < 4
    finally:
        for conn in idle:
            conn.close()


# --- the time bound of clauses holds for the form's builds ----------------------------------


def _runaway_clauses(tmp_path: Path) -> Path:
    """A firm's clause folder whose one clause loops for far longer than any limit."""
    clauses = tmp_path / "firm-clauses"
    clauses.mkdir()
    (clauses / "slow.md").write_text(
        '+++\nid = "firm.slow"\ntitle = "slow"\ndocument = "notice"\norder = 5\n+++\n'
        "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    return clauses


def test_a_runaway_clause_is_stopped_in_a_build_from_the_form(
    client: TestClient, session: EditSession, tmp_path: Path
) -> None:
    """The form builds in a process of its own, where a clause's 10-second bound holds (it did
    nothing in the server's threads); the server answers meanwhile."""
    session.options = type(session.options)(clauses_dir=_runaway_clauses(tmp_path))
    started = time.monotonic()
    reply = post_as_page(client, session, "/api/build", {}).json()
    assert reply["status"] != "built"
    assert "took longer than 10 s" in reply["message"]
    assert time.monotonic() - started < 60
    assert "slow.md" in reply["message"]


def test_a_build_that_runs_too_long_is_stopped_and_leaves_no_temporary_folder(
    client: TestClient, session: EditSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    session.options = type(session.options)(clauses_dir=_runaway_clauses(tmp_path))
    session.build_seconds = 4
    reply = post_as_page(client, session, "/api/build", {}).json()
    assert reply == {"status": "error", "message": "the build took longer than 4 s and was stopped"}
    assert list(scratch.iterdir()) == []  # its fonts folder went with it
    assert post_as_page(client, session, "/api/check", {"data": {}}).status_code == 200


# --- round 2 of the review of the form (a reviewer's findings on the fixes above) ------------


def test_the_page_opens_from_the_forwarding_file_but_the_api_stays_same_origin(
    client: TestClient, session: EditSession
) -> None:
    from_file = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    from_file["Sec-Fetch-Dest"] = "document"
    assert client.get("/", headers=from_file).status_code == 200
    headers = {**from_file, "X-Assembler-Token": session.token}
    assert client.get("/api/case", headers=headers).status_code == 403
    framed = {**from_file, "Sec-Fetch-Dest": "iframe"}
    assert client.get("/", headers=framed).status_code == 403


def _family(session: EditSession) -> list[tuple[str, str]]:
    family = _on_disk(session)["moving_party"]["ties"]["family"]
    return [(member["relationship"], member["status"]) for member in family]


def test_an_older_tabs_edit_in_a_list_changed_elsewhere_is_a_conflict_not_a_wrong_item(
    client: TestClient, session: EditSession
) -> None:
    tab_a, version_a = _open(client, session)
    tab_b, version_b = _open(client, session)
    del tab_a["moving_party"]["ties"]["family"][0]  # the wife
    assert post_as_page(client, session, "/api/save", {"data": tab_a, "version": version_a}).json()[
        "saved"
    ]
    before = _family(session)
    tab_b["moving_party"]["ties"]["family"][1]["status"] = "lpr"  # the daughter, in tab B
    refused = post_as_page(client, session, "/api/save", {"data": tab_b, "version": version_b})
    assert refused.status_code == 409
    assert refused.json()["places"] == ["moving_party.ties.family"]
    assert _family(session) == before  # nobody's status changed behind the user's back


def test_confirming_a_conflict_keeps_the_other_tabs_other_edits(
    client: TestClient, session: EditSession
) -> None:
    tab_a, version_a = _open(client, session)
    tab_b, version_b = _open(client, session)
    tab_a["moving_party"]["ties"]["work"] = "work, as tab A has it"
    tab_a["moving_party"]["ties"]["school"] = "school, as tab A has it"
    post_as_page(client, session, "/api/save", {"data": tab_a, "version": version_a})
    tab_b["moving_party"]["ties"]["work"] = "work, as tab B has it"
    tab_b["moving_party"]["language"]["primary"] = "Portuguese"
    body = {"data": tab_b, "version": version_b}
    assert post_as_page(client, session, "/api/save", body).status_code == 409
    forced = post_as_page(client, session, "/api/save", {**body, "force": True}).json()
    assert forced["saved"] is True
    ties = _on_disk(session)["moving_party"]["ties"]
    assert ties["work"] == "work, as tab B has it"  # the page's, where both changed
    assert ties["school"] == "school, as tab A has it"  # the other tab's own edit stays
    assert _on_disk(session)["moving_party"]["language"]["primary"] == "Portuguese"


def test_numbers_in_a_list_the_page_shortened_stay_as_the_file_wrote_them(
    client: TestClient, session: EditSession
) -> None:
    text = session.case_file.read_text(encoding="utf-8")
    text = text.replace('"age": 17', '"age": 9007199254740993', 1)
    text = text.replace('"age": 71', '"age": 1e999', 1)
    session.case_file.write_text(text, encoding="utf-8")
    data, version = _open(client, session)
    del data["moving_party"]["ties"]["family"][0]
    data["moving_party"]["ties"]["family"][0]["age"] = float(9007199254740993)  # as JS holds it
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    written = session.case_file.read_text(encoding="utf-8")
    assert '"age": 9007199254740993' in written and '"age": 1e999' in written


@pytest.mark.skipif(os.geteuid() != 0, reason="needs another user's file: run as root")
def test_a_file_someone_else_put_in_the_case_files_place_gives_them_nothing(
    client: TestClient, session: EditSession
) -> None:
    data, version = _open(client, session)
    os.chown(session.case_file, 65534, 65534)  # nobody's file now, readable by all
    session.case_file.chmod(0o666)
    data["moving_party"]["phone"] = "555-0102"
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    for path in (session.case_file, backup_path(session.case_file)):
        info = path.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (os.getuid(), 0o600)


def test_a_save_never_widens_the_mode_the_case_file_had_when_the_form_opened_it(
    client: TestClient, session: EditSession
) -> None:
    session.max_mode = 0o600
    session.case_file.chmod(0o644)  # changed while the form was open
    data, version = _open(client, session)
    data["moving_party"]["phone"] = "555-0103"
    assert post_as_page(client, session, "/api/save", {"data": data, "version": version}).json()[
        "saved"
    ]
    assert stat.S_IMODE(session.case_file.stat().st_mode) == 0o600


def test_a_case_file_that_is_a_link_or_a_folder_is_not_saved_through(
    client: TestClient, session: EditSession, tmp_path: Path
) -> None:
    data, version = _open(client, session)
    real = tmp_path / "elsewhere.json"
    session.case_file.rename(real)
    session.case_file.symlink_to(real)
    refused = post_as_page(client, session, "/api/save", {"data": data, "version": version})
    assert refused.status_code == 409 and refused.json()["kind"] == "unreadable"
    assert "is a link" in refused.json()["error"]
    session.case_file.unlink()
    session.case_file.mkdir()
    folder = post_as_page(
        client, session, "/api/save", {"data": data, "version": version, "force": True}
    )
    assert folder.status_code == 409 and folder.json()["kind"] == "unreadable"


def test_a_pipe_swapped_in_for_the_case_file_during_a_save_does_not_hang(
    session: EditSession,
) -> None:
    from assembler.edit.store import Versions, commit_save, plan_save
    from assembler.errors import CaseFileUnreadable

    data = _on_disk(session)
    data["moving_party"]["phone"] = "555-0104"
    plan = plan_save(session.case_file, data, None, Versions())
    session.case_file.unlink()
    os.mkfifo(session.case_file)
    outcome: list[object] = []

    def commit() -> None:
        try:
            commit_save(session.case_file, plan)
        except CaseFileUnreadable as exc:
            outcome.append(exc)

    worker = threading.Thread(target=commit, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert outcome and "not a regular file" in str(outcome[0])


def test_a_case_file_that_is_not_an_object_is_not_opened_as_an_empty_form(
    client: TestClient, session: EditSession
) -> None:
    session.case_file.write_text('[{"moving_party": {"legal_name": "X"}}, 2]\n', encoding="utf-8")
    opened = client.get("/api/case", headers={"X-Assembler-Token": session.token})
    assert opened.status_code == 409
    assert "not a case" in opened.json()["error"]


def test_a_case_nested_as_deep_as_a_case_may_be_can_be_checked_and_saved(
    client: TestClient, session: EditSession
) -> None:
    from assembler.loading import MAX_DEPTH

    deep: Any = "bottom"
    for _ in range(MAX_DEPTH - 1):
        deep = {"a": deep}
    data, version = _open(client, session)
    data["extra"] = deep  # the case now nests exactly MAX_DEPTH levels
    assert post_as_page(client, session, "/api/check", {"data": data}).status_code == 200
    assert (
        post_as_page(client, session, "/api/save", {"data": data, "version": version}).status_code
        == 200
    )


def test_connections_that_never_read_their_answers_cannot_lock_the_form_out(
    served: EditSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit_server, "STALLED_SECONDS", 1.0)
    stuck = []
    pipelined = f"GET /assets/edit.js HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n" * 400
    for _ in range(8):  # the cap, each pipelining requests and reading nothing
        conn = socket.socket()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.connect(("127.0.0.1", served.port))
        conn.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            conn.sendall(pipelined.encode())
        stuck.append(conn)
    try:
        time.sleep(1.5)
        assert _get_form(served) == 200
    finally:
        for conn in stuck:
            conn.close()


def test_a_body_refused_by_its_length_is_not_invited_with_100_continue(
    served: EditSession,
) -> None:
    conn = socket.create_connection(("127.0.0.1", served.port), timeout=5)
    head = (
        f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
        f"X-Assembler-Token: {served.token}\r\nOrigin: http://127.0.0.1:{served.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {MAX_BYTES + 1}\r\n"
        "Expect: 100-continue\r\n\r\n"
    )
    conn.sendall(head.encode())
    assert conn.recv(12) == b"HTTP/1.1 413"
    conn.close()
