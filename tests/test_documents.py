"""Loading, decoding and cleaning documents (kg.documents)."""

from __future__ import annotations

import pytest

from kg.documents import clean, decode, find_documents, load
from kg.errors import InputError

SAMPLE = "一、重点任务\n（一）交通运输清洁行动。\n1.推进公转铁。加快铁路专用线建设。（市发展改革委牵头）\n"


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b""), ("utf-16-le", b"\xff\xfe"),
])
def test_decodes_the_usual_encodings(tmp_path, encoding, prefix):
    f = tmp_path / "plan.txt"
    f.write_bytes(prefix + SAMPLE.encode(encoding))
    doc = load(f)
    assert doc.text == SAMPLE
    assert doc.clean.text.startswith("一、重点任务\n（一）交通运输清洁行动。")


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b"\xff\xff\xfe\x80\x81abc\x82" * 3 + b"\x81", "cannot decode"),
])
def test_bad_bytes_give_a_clear_error_naming_the_file(tmp_path, data, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as err:
        load(f)
    assert message in str(err.value)
    assert str(f) in str(err.value)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")
    (tmp_path / "x.xyz").write_text("abc")
    with pytest.raises(InputError, match="unsupported file type"):
        load(tmp_path / "x.xyz")


def test_page_break_joins_the_paragraph_and_drops_a_repeated_character():
    text = ("1.加快推进公转铁。在新建或改扩建集装箱、大\n\n大宗散货作业区时，原则上同步建设进港铁路。\n"
            "2.推进治理。着力解决挥发性有机\n\n物污染突出问题。（市生态环境局牵头）\n")
    view, _ = clean(text)
    paras = view.text.split("\n")
    assert paras[0] == "1.加快推进公转铁。在新建或改扩建集装箱、大宗散货作业区时，原则上同步建设进港铁路。"
    assert paras[1] == "2.推进治理。着力解决挥发性有机物污染突出问题。（市生态环境局牵头）"


def test_short_lines_and_headings_are_not_joined():
    text = "一、总体要求\n坚持生态优先\n\n南阳市人民政府办公室\n\n2023年9月14日\n（一）城市空气质量提升进位行动\n1.推进排名进位。"
    view, _ = clean(text)
    assert view.text.split("\n") == ["一、总体要求", "坚持生态优先", "南阳市人民政府办公室", "2023年9月14日",
                                     "（一）城市空气质量提升进位行动", "1.推进排名进位。"]


def test_web_chrome_is_dropped_and_its_fields_kept():
    text = ("首页 > 政务公开 > 政策文件\n来源:市政府办       日期:2023-10-09\n"
            "索 引 号:S0001-0205-2023-01615主题分类:其他\n文号:某政办〔2023〕27号有 效 性:有效\n"
            "正文第一段，长度足够长的一句话在这里结束。\n相关解读:《某方案》解读\n"
            "    © 2008-2021 Inc. 豫ICP备17020529号-2 网站地图\n")
    view, fields = clean(text)
    assert view.text == "正文第一段，长度足够长的一句话在这里结束。"
    assert fields["文号"] == "某政办〔2023〕27号"
    assert fields["索引号"] == "S0001-0205-2023-01615"


def test_emphasis_markers_are_dropped_and_spans_point_into_the_original():
    text = "前言\n7. 推进重点行业**超低排放改造**。按要求推进。\n"
    view, _ = clean(text)
    assert view.text == "前言\n7. 推进重点行业超低排放改造。按要求推进。"
    start = view.text.index("超低")
    span = view.span(start, start + len("超低排放改造"))
    assert span.quote == "超低排放改造"
    assert text[span.start:span.end] == span.quote
    assert span.line == 2
    whole = view.span(view.text.index("推进重点"), view.text.index("。"))
    assert whole.quote == "推进重点行业**超低排放改造"  # ends at the last kept character


def test_spans_over_a_page_break_cover_both_lines():
    text = "1.推进治理。着力解决挥发性有机\n\n物污染突出问题。\n"
    view, _ = clean(text)
    span = view.span(view.text.index("挥发"), view.text.index("问题") + 2)
    assert span.line == 1 and span.end_line == 3
    assert span.quote == "挥发性有机\n\n物污染突出问题"


def test_full_width_digits_become_ascii_one_for_one():
    view, _ = clean("到２０２５年，达到７６．５％以上。")
    assert view.text == "到2025年，达到76．5％以上。"
    assert len(view.text) == len("到２０２５年，达到７６．５％以上。")


def test_decode_reports_the_line_of_a_bad_byte():
    data = "第一行\n第二行\n".encode("utf-8") + b"\x81\xff\xfe" * 4
    with pytest.raises(InputError) as err:
        decode(data, "x.txt")
    assert err.value.line == 3


def test_find_documents_walks_folders_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "notes.xyz").write_text("x")
    (tmp_path / "~$plan.docx").write_bytes(b"\x0bWord lock file")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "c.PDF").write_bytes(b"%PDF-1.4")
    found = [p.relative_to(tmp_path).as_posix() for p in find_documents([tmp_path])]
    assert found == ["b.txt", "c.PDF", "sub/a.txt"]


def test_big5_and_gbk_traditional_text_decode():
    text = "（一）交通運輸清潔行動\n1.推進公轉鐵。（市交通運輸局牽頭，市發展改革委配合）\n"
    assert decode(text.encode("big5"), "t.txt") == (text, "big5")
    assert decode(text.encode("gb18030"), "t.txt") == (text, "gb18030")


def test_a_utf8_file_with_one_bad_byte_is_not_read_as_mojibake():
    good = SAMPLE.encode("utf-8")
    at = good.index("推进".encode("utf-8"))
    data = good[:at] + b"\x81" + good[at + 1:]
    with pytest.raises(InputError) as err:
        decode(data, "x.txt")
    assert "cannot decode" in str(err.value) and err.value.line == 3


def test_the_simplified_view_of_traditional_text():
    from kg.documents import simplified

    assert simplified(SAMPLE) is None  # already simplified
    assert simplified("ABC 123") is None
    traditional = "一、重點任務\n（一）交通運輸清潔行動。\n1.推進公轉鐵。加快鐵路專用線建設。（市發展改革委牽頭）\n"
    assert simplified(traditional) == SAMPLE
    view, _ = clean(traditional)
    assert view.traditional and view.text == clean(SAMPLE)[0].text
    start = view.text.index("市发展改革委牵头")
    assert view.span(start, start + 8).quote == "市發展改革委牽頭"
    assert not clean(traditional, simplify=False)[0].traditional


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(encoding):
    assert decode(SAMPLE.encode(encoding), "x.txt") == (SAMPLE, encoding)
    latin = "Action plan 2024\nTask 1. Clean air.\n" * 3
    assert decode(latin.encode(encoding), "x.txt") == (latin, encoding)


def test_binary_with_nul_bytes_is_not_read_as_utf16():
    import random

    data = bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\x00\x00"
    with pytest.raises(InputError, match="binary file"):
        decode(data, "x.txt")


def test_page_numbers_inside_a_broken_paragraph_are_dropped():
    text = ("1.推进治理。着力解决挥发性有机\n\n- 3 -\n\n物污染突出问题。（市生态环境局牵头）\n"
            "2.加强管控。推进重点行业超低排放改造，完成\n— 4 —\n\f钢铁企业改造。\n第5页 共9页\n3.强化监测。\n")
    view, _ = clean(text)
    assert view.text.split("\n") == ["1.推进治理。着力解决挥发性有机物污染突出问题。（市生态环境局牵头）",
                                     "2.加强管控。推进重点行业超低排放改造，完成钢铁企业改造。", "3.强化监测。"]
    # a year or a bare number on its own line is not a page number
    assert clean("完成时限\n2025\n3/2024年\n")[0].text == "完成时限\n2025\n3/2024年"
