"""Reading responsibility notes (DESIGN §4): find_note and parse_note on excerpts of the genre."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.responsibility import NoteReading, find_note, parse_note
from kg.records import UnitMention

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

L, S, I = "lead", "support", "implement"


def roles(note: str, standing=()) -> list[tuple[str, str]]:
    return [(m.role, m.name) for m in parse_note(note, standing).mentions]


# (note, expected (role, name) in note order)
CASES = [
    # --- lead / support / implement, as in DESIGN §4
    ("（市生态环境局牵头）", [(L, "市生态环境局")]),
    ("（市生态环境局牵头，各县〔市、区〕政府〔管委会〕负责落实）",
     [(L, "市生态环境局"), (I, "各县〔市、区〕政府〔管委会〕")]),
    ("（市发展改革委、交通运输局牵头，市自然资源和规划局、生态环境局配合，各县〔市、区〕政府〔管委会〕负责落实）",
     [(L, "市发展改革委"), (L, "市交通运输局"), (S, "市自然资源和规划局"), (S, "市生态环境局"),
      (I, "各县〔市、区〕政府〔管委会〕")]),
    ("（省生态环境厅牵头督导，省辖市政府负责落实）", [(L, "省生态环境厅"), (I, "省辖市政府")]),
    ("（市城市管理局、住房和城乡建设局按职责分工牵头，市生态环境局配合）",
     [(L, "市城市管理局"), (L, "市住房和城乡建设局"), (S, "市生态环境局")]),
    ("（县发展改革委、工业和信息化局、生态环境局按职责分工负责）",
     [(L, "县发展改革委"), (L, "县工业和信息化局"), (L, "县生态环境局")]),
    ("(市发展和改革委、工业和信息化局、城市管理局按照职责分工负责,各县区人民政府、管委会负责落实)",
     [(L, "市发展和改革委"), (L, "市工业和信息化局"), (L, "市城市管理局"), (I, "各县区人民政府"), (I, "各管委会")]),
    ("（县城市管理局负责）", [(L, "县城市管理局")]),
    ("（市生态环境局、发展改革委牵头，相关市直单位按职责分工负责，各县〔市、区〕政府〔管委会〕负责落实）",
     [(L, "市生态环境局"), (L, "市发展改革委"), (S, "相关市直单位"), (I, "各县〔市、区〕政府〔管委会〕")]),
    ("(市生态环境局牵头,相关单位按职责分工负责,各县区政府、管委会负责落实)",
     [(L, "市生态环境局"), (S, "相关单位"), (I, "各县区政府"), (I, "各管委会")]),
    ("（市生态环境局牵头，市财政局参与）", [(L, "市生态环境局"), (S, "市财政局")]),
    ("（市发改委牵头，市工信局协助）", [(L, "市发改委"), (S, "市工信局")]),
    ("（市发改委牵头，市工信局、生态环境局协同）", [(L, "市发改委"), (S, "市工信局"), (S, "市生态环境局")]),
    ("（市生态环境局牵头，各乡镇人民政府具体落实）", [(L, "市生态环境局"), (I, "各乡镇人民政府")]),
    ("（县生态环境局牵头，各乡镇人民政府落实）", [(L, "县生态环境局"), (I, "各乡镇人民政府")]),
    ("（市农林局、市环保局）", [(L, "市农林局"), (L, "市环保局")]),
    ("（市农林局、环保局）", [(L, "市农林局"), (L, "市环保局")]),
    ("（责任部门：市生态环境局、市公安局）", [(L, "市生态环境局"), (L, "市公安局")]),
    ("责任单位：市生态环境局、市发改委", [(L, "市生态环境局"), (L, "市发改委")]),
    ("（责任单位或牵头单位：市水利局）", [(L, "市水利局")]),
    # --- own-line labelled form
    ("牵头单位：市生态环境局；配合单位：市财政局、市水利局；责任单位：各县（市、区）政府",
     [(L, "市生态环境局"), (S, "市财政局"), (S, "市水利局"), (I, "各县（市、区）政府")]),
    ("牵头单位：市工信局 责任单位：各县区政府", [(L, "市工信局"), (I, "各县区政府")]),
    ("牵头单位：市工信局责任单位：各县区政府", [(L, "市工信局"), (I, "各县区政府")]),
    ("（责任单位或牵头单位：市水利局；配合单位：市农业农村局）", [(L, "市水利局"), (S, "市农业农村局")]),
    ("牵头单位：市发改委，市交通局；配合单位：市资源规划局；参与单位：供电公司",
     [(L, "市发改委"), (L, "市交通局"), (S, "市资源规划局"), (S, "供电公司")]),
    ("（牵头单位：市工信局；协助单位：市统计局；责任单位：各县（市、区）政府、管委会）",
     [(L, "市工信局"), (S, "市统计局"), (I, "各县（市、区）政府"), (I, "各管委会")]),
    ("牵头单位:县应急管理局;配合单位:县公安局,县交通运输局", [(L, "县应急管理局"), (S, "县公安局"), (S, "县交通运输局")]),
    # --- prefixes, 市场监管局, organisations
    ("（市生态环境局牵头，市公安局、财政局、市场监管局配合）",
     [(L, "市生态环境局"), (S, "市公安局"), (S, "市财政局"), (S, "市市场监管局")]),
    ("（县市场监管局牵头，县生态环境局、工业和信息化局配合）",
     [(L, "县市场监管局"), (S, "县生态环境局"), (S, "县工业和信息化局")]),
    ("（市场监管局、生态环境局按职责分工负责）", [(L, "市场监管局"), (L, "生态环境局")]),
    ("（南召县发展改革委、生态环境局按职责分工负责）", [(L, "南召县发展改革委"), (L, "南召县生态环境局")]),
    ("（市发改委、交通运输局牵头，市资源规划局、生态环境局、某某铁路局集团有限公司某某车务段配合）",
     [(L, "市发改委"), (L, "市交通运输局"), (S, "市资源规划局"), (S, "市生态环境局"),
      (S, "某某铁路局集团有限公司某某车务段")]),
    ("(市生态环境局牵头,市工业和信息化局、供电公司参与)", [(L, "市生态环境局"), (S, "市工业和信息化局"), (S, "供电公司")]),
    ("（县生态环境局牵头，某某供电公司、某某银行县支行配合）",
     [(L, "县生态环境局"), (S, "某某供电公司"), (S, "某某银行县支行")]),
    ("（市生态环境局牵头，发展改革委配合）", [(L, "市生态环境局"), (S, "市发展改革委")]),
    ("（市委宣传部、市生态环境局按职责分工负责）", [(L, "市委宣传部"), (L, "市生态环境局")]),
    ("（市总工会、团市委、妇联按职责分工负责）", [(L, "市总工会"), (L, "团市委"), (L, "市妇联")]),
    ("（市公安局交警支队牵头，市交通运输局配合）", [(L, "市公安局交警支队"), (S, "市交通运输局")]),
    ("（市生态环境局牵头，各县（市、区）人民政府、城乡一体化示范区、高新区管委会负责落实）",
     [(L, "市生态环境局"), (I, "各县（市、区）人民政府"), (I, "城乡一体化示范区管委会"), (I, "高新区管委会")]),
    ("（各县（市、区）政府负责，市直有关部门配合）", [(L, "各县（市、区）政府"), (S, "市直有关部门")]),
    ("（牵头单位：市生态环境局\u3000配合单位：市财政局）", [(L, "市生态环境局"), (S, "市财政局")]),
    ("（市生态环境局牵头，市财政局配合，完成时限：2024年底）", [(L, "市生态环境局"), (S, "市财政局")]),
    ("（市生态环境局牵头，2024年底前完成）", [(L, "市生态环境局")]),
    ("（各地要强化责任，市生态环境局负责）", [(L, "市生态环境局")]),
    ("（相关企业负责落实）", [(I, "相关企业")]),
    ("（省发展改革委牵头，省工业和信息化厅、生态环境厅配合，各省辖市政府负责落实）",
     [(L, "省发展改革委"), (S, "省工业和信息化厅"), (S, "省生态环境厅"), (I, "各省辖市政府")]),
    # --- shared suffix
    ("（市生态环境局牵头，桐柏县、西峡县、邓州市政府负责落实）",
     [(L, "市生态环境局"), (I, "桐柏县政府"), (I, "西峡县政府"), (I, "邓州市政府")]),
    ("（市、县生态环境局负责）", [(L, "市生态环境局"), (L, "县生态环境局")]),
    ("（县发展改革委牵头，县生态环境局、镇平县、内乡县政府配合）",
     [(L, "县发展改革委"), (S, "县生态环境局"), (S, "镇平县政府"), (S, "内乡县政府")]),
    # --- 等 / 等部门 / 等单位
    ("（市发改委牵头，市资源规划局、水利局、城管局等部门配合）",
     [(L, "市发改委"), (S, "市资源规划局"), (S, "市水利局"), (S, "市城管局")]),
    ("（市生态环境局牵头，市财政局、水利局等单位配合；各县〔市、区〕政府〔管委会〕负责落实。）",
     [(L, "市生态环境局"), (S, "市财政局"), (S, "市水利局"), (I, "各县〔市、区〕政府〔管委会〕")]),
    ("（市生态环境局牵头，市公安局、交通运输局等有关部门配合）",
     [(L, "市生态环境局"), (S, "市公安局"), (S, "市交通运输局")]),
    ("（市公安局、商务局等按职责分工负责）", [(L, "市公安局"), (L, "市商务局")]),
    # --- collectives kept whole; 各 distributes to a bare 管委会
    ("（市生态环境局牵头，各县（市、区）政府（管委会）负责落实）",
     [(L, "市生态环境局"), (I, "各县（市、区）政府（管委会）")]),
    ("（市住房和城乡建设局牵头，各县（市、区）政府〔管委会〕负责落实）",
     [(L, "市住房和城乡建设局"), (I, "各县（市、区）政府〔管委会〕")]),
    ("(市生态环境局牵头，各县(市、区)政府、管委会负责落实)",
     [(L, "市生态环境局"), (I, "各县(市、区)政府"), (I, "各管委会")]),
    ("（市自然资源和规划局、林业局按职责分工负责，涉矿县区政府负责落实）",
     [(L, "市自然资源和规划局"), (L, "市林业局"), (I, "涉矿县区政府")]),
    ("（市生态环境局牵头，市污染防治攻坚战指挥部成员单位按职责分工负责）",
     [(L, "市生态环境局"), (S, "市污染防治攻坚战指挥部成员单位")]),
    ("（市生态环境局牵头，市、县两级政府负责落实）", [(L, "市生态环境局"), (I, "市、县两级政府")]),
    # --- unit-first variants, role words after a comma list, role marked per unit
    ("（市发改委，市交通局牵头）", [(L, "市发改委"), (L, "市交通局")]),
    ("（市生态环境局、市发展改革委，相关单位按职责分工负责）",
     [(L, "市生态环境局"), (L, "市发展改革委"), (S, "相关单位")]),
    ("责任单位：市生态环境局（牵头）、市财政局、市水利局",
     [(L, "市生态环境局"), (S, "市财政局"), (S, "市水利局")]),
    ("（市生态环境局为牵头单位，市财政局为配合单位）", [(L, "市生态环境局"), (S, "市财政局")]),
    ("（由市生态环境局牵头，市财政局配合）", [(L, "市生态环境局"), (S, "市财政局")]),
    # --- a 。 inside, nested and mixed brackets
    ("（县工业和信息化局牵头，县发展改革委、生态环境局配合，各乡镇人民政府负责落实。）",
     [(L, "县工业和信息化局"), (S, "县发展改革委"), (S, "县生态环境局"), (I, "各乡镇人民政府")]),
    ("〔市水利局牵头，各县（市、区）政府负责落实〕", [(L, "市水利局"), (I, "各县（市、区）政府")]),
    ("(市水利局牵头，各县〔市、区)政府负责落实)", [(L, "市水利局"), (I, "各县〔市、区)政府")]),
    ("（市生态环境局（市攻坚办）牵头，市财政局配合）", [(L, "市生态环境局（市攻坚办）"), (S, "市财政局")]),
    # --- odd input
    ("", []),
    ("（）", []),
    ("（牵头", []),
    ("牵头）", []),
    ("、，、", []),
]


@pytest.mark.parametrize(("note", "expected"), CASES, ids=[c[0][:24] or "empty" for c in CASES])
def test_parse_note(note, expected):
    assert roles(note) == expected


def test_at_least_forty_note_excerpts():
    assert len([c for c in CASES if c[1]]) >= 40


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("（市生态环境局牵头，市财政局配合，各县区政府负责落实）", ["牵头", "配合", "负责落实"]),
        ("（市发改委、工信局按职责分工负责，各县（市、区）政府具体落实）", ["按职责分工负责", "按职责分工负责", "具体落实"]),
        ("（市农林局、市环保局）", ["", ""]),
        ("牵头单位：市工信局；责任单位：各县区政府", ["牵头单位", "责任单位"]),
        ("（市生态环境局牵头督导）", ["牵头督导"]),
    ],
)
def test_role_words_as_written(note, words):
    assert [m.role_words for m in parse_note(note).mentions] == words


@pytest.mark.parametrize(
    ("note", "joint"),
    [
        ("（市发改委、工信局、生态环境局按职责分工负责）", [True, True, True]),
        ("（市生态环境局按职责分工负责）", [True]),  # says 分工
        ("（县城市管理局负责）", [False]),  # one unit, plain 负责: a sole lead
        ("（市发改委牵头，市工信局按职责分工负责）", [False, False]),  # 负责 → support
        ("（市发改委、交通局牵头）", [False, False]),
    ],
)
def test_joint_lead(note, joint):
    assert [m.joint for m in parse_note(note).mentions] == joint


def test_respond_words_are_support_when_the_note_has_a_lead():
    reading = parse_note("（市发改委牵头，市工信局、市财政局按照职责分工负责）")
    assert [(m.role, m.role_words) for m in reading.mentions] == [
        (L, "牵头"), (S, "按照职责分工负责"), (S, "按照职责分工负责")]


def test_duplicates_are_kept_once_per_role():
    assert roles("（市生态环境局、生态环境局牵头，市生态环境局配合）") == [(L, "市生态环境局"), (S, "市生态环境局")]


# ------------------------------------------------------------------------------ standing units

FIRST = ("（市生态环境局牵头，市污染防治攻坚战指挥部成员单位按职责分工负责，各县（市、区）政府、管委会负责落实。"
         "以下均需各县（市、区）人民政府、管委会落实，不再一一列出）")


def test_standing_declaration_applies_to_the_current_task():
    reading = parse_note(FIRST)
    assert [(m.role, m.name, m.declared) for m in reading.mentions] == [
        (L, "市生态环境局", False),
        (S, "市污染防治攻坚战指挥部成员单位", False),
        (I, "各县（市、区）政府", False),
        (I, "各管委会", False),
        (I, "各县（市、区）人民政府", True),  # 各管委会 is already there with that role
    ]
    assert [(m.role, m.name, m.role_words, m.declared) for m in reading.declared] == [
        (I, "各县（市、区）人民政府", "落实", True),
        (I, "各管委会", "落实", True),
    ]


def test_standing_declaration_carries_to_later_notes():
    standing = parse_note(FIRST).declared
    later = parse_note("（市发改委牵头，市工信局、生态环境局配合）", standing)
    assert [(m.role, m.name, m.declared) for m in later.mentions] == [
        (L, "市发改委", False), (S, "市工信局", False), (S, "市生态环境局", False),
        (I, "各县（市、区）人民政府", True), (I, "各管委会", True),
    ]
    assert later.declared == []
    # a note naming the unit itself does not get it twice
    again = parse_note("（市水利局牵头，各管委会负责落实）", standing)
    assert [(m.role, m.name, m.declared) for m in again.mentions] == [
        (L, "市水利局", False), (I, "各管委会", False), (I, "各县（市、区）人民政府", True)]


@pytest.mark.parametrize(
    ("note", "declared"),
    [
        ("（以下任务均由各县（市、区）政府负责落实，不再一一列出。市生态环境局牵头）", [(I, "各县（市、区）政府")]),
        ("（市生态环境局牵头，各县（市、区）政府负责落实，以下不再一一列出）", [(I, "各县（市、区）政府")]),
        ("（市生态环境局牵头，各乡镇人民政府负责落实，下同）", [(I, "各乡镇人民政府")]),
        ("（市生态环境局牵头。以下各项任务均需各县区政府、管委会落实，不再列出）", [(I, "各县区政府"), (I, "各管委会")]),
        ("（市生态环境局牵头）", []),
    ],
)
def test_standing_declaration_wordings(note, declared):
    reading = parse_note(note)
    assert [(m.role, m.name) for m in reading.declared] == declared
    assert all(m.declared for m in reading.declared)
    for role, name in declared:
        assert (role, name) in roles(note)


def test_standing_units_are_not_mistaken_for_the_lead():
    standing = [UnitMention("implement", "各乡镇人民政府", "落实", declared=True)]
    reading = parse_note("（县生态环境局负责）", standing)
    assert [(m.role, m.name) for m in reading.mentions] == [(L, "县生态环境局"), (I, "各乡镇人民政府")]


# ---------------------------------------------------------------------------------- find_note


@pytest.mark.parametrize(
    ("paragraph", "note"),
    [
        ("5.大力发展清洁能源。加快非化石能源发展。（市发展改革委牵头，各县〔市、区〕政府〔管委会〕负责落实）",
         "（市发展改革委牵头，各县〔市、区〕政府〔管委会〕负责落实）"),
        ("1.淘汰落后产能。2024年年底前完成。（县工业和信息化局牵头，各乡镇人民政府负责落实。）",
         "（县工业和信息化局牵头，各乡镇人民政府负责落实。）"),
        ("2.强化监管。(市生态环境局牵头,市财政局参与)", "(市生态环境局牵头,市财政局参与)"),
        ("3.推进治理。（市生态环境局牵头，各县（市、区）政府负责落实）。", "（市生态环境局牵头，各县（市、区）政府负责落实）"),
        ("3.推进治理。（市生态环境局牵头）  \n", "（市生态环境局牵头）"),
        ("4.推进燃煤锅炉（含自备电厂）淘汰。（市发改委、生态环境局按职责分工负责）",
         "（市发改委、生态环境局按职责分工负责）"),
        ("6.开展整治。〔市城管局牵头，各县（市、区）政府负责落实〕", "〔市城管局牵头，各县（市、区）政府负责落实〕"),
        ("7.完善监测网络。（市农林局、市环保局）", "（市农林局、市环保局）"),
        ("8.加强执法。牵头单位：市生态环境局；配合单位：市公安局；责任单位：各县（市、区）政府。",
         "牵头单位：市生态环境局；配合单位：市公安局；责任单位：各县（市、区）政府"),
        ("牵头单位：市生态环境局；责任单位：各县区政府", "牵头单位：市生态环境局；责任单位：各县区政府"),
        ("（县城市管理局负责）", "（县城市管理局负责）"),
        # a note followed only by when the task is due
        ("9.推进秸秆禁烧。（市农业农村局牵头，有关部门配合）2025年6月底前完成。", "（市农业农村局牵头，有关部门配合）"),
        ("10.整治散乱污。(县生态环境分局牵头),2024年年底前全面完成", "(县生态环境分局牵头)"),
        ("11.推进清洁取暖。（市发展改革委牵头）2024年10月底前基本完成。", "（市发展改革委牵头）"),
    ],
)
def test_find_note(paragraph, note):
    span = find_note(paragraph)
    assert span is not None
    assert paragraph[span[0]:span[1]] == note


@pytest.mark.parametrize(
    "paragraph",
    [
        "稳妥有序淘汰燃煤锅炉（含自备电厂）。",
        "推动建设（独立建设或依托骨干企业）",
        "实现六项污染物（可吸入颗粒物、细颗粒物、二氧化硫、二氧化氮、臭氧、一氧化碳）监测全覆盖",
        "各县（市、区）",
        "南阳市推动生态环境质量稳定向好三年行动实施方案（2023—2025年）",
        "（报审稿）",
        "推进重点行业超低排放改造。",
        "（市生态环境局牵头）后面还有正文。",
        "（市生态环境局牵头）2024年底前完成排查，再开展集中整治行动并建立长效管理机制。",
        "推进改造（2023年修订）2024年底前完成。",
        "缺少开括号的注释）",
        "（一）城市空气质量提升进位行动。",
        "",
        "   ",
    ],
)
def test_not_a_note(paragraph):
    assert find_note(paragraph) is None


def test_find_then_parse_gives_the_same_units_with_or_without_brackets():
    paragraph = "9.开展整治。（市发改委、工信局牵头，市生态环境局配合）"
    start, end = find_note(paragraph)
    assert roles(paragraph[start:end]) == roles(paragraph[start + 1:end - 1])


# ------------------------------------------------------------------------ robustness and corpus


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_random_text_never_raises(text):
    span = find_note(text)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)
    reading = parse_note(text)
    assert isinstance(reading, NoteReading)


_PIECES = ["（", "）", "(", ")", "〔", "〕", "，", ",", "、", "；", "。", "：", "市", "县", "各", "政府", "管委会",
           "生态环境局", "发改委", "市场监管局", "牵头", "配合", "负责", "负责落实", "按职责分工负责", "等部门", "以下均需",
           "不再一一列出", "牵头单位：", "责任单位：", "供电公司", "相关单位", "桐柏县", "下同"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_genre_shaped_noise_never_raises(text):
    span = find_note(text)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)
    reading = parse_note(text, parse_note(text).declared)
    assert all(m.role in (L, S, I) and m.name for m in reading.mentions)


_TASK = re.compile(r"^\s*\d+\s*[.．、]")
_HEADING = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节])")


def _paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _task_paragraphs(path: Path) -> list[str]:
    """Paragraphs that start with a task number; a task broken over several lines runs on until the
    next heading or numbered line, or until a line that ends with a note."""
    tasks: list[list[str]] = []
    current: list[str] | None = None
    for line in _paragraphs(path):
        if _TASK.match(line):
            current = [line]
            tasks.append(current)
        elif current is not None and not _HEADING.match(line) and find_note(current[-1]) is None:
            current.append(line)
        else:
            current = None
    return ["".join(t) for t in tasks]


def test_every_corpus_paragraph_is_read_without_error():
    files = sorted(CORPUS.glob("*.txt"))
    assert files
    for path in files:
        standing: list[UnitMention] = []
        for paragraph in _paragraphs(path):
            span = find_note(paragraph)
            if span is not None:
                reading = parse_note(paragraph[span[0]:span[1]], standing)
                standing += reading.declared


@pytest.mark.parametrize("prefix", ["nanyang", "xinxiang", "zhumadian"])
def test_every_numbered_task_of_the_action_plans_has_a_note_with_a_lead(prefix):
    (path,) = sorted(CORPUS.glob(f"{prefix}*.txt"))
    tasks = _task_paragraphs(path)
    assert len(tasks) >= 10
    for task in tasks:
        span = find_note(task)
        assert span is not None, task[:40]
        reading = parse_note(task[span[0]:span[1]])
        leads = [m for m in reading.mentions if m.role == L]
        assert leads, task[:40]
        assert all(m.name and not m.name.startswith(("（", "(")) for m in reading.mentions)


# -- other layouts of the genre: the note on its own line, table columns, bare labels ----------

@pytest.mark.parametrize("paragraph,lead,support,implement", [
    # the own-line note joined to its task by the pipeline (continuation paragraphs join without a break)
    ("推进钢铁超低排放改造。2024年底前完成。牵头单位：市生态环境局；责任单位：各县（市、区）政府",
     ["市生态环境局"], [], ["各县（市、区）政府"]),
    ("加强扬尘治理。全面推行绿色施工。牵头单位:市住房城乡建设局;配合单位:市城管局、交通运输局",
     ["市住房城乡建设局"], ["市城管局", "市交通运输局"], []),
    # a note composed from the columns of a responsibility table
    ("牵头单位：市生态环境局；配合单位：市发展改革委、市财政局；责任单位：各县（市、区）政府",
     ["市生态环境局"], ["市发展改革委", "市财政局"], ["各县（市、区）政府"]),
    ("责任单位：市生态环境局（牵头）、市市场监管局", ["市生态环境局"], ["市市场监管局"], []),
    # bare lists and labels
    ("完善监测网络。（责任部门：市自然资源和规划局、市林业局）", ["市自然资源和规划局", "市林业局"], [], []),
    ("完善监测网络。(责任单位:市水利局)", ["市水利局"], [], []),
    ("完善监测网络。〔市农业农村局、生态环境局〕", ["市农业农村局", "市生态环境局"], [], []),
])
def test_notes_of_other_layouts(paragraph, lead, support, implement):
    at = find_note(paragraph)
    assert at is not None
    mentions = parse_note(paragraph[at[0]:at[1]]).mentions
    assert [m.name for m in mentions if m.role == "lead"] == lead
    assert [m.name for m in mentions if m.role == "support"] == support
    assert [m.name for m in mentions if m.role == "implement"] == implement
