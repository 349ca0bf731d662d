"""The bundled folders (clause library, shells and assets, samples), found through the import system.

The repository keeps ``clauses/``, ``templates/`` and ``samples/`` at its top level; the build
maps them into the package as ``assembler.clauses``, ``assembler.templates`` and
``assembler.samples`` (see ``pyproject.toml``), so a wheel, an editable install and a checkout
installed with ``pip install -e`` all find them here, never through the repository layout.
Each folder holds an ``__init__.py`` so that editable installs map it too (setuptools maps
only regular packages there).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

__all__ = ["bundled"]

Folder = Literal["clauses", "templates", "samples"]


@cache
def bundled(folder: Folder) -> Path:
    """The bundled ``folder`` as a real directory.

    Raises:
        RuntimeError: the package is installed in a form whose files are not on disk (a zip).
    """
    tree = files(f"assembler.{folder}")
    if not isinstance(tree, Path):
        raise RuntimeError(
            f"assembler's bundled {folder}/ folder is not on disk; reinstall with pip install"
        )
    return tree
