"""Open the built graph for SPARQL.

The embedded default is the on-disk Oxigraph store the build writes (``<graph>/store/``), opened
read-only: nothing is parsed, so opening costs milliseconds at any size, and several processes
(CLI, UI, server) can read it at once. A graph folder without ``store/`` (built by an older
version) is loaded from its N-Quads into memory instead.

Queries see the union of all named graphs as the default graph. The build's store holds that
union, each triple once, in its real default graph (Oxigraph's ``use_default_graph_as_union``
would count a triple once per named graph holding it: wrong counts, and joins over shared nodes
such as units and department types that slow down with every document). :func:`open_store`
then returns a :class:`UnionStore`, which answers ``query(…, use_default_graph_as_union=True)``
from that default graph; every other method is the Oxigraph store's own. Stores are cached per
graph folder and reopened when the folder is rebuilt (manifest modification time).

:func:`read_into_memory` makes a process answer from a copy of that union in memory instead
(servers that can spare the memory: point look-ups several times faster).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphNotBuiltError, QueryError

_CACHE: dict[Path, tuple[int, object]] = {}
_LOCK = threading.Lock()
#: graph folders this process answers from a copy in memory (:func:`read_into_memory`)
_IN_MEMORY: set[Path] = set()


#: what names a graph in a query: GRAPH, FROM (NAMED) — outside strings, IRIs and comments
_NAMES_GRAPHS = re.compile(r"(?<![\w:?$])(?:GRAPH|FROM)(?![\w:])", re.I)
_NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                           r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
NO_NAMED_GRAPHS = (
    "the embedded store holds the union of all documents' graphs (what every query reads), not the "
    "named graphs themselves, so GRAPH, FROM and FROM NAMED would match nothing here. Every node "
    "links to its source instead: `?task prov:wasDerivedFrom ?document . ?document pol:fileName "
    "?file`, `?task pol:partOfPlan ?plan`. For the named graphs (one per document), load the build "
    "into a SPARQL store: `kg push` or `kg dump`")


def names_graphs(sparql: str) -> bool:
    """Whether a query selects graphs (GRAPH, FROM, FROM NAMED), strings, IRIs and comments aside."""
    return bool(_NAMES_GRAPHS.search(_NOT_KEYWORDS.sub(" ", sparql)))


class UnionStore:
    """The build's store: its default graph is the union of the documents' named graphs (each
    triple once) and it holds no named graphs (see :mod:`kg.store_writer`). ``query`` ignores
    ``use_default_graph_as_union`` and refuses, with :class:`QueryError` and advice, a query
    that names graphs; the rest is delegated."""

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, query: str, **kwargs):
        kwargs.pop("use_default_graph_as_union", None)
        if kwargs.get("default_graph") or kwargs.get("named_graphs") or names_graphs(query):
            raise QueryError(NO_NAMED_GRAPHS)
        return self.store.query(query, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def __iter__(self):
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)


def _has_default_graph(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def open_store(graph_dir: str | Path) -> ox.Store | UnionStore:
    """The store of a built graph folder (cached; reopened when the folder is rebuilt)."""
    from kg.build import MANIFEST, STORE, quad_files

    folder = Path(graph_dir).resolve()
    manifest = folder / MANIFEST
    if not manifest.exists():
        raise GraphNotBuiltError(
            f"no built graph in {graph_dir}; run `kg build` (or `python build_graph.py`) first")
    stamp = manifest.stat().st_mtime_ns
    with _LOCK:
        cached = _CACHE.get(folder)
        if cached and cached[0] == stamp:
            return cached[1]
        store = None
        if folder in _IN_MEMORY:
            from kg.store_writer import memory_union

            store = UnionStore(memory_union(quad_files(folder)))
        elif (folder / STORE).is_dir():
            try:
                disk = ox.Store.read_only(str(folder / STORE))
                store = UnionStore(disk) if _has_default_graph(disk) else disk
            except OSError:
                store = None  # unreadable (another version, a copy in progress): parse the N-Quads
        if store is None:
            store = ox.Store()
            for path in quad_files(folder):
                store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        _CACHE[folder] = (stamp, store)
        return store


def read_into_memory(graph_dir: str | Path) -> int:
    """From now on, answer this process's queries over ``graph_dir`` from a copy of the graph in
    memory (read now, and again when the folder is rebuilt) instead of the on-disk store; returns
    its number of triples. For long-running servers (``kg serve --memory``, ``kg ui --memory``):
    point look-ups are several times faster, for about 0.4 GB of memory and 7-10 s of loading per
    million triples on two cores (measured: benchmarks/results.md)."""
    folder = Path(graph_dir).resolve()
    with _LOCK:
        _IN_MEMORY.add(folder)
        _CACHE.pop(folder, None)
    return len(open_store(folder))


def select(store: ox.Store, sparql: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    """Run a SELECT over the union of the named graphs; rows as dicts of variable → term."""
    try:
        result = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        rows.append({n: sol[n] for n in names if sol[n] is not None})
    return rows


def value(term) -> str | None:
    """The lexical value of a term (IRI string or literal text)."""
    return None if term is None else term.value
