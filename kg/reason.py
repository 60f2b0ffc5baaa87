"""OWL consistency check with HermiT (through owlready2), and the RDF/XML form of the ontology.

owlready2 reads RDF/XML or N-Triples, not Turtle, so :func:`check_consistency` writes the
ontology and the data as N-Triples into a temporary folder (named graphs dropped), loads both
into a fresh owlready2 ``World`` and runs ``sync_reasoner`` (HermiT, needs Java) with
``ignore_unsupported_datatypes=True``: ``xsd:date`` (deadlines) is not an OWL 2 datatype.

A graph is reported consistent when HermiT finds no contradiction AND no class of the ontology is
unsatisfiable. When it is inconsistent, the message names nodes typed (directly, by subclass, or
by a property's domain/range) with two disjoint classes, the usual cause.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, OntologyError
from kg.terms import ONTOLOGY_FILE, PREFIXES, compact, sparql_prefixes

_DATA_ONTOLOGY = "https://w3id.org/policykg/id/graph/consistency-check"


@dataclass(frozen=True)
class ConsistencyResult:
    consistent: bool
    message: str
    seconds: float


def _read(path: Path, what: str) -> list[ox.Triple]:
    """Triples of an RDF file (any pyoxigraph format, by extension; graph names dropped)."""
    if not path.exists():
        error = OntologyError if what == "ontology" else InputError
        raise error(f"the {what} file does not exist", path=str(path))
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if path.suffix == ".owl":
        fmt = ox.RdfFormat.RDF_XML
    if fmt is None:
        raise InputError(f"unknown RDF file type for the {what}: use .ttl, .nt, .nq, .trig or .owl",
                         path=str(path))
    try:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt)]
    except SyntaxError as exc:
        error = OntologyError if what == "ontology" else InputError
        raise error(f"the {what} does not parse: {exc}", path=str(path)) from exc


def _java() -> str:
    import owlready2

    java = owlready2.JAVA_EXE
    if shutil.which(java) is None and not os.path.isfile(java):
        raise OntologyError(
            f"HermiT needs Java, but {java!r} was not found: install a Java runtime "
            "(Debian: apt-get install default-jre-headless) or point owlready2.JAVA_EXE at java")
    return java


def _hints(ontology: list[ox.Triple], data: list[ox.Triple], limit: int = 5) -> list[str]:
    """The usual causes of an inconsistency, found by SPARQL: nodes whose types (asserted, or
    implied by a property's domain or range) are disjoint; two values of a functional datatype
    property."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in [*ontology, *data])
    typed = """
        {{ ?x a ?t{n} }}
        UNION {{ ?x ?p{n} ?v{n} . ?p{n} rdfs:subPropertyOf*/rdfs:domain ?t{n} }}
        UNION {{ ?v{n} ?p{n} ?x . ?p{n} rdfs:subPropertyOf*/rdfs:range ?t{n} }}
        ?t{n} rdfs:subClassOf* ?c{n} ."""
    query = sparql_prefixes() + f"""
        SELECT DISTINCT ?x ?c1 ?c2 WHERE {{
            {typed.format(n=1)}
            ?c1 owl:disjointWith ?c2 .
            {typed.format(n=2)}
            FILTER (isIRI(?x))
        }} ORDER BY ?x ?c1 ?c2 LIMIT {limit}"""
    hints = []
    for row in store.query(query):
        hints.append(f"<{row['x'].value}> is both {compact(row['c1'].value)} and "
                     f"{compact(row['c2'].value)}, which are disjoint")
    functional = sparql_prefixes() + f"""
        SELECT DISTINCT ?x ?p WHERE {{
            ?p a owl:FunctionalProperty .
            ?x ?p ?a , ?b .
            FILTER (isLiteral(?a) && isLiteral(?b) && STR(?a) < STR(?b))
        }} ORDER BY ?x ?p LIMIT {limit}"""
    for row in store.query(functional):
        hints.append(f"<{row['x'].value}> has two different values of the functional property "
                     f"{compact(row['p'].value)}")
    return hints


def check_consistency(ontology_path: str | Path = ONTOLOGY_FILE,
                      data_path: str | Path | None = None) -> ConsistencyResult:
    """Is the ontology (plus the data in ``data_path``, ``.nq`` or ``.nt``) consistent under HermiT?

    Raises :class:`OntologyError` when Java is missing or HermiT fails for another reason, and
    :class:`InputError` when the data file is missing or does not parse.
    """
    import owlready2

    started = time.perf_counter()
    ontology = _read(Path(ontology_path), "ontology")
    data = _read(Path(data_path), "data") if data_path is not None else []
    _java()
    with tempfile.TemporaryDirectory(prefix="policykg-hermit-") as tmp:
        ontology_nt = Path(tmp) / "ontology.nt"
        data_nt = Path(tmp) / "data.nt"
        ox.serialize(ontology, str(ontology_nt), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(data, str(data_nt), format=ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        try:
            with open(ontology_nt, "rb") as f:
                world.get_ontology(Path(ontology_path).resolve().as_uri()).load(fileobj=f, format="ntriples")
            with open(data_nt, "rb") as f:
                world.get_ontology(_DATA_ONTOLOGY).load(fileobj=f, format="ntriples")
            try:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
            except owlready2.OwlReadyInconsistentOntologyError:
                hints = _hints(ontology, data)
                detail = "; ".join(hints) if hints else "no usual cause found: check the axioms the data uses"
                return ConsistencyResult(False, f"inconsistent: HermiT found a contradiction ({detail})",
                                         time.perf_counter() - started)
            except FileNotFoundError as exc:
                raise OntologyError(f"HermiT needs Java, which could not be started: {exc}") from exc
            except (owlready2.OwlReadyJavaError, subprocess.CalledProcessError) as exc:
                raise OntologyError(f"HermiT failed: {exc}") from exc
            unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        finally:
            world.close()
    seconds = time.perf_counter() - started
    if unsatisfiable:
        names = ", ".join(compact(iri) for iri in unsatisfiable)
        return ConsistencyResult(False, f"incoherent: unsatisfiable classes {names}", seconds)
    what = f"ontology and {len(data)} data triples" if data_path is not None else "ontology"
    return ConsistencyResult(True, f"consistent: HermiT found no contradiction in the {what}", seconds)


def ontology_rdfxml(path_out: str | Path, ontology_path: str | Path = ONTOLOGY_FILE) -> Path:
    """Write the ontology as RDF/XML (for owlready2 and Protégé); the same input gives the same
    bytes. Returns the path written."""
    triples = _read(Path(ontology_path), "ontology")
    out = Path(path_out)
    out.parent.mkdir(parents=True, exist_ok=True)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("rdf", "id")}
    ox.serialize(triples, str(out), format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    return out
