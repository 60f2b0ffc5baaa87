"""`kg serve`: the read-only SPARQL 1.1 Protocol endpoint, over loopback, with real clients
(SPARQLWrapper, urllib, rdflib parsing the answers back) and the embedded store as the reference."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import unordered
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TURTLE, XML, SPARQLWrapper

from kg.cli import cli
from kg.errors import KGError, QueryError
from kg.queries import LocalEngine, run_saved, saved_queries
from kg.remote import RemoteEngine
from kg.server import make_server, negotiate

pytestmark = pytest.mark.slow
POL = "https://w3id.org/policykg/ontology#"
TASKS_PER_PLAN = f"""PREFIX pol: <{POL}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?plan ?title (COUNT(?t) AS ?tasks) WHERE {{
  ?plan a pol:Plan ; dcterms:title ?title . ?t pol:partOfPlan ?plan ; a pol:Task .
}} GROUP BY ?plan ?title ORDER BY ?plan"""
LABELS = """SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/policykg/ontology#")) } ORDER BY ?s ?label"""
PLANS_GRAPH = f"CONSTRUCT {{ ?p a <{POL}Plan> ; <http://purl.org/dc/terms/title> ?t }} WHERE {{ ?p a <{POL}Plan> ; <http://purl.org/dc/terms/title> ?t }}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 1000
TIMEOUT = 3.0


@pytest.fixture(scope="module")
def server(built_graph):
    srv = make_server(built_graph, host="127.0.0.1", port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2).start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def local(built_graph) -> LocalEngine:
    return LocalEngine.of(built_graph)


def http(url: str, data: dict | bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def local_rows(local: LocalEngine, q: str) -> list[tuple]:
    res = local.select(q)
    return [tuple(r.get(c) for c in res.columns) for r in res.rows]


def test_select_through_sparqlwrapper_in_json_and_xml(server, local):
    expected = [(p.value, t.value, int(n.value)) for p, t, n in local_rows(local, TASKS_PER_PLAN)]
    assert expected and all(n > 0 for *_, n in expected)
    sw = SPARQLWrapper(server.url)
    sw.setQuery(TASKS_PER_PLAN)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    got = [(b["plan"]["value"], b["title"]["value"], int(b["tasks"]["value"])) for b in data["results"]["bindings"]]
    assert got == expected
    assert data["results"]["bindings"][0]["tasks"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    sw.setReturnFormat(XML)
    doc = sw.query().convert()  # xml.dom.minidom
    rows = []
    for result in doc.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        rows.append((cells["plan"], cells["title"], int(cells["tasks"])))
    assert rows == expected


def test_languages_and_datatypes_survive_json_and_xml(server, local):
    expected = [(s.value, lab.value, lab.language) for s, lab in local_rows(local, LABELS)]
    assert {"zh", "en"} <= {lang for *_, lang in expected}
    status, _, body = http(server.url + "?" + urllib.parse.urlencode({"query": LABELS}))
    assert status == 200
    got = [(b["s"]["value"], b["label"]["value"], b["label"].get("xml:lang")) for b in json.loads(body)["results"]["bindings"]]
    assert got == expected
    status, _, body = http(server.url, {"query": LABELS}, {"Accept": "application/sparql-results+xml"})
    parsed = rdflib.query.Result.parse(io.BytesIO(body.encode()), format="xml")
    assert [(str(r[0]), str(r[1]), r[1].language) for r in parsed] == expected


def test_csv_and_tsv_by_accept_header(server, local):
    expected = local_rows(local, TASKS_PER_PLAN)
    status, headers, body = http(server.url, {"query": TASKS_PER_PLAN}, {"Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["plan", "title", "tasks"]
    assert rows[1:] == [[t.value for t in row] for row in expected]
    status, headers, body = http(server.url, {"query": TASKS_PER_PLAN}, {"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.rstrip("\n").split("\n")
    assert lines[0] == "?plan\t?title\t?tasks"
    assert lines[1:] == ["\t".join(str(t) for t in row) for row in expected]


def test_the_format_parameter_wins_over_accept(server):
    url = server.url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "xml"})
    status, headers, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and "sparql-results+xml" in headers["Content-Type"] and "<boolean>true</boolean>" in body


def test_construct_as_turtle_and_json_ld_parses_back(server, local):
    expected = rdflib.Graph().parse(
        data=ox.serialize(list(local.store.query(PLANS_GRAPH, use_default_graph_as_union=True)),
                          format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert len(expected) >= 8
    sw = SPARQLWrapper(server.url)
    sw.setQuery(PLANS_GRAPH)
    sw.setReturnFormat(TURTLE)
    turtle = sw.query().convert()
    assert isinstance(turtle, bytes) and b"@prefix pol:" in turtle
    assert set(rdflib.Graph().parse(data=turtle, format="turtle")) == set(expected)
    sw.setReturnFormat(JSONLD)
    graph = sw.query().convert()  # SPARQLWrapper parses JSON-LD into an rdflib graph
    assert set(graph) == set(expected)
    status, headers, body = http(server.url, {"query": PLANS_GRAPH}, {"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert set(rdflib.Graph().parse(data=body, format="json-ld")) == set(expected)


def test_get_post_form_and_post_sparql_query_agree(server):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }"
    answers = [
        http(server.url + "?" + urllib.parse.urlencode({"query": q})),
        http(server.url, {"query": q}),
        http(server.url, q.encode(), {"Content-Type": "application/sparql-query"}),
        http(server.url.replace("/sparql", "/query"), {"query": q}),
    ]
    assert {a[0] for a in answers} == {200}
    values = {json.loads(a[2])["results"]["bindings"][0]["n"]["value"] for a in answers}
    assert len(values) == 1 and int(values.pop()) > 0
    sw = SPARQLWrapper(server.url)
    sw.setMethod(POST)
    sw.setQuery(q)
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines()[1] == json.loads(answers[0][2])["results"]["bindings"][0]["n"]["value"]


def test_naming_a_graph_is_refused_with_advice(server, built_graph):
    """The served store is the union of the documents' graphs (no named graphs): a request that
    names one gets a 400 that says how to reach a document's statements instead."""
    from kg.iris import document_graph

    doc = next(p for p in json.loads((built_graph / "manifest.json").read_text(encoding="utf-8"))["documents"] if p["built"])
    q = f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{POL}Plan> }}"
    for params in ({"query": q, "default-graph-uri": document_graph(doc["name"]).value},
                   {"query": f"SELECT ?p WHERE {{ GRAPH ?g {{ ?p a <{POL}Plan> }} }}"}):
        status, _, body = http(server.url + "?" + urllib.parse.urlencode(params))
        assert status == 400 and "pol:partOfPlan" in body and "kg push" in body, body


def test_updates_are_refused(server, local):
    before = local_rows(local, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for status, _, body in (
        http(server.url, {"update": "DROP ALL"}),
        http(server.url, b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
        http(server.url, {"query": "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }"}),
        http(server.url + "?" + urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"})),
    ):
        assert status == 403 and "read-only" in body
    status, headers, body = http(server.url, b"<a:a> <a:b> <a:c> .", {"Content-Type": "application/n-triples"}, "PUT")
    assert status == 405 and "read-only" in body and headers["Allow"] == "GET, POST"
    sw = SPARQLWrapper(server.url)
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    with pytest.raises(Exception, match="403|Forbidden"):
        sw.query()
    status, _, body = http(server.url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == before[0][0].value


def test_bad_requests_get_clear_text_errors(server):
    status, headers, body = http(server.url, {"query": "SELECT * WHERE { ?s ?p }"})
    assert status == 400 and headers["Content-Type"].startswith("text/plain") and "syntax error" in body
    status, _, body = http(server.url, {"query": "ASK {}"}, {"Accept": "image/png"})
    assert status == 406 and "application/sparql-results+json" in body
    status, _, body = http(server.url, {"query": PLANS_GRAPH}, {"Accept": "text/csv"})
    assert status == 406 and "text/turtle" in body
    status, _, body = http(server.url, b"query=x", {"Content-Type": "text/plain"})
    assert status == 415 and "application/sparql-query" in body
    assert http(server.url, {"format": "json"})[0] == 400
    assert http(server.url.replace("/sparql", "/nothing"))[0] == 404
    status, _, body = http(server.url)
    assert status == 200 and "read-only SPARQL 1.1 endpoint" in body


def test_row_cap(server, local):
    total = int(local_rows(local, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0].value)
    assert total > MAX_ROWS
    status, headers, body = http(server.url, {"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert status == 422 and f"more than {MAX_ROWS} rows" in body and f"LIMIT {MAX_ROWS}" in body
    assert headers["X-Max-Rows"] == str(MAX_ROWS)
    status, _, body = http(server.url, {"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert status == 422 and f"more than {MAX_ROWS} triples" in body
    status, headers, body = http(server.url, {"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    with pytest.raises(QueryError, match=rf"{server.url} failed \(HTTP 422\): the result has more than {MAX_ROWS} rows"):
        RemoteEngine(server.url).select("SELECT * WHERE { ?s ?p ?o }")


def test_time_limit_stops_the_query_and_the_endpoint_keeps_working(server):
    pids = {w.proc.pid for w in server.pool._all}
    started = time.monotonic()
    status, _, body = http(server.url, {"query": SLOW})
    assert status == 503 and f"time limit of {TIMEOUT:g} s" in body
    assert time.monotonic() - started < 60  # it gave up instead of running the cross product out
    stopped = pids - {w.proc.pid for w in server.pool._all}
    assert len(stopped) == 1  # the worker running it was killed, not left computing
    (pid,) = stopped
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    status, _, body = http(server.url, {"query": "ASK { ?s ?p ?o }"})
    assert status == 200 and json.loads(body)["boolean"] is True
    with pytest.raises(QueryError, match=r"busy or stopped the query \(HTTP 503\): the query ran longer"):
        RemoteEngine(server.url).select(SLOW)


def test_a_runaway_query_does_not_hold_up_the_others(server):
    import threading

    finished: list[str] = []
    slow = threading.Thread(target=lambda: (http(server.url, {"query": SLOW}), finished.append("slow")))
    slow.start()
    time.sleep(0.3)
    status, _, _ = http(server.url, {"query": "ASK { ?s ?p ?o }"})
    finished.append("fast")
    slow.join()
    assert status == 200 and finished == ["fast", "slow"]


def test_every_saved_query_gives_the_embedded_answer_through_the_endpoint(server, local):
    remote = RemoteEngine(server.url)
    for name, query in saved_queries().items():
        values = {p.name: p.default for p in query.params if p.default is not None}
        expected, sparql = run_saved(name, values, local)
        got, remote_sparql = run_saved(name, values, remote)
        assert remote_sparql == sparql
        assert got.columns == expected.columns
        assert sorted(map(str, got.records())) == sorted(map(str, expected.records())), name


def test_push_to_the_read_only_endpoint_is_refused(server, built_graph):
    from kg.remote import push

    with pytest.raises(QueryError, match="403.*read-only"):
        push(built_graph, server.url)


def test_negotiation_rules():
    assert negotiate(None) == {"results": "json", "graph": "turtle"}
    assert negotiate("*/*") == {"results": "json", "graph": "turtle"}
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml") == {"results": "xml", "graph": None}
    assert negotiate("application/ld+json, text/turtle;q=0.9") == {"results": None, "graph": "jsonld"}
    assert negotiate("text/turtle;q=0, */*;q=0.1")["graph"] == "turtle"
    assert negotiate("application/sparql-results+json", ["tsv", "text/tab-separated-values"])["results"] == "tsv"
    assert negotiate(None, ["json-ld"]) == {"results": "json", "graph": "jsonld"}


def test_make_server_errors(tmp_path, built_graph):
    with pytest.raises(KGError, match="kg build"):
        make_server(tmp_path / "none", port=0)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(QueryError, match="cannot listen.*--port"):
            make_server(built_graph, port=taken.getsockname()[1], workers=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_kg_serve_command(built_graph, stop):
    """The real command in its own process: serves, answers, stops with its workers on Ctrl-C or kill."""
    port = free_port()
    kg = os.path.join(os.path.dirname(sys.executable), "kg")
    proc = subprocess.Popen([kg, "serve", "--graph", str(built_graph), "--port", str(port), "--timeout", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            try:
                status, _, body = http(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200 and json.loads(body)["boolean"] is True
        workers = children(proc.pid)
        assert len(workers) >= 2  # the query workers (and multiprocessing's resource tracker)
    finally:
        proc.send_signal(stop)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    err = proc.stderr.read().decode()
    assert f"http://127.0.0.1:{port}/sparql" in err and "Traceback" not in err
    for _ in range(100):
        left = [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"workers outlived the server: {left}"
    missing = CliRunner().invoke(cli, ["serve", "--graph", "/nonexistent/graph", "--port", str(free_port())])
    assert missing.exit_code == 1 and "kg build" in missing.stderr


def test_a_memory_endpoint_answers_every_saved_query_as_the_disk_store(built_graph, local):
    """``kg serve --memory``: the workers answer from a copy in memory, with the same answers."""
    srv = make_server(built_graph, host="127.0.0.1", port=0, timeout=30, max_rows=100_000, workers=1,
                      memory=True).start()
    try:
        remote = RemoteEngine(srv.url)
        for name, query in saved_queries().items():
            values = {p.name: p.default for p in query.params if p.default is not None}
            expected, _ = run_saved(name, values, local)
            got, _ = run_saved(name, values, remote)
            assert got.columns == expected.columns and unordered(got) == unordered(expected), name
        status, _, body = http(srv.url, {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"})
        assert status == 400 and "pol:partOfPlan" in body
    finally:
        srv.shutdown()
