"""The extraction pipeline: outline → metadata → notes, units, deadlines, targets → a Plan."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.documents import Document
from kg.errors import ExtractionError
from kg.extract.deadlines import DeadlineContext, find_deadlines
from kg.extract.departments import JurisdictionContext, canonicalise
from kg.extract.metadata import level_of, place_of, read_metadata
from kg.extract.outline import ActionBlock, Paragraph, SectionBlock, TaskBlock, read_outline
from kg.extract.responsibility import find_note, parse_note
from kg.extract.targets import TargetContext, find_indicator_tables, find_targets
from kg.records import Action, Deadline, Plan, Problem, Target, Task, UnitMention

__all__ = ["extract"]

_TITLE_END = re.compile(r"[。！？!?]")


def extract(doc: Document) -> tuple[Plan, list[Problem]]:
    """Read one document. Raises :class:`ExtractionError` when it holds no tasks at all."""
    problems: list[Problem] = []
    outline = read_outline(doc.paragraphs)
    md = read_metadata([(p.offset, p.text) for p in outline.preamble], doc.clean.text, doc.fields,
                       doc.path.stem)
    parents: dict[str, str] = {}
    for ref, _ in md.parents:
        place = place_of(ref.title)
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

    for section in outline.sections:
        for block in _action_blocks(section):
            tasks = []
            for tb in block.tasks:
                task, standing = _task(doc, tb, block, jctx, dctx, tctx, standing, problems)
                if task is not None:
                    tasks.append(task)
            if not tasks:
                continue
            action = Action(number=block.number, title=block.title,
                            span=doc.clean.span(block.offset, block.tasks[-1].end), tasks=tasks)
            plan.actions.append(action)

    tables = [replace(f.target, span=doc.clean.span(f.start, f.end))
              for f in find_indicator_tables(doc.clean.text, tctx)]  # 主要指标表 rows (targets helper)
    rows = [(t.span.start, t.span.end) for t in tables if t.span]
    for para in outline.goals:
        start = doc.clean.span(para.offset, para.offset + len(para.text)).start if para.text else None
        if start is not None and any(a <= start < b for a, b in rows):
            continue  # a table row: read as a row, not as a sentence
        plan.targets.extend(_targets(doc, para.text, lambda i, p=para: p.offset + i, tctx))
    plan.targets.extend(tables)
    plan.targets.sort(key=lambda t: t.span.start if t.span else -1)

    if not plan.tasks:
        raise ExtractionError(
            "no tasks found: expected numbered tasks (1. …) under headings such as 三、重点任务 or "
            "（一）…行动, each followed by a responsibility note （…牵头，…配合）",
            path=str(doc.path))
    return plan, problems


def _action_blocks(section: SectionBlock) -> list[ActionBlock]:
    """The actions of a section, the section itself standing in for an action around loose tasks,
    and noted （一） items without numbered tasks turned into tasks of the section."""
    blocks: list[ActionBlock] = []
    stand_in = ActionBlock(section.number, section.title, section.offset, section.offset, None)
    stand_in.tasks.extend(section.loose_tasks)
    for action in section.actions:
        if action.tasks:
            if section.kind == "tasks" or any(_has_note(t.text) for t in action.tasks):
                blocks.append(action)
        elif action.paragraph is not None and _has_note(action.paragraph.text):
            text = action.paragraph.text
            body = len(text) - len(text.lstrip("（(一二三四五六七八九十)） "))
            stand_in.tasks.append(TaskBlock(action.number, action.offset, action.offset + body,
                                            [Paragraph(action.offset, text)]))
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
    note_at = find_note(text)
    body = text[: note_at[0]] if note_at else text
    title = _TITLE_END.split(body, maxsplit=1)[0].strip()
    span = doc.clean.span(tb.offset, tb.end)
    task = Task(number=tb.number, title=title, text=text.strip(), span=span)
    where = f"task {block.number}.{tb.number}"
    if note_at:
        note = text[note_at[0]: note_at[1]]
        reading = parse_note(note, standing)
        standing = standing + [m for m in reading.declared if m not in standing]
        task.note = note
        task.note_span = doc.clean.span(tb.to_clean(note_at[0]), tb.to_clean(note_at[1] - 1) + 1)
        task.units = _dedupe([canonicalise(m, jctx) for m in reading.mentions])
        if not task.units_in("lead") and not task.units_in("implement"):
            problems.append(Problem(doc.name, f"{where}: the note names no lead unit", span.line))
    else:
        reading = parse_note("", standing) if standing else None
        if reading:
            task.units = _dedupe([canonicalise(m, jctx) for m in reading.mentions])
        problems.append(Problem(doc.name, f"{where}: no responsibility note", span.line))
    for found in find_deadlines(body, dctx):
        task.deadlines.append(_with_span(found.deadline, doc, tb, found.start, found.end))
    task.targets = _targets(doc, body, tb.to_clean, tctx)
    return task, standing


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
