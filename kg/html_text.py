"""HTML pages (as saved from government sites) → the text of the document they carry.

Rules:

* the page is decoded by its BOM, its ``<meta charset>`` / ``http-equiv`` / XML declaration, or else
  as a text file (UTF-8, GB18030 …, see :func:`kg.documents.decode`);
* dropped: ``<head>``, scripts, styles, forms, ``<nav>``/``<aside>``, ``<header>``/``<footer>``
  outside the article (``<article>``, ``<main>`` or an element whose class says content, detail,
  article …), hidden elements, elements whose ``id``/``class`` names them
  navigation, breadcrumbs, footer, copyright, share or sidebar, and the site's banner (class
  header/banner/logo outside an article, unless the class also says content/title/detail …);
* kept: paragraphs, headings, list items, ``<div>``s and ``<br>`` each as a line; table rows as
  lines with their cells separated by a tab (a merged cell repeats no text but keeps its
  columns with empty cells);
* the 索引号/发布机构/主题分类/文号 table (or list) becomes ``标签：值`` lines, which the cleaner
  drops from the view it reads and keeps as the document's fields (文号, 发文日期 …);
* text lines such as breadcrumbs, 版权所有 and ICP lines stay in the text and are dropped by the
  cleaner (:func:`kg.documents.clean`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kg.documents import decode, decode_legacy
from kg.errors import InputError

__all__ = ["html_to_text", "parse_html"]

_MAX_DEPTH = 200  # unclosed tags (<font> … in old pages) nest no deeper than this
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROP_TAGS = frozenset("head script style noscript template form select button iframe object svg canvas "
                       "textarea nav aside map audio video".split())
_DROP_OUTSIDE_ARTICLE = frozenset({"header", "footer"})
_DROP_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
                         "footer", "foot", "copyright", "share", "sidebar", "toolbar", "topbar", "sitemap"})
# the site's banner: dropped outside an article unless its class also says it holds the content
_BANNER_WORDS = frozenset({"header", "banner", "logo", "masthead"})
_CONTENT_WORDS = frozenset({"article", "content", "detail", "title", "main", "text", "body", "doc", "zoom"})
_BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot caption section article "
                   "main blockquote pre address center figure figcaption hr body html header footer".split())
# a new element of these closes an open one it names, looking no further out than its boundary
_CELL = ({"td", "th"}, {"tr", "table"})
_IMPLICIT_CLOSE: dict[str, tuple[set[str], set[str]]] = {
    "p": ({"p"}, (set(_BLOCK) - {"p"}) | {"td", "th", "tr", "li"}),
    "li": ({"li"}, {"ul", "ol", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "tr": ({"tr"}, {"table"}),
    "td": _CELL,
    "th": _CELL,
    "option": ({"option"}, {"select"}),
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)
#: labels of the metadata table of a government page
FIELD_LABELS = frozenset({
    "索引号", "信息索引号", "发布机构", "发文机关", "发文机构", "主题分类", "主题词", "文号", "发文字号", "发文日期",
    "成文日期", "发布日期", "公开日期", "生成日期", "名称", "标题", "公开方式", "公开范围", "公开时限", "有效性", "体裁分类",
    "组配分类", "服务对象分类", "信息来源", "来源", "信息分类", "公文种类", "文件编号", "所属机构", "效力状态",
})
# lines of page chrome dropped from the text: breadcrumbs, copyright, ICP, site map, print/close
_PAGE_CHROME = re.compile(
    r"^(当前位置|您的位置|您现在的位置|您当前的位置|所在位置)[:：]|^首页\s*[>＞»]|版权所有|ICP备|公网安备|网站标识码|网站地图"
    r"|^【?\s*(打印|关闭|关闭窗口|打印本页|返回顶部|字号|分享到)\s*】?|^扫一扫"
)
#: a table cell holding this many lines (or a table) makes its table a layout table
_LAYOUT_CELL_LINES = 4
_LABEL_CELL = re.compile(r"^\s*([\u4e00-\u9fff\s]{2,12}?)\s*[:：]?\s*$")
_LABEL_VALUE = re.compile(r"^\s*([\u4e00-\u9fff\s]{2,12}?)\s*[:：]\s*(.+)$", re.DOTALL)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree builder: unclosed and stray tags never raise."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        group = _IMPLICIT_CLOSE.get(tag)
        if group:
            closes, boundary = group
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t in closes:
                    del self.stack[i:]
                    break
                if t in boundary:
                    break
        if tag in _BLOCK and tag != "p" and self.stack[-1].tag == "p":
            self.stack.pop()  # a block inside <p> closes it, as browsers do
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:  # deeper elements become siblings
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k.lower(): (v or "") for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        if tag == "p":  # a stray </p> is an empty paragraph, as in browsers
            self.stack[-1].children.append(Node("p"))

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """The element tree of ``markup`` (never raises on malformed markup)."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def html_to_text(data: bytes, path: str = "page.html") -> tuple[str, str]:
    """The document text of an HTML page and the encoding it was read with."""
    markup, encoding = _decode_html(data, path)
    root = parse_html(markup)
    lines: list[str] = []
    _Writer(lines).block(root, in_article=False)
    kept = [line for line in lines if not _PAGE_CHROME.search(line.strip())]
    text = "\n".join(line.rstrip() for line in _squeeze(kept))
    if not text.strip():
        raise InputError("the web page holds no text (after dropping its navigation and footer)", path=path)
    return text + "\n", f"html/{encoding}"


def _decode_html(data: bytes, path: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:16384])
        if m:
            declared = (m.group(1) or m.group(2)).decode("ascii").lower()
            if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
                declared = "gb18030"
            if declared in ("gb18030", "big5"):
                text = decode_legacy(data, declared, path)
                if text is not None:
                    return text, declared
            else:
                try:
                    return data.decode(declared), declared
                except (LookupError, UnicodeDecodeError):
                    pass  # a wrong declaration: guess as for a text file
    return decode(data, path)


def _squeeze(lines: list[str]) -> list[str]:
    """Drop leading/trailing blank lines and runs of more than one blank line."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _classes(node: Node) -> set[str]:
    words = (node.attrs.get("class", "") + " " + node.attrs.get("id", "")).lower()
    return set(re.split(r"[\s_\-]+", words)) - {""}


def _dropped(node: Node, in_article: bool) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    if node.tag in _DROP_OUTSIDE_ARTICLE and not in_article:
        return True
    if "hidden" in node.attrs:
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    if "display:none" in style:
        return True
    words = _classes(node)
    if words & _DROP_WORDS:
        return True
    return not in_article and bool(words & _BANNER_WORDS) and not words & _CONTENT_WORDS


class _Writer:
    """Walks the tree, writing lines: blocks start new lines, cells are tab-separated."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.current: list[str] = []

    # -- lines
    def newline(self) -> None:
        if self.current:
            self.lines.append(_collapse("".join(self.current)))
            self.current = []

    def blank(self) -> None:
        self.newline()
        self.lines.append("")

    # -- walking
    def block(self, node: Node, in_article: bool) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.current.append(child)
                continue
            if _dropped(child, in_article):
                continue
            tag = child.tag
            inner = in_article or tag in ("article", "main") or bool(_classes(child) & _CONTENT_WORDS)
            if tag == "br":
                self.newline()
            elif tag == "table":
                self.newline()
                self.table(child, inner)
                self.newline()
            elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
                self.newline()
                self.block(child, inner)
                self.blank()
            elif tag in _BLOCK or tag in ("tr", "td", "th"):
                self.newline()
                self.block(child, inner)
                self.newline()
            else:
                self.block(child, inner)

    def table(self, table: Node, in_article: bool) -> None:
        grid = [(row, _cells(row)) for row in _rows(table)]
        # a layout table (the page is built of tables) holds tables or paragraphs in its cells
        layout = any(_descendants(cell, "table") for _, cells in grid for cell in cells)
        rows = [] if layout else [(row, [(cell, self.cell_lines(cell, in_article)) for cell in cells])
                                  for row, cells in grid]
        if layout or any(len(lines) >= _LAYOUT_CELL_LINES for _, cells in rows for _, lines in cells):
            for _, cells in grid:
                for cell in cells:
                    self.newline()
                    self.block(cell, in_article)
                    self.newline()
            return
        texts = [[" ".join(lines) for _, lines in cells] for _, cells in rows]
        pairs = _field_pairs(texts)
        if pairs:
            self.lines.extend(f"{label}：{value}" for label, value in pairs)
            return
        for (_, cells), cell_texts in zip(rows, texts):
            line: list[str] = []
            for (cell, _), text in zip(cells, cell_texts):
                line.append(text)
                span = cell.attrs.get("colspan", "1").strip()
                if span.isdigit() and 1 < int(span) <= 50:
                    line.extend([""] * (int(span) - 1))
            while line and not line[-1].strip():
                line.pop()
            if line:
                self.lines.append("\t".join(line))

    def cell_lines(self, cell: Node, in_article: bool) -> list[str]:
        """The non-empty lines of a cell's content, tabs made spaces."""
        lines: list[str] = []
        writer = _Writer(lines)
        writer.block(cell, in_article)
        writer.newline()
        return [line.strip().replace("\t", " ") for line in lines if line.strip()]


def _collapse(text: str) -> str:
    """HTML white space: a line break in the source vanishes (Chinese text does not break words
    with spaces) unless it separates two Latin words or numbers; other runs become one space."""
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t\r]*\n[ \t\r\n]*",
                  lambda m: " " if _latin(m.string, m.start() - 1) and _latin(m.string, m.end()) else "", text)
    text = re.sub(r"[ \t\r]+", " ", text)
    return text.strip(" ")


def _latin(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


def _rows(table: Node) -> list[Node]:
    rows: list[Node] = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("tbody", "thead", "tfoot"):
                rows.extend(_rows(child))
    return rows


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _descendants(node: Node, tag: str) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                out.append(child)
            else:
                out.extend(_descendants(child, tag))
    return out


def _label(text: str) -> str | None:
    m = _LABEL_CELL.match(text)
    if m:
        label = re.sub(r"\s+", "", m.group(1))
        if label in FIELD_LABELS:
            return label
    return None


def _field_pairs(rows: list[list[str]]) -> list[tuple[str, str]]:
    """``(label, value)`` pairs when the table is a page's metadata table (two labels or more)."""
    pairs: list[tuple[str, str]] = []
    for cells in rows:
        i = 0
        while i < len(cells):
            text = cells[i]
            label = _label(text)
            if label is not None and i + 1 < len(cells) and _label(cells[i + 1]) is None:
                pairs.append((label, cells[i + 1].strip()))
                i += 2
                continue
            m = _LABEL_VALUE.match(text)
            if m and re.sub(r"\s+", "", m.group(1)) in FIELD_LABELS:
                pairs.append((re.sub(r"\s+", "", m.group(1)), m.group(2).strip()))
            i += 1
    labels = {label for label, _ in pairs}
    return pairs if len(labels) >= 2 else []
