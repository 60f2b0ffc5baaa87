"""Tables in plain text: task tables with responsibility columns, and appendix (附表) lists of
enterprises.

A table row is one paragraph whose cells are separated by tabs (how html/docx tables arrive),
by pipes ``|`` / ``｜`` (Markdown-like), or by runs of two or more spaces / ideographic spaces.
A paragraph with a single cell is not a row.

* A **task table** starts with a header row that names a task column (任务, 工作内容, 措施,
  事项 …) and at least one responsibility or time column (牵头单位/牵头部门, 配合单位, 责任单位/
  责任部门, 参与单位, 协助单位, 实施单位, 完成时限/完成时间/时间节点). Each following row
  with text in the task column is a task: its number from the 序号 column (else its position),
  its note built from the unit columns (牵头单位：X；配合单位：Y), its deadline from the time
  column. A category column (类别, 领域, 专项行动 …) groups the rows into actions: a row with a
  category starts one, a row with the cell empty (merged) stays in it. The table ends at the
  first paragraph that is not a row.
* An **enterprise list** in the appendix (附表1 …重点企业名单) has a header with an enterprise
  column (企业名称, 企业, 单位名称) and optionally 序号, county (县（市、区）, 县区, 所在地),
  township (乡镇, 乡（镇）, 街道) and industry (行业, 所属行业, 行业类别) columns. Its rows are
  either one paragraph each (cells separated as above) or one cell per line (a table flattened
  by copying): the header cells then come one per line, and the rows follow in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PIPE = re.compile(r"[|｜]")
_SPACES = re.compile(r"(?: {2,}|\u3000+|\t)")
_NUMBER_HEADER = re.compile(r"^(?:序\s*号|编\s*号|No\.?)$", re.IGNORECASE)
_TASK_HEADER = re.compile(r"任务|工作|内容|措施|事项")
_UNIT_HEADERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"牵头|主责"), "牵头单位"),
    (re.compile(r"配合|协助|协办|参与|协同"), "配合单位"),
    (re.compile(r"落实单位|实施单位|实施主体"), "实施单位"),
    (re.compile(r"责任"), "责任单位"),
)
_CATEGORY_HEADER = re.compile(r"^(?:类别|分类|领域|方面|类型|专项行动|行动|工作类别|任务类别)$")
_TIME_HEADER = re.compile(r"时限|完成时间|时间节点|时间安排|进度安排|^时间$|完成期限")
_ROW_NUMBER = re.compile(r"^\s*[（(]?\s*(\d{1,3})\s*[)）.．、]?\s*$")

_ENTERPRISE_HEADER = re.compile(r"企业.{0,6}名称|^企业$|单位.{0,6}名称|公司名称")
_COUNTY_HEADER = re.compile(r"^县|县区|县（市、区）|县\(市、区\)|所在地|所属地|^地区$|区域")
_TOWNSHIP_HEADER = re.compile(r"乡镇|乡（镇）|乡\(镇\)|街道")
_INDUSTRY_HEADER = re.compile(r"行业")
_TOWNSHIP_VALUE = re.compile(r"(?:乡|镇|街道|办事处)$")


def split_row(text: str) -> list[tuple[int, str]]:
    """The cells of a row paragraph as (offset in ``text``, stripped cell text). One cell when
    the paragraph is not a row."""
    if "\t" in text:
        parts = _split_keep(text, re.compile(r"\t"))
    elif text.count("|") + text.count("｜") >= 2:  # two _PIPE
        inner = text
        parts = _split_keep(inner, _PIPE)
        if parts and not parts[0][1].strip():
            parts = parts[1:]
        if parts and not parts[-1][1].strip():
            parts = parts[:-1]
    elif "  " in (stripped := text.strip()) or "\u3000" in stripped:  # _SPACES (no tab here)
        parts = _split_keep(text, _SPACES)
    else:
        parts = [(0, text)]
    out = []
    for start, cell in parts:
        stripped = cell.strip()
        lead = len(cell) - len(cell.lstrip())
        out.append((start + lead, stripped))
    return out


def _split_keep(text: str, sep: re.Pattern[str]) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in sep.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


@dataclass
class TableCell:
    header: str  # the column's header as written
    offset: int  # clean offset of the cell text
    text: str


@dataclass
class TableRow:
    number: str  # from the 序号 column, "" when there is none
    task_cell: TableCell
    cells: list[TableCell]


@dataclass
class TableHeader:
    """The columns of a task table."""

    headers: list[str]
    number_col: int | None
    task_col: int
    unit_cols: dict[int, str] = field(default_factory=dict)  # column → label (牵头单位, 配合单位 …)
    time_col: int | None = None
    category_col: int | None = None  # 类别/领域/专项行动: rows group into actions by it

    def row(self, cells: list[tuple[int, str]], offset: int) -> TableRow | None:
        """A task row from a paragraph's cells (at clean ``offset``), None when it holds no task."""
        placed = [TableCell(self.headers[i] if i < len(self.headers) else "", offset + start, text)
                  for i, (start, text) in enumerate(cells)]
        if self.task_col >= len(placed) or not placed[self.task_col].text:
            return None
        number = ""
        if self.number_col is not None and self.number_col < len(placed):
            m = _ROW_NUMBER.match(placed[self.number_col].text)
            if m:
                number = m.group(1)
            elif placed[self.number_col].text:
                return None  # a category row (一、大气污染防治) spanning the table
        return TableRow(number, placed[self.task_col], placed)

    def note(self, cells: list[TableCell]) -> str:
        """The responsibility note the unit columns of a row make: 牵头单位：X；配合单位：Y."""
        parts = []
        for i, label in self.unit_cols.items():
            if i < len(cells) and cells[i].text and cells[i].text not in ("—", "-", "/", "无"):
                parts.append(f"{label}：{cells[i].text}")
        return "；".join(parts)


def read_header(cells: list[tuple[int, str]]) -> TableHeader | None:
    """The header of a task table, or None when ``cells`` are not one."""
    texts = [re.sub(r"\s", "", t) for _, t in cells]
    if len(texts) < 3:
        return None
    task_col = number_col = time_col = category_col = None
    unit_cols: dict[int, str] = {}
    for i, t in enumerate(texts):
        if not t or len(t) > 12:
            return None
        if _NUMBER_HEADER.match(t):
            number_col = i
        elif _TIME_HEADER.search(t):
            time_col = i
        elif any(p.search(t) for p, _ in _UNIT_HEADERS) and ("单位" in t or "部门" in t or len(t) <= 4):
            unit_cols[i] = next(label for p, label in _UNIT_HEADERS if p.search(t))
        elif category_col is None and _CATEGORY_HEADER.search(t):
            category_col = i
        elif task_col is None and _TASK_HEADER.search(t):
            task_col = i
    if task_col is None or not (unit_cols or time_col is not None):
        return None
    return TableHeader(texts, number_col, task_col, unit_cols, time_col, category_col)


def header_for(table: TableHeader, cells: list[TableCell]) -> tuple[str, str | None]:
    """(note, time text) of a row's cells."""
    time = None
    if table.time_col is not None and table.time_col < len(cells):
        time = cells[table.time_col].text or None
    return table.note(cells), time


# -- appendix enterprise lists ---------------------------------------------------------------


@dataclass
class EnterpriseRow:
    number: str
    name: str
    county: str | None
    township: str | None
    industry: str | None
    table: str  # the table's title: 附表1 重点企业名单
    start: int  # clean offsets of the row
    end: int


@dataclass
class _EnterpriseColumns:
    n: int
    name: int
    number: int | None = None
    county: int | None = None
    township: int | None = None
    industry: int | None = None


def _enterprise_columns(texts: list[str]) -> _EnterpriseColumns | None:
    texts = [re.sub(r"\s", "", t) for t in texts]
    if len(texts) < 2 or any(not t or len(t) > 12 for t in texts):
        return None
    cols = _EnterpriseColumns(len(texts), -1)
    for i, t in enumerate(texts):
        if _NUMBER_HEADER.match(t):
            cols.number = i
        elif _ENTERPRISE_HEADER.search(t) and cols.name < 0:
            cols.name = i
        elif _TOWNSHIP_HEADER.search(t):
            cols.township = i
        elif _COUNTY_HEADER.search(t):
            cols.county = i
        elif _INDUSTRY_HEADER.search(t):
            cols.industry = i
    return cols if cols.name >= 0 else None


_TABLE_TITLE = re.compile(r"^附\s*表\s*(?:\d+|[一二三四五六七八九十]+)?")


def read_enterprises(paragraphs: list[tuple[int, str]]) -> list[EnterpriseRow]:
    """Enterprise rows of the appendix tables in ``paragraphs`` ((clean offset, text), from the
    appendix on)."""
    rows: list[EnterpriseRow] = []
    title = ""
    titling = False  # the lines after a 附表N label continue its title until the table starts
    i = 0
    while i < len(paragraphs):
        off, text = paragraphs[i]
        cells = split_row(text)
        if _TABLE_TITLE.match(text) and _enterprise_columns([t for _, t in cells]) is None:
            title, titling = text.strip(), True
            i += 1
            continue
        cols = _enterprise_columns([t for _, t in cells]) if len(cells) > 1 else None
        if cols is not None:  # one row per paragraph
            titling = False
            i += 1
            while i < len(paragraphs):
                off, text = paragraphs[i]
                cells = split_row(text)
                if len(cells) < 2:
                    break
                row = _enterprise_row([(off + s, t) for s, t in cells], cols, title)
                if row:
                    rows.append(row)
                i += 1
            continue
        # one cell per line: the header cells on consecutive lines, from 序号 on
        heads: list[str] = []
        if _NUMBER_HEADER.match(re.sub(r"\s", "", text)):
            j = i
            while j < len(paragraphs) and len(paragraphs[j][1]) <= 12 and len(split_row(paragraphs[j][1])) == 1 \
                    and not _ROW_NUMBER.match(paragraphs[j][1]):
                heads.append(paragraphs[j][1])
                j += 1
        cols = _enterprise_columns(heads) if len(heads) >= 2 else None
        if cols is None:
            if titling and len(cells) == 1 and not _ROW_NUMBER.match(text):
                title += ("" if re.match(r"附\s*表\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]?$", title) is None
                          else " ") + text.strip()  # 附表1 ⏎ 南召县…（锅炉）⏎ 企业…清单
            i += 1
            continue
        titling = False
        i = j
        while i < len(paragraphs) and _ROW_NUMBER.match(paragraphs[i][1]):
            number = int(_ROW_NUMBER.match(paragraphs[i][1]).group(1))
            k = i + 1  # a row runs to the next row number (a missing cell does not shift the rest)
            while k < len(paragraphs) and k - i < cols.n and not _next_row(paragraphs[k][1], number):
                k += 1
            if any(len(t) > 80 for _, t in paragraphs[i:k]):
                break
            row = _enterprise_row([(o, t.strip()) for o, t in paragraphs[i:k]], cols, title)
            if row:
                rows.append(row)
            i = k
    return rows


def _next_row(text: str, number: int) -> bool:
    m = _ROW_NUMBER.match(text)
    return bool(m) and int(m.group(1)) == number + 1


def _enterprise_row(cells: list[tuple[int, str]], cols: _EnterpriseColumns, title: str) -> EnterpriseRow | None:
    def cell(k: int | None) -> str | None:
        if k is None or k >= len(cells):
            return None
        return cells[k][1].strip() or None

    name = cell(cols.name)
    if not name or _ROW_NUMBER.match(name):
        return None
    number = cell(cols.number) or ""
    m = _ROW_NUMBER.match(number)
    if cols.number is not None and not m:
        return None
    start = cells[0][0]
    end = cells[-1][0] + len(cells[-1][1])
    county, township = cell(cols.county), cell(cols.township)
    if county and township is None and _TOWNSHIP_VALUE.search(county):
        county, township = None, county  # a 县（市、区） column holding townships (城郊乡, 白土岗镇)
    return EnterpriseRow(m.group(1) if m else "", name, county, township, cell(cols.industry), title, start, end)
