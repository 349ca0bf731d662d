"""The seam check's rules (assembler/seams.py), each on a paper that has the seam and on one that
reads the same without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assembler.document import (
    Caption,
    Citation,
    Document,
    Heading,
    Inline,
    ListBlock,
    Missing,
    NumberedParagraph,
    Paragraph,
    Text,
)
from assembler.seams import RULES, Seam, document_seams, sentences

CAPTION = Caption((), (), (), "THE PEOPLE", (), (), "MOTION", ())


def paper(*paragraphs: str | tuple[Inline, ...], source: str = "") -> Document:
    """A paper whose paragraphs are these texts (or inline nodes), each from its own clause
    (``p1``, ``p2`` …) unless ``source`` names one clause for all."""
    blocks = tuple(
        Paragraph(
            (Text(item),) if isinstance(item, str) else item,
            source or f"p{number}",
        )
        for number, item in enumerate(paragraphs, start=1)
    )
    return Document("notice", 1, 10, "notice-of-motion", "Notice", CAPTION, blocks)


def found(document: Document, rule: str) -> list[Seam]:
    return [seam for seam in document_seams(document) if seam.rule == rule]


def cite(text: str) -> Citation:
    return Citation("x", None, True, "", text, "", True)


# Each rule: a paper with the seam, and the same content written cleanly.
CASES: dict[str, tuple[Document, Document]] = {
    "repeated-sentence": (
        paper(
            "Counsel said that a misdemeanor would not hurt a green-card holder. He pleaded.",
            "He relied on that. Counsel said that a misdemeanor would not hurt a green-card holder.",
        ),
        paper(
            "Counsel said that a misdemeanor would not hurt a green-card holder. He pleaded.",
            "He relied on that advice when he pleaded.",
        ),
    ),
    "repeated-run": (
        paper(
            "On July 1, 2011, he pleaded no contest to petty theft, a misdemeanor.",
            "The record shows that he pleaded no contest to petty theft, a misdemeanor, that day.",
        ),
        paper(
            "On July 1, 2011, he pleaded no contest to petty theft, a misdemeanor.",
            "The court granted summary probation the same day.",
        ),
    ),
    "doubled-word": (
        paper("Counsel advised him to reject the the offer."),
        paper("Counsel advised him to reject the offer, and that that advice was wrong."),
    ),
    "because-because": (
        paper("The benefit was denied because he had a conviction because of the plea."),
        paper("The benefit was denied because of the plea, and because he had no waiver."),
    ),
    "dangling-it": (
        paper("The People made a written offer.", "It shows the terms of the offer."),
        paper("The People made a written offer. It shows the terms of the offer."),
    ),
    "number-agreement": (
        paper("The convictions is the sole ground charged in the notice to appear."),
        paper("The notice asserting the convictions is dated March 2, 2026."),
    ),
    "nested-parentheses": (
        paper("On March 2, 2026, I wrote to him (by letter (certified mail))."),
        paper(
            (
                Text("The conviction (Pen. Code, § 1473.7, subd. (a)(1)) is invalid. ("),
                cite("People v. Vivar (2021) 11 Cal.5th 510"),
                Text(".)"),
            )
        ),
    ),
    "double-period": (
        paper("The court granted probation.. He served it."),
        paper("The court granted probation. He served it\u2026 and more..."),
    ),
    "space-before-punctuation": (
        paper("He came to the United States in 2003 , at the age of twelve."),
        paper("He came to the United States in 2003, at the age of twelve."),
    ),
    "double-space": (
        paper("He came to the United States  in 2003."),
        paper("He came to the United States in 2003."),
    ),
}


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_finds_its_seam(rule: str) -> None:
    seamed, _ = CASES[rule]
    assert found(seamed, rule), document_seams(seamed)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_passes_the_same_text_written_cleanly(rule: str) -> None:
    _, clean = CASES[rule]
    assert document_seams(clean) == []


def test_a_finding_names_the_paper_the_rule_the_text_and_the_clauses() -> None:
    document = paper(
        "Counsel said that a misdemeanor would not hurt a green-card holder.",
        "Counsel said that a misdemeanor would not hurt a green-card holder.",
    )
    assert document_seams(document) == [
        Seam(
            "01-notice-of-motion",
            "repeated-sentence",
            "Counsel said that a misdemeanor would not hurt a green-card holder.",
            "p1 / p2",
        )
    ]


def test_the_peoples_offer_of_the_peoples_offer_is_a_doubled_phrase() -> None:
    document = paper("Nor did counsel ask for the People's offer of the People's written offer.")
    assert [s.text for s in found(document, "doubled-word")] == [
        "the People's offer of the People's"
    ]


def test_number_agreement_reads_its_after_a_plural_subject() -> None:
    seamed = paper(
        "The convictions are legally invalid because of error that damaged his ability to "
        "accept its actual or potential adverse immigration consequences."
    )
    clean = paper(
        "The convictions are legally invalid because of error that damaged his ability to "
        "accept their actual or potential adverse immigration consequences."
    )
    assert found(seamed, "number-agreement") and not found(clean, "number-agreement")


def test_number_agreement_in_an_order_treating_convictions_as_a_category() -> None:
    seamed = paper("For immigration purposes the convictions are treated as a crime of violence.")
    clean = paper("For immigration purposes each conviction is treated as a crime of violence.")
    assert found(seamed, "number-agreement") and not found(clean, "number-agreement")


def test_a_compound_subject_agrees_with_a_plural_verb() -> None:
    assert not document_seams(paper("The conviction on Count 1 and the sentence are vacated."))


def test_it_is_that_needs_no_antecedent() -> None:
    assert not document_seams(paper("It is well settled that counsel must advise the client."))


def test_it_opening_after_a_citation_sentence_is_still_dangling() -> None:
    document = paper("(Ex. C.) It shows the terms of the offer.")
    assert found(document, "dangling-it")


def test_a_heading_may_repeat_its_paragraph() -> None:
    blocks = (
        Heading(2, "1.", (Text("Mr. Dizon is no longer in criminal custody on this case"),), "h"),
        Paragraph((Text("Mr. Dizon is no longer in criminal custody on this case."),), "p"),
    )
    document = Document("notice", 1, 10, "notice-of-motion", "Notice", CAPTION, blocks)
    assert not document_seams(document)


def test_the_items_of_one_clauses_loop_may_share_their_frame() -> None:
    """One paragraph per exhibit, from one clause: the frame repeats by design."""
    frame = "filed with the motion, is a true and correct copy of the document listed as"
    blocks = tuple(
        NumberedParagraph(n, (Text(f"Exhibit {label}, {frame} {title}."),), "counsel.exhibits")
        for n, (label, title) in enumerate([("A", "Docket"), ("B", "Plea form")], start=1)
    )
    document = Document("decl", 1, 10, "declaration", "Decl", CAPTION, blocks)
    assert not document_seams(document)


def test_one_paragraph_that_repeats_itself_is_a_seam_even_from_one_clause() -> None:
    document = paper(
        "My son is 8 years old and is a U.S. citizen. My daughter is 5 years old and is a "
        "U.S. citizen. My sister is 30 years old and is a U.S. citizen.",
        source="declaration.family",
    )
    assert [s.source for s in found(document, "repeated-run")] == ["declaration.family"]


def test_list_items_are_prose_and_citations_and_gaps_are_opaque_words() -> None:
    blocks = (
        ListBlock(False, ((Text("Vacate the the conviction."),),), "notice.relief"),
        Paragraph((Text("It was served on "), Missing("service.date"), Text(".")), "p"),
    )
    document = Document("notice", 1, 10, "notice-of-motion", "Notice", CAPTION, blocks)
    rules = sorted(s.rule for s in document_seams(document))
    assert rules == ["dangling-it", "doubled-word"]


def test_a_citation_repeated_in_consecutive_paragraphs_is_not_a_repeated_run() -> None:
    long_cite = "People v. Espinoza (2023) 14 Cal.5th 311, 319 through 325, and the cases cited"
    document = paper(
        (Text("The motion is timely. ("), cite(long_cite), Text(".)")),
        (Text("The error was prejudicial. ("), cite(long_cite), Text(".)")),
    )
    assert not document_seams(document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Dizon was born in 2003. He came to the U.S. with his father. (Ex. A.) He works.",
            [
                "Mr. Dizon was born in 2003.",
                "He came to the U.S. with his father.",
                "(Ex. A.)",
                "He works.",
            ],
        ),
        (
            "It is attached as Exhibit C. It shows the offer. (Pen. Code, § 1473.7, subd. (a).)",
            [
                "It is attached as Exhibit C.",
                "It shows the offer.",
                "(Pen. Code, § 1473.7, subd. (a).)",
            ],
        ),
        (
            "Alan S. Kirsch signed it. Then he filed it.",
            ["Alan S. Kirsch signed it.", "Then he filed it."],
        ),
    ],
)
def test_sentences_split_where_a_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text)[: len(expected)] == expected


def test_the_build_report_lists_each_seam_with_its_paper_rule_and_clause(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    from assembler.build import BuildOptions, build_case

    case["grounds"]["a1"]["client_understanding"] = "He believed that the the plea was minor."
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = build_case(path, tmp_path / "out", BuildOptions(formats=("txt",), draft=True))
    report = (result.folder / "build-report.txt").read_text(encoding="utf-8")
    assert "Text to read again (where clauses met badly: rule, clause, the text):" in report
    assert (
        "  01-notice-of-motion: doubled-word (memo.facts.case): He believed that the the plea"
        in (report)
    )
