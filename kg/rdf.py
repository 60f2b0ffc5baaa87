"""Records → RDF quads. IRIs come from :mod:`kg.iris`, terms from :mod:`kg.terms`.

:func:`plan_quads` puts everything extracted from one document into that document's named graph
(``iris.document_graph``): the source document, the plan, its actions, tasks, responsibilities,
deadlines, targets and spans, AND a description of every unit, jurisdiction, department type and
indicator the plan mentions, so one document's graph is self-contained and can be replaced alone.
:func:`vocabulary_quads` gives the vocabularies (roles, department types, indicators) and
:func:`ontology_quads` the ontology, each in its own graph.

Conventions of the output:

* no blank nodes; the same records always give the same quads in the same order (no repeats);
* literals: ``xsd:date`` for dates, ``xsd:integer`` for years, offsets, lines and positions,
  ``xsd:decimal`` for target values (canonical lexical form, e.g. ``76.5``, ``100``), plain
  strings for every text as written (titles, names, quotes); language tags (``@zh``/``@en``)
  only on vocabulary labels (department types, indicators, roles);
* boolean flags are ALWAYS written, ``true`` or ``false`` (``pol:titleInferred``, ``pol:joint``,
  ``pol:declared``, ``pol:hedged``, ``pol:inferred``, ``pol:recurring``), so a query can ask for
  ``false`` without ``FILTER NOT EXISTS``;
* optional record fields that are ``None`` or empty are left out (no empty literals), except
  titles and texts, written as given so the SHACL shapes can flag an empty one;
* types: each node gets its PolicyKG class; units also get ``pol:ResponsibleUnit`` (and a
  government ``pol:Department`` too) and vocabulary concepts ``skos:Concept``, so common queries
  need no inference. Superproperties (``pol:responsibleUnit``, ``dcterms:isPartOf``) are not
  written: they come from the ontology for a reasoner;
* ``pol:order`` is the 1-based position: of an action in its plan, of a task in its plan (across
  actions), of a responsibility in its task's note, of a deadline or target in its owner.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PureWindowsPath
from types import SimpleNamespace
from typing import Iterable

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from kg import iris
from kg.errors import OntologyError
from kg.records import Action, Chapter, Deadline, Enterprise, Plan, Project, Role, Span, Target, Task, Unit
from kg.terms import (DCTERMS, OA, ONTOLOGY_DIR, ONTOLOGY_FILE, OWL, POL, PROV, RDF, RDFS, SKOS,
                      TIME, XSD, Namespace)
from kg.vocab import department_types

#: Record role → role concept.
ROLE_CONCEPTS: dict[Role, NamedNode] = {
    "lead": POL.LeadRole,
    "support": POL.SupportRole,
    "implement": POL.ImplementRole,
}
#: Role → the shortcut property from a task to its unit.
ROLE_PROPERTIES: dict[Role, NamedNode] = {
    "lead": POL.ledBy,
    "support": POL.supportedBy,
    "implement": POL.implementedBy,
}
#: Unit kind → its classes (besides pol:ResponsibleUnit).
KIND_CLASSES: dict[str, tuple[NamedNode, ...]] = {
    "department": (POL.Department,),
    "government": (POL.Department, POL.Government),
    "collective": (POL.CollectiveUnit,),
    "organization": (POL.ExternalOrganization,),
}
_ROLE_CONCEPTS = {role: str(node) for role, node in ROLE_CONCEPTS.items()}  # as N-Triples text (below)
_ROLE_PROPERTIES = {role: str(node) for role, node in ROLE_PROPERTIES.items()}
_KIND_CLASSES = {kind: tuple(str(node) for node in nodes) for kind, nodes in KIND_CLASSES.items()}
LEVEL_RANK: dict[str, int] = {"province": 0, "city": 1, "county": 2, "township": 3}
INDICATORS_CSV = ONTOLOGY_DIR / "vocab" / "indicators.csv"


@dataclass(frozen=True)
class SourceDocument:
    """The file a plan was extracted from."""

    name: str  # base file name with extension, as given to the build
    sha256: str
    characters: int  # length of the decoded text (Document.text)


# -- terms as N-Triples text -----------------------------------------------------------------
#
# The writers give every term as its N-Triples text: "<iri>" for a node, "…", "…"@zh or
# "…"^^<datatype> for a literal, one text per term (so a repeated quad is a repeated text), the
# very text pyoxigraph writes for it: :meth:`_Quads.nquad_lines` (the build's files) joins them
# into N-Quads lines without making a term. :meth:`_Quads.list` (pyoxigraph quads) makes the quads of nodes only with ``Quad(…)`` (one NamedNode per node) and
# reads the quads holding a literal with one N-Quads parse, several times faster than making
# each ``Quad(s, p, Literal(…), g)`` (pyoxigraph tries the other term kinds before Literal, and
# each failed try costs more than the quad). A literal text that is not a plain ``str`` of valid
# Unicode (no lone surrogates) goes through pyoxigraph's ``Literal`` right away, so it fails, or
# is written, exactly as before.

#: characters that need care in an N-Triples string: escaped (\\ ", the C0 controls, DEL) or
#: refused (surrogates)
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f\ud800-\udfff]')
#: pyoxigraph's own escapes (so a term's text is the one it writes: \b \t \n \f \r \" \\, the
#: other controls as \u00XX)
_ESCAPES = str.maketrans({**{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
                          "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
                          '"': '\\"', "\\": "\\\\"})
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_XSD_INTEGER = f'"^^<{XSD.integer.value}>'
_XSD_BOOLEAN = f'"^^<{XSD.boolean.value}>'
_XSD_DATE = f'"^^<{XSD.date.value}>'
_XSD_DECIMAL = f'"^^<{XSD.decimal.value}>'
_TRUE, _FALSE = '"true' + _XSD_BOOLEAN, '"false' + _XSD_BOOLEAN


def _quoted(text: str) -> str | None:
    """``"text"`` with N-Triples escapes, as pyoxigraph writes it; None when ``text`` holds a lone
    surrogate."""
    if _SPECIAL.search(text) is None:
        return '"' + text + '"'
    if _SURROGATE.search(text) is not None:
        return None
    return '"' + text.translate(_ESCAPES) + '"'


def _node(iri: str) -> str:
    """A node (an IRI of :mod:`kg.iris`)."""
    return "<" + iri + ">"


def _iri_of(node: str) -> str:
    """The IRI of a node made by :func:`_node`."""
    return node[1:-1]


def _texts(namespace: type[Namespace]) -> SimpleNamespace:
    """The terms of a namespace as N-Triples text: ``_texts(POL).Task`` is ``"<…ontology#Task>"``."""
    return SimpleNamespace(**{name: str(term) for name, term in namespace.terms().items()})


_POL, _RDF, _RDFS, _SKOS, _DCTERMS, _PROV, _OA, _TIME = (
    _texts(ns) for ns in (POL, RDF, RDFS, SKOS, DCTERMS, PROV, OA, TIME))
#: the NamedNodes of the namespaces' terms, by N-Triples text
_TERM_NODES = {str(term): term for ns in (POL, RDF, RDFS, SKOS, DCTERMS, PROV, OA, TIME)
               for term in ns.terms().values()}


def _string(text: str) -> str:
    if type(text) is str:
        quoted = _quoted(text)
        if quoted is not None:
            return quoted
    return str(Literal(text))


def _lang(text: str, language: str) -> str:
    if type(text) is str and language in ("zh", "en"):
        quoted = _quoted(text)
        if quoted is not None:
            return quoted + "@" + language
    return str(Literal(text, language=language))


def _integer(number: int) -> str:
    return '"' + str(int(number)) + _XSD_INTEGER


def _boolean(flag: bool) -> str:
    return _TRUE if flag else _FALSE


def _date(day: dt.date) -> str:
    return '"' + day.isoformat() + _XSD_DATE


def decimal_lexical(number: Decimal) -> str:
    """Canonical ``xsd:decimal`` text: no exponent, no trailing zeros (``76.50`` → ``76.5``,
    ``1E+2`` → ``100``). ``ValueError`` for NaN or infinity."""
    number = Decimal(number)
    if not number.is_finite():
        raise ValueError(f"{number} is not an xsd:decimal")
    if number == 0:
        return "0"  # also for -0 and 0.00
    return format(number.normalize(), "f")


def _decimal(number: Decimal) -> str:
    return '"' + decimal_lexical(number) + _XSD_DECIMAL


# -- writer -----------------------------------------------------------------------------------


class _Quads:
    """Quads of one graph in the order added, without repeats; terms as N-Triples text (above)."""

    def __init__(self, graph: str):
        self.graph = graph
        self._quads: dict[tuple[str, str, str], None] = {}

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._quads[(subject, predicate, obj)] = None  # a repeat keeps its first place

    def nquad_lines(self) -> list[str]:
        """The quads as N-Quads lines, sorted: the text pyoxigraph writes for the quads of
        :meth:`list` (every term's text is the one it writes)."""
        tail = " " + self.graph + " .\n"
        return sorted([f"{s} {p} {o}{tail}" for s, p, o in self._quads])

    def list(self) -> list[Quad]:
        """The quads: those of nodes only made as ``Quad(…)`` (fast for NamedNodes, each node made
        once), those with a literal read with one N-Quads parse (the literal is the slow case of
        ``Quad(…)``)."""
        if not self._quads:
            return []
        graph = NamedNode(_iri_of(self.graph))
        nodes = dict(_TERM_NODES)  # N-Triples text → NamedNode
        utf8: dict[str, bytes] = {}  # N-Triples text → UTF-8, each term encoded once
        tail = f" {self.graph} .\n".encode()
        out: list[Quad | None] = []
        lines: list[bytes] = []
        slots: list[int] = []
        for s, p, o in self._quads:
            if o[0] == "<":
                sn = nodes.get(s)
                if sn is None:
                    sn = nodes[s] = NamedNode(_iri_of(s))
                pn = nodes.get(p)
                if pn is None:
                    pn = nodes[p] = NamedNode(_iri_of(p))
                on = nodes.get(o)
                if on is None:
                    on = nodes[o] = NamedNode(_iri_of(o))
                out.append(Quad(sn, pn, on, graph))
                continue
            sb = utf8.get(s)
            if sb is None:
                sb = utf8[s] = s.encode()
            pb = utf8.get(p)
            if pb is None:
                pb = utf8[p] = p.encode()
            slots.append(len(out))
            out.append(None)
            lines.append(b"%s %s %s%s" % (sb, pb, o.encode(), tail))
        if lines:
            # the IRIs are those of kg.iris (always valid) and the literals well formed: no checks needed
            parsed = list(parse(b"".join(lines), format=RdfFormat.N_QUADS, lenient=True))
            if len(parsed) != len(lines):  # pragma: no cover - cannot happen
                raise RuntimeError("kg.rdf: the quads of a graph did not read back")
            for i, q in zip(slots, parsed):
                out[i] = q
        return out  # type: ignore[return-value]


@dataclass
class _UnitInfo:
    kinds: dict[str, None] = field(default_factory=dict)
    names: dict[str, None] = field(default_factory=dict)
    types: dict[str, None] = field(default_factory=dict)
    jurisdictions: dict[str, None] = field(default_factory=dict)
    levels: dict[str, None] = field(default_factory=dict)


def _base_name(name: str) -> str:
    return PureWindowsPath(name).name  # splits at / and \


class _PlanWriter:
    """Writes one plan into its document graph."""

    def __init__(self, plan: Plan, source: SourceDocument):
        self.plan = plan
        self.source = source
        self.out = _Quads(_node(iris.document_graph_iri(source.name)))
        self.doc = _node(iris.source_document_iri(source.name))
        self.plan_iri = _node(iris.plan_iri(source.name))
        self.units: dict[str, _UnitInfo] = {}
        self.levels: dict[str, str | None] = {}  # jurisdiction → level (first source wins)
        self.within: dict[str, str] = {}
        self.department_types: dict[str, None] = {}
        self.indicators: dict[str, None] = {}

    def write(self) -> _Quads:
        self._source_document()
        self._plan()
        self.chapter_iris: dict[Chapter, str] = {}
        for position, chapter in enumerate(self.plan.chapters, 1):
            self.chapter_iris[chapter] = self._chapter(chapter, position)
        task_position = 0
        project_tasks: dict[int, list[str]] = {}
        enterprise_iris = [_node(iris.enterprise_iri(self.source.name, k)) for k in range(1, len(self.plan.enterprises) + 1)]
        for action_position, action in enumerate(self.plan.actions, 1):
            action_iri = self._action(action, action_position)
            seen: dict[str, int] = {}
            for task in action.tasks:
                task_position += 1
                seen[task.number] = seen.get(task.number, 0) + 1
                task_iri = _node(iris.task_iri(self.source.name, action_position, task.number, seen[task.number]))
                self._task(task, task_iri, action_iri, task_position)
                for k in task.enterprises:
                    if 1 <= k <= len(enterprise_iris):
                        self.out.add(task_iri, _POL.concernsEnterprise, enterprise_iris[k - 1])
                for k in task.projects:
                    project_tasks.setdefault(k, []).append(task_iri)
        for position, project in enumerate(self.plan.projects, 1):
            self._project(project, position, project_tasks)
        for position, enterprise in enumerate(self.plan.enterprises, 1):
            self._enterprise(enterprise, enterprise_iris[position - 1], position)
        self._units()
        self._jurisdictions()
        self._department_types()
        self._indicators()
        return self.out

    # provenance

    def _derived(self, node: str, span: Span | None) -> None:
        self.out.add(node, _PROV.wasDerivedFrom, self.doc)
        if span is not None:
            self._span(node, span)

    def _span(self, node: str, span: Span) -> None:
        s = _node(iris.span_iri(_iri_of(node)))
        add = self.out.add
        add(node, _POL.span, s)
        add(s, _RDF.type, _POL.TextSpan)
        add(s, _OA.start, _integer(span.start))
        add(s, _OA.end, _integer(span.end))
        add(s, _OA.exact, _string(span.quote))
        add(s, _POL.line, _integer(span.line))
        add(s, _POL.endLine, _integer(span.end_line))

    def _source_document(self) -> None:
        add, doc = self.out.add, self.doc
        add(doc, _RDF.type, _POL.SourceDocument)
        add(doc, _POL.fileName, _string(_base_name(self.source.name)))
        add(doc, _POL.sha256, _string(self.source.sha256))
        add(doc, _POL.characters, _integer(self.source.characters))

    # plan

    def _plan(self) -> None:
        plan, p, out = self.plan, self.plan_iri, self.out
        out.add(p, _RDF.type, _POL.Plan)
        out.add(p, _DCTERMS.title, _string(plan.title))
        out.add(p, _POL.titleInferred, _boolean(plan.title_inferred))
        if plan.identifier:
            out.add(p, _DCTERMS.identifier, _string(plan.identifier))
        if plan.issued is not None:
            out.add(p, _DCTERMS.issued, _date(plan.issued))
        if plan.period_start is not None:
            out.add(p, _POL.periodStart, _integer(plan.period_start))
        if plan.period_end is not None:
            out.add(p, _POL.periodEnd, _integer(plan.period_end))
        self._plan_jurisdictions()
        if plan.jurisdiction:
            out.add(p, _POL.jurisdiction, _node(iris.jurisdiction_iri(plan.jurisdiction)))
        if plan.issuer:
            self._publisher(plan.issuer)
        for ref in plan.parents:
            r = _node(iris.plan_reference_iri(ref.title, ref.identifier))
            out.add(p, _POL.basedOn, r)
            out.add(r, _RDF.type, _POL.PlanReference)
            out.add(r, _DCTERMS.title, _string(ref.title))
            if ref.identifier:
                out.add(r, _DCTERMS.identifier, _string(ref.identifier))
        self._derived(p, plan.title_span)
        for k, target in enumerate(plan.targets, 1):
            self._target(p, target, k)

    def _plan_jurisdictions(self) -> None:
        plan = self.plan
        chain: list[tuple[int, str, str]] = []  # (rank, name, level), outermost first
        for level, name in plan.parent_jurisdictions.items():
            if name:
                chain.append((LEVEL_RANK.get(level, len(LEVEL_RANK)), name, level))
        chain.sort()
        if plan.jurisdiction:
            rank = LEVEL_RANK.get(plan.level, len(LEVEL_RANK)) if plan.level else len(LEVEL_RANK)
            chain = [c for c in chain if c[0] < rank and c[1] != plan.jurisdiction]
            self.levels[plan.jurisdiction] = plan.level
            chain.append((rank, plan.jurisdiction, plan.level or ""))
        for _, name, level in chain:
            self.levels.setdefault(name, level or None)
        for (_, outer, _), (_, inner, _) in zip(chain, chain[1:]):
            self.within.setdefault(inner, outer)

    def _publisher(self, issuer: str) -> None:
        plan = self.plan
        kind = "government" if issuer.endswith("人民政府") else "department"
        in_plan = bool(plan.jurisdiction) and issuer.startswith(plan.jurisdiction or "")
        self._note_unit(issuer, issuer, kind, None, plan.jurisdiction if in_plan else None,
                        plan.level if in_plan else None)
        self.out.add(self.plan_iri, _DCTERMS.publisher, _node(iris.unit_iri(issuer)))

    # actions and tasks

    def _part(self, node: str, link: str, kind: str, number: str, title: str, position: int) -> None:
        """A numbered, titled part of the plan (an action, a chapter): link, type, number, title,
        order."""
        out = self.out
        out.add(self.plan_iri, link, node)
        out.add(node, _RDF.type, kind)
        out.add(node, _SKOS.notation, _string(number))
        out.add(node, _DCTERMS.title, _string(title))
        out.add(node, _POL.order, _integer(position))
        out.add(node, _POL.partOfPlan, self.plan_iri)

    def _action(self, action: Action, position: int) -> str:
        a, out = _node(iris.action_iri(self.source.name, position)), self.out
        self._part(a, _POL.hasAction, _POL.Action, action.number, action.title, position)
        out.add(a, _POL.actionKind, _string(action.kind))
        if action.chapter is not None and action.chapter in self.chapter_iris:
            out.add(a, _POL.inChapter, self.chapter_iris[action.chapter])
        self._derived(a, action.span)
        return a

    # chapters, 专栏 projects, appendix enterprises (other layouts of the genre)

    def _chapter(self, chapter: Chapter, position: int) -> str:
        c = _node(iris.chapter_iri(self.source.name, position))
        self._part(c, _POL.hasChapter, _POL.Chapter, chapter.number, chapter.title, position)
        self._derived(c, chapter.span)
        return c

    def _project(self, project: Project, position: int, project_tasks: dict[int, list[str]]) -> None:
        p, out = _node(iris.project_iri(self.source.name, position)), self.out
        out.add(self.plan_iri, _POL.hasProject, p)
        out.add(p, _RDF.type, _POL.Project)
        out.add(p, _DCTERMS.title, _string(project.name))
        out.add(p, _POL.box, _string(project.box))
        if project.category:
            out.add(p, _POL.category, _string(project.category))
        out.add(p, _POL.order, _integer(position))
        out.add(p, _POL.partOfPlan, self.plan_iri)
        if project.chapter is not None and project.chapter in self.chapter_iris:
            out.add(p, _POL.inChapter, self.chapter_iris[project.chapter])
        for task_iri in project_tasks.get(position, ()):
            out.add(p, _POL.mentionedIn, task_iri)
        if project.place:
            out.add(p, _POL.jurisdiction, _node(iris.jurisdiction_iri(project.place)))
            if project.place != self.plan.jurisdiction and self.levels.get(project.place) is None:
                self.levels[project.place] = project.place_level
        self._derived(p, project.span)

    def _enterprise(self, enterprise: Enterprise, e: str, position: int) -> None:
        out = self.out
        out.add(self.plan_iri, _POL.listsEnterprise, e)
        out.add(e, _RDF.type, _POL.Enterprise)
        out.add(e, _SKOS.prefLabel, _string(enterprise.name))
        if enterprise.number:
            out.add(e, _SKOS.notation, _string(enterprise.number))
        if enterprise.county:
            out.add(e, _POL.county, _string(enterprise.county))
        if enterprise.township:
            out.add(e, _POL.township, _string(enterprise.township))
        if enterprise.industry:
            out.add(e, _POL.industry, _string(enterprise.industry))
        if enterprise.table:
            out.add(e, _POL.sourceTable, _string(enterprise.table))
        out.add(e, _POL.order, _integer(position))
        out.add(e, _POL.partOfPlan, self.plan_iri)
        self._derived(e, enterprise.span)

    def _task(self, task: Task, t: str, action_iri: str, position: int) -> None:
        out = self.out
        out.add(action_iri, _POL.hasTask, t)
        out.add(t, _RDF.type, _POL.Task)
        out.add(t, _SKOS.notation, _string(task.number))
        out.add(t, _DCTERMS.title, _string(task.title))
        out.add(t, _POL.text, _string(task.text))
        out.add(t, _POL.order, _integer(position))
        out.add(t, _POL.inAction, action_iri)
        out.add(t, _POL.partOfPlan, self.plan_iri)
        if task.note:
            out.add(t, _POL.responsibilityNote, _string(task.note))
        self._derived(t, task.span)
        for k, unit in enumerate(task.units, 1):
            self._responsibility(task, t, unit, k)
        for k, deadline in enumerate(task.deadlines, 1):
            self._deadline(t, deadline, k)
        for k, target in enumerate(task.targets, 1):
            self._target(t, target, k)

    def _responsibility(self, task: Task, t: str, unit: Unit, k: int) -> None:
        out = self.out
        r = _node(iris.responsibility_iri(_iri_of(t), k))
        u = _node(iris.unit_iri(unit.canonical))
        out.add(t, _POL.hasResponsibility, r)
        out.add(t, _ROLE_PROPERTIES[unit.role], u)
        out.add(r, _RDF.type, _POL.Responsibility)
        out.add(r, _POL.agent, u)
        out.add(r, _POL.role, _ROLE_CONCEPTS[unit.role])
        out.add(r, _POL.nameAsWritten, _string(unit.name))
        if unit.role_words:
            out.add(r, _POL.roleWords, _string(unit.role_words))
        out.add(r, _POL.joint, _boolean(unit.joint))
        out.add(r, _POL.declared, _boolean(unit.declared))
        out.add(r, _POL.order, _integer(k))
        # a declared unit comes from the standing declaration, not from this task's note
        self._derived(r, None if unit.declared else task.note_span)
        self._note_unit(unit.canonical, unit.name, unit.kind, unit.department_type,
                        unit.jurisdiction, unit.level)

    def _deadline(self, t: str, deadline: Deadline, k: int) -> None:
        out = self.out
        d = _node(iris.deadline_iri(_iri_of(t), k))
        out.add(t, _POL.hasDeadline, d)
        out.add(d, _RDF.type, _POL.Deadline)
        out.add(d, _POL.asWritten, _string(deadline.text))
        if deadline.date is not None:
            out.add(d, _TIME.inXSDDate, _date(deadline.date))
        if deadline.precision:
            out.add(d, _POL.precision, _string(deadline.precision))
        out.add(d, _POL.hedged, _boolean(deadline.hedged))
        out.add(d, _POL.inferred, _boolean(deadline.inferred))
        out.add(d, _POL.recurring, _boolean(deadline.recurring))
        out.add(d, _POL.order, _integer(k))
        self._derived(d, deadline.span)

    def _target(self, owner: str, target: Target, k: int) -> None:
        out = self.out
        g = _node(iris.target_iri(_iri_of(owner), k))
        out.add(owner, _POL.hasTarget, g)
        out.add(g, _RDF.type, _POL.Target)
        out.add(g, _POL.indicatorText, _string(target.indicator))
        if target.indicator_key:
            out.add(g, _POL.indicator, _node(iris.indicator_iri(target.indicator_key)))
            self.indicators.setdefault(target.indicator_key, None)
        if target.comparator:
            out.add(g, _POL.comparator, _string(target.comparator))
        if target.value is not None:
            out.add(g, _POL.value, _decimal(target.value))
        if target.value_text:
            out.add(g, _POL.valueText, _string(target.value_text))
        if target.unit:
            out.add(g, _POL.unit, _string(target.unit))
        if target.year is not None:
            out.add(g, _POL.targetYear, _integer(target.year))
        if target.baseline_value is not None:
            out.add(g, _POL.baselineValue, _decimal(target.baseline_value))
        if target.baseline_year is not None:
            out.add(g, _POL.baselineYear, _integer(target.baseline_year))
        if target.nature:
            out.add(g, _POL.nature, _string(target.nature))
        if target.scope:
            out.add(g, _POL.scope, _string(target.scope))
        out.add(g, _POL.hedged, _boolean(target.hedged))
        if target.text:
            out.add(g, _POL.asWritten, _string(target.text))
        out.add(g, _POL.order, _integer(k))
        self._derived(g, target.span)

    # units, jurisdictions, vocabulary concepts mentioned by the plan

    def _note_unit(self, canonical: str, name: str, kind: str, department_type: str | None,
                   jurisdiction: str | None, level: str | None) -> None:
        info = self.units.get(canonical)
        if info is None:
            info = self.units[canonical] = _UnitInfo()
        info.kinds.setdefault(kind, None)
        info.names.setdefault(name, None)
        if department_type:
            info.types.setdefault(department_type, None)
            self.department_types.setdefault(department_type, None)
        if jurisdiction:
            info.jurisdictions.setdefault(jurisdiction, None)
            # a department's or government's level is its jurisdiction's; a collective's is not
            # (各县区人民政府 of a city is county-level). What the plan says about a level wins.
            own_level = level if kind in ("department", "government") else None
            if self.levels.get(jurisdiction) is None:
                self.levels[jurisdiction] = own_level
        if level:
            info.levels.setdefault(level, None)

    def _units(self) -> None:
        out = self.out
        for canonical, info in self.units.items():
            u = _node(iris.unit_iri(canonical))
            out.add(u, _RDF.type, _POL.ResponsibleUnit)
            for kind in info.kinds:
                for klass in _KIND_CLASSES.get(kind, ()):
                    out.add(u, _RDF.type, klass)
            out.add(u, _SKOS.prefLabel, _string(canonical))
            for name in info.names:
                if name != canonical:  # SKOS: a label is never both preferred and alternative
                    out.add(u, _SKOS.altLabel, _string(name))
            for key in info.types:
                out.add(u, _POL.departmentType, _node(iris.department_type_iri(key)))
            for name in info.jurisdictions:
                out.add(u, _POL.jurisdiction, _node(iris.jurisdiction_iri(name)))
            for level in info.levels:
                out.add(u, _POL.level, _string(level))

    def _jurisdictions(self) -> None:
        out, plan = self.out, self.plan
        plan_rank = LEVEL_RANK.get(plan.level or "")
        for name, level in self.levels.items():
            j = _node(iris.jurisdiction_iri(name))
            out.add(j, _RDF.type, _POL.Jurisdiction)
            out.add(j, _RDFS.label, _string(name))
            if level:
                out.add(j, _POL.level, _string(level))
            outer = self.within.get(name)
            if (outer is None and plan.jurisdiction and name != plan.jurisdiction and level
                    and plan_rank is not None and LEVEL_RANK.get(level, -1) > plan_rank):
                outer = plan.jurisdiction  # a lower-level area named in a plan lies in the plan's area
            if outer:
                out.add(j, _POL.within, _node(iris.jurisdiction_iri(outer)))

    def _department_types(self) -> None:
        english = {t.standard_name: t.en for t in department_types()}
        for key in self.department_types:
            _describe_concept(self.out, _node(iris.department_type_iri(key)), _POL.DepartmentType,
                              _POL.DepartmentTypes, key, english.get(key))

    def _indicators(self) -> None:
        known = {row.key: row for row in indicator_vocabulary()}
        for key in self.indicators:
            row = known.get(key)
            _describe_concept(self.out, _node(iris.indicator_iri(key)), _POL.Indicator, _POL.Indicators, key,
                              row.en if row else None)


def _describe_concept(out: _Quads, node: str, klass: str, scheme: str, zh: str,
                      en: str | None, aliases: Iterable[str] = ()) -> None:
    out.add(node, _RDF.type, klass)
    out.add(node, _RDF.type, _SKOS.Concept)
    out.add(node, _SKOS.prefLabel, _lang(zh, "zh"))
    if en:
        out.add(node, _SKOS.prefLabel, _lang(en, "en"))
    for alias in aliases:
        if alias != zh:
            out.add(node, _SKOS.altLabel, _lang(alias, "zh"))
    out.add(node, _SKOS.inScheme, scheme)


def plan_quads(plan: Plan, source: SourceDocument) -> list[Quad]:
    """All quads of one document's graph (see the module doc for the conventions).

    ``ValueError`` when ``plan.document`` is not ``source``'s file; :class:`kg.errors.InputError`
    when the file's stem is a reserved graph name (``vocabulary``, ``ontology``).
    """
    return _writer(plan, source).list()


def plan_nquad_lines(plan: Plan, source: SourceDocument) -> list[str]:
    """The quads of :func:`plan_quads` as N-Quads lines, sorted (joined, what the build writes to
    ``graphs/<stem>.nq``), made without building a pyoxigraph term."""
    return _writer(plan, source).nquad_lines()


def _writer(plan: Plan, source: SourceDocument) -> _Quads:
    if _base_name(plan.document) != _base_name(source.name):
        raise ValueError(f"the plan is from {plan.document!r} but the source document is {source.name!r}")
    return _PlanWriter(plan, source).write()


# -- vocabularies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorEntry:
    """One row of ``ontology/vocab/indicators.csv``."""

    key: str
    en: str
    unit: str | None
    aliases: tuple[str, ...]


def indicator_vocabulary(path: Path | str = INDICATORS_CSV) -> tuple[IndicatorEntry, ...]:
    """The indicator vocabulary (``key,en,unit,aliases``; aliases separated by ``|``).

    Read here until :mod:`kg.vocab` offers it. An absent file gives no indicators; a malformed
    one raises :class:`OntologyError` naming the file and line. The file is parsed once per
    path, size and modification time (a build asks for it once per document).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ()
    return _indicator_vocabulary(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _indicator_vocabulary(path: str, size: int, mtime_ns: int) -> tuple[IndicatorEntry, ...]:
    """:func:`indicator_vocabulary` of ``path`` as it is at ``size`` and ``mtime_ns``."""
    try:
        text = open(path, encoding="utf-8-sig").read()
    except FileNotFoundError:
        return ()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != ["key", "en", "unit", "aliases"]:
        raise OntologyError("the first line must be the header 'key,en,unit,aliases'", path=str(path), line=1)
    rows: dict[str, IndicatorEntry] = {}
    for row in reader:
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 4 or not row[0].strip():
            raise OntologyError(f"expected 4 columns key,en,unit,aliases with a key: {','.join(row)!r}",
                                path=str(path), line=reader.line_num)
        key = row[0].strip()
        if key in rows:
            raise OntologyError(f"indicator {key!r} is listed twice", path=str(path), line=reader.line_num)
        aliases = tuple(dict.fromkeys(a.strip() for a in row[3].split("|") if a.strip() and a.strip() != key))
        rows[key] = IndicatorEntry(key, row[1].strip(), row[2].strip() or None, aliases)
    return tuple(rows.values())


def vocabulary_quads() -> list[Quad]:
    """The vocabulary graph: the role concepts (as the ontology declares them), every department
    type (zh and en labels, aliases) and every indicator (zh and en labels, aliases, usual unit)."""
    out = _Quads(str(iris.VOCABULARY_GRAPH))
    ontology = ontology_quads()
    role_facts = (RDF.type, SKOS.prefLabel, SKOS.notation, SKOS.inScheme)
    for scheme in (POL.Roles, POL.DepartmentTypes, POL.Indicators):
        out.add(str(scheme), _RDF.type, _SKOS.ConceptScheme)
        for q in ontology:
            if q.subject == scheme and q.predicate == SKOS.prefLabel:
                out.add(str(scheme), _SKOS.prefLabel, str(q.object))  # pyoxigraph's own N-Triples text
    for role in ROLE_CONCEPTS.values():
        out.add(str(role), _RDF.type, _SKOS.Concept)
        for q in ontology:
            if q.subject == role and q.predicate in role_facts and q.object != OWL.NamedIndividual:
                out.add(str(role), str(q.predicate), str(q.object))
    for dtype in department_types():
        _describe_concept(out, _node(iris.department_type_iri(dtype.standard_name)), _POL.DepartmentType,
                          _POL.DepartmentTypes, dtype.standard_name, dtype.en, dtype.aliases)
    for row in indicator_vocabulary():
        node = _node(iris.indicator_iri(row.key))
        _describe_concept(out, node, _POL.Indicator, _POL.Indicators, row.key, row.en, row.aliases)
        if row.unit:
            out.add(node, _POL.unit, _string(row.unit))
    return out.list()


def ontology_quads(path: Path | str = ONTOLOGY_FILE) -> list[Quad]:
    """``ontology/policykg.ttl`` in the ontology graph, in file order."""
    try:
        triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    except FileNotFoundError as exc:
        raise OntologyError("the ontology file is missing; restore it from the repository", path=str(path)) from exc
    except SyntaxError as exc:
        raise OntologyError(f"the ontology does not parse: {exc}", path=str(path)) from exc
    return [Quad(t.subject, t.predicate, t.object, iris.ONTOLOGY_GRAPH) for t in triples]
