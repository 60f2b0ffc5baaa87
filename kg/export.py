"""Responsibility graphs (networkx) from the built graph, and their files.

Three steps, each usable on its own (the CLI, the UI and a remote endpoint share them)::

    data = responsibility_data(engine, ExportFilter(plans=["南阳"], roles=["lead"]))
    G = department_graph(data)          # or bipartite_graph(data)
    write_graph(G, "gexf", Path("nanyang.gexf"))

* :func:`responsibility_data` reads who does what with a few SPARQL queries through an
  :class:`~kg.queries.Engine` (the embedded store or a remote endpoint). Filter values are
  resolved to RDF terms by :mod:`kg.queries` and written as ``VALUES`` blocks, never pasted text.
* :func:`bipartite_graph`: units and tasks, one edge per (unit, task) with the unit's role.
* :func:`department_graph`: units only; an edge joins two units named in the same tasks, its
  ``weight`` is the number of shared tasks, split by role pair (``lead_support`` …).
* :func:`write_graph` writes GraphML, GEXF, node-link JSON, Cytoscape JSON, CSV node and edge
  lists, or a PNG/SVG drawing (:mod:`kg.draw`), always to a temporary file renamed into place.

Node ids are the units' (and tasks') IRIs. Attributes hold lists (written units, task ids, role
pairs) in memory and in the JSON formats; GraphML, GEXF and CSV cannot hold lists, so there they
are joined with ``;``.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import QueryError, UsageError

FORMATS = ("graphml", "gexf", "node-link", "cytoscape", "csv", "png", "svg")
GRAPH_KINDS = ("departments", "bipartite")
ROLES = ("lead", "support", "implement")
ROLE_PAIRS = tuple(f"{a}_{b}" for i, a in enumerate(ROLES) for b in ROLES[i:])
LIST_SEPARATOR = ";"
SUFFIXES = {".graphml": "graphml", ".xml": "graphml", ".gexf": "gexf", ".json": "node-link",
            ".cyjs": "cytoscape", ".png": "png", ".svg": "svg"}
DEFAULT_NAMES = {"graphml": "{kind}.graphml", "gexf": "{kind}.gexf", "node-link": "{kind}.json",
                 "cytoscape": "{kind}.cyjs", "png": "{kind}.png", "svg": "{kind}.svg"}

_POL = "https://w3id.org/policykg/ontology#"
_ROLE_OF_IRI = {_POL + "LeadRole": "lead", _POL + "SupportRole": "support", _POL + "ImplementRole": "implement"}
_KINDS = ("Government", "CollectiveUnit", "ExternalOrganization", "Department")  # most specific first
_PREFIXES = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


# ----------------------------------------------------------------------------- filter and data
@dataclass
class ExportFilter:
    """Which part of the graph to export. Empty lists and ``None`` mean "any".

    ``plans``: titles (or part of one), file names or cities; ``jurisdictions``: plans of these
    places or places within them (河南省 takes in its cities and counties); ``roles``: lead,
    support, implement (牵头/配合/落实); ``department_types``: 生态环境局, 环保局, "ecology bureau"…;
    ``department``: only the tasks this department is named in (and the other units on them);
    ``due_from``/``due_to``: only tasks with some deadline in the range (YYYY-MM-DD, YYYY-MM, YYYY).
    """

    plans: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    department_types: list[str] = field(default_factory=list)
    department: str | None = None
    due_from: str | None = None
    due_to: str | None = None

    def describe(self) -> str:
        """The filters that are set, for reports and graph metadata (``all tasks`` when none)."""
        parts = []
        for name in ("plans", "jurisdictions", "roles", "department_types"):
            values = [v for v in getattr(self, name) if str(v).strip()]
            if values:
                parts.append(f"{name.rstrip('s').replace('_', ' ')}={', '.join(values)}")
        for name in ("department", "due_from", "due_to"):
            v = getattr(self, name)
            if v and str(v).strip():
                parts.append(f"{name.replace('_', ' ')}={v}")
        return "; ".join(parts) or "all tasks"


@dataclass
class Unit:
    """A responsible unit (department, government, collective unit, external organisation)."""

    iri: str
    name: str  # the canonical Chinese name (skos:prefLabel)
    name_en: str = ""
    kind: str = ""  # Department / Government / CollectiveUnit / ExternalOrganization
    department_type: str = ""
    department_type_en: str = ""
    level: str = ""
    jurisdiction: str = ""
    written: list[str] = field(default_factory=list)  # the names as written in the notes


@dataclass
class Task:
    iri: str
    title: str
    action: str = ""
    number: str = ""
    plan: str = ""  # plan title
    document: str = ""
    jurisdiction: str = ""
    deadlines: list[str] = field(default_factory=list)  # ISO dates


@dataclass
class ResponsibilityData:
    """Who does what: (task, unit, role) assignments with the units and tasks they name."""

    units: dict[str, Unit]
    tasks: dict[str, Task]
    assignments: list[tuple[str, str, str]]  # (task IRI, unit IRI, role), sorted, distinct
    filter: str = "all tasks"


def responsibility_data(engine, flt: ExportFilter | None = None) -> ResponsibilityData:
    """Read the assignments matching ``flt`` (one SELECT) and the units and tasks they name (one
    more). Unknown filter values raise :class:`QueryError` with close matches; bad dates or an
    empty range raise too."""
    flt = flt or ExportFilter()
    core = _core_pattern(engine, flt)
    rows = engine.select(_PREFIXES + "SELECT DISTINCT ?task ?unit ?role WHERE {\n" + core + "}").rows
    assignments = sorted({(r["task"].value, r["unit"].value, _ROLE_OF_IRI[r["role"].value])
                          for r in rows if r["role"].value in _ROLE_OF_IRI})
    facts = _describe(engine) if assignments else {}
    units = _units(facts, {a[1] for a in assignments})
    tasks = _tasks(facts, {a[0] for a in assignments})
    return ResponsibilityData(units, tasks, assignments, flt.describe())


def _core_pattern(engine, flt: ExportFilter) -> str:
    """The WHERE pattern binding ?task ?unit ?role under the filter (VALUES blocks first; pattern
    order matters to the engines, e.g. responsibilities → tasks is 1.6× faster than tasks first)."""
    import datetime as dt

    import pyoxigraph as ox

    from kg import queries as q

    def terms(values: list) -> str:
        return " ".join(sorted({str(t) for t in values}))

    lines: list[str] = []
    plans = _clean(flt.plans)
    if plans:
        found = [t for raw in plans for t in _resolve("plan", raw, q.resolve_plans, engine, _plan_names)]
        lines.append(f"VALUES ?plan {{ {terms(found)} }}")
    places = _clean(flt.jurisdictions)
    if places:
        found = [t for raw in places for t in _resolve("jurisdiction", raw, q.resolve_jurisdictions, engine,
                                                       _jurisdiction_names)]
        lines.append(f"VALUES ?_place {{ {terms(found)} }}")
    roles = _clean(flt.roles)
    role_terms: list[ox.NamedNode] = []
    for raw in roles:
        key = q.ROLE_WORDS.get(raw.lower())
        if not key:
            raise QueryError(f"role {raw!r} is not a role; use lead, support or implement (牵头/配合/落实)")
        role_terms.append(ox.NamedNode(_POL + key))
    if role_terms:
        lines.append(f"VALUES ?role {{ {terms(role_terms)} }}")
    types = _clean(flt.department_types)
    if types:
        found = [t for raw in types for t in _resolve("department type", raw, q.resolve_department_type, engine,
                                                      _type_names)]
        lines.append(f"VALUES ?_type {{ {terms(found)} }}")
    focus = (flt.department or "").strip()
    if focus:
        focus_terms = terms(_resolve("department", focus, q.resolve_departments, engine, _unit_names))
    dates = {}
    for name in ("due_from", "due_to"):
        raw = (getattr(flt, name) or "").strip()
        if raw:
            try:
                dates[name] = q.parse_date(raw)
            except QueryError as e:
                raise QueryError(f"{name.replace('_', '-')}: {e}") from None
    if "due_from" in dates and flt.due_from and len(flt.due_from.strip()) in (4, 7) \
            and flt.due_from.strip()[:4].isdigit():
        # 2024 or 2024-05 as a start means the start of that year or month
        d = dates["due_from"]
        dates["due_from"] = dt.date(d.year, 1, 1) if len(flt.due_from.strip()) == 4 else d.replace(day=1)
    if "due_from" in dates and "due_to" in dates and dates["due_from"] > dates["due_to"]:
        raise UsageError(f"due-from {dates['due_from']} is after due-to {dates['due_to']}; nothing can match")

    # tasks narrowed first by subqueries (evaluated once; FILTER EXISTS would run per row)
    if dates:
        xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
        conds = []
        if "due_from" in dates:
            conds.append(f"?_due >= {ox.Literal(dates['due_from'].isoformat(), datatype=xsd_date)}")
        if "due_to" in dates:
            conds.append(f"?_due <= {ox.Literal(dates['due_to'].isoformat(), datatype=xsd_date)}")
        lines.append("{ SELECT DISTINCT ?task WHERE { ?task pol:hasDeadline/time:inXSDDate ?_due "
                     f"FILTER ({' && '.join(conds)}) }} }}")
    if focus:  # the department's own tasks, in the chosen roles
        role_values = f" VALUES ?_focus_role {{ {terms(role_terms)} }}" if role_terms else ""
        lines.append(f"{{ SELECT DISTINCT ?task WHERE {{ VALUES ?_focus {{ {focus_terms} }}{role_values} "
                     "?_focus_r pol:agent ?_focus ; pol:role ?_focus_role . ?task pol:hasResponsibility ?_focus_r } }")
    if places:
        lines.append("?plan pol:jurisdiction/pol:within* ?_place .")
    if plans or places:
        lines.append("?task pol:partOfPlan ?plan .")
    if plans or places or dates or focus:  # the narrowed tasks first, then their units
        lines += ["?task pol:hasResponsibility ?r .", "?r pol:agent ?unit ; pol:role ?role ."]
    else:
        lines += ["?r pol:agent ?unit ; pol:role ?role .", "?task pol:hasResponsibility ?r ."]
    if types:
        lines.append("?unit pol:departmentType ?_type .")
    return "".join("  " + line + "\n" for line in lines)


def _clean(values: Iterable[str] | None) -> list[str]:
    return [str(v).strip() for v in (values or []) if v is not None and str(v).strip()]


def _resolve(what: str, raw: str, resolver: Callable, engine, names: Callable) -> list:
    """``resolver(raw, engine)``; when nothing matches, a QueryError listing close matches."""
    try:
        return resolver(raw, engine)
    except QueryError:
        choices = names(engine)
        close = [c for c in choices if raw and (raw in c or c in raw)]
        close += [c for c in difflib.get_close_matches(raw, choices, n=6, cutoff=0.4) if c not in close]
        hint = f"; close matches: {', '.join(close[:8])}" if close else (
            f"; known: {', '.join(choices[:12])}{' …' if len(choices) > 12 else ''}" if choices else "")
        raise QueryError(f"no {what} matches {raw!r}{hint}") from None


def _plan_names(engine) -> list[str]:
    from kg.queries import _PLANS

    out: dict[str, None] = {}
    for r in engine.select(_PLANS).rows:
        for key in ("title", "file", "jur"):
            if r.get(key) is not None:
                out.setdefault(r[key].value, None)
    return sorted(out)


def _jurisdiction_names(engine) -> list[str]:
    rows = engine.select(_PREFIXES + "SELECT DISTINCT ?label WHERE { ?j a pol:Jurisdiction ; rdfs:label ?label }")
    return sorted({r["label"].value for r in rows.rows})


def _type_names(engine) -> list[str]:
    from kg.vocab import department_types

    return [n for t in department_types() for n in (t.standard_name, t.en)]


def _unit_names(engine) -> list[str]:
    rows = engine.select(_PREFIXES + "SELECT DISTINCT ?label WHERE { ?u a pol:ResponsibleUnit ; "
                                     "skos:prefLabel ?label }")
    return sorted({r["label"].value for r in rows.rows})


# One query describes the tasks, plans, units, department types and places: (subject, key,
# value) rows, one UNION branch per fact. Separate branches instead of OPTIONALs keep the rows
# linear: with the union default graph, a fact repeated in many documents' graphs comes once per
# graph, and OPTIONALs would multiply those copies. Units, department types and places are named
# in many documents, so their subjects come from a DISTINCT subquery first (19 s → 0.2 s for the
# types of a 300-document graph).
_DESCRIBE = _PREFIXES + """SELECT DISTINCT ?s ?key ?value WHERE {
  { ?s a pol:Task ; dcterms:title ?value BIND ("title" AS ?key) }
  UNION { ?s a pol:Task ; skos:notation ?value BIND ("number" AS ?key) }
  UNION { ?s a pol:Task ; pol:partOfPlan ?value BIND ("plan" AS ?key) }
  UNION { ?s a pol:Task ; pol:inAction/skos:notation ?value BIND ("action" AS ?key) }
  UNION { ?s a pol:Task ; pol:hasDeadline/time:inXSDDate ?value BIND ("date" AS ?key) }
  UNION { ?s a pol:Plan ; dcterms:title ?value BIND ("title" AS ?key) }
  UNION { ?s a pol:Plan ; prov:wasDerivedFrom/pol:fileName ?value BIND ("file" AS ?key) }
  UNION { ?s a pol:Plan ; pol:jurisdiction ?value BIND ("jurisdiction" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s skos:prefLabel ?value BIND ("name" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s skos:altLabel ?value BIND ("alt" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s a ?value BIND ("class" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s pol:departmentType ?value BIND ("type" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s pol:level ?value BIND ("level" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:ResponsibleUnit } } ?s pol:jurisdiction ?value
          BIND ("jurisdiction" AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:DepartmentType } } ?s skos:prefLabel ?value
          BIND (CONCAT("label_", LANG(?value)) AS ?key) }
  UNION { { SELECT DISTINCT ?s WHERE { ?s a pol:Jurisdiction } } ?s rdfs:label ?value BIND ("label" AS ?key) }
}"""


def _describe(engine) -> dict[str, dict[str, list[str]]]:
    """subject IRI → key → sorted values (see :data:`_DESCRIBE`)."""
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in engine.select(_DESCRIBE).rows:
        facts[r["s"].value][r["key"].value].add(r["value"].value)
    return {s: {k: sorted(v) for k, v in d.items()} for s, d in facts.items()}


def _first(d: dict[str, list[str]], key: str) -> str:
    values = d.get(key)
    return values[0] if values else ""


def _units(facts: dict, iris: Iterable[str]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for iri in sorted(iris):
        d = facts.get(iri, {})
        classes = {c.rsplit("#", 1)[-1] for c in d.get("class", ())}
        type_ = facts.get(_first(d, "type"), {})
        place = _first(d, "jurisdiction")
        u = Unit(iri=iri, name=_first(d, "name") or iri.rsplit("/", 1)[-1],
                 kind=next((k for k in _KINDS if k in classes), ""),
                 department_type=_first(type_, "label_zh"), department_type_en=_first(type_, "label_en"),
                 level=_first(d, "level"), jurisdiction=_first(facts.get(place, {}), "label") if place else "",
                 written=list(d.get("alt", ())))
        u.name_en = _english_name(u)
        units[iri] = u
    return units


def _english_name(u: Unit) -> str:
    """An English name from the department type and the jurisdiction (kept in Chinese: the
    graph has no English place names): "Bureau of Ecology and Environment, 南阳市"."""
    base = u.department_type_en or ("People's Government" if u.kind == "Government" else "")
    if not base:
        return ""
    return f"{base}, {u.jurisdiction}" if u.jurisdiction else base


def _tasks(facts: dict, iris: Iterable[str]) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for iri in sorted(iris):
        d = facts.get(iri, {})
        plan = facts.get(_first(d, "plan"), {})
        place = _first(plan, "jurisdiction")
        tasks[iri] = Task(iri=iri, title=_first(d, "title"), action=_first(d, "action"), number=_first(d, "number"),
                          plan=_first(plan, "title"), document=_first(plan, "file"),
                          jurisdiction=_first(facts.get(place, {}), "label") if place else "",
                          deadlines=list(d.get("date", ())))
    return tasks


# ----------------------------------------------------------------------------- graphs
def _unit_attrs(u: Unit, roles: Counter, tasks: int) -> dict[str, Any]:
    return {
        "label": u.name, "name_en": u.name_en, "iri": u.iri, "node_type": "unit", "kind": u.kind,
        "department_type": u.department_type, "department_type_en": u.department_type_en,
        "level": u.level, "jurisdiction": u.jurisdiction, "written": list(u.written),
        "tasks": tasks, "lead": roles["lead"], "support": roles["support"], "implement": roles["implement"],
    }


def _unit_counts(data: ResponsibilityData) -> tuple[dict[str, Counter], dict[str, set]]:
    roles: dict[str, Counter] = defaultdict(Counter)
    tasks: dict[str, set] = defaultdict(set)
    seen = set()
    for task, unit, role in data.assignments:
        if (task, unit, role) not in seen:
            seen.add((task, unit, role))
            roles[unit][role] += 1
        tasks[unit].add(task)
    return roles, tasks


def bipartite_graph(data: ResponsibilityData) -> nx.Graph:
    """Units (``bipartite=0``) and tasks (``bipartite=1``); an edge per (unit, task) with
    ``role`` (``lead;support`` in the rare case of two roles) and ``roles`` (a list)."""
    G = nx.Graph(name="PolicyKG responsibility graph: departments–tasks", graph_kind="bipartite",
                 filter=data.filter)
    roles, unit_tasks = _unit_counts(data)
    edge_roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, unit, role in data.assignments:
        if role not in edge_roles[(unit, task)]:
            edge_roles[(unit, task)].append(role)
    for iri in sorted(unit_tasks):
        G.add_node(iri, bipartite=0, **_unit_attrs(data.units[iri], roles[iri], len(unit_tasks[iri])))
    task_units: dict[str, set] = defaultdict(set)
    for (unit, task) in edge_roles:
        task_units[task].add(unit)
    for iri in sorted(task_units):
        t = data.tasks[iri]
        G.add_node(iri, bipartite=1, label=t.title, iri=t.iri, node_type="task", action=t.action, number=t.number,
                   plan=t.plan, document=t.document, jurisdiction=t.jurisdiction, deadlines=list(t.deadlines),
                   units=len(task_units[iri]))
    for (unit, task), rs in sorted(edge_roles.items()):
        rs = sorted(rs, key=ROLES.index)
        G.add_edge(unit, task, role=LIST_SEPARATOR.join(rs), roles=rs, weight=1)
    return G


def department_graph(data: ResponsibilityData) -> nx.Graph:
    """Units only; an edge joins two units named in the same task. ``weight`` = shared tasks,
    ``lead_lead``, ``lead_support`` … = shared tasks per (unordered) role pair, ``roles`` = the
    pairs that occur (``lead–support``), ``task_ids`` = the shared tasks' IRIs."""
    G = nx.Graph(name="PolicyKG responsibility graph: departments", graph_kind="departments", filter=data.filter)
    roles, unit_tasks = _unit_counts(data)
    by_task: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for task, unit, role in data.assignments:
        by_task[task][unit].add(role)
    for iri in sorted(unit_tasks):
        G.add_node(iri, **_unit_attrs(data.units[iri], roles[iri], len(unit_tasks[iri])))
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    pairs: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for task, members in by_task.items():
        for a, b in combinations(sorted(members), 2):
            shared[(a, b)].add(task)
            for ra in members[a]:
                for rb in members[b]:
                    x, y = sorted((ra, rb), key=ROLES.index)
                    pairs[(a, b)][f"{x}_{y}"].add(task)
    for (a, b), tasks in sorted(shared.items()):
        attrs: dict[str, Any] = {"weight": len(tasks)}
        attrs.update({p: len(pairs[(a, b)].get(p, ())) for p in ROLE_PAIRS})
        attrs["roles"] = [p.replace("_", "–") for p in ROLE_PAIRS if pairs[(a, b)].get(p)]
        attrs["task_ids"] = sorted(tasks)
        G.add_edge(a, b, **attrs)
    return G


def build_graph(data: ResponsibilityData, graph_kind: str = "departments") -> nx.Graph:
    if graph_kind not in GRAPH_KINDS:
        raise UsageError(f"unknown graph kind {graph_kind!r}; use {' or '.join(GRAPH_KINDS)}")
    return bipartite_graph(data) if graph_kind == "bipartite" else department_graph(data)


# ----------------------------------------------------------------------------- writers
def flat_copy(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: lists joined with ``;``, ``None``
    dropped, everything else a str, int, float or bool."""
    H = G.__class__()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    for n, attrs in G.nodes(data=True):
        H.add_node(n, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for a, b, attrs in G.edges(data=True):
        H.add_edge(a, b, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    return H


def _flat(v: Any) -> Any:
    if isinstance(v, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(x) for x in v)
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def write_graph(G: nx.Graph, fmt: str, out: Path) -> list[Path]:
    """Write ``G`` as ``fmt`` to ``out`` (for ``csv``: the folder receiving nodes.csv and
    edges.csv). Each file is written to a temporary file first and renamed into place, so a
    failure leaves no partial file. Returns the files written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out} is a file; csv writes nodes.csv and edges.csv into a folder")
        _mkdir(out)
        nodes, edges = csv_tables(G)
        targets = [out / "nodes.csv", out / "edges.csv"]
        temps = [_temp_write(t, lambda f, rows=rows: _write_csv(f, rows), "w")
                 for t, rows in zip(targets, (nodes, edges))]
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
        return targets
    if out.is_dir():
        out = out / DEFAULT_NAMES[fmt].format(kind=G.graph.get("graph_kind", "responsibility"))
    _mkdir(out.parent)
    if fmt == "graphml":
        flat = flat_copy(G)
        tmp = _temp_write(out, lambda f: nx.write_graphml(flat, f, named_key_ids=True), "wb")
    elif fmt == "gexf":
        from kg.draw import gexf_viz

        flat = flat_copy(G)
        for node, viz in gexf_viz(G).items():
            flat.nodes[node]["viz"] = viz
        tmp = _temp_write(out, lambda f: nx.write_gexf(flat, f), "wb")
    elif fmt == "node-link":
        data = nx.node_link_data(G, edges="edges")
        tmp = _temp_write(out, lambda f: json.dump(data, f, ensure_ascii=False, indent=1), "w")
    elif fmt == "cytoscape":
        data = nx.cytoscape_data(G, name="label")
        tmp = _temp_write(out, lambda f: json.dump(data, f, ensure_ascii=False, indent=1), "w")
    else:
        from kg.draw import draw_figure

        fig = draw_figure(G)
        tmp = _temp_write(out, lambda f: _save_figure(fig, f, fmt), "wb")
    os.replace(tmp, out)
    return [out]


def _save_figure(fig, f, fmt: str) -> None:
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "policykg"}):
        fig.savefig(f, format=fmt, dpi=150, bbox_inches="tight", metadata=_figure_metadata(fmt))


def _figure_metadata(fmt: str) -> dict:
    # no creation date: the same graph gives the same file
    return {"Date": None} if fmt == "svg" else {"Software": "PolicyKG"}


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create the folder: {e.strerror or e}; choose another --out",
                         path=str(folder)) from None


def _temp_write(target: Path, write: Callable, mode: str) -> Path:
    """Write through ``write(file)`` into a temporary file next to ``target``; returns its path
    (the caller renames it). Any failure removes the temporary file."""
    try:
        fd, name = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise UsageError(f"cannot write here: {e.strerror or e}; choose another --out", path=str(target)) from None
    try:
        kwargs = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as f:
            write(f)
        os.chmod(name, 0o644)
    except BaseException as e:
        Path(name).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise UsageError(f"cannot write: {e.strerror or e}", path=str(target)) from None
        raise
    return Path(name)


def csv_tables(G: nx.Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Node and edge rows (lists joined with ``;``): ``id`` + node attributes; ``source``,
    ``target`` + edge attributes. Columns are the same for every row."""
    node_cols: dict[str, None] = {"id": None}
    for _, attrs in G.nodes(data=True):
        node_cols.update(dict.fromkeys(attrs))
    edge_cols: dict[str, None] = {"source": None, "target": None}
    for *_, attrs in G.edges(data=True):
        edge_cols.update(dict.fromkeys(attrs))
    nodes = [{c: _csv_value(n if c == "id" else attrs.get(c)) for c in node_cols} for n, attrs in G.nodes(data=True)]
    edges = [{c: _csv_value({"source": a, "target": b}.get(c, attrs.get(c))) for c in edge_cols}
             for a, b, attrs in G.edges(data=True)]
    return nodes, edges


def _csv_value(v: Any) -> Any:
    return "" if v is None else _flat(v)


def _write_csv(f, rows: list[dict[str, Any]]) -> None:
    if not rows:
        f.write("")
        return
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)


# ----------------------------------------------------------------------------- one call
def format_for(out: Path, fmt: str | None) -> str:
    """``fmt``, or the format the file name suggests (.gexf, .graphml, .json, .cyjs, .png, .svg;
    a name without a suffix is a csv folder)."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(out).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if not suffix:
        return "csv"
    raise UsageError(f"cannot tell the format from {Path(out).name!r}; give --format "
                     f"({', '.join(FORMATS)})")


def export_responsibility(graph_dir: str | Path | None, flt: ExportFilter | None = None, *,
                          graph_kind: str = "departments", fmt: str | None = None, out: str | Path,
                          engine=None) -> str:
    """Export the responsibility graph of ``graph_dir`` (or of ``engine``) under ``flt`` to
    ``out``; returns a one-line report (nodes, edges, files)."""
    if engine is None:
        if graph_dir is None:
            raise UsageError("give a graph folder or an engine")
        from kg.queries import LocalEngine

        engine = LocalEngine.of(graph_dir)
    out = Path(out)
    fmt = format_for(out, fmt)
    flt = flt or ExportFilter()
    G = build_graph(responsibility_data(engine, flt), graph_kind)
    if G.number_of_nodes() == 0:
        raise QueryError(f"no task matches the filters ({flt.describe()}); nothing written")
    files = write_graph(G, fmt, out)
    kind = "department–task (bipartite)" if graph_kind == "bipartite" else "department"
    return (f"Wrote the {kind} graph as {fmt}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
            f"({flt.describe()}) → {', '.join(str(f) for f in files)}")
