"""kg.extract.targets: target clauses, the indicator vocabulary and its loader. Excerpts are written
for the genre, not copied from a document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import OntologyError
from kg.extract.targets import (
    DEFAULT_INDICATORS,
    FoundTarget,
    TargetContext,
    find_targets,
    indicator_key,
    load_indicators,
    normalize_indicator,
)

CITY = TargetContext(jurisdiction="东州市", period_end=2025)
COUNTY = TargetContext(jurisdiction="西平县", period_end=2024)
BARE = TargetContext(jurisdiction=None, period_end=None)

# (excerpt, context, [{field: expected, …} per target]); fields not named are not checked
T = dict
CASES: list[tuple[str, TargetContext, list[dict]]] = [
    (
        "到2025年，全市细颗粒物浓度低于36微克/立方米，空气质量优良天数比率达到82.5%，"
        "重度及以上污染天数比例控制在0.3%以下",
        CITY,
        [
            T(indicator="细颗粒物浓度", indicator_key="细颗粒物浓度", comparator="<", value=Decimal("36"),
              unit="微克/立方米", year=2025, scope="东州市", hedged=False, text="全市细颗粒物浓度低于36微克/立方米"),
            T(indicator="空气质量优良天数比率", indicator_key="优良天数比例", comparator=">=", value=Decimal("82.5"),
              value_text="82.5", unit="%", year=2025),
            T(indicator="重度及以上污染天数比例", indicator_key="重污染天数比例", comparator="<=",
              value=Decimal("0.3"), unit="%", year=2025),
        ],
    ),
    (
        "到 2025 年，地表水达到或好于Ⅲ类水体比例达到 80%以上，劣Ⅴ类水体基本消除；受污染耕地安全利用率达到 95%。",
        COUNTY,
        [
            T(indicator="地表水达到或好于Ⅲ类水体比例", indicator_key="地表水Ⅲ类及以上水体比例", comparator=">=",
              value=Decimal("80"), year=2025),
            T(indicator="劣Ⅴ类水体", indicator_key="劣Ⅴ类水体比例", comparator=None, value=None,
              value_text="基本消除", unit=None, year=2025),
            # ； separates the groups of one 主要目标 sentence: 到2025年 still governs
            T(indicator="受污染耕地安全利用率", indicator_key="受污染耕地安全利用率", value=Decimal("95"),
              year=2025),
        ],
    ),
    # half-width punctuation, full-width digits
    ("到2025年,全县受污染耕地安全利用率达到95%;", COUNTY,
     [T(indicator="受污染耕地安全利用率", value=Decimal("95"), year=2025, scope="西平县")]),
    ("到２０２５年，森林覆盖率达到３２．５％。", CITY,
     [T(indicator="森林覆盖率", indicator_key="森林覆盖率", value=Decimal("32.5"), value_text="32.5", unit="%", year=2025)]),
    # comparators
    ("重污染天数比例不高于1.5%。", CITY, [T(comparator="<=", value=Decimal("1.5"), indicator_key="重污染天数比例")]),
    ("全市煤炭消费占比降至55%以下。", CITY, [T(indicator="煤炭消费占比", indicator_key="煤炭消费占比", comparator="<=")]),
    ("非化石能源消费比重提高到18%以上。", CITY, [T(indicator_key="非化石能源消费占比", comparator=">=", value=Decimal("18"))]),
    ("PM2.5 年均浓度控制在 40 微克/立方米以内。", CITY,
     [T(indicator="PM2.5年均浓度", indicator_key="细颗粒物浓度", comparator="<=", value=Decimal("40"))]),
    ("细颗粒物（PM2.5）平均浓度不超过 38μg/m³。", CITY,
     [T(indicator_key="细颗粒物浓度", comparator="<=", unit="微克/立方米")]),
    ("新能源汽车比例高于60%。", CITY, [T(indicator_key="新能源汽车比例", comparator=">")]),
    ("城市集中供热普及率不低于85%。", CITY, [T(indicator_key="集中供热普及率", comparator=">=")]),
    ("主要河流断面氨氮浓度小于 1.5 毫克/升。", CITY, [T(comparator="<", unit="毫克/升", value=Decimal("1.5"))]),
    ("供水管网漏损率降低到 9%左右。", CITY, [T(indicator_key="公共供水管网漏损率", comparator="=", value=Decimal("9"))]),
    ("医疗废物安全处置率达 100%。", CITY, [T(indicator_key="医疗废物安全处置率", comparator=">=", value=Decimal("100"))]),
    ("畜禽粪污综合利用率稳定在 90% 以上。", CITY,
     [T(indicator_key="畜禽粪污综合利用率", comparator=">=", year=2025)]),  # year from the context
    # changes
    ("到2025年，全市铁路货运量较2021年增加300万吨以上。", CITY,
     [T(indicator="铁路货运量", indicator_key="铁路货运量", comparator="increase", value=Decimal("300"),
        unit="万吨", baseline_year=2021, year=2025)]),
    ("公路货物周转量占比较2022年下降8个百分点。", CITY,
     [T(indicator="公路货物周转量占比", comparator="decrease", value=Decimal("8"), unit="个百分点", baseline_year=2022)]),
    ("单位地区生产总值能耗比2020年下降13.5%。", CITY,
     [T(indicator_key="单位地区生产总值能耗降低", comparator="decrease", baseline_year=2020)]),
    ("PM2.5浓度由2020年的50微克/立方米下降到40微克/立方米。", CITY,
     [T(indicator="PM2.5浓度", comparator="<=", value=Decimal("40"), baseline_year=2020,
        baseline_value=Decimal("50"))]),
    ("力争到2025年，全市优良天数比例达到85%。", CITY, [T(indicator="优良天数比例", hedged=True, year=2025)]),
    ("力争集装箱铁水联运量同比增长20%。", CITY,
     [T(indicator="集装箱铁水联运量", comparator="increase", value=Decimal("20"), hedged=True)]),
    # capacities, areas, counts
    ("光伏发电装机容量达到 150 万千瓦。", CITY, [T(indicator_key="光伏发电装机容量", unit="万千瓦", value=Decimal("150"))]),
    ("到2025年，历史遗留矿山生态修复面积 1.2 万亩以上，", CITY,
     [T(indicator="历史遗留矿山生态修复面积", comparator=">=", value=Decimal("1.2"), unit="万亩")]),
    ("2025 年进入全省 18 个地市前 10 名。", CITY,
     [T(indicator="全省18个地市排名", comparator="<=", value=Decimal("10"), unit="名", year=2025)]),
    # nature, hedge, scope
    ("农村生活污水治理率达到50%（约束性）。", CITY, [T(indicator_key="农村生活污水治理率", nature="约束性")]),
    ("东川县、西河县农村生活污水处理率力争达到80%。", CITY,
     [T(indicator="农村生活污水处理率", indicator_key="农村生活污水治理率", scope="东川县、西河县", hedged=True)]),
    ("北山区 2024 年实现空气质量稳定二级达标。", CITY,
     [T(indicator="空气质量", value_text="稳定二级达标", value=None, comparator=None, year=2024, scope="北山区")]),
    ("南湖区，到2025年，建成区绿化覆盖率达到42%。", CITY,
     [T(scope="南湖区", indicator_key="建成区绿化覆盖率", year=2025)]),
    ("东城区空气质量优良天数比例达到80%。", CITY, [T(scope="东城区", indicator_key="优良天数比例")]),
    ("主城区集中供热普及率达到 90%以上。", CITY, [T(scope="东州市", indicator="主城区集中供热普及率")]),
    ("景德镇市、本溪市森林覆盖率达到60%。", CITY, [T(scope="景德镇市、本溪市", indicator="森林覆盖率")]),
    ("两县森林覆盖率达到30%。", CITY, [T(scope="东州市", indicator="两县森林覆盖率")]),
    ("叶县、沿河县森林覆盖率达到30%。", CITY, [T(scope="叶县、沿河县", indicator="森林覆盖率")]),
    ("旅游景区生活污水处理设施实现全覆盖。", CITY, [T(scope="东州市", indicator="旅游景区生活污水处理设施")]),
    ("县城建成区生活污水集中收集率达到70%。", CITY,
     [T(indicator="县城建成区生活污水集中收集率", indicator_key="生活污水集中收集率", scope="东州市")]),
    ("到 2025 年，其他县区优良天数比例达到 80%。", CITY, [T(scope="东州市")]),
    ("我县秸秆综合利用率达到94%以上。", COUNTY, [T(indicator="秸秆综合利用率", scope="西平县", year=2024)]),
    ("2024年，全县秸秆综合利用率达到94%以上。", CITY, [T(year=2024, indicator_key="秸秆综合利用率")]),
    # qualitative
    ("2024年年底前，乡镇政府驻地基本实现污水处理设施全覆盖。", CITY,
     [T(indicator="污水处理设施", value_text="全覆盖", value=None, year=2024)]),
    ("生态保护红线面积不减少。", CITY, [T(indicator_key="生态保护红线面积", value_text="不减少", comparator=None)]),
    ("力争实现空气质量二级达标。", CITY, [T(indicator="空气质量", value_text="二级达标", hedged=True)]),
    ("全市黑臭水体基本消除。", CITY, [T(indicator="黑臭水体", indicator_key="黑臭水体消除比例")]),
    # the indicator's words
    ("主要农作物化肥、农药利用率均达到43%以上。", CITY,
     [T(indicator="主要农作物化肥、农药利用率", indicator_key="化肥农药利用率")]),
    ("畜禽粪污综合利\n用率达到85%。", CITY, [T(indicator="畜禽粪污综合利用率", indicator_key="畜禽粪污综合利用率")]),
    ("各县（市、区）建成区生活污水集中收集率力争达到 70%以上。", CITY,
     [T(indicator="建成区生活污水集中收集率", hedged=True)]),
    ("灌溉水有效利用系数达到0.62以上。", CITY, [T(indicator_key="灌溉水有效利用系数", unit=None, value=Decimal("0.62"))]),
    # towns name a scope in a county's plan; kinds of towns do not
    ("城关镇、王村乡生活污水处理率达到60%。", COUNTY, [T(scope="城关镇、王村乡", indicator="生活污水处理率")]),
    ("建制镇生活污水处理率达到60%。", COUNTY, [T(scope="西平县", indicator="建制镇生活污水处理率")]),
    ("科技下乡覆盖率达到60%。", COUNTY, [T(scope="西平县")]),
    # a list of places some of which are written without 县/区 (鲁山、宝丰 are counties too)
    ("南山、北川、叶县、石龙区集中供热普及率达到20%以上。", CITY,
     [T(scope="南山、北川、叶县、石龙区", indicator="集中供热普及率", value=Decimal("20"))]),
    ("工业、交通、宛城区清洁运输比例达到80%。", CITY, [T(scope="东州市")]),  # kinds of things, not places
    # a pronoun before the indicator; a ratio value
    ("大宗货物年运量较大的企业，其清洁运输比例达到80%。", CITY,
     [T(indicator="清洁运输比例", indicator_key="清洁运输比例")]),
    ("重点行业新建项目实施减量替代，替代比例不低于 1.5:1。", CITY,
     [T(indicator="替代比例", comparator=">=", value=Decimal("1.5"), value_text="1.5:1", unit=None)]),
    # ranges: the writing kept, the guaranteed bound as the value
    ("其他县区综合指数提升5至10个位次。", CITY,
     [T(indicator="其他县区综合指数", comparator="increase", value=Decimal("5"), value_text="5至10个位次", unit="个位次")]),
    ("优良天数比例达到75%—80%。", CITY, [T(comparator=">=", value=Decimal("75"), value_text="75%—80%", unit="%")]),
    ("PM2.5浓度控制在35－40微克/立方米。", CITY,
     [T(indicator_key="细颗粒物浓度", comparator="<=", value=Decimal("40"), unit="微克/立方米")]),
    ("年运量 100—150 万吨以上的企业接入专用线。", CITY, []),  # a condition
    ("优良天数比例达到80%-75%。", CITY, []),  # not a range
    # the target set by a higher level
    ("到2025年，全市细颗粒物浓度完成省定目标，优良天数比例达到省下达的年度目标任务。", CITY,
     [T(indicator="细颗粒物浓度", indicator_key="细颗粒物浓度", comparator=None, value=None, value_text="完成省定目标",
        year=2025),
      T(indicator_key="优良天数比例", value_text="达到省下达的年度目标任务", year=2025)]),
    ("PM2.5浓度下降10%，确保完成省下达的目标任务。", CITY, [T(comparator="decrease")]),  # no indicator: no target
    # a water-quality class reached or kept
    ("水库取水口水质持续稳定达到Ⅱ类。", CITY,
     [T(indicator="水库取水口水质", indicator_key="水质类别", comparator=None, value=None, value_text="Ⅱ类")]),
    ("出境断面水质保持 III 类及以上，", CITY, [T(indicator="出境断面水质", value_text="III类及以上", unit=None)]),
    ("國控斷面水質穩定達到Ⅲ類水質標準。", CITY, [T(indicator="國控斷面水質", indicator_key="水质类别", value_text="Ⅲ类水质标准")]),
    ("地表水达到或好于Ⅲ类水体比例达到80%。", CITY, [T(indicator_key="地表水Ⅲ类及以上水体比例", value=Decimal("80"))]),
    # several values, respectively (分别)
    ("到2025年，市区、县城生活污水处理率分别达到98%、95%以上。", CITY,
     [T(indicator="市区生活污水处理率", indicator_key="城镇生活污水处理率", comparator=">=", value=Decimal("98"),
        year=2025, text="市区、县城生活污水处理率分别达到98%"),
      T(indicator="县城生活污水处理率", comparator=">=", value=Decimal("95"), unit="%", year=2025, text="95%以上")]),
    ("市、县级市城镇生活污水集中收集率分别达到80%、70%以上。", CITY,
     [T(indicator="市城镇生活污水集中收集率", indicator_key="生活污水集中收集率", value=Decimal("80")),
      T(indicator="县级市城镇生活污水集中收集率", indicator_key="生活污水集中收集率", value=Decimal("70"))]),
    ("中心城区、县城集中供热普及率分别达到90%、60%。", CITY,
     [T(indicator="中心城区集中供热普及率"), T(indicator="县城集中供热普及率", value=Decimal("60"))]),
    ("PM10、PM2.5年均浓度分别控制在70、42微克/立方米以下。", CITY,
     [T(indicator="PM10年均浓度", indicator_key="可吸入颗粒物浓度", comparator="<=", value=Decimal("70"),
        unit="微克/立方米"),
      T(indicator="PM2.5年均浓度", indicator_key="细颗粒物浓度", comparator="<=", value=Decimal("42"))]),
    ("可吸入颗粒物（PM10）、细颗粒物（PM2.5）年均浓度较2020年分别下降12.7%、12%，", CITY,
     [T(indicator="可吸入颗粒物（PM10）年均浓度", comparator="decrease", baseline_year=2020),
      T(indicator="细颗粒物（PM2.5）年均浓度", indicator_key="细颗粒物浓度", value=Decimal("12"), baseline_year=2020)]),
    ("優良天數比例和森林覆蓋率分別達到80%、30%。", CITY,
     [T(indicator_key="优良天数比例", value=Decimal("80")), T(indicator_key="森林覆盖率", value=Decimal("30"))]),
    ("甲、乙两类企业分别达到80%、30%、20%。", CITY, [T(value=Decimal("80"))]),  # cannot pair: the first only
    # an elided indicator: the clause names only a place, or nothing, after a target of the sentence
    ("县城建成区生活污水集中收集率达到80%以上，其他县区建成区力争达到70%以上。", CITY,
     [T(indicator_key="生活污水集中收集率", value=Decimal("80")),
      T(indicator="其他县区建成区", indicator_key="生活污水集中收集率", value=Decimal("70"), hedged=True,
        scope="东州市")]),
    ("全市优良天数比例达到80%，南湖区达到82%。", CITY,
     [T(scope="东州市", value=Decimal("80")),
      T(indicator="优良天数比例", indicator_key="优良天数比例", scope="南湖区", value=Decimal("82"))]),
    ("农村生活污水治理率达到50%,或在2020年基础上提高5个百分点;", CITY,
     [T(comparator=">="), T(indicator_key="农村生活污水治理率", comparator="increase", baseline_year=2020)]),
    ("全市优良天数比例达到80%。南湖区达到82%。", CITY, [T(value=Decimal("80"))]),  # not across sentences
    # traditional characters (the indicator keeps its writing, the key is the shared concept)
    ("到2025年，全市空氣質量優良天數比率達到80%以上，細顆粒物濃度低於35微克/立方米。", CITY,
     [T(indicator="空氣質量優良天數比率", indicator_key="优良天数比例", comparator=">=", value=Decimal("80"), year=2025),
      T(indicator="細顆粒物濃度", indicator_key="细颗粒物浓度", comparator="<", unit="微克/立方米")]),
    ("力爭森林覆蓋率不低於３０％。", CITY,
     [T(indicator="森林覆蓋率", indicator_key="森林覆盖率", comparator=">=", value=Decimal("30"), hedged=True)]),
    ("重污染天數比例控制在1%以下（約束性）。", CITY,
     [T(indicator_key="重污染天数比例", comparator="<=", nature="约束性")]),
    ("單位地區生產總值能耗較2020年下降13.5%。", CITY,
     [T(indicator_key="单位地区生产总值能耗降低", comparator="decrease", baseline_year=2020)]),
    # NOT targets
    ("年运量 150 万吨以上的物流园区原则上接入铁路专用线。", CITY, []),
    ("淘汰 35 蒸吨/小时以下燃煤锅炉。", CITY, []),
    ("对超过 30 天的企业予以通报。", CITY, []),
    ("新建项目要达到国六排放标准。", CITY, []),
    ("2025年9月底前完成改造。", CITY, []),
    ("确保达到2025年目标。", CITY, []),
    ("开展油气回收系统全覆盖专项检查。", CITY, []),
    ("打好重污染天气消除、臭氧污染防治攻坚战。", CITY, []),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_rule(text: str, ctx: TargetContext, expected: list[dict]) -> None:
    found = find_targets(text, ctx)
    assert len(found) == len(expected), [f.target.text for f in found]
    for f, exp in zip(found, expected):
        assert isinstance(f, FoundTarget)
        assert text[f.start : f.end] == f.target.text
        assert f.target.span is None
        for field, value in exp.items():
            assert getattr(f.target, field) == value, (field, f.target)


def test_case_count() -> None:
    assert len(CASES) >= 25


def test_sentence_year_does_not_leak() -> None:
    text = "到2024年，全县森林覆盖率达到30%。湿地保护率达到55%。"
    a, b = find_targets(text, CITY)
    assert a.target.year == 2024
    assert b.target.year == 2025  # new sentence: the plan's period end


def test_changes_keep_the_change() -> None:
    (f,) = find_targets("二氧化碳排放量较2020年下降18%以上", CITY)
    assert (f.target.comparator, f.target.value, f.target.baseline_year) == ("decrease", Decimal("18"), 2020)


@pytest.mark.parametrize(
    "variant",
    ["优良天数比例", "优良天数比率", "空气质量优良天数比率", "空气质量优良天数比例", "全市空气质量优良天数占比",
     "空气 质量优良天数比率"],
)
def test_variants_meet(variant: str) -> None:
    assert indicator_key(variant) == "优良天数比例"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("细颗粒物（PM2.5）年均浓度", "细颗粒物浓度"),
        ("PM_{2.5}浓度", "细颗粒物浓度"),
        ("地表水Ⅲ类及以上水体比例", "地表水Ⅲ类及以上水体比例"),
        ("地表水达到或好于III类水体比例", "地表水Ⅲ类及以上水体比例"),
        ("劣V类水体比例", "劣Ⅴ类水体比例"),
        ("劣Ⅴ类水体比例", "劣Ⅴ类水体比例"),
        ("城市生活污水集中收集率", "生活污水集中收集率"),
        ("农村生活污水处理率", "农村生活污水治理率"),
        ("废旧农膜回收率", "农膜回收率"),
        ("非化石能源占能源消费总量比重", "非化石能源消费占比"),
        ("大宗货物清洁运输比例", "清洁运输比例"),
        ("市级优良天数比例考核", None),  # the head is 考核, not the ratio
        ("乡镇空气站六因子（细颗粒物、臭氧）监测", "空气质量监测覆盖率"),  # not a 细颗粒物 indicator
        ("", None),
    ],
)
def test_indicator_keys(written: str, key: str | None) -> None:
    assert indicator_key(written) == key


def test_default_vocabulary_has_the_common_indicators() -> None:
    vocab = load_indicators()
    keys = {i.key for i in vocab.indicators}
    for k in ["细颗粒物浓度", "优良天数比例", "重污染天数比例", "地表水Ⅲ类及以上水体比例", "劣Ⅴ类水体比例",
              "受污染耕地安全利用率", "生活污水集中收集率", "农村生活污水治理率", "化肥农药利用率",
              "畜禽粪污综合利用率", "农膜回收率", "非化石能源消费占比", "煤炭消费占比", "森林覆盖率", "清洁运输比例"]:
        assert k in keys
        assert vocab.get(k).en  # type: ignore[union-attr]
    assert load_indicators() is vocab  # cached
    assert load_indicators(DEFAULT_INDICATORS) is vocab


def test_normalize_indicator() -> None:
    assert normalize_indicator("地表水 达到或好于Ⅲ类水体比率（%）") == "地表水达到或好于III类水体比例"


# --- the loader's errors name the file and the line ------------------------------------------

GOOD_HEAD = "key,en,unit,aliases\n"


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("name,en\n", 1, "header"),
        ("", 1, "header"),
        (GOOD_HEAD + "森林覆盖率,Forest coverage,%,森林覆盖比例\n甲,A,%\n", 3, "4 columns"),
        (GOOD_HEAD + ",No key,%,\n", 2, "empty key"),
        (GOOD_HEAD + "森林覆盖率,Forest,%,\n森林覆盖率,Forest again,%,\n", 3, "duplicate key"),
        (GOOD_HEAD + "森林覆盖率,Forest,%,林木覆盖率\n林木覆盖率,Trees,%,\n", 3, "already a name"),
        (GOOD_HEAD + "森林覆盖率,Forest,%,a||b\n", 2, "empty alias"),
        (GOOD_HEAD + "森林覆盖率,,%,\n", 2, "English"),
        (GOOD_HEAD + "森林覆盖率,Forest,furlongs,\n", 2, "unknown unit"),
    ],
)
def test_bad_vocabulary(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_indicators(path)
    assert err.value.path == str(path.resolve()) or err.value.path == str(path)
    assert err.value.line == line
    assert words in err.value.message
    assert f":{line}" in str(err.value)


def test_missing_vocabulary(tmp_path: Path) -> None:
    with pytest.raises(OntologyError) as err:
        load_indicators(tmp_path / "nope.csv")
    assert "nope.csv" in str(err.value)


def test_small_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(GOOD_HEAD + "# a comment\n\n森林覆盖率,Forest coverage,%,森林覆盖比例\n", encoding="utf-8")
    vocab = load_indicators(path)
    assert [i.key for i in vocab.indicators] == ["森林覆盖率"]
    assert vocab.key_for("全市森林覆盖比例") == "森林覆盖率"
    assert vocab.get("森林覆盖率").unit == "%"  # type: ignore[union-attr]


# --- hypothesis ------------------------------------------------------------------------------

_ALPHABET = list("0123456789０１２３４５６７８９.%％年达到以上以下低于不高控制在降至提下增长较比率例，。；、（）() \n力争全市县区") + [
    "微克/立方米",
    "个百分点",
    "基本消除",
    "全覆盖",
    "进入",
    "前",
    "名",
]
_EXCERPTS = [c[0] for c in CASES]
_COMPARATORS = {">=", ">", "<=", "<", "=", "increase", "decrease", None}


def _check(text: str, ctx: TargetContext) -> None:
    found = find_targets(text, ctx)
    last = 0
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= last
        last = f.end
        t = f.target
        assert text[f.start : f.end] == t.text
        assert t.indicator
        assert t.comparator in _COMPARATORS
        assert t.value is None or t.value.is_finite()
        assert t.value_text


_ctxs = st.builds(TargetContext, st.none() | st.text(max_size=5), st.none() | st.integers(1900, 2200))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200), ctx=_ctxs)
def test_hypothesis_random_text(text: str, ctx: TargetContext) -> None:
    _check(text, ctx)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_EXCERPTS))
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(_ALPHABET))
        if op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + 1 :]
        else:
            text = text[:pos] + piece + text[pos + 1 :]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_mutated(), ctx=_ctxs)
def test_hypothesis_mutated_excerpts(text: str, ctx: TargetContext) -> None:
    _check(text, ctx)


# --- the bundled corpus ----------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_corpus_paragraphs() -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, "the bundled corpus is missing"
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        for para in text.split("\n"):
            _check(para, CITY)
            _check(para, BARE)
            total += len(find_targets(para, CITY))
        _check(text, CITY)
    assert total > 0


# --- indicator tables (主要指标表) --------------------------------------------------------------

from decimal import Decimal as _D  # noqa: E402
import re as _re  # noqa: E402

from kg.extract.targets import find_indicator_tables  # noqa: E402

TAB_TABLE = (
    "表1 东州市“十四五”主要指标\n"
    "类别\t序号\t指标名称\t2020年（基准值）\t2025年\t属性\n"
    "环境质量\t1\t细颗粒物（PM_{2.5}）浓度（微克/立方米）\t48\t≤40\t约束性\n"
    "2\t空气质量优良天数比率（%）\t70.2\t完成省下达目标\t约束性\n"
    "3\t受污染耕地安全利用率（%）\t—\t95 ²\t约束性\n"
    "总量控制\t4\t氮氧化物重点工程减排量（万吨）\t—\t[0.52]\t约束性\n"
    "5\t森林覆盖率（%）\t31.5\t力争33以上\t预期性\n"
    "注：[]内为五年累计数。\n"
)


def _rows(found: list[FoundTarget]) -> list[tuple]:
    return [(f.target.indicator, f.target.indicator_key, f.target.comparator, f.target.value, f.target.value_text,
             f.target.unit, f.target.year, f.target.baseline_value, f.target.baseline_year, f.target.nature,
             f.target.hedged) for f in found]


TAB_EXPECTED = [
    ("细颗粒物（PM2.5）浓度", "细颗粒物浓度", "<=", _D("40"), "40", "微克/立方米", 2025, _D("48"), 2020, "约束性", False),
    ("空气质量优良天数比率", "优良天数比例", None, None, "完成省下达目标", "%", 2025, _D("70.2"), 2020, "约束性", False),
    ("受污染耕地安全利用率", "受污染耕地安全利用率", None, _D("95"), "95", "%", 2025, None, None, "约束性", False),
    ("氮氧化物重点工程减排量", "氮氧化物重点工程减排量", None, _D("0.52"), "[0.52]", "万吨", 2025, None, None, "约束性",
     False),
    ("森林覆盖率", "森林覆盖率", ">=", _D("33"), "33", "%", 2025, _D("31.5"), 2020, "预期性", True),
]


def test_tab_table_rows_with_merged_category_cells() -> None:
    found = find_indicator_tables(TAB_TABLE, CITY)
    assert _rows(found) == TAB_EXPECTED
    for f in found:  # each target is its row, as written
        assert TAB_TABLE[f.start : f.end] == f.target.text
        assert "\n" not in f.target.text and f.target.scope == "东州市"


def _relayout(table: str, how: str) -> str:
    """The same table with its cells separated another way (the header and rows only)."""
    out = []
    for line in table.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        if how == "pipe":
            out.append("| " + " | ".join(cells) + " |")
            if line.startswith("类别"):
                out.append("|" + "---|" * len(cells))
        elif how == "spaces":
            out.append("    ".join(cells))
        elif how == "lines":
            out.extend(cells)
    return "\n".join(out)


@pytest.mark.parametrize("how", ["pipe", "spaces", "lines"])
def test_other_table_layouts_read_the_same(how: str) -> None:
    text = _relayout(TAB_TABLE, how)
    found = find_indicator_tables(text, CITY)
    assert _rows(found) == TAB_EXPECTED, text
    for f in found:
        assert text[f.start : f.end] == f.target.text


def test_traditional_full_width_table_with_unit_column_and_two_target_years() -> None:
    text = (
        "指標名稱\t單位\t２０２２年\t２０２４年\t２０２５年\t指標屬性\n"
        "空氣質量優良天數比率\t％\t６８．５\t７２\t７５以上\t約束性\n"
        "農村生活污水治理率\t%\t30\t—\t45\t預期性\n"
    )
    found = find_indicator_tables(text, COUNTY)
    got = [(f.target.indicator_key, f.target.year, f.target.value, f.target.comparator, f.target.unit,
            f.target.baseline_value, f.target.baseline_year, f.target.nature) for f in found]
    assert got == [
        ("优良天数比例", 2024, _D("72"), None, "%", _D("68.5"), 2022, "约束性"),
        ("优良天数比例", 2025, _D("75"), ">=", "%", _D("68.5"), 2022, "约束性"),
        ("农村生活污水治理率", 2025, _D("45"), None, "%", _D("30"), 2022, "预期性"),
    ]


def test_named_baseline_and_target_columns_without_years() -> None:
    text = "序号 | 指标 | 现状值 | 目标值 | 备注\n1 | 森林覆盖率(%) | 28 | 30 | 市林业局\n2 | 生活垃圾无害化处理率(%) | 99 | 100 |\n"
    found = find_indicator_tables(text, CITY)
    got = [(f.target.indicator, f.target.value, f.target.year, f.target.baseline_value, f.target.baseline_year)
           for f in found]
    # no year in the header: the target year is the plan's period end; the baseline year unknown
    assert got == [("森林覆盖率", _D("30"), 2025, _D("28"), None), ("生活垃圾无害化处理率", _D("100"), 2025, _D("99"), None)]


def test_lines_layout_without_numbers_ends_rows_at_the_nature_cell() -> None:
    text = "指标\n2020年\n2025年\n性质\n环境质量\n森林覆盖率（%）\n25\n27\n约束性\n湿地保护率（%）\n50\n55\n预期性\n"
    found = find_indicator_tables(text, CITY)
    assert [(f.target.indicator, f.target.value, f.target.baseline_value, f.target.nature) for f in found] == [
        ("森林覆盖率", _D("27"), _D("25"), "约束性"), ("湿地保护率", _D("55"), _D("50"), "预期性")]


@pytest.mark.parametrize(("cell", "comparator", "value", "value_text", "unit", "hedged"), [
    ("52", None, _D("52"), "52", "%", False),
    ("７２．５％", None, _D("72.5"), "72.5", "%", False),  # full-width
    ("≥80", ">=", _D("80"), "80", "%", False),
    ("＞90", ">", _D("90"), "90", "%", False),
    ("80以上", ">=", _D("80"), "80", "%", False),
    ("<1.3", "<", _D("1.3"), "1.3", "%", False),
    ("下降13.5%", "decrease", _D("13.5"), "13.5", "%", False),
    ("累计下降15", "decrease", _D("15"), "15", "%", False),
    ("提高5个百分点", "increase", _D("5"), "5", "个百分点", False),
    ("[0.86]", None, _D("0.86"), "[0.86]", "%", False),  # a cumulative figure
    ("95³", None, _D("95"), "95", "%", False),  # a footnote mark
    ("1（国家级）", None, _D("1"), "1", "%", False),
    ("力争95", None, _D("95"), "95", "%", True),
    ("力爭達標", None, None, "达标", "%", True),
    ("完成省定目标", None, None, "完成省定目标", "%", False),
])
def test_table_value_cells(cell, comparator, value, value_text, unit, hedged) -> None:
    text = f"序号\t指标名称\t2020年\t2025年\n1\t某某率（%）\t50\t{cell}\n"
    [f] = find_indicator_tables(text, CITY)
    t = f.target
    assert (t.comparator, t.value, t.value_text, t.unit, t.hedged) == (comparator, value, value_text, unit, hedged)
    assert (t.baseline_value, t.baseline_year, t.year) == (_D("50"), 2020, 2025)


@pytest.mark.parametrize("cell", ["—", "-", "/", "无", "", "——"])
def test_empty_value_cells_give_no_target(cell: str) -> None:
    assert find_indicator_tables(f"序号\t指标名称\t2020年\t2025年\n1\t某某率（%）\t50\t{cell}\n", CITY) == []


@pytest.mark.parametrize("text", [
    "指标名称\t说明\n森林覆盖率\t持续提升\n",  # no year / target column
    "序号\t任务\t2025年\n1\t完成改造\t完成\n",  # no indicator column
    "到2025年，全市森林覆盖率达到30%。\n",  # prose: find_targets reads it, not the table reader
    "指标名称\t2025年\n",  # a header without rows
    "",
])
def test_not_indicator_tables(text: str) -> None:
    assert find_indicator_tables(text, CITY) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list("指标名称2025年0.1|\t \n序号约束性—%（）[]森林覆盖率")), max_size=200))
def test_hypothesis_tables_never_raise(text: str) -> None:
    for f in find_indicator_tables(text, CITY):
        assert text[f.start : f.end] == f.target.text and f.target.indicator


# the indicator table of the bundled five-year plan, read from the file; expectations come from the
# file itself: the count its prose announces (…25 项指标), the header's baseline year, and each row's cells

FYP = CORPUS / "pingdingshan-2022-14th-fyp-ecology.txt"


def _fyp_table() -> tuple[str, int, int, list[list[str]]]:
    from kg.documents import load

    text = load(FYP).clean.text
    announced = int(_re.search(r"(\d+)\s*项指标", text).group(1))
    lines = text.split("\n")
    head = next(i for i, line in enumerate(lines) if line.count("\t") >= 3 and "指标名称" in line)
    base_year = int(_re.search(r"(\d{4})\s*年\s*\(基准值\)", lines[head]).group(1))
    rows = [line.split("\t") for line in lines[head + 1 :] if line.count("\t") >= 3]
    return text, announced, base_year, rows


def test_five_year_plan_table_gives_every_indicator_with_its_baseline() -> None:
    text, announced, base_year, rows = _fyp_table()
    found = find_indicator_tables(text, TargetContext(jurisdiction="平顶山市", period_end=2025))
    assert len(found) == announced == len(rows)
    for f, cells in zip(found, rows):
        t = f.target
        name, base, target, nature = cells[-4:]
        assert t.text == text[f.start : f.end] and name in t.text
        assert t.indicator_key is not None, t.indicator
        assert t.nature == nature and t.year == 2025 and t.scope == "平顶山市"
        number = _re.match(r"\d+(?:\.\d+)?", base)
        if number:
            assert (t.baseline_value, t.baseline_year) == (_D(number.group()), base_year)
        else:
            assert (t.baseline_value, t.baseline_year) == (None, None)
        assert t.value_text in target or t.value_text == _re.sub(r"\s.*", "", target)


@pytest.mark.parametrize("how", ["pipe", "spaces", "lines"])
def test_five_year_plan_table_in_other_layouts(how: str) -> None:
    text, _, _, _ = _fyp_table()
    ctx = TargetContext(jurisdiction="平顶山市", period_end=2025)
    expected = _rows(find_indicator_tables(text, ctx))
    start = text.index("指标分类\t")
    end = text.index("\n", text.index("\t不减少\t约束性"))
    block = text[start:end].replace("类别", "类别")
    if how == "pipe":
        lines = ["| " + " | ".join(line.split("\t")) + " |" for line in block.split("\n")]
        lines.insert(1, "|---|---|---|---|---|---|")
        other = "\n".join(lines)
    elif how == "spaces":
        other = "\n".join("   ".join(line.split("\t")) for line in block.split("\n"))
    else:
        other = "\n".join(c for line in block.split("\n") for c in line.split("\t"))
    assert _rows(find_indicator_tables(other + "\n", ctx)) == expected


PLACE_TABLE = (
    "表2 各县（市、区）2024年PM2.5浓度改善目标（微克/立方米）\n"
    "县（市、区）\t2023年\t2024年目标\n"
    "东川县\t45\t42\n"
    "西河区\t50\t≤46\n"
    "全市\t48\t44\n"
)


@pytest.mark.parametrize("how", ["tab", "lines", "spaces"])
def test_a_table_of_places_takes_its_indicator_from_the_caption(how: str) -> None:
    if how == "tab":
        text = PLACE_TABLE
    elif how == "lines":
        text = "\n".join(c for line in PLACE_TABLE.split("\n") for c in line.split("\t"))
    else:
        text = PLACE_TABLE.replace("\t", "   ")
    found = find_indicator_tables(text, CITY)
    got = [(f.target.indicator, f.target.indicator_key, f.target.scope, f.target.comparator, f.target.value,
            f.target.unit, f.target.year, f.target.baseline_value, f.target.baseline_year) for f in found]
    assert got == [
        ("PM2.5浓度", "细颗粒物浓度", "东川县", None, _D("42"), "微克/立方米", 2024, _D("45"), 2023),
        ("PM2.5浓度", "细颗粒物浓度", "西河区", "<=", _D("46"), "微克/立方米", 2024, _D("50"), 2023),
        ("PM2.5浓度", "细颗粒物浓度", "东州市", None, _D("44"), "微克/立方米", 2024, _D("48"), 2023),  # 全市
    ]


def test_a_table_of_places_and_indicators() -> None:
    text = "县区\t指标\t2025年\n東川縣\t森林覆蓋率（%）\t35\n西河区\t森林覆盖率（%）\t28\n"
    found = find_indicator_tables(text, CITY)
    assert [(f.target.scope, f.target.indicator_key, f.target.value) for f in found] == [
        ("東川縣", "森林覆盖率", _D("35")), ("西河区", "森林覆盖率", _D("28"))]


def test_a_table_of_places_without_a_caption_is_not_read() -> None:
    assert find_indicator_tables("县（市、区）\t2023年\t2024年\n东川县\t45\t42\n", CITY) == []


# --- goal paragraphs (主要目标 at any level) -----------------------------------------------------

from kg.extract.targets import goal_paragraphs  # noqa: E402


def _paras(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line:
            out.append((pos, line))
        pos += len(line) + 1
    return out


@pytest.mark.parametrize(("text", "expected"), [
    # a （二） goal heading inside 一、总体要求; numbered sub-items stay in; the next （三） ends it
    ("一、总体要求\n（一）指导思想\n坚持精准治污。\n（二）主要目标\n到2025年，PM2.5浓度达到35微克/立方米。\n"
     "1.大气环境。优良天数比例达到80%。\n（三）基本原则\n坚持问题导向。\n二、重点任务\n",
     ["到2025年，PM2.5浓度达到35微克/立方米。", "1.大气环境。优良天数比例达到80%。"]),
    # the goal written after the heading's title, full-width colon, traditional characters
    ("一、總體要求\n（二）工作目標：到2025年，森林覆蓋率達到30%。\n（三）基本原則\n", ["到2025年，森林覆蓋率達到30%。"]),
    ("(二)工作目标.到2025年,森林覆盖率达到30%.\n(三)x\n", []),  # a half-width dot is not a sentence end here
    # a chapter on thinking, principles and goals: only its goal section
    ("第二章 指导思想、基本原则与主要目标\n第一节 指导思想\n坚持绿色发展。\n第二节 基本原则\n一是坚持目标导向。\n"
     "第三节 规划目标\n到2025年，森林覆盖率达到30%。\n第三章 推进产业转型\n", ["到2025年，森林覆盖率达到30%。"]),
    ("一、主要任务\n（一）开展整治\n完成目标考核。\n", []),  # 目标 inside a sentence is no heading
])
def test_goal_paragraphs(text: str, expected: list[str]) -> None:
    found = goal_paragraphs(_paras(text))
    assert [t for _, t in found] == expected
    for off, t in found:
        assert text[off : off + len(t)] == t


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list("一二（）()、.。：:第章节主要工作目标到2025年达80%\n1指导思想Ⅲ")), max_size=160))
def test_hypothesis_goal_paragraphs_keep_offsets(text: str) -> None:
    for off, t in goal_paragraphs(_paras(text)):
        assert t and text[off : off + len(t)] == t
