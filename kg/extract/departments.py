"""Department names: how a unit name is built, and its canonical form within a plan.

A unit name in a responsibility note is ``[place or level prefix] + rest``:

- a level prefix is one of 省/市/县/区/乡/镇 standing for "this plan's (or the enclosing) province,
  city, county …": 市发展改革委, 县生态环境局;
- a place name is a whole jurisdiction: 南召县发展改革委, 邓州市政府, 高新区管委会;
- the rest is a department (looked up in the department-type vocabulary, ``kg.vocab``), a government
  (政府 / 人民政府 / 管委会) or an unknown name kept as written.

A leading 市/县/… is a prefix only when the rest reads as a unit: 市场监管局 is itself a department
type (no prefix), 市市场监管局 is 市 + 市场监管局. Words such as 市场/市政/区域/乡村 are never split.

Kinds (:func:`unit_kind`), decided in this order:

- ``collective``: a set of units, never expanded: starts with 各/相关/有关/涉/所有/全体/其他, ends with
  成员单位/各部门/有关部门/相关单位/…, or names plural places (县区政府, 乡镇人民政府, 县（市、区）…);
- ``organization``: companies and non-government bodies: …公司, …集团, …车务段, 银行/支行,
  供电/电力 …, schools, hospitals, associations;
- ``government``: 政府/人民政府/管委会 of a place, or a bare place name (桐柏县);
- ``department``: everything else (government departments, known or not).

Canonical names (:func:`canonicalise`) are jurisdiction + standard name; see that function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.memo import per_text
from kg.records import Level, Unit, UnitKind, UnitMention
from kg.vocab import match_department_type

LEVEL_PREFIXES = "省市县区乡镇"
LEVEL_OF_PREFIX: dict[str, Level] = {
    "省": "province",
    "市": "city",
    "县": "county",
    "区": "county",
    "乡": "township",
    "镇": "township",
}
# last character of a place name (南召县, 邓州市, 高新区, 恩施州, 达茂旗, 白土岗镇 …)
_PLACE_END = "省市县区州旗盟乡镇"
# two-character words that start with a level character but are not prefix + name
_NOT_PREFIX_WORDS = (
    "市场", "市政", "市容", "市民", "市级", "市直", "市属", "县级", "县直", "县属", "县域", "区域",
    "区级", "区直", "区属", "乡村", "乡镇", "镇村", "镇级", "省级", "省直", "省属",
)
# words ending in a place character that are not place names
_NOT_PLACES = frozenset(
    "城市 都市 城区 市区 厂区 矿区 园区 景区 校区 小区 片区 辖区 社区 街区 地区 郊区 老区 山区 库区 湖区 "
    "林区 牧区 灾区 港区 城乡 乡镇 城镇 集镇 村镇 县区 县市 市县 省市 全市 全县 全区 全省 本市 本县 本区 "
    "我市 我县 我区 该市 该县 各市 各县 各区 各乡 各镇 重点区 禁燃区 管控区 保护区 功能区 建成区 行政区 "
    "产业区 城郊区 规划区 服务区 作业区 生活区 工业区 居住区 核心区 缓冲区 控制区 流域区".split()
)
# place names that are development zones under the plan's jurisdiction
_ZONE_SUFFIXES = ("示范区", "开发区", "高新区", "经开区", "新区", "工区", "园区", "集聚区", "试验区", "自贸区")
_COLLECTIVE_START = ("各", "相关", "有关", "涉", "所有", "全体", "其他", "其它", "其余")
_COLLECTIVE_END = (
    "成员单位", "各部门", "有关部门", "相关部门", "有关单位", "相关单位", "各单位", "职能部门",
    "责任部门", "责任单位", "部门单位", "直部门", "直单位", "直各部门", "各级政府", "各级人民政府",
)
# a party or league committee of a level inside the name (团市委): no prefix in front of it
_OWN_LEVEL = re.compile(r"[省市县区]委")
# 市、县两级政府, 省市县三级, 各级人民政府
_SEVERAL_LEVELS = re.compile(r"[两三四五多各]级")
# a plural place: 县区, 县市区, 乡镇, 县（市、区）, 乡（镇、街道）
_PLURAL_PLACE = re.compile(r"^(?:[省市县区乡镇]{2,}|[省市县区乡镇街][（(〔［\[【])")
_ORG_MARKERS = (
    "公司", "集团", "有限", "股份", "车务段", "工务段", "电务段", "机务段", "供电段", "银行", "支行", "分行",
    "信用社", "供电", "电力", "电网", "铁路局", "大学", "学院", "学校", "医院", "研究院", "研究所",
    "设计院", "协会", "学会", "商会", "广电网络",
)
# organisations named by a generic trade: they take the plan's jurisdiction (供电公司 → 驻马店市供电公司)
_GENERIC_ORG_START = (
    "供电", "电力", "燃气", "供水", "自来水", "热力", "供热", "公交", "铁路", "邮政", "电信", "移动",
    "联通", "广电", "水务", "城投", "交投", "石油", "石化", "烟草", "银行", "人民银行", "农商行",
    "农村商业银行", "农村信用", "城建", "投资", "发展投资", "国有", "国投",
)
_GOVERNMENT_TYPES = ("人民政府", "管理委员会")
# name endings of units (used to tell a unit list from other parentheticals)
_STRONG_SUFFIXES = (
    "局", "委", "委员会", "管委会", "办", "办公室", "厅", "政府", "部门", "单位", "指挥部", "支队", "大队",
    "海关", "署", "公司", "集团", "车务段", "工务段", "银行", "支行", "分行", "供销社", "宣传部", "组织部",
    "统战部", "武装部", "法院", "检察院", "工会", "妇联", "团委", "科协", "联合会", "协会", "商会", "事务所",
    "派出所", "研究所", "研究院", "设计院", "医院", "学院", "大学", "办事处", "管理处", "管理所", "监测站",
    "管理站", "工作站", "服务站", "气象台",
)
_WEAK_SUFFIXES = ("中心", "站", "所", "院", "队", "社", "处", "室", "组", "馆", "台")

OPEN_BRACKETS = "（(〔［[【"
CLOSE_BRACKETS = "）)〕］]】"
_BRACKETS = str.maketrans({**{c: "（" for c in OPEN_BRACKETS}, **{c: "）" for c in CLOSE_BRACKETS}})


#: the unit-name functions below are remembered per name (kg.memo): the notes of a plan, and of
#: many plans, name the same units again and again
_per_name = per_text(1 << 15)


def clean(name: str) -> str:
    """``name`` without any whitespace (full-width spaces included)."""
    return "".join(name.split()) if isinstance(name, str) else ""


def normalise_brackets(text: str) -> str:
    """All bracket kinds (（） () 〔〕 ［］ [] 【】) → full-width （）."""
    return text.translate(_BRACKETS)


@dataclass(frozen=True)
class NameParts:
    """A unit name split into its place and the rest.

    ``place`` is a level prefix (市), a place name (南召县) or ``None``; ``is_prefix`` tells the two
    apart. ``rest`` is the unit without the place (发展改革委, 政府); for a bare place name
    (桐柏县) ``place`` is the name and ``rest`` is empty.
    """

    place: str | None
    rest: str
    is_prefix: bool = False


@_per_name
def _known_rest(rest: str) -> bool:
    return bool(rest) and match_department_type(rest) is not None


@_per_name
def _is_place(text: str) -> bool:
    """A plausible place name: 2–10 characters ending in a place character, not a common word."""
    if not 2 <= len(text) <= 10 or text[-1] not in _PLACE_END:
        return False
    if text in _NOT_PLACES:
        return False
    # 市/县/区/省 at the start is a level prefix, not part of a place name (乡宁县, 镇平县 are places)
    if text[0] in "市县区省全本我该各每其此涉" or text[:2] in _NOT_PREFIX_WORDS:
        return False
    if any(c in text for c in "、，,；;：:（）()〔〕[]【】“”\"'《》0123456789"):
        return False
    return not _is_plural_place(text)


@_per_name
def split_place(name: str) -> NameParts:
    """Split a unit name into place (or level prefix) and rest.

    1. The whole name is a department type (市场监管局, 乡村振兴局) → no place.
    2. A level prefix 省/市/县/区/乡/镇 whose remainder is a known unit (市市场监管局, 市政府) → prefix.
    3. A place name whose remainder is a known unit: the first split that works
       (邓州市|政府, 南召县|发展改革委, 城乡一体化示范区|管委会, 南阳市|生态环境局南召分局).
    4. A level prefix before an unknown remainder (市污染防治攻坚办), unless the name starts with a
       word such as 市场/市政/区域/乡村 → prefix.
    5. A place name before an unknown remainder that ends like a unit (邓州市|农机中心) → place.
    6. A bare place name (桐柏县) or a lone level character (市) → place with empty rest.
       Otherwise → no place.
    """
    name = clean(name)
    if not name:
        return NameParts(None, "")
    if _known_rest(name):
        return NameParts(None, name)
    first, rest = name[0], name[1:]
    if not rest and first in LEVEL_PREFIXES:  # 市 alone: the jurisdiction itself
        return NameParts(first, "", is_prefix=True)
    if first in LEVEL_PREFIXES and _known_rest(rest):
        return NameParts(first, rest, is_prefix=True)
    for i in range(2, min(len(name), 11)):
        if name[i - 1] in _PLACE_END and _is_place(name[:i]) and _known_rest(name[i:]):
            return NameParts(name[:i], name[i:])
    if (
        first in LEVEL_PREFIXES
        and rest
        and name[:2] not in _NOT_PREFIX_WORDS
        and rest[0] not in LEVEL_PREFIXES + OPEN_BRACKETS + "、，,"
    ):
        return NameParts(first, rest, is_prefix=True)
    candidates = [
        i
        for i in range(2, min(len(name), 11))
        if name[i - 1] in "省市县区旗盟" and _is_place(name[:i]) and _ends_like_unit(name[i:])
    ]
    if candidates:
        i = candidates[0]
        return NameParts(name[:i], name[i:])
    if _is_place(name):
        return NameParts(name, "")
    return NameParts(None, name)


def _ends_like_unit(text: str) -> bool:
    return len(text) >= 2 and (text.endswith(_STRONG_SUFFIXES) or text.endswith(_WEAK_SUFFIXES))


@_per_name
def is_bare_place(name: str) -> bool:
    """A place name alone (桐柏县, 邓州市, 高新区): the first items of 桐柏县、邓州市政府."""
    name = clean(name)
    return _is_place(name) and not _known_rest(name)


@_per_name
def is_collective(name: str) -> bool:
    """A set of units kept whole: 各县（市、区）政府（管委会）, 相关单位, 涉矿县区政府,
    市污染防治攻坚战指挥部成员单位, 相关市直单位, 乡镇人民政府, 县区政府."""
    name = clean(name)
    if not name:
        return False
    if name.endswith(_COLLECTIVE_END):
        return True
    if name.startswith(_COLLECTIVE_START):
        # 各县（市、区）, 各地, 相关企业 — but not a sentence that happens to start with 各
        core = _without_trailing_brackets(name)
        return len(core) >= 2 and (
            core.endswith(_STRONG_SUFFIXES + _WEAK_SUFFIXES + ("企业",)) or core[-1] in _PLACE_END + "地级"
        )
    if _SEVERAL_LEVELS.search(name):
        return True
    return _is_plural_place(name)


@_per_name
def _is_plural_place(name: str) -> bool:
    """县区…, 乡镇…, 县（市、区）… — but not 县市场监管局 (县 + 市场监管局) or 市市场监管局."""
    if not _PLURAL_PLACE.match(name) or name[0] == name[1]:
        return False
    return not (name[0] in LEVEL_PREFIXES and _known_rest(name[1:]))


@_per_name
def is_organization(name: str) -> bool:
    """A company or other non-government body: …公司, …集团, …车务段, 供电公司, banks, schools."""
    name = clean(name)
    if not name or is_collective(name):
        return False
    if any(m in name for m in _ORG_MARKERS):
        # a department whose name merely contains a marker (公路事业发展中心 no; 电力 …) stays one
        parts = split_place(name)
        return not (parts.rest and match_department_type(parts.rest) is not None)
    return False


@_per_name
def is_government(name: str) -> bool:
    """政府 / 人民政府 / 管委会 of a place, or a bare place name (邓州市政府, 高新区管委会, 桐柏县)."""
    name = clean(name)
    if not name or is_collective(name) or is_organization(name):
        return False
    parts = split_place(name)
    if not parts.rest:
        return parts.place is not None
    found = match_department_type(parts.rest)
    return found is not None and not found.branch and found.type.standard_name in _GOVERNMENT_TYPES


@_per_name
def looks_like_unit(name: str) -> bool:
    """Whether ``name`` reads as a responsible unit (used to tell notes from other parentheticals):
    a collective, an organisation, a known department or government, or a name that ends like a unit
    (…局, …委, …办公室, …指挥部; weaker endings such as …中心 only after a place or prefix)."""
    name = clean(name)
    if len(name) < 2 or len(name) > 60:
        return False
    if is_collective(name) or is_organization(name):
        return True
    parts = split_place(name)
    if parts.rest and match_department_type(parts.rest) is not None:
        return True
    if name.endswith(_STRONG_SUFFIXES):
        return not name.endswith(("排放单位", "重点单位", "排污单位", "用车单位", "施工单位", "使用单位"))
    return bool(parts.place and parts.rest and parts.rest.endswith(_WEAK_SUFFIXES))


@_per_name
def takes_prefix(name: str) -> bool:
    """Whether a name written without place may receive a distributed prefix: a department or
    government name (known type, or one that ends like a unit), not a collective or organisation."""
    name = clean(name)
    if not name or is_collective(name) or is_organization(name):
        return False
    if _OWN_LEVEL.search(name):  # 团市委, 团县委 name their own level
        return False
    return _known_rest(name) or _ends_like_unit(name)


def is_zone(place: str) -> bool:
    """A development zone (高新区, 城乡一体化示范区, 经开区): it lies inside the plan's jurisdiction."""
    return place.endswith(_ZONE_SUFFIXES)


# --------------------------------------------------------------------------------------- canonical


@dataclass(frozen=True)
class JurisdictionContext:
    """The plan a note belongs to: its jurisdiction (南阳市), level, and the enclosing jurisdictions
    by level ({"city": "南阳市", "province": "河南省"})."""

    name: str | None = None
    level: Level | None = None
    parents: Mapping[str, str] = field(default_factory=dict)


def _stem(place: str) -> str:
    """南阳市 → 南阳; 南召县 → 南召 (names are often written without their level character)."""
    return place[:-1] if len(place) > 2 and place[-1] in _PLACE_END else place


def _known_places(ctx: JurisdictionContext) -> list[tuple[str, Level | None]]:
    places: list[tuple[str, Level | None]] = []
    if ctx.name:
        places.append((ctx.name, ctx.level))
    for level, name in (ctx.parents or {}).items():
        if name:
            places.append((name, level if level in LEVEL_OF_PREFIX.values() else None))  # type: ignore[arg-type]
    return places


def resolve_prefix(prefix: str, ctx: JurisdictionContext) -> tuple[str | None, Level | None]:
    """The jurisdiction a level prefix stands for, and its level.

    The plan's own jurisdiction when its name ends with the prefix character (市 in 邓州市's plan,
    区 in a 区 plan, 县 in a 县 plan) or when the levels match; else the enclosing jurisdiction of that
    level from ``ctx.parents``; else ``None`` (the prefix is kept as written).
    """
    level = LEVEL_OF_PREFIX.get(prefix)
    if ctx.name and (ctx.name.endswith(prefix) or (level is not None and ctx.level == level)):
        return ctx.name, ctx.level or level
    parent = (ctx.parents or {}).get(level or "")
    if parent:
        return parent, level
    return None, level


def _place_level(place: str, ctx: JurisdictionContext) -> Level | None:
    for name, level in _known_places(ctx):
        if place == name:
            return level
    if is_zone(place) or place[-1] in "县区旗":
        return "county"
    if place[-1] in "乡镇":
        return "township"
    if place[-1] == "省":
        return "province"
    if place[-1] in "市州盟":
        # a 市 named in a city plan is a county-level city (邓州市 in 南阳市's plan)
        return "county" if ctx.level == "city" and place[-1] == "市" else "city"
    return None


def _place_jurisdiction(place: str, ctx: JurisdictionContext) -> str:
    """A development zone not named after a known jurisdiction lies inside the plan's:
    高新区 → 南阳市高新区; the short name of the plan's own zone is the plan's jurisdiction
    (示范区 in 开封市城乡一体化示范区's plan); other places are their own jurisdiction."""
    if is_zone(place) and ctx.name and ctx.name.endswith(place):
        return ctx.name
    if is_zone(place) and ctx.name:
        if not any(place.startswith((n, _stem(n))) for n, _ in _known_places(ctx)):
            return ctx.name + place
    return place


def _with_prefix_replaced(name: str, ctx: JurisdictionContext) -> tuple[str, str | None, Level | None]:
    """Replace a leading level prefix of ``name`` by its jurisdiction; otherwise put the plan's
    jurisdiction in front unless the name already starts with a known place."""
    for place, level in _known_places(ctx):
        if name.startswith(place):
            return name, place, level
    if name and name[0] in LEVEL_PREFIXES and len(name) > 1 and name[:2] not in _NOT_PREFIX_WORDS:
        if name[1] not in LEVEL_PREFIXES + OPEN_BRACKETS:
            juris, level = resolve_prefix(name[0], ctx)
            if juris:
                return juris + name[1:], juris, level
            return name, None, level
    if ctx.name:
        return ctx.name + name, ctx.name, ctx.level
    return name, None, ctx.level


def _organization_canonical(name: str, ctx: JurisdictionContext) -> tuple[str, str | None]:
    if name[0] in LEVEL_PREFIXES and name[1:].startswith(_GENERIC_ORG_START):
        juris, _ = resolve_prefix(name[0], ctx)
        return (juris + name[1:], juris) if juris else (name, None)
    if name.startswith(_GENERIC_ORG_START) and ctx.name:
        return ctx.name + name, ctx.name
    for place, _ in _known_places(ctx):
        if name.startswith((place, _stem(place))):
            return name, place
    return name, None


def _trailing_bracket_start(name: str) -> int | None:
    """Start of the balanced bracket group that ends ``name``, if it ends with one."""
    if not name or name[-1] not in CLOSE_BRACKETS:
        return None
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        if name[i] in CLOSE_BRACKETS:
            depth += 1
        elif name[i] in OPEN_BRACKETS:
            depth -= 1
            if depth == 0:
                return i
    return None


def _without_trailing_brackets(name: str) -> str:
    """各县〔市、区〕政府〔管委会〕 → 各县〔市、区〕政府; 各县（市、区） → 各县."""
    while (start := _trailing_bracket_start(name)) is not None and start > 0:
        name = name[:start]
    return name


def _without_bracketed_alias(name: str) -> str:
    """市生态环境局（市环委办） → 市生态环境局 when the name before the brackets is a known unit."""
    start = _trailing_bracket_start(name)
    if not start:
        return name
    parts = split_place(name[:start])
    return name[:start] if parts.rest and _known_rest(parts.rest) else name


def canonicalise(mention: UnitMention, ctx: JurisdictionContext) -> Unit:
    """The canonical unit of a mention within a plan.

    - department: jurisdiction + standard name. A level prefix is replaced by its jurisdiction
      (:func:`resolve_prefix`); a place name is kept (南召县发展改革委 → 南召县发展和改革委员会); a
      name without either takes the plan's jurisdiction. Unknown names keep their written rest;
      branch offices keep their branch (市环保局南召分局 → 南阳市生态环境局南召分局); a bracketed
      second name after a known unit is left out (市生态环境局（市环委办） → 南阳市生态环境局).
    - government: place + standard name (邓州市政府 → 邓州市人民政府, 高新区管委会 →
      南阳市高新区管理委员会, a bare 桐柏县 → 桐柏县人民政府).
    - collective: plan jurisdiction + the name with brackets normalised to （）, a leading level
      prefix replaced by its jurisdiction (市污染防治攻坚战指挥部成员单位 → 新乡市…成员单位).
    - organization: the name when it starts with a place (南召供电公司, 中国铁路…), the plan's
      jurisdiction + name when it starts with a trade (供电公司 → 驻马店市供电公司).
    Never raises; an empty name gives an empty canonical name.
    """
    name = clean(mention.name)
    try:
        parents = ctx.parents
        key = (name, ctx.name, ctx.level, tuple(parents.items()) if parents else ())
        hash(key)
    except (AttributeError, TypeError):
        found = _canonical(name, ctx)
    else:
        found = _CANONICAL.get(key)
        if found is None:
            found = _canonical(name, ctx)
            if len(_CANONICAL) >= _CANONICAL_MAX:
                _CANONICAL.clear()
            _CANONICAL[key] = found
    canonical, kind, dept_type, level, jurisdiction = found
    return Unit(
        role=mention.role,
        name=mention.name,
        canonical=canonical,
        kind=kind,
        role_words=mention.role_words,
        joint=mention.joint,
        declared=mention.declared,
        department_type=dept_type,
        level=level,
        jurisdiction=jurisdiction,
    )


#: canonical forms already worked out: (clean name, jurisdiction, level, parents) → _canonical(…)
_CANONICAL: dict[tuple, tuple[str, UnitKind, str | None, Level | None, str | None]] = {}
_CANONICAL_MAX = 1 << 14


def _canonical(name: str, ctx: JurisdictionContext) -> tuple[str, UnitKind, str | None, Level | None, str | None]:
    """(canonical name, kind, department type, level, jurisdiction) of a cleaned unit name."""
    kind: UnitKind
    dept_type: str | None = None
    level: Level | None = None
    jurisdiction: str | None = None

    if not name:
        kind, canonical = "department", ""
    elif is_collective(name):
        kind = "collective"
        canonical, jurisdiction, level = _with_prefix_replaced(normalise_brackets(name), ctx)
    elif is_organization(name):
        kind = "organization"
        canonical, jurisdiction = _organization_canonical(name, ctx)
    else:
        parts = split_place(_without_bracketed_alias(name))
        if parts.place is None:
            jurisdiction, level = ctx.name, ctx.level
        elif parts.is_prefix:
            jurisdiction, level = resolve_prefix(parts.place, ctx)
        else:
            jurisdiction, level = _place_jurisdiction(parts.place, ctx), _place_level(parts.place, ctx)
        found = match_department_type(parts.rest) if parts.rest else None
        if parts.is_prefix and found is None:
            # 市城乡一体化示范区管委会: prefix + place + unit
            inner = split_place(parts.rest)
            if inner.place and not inner.is_prefix and inner.rest:
                inner_found = match_department_type(inner.rest)
                if inner_found is not None:
                    jurisdiction = (jurisdiction or parts.place) + inner.place
                    level = _place_level(inner.place, ctx)
                    parts, found = inner, inner_found
        head = jurisdiction or (parts.place or "")
        if not parts.rest:  # a bare place: its government
            kind, dept_type = "government", "人民政府"
            canonical = head + "人民政府"
        elif found is None:
            kind, canonical = "department", head + parts.rest
        else:
            std = found.type.standard_name
            dept_type = std
            kind = "government" if std in _GOVERNMENT_TYPES and not found.branch else "department"
            canonical = head + std + (parts.rest[len(found.alias):] if found.branch else "")
    return canonical, kind, dept_type, level, jurisdiction
