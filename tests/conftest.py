"""Shared fixtures: the bundled corpus built once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory) -> Path:
    """The graph of the whole bundled corpus (``kg build`` with its defaults)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("graph") / "graph"
    build([CORPUS], out)
    return out


@pytest.fixture(scope="session")
def task_rows(built_graph) -> list[dict]:
    from kg.tasks import task_records

    return task_records(built_graph)


def unordered(result) -> list[tuple]:
    """A query result's rows in any order, each value's characters in any order: GROUP_CONCAT
    joins values in the order a store finds them, which differs between the on-disk and the
    in-memory store."""
    return sorted(tuple("".join(sorted(v)) if v else "" for v in r.values()) for r in result.records())
