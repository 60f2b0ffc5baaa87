"""The flat target export (``kg targets``), read from the BUILT GRAPH through SPARQL.

One record per target, plan-level targets (主要目标, the indicator table) and task-level ones
(quantitative clauses inside a task) alike::

    {"document", "plan", "jurisdiction", "level": "plan" | "task", "action", "task",
     "indicator", "indicator_key", "indicator_en", "comparator", "value", "value_text", "unit",
     "year", "baseline_value", "baseline_year", "nature", "scope", "hedged", "text", "line", "iri"}

``value`` / ``baseline_value`` are numbers (None when the target is words: 基本消除, 完成省定目标);
``value_text`` is the value as written ([0.8618] marks a cumulative figure of a table);
``action`` and ``task`` are the numbers of the task a task-level target belongs to (None for a
plan-level target); ``line`` is the 1-based line of the source document where it was read.
Records are ordered by document, then position in the document.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.store import open_store, select, value
from kg.tasks import PREFIXES

TARGET_COLUMNS = ["document", "plan", "jurisdiction", "level", "action", "task", "indicator", "indicator_key",
                  "indicator_en", "comparator", "value", "value_text", "unit", "year", "baseline_value",
                  "baseline_year", "nature", "scope", "hedged", "text", "line", "iri"]

TARGETS = PREFIXES + """
SELECT ?target ?owner ?document ?plan ?jurisdiction ?action ?task ?indicator ?key ?en ?comparator ?value
       ?value_text ?unit ?year ?baseline_value ?baseline_year ?nature ?scope ?hedged ?text ?start ?line ?order
WHERE {
  ?owner pol:hasTarget ?target .
  ?target a pol:Target ; pol:indicatorText ?indicator .
  { ?owner a pol:Plan . BIND (?owner AS ?p) }
  UNION
  { ?owner pol:partOfPlan ?p ; skos:notation ?task ; pol:inAction/skos:notation ?action }
  ?p dcterms:title ?plan ; prov:wasDerivedFrom ?src .
  ?src pol:fileName ?document .
  OPTIONAL { ?p pol:jurisdiction/rdfs:label ?jurisdiction }
  OPTIONAL { ?target pol:indicator ?i .
             ?i skos:prefLabel ?key . FILTER (lang(?key) = "zh")
             OPTIONAL { ?i skos:prefLabel ?en . FILTER (lang(?en) = "en") } }
  OPTIONAL { ?target pol:comparator ?comparator }
  OPTIONAL { ?target pol:value ?value }
  OPTIONAL { ?target pol:valueText ?value_text }
  OPTIONAL { ?target pol:unit ?unit }
  OPTIONAL { ?target pol:targetYear ?year }
  OPTIONAL { ?target pol:baselineValue ?baseline_value }
  OPTIONAL { ?target pol:baselineYear ?baseline_year }
  OPTIONAL { ?target pol:nature ?nature }
  OPTIONAL { ?target pol:scope ?scope }
  OPTIONAL { ?target pol:hedged ?hedged }
  OPTIONAL { ?target pol:asWritten ?text }
  OPTIONAL { ?target pol:order ?order }
  OPTIONAL { ?target pol:span ?s . ?s oa:start ?start ; pol:line ?line }
}
"""


def _number(text: str | None) -> int | float | None:
    """An xsd:decimal literal as a JSON number: 51 → 51, 0.0431 → 0.0431."""
    if text is None:
        return None
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def target_records(graph_dir: str | Path) -> list[dict[str, Any]]:
    """Every target of the built graph in ``graph_dir`` as a flat record (see the module docstring)."""
    return [rec for _, rec in _owned_records(graph_dir)]


def _owned_records(graph_dir: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """(owner IRI — the plan or task —, record) in export order."""
    store = open_store(graph_dir)
    records: list[tuple[str, int, int, str, str, dict[str, Any]]] = []
    seen: set[str] = set()
    for row in select(store, TARGETS):
        iri = value(row["target"])
        if iri in seen:  # a concept with two zh labels would repeat the row
            continue
        seen.add(iri)
        get = lambda k: value(row.get(k))  # noqa: E731
        task_level = "task" in row
        rec: dict[str, Any] = {
            "document": get("document"),
            "plan": get("plan"),
            "jurisdiction": get("jurisdiction"),
            "level": "task" if task_level else "plan",
            "action": get("action") if task_level else None,
            "task": get("task") if task_level else None,
            "indicator": get("indicator"),
            "indicator_key": get("key"),
            "indicator_en": get("en"),
            "comparator": get("comparator"),
            "value": _number(get("value")),
            "value_text": get("value_text"),
            "unit": get("unit"),
            "year": _int(get("year")),
            "baseline_value": _number(get("baseline_value")),
            "baseline_year": _int(get("baseline_year")),
            "nature": get("nature"),
            "scope": get("scope"),
            "hedged": get("hedged") == "true",
            "text": get("text"),
            "line": _int(get("line")),
            "iri": iri,
        }
        start = _int(get("start"))
        records.append((rec["document"] or "", start if start is not None else -1, _int(get("order")) or 0,
                        iri, get("owner") or "", rec))
    records.sort(key=lambda r: r[:4])
    return [(r[4], r[5]) for r in records]


def targets_by_task(graph_dir: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Task IRI → its targets (indicator, comparator, value, unit, year …) in text order, for an export
    that lists each task's targets next to it (``kg tasks``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for owner, rec in _owned_records(graph_dir):
        if rec["level"] == "task":
            out.setdefault(owner, []).append(
                {k: rec[k] for k in ("indicator", "indicator_key", "comparator", "value", "value_text", "unit",
                                     "year", "text")})
    return out
