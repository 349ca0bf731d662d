"""Cold-start time of `assembler validate` on the largest sample, next to a bare interpreter.

Prints figures; asserts nothing (targets are read by people, not enforced by timed tests).
Target: validate <= 0.35 s median on a 2-core machine.

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


if __name__ == "__main__":
    main()
