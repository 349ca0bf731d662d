"""Every file in samples/invalid/ shows one class of error, and the validator reports it.

Each file is sample 01 changed in one way. The table below states the problem each file must
produce: its JSON path, rule code, severity and a piece of its message. A new file in
samples/invalid/ without a row here fails ``test_every_invalid_sample_has_an_expectation``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.errors import Problem, Severity
from assembler.rules import check_file

INVALID = Path(__file__).resolve().parent.parent / "samples" / "invalid"


class Expected(NamedTuple):
    """The problem an invalid sample must produce."""

    filename: str
    path: str
    code: str
    message: str
    severity: str


EXPECTED: list[Expected] = [
    Expected(
        "01-still-in-custody.json",
        "moving_party.custody.in_criminal_custody_on_this_case",
        "custody.gate",
        "still in criminal custody on this case",
        "error",
    ),
    Expected(
        "02-a1-without-consequence.json",
        "immigration.consequences",
        "a1.no_consequence",
        "ground (a)(1) needs at least one immigration consequence",
        "error",
    ),
    Expected(
        "03-a1-without-error-theory.json",
        "grounds.a1.error_theories",
        "required.missing",
        "required",
        "error",
    ),
    Expected(
        "04-iac-finding-without-prior-counsel.json",
        "prior_counsel",
        "iac.no_prior_counsel",
        "identify prior counsel, who must get notice of the hearing",
        "error",
    ),
    Expected(
        "05-plea-after-sentence.json",
        "criminal_case.counts[0].plea_or_verdict_date",
        "dates.plea_after_sentence",
        "is after the sentence date",
        "error",
    ),
    Expected(
        "06-custody-ended-before-conviction.json",
        "criminal_case.custody_ended_on",
        "dates.custody_before_conviction",
        "is before the last plea or verdict date",
        "error",
    ),
    Expected(
        "07-hearing-before-service.json",
        "hearing.date",
        "dates.hearing_before_service",
        "is before the date of service",
        "error",
    ),
    Expected(
        "08-vacate-unknown-count.json",
        "relief.vacate_counts[2]",
        "counts.unknown",
        "count 7 is not among the counts of the criminal case",
        "error",
    ),
    Expected(
        "09-consequence-for-unknown-count.json",
        "immigration.consequences[2].count",
        "counts.unknown",
        "count 3 is not among the counts of the criminal case",
        "error",
    ),
    Expected(
        "10-prior-counsel-declaration-unavailable.json",
        "prior_counsel.declaration_available",
        "declarations.prior_unavailable",
        "a declaration of prior counsel is listed",
        "error",
    ),
    Expected(
        "11-pro-per-without-address.json",
        "moving_party.mailing_address",
        "representation.pro_per_address",
        "required when self-represented",
        "error",
    ),
    Expected(
        "12-counsel-without-bar-number.json",
        "filing_counsel.state_bar_number",
        "required.missing",
        "required",
        "error",
    ),
    Expected(
        "13-unknown-key-typo.json",
        "moving_party.legal_nme",
        "schema.unknown_key",
        'did you mean "legal_name"?',
        "error",
    ),
    Expected(
        "14-malformed-date.json",
        "criminal_case.counts[0].plea_or_verdict_date",
        "schema.date_format",
        "is not a date the tool can read: write the date as 8/14/2015",
        "error",
    ),
    Expected(
        "15-malformed-a-number.json",
        "moving_party.a_number",
        "schema.a_number",
        "must be an A-number",
        "error",
    ),
    Expected(
        "16-unknown-county.json",
        "court.county",
        "schema.enum",
        'did you mean "Los Angeles"?',
        "error",
    ),
    Expected(
        "17-placeholder-left.json",
        "court.courthouse",
        "placeholder",
        "still holds placeholder text",
        "error",
    ),
    Expected(
        "18-withdraw-plea-after-trial.json",
        "relief.withdraw_plea",
        "relief.no_plea",
        "there is no plea to withdraw",
        "error",
    ),
    Expected(
        "19-electronic-service-without-email.json",
        "criminal_case.prosecuting_agency.email",
        "service.email",
        "required for electronic service",
        "error",
    ),
    Expected(
        "20-duplicate-key.json",
        "hearing.time",
        "schema.duplicate_key",
        '"time" appears twice in the same object',
        "error",
    ),
    Expected(
        "21-expert-declaration-without-declarant.json",
        "declarations[3].declarant",
        "declarations.declarant",
        "who signs this declaration",
        "error",
    ),
    Expected(
        "22-server-is-moving-party.json",
        "service.server.name",
        "service.server_is_party",
        "the moving party cannot serve their own papers",
        "error",
    ),
    Expected(
        "23-count-listed-twice-in-relief.json",
        "relief.vacate_counts[2]",
        "counts.duplicate",
        "count 2 is listed twice",
        "error",
    ),
    Expected(
        "24-entry-before-birth.json",
        "moving_party.entry.date",
        "dates.entry_before_birth",
        "is before the date of birth",
        "error",
    ),
    Expected(
        "25-iac-finding-without-prior-counsel-address.json",
        "prior_counsel.address",
        "iac.no_address",
        "required to serve prior counsel with notice of the hearing",
        "error",
    ),
    Expected(
        "26-hearing-set-and-to-be-set.json",
        "hearing.to_be_set",
        "hearing.conflict",
        "the hearing is marked 'to be set' but a date or time is given",
        "error",
    ),
    Expected(
        "27-blank-text.json",
        "moving_party.surname",
        "required.missing",
        "required",
        "error",
    ),
    Expected(
        "28-theory-without-its-facts.json",
        "grounds.a1.client_understanding",
        "a1.theory_facts.own_misunderstanding",
        "the theory 'The client misunderstood the consequences' needs what the moving party "
        "understood",
        "error",
    ),
    Expected(
        "29-unknown-exhibit-cited.json",
        "grounds.a1.contemporaneous_evidence[0].exhibit",
        "exhibits.unknown",
        "exhibit G is not among the exhibits",
        "error",
    ),
    Expected(
        "30-exhibit-file-missing.json",
        "exhibits[0].file",
        "exhibits.missing_file",
        "no such file next to the case file",
        "error",
    ),
    Expected(
        "31-us-address-without-zip.json",
        "criminal_case.prosecuting_agency.address.postal_code",
        "address.us",
        "required for a U.S. address",
        "error",
    ),
    Expected(
        "32-no-ground.json",
        "grounds",
        "grounds.none",
        "plead at least one ground",
        "error",
    ),
    Expected(
        "33-account-without-would-have.json",
        "declarations[0].account.would_have",
        "declarations.account",
        "required: write it in the first person",
        "error",
    ),
    Expected(
        "34-other-declaration-without-statements.json",
        "declarations[2].statements",
        "declarations.statements",
        "required: what the declarant attests, as first-person paragraphs",
        "error",
    ),
    Expected(
        "35-undated-declaration.json",
        "declarations[1].executed_on",
        "declarations.undated",
        "the proof of service is dated, so every declaration it serves must be dated too",
        "error",
    ),
]

INVALID_FILES = sorted(INVALID.glob("*.json"))


def _describe(problems: list[Problem]) -> str:
    return "\n".join(f"{p.severity.value} {p.code} {p.path}: {p.message}" for p in problems)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.filename)
def test_invalid_sample_reports_its_error(expected: Expected) -> None:
    problems = check_file(INVALID / expected.filename)
    matching = [
        p
        for p in problems
        if p.path == expected.path
        and p.code == expected.code
        and p.severity.value == expected.severity
        and expected.message in p.message
    ]
    assert matching, f"expected {expected} among:\n{_describe(problems)}"
    assert all(p.severity is Severity.ERROR for p in matching)


def test_every_invalid_sample_has_an_expectation() -> None:
    on_disk = {path.name for path in INVALID_FILES}
    in_table = [e.filename for e in EXPECTED]
    assert len(in_table) == len(set(in_table)), "a file is listed twice in EXPECTED"
    assert on_disk, "samples/invalid/ holds no case files"
    assert sorted(on_disk - set(in_table)) == [], "add these files to EXPECTED"
    assert sorted(set(in_table) - on_disk) == [], "these files in EXPECTED do not exist"


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_sample_has_an_error(path: Path) -> None:
    errors = [p for p in check_file(path) if p.severity is Severity.ERROR]
    assert errors, f"{path.name} produces no error"


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.filename)
def test_cli_validate_reports_invalid_sample(expected: Expected) -> None:
    result = CliRunner().invoke(main, ["validate", str(INVALID / expected.filename)])
    assert result.exit_code == 1, result.output
    assert f"{expected.path}: " in result.output
