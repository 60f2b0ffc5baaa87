"""kg.rdf: records → quads, on the hand-built sample plan (tests/rdf_sample.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import iris
from kg.rdf import (SourceDocument, decimal_lexical, indicator_vocabulary, ontology_quads, plan_quads,
                    vocabulary_quads)
from kg.records import Task, Unit
from kg.terms import DCTERMS, OA, OWL, POL, PROV, RDF, RDFS, SKOS, TIME, XSD, declared_terms
from rdf_sample import DOCUMENT, TEXT, sample_plan, sample_source

PLAN = iris.plan(DOCUMENT)
A1, A2 = iris.action(DOCUMENT, 1), iris.action(DOCUMENT, 2)
T1, T2, T3 = iris.task(DOCUMENT, 1, "1"), iris.task(DOCUMENT, 1, "2"), iris.task(DOCUMENT, 2, "3")
ECOLOGY = iris.unit("南阳市生态环境局")
COLLECTIVE = iris.unit("南阳市各县（市、区）政府（管委会）")
TONGBAI = iris.unit("桐柏县人民政府")
POWER = iris.unit("南召供电公司")


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    return plan_quads(sample_plan(), sample_source())


@pytest.fixture(scope="module")
def store(quads) -> ox.Store:
    s = ox.Store()
    s.extend(quads)
    return s


def objects(quads, s, p) -> list:
    return [q.object for q in quads if q.subject == s and q.predicate == p]


def one(quads, s, p):
    found = objects(quads, s, p)
    assert len(found) == 1, (s, p, found)
    return found[0]


def lit(value: str, datatype=XSD.string) -> ox.Literal:
    return ox.Literal(value, datatype=datatype)


def types(quads, s) -> set:
    return set(objects(quads, s, RDF.type))


def test_everything_is_in_the_document_graph_without_blank_nodes(quads):
    graph = iris.document_graph(DOCUMENT)
    assert quads and all(q.graph_name == graph for q in quads)
    assert not [q for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    assert len(set(quads)) == len(quads)


def test_deterministic(quads):
    again = plan_quads(sample_plan(), sample_source())
    assert again == quads  # same order too
    nq = lambda qs: "".join(sorted(f"{q} .\n" for q in qs))  # noqa: E731
    assert nq(again) == nq(quads)
    assert ox.serialize(again, format=ox.RdfFormat.N_QUADS) == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_source_document(quads):
    doc = iris.source_document(DOCUMENT)
    assert types(quads, doc) == {POL.SourceDocument}
    assert one(quads, doc, POL.fileName) == lit(DOCUMENT)
    assert one(quads, doc, POL.sha256) == lit(sample_source().sha256)
    assert one(quads, doc, POL.characters) == lit(str(len(TEXT)), XSD.integer)


def test_plan_metadata(quads):
    assert types(quads, PLAN) == {POL.Plan}
    assert one(quads, PLAN, DCTERMS.title) == lit("南阳市推动生态环境质量稳定向好三年行动实施方案（2023—2025年）")
    assert one(quads, PLAN, DCTERMS.identifier) == lit("宛政办〔2023〕32号")
    assert one(quads, PLAN, DCTERMS.issued) == lit("2023-09-14", XSD.date)
    assert one(quads, PLAN, POL.periodStart) == lit("2023", XSD.integer)
    assert one(quads, PLAN, POL.periodEnd) == lit("2025", XSD.integer)
    assert one(quads, PLAN, POL.titleInferred) == lit("false", XSD.boolean)
    assert one(quads, PLAN, PROV.wasDerivedFrom) == iris.source_document(DOCUMENT)
    assert one(quads, PLAN, POL.jurisdiction) == iris.jurisdiction("南阳市")
    publisher = one(quads, PLAN, DCTERMS.publisher)
    assert publisher == iris.unit("南阳市人民政府办公室")
    assert POL.Department in types(quads, publisher)
    assert one(quads, publisher, SKOS.prefLabel) == lit("南阳市人民政府办公室")


def test_parent_plan_reference(quads):
    ref = one(quads, PLAN, POL.basedOn)
    assert ref == iris.plan_reference("河南省推动生态环境质量稳定向好三年行动计划（2023—2025年）", "豫政办〔2023〕33号")
    assert types(quads, ref) == {POL.PlanReference}
    assert one(quads, ref, DCTERMS.identifier) == lit("豫政办〔2023〕33号")
    assert objects(quads, ref, PROV.wasDerivedFrom) == []  # shared by every document citing it


def test_actions_and_tasks_are_linked_both_ways(quads):
    assert objects(quads, PLAN, POL.hasAction) == [A1, A2]
    assert objects(quads, A1, POL.hasTask) == [T1, T2]
    assert objects(quads, A2, POL.hasTask) == [T3]
    for action, number, order in ((A1, "一", 1), (A2, "二", 2)):
        assert types(quads, action) == {POL.Action}
        assert one(quads, action, SKOS.notation) == lit(number)
        assert one(quads, action, POL.order) == lit(str(order), XSD.integer)
        assert one(quads, action, POL.partOfPlan) == PLAN
    for task, action, number, order in ((T1, A1, "1", 1), (T2, A1, "2", 2), (T3, A2, "3", 3)):
        assert types(quads, task) == {POL.Task}
        assert one(quads, task, POL.inAction) == action
        assert one(quads, task, POL.partOfPlan) == PLAN
        assert one(quads, task, SKOS.notation) == lit(number)
        assert one(quads, task, POL.order) == lit(str(order), XSD.integer)
        assert one(quads, task, PROV.wasDerivedFrom) == iris.source_document(DOCUMENT)
    assert one(quads, T1, DCTERMS.title) == lit("推进空气质量排名进位")
    assert one(quads, T1, POL.text).value.startswith("推进空气质量排名进位。逐年")
    assert one(quads, T1, POL.responsibilityNote) == lit("市生态环境局牵头，各县（市、区）政府（管委会）负责落实")


def test_spans_quote_the_source_text(quads):
    spans = [q.subject for q in quads if q.predicate == RDF.type and q.object == POL.TextSpan]
    assert len(spans) >= 10
    for s in spans:
        start, end = int(one(quads, s, OA.start).value), int(one(quads, s, OA.end).value)
        assert one(quads, s, OA.start).datatype == XSD.integer
        assert TEXT[start:end] == one(quads, s, OA.exact).value
        assert int(one(quads, s, POL.line).value) == TEXT.count("\n", 0, start) + 1
        assert int(one(quads, s, POL.endLine).value) >= int(one(quads, s, POL.line).value)
    assert one(quads, T1, POL.span) == iris.span(T1)
    assert one(quads, iris.span(T1), OA.exact).value.startswith("1.推进空气质量排名进位")


def test_responsibilities_and_shortcuts(quads):
    assert objects(quads, T1, POL.ledBy) == [ECOLOGY]
    assert objects(quads, T1, POL.implementedBy) == [COLLECTIVE]
    assert objects(quads, T2, POL.ledBy) == [iris.unit("南阳市发展和改革委员会"), iris.unit("南阳市交通运输局")]
    assert objects(quads, T2, POL.implementedBy) == [TONGBAI]
    assert objects(quads, T3, POL.supportedBy) == [POWER]
    assert objects(quads, T3, POL.implementedBy) == [ECOLOGY]

    r = iris.responsibility(T2, 1)
    assert objects(quads, T2, POL.hasResponsibility) == [r, iris.responsibility(T2, 2), iris.responsibility(T2, 3)]
    assert types(quads, r) == {POL.Responsibility}
    assert one(quads, r, POL.agent) == iris.unit("南阳市发展和改革委员会")
    assert one(quads, r, POL.role) == POL.LeadRole
    assert one(quads, r, POL.nameAsWritten) == lit("市发展改革委")
    assert one(quads, r, POL.roleWords) == lit("按职责分工负责")
    assert one(quads, r, POL.joint) == lit("true", XSD.boolean)
    assert one(quads, r, POL.declared) == lit("false", XSD.boolean)
    assert one(quads, r, POL.order) == lit("1", XSD.integer)
    assert one(quads, iris.span(r), OA.exact) == lit("市发展改革委、交通运输局按职责分工负责，桐柏县政府负责落实")
    assert one(quads, iris.responsibility(T3, 1), POL.role) == POL.SupportRole
    assert one(quads, iris.responsibility(T1, 2), POL.role) == POL.ImplementRole


def test_a_declared_unit_has_no_note_span_and_no_role_words(quads):
    declared = iris.responsibility(T3, 2)
    assert one(quads, declared, POL.declared) == lit("true", XSD.boolean)
    assert objects(quads, declared, POL.span) == []
    assert objects(quads, declared, POL.roleWords) == []
    assert one(quads, declared, PROV.wasDerivedFrom) == iris.source_document(DOCUMENT)


def test_units_are_described_once_with_their_kinds(quads):
    assert types(quads, ECOLOGY) == {POL.ResponsibleUnit, POL.Department}
    assert types(quads, COLLECTIVE) == {POL.ResponsibleUnit, POL.CollectiveUnit}
    assert types(quads, TONGBAI) == {POL.ResponsibleUnit, POL.Department, POL.Government}
    assert types(quads, POWER) == {POL.ResponsibleUnit, POL.ExternalOrganization}
    assert one(quads, ECOLOGY, SKOS.prefLabel) == lit("南阳市生态环境局")
    assert objects(quads, ECOLOGY, SKOS.altLabel) == [lit("市生态环境局")]
    assert objects(quads, POWER, SKOS.altLabel) == []  # written as its canonical name
    assert one(quads, ECOLOGY, POL.departmentType) == iris.department_type("生态环境局")
    assert one(quads, ECOLOGY, POL.jurisdiction) == iris.jurisdiction("南阳市")
    assert one(quads, ECOLOGY, POL.level) == lit("city")
    assert one(quads, TONGBAI, POL.jurisdiction) == iris.jurisdiction("桐柏县")
    assert objects(quads, POWER, POL.jurisdiction) == []


def test_jurisdictions_nest(quads):
    nanyang, henan, tongbai = (iris.jurisdiction(n) for n in ("南阳市", "河南省", "桐柏县"))
    for node, name, level in ((nanyang, "南阳市", "city"), (henan, "河南省", "province"), (tongbai, "桐柏县", "county")):
        assert types(quads, node) == {POL.Jurisdiction}
        assert one(quads, node, RDFS.label) == lit(name)
        assert one(quads, node, POL.level) == lit(level)
    assert one(quads, nanyang, POL.within) == henan
    assert one(quads, tongbai, POL.within) == nanyang  # a county named in a city plan
    assert objects(quads, henan, POL.within) == []


def test_a_collective_does_not_give_its_level_to_its_jurisdiction(quads):
    plan = sample_plan()
    plan.level = None
    plan.parent_jurisdictions = {}
    qs = plan_quads(plan, sample_source())
    # 南阳市 gets "city" from its departments, not "county" from 各县（市、区）政府 (first mentioned)
    assert one(qs, iris.jurisdiction("南阳市"), POL.level) == lit("city")


def test_deadlines(quads):
    recurring, dated = iris.deadline(T1, 1), iris.deadline(T1, 2)
    assert objects(quads, T1, POL.hasDeadline) == [recurring, dated]
    assert types(quads, recurring) == {POL.Deadline}
    assert one(quads, recurring, POL.asWritten) == lit("逐年")
    assert one(quads, recurring, POL.recurring) == lit("true", XSD.boolean)
    assert objects(quads, recurring, TIME.inXSDDate) == []
    assert objects(quads, recurring, POL.precision) == []
    assert one(quads, dated, TIME.inXSDDate) == lit("2025-12-31", XSD.date)
    assert one(quads, dated, POL.precision) == lit("year")
    assert one(quads, dated, POL.recurring) == lit("false", XSD.boolean)
    assert one(quads, dated, POL.order) == lit("2", XSD.integer)
    hedged = iris.deadline(T2, 1)
    assert one(quads, hedged, TIME.inXSDDate) == lit("2024-06-30", XSD.date)
    assert one(quads, hedged, POL.precision) == lit("month")
    assert one(quads, hedged, POL.hedged) == lit("true", XSD.boolean)
    inferred = iris.deadline(T3, 1)
    assert one(quads, inferred, POL.inferred) == lit("true", XSD.boolean)
    assert one(quads, iris.span(inferred), OA.exact) == lit("年底前")


def test_targets(quads):
    plan_target = iris.target(PLAN, 1)
    assert objects(quads, PLAN, POL.hasTarget) == [plan_target]
    assert one(quads, plan_target, POL.comparator) == lit("<=")
    assert one(quads, plan_target, POL.value) == lit("35", XSD.decimal)
    target = iris.target(T1, 1)
    assert objects(quads, T1, POL.hasTarget) == [target]
    assert types(quads, target) == {POL.Target}
    assert one(quads, target, POL.indicatorText) == lit("空气质量优良天数比例")
    assert one(quads, target, POL.indicator) == iris.indicator("优良天数比例")
    assert one(quads, target, POL.value) == lit("76.5", XSD.decimal)  # 76.50 in the record
    assert one(quads, target, POL.valueText) == lit("76.5")
    assert one(quads, target, POL.unit) == lit("%")
    assert one(quads, target, POL.targetYear) == lit("2025", XSD.integer)
    assert one(quads, target, POL.nature) == lit("约束性")
    assert one(quads, target, POL.scope) == lit("南阳市")
    assert one(quads, target, POL.hedged) == lit("false", XSD.boolean)
    textual = iris.target(T3, 1)
    assert one(quads, textual, POL.valueText) == lit("基本消除")
    assert objects(quads, textual, POL.value) == []
    assert objects(quads, textual, POL.comparator) == []


def test_vocabulary_concepts_mentioned_are_described_in_the_document_graph(quads):
    dtype = iris.department_type("生态环境局")
    assert types(quads, dtype) == {POL.DepartmentType, SKOS.Concept}
    assert set(objects(quads, dtype, SKOS.prefLabel)) == {
        ox.Literal("生态环境局", language="zh"), ox.Literal("Bureau of Ecology and Environment", language="en")}
    assert one(quads, dtype, SKOS.inScheme) == POL.DepartmentTypes
    indicator = iris.indicator("优良天数比例")
    assert types(quads, indicator) == {POL.Indicator, SKOS.Concept}
    assert ox.Literal("优良天数比例", language="zh") in objects(quads, indicator, SKOS.prefLabel)
    assert one(quads, indicator, SKOS.inScheme) == POL.Indicators


def test_the_document_graph_is_self_contained(quads):
    typed = {q.subject for q in quads if q.predicate == RDF.type}
    referenced = {q.object for q in quads if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(iris.BASE)}
    assert referenced - typed == set()


def test_only_declared_terms_are_used(quads):
    allowed = declared_terms() | {RDF.type, RDFS.label}
    used = {q.predicate for q in quads} | {q.object for q in quads if q.predicate == RDF.type}
    assert used - allowed == set()


def test_language_tags_only_on_vocabulary_labels(quads):
    tagged = [q for q in quads if isinstance(q.object, ox.Literal) and q.object.language]
    assert tagged
    for q in tagged:
        assert q.predicate in (SKOS.prefLabel, SKOS.altLabel)
        assert types(quads, q.subject) & {POL.DepartmentType, POL.Indicator}
    for q in quads:
        if q.predicate in (DCTERMS.title, POL.text, OA.exact, POL.asWritten, POL.nameAsWritten):
            assert q.object.datatype == XSD.string and not q.object.language


def test_duplicate_task_numbers_in_one_action_stay_apart():
    plan = sample_plan()
    first = plan.actions[0].tasks[0]
    plan.actions[0].tasks.append(Task(number=first.number, title="重复编号的任务", text="重复编号的任务。",
                                      span=first.span))
    qs = plan_quads(plan, sample_source())
    tasks = [q.subject for q in qs if q.predicate == RDF.type and q.object == POL.Task]
    assert len(tasks) == 4 and len(set(tasks)) == 4
    assert iris.task(DOCUMENT, 1, "1", occurrence=2) in tasks


def test_an_empty_plan_still_has_its_metadata_and_provenance():
    plan = sample_plan()
    plan.actions, plan.targets, plan.parents, plan.issuer, plan.jurisdiction = [], [], [], None, None
    plan.parent_jurisdictions = {}
    qs = plan_quads(plan, sample_source())
    assert one(qs, PLAN, RDF.type) == POL.Plan
    assert objects(qs, PLAN, POL.jurisdiction) == []
    assert not [q for q in qs if q.object == POL.Jurisdiction]


def test_the_source_must_be_the_plans_document():
    with pytest.raises(ValueError, match="source document"):
        plan_quads(sample_plan(), SourceDocument("other.txt", "0" * 64, 1))
    assert plan_quads(sample_plan(), SourceDocument("some/dir/" + DOCUMENT, "0" * 64, 1))


@pytest.mark.parametrize("value,text", [
    (Decimal("76.50"), "76.5"), (Decimal("35"), "35"), (Decimal("1E+2"), "100"), (Decimal("0.00"), "0"),
    (Decimal("-0"), "0"), (Decimal("0.05"), "0.05"), (Decimal("-2.50"), "-2.5"), (Decimal("1.5E-3"), "0.0015"),
])
def test_decimal_lexical(value, text):
    assert decimal_lexical(value) == text


def test_decimal_refuses_nan():
    with pytest.raises(ValueError):
        decimal_lexical(Decimal("NaN"))


def test_unknown_unit_kind_still_typed_as_responsible_unit():
    plan = sample_plan()
    plan.actions[0].tasks[0].units = [Unit(role="lead", name="某单位", canonical="某单位", kind="department")]
    qs = plan_quads(plan, sample_source())
    assert POL.ResponsibleUnit in types(qs, iris.unit("某单位"))


# -- vocabulary and ontology graphs ----------------------------------------------------------


def test_vocabulary_graph():
    from kg.vocab import department_types

    qs = vocabulary_quads()
    assert qs == vocabulary_quads()
    assert all(q.graph_name == iris.VOCABULARY_GRAPH for q in qs)
    assert not [q for q in qs if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    for dtype in department_types():
        node = iris.department_type(dtype.standard_name)
        assert types(qs, node) == {POL.DepartmentType, SKOS.Concept}
        assert set(objects(qs, node, SKOS.prefLabel)) == {ox.Literal(dtype.standard_name, language="zh"),
                                                          ox.Literal(dtype.en, language="en")}
        assert set(objects(qs, node, SKOS.altLabel)) == {ox.Literal(a, language="zh") for a in dtype.aliases}
    for role, code in ((POL.LeadRole, "lead"), (POL.SupportRole, "support"), (POL.ImplementRole, "implement")):
        assert types(qs, role) == {POL.Role, SKOS.Concept}
        assert one(qs, role, SKOS.notation) == lit(code)
        assert one(qs, role, SKOS.inScheme) == POL.Roles
        assert {label.language for label in objects(qs, role, SKOS.prefLabel)} == {"zh", "en"}
        assert OWL.NamedIndividual not in types(qs, role)
    rows = indicator_vocabulary()
    assert rows, "ontology/vocab/indicators.csv is bundled"
    for row in rows:
        node = iris.indicator(row.key)
        assert types(qs, node) == {POL.Indicator, SKOS.Concept}
        assert ox.Literal(row.en, language="en") in objects(qs, node, SKOS.prefLabel)
        if row.unit:
            assert one(qs, node, POL.unit) == lit(row.unit)


def test_indicator_csv_errors_name_the_line(tmp_path):
    from kg.errors import OntologyError

    bad = tmp_path / "indicators.csv"
    bad.write_text("key,en,unit,aliases\nA,a,%,\nA,b,%,\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        indicator_vocabulary(bad)
    assert info.value.line == 3
    bad.write_text("key,en\n", encoding="utf-8")
    with pytest.raises(OntologyError):
        indicator_vocabulary(bad)
    assert indicator_vocabulary(tmp_path / "missing.csv") == ()


def test_ontology_graph():
    qs = ontology_quads()
    assert all(q.graph_name == iris.ONTOLOGY_GRAPH for q in qs)
    assert ox.Quad(POL.Task, RDF.type, OWL.Class, iris.ONTOLOGY_GRAPH) in qs
    assert qs == ontology_quads()


def test_the_flat_task_export_queries_read_this_graph(store):
    """The contract with kg.tasks (DESIGN.md §6): its SPARQL finds what plan_quads writes."""
    from kg import tasks

    rows = list(store.query(tasks.TASKS, use_default_graph_as_union=True))
    assert {r["task"] for r in rows} == {T1, T2, T3}
    row = next(r for r in rows if r["task"] == T1)
    assert row["document"].value == DOCUMENT
    assert row["jurisdiction"].value == "南阳市"
    assert row["action"].value == "一" and row["number"].value == "1"
    units = {(r["task"], r["role"], r["canonical"].value, r["name"].value) for r in store.query(tasks.UNITS, use_default_graph_as_union=True)}
    assert (T2, POL.ImplementRole, "桐柏县人民政府", "桐柏县政府") in units
    deadlines = {(r["task"], r["text"].value) for r in store.query(tasks.DEADLINES, use_default_graph_as_union=True)}
    assert (T1, "逐年") in deadlines and (T2, "2024年6月底前") in deadlines


def test_dates_are_xsd_dates_not_datetimes(quads):
    for q in quads:
        if q.predicate in (TIME.inXSDDate, DCTERMS.issued):
            assert q.object.datatype == XSD.date
            dt.date.fromisoformat(q.object.value)


# -- a graph's quads are read from N-Quads text (literals) or made of NamedNodes (nodes only) ----

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg import rdf as _rdf  # noqa: E402

_G, _S, _P = iris.document_graph("x.txt"), iris.plan("x.txt"), DCTERMS.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), st.text(alphabet='\\"\n\r\t\x00 a中\u2028\U0001F600', max_size=12))
def test_literal_quads_are_those_of_pyoxigraph_literals(text, special):
    out = _rdf._Quads(str(_G))
    expected: list[ox.Quad] = []
    for t in (text, special, text + special):
        out.add(str(_S), str(_P), _rdf._string(t))
        out.add(str(_S), str(SKOS.prefLabel), _rdf._lang(t, "zh"))
        expected += [ox.Quad(_S, _P, ox.Literal(t), _G), ox.Quad(_S, SKOS.prefLabel, ox.Literal(t, language="zh"), _G)]
    expected = list(dict.fromkeys(expected))  # without repeats, each at its first place
    assert out.list() == expected
    assert [str(q) for q in out.list()] == [str(q) for q in expected]
    # the build's N-Quads text is pyoxigraph's own, line for line (C0 controls, DEL, \u2028 included)
    assert out.nquad_lines() == sorted(f"{q} .\n" for q in expected)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000, exclude_categories=("Cs",)), max_size=30))
def test_literal_texts_are_pyoxigraphs(text):
    assert _rdf._string(text) == str(ox.Literal(text))
    assert _rdf._lang(text, "en") == str(ox.Literal(text, language="en"))


def test_typed_literals_nodes_and_order_without_repeats():
    out = _rdf._Quads(str(_G))
    unit = iris.unit("南阳市生态环境局")
    out.add(str(_S), str(POL.order), _rdf._integer(3))
    out.add(str(_S), str(POL.hedged), _rdf._boolean(False))
    out.add(str(_S), str(RDF.type), str(POL.Plan))
    out.add(str(_S), str(DCTERMS.issued), _rdf._date(dt.date(2024, 5, 1)))
    out.add(str(_S), str(POL.value), _rdf._decimal(Decimal("76.50")))
    out.add(str(_S), str(DCTERMS.publisher), _rdf._node(iris.unit_iri("南阳市生态环境局")))
    out.add(str(_S), str(POL.order), _rdf._integer(3))  # a repeat keeps its first place
    assert out.list() == [
        ox.Quad(_S, POL.order, ox.Literal("3", datatype=XSD.integer), _G),
        ox.Quad(_S, POL.hedged, ox.Literal("false", datatype=XSD.boolean), _G),
        ox.Quad(_S, RDF.type, POL.Plan, _G),
        ox.Quad(_S, DCTERMS.issued, ox.Literal("2024-05-01", datatype=XSD.date), _G),
        ox.Quad(_S, POL.value, ox.Literal("76.5", datatype=XSD.decimal), _G),
        ox.Quad(_S, DCTERMS.publisher, unit, _G),
    ]


def test_a_text_pyoxigraph_refuses_fails_as_before():
    with pytest.raises(ValueError):
        _rdf._string("a\ud800b")
    with pytest.raises(ValueError):
        _rdf._string(None)  # type: ignore[arg-type]


def test_node_iris_are_those_of_the_named_nodes():
    task = iris.task("a/x.txt", 2, "3.1", 2)
    assert iris.task_iri("a/x.txt", 2, "3.1", 2) == task.value
    assert iris.span_iri(task.value) == iris.span(task).value
    assert iris.responsibility_iri(task.value, 3) == iris.responsibility(task, 3).value
    assert iris.unit_iri("南阳市（市）局") == iris.unit("南阳市（市）局").value
    with pytest.raises(ValueError):
        iris.span_iri("http://example.org/x")


def test_plan_nquad_lines_are_the_text_of_plan_quads(quads):
    from kg.rdf import plan_nquad_lines

    text = "".join(plan_nquad_lines(sample_plan(), sample_source()))
    assert text == "".join(sorted(f"{q} .\n" for q in quads))
    assert list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)) == sorted(quads, key=lambda q: f"{q} .\n")


@pytest.mark.parametrize("path", sorted(p for p in (Path(__file__).parent.parent / "data" / "corpus").iterdir()
                                        if p.suffix != ".md"), ids=lambda p: p.name[:40])
def test_plan_nquad_lines_of_the_bundled_documents(path):
    """Real documents: every line is the one pyoxigraph writes for the quad it reads back to."""
    from kg.documents import load
    from kg.extract import extract
    from kg.rdf import plan_nquad_lines

    doc = load(path)
    plan, _ = extract(doc)
    source = SourceDocument(doc.name, doc.sha256, len(doc.text))
    text = "".join(plan_nquad_lines(plan, source))
    assert text == "".join(sorted(f"{q} .\n" for q in plan_quads(plan, source)))
    assert text.count("\n") > 1000
