"""The README's SPARQL examples run as written over the built graph and give the answers the
hand annotations predict — documentation that cannot rot silently."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from kg.queries import LocalEngine, read_only_check
from kg.store import value
from test_mission import expected_from_golden


def _sparql_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## SPARQL\n")
    end = text.index("\n## ", start + 5)
    return text[start:end]


def _blocks() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", _sparql_section(), flags=re.S)


PREFIXES, *EXAMPLES = _blocks()


def _run(built_graph, body: str):
    query = PREFIXES + "\n" + re.sub(r"^   ", "", body, flags=re.M)
    read_only_check(query)
    return LocalEngine.of(built_graph).select(query).rows


def test_readme_has_prefixes_and_five_examples():
    assert "PREFIX pol:" in PREFIXES and len(EXAMPLES) >= 5


@pytest.mark.parametrize("n", range(len(EXAMPLES)))
def test_every_example_runs_and_answers(built_graph, n):
    assert _run(built_graph, EXAMPLES[n]), f"example {n + 1} returned no rows"


def test_mission_example_matches_golden(built_graph):
    rows = _run(built_graph, EXAMPLES[0])
    got = {(value(r["city"]), value(r["title"]), value(r["date"])) for r in rows}
    assert got == {w[:3] for w in expected_from_golden()}
