"""The bundled fictional sample cases: which there are, what each shows, and choosing them."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assembler.errors import (
    SampleNotFound,
)
from assembler.resources import bundled

__all__ = ["Sample", "SampleNotFound", "catalog", "select"]


@dataclass(frozen=True)
class Sample:
    """One bundled sample case file."""

    number: str
    path: Path
    title: str


@cache
def catalog() -> tuple[Sample, ...]:
    """Every bundled sample, by number (the invalid examples in ``invalid/`` are not samples)."""
    folder = bundled("samples")
    titles = tomllib.loads((folder / "samples.toml").read_text(encoding="utf-8"))
    return tuple(
        Sample(path.name[:2], path, str(titles.get(path.name[:2], path.stem[3:])))
        for path in sorted(folder.glob("[0-9][0-9]-*.json"))
    )


def select(names: Sequence[str]) -> list[Sample]:
    """The samples ``names`` ask for: a number (``1``, ``01``), a file name or stem, or ``all``.

    Raises:
        SampleNotFound: a name matches no sample.
    """
    samples = catalog()
    if any(name.lower() == "all" for name in names):
        return list(samples)
    chosen: list[Sample] = []
    for name in names:
        key = name.removesuffix(".json")
        match = [
            s
            for s in samples
            if key in (s.path.stem, s.number) or (key.isdigit() and int(key) == int(s.number))
        ]
        if not match:
            raise SampleNotFound(f"no bundled sample {name!r}")
        chosen.extend(s for s in match if s not in chosen)
    return chosen
