"""Synthetic documents of the genre, for SCALE tests only (never for accuracy claims).

:func:`generate` writes ``n`` action plans of Henan-like cities and counties into
``out_dir/docs/<stem>.txt`` and, for each, an answer key ``out_dir/answers/<stem>.json`` (plan
title, jurisdiction, 文号; every task with its action, number, title, units by role with the name
as written and the canonical name, and its deadlines as written with their dates; targets). The
same ``n`` and ``seed`` always give the same files.

What varies, drawn from the genre's conventions (DESIGN §4, §5):

* city plans (市, the city prefix 市 on units) and county plans (县 or a county-level 市), 三年
  行动 plans with a period, annual plans with a year, 十四五 plans;
* the notice with its 文号 (宛政办〔2024〕12号), addressees, issuer and signature date; sometimes
  web-page chrome (breadcrumb, 索引号/发布机构/发文日期 lines, print/close links, ICP line);
* actions （一）… and tasks numbered 1. / 1、 / 1．, continuous across actions or restarting;
* notes: 牵头/配合/负责落实, 按职责分工负责 (joint lead, or support after a 牵头), a bare unit
  list, 牵头单位：…；配合单位：…, a trailing 等部门; full-width （）, half-width () and 〔〕
  brackets; department names through the aliases of ``ontology/vocab/department_types.csv``
  with the level prefix written once and distributed (市发改委、工信局牵头 …), 市场监管局 in a
  市 list;
* deadlines: 2024年年底前, 2024年底前, 到2024年底, 2024 年年底前, 2024年5月底前, 2024年6月15日前,
  到2025年, 上半年/下半年, 每年, 年底前 in an annual plan (year inferred); years that are not
  deadlines (较2020年, 在2020年基础上);
* targets (优良天数比例达到76.5%), page breaks inside long paragraphs with the character at the
  break repeated on the next page.
"""

from __future__ import annotations

import calendar
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

# city → (文号 abbreviation, counties: name → 文号 abbreviation); county-level cities end in 市.
CITIES: dict[str, tuple[str, dict[str, str]]] = {
    "南阳市": ("宛", {"南召县": "召", "方城县": "方", "西峡县": "西", "镇平县": "镇", "内乡县": "内",
                     "淅川县": "淅", "社旗县": "社", "唐河县": "唐", "新野县": "新", "桐柏县": "桐", "邓州市": "邓"}),
    "新乡市": ("新", {"新乡县": "新", "获嘉县": "获", "原阳县": "原", "延津县": "延", "封丘县": "封",
                     "卫辉市": "卫", "辉县市": "辉", "长垣市": "长"}),
    "驻马店市": ("驻", {"西平县": "西", "上蔡县": "上", "平舆县": "平", "正阳县": "正", "确山县": "确",
                       "泌阳县": "泌", "汝南县": "汝", "遂平县": "遂", "新蔡县": "新"}),
    "平顶山市": ("平", {"宝丰县": "宝", "叶县": "叶", "鲁山县": "鲁", "郏县": "郏", "舞钢市": "舞", "汝州市": "汝"}),
    "洛阳市": ("洛", {"孟津县": "孟", "新安县": "新", "栾川县": "栾", "嵩县": "嵩", "汝阳县": "汝",
                     "宜阳县": "宜", "洛宁县": "洛", "伊川县": "伊", "偃师市": "偃"}),
    "开封市": ("汴", {"杞县": "杞", "通许县": "通", "尉氏县": "尉", "兰考县": "兰"}),
    "安阳市": ("安", {"安阳县": "安", "汤阴县": "汤", "滑县": "滑", "内黄县": "内", "林州市": "林"}),
    "焦作市": ("焦", {"修武县": "修", "博爱县": "博", "武陟县": "武", "温县": "温", "沁阳市": "沁", "孟州市": "孟"}),
    "许昌市": ("许", {"鄢陵县": "鄢", "襄城县": "襄", "禹州市": "禹", "长葛市": "长"}),
    "周口市": ("周", {"扶沟县": "扶", "西华县": "西", "商水县": "商", "沈丘县": "沈", "郸城县": "郸",
                     "太康县": "太", "鹿邑县": "鹿", "项城市": "项"}),
    "信阳市": ("信", {"罗山县": "罗", "光山县": "光", "新县": "新", "商城县": "商", "固始县": "固",
                     "潢川县": "潢", "淮滨县": "淮", "息县": "息"}),
    "商丘市": ("商", {"民权县": "民", "睢县": "睢", "宁陵县": "宁", "柘城县": "柘", "虞城县": "虞",
                     "夏邑县": "夏", "永城市": "永"}),
}

# Common line bureaus (standard names of ontology/vocab/department_types.csv); aliases come from the CSV.
BUREAUS = ("生态环境局", "发展和改革委员会", "工业和信息化局", "财政局", "住房和城乡建设局", "城市管理局",
           "交通运输局", "公安局", "商务局", "自然资源和规划局", "水利局", "农业农村局", "林业局",
           "文化广电和旅游局", "市场监督管理局", "卫生健康委员会", "应急管理局", "教育局", "科学技术局",
           "人力资源和社会保障局", "民政局", "统计局", "机关事务管理中心")

TOPICS = (
    ("推动生态环境质量稳定向好", "生态环境"), ("蓝天保卫战", "大气"), ("碧水保卫战", "水"),
    ("净土保卫战", "土壤"), ("农村人居环境整治提升", "农村"), ("交通运输绿色低碳发展", "交通"),
    ("减污降碳协同增效", "低碳"), ("优化营商环境", "营商"), ("数字政府建设", "数字"),
    ("安全生产治本攻坚", "安全"), ("城市更新", "城市"), ("乡村振兴", "乡村"),
)
ACTION_OBJECTS = ("产业结构优化", "能源结构调整", "交通运输结构调整", "工业污染治理", "面源污染防治",
                  "城乡污水治理", "黑臭水体消除", "饮用水水源保护", "土壤污染风险管控", "固体废物治理",
                  "生态保护修复", "环境监管能力提升", "农业面源污染治理", "城市精细化管理", "营商环境优化",
                  "数字基础设施建设", "公共服务提升", "安全隐患排查整治", "绿色低碳转型", "科技创新支撑")
VERBS = ("推进", "加快", "深化", "强化", "实施", "开展", "完善", "健全", "提升", "加强", "推动", "持续开展")
OBJECTS = ("重点行业超低排放改造", "工业炉窑清洁能源替代", "燃煤锅炉综合整治", "挥发性有机物综合治理",
           "扬尘污染精细化管控", "新能源汽车推广应用", "公转铁公转水", "城镇污水处理提质增效",
           "入河排污口排查整治", "农村生活污水治理", "畜禽养殖污染防治", "秸秆综合利用和禁烧",
           "建设用地土壤污染风险管控", "危险废物规范化管理", "矿山生态保护修复", "河湖生态缓冲带建设",
           "餐饮油烟治理", "噪声污染防治", "生态环境执法监管", "环境监测网络建设", "清洁取暖改造",
           "散煤治理", "成品油质量监管", "非道路移动机械监管", "城市黑臭水体治理", "饮用水水源地规范化建设",
           "化肥农药减量增效", "农膜回收利用", "生活垃圾分类", "再生水利用", "政务服务一网通办",
           "企业开办便利化", "重点领域安全隐患排查", "老旧小区改造", "城市生命线工程建设",
           "公共数据开放共享", "高标准农田建设", "农村道路提档升级", "产业集群升级改造", "绿色工厂创建")
BODY = ("建立工作台账，明确责任单位和完成时限", "加强部门协同，形成工作合力", "强化日常监管和执法检查",
        "完善长效管理机制，确保整治成效", "加大资金投入和政策支持力度", "开展专项检查，发现问题立行立改",
        "定期调度工作进展，及时通报情况", "鼓励有条件的地方先行先试，形成可复制可推广的经验",
        "严格落实企业主体责任", "推动信息共享和联合惩戒", "做好宣传引导，营造良好氛围",
        "实行清单化管理、项目化推进")
TARGETS = (("空气质量优良天数比例", "%", (70, 85), 1), ("细颗粒物（PM2.5）平均浓度", "微克/立方米", (32, 50), 0),
           ("城镇生活污水处理率", "%", (90, 98), 0), ("受污染耕地安全利用率", "%", (90, 100), 0),
           ("秸秆综合利用率", "%", (90, 96), 0), ("农村生活污水治理率", "%", (30, 60), 0),
           ("畜禽粪污综合利用率", "%", (80, 90), 0), ("生活污水集中收集率", "%", (60, 75), 0))
DOC_FORMS = ("政办", "政办", "政办", "政")


@dataclass
class _Unit:
    role: str
    name: str  # as written, level prefix distributed
    canonical: str
    kind: str  # department | collective


class _Writer:
    """One synthetic document and its answer key."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        self.index = index
        from kg.vocab import department_types

        self.aliases = {t.standard_name: (t.standard_name, *t.aliases) for t in department_types()
                        if t.standard_name in BUREAUS}

    # -- the plan ------------------------------------------------------------------------------
    def write(self) -> tuple[str, str, dict]:
        r = self.rng
        city = r.choice(sorted(CITIES))
        city_abbr, counties = CITIES[city]
        county = r.random() < 0.45
        if county:
            jur = r.choice(sorted(counties))
            abbr = counties[jur]
            prefix = jur[-1]  # 县, or 市 for a county-level city
        else:
            jur, abbr, prefix = city, city_abbr, "市"
        self.jur, self.prefix, self.city = jur, prefix, city
        topic, short = r.choice(TOPICS)
        year = r.randint(2019, 2025)
        kind = r.choice(("three", "three", "annual", "fyp"))
        if kind == "three":
            start, end = year, year + 2
            title = f"{jur}{topic}三年行动实施方案（{start}—{end}年）"
        elif kind == "annual":
            start = end = year
            title = f"{jur}{year}年{topic}工作方案"
        else:
            start, end, year = 2021, 2025, r.randint(2021, 2023)
            title = f"{jur}“十四五”{topic}规划"
        self.plan_year, self.start, self.end, self.annual = year, start, end, kind == "annual"
        issuer = f"{jur}人民政府办公室"
        ident = f"{abbr}{r.choice(DOC_FORMS)}〔{year}〕{r.randint(1, 120)}号"
        month, day = r.randint(1, 12), r.randint(1, 28)
        stem = f"synth-{self.index:06d}-{_pinyinish(jur, r)}-{year}-{short_key(short)}"
        lines: list[str] = []
        chrome = r.random() < 0.3
        if chrome:
            lines += [f"首页 > 政务公开 > 政策文件 > {issuer}文件",
                      f"索引号：{r.randint(10000000, 99999999)}/{year}-{r.randint(100, 999):05d}",
                      f"发布机构：{issuer}", f"发文日期：{year}-{month:02d}-{day:02d}", ""]
        notice = f"{issuer}关于印发{title}的通知"
        subordinate = "各乡镇人民政府、街道办事处" if county else "各县（市、区）人民政府"
        lines += [notice, "", ident, "", f"{subordinate}，{jur}人民政府各部门：", "",
                  f"《{title}》已经{prefix}政府同意，现印发给你们，请认真贯彻执行。", "",
                  issuer, "", f"{year}年{month}月{day}日", "", title, ""]
        parent = f"河南省{topic}三年行动计划（{start}—{end}年）"
        lines += [f"为深入贯彻落实党中央、国务院和省委、省政府决策部署，依据《{parent}》（豫政办〔{year}〕"
                  f"{r.randint(1, 80)}号），结合我{prefix[-1]}实际，制定本方案。", ""]
        lines += ["一、总体要求", "", f"坚持以习近平新时代中国特色社会主义思想为指导，坚持问题导向、目标导向，"
                  f"统筹推进{topic}各项工作，为建设现代化{jur}提供有力支撑。", ""]
        plan_targets = []
        lines += ["二、主要目标", ""]
        goal = [f"到{end}年"]
        for name, unit, (lo, hi), dec in r.sample(TARGETS, 2):
            value = _value(r, lo, hi, dec)
            goal.append(f"{name}达到{value}{unit}")
            plan_targets.append({"indicator": name, "value": value, "unit": unit, "year": end})
        lines += ["，".join(goal) + "。", ""]
        lines += ["三、重点任务", ""]
        n_actions = r.randint(2, 6)
        n_tasks = r.randint(6, 26)
        per_action = _split(r, n_tasks, n_actions)
        number_style = r.choice((".", "、", "．"))
        continuous = r.random() < 0.7
        bracket = r.choice(("full", "full", "half"))
        tasks_key = []
        number = 0
        cn = "一二三四五六七八九十"
        for a, k in enumerate(per_action):
            action_title = f"{r.choice(ACTION_OBJECTS)}行动"
            lines += [f"（{cn[a]}）{action_title}{'。' if r.random() < 0.5 else ''}", ""]
            if not continuous:
                number = 0
            for _ in range(k):
                number += 1
                text, key = self._task(number, number_style, bracket)
                key["action"] = cn[a]
                key["action_title"] = action_title
                lines += [text, ""]
                tasks_key.append(key)
        lines += ["四、保障措施", "", f"（一）加强组织领导。各级各部门要把{topic}工作摆在突出位置，"
                  "建立健全工作推进机制，确保各项任务落地见效。", "",
                  "（二）强化督导考核。将任务完成情况纳入年度目标考核，对工作不力的严肃问责。", ""]
        if chrome:
            lines += ["【打印本页】【关闭窗口】", f"版权所有：{jur}人民政府  豫ICP备{r.randint(10000000, 99999999)}号"]
        text = "\n".join(lines) + "\n"
        key = {"document": stem + ".txt", "plan": title, "jurisdiction": jur, "identifier": ident,
               "issuer": issuer, "issued": f"{year}-{month:02d}-{day:02d}", "targets": plan_targets,
               "tasks": tasks_key}
        return stem, text, key

    # -- one task ------------------------------------------------------------------------------
    def _task(self, number: int, style: str, bracket: str) -> tuple[str, dict]:
        r = self.rng
        title = f"{r.choice(VERBS)}{r.choice(OBJECTS)}"
        sentences = [f"{number}{style}{title}。"]
        deadlines = []
        for _ in range(r.choice((0, 1, 1, 1, 2))):
            phrase, date = self._deadline()
            if any(d["text"] == phrase for d in deadlines):
                continue
            deadlines.append({"text": phrase, "date": date})
            sentences.append(f"{phrase}，{r.choice(BODY)}。")
        for _ in range(r.randint(1, 3)):
            sentences.append(f"{r.choice(BODY)}，{r.choice(BODY)}。")
        if r.random() < 0.25:
            sentences.append(f"较{self.start - r.randint(1, 4)}年下降{r.randint(2, 15)}%以上。")
        body = "".join(sentences)
        if len(body) > 120 and r.random() < 0.15:  # a page break inside the paragraph, the char repeated
            cut = r.randint(60, len(body) - 30)
            while not _is_cjk(body[cut - 1]) or body[cut - 1] == body[cut]:
                cut -= 1
            body = body[:cut] + "\n\n" + body[cut - 1:]
        units = self._units()
        note = self._note(units, bracket)
        key = {"number": str(number), "title": title,
               "lead": [_u(u) for u in units if u.role == "lead"],
               "support": [_u(u) for u in units if u.role == "support"],
               "implement": [_u(u) for u in units if u.role == "implement"],
               "deadlines": deadlines}
        return body + note, key

    def _deadline(self) -> tuple[str, str | None]:
        r = self.rng
        y = r.randint(self.start, self.end)
        m = r.randint(1, 11)
        form = r.randrange(11)
        if form == 0:
            return f"{y}年年底前", f"{y}-12-31"
        if form == 1:
            return f"{y}年底前", f"{y}-12-31"
        if form == 2:
            return f"到{y}年底", f"{y}-12-31"
        if form == 3:
            return f"{y} 年年底前", f"{y}-12-31"
        if form == 4:
            return f"{y}年{m}月底前", f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        if form == 5:
            d = r.randint(1, 28)
            return f"{y}年{m}月{d}日前", f"{y}-{m:02d}-{d:02d}"
        if form == 6:
            return f"到{y}年", f"{y}-12-31"
        if form == 7:
            return f"{y}年上半年", f"{y}-06-30"
        if form == 8:
            return f"{y}年下半年", f"{y}-12-31"
        if form == 9:
            return "每年", None
        if self.annual:
            return "年底前", f"{self.plan_year}-12-31"
        return f"{y}年{m}月底前", f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"

    # -- responsibility ------------------------------------------------------------------------
    def _dept(self, role: str, standard: str, first: bool) -> tuple[_Unit, str]:
        alias = self.rng.choice(self.aliases[standard])
        written = alias if not first else self.prefix + alias
        unit = _Unit(role, self.prefix + alias, self.jur + standard, "department")
        return unit, written

    def _units(self) -> list[_Unit]:
        r = self.rng
        picked = r.sample(BUREAUS, r.randint(1, 6))
        self._layout = r.choice(("lead_support", "lead_support", "joint", "lead_joint", "bare", "labelled",
                                 "lead_only"))
        if self._layout in ("joint", "bare", "lead_only"):
            groups = [("lead", picked)]
        else:
            cut = r.randint(1, max(1, len(picked) - 1)) if len(picked) > 1 else 1
            groups = [("lead", picked[:cut]), ("support", picked[cut:])]
        self._written: list[tuple[str, list[str]]] = []
        units: list[_Unit] = []
        for role, names in groups:
            written = []
            for i, std in enumerate(names):
                u, w = self._dept(role, std, first=i == 0)
                units.append(u)
                written.append(w)
            self._written.append((role, written))
        self._implement = None
        if self._layout != "labelled" and r.random() < 0.5:
            if self.prefix == "市" and self.jur in CITIES:
                forms = ("各县（市、区）政府", "各县〔市、区〕政府〔管委会〕", "各县（市、区）人民政府")
            else:
                forms = ("各乡镇人民政府", "各乡（镇）人民政府", "各乡镇政府")
            self._implement = r.choice(forms)
            units.append(_Unit("implement", self._implement, "", "collective"))
        return units

    def _note(self, units: list[_Unit], bracket: str) -> str:
        r = self.rng
        groups = dict(self._written)
        lead, support = groups.get("lead", []), groups.get("support", [])
        etc = support and r.random() < 0.15
        if self._layout == "lead_support":
            parts = ["、".join(lead) + "牵头"]
            if support:
                parts.append("、".join(support) + ("等部门" if etc else "") + "配合")
        elif self._layout == "lead_joint":
            parts = ["、".join(lead) + "牵头"]
            if support:
                parts.append("、".join(support) + "按职责分工负责")
        elif self._layout == "joint":
            parts = ["、".join(lead) + ("按职责分工负责" if len(lead) > 1 else "负责")]
        elif self._layout == "lead_only":
            parts = ["、".join(lead) + "牵头"]
        elif self._layout == "bare":
            parts = ["、".join(lead)]
        else:  # labelled
            parts = ["牵头单位：" + "、".join(lead)]
            if support:
                parts.append("配合单位：" + "、".join(support))
            inner = "；".join(parts)
            return _bracket(inner, bracket)
        if self._implement:
            parts.append(self._implement + "负责落实")
        return _bracket("，".join(parts), bracket)


def _bracket(inner: str, style: str) -> str:
    return f"（{inner}）" if style == "full" else f"({inner})"


def _u(u: _Unit) -> dict:
    return {"name": u.name, "canonical": u.canonical or None, "kind": u.kind}


def _value(r: random.Random, lo: int, hi: int, decimals: int) -> str:
    v = r.uniform(lo, hi)
    return f"{v:.{decimals}f}" if decimals else str(int(round(v)))


def _split(r: random.Random, n: int, k: int) -> list[int]:
    k = min(k, n)
    cuts = sorted(r.sample(range(1, n), k - 1)) if k > 1 else []
    edges = [0, *cuts, n]
    return [b - a for a, b in zip(edges, edges[1:])]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_LATIN = "bcdfghjklmnprstwxyz"


def _pinyinish(name: str, r: random.Random) -> str:
    """A stable ASCII tag for a place (file names stay ASCII)."""
    return "".join(_LATIN[ord(c) % len(_LATIN)] for c in name[:-1])


def short_key(short: str) -> str:
    return "".join(_LATIN[ord(c) % len(_LATIN)] for c in short)


def generate(n: int, out_dir: str | Path, seed: int = 0) -> str:
    """Write ``n`` synthetic documents and answer keys into ``out_dir`` (replaced); a report line."""
    from kg.errors import UsageError

    if n < 1:
        raise UsageError("N must be at least 1")
    out = Path(out_dir)
    if out.exists():
        if not (out / "docs").is_dir() and any(out.iterdir()):
            raise UsageError(f"{out} exists and is not a synthetic corpus folder; choose another --out")
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "answers").mkdir()
    tasks = 0
    size = 0
    for i in range(1, n + 1):
        rng = random.Random(f"{seed}:{i}")
        stem, text, key = _Writer(rng, i).write()
        (out / "docs" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out / "answers" / f"{stem}.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
        tasks += len(key["tasks"])
        size += len(text.encode("utf-8"))
    (out / "README.md").write_text(
        f"Synthetic PolicyKG corpus: {n} documents, seed {seed} (`kg synth {n} --seed {seed}`).\n"
        "For scale tests only, never for accuracy claims. docs/ holds the documents, answers/ the\n"
        "answer key of each (tasks, units by role, deadlines, targets).\n", encoding="utf-8")
    return (f"Wrote {n} synthetic documents ({tasks} tasks, {size / 1e6:.1f} MB) and their answer keys "
            f"→ {out}/docs, {out}/answers (seed {seed})")
