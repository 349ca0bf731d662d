"""The memorandum's introduction says when the client became a permanent resident without
saying they came as one, unless the case gives the date they came (issue 25's end-to-end draft
check: a client who came on a visitor visa at 14 and got her green card in 2002)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import draft_papers, sample_variant


def _age_only(lpr_since: str | None) -> Any:
    def change(data: dict[str, Any]) -> None:
        entry = data["moving_party"]["entry"]
        entry.pop("date")
        entry["age_at_arrival"] = 14
        if lpr_since is None:
            entry.pop("lpr_since")
        else:
            entry["lpr_since"] = lpr_since

    return change


@pytest.mark.parametrize(
    ("lpr_since", "said"),
    [
        (
            "2002",
            "came to the United States at the age of 14; he has been a lawful permanent "
            "resident since 2002.",
        ),
        (None, "came to the United States at the age of 14; he is a lawful permanent resident."),
    ],
)
def test_an_arrival_by_age_does_not_say_the_client_came_as_a_permanent_resident(
    lpr_since: str | None, said: str
) -> None:
    notice = draft_papers(sample_variant("01", _age_only(lpr_since)))["notice-of-motion"]
    assert said in notice
    assert "at the age of 14, as a lawful permanent resident" not in notice


def test_an_arrival_with_its_date_keeps_the_years_and_the_status_since() -> None:
    notice = draft_papers(sample_variant("01", lambda data: None))["notice-of-motion"]
    assert (
        "came to the United States at the age of 9 and has lived here for 38 years, as a lawful "
        "permanent resident since August 2, 1988." in notice
    )
