"""What the tests share besides fixtures: the sample paths and the validator helpers.

Test modules import these from here; ``conftest.py`` holds only pytest's hooks and fixtures, so
no test imports ``conftest`` as a module (code review, part 5).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assembler.errors import Problem, Severity
from assembler.rules import check_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BASE_SAMPLE = SAMPLES / "01-lpr-petty-theft-spanish.json"


def problems_of(data: Any, base_dir: Path | None = None) -> list[Problem]:
    """Every problem the validator reports for parsed JSON."""
    return check_data(data, base_dir)


def errors_of(data: Any) -> list[Problem]:
    return [p for p in problems_of(data) if p.severity is Severity.ERROR]


def find(problems: list[Problem], code: str, path: str | None = None) -> list[Problem]:
    """The problems with this rule code (and path, when given)."""
    return [p for p in problems if p.code == code and (path is None or p.path == path)]


Mutator = Callable[[dict[str, Any]], None]


def last_line_in_a_new_process(code: str) -> str:
    """What ``code`` prints last, run by this Python in a new process (modules already imported
    here, such as the writers, are not loaded there); its stderr in the failure message."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    return lines[-1]
