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

# Each attribute is read in a one-pattern sub-SELECT and the sub-results are hash-joined: Oxigraph
# scans each predicate once instead of looking every attribute up row by row (at 2,000 documents,
# 32k tasks and 127k responsibilities: the three queries 35 s → 14 s on a loaded 2-core machine).
TASKS = PREFIXES + """
SELECT DISTINCT ?task ?document ?plan ?jurisdiction ?action ?action_title ?action_order ?number ?title ?order
WHERE {
  { SELECT ?task WHERE { ?task a pol:Task } }
  { SELECT ?task ?a WHERE { ?task pol:inAction ?a } }
  { SELECT ?task ?number WHERE { ?task skos:notation ?number } }
  { SELECT ?task ?title WHERE { ?task dcterms:title ?title } }
  { SELECT ?task ?order WHERE { ?task pol:order ?order } }
  { SELECT ?a ?action ?action_title ?action_order ?p WHERE {
      ?a a pol:Action ; skos:notation ?action ; dcterms:title ?action_title ; pol:order ?action_order ; pol:partOfPlan ?p } }
  { SELECT ?p ?plan ?document ?jurisdiction WHERE {
      ?p a pol:Plan ; dcterms:title ?plan ; prov:wasDerivedFrom ?src . ?src pol:fileName ?document .
      OPTIONAL { ?p pol:jurisdiction ?j . ?j rdfs:label ?jurisdiction } } }
}
"""

UNITS = PREFIXES + """
SELECT DISTINCT ?task ?role ?name ?canonical ?order
WHERE {
  { SELECT ?task WHERE { ?task a pol:Task } }
  { SELECT ?task ?r WHERE { ?task pol:hasResponsibility ?r } }
  { SELECT ?r ?role WHERE { ?r pol:role ?role } }
  { SELECT ?r ?unit WHERE { ?r pol:agent ?unit } }
  { SELECT ?r ?name WHERE { ?r pol:nameAsWritten ?name } }
  { SELECT ?r ?order WHERE { ?r pol:order ?order } }
  { SELECT ?unit ?canonical WHERE { ?unit skos:prefLabel ?canonical } }
}
"""

DEADLINES = PREFIXES + """
SELECT DISTINCT ?task ?text ?date ?start
WHERE {
  { SELECT ?task WHERE { ?task a pol:Task } }
  { SELECT ?task ?d WHERE { ?task pol:hasDeadline ?d } }
  { SELECT ?d ?text WHERE { ?d pol:asWritten ?text } }
  OPTIONAL { SELECT ?d ?date WHERE { ?d time:inXSDDate ?date } }
  OPTIONAL { SELECT ?d ?start WHERE { ?d pol:span ?s . ?s oa:start ?start } }
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
