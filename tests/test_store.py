"""kg.store: the on-disk store of a build, or (read_into_memory) a copy of it in memory."""

from __future__ import annotations

import shutil

import pytest

from conftest import unordered
from kg.errors import QueryError
from kg.queries import LocalEngine, run_saved, saved_queries
from kg.store import UnionStore, open_store, read_into_memory
from kg.store_writer import memory_union


def test_the_memory_union_is_the_disk_store(built_graph):
    from kg.build import quad_files

    disk = open_store(built_graph)
    memory = memory_union(quad_files(built_graph))
    assert set(memory) == set(disk) and len(memory) > 20_000


def test_read_into_memory_answers_every_saved_query_as_the_disk_store(built_graph, tmp_path):
    copy = tmp_path / "graph"
    shutil.copytree(built_graph, copy)
    disk = {name: run_saved(name, {}, LocalEngine.of(copy))[0] for name in saved_queries()}
    triples = read_into_memory(copy)
    store = open_store(copy)
    assert triples == len(store) == len(open_store(built_graph))
    shutil.rmtree(copy / "store")  # answers from memory: the on-disk store is not needed any more
    # (without store/ and without memory the folder's N-Quads would be read into named graphs)
    assert isinstance(open_store(copy), UnionStore)
    for name, expected in disk.items():
        got, _ = run_saved(name, {}, LocalEngine.of(copy))
        assert got.columns == expected.columns and unordered(got) == unordered(expected), name
    with pytest.raises(QueryError, match="union"):
        LocalEngine.of(copy).select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")


def test_read_into_memory_reads_a_rebuilt_graph_again(tmp_path):
    from kg.build import DEFAULT_CORPUS, build

    corpus = sorted(DEFAULT_CORPUS.glob("*.txt"))
    out = tmp_path / "graph"
    build(corpus[:1], out_dir=out)
    first = read_into_memory(out)
    build(corpus[:2], out_dir=out)
    shutil.rmtree(out / "store")
    store = open_store(out)
    assert isinstance(store, UnionStore) and len(store) > first
