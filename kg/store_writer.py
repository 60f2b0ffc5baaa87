"""Writing the embedded store: the union of the documents' graphs, each triple once.

Every query reads the union of the named graphs (one per document, plus the vocabulary and
ontology graphs). The on-disk Oxigraph store the build writes holds exactly that union, as its
default graph, and nothing else: Oxigraph indexes a default-graph triple three times and a
named-graph quad six times, and no query needs the named graphs' own copy. Measured at 2,000
synthetic documents (4.2M quads, two cores): loading the named graphs and their union took
~164 CPU-s and 1.7 GB on disk, loading only the union ~40 CPU-s and 0.5 GB, with the same answers
and query times. The named graphs themselves are in the build's files (``graphs/<stem>.nq``,
``policykg.nq``), in ``kg dump`` and in any store ``kg push`` loads them into.

Which triples can several documents hold? A document's own nodes — its source document, plan,
actions, tasks, spans — have IRIs under ``id/document/<stem>`` and ``id/plan/<stem>`` and are in
that document's graph only. Shared nodes — units, jurisdictions, department types, indicators,
cited plans, the ontology — are described in every graph that mentions them. For each triple of a
shared node the writer keeps the number of graphs holding it (``store-refs.tsv`` next to the
store), so an incremental rebuild removes such a triple only when the last graph holding it goes.

* :class:`UnionLoader` bulk-loads a new store as documents' files arrive (the build's worker
  processes go on extracting meanwhile: Oxigraph releases the GIL), in slices of
  :data:`BULK_BYTES`, then compacts it;
* :func:`update_union` copies a previous store (hard links) and applies only the changed,
  new and removed documents' triples.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg.iris import BASE

#: bytes per bulk-load call: Oxigraph's bulk loader holds a whole call's triples in memory
#: (about 1 KB each, ~5 times the line), so a corpus is loaded in slices to keep memory flat
BULK_BYTES = 40 << 20
#: a line's graph term: from its last " <" (no space inside an IRI) to the end of the line
_GRAPH_TERM = re.compile(rb" <[^ \n]*> \.\n")
#: a line whose subject is NOT one document's own node (see the module doc)
_SHARED_LINE = re.compile(rb"^(?!<" + re.escape(BASE.encode()) + rb"(?:plan|document)/)[^\n]*\n", re.M)


_OWN_PREFIXES = tuple(b"<" + BASE.encode() + kind for kind in (b"document/", b"plan/"))
_OWN_SUBJECTS = tuple(prefix.decode() for prefix in _OWN_PREFIXES)


def union_parts(lines: list[str], graph: str) -> tuple[bytes, bytes]:
    """One graph's N-Quads lines, sorted, all in ``graph`` (its N-Triples text, ``<iri>``), as the
    N-Triples :meth:`UnionLoader.add_parts` takes, UTF-8: (the lines of the document's own nodes,
    the lines of shared nodes). Made in the build's workers, from the lines they write anyway:
    each kind of own subject is one run of the sorted lines (found by bisection), and the graph
    term is dropped with one ``replace`` (it ends every line, and a literal cannot hold the line
    break after it)."""
    runs = []
    for prefix in _OWN_SUBJECTS:
        start = bisect.bisect_left(lines, prefix)
        end = bisect.bisect_left(lines, prefix[:-1] + chr(ord(prefix[-1]) + 1), start)
        runs.append((start, end))
    runs.sort()
    own = "".join("".join(lines[a:b]) for a, b in runs)
    shared, pos = [], 0
    for a, b in runs:
        shared.append("".join(lines[pos:a]))
        pos = b
    shared.append("".join(lines[pos:]))
    tail, end = f" {graph} .\n", " .\n"
    return own.replace(tail, end).encode(), "".join(shared).replace(tail, end).encode()


def split_lines(nquads: bytes) -> tuple[bytes, list[bytes]]:
    """A graph's N-Quads as N-Triples: (the lines of the document's own nodes, joined; the
    lines of shared nodes, one by one).

    Fast path for the build's files (one graph, lines sorted): the graph term is the same on
    every line (one ``bytes.replace``) and each kind of own subject is one run of lines (found
    with ``find``/``rfind``, checked by counting); anything else goes through the regexes."""
    triples = _strip_graph(nquads)
    blocks = []
    for prefix in _OWN_PREFIXES:
        block = _run_of(triples, prefix)
        if block is None:
            return _SHARED_LINE.sub(b"", triples), _SHARED_LINE.findall(triples)
        if block[1] > block[0]:
            blocks.append(block)
    own = b"".join(triples[a:b] for a, b in blocks)
    rest, pos = [], 0
    for a, b in sorted(blocks):
        rest.append(triples[pos:a])
        pos = b
    rest.append(triples[pos:])
    return own, b"".join(rest).splitlines(keepends=True)


def _strip_graph(nquads: bytes) -> bytes:
    """N-Quads → N-Triples: one ``replace`` when every line has the first line's graph term."""
    first = _GRAPH_TERM.search(nquads, 0, nquads.find(b"\n") + 1)
    if first is not None:
        term = first.group()
        if nquads.count(term) == nquads.count(b"\n"):
            return nquads.replace(term, b" .\n")
    return _GRAPH_TERM.sub(b" .\n", nquads)


def _run_of(lines: bytes, prefix: bytes) -> tuple[int, int] | None:
    """(start, end) of the lines starting with ``prefix`` when they are one run ((0, 0) when
    there are none); ``None`` when they are not contiguous (the lines are not sorted)."""
    if lines.startswith(prefix):
        start = 0
    else:
        i = lines.find(b"\n" + prefix)
        if i < 0:
            return (0, 0)
        start = i + 1
    last = max(start, lines.rfind(b"\n" + prefix) + 1)
    end = lines.find(b"\n", last) + 1 or len(lines)
    run = lines[start:end]
    if run.count(b"\n") != (b"\n" + run).count(b"\n" + prefix) - (0 if run.endswith(b"\n") else 0):
        return None
    return start, end


def read_refs(path: Path) -> Counter:
    """The reference counts of a previous build (empty when it has none)."""
    refs: Counter = Counter()
    try:
        with open(path, "rb") as f:
            for row in f:
                count, line = row.split(b"\t", 1)
                refs[line] = int(count)
    except (OSError, ValueError):
        return Counter()
    return refs


def write_refs(path: Path, refs: Counter) -> None:
    with open(path, "wb") as f:
        f.write(b"".join(b"%d\t%s" % (n, line) for line, n in sorted(refs.items()) if n > 0))


class UnionLoader:
    """A new store at ``path`` filled by :meth:`add` (a graph's N-Quads, any order) and
    finished by :meth:`close` (compaction and the reference counts in ``refs_path``). Without a
    path the store is in memory and is not closed (see :func:`memory_union`)."""

    def __init__(self, path: Path | None, refs_path: Path | None = None):
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store(str(path)) if path is not None else ox.Store()
        self.refs_path = refs_path
        self.refs: Counter = Counter()
        self._slice: list[bytes] = []
        self._size = 0

    def add(self, nquads: bytes) -> None:
        self._add(*split_lines(nquads))

    def add_parts(self, own: bytes, shared: bytes) -> None:
        """A graph given as :func:`union_parts` makes it."""
        self._add(own, shared.splitlines(keepends=True))

    def _add(self, own: bytes, shared: list[bytes]) -> None:
        fresh = [line for line in shared if not self.refs[line]]
        self.refs.update(shared)
        self._slice.append(own)
        self._slice.extend(fresh)
        self._size += len(own) + sum(map(len, fresh))
        if self._size >= BULK_BYTES:
            self._flush()

    def add_file(self, path: Path) -> None:
        with open(path, "rb") as f:
            self.add(f.read())

    def _flush(self) -> None:
        if self._size:
            self.store.bulk_load(b"".join(self._slice), format=self._ox.RdfFormat.N_TRIPLES, lenient=True)
        self._slice, self._size = [], 0

    def close(self) -> None:
        """Load what is left, compact the store (every lookup then reads a few sorted files, not
        one per slice: queries 2-3 times faster) and write the reference counts."""
        self._flush()
        self.store.optimize()
        self.store.flush()
        write_refs(self.refs_path, self.refs)
        del self.store
        gc.collect()  # the store's files are closed before the build moves them


def memory_union(paths: Iterable[Path]):
    """An in-memory store holding the union of the graphs in the N-Quads files ``paths``, each
    triple once, as its default graph (what the build's on-disk store holds)."""
    loader = UnionLoader(None)
    for path in paths:
        loader.add_file(path)
    loader._flush()
    return loader.store


def update_union(old_store: Path, old_refs: Path, target: Path, refs_path: Path,
                 changes: Iterable[tuple[bytes, bytes]]) -> None:
    """A copy of ``old_store`` at ``target`` with the triples of ``changes`` — (previous
    N-Quads, new N-Quads) of each changed, new (previous ``b""``) or removed (new ``b""``)
    graph — replaced; the reference counts from ``old_refs`` updated into ``refs_path``.
    ``OSError`` when the old store cannot be copied or its counts are missing."""
    import pyoxigraph as ox

    if not old_refs.is_file():
        raise OSError(f"{old_refs} is missing")
    refs = read_refs(old_refs)
    removed: set[bytes] = set()
    added: set[bytes] = set()
    before: dict[bytes, int] = {}
    for old, new in changes:
        old_own, old_shared = split_lines(old)
        new_own, new_shared = split_lines(new)
        old_lines, new_lines = set(old_own.splitlines(True)), set(new_own.splitlines(True))
        removed |= old_lines - new_lines
        added |= new_lines - old_lines
        for line in old_shared:
            before.setdefault(line, refs[line])
            refs[line] -= 1
        for line in new_shared:
            before.setdefault(line, refs[line])
            refs[line] += 1
    for line, n in before.items():
        if n > 0 and refs[line] <= 0:
            removed.add(line)
            del refs[line]
        elif n <= 0 < refs[line]:
            added.add(line)
    old_db = ox.Store.read_only(str(old_store))
    old_db.backup(str(target))
    del old_db
    store = ox.Store(str(target))
    if removed:
        for triple in ox.parse(b"".join(removed), format=ox.RdfFormat.N_TRIPLES, lenient=True):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    if added:
        store.load(b"".join(added), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.flush()
    del store
    gc.collect()
    write_refs(refs_path, refs)


def read_bytes(path: Path | str) -> bytes:
    """A file's bytes, ``b""`` when it does not exist."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


__all__ = ["UnionLoader", "update_union", "split_lines", "read_refs", "write_refs", "BULK_BYTES", "read_bytes"]
