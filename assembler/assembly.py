"""Assembly: plan -> clauses rendered once -> the neutral document tree of the whole packet.

Assembly reads only its inputs and writes nothing: writers turn the returned :class:`Packet`
into files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import assert_never

from jinja2 import Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from assembler import frame, prose_statutes, record
from assembler.authorities import AuthorityKind, Registry, load_registry, with_firm
from assembler.case import Case
from assembler.document import (
    ASK,
    AuthorityEntry,
    Block,
    BlockQuote,
    Citation,
    ContentsEntry,
    Document,
    Emphasis,
    Heading,
    Inline,
    ListBlock,
    Missing,
    NumberedParagraph,
    Packet,
    PageBreak,
    Paragraph,
    Strong,
    TableOfAuthorities,
    TableOfContents,
    Text,
    VerifyNote,
    block_inlines,
    document_inlines,
    missing_label,
)
from assembler.errors import (
    AssemblerError,
    BuildError,
)
from assembler.library import Clause, Library, LibraryError, load_library
from assembler.markup import CiteRef, MarkupError, RawBlock, RawInline, parse_blocks, parse_inline
from assembler.plan import DocumentPlan, Plan, make_plan
from assembler.templating import (
    CLAUSE_SECONDS,
    MAX_TEXT,
    MissingFactError,
    clause_failures,
    compile_template,
    describe_failure,
    draft_mode,
    failure_line,
    shared_environment,
    time_limit,
)
from assembler.verification import pins_needed
from assembler.views import asked_facts, asked_printed, unwrap

__all__ = ["Assembler", "BuildError", "block_inlines"]

_TOA_GROUPS = (
    (AuthorityKind.CASE, "Cases"),
    (AuthorityKind.STATUTE, "Statutes"),
    (AuthorityKind.RULE, "Rules of Court"),
    (AuthorityKind.OTHER, "Other Authorities"),
)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
ROMAN += ["XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


@dataclass
class Assembler:
    """Turns cases into packets with one library, registry and Jinja environment."""

    library: Library
    registry: Registry
    env: SandboxedEnvironment

    @classmethod
    def create(cls, clauses: Path | None = None, authorities: Path | None = None) -> Assembler:
        """The bundled library and registry, plus a firm's clause folder and authorities file."""
        registry = with_firm(load_registry(), authorities)
        return cls(load_library(clauses), registry, shared_environment())

    def plan(self, case: Case) -> Plan:
        """Which documents and clauses the case gets."""
        return make_plan(case, self.library, self.env)

    def assemble(self, case: Case, *, draft: bool = False, tables: bool = False) -> Packet:
        """Render the packet.

        Args:
            case: a case that passed validation (or any case, with ``draft``).
            draft: print missing facts as ``[MISSING: path]`` instead of failing.
            tables: add tables of contents and authorities where a paper has a place for them.

        Raises:
            BuildError: a clause prints a fact the case lacks (not in draft mode).
            LibraryError: a clause is broken (syntax, unknown authority, bad markup).
        """
        from assembler.rules.unanswered import asked

        token = draft_mode.set(draft)
        asking = asked_facts.set(asked(case))
        printed: set[str] = set()
        collecting = asked_printed.set(printed)
        try:
            plan = self.plan(case)
            included = plan.included
            titles = [self._title(doc_plan) for doc_plan in included]
            for index, doc_plan in enumerate(included):
                # A proof of service lists the papers served: those assembled before it.
                doc_plan.context["papers"] = titles[:index]
            # Declarations first: the memorandum cites them by paragraph (record.py, I1).
            declarations = {
                index: self._document(case, doc_plan, index + 1, tables)
                for index, doc_plan in enumerate(included)
                if _declaration_index(case, doc_plan) is not None
            }
            paragraphs = record.paragraph_map(
                (position, _numbered(declarations[at]))
                for at, doc_plan in enumerate(included)
                if (position := _declaration_index(case, doc_plan)) is not None
            )
            with record.pinpoints(record.Pinpoints(paragraphs)) as pins:
                documents = tuple(
                    declarations.get(index) or self._document(case, doc_plan, index + 1, tables)
                    for index, doc_plan in enumerate(included)
                )
        finally:
            draft_mode.reset(token)
            asked_facts.reset(asking)
            asked_printed.reset(collecting)
        nodes = [n for d in documents for n in document_inlines(d)]
        cited = {n.authority for n in nodes if isinstance(n, Citation)}
        verify = sorted(
            {
                f"{a.full}: {a.note or 'verify the citation'}"
                for a in (self.registry[c] for c in cited)
                if not a.verified
            }
            | {
                f"clause {c.id}: {c.note or c.title}"
                for doc_plan in plan.included
                for c in doc_plan.chosen
                if not c.verified
            }
            | {item for d in documents for item in pins_needed(d, self.registry)}
            | set(pins.reported)
        )
        missing = sorted(
            {n.path for n in nodes if isinstance(n, Missing) and not n.path.startswith(ASK)}
        )  # an instruction to the attorney is listed with what to verify (verification.py)
        return Packet(documents, tuple(verify), tuple(missing), tuple(sorted(printed)))

    def add_tables(self, document: Document) -> Document:
        """``document`` with tables of contents and authorities where its paper has a place for
        them (the same as assembling it with ``tables=True``, without assembling it again)."""
        before = self.library.documents[document.id].tables_before
        if not before or any(isinstance(b, TableOfContents) for b in document.blocks):
            return document
        return replace(document, blocks=tuple(self._with_tables(list(document.blocks), before)))

    # --- one document -----------------------------------------------------------------------

    def _title(self, plan: DocumentPlan) -> str:
        return _plain(parse_inline(self._render_text(plan.document.title, plan, None)))

    def _document(self, case: Case, plan: DocumentPlan, order: int, tables: bool) -> Document:
        title = self._title(plan)
        state = _DocState(self.registry)
        blocks: list[Block] = []
        for clause in plan.chosen:
            text = self._render_text(clause.body, plan, clause)
            gaps = record.take_gaps()  # declaration cites whose paragraph is not known
            try:
                raw = parse_blocks(text)
            except MarkupError as exc:
                raise LibraryError(f"{clause.where(exc.line)}: {exc}") from None
            if not clause.verified:
                note = clause.note or clause.title
                blocks.append(VerifyNote(f"Verify before filing: {note}", clause.id, clause.check))
            for gap in dict.fromkeys(gaps):
                text = f"Verify before filing: {gap} ({clause.id})"
                blocks.append(VerifyNote(text, clause.id, f"write:{clause.id}"))
            for block in raw:
                blocks.append(self._block(block, clause, case, plan, state))
        caption = frame.caption(case, plan, title)
        doc = plan.document
        if tables and doc.tables_before:
            blocks = self._with_tables(blocks, doc.tables_before)
        return Document(doc.id, order, doc.order, doc.slug, title, caption, tuple(blocks))

    def _with_tables(self, blocks: list[Block], before: str) -> list[Block]:
        """Tables of contents and authorities, each on its own page, before a clause."""
        at = next((i for i, b in enumerate(blocks) if b.source == before), None)
        if at is None:
            return blocks
        covered = blocks[at:]
        contents = tuple(
            ContentsEntry(b.level, b.number, _plain(b.children), b.anchor)
            for b in covered
            if isinstance(b, Heading) and b.number
        )
        places: dict[str, list[str]] = {}
        for block in covered:
            for node in block_inlines(block):
                if isinstance(node, Citation):
                    places.setdefault(node.authority, []).append(node.anchor)
        prose = self._prose_statutes(covered, places)
        groups = []
        for kind, label in _TOA_GROUPS:
            entries = [] if kind is not AuthorityKind.STATUTE else prose
            for authority_id, anchors in places.items():
                authority = self.registry[authority_id]
                if authority.kind is kind:
                    parts = authority.cite(None, first=True)
                    entries.append(
                        AuthorityEntry(
                            parts.before,
                            parts.italic,
                            parts.after,
                            tuple(anchors),
                            parts.history_italic,
                            parts.history_after,
                        )
                    )
            if entries:
                entries.sort(key=lambda e: prose_statutes.natural(e.italic or e.before))
                groups.append((label, tuple(entries)))
        tables: list[Block] = [
            PageBreak(before),
            TableOfContents(contents, before),
            PageBreak(before),
            TableOfAuthorities(tuple(groups), before),
            PageBreak(before),
        ]
        return blocks[:at] + tables + blocks[at:]

    def _prose_statutes(
        self, covered: list[Block], places: dict[str, list[str]]
    ) -> list[AuthorityEntry]:
        """Statutes the text names without a registry citation (an offense section, an
        alternative the case file describes, an INA section), one entry each, unless the
        registry's own entry for the paper lists the same section (assembler/prose_statutes.py,
        legal review 2, I4)."""
        cited = prose_statutes.keys_of(
            self.registry[a].cite(None, first=True).before
            + self.registry[a].cite(None, first=True).after
            for a in places
            if self.registry[a].kind is AuthorityKind.STATUTE
        )
        found: dict[tuple[str, str], tuple[str, list[str]]] = {}
        heading = ""
        for block in covered:
            if isinstance(block, Heading) and block.anchor:
                heading = block.anchor
            nodes = block_inlines(block)
            near = next((n.anchor for n in nodes if isinstance(n, Citation) and n.anchor), "")
            anchor = near or heading
            text = " ".join(n.text for n in nodes if isinstance(n, Text))
            for code, section in prose_statutes.statutes_in(text):
                key = prose_statutes.statute_key(code, section)
                if key in cited or not anchor:
                    continue
                _, anchors = found.setdefault(key, (prose_statutes.cite(code, section), []))
                if anchor not in anchors:
                    anchors.append(anchor)
        return [AuthorityEntry(line, "", "", tuple(anchors)) for line, anchors in found.values()]

    def _template(self, source: str, clause: Clause | None, bundled: bool) -> Template:
        try:
            return compile_template(self.env, source)
        except TemplateSyntaxError as exc:
            where = clause.where(exc.lineno) if clause else "document title"
            raise LibraryError(f"{where}: {exc.message}") from None
        except clause_failures(bundled) as exc:  # Jinja folds constants while compiling
            where = clause.where() if clause else "document title"
            raise LibraryError(f"{where}: {describe_failure(exc, source)}") from None

    def _render_text(self, source: str, plan: DocumentPlan, clause: Clause | None) -> str:
        bundled = clause.bundled if clause else plan.document.bundled
        template = self._template(source, clause, bundled)
        where = clause.where() if clause else f"{plan.document.path}: [{plan.document.id}] title"
        caught: tuple[type[Exception], ...] = (
            TemplateError,
            AssemblerError,
            *clause_failures(bundled),
        )
        try:
            with time_limit(CLAUSE_SECONDS):
                text = template.render(plan.context)
        except MissingFactError as exc:
            raise BuildError(
                f"{where}: needs the fact {exc.path}, which the case does not give: add it "
                "to the case file, or build with --draft to mark it"
            ) from None
        except caught as exc:
            line = failure_line(exc)
            if clause is not None and line is not None:
                where = clause.where(line)
            raise LibraryError(f"{where}: {describe_failure(exc, source)}") from None
        if len(text) > MAX_TEXT:
            raise LibraryError(f"{where}: renders more than {MAX_TEXT:,} characters")
        return text

    def _block(
        self, raw: RawBlock, clause: Clause, case: Case, plan: DocumentPlan, state: _DocState
    ) -> Block:
        def inl(parts: tuple[RawInline, ...]) -> tuple[Inline, ...]:
            return state.inline(parts, clause, raw.line)

        match raw.kind:
            case "heading":
                number = state.heading_number(raw.level) if raw.numbered else ""
                state.anchors += 1
                anchor = f"h{state.anchors}"
                return Heading(raw.level, number, inl(raw.parts[0]), clause.id, anchor)
            case "paragraph":
                return Paragraph(inl(raw.parts[0]), clause.id)
            case "numbered":
                state.paragraphs += 1
                return NumberedParagraph(state.paragraphs, inl(raw.parts[0]), clause.id)
            case "quote":
                return BlockQuote(tuple(inl(p) for p in raw.parts), clause.id)
            case "list" | "ordered_list":
                return ListBlock(
                    raw.kind == "ordered_list", tuple(inl(p) for p in raw.parts), clause.id
                )
            case "page_break":
                return PageBreak(clause.id)
            case "signature":
                assert raw.signature is not None
                return frame.signature(raw.signature, case, plan, clause.id)
            case _:
                assert_never(raw.kind)


class _DocState:
    """Per-document counters: heading numbers, declaration paragraphs, citations seen."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.levels = [0, 0, 0]
        self.paragraphs = 0
        self.anchors = 0
        self.cited: set[str] = set()

    def heading_number(self, level: int) -> str:
        self.levels[level - 1] += 1
        for deeper in range(level, 3):
            self.levels[deeper] = 0
        n = self.levels[level - 1]
        if level == 1:
            return f"{ROMAN[n - 1] if n <= len(ROMAN) else n}."
        if level == 2:
            return f"{chr(ord('A') + (n - 1) % 26)}."
        return f"{n}."

    def inline(self, parts: tuple[RawInline, ...], clause: Clause, line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for part in parts:
            if isinstance(part, CiteRef):
                out.append(self.cite(part, clause, line))
            else:
                out.append(part)
        return tuple(out)

    def cite(self, ref: CiteRef, clause: Clause, line: int) -> Citation:
        if ref.authority not in self.registry:
            raise LibraryError(
                f"{clause.where(line)}: [@{ref.authority}] is not in the authorities registry"
            )
        authority = self.registry[ref.authority]
        first = ref.authority not in self.cited
        self.cited.add(ref.authority)
        parts = authority.cite(ref.pin, first=first)
        self.anchors += 1
        anchor = f"c{self.anchors}"
        # a page pin the registry's pin table does not confirm prints, but not as verified: the
        # build report lists it as "pin needed" (verification.pins_needed)
        verified = authority.verified and authority.pin_confirmed(ref.pin)
        return Citation(
            authority.id,
            ref.pin,
            first,
            parts.before,
            parts.italic,
            parts.after,
            verified,
            anchor,
            parts.history_italic,
            parts.history_after,
        )


def _declaration_index(case: Case, plan: DocumentPlan) -> int | None:
    """The index in the case's ``declarations`` of the declaration a paper is (a translator's
    declaration is not the declaration it translates)."""
    if not plan.document.context.startswith("declaration:"):
        return None
    declaration = unwrap(plan.context.get("declaration"))
    return next((i for i, d in enumerate(case.declarations) if d is declaration), None)


def _numbered(document: Document) -> list[tuple[int, str]]:
    """A declaration's numbered paragraphs: (number, id of the clause that printed it)."""
    return [(b.number, b.source) for b in document.blocks if isinstance(b, NumberedParagraph)]


def _plain(parts: tuple[RawInline, ...]) -> str:
    out = []
    for part in parts:
        match part:
            case Text(text=text):
                out.append(text)
            case Emphasis(children=children) | Strong(children=children):
                out.append(_plain(children))
            case Missing(path=path):
                out.append(missing_label(path))
            case CiteRef(authority=authority):
                out.append(authority)
            case Citation() as citation:
                out.append(citation.text)
    return "".join(out)
