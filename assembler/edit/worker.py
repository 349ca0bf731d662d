"""The edit form's builds and reviews, each in a fresh process of its own.

A build from the form (and the attorney review's listing and sign-off, which assemble the
papers the same way) runs the same code as ``assembler build``, but not in the server's process:

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

__all__ = ["JOBS", "build_in_process", "run_in_process"]

JOBS = {
    "build": ("build_reply", "the build"),
    "review": ("review_reply", "the review"),
    "sign": ("sign_reply", "the sign-off"),
    "preview": ("preview_reply", "the declaration's preview"),
}
"""The jobs a process may run: a function of :mod:`assembler.edit.jobs` answering the page
(``(reply, files written)``), and what the page calls it when it fails."""

Answer = tuple[dict[str, Any], list[Path]]


def build_in_process(
    case_file: Path, outdir: Path, options: BuildOptions, seconds: float
) -> Answer:
    """:func:`assembler.edit.jobs.build_reply` in a new process, stopped after ``seconds``."""
    return run_in_process("build", (case_file, outdir, options), seconds)


def run_in_process(job: str, args: tuple[Any, ...], seconds: float) -> Answer:
    """The job named ``job`` (one of :data:`JOBS`) called with ``args`` in a new process,
    stopped after ``seconds``."""
    what = JOBS[job][1]
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    scratch = tempfile.mkdtemp(prefix="assembler-build-")
    process = context.Process(
        target=_run,
        args=(sender, job, args, scratch),
        name=f"assembler-{job}",
    )
    process.start()
    sender.close()  # the child holds the only writing end: its death ends the wait below
    try:
        if receiver.poll(seconds):
            try:
                answer: Answer = receiver.recv()
                return answer
            except EOFError:
                pass  # the process died before it answered
        else:
            process.kill()
            return {
                "status": "error",
                "message": f"{what} took longer than {seconds:.0f} s and was stopped",
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
        "message": f"{what} stopped unexpectedly (exit code {process.exitcode}); please report it",
    }, []


def _run(sender: Connection, job: str, args: tuple[Any, ...], scratch: str) -> None:
    tempfile.tempdir = scratch  # the job's temporary files, removed by the server after it
    from assembler.edit import jobs

    try:
        answer = getattr(jobs, JOBS[job][0])(*args)
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
