"""Every saved query runs against the bundled graph, and its answer is checked against what the
documents say — expectations come from the hand annotations in tests/golden/ (or, for text
search, from a plain scan of the raw files), never from the extractor."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import pytest

from conftest import CORPUS, GOLDEN
from kg.errors import QueryError
from kg.queries import LocalEngine, bind, get_saved_query, parse_saved_query, run_saved, saved_queries

GOLDENS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
ROLES = ("lead", "support", "implement")


def golden_tasks():
    for g in GOLDENS:
        for t in g["tasks"]:
            yield g, t


@pytest.fixture(scope="module")
def engine(built_graph):
    return LocalEngine.of(built_graph)


def triple_count(engine) -> int:
    return int(engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value)


# ------------------------------------------------------------------------------- metadata
def test_every_saved_query_has_bilingual_metadata_and_runs_with_defaults(engine):
    queries = saved_queries()
    assert len(queries) >= 12
    for name, q in queries.items():
        assert q.summary.get("zh") and q.summary.get("en"), name
        assert q.description.get("zh") and q.description.get("en"), name
        assert q.tags, name
        result, sparql = run_saved(name, {}, engine)
        assert result.columns, name
        assert result.rows, f"{name} returned nothing with its defaults"


def test_enumeration_queries_fill_dropdowns(engine):
    from kg.queries import enumerate_values

    q = get_saved_query("tasks_by_department")
    values = enumerate_values(q.param("department"), engine)
    assert ("南阳市生态环境局", "南阳市生态环境局") in values
    plans = enumerate_values(get_saved_query("plan_outline").param("plan"), engine)
    assert {v for v, _ in plans} == {g["document"] for g in GOLDENS}


def test_a_malformed_saved_query_is_reported_with_its_file(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ params:\n#+   x: {type: colour}\nSELECT * WHERE { ?s ?p ?_x }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown type 'colour'") as err:
        parse_saved_query(bad)
    assert str(bad) in str(err.value)


# ------------------------------------------------------------------------------- departments
def test_tasks_by_department_support_role(engine):
    result, _ = run_saved("tasks_by_department", {"department": "南阳市生态环境局", "role": "support"}, engine)
    got = {r["title"] for r in result.records()}
    want = {t["title"] for g, t in golden_tasks() if any(u["canonical"] == "南阳市生态环境局" for u in t["support"])}
    assert want and got == want


@pytest.mark.parametrize("value", ["市生态环境局", "city ecology bureau", "Bureau of Ecology and Environment",
                                   "市环保局", "municipal ecology and environment bureau"])
def test_department_values_resolve_to_every_city_ecology_bureau(value, engine):
    result, _ = run_saved("tasks_by_department", {"department": value, "role": "lead"}, engine)
    units = {r["unit"] for r in result.records()}
    def leads(g):  # the plan's own ecology bureau leads some task (a 五年规划 may name no units)
        bureau = g["plan"]["jurisdiction"] + "生态环境局"
        return any(u["canonical"] == bureau for t in g["tasks"] for u in t["lead"])

    want = {g["plan"]["jurisdiction"] + "生态环境局" for g in GOLDENS if g["plan"]["level"] == "city" and leads(g)}
    if value.startswith(("Bureau", "生态")):  # no level: the county bureau too
        want |= {g["plan"]["jurisdiction"] + "生态环境局" for g in GOLDENS if leads(g)}
    assert units == want


def test_department_responsibilities_grouped_by_role(engine):
    result, _ = run_saved("department_responsibilities", {"department": "新乡市生态环境局"}, engine)
    got = Counter(r["role"] for r in result.records())
    want = Counter()
    for g, t in golden_tasks():
        for role in ROLES:
            if any(u["canonical"] == "新乡市生态环境局" for u in t[role]):
                want[role] += 1
    assert got == want
    roles = [r["role"] for r in result.records()]
    assert roles == sorted(roles)  # grouped


def test_workload_by_department_counts_roles_across_plans(engine):
    result, _ = run_saved("workload_by_department", {}, engine)
    rows = {r["unit"]: r for r in result.records()}
    want: dict[str, Counter] = defaultdict(Counter)
    for g, t in golden_tasks():
        for role in ROLES:
            for canon in {u["canonical"] for u in t[role]}:
                want[canon][role] += 1
        for canon in {u["canonical"] for role in ROLES for u in t[role]}:
            want[canon]["tasks"] += 1
    assert set(rows) == set(want)
    for unit, counts in want.items():
        assert [int(rows[unit][k]) for k in ("lead", "support", "implement", "tasks")] == \
               [counts[k] for k in ("lead", "support", "implement", "tasks")], unit


def test_workload_for_one_plan(engine):
    result, _ = run_saved("workload_by_department", {"plan": "南阳"}, engine)
    nanyang = next(g for g in GOLDENS if g["plan"]["jurisdiction"] == "南阳市")
    leads = Counter(u["canonical"] for t in nanyang["tasks"] for u in {x["canonical"]: x for x in t["lead"]}.values())
    got = {r["unit"]: int(r["lead"]) for r in result.records() if int(r["lead"])}
    assert got == dict(leads)
    assert {int(r["plans"]) for r in result.records()} == {1}


def test_co_responsible_departments_weights(engine):
    result, _ = run_saved("co_responsible_departments", {"department": "驻马店市生态环境局"}, engine)
    got = {r["other"]: int(r["shared"]) for r in result.records()}
    want: Counter = Counter()
    for g, t in golden_tasks():
        units = {u["canonical"] for role in ROLES for u in t[role]}
        if "驻马店市生态环境局" in units:
            for other in units - {"驻马店市生态环境局"}:
                want[other] += 1
    assert got == dict(want)
    pairs = {r["other"]: r["role_pairs"] for r in result.records()}
    assert "lead–support" in pairs["驻马店市财政局"]


def test_departments_lists_every_responsible_unit(engine):
    result, _ = run_saved("departments", {}, engine)
    with_tasks = {r["unit"] for r in result.records() if int(r["tasks"]) > 0}
    want = {u["canonical"] for g, t in golden_tasks() for role in ROLES for u in t[role]}
    assert with_tasks == want
    types = {r["unit"]: (r["type"], r["type_en"]) for r in result.records()}
    assert types["新乡市发展和改革委员会"] == ("发展和改革委员会", "Development and Reform Commission")


# ------------------------------------------------------------------------------- deadlines
def _deadlines_in(lo: str, hi: str) -> set[tuple[str, str, str]]:
    return {(g["plan"]["jurisdiction"], t["title"], d["date"]) for g, t in golden_tasks()
            for d in t["deadlines"] if d["date"] and lo <= d["date"] <= hi}


def test_tasks_due_between(engine):
    result, _ = run_saved("tasks_due_between", {"from": "2024-01-01", "to": "2024-06-30"}, engine)
    got = {(r["jurisdiction"], r["title"], r["date"]) for r in result.records()}
    assert got == _deadlines_in("2024-01-01", "2024-06-30") and got


def test_tasks_due_between_in_one_jurisdiction(engine):
    result, _ = run_saved("tasks_due_between", {"from": "2023-01-01", "to": "2023-12-31", "jurisdiction": "新乡"},
                          engine)
    got = {(r["jurisdiction"], r["title"], r["date"]) for r in result.records()}
    assert got == {x for x in _deadlines_in("2023-01-01", "2023-12-31") if x[0] == "新乡市"} and got


def test_tasks_overdue(engine):
    result, _ = run_saved("tasks_overdue", {"as_of": "2024-01-01"}, engine)
    got = {(r["jurisdiction"], r["title"], r["date"]) for r in result.records()}
    assert got == _deadlines_in("0000-01-01", "2023-12-31") and got


def test_tasks_overdue_defaults_to_today(engine):
    import datetime as dt

    query = get_saved_query("tasks_overdue")
    sparql = bind(query, {}, engine, today=dt.date(2025, 1, 1))
    assert 'VALUES ?_as_of { "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }' in sparql


# ------------------------------------------------------------------------------- plans
def test_plan_outline_in_order(engine):
    for g in GOLDENS:
        result, _ = run_saved("plan_outline", {"plan": g["document"]}, engine)
        rows = result.records()
        assert [(r["action"], r["number"], r["title"]) for r in rows] == \
               [(t["action"], t["number"], t["title"]) for t in g["tasks"]]
        for r, t in zip(rows, g["tasks"]):
            assert set(filter(None, (r["lead"] or "").split("、"))) == {u["canonical"] for u in t["lead"]}


def test_plans_and_parents(engine):
    result, _ = run_saved("plans", {}, engine)
    rows = {r["file"]: r for r in result.records()}
    assert set(rows) == {g["document"] for g in GOLDENS}
    for g in GOLDENS:
        r, p = rows[g["document"]], g["plan"]
        assert (r["plan"], r["jurisdiction"], r["level"], r["identifier"]) == \
               (p["title"], p["jurisdiction"], p["level"], p["identifier"])
        assert int(r["tasks"]) == len(g["tasks"])
        for parent in p["parents"]:
            assert parent["title"] in (r["parents"] or "")


# ------------------------------------------------------------------------------- targets
# 主要目标 of the three city plans, read from the documents: the share of good air days
GOOD_AIR_DAYS = {("南阳市", 76.5), ("新乡市", 67.5), ("驻马店市", 82.5)}


@pytest.mark.parametrize("value", ["优良天数比例", "优良天数比率", "空气质量优良天数比率"])
def test_targets_by_indicator_meet_across_wordings(value, engine):
    result, _ = run_saved("targets_by_indicator", {"indicator": value}, engine)
    got = {(r["jurisdiction"], float(r["value"])) for r in result.records() if r["value"] and r["year"] == "2025"
           and r["comparator"] == ">="}
    assert GOOD_AIR_DAYS <= got
    assert {r["unit"] for r in result.records() if r["value"]} == {"%"}


def test_indicators_lists_the_ones_in_use(engine):
    result, _ = run_saved("indicators", {}, engine)
    names = {r["indicator"] for r in result.records()}
    assert "优良天数比例" in names
    assert all(int(r["targets"]) >= 1 for r in result.records())


# ------------------------------------------------------------------------------- search, quality
def _raw_task_paragraphs():
    """Numbered paragraphs of the raw main-genre files, by a plain scan (independent of kg)."""
    for g in GOLDENS:
        text = (CORPUS / g["document"]).read_text(encoding="utf-8")
        if "chapters" in g:  # a chapter-style plan: its tasks are lead-phrase paragraphs, unnumbered
            yield from _raw_lead_paragraphs(g, text)
            continue
        text = re.split(r"\n\s*附\s*[表件]", text)[0]  # the appendix holds no tasks
        text = re.sub(r"\n\s*\n(?=[^\d（(一二三四五六七八九十附])", "", text)  # glue page breaks
        for line in text.splitlines():
            m = re.match(r"\s*(\d+)[.．、]\s*(.*)", line)
            if m and any(t["number"] == m.group(1) for t in g["tasks"]):
                yield g, m.group(1), line


def _raw_lead_paragraphs(g, text):
    """Paragraphs opening with a golden task's title (page breaks glued: a piece that does not
    end a sentence continues on the next)."""
    paragraphs: list[str] = []
    for piece in (p.strip() for p in text.splitlines()):
        heading = r"第.{1,3}[章节]|专栏"
        if paragraphs and piece and not re.search(r"[。：:]$", paragraphs[-1]) \
                and not re.match(heading, piece) and not re.match(heading, paragraphs[-1]):
            paragraphs[-1] += piece
        elif piece:
            paragraphs.append(piece)
    wanted = {t["title"] + "。": t["number"] for t in g["tasks"]}
    for para in paragraphs:
        for lead, number in wanted.items():
            if para.startswith(lead):
                yield g, number, para


@pytest.mark.parametrize("word", ["丹江口", "超低排放", "黑臭水体"])
def test_tasks_mentioning(word, engine):
    result, _ = run_saved("tasks_mentioning", {"text": word}, engine)
    got = {(r["jurisdiction"], r["number"]) for r in result.records()}
    want = {(g["plan"]["jurisdiction"], n) for g, n, line in _raw_task_paragraphs()
            if word in line.split("（")[0] or word in line}
    assert got == want and got


def test_tasks_without_unit_or_deadline(engine):
    result, _ = run_saved("tasks_without_unit_or_deadline", {}, engine)
    got = {(r["jurisdiction"], r["number"]) for r in result.records()}
    want = {(g["plan"]["jurisdiction"], t["number"]) for g, t in golden_tasks()
            if not t["lead"] or not any(d["date"] for d in t["deadlines"])}
    assert got == want


# ------------------------------------------------------------------------------- safety
INJECTION = '市生态环境局" } ; DROP ALL ; #'


def test_an_injection_attempt_stays_a_literal(engine):
    before = triple_count(engine)
    result, sparql = run_saved("tasks_mentioning", {"text": INJECTION}, engine)
    assert result.rows == []
    assert 'VALUES ?_text { "市生态环境局\\" } ; DROP ALL ; #" }' in sparql
    assert triple_count(engine) == before


def test_an_injection_attempt_as_a_department_is_refused(engine):
    before = triple_count(engine)
    with pytest.raises(QueryError, match="no department matches"):
        run_saved("tasks_by_department", {"department": INJECTION}, engine)
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_saved("tasks_by_department", {"department": "http://x> } DROP ALL {"}, engine)
    assert triple_count(engine) == before


@pytest.mark.parametrize("name,values,message", [
    ("tasks_by_department", {"due": "2024-02-30"}, "is not a date"),
    ("tasks_by_department", {"role": "boss"}, "is not a role"),
    ("tasks_by_department", {"colour": "red"}, "has no parameter colour"),
    ("plan_outline", {"plan": "no such plan"}, "no plan matches"),
    ("targets_by_indicator", {"indicator": "幸福指数"}, "no indicator matches"),
    ("nope", {}, "no saved query 'nope'"),
])
def test_bad_values_give_clear_errors(name, values, message, engine):
    with pytest.raises(QueryError, match=message):
        run_saved(name, values, engine)


@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }",
                                    "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }"])
def test_read_only_check_refuses_updates(update):
    from kg.queries import read_only_check

    with pytest.raises(QueryError, match="read-only"):
        read_only_check(update)
