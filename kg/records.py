"""Typed records passed between the pipeline stages.

The extractor produces a :class:`Plan` per document; ``kg.rdf`` turns it into quads. Every
extracted node keeps the :class:`Span` it came from: character offsets into the ORIGINAL decoded
document text (``Document.text``), 1-based line numbers, and the exact quote
(``Document.text[start:end] == quote``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Role = Literal["lead", "support", "implement"]
ROLES: tuple[Role, ...] = ("lead", "support", "implement")

UnitKind = Literal["department", "government", "collective", "organization"]
Level = Literal["province", "city", "county", "township"]
Precision = Literal["day", "month", "year"]
#: What a plan's action level is: a （一） heading, a chapter standing in (第三章), or a 节 (第三章第一节).
ActionKind = Literal["action", "chapter", "section"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offset of the first character in Document.text
    end: int  # offset one past the last character
    line: int  # 1-based line of ``start``
    end_line: int  # 1-based line of ``end - 1``
    quote: str  # Document.text[start:end]


@dataclass(frozen=True, slots=True)
class UnitMention:
    """One unit in a responsibility note, as the note reads (before canonicalisation)."""

    role: Role
    name: str  # as written, with a shared level prefix / suffix distributed: 市交通运输局
    role_words: str  # the role words as written: 牵头, 按职责分工负责, 配合, 负责落实, "" (bare list)
    joint: bool = False  # lead jointly (按职责分工负责 with no 牵头 in the note)
    declared: bool = False  # added by a standing declaration (以下均需…不再一一列出)


@dataclass(frozen=True, slots=True)
class Unit:
    """A responsible unit, canonicalised within its plan's jurisdiction."""

    role: Role
    name: str  # as written (prefix distributed)
    canonical: str  # jurisdiction + standard name: 新乡市发展和改革委员会
    kind: UnitKind
    role_words: str = ""
    joint: bool = False
    declared: bool = False
    department_type: str | None = None  # key of the department-type concept (standard name): 生态环境局
    level: Level | None = None
    jurisdiction: str | None = None  # 南阳市


@dataclass(frozen=True, slots=True)
class Deadline:
    text: str  # as written: 2024年年底前
    date: dt.date | None  # None for recurring deadlines (每年)
    precision: Precision | None
    hedged: bool = False  # 力争
    inferred: bool = False  # year taken from the plan, not the text
    recurring: bool = False  # 每年, 逐年, 每季度
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Target:
    indicator: str  # as written: 空气质量优良天数比例
    indicator_key: str | None  # shared concept key, e.g. 优良天数比例 (优良天数比率 meets it)
    comparator: str | None  # ">=", ">", "<=", "<", "=", or None
    value: Decimal | None
    value_text: str  # 76.5, or text such as 基本消除
    unit: str | None  # %, 微克/立方米, 万千瓦 …
    year: int | None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    nature: str | None = None  # 约束性 / 预期性
    scope: str | None = None  # jurisdiction or a named county
    hedged: bool = False
    text: str = ""
    span: Span | None = None


@dataclass(slots=True)
class Task:
    number: str  # "1"
    title: str  # lead sentence without number and closing 。
    text: str  # the whole task paragraph (cleaned)
    span: Span
    units: list[Unit] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    note: str | None = None  # the responsibility note as written
    note_span: Span | None = None
    enterprises: list[int] = field(default_factory=list)  # 1-based positions in Plan.enterprises the task names
    projects: list[int] = field(default_factory=list)  # 1-based positions in Plan.projects the task names

    def units_in(self, role: Role) -> list[Unit]:
        return [u for u in self.units if u.role == role]


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter of a chapter-style plan (第三章 推进产业转型…): groups its 节 actions."""

    number: str  # notation as written: 第三章
    title: str
    span: Span


@dataclass(slots=True)
class Action:
    number: str  # notation as the document gives it: "一", "第三章", "第三章第一节"
    title: str  # 城市空气质量提升进位行动 (no closing 。)
    span: Span
    tasks: list[Task] = field(default_factory=list)
    kind: ActionKind = "action"
    chapter: Chapter | None = None  # the enclosing chapter of a chapter-style plan


@dataclass(frozen=True, slots=True)
class Project:
    """A named work listed in a 专栏 box: 新华区国土绿化项目 under （一）国土绿化工程."""

    name: str
    box: str  # the box as headed: 专栏5 生态保护与修复工程
    category: str | None  # the （一） heading in the box: 国土绿化工程
    place: str | None = None  # the place the name starts with: 新华区
    place_level: Level | None = None  # the level the place's name says (叶县 → county), when it says one
    chapter: Chapter | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Enterprise:
    """A row of an appendix enterprise list (附表: 序号, county, township, enterprise, industry)."""

    name: str
    number: str | None = None
    county: str | None = None
    township: str | None = None
    industry: str | None = None
    table: str | None = None  # the table's title as written
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class PlanReference:
    """A parent plan named in the preamble: 依据《…》（豫政办〔2023〕33号）."""

    title: str
    identifier: str | None = None
    span: Span | None = None


@dataclass(slots=True)
class Plan:
    document: str  # base name of the source file
    title: str
    title_inferred: bool = False
    identifier: str | None = None  # 文号: 宛政办〔2023〕32号
    issuer: str | None = None  # 南阳市人民政府办公室
    issued: dt.date | None = None
    period_start: int | None = None  # year
    period_end: int | None = None
    jurisdiction: str | None = None  # 南阳市
    level: Level | None = None
    parent_jurisdictions: dict[str, str] = field(default_factory=dict)  # level → name, e.g. {"province": "河南省"}
    parents: list[PlanReference] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # plan-level (主要目标)
    title_span: Span | None = None
    chapters: list[Chapter] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return [t for a in self.actions for t in a.tasks]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one document, reported in the build summary."""

    document: str
    message: str
    line: int | None = None
    severity: Literal["error", "warning"] = "warning"

    def __str__(self) -> str:
        where = self.document + (f":{self.line}" if self.line else "")
        return f"{where}: {self.severity}: {self.message}"
