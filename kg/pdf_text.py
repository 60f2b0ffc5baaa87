"""Text PDFs → the text of the document (pdfminer.six).

Rules:

* the text is read page by page in reading order; each text line of the page is a line (the
  cleaner joins the lines of a paragraph wrapped by the layout, and a paragraph broken across
  pages, see :func:`kg.documents.clean`);
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

from kg.errors import InputError

__all__ = ["pdf_to_text", "text_of_pages"]

_DASH = r"[-—－–_·]"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+|第\s*\d{{1,4}}\s*页(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")


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
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return extract_text(io.BytesIO(data), laparams=LAParams())
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("the PDF is password-protected or encrypted; remove the protection first",
                         path=path) from None
    except RecursionError:
        raise InputError("cannot read the PDF: its structure is nested too deeply (damaged?)", path=path) from None
    except Exception as e:  # pdfminer raises many kinds for damaged files (PSEOF, PDFSyntaxError, …)
        raise InputError(f"cannot read the PDF (damaged or truncated?): {type(e).__name__}: {e}",
                         path=path) from None


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
