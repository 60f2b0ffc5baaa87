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
	@echo "make corpus N=2000   write N synthetic documents (scale tests only) to build/synth"
	@echo "make bench-ui  20 concurrent UI users over loopback → p95 latency in benchmarks/results.md"
	@echo "make bench  benchmark 200 and 2,000 synthetic documents → benchmarks/results.md"

# Debian packages the UI browser test and the PNG/SVG drawings need (Chromium, a CJK font).
# Installed when missing and we are root (CI, fresh machines); otherwise a clear hint.
SYSDEPS := $(VENV)/.sysdeps
$(SYSDEPS):
	@mkdir -p $(VENV)
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages: chromium fonts-wqy-microhei"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei >/dev/null; }; \
	else echo "Please install the Debian packages chromium and fonts-wqy-microhei (sudo apt-get install chromium fonts-wqy-microhei)"; exit 1; fi
	@touch $(SYSDEPS)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(PY) build_graph.py --out $(GRAPH) || test $$? -eq 1

run: build $(SYSDEPS)
	$(PY) -m kg.cli ui --graph $(GRAPH)

test: $(STAMP) $(SYSDEPS)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build

# Scale: a synthetic corpus (for scale tests only) and the benchmark (benchmarks/bench.py).
N ?= 200
.PHONY: corpus bench bench-ui
corpus: $(STAMP)
	$(PY) -m kg.cli synth $(N) --out build/synth

bench: $(STAMP)
	$(PY) benchmarks/bench.py

# 20 concurrent users against `kg ui` on the bundled graph (p95 latency; appends to benchmarks/results.md).
bench-ui: build
	$(PY) benchmarks/ui_load.py --graph $(GRAPH) --client http --write
	$(PY) benchmarks/ui_load.py --graph $(GRAPH) --client gradio_client --write
