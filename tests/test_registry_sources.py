"""The registry rests on what was read (issue 23, section 2): sources and corrected statuses,
the pin table ("pin needed"), subsequent history, a firm's citation text, the dotted-id trap,
`authorities --unverified`, and the petty-offense exception in the removal grounds."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembler import removal
from assembler.assembly import Assembler
from assembler.authorities import Registry, RegistryError, load_registry, with_firm
from assembler.build import BuildOptions, build_case
from assembler.case import Case
from assembler.cli import main
from assembler.document import Citation, Document, document_inlines
from assembler.loading import validate_data
from assembler.verification import remaining
from assembler.writers.html import inline_html
from assembler.writers.text import render_document
from tests.support import BASE_SAMPLE, ROOT, SAMPLES


@cache
def _engine() -> Assembler:
    return Assembler.create()


def _data(prefix: str) -> dict[str, Any]:
    (path,) = SAMPLES.glob(f"{prefix}*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _case(data: dict[str, Any]) -> Case:
    loaded = validate_data(data)
    assert loaded.case is not None
    return loaded.case


def _memo(data: dict[str, Any], engine: Assembler | None = None) -> Document:
    packet = (engine or _engine()).assemble(_case(data))
    (memo,) = [d for d in packet.documents if d.slug == "notice-of-motion"]
    return memo


def _text(document: Document) -> str:
    return " ".join(render_document(document).split())


def _firm(tmp_path: Path, text: str) -> Registry:
    path = tmp_path / "firm.toml"
    path.write_text(text, encoding="utf-8")
    return with_firm(load_registry(), path)


# --- what the sources support or contradict ------------------------------------------------------


def test_registry_records_the_statutory_basis_of_the_prior_counsel_notice() -> None:
    entry = load_registry()["ccp-416.90"]
    assert entry.verified and entry.source
    assert "§ 1473.7, subd. (h)" in entry.note and "(g)" not in entry.note


def test_the_2026_amendments_are_credited_to_sb_734() -> None:
    registry = load_registry()
    assert (
        registry["sb-734"].full == "Sen. Bill No. 734 (2025-2026 Reg. Sess.) (Stats. 2025, ch. 784)"
    )
    assert "ch. 784, § 2.5" in registry["pen-745"].note
    assert "AB 1071" not in registry["pen-745"].note
    assert not registry["ab-1071"].verified  # which bill made which change is not settled
    memo = _text(_memo(_data("07")))
    assert "amended by Assembly Bill 1071, effective" not in memo
    assert "the versions in force are those enacted by sections 2.5 and 4.5 of Senate Bill 734" in (
        memo
    )
    assert "Sen. Bill No. 734 (2025-2026 Reg. Sess.) (Stats. 2025, ch. 784)" in memo


def test_racial_justice_memo_does_not_speak_of_2026_amendments_in_a_2025_filing() -> None:
    data = _data("07")
    data["filing_date"] = "2025-09-18"
    assert "Senate Bill 734" not in _text(_memo(data))


@pytest.mark.parametrize("key", ["lee", "strickland", "jung"])
def test_entries_whose_reporter_page_was_not_read_stay_unverified(key: str) -> None:
    assert load_registry()[key].status == "V2"


def test_removal_docstring_states_the_registry_status_of_the_inas_sections() -> None:
    registry = load_registry()
    assert registry["ina-237"].verified and registry["ina-212"].verified
    assert removal.__doc__ is not None and "status R" not in removal.__doc__


# --- subsequent history ----------------------------------------------------------------------


PICKERING = (
    "Matter of Pickering (BIA 2003) 23 I&N Dec. 621, revd. on other grounds sub nom. "
    "Pickering v. Gonzales (6th Cir. 2006) 465 F.3d 263"
)


def test_pickering_full_citation_carries_its_subsequent_history() -> None:
    pickering = load_registry()["pickering"]
    parts = pickering.cite(None, first=True)
    assert "".join(parts) == PICKERING
    assert (parts.italic, parts.history_italic) == ("Matter of Pickering", "Pickering v. Gonzales")
    assert "Gonzales" not in "".join(pickering.cite("625", first=False))
    # the pin goes before the history
    assert "".join(pickering.cite("625", first=True)).startswith(
        "Matter of Pickering (BIA 2003) 23 I&N Dec. 621, 625, revd. on other grounds"
    )
    memo = _memo(_data("01"))
    assert PICKERING in _text(memo)
    cite = next(
        n for n in document_inlines(memo) if isinstance(n, Citation) and n.authority == "pickering"
    )
    assert "<i>Pickering v. Gonzales</i> (6th Cir. 2006)" in inline_html((cite,))


def test_history_prints_only_once_the_entry_is_verified(tmp_path: Path) -> None:
    registry = _firm(tmp_path, '[pickering]\nstatus = "V2"\n')
    assert "".join(registry["pickering"].cite(None, first=True)) == (
        "Matter of Pickering (BIA 2003) 23 I&N Dec. 621"
    )


def test_a_firm_may_set_the_citation_text_and_its_history(tmp_path: Path) -> None:
    registry = _firm(
        tmp_path,
        """
[jung]
status = "V"
full = "People v. Jung (2020) 59 Cal.App.5th 842"
history = "review den. sub nom. *People v. Doe* (2021) 1 Cal.5th 1"
verified_by = "Dana K. Whitfield"
source = "Official Reports, read in full"
""",
    )
    parts = registry["jung"].cite(None, first=True)
    assert "".join(parts) == (
        "People v. Jung (2020) 59 Cal.App.5th 842, review den. sub nom. People v. Doe (2021) "
        "1 Cal.5th 1"
    )
    assert parts.history_italic == "People v. Doe"
    with pytest.raises(RegistryError, match="verified_by"):
        _firm(tmp_path, '[pickering]\nhistory = "revd. (2007) 1 F.4th 1"\n')
    with pytest.raises(RegistryError, match="a case needs 'name'"):
        _firm(
            tmp_path,
            '[jung]\nfull = "Jung (2020) 1 Cal.5th 1"\nverified_by = "D"\nsource = "S"\n',
        )


def test_readme_firm_example_is_a_valid_firm_file(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(\[jung\].*?)```", readme, re.S)
    assert match is not None
    tomllib.loads(match[1])
    registry = _firm(tmp_path, match[1])
    assert registry["strickland"].pin_confirmed("688, 694")
    assert registry["ccp-416.90"].verified_by == "Dana K. Whitfield"


# --- dotted ids ------------------------------------------------------------------------------


def test_an_unquoted_dotted_id_is_refused_with_what_to_do(tmp_path: Path) -> None:
    text = '[ccp-416.90]\nstatus = "V"\nverified_by = "D"\nsource = "S"\n'
    with pytest.raises(
        RegistryError, match=re.escape('quote ids that contain a dot: ["ccp-416.90"]')
    ):
        _firm(tmp_path, text)
    firm = tmp_path / "firm.toml"
    firm.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["authorities", "--authorities", str(firm)])
    assert result.exit_code == 2
    assert "unknown field" not in result.stderr
    assert 'quote ids that contain a dot: ["ccp-416.90"]' in result.stderr
    firm.write_text(text.replace("[ccp-416.90]", '["ccp-416.90"]'), encoding="utf-8")
    assert CliRunner().invoke(main, ["authorities", "--authorities", str(firm)]).exit_code == 0


# --- authorities --unverified ------------------------------------------------------------------


def test_unverified_lists_a_v_entry_that_records_no_source(tmp_path: Path) -> None:
    firm = tmp_path / "firm.toml"
    firm.write_text(
        '[firm-case]\nkind = "case"\nfull = "People v. Firm (2020) 1 Cal.5th 1"\n'
        'name = "People v. Firm"\nshort = "Firm"\nreporter = "1 Cal.5th"\nstatus = "V"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["authorities", "--unverified", "--authorities", str(firm)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if " firm-case " in line)
    assert lines[at].startswith("V ")
    assert lines[at + 1] == "    to verify: status V, but no source or verified_by is recorded"
    assert not any(" vivar " in line for line in lines)  # V, with its source
    assert any(" jung " in line for line in lines)  # V2


# --- pins --------------------------------------------------------------------------------------


def test_pin_table_confirms_pages_and_ranges_as_listed() -> None:
    registry = load_registry()
    vivar = registry["vivar"]
    assert vivar.pin_confirmed("529") and vivar.pin_confirmed("530")
    assert vivar.pin_confirmed("529, 530")
    assert not vivar.pin_confirmed("529-530")  # a range is confirmed only as a range
    assert not vivar.pin_confirmed("523")
    assert registry["hill"].pin_confirmed("59")
    assert not registry["strickland"].pin_confirmed("688, 694")
    assert registry["pen-1473.7"].pin_confirmed("(z)(9)")  # a subdivision: not a page pin


def test_a_statute_entry_may_not_list_page_pins(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="pins are page pins of a case"):
        _firm(
            tmp_path,
            '[x]\nkind = "statute"\nfull = "Pen. Code, § 1"\nshort = "§ 1"\nstatus = "V"\n'
            '[x.pins]\n"1" = "read"\n',
        )


def test_an_unconfirmed_pin_prints_flagged_and_the_report_says_pin_needed(
    tmp_path: Path,
) -> None:
    memo = _memo(_data("01"))
    text = _text(memo)
    assert "(Vivar, supra, 11 Cal.5th at pp. 529–530 [verify].)" in text
    assert "(People v. Vivar (2021) 11 Cal.5th 510, 529.)" in text  # confirmed: no tag
    items = remaining(memo, _engine().registry)
    needed = [i for i in items if i.startswith("pin needed: ")]
    assert needed == [
        "pin needed: People v. Vivar (2021) 11 Cal.5th 510, 529–530 for “The Court weighs the "
        "totality of the circumstances: the person's ties to the United States, the importance "
        "they placed on avoiding deportation, their priorities in seeking a plea bargain, and "
        "whether …”"
    ]
    # the build report (text) and the build result (the form's JSON reply) list it
    result = build_case(BASE_SAMPLE, tmp_path, BuildOptions(formats=("txt",)))
    # each with the id the attorney records it under (assembler review)
    line = f"{needed[0]}  [pin:vivar:529-530]"
    assert line in result.to_verify["01-notice-of-motion"]
    report = (result.folder / "build-report.txt").read_text(encoding="utf-8")
    assert f"    {line}\n" in report


def test_a_firm_confirming_the_pin_clears_it(tmp_path: Path) -> None:
    firm = tmp_path / "firm.toml"
    firm.write_text(
        '[vivar]\nverified_by = "Dana K. Whitfield"\nsource = "11 Cal.5th 510, read"\n'
        '[vivar.pins]\n"529-530" = "11 Cal.5th at pp. 529-530: the factors"\n',
        encoding="utf-8",
    )
    engine = Assembler.create(None, firm)
    memo = _memo(_data("01"), engine)
    assert "(Vivar, supra, 11 Cal.5th at pp. 529–530.)" in _text(memo)
    assert not [i for i in remaining(memo, engine.registry) if i.startswith("pin needed")]


def test_the_proposition_is_the_sentence_the_citation_closes() -> None:
    data = _data("09")  # ineffective assistance: Strickland at 688, 694 (not confirmed)
    items = remaining(_memo(data), _engine().registry)
    for page in ("688", "694"):  # one item a page: each is confirmed (and recorded) on its own
        assert (
            f"pin needed: Strickland v. Washington (1984) 466 U.S. 668, {page} for “The defendant "
            "must show that counsel's performance fell below an objective standard of "
            "reasonableness under prevailing professional norms, and that the deficiency was "
            "prejudicial.”"
        ) in items


# --- the petty-offense exception (8 U.S.C. § 1182(a)(2)(A)(ii)(II)) -----------------------------

GROUND = "INA § 212(a)(2)(A)(i)(I), [@ina-212, (a)(2)(A)(i)(I)] (inadmissibility)"


def _never_admitted_cimt(**count: Any) -> dict[str, Any]:
    """Sample 05 (never admitted) with one moral-turpitude count of the given facts."""
    data = _data("05")
    first = data["criminal_case"]["counts"][0]
    first.update(count)
    for key in [k for k, v in count.items() if v is None]:
        del first[key]
    data["immigration"]["consequences"] = [
        {"count": first["number"], "categories": ["cimt"], "explanation": "Theft."}
    ]
    return data


def _cimt_phrase(data: dict[str, Any]) -> str:
    case = _case(data)
    assert removal.admitted(case) is False
    (phrases,) = removal.grounds(case).values()
    return phrases["cimt"]


def test_petty_offense_exception_is_stated_when_the_facts_fit_it() -> None:
    data = _never_admitted_cimt(level="misdemeanor", sentence={"jail_days": 30})
    phrase = _cimt_phrase(data)
    assert phrase.startswith(GROUND + ", unless the petty-offense exception applies")
    assert "[@ina-212, (a)(2)(A)(ii)(II)]" in phrase
    assert "so the ground does not apply if it is the only crime committed" in phrase
    memo = _text(_memo(data))
    assert (
        "(inadmissibility), unless the petty-offense exception applies (INA § 212(a)(2)(A)(ii)(II), "
        "8 U.S.C. § 1182(a)(2)(A)(ii)(II)): the offense is a misdemeanor and the sentence imposed "
        "did not exceed six months, so the ground does not apply if it is the only crime committed"
    ) in memo


@pytest.mark.parametrize(
    "count",
    [
        {"level": "felony", "sentence": {"jail_days": 30}},  # maximum over one year
        {"level": "misdemeanor", "sentence": {"jail_days": 364}},  # over six months
        {"level": "misdemeanor", "sentence": {"suspended_term_days": 270, "jail_days": 10}},
    ],
)
def test_ground_is_stated_plainly_when_the_facts_rule_the_exception_out(
    count: dict[str, Any],
) -> None:
    assert _cimt_phrase(_never_admitted_cimt(**count)) == GROUND


def test_two_moral_turpitude_counts_rule_the_exception_out() -> None:
    data = _never_admitted_cimt(level="misdemeanor", sentence={"jail_days": 1})
    second = copy.deepcopy(data["criminal_case"]["counts"][0])
    second["number"] = 2
    data["criminal_case"]["counts"].append(second)
    data["immigration"]["consequences"].append(
        {"count": 2, "categories": ["cimt"], "explanation": "Theft."}
    )
    case = _case(data)
    assert all(p["cimt"] == GROUND for p in removal.grounds(case).values())


@pytest.mark.parametrize(
    "count",
    [
        {"level": "misdemeanor", "sentence": None},  # the sentence is not in the file
        {"level": "misdemeanor", "sentence": {"probation_months": 12}},  # no custody term given
        {"level": None, "sentence": {"jail_days": 30}},  # the level is not in the file
        {"level": "felony", "reduced_17b_on": "2020-01-02", "sentence": {"jail_days": 30}},
        {"level": "misdemeanor", "sentence": {"jail_days": 100, "suspended_term_days": 100}},
    ],
)
def test_exception_must_be_checked_when_the_file_cannot_decide_it(count: dict[str, Any]) -> None:
    phrase = _cimt_phrase(_never_admitted_cimt(**count))
    assert phrase.startswith(GROUND + ", unless the petty-offense exception applies")
    assert phrase.endswith("which must be checked against the record of conviction")
