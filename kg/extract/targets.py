"""Quantitative and qualitative targets in plan text → :class:`kg.records.Target` (DESIGN §3).

``find_targets(text, ctx)`` returns the target clauses of ``text`` in document order, each with its
offsets into ``text`` (``target.text == text[start:end]``). It never raises on odd input (only a
broken vocabulary file raises ``OntologyError``).

``find_indicator_tables(text, ctx)`` reads the indicator tables (主要指标表: 指标名称 | 2020年 |
2025年 | 属性) in any of the layouts of the genre; see its docstring.

Not read yet: Chinese-numeral values (百分之九十), 退出后N名.

Reading rules (full-width digits and punctuation, and traditional characters — 達到, 優良天數,
力爭 — are accepted everywhere):

* A target is ``indicator + comparator + value [unit] [以上/以下/以内/左右]``, e.g.
  空气质量优良天数比率达到82.5%, 细颗粒物浓度低于36微克/立方米, 重度及以上污染天数比例控制在0.3%以下.
* Comparators:

  ==========================================================  ============
  words                                                       comparator
  ==========================================================  ============
  达到, 达, 提高到/提升到/增加到/增长到/增至/升至, 稳定在,    ">="
  保持在, 维持在, 不低于, 不少于, 不小于, ≥
  控制在, 降至/降到/下降到/降低到/减少到/压减到, 不高于,       "<="
  不超过, 不大于, 不多于, ≤
  低于, 小于, 少于, <                                         "<"
  高于, 大于, 超过, 多于, >                                   ">"
  a trailing 以上 / 以下, 以内 / 左右                          overrides: ">=" / "<=" / "="
  a bare ``value unit 以上`` closing a clause (并网容量 200      ">=" / "<="
  万千瓦以上，) / ``以下``
  下降, 降低, 减少, 削减, 压减 X (no 到/至)                   "decrease"
  提高, 提升, 增加, 增长, 上升 X (no 到/至)                   "increase"
  进入 … 前 N 名/位 (a ranking)                               "<=" (rank)
  ==========================================================  ============

  A change keeps the change as its value: 较2021年下降10个百分点 → comparator "decrease", value 10,
  unit 个百分点, baseline_year 2021. A trailing 以上 on a change (增长15%以上) does not alter the
  comparator: the value is the least change asked for.
* A value followed by 的 / 之 / a slash / a letter is a condition, not a target (年运量150万吨以上的
  企业, 超过30天的, 35蒸吨/小时以下); so is a number followed by 年/月/日 (a date).
* A range of values (达到75%—80%, 控制在35至40微克/立方米, 提升5至10个位次) keeps its writing as
  value_text; the value is the bound the plan guarantees: the upper one for <= / <, else the lower.
* The target set by a higher level, closing a clause (细颗粒物浓度完成省定目标, 优良天数比例达到省
  下达的年度目标任务): value None, comparator None, value_text the words.
* A water-quality class reached or kept, closing a clause (水质稳定达到Ⅱ类, 断面水质保持Ⅲ类及以上,
  达到Ⅲ类水质标准): value None, comparator None, value_text the class as written (Ⅱ类).
* Several values, respectively (分别): 市区、县城生活污水处理率分别达到98%、95%以上 gives one target per
  value, the listed items paired in order with the shared tail (市区生活污水处理率,
  县城生活污水处理率; PM10、PM2.5浓度分别控制在70、42微克/立方米以下; 可吸入颗粒物（PM10）、
  细颗粒物（PM2.5）年均浓度…; 优良天数比例和森林覆盖率分别达到80%、30%). A unit or 以上/以下
  written after the last value applies to all. The first target's text is the clause up to its
  value, the others' their own value. When the items cannot be paired, only the first is read.
* Qualitative targets, closing a clause: 基本消除, 全面消除, 消除, 全覆盖, 基本全覆盖, 稳定达标,
  全面达标, 全部达标, 基本达标, (稳定)二级达标, 动态清零, 清零, 不减少, 不降低 → value None,
  comparator None, value_text the words. With 实现 in the clause (驻地基本实现生活污水处理设施全覆盖)
  the indicator is what follows 实现.
* Indicator: the words between the start of the clause piece (after the last , ; 。 : ! ? tab or
  real line break — a line broken inside a word is joined — or after the previous target) and the
  comparator, trimmed of the year phrase (到2025年, 2024年年底前 …), hedge, modal and leading verbs
  (力争, 确保, 要, 将, 均, 分别, 稳定, 持续, 基本, 推动, 推进 …), scope words (全市, 全县, 我市,
  本县, 各县（市、区）…), a named county/district (kept as scope), a baseline (较2021年, 比2015年,
  与2020年相比, 在2020年基础上, 由2020年的72% → baseline_year / baseline_value) and 同比 / 年均 /
  平均. Spaces and line breaks inside the indicator are dropped.
* An elided indicator: a clause that names only a place (其他县区建成区力争达到70%以上, 宛城区达到
  82%) or nothing (或在2020年基础上提高5个百分点) after a target of the same sentence takes that
  target's indicator concept (and, when nothing is written, its indicator text); alone, a clause
  with nothing left gives no target.
* indicator_key: the indicator matched against the vocabulary ``ontology/vocab/indicators.csv``
  (key, en, unit, aliases): both sides are NFKC-normalised (Ⅲ = III, Ｖ = V), spaces, 、 and
  bracketed parts ((PM2.5), (含发送和到达)) dropped, 比率 / 占比 / 比重 read as 比例; the longest
  key or alias that ENDS the indicator wins (a Chinese noun phrase ends with its head:
  主要农作物化肥农药利用率 is a 化肥农药利用率; 六因子（…细颗粒物…）监测 is not a 细颗粒物
  indicator); none → None.
* year: the last dated deadline phrase before the target in the same sentence (up to 。 ! ? or a
  real line break — ； does not end it: 到2025年，A…；B… gives 2025 to both), else
  ``ctx.period_end``.
* hedged: 力争 in the clause piece before the comparator, or on that year phrase.
* scope: a named county / district / county-level city / town (one or a list: 甲县、乙县等地, 城关镇、
  王村乡) at the start
  of the clause piece, else in an earlier piece of the sentence that holds nothing but a scope and
  a year (南湖区，到2025年，…), else ``ctx.jurisdiction``. A name is 2–4 characters and 县 / 区 /
  市 / 旗 / 镇 / 乡 (or one character and 县: 叶县); kinds of place (主城区, 中心城区, 县城建成区, 工业园区,
  旅游景区, 各县区, 其他县区 …) are not scopes.
* nature: （约束性） / （预期性） right after the value.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import OntologyError
from kg.extract.deadlines import DeadlineContext, find_deadlines, normalize_width, to_simplified
from kg.records import Target

__all__ = [
    "FoundTarget",
    "Indicator",
    "IndicatorVocab",
    "TargetContext",
    "find_indicator_tables",
    "find_targets",
    "indicator_key",
    "load_indicators",
    "normalize_indicator",
    "DEFAULT_INDICATORS",
]

DEFAULT_INDICATORS = Path(__file__).resolve().parents[2] / "ontology" / "vocab" / "indicators.csv"


@dataclass(frozen=True)
class TargetContext:
    """The plan's jurisdiction (default scope) and period end (default target year)."""

    jurisdiction: str | None = None
    period_end: int | None = None


@dataclass(frozen=True)
class FoundTarget:
    """A target clause at ``text[start:end]`` (``target.text`` is that slice, span None)."""

    start: int
    end: int
    target: Target


# ---------------------------------------------------------------------------------------------
# the indicator vocabulary (data, not code)


@dataclass(frozen=True)
class Indicator:
    key: str  # the shared concept: 优良天数比例
    en: str
    unit: str | None
    aliases: tuple[str, ...]


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_RATIO_WORDS = (("比率", "比例"), ("占比", "比例"), ("比重", "比例"))


def normalize_indicator(text: str) -> str:
    """The form indicators are compared in: simplified characters, NFKC, no spaces / 、 / bracketed parts ((PM2.5),
    (含发送和到达)), PM_{2.5} → PM2.5, 比率 / 占比 / 比重 → 比例, Latin letters upper-cased."""
    s = unicodedata.normalize("NFKC", to_simplified(text or ""))
    s = s.replace("_{", "").replace("{", "").replace("}", "").replace("_", "")
    s = re.sub(r"\s+", "", s)
    s = _BRACKETED.sub("", s)
    s = s.replace("、", "").replace("“", "").replace("”", "").replace('"', "")
    for a, b in _RATIO_WORDS:
        s = s.replace(a, b)
    return s.upper()


@dataclass(frozen=True)
class IndicatorVocab:
    """The indicator concepts and an index of normalised names (longest first)."""

    indicators: tuple[Indicator, ...]
    index: tuple[tuple[str, str], ...]  # (normalised alias, key), longest alias first

    def get(self, key: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        return None

    def key_for(self, indicator: str) -> str | None:
        """The key of the longest known name that ENDS the indicator, or None.

        Chinese noun phrases end with their head: 主要农作物化肥农药利用率 is a 化肥农药利用率,
        while 六因子（细颗粒物、臭氧…）监测 is not a 细颗粒物 indicator.
        """
        norm = normalize_indicator(indicator)
        if not norm:
            return None
        for alias, key in self.index:
            if norm.endswith(alias):
                return key
        return None


_HEADER = ["key", "en", "unit", "aliases"]


def _parse_vocab(path: Path) -> IndicatorVocab:
    where = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OntologyError("the indicator vocabulary is missing; restore it from the repository", path=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(f"cannot read the indicator vocabulary: {exc}", path=where) from None
    reader = csv.reader(raw.splitlines())
    rows = list(enumerate(reader, start=1))
    if not rows or [c.strip() for c in rows[0][1]] != _HEADER:
        raise OntologyError("the first line must be the header key,en,unit,aliases", path=where, line=1)
    indicators: list[Indicator] = []
    owner: dict[str, str] = {}  # normalised name → key
    units = {_UNIT_CANON.get(u, u) for u in _UNITS}
    for line, row in rows[1:]:
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 4:
            raise OntologyError(
                f"expected 4 columns (key,en,unit,aliases), found {len(row)}; quote a field that holds a comma",
                path=where,
                line=line,
            )
        key, en, unit, aliases = (c.strip() for c in row)
        if not key:
            raise OntologyError("empty key", path=where, line=line)
        if any(i.key == key for i in indicators):
            raise OntologyError(f"duplicate key {key!r}", path=where, line=line)
        if not en:
            raise OntologyError(f"indicator {key!r} has no English label", path=where, line=line)
        if unit and unit not in units:
            raise OntologyError(
                f"indicator {key!r}: unknown unit {unit!r} (known: {', '.join(sorted(units))})", path=where, line=line
            )
        names = [a.strip() for a in aliases.split("|")] if aliases else []
        if any(not a for a in names):
            raise OntologyError(f"indicator {key!r} has an empty alias (doubled or trailing |)", path=where, line=line)
        for name in [key, *names]:
            norm = normalize_indicator(name)
            if not norm:
                raise OntologyError(f"name {name!r} of {key!r} is empty once normalised", path=where, line=line)
            other = owner.get(norm)
            if other is not None and other != key:
                raise OntologyError(f"{name!r} (of {key!r}) is already a name of {other!r}", path=where, line=line)
            owner[norm] = key
        indicators.append(Indicator(key=key, en=en, unit=unit or None, aliases=tuple(names)))
    index = tuple(sorted(owner.items(), key=lambda kv: (-len(kv[0]), kv[0])))
    return IndicatorVocab(indicators=tuple(indicators), index=index)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> IndicatorVocab:
    del mtime_ns  # part of the cache key only: an edited file is read again
    return _parse_vocab(Path(path))


def load_indicators(path: str | Path | None = None) -> IndicatorVocab:
    """Read (once, cached) the indicator vocabulary; ``OntologyError`` names file and line on a bad row."""
    p = Path(path) if path is not None else DEFAULT_INDICATORS
    try:
        st = os.stat(p)
    except OSError:
        raise OntologyError(
            "the indicator vocabulary is missing; restore it from the repository", path=str(p)
        ) from None
    # the file as it is now (stat follows links, as resolve does): the vocabulary read from it is
    # known without resolving the path again (asked for every task)
    file = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    found = _BY_FILE.get(file)
    if found is None:
        found = _load_cached(str(p.resolve()), st.st_mtime_ns)
        if len(_BY_FILE) >= 8:
            _BY_FILE.clear()
        _BY_FILE[file] = found
    return found


_BY_FILE: dict[tuple[int, int, int, int], IndicatorVocab] = {}


def indicator_key(indicator: str, vocab: IndicatorVocab | None = None) -> str | None:
    """The shared concept key of an indicator as written (None when the vocabulary does not know it)."""
    return (vocab or load_indicators()).key_for(indicator)


# ---------------------------------------------------------------------------------------------
# patterns (on the width-normalised text: ，→, ；→; （→( ）→) ：→: ％→% ０-９→0-9)

_S = r"[ \t\r\n]{0,3}"
_NUM = r"(?<![\d.A-Za-z_])\d+(?:\.\d+)?(?![\d.])"
_UNITS = sorted(
    """微克/立方米 μg/m³ μg/m3 ug/m3 毫克/立方米 mg/m³ mg/m3 毫克/升 mg/L mg/l 个百分点 百分点 % ‰
    万千瓦时 亿千瓦时 千瓦时 万千瓦 千瓦 兆瓦 吉瓦 万吨标准煤 万吨标煤 吨标准煤 吨标煤 亿吨 万吨 吨
    万公顷 公顷 万亩 亩 平方公里 平方千米 万平方米 平方米 亿立方米 万立方米 立方米 公里 千米 米
    万辆 辆 万人 人次 人 万户 户 万元 亿元 元 蒸吨/小时 蒸吨 个 条 座 家 处 名 位 台 套 项 所 天 倍 次
    只 株 棵 艘 立方米/秒 万标箱 标箱 万吨公里 亿吨公里 个位次 位次""".split(),
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_UNIT_CANON = {
    "μg/m³": "微克/立方米",
    "μg/m3": "微克/立方米",
    "ug/m3": "微克/立方米",
    "mg/m³": "毫克/立方米",
    "mg/m3": "毫克/立方米",
    "mg/L": "毫克/升",
    "mg/l": "毫克/升",
    "百分点": "个百分点",
    "平方千米": "平方公里",
    "千米": "公里",
    "吨标煤": "吨标准煤",
    "万吨标煤": "万吨标准煤",
}

_CMP_WORDS = {
    ">=": "不低于 不少于 不小于 ≥ >= 达到 达 稳定在 稳定到 保持在 维持在".split(),
    "<=": "不高于 不超过 不大于 不多于 ≤ <= 控制在 控制到".split(),
    "<": "低于 小于 少于 < ＜".split(),
    ">": "高于 大于 超过 多于 > ＞".split(),
}
_UP_TO = "提高 提升 增加 增长 上升 升 增".split()
_DOWN_TO = "下降 降低 减少 削减 压减 降 减".split()
_CMP_ALTS = sorted(
    [w for ws in _CMP_WORDS.values() for w in ws]
    + [u + t for u in _UP_TO for t in ("到", "至")]
    + [d + t for d in _DOWN_TO for t in ("到", "至")]
    + [u for u in _UP_TO if len(u) > 1]
    + [d for d in _DOWN_TO if len(d) > 1],
    key=len,
    reverse=True,
)
_CMP_RE = re.compile(
    rf"(?P<cmp>{'|'.join(re.escape(w) for w in _CMP_ALTS)}){_S}(?P<num>{_NUM})"
    rf"(?:{_S}(?P<unit>{_UNIT_RE}))?(?:{_S}(?P<tail>以上|以下|以内|左右))?"
)
_BARE_RE = re.compile(
    rf"(?P<num>{_NUM})(?:{_S}(?P<unit>{_UNIT_RE}))?{_S}(?P<tail>以上|以下|以内)(?={_S}(?:[,;。!?)、\n]|$))"
)
_QUAL_WORDS = sorted(
    "基本消除 全面消除 消除 基本全覆盖 全覆盖 稳定达标 全面达标 全部达标 基本达标 稳定二级达标 二级达标 "
    "动态清零 清零 不减少 不降低".split(),
    key=len,
    reverse=True,
)
_QUAL_RE = re.compile(rf"(?P<q>{'|'.join(_QUAL_WORDS)})(?={_S}(?:[,;。!?)\n]|$))")
# the target set by a higher level (细颗粒物浓度完成省定目标, 优良天数比例达到省下达的年度目标任务)
_ASSIGNED_RE = re.compile(
    rf"(?P<q>(?:完成|达到|实现){_S}(?:国家|省|市|上级)(?:{_S}(?:定|下达|确定|考核|要求))+(?:{_S}的)?(?:{_S}年度)?"
    rf"(?:{_S}(?:改善|考核|约束性))?{_S}目标(?:{_S}任务)?)(?={_S}(?:[,;。!?)\n]|$))"
)
# a water-quality class reached or kept (水质稳定达到Ⅱ类, 出境断面水质保持Ⅲ类及以上): the class is the value text
_CLASS_RE = re.compile(
    rf"(?:达到|保持在|保持|稳定在|维持在|优于|好于|不低于|达)(?:{_S}或{_S}(?:优于|好于))?{_S}"
    rf"(?P<q>(?:Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|I|V|[一二三四五]){_S}类(?:{_S}(?:水质标准|水质|标准))?"
    rf"(?:{_S}(?:及以上|以上|及更好))?)(?={_S}(?:[,;。!?)\n]|$))"
)
_RANK_RE = re.compile(rf"进入{_S}(?P<what>[^,;。!?\n]{{1,30}}?){_S}前{_S}(?P<num>{_NUM}){_S}(?P<unit>名|位)")

_PIECE_END = set(",;。!?:\t")
_SENTENCE_END = set("。!?")  # ； only separates the groups of one sentence (到2025年，A…；B…)
_LEAD_WORDS = re.compile(
    r"(?:力争|确保|争取|努力|全力推动|全力|推动|推进|促进|加快|同时|其中|其(?![他余它])|并且|以及|并|且|和|及|或者|或|要|将|均|"
    r"全市域|全县域|全市|全县|全区|全省|全域|市域内|县域内|市域|县域|我市|我县|我区|我省|本市|本县|本区|"
    r"各县\((?:市、区|市、区、示范区)\)(?:政府)?|各县区|各县市区|[、,:的])"
)
_TRAIL_WORDS = re.compile(
    r"(?:力争|确保|争取|要|需|应|均|分别|稳定|持续|保持|将|基本|总体|全部|进一步|逐步|可|能|实现|同比|年均|"
    r"平均|得到|必须|原则上|[、,:的])$"
)
_BASELINE = re.compile(
    rf"(?:同比|比|较之|较|相比于?|相较于?|与|在|由|以){_S}(?P<y>(?:19|20)\d\d){_S}年(?:{_S}年?[底末])?"
    rf"(?:{_S}的)?(?:{_S}同期)?(?:{_S}(?:相比|基础上|水平上|水平|为基准|为基数))?"
    rf"(?:{_S}(?P<bv>{_NUM}){_S}(?:{_UNIT_RE})?)?"
)
_BASELINE_PREV_YEAR = re.compile(r"(?:同比|(?:比|较)(?:上年|去年|上一年))(?:同期)?$")
_NATURE = re.compile(r"\s*[(（\[]\s*(约束性|预期性)")  # used with .match(n, pos): no ^
# a county / district / county-level city / banner: 2–4 characters and the suffix, or 叶县-like
_SCOPE_NAME = r"(?:[\u4e00-\u9fff]{2,4}?(?:县|区|市|旗|[镇乡](?![市县区旗]))|[\u4e00-\u9fff]县)"
# bare two-character names may lead a list that goes on with named places (鲁山、宝丰、叶县、石龙区)
_SCOPE_RE = re.compile(rf"(?:[\u4e00-\u9fff]{{2}}、)*{_SCOPE_NAME}(?:(?:以及|[、和及]){_SCOPE_NAME})*(?:等地|等)?")
# words that make a "…县 / …区 / …市" a kind of place rather than a named one (宛城区, 本溪市 and
# 景德镇市 are names; 主城区, 县城建成区, 工业园区, 旅游景区 are kinds)
_SCOPE_FORBIDDEN = (
    "城市", "县城", "城镇", "城乡", "主城", "老城", "旧城", "新城", "中心城", "市城", "建成", "中心", "级",
    "省", "其他", "其余", "所辖", "重点", "农村", "乡镇", "园区", "景区", "港区", "矿区", "厂区", "社区",
    "街道", "保护", "功能", "规划", "辖", "部", "片", "周边", "沿线", "沿岸", "沿海", "流域", "深山", "浅山",
    "丘陵", "偏远", "贫困", "革命", "地区", "郊区", "库区", "牧区", "农区", "灾区", "校区", "服务", "工业",
    "商业", "居住", "住宅", "生活区", "作业", "施工", "禁燃", "禁煤", "控制区", "管控", "集聚", "水源",
    "汇水", "区域", "超市", "都市", "集市", "门市", "上市", "实现", "推", "制定", "完成", "开展", "确保",
    "力争", "要求", "以上", "以下", "县乡", "市县", "县市", "区县", "县区", "市区",
    "下乡", "返乡", "家乡", "故乡", "乡村", "小镇", "建制", "集镇", "名镇", "古镇", "重镇", "特色", "中心镇",
)
_SCOPE_NOT_FIRST = set("各我该每其此这那县区市旗")
_ONE_CHAR_COUNTY_NOT = set("全各我本该每其此这那一二两三四五六七八九十几多外邻县乡")  # 本县, 全县, 两县
_SCOPE_NOT_NEXT = set("域内级属直辖场政委民域")
_CONDITION_AFTER = set("的之/") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_PLACE_KIND_END = re.compile(r"(?:县区|建成区|城区|县城|市区|城市|农村|乡镇|地区|县市区|县\(市、区\)|各地|其他|其余|区域)$")
_RATIO_AFTER = re.compile(r"[ \t]*[:：∶比][ \t]*(\d+(?:\.\d+)?)(?![\d.])")  # used with .match(n, pos)
_RANGE_VALUE = re.compile(
    rf"(?P<num>{_NUM})(?:{_S}(?P<unit1>{_UNIT_RE}))?{_S}(?:至|到|-|—|~|–){_S}(?P<num2>{_NUM})"
    rf"(?:{_S}(?P<unit>{_UNIT_RE}))?(?:{_S}(?P<tail>以上|以下|以内|左右))?"
)
_RANGE_AFTER = re.compile(rf"{_S}(?:至|到|-|—|~){_S}\d")  # used with .match(n, pos): no ^


def _cmp_symbol(word: str, tail: str | None) -> str:
    if word.endswith(("到", "至")) and word[:-1] in _UP_TO:
        base = ">="
    elif word.endswith(("到", "至")) and word[:-1] in _DOWN_TO:
        base = "<="
    elif word in _UP_TO:
        return "increase"
    elif word in _DOWN_TO:
        return "decrease"
    else:
        base = next((sym for sym, ws in _CMP_WORDS.items() if word in ws), ">=")
    if tail == "以上":
        return ">="
    if tail in ("以下", "以内"):
        return "<="
    if tail == "左右":
        return "="
    return base


def _decimal(s: str) -> Decimal | None:
    try:
        d = Decimal(s)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _scope_at(n: str, a: int, b: int) -> int | None:
    """End of a named county/district (or a list of them) starting at ``n[a]``, or None."""
    m = _SCOPE_RE.match(n, a, b)
    if not m:
        return None
    names = re.split(r"以及|[、和及]", m.group(0).removesuffix("等地").removesuffix("等"))
    if not names or any(not nm or nm[0] in _SCOPE_NOT_FIRST for nm in names):
        return None
    if any(len(nm) == 2 and nm[0] in _ONE_CHAR_COUNTY_NOT for nm in names):
        return None
    if any(f in nm for nm in names for f in _SCOPE_FORBIDDEN):
        return None
    if m.end() < len(n) and n[m.end()] in _SCOPE_NOT_NEXT:
        return None
    return m.end()


def _broken_line(n: str, i: int) -> bool:
    """``n[i]`` is a line break inside a sentence (a character, not punctuation, on both sides)."""
    j, k = i - 1, i + 1
    while j >= 0 and n[j] in " \t\r":
        j -= 1
    while k < len(n) and n[k] in " \t\r\n":
        k += 1
    if j < 0 or k >= len(n):
        return False
    return n[j] not in ",;。!?:)）" and (n[k].isalnum() or "\u4e00" <= n[k] <= "\u9fff")


def _is_boundary(n: str, i: int, ends: set[str]) -> bool:
    ch = n[i]
    if ch == "\n":
        return not _broken_line(n, i)
    return ch in ends


def _clean(s: str) -> str:
    """An indicator as written, without line breaks and spaces (kept only between two Latin words)."""
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", s)


@dataclass
class _Piece:
    a: int  # start of the indicator in n
    b: int  # end of the indicator in n
    text_start: int  # where the target text starts
    scope: tuple[int, int] | None
    hedged: bool
    baseline_year: int | None
    baseline_value: Decimal | None


def _trim(n: str, a: int, b: int, spans: list[tuple[int, int]]) -> _Piece:
    """Trim the words before a comparator down to the indicator; collect scope, hedge, baseline."""
    hedged = "力争" in n[a:b]
    scope: tuple[int, int] | None = None
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    text_start = a
    while text_start < b and n[text_start] in " \t\r\n,、;:和及并或":
        text_start += 1
    # leading words, year phrases, a baseline in front and a named scope
    changed = True
    while changed and a < b:
        changed = False
        while a < b and n[a] in " \t\r\n":
            a += 1
        for s, e in spans:
            if s == a and e <= b:
                a, changed = e, True
                break
        if changed:
            continue
        bl = _BASELINE.match(n, a, b)
        if bl and baseline_year is None:
            baseline_year = int(bl.group("y"))
            baseline_value = _decimal(bl.group("bv")) if bl.group("bv") else None
            a, changed = bl.end(), True
            continue
        lw = _LEAD_WORDS.match(n, a, b)
        if lw and lw.end() > a:
            a, changed = lw.end(), True
            continue
        if scope is None:
            end = _scope_at(n, a, b)
            if end is not None and end <= b:
                scope = (a, end)
                a, changed = end, True
    # trailing words, year phrases and a baseline right before the comparator
    changed = True
    while changed and b > a:
        changed = False
        while b > a and n[b - 1] in " \t\r\n":
            b -= 1
        for s, e in spans:
            if e == b and s >= a:
                b, changed = s, True
                break
        if changed:
            continue
        last = None
        for last in _BASELINE.finditer(n, a, b):
            pass
        if last is not None and last.end() == b:
            if baseline_year is None:
                baseline_year = int(last.group("y"))
                baseline_value = _decimal(last.group("bv")) if last.group("bv") else None
            b, changed = last.start(), True
            continue
        py = _BASELINE_PREV_YEAR.search(n, a, b)
        if py and py.start() < b:
            b, changed = py.start(), True
            continue
        tw = _TRAIL_WORDS.search(n, a, b)
        if tw and tw.start() < b:
            b, changed = tw.start(), True
    if baseline_year is None:  # a baseline inside the piece: 由2020年的72%提高到…
        for bl in _BASELINE.finditer(n, a, b):
            baseline_year = int(bl.group("y"))
            baseline_value = _decimal(bl.group("bv")) if bl.group("bv") else None
    return _Piece(a, b, text_start, scope, hedged, baseline_year, baseline_value)


def _sentence_bounds(n: str, pos: int) -> tuple[int, int]:
    s = pos
    while s > 0 and not _is_boundary(n, s - 1, _SENTENCE_END):
        s -= 1
    e = pos
    while e < len(n) and not _is_boundary(n, e, _SENTENCE_END):
        e += 1
    return s, e


def _piece_start(n: str, pos: int, floor: int) -> int:
    s = pos
    while s > floor and not _is_boundary(n, s - 1, _PIECE_END):
        s -= 1
    return s


def _scope_before(n: str, s0: int, a: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A scope standing alone in an earlier piece of the sentence: 邓州市，到2025年，…"""
    pos = a
    while pos > s0:
        pa = _piece_start(n, pos - 1, s0)
        piece = _trim(n, pa, pos - 1, spans)
        if piece.scope is not None and piece.a >= piece.b:
            return piece.scope
        pos = pa
    return None


@dataclass
class _Match:
    start: int  # first character of the comparator / value / words
    end: int
    kind: str  # "cmp" | "bare" | "qual" | "rank"
    comparator: str | None
    value: Decimal | None
    value_text: str
    unit: str | None
    rank_what: str = ""


def _matches(n: str) -> list[_Match]:
    found: list[_Match] = []
    for m in _CMP_RE.finditer(n):
        after = n[m.end() : m.end() + 3].lstrip(" \t")
        unit = m.group("unit")
        if after[:1] in _CONDITION_AFTER:
            continue
        if unit is None and after[:1] in ("年", "月", "日", "号"):
            continue
        if _RANGE_AFTER.match(n, m.end("num")) or _RANGE_AFTER.match(n, m.end()):
            rng = _RANGE_VALUE.match(n, m.start("num"))
            if rng is None:
                continue
            after = n[rng.end() : rng.end() + 3].lstrip(" \t")
            if after[:1] in _CONDITION_AFTER or (rng.group("unit") is None and after[:1] in ("年", "月", "日", "号")):
                continue
            lo, hi = _decimal(rng.group("num")), _decimal(rng.group("num2"))
            if lo is None or hi is None or lo > hi:
                continue
            cmp = _cmp_symbol(m.group("cmp"), rng.group("tail"))
            unit = rng.group("unit") or rng.group("unit1")
            # a range keeps its writing; its value is the bound the plan guarantees
            found.append(_Match(m.start(), rng.end(), "cmp", cmp, hi if cmp in ("<=", "<") else lo,
                                n[m.start("num") : rng.end()].strip(), _UNIT_CANON.get(unit, unit) if unit else None))
            continue
        value = _decimal(m.group("num"))
        if value is None:
            continue
        ratio = _RATIO_AFTER.match(n, m.end("num")) if unit is None else None
        if ratio:  # a ratio (替代比例不低于1.5:1): the value as written, the number when it is to 1
            end = ratio.end()
            found.append(_Match(m.start(), end, "cmp", _cmp_symbol(m.group("cmp"), None),
                                value if ratio.group(1) == "1" else None, n[m.start("num"):end].strip(), None))
            continue
        found.append(
            _Match(m.start(), m.end(), "cmp", _cmp_symbol(m.group("cmp"), m.group("tail")), value,
                   m.group("num"), _UNIT_CANON.get(unit, unit) if unit else None)
        )
    for m in _RANK_RE.finditer(n):
        value = _decimal(m.group("num"))
        if value is not None:
            found.append(_Match(m.start(), m.end(), "rank", "<=", value, m.group("num"), m.group("unit"),
                                rank_what=m.group("what")))
    for m in _BARE_RE.finditer(n):
        i = m.start() - 1
        while i >= 0 and n[i] in " \t":
            i -= 1
        if i < 0 or not ("\u4e00" <= n[i] <= "\u9fff"):
            continue
        value = _decimal(m.group("num"))
        if value is None:
            continue
        unit = m.group("unit")
        found.append(_Match(m.start(), m.end(), "bare", _cmp_symbol("", m.group("tail")), value,
                            m.group("num"), _UNIT_CANON.get(unit, unit) if unit else None))
    for m in _QUAL_RE.finditer(n):
        found.append(_Match(m.start(), m.end(), "qual", None, None, m.group("q"), None))
    for m in _ASSIGNED_RE.finditer(n):
        found.append(_Match(m.start(), m.end(), "assigned", None, None, re.sub(r"[ \t]", "", m.group("q")), None))
    for m in _CLASS_RE.finditer(n):
        q = re.sub(r"[ \t]", "", m.group("q"))
        found.append(_Match(m.start(), m.end(), "class", None, None, q, None))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Match] = []
    for x in found:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    return kept


def find_targets(text: str, ctx: TargetContext | None = None) -> list[FoundTarget]:
    """All target clauses of ``text`` in document order (see the module docstring for the rules)."""
    if not isinstance(text, str) or not text:
        return []
    ctx = ctx if isinstance(ctx, TargetContext) else TargetContext()
    vocab = load_indicators()
    n = normalize_width(text)
    out: list[FoundTarget] = []
    sentence_deadlines: dict[tuple[int, int], list[tuple[int, int, int | None, bool]]] = {}
    prev_end = 0
    prev: tuple[int, Target] | None = None  # (sentence start, target) of the last target
    for x in _matches(n):
        s0, s1 = _sentence_bounds(n, x.start)
        if (s0, s1) not in sentence_deadlines:
            sentence_deadlines[(s0, s1)] = [
                (s0 + f.start, s0 + f.end, f.deadline.date.year if f.deadline.date else None, f.deadline.hedged)
                for f in find_deadlines(text[s0:s1], DeadlineContext())
            ]
        dls = sentence_deadlines[(s0, s1)]
        spans = [(s, e) for s, e, _, _ in dls]
        a = _piece_start(n, x.start, max(s0, prev_end))
        piece = _trim(n, a, x.start, spans)
        if x.kind == "rank":
            indicator = _clean(x.rank_what) + "排名"
            key = vocab.key_for(indicator)
        else:
            ia, ib = piece.a, piece.b
            if x.kind == "qual":
                k = n.rfind("实现", a, x.start)
                if k >= 0 and n[k + 2 : x.start].strip():
                    ia = max(ia, k + 2)  # 驻地基本实现 | 生活污水处理设施 | 全覆盖
                    ib = x.start
                    while ib > ia and n[ib - 1] in " \t\r\n,、":
                        ib -= 1
            indicator = _clean(text[ia:ib]) if ib > ia else ""
            if len(indicator) > 60:
                continue
            key = vocab.key_for(indicator) if indicator else None
            if key is None and x.kind in ("cmp", "bare") and prev is not None and prev[0] == s0 \
                    and prev[1].indicator_key and (not indicator or _PLACE_KIND_END.search(normalize_width(indicator))):
                # the clause names only a place and elides the indicator of the clause before:
                # 县城…收集率达到80%，其他县区建成区达到70% / …达到80%，宛城区达到82%
                indicator, key = indicator or prev[1].indicator, prev[1].indicator_key
            if not indicator:
                continue
        text_start = min(piece.text_start, x.start)
        # the year and its hedge: the last dated phrase before the target in the sentence
        year: int | None = None
        hedged = piece.hedged
        for _s, e, y, h in dls:
            if e <= x.start and y is not None:
                year = y
                hedged = hedged or h
        if year is None:
            year = ctx.period_end
        scope_span = piece.scope or _scope_before(n, s0, a, spans)
        scope = _clean(text[scope_span[0] : scope_span[1]]) if scope_span else ctx.jurisdiction
        nm = _NATURE.match(n, x.end)
        target = Target(
            indicator=indicator,
            indicator_key=key,
            comparator=x.comparator,
            value=x.value,
            value_text=x.value_text,
            unit=x.unit,
            year=year,
            baseline_value=piece.baseline_value,
            baseline_year=piece.baseline_year,
            nature=nm.group(1) if nm else None,
            scope=scope,
            hedged=hedged,
            text=text[text_start : x.end],
        )
        found = [FoundTarget(text_start, x.end, target)]
        if x.kind == "cmp" and "分别" in n[a : x.start]:
            found = _respectively(text, n, found[0], x, vocab) or found
        out.extend(found)
        prev_end = found[-1].end
        prev = (s0, found[-1].target)
    return out


# kinds of place that lead a list read respectively (市、县级市城镇生活污水集中收集率分别达到80%、70%)
_PLACE_KINDS = frozenset(
    "市 县 区 县级市 市区 县城 城区 城市 主城区 中心城区 市中心城区 县级城市 地级市 省辖市 乡镇 乡 镇 农村 城镇 "
    "建成区 城市建成区 县城建成区 市级 县级 省级 国家级 国控 省控 国省控".split()
)
_MORE_VALUE = re.compile(
    rf"{_S}[、和及]{_S}(?P<num>{_NUM})(?:{_S}(?P<unit>{_UNIT_RE}))?(?:{_S}(?P<tail>以上|以下|以内|左右))?"
)


def _list_items(indicator: str, k: int, vocab: IndicatorVocab | None = None) -> list[str] | None:
    """``k`` indicators from a listed one: 市区、县城生活污水处理率 → 市区生活污水处理率,
    县城生活污水处理率; PM10、PM2.5浓度 → PM10浓度, PM2.5浓度; 可吸入颗粒物（PM10）、细颗粒物
    （PM2.5）年均浓度 → …年均浓度. None when the list does not have ``k`` items or its shared
    tail cannot be told."""
    parts = indicator.split("、")
    if len(parts) == 1:  # 和 / 以及 join two items; a bare 及 is too often part of a word (普及率)
        parts = re.split(r"以及|和", indicator)
    if len(parts) != k or any(not p for p in parts):
        return None
    first, last = parts[:-1], parts[-1]
    whole = vocab is not None and all(vocab.key_for(p) for p in parts)  # 优良天数比例和森林覆盖率
    kinds = sorted((k for k in _PLACE_KINDS if last.startswith(k)), key=len, reverse=True)
    if all(p in _PLACE_KINDS for p in first) and kinds:  # 市、县级市城镇…: kinds of place
        j = len(kinds[0])
    elif all(p[-1] in ")）" for p in first):
        close = min((i for i in (last.find(")"), last.find("）")) if i >= 0), default=-1)
        j = close + 1 if close >= 0 else -1
    elif all(re.fullmatch(r"[A-Za-z0-9.]+", p) for p in first):
        m = re.match(r"[A-Za-z0-9.]+", last)
        j = m.end() if m else -1
    elif len({len(p) for p in first}) == 1:
        j = len(first[0])
    else:
        j = -1
    if j <= 0 or len(last) - j < 2:  # no shared tail of a word or more
        return parts if whole else None
    tail = last[j:]
    return [p + tail for p in first] + [last[:j] + tail]


def _respectively(text: str, n: str, head: FoundTarget, x: _Match, vocab: IndicatorVocab) -> list[FoundTarget] | None:
    """…分别达到98%、95%: one target per value, paired with the items of the indicator's list."""
    values: list[re.Match[str]] = []
    pos = x.end
    while (m := _MORE_VALUE.match(n, pos)) is not None:
        values.append(m)
        pos = m.end()
    if not values:
        return None
    items = _list_items(head.target.indicator, 1 + len(values), vocab)
    if items is None:
        return None
    last_unit = values[-1].group("unit")
    unit = _UNIT_CANON.get(last_unit, last_unit) if last_unit else head.target.unit
    tail = values[-1].group("tail")
    out: list[FoundTarget] = []
    for i, item in enumerate(items):
        if i == 0:
            start, end, num, own_unit, own_tail = head.start, head.end, x.value_text, head.target.unit, None
        else:
            m = values[i - 1]
            start, end, num = m.start("num"), m.end(), m.group("num")
            own_unit, own_tail = m.group("unit"), m.group("tail")
            own_unit = _UNIT_CANON.get(own_unit, own_unit) if own_unit else None
        value = _decimal(num)
        if value is None:
            return None
        comparator = head.target.comparator
        if own_tail or tail:
            comparator = _cmp_symbol("", own_tail or tail) if comparator in (">=", "<=", "=", "<", ">") else comparator
        target = replace(head.target, indicator=item, indicator_key=vocab.key_for(item), value=value, value_text=num,
                         unit=own_unit or unit, comparator=comparator, text=text[start:end])
        out.append(FoundTarget(start, end, target))
    return out


# ---------------------------------------------------------------------------------------------
# indicator tables (主要指标表): one target per row and target-year column

_TABLE_SPLIT_PIPE = re.compile(r"\s*[|｜]\s*")
_TABLE_SPLIT_SPACES = re.compile(r"(?:[ \u3000]{2,}|\u3000)")
_TABLE_RULE = re.compile(r"^[\s|｜:：\-—=+]*$")  # |---|:---| separator rows of a Markdown table
_HEAD_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_HEAD_NUMBER = re.compile(r"^(?:序号|编号|NO\.?|#)$")
_HEAD_CATEGORY = re.compile(r"(?:分类|类别|领域|方面|指标类型|类型)$")
_HEAD_NATURE = re.compile(r"(?:性质|属性)$")
_HEAD_UNIT = re.compile(r"^(?:计量)?单位$")
_HEAD_NAME = re.compile(r"(?:指标名称|指标|名称|项目|指标内容|内容)$")
_HEAD_BASE = re.compile(r"基准|基期|现状|基数|基础值|基年")
_HEAD_TARGET = re.compile(r"目标|规划值|预期值")
_HEAD_PLACE = re.compile(r"^(?:各?县[(（]?市、?区[)）]?|各?县区|县市区|县[(（]市[)）]|地区|区域|行政区|辖区|城市|"
                         r"地市|省辖市|各地|单位名称|县[(（]市、区[)）]名称)$")
_HEAD_SKIP = re.compile(r"备注|说明|责任单位|牵头单位|责任部门|配合单位|来源")
_CELL_EMPTY = re.compile(r"^(?:[—\-－–―‒/／\\…]+|无|暂无|空|/|--)?$")
_FOOTNOTE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[①②③④⑤⑥⑦⑧⑨⑩]|\*+|[(（\[]?注\s*\d*[)）\]]?$")
_CELL_NUMBER = re.compile(
    rf"^(?:累计)?(?P<cmp>≥|≤|>=|<=|<|>|＜|＞|不低于|不少于|不高于|不超过|低于|高于|小于|大于|超过|达到|控制在|"
    rf"下降|降低|减少|削减|提高|提升|增长|增加)?\s*"
    rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT_RE})?\s*(?P<tail>以上|以下|以内|左右)?\s*(?P<rest>.*)$"
)
_CUMULATIVE = re.compile(r"^[\[【〔](?P<inner>[^\]】〕]+)[\]】〕]$")
_UNIT_MEASURE = set("吨米亩瓦时元人户辆个项座家处条台套次天起枚株棵只艘所名位倍度")
_NATURE_CELL = re.compile(r"^(约束性|预期性|约束|预期)(?:指标)?$")


@dataclass(frozen=True)
class _Column:
    role: str  # "number" | "category" | "name" | "unit" | "base" | "target" | "nature" | "skip"
    year: int | None = None


@functools.lru_cache(maxsize=4096)
def _head_role(cell: str) -> str | None:
    c = re.sub(r"\s+", "", unicodedata.normalize("NFKC", to_simplified(cell)))
    c = c.strip("()（）")
    if not c:
        return None
    if _HEAD_NUMBER.match(c.upper()):
        return "number"
    if _HEAD_PLACE.match(c):
        return "place"
    if _HEAD_SKIP.search(c):
        return "skip"
    if _HEAD_NATURE.search(c):
        return "nature"
    if _HEAD_UNIT.match(c):
        return "unit"
    if _HEAD_YEAR.search(c) or _HEAD_BASE.search(c) or _HEAD_TARGET.search(c):
        return "year"
    if _HEAD_CATEGORY.search(c):
        return "category"
    if _HEAD_NAME.search(c):
        return "name"
    return None


def _header(cells: list[str], caption: bool = False) -> list[_Column] | None:
    """Columns of a header row, or None when the row is not the header of an indicator table
    (it needs an indicator-name column — or, when ``caption`` names the indicator, a place
    column — and a target column)."""
    roles = [_head_role(c) for c in cells]
    if any(r is None for r in roles) or roles.count("name") > 1 or roles.count("place") > 1:
        return None
    if roles.count("name") == 0 and not (caption and "place" in roles):
        return None
    cols: list[_Column] = []
    year_cols: list[int] = []
    for i, (cell, role) in enumerate(zip(cells, roles)):
        if role == "year":
            c = unicodedata.normalize("NFKC", to_simplified(cell))
            ym = _HEAD_YEAR.search(c)
            year = int(ym.group(1)) if ym else None
            kind = "base" if _HEAD_BASE.search(c) else "target" if _HEAD_TARGET.search(c) else ""
            cols.append(_Column(kind, year))
            year_cols.append(i)
        else:
            cols.append(_Column(role or "skip"))
    if not year_cols:
        return None
    # year columns that do not say what they are: the earliest is the baseline when there are
    # several (2020年 | 2025年), the others are targets; a single one is a target
    unnamed = [i for i in year_cols if not cols[i].role]
    has_base = any(cols[i].role == "base" for i in year_cols)
    if unnamed:
        years = [cols[i].year for i in year_cols if cols[i].year is not None]
        first = min(years) if years else None
        for i in unnamed:
            col = cols[i]
            is_base = (not has_base and len(year_cols) > 1 and col.year is not None and col.year == first
                       and any(cols[j].year != first for j in year_cols))
            cols[i] = _Column("base" if is_base else "target", col.year)
            has_base = has_base or is_base
    if not any(c.role == "target" for c in cols):
        return None
    return cols


def _outer_pipes(line: str) -> bool:
    s = line.strip()
    return s[:1] in "|｜" and s[-1:] in "|｜"


def _split_cells(line: str, how: str, outer: bool = True) -> list[str]:
    """The cells of a row; with ``outer`` the table draws pipes at both ends of its lines (| a | b |),
    else a pipe at the end of a row closes an empty last cell."""
    if how == "tab":
        cells = line.split("\t")
    elif how == "pipe":
        cells = _TABLE_SPLIT_PIPE.split(line.strip())
        if outer and cells and cells[0] == "":
            cells = cells[1:]
        if outer and cells and cells[-1] == "":
            cells = cells[:-1]
    else:
        cells = _TABLE_SPLIT_SPACES.split(line.strip())
    return [c.strip() for c in cells]


def _delimiter(line: str) -> str | None:
    if "\t" in line:
        return "tab"
    if line.count("|") + line.count("｜") >= 2:
        return "pipe"
    if "\u3000" in (stripped := line.strip()) or "  " in stripped:  # _TABLE_SPLIT_SPACES
        return "spaces"
    return None


def _unit_like(s: str) -> str | None:
    """The unit written in an indicator name's closing bracket: (%), (微克/立方米), （万吨）."""
    u = s.strip()
    if not u:
        return None
    norm = unicodedata.normalize("NFKC", u).replace(" ", "")
    if norm in _UNIT_CANON:
        return _UNIT_CANON[norm]
    if u in _UNITS or norm in _UNITS:
        return u if u in _UNITS else norm
    if norm in ("%", "‰") or "/" in norm:
        return norm
    if re.fullmatch(r"[\u4e00-\u9fff]{1,5}", u) and u[-1] in _UNIT_MEASURE:
        return u
    return None


def _name_and_unit(cell: str) -> tuple[str, str | None, str | None]:
    """Indicator name without its unit bracket, the unit, and a nature written in the name."""
    name = cell.strip()
    nature = None
    m = re.search(r"[(（]\s*(约束性|预期性)\s*[)）]\s*$", name)
    if m:
        nature, name = m.group(1), name[: m.start()].rstrip()
    unit = None
    m = re.search(r"[(（]([^()（）]{1,12})[)）]\s*$", name)
    if m:
        unit = _unit_like(m.group(1))
        if unit is not None:
            name = name[: m.start()].rstrip()
    name = re.sub(r"\s*_\{\s*([^{}]*?)\s*\}\s*", r"\1", name)  # PM _{2.5} 浓度: subscript markup
    return _clean(name), unit, nature


@dataclass(frozen=True)
class _CellValue:
    comparator: str | None
    value: Decimal | None
    value_text: str
    unit: str | None
    hedged: bool


def _cell_value(cell: str) -> _CellValue | None:
    """A value cell: 51, 77.8 ¹, [0.8618] (a cumulative figure), <1.3, ≥95, 95%以上, 1（国家级）,
    or words (完成省定目标, 基本消除, 不减少). None for an empty cell (—, /, 无)."""
    s = unicodedata.normalize("NFKC", _FOOTNOTE.sub("", to_simplified(cell))).strip()
    hedged = s.startswith("力争")
    s = s.removeprefix("力争").strip()
    if _CELL_EMPTY.match(s):
        return None
    cm = _CUMULATIVE.match(s)
    inner = cm.group("inner").strip() if cm else s
    m = _CELL_NUMBER.match(inner)
    if m and (not m.group("rest") or re.fullmatch(r"[(（][^()（）]*[)）]", m.group("rest"))):
        value = _decimal(m.group("num"))
        word = m.group("cmp")
        cmp = None
        if word or m.group("tail"):
            cmp = _cmp_symbol(word or "", m.group("tail")) if word else {"以上": ">=", "左右": "="}.get(
                m.group("tail") or "", "<=")
        unit = m.group("unit")
        shown = f"[{m.group('num')}]" if cm else m.group("num")  # [] marks a cumulative figure
        return _CellValue(cmp, value, shown, _UNIT_CANON.get(unit, unit) if unit else None, hedged)
    return _CellValue(None, None, _clean(s), None, hedged)


@dataclass
class _Row:
    start: int  # offsets of the row in the text
    end: int
    cells: list[str]


def _delimited_rows(text: str, lines: list[tuple[int, str]], i: int, how: str, width: int
                    ) -> tuple[list[_Row], int]:
    """Rows after a delimited header at ``lines[i]``; returns them and the index after the table."""
    rows: list[_Row] = []
    j = i + 1
    while j < len(lines):
        off, line = lines[j]
        if not line.strip():
            j += 1
            continue
        if how == "pipe" and _TABLE_RULE.match(line):
            j += 1
            continue
        if _delimiter(line) != how:
            break
        cells = _split_cells(line, how, _outer_pipes(lines[i][1]))
        if len(cells) > width or len(cells) < 2:
            break
        rows.append(_Row(off, off + len(line), cells))
        j += 1
    return rows, j


_STANDALONE_END = re.compile(r"[。;；!！?？]$|^(?:注|说明|备注|资料来源|数据来源)\s*[:：]|^<p>")


def _line_rows(lines: list[tuple[int, str]], i: int, cols: list[_Column]) -> tuple[list[_Row], int]:
    """Rows of a table whose cells stand each on its own line, the header cells at lines[i:i+len(cols)]."""
    width = len(cols)
    j = i + width
    cells: list[tuple[int, str]] = []
    while j < len(lines):
        off, line = lines[j]
        text = line.strip()
        if not text:
            j += 1
            continue
        if len(text) > 40 or _STANDALONE_END.search(text) or _delimiter(line) is not None:
            break
        cells.append((off, line))
        j += 1
    rows: list[_Row] = []
    roles = [c.role for c in cols]
    if "number" in roles:
        # a row starts at its sequence number (1, 2, 3 …): the cells after it fill the columns
        # after the number column; cells before it (a merged category cell) fill those before
        k = roles.index("number")
        after = width - k - 1
        expected = 1
        pos = 0
        starts: list[int] = []
        while pos < len(cells):
            if cells[pos][1].strip() == str(expected):
                starts.append(pos)
                expected += 1
                pos += after + 1
            else:
                pos += 1
        for n, s in enumerate(starts):
            body = cells[s + 1: s + 1 + after]
            if len(body) < after:
                break
            prev_end = starts[n - 1] + 1 + after if n else 0
            before = cells[max(prev_end, s - k): s]
            row_cells = [c for _, c in before] + [cells[s][1]] + [c for _, c in body]
            first = before[0][0] if before else cells[s][0]
            last_off, last = body[-1] if body else cells[s]
            rows.append(_Row(first, last_off + len(last), row_cells))
    elif roles[-1] == "nature":
        # rows end at their nature cell (约束性 / 预期性)
        row: list[tuple[int, str]] = []
        for off, line in cells:
            row.append((off, line))
            if _NATURE_CELL.match(line.strip()):
                rows.append(_Row(row[0][0], off + len(line), [c for _, c in row][-width:]))
                row = []
    else:
        for s in range(0, len(cells) - width + 1, width):
            chunk = cells[s: s + width]
            rows.append(_Row(chunk[0][0], chunk[-1][0] + len(chunk[-1][1]), [c for _, c in chunk]))
    return rows, j


def find_indicator_tables(text: str, ctx: TargetContext | None = None) -> list[FoundTarget]:
    """Targets of the indicator tables in ``text`` (主要指标表), one per row and target column.

    A table starts at a header row naming an indicator column (指标名称, 指标, 项目 …) and at
    least one year or target column (2025年, 2025年目标值, 目标值), with optional 序号, 分类/类别,
    单位, baseline (2020年(基准值), 基期值, 现状值; else the earliest of several year columns),
    性质/属性 (约束性/预期性) and ignored 备注/责任单位 columns. Cells are separated by tabs, by
    pipes (Markdown, |---| rules skipped) or by runs of spaces; or each cell stands on its own line
    (text taken from PDF or web pages), rows then anchored on the 序号 sequence 1, 2, 3 …, or
    ended by the nature cell, or cut into header-wide groups. A row with fewer cells than the
    header lost its merged cells on the left (a category spanning rows): it is aligned right.

    A table of places (县（市、区） | 2023年 | 2024年目标) takes its indicator and unit from the
    caption right above it (表2 各县（市、区）2024年PM2.5浓度改善目标（微克/立方米） → PM2.5浓度,
    微克/立方米) and each row's place as the scope (全市 / 合计 → the plan's jurisdiction); a
    place column next to an indicator column gives the scope too.

    Each row gives, per target column: the indicator (its name cell without the unit bracket:
    PM2.5浓度 (微克/立方米) → PM2.5浓度, unit 微克/立方米), the value (51; [0.8618] a five-year
    cumulative figure; <1.3 and ≥95 carry their comparator, a bare number has none; words such as
    完成省定目标, 基本消除, 不减少 become the value text), the year of the column (else the plan's
    period end), the baseline value and year, the nature, and the plan's jurisdiction as scope.
    ``target.text`` is the row as written (``text[start:end]``).
    """
    if not isinstance(text, str) or not text:
        return []
    ctx = ctx if isinstance(ctx, TargetContext) else TargetContext()
    vocab = load_indicators()
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    out: list[FoundTarget] = []
    i = 0
    while i < len(lines):
        off, line = lines[i]
        how = _delimiter(line)
        rows: list[_Row] = []
        cols: list[_Column] | None = None
        nxt = i + 1
        caption: tuple[str, str | None] | None = None
        if how is not None:
            cells = _split_cells(line, how)
            if len(cells) >= 2 and all(len(c) <= 30 for c in cells):
                caption = _caption(lines, i, ctx)
                cols = _header(cells, caption is not None)
            if cols is not None:
                rows, nxt = _delimited_rows(text, lines, i, how, len(cols))
        elif 0 < len(line.strip()) <= 20 and _head_role(line) is not None:
            # header cells each on its own line
            k = i
            cells = []
            while k < len(lines) and 0 < len(lines[k][1].strip()) <= 20 and _delimiter(lines[k][1]) is None \
                    and _head_role(lines[k][1]) is not None:
                cells.append(lines[k][1])
                k += 1
            if len(cells) >= 2:
                caption = _caption(lines, i, ctx)
                cols = _header(cells, caption is not None)
                if cols is not None:
                    rows, nxt = _line_rows(lines, i, cols)
        if cols is not None and rows:
            out.extend(_row_targets(text, rows, cols, ctx, vocab, caption))
            i = max(nxt, i + 1)
        else:
            i += 1
    return out


_CAPTION_NUMBER = re.compile(r"^(?:附表|表)\s*[\d一二三四五六七八九十]*\s*[.、:：\-—]?\s*")
_CAPTION_TAIL = re.compile(r"(?:目标任务分解表|目标分解表|目标任务表|任务分解表|改善目标|目标值|目标表|目标任务|"
                           r"一览表|分解表|目标|任务|情况表|表)+$")
_CAPTION_PLACES = re.compile(r"^(?:各县[(（]市、?区[)）]|各县区|各县市区|各地|全市|全县|全区|各区县|分县区|分地区|各城市)")
_CAPTION_YEARS = re.compile(r"[(（]?\s*(?:19|20)\d\d\s*年?(?:\s*[—\-－~～至到]+\s*(?:19|20)\d\d\s*年?)?\s*[)）]?(?:年度|度)?")


def _caption(lines: list[tuple[int, str]], i: int, ctx: TargetContext) -> tuple[str, str | None] | None:
    """The indicator (and unit) a table's caption names, from the short line right above its header:
    表2 各县（市、区）2024年PM2.5浓度改善目标（微克/立方米） → (PM2.5浓度, 微克/立方米)."""
    j = i - 1
    while j >= 0 and not lines[j][1].strip():
        j -= 1
    if j < 0:
        return None
    cap = unicodedata.normalize("NFKC", to_simplified(lines[j][1].strip()))
    if len(cap) > 60 or _delimiter(cap) is not None or not _CAPTION_NUMBER.match(cap) and "目标" not in cap:
        return None
    cap = _CAPTION_NUMBER.sub("", cap)
    unit = None
    m = re.search(r"[(（]([^()（）]{1,12})[)）]\s*$", cap)
    if m and _unit_like(m.group(1)):
        unit, cap = _unit_like(m.group(1)), cap[: m.start()]
    if ctx.jurisdiction:
        cap = cap.removeprefix(to_simplified(ctx.jurisdiction))
    cap = _CAPTION_YEARS.sub("", cap)
    cap = _CAPTION_PLACES.sub("", cap.strip())
    cap = _CAPTION_TAIL.sub("", cap.strip()).strip(" 的")
    cap = re.sub(r"\s*_\{\s*([^{}]*?)\s*\}\s*", r"\1", cap)
    return (_clean(cap), unit) if 2 <= len(cap) <= 30 else None


def _row_targets(text: str, rows: list[_Row], cols: list[_Column], ctx: TargetContext,
                 vocab: IndicatorVocab, caption: tuple[str, str | None] | None = None) -> list[FoundTarget]:
    out: list[FoundTarget] = []
    width = len(cols)
    for row in rows:
        cells = row.cells
        if len(cells) < width:  # merged cells on the left: align right
            cells = [""] * (width - len(cells)) + cells
        by_role: dict[str, str] = {}
        for col, cell in zip(cols, cells):
            if col.role not in ("base", "target"):
                by_role.setdefault(col.role, cell)
        if "name" in by_role:
            indicator, unit, nature = _name_and_unit(by_role["name"])
        elif caption is not None:  # a table of places: the caption names the indicator
            (indicator, unit), nature = caption, None
        else:
            continue
        if not indicator or re.fullmatch(r"[\d.\s]+", indicator):
            continue
        place = _clean(by_role.get("place", ""))
        if "place" in by_role and (not place or _CELL_EMPTY.match(place)):
            continue
        scope = ctx.jurisdiction if not place or place in ("全市", "全县", "全区", "合计", "总计", "全省") else place
        if by_role.get("unit") and not _CELL_EMPTY.match(by_role["unit"].strip()):
            unit = _unit_like(by_role["unit"]) or by_role["unit"].strip()
        nm = _NATURE_CELL.match(unicodedata.normalize("NFKC", to_simplified(by_role.get("nature", ""))).strip())
        if nm:
            nature = nm.group(1) if nm.group(1).endswith("性") else nm.group(1) + "性"
        base_value = base_year = None
        for col, cell in zip(cols, cells):
            if col.role == "base":
                v = _cell_value(cell)
                if v is not None and v.value is not None:
                    base_value, base_year = v.value, col.year
                    unit = unit or v.unit
                break
        row_text = text[row.start: row.end]
        for col, cell in zip(cols, cells):
            if col.role != "target":
                continue
            v = _cell_value(cell)
            if v is None:
                continue
            target = Target(
                indicator=indicator,
                indicator_key=vocab.key_for(indicator),
                comparator=v.comparator,
                value=v.value,
                value_text=v.value_text,
                unit=v.unit or unit,  # 提高5个百分点 in a (%) row: the cell's own unit
                year=col.year if col.year is not None else ctx.period_end,
                baseline_value=base_value,
                baseline_year=base_year if base_value is not None else None,
                nature=nature,
                scope=scope,
                hedged=v.hedged,
                text=row_text,
            )
            out.append(FoundTarget(row.start, row.end, target))
    return out


# ---------------------------------------------------------------------------------------------
# goal paragraphs (主要目标) wherever the outline puts them

_HEADING_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章篇]")),
    (1, re.compile(r"^第[一二三四五六七八九十百零〇\d]+节|^[一二三四五六七八九十]{1,3}\s*[、.．]")),
    (2, re.compile(r"^[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*(?:[.．](?!\d)|、)")),
    (4, re.compile(r"^[(（]\s*\d{1,2}\s*[)）]")),
)
_NOT_GOAL_TITLE = re.compile(r"指导思想|基本原则|工作原则|总体思路|发展思路|规划基础|发展基础|形势|现状|背景|问题|挑战")
_GOAL_TITLE = re.compile(r"(?:主要|工作|总体|规划|发展|奋斗|具体|阶段性?|行动|预期)?目标(?:任务|指标)?$")


def _heading(text: str) -> tuple[int, str, str] | None:
    """(level, title, rest) of a paragraph that starts with a heading marker: 一、主要目标 →
    (1, 主要目标, ""); （二）工作目标。到2025年… → (2, 工作目标, 到2025年…)."""
    t = normalize_width(text.strip())
    for level, pattern in _HEADING_LEVELS:
        m = pattern.match(t)
        if m:
            body = t[m.end():].strip()
            parts = re.split(r"[。:;]", body, maxsplit=1)
            title = parts[0].strip()
            rest = parts[1].strip() if len(parts) > 1 else ""
            return level, title, rest
    return None


def goal_paragraphs(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The paragraphs stating a plan's goals ((offset, text) pairs, in order), under a heading at any
    level whose title is a goal (一、主要目标, （二）工作目标, 第三节 规划目标, 2.总体目标): the text
    after the heading's title (（二）工作目标。到2025年，… keeps 到2025年，…) and the paragraphs
    after it until the next heading of the same or a higher level (numbered sub-items stay in)."""
    out: list[tuple[int, str]] = []
    level: int | None = None
    skip: int | None = None  # a sub-heading that is not about goals (第一节 指导思想) inside the scope
    for off, text in paragraphs:
        h = _heading(text)
        if h is not None and level is not None and h[0] <= level:
            level = skip = None
        if h is not None and skip is not None and h[0] <= skip:
            skip = None
        if h is not None and level is not None and h[0] > level and not _GOAL_TITLE.search(h[1]) \
                and _NOT_GOAL_TITLE.search(h[1]):
            skip = h[0]
            continue
        if h is not None and _GOAL_TITLE.search(h[1]) and len(h[1]) <= 20:
            level = h[0] if level is None else level
            if h[2]:
                start = len(text) - len(text.lstrip())
                # the rest after the title's closing mark, offsets kept (one character for one)
                at = re.search(r"[。:;]", normalize_width(text)[start:])
                if at:
                    out.append((off + start + at.end(), text[start + at.end():]))
            continue
        if level is not None and skip is None:
            out.append((off, text))
    return out
