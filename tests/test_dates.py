"""Dates as people write them (issue 25, part 2): one reader for every typed form, partial dates
where the papers and the rules need only a year or a month, printed and compared as known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic_core import PydanticCustomError

from assembler import removal
from assembler.fields import YearMonth, before, read_date
from assembler.loading import validate_data
from tests.support import draft_papers, find, problems_of, sample_variant

DATE_TABLE: list[tuple[str, bool, str | None]] = [
    # (typed, the field takes a partial date, the case file's text or None: not read)
    ("2015-08-14", False, "2015-08-14"),
    ("8/14/2015", False, "2015-08-14"),
    ("08/14/2015", False, "2015-08-14"),
    ("Aug 14 2015", False, "2015-08-14"),
    ("Aug. 14, 2015", False, "2015-08-14"),
    ("August 14, 2015", False, "2015-08-14"),
    ("august 14th 2015", False, "2015-08-14"),
    ("14 August 2015", False, "2015-08-14"),
    ("14 Aug 2015", False, "2015-08-14"),
    ("  Sept 3,   2019 ", False, "2019-09-03"),
    ("3/4/2015", False, "2015-03-04"),  # US order: March 4
    ("2/29/2024", False, "2024-02-29"),
    ("2/29/2023", False, None),  # no such day
    ("14/8/2015", False, None),  # day first is not read as a date
    ("20.03.2009", False, None),
    ("8/14/15", False, None),  # a two-digit year is not guessed
    ("2015/08/14", False, None),
    ("Agosto 14 2015", False, None),
    ("1899-12-31", False, None),
    ("2002", False, None),  # a full date is needed here
    ("Jan 2026", False, None),
    ("2002", True, "2002"),
    ("Jan 2026", True, "2026-01"),
    ("January, 2026", True, "2026-01"),
    ("1/2026", True, "2026-01"),
    ("2026-01", True, "2026-01"),
    ("13/2026", True, None),
    ("8/14/2015", True, "2015-08-14"),
    ("14 August 2015", True, "2015-08-14"),
    ("since 2002", True, None),
]


def _as_file_text(value: dt.date | YearMonth) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@pytest.mark.parametrize(("typed", "partial", "expected"), DATE_TABLE)
def test_a_date_is_read_as_people_write_it(typed: str, partial: bool, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(PydanticCustomError):
            read_date(typed, partial=partial)
    else:
        assert _as_file_text(read_date(typed, partial=partial)) == expected


def test_an_unreadable_date_is_an_error_that_says_how_to_write_it() -> None:
    def change(data: dict[str, Any]) -> None:
        data["moving_party"]["date_of_birth"] = "9 de marzo de 1984"

    [problem] = find(problems_of(sample_variant("01", change)), "schema.date_format")
    assert problem.path == "moving_party.date_of_birth"
    assert problem.message == "is not a date the tool can read: write the date as 8/14/2015"


def test_a_full_date_field_asks_for_the_day_when_given_a_year() -> None:
    def change(data: dict[str, Any]) -> None:
        data["moving_party"]["date_of_birth"] = "1984"

    [problem] = find(problems_of(sample_variant("01", change)), "schema.date_partial")
    assert "needs the full date, with the day" in problem.message


def _partial(data: dict[str, Any]) -> None:
    data["moving_party"]["entry"]["lpr_since"] = "1988"
    data["timeliness"]["events"].append(
        {"date": "2026-01", "event": "She applied again for naturalization"}
    )


def test_partial_dates_validate_and_print_as_known() -> None:
    data = sample_variant("01", _partial)
    loaded = validate_data(data)
    assert loaded.case is not None and loaded.case.moving_party is not None
    assert loaded.case.moving_party.entry is not None
    assert loaded.case.moving_party.entry.lpr_since == YearMonth(1988)
    papers = draft_papers(data)
    memo = papers["notice-of-motion"]
    assert "has been a lawful permanent resident since 1988." in memo
    assert "- January 2026: She applied again for naturalization." in memo
    declaration = papers["declaration-of-moving-party"]
    assert "I have been one since 1988." in declaration


def test_a_partial_date_is_written_back_as_the_file_keeps_it() -> None:
    loaded = validate_data(sample_variant("01", _partial))
    assert loaded.case is not None
    dumped = loaded.case.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped["moving_party"]["entry"]["lpr_since"] == "1988"
    assert dumped["timeliness"]["events"][-1]["date"] == "2026-01"


def test_before_compares_at_the_precision_known() -> None:
    assert before(YearMonth(2001), dt.date(2002, 1, 1)) is True
    assert before(YearMonth(2002, 5), dt.date(2002, 6, 1)) is True
    assert before(YearMonth(2002), dt.date(2002, 6, 1)) is None
    assert before(YearMonth(2002, 6), dt.date(2002, 6, 2)) is None
    assert before(YearMonth(2002, 6), dt.date(2002, 6, 1)) is False  # June 1 at the earliest
    assert before(dt.date(2002, 6, 1), YearMonth(2002, 6)) is None
    assert before(YearMonth(2002, 12), YearMonth(2002)) is None
    assert before(YearMonth(2003), YearMonth(2002, 12)) is False


def _felony_cimt(lpr_since: str, offense: str) -> dict[str, Any]:
    def change(data: dict[str, Any]) -> None:
        data["moving_party"]["entry"] = {"date": "1980-01-01", "lpr_since": lpr_since}
        count = data["criminal_case"]["counts"][0]
        count["offense_date"] = offense
        count["level"] = "felony"
        data["criminal_case"]["counts"] = [count]
        data["relief"]["vacate_counts"] = [count["number"]]
        data["immigration"]["consequences"] = [
            {"count": count["number"], "categories": ["cimt"], "explanation": "Theft."}
        ]

    return sample_variant("01", change)


def _cimt_grounds(data: dict[str, Any]) -> str:
    loaded = validate_data(data)
    assert loaded.case is not None
    return next(iter(removal.grounds(loaded.case).values()))["cimt"]


def test_a_year_of_residence_that_cannot_decide_the_five_years_states_no_ground_and_asks() -> None:
    unsure = _felony_cimt("2002", "2007-03-03")  # within five years of 2002-12, not of 2002-01
    assert "237(a)(2)(A)(i)" not in _cimt_grounds(unsure)
    [problem] = find(problems_of(unsure), "immigration.five_years")
    assert problem.path == "moving_party.entry.lpr_since"
    assert "gives only the year (2002)" in problem.message
    assert "give the full date" in problem.message


@pytest.mark.parametrize(
    ("lpr_since", "offense", "within"),
    [("2002", "2006-12-31", True), ("2002", "2008-01-01", False), ("2002-06", "2007-05-31", True)],
)
def test_a_partial_residence_date_that_decides_the_five_years_is_used(
    lpr_since: str, offense: str, within: bool
) -> None:
    data = _felony_cimt(lpr_since, offense)
    assert ("237(a)(2)(A)(i)" in _cimt_grounds(data)) is within
    assert not find(problems_of(data), "immigration.five_years")


def test_residence_before_entry_is_an_error_only_when_the_dates_show_it() -> None:
    def change(since: str) -> Any:
        def apply(data: dict[str, Any]) -> None:
            data["moving_party"]["entry"]["date"] = "2002-06-01"
            data["moving_party"]["entry"]["lpr_since"] = since

        return apply

    assert find(problems_of(sample_variant("01", change("2001"))), "dates.lpr_before_entry")
    assert not find(problems_of(sample_variant("01", change("2002"))), "dates.lpr_before_entry")
    assert not find(problems_of(sample_variant("01", change("2003"))), "dates.lpr_before_entry")


def test_an_event_in_the_filing_month_is_not_called_before_or_after_the_filing() -> None:
    def change(when: str) -> Any:
        def apply(data: dict[str, Any]) -> None:
            data["filing_date"] = "2026-10-15"
            data["timeliness"]["events"].append({"date": when, "event": "Something happened"})

        return apply

    unsure = problems_of(sample_variant("01", change("2026-10")))
    [problem] = find(unsure, "dates.after_filing_unsure")
    assert problem.path.startswith("timeliness.events[")
    assert "gives only the month (2026-10)" in problem.message
    assert not find(unsure, "dates.after_filing", problem.path)
    later = problems_of(sample_variant("01", change("2026-11")))
    assert find(later, "dates.after_filing")
    assert not find(later, "dates.after_filing_unsure")
    earlier = problems_of(sample_variant("01", change("2026-09")))
    assert not find(earlier, "dates.after_filing") + find(earlier, "dates.after_filing_unsure")
