"""Entry point for ``python -m assembler``."""

from assembler.cli import run

run()
