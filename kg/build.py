"""Documents → the graph on disk.

``build(paths, out_dir)`` reads every document, extracts its plan, turns it into quads (one named
graph per document) and writes, atomically, into ``out_dir``:

=========================  ==========================================================================
``policykg.nq``            every quad, N-Quads: each document's graph (its quads sorted), documents
                           in order of file stem, then the vocabulary and ontology graphs (sorted).
                           Written for corpora of up to :data:`SINGLE_FILE_MAX_DOCUMENTS` documents
                           (``single_file`` decides), like
``policykg.trig``          the same as TriG with prefixes, for people
``shared.nq``              the vocabulary and ontology graphs (sorted N-Quads)
``ontology.owl``           the ontology as RDF/XML (for owlready2 / Protégé)
``manifest.json``          per document: file, sha256, counts, problems; totals
``texts/<file>.txt``       each document's decoded text (what spans' offsets point into)
``graphs/<stem>.nq``       one document's named graph (sorted N-Quads), with ``<stem>.json`` (its
                           report) and, with the single file, ``<stem>.trig``: the unit of
                           incremental rebuilds
``store/``                 an on-disk Oxigraph store of the union of all graphs, for queries, with
``store-refs.tsv``         how many graphs hold each triple of a shared node (:mod:`kg.store_writer`)
=========================  ==========================================================================

Output is deterministic: the same documents give byte-identical files (``store/`` excepted: it is
a database, rebuilt from the same quads). A document that cannot be read or holds no tasks is
reported and skipped; the others still build (when none builds, the build fails with
:class:`ExtractionError` and the previous output is kept). Files are written to a temporary folder next to
``out_dir`` and swapped in only when everything is written, so a failed build leaves the previous
output intact.

Speed. Documents are extracted in parallel (a process pool over documents; each worker writes
its document's files and returns its report and its triples as N-Triples text), and nothing holds
the whole graph in Python objects: the store is bulk-loaded slice by slice from the workers'
triples as they arrive, while the workers go on, and ``policykg.nq``/``policykg.trig`` are
concatenations of the per-document files. A rebuild into the same folder re-extracts only documents whose bytes changed
(sha256) and reuses the others' files; the store is then copied (hard links) and only changed,
new and removed documents' triples are replaced. A change to the extractor or the ontology (the
code fingerprint in the manifest) rebuilds all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg import __version__
from kg.errors import ExtractionError, KGError

NQUADS = "policykg.nq"
TRIG = "policykg.trig"
ONTOLOGY_XML = "ontology.owl"
MANIFEST = "manifest.json"
TEXTS = "texts"
GRAPHS = "graphs"
STORE = "store"
REFS = "store-refs.tsv"
SHARED = "shared.nq"
#: corpora of up to this many documents also get the whole graph as one file (policykg.nq/.trig)
#: by default: larger ones would rewrite a file of a gigabyte and more on every rebuild, for
#: readers that the per-document files, the store and ``kg dump`` serve as well
SINGLE_FILE_MAX_DOCUMENTS = 500
PACKAGE = Path(__file__).resolve().parent
DEFAULT_CORPUS = PACKAGE.parent / "data" / "corpus"
DEFAULT_OUT = Path("build") / "graph"
#: below this many documents to extract, no process pool (its start-up costs more than it saves)
POOL_MIN_DOCUMENTS = 8

PREFIXES = {
    "pol": "https://w3id.org/policykg/ontology#",
    "id": "https://w3id.org/policykg/id/",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


@dataclass
class DocumentReport:
    name: str
    sha256: str | None = None
    built: bool = False
    actions: int = 0
    tasks: int = 0
    units: int = 0
    deadlines: int = 0
    targets: int = 0
    quads: int = 0
    title: str | None = None
    problems: list[str] = field(default_factory=list)
    chapters: int = 0  # chapter-style plans (五年规划): 第X章
    projects: int = 0  # named works of 专栏 boxes
    enterprises: int = 0  # rows of appendix enterprise lists


@dataclass
class BuildSummary:
    out_dir: Path
    documents: list[DocumentReport]
    plans: int
    actions: int
    tasks: int
    departments: int
    deadlines: int
    targets: int
    triples: int
    seconds: float
    extracted: int = 0  # documents read by the extractor in this build
    reused: int = 0  # documents whose files were reused from the previous build (unchanged)
    removed: int = 0  # documents of the previous build no longer given
    up_to_date: bool = False  # nothing to do: the previous build's output was kept as it was

    @property
    def skipped(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.built]

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


Progress = Callable[[str, int, int], None]


@dataclass
class _Result:
    """What a worker returns for one document: its report, and its triples for the store (the
    quads are in files)."""

    index: int
    report: DocumentReport
    departments: list[str] = field(default_factory=list)
    reused: bool = False
    #: the graph's triples for the store, as :func:`kg.store_writer.union_parts` gives them
    union: tuple[bytes, bytes] | None = None


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path = DEFAULT_OUT,
          progress: Progress | None = None, jobs: int | None = None, incremental: bool = True,
          single_file: bool | None = None) -> BuildSummary:
    """Build the graph from PATHs (files or folders; default: the bundled corpus) into ``out_dir``.

    ``jobs``: worker processes (default: the CPU count); ``incremental``: reuse the unchanged
    documents of a previous build in ``out_dir``; ``single_file``: also write the whole graph as
    ``policykg.nq`` and ``policykg.trig`` (default: for corpora of up to
    :data:`SINGLE_FILE_MAX_DOCUMENTS` documents). ``progress(name, i, n)`` is called as each
    document is done."""
    from kg.documents import find_documents, supported_suffixes

    started = time.perf_counter()
    files = find_documents(list(paths) if paths else [DEFAULT_CORPUS])
    if not files:
        raise KGError(f"no documents found; give files ({' '.join(supported_suffixes())}) or folders "
                      "that hold them")
    if single_file is None:
        single_file = len(files) <= SINGLE_FILE_MAX_DOCUMENTS
    out = Path(out_dir)
    fingerprint = code_fingerprint()
    manifest = _previous_manifest(out, fingerprint) if incremental else {}
    previous = {d["name"]: d for d in manifest.get("documents", []) if d.get("built") and d.get("sha256")}
    hashes: dict[Path, str | None] = {}
    if previous and (same := _unchanged(files, manifest, previous, out, hashes, single_file)) is not None:
        same.seconds = time.perf_counter() - started
        return same  # the previous output is this build's output: nothing is rewritten

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    loader = None
    try:
        (tmp / GRAPHS).mkdir()
        (tmp / TEXTS).mkdir()
        results: list[_Result | None] = [None] * len(files)
        todo: list[tuple[int, str, str]] = []
        names: set[str] = set()
        for i, path in enumerate(files):
            stem = path.stem.lower()
            if stem in names:
                report = DocumentReport(name=path.name, problems=[
                    f"{path}: another document has the same name ({path.stem}); rename one of them (skipped)"])
                results[i] = _Result(i, report)
                continue
            names.add(stem)
            reused = _reuse(path, previous, out, tmp, hashes.get(path))
            if reused is not None:
                reused.index = i
                results[i] = reused
            else:
                todo.append((i, str(path), str(tmp), single_file))
        gone = set(previous) - {p.name for p in files}
        # few changes: the previous store is copied and patched; else a new one is loaded while
        # the documents are extracted
        patch = (bool(previous) and (out / STORE).is_dir() and (out / REFS).is_file()
                 and len(todo) + len(gone) <= max(50, len(files) // 10))
        if not patch:
            from kg.store_writer import UnionLoader

            loader = UnionLoader(tmp / STORE, tmp / REFS)
            for r in results:
                if r is not None and r.reused:
                    loader.add_file(tmp / GRAPHS / f"{_key(r)}.nq")
        done = sum(r is not None for r in results)
        if progress and done:
            progress(files[0].name, done, len(files))
        for result in _extract_all(todo, jobs):
            results[result.index] = result
            if loader is not None and result.union is not None:
                loader.add_parts(*result.union)
            result.union = None
            done += 1
            if progress:
                progress(files[result.index].name, done, len(files))
        final = [r for r in results if r is not None]
        if not any(r.report.built for r in final):
            raise ExtractionError(_nothing_built(final, out))
        summary = _summary(out, final, started)
        summary.removed = len(gone)
        shared = _shared_nquads()
        (tmp / SHARED).write_bytes(shared)
        summary.triples += shared.count(b"\n")
        # the big files are written (in the kernel) while the store is finished
        with ThreadPoolExecutor(1) as pool:
            outputs = pool.submit(_write_outputs, tmp, final, out if previous else None, single_file)
            if loader is not None:
                loader.add(shared)
                loader.close()
            else:
                _patch_store(tmp, final, previous, out)
            outputs.result()
        _write_manifest(tmp, summary, fingerprint, single_file)
        _swap(tmp, out)
    except BaseException:
        del loader  # closes the store's files before they are removed
        import gc

        gc.collect()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _key(result: _Result) -> str:
    from kg.iris import document_key

    return document_key(result.report.name)


def _nothing_built(results: list[_Result], out: Path) -> str:
    """The message of a build in which no document could be built: the previous output is kept."""
    kept = f"the previous graph in {out} was left unchanged" if (out / MANIFEST).is_file() else \
        f"nothing was written to {out}"
    n = len(results)
    lines = [f"none of the {n} document{'s' if n != 1 else ''} could be built, so {kept}:"]
    lines += [f"  {p}" for r in results for p in r.report.problems]
    return "\n".join(lines)


# ---- extraction (in worker processes) ----------------------------------------------------------

def _extract_all(todo: list[tuple[int, str, str]], jobs: int | None):
    """Extract the documents of ``todo``; yields results as they finish (in order)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < POOL_MIN_DOCUMENTS:
        for item in todo:
            yield _extract_one(item)
        return
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else None
    ctx = mp.get_context(method)
    chunk = max(1, min(16, len(todo) // (jobs * 8)))
    with ctx.Pool(min(jobs, len(todo))) as pool:
        yield from pool.imap(_extract_one, todo, chunksize=chunk)


def _extract_one(item: tuple[int, str, str, bool]) -> _Result:
    """Read one document, write its graph files into the temporary output (its TriG too when
    the build writes the single file), return its report."""
    from kg.documents import load
    from kg.extract import extract
    from kg.iris import document_graph_iri, document_key
    from kg.rdf import SourceDocument, plan_nquad_lines
    from kg.store_writer import union_parts

    index, path_text, tmp_text, with_trig = item
    path, tmp = Path(path_text), Path(tmp_text)
    report = DocumentReport(name=path.name)
    try:
        doc = load(path)
        report.sha256 = doc.sha256
        plan, problems = extract(doc)
        lines = plan_nquad_lines(plan, SourceDocument(doc.name, doc.sha256, len(doc.text)))
        nquads = "".join(lines).encode()
        union = union_parts(lines, f"<{document_graph_iri(doc.name)}>")
        trig = _trig(nquads) if with_trig else None
        key = document_key(doc.name)
    except KGError as e:
        report.problems.append(f"{e} (skipped)" if e.path else f"{path}: {e} (skipped)")
        return _Result(index, report)
    except Exception as e:  # a defect of the extractor must not stop the other documents
        report.problems.append(f"{path}: internal error while reading it ({type(e).__name__}: {e}); "
                               "please report this (skipped)")
        return _Result(index, report)
    report.built = True
    report.title = plan.title
    report.actions = len(plan.actions)
    report.tasks = len(plan.tasks)
    report.units = sum(len(t.units) for t in plan.tasks)
    report.deadlines = sum(len(t.deadlines) for t in plan.tasks)
    report.targets = len(plan.targets) + sum(len(t.targets) for t in plan.tasks)
    report.quads = nquads.count(b"\n")
    report.chapters, report.projects, report.enterprises = (len(plan.chapters), len(plan.projects),
                                                            len(plan.enterprises))
    report.problems.extend(str(p) for p in problems)
    departments = sorted({u.canonical for t in plan.tasks for u in t.units})
    graphs = tmp / GRAPHS
    (graphs / f"{key}.nq").write_bytes(nquads)
    if trig is not None:
        (graphs / f"{key}.trig").write_bytes(trig)
    (tmp / TEXTS / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
    info = {"report": asdict(report), "departments": departments}
    (graphs / f"{key}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return _Result(index, report, departments, union=union)


def _trig(nquads: bytes) -> bytes:
    """One graph's N-Quads (as the build writes them) as TriG without the @prefix lines."""
    import pyoxigraph as ox

    # kg.rdf writes every term as pyoxigraph does and kg.iris makes only valid IRIs: no checks
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    return _without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))


def _without_prefixes(trig: bytes) -> bytes:
    """TriG without its leading @prefix lines (one header is written for the whole file)."""
    pos = 0
    while trig.startswith(b"@prefix ", pos):
        pos = trig.index(b"\n", pos) + 1
    return trig[pos:]


# ---- incremental rebuilds -----------------------------------------------------------------------

#: modules that do not shape the build's output (queries, presentation, tools): a change to them
#: keeps the previous build's per-document files
_NOT_IN_OUTPUT = {"cli.py", "store.py", "queries.py", "ask.py", "tasks.py", "targets.py", "export.py",
                  "validate.py", "server.py", "remote.py", "formats.py", "synth.py", "dump.py", "ui"}


def code_fingerprint() -> str:
    """sha256 over the code that shapes the output (reading, extraction, RDF) and the ontology
    folder: a change to either means every document must be extracted again."""
    h = hashlib.sha256(__version__.encode())
    for root in (PACKAGE, PACKAGE.parent / "ontology"):
        for f in sorted(root.rglob("*")):
            rel = f.relative_to(root)
            if (f.is_file() and f.suffix in (".py", ".ttl", ".csv") and "__pycache__" not in rel.parts
                    and not (root == PACKAGE and rel.parts[0] in _NOT_IN_OUTPUT)):
                h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _previous_manifest(out: Path, fingerprint: str) -> dict:
    """The previous build's manifest when its files can be reused (same code fingerprint), else {}."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("fingerprint") != fingerprint or not (out / GRAPHS).is_dir():
        return {}
    return manifest


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _unchanged(files: list[Path], manifest: dict, previous: dict[str, dict], out: Path,
               hashes: dict[Path, str | None], single_file: bool) -> BuildSummary | None:
    """The previous build's summary when it was built from exactly these files, all built and
    unchanged (the same names and contents; ``manifest`` has the same code fingerprint), and its
    output is complete; ``None`` otherwise. Fills ``hashes`` for the documents it read."""
    documents = manifest.get("documents", [])
    if len(files) != len(documents) or len(previous) != len(documents) or {p.name for p in files} != set(previous):
        return None
    for path in files:
        hashes[path] = _sha256(path)
        if hashes[path] != previous[path.name]["sha256"]:
            return None
    wanted = (ONTOLOGY_XML, STORE, REFS, SHARED) + ((NQUADS, TRIG) if single_file else ())
    if manifest.get("single_file", True) != single_file or not all((out / f).exists() for f in wanted):
        return None
    try:
        totals = manifest["totals"]
        return BuildSummary(out_dir=out, documents=[DocumentReport(**d) for d in documents], seconds=0.0,
                            up_to_date=True, reused=len(documents), **{k: totals[k] for k in (
                                "plans", "actions", "tasks", "departments", "deadlines", "targets", "triples")})
    except (KeyError, TypeError):
        return None


def _reuse(path: Path, previous: dict[str, dict], out: Path, tmp: Path, sha: str | None = None) -> _Result | None:
    """Link an unchanged document's files from the previous build; ``None`` when it changed.
    ``sha``: the file's sha256 when already computed."""
    old = previous.get(path.name)
    if old is None:
        return None
    sha = sha or _sha256(path)
    if sha is None or sha != old["sha256"]:
        return None
    from kg.iris import document_key

    key = document_key(path.name)
    o, t = str(out), str(tmp)  # plain strings: pathlib costs more than the links at thousands of files
    files = [(f"{o}/{GRAPHS}/{key}{ext}", f"{t}/{GRAPHS}/{key}{ext}") for ext in (".json", ".nq")]
    files.append((f"{o}/{TEXTS}/{path.name}.txt", f"{t}/{TEXTS}/{path.name}.txt"))
    try:
        with open(files[0][0], encoding="utf-8") as f:
            info = json.load(f)
        for src, dst in files:
            _link(src, dst)
    except (OSError, ValueError):
        return None
    try:  # a build without the single file wrote no TriG; _write_outputs makes it when needed
        _link(f"{o}/{GRAPHS}/{key}.trig", f"{t}/{GRAPHS}/{key}.trig")
    except OSError:
        pass
    return _Result(0, DocumentReport(**info["report"]), info["departments"], reused=True)


def _link(src: Path | str, dst: Path | str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# ---- writing -----------------------------------------------------------------------------------

def _summary(out: Path, results: list[_Result], started: float) -> BuildSummary:
    built = [r.report for r in results if r.report.built]
    return BuildSummary(
        out_dir=out,
        documents=[r.report for r in results],
        plans=len(built),
        actions=sum(d.actions for d in built),
        tasks=sum(d.tasks for d in built),
        departments=len({u for r in results if r.report.built for u in r.departments}),
        deadlines=sum(d.deadlines for d in built),
        targets=sum(d.targets for d in built),
        triples=sum(d.quads for d in built),
        seconds=time.perf_counter() - started,
        extracted=sum(not r.reused for r in results),
        reused=sum(r.reused for r in results),
    )


@functools.lru_cache(maxsize=1)
def _shared_lines() -> tuple[tuple[str, object], ...]:
    """The vocabulary and ontology quads, as sorted (N-Quads line, quad) pairs."""
    from kg.rdf import ontology_quads, vocabulary_quads

    return tuple(sorted({f"{q} .\n": q for q in [*vocabulary_quads(), *ontology_quads()]}.items(),
                        key=lambda x: x[0]))


def _shared_nquads() -> bytes:
    return "".join(line for line, _ in _shared_lines()).encode("utf-8")


def _built_keys(results: list[_Result]) -> list[str]:
    from kg.iris import document_key

    return sorted(document_key(r.report.name) for r in results if r.report.built)


def _write_outputs(tmp: Path, results: list[_Result], old: Path | None, single_file: bool) -> None:
    """ontology.owl, and when ``single_file`` policykg.nq and policykg.trig (the documents'
    files concatenated, then the vocabulary and ontology graphs)."""
    import pyoxigraph as ox

    if single_file:
        keys = _built_keys(results)
        graphs = tmp / GRAPHS
        with open(tmp / NQUADS, "wb") as nq:
            for key in keys:
                _append(nq, graphs / f"{key}.nq")
            _append(nq, tmp / SHARED)
        with open(tmp / TRIG, "wb") as trig:
            trig.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode("utf-8"))
            for key in keys:
                if not (graphs / f"{key}.trig").exists():  # reused from a build without the single file
                    (graphs / f"{key}.trig").write_bytes(_trig((graphs / f"{key}.nq").read_bytes()))
                _append(trig, graphs / f"{key}.trig")
            trig.write(_without_prefixes(ox.serialize([q for _, q in _shared_lines()], format=ox.RdfFormat.TRIG,
                                                      prefixes=PREFIXES)))
    if old is not None and (old / ONTOLOGY_XML).is_file():
        _link(old / ONTOLOGY_XML, tmp / ONTOLOGY_XML)  # same code fingerprint → same ontology
    else:
        from kg.reason import ontology_rdfxml

        ontology_rdfxml(tmp / ONTOLOGY_XML)


def _patch_store(tmp: Path, results: list[_Result], previous: dict[str, dict], out: Path) -> None:
    """``store/``: the previous build's store with only the changed, new and removed documents'
    triples replaced (see :mod:`kg.store_writer`)."""
    from kg.iris import document_key
    from kg.store_writer import read_bytes, update_union

    built = {r.report.name for r in results if r.report.built and not r.reused}
    reused = {r.report.name for r in results if r.reused}
    changes = []
    for name in sorted((set(previous) - reused) | built):
        key = document_key(name)
        old = read_bytes(out / GRAPHS / f"{key}.nq") if name in previous else b""
        new = read_bytes(tmp / GRAPHS / f"{key}.nq") if name in built else b""
        changes.append((old, new))
    update_union(out / STORE, out / REFS, tmp / STORE, tmp / REFS, changes)


def _append(out, path: Path) -> None:
    """Append the file ``path`` to the open binary file ``out``: in the kernel (``os.sendfile``)
    where it can, the rest through 1 MB buffers."""
    with open(path, "rb") as f:
        out.flush()
        sent = 0
        try:
            size = os.fstat(f.fileno()).st_size
            while sent < size and (n := os.sendfile(out.fileno(), f.fileno(), sent, size - sent)):
                sent += n
        except (AttributeError, OSError):
            pass
        out.seek(0, os.SEEK_END)
        f.seek(sent)
        shutil.copyfileobj(f, out, 1 << 20)


def _write_manifest(tmp: Path, summary: BuildSummary, fingerprint: str, single_file: bool) -> None:
    manifest = {
        "policykg": __version__,
        "fingerprint": fingerprint,
        "single_file": single_file,
        "documents": [dict(vars(d)) for d in summary.documents],  # flat fields: no deep copy needed
        "totals": {k: getattr(summary, k) for k in
                   ("plans", "actions", "tasks", "departments", "deadlines", "targets", "triples")},
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _swap(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---- reading a built graph ---------------------------------------------------------------------

def read_manifest(graph_dir: str | Path) -> dict:
    from kg.errors import GraphNotBuiltError

    path = Path(graph_dir) / MANIFEST
    if not path.exists():
        raise GraphNotBuiltError(
            f"no built graph in {graph_dir}; run `kg build` (or `python build_graph.py`) first")
    return json.loads(path.read_text(encoding="utf-8"))


def quad_files(graph_dir: str | Path) -> list[Path]:
    """The N-Quads files that hold a built graph, every quad once: ``policykg.nq`` when the build
    wrote it, else each built document's ``graphs/<stem>.nq`` (by stem) and ``shared.nq``."""
    from kg.iris import document_key

    folder = Path(graph_dir)
    manifest = read_manifest(folder)
    if (folder / NQUADS).is_file():
        return [folder / NQUADS]
    keys = sorted(document_key(d["name"]) for d in manifest.get("documents", []) if d.get("built"))
    return [folder / GRAPHS / f"{k}.nq" for k in keys] + [folder / SHARED]


@contextlib.contextmanager
def whole_nquads(graph_dir: str | Path):
    """The path of one N-Quads file holding the whole built graph: ``policykg.nq``, or (a build
    without it) a temporary concatenation of :func:`quad_files`, removed afterwards."""
    files = quad_files(graph_dir)
    if len(files) == 1:
        yield files[0]
        return
    with tempfile.TemporaryDirectory(prefix="policykg-") as tmp:
        path = Path(tmp) / NQUADS
        with open(path, "wb") as out:
            for f in files:
                _append(out, f)
        yield path


def problems_of(summary: BuildSummary) -> list[str]:
    return [p for d in summary.documents for p in d.problems]


def document_text(graph_dir: str | Path, name: str) -> str:
    """The decoded text of a built document (spans' offsets point into it)."""
    from kg.errors import GraphNotBuiltError

    path = Path(graph_dir) / TEXTS / f"{Path(name).name}.txt"
    if not path.is_file():
        raise GraphNotBuiltError(f"no text of {name!r} in {graph_dir}; rebuild the graph with `kg build`")
    return path.read_text(encoding="utf-8")


__all__ = ["build", "BuildSummary", "DocumentReport", "read_manifest", "document_text", "code_fingerprint",
           "quad_files", "whole_nquads"]
