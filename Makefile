# Set-up and everyday commands. `make demo` and `make test` each do all set-up on a fresh
# Debian machine with Python 3.11 (system packages through scripts/system-deps, as root).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-fast fuzz lint check bench package clean system-deps

# What a build needs: the Debian packages of scripts/system-deps and the package itself.
$(STAMP): pyproject.toml
	bash scripts/system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# What the tests and linters add: LibreOffice (Word geometry tests) and the dev packages.
$(DEV_STAMP): $(STAMP)
	bash scripts/system-deps --test
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

system-deps:
	bash scripts/system-deps --test

## demo: install, check every bundled sample, and build each one's packet (text, PDF, Word) into out/
demo: $(STAMP)
	$(BIN)/assembler doctor
	$(BIN)/assembler validate samples/*.json
	$(BIN)/assembler build samples/*.json -o out --format txt,pdf,docx --force
	@echo "packets written under out/ (the table above says which are drafts, and what DRAFT means)"

## test: install with the test tools, then run the test suite (on every core)
test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n auto

## test-fast: the inner loop: every test but the LibreOffice ones (marked slow)
test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not slow"

## fuzz: thousands of hostile cases: whatever validate accepts builds in every format, text intact
fuzz: $(DEV_STAMP)
	ASSEMBLER_FUZZ_EXAMPLES=$${ASSEMBLER_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -q \
		--hypothesis-show-statistics tests/test_hardening.py -k reaches_every_format

## lint: ruff (lint and format), mypy --strict, the Word shell check
lint: $(DEV_STAMP)
	$(BIN)/ruff check assembler tests benchmarks
	$(BIN)/ruff format --check assembler tests benchmarks
	$(BIN)/mypy --strict assembler tests
	$(BIN)/assembler templates check

## package: build the wheel, install it in a fresh venv outside the checkout, use it from an empty folder
package: $(STAMP)
	bash scripts/check-wheel

check: test lint package

## bench: validate and build times (cold, warm, per page), Word + LibreOffice for comparison, batches
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist *.egg-info
