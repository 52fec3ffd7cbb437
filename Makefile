# Kendali: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export KENDALI_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint format bench messages clean help

help:
	@echo "make run    serve the demo city (Kota Bandung) with the live simulator on port $(PORT)"
	@echo "make test   lint, type-check and run the whole suite on SQLite and PostgreSQL"
	@echo "make lint   ruff, ruff format --check, mypy"
	@echo "make bench  run the benchmarks under bench/ (numbers go to docs/benchmarks.md by hand)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/kendali demo --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.dev
	$(BIN)/python scripts/run_tests.py

lint: $(VENV)/.dev
	$(BIN)/python scripts/run_tests.py --lint-only

format: $(VENV)/.dev
	$(BIN)/ruff format kendali tests bench scripts
	$(BIN)/ruff check --fix kendali tests bench scripts

bench: $(VENV)/.dev
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/worker.py
	$(BIN)/python bench/open311.py
	$(BIN)/python bench/opendata.py
	$(BIN)/python bench/telemetry.py
	$(BIN)/python bench/broker.py

messages: $(VENV)/.dev
	cd kendali && ../$(BIN)/kendali makemessages -l en -l su --no-obsolete --ignore 'tests/*' --ignore 'demo/data.py' --ignore 'demo/procedures.py' && ../$(BIN)/kendali compilemessages

clean:
	rm -rf $(VENV) var build *.egg-info
