"""``kg targets`` / kg.targets: the flat target export read from the BUILT graph (real builds, real
SPARQL, the real command line). Expectations come from the input documents and the extractor,
never from hard-coded answers about the bundled corpus."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

# a plan of the genre with a 主要目标 sentence, an indicator table (a merged category cell, a
# cumulative figure, a comparator in a cell, words for a value) and a task with its own target
PLAN = """东州市生态环境保护三年行动方案（2023—2025年）

为持续改善生态环境质量，结合我市实际，制定本方案。

一、主要目标

到2025年，全市细颗粒物浓度低于38微克/立方米，空气质量优良天数比率达到75%。

表1 主要指标
类别\t序号\t指标名称\t2022年（基准值）\t2025年\t属性
环境质量\t1\t地表水达到或好于Ⅲ类水体比例（%）\t70\t≥80\t约束性
2\t农村生活污水治理率（%）\t35\t50\t预期性
总量减排\t3\t化学需氧量重点工程减排量（万吨）\t—\t[0.6]\t约束性
4\t受污染耕地安全利用率（%）\t—\t完成省定目标\t约束性

二、重点任务

（一）大气污染防治行动

1.推进清洁能源替代。到2024年底，全市清洁取暖率达到90%以上。（市发展改革委牵头，市生态环境局配合）

2.开展扬尘治理。2024年6月底前完成排查。（市住房城乡建设局牵头）
"""

TABLE_ROWS = [line.split("\t") for line in PLAN.splitlines() if line.count("\t") >= 3][1:]


def run(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def plan_graph(tmp_path_factory) -> tuple[Path, Path]:
    from kg.build import build

    folder = tmp_path_factory.mktemp("targets")
    doc = folder / "dongzhou-2023-plan.txt"
    doc.write_text(PLAN, encoding="utf-8")
    out = folder / "graph"
    summary = build([doc], out)
    assert summary.plans == 1
    return doc, out


def test_records_match_the_extractor(plan_graph) -> None:
    from kg.documents import load
    from kg.extract.pipeline import extract
    from kg.targets import TARGET_COLUMNS, target_records

    doc, out = plan_graph
    plan, _ = extract(load(doc))
    extracted = plan.targets + [t for task in plan.tasks for t in task.targets]
    records = target_records(out)
    assert len(records) == len(extracted) == json.loads((out / "manifest.json").read_text("utf-8"))["totals"]["targets"]
    for rec in records:
        assert list(rec) == TARGET_COLUMNS
    by_text = {(t.text, t.year): t for t in extracted}
    for rec in records:
        t = by_text[(rec["text"], rec["year"])]
        assert rec["indicator"] == t.indicator and rec["indicator_key"] == t.indicator_key
        assert rec["comparator"] == t.comparator and rec["unit"] == t.unit and rec["nature"] == t.nature
        assert (Decimal(str(rec["value"])) if rec["value"] is not None else None) == t.value
        assert (Decimal(str(rec["baseline_value"])) if rec["baseline_value"] is not None else None) == t.baseline_value
        assert rec["baseline_year"] == t.baseline_year and rec["hedged"] == t.hedged and rec["scope"] == t.scope
        assert rec["line"] == t.span.line and rec["document"] == doc.name and rec["jurisdiction"] == "东州市"


def test_table_rows_become_plan_targets_with_baselines(plan_graph) -> None:
    from kg.targets import target_records

    _, out = plan_graph
    table = [r for r in target_records(out) if r["level"] == "plan" and "\t" in (r["text"] or "")]
    assert len(table) == len(TABLE_ROWS)
    header = next(line for line in PLAN.splitlines() if "指标名称" in line)
    base_year = int(re.search(r"(\d{4})年（基准值）", header).group(1))
    target_year = int(re.findall(r"(\d{4})年", header)[-1])
    for rec, cells in zip(table, TABLE_ROWS):
        name, base, target, nature = cells[-4:]
        assert rec["indicator"] == re.sub(r"（[^（）]*）$", "", name)
        assert rec["nature"] == nature and rec["year"] == target_year
        assert rec["action"] is None and rec["task"] is None
        if re.fullmatch(r"\d+(\.\d+)?", base):
            assert rec["baseline_value"] == float(base) and rec["baseline_year"] == base_year
        else:
            assert rec["baseline_value"] is None and rec["baseline_year"] is None
        number = re.search(r"\d+(?:\.\d+)?", target)
        assert rec["value"] == (float(number.group()) if number else None)
        assert rec["value_text"] in target
    comparators = {rec["indicator"]: rec["comparator"] for rec in table}
    assert [comparators[re.sub(r"（[^（）]*）$", "", c[-4])] for c in TABLE_ROWS] == [
        ">=" if c[-2].startswith("≥") else None for c in TABLE_ROWS]


def test_task_targets_carry_their_task(plan_graph) -> None:
    from kg.targets import target_records

    _, out = plan_graph
    task_level = [r for r in target_records(out) if r["level"] == "task"]
    assert task_level, "the task's 清洁取暖率达到90%以上 should be a target"
    for rec in task_level:
        assert rec["action"] == "一" and rec["task"] == "1"
        assert rec["text"] in PLAN and rec["iri"].startswith("https://w3id.org/policykg/id/")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "tsv", "table"])
def test_cli_formats(plan_graph, fmt: str) -> None:
    from kg.targets import TARGET_COLUMNS, target_records

    _, out = plan_graph
    records = target_records(out)
    proc = run("targets", "--graph", str(out), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "jsonl":
        assert [json.loads(line) for line in proc.stdout.splitlines()] == records
    elif fmt == "json":
        assert json.loads(proc.stdout) == records
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(proc.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0] == TARGET_COLUMNS and len(rows) == len(records) + 1
        for row, rec in zip(rows[1:], records):
            assert row[TARGET_COLUMNS.index("iri")] == rec["iri"]
            assert row[TARGET_COLUMNS.index("indicator")] == rec["indicator"]
    else:
        assert f"({len(records)} rows)" in proc.stdout


def test_cli_without_a_built_graph(tmp_path) -> None:
    proc = run("targets", "--graph", str(tmp_path / "nothing"))
    assert proc.returncode != 0
    assert "kg build" in proc.stderr and str(tmp_path / "nothing") in proc.stderr


# --- the bundled corpus ------------------------------------------------------------------------


def test_bundled_graph_records_point_back_to_their_source(built_graph) -> None:
    from kg.build import document_text, read_manifest
    from kg.extract.targets import load_indicators
    from kg.targets import target_records

    records = target_records(built_graph)
    assert len(records) == read_manifest(built_graph)["totals"]["targets"] > 0
    keys = {i.key for i in load_indicators().indicators}
    texts: dict[str, list[str]] = {}
    for rec in records:
        lines = texts.setdefault(rec["document"], document_text(built_graph, rec["document"]).split("\n"))
        # the quote starts on the recorded line of the original document (tabs of a table row kept)
        assert rec["text"].split("\n")[0].split("\t")[-1] in lines[rec["line"] - 1] or \
            rec["text"].replace("\n", "") in "".join(lines[rec["line"] - 1:rec["line"] + 3])
        assert rec["indicator_key"] is None or rec["indicator_key"] in keys
        assert rec["level"] in ("plan", "task") and (rec["task"] is None) == (rec["level"] == "plan")
    assert {r["document"] for r in records} <= {p.name for p in CORPUS.glob("*.txt")}


def test_bundled_graph_agrees_with_the_saved_query(built_graph) -> None:
    from kg.queries import LocalEngine, run_saved
    from kg.targets import target_records

    records = target_records(built_graph)
    for key in sorted({r["indicator_key"] for r in records if r["indicator_key"]}):
        result, _ = run_saved("targets_by_indicator", {"indicator": key}, LocalEngine.of(built_graph))
        saved = sorted((r["plan"], r["text"]) for r in result.records())
        mine = sorted((r["plan"], r["text"]) for r in records if r["indicator_key"] == key)
        assert saved == mine, key


def test_targets_by_task_groups_the_task_level_records(built_graph, task_rows) -> None:
    from kg.targets import target_records, targets_by_task

    grouped = targets_by_task(built_graph)
    assert set(grouped) <= {r["iri"] for r in task_rows}
    task_level = [r for r in target_records(built_graph) if r["level"] == "task"]
    assert sum(len(v) for v in grouped.values()) == len(task_level) > 0
    assert sorted(t["text"] for v in grouped.values() for t in v) == sorted(r["text"] for r in task_level)


def test_cli_filters_by_indicator_wording_and_level(plan_graph) -> None:
    from kg.targets import target_records

    _, out = plan_graph
    records = target_records(out)
    # 優良天數比率 (traditional, 比率) names the concept 优良天数比例
    proc = run("targets", "--graph", str(out), "--indicator", "優良天數比率")
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 0 and got == [r for r in records if r["indicator_key"] == "优良天数比例"] and got
    proc = run("targets", "--graph", str(out), "--level", "task")
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert got == [r for r in records if r["level"] == "task"] and got
    proc = run("targets", "--graph", str(out), "--indicator", "没有这个指标")
    assert proc.returncode == 0 and proc.stdout == ""


def test_bundled_five_year_plan_gives_its_announced_indicators_with_baselines(built_graph) -> None:
    """The plan's prose announces how many indicators its table holds (…共 N 项指标); the built graph
    has that many plan-level table targets, each with the baseline its row gives."""
    from kg.targets import target_records

    path = CORPUS / "pingdingshan-2022-14th-fyp-ecology.txt"
    text = path.read_text(encoding="utf-8")
    announced = int(re.search(r"(\d+)\s*项指标", text).group(1))
    header = next(line for line in text.splitlines() if line.count("\t") >= 3 and "指标名称" in line)
    base_year = int(re.search(r"(\d{4})\s*年\s*\(基准值\)", header).group(1))
    rows = [line.split("\t") for line in text.splitlines()
            if line.count("\t") >= 3 and re.fullmatch(r"\d+", line.split("\t")[1].strip())]
    table = [r for r in target_records(built_graph)
             if r["document"] == path.name and r["level"] == "plan" and "\t" in r["text"]]
    assert len(table) == len(rows) == announced
    for rec, cells in zip(table, rows):
        base = re.match(r"\d+(?:\.\d+)?", cells[3].strip())
        assert rec["indicator_key"], rec["indicator"]
        assert rec["nature"] == cells[5].strip() and rec["year"] == 2025
        if base:
            assert (rec["baseline_value"], rec["baseline_year"]) == (float(base.group()), base_year)
        else:
            assert (rec["baseline_value"], rec["baseline_year"]) == (None, None)


NESTED_GOALS = """西河县大气污染防治实施方案（2024—2025年）

为持续改善空气质量，制定本方案。

一、总体要求

（一）指导思想

坚持精准治污、科学治污。

（二）主要目标

到2025年，全县细颗粒物浓度控制在40微克/立方米以下，优良天数比例达到80%。

二、重点任务

（一）工业污染治理

1.推进锅炉整治。2024年年底前完成燃煤锅炉淘汰。（县生态环境局牵头，县发展改革委配合）
"""


def test_goals_under_a_general_section_become_plan_targets(tmp_path) -> None:
    from kg.build import build
    from kg.targets import target_records

    doc = tmp_path / "xihe-2024-air.txt"
    doc.write_text(NESTED_GOALS, encoding="utf-8")
    build([doc], tmp_path / "graph")
    plan_level = [r for r in target_records(tmp_path / "graph") if r["level"] == "plan"]
    goal_line = next(i for i, line in enumerate(NESTED_GOALS.splitlines(), 1) if line.startswith("到2025年"))
    assert [(r["indicator_key"], r["comparator"], r["value"], r["year"], r["line"]) for r in plan_level] == [
        ("细颗粒物浓度", "<=", 40, 2025, goal_line), ("优良天数比例", ">=", 80, 2025, goal_line)]
    assert all(r["scope"] == "西河县" for r in plan_level)
