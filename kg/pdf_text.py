"""Text PDFs → the text of the document (pdfminer.six).

Rules:

* the text is read page by page, top to bottom; each row of the page is a line, and text lines
  side by side on a row (the cells of a table, a date set to the right) are separated by a tab, so
  a table reads as tab-separated rows as it does from HTML and Word; the cleaner joins the lines
  of a paragraph wrapped by the layout, and a paragraph broken across pages (see
  :func:`kg.documents.clean`);
* the page number at the top or bottom of each page (- 3 -, — 3 —, 第3页 共9页, 3/9, a bare 3)
  is dropped;
* a scanned PDF (no text layer), a PDF whose fonts have no character map (text comes out as
  ``(cid:123)``), a password-protected, damaged or truncated PDF are refused with an
  :class:`~kg.errors.InputError` naming the file.
"""

from __future__ import annotations

import io
import logging
import re

from kg.documents import PAGE_NUMBER as _PAGE_NUMBER
from kg.errors import InputError

__all__ = ["page_text", "pdf_to_text", "text_of_pages"]

_CID = re.compile(r"\(cid:\d+\)")
_COLUMN_GAP = 1.0  # a gap wider than this many characters inside a text line separates columns


def pdf_to_text(data: bytes, path: str = "document.pdf") -> tuple[str, str]:
    """The text of a text PDF and the format it was read as (``"pdf"``)."""
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if b"%PDF" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF header); check the file type", path=path)
    return text_of_pages(_extract(data, path), path), "pdf"


def text_of_pages(raw: str, path: str = "document.pdf") -> str:
    """The document text from pdfminer's output (pages separated by form feeds): page numbers
    dropped; refused when it holds no text or only ``(cid:…)`` codes."""
    pages = raw.split("\x0c")
    text = "\n".join(_page_lines(p) for p in pages).strip("\n")
    letters = sum(1 for c in text if c.isalnum())
    cids = len(_CID.findall(text))
    if cids and cids * 2 >= letters / 6:
        raise InputError("the PDF's fonts carry no character map: its text comes out as (cid:…) codes; "
                         "OCR it first, or export it again from the source as a text PDF", path=path)
    if letters == 0:
        raise InputError(f"not a text PDF (no extractable text in {max(len(pages) - 1, 1)} page(s)); "
                         "OCR it first", path=path)
    return text + "\n"


def _extract(data: bytes, path: str) -> str:
    """pdfminer's text lines, page by page (pages separated by form feeds)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return "".join(page_text(page) + "\x0c" for page in extract_pages(io.BytesIO(data),
                                                                          laparams=LAParams(all_texts=True)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("the PDF is password-protected or encrypted; remove the protection first",
                         path=path) from None
    except RecursionError:
        raise InputError("cannot read the PDF: its structure is nested too deeply (damaged?)", path=path) from None
    except Exception as e:  # pdfminer raises many kinds for damaged files (PSEOF, PDFSyntaxError, …)
        raise InputError(f"cannot read the PDF (damaged or truncated?): {type(e).__name__}: {e}",
                         path=path) from None


def page_text(page) -> str:
    """The text of a pdfminer page as lines, top to bottom: text lines side by side on the same
    row (the cells of a table, a right-aligned date) make one line, separated by a tab."""
    items = sorted(_text_lines(page), key=lambda t: (-(t[1] + t[3]) / 2, t[0]))
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for item in items:
        if rows and _same_row(rows[-1], item):
            rows[-1].append(item)
        else:
            rows.append([item])
    out: list[str] = []
    for row in rows:
        row.sort(key=lambda t: t[0])
        line = row[0][4]
        for prev, item in zip(row, row[1:]):
            height = max(item[3] - item[1], prev[3] - prev[1], 1.0)
            line += ("\t" if item[0] - prev[2] > 0.8 * height else "") + item[4]
        out.append(line)
    return "\n".join(out)


def _text_lines(element) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1, text) of each run of text: pdfminer's text lines, split where a gap
    wider than a character separates two columns (pdfminer joins close cells into one line)."""
    from pdfminer.layout import LTChar, LTTextLine

    found = []
    for child in element:
        if isinstance(child, LTTextLine):
            run: list[tuple[float, float, float, float, str]] = []
            for item in child:
                if isinstance(item, LTChar):
                    size = max(item.height, item.width, 1.0)
                    if run and item.x0 - run[-1][2] > _COLUMN_GAP * size:
                        found.append(_joined(run))
                        run = []
                    run.append((item.x0, item.y0, item.x1, item.y1, item.get_text()))
                elif run and item.get_text() not in ("\n", ""):
                    x1 = run[-1][2]
                    run.append((x1, run[-1][1], x1, run[-1][3], item.get_text()))  # a space pdfminer adds
            if run:
                found.append(_joined(run))
        elif hasattr(child, "__iter__"):
            found.extend(_text_lines(child))
    return [t for t in found if t[4].strip()]


def _joined(run: list[tuple[float, float, float, float, str]]) -> tuple[float, float, float, float, str]:
    return (min(t[0] for t in run), min(t[1] for t in run), max(t[2] for t in run), max(t[3] for t in run),
            "".join(t[4] for t in run).strip())


def _same_row(row: list[tuple[float, float, float, float, str]], item: tuple[float, float, float, float, str]) -> bool:
    top, bottom = max(t[3] for t in row), min(t[1] for t in row)
    overlap = min(top, item[3]) - max(bottom, item[1])
    return overlap >= 0.5 * min(item[3] - item[1], top - bottom)


def _page_lines(page: str) -> str:
    """The page's text with its page number (first or last line) dropped."""
    lines = page.split("\n")
    first, last = _first_text(lines), _last_text(lines)
    if last is not None and (_PAGE_NUMBER.match(lines[last]) or lines[last].strip().isdigit()):
        lines[last] = ""  # a bare number is a page number only at the foot of the page
    if first is not None and first != last and _PAGE_NUMBER.match(lines[first]):
        lines[first] = ""
    return "\n".join(lines)


def _first_text(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _last_text(lines: list[str]) -> int | None:
    return next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
