"""The synthetic corpus generator (kg.synth): reproducible, and the extractor recovers its answer
key through a real build. For scale sanity only — the synthetic documents prove nothing about
accuracy on real plans."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.synth import generate

N = 16


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    generate(N, out, seed=7)
    return out


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    from kg.build import build
    from kg.tasks import task_records

    out = tmp_path_factory.mktemp("synth-graph") / "graph"
    summary = build([corpus / "docs"], out, jobs=2)
    return out, summary, task_records(out)


def _keys(corpus: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((corpus / "answers").glob("*.json"))]


def test_same_seed_same_files_other_seed_other_files(corpus, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    generate(N, again, seed=7)
    generate(N, other, seed=8)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)
    docs = lambda d: [p.read_bytes() for p in sorted((d / "docs").glob("*.txt"))]  # noqa: E731
    assert docs(corpus) != docs(other)
    assert len(list((corpus / "docs").glob("*.txt"))) == len(_keys(corpus)) == N


def test_documents_show_the_genre_variety(corpus):
    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "docs").glob("*.txt"))]
    keys = _keys(corpus)
    joined = "".join(texts)
    for words in ("牵头", "配合", "负责落实", "（一）", "关于印发", "政办〔"):
        assert words in joined, words
    assert any(k["jurisdiction"].endswith("县") for k in keys) and any(k["jurisdiction"] in k["plan"] for k in keys)
    notes_with_alias = [u for k in keys for t in k["tasks"] for u in t["lead"] + t["support"]
                        if u["canonical"] and not u["canonical"].endswith(u["name"][1:])]
    assert notes_with_alias, "some units are written with an alias of their standard name"
    assert sum(len(t["deadlines"]) for k in keys for t in k["tasks"]) > N


def test_the_extractor_recovers_tasks_units_and_deadlines_from_the_built_graph(corpus, built):
    _, summary, rows = built
    assert summary.exit_code == 0, [p for d in summary.documents for p in d.problems]
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], []).append(row)
    for key in _keys(corpus):
        got = by_doc[key["document"]]
        assert [(r["action"], r["number"], r["title"]) for r in got] == \
               [(t["action"], t["number"], t["title"]) for t in key["tasks"]], key["document"]
        for r, t in zip(got, key["tasks"]):
            for role in ("lead", "support", "implement"):
                assert [u["name"] for u in r[role]] == [u["name"] for u in t[role]], (key["document"], t["number"], role)
            assert [(d["text"], d["date"]) for d in r["deadlines"]] == \
                   [(d["text"], d["date"]) for d in t["deadlines"]], (key["document"], t["number"])
        assert got[0]["plan"] == key["plan"]


def test_the_extractor_recovers_jurisdictions_and_canonical_names(corpus, built):
    _, _, rows = built
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], []).append(row)
    wrong = []
    for key in _keys(corpus):
        got = by_doc[key["document"]]
        if got[0]["jurisdiction"] != key["jurisdiction"]:
            wrong.append((key["jurisdiction"], got[0]["jurisdiction"]))
        for r, t in zip(got, key["tasks"]):
            for role in ("lead", "support"):
                assert len(r[role]) == len(t[role])
                wrong += [(u["canonical"], g["canonical"]) for g, u in zip(r[role], t[role]) if g["canonical"] != u["canonical"]]
    assert not wrong, wrong[:5]  # (expected, got): e.g. a county-level city 辉县市 read as 辉县


def test_kg_synth_command(tmp_path):
    out = tmp_path / "s"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "synth", "3", "--out", str(out), "--seed", "1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote 3 synthetic documents" in proc.stdout
    assert len(list((out / "docs").glob("*.txt"))) == 3 and len(list((out / "answers").glob("*.json"))) == 3
    not_a_corpus = tmp_path / "mine"
    not_a_corpus.mkdir()
    (not_a_corpus / "keep.txt").write_text("x")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "synth", "2", "--out", str(not_a_corpus)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "not a synthetic corpus" in proc.stderr and "Traceback" not in proc.stderr
    assert (not_a_corpus / "keep.txt").exists()
