"""The build: one case's papers in each format, the PDF packet and the report, in its folder.

``build_case`` runs the whole way for one case file: load and check it, refuse a folder that
is another case's (before any work), assemble the packet once, render each format through the
writers' protocol, join the PDF packet from the written papers, then write every file
atomically and record the case in the folder. It prints nothing: the command line reports what
it returns (``BuildResult``) or raises (``CaseInvalid``, ``UnprintableText``, ``OutputConflict``).
Batch builds run it in worker processes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assembler import logs
from assembler.config import FORMATS
from assembler.errors import (
    AssemblerError,
    CaseInvalid,
    ExitCode,
    Problem,
    Severity,
    UnprintableText,
)
from assembler.files import write_atomic
from assembler.verification import REVIEW_MARK, Unverified, clean, remaining

if TYPE_CHECKING:
    from assembler.assembly import Assembler
    from assembler.case import Case
    from assembler.document import Document, Packet
    from assembler.writers import Writer

__all__ = [
    "FORMATS",
    "BuildOptions",
    "BuildResult",
    "CaseInvalid",
    "Outcome",
    "UnprintableText",
    "build_case",
    "build_one",
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


def _author(case: Case) -> str | None:
    """Who the documents' properties name: counsel, or the self-represented moving party."""
    counsel = case.filing_counsel
    if counsel and not case.self_represented:
        return counsel.name
    return case.moving_party.legal_name if case.moving_party else None


def load_for_build(case_file: Path, draft: bool) -> tuple[Case, list[Problem]]:
    """The case and its problems; an invalid case is refused unless drafting.

    Raises:
        CaseFileUnreadable: the file cannot be read or is not JSON.
        CaseInvalid: the case has errors and ``draft`` is false (or it cannot be built at all).
    """
    from assembler.loading import load_case
    from assembler.rules import check_loaded

    loaded = load_case(case_file)
    problems = check_loaded(loaded, case_file.parent)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if (errors and not draft) or loaded.case is None:
        raise CaseInvalid(case_file, problems)
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
    case_file: Path, outdir: Path, options: BuildOptions, engine: Assembler | None = None
) -> BuildResult:
    """Build one case's packet into ``outdir/<case file name>/``.

    Args:
        case_file: the case's JSON file.
        outdir: the folder every case's folder goes into.
        options: formats and switches.
        engine: an assembler to reuse (batch builds pass one per worker); made if None.

    Raises:
        CaseFileUnreadable, CaseInvalid, UnprintableText: the case (exit 2, 1, 1).
        OutputConflict: the folder is another case's, or a paper exists without ``force``.
        BuildError, PdfError, DocxError, LibraryError: a clause, an exhibit or a shell.
    """
    from assembler.assembly import Assembler
    from assembler.output import case_folders, check_folder

    timings: dict[str, float] = {}
    clock = time.perf_counter()
    case, problems = load_for_build(case_file, options.draft)
    folder = case_folders(outdir, [case_file])[case_file]
    check_folder(folder, case_file, [], force=True)  # another case's folder: before any work
    if options.draft and "pdf" in options.formats:
        # validate refuses text no font prints; only a draft of such a case gets this far
        check_printable(case, case_file)
    engine = engine or Assembler.create(options.clauses_dir, options.authorities)
    packet = engine.assemble(case, draft=options.draft, tables=options.tables)
    to_verify = {
        f"{d.order:02d}-{d.slug}": items
        for d in packet.documents
        if (items := remaining(d, engine.registry))
    }
    if options.final and to_verify:
        raise Unverified(to_verify)  # before anything is rendered or written
    if not options.draft:  # tags and verify blocks only ever in a draft
        packet = replace(packet, documents=tuple(clean(d) for d in packet.documents))
    marks = _marks(options, review=bool(to_verify) and not case.self_represented)
    names = [f"{d.order:02d}-{d.slug}" for d in packet.documents]
    targets = [folder / f"{n}.{fmt}" for fmt in options.formats for n in names]
    if "pdf" in options.formats:
        targets.append(folder / "packet.pdf")
    check_folder(folder, case_file, targets, force=options.force)  # before rendering
    timings["assemble"] = _lap(clock)

    clock = time.perf_counter()
    with logs.captured() as logged:  # what is logged here; workers report their own
        outputs, pages, notes, worker_logs = _render(
            case, case_file, packet, engine, options, folder, names, marks
        )
    logged = list(dict.fromkeys([*logged, *worker_logs]))
    timings["render"] = _lap(clock)
    report = report_text(
        case_file, packet, notes, to_verify, pro_per=case.self_represented, logged=logged
    )
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
        warnings=sum(p.severity is Severity.WARNING for p in problems),
        notes=tuple(notes),
        logged=tuple(logged),
        timings=timings,
    )


def _lap(started: float) -> float:
    return time.perf_counter() - started


def _marks(options: BuildOptions, *, review: bool) -> tuple[str, ...]:
    """Words on every page and in every Word header: DRAFT (a --draft build), DRAFT: FOR
    ATTORNEY REVIEW (something is still to verify), SAMPLE — FICTIONAL CASE."""
    first = ("DRAFT",) if options.draft else (REVIEW_MARK,) if review else ()
    return first + ((SAMPLE_MARK,) if options.sample else ())


def _render(
    case: Case,
    case_file: Path,
    packet: Packet,
    engine: Assembler,
    options: BuildOptions,
    folder: Path,
    names: list[str],
    marks: tuple[str, ...],
) -> tuple[dict[Path, bytes], int, list[str], list[str]]:
    """Every paper in every format, the slip sheets and the packet; returns the files, the
    packet's page count (0 without PDF), notes on exhibits whose active content was removed,
    and what the libraries logged in the worker processes.

    Each paper and slip sheet is one task. With ``options.jobs`` above 1 the tasks run in that
    many worker processes, the longest first (forked where the platform allows, so the workers
    start with the parent's loaded fonts and stylesheet); the packet is joined here.
    """
    from assembler.document import EXHIBITS_RANK
    from assembler.writers.pdf import PacketPart, merge_packet

    author, date = _author(case), case.filing_date
    docs = packet.documents
    tasks: list[tuple[Path | None, _Task]] = []
    shell = _shell(options)
    for fmt in options.formats:
        if fmt == "pdf" and options.pdf_variant:
            continue  # a variant's packet is laid out as one document: see _variant_pdfs
        for name, doc in zip(names, docs, strict=True):
            tabled = None
            if fmt == "pdf" and not options.tables:
                tabled = engine.add_tables(doc)
            tasks.append((folder / f"{name}.{fmt}", _Task(fmt, doc, tabled, marks, shell)))
    exhibits = _exhibits(case, case_file)
    if "pdf" in options.formats and not options.pdf_variant:
        for label, title, attached in exhibits:
            note = None if attached else "(to be attached)"
            slip = _Task("slip", None, None, marks, None, (label, title, note))
            tasks.append((None, slip))
    ran = _run(tasks, author, date, options.jobs)
    results = [data for data, _ in ran]
    worker_logs = list(dict.fromkeys(m for _, messages in ran for m in messages))
    outputs = {path: data for (path, _), data in zip(tasks, results, strict=True) if path}
    if "pdf" not in options.formats:
        return outputs, 0, [], worker_logs
    if options.pdf_variant:
        variant, notes = _variant_pdfs(
            case, packet, engine, options, folder, names, exhibits, marks
        )
        outputs |= variant
        return outputs, _page_count(outputs[folder / "packet.pdf"]), notes, worker_logs
    slips = iter(data for (path, _), data in zip(tasks, results, strict=True) if path is None)
    papers = [outputs[folder / f"{name}.pdf"] for name in names]
    parts = [
        PacketPart(d.slug, pdf=papers[i]) for i, d in enumerate(docs) if d.rank < EXHIBITS_RANK
    ]
    for label, _title, attached in exhibits:
        parts.append(PacketPart(f"exhibit {label}", pdf=next(slips)))
        if attached is not None:
            parts.append(PacketPart(f"exhibit {label}", file=attached))
    parts += [
        PacketPart(d.slug, pdf=papers[i]) for i, d in enumerate(docs) if d.rank >= EXHIBITS_RANK
    ]
    data, notes = merge_packet(parts, title=_packet_title(case), author=author, date=date)
    outputs[folder / "packet.pdf"] = data
    return outputs, _page_count(data), notes, worker_logs


@dataclass(frozen=True)
class _Task:
    """One file to render: a paper in a format, or an exhibit slip sheet (plain data, so it can
    go to a worker process)."""

    fmt: str
    document: Document | None
    tabled: Document | None
    """For a PDF: the paper with its tables, laid out instead when the paper runs long."""
    marks: tuple[str, ...]
    shell: Path | None
    slip: tuple[str, str, str | None] | None = None

    @property
    def cost(self) -> int:
        """A rough size, to start the longest tasks first."""
        if self.document is None:
            return 1
        weight = {"pdf": 4, "docx": 1}.get(self.fmt, 0)
        return weight * sum(1 for _ in self.document.blocks)


def _run(
    tasks: list[tuple[Path | None, _Task]], author: str | None, date: dt.date | None, jobs: int
) -> list[tuple[bytes, tuple[str, ...]]]:
    """Each task's bytes and what the libraries logged while making them, in the order given."""
    if jobs <= 1 or len(tasks) < 2:
        return [_do(task, author, date) for _, task in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if any(task.fmt in ("pdf", "slip") for _, task in tasks):
        from assembler.writers.pdf import preload

        preload()  # forked workers inherit the loaded fonts and the parsed stylesheet
    for _, task in tasks:  # and the Word writers, with their shell read and checked
        if task.fmt == "docx":
            _writer_for(task)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    longest_first = sorted(range(len(tasks)), key=lambda i: -tasks[i][1].cost)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = {i: pool.submit(_do, tasks[i][1], author, date) for i in longest_first}
        return [futures[i].result() for i in range(len(tasks))]


_WRITERS: dict[tuple[str, Path | None, tuple[str, ...]], Writer] = {}


def _do(task: _Task, author: str | None, date: dt.date | None) -> tuple[bytes, tuple[str, ...]]:
    """Render one task (in this process or a worker), with what the libraries logged."""
    with logs.captured() as messages:
        data = _make(task, author, date)
    return data, tuple(messages)


def _make(task: _Task, author: str | None, date: dt.date | None) -> bytes:
    from assembler.writers.pdf import PdfWriter

    if task.fmt == "slip":
        assert task.slip is not None
        label, title, note = task.slip
        slips = PdfWriter(watermarks=task.marks)
        return slips.pdf_bytes(slips.slip_sheet(label, title, note, author=author, date=date))
    assert task.document is not None
    if task.fmt == "pdf":
        tabled = task.tabled
        writer: Writer = PdfWriter(
            watermarks=task.marks, add_tables=None if tabled is None else (lambda _doc: tabled)
        )
    else:
        writer = _writer_for(task)
    return writer.write(task.document, author=author, date=date)


def _writer_for(task: _Task) -> Writer:
    """The text or Word writer of a task, made once per process (a shell is read once)."""
    key = (task.fmt, task.shell, task.marks)
    if key not in _WRITERS:
        _WRITERS[key] = _writer(task.fmt, task.shell, task.marks)
    return _WRITERS[key]


def _writer(fmt: str, shell: Path | None, marks: tuple[str, ...]) -> Writer:
    """The text or Word writer."""
    if fmt == "txt":
        from assembler.writers.text import TextWriter

        return TextWriter()
    from assembler.writers.docx import SHELL, DocxWriter

    return DocxWriter(shell or SHELL, notice=" — ".join(marks))


def _shell(options: BuildOptions) -> Path | None:
    """The Word shell: a firm's (``--templates``), or None for the bundled one."""
    if options.templates_dir is None:
        return None
    from assembler.writers.docx import SHELL

    return options.templates_dir / SHELL.name


def _exhibits(case: Case, case_file: Path) -> list[tuple[str, str, Path | None]]:
    """Each exhibit's label, title and its PDF file, when the case names one that ``validate``
    accepts (inside the case folder, a PDF); a draft's other exhibits are "to be attached"."""
    from assembler.exhibits import locate

    found: list[tuple[str, str, Path | None]] = []
    if case.hearing and case.hearing.renotice_of:
        return found  # a renotice serves the notice of hearing alone
    for exhibit in case.exhibits:
        attached = locate(case_file.parent, exhibit.file).path if exhibit.file else None
        found.append((exhibit.label or "", exhibit.title or "", attached))
    return found


def _packet_title(case: Case) -> str:
    number = (case.criminal_case.case_number if case.criminal_case else None) or ""
    return f"Motion to vacate conviction (Pen. Code, § 1473.7), case no. {number}"


def _variant_pdfs(
    case: Case,
    packet: Packet,
    engine: Assembler,
    options: BuildOptions,
    folder: Path,
    names: list[str],
    exhibits: list[tuple[str, str, Path | None]],
    marks: tuple[str, ...],
) -> tuple[dict[Path, bytes], list[str]]:
    """A PDF variant (PDF/A, PDF/UA): the papers, and the packet laid out as one conforming
    document from the same laid-out pages (painted once more), exhibits attached after."""
    from assembler.document import EXHIBITS_RANK
    from assembler.writers.pdf import PdfWriter, attach

    writer = PdfWriter(
        watermarks=marks,
        variant=options.pdf_variant,
        add_tables=None if options.tables else engine.add_tables,
    )
    author, date = _author(case), case.filing_date
    docs = packet.documents
    laid_out = [writer.lay_out(d, author=author, date=date) for d in docs]
    outputs = {
        folder / f"{name}.pdf": writer.pdf_bytes(r) for name, r in zip(names, laid_out, strict=True)
    }
    slips = [
        writer.slip_sheet(
            label, title, None if attached else "(to be attached)", author=author, date=date
        )
        for label, title, attached in exhibits
    ]
    before = [r for d, r in zip(docs, laid_out, strict=True) if d.rank < EXHIBITS_RANK]
    after = [r for d, r in zip(docs, laid_out, strict=True) if d.rank >= EXHIBITS_RANK]
    combined = writer.packet(
        [*before, *slips, *after], title=_packet_title(case), author=author, date=date
    )
    data = writer.pdf_bytes(combined)
    position = sum(len(r.pages) for r in before)
    insertions = []
    for (label, _title, attached), slip in zip(exhibits, slips, strict=True):
        position += len(slip.pages)
        if attached is not None:
            insertions.append((position, attached, label))
    notes: list[str] = []
    if insertions:
        data, notes = attach(data, insertions)
    outputs[folder / "packet.pdf"] = data
    return outputs, notes


def _page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _write_build(
    folder: Path,
    case_file: Path,
    case: Case,
    outputs: dict[Path, bytes],
    formats: tuple[str, ...],
) -> list[Path]:
    """Write every file of a build (each atomically), record the case and the files, drop the
    stale papers of the earlier build and any temporary file a killed build left."""
    from assembler.output import leftovers, previous_files, stale_papers, write_manifest

    folder.mkdir(parents=True, exist_ok=True)
    previous = previous_files(folder)
    for path in leftovers(folder):
        path.unlink(missing_ok=True)
    number = (case.criminal_case.case_number if case.criminal_case else None) or ""
    names = {path.name for path in outputs}
    # The manifest first (listing the old and the new files): a build killed while writing
    # leaves a folder whose next build still knows every file it may replace or remove.
    write_manifest(folder, case_file, number, names | set(previous))
    for path, content in outputs.items():
        write_atomic(path, content, overwrite=True)
    removed = stale_papers(folder, outputs, formats, previous)
    for path in removed:
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
) -> str:
    """The build report written beside the documents: what to check before filing (paper by
    paper), what was removed from exhibits for the packet, and what the layout and font
    libraries warned about while rendering."""
    lines = [f"Build report for {case_file.name}", "", "Documents, in filing order:"]
    lines += [f"  {d.order:02d}-{d.slug}: {d.title}" for d in packet.documents]
    lines += [""]
    if not to_verify:
        lines += ["Verify before filing: nothing (every authority and clause used is verified)"]
    else:
        if pro_per:
            lines += [
                "Before filing, ask the court's self-help center (or a lawyer) to check these",
                "points of law; the papers themselves carry no marks:",
            ]
        else:
            lines += [
                "Verify before filing (the papers say DRAFT: FOR ATTORNEY REVIEW until nothing",
                "is left here; `assembler build --final` then writes them without the mark):",
            ]
        for paper, items in to_verify.items():
            lines += [f"  {paper}:"] + [f"    {item}" for item in items]
    if packet.missing:
        lines += ["", "Missing facts (draft; marked [MISSING: ...] in the documents):"]
        lines += [f"  {path}" for path in packet.missing]
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


def build_one(case_file: Path, outdir: Path, options: BuildOptions) -> Outcome:
    """``build_case`` for a batch: every failure becomes an ``Outcome``, never an exception.

    The assembler (library, registry, compiled clauses) is made once per process.
    """
    import traceback

    from assembler.assembly import Assembler

    started = time.perf_counter()
    key = (options.clauses_dir, options.authorities)
    try:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = Assembler.create(*key)
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
    except Exception as exc:  # a bug: name its type and place, never its message (client data)
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        message = f"internal error ({type(exc).__name__} in {where}); please report it"
        return Outcome(case_file, ExitCode.INTERNAL, _lap(started), message=message)
    return Outcome(case_file, ExitCode.OK, _lap(started), result=result)
