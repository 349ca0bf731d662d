"""Smoke test: every bundled sample validates with no errors."""

from pathlib import Path

import pytest

from assembler.errors import Severity
from assembler.rules import check_file

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.json"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_is_valid(path: Path) -> None:
    errors = [p for p in check_file(path) if p.severity is Severity.ERROR]
    assert errors == []
