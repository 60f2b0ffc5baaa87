"""Load, decode and clean a document, keeping a map back to the original text.

A :class:`Document` holds the original decoded text (``text``: what spans point into) and a
cleaned view (``clean``) the extractor reads:

* web-page chrome is dropped: breadcrumbs, the 索引号/发布机构/文号 table, share/print links,
  copyright and ICP lines (the table's fields are kept in ``Document.fields`` for metadata);
* ``**`` emphasis markers are dropped;
* paragraphs broken by a page break are joined again: a long line that does not end a sentence,
  followed (after blank lines) by a line that does not start a heading, continues it — and when
  the same character ends one line and starts the next, the repeat is dropped;
* full-width digits and Latin letters become ASCII (one character for one, so offsets hold);
* lines are stripped of surrounding white space; paragraphs are joined by a single ``\\n``.

``CleanText.span(start, end)`` turns offsets in the clean view into a :class:`~kg.records.Span`
over the original text (offsets, 1-based lines and the exact quote).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.errors import InputError
from kg.records import Span

#: Suffixes of files the loader reads. Folders are searched for these.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt",)

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ

# Lines of web-page chrome. Matched against a line with its inner spaces removed.
_CHROME_LINE = re.compile(
    r"^(首页[>＞»]|当前位置|您的位置|您现在的位置|来源[:：]|日期[:：]|发布时间[:：]|索引号[:：]|信息来源[:：]"
    r"|发文日期[:：]|成文日期[:：]|发布日期[:：]|发布机构[:：]|主题分类[:：]|名称[:：]|文号[:：]|有效性[:：]"
    r"|相关解读|相关链接|浏览次数|访问量|【?打印|【?关闭|分享到|扫一扫|网站地图|主办[:：]|承办[:：]|版权所有"
    r"|Copyright|©)",
    re.IGNORECASE,
)
_CHROME_ANYWHERE = re.compile(r"ICP备|公网安备|网站标识码")
_FIELD = re.compile(
    r"(索引号|信息来源|发文日期|成文日期|发布日期|发布机构|主题分类|名称|文号|有效性|来源|日期)[:：]"
)
_SENTENCE_END = set("。！？；：）)」』”\"!?;:】")
_HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十百零〇]+[章节条篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]"
    r"|\d+[.．、]|[（(]\d+[)）]|附[表件]|专栏|表\d)"
)
# lines that stand alone: a document number, a date, a signature
_STANDALONE = re.compile(r"^([\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d+号|\d{4}年\d{1,2}月(\d{1,2}日)?"
                         r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月)$")
# a line that ends a title: …的通知, …实施方案（2023—2025年）
_ENDS_TITLE = re.compile(r"(通知|方案|计划|规划|纲要|意见|办法)([（(][^（）()]{4,20}[)）])?$")
_JOIN_MIN_LENGTH = 15  # a line shorter than this is a title, a signature or a table cell: never continued


@dataclass(frozen=True, slots=True)
class _Piece:
    clean_start: int
    orig_start: int
    length: int


@dataclass(slots=True)
class CleanText:
    """The cleaned view of a document with a piecewise map back to the original text."""

    text: str
    original: str
    _pieces: list[_Piece]
    _clean_starts: list[int]
    _line_starts: list[int]

    def to_original(self, offset: int) -> int:
        """Original offset of the clean character at ``offset`` (``len(text)`` maps past the end)."""
        if offset >= len(self.text):
            return len(self.original)
        i = bisect.bisect_right(self._clean_starts, offset) - 1
        piece = self._pieces[i]
        return piece.orig_start + min(offset - piece.clean_start, max(piece.length - 1, 0))

    def span(self, start: int, end: int) -> Span:
        """Span over the original text for the clean range ``[start, end)``."""
        end = max(end, start + 1)
        ostart = self.to_original(start)
        oend = self.to_original(end - 1) + 1
        oend = max(oend, ostart)
        return Span(
            start=ostart,
            end=oend,
            line=self.line_of(ostart),
            end_line=self.line_of(max(oend - 1, ostart)),
            quote=self.original[ostart:oend],
        )

    def line_of(self, original_offset: int) -> int:
        return bisect.bisect_right(self._line_starts, original_offset)


@dataclass(slots=True)
class Document:
    path: Path
    name: str  # base name, as given to the build
    text: str  # the original text, decoded (BOM removed)
    sha256: str  # of the file's bytes
    encoding: str
    clean: CleanText
    fields: dict[str, str] = field(default_factory=dict)  # web-page table: 文号, 发文日期, 发布机构 …

    @property
    def paragraphs(self) -> list[tuple[int, str]]:
        """(clean offset, text) of each paragraph of the clean view."""
        out, pos = [], 0
        for para in self.clean.text.split("\n"):
            if para:
                out.append((pos, para))
            pos += len(para) + 1
        return out


# --------------------------------------------------------------------------------------- decoding
def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030.

    Raises :class:`InputError` for empty, binary or undecodable files, naming the place."""
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte NUL in mostly-ASCII text
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        if odd > 0.3 * len(data[:4096]) / 2 or even > 0.3 * len(data[:4096]) / 2:
            enc = "utf-16-le" if odd >= even else "utf-16-be"
            return _strict(data, enc, path), enc
        raise InputError("this looks like a binary file, not a text document", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise InputError(
                f"cannot decode the text (not UTF-8, UTF-16 or GB18030; first bad byte at offset "
                f"{utf8_error.start}); save it as UTF-8 and try again",
                path=path,
                line=line,
            ) from None


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"cannot decode as {encoding} at byte {e.start}", path=path) from None
    return text.lstrip("\ufeff")


# --------------------------------------------------------------------------------------- cleaning
def clean(original: str) -> tuple[CleanText, dict[str, str]]:
    """Build the clean view of ``original`` (see the module docstring)."""
    fields: dict[str, str] = {}
    # 1. lines with their original offsets, chrome dropped, ** removed, stripped
    lines: list[list[tuple[int, str]]] = []  # each line: list of (orig offset, text) fragments
    pos = 0
    for raw in original.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        start = pos
        pos += len(raw)
        compact = re.sub(r"\s+", "", body)
        if not compact:
            lines.append([])
            continue
        if _CHROME_LINE.match(compact) or _CHROME_ANYWHERE.search(compact) or _is_breadcrumb(body):
            _collect_fields(body, fields)
            lines.append([])
            continue
        frags, at = [], 0
        for m in re.finditer(r"\*\*", body):
            if m.start() > at:
                frags.append((start + at, body[at:m.start()]))
            at = m.end()
        if at < len(body):
            frags.append((start + at, body[at:]))
        frags = _strip_fragments(frags)
        lines.append(frags)

    # 2. paragraphs: join page-broken lines
    paragraphs: list[list[tuple[int, str]]] = []
    for frags in lines:
        if not frags:
            continue
        text = "".join(t for _, t in frags)
        if paragraphs and _continues(paragraphs[-1], text):
            prev = paragraphs[-1]
            prev_text = "".join(t for _, t in prev)
            if prev_text[-1] == text[0] and _is_cjk(text[0]):
                frags = _drop_first_char(frags)
            prev.extend(frags)
        else:
            paragraphs.append(list(frags))

    # 3. assemble the clean text and the piece map
    pieces: list[_Piece] = []
    chunks: list[str] = []
    cpos = 0
    for i, frags in enumerate(paragraphs):
        if i:
            last = pieces[-1]
            pieces.append(_Piece(cpos, last.orig_start + last.length, 1))  # the "\n" between
            chunks.append("\n")
            cpos += 1
        for ostart, text in frags:
            if not text:
                continue
            pieces.append(_Piece(cpos, ostart, len(text)))
            chunks.append(text)
            cpos += len(text)
    text = "".join(chunks).translate(_FULLWIDTH)
    if not pieces:
        pieces.append(_Piece(0, 0, 0))
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", original)]
    view = CleanText(text, original, pieces, [p.clean_start for p in pieces], line_starts)
    return view, fields


def _is_breadcrumb(line: str) -> bool:
    return bool(re.search(r"\S\s*[>＞»]\s*\S", line)) and len(line.strip()) < 60 and "首页" in line


def _collect_fields(line: str, fields: dict[str, str]) -> None:
    squashed = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", line)
    matches = list(_FIELD.finditer(squashed))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(squashed)
        value = squashed[m.end() : end].strip()
        if value and m.group(1) not in fields:
            fields[m.group(1)] = value


def _strip_fragments(frags: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out = list(frags)
    while out:
        o, t = out[0]
        s = t.lstrip()
        if s:
            out[0] = (o + len(t) - len(s), s)
            break
        out.pop(0)
    while out:
        o, t = out[-1]
        s = t.rstrip()
        if s:
            out[-1] = (o, s)
            break
        out.pop()
    return out


def _drop_first_char(frags: list[tuple[int, str]]) -> list[tuple[int, str]]:
    o, t = frags[0]
    return ([(o + 1, t[1:])] if len(t) > 1 else []) + frags[1:]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _continues(prev: list[tuple[int, str]], text: str) -> bool:
    prev_text = "".join(t for _, t in prev)
    last_line = prev_text  # the paragraph so far; its last physical line decides
    if not last_line or last_line[-1] in _SENTENCE_END:
        return False
    if _HEADING_START.match(text):
        return False
    if len(last_line) < _JOIN_MIN_LENGTH:
        return False
    if _HEADING_START.match(last_line) and len(last_line) < 40 and "。" not in last_line:
        return False
    if "\t" in last_line or "\t" in text:
        return False
    if _STANDALONE.match(text.replace(" ", "")) or _ENDS_TITLE.search(last_line):
        return False
    return True


# --------------------------------------------------------------------------------------- loading
Loader = Callable[[Path, bytes], str]
_LOADERS: dict[str, Loader] = {}


def register_loader(*suffixes: str) -> Callable[[Loader], Loader]:
    """Register a function turning a file's bytes into text for the given suffixes."""

    def deco(fn: Loader) -> Loader:
        for s in suffixes:
            _LOADERS[s.lower()] = fn
        return fn

    return deco


@register_loader(".txt", ".text", ".md")
def _load_text(path: Path, data: bytes) -> str:
    return decode(data, str(path))[0]


def load(path: str | Path) -> Document:
    """Read one document. Raises :class:`InputError` with the file (and line) on bad input."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a folder, not a document", path=str(p))
    loader = _LOADERS.get(p.suffix.lower())
    if loader is None:
        raise InputError(
            f"unsupported file type {p.suffix or '(none)'}; supported: {', '.join(sorted(_LOADERS))}",
            path=str(p),
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", path=str(p)) from None
    if p.suffix.lower() in (".txt", ".text", ".md"):
        text, encoding = decode(data, str(p))
    else:
        text, encoding = loader(p, data), "binary"
    view, fields = clean(text)
    if not view.text.strip():
        raise InputError("the document has no text", path=str(p))
    return Document(
        path=p,
        name=p.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        clean=view,
        fields=fields,
    )


def find_documents(paths: list[str | Path]) -> list[Path]:
    """Files to build: each PATH that is a file, and supported files under each folder (sorted)."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _LOADERS
                       and not f.name.startswith(".") and f.name.lower() != "readme.md")
            )
        else:
            out.append(p)
    return out
