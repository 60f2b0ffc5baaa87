"""Saved SPARQL queries (``queries/*.rq``) and their safe execution.

A saved query is one ``.rq`` file; its name is the file stem. Leading ``#+ `` lines hold YAML
metadata (grlc style)::

    #+ summary: {zh: 某部门牵头的任务, en: Tasks a department leads}
    #+ description: {zh: …, en: …}
    #+ tags: [departments]
    #+ params:
    #+   department: {type: department, default: 市生态环境局, description: {zh: 部门, en: department}}
    #+   due: {type: date, required: false}

Parameters are SPARQL variables ``?_name`` (an ``?_name`` parameter of type ``department``
binds ``?_department``). A value is validated against its type and turned into RDF terms by the
library (a checked IRI, ``Literal(v, datatype=…)``), and the terms' own serialisation is written
in a ``VALUES`` block at the start of the query's outer ``WHERE`` — text given by a user is never
pasted into the query, so quotes and braces in a value stay inside a literal. A parameter left
empty (and not required) is not bound, and the query treats it as "any".

Department values may be a canonical name (南阳市生态环境局), a name as written (市生态环境局,
which across plans means every city's bureau), a department type with an optional level
(生态环境局, 市环保局 → every city-level 生态环境局) or its English name ("Bureau of Ecology and
Environment", "city ecology bureau"). They resolve to the matching units of the graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
import yaml

from kg.errors import QueryError

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
POL = "https://w3id.org/policykg/ontology#"
ID = "https://w3id.org/policykg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("department", "department_type", "date", "plan", "jurisdiction", "indicator", "role",
               "string", "integer", "level")
ROLE_WORDS = {
    "lead": "LeadRole", "leads": "LeadRole", "牵头": "LeadRole", "负责": "LeadRole",
    "support": "SupportRole", "supports": "SupportRole", "配合": "SupportRole", "参与": "SupportRole",
    "implement": "ImplementRole", "implements": "ImplementRole", "落实": "ImplementRole",
    "负责落实": "ImplementRole",
}
ANY_ROLE_WORDS = ("any", "all", "任意", "全部", "所有")
LEVEL_WORDS = {"province": "province", "省": "province", "city": "city", "市": "city", "county": "county",
               "县": "county", "区": "county", "township": "township", "乡": "township", "镇": "township"}
_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


# ----------------------------------------------------------------------------- saved queries
@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None = None
    required: bool = True
    description: Mapping[str, str] = field(default_factory=dict)
    enumerate: str | None = None  # SPARQL returning ?value (and ?label) for a dropdown

    @property
    def variable(self) -> str:
        return "_" + self.name


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    summary: Mapping[str, str]
    description: Mapping[str, str]
    tags: tuple[str, ...]
    params: tuple[Parameter, ...]
    sparql: str  # the query without its #+ lines

    def param(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; it takes: "
                         f"{', '.join(p.name for p in self.params) or '(none)'}")


def parse_saved_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    meta_lines, body = [], []
    for line in text.splitlines():
        if line.startswith("#+") and not body:
            meta_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            body.append(line)
    try:
        meta = yaml.safe_load("\n".join(meta_lines)) or {}
    except yaml.YAMLError as e:
        raise QueryError(f"bad #+ metadata: {e}", path=str(path)) from None
    if not isinstance(meta, dict):
        raise QueryError("the #+ metadata must be a YAML mapping", path=str(path))
    params = []
    for name, spec in (meta.get("params") or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise QueryError(f"parameter {name!r} has unknown type {ptype!r} (known: {', '.join(PARAM_TYPES)})",
                             path=str(path))
        default = spec.get("default")
        params.append(Parameter(
            name=name, type=ptype, default=None if default is None else str(default),
            required=bool(spec.get("required", default is not None)),
            description=_langs(spec.get("description")), enumerate=spec.get("enumerate")))
    sparql = "\n".join(body).strip() + "\n"
    for p in params:
        if "?" + p.variable not in sparql:
            raise QueryError(f"parameter {p.name!r} is declared but ?{p.variable} is not used", path=str(path))
    return SavedQuery(name=path.stem, path=path, summary=_langs(meta.get("summary")),
                      description=_langs(meta.get("description")), tags=tuple(meta.get("tags") or ()),
                      params=tuple(params), sparql=sparql)


def _langs(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value, "zh": value}
    return {str(k): str(v).strip() for k, v in dict(value).items()}


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple) -> dict[str, SavedQuery]:
    return {p.stem: parse_saved_query(p) for p in sorted(Path(folder).glob("*.rq"))}


def saved_queries(folder: str | Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """Every saved query of ``folder`` by name (re-read when a file changes)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise QueryError(f"no saved-query folder {folder}")
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.rq")))
    return _load(str(folder), stamp)


def get_saved_query(name: str, folder: str | Path = QUERIES_DIR) -> SavedQuery:
    queries = saved_queries(folder)
    if name in queries:
        return queries[name]
    close = [n for n in queries if name in n or n in name] or sorted(queries)
    raise QueryError(f"no saved query {name!r}; try: {', '.join(close)} (`kg queries` lists them)")


# ----------------------------------------------------------------------------- engines
class Engine(Protocol):
    """Where queries run: the embedded store or a remote SPARQL endpoint."""

    def select(self, sparql: str) -> QueryResult: ...


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]  # variable → pyoxigraph term (NamedNode / Literal / BlankNode)

    def records(self) -> list[dict[str, str | None]]:
        """Rows as plain values: IRIs and literals as their text."""
        return [{c: (r[c].value if r.get(c) is not None else None) for c in self.columns} for r in self.rows]


class LocalEngine:
    """The embedded Oxigraph store of a built graph; the default graph is the union of all
    named graphs."""

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def of(cls, graph_dir: str | Path) -> LocalEngine:
        from kg.store import open_store

        return cls(open_store(graph_dir))

    def select(self, sparql: str) -> QueryResult:
        try:
            result = self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except OSError as e:
            raise QueryError(f"query failed: {e}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries can be shown as a table")
        columns = [v.value for v in result.variables]
        return QueryResult(columns, [{c: t for c, t in zip(columns, s) if t is not None} for s in result])


# ----------------------------------------------------------------------------- binding values
def bind(query: SavedQuery, values: Mapping[str, str | None], engine: Engine,
         today: dt.date | None = None) -> str:
    """The query text with a VALUES block for every given (or defaulted) parameter."""
    unknown = set(values) - {p.name for p in query.params}
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(sorted(unknown))}; it takes: "
                         f"{', '.join(p.name for p in query.params) or '(none)'}")
    blocks = []
    for p in query.params:
        raw = values.get(p.name)
        if raw is None or str(raw).strip() == "":
            raw = p.default
        if raw is None or str(raw).strip() == "":
            if p.required:
                raise QueryError(f"query {query.name!r} needs a value for {p.name!r} ({p.type})")
            continue
        terms = to_terms(p, str(raw).strip(), engine, today)
        blocks.append(f"VALUES ?{p.variable} {{ {' '.join(str(t) for t in terms)} }}")
    return inject_values(query.sparql, blocks)


def inject_values(sparql: str, blocks: list[str]) -> str:
    if not blocks:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if not m:
        raise QueryError("the query has no WHERE { … } to bind parameters in")
    return sparql[: m.end()] + "\n  " + "\n  ".join(blocks) + sparql[m.end():]


def to_terms(p: Parameter, raw: str, engine: Engine, today: dt.date | None = None) -> list[ox.NamedNode | ox.Literal]:
    """Validate ``raw`` for parameter ``p`` and turn it into RDF terms."""
    if p.type == "date":
        return [ox.Literal(parse_date(raw, today).isoformat(), datatype=ox.NamedNode(XSD + "date"))]
    if p.type == "integer":
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise QueryError(f"{p.name}: {raw!r} is not a whole number")
        return [ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))]
    if p.type == "string":
        return [ox.Literal(raw)]
    if p.type == "role":
        if raw.lower() in ANY_ROLE_WORDS:  # every role: lead, support or implement
            return [ox.NamedNode(POL + k) for k in ("LeadRole", "SupportRole", "ImplementRole")]
        key = ROLE_WORDS.get(raw.lower())
        if not key:
            raise QueryError(f"{p.name}: {raw!r} is not a role; use lead, support, implement or any (牵头/配合/落实/任意)")
        return [ox.NamedNode(POL + key)]
    if p.type == "level":
        level = LEVEL_WORDS.get(raw.lower())
        if not level:
            raise QueryError(f"{p.name}: {raw!r} is not a level; use province, city, county or township")
        return [ox.Literal(level)]
    resolver = {"department": resolve_departments, "department_type": resolve_department_type,
                "plan": resolve_plans, "jurisdiction": resolve_jurisdictions, "indicator": resolve_indicators}[p.type]
    cache = _store_cache(engine)
    if cache is None or p.type == "department":  # departments keep their own cache
        return resolver(raw, engine)
    if (p.type, raw) not in cache:
        cache[(p.type, raw)] = tuple(resolver(raw, engine))
    return list(cache[(p.type, raw)])


def parse_date(raw: str, today: dt.date | None = None) -> dt.date:
    """2024-12-31, 2024-12, 2024 (→ year end), today, 今天, this year / 今年 (→ year end)."""
    today = today or dt.date.today()
    s = raw.strip().lower()
    if s in ("today", "今天", "今日", "now"):
        return today
    if s in ("this year", "今年", "本年"):
        return dt.date(today.year, 12, 31)
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
        try:
            if d:
                return dt.date(y, int(mo), int(d))
            if mo:
                nxt = dt.date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
                return nxt - dt.timedelta(days=1)
            return dt.date(y, 12, 31)
        except ValueError:
            pass
    raise QueryError(f"{raw!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY, today)")


def _check_iri(raw: str) -> ox.NamedNode:
    if not _IRI_OK.match(raw):
        raise QueryError(f"{raw!r} is not a valid IRI")
    return ox.NamedNode(raw)


def _literal(text: str) -> str:
    return str(ox.Literal(text))


# --- departments
_UNITS = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?unit ?label ?alt ?type ?level WHERE {
  { SELECT DISTINCT ?unit ?label WHERE { ?unit a pol:ResponsibleUnit ; skos:prefLabel ?label } }
  OPTIONAL { SELECT DISTINCT ?unit ?alt WHERE { ?unit a pol:ResponsibleUnit ; skos:altLabel ?alt } }
  OPTIONAL { SELECT DISTINCT ?unit ?type WHERE { ?unit a pol:ResponsibleUnit ; pol:departmentType ?type } }
  OPTIONAL { SELECT DISTINCT ?unit ?level WHERE { ?unit a pol:ResponsibleUnit ; pol:level ?level } }
}"""  # each part de-duplicated first: a unit's triples repeat in every document's graph


def _store_cache(engine: Engine) -> dict | None:
    """A dict kept per opened store for values resolved against it (a built store is read-only
    and a rebuilt graph is a new store object); None for other engines (a remote endpoint may
    change under us)."""
    store = getattr(engine, "store", None)
    if store is None:
        return None
    entry = _RESOLVED.get(id(store))
    if entry is None or entry[0] is not store:
        if len(_RESOLVED) >= 4:
            _RESOLVED.pop(next(iter(_RESOLVED)))
        entry = _RESOLVED[id(store)] = (store, {})
    return entry[1]


_RESOLVED: dict[int, tuple[object, dict]] = {}  # id(store) → (store, {(kind, raw): terms})
_UNITS_NAMED = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?unit WHERE { ?unit %s %s . FILTER EXISTS { ?unit a pol:ResponsibleUnit } }"""
_UNITS_TYPED = """PREFIX pol: <https://w3id.org/policykg/ontology#>
SELECT DISTINCT ?unit WHERE { ?unit pol:departmentType %s . %s FILTER EXISTS { ?unit a pol:ResponsibleUnit } }"""


def resolve_departments(raw: str, engine: Engine) -> list[ox.NamedNode]:
    """Units matching a canonical name, a name as written, a department type (optionally with a
    level: 市生态环境局, city ecology bureau) or an IRI. Each step is a direct lookup of the
    name (bound as a literal term); every unit is listed only to suggest names when none matches.
    Answers are kept per opened store."""
    if raw.startswith("http"):
        return [_check_iri(raw)]
    cache = _store_cache(engine)
    if cache is not None and ("department", raw) in cache:
        return list(cache[("department", raw)])
    found = _resolve_departments(raw, engine)
    if cache is not None:
        cache[("department", raw)] = tuple(found)
    return found


def _resolve_departments(raw: str, engine: Engine) -> list[ox.NamedNode]:
    from kg.vocab import department_types, lookup_department_type

    name = re.sub(r"\s+", "", raw)
    for prop in ("skos:prefLabel", "skos:altLabel"):  # a canonical name, then a name as written
        rows = engine.select(_UNITS_NAMED % (prop, ox.Literal(name))).rows
        if rows:
            return [ox.NamedNode(u) for u in sorted({r["unit"].value for r in rows})]
    level, rest = _split_level(raw)
    dtype = lookup_department_type(rest) if rest else None
    if dtype is None:
        low = rest.lower()
        for t in department_types():
            if t.en.lower() == low or _en_key(t.en) == _en_key(low):
                dtype = t
                break
    if dtype is not None:
        type_iri = ox.NamedNode(ID + "department-type/" + dtype.standard_name)
        at_level = "" if level is None else f"?unit pol:level {ox.Literal(level)} ."
        units = sorted({r["unit"].value for r in engine.select(_UNITS_TYPED % (type_iri, at_level)).rows})
        if units:
            return [ox.NamedNode(u) for u in units]
    rows = engine.select(_UNITS).rows
    near = sorted({r["label"].value for r in rows if name and (name in r["label"].value or r["label"].value in name)})[:8]
    hint = f"; did you mean {', '.join(near)}?" if near else "; `kg query departments` lists them"
    raise QueryError(f"no department matches {raw!r}{hint}")


_EN_LEVEL = re.compile(r"^(?:the\s+)?(province|provincial|city|municipal|county|district|township)\s+", re.I)
_EN_WORDS = {"ecology": "ecology and environment", "environment": "ecology and environment",
             "ecological": "ecology and environment"}


def _split_level(raw: str) -> tuple[str | None, str]:
    s = raw.strip()
    m = _EN_LEVEL.match(s)
    if m:
        word = m.group(1).lower()
        level = {"provincial": "province", "municipal": "city", "district": "county"}.get(word, word)
        return level, s[m.end():]
    if s[:1] in "省市县区" and not s.startswith("市场"):
        return LEVEL_WORDS[s[0]], s[1:]
    return None, s


def _en_key(s: str) -> str:
    """A loose key for English department names: 'ecology bureau' ~ 'Bureau of Ecology and Environment'."""
    words = re.findall(r"[a-z]+", s.lower())
    stop = {"the", "of", "and", "bureau", "commission", "administration", "office", "department", "s"}
    out = set()
    for w in words:
        if w in stop:
            continue
        out.add({"environmental": "environment", "ecological": "ecology"}.get(w, w))
    if "environment" in out:
        out.add("ecology")
    if "ecology" in out:
        out.add("environment")
    return " ".join(sorted(out))


def resolve_department_type(raw: str, engine: Engine) -> list[ox.NamedNode]:
    from kg.vocab import department_types, lookup_department_type

    t = lookup_department_type(raw)
    if t is None:
        t = next((x for x in department_types() if _en_key(x.en) == _en_key(raw)), None)
    if t is None:
        raise QueryError(f"{raw!r} is not a known department type (see ontology/vocab/department_types.csv)")
    return [ox.NamedNode(ID + "department-type/" + t.standard_name)]


# --- plans, jurisdictions, indicators
_PLANS = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?plan ?title ?file ?jur WHERE {
  ?plan a pol:Plan ; dcterms:title ?title ; prov:wasDerivedFrom/pol:fileName ?file .
  OPTIONAL { ?plan pol:jurisdiction/rdfs:label ?jur }
}"""


def resolve_plans(raw: str, engine: Engine) -> list[ox.NamedNode]:
    """Plans by IRI, file name, title (or part of it) or jurisdiction (南阳, 南阳市)."""
    if raw.startswith("http"):
        return [_check_iri(raw)]
    rows = engine.select(_PLANS).rows
    s = raw.strip()
    for test in (lambda r: r["title"].value == s, lambda r: r["file"].value in (s, s + ".txt"),
                 lambda r: Path(r["file"].value).stem == s,
                 lambda r: r.get("jur") is not None and r["jur"].value in (s, s + "市", s + "县", s + "区"),
                 lambda r: s in r["title"].value):
        found = sorted({r["plan"].value for r in rows if test(r)})
        if found:
            return [ox.NamedNode(p) for p in found]
    raise QueryError(f"no plan matches {raw!r}; `kg query plans` lists them")


def resolve_jurisdictions(raw: str, engine: Engine) -> list[ox.NamedNode]:
    if raw.startswith("http"):
        return [_check_iri(raw)]
    rows = engine.select("""PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?j ?label WHERE { ?j a pol:Jurisdiction ; rdfs:label ?label }""").rows
    s = raw.strip()
    found = sorted({r["j"].value for r in rows if r["label"].value in (s, s + "市", s + "县", s + "区", s + "省")})
    if not found:
        raise QueryError(f"no jurisdiction matches {raw!r}")
    return [ox.NamedNode(j) for j in found]


def resolve_indicators(raw: str, engine: Engine) -> list[ox.NamedNode]:
    if raw.startswith("http"):
        return [_check_iri(raw)]
    rows = engine.select("""PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?i ?label WHERE { ?i a pol:Indicator . { ?i skos:prefLabel ?label } UNION { ?i skos:altLabel ?label } }""").rows
    s = re.sub(r"\s+", "", raw).lower()
    exact = sorted({r["i"].value for r in rows if r["label"].value.lower() == s})
    found = exact or sorted({r["i"].value for r in rows if s and (s in r["label"].value.lower())})
    if not found:
        raise QueryError(f"no indicator matches {raw!r}; `kg query indicators` lists them")
    return [ox.NamedNode(i) for i in found]


# ----------------------------------------------------------------------------- running
def run_saved(name: str, values: Mapping[str, str | None], engine: Engine,
              folder: str | Path = QUERIES_DIR, today: dt.date | None = None) -> tuple[QueryResult, str]:
    """Run saved query ``name`` with ``values``; returns the result and the SPARQL that ran."""
    query = get_saved_query(name, folder)
    sparql = bind(query, values, engine, today)
    return engine.select(sparql), sparql


def enumerate_values(param: Parameter, engine: Engine) -> list[tuple[str, str]]:
    """(value, label) choices for a parameter's dropdown, from its ``enumerate`` query."""
    if not param.enumerate:
        return []
    result = engine.select(param.enumerate)
    out = []
    for r in result.rows:
        v = r.get("value")
        if v is not None:
            label = r.get("label")
            out.append((v.value, label.value if label is not None else v.value))
    return out


_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE)


def read_only_check(sparql: str) -> None:
    """Refuse SPARQL Update operations with a clear message (the stores are read-only here)."""
    # drop comments, but not the # inside IRIs (<…ontology#>) or strings
    text = re.sub(r"""(<[^<>\s]*>|"[^"\n]*"|'[^'\n]*')|#.*$""", lambda m: m.group(1) or "", sparql, flags=re.M)
    if _UPDATE_START.match(text):
        raise QueryError("updates are not allowed: this SPARQL interface is read-only "
                         "(rebuild the graph with `kg build` to change it)")
