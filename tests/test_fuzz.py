"""Hypothesis: random and mutated text thrown at every reader. Nothing but a KGError subclass may
escape the loaders and the extractor, and the clean view's map back to the original must hold.

The mutations are those of real documents: brackets lost or doubled, page breaks in the middle
of a sentence, full-/half-width and traditional/simplified mixed, random Unicode, truncation."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.extract
from kg.documents import clean, decode, from_text
from kg.errors import KGError
from kg.records import UnitMention

ROOT = Path(__file__).resolve().parent.parent
FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _excerpts() -> list[str]:
    lines = (FORMATS / "plan-utf8.txt").read_text(encoding="utf-8").split("\n")
    lines += (FORMATS / "plan-traditional.txt").read_text(encoding="utf-8").split("\n")
    for f in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        paras = f.read_text(encoding="utf-8-sig").split("\n")
        lines += [p for p in paras if "牵头" in p or "年底前" in p or "%" in p][:12]
    return [line for line in lines if line.strip()]


EXCERPTS = _excerpts()
WHOLE = (FORMATS / "plan-utf8.txt").read_text(encoding="utf-8")
GENRE = ("（）()〔〕[]【】「」“”、，,。.．；;：:\n\t 　牵头配合负责落实按职责分工市县区局委政府人民管委会各等部门单位"
         "年月日底前到达力争每年上下半十四五0123456789０１２３%％一二三四五六七八九十百章节附件表")
genre_text = st.text(alphabet=st.sampled_from(GENRE), max_size=300)
any_text = st.text(max_size=300)
texts = st.one_of(genre_text, any_text)


@st.composite
def mutated(draw, base: st.SearchStrategy[str] | None = None) -> str:
    text = draw(base) if base is not None else draw(st.sampled_from(EXCERPTS))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["drop_bracket", "dup_bracket", "page_break", "insert", "width", "truncate",
                                   "delete"]))
        pos = draw(st.integers(0, len(text)))
        if op == "drop_bracket":
            spots = [i for i, c in enumerate(text) if c in "（）()〔〕"]
            if spots:
                i = draw(st.sampled_from(spots))
                text = text[:i] + text[i + 1:]
        elif op == "dup_bracket":
            spots = [i for i, c in enumerate(text) if c in "（）()〔〕"]
            if spots:
                i = draw(st.sampled_from(spots))
                text = text[:i] + text[i] + text[i:]
        elif op == "page_break":
            text = text[:pos] + draw(st.sampled_from(["\n\n", "\n\x0c\n", "\r\n\r\n- 3 -\r\n", "\n**"])) + text[pos:]
        elif op == "insert":
            text = text[:pos] + draw(st.text(min_size=1, max_size=5)) + text[pos:]
        elif op == "width":
            table = str.maketrans("（），：；0123456789", "(),:;０１２３４５６７８９")
            text = text.translate(table) if draw(st.booleans()) else text.translate({v: k for k, v in table.items()})
        elif op == "truncate":
            text = text[:pos]
        elif op == "delete":
            end = draw(st.integers(pos, min(len(text), pos + 10)))
            text = text[:pos] + text[end:]
    return text


def _whole_mutated() -> st.SearchStrategy[str]:
    return mutated(st.just(WHOLE))


# --------------------------------------------------------------------------------------- documents
@FUZZ
@given(st.one_of(texts, mutated(), _whole_mutated()))
def test_the_clean_view_maps_back_to_the_original(text):
    view, fields = clean(text)
    assert isinstance(fields, dict)
    n = len(view.text)
    for start, end in ((0, n), (0, n // 2), (n // 3, n), (n // 2, n // 2 + 1)):
        if start < end <= n:
            span = view.span(start, end)
            assert text[span.start:span.end] == span.quote
            assert 1 <= span.line <= span.end_line
    previous = -1
    for i in range(0, n, max(1, n // 50)):
        o = view.to_original(i)
        assert previous <= o < max(len(text), 1)
        previous = o


@FUZZ
@given(st.one_of(texts, mutated(), _whole_mutated()))
def test_from_text_gives_a_document_or_an_input_error(text):
    try:
        doc = from_text(text, "fuzz.txt")
    except KGError as e:
        assert str(e).startswith("fuzz.txt")
        return
    assert doc.text == text.lstrip("\ufeff")


@FUZZ
@given(st.one_of(st.binary(max_size=600),
                 st.builds(lambda t, e: t.encode(e, errors="ignore"), mutated(),
                           st.sampled_from(["utf-8", "gb18030", "utf-16", "big5", "utf-16-le"])),
                 st.builds(lambda t, n: t.encode("utf-8")[:n], mutated(), st.integers(0, 400))))
def test_decode_gives_text_or_an_input_error(data):
    try:
        text, encoding = decode(data, "fuzz.txt")
    except KGError as e:
        assert str(e).startswith("fuzz.txt")
        return
    assert isinstance(text, str) and text.strip() and encoding


# --------------------------------------------------------------------------------------- HTML
_TAGS = ["p", "div", "br", "table", "tr", "td", "th", "span", "nav", "footer", "header", "article", "script",
         "style", "ul", "li", "h1", "b", "tbody", "a"]
_html_piece = st.one_of(
    st.builds(lambda t: f"<{t}>", st.sampled_from(_TAGS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.builds(lambda t, c: f'<{t} class="{c}" colspan="{c}">', st.sampled_from(_TAGS),
              st.sampled_from(["nav", "footer", "2", "x", "-1", "99999999"])),
    st.sampled_from(["索引号：", "发布机构：", "文号：", "&nbsp;", "&gt;", "&#x4e00;", "&bogus;", "<!--", "-->",
                     "<![CDATA[", "<meta charset='gbk'>", "<", ">", "\n", "当前位置：首页 > 政策"]),
    mutated(),
)


@FUZZ
@given(st.lists(_html_piece, max_size=40), st.sampled_from(["utf-8", "gb18030"]))
def test_html_reader_never_raises_anything_but_input_error(pieces, encoding):
    from kg.html_text import html_to_text

    data = "".join(pieces).encode(encoding, errors="ignore")
    try:
        text, _ = html_to_text(data, "fuzz.html")
    except KGError as e:
        assert str(e).startswith("fuzz.html")
        return
    assert text.strip()


@FUZZ
@given(st.integers(0, 10_000), st.integers(0, 200), st.binary(max_size=20))
def test_html_reader_on_a_damaged_saved_page(at, length, junk):
    from kg.html_text import html_to_text

    data = (FORMATS / "plan-page.html").read_bytes()
    at = at % len(data)
    damaged = data[:at] + junk + data[at + length:]
    try:
        html_to_text(damaged, "fuzz.html")
    except KGError:
        pass


# --------------------------------------------------------------------------------------- Word, PDF
def _with_member(docx: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


@SLOW_FUZZ
@given(st.integers(0, 100_000), st.integers(0, 300), st.binary(max_size=30),
       st.sampled_from([None, "word/document.xml", "word/numbering.xml", "word/styles.xml"]))
def test_word_reader_on_damaged_files(at, length, junk, member):
    from kg.docx_text import docx_to_text

    data = (FORMATS / "plan-word.docx").read_bytes()
    if member:  # a well-formed archive holding a damaged part
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(member)
        at = at % len(xml)
        data = _with_member(data, member, xml[:at] + junk + xml[at + length:])
    else:
        at = at % len(data)
        data = data[:at] + junk + data[at + length:]
    try:
        text, _ = docx_to_text(data, "fuzz.docx")
    except KGError as e:
        assert str(e).startswith("fuzz.docx")
        return
    assert text.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 100_000), st.integers(0, 300), st.binary(max_size=30))
def test_pdf_reader_on_damaged_files(at, length, junk):
    from kg.pdf_text import pdf_to_text

    data = (FORMATS / "plan-print.pdf").read_bytes()
    at = at % len(data)
    try:
        text, _ = pdf_to_text(data[:at] + junk + data[at + length:], "fuzz.pdf")
    except KGError as e:
        assert str(e).startswith("fuzz.pdf")
        return
    assert text.strip()


# --------------------------------------------------------------------------------------- extractor
def _public_functions():
    """Every public function of every kg.extract module, with the kinds of its required arguments."""
    found = []
    for info in pkgutil.iter_modules(kg.extract.__path__):
        module = importlib.import_module(f"kg.extract.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            required = [p for p in inspect.signature(fn).parameters.values()
                        if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
            found.append((f"{info.name}.{name}", fn, [str(p.annotation) for p in required]))
    return found


FUNCTIONS = _public_functions()
STR_FUNCTIONS = [(n, f) for n, f, kinds in FUNCTIONS if kinds and all(k == "str" for k in kinds)]
PARAGRAPH_FUNCTIONS = [(n, f) for n, f, kinds in FUNCTIONS if kinds == ["list[tuple[int, str]]"]]


def test_the_extractor_functions_are_found():
    names = {n for n, _ in STR_FUNCTIONS} | {n for n, _ in PARAGRAPH_FUNCTIONS}
    for expected in ("responsibility.find_note", "deadlines.find_deadlines", "targets.find_targets",
                     "outline.read_outline", "metadata.parse_date_line"):
        assert expected in names


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for para in text.split("\n"):
        if para:
            out.append((pos, para))
        pos += len(para) + 1
    return out


@FUZZ
@given(st.one_of(texts, mutated()))
def test_every_text_function_of_the_extractor(text):
    for name, fn in STR_FUNCTIONS:
        args = [text] * len([p for p in inspect.signature(fn).parameters.values()
                             if p.default is inspect.Parameter.empty])
        try:
            fn(*args)
        except KGError:
            pass
        except Exception as e:  # pragma: no cover - the failure message names the function
            pytest.fail(f"{name}({text!r}) raised {type(e).__name__}: {e}")
    for name, fn in PARAGRAPH_FUNCTIONS:
        try:
            fn(_paragraphs(text))
        except KGError:
            pass


@FUZZ
@given(st.one_of(texts, mutated()), st.sampled_from([None, "南阳市", "新乡市", "西峡县", "某市"]),
       st.sampled_from(["lead", "support", "implement"]))
def test_notes_units_deadlines_and_targets_with_context(text, place, role):
    from kg.extract.deadlines import DeadlineContext, find_deadlines
    from kg.extract.departments import JurisdictionContext, canonicalise
    from kg.extract.metadata import level_of, read_metadata
    from kg.extract.responsibility import find_note, parse_note
    from kg.extract.targets import TargetContext, find_targets

    level = level_of(place) if place else None
    jctx = JurisdictionContext(name=place, level=level, parents={})
    reading = parse_note(text)
    for mention in reading.mentions:
        canonicalise(mention, jctx)
    canonicalise(UnitMention(role, text, ""), jctx)
    at = find_note(text)
    if at is not None:
        assert 0 <= at[0] <= at[1] <= len(text)
    for found in find_deadlines(text, DeadlineContext(2023, 2025, 2023)):
        assert 0 <= found.start <= found.end <= len(text)
    for found in find_targets(text, TargetContext(place, 2025)):
        assert 0 <= found.start <= found.end <= len(text)
    read_metadata(_paragraphs(text)[:5], text, {"文号": text[:20], "发文日期": text[:12]}, "fuzz")


@FUZZ
@given(st.one_of(_whole_mutated(), mutated(), texts))
def test_whole_documents_extract_or_raise_a_kg_error(text):
    from kg.extract import extract

    try:
        doc = from_text(text, "fuzz.txt")
        plan, problems = extract(doc)
    except KGError as e:
        assert str(e).startswith("fuzz.txt")
        return
    for task in plan.tasks:
        assert doc.text[task.span.start:task.span.end] == task.span.quote
