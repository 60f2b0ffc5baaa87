"""Load, decode and clean a document, keeping a map back to the original text.

A :class:`Document` holds the original decoded text (``text``: what spans point into) and a
cleaned view (``clean``) the extractor reads:

* web-page chrome is dropped: breadcrumbs, the 索引号/发布机构/文号 table, share/print links,
  copyright and ICP lines (the table's fields are kept in ``Document.fields`` for metadata);
* ``**`` emphasis markers and page-number lines (- 3 -, 第3页 共9页) are dropped;
* paragraphs broken by a page break are joined again: a long line that does not end a sentence,
  followed (after blank lines) by a line that does not start a heading, continues it — and when
  the same character ends one line and starts the next, the repeat is dropped;
* full-width digits and Latin letters become ASCII (one character for one, so offsets hold);
* a document written in traditional characters is read through a simplified view (zhconv's
  zh-hans table, whose entries all keep their length, so offsets still hold); spans and quotes
  still point into the original, traditional text;
* lines are stripped of surrounding white space; paragraphs are joined by a single ``\\n``.

Loaders (one per file type, :func:`register_loader`) turn a file's bytes into text: ``.txt``
here (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5), ``.html`` in :mod:`kg.html_text`,
``.docx`` in :mod:`kg.docx_text`, ``.pdf`` in :mod:`kg.pdf_text`. For those, ``Document.text`` is
the extracted text (the build saves it as ``texts/<file>.txt``) and spans point into it.

Every failure is an :class:`~kg.errors.InputError` naming the file (and line where it applies):
empty, binary, undecodable, truncated, damaged, too large (:func:`max_file_bytes`,
:func:`max_chars`).

``CleanText.span(start, end)`` turns offsets in the clean view into a :class:`~kg.records.Span`
over the original text (offsets, 1-based lines and the exact quote).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.errors import InputError
from kg.records import Span


_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ

# Lines of web-page chrome. Matched against a line with its inner spaces removed.
_CHROME_LINE = re.compile(
    r"^(首页[>＞»]|当前位置|您的位置|您现在的位置|来源[:：]|日期[:：]|发布时间[:：]|索引号[:：]|信息来源[:：]"
    r"|发文日期[:：]|成文日期[:：]|发布日期[:：]|发布机构[:：]|主题分类[:：]|名称[:：]|文号[:：]|有效性[:：]"
    r"|信息索引号[:：]|发文字号[:：]|发文机关[:：]|发文机构[:：]|公开方式[:：]|公开范围[:：]|体裁分类[:：]|组配分类[:：]"
    r"|主题词[:：]|公文种类[:：]|文件编号[:：]|效力状态[:：]|公开日期[:：]|生成日期[:：]|所属机构[:：]|信息分类[:：]"
    r"|相关解读|相关链接|浏览次数|访问量|【?打印|【?关闭|分享到|扫一扫|网站地图|主办[:：]|承办[:：]|版权所有"
    r"|Copyright|©)",
    re.IGNORECASE,
)
_CHROME_ANYWHERE = re.compile(r"ICP备|公网安备|网站标识码")
_DASH = r"[-—－–_·]"
#: A page number on a line of its own (- 3 -, — 3 —, 第3页 共9页, 3/9, Page 3 of 9): text
#: converted from a PDF keeps them between the two halves of a broken paragraph.
PAGE_NUMBER = re.compile(
    rf"^\s*(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+|第\s*\d{{1,4}}\s*页(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"(信息索引号|索引号|信息来源|发文日期|成文日期|发布日期|公开日期|发布机构|发文机关|发文机构|主题分类|名称|发文字号"
    r"|文件编号|文号|有效性|效力状态|公开方式|体裁分类|主题词|来源|日期)[:：]"
)
# fields under another name on some sites: the name the metadata reader looks for
_FIELD_ALIASES = {"发文字号": "文号", "文件编号": "文号", "发文机关": "发布机构", "发文机构": "发布机构",
                  "成文日期": "发文日期", "信息索引号": "索引号"}
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
    traditional: bool = False  # the view was converted from traditional characters

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
    encoding: str  # how the text was read: utf-8, utf-8-sig, gb18030, big5, utf-16 …, html/<charset>, docx, pdf
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
# Magic numbers of formats that are not plain text: a .txt holding one of these was mislabelled.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file; rename it to .pdf"),
    (b"PK\x03\x04", "a ZIP archive (a .docx?); rename it to .docx if it is a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc/.xls); save it as .docx or .txt"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image, not a document; OCR it first"),
    (b"\xff\xd8\xff", "a JPEG image, not a document; OCR it first"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNDECODABLE = "cannot decode as UTF-8, GB18030 or UTF-16 (nor Big5); save it as UTF-8 and try again"


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK or
    Big5, and say which.

    Raises :class:`InputError` for empty, binary, truncated or undecodable files, naming the
    file (and the line of the first bad byte where it applies)."""
    if not data.strip():
        raise InputError("the file is empty" if not data else "the file is empty (only white space)", path=path)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file, not a text document: this is {what}", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16", path), "utf-16"
    elif b"\x00" in data[:4096]:
        text, enc = _utf16_without_bom(data, path)
    else:
        text, enc = _decode_8bit(data, path)
    _check_text(text, path)
    return text, enc


def _utf16_without_bom(data: bytes, path: str) -> tuple[str, str]:
    """Text holding NUL bytes: UTF-16 without a BOM (every other byte NUL in mostly-Latin text;
    Chinese text whose line ends and digits hold the NULs), or else a binary file."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            sample = text[:20000]
            if len(_CONTROL.findall(sample)) <= 0.01 * len(sample) and _readable_chinese(sample):
                return text, enc
    raise InputError("binary file, not a text document (it holds NUL bytes)", path=path)


def _decode_8bit(data: bytes, path: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    line = data[: utf8_error.start].count(b"\n") + 1
    if utf8_error.reason == "unexpected end of data" and _mostly_utf8(data[: utf8_error.start]):
        raise _truncated(data, utf8_error.start, path)
    for enc in ("gb18030", "big5"):
        text = decode_legacy(data, enc, path)
        if text is not None:
            return text, enc
    raise InputError(f"{_UNDECODABLE} (first bad byte at offset {utf8_error.start})", path=path, line=line)


def decode_legacy(data: bytes, encoding: str, path: str) -> str | None:
    """``data`` decoded as a legacy Chinese code page (GB18030, Big5) when it reads as Chinese;
    None when it does not. A file cut in the middle of its last character raises
    :class:`InputError` (truncated)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if e.end >= len(data) - 1 and e.start >= len(data) - 3:
            head = decode_legacy(data[: e.start], encoding, path) if e.start else None
            if head is not None and any(ord(c) > 0x7F for c in head):
                raise _truncated(data, e.start, path) from None
        return None
    return text if _readable_chinese(text) else None


def _truncated(data: bytes, at: int, path: str) -> InputError:
    return InputError("the file ends in the middle of a character: it looks truncated; copy or download "
                      "it again", path=path, line=data[:at].count(b"\n") + 1)


def _mostly_utf8(data: bytes) -> bool:
    """True when ``data`` is valid UTF-8 holding some non-ASCII text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(c) > 0x7F for c in text)


def _readable_chinese(text: str) -> bool:
    """Whether decoded text reads as Chinese rather than mojibake: real GBK, Big5 or UTF-16 text
    keeps to the common characters of GB2312 or Big5; misread bytes do not."""
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return True
    sample = wide[:20000]
    common = sum(1 for c in sample if _common_char(c))
    return common >= 0.9 * len(sample)


def _common_char(c: str) -> bool:
    for enc in ("gb2312", "big5"):
        try:
            c.encode(enc)
            return True
        except UnicodeEncodeError:
            pass
    return False


def _check_text(text: str, path: str) -> None:
    """Reject decoded text that is mostly control characters (a binary file that happened to
    decode) and text that is only white space."""
    if not text.strip().strip("\ufeff"):
        raise InputError("the file is empty (only white space)", path=path)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, 0.01 * len(sample)):
        raise InputError("binary file, not a text document (it holds control characters)", path=path)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if e.reason in ("truncated data", "unexpected end of data"):
            raise InputError(f"the {encoding} file ends in the middle of a character: it looks truncated",
                             path=path) from None
        raise InputError(f"{_UNDECODABLE} (bad {encoding} at byte {e.start})", path=path) from None
    return text.lstrip("\ufeff")


# --------------------------------------------------------------------------------------- script
def _zh_hans_converter() -> Callable[[str], str] | None:
    try:
        import zhconv
    except ImportError:  # pragma: no cover - zhconv is a dependency
        return None
    return lambda text: zhconv.convert(text, "zh-hans")


@functools.lru_cache(maxsize=None)
def _changing_keys(locale: str) -> tuple[frozenset[str], re.Pattern[str]] | None:
    """What to look for in a text that zhconv's ``locale`` conversion may change.

    zhconv replaces, scanning left to right, the longest dictionary key starting at each
    position by its value. A text changes only when some key ``k`` with ``value != k`` occurs
    in it: a character that converts on its own or, failing that, one of the (few hundred)
    changing keys made only of characters that do not. Returns the set of the first and a
    pattern of the second (grouped by first character, which ``re`` searches quickly); None
    when zhconv is not installed.
    """
    try:
        from zhconv import zhconv as zc
    except ImportError:  # pragma: no cover - zhconv is a dependency
        return None
    table = zc.getdict(locale)
    singles = frozenset(k for k, v in table.items() if len(k) == 1 and v != k)
    phrases: dict[str, list[str]] = {}
    for k, v in table.items():
        if len(k) > 1 and v != k and singles.isdisjoint(k):
            phrases.setdefault(k[0], []).append(k[1:])
    pattern = "|".join(re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in sorted(rests)) + ")"
                       for first, rests in sorted(phrases.items()))
    return singles, re.compile(pattern or "(?!)")


@functools.lru_cache(maxsize=None)
def _changing_search(locale: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, ...]]] | None:
    """Quick searches for :func:`zhconv_changes` that find what :func:`_changing_keys` describes:

    * a character class of the changing characters of the Basic Multilingual Plane and of every
      character beyond it (``re`` tests a BMP class in one step; the rare hit beyond the BMP is
      checked against the set);
    * the places a changing phrase may start (its first character, followed by a character
      that is second in some phrase), and the phrases' rests by first character, so each place
      is checked with a few ``startswith`` instead of the whole alternation of phrases.
    """
    keys = _changing_keys(locale)
    if keys is None:
        return None
    singles, _ = keys
    from zhconv import zhconv as zc

    rests: dict[str, set[str]] = {}
    for k, v in zc.getdict(locale).items():
        if len(k) > 1 and v != k and singles.isdisjoint(k):
            rests.setdefault(k[0], set()).add(k[1:])
    single_class = _char_class(c for c in singles if c <= "\uffff") + "\U00010000-\U0010ffff"
    starts = _char_class(rests)
    seconds = _char_class(r[0] for rs in rests.values() for r in rs)
    start_re = re.compile(f"[{starts}](?=[{seconds}])" if starts and seconds else "(?!)")
    return (re.compile(f"[{single_class}]"), start_re,
            {first: tuple(sorted(rs)) for first, rs in rests.items()})


def _char_class(chars: Iterable[str]) -> str:
    """The inside of a regex character class holding ``chars`` (runs written as ranges)."""
    runs: list[list[int]] = []
    for code in sorted({ord(c) for c in chars}):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else re.escape(chr(a)) + "-" + re.escape(chr(b)) for a, b in runs)


def zhconv_changes(text: str, locale: str) -> bool:
    """False when ``zhconv.convert(text, locale)`` is certainly ``text`` (a fast check that lets
    callers skip the slow conversion of text without traditional characters); True when it may
    change it: ``text`` holds a character that converts on its own or a changing phrase of
    characters that do not (see :func:`_changing_keys`)."""
    if type(text) is not str:
        keys = _changing_keys(locale)
        if keys is None:
            return False
        singles, phrases = keys
        return not singles.isdisjoint(text) or phrases.search(text) is not None
    search = _changing_search(locale)
    if search is None:
        return False
    single_re, start_re, rests = search
    hit = single_re.search(text)
    if hit is not None and (hit.group() <= "\uffff" or not _changing_keys(locale)[0].isdisjoint(text)):  # type: ignore[index]
        return True
    for m in start_re.finditer(text):
        i = m.end()
        for rest in rests[m.group()]:
            if text.startswith(rest, i):
                return True
    return False


_TO_SIMPLIFIED: list[Callable[[str], str] | None] = []
#: A document is read through the simplified view when at least this share of its CJK
#: characters change: real traditional text changes ~20%, simplified text that merely quotes a
#: traditional name (郟县) well under 0.1%.
TRADITIONAL_SHARE = 0.01


def simplified(text: str) -> str | None:
    """``text`` in simplified characters, one character for one, or None when it is not written
    in traditional characters (or the conversion would change its length)."""
    if not _TO_SIMPLIFIED:
        _TO_SIMPLIFIED.append(_zh_hans_converter())
    convert = _TO_SIMPLIFIED[0]
    if convert is None:
        return None
    if not zhconv_changes(text, "zh-hans"):
        return None
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if not cjk:
        return None
    out = convert(text)
    if len(out) != len(text):
        out = "".join(ch if len(conv := convert(ch)) != 1 else conv for ch in text)
    changed = sum(1 for a, b in zip(text, out) if a != b)
    return out if changed and changed >= TRADITIONAL_SHARE * cjk else None


# --------------------------------------------------------------------------------------- cleaning
def clean(original: str, simplify: bool | None = None) -> tuple[CleanText, dict[str, str]]:
    """Build the clean view of ``original`` (see the module docstring). ``simplify``: None reads
    a traditional-character document through a simplified view, False never does."""
    fields: dict[str, str] = {}
    # 1. lines with their original offsets, chrome dropped, ** removed, stripped
    lines: list[list[tuple[int, str]]] = []  # each line: list of (orig offset, text) fragments
    pos = 0
    for raw in original.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        start = pos
        pos += len(raw)
        compact = _SPACES.sub("", body)
        if not compact:
            lines.append([])
            continue
        if PAGE_NUMBER.match(body):
            lines.append([])
            continue
        if _CHROME_LINE.match(compact) or _CHROME_ANYWHERE.search(compact) or _is_breadcrumb(body):
            _collect_fields(body, fields)
            lines.append([])
            continue
        frags, at = [], 0
        for m in (_BOLD.finditer(body) if "**" in body else ()):
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
        indented = frags[0][0] > 0 and original[frags[0][0] - 1] == "\t"  # a tab-indented line (a cell) starts anew
        if paragraphs and not indented and _continues(paragraphs[-1], text):
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
    is_traditional = False
    if simplify is not False:
        simple = simplified(text)
        if simple is not None:
            text, is_traditional = simple, True
    if not pieces:
        pieces.append(_Piece(0, 0, 0))
    line_starts = [0] + [m.end() for m in _LINE_END.finditer(original)]
    view = CleanText(text, original, pieces, [p.clean_start for p in pieces], line_starts,
                     traditional=is_traditional)
    return view, fields


def _is_breadcrumb(line: str) -> bool:
    return "首页" in line and len(line.strip()) < 60 and _BREADCRUMB.search(line) is not None


_SPACES = re.compile(r"\s+")
_BOLD = re.compile(r"\*\*")
_LINE_END = re.compile(r"\r\n|\r|\n")
_BREADCRUMB = re.compile(r"\S\s*[>＞»]\s*\S")


def _collect_fields(line: str, fields: dict[str, str]) -> None:
    squashed = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", line)
    matches = list(_FIELD.finditer(squashed))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(squashed)
        value = squashed[m.end() : end].strip()
        if value and m.group(1) not in fields:
            fields[m.group(1)] = value
            alias = _FIELD_ALIASES.get(m.group(1))
            if alias and alias not in fields:
                fields[alias] = value


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


#: A table row written with pipes (| a | b |) or with cells spaced apart (a  b  c): never continued.
_NOTE_LINE = re.compile(r"^[（(]?(?:牵头|牽頭|主责|主責|责任|責任|配合|参与|參與|协助|協助|协办|協辦|落实|落實|实施|實施)"
                        r"(?:单位|單位|部门|部門)\s*[:：]")  # simplified or traditional: the view is not simplified yet
_TABLE_ROW = re.compile(r"^\s*[|｜]|[|｜]\s*$|\S(?: {2,}|\u3000+)\S(?:.*\S)?(?: {2,}|\u3000+)\S")


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
    if _TABLE_ROW.search(last_line) or _TABLE_ROW.search(text):
        return False
    if _NOTE_LINE.match(last_line):  # a responsibility note on its own line (牵头单位：…) ends there
        return False
    if _STANDALONE.match(text.replace(" ", "")) or _ENDS_TITLE.search(last_line):
        return False
    return True


# --------------------------------------------------------------------------------------- loading
#: A loader turns a file's bytes into text and says how it read them (the encoding for text
#: files, the format otherwise). It raises InputError naming the file on bad input.
Loader = Callable[[Path, bytes], tuple[str, str]]
_LOADERS: dict[str, Loader] = {}

#: Files larger than this are refused before they are read (default 20 MB; a plan is rarely
#: over 1 MB of text, a text PDF rarely over 10 MB). Set ``POLICYKG_MAX_FILE_MB`` to change it,
#: or pass ``max_bytes`` to :func:`load`.
DEFAULT_MAX_FILE_MB = 20
MAX_FILE_ENV = "POLICYKG_MAX_FILE_MB"
#: Documents whose text is longer than this are refused (default 2 million characters, about
#: 100 plans; reading one takes under a minute). Set ``POLICYKG_MAX_CHARS`` to change it.
DEFAULT_MAX_CHARS = 2_000_000
MAX_CHARS_ENV = "POLICYKG_MAX_CHARS"


def _env_number(name: str, default: float, what: str) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise InputError(f"the environment variable {name}={raw!r} is not a number of {what}") from None
    if value < 0:
        raise InputError(f"the environment variable {name}={raw!r} must not be negative")
    return value


def max_file_bytes() -> int:
    """The size limit in bytes: ``$POLICYKG_MAX_FILE_MB`` (megabytes) or the default; 0: none."""
    return int(_env_number(MAX_FILE_ENV, DEFAULT_MAX_FILE_MB, "megabytes") * 1024 * 1024)


def max_chars() -> int:
    """The text length limit in characters: ``$POLICYKG_MAX_CHARS`` or the default; 0: none."""
    return int(_env_number(MAX_CHARS_ENV, DEFAULT_MAX_CHARS, "characters"))


def register_loader(*suffixes: str) -> Callable[[Loader], Loader]:
    """Register a function turning a file's bytes into ``(text, how)`` for the given suffixes."""

    def deco(fn: Loader) -> Loader:
        for s in suffixes:
            _LOADERS[s.lower()] = fn
        return fn

    return deco


@register_loader(".txt", ".text", ".md")
def _load_text(path: Path, data: bytes) -> tuple[str, str]:
    return decode(data, str(path))


@register_loader(".html", ".htm", ".shtml", ".xhtml")
def _load_html(path: Path, data: bytes) -> tuple[str, str]:
    from kg.html_text import html_to_text

    return html_to_text(data, str(path))


@register_loader(".docx")
def _load_docx(path: Path, data: bytes) -> tuple[str, str]:
    from kg.docx_text import docx_to_text

    return docx_to_text(data, str(path))


@register_loader(".pdf")
def _load_pdf(path: Path, data: bytes) -> tuple[str, str]:
    from kg.pdf_text import pdf_to_text

    return pdf_to_text(data, str(path))


def supported_suffixes() -> tuple[str, ...]:
    """Suffixes the loader reads (folders are searched for these)."""
    return tuple(sorted(_LOADERS))


SUPPORTED_SUFFIXES = supported_suffixes()


def load(path: str | Path, *, max_bytes: int | None = None) -> Document:
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
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
        if limit and size > limit:
            raise InputError(
                f"file too large ({size / 1048576:.1f} MB, the limit is {limit / 1048576:g} MB); split it, "
                f"or raise the limit with the environment variable {MAX_FILE_ENV}", path=str(p))
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", path=str(p)) from None
    if not data.strip():
        raise InputError("the file is empty" if not data else "the file is empty (only white space)", path=str(p))
    text, how = loader(p, data)
    chars = max_chars()
    if chars and len(text) > chars:
        raise InputError(
            f"the text is too long ({len(text):,} characters, the limit is {chars:,}); split it, or raise "
            f"the limit with the environment variable {MAX_CHARS_ENV}", path=str(p))
    return from_text(text, p, data=data, encoding=how)


def from_text(text: str, path: str | Path = "document.txt", *, data: bytes | None = None,
              encoding: str = "utf-8") -> Document:
    """A :class:`Document` of already decoded ``text`` (``path`` names it in messages)."""
    p = Path(path)
    text = text.lstrip("\ufeff")
    view, fields = clean(text)
    if not view.text.strip():
        raise InputError("the document has no text (nothing left after dropping page chrome)"
                         if text.strip() else "the file is empty", path=str(p))
    return Document(
        path=p,
        name=p.name,
        text=text,
        sha256=hashlib.sha256(data if data is not None else text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        clean=view,
        fields=fields,
    )


def find_documents(paths: list[str | Path]) -> list[Path]:
    """Files to build: each PATH that is a file, and supported files under each folder (sorted;
    hidden files, README.md and the ``~$…`` lock files Word leaves next to an open document are
    not documents)."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _LOADERS
                       and not f.name.startswith((".", "~$")) and f.name.lower() != "readme.md")
            )
        else:
            out.append(p)
    return out
