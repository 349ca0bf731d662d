"""The local web app behind `assembler edit`: one case file, its form, its checks, its packet.

A small Starlette app (ASGI, served by uvicorn on 127.0.0.1 only, see ``server.py``). Safe by
construction, on a computer other people use too:

- the case, its checks, saves, builds and review answer only requests carrying the random token
  in the ``X-Assembler-Token`` header, which only the page's script sends. The token is never a
  cookie (a browser sends cookies to every server on 127.0.0.1, whatever its port) and never on a
  command line (the browser is opened on a file only the user can read, ``server.py``); the page
  takes it from its address once, keeps it in the tab, and drops it from the address;
- the page and its two assets are the package's own files, the same for everyone, holding no
  secret and no case data: they are served without the token, so a reload works;
- the papers of the last build are linked by a random path made for that build (a new tab
  cannot send a header); a link from another site is refused by the browser's
  ``Sec-Fetch-Site``, a file replaced by a link or another file after the build is not served;
- the Host header must name this server (a page elsewhere cannot reach it by DNS rebinding);
- a request that changes anything must be a JSON POST whose Origin is this server (no form on
  another site can post to it; a plain form cannot send JSON);
- every request has a cost bound: bodies refused by their length before they are read, answers
  of the checks capped, each save linear in the case's size, each build in a process of its own
  (where a clause's time bound holds) with an overall time limit; the attorney review's listing
  and sign-off likewise.

Each page sends the version of the case file it loaded with every save (``store.py``), so a save
from an older tab never silently replaces newer edits.

The checks are :func:`assembler.rules.check_data`, the same as ``assembler validate``; the build
is :func:`assembler.build.build_one`, the same as ``assembler build``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import math
import os
import secrets
import stat
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from assembler.build import BuildOptions
from assembler.edit.form import form_spec
from assembler.edit.jobs import MAX_PROBLEMS, NO_FIRM_FILE, os_reason
from assembler.edit.store import (
    Changed,
    ReadOnly,
    Saved,
    Versions,
    commit_save,
    for_page,
    plan_save,
    read_case,
)
from assembler.errors import CaseFileUnreadable, Severity
from assembler.jsonvalue import JSON
from assembler.loading import MAX_BYTES, MAX_DEPTH, duplicate_key_problems, parse_json_bytes
from assembler.starter import without_placeholders

if TYPE_CHECKING:
    pass

__all__ = ["MAX_PROBLEMS", "EditSession", "create_app"]

TOKEN_HEADER = "X-Assembler-Token"
ASSETS = {"edit.js": "text/javascript", "edit.css": "text/css"}
"""The only files under /assets/: the package's own."""
CONTENT_SECURITY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
MEDIA = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
BODY_SECONDS = 30.0
"""Time a request's body may take to arrive."""
DRAIN_BYTES = 1 << 30
"""A body refused by its length is read and dropped up to this size (so the client reads the
answer), never kept; a larger one is cut off."""
SAVE_TRIES = 3
"""Plans of one save when other saves land in between (each plan is made without the lock)."""
_FETCH_SITES = {"same-origin", "none"}
"""Sec-Fetch-Site values of requests the page makes, or the user types or opens from it."""


@dataclass(frozen=True)
class BuiltFile:
    """A file the last build wrote, as it was when the build ended: where it is, and what tells
    that file apart from any other put there since (a new file can get the inode number of the
    one it replaced, but not its change time)."""

    path: Path
    device: int
    inode: int
    changed_ns: int
    size: int

    @classmethod
    def of(cls, path: Path, info: os.stat_result) -> BuiltFile:
        return cls(path, info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size)

    def is_file(self, info: os.stat_result) -> bool:
        """Whether ``info`` is of this very file, unchanged."""
        return stat.S_ISREG(info.st_mode) and BuiltFile.of(self.path, info) == self


@dataclass
class EditSession:
    """What one `assembler edit` serves: the case file, where its packet goes, its token."""

    case_file: Path
    outdir: Path
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    versions: Versions = field(default_factory=Versions)
    """The versions of the case file this server sent or wrote: what a page's save is based on."""
    built: dict[str, BuiltFile] = field(default_factory=dict)
    """The files the last build wrote, by the name the page links them with."""
    files_key: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    """The random part of the last build's links, new for every build."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while a save writes, a build runs or checks are signed: one at a time."""
    reading: threading.Lock = field(default_factory=threading.Lock)
    """Held while the review is read (one process at a time, beside a build)."""
    options: BuildOptions = field(default_factory=BuildOptions)
    """How the Build button builds (assembler.toml's clauses, authorities and templates)."""
    build_seconds: float = 600.0
    """Time a build may take before its process is stopped."""
    max_mode: int | None = None
    """The case file's mode when the form opened it: a save never makes it wider."""

    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def _asset(name: str) -> bytes:
    return files("assembler.edit").joinpath("static", name).read_bytes()


def _json(value: object, status: int = 200) -> Response:
    """A JSON answer that any browser parses: text with a lone surrogate goes as its escape."""
    body = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


def _refuse(status: int, message: str, **more: object) -> Response:
    return _json({"error": message, **more}, status)


def _guard(
    session: EditSession,
    request: Request,
    *,
    token: bool,
    opened: bool = False,
    body: str = "application/json",
) -> Response | None:
    """The refusal a request gets, or None when it may go on. ``opened``: the page itself,
    which the browser also opens from the forwarding file (a ``file:`` page: "cross-site").
    ``body``: the one content type a POST may have (never one a plain form can send, so another
    site's page cannot post without the browser asking this server first)."""
    if request.headers.get("host", "") not in session.hosts():
        return _refuse(403, "this server answers only to its own address (127.0.0.1)")
    site = request.headers.get("sec-fetch-site")
    navigation = (
        request.headers.get("sec-fetch-mode") == "navigate"
        and request.headers.get("sec-fetch-dest") == "document"
    )
    if site is not None and site not in _FETCH_SITES and not (opened and navigation):
        return _refuse(403, "requests from other sites are refused")
    if token:
        given = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), session.token.encode()):
            return _refuse(403, "open the address `assembler edit` printed: it carries the token")
    origin = request.headers.get("origin")
    if origin is not None and origin not in session.origins():
        return _refuse(403, "requests from other sites are refused")
    if request.method == "POST":
        if origin is None:
            return _refuse(403, "a change must come from the form's own page (no Origin)")
        if request.headers.get("content-type", "").split(";")[0].strip() != body:
            return _refuse(415, "send JSON" if body == "application/json" else f"send {body}")
    return None


def _secured(
    session: EditSession,
    handler: Callable[[Request], Awaitable[Response]],
    *,
    token: bool = True,
    opened: bool = False,
    body: str = "application/json",
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        refusal = _guard(session, request, token=token, opened=opened, body=body)
        response = refusal or await handler(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    return endpoint


TOO_LARGE = "is larger than a case file can be"
"""Why a body over the case file's size limit is refused (its connection closed after)."""


async def _body(request: Request) -> JSON:
    """The JSON body of a request, with the case reader's limits (size, depth, finite numbers).

    A body whose declared length is over the limit is refused before any of it is kept; one
    that turns out longer than declared (or has no length) is refused once it passes the limit.
    """
    declared = request.headers.get("content-length", "")
    too_large = CaseFileUnreadable("request", TOO_LARGE)
    if declared and (not declared.isdigit() or int(declared) > MAX_BYTES):
        if request.headers.get("expect", "").lower() != "100-continue":  # else it never comes
            await _drain(request, int(declared) if declared.isdigit() else 0)
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise too_large
                chunks.append(chunk)
    except TimeoutError:
        raise CaseFileUnreadable("request", "took too long to arrive") from None
    value = parse_json_bytes(b"".join(chunks), "request", MAX_DEPTH + 1)  # + {"data": ...}
    if not _finite(value):
        raise CaseFileUnreadable(
            "request", "holds a number too large for a case file (such as 1e999)"
        )
    return value


async def _drain(request: Request, declared: int) -> None:
    """Read and drop a refused body, within a size and time bound, so the client can read the
    answer instead of blocking on a send nobody reads."""
    if declared > DRAIN_BYTES:
        return
    with contextlib.suppress(Exception):
        async with asyncio.timeout(BODY_SECONDS):
            async for _chunk in request.stream():
                pass


def _finite(value: JSON) -> bool:
    stack: list[JSON] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _bad_body(exc: CaseFileUnreadable) -> Response:
    too_large = exc.detail == TOO_LARGE
    response = _refuse(413 if too_large else 400, str(exc))
    if too_large:
        response.headers["Connection"] = "close"
    return response


def _problems(session: EditSession, data: JSON) -> Response:
    from assembler.rules import check_data

    problems = check_data(data, session.case_file.parent)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    questions = sum(p.severity is Severity.QUESTION for p in problems)
    shown = problems[:MAX_PROBLEMS]  # in validate's order, cut as validate cuts its list
    return _json(
        {
            "valid": errors == 0,
            "errors": errors,
            "questions": questions,
            "warnings": len(problems) - errors - questions,
            "problems": [p.as_dict() for p in shown],
            "more": len(problems) - len(shown),
        }
    )


def create_app(session: EditSession) -> Starlette:
    """The app serving ``session``'s case."""
    routes = [
        Route("/", _secured(session, _page, token=False, opened=True)),
        Route("/assets/{name}", _secured(session, _asset_file, token=False)),
        Route("/api/form", _secured(session, _form)),
        Route("/api/case", _secured(session, lambda r: _case(session, r))),
        Route("/api/check", _secured(session, lambda r: _check(session, r)), methods=["POST"]),
        Route("/api/save", _secured(session, lambda r: _save(session, r)), methods=["POST"]),
        Route("/api/build", _secured(session, lambda r: _build(session, r)), methods=["POST"]),
        Route("/api/review", _secured(session, lambda r: _read_job(session, "review"))),
        Route("/api/preview", _secured(session, lambda r: _read_job(session, "preview"))),
        Route(
            "/api/review/sign",
            _secured(session, lambda r: _sign(session, r)),
            methods=["POST"],
        ),
        Route(
            "/api/exhibit",
            _secured(session, lambda r: _exhibit(session, r), body="application/pdf"),
            methods=["POST"],
        ),
        Route(
            "/files/{key}/{name}",
            _secured(session, lambda r: _built_file(session, r), token=False),
        ),
        Route("/favicon.ico", _favicon),
    ]
    return Starlette(routes=routes)


async def _page(_request: Request) -> Response:
    return Response(_asset("edit.html"), media_type="text/html; charset=utf-8")


async def _asset_file(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        return _refuse(404, "no such asset")
    return Response(_asset(name), media_type=ASSETS[name])


async def _favicon(_request: Request) -> Response:
    return Response(status_code=204)


async def _form(_request: Request) -> Response:
    return _json(form_spec())


async def _case(session: EditSession, _request: Request) -> Response:
    return await run_in_threadpool(_case_reply, session)


def _case_reply(session: EditSession) -> Response:
    """The case as the page holds it, with its version (all of it off the event loop: a large
    case takes a moment to read, parse and encode)."""
    name = session.case_file.name
    try:
        data, raw = read_case(session.case_file)
    except CaseFileUnreadable as exc:
        return _refuse(409, str(exc), kind="unreadable")
    if not isinstance(data, dict):
        return _refuse(
            409,
            f"{name} holds JSON that is not a case (a case file is an object {{...}}): "
            "fix it in a text editor, or move it away to start a new case",
            kind="unreadable",
        )
    version = session.versions.remember(raw)
    # What only the file's text shows (a key written twice) is reported with the rest until a
    # save writes the file again, without the repeat.
    repeated = [p.as_dict() for p in duplicate_key_problems(data, [])]
    return _json(
        {
            "name": name,
            # where the page remembers this file's last interview step (in the browser)
            "key": hashlib.sha256(os.fsencode(session.case_file.resolve())).hexdigest()[:16],
            "version": version,
            # placeholder text ("FILL IN: …") is no answer: the page shows the field blank,
            # and a save writes the case without it (never as if it had been typed)
            "data": for_page(without_placeholders(data)),
            "file_problems": repeated,
        }
    )


async def _check(session: EditSession, request: Request) -> Response:
    try:
        body = await _body(request)
    except CaseFileUnreadable as exc:
        return _bad_body(exc)
    if not isinstance(body, dict):
        return _refuse(400, "send the case as {'data': {...}}")
    return await run_in_threadpool(_problems, session, body.get("data"))


async def _save(session: EditSession, request: Request) -> Response:
    try:
        body = await _body(request)
    except CaseFileUnreadable as exc:
        return _bad_body(exc)
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(data, dict):
        return _refuse(400, "send the case as {'data': {...}}")
    version = body.get("version")
    name = session.case_file.name
    try:
        saved = await run_in_threadpool(
            save_for_page,
            session,
            data,
            version if isinstance(version, str) else None,
            force=body.get("force") is True,
            read_only_ok=body.get("read_only_ok") is True,
        )
    except Changed as exc:
        places = ", ".join(exc.places[:5]) + (" …" if len(exc.places) > 5 else "")
        if places:
            message = (
                f"{name} was changed since this page opened it, in another tab or another "
                f"program, at the same places as here: {places}. Reload to see that version, "
                "or save anyway to keep this page's version of those (the other changes made "
                "elsewhere are kept)."
            )
        else:
            message = (
                f"{name} was changed since this page opened it, by another program or in a "
                "tab this server no longer follows. Reload to see that version, or save "
                "anyway to replace it with this page's case."
            )
        return _refuse(409, message, kind="changed", places=exc.places)
    except ReadOnly:
        return _refuse(
            409,
            f"{name} is read-only: someone marked it so it would not change. "
            "Save anyway? It stays read-only.",
            kind="read-only",
        )
    except CaseFileUnreadable as exc:
        return _refuse(409, str(exc), kind="unreadable")
    except (OSError, ValueError) as exc:
        return _refuse(500, os_reason(exc), kind="unwritable")
    return _json(
        {
            "saved": saved.written,
            "version": saved.version,
            "backup": saved.backup.name if saved.backup else None,
            "merged": list(saved.merged),
            **({"data": saved.data} if saved.merged else {}),
        }
    )


def save_for_page(
    session: EditSession,
    data: JSON,
    version: str | None,
    *,
    force: bool = False,
    read_only_ok: bool = False,
) -> Saved:
    """Save the page's case: planned without the lock (the costly part), written under it if
    the file is still what the plan read (else planned again)."""
    for _ in range(SAVE_TRIES):
        plan = plan_save(
            session.case_file,
            data,
            version,
            session.versions,
            force=force,
            read_only_ok=read_only_ok,
        )
        with session.lock:
            try:
                saved = commit_save(session.case_file, plan, session.max_mode)
            except Changed:
                continue  # another save landed between the plan and now
            session.versions.remember(plan.text)
            return saved
    raise Changed(session.case_file.name)


async def _build(session: EditSession, request: Request) -> Response:
    try:
        body = await _body(request)
    except CaseFileUnreadable as exc:
        return _bad_body(exc)
    final = isinstance(body, dict) and body.get("final") is True
    return _json(await run_in_threadpool(build_for_page, session, final=final))


async def _built_file(session: EditSession, request: Request) -> Response:
    key = request.path_params["key"]
    entry = session.built.get(request.path_params["name"])
    missing = _refuse(404, "build the packet first: no such file in the last build")
    if entry is None or not hmac.compare_digest(key.encode(), session.files_key.encode()):
        return missing
    content = _read_built(entry)
    if content is None:
        return missing
    media = MEDIA.get(entry.path.suffix, "application/octet-stream")
    disposition = "inline" if entry.path.suffix in {".pdf", ".txt"} else "attachment"
    response = Response(content, media_type=media)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{entry.path.name}"'
    return response


def _read_built(entry: BuiltFile) -> bytes | None:
    """The file's bytes if it is still the regular file the build wrote, unchanged (never
    through a link, never a file put in its place or written into since), else None."""
    flags = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
    try:
        fd = os.open(entry.path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not entry.is_file(os.fstat(handle.fileno())):
            return None
        return handle.read()


def build_for_page(session: EditSession, *, final: bool = False) -> dict[str, Any]:
    """Build the saved case file as ``assembler build`` would (a draft while it has errors;
    ``final``: as ``build --final``, refused while a check is open), in a process of its own,
    and remember what it wrote for the page's links."""
    from assembler.edit.worker import build_in_process

    options = replace(session.options, final=final)
    with session.lock:
        reply, written = build_in_process(
            session.case_file, session.outdir, options, session.build_seconds
        )
        if reply.get("status") != "built":
            return reply
        session.files_key = secrets.token_urlsafe(16)
        session.built = {}
        for path in written:
            with contextlib.suppress(OSError):
                info = path.lstat()
                if stat.S_ISREG(info.st_mode):
                    session.built[path.name] = BuiltFile.of(path, info)
        reply["papers"] = _papers(written, session.files_key)
        return reply


def _papers(written: list[Path], key: str) -> list[dict[str, Any]]:
    """The written files grouped by paper: its name and a link per format."""
    papers: dict[str, dict[str, Any]] = {}
    for path in written:
        entry = papers.setdefault(path.stem, {"name": path.stem, "files": {}})
        entry["files"][path.suffix.lstrip(".")] = f"/files/{key}/{path.name}"
    return [papers[name] for name in sorted(papers)]


# --- the attorney's review ---------------------------------------------------------------------

MAX_IDS = 500
"""Check ids one sign-off may name."""
MAX_FIELD = 2000
"""Characters of a signer's name, note or source."""


async def _exhibit(session: EditSession, request: Request) -> Response:
    """Keep a PDF chosen for an exhibit in the case's ``exhibits/`` folder; answer its path
    relative to the case file (the exhibit's ``file``). The file's name comes URL-encoded in
    X-File-Name; its bytes are the body, refused by length before they are read."""
    from urllib.parse import unquote

    from assembler.edit.exhibit_files import MAX_EXHIBIT_BYTES, ExhibitRefused, keep_exhibit

    name = unquote(request.headers.get("x-file-name", ""))[:255] or "exhibit.pdf"
    declared = request.headers.get("content-length", "")
    too_large = f"The file is larger than {MAX_EXHIBIT_BYTES // 1_000_000} MB: reduce the scan."
    if declared and (not declared.isdigit() or int(declared) > MAX_EXHIBIT_BYTES):
        response = _refuse(413, too_large)
        response.headers["Connection"] = "close"
        return response
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_SECONDS * 4):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_EXHIBIT_BYTES:
                    response = _refuse(413, too_large)
                    response.headers["Connection"] = "close"
                    return response
                chunks.append(chunk)
    except TimeoutError:
        return _refuse(400, "The file took too long to arrive.")
    try:
        relative = await asyncio.to_thread(keep_exhibit, session.case_file, name, b"".join(chunks))
    except ExhibitRefused as exc:
        return _refuse(400, f"The chosen file {exc}.")
    except OSError as exc:
        return _refuse(400, f"The file could not be kept: {exc.strerror or 'system error'}.")
    return _json({"file": relative})


async def _read_job(session: EditSession, job: str) -> Response:
    """A job that reads the saved case and assembles its papers (the review, the declaration's
    preview), in a process of its own as a build is, one at a time beside builds."""
    from assembler.edit.worker import run_in_process

    def read() -> dict[str, Any]:
        with session.reading:
            args = (session.case_file, session.options)
            return run_in_process(job, args, session.build_seconds)[0]

    return _job_response(await run_in_threadpool(read), 409)


async def _sign(session: EditSession, request: Request) -> Response:
    from assembler.signoff import normalise_ids

    try:
        body = await _body(request)
    except CaseFileUnreadable as exc:
        return _bad_body(exc)
    if not isinstance(body, dict):
        return _refuse(400, "send {'ids': [...], 'by': 'NAME'}")
    ids = body.get("ids", [])
    if not isinstance(ids, list) or len(ids) > MAX_IDS:
        return _refuse(400, "name the checks to sign by their ids (a list)")
    names = [i.strip() for i in ids if isinstance(i, str) and i.strip()]
    if len(names) != len(ids):
        return _refuse(400, "name the checks to sign by their ids (a list)")
    if not names:
        return _refuse(400, "tick the checks to sign first")
    texts = [body.get(key, "") for key in ("by", "note", "source")]
    by, note, source = (t if isinstance(t, str) else "" for t in texts)
    if any(not isinstance(t, str) or len(t) > MAX_FIELD for t in texts):
        return _refuse(400, f"the name, note and source are text of at most {MAX_FIELD} characters")
    if not by.strip():
        return _refuse(400, "your name is needed: the record says who signed each check off")
    wanted = normalise_ids(names)
    firm = source.strip() != ""
    wrong = [i for i in wanted if i.startswith("case:") == firm]
    if wrong and firm:
        return _refuse(
            400,
            f"{', '.join(wrong)}: a case check is signed for this case, without a source",
        )
    if wrong:
        return _refuse(
            400,
            f"{', '.join(wrong)}: not a case check. A citation, pin or clause note about the law "
            "is recorded once for the firm (with what was read as its source), and text to "
            "write comes from the case file.",
        )
    if firm and session.options.authorities is None:
        return _refuse(400, NO_FIRM_FILE)
    reply = await run_in_threadpool(_sign_for_page, session, wanted, by, note, source)
    return _job_response(reply, 400)


def _sign_for_page(
    session: EditSession, ids: list[str], by: str, note: str, source: str
) -> dict[str, Any]:
    """Sign (or record for the firm) in a process of its own, one sign-off or build at a time."""
    from assembler.edit.worker import run_in_process

    args = (session.case_file, session.options, ids, by, note, source)
    with session.lock:
        reply, _ = run_in_process("sign", args, session.build_seconds)
    return reply


def _job_response(reply: dict[str, Any], refused: int) -> Response:
    """A review job's answer: the review (200), or why not (``refused``; 500 for a bug)."""
    status = reply.pop("status", "error")
    if status == "ok":
        return _json(reply)
    return _refuse(refused if status == "refused" else 500, str(reply.get("message", "")))
