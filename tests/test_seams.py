"""No assembly seams (assembler/seams.py) in any paper of any bundled sample, nor in the drafts
of cases made from the samples by switching the facts that choose clauses: grounds, error
theories, plea or verdict, the People's offer, a neutral alternative, a § 1203.4 dismissal,
status, service, the number of counts and the family.

Seams found today and not yet fixed are listed in KNOWN_SEAMS (samples) and KNOWN_VARIANT_SEAMS
(generated cases), to be emptied: an entry that no longer matches a finding fails the test, so
a fixed seam leaves the list with its fix.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assembler.assembly import Assembler
from assembler.loading import load_case, validate_data
from assembler.seams import Seam, packet_seams
from tests.support import SAMPLE_FILES

VARIANT_EXAMPLES = 120
"""Generated cases per run: about 15 s on one core."""

# fmt: off
KNOWN_SEAMS: tuple[tuple[str, str, str, str, str], ...] = (
)
# fmt: on
"""Seams the bundled samples print today, to be fixed in their clauses: (sample number, paper,
rule, clause, a piece of the offending text). Each entry matches exactly one finding."""

KNOWN_VARIANT_SEAMS: tuple[tuple[str, str], ...] = ()
"""Seams generated cases print today that no sample shows: (rule, clause). Each entry matches
at least one finding of the generated cases."""


def _engine() -> Assembler:
    return Assembler.create()


def _sample_seams(engine: Assembler) -> list[tuple[str, Seam]]:
    found: list[tuple[str, Seam]] = []
    for path in SAMPLE_FILES:
        loaded = load_case(path)
        assert loaded.case is not None, path.name
        packet = engine.assemble(loaded.case, draft=True)
        found += [(path.name[:2], seam) for seam in packet_seams(packet)]
    return found


def _matches(entry: tuple[str, str, str, str, str], sample: str, seam: Seam) -> bool:
    number, paper, rule, clause, text = entry
    return (
        (number, rule, clause) == (sample, seam.rule, seam.source)
        and paper in seam.paper
        and text in seam.text
    )


def _listing(seams: list[str]) -> str:
    return "\n".join(f"  {line}" for line in seams)


def test_every_sample_paper_reads_without_seams() -> None:
    found = _sample_seams(_engine())
    unknown = [
        f"{sample} {seam}"
        for sample, seam in found
        if not any(_matches(entry, sample, seam) for entry in KNOWN_SEAMS)
    ]
    stale = [
        f"{entry} matches {count} findings"
        for entry in KNOWN_SEAMS
        if (count := sum(_matches(entry, sample, seam) for sample, seam in found)) != 1
    ]
    assert not unknown, "seams in the samples' papers:\n" + _listing(unknown)
    assert not stale, "KNOWN_SEAMS entries to remove or narrow:\n" + _listing(stale)


# --- generated cases --------------------------------------------------------------------------

BASES: list[dict[str, Any]] = [json.loads(p.read_text(encoding="utf-8")) for p in SAMPLE_FILES]
THEORIES = [
    "no_advice",
    "wrong_advice",
    "incomplete_advice",
    "generic_may_warning_only",
    "no_safe_disposition_sought",
    "own_misunderstanding",
    "interpreter_problems",
]
KEEP = None
"""A switch left as the sample has it."""


@st.composite
def variants(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled sample with the facts that choose clauses switched."""
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASES)))
    criminal = data.setdefault("criminal_case", {})
    counts: list[dict[str, Any]] = criminal.setdefault("counts", [])
    relief = data.setdefault("relief", {})
    grounds = data.setdefault("grounds", {})
    a1 = grounds.get("a1")
    immigration = data.setdefault("immigration", {})
    party = data.setdefault("moving_party", {})

    # grounds: drop (a)(1) where another ground stands, or another ground where (a)(1) does
    others = [name for name in ("a2", "a3") if name in grounds]
    if a1 is not None and others and draw(st.booleans()):
        grounds.pop(draw(st.sampled_from(["a1", *others])))
        a1 = grounds.get("a1")
    if a1 is not None:
        theories = draw(st.one_of(st.just(KEEP), st.sets(st.sampled_from(THEORIES), min_size=1)))
        if theories is not KEEP:
            a1["error_theories"] = sorted(theories)
        advice = draw(
            st.sampled_from([KEEP, "none", "disclaimed", "deferred", "wrong", "incomplete", ""])
        )
        if advice == "":
            a1.pop("advice_kind", None)
        elif advice is not KEEP:
            a1["advice_kind"] = advice
            if advice in ("disclaimed", "deferred"):
                a1.setdefault("advice_quote", "that is not my field")
        alternative = a1.get("safe_alternative")
        if alternative is not None:
            for flag in ("people_offered", "immigration_neutral"):
                value = draw(st.sampled_from([KEEP, True, False, "unset"]))
                if value == "unset":
                    alternative.pop(flag, None)
                elif value is not KEEP:
                    alternative[flag] = value

    # the number of counts: a second, lesser count, vacated too, with its own consequence
    if counts and len(counts) == 1 and draw(st.booleans()):
        first = counts[0]
        second = {
            "number": (first.get("number") or 1) + 1,
            "code": "Pen. Code",
            "section": "484(a)",
            "description": "petty theft",
            "level": "misdemeanor",
            "disposition": first.get("disposition"),
            "offense_date": first.get("offense_date"),
            "plea_or_verdict_date": first.get("plea_or_verdict_date"),
            "sentence_date": first.get("sentence_date"),
            "sentence": {"other": "A concurrent term of 10 days in county jail."},
        }
        counts.append({k: v for k, v in second.items() if v is not None})
        relief["vacate_counts"] = [*relief.get("vacate_counts", []), second["number"]]
        immigration.setdefault("consequences", []).append(
            {
                "count": second["number"],
                "categories": ["cimt"],
                "explanation": "Petty theft is a crime involving moral turpitude.",
            }
        )

    # plea or verdict
    disposition = draw(st.sampled_from([KEEP, "guilty_plea", "no_contest_plea", "trial_verdict"]))
    if disposition is not KEEP:
        for count in counts:
            count["disposition"] = disposition
        if disposition == "trial_verdict":
            relief["withdraw_plea"] = False
    # a later dismissal under § 1203.4, added or taken away
    dismissal = draw(st.sampled_from([KEEP, "add", "remove"]))
    later = criminal.setdefault("later_relief", [])
    if dismissal == "remove":
        criminal["later_relief"] = [r for r in later if r.get("kind") != "expungement_1203_4"]
    elif dismissal == "add" and not any(r.get("kind") == "expungement_1203_4" for r in later):
        later.append(
            {
                "kind": "expungement_1203_4",
                "date": "2024-03-15",
                "description": "The court dismissed the case under Pen. Code, § 1203.4.",
            }
        )
        relief["withdraw_plea"] = draw(st.booleans()) and disposition != "trial_verdict"
    # status, and a notice to appear that also charges entry without inspection
    status = draw(st.sampled_from([KEEP, "lpr", "daca", "visa", "undocumented"]))
    if status is not KEEP:
        party["immigration_status"] = status
        if status != "lpr":
            party.get("entry", {}).pop("lpr_since", None)
    ewi = draw(st.sampled_from([KEEP, True, False]))
    if ewi is not KEEP:
        immigration["nta_charges_ewi"] = ewi
        if ewi:
            immigration.setdefault("relief_barred", "adjustment of status")
    # service
    method = draw(st.sampled_from([KEEP, "mail", "personal", "electronic", "unset"]))
    service = data.get("service")
    if service is not None and method is not KEEP:
        if method == "unset":
            service.pop("method", None)
        else:
            service["method"] = method
    # the family: none, one, or three children with the same status
    family = draw(st.sampled_from([KEEP, "none", "one", "three children"]))
    ties = party.setdefault("ties", {})
    if family == "none":
        ties["family"] = []
    elif family == "one":
        ties["family"] = [{"relationship": "mother", "status": "lpr", "age": 70}]
    elif family == "three children":
        ties["family"] = [
            {"relationship": "daughter", "status": "us_citizen", "age": age} for age in (4, 9, 12)
        ]
    return data


def each_generated_case(visit: Callable[[dict[str, Any]], None]) -> None:
    """Call ``visit`` with each generated case: the same cases, in the same order, on every run
    (and for every caller)."""

    @settings(
        max_examples=VARIANT_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(variants())
    def run(data: dict[str, Any]) -> None:
        visit(data)

    run()


def generated_seams(engine: Assembler) -> list[Seam]:
    """Every seam of the drafts of the generated cases."""
    found: list[Seam] = []

    def build(data: dict[str, Any]) -> None:
        loaded = validate_data(data)
        if loaded.case is not None:
            found.extend(packet_seams(engine.assemble(loaded.case, draft=True)))

    each_generated_case(build)
    return found


def test_generated_cases_read_without_new_seams() -> None:
    """Every seam of a generated draft is one a sample shows (same rule, same clause) or one
    listed in KNOWN_VARIANT_SEAMS."""
    engine = _engine()
    known = {(seam.rule, seam.source) for _, seam in _sample_seams(engine)}
    found = generated_seams(engine)
    new = sorted(
        {
            f"{seam.rule} in {seam.source}: {seam.text!r}"
            for seam in found
            if (seam.rule, seam.source) not in known
            and (seam.rule, seam.source) not in KNOWN_VARIANT_SEAMS
        }
    )
    seen = {(seam.rule, seam.source) for seam in found}
    stale = [
        f"{entry} found in no generated case" for entry in KNOWN_VARIANT_SEAMS if entry not in seen
    ]
    assert not new, "seams in generated cases:\n" + _listing(new)
    assert not stale, "KNOWN_VARIANT_SEAMS entries to remove:\n" + _listing(stale)


def test_the_generated_cases_switch_what_they_say_they_switch() -> None:
    """The generator reaches each variant it promises (a check on the cases the seam test
    reads, not on the papers)."""
    reached: set[str] = set()

    def look(data: dict[str, Any]) -> None:
        counts = data["criminal_case"]["counts"]
        a1 = data["grounds"].get("a1") or {}
        alternative = a1.get("safe_alternative") or {}
        later = data["criminal_case"].get("later_relief", [])
        service = data.get("service") or {}
        reached.update(
            name
            for name, hit in [
                ("verdict", any(c.get("disposition") == "trial_verdict" for c in counts)),
                ("plea", any(c.get("disposition") != "trial_verdict" for c in counts)),
                ("two counts", len(counts) > 1),
                ("1203.4", any(r.get("kind") == "expungement_1203_4" for r in later)),
                ("offered", alternative.get("people_offered") is True),
                ("not offered", alternative.get("people_offered") is False),
                ("neutral", alternative.get("immigration_neutral") is True),
                ("undocumented", data["moving_party"].get("immigration_status") == "undocumented"),
                ("ewi", data["immigration"].get("nta_charges_ewi") is True),
                ("no service method", bool(service) and "method" not in service),
                ("electronic", service.get("method") == "electronic"),
                ("no family", data["moving_party"]["ties"].get("family") == []),
                ("no a1", "a1" not in data["grounds"]),
                ("disclaimed", a1.get("advice_kind") == "disclaimed"),
            ]
            if hit
        )

    each_generated_case(look)
    assert len(reached) == 14, reached
