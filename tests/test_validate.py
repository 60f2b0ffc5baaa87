"""kg.validate: the SHACL shapes accept the sample plan and reject broken graphs readably."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from kg import iris
from kg.errors import InputError, OntologyError
from kg.rdf import plan_quads, vocabulary_quads
from kg.terms import DCTERMS, OA, POL, TIME, to_rdflib, uri
from kg.validate import validate
from rdf_sample import DOCUMENT, sample_plan, sample_source

T1, T2 = iris.task(DOCUMENT, 1, "1"), iris.task(DOCUMENT, 1, "2")


def sample_quads() -> list[ox.Quad]:
    return plan_quads(sample_plan(), sample_source()) + vocabulary_quads()


def to_graph(quads) -> rdflib.Graph:
    g = rdflib.Graph()
    for q in quads:
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def without(quads, subject, predicate) -> list[ox.Quad]:
    kept = [q for q in quads if not (q.subject == subject and q.predicate == predicate)]
    assert len(kept) < len(quads), "nothing removed"
    return kept


@pytest.fixture(scope="module")
def good_report():
    return validate(to_graph(sample_quads()))


def test_the_sample_plan_conforms(good_report):
    assert good_report.conforms, good_report.text
    assert good_report.violations == 0 and good_report.warnings == 0
    assert good_report.text.startswith("SHACL validation: conforms")


def test_a_broken_graph_fails_with_a_readable_report():
    quads = sample_quads()
    deadline = iris.deadline(T1, 2)  # 到2025年: dated, not recurring
    responsibility = iris.responsibility(T2, 1)
    quads = without(quads, T1, DCTERMS.title)
    quads = without(quads, deadline, TIME.inXSDDate)
    quads = without(quads, responsibility, POL.role)
    report = validate(to_graph(quads))
    assert not report.conforms
    assert report.violations == 3, report.text
    assert report.warnings == 0
    lines = report.text.splitlines()
    assert lines[0] == "SHACL validation: does not conform — 3 violations, 0 warnings"

    def line_for(node):
        found = [line for line in lines[1:] if f"<{node.value}>" in line]
        assert len(found) == 1, report.text
        return found[0]

    assert "dcterms:title" in line_for(T1) and "任务必须有且只有一个非空标题" in line_for(T1)
    assert "A task needs exactly one non-empty title" in line_for(T1)
    assert "neither a date (time:inXSDDate) nor pol:recurring true" in line_for(deadline)
    assert "pol:role" in line_for(responsibility)
    assert "pol:LeadRole, pol:SupportRole or pol:ImplementRole" in line_for(responsibility)
    assert all(line.startswith("Violation: ") for line in lines[1:])
    findings = {f.focus: f for f in report.findings}
    assert findings[T1.value].path == "dcterms:title"
    assert findings[T1.value].shape == "<https://w3id.org/policykg/shapes#TaskTitle>"


def test_a_task_without_units_is_only_a_warning():
    plan = sample_plan()
    plan.actions[0].tasks[0].units = []
    report = validate(to_graph(plan_quads(plan, sample_source()) + vocabulary_quads()))
    assert report.conforms, report.text
    assert (report.violations, report.warnings) == (0, 1)
    assert f"Warning: <{T1.value}> pol:hasResponsibility: 任务没有任何责任单位" in report.text


@pytest.mark.parametrize("break_it,message", [
    (lambda g: g.set((uri(iris.responsibility(T1, 1)), uri(POL.role), uri(POL.Plan))),
     "A responsibility needs exactly one role"),
    (lambda g: g.add((uri(iris.responsibility(T1, 1)), uri(POL.role), uri(POL.SupportRole))),
     "A responsibility needs exactly one role"),
    (lambda g: g.set((uri(iris.span(T1)), uri(OA.start), rdflib.Literal(10 ** 6))),
     "less than its end"),
    (lambda g: g.set((uri(iris.span(T1)), uri(OA.start), rdflib.Literal("3"))),
     "non-negative integer start"),
    (lambda g: g.remove((uri(iris.span(T1)), uri(OA.exact), None)), "non-empty quote"),
    (lambda g: g.add((uri(iris.plan(DOCUMENT)), uri(DCTERMS.title), rdflib.Literal("第二个标题"))),
     "A plan needs exactly one non-empty title"),
    (lambda g: g.set((uri(iris.deadline(T1, 2)), uri(TIME.inXSDDate), rdflib.Literal("2025年"))),
     "is at most one xsd:date"),
    (lambda g: g.remove((uri(iris.target(T1, 1)), uri(POL.indicatorText), None)),
     "exactly one indicator text"),
    (lambda g: (g.remove((uri(iris.target(T1, 1)), uri(POL.value), None)),
                g.remove((uri(iris.target(T1, 1)), uri(POL.valueText), None))),
     "neither a value (pol:value) nor a value text"),
    (lambda g: g.remove((uri(iris.unit("南阳市生态环境局")), rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None)),
     "exactly one canonical name"),
    (lambda g: g.remove((uri(iris.action(DOCUMENT, 1)), uri(POL.partOfPlan), None)),
     "An action must belong to exactly one plan"),
    (lambda g: g.set((uri(T1), uri(POL.partOfPlan), uri(iris.plan("other.txt")))),
     "任务所属方案与其专项行动所属方案不同 / The task's plan is not the plan of its action"),
    (lambda g: g.remove((uri(iris.plan(DOCUMENT)), rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)),
     "exactly one source document"),
    (lambda g: g.set((uri(iris.deadline(T1, 2)), uri(POL.precision), rdflib.Literal("week"))),
     "is day, month or year"),
])
def test_each_rule_catches_its_break(break_it, message):
    g = to_graph(sample_quads())
    break_it(g)
    report = validate(g)
    assert not report.conforms
    assert message in report.text, report.text


def test_sh_class_sees_subclasses_through_rdfs_inference():
    g = to_graph(sample_quads())
    tongbai = uri(iris.unit("桐柏县人民政府"))
    g.remove((tongbai, rdflib.RDF.type, None))
    g.add((tongbai, rdflib.RDF.type, uri(POL.Government)))  # only the most specific class
    report = validate(g)
    assert report.conforms, report.text


def test_dataset_graph_and_file_inputs_agree(tmp_path):
    quads = without(sample_quads(), T1, DCTERMS.title)
    path = tmp_path / "graph.nq"
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    for q in quads:
        dataset.graph(to_rdflib(q.graph_name)).add(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    reports = [validate(path), validate(str(path)), validate(dataset), validate(to_graph(quads))]
    assert {(r.conforms, r.violations, r.warnings) for r in reports} == {(False, 1, 0)}
    assert len({r.text for r in reports}) == 1


def test_literal_datatypes_survive_file_loading(tmp_path):
    path = tmp_path / "graph.nq"
    ox.serialize(sample_quads(), str(path), format=ox.RdfFormat.N_QUADS)
    assert validate(path).conforms


def test_missing_inputs_raise_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such graph file"):
        validate(tmp_path / "missing.nq")
    (tmp_path / "x.unknown").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file type"):
        validate(tmp_path / "x.unknown")
    with pytest.raises(OntologyError, match="SHACL shapes file is missing"):
        validate(rdflib.Graph(), shapes=tmp_path / "none.ttl")
    (tmp_path / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(OntologyError, match="does not parse"):
        validate(rdflib.Graph(), shapes=tmp_path / "broken.ttl")


def test_empty_graph_conforms():
    report = validate(rdflib.Graph())
    assert report.conforms and report.violations == 0

