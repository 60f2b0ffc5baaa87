"""`kg ask`: questions in Chinese and English → a saved query and its parameters, answered over
the real built graph. Expected answers come from the hand annotations in tests/golden/ (or, for
text search, a plain scan of the raw documents), never from the extractor; expected parameters
from the vocabularies and the goldens."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from conftest import GOLDEN, ROOT
from kg.ask import NotUnderstood, ask, ask_specs, example_questions, interpret
from kg.errors import QueryError
from kg.queries import LocalEngine, resolve_departments, run_saved, saved_queries
from test_mission import expected_from_golden

GOLDENS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
ROLES = ("lead", "support", "implement")
TODAY = dt.date(2024, 5, 1)
INJECTION = '市生态环境局" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def engine(built_graph):
    return LocalEngine.of(built_graph)


def golden_tasks():
    for g in GOLDENS:
        for t in g["tasks"]:
            yield g, t


def golden_plan(jurisdiction: str) -> dict:
    return next(g for g in GOLDENS if g["plan"]["jurisdiction"] == jurisdiction)


def deadlines_in(lo: str, hi: str, jurisdiction: str | None = None) -> set[tuple[str, str, str]]:
    return {(g["plan"]["jurisdiction"], t["title"], d["date"]) for g, t in golden_tasks() for d in t["deadlines"]
            if d["date"] and lo <= d["date"] <= hi and jurisdiction in (None, g["plan"]["jurisdiction"])}


def city_bureaus() -> set[str]:
    return {g["plan"]["jurisdiction"] + "生态环境局" for g in GOLDENS if g["plan"]["level"] == "city"}


GOLDEN_PLANS = {g["plan"]["title"] for g in GOLDENS}


def annotated(rows: list[dict]) -> list[dict]:
    """The rows of the hand-annotated documents (the corpus may hold others, without goldens)."""
    return [r for r in rows if r["plan"] in GOLDEN_PLANS]


# ------------------------------------------------------------------------------- the mission
MISSION_EN = [
    "which tasks does the city ecology bureau lead that are due by the end of 2024",
    "Which tasks led by the municipal Bureau of Ecology and Environment are due before 2024-12-31?",
    "List the tasks the city environment bureau leads with a deadline by December 31, 2024",
    "What must city ecology and environment bureaus lead by end of 2024?",
    "tasks led by the city ecology bureau, due by 2024-12-31",
    "Tasks that the city-level Bureau of Ecology and Environment is in charge of, due by the end of 2024",
]
MISSION_ZH = [
    "市生态环境局牵头、2024年底前完成的任务有哪些",
    "2024年年底前由市生态环境局牵头的任务",
    "各市生态环境局牵头负责、截止时间在2024年12月31日前的任务",
    "市環保局牽頭、2024年底前到期的任務",  # traditional characters, an alias of the bureau
    "到2024年底，市级生态环境局牵头的任务有哪些？",
    "市生态环境局牵头的任务中，哪些在２０２４年底前到期？",  # full-width digits
]


@pytest.mark.parametrize("question", MISSION_EN + MISSION_ZH)
def test_the_mission_example_in_many_phrasings(question, engine):
    interpretation, result, sparql = ask(question, engine, today=TODAY)
    assert interpretation.query == "tasks_by_department"
    assert interpretation.params["role"] == "lead" and interpretation.params["due"] == "2024-12-31"
    assert 'VALUES ?_due { "2024-12-31"^^' in sparql
    rows = annotated(result.records())
    want = expected_from_golden()
    assert {r["unit"] for r in rows} == {w[0] + "生态环境局" for w in want} <= city_bureaus()  # no county
    assert all(r["unit"].endswith("市生态环境局") for r in result.records())
    got = {(r["jurisdiction"], r["title"], r["date"]) for r in rows}
    assert got == {w[:3] for w in want}
    # the same answer as the saved query bound by hand (tests/test_mission.py)
    by_hand, _ = run_saved("tasks_by_department", {"department": "市生态环境局", "role": "lead", "due": "2024-12-31"},
                           engine)
    assert sorted(map(str, result.records())) == sorted(map(str, by_hand.records()))
    # the explanation names the query and each parameter, in the question's language
    lang = "zh" if question in MISSION_ZH else "en"
    assert interpretation.lang == lang
    text = interpretation.explanation
    assert "tasks_by_department" in text and "2024-12-31" in text and "生态环境局" in text
    assert all(w in text for w in (["部门", "角色", "牵头", "截止日期"] if lang == "zh" else
                                   ["department", "role", "lead", "due on or before"]))


# ------------------------------------------------------------------------------- the other saved queries
def check_responsibilities(rows, unit):
    want = Counter(role for g, t in golden_tasks() for role in ROLES if any(u["canonical"] == unit for u in t[role]))
    assert Counter(r["role"] for r in annotated(rows)) == want and want


def check_support(rows, unit):
    want = {t["title"] for g, t in golden_tasks() if any(u["canonical"] == unit for u in t["support"])}
    assert {r["title"] for r in annotated(rows)} == want and want


def check_due(rows, lo, hi, jurisdiction=None):
    got = {(r["jurisdiction"], r["title"], r["date"]) for r in annotated(rows)}
    assert got == deadlines_in(lo, hi, jurisdiction) and got
    assert all(lo <= r["date"] <= hi for r in rows)


def check_workload(rows, jurisdiction=None):
    tasks = [t for g, t in golden_tasks() if jurisdiction in (None, g["plan"]["jurisdiction"])]
    leads = Counter(c for t in tasks for c in {u["canonical"] for u in t["lead"]})
    units = {u["canonical"] for g, t in golden_tasks() for role in ROLES for u in t[role]}
    assert {r["unit"]: int(r["lead"]) for r in rows if int(r["lead"]) and r["unit"] in units} == dict(leads)


def check_shared(rows, unit):
    want: Counter = Counter()
    for g, t in golden_tasks():
        units = {u["canonical"] for role in ROLES for u in t[role]}
        if unit in units:
            want.update(units - {unit})
    assert {r["other"]: int(r["shared"]) for r in rows} == dict(want) and want


def check_outline(rows, jurisdiction):
    g = golden_plan(jurisdiction)
    assert [(r["action"], r["number"], r["title"]) for r in rows] == \
           [(t["action"], t["number"], t["title"]) for t in g["tasks"]]


def indicator_names(key: str) -> set[str]:
    with open(ROOT / "ontology" / "vocab" / "indicators.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["key"] == key)
    return {row["key"], *filter(None, row["aliases"].split("|"))}


def check_targets(rows, key):
    from test_queries import GOOD_AIR_DAYS

    assert rows
    names = indicator_names(key)
    assert all(any(n in r["indicator"] for n in names) for r in rows)  # the indicator as written
    if key == "优良天数比例":
        got = {(r["jurisdiction"], float(r["value"])) for r in rows if r["value"] and r["year"] == "2025"}
        assert GOOD_AIR_DAYS <= got


def check_mentioning(rows, word):
    from test_queries import _raw_task_paragraphs

    want = {(g["plan"]["jurisdiction"], n) for g, n, line in _raw_task_paragraphs() if word in line}
    assert {(r["jurisdiction"], r["number"]) for r in annotated(rows)} == want and want


def check_without(rows):
    want = {(g["plan"]["jurisdiction"], t["number"]) for g, t in golden_tasks()
            if not t["lead"] or not any(d["date"] for d in t["deadlines"])}
    assert {(r["jurisdiction"], r["number"]) for r in annotated(rows)} == want


def check_plans(rows):
    assert {r["file"] for r in rows} >= {g["document"] for g in GOLDENS}
    for r in annotated(rows):
        g = next(g for g in GOLDENS if g["document"] == r["file"])
        assert int(r["tasks"]) == len(g["tasks"])
        assert all(p["title"] in (r["parents"] or "") for p in g["plan"]["parents"])


def check_departments(rows):
    want = {u["canonical"] for g, t in golden_tasks() for role in ROLES for u in t[role]}
    assert {r["unit"] for r in rows if int(r["tasks"]) > 0} >= want


def check_indicators(rows):
    assert "优良天数比例" in {r["indicator"] for r in rows}


def doc(jurisdiction: str) -> str:
    return golden_plan(jurisdiction)["document"]


OTHER_QUESTIONS = [
    # (question, saved query, parameters, check of the answer against the goldens)
    ("新乡市生态环境局负责哪些任务？", "department_responsibilities", {"department": "新乡市生态环境局"},
     lambda rows: check_responsibilities(rows, "新乡市生态环境局")),
    ("What is the Xinxiang ecology bureau responsible for?", "department_responsibilities",
     {"department": "新乡市生态环境局"}, lambda rows: check_responsibilities(rows, "新乡市生态环境局")),
    ("Which tasks does the Nanyang ecology bureau support?", "tasks_by_department",
     {"department": "南阳市生态环境局", "role": "support"}, lambda rows: check_support(rows, "南阳市生态环境局")),
    ("南阳市环保局配合哪些任务？", "tasks_by_department", {"department": "南阳市生态环境局", "role": "support"},
     lambda rows: check_support(rows, "南阳市生态环境局")),
    ("2024年上半年到期的任务有哪些？", "tasks_due_between", {"from": "2024-01-01", "to": "2024-06-30"},
     lambda rows: check_due(rows, "2024-01-01", "2024-06-30")),
    ("Which tasks in Xinxiang are due between 2023-01-01 and 2023-12-31?", "tasks_due_between",
     {"from": "2023-01-01", "to": "2023-12-31", "jurisdiction": "新乡市"},
     lambda rows: check_due(rows, "2023-01-01", "2023-12-31", "新乡市")),
    ("从2024年3月到2024年6月到期的任务", "tasks_due_between", {"from": "2024-03-01", "to": "2024-06-30"},
     lambda rows: check_due(rows, "2024-03-01", "2024-06-30")),
    ("截至2024年1月1日已经逾期的任务有哪些？", "tasks_overdue", {"as_of": "2024-01-01"},
     lambda rows: check_due(rows, "0000-01-01", "2023-12-31")),
    ("Which tasks are overdue?", "tasks_overdue", {},  # as of today (injected: 2024-05-01)
     lambda rows: check_due(rows, "0000-01-01", (TODAY - dt.timedelta(days=1)).isoformat())),
    ("哪个部门牵头的任务最多？", "workload_by_department", {}, check_workload),
    ("What is the workload of each department in the Nanyang plan?", "workload_by_department",
     {"plan": doc("南阳市")}, lambda rows: check_workload(rows, "南阳市")),
    ("哪些部门与驻马店市生态环境局共同承担任务？", "co_responsible_departments",
     {"department": "驻马店市生态环境局"}, lambda rows: check_shared(rows, "驻马店市生态环境局")),
    ("Which departments work with the Zhumadian ecology bureau?", "co_responsible_departments",
     {"department": "驻马店市生态环境局"}, lambda rows: check_shared(rows, "驻马店市生态环境局")),
    ("南召县蓝天保卫战实施方案的提纲", "plan_outline", {"plan": doc("南召县")},
     lambda rows: check_outline(rows, "南召县")),
    ("Show the outline of the Xinxiang plan", "plan_outline", {"plan": doc("新乡市")},
     lambda rows: check_outline(rows, "新乡市")),
    ("各市优良天数比例的目标是多少？", "targets_by_indicator", {"indicator": "优良天数比例"},
     lambda rows: check_targets(rows, "优良天数比例")),
    ("Compare the targets for the share of days with good air quality", "targets_by_indicator",
     {"indicator": "优良天数比例"}, lambda rows: check_targets(rows, "优良天数比例")),
    ("Compare PM2.5 targets across cities", "targets_by_indicator", {"indicator": "细颗粒物浓度"},
     lambda rows: check_targets(rows, "细颗粒物浓度")),
    ("哪些任务提到丹江口？", "tasks_mentioning", {"text": "丹江口"}, lambda rows: check_mentioning(rows, "丹江口")),
    ('Which tasks mention "超低排放"?', "tasks_mentioning", {"text": "超低排放"},
     lambda rows: check_mentioning(rows, "超低排放")),
    ("与黑臭水体有关的任务", "tasks_mentioning", {"text": "黑臭水体"}, lambda rows: check_mentioning(rows, "黑臭水体")),
    ("哪些任务没有责任单位或截止日期？", "tasks_without_unit_or_deadline", {}, check_without),
    ("Which tasks have no deadline or no responsible unit?", "tasks_without_unit_or_deadline", {}, check_without),
    ("有哪些规划？它们依据哪些上级规划？", "plans", {}, check_plans),
    ("Which plans are there and what are they based on?", "plans", {}, check_plans),
    ("有哪些责任单位？", "departments", {}, check_departments),
    ("Which indicators do the targets use?", "indicators", {}, check_indicators),
]


@pytest.mark.parametrize("question,name,params,check", OTHER_QUESTIONS, ids=[q[0] for q in OTHER_QUESTIONS])
def test_questions_for_every_saved_query(question, name, params, check, engine):
    interpretation, result, _ = ask(question, engine, today=TODAY)
    assert (interpretation.query, interpretation.params) == (name, params)
    by_hand, _ = run_saved(name, params, engine, today=TODAY)
    assert result.records() == by_hand.records()
    check(result.records())
    assert name in interpretation.explanation


def test_the_questions_cover_every_answerable_saved_query():
    covered = {q[1] for q in OTHER_QUESTIONS} | {"tasks_by_department"}
    assert covered == set(ask_specs()) == set(saved_queries())


# ------------------------------------------------------------------------------- slots
@pytest.mark.parametrize("question,due", [
    ("which tasks does the city ecology bureau lead before 2025-06-30", "2025-06-30"),
    ("市生态环境局牵头、2025年6月30日前完成的任务", "2025-06-30"),
    ("市生态环境局牵头、2024年年底完成的任务", "2024-12-31"),
    ("市生态环境局牵头、2024 年 5 月底前完成的任务", "2024-05-31"),
    ("市生态环境局在2024年上半年牵头完成的任务", "2024-06-30"),
    ("tasks the city ecology bureau leads by June 2025", "2025-06-30"),
    ("tasks the city ecology bureau leads by 30 June 2025", "2025-06-30"),
    ("tasks the city ecology bureau leads in the first half of 2025", "2025-06-30"),
    ("市生态环境局“十四五”期间牵头的任务", "2025-12-31"),
])
def test_date_phrases(question, due, engine):
    i = interpret(question, engine, today=TODAY)
    assert (i.query, i.params["due"], i.params["role"]) == ("tasks_by_department", due, "lead")


@pytest.mark.parametrize("question", ["今年市生态环境局牵头的任务", "本年度市生态环境局牵头的任务有哪些",
                                      "tasks the city ecology bureau leads this year",
                                      "what does the city ecology bureau lead by the end of this year"])
@pytest.mark.parametrize("today", [dt.date(2024, 5, 1), dt.date(2025, 2, 3)])
def test_this_year_is_relative_to_today(question, today, engine):
    i = interpret(question, engine, today=today)
    assert i.query == "tasks_by_department" and i.params["due"] == f"{today.year}-12-31"


def units_of(value, engine) -> set[str]:
    rows = engine.select("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?u ?l WHERE "
                         "{ ?u skos:prefLabel ?l }").rows
    label = {r["u"].value: r["l"].value for r in rows}
    return {label[n.value] for n in resolve_departments(value, engine)}


DRC = "发展和改革委员会"


@pytest.mark.parametrize("question,units,role", [
    ("南阳市环保局牵头的任务", lambda: {"南阳市生态环境局"}, "lead"),
    ("南陽生態環境局牽頭的任務", lambda: {"南阳市生态环境局"}, "lead"),
    ("Which tasks does the Xinxiang Development and Reform Commission lead?", lambda: {"新乡市" + DRC}, "lead"),
    ("市发改委配合的任务", lambda: {g["plan"]["jurisdiction"] + DRC for g in GOLDENS
                              if g["plan"]["level"] == "city"}, "support"),
    ("Which tasks does the county transport bureau support?", lambda: {
        g["plan"]["jurisdiction"] + "交通运输局" for g in GOLDENS if g["plan"]["level"] == "county"}, "support"),
    ("Which tasks does the ecology bureau lead in Xinxiang?", lambda: {"新乡市生态环境局"}, "lead"),
    ("南阳市各县（市、区）政府（管委会）负责落实的任务", lambda: {"南阳市各县（市、区）政府（管委会）"}, "implement"),
])
def test_departments_by_alias_english_name_level_and_place(question, units, role, engine):
    i, result, _ = ask(question, engine, today=TODAY)
    assert i.query == "tasks_by_department" and i.params["role"] == role
    named = {u["canonical"] for g, t in golden_tasks() for r in ROLES for u in t[r]}
    assert units_of(i.params["department"], engine) & named == units() & named and units() & named
    want = {t["title"] for g, t in golden_tasks() if any(u["canonical"] in units() for u in t[role])}
    assert {r["title"] for r in annotated(result.records())} == want and want


def test_a_bare_responsible_means_any_role(engine):
    i, result, _ = ask("南阳市生态环境局负责的、2024年底前到期的任务", engine, today=TODAY)
    assert (i.query, i.params["role"], i.params["due"]) == ("tasks_by_department", "any", "2024-12-31")
    want = {t["title"] for g, t in golden_tasks() for role in ROLES
            if any(u["canonical"] == "南阳市生态环境局" for u in t[role])
            and any(d["date"] and d["date"] <= "2024-12-31" for d in t["deadlines"])}
    assert {r["title"] for r in annotated(result.records())} == want and want
    assert {r["role"] for r in result.records()} > {"lead"}


# ------------------------------------------------------------------------------- examples, not understood
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_example_question_is_understood_as_its_own_query(lang, engine):
    specs = ask_specs()
    examples = example_questions(lang)
    assert len(examples) == len(specs) == len(saved_queries())
    for name, spec in specs.items():
        assert interpret(spec.example[lang], engine, today=TODAY).query == name, spec.example[lang]


@pytest.mark.parametrize("question,lang", [("what is the weather today", "en"), ("hello", "en"),
                                           ("今天天气怎么样", "zh"), ("", "en"), ("？？", "zh")])
def test_unknown_questions_list_what_can_be_asked(question, lang, engine):
    with pytest.raises(NotUnderstood) as err:
        ask(question, engine, today=TODAY)
    message = str(err.value)
    assert isinstance(err.value, QueryError)
    assert ("无法理解" if lang == "zh" else "cannot understand") in message
    for name, spec in ask_specs().items():
        assert name in message and spec.example[lang] in message


def test_a_question_missing_its_key_value_says_which(engine):
    with pytest.raises(NotUnderstood, match="tasks_mentioning.*要查找的文字"):
        interpret("哪些任务提到？", engine)
    with pytest.raises(NotUnderstood, match="tasks_by_department.*no department"):
        interpret("which tasks does the ecology ministry lead", engine)


def test_an_unknown_department_is_a_clear_error(engine):
    with pytest.raises(QueryError, match="I read the question as tasks_by_department.*no department matches"):
        ask("Which tasks does the Nanyang Bureau of Letters and Calls lead?", engine)  # none in the plans


# ------------------------------------------------------------------------------- safety and the CLI
def fingerprint(engine, built_graph) -> tuple[int, str]:
    n = int(engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value)
    return n, hashlib.sha256((built_graph / "policykg.nq").read_bytes()).hexdigest()


@pytest.mark.parametrize("question", [f"tasks mentioning {INJECTION}", f"哪些任务提到{INJECTION}",
                                      f"which tasks does {INJECTION} lead"])
def test_an_injection_inside_a_question_is_inert(question, engine, built_graph):
    before = fingerprint(engine, built_graph)
    try:
        i, result, sparql = ask(question, engine, today=TODAY)
    except QueryError:
        pass  # refused with a message is fine too
    else:
        if i.query == "tasks_mentioning":
            assert result.rows == [] and "DROP ALL" in i.params["text"]
            assert 'DROP ALL ; #" }' in sparql  # inside a literal
        assert "DROP ALL" not in sparql.replace('\\"', "").split('"')[0]
    assert fingerprint(engine, built_graph) == before


def kg(*args):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_prints_the_chosen_query_and_answers(built_graph):
    proc = kg("ask", MISSION_EN[0], "--graph", str(built_graph), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert "tasks_by_department" in proc.stderr and "2024-12-31" in proc.stderr and "lead" in proc.stderr
    rows = annotated([json.loads(line) for line in proc.stdout.splitlines()])
    assert {(r["jurisdiction"], r["title"], r["date"]) for r in rows} == {w[:3] for w in expected_from_golden()}
    proc = kg("ask", MISSION_ZH[0], "--graph", str(built_graph))
    assert proc.returncode == 0 and "截止日期" in proc.stderr and "南阳市" in proc.stdout


def test_cli_not_understood_exits_1_with_the_list(built_graph, engine):
    before = fingerprint(engine, built_graph)
    proc = kg("ask", "what is the weather today", "--graph", str(built_graph))
    assert proc.returncode == 1
    assert "cannot understand" in proc.stderr and "tasks_by_department" in proc.stderr and proc.stdout == ""
    proc = kg("ask", f"which tasks mention {INJECTION}", "--graph", str(built_graph))
    assert proc.returncode == 0 and "tasks_mentioning" in proc.stderr
    assert fingerprint(engine, built_graph) == before


def test_the_explanation_lists_parameters_it_could_not_use(engine):
    i = interpret("驻马店市的优良天数比例目标", engine)
    assert i.query == "targets_by_indicator" and "驻马店市" in i.explanation and "未使用" in i.explanation


def test_slot_words_are_reported(engine):
    i = interpret("Which tasks does the Xinxiang ecology bureau lead by the end of 2024?", engine, today=TODAY)
    assert i.slots["department"] == "Xinxiang ecology bureau" and i.slots["date"] == "by the end of 2024"
    groups = defaultdict(list)
    for q in MISSION_ZH:
        groups[interpret(q, engine, today=TODAY).params["department"]].append(q)
    assert len(groups) == 1  # every phrasing gives the same department value


# ------------------------------------------------------------------------------- any text
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ["市生态环境局", "牵头", "配合", "负责", "2024年13月", "2024-02-30", "2024年底前", "between", "and", "from", "to",
         "提到", "“", "”", '"', "mention", "city", "county", "bureau", "of", "Nanyang", "南阳", "规划", "方案", "十四五",
         "上半年", "第五季度", "Q3 2024", "June 31, 2024", "PM2.5", "目标", "outline", "overdue", "逾期", "how many",
         "without", "共同", "各县（市、区）", "政府", "commission", "{", "}", "\\", "?", "？", INJECTION]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=8))
def test_any_text_is_interpreted_or_refused_with_a_query_error(pieces, engine):
    try:
        i = interpret(" ".join(pieces), engine, today=TODAY)
    except QueryError as e:
        assert str(e)
    else:
        assert i.query in saved_queries() and i.explanation.startswith(i.query)


def test_a_range_is_read_with_its_words(engine):
    i = interpret("Which tasks are due between March 2024 and June 2024?", engine, today=TODAY)
    assert (i.query, i.params) == ("tasks_due_between", {"from": "2024-03-01", "to": "2024-06-30"})
    assert i.slots["date"] == "between March 2024 and June 2024"
    i = interpret("2024年第三季度到期的任务", engine, today=TODAY)
    assert i.params == {"from": "2024-07-01", "to": "2024-09-30"}


@pytest.mark.parametrize("question,name,params", [
    ("Tasks due this year", "tasks_due_between", {"from": "2024-01-01", "to": "2024-12-31"}),
    ("tasks due by 2024-06-30", "tasks_due_between", {"from": "1900-01-01", "to": "2024-06-30"}),
    ("2025年底前南阳市需要完成哪些任务", "tasks_due_between", {"from": "1900-01-01", "to": "2025-12-31",
                                                  "jurisdiction": "南阳市"}),
    ("南召县的蓝天保卫战方案有哪些行动", "plan_outline", {"plan": doc("南召县")}),
    ("南阳的规划有哪些内容", "plan_outline", {"plan": doc("南阳市")}),
    ("How many tasks does each department lead in Zhumadian?", "workload_by_department", {"plan": doc("驻马店市")}),
    ("哪些任务已经过期了", "tasks_overdue", {}),
    ("What tasks is Nanyang's ecology bureau leading?", "tasks_by_department",
     {"department": "南阳市生态环境局", "role": "lead"}),
    ("Which tasks are led by the ecology and environment bureau of Xinxiang?", "tasks_by_department",
     {"department": "新乡市生态环境局", "role": "lead"}),
])
def test_more_phrasings(question, name, params, engine):
    i = interpret(question, engine, today=TODAY)
    assert (i.query, i.params) == (name, params)
