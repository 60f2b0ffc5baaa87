# PolicyKG — the two commands of the Quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
GRAPH  := build/graph
STAMP  := $(VENV)/.installed

.PHONY: run build install test ui clean help

help:
	@echo "make run    install into .venv, build the graph from the bundled documents, start the UI"
	@echo "make test   install (with test extras) and run the test suite"
	@echo "make build  build the graph only"
	@echo "make clean  remove .venv and build/"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(PY) build_graph.py --out $(GRAPH) || test $$? -eq 1

run: build
	$(PY) -m kg.cli ui --graph $(GRAPH)

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build
