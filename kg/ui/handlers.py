"""What the web UI does, as plain functions over a built graph folder (no Gradio here).

Each function takes the graph folder (and plain values from the page) and returns plain data —
an :class:`Answer` table, HTML, a file path — or raises a :class:`~kg.errors.KGError` whose
message the page shows. ``kg/ui/app.py`` wires them to components; the tests call them through
``gradio_client`` against a launched app.

The UI adds no rules of its own: answers come from the saved queries (``kg.queries``), the
question parser (``kg.ask``), the exports (``kg.export``) and the document texts kept by the
build (``kg.build.document_text``). The few SPARQL lookups below only fetch a node's source span
and a plan's targets for display.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import html
import re
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.queries import LocalEngine, QueryResult, SavedQuery, saved_queries
from kg.ui.i18n import t

SPARQL_TIMEOUT = 10.0  # seconds, ad-hoc SPARQL tab
SPARQL_MAX_ROWS = 2000
_SPARQL_SLOTS = threading.BoundedSemaphore(4)  # ad-hoc queries running at once (a runaway one holds its slot)
_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_DATE_IN = re.compile(r"→\s*(\d{4}-\d{2}-\d{2})")

# The canned questions, in the order the page lists them first (any other saved query follows).
CANNED_ORDER = ("tasks_by_department", "tasks_due_between", "tasks_overdue", "department_responsibilities",
                "co_responsible_departments", "workload_by_department", "plan_outline", "targets_by_indicator",
                "tasks_mentioning", "plans", "departments", "indicators", "tasks_without_unit_or_deadline")
# Picker slots of the canned-question form; each saved-query parameter is shown in one of them.
SLOTS = ("department", "role", "date1", "date2", "plan", "jurisdiction", "indicator", "text")
_SLOT_OF_TYPE = {"department": "department", "role": "role", "plan": "plan", "jurisdiction": "jurisdiction",
                 "indicator": "indicator", "department_type": "text", "string": "text", "integer": "text",
                 "level": "text"}
ROLES = ("lead", "support", "implement")


@dataclass
class Answer:
    """A table for the page: column names, rows of plain strings, and the SPARQL that ran."""

    columns: list[str]
    rows: list[list[str]]
    sparql: str = ""
    note: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, result: QueryResult, sparql: str = "", note: str = "") -> Answer:
        recs = result.records()
        return cls(list(result.columns), [[_cell(r.get(c)) for c in result.columns] for r in recs], sparql, note, recs)


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


# ----------------------------------------------------------------------------- the graph
_ENGINES: dict[Path, LocalEngine] = {}
_ENGINE_LOCK = threading.Lock()


def engine(graph_dir: str | Path) -> LocalEngine:
    """The embedded store of the graph folder (opened once; ``kg.store`` reloads a rebuilt graph)."""
    from kg.store import open_store

    folder = Path(graph_dir).resolve()
    store = open_store(folder)
    with _ENGINE_LOCK:
        eng = _ENGINES.get(folder)
        if eng is None or eng.store is not store:
            eng = _ENGINES[folder] = LocalEngine(store)
        return eng


# ----------------------------------------------------------------------------- canned questions
def canned_queries() -> list[SavedQuery]:
    """The saved queries in page order."""
    queries = saved_queries()
    order = [n for n in CANNED_ORDER if n in queries] + sorted(n for n in queries if n not in CANNED_ORDER)
    return [queries[n] for n in order]


def canned_choices(lang: str) -> list[tuple[str, str]]:
    """(summary in ``lang``, query name) for the list of canned questions."""
    return [(q.summary.get(lang) or q.summary.get("en") or q.name, q.name) for q in canned_queries()]


def slots_of(query: SavedQuery) -> dict[str, str]:
    """parameter name → picker slot; dates fill date1 then date2."""
    out: dict[str, str] = {}
    dates = iter(("date1", "date2"))
    for p in query.params:
        out[p.name] = next(dates) if p.type == "date" else _SLOT_OF_TYPE.get(p.type, "text")
    return out


def canned_form(name: str, lang: str) -> dict[str, dict[str, Any]]:
    """For each slot: whether it is shown, its label and default value, for query ``name``."""
    from kg.queries import get_saved_query

    query = get_saved_query(name)
    form = {s: {"visible": False, "label": "", "value": None} for s in SLOTS}
    for p in query.params:
        slot = slots_of(query)[p.name]
        label = p.description.get(lang) or p.description.get("en") or p.name
        if not p.required:
            label += "（可选）" if lang == "zh" else " (optional)"
        value = p.default
        if p.type == "date" and value:
            try:  # "today" → a date the picker can show
                from kg.queries import parse_date

                value = parse_date(value).isoformat()
            except KGError:
                pass
        form[slot] = {"visible": True, "label": label, "value": value}
    return form


def run_canned(graph_dir: str | Path, name: str, slot_values: Mapping[str, Any]) -> Answer:
    """Run saved query ``name`` with the values of its picker slots."""
    from kg.queries import get_saved_query, run_saved

    query = get_saved_query(name)
    values = {p: _plain(slot_values.get(slot)) for p, slot in slots_of(query).items()}
    result, sparql = run_saved(name, values, engine(graph_dir))
    return Answer.of(result, sparql)


def _plain(v: Any) -> str | None:
    """A picker's value as text: dates from a date picker (datetime, timestamp or string) → YYYY-MM-DD."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return dt.datetime.fromtimestamp(v).date().isoformat()
    s = str(v).strip()
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?", s)
    return m[1] if m else s


def ask_question(graph_dir: str | Path, question: str) -> tuple[str, Answer]:
    """Answer a question in Chinese or English (``kg ask``): (the explanation, the answer)."""
    from kg.ask import ask

    if not question or not question.strip():
        raise QueryError("type a question / 请输入问题")
    interpretation, result, sparql = ask(question.strip(), engine(graph_dir))
    return interpretation.explanation, Answer.of(result, sparql)


def example_questions(lang: str) -> list[str]:
    """Example questions (kg.ask) in ``lang``; none until the question parser is installed."""
    try:
        from kg.ask import example_questions as examples
    except ImportError:
        return []
    return list(examples(lang))


# ----------------------------------------------------------------------------- pickers
_WRITTEN = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?unit ?alt WHERE { ?u a pol:ResponsibleUnit ; skos:prefLabel ?unit ; skos:altLabel ?alt }"""


def department_choices(graph_dir: str | Path, lang: str = "zh") -> list[tuple[str, str]]:
    """Departments for a dropdown: names as written that stand for several units first (市生态环境局:
    every city's bureau), then every canonical unit by task count."""
    from kg.queries import run_saved

    eng = engine(graph_dir)
    result, _ = run_saved("departments", {}, eng)
    recs = result.records()
    units: dict[str, set[str]] = {}
    for r in eng.select(_WRITTEN).records():
        units.setdefault(r["alt"], set()).add(r["unit"])
    canonical = {r["unit"] for r in recs}
    groups = sorted((w for w, us in units.items() if len(us) > 1 and w not in canonical),
                    key=lambda w: (-len(units[w]), w))
    every = "（全部 {n} 个）" if lang == "zh" else " (all {n})"
    out = [(w + every.format(n=len(units[w])), w) for w in groups]
    out += [(f"{r['unit']} · {r['tasks']}", r["unit"]) for r in recs]
    return out


def default_department(graph_dir: str | Path) -> str | None:
    """The department (not a government or collective unit) named in most tasks."""
    from kg.queries import run_saved

    result, _ = run_saved("departments", {}, engine(graph_dir))
    recs = result.records()
    dept = next((r["unit"] for r in recs if r.get("kind") == "Department"), None)
    return dept or (recs[0]["unit"] if recs else None)


def role_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("role_" + r, lang), r) for r in ROLES]


def plan_choices(graph_dir: str | Path) -> list[tuple[str, str]]:
    """(title, document file name) of every plan."""
    from kg.queries import run_saved

    result, _ = run_saved("plans", {}, engine(graph_dir))
    return [(r["plan"], r["file"]) for r in result.records()]


def jurisdiction_choices(graph_dir: str | Path) -> list[str]:
    from kg.queries import run_saved

    result, _ = run_saved("plans", {}, engine(graph_dir))
    return sorted({r["jurisdiction"] for r in result.records() if r.get("jurisdiction")})


def indicator_choices(graph_dir: str | Path) -> list[tuple[str, str]]:
    from kg.queries import run_saved

    result, _ = run_saved("indicators", {}, engine(graph_dir))
    return [(r["indicator"] + (f" · {r['indicator_en']}" if r.get("indicator_en") else ""), r["indicator"])
            for r in result.records()]


def department_type_choices(lang: str) -> list[tuple[str, str]]:
    from kg.vocab import department_types

    return [(d.standard_name if lang == "zh" else f"{d.en} · {d.standard_name}", d.standard_name)
            for d in department_types()]


# ----------------------------------------------------------------------------- ad-hoc SPARQL
def run_sparql(graph_dir: str | Path, text: str, timeout: float = SPARQL_TIMEOUT,
               max_rows: int = SPARQL_MAX_ROWS) -> Answer:
    """Run read-only SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) with a time limit and a row cap.

    Updates are refused before anything runs (and the store is only ever queried, never updated).
    """
    from kg.queries import read_only_check

    if not text or not text.strip():
        raise QueryError("type a SPARQL query / 请输入 SPARQL 查询")
    read_only_check(text)
    store = engine(graph_dir).store
    started = time.monotonic()
    if not _SPARQL_SLOTS.acquire(timeout=timeout):
        raise QueryError("too many long SPARQL queries are running; try again in a moment / 查询繁忙，请稍后再试")
    future: cf.Future = cf.Future()

    def work() -> None:
        try:
            future.set_result(_collect(store, text, max_rows, started + timeout))
        except BaseException as e:  # noqa: BLE001 - handed to the waiting request
            future.set_exception(e)
        finally:
            _SPARQL_SLOTS.release()

    # a daemon thread: a query still running after its time limit cannot keep the server from stopping
    threading.Thread(target=work, daemon=True, name="kg-ui-sparql").start()
    try:
        columns, rows, more = future.result(timeout=max(0.0, started + timeout - time.monotonic()))
    except cf.TimeoutError:
        raise QueryError(f"the query took longer than the time limit of {timeout:g} s; "
                         "narrow it down (add a LIMIT, bind a variable) / 查询超时") from None
    note = f"more than {max_rows} rows; showing the first {max_rows}" if more else ""
    recs = [dict(zip(columns, r)) for r in rows]
    return Answer(columns, rows, text, note, recs)


def _collect(store: ox.Store, text: str, max_rows: int, deadline: float) -> tuple[list[str], list[list[str]], bool]:
    """Run the query and read at most ``max_rows`` rows, stopping early past ``deadline``."""
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    except (OSError, ValueError) as e:
        raise QueryError(f"query failed: {e}") from None
    if isinstance(result, (bool, ox.QueryBoolean)):
        return ["ask"], [["true" if bool(result) else "false"]], False
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        get = lambda s: [_cell(s[c].value if s[c] is not None else None) for c in columns]  # noqa: E731
    else:  # QueryTriples (CONSTRUCT / DESCRIBE)
        columns = ["subject", "predicate", "object"]
        get = lambda tr: [tr.subject.value, tr.predicate.value, tr.object.value]  # noqa: E731
    rows: list[list[str]] = []
    try:
        for item in result:
            if len(rows) == max_rows:
                return columns, rows, True
            if time.monotonic() > deadline:  # rows come lazily: a long stream stops here
                raise QueryError("the query took longer than the time limit / 查询超时")
            rows.append(get(item))
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    return columns, rows, False


_OUT_ROOT: Path | None = None


def _new_out_dir() -> Path:
    """A fresh folder for one download, inside one folder per process removed when it exits
    (Gradio copies each returned file into its own cache, cleaned by ``delete_cache``)."""
    global _OUT_ROOT
    with _ENGINE_LOCK:
        if _OUT_ROOT is None:
            import atexit
            import shutil

            _OUT_ROOT = Path(tempfile.mkdtemp(prefix="policykg-ui-"))
            atexit.register(shutil.rmtree, _OUT_ROOT, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=_OUT_ROOT))


def write_answer(answer: Answer, fmt: str, out_dir: str | Path | None = None, stem: str = "answer") -> str:
    """The answer as a CSV or JSON file; returns its path."""
    from kg import formats

    if fmt not in ("csv", "json"):
        raise QueryError(f"unknown download format {fmt!r}; use csv or json")
    folder = Path(out_dir) if out_dir else _new_out_dir()
    path = folder / f"{stem}.{fmt}"
    recs = answer.records or [dict(zip(answer.columns, r)) for r in answer.rows]
    path.write_text(formats.to_string(recs, fmt, answer.columns), encoding="utf-8")
    return str(path)


# ----------------------------------------------------------------------------- source text
_PREFIXES = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_NODE_SPAN = _PREFIXES + """SELECT ?file ?start ?end ?line ?title WHERE {
  ?node pol:span ?s ; prov:wasDerivedFrom/pol:fileName ?file .
  ?s oa:start ?start ; oa:end ?end . OPTIONAL { ?s pol:line ?line }
  OPTIONAL { ?node dcterms:title ?title }
} LIMIT 1"""
_PART_SPANS = _PREFIXES + """SELECT ?kind ?start ?end WHERE {
  { ?node pol:hasDeadline ?x . BIND("deadline" AS ?kind) } UNION { ?node pol:hasTarget ?x . BIND("target" AS ?kind) }
  UNION { ?node pol:hasResponsibility ?x . BIND("note" AS ?kind) }
  ?x pol:span ?s . ?s oa:start ?start ; oa:end ?end .
}"""


@dataclass
class Source:
    document: str
    line: int | None
    start: int
    end: int
    html: str


def node_iri(raw: str) -> ox.NamedNode:
    raw = (raw or "").strip()
    if not raw:
        raise QueryError("no task selected: click a row of the answer table / 请先在表格中选择一个任务")
    if not _IRI_OK.match(raw):
        raise QueryError(f"{raw!r} is not a task IRI")
    return ox.NamedNode(raw)


def _with_node(sparql: str, node: ox.NamedNode) -> str:
    # the IRI's own serialisation, in a VALUES block (kg.queries does the same for parameters)
    return re.sub(r"WHERE \{", f"WHERE {{ VALUES ?node {{ {node} }}", sparql, count=1)


def task_source(graph_dir: str | Path, iri: str, context: int = 300) -> Source:
    """The document text around a task (or any node with a span), its sentence highlighted, and
    inside it the deadlines, targets and the responsibility note."""
    from kg.build import document_text

    node = node_iri(iri)
    eng = engine(graph_dir)
    found = eng.select(_with_node(_NODE_SPAN, node)).records()
    if not found:
        raise QueryError(f"no source span for {iri} in the graph (is it a task, action, target or plan IRI?)")
    r = found[0]
    start, end = int(r["start"]), int(r["end"])
    text = document_text(graph_dir, r["file"])
    parts = []
    for p in eng.select(_with_node(_PART_SPANS, node)).records():
        s, e = int(p["start"]), int(p["end"])
        if start <= s < e <= end:
            parts.append((s, e, p["kind"]))
    body = highlight(text, start, end, parts, context)
    line = int(r["line"]) if r.get("line") else None
    return Source(r["file"], line, start, end, body)


def highlight(text: str, start: int, end: int, parts: Sequence[tuple[int, int, str]] = (), context: int = 600) -> str:
    """HTML of ``text`` around [start, end) with that passage in <mark>, and ``parts`` (deadline,
    target, note spans inside it) marked by kind. ``context`` characters either side are shown."""
    lo = max(0, start - context // 3)  # less before than after: the passage stays in view
    hi = min(len(text), end + context)
    lo = text.rfind("\n", 0, lo) + 1 if lo else 0  # start and end on whole lines
    nl = text.find("\n", hi)
    hi = len(text) if nl < 0 else nl
    out = [f"<div class='kg-source' style='{_STYLE['box']}'>", "…" if lo else "", html.escape(text[lo:start]),
           f"<mark class='kg-task' style='{_STYLE['task']}'>"]
    # parts may nest (a deadline inside a target); a part crossing another is left out
    kept: list[tuple[int, int, str]] = []
    stack: list[tuple[int, int, str]] = []
    for s, e, kind in sorted((p for p in parts if start <= p[0] < p[1] <= end), key=lambda p: (p[0], -p[1])):
        while stack and stack[-1][1] <= s:
            stack.pop()
        if stack and e > stack[-1][1]:
            continue
        kept.append((s, e, kind))
        stack.append((s, e, kind))
    pos, open_ = start, []
    for b in sorted({start, end} | {p[0] for p in kept} | {p[1] for p in kept}):
        out.append(html.escape(text[pos:b]))
        pos = b
        while open_ and open_[-1][1] == b:
            out.append("</span>")
            open_.pop()
        for s, e, kind in (p for p in kept if p[0] == b):
            out.append(f"<span class='kg-{kind}' title='{kind}' style='{_STYLE.get(kind, '')}'>")
            open_.append((s, e, kind))
    out += [html.escape(text[pos:end]), "</span>" * len(open_), "</mark>", html.escape(text[end:hi]),
            "…" if hi < len(text) else "", "</div>"]
    return "".join(out)


_STYLE = {  # inline, so the page needs no extra stylesheet
    "box": "white-space:pre-wrap;line-height:1.7;max-height:420px;overflow-y:auto;padding:8px;"
           "border:1px solid #ccc;border-radius:6px;font-size:15px",
    "task": "background:#fff3a0;color:#111;padding:1px 0",
    "deadline": "background:#ffc9c9;color:#111;font-weight:600",
    "target": "background:#c9e7ff;color:#111",
    "note": "background:#d3f9d8;color:#111",
    "meta": "color:#666;font-size:90%",
}


# ----------------------------------------------------------------------------- departments
def department_tasks(graph_dir: str | Path, department: str) -> Answer:
    """Every task of the department by role (saved query department_responsibilities)."""
    from kg.queries import run_saved

    if not department or not str(department).strip():
        raise QueryError("pick a department / 请选择一个部门")
    result, sparql = run_saved("department_responsibilities", {"department": department}, engine(graph_dir))
    return Answer.of(result, sparql)


def role_counts(answer: Answer) -> dict[str, int]:
    counts = {r: 0 for r in ROLES}
    for rec in answer.records:
        role = str(rec.get("role") or "").lower()
        if role in counts:
            counts[role] += 1
    return counts


def timeline_figure(answer: Answer, lang: str = "zh"):
    """A plotly timeline of the department's dated deadlines: one marker per (task, deadline), by role."""
    import plotly.graph_objects as go

    colours = {"lead": "#d9480f", "support": "#1971c2", "implement": "#2f9e44"}
    fig = go.Figure()
    for role in ROLES:
        xs, ys, texts = [], [], []
        for rec in answer.records:
            if str(rec.get("role") or "").lower() != role:
                continue
            for date in _DATE_IN.findall(rec.get("deadlines") or ""):
                xs.append(date)
                ys.append(t("role_" + role, lang))
                texts.append(f"{rec.get('jurisdiction') or ''} {rec.get('action')}.{rec.get('number')} {rec.get('title')}"
                             f"<br>{date}")
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=t("role_" + role, lang), text=texts,
                                     hoverinfo="text", marker={"size": 12, "color": colours[role], "opacity": 0.75}))
    # plotly_white's look set directly: applying a named template costs ~30 ms per figure
    fig.update_layout(height=260, margin={"l": 60, "r": 20, "t": 20, "b": 40}, showlegend=False,
                      template="none", plot_bgcolor="white", paper_bgcolor="white",
                      xaxis={"type": "date", "gridcolor": "#EBF0F8", "zeroline": False},
                      yaxis={"gridcolor": "#EBF0F8"})
    return fig


def department_network(graph_dir: str | Path, department: str):
    """The network of units sharing tasks with ``department`` (kg.export) as a plotly figure."""
    from kg.draw import plotly_network
    from kg.export import ExportFilter, department_graph, responsibility_data

    data = responsibility_data(engine(graph_dir), ExportFilter(department=department))
    return plotly_network(department_graph(data), focus=department)


EXPORT_FORMATS = ("graphml", "gexf", "node-link", "cytoscape", "csv", "png", "svg")
GRAPH_KINDS = ("departments", "bipartite")
_SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "node-link": ".json", "cytoscape": ".cyjs",
           "png": ".png", "svg": ".svg", "csv": ""}


def export_graph(graph_dir: str | Path, *, plans: Sequence[str] = (), jurisdictions: Sequence[str] = (),
                 roles: Sequence[str] = (), department_types: Sequence[str] = (), department: str | None = None,
                 due_from: Any = None, due_to: Any = None, graph_kind: str = "departments",
                 fmt: str = "graphml", out_dir: str | Path | None = None) -> tuple[str, str]:
    """Write the responsibility graph for a filter in ``fmt`` (kg.export); returns (file, report).
    CSV (a nodes and an edges file) comes as one zip."""
    from kg.export import ExportFilter, export_responsibility

    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if graph_kind not in GRAPH_KINDS:
        raise QueryError(f"unknown graph kind {graph_kind!r}; use one of {', '.join(GRAPH_KINDS)}")
    flt = ExportFilter(plans=list(plans or ()), jurisdictions=list(jurisdictions or ()), roles=list(roles or ()),
                       department_types=list(department_types or ()), department=(department or None),
                       due_from=_plain(due_from) or None, due_to=_plain(due_to) or None)
    folder = Path(out_dir) if out_dir else _new_out_dir()
    stem = f"responsibility-{graph_kind}"
    if department:
        stem += "-" + re.sub(r"[\\/:*?\"<>|\s]+", "_", str(department))
    out = folder / (stem + _SUFFIX[fmt])
    report = export_responsibility(graph_dir, flt, graph_kind=graph_kind, fmt=fmt, out=out,
                                   engine=engine(graph_dir))
    if fmt == "csv":
        out = _zip(sorted(out.iterdir()), folder / f"{stem}-csv.zip")
    return str(out), str(report)


def _zip(files: Sequence[Path], target: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f.name)
    return target


# ----------------------------------------------------------------------------- plans
_PLAN_TARGETS = _PREFIXES + """SELECT ?owner ?text ?order WHERE {
  { ?node pol:hasTarget ?g . BIND(?node AS ?owner) } UNION { ?owner pol:partOfPlan ?node ; pol:hasTarget ?g }
  ?g pol:asWritten ?text . OPTIONAL { ?g pol:order ?order }
} ORDER BY ?owner ?order"""


def resolve_plan(graph_dir: str | Path, plan: str) -> ox.NamedNode:
    from kg.queries import resolve_plans

    if not plan or not str(plan).strip():
        raise QueryError("pick a plan / 请选择一个规划")
    found = resolve_plans(str(plan), engine(graph_dir))
    if len(found) > 1:
        raise QueryError(f"{plan!r} matches {len(found)} plans; pick one")
    return found[0]


def plan_info(graph_dir: str | Path, plan: str, lang: str = "zh") -> dict[str, str]:
    """The plan's row of the saved query ``plans`` (title, jurisdiction, 文号, dates, parents …)."""
    from kg.queries import run_saved

    iri = resolve_plan(graph_dir, plan).value
    result, _ = run_saved("plans", {}, engine(graph_dir))
    for r in result.records():
        if r["iri"] == iri:
            return {k: (v or "") for k, v in r.items()}
    raise QueryError(f"no plan {plan!r} in the graph")


def plan_outline(graph_dir: str | Path, plan: str) -> tuple[Answer, dict[str, list[str]]]:
    """The saved query plan_outline for ``plan`` and the targets by owner IRI (plan, action or task)."""
    from kg.queries import run_saved

    node = resolve_plan(graph_dir, plan)
    result, sparql = run_saved("plan_outline", {"plan": node.value}, engine(graph_dir))
    targets: dict[str, list[str]] = {}
    for r in engine(graph_dir).select(_with_node(_PLAN_TARGETS, node)).records():
        targets.setdefault(r["owner"], []).append(r["text"])
    return Answer.of(result, sparql), targets


def outline_html(graph_dir: str | Path, plan: str, lang: str = "zh") -> tuple[str, list[tuple[str, str]]]:
    """The outline as nested HTML (actions → tasks → units, deadlines, targets) and the task choices
    (label, IRI) for the source picker."""
    answer, targets = plan_outline(graph_dir, plan)
    info = plan_info(graph_dir, plan, lang)
    words = {"zh": ("牵头", "配合", "落实", "截止", "目标", "项任务"), "en": ("lead", "support", "implement",
                                                                   "deadlines", "targets", "tasks")}[lang]
    e = html.escape
    out = ["<div class='kg-outline'>"]
    plan_targets = targets.get(info.get("iri", ""), [])
    if plan_targets:
        out.append(f"<p><b>{words[4]}</b>：{'；'.join(e(x) for x in plan_targets)}</p>")
    choices: list[tuple[str, str]] = []
    by_action: dict[tuple[str, str], list[dict]] = {}
    for rec in answer.records:
        by_action.setdefault((rec["action"], rec["action_title"]), []).append(rec)
    for i, ((num, title), recs) in enumerate(by_action.items()):
        out.append(f"<details{' open' if i == 0 else ''}><summary>（{e(num)}）{e(title)} "
                   f"<span class='kg-meta' style='{_STYLE['meta']}'>{len(recs)} {words[5]}</span></summary><ol>")
        for rec in recs:
            choices.append((f"（{num}）{rec['number']}. {rec['title']}", rec["task"]))
            meta = []
            for key, word in zip(("lead", "support", "implement", "deadlines"), words):
                if rec.get(key):
                    meta.append(f"{word}：{e(rec[key])}")
            if targets.get(rec["task"]):
                meta.append(f"{words[4]}：{e('；'.join(targets[rec['task']]))}")
            out.append(f"<li value='{e(str(rec['number']))}'>{e(rec['title'])}"
                       f"<div class='kg-meta' style='{_STYLE['meta']}'>{'<br>'.join(meta)}</div></li>")
        out.append("</ol></details>")
    out.append("</div>")
    return "".join(out), choices


def plan_markdown(info: Mapping[str, str], lang: str = "zh") -> str:
    labels = {"zh": {"jurisdiction": "辖区", "level": "级别", "identifier": "文号", "issued": "印发日期",
                     "period": "期限", "tasks": "任务数", "parents": "依据", "file": "文件"},
              "en": {"jurisdiction": "jurisdiction", "level": "level", "identifier": "document number",
                     "issued": "issued", "period": "period", "tasks": "tasks", "parents": "based on", "file": "file"}}[lang]
    period = "–".join(x for x in (info.get("period_start"), info.get("period_end")) if x)
    rows = [("jurisdiction", info.get("jurisdiction")), ("level", info.get("level")),
            ("identifier", info.get("identifier")), ("issued", info.get("issued")), ("period", period),
            ("tasks", info.get("tasks")), ("parents", info.get("parents")), ("file", info.get("file"))]
    lines = [f"**{info.get('plan', '')}**", ""]
    lines += [f"- {labels[k]}：{v}" for k, v in rows if v]
    return "\n".join(lines)


def plan_text(graph_dir: str | Path, plan: str) -> str:
    """The whole text of the plan's document (for the plan browser)."""
    from kg.build import document_text

    info = plan_info(graph_dir, plan)
    return document_text(graph_dir, info["file"])


__all__ = ["Answer", "Source", "engine", "canned_choices", "canned_form", "run_canned", "ask_question",
           "run_sparql", "task_source", "department_tasks", "export_graph", "outline_html", "plan_info"]
