"""Named works listed in 专栏 boxes (专栏1 绿色发展工程) of a five-year plan.

A box holds categories — （一）重点行业绿色改造工程。 headings, or a short line of its own that
names a work (地下水污染防治工程。) — each followed by paragraphs that list works::

    工业污染防治工程主要有宝丰县…污水处理厂及管网建设项目、鲁山污水处理厂中水回用工程等工程。
    开展新华区国土绿化项目、高新区新运河河道治理及绿化工程。

Rules of :func:`works`:

* A paragraph is split into clauses at 。；; and ，; a clause is read up to a ：（…项目：主要包括
  监测车 → …项目). A clause opening with 包括/含/主要包括 lists the parts of the work before it,
  not works of its own.
* A clause loses its lead-in (…主要有, 开展, 建设, 实施, 推进, 积极推进 …) and a trailing 等/等工程/
  等项目. It is split at top-level 、 (never inside brackets); pieces are joined back until one
  ends with a work word (项目, 工程, 建设, 治理, 整治, 改造, 修复, 中心, 系统 …, optionally with a
  bracket after it: …建设项目（一期）), so 一期、二期处理项目 stays one work. A piece is then split at
  和/及/以及/与 where the part before ends with 项目 or 工程.
* A work is kept when it ends with a work word, has at least 4 characters, and holds no 等
  (焦化、水泥等企业超低排放改造 is a kind of work, not a named one).
* A category without named works is itself the work (its name is the category's).
* A work run into the next without a 、 (…修复工程野王东沟和香山沟综合整治工程) is split after
  its 工程/项目 when what follows is a work of at least 6 characters.
* The **place** of a work is the innermost place name it starts with: 新华区…, 平顶山市新华区…
  (→ 新华区), 叶县…, 舞钢市…, 宝丰县石桥镇… (→ 石桥镇; a township only after a county or city),
  河南省…; generic words (市区, 城区, 园区 …) are not places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.departments import CLOSE_BRACKETS, OPEN_BRACKETS

_WORK_END = re.compile(r"(?:项目|工程|建设|治理|整治|改造|修复|中心|系统|设施|基地|站|厂|园|公园)"
                       r"(?:[（(][^（）()]{1,12}[)）])?$")
_JOIN_END = re.compile(r"(?:项目|工程)(?:[（(][^（）()]{1,12}[)）])?$")
_LEAD_IN = re.compile(r"^(?:.{0,24}?(?:主要有|主要包括|包括有|具体有|重点有)|(?:积极|加快|大力|重点|继续|持续|有序)?"
                      r"(?:有序)?(?:开展|建设|实施|推进|推动|启动|完成|谋划|新建|打造))")
_PARTS_CLAUSE = re.compile(r"^(?:主要)?(?:包括|包含|含|涵盖|内容为|内容包括)")
_TRAILING = re.compile(r"等(?:[\u4e00-\u9fff]{0,6}(?:工程|项目|建设))?$")
_CATEGORY_LINE = re.compile(r"^[^。，,、；;：:]{2,30}(?:工程|项目|行动|计划|专项)[。.]?$")
_PLACE = re.compile(r"^(?P<province>[\u4e00-\u9fff]{2,3}?省)?(?P<city>[\u4e00-\u9fff]{2,4}?市)?"
                    r"(?P<county>[\u4e00-\u9fff]{1,3}?[县区])?")
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{1,3}(?:镇|乡|街道)")
#: A work name run into the next one without 、: 滚河生态修复工程野王东沟…综合整治工程.
_RUN_ON = re.compile(r"(?:工程|项目)(?=[^（(、，,]{6,}$)")
_NOT_PLACE = frozenset({"市区", "城区", "园区", "社区", "景区", "片区", "辖区", "地区", "山区", "矿区", "库区",
                        "厂区", "校区", "街区", "小区", "湖区", "全县", "本县", "各县", "县区", "全区", "本区",
                        "新区", "城市", "全市", "本市", "建成区", "主城区", "老城区", "新城区", "保护区", "示范区",
                        "集聚区", "开发区", "功能区"})
_AND = re.compile(r"和|以及|及|与")


@dataclass(frozen=True)
class Work:
    name: str
    start: int  # offset of the name in the text given
    end: int


def is_category_line(text: str) -> bool:
    """A short line of its own that names a category of works: 地下水污染防治工程。"""
    return bool(_CATEGORY_LINE.match(text.strip()))


def place_of(name: str) -> str | None:
    """The place a work's name starts with (the innermost: 平顶山市新华区… → 新华区, 宝丰县石桥镇…
    → 石桥镇), or None. A township counts only after a county or city."""
    m = _PLACE.match(name)
    if not m:
        return None
    place = None
    for part in ("province", "city", "county"):
        found = m.group(part)
        if found and found not in _NOT_PLACE and len(found) >= 2:
            place = found
        elif found:
            return place
    if place is not None:
        t = _TOWNSHIP.match(name, m.end())
        if t and not t.group().startswith(("城乡", "乡村")):
            place = t.group()
    return place


def place_level(place: str) -> str | None:
    """The level a place's name says: 河南省 → province, 叶县/新华区 → county, 石桥镇/朱兰街道 →
    township; a 市 may be a city or a county-level city (None)."""
    if place.endswith("省"):
        return "province"
    if place.endswith(("县", "区")):
        return "county"
    if place.endswith(("镇", "乡", "街道")):
        return "township"
    return None


def _split_top(text: str, seps: str) -> list[tuple[int, str]]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in seps:
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


def works(text: str) -> list[Work]:
    """The named works listed in ``text`` (a box paragraph), in order."""
    found: list[Work] = []
    for c_start, clause in _split_top(text, "。；;，,"):
        clause = re.split(r"[:：]", clause, maxsplit=1)[0]
        stripped = clause.strip()
        if not stripped or _PARTS_CLAUSE.match(stripped):
            continue
        at = c_start + (len(clause) - len(clause.lstrip()))
        m = _LEAD_IN.match(stripped)
        if m and m.end() < len(stripped):
            at += m.end()
            stripped = stripped[m.end():]
        stripped = stripped.rstrip()
        t = _TRAILING.search(stripped)
        if t and t.start() > 0:
            stripped = stripped[:t.start()]
        buffer_start, buffer = None, ""
        for p_start, piece in _split_top(stripped, "、"):
            if buffer_start is None:
                buffer_start = p_start
                buffer = piece
            else:
                buffer += "、" + piece
            if _WORK_END.search(buffer.strip()):
                found.extend(_split_and(buffer, at + buffer_start))
                buffer_start, buffer = None, ""
    return [w for w in found if len(w.name) >= 4 and "等" not in w.name and _WORK_END.search(w.name)]


def _split_and(piece: str, offset: int) -> list[Work]:
    """Split ``piece`` at 和/及/与 where the part before ends with 项目/工程."""
    out: list[Work] = []
    start = 0
    for m in _AND.finditer(piece):
        left = piece[start:m.start()]
        if _JOIN_END.search(left.strip()) and _depth(piece, m.start()) == 0:
            out.append(_work(left, offset + start))
            start = m.end()
    out.append(_work(piece[start:], offset + start))
    split: list[Work] = []
    for w in out:  # 滚河生态修复工程野王东沟和香山沟综合整治工程 → two works
        m = _RUN_ON.search(w.name)
        rest = w.name[m.end():] if m else ""
        if m and _JOIN_END.search(rest) and _depth(w.name, m.end()) == 0:
            split.append(Work(w.name[:m.end()], w.start, w.start + m.end()))
            split.append(Work(rest, w.start + m.end(), w.end))
        else:
            split.append(w)
    return [w for w in split if w.name]


def _depth(text: str, i: int) -> int:
    depth = 0
    for ch in text[:i]:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(depth - 1, 0)
    return depth


def _work(text: str, offset: int) -> Work:
    lead = len(text) - len(text.lstrip())
    name = text.strip()
    return Work(name, offset + lead, offset + lead + len(name))
