"""The extractor's fast paths give what the plain rules give.

The extractor remembers pure functions of a text (unit names, notes, paragraphs), searches with
patterns that open with a lookahead of their possible first characters, and replaces characters
instead of translating them. Each fast path is checked here against the plain computation it
stands for, on the genre's text and on random text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import documents
from kg.extract import deadlines, departments, responsibility
from kg.extract.targets import load_indicators
from kg.records import UnitMention

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GENRE = ("（）()〔〕[]【】「」“”\"‘'『、，,。.．；;：:\n\t 　牵头配合负责落实按职责分工市县区局委政府人民管委会各等部门单位"
         "年月日底前到达力争每年上下半十四五0123456789０１２３%％一二三四五六七八九十截至直到今本当第季度旬号期间末"
         "規劃實現達到優良天數力爭著么〇零○《》")
genre_text = st.text(alphabet=st.sampled_from(GENRE), max_size=80)
texts = st.one_of(genre_text, st.text(max_size=80))


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for f in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        lines += [line for line in f.read_text(encoding="utf-8-sig").split("\n") if line.strip()]
    return lines


LINES = _corpus_lines()


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as it was before its first-character lookahead was put in front."""
    source, n = re.subn(r"^\s*\(\?=\[[^\]]*\]\)", "", pattern.pattern, count=1)
    assert n == 1, pattern.pattern[:80]
    return re.compile(source, pattern.flags)


DATE_PATTERNS = [deadlines._YEAR_RE, deadlines._FYP_RE, deadlines._YEARLESS_RE]
PLAIN_PATTERNS = [_without_lookahead(p) for p in DATE_PATTERNS]


def _same_matches(text: str) -> None:
    for fast, plain in zip(DATE_PATTERNS, PLAIN_PATTERNS):
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
               [(m.span(), m.groupdict()) for m in plain.finditer(text)]


def test_date_patterns_find_what_they_found_without_the_lookahead_on_the_corpus():
    for line in LINES:
        _same_matches(line)
        _same_matches(deadlines.normalize_width(line))


@SETTINGS
@given(texts)
def test_date_patterns_find_what_they_found_without_the_lookahead(text):
    _same_matches(text)
    _same_matches(deadlines.normalize_width(text))


@SETTINGS
@given(texts)
def test_normalize_width_is_the_translation(text):
    assert deadlines.normalize_width(text) == deadlines.to_simplified(text).translate(deadlines._WIDTH)


@pytest.mark.parametrize("text, inside", [
    ("a《b》c", "001100"),
    ("《a《b》c》d", "011111100"),  # nested titles
    ("》a《b", "00011"),  # a stray 》 is ignored; an open title runs to the end
])
def test_title_mask_examples(text, inside):
    assert deadlines._title_mask(text) == bytearray(int(c) for c in inside)


@SETTINGS
@given(texts)
def test_title_mask_without_a_title_is_all_zero(text):
    text = text.replace("《", "")
    assert deadlines._title_mask(text) == bytearray(len(text) + 1)


def _changes_plainly(text: str, locale: str) -> bool:
    singles, phrases = documents._changing_keys(locale)
    return not singles.isdisjoint(text) or phrases.search(text) is not None


@SETTINGS
@given(st.one_of(texts, st.lists(st.sampled_from(["著", "么九", "保障著", "人工智慧", "優", "𠮷", "a", "中"]),
                                 max_size=6).map("".join)))
def test_zhconv_changes_is_the_plain_check(text):
    for locale in ("zh-cn", "zh-hans"):
        assert documents.zhconv_changes(text, locale) == _changes_plainly(text, locale)


def test_zhconv_changes_on_the_corpus():
    for line in LINES:
        assert documents.zhconv_changes(line, "zh-cn") == _changes_plainly(line, "zh-cn")


@SETTINGS
@given(texts, st.sampled_from(["；;。，,", "、，,；;", "。", "、", ""]))
def test_top_level_split(text, seps):
    assert list(responsibility._split_top_with_seps(text, seps)) == responsibility._split_top_uncached(text, seps)


def test_a_note_read_twice_reads_the_same_and_gives_fresh_lists():
    note = "（市生态环境局牵头，市发展改革委、财政局配合，各县（市、区）政府负责落实）"
    standing = [UnitMention("implement", "各乡镇人民政府", "", declared=True)]
    first = responsibility.parse_note(note, standing)
    first.mentions.append(UnitMention("lead", "x", ""))
    first.declared.append(UnitMention("lead", "y", ""))
    again = responsibility.parse_note(note, standing)
    responsibility._reading.cache_clear()
    fresh = responsibility.parse_note(note, standing)
    assert again == fresh
    assert "x" not in [m.name for m in again.mentions] and not again.declared


def test_unit_functions_answer_alike_remembered_or_not():
    names = ["市发展改革委", "南召县发展改革委", "市场监管局", "桐柏县", "各县（市、区）政府（管委会）", "南召供电公司",
             "市生态环境局南召分局", "", "市", "团市委", "相关单位"]
    functions = [departments.split_place, departments.is_collective, departments.is_organization,
                 departments.is_government, departments.looks_like_unit, departments.takes_prefix,
                 departments.is_bare_place]
    first = [[f(n) for n in names] for f in functions]
    for f in functions:
        f.cache_clear()
    assert [[f(n) for n in names] for f in functions] == first
    # anything but a str is answered (as an empty name), not remembered
    assert [f(None) for f in functions] == [f("") for f in functions]
    ctx = departments.JurisdictionContext("南阳市", "city", {"province": "河南省"})
    mention = UnitMention("lead", "市生态环境局", "牵头")
    unit = departments.canonicalise(mention, ctx)
    departments._CANONICAL.clear()
    assert departments.canonicalise(mention, ctx) == unit
    other = departments.JurisdictionContext("邓州市", "county", {"city": "南阳市"})
    assert departments.canonicalise(mention, other).canonical != unit.canonical


def test_indicators_are_read_again_when_the_file_changes(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text("key,en,unit,aliases\n空气质量优良天数比率,good air days,%,优良天数比率\n", encoding="utf-8")
    first = load_indicators(path)
    assert load_indicators(path) is first
    path.write_text("key,en,unit,aliases\nPM2.5浓度,PM2.5,微克/立方米,细颗粒物浓度\n", encoding="utf-8")
    import os
    os.utime(path, ns=(1, 10**18))
    assert [i.key for i in load_indicators(path).indicators] == ["PM2.5浓度"]


ROW_TEXT = st.lists(st.sampled_from(list("|｜ \u3000\t.…·a中12") + ["  ", "...", "……", "···"]), max_size=20).map("".join)


@SETTINGS
@given(st.one_of(ROW_TEXT, texts))
def test_row_and_table_of_contents_checks_are_the_patterns(text):
    from kg.extract import outline, tables, targets

    assert (text.count("|") + text.count("｜") >= 2) == (len(tables._PIPE.findall(text)) >= 2)
    stripped = text.strip()
    if "\t" not in text:
        assert ("  " in stripped or "\u3000" in stripped) == (tables._SPACES.search(stripped) is not None)
    assert ("\u3000" in stripped or "  " in stripped) == (targets._TABLE_SPLIT_SPACES.search(stripped) is not None)
    if outline._TOC_ENTRY.search(text):
        assert "\t" in text or "..." in text or "……" in text or "···" in text


JUNK_TEXT = st.lists(st.sampled_from(["2024", "年", "月", "底", "前", ":", "：", " ", "市", "局", "12"]), max_size=8).map("".join)


@SETTINGS
@given(st.one_of(JUNK_TEXT, texts))
def test_junk_check_is_the_pattern(item):
    assert responsibility._is_junk(item) == (len(item) < 2 or len(item) > 40 or bool(responsibility._JUNK.search(item)))
