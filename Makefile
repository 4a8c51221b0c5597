# The two commands of the README:
#   make run   create the environment, build the graph and serve it at http://127.0.0.1:5000
#   make test  create the environment, install what the tests need and run the whole suite
# and the benchmarks: make benchmark (build speed), make benchmark-serve (serving speed,
# BENCH_ARGS='--sizes real 100k --duration 5' to choose what; see benchmarks/README.md)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
BENCH_STAMP = $(VENV)/.installed-bench
BENCH_ARGS ?=

.PHONY: run build serve test system-packages lint format benchmark benchmark-serve clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	touch $(STAMP)

run: build serve

build: $(STAMP)
	$(BIN)/sdkg build

serve: $(STAMP)
	$(BIN)/sdkg serve

system-packages:
	./scripts/install-system-packages.sh

test: $(STAMP) system-packages
	$(BIN)/ruff check service tests
	$(BIN)/ruff format --check service tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check service tests

format: $(STAMP)
	$(BIN)/ruff format service tests
	$(BIN)/ruff check --fix service tests

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark_build.py

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test,bench]'
	./scripts/install-bench-packages.sh
	touch $(BENCH_STAMP)

benchmark-serve: $(BENCH_STAMP)
	$(BIN)/python benchmarks/serve.py $(BENCH_ARGS)

clean:
	rm -rf instance
