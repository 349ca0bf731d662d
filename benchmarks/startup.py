"""Start-up and build times on the largest sample, next to a bare interpreter.

Prints figures; asserts nothing (targets are read by people, not enforced by timed tests).
Targets on a 2-core machine: `validate` <= 0.35 s cold; the whole PDF packet <= 1.5 s cold.

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
    _pdf(largest, max(3, args.runs // 3))


def _pdf(case_file: Path, runs: int) -> None:
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
            writer.write(r)
            warm.setdefault(doc.slug, []).append(time.perf_counter() - start)
            rendered.append(r)
        writer.write(writer.packet(rendered, title="packet", author=None, date=case.filing_date))
        warm.setdefault("whole packet (papers + combined)", []).append(time.perf_counter() - total)
    for label, values in warm.items():
        values = values[1:]
        print(f"  {statistics.median(values):.3f} s  warm: {label}")
    page_count = sum(len(r.pages) for r in rendered)
    print(f"  {page_count} pages; target for the cold packet: <= {PDF_TARGET_SECONDS:.1f} s")


if __name__ == "__main__":
    main()
