"""The case file's models, one module per part of the file; ``assembler.case`` gathers them."""
