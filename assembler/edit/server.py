"""Serving the edit app: uvicorn on 127.0.0.1, bounded for a computer other people use too, and
the browser opened without the token on any command line.

- **Connections.** Any local user can open connections to 127.0.0.1 without the token. A
  connection must send a whole request head within :data:`HEAD_SECONDS` (uvicorn times out only
  the pause between requests), and the server holds at most :func:`max_connections` of them, far
  below the open-file limit: when a new one would pass it, the connection waiting longest for a
  request head is closed first, so the page's own requests keep getting answers.
- **The browser.** A browser started with the address keeps it on its command line, which every
  local user can read (``ps``, /proc). The address goes instead into a page in a folder only
  this user can read, which forwards to it (as Jupyter does); the browser is given that file.
  It is opened once the server is up, from a thread, so a browser command that stays open (a
  terminal browser, a script) never stops the server from answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import resource
import shutil
import signal
import socket
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "HEAD_SECONDS",
    "GuardedH11",
    "forget",
    "make_server",
    "max_connections",
    "open_browser",
    "serve",
    "when_up",
]

HEAD_SECONDS = 10.0
"""Time a connection has to send a whole request head (its first, or the next one)."""
STALLED_SECONDS = 10.0
"""Time a connection may leave an answer unread (the server's writing paused) before it is
closed: a client that pipelines requests and never reads would otherwise hold it forever."""


def max_connections() -> int:
    """Connections held at once: an eighth of the open-file limit, at most 64."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 64
    return max(8, min(64, soft // 8))


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for request heads and a connection cap."""

    cap = 64

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._stalled: asyncio.TimerHandle | None = None
        self._armed_for: Any = None
        self._waiting_since = time.monotonic()
        self._arm()
        if len(self.connections) > self.cap:
            self._make_room()

    def _waiting(self) -> bool:
        """No request in progress: the connection owes a request head."""
        return self.cycle is None or self.cycle.response_complete

    def _idle(self) -> bool:
        """Owes the server something (a request head, or reading an answer): may be closed to
        make room."""
        return self._waiting() or self._stalled is not None

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(STALLED_SECONDS, self._unread)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def _unread(self) -> None:
        self._stalled = None
        if not self.transport.is_closing():
            self.transport.abort()

    def _arm(self) -> None:
        self._cancel()
        self._armed_for = self.cycle
        self._waiting_since = time.monotonic()
        self._deadline = self.loop.call_later(HEAD_SECONDS, self._head_late)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_late(self) -> None:
        self._deadline = None
        if self._waiting() and self.cycle is self._armed_for and not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> None:
        idle = [
            c for c in self.connections if isinstance(c, GuardedH11) and c is not self and c._idle()
        ]
        idle.sort(key=lambda c: c._waiting_since)
        for other in idle[: len(self.connections) - self.cap]:
            other.transport.close()
        if not idle:
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if not self._waiting():
            self._cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._waiting() and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None
        super().connection_lost(exc)


def make_server(app: Any) -> uvicorn.Server:
    """The uvicorn server for ``app``, with the guarded protocol and quiet logs."""
    protocol = type("Guarded", (GuardedH11,), {"cap": max_connections()})
    return uvicorn.Server(
        uvicorn.Config(
            app,
            http=protocol,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=5,
        )
    )


def when_up(server: uvicorn.Server, action: Callable[[], object]) -> threading.Thread:
    """Run ``action`` in a thread of its own once ``server`` answers (it may block: a browser
    command that stays open)."""

    def wait() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            action()

    thread = threading.Thread(target=wait, name="assembler-browser", daemon=True)
    thread.start()
    return thread


def serve(
    app: Any, listener: socket.socket, on_started: Callable[[], object] | None = None
) -> None:
    """Serve ``app`` on ``listener`` until Ctrl-C; ``on_started`` runs as :func:`when_up` says."""
    server = make_server(app)
    if on_started is not None:
        when_up(server, on_started)
    # Closing the terminal stops the server as Ctrl-C does (the forwarding page is removed).
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and threading.current_thread() is threading.main_thread():
        signal.signal(hangup, lambda _signum, _frame: server.handle_exit(signal.SIGINT, None))
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops cleanly, then passes Ctrl-C on
        server.run(sockets=[listener])


def _private_folder() -> Path:
    """A new folder only this user can enter, in the user's runtime folder where there is one."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    parent = None
    if runtime and Path(runtime).is_dir():
        info = Path(runtime).stat()
        if info.st_uid == os.getuid() and not info.st_mode & 0o077:
            parent = runtime
    return Path(tempfile.mkdtemp(prefix="assembler-edit-", dir=parent))  # mode 0700


def forwarding_page(url: str) -> str:
    """A page that sends the browser on to ``url`` at once (a link for one that does not)."""
    href = html.escape(url, quote=True)
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>\n"
        f'<meta http-equiv="refresh" content="0;url={href}">\n'
        "<title>assembler edit</title></head>\n"
        f'<body><p><a href="{href}">Open the case in assembler edit</a></p></body></html>\n'
    )


def open_browser(url: str) -> Path:
    """Write the forwarding page for ``url`` (mode 0600, in a 0700 folder) and open the browser
    on that file; the folder is returned for :func:`forget` when the server stops."""
    folder = _private_folder()
    page = folder / "open.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(forwarding_page(url))
    webbrowser.open(page.as_uri())
    return folder


def forget(folder: Path | None) -> None:
    """Remove the forwarding page's folder (it holds the token)."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
