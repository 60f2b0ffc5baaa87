"""The web UI through ``gradio_client`` against the app launched on loopback over the real built
graph. Expected answers come from the hand annotations (tests/golden) and from the flat task
export of the same graph (``task_rows``), not from the UI's own code."""

from __future__ import annotations

import csv
import html
import io
import json
import socket
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from test_mission import expected_from_golden

pytestmark = pytest.mark.slow

MISSION_ZH = "市生态环境局牵头、2024年底前完成的任务有哪些"
MISSION_EN = "Which tasks does the city ecology bureau lead that are due by the end of 2024?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_app(graph_dir: Path):
    """Launch the UI in this process on a free loopback port; returns (app, url)."""
    from kg.ui import create_app

    app = create_app(graph_dir)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    return app, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def ui(built_graph):
    app, url = launch_app(built_graph)
    yield url
    app.close()


@pytest.fixture(scope="module")
def client(ui):
    from gradio_client import Client

    return Client(ui, verbose=False)


def table(value) -> list[dict[str, str]]:
    """A Dataframe value as returned by the client → list of row dicts."""
    return [dict(zip(value["headers"], row)) for row in value["data"]]


def mission_triples(rows: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(r["jurisdiction"], r["title"], r["date"]) for r in rows}


def app_error(client, *args, api_name: str) -> str:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as e:
        client.predict(*args, api_name=api_name)
    return str(e.value)


# ----------------------------------------------------------------------------- Ask
@pytest.mark.parametrize("question, lang", [(MISSION_ZH, "zh"), (MISSION_EN, "en")])
def test_mission_question_in_both_languages(client, question, lang):
    explanation, answer, sparql = client.predict(question, lang, api_name="/ask")
    rows = table(answer)
    want = {w[:3] for w in expected_from_golden()}
    assert mission_triples(rows) == want
    assert "tasks_by_department" in explanation and ("理解为" if lang == "zh" else "Understood as") in explanation
    assert "VALUES ?_due" in sparql and "SELECT" in sparql
    # the table's download holds the same rows
    path = client.predict(answer, "csv", api_name="/download_table")
    with open(path, encoding="utf-8") as f:
        assert {(r["jurisdiction"], r["title"], r["date"]) for r in csv.DictReader(f)} == want


def test_canned_question_with_pickers_gives_the_mission_answer(client):
    rows = table(client.predict("tasks_by_department", "市生态环境局", "lead", "2024-12-31", None, None, None, None,
                                None, "en", api_name="/run_query")[1])
    assert mission_triples(rows) == {w[:3] for w in expected_from_golden()}
    # a date picker may send a date-time; the day counts
    rows2 = table(client.predict("tasks_by_department", "市生态环境局", "lead", "2024-12-31 00:00:00", None, None, None,
                                 None, None, "zh", api_name="/run_query")[1])
    assert mission_triples(rows2) == mission_triples(rows)


def test_canned_department_by_canonical_name_matches_task_export(client, task_rows):
    unit = "南阳市生态环境局"
    rows = table(client.predict("tasks_by_department", unit, "support", None, None, None, None, None, None, "zh",
                                api_name="/run_query")[1])
    want = {t["iri"] for t in task_rows if any(u["canonical"] == unit for u in t["support"])}
    assert want and {r["task"] for r in rows} == want


def test_query_form_shows_the_pickers_of_each_question(client):
    form = client.predict("tasks_due_between", "en", api_name="/query_form")
    shown = [f.get("visible") for f in form]
    # slots: department, role, date1, date2, plan, jurisdiction, indicator, text
    assert shown == [False, False, True, True, False, True, False, False]
    assert form[2]["label"] == "from" and form[2]["value"] == "2024-01-01"
    form_zh = client.predict("tasks_by_department", "zh", api_name="/query_form")
    assert [f.get("visible") for f in form_zh][:3] == [True, True, True]
    assert form_zh[0]["label"] == "部门" and form_zh[0]["value"] == "市生态环境局"


def test_task_source_highlights_the_sentence(client, task_rows, built_graph):
    from kg.build import document_text

    task = next(t for t in task_rows if t["deadlines"])
    out = client.predict(task["iri"], "zh", api_name="/task_source")
    assert task["document"] in out
    marked = out.split("<mark", 1)[1].split("</mark>", 1)[0]
    text = html.unescape(marked.split(">", 1)[1])
    plain = "".join(part.split(">", 1)[-1] for part in text.split("<"))
    assert task["title"] in plain and plain in document_text(built_graph, task["document"])
    # the deadline as written is marked inside the passage
    assert "kg-deadline" in marked and task["deadlines"][0]["text"] in html.unescape(marked)


def test_highlight_nests_parts_and_escapes():
    from kg.ui.handlers import highlight

    text = "前言\n1.到 2025 年<达标>。（市局牵头）\n后文"
    start, end = text.index("1."), text.index("\n后")
    target = (text.index("到"), text.index("。"), "target")
    deadline = (text.index("2025"), text.index("年") + 1, "deadline")
    crossing = (text.index("达"), text.index("（") + 2, "note")  # crosses the target's end: left out
    out = highlight(text, start, end, [deadline, target, crossing], context=0)
    assert "&lt;达标&gt;" in out and "<达标>" not in out
    inner = out.split("<mark", 1)[1]
    assert inner.index("kg-target") < inner.index("kg-deadline") < inner.index("2025")
    assert "kg-note" not in out
    assert inner.count("<span") == inner.count("</span>") == 2


# ----------------------------------------------------------------------------- Departments
def test_department_view_lists_its_tasks_by_role(client, task_rows):
    unit = "新乡市生态环境局"
    summary, answer, timeline = client.predict(unit, "zh", api_name="/department")
    rows = table(answer)
    for role in ("lead", "support", "implement"):
        want = {t["iri"] for t in task_rows if any(u["canonical"] == unit for u in t[role])}
        assert {r["task"] for r in rows if r["role"] == role} == want
        assert f"{len(want)} 项" in summary
    assert timeline is not None


def test_department_network_and_download(client, task_rows):
    unit = "驻马店市生态环境局"
    fig = client.predict(unit, api_name="/department_network")
    assert fig is not None
    path = client.predict(unit, "graphml", api_name="/department_graph")
    G = nx.read_graphml(path)
    labels = {d.get("label") or d.get("name") for _, d in G.nodes(data=True)}
    assert unit in labels
    # its neighbours are exactly the units named with it in some task
    partners = {u["canonical"] for t in task_rows
                if any(u["canonical"] == unit for r in ("lead", "support", "implement") for u in t[r])
                for r in ("lead", "support", "implement") for u in t[r]} - {unit}
    assert labels - {unit} == partners


# ----------------------------------------------------------------------------- Plans
def test_plan_outline_has_every_task(client, task_rows):
    doc = "xinxiang-2023-ecology-3yr-plan.txt"
    info, outline, tasks, text = client.predict(doc, "en", api_name="/plan")
    mine = [t for t in task_rows if t["document"] == doc]
    assert mine and mine[0]["plan"] in info
    for t in mine:
        assert html.escape(t["title"]) in outline
    assert [c[1] for c in tasks["choices"]] == [t["iri"] for t in mine]
    assert mine[0]["title"] in text


# ----------------------------------------------------------------------------- SPARQL
COUNT_TASKS = "PREFIX pol: <https://w3id.org/policykg/ontology#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }"


def test_sparql_counts_and_downloads(client, task_rows):
    note, answer = client.predict(COUNT_TASKS, "en", api_name="/sparql")
    assert table(answer) == [{"n": str(len(task_rows))}]
    with open(client.predict(answer, "csv", api_name="/download_table"), encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == [{"n": str(len(task_rows))}]
    with open(client.predict(answer, "json", api_name="/download_table"), encoding="utf-8") as f:
        assert json.load(f) == [{"n": str(len(task_rows))}]


@pytest.mark.parametrize("update", [
    "PREFIX pol: <https://w3id.org/policykg/ontology#> DELETE WHERE { ?t a pol:Task }",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DROP ALL",
    "# a comment first\nCLEAR DEFAULT",
])
def test_sparql_tab_cannot_change_the_graph(client, task_rows, update):
    message = app_error(client, update, "zh", api_name="/sparql")
    assert "read-only" in message
    assert table(client.predict(COUNT_TASKS, "en", api_name="/sparql")[1]) == [{"n": str(len(task_rows))}]


def test_sparql_row_cap_and_errors(client):
    from kg.ui.handlers import SPARQL_MAX_ROWS

    note, answer = client.predict("SELECT * WHERE { ?s ?p ?o }", "en", api_name="/sparql")
    assert len(answer["data"]) == SPARQL_MAX_ROWS and f"first {SPARQL_MAX_ROWS}" in note
    assert "syntax error" in app_error(client, "SELECT WHERE {", "en", api_name="/sparql")
    assert "ask" in table(client.predict("ASK { ?s ?p ?o }", "en", api_name="/sparql")[1])[0]


def test_sparql_time_limit(built_graph):
    from kg.errors import QueryError
    from kg.ui.handlers import run_sparql

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="time limit"):
        run_sparql(built_graph, slow, timeout=0.5)


def test_saved_query_as_sparql_example(client):
    text = client.predict("tasks_by_department", api_name="/sparql_example")
    assert "VALUES ?_department" in text and "VALUES ?_role" in text
    rows = table(client.predict(text, "zh", api_name="/sparql")[1])
    assert rows and {"title", "unit", "task"} <= set(rows[0])


# ----------------------------------------------------------------------------- Export
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link", "cytoscape", "csv", "png", "svg"])
def test_export_every_format(client, task_rows, fmt):
    doc = "nanyang-2023-ecology-3yr-plan.txt"
    path, report = client.predict([doc], [], ["lead"], [], None, None, "2024-12-31", "bipartite", fmt,
                                  api_name="/export")
    data = Path(path).read_bytes()
    tasks = {t["iri"] for t in task_rows if t["document"] == doc and t["lead"]
             and any(d["date"] and d["date"] <= "2024-12-31" for d in t["deadlines"])}
    if fmt == "graphml":
        G = nx.read_graphml(path)
        assert tasks <= set(G.nodes)
    elif fmt == "gexf":
        assert tasks <= set(nx.read_gexf(path).nodes)
    elif fmt == "node-link":
        assert tasks <= {n["id"] for n in json.loads(data)["nodes"]}
    elif fmt == "cytoscape":
        assert tasks <= {n["data"]["id"] for n in json.loads(data)["elements"]["nodes"]}
    elif fmt == "csv":
        with zipfile.ZipFile(path) as z:
            assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
            nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
        assert tasks <= {n["id"] for n in nodes}
    elif fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert b"<svg" in data[:2000]
    assert "nodes" in report and "/tmp" not in report


def test_export_with_no_match_is_a_message(client):
    message = app_error(client, [], [], [], [], None, "1990-01-01", "1990-12-31", "departments", "graphml",
                        api_name="/export")
    assert "no task matches" in message


# ----------------------------------------------------------------------------- errors, binding
def test_errors_are_messages(client):
    assert "no department matches" in app_error(client, "tasks_by_department", "不存在的局", "lead", None, None, None,
                                                None, None, None, "zh", api_name="/run_query")
    assert "not a date" in app_error(client, "tasks_by_department", "市生态环境局", "lead", "31/12/2024", None, None,
                                     None, None, None, "en", api_name="/run_query")
    assert "question" in app_error(client, "   ", "en", api_name="/ask")
    assert app_error(client, "what is the weather like", "en", api_name="/ask")
    assert "not a task IRI" in app_error(client, "not an iri", "en", api_name="/task_source")
    message = app_error(client, "no such plan", "zh", api_name="/plan")
    assert "Traceback" not in message and "no plan matches" in message


def test_binds_loopback_by_default():
    import inspect

    from kg.cli import ui_command
    from kg.ui import launch

    assert inspect.signature(launch).parameters["host"].default == "127.0.0.1"
    host = next(p for p in ui_command.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_missing_graph_is_a_clear_error(tmp_path):
    from kg.errors import GraphNotBuiltError
    from kg.ui import create_app

    with pytest.raises(GraphNotBuiltError, match="kg build"):
        create_app(tmp_path / "nothing")


def test_ui_py_without_a_graph_says_what_to_do(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    run = subprocess.run([sys.executable, "ui.py", "--graph", str(tmp_path / "none"), "--port", str(free_port())],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "kg build" in run.stderr and "Traceback" not in run.stderr
