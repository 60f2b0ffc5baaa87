"""The command line as a user runs it: real processes, real files, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from conftest import CORPUS, GOLDEN, ROOT

KG = [sys.executable, "-m", "kg.cli"]
MAIN_GENRE = sorted(p.name for p in CORPUS.glob("*.txt") if (GOLDEN / (p.stem + ".json")).exists()
                    and "chapters" not in json.loads((GOLDEN / (p.stem + ".json")).read_text("utf-8")))


def run(*args, cwd=ROOT, input=None):
    proc = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, input=input, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    """build_graph.py on the four main-genre documents."""
    out = tmp_path_factory.mktemp("cli") / "graph"
    proc = run(sys.executable, "build_graph.py", *[str(CORPUS / n) for n in MAIN_GENRE], "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Built 4 plans from 4 documents" in proc.stdout
    return out


def test_build_graph_prints_a_summary_and_writes_the_files(small_graph):
    for name in ("policykg.nq", "policykg.trig", "ontology.owl", "manifest.json"):
        assert (small_graph / name).stat().st_size > 0
    manifest = json.loads((small_graph / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["tasks"] == sum(len(json.loads((GOLDEN / (n[:-4] + ".json")).read_text("utf-8"))["tasks"])
                                              for n in MAIN_GENRE)


def test_two_builds_are_byte_identical(small_graph, tmp_path):
    out = tmp_path / "again"
    run(sys.executable, "build_graph.py", *[str(CORPUS / n) for n in MAIN_GENRE], "--out", str(out))
    for name in ("policykg.nq", "policykg.trig", "ontology.owl", "manifest.json"):
        assert (out / name).read_bytes() == (small_graph / name).read_bytes(), name


def test_a_rebuild_with_nothing_changed_says_so(small_graph, tmp_path):
    out = tmp_path / "graph"
    shutil.copytree(small_graph, out)
    proc = run(sys.executable, "build_graph.py", *[str(CORPUS / n) for n in MAIN_GENRE], "--out", str(out))
    assert proc.returncode == 0 and "is up to date" in proc.stderr
    (tmp_path / "one.txt").write_bytes((CORPUS / MAIN_GENRE[0]).read_bytes())
    proc = run(sys.executable, "build_graph.py", str(tmp_path / "one.txt"), *[str(CORPUS / n) for n in MAIN_GENRE],
               "--out", str(out))
    assert proc.returncode == 0 and "up to date" not in proc.stderr


def test_a_bad_document_is_skipped_and_the_rest_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / MAIN_GENRE[0], docs)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "notes.txt").write_text("这是一段没有任务的说明文字。\n", encoding="utf-8")
    out = tmp_path / "graph"
    proc = run(sys.executable, "build_graph.py", str(docs), "--out", str(out))
    assert proc.returncode == 1
    assert "Built 1 plan from 3 documents" in proc.stdout
    assert "empty.txt: the file is empty (skipped)" in proc.stderr
    assert "notes.txt: no tasks found" in proc.stderr
    assert (out / "policykg.nq").exists()


def test_usage_errors_exit_2(tmp_path):
    assert run(sys.executable, "build_graph.py", "--no-such-option").returncode == 2
    proc = run(sys.executable, "build_graph.py", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "g"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_tasks_jsonl_follows_the_export_contract(small_graph):
    proc = run(*KG, "tasks", "--graph", str(small_graph))
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 101
    keys = {"document", "plan", "jurisdiction", "action", "action_title", "number", "title", "lead", "support",
            "implement", "deadlines", "iri"}
    assert all(keys <= set(r) for r in rows)
    first = rows[0]
    assert first["document"] in MAIN_GENRE and first["lead"][0].keys() == {"name", "canonical"}


def test_tasks_csv_and_table(small_graph):
    out = run(*KG, "tasks", "--graph", str(small_graph), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 101 and "→" in "".join(r["deadlines"] for r in rows)
    table = run(*KG, "tasks", "--graph", str(small_graph), "--format", "table").stdout
    assert table.rstrip().endswith("(101 rows)")


def test_commands_on_a_missing_graph_say_what_to_do(tmp_path):
    proc = run(*KG, "tasks", "--graph", str(tmp_path / "none"))
    assert proc.returncode == 1
    assert "run `kg build`" in proc.stderr


def test_query_and_sparql(small_graph):
    proc = run(*KG, "query", "tasks_by_department", "-p", "department", "市生态环境局", "-p", "due", "2024-12-31",
               "--graph", str(small_graph), "--format", "jsonl")
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert rows and all(r["date"] <= "2024-12-31" and r["unit"].endswith("市生态环境局") for r in rows)
    proc = run(*KG, "sparql", "-", "--graph", str(small_graph), "--format", "csv",
               input="SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }")
    assert proc.stdout.splitlines() == ["n", "101"]


def test_sparql_refuses_updates_and_bad_syntax(small_graph):
    proc = run(*KG, "sparql", "DROP ALL", "--graph", str(small_graph))
    assert proc.returncode == 1 and "read-only" in proc.stderr
    proc = run(*KG, "sparql", "SELEC ?x WHERE {}", "--graph", str(small_graph))
    assert proc.returncode == 1 and "syntax error" in proc.stderr


def test_queries_lists_every_saved_query():
    proc = run(*KG, "queries", "--format", "jsonl")
    names = {json.loads(x)["name"] for x in proc.stdout.splitlines()}
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}


def test_validate_the_built_graph(small_graph):
    proc = run(*KG, "validate", "--graph", str(small_graph), "--no-reasoner")
    assert proc.returncode == 0, proc.stdout
    assert "conforms" in proc.stdout


def test_a_build_without_the_single_file_still_validates_and_answers(tmp_path):
    out = tmp_path / "graph"
    proc = run(*KG, "build", *[str(CORPUS / n) for n in MAIN_GENRE[:2]], "--out", str(out), "--no-single-file")
    assert proc.returncode == 0, proc.stderr
    assert not (out / "policykg.nq").exists() and not (out / "policykg.trig").exists()
    assert (out / "shared.nq").is_file() and len(list((out / "graphs").glob("*.nq"))) == 2
    proc = run(*KG, "validate", "--graph", str(out), "--no-reasoner")
    assert proc.returncode == 0 and "conforms" in proc.stdout, proc.stdout + proc.stderr
    proc = run(*KG, "sparql", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", "--graph", str(out))
    assert proc.returncode == 1 and "prov:wasDerivedFrom" in proc.stderr and "kg push" in proc.stderr
    # asked for again, the single file is written (and the build is not "up to date")
    proc = run(*KG, "build", *[str(CORPUS / n) for n in MAIN_GENRE[:2]], "--out", str(out), "--single-file")
    assert proc.returncode == 0 and (out / "policykg.nq").is_file(), proc.stderr
    assert "up to date" not in proc.stderr and len(list((out / "graphs").glob("*.trig"))) == 2
