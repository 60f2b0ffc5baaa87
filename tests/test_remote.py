"""Remote stores: `kg push` into a real `oxigraph serve` on 127.0.0.1, then every saved query must
give the same answer through `RemoteEngine` (SPARQLWrapper) as on the embedded store."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError, QueryError
from kg.queries import LocalEngine, enumerate_values, run_saved, saved_queries
from kg.remote import GRAPH_PREFIX, RemoteEngine, push

from conftest import CORPUS

pytestmark = pytest.mark.slow
SAVED = sorted(saved_queries())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = Path(sys.executable).with_name("oxigraph")
    if found.exists():
        return str(found)
    path = shutil.which("oxigraph")
    if not path:
        pytest.fail("the `oxigraph` server is missing; install the test extras: pip install -e '.[test]'")
    return path


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server (union default graph) on a free loopback port; yields its base URL."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    log = open(location.parent / f"oxigraph-{port}.log", "w+b")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: {log.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def pushed(oxigraph, built_graph) -> str:
    """The bundled graph pushed into the Oxigraph store; yields the query endpoint URL."""
    endpoint = oxigraph + "/query"
    report = push(built_graph, endpoint)
    assert report.method == "gsp" and report.target == oxigraph + "/store"
    return endpoint


def build_quads(graph_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in ox.parse(path=str(graph_dir / "policykg.nq"), format=ox.RdfFormat.N_QUADS):
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    return counts


def remote_quads(endpoint: str) -> dict[str, int]:
    rows = RemoteEngine(endpoint).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {r["g"].value: int(r["n"].value) for r in rows}


def example_values(query, engine, fill_optional: bool) -> dict[str, str]:
    """Each parameter's default, else (when asked) a value the graph offers for it."""
    values = {}
    for p in query.params:
        if p.default is not None:
            values[p.name] = p.default
        elif p.required or fill_optional:
            choices = enumerate_values(p, engine)
            if choices:
                values[p.name] = choices[0][0]
            elif p.type == "date":
                values[p.name] = "2025-12-31"
            elif p.type == "jurisdiction":
                rows = engine.select("SELECT ?l WHERE { ?plan a <https://w3id.org/policykg/ontology#Plan> ; "
                                     "<https://w3id.org/policykg/ontology#jurisdiction> ?j . "
                                     "?j <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 1").rows
                values[p.name] = rows[0]["l"].value
            elif p.type == "string":
                values[p.name] = "大气"
    return values


_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:;\s*separator\s*=\s*(\"[^\"]*\"|'[^']*'))?\s*\)"
                     r"\s*AS\s*\?(\w+)", re.IGNORECASE)


def concat_columns(sparql: str) -> dict[str, str]:
    """Columns made by GROUP_CONCAT, with their separators (SPARQL leaves the order inside undefined)."""
    return {m[2]: (m[1][1:-1] if m[1] else " ") for m in _CONCAT.finditer(sparql)}


def order_keys(sparql: str) -> list[str]:
    """The leading plain variables of the outer ORDER BY (``?x``, ``ASC(?x)``, ``DESC(?x)``)."""
    m = list(re.finditer(r"\bORDER\s+BY\b(.*)", sparql, re.IGNORECASE | re.DOTALL))
    if not m:
        return []
    keys = []
    for token in re.findall(r"(?:ASC|DESC)?\s*\(?\s*\?\w+\s*\)?|\S+", m[-1][1].split("LIMIT")[0].split("OFFSET")[0]):
        v = re.fullmatch(r"(?:ASC|DESC)?\s*\(?\s*\?(\w+)\s*\)?", token.strip(), re.IGNORECASE)
        if not v:
            break
        keys.append(v[1])
    return keys


def as_rows(result, concat: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """Rows as N-Triples forms of their terms (datatype and language included); the parts of a
    GROUP_CONCAT column are sorted, since stores may concatenate in any order."""
    concat = concat or {}

    def cell(r, c):
        if c not in r:
            return ""
        if c in concat and isinstance(r[c], ox.Literal):
            return "|".join(sorted(r[c].value.split(concat[c])))
        return str(r[c])

    return [tuple(cell(r, c) for c in result.columns) for r in result.rows]


# ----------------------------------------------------------------------------- push
def test_push_loads_one_named_graph_per_document_plus_vocabulary_and_ontology(pushed, built_graph):
    local = build_quads(built_graph)
    assert remote_quads(pushed) == local
    import json

    manifest = json.loads((built_graph / "manifest.json").read_text(encoding="utf-8"))
    built = [d["name"] for d in manifest["documents"] if d["built"]]
    docs = {g for g in local if g.startswith(GRAPH_PREFIX) and not g.endswith(("/vocabulary", "/ontology"))}
    assert len(docs) == len(built) and {GRAPH_PREFIX + "vocabulary", GRAPH_PREFIX + "ontology"} <= set(local)


@pytest.mark.parametrize("name", SAVED)
@pytest.mark.parametrize("fill_optional", [False, True], ids=["defaults", "all-params"])
def test_every_saved_query_answers_the_same_remotely(pushed, built_graph, name, fill_optional):
    local_engine, remote_engine = LocalEngine.of(built_graph), RemoteEngine(pushed)
    query = saved_queries()[name]
    values = example_values(query, local_engine, fill_optional)
    local, local_sparql = run_saved(name, values, local_engine)
    remote, remote_sparql = run_saved(name, values, remote_engine)
    assert remote_sparql == local_sparql  # parameters resolved through the remote store alike
    assert remote.columns == local.columns
    concat = concat_columns(query.sparql)
    assert sorted(as_rows(remote, concat)) == sorted(as_rows(local, concat))
    keys = [k for k in order_keys(query.sparql) if k in local.columns]
    if keys:  # the same order, as far as ORDER BY defines one (ties may come in any order)
        assert [tuple(str(r.get(k)) for k in keys) for r in remote.rows] == \
               [tuple(str(r.get(k)) for k in keys) for r in local.rows]
    if name not in ("tasks_overdue",):  # the others have answers in the bundled corpus
        assert local.rows, f"{name} gave no rows with {values}; the comparison would be empty"


def test_repush_replaces_graphs_without_duplicates(pushed, built_graph):
    first = remote_quads(pushed)
    report = push(built_graph, pushed)
    assert report.graphs == len(first) and report.quads == sum(first.values()) and not report.dropped
    assert remote_quads(pushed) == first == build_quads(built_graph)
    assert not report.warnings


def test_push_with_sparql_update_gives_the_same_store(pushed, built_graph):
    report = push(built_graph, pushed, method="update", chunk=700)  # several INSERT DATA per graph
    assert report.method == "update" and report.target.endswith("/update")
    assert remote_quads(pushed) == build_quads(built_graph)
    assert not report.warnings


def test_a_document_removed_from_the_build_loses_its_graph(pushed, built_graph, tmp_path):
    from kg.build import build

    docs = sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")
    built = [d for d in docs if (GRAPH_PREFIX + d.stem) in build_quads(built_graph)]
    removed, kept = built[0], [d for d in docs if d != built[0]]
    smaller = tmp_path / "graph"
    build(kept, smaller)
    try:
        report = push(smaller, pushed, progress=lambda m: None)
        assert report.dropped == [GRAPH_PREFIX + removed.stem]
        assert remote_quads(pushed) == build_quads(smaller)
        assert GRAPH_PREFIX + removed.stem not in remote_quads(pushed)
    finally:
        push(built_graph, pushed)
    assert remote_quads(pushed) == build_quads(built_graph)


def test_push_leaves_graphs_of_other_namespaces_alone(pushed, oxigraph, built_graph):
    other = "http://example.org/someone-elses-graph"
    req = urllib.request.Request(f"{oxigraph}/store?graph={urllib.parse.quote(other, safe='')}",
                                 data=b'<http://example.org/a> <http://example.org/b> "c" .\n',
                                 method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=10).close()
    try:
        push(built_graph, pushed)
        assert remote_quads(pushed)[other] == 1
    finally:
        urllib.request.urlopen(urllib.request.Request(
            f"{oxigraph}/store?graph={urllib.parse.quote(other, safe='')}", method="DELETE"), timeout=10).close()


def test_push_warns_when_the_default_graph_is_not_the_union(built_graph, tmp_path):
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        report = push(built_graph, f"http://127.0.0.1:{port}/query")
        assert any("--union-default-graph" in w for w in report.warnings)
    finally:
        proc.terminate()
        proc.wait(10)


def test_push_errors_name_the_url_and_what_to_do(built_graph, tmp_path):
    port = free_port()  # nothing listens there
    with pytest.raises(QueryError, match=rf"127\.0\.0\.1:{port}.*(kg serve|oxigraph serve)"):
        push(built_graph, f"http://127.0.0.1:{port}/query")
    with pytest.raises(KGError, match="kg build"):
        push(tmp_path / "nothing", f"http://127.0.0.1:{port}/query")
    with pytest.raises(QueryError, match="not an http"):
        push(built_graph, "ftp://example.org/query")


# ----------------------------------------------------------------------------- RemoteEngine
def test_remote_terms_keep_datatypes_and_languages(pushed, built_graph):
    q = """SELECT ?s ?label ?date WHERE {
      { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) != "") }
      UNION { ?s <http://www.w3.org/2006/time#inXSDDate> ?date } }"""
    local, remote = LocalEngine.of(built_graph).select(q), RemoteEngine(pushed).select(q)
    assert sorted(as_rows(remote)) == sorted(as_rows(local))
    langs = {r["label"].language for r in remote.rows if "label" in r}
    dates = {r["date"].datatype.value for r in remote.rows if "date" in r}
    assert {"zh", "en"} <= langs and dates == {"http://www.w3.org/2001/XMLSchema#date"}


def test_remote_errors_become_query_errors_naming_the_endpoint(pushed, oxigraph):
    with pytest.raises(QueryError, match=r"rejected the query \(HTTP 400\)") as e:
        RemoteEngine(pushed).select("SELECT * WHERE { ?s ?p }")
    assert pushed in str(e.value)
    with pytest.raises(QueryError, match="404.*check the URL"):
        RemoteEngine(oxigraph + "/no-such-endpoint").select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    port = free_port()
    with pytest.raises(QueryError, match=rf"cannot reach the SPARQL endpoint http://127\.0\.0\.1:{port}/query"):
        RemoteEngine(f"http://127.0.0.1:{port}/query").select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(QueryError, match="read-only"):
        RemoteEngine(pushed).select("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="only SELECT"):
        RemoteEngine(pushed).select("ASK { ?s ?p ?o }")


def test_remote_timeout_is_a_query_error():
    """A peer that accepts the connection and never answers (a stuck server)."""
    with socket.socket() as stuck:
        stuck.bind(("127.0.0.1", 0))
        stuck.listen()
        url = f"http://127.0.0.1:{stuck.getsockname()[1]}/query"
        with pytest.raises(QueryError, match=rf"no answer from the SPARQL endpoint {url} within 1 s"):
            RemoteEngine(url, timeout=1).select("SELECT * WHERE { ?s ?p ?o }")


def test_credentials_in_the_url_are_kept_out_of_messages():
    from kg.remote import split_credentials

    assert split_credentials("http://ann:s%40cret@127.0.0.1:3030/ds/query") == (
        "http://127.0.0.1:3030/ds/query", "ann", "s@cret")
    engine = RemoteEngine(f"http://ann:secret@127.0.0.1:{free_port()}/query")
    with pytest.raises(QueryError) as e:
        engine.select("SELECT * WHERE { ?s ?p ?o }")
    assert "secret" not in str(e.value)


# ----------------------------------------------------------------------------- CLI
@pytest.mark.parametrize("args", [["workload_by_department"], ["targets_by_indicator", "--format", "csv"],
                                  ["tasks_by_department", "-p", "department", "city ecology bureau", "--format", "jsonl"]])
def test_kg_query_with_endpoint_prints_what_the_local_graph_prints(pushed, built_graph, args):
    runner = CliRunner()
    local = runner.invoke(cli, ["query", *args, "--graph", str(built_graph)])
    remote = runner.invoke(cli, ["query", *args, "--endpoint", pushed])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert len(local.stdout.splitlines()) > 2
    # the same lines; rows tied under the query's ORDER BY may come in another order
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())


def test_kg_push_and_sparql_commands(pushed, built_graph, oxigraph):
    runner = CliRunner()
    result = runner.invoke(cli, ["push", "--graph", str(built_graph), "--endpoint", pushed])
    assert result.exit_code == 0, result.output
    graphs = build_quads(built_graph)
    assert f"Pushed {len(graphs)} graphs, {sum(graphs.values())} quads" in result.stdout
    bad = runner.invoke(cli, ["push", "--graph", str(built_graph), "--endpoint", pushed, "--method", "update",
                              "--update-url", oxigraph + "/nowhere"])
    assert bad.exit_code == 1 and "--update-url" in bad.stderr and "Traceback" not in bad.output
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"
    local = runner.invoke(cli, ["sparql", q, "--graph", str(built_graph), "--format", "csv"])
    remote = runner.invoke(cli, ["sparql", q, "--endpoint", pushed, "--format", "csv"])
    assert remote.exit_code == 0 and remote.stdout == local.stdout
    refused = runner.invoke(cli, ["sparql", "DROP ALL", "--endpoint", pushed])
    assert refused.exit_code == 1 and "read-only" in refused.stderr
    down = runner.invoke(cli, ["query", "plans", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert down.exit_code == 1 and "cannot reach" in down.stderr and "Traceback" not in down.output


@pytest.mark.parametrize("question", ["哪些部门与南阳市生态环境局共同承担任务",
                                      "which tasks does the city ecology bureau lead that are due by the end of 2024"])
def test_kg_ask_with_endpoint_answers_as_the_local_graph(pushed, built_graph, question):
    runner = CliRunner()
    local = runner.invoke(cli, ["ask", question, "--graph", str(built_graph), "--format", "jsonl"])
    remote = runner.invoke(cli, ["ask", question, "--endpoint", pushed, "--format", "jsonl"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stderr == local.stderr  # the same saved query and parameters were chosen
    assert local.stdout.strip()
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
