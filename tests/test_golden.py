"""Golden tests: the flat export of the built graph against hand annotations of the bundled
main-genre documents (tests/golden/*.json, annotated from reading the documents, not from the
extractor's output)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import GOLDEN

GOLDENS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))}
CASES = [(doc, i) for doc, g in GOLDENS.items() for i in range(len(g["tasks"]))]


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _key(doc: str, task: dict) -> tuple[str, str, str]:
    return (doc, task["action"], task["number"])


@pytest.fixture(scope="module")
def by_key(task_rows):
    return {(r["document"], r["action"], r["number"]): r for r in task_rows}


@pytest.mark.parametrize("doc", sorted(GOLDENS))
def test_every_task_found_and_no_extra(doc, task_rows):
    golden = GOLDENS[doc]
    got = [(r["action"], r["number"]) for r in task_rows if r["document"] == golden["document"]]
    want = [(t["action"], t["number"]) for t in golden["tasks"]]
    assert got == want


@pytest.mark.parametrize("doc", sorted(GOLDENS))
def test_actions(doc, task_rows):
    golden = GOLDENS[doc]
    got = []
    for r in task_rows:
        if r["document"] == golden["document"] and (r["action"], r["action_title"]) not in got:
            got.append((r["action"], r["action_title"]))
    assert got == [(a["number"], a["title"]) for a in golden["actions"]]


@pytest.mark.parametrize("doc,i", CASES, ids=[f"{d}-{GOLDENS[d]['tasks'][i]['number']}" for d, i in CASES])
def test_task(doc, i, by_key):
    golden = GOLDENS[doc]
    want = golden["tasks"][i]
    got = by_key.get((golden["document"], want["action"], want["number"]))
    assert got is not None, f"task {want['action']}.{want['number']} not found"
    assert got["title"] == want["title"]
    assert got["plan"] == golden["plan"]["title"]
    assert got["jurisdiction"] == golden["plan"]["jurisdiction"]
    for role in ("lead", "support", "implement"):
        assert [(u["name"], u["canonical"]) for u in got[role]] == \
               [(u["name"], u["canonical"]) for u in want[role]], role
    assert [d["date"] for d in got["deadlines"]] == [d["date"] for d in want["deadlines"]]
    for g, w in zip(got["deadlines"], want["deadlines"]):
        gs, ws = _squash(g["text"]), _squash(w["text"])
        assert gs in ws or ws in gs, (g["text"], w["text"])


@pytest.mark.parametrize("doc", sorted(GOLDENS))
def test_plan_metadata(doc, built_graph):
    from kg.store import open_store, select, value

    golden = GOLDENS[doc]
    plan = golden["plan"]
    rows = select(open_store(built_graph), """
        PREFIX pol: <https://w3id.org/policykg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?plan ?title ?id ?issuer ?issued ?start ?end ?jur ?level ?inferred WHERE {
          ?plan a pol:Plan ; dcterms:title ?title ; prov:wasDerivedFrom/pol:fileName ?file .
          OPTIONAL { ?plan dcterms:identifier ?id }
          OPTIONAL { ?plan dcterms:publisher/skos:prefLabel ?issuer }
          OPTIONAL { ?plan dcterms:issued ?issued }
          OPTIONAL { ?plan pol:periodStart ?start ; pol:periodEnd ?end }
          OPTIONAL { ?plan pol:jurisdiction ?j . ?j rdfs:label ?jur ; pol:level ?level }
          OPTIONAL { ?plan pol:titleInferred ?inferred }
          FILTER(?file = "%s")
        }""" % golden["document"])
    assert len(rows) == 1
    row = {k: value(v) for k, v in rows[0].items()}
    assert row["title"] == plan["title"]
    assert row.get("id") == plan["identifier"]
    assert row.get("issuer") == plan["issuer"]
    assert row.get("issued") == plan["issued"]
    assert [int(row["start"]), int(row["end"])] == plan["period"]
    assert (row["jur"], row["level"]) == (plan["jurisdiction"], plan["level"])
    assert (row.get("inferred") == "true") == bool(plan.get("title_inferred"))
    parents = select(open_store(built_graph), """
        PREFIX pol: <https://w3id.org/policykg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?title ?id WHERE { <%s> pol:basedOn ?p . ?p dcterms:title ?title .
                                         OPTIONAL { ?p dcterms:identifier ?id } }""" % row["plan"])
    assert sorted((value(p["title"]), value(p.get("id"))) for p in parents) == \
           sorted((p["title"], p["identifier"]) for p in plan["parents"])


# -- chapter-style plans: chapters and 专栏 projects (goldens that annotate them) ---------------

CHAPTERED = sorted(d for d, g in GOLDENS.items() if "chapters" in g)
WITH_PROJECTS = sorted(d for d, g in GOLDENS.items() if "projects" in g)


def _plan_select(built_graph, document: str, body: str) -> list[dict]:
    from kg.store import open_store, select, value

    rows = select(open_store(built_graph), """
        PREFIX pol: <https://w3id.org/policykg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT * WHERE { ?plan a pol:Plan ; prov:wasDerivedFrom/pol:fileName "%s" . %s }""" % (document, body))
    return [{k: value(v) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("doc", CHAPTERED)
def test_chapters(doc, built_graph):
    golden = GOLDENS[doc]
    rows = _plan_select(built_graph, golden["document"],
                        "?plan pol:hasChapter ?c . ?c skos:notation ?number ; dcterms:title ?title ; pol:order ?order .")
    got = [(r["number"], r["title"]) for r in sorted(rows, key=lambda r: int(r["order"]))]
    assert got == [(c["number"], c["title"]) for c in golden["chapters"]]


@pytest.mark.parametrize("doc", CHAPTERED)
def test_sections_are_actions_in_their_chapter(doc, built_graph):
    golden = GOLDENS[doc]
    rows = _plan_select(built_graph, golden["document"], """
        ?plan pol:hasAction ?a . ?a skos:notation ?number ; pol:actionKind ?kind .
        OPTIONAL { ?a pol:inChapter/skos:notation ?chapter }""")
    by_number = {r["number"]: r for r in rows}
    chapters = [c["number"] for c in golden["chapters"]]
    for action in golden["actions"]:
        row = by_number[action["number"]]
        chapter = next(c for c in chapters if action["number"].startswith(c))
        assert row.get("chapter") == chapter
        assert row["kind"] == ("section" if action["number"] != chapter else "chapter")


@pytest.mark.parametrize("doc", WITH_PROJECTS)
def test_projects(doc, built_graph):
    golden = GOLDENS[doc]
    rows = _plan_select(built_graph, golden["document"], """
        ?plan pol:hasProject ?p . ?p dcterms:title ?name ; pol:box ?box ; pol:order ?order .
        OPTIONAL { ?p pol:category ?category }
        OPTIONAL { ?p pol:jurisdiction/rdfs:label ?place }""")
    got = [{"box": r["box"], "category": r.get("category"), "name": r["name"], "place": r.get("place")}
           for r in sorted(rows, key=lambda r: int(r["order"]))]
    assert got == golden["projects"]
