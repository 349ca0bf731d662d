"""The proposed order's prejudice finding lists what the Court weighed as one list: items
separated by semicolons, the last after "and", whichever of them the case gives (the end-to-end
interview test found "…and her family here; her priorities at the time, there is …")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import draft_papers, sample_variant


def _without(*keys: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        a1 = data["grounds"]["a1"]
        for key in keys:
            if key == "offense":
                a1["safe_alternative"].pop("offense", None)
            else:
                a1.pop(key, None)

    return change


@pytest.mark.parametrize(
    ("dropped", "expected"),
    [
        (
            (),
            "; his priorities at the time; the availability of an immigration-neutral "
            "disposition; and the contemporaneous evidence, there is",
        ),
        (
            ("offense", "contemporaneous_evidence"),
            "and his family here; and his priorities at the time, there is",
        ),
        (
            ("priorities_at_plea", "offense", "contemporaneous_evidence"),
            "and his family here, there is",
        ),
    ],
)
def test_what_the_court_weighed_reads_as_one_list(dropped: tuple[str, ...], expected: str) -> None:
    order = draft_papers(sample_variant("01", _without(*dropped)))["proposed-order"]
    assert expected in order
    assert "here; his priorities at the time, there is" not in order


def test_an_alternative_is_within_reach_only_when_something_shows_it_was_available() -> None:
    """From a paralegal's walkthrough: with the alternative's availability left for the attorney,
    the memorandum said it 'was within reach' and the order weighed 'the availability of' it."""

    def unknown(data: dict[str, Any]) -> None:
        data["grounds"]["a1"]["safe_alternative"].pop("availability")

    papers = draft_papers(sample_variant("01", unknown))
    assert "within reach" not in papers["notice-of-motion"]
    assert (
        "a disposition existed that would have protected his status" in papers["notice-of-motion"]
    )
    assert "the availability of" not in papers["proposed-order"]
    shown = draft_papers(sample_variant("01", lambda data: None))
    assert "was within reach" in shown["notice-of-motion"]
    assert "the availability of an immigration-neutral disposition" in shown["proposed-order"]
