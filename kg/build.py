"""Documents → the graph on disk.

``build(paths, out_dir)`` reads every document, extracts its plan, turns it into quads (one named
graph per document) and writes, atomically, into ``out_dir``:

=====================  =============================================================
``policykg.nq``        every quad (documents, vocabulary, ontology), sorted N-Quads
``policykg.trig``      the same as TriG with prefixes, for people
``ontology.owl``       the ontology as RDF/XML (for owlready2 / Protégé)
``manifest.json``      per document: file, sha256, counts, problems; totals
``texts/<file>.txt``   each document's decoded text (what spans' offsets point into)
=====================  =============================================================

Output is deterministic: the same documents give byte-identical files. A document that cannot
be read or holds no tasks is reported and skipped; the others still build. Files are written to
a temporary folder next to ``out_dir`` and swapped in only when everything is written, so a
failed build leaves the previous output intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.documents import find_documents, load
from kg.errors import KGError
from kg.extract import extract
from kg.records import Plan, Problem
from kg.rdf import SourceDocument, ontology_quads, plan_quads, vocabulary_quads

NQUADS = "policykg.nq"
TRIG = "policykg.trig"
ONTOLOGY_XML = "ontology.owl"
MANIFEST = "manifest.json"
TEXTS = "texts"
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
DEFAULT_OUT = Path("build") / "graph"

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

    @property
    def skipped(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.built]

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


Progress = Callable[[str, int, int], None]


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path = DEFAULT_OUT,
          progress: Progress | None = None) -> BuildSummary:
    """Build the graph from PATHs (files or folders; default: the bundled corpus)."""
    started = time.perf_counter()
    files = find_documents(list(paths) if paths else [DEFAULT_CORPUS])
    if not files:
        raise KGError("no documents found; give .txt files or folders that hold them")
    out = Path(out_dir)
    reports: list[DocumentReport] = []
    quads: list[ox.Quad] = []
    plans: list[Plan] = []
    texts: dict[str, str] = {}
    names: set[str] = set()
    for i, path in enumerate(files, 1):
        if progress:
            progress(path.name, i, len(files))
        report = DocumentReport(name=path.name)
        reports.append(report)
        stem = path.stem.lower()
        if stem in names:
            report.problems.append(f"{path}: another document has the same name ({path.stem}); "
                                   "rename one of them (skipped)")
            continue
        names.add(stem)
        try:
            doc = load(path)
            report.sha256 = doc.sha256
            plan, problems = extract(doc)
            doc_quads = plan_quads(plan, SourceDocument(doc.name, doc.sha256, len(doc.text)))
        except KGError as e:
            report.problems.append(f"{e} (skipped)" if e.path else f"{path}: {e} (skipped)")
            continue
        quads.extend(doc_quads)
        plans.append(plan)
        texts[doc.name] = doc.text
        report.built = True
        report.title = plan.title
        report.actions = len(plan.actions)
        report.tasks = len(plan.tasks)
        report.units = sum(len(t.units) for t in plan.tasks)
        report.deadlines = sum(len(t.deadlines) for t in plan.tasks)
        report.targets = len(plan.targets) + sum(len(t.targets) for t in plan.tasks)
        report.quads = len(doc_quads)
        report.problems.extend(str(p) for p in problems)
    quads.extend(vocabulary_quads())
    quads.extend(ontology_quads())
    lines = sorted({_nquad(q) for q in quads})
    summary = BuildSummary(
        out_dir=out,
        documents=reports,
        plans=len(plans),
        actions=sum(len(p.actions) for p in plans),
        tasks=sum(len(p.tasks) for p in plans),
        departments=len({u.canonical for p in plans for t in p.tasks for u in t.units}),
        deadlines=sum(r.deadlines for r in reports),
        targets=sum(r.targets for r in reports),
        triples=len(lines),
        seconds=0.0,
    )
    _write_atomically(out, lines, summary, texts)
    summary.seconds = time.perf_counter() - started
    return summary


def _nquad(q: ox.Quad) -> str:
    return f"{q} .\n"


def _write_atomically(out: Path, lines: list[str], summary: BuildSummary, texts: dict[str, str]) -> None:
    from kg.reason import ontology_rdfxml

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        nq = tmp / NQUADS
        nq.write_text("".join(lines), encoding="utf-8")
        parsed = ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)
        with open(tmp / TRIG, "wb") as f:
            ox.serialize(parsed, f, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        ontology_rdfxml(tmp / ONTOLOGY_XML)
        (tmp / TEXTS).mkdir()
        for name, text in texts.items():
            (tmp / TEXTS / f"{name}.txt").write_text(text, encoding="utf-8")
        manifest = {
            "policykg": __version__,
            "documents": [asdict(d) for d in summary.documents],
            "totals": {k: getattr(summary, k) for k in
                       ("plans", "actions", "tasks", "departments", "deadlines", "targets", "triples")},
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_manifest(graph_dir: str | Path) -> dict:
    from kg.errors import GraphNotBuiltError

    path = Path(graph_dir) / MANIFEST
    if not path.exists():
        raise GraphNotBuiltError(
            f"no built graph in {graph_dir}; run `kg build` (or `python build_graph.py`) first")
    return json.loads(path.read_text(encoding="utf-8"))


def problems_of(summary: BuildSummary) -> list[str]:
    return [p for d in summary.documents for p in d.problems]


def document_text(graph_dir: str | Path, name: str) -> str:
    """The decoded text of a built document (spans' offsets point into it)."""
    from kg.errors import GraphNotBuiltError

    path = Path(graph_dir) / TEXTS / f"{Path(name).name}.txt"
    if not path.is_file():
        raise GraphNotBuiltError(f"no text of {name!r} in {graph_dir}; rebuild the graph with `kg build`")
    return path.read_text(encoding="utf-8")


__all__ = ["build", "BuildSummary", "DocumentReport", "read_manifest", "Problem"]
