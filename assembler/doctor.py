"""What this machine gives a build: versions, the fonts for each script, optional tools.

``assembler doctor`` prints these checks. A check that a build needs (the writers' packages,
Pango, the bundled body face) fails the command; fonts for other scripts and LibreOffice only
inform: a case whose text a font cannot print is refused at build time, naming the field.
"""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from assembler import __version__
from assembler.resources import bundled

__all__ = ["SCRIPTS", "Check", "run_checks"]

SCRIPTS = (
    ("Latin", "Aa§¶—“”"),
    ("Vietnamese", "Nguyễn Thị Hường"),
    ("Spanish", "Peña Ibáñez"),
    ("Chinese, Japanese, Korean", "陳志明 さくら 김"),
    ("Arabic", "محمد"),
    ("Hebrew", "דוד"),
)
"""A script and a sample of names in it, all of whose characters a font must have."""


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: str
    required: bool = True


def _package(name: str) -> Check:
    try:
        return Check(name, True, version(name))
    except PackageNotFoundError:
        return Check(name, False, f"not installed: pip install {name}")


def _pango() -> Check:
    from assembler.writers.weasy import load

    try:
        weasyprint = load()
        from weasyprint.text.ffi import pango
    except (ImportError, OSError) as exc:  # OSError: the Pango library itself is missing
        return Check("WeasyPrint and Pango", False, f"cannot load: {exc}")
    number = int(pango.pango_version())
    dotted = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    return Check(
        "WeasyPrint and Pango", True, f"WeasyPrint {weasyprint.__version__}, Pango {dotted}"
    )


def _body_face() -> Check:
    from assembler.fonts import BODY_FACE, BUNDLED_FACES

    folder = bundled("templates") / "fonts"
    missing = [name for name in BUNDLED_FACES if not (folder / name).is_file()]
    if missing:
        return Check("body face", False, f"bundled files missing: {', '.join(missing)}")
    return Check("body face", True, f"{BODY_FACE}, bundled ({len(BUNDLED_FACES)} faces)")


def _fonts() -> list[Check]:
    from assembler.fonts import BODY_FACE, bundled_face_prints, catalog

    fonts = catalog()
    checks = [
        Check(
            "fontconfig",
            fonts.fontconfig_version is not None,
            f"{fonts.fontconfig_version}, {len(fonts.system)} system fonts"
            if fonts.fontconfig_version
            else "not found: only the bundled face is available",
            required=False,
        )
    ]
    for script, sample in SCRIPTS:
        letters = [c for c in sample if not c.isspace()]
        if bundled_face_prints("".join(letters)):
            checks.append(Check(script, True, f"{BODY_FACE} (bundled)", required=False))
            continue
        families = fonts.families("".join(letters))
        if families:
            more = f" and {len(families) - 1} more" if len(families) > 1 else ""
            checks.append(Check(script, True, f"{families[0]}{more}", required=False))
        else:
            checks.append(
                Check(script, False, "no installed font: names in it cannot print", required=False)
            )
    return checks


def _libreoffice() -> Check:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return Check(
        "LibreOffice",
        bool(found),
        f"{found} (used by the tests only)" if found else "not found (used by the tests only)",
        required=False,
    )


def run_checks() -> list[Check]:
    """Every check, in the order printed."""
    checks = [
        Check("assembler", True, __version__),
        Check("Python", True, f"{platform.python_version()} ({sys.executable})"),
    ]
    steps: list[Callable[[], Check | list[Check]]] = [
        lambda: [_package(n) for n in ("pydantic", "jinja2", "pypdf", "python-docx", "docxtpl")],
        _pango,
        _body_face,
    ]
    for step in steps:
        result = step()
        checks += result if isinstance(result, list) else [result]
    if all(c.ok for c in checks if c.name == "WeasyPrint and Pango"):
        checks += _fonts()
    checks.append(_libreoffice())
    return checks
