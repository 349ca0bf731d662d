"""Assembly seams: text a clause joined badly, found by reading every paper's prose.

A packet is put together from clause text and the case's own words; where two pieces meet
badly the papers read as machine-made: the same sentence twice, the same phrase in two
paragraphs running, "the the", "denied because [reason] because of the convictions", a
paragraph opening "It shows …" with nothing for "it" to refer to, "the convictions is", nested
parentheses, "..", " ,", two spaces. ``packet_seams`` lists each such place with the clause its
paragraph came from; the build report lists them for a draft, and the tests fail on them.

The rules read the paper's tree (``assembler.document``), one prose unit at a time: a paragraph,
a numbered declaration paragraph, a quoted paragraph or a list item. Captions, signature
blocks, tables and "verify" notes are not prose. A citation counts as one opaque word (its own
repetition is the citation system's business), and so does a ``[MISSING: …]`` gap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from assembler.document import (
    BlockQuote,
    Citation,
    Document,
    Emphasis,
    Heading,
    Inline,
    ListBlock,
    Missing,
    NumberedParagraph,
    Packet,
    Paragraph,
    Strong,
    Text,
    missing_label,
)

__all__ = ["RULES", "Seam", "Unit", "document_seams", "packet_seams", "unit_seams"]

RULES: dict[str, str] = {
    "repeated-sentence": "the same sentence twice in one paper",
    "repeated-run": "the same run of 8 or more words twice in one paragraph or in two "
    "consecutive paragraphs",
    "doubled-word": 'a word or phrase printed twice in a row ("the the", "the People\'s offer '
    "of the People's\")",
    "because-because": 'two "because" in one sentence, the second not a parallel ("and because")',
    "dangling-it": 'a paragraph opening "It shows" / "It is" / "It was" with nothing for "it" '
    "to refer to",
    "number-agreement": 'a plural noun with a singular verb or "its" ("the convictions is"), '
    "or the reverse",
    "nested-parentheses": 'parentheses inside parentheses in prose ("(… (…))"), other than '
    "subdivision letters and a citation's year",
    "double-period": '".." (not an ellipsis)',
    "space-before-punctuation": 'a space before a comma, semicolon or period (" ,")',
    "double-space": "two spaces inside a paragraph",
}
"""Every rule, by name, with what it finds."""

RUN_WORDS = 8
"""The shortest repeated run of words the ``repeated-run`` rule reports."""

SENTENCE_WORDS = 6
"""The shortest sentence (in words) the ``repeated-sentence`` rule compares."""

EXCERPT = 160
"""At most this many characters of the offending text are quoted in a finding."""


@dataclass(frozen=True, slots=True)
class Seam:
    """One seam: the paper (its file-name stem), the rule, the offending text and the clause
    (the ``source`` of the paragraph or paragraphs it is in)."""

    paper: str
    rule: str
    text: str
    source: str

    def __str__(self) -> str:
        return f"{self.paper}: {self.rule}: {self.text!r} ({self.source})"


@dataclass(frozen=True, slots=True)
class Unit:
    """One prose unit: its text (citations and gaps as they print), the same text with each
    citation and gap as an opaque word, and the clause it came from."""

    text: str
    words: str
    source: str
    heading: bool = False


# --- reading the tree -------------------------------------------------------------------------

_OPAQUE = "\u2063"
"""Marks an opaque word (a citation or a gap) in ``Unit.words``; never in clause text."""
_OPAQUE_NUMBERS = itertools.count()
"""Numbers each opaque word, so that no two are the same word."""


def _unit(parts: tuple[Inline, ...], source: str, heading: bool = False) -> Unit:
    text: list[str] = []
    words: list[str] = []
    counter = _OPAQUE_NUMBERS

    def walk(nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            match node:
                case Text(text=value):
                    text.append(value)
                    words.append(value)
                case Emphasis(children=children) | Strong(children=children):
                    walk(children)
                case Citation() as cite:
                    text.append(cite.text)
                    words.append(f"{_OPAQUE}c{next(counter)}{_OPAQUE}")
                case Missing(path=path):
                    text.append(missing_label(path))
                    words.append(f"{_OPAQUE}m{next(counter)}{_OPAQUE}")

    walk(parts)
    return Unit("".join(text), "".join(words), source, heading)


def document_units(document: Document) -> list[Unit]:
    """The paper's prose units in order, its headings among them."""
    units: list[Unit] = []
    for block in document.blocks:
        match block:
            case (
                Paragraph(children=parts, source=source)
                | NumberedParagraph(children=parts, source=source)
            ):
                units.append(_unit(parts, source))
            case (
                BlockQuote(paragraphs=items, source=source) | ListBlock(items=items, source=source)
            ):
                units.extend(_unit(item, source) for item in items)
            case Heading(children=parts, source=source):
                units.append(_unit(parts, source, heading=True))
            case _:
                pass  # signatures, tables, notes, page breaks: not prose
    return units


# --- sentences and words ----------------------------------------------------------------------

_ABBREVIATION_WORDS = """mr mrs ms mx dr no nos subd subds ex exs decl pen cal app saf proc civ gov
evid veh prof inst bus welf stats ch fn p pp id v vs e.g i.e eg ie inc co corp st ave jr sr dept cir a.m
p.m u.s u.s.c c.f.r supp seq al rev ann art sec secs cf fed reg ins jan feb mar apr jun
jul aug sep sept oct nov dec ed eds fig hon approx govt dist ct n.d c.d s.d e.d"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
"""Words that end in a period without ending a sentence (lower case, without the period)."""

_LABEL_WORDS = frozenset({"exhibit", "exhibits", "ex.", "exs.", "and", "count", "counts"})
"""A single capital letter after one of these is a label (Exhibit C.), not an initial."""

_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z(\[])")
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f" + _OPAQUE + r"][\w'\u2019\-" + _OPAQUE + r"]*")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph's text (a citation in parentheses is a sentence of its own,
    as California style prints it)."""
    found: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.start() + 1
        if text[match.start()] == "." and not text[stop : match.end()].strip():
            before = text[start : match.start()].split()
            last = before[-1].lower() if before else ""
            previous = before[-2].lower() if len(before) > 1 else ""
            if last.lstrip("(\"'\u201c") in _ABBREVIATIONS:
                continue
            if re.fullmatch(r"[A-Z]", before[-1] if before else "") and (
                previous not in _LABEL_WORDS
            ):
                continue  # an initial: "Alan S. Kirsch"
        end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        found.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        found.append(tail)
    return [s for s in found if s]


_TOKEN = re.compile(r"[()]|" + _WORD.pattern)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of a text outside parentheses, lower case, each with where it stands in the
    text; a parenthesis is a word of its own that matches no other, so no run crosses it, and
    an opaque word stays unique."""
    depth = 0
    found: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in "()":
            depth = depth + 1 if token == "(" else max(0, depth - 1)
            found.append((f"\u2060{next(_OPAQUE_NUMBERS)}", match.start(), match.end()))
        elif depth == 0:
            found.append((token.lower(), match.start(), match.end()))
    return found


def _words(text: str) -> list[str]:
    return [word for word, _, _ in _tokens(text)]


def _excerpt(text: str, start: int = 0, stop: int | None = None) -> str:
    """The text from ``start`` to ``stop`` (widened to whole words), at most EXCERPT long."""
    stop = len(text) if stop is None else stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while stop < len(text) and not text[stop].isspace():
        stop += 1
    piece = " ".join(text[start:stop].split())
    return piece if len(piece) <= EXCERPT else piece[: EXCERPT - 1] + "\u2026"


def _printed(words: str) -> str:
    """``Unit.words`` as it reads: each opaque word as ``[…]``."""
    return re.sub(_OPAQUE + r"[cm]\d+" + _OPAQUE, "[\u2026]", words)


# --- the rules, one prose unit at a time ------------------------------------------------------

_DOUBLED = re.compile(r"\b([A-Za-z][\w'\u2019]*(?:\s+[A-Za-z][\w'\u2019]*){0,3})\s+\1\b", re.I)
_DOUBLED_OK = frozenset({"that", "had"})
"""Words that may stand twice in good English ("the fact that that plea", "he had had")."""
_POSSESSIVE_AGAIN = re.compile(
    r"\b((?:the|his|her|their|[A-Z][\w\-]*)\s+[A-Z]?[\w\-]+['\u2019]s)\b(?:\s+[\w\-]+){1,4}?\s+\1\b"
)
_BECAUSE = re.compile(r"\bbecause\b", re.I)
_PARALLEL_BECAUSE = re.compile(r"(?:\band|\bor|\bbut|\bnot|\bonly|;)\s*$", re.I)
_IT_OPENING = re.compile(
    r"^[\"'\u201c]?It\s+(?:shows|show|is|was|reflects|states|contains|confirms|"
    r"demonstrates|proves|establishes|corroborates|describes|includes|has|had)\b"
)
_EXPLETIVE_IT = re.compile(
    r"^It\s+(?:is|was)\s+(?:not\s+|also\s+|therefore\s+|thus\s+|now\s+|well\s+|equally\s+)*"
    r"(?:\w+ly\s+)?(?:settled|established|undisputed|undeniable|clear|true|likely|unlikely|"
    r"necessary|unnecessary|possible|impossible|probable|important|essential|sufficient|"
    r"enough|apparent|evident|plain|immaterial|irrelevant|difficult|hard|easy|reasonable|"
    r"unreasonable|fair|unfair|beyond\s+dispute|no\s+answer|no\s+accident|no\s+defense|"
    r"for\s+the\s+\w+|up\s+to\s+the\s+\w+)\b"
)
_PLURAL = r"(?:convictions|pleas|counts|sentences|verdicts|offers|orders|charges|consequences)"
_SINGULAR = r"(?:conviction|plea|count|sentence|verdict|offer|order|charge|consequence)"
_SUBJECT_VERB = (
    re.compile(
        rf"(?:^|(?P<before>[\w,;:]+)\s+)(?:the|these|those|both|his|her|their)\s+"
        rf"{_PLURAL}\s+(?:is|was|has|does)\b",
        re.I,
    ),
    re.compile(
        rf"(?:^|(?P<before>[\w,;:]+)\s+)(?:the|this|that|each|his|her|their)\s+"
        rf"{_SINGULAR}\s+(?:are|were|have|do)\b",
        re.I,
    ),
)
_STARTS_CLAUSE_WORDS = """, ; : that because if when since although though while unless whether
so but after before once until"""
_STARTS_CLAUSE = frozenset(_STARTS_CLAUSE_WORDS.split())
"""After these (or at the start of a sentence) a noun phrase is the subject of the verb that
follows it; after a verb or a preposition it is an object ("the notice asserting the
convictions is dated"), and after "and" part of a compound ("the conviction and the sentence
are")."""
_DETERMINER = (
    re.compile(rf"\b(?:this|each|a|an|one)\s+{_PLURAL}\b", re.I),
    re.compile(
        rf"\b(?:these|those|both|two|three|four|several|many)\s+{_SINGULAR}\b"
        r"(?=\s*[,.;:)]|\s+(?:is|are|was|were|has|have|had|and|or|of|on|in|to|for|"
        r"under|that|which)\b)",
        re.I,
    ),
    re.compile(rf"\b{_PLURAL}\s+(?:are|were)\s+treated\s+as\s+an?\s", re.I),
)
_PLURAL_SUBJECT_ITS = re.compile(
    rf"^(?:The|These|Those|Both|His|Her|Their)\s+{_PLURAL}\s+(?:are|were)\b.*"
    r"\bits\s+(?:actual|potential|adverse|immigration)\b",
    re.S,
)


def _disagrees(sentence: str) -> bool:
    """Whether a noun and its verb or determiner disagree in number in the sentence."""
    for rule in _SUBJECT_VERB:
        for match in rule.finditer(sentence):
            before = (match.group("before") or "").lower()
            if not before or before[-1] in ",;:" or before in _STARTS_CLAUSE:
                return True
    return any(rule.search(sentence) for rule in _DETERMINER) or bool(
        _PLURAL_SUBJECT_ITS.match(sentence)
    )


_DESIGNATOR = re.compile(r"\((?:[a-z]{1,2}|\d{1,3}|[ivxlc]{1,6}|[IVXLC]{1,6}|[A-Z]{1,2})\)")
_YEAR_GROUP = re.compile(
    r"\([^()]*\b(?:1[89]|20)\d\d\)|\(en banc\)|\(\d{4}[-\u2013]\d{4} (?:Reg\.|\d\w\w Ex\.) Sess\.\)"
)
_DOUBLE_PERIOD = re.compile(r"(?<![.\u2026])\.\.(?![.\u2026])")
_SPACE_BEFORE = re.compile(r"\S(\s+[,;]|\s+\.(?=\s|$))")
_DOUBLE_SPACE = re.compile(r"\S( {2,}|\t+|[ \t]*\n[ \t\n]*)\S")


def unit_seams(unit: Unit) -> Iterator[tuple[str, str]]:
    """The seams within one prose unit, as (rule, offending text)."""
    text = unit.text
    for match in _DOUBLED.finditer(text):
        first = match.group(1)
        if first.lower() in _DOUBLED_OK or first.isdigit():
            continue
        yield "doubled-word", _excerpt(text, max(0, match.start() - 30), match.end() + 30)
    for match in _POSSESSIVE_AGAIN.finditer(text):
        yield "doubled-word", _excerpt(text, match.start(), match.end())
    said = sentences(text)
    for sentence in said:
        hits = list(_BECAUSE.finditer(sentence))
        for hit in hits[1:]:
            between = sentence[hits[0].end() : hit.start()]
            if not _PARALLEL_BECAUSE.search(between.rstrip(" ,")):
                yield "because-because", _excerpt(sentence)
                break
        if _disagrees(sentence):
            yield "number-agreement", _excerpt(sentence)
    prose = [s for s in said if not s.startswith(("(", "["))]
    if (
        not unit.heading
        and prose
        and _IT_OPENING.match(prose[0])
        and not _EXPLETIVE_IT.match(prose[0])
    ):
        yield "dangling-it", _excerpt(prose[0])
    yield from _nested(_printed(unit.words))  # a citation's own parentheses are its form
    for match in _DOUBLE_PERIOD.finditer(text):
        yield "double-period", _excerpt(text, max(0, match.start() - 40), match.end() + 10)
    for match in _SPACE_BEFORE.finditer(text):
        yield (
            "space-before-punctuation",
            _excerpt(text, max(0, match.start() - 40), match.end() + 10),
        )
    for match in _DOUBLE_SPACE.finditer(text.strip()):
        yield "double-space", _excerpt(text.strip(), max(0, match.start() - 40), match.end() + 10)


def _nested(text: str) -> Iterator[tuple[str, str]]:
    """Parentheses inside parentheses, once each outer group (subdivision letters such as
    "(a)(1)" and a citation's year "(2019)", "(9th Cir. 2011)" are not counted)."""
    flat = _DESIGNATOR.sub(lambda m: "\u2060" * len(m.group(0)), text)
    flat = _YEAR_GROUP.sub(lambda m: "\u2060" * len(m.group(0)), flat)
    depth = 0
    opened = 0
    reported = False
    for index, char in enumerate(flat):
        if char == "(":
            if depth == 0:
                opened, reported = index, False
            elif not reported:
                close = flat.find(")", index)
                yield "nested-parentheses", _excerpt(text, opened, close + 1 if close > 0 else None)
                reported = True
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)


def _runs(first: list[str], second: list[str]) -> list[tuple[int, int]]:
    """Every maximal run of at least RUN_WORDS words that appears in both lists of words (or
    twice in one list, when both are the same list), as where it stands in the second."""
    same = first is second
    grams: dict[tuple[str, ...], list[int]] = {}
    for index in range(len(first) - RUN_WORDS + 1):
        grams.setdefault(tuple(first[index : index + RUN_WORDS]), []).append(index)
    covered: list[tuple[int, int]] = []
    index = 0
    while index <= len(second) - RUN_WORDS:
        starts = grams.get(tuple(second[index : index + RUN_WORDS]), [])
        starts = [s for s in starts if not same or s + RUN_WORDS <= index]
        if not starts:
            index += 1
            continue
        length = RUN_WORDS
        while index + length < len(second) and any(
            s + length < len(first)
            and first[s + length] == second[index + length]
            and (not same or s + length < index)
            for s in starts
        ):
            length += 1
        covered.append((index, index + length))
        index += length
    return covered


def _sentence_key(sentence: str) -> str | None:
    words = _words(sentence)
    if sentence.startswith(("(", "[")) or sum(_OPAQUE not in w for w in words) < SENTENCE_WORDS:
        return None
    return " ".join(w for w in words if not w.startswith("\u2060"))


def document_seams(document: Document, paper: str | None = None) -> list[Seam]:
    """Every seam of one paper, in the order of the paper; ``paper`` names it in the findings
    (its file-name stem, "NN-slug", by default)."""
    name = paper or f"{document.order:02d}-{document.slug}"
    units = document_units(document)
    found: list[Seam] = []
    for unit in units:
        found += [Seam(name, rule, text, unit.source) for rule, text in unit_seams(unit)]
    prose = [u for u in units if not u.heading]  # a heading may say what its section says
    # the same sentence twice in the paper
    seen: dict[str, Unit] = {}
    repeated: set[str] = set()
    for unit in prose:
        for sentence in sentences(unit.words):
            key = _sentence_key(sentence)
            if key is None:
                continue
            if key in seen and key not in repeated and not _parallel(seen[key], unit):
                repeated.add(key)
                source = _sources(seen[key], unit)
                found.append(Seam(name, "repeated-sentence", _excerpt(_printed(sentence)), source))
            seen.setdefault(key, unit)
    # the same run of words twice in a paragraph, or in two paragraphs running
    tokens = [_tokens(u.words) for u in prose]
    words = [[word for word, _, _ in each] for each in tokens]
    for index, unit in enumerate(prose):
        pairs = [(index, index)]
        if index + 1 < len(prose) and not _parallel(unit, prose[index + 1]):
            pairs.append((index, index + 1))
        for a, b in pairs:
            runs = {" ".join(words[b][i:j]): (i, j) for i, j in _runs(words[a], words[b])}
            for key, (i, j) in runs.items():
                if any(key != other and key in other for other in runs) or any(
                    key in sentence for sentence in repeated
                ):
                    continue  # a longer run, or the repeated sentence, says it already
                where = prose[b].words[tokens[b][i][1] : tokens[b][j - 1][2]]
                found.append(
                    Seam(name, "repeated-run", _excerpt(_printed(where)), _sources(unit, prose[b]))
                )
    return list(dict.fromkeys(found))  # a seam printed twice the same way is listed once


def _parallel(first: Unit, second: Unit) -> bool:
    """Two units of one clause: the items of its loop (one paragraph per exhibit, per count,
    per contact), which may share their frame; their repetition is the clause's form."""
    return first is not second and first.source == second.source


def _sources(first: Unit, second: Unit) -> str:
    return first.source if first.source == second.source else f"{first.source} / {second.source}"


def packet_seams(packet: Packet | Iterable[Document]) -> list[Seam]:
    """Every seam of every paper of the packet, paper by paper."""
    documents: Sequence[Document] = (
        packet.documents if isinstance(packet, Packet) else tuple(packet)
    )
    return [seam for document in documents for seam in document_seams(document)]
