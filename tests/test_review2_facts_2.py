"""Legal review 2, continued: counsel's contact efforts (G3), the expert's opinion (G6), the safe
alternative told once (H1), exhibit descriptions at the seam (H2), benefit denials built from
parts and immigration events in date order (H3), family groups (issue 23), the case number on one
line (H8), the table of authorities (I4). Each test builds a sample, or a variant of one, and reads
the papers."""

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


def _papers(data: dict[str, Any], *, draft: bool = False) -> dict[str, str]:
    packet = _packet(data, draft=draft)
    return {d.slug: " ".join(render_document(d).split()) for d in packet.documents}


# --- G3: counsel's contact efforts ------------------------------------------------------------


def test_each_contact_effort_says_whom_counsel_contacted_how_and_why() -> None:
    data = _data("08-")
    counsel = _papers(data)["declaration-of-counsel"]
    assert (
        "On May 20, 2026, I e-mailed and telephoned Mr. Kessler to ask about his representation "
        "of Mr. Chen and whether he would sign a declaration. He agreed to review his file"
        in counsel
    )
    # A meeting is told as a meeting, never as an attempt to reach someone or get a file.
    assert "On June 3, 2026, I met with Mr. Kessler at his office to review his file." in counsel
    assert "tried to reach" not in counsel
    assert not re.search(r"\([^()]*\(", counsel), "no nested parentheses"


def test_a_contact_effort_without_whom_or_purpose_prints_the_gap() -> None:
    data = _data("08-")
    data["prior_counsel"]["contact_efforts"] = [{"date": "2026-05-20", "means": ["letter"]}]
    counsel = _papers(data, draft=True)["declaration-of-counsel"]
    assert "On May 20, 2026, I wrote to [MISSING: prior_counsel.contact_efforts[0].whom]" in counsel
    assert "[MISSING: prior_counsel.contact_efforts[0].purpose]" in counsel


# --- G6 / H1: the expert's opinion, the safe alternative told once ----------------------------


def _expert(papers: dict[str, str]) -> str:
    (text,) = [t for slug, t in papers.items() if "immigration-expert" in slug]
    return text


def test_the_expert_does_not_swear_the_consequence_explanation_twice() -> None:
    data = _data("04-")
    first = "Corporal injury under Pen. Code, § 273.5, subd. (a), is a crime of violence."
    assert data["immigration"]["consequences"][0]["explanation"].startswith(first)
    (expert,) = [d for d in data["declarations"] if d["kind"] == "immigration_expert"]
    expert["statements"].append(first)  # the expert says the first reason in her own words
    text = _expert(_papers(data))
    assert text.count(first) == 1
    assert "With the 365-day term, it is an aggravated felony" in text  # the rest still prints


def test_the_expert_states_the_safe_alternative_once_and_uses_its_short_label_after() -> None:
    data = _data("04-")
    alternative = data["grounds"]["a1"]["safe_alternative"]
    text = _expert(_papers(data))
    offense = " ".join(alternative["offense"].split())
    assert text.count(offense) == 1
    assert (
        f"an immigration-safer disposition would have been {offense}. It would have carried "
        in text
    )
    assert (
        f"In my opinion, {alternative['short']} would have avoided the most serious of these "
        "immigration consequences." in text
    )
    assert "The disposition described" not in text


def test_the_memorandum_says_the_client_turned_down_an_offer_only_when_the_people_made_one() -> (
    None
):
    data = _data("02-")
    memo = _papers(data)["notice-of-motion"]
    assert (
        "followed a trial, after he turned down the misdemeanor offer of February 11, 2019." in memo
    )
    data["grounds"]["a1"]["safe_alternative"]["people_offered"] = False
    memo = _papers(data)["notice-of-motion"]
    assert "turned down" not in memo
    assert "an offer that would have avoided" not in memo


# --- H2: an exhibit's description in the statement of facts ------------------------------------


def test_an_exhibit_description_beginning_it_shows_names_the_exhibit_in_the_facts() -> None:
    data = _data("06-")
    (report,) = [e for e in data["exhibits"] if e["label"] == "C"]
    report["description"] = "It shows that the police canvass found no cameras."
    memo = _papers(data)["notice-of-motion"]
    assert (
        'Exhibit C, "Police incident report of September 29, 2017, including the show-up and '
        'the canvass," shows that the police canvass found no cameras.' in memo
    )
    assert " It shows" not in memo


def test_an_it_after_an_opening_phrase_is_replaced_by_the_exhibit_too() -> None:
    memo = _papers(_data("03-"))["notice-of-motion"]
    assert (
        "Written two years after the plea, with the DEJ dismissal order attached, Exhibit F, "
        '"Employment application of March 2014 stating that he had no convictions," '
        "corroborates his account" in memo
    )


# --- H3: benefit denials built from parts, immigration events in date order --------------------


def _denial_variant() -> dict[str, Any]:
    data = _data("09-")
    data["immigration"]["benefit_denials"] = [
        {
            "benefit": "naturalization (Form N-400), denied because of the conviction",
            "agency": "USCIS",
            "date": "2026-09-30",
        },
        {
            "benefit": "a reentry permit (Form I-131)",
            "agency": "USCIS",
            "date": "2026-05-04",
            "reason": "the conviction made him deportable",
        },
    ]
    return data


def test_a_benefit_denial_is_built_from_its_parts_with_one_because() -> None:
    papers = _papers(_denial_variant())
    memo = papers["notice-of-motion"]
    assert (
        "On May 4, 2026, USCIS denied Mr. Melnyk's application for a reentry permit (Form I-131) "
        "because the conviction made him deportable." in memo
    )
    assert (
        "On September 30, 2026, USCIS denied Mr. Melnyk's application for naturalization (Form "
        "N-400) because of the conviction." in memo
    )
    assert "because of the conviction because" not in memo
    assert "because of the conviction on September 30" not in memo
    assert "naturalization (Form N-400) on September 30, 2026" in memo  # the showing: parts
    for text in papers.values():
        assert not re.search(r"because [^.]*because of the conviction", text)


def test_immigration_events_are_told_in_date_order() -> None:
    papers = _papers(_denial_variant())
    memo = papers["notice-of-motion"]
    may = memo.index("On May 4, 2026, USCIS denied")
    nta = memo.index("On August 25, 2026, the Department of Homeland Security issued a notice")
    september = memo.index("On September 30, 2026, USCIS denied")
    assert may < nta < september
    expert = _expert(papers)
    assert (
        expert.index("On May 4, 2026, USCIS denied")
        < expert.index("On August 25, 2026, the Department of Homeland Security")
        < expert.index("On September 30, 2026, USCIS denied")
    )
    assert "because the conviction made him deportable" in expert
    assert "the denial of his application for a reentry permit (Form I-131) on May 4, 2026;" in (
        memo
    )


# --- issue 23: family members grouped -----------------------------------------------------------


def test_children_who_share_a_status_are_told_as_one_group() -> None:
    memo = _papers(_data("04-"))["notice-of-motion"]
    assert "three children (ages 15, 11, and 7, all U.S. citizens)" in memo
    assert "daughter (age 15" not in memo


def test_family_members_of_different_status_are_not_grouped() -> None:
    data = _data("04-")
    data["moving_party"]["ties"]["family"][3]["status"] = "lpr"  # the younger son
    memo = _papers(data)["notice-of-motion"]
    assert "two children (ages 15 and 11, both U.S. citizens)" in memo
    assert "son (age 7, a lawful permanent resident)" in memo


# --- H8: the case number on one line in the caption box ----------------------------------------

LONG_NUMBER = "BA-2011-CR-004512-01-XYZ-PETTY-THEFT-0071"


def _order_with_long_number() -> Any:
    data = _data("01-")
    data["criminal_case"]["case_number"] = LONG_NUMBER
    (order,) = [d for d in _packet(data).documents if d.slug == "proposed-order"]
    return order


def test_the_text_caption_keeps_a_long_case_number_on_one_line() -> None:
    text = render_document(_order_with_long_number())
    assert any(line.rstrip().endswith(f"Case No. {LONG_NUMBER}") for line in text.splitlines())


def test_the_pdf_caption_keeps_a_long_case_number_on_one_line_and_extracts_it_as_typed() -> None:
    import io

    import pdfplumber

    from assembler.writers.pdf import PdfWriter

    pdf = PdfWriter().write(_order_with_long_number(), author=None, date=None)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        lines = (opened.pages[0].extract_text() or "").splitlines()
    assert any(LONG_NUMBER in line for line in lines), [line for line in lines if "BA-" in line]


def test_the_word_caption_joins_the_case_number_with_non_breaking_hyphens() -> None:
    import io
    import zipfile

    from docx import Document as WordDocument

    from assembler.writers.docx import DocxWriter

    data = DocxWriter().write(_order_with_long_number())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "BA</w:t><w:noBreakHyphen/>" in xml
    assert f">{LONG_NUMBER}<" not in xml  # no plain hyphen left to break at
    cells = [
        cell.text
        for table in WordDocument(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any(f"Case No. {LONG_NUMBER}" in text for text in cells)  # reads back as typed


# --- I4: the table of authorities lists the statutes named in prose ----------------------------


def _statutes_listed(prefix: str) -> list[str]:
    from assembler.document import TableOfAuthorities

    loaded = validate_data(_data(prefix))
    assert loaded.case is not None
    packet = _engine().assemble(loaded.case, tables=True)
    (table,) = [b for d in packet.documents for b in d.blocks if isinstance(b, TableOfAuthorities)]
    (statutes,) = [entries for label, entries in table.groups if label == "Statutes"]
    return [e.before + e.italic + e.after for e in statutes]


def test_the_table_of_authorities_lists_statutes_named_in_prose() -> None:
    listed = _statutes_listed("09-")
    # alternatives named in the case file, the offense sections, an INA section of an explanation
    for line in (
        "Pen. Code, § 372.5",
        "Pen. Code, § 1000",
        "Health & Saf. Code, § 11377",
        "Health & Saf. Code, § 11364",
        "INA § 101",
    ):
        assert line in listed, line
    # an INA section the registry already lists as its 8 U.S.C. section is not listed twice
    assert "INA § 212" not in listed and "8 U.S.C. § 1182" in listed
    assert listed.count("Pen. Code, § 1473.7") == 1
    # numbers sort as numbers
    assert listed.index("Pen. Code, § 372.5") < listed.index("Pen. Code, § 1000")


def test_prose_statute_forms_are_read_and_a_bare_section_is_never_guessed() -> None:
    from assembler.prose_statutes import statutes_in

    text = (
        "a plea under Pen. Code, § 372.5, subd. (a), or diversion under Penal Code section 1000; "
        "INA §§ 101(f)(3), 212(h) and 240A; 8 U.S.C. § 1229b(b); and section 1203.4."
    )
    assert statutes_in(text) == [
        ("Pen. Code", "372.5"),
        ("Pen. Code", "1000"),
        ("INA", "101"),
        ("INA", "212"),
        ("INA", "240A"),
        ("8 U.S.C.", "1229b"),
    ]
