"""The build at scale: parallel extraction gives the same files as a serial one, the on-disk store
holds every quad and is what queries open, and the light commands stay light."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import GRAPHS, NQUADS, REFS, STORE, TRIG, build
from kg.errors import QueryError
from kg.store import open_store, select
from kg.synth import generate

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("gradio", "matplotlib", "plotly", "networkx", "owlready2", "pyshacl", "rdflib", "SPARQLWrapper", "pandas")


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "s"
    generate(12, out, seed=11)
    return out / "docs"


@pytest.fixture(scope="module")
def parallel(docs, tmp_path_factory):
    out = tmp_path_factory.mktemp("par") / "graph"
    return out, build([docs], out, jobs=2)


def test_parallel_and_serial_builds_write_the_same_files(docs, parallel, tmp_path):
    out, summary = parallel
    serial = tmp_path / "serial"
    build([docs], serial, jobs=1)
    for name in (NQUADS, TRIG, "ontology.owl", "manifest.json"):
        assert (out / name).read_bytes() == (serial / name).read_bytes(), name
    assert summary.plans == 12 and summary.extracted == 12


def test_each_named_graph_is_sorted_and_the_file_is_their_concatenation(parallel):
    out, summary = parallel
    lines = (out / NQUADS).read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == summary.triples == len(set(lines))
    parts = sorted((out / GRAPHS).glob("*.nq"))
    assert len(parts) == summary.plans
    joined = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert "".join(lines).startswith(joined)
    for p in parts:
        text = p.read_text(encoding="utf-8").splitlines()
        assert text == sorted(text)
        assert all(line.endswith(f"/graph/{p.stem}> .") for line in text)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["triples"] == summary.triples
    assert sum(d["quads"] for d in manifest["documents"]) + (len(lines) - len(joined.splitlines())) == len(lines)


def test_the_on_disk_store_holds_the_union_of_the_graphs_and_is_opened_read_only(parallel):
    out, summary = parallel
    assert (out / STORE).is_dir()
    store = open_store(out)
    lines = (out / NQUADS).read_text(encoding="utf-8").splitlines()
    union = {line[:line.rindex(" <")] + " ." for line in lines}  # each triple once, without its graph
    assert len(union) < len(lines) == summary.triples  # units are described in several documents
    assert {f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None)} == union
    tasks = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }")
    assert int(tasks[0]["n"].value) == summary.tasks
    with pytest.raises((OSError, RuntimeError)):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_the_store_refuses_queries_that_name_graphs_and_says_what_to_do(parallel):
    out, _ = parallel
    store = open_store(out)
    for sparql in ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                   "SELECT * FROM NAMED <https://w3id.org/policykg/id/graph/x> WHERE { ?s ?p ?o }",
                   "select * from <urn:x> where { ?s ?p ?o }"):
        with pytest.raises(QueryError, match="prov:wasDerivedFrom.*kg push"):
            select(store, sparql)
    # the words inside strings, IRIs, variables and comments are not keywords
    rows = select(store, 'SELECT ?graph WHERE { BIND("GRAPH from" AS ?graph) } # FROM NAMED')
    assert rows[0]["graph"].value == "GRAPH from"


def test_shared_triples_are_counted_per_graph_holding_them(parallel):
    out, _ = parallel
    refs = {}
    for row in (out / REFS).read_bytes().splitlines(keepends=True):
        count, line = row.split(b"\t", 1)
        refs[line.decode("utf-8")] = int(count)
    holders: dict[str, int] = {}
    for line in (out / NQUADS).read_text(encoding="utf-8").splitlines():
        triple = line[:line.rindex(" <")] + " .\n"
        if not re.match(r"<https://w3id\.org/policykg/id/(plan|document)/", triple):
            holders[triple] = holders.get(triple, 0) + 1
    assert refs == holders
    assert max(refs.values()) > 1


def test_same_stem_twice_is_reported_and_skipped(docs, tmp_path):
    first = sorted(docs.glob("*.txt"))[0]
    other = tmp_path / "other"
    other.mkdir()
    (other / first.name.upper().replace(".TXT", ".txt")).write_bytes(first.read_bytes())
    summary = build([first, other], tmp_path / "g")
    assert summary.exit_code == 1 and summary.plans == 1
    assert "same name" in summary.skipped[0].problems[0]


def _imported_after(args: list[str]) -> list[str]:
    code = ("import sys\nfrom kg.cli import cli\ntry:\n    cli(args=sys.argv[1:], prog_name='kg')\n"
            "except SystemExit:\n    pass\n"
            f"print('HEAVY', sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY")][-1]
    return eval(line[len("HEAVY "):])  # a printed list of names


def test_help_and_tasks_import_no_heavy_module(parallel):
    out, _ = parallel
    assert _imported_after(["--help"]) == []
    assert _imported_after(["tasks", "--graph", str(out), "--format", "csv"]) == []
    assert _imported_after(["build", "--help"]) == []


def test_a_build_in_which_no_document_builds_keeps_the_previous_output(docs, tmp_path):
    out = tmp_path / "graph"
    good = sorted(docs.glob("*.txt"))[:2]
    assert build(good, out, jobs=1).plans == 2
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and STORE not in p.parts}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "no-tasks.txt").write_text("关于做好会议材料报送的通知\n请各单位于本周五前报送材料。\n", encoding="utf-8")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(bad), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "none of the 3 documents could be built" in proc.stderr and "left unchanged" in proc.stderr
    for f in bad.iterdir():
        assert f.name in proc.stderr  # each document's own problem is named
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and STORE not in p.parts}
    assert after == before
    assert (out / NQUADS).read_bytes() == before[Path(NQUADS)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "graph"]  # no temporary folder left
    assert int(select(open_store(out), "SELECT (COUNT(?p) AS ?n) WHERE { "
                      "?p a <https://w3id.org/policykg/ontology#Plan> }")[0]["n"].value) >= 2


def test_without_the_single_file_every_reader_gets_the_same_quads(docs, parallel, tmp_path):
    from kg.build import quad_files, whole_nquads
    from kg.dump import dump
    from kg.remote import graphs_of_build

    ref, _ = parallel
    out = tmp_path / "graph"
    build([docs], out, single_file=False)
    assert not (out / NQUADS).exists() and not (out / TRIG).exists()
    whole = (ref / NQUADS).read_bytes()
    assert b"".join(p.read_bytes() for p in quad_files(out)) == whole
    with whole_nquads(out) as path:
        assert path.read_bytes() == whole
    assert not path.exists()  # the temporary concatenation is removed
    assert {g: len(t) for g, t in graphs_of_build(out).items()} == {g: len(t) for g, t in graphs_of_build(ref).items()}
    dump(out, tmp_path / "d1")
    dump(ref, tmp_path / "d2")
    for f in (tmp_path / "d2").iterdir():
        assert (tmp_path / "d1" / f.name).read_bytes() == f.read_bytes(), f.name
    triples = lambda g: {str(q) for q in open_store(g).quads_for_pattern(None, None, None)}  # noqa: E731
    assert triples(out) == triples(ref)
    assert not list((out / "graphs").glob("*.trig"))  # TriG only goes with the single file
    # the same graph folder built again with the single file: the reused documents get their TriG
    summary = build([docs], out, single_file=True)
    assert summary.extracted == 0 and not summary.up_to_date
    for name in (NQUADS, TRIG):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    for f in (ref / "graphs").glob("*.trig"):
        assert (out / "graphs" / f.name).read_bytes() == f.read_bytes(), f.name
    assert build([docs], out, single_file=True).up_to_date
