"""Plan metadata from the preamble: title, 文号, issuer, issue date, period, jurisdiction, parents.

Rules (the genre's conventions, in order of preference):

* **title** — ``《X》已经…/现印发给你们`` in the notice; ``…关于印发X的通知``; a title line (a short
  line without sentence punctuation ending in 方案/计划/规划/纲要/意见/办法, optionally followed by a
  bracketed period); the web page's 名称 field; else inferred (see :func:`infer_title`).
* **identifier (文号)** — a line that is only a document number (宛政办〔2023〕32号), else the web
  page's 文号 field. Numbers inside a parent reference are not the plan's own.
* **issuer** — ``X关于印发`` before the notice title; else the signature line (an office name
  followed by a date line); else the web page's 发布机构.
* **issued** — the date line of the signature (2023年9月14日, 二〇二二年六月); else 发文日期.
* **period** — a bracketed range in the title (（2023—2025年）, (2023年-2025年)); a single year
  in the title (2024年蓝天保卫战); 十四五 → 2021–2025 (十三五 2016–2020, 十五五 2026–2030).
* **jurisdiction** — the place name the title starts with; else the place named most often in
  the body with the level the body speaks of (全县/我县 → a 县).
* **parents** — each 《…》 (with its 文号 in brackets after it) in the paragraph saying why the plan
  was made (依据/根据/按照/贯彻落实 … 制定本方案); ``…关于印发X的通知`` becomes X.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.extract.departments import is_zone
from kg.records import Level, PlanReference

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
                   "十四五": (2021, 2025), "十五五": (2026, 2030)}

PLAN_WORD = r"(?:实施方案|工作方案|行动方案|方案|行动计划|工作计划|计划|规划|纲要|意见|办法|要点)"
_DOC_NUMBER = r"[\u4e00-\u9fff]{1,10}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d+\s*号"
_DOC_NUMBER_LINE = re.compile(rf"^{_DOC_NUMBER}$")
_TITLE_LINE = re.compile(rf"^[^。，,；;：:]{{4,80}}{PLAN_WORD}\s*([（(][^（）()]{{4,20}}[)）])?$")
_NOTICE = re.compile(rf"^(?P<issuer>.*?)关于印发(?P<title>.+?)的通知$")
_QUOTED_ISSUED = re.compile(r"《(?P<title>[^《》]{4,120})》\s*(?:已经|已|经|现印发|印发给)")
_DATE_LINE = re.compile(r"^(?P<y>\d{4}|[〇零○一二三四五六七八九O]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                        r"\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$")
_OFFICE = re.compile(r"^(?:[\u4e00-\u9fff]{2,30}(?:办公室|办公厅|人民政府|委员会|指挥部|领导小组|局|厅))$")
_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[)）]")
_YEAR_IN_TITLE = re.compile(r"(\d{4})\s*年")
_PLACE_SEGMENT = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:自治区|特别行政区|省|自治州|市|州|盟|自治县|县|区|旗)")
_TOWNSHIP_SEGMENT = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:镇|乡)(?=人民政府|政府|关于)")
_LEVEL_OF_SUFFIX: dict[str, Level] = {"省": "province", "自治区": "province", "市": "city", "州": "city",
                                      "盟": "city", "自治州": "city", "县": "county", "区": "county",
                                      "旗": "county", "自治县": "county", "镇": "township", "乡": "township"}
_BODY_LEVEL = re.compile(r"(?:全|我|本)(省|市|县|区|镇|乡)")
_REASON = re.compile(r"(依据|根据|按照|贯彻|落实|制定本|特制定|结合[^。]{0,8}实际)")
_REFERENCE = re.compile(rf"《(?P<title>[^《》]{{4,150}})》\s*(?:[（(]\s*(?P<id>{_DOC_NUMBER})\s*[)）])?")
_NOT_A_PLACE = ("全市", "全县", "全区", "全省", "我市", "我县", "我区", "我省", "本市", "城市", "县市", "省市",
                "市县", "各县", "地市", "县区", "城区", "市区", "园区", "社区", "山区", "景区", "库区",
                "新区", "城乡", "示范区", "开发区", "高新区", "保护区", "集聚区")


@dataclass
class Metadata:
    title: str | None = None
    title_at: tuple[int, int] | None = None  # clean offsets of the title text
    title_inferred: bool = False
    identifier: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    period_start: int | None = None
    period_end: int | None = None
    jurisdiction: str | None = None
    level: Level | None = None
    parents: list[tuple[PlanReference, tuple[int, int]]] = field(default_factory=list)


def read_metadata(preamble: list[tuple[int, str]], body: str, fields: dict[str, str],
                  stem: str) -> Metadata:
    """Metadata from the preamble paragraphs ((clean offset, text) before the first heading)."""
    md = Metadata()
    _title(md, preamble, fields)
    _identifier(md, preamble, fields)
    _issuer_and_date(md, preamble, fields)
    _parents(md, preamble)
    if md.title:
        _period(md, md.title)
    _jurisdiction(md, body)
    if not md.title:
        _infer_title(md, body, stem)
        if md.title and md.period_start is None:
            _period(md, md.title)
    return md


def _title(md: Metadata, preamble: list[tuple[int, str]], fields: dict[str, str]) -> None:
    for off, para in preamble:
        m = _QUOTED_ISSUED.search(para)
        if m and "印发" in para:
            md.title, md.title_at = m.group("title"), (off + m.start("title"), off + m.end("title"))
            return
    for off, para in preamble:
        m = _NOTICE.match(para)
        if m and len(m.group("title")) >= 4:
            md.title, md.title_at = m.group("title").strip("《》"), (off + m.start("title"), off + m.end("title"))
            return
    for off, para in preamble:
        if _TITLE_LINE.match(para) and not para.startswith(("根据", "依据", "按照", "为")):
            md.title, md.title_at = para, (off, off + len(para))
            return
    name = fields.get("名称")
    if name:
        m = _NOTICE.match(name)
        md.title = m.group("title") if m else name


def _identifier(md: Metadata, preamble: list[tuple[int, str]], fields: dict[str, str]) -> None:
    for _, para in preamble:
        if _DOC_NUMBER_LINE.match(para.replace(" ", "")):
            md.identifier = para.replace(" ", "")
            return
    if fields.get("文号") and re.fullmatch(_DOC_NUMBER, fields["文号"]):
        md.identifier = fields["文号"]


def _issuer_and_date(md: Metadata, preamble: list[tuple[int, str]], fields: dict[str, str]) -> None:
    for i, (_, para) in enumerate(preamble):
        m = _NOTICE.match(para)
        if m and m.group("issuer"):
            md.issuer = m.group("issuer")
            break
        if m and i > 0 and _OFFICE.match(preamble[i - 1][1].replace(" ", "")):
            md.issuer = preamble[i - 1][1].replace(" ", "")  # the office on the line above
            break
    for i, (_, para) in enumerate(preamble):
        date = parse_date_line(para.replace(" ", ""))
        if date is None:
            continue
        md.issued = date
        if md.issuer is None and i > 0 and _OFFICE.match(preamble[i - 1][1].replace(" ", "")):
            md.issuer = preamble[i - 1][1].replace(" ", "")
        break
    if md.issued is None and fields.get("发文日期"):
        md.issued = parse_date_line(fields["发文日期"].replace(" ", ""))
    if md.issuer is None and fields.get("发布机构"):
        md.issuer = fields["发布机构"]


def parse_date_line(text: str) -> dt.date | None:
    """2023年9月14日 / 二〇二二年六月 → a date (the first of the month when no day is given)."""
    m = _DATE_LINE.match(text)
    if not m:
        return None
    try:
        year = int(m["y"]) if m["y"].isdigit() else int("".join(str(_CN_DIGITS[c]) for c in m["y"]))
        month = _number(m["m"])
        day = _number(m["d"]) if m["d"] else 1
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


def _number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return _CN_DIGITS[a] * 10 + _CN_DIGITS[b]
    return _CN_DIGITS[s]


def _period(md: Metadata, title: str) -> None:
    m = _PERIOD.search(title)
    if m:
        md.period_start, md.period_end = int(m.group(1)), int(m.group(2))
        return
    for name, (a, b) in FIVE_YEAR_PLANS.items():
        if name in title:
            md.period_start, md.period_end = a, b
            return
    years = [int(y) for y in _YEAR_IN_TITLE.findall(title)]
    if years:
        md.period_start, md.period_end = min(years), max(years)


def _parents(md: Metadata, preamble: list[tuple[int, str]]) -> None:
    seen: set[str] = set()
    for off, para in preamble:
        if "印发给你们" in para or not _REASON.search(para):
            continue
        for m in _REFERENCE.finditer(para):
            title = m.group("title").strip()
            notice = _NOTICE.match(title)
            if notice:
                title = notice.group("title").strip("《》")
            if title == md.title or title in seen:
                continue
            seen.add(title)
            ident = m.group("id").replace(" ", "") if m.group("id") else None
            md.parents.append((PlanReference(title=title, identifier=ident), (off + m.start(), off + m.end())))


def _jurisdiction(md: Metadata, body: str) -> None:
    if md.title:
        place = place_of(md.title)
        if place:
            md.jurisdiction = place
            md.level = level_of(place)
            return
    # no title: the body speaks of 全县/我县 …; take the place of that level named most often
    levels = Counter(_BODY_LEVEL.findall(body))
    if not levels:
        return
    suffix = levels.most_common(1)[0][0]
    counts: Counter[str] = Counter()
    for m in re.finditer(suffix, body):
        for n in (1, 2, 3):
            name = body[max(m.start() - n, 0): m.end()]
            if len(name) == n + 1 and all("\u4e00" <= c <= "\u9fff" for c in name) and \
                    not any(c in "全我本各该市县区省乡镇" for c in name[:-1]) and name not in _NOT_A_PLACE:
                counts[name] += 1
    if counts:
        best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))
        if best[1] >= 2:
            md.jurisdiction = best[0]
            md.level = level_of(best[0])


def level_of(place: str) -> Level | None:
    for suffix in sorted(_LEVEL_OF_SUFFIX, key=len, reverse=True):
        if place.endswith(suffix):
            return _LEVEL_OF_SUFFIX[suffix]
    return None


def place_of(title: str) -> str | None:
    """The most specific place of the chain a title starts with: 河南省推动… → 河南省;
    南阳市宛城区关于… → 宛城区; 新乡市… → 新乡市 (not 新乡: 乡/镇 count only before 人民政府/关于);
    郑州市… → 郑州市 (a name ending in 州 followed by 市 keeps the 市); 辉县市… → 辉县市 (a county-level
    city named after a county); 社旗县… → 社旗县, 红旗区… → 红旗区; a development zone keeps the place
    named before it (郑州经济技术开发区, 开封市城乡一体化示范区: zones of that name lie in many cities)."""
    chain = place_chain(title)
    if len(chain) >= 2 and is_zone(chain[-1]):
        return chain[-2] + chain[-1]  # a zone is named with its city: 开封市城乡一体化示范区
    return chain[-1] if chain else None


def place_chain(title: str) -> list[str]:
    """Every place of the chain a title starts with, outermost first: 河南省新乡市红旗区… →
    [河南省, 新乡市, 红旗区] (see :func:`place_of`)."""
    pos, chain = 0, []
    while True:
        m = _PLACE_SEGMENT.match(title, pos) or _TOWNSHIP_SEGMENT.match(title, pos)
        if not m or m.group() in _NOT_A_PLACE or m.group().startswith(("各", "全", "我", "本")):
            return chain
        end = m.end()
        if end < len(title) and title[end] in "市县区旗盟" and m.group()[-1] in "州":
            end += 1
        elif title.startswith("市", end) and m.group()[-1] == "县" and not title.startswith("市场", end):
            end += 1  # a county-level city named after its old county: 辉县市 (but 滑县市场监管…)
        elif end < len(title) and title[end] in "县区" and m.group()[-1] == "旗":
            end += 1  # a county or district whose name holds 旗: 社旗县, 新乡市红旗区
        chain.append(title[m.start():end])
        pos = end


def _infer_title(md: Metadata, body: str, stem: str) -> None:
    """A document without a title: take the parent plan's title with the parent's place replaced by
    this plan's jurisdiction (根据《南阳市2024年蓝天保卫战实施方案》 in a 南召县 plan →
    南召县2024年蓝天保卫战实施方案); else the jurisdiction and the kind of plan the body names
    and what it is for (为深入打好蓝天保卫战，…，制定本方案 → 庚县深入打好蓝天保卫战实施方案); else the
    file name. Always flagged as inferred."""
    md.title_inferred = True
    if md.jurisdiction:
        for ref, _ in md.parents:
            parent_place = place_of(ref.title)
            if parent_place and parent_place != md.jurisdiction and re.search(PLAN_WORD + "$", ref.title):
                md.title = md.jurisdiction + ref.title[ref.title.index(parent_place) + len(parent_place):]
                return
        m = re.search(rf"(?:制定|特制定|制订)本({PLAN_WORD})", body)
        if m:
            kind = "实施方案" if m.group(1) == "方案" else m.group(1)
            aim = _purpose(body[:m.start()])
            md.title = md.jurisdiction + (aim or "") + kind
            return
    md.title = stem


_PURPOSE_SKIP = re.compile(r"^(?:深入|认真|全面|进一步)?(?:贯彻|落实|按照|根据|依据|结合|对照|遵照|立足|围绕|坚持|在)")
_SCOPE_WORDS = re.compile(r"(?:全|我|本)(?:省|市|县|区|镇|乡)(?:域)?")


def _purpose(before: str) -> str | None:
    """What the plan is for, from the sentence that says why it was made: 为深入打好蓝天保卫战，
    持续改善全县环境空气质量，…制定本方案 → 深入打好蓝天保卫战. The first clause after 为 that is
    neither a 贯彻落实/根据/结合 clause nor a document name, without scope words (全县, 我市)."""
    sentence = re.split(r"[。！？\n]", before)[-1]
    at = sentence.find("为")
    if at < 0:
        return None
    for clause in re.split(r"[，,；;、]", sentence[at:]):
        clause = re.sub(r"^为了?", "", clause.strip())
        if not clause or "《" in clause or _PURPOSE_SKIP.match(clause):
            continue
        clause = _SCOPE_WORDS.sub("", clause)
        return clause if 4 <= len(clause) <= 20 else None
    return None
