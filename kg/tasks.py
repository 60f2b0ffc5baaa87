"""The flat task export (DESIGN.md §6), read from the BUILT GRAPH through SPARQL.

One record per task::

    {"document", "plan", "jurisdiction", "action", "action_title", "number", "title",
     "lead": [{"name", "canonical"}], "support": [...], "implement": [...],
     "deadlines": [{"text", "date"}], "iri"}

Units keep the order of the note; deadlines the order of the text. Tasks are ordered by
document, then position in the plan.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.store import open_store, select, value

TASK_COLUMNS = ["document", "plan", "jurisdiction", "action", "action_title", "number", "title",
                "lead", "support", "implement", "deadlines", "iri"]

PREFIXES = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

TASKS = PREFIXES + """
SELECT DISTINCT ?task ?document ?plan ?jurisdiction ?action ?action_title ?action_order ?number ?title ?order
WHERE {
  ?task a pol:Task ; pol:inAction ?a ; skos:notation ?number ; dcterms:title ?title ; pol:order ?order .
  ?a skos:notation ?action ; dcterms:title ?action_title ; pol:order ?action_order ; pol:partOfPlan ?p .
  ?p dcterms:title ?plan ; prov:wasDerivedFrom ?src .
  ?src pol:fileName ?document .
  OPTIONAL { ?p pol:jurisdiction ?j . ?j rdfs:label ?jurisdiction }
}
"""

UNITS = PREFIXES + """
SELECT DISTINCT ?task ?role ?name ?canonical ?order
WHERE {
  ?task a pol:Task ; pol:hasResponsibility ?r .
  ?r pol:role ?role ; pol:agent ?unit ; pol:nameAsWritten ?name ; pol:order ?order .
  ?unit skos:prefLabel ?canonical .
}
"""

DEADLINES = PREFIXES + """
SELECT DISTINCT ?task ?text ?date ?start
WHERE {
  ?task a pol:Task ; pol:hasDeadline ?d .
  ?d pol:asWritten ?text .
  OPTIONAL { ?d time:inXSDDate ?date }
  OPTIONAL { ?d pol:span/oa:start ?start }
}
"""

ROLE_OF = {
    "https://w3id.org/policykg/ontology#LeadRole": "lead",
    "https://w3id.org/policykg/ontology#SupportRole": "support",
    "https://w3id.org/policykg/ontology#ImplementRole": "implement",
}


def task_records(graph_dir: str | Path) -> list[dict[str, Any]]:
    store = open_store(graph_dir)
    units: dict[str, list[tuple[int, str, dict[str, str]]]] = defaultdict(list)
    for row in select(store, UNITS):
        role = ROLE_OF.get(value(row["role"]))
        if role:
            units[value(row["task"])].append(
                (int(value(row["order"])), role, {"name": value(row["name"]), "canonical": value(row["canonical"])}))
    deadlines: dict[str, list[tuple[int, dict[str, str | None]]]] = defaultdict(list)
    for row in select(store, DEADLINES):
        start = int(value(row["start"])) if "start" in row else 0
        deadlines[value(row["task"])].append(
            (start, {"text": value(row["text"]), "date": value(row.get("date"))}))
    records = []
    for row in select(store, TASKS):
        iri = value(row["task"])
        rec: dict[str, Any] = {
            "document": value(row["document"]),
            "plan": value(row["plan"]),
            "jurisdiction": value(row.get("jurisdiction")),
            "action": value(row["action"]),
            "action_title": value(row["action_title"]),
            "number": value(row["number"]),
            "title": value(row["title"]),
        }
        for role in ("lead", "support", "implement"):
            rec[role] = [u for _, r, u in sorted(units[iri], key=lambda x: x[0]) if r == role]
        rec["deadlines"] = [d for _, d in sorted(deadlines[iri], key=lambda x: x[0])]
        rec["iri"] = iri
        records.append((rec["document"], int(value(row["action_order"])), int(value(row["order"])), rec))
    records.sort(key=lambda x: x[:3])
    return [r for *_, r in records]
