"""The papers that support the motion, built from the real samples: each must carry its legal
elements (domain brief §§ 6-7), stated in the case's own facts.

Declarations of the moving party, translators, counsel, prior counsel, the immigration expert and
other witnesses; the request to proceed without personal presence ((d)); the notice to prior
counsel ((h), formerly (g)); the exhibit list; the proof of service.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assembler import removal
from assembler.assembly import Assembler
from assembler.case import Case, Declaration, MovingParty
from assembler.document import (
    Document,
    ListBlock,
    NumberedParagraph,
    Packet,
    Paragraph,
    SignatureBlock,
    SignatureKind,
    VerifyNote,
)
from assembler.loading import validate_data
from assembler.templating import consequence_label, long_date, section_cite
from assembler.writers.text import render_document, render_inline
from tests.support import SAMPLE_FILES, SAMPLES, errors_of

COUNSELED = [
    p for p in SAMPLE_FILES if not json.loads(p.read_text(encoding="utf-8"))["self_represented"]
]
"""The samples filed by counsel: the ones with a declaration of counsel."""


def _usc(phrase: str) -> str:
    """A removal-grounds phrase with its registry citations as they print."""
    phrase = phrase.replace("[@ina-101-a-43]", "8 U.S.C. § 1101(a)(43)")
    phrase = re.sub(r"\[@ina-237, (\([^\]]*)\]", r"8 U.S.C. § 1227\1", phrase)
    return re.sub(r"\[@ina-212, (\([^\]]*)\]", r"8 U.S.C. § 1182\1", phrase)


_REDUCED = ", reduced to a misdemeanor under Pen. Code, § 17, subd. (b)"  # where cited
DOUBLE_PARENTHETICAL = re.compile(r"\) \((Pen\.|Health|Veh\.|Bus\.|Welf\.)")
"""A description's own parenthetical directly followed by the statute's."""
RECITAL = (
    "I declare under penalty of perjury under the laws of the State of California that the "
    "foregoing is true and correct."
)
DECLARATION_IDS = {
    "declaration-moving-party",
    "declaration-moving-party-translator",
    "declaration-counsel",
    "declaration-prior-counsel",
    "declaration-prior-counsel-translator",
    "declaration-expert",
    "declaration-expert-translator",
    "declaration-witness",
    "declaration-witness-translator",
}
TRANSLATOR_DOCUMENT = {
    "moving_party": "declaration-moving-party-translator",
    "prior_counsel": "declaration-prior-counsel-translator",
    "immigration_expert": "declaration-expert-translator",
    "other": "declaration-witness-translator",
}


# --- helpers ----------------------------------------------------------------------------------


def _data(name: str) -> dict[str, Any]:
    path = next(SAMPLES.glob(f"{name}*.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def _case(data: dict[str, Any]) -> Case:
    loaded = validate_data(data)
    assert loaded.case is not None, loaded.problems
    return loaded.case


def _build(engine: Assembler, data: dict[str, Any]) -> tuple[Case, Packet]:
    """The case and its packet; a sample the validator still rejects is built as a draft."""
    case = _case(data)
    return case, engine.assemble(case, draft=bool(errors_of(data)))


def _sample(engine: Assembler, path: Path) -> tuple[Case, Packet]:
    return _build(engine, json.loads(path.read_text(encoding="utf-8")))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _text(document: Document) -> str:
    """The rendered paper with line breaks and wrapping undone."""
    return _flat(render_document(document))


def _paragraphs(document: Document) -> list[str]:
    return [
        render_inline(b.children)
        for b in document.blocks
        if isinstance(b, Paragraph | NumberedParagraph)
    ]


def _numbered(document: Document) -> list[str]:
    return [render_inline(b.children) for b in document.blocks if isinstance(b, NumberedParagraph)]


def _docs(packet: Packet, document_id: str) -> list[Document]:
    return [d for d in packet.documents if d.id == document_id]


def _one(packet: Packet, document_id: str) -> Document:
    found = _docs(packet, document_id)
    assert len(found) == 1, [d.id for d in packet.documents]
    return found[0]


def _declarations(case: Case, kind: str) -> list[Declaration]:
    return [d for d in case.declarations if d.kind is not None and d.kind.value == kind]


def _signer(case: Case, declaration: Declaration) -> str:
    kind = declaration.kind.value if declaration.kind else ""
    if kind == "moving_party":
        assert case.moving_party and case.moving_party.legal_name
        return case.moving_party.legal_name
    if kind == "filing_counsel":
        assert case.filing_counsel and case.filing_counsel.name
        return case.filing_counsel.name
    if kind == "prior_counsel":
        assert case.prior_counsel and case.prior_counsel.name
        return case.prior_counsel.name
    assert declaration.declarant and declaration.declarant.name
    return declaration.declarant.name


def _called(party: MovingParty) -> str:
    if party.honorific and party.surname:
        return f"{party.honorific.value} {party.surname}"
    assert party.legal_name
    return party.legal_name


def _a1_narratives(case: Case) -> Iterator[str]:
    a1 = case.grounds.a1 if case.grounds else None
    if a1 is None:
        return
    for text in (
        a1.advice_received,
        a1.client_understanding,
        a1.priorities_at_plea,
        a1.would_have_explanation,
        a1.interpreter_problems,
    ):
        if text:
            yield text


# --- every declaration ------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_every_declaration_and_proof_ends_with_the_california_recital(
    engine: Assembler, sample: Path
) -> None:
    """Code Civ. Proc. § 2015.5; the California-law form (Kulshrestha) in every declaration."""
    _, packet = _sample(engine, sample)
    sworn = [d for d in packet.documents if d.id in DECLARATION_IDS | {"proof-of-service"}]
    assert len(sworn) >= 3
    for document in sworn:
        *body, last = document.blocks
        assert isinstance(last, SignatureBlock), document.slug
        assert last.kind is SignatureKind.DECLARANT, document.slug
        recital = body[-1]
        assert isinstance(recital, Paragraph), document.slug
        assert render_inline(recital.children) == RECITAL, document.slug
        assert _text(document).count(RECITAL) == 1, document.slug


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_each_declarant_opens_and_signs_their_own_declaration(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    papers = {
        "moving_party": "declaration-moving-party",
        "filing_counsel": "declaration-counsel",
        "prior_counsel": "declaration-prior-counsel",
        "immigration_expert": "declaration-expert",
        "other": "declaration-witness",
    }
    for kind, document_id in papers.items():
        declarations = _declarations(case, kind)
        if kind == "filing_counsel" and case.self_represented:
            declarations = []
        if kind == "prior_counsel" and not (
            case.prior_counsel and case.prior_counsel.declaration_available
        ):
            declarations = []
        documents = _docs(packet, document_id)
        assert len(documents) == len(declarations), (kind, [d.slug for d in documents])
        for declaration, document in zip(declarations, documents, strict=True):
            name = _signer(case, declaration)
            assert _paragraphs(document)[0] == f"I, {name}, declare:"
            signature = document.blocks[-1]
            assert isinstance(signature, SignatureBlock)
            assert render_inline(signature.name) == name
            place = render_inline(signature.place)
            assert place == (declaration.executed_at or "")
            assert signature.date == declaration.executed_on


# --- the moving party -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_moving_party_declaration_is_the_party_speaking_in_the_first_person(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    document = _one(packet, "declaration-moving-party")
    text = _text(document)
    paragraphs = _numbered(document)
    party = case.moving_party
    assert party is not None
    called = _called(party)
    for paragraph in paragraphs:
        assert re.search(r"\b(I|me|my|My)\b", paragraph), paragraph
        assert not re.match(r"(He|She|They) ", paragraph), paragraph
        assert not paragraph.startswith(f"{called} "), paragraph
    # The old bug: the third-person narratives of grounds.a1 quoted inside an "I" declaration.
    for narrative in _a1_narratives(case):
        assert _flat(narrative)[:60] not in text
    assert "He believed" not in text and "She believed" not in text
    declaration = _declarations(case, "moving_party")[0]
    account = declaration.account
    if account is not None:
        for field in ("life", "told", "understood", "mattered", "would_have", "since"):
            value = getattr(account, field)
            if value:
                assert _flat(value).rstrip(".")[1:] in text, field


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_moving_party_declaration_tells_background_ties_and_the_case(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    text = _text(_one(packet, "declaration-moving-party"))
    party = case.moving_party
    assert party is not None and party.country_of_birth and case.criminal_case
    assert f"I was born in {party.country_of_birth}" in text or (
        f"I was born in the {party.country_of_birth}" in text
    )
    assert f"I am the defendant in case number {case.criminal_case.case_number}" in text
    if party.entry and party.entry.age_at_arrival is not None:
        age, arrived = party.entry.age_at_arrival, party.entry.date
        accounts = [d.account for d in _declarations(case, "moving_party") if d.account]
        life = (accounts[0].life or "") if accounts else ""
        if (arrived and str(arrived.year) in life) or any(
            f"{word} {age}" in life for word in ("when I was", "at")
        ):
            # the declarant's own account tells the arrival: it is told once (review 2, G5)
            assert "I came to the United States" not in text
        else:
            assert f"when I was {age} years old" in text
    if party.immigration_status and party.immigration_status.value == "lpr":
        assert "I am a lawful permanent resident" in text
    elif party.entry and party.entry.lpr_since:
        # A permanent residence that has ended is told as such, never as current or as "became".
        assert "I am a lawful permanent resident" not in text
        assert "I became a lawful permanent resident" not in text
        assert (
            f"My permanent residence dated from {long_date(party.entry.lpr_since)}, but I am no "
            "longer a lawful permanent resident." in text
        )
    if party.ties and party.ties.family:
        assert "My family lives here." in text
        kin = {"son": "children", "daughter": "children", "mother": "parents"}
        kin |= {"father": "parents", "brother": "siblings", "sister": "siblings"}
        for member in party.ties.family:  # children, parents, siblings may be told together
            plural = kin.get(str(member.relationship))
            assert f"My {member.relationship}" in text or bool(
                plural and re.search(rf"My\s+(?:\w+\s+)?{plural}\b", text)
            ), member.relationship
    numbers = case.counts_by_number()
    assert case.relief is not None
    several = len(case.relief.vacate_counts) > 1
    assert f"asking the court to vacate my {'convictions' if several else 'conviction'} in" in text
    for number in case.relief.vacate_counts:
        count = numbers[number]
        assert count.description and count.code and count.section
        cited = section_cite(count.code.value, count.section) + _REDUCED * bool(
            count.reduced_17b_on
        )
        if count.description.endswith(")"):
            # The statute comes first: never two parentheticals side by side.
            assert f"Count {number} ({cited}), {count.description}" in text
        else:
            assert f"Count {number}, {count.description} ({cited})" in text
        assert count.disposition is not None and count.plea_or_verdict_date is not None
        if count.disposition.value == "trial_verdict":
            assert "after a trial, I was found guilty of" in text
        elif count.disposition.value == "no_contest_plea":
            assert "I pleaded no contest to" in text
        else:
            assert "I pleaded guilty" in text
    assert not DOUBLE_PARENTHETICAL.search(text)
    if case.prior_counsel and case.prior_counsel.name:
        assert f"My lawyer in this case was {case.prior_counsel.name}" in text


def test_trial_conviction_is_told_as_a_trial(engine: Assembler) -> None:
    _, packet = _build(engine, _data("02-"))
    text = _text(_one(packet, "declaration-moving-party"))
    assert "On May 16, 2019, after a trial, I was found guilty of Count 1" in text
    assert "I pleaded" not in text
    assert "When I entered my plea" not in text


def test_deferred_entry_plea_is_not_told_as_a_conviction_or_sentence(engine: Assembler) -> None:
    _, packet = _build(engine, _data("03-"))
    text = _text(_one(packet, "declaration-moving-party"))
    assert (
        "On January 10, 2012, I pleaded guilty to Count 1 (Health & Saf. Code, § 11377, subd. "
        "(a)), possession of a controlled substance" in text
    )
    assert "a felony, and the court deferred entry of judgment." in text
    assert "I was sentenced" not in text
    assert "I was convicted" not in text


def test_several_counts_are_told_in_the_plural(engine: Assembler) -> None:
    case, packet = _build(engine, _data("09-"))
    assert case.relief and len(case.relief.vacate_counts) == 2
    declaration = _text(_one(packet, "declaration-moving-party"))
    assert "I am asking the court to vacate my convictions in that case." in declaration
    assert "The same day, I pleaded no contest to Count 2" in declaration
    witness = _text(_one(packet, "declaration-witness"))
    assert "to vacate his convictions in case number" in witness
    counsel = _text(_one(packet, "declaration-counsel"))
    assert "on his motion to vacate the convictions in case number" in counsel
    assert "the record of the convictions the motion challenges" in counsel
    assert "the immigration consequences the convictions are causing or may cause" in counsel
    expert = _text(_one(packet, "declaration-expert"))
    assert "the immigration consequences of the convictions of" in expert
    assert "whether those convictions are causing or may cause his removal" in expert
    assert (
        "In my opinion, the convictions are currently causing Mr. Melnyk's removal, and have"
        in (expert)
    )
    # the expert says what would have been safe; availability is the record's to show
    assert "When Mr. Melnyk entered his pleas, an immigration-safe disposition would have been" in (
        expert
    )
    assert "If, as the motion asks, the court vacates the convictions on Count 1" in expert
    notice = _text(_one(packet, "notice-to-prior-counsel"))
    assert "to vacate his convictions on Count 1" in notice
    assert "the immigration consequences of the convictions" in notice
    index = _text(_one(packet, "exhibit-list"))
    assert "in support of his motion to vacate his convictions." in index
    assert "immigration consequences of the convictions." in index


def test_moving_party_declaration_consents_to_a_hearing_without_presence(
    engine: Assembler,
) -> None:
    data = _data("04-")
    (own,) = [d for d in data["declarations"] if d["kind"] == "moving_party"]
    own["account"] = {"since": "I hired my lawyers in March 2026."}
    _, packet = _build(engine, data)
    text = _text(_one(packet, "declaration-moving-party"))
    assert (
        "I am being held in immigration detention at the Golden State Annex in McFarland, "
        "California, and have been since March 18, 2026, so I cannot come to court" in text
    )
    assert (
        "I understand that I have the right to be present at the hearing on my motion, and I "
        "give up that right for this hearing. I ask the court to hold the hearing without me, "
        "with my lawyer, Priya N. Raman, appearing for me." in text
    )
    assert "I could be present" not in text
    # When the party's own account already tells the detention, it is not told again.
    own["account"] = {"since": "Since March 18, 2026, I have been held at the Golden State Annex."}
    _, told = _build(engine, data)
    text = _text(_one(told, "declaration-moving-party"))
    assert text.count("Golden State Annex") == 1
    assert "Because I am held in immigration detention, I cannot come to court" in text
    assert "I am being held in immigration detention at" not in text
    assert "I ask the court to hold the hearing without me" in text
    _, without = _build(engine, _data("01-"))
    assert "hold the hearing without me" not in _text(_one(without, "declaration-moving-party"))


def test_self_represented_party_authenticates_the_exhibits(engine: Assembler) -> None:
    case, packet = _build(engine, _data("05-"))
    assert case.self_represented
    document = _one(packet, "declaration-moving-party")
    items = [render_inline(i) for b in document.blocks if isinstance(b, ListBlock) for i in b.items]
    assert [item.split(":")[0] for item in items] == [f"Exhibit {e.label}" for e in case.exhibits]
    assert "Each one is a true and correct copy of the document its title describes." in (
        _text(document)
    )


# --- translators ------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_a_translator_declares_for_every_translated_declaration(
    engine: Assembler, sample: Path
) -> None:
    """Evid. Code §§ 750-753 practice: competence, the whole declaration translated, understood."""
    case, packet = _sample(engine, sample)
    _check_translations(case, packet)


@pytest.mark.parametrize(
    ("sample", "kind"), [("04-", "immigration_expert"), ("06-", "prior_counsel")]
)
def test_an_expert_or_prior_counsel_who_needs_a_translator_gets_one(
    engine: Assembler, sample: str, kind: str
) -> None:
    """No sample has such a declarant; the variant shows their translator papers work too."""
    data = _data(sample)
    (declaration,) = [d for d in data["declarations"] if d["kind"] == kind]
    declaration["language"] = "Tigrinya"
    declaration["translator"] = {"name": "Selam Haile", "qualification": "court interpreter"}
    case, packet = _build(engine, data)
    assert not errors_of(data)
    assert len(_docs(packet, TRANSLATOR_DOCUMENT[kind])) == 1
    _check_translations(case, packet)


def _check_translations(case: Case, packet: Packet) -> None:
    for kind, document_id in TRANSLATOR_DOCUMENT.items():
        translated = [d for d in _declarations(case, kind) if d.translator is not None]
        documents = _docs(packet, document_id)
        assert len(documents) == len(translated), kind
        for declaration, document in zip(translated, documents, strict=True):
            assert declaration.translator and declaration.translator.name
            text = _text(document)
            language = declaration.language or (
                case.moving_party.language.primary
                if case.moving_party and case.moving_party.language
                else None
            )
            assert language
            assert f"I, {declaration.translator.name}, declare:" in text
            assert f"I read, write and speak English and {language} fluently" in text
            assert f"I translated the entire declaration of {_signer(case, declaration)}" in text
            assert f"from English into {language}" in text
            assert "motion to vacate conviction" not in text
            assert re.search(r"in support of the motion to vacate the convictions?\b", text)
            assert "every paragraph, from the first through the statement under penalty" in text
            signer = _signer(case, declaration)
            if kind == "moving_party":
                assert case.moving_party
                called = _called(case.moving_party)
                assert re.search(
                    rf"{re.escape(called)} told me that (he|she|they) understood", text
                )
            else:
                # The declarant's pronouns are unknown: named once, in the active voice.
                assert (
                    f"{signer} told me that every word of it was clear, affirmed that everything "
                    "in it is true and correct, and only then signed it." in text
                )
            assert "had been understood" not in text
            assert "affirmed that everything in it is true and correct" in text
            signature = document.blocks[-1]
            assert isinstance(signature, SignatureBlock)
            assert render_inline(signature.name) == declaration.translator.name


def test_witness_translations_follow_their_witnesses(engine: Assembler) -> None:
    _, packet = _build(engine, _data("07-"))
    ids = [d.id for d in packet.documents]
    assert ids.index("declaration-witness") + 1 == ids.index("declaration-witness-translator")
    text = _text(_one(packet, "declaration-witness-translator"))
    assert (
        "When I had finished, Trần Văn Long told me that every word of it was clear, affirmed "
        "that everything in it is true and correct, and only then signed it." in text
    )
    witness = _text(_one(packet, "declaration-witness"))
    assert "Đỗ Minh Châu translated all of it for me into Vietnamese" in witness


# --- counsel ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_counsel_authenticates_every_exhibit_and_reports_efforts_to_reach_prior_counsel(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    if case.self_represented:
        assert not _docs(packet, "declaration-counsel")
        return
    document = _one(packet, "declaration-counsel")
    text = _text(document)
    assert case.moving_party and case.relief
    called = _called(case.moving_party)
    several = len(case.relief.vacate_counts) > 1
    conviction = "convictions" if several else "conviction"
    purposes = {
        "ties": "ties to the United States",
        "custody_ended": "criminal custody on this case",
        "immigration_notice": f"the immigration consequences the {conviction} "
        f"{'are' if several else 'is'} causing or may cause",
        "conviction_record": f"It is part of the record of the {conviction} the motion challenges",
        "safe_alternative": "that an immigration-safe disposition was available",
        "new_evidence": "It is part of the newly discovered evidence of innocence",
        "rja_violation": "the violation of Penal Code section 745",
    }
    paragraphs = [_flat(p) for p in _numbered(document)]
    for exhibit in case.exhibits:
        assert exhibit.title
        title = _flat(exhibit.title).rstrip(".")
        opening = (
            f"Exhibit {exhibit.label}, filed with the motion, is a true and correct copy of the "
            f'document listed in the index of exhibits as "{title}."'
        )
        (paragraph,) = [p for p in paragraphs if p.startswith(opening)]
        # The title is quoted, never run in after a colon; the party is named once at most.
        assert "this document:" not in paragraph
        purpose = paragraph[paragraph.find(" It is ") :] if " It is " in paragraph else ""
        assert purpose.count(called) <= 1, paragraph
        if exhibit.certified_translation:
            translation = "A certified English translation"
            if exhibit.language:
                translation += f" from {exhibit.language}"
            assert f"{translation} is attached to it." in paragraph
        for support in exhibit.supports:
            if support.value in purposes:
                assert purposes[support.value] in paragraph, support
    prior = case.prior_counsel
    if prior and prior.name:
        assert f"{prior.name}" in text
        (represented,) = [p for p in paragraphs if f"represented {called} in this case" in p]
        assert "(" not in represented, "no brackets around the office's name"
        for effort in prior.contact_efforts:
            assert effort.date is not None and effort.means and effort.whom and effort.purpose
            (told,) = [p for p in paragraphs if p.startswith(f"On {long_date(effort.date)}, I ")]
            assert f" {_flat(effort.whom)} {_flat(effort.purpose).rstrip('.')}." in told
            assert "tried to reach" not in told
            if effort.result and effort.result.lower() != "no response":
                assert _flat(effort.result).rstrip(".")[1:] in text
        assert "The result:" not in text
        assert "recollection" not in text
        if prior.file_obtained is True:
            assert "I obtained the defense file in this case" in text
        if prior.file_obtained is False:
            assert "I have not been able to obtain the defense file" in text
        if prior.declaration_available:
            assert (
                f"{prior.name} has signed a declaration, which is filed with this motion." in text
            )


def test_counsel_and_the_index_describe_every_support_in_words(engine: Assembler) -> None:
    data = _data("04-")
    data["exhibits"] = [
        {
            "label": "A",
            "title": "Letter from Mr. Portillo to his lawyer, 2015",
            "description": "Provided by Mr. Portillo from his own papers",
            "supports": ["priorities", "contemporaneous", "ties"],
        },
        {
            "label": "B",
            "title": "Written plea offer",
            "description": "From trial counsel's file",
            "supports": ["safe_alternative", "conviction_record", "immigration_notice"],
        },
        {"label": "C", "title": "Café video", "supports": ["new_evidence"]},
        {"label": "D", "title": "Officer's text messages", "supports": ["rja_violation"]},
    ]
    _, packet = _build(engine, data)
    paragraphs = [_flat(p) for p in _numbered(_one(packet, "declaration-counsel"))]
    (a,) = [p for p in paragraphs if p.startswith("Exhibit A,")]
    assert a == (
        "Exhibit A, filed with the motion, is a true and correct copy of the document listed in "
        'the index of exhibits as "Letter from Mr. Portillo to his lawyer, 2015." This copy was '
        "provided by Mr. Portillo from his own papers. It is offered to show what mattered most "
        "to Mr. Portillo when the plea was entered, his circumstances and concerns as recorded "
        "at the time, and his ties to the United States."
    )
    (b,) = [p for p in paragraphs if p.startswith("Exhibit B,")]
    assert b.endswith(
        "This copy was obtained from trial counsel's file. It is part of the record of the "
        "conviction the motion challenges, and it is offered to show the immigration "
        "consequences the conviction is causing or may cause and that an immigration-safe "
        "disposition was available."
    )
    (c,) = [p for p in paragraphs if p.startswith("Exhibit C,")]
    assert c.endswith("It is part of the newly discovered evidence of innocence.")
    (d,) = [p for p in paragraphs if p.startswith("Exhibit D,")]
    assert d.endswith("It is offered to show the violation of Penal Code section 745.")
    index = _text(_one(packet, "exhibit-list"))
    assert (
        "Exhibit B: Written plea offer. From trial counsel's file. Supports: availability of an "
        "immigration-safe disposition, record of conviction, and immigration consequences of the "
        "conviction." in index
    )
    assert "Exhibit C: Café video. Supports: newly discovered evidence of innocence." in index
    assert "Exhibit D: Officer's text messages. Supports: violation of Penal Code section 745." in (
        index
    )


@pytest.mark.parametrize("sample", COUNSELED, ids=lambda p: p.stem[:2])
def test_counsel_says_an_exhibit_records_concerns_only_when_it_shows_priorities(
    engine: Assembler, sample: Path
) -> None:
    """A prosecutor's offer, a plea form or a defense file corroborates the account; only an
    exhibit that also shows what mattered to the moving party is said to record concerns."""
    case, packet = _sample(engine, sample)
    paragraphs = [_flat(p) for p in _numbered(_one(packet, "declaration-counsel"))]
    trial = all(
        c.disposition == "trial_verdict"
        for c in case.criminal_case.counts  # type: ignore[union-attr]
        if case.relief and c.number in case.relief.vacate_counts
    )
    for exhibit in case.exhibits:
        (paragraph,) = [p for p in paragraphs if p.startswith(f"Exhibit {exhibit.label},")]
        supports = {s.value for s in exhibit.supports}
        if "contemporaneous" in supports and "priorities" not in supports:
            assert "as recorded at the time" not in paragraph
            assert re.search(
                r"offered as evidence from the time of the (plea|pleas|criminal proceedings) "
                r"that corroborates the account in the motion",
                paragraph,
            )
            if trial:
                assert "from the time of the criminal proceedings" in paragraph
        elif "contemporaneous" in supports:
            assert "circumstances and concerns as recorded at the time" in paragraph
        else:
            assert "as recorded at the time" not in paragraph
            assert "corroborates the account in the motion" not in paragraph


def test_counsel_offers_a_plea_form_as_corroboration_with_other_purposes(
    engine: Assembler,
) -> None:
    data = _data("03-")
    data["exhibits"] = [
        {
            "label": "A",
            "title": "DEJ plea form",
            "description": "It is offered to show the wording of the promise",
            "supports": ["contemporaneous"],
        },
        {
            "label": "B",
            "title": "Offer letter",
            "supports": ["contemporaneous", "safe_alternative"],
        },
        {"label": "C", "title": "Plea form", "supports": ["conviction_record", "contemporaneous"]},
    ]
    _, packet = _build(engine, data)
    paragraphs = [_flat(p) for p in _numbered(_one(packet, "declaration-counsel"))]
    (a,) = [p for p in paragraphs if p.startswith("Exhibit A,")]
    assert a.endswith(
        "It is offered to show the wording of the promise. It is also offered as evidence from "
        "the time of the plea that corroborates the account in the motion."
    )
    (b,) = [p for p in paragraphs if p.startswith("Exhibit B,")]
    assert b.endswith(
        "It is offered as evidence from the time of the plea that corroborates the account in "
        "the motion, and to show that an immigration-safe disposition was available."
    )
    (c,) = [p for p in paragraphs if p.startswith("Exhibit C,")]
    assert c.endswith(
        "It is part of the record of the conviction the motion challenges, and it is offered as "
        "evidence from the time of the plea that corroborates the account in the motion."
    )


def test_counsel_tells_efforts_neutrally_and_sets_off_the_office_with_commas(
    engine: Assembler,
) -> None:
    data = _data("02-")
    data["prior_counsel"]["office"] = "Law Office of Gregory T. Hale (closed)"
    data["prior_counsel"]["contact_efforts"] = [
        {
            "date": "2026-02-10",
            "means": ["letter"],
            "whom": "Mr. Hale at his last office address",
            "purpose": "to request the client file",
            "result": "No response",
        },
        {
            "date": "2026-03-16",
            "means": ["other"],
            "method": "a subpoena for the file",
            "whom": "the records unit",
            "purpose": "to obtain the client file",
            "result": "the records unit replied that the file had been destroyed",
        },
    ]
    data["prior_counsel"]["file_obtained"] = False
    _, packet = _build(engine, data)
    text = _text(_one(packet, "declaration-counsel"))
    assert (
        "Gregory T. Hale, retained counsel with the Law Office of Gregory T. Hale (closed), "
        "represented Mr. Dizon in this case at trial." in text
    )
    assert (
        "On February 10, 2026, I wrote to Mr. Hale at his last office address to request the "
        "client file. I received no response." in text
    )
    assert (
        "On March 16, 2026, I contacted the records unit by a subpoena for the file to obtain "
        "the client file. The records unit replied that the file had been destroyed." in text
    )
    assert "Despite these efforts, I have not been able to obtain the defense file" in text


# --- prior counsel ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["06-", "08-"])
def test_prior_counsel_declares_whom_they_represented_and_their_statements(
    engine: Assembler, name: str
) -> None:
    case, packet = _build(engine, _data(name))
    assert case.prior_counsel and case.prior_counsel.declaration_available
    assert case.moving_party and case.criminal_case
    document = _one(packet, "declaration-prior-counsel")
    text = _text(document)
    party = case.moving_party.legal_name
    assert (
        f"I represented {party} in The People of the State of California v. {party}, case "
        f"number {case.criminal_case.case_number}, as " in text
    )
    # One "I represented", the count cited statute first, a comma after the year.
    assert text.count("I represented") == 1
    numbers = case.counts_by_number()
    assert case.relief
    for number in case.relief.vacate_counts:
        count = numbers[number]
        assert count.plea_or_verdict_date and count.code and count.section
        cited = section_cite(count.code.value, count.section) + _REDUCED * bool(
            count.reduced_17b_on
        )
        assert (
            f"including when he entered his plea of no contest on "
            f"{long_date(count.plea_or_verdict_date)}, to Count {number} ({cited}), "
            f"{count.description}" in text
        )
    assert not DOUBLE_PARENTHETICAL.search(text)
    declaration = _declarations(case, "prior_counsel")[0]
    assert declaration.statements
    numbered = _numbered(document)
    for statement in declaration.statements:
        assert _flat(statement) in [_flat(p) for p in numbered] or (
            _flat(statement) + "." in [_flat(p) for p in numbered]
        )
    assert case.prior_counsel.name is not None
    assert document.title == (
        f"DECLARATION OF {case.prior_counsel.name.upper()} (PRIOR DEFENSE COUNSEL) IN SUPPORT OF "
        "MOTION TO VACATE CONVICTION"
    )


def test_no_prior_counsel_declaration_when_unavailable(engine: Assembler) -> None:
    case, packet = _build(engine, _data("04-"))
    assert case.prior_counsel and not case.prior_counsel.declaration_available
    assert not _docs(packet, "declaration-prior-counsel")
    assert "No declaration from Jonathan P. Whitaker is filed with this motion." in _text(
        _one(packet, "declaration-counsel")
    )


# --- the immigration expert -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["03-", "04-"])
def test_expert_classifies_every_count_and_makes_the_e1_showing(
    engine: Assembler, name: str
) -> None:
    case, packet = _build(engine, _data(name))
    document = _one(packet, "declaration-expert")
    text = _text(document)
    declaration = _declarations(case, "immigration_expert")[0]
    assert declaration.declarant and declaration.declarant.qualifications
    assert _flat(declaration.declarant.qualifications).rstrip(".") in text
    assert case.immigration and case.immigration.consequences
    stated = removal.grounds(case)
    for consequence in case.immigration.consequences:
        assert f"In my opinion, the conviction on Count {consequence.count}" in text
        for category in consequence.categories:
            assert consequence_label(category) in text
            assert consequence.count is not None
            phrase = _usc(stated[consequence.count][category.value])
            assert f"it comes within {phrase}." in text.replace(" [verify]", "")
        assert consequence.explanation
        assert _flat(consequence.explanation).rstrip(".") in text
    # The statutory text of the removal grounds was read (registry status V): no flag.
    assert re.search(r"8 U.S.C. § 1227\(a\)\(2\)\([A-E]\)\([i-v]+\)", text)
    assert not re.search(r"8 U.S.C. § 1227\(a\)\(2\)\S* \[verify\]", text)
    assert "In my opinion, the conviction is currently causing" in text
    # The expert states the consequence, not the legal conclusion under § 1473.7 (item 23).
    assert "1473.7" not in text
    a1 = case.grounds.a1 if case.grounds else None
    assert a1 and a1.safe_alternative and a1.safe_alternative.offense
    # The disposition opens a sentence there: its first letter may be capitalized.
    assert _flat(a1.safe_alternative.offense).rstrip(".")[1:] in text
    assert (
        "Matter of Pickering (BIA 2003) 23 I&N Dec. 621, revd. on other grounds sub nom. "
        "Pickering v. Gonzales (6th Cir. 2006) 465 F.3d 263"
    ) in text
    assert not DOUBLE_PARENTHETICAL.search(text)
    assert "Sentence:" not in text
    assert not any("8 U.S.C. § 1227" in line for line in packet.verify)


@pytest.mark.parametrize("name", ["03-", "04-", "09-"])
def test_expert_states_the_terms_of_one_or_several_alternatives(
    engine: Assembler, name: str
) -> None:
    case, packet = _build(engine, _data(name))
    a1 = case.grounds.a1 if case.grounds else None
    assert a1 and a1.safe_alternative and a1.safe_alternative.sentence
    text = _text(_one(packet, "declaration-expert"))
    assert ", or " in (a1.safe_alternative.offense or "")
    assert "That disposition" not in text
    # The full text once, its terms in their own sentence (legal review 2, H1).
    assert f"It would have carried {_flat(a1.safe_alternative.sentence).rstrip('.')}." in text
    assert "The disposition described" not in text


def test_expert_states_each_benefit_denial_and_the_proceedings(engine: Assembler) -> None:
    data = _data("04-")
    data["immigration"]["benefit_denials"] = [
        {"benefit": "naturalization (Form N-400)", "agency": "USCIS", "date": "2025-09-02"}
    ]
    _, packet = _build(engine, data)
    text = _text(_one(packet, "declaration-expert"))
    assert "On September 2, 2025, USCIS denied Mr. Portillo's application for naturalization" in (
        text
    )
    assert "Those proceedings are pending, and the next hearing is set for July 14, 2026." in text
    assert (
        "is currently causing Mr. Portillo's removal, and has caused the denial of his "
        "application for naturalization (Form N-400)" in text
    )


def test_expert_tells_the_notices_in_the_order_they_were_issued(engine: Assembler) -> None:
    data = _data("04-")
    data["immigration"]["notice_to_appear_date"] = "2026-03-18"
    data["immigration"]["benefit_denials"] = [
        {"benefit": "naturalization (Form N-400)", "agency": "USCIS", "date": "2026-04-01"},
        {"benefit": "a travel document (Form I-131)", "agency": "USCIS", "date": "2025-09-02"},
    ]
    _, packet = _build(engine, data)
    text = _text(_one(packet, "declaration-expert"))
    earlier = text.index("On September 2, 2025, USCIS denied Mr. Portillo's application for a")
    notice = text.index("On March 18, 2026, the Department of Homeland Security issued")
    later = text.index("On April 1, 2026, USCIS denied Mr. Portillo's application for nat")
    pending = text.index("Those removal proceedings are pending")
    assert earlier < notice < later < pending


def test_expert_introduces_once_and_opines_before_saying_what_follows_vacatur(
    engine: Assembler,
) -> None:
    data = _data("04-")
    (expert,) = [d for d in data["declarations"] if d["kind"] == "immigration_expert"]
    expert["statements"] = [
        "I reviewed the docket, the plea form and the notice to appear.",
        "If the conviction is vacated, I will ask the immigration judge to terminate the case.",
    ]
    data["grounds"]["a1"]["safe_alternative"] = {
        "offense": "Pretrial diversion under Pen. Code § 1000",
        "sentence": "a drug-education program",
    }
    _, packet = _build(engine, data)
    document = _one(packet, "declaration-expert")
    paragraphs = [_flat(p) for p in _numbered(document)]
    name = expert["declarant"]["name"]
    # The name is in the opening line only; the title is not repeated before the qualifications.
    assert name not in paragraphs[0]
    assert paragraphs[0].startswith(
        "I am an attorney at Benavides Ortiz Immigration Law, licensed to practice law in "
        "California (State Bar No. 256789). I have practiced"
    )
    # With the declarant's own account of the records, the basis is stated briefly.
    assert paragraphs[1].endswith(
        "My opinion is based on the records and facts described in this declaration."
    )
    assert "(Exhibit" not in paragraphs[1]
    assert paragraphs[2] == "I reviewed the docket, the plea form and the notice to appear."
    order = [
        next(i for i, p in enumerate(paragraphs) if p.startswith(opening))
        for opening in (
            "In my opinion, the conviction on Count 1",
            "In my opinion, the conviction is currently causing",
            "When Mr. Portillo entered his plea, an immigration-safer disposition would have been "
            "pretrial diversion under Pen. Code § 1000. It would have carried a drug-education "
            "program. In my opinion, that disposition would have avoided or reduced these "
            "immigration consequences.",
            "If, as the motion asks, the court vacates the conviction on Count 1",
            "If the conviction is vacated, I will ask the immigration judge",
        )
    ]
    assert order == sorted(order)
    text = _text(document)
    assert "Sentence:" not in text
    assert "granted on June 19, 2020, did not remove" in text


# --- other witnesses --------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_one_paper_per_witness_titled_with_the_witness_name(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    witnesses = _declarations(case, "other")
    documents = _docs(packet, "declaration-witness")
    assert len(documents) == len(witnesses)
    slugs = [d.slug for d in documents]
    assert len(set(slugs)) == len(slugs)
    if len(witnesses) > 1:
        assert slugs == [f"declaration-of-witness-{i}" for i in range(1, len(witnesses) + 1)]
    for declaration, document in zip(witnesses, documents, strict=True):
        assert declaration.declarant and declaration.declarant.name
        name = declaration.declarant.name
        sentence = " OR SENTENCE" if case.relief and case.relief.alternative_sentence else ""
        assert document.title == (
            f"DECLARATION OF {name.upper()}{',' if ',' in name else ''} IN SUPPORT OF MOTION TO "
            f"VACATE CONVICTION{sentence}"
        )
        text = _text(document)
        if declaration.declarant.title:
            assert f"I am the {_flat(declaration.declarant.title)}" in text or (
                f"I am {_flat(declaration.declarant.title)}" in text
            )
        numbered = [_flat(p) for p in _numbered(document)]
        for statement in declaration.statements:
            flat = _flat(statement)
            assert flat in numbered or flat + "." in numbered, statement


# --- request to proceed without personal presence ---------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_request_without_presence_appears_exactly_when_requested(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    requested = bool(case.relief and case.relief.without_personal_presence)
    ids = [d.id for d in packet.documents]
    assert ("request-without-presence" in ids) is requested
    if requested:
        assert ids[:2] == ["notice", "request-without-presence"]


def test_request_without_presence_states_good_cause_and_who_appears(engine: Assembler) -> None:
    data = _data("04-")
    data["relief"]["without_personal_presence"]["explanation"] = (
        "He cannot be brought from the detention facility to the Hayward courthouse"
    )
    case, packet = _build(engine, data)
    document = _one(packet, "request-without-presence")
    text = _text(document)
    assert document.caption.hearing, "the request shows the hearing on page 1"
    assert (
        "asks the court to hold the hearing on his motion to vacate his conviction under Penal "
        "Code section 1473.7, set for June 26, 2026, at 9:00 a.m. in Department 511, without his "
        "personal presence." in text
    )
    assert "under Pen. Code" not in text
    assert "(Pen. Code, § 1473.7, subd. (d).)" in text
    assert (
        "Good cause exists for Mr. Portillo's absence. Mr. Portillo has been held in immigration "
        "detention at the Golden State Annex in McFarland, California, since March 18, 2026. He "
        "cannot be brought from the detention facility to the Hayward courthouse." in text
    )
    # The consent is the declaration's, stated once, and never says he "could be present".
    assert (
        "As his declaration filed with the motion states, Mr. Portillo understands that he has "
        "the right to be present at the hearing, waives that right for this hearing, and asks "
        "that the hearing go forward in his absence." in text
    )
    assert "could be present" not in text
    assert (
        "Mr. Portillo's counsel, Priya N. Raman, will appear at the hearing on his behalf." in text
    )
    signature = document.blocks[-1]
    assert isinstance(signature, SignatureBlock) and signature.kind is SignatureKind.COUNSEL
    # An explanation that already names the facility is not followed by a second account of it.
    data["relief"]["without_personal_presence"]["explanation"] = (
        "He is held at the Golden State Annex and cannot be brought to the Hayward courthouse"
    )
    _, packet = _build(engine, data)
    text = _text(_one(packet, "request-without-presence"))
    assert text.count("Golden State Annex") == 1
    assert case.relief and case.relief.without_personal_presence


def test_request_without_presence_for_a_removed_party_with_they_pronouns(
    engine: Assembler,
) -> None:
    data = _data("03-")
    data["moving_party"]["pronouns"] = "they"
    data["relief"]["without_personal_presence"] = {
        "reason": "removed",
        "explanation": "Deported to Laos in January 2026, Mr. Vang cannot return for the hearing",
    }
    _, packet = _build(engine, data)
    text = _text(_one(packet, "request-without-presence"))
    assert "Deported to Laos in January 2026, Mr. Vang cannot return for the hearing." in text
    assert "The final order of removal was entered on November 3, 2025." in text
    assert "Mr. Vang have" not in text and "Mr. Vang are" not in text
    assert (
        "As their declaration filed with the motion states, Mr. Vang understands that they have "
        "the right to be present at the hearing, waive that right for this hearing, and ask that "
        "the hearing go forward in their absence." in text
    )
    declaration = _text(_one(packet, "declaration-moving-party"))
    assert "I have been removed from the United States, so I cannot come to court" in declaration


def test_self_represented_request_without_presence_asks_for_a_ruling_on_the_papers(
    engine: Assembler,
) -> None:
    data = _data("05-")
    data["relief"]["without_personal_presence"] = {
        "reason": "abroad",
        "explanation": "She is caring for her grandmother in Mexico and cannot travel",
    }
    _, packet = _build(engine, data)
    document = _one(packet, "request-without-presence")
    text = _text(document)
    assert "Ms. Herrera now lives outside the United States." in text
    assert "Ms. Herrera first asks to appear remotely, by video or telephone" in text  # item 46
    assert (
        "Because Ms. Herrera represents herself, no counsel will appear for her, and she asks "
        "the court to decide the motion on the papers filed if she cannot appear remotely."
    ) in text
    signature = document.blocks[-1]
    assert isinstance(signature, SignatureBlock)
    assert render_inline(signature.lines[0]) == "Defendant, In Pro Per"


# --- notice to prior counsel under (h) --------------------------------------------------------


def _iac_variant() -> dict[str, Any]:
    """Sample 08 (prior counsel with an address) asking for a specific IAC finding."""
    data = _data("08-")
    data["relief"]["specific_iac_finding"] = True
    return data


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_g_notice_appears_exactly_when_a_specific_iac_finding_is_sought(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    sought = bool(case.relief and case.relief.specific_iac_finding)
    assert bool(_docs(packet, "notice-to-prior-counsel")) is sought
    proof = _text(_one(packet, "proof-of-service"))
    assert ("the attorney whose assistance the motion challenges" in proof) is sought


def test_g_notice_tells_prior_counsel_of_the_hearing_and_the_finding_sought(
    engine: Assembler,
) -> None:
    _, packet = _build(engine, _iac_variant())
    document = _one(packet, "notice-to-prior-counsel")
    text = _text(document)
    assert [d.id for d in packet.documents][:2] == ["notice", "notice-to-prior-counsel"]
    assert any(isinstance(b, VerifyNote) for b in document.blocks)
    assert (
        "TO BRADLEY J. KESSLER, Kessler Criminal Defense, 600 Example B Street, Suite 1450, "
        "San Diego, CA 92101:" in text
    )
    assert (
        "on a date and at a time to be set, the Superior Court of California, County of San "
        in (text)
    )
    assert (
        "under Penal Code section 1473.7. Notice of the date, time and department of the hearing "
        "will follow as soon as the court sets them." in text
    )
    assert "Hearing: to be set" in text
    assert (
        "find specifically that Mr. Chen received ineffective assistance of counsel from you"
        in (text)
    )
    assert "it contends that you gave him incorrect advice about the immigration consequences" in (
        text
    )
    assert "(Pen. Code, § 1473.7, subd. (h).)" in text
    # Subdivision (h) requires timely advance notice; the notice promises no right to be heard.
    assert "be heard" not in text
    assert (
        "This notice is given to you for that purpose, so that you have the opportunity the "
        "statute contemplates before the court makes any such finding." in text
    )
    proof = _text(_one(packet, "proof-of-service"))
    assert (
        "I also served the NOTICE OF HEARING TO PRIOR COUNSEL (Pen. Code, § 1473.7, subd. (h)), "
        "together with the papers and exhibits listed above, on Bradley J. Kessler, of Kessler "
        "Criminal Defense, the attorney whose assistance the motion challenges, by delivering "
        "copies to that attorney personally at" in proof
    )
    # § 1473.7(h) itself names § 416.90: read in the statute, the citation is verified
    assert "(Code Civ. Proc., § 416.90.)" in proof
    assert not any(line.startswith("Code Civ. Proc., § 416.90") for line in packet.verify)


def test_g_notice_with_a_set_hearing_names_date_time_and_department(engine: Assembler) -> None:
    data = _iac_variant()
    data["hearing"] = {"date": "2026-10-02", "time": "13:30", "department": "C-12"}
    _, packet = _build(engine, data)
    text = _text(_one(packet, "notice-to-prior-counsel"))
    assert (
        "on October 2, 2026, at 1:30 p.m., or as soon after that as the matter may be heard, in "
        "Department C-12, the Superior Court of California" in text
    )
    assert "to be set" not in text
    assert "will follow" not in text


# --- exhibit list -----------------------------------------------------------------------------

INDEX_PURPOSES = {
    "ties": "ties to the United States",
    "contemporaneous": "contemporaneous evidence",
    "conviction_record": "record of conviction",
    "custody_ended": "end of criminal custody on this case",
    "immigration_notice": "immigration consequences of the conviction",
    "safe_alternative": "availability of an immigration-safe disposition",
    "new_evidence": "newly discovered evidence of innocence",
    "rja_violation": "violation of Penal Code section 745",
}


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_exhibit_list_indexes_every_exhibit_before_the_exhibits(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    document = _one(packet, "exhibit-list")
    assert document.rank < 50
    items = [render_inline(i) for b in document.blocks if isinstance(b, ListBlock) for i in b.items]
    assert len(items) == len(case.exhibits)
    for exhibit, item in zip(case.exhibits, items, strict=True):
        assert exhibit.title
        assert item.startswith(f"Exhibit {exhibit.label}: {_flat(exhibit.title).rstrip('.')}.")
        if exhibit.description:
            assert _flat(exhibit.description).rstrip(".")[1:] in item
        if exhibit.certified_translation:
            translation = "A certified English translation"
            if exhibit.language:
                translation += f" from {exhibit.language}"
            assert f"{translation} is attached." in item
            assert ". With a certified" not in item
        if exhibit.supports:
            assert " Supports: " in item
            for support in exhibit.supports:
                assert INDEX_PURPOSES.get(support.value, "") in item, support
    text = _text(document)
    if not case.self_represented:
        assert case.filing_counsel
        assert f"Each is authenticated in the declaration of {case.filing_counsel.name}" in text
    else:
        # Self-represented: the moving party's own declaration authenticates them, not counsel's.
        assert re.search(r"Each is authenticated in (his|her|their) own declaration\.", text)
        assert "authenticated in the declaration of" not in text


# --- proof of service -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_proof_of_service_lists_every_paper_and_exhibit_and_the_method(
    engine: Assembler, sample: Path
) -> None:
    case, packet = _sample(engine, sample)
    proof = packet.documents[-1]
    assert proof.id == "proof-of-service"
    items = [
        _flat(render_inline(i)) for b in proof.blocks if isinstance(b, ListBlock) for i in b.items
    ]
    papers = [_flat(d.title) for d in packet.documents[:-1]]
    exhibits = [f"Exhibit {e.label}: {_flat(e.title or '').rstrip('.')}" for e in case.exhibits]
    assert items == papers + exhibits
    text = _text(proof)
    assert case.service and case.service.method and case.criminal_case
    agency = case.criminal_case.prosecuting_agency
    assert agency and agency.name
    assert f"on the {agency.name}, which prosecuted this case" in text
    method = case.service.method.value
    if method == "mail":
        assert "By mail (Code Civ. Proc., § 1013a):" in text  # read in the statute's text
        assert "deposited the envelope with the United States Postal Service" in text
        # One of the two § 1013a allows, never both (review item 8).
        where = "a resident of" if case.self_represented else "employed in"
        assert f"I am {where} the county where the mailing" in text
        assert "business or residence" not in text
    elif method == "personal":
        assert "By personal delivery (Code Civ. Proc., § 1011" in text
        assert "I delivered the papers by hand to the office" in text
    else:
        assert agency.email
        assert f"at its electronic service address, {agency.email}" in text
        assert "By electronic service (Code Civ. Proc., § 1010.6; Pen. Code, § 690.5" in (text)


@pytest.mark.parametrize("method", ["mail", "personal", "electronic"])
def test_proof_of_service_closes_an_agency_name_that_has_a_comma(
    engine: Assembler, method: str
) -> None:
    data = _data("04-")
    agency = data["criminal_case"]["prosecuting_agency"]
    agency["name"] = "Oakland City Attorney, Criminal Division"
    agency["email"] = "service@oakland-ca.example"
    data["service"]["method"] = method
    data["service"]["server"]["email"] = "server@example.org"
    _, packet = _build(engine, data)
    text = _text(_one(packet, "proof-of-service"))
    assert "on the Oakland City Attorney, Criminal Division, which prosecuted this case" in text
    said = {
        "mail": "addressed to the Oakland City Attorney, Criminal Division, at the address stated "
        "above, with first-class postage fully prepaid, and deposited the envelope with the "
        "United States Postal Service in Oakland, California.",
        "personal": "to the office of the Oakland City Attorney, Criminal Division, at the "
        "address stated above, leaving them with",
        "electronic": "to the electronic service address of the Oakland City Attorney, Criminal "
        "Division, stated above.",
    }
    assert said[method] in text


# --- no gaps in the valid samples -------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_a_valid_sample_builds_every_supporting_paper_without_gaps(
    engine: Assembler, sample: Path
) -> None:
    data = json.loads(sample.read_text(encoding="utf-8"))
    if errors_of(data):
        pytest.skip("sample not valid yet")
    packet = engine.assemble(_case(data))
    for document in packet.documents:
        if document.id == "notice":
            continue
        assert "[MISSING:" not in render_document(document), document.slug


# --- sample facts printed as sentences --------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem[:2])
def test_sample_facts_printed_as_sentences_read_as_sentences(sample: Path) -> None:
    """A count's other sentence terms and a later order's description each print as a sentence
    of their own, after the structured terms and before "The order is dated ...": they must
    read alone and repeat nothing the structured facts already say."""
    data = json.loads(sample.read_text(encoding="utf-8"))
    criminal = data["criminal_case"]
    for count in criminal["counts"]:
        sentence = count.get("sentence") or {}
        other = sentence.get("other")
        if not other:
            continue
        assert other[:1].isupper() and other.endswith("."), other
        if sentence.get("jail_days"):
            assert not re.search(rf"\b{sentence['jail_days']} days? in county jail", other), other
        if sentence.get("probation_months"):
            assert f"{sentence['probation_months']} months" not in other, other
    for later in criminal.get("later_relief") or []:
        description = later.get("description")
        if description:
            assert description[:1].isupper() and description.endswith("."), description
            assert "the same day" not in description, description
    alternative = (data.get("grounds", {}).get("a1") or {}).get("safe_alternative") or {}
    if alternative.get("offense"):
        # The offense is a noun phrase; its terms belong in "sentence".
        assert not re.search(r"\bsentence\b|\bdays\b|probation", alternative["offense"])
