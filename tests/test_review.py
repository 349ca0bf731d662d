"""From draft to filing (issue 24): the attorney's review, recorded, and the --final build.

The README's path is run as written for sample 01, and the same documented commands take two
more samples (one self-represented) to a final packet. A case check belongs to its case: it is
never cleared for another case, nor by the firm's file, and is asked again when the text it was
signed for changes. A clause note about the law is recorded once for the firm, by clause id.
"""

from __future__ import annotations

import json
import re
import shlex
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from assembler.cli import main
from tests.support import ROOT, SAMPLES

SIGNER = "Dana K. Whitfield"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _readme_path() -> list[list[str]]:
    """The commands of the README's "From draft to filing" block, each as its arguments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### From draft to filing", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.split("  #", 1)[0].strip()
        if line:
            commands.append(shlex.split(line))
    return commands


def _shell(words: list[str]) -> None:
    """The two shell lines of the path (printf into a file, mkdir and touch), done in Python."""
    if words[0] == "printf":
        target = Path(words[-1])
        target.write_text(words[1].replace("\\n", "\n"), encoding="utf-8")
    elif words[0] == "mkdir":
        Path(words[2]).mkdir(parents=True, exist_ok=True)
        Path(words[-1]).touch()
    else:
        raise AssertionError(f"not a documented step: {words}")


def _review(case: Path) -> dict[str, Any]:
    result = _run("review", str(case), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _final_folder_is_filed(folder: Path, signer: str) -> dict[str, Any]:
    """The final packet: no mark in any Word header, no tag in any text, and the record."""
    for paper in folder.glob("[0-9][0-9]-*.docx"):
        with zipfile.ZipFile(paper) as docx:
            header = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if "header" in n)
        assert "DRAFT" not in header, paper.name
    for paper in folder.glob("[0-9][0-9]-*.txt"):
        text = paper.read_text(encoding="utf-8")
        assert "[verify]" not in text and "verify before filing" not in text.lower(), paper.name
    report = (folder / "build-report.txt").read_text(encoding="utf-8")
    assert "Verify before filing: nothing" in report
    assert "Cite-check record (also cite-check.json):" in report
    record: dict[str, Any] = json.loads((folder / "cite-check.json").read_text(encoding="utf-8"))
    assert record["open"] == []
    assert record["versions"]["assembler"] and record["versions"]["clause_library"]
    assert all(c["verified_by"] == signer and c["state"] == "done" for c in record["case_checks"])
    return record


def test_the_readme_path_takes_sample_01_from_draft_to_a_filed_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = _readme_path()
    assert [c[0] for c in commands].count("assembler") >= 5
    final = None
    for words in commands:
        if words[0] != "assembler":
            _shell(words)
            continue
        if "--final" in words:
            final = words
        result = (
            _run(*words[1:], "--format", "txt,docx") if words[1] == "build" else _run(*words[1:])
        )
        assert result.exit_code == 0, (words, result.output)
        if words[1] == "build" and "--final" not in words:  # the draft says what remains, by id
            assert "[case:removal-grounds]" in result.stderr
            assert "[cite:jung]" in result.stderr
    assert final is not None
    folder = tmp_path / "out" / "01-lpr-petty-theft-spanish"
    record = _final_folder_is_filed(folder, SIGNER)
    jung = next(a for a in record["authorities"] if a["id"] == "jung")
    assert jung["status"] == "V" and jung["verified_by"] == SIGNER
    assert jung["source"] == "Official Reports, read 2026-12-08"
    vivar = next(a for a in record["authorities"] if a["id"] == "vivar")
    assert vivar["pins"]["529-530"] == "Official Reports, read 2026-12-08"
    signed = {c["id"]: c["checked"]["by"] for c in record["clauses"] if "checked" in c}
    assert signed == {
        "memo.consequences": SIGNER,
        "order.findings": SIGNER,
    }  # one check, two papers
    (check,) = record["case_checks"]
    assert check["id"] == "case:removal-grounds"
    assert check["papers"] == ["01-notice-of-motion", "08-proposed-order"]
    assert check["note"] == "grounds checked against the RAP sheet and the NTA"
    review = (tmp_path / "my-cases" / "01-lpr-petty-theft-spanish.review.toml").read_text()
    assert f'verified_by = "{SIGNER}"' in review


@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("[0-9][0-9]-*.json")))
def test_the_documented_commands_take_every_sample_to_final(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("samples", "copy", sample[:2], "my-cases").exit_code == 0
    Path("my-cases/assembler.toml").write_text('authorities = "firm/authorities.toml"\n')
    Path("my-cases/firm").mkdir()
    Path("my-cases/firm/authorities.toml").touch()
    case = Path("my-cases") / f"{sample}.json"
    refused = _run("build", str(case), "-o", "out", "--final", "--format", "txt")
    assert refused.exit_code == 1 and "assembler review" in refused.stderr
    checks = _review(case)["checks"]
    assert checks and all(c["state"] == "open" for c in checks)
    firm = [c["id"] for c in checks if c["recorded_in"] == "firm"]
    ours = [c["id"] for c in checks if c["recorded_in"] == "case"]
    assert not [c for c in checks if c["kind"] == "write"], "a sample leaves nothing to write"
    if firm:
        source = "Official Reports, read in full"
        result = _run(
            "review", str(case), "--sign", ",".join(firm), "--by", SIGNER, "--source", source
        )
        assert result.exit_code == 0, result.output
    if ours:
        result = _run("review", str(case), "--sign", ",".join(ours), "--by", SIGNER)
        assert result.exit_code == 0, result.output
    assert _review(case)["open"] == 0
    built = _run("build", str(case), "-o", "out", "--final", "--format", "txt,docx")
    assert built.exit_code == 0, built.output
    record = _final_folder_is_filed(Path("out") / sample, SIGNER)
    if sample.startswith("10"):  # Order B's resentencing terms are this case's, signed for it
        assert {"case:removal-grounds", "case:resentencing-terms"} <= {
            c["id"] for c in record["case_checks"]
        }
    if sample.startswith("09"):  # a clause note about the law, recorded once by clause id
        (clause,) = [c for c in record["clauses"] if c["id"] == "memo.error.advisement-sb281"]
        assert clause["checked"]["by"] == SIGNER and clause["checked"]["kind"] == "law"
        firm_text = Path("my-cases/firm/authorities.toml").read_text(encoding="utf-8")
        assert '[clause."memo.error.advisement-sb281"]' in firm_text


# --- a case check belongs to its case ---------------------------------------------------------


def _two_cases(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "cases"
    assert _run("samples", "copy", "01", str(folder)).exit_code == 0
    first = folder / "01-lpr-petty-theft-spanish.json"
    second = folder / "second-client.json"
    second.write_bytes(first.read_bytes())
    return first, second


def _state(case: Path, check_id: str) -> str:
    return str(next(c["state"] for c in _review(case)["checks"] if c["id"] == check_id))


def test_a_case_check_signed_for_one_case_does_not_clear_it_for_another(tmp_path: Path) -> None:
    first, second = _two_cases(tmp_path)
    signed = _run("review", str(first), "--sign", "removal-grounds", "--by", SIGNER)
    assert signed.exit_code == 0, signed.output
    assert _state(first, "case:removal-grounds") == "done"
    assert _state(second, "case:removal-grounds") == "open"  # same papers, another client
    assert (first.parent / "01-lpr-petty-theft-spanish.review.toml").exists()
    assert not (first.parent / "second-client.review.toml").exists()


def test_the_firm_file_cannot_clear_a_case_check(tmp_path: Path) -> None:
    first, _ = _two_cases(tmp_path)
    firm = tmp_path / "firm.toml"
    result = _run(
        "review", str(first), "--sign", "case:removal-grounds", "--by", SIGNER,
        "--source", "read", "--authorities", str(firm),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "a case check is signed in the case's review record" in result.stderr
    assert not firm.exists()
    # and a table written into the firm's file by hand is not read as one
    firm.write_text('[clause."memo.consequences"]\nverified_by = "X"\nsource = "read"\n')
    assert _state(first, "case:removal-grounds") == "open"
    built = _run(
        "build", str(first), "-o", str(tmp_path / "o"), "--final", "--authorities", str(firm)
    )
    assert built.exit_code == 1 and "[case:removal-grounds]" in built.stderr


def test_a_case_check_is_asked_again_when_the_text_it_was_signed_for_changes(
    tmp_path: Path,
) -> None:
    first, _ = _two_cases(tmp_path)
    assert (
        _run("review", str(first), "--sign", "case:removal-grounds", "--by", SIGNER).exit_code == 0
    )
    assert _state(first, "case:removal-grounds") == "done"
    data = json.loads(first.read_text(encoding="utf-8"))
    data["immigration"]["consequences"][0]["explanation"] = (
        "The offense is a crime involving moral turpitude committed within five years of admission."
    )
    first.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    assert _state(first, "case:removal-grounds") == "changed"
    listing = _run("review", str(first))
    assert "signed for other text" in listing.stdout
    refused = _run("build", str(first), "-o", str(tmp_path / "o"), "--final", "--format", "txt")
    assert refused.exit_code == 1
    assert re.search(
        rf"\[case:removal-grounds\] \(signed by {SIGNER} on [0-9-]+ for other text", refused.stderr
    )


# --- recording: what goes where ---------------------------------------------------------------


def test_a_law_check_recorded_by_clause_id_lapses_when_the_clause_changes(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    assert _run("samples", "copy", "09", str(folder)).exit_code == 0
    case = next(folder.glob("09-*.json"))
    firm = tmp_path / "firm.toml"
    law = "law:memo.error.advisement-sb281"
    result = _run(
        "review", str(case), "--sign", law, "--by", SIGNER, "--source", "Stats. 2025, ch. 666",
        "--authorities", str(firm),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checks = _review_with(case, firm)
    assert next(c for c in checks if c["id"] == law)["state"] == "done"
    text = firm.read_text(encoding="utf-8")
    assert re.search(r'\ndigest = "[0-9a-f]{16}"\n', text)
    firm.write_text(re.sub(r'digest = "[0-9a-f]{16}"', 'digest = "0000000000000000"', text))
    checks = _review_with(case, firm)
    assert next(c for c in checks if c["id"] == law)["state"] == "changed"


def _review_with(case: Path, firm: Path) -> list[dict[str, Any]]:
    result = _run("review", str(case), "--json", "--authorities", str(firm))
    assert result.exit_code == 0, result.output
    checks: list[dict[str, Any]] = json.loads(result.stdout)["checks"]
    return checks


def test_an_authority_the_firm_file_already_records_is_left_to_edit_by_hand(tmp_path: Path) -> None:
    first, _ = _two_cases(tmp_path)
    firm = tmp_path / "firm.toml"
    firm.write_text('[jung]\nnote = "our own note"\n', encoding="utf-8")
    before = firm.read_bytes()
    result = _run(
        "review", str(first), "--sign", "cite:jung", "--by", SIGNER, "--source", "read",
        "--authorities", str(firm),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "already records jung: edit that entry by hand" in result.stderr
    assert firm.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--sign", "case:no-such-check", "--by", SIGNER],
            "not among the checks this packet asks for",
        ),
        (["--sign", "cite:jung", "--by", SIGNER], "not a case check"),
        (["--sign", "case:removal-grounds", "--by", " "], "--by names who signs the checks off"),
    ],
)
def test_a_sign_off_that_cannot_be_recorded_is_refused_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    first, _ = _two_cases(tmp_path)
    result = _run("review", str(first), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (first.parent / "01-lpr-petty-theft-spanish.review.toml").exists()


def test_every_remaining_item_prints_the_id_it_is_recorded_under(tmp_path: Path) -> None:
    first, _ = _two_cases(tmp_path)
    refused = _run("build", str(first), "-o", str(tmp_path / "o"), "--final", "--format", "txt")
    items = [line for line in refused.stderr.splitlines() if line.startswith("    ")]
    assert items and all(re.search(r"  \[(cite|pin|law|case|write):[^\]]+\]$", i) for i in items)
    ids = {c["id"] for c in _review(first)["checks"]}
    assert {re.search(r"\[([^\]]+)\]$", i)[1] for i in items} == ids  # type: ignore[index]


def test_authorities_unverified_lists_the_clause_notes_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no assembler.toml here or above
    result = _run("authorities", "--unverified")
    assert result.exit_code == 0, result.output
    assert "case:removal-grounds" in result.stdout
    assert "law:memo.racial-justice" in result.stdout
    assert "to verify: status V, but no source or verified_by is recorded" in result.stdout


def test_a_pin_introduced_by_a_signal_is_listed_with_the_sentence_it_supports() -> None:
    from assembler.case import Case
    from assembler.review import collect
    from tests.support import engine, sample_data

    packet = engine().assemble(Case.model_validate(sample_data("10")))
    found = {c.id: c for c in collect(packet.documents, engine().registry)}
    assert found["pin:lafler:171"].concerns.startswith("So that the Court knows where the case")
    assert found["pin:lafler:171"].concerns.endswith(
        "to reinstate their offer of September 14, 2021."
    )
