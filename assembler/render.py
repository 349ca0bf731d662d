"""The render stage of a build: each paper in each format (and each exhibit slip sheet) is one
task, run in this process or in worker processes; the packet is joined from the papers
already written, and what the layout libraries logged comes back with them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assembler import logs

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    from assembler.assembly import Assembler
    from assembler.build import BuildOptions
    from assembler.case import Case
    from assembler.document import Document, Packet
    from assembler.writers import Writer


def _render(
    case: Case,
    case_file: Path,
    packet: Packet,
    engine: Assembler,
    options: BuildOptions,
    folder: Path,
    names: list[str],
    marks: tuple[str, ...],
    ahead: Ahead | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[dict[Path, bytes], int, list[str], list[str]]:
    """Every paper in every format, the slip sheets and the packet; returns the files, the
    packet's page count (0 without PDF), notes on exhibits whose active content was removed,
    and what the libraries logged in the worker processes.

    Each paper and slip sheet is one task. With ``options.jobs`` above 1 the tasks run in that
    many worker processes, the longest first (forked where the platform allows, so the workers
    start with the parent's loaded fonts and stylesheet); the packet is joined here. With
    ``ahead``, the PDF tasks run in its process, which loaded WeasyPrint while this one
    assembled, and the text and Word papers here meanwhile, then ``meanwhile``.
    """
    from assembler.document import EXHIBITS_RANK
    from assembler.writers.pdffiles import PacketPart, merge_packet

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
    ran = (
        _run(tasks, author, date, options.jobs)
        if ahead is None
        else _ahead(ahead, tasks, author, date, meanwhile)
    )
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
    joined = merge_packet(parts, title=_packet_title(case), author=author, date=date)
    outputs[folder / "packet.pdf"] = joined.data
    return outputs, joined.pages, joined.notes, worker_logs


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


def _ahead(
    ahead: Ahead,
    tasks: list[tuple[Path | None, _Task]],
    author: str | None,
    date: dt.date | None,
    meanwhile: Callable[[], object] | None,
) -> list[tuple[bytes, tuple[str, ...]]]:
    """The PDF tasks in ``ahead``'s process; the text and Word papers here meanwhile (while it
    finishes loading: about as long as the Word papers take), then ``meanwhile``."""
    drawn = [i for i, (_, task) in enumerate(tasks) if task.fmt in ("pdf", "slip")]
    here = [i for i in range(len(tasks)) if i not in drawn]
    there, local = ahead.run(
        [tasks[i] for i in drawn], author, date, [tasks[i] for i in here], meanwhile
    )
    ran = dict(zip(drawn, there, strict=True)) | dict(zip(here, local, strict=True))
    return [ran[i] for i in range(len(tasks))]


class Ahead:
    """A worker process that loads WeasyPrint (fonts, stylesheets, the blank pleading page)
    while this process reads the case and assembles its papers, then renders them, forking its
    own workers from what it loaded. Loading took about 0.5 s of a one-case build before the
    first page, with the other core idle; this process never loads WeasyPrint.
    """

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._jobs = jobs
        self._ran = False
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._loaded: Future[tuple[str, ...]] = self._pool.submit(_load)

    def run(
        self,
        tasks: list[tuple[Path | None, _Task]],
        author: str | None,
        date: dt.date | None,
        here: list[tuple[Path | None, _Task]],
        meanwhile: Callable[[], object] | None = None,
    ) -> tuple[list[tuple[bytes, tuple[str, ...]]], list[tuple[bytes, tuple[str, ...]]]]:
        """``_run`` of ``tasks`` in the loaded process, and of ``here`` in this one meanwhile,
        then ``meanwhile``; what loading logged comes with the first task."""
        from concurrent.futures import wait

        rendering = self._pool.submit(_run, tasks, author, date, self._jobs)
        try:
            local = [_do(task, author, date) for _, task in here]
            import pypdf  # noqa: F401  # the packet is joined here next: pypdf loads meanwhile

            if meanwhile is not None:
                meanwhile()
        finally:  # whatever happens here, its render workers end in order
            wait([rendering])
            self._ran = True
        logged = self._loaded.result()  # a library that cannot load: its error, raised here
        ran = rendering.result()
        if ran and logged:
            ran[0] = (ran[0][0], (*logged, *ran[0][1]))
        return ran, local

    def close(self) -> None:
        """Ends the process: as a pool ends once it has rendered; at once when the build
        failed before its papers were rendered (a refused case is not kept waiting for
        WeasyPrint to load), the process removing its font folder as it goes (``_ended``)."""
        if not self._ran:
            for process in list(self._pool._processes.values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _load() -> tuple[str, ...]:
    import signal

    signal.signal(signal.SIGTERM, _ended)
    with logs.captured() as messages:
        from assembler.writers.pdf import preload

        preload()
    return tuple(messages)


def _ended(_signal: int, _frame: object) -> None:
    """The loading process, told to end: WeasyPrint's font folder goes with it."""
    import os

    from assembler.writers.weasy import remove_temporary_folders

    remove_temporary_folders()
    os._exit(0)


def start_loading(formats: tuple[str, ...], variant: str | None, jobs: int) -> Ahead | None:
    """An ``Ahead``, loading from now, for a build of one case whose plain PDFs render in
    worker processes (``jobs`` above 1, where processes can be forked); otherwise None. The
    caller closes it."""
    import multiprocessing

    if "pdf" not in formats or variant or jobs <= 1:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return Ahead(jobs)


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

        preload(tasks[0][1].marks)  # forked workers inherit the fonts, stylesheet and marks
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
        slip = slips.slip_sheet(label, title, note, author=author, date=date)
        return slips.pdf_bytes(slip, paper=False)
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
    from assembler.writers.pdf import PdfWriter
    from assembler.writers.pdffiles import attach

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


def _author(case: Case) -> str | None:
    """Who the documents' properties name: counsel, or the self-represented moving party."""
    counsel = case.filing_counsel
    if counsel and not case.self_represented:
        return counsel.name
    return case.moving_party.legal_name if case.moving_party else None
