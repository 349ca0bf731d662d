"""Entry point for ``python -m assembler``."""

from assembler.cli import run

if __name__ == "__main__":  # not when a spawned process imports it as its parent's main module
    run()
