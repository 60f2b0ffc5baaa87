"""The extraction pipeline: outline → metadata → notes, units, deadlines, targets → a Plan.

Besides the actions and tasks, a chapter-style plan (五年规划) gives its chapters
(:class:`kg.records.Chapter`), the named works of its 专栏 boxes (:class:`kg.records.Project`,
:mod:`kg.extract.projects`) and the enterprise lists of its appendix
(:class:`kg.records.Enterprise`, :mod:`kg.extract.tables`); a task is tied to the enterprises
whose names it writes, or to every row of an appendix table it cites (见附表1).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.documents import Document
from kg.errors import ExtractionError
from kg.extract.deadlines import DeadlineContext, find_deadlines
from kg.extract.departments import JurisdictionContext, canonicalise
from kg.extract.metadata import level_of, place_chain, place_of, read_metadata
from kg.extract.outline import (ActionBlock, Outline, Paragraph, SectionBlock, TaskBlock, lead_sentence,
                                owner_heading, read_outline)
from kg.extract.projects import is_category_line, place_level, place_of as work_place, works
from kg.extract.responsibility import find_note, parse_note
from kg.extract.tables import header_for, read_enterprises
from kg.extract.targets import TargetContext, find_indicator_tables, find_targets, goal_paragraphs
from kg.records import (Action, Chapter, Deadline, Enterprise, Plan, Problem, Project, Span, Target, Task,
                        UnitMention)

__all__ = ["extract"]

_TITLE_END = re.compile(r"[。！？!?]")
_LEAD_COLON = re.compile(r"^[^。！？!?；;：:]{2,32}?[：:]")


def extract(doc: Document) -> tuple[Plan, list[Problem]]:
    """Read one document. Raises :class:`ExtractionError` when it holds no tasks at all."""
    problems: list[Problem] = []
    outline = read_outline(doc.paragraphs)
    md = read_metadata([(p.offset, p.text) for p in outline.preamble], doc.clean.text, doc.fields,
                       doc.path.stem)
    parents: dict[str, str] = {}
    # enclosing jurisdictions: those the title names before the plan's own (新乡市红旗区…), then the
    # places of the plans it is based on (依据《新乡市…方案》)
    outer = place_chain(md.title)[:-1] if md.title and not md.title_inferred else []
    for place in [*reversed(outer), *(place_of(ref.title) for ref, _ in md.parents)]:
        level = level_of(place) if place else None
        if place and level and place != md.jurisdiction and level not in parents:
            parents[level] = place
    plan = Plan(
        document=doc.name,
        title=md.title or doc.path.stem,
        title_inferred=md.title_inferred,
        identifier=md.identifier,
        issuer=md.issuer,
        issued=md.issued,
        period_start=md.period_start,
        period_end=md.period_end,
        jurisdiction=md.jurisdiction,
        level=md.level,
        parent_jurisdictions=parents,
        title_span=doc.clean.span(*md.title_at) if md.title_at else None,
    )
    for ref, (start, end) in md.parents:
        plan.parents.append(type(ref)(ref.title, ref.identifier, doc.clean.span(start, end)))
    if md.title_inferred:
        problems.append(Problem(doc.name, f"no title at the top; inferred “{plan.title}”"))
    if md.jurisdiction is None:
        problems.append(Problem(doc.name, "could not tell the plan's jurisdiction; units keep their names"))

    jctx = JurisdictionContext(name=md.jurisdiction, level=md.level, parents=parents)
    dctx = DeadlineContext(period_start=md.period_start, period_end=md.period_end,
                           issued_year=md.issued.year if md.issued else None)
    tctx = TargetContext(jurisdiction=md.jurisdiction, period_end=md.period_end)
    standing: list[UnitMention] = []

    chapters: dict[int, Chapter] = {}
    for section in outline.sections:
        chapter = None
        if section.chapter:
            end = max([section.offset + 1] + [b.end for b in _all_blocks(section)])
            chapter = Chapter(section.notation, section.title, doc.clean.span(section.offset, end))
            chapters[section.offset] = chapter
            plan.chapters.append(chapter)
        for block in _action_blocks(section):
            tasks = []
            for tb in block.tasks:
                task, standing = _task(doc, tb, block, jctx, dctx, tctx, standing, problems)
                if task is not None:
                    tasks.append(task)
            if not tasks:
                continue
            action = Action(number=block.number, title=block.title,
                            span=doc.clean.span(block.offset, block.tasks[-1].end), tasks=tasks,
                            kind=block.kind, chapter=chapter)
            plan.actions.append(action)
    plan.projects = _projects(doc, outline, plan.chapters)
    plan.enterprises = _enterprises(doc, outline)
    _tie_enterprises(plan)

    tables = [replace(f.target, span=doc.clean.span(f.start, f.end))
              for f in find_indicator_tables(doc.clean.text, tctx)]  # 主要指标表 rows (targets helper)
    rows = [(t.span.start, t.span.end) for t in tables if t.span]
    rows += [(t.span.start, t.span.end) for t in plan.tasks]  # a goal heading's text inside a task is the task's
    goals = [(p.offset, p.text) for p in outline.goals]
    goals += [(o, t) for o, t in goal_paragraphs(doc.paragraphs)  # （二）主要目标 under 一、总体要求 (targets helper)
              if not any(g <= o < g + len(gt) for g, gt in goals)]
    for offset, para_text in goals:
        start = doc.clean.span(offset, offset + len(para_text)).start if para_text else None
        if start is not None and any(a <= start < b for a, b in rows):
            continue  # a table row: read as a row, not as a sentence
        plan.targets.extend(_targets(doc, para_text, lambda i, o=offset: o + i, tctx))
    plan.targets.extend(tables)
    plan.targets.sort(key=lambda t: t.span.start if t.span else -1)

    if not plan.tasks:
        raise ExtractionError(
            "no tasks found: expected numbered tasks (1. …) under headings such as 三、重点任务 or "
            "（一）…行动, each followed by a responsibility note （…牵头，…配合）; or, in a plan of "
            "chapters (第三章 … 第一节 …), paragraphs opening with a short lead sentence (优化产业布局。…); "
            "or a table with 任务 and 牵头单位/完成时限 columns",
            path=str(doc.path))
    return plan, problems


def _all_blocks(section: SectionBlock):
    for a in section.actions:
        yield from a.tasks
        yield from a.lead_tasks
    yield from section.loose_tasks
    yield from section.lead_tasks


def _action_blocks(section: SectionBlock) -> list[ActionBlock]:
    """The actions of a section, the section itself standing in for an action around loose tasks,
    and noted （一） items without numbered tasks turned into tasks of the section. A block without
    numbered tasks takes its lead-phrase paragraphs as tasks; a chapter's own lead-phrase
    paragraphs are its introduction when its 节 hold tasks."""
    blocks: list[ActionBlock] = []
    stand_in = ActionBlock(section.notation, section.title, section.offset, section.offset, None,
                           kind="chapter" if section.chapter else "action")
    stand_in.tasks.extend(section.loose_tasks)
    for action in section.actions:  # （一）优化产业布局。落实… inside a 节: a task of the 节
        kind = action.section_kind or section.kind
        if (action.parent is not None and kind == "tasks" and not action.tasks and not action.lead_tasks
                and action.paragraph is not None and action.kind == "action"):
            text = action.paragraph.text
            head = len(text) - len(text.lstrip("（(一二三四五六七八九十)） "))
            lead = lead_sentence(text[head:])
            if lead is not None and len(text[head:].strip()) > len(lead) + 1:
                action.parent.tasks.append(TaskBlock(action.number.rsplit("（", 1)[-1].rstrip("）"), action.offset,
                                                     action.offset + head, [Paragraph(action.offset, text)]))
                action.paragraph = None  # taken
    for action in section.actions:
        kind = action.section_kind or section.kind
        if not action.tasks and action.lead_tasks and kind == "tasks":
            action.tasks = list(action.lead_tasks)
        if action.tasks:
            if kind == "tasks" or any(_has_note(t.text) for t in action.tasks):
                blocks.append(action)
        elif action.paragraph is not None and action.kind == "action" and _has_note(action.paragraph.text):
            text = action.paragraph.text
            body = len(text) - len(text.lstrip("（(一二三四五六七八九十)） "))
            stand_in.tasks.append(TaskBlock(action.number, action.offset, action.offset + body,
                                            [Paragraph(action.offset, text)]))
    if not stand_in.tasks and section.lead_tasks and section.kind == "tasks" and not blocks:
        stand_in.tasks.extend(section.lead_tasks)
    if stand_in.tasks and (section.kind == "tasks" or any(_has_note(t.text) for t in stand_in.tasks)):
        stand_in.end = stand_in.tasks[-1].end
        blocks.insert(0, stand_in)
    return blocks


def _has_note(text: str) -> bool:
    return find_note(text) is not None


def _task(doc: Document, tb: TaskBlock, block: ActionBlock, jctx: JurisdictionContext,
          dctx: DeadlineContext, tctx: TargetContext, standing: list[UnitMention],
          problems: list[Problem]) -> tuple[Task | None, list[UnitMention]]:
    text = tb.text
    note, note_span, body_end = _note_of(doc, tb, text)
    body = text[:body_end]
    title = _TITLE_END.split(body, maxsplit=1)[0].strip()
    if tb.numbering == "lead" and (colon := _LEAD_COLON.match(body)) and len(colon.group()) < len(title):
        title = colon.group()[:-1].strip()  # 优化产业布局：落实… → 优化产业布局
    end = max(tb.end, tb.cells[-1].offset + len(tb.cells[-1].text)) if tb.cells else tb.end
    span = doc.clean.span(min([tb.offset] + [c.offset for c in tb.cells[:1]]), end)  # a table row: all of it
    task = Task(number=tb.number, title=title, text=text.strip(), span=span)
    where = f"task {block.number}.{tb.number}"
    if note is not None:
        owner = _owner_words(tb.owner)
        reading = parse_note(note, standing)
        standing = standing + [m for m in reading.declared if m not in standing]
        mentions = list(reading.mentions)
        if owner and note != owner:  # the unit heading leads unless the task's own note names a lead
            owned = parse_note(owner).mentions
            if not any(m.role == "lead" for m in mentions):
                mentions = owned + [m for m in mentions if m not in owned]
            note = owner + "；" + note
        task.note, task.note_span = note, note_span
        task.units = _dedupe([canonicalise(m, jctx) for m in mentions])
        if not task.units_in("lead") and not task.units_in("implement"):
            problems.append(Problem(doc.name, f"{where}: the note names no lead unit", span.line))
    else:
        reading = parse_note("", standing) if standing else None
        if reading:
            task.units = _dedupe([canonicalise(m, jctx) for m in reading.mentions])
        if tb.numbering != "lead":  # lead-phrase tasks of a 五年规划 carry no notes as a rule
            problems.append(Problem(doc.name, f"{where}: no responsibility note", span.line))
    # deadlines anywhere in the task: its sentences, its note (…配合，2024年底前完成）) and a
    # closing phrase after the note
    for found in find_deadlines(text, dctx):
        task.deadlines.append(_with_span(found.deadline, doc, tb, found.start, found.end))
    task.deadlines.extend(_row_deadlines(doc, tb, dctx))
    task.targets = _targets(doc, body, tb.to_clean, tctx)
    return task, standing


def _note_of(doc: Document, tb: TaskBlock, text: str) -> tuple[str | None, Span | None, int]:
    """The responsibility note of a task (its own trailing note, the unit columns of its table row,
    or the unit heading over it), the note's span, and where the task's text ends before the note."""
    if tb.table is not None:
        note, _ = header_for(tb.table, tb.cells)
        if note:  # 牵头单位：X；配合单位：Y from the unit columns
            cells = [c for c in tb.cells if c.text and c.text in note]
            return note, doc.clean.span(cells[0].offset, cells[-1].offset + len(cells[-1].text)), len(text)
    else:
        at = find_note(text)
        if at:
            return (text[at[0]:at[1]], doc.clean.span(tb.to_clean(at[0]), tb.to_clean(at[1] - 1) + 1), at[0])
    owner = _owner_words(tb.owner)
    if owner and tb.owner is not None:
        return owner, doc.clean.span(tb.owner.offset, tb.owner.offset + len(tb.owner.text)), len(text)
    return None, None, len(text)


def _row_deadlines(doc: Document, tb: TaskBlock, dctx: DeadlineContext) -> list[Deadline]:
    """Deadlines of the time column of a table row (完成时限: 2024年底前), spans in the cell."""
    if tb.table is None or tb.table.time_col is None or tb.table.time_col >= len(tb.cells):
        return []
    cell = tb.cells[tb.table.time_col]
    return [replace(f.deadline, span=doc.clean.span(cell.offset + f.start, cell.offset + f.end))
            for f in find_deadlines(cell.text, dctx)]


def _owner_words(owner: Paragraph | None) -> str | None:
    """The unit heading over a task as a note: 1.市生态环境局负责： → 市生态环境局负责."""
    if owner is None:
        return None
    text = re.sub(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])\s*", "", owner.text)
    m = owner_heading(text) or owner_heading(text.rstrip("。 ") + "：")  # （一）市生态环境局负责
    return (m.group("unit") + m.group("words")).strip() if m else None


def _projects(doc: Document, outline: Outline, chapters: list[Chapter]) -> list[Project]:
    """The named works of every 专栏 box, in order."""
    by_notation = {c.number: c for c in chapters}
    out: list[Project] = []
    for box in outline.boxes:
        heading = f"专栏{box.number} {box.title}".strip()
        chapter = by_notation.get(box.chapter or "")
        category: str | None = None
        for cat in box.categories:
            category = cat.title or None
            found = 0
            for para in cat.paragraphs:
                if not cat.title and found == 0 and is_category_line(para.text) and len(cat.paragraphs) > 1:
                    category = para.text.strip().rstrip("。.")
                    continue
                for w in works(para.text):
                    found += 1
                    out.append(_project(w.name, heading, category, chapter,
                                        doc.clean.span(para.offset + w.start, para.offset + w.end)))
            if not found and category:
                end = max([cat.offset + 1] + [p.offset + len(p.text) for p in cat.paragraphs])
                out.append(_project(category, heading, category, chapter, doc.clean.span(cat.offset, end)))
    return out


def _project(name: str, box: str, category: str | None, chapter: Chapter | None, span) -> Project:
    place = work_place(name)
    return Project(name, box, category, place, place_level(place) if place else None, chapter, span)


def _enterprises(doc: Document, outline: Outline) -> list[Enterprise]:
    rows = read_enterprises([(p.offset, p.text) for p in outline.appendix])
    return [Enterprise(r.name, r.number or None, r.county, r.township, r.industry, r.table or None,
                       doc.clean.span(r.start, r.end)) for r in rows]


_TABLE_REF = re.compile(r"附\s*表\s*(\d+|[一二三四五六七八九十]+)")


_TOPIC_HEAD = re.compile(r"^附\s*表\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]?\s*(?:.*?\d{4}\s*年(?:度)?)?\s*(?:涉)?")
_TOPIC_TAIL = re.compile(r"(?:企业|单位)?(?:任务|工作|重点)?(?:清单|名单|名录|一览表|明细表|台账|表)$")
#: A table's topic ties it to a task whose title shares this many characters with it, in a row.
TOPIC_OVERLAP = 6


def table_topic(title: str) -> str:
    """What an appendix table is about: 附表4 南召县2024年水泥行业超低排放改造任务清单 → 水泥行业超低排放改造."""
    return _TOPIC_TAIL.sub("", _TOPIC_HEAD.sub("", title.strip())).strip()


def _overlap(a: str, b: str) -> int:
    """Length of the longest run of characters ``a`` and ``b`` share."""
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _tie_enterprises(plan: Plan) -> None:
    """A task names an enterprise (its full name), cites the appendix table it is listed in (见附表1),
    or has a title sharing at least :data:`TOPIC_OVERLAP` characters in a row with the table's topic
    (推进矿山生态环境综合治理 ~ 矿山生态环境综合整治任务清单); a task names a project of a 专栏 box
    (its full name)."""
    for task in plan.tasks:
        for k, project in enumerate(plan.projects, 1):
            if len(project.name) >= 6 and project.name in task.text:
                task.projects.append(k)
    for task in plan.tasks:
        cited = {m.group(1) for m in _TABLE_REF.finditer(task.text)}
        for k, e in enumerate(plan.enterprises, 1):
            table = _TABLE_REF.match(e.table or "")
            topic = table_topic(e.table or "")
            if e.name in task.text or (table and table.group(1) in cited) or (
                    len(topic) >= TOPIC_OVERLAP and _overlap(topic, task.title) >= TOPIC_OVERLAP):
                task.enterprises.append(k)


def _dedupe(units):
    seen, out = set(), []
    for u in units:
        key = (u.role, u.canonical)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def _with_span(d: Deadline, doc: Document, tb: TaskBlock, start: int, end: int) -> Deadline:
    return replace(d, span=doc.clean.span(tb.to_clean(start), tb.to_clean(end - 1) + 1))


def _targets(doc: Document, text: str, to_clean, tctx: TargetContext) -> list[Target]:
    return [replace(f.target, span=doc.clean.span(to_clean(f.start), to_clean(f.end - 1) + 1))
            for f in find_targets(text, tctx)]
