# `make test` is what CI runs: lint, types, then the suite in order and in reverse order.
VENV ?= venv
PY := $(VENV)/bin/python
# The CrossGuard pack has a venv of its own: pulumi-policy pins protobuf and grpcio lower than the program.
POLICY_VENV := policy/venv
# `local` runs against the emulator (no AWS account); STACK=dev or prod against your AWS credentials.
STACK ?= local

.PHONY: test lint typecheck unit policy-test verify bench bench-smoke preview up down clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(POLICY_VENV)/.installed: policy/requirements.txt policy/requirements-dev.txt requirements.txt
	python3 -m venv $(POLICY_VENV)
	$(POLICY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(POLICY_VENV)/bin/python -m pip install --quiet -r policy/requirements-dev.txt
	touch $@

test: lint typecheck unit policy-test

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy __main__.py components tests bench verify deploy examples/cluster-stack/fargate_profiles.py
	$(VENV)/bin/mypy provider/__main__.py
	$(VENV)/bin/mypy policy/fargate_rules.py

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

# The policy pack's rules, called directly and through pulumi-policy's analyzer service, in its own venv.
policy-test: $(POLICY_VENV)/.installed
	cd policy && venv/bin/python -m pytest -q -p no:cacheprovider

preview: $(VENV)/.installed
	$(PY) -m deploy preview --stack $(STACK)

# The main job: deploy the stack (for `local`, start the emulator first and refresh, since it starts empty),
# then print the role ARN. The emulator keeps running for examples/cluster-stack.
up: $(VENV)/.installed
	$(PY) -m deploy up --stack $(STACK) $(if $(filter local,$(STACK)),--refresh)

down: $(VENV)/.installed
	$(PY) -m deploy destroy --stack $(STACK)
	$(if $(filter local,$(STACK)),$(PY) -m deploy emulator-stop)

clean:
	rm -rf $(VENV) $(POLICY_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .emulator
