"""Closed-world checks of a graph against ``ontology/shapes.ttl`` (SHACL, pyshacl).

:func:`validate` takes an rdflib ``Graph`` or ``Dataset`` (all its graphs, as one union) or the
path of an RDF file (``.nq`` as the build writes it; also ``.nt``, ``.ttl``, ``.trig``), and
checks it with the ontology as ``ont_graph`` and RDFS inference, so ``sh:class pol:ResponsibleUnit``
accepts a ``pol:Department``. Warnings (a task without any unit) are counted and listed but do
not make the graph non-conforming; only violations do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg.errors import InputError, OntologyError
from kg.terms import ONTOLOGY_FILE, SHAPES_FILE, compact, to_rdflib

DataInput = Union[rdflib.Graph, rdflib.Dataset, str, Path]


@dataclass(frozen=True)
class Finding:
    """One SHACL result."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # the focus node (IRI, or a blank node's label)
    path: str | None  # the property path, compacted (dcterms:title), if any
    value: str | None  # the offending value, if any
    message: str  # zh / en messages joined with " / "
    shape: str | None  # the source shape, compacted

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        shape = f" [{self.shape}]" if self.shape else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}{value}{shape}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no violations (warnings allowed)
    violations: int
    warnings: int  # warnings and infos
    text: str  # readable report: one line per finding
    findings: tuple[Finding, ...] = ()
    seconds: float = 0.0


def _load_rdflib(path: Path, what: str) -> rdflib.Graph:
    if not path.exists():
        raise OntologyError(f"the {what} file is missing; restore it from the repository", path=str(path))
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser error types
        raise OntologyError(f"the {what} does not parse: {exc}", path=str(path)) from exc
    return graph


def _union(data: DataInput) -> rdflib.Graph:
    """All triples of ``data`` in one rdflib graph."""
    if isinstance(data, rdflib.Dataset) or type(data).__name__ == "ConjunctiveGraph":
        union = rdflib.Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(data, rdflib.Graph):
        return data
    path = Path(data)
    if not path.exists():
        raise InputError("no such graph file", path=str(path))
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError("unknown RDF file type: use .nq, .nt, .ttl or .trig", path=str(path))
    union = rdflib.Graph()
    try:
        for q in ox.parse(path=str(path), format=fmt):
            union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    except SyntaxError as exc:
        raise InputError(f"the graph does not parse: {exc}", path=str(path)) from exc
    return union


def _text(node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return node.n3()


def _messages(results: rdflib.Graph, shapes: rdflib.Graph, result: rdflib.term.Node) -> list[rdflib.Literal]:
    """The result's messages, zh first. A SPARQL constraint's own messages replace those of the
    node shape holding it (pyshacl reports both)."""
    messages = list(results.objects(result, SH.resultMessage))
    constraint = results.value(result, SH.sourceConstraint)
    if constraint is not None:
        specific = list(shapes.objects(constraint, SH.message))
        if specific:
            messages = specific
    return sorted(messages, key=lambda m: ({"zh": 0, "en": 1}.get(getattr(m, "language", None) or "", 2), str(m)))


def _findings(results: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    found = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceConstraint) or results.value(result, SH.sourceShape)
        messages = _messages(results, shapes, result)
        found.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=_text(focus) or "?",
            path=compact(str(path)) if isinstance(path, rdflib.URIRef) else _text(path),
            value=_text(value),
            message=" / ".join(str(m) for m in messages) or "(no message)",
            shape=compact(str(shape)) if isinstance(shape, rdflib.URIRef) else None,
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    found.sort(key=lambda f: (order.get(f.severity, 3), f.focus, f.path or "", f.message, f.value or ""))
    return found


def validate(data: DataInput, shapes: str | Path = SHAPES_FILE,
             ontology: str | Path = ONTOLOGY_FILE) -> ValidationReport:
    """Check ``data`` against the SHACL shapes; see the module doc."""
    from pyshacl import validate as shacl_validate

    started = time.perf_counter()
    graph = _union(data)
    shapes_graph = _load_rdflib(Path(shapes), "SHACL shapes")
    ontology_graph = _load_rdflib(Path(ontology), "ontology")
    _, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes_graph,
        ont_graph=ontology_graph,
        inference="rdfs",
        allow_warnings=True,
        abort_on_first=False,
        advanced=False,
    )
    findings = _findings(results, shapes_graph)
    violations = sum(1 for f in findings if f.severity == "Violation")
    warnings = len(findings) - violations
    head = (f"SHACL validation: {'conforms' if violations == 0 else 'does not conform'} — "
            f"{violations} violation{'s' if violations != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")
    text = "\n".join([head, *(str(f) for f in findings)]) + "\n"
    return ValidationReport(conforms=violations == 0, violations=violations, warnings=warnings,
                            text=text, findings=tuple(findings),
                            seconds=time.perf_counter() - started)
