# Set-up and everyday commands. `make demo` and `make test` each do all set-up on a fresh
# Debian machine with Python 3.11 (system packages through scripts/system-deps, as root).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint check bench clean system-deps

$(STAMP): pyproject.toml
	bash scripts/system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps

## demo: install, check every bundled sample, and build each one's packet (text, PDF, Word) into out/
demo: $(STAMP)
	$(BIN)/assembler validate samples/*.json
	for case in samples/*.json; do \
		$(BIN)/assembler build "$$case" -o out --format txt,pdf,docx --force || exit 1; \
	done
	@echo "packets written under out/"

## test: install, then run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## lint: ruff (lint and format) and mypy --strict
lint: $(STAMP)
	$(BIN)/ruff check assembler tests benchmarks
	$(BIN)/ruff format --check assembler tests benchmarks
	$(BIN)/mypy --strict assembler
	$(BIN)/assembler templates check

check: test lint

## bench: cold-start time of `assembler validate` on the largest sample
bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
