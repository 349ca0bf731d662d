"""The dates in the law that the rules and the clauses both turn on, in one place.

Each is a fact from the domain brief with its source; a change in the law is made here and
reaches every rule of ``validate`` and every clause condition that uses it.
"""

from __future__ import annotations

import datetime as dt

PEN_1016_3_EFFECTIVE = dt.date(2016, 1, 1)
"""Pen. Code § 1016.3 (defense counsel's duty to advise and defend) took effect this day: the
duty is cited to it only for pleas from then on."""

SB281_EFFECTIVE = dt.date(2026, 1, 1)
"""Pleas from this date get the verbatim § 1016.5 advisement (SB 281, Stats. 2025, ch. 666)."""

DEJ_REPLACED = dt.date(2018, 1, 1)
"""AB 208: deferred entry of judgment under § 1000 became pretrial diversion (no plea)."""
