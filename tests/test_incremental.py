"""Incremental rebuilds: only new and changed documents are extracted, their named graphs replaced
(in the N-Quads and the TriG) and their triples in the on-disk store (the union of the graphs),
removed documents disappear, and the result is byte-identical to a full build of the same
documents, with a store holding exactly the union of the graphs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.build import GRAPHS, NQUADS, STORE, TEXTS, TRIG, build
from kg.store import open_store, select
from kg.synth import generate

FILES = (NQUADS, TRIG, "ontology.owl", "manifest.json", "shared.nq", "store-refs.tsv")
TITLES = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?title WHERE { ?t a pol:Task ; dcterms:title ?title }"""


@pytest.fixture()
def docs(tmp_path) -> Path:
    generate(10, tmp_path / "synth", seed=3)
    return tmp_path / "synth" / "docs"


def _same_files(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for sub in (GRAPHS, TEXTS):
        names = sorted(p.name for p in (a / sub).iterdir())
        assert names == sorted(p.name for p in (b / sub).iterdir())
        assert all((a / sub / n).read_bytes() == (b / sub / n).read_bytes() for n in names)


def _union_is_exact(graph: Path) -> None:
    """The store holds the union of the named graphs, each triple once, and nothing else."""
    lines = (graph / NQUADS).read_text(encoding="utf-8").splitlines()
    distinct = {line[:line.rindex(" <")] + " ." for line in lines}
    assert len(distinct) < len(lines)  # units and types are described in several documents' graphs
    store = open_store(graph)
    assert {f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None)} == distinct


def test_unchanged_rebuild_extracts_nothing_and_writes_the_same_files(docs, tmp_path):
    out = tmp_path / "graph"
    first = build([docs], out)
    copy = tmp_path / "first"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(STORE))
    again = build([docs], out)
    assert (first.extracted, first.reused) == (10, 0)
    assert (again.extracted, again.reused, again.removed) == (0, 10, 0)
    assert again.triples == first.triples and again.tasks == first.tasks
    _same_files(out, copy)
    _union_is_exact(out)
    _union_is_exact(out)


def test_unchanged_rebuild_leaves_the_output_untouched(docs, tmp_path):
    out = tmp_path / "graph"
    first = build([docs], out)
    before = {f: (out / f).stat() for f in FILES}
    again = build([docs], out)
    assert again.documents == first.documents and again.departments == first.departments
    for f, st in before.items():  # not rewritten: same inode, same modification time
        assert ((out / f).stat().st_ino, (out / f).stat().st_mtime_ns) == (st.st_ino, st.st_mtime_ns), f
    assert not list(tmp_path.glob(".graph.*"))  # no temporary folder left behind


def test_a_renamed_document_is_not_taken_for_an_unchanged_build(docs, tmp_path):
    out = tmp_path / "graph"
    build([docs], out)
    victim = sorted(docs.glob("*.txt"))[0]
    victim.rename(victim.with_name("renamed-" + victim.name))
    summary = build([docs], out)
    assert (summary.extracted, summary.reused, summary.removed) == (1, 9, 1)
    names = {d.name for d in summary.documents}
    assert "renamed-" + victim.name in names and victim.name not in names


def test_a_changed_document_is_extracted_again_and_its_graph_replaced(docs, tmp_path):
    out = tmp_path / "graph"
    build([docs], out)
    path = sorted(docs.glob("*.txt"))[4]
    text = path.read_text(encoding="utf-8")
    task_line = next(line for line in text.splitlines() if re.match(r"\d+[.、．]", line))
    old_title = re.sub(r"^\d+[.、．]", "", task_line).split("。")[0]
    new_title = "试点建设增量重建验证工程"
    path.write_text(text.replace(old_title, new_title, 1), encoding="utf-8")
    summary = build([docs], out)
    assert (summary.extracted, summary.reused) == (1, 9)
    titles = {row["title"].value for row in select(open_store(out), TITLES)}
    assert new_title in titles
    # the same as a full build of the same documents, byte for byte, and the store holds the same quads
    full = tmp_path / "full"
    build([docs], full, incremental=False)
    _same_files(out, full)
    _union_is_exact(out)
    _union_is_exact(full)


def test_a_removed_document_disappears(docs, tmp_path):
    out = tmp_path / "graph"
    build([docs], out)
    gone = sorted(docs.glob("*.txt"))[0]
    gone.unlink()
    summary = build([docs], out)
    assert (summary.extracted, summary.reused, summary.removed) == (0, 9, 1)
    assert not (out / TEXTS / f"{gone.name}.txt").exists()
    assert not (out / GRAPHS / f"{gone.stem}.nq").exists()
    assert f"/graph/{gone.stem}>" not in (out / NQUADS).read_text(encoding="utf-8")
    plans = select(open_store(out), "SELECT ?p WHERE { ?p a <https://w3id.org/policykg/ontology#Plan> }")
    assert len(plans) == 9 and not any(row["p"].value.endswith("/plan/" + gone.stem) for row in plans)
    _union_is_exact(out)


def test_full_rebuild_ignores_the_previous_build(docs, tmp_path):
    out = tmp_path / "graph"
    build([docs], out)
    summary = build([docs], out, incremental=False)
    assert (summary.extracted, summary.reused) == (10, 0)
