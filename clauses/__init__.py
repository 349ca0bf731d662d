"""The clause library: data, not code. The build installs this folder as assembler.clauses."""
