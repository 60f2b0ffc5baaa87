"""The ontology (ontology/policykg.ttl), the shapes file, and their agreement with kg.terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL as ROWL, RDF as RRDF, RDFS as RRDFS, SH

from kg import terms
from kg.terms import (DCTERMS, OA, ORG, ONTOLOGY_FILE, ONTOLOGY_IRI, POL, PROV, SHAPES_FILE, SKOS,
                      TIME, uri)

RXSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: pytest probes attributes
DECLARATION_TYPES = (ROWL.Class, ROWL.ObjectProperty, ROWL.DatatypeProperty, ROWL.AnnotationProperty,
                     ROWL.NamedIndividual, ROWL.Ontology)
DECLARED_PREFIXES = tuple(ns.NS for ns in terms.DECLARED_NAMESPACES)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return g


def declared(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for t in DECLARATION_TYPES for s in g.subjects(RRDF.type, t) if isinstance(s, rdflib.URIRef)}


def langs(g: rdflib.Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, rdflib.Literal) and o.language and str(o).strip()}


def test_ontology_parses_in_both_libraries_without_blank_nodes(onto):
    assert len(onto) > 500
    assert not [t for t in onto if any(isinstance(x, rdflib.BNode) for x in t)]
    oxi = list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    assert len(oxi) == len(onto)


def test_header_has_version_and_dcterms_metadata(onto):
    o = uri(ONTOLOGY_IRI)
    assert (o, RRDF.type, ROWL.Ontology) in onto
    assert onto.value(o, ROWL.versionInfo) is not None
    assert str(onto.value(o, ROWL.versionIRI)).startswith(str(o) + "/")
    assert langs(onto, o, uri(DCTERMS.title)) == {"zh", "en"}
    assert langs(onto, o, uri(DCTERMS.description)) == {"zh", "en"}
    for p in (DCTERMS.creator, DCTERMS.license, DCTERMS.issued, DCTERMS.modified):
        assert onto.value(o, uri(p)) is not None, p
    assert onto.value(o, uri(DCTERMS.modified)).datatype == RXSD.date


def test_every_class_property_and_individual_has_zh_and_en_label_and_comment(onto):
    missing = []
    for s in sorted(declared(onto)):
        for p in (RRDFS.label, RRDFS.comment):
            if langs(onto, s, p) != {"zh", "en"}:
                missing.append(f"{s} {p}: {sorted(langs(onto, s, p))}")
    assert not missing, "\n".join(missing)


def test_terms_module_and_ontology_declare_the_same_terms(onto):
    in_ttl = {str(s) for s in declared(onto) if str(s).startswith(DECLARED_PREFIXES) or s == uri(ONTOLOGY_IRI)}
    in_code = {t.value for t in terms.declared_terms()}
    assert in_code - in_ttl == set(), "in kg/terms.py but not declared in policykg.ttl"
    assert in_ttl - in_code == set(), "declared in policykg.ttl but missing from kg/terms.py"


def test_every_pol_iri_used_in_the_ontology_is_declared(onto):
    used = {str(x) for t in onto for x in t if isinstance(x, rdflib.URIRef) and str(x).startswith(POL.NS)}
    assert used - {str(s) for s in declared(onto)} == set()


def test_constants_are_named_after_their_local_name():
    for namespace in (*terms.DECLARED_NAMESPACES, *terms.BUILTIN_NAMESPACES):
        for name, term in namespace.terms().items():
            assert term.value == namespace.NS + name
        with pytest.raises(KeyError):
            namespace.term("NoSuchTerm")


def test_rdflib_conversion_of_terms():
    assert uri(POL.Task) == rdflib.URIRef("https://w3id.org/policykg/ontology#Task")
    assert terms.to_rdflib(ox.Literal("x")) == rdflib.Literal("x")
    assert terms.to_rdflib(ox.Literal("x")).datatype is None
    assert terms.to_rdflib(ox.Literal("x", language="zh")) == rdflib.Literal("x", lang="zh")
    assert terms.to_rdflib(ox.Literal("1", datatype=terms.XSD.integer)) == rdflib.Literal(1)
    with pytest.raises(TypeError):
        terms.to_rdflib("not a term")


SUBCLASSES = [
    (POL.Plan, PROV.Plan), (POL.Action, PROV.Plan), (POL.PlanReference, PROV.Plan),
    (POL.Deadline, TIME.Instant), (POL.ResponsibleUnit, ORG.Organization), (POL.ResponsibleUnit, PROV.Agent),
    (POL.Department, POL.ResponsibleUnit), (POL.Government, POL.Department),
    (POL.CollectiveUnit, POL.ResponsibleUnit), (POL.ExternalOrganization, POL.ResponsibleUnit),
    (POL.Role, SKOS.Concept), (POL.Role, PROV.Role), (POL.DepartmentType, SKOS.Concept),
    (POL.Indicator, SKOS.Concept), (POL.Jurisdiction, DCTERMS.Location), (POL.SourceDocument, PROV.Entity),
    (POL.TextSpan, OA.TextPositionSelector), (POL.TextSpan, OA.TextQuoteSelector),
]
SUBPROPERTIES = [
    (POL.hasAction, DCTERMS.hasPart), (POL.hasTask, DCTERMS.hasPart), (POL.partOfPlan, DCTERMS.isPartOf),
    (POL.inAction, DCTERMS.isPartOf), (POL.ledBy, POL.responsibleUnit), (POL.supportedBy, POL.responsibleUnit),
    (POL.implementedBy, POL.responsibleUnit), (POL.agent, PROV.agent), (POL.role, PROV.hadRole),
    (POL.basedOn, DCTERMS.relation), (POL.span, OA.hasSelector),
]


@pytest.mark.parametrize("sub,sup", SUBCLASSES, ids=lambda t: terms.compact(t.value))
def test_class_alignment(onto, sub, sup):
    assert (uri(sub), RRDFS.subClassOf, uri(sup)) in onto


@pytest.mark.parametrize("sub,sup", SUBPROPERTIES, ids=lambda t: terms.compact(t.value))
def test_property_alignment(onto, sub, sup):
    assert (uri(sub), RRDFS.subPropertyOf, uri(sup)) in onto


def test_main_classes_are_pairwise_disjoint(onto):
    main = [POL.Plan, POL.Action, POL.Task, POL.Target, POL.Deadline, POL.Responsibility,
            POL.ResponsibleUnit, POL.Role, POL.DepartmentType, POL.Indicator, POL.Jurisdiction,
            POL.SourceDocument, POL.TextSpan]
    for i, a in enumerate(main):
        for b in main[i + 1:]:
            assert ((uri(a), ROWL.disjointWith, uri(b)) in onto
                    or (uri(b), ROWL.disjointWith, uri(a)) in onto), (a, b)
    # a referenced plan may turn out to be a plan of the corpus: not disjoint
    assert (uri(POL.Plan), ROWL.disjointWith, uri(POL.PlanReference)) not in onto


def test_datatype_property_ranges(onto):
    expected = {POL.order: RXSD.integer, POL.value: RXSD.decimal, POL.baselineValue: RXSD.decimal,
                POL.targetYear: RXSD.integer, POL.periodStart: RXSD.integer, POL.hedged: RXSD.boolean,
                POL.recurring: RXSD.boolean, POL.characters: RXSD.integer, POL.text: RXSD.string}
    for prop, datatype in expected.items():
        assert onto.value(uri(prop), RRDFS.range) == datatype, prop


def test_domains_and_ranges_name_declared_classes_or_datatypes(onto):
    classes = set(onto.subjects(RRDF.type, ROWL.Class))
    for p in (RRDFS.domain, RRDFS.range):
        for s, o in onto.subject_objects(p):
            assert o in classes or str(o).startswith(str(RXSD)), (s, p, o)


def test_role_concepts_form_a_scheme(onto):
    for role, code in ((POL.LeadRole, "lead"), (POL.SupportRole, "support"), (POL.ImplementRole, "implement")):
        r = uri(role)
        assert (r, RRDF.type, uri(POL.Role)) in onto
        assert (r, uri(SKOS.inScheme), uri(POL.Roles)) in onto
        assert str(onto.value(r, uri(SKOS.notation))) == code
        assert langs(onto, r, uri(SKOS.prefLabel)) == {"zh", "en"}
    assert (uri(POL.Roles), RRDF.type, uri(SKOS.ConceptScheme)) in onto


# -- the SHACL shapes file -------------------------------------------------------------------

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)


def test_shapes_parse_without_blank_nodes(shapes):
    assert len(shapes) > 100
    assert not [t for t in shapes if any(isinstance(x, rdflib.BNode) for x in t)]


def test_every_shape_has_a_zh_and_en_message(shapes):
    all_shapes = {s for t in SHAPE_TYPES for s in shapes.subjects(RRDF.type, t)}
    assert len(all_shapes) > 40
    missing = [s for s in all_shapes if langs(shapes, s, SH.message) != {"zh", "en"}]
    assert not missing


def test_every_property_shape_is_used_by_a_node_shape(shapes):
    used = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    defined = set(shapes.subjects(RRDF.type, SH.PropertyShape)) | set(shapes.subjects(RRDF.type, SH.SPARQLConstraint))
    assert defined == used


def test_shapes_only_name_terms_of_the_ontology(shapes, onto):
    known = {str(s) for s in declared(onto)} | {str(RRDFS.label)}
    named = set()
    for p in (SH.targetClass, SH["class"], SH.path, SH.lessThan, SH.lessThanOrEquals):
        named |= {str(o) for o in shapes.objects(None, p)}
    assert named - known == set()


def test_the_shapes_cover_the_required_checks(shapes):
    def has(target, path, **facets):
        for node in shapes.subjects(SH.targetClass, uri(target)):
            for prop in shapes.objects(node, SH.property):
                if shapes.value(prop, SH.path) == uri(path) and all(
                        shapes.value(prop, SH[k]) == v for k, v in facets.items()):
                    return True
        return False

    one = {"minCount": rdflib.Literal(1), "maxCount": rdflib.Literal(1)}
    assert has(POL.Plan, DCTERMS.title, **one)
    assert has(POL.Plan, PROV.wasDerivedFrom, minCount=rdflib.Literal(1))
    assert has(POL.Action, SKOS.notation, **one) and has(POL.Action, DCTERMS.title, **one)
    assert has(POL.Action, POL.partOfPlan, **one)
    for p in (SKOS.notation, DCTERMS.title, POL.text, POL.span, POL.inAction, POL.partOfPlan):
        assert has(POL.Task, p, **one), p
    assert has(POL.Task, POL.hasResponsibility, minCount=rdflib.Literal(1), severity=SH.Warning)
    assert has(POL.Responsibility, POL.agent, **one) and has(POL.Responsibility, POL.role, **one)
    assert has(POL.Deadline, POL.asWritten, minCount=rdflib.Literal(1))
    assert has(POL.TextSpan, OA.start, datatype=RXSD.integer, lessThan=uri(OA.end))
    assert has(POL.TextSpan, OA.exact, minCount=rdflib.Literal(1))
    assert has(POL.ResponsibleUnit, SKOS.prefLabel, **one)
    assert has(POL.Target, POL.indicatorText, minCount=rdflib.Literal(1))
