"""kg.reason: HermiT (owlready2) consistency of the ontology with data, and the RDF/XML ontology."""

from __future__ import annotations

import shutil

import owlready2
import pyoxigraph as ox
import pytest

from kg import iris
from kg.errors import InputError, OntologyError
from kg.rdf import plan_quads, vocabulary_quads
from kg.reason import check_consistency, ontology_rdfxml
from kg.terms import ONTOLOGY_FILE, POL, RDF, XSD
from rdf_sample import DOCUMENT, sample_plan, sample_source

needs_java = pytest.mark.skipif(shutil.which(owlready2.JAVA_EXE) is None, reason="HermiT needs Java")
T1 = iris.task(DOCUMENT, 1, "1")


def write(tmp_path, quads, name="data.nq"):
    path = tmp_path / name
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.N_TRIPLES)
    return path


@needs_java
def test_the_ontology_alone_is_consistent():
    result = check_consistency(ONTOLOGY_FILE)
    assert result.consistent, result.message
    assert result.message.startswith("consistent")
    assert result.seconds > 0


@needs_java
def test_the_sample_plan_is_consistent_with_the_ontology(tmp_path):
    data = write(tmp_path, plan_quads(sample_plan(), sample_source()) + vocabulary_quads())
    result = check_consistency(ONTOLOGY_FILE, data)
    assert result.consistent, result.message


@needs_java
def test_n_triples_data_works_too(tmp_path):
    quads = plan_quads(sample_plan(), sample_source())
    data = write(tmp_path, [ox.Triple(q.subject, q.predicate, q.object) for q in quads], "data.nt")
    assert check_consistency(ONTOLOGY_FILE, data).consistent


@needs_java
def test_a_node_both_task_and_plan_is_inconsistent(tmp_path):
    quads = plan_quads(sample_plan(), sample_source())
    quads.append(ox.Quad(T1, RDF.type, POL.Plan, iris.document_graph(DOCUMENT)))
    result = check_consistency(ONTOLOGY_FILE, write(tmp_path, quads))
    assert not result.consistent
    assert result.message.startswith("inconsistent")
    assert f"<{T1.value}> is both pol:Plan and pol:Task, which are disjoint" in result.message


@needs_java
def test_a_range_clash_is_inconsistent_and_explained(tmp_path):
    # pol:hasTask's range is pol:Task; a unit in that place would be a task and a unit at once
    unit = iris.unit("南阳市生态环境局")
    quads = plan_quads(sample_plan(), sample_source())
    quads.append(ox.Quad(iris.action(DOCUMENT, 1), POL.hasTask, unit, iris.document_graph(DOCUMENT)))
    result = check_consistency(ONTOLOGY_FILE, write(tmp_path, quads))
    assert not result.consistent
    assert f"<{unit.value}> is both" in result.message


@needs_java
def test_two_values_of_a_functional_property_are_inconsistent(tmp_path):
    quads = plan_quads(sample_plan(), sample_source())
    quads.append(ox.Quad(T1, POL.order, ox.Literal("99", datatype=XSD.integer), iris.document_graph(DOCUMENT)))
    result = check_consistency(ONTOLOGY_FILE, write(tmp_path, quads))
    assert not result.consistent
    assert f"<{T1.value}> has two different values of the functional property pol:order" in result.message


def test_missing_java_is_a_clear_ontology_error(tmp_path, monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(tmp_path / "no-java-here"))
    with pytest.raises(OntologyError, match="HermiT needs Java"):
        check_consistency(ONTOLOGY_FILE)


def test_missing_or_broken_files(tmp_path):
    with pytest.raises(OntologyError, match="does not exist"):
        check_consistency(tmp_path / "none.ttl")
    with pytest.raises(InputError, match="does not exist"):
        check_consistency(ONTOLOGY_FILE, tmp_path / "none.nq")
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not parse"):
        check_consistency(ONTOLOGY_FILE, bad)


def test_ontology_rdfxml_is_deterministic_and_equivalent(tmp_path):
    first = ontology_rdfxml(tmp_path / "a" / "ontology.owl")
    second = ontology_rdfxml(tmp_path / "b" / "ontology.owl")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"<?xml")
    ttl = set(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    xml = set(ox.parse(path=str(first), format=ox.RdfFormat.RDF_XML))
    assert xml == ttl


def test_owlready2_reads_the_rdfxml_ontology(tmp_path):
    path = ontology_rdfxml(tmp_path / "ontology.owl")
    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load()
        task = world[POL.Task.value]
        plan = world[POL.Plan.value]
        assert isinstance(task, owlready2.ThingClass) and isinstance(plan, owlready2.ThingClass)
        assert any(plan in d.entities for d in task.disjoints())
        assert isinstance(world[POL.hasTask.value], owlready2.ObjectPropertyClass)
        assert isinstance(world[POL.order.value], owlready2.DataPropertyClass)
        assert world[POL.Department.value] in world[POL.Government.value].is_a
        lead = world[POL.LeadRole.value]
        assert world[POL.Role.value] in lead.is_a
    finally:
        world.close()
