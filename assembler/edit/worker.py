"""The edit form's builds, each in a fresh process of its own.

A build from the form runs the same code as ``assembler build``, but not in the server's process:

- clauses render on that process's main thread, where their time bound (a timer signal) holds;
  in the server's worker threads it could not;
- a clause that hangs or a build that runs away is stopped with its process (after
  ``seconds``), and the server keeps serving;
- each build reads the firm's clause folder afresh (no clause cached from an earlier build);
- what the build leaves in the temporary folder (WeasyPrint's fonts) goes in a folder made for
  that build, removed when its process ends, even when it was stopped.

The process is started with ``spawn`` (a new interpreter): forking a server that runs threads
can copy a lock some other thread holds.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assembler.build import BuildOptions

__all__ = ["build_in_process"]


def build_in_process(
    case_file: Path, outdir: Path, options: BuildOptions, seconds: float
) -> tuple[dict[str, Any], list[Path]]:
    """:func:`assembler.edit.app.build_reply` in a new process, stopped after ``seconds``."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    scratch = tempfile.mkdtemp(prefix="assembler-build-")
    process = context.Process(
        target=_build,
        args=(sender, case_file, outdir, options, scratch),
        name="assembler-build",
    )
    process.start()
    sender.close()  # the child holds the only writing end: its death ends the wait below
    try:
        if receiver.poll(seconds):
            try:
                answer: tuple[dict[str, Any], list[Path]] = receiver.recv()
                return answer
            except EOFError:
                pass  # the process died before it answered
        else:
            process.kill()
            return {
                "status": "error",
                "message": f"the build took longer than {seconds:.0f} s and was stopped",
            }, []
    finally:
        receiver.close()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "status": "error",
        "message": f"the build stopped unexpectedly (exit code {process.exitcode}); "
        "please report it",
    }, []


def _build(
    sender: Connection, case_file: Path, outdir: Path, options: BuildOptions, scratch: str
) -> None:
    tempfile.tempdir = scratch  # the build's temporary files, removed by the server after it
    from assembler.edit.app import build_reply

    try:
        answer = build_reply(case_file, outdir, options)
    except Exception as exc:  # a bug: its type, never its message (it may hold client data)
        answer = (
            {
                "status": "error",
                "message": f"internal error ({type(exc).__name__}); please report it",
            },
            [],
        )
    sender.send(answer)
    sender.close()
