"""The dates in the law that the rules and the clauses both turn on, in one place.

Each is a fact from the domain brief with its source; a change in the law is made here and
reaches every rule of ``validate`` and every clause condition that uses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

PEN_1016_3_EFFECTIVE = dt.date(2016, 1, 1)
"""Pen. Code § 1016.3 (defense counsel's duty to advise and defend) took effect this day: the
duty is cited to it only for pleas from then on."""

SB281_EFFECTIVE = dt.date(2026, 1, 1)
"""Pleas from this date get the verbatim § 1016.5 advisement (SB 281, Stats. 2025, ch. 666)."""

PEN_1473_7_EFFECTIVE = dt.date(2017, 1, 1)
"""Pen. Code § 1473.7 took effect this day; it reaches convictions entered before it (the custody
section cites the case that says so)."""

AB1259_EFFECTIVE = dt.date(2022, 1, 1)
"""AB 1259: subdivision (a)(1) reaches convictions after trial ("a conviction or sentence") from
this day, for motions filed after it whatever the date of the verdict."""

DEJ_REPLACED = dt.date(2018, 1, 1)
"""AB 208: deferred entry of judgment under § 1000 became pretrial diversion (no plea)."""


# --- Pen. Code § 1473.7: its lettering on each date ---------------------------------------------

PROVISIONS: dict[str, str] = {
    "motion": "who may move to vacate a conviction or sentence",
    "immigration_error": "ground: prejudicial error about immigration consequences",
    "innocence": "ground: newly discovered evidence of actual innocence",
    "racial_justice": "ground: a violation of § 745(a) (the Racial Justice Act)",
    "agency_service": "an (a)(3) motion resting on officers' conduct is served on their agency",
    "custody_timely": "an (a)(1) motion is timely once the person is out of criminal custody",
    "diligence": "when an (a)(1) motion may be deemed untimely (reasonable diligence)",
    "undue_delay": "(a)(2) and (a)(3) motions are filed without undue delay",
    "hearing": "every motion is heard; hearing without personal presence; grant without hearing",
    "discovery": "discovery before an (a)(3) motion, as in § 745(d)",
    "grant": "the court shall grant on a preponderance; the (a)(1) showing of a consequence",
    "presumption": "presumption of legal invalidity after a completed deferred-entry disposition",
    "withdrawal": "the court shall allow the moving party to withdraw the plea",
    "findings": "the only (a)(1) finding required; the basis specified for (a)(2)",
    "rja_remedies": "an (a)(3) grant imposes the remedies of § 745(e)",
    "appeal": "the order is appealable under § 1237(b)",
    "notice_to_counsel": "a specific finding of ineffective assistance needs notice to the attorney",
}
"""Every provision of § 1473.7 the project cites, by a name that outlives its letters."""


@dataclass(frozen=True)
class Lettering:
    """The letters of § 1473.7's provisions from one effective date until the next row's."""

    effective: dt.date
    enacted_by: str
    source: str
    letters: Mapping[str, str]
    """Provision name -> its letters, e.g. ``"grant": "(f)(1)"``; a provision the text of the
    time did not have is absent."""

    def __getitem__(self, name: str) -> str:
        """The letters of a provision ("" when the text in force then did not have it)."""
        if name not in PROVISIONS:
            raise KeyError(name)
        return self.letters.get(name, "")

    def cite(self, name: str) -> str:
        """``§ 1473.7(f)(1)`` for help texts and messages."""
        return f"§ 1473.7{self[name]}"


_STABLE = {
    "motion": "(a)",
    "immigration_error": "(a)(1)",
    "innocence": "(a)(2)",
    "racial_justice": "(a)(3)",
    "custody_timely": "(b)(1)",
    "diligence": "(b)(2)",
    "undue_delay": "(c)",
    "hearing": "(d)",
}

PEN_1473_7_LETTERINGS: tuple[Lettering, ...] = (
    Lettering(
        effective=dt.date(2019, 1, 1),
        enacted_by="Stats. 2018, ch. 825 (AB 2867)",
        source="letters as the project cited them before 2026; (b)(1) and (e)(1) confirmed by "
        "People v. Espinoza (2023) 14 Cal.5th 311 (shared/sources/pen-1473.7.md); the pre-2026 "
        "text itself was not read",
        letters=_STABLE
        | {
            "grant": "(e)(1)",
            "presumption": "(e)(2)",
            "withdrawal": "(e)(3)",
            "findings": "(e)(4)",
            "appeal": "(f)",
            "notice_to_counsel": "(g)",
        },
    ),
    Lettering(
        effective=dt.date(2026, 1, 1),
        enacted_by="Stats. 2025, ch. 784, § 4.5 (SB 734)",
        source="current text, california-codes mirror of the Legislature's bulk files "
        "(shared/sources/pen-1473.7.md)",
        letters=_STABLE
        | {
            "agency_service": "(a)(3)(B)",
            "discovery": "(e)",
            "grant": "(f)(1)",
            "presumption": "(f)(2)",
            "withdrawal": "(f)(3)",
            "findings": "(f)(4)",
            "rja_remedies": "(f)(5)",
            "appeal": "(g)",
            "notice_to_counsel": "(h)",
        },
    ),
)
"""One row per amendment that moved a letter, oldest first. The next amendment is one more row."""


def pen_1473_7(on: dt.date | None = None) -> Lettering:
    """The lettering in force on a date (today when none is given).

    A date before the first row gets the first row: the table does not reach further back, and
    ``validate`` warns about such a filing date.
    """
    day = on or dt.date.today()
    current = PEN_1473_7_LETTERINGS[0]
    for row in PEN_1473_7_LETTERINGS:
        if row.effective <= day:
            current = row
    return current


CURRENT = pen_1473_7()
"""The lettering in force today, for field help, rule messages and the command's help."""
