"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``kg serve``).

``make_server(graph_dir, host, port, timeout, max_rows)`` gives a :class:`SparqlServer` (``.url``,
``.serve_forever()``, ``.start()`` in a thread, ``.shutdown()``); ``serve()`` runs one until
Ctrl-C. The endpoint is ``/sparql`` (``/query`` too):

* ``GET /sparql?query=…``, ``POST`` with a form (``query=…``) or with ``application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri`` narrow the dataset. The default graph is the union
  of all named graphs (every document, the vocabulary and the ontology), as in the embedded store.
* Results by the ``Accept`` header, or a ``format`` (or ``output``) parameter that wins over it:
  SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default),
  JSON-LD, N-Triples or RDF/XML. Nothing acceptable → 406.
* Read-only: an ``update=`` parameter, an ``application/sparql-update`` body or an update in
  ``query=`` → 403; PUT/DELETE/PATCH → 405.
* Errors are ``text/plain`` messages: a syntax error → 400; more than ``max_rows`` rows (or
  triples) → 422 naming the cap (the server stops reading the result at ``max_rows + 1``; every
  answer carries ``X-Max-Rows``); longer than ``timeout`` seconds → 503.

Why queries run in worker processes: pyoxigraph cannot cancel a running query, and a thread that
gave up waiting would leave the query burning a CPU core until it ends (a cross product over the
graph runs for hours). So each query runs in one of ``workers`` spawned processes that hold the
store; a query over its time limit gets its process killed (which really stops it) and a fresh
worker is started in its place. The price is one copy of the store per worker and a reload after
each timeout; a worker also reloads by itself when the graph is rebuilt.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import os
import queue
import sys
import threading
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MAX_BODY = 1 << 20  # a 1 MB query is already absurd
READY_WAIT = 300.0  # seconds a fresh worker may take to load the graph

# media types → (kind, key); kind "results" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE
MEDIA = {
    "application/sparql-results+json": {"results": "json"},
    "application/json": {"results": "json", "graph": "jsonld"},
    "application/sparql-results+xml": {"results": "xml"},
    "application/xml": {"results": "xml", "graph": "rdfxml"},
    "text/xml": {"results": "xml", "graph": "rdfxml"},
    "text/csv": {"results": "csv"},
    "text/tab-separated-values": {"results": "tsv"},
    "text/turtle": {"graph": "turtle"},
    "application/turtle": {"graph": "turtle"},
    "application/x-turtle": {"graph": "turtle"},
    "text/n3": {"graph": "turtle"},
    "text/rdf+n3": {"graph": "turtle"},
    "application/ld+json": {"graph": "jsonld"},
    "application/x-json+ld": {"graph": "jsonld"},
    "application/n-triples": {"graph": "nt"},
    "application/rdf+xml": {"graph": "rdfxml"},
}
FORMAT_WORDS = {
    "json": {"results": "json", "graph": "jsonld"}, "srj": {"results": "json"},
    "xml": {"results": "xml", "graph": "rdfxml"}, "srx": {"results": "xml"},
    "csv": {"results": "csv"}, "tsv": {"results": "tsv"},
    "turtle": {"graph": "turtle"}, "ttl": {"graph": "turtle"}, "n3": {"graph": "turtle"},
    "json-ld": {"graph": "jsonld"}, "jsonld": {"graph": "jsonld"},
    "nt": {"graph": "nt"}, "ntriples": {"graph": "nt"}, "n-triples": {"graph": "nt"},
    "rdf+xml": {"graph": "rdfxml"}, "rdfxml": {"graph": "rdfxml"}, "rdf": {"graph": "rdfxml"},
}
DEFAULTS = {"results": "json", "graph": "turtle"}
CONTENT_TYPES = {
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "rdfxml": "application/rdf+xml; charset=utf-8",
}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML}
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
READ_ONLY = ("this SPARQL endpoint is read-only: SPARQL Update is refused "
             "(rebuild the graph with `kg build`, or push it to a writable store with `kg push`)")


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_response(status: int, message: str, **headers: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"), dict(headers))


# ----------------------------------------------------------------------------- content negotiation
def negotiate(accept: str | None, format_values: Sequence[str] = ()) -> dict[str, str | None]:
    """The result format for each kind of query: ``{"results": "json"|…|None, "graph": …}``.

    A recognised ``format`` value wins; otherwise the ``Accept`` header by quality (wildcards give
    the defaults); no header at all gives the defaults; ``None`` means nothing acceptable (406).
    """
    chosen: dict[str, str | None] = {"results": None, "graph": None}
    for value in format_values:
        v = value.strip().lower()
        for kind, key in (FORMAT_WORDS.get(v) or MEDIA.get(v.split(";")[0].strip()) or {}).items():
            chosen[kind] = chosen[kind] or key
    if chosen["results"] or chosen["graph"]:
        return {k: chosen[k] or (DEFAULTS[k] if not accept else _from_accept(accept)[k]) for k in chosen}
    if not accept or not accept.strip():
        return dict(DEFAULTS)
    return _from_accept(accept)


def _from_accept(accept: str) -> dict[str, str | None]:
    entries = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            entries.append((-q, i, media))
    chosen: dict[str, str | None] = {"results": None, "graph": None}
    for _, _, media in sorted(entries):
        if media in ("*/*", "application/*", "text/*"):
            options = dict(DEFAULTS)
            if media == "text/*":
                options = {"results": "csv", "graph": "turtle"}
        else:
            options = MEDIA.get(media, {})
        for kind, key in options.items():
            chosen[kind] = chosen[kind] or key
    return chosen


# ----------------------------------------------------------------------------- running one query
def run_query(store: ox.Store, sparql: str, formats: Mapping[str, str | None], max_rows: int,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Response:
    """Evaluate ``sparql`` on ``store`` and serialise the answer (in the current process)."""
    from kg.queries import read_only_check

    try:
        read_only_check(sparql)
    except QueryError as e:
        return text_response(403, str(e))
    kwargs: dict = {}
    try:
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    except ValueError as e:
        return text_response(400, f"bad default-graph-uri or named-graph-uri: {e}")
    cap = {"X-Max-Rows": str(max_rows)}
    try:
        result = store.query(sparql, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            fmt = formats.get("results")
            if fmt is None:
                return _not_acceptable("ASK")
            return Response(200, CONTENT_TYPES[fmt], result.serialize(format=RESULT_FORMATS[fmt]), cap)
        if isinstance(result, ox.QuerySolutions):
            fmt = formats.get("results")
            if fmt is None:
                return _not_acceptable("SELECT")
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) == max_rows:
                    return _over_cap(max_rows, "rows")
                rows.append([solution[v] for v in variables])
            return Response(200, CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt), cap)
        fmt = formats.get("graph")
        if fmt is None:
            return _not_acceptable("CONSTRUCT or DESCRIBE")
        triples = []
        for triple in result:
            if len(triples) == max_rows:
                return _over_cap(max_rows, "triples")
            triples.append(triple)
        from kg.terms import PREFIXES

        # ``id:`` is left out: its local names hold "/", which Turtle would have to escape
        prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id"} if fmt in ("turtle", "rdfxml") else None
        body = ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes) or b""
        return Response(200, CONTENT_TYPES[fmt], body, cap)
    except SyntaxError as e:
        return text_response(400, f"SPARQL syntax error: {e}")
    except QueryError as e:
        return text_response(400, str(e))
    except (OSError, RuntimeError, ValueError) as e:
        return text_response(500, f"the query failed: {e}")


def _not_acceptable(kind: str) -> Response:
    options = "JSON, XML, CSV, TSV" if kind in ("SELECT", "ASK") else "Turtle, JSON-LD, N-Triples, RDF/XML"
    types = [m for m, kinds in MEDIA.items() if ("results" if kind in ("SELECT", "ASK") else "graph") in kinds]
    return text_response(406, f"none of the Accept types can hold a {kind} result; this endpoint gives "
                              f"{options}: {', '.join(types)}")


def _over_cap(max_rows: int, what: str) -> Response:
    return text_response(422, f"the result has more than {max_rows} {what}, this endpoint's limit; "
                              f"add LIMIT {max_rows} (and OFFSET to page) or make the query more selective",
                         **{"X-Max-Rows": str(max_rows)})


def serialize_solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    """SELECT results in the W3C JSON, XML, CSV or TSV results formats."""
    if fmt == "json":
        data = {"head": {"vars": variables},
                "results": {"bindings": [{v: _json_term(t) for v, t in zip(variables, row) if t is not None}
                                         for row in rows]}}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow(["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value)
                        for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                        "object": _json_term(t.object)}}


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}</predicate>"
            f"<object>{_xml_term(t.object)}</object></triple>")


# ----------------------------------------------------------------------------- worker processes
def _worker_main(graph_dir: str, conn, memory: bool = False) -> None:
    """A worker: load the graph (into memory with ``memory``), then answer jobs until told to
    stop (``None``) or killed."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        from kg.store import open_store, read_into_memory

        if memory:
            read_into_memory(graph_dir)
        open_store(graph_dir)
        conn.send(("ready", ""))
    except Exception as e:  # noqa: BLE001 - reported to the parent as a message
        conn.send(("failed", str(e)))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            response = run_query(open_store(graph_dir), **job)
        except Exception as e:  # noqa: BLE001 - never let one query kill the worker
            response = text_response(500, f"the query failed: {e}")
        conn.send(response)


def _exit_with_parent(parent: int) -> None:
    """Even a worker deep in a runaway query ends when the server process is gone (even killed)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


class _Worker:
    def __init__(self, ctx, graph_dir: str, memory: bool = False):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(graph_dir, child, memory), daemon=True,
                                name="kg-sparql-worker")
        self.proc.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> str | None:
        """None when ready, else why not."""
        if self.ready:
            return None
        if not self.conn.poll(timeout):
            return f"the query worker did not load the graph within {timeout:g} s"
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            return "the query worker stopped while loading the graph"
        if status != "ready":
            return f"the query worker could not load the graph: {message}"
        self.ready = True
        return None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        finally:
            self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; :meth:`run` gives a job to an idle one with a time limit."""

    def __init__(self, graph_dir: str | Path, size: int = 2, memory: bool = False):
        self.graph_dir = str(Path(graph_dir).resolve())
        self.memory = memory
        self._ctx = mp.get_context("spawn")  # safe next to the server's threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._spawn()

    def _spawn(self) -> None:
        w = _Worker(self._ctx, self.graph_dir, self.memory)
        with self._lock:
            self._all.add(w)
        self._idle.put(w)

    def wait_ready(self) -> None:
        """Block until every worker has loaded the graph (raises QueryError if one cannot)."""
        workers = [self._idle.get() for _ in range(len(self._all))]
        try:
            for w in workers:
                why = w.wait_ready(READY_WAIT)
                if why:
                    raise QueryError(why)
        finally:
            for w in workers:
                self._idle.put(w)

    def run(self, job: dict, timeout: float) -> Response:
        try:
            worker = self._idle.get(timeout=timeout + 5.0)
        except queue.Empty:
            return text_response(503, "the endpoint is busy with other queries; try again in a moment",
                                 **{"Retry-After": "5"})
        why = worker.wait_ready(READY_WAIT)
        if why:
            self._replace(worker)
            return text_response(500, why)
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                response = worker.conn.recv()
                self._idle.put(worker)
                return response
        except (EOFError, OSError) as e:
            self._replace(worker)
            return text_response(500, f"the query worker failed ({e}); it has been restarted")
        self._replace(worker)
        return text_response(503, f"the query ran longer than this endpoint's time limit of {timeout:g} s and "
                                  "was stopped; make it more selective (LIMIT does not help ORDER BY, GROUP BY "
                                  "or DISTINCT over many rows)")

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self._spawn()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            if w.proc.is_alive():
                w.stop()


# ----------------------------------------------------------------------------- HTTP
class _Handler(BaseHTTPRequestHandler):
    server_version = "PolicyKG-SPARQL"
    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds a connection may stay silent (keeps idle keep-alive clients from piling up)
    server: _HTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        path, _, qs = self.path.partition("?")
        if not self._known_path(path):
            return
        params = urllib.parse.parse_qs(qs, keep_blank_values=True)
        if not params:
            return self._send(text_response(200, self.server.help_text()))
        self._dispatch(params)

    do_HEAD = do_GET  # noqa: N815 - the same headers, no body (see _send)

    def do_POST(self) -> None:  # noqa: N802
        path, _, qs = self.path.partition("?")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if path.rstrip("/") not in ("", "/sparql", "/query"):
            self._drain(length)  # so that the client reads the answer instead of a broken pipe
            self._known_path(path)
            return
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self._send(text_response(413, f"the request body must be at most {MAX_BODY} bytes"))
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        params = urllib.parse.parse_qs(qs, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            return self._send(text_response(403, READ_ONLY))
        else:
            return self._send(text_response(
                415, f"unsupported Content-Type {ctype or '(none)'!r}; POST a form (application/x-www-form-urlencoded, "
                     "query=…) or the query itself as application/sparql-query"))
        self._dispatch(params)

    def _refuse(self) -> None:
        try:
            self._drain(int(self.headers.get("Content-Length") or 0))
        except ValueError:
            self.close_connection = True
        self._send(text_response(405, READ_ONLY, Allow="GET, POST"))

    def _drain(self, length: int) -> None:
        """Read and drop a request body (a refused upload), closing the connection if it is huge."""
        if length < 0 or length > 64 * MAX_BODY:
            self.close_connection = True
            return
        while length > 0:
            got = self.rfile.read(min(length, 65536))
            if not got:
                break
            length -= len(got)

    do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815

    def _known_path(self, path: str) -> bool:
        if path.rstrip("/") in ("", "/sparql", "/query"):
            return True
        if path.rstrip("/") in ("/update", "/store", "/data", "/statements"):  # where stores take writes
            self._send(text_response(403, READ_ONLY))
            return False
        self._send(text_response(404, f"no such page {path}; the SPARQL endpoint is {self.server.url}"))
        return False

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self._send(text_response(403, READ_ONLY))
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._send(text_response(400, "give exactly one non-empty query parameter (query=SELECT …)"))
        formats = negotiate(self.headers.get("Accept"), params.get("format", []) + params.get("output", []))
        job = {"sparql": queries[0], "formats": formats, "max_rows": self.server.max_rows,
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        self._send(self.server.pool.run(job, self.server.query_timeout))

    def _send(self, r: Response) -> None:
        self.send_response(r.status)
        self.send_header("Content-Type", r.content_type)
        self.send_header("Content-Length", str(len(r.body)))
        self.send_header("Vary", "Accept")
        for k, v in r.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(r.body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    pool: WorkerPool
    query_timeout: float
    max_rows: int
    verbose: bool
    url: str

    def help_text(self) -> str:
        return (f"PolicyKG read-only SPARQL 1.1 endpoint: {self.url}\n"
                "GET ?query=… or POST a form (query=…) or application/sparql-query.\n"
                "SELECT/ASK: application/sparql-results+json (default), application/sparql-results+xml, "
                "text/csv, text/tab-separated-values.\n"
                "CONSTRUCT/DESCRIBE: text/turtle (default), application/ld+json, application/n-triples, "
                "application/rdf+xml.\n"
                "The default graph is the union of all named graphs (one per document, plus vocabulary "
                f"and ontology). Time limit {self.query_timeout:g} s, at most {self.max_rows} rows per result; "
                "updates are refused.")


class SparqlServer:
    """A running (or ready to run) endpoint: ``.url``, ``.serve_forever()``, ``.start()``, ``.shutdown()``."""

    def __init__(self, graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
                 max_rows: int = 10000, workers: int = 2, verbose: bool = False, memory: bool = False):
        from kg.build import read_manifest

        if timeout <= 0 or max_rows <= 0:
            raise QueryError("the time limit and the row cap must be positive")
        read_manifest(graph_dir)  # a clear error before anything starts
        self.pool = WorkerPool(graph_dir, workers, memory)
        try:
            self.pool.wait_ready()
            self.httpd = _HTTPServer((host, port), _Handler)
        except OSError as e:
            self.pool.close()
            raise QueryError(f"cannot listen on {host}:{port}: {e.strerror or e}; choose another --port") from None
        except BaseException:
            self.pool.close()
            raise
        real_host, real_port = self.httpd.server_address[:2]
        shown = f"[{real_host}]" if ":" in str(real_host) else real_host
        self.url = f"http://{shown}:{real_port}/sparql"
        self.httpd.pool, self.httpd.query_timeout, self.httpd.max_rows = self.pool, timeout, max_rows
        self.httpd.verbose, self.httpd.url = verbose, self.url
        self._thread: threading.Thread | None = None
        self._serving = threading.Event()

    def serve_forever(self) -> None:
        self._serving.set()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self._serving.clear()

    def start(self) -> SparqlServer:
        """Serve in a background thread (for tests and the UI); returns self."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg-sparql-server", daemon=True)
        self._thread.start()
        self._serving.wait(5)
        return self

    def shutdown(self) -> None:
        """Stop serving, close the socket and stop the workers."""
        if self._serving.is_set():
            self.httpd.shutdown()
        if self._thread is not None:
            self._thread.join(5)
        self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def make_server(graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
                max_rows: int = 10000, workers: int = 2, verbose: bool = False,
                memory: bool = False) -> SparqlServer:
    """A read-only SPARQL endpoint over the built graph of ``graph_dir`` (port 0 picks a free port);
    with ``memory`` each worker answers from a copy of the graph in memory."""
    return SparqlServer(graph_dir, host, port, timeout, max_rows, workers, verbose, memory)


def serve(graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_rows: int = 10000, workers: int = 2, memory: bool = False) -> None:
    """Serve until interrupted (``kg serve``)."""
    server = make_server(graph_dir, host, port, timeout, max_rows, workers, verbose=True, memory=memory)
    try:
        server.serve_forever()
    finally:
        server.shutdown()
