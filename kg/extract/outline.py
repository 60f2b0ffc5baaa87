"""The outline of a plan: top-level sections, actions （一）…, numbered tasks 1. ….

Rules:

* A **section** starts with 一、…十、 (or 第X章). Its heading decides its kind: goals (目标),
  general (总体要求/指导思想/基本原则/工作原则), safeguards (保障/组织实施/组织领导/工作要求/
  实施保障), else tasks.
* An **action** is a （一）/(一) heading. Its title is the heading up to the first 。.
* A **task** is a paragraph starting with a number (1. 1、 1．) and not a decimal (1.5). It runs
  until the next heading or task; the following plain paragraphs continue it.
* Numbered items count as tasks inside task sections, and anywhere when they carry a
  responsibility note. Actions count when they hold tasks. Numbered tasks directly under a
  section (no （一）) get the section as their action. A （一） item that has no numbered tasks
  but carries a note is itself a task of its section's action.
* The outline stops at an appendix (附件/附表 at the start of a line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

SectionKind = Literal["goals", "general", "safeguards", "tasks", "preamble"]

_SECTION = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<title>.*)$")
_CHAPTER = re.compile(r"^第(?P<num>[一二三四五六七八九十百]{1,4})章\s*(?P<title>.*)$")
_ACTION = re.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<title>.*)$")
_TASK = re.compile(r"^(?P<num>\d{1,3})\s*(?:[.．](?!\d)|、)\s*(?P<body>.*)$")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|\t)\s*\d+\s*$")
_APPENDIX = re.compile(r"^附\s*[件表]\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]?")
_KIND_WORDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    ("goals", re.compile(r"目标")),
    ("general", re.compile(r"总体要求|指导思想|基本原则|工作原则|总体思路")),
    ("safeguards", re.compile(r"保障措施|保障机制|保障体系|组织保障|实施保障|组织实施|组织领导|工作要求|实施要求"
                              r"|有关要求|工作保障")),
]


@dataclass
class Paragraph:
    offset: int  # clean offset of the paragraph
    text: str


@dataclass
class TaskBlock:
    number: str
    offset: int  # clean offset where the task starts (its number)
    body_offset: int  # clean offset of the text after the number
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The task text after its number; continuation paragraphs joined without a break."""
        return "".join(p.text if i else p.text[self.body_offset - self.offset:]
                       for i, p in enumerate(self.paragraphs))

    def to_clean(self, i: int) -> int:
        """Clean offset of character ``i`` of :attr:`text`."""
        first = len(self.paragraphs[0].text) - (self.body_offset - self.offset)
        if i < first or len(self.paragraphs) == 1:
            return self.body_offset + i
        i -= first
        for p in self.paragraphs[1:]:
            if i < len(p.text):
                return p.offset + i
            i -= len(p.text)
        last = self.paragraphs[-1]
        return last.offset + len(last.text)

    @property
    def end(self) -> int:
        last = self.paragraphs[-1]
        return last.offset + len(last.text)


@dataclass
class ActionBlock:
    number: str
    title: str
    offset: int
    end: int
    paragraph: Paragraph | None  # the heading paragraph (None for a section standing in as action)
    tasks: list[TaskBlock] = field(default_factory=list)


@dataclass
class SectionBlock:
    number: str
    title: str
    kind: SectionKind
    offset: int
    actions: list[ActionBlock] = field(default_factory=list)
    loose_tasks: list[TaskBlock] = field(default_factory=list)  # numbered tasks before any action


@dataclass
class Outline:
    preamble: list[Paragraph]
    sections: list[SectionBlock]
    goals: list[Paragraph]  # paragraphs of goal sections (for plan-level targets)
    appendix_offset: int | None


def section_kind(title: str) -> SectionKind:
    for kind, pattern in _KIND_WORDS:
        if pattern.search(title):
            return kind
    return "tasks"


def read_outline(paragraphs: list[tuple[int, str]]) -> Outline:
    preamble: list[Paragraph] = []
    sections: list[SectionBlock] = []
    goals: list[Paragraph] = []
    appendix = None
    section: SectionBlock | None = None
    action: ActionBlock | None = None
    task: TaskBlock | None = None
    seen_heading = False
    for off, text in paragraphs:
        para = Paragraph(off, text)
        if seen_heading and _APPENDIX.match(text):
            appendix = off
            break
        if _TOC_ENTRY.search(text):
            continue  # a table-of-contents line: 第一章 规划基础.....3
        m = _SECTION.match(text) or _CHAPTER.match(text)
        if m and len(text) <= 60 and "。" not in text[:-1]:
            seen_heading = True
            title = m.group("title").rstrip("。")
            section = SectionBlock(m.group("num"), title, section_kind(title), off)
            sections.append(section)
            action = task = None
            continue
        if not seen_heading:
            preamble.append(para)
            continue
        m = _ACTION.match(text)
        if m and section is not None:
            title = m.group("title")
            title = re.split(r"[。]", title, maxsplit=1)[0].strip()
            action = ActionBlock(m.group("num"), title, off, off + len(text), para)
            section.actions.append(action)
            task = None
            continue
        m = _TASK.match(text)
        if m and section is not None:
            task = TaskBlock(m.group("num"), off, off + m.start("body"), [para])
            if action is not None:
                action.tasks.append(task)
            else:
                section.loose_tasks.append(task)
            continue
        if task is not None:
            task.paragraphs.append(para)
        elif section is not None and section.kind == "goals":
            goals.append(para)
    return Outline(preamble, sections, goals, appendix)
