"""Word ``.docx`` files → the text of the document.

Rules:

* the body is read in order: each paragraph is a line (a line break inside it is a new line, a
  tab stays a tab); each table row is a line with its cells separated by a tab (a cell's
  paragraphs joined by a space; a merged cell keeps its columns with empty cells); content
  controls are read through; headers, footers, comments, deleted text and text boxes are not;
* Word's automatic numbering is written out, as the reader sees it: a paragraph numbered by a
  list (1. / （一） / 一、 / ① …) gets its number, counted per list and level;
* a damaged, truncated or password-protected file, an old binary ``.doc`` renamed ``.docx`` and
  a ZIP bomb are refused with an :class:`~kg.errors.InputError` naming the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from kg.errors import InputError

__all__ = ["docx_to_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_UNPACKED = 256 * 1024 * 1024  # bytes of XML inside the archive: more is a ZIP bomb
_SKIP = {_W + "del", _W + "moveFrom", _W + "txbxContent", _W + "footnoteReference", _W + "commentReference",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback", _W + "pPr", _W + "rPr"}


def docx_to_text(data: bytes, path: str = "document.docx") -> tuple[str, str]:
    """The text of a ``.docx`` file and the format it was read as (``"docx"``)."""
    body, numbering, styles = _open(data, path)
    lists = _Numbering(numbering, styles)
    lines: list[str] = []
    _blocks(body, lists, lines)
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise InputError("the Word document holds no text", path=path)
    return text + "\n", "docx"


def _open(data: bytes, path: str):
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("an old binary Word .doc file (or a password-protected .docx), not a .docx; "
                         "open it in Word or LibreOffice and save it as .docx", path=path)
    if not data.startswith(b"PK"):
        raise InputError("not a .docx file (not a ZIP archive); save it from Word as .docx", path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > _MAX_UNPACKED:
                raise InputError("the .docx unpacks to more than 256 MB; refusing it", path=path)
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
    except InputError:
        raise
    except Exception as e:  # zipfile, lxml and python-docx raise many kinds for a damaged file
        raise InputError(f"cannot read the .docx (damaged or truncated?): {type(e).__name__}: {e}",
                         path=path) from None
    return body, numbering, styles


# --------------------------------------------------------------------------------------- body
def _blocks(parent, lists: _Numbering, lines: list[str]) -> None:
    for el in parent.iterchildren():
        tag = el.tag
        if tag == _W + "p":
            lines.extend(_paragraph(el, lists).split("\n"))
        elif tag == _W + "tbl":
            for row in el.iterchildren(_W + "tr"):
                cells = _row(row, lists)
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins"):
            _blocks(el, lists, lines)


def _row(row, lists: _Numbering) -> list[str]:
    cells: list[str] = []
    for tc in row.iter(_W + "tc"):
        if tc.getparent() is not row and tc.getparent().tag != _W + "sdtContent":
            continue  # a cell of a nested table
        parts: list[str] = []
        for p in tc.iter(_W + "p"):
            text = _paragraph(p, lists).replace("\n", " ").replace("\t", " ").strip()
            if text:
                parts.append(text)
        cells.append(" ".join(parts))
        span = tc.find(f"{_W}tcPr/{_W}gridSpan")
        if span is not None:
            n = _int(span.get(_W + "val"), 1)
            cells.extend([""] * max(0, min(n, 50) - 1))
    return cells


def _paragraph(p, lists: _Numbering) -> str:
    out: list[str] = []
    _runs(p, out)
    text = "".join(out)
    label = lists.label(p)
    if label:
        sep = "" if label[-1] in "、.．)）]】:：" or not text else " "
        text = label + sep + text
    return text


def _runs(el, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab" and el.tag == _W + "r":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            pass  # a symbol-font glyph (a bullet): no text
        else:
            _runs(child, out)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------------------- numbering
@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Word's list numbering: which label each numbered paragraph shows."""

    numbering: object | None
    styles: object | None
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)

    def __post_init__(self) -> None:
        if self.numbering is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for a in self.numbering.iterchildren(_W + "abstractNum"):
                abstract[a.get(_W + "abstractNumId", "")] = {
                    _int(lvl.get(_W + "ilvl"), 0): _level(lvl) for lvl in a.iterchildren(_W + "lvl")}
            for num in self.numbering.iterchildren(_W + "num"):
                ref = num.find(_W + "abstractNumId")
                levels = dict(abstract.get(ref.get(_W + "val", "") if ref is not None else "", {}))
                for override in num.iterchildren(_W + "lvlOverride"):
                    ilvl = _int(override.get(_W + "ilvl"), 0)
                    lvl = override.find(_W + "lvl")
                    base = _level(lvl) if lvl is not None else levels.get(ilvl, _Level())
                    start = override.find(_W + "startOverride")
                    if start is not None:
                        base = _Level(_int(start.get(_W + "val"), 1), base.fmt, base.text)
                    levels[ilvl] = base
                self.levels[num.get(_W + "numId", "")] = levels
        if self.styles is not None:
            for style in self.styles.iterchildren(_W + "style"):
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    num_id = numpr.find(_W + "numId")
                    ilvl = numpr.find(_W + "ilvl")
                    if num_id is not None:
                        self.style_num[style.get(_W + "styleId", "")] = (
                            num_id.get(_W + "val", ""), _int(ilvl.get(_W + "val") if ilvl is not None else None, 0))

    def label(self, p) -> str:
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            return _format(counters.get(k, lv.start), lv.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()

    def _num_of(self, p) -> tuple[str | None, int]:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return None, 0
        numpr = ppr.find(_W + "numPr")
        if numpr is not None:
            num_id = numpr.find(_W + "numId")
            ilvl = numpr.find(_W + "ilvl")
            return (num_id.get(_W + "val") if num_id is not None else None,
                    _int(ilvl.get(_W + "val") if ilvl is not None else None, 0))
        style = ppr.find(_W + "pStyle")
        if style is not None and style.get(_W + "val") in self.style_num:
            return self.style_num[style.get(_W + "val")]
        return None, 0


def _level(lvl) -> _Level:
    start = lvl.find(_W + "start")
    fmt = lvl.find(_W + "numFmt")
    text = lvl.find(_W + "lvlText")
    return _Level(_int(start.get(_W + "val") if start is not None else None, 1),
                  fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                  text.get(_W + "val", "") if text is not None else "")


_CN_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int) -> str:
    """Chinese counting: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
            out += ("" if (value == 10 and d == 1 and not out) else _CN_DIGITS[d]) + name
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    """a … z, aa … zz, aaa …, as Word counts; a number beyond that stays a number."""
    if n <= 0 or n > 26 * 10:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return _chinese(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalEnclosedParen", "decimalEnclosedFullstop") and 1 <= n <= 20:
        return chr((0x2474 if fmt == "decimalEnclosedParen" else 0x2488) + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)
