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


# -- chapter-style outlines, boxes, unit headings, tables ----------------------------------------

def test_chapters_and_sections_nest_and_lead_phrase_paragraphs_wait_in_lead_tasks():
    o = outline("规划\n第一章 规划基础\n成效显著。内容。\n第三章 推进绿色发展\n本章说明。\n第一节 优化产业结构\n"
                "优化产业布局。内容。\n续写一段没有引领句的文字，它接着上一段的内容写，因为分页而断开，一直写到这里才结束。\n推进淘汰。内容。\n")
    first, third = o.sections
    assert (first.notation, first.kind, first.chapter) == ("第一章", "background", True)
    assert (third.notation, third.kind) == ("第三章", "tasks")
    part = third.actions[0]
    assert (part.number, part.title, part.kind) == ("第三章第一节", "优化产业结构", "section")
    assert part.tasks == [] and [t.number for t in part.lead_tasks] == ["1", "2"]
    assert part.lead_tasks[0].text.endswith("一直写到这里才结束。")  # no lead: continues the task before
    assert [t.numbering for t in part.lead_tasks] == ["lead", "lead"]


def test_a_section_takes_its_own_kind_when_its_heading_says_one():
    o = outline("规划\n第二章 指导思想与主要目标\n第一节 指导思想\n坚持绿色发展。\n第二节 规划目标\n到2025年，达到80%。\n")
    assert [(a.number, a.section_kind) for a in o.sections[0].actions] == [("第二章第一节", "general"),
                                                                            ("第二章第二节", "goals")]
    assert [p.text for p in o.goals] == ["到2025年，达到80%。"]


def test_a_box_runs_to_the_next_heading_and_keeps_its_categories():
    o = outline("规划\n第三章 绿色发展\n第一节 结构\n优化布局。内容。\n专栏 1 绿色发展工程\n（一）改造工程。\n甲项目、乙项目。\n"
                "地下水工程。\n丙项目。\n第四章 大气\n")
    box = o.boxes[0]
    assert (box.number, box.title, box.chapter, box.action) == ("1", "绿色发展工程", "第三章", "第三章第一节")
    assert [(c.title, [p.text for p in c.paragraphs]) for c in box.categories] == [
        ("改造工程", ["甲项目、乙项目。", "地下水工程。", "丙项目。"])]
    assert [t.text for t in o.sections[0].actions[0].lead_tasks] == ["优化布局。内容。"]  # the box is no task


def test_unit_headings_own_the_tasks_after_them():
    o = outline("一、重点任务\n1.市生态环境局负责：\n（1）甲任务。\n（2）乙任务。\n2.市交通运输局负责：（1）丙任务；（2）丁任务。\n")
    tasks = o.sections[0].loose_tasks
    assert [(t.number, t.text, t.owner.text[:9]) for t in tasks] == [
        ("1", "甲任务。", "1.市生态环境局负"), ("2", "乙任务。", "1.市生态环境局负"),
        ("1", "丙任务", "2.市交通运输局负"), ("2", "丁任务。", "2.市交通运输局负")]


def test_a_task_table_gives_a_task_per_row_with_its_cells():
    o = outline("一、重点任务\n序号\t重点任务\t牵头单位\t完成时限\n1\t推进改造\t市生态环境局\t2024年底前\n"
                "2\t加强监管\t市城管局\t长期\n二、保障措施\n")
    tasks = o.sections[0].loose_tasks
    assert [(t.number, t.text, [c.text for c in t.cells]) for t in tasks] == [
        ("1", "推进改造", ["1", "推进改造", "市生态环境局", "2024年底前"]),
        ("2", "加强监管", ["2", "加强监管", "市城管局", "长期"])]
    assert tasks[0].table.unit_cols == {2: "牵头单位"} and tasks[0].table.time_col == 3
    assert [s.title for s in o.sections] == ["重点任务", "保障措施"]


def test_the_appendix_paragraphs_are_kept():
    o = outline("一、重点任务\n1.某任务。（市某局牵头）\n附表1 企业名单\n序号\t企业名称\n1\t甲公司\n")
    assert [p.text for p in o.appendix] == ["附表1 企业名单", "序号\t企业名称", "1\t甲公司"]
