"""The Word shell, stylesheet, page rules and fonts: data, not code (installed as assembler.templates)."""
