"""Plan metadata from the preamble (kg.extract.metadata), on excerpts written for the genre."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.documents import clean
from kg.extract.metadata import level_of, parse_date_line, place_of, read_metadata
from kg.extract.outline import read_outline


def metadata(text: str, fields=None, stem="doc"):
    view, found = clean(text)
    paras = []
    pos = 0
    for p in view.text.split("\n"):
        if p:
            paras.append((pos, p))
        pos += len(p) + 1
    outline = read_outline(paras)
    return read_metadata([(p.offset, p.text) for p in outline.preamble], view.text, fields or found, stem)


NOTICE = """甲市人民政府办公室关于印发甲市大气污染防治攻坚行动方案（2024—2026年）的通知

甲政办〔2024〕7号

各县（市、区）人民政府，市人民政府各部门：

《甲市大气污染防治攻坚行动方案（2024—2026年）》已经市政府同意，现印发给你们，请认真贯彻执行。

甲市人民政府办公室

2024年3月5日

甲市大气污染防治攻坚行动方案（2024—2026年）

为持续改善空气质量，根据《乙省人民政府关于印发乙省空气质量持续改善行动计划的通知》（乙政〔2024〕3号）和《甲市“十四五”生态环境保护规划》，结合我市实际，制定本方案。

一、总体要求
"""


def test_a_full_notice():
    md = metadata(NOTICE)
    assert md.title == "甲市大气污染防治攻坚行动方案（2024—2026年）"
    assert not md.title_inferred
    assert md.identifier == "甲政办〔2024〕7号"
    assert md.issuer == "甲市人民政府办公室"
    assert md.issued == dt.date(2024, 3, 5)
    assert (md.period_start, md.period_end) == (2024, 2026)
    assert (md.jurisdiction, md.level) == ("甲市", "city")
    assert [(p.title, p.identifier) for p, _ in md.parents] == [
        ("乙省空气质量持续改善行动计划", "乙政〔2024〕3号"), ("甲市“十四五”生态环境保护规划", None)]


def test_title_line_only_with_half_width_brackets():
    md = metadata("丙县推动生态环境质量稳定向好三年行动实施方案(2023—2025年)\n\n一、总体要求\n")
    assert md.title == "丙县推动生态环境质量稳定向好三年行动实施方案(2023—2025年)"
    assert (md.jurisdiction, md.level) == ("丙县", "county")
    assert md.identifier is None and md.issuer is None


def test_title_split_over_two_lines_and_issuer_on_the_line_above():
    text = ("丁市人民政府办公室\n\n关于印发丁市推动生态环境质量稳定向好\n\n三年行动实施方案(2023—2025年)的通知\n\n"
            "丁政办〔2023〕27号\n\n2023年9月1日\n\n一、总体要求\n")
    md = metadata(text)
    assert md.title == "丁市推动生态环境质量稳定向好三年行动实施方案(2023—2025年)"
    assert md.issuer == "丁市人民政府办公室"
    assert md.identifier == "丁政办〔2023〕27号"
    assert md.issued == dt.date(2023, 9, 1)


def test_web_page_fields_fill_what_the_body_lacks():
    md = metadata("戊市某某行动计划\n\n一、总体要求\n", fields={"文号": "戊政〔2022〕9号", "发文日期": "2022年05月08日"})
    assert md.identifier == "戊政〔2022〕9号"
    assert md.issued == dt.date(2022, 5, 8)


def test_missing_title_is_inferred_from_the_parent_and_flagged():
    text = ("为持续改善全县环境空气质量，根据《己市2024年蓝天保卫战实施方案》，结合我县实际，制定本方案。\n"
            "一、总体要求\n全县上下协同推进。为高水平建设贡献庚县力量。庚县各乡镇要加强组织。\n")
    md = metadata(text)
    assert md.title_inferred
    assert md.jurisdiction == "庚县" and md.level == "county"
    assert md.title == "庚县2024年蓝天保卫战实施方案"
    assert (md.period_start, md.period_end) == (2024, 2024)


def test_five_year_plan_period():
    md = metadata("辛市“十四五”生态环境保护规划\n\n一、规划基础\n")
    assert (md.period_start, md.period_end) == (2021, 2025)


@pytest.mark.parametrize("text,date", [
    ("2023年9月14日", dt.date(2023, 9, 14)),
    ("二〇二二年六月", dt.date(2022, 6, 1)),
    ("二〇二四年十二月二十日", dt.date(2024, 12, 20)),
    ("2024年13月1日", None),
    ("到2025年", None),
])
def test_date_lines(text, date):
    assert parse_date_line(text) == date


@pytest.mark.parametrize("title,place,level", [
    ("河南省推动生态环境质量稳定向好三年行动计划", "河南省", "province"),
    ("新乡市推动生态环境质量稳定向好三年行动计划", "新乡市", "city"),
    ("南阳市宛城区大气污染防治方案", "宛城区", "county"),
    ("城关镇人民政府关于印发某方案的通知", "城关镇", "township"),
    ("关于印发某方案的通知", None, None),
    ("全市空气质量提升方案", None, None),
])
def test_place_of_a_title(title, place, level):
    assert place_of(title) == place
    assert (level_of(place) if place else None) == level


@pytest.mark.parametrize("title,place", [
    ("郑州市大气污染防治攻坚方案", "郑州市"),  # a name ending in 州 keeps its 市
    ("东州市生态环境保护三年行动方案（2023—2025年）", "东州市"),
    ("河南省郑州市金水区关于印发某方案的通知", "金水区"),
    ("恩施土家族苗族自治州人民政府关于印发某方案的通知", "恩施土家族苗族自治州"),
    # county-level cities named after a county keep their 市; a county's 市场 topic does not
    ("辉县市2021年农村人居环境整治提升工作方案", "辉县市"),
    ("新乡市辉县市人民政府关于印发某方案的通知", "辉县市"),
    ("滑县2024年大气污染防治攻坚方案", "滑县"),
    ("滑县市场监管领域安全生产专项整治方案", "滑县"),
    ("社旗县2023年蓝天保卫战实施方案", "社旗县"),
    ("新乡市红旗区2024年蓝天保卫战实施方案", "红旗区"),
    ("三门峡市陕州区大气污染防治方案", "陕州区"),
    # a development zone keeps the place named before it (such zones lie in many cities)
    ("郑州经济技术开发区2024年蓝天保卫战实施方案", "郑州经济技术开发区"),
    ("开封市城乡一体化示范区2024年大气污染防治方案", "开封市城乡一体化示范区"),
    ("洛阳市老城区2024年大气污染防治方案", "老城区"),
    ("阿巴嘎旗人民政府关于印发某方案的通知", "阿巴嘎旗"),
])
def test_place_names_ending_in_zhou(title, place):
    assert place_of(title) == place


def test_missing_title_inferred_from_what_the_plan_is_for():
    # no parent plan to borrow a title from: the jurisdiction, the purpose clause, the kind of plan
    text = ("为认真贯彻落实上级决策部署，深入打好碧水保卫战，持续改善全县水环境质量，结合我县实际，制定本方案。\n"
            "一、工作目标\n到2025年，全县地表水达到或好于Ⅲ类水体比例达到80%。壬县各乡镇要落实责任。壬县河长办要加强调度。\n")
    md = metadata(text)
    assert md.title_inferred and md.jurisdiction == "壬县"
    assert md.title == "壬县深入打好碧水保卫战实施方案"


def test_missing_title_in_traditional_characters():
    text = ("為持續改善全縣環境空氣質量，根據《己市2024年藍天保衛戰實施方案》，結合我縣實際，制定本方案。\n"
            "一、總體要求\n全縣上下協同推進。為高水平建設貢獻庚縣力量。庚縣各鄉鎮要加強組織。\n")
    md = metadata(text)
    assert md.title_inferred and md.jurisdiction == "庚县"
    assert md.title == "庚县2024年蓝天保卫战实施方案"


def test_missing_title_without_any_clue_falls_back_to_the_file_name():
    md = metadata("一、总体要求\n加强组织领导。\n", stem="plan-2024")
    assert md.title_inferred and md.title == "plan-2024"


def test_a_title_at_the_top_is_not_inferred():
    md = metadata("辛县2024年蓝天保卫战实施方案\n\n为持续改善空气质量，制定本方案。\n\n一、总体要求\n")
    assert not md.title_inferred and md.title == "辛县2024年蓝天保卫战实施方案"
