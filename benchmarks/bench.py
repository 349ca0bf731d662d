"""Speed of the tool on this machine: prints figures, asserts nothing (`make bench`).

For the largest sample: `validate` cold; `build` cold per format and with every format; the PDF
stage warm, in ms per page; the same papers through Word then one LibreOffice call (the path
other tools take), in the same run, with the ratio. Then every bundled sample in one batch with
`--jobs 1` and `--jobs 2`. Targets (read by people, not enforced by timed tests):

    validate cold <= 0.35 s; largest sample, all formats, cold <= 3.0 s; PDF stage warm <= 60 ms
    per page; native PDF >= 2x faster than Word + LibreOffice; all samples (twelve) --jobs 2 <= 16 s
    and >= 1.6x the --jobs 1 throughput.

    python benchmarks/bench.py [--runs N] [--only PART ...]

PART: validate, formats (build cold per format, and --jobs 1), warm, word (Word + LibreOffice
against build --format pdf, the two paired in one run), batch. On a shared machine, time the
parts you changed, before and after, close together.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("[0-9]*.json"))
CLI = [sys.executable, "-m", "assembler"]


def _cold(args: list[str], runs: int, fresh_output: bool = True) -> list[float]:
    """Wall-clock seconds of ``assembler ARGS`` in a new process, ``runs`` times (after one
    untimed run that warms the OS file cache); each run writes into a new folder."""
    timings = []
    for index in range(runs + 1):
        with tempfile.TemporaryDirectory() as out:
            command = [*CLI, *(a.replace("{out}", out) for a in args)]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed: {done.stderr}")
        if index:
            timings.append(elapsed)
    return timings


def _line(label: str, timings: list[float], target: str = "") -> None:
    median = statistics.median(timings)
    spread = f"({min(timings):.2f}-{max(timings):.2f})"
    print(f"  {median:7.2f} s {spread:>13}  {label}{'  target ' + target if target else ''}")


def _warm_pdf(case_file: Path, runs: int) -> tuple[float, int]:
    """Seconds for every PDF paper of the case in-process, warm (fonts, stylesheet and
    compiled clauses loaded), as the build lays them out; and the number of pages."""
    from assembler.assembly import Assembler
    from assembler.loading import load_case
    from assembler.writers.pdf import PdfWriter

    case = load_case(case_file).case
    assert case is not None
    engine = Assembler.create()
    packet = engine.assemble(case)
    writer = PdfWriter(add_tables=engine.add_tables)
    timings, pages = [], 0
    for index in range(runs + 1):
        start = time.perf_counter()
        pages = 0
        for doc in packet.documents:
            laid_out = writer.lay_out(doc, author=None, date=case.filing_date)
            writer.pdf_bytes(laid_out)
            pages += len(laid_out.pages)
        if index:
            timings.append(time.perf_counter() - start)
    return statistics.median(timings), pages


def _word_then_libreoffice(case_file: Path, runs: int) -> list[float] | None:
    """Seconds to write the case's .docx papers and convert them with one LibreOffice call,
    ``runs`` times after one untimed run (LibreOffice's first start makes its profile, in a
    folder of the benchmark's own)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    timings = []
    with tempfile.TemporaryDirectory() as profile:
        for index in range(runs + 1):
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                subprocess.run(
                    [*CLI, "build", str(case_file), "-o", out, "--format", "docx", "-q", "-j", "1"],
                    check=True,
                )
                files = sorted(str(p) for p in Path(out).rglob("*.docx"))
                subprocess.run(
                    [
                        soffice,
                        f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        out,
                        *files,
                    ],
                    capture_output=True,
                    check=True,
                )
                if index:
                    timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parts = ("validate", "formats", "warm", "word", "batch")
    parser.add_argument("--only", nargs="+", choices=parts, default=parts, metavar="PART")
    args = parser.parse_args()
    only = set(args.only)
    # An installed package has its bytecode compiled; a checkout under PYTHONDONTWRITEBYTECODE
    # would time the compiler on every run instead.
    compileall.compile_dir(str(ROOT / "assembler"), quiet=1)
    largest = max(SAMPLES, key=lambda p: p.stat().st_size)
    name = largest.relative_to(ROOT)
    print(f"{args.runs} cold runs each, median (min-max); python {sys.version.split()[0]}")
    print(f"largest sample: {name}")
    if "validate" in only:
        _line("validate", _cold(["validate", str(largest)], args.runs), "<= 0.35 s")
    cold: dict[str, float] = {}
    formats = ("txt", "pdf", "docx", "txt,pdf,docx") if "formats" in only else ()
    for fmt in ("pdf",) if "word" in only and not formats else formats:
        timings = _cold(["build", str(largest), "-o", "{out}", "--format", fmt, "-q"], args.runs)
        cold[fmt] = statistics.median(timings)
        _line(f"build --format {fmt}", timings, "<= 3.0 s" if "," in fmt else "")
    if "formats" in only:
        one = _cold(
            ["build", str(largest), "-o", "{out}", "--format", "txt,pdf,docx", "-q", "-j", "1"],
            args.runs,
        )
        _line("build, every format, --jobs 1 (one process)", one)

    if "warm" in only:
        warm, pages = _warm_pdf(largest, args.runs)
        print(f"  {warm:7.2f} s                PDF stage warm: {pages} pages, "
              f"{1000 * warm / pages:.0f} ms per page  target <= 60 ms")  # fmt: skip

    word = _word_then_libreoffice(largest, args.runs) if "word" in only else []
    if word is None:
        print("  Word + LibreOffice: skipped (LibreOffice is not installed)")
    elif word:
        _line("the same papers: build --format docx, then one LibreOffice call to PDF", word)
        print(f"  {statistics.median(word) / cold['pdf']:7.2f} x                native PDF "
              f"(build --format pdf) against Word + LibreOffice  target >= 2x")  # fmt: skip

    if "batch" not in only:
        return
    print(f"every sample, every format, one batch ({len(SAMPLES)} cases)")
    batch: dict[int, float] = {}
    for jobs in (1, 2):
        timings = _cold(
            ["build", *map(str, SAMPLES), "-o", "{out}", "-q", "--jobs", str(jobs)],
            max(1, args.runs // 2),
        )
        batch[jobs] = statistics.median(timings)
        _line(f"build --jobs {jobs}", timings, "<= 16 s" if jobs == 2 else "")
    print(
        f"  {batch[1] / batch[2]:7.2f} x                --jobs 2 against --jobs 1  target >= 1.6x"
    )


if __name__ == "__main__":
    main()
