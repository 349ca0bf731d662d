"""pytest's hooks and shared fixtures; helpers the tests import live in tests/support.py."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assembler.assembly import Assembler
from tests import support
from tests.support import BASE_SAMPLE, EDIT_ORIGIN, EDIT_PORT


@pytest.fixture(scope="session")
def engine() -> Assembler:
    """One assembler (bundled library and registry) for every test that reads papers: it holds
    no case, so the whole session shares it."""
    return support.engine()


@pytest.fixture
def case() -> dict[str, Any]:
    """A fresh, valid case file (sample 01) as a mutable dict."""
    data: dict[str, Any] = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def session(tmp_path: Path) -> Any:
    """An `assembler edit` session on a copy of sample 01 (the app is imported only here)."""
    from assembler.edit.app import EditSession

    case_file = tmp_path / "case.json"
    shutil.copy(BASE_SAMPLE, case_file)
    return EditSession(case_file=case_file, outdir=tmp_path / "out", port=EDIT_PORT)


@pytest.fixture
def client(session: Any) -> Any:
    """The edit app of ``session``, called as the browser at its address would."""
    from starlette.testclient import TestClient

    from assembler.edit.app import create_app

    return TestClient(create_app(session), base_url=EDIT_ORIGIN)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright, one per module of browser tests (the modules
    skip, or fail on CI, without it: tests/test_edit_browser.py)."""
    from tests.test_edit_browser import CHROMIUM, FLAGS, sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page at 1280×800 that accepts dialogs; the test fails on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture(autouse=True)
def _no_unexpected_library_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """The logging policy's test half: a test fails when WeasyPrint or fontTools log a warning
    it did not expect; a test that provokes one on purpose says so with ``allow_logs``."""
    from assembler import logs

    with logs.captured() as messages:
        yield
    if messages and request.node.get_closest_marker("allow_logs") is None:
        pytest.fail("unexpected library warnings:\n" + "\n".join(messages), pytrace=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden from the current output (review the diff).",
    )
