"""kg.extract.deadlines: one case per rule of DESIGN §5, written for the genre (not copied from a
document), plus hypothesis and a run over the bundled corpus."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.deadlines import DeadlineContext, FoundDeadline, find_deadlines, normalize_width

PLAN3 = DeadlineContext(period_start=2023, period_end=2025, issued_year=2023)  # a three-year plan
ONE = DeadlineContext(period_start=2024, period_end=2024, issued_year=None)  # a one-year plan
FYP = DeadlineContext(period_start=2021, period_end=2025, issued_year=2022)  # a five-year plan
NONE = DeadlineContext(period_start=None, period_end=None, issued_year=None)
CTX = {"plan3": PLAN3, "one": ONE, "fyp": FYP, "none": NONE}

# (excerpt, context, [(phrase, date or None, precision, flags)]); flags: h hedged, i inferred, r recurring
CASES: list[tuple[str, str, list[tuple[str, str | None, str | None, str]]]] = [
    # --- year ends
    ("2024年年底前，完成全部燃煤锅炉淘汰工作。", "plan3", [("2024年年底前", "2024-12-31", "year", "")]),
    ("2024年底前建成监测平台。", "plan3", [("2024年底前", "2024-12-31", "year", "")]),
    ("到2024年底，各县区完成排查整治。", "plan3", [("到2024年底", "2024-12-31", "year", "")]),
    ("2024 年年底，完成建材企业提标改造。", "plan3", [("2024 年年底", "2024-12-31", "year", "")]),
    ("２０２４年年底前完成验收。", "plan3", [("２０２４年年底前", "2024-12-31", "year", "")]),
    ("2025 年 年底前全部完成。", "plan3", [("2025 年 年底前", "2025-12-31", "year", "")]),
    ("2024年年末前完成清理。", "plan3", [("2024年年末前", "2024-12-31", "year", "")]),
    ("到 2024 年年底，关停落后机组。", "plan3", [("到 2024 年年底", "2024-12-31", "year", "")]),
    # --- months
    ("2024年5月底前，建立问题清单。", "one", [("2024年5月底前", "2024-05-31", "month", "")]),
    ("2024年5月，启动专项检查。", "one", [("2024年5月", "2024-05-31", "month", "")]),
    ("2025 年 6 月底前基本完成整治。", "plan3", [("2025 年 6 月底前", "2025-06-30", "month", "")]),
    ("２０２５年２月底前完成。", "plan3", [("２０２５年２月底前", "2025-02-28", "month", "")]),
    ("2024年2月底前完成。", "one", [("2024年2月底前", "2024-02-29", "month", "")]),
    ("2024年十月底前完成排查。", "one", [("2024年十月底前", "2024-10-31", "month", "")]),
    ("二〇二五年九月底前完成评估。", "plan3", [("二〇二五年九月底前", "2025-09-30", "month", "")]),
    # --- days
    ("请于2024年6月15日前报送年度方案。", "one", [("2024年6月15日前", "2024-06-15", "day", "")]),
    ("２０２４年１２月３１日之前完成。", "one", [("２０２４年１２月３１日之前", "2024-12-31", "day", "")]),
    ("截至2024年9月30日，完成全部治理任务。", "one", [("截至2024年9月30日", "2024-09-30", "day", "")]),
    # --- target years
    ("到2025年，全县农村生活污水治理率达到60%。", "plan3", [("到2025年", "2025-12-31", "year", "")]),
    ("2025 年进入全省前 10 名。", "plan3", [("2025 年", "2025-12-31", "year", "")]),
    ("2024年，全县秸秆综合利用率达到95%。", "one", [("2024年", "2024-12-31", "year", "")]),
    ("到 2025 年之前，建成一批美丽河湖。", "plan3", [("到 2025 年之前", "2025-12-31", "year", "")]),
    ("2025年前完成改造。", "plan3", [("2025年前", "2025-12-31", "year", "")]),
    ("到 2035 年，生态环境根本好转。", "fyp", [("到 2035 年", "2035-12-31", "year", "")]),
    # --- halves, quarters, ten-day periods
    ("2024年上半年完成验收。", "one", [("2024年上半年", "2024-06-30", "month", "")]),
    ("2024年下半年启动第二轮。", "one", [("2024年下半年", "2024-12-31", "month", "")]),
    ("2024年一季度完成摸排。", "one", [("2024年一季度", "2024-03-31", "month", "")]),
    ("2024年第三季度末前完成。", "one", [("2024年第三季度末前", "2024-09-30", "month", "")]),
    ("2024年第四季度完成。", "one", [("2024年第四季度", "2024-12-31", "month", "")]),
    ("2024年前三季度完成。", "one", [("2024年前三季度", "2024-09-30", "month", "")]),
    ("2024年6月上旬，完成培训。", "one", [("2024年6月上旬", "2024-06-10", "day", "")]),
    ("2024年9月中旬前完成。", "one", [("2024年9月中旬前", "2024-09-20", "day", "")]),
    ("2024年2月下旬完成。", "one", [("2024年2月下旬", "2024-02-29", "day", "")]),
    # --- ranges: the end
    ("2016—2017年底前完成整治。", "none", [("2016—2017年底前", "2017-12-31", "year", "")]),
    ("2023—2025年，每年完成造林1万亩。", "plan3", [("2023—2025年", "2025-12-31", "year", ""), ("每年", None, None, "r")]),
    ("2024年5月至2025年3月开展专项行动。", "plan3", [("2024年5月至2025年3月", "2025-03-31", "month", "")]),
    ("2024年5—9月，开展臭氧污染防控。", "one", [("2024年5—9月", "2024-09-30", "month", "")]),
    ("自2023年至2025年，持续开展巡查。", "plan3", [("2023年至2025年", "2025-12-31", "year", "")]),
    # --- five-year plans
    ("“十四五”期间完成生态缓冲带修复。", "plan3", [("“十四五”期间", "2025-12-31", "year", "")]),
    ("到“十四五”末，全市森林覆盖率达到30%。", "fyp", [("到“十四五”末", "2025-12-31", "year", "")]),
    ("十三五期间建成的设施要稳定运行。", "none", [("十三五期间", "2020-12-31", "year", "")]),
    ('"十五五"末基本实现。', "none", [('"十五五"末', "2030-12-31", "year", "")]),
    # --- no year written: the plan's year, inferred
    ("年底前完成清单编制。", "one", [("年底前", "2024-12-31", "year", "i")]),
    ("9月底前完成验收。", "one", [("9月底前", "2024-09-30", "month", "i")]),
    ("6月15日前报送。", "one", [("6月15日前", "2024-06-15", "day", "i")]),
    ("年底前完成。", "plan3", [("年底前", "2023-12-31", "year", "i")]),  # issue year
    ("年底前完成。", "fyp", [("年底前", "2022-12-31", "year", "i")]),  # issue year
    ("年底前完成。", "period-only", [("年底前", "2023-12-31", "year", "i")]),  # period start
    ("年底前完成。", "none", []),  # no year to infer from
    ("今年年底前完成。", "one", [("今年年底前", "2024-12-31", "year", "i")]),
    ("上半年完成。", "one", [("上半年", "2024-06-30", "month", "i")]),
    ("三季度末前完成。", "one", [("三季度末前", "2024-09-30", "month", "i")]),
    ("年内完成。", "one", [("年内", "2024-12-31", "year", "i")]),
    ("十二月底前完成。", "one", [("十二月底前", "2024-12-31", "month", "i")]),
    # --- recurring
    ("每年开展一次评估。", "plan3", [("每年", None, None, "r")]),
    ("逐年提高补贴标准。", "plan3", [("逐年", None, None, "r")]),
    ("每季度通报一次。", "plan3", [("每季度", None, None, "r")]),
    ("每个季度通报一次。", "plan3", [("每个季度", None, None, "r")]),
    ("每月调度进展。", "plan3", [("每月", None, None, "r")]),
    ("每年6月底前报送。", "plan3", [("每年6月底前", None, None, "r")]),
    ("每年年底前完成考核。", "plan3", [("每年年底前", None, None, "r")]),
    # --- hedged
    ("力争2025年实现二级达标。", "plan3", [("2025年", "2025-12-31", "year", "h")]),
    ("2025年力争进入前50名。", "plan3", [("2025年", "2025-12-31", "year", "h")]),
    ("到2025年，力争建成专业园区。", "plan3", [("到2025年", "2025-12-31", "year", "h")]),
    ("力争在2024年年底前完成。", "plan3", [("2024年年底前", "2024-12-31", "year", "h")]),
    ("力争到 2025 年大型养殖场氨排放削减 5%。", "fyp", [("到 2025 年", "2025-12-31", "year", "h")]),
    # --- several in one text
    (
        "2024年5月底前完成排查，2024年年底前完成整治；到2025年全面提升。",
        "plan3",
        [
            ("2024年5月底前", "2024-05-31", "month", ""),
            ("2024年年底前", "2024-12-31", "year", ""),
            ("到2025年", "2025-12-31", "year", ""),
        ],
    ),
    (
        "2023 年年底完成 80%整治，2024 年年底完成剩余整治，2025 年年底前全面验收。",
        "plan3",
        [
            ("2023 年年底", "2023-12-31", "year", ""),
            ("2024 年年底", "2024-12-31", "year", ""),
            ("2025 年年底前", "2025-12-31", "year", ""),
        ],
    ),
    # --- traditional characters
    ("力爭2025年年底前完成；每季度通報一次。", "plan3",
     [("2025年年底前", "2025-12-31", "year", "h"), ("每季度", None, None, "r")]),
    ("“十四五”期間完成生態緩衝帶修復。", "plan3", [("“十四五”期間", "2025-12-31", "year", "")]),
    ("2024年上半年完成，9月下旬前驗收。", "one",
     [("2024年上半年", "2024-06-30", "month", ""), ("9月下旬前", "2024-09-30", "day", "i")]),
    ("二氧化硫排放量較2015年下降15%。", "none", []),
    ("自2024年起實施。", "one", []),
    ("依據《東部某市2024年大氣污染防治實施方案》要求。", "one", []),
    # --- NOT deadlines: baselines
    ("二氧化硫排放量比2015年下降15%。", "none", []),
    ("铁路货运量较2021年增加400万吨。", "none", []),
    ("周转量占比较 2022 年下降 10 个百分点。", "none", []),
    ("与2020年相比，能耗下降12%。", "none", []),
    ("在2020年基础上提高5个百分点。", "none", []),
    ("以2020年为基准，下降10%。", "none", []),
    ("煤炭消费占比2025年降至55%以下。", "plan3", [("2025年", "2025-12-31", "year", "")]),  # 占比, not 比
    # --- NOT deadlines: start and after points
    ("自2024年起，新增公务车全部使用新能源。", "one", []),
    ("从2024年开始，每年更新台账。", "one", [("每年", None, None, "r")]),
    ("2024年起实施。", "one", []),
    ("对2025年之后完成的，不再奖补。", "one", []),
    ("2025年以后建成的项目。", "one", []),
    ("2020年以来，累计淘汰老旧车辆。", "fyp", []),
    ("10月1日起施行。", "one", []),
    # --- NOT deadlines: the past
    ("继县本级2022年率先达标后，2023年年底前全面达标。", "plan3", [("2023年年底前", "2023-12-31", "year", "")]),
    ("2022年，全市空气质量优良天数比率为70%。", "plan3", []),
    ("2022年已完成改造。", "none", []),
    ("截至2020年底，全市森林覆盖率达到25%。", "fyp", []),
    ("“十三五”期间，全市空气质量明显改善。", "fyp", []),
    # --- NOT deadlines: names, labels, numbers, signatures
    ("依据《东部某市2024年大气污染防治实施方案》要求。", "one", []),
    ("按照省行动计划(2023年-2025年)要求推进。", "plan3", []),
    ("三年行动实施方案（2023—2025年）", "plan3", []),
    ("三年行动计划2023—2025年", "plan3", []),
    ("环发〔2023〕12号", "plan3", []),
    ("某某市人民政府办公室\n2023年9月14日", "plan3", []),
    ("某某市人民政府\n\n二〇二二年六月\n", "fyp", []),
    ("发文日期：2023年09月08日", "plan3", []),
    ("已经2023年9月20日市政府常务会议研究同意。", "plan3", []),
    ("组织制定2024年度实施方案。", "one", []),
    ("制定 2030 年前碳达峰行动方案。", "fyp", []),
    ("执行《污水综合排放标准》（2019年版）。", "plan3", []),
    ("按照 100 年一遇标准设防。", "plan3", []),
    ("2024年2月30日前完成。", "one", []),  # no such day
    # --- NOT deadlines: words that only look like time
    ("PM2.5 年均浓度持续下降。", "plan3", []),
    ("集装箱联运量年均增长15%。", "plan3", []),
    ("常态化开展巡查。", "plan3", []),
    ("三年内完成改造。", "one", []),
    ("次年3月底前报送总结。", "one", []),
    ("6—9月开展错峰生产。", "one", []),
    ("9月开展专项检查。", "one", []),
    ("年末人口数量。", "one", []),
]

CTX["period-only"] = DeadlineContext(period_start=2023, period_end=2025, issued_year=None)


def _expect(text: str, ctx: DeadlineContext, expected: list[tuple[str, str | None, str | None, str]]) -> None:
    found = find_deadlines(text, ctx)
    got = [
        (
            f.deadline.text,
            f.deadline.date.isoformat() if f.deadline.date else None,
            f.deadline.precision,
            "".join(flag for flag, on in (("h", f.deadline.hedged), ("i", f.deadline.inferred),
                                          ("r", f.deadline.recurring)) if on),
        )
        for f in found
    ]
    assert got == expected, text
    for f in found:
        assert text[f.start : f.end] == f.deadline.text
        assert f.deadline.span is None


@pytest.mark.parametrize(("text", "ctx", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_rule(text: str, ctx: str, expected: list[tuple[str, str | None, str | None, str]]) -> None:
    _expect(text, CTX[ctx], expected)


def test_case_count_covers_the_table() -> None:
    assert len(CASES) >= 50


def test_offsets_are_into_the_given_text() -> None:
    text = "一、总体要求\n（一）2024 年年底前，完成治理；2025年9月底前完成验收。"
    found = find_deadlines(text, PLAN3)
    assert [(f.start, f.end) for f in found] == [
        (text.index("2024"), text.index("，")),
        (text.index("2025"), text.index("完成验收")),
    ]


def test_deadline_values() -> None:
    (f,) = find_deadlines("2025年9月底前完成清洁运输改造", PLAN3)
    assert isinstance(f, FoundDeadline)
    assert f.deadline.date == dt.date(2025, 9, 30)
    assert not (f.deadline.hedged or f.deadline.inferred or f.deadline.recurring)


def test_normalize_width_keeps_length() -> None:
    s = "２０２４年　５月（底）前，％"
    n = normalize_width(s)
    assert len(n) == len(s)
    assert n == "2024年 5月(底)前,%"


@pytest.mark.parametrize("odd", ["", "年", "月底前", "前", "十五五", "每", "2024", "〔2023〕", "2024年年", "（", "《2024年"])
def test_fragments(odd: str) -> None:
    for ctx in CTX.values():
        for f in find_deadlines(odd, ctx):
            assert odd[f.start : f.end] == f.deadline.text


def test_not_a_string() -> None:
    assert find_deadlines(None, PLAN3) == []  # type: ignore[arg-type]


# --- hypothesis -------------------------------------------------------------------------------

_ALPHABET = list("0123456789０１２３４５６７８９年月日底末前后到至每逐季度旬上中下半力争，。；、（）()《》〔〕“”—-~ \n比较起") + [
    "十四五",
    "之前",
    "以后",
    "基础上",
]
_EXCERPTS = [c[0] for c in CASES]


def _check(text: str, ctx: DeadlineContext) -> None:
    found = find_deadlines(text, ctx)
    last_end = 0
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= last_end  # document order, no overlap
        last_end = f.end
        d = f.deadline
        assert text[f.start : f.end] == d.text
        if d.recurring:
            assert d.date is None and d.precision is None
        else:
            assert d.date is not None and 1950 <= d.date.year <= 2100
            assert d.precision in ("day", "month", "year")


_contexts = st.sampled_from(list(CTX.values())) | st.builds(
    DeadlineContext,
    st.none() | st.integers(1900, 2200),
    st.none() | st.integers(1900, 2200),
    st.none() | st.integers(1900, 2200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200), ctx=_contexts)
def test_hypothesis_random_text(text: str, ctx: DeadlineContext) -> None:
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
@given(text=_mutated(), ctx=_contexts)
def test_hypothesis_mutated_excerpts(text: str, ctx: DeadlineContext) -> None:
    _check(text, ctx)


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.sampled_from(_EXCERPTS), min_size=2, max_size=5), seed=st.integers(0, 10**6))
def test_hypothesis_concatenation_keeps_each_phrase(parts: list[str], seed: int) -> None:
    """Deadlines of excerpts joined by 。 are found again at shifted offsets (context-free rules)."""
    random.Random(seed).shuffle(parts)
    joined = "。".join(parts)
    got = {(f.start, f.deadline.text) for f in find_deadlines(joined, PLAN3)}
    offset = 0
    for p in parts:
        for f in find_deadlines(p, PLAN3):
            # a phrase at the very start or end of an excerpt may merge with its neighbour (ranges)
            if 0 < f.start and f.end < len(p):
                assert (offset + f.start, f.deadline.text) in got, (p, f.deadline.text)
        offset += len(p) + 1


# --- the bundled corpus ----------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_corpus_paragraphs() -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, "the bundled corpus is missing"
    for path in files:
        text = path.read_text(encoding="utf-8")
        count = 0
        for para in text.split("\n"):
            for ctx in (PLAN3, ONE, NONE):
                _check(para, ctx)
            count += len(find_deadlines(para, PLAN3))
        _check(text, PLAN3)  # the whole document at once, too
        assert count > 0, f"{path.name}: no deadline at all"
