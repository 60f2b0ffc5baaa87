"""Time expressions in task text → :class:`kg.records.Deadline` (DESIGN §5).

``find_deadlines(text, ctx)`` returns every deadline phrase of ``text`` in document order, each with
its offsets into ``text`` and a ``Deadline`` whose ``text`` is exactly ``text[start:end]``. It never
raises: odd input gives an empty or partial list.

Reading rules (the genre's conventions; full-width digits ２０２４, full-width punctuation and spaces
inside a phrase — "2025 年 6 月底前" — are all accepted; Chinese-numeral years 二〇二五年 and months
九月 too):

======================================  ==========================  =========
phrase                                  date                        precision
======================================  ==========================  =========
2024年年底前, 2024年底, 到2024年底,     2024-12-31                  year
2024年年末, 2024年前, 2024年之前,
到2025年, a bare target year 2025年,
2024年度, 2024年内
2024年上半年 / 下半年                   06-30 / 12-31               month
2024年一季度 … 第四季度(末), 前三季度  last day of the quarter     month
2024年5月, 2024年5月底(前), 5月份        last day of the month       month
2024年5—6月, 2024年5月至6月              last day of the end month   month
2024年6月上旬 / 中旬 / 下旬             10th / 20th / last day      day
2024年6月15日前                         2024-06-15                  day
2016—2017年底前, 2023—2025年,           the end of the range        (end's)
2024年5月至2025年3月
“十四五”期间 / 末 / 末期 / 时期         2025 (十一五 2010, 十二五 2015, 十三五 2020,
                                        十五五 2030, 十六五 2035)   year
======================================  ==========================  =========

Precision states the granularity of the words, not of the date: a year-end is written as a day
(12-31) but the phrase only names a year, so it is "year"; a month-end is "month"; a named day or a
ten-day period (旬) is "day".

Markers belong to the phrase text: a leading 到 / 至 / 截至 / 截止(到) / 直到, a trailing 前 / 之前 /
以前, the quotes around “十四五”. A 前 followed by a count (2025年前100名, 2024年前三季度) is not a
marker.

No year written (年底前, 今年年底, 年内, 9月底前, 6月15日前, 上半年, 一季度): the year comes from
the plan — its period's start year when the plan covers one year, else the issue year, else the
period's start (else end) — and the deadline is flagged ``inferred``. With no year at all in the
context (years outside 1950–2099 count as none) such a phrase is dropped. A year-less month needs
an end word (底, 末, 旬, a day, 前): a bare 9月 or a season 6—9月 is not a deadline. A month after
another year word (次年3月底前, 翌年) is dropped; after 今年 / 本年 / 当年 it takes the plan's year.

Recurring (``date`` None, ``precision`` None, ``recurring``): 每年 / 每年度 / 逐年 / 每(个)季度 /
每季 / 逐季 / 每半年 / 每(个)月 / 逐月, with any time words they govern (每年6月底前 is one phrase).
Deliberately NOT recurring deadlines: 年均 (an annual average — 年均浓度, 年均增长15% — is a
measure, not a time), 常态化 (a manner), 每周 / 每日 (operating frequencies).

Hedged: 力争 right before the phrase (力争2025年…, 力争到2025年, 力争在2024年年底前) or right
after it, a comma allowed (2025年力争…, 到2025年，力争…).

Not deadlines:

* baselines: 比2015年, 较2021年, 相比2020年, 同比, 与2020年相比, 在2020年(的)基础上,
  以2020年为基准/基数 (but 占比2025年… is not a baseline);
* start points and after-points: 自2024年起, 从2024年开始, 2024年起, 2020年以来, 2025年之后,
  2025年以后, 2025年后, 至今;
* the past: a phrase with a year earlier than the plan's period start (or, without a period, its
  issue year) is dropped unless it says 前 (due before); 2022年已… is the past whatever the plan;
* names: anything inside 《…》; a year label in brackets (（2023—2025年）, (2023年-2025年),
  （2018年修订）); a year range right after 方案/计划/规划/纲要; a bare year that begins a
  document name (2024年蓝天保卫战实施方案, 2030年前碳达峰行动方案), editions (2019年版) and
  return periods (1000年一遇);
* a full date without a deadline marker (no 前 and no 到/截至): that is a signature, an issue date
  or a meeting date (2023年9月14日, 发文日期：2023年09月08日, 已经2023年9月20日…会议);
* a year-and-month standing alone on its line (a cover or signature date: 二〇二二年六月), or a
  date after a 日期： label;
* document numbers 〔2023〕 (no 年, never read).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import zhconv

from kg.documents import zhconv_changes
from kg.records import Deadline, Precision

__all__ = ["DeadlineContext", "FoundDeadline", "find_deadlines", "normalize_width", "to_simplified"]


@dataclass(frozen=True)
class DeadlineContext:
    """The plan's period and issue year, used to infer missing years and reject past ones."""

    period_start: int | None = None
    period_end: int | None = None
    issued_year: int | None = None


@dataclass(frozen=True)
class FoundDeadline:
    """A deadline phrase at ``text[start:end]`` (``deadline.text`` is that slice, span None)."""

    start: int
    end: int
    deadline: Deadline


# ---------------------------------------------------------------------------------------------
# width normalisation (one character for one character, so offsets are kept)

_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_WIDTH.update(
    {
        ord("\u3000"): ord(" "),
        ord("\xa0"): ord(" "),
        ord("\u2002"): ord(" "),
        ord("\u2003"): ord(" "),
        ord("\u2009"): ord(" "),
        ord("\u200b"): ord(" "),
        ord("\ufeff"): ord(" "),
        ord("－"): ord("-"),
        ord("～"): ord("~"),
        ord("．"): ord("."),
        ord("％"): ord("%"),
        ord("（"): ord("("),
        ord("）"): ord(")"),
        ord("："): ord(":"),
        ord("，"): ord(","),
        ord("；"): ord(";"),
    }
)


def to_simplified(text: str) -> str:
    """Traditional characters to simplified ones (達到 → 达到, 優良天數 → 优良天数, 力爭 → 力争),
    one character for one: when a phrase conversion would change the length, characters are
    converted one by one."""
    if not zhconv_changes(text, "zh-cn"):
        return text
    try:
        s = zhconv.convert(text, "zh-cn")
    except Exception:  # noqa: BLE001 - a converter failure must not stop extraction
        return text
    if len(s) == len(text):
        return s
    return "".join(_simplified_char(c) for c in text)


@functools.lru_cache(maxsize=4096)
def _simplified_char(c: str) -> str:
    s = zhconv.convert(c, "zh-cn")
    return s if len(s) == 1 else c


#: _WIDTH as (from, to) characters: replacing those present one after the other is several times
#: faster than ``str.translate`` on CJK text (every target is ASCII, never a source: no chains)
_WIDTH_PAIRS = tuple((chr(k), chr(v)) for k, v in _WIDTH.items())


def normalize_width(text: str) -> str:
    """Full-width digits and a few punctuation marks to ASCII, odd spaces to a space, traditional
    characters to simplified ones.

    Every character maps to exactly one character, so offsets into the result are offsets into
    ``text``.
    """
    text = to_simplified(text)
    if type(text) is not str:
        return text.translate(_WIDTH)
    for wide, narrow in _WIDTH_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


# ---------------------------------------------------------------------------------------------
# patterns (applied to the normalised text)

_S = r"[ \t\r\n]{0,4}"  # spaces (and a broken line) allowed between the parts of a phrase
_Y = r"(?<![\d.])(?:19[5-9]\d|20\d\d)(?![\d.])|(?<![〇零○一二三四五六七八九十])[一二][〇零○一二三四五六七八九]{3}"
_M = r"(?:1[0-2]|0?[1-9])(?![\d.])|十[一二]?|[一二三四五六七八九]"
_D = r"(?:3[01]|[12]\d|0?[1-9])(?![\d.])|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_SEP = r"[-—–~至到―‒]{1,2}"
# 前 is a marker only when no count follows (2025年前100名, 前三季度)
_BEFORE = rf"(?:之前|以前|前(?!{_S}[\d一二三四五六七八九十两几]))"
_PRE = rf"(?:截止到|截止|截至|直到|到|至){_S}"
_QUARTER = r"(?:第|前)?[一二三四1-4](?![\d.])" + _S + r"季度"  # 前三季度: by the end of Q3

# Each pattern opens with a lookahead naming the characters a match can start with (its
# optional parts and their first characters unrolled), so a search rejects every other position at
# once instead of trying each alternative there; the matches are the same.
_YEAR_RE = re.compile(
    rf"""
    (?=[截直到至12一二])
    (?P<pre>{_PRE})?
    (?:(?P<y0>{_Y}){_S}年?{_S}(?P<sep>{_SEP}){_S})?
    (?P<y>{_Y}){_S}年
    (?:{_S}(?:
        (?P<ye>年?{_S}[底末])
      | (?P<half>[上下]半年)
      | (?P<q>{_QUARTER})(?:{_S}[末底])?
      | (?:(?P<m0>{_M}){_S}月?{_S}{_SEP}{_S})?(?P<m>{_M}){_S}月(?:{_S}份)?
          (?:{_S}(?:(?P<me>[底末])|(?P<xun>[上中下]旬)|(?P<d>{_D}){_S}[日号]))?
      | (?P<nei>年?内)
      | (?P<yd>度)
    ))?
    (?:{_S}(?P<before>{_BEFORE}))?
    """,
    re.VERBOSE,
)

_FYP_END = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
_FYP_RE = re.compile(
    rf"""
    (?=[截直到至“"‘'「『十\ \t\r\n])
    (?P<pre>{_PRE})?
    [“"‘'「『]?{_S}十(?P<n>[一二三四五六])五{_S}[”"’'」』]?{_S}(?:规划)?{_S}
    (?:期间|末期|期末|时期|末)
    (?:{_S}(?P<before>{_BEFORE}))?
    """,
    re.VERBOSE,
)

_RECUR_RE = re.compile(
    rf"""
    (?:每一?年度?|逐年|每个?季度|每季|逐季|每半年|每个?月|逐月)
    (?:{_S}(?:
        年?{_S}[底末]
      | [上下]半年
      | {_QUARTER}(?:{_S}[末底])?
      | (?:{_M}){_S}月(?:{_S}(?:[底末]|[上中下]旬|(?:{_D}){_S}[日号]))?
      | (?:{_D}){_S}[日号]
    ))?
    (?:{_S}{_BEFORE})?
    """,
    re.VERBOSE,
)

_YEARLESS_RE = re.compile(
    rf"""
    (?=[截直到至今本当年上下第前一二三四五六七八九十0-9])
    (?P<pre>{_PRE})?
    (?:
        (?P<rel>[今本当])?年{_S}年?{_S}(?P<ye>[底末])
      | (?P<rel2>[今本当])?年内
      | (?P<rel3>[今本当])?年?(?P<half>[上下]半年)
      | (?P<q>{_QUARTER})(?:{_S}[末底])?
      | (?P<m>{_M}){_S}月(?:{_S}份)?
          (?:{_S}(?:(?P<me>[底末])|(?P<xun>[上中下]旬)|(?P<d>{_D}){_S}[日号]))?
    )
    (?:{_S}(?P<before>{_BEFORE}))?
    """,
    re.VERBOSE,
)

# context words
_BASELINE_BEFORE = re.compile(r"(?:较之|相较于?|相比于?|对比|同比|环比|比|较|自|从|由|始于|起于|基于)$")
_START_BEFORE = re.compile(r"(?:自|从|由)$")
_WITH_BEFORE = re.compile(r"(?:与|同|和|跟)$")
_WITH_AFTER = re.compile(r"^(?:的)?(?:相比|比较|对比|持平)")
_YI_BEFORE = re.compile(r"以$")
_YI_AFTER = re.compile(r"^为(?:基准|基数|基期|基线|基础|起点)")
_AFTER_REJECT = re.compile(
    r"^(?:起|开始|以来|之后|以后|后|至今|的?基础上|的?水平上|基准|\(基准|基数|一遇|版|修订|修正|已|同期|底数)"
)
_DATE_LABEL = re.compile(r"(?:发文|成文|印发|发布|签发|落款)?日期\s*:?\s*$")
_BRACKET_OPEN = "(（[【〔"
_BRACKET_CLOSE = ")）]】〕"
_BRACKET_LABEL_REST = re.compile(r"^(?:版|修订|修正|修订版|印发|颁布|施行|发布)?$")
_NAME_BEFORE_RANGE = re.compile(r"(?:方案|计划|规划|纲要|行动|工程|要点)$")
_DOC_NOUN = re.compile(
    r"(?:方案|计划|规划|清单|要点|意见|通知|办法|细则|报告|纲要|名单|任务书|责任书|工作安排)$"
)
_VERB_START = re.compile(
    r"^(?:制定|编制|出台|印发|完成|开展|建立|研究|组织|启动|形成|修订|发布|上报|报送|提交|落实|推进|"
    r"推动|实现|确保|全面|基本|持续|进一步|各|全市|全县|全区|我市|我县|我区)"
)
_SEGMENT_END = re.compile(r"[,，;；。:：、!！?？\n()（）“”\"《》]")
_HEDGE_BEFORE = re.compile(r"力争\s*(?:在|于)?\s*$")
_HEDGE_AFTER = re.compile(r"^\s*[,，、]?\s*力争")
_RANGE_GAP = re.compile(rf"^{_S}{_SEP}{_S}$")
_NOT_BEFORE_YEARLESS = set("0123456789.〇零○一二三四五六七八九十两几每逐明次去上前翌来同个半多数近后隔-—–~至")
_NOT_BEFORE_MONTH = set("0123456789.〇零○一二三四五六七八九十两几每逐次翌个-—–~至到")

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(s: str) -> int | None:
    """1..31 from ASCII digits or Chinese numerals (十, 十二, 二十一, 三十一)."""
    s = s.strip()
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGIT.get(tens, None) if tens else 1
        o = _CN_DIGIT.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(s) == 1 and s in _CN_DIGIT:
        return _CN_DIGIT[s]
    return None


def _year(s: str | None) -> int | None:
    if not s:
        return None
    s = s.strip()
    if s.isascii() and s.isdigit():
        return int(s)
    digits = [_CN_DIGIT.get(c) for c in s]
    if len(digits) != 4 or any(d is None for d in digits):
        return None
    y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]  # type: ignore[operator]
    return y if 1950 <= y <= 2099 else None


def _quarter(s: str) -> int | None:
    for ch in s:
        if ch in "1234":
            return int(ch)
        if ch in "一二三四":
            return "一二三四".index(ch) + 1
    return None


# ---------------------------------------------------------------------------------------------
# candidates


@dataclass
class _Cand:
    start: int
    end: int
    kind: str  # "year" | "yearless" | "fyp" | "recur"
    year: int | None = None  # explicit year (end of a range)
    year0: int | None = None  # start of a year range
    month: int | None = None
    day: int | None = None
    level: str = "year"  # "year-end" | "half" | "quarter" | "month" | "xun" | "day" | "year"
    sub: str = ""  # 上/中/下 for half and xun, quarter number as text
    pre: str = ""
    before: bool = False
    bare: bool = False  # a year with nothing after 年 (or 年度 / 年前)
    ranged: bool = False
    invalid: bool = False


def _fill_tail(c: _Cand, m: re.Match[str]) -> None:
    """Common tail groups of the year and year-less patterns."""
    g = m.groupdict()
    if g.get("ye"):
        c.level = "year-end"
    elif g.get("half"):
        c.level = "half"
        c.sub = g["half"][0]
    elif g.get("q"):
        c.level = "quarter"
        q = _quarter(g["q"])
        c.sub = str(q or "")
        c.invalid = q is None
    elif g.get("m"):
        month = _cn_number(g["m"])
        if month is None or not 1 <= month <= 12:
            c.invalid = True
            return
        c.month = month
        if g.get("m0"):
            m0 = _cn_number(g["m0"])
            if m0 is None or not 1 <= m0 <= 12 or m0 > month:
                c.invalid = True
            c.ranged = True
        if g.get("xun"):
            c.level = "xun"
            c.sub = g["xun"][0]
        elif g.get("d"):
            c.level = "day"
            c.day = _cn_number(g["d"])
            if c.day is None or c.day < 1:
                c.invalid = True
        else:
            c.level = "month"
            if g.get("me"):
                c.sub = "end"
    else:
        c.level = "year"  # a bare year, 年度, 年内


def _candidates(n: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _YEAR_RE.finditer(n):
        c = _Cand(m.start(), m.end(), "year")
        c.year = _year(m.group("y"))
        if c.year is None:
            continue
        c.pre = (m.group("pre") or "").strip()
        c.before = bool(m.group("before"))
        if m.group("y0"):
            c.year0 = _year(m.group("y0"))
            c.ranged = True
            if c.year0 is None or c.year0 > c.year:
                c.invalid = True
        _fill_tail(c, m)
        c.bare = not any(m.group(k) for k in ("ye", "half", "q", "m", "nei"))
        out.append(c)
    for m in _FYP_RE.finditer(n):
        c = _Cand(m.start(), m.end(), "fyp", year=_FYP_END[m.group("n")])
        c.pre = (m.group("pre") or "").strip()
        c.before = bool(m.group("before"))
        out.append(c)
    for m in _RECUR_RE.finditer(n):
        out.append(_Cand(m.start(), m.end(), "recur", level=""))
    for m in _YEARLESS_RE.finditer(n):
        c = _Cand(m.start(), m.end(), "yearless")
        c.pre = (m.group("pre") or "").strip()
        c.before = bool(m.group("before"))
        _fill_tail(c, m)
        out.append(c)
    # earliest first, longest first at the same start; keep the non-overlapping ones
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cand] = []
    last_end = -1
    for c in out:
        if c.start >= last_end:
            kept.append(c)
            last_end = c.end
    return kept


def _merge_ranges(n: str, cands: list[_Cand]) -> list[_Cand]:
    """``A — B`` / ``A至B`` / ``A到B`` become one phrase with B's date (B may take A's year)."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands):
            b = cands[i + 1]
            gap = n[a.end : b.start]
            dated = ("year", "yearless")
            if (
                a.kind == "year"
                and b.kind in dated
                and (_RANGE_GAP.match(gap) or (not gap.strip() and b.pre in ("到", "至")))
            ):
                if b.kind == "yearless":  # 2024年5月至年底, 2024年5月至9月底: B takes A's year
                    b.kind = "year"
                    b.year = a.year
                elif b.year is not None and a.year is not None and b.year < a.year:
                    b.invalid = True
                b.year0 = a.year
                b.start = a.start
                b.pre = a.pre
                b.ranged = True
                b.bare = False
                out.append(b)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# ---------------------------------------------------------------------------------------------
# filters


def _title_mask(n: str) -> bytearray:
    """``mask[i]`` is 1 when position ``i`` lies inside 《…》 (nesting counted, stray 》 ignored)."""
    mask = bytearray(len(n) + 1)
    if "《" not in n:
        return mask  # no title: all 0
    depth = 0
    for i, ch in enumerate(n):
        mask[i] = 1 if depth > 0 else 0
        if ch == "《":
            depth += 1
        elif ch == "》" and depth > 0:
            depth -= 1
    mask[len(n)] = 1 if depth > 0 else 0
    return mask


def _prev_char(n: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and n[i] in " \t\r\n":
        i -= 1
    return n[i] if i >= 0 else ""


def _line_of(n: str, start: int, end: int) -> str:
    a = n.rfind("\n", 0, start) + 1
    b = n.find("\n", end)
    return n[a : (len(n) if b < 0 else b)]


def _explicit_year_rejected(n: str, c: _Cand, ctx: DeadlineContext, titles: bytearray) -> bool:
    before = n[max(0, c.start - 12) : c.start].rstrip()
    after = n[c.end : c.end + 12].lstrip()
    text = n[c.start : c.end]
    # inside a title 《…》
    if titles[c.start]:
        return True
    if not c.pre:
        # baselines and start points written before the year
        if (
            _BASELINE_BEFORE.search(before)
            and not before.endswith("占比")
            and not (c.ranged and _START_BEFORE.search(before))  # 自2023年至2025年: a period
        ):
            return True
        if _WITH_BEFORE.search(before) and _WITH_AFTER.match(after):
            return True
        if _YI_BEFORE.search(before) and _YI_AFTER.match(after):
            return True
    # … and after it
    if _AFTER_REJECT.match(after):
        return True
    # the past (a due-before date is kept: the plan may restate a milestone)
    ps, iy = _ctx_year(ctx.period_start), _ctx_year(ctx.issued_year)
    ref = ps if ps is not None else iy
    if ref is not None and c.year is not None and c.year < ref and not c.before:
        return True
    # a year label in brackets: （2023—2025年）, (2024年), （2018年修订）
    prev = _prev_char(n, c.start)
    if c.level in ("year", "year-end") and not c.before and prev and prev in _BRACKET_OPEN:
        close = min(
            (i for i in (n.find(ch, c.end) for ch in _BRACKET_CLOSE) if i >= 0),
            default=-1,
        )
        if close >= 0 and _BRACKET_LABEL_REST.match(n[c.end : close].strip()):
            return True
    # a period label after a plan name: …三年行动计划2023—2025年
    if c.ranged and c.year0 is not None and c.month is None and _NAME_BEFORE_RANGE.search(before):
        return True
    # a bare year (or 年前) that begins a document name: 2024年蓝天保卫战实施方案
    if (c.bare or (c.level == "year" and c.before)) and not c.ranged:
        seg = _SEGMENT_END.split(n[c.end : c.end + 40], maxsplit=1)[0].strip()
        if seg and _DOC_NOUN.search(seg) and not _VERB_START.match(seg):
            return True
    # full dates are deadlines only with a marker; the rest are signatures / issue / meeting dates
    if c.level == "day" and not c.before and not c.pre:
        return True
    # a date alone on its line (cover, signature) or after a 日期: label
    if not c.before and not c.pre:
        if (
            c.level == "month"
            and c.sub != "end"
            and not c.ranged
            and _line_of(n, c.start, c.end).strip() == text.strip()
        ):
            return True
        if _DATE_LABEL.search(before) and c.level in ("month", "day", "xun"):
            return True
    return False


def _yearless_rejected(n: str, c: _Cand, titles: bytearray) -> bool:
    if titles[c.start]:
        return True
    text = n[c.start : c.end]
    after = n[c.end : c.end + 12].lstrip()
    prev = n[c.start - 1] if c.start > 0 else ""
    if not c.pre:
        starts_rel = text[:1] in "今本当"
        if c.month is not None:
            if prev in _NOT_BEFORE_MONTH:
                return True
            # after some other 年 (次年3月, 翌年): only 今年 / 本年 / 当年 give the plan's year
            if prev == "年" and (c.start < 2 or n[c.start - 2] not in "今本当"):
                return True
        elif not starts_rel and prev in _NOT_BEFORE_YEARLESS:
            return True
    if _AFTER_REJECT.match(after):
        return True
    if c.month is not None:
        # a month needs an end word: 9月底, 9月下旬, 6月15日前, 9月前
        if not (c.before or c.level in ("xun", "day") or c.sub == "end"):
            return True
        if c.level == "day" and not c.before and not c.pre:
            return True
    if c.level == "year-end" and text.rstrip().endswith("末") and not c.before and not c.pre:
        return True  # 年末人口 …: only 年末前 / 到年末 read as a deadline
    if c.level == "year" and text.rstrip().endswith("年内"):
        # 年内 needs a clear start: 今年内, or nothing / punctuation / 于 / 在 before it
        if not (text[:1] in "今本当" or c.pre or prev == "" or not ("\u4e00" <= prev <= "\u9fff") or prev in "于在"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# dates


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _resolve(c: _Cand, year: int) -> tuple[dt.date, Precision] | None:
    try:
        if c.level in ("year", "year-end") or c.kind == "fyp":
            return dt.date(year, 12, 31), "year"
        if c.level == "half":
            return (dt.date(year, 6, 30) if c.sub == "上" else dt.date(year, 12, 31)), "month"
        if c.level == "quarter":
            q = int(c.sub)
            month = 3 * q
            return dt.date(year, month, _last_day(year, month)), "month"
        if c.month is None:
            return None
        if c.level == "month":
            return dt.date(year, c.month, _last_day(year, c.month)), "month"
        if c.level == "xun":
            day = {"上": 10, "中": 20}.get(c.sub) or _last_day(year, c.month)
            return dt.date(year, c.month, day), "day"
        if c.level == "day" and c.day is not None:
            return dt.date(year, c.month, c.day), "day"
    except (ValueError, OverflowError):
        return None
    return None


def _ctx_year(y: object) -> int | None:
    """A context year, or None when it is missing or not a plausible year (1950–2099)."""
    return y if isinstance(y, int) and not isinstance(y, bool) and 1950 <= y <= 2099 else None


def _plan_year(ctx: DeadlineContext) -> int | None:
    ps, pe, iy = _ctx_year(ctx.period_start), _ctx_year(ctx.period_end), _ctx_year(ctx.issued_year)
    if ps is not None and pe is not None and ps == pe:
        return ps
    if iy is not None:
        return iy
    if ps is not None:
        return ps
    return pe


def _hedged(n: str, start: int, end: int) -> bool:
    return bool(_HEDGE_BEFORE.search(n[max(0, start - 8) : start]) or _HEDGE_AFTER.match(n[end : end + 8]))


def find_deadlines(text: str, ctx: DeadlineContext | None = None) -> list[FoundDeadline]:
    """All deadline phrases of ``text`` in document order (see the module docstring for the rules)."""
    if not isinstance(text, str) or not text:
        return []
    ctx = ctx if isinstance(ctx, DeadlineContext) else DeadlineContext()
    return _find(text, ctx)


def _find(text: str, ctx: DeadlineContext) -> list[FoundDeadline]:
    n = normalize_width(text)
    titles = _title_mask(n)
    found: list[FoundDeadline] = []
    for c in _merge_ranges(n, _candidates(n)):
        if c.invalid:
            continue
        # trim trailing spaces the optional groups may have swallowed
        while c.end > c.start and n[c.end - 1] in " \t\r\n":
            c.end -= 1
        phrase = text[c.start : c.end]
        hedged = _hedged(n, c.start, c.end)
        if c.kind == "recur":
            if titles[c.start]:
                continue
            dl = Deadline(text=phrase, date=None, precision=None, hedged=hedged, recurring=True)
            found.append(FoundDeadline(c.start, c.end, dl))
            continue
        inferred = False
        if c.kind in ("year", "fyp"):
            if _explicit_year_rejected(n, c, ctx, titles):
                continue
            year = c.year
        else:
            if _yearless_rejected(n, c, titles):
                continue
            year = _plan_year(ctx)
            inferred = True
        if year is None:
            continue
        resolved = _resolve(c, year)
        if resolved is None:
            continue
        date, precision = resolved
        dl = Deadline(text=phrase, date=date, precision=precision, hedged=hedged, inferred=inferred)
        found.append(FoundDeadline(c.start, c.end, dl))
    return found
