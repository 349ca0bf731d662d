"""Building packets: golden text for every sample, citations, drafts, and the build command."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler.assembly import Assembler, BuildError
from assembler.case import Case, Declaration
from assembler.cli import main
from assembler.document import (
    Citation,
    Document,
    ListBlock,
    NumberedParagraph,
    Paragraph,
    VerifyNote,
)
from assembler.loading import load_case, validate_data
from assembler.writers.text import render_document
from tests.support import BASE_SAMPLE, SAMPLE_FILES, SAMPLES

GOLDEN = Path(__file__).parent / "golden"


def _case(path: Path) -> Case:
    loaded = load_case(path)
    assert loaded.case is not None and not loaded.problems
    return loaded.case


def _texts(engine: Assembler, path: Path) -> dict[str, str]:
    packet = engine.assemble(_case(path))
    return {f"{d.order:02d}-{d.slug}.txt": render_document(d) for d in packet.documents}


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_golden_text(engine: Assembler, sample: Path, request: pytest.FixtureRequest) -> None:
    """The text of every document of every sample, reviewed as a diff when it changes.

    Update deliberately with: pytest tests/test_build.py --update-golden, then review git diff.
    """
    _compare_golden(GOLDEN / sample.stem, _texts(engine, sample), request, "*.txt")


def _compare_golden(
    folder: Path, built: dict[str, str], request: pytest.FixtureRequest, pattern: str
) -> None:
    """``built`` (file name -> text) against the golden files in ``folder`` matching
    ``pattern``: written there first with --update-golden (stale ones removed), else compared,
    a failure showing the diff of the first that changed."""
    if request.config.getoption("--update-golden"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):
            stale.unlink()
        for name, text in built.items():
            (folder / name).write_text(text, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))}
    assert sorted(built) == sorted(expected), "files differ; run with --update-golden"
    for name, text in built.items():
        if text != expected[name]:
            diff = "".join(
                difflib.unified_diff(
                    expected[name].splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"golden/{folder.relative_to(GOLDEN)}/{name}",
                    "built",
                )
            )
            pytest.fail(f"{name} changed (accept with --update-golden):\n{diff}")


TREE_SAMPLE = SAMPLES / "05-self-represented.json"
TREE_PAPERS = ("proposed-order", "proof-of-service")


def test_golden_trees(engine: Assembler, request: pytest.FixtureRequest) -> None:
    """The assembled tree of two papers, so a change shows whether assembly or a writer moved.

    Update deliberately with: pytest tests/test_build.py --update-golden, then review git diff.
    """
    from assembler.writers.tree import render_tree

    folder = GOLDEN / "trees" / TREE_SAMPLE.stem
    packet = engine.assemble(_case(TREE_SAMPLE))
    trees = {f"{d.slug}.tree": render_tree(d) for d in packet.documents if d.slug in TREE_PAPERS}
    assert len(trees) == len(TREE_PAPERS)
    _compare_golden(folder, trees, request, "*.tree")
    # the tree says where each block came from and what each citation is
    assert '<paragraph source="order.findings">' in trees["proposed-order.tree"]
    assert 'authority="pen-1473.7"' in trees["proposed-order.tree"]


def test_explain_tree_prints_every_paper(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(TREE_SAMPLE), "--tree"])
    assert result.exit_code == 0, result.output
    assert result.output.count("<document ") == len(engine_documents(TREE_SAMPLE))
    assert '<document id="proposed-order"' in result.output


def engine_documents(path: Path) -> list[str]:
    return [d.slug for d in Assembler.create().assemble(_case(path), draft=True).documents]


def test_every_sample_gets_its_papers_in_filing_order(engine: Assembler) -> None:
    """Each paper appears exactly when its facts call for it, in filing order."""
    seen: set[str] = set()
    for sample in SAMPLE_FILES:
        case = _case(sample)
        ids = [d.id for d in engine.assemble(case).documents]
        relief = case.relief
        assert relief is not None
        declarations = [d for d in case.declarations if d.kind]

        def kind(name: str, declarations: list[Declaration] = declarations) -> list[Declaration]:
            return [d for d in declarations if d.kind is not None and d.kind.value == name]

        expected = ["notice"]
        if relief.without_personal_presence:
            expected.append("request-without-presence")
        if relief.specific_iac_finding:
            expected.append("notice-to-prior-counsel")
        expected.append("declaration-moving-party")
        expected += ["declaration-moving-party-translator"] * sum(
            d.translator is not None for d in kind("moving_party")
        )
        if not case.self_represented:
            expected.append("declaration-counsel")
        for name, doc in (
            ("prior_counsel", "declaration-prior-counsel"),
            ("immigration_expert", "declaration-expert"),
            ("other", "declaration-witness"),
        ):
            if name == "prior_counsel" and not (
                case.prior_counsel and case.prior_counsel.declaration_available
            ):
                continue
            expected += [doc] * len(kind(name))
            expected += [f"{doc}-translator"] * sum(d.translator is not None for d in kind(name))
        if case.exhibits:
            expected.append("exhibit-list")
        expected.append("proposed-order")
        if relief.alternative_sentence:  # the sentence-only Order B (legal review 2, F2)
            expected.append("proposed-order-sentence")
        expected.append("proof-of-service")
        assert sorted(ids) == sorted(expected), sample.name
        order = [engine.library.documents[i].order for i in ids]
        assert order == sorted(order), sample.name
        seen |= set(ids)
    # the samples together exercise every paper of the library; no sample's expert or prior
    # counsel needs a translator (tests/test_papers.py builds those two as variants), and the
    # notice of hearing is a renotice's own packet (tests/test_law.py)
    variants = {
        "declaration-expert-translator",
        "declaration-prior-counsel-translator",
        "notice-of-hearing",
    }
    assert seen == set(engine.library.documents) - variants


def test_build_is_deterministic(engine: Assembler) -> None:
    assert _texts(engine, BASE_SAMPLE) == _texts(engine, BASE_SAMPLE)


# --- citations -------------------------------------------------------------------------------


def _citations(document: Document) -> list[Citation]:
    found = []
    for block in document.blocks:
        if isinstance(block, Paragraph | NumberedParagraph):
            found += [c for c in block.children if isinstance(c, Citation)]
        elif isinstance(block, ListBlock):
            found += [c for item in block.items for c in item if isinstance(c, Citation)]
    return found


def test_first_citation_is_full_then_short(engine: Assembler) -> None:
    notice = engine.assemble(_case(BASE_SAMPLE)).documents[0]
    seen: set[str] = set()
    for citation in _citations(notice):
        assert citation.full is (citation.authority not in seen)
        seen.add(citation.authority)
    vivar = [c for c in _citations(notice) if c.authority == "vivar"]
    assert vivar[0].text == "People v. Vivar (2021) 11 Cal.5th 510, 529"  # with its pin cite
    assert vivar[0].italic == "People v. Vivar"


def test_unverified_law_is_flagged_in_output_and_report(engine: Assembler) -> None:
    packet = engine.assemble(_case(BASE_SAMPLE))
    notice = packet.documents[0]
    assert any(isinstance(b, VerifyNote) for b in notice.blocks)
    assert "[verify]" in render_document(notice)
    assert any(line.startswith("People v. Manzanilla") for line in packet.verify) or all(
        c.authority != "manzanilla" for c in _citations(notice)
    )
    assert any("clause memo.consequences" in line for line in packet.verify)


def test_a3_case_is_flagged_for_ab1071(engine: Assembler) -> None:
    packet = engine.assemble(_case(SAMPLES / "07-racial-justice-act-a3.json"))
    assert any(line.startswith("Assem. Bill No. 1071") for line in packet.verify)
    assert any(line.startswith("clause memo.racial-justice: ") for line in packet.verify)


def test_case_citations_resolve_to_the_registry(engine: Assembler) -> None:
    """eyecite finds every case citation in the rendered text; each must be a registry entry."""
    import eyecite
    from eyecite.models import FullCaseCitation, ShortCaseCitation

    known: dict[tuple[str, str], set[int]] = {}
    for authority in engine.registry.authorities.values():
        if authority.reporter:
            volume, reporter = authority.reporter.split(" ", 1)
            page = authority.full.rsplit(" ", 1)[1]
            known.setdefault((volume, reporter), set()).add(int(page))  # Frye, Lafler: 566 U.S.
        history = authority.history.replace("*", "")
        for later in eyecite.get_citations(history) if history else []:
            if isinstance(later, FullCaseCitation):  # subsequent history: Pickering v. Gonzales
                key = (later.groups["volume"], later.groups["reporter"])
                known.setdefault(key, set()).add(int(later.groups["page"]))
    checked = 0
    for sample in SAMPLE_FILES:
        for name, text in _texts(engine, sample).items():
            flat = " ".join(text.split())
            for cite in eyecite.get_citations(flat):
                if not isinstance(cite, FullCaseCitation | ShortCaseCitation):
                    continue
                groups = cite.groups
                key = (groups["volume"], groups["reporter"])
                said = str(cite.token)  # the citation as the paper prints it
                assert key in known, f"{sample.stem}/{name}: {said} not in registry"
                if isinstance(cite, FullCaseCitation):
                    assert int(groups["page"]) in known[key], said
                checked += 1
    assert checked > 50


# --- drafts and refusals ---------------------------------------------------------------------


def test_missing_fact_fails_without_draft_and_is_marked_with_it(engine: Assembler) -> None:
    data = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    del data["moving_party"]["country_of_birth"]
    case = validate_data(data).case
    assert case is not None
    with pytest.raises(BuildError, match=r"moving_party\.country_of_birth"):
        engine.assemble(case)
    packet = engine.assemble(case, draft=True)
    assert packet.missing == ("moving_party.country_of_birth",)
    assert "[MISSING: moving_party.country_of_birth]" in render_document(packet.documents[0])


# --- the build command -----------------------------------------------------------------------


def test_build_writes_one_file_per_document_in_filing_order(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / BASE_SAMPLE.stem
    papers = [
        "01-notice-of-motion",
        "02-declaration-of-moving-party",
        "03-declaration-of-translator",
        "04-declaration-of-counsel",
        "05-declaration-of-witness",
        "06-declaration-of-translator-witness",
        "07-exhibit-list",
        "08-proposed-order",
        "09-proof-of-service",
    ]
    # the default writes every format: text, PDF (with the packet) and Word
    expected = [f"{p}.{ext}" for p in papers for ext in ("docx", "pdf", "txt")]
    assert [p.name for p in sorted(folder.iterdir())] == sorted(
        [*expected, ".assembler-build.json", "build-report.txt", "packet.pdf"]
    )
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "Verify before filing (the papers say DRAFT" in report and "People v. Jung" in report
    assert "    People v. Jung (2020) 59 Cal.App.5th 842: " in result.output


def test_build_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"]
        ).exit_code
        == 0
    )
    target = tmp_path / BASE_SAMPLE.stem / "01-notice-of-motion.txt"
    target.write_text("edited by hand", encoding="utf-8")
    again = runner.invoke(main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--format", "txt"])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.output
    assert target.read_text(encoding="utf-8") == "edited by hand"
    forced = runner.invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--force", "--format", "txt"]
    )
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("Dana K. Whitfield")


def test_forced_rebuild_removes_papers_the_case_no_longer_has(tmp_path: Path) -> None:
    """A paper dropped (or renumbered) by a rebuild must not stay beside the new packet."""
    data = json.loads(BASE_SAMPLE.read_text(encoding="utf-8"))
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    assert (
        runner.invoke(main, ["build", str(case_file), "-o", str(out), "--format", "txt"]).exit_code
        == 0
    )
    notes = out / "case" / "my-notes.txt"
    notes.write_text("not ours", encoding="utf-8")
    data["declarations"] = [d for d in data["declarations"] if d["kind"] != "other"]
    case_file.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(
        main, ["build", str(case_file), "-o", str(out), "--force", "--format", "txt"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "case").iterdir())
    assert "05-declaration-of-witness.txt" not in names
    assert "08-proposed-order.txt" not in names  # renumbered to 06
    assert "06-proposed-order.txt" in names and "my-notes.txt" in names
    assert "removed " in result.output and "08-proposed-order.txt" in result.output


def test_build_refuses_an_invalid_case_with_the_validate_report(tmp_path: Path) -> None:
    bad = SAMPLES / "invalid" / "01-still-in-custody.json"
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(tmp_path), "--format", "txt"])
    assert result.exit_code == 1
    assert "moving_party.custody.in_criminal_custody_on_this_case" in result.output
    assert "Not built" in result.output
    assert not (tmp_path / bad.stem).exists()


def test_draft_build_marks_and_lists_missing_facts(tmp_path: Path, case: dict[str, Any]) -> None:
    case["hearing"] = {"date": "2027-01-15"}
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--draft", "--format", "txt"]
    )
    assert result.exit_code == 0, result.output
    assert "missing: hearing.time" in result.output
    notice = (tmp_path / "out" / "draft" / "01-notice-of-motion.txt").read_text(encoding="utf-8")
    assert "[MISSING: hearing.time]" in notice
    assert "[MISSING: hearing.department]" in notice


def test_explain_says_why(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(SAMPLES / "02-trial-conviction-ab1259.json")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "notice-of-motion: included (when: true)" in lines
    assert any(re.match(r"  \+ memo\.error +when a1 -> true", line) for line in lines)
    six = CliRunner().invoke(main, ["explain", str(SAMPLES / "06-actual-innocence-a2.json")])
    assert any(
        re.match(r"  - memo\.prejudice +when a1 -> false", line) for line in six.output.splitlines()
    )


def test_hostile_names_stay_literal_in_the_built_text(
    engine: Assembler, case: dict[str, Any]
) -> None:
    hostile = "*Ana* _de_ #1 [@vivar] {{ x }} <b> ¶ Ortega\\"
    case["moving_party"]["legal_name"] = hostile
    case["moving_party"]["surname"] = "{% raw %}"
    loaded = validate_data(case)
    assert loaded.case is not None
    packet = engine.assemble(loaded.case)
    declaration = render_document(packet.documents[1])
    assert f"I, {hostile}, declare:" in declaration
    assert "Mr. {% raw %}" in render_document(packet.documents[0])


def test_tables_flag_adds_contents_and_authorities_to_the_text(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(BASE_SAMPLE), "-o", str(tmp_path), "--tables", "--format", "txt"]
    )
    assert result.exit_code == 0, result.output
    notice = (tmp_path / BASE_SAMPLE.stem / "01-notice-of-motion.txt").read_text("utf-8")
    contents = notice.index("TABLE OF CONTENTS")
    authorities = notice.index("TABLE OF AUTHORITIES")
    memorandum = notice.index("MEMORANDUM OF POINTS AND AUTHORITIES\n", authorities)
    assert notice.index("PLEASE TAKE NOTICE") < contents < authorities < memorandum
    assert "    People v. Vivar (2021) 11 Cal.5th 510" in notice[authorities:memorandum]
    assert "I. Introduction" in notice[contents:authorities]


@pytest.mark.parametrize(
    "sample", ["01-lpr-petty-theft-spanish", "05-self-represented"], ids=lambda s: s[:2]
)
def test_a_case_validate_accepts_always_builds(engine: Assembler, sample: str) -> None:
    """Remove any one fact: if validate then reports no error, build must succeed (no --draft)."""
    import copy

    from assembler.errors import Severity
    from assembler.rules import check_data
    from tests.test_properties import _paths

    base = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
    built = 0
    for path in _paths(base)[1:]:
        data = copy.deepcopy(base)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if not isinstance(parent, dict):
            continue
        parent.pop(path[-1])
        if any(p.severity is Severity.ERROR for p in check_data(data)):
            continue
        case = validate_data(data).case
        assert case is not None
        engine.assemble(case)  # raises BuildError naming the fact if a clause needs it
        built += 1
    assert built > 20
