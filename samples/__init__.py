"""Fictional sample case files: data, not code (installed as assembler.samples)."""
