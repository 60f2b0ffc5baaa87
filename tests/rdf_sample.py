"""A small hand-built plan for the RDF, SHACL and HermiT tests (not a test module itself).

Two actions, three tasks; lead/support/implement units including a collective, a government and
an external organization, a joint lead and a declared unit; deadlines (a recurring one, a hedged
month, an inferred year); targets on the plan and on tasks (a numeric one and a textual one).
Spans point into :data:`TEXT`, so ``TEXT[span.start:span.end] == span.quote`` holds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kg.records import Action, Deadline, Plan, PlanReference, Span, Target, Task, Unit
from kg.rdf import SourceDocument

DOCUMENT = "nanyang-sample-plan.txt"

TEXT = """南阳市推动生态环境质量稳定向好三年行动实施方案（2023—2025年）
宛政办〔2023〕32号
依据《河南省推动生态环境质量稳定向好三年行动计划（2023—2025年）》（豫政办〔2023〕33号），制定本方案。
到2025年，全市细颗粒物（PM2.5）平均浓度控制在35微克/立方米以下。
一、城市空气质量提升进位行动
1.推进空气质量排名进位。逐年改善空气质量，到2025年，空气质量优良天数比例达到76.5%。（市生态环境局牵头，各县（市、区）政府（管委会）负责落实）
2.大力推广新能源汽车。力争2024年6月底前建成充电站100座。（市发展改革委、交通运输局按职责分工负责，桐柏县政府负责落实）
二、黑臭水体消除行动
3.消除城市黑臭水体。年底前县级城市建成区黑臭水体基本消除。（南召供电公司配合）
"""


def span(quote: str, occurrence: int = 1) -> Span:
    """The span of the ``occurrence``-th ``quote`` in :data:`TEXT`."""
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(quote, start + 1)
    end = start + len(quote)
    return Span(start, end, TEXT.count("\n", 0, start) + 1, TEXT.count("\n", 0, end - 1) + 1, quote)


def sample_plan() -> Plan:
    """A fresh copy of the sample plan (records are mutable: tests may break their copy)."""
    t1_text = "推进空气质量排名进位。逐年改善空气质量，到2025年，空气质量优良天数比例达到76.5%。（市生态环境局牵头，各县（市、区）政府（管委会）负责落实）"
    t2_text = "大力推广新能源汽车。力争2024年6月底前建成充电站100座。（市发展改革委、交通运输局按职责分工负责，桐柏县政府负责落实）"
    t3_text = "消除城市黑臭水体。年底前县级城市建成区黑臭水体基本消除。（南召供电公司配合）"
    task1 = Task(
        number="1",
        title="推进空气质量排名进位",
        text=t1_text,
        span=span("1." + t1_text),
        note="市生态环境局牵头，各县（市、区）政府（管委会）负责落实",
        note_span=span("市生态环境局牵头，各县（市、区）政府（管委会）负责落实"),
        units=[
            Unit(role="lead", name="市生态环境局", canonical="南阳市生态环境局", kind="department",
                 role_words="牵头", department_type="生态环境局", level="city", jurisdiction="南阳市"),
            Unit(role="implement", name="各县（市、区）政府（管委会）",
                 canonical="南阳市各县（市、区）政府（管委会）", kind="collective", role_words="负责落实",
                 level="county", jurisdiction="南阳市"),
        ],
        deadlines=[
            Deadline(text="逐年", date=None, precision=None, recurring=True, span=span("逐年")),
            Deadline(text="到2025年", date=dt.date(2025, 12, 31), precision="year", span=span("到2025年", 2)),
        ],
        targets=[
            Target(indicator="空气质量优良天数比例", indicator_key="优良天数比例", comparator=">=",
                   value=Decimal("76.50"), value_text="76.5", unit="%", year=2025,
                   nature="约束性", scope="南阳市",
                   text="到2025年，空气质量优良天数比例达到76.5%",
                   span=span("到2025年，空气质量优良天数比例达到76.5%")),
        ],
    )
    task2 = Task(
        number="2",
        title="大力推广新能源汽车",
        text=t2_text,
        span=span("2." + t2_text),
        note="市发展改革委、交通运输局按职责分工负责，桐柏县政府负责落实",
        note_span=span("市发展改革委、交通运输局按职责分工负责，桐柏县政府负责落实"),
        units=[
            Unit(role="lead", name="市发展改革委", canonical="南阳市发展和改革委员会", kind="department",
                 role_words="按职责分工负责", joint=True, department_type="发展和改革委员会",
                 level="city", jurisdiction="南阳市"),
            Unit(role="lead", name="市交通运输局", canonical="南阳市交通运输局", kind="department",
                 role_words="按职责分工负责", joint=True, department_type="交通运输局",
                 level="city", jurisdiction="南阳市"),
            Unit(role="implement", name="桐柏县政府", canonical="桐柏县人民政府", kind="government",
                 role_words="负责落实", level="county", jurisdiction="桐柏县"),
        ],
        deadlines=[
            Deadline(text="2024年6月底前", date=dt.date(2024, 6, 30), precision="month", hedged=True,
                     span=span("2024年6月底前")),
        ],
    )
    task3 = Task(
        number="3",
        title="消除城市黑臭水体",
        text=t3_text,
        span=span("3." + t3_text),
        note="南召供电公司配合",
        note_span=span("南召供电公司配合"),
        units=[
            Unit(role="support", name="南召供电公司", canonical="南召供电公司", kind="organization",
                 role_words="配合"),
            Unit(role="implement", name="市生态环境局", canonical="南阳市生态环境局", kind="department",
                 role_words="", declared=True, department_type="生态环境局", level="city",
                 jurisdiction="南阳市"),
        ],
        deadlines=[
            Deadline(text="年底前", date=dt.date(2023, 12, 31), precision="year", inferred=True,
                     span=span("年底前", 1)),
        ],
        targets=[
            Target(indicator="黑臭水体", indicator_key="黑臭水体消除比例", comparator=None, value=None,
                   value_text="基本消除", unit=None, year=2023,
                   text="年底前县级城市建成区黑臭水体基本消除",
                   span=span("年底前县级城市建成区黑臭水体基本消除")),
        ],
    )
    return Plan(
        document=DOCUMENT,
        title="南阳市推动生态环境质量稳定向好三年行动实施方案（2023—2025年）",
        identifier="宛政办〔2023〕32号",
        issuer="南阳市人民政府办公室",
        issued=dt.date(2023, 9, 14),
        period_start=2023,
        period_end=2025,
        jurisdiction="南阳市",
        level="city",
        parent_jurisdictions={"province": "河南省"},
        parents=[PlanReference(title="河南省推动生态环境质量稳定向好三年行动计划（2023—2025年）",
                               identifier="豫政办〔2023〕33号",
                               span=span("《河南省推动生态环境质量稳定向好三年行动计划（2023—2025年）》"))],
        actions=[
            Action(number="一", title="城市空气质量提升进位行动", span=span("一、城市空气质量提升进位行动"),
                   tasks=[task1, task2]),
            Action(number="二", title="黑臭水体消除行动", span=span("二、黑臭水体消除行动"), tasks=[task3]),
        ],
        targets=[
            Target(indicator="细颗粒物（PM2.5）平均浓度", indicator_key="细颗粒物浓度", comparator="<=",
                   value=Decimal("35"), value_text="35", unit="微克/立方米", year=2025,
                   text="到2025年，全市细颗粒物（PM2.5）平均浓度控制在35微克/立方米以下",
                   span=span("到2025年，全市细颗粒物（PM2.5）平均浓度控制在35微克/立方米以下")),
        ],
        title_span=span("南阳市推动生态环境质量稳定向好三年行动实施方案（2023—2025年）"),
    )


def sample_source() -> SourceDocument:
    import hashlib

    return SourceDocument(DOCUMENT, hashlib.sha256(TEXT.encode("utf-8")).hexdigest(), len(TEXT))
