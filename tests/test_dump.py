"""kg dump: one N-Quads file per named graph, loadable by any N-Quads bulk loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import NQUADS, build
from kg.dump import dump
from kg.store import open_store, select
from kg.synth import generate

TASKS = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("dump")
    generate(6, base / "synth", seed=5)
    build([base / "synth" / "docs"], base / "graph")
    return base / "graph"


def test_one_file_per_graph_holding_every_quad(graph, tmp_path):
    out = tmp_path / "dump"
    report = dump(graph, out)
    assert "6 documents" in report
    files = sorted(out.glob("*.nq"))
    assert len(files) == 6 + 2 and (out / "vocabulary.nq").exists() and (out / "ontology.nq").exists()
    all_lines = sorted(line for f in files for line in f.read_text(encoding="utf-8").splitlines())
    assert all_lines == sorted((graph / NQUADS).read_text(encoding="utf-8").splitlines())
    rows = [line.split("\t") for line in (out / "graphs.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    for name, iri, count in rows:
        quads = list(ox.parse(path=str(out / name), format=ox.RdfFormat.N_QUADS))
        assert len(quads) == int(count)
        assert {q.graph_name.value for q in quads} == {iri}
    assert "tdbloader" in (out / "LOADING.md").read_text(encoding="utf-8")


def test_the_dump_loads_into_a_store_with_the_same_answers(graph, tmp_path):
    out = tmp_path / "dump"
    dump(graph, out)
    store = ox.Store()
    for f in sorted(out.glob("*.nq")):
        store.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    assert select(store, TASKS)[0]["n"].value == select(open_store(graph), TASKS)[0]["n"].value


def test_dump_replaces_an_earlier_dump_but_not_another_folder(graph, tmp_path):
    out = tmp_path / "dump"
    dump(graph, out)
    (out / "stale.nq").write_text("")
    dump(graph, out)
    assert not (out / "stale.nq").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "dump", "--graph", str(graph), "--out", str(mine)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "not an earlier dump" in proc.stderr and "Traceback" not in proc.stderr
    assert (mine / "keep.txt").exists()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "dump", "--graph", str(tmp_path / "none"), "--out",
                           str(tmp_path / "d2")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "kg build" in proc.stderr
