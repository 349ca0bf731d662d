"""Legal review 2: the statement of facts, the sworn declarations and the citations of record
(items A1, A5-A7, B1-B3, G1-G7, H1-H3, H5, H8, I1, I4, I5, and issue 23's family groups and
immigration events). Each test builds a sample, or a variant of one, and reads the papers."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from assembler.assembly import Assembler
from assembler.document import Packet
from assembler.loading import validate_data
from assembler.writers.text import render_document
from tests.support import SAMPLES


@cache
def _engine() -> Assembler:
    return Assembler.create()


def _data(prefix: str) -> dict[str, Any]:
    (path,) = SAMPLES.glob(f"{prefix}*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _packet(data: dict[str, Any], *, draft: bool = False) -> Packet:
    loaded = validate_data(data)
    assert loaded.case is not None, loaded.problems
    return _engine().assemble(loaded.case, draft=draft)


def _texts(packet: Packet) -> dict[str, str]:
    return {d.slug: " ".join(render_document(d).split()) for d in packet.documents}


def _papers(data: dict[str, Any], *, draft: bool = False) -> dict[str, str]:
    return _texts(_packet(data, draft=draft))


def _memo(data: dict[str, Any]) -> str:
    return _papers(data)["notice-of-motion"]


def _declaration(papers: dict[str, str]) -> str:
    return papers["declaration-of-moving-party"]


def _paragraph(paper: str, number: int) -> str:
    """The text of numbered paragraph ``number`` of a declaration."""
    match = re.search(
        rf"(?:^| ){number}\. (.*?)(?= {number + 1}\. |I declare under penalty)", paper
    )
    assert match, f"no paragraph {number}"
    return match.group(1)


# --- I1: declarations are cited by paragraph ----------------------------------------------------


def test_the_memorandum_cites_the_declaration_paragraph_that_states_the_fact() -> None:
    papers = _papers(_data("09"))
    memo, declaration = papers["notice-of-motion"], _declaration(papers)
    cite = re.search(r"understood\b[^()]*\(Melnyk Decl\. ¶ (\d+)", memo) or re.search(
        r"\(Melnyk Decl\. ¶ (\d+); Exs?\. [^)]*\)", memo
    )
    assert cite, "no paragraph cite of the moving party's declaration"
    told = _data("09")["declarations"][0]["account"]
    number = int(cite.group(1))
    said = _paragraph(declaration, number)
    assert any(" ".join(str(v).split())[:40] in said for v in told.values() if v)


def test_no_declaration_is_cited_without_a_paragraph() -> None:
    for prefix in ("01", "04", "09"):
        memo = _memo(_data(prefix))
        # memo.prejudice's list of witnesses (another clause's) names them without a cite
        memo = re.sub(r"by those who knew \w+ then \([^()]*\)", "", memo)
        bare = re.findall(r"\(([^()]*Decl\.)[;)]", memo)
        assert not bare, f"{prefix}: declaration cited without a paragraph: {bare}"


def test_a_cite_whose_paragraph_is_unknown_prints_the_gap_and_is_reported() -> None:
    data = _data("09")
    data["declarations"][0]["account"].pop("understood", None)  # the paragraph cited is gone
    packet = _packet(data)
    memo = _texts(packet)["notice-of-motion"]
    assert "Melnyk Decl. ¶ [__]" in memo
    assert any(
        "paragraph needed: Melnyk Decl." in item and "declaration.understood" in item
        for item in packet.verify
    )


# --- H5: short cites do not collide -------------------------------------------------------------


def test_a_witness_sharing_part_of_the_clients_surname_is_cited_by_initial_and_full_surname() -> (
    None
):
    from assembler import record

    data = _data("01")
    data["moving_party"]["surname"] = "Ramírez Soto"
    witness = next(d for d in data["declarations"] if d["kind"] == "other")
    witness["declarant"]["name"] = "Marta Soto Beltrán"
    loaded = validate_data(data)
    assert loaded.case is not None
    cites = record.declaration_cites(loaded.case)
    assert cites["other"] == ["M. Soto Beltrán Decl."]
    assert cites["moving_party"] == ["Ramírez Soto Decl."]
    witness["declarant"]["name"] = "Ana María Soto"  # a given name of two words
    loaded = validate_data(data)
    assert loaded.case is not None
    assert record.declaration_cites(loaded.case)["other"] == ["A. Soto Decl."]


# --- G1, G2, G4, G5, G7: sworn declarations -----------------------------------------------------


def test_the_clients_declaration_never_describes_the_count_in_the_third_person() -> None:
    data = _data("01")
    data["criminal_case"]["counts"][0]["description"] = "petty theft (a wallet taken from his car)"
    declaration = _declaration(_papers(data))
    assert "from his car" not in declaration
    assert "Count 1, petty theft (Pen. Code" in declaration


def test_a_suspended_imposition_is_sworn_as_probation_on_condition_of_jail() -> None:
    papers = _papers(_data("02"))
    declaration, memo = _declaration(papers), papers["notice-of-motion"]
    assert (
        "The court suspended imposition of sentence and placed me on 36 months of formal "
        "probation, on condition that I serve 365 days in county jail." in declaration
    )
    assert "I was sentenced to 365 days" not in declaration
    assert (
        "court suspended imposition of sentence and granted 36 months of formal probation" in memo
    )
    assert "The jail term was a condition of probation" not in memo  # the grant once (G2)


def test_a_declarant_who_reads_english_says_so_when_it_is_not_the_first_language() -> None:
    declaration = _declaration(_papers(_data("09")))
    assert "I read and understand English, and I read this declaration in English" in declaration
    translated = _declaration(_papers(_data("04")))  # a translator's declaration instead
    assert "I read and understand English" not in translated


def test_the_arrival_is_not_told_twice_in_consecutive_paragraphs() -> None:
    data = _data("02")
    account = data["declarations"][0]["account"]
    account["life"] = "I came here in 2003, when I was 12, and I grew up in Milpitas."
    declaration = _declaration(_papers(data))
    assert "I came to the United States on July 19, 2003" not in declaration
    assert declaration.count("2003, when I was 12") == 1


def test_a_witness_who_says_who_she_is_is_not_introduced_twice() -> None:
    data = _data("09")
    witness = next(d for d in data["declarations"] if d["kind"] == "other")
    witness["statements"].insert(0, "I am the wife of Oleksandr Melnyk, and we married in 2021.")
    paper = _papers(data)["declaration-of-witness"]
    assert "I am the wife of the moving party" not in paper
    assert paper.count("I am the wife") == 1


def test_the_client_authenticates_an_exhibit_by_saying_what_it_is() -> None:
    declaration = _declaration(_papers(_data("01")))
    assert "Exhibit D to the motion is a true copy of the original. I wrote this letter" in (
        declaration
    )
    assert "I know Exhibit" not in declaration


# --- A1, A5, A6: sentences true only on some records --------------------------------------------


def _a1(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data["grounds"]["a1"].update(fields)
    for name, value in fields.items():
        if value is None:
            data["grounds"]["a1"].pop(name)
    return data


def test_counsel_is_said_to_have_said_nothing_only_when_he_said_nothing() -> None:
    assert "Counsel said nothing about immigration at all." in _memo(_data("02"))
    disclaimed = _memo(
        _a1(_data("02"), advice_kind="disclaimed", advice_quote="immigration is not my field")
    )
    assert "Counsel said nothing about immigration at all." not in disclaimed
    assert 'counsel disclaimed the subject ("immigration is not my field")' in disclaimed
    assert "Disclaiming the question is not advice." in disclaimed
    deferred = _memo(
        _a1(_data("02"), advice_kind="deferred", advice_quote="we'll deal with that later")
    )
    assert "Counsel said nothing about immigration at all." not in deferred
    assert 'Counsel put the question off until "we\'ll deal with that later"' in deferred
    unset = _memo(_a1(_data("02"), advice_kind=None))
    assert "Counsel said nothing about immigration at all." not in unset


def test_the_may_warning_sentence_prints_only_where_a_warning_was_given() -> None:
    sentence = 'A general warning that a conviction "may" affect immigration status'
    assert sentence not in _memo(_data("02"))  # a trial, no advisement
    assert sentence in _memo(_data("01"))  # a plea form and the court's "may"


def test_resendiz_is_cited_for_the_error_only_when_counsel_gave_wrong_advice() -> None:
    sentence = "Affirmative misadvice about those consequences is itself deficient representation"
    assert sentence in _memo(_data("01"))  # wrong advice
    assert sentence not in _memo(_data("05"))  # incomplete advice
    assert sentence not in _memo(_data("02"))  # no advice


# --- B1-B3: a client never admitted -------------------------------------------------------------


def _ewi(data: dict[str, Any]) -> dict[str, Any]:
    data["immigration"]["notice_to_appear_date"] = "2025-11-03"
    data["immigration"]["nta_charges_ewi"] = True
    return data


def test_an_nta_charging_entry_without_inspection_is_answered_with_the_relief_barred() -> None:
    memo = _memo(_ewi(_data("05")))
    assert "removal proceedings" not in memo.split("II. STATEMENT")[0]
    assert "placed her in removal proceedings" not in memo
    assert "already causing removal" not in memo
    assert (
        "bars adjustment of status through her U.S.-citizen husband, the relief that would "
        "otherwise resolve the removal case" in memo
    )
    # the relief is named once, then referred to
    assert "may pursue that relief before the immigration judge" in memo
    data = _ewi(_data("04"))
    data["immigration"]["relief_barred"] = "cancellation of removal for nonpermanent residents"
    expert = _papers(data)["declaration-of-immigration-expert"]
    assert "currently causing" not in expert and "placing Mr. Portillo in removal" not in expert
    assert "is removable without the conviction, for presence without admission" in expert


def test_a_warning_of_exclusion_from_admission_is_answered_for_a_client_never_admitted() -> None:
    memo = _memo(_data("05"))  # DACA: never admitted; a plea form and the court's "may"
    assert 'The People may say the warning spoke of "exclusion from admission."' in memo
    assert "a separate and permanent ground of inadmissibility with no waiver" in memo
    assert "nothing left to lose" not in memo  # her own belief was another one
    assert 'spoke of "exclusion from admission."' not in _memo(_data("01"))  # admitted


def test_a_never_admitted_clients_misunderstanding_is_explained() -> None:
    memo = _memo(_data("05"))
    assert (
        "That was the misunderstanding. Lack of status was curable: she could have obtained "
        "adjustment of status through her U.S.-citizen husband." in memo
    )
    assert "turned a curable status into a permanent bar" in memo
    assert "Lack of status was curable" not in _memo(_data("01"))
