"""The outline reader (kg.extract.outline) on excerpts written for the genre."""

from __future__ import annotations

import pytest

from kg.documents import clean
from kg.extract.outline import read_outline, section_kind


def outline(text: str):
    view, _ = clean(text)
    paras, pos = [], 0
    for p in view.text.split("\n"):
        if p:
            paras.append((pos, p))
        pos += len(p) + 1
    return read_outline(paras)


def shape(o):
    return [(s.number, s.kind, [(a.number, a.title, [t.number for t in a.tasks]) for a in s.actions],
             [t.number for t in s.loose_tasks]) for s in o.sections]


def test_sections_actions_and_tasks():
    o = outline("前言一段。\n一、总体要求\n坚持生态优先。\n二、主要目标\n到2025年，优良天数比例达到80%。\n"
                "三、重点任务\n（一）交通运输清洁行动。\n1.推广新能源汽车。内容。（市交通运输局牵头）\n"
                "2、推进公转铁。内容。（市发展改革委牵头）\n(二)能源绿色低碳发展行动\n3．发展清洁能源。内容。\n"
                "四、保障措施\n（一）加强组织领导。成立专班。\n")
    assert shape(o) == [
        ("一", "general", [], []), ("二", "goals", [], []),
        ("三", "tasks", [("一", "交通运输清洁行动", ["1", "2"]), ("二", "能源绿色低碳发展行动", ["3"])], []),
        ("四", "safeguards", [("一", "加强组织领导", [])], []),
    ]
    assert [p.text for p in o.preamble] == ["前言一段。"]
    assert [p.text for p in o.goals] == ["到2025年，优良天数比例达到80%。"]


def test_tasks_without_actions_and_decimals_are_not_tasks():
    o = outline("一、主要任务\n1. 推进治理。浓度下降\n1.5 个百分点。\n2. 加强监管。\n")
    s = o.sections[0]
    assert [t.number for t in s.loose_tasks] == ["1", "2"]
    assert s.loose_tasks[0].text.endswith("1.5 个百分点。")


def test_continuation_paragraphs_belong_to_the_task_and_offsets_map_back():
    o = outline("一、重点任务\n（一）某行动\n1.第一项。说明。\n补充说明一段。（市某局牵头）\n2.第二项。\n")
    task = o.sections[0].actions[0].tasks[0]
    assert task.text == "第一项。说明。补充说明一段。（市某局牵头）"
    i = task.text.index("补充")
    assert task.to_clean(i) == task.paragraphs[1].offset


def test_appendix_stops_the_outline_and_toc_lines_are_skipped():
    o = outline("目 录\n第一章 规划基础.....3\n一、重点任务\n（一）某行动\n1.某任务。（市某局牵头）\n"
                "附表：1.某县企业清单\n1\n城郊乡\n")
    assert [s.title for s in o.sections] == ["重点任务"]
    assert [t.number for t in o.sections[0].actions[0].tasks] == ["1"]
    assert o.appendix_offset is not None


@pytest.mark.parametrize("title,kind", [
    ("总体要求", "general"), ("指导思想", "general"), ("主要目标", "goals"), ("规划目标", "goals"),
    ("重点任务", "tasks"), ("主要任务", "tasks"), ("推进系统治理，保障土壤环境安全", "tasks"),
    ("保障措施", "safeguards"), ("组织实施", "safeguards"), ("建立规划实施保障体系", "safeguards"),
])
def test_section_kinds(title, kind):
    assert section_kind(title) == kind
