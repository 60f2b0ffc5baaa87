"""kg.iris: the instance IRI scheme, IRI-safe segments, and that different inputs never meet."""

from __future__ import annotations

from urllib.parse import unquote

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import iris
from kg.errors import InputError

ID = "https://w3id.org/policykg/id/"
DOC = "nanyang-2023-ecology-3yr-plan.txt"


def test_the_documented_scheme():
    assert iris.document_graph(DOC).value == ID + "graph/nanyang-2023-ecology-3yr-plan"
    assert iris.source_document(DOC).value == ID + "document/nanyang-2023-ecology-3yr-plan"
    plan = iris.plan(DOC)
    assert plan.value == ID + "plan/nanyang-2023-ecology-3yr-plan"
    assert iris.action(DOC, 2).value == plan.value + "/action/2"
    task = iris.task(DOC, 2, "5")
    assert task.value == plan.value + "/task/2.5"
    assert iris.responsibility(task, 1).value == task.value + "/responsibility/1"
    assert iris.deadline(task, 3).value == task.value + "/deadline/3"
    assert iris.target(task, 1).value == task.value + "/target/1"
    assert iris.target(plan, 2).value == plan.value + "/target/2"
    assert iris.span(task).value == task.value + "/span"
    assert iris.unit("南阳市生态环境局").value == ID + "unit/南阳市生态环境局"
    assert iris.jurisdiction("南阳市").value == ID + "jurisdiction/南阳市"
    assert iris.department_type("生态环境局").value == ID + "department-type/生态环境局"
    assert iris.indicator("优良天数比例").value == ID + "indicator/优良天数比例"
    assert iris.VOCABULARY_GRAPH.value == ID + "graph/vocabulary"
    assert iris.ONTOLOGY_GRAPH.value == ID + "graph/ontology"


def test_plan_reference_by_identifier_else_title():
    by_id = iris.plan_reference("河南省…行动计划", "豫政办〔2023〕33号")
    assert by_id.value == ID + "plan-ref/豫政办%E3%80%942023%E3%80%9533号"
    assert by_id == iris.plan_reference("另一种写法的标题", "豫政办〔2023〕33号")  # one node per 文号
    assert iris.plan_reference("南阳市2024年蓝天保卫战实施方案").value == ID + "plan-ref/南阳市2024年蓝天保卫战实施方案"


def test_document_key_is_the_file_stem():
    assert iris.document_key("a/b/x.txt") == "x"
    assert iris.document_key("C:\\docs\\x.txt") == "x"
    assert iris.document_key("x.tar.gz") == "x.tar"
    assert iris.document_key("noext") == "noext"
    assert iris.document_key(".hidden") == ".hidden"
    assert iris.plan("x.txt") == iris.plan("folder/x.txt")


@pytest.mark.parametrize("name", ["vocabulary.txt", "ontology.html", "dir/ontology"])
def test_reserved_document_names_are_refused(name):
    with pytest.raises(InputError, match="rename"):
        iris.document_graph(name)


def test_empty_inputs_are_refused():
    with pytest.raises(ValueError):
        iris.unit("")
    with pytest.raises(InputError):
        iris.plan(".txt/")


@pytest.mark.parametrize("text,expected", [
    ("生态环境局", "生态环境局"),
    ("abc-XYZ_0.9", "abc-XYZ_0.9"),
    ("a b", "a%20b"),
    ("a/b", "a%2Fb"),
    ("100%", "100%25"),
    ("（市、区）", "%EF%BC%88市%E3%80%81区%EF%BC%89"),
    ("〔2023〕", "%E3%80%942023%E3%80%95"),
    ("a#b?c", "a%23b%3Fc"),
    (".", "%2E"),
    ("..", "%2E%2E"),
    ("~", "%7E"),
    ("Ⅲ类", "%E2%85%A2类"),  # Ⅲ is a number (Nl), not a letter or decimal digit
])
def test_segment(text, expected):
    assert iris.segment(text) == expected


def test_positions_are_1_based_ints():
    task = iris.task(DOC, 1, "1")
    for bad in (0, -1, True, 1.0, "1"):
        with pytest.raises(ValueError):
            iris.responsibility(task, bad)
        with pytest.raises(ValueError):
            iris.action(DOC, bad)


def test_children_only_of_policykg_iris():
    with pytest.raises(ValueError):
        iris.span(ox.NamedNode("http://example.org/x"))


def test_repeated_task_numbers_get_distinct_iris():
    first, second = iris.task(DOC, 1, "3"), iris.task(DOC, 1, "3", occurrence=2)
    assert first != second
    assert second.value.endswith("/task/1.3~2")
    # no number written in a source can give the "~2" form: ~ is percent-encoded in a segment
    assert iris.task(DOC, 1, "3~2") != second


TRICKY = ["a", "a.b", "a/b", "a%2Fb", "a%252Fb", "a b", "a%20b", ".", "..", "%2E", "1.2", "1", "2",
          "1.2.3", "（一）", "(一)", "一", "3~2", "3", "~", "%7E", "南阳市", "南阳市 ", " 南阳市", "Ａ", "A"]


def test_tricky_inputs_never_collide_within_or_across_kinds():
    minted: dict[str, tuple] = {}

    def mint(node, *key):
        assert node.value not in minted, f"{key} and {minted.get(node.value)} both gave {node.value}"
        minted[node.value] = key

    for text in TRICKY:
        doc = text + ".txt"
        mint(iris.unit(text), "unit", text)
        mint(iris.jurisdiction(text), "jurisdiction", text)
        mint(iris.department_type(text), "department type", text)
        mint(iris.indicator(text), "indicator", text)
        mint(iris.plan_reference(text), "plan-ref", text)
        try:
            iris.document_key(doc)
        except InputError:
            continue
        mint(iris.plan(doc), "plan", doc)
        mint(iris.document_graph(doc), "graph", doc)
        mint(iris.source_document(doc), "document", doc)
        for i in (1, 2):
            mint(iris.action(doc, i), "action", doc, i)
            for number in TRICKY:
                t = iris.task(doc, i, number)
                mint(t, "task", doc, i, number)
                mint(iris.span(t), "span", doc, i, number)
    mint(iris.VOCABULARY_GRAPH, "vocabulary graph")
    mint(iris.ONTOLOGY_GRAPH, "ontology graph")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_segment_is_injective_and_decodable(a, b):
    sa, sb = iris.segment(a), iris.segment(b)
    assert unquote(sa, errors="strict") == a
    assert "/" not in sa and "#" not in sa and "?" not in sa
    if a != b:
        assert sa != sb


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_every_minted_iri_is_valid_for_oxigraph_and_rdflib(text):
    for node in (iris.unit(text), iris.jurisdiction(text), iris.task(DOC, 1, text)):
        # pyoxigraph validates IRIs (RFC 3987) when it parses one
        parsed = list(ox.parse(f"<{node.value}> <{node.value}> <{node.value}> .", format=ox.RdfFormat.N_TRIPLES))
        assert parsed[0].subject == node
        assert rdflib.URIRef(node.value).n3() == f"<{node.value}>"
