"""The outline of a plan: top-level sections or chapters, actions, tasks, 专栏 boxes.

Rules:

* A **section** starts with 一、…十、, a **chapter** with 第X章 (or 第X部分, 第X篇). Its heading decides its kind:
  goals (目标), general (总体要求/指导思想/基本原则/工作原则), safeguards (保障/组织实施/组织领导/
  工作要求/实施保障), background (规划基础/现状/形势/主要问题/机遇/挑战), else tasks.
* Inside a chapter, a **节** (第X节, or a 一、 heading) is the action level: its notation is the
  chapter's and its own, as written (第三章第一节; 第二部分 一、… → 第二部分一); a 一、 heading
  inside a 第X节 is an action of it (第四章第一节一); its kind is its own heading's when that says
  one, else the chapter's. A chapter with tasks but no 节 stands in as the action (第三章).
* An **action** is a （一）/(一) heading. Its title is the heading up to the first 。. Inside a
  chapter its notation carries the chapter's (第三章第一节（一）); in a 一、 outline it is 一.
  Inside a 节, a （一） paragraph that goes on after its lead sentence (（一）优化产业布局。落实…)
  and has no tasks of its own is a task of the 节, numbered 一.
* A **task** is a paragraph starting with a number (1. 1、 1．) and not a decimal (1.5), or with
  （1）/(1)/① when no 1. task is open (else that is a sub-item of the open task), or 一是/二是 in
  a task section, or with 一、 inside a chapter when the paragraph goes on after its lead sentence
  (一、优化产业布局。落实…). It runs until the next heading or task; plain paragraphs continue it.
* Where a block has no numbered tasks, its **lead-phrase paragraphs** are its tasks: a
  paragraph opening with a short sentence (≤ 32 characters, closed by 。, or by ： when the text
  goes on and the lead does not announce a list: 如下/以下/包括) in a task section —
  优化产业布局。落实… / 优化产业布局：落实… — numbered 1, 2, … in order; a paragraph without such a lead continues the
  task before it. Lead-phrase paragraphs before a chapter's first 节 are its introduction when
  its 节 hold tasks.
* A **unit heading** (市生态环境局负责： / 1.市发展改革委牵头：) owns the tasks after it until the
  next heading; inline items after it (（1）…（2）…) are tasks too.
* A **task table** (a header row naming a task column and 牵头单位/配合单位/责任单位/完成时限
  columns; see :mod:`kg.extract.tables`) gives a task per row; a one-cell row inside it (a merged
  category cell: 一、大气污染防治) or a category column starts an action, the table goes on.
* A **专栏 box** (专栏1 绿色发展工程) runs to the next heading of the outline, or to a long
  lead-phrase paragraph that names no 项目/工程 (the text going on after the box); its （一）
  headings are categories of works, its paragraphs list the works (see
  :mod:`kg.extract.projects`).
* Numbered items count as tasks inside task sections, and anywhere when they carry a
  responsibility note. Actions count when they hold tasks. Numbered tasks directly under a
  section (no （一）) get the section as their action. A （一） item that has no numbered tasks
  but carries a note is itself a task of its section's action.
* The outline stops at an appendix (附件/附表 at the start of a line); the appendix paragraphs
  are kept for its tables (:attr:`Outline.appendix`). A task table in the appendix (附件1 ⏎
  重点任务分解表 ⏎ 序号 ⇥ 重点任务 ⇥ 牵头单位 …) is a section of its own, numbered 附件1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from kg.extract.responsibility import find_note
from kg.extract.tables import TableCell, TableHeader, read_header, split_row

SectionKind = Literal["goals", "general", "safeguards", "tasks", "preamble", "background"]
ActionKind = Literal["action", "chapter", "section"]

_NUMERALS = "一二三四五六七八九十百零〇"
_SECTION = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<title>.*)$")
_CHAPTER = re.compile(rf"^第\s*(?P<num>[{_NUMERALS}]{{1,4}}|\d{{1,2}})\s*(?P<unit>章|部分|篇)\s*(?P<title>.*)$")
_PART = re.compile(r"^第\s*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*节\s*(?P<title>.*)$")
_ACTION = re.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<title>.*)$")
_TASK = re.compile(r"^(?P<num>\d{1,3})\s*(?:[.．](?!\d)|、)\s*(?P<body>.*)$")
_PAREN_TASK = re.compile(r"^[（(]\s*(?P<num>\d{1,3})\s*[)）]\s*(?P<body>.*)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_TASK = re.compile(rf"^(?P<num>[{_CIRCLED}])\s*(?P<body>.*)$")
_ORDINAL_TASK = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})是\s*(?P<body>\S.*)$")
_BOX = re.compile(r"^专\s*栏\s*(?P<num>\d{1,3}|[一二三四五六七八九十]{1,3})\s*[:：.、．]?\s*(?P<title>.*)$")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|\t)\s*\d+\s*$")
_APPENDIX = re.compile(r"^附\s*[件表]\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]?")
#: A unit heading over the tasks that follow it: 市生态环境局负责： / 市发展改革委牵头：（1）…
_OWNER = re.compile(r"^(?P<unit>[^。；;，,：:]{2,60}?)\s*(?P<words>牵头负责|负责|牵头|承担)"
                    r"(?:的(?:工作|任务|事项))?(?:如下)?\s*[:：]\s*(?P<rest>.*)$")
#: Inline items of a unit heading: …负责：（1）…；（2）…
_INLINE_ITEM = re.compile(r"[（(]\s*(\d{1,3})\s*[)）]|(?<![\d.．])(\d{1,2})[.．、](?!\d)")
#: The lead sentence of a paragraph: short, closed by 。 (优化产业布局。…) or by a colon with the
#: text going on after it (优化产业布局：落实…).
_LEAD = re.compile(r"^(?P<lead>[^。！？!?；;：:\n]{2,32}?)(?:[。！!]|[：:](?=\s*[^\s（(\d①]\S{9,}))")
_INTRO = re.compile(r"如下|以下|下列|包括|主要有|要求$")
_WORK_WORD = re.compile(r"项目|工程")
_NOT_LEAD = re.compile(r"^(?:到|至|截至|截止|自|从|在)?\s*(?:\d{4}|“?十[一二三四五]五”?)|^注[:：]|^表\s*\d")
_KIND_WORDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    ("goals", re.compile(r"目标")),
    ("general", re.compile(r"总体要求|指导思想|基本原则|工作原则|总体思路")),
    ("safeguards", re.compile(r"保障措施|保障机制|保障体系|组织保障|实施保障|组织实施|组织领导|工作要求|实施要求"
                              r"|有关要求|工作保障")),
    ("background", re.compile(r"规划基础|发展基础|工作基础|现状|形势|回顾|主要问题|存在的问题|面临的挑战"
                              r"|机遇|挑战")),
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
    numbering: str = "number"  # number (1. 1、), paren (（1）), ordinal (一是), circled, lead (none: 优化产业布局。…), row
    owner: Paragraph | None = None  # the unit heading over the task (市生态环境局负责：)
    cells: list[TableCell] = field(default_factory=list)  # a table row: its cells
    table: TableHeader | None = None  # the header of its table

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
    number: str  # notation: 一 (（一）), 第三章 (a chapter standing in), 第三章第一节 (a 节)
    title: str
    offset: int
    end: int
    paragraph: Paragraph | None  # the heading paragraph (None for a section standing in as action)
    tasks: list[TaskBlock] = field(default_factory=list)
    kind: ActionKind = "action"
    section_kind: SectionKind | None = None  # a 节's own kind (else its chapter's)
    lead_tasks: list[TaskBlock] = field(default_factory=list)  # lead-phrase paragraphs (used when no numbered tasks)
    parent: ActionBlock | None = None  # the 节 a （一） heading sits in


@dataclass
class BoxCategory:
    """A （一）… heading inside a 专栏 box and the paragraphs under it."""

    title: str
    offset: int
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class BoxBlock:
    """A 专栏 box (专栏1 绿色发展工程): named works grouped by category."""

    number: str
    title: str
    offset: int
    chapter: str | None  # notation of the enclosing chapter/section: 第三章
    action: str | None  # notation of the enclosing 节 or action: 第三章第三节
    categories: list[BoxCategory] = field(default_factory=list)
    end: int = 0


@dataclass
class SectionBlock:
    number: str
    title: str
    kind: SectionKind
    offset: int
    actions: list[ActionBlock] = field(default_factory=list)
    loose_tasks: list[TaskBlock] = field(default_factory=list)  # numbered tasks before any action
    chapter: bool = False  # a 第X章 heading (or 第X部分, 第X篇)
    unit: str = "章"  # the word of a chapter heading: 章, 部分, 篇
    lead_tasks: list[TaskBlock] = field(default_factory=list)  # lead-phrase paragraphs before any action
    end: int = 0

    @property
    def notation(self) -> str:
        return f"第{self.number}{self.unit}" if self.chapter else self.number


@dataclass
class Outline:
    preamble: list[Paragraph]
    sections: list[SectionBlock]
    goals: list[Paragraph]  # paragraphs of goal sections (for plan-level targets)
    appendix_offset: int | None
    boxes: list[BoxBlock] = field(default_factory=list)
    appendix: list[Paragraph] = field(default_factory=list)  # paragraphs from the appendix on


def section_kind(title: str) -> SectionKind:
    for kind, pattern in _KIND_WORDS:
        if pattern.search(title):
            return kind
    return "tasks"


def lead_sentence(text: str) -> str | None:
    """The short lead sentence a paragraph opens with (优化产业布局。…), or None."""
    m = _LEAD.match(text)
    if not m or _NOT_LEAD.match(text):
        return None
    lead = m.group("lead").strip()
    if len(re.sub(r"\s", "", lead)) < 2 or lead.count("，") + lead.count(",") > 2:
        return None
    if text[m.end() - 1] in "：:" and _INTRO.search(lead):
        return None  # 主要任务如下：… introduces a list
    return lead


def owner_heading(text: str) -> re.Match[str] | None:
    """A unit heading (市生态环境局负责：, optionally with inline items （1）…), or None."""
    m = _OWNER.match(text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if rest and not (_PAREN_TASK.match(rest) or _TASK.match(rest)):
        return None
    return m


def _heading(text: str) -> bool:
    return len(text) <= 60 and "。" not in text[:-1]


class _Reader:
    def __init__(self) -> None:
        self.preamble: list[Paragraph] = []
        self.sections: list[SectionBlock] = []
        self.goals: list[Paragraph] = []
        self.boxes: list[BoxBlock] = []
        self.appendix: list[Paragraph] = []
        self.appendix_offset: int | None = None
        self.section: SectionBlock | None = None
        self.part: ActionBlock | None = None  # a 节 (or 一、 inside a chapter)
        self.action: ActionBlock | None = None  # the innermost block holding tasks
        self.task: TaskBlock | None = None
        self.box: BoxBlock | None = None
        self.owner: Paragraph | None = None
        self.table: TableHeader | None = None
        self.seen_heading = False
        self.next_text = ""  # the paragraph after the one being read
        self.table_category: ActionBlock | None = None  # the action a task table's category started
        self.table_categories = 0
        self.table_parent: ActionBlock | None = None  # the action a task table started in
        self.appendix_label = "附件"  # the appendix being read: 附件1, its title, its offset
        self.appendix_title = ""
        self.appendix_at = 0

    # context

    def kind(self) -> SectionKind:
        if self.part is not None and self.part.section_kind:
            return self.part.section_kind
        return self.section.kind if self.section else "preamble"

    def prefix(self) -> str:
        """Notation of the enclosing chapter (and 节) for actions inside a chapter-style outline."""
        if self.section is None or not self.section.chapter:
            return ""
        return self.part.number if self.part is not None else self.section.notation

    def _close_blocks(self) -> None:
        self.task = None
        self.box = None
        self.owner = None
        self.table = None

    def add_task(self, tb: TaskBlock) -> None:
        tb.owner = tb.owner or self.owner
        if self.action is not None:
            self.action.tasks.append(tb)
        elif self.section is not None:
            self.section.loose_tasks.append(tb)
        self.task = tb

    def add_lead_task(self, tb: TaskBlock) -> None:
        holder = self.action if self.action is not None else self.section
        if holder is None:
            return
        tb.number = str(len(holder.lead_tasks) + 1)
        holder.lead_tasks.append(tb)
        self.task = tb

    # paragraphs

    def read(self, paragraphs: list[tuple[int, str]]) -> Outline:
        for i, (off, text) in enumerate(paragraphs):
            self.next_text = paragraphs[i + 1][1] if i + 1 < len(paragraphs) else ""
            if self.appendix_offset is None and self.seen_heading and _APPENDIX.match(text):
                self.appendix_offset = off
                self.section = self.part = self.action = None
                self._close_blocks()
            if self.appendix_offset is not None:
                self.appendix.append(Paragraph(off, text))
                self.appendix_paragraph(Paragraph(off, text))
                continue
            if ("\t" in text or "..." in text or "……" in text or "···" in text) and _TOC_ENTRY.search(text):
                continue  # a table-of-contents line: 第一章 规划基础.....3
            self.paragraph(Paragraph(off, text))
        return Outline(self.preamble, self.sections, self.goals, self.appendix_offset, self.boxes,
                       self.appendix)

    def appendix_paragraph(self, para: Paragraph) -> None:
        """In the appendix only task tables count: 附件1 重点任务分解表 ⏎ 序号 ⇥ 任务 ⇥ 牵头单位 … gives
        an action 附件1 whose tasks are the rows."""
        text = para.text
        m = _APPENDIX.match(text)
        if m:
            self.appendix_label = re.sub(r"[\s:：]", "", m.group()) or "附件"
            self.appendix_title = text[m.end():].strip()
            self.appendix_at = para.offset
            self.section = self.action = None
            self.table = None
            return
        if self.table is not None:
            if self.category_row(text):
                self.table_action(text, para)
                return
            if self.table_row(para):
                return
            self.table = None
        header = read_header(split_row(text))
        if header is not None:
            label = self.appendix_label
            title = self.appendix_title or label
            self.section = SectionBlock(label, title, "tasks", self.appendix_at)
            self.sections.append(self.section)
            self.action = self.part = None
            self.table = header
        elif not self.appendix_title and len(text) <= 40 and "。" not in text:
            self.appendix_title = text.strip()  # 附件1 ⏎ 重点任务分解表

    def paragraph(self, para: Paragraph) -> None:
        text, off = para.text, para.offset
        m = _CHAPTER.match(text)
        if m and _heading(text):
            self.start_section(m.group("num"), m.group("title"), off, chapter=True, unit=m.group("unit"))
            return
        if self.table is not None and self.category_row(text):
            self.table_action(text, para)  # 一、大气污染防治 over the rows that follow
            return
        m = _SECTION.match(text)
        if m and _heading(text):
            if self.section is not None and self.section.chapter and self.part is not None \
                    and self.part.number.endswith("节"):
                self.start_action(m.group("num"), m.group("title"), para, numbered="、")  # 第一节 一、… → 第三章第一节一
            elif self.section is not None and self.section.chapter:
                self.start_part(m.group("num"), m.group("title"), para)  # 第三章 一、… → 第三章一
            else:
                self.start_section(m.group("num"), m.group("title"), off, chapter=False)
            return
        if not self.seen_heading:
            self.preamble.append(para)
            return
        m = _PART.match(text)
        if m and _heading(text) and self.section is not None:
            self.start_part(f"第{m.group('num')}节", m.group("title"), para)
            return
        m = _BOX.match(text)
        if m and len(text) <= 40 and "。" not in text:
            self.start_box(m.group("num"), m.group("title"), off)
            return
        if self.box is not None and self.box.categories and self.ends_box(text):
            self.box = None  # prose after the box: the tasks go on
        if self.box is not None:
            self.box_paragraph(para)
            return
        if self.section is None:
            return
        m = _ACTION.match(text)
        if m:
            self.start_action(m.group("num"), m.group("title"), para)
            return
        if self.table_row(para):
            return
        if self.owner_paragraph(para):
            return
        if self.numbered(para):
            return
        self.plain(para)

    def start_section(self, num: str, title: str, off: int, chapter: bool, unit: str = "章") -> None:
        self.seen_heading = True
        title = title.strip().rstrip("。")
        self.section = SectionBlock(num, title, section_kind(title), off, chapter=chapter, unit=unit)
        self.sections.append(self.section)
        self.part = self.action = None
        self._close_blocks()

    def start_part(self, notation: str, title: str, para: Paragraph) -> None:
        assert self.section is not None
        title = title.strip().rstrip("。")
        own = section_kind(title)
        number = (self.section.notation if self.section.chapter else self.section.number + "、") + notation
        self.part = ActionBlock(number, title, para.offset, para.offset + len(para.text), para, kind="section",
                                section_kind=own if own != "tasks" else None)
        self.section.actions.append(self.part)
        self.action = self.part
        self._close_blocks()

    def start_action(self, num: str, title: str, para: Paragraph, numbered: str = "（") -> None:
        """An action heading: （一） (``numbered`` "（"), or 一、 inside a 节 (``numbered`` "、")."""
        assert self.section is not None
        title = re.split(r"[。]", title, maxsplit=1)[0].strip()
        prefix = self.prefix()
        number = num if not prefix else (f"{prefix}（{num}）" if numbered == "（" else f"{prefix}{num}")
        block = ActionBlock(number, title, para.offset, para.offset + len(para.text), para)
        if self.part is not None:
            block.section_kind = self.part.section_kind
            block.parent = self.part
        self.section.actions.append(block)
        self.action = block
        self._close_blocks()
        m = owner_heading(title + "：") if title.endswith(("负责", "牵头")) else owner_heading(title)
        if m:
            self.owner = para

    def start_box(self, num: str, title: str, off: int) -> None:
        self.seen_heading = True
        self.task = self.owner = self.table = None
        chapter = self.section.notation if self.section is not None else None
        action = self.action.number if self.action is not None else None
        self.box = BoxBlock(num, title.strip(), off, chapter, action, end=off)
        self.boxes.append(self.box)

    @staticmethod
    def ends_box(text: str) -> bool:
        """A long lead-phrase paragraph naming no 项目/工程 (加强扬尘治理。强化工地扬尘污染防治，…) is
        the text going on after a box, not a line of it."""
        return len(text) > 40 and lead_sentence(text) is not None and not _WORK_WORD.search(text) \
            and not _ACTION.match(text)

    def box_paragraph(self, para: Paragraph) -> None:
        box = self.box
        assert box is not None
        m = _ACTION.match(para.text)
        if m:
            box.categories.append(BoxCategory(re.split(r"[。]", m.group("title"), maxsplit=1)[0].strip(),
                                              para.offset))
        else:
            if not box.categories:
                box.categories.append(BoxCategory("", para.offset))
            box.categories[-1].paragraphs.append(para)
        box.end = para.offset + len(para.text)

    def table_action(self, text: str, para: Paragraph) -> None:
        """A category of a task table (a merged row, or the category column) starts an action:
        numbered as written (一、大气 → 一), else by its position among the table's categories."""
        if self.table_category is not None and self.table_category.title == text.strip():
            return
        if self.table_parent is not None and self.table_parent.kind == "action":
            return  # a table inside a （一） action: its categories stay inside it
        m = _SECTION.match(text) or _ACTION.match(text)
        if m:
            num, title = m.group("num"), m.group("title")
        else:
            self.table_categories += 1
            num, title = str(self.table_categories), text
        table = self.table
        self.start_action(num, title, para)
        self.table = table  # the table goes on
        self.table_category = self.action

    def category_row(self, text: str) -> bool:
        """A row of one merged cell inside a table (一、大气污染防治 over the rows that follow)."""
        return len(split_row(text)) == 1 and len(text) <= 20 and "。" not in text \
            and len(split_row(self.next_text)) >= 2

    def table_row(self, para: Paragraph) -> bool:
        cells = split_row(para.text)
        if self.table is None:
            header = read_header(cells)
            if header is None:
                return False
            self.table = header
            self.task = None
            self.table_category, self.table_categories = None, 0
            self.table_parent = self.action
            return True
        if len(cells) < 2:
            self.table = None
            return False
        row = self.table.row(cells, para.offset)
        col = self.table.category_col
        if col is not None and col < len(cells) and cells[col][1]:
            self.table_action(cells[col][1], Paragraph(para.offset + cells[col][0], cells[col][1]))
        if row is None:
            return True  # a row without a task (a category spanning the table)
        number, task_cell = row.number, row.task_cell
        holder = self.action if self.action is not None else self.section
        assert holder is not None
        if not number:
            number = str(len(holder.tasks if isinstance(holder, ActionBlock) else holder.loose_tasks) + 1)
        tb = TaskBlock(number, task_cell.offset, task_cell.offset, [Paragraph(task_cell.offset, task_cell.text)],
                       numbering="row", cells=row.cells, table=self.table)
        self.add_task(tb)
        self.task = None  # rows never take continuation paragraphs
        return True

    def owner_paragraph(self, para: Paragraph) -> bool:
        text = para.text
        m = _TASK.match(text)
        body, body_at = (m.group("body"), m.start("body")) if m else (text, 0)
        om = owner_heading(body)
        if om is None or len(om.group("unit")) > 40:
            return False
        self.owner = para
        self.task = None
        rest = om.group("rest")
        if rest.strip():
            start = body_at + om.start("rest")
            self.inline_items(para, start)
        return True

    def inline_items(self, para: Paragraph, start: int) -> None:
        """Items （1）…（2）… written inline after a unit heading."""
        text = para.text
        marks = [m for m in _INLINE_ITEM.finditer(text, start)
                 if m.start() == start or text[m.start() - 1] in "。；;，, \u3000"]
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            piece = text[m.start():end].rstrip("；; \u3000")
            tb = TaskBlock(m.group(1) or m.group(2), para.offset + m.start(), para.offset + m.end(),
                           [Paragraph(para.offset + m.start(), piece)], numbering="paren")
            self.add_task(tb)
        self.task = None

    def numbered(self, para: Paragraph) -> bool:
        text, off = para.text, para.offset
        m = _TASK.match(text)
        if m:
            self.add_task(TaskBlock(m.group("num"), off, off + m.start("body"), [para]))
            return True
        for pattern, numbering in ((_PAREN_TASK, "paren"), (_CIRCLED_TASK, "circled")):
            m = pattern.match(text)
            if m:
                if self.task is not None and self.task.numbering in ("number", "row", "ordinal") \
                        and self.owner is None:
                    self.task.paragraphs.append(para)  # a sub-item of the numbered task
                else:
                    self.add_task(TaskBlock(m.group("num"), off, off + m.start("body"), [para],
                                            numbering=numbering))
                return True
        m = _SECTION.match(text)
        if m and self.kind() == "tasks" and self.section is not None and self.section.chapter \
                and (self.task is None or self.task.numbering in ("lead", "ordinal")):
            # 一、优化产业布局。落实… inside a chapter: a task numbered 一 (its heading form is taken above)
            self.add_task(TaskBlock(m.group("num"), off, off + m.start("title"), [para], numbering="ordinal"))
            return True
        m = _ORDINAL_TASK.match(text)
        if m and self.kind() == "tasks":
            if self.task is not None and self.task.numbering == "number":
                self.task.paragraphs.append(para)
            else:
                self.add_task(TaskBlock(m.group("num"), off, off + m.start("body"), [para],
                                        numbering="ordinal"))
            return True
        return False

    def plain(self, para: Paragraph) -> None:
        kind = self.kind()
        if self.task is not None and find_note(para.text) is not None and find_note(para.text)[0] == 0:
            self.task.paragraphs.append(para)  # a note on its own line (牵头单位：…) closes the task above
            return
        if kind == "tasks" and lead_sentence(para.text) is not None and (
                self.task is None or self.task.numbering == "lead"):
            self.add_lead_task(TaskBlock("", para.offset, para.offset, [para], numbering="lead"))
            return
        if self.task is not None:
            self.task.paragraphs.append(para)
        elif kind == "goals":
            self.goals.append(para)


def read_outline(paragraphs: list[tuple[int, str]]) -> Outline:
    """The outline of a document's paragraphs ((clean offset, text) pairs)."""
    return _Reader().read(paragraphs)
