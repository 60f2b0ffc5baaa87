"""kg.store_writer: the store holds the union of the graphs, each triple once; shared triples leave
it only with the last graph holding them."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.iris import BASE
from kg.store_writer import UnionLoader, read_refs, split_lines, union_parts, update_union

POL = "https://w3id.org/policykg/ontology#"


def graph(key: str, *triples: tuple[str, str, str]) -> bytes:
    """A document's graph file: N-Quads in graph id:graph/<key>, lines sorted."""
    lines = sorted(f"{s} {p} {o} <{BASE}graph/{key}> .\n" for s, p, o in triples)
    return "".join(lines).encode("utf-8")


def own(key: str, local: str) -> str:
    return f"<{BASE}plan/{key}{local}>"


UNIT = f"<{BASE}unit/南阳市生态环境局>"
LABEL = (UNIT, "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"南阳市生态环境局"')
A = graph("a", (own("a", ""), f"<{POL}title>", '"甲方案"'), (own("a", "/task/1.1"), f"<{POL}ledBy>", UNIT),
          (f"<{BASE}document/a>", f"<{POL}fileName>", '"a.txt"'), LABEL)
B = graph("b", (own("b", "/task/1.1"), f"<{POL}ledBy>", UNIT), LABEL,
          (f"<{BASE}unit/驻马店市财政局>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"驻马店市财政局"'))


def triples(path: Path) -> set[str]:
    store = ox.Store.read_only(str(path))
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.quads_for_pattern(None, None, None)}


def test_split_lines_keeps_own_and_shared_lines_apart_sorted_or_not():
    own_lines, shared = split_lines(A)
    assert own_lines.decode().count("\n") == 3 and f"<{BASE}graph/a>" not in own_lines.decode()
    assert [line.decode() for line in shared] == [f"{' '.join(LABEL)} .\n"]
    lines = A.splitlines(keepends=True)
    random.Random(2).shuffle(lines)
    own2, shared2 = split_lines(b"".join(lines))
    assert sorted(own2.splitlines()) == sorted(own_lines.splitlines()) and shared2 == shared
    assert split_lines(b"") == (b"", [])


@pytest.mark.parametrize("nquads", [A, B, b""], ids=["a", "b", "empty"])
def test_the_workers_parts_are_the_split_of_the_file(nquads):
    """union_parts (in the build's workers, from the lines) gives what split_lines gives from the file."""
    lines = nquads.decode().splitlines(keepends=True)
    key = "a" if nquads is A else "b"
    own_lines, shared = union_parts(lines, f"<{BASE}graph/{key}>")
    expected_own, expected_shared = split_lines(nquads)
    assert own_lines == expected_own and shared.splitlines(keepends=True) == expected_shared


def test_the_workers_parts_of_a_built_document(tmp_path):
    """Real document: the store loaded from the workers' parts equals the store of its file."""
    from kg.build import _extract_one
    from kg.iris import document_graph_iri

    (tmp_path / "graphs").mkdir()
    (tmp_path / "texts").mkdir()
    corpus = Path(__file__).parent.parent / "data" / "corpus"
    result = _extract_one((0, str(corpus / "nanyang-2023-ecology-3yr-plan.txt"), str(tmp_path), False))
    nquads = (tmp_path / "graphs" / "nanyang-2023-ecology-3yr-plan.nq").read_bytes()
    assert result.union is not None and len(result.union[0]) > 100_000
    lines = nquads.decode().splitlines(keepends=True)
    own_lines, shared = union_parts(lines, f"<{document_graph_iri('nanyang-2023-ecology-3yr-plan.txt')}>")
    assert (own_lines, shared) == result.union
    assert (own_lines, shared.splitlines(keepends=True)) == split_lines(nquads)


def test_a_shared_triple_leaves_with_the_last_graph_holding_it(tmp_path):
    loader = UnionLoader(tmp_path / "s0", tmp_path / "r0")
    loader.add(A)
    loader.add(B)
    loader.close()
    label = " ".join(LABEL)
    assert label in triples(tmp_path / "s0")
    assert read_refs(tmp_path / "r0")[f"{label} .\n".encode()] == 2
    # b goes: the label stays (a holds it), b's own triples and its other unit go
    update_union(tmp_path / "s0", tmp_path / "r0", tmp_path / "s1", tmp_path / "r1", [(B, b"")])
    after = triples(tmp_path / "s1")
    assert label in after and not any("/plan/b" in t or "驻马店市财政局" in t for t in after)
    assert after == {t[:-2] for t in split_lines(A)[0].decode().splitlines()} | {label}
    # a changes and no longer names the unit: the label goes too
    a2 = graph("a", (own("a", ""), f"<{POL}title>", '"甲方案（修订）"'))
    update_union(tmp_path / "s1", tmp_path / "r1", tmp_path / "s2", tmp_path / "r2", [(A, a2)])
    assert triples(tmp_path / "s2") == {f'{own("a", "")} <{POL}title> "甲方案（修订）"'}
    assert read_refs(tmp_path / "r2") == {}
    # b comes back
    update_union(tmp_path / "s2", tmp_path / "r2", tmp_path / "s3", tmp_path / "r3", [(b"", B)])
    assert label in triples(tmp_path / "s3") and read_refs(tmp_path / "r3")[f"{label} .\n".encode()] == 1


def test_updating_without_the_counts_of_the_previous_build_fails_cleanly(tmp_path):
    loader = UnionLoader(tmp_path / "s0", tmp_path / "r0")
    loader.add(A)
    loader.close()
    with pytest.raises(OSError):
        update_union(tmp_path / "s0", tmp_path / "missing", tmp_path / "s1", tmp_path / "r1", [(A, b"")])
