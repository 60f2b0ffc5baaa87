"""Other layouts of the genre, end to end (file → kg.documents → kg.extract → records), on
excerpts written for these tests: chapter/section outlines with lead-phrase tasks, 专栏 boxes,
notes on their own line, unit-first lists, responsibility tables, bare unit lists, numbering
styles, appendix enterprise lists — simplified and traditional, full- and half-width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.documents import load
from kg.extract.pipeline import extract
from kg.extract.projects import place_of, works
from kg.extract.tables import read_enterprises, read_header, split_row

HEAD = "某某市“十四五”生态环境保护规划\n"


def plan_of(tmp_path, text: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    plan, problems = extract(doc)
    return plan, problems, doc


def rows(plan):
    """(action, number, title, lead, support, implement, deadline dates) per task."""
    return [(a.number, t.number, t.title,
             [u.name for u in t.units_in("lead")], [u.name for u in t.units_in("support")],
             [u.name for u in t.units_in("implement")],
             [d.date.isoformat() if d.date else None for d in t.deadlines])
            for a in plan.actions for t in a.tasks]


# -- chapters, sections, lead-phrase paragraphs ------------------------------------------------

CHAPTERS = HEAD + """为推进生态环境保护，制定本规划。
第一章 发展基础
污染防治成效显著。全市空气质量持续改善。
一是大气环境明显好转。二是水环境稳中向好。
第二章 主要目标
到2025年，空气质量优良天数比例达到80%。
第三章 推进绿色发展
以绿色发展为主线，推进产业转型，建立健全绿色低碳循环发展体系，推动形成绿色发展格局。
第一节 优化产业结构
优化产业布局。加快重污染企业搬迁改造，2024年底前完成。
推进落后产能淘汰。依法依规关停退出，
持续开展排查。
第二节 推动能源转型
优化能源结构。积极发展可再生能源。
专栏1 绿色发展工程
（一）重点行业改造工程。
甲县钢铁烧结机烟气循环利用项目、乙区综合节能改造项目和丙县丁镇污水处理厂建设工程。
（二）机动车治理工程。
淘汰老旧柴油货车。
第四章 改善大气环境
强化扬尘治理。推行绿色施工。
第五章 保障措施
第一节 加强组织领导
加强组织领导。各级政府负总责。
"""


def test_chapters_sections_and_lead_phrase_tasks(tmp_path):
    plan, _, _ = plan_of(tmp_path, CHAPTERS)
    assert [(c.number, c.title) for c in plan.chapters] == [
        ("第一章", "发展基础"), ("第二章", "主要目标"), ("第三章", "推进绿色发展"), ("第四章", "改善大气环境"),
        ("第五章", "保障措施")]
    assert [(a.number, a.title, a.kind, a.chapter.number) for a in plan.actions] == [
        ("第三章第一节", "优化产业结构", "section", "第三章"),
        ("第三章第二节", "推动能源转型", "section", "第三章"),
        ("第四章", "改善大气环境", "chapter", "第四章"),  # a chapter without 节 stands in
    ]
    assert [r[:3] for r in rows(plan)] == [
        ("第三章第一节", "1", "优化产业布局"), ("第三章第一节", "2", "推进落后产能淘汰"),
        ("第三章第二节", "1", "优化能源结构"), ("第四章", "1", "强化扬尘治理")]
    task = plan.actions[0].tasks[1]
    assert task.text.endswith("依法依规关停退出，持续开展排查。")  # a page break continues the task
    assert [d.date.isoformat() for d in plan.actions[0].tasks[0].deadlines] == ["2024-12-31"]


def test_background_and_safeguard_chapters_hold_no_tasks(tmp_path):
    plan, problems, _ = plan_of(tmp_path, CHAPTERS)
    titles = {t.title for t in plan.tasks}
    assert "污染防治成效显著" not in titles and "大气环境明显好转" not in titles and "加强组织领导" not in titles
    assert not [p for p in problems if "no responsibility note" in p.message]  # five-year plans name none


def test_traditional_characters_read_the_same(tmp_path):
    text = ("某某市“十四五”生態環境保護規劃\n為推進生態環境保護，制定本規劃。\n第三章 推進綠色發展\n"
            "第一節 優化產業結構\n優化產業佈局。加快重污染企業搬遷改造，2024年底前完成。\n"
            "推進落後產能淘汰。依法依規關停退出。\n")
    plan, _, doc = plan_of(tmp_path, text)
    assert [(a.number, a.kind) for a in plan.actions] == [("第三章第一节", "section")]
    assert [t.title for t in plan.tasks] == ["优化产业布局", "推进落后产能淘汰"]
    assert plan.tasks[0].span.quote.startswith("優化產業佈局。")  # spans quote the original text


def test_half_width_and_spaced_headings(tmp_path):
    text = HEAD + "前言。\n第 三 章  推进绿色发展\n第 1 节  优化产业结构\n优化产业布局。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(a.number, a.title) for a in plan.actions] == [("第三章第1节", "优化产业结构")]


def test_numbered_tasks_win_over_lead_phrases(tmp_path):
    text = HEAD + "第三章 重点任务\n第一节 大气治理\n本节说明。\n1.推进治理。内容。\n2.加强监管。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(t.number, t.title) for t in plan.tasks] == [("1", "推进治理"), ("2", "加强监管")]


def test_chapter_intro_is_not_a_task_when_its_sections_hold_tasks(tmp_path):
    text = HEAD + "第三章 推进绿色发展\n坚持绿色发展。推动形成绿色格局。\n第一节 优化结构\n优化产业布局。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(a.number, [t.title for t in a.tasks]) for a in plan.actions] == [("第三章第一节", ["优化产业布局"])]


# -- 专栏 boxes → projects ----------------------------------------------------------------------

def test_box_works_become_projects_with_place_and_category(tmp_path):
    plan, _, _ = plan_of(tmp_path, CHAPTERS)
    got = [(p.box, p.category, p.name, p.place, p.place_level, p.chapter.number) for p in plan.projects]
    assert got == [
        ("专栏1 绿色发展工程", "重点行业改造工程", "甲县钢铁烧结机烟气循环利用项目", "甲县", "county", "第三章"),
        ("专栏1 绿色发展工程", "重点行业改造工程", "乙区综合节能改造项目", "乙区", "county", "第三章"),
        ("专栏1 绿色发展工程", "重点行业改造工程", "丙县丁镇污水处理厂建设工程", "丁镇", "township", "第三章"),
        ("专栏1 绿色发展工程", "机动车治理工程", "机动车治理工程", None, None, "第三章"),  # no named work
    ]
    assert plan.projects[0].span.quote == "甲县钢铁烧结机烟气循环利用项目"


@pytest.mark.parametrize("text,names", [
    ("甲村污水项目、乙河治理工程。", ["甲村污水项目", "乙河治理工程"]),
    ("建设新华区居民楼油烟处置项目；某公司共享喷涂中心建设项目。", ["新华区居民楼油烟处置项目", "某公司共享喷涂中心建设项目"]),
    ("污水工程主要有A县污水处理厂及管网建设项目、B县中水回用工程等工程。",
     ["A县污水处理厂及管网建设项目", "B县中水回用工程"]),
    ("开展C县砖厂治理改造项目，包括甲公司、乙公司有组织、无组织治理工艺升级。", ["C县砖厂治理改造项目"]),
    ("积极推进焦化、钢铁、水泥等企业超低排放改造。", []),
    ("D县生活污水一期、二期处理项目和E县餐厨垃圾处理厂及污泥利用建设项目。",
     ["D县生活污水一期、二期处理项目", "E县餐厨垃圾处理厂及污泥利用建设项目"]),
    ("F区环境监测能力建设（水、气、土壤）等工程。", ["F区环境监测能力建设（水、气、土壤）"]),
    ("G河生态修复工程野王东沟和香山沟综合整治工程等工程。", ["G河生态修复工程", "野王东沟和香山沟综合整治工程"]),
    ("应急防控中心项目：主要包括监测车、监测设备等。", ["应急防控中心项目"]),
    ("甲湿地建设项目（一期）、乙水厂项目。", ["甲湿地建设项目（一期）", "乙水厂项目"]),
])
def test_works_of_a_box_paragraph(text, names):
    assert [w.name for w in works(text)] == names
    assert all(text[w.start:w.end] == w.name for w in works(text))


@pytest.mark.parametrize("name,place", [
    ("平顶山市新华区餐厨垃圾处理项目", "新华区"), ("叶县农村污水处理项目", "叶县"), ("舞钢市朱兰街道污水管网工程", "朱兰街道"),
    ("河南省燕山湖湿地公园项目", "河南省"), ("许昌市建成区管网建设项目", "许昌市"), ("舞钢城乡水系连通工程", None),
    ("餐饮业油烟在线监控项目", None), ("市区排水管网工程", None),
])
def test_place_of_a_work(name, place):
    assert place_of(name) == place


def test_a_traditional_box(tmp_path):
    text = ("某某市“十四五”生態環境保護規劃\n前言。\n第三章 推進綠色發展\n第一節 優化結構\n優化產業佈局。內容。\n"
            "專欄1 綠色發展工程\n（一）改造工程。\n甲縣燒結機煙氣循環利用項目、乙區節能改造項目。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [(p.name, p.place) for p in plan.projects] == [("甲县烧结机烟气循环利用项目", "甲县"), ("乙区节能改造项目", "乙区")]


# -- responsibility on its own line, unit-first lists, bare lists ------------------------------

ACTION_PLAN = "某某市空气质量改善行动方案\n为改善空气质量，制定本方案。\n一、重点任务\n（一）工业治理行动\n"


def test_note_on_its_own_line_after_the_task(tmp_path):
    text = ACTION_PLAN + ("1.推进钢铁超低排放改造。2024年底前完成。\n牵头单位：市生态环境局；责任单位：各县（市、区）政府\n"
                          "2、加强扬尘治理。全面推行绿色施工。\n牵头单位:市住房城乡建设局;配合单位:市城管局、市交通运输局\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert rows(plan) == [
        ("一", "1", "推进钢铁超低排放改造", ["市生态环境局"], [], ["各县（市、区）政府"], ["2024-12-31"]),
        ("一", "2", "加强扬尘治理", ["市住房城乡建设局"], ["市城管局", "市交通运输局"], [], []),
    ]


def test_unit_first_list_on_its_own_lines(tmp_path):
    text = ACTION_PLAN + ("1.市生态环境局负责：\n（1）开展VOCs综合治理。2024年6月底前完成。\n（2）加强监测监控。\n"
                          "2.市交通运输局牵头：\n(1)推进公转铁。（市发展改革委配合）\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert rows(plan) == [
        ("一", "1", "开展VOCs综合治理", ["市生态环境局"], [], [], ["2024-06-30"]),
        ("一", "2", "加强监测监控", ["市生态环境局"], [], [], []),
        ("一", "1", "推进公转铁", ["市交通运输局"], ["市发展改革委"], [], []),
    ]


def test_unit_first_list_inline(tmp_path):
    text = ACTION_PLAN + "市城管局负责：（1）加强道路清扫保洁；（2）规范渣土运输管理。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(t.number, t.title, [u.name for u in t.units_in("lead")]) for t in plan.tasks] == [
        ("1", "加强道路清扫保洁", ["市城管局"]), ("2", "规范渣土运输管理", ["市城管局"])]


@pytest.mark.parametrize("note,lead,implement", [
    ("（市农业农村局、市生态环境局）", ["市农业农村局", "市生态环境局"], []),
    ("(市农业农村局、生态环境局)", ["市农业农村局", "市生态环境局"], []),
    ("（责任单位：市水利局、市生态环境局）", ["市水利局", "市生态环境局"], []),
    ("（责任部门：市自然资源和规划局）", ["市自然资源和规划局"], []),
    ("责任单位：市林业局", ["市林业局"], []),
    ("（牵头单位：市生态环境局；责任单位：各县（市、区）政府）", ["市生态环境局"], ["各县（市、区）政府"]),
])
def test_bare_unit_lists_and_labels(tmp_path, note, lead, implement):
    text = ACTION_PLAN + f"1.加强面源污染治理。推进秸秆综合利用。{note}\n"
    plan, _, _ = plan_of(tmp_path, text)
    task = plan.tasks[0]
    assert task.title == "加强面源污染治理"
    assert [u.name for u in task.units_in("lead")] == lead
    assert [u.name for u in task.units_in("implement")] == implement


def test_traditional_full_width_note_on_its_own_line(tmp_path):
    text = ("某某市空氣質量改善行動方案\n為改善空氣質量，制定本方案。\n一、重點任務\n（一）工業治理行動\n"
            "１．推進鋼鐵超低排放改造。２０２４年底前完成。\n牽頭單位：市生態環境局；配合單位：市發展改革委\n")
    plan, _, _ = plan_of(tmp_path, text)
    task = plan.tasks[0]
    assert task.title == "推进钢铁超低排放改造"
    assert [u.name for u in task.units_in("lead")] == ["市生态环境局"]
    assert [u.name for u in task.units_in("support")] == ["市发展改革委"]


# -- numbering styles ---------------------------------------------------------------------------

@pytest.mark.parametrize("items,numbers", [
    ("1.甲任务。内容。\n2.乙任务。内容。\n", ["1", "2"]),
    ("1、甲任务。内容。\n2、乙任务。内容。\n", ["1", "2"]),
    ("1．甲任务。内容。\n2．乙任务。内容。\n", ["1", "2"]),
    ("（1）甲任务。内容。\n（2）乙任务。内容。\n", ["1", "2"]),
    ("(1)甲任务。内容。\n(2)乙任务。内容。\n", ["1", "2"]),
    ("①甲任务。内容。\n②乙任务。内容。\n", ["①", "②"]),
    ("一是甲任务。内容。\n二是乙任务。内容。\n", ["一", "二"]),
])
def test_numbering_styles(tmp_path, items, numbers):
    plan, _, _ = plan_of(tmp_path, ACTION_PLAN + items)
    assert [(t.number, t.title) for t in plan.tasks] == list(zip(numbers, ["甲任务", "乙任务"]))


def test_paren_items_under_a_numbered_task_are_its_sub_items(tmp_path):
    text = ACTION_PLAN + "1.甲任务。内容如下：\n（1）细则一。\n（2）细则二。（市某局牵头）\n2.乙任务。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert "细则二" in plan.tasks[0].text


# -- responsibility tables ------------------------------------------------------------------------

@pytest.mark.parametrize("sep", ["\t", " | ", "｜", "  ", "\u3000"])
def test_task_tables_tab_pipe_or_space_separated(tmp_path, sep):
    head = sep.join(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    row1 = sep.join(["1", "推进钢铁超低排放改造。全面完成改造。", "市生态环境局", "市发展改革委、市工业和信息化局", "2024年底前"])
    row2 = sep.join(["2", "开展扬尘专项整治", "市住房城乡建设局", "市城管局", "2025年6月底前"])
    if sep.strip() in ("|", "｜"):
        head, row1, row2 = (f"{sep.strip()}{r}{sep.strip()}" for r in (head, row1, row2))
    text = ACTION_PLAN + "\n".join([head, row1, row2]) + "\n二、保障措施\n加强组织领导。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert rows(plan) == [
        ("一", "1", "推进钢铁超低排放改造", ["市生态环境局"], ["市发展改革委", "市工业和信息化局"], [], ["2024-12-31"]),
        ("一", "2", "开展扬尘专项整治", ["市住房城乡建设局"], ["市城管局"], [], ["2025-06-30"]),
    ]
    task = plan.tasks[0]
    assert task.note == "牵头单位：市生态环境局；配合单位：市发展改革委、市工业和信息化局"
    assert task.deadlines[0].span.quote == "2024年底前"


def test_task_table_with_responsibility_and_category_rows(tmp_path):
    text = ACTION_PLAN + ("序号\t工作内容\t责任单位\t时间节点\n一、大气\t\t\t\n1\t推进燃煤锅炉整治\t市生态环境局（牵头）、市市场监管局\t持续推进\n")
    plan, _, _ = plan_of(tmp_path, text)
    task = plan.tasks[0]
    assert (task.number, task.title) == ("1", "推进燃煤锅炉整治")
    assert [u.name for u in task.units_in("lead")] == ["市生态环境局"]
    assert [u.name for u in task.units_in("support")] == ["市市场监管局"]
    assert task.deadlines == []


@pytest.mark.parametrize("line,cells", [
    ("a\tb\t\tc", ["a", "b", "", "c"]),
    ("| a | b |", ["a", "b"]),
    ("a  b   c", ["a", "b", "c"]),
    ("一段普通的文字，没有分隔。", ["一段普通的文字，没有分隔。"]),
])
def test_split_row(line, cells):
    got = split_row(line)
    assert [c for _, c in got] == cells
    assert all(line[s:s + len(c)] == c for s, c in got)


def test_a_header_needs_a_task_column_and_a_unit_or_time_column():
    assert read_header(split_row("序号\t任务\t牵头单位")) is not None
    assert read_header(split_row("序号\t重点工作\t完成时限")) is not None
    assert read_header(split_row("指标\t2020年\t2025年")) is None
    assert read_header(split_row("序号\t企业名称\t行业")) is None


# -- appendix enterprise lists ------------------------------------------------------------------

ENTERPRISES = ACTION_PLAN + """1.推进重点企业深度治理。对附表1所列企业开展深度治理。（市生态环境局牵头）
2.推进甲化工有限公司搬迁。（市工业和信息化局牵头）
附表1 重点企业名单
序号\t县（市、区）\t乡镇\t企业名称\t行业
1\t某某县\t城关镇\t甲化工有限公司\t化工
2\t某某区\t东风街道\t乙建材有限公司\t建材
"""


def test_appendix_enterprises_link_to_the_plan_and_to_the_tasks_that_tie_them(tmp_path):
    plan, _, _ = plan_of(tmp_path, ENTERPRISES)
    assert [(e.number, e.name, e.county, e.township, e.industry, e.table) for e in plan.enterprises] == [
        ("1", "甲化工有限公司", "某某县", "城关镇", "化工", "附表1 重点企业名单"),
        ("2", "乙建材有限公司", "某某区", "东风街道", "建材", "附表1 重点企业名单"),
    ]
    first, second = plan.tasks
    assert first.enterprises == [1, 2]  # cites 附表1
    assert second.enterprises == [1]  # names the enterprise
    assert plan.enterprises[0].span.quote.startswith("1\t某某县")


def test_appendix_table_flattened_one_cell_per_line():
    lines = ["附表：某县重点企业清单", "序号", "乡镇", "企业名称", "行业",
             "1", "城郊乡", "丙纸业有限公司", "造纸", "2", "城关镇", "丁铸造厂", "铸造"]
    paras, pos = [], 0
    for line in lines:
        paras.append((pos, line))
        pos += len(line) + 1
    got = read_enterprises(paras)
    assert [(r.number, r.township, r.name, r.industry, r.table) for r in got] == [
        ("1", "城郊乡", "丙纸业有限公司", "造纸", "附表：某县重点企业清单"),
        ("2", "城关镇", "丁铸造厂", "铸造", "附表：某县重点企业清单")]


def test_pipe_separated_traditional_enterprise_list(tmp_path):
    text = ENTERPRISES.split("\n附表1")[0] + "\n附表1 重點企業名單\n| 序號 | 縣（市、區） | 企業名稱 | 所屬行業 |\n| 1 | 某某縣 | 甲化工有限公司 | 化工 |\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(e.name, e.county, e.industry) for e in plan.enterprises] == [("甲化工有限公司", "某某县", "化工")]


# -- in the graph: chapters, action kinds, projects, enterprises; SHACL -----------------------

def _quads(tmp_path, text: str, name: str):
    import hashlib

    from kg.rdf import SourceDocument, plan_quads

    plan, _, doc = plan_of(tmp_path, text, name)
    source = SourceDocument(doc.name, hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), len(doc.text))
    return plan, plan_quads(plan, source)


def _store(quads):
    from pyoxigraph import Store

    store = Store()
    store.extend(quads)
    return store


PREFIXES = """PREFIX pol: <https://w3id.org/policykg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#> """


def test_the_graph_of_a_chapter_style_plan(tmp_path):
    plan, quads = _quads(tmp_path, CHAPTERS, "five-year.txt")
    store = _store(quads)
    q = PREFIXES + """SELECT ?action ?kind ?chapter WHERE { GRAPH ?g {
        ?p pol:hasAction ?a . ?a skos:notation ?action ; pol:actionKind ?kind ; pol:order ?o .
        OPTIONAL { ?a pol:inChapter/skos:notation ?chapter } } } ORDER BY ?o"""
    got = [(r["action"].value, r["kind"].value, r["chapter"].value) for r in store.query(q)]
    assert got == [(a.number, a.kind, a.chapter.number) for a in plan.actions]
    q = PREFIXES + """SELECT ?name ?box ?place ?quote WHERE { GRAPH ?g {
        ?p pol:hasProject ?w . ?w dcterms:title ?name ; pol:box ?box ; pol:order ?o ; pol:span/oa:exact ?quote .
        OPTIONAL { ?w pol:jurisdiction/rdfs:label ?place } } } ORDER BY ?o"""
    got = [(r["name"].value, r["place"].value if r["place"] else None) for r in store.query(q)]
    assert got == [(p.name, p.place) for p in plan.projects]
    q = PREFIXES + """SELECT ?level WHERE { GRAPH ?g { ?j rdfs:label "丁镇" ; pol:level ?level } }"""
    assert [r["level"].value for r in store.query(q)] == ["township"]


def test_the_graph_of_appendix_enterprises(tmp_path):
    plan, quads = _quads(tmp_path, ENTERPRISES, "with-appendix.txt")
    store = _store(quads)
    q = PREFIXES + """SELECT ?task ?name ?industry WHERE { GRAPH ?g {
        ?t pol:concernsEnterprise ?e ; skos:notation ?task . ?e skos:prefLabel ?name ; pol:industry ?industry } }
        ORDER BY ?task ?name"""
    got = [(r["task"].value, r["name"].value, r["industry"].value) for r in store.query(q)]
    assert got == [("1", "乙建材有限公司", "建材"), ("1", "甲化工有限公司", "化工"), ("2", "甲化工有限公司", "化工")]
    q = PREFIXES + "SELECT (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?p pol:listsEnterprise ?e } }"
    assert int(next(iter(store.query(q)))["n"].value) == len(plan.enterprises) == 2


def test_the_new_nodes_conform_to_the_shapes_and_a_broken_one_does_not(tmp_path):
    import rdflib

    from kg.rdf import vocabulary_quads
    from kg.terms import DCTERMS, POL, to_rdflib
    from kg.validate import validate

    _, quads = _quads(tmp_path, CHAPTERS, "five-year.txt")
    _, more = _quads(tmp_path, ENTERPRISES, "with-appendix.txt")
    graph = rdflib.Graph()
    for quad in quads + more + vocabulary_quads():
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    report = validate(graph)
    assert report.conforms, report.text
    project = next(s for s, _, o in graph.triples((None, to_rdflib(POL.box), None)))
    graph.remove((project, to_rdflib(DCTERMS.title), None))
    chapter = next(s for s, _, _ in graph.triples((None, rdflib.RDF.type, to_rdflib(POL.Chapter))))
    graph.add((chapter, to_rdflib(POL.actionKind), rdflib.Literal("part")))
    report = validate(graph)
    assert not report.conforms
    assert "A project needs exactly one name" in report.text
    assert "action, chapter or section" in report.text


def test_bracketed_items_with_a_body_inside_a_section_are_its_tasks(tmp_path):
    text = HEAD + ("前言。\n第三章 推进绿色发展\n第一节 优化结构\n（一）优化产业布局。加快搬迁改造，2024年底前完成。\n"
                   "(二)推进落后产能淘汰。依法关停退出。\n第二节 能源转型\n（一）发展清洁能源\n发展风电。内容。\n"
                   "发展光伏。内容。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [r[:3] for r in rows(plan)] == [
        ("第三章第一节", "一", "优化产业布局"), ("第三章第一节", "二", "推进落后产能淘汰"),
        ("第三章第二节（一）", "1", "发展风电"), ("第三章第二节（一）", "2", "发展光伏")]
    assert [d.date.isoformat() for d in plan.tasks[0].deadlines] == ["2024-12-31"]


@pytest.mark.parametrize("para,title", [
    ("优化产业布局。落实一企一策，加快搬迁改造。", "优化产业布局"),
    ("优化产业布局：落实一企一策，加快搬迁改造。", "优化产业布局"),
    ("優化產業佈局:落實一企一策,加快搬遷改造。", "优化产业布局"),
    ("强化工业污染防治工作！加快淘汰落后工艺。", "强化工业污染防治工作"),
])
def test_lead_phrases_closed_by_a_full_stop_or_a_colon(tmp_path, para, title):
    plan, _, _ = plan_of(tmp_path, HEAD + "前言。\n第三章 推进绿色发展\n第一节 优化结构\n" + para + "\n")
    assert [t.title for t in plan.tasks] == [title]


@pytest.mark.parametrize("para", ["主要任务如下：一是推进治理，二是加强监管，三是完善制度。",
                                  "到2025年，全市空气质量优良天数比例达到80%以上。",
                                  "“十四五”时期，我市将全面推进绿色转型发展。",
                                  "以绿色发展为主线，推进产业转型，建立健全绿色低碳循环发展体系，推动形成绿色发展格局。"])
def test_paragraphs_that_are_not_lead_phrase_tasks(tmp_path, para):
    text = HEAD + "前言。\n第三章 推进绿色发展\n第一节 优化结构\n" + para + "\n优化能源结构。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [t.title for t in plan.tasks] == ["优化能源结构"]


def test_parts_with_numbered_headings_inside(tmp_path):
    text = HEAD + ("前言。\n第一部分 总体要求\n坚持绿色发展。\n第二部分 主要任务\n一、优化产业结构\n优化产业布局。内容。\n"
                   "二、推动能源转型\n1.发展清洁能源。内容。（市发展改革委牵头）\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [(c.number, c.title) for c in plan.chapters] == [("第一部分", "总体要求"), ("第二部分", "主要任务")]
    assert [r[:4] for r in rows(plan)] == [("第二部分一", "1", "优化产业布局", []),
                                          ("第二部分二", "1", "发展清洁能源", ["市发展改革委"])]


def test_numbered_headings_and_paragraphs_inside_a_section(tmp_path):
    text = HEAD + ("前言。\n第四章 深入打好污染防治攻坚战\n第一节 持续改善大气环境质量\n一、推进PM2.5和臭氧协同控制\n"
                   "加强VOCs治理。内容。\n推进NOx减排。内容。\n二、强化移动源污染防治\n淘汰老旧车辆。内容。\n"
                   "第二节 持续改善水环境\n一、保护饮用水源。划定保护区，2024年底前完成。\n二、治理黑臭水体。内容。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [r[:3] for r in rows(plan)] == [
        ("第四章第一节一", "1", "加强VOCs治理"), ("第四章第一节一", "2", "推进NOx减排"),
        ("第四章第一节二", "1", "淘汰老旧车辆"),
        ("第四章第二节", "一", "保护饮用水源"), ("第四章第二节", "二", "治理黑臭水体")]
    assert [a.title for a in plan.actions][:2] == ["推进PM2.5和臭氧协同控制", "强化移动源污染防治"]


def test_the_appendix_lists_of_the_bundled_county_plan():
    """附表1–4 of the blue-sky plan (one cell per line): every row read, compared with a plain scan
    of the raw file (independent of kg)."""
    import re

    from conftest import CORPUS

    path = CORPUS / "nanzhao-2024-blue-sky-plan.txt"
    raw = path.read_text(encoding="utf-8").splitlines()
    want, table, cells = [], None, []

    def flush():
        if table and cells:
            header_end = cells.index("1")
            n = header_end  # columns
            name_col = next(i for i, h in enumerate(cells[:n]) if "名称" in h)
            body = cells[header_end:]
            for k in range(0, len(body), n):
                want.append((table, body[k], body[k + name_col]))

    for line in raw:
        if re.match(r"^附表\d+$", line.strip()):
            flush()
            table, cells = line.strip(), []
        elif table and line.startswith("\t") and line.strip():
            cells.append(line.strip())
    flush()
    plan, _ = extract(load(path))
    got = [(e.table.split()[0], e.number, e.name) for e in plan.enterprises]
    assert got == want and len(got) == 11
    assert all(e.township and e.township.endswith(("乡", "镇")) for e in plan.enterprises)
    # tied to a task whose title shares the table's topic
    from kg.extract.pipeline import TOPIC_OVERLAP, _overlap, table_topic

    for task in plan.tasks:
        for k in task.enterprises:
            assert _overlap(table_topic(plan.enterprises[k - 1].table), task.title) >= TOPIC_OVERLAP
    assert sum(bool(t.enterprises) for t in plan.tasks) >= 1


def test_a_note_on_its_own_line_after_a_lead_phrase_task(tmp_path):
    text = HEAD + ("前言。\n第三章 推进绿色发展\n第一节 优化结构\n优化产业布局。加快搬迁改造。\n"
                   "牵头单位：市发展改革委；配合单位：市工业和信息化局\n推进落后产能淘汰。依法关停退出。\n（市工业和信息化局牵头）\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [r[1:5] for r in rows(plan)] == [("1", "优化产业布局", ["市发展改革委"], ["市工业和信息化局"]),
                                           ("2", "推进落后产能淘汰", ["市工业和信息化局"], [])]


def test_an_action_heading_that_names_its_unit(tmp_path):
    text = ACTION_PLAN.replace("（一）工业治理行动\n", "") + "（一）市生态环境局负责\n1.开展VOCs治理。内容。\n2.加强监测。内容。\n"
    plan, _, _ = plan_of(tmp_path, text)
    assert [(t.number, [u.name for u in t.units_in("lead")]) for t in plan.tasks] == [
        ("1", ["市生态环境局"]), ("2", ["市生态环境局"])]


def test_a_traditional_note_on_its_own_line_after_a_lead_phrase_task(tmp_path):
    text = ("某某市“十四五”生態環境保護規劃\n前言。\n第三章 推進綠色發展\n第一節 優化結構\n優化產業佈局。加快搬遷改造。\n"
            "牽頭單位：市發展改革委；配合單位：市工業和信息化局\n推進落後產能淘汰。依法關停退出。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [r[1:5] for r in rows(plan)] == [("1", "优化产业布局", ["市发展改革委"], ["市工业和信息化局"]),
                                           ("2", "推进落后产能淘汰", [], [])]


def test_a_task_table_in_the_appendix_is_an_action_of_its_own(tmp_path):
    text = ACTION_PLAN + ("1.推进钢铁超低排放改造。内容。（市生态环境局牵头）\n二、保障措施\n加强组织领导。\n附件1\n重点任务分解表\n"
                          "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t开展扬尘专项整治\t市住房城乡建设局\t市城管局\t2025年6月底前\n"
                          "2\t推进公转铁\t市发展改革委\t\t2024年底前\n附件2\n企业名单\n序号\t企业名称\t行业\n1\t甲公司\t化工\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [(a.number, a.title) for a in plan.actions] == [("一", "工业治理行动"), ("附件1", "重点任务分解表")]
    assert rows(plan)[1:] == [
        ("附件1", "1", "开展扬尘专项整治", ["市住房城乡建设局"], ["市城管局"], [], ["2025-06-30"]),
        ("附件1", "2", "推进公转铁", ["市发展改革委"], [], [], ["2024-12-31"])]
    assert [e.name for e in plan.enterprises] == ["甲公司"]


def test_tasks_go_on_after_a_box_in_the_middle_of_a_section(tmp_path):
    text = HEAD + ("前言。\n第四章 改善大气环境\n第一节 深度治理\n推进重点行业提标治理。内容。\n专栏2 蓝天工程\n（一）VOCs综合治理工程。\n"
                   "甲区居民楼油烟处置项目；乙县共享喷涂中心建设项目。\n"
                   "加强扬尘精细化治理。强化工地扬尘污染防治，全面推行绿色施工，做好重污染天气预警、大风天气条件下施工工地和道路扬尘管控。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [t.title for t in plan.tasks] == ["推进重点行业提标治理", "加强扬尘精细化治理"]
    assert [p.name for p in plan.projects] == ["甲区居民楼油烟处置项目", "乙县共享喷涂中心建设项目"]


# -- properties of the parsers -----------------------------------------------------------------


_PIECES = st.sampled_from(["项目", "工程", "、", "，", "。", "；", "和", "及", "等", "（", "）", "|", "\t", "  ", "\u3000",
                           "新华区", "叶县", "某市", "专栏1", "（一）", "1", "序号", "牵头单位", "完成时限", "附表1",
                           "优化产业布局", "建设", "开展", "主要有", "包括", "：", "企业名称", "乡", "镇"])
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_works_and_cells_always_point_into_their_text(text):
    for w in works(text):
        assert text[w.start:w.end] == w.name and w.name
    for start, cell in split_row(text):
        assert text[start:start + len(cell)] == cell
    place_of(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS, max_size=12))
def test_enterprise_rows_point_into_their_paragraphs(lines):
    paras, pos = [], 0
    for line in lines:
        if line:
            paras.append((pos, line))
        pos += len(line) + 1
    text = "\n".join(lines)
    for row in read_enterprises(paras):
        assert 0 <= row.start <= row.end <= len(text)
        assert row.name in text[row.start:row.end]


def test_a_traditional_full_width_task_table(tmp_path):
    text = ("某某市空氣質量改善行動方案\n為改善空氣質量，制定本方案。\n一、重點任務\n（一）工業治理行動\n"
            "序號\t重點任務\t牽頭單位\t配合單位\t完成時限\n１\t推進鋼鐵超低排放改造\t市生態環境局\t市發展改革委\t２０２４年底前\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert rows(plan) == [("一", "1", "推进钢铁超低排放改造", ["市生态环境局"], ["市发展改革委"], [], ["2024-12-31"])]
    assert plan.tasks[0].deadlines[0].span.quote == "２０２４年底前"


def test_a_task_table_with_categories_gives_actions(tmp_path):
    text = ("某某市空气质量改善行动方案\n为改善空气质量，制定本方案。\n一、重点任务\n"
            "序号\t类别\t重点任务\t牵头单位\t完成时限\n1\t工业污染治理\t推进钢铁超低排放改造\t市生态环境局\t2024年底前\n"
            "2\t\t开展锅炉综合整治\t市生态环境局\t2025年底前\n3\t移动源治理\t淘汰老旧柴油货车\t市交通运输局\t2024年6月底前\n"
            "二、保障措施\n加强组织领导。\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [(a.number, a.title, [t.title for t in a.tasks]) for a in plan.actions] == [
        ("1", "工业污染治理", ["推进钢铁超低排放改造", "开展锅炉综合整治"]), ("2", "移动源治理", ["淘汰老旧柴油货车"])]


def test_merged_category_rows_of_a_task_table_give_actions(tmp_path):
    text = ("某某市空气质量改善行动方案\n为改善空气质量，制定本方案。\n一、重点任务\n序号\t重点任务\t牵头单位\t完成时限\n"
            "（一）工业污染治理\t\t\t\n1\t推进钢铁超低排放改造\t市生态环境局\t2024年底前\n"
            "（二）移动源治理\t\t\t\n2\t淘汰老旧柴油货车\t市交通运输局\t2024年6月底前\n")
    plan, _, _ = plan_of(tmp_path, text)
    assert [(a.number, a.title, [t.number for t in a.tasks]) for a in plan.actions] == [
        ("一", "工业污染治理", ["1"]), ("二", "移动源治理", ["2"])]


# -- jurisdictions the title names ------------------------------------------------------------

@pytest.mark.parametrize("title,own,city_unit", [
    # a district plan whose title names its city: 市… units are that city's, 区… units the district's
    ("新乡市红旗区2024年蓝天保卫战实施方案", "红旗区", "新乡市生态环境局红旗分局"),
    ("南阳市宛城区大气污染防治攻坚方案", "宛城区", "南阳市生态环境局红旗分局"),
    # a county-level city named after a county: 市… units are its own
    ("辉县市2024年蓝天保卫战实施方案", "辉县市", "辉县市生态环境局红旗分局"),
    # traditional characters
    ("新鄉市紅旗區2024年藍天保衛戰實施方案", "红旗区", "新乡市生态环境局红旗分局"),
])
def test_units_take_the_jurisdictions_the_title_names(tmp_path, title, own, city_unit):
    text = (title + "\n\n一、重点任务\n\n（一）工业污染治理\n\n"
            "1.推进企业深度治理。2024年底前完成。（区生态环境分局牵头，市生态环境局红旗分局、区发展改革委配合）\n")
    if "區" in title:
        text = text.replace("区生态环境分局", "區生態環境分局").replace("市生态环境局红旗分局", "市生態環境局紅旗分局")
    plan, _, _ = plan_of(tmp_path, text)
    assert plan.jurisdiction == own
    units = {u.canonical for t in plan.tasks for u in t.units}
    assert city_unit in units
    if own.endswith("区"):
        assert own + "发展和改革委员会" in units and own + "生态环境局" in units


@pytest.mark.parametrize("note,dates", [
    ("（市生态环境局牵头，市财政局配合，2024年底前完成）", ["2024-12-31"]),
    ("（责任单位：市生态环境局；完成时限：2024年6月底前）", ["2024-06-30"]),
    ("（市生态环境局牵头）2025年6月底前完成。", ["2025-06-30"]),
    ("（市生態環境局牽頭，2024年底前完成）", ["2024-12-31"]),
])
def test_deadlines_inside_or_after_the_note(tmp_path, note, dates):
    text = "新乡市2024年大气污染防治攻坚方案\n\n一、重点任务\n\n（一）工业污染治理\n\n1.推进企业深度治理。" + note + "\n"
    plan, _, _ = plan_of(tmp_path, text)
    (task,) = plan.tasks
    assert [d.date.isoformat() for d in task.deadlines] == dates
    assert task.units_in("lead") and task.title == "推进企业深度治理"
    quote = task.deadlines[0].span.quote if task.deadlines[0].span else None
    assert quote and quote in text
