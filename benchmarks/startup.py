"""Start-up and build times on the largest sample, next to a bare interpreter.

Prints figures; asserts nothing (targets are read by people, not enforced by timed tests).
Targets on a 2-core machine: `validate` <= 0.35 s cold; the whole PDF packet <= 1.5 s cold;
every .docx of the packet <= 0.5 s warm. The Word stage also times LibreOffice converting those
.docx files to PDF (the path other tools take), so the PDF writer's advantage is a measured ratio.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.35
PDF_TARGET_SECONDS = 1.5
DOCX_TARGET_SECONDS = 0.5


def _time(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, capture_output=True, check=False)  # warm the OS file cache once
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # An installed package has its bytecode compiled; this machine's environment sets
    # PYTHONDONTWRITEBYTECODE, so compile once rather than time the compiler on every run.
    import compileall

    compileall.compile_dir(str(ROOT / "assembler"), quiet=1)
    samples = sorted((ROOT / "samples").glob("*.json"), key=lambda p: p.stat().st_size)
    largest = samples[-1]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        f"assembler validate {largest.relative_to(ROOT)}": [
            sys.executable,
            "-m",
            "assembler",
            "validate",
            str(largest),
        ],
    }
    print(f"{args.runs} runs each, median (min-max), python {sys.version.split()[0]}")
    for label, command in commands.items():
        timings = _time(command, args.runs)
        print(
            f"  {statistics.median(timings):.3f} s  ({min(timings):.3f}-{max(timings):.3f})  {label}"
        )
    print(f"  target for validate: <= {TARGET_SECONDS:.2f} s")
    pdf_warm = _pdf(largest, max(3, args.runs // 3))
    _docx(largest, max(3, args.runs // 3), pdf_warm)


def _pdf(case_file: Path, runs: int) -> float:
    """The PDF stage: cold CLI build of every PDF and the packet, then warm in-process times."""
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable, "-m", "assembler", "build", str(case_file),
            "-o", out, "--format", "pdf", "--force",
        ]  # fmt: skip
        timings = _time(command, runs)
    print(f"{runs} runs, median (min-max): PDF packet of {case_file.name}")
    print(
        f"  {statistics.median(timings):.3f} s  ({min(timings):.3f}-{max(timings):.3f})  "
        f"cold CLI: build --format pdf (every paper + packet)"
    )
    sys.path.insert(0, str(ROOT))
    from assembler.assembly import Assembler
    from assembler.loading import load_case
    from assembler.writers.pdf import PdfWriter

    case = load_case(case_file).case
    assert case is not None
    engine = Assembler.create()
    writer = PdfWriter()
    packet = engine.assemble(case)
    warm: dict[str, list[float]] = {}
    for _ in range(runs + 1):  # the first round warms fonts and caches
        total = time.perf_counter()
        rendered = []
        for doc in packet.documents:
            start = time.perf_counter()
            r = writer.render(doc, author=None, date=case.filing_date)
            writer.pdf_bytes(r)
            warm.setdefault(doc.slug, []).append(time.perf_counter() - start)
            rendered.append(r)
        writer.pdf_bytes(
            writer.packet(rendered, title="packet", author=None, date=case.filing_date)
        )
        warm.setdefault("whole packet (papers + combined)", []).append(time.perf_counter() - total)
    for label, values in warm.items():
        values = values[1:]
        print(f"  {statistics.median(values):.3f} s  warm: {label}")
    page_count = sum(len(r.pages) for r in rendered)
    print(f"  {page_count} pages; target for the cold packet: <= {PDF_TARGET_SECONDS:.1f} s")
    return statistics.median(warm["whole packet (papers + combined)"][1:])


def _docx(case_file: Path, runs: int, pdf_warm: float) -> None:
    """The Word stage: warm in-process .docx per paper and for the packet; then LibreOffice."""
    import shutil
    import tempfile

    from assembler.assembly import Assembler
    from assembler.loading import load_case
    from assembler.writers.docx import SHELL, DocxWriter

    if not SHELL.is_file():
        print("Word stage skipped: no shell (python -m assembler.shells)")
        return
    case = load_case(case_file).case
    assert case is not None
    packet = Assembler.create().assemble(case)
    writer = DocxWriter()
    warm: dict[str, list[float]] = {}
    files: list[bytes] = []
    for _ in range(runs + 1):  # the first round warms imports and caches
        total = time.perf_counter()
        files = []
        for doc in packet.documents:
            start = time.perf_counter()
            files.append(writer.write(doc, author=None, date=case.filing_date))
            warm.setdefault(doc.slug, []).append(time.perf_counter() - start)
        warm.setdefault("every .docx of the packet", []).append(time.perf_counter() - total)
    print(f"{runs} runs, median: Word documents of {case_file.name}")
    for label, values in warm.items():
        print(f"  {statistics.median(values[1:]):.3f} s  warm: {label}")
    whole = statistics.median(warm["every .docx of the packet"][1:])
    print(f"  target for every .docx, warm: <= {DOCX_TARGET_SECONDS:.1f} s")
    soffice = shutil.which("soffice")
    if soffice is None:
        print("  LibreOffice conversion skipped: soffice not installed")
        return
    with tempfile.TemporaryDirectory() as out:
        paths = []
        for index, data in enumerate(files):
            path = Path(out) / f"{index:02d}.docx"
            path.write_bytes(data)
            paths.append(str(path))
        start = time.perf_counter()
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", out, *paths],
            capture_output=True,
            check=False,
        )
        convert = time.perf_counter() - start
    print(f"  {convert:.3f} s  LibreOffice: the {len(files)} .docx files to PDF (one process)")
    print(
        f"  {convert / pdf_warm:.1f}x the PDF writer's warm packet ({pdf_warm:.3f} s); "
        f"{(whole + convert) / pdf_warm:.1f}x counting the .docx stage"
    )


if __name__ == "__main__":
    main()
