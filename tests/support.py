"""What the tests share besides fixtures: the sample paths and the validator helpers.

Test modules import these from here; ``conftest.py`` holds only pytest's hooks and fixtures, so
no test imports ``conftest`` as a module (code review, part 5).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from assembler.assembly import Assembler
from assembler.errors import Problem, Severity
from assembler.loading import validate_data
from assembler.rules import check_data
from assembler.writers.text import render_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("[0-9][0-9]-*.json"))
"""Every bundled sample case file, in order (the invalid examples are in samples/invalid/)."""
BASE_SAMPLE = SAMPLES / "01-lpr-petty-theft-spanish.json"


@cache
def engine() -> Assembler:
    """One assembler (bundled library and registry) for the tests that read papers."""
    return Assembler.create()


def sample_data(prefix: str) -> dict[str, Any]:
    """A bundled sample's case file by its number ("04"), parsed."""
    (path,) = SAMPLES.glob(f"{prefix}-*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def sample_variant(prefix: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A bundled sample with ``change`` applied to its parsed case file."""
    data = sample_data(prefix)
    change(data)
    return data


def draft_papers(data: dict[str, Any]) -> dict[str, str]:
    """Each paper of a draft build by its slug, whitespace folded, without "[verify]" marks."""
    loaded = validate_data(data)
    assert loaded.case is not None, loaded.problems
    packet = engine().assemble(loaded.case, draft=True)
    return {
        d.slug: " ".join(render_document(d).split()).replace(" [verify]", "")
        for d in packet.documents
    }


def problems_of(data: Any, base_dir: Path | None = None) -> list[Problem]:
    """Every problem the validator reports for parsed JSON."""
    return check_data(data, base_dir)


def errors_of(data: Any) -> list[Problem]:
    return [p for p in problems_of(data) if p.severity is Severity.ERROR]


def find(problems: list[Problem], code: str, path: str | None = None) -> list[Problem]:
    """The problems with this rule code (and path, when given)."""
    return [p for p in problems if p.code == code and (path is None or p.path == path)]


Mutator = Callable[[dict[str, Any]], None]


EDIT_PORT = 8999
EDIT_ORIGIN = f"http://127.0.0.1:{EDIT_PORT}"
"""The address the `assembler edit` app's tests give it (the fixtures ``session``, ``client``)."""


def post_as_page(
    client: Any, session: Any, url: str, body: Any, content_type: str = "application/json"
) -> Any:
    """A POST to the edit app as its page sends it (its token and Origin): ``body`` as JSON,
    unless it is already text or bytes."""
    return client.post(
        url,
        content=body if isinstance(body, str | bytes) else json.dumps(body),
        headers={
            "X-Assembler-Token": session.token,
            "Origin": EDIT_ORIGIN,
            "Content-Type": content_type,
        },
    )


def run_assembler(
    *args: str,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``assembler ARGS`` in a new process, through the command's own exit, killed after
    ``timeout`` seconds (a hang fails its test, not the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "assembler", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd,
        preexec_fn=preexec_fn,
        check=False,
    )


def last_line_in_a_new_process(code: str) -> str:
    """What ``code`` prints last, run by this Python in a new process (modules already imported
    here, such as the writers, are not loaded there); its stderr in the failure message."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    return lines[-1]


def review_everything(case_file: Path, firm_file: Path, by: str = "Ana Abogada") -> None:
    """Record every check ``case_file``'s papers ask for, as an attorney would after reading
    them: citations, pins and clause notes about the law in ``firm_file``, case checks in the
    case's review record (``assembler review --sign``, through its functions)."""
    from assembler.review import review_case
    from assembler.signoff import record_in_firm_file, sign_case_checks
    from assembler.verification import Kind

    def make() -> Assembler:
        return Assembler.create(None, firm_file if firm_file.exists() else None)

    state = review_case(case_file, make())
    firm = [s.check.id for s in state.open if s.check.kind is not Kind.CASE]
    if firm:
        source = "official reports, read for the test"
        library = make().library
        record_in_firm_file(firm_file, state.statuses, firm, by, source, library)
    state = review_case(case_file, make())
    case = [s.check.id for s in state.open if s.check.kind is Kind.CASE]
    if case:
        sign_case_checks(case_file, state.statuses, case, by)
