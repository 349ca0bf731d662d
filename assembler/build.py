"""The build: one case's papers in each format, the PDF packet and the report, in its folder.

``build_case`` runs the whole way for one case file: load and check it, refuse a folder that
is another case's (before any work), assemble the packet once, render each format through the
writers' protocol, join the PDF packet from the written papers, then write every file
atomically and record the case in the folder. It prints nothing: the command line reports what
it returns (``BuildResult``) or raises (``CaseInvalid``, ``UnprintableText``, ``OutputConflict``).
Batch builds run it in worker processes.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembler import logs, review
from assembler.config import FORMATS
from assembler.errors import (
    AssemblerError,
    CaseInvalid,
    ExitCode,
    Problem,
    Severity,
    UnprintableText,
    os_error_text,
)
from assembler.render import _render
from assembler.seams import Seam, packet_seams
from assembler.verification import REVIEW_MARK, Unverified, clean, without_notes

if TYPE_CHECKING:
    from assembler.assembly import Assembler
    from assembler.case import Case
    from assembler.document import Packet
    from assembler.render import Ahead

__all__ = [
    "FORMATS",
    "BuildOptions",
    "BuildResult",
    "CaseInvalid",
    "Outcome",
    "UnprintableText",
    "build_case",
    "build_one",
    "engine_for",
    "report_text",
]

SAMPLE_MARK = "SAMPLE — FICTIONAL CASE"


@dataclass(frozen=True)
class BuildOptions:
    """How to build: the command line's and assembler.toml's choices, resolved."""

    formats: tuple[str, ...] = FORMATS
    draft: bool = False
    sample: bool = False
    pdf_variant: str | None = None
    tables: bool = False
    force: bool = False
    templates_dir: Path | None = None
    clauses_dir: Path | None = None
    authorities: Path | None = None
    final: bool = False
    """Write only if nothing remains to verify (else write nothing: ``Unverified``)."""
    jobs: int = 1
    """Worker processes to render one case's papers (a batch builds cases in parallel instead)."""


@dataclass(frozen=True)
class BuildResult:
    """What one build did, for the command line to report."""

    case_file: Path
    folder: Path
    papers: int
    pages: int
    """Pages of packet.pdf (exhibits included), or 0 without the PDF format."""
    written: tuple[Path, ...]
    removed: tuple[Path, ...]
    verify: tuple[str, ...]
    missing: tuple[str, ...]
    warnings: int
    """Warnings of the case check (a valid case may have some)."""
    notes: tuple[str, ...] = ()
    logged: tuple[str, ...] = ()
    """Warnings the layout and font libraries logged while rendering (the logging policy)."""
    """Exhibits whose active content was removed from the packet's copy."""
    to_verify: dict[str, list[str]] = field(default_factory=dict)
    """Per paper (``01-notice-of-motion``), what it relies on that is not verified."""
    pro_per: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    asked: tuple[str, ...] = ()
    """Facts marked "ask the attorney" the papers print as ``[ASK: …]`` (their paths)."""

    @property
    def gaps(self) -> int:
        """Every gap the papers carry: missing facts (placeholders included) and questions."""
        return len(self.missing) + len(self.asked)


def load_for_build(case_file: Path, draft: bool, final: bool = False) -> tuple[Case, list[Problem]]:
    """The case and its problems; an invalid case is refused unless drafting. A final build
    also refuses the warnings that block it (decisions left open while drafting).

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON.
        CaseInvalid: the case has errors and ``draft`` is false (or it cannot be built at all).
    """
    from assembler.loading import read_json, validate_data
    from assembler.rules import check_loaded
    from assembler.starter import without_placeholders

    data = read_json(case_file)
    loaded = validate_data(data)
    problems = check_loaded(loaded, case_file.parent, final=final)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if (errors and not draft) or loaded.case is None:
        raise CaseInvalid(case_file, problems)
    bare = without_placeholders(data)
    if bare != data:  # a draft: placeholder text is no fact, and prints as the gap it is
        case = validate_data(bare).case
        return case or loaded.case, problems
    return loaded.case, problems


def check_printable(case: Case, case_file: Path) -> None:
    """Refuse text no available font can print, naming where it is in the case file.

    Raises:
        UnprintableText: with each character and its JSON path.
    """
    from assembler.fonts import uncovered_in

    uncovered = uncovered_in(case.model_dump(mode="json", by_alias=True, exclude_none=True))
    if uncovered:
        raise UnprintableText(case_file, uncovered)


def build_case(
    case_file: Path,
    outdir: Path,
    options: BuildOptions,
    engine: Assembler | None = None,
    ahead: Ahead | None = None,
) -> BuildResult:
    """Build one case's packet into ``outdir/<case file name>/``.

    Args:
        case_file: the case's JSON file.
        outdir: the folder every case's folder goes into.
        options: formats and switches.
        engine: an assembler to reuse (batch builds pass one per worker); made if None.
        ahead: a process loading WeasyPrint meanwhile, to render in (``render.start_loading``).

    Raises:
        CaseFileUnreadable, CaseInvalid, UnprintableText: the case (exit 2, 1, 1).
        OutputConflict: the folder is another case's, or a paper exists without ``force``.
        BuildError, PdfError, DocxError, LibraryError: a clause, an exhibit or a shell.
    """
    from assembler.assembly import Assembler
    from assembler.output import case_folders, check_folder

    timings: dict[str, float] = {}
    clock = time.perf_counter()
    case, problems = load_for_build(case_file, options.draft, options.final)
    folder = case_folders(outdir, [case_file])[case_file]
    check_folder(folder, case_file, [], force=True)  # another case's folder: before any work
    if options.draft and "pdf" in options.formats:
        # validate refuses text no font prints; only a draft of such a case gets this far
        check_printable(case, case_file)
    engine = engine or Assembler.create(options.clauses_dir, options.authorities)
    packet = engine.assemble(case, draft=options.draft, tables=options.tables)
    statuses = review.evaluate(
        review.collect(packet.documents, engine.registry),
        engine.registry,
        engine.library,
        review.load_record(case_file),
    )
    to_verify = open_checks(statuses)
    if options.final and to_verify:
        raise Unverified(to_verify)  # before anything is rendered or written
    record = (
        review.cite_check_record(packet.documents, engine.registry, engine.library, statuses)
        if options.final
        else None
    )
    done = review.cleared(statuses)
    packet = replace(
        packet,
        documents=tuple(
            without_notes(d, done) if options.draft else clean(d)  # tags only ever in a draft
            for d in packet.documents
        ),
        verify=tuple(line for items in to_verify.values() for line in items),
    )
    marks = _marks(options, review=bool(to_verify) and not case.self_represented)
    names = [f"{d.order:02d}-{d.slug}" for d in packet.documents]
    targets = [folder / f"{n}.{fmt}" for fmt in options.formats for n in names]
    if "pdf" in options.formats:
        targets.append(folder / "packet.pdf")
    check_folder(folder, case_file, targets, force=options.force)  # before rendering
    timings["assemble"] = _lap(clock)

    clock = time.perf_counter()
    # the seams for the report: found while another process draws the PDFs, if one does
    seams = functools.cache(functools.partial(packet_seams, packet))
    with logs.captured() as logged:  # what is logged here; workers report their own
        outputs, pages, notes, worker_logs = _render(
            case, case_file, packet, engine, options, folder, names, marks, ahead, seams
        )
    logged = list(dict.fromkeys([*logged, *worker_logs]))
    timings["render"] = _lap(clock)
    report = report_text(
        case_file,
        packet,
        notes,
        to_verify,
        pro_per=case.self_represented,
        logged=logged,
        seams=seams(),
        record=record,
    )
    if record is not None:
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        outputs[folder / "cite-check.json"] = text.encode("utf-8")
    outputs[folder / "build-report.txt"] = report.encode("utf-8")

    clock = time.perf_counter()
    removed = _write_build(folder, case_file, case, outputs, options.formats)
    timings["write"] = _lap(clock)
    return BuildResult(
        case_file=case_file,
        folder=folder,
        papers=len(packet.documents),
        pages=pages,
        written=tuple(outputs),
        removed=tuple(removed),
        verify=packet.verify,
        to_verify=to_verify,
        pro_per=case.self_represented,
        missing=packet.missing,
        asked=packet.asked,
        warnings=sum(p.severity is Severity.WARNING for p in problems),
        notes=tuple(notes),
        logged=tuple(logged),
        timings=timings,
    )


def open_checks(statuses: Sequence[review.Status]) -> dict[str, list[str]]:
    """Per paper (``01-notice-of-motion``), each check still open, as the report lists it: what
    to check and, in brackets, the id the attorney records it under."""
    per_paper: dict[str, list[str]] = {}
    for status in statuses:
        if not status.open:
            continue
        check = status.check
        line = f"{check.line}  [{check.id}]"
        if status.state == "changed" and status.signature is not None:
            line += (
                f" (signed by {status.signature.by} on {status.signature.on} for other text: "
                "read it again and sign again)"
            )
        for paper in check.papers:
            per_paper.setdefault(paper, []).append(line)
    return {paper: per_paper[paper] for paper in sorted(per_paper)}


def _lap(started: float) -> float:
    return time.perf_counter() - started


def _marks(options: BuildOptions, *, review: bool) -> tuple[str, ...]:
    """Words on every page and in every Word header: DRAFT (a --draft build), DRAFT: FOR
    ATTORNEY REVIEW (something is still to verify), SAMPLE — FICTIONAL CASE."""
    first = ("DRAFT",) if options.draft else (REVIEW_MARK,) if review else ()
    return first + ((SAMPLE_MARK,) if options.sample else ())


def _write_build(
    folder: Path,
    case_file: Path,
    case: Case,
    outputs: dict[Path, bytes],
    formats: tuple[str, ...],
) -> list[Path]:
    """Write every file of a build (each atomically), record the case and the files, drop the
    stale papers of the earlier build and any temporary file a killed build left.

    The record says the build has not finished from before the first file until after the
    last: a build killed (or stopped by a full disk) in between leaves the folder marked, and
    the next build without --force, or the form, says so. A build after an unfinished one also
    removes the papers that one was writing which it does not write itself.

    Raises:
        CannotWrite: a file or the folder could not be written or removed (naming it).
    """
    from assembler.output import (
        last_build,
        leftovers,
        stale_papers,
        write_file,
        write_manifest,
        writing_to,
    )

    with writing_to(folder):
        folder.mkdir(parents=True, exist_ok=True)
        before = last_build(folder)
        for path in leftovers(folder):
            path.unlink(missing_ok=True)
    previous = before.files if before else ()
    halfway = before.writing if before and not before.complete else ()
    number = (case.criminal_case.case_number if case.criminal_case else None) or ""
    names = {path.name for path in outputs}
    # The record first (listing the old and the new files, and the new ones in the order they
    # are written, as not finished): a build killed while writing leaves a folder that says so,
    # and whose next build still knows every file it may replace or remove.
    write_manifest(
        folder, case_file, number, names | set(previous), writing=[p.name for p in outputs]
    )
    for path, content in outputs.items():
        write_file(path, content)
    removed = stale_papers(folder, outputs, formats, previous, halfway)
    for path in removed:
        with writing_to(path):
            path.unlink()
    write_manifest(
        folder,
        case_file,
        number,
        names | {n for n in previous if n not in {p.name for p in removed}},
    )
    return removed


def report_text(
    case_file: Path,
    packet: Packet,
    notes: Sequence[str] = (),
    to_verify: dict[str, list[str]] | None = None,
    *,
    pro_per: bool = False,
    logged: Sequence[str] = (),
    seams: Sequence[Seam] = (),
    record: dict[str, Any] | None = None,
) -> str:
    """The build report written beside the documents: what to check before filing (paper by
    paper), the text where clauses met badly (assembly seams), what was removed from exhibits
    for the packet, and what the layout and font libraries warned about while rendering."""
    lines = [f"Build report for {case_file.name}", "", "Documents, in filing order:"]
    lines += [f"  {d.order:02d}-{d.slug}: {d.title}" for d in packet.documents]
    lines += [""]
    if not to_verify:
        lines += ["Verify before filing: nothing (every authority and clause used is verified)"]
        if record is not None:
            lines += ["", *review.record_text(record)]
    else:
        if pro_per:
            lines += [
                "Before filing, ask the court's self-help center (or a lawyer) to check these",
                "points of law; the papers themselves carry no marks:",
            ]
        else:
            lines += [
                "Verify before filing (the papers say DRAFT: FOR ATTORNEY REVIEW until nothing",
                "is left here; `assembler review CASE` shows each item with the text it concerns",
                "and records it under the id in brackets; `assembler build --final` then writes",
                "the papers without the mark):",
            ]
        for paper, items in to_verify.items():
            lines += [f"  {paper}:"] + [f"    {item}" for item in items]
    if packet.missing or packet.asked:
        lines += [
            "",
            "Missing facts (marked [MISSING: ...] in the documents, or [ASK: ...] where the case "
            "file says to ask the attorney):",
        ]
        lines += [f"  {path}" for path in packet.missing]
        lines += [f"  {path} (ask the attorney)" for path in packet.asked]
    if seams:
        lines += ["", "Text to read again (where clauses met badly: rule, clause, the text):"]
        for seam in seams:
            lines += [f"  {seam.paper}: {seam.rule} ({seam.source}): {seam.text}"]
    if notes:
        lines += ["", "Exhibits: active content removed (the files themselves are unchanged):"]
        lines += [f"  {note}" for note in notes]
    if logged:
        lines += ["", "Warnings from the layout and font libraries (check the PDF where named):"]
        lines += [f"  {message}" for message in logged]
    return "\n".join(lines) + "\n"


# --- one case of a batch ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """How one case of a batch went, as plain data (it crosses from a worker process)."""

    case_file: Path
    exit_code: ExitCode
    seconds: float
    result: BuildResult | None = None
    problems: tuple[Problem, ...] = ()
    """The validate report of a case refused as invalid."""
    message: str = ""
    """Why the case was not built (one line), when it was not."""

    @property
    def status(self) -> str:
        """built, invalid, refused (a usage problem: file, folder, config) or error (a bug)."""
        return {
            ExitCode.OK: "built",
            ExitCode.INVALID: "invalid",
            ExitCode.USAGE: "refused",
        }.get(self.exit_code, "error")


_ENGINES: dict[tuple[Path | None, Path | None], Assembler] = {}


def engine_for(clauses_dir: Path | None, authorities: Path | None) -> Assembler:
    """The assembler for a clause library and authorities file, made once per process."""
    from assembler.assembly import Assembler

    key = (clauses_dir, authorities)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _ENGINES[key] = Assembler.create(*key)
    return engine


def build_one(case_file: Path, outdir: Path, options: BuildOptions) -> Outcome:
    """``build_case`` for a batch: every failure becomes an ``Outcome``, never an exception.

    The assembler (library, registry, compiled clauses) is made once per process.
    """
    import traceback

    started = time.perf_counter()
    try:
        engine = engine_for(options.clauses_dir, options.authorities)
        result = build_case(case_file, outdir, options, engine)
    except CaseInvalid as exc:
        return Outcome(case_file, exc.exit_code, _lap(started), problems=tuple(exc.problems))
    except Unverified as exc:
        count = sum(len(items) for items in exc.per_paper.values())
        message = f"--final: {count} item(s) remain to verify (build-report.txt of a default build)"
        return Outcome(case_file, exc.exit_code, _lap(started), message=message)
    except UnprintableText as exc:
        first = exc.uncovered[0]
        message = f"{first.path}: {first.described} no available font can print"
        return Outcome(case_file, exc.exit_code, _lap(started), message=message)
    except AssemblerError as exc:
        return Outcome(case_file, exc.exit_code, _lap(started), message=str(exc))
    except OSError as exc:  # a file or folder the system refused: the user's to fix, as above
        return Outcome(case_file, ExitCode.USAGE, _lap(started), message=os_error_text(exc))
    except Exception as exc:  # a bug: name its type and place, never its message (client data)
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        message = f"internal error ({type(exc).__name__} in {where}); please report it"
        return Outcome(case_file, ExitCode.INTERNAL, _lap(started), message=message)
    return Outcome(case_file, ExitCode.OK, _lap(started), result=result)
