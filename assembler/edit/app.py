"""The local web app behind `assembler edit`: one case file, its form, its checks, its packet.

A small Starlette app (ASGI, served by uvicorn on 127.0.0.1 only). Safe by construction:

- every request carries the random token of the address the command printed (in the address,
  then in a same-site cookie, or in the ``X-Assembler-Token`` header the page's script sends);
- the Host header must name this server (a page elsewhere cannot reach it by DNS rebinding);
- a request that changes anything must be a JSON POST whose Origin is this server (no form on
  another site can post to it; a plain form cannot send JSON);
- it serves its own bundled assets, the one case file, and the files its last build wrote, each
  by a name it chose itself: no path the browser sends is opened.

The checks are :func:`assembler.rules.check_data`, the same as ``assembler validate``; the build
is :func:`assembler.build.build_one`, the same as ``assembler build``.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from assembler.build import BuildOptions
from assembler.edit.form import form_spec
from assembler.edit.store import Changed, Saved, read_case, save_case
from assembler.errors import CaseFileUnreadable, Severity
from assembler.jsonvalue import JSON
from assembler.loading import MAX_BYTES, duplicate_key_problems, parse_json_bytes

__all__ = ["EditSession", "create_app"]

TOKEN_HEADER = "X-Assembler-Token"
COOKIE = "assembler_token"
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
}


@dataclass
class EditSession:
    """What one `assembler edit` serves: the case file, where its packet goes, its token."""

    case_file: Path
    outdir: Path
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    digest: str | None = None
    """Fingerprint of the file as last read or saved by this session (None: not on disk)."""
    built: dict[str, Path] = field(default_factory=dict)
    """The files the last build wrote, by the name the page links them with."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    options: BuildOptions = field(default_factory=BuildOptions)
    """How the Build button builds (assembler.toml's clauses, authorities and templates)."""

    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def _asset(name: str) -> bytes:
    return files("assembler.edit").joinpath("static", name).read_bytes()


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _guard(session: EditSession, request: Request) -> JSONResponse | None:
    """The refusal a request gets, or None when it may go on."""
    if request.headers.get("host", "") not in session.hosts():
        return _refuse(403, "this server answers only to its own address (127.0.0.1)")
    given = (
        request.headers.get(TOKEN_HEADER)
        or request.query_params.get("token")
        or request.cookies.get(COOKIE)
        or ""
    )
    if not hmac.compare_digest(given.encode(), session.token.encode()):
        return _refuse(403, "open the address `assembler edit` printed: it carries the token")
    origin = request.headers.get("origin")
    if origin is not None and origin not in session.origins():
        return _refuse(403, "requests from other sites are refused")
    if request.method == "POST":
        if origin is None:
            return _refuse(403, "a change must come from the form's own page (no Origin)")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _refuse(415, "send JSON")
    return None


def _secured(
    session: EditSession, handler: Callable[[Request], Awaitable[Response]]
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        refusal = _guard(session, request)
        response = refusal or await handler(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    return endpoint


async def _body(request: Request) -> JSON:
    """The JSON body of a request, with the case reader's limits (size and depth)."""
    raw = await request.body()
    if len(raw) > MAX_BYTES:
        raise CaseFileUnreadable("request", "is larger than a case file can be")
    return parse_json_bytes(raw, "request")


def _problems(session: EditSession, data: JSON) -> JSONResponse:
    from assembler.rules import check_data

    problems = check_data(data, session.case_file.parent)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return JSONResponse(
        {
            "valid": errors == 0,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_dict() for p in problems],
        }
    )


def create_app(session: EditSession) -> Starlette:
    """The app serving ``session``'s case."""

    async def page(request: Request) -> Response:
        html = _asset("edit.html").decode("utf-8")
        html = html.replace("{{token}}", session.token).replace(
            "{{name}}", _escape(session.case_file.name)
        )
        response = Response(html, media_type="text/html; charset=utf-8")
        response.set_cookie(COOKIE, session.token, httponly=True, samesite="strict")
        return response

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return _refuse(404, "no such asset")
        return Response(_asset(name), media_type=ASSETS[name])

    async def form(request: Request) -> Response:
        return JSONResponse(form_spec())

    async def case(request: Request) -> Response:
        try:
            data, session.digest = await run_in_threadpool(read_case, session.case_file)
        except CaseFileUnreadable as exc:
            return _refuse(409, str(exc))
        # What only the file's text shows (a key written twice) is reported with the rest until
        # a save writes the file again, without the repeat.
        repeated = [p.as_dict() for p in duplicate_key_problems(data, [])]
        return JSONResponse(
            {"name": session.case_file.name, "data": data, "file_problems": repeated}
        )

    async def check(request: Request) -> Response:
        try:
            body = await _body(request)
        except CaseFileUnreadable as exc:
            return _refuse(400, str(exc))
        if not isinstance(body, dict):
            return _refuse(400, "send the case as {'data': {...}}")
        return await run_in_threadpool(_problems, session, body.get("data"))

    async def save(request: Request) -> Response:
        try:
            body = await _body(request)
        except CaseFileUnreadable as exc:
            return _refuse(400, str(exc))
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(body, dict) or not isinstance(data, dict):
            return _refuse(400, "send the case as {'data': {...}}")
        force = body.get("force") is True
        try:
            # The lock is taken in the worker thread, never while this coroutine waits: two
            # saves at once (a double click) queue up instead of stalling the server.
            saved = await run_in_threadpool(_save, session, data, force)
        except Changed:
            return _refuse(
                409,
                f"{session.case_file.name} was changed outside this form since it was opened. "
                "Reload to see that version, or save again to replace it with yours.",
            )
        except (OSError, CaseFileUnreadable) as exc:
            return _refuse(500, f"not saved: {exc}")
        return JSONResponse(
            {
                "saved": saved.written,
                "backup": saved.backup.name if saved.backup else None,
            }
        )

    async def build(request: Request) -> Response:
        try:
            await _body(request)
        except CaseFileUnreadable as exc:
            return _refuse(400, str(exc))
        return JSONResponse(await run_in_threadpool(_build, session))

    async def built_file(request: Request) -> Response:
        path = session.built.get(request.path_params["name"])
        if path is None or not path.is_file():
            return _refuse(404, "build the packet first: no such file in the last build")
        media = MEDIA.get(path.suffix, "application/octet-stream")
        disposition = "inline" if path.suffix in {".pdf", ".txt"} else "attachment"
        return FileResponse(path, media_type=media, content_disposition_type=disposition)

    routes = [
        Route("/", _secured(session, page)),
        Route("/assets/{name}", _secured(session, asset)),
        Route("/api/form", _secured(session, form)),
        Route("/api/case", _secured(session, case)),
        Route("/api/check", _secured(session, check), methods=["POST"]),
        Route("/api/save", _secured(session, save), methods=["POST"]),
        Route("/api/build", _secured(session, build), methods=["POST"]),
        Route("/files/{name}", _secured(session, built_file)),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes)


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def _save(session: EditSession, data: JSON, force: bool) -> Saved:
    """Save the form's case (one save or build at a time), and remember the file's fingerprint."""
    with session.lock:
        saved = save_case(session.case_file, data, session.digest, force=force)
        session.digest = saved.digest
        return saved


def _build(session: EditSession) -> dict[str, Any]:
    """Build the saved case file as ``assembler build`` would (a draft while it has errors)."""
    from assembler.build import build_one, engine_for
    from assembler.loading import load_case
    from assembler.rules import check_loaded

    with session.lock:
        try:
            loaded = load_case(session.case_file)
        except CaseFileUnreadable as exc:
            return {"status": "refused", "message": str(exc)}
        problems = check_loaded(loaded, session.case_file.parent)
        draft = any(p.severity is Severity.ERROR for p in problems)
        options = replace(session.options, draft=draft, force=True)
        outcome = build_one(session.case_file, session.outdir, options)
        result = outcome.result
        if result is None:
            return {
                "status": outcome.status,
                "message": outcome.message or "the case cannot be built yet: fix the errors listed",
                "draft": draft,
            }
        session.built = {path.name: path for path in result.written}
        papers = _papers(result.written)
        plan = []
        if loaded.case is not None:
            engine = engine_for(options.clauses_dir, options.authorities)
            plan = [
                {
                    "paper": doc.document.slug,
                    "included": doc.included,
                    "reason": doc.reason,
                }
                for doc in engine.plan(loaded.case).documents
            ]
        return {
            "status": "built",
            "draft": draft,
            "folder": str(result.folder),
            "papers": papers,
            "pages": result.pages,
            "to_verify": result.to_verify,
            "missing": list(result.missing),
            "logged": list(result.logged),
            "plan": plan,
        }


def _papers(written: tuple[Path, ...]) -> list[dict[str, Any]]:
    """The written files grouped by paper: its name and a link per format."""
    papers: dict[str, dict[str, Any]] = {}
    for path in written:
        entry = papers.setdefault(path.stem, {"name": path.stem, "files": {}})
        entry["files"][path.suffix.lstrip(".")] = f"/files/{path.name}"
    return [papers[name] for name in sorted(papers)]
