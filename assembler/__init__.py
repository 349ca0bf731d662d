"""assembler: drafts California Pen. Code § 1473.7 motions to vacate from a structured case file."""

__version__ = "0.1.0"
