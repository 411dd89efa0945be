# `make test` is what CI runs: lint, types, then the suite in order and in reverse order.
VENV ?= venv
PY := $(VENV)/bin/python
STACK ?= dev

.PHONY: test lint typecheck unit verify bench bench-smoke preview up clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

test: lint typecheck unit

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy __main__.py components tests bench verify

unit: $(VENV)/.installed
	$(PY) -m pytest -q
	# Order must not matter: the same suite again, last test first (fewer random configs this time).
	RANDOM_CONFIG_EXAMPLES=50 $(PY) -m pytest -q --reverse -p no:cacheprovider

# Emulator runs, independent validators, hostile and random config: a summary, non-zero on any finding.
verify: $(VENV)/.installed
	$(PY) -m verify

# Wall time and counts of one evaluation against baselines; prints a table, writes bench/results/latest.json.
bench: $(VENV)/.installed
	$(PY) -m bench

# Tiny sizes: only proves the benchmark still runs (CI).
bench-smoke: $(VENV)/.installed
	$(PY) -m bench --quick --json $(VENV)/bench-smoke.json

preview: $(VENV)/.installed
	pulumi preview --stack $(STACK)

up: $(VENV)/.installed
	pulumi up --stack $(STACK)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
