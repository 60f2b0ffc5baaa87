"""Questions in Chinese or English → one saved query and its parameters (rules, no ML).

``kg ask "QUESTION"`` and the UI's question box go through :func:`ask`. The interpreter reads a
question in four small steps, each a plain rule that can be read and tested on its own:

1. **Normalise**: traditional → simplified characters (zhconv), full-width → half-width (NFKC).
2. **Slots** — the values a saved query can take, each found at most once and masked so that no
   word is read twice:

   - *text* for ``tasks_mentioning``: the words after 提到/提及/包含 … or mention/containing …
     (or between quotes), read first because they are quoted text, not words to interpret;
   - *plan*: a plan title (or a phrase ending in 方案/规划/计划 that shares words with one), a
     file name;
   - *dates*: 2024年底前, 2024年年底, 到2024年底, 2025年6月30日前, 2024年上半年, 十四五期间,
     2024-12-31, by the end of 2024, before 2025-06-30, June 30, 2025, first half of 2024,
     this year / 今年 / 本年度 (relative to ``today``), between … and … / 从…到… (a range);
   - *department*: the longest name of the department-type vocabulary
     (``ontology/vocab/department_types.csv``: standard names and aliases) with its level word
     (市/县/区/省, 市级, 各市) and place (南阳, 南阳市), or its English name with a level and a
     place in pinyin ("city ecology bureau", "Nanyang Bureau of Ecology and Environment"), or
     a unit name of the graph as written (各县（市、区）政府（管委会）);
   - *indicator*: a name, alias or English name of an indicator of the graph (PM2.5, 优良天数比例);
   - *jurisdiction*: a place of the graph in Chinese (新乡, 新乡市) or pinyin (Xinxiang);
   - *role*: 牵头/lead/led by → lead; 配合/参与/协助/support → support; 落实/implement →
     implement; a bare 负责/responsible → any role.
3. **Intent**: each saved query lists cue phrases in its ``#+ ask:`` metadata (data, not code:
   a new ``.rq`` with an ``ask:`` block becomes answerable without touching this module), the
   slots it cannot do without (``needs``) and an example question. Cues are matched longest
   first over the whole question; a query scores 2 per cue and 1 per parameter a slot fills.
   The best query whose needs are met wins (ties: :data:`PRIORITY`); when a better-scoring query
   lacks a slot, or nothing matched, :class:`NotUnderstood` says so and lists what can be asked.
4. **Parameters**: slots become the values of the query's parameters by type (a ``date``
   parameter named ``from`` takes the start of a period, ``to``/``due``/``as_of`` its end) and
   run through :func:`kg.queries.run_saved`, which binds them as RDF terms — never pasted.

The :class:`Interpretation` names the query and every parameter in the question's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import QueryError
from kg.queries import (QUERIES_DIR, Engine, QueryResult, SavedQuery, parse_date, resolve_departments,
                        run_saved, saved_queries)

#: Tie-break between queries that score the same (earlier wins); queries not listed come last.
PRIORITY = ("department_responsibilities", "tasks_by_department", "co_responsible_departments",
            "tasks_due_between", "tasks_overdue", "workload_by_department", "targets_by_indicator",
            "plan_outline", "tasks_mentioning", "tasks_without_unit_or_deadline", "plans", "departments",
            "indicators")
OPEN_START, OPEN_END = dt.date(1900, 1, 1), dt.date(9999, 12, 31)
SLOT_KINDS = ("department", "date", "role", "plan", "jurisdiction", "indicator", "text")


class NotUnderstood(QueryError):
    """The question could not be mapped to a saved query; the message lists what can be asked."""


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Interpretation:
    """What a question was read as: the saved query, its parameter values (as given to
    :func:`~kg.queries.run_saved`) and an explanation in the question's language."""

    query: str
    params: dict[str, str]
    explanation: str
    lang: str  # "zh" or "en"
    slots: dict[str, str] = field(default_factory=dict)  # slot kind → the words it was read from


@dataclass(frozen=True)
class AskSpec:
    """The ``#+ ask:`` metadata of one saved query."""

    name: str
    cues: dict[str, tuple[str, ...]]  # lang → cue phrases
    needs: tuple[str, ...]
    example: dict[str, str]


def ask(question: str, engine: Engine, today: dt.date | None = None,
        folder: str | Path = QUERIES_DIR) -> tuple[Interpretation, QueryResult, str]:
    """Answer ``question``: (what it was read as, the result, the SPARQL that ran)."""
    interpretation = interpret(question, engine, today, folder)
    try:
        result, sparql = run_saved(interpretation.query, interpretation.params, engine, folder, today)
    except NotUnderstood:
        raise
    except QueryError as e:
        lead = "我把问题理解为" if interpretation.lang == "zh" else "I read the question as"
        raise QueryError(f"{lead} {interpretation.explanation}\n{e}") from None
    return interpretation, result, sparql


# ----------------------------------------------------------------------------- ask metadata
def ask_specs(folder: str | Path = QUERIES_DIR) -> dict[str, AskSpec]:
    """The ``ask:`` block of every saved query that has one, by query name."""
    out = {}
    for name, q in saved_queries(folder).items():
        spec = _ask_spec(q.path, q.path.stat().st_mtime_ns)
        if spec is not None:
            out[name] = spec
    return out


@lru_cache(maxsize=64)
def _ask_spec(path: Path, stamp: int) -> AskSpec | None:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as e:
        raise QueryError(f"bad #+ metadata: {e}", path=str(path)) from None
    block = meta.get("ask") if isinstance(meta, dict) else None
    if not block:
        return None
    if not isinstance(block, dict):
        raise QueryError("the #+ ask: metadata must be a mapping (cues, needs, example)", path=str(path))
    cues = {lang: tuple(str(c) for c in (block.get("cues") or {}).get(lang) or ()) for lang in ("zh", "en")}
    needs = tuple(block.get("needs") or ())
    bad = [n for n in needs if n not in SLOT_KINDS]
    if bad:
        raise QueryError(f"ask: needs {bad} — known slots: {', '.join(SLOT_KINDS)}", path=str(path))
    example = {str(k): str(v) for k, v in (block.get("example") or {}).items()}
    return AskSpec(path.stem, cues, needs, example)


def _ordered(names: Iterable[str]) -> list[str]:
    rank = {n: i for i, n in enumerate(PRIORITY)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def example_questions(lang: str = "en", folder: str | Path = QUERIES_DIR) -> list[str]:
    """One example question per answerable saved query, in ``lang`` (zh or en), for the UI."""
    specs = ask_specs(folder)
    return [specs[n].example.get(lang) or specs[n].example.get("en", "") for n in _ordered(specs)
            if specs[n].example]


def capabilities(lang: str = "en", folder: str | Path = QUERIES_DIR) -> str:
    """What can be asked: every answerable saved query's summary with an example question."""
    queries, specs = saved_queries(folder), ask_specs(folder)
    lines = []
    for n in _ordered(specs):
        summary = queries[n].summary.get(lang) or queries[n].summary.get("en", "")
        example = specs[n].example.get(lang) or specs[n].example.get("en", "")
        lines.append(f"  - {n}: {summary}" + (f" — {'例如' if lang == 'zh' else 'e.g.'} “{example}”" if example else ""))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- text and masking
@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Simplified characters, half-width letters, digits and brackets, single spaces."""
    import zhconv

    text = zhconv.convert(text, "zh-cn")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def language(question: str) -> str:
    """zh when the question is mostly Chinese, en when mostly English words."""
    han = len(re.findall(r"[\u4e00-\u9fff]", question))
    latin = sum(len(w) for w in re.findall(r"[A-Za-z]{2,}", question))
    if not han and not latin:  # punctuation only: full-width marks are Chinese
        return "zh" if re.search(r"[\u3000-\u303f\uff00-\uffef]", question) else "en"
    return "zh" if han > latin else "en"


class _Text:
    """The normalised question with a mask: characters already read as a slot are taken."""

    def __init__(self, text: str):
        self.text = text
        self.taken = [False] * len(text)

    def free(self, a: int, b: int) -> bool:
        return a < b and not any(self.taken[a:b])

    def take(self, a: int, b: int) -> str:
        for i in range(a, b):
            self.taken[i] = True
        return self.text[a:b]

    def visible(self) -> str:
        """The text with taken characters blanked (so words on both sides don't join)."""
        return "".join("\x00" if t else c for c, t in zip(self.text, self.taken))

    def finditer(self, pattern: re.Pattern) -> Iterable[re.Match]:
        return (m for m in pattern.finditer(self.visible()) if m.end() > m.start())


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """One pattern for many phrases, longest first; English phrases match whole words."""
    return _phrase_pattern_of(frozenset(phrases))


@lru_cache(maxsize=8)
def _phrase_pattern_of(phrases: frozenset[str]) -> re.Pattern | None:
    parts = []
    for p in sorted(set(phrases), key=lambda s: (-len(s), s)):
        body = r"\s+".join(re.escape(w) for w in p.split())
        if re.match(r"[A-Za-z]", p):
            body = r"(?<![A-Za-z])" + body + r"(?![A-Za-z])"
        parts.append(body)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


# ----------------------------------------------------------------------------- the graph's words
@dataclass(frozen=True)
class _Place:
    label: str  # 南阳市
    short: str  # 南阳
    pinyin: str  # nanyang
    has_plan: bool


@dataclass(frozen=True)
class _Plan:
    iri: str
    title: str
    file: str
    jurisdiction: str | None


@dataclass(frozen=True)
class _Indicator:
    key: str
    en: str
    names: tuple[str, ...]  # zh prefLabel and altLabels, normalised


@dataclass
class _Lexicon:
    places: list[_Place]
    plans: list[_Plan]
    indicators: list[_Indicator]
    unit_labels: dict[str, str]  # normalised label (canonical or as written) → label as in the graph

    @functools.cached_property
    def plan_names(self) -> list[tuple[str, _Plan]]:
        """(name, plan) for every plan's title, file name and file stem, longest titles first."""
        return [(name, p) for p in sorted(self.plans, key=lambda p: -len(p.title))
                for name in (normalise(p.title), p.file, Path(p.file).stem)]


_PREFIXES = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


_LEXICONS: dict[int, tuple[object, _Lexicon]] = {}  # id(store) → (store, lexicon), a few stores


def _lexicon(engine: Engine) -> _Lexicon:
    """The graph's plans, places, indicators and unit names, read once per opened store (a
    rebuilt graph is a new store object). Every pattern is de-duplicated in a sub-select first:
    a place's or a unit's triples repeat in the named graph of every document that names it."""
    store = getattr(engine, "store", None)
    if store is not None and id(store) in _LEXICONS and _LEXICONS[id(store)][0] is store:
        return _LEXICONS[id(store)][1]
    lexicon = _read_lexicon(engine)
    if store is not None:
        if len(_LEXICONS) >= 4:
            _LEXICONS.pop(next(iter(_LEXICONS)))
        _LEXICONS[id(store)] = (store, lexicon)
    return lexicon


def _read_lexicon(engine: Engine) -> _Lexicon:
    from pypinyin import lazy_pinyin

    plans = [_Plan(r["plan"].value, r["title"].value, r["file"].value, r["jur"].value if r.get("jur") else None)
             for r in engine.select(_PREFIXES + """SELECT ?plan ?title ?file ?jur WHERE {
  { SELECT DISTINCT ?plan ?title ?file WHERE {
      ?plan a pol:Plan ; dcterms:title ?title ; prov:wasDerivedFrom/pol:fileName ?file } }
  OPTIONAL { SELECT DISTINCT ?plan ?jur WHERE { ?plan a pol:Plan ; pol:jurisdiction/rdfs:label ?jur } } }""").rows]
    with_plan = {p.jurisdiction for p in plans}
    labels = set(with_plan) - {None}
    known = {r["j"].value for r in engine.select(_PREFIXES + """SELECT DISTINCT ?j WHERE {
  ?p a pol:Plan ; pol:jurisdiction ?j }""").rows}
    for r in engine.select(_PREFIXES + "SELECT DISTINCT ?j WHERE { ?j a pol:Jurisdiction }").rows:
        if r["j"].value not in known:  # one label each; LIMIT 1 skips its copies in other graphs
            found = engine.select(_PREFIXES + f"SELECT ?label WHERE {{ {r['j']} rdfs:label ?label }} LIMIT 1").rows
            labels.update(x["label"].value for x in found)
    places = []
    for label in labels:
        short = label[:-1] if len(label) >= 3 and label[-1] in "省市县区" else label
        places.append(_Place(label, short, "".join(lazy_pinyin(short)).lower(), label in with_plan))
    indicators: dict[str, dict] = {}
    for r in engine.select(_PREFIXES + """SELECT DISTINCT ?i ?label ?kind WHERE {
  { SELECT DISTINCT ?i WHERE { ?i a pol:Indicator } }
  { ?i skos:prefLabel ?label BIND ("pref" AS ?kind) }
  UNION { ?i skos:altLabel ?label BIND ("alt" AS ?kind) } }""").rows:
        entry = indicators.setdefault(r["i"].value, {"key": None, "en": "", "names": set()})
        label = r["label"]
        if label.language == "en":
            entry["en"] = label.value
            continue
        entry["names"].add(normalise(label.value))
        if r["kind"].value == "pref":
            entry["key"] = label.value
    units = {}
    for r in engine.select(_PREFIXES + """SELECT DISTINCT ?label WHERE {
  { SELECT DISTINCT ?u WHERE { ?u a pol:ResponsibleUnit } }
  { ?u skos:prefLabel ?label } UNION { ?u skos:altLabel ?label } }""").rows:
        units[normalise(r["label"].value)] = r["label"].value
    return _Lexicon(sorted(places, key=lambda p: (-len(p.label), p.label)), plans,
                    [_Indicator(e["key"], e["en"], tuple(sorted(e["names"], key=lambda s: (-len(s), s))))
                     for e in indicators.values() if e["key"]], units)


# ----------------------------------------------------------------------------- slots: dates
@dataclass(frozen=True)
class DateSlot:
    """A date phrase: ``kind`` by (≤ end), in (a period), range, after (≥ start) or as_of."""

    kind: str
    start: dt.date | None
    end: dt.date | None
    text: str


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                           "oct", "nov", "dec"))}
_DATE_PATTERNS = [
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?![\d.])")),
    ("zh", re.compile(r"(?<!\d)(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?\s*(底|末)?"
                      r"|(上半年|下半年)|第?([一二三四1-4])季度|(年?底|年?末))?")),
    ("fyp", re.compile(r"[“\"']?十([一二三四五六七八九])五[”\"']?(期间|末|时期)?")),
    ("en_md", re.compile(r"(?<![A-Za-z\d])(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
                         r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                         r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?,?\s+(\d{4})(?!\d)", re.IGNORECASE)),
    ("en_half", re.compile(r"(?<![A-Za-z])(?:(first|second|1st|2nd)\s+half|(h[12]))\s+(?:of\s+)?(\d{4})(?!\d)",
                           re.IGNORECASE)),
    ("en_quarter", re.compile(r"(?<![A-Za-z])(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|q([1-4]))"
                              r"\s+(?:of\s+)?(\d{4})(?!\d)", re.IGNORECASE)),
    ("rel", re.compile(r"今年|本年度|本年|当年|明年|去年|本月|这个月|今天|今日|目前|现在|当前|上半年|下半年|年底|年末"
                       r"|(?<![A-Za-z])(?:this|next|last|current)\s+(?:year|month)(?![A-Za-z])"
                       r"|(?<![A-Za-z])(?:today|now|year[- ]end)(?![A-Za-z])", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.%])")),
]
_BEFORE_UPPER = re.compile(r"(?:\b(?:by|before|until|till|up\s+to|no\s+later\s+than|on\s+or\s+before)"
                           r"\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+)?)?"
                           r"|\b(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?|截至|截止到?|到|至)\s*$", re.IGNORECASE)
_BEFORE_ASOF = re.compile(r"\b(?:as\s+(?:of|at)|on)\s+(?:the\s+)?$", re.IGNORECASE)
_BEFORE_IN = re.compile(r"\b(?:in|during|within|for|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
_BEFORE_AFTER = re.compile(r"(?:\b(?:after|since|from|starting)\s+(?:the\s+)?|从|自)\s*$", re.IGNORECASE)
_AFTER_UPPER = re.compile(r"^\s*(?:之前|以前|前|为止|止)")
_AFTER_IN = re.compile(r"^\s*(?:以内|之内|内|期间|当中|中)")
_AFTER_AFTER = re.compile(r"^\s*(?:以后|之后|后|起|以来|开始)")
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|–|—|~|至|到|和|与)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\bbetween|\bfrom|从|自|在|介于)\s*$", re.IGNORECASE)
_RANGE_CLOSE = re.compile(r"^\s*(?:之间|期间|间)")


@dataclass(frozen=True)
class _Mention:
    a: int
    b: int
    start: dt.date
    end: dt.date
    point: bool  # an end-of-something date (年底, 6月30日, end of …): "by" unless said otherwise


def _mention(kind: str, m: re.Match, today: dt.date) -> _Mention | None:
    g = m.groups()
    try:
        if kind == "iso":
            y, mo, d = int(g[0]), int(g[1]), g[2]
            if d:
                day = dt.date(y, mo, int(d))
                return _Mention(m.start(), m.end(), day, day, True)
            return _Mention(m.start(), m.end(), dt.date(y, mo, 1), _month_end(y, mo), False)
        if kind == "zh":
            y = int(g[0])
            if g[1]:
                mo = int(g[1])
                if g[2]:
                    day = dt.date(y, mo, int(g[2]))
                    return _Mention(m.start(), m.end(), day, day, True)
                return _Mention(m.start(), m.end(), dt.date(y, mo, 1), _month_end(y, mo), bool(g[3]))
            if g[4]:
                first = g[4] == "上半年"
                return _Mention(m.start(), m.end(), dt.date(y, 1 if first else 7, 1),
                                dt.date(y, 6, 30) if first else dt.date(y, 12, 31), False)
            if g[5]:
                q = _CN_NUM.get(g[5]) or int(g[5])
                return _Mention(m.start(), m.end(), dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), False)
            return _Mention(m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31), bool(g[6]))
        if kind == "fyp":
            n = 10 + _CN_NUM[g[0]]
            start = 2001 + 5 * (n - 10)
            return _Mention(m.start(), m.end(), dt.date(start, 1, 1), dt.date(start + 4, 12, 31), g[1] == "末")
        if kind == "en_md":
            y, mo = int(g[3]), _MONTHS[g[1].lower()[:3]]
            d = g[0] or g[2]
            if d:
                day = dt.date(y, mo, int(d))
                return _Mention(m.start(), m.end(), day, day, True)
            return _Mention(m.start(), m.end(), dt.date(y, mo, 1), _month_end(y, mo), False)
        if kind == "en_half":
            y, first = int(g[2]), (g[0] or g[1]).lower() in ("first", "1st", "h1")
            return _Mention(m.start(), m.end(), dt.date(y, 1 if first else 7, 1),
                            dt.date(y, 6, 30) if first else dt.date(y, 12, 31), False)
        if kind == "en_quarter":
            y = int(g[2])
            q = int(g[1]) if g[1] else ("first", "second", "third", "fourth").index(
                {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}.get(g[0].lower(), g[0].lower())) + 1
            return _Mention(m.start(), m.end(), dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), False)
        if kind == "year":
            y = int(g[0])
            return _Mention(m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31), False)
    except ValueError:
        return None
    word = re.sub(r"\s+", " ", m.group(0).lower())
    y = today.year
    if word in ("今天", "今日", "目前", "现在", "当前", "today", "now"):
        return _Mention(m.start(), m.end(), today, today, True)
    if word in ("本月", "这个月", "this month", "current month"):
        return _Mention(m.start(), m.end(), today.replace(day=1), _month_end(y, today.month), False)
    if word in ("next month",):
        nxt = _month_end(y, today.month) + dt.timedelta(days=1)
        return _Mention(m.start(), m.end(), nxt, _month_end(nxt.year, nxt.month), False)
    if word in ("last month",):
        prev = today.replace(day=1) - dt.timedelta(days=1)
        return _Mention(m.start(), m.end(), prev.replace(day=1), prev, False)
    if word in ("上半年", "下半年"):
        first = word == "上半年"
        return _Mention(m.start(), m.end(), dt.date(y, 1 if first else 7, 1),
                        dt.date(y, 6, 30) if first else dt.date(y, 12, 31), False)
    if word in ("年底", "年末", "year end", "year-end"):
        return _Mention(m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31), True)
    y += {"明年": 1, "next year": 1, "去年": -1, "last year": -1}.get(word, 0)
    return _Mention(m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31), False)


def _dates(t: _Text, today: dt.date) -> DateSlot | None:
    found: list[_Mention] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in t.finditer(pattern):
            men = _mention(kind, m, today)
            if men is not None and t.free(men.a, men.b):
                t.take(men.a, men.b)
                found.append(men)
    if not found:
        return None
    found.sort(key=lambda x: x.a)
    text = t.text
    for first, second in zip(found, found[1:]):  # a range: between A and B, 从A到B, A至B
        join = text[first.b:second.a]
        if _RANGE_JOIN.match(join) and (_RANGE_OPEN.search(text[:first.a]) or _RANGE_CLOSE.match(text[second.b:])
                                         or join.strip() in ("-", "–", "—", "~", "至")):
            opener = _RANGE_OPEN.search(text[:first.a])
            closer = _RANGE_CLOSE.match(text[second.b:])
            phrase = (opener.group(0).lstrip() if opener else "") + text[first.a:second.b] + \
                (closer.group(0).rstrip() if closer else "")
            return DateSlot("range", first.start, second.end, phrase.strip())
    m = found[0]
    before, after = text[max(0, m.a - 30):m.a], text[m.b:m.b + 6]
    phrase = text[m.a:m.b]
    for pat in (_BEFORE_UPPER, _BEFORE_ASOF, _BEFORE_IN, _BEFORE_AFTER):
        hit = pat.search(before)
        if hit:
            phrase = hit.group(0).lstrip() + phrase
            break
    tail = _AFTER_UPPER.match(after) or _AFTER_IN.match(after) or _AFTER_AFTER.match(after)
    if tail:
        phrase += tail.group(0).rstrip()
    if _BEFORE_ASOF.search(before):
        return DateSlot("as_of", None, m.end, phrase)
    if _BEFORE_UPPER.search(before) or _AFTER_UPPER.match(after):
        return DateSlot("by", None, m.end, phrase)
    if _BEFORE_AFTER.search(before) or _AFTER_AFTER.match(after):
        return DateSlot("after", m.start, None, phrase)
    if _BEFORE_IN.search(before) or _AFTER_IN.match(after):
        return DateSlot("in", m.start, m.end, phrase)
    return DateSlot("by" if m.point else "in", None if m.point else m.start, m.end, phrase)


# ----------------------------------------------------------------------------- slots: roles
_ROLE_WORDS = [  # longest first within each language; 负责 alone means any role
    ("lead", r"牵头负责|负责牵头|牵头督导|牵头|主责"),
    ("implement", r"负责落实|具体落实|落实"),
    ("support", r"负责配合|配合|参与|协助|协同|支持"),
    ("any", r"负责|承担"),
    ("lead", r"(?<![A-Za-z])(?:lead|leads|leading|led|in\s+charge)(?![A-Za-z])"),
    ("support", r"(?<![A-Za-z])(?:support|supports|supporting|supported|assist|assists|assisting|assisted|"
                r"cooperates?|cooperating|helps?)(?![A-Za-z])"),
    ("implement", r"(?<![A-Za-z])(?:implement|implements|implementing|implemented|carr(?:y|ies|ied)\s+out)"
                  r"(?![A-Za-z])"),
    ("any", r"(?<![A-Za-z])(?:responsible|responsibilit(?:y|ies))(?![A-Za-z])"),
]
ROLE_NAMES = {"zh": {"lead": "牵头", "support": "配合", "implement": "落实", "any": "任意角色（牵头、配合或落实）"},
              "en": {"lead": "lead", "support": "support", "implement": "implement",
                     "any": "any role (lead, support or implement)"}}


def _role(t: _Text) -> tuple[str, str] | None:
    """The role asked about and the words that said it. Roles are not masked: 牵头 is a cue too."""
    visible = t.visible()
    hits: list[tuple[int, int, str]] = []
    for role, pattern in _ROLE_WORDS:
        for m in re.finditer(pattern, visible, re.IGNORECASE):
            if not any(a < m.end() and m.start() < b for a, b, _ in hits):
                hits.append((m.start(), m.end(), role))
    if not hits:
        return None
    hits.sort()
    specific = list(dict.fromkeys(r for _, _, r in hits if r != "any"))
    role = specific[0] if len(specific) == 1 else "any"
    return role, "、".join(dict.fromkeys(t.text[a:b] for a, b, _ in hits))


# ----------------------------------------------------------------------------- slots: departments
@dataclass(frozen=True)
class DepartmentSlot:
    """A department as asked: a graph label, or a type with an optional level and place."""

    text: str  # as written in the question
    type_name: str | None = None  # standard name of the department type (生态环境局)
    type_en: str | None = None
    level: str | None = None  # city, county, province
    place: str | None = None  # a jurisdiction label (南阳市)
    label: str | None = None  # a unit label of the graph (canonical or as written)

    def value(self, place: str | None = None) -> str:
        """The value for a ``department`` parameter (see :func:`kg.queries.resolve_departments`)."""
        if self.label:
            return self.label
        place = self.place or place
        if place:
            return place + self.type_name
        if self.level:
            return f"{self.level} {self.type_en}"  # the type at one level: never a name as written
        return self.type_en or self.type_name or self.text


_ZH_LEVEL = {"省": "province", "市": "city", "县": "county", "区": "county", "乡": "township", "镇": "township"}
_EN_LEVEL = {"province": "province", "provincial": "province", "city": "city", "cities": "city",
             "municipal": "city", "municipality": "city", "prefecture": "city", "county": "county",
             "counties": "county", "district": "county", "township": "township"}
_EN_HEADS = {"bureau", "bureaus", "commission", "commissions", "administration", "office", "offices", "department",
             "departments", "committee", "government", "governments", "center", "centre", "cooperative",
             "agency", "authority", "bureaux"}
_EN_FILLERS = {"and", "of", "the", "for", "s", "protection", "level", "'", "&", "local", "people", "s'"}
_EN_SYNONYMS = {"ecological": "ecology", "environmental": "environment", "eco": "ecology", "bureaus": "bureau",
                "governments": "government", "transportation": "transport", "reform": "reform",
                "housing": "housing", "urban": "urban", "rural": "rural"}
_EN_STOP = {"the", "of", "and", "bureau", "commission", "administration", "office", "department", "s"}


def _en_words(text: str) -> list[str]:
    return [_EN_SYNONYMS.get(w, w) for w in re.findall(r"[a-z]+", text.lower())]


@lru_cache(maxsize=1)
def _en_type_keys() -> tuple[tuple[frozenset[str], object], ...]:
    from kg.vocab import department_types

    out = []
    for t in department_types():
        words = {w for w in _en_words(t.en) if w not in _EN_STOP}
        if words & {"ecology", "environment"}:
            words |= {"ecology", "environment"}
        out.append((frozenset(words), t))
    return tuple(out)


@lru_cache(maxsize=1)
def _zh_type_pattern() -> tuple[re.Pattern, dict]:
    from kg.vocab import department_types

    index = {n: t for t in department_types() for n in t.names}
    return _phrase_pattern(index), index


def _department(t: _Text, lex: _Lexicon) -> DepartmentSlot | None:
    return _department_zh(t, lex) or _department_en(t, lex)


def _department_zh(t: _Text, lex: _Lexicon) -> DepartmentSlot | None:
    text = t.visible()
    best: tuple[int, int, DepartmentSlot] | None = None
    # a unit name of the graph, as written or canonical (the longest found)
    for norm, label in lex.unit_labels.items():
        i = text.find(norm)
        if i >= 0 and (best is None or len(norm) > best[1] - best[0]):
            best = (i, i + len(norm), DepartmentSlot(norm, label=label))
    pattern, index = _zh_type_pattern()
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        dtype = index[m.group(0)]
        level = place = None
        head = text[:a]
        lm = re.search(r"(?:各|全)?([省市县区乡镇])级?$", head)
        if lm:
            level, a = _ZH_LEVEL[lm.group(1)], a - len(lm.group(0))
            head = text[:a]
        for p in lex.places:
            for name in (p.label, p.short):
                if head.endswith(name):
                    place, a = p.label, a - len(name)
                    break
            if place:
                break
        slot = DepartmentSlot(text[a:b], dtype.standard_name, dtype.en, level if not place else None, place)
        if best is None or (b - a) >= (best[1] - best[0]):
            best = (a, b, slot)
    if best is None:
        return None
    t.take(best[0], best[1])
    return best[2]


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower()) for m in re.finditer(r"[A-Za-z]+|[^\sA-Za-z]", text)]


def _department_en(t: _Text, lex: _Lexicon) -> DepartmentSlot | None:
    keys = _en_type_keys()
    vocab = set().union(*(k for k, _ in keys)) | set(_EN_SYNONYMS)
    places = {p.pinyin: p for p in lex.places}
    toks = _tokens(t.visible())
    for i, (_, _, word) in enumerate(toks):
        if word not in _EN_HEADS:
            continue
        content: set[str] = set()
        if word not in _EN_STOP and word.rstrip("s") not in _EN_STOP:
            content.add(_EN_SYNONYMS.get(word, word))
        level = place = None
        lo = i
        j = i - 1
        while j >= 0:  # backwards over content words, then level words and a place
            w = toks[j][2]
            w = _EN_SYNONYMS.get(w, w)
            if w in vocab and w not in _EN_HEADS:
                content.add(w)
            elif w in _EN_LEVEL and level is None:
                level = _EN_LEVEL[w]
            elif w in places and place is None:
                place = places[w]
            elif w not in _EN_FILLERS and w != "-":
                break
            lo = j
            j -= 1
        hi = i
        if i + 1 < len(toks) and toks[i + 1][2] == "of":  # Bureau of Ecology and Environment (of Nanyang)
            j = i + 2
            while j < len(toks):
                w = _EN_SYNONYMS.get(toks[j][2], toks[j][2])
                if w in vocab and w not in _EN_HEADS:
                    content.add(w)
                elif w in _EN_LEVEL and level is None:
                    level = _EN_LEVEL[w]
                elif w in places and place is None:
                    place = places[w]
                elif w not in _EN_FILLERS:
                    break
                hi = j
                j += 1
        while lo < i and toks[lo][2] in _EN_FILLERS:
            lo += 1
        while hi > i and toks[hi][2] in _EN_FILLERS:
            hi -= 1
        if not content:
            continue
        fits = [(len(k - content), n, tp) for n, (k, tp) in enumerate(keys) if content <= k]
        if not fits:
            continue
        _, _, dtype = min(fits, key=lambda x: (x[0], x[1]))
        a, b = toks[lo][0], toks[hi][1]
        t.take(a, b)
        return DepartmentSlot(t.text[a:b], dtype.standard_name, dtype.en, None if place else level,
                              place.label if place else None)
    return None


# ----------------------------------------------------------------------------- slots: places, plans, indicators
def _place(t: _Text, lex: _Lexicon) -> _Place | None:
    text = t.visible()
    for p in lex.places:  # longest label first
        for name in (p.label, p.short):
            i = text.find(name)
            if i >= 0 and len(name) >= 2:
                t.take(i, i + len(name))
                return p
    lowered = text.lower()
    for p in lex.places:
        if not p.pinyin or p.pinyin.lower() not in lowered:
            continue  # a substring test first: compiling a pattern per place is slow with many places
        m = re.search(rf"(?<![a-z]){re.escape(p.pinyin)}(?:'s)?(?:\s+(?:city|county|district|province|prefecture))?"
                      r"(?![a-z])", text, re.IGNORECASE)
        if m:
            t.take(m.start(), m.end())
            return p
    return None


def _plan_by_name(t: _Text, lex: _Lexicon) -> tuple[list[_Plan], str] | None:
    """A plan named by its full title or file name."""
    text = t.visible()
    for name, p in lex.plan_names:
        i = text.find(name)
        if i >= 0:
            t.take(i, i + len(name))
            return [p], name
    return None


def _plan(t: _Text, lex: _Lexicon) -> tuple[list[_Plan], str] | None:
    """Plans named by a phrase ending in 方案/规划/计划 that shares words with their titles."""
    text = t.visible()
    m = re.search(r"[\u4e00-\u9fff\d\u2014\-()“”]{2,40}?(?:实施方案|行动方案|工作方案|方案|规划|行动计划|计划)", text)
    if not m:
        return None
    phrase = m.group(0)
    scores = []
    for p in lex.plans:
        title = normalise(p.title)
        score = _common(phrase, title)
        if p.jurisdiction and (p.jurisdiction in phrase or p.jurisdiction[:-1] in phrase):
            score += 2
        scores.append((score, p))
    top = max((s for s, _ in scores), default=0)
    if top < 4:
        return None
    t.take(m.start(), m.end())
    return [p for s, p in scores if s == top], phrase


def _common(a: str, b: str) -> int:
    """Characters of ``a`` in runs of at least 2 that also occur in ``b`` (a rough overlap)."""
    n, i = 0, 0
    while i < len(a):
        k = 2
        while i + k <= len(a) and a[i:i + k] in b:
            k += 1
        if k > 2:
            n += k - 1
            i += k - 1
        else:
            i += 1
    return n


def _indicator(t: _Text, lex: _Lexicon) -> tuple[_Indicator, str] | None:
    text = t.visible()
    best = None
    lowered = text.lower()
    for ind in lex.indicators:
        for name in ind.names:
            if name.lower() not in lowered:
                continue
            for m in re.finditer(re.escape(name), text, re.IGNORECASE):
                after = text[m.end():m.end() + 1]
                if re.match(r"[A-Za-z0-9]", name) and re.match(r"[A-Za-z0-9.]", after):
                    continue  # PM2.5 is not PM2.53
                if best is None or len(name) > best[2] - best[1]:
                    best = (ind, m.start(), m.end())
    if best is None:  # English names: most of the name's words
        words = set(w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower()))
        stop = {"of", "with", "the", "and", "in", "at", "or", "by", "per", "a"}
        scored = []
        for n, ind in enumerate(lex.indicators):
            need = [w.rstrip("s") for w in re.findall(r"[a-z0-9]+", ind.en.lower()) if w not in stop]
            hit = sum(w in words for w in need)
            if need and hit >= 2 and hit / len(need) >= 2 / 3:
                scored.append((hit / len(need), hit, -n, ind))
        if not scored:
            return None
        ind = max(scored, key=lambda x: x[:3])[3]
        need = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", ind.en.lower()) if w not in stop}
        spans = [m for m in re.finditer(r"[A-Za-z0-9]+", text) if m.group(0).lower().rstrip("s") in need]
        a, b = spans[0].start(), spans[-1].end()
        t.take(a, b)
        return ind, t.text[a:b]
    ind, a, b = best
    t.take(a, b)
    return ind, t.text[a:b]


_QUOTED = re.compile(r"[“\"'「『‘《]([^“”\"'「」『』‘’《》]+)[”\"'」』’》]")
_ZH_ABOUT = re.compile(r"(?:与|和|跟|同)([^\x00，,。？?！!、]{1,30}?)(?:有关|相关)")


def _mention_text(t: _Text, cue_spans: list[tuple[int, int]]) -> str | None:
    """The words a tasks_mentioning question searches for (after 提到 / mentioning …, or quoted)."""
    text = t.visible()
    if not cue_spans:
        m = _ZH_ABOUT.search(text)
        if m:
            t.take(m.start(1), m.end(1))
            return m.group(1).strip()
        return None
    a, b = cue_spans[0]
    q = _QUOTED.search(text, b) or _QUOTED.search(text)
    if q:
        t.take(q.start(), q.end())
        return q.group(1).strip()
    rest = text[b:]
    if re.match(r"[A-Za-z]", text[a:b]):
        rest = re.sub(r"^\s*(?:the\s+)?(?:words?|text|terms?|phrase|place|name)?\s*:?\s*", "", rest, flags=re.I)
        m = re.match(r"([^\x00?!。？！]+)", rest)
        word = m.group(1).strip().rstrip(".,;") if m else ""
    else:
        rest = re.sub(r"^(?:了|到|过)?", "", rest)
        m = re.match(r"([^\x00？?。！!，,]+?)(?=的任务|的工作|的内容|的措施|的条目|任务|的|有哪些|吗|[？?。！!，,]|$)", rest)
        word = m.group(1).strip() if m else ""
    if not word:
        return None
    i = text.find(word, b)
    t.take(i, i + len(word))
    return word


# ----------------------------------------------------------------------------- intent
@dataclass
class _Slots:
    department: DepartmentSlot | None = None
    date: DateSlot | None = None
    role: tuple[str, str] | None = None
    plans: tuple[list[_Plan], str] | None = None
    place: _Place | None = None
    indicator: tuple[_Indicator, str] | None = None
    text: str | None = None

    def has(self, kind: str) -> bool:
        if kind == "plan":
            return bool(self.plans) or (self.place is not None and self.place.has_plan)
        if kind == "jurisdiction":
            return self.place is not None
        return getattr(self, kind) is not None


_PARAM_SLOT = {"department": "department", "department_type": "department", "date": "date", "role": "role",
               "plan": "plan", "jurisdiction": "jurisdiction", "indicator": "indicator", "string": "text"}


def interpret(question: str, engine: Engine, today: dt.date | None = None,
              folder: str | Path = QUERIES_DIR) -> Interpretation:
    """Map ``question`` to a saved query and parameter values (nothing runs but look-ups)."""
    today = today or dt.date.today()
    lang = language(question or "")
    queries, specs = saved_queries(folder), ask_specs(folder)
    q = normalise(question or "")
    if not q:
        raise NotUnderstood(_not_understood(question, lang, folder))
    t = _Text(q)

    # cue phrases, longest first over the whole question, credited to every query listing them
    owners: dict[str, set[str]] = {}
    for name, spec in specs.items():
        for phrase in (*spec.cues.get("zh", ()), *spec.cues.get("en", ())):
            owners.setdefault(normalise(phrase).lower(), set()).add(name)
    cue_hits: dict[str, int] = {}
    mention_spans = []
    pattern = _phrase_pattern(owners)
    if pattern is not None:
        for m in pattern.finditer(q):
            names = owners[re.sub(r"\s+", " ", m.group(0).lower())]
            for n in names:
                cue_hits[n] = cue_hits.get(n, 0) + 1
            if "tasks_mentioning" in names:
                mention_spans.append((m.start(), m.end()))

    slots = _Slots()
    slots.text = _mention_text(t, mention_spans)
    if slots.text and not mention_spans:
        cue_hits["tasks_mentioning"] = cue_hits.get("tasks_mentioning", 0) + 1
    lex = _lexicon(engine)
    slots.plans = _plan_by_name(t, lex)
    slots.department = _department(t, lex)
    slots.plans = slots.plans or _plan(t, lex)
    slots.date = _dates(t, today)
    slots.indicator = _indicator(t, lex)
    slots.place = _place(t, lex)
    slots.role = _role(t)

    scored = []
    for name in _ordered(specs):
        query = queries[name]
        kinds = {_PARAM_SLOT.get(p.type) for p in query.params} - {None}
        score = 2 * cue_hits.get(name, 0) + sum(slots.has(k) for k in kinds)
        score -= sum(1 for k in ("text", "date", "indicator") if slots.has(k) and k not in kinds)  # would drop
        eligible = all(slots.has(k) for k in specs[name].needs)
        scored.append((score, cue_hits.get(name, 0), name, eligible))
    ranked = sorted(scored, key=lambda s: -s[0])  # stable: PRIORITY breaks ties
    explicit_date = slots.date is not None and re.search(r"\d|年", slots.date.text) is not None
    choice = next((s for s in ranked if s[3] and s[0] > 0
                   and (s[1] > 0 or slots.department or slots.indicator or slots.plans or explicit_date)), None)
    top = ranked[0]
    if choice is None or (not top[3] and top[0] > choice[0]):
        if top[1] > 0 and not top[3]:
            missing = [k for k in specs[top[2]].needs if not slots.has(k)]
            raise NotUnderstood(_missing(question, lang, queries[top[2]], missing, lex, folder))
        raise NotUnderstood(_not_understood(question, lang, folder))
    query = queries[choice[2]]
    summary = query.summary.get(lang) or query.summary.get("en", "")
    try:
        params, shown, used = _fill(query, slots, lang, engine, today)
    except QueryError as e:  # a value that matches nothing in the graph
        lead = "我把问题理解为" if lang == "zh" else "I read the question as"
        raise QueryError(f"{lead} {query.name} ({summary}), but: {e}") from None
    unused = _unused(slots, used, lang)
    sep, eq = ("；", " = ") if lang == "zh" else ("; ", " = ")
    parts = [f"{label}{eq}{text}" for label, text in shown]
    explanation = f"{query.name}（{summary}）" if lang == "zh" else f"{query.name} ({summary})"
    if parts:
        explanation += ("：" if lang == "zh" else ": ") + sep.join(parts)
    if unused:
        explanation += ("。未使用：" if lang == "zh" else ". Not used: ") + ", ".join(unused)
    words = {k: v for k, v in (("department", slots.department.text if slots.department else None),
                               ("date", slots.date.text if slots.date else None),
                               ("role", slots.role[1] if slots.role else None),
                               ("plan", slots.plans[1] if slots.plans else None),
                               ("jurisdiction", slots.place.label if slots.place else None),
                               ("indicator", slots.indicator[1] if slots.indicator else None),
                               ("text", slots.text)) if v}
    return Interpretation(query.name, params, explanation, lang, words)


def _fill(query: SavedQuery, s: _Slots, lang: str, engine: Engine,
          today: dt.date) -> tuple[dict[str, str], list[tuple[str, str]], set[str]]:
    """Parameter values from the slots, (name, value as shown) pairs for the explanation, and the
    slot kinds used."""
    zh = lang == "zh"
    used: set[str] = set()
    params: dict[str, str] = {}
    shown: list[tuple[str, str]] = []
    takes_place = any(p.type in ("plan", "jurisdiction") for p in query.params)
    for p in query.params:
        label = p.description.get(lang) or p.name
        slot = _PARAM_SLOT.get(p.type)
        value = text = None
        if p.type == "department_type" and s.department:
            value = s.department.type_en or s.department.text
            text = f"{s.department.type_name or value}（“{s.department.text}”）" if zh else \
                f"{value} (“{s.department.text}”)"
        elif slot == "department" and s.department:
            d = s.department
            place = s.place.label if (s.place and not takes_place and not d.label and not d.place) else None
            value = d.value(place)
            if place:
                used.add("jurisdiction")  # the ecology bureau … in Xinxiang → 新乡市生态环境局
            units = resolve_departments(value, engine)
            where = d.place or place
            if d.label:
                text = d.label
            elif where:
                text = where + d.type_name + ("" if zh else f" ({d.type_en})")
            elif d.level:
                lvl = {"city": "市", "county": "县", "province": "省", "township": "乡镇"}[d.level]
                text = (f"各{lvl}的{d.type_name}（{lvl}级）" if zh else
                        f"every {d.level}-level {d.type_name} ({d.type_en})")
            else:
                text = f"各级{d.type_name}" if zh else f"every {d.type_name} ({d.type_en}), any level"
            n = len(units)
            text += f"，{n} 个单位" if zh else f", {n} unit{'s' if n != 1 else ''}"
            text = f"{text}（“{d.text}”）" if zh else f"{text} (“{d.text}”)"
        elif slot == "role":  # no role word: any role (the question did not narrow it)
            value = s.role[0] if s.role else "any"
            text = ROLE_NAMES[lang][value] + ((f"（“{s.role[1]}”）" if zh else f" (“{s.role[1]}”)") if s.role else "")
        elif slot == "date" and s.date:
            d = s.date
            if p.name in ("from", "start", "since"):
                date = d.start or (OPEN_START if d.end else None)
            elif d.kind == "after":
                date = OPEN_END if p.name in ("to", "end", "until") else None
            else:
                date = d.end
            if date is not None:
                value = date.isoformat()
                if date == OPEN_START:
                    text = "不限" if zh else "any"
                elif date == OPEN_END:
                    text = "不限" if zh else "any"
                else:
                    text = value + (f"（“{d.text}”）" if zh else f" (“{d.text}”)")
        elif slot == "plan" and (s.plans or (s.place and s.place.has_plan)):
            plans = s.plans[0] if s.plans else [x for x in _plans_of(s.place, engine)]
            if plans:
                value = plans[0].file if len(plans) == 1 else (plans[0].jurisdiction or plans[0].file)
                if len(plans) > 1 and len({x.jurisdiction for x in plans}) > 1:
                    value = plans[0].file  # several places' plans matched equally: the first
                    plans = plans[:1]
                text = "、".join(x.title for x in plans) if zh else "; ".join(x.title for x in plans)
        elif slot == "jurisdiction" and s.place:
            value = s.place.label
            text = value
        elif slot == "indicator" and s.indicator:
            ind, words = s.indicator
            value = ind.key
            text = f"{ind.key}（“{words}”）" if zh else f"{ind.key} – {ind.en} (“{words}”)"
        elif slot == "text" and s.text is not None:
            value = text = s.text
            text = f"“{text}”"
        if value is not None:
            params[p.name] = value
            shown.append((label, text))
            used.add(slot)
            if slot in ("plan", "jurisdiction"):
                used |= {"plan", "jurisdiction"}
        elif p.default is not None:
            default = p.default
            if p.type == "date":
                default = parse_date(default, today).isoformat()
            shown.append((label, f"{default}（默认）" if zh else f"{default} (default)"))
    return params, shown, used


def _plans_of(place: _Place | None, engine: Engine) -> list[_Plan]:
    if place is None:
        return []
    return [p for p in _lexicon(engine).plans if p.jurisdiction == place.label]


def _unused(s: _Slots, used: set, lang: str) -> list[str]:
    names = {"zh": {"department": "部门", "date": "日期", "role": "角色", "plan": "规划", "indicator": "指标",
                    "jurisdiction": "地区"},
             "en": {"department": "department", "date": "date", "role": "role", "plan": "plan",
                    "indicator": "indicator", "jurisdiction": "place"}}[lang]
    out = []
    for kind, words in (("department", s.department.text if s.department else None),
                        ("date", s.date.text if s.date else None),
                        ("plan", s.plans[1] if s.plans else None),
                        ("jurisdiction", s.place.label if s.place else None),
                        ("indicator", s.indicator[1] if s.indicator else None)):
        if words and kind not in used:
            out.append(f"{names[kind]} “{words}”")
    return out


# ----------------------------------------------------------------------------- not understood
def _not_understood(question: str, lang: str, folder: str | Path) -> str:
    if lang == "zh":
        head = f"无法理解这个问题：“{question}”。可以这样问（每行一个已保存的查询）："
        tail = "也可以用 `kg query 名称 -p 参数 值` 直接运行已保存的查询（`kg queries` 列出全部）。"
    else:
        head = f"Sorry, I cannot understand “{question}”. I can answer these questions (one saved query each):"
        tail = "Or run a saved query directly: `kg query NAME -p KEY VALUE` (`kg queries` lists them)."
    return f"{head}\n{capabilities(lang, folder)}\n{tail}"


def _missing(question: str, lang: str, query: SavedQuery, missing: list[str], lex: _Lexicon,
             folder: str | Path) -> str:
    hints = {
        "department": ("部门（如 南阳市生态环境局、市生态环境局、市发改委）", "department (e.g. 南阳市生态环境局, "
                       "市生态环境局, “city ecology bureau”, “Xinxiang Development and Reform Commission”)"),
        "date": ("日期（如 2024年底前、2025年6月30日前、今年）", "date (e.g. by the end of 2024, before 2025-06-30, this year)"),
        "plan": ("规划（" + "、".join(p.title for p in lex.plans[:6]) + "）", "plan (" + "; ".join(
            f"{p.title} = {p.file}" for p in lex.plans[:6]) + ")"),
        "indicator": ("指标（如 " + "、".join(i.key for i in lex.indicators[:5]) + "）",
                      "indicator (e.g. " + ", ".join(f"{i.key} = {i.en}" for i in lex.indicators[:4]) + ")"),
        "text": ("要查找的文字（如 提到“丹江口”的任务）", "words to look for (e.g. tasks mentioning “丹江口”)"),
    }
    i = 0 if lang == "zh" else 1
    need = "; ".join(hints.get(k, (k, k))[i] for k in missing)
    summary = query.summary.get(lang) or query.summary.get("en", "")
    if lang == "zh":
        head = f"这个问题像是在问 {query.name}（{summary}），但没有找到{need}。"
    else:
        head = f"This looks like {query.name} ({summary}), but I found no {need} in “{question}”."
    return head + "\n" + _not_understood(question, lang, folder)
