"""``kg dump``: the built graph as one N-Quads file per named graph, for bulk loaders.

Triple stores that hold national-scale corpora load files, not SPARQL updates: Virtuoso
(``ld_dir`` + ``rdf_loader_run``), QLever (``qlever index``), Apache Jena Fuseki (``tdb2.tdbloader``),
GraphDB (``importrdf preload``). :func:`dump` splits the build's N-Quads (``policykg.nq``, or the per-document files and ``shared.nq``) by graph — one
file per document (``<stem>.nq``, the document's named graph ``id:graph/<stem>``), plus
``vocabulary.nq`` and ``ontology.nq`` — and writes ``graphs.tsv`` (file, graph IRI, quads) and
``LOADING.md`` (commands for those loaders). Every file carries its graph name in each quad, so
loaders that read N-Quads keep one named graph per document; reloading one file replaces one
document. The split streams over the lines (N-Quads puts one quad per line, the graph last), so it
needs little memory at any size.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kg.errors import UsageError

GRAPH_BASE = "https://w3id.org/policykg/id/graph/"
MAX_OPEN = 256

LOADING = """# Loading these files into a triple store

Each `.nq` file is one named graph: a document's (`<stem>.nq` → `id:graph/<stem>`), the
vocabulary's or the ontology's. `graphs.tsv` lists file, graph IRI and quad count.
Query with the default graph as the UNION of the named graphs (PolicyKG's saved queries expect it).

- Virtuoso: copy the files into a folder listed in `DirsAllowed`, then in `isql`:
  `ld_dir('/data/policykg', '*.nq', 'https://w3id.org/policykg/id/graph/default'); rdf_loader_run(); checkpoint;`
  (N-Quads keep their own graph names; run several `rdf_loader_run()` in parallel for speed).
- QLever: `cat *.nq | IndexBuilderMain -F nq -f - -i policykg` (or a Qleverfile with
  `INPUT_FILES = *.nq`, `CAT_INPUT_FILES = cat ${INPUT_FILES}`, `SETTINGS_JSON` as usual),
  then start the server with that index. QLever's default graph is the union of all graphs.
- Apache Jena: `tdb2.tdbloader --loc DB *.nq`, then `fuseki-server --loc DB --set tdb:unionDefaultGraph=true /policykg`.
- GraphDB: `importrdf preload -f -i policykg *.nq` (repository with the default graph = all graphs, which is
  GraphDB's behaviour for queries without FROM).
- Oxigraph: `oxigraph load --location DB --file *.nq` then `oxigraph serve --location DB --union-default-graph`.

To update one document, replace its graph: drop `id:graph/<stem>` (SPARQL `DROP GRAPH`) and load its new file.
"""


def _graph_of(line: str) -> str | None:
    """The graph IRI of one N-Quads line (the last term), or ``None`` for the default graph."""
    body = line.rstrip()
    if not body.endswith("."):
        return None
    body = body[:-1].rstrip()
    if not body.endswith(">"):
        return None
    start = body.rfind(" <")
    return body[start + 2:-1] if start >= 0 else None


def _file_name(graph: str) -> str:
    if graph.startswith(GRAPH_BASE):
        name = graph[len(GRAPH_BASE):]
    else:
        name = "graph-" + graph.rsplit("/", 1)[-1]
    name = "".join(c if c not in '/\\:*?"<>|' else "_" for c in name) or "default"
    return name + ".nq"


def dump(graph_dir: str | Path, out_dir: str | Path) -> str:
    """Write the graph of ``graph_dir`` as one N-Quads file per named graph into ``out_dir``
    (replaced as a whole); returns a one-line report."""
    from kg.build import quad_files

    sources = quad_files(graph_dir)  # a clear error when the folder holds no build
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "graphs.tsv").exists())):
        raise UsageError(f"{out} exists and is not an earlier dump; choose an empty or new folder for --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    handles: dict[str, object] = {}
    try:
        for source in sources:
            with open(source, encoding="utf-8") as f:
                for line in f:
                    if not line.strip() or line.lstrip().startswith("#"):
                        continue
                    graph = _graph_of(line) or "default"
                    fh = handles.get(graph)
                    if fh is None:
                        if len(handles) >= MAX_OPEN:
                            for h in handles.values():
                                h.close()
                            handles.clear()
                        name = names.setdefault(graph, _file_name(graph))
                        fh = handles[graph] = open(tmp / name, "a", encoding="utf-8")
                    fh.write(line)
                    counts[graph] = counts.get(graph, 0) + 1
        for h in handles.values():
            h.close()
        handles.clear()
        rows = sorted((names[g], g, n) for g, n in counts.items())
        (tmp / "graphs.tsv").write_text("file\tgraph\tquads\n" + "".join(f"{a}\t{b}\t{c}\n" for a, b, c in rows),
                                        encoding="utf-8")
        (tmp / "LOADING.md").write_text(LOADING, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        for h in handles.values():
            h.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    documents = sum(1 for g in counts if g.startswith(GRAPH_BASE)
                    and g[len(GRAPH_BASE):] not in ("vocabulary", "ontology"))
    return (f"Wrote {len(counts)} N-Quads files ({documents} documents + vocabulary and ontology), "
            f"{sum(counts.values())} quads → {out} (see {out}/LOADING.md)")
