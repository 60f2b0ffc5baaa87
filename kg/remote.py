"""Remote SPARQL stores: query any SPARQL 1.1 endpoint, and push the built graph into one.

``RemoteEngine(url)`` is the :class:`kg.queries.Engine` of a remote endpoint (through
SPARQLWrapper): ``select()`` returns the same :class:`~kg.queries.QueryResult` as the embedded
store — rows of pyoxigraph terms — so saved queries, ``kg ask`` and every output format work
unchanged with ``--endpoint URL``. The endpoint's default graph must be the union of the named
graphs, as it is in the embedded store (``oxigraph serve --union-default-graph``; Fuseki
``tdb2:unionDefaultGraph true``; ``kg serve`` does it by itself).

``push(graph_dir, endpoint)`` loads a built graph into a store, one named graph per document plus
the vocabulary and ontology graphs, each REPLACED (so re-pushing never duplicates), and drops the
PolicyKG graphs (``id:graph/…``) of documents no longer in the build. It writes with the SPARQL 1.1
Graph Store Protocol (one ``PUT ?graph=…`` per graph) when the store has one, otherwise with
SPARQL 1.1 Update (``DROP SILENT GRAPH`` + ``INSERT DATA`` in chunks, the first chunk in the same
request as the drop). Every network failure becomes a :class:`~kg.errors.QueryError` naming the
URL and what to do.
"""

from __future__ import annotations

import base64
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.queries import QueryResult, read_only_check

USER_AGENT = "PolicyKG (https://w3id.org/policykg)"
GRAPH_PREFIX = "https://w3id.org/policykg/id/graph/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
START_HINT = ("is it running? Start one with `kg serve` or "
              "`oxigraph serve --location DIR --union-default-graph`")


# ----------------------------------------------------------------------------- URLs and credentials
def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``http://user:pw@host/q`` → (``http://host/q``, user, pw); messages never show the password."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(f"{url!r} is not an http(s) URL of a SPARQL endpoint "
                         "(e.g. http://127.0.0.1:7878/query)")
    if parts.username is None:
        return url, None, None
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")


def _sibling(endpoint: str, name: str) -> str | None:
    """The URL next to a query endpoint: …/query or …/sparql → …/NAME (Oxigraph, Fuseki layout)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last not in ("query", "sparql"):
        return None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/{name}", "", ""))


# ----------------------------------------------------------------------------- querying
class RemoteEngine:
    """A SPARQL 1.1 endpoint as a query engine (same results as :class:`kg.queries.LocalEngine`)."""

    def __init__(self, endpoint: str, timeout: float = 60.0):
        self.url, self._user, self._password = split_credentials(endpoint)
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteEngine({self.url!r})"

    def select(self, sparql: str) -> QueryResult:
        read_only_check(sparql)
        data = self._query_json(sparql)
        if "boolean" in data:
            raise QueryError("only SELECT queries can be shown as a table")
        try:
            columns = list(data["head"]["vars"])
            bindings = data["results"]["bindings"]
            rows = [{c: _term(b[c]) for c in columns if c in b} for b in bindings]
        except (KeyError, TypeError, ValueError) as e:
            raise QueryError(f"the endpoint {self.url} sent malformed SPARQL JSON results ({e})") from None
        return QueryResult(columns, rows)

    def _query_json(self, sparql: str) -> dict:
        from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        sw = SPARQLWrapper(self.url, agent=USER_AGENT)
        sw.setQuery(sparql)
        sw.setReturnFormat(JSON)
        sw.setOnlyConneg(True)  # only the Accept header: some stores reject unknown parameters
        sw.setMethod(POST)  # saved queries carry VALUES blocks; POST has no URL length limit
        sw.setRequestMethod(URLENCODED)
        sw.setTimeout(int(max(1, round(self.timeout))))
        if self._user is not None:
            sw.setCredentials(self._user, self._password)
        try:
            response = sw.query()
            body = response.response.read()
        except SPARQLWrapperException as e:
            raise QueryError(self._explain(_status_of(e), _body_of(e))) from None
        except urllib.error.HTTPError as e:
            raise QueryError(self._explain(e.code, _read(e))) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                raise QueryError(self._timed_out()) from None
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: {e.reason}; {START_HINT}") from None
        except (TimeoutError, socket.timeout):
            raise QueryError(self._timed_out()) from None
        except (ConnectionError, OSError) as e:
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: {e}; {START_HINT}") from None
        try:
            return json.loads(body)
        except ValueError:
            kind = response.response.headers.get("Content-Type", "?")
            raise QueryError(f"{self.url} did not answer with SPARQL JSON results (got {kind}); "
                             "is this the URL of a SPARQL query endpoint?") from None

    def _timed_out(self) -> str:
        return (f"no answer from the SPARQL endpoint {self.url} within {self.timeout:g} s; "
                "the query may be too slow there, or the server is stuck")

    def _explain(self, status: int | None, body: str) -> str:
        detail = f": {body.strip()[:500]}" if body.strip() else ""
        where = f"the SPARQL endpoint {self.url}"
        if status == 400:
            return f"{where} rejected the query (HTTP 400){detail}"
        if status in (401, 403):
            return (f"{where} refused access (HTTP {status}){detail}; give credentials in the URL "
                    "(http://user:password@host/…) if it needs them")
        if status == 404:
            return (f"{where} answered 404 Not Found{detail}; check the URL (Oxigraph: http://HOST:PORT/query, "
                    "Fuseki: http://HOST:3030/DATASET/query, kg serve: http://HOST:PORT/sparql)")
        if status == 503:
            return f"{where} is busy or stopped the query (HTTP 503){detail}"
        return f"{where} failed (HTTP {status or '?'}){detail}"


def _status_of(e: Exception) -> int | None:
    from SPARQLWrapper import SPARQLExceptions as X

    for cls, code in ((X.QueryBadFormed, 400), (X.Unauthorized, 401), (X.EndPointNotFound, 404),
                      (X.URITooLong, 414), (X.EndPointInternalError, 500)):
        if isinstance(e, cls):
            return code
    return None


def _body_of(e: Exception) -> str:
    """The server's own message inside a SPARQLWrapper exception ("… Response:\\nb'…'")."""
    text = str(e)
    marker = "Response:\n"
    if marker not in text:
        return ""
    raw = text.split(marker, 1)[1].strip()
    if raw.startswith(("b'", 'b"')):
        import ast

        try:
            return ast.literal_eval(raw).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            return raw
    return raw


def _read(e: urllib.error.HTTPError) -> str:
    try:
        return e.read().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - the body is only decoration of the message
        return ""


def _term(b: dict) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """One SPARQL JSON results binding → the pyoxigraph term LocalEngine would give."""
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        if lang:
            return ox.Literal(value, language=lang)
        dt = b.get("datatype")
        if dt and dt not in (XSD_STRING, RDF_LANG_STRING):
            return ox.Literal(value, datatype=ox.NamedNode(dt))
        return ox.Literal(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:
            return ox.BlankNode()
    raise ValueError(f"unsupported term type {kind!r}")


# ----------------------------------------------------------------------------- HTTP for pushing
class _Http:
    """Small urllib client for the Graph Store Protocol and SPARQL Update (errors → QueryError)."""

    def __init__(self, user: str | None, password: str | None, timeout: float):
        self.timeout = timeout
        self.auth = None
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.auth = f"Basic {token}"

    def request(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
                ok_missing: bool = False) -> int:
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("User-Agent", USER_AGENT)
        if content_type:
            req.add_header("Content-Type", content_type)
        if self.auth:
            req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
                return resp.status
        except urllib.error.HTTPError as e:
            if ok_missing and e.code == 404:
                return 404
            detail = _read(e).strip()[:500]
            hint = ""
            if e.code in (401, 403):
                hint = "; the store refuses writes — give credentials in the URL (http://user:password@host/…) or use a writable endpoint"
            elif e.code in (404, 405):
                hint = "; check --store-url / --update-url (Oxigraph: /store and /update, Fuseki: /DATASET/data and /DATASET/update)"
            raise QueryError(f"{method} {url} failed (HTTP {e.code}){': ' + detail if detail else ''}{hint}") from None
        except urllib.error.URLError as e:
            raise QueryError(f"cannot reach {url}: {e.reason}; {START_HINT}") from None
        except (TimeoutError, socket.timeout):
            raise QueryError(f"{method} {url}: no answer within {self.timeout:g} s") from None
        except OSError as e:
            raise QueryError(f"cannot reach {url}: {e}; {START_HINT}") from None

    def probe(self, url: str) -> bool:
        """True when ``url`` answers a Graph Store Protocol ``HEAD ?default`` with 2xx."""
        req = urllib.request.Request(url + "?default", method="HEAD")
        req.add_header("User-Agent", USER_AGENT)
        if self.auth:
            req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=min(self.timeout, 10)) as resp:
                return 200 <= resp.status < 300
        except (urllib.error.URLError, OSError):
            return False


# ----------------------------------------------------------------------------- pushing
@dataclass
class PushReport:
    endpoint: str
    method: str  # "gsp" or "update"
    target: str  # the store or update URL written to
    graphs: int = 0
    quads: int = 0
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def graphs_of_build(graph_dir: str | Path) -> dict[str, list[ox.Triple]]:
    """The built graph's triples by named graph IRI (documents, vocabulary, ontology)."""
    from kg.build import quad_files

    graphs: dict[str, list[ox.Triple]] = {}
    for path in quad_files(graph_dir):  # a clear error when the folder holds no build
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue  # builds put everything in named graphs
            graphs.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
    return graphs


def push(graph_dir: str | Path, endpoint: str, store_url: str | None = None, update_url: str | None = None,
         method: str = "auto", progress: Progress | None = None, chunk: int = 5000,
         timeout: float = 300.0) -> PushReport:
    """Load the built graph of ``graph_dir`` into the store whose query endpoint is ``endpoint``.

    ``method``: ``gsp`` (Graph Store Protocol at ``store_url``, found next to ``endpoint`` for
    Oxigraph ``/store`` and Fuseki ``/data``), ``update`` (SPARQL Update at ``update_url``, default
    the ``/update`` next to ``endpoint``) or ``auto`` (GSP when the store answers, else Update).
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    if method not in ("auto", "gsp", "update"):
        raise QueryError(f"unknown push method {method!r}; use auto, gsp or update")
    query_url, user, password = split_credentials(endpoint)
    http = _Http(user, password, timeout)
    graphs = graphs_of_build(graph_dir)

    store = split_credentials(store_url)[0] if store_url else None
    update = split_credentials(update_url)[0] if update_url else None
    if method in ("auto", "gsp") and store is None:
        for name in ("store", "data"):
            candidate = _sibling(query_url, name)
            if candidate and http.probe(candidate):
                store = candidate
                break
        if store is None and method == "gsp":
            raise QueryError(f"found no Graph Store Protocol service next to {query_url}; give it with --store-url "
                             "(Oxigraph: http://HOST:PORT/store, Fuseki: http://HOST:3030/DATASET/data)")
    use_gsp = store is not None and method != "update"
    if not use_gsp:
        update = update or _sibling(query_url, "update") or query_url
    report = PushReport(endpoint=query_url, method="gsp" if use_gsp else "update", target=store if use_gsp else update)
    say(f"pushing {len(graphs)} graphs to {report.target} ({'Graph Store Protocol' if use_gsp else 'SPARQL Update'})")

    for iri in sorted(graphs):
        triples = graphs[iri]
        if use_gsp:
            http.request("PUT", f"{store}?graph={urllib.parse.quote(iri, safe='')}",
                         ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
                         "application/n-triples")
        else:
            _update_graph(http, update, iri, triples, chunk)
        report.graphs += 1
        report.quads += len(triples)
        if len(graphs) <= 30:
            say(f"  {iri}: {len(triples)} triples")
        elif report.graphs % max(1, len(graphs) // 20) == 0 or report.graphs == len(graphs):
            say(f"  {report.graphs}/{len(graphs)} graphs, {report.quads} triples")

    remote = RemoteEngine(endpoint, timeout=timeout)
    stale = sorted(set(_remote_graphs(remote)) - set(graphs))
    for iri in stale:
        if use_gsp:
            http.request("DELETE", f"{store}?graph={urllib.parse.quote(iri, safe='')}", ok_missing=True)
        else:
            http.request("POST", update, f"DROP SILENT GRAPH <{iri}>".encode(), "application/sparql-update")
        report.dropped.append(iri)
        say(f"  dropped {iri} (its document is no longer in the build)")

    report.warnings.extend(_check(remote, graphs))
    for w in report.warnings:
        say(f"warning: {w}")
    report.seconds = time.perf_counter() - started
    return report


def _update_graph(http: _Http, url: str, iri: str, triples: list[ox.Triple], chunk: int) -> None:
    graph = ox.NamedNode(iri)
    first = True
    for i in range(0, max(len(triples), 1), chunk):
        part = triples[i:i + chunk]
        body = (ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        ops = []
        if first:
            ops.append(f"DROP SILENT GRAPH {graph}")
        if part:
            ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}")
        http.request("POST", url, " ;\n".join(ops).encode("utf-8"), "application/sparql-update")
        first = False


def _remote_graphs(remote: RemoteEngine) -> list[str]:
    rows = remote.select(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }}
  FILTER(STRSTARTS(STR(?g), {ox.Literal(GRAPH_PREFIX)})) }}""").rows
    return [r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode)]


def _check(remote: RemoteEngine, graphs: dict[str, list[ox.Triple]]) -> list[str]:
    """Compare triple counts per graph, and whether the default graph is the union."""
    rows = remote.select(f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), {ox.Literal(GRAPH_PREFIX)})) }} GROUP BY ?g""").rows
    counts = {r["g"].value: int(r["n"].value) for r in rows}
    problems = [f"{iri} holds {counts.get(iri, 0)} triples in the store, {len(t)} in the build"
                for iri, t in sorted(graphs.items()) if counts.get(iri, 0) != len(set(t))]
    seen = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/policykg/ontology#Plan> }").rows
    plans = sum(1 for t in (x for ts in graphs.values() for x in ts)
                if t.predicate.value.endswith("#type") and t.object.value == "https://w3id.org/policykg/ontology#Plan")
    if plans and (not seen or int(seen[0]["n"].value) == 0):
        problems.append(f"the default graph of {remote.url} is not the union of the named graphs, so queries "
                        "without GRAPH see nothing; start Oxigraph with --union-default-graph (Fuseki: "
                        "tdb2:unionDefaultGraph true) before using --endpoint")
    return problems
