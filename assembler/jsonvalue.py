"""The type of a parsed JSON value: what a case file is before the model has validated it."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ["JSON"]

JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None
