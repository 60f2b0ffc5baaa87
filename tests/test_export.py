"""Responsibility graph exports (kg.export, kg.draw) over the real built graph.

Expectations come from the flat task export (``task_rows``, itself checked against the hand
annotations) and from independent SPARQL, never from the export code: every file is read back
with networkx, the csv module or an XML parser and compared with those counts.
"""

from __future__ import annotations

import csv
import json
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import QueryError, UsageError
from kg.export import (ExportFilter, bipartite_graph, department_graph, export_responsibility,
                       responsibility_data, write_graph)
from kg.queries import LocalEngine, run_saved

ROLES = ("lead", "support", "implement")
ECO = "南阳市生态环境局"
KG = [sys.executable, "-m", "kg.cli"]


# ----------------------------------------------------------------------------- expectations
def expected(rows: list[dict]) -> dict:
    """Per unit (canonical name): tasks by role; per unordered pair: shared task IRIs and role pairs."""
    roles: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    shared: dict[frozenset, set] = defaultdict(set)
    pairs: dict[frozenset, Counter] = defaultdict(Counter)
    for rec in rows:
        members: dict[str, set] = defaultdict(set)
        for role in ROLES:
            for u in rec[role]:
                members[u["canonical"]].add(role)
                roles[u["canonical"]][role].add(rec["iri"])
        for a, b in combinations(sorted(members), 2):
            shared[frozenset((a, b))].add(rec["iri"])
            for pair in {"_".join(sorted((ra, rb), key=ROLES.index)) for ra in members[a] for rb in members[b]}:
                pairs[frozenset((a, b))][pair] += 1
    return {"roles": roles, "shared": shared, "pairs": pairs}


def labelled_edges(G: nx.Graph) -> dict[frozenset, dict]:
    return {frozenset((G.nodes[a]["label"], G.nodes[b]["label"])): d for a, b, d in G.edges(data=True)}


def check_department_graph(G: nx.Graph, exp: dict, lists_joined: bool) -> None:
    """Nodes, role counts, edges, weights, role pairs and task ids against ``exp``."""
    labels = {d["label"]: n for n, d in G.nodes(data=True)}
    assert set(labels) == set(exp["roles"])
    for name, by_role in exp["roles"].items():
        d = G.nodes[labels[name]]
        for role in ROLES:
            assert int(d[role]) == len(by_role.get(role, ())), (name, role)
        assert int(d["tasks"]) == len(set().union(*by_role.values()))
    edges = labelled_edges(G)
    assert set(edges) == set(exp["shared"])
    for key, tasks in exp["shared"].items():
        d = edges[key]
        assert int(d["weight"]) == len(tasks)
        ids = d["task_ids"].split(";") if lists_joined else d["task_ids"]
        assert set(ids) == tasks
        for pair in ("lead_lead", "lead_support", "lead_implement", "support_support", "support_implement",
                     "implement_implement"):
            assert int(d[pair]) == exp["pairs"][key][pair], (key, pair)
        roles = d["roles"].split(";") if lists_joined else d["roles"]
        assert set(roles) == {p.replace("_", "–") for p, n in exp["pairs"][key].items() if n}


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def engine(built_graph):
    return LocalEngine.of(built_graph)


@pytest.fixture(scope="module")
def exp(task_rows):
    return expected(task_rows)


@pytest.fixture(scope="module")
def dept_graph(engine):
    return department_graph(responsibility_data(engine))


@pytest.fixture(scope="module")
def bip_graph(engine):
    return bipartite_graph(responsibility_data(engine))


# ----------------------------------------------------------------------------- graphs in memory
def test_department_graph_matches_the_task_export(dept_graph, exp):
    check_department_graph(dept_graph, exp, lists_joined=False)


def test_bipartite_graph_has_one_edge_per_unit_and_task_with_its_role(bip_graph, task_rows):
    units = {n for n, d in bip_graph.nodes(data=True) if d["node_type"] == "unit"}
    tasks = {n for n, d in bip_graph.nodes(data=True) if d["node_type"] == "task"}
    assert nx.is_bipartite(bip_graph) and all(bip_graph.nodes[n]["bipartite"] == 0 for n in units)
    assert tasks == {r["iri"] for r in task_rows if r["lead"] or r["support"] or r["implement"]}
    expected_edges = Counter()
    for r in task_rows:
        for role in ROLES:
            for u in r[role]:
                expected_edges[(u["canonical"], r["iri"], role)] += 1
    got = Counter()
    for a, b, d in bip_graph.edges(data=True):
        unit, task = (a, b) if a in units else (b, a)
        for role in d["roles"]:
            got[(bip_graph.nodes[unit]["label"], task, role)] += 1
    assert set(got) == set(expected_edges)
    # the example: lead edges of 南阳市生态环境局 = tasks it leads in the flat export
    eco = next(n for n in units if bip_graph.nodes[n]["label"] == ECO)
    leads = [t for t in bip_graph[eco] if bip_graph.edges[eco, t]["role"] == "lead"]
    assert len(leads) == sum(1 for r in task_rows if any(u["canonical"] == ECO for u in r["lead"])) > 0
    task = bip_graph.nodes[leads[0]]
    row = next(r for r in task_rows if r["iri"] == leads[0])
    assert (task["label"], task["plan"], task["document"]) == (row["title"], row["plan"], row["document"])
    assert task["deadlines"] == sorted({d["date"] for d in row["deadlines"] if d["date"]})


def test_unit_attributes_come_from_the_graph(dept_graph, engine, task_rows):
    written = defaultdict(set)
    for r in task_rows:
        for role in ROLES:
            for u in r[role]:
                written[u["canonical"]].add(u["name"])
    result, _ = run_saved("departments", {}, engine)
    by_name = {r["unit"]: r for r in result.records()}
    for n, d in dept_graph.nodes(data=True):
        row = by_name[d["label"]]
        assert n == d["iri"] == row["iri"]
        assert d["department_type"] == (row["type"] or "") and d["department_type_en"] == (row["type_en"] or "")
        assert d["jurisdiction"] == (row["jurisdiction"] or "") and d["level"] == (row["level"] or "")
        assert written[d["label"]] <= set(d["written"]) | {d["label"]}
        if d["department_type_en"]:
            assert d["name_en"].startswith(d["department_type_en"])
    eco = next(d for _, d in dept_graph.nodes(data=True) if d["label"] == ECO)
    assert eco["kind"] == "Department" and "Ecology" in eco["name_en"] and eco["jurisdiction"] == "南阳市"


# ----------------------------------------------------------------------------- files, read back
def test_graphml_reads_back_with_declared_keys(dept_graph, exp, tmp_path):
    out = tmp_path / "g.graphml"
    write_graph(dept_graph, "graphml", out)
    check_department_graph(nx.read_graphml(out), exp, lists_joined=True)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
            for k in ET.parse(out).getroot().findall("g:key", ns)}
    assert keys[("node", "label")] == "string" and keys[("node", "name_en")] == "string"
    assert keys[("node", "lead")] in ("int", "long") and keys[("edge", "weight")] in ("int", "long")
    assert keys[("edge", "task_ids")] == "string" and keys[("edge", "roles")] == "string"
    # the same graph gives the same bytes
    again = tmp_path / "again.graphml"
    write_graph(dept_graph, "graphml", again)
    assert again.read_bytes() == out.read_bytes()


def test_gexf_reads_back_and_declares_attributes(dept_graph, exp, tmp_path):
    out = tmp_path / "g.gexf"
    write_graph(dept_graph, "gexf", out)
    check_department_graph(nx.read_gexf(out), exp, lists_joined=True)
    root = ET.parse(out).getroot()
    ns = {"x": root.tag[1:].split("}")[0]}
    declared = {(block.get("class"), a.get("title")) for block in root.iter(f"{{{ns['x']}}}attributes")
                for a in block.findall("x:attribute", ns)}
    for title in ("name_en", "iri", "kind", "department_type", "jurisdiction", "tasks", "lead", "support", "implement"):
        assert ("node", title) in declared
    for title in ("roles", "task_ids", "lead_support"):
        assert ("edge", title) in declared
    nodes = root.findall(".//x:node", ns)
    assert len(nodes) == dept_graph.number_of_nodes()
    assert ECO in {n.get("label") for n in nodes}  # Gephi shows the label
    assert root.find(".//x:graph", ns).get("defaultedgetype") == "undirected"


def test_node_link_json_keeps_lists(dept_graph, exp, tmp_path):
    out = tmp_path / "g.json"
    write_graph(dept_graph, "node-link", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    G = nx.node_link_graph(data, edges="edges")
    check_department_graph(G, exp, lists_joined=False)
    assert ECO in out.read_text(encoding="utf-8")  # written as UTF-8, not \\u escapes


def test_cytoscape_json_reads_back(dept_graph, exp, tmp_path):
    out = tmp_path / "g.cyjs"
    write_graph(dept_graph, "cytoscape", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {n["data"]["name"] for n in data["elements"]["nodes"]} == set(exp["roles"])
    G = nx.cytoscape_graph(data)
    check_department_graph(G, exp, lists_joined=False)


def test_csv_node_and_edge_lists(dept_graph, exp, tmp_path):
    out = tmp_path / "csv"
    files = write_graph(dept_graph, "csv", out)
    assert [f.name for f in files] == ["nodes.csv", "edges.csv"]
    with open(out / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(out / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    G = nx.Graph()
    for r in nodes:
        G.add_node(r["id"], **r)
    for r in edges:
        G.add_edge(r["source"], r["target"], **r)
    check_department_graph(G, exp, lists_joined=True)


def test_bipartite_formats_read_back(bip_graph, tmp_path):
    def labelled(G):  # undirected: each edge as (sorted labels, role)
        return {(tuple(sorted((G.nodes[a]["label"], G.nodes[b]["label"]))), d["role"])
                for a, b, d in G.edges(data=True)}

    want = labelled(bip_graph)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf),
                      ("node-link", lambda p: nx.node_link_graph(json.loads(p.read_text("utf-8")), edges="edges"))):
        out = tmp_path / f"b.{fmt}"
        write_graph(bip_graph, fmt, out)
        G = read(out)
        assert labelled(G) == want, fmt
        assert {d["node_type"] for _, d in G.nodes(data=True)} == {"unit", "task"}


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_png_drawing(engine, tmp_path):
    G = department_graph(responsibility_data(engine, ExportFilter(plans=["nanyang-2023-ecology-3yr-plan.txt"])))
    out = tmp_path / "g.png"
    write_graph(G, "png", out)
    w, h = png_size(out)
    assert w >= 1000 and h >= 800 and out.stat().st_size > 50_000


def test_svg_drawing_has_the_chinese_labels(engine, tmp_path):
    G = bipartite_graph(responsibility_data(engine, ExportFilter(department=ECO)))
    out = tmp_path / "g.svg"
    write_graph(G, "svg", out)
    root = ET.parse(out).getroot()
    texts = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    units = {d["label"] for _, d in G.nodes(data=True) if d["node_type"] == "unit"}
    assert units <= texts and ECO in texts
    from kg.draw import cjk_font

    assert cjk_font() in out.read_text(encoding="utf-8")  # the labels ask for the CJK font


def test_the_cjk_font_has_chinese_glyphs():
    from matplotlib import font_manager as fm
    from matplotlib.ft2font import FT2Font

    from kg.draw import cjk_font

    path = fm.findfont(fm.FontProperties(family=cjk_font()), fallback_to_default=False)
    font = FT2Font(path)
    assert all(font.get_char_index(ord(c)) for c in "南阳市生态环境局牵头")


def test_without_a_cjk_font_the_error_names_the_package():
    from matplotlib import font_manager as fm

    from kg.draw import cjk_font
    from kg.errors import KGError

    installed = {f.name for f in fm.fontManager.ttflist}
    latin = {n for n in installed if n.startswith(("DejaVu", "Liberation", "cm", "STIX"))}
    with pytest.raises(KGError, match="fonts-wqy-microhei"):
        cjk_font(latin)
    assert cjk_font(installed) == cjk_font()


def test_plotly_network_for_the_ui(dept_graph):
    from kg.draw import plotly_network

    fig = plotly_network(dept_graph, focus=ECO)
    node_traces = [t for t in fig.data if t.ids is not None]
    ids = [i for t in node_traces for i in t.ids]
    assert sorted(ids) == sorted(dept_graph.nodes)
    texts = {x for t in node_traces for x in t.text}
    assert ECO in texts
    hover = next(h for t in node_traces for i, h in zip(t.ids, t.hovertext) if dept_graph.nodes[i]["label"] == ECO)
    assert "Bureau of Ecology and Environment" in hover and "lead" in hover
    # the focus is ringed; edges widen with weight
    eco = next(n for n, d in dept_graph.nodes(data=True) if d["label"] == ECO)
    ringed = [i for t in node_traces for i, w in zip(t.ids, t.marker.line.width) if w > 1]
    assert ringed == [eco]
    lines = [t for t in fig.data if t.mode == "lines"]
    assert sum(len(t.x) for t in lines) == 3 * dept_graph.number_of_edges()  # a, b, gap per edge
    assert len({t.line.width for t in lines}) > 1
    empty = plotly_network(nx.Graph())
    assert not empty.data and empty.layout.annotations


# ----------------------------------------------------------------------------- filters
def tasks_of(G: nx.Graph) -> set[str]:
    return {n for n, d in G.nodes(data=True) if d["node_type"] == "task"}


def test_plan_filter(engine, task_rows):
    doc = "nanzhao-2024-blue-sky-plan.txt"
    G = bipartite_graph(responsibility_data(engine, ExportFilter(plans=[doc])))
    assert tasks_of(G) == {r["iri"] for r in task_rows
                           if r["document"] == doc and (r["lead"] or r["support"] or r["implement"])}
    # a plan by its title gives the same graph
    title = next(r["plan"] for r in task_rows if r["document"] == doc)
    assert tasks_of(bipartite_graph(responsibility_data(engine, ExportFilter(plans=[title])))) == tasks_of(G)


def test_role_filter(engine, task_rows):
    G = bipartite_graph(responsibility_data(engine, ExportFilter(roles=["lead"])))
    assert {d["role"] for *_, d in G.edges(data=True)} == {"lead"}
    assert G.number_of_edges() == len({(r["iri"], u["canonical"]) for r in task_rows for u in r["lead"]})
    D = department_graph(responsibility_data(engine, ExportFilter(roles=["牵头"])))
    assert all(d["weight"] == d["lead_lead"] for *_, d in D.edges(data=True))


def test_department_filter_gives_its_neighbourhood(engine, task_rows):
    G = department_graph(responsibility_data(engine, ExportFilter(department=ECO)))
    mine = [r for r in task_rows if any(u["canonical"] == ECO for role in ROLES for u in r[role])]
    assert {d["label"] for _, d in G.nodes(data=True)} == {u["canonical"] for r in mine
                                                           for role in ROLES for u in r[role]}
    eco = next(n for n, d in G.nodes(data=True) if d["label"] == ECO)
    assert G.nodes[eco]["tasks"] == len(mine)


def test_department_type_filter_accepts_english(engine):
    G = department_graph(responsibility_data(engine, ExportFilter(department_types=["ecology bureau"])))
    result, _ = run_saved("departments", {}, engine)
    want = {r["unit"] for r in result.records() if r["type"] == "生态环境局" and int(r["tasks"]) > 0}
    assert {d["label"] for _, d in G.nodes(data=True)} == want and ECO in want
    same = department_graph(responsibility_data(engine, ExportFilter(department_types=["环保局"])))
    assert set(same.nodes) == set(G.nodes)


def test_deadline_range(engine, task_rows):
    G = bipartite_graph(responsibility_data(engine, ExportFilter(due_from="2024-01-01", due_to="2024-12-31")))
    want = {r["iri"] for r in task_rows if any(d["date"] and "2024-01-01" <= d["date"] <= "2024-12-31"
                                               for d in r["deadlines"])}
    assert tasks_of(G) == want and want
    # a year as the start means its first day
    same = bipartite_graph(responsibility_data(engine, ExportFilter(due_from="2024", due_to="2024")))
    assert tasks_of(same) == want


def test_jurisdiction_takes_in_the_places_within(engine, task_rows):
    county = next(r["jurisdiction"] for r in task_rows if r["jurisdiction"].endswith("县"))
    G = bipartite_graph(responsibility_data(engine, ExportFilter(jurisdictions=[county])))
    assert tasks_of(G) == {r["iri"] for r in task_rows if r["jurisdiction"] == county}
    rows = engine.select(f"""PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?outer WHERE {{ ?j rdfs:label "{county}" ; pol:within ?o . ?o rdfs:label ?outer }}""").records()
    outer = rows[0]["outer"]
    wide = bipartite_graph(responsibility_data(engine, ExportFilter(jurisdictions=[outer])))
    assert tasks_of(wide) == {r["iri"] for r in task_rows if r["jurisdiction"] in (outer, county)}


@pytest.mark.parametrize("flt, words", [
    (ExportFilter(plans=["南杨"]), ["plan", "南杨", "南阳市"]),
    (ExportFilter(jurisdictions=["南阳县"]), ["jurisdiction", "南阳市"]),
    (ExportFilter(department_types=["环境局"]), ["department type", "生态环境局"]),
    (ExportFilter(department="南阳市生态局"), ["department", ECO]),
    (ExportFilter(roles=["boss"]), ["lead, support or implement"]),
    (ExportFilter(due_to="soon"), ["due-to", "YYYY-MM-DD"]),
])
def test_unknown_filter_values_name_close_matches(engine, flt, words):
    with pytest.raises(QueryError) as e:
        responsibility_data(engine, flt)
    assert all(w in str(e.value) for w in words), str(e.value)


def test_reversed_range_and_empty_result(engine, built_graph, tmp_path):
    with pytest.raises(UsageError, match="after"):
        responsibility_data(engine, ExportFilter(due_from="2025-01-01", due_to="2024-01-01"))
    out = tmp_path / "none.gexf"
    with pytest.raises(QueryError, match="no task matches"):
        export_responsibility(built_graph, ExportFilter(due_to="1990-01-01"), fmt="gexf", out=out)
    assert not out.exists()


def test_filter_values_stay_literals(engine):
    with pytest.raises(QueryError):
        responsibility_data(engine, ExportFilter(plans=['x" } ; DROP ALL ; #']))


# ----------------------------------------------------------------------------- atomic writes and the CLI
def test_a_failed_write_leaves_no_partial_file(dept_graph, tmp_path):
    out = tmp_path / "g.json"
    write_graph(dept_graph, "node-link", out)
    before = out.read_bytes()
    bad = dept_graph.copy()
    bad.add_node("x", label="x", thing=object())  # JSON cannot hold it: fails while writing
    with pytest.raises(TypeError):
        write_graph(bad, "node-link", out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]


def run(*args):
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=120)


def test_cli_export_gexf(built_graph, tmp_path, exp):
    out = tmp_path / "sub" / "r.gexf"
    proc = run("export", "responsibility", "--graph", str(built_graph), "--format", "gexf", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    G = nx.read_gexf(out)
    line = proc.stdout.strip()
    assert f"{G.number_of_nodes()} nodes" in line and f"{G.number_of_edges()} edges" in line and str(out) in line
    check_department_graph(G, exp, lists_joined=True)


def test_cli_infers_the_format_and_filters(built_graph, tmp_path, task_rows):
    out = tmp_path / "b.json"
    proc = run("export", "responsibility", "--graph", str(built_graph), "--graph-kind", "bipartite", "--role", "lead",
               "--department", ECO, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    G = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="edges")
    assert len(tasks_of(G)) == sum(1 for r in task_rows if any(u["canonical"] == ECO for u in r["lead"]))


def test_cli_errors_are_one_line(built_graph, tmp_path):
    proc = run("export", "responsibility", "--graph", str(built_graph), "--plan", "南杨",
               "--out", str(tmp_path / "x.gexf"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "南阳市" in proc.stderr
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "x.gexf"
    proc = run("export", "responsibility", "--graph", str(built_graph), "--out", str(out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "cannot" in proc.stderr
    assert blocker.read_text() == "not a folder"
    proc = run("export", "responsibility", "--graph", str(built_graph), "--out", str(tmp_path / "x.docx"))
    assert proc.returncode == 2 and "--format" in proc.stderr
    assert not any(p.suffix in (".gexf", ".tmp", ".docx") for p in tmp_path.rglob("*"))


# ----------------------------------------------------------------------------- a remote endpoint
@pytest.fixture(scope="module")
def endpoint(built_graph, tmp_path_factory):
    """The built graph in a real read-only `oxigraph serve` on loopback; yields the query URL."""
    import shutil
    import socket
    import time
    import urllib.request

    binary = Path(sys.executable).with_name("oxigraph")
    binary = str(binary) if binary.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.fail("the `oxigraph` server is missing; install the test extras: pip install -e '.[test]'")
    location = tmp_path_factory.mktemp("oxigraph-export")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(built_graph / "policykg.nq")],
                   check=True, capture_output=True, timeout=120)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("oxigraph serve-read-only did not start")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
def test_a_remote_endpoint_gives_the_same_graph(endpoint, engine, tmp_path):
    from kg.remote import RemoteEngine

    flt = ExportFilter(department=ECO, roles=["lead", "support"])
    local = department_graph(responsibility_data(engine, flt))
    remote = department_graph(responsibility_data(RemoteEngine(endpoint), flt))
    assert dict(remote.nodes(data=True)) == dict(local.nodes(data=True))
    assert {frozenset((a, b)): d for a, b, d in remote.edges(data=True)} == \
        {frozenset((a, b)): d for a, b, d in local.edges(data=True)}
    out = tmp_path / "remote.graphml"
    proc = run("export", "responsibility", "--endpoint", endpoint, "--department", ECO, "--role", "lead",
               "--role", "support", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert nx.read_graphml(out).number_of_nodes() == local.number_of_nodes()
