"""Reading a responsibility note: which units lead, support and implement a task (DESIGN §4).

A task paragraph of the genre ends with a note in brackets::

    …建设。（市发展改革委、交通运输局牵头，市自然资源和规划局、生态环境局配合，
    各县〔市、区〕政府〔管委会〕负责落实）

or carries it on its own line (牵头单位：X；配合单位：Y；责任单位：Z).

:func:`find_note` locates the note in a paragraph, :func:`parse_note` reads it.

Rules of :func:`parse_note`:

- The note is split at top-level ，,；;。 (never inside brackets) into segments. A segment that ends
  with role words closes a group (the units before the role words, plus any earlier segments
  without role words joined by a comma: 市发改委，市交通局牵头). A segment that starts with a
  label (牵头单位：, 配合单位：, 责任单位：…) opens a group; following segments without role words
  continue it (牵头单位：市发改委，市交通局；…). Leftover segments without role words are a bare
  unit list; ；and 。 end a bare list.
- Roles, in the order the note gives them:
  牵头, 牵头督导, 按职责分工牵头, 牵头单位：, 责任单位或牵头单位：, X为牵头单位 → lead;
  按(照)职责分工负责, bare 负责 → lead when the note has no lead group (``joint`` when the group
  has several units or says 分工/分别/共同), else support;
  配合, 参与, 协助, 协同, 协办, 配合单位：, 参与单位：, 协助单位： → support;
  负责落实, 落实, 具体落实, 组织实施, 实施单位： → implement;
  责任单位： / 责任部门： → implement after a lead group, else lead;
  a unit list with no role word → lead (``role_words`` = "").
  A unit may carry its own role in brackets: 责任单位：市生态环境局（牵头）、市财政局 → the
  marked unit leads, the others support.
- Units are split at top-level 、 ，, within a group. A trailing 等/等部门/等单位/等有关部门 is dropped.
  A level prefix (市/县/…) or place name distributes over the following units that have none, also
  into later groups of the same note: 市发展改革委、交通运输局 → 市发展改革委, 市交通运输局. It is
  never given to organisations (…公司, 车务段, banks) or collectives. 市场监管局 is a name of its
  own (→ 市市场监管局 in a 市 list): the remainder is checked against the vocabulary.
  A shared suffix distributes backwards over bare place names: 桐柏县、邓州市政府 → 桐柏县政府,
  邓州市政府. Collectives stay whole with their brackets (各县（市、区）政府（管委会）, 相关单位);
  a bare unit after a 各… collective takes 各 (各县（市、区）政府、管委会 → 各管委会).
- A standing declaration (以下均需各县（市、区）人民政府、管委会落实，不再一一列出; 以下任务均由…
  负责落实; or X负责落实，以下不再一一列出 / 下同, which declares the group before it) yields
  ``declared`` mentions: they apply to this task and, through ``standing``, to every later task.
- ``standing`` mentions are appended (``declared=True``) unless the note already names the unit
  with that role.

Nothing here raises on odd input: the parser returns what it can read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.extract.departments import (
    CLOSE_BRACKETS,
    LEVEL_PREFIXES,
    OPEN_BRACKETS,
    clean,
    is_bare_place,
    is_collective,
    is_organization,
    looks_like_unit,
    split_place,
    takes_prefix,
)
from kg.memo import per_text
from kg.records import Role, UnitMention

_HARD_SEPS = "；;。"
_SOFT_SEPS = "，,"
_UNIT_SEPS = "、，,；;"
_TRAILING = "。.．；;，,、 \t\r\n\u3000"

# role kinds before resolution: "resp" (负责 …) depends on the rest of the note, "resp-label"
# (责任单位：) on what comes before it.
_Kind = str

_LABELS: tuple[tuple[str, _Kind], ...] = (
    ("责任单位或牵头单位", "lead"),
    ("牵头单位或责任单位", "lead"),
    ("主要责任单位", "lead"),
    ("牵头单位", "lead"),
    ("牵头部门", "lead"),
    ("主责单位", "lead"),
    ("主责部门", "lead"),
    ("责任单位", "resp-label"),
    ("责任部门", "resp-label"),
    ("配合单位", "support"),
    ("配合部门", "support"),
    ("参与单位", "support"),
    ("参与部门", "support"),
    ("协助单位", "support"),
    ("协办单位", "support"),
    ("协同单位", "support"),
    ("具体落实单位", "implement"),
    ("落实单位", "implement"),
    ("实施单位", "implement"),
    ("牵头", "lead"),
    ("配合", "support"),
    ("参与", "support"),
)
_LABEL_ALT = "|".join(re.escape(w) for w, _ in sorted(_LABELS, key=lambda x: -len(x[0])))
_LABEL_RE = re.compile(rf"^\s*(?P<label>{_LABEL_ALT})\s*[:：]\s*")
_LABEL_KIND = dict(_LABELS)
_LABEL_ANYWHERE = re.compile(rf"(?P<label>{_LABEL_ALT})\s*[:：]")

# role words at the END of a segment; the match that starts earliest wins
_ROLE_PATTERNS: tuple[tuple[re.Pattern[str], _Kind], ...] = tuple(
    (re.compile(rf"(?:{p})$"), kind)
    for p, kind in (
        (r"按照?职[责能](?:分工)?(?:负责|抓好|具体)?落实", "implement"),
        (r"(?:负责|具体|组织|抓好|认真|推动|分别|共同|各自)?落实", "implement"),
        (r"(?:负责|组织|具体)实施", "implement"),
        (r"为(?:落实|实施)(?:单位|部门)", "implement"),
        (r"按照?职[责能](?:分工)?牵头", "lead"),
        (r"牵头督导", "lead"),
        (r"牵头负责", "lead"),
        (r"(?:共同|分别|联合)?牵头", "lead"),
        (r"为(?:牵头|主责)(?:单位|部门)", "lead"),
        (r"按照?职[责能](?:分工)?配合", "support"),
        (r"(?:积极|共同|协同|分别)?配合", "support"),
        (r"(?:积极|共同)?参与", "support"),
        (r"协助", "support"),
        (r"协同", "support"),
        (r"协办", "support"),
        (r"为(?:配合|参与|协助|协办)(?:单位|部门)", "support"),
        (r"为责任(?:单位|部门)", "resp-label"),
        (r"按照?职[责能](?:分工)?负责", "resp"),
        (r"(?:分别|共同|具体|各自|主要)?负责", "resp"),
        (r"各负其责", "resp"),
    )
)
_ITEM_ROLE = re.compile(r"[（(〔](?P<words>牵头|配合|参与|协助|负责落实|落实|负责)[）)〕]$")
_ETC = re.compile(r"等(?:(?:有关|相关|其他|其它|市直|县直|区直)?(?:部门|单位|机构|部门单位))?$")
_LEADING = re.compile(r"^(?:并且|并由|并|由|请|和|及|以及|其中)")
_JUNK = re.compile(r"\d{4}\s*年|\d+\s*月|年底|年前|[:：]")

_DECL_START = re.compile(r"^(?:以下|下列|后续|此后)")
_DECL_HEAD = re.compile(
    r"^(?:以下|下列|后续|此后)(?:的)?(?:各项|所有|全部|其他|其余|各)?(?:重点)?"
    r"(?:任务|工作|事项|措施|内容)?(?:中)?"
)
_DECL_TAIL = re.compile(
    r"(?:^|[，,])?\s*(?:以下|后面|后续)?(?:均|都|也)?(?:不再|不)(?:一一|逐一|逐项|另行|单独|重复)?"
    r"(?:列出|列明|列举|标注|注明|标明|赘述|重复|说明)$"
)
_DECL_ONLY = re.compile(
    r"^(?:(?:以下|后面|后续)(?:均|都|也)?(?:不再|不)(?:一一|逐一|逐项|另行|单独|重复)?"
    r"(?:列出|列明|列举|标注|注明|标明|赘述|重复|说明)|下同|后同|以下同|以下均同)$"
)
_DECL_MARK = re.compile(r"不再|不一一|下同|后同|(?:均|都|皆|一律)")
_ALL_WORD = re.compile(r"(?:均|都|皆|一律|全部)(?:需要|需|须|要|应|由|请)?(?:由)?$")
_ALL_LEAD = re.compile(r"^(?:均|都|皆|一律|全部)?(?:需要|需|须|要|应|由|请)?(?:由)?")


@dataclass
class NoteReading:
    """What a note says: the task's unit mentions in note order (standing units appended), and the
    implementers a standing declaration adds to every LATER task."""

    mentions: list[UnitMention] = field(default_factory=list)
    declared: list[UnitMention] = field(default_factory=list)


@dataclass
class _Group:
    kind: _Kind  # lead / resp / support / implement / resp-label / bare
    words: str  # role words as written ("" for a bare list)
    items: list[str] = field(default_factory=list)  # unit texts (unsplit segments)


# --------------------------------------------------------------------------------------- helpers


def _split_top_with_seps(text: str, seps: str) -> tuple[tuple[str, str], ...]:
    """(part, separator after it) pairs, split at separators outside brackets (all bracket kinds
    alike; unbalanced brackets tolerated). The last part has separator ""."""
    if type(text) is str and type(seps) is str:
        return _split_top_remembered(text, seps)
    return tuple(_split_top_uncached(text, seps))


@functools.lru_cache(maxsize=1 << 14)
def _split_top_remembered(text: str, seps: str) -> tuple[tuple[str, str], ...]:
    if _OPEN_BRACKET.search(text) is None:  # no brackets open: every separator splits
        pieces = _separator_pattern(seps).split(text)
        return tuple(zip(pieces[::2], [*pieces[1::2], ""]))
    return tuple(_split_top_uncached(text, seps))


_OPEN_BRACKET = re.compile("[" + re.escape(OPEN_BRACKETS) + "]")


@functools.lru_cache(maxsize=64)
def _separator_pattern(seps: str) -> re.Pattern[str]:
    return re.compile("([" + re.escape(seps) + "])") if seps else re.compile("(?!)()")


def _split_top_uncached(text: str, seps: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            out.append(("".join(buf), ch))
            buf = []
        else:
            buf.append(ch)
    out.append(("".join(buf), ""))
    return out


def _split_top(text: str, seps: str) -> list[str]:
    return [part for part, _ in _split_top_with_seps(text, seps)]


def _segments(text: str) -> list[tuple[str, str]]:
    """(segment, separator after it) pairs, split at top-level ，,；;。."""
    return [(part.strip(), sep) for part, sep in _split_top_with_seps(text, _HARD_SEPS + _SOFT_SEPS)]


def _separate_labels(text: str) -> str:
    """Put a ； before a top-level role label that follows other text without a separator
    (牵头单位：X 责任单位：Y → 牵头单位：X；责任单位：Y)."""
    depth_at: list[int] = []
    depth = 0
    for ch in text:
        depth_at.append(depth)
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
    out: list[str] = []
    last = 0
    for m in _LABEL_ANYWHERE.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in _HARD_SEPS + _SOFT_SEPS + OPEN_BRACKETS and depth_at[m.start()] == 0:
            out.append(text[last : len(before)] + "；")
            last = m.start()
    out.append(text[last:])
    return "".join(out)


def _strip_outer(note: str) -> str:
    """The note without surrounding whitespace, trailing 。 and one enclosing bracket pair."""
    text = note.strip().rstrip(_TRAILING)
    if len(text) >= 2 and text[0] in OPEN_BRACKETS and text[-1] in CLOSE_BRACKETS:
        depth = 0
        for i, ch in enumerate(text):
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS:
                depth -= 1
                if depth == 0:
                    if i == len(text) - 1:
                        text = text[1:-1]
                    break
    return text.strip().rstrip(_TRAILING).strip()


@dataclass(frozen=True)
class _RoleWords:
    start: int  # where the role words start in the segment
    words: str  # as written
    kind: _Kind


@functools.lru_cache(maxsize=1 << 14)
def _role_at_end(segment: str) -> _RoleWords | None:
    """The role words a segment ends with (the earliest-starting match, so 负责落实 beats 落实)."""
    best: _RoleWords | None = None
    for pattern, kind in _ROLE_PATTERNS:
        m = pattern.search(segment)
        if m and (best is None or m.start() < best.start):
            best = _RoleWords(m.start(), m.group(), kind)
    return best


@functools.lru_cache(maxsize=1 << 14)
def _clean_item(item: str) -> str:
    item = clean(item).strip(_TRAILING)
    item = _LEADING.sub("", item)
    item = _ETC.sub("", item)
    return item.strip("“”\"'‘’")


def _split_units(text: str) -> list[str]:
    """Units of a group's text, split at top-level 、，,；;, cleaned; a lone level character or
    place name before a collective of places is kept with it (市、县两级政府)."""
    return list(_units_of(text))


@functools.lru_cache(maxsize=1 << 14)
def _units_of(text: str) -> tuple[str, ...]:
    """:func:`_split_units`, remembered (a note's texts are read more than once)."""
    items = [_clean_item(x) for x in _split_top(text, _UNIT_SEPS)]
    items = [x for x in items if x]
    merged: list[str] = []
    for item in items:
        if (
            merged
            and (len(merged[-1]) == 1 and merged[-1] in LEVEL_PREFIXES)
            and is_collective(item)
        ):
            merged[-1] = merged[-1] + "、" + item
        else:
            merged.append(item)
    return tuple(merged)


def _is_bare_place(item: str) -> bool:
    return (len(item) == 1 and item in LEVEL_PREFIXES) or is_bare_place(item)


def _distribute_suffix(items: list[str]) -> list[str]:
    """桐柏县、西峡县、邓州市政府 → 桐柏县政府, 西峡县政府, 邓州市政府; 市、县生态环境局 →
    市生态环境局, 县生态环境局."""
    out = list(items)
    for i in range(len(out) - 1, -1, -1):
        if not _is_bare_place(out[i]):
            continue
        j = i + 1
        while j < len(out) and _is_bare_place(out[j]):
            j += 1
        if j >= len(out) or is_collective(out[j]) or is_organization(out[j]):
            continue
        parts = split_place(out[j])
        if parts.place and parts.rest and takes_prefix(parts.rest):
            out[i] = out[i] + parts.rest
    return out


def _distribute_prefix(items: list[str], carry: str | None) -> tuple[list[str], str | None]:
    """Give each unit without a place the last place/level prefix seen (``carry`` from earlier
    groups of the note); a bare unit right after a 各… collective takes 各 instead."""
    names: list[str] = []
    head: str | None = None
    for item in items:
        if is_collective(item):
            names.append(item)
            head = "各" if item.startswith("各") else None
            continue
        if is_organization(item):
            names.append(item)
            head = None
            continue
        parts = split_place(item)
        if parts.place:
            carry = parts.place
            head = None
            names.append(item)
            continue
        if head and takes_prefix(item):
            names.append(head + item)
        elif carry and takes_prefix(item):
            names.append(carry + item)
        else:
            names.append(item)
    return names, carry


def _is_junk(item: str) -> bool:
    return len(item) < 2 or len(item) > 40 or (
        ("年" in item or "月" in item or ":" in item or "：" in item) and _JUNK.search(item) is not None)


@functools.lru_cache(maxsize=1 << 14)
def _segment_is_units(segment: str) -> bool:
    """A segment without role words that lists units (so it belongs to a group)."""
    items = _split_units(segment)
    if not items:
        return False
    if not all(looks_like_unit(x) or _is_bare_place(x) for x in items):
        return False
    return any(looks_like_unit(x) for x in _distribute_suffix(items))


# --------------------------------------------------------------------------------------- groups


def _groups(segments: list[tuple[str, str]]) -> list[_Group]:
    groups: list[_Group] = []
    pending: list[str] = []
    open_label: _Group | None = None

    def flush_pending() -> None:
        if pending:
            groups.append(_Group("bare", "", list(pending)))
            pending.clear()

    for seg, sep in segments:
        if seg:
            label = _LABEL_RE.match(seg)
            if label:
                flush_pending()
                rest = seg[label.end():]
                open_label = _Group(_LABEL_KIND[label.group("label")], label.group("label"))
                groups.append(open_label)
                role = _role_at_end(rest)
                if role is not None and role.kind in ("lead", "support", "implement"):
                    # 责任单位：市生态环境局牵头 — the words inside decide
                    open_label.kind, open_label.words = role.kind, role.words
                    rest = rest[: role.start]
                    open_label = None
                if rest:
                    groups[-1].items.append(rest)
            else:
                role = _role_at_end(seg)
                if role is not None:
                    units = seg[: role.start]
                    own = _split_units(units)
                    if pending and own and all(is_collective(x) for x in own):
                        # 市生态环境局、发展改革委，相关单位按职责分工负责: the collective is a clause of its own
                        flush_pending()
                    group = _Group(role.kind, role.words, [*pending, units] if units else list(pending))
                    pending.clear()
                    groups.append(group)
                    open_label = None
                elif re.search(r"[:：]", seg):
                    # an unknown field (完成时限：…) ends any list
                    flush_pending()
                    open_label = None
                elif open_label is not None and not pending:
                    open_label.items.append(seg)
                elif _segment_is_units(seg):
                    pending.append(seg)
                else:
                    flush_pending()
                    open_label = None
        if sep in _HARD_SEPS:
            flush_pending()
    flush_pending()
    return groups


def _resolve(groups: list[_Group]) -> list[tuple[_Group, Role, bool]]:
    """Each group's role and joint flag (see the module rules)."""
    resolved: list[tuple[_Group, Role | None]] = []
    seen_lead = False
    for g in groups:
        if g.kind == "lead" or g.kind == "bare":
            resolved.append((g, "lead"))
            seen_lead = True
        elif g.kind == "resp-label":
            resolved.append((g, "implement" if seen_lead else "lead"))
            seen_lead = True
        elif g.kind in ("support", "implement"):
            resolved.append((g, g.kind))  # type: ignore[arg-type]
        else:
            resolved.append((g, None))
    has_lead = seen_lead or any(
        (m := _ITEM_ROLE.search(x)) is not None and m.group("words") == "牵头"
        for g in groups
        for item in g.items
        for x in _split_units(item)
    )
    out: list[tuple[_Group, Role, bool]] = []
    for g, role in resolved:
        if role is None:  # 负责 / 按职责分工负责
            if has_lead:
                out.append((g, "support", False))
            else:
                several = len(_split_units("、".join(g.items))) > 1
                out.append((g, "lead", several or any(w in g.words for w in ("分工", "分别", "共同", "各自"))))
        else:
            out.append((g, role, False))
    return out


_ITEM_ROLE_KIND: dict[str, Role] = {
    "牵头": "lead",
    "配合": "support",
    "参与": "support",
    "协助": "support",
    "负责落实": "implement",
    "落实": "implement",
    "负责": "lead",
}


def _mentions(
    groups: list[_Group], carry: str | None = None, declared: bool = False
) -> tuple[list[UnitMention], list[list[UnitMention]], str | None]:
    """Mentions of all groups (in order), the mentions per group, and the prefix carried on."""
    mentions: list[UnitMention] = []
    per_group: list[list[UnitMention]] = []
    for g, role, joint in _resolve(groups):
        items: list[str] = []
        for text in g.items:
            items.extend(_split_units(text))
        # a unit's own role in brackets: 市生态环境局（牵头）
        own: dict[int, tuple[Role, str]] = {}
        for i, item in enumerate(items):
            m = _ITEM_ROLE.search(item)
            if m:
                own[i] = (_ITEM_ROLE_KIND[m.group("words")], m.group("words"))
                items[i] = item[: m.start()]
        items = _distribute_suffix(items)
        names, carry = _distribute_prefix(items, carry)
        marked_lead = any(r == "lead" for r, _ in own.values())
        group_mentions: list[UnitMention] = []
        for i, name in enumerate(names):
            if _is_junk(name):
                continue
            if i in own:
                r, words = own[i]
                m_joint = False
            elif marked_lead and role == "lead":
                r, words, m_joint = "support", g.words, False
            else:
                r, words, m_joint = role, g.words, joint
            group_mentions.append(UnitMention(r, name, words, joint=m_joint, declared=declared))
        per_group.append(group_mentions)
        mentions.extend(group_mentions)
    return mentions, per_group, carry


def _dedupe(mentions: list[UnitMention]) -> list[UnitMention]:
    seen: set[tuple[str, str]] = set()
    out: list[UnitMention] = []
    for m in mentions:
        key = (m.role, m.name)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


# ---------------------------------------------------------------------------------- declarations


def _split_declaration(
    segments: list[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int]:
    """Take a standing declaration out of the segments.

    Returns (the other segments, the declaration's segments, the index of its first segment;
    -1 when there is none). A declaration starts at a segment beginning with 以下/下列/后续/… that also says
    均/都/一律 or 不再…列出 in its sentence, and runs to the end of that sentence; a lone
    以下不再一一列出 / 下同 segment is a declaration too.
    """
    for i, (seg, _sep) in enumerate(segments):
        if not seg:
            continue
        if _DECL_ONLY.match(seg):
            return segments[:i] + segments[i + 1 :], [(seg, "")], i
        if not _DECL_START.match(seg):
            continue
        j = i
        while j < len(segments) - 1 and segments[j][1] not in _HARD_SEPS:
            j += 1
        sentence = segments[i : j + 1]
        text = "，".join(s for s, _ in sentence)
        if _DECL_MARK.search(text) and (_role_at_end(_DECL_TAIL.sub("", text)) or _DECL_TAIL.search(text)):
            return segments[:i] + segments[j + 1 :], sentence, i
    return segments, [], -1


def _declaration_groups(sentence: list[tuple[str, str]]) -> list[_Group] | None:
    """The groups a declaration names, or ``None`` when it names no unit (it then declares the
    group before it: X负责落实，以下不再一一列出)."""
    text = "，".join(s for s, _ in sentence if s)
    if _DECL_ONLY.match(text):
        return None
    text = _DECL_TAIL.sub("", text).strip(_TRAILING)
    text = _DECL_HEAD.sub("", text)
    text = _ALL_LEAD.sub("", text)
    role = _role_at_end(text)
    if role is not None:
        units = _ALL_WORD.sub("", text[: role.start])
        kind = role.kind if role.kind in ("lead", "support") else "implement"
        words = role.words
    else:
        units, kind, words = _ALL_WORD.sub("", text), "implement", ""
    if not units.strip():
        return None
    return [_Group(kind, words, [units])]


# ----------------------------------------------------------------------------------------- API


def parse_note(note: str, standing: Sequence[UnitMention] = ()) -> NoteReading:
    """Read a responsibility note (with or without its outer brackets; also the own-line form
    牵头单位：X；配合单位：Y；责任单位：Z). ``standing`` = units declared by earlier notes of the plan;
    they are appended with ``declared=True`` unless the note names the unit with that role.
    Never raises: odd input gives whatever could be read (possibly nothing)."""
    if not isinstance(note, str):
        note = ""
    found, declared_found = _reading(_strip_outer(note))
    mentions, declared = list(found), list(declared_found)
    for extra in (*declared, *standing):
        if not isinstance(extra, UnitMention):
            continue
        if not any(m.role == extra.role and m.name == extra.name for m in mentions):
            mentions.append(replace(extra, declared=True))
    return NoteReading(mentions=mentions, declared=declared)


@functools.lru_cache(maxsize=4096)
def _reading(stripped: str) -> tuple[tuple[UnitMention, ...], tuple[UnitMention, ...]]:
    """The mentions and the declared mentions of a note without its outer brackets, before the
    standing units are added (a note is read when it is found and again for its task)."""
    text = _separate_labels(stripped)
    segments = _segments(text) if text else []
    segments, decl_sentence, decl_at = _split_declaration(segments)

    groups = _groups(segments)
    mentions, per_group, _ = _mentions(groups)

    declared: list[UnitMention] = []
    if decl_sentence:
        decl_groups = _declaration_groups(decl_sentence)
        if decl_groups is not None:
            declared, _, _ = _mentions(decl_groups, carry=None, declared=True)
        else:
            # the group just before the declaration
            before = _groups(segments[:decl_at]) if decl_at > 0 else []
            if before and per_group:
                declared = [replace(m, declared=True) for m in per_group[len(before) - 1]]
        declared = _dedupe(declared)

    return tuple(_dedupe(mentions)), tuple(declared)


def _reads_as_note(text: str) -> bool:
    """A parenthetical is a note when reading it gives at least one unit that looks like one."""
    if not text.strip():
        return False
    reading = parse_note(text)
    return any(looks_like_unit(m.name) for m in reading.mentions)


def _bracket_start(paragraph: str, end: int) -> int | None:
    """Start of the balanced bracket group that closes at ``end - 1`` (all bracket kinds alike)."""
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = paragraph[i]
        if ch in CLOSE_BRACKETS:
            depth += 1
        elif ch in OPEN_BRACKETS:
            depth -= 1
            if depth == 0:
                return i
    return None


def _labelled_note(paragraph: str, end: int) -> tuple[int, int] | None:
    """A trailing note without brackets that starts with a role label after a sentence end:
    …。牵头单位：市生态环境局；配合单位：市财政局 (or a whole own-line note)."""
    text = paragraph[:end]
    for m in _LABEL_ANYWHERE.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] not in "。；;\n\r\t \u3000":
            continue
        tail = text[start:]
        sentences = [s.strip() for s in _split_top(tail, "。") if s.strip()]
        if all(_LABEL_RE.match(s) for s in sentences) and _reads_as_note(tail):
            return start, end
    return None


@per_text(4096)  # the outline and the pipeline ask for the note of the same paragraphs
def find_note(paragraph: str) -> tuple[int, int] | None:
    """Offsets (start, end) of the trailing responsibility note in ``paragraph``, brackets included.

    The note is the last balanced bracket group at the end of the paragraph (a trailing 。 or
    whitespace may follow it; brackets of any kind, nested or mixed), kept only if it reads as a
    note (role words with units, or a plain list of units): （含自备电厂） → ``None``. Without such a
    group, a trailing run of labelled fields (牵头单位：…；责任单位：…) that starts the paragraph or
    follows a sentence end is the note. Never raises.
    """
    if not isinstance(paragraph, str) or not paragraph:
        return None
    end = len(paragraph)
    while end > 0 and (paragraph[end - 1].isspace() or paragraph[end - 1] in "。.．；;"):
        end -= 1
    if end == 0:
        return None
    if paragraph[end - 1] in CLOSE_BRACKETS:
        start = _bracket_start(paragraph, end)
        if start is not None and _reads_as_note(paragraph[start + 1 : end - 1]):
            return start, end
    # a note followed only by when the task is due: （市农业农村局牵头）2025年6月底前完成。
    tail = _DEADLINE_TAIL.search(paragraph, 0, end)
    if tail and tail.start() > 0 and paragraph[tail.start() - 1] in CLOSE_BRACKETS:
        start = _bracket_start(paragraph, tail.start())
        if start is not None and _reads_as_note(paragraph[start + 1 : tail.start() - 1]):
            return start, tail.start()
    return _labelled_note(paragraph, end)


#: a short closing phrase saying when a task is due, after its note
_DEADLINE_TAIL = re.compile(r"[，,；;]?\s*(?:于|在)?\s*\d{4}\s*年[^（()）〔〕\[\]【】。；;]{0,16}?"
                            r"(?:前|底|末|为止)\s*(?:全面|基本|全部)?(?:完成|建成|到位|实现)?[^（()）。；;]{0,6}$")
