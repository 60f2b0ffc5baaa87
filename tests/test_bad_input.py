"""Bad input: every unreadable document gives a clear message naming the file (and line where it
applies), the other documents still build, and nothing is half-written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.documents import MAX_CHARS_ENV, MAX_FILE_ENV, from_text, load
from kg.errors import ExtractionError, InputError, KGError
from kg.extract import extract

ROOT = Path(__file__).resolve().parent.parent
FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
GOOD = (FORMATS / "plan-utf8.txt").read_text(encoding="utf-8")


def _scanned_pdf() -> bytes:
    """A PDF with a picture and no text layer, as a scanner makes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(2, 2))
    fig.figimage(np.random.default_rng(0).random((50, 50)), 10, 10)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    return buf.getvalue()


def _cut_inside_a_character(text: str, encoding: str, near: int) -> bytes:
    """The text encoded and cut after the first byte of the CJK character at or after ``near``."""
    k = next(i for i in range(near, len(text)) if "\u4e00" <= text[i] <= "\u9fff")
    return text[:k].encode(encoding) + text[k].encode(encoding)[:1]


def _line_of_end(data: bytes) -> int:
    return data.count(b"\n") + 1


CUT_UTF8 = _cut_inside_a_character(GOOD, "utf-8", 400)
CUT_GBK = _cut_inside_a_character(GOOD, "gb18030", 600)


def _locked_pdf() -> bytes:
    """A PDF protected by a user password (the standard security handler; not the empty one)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, b"ab" * 16, b"ab" * 16, xref))
    return out


def _old_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


# (file name, bytes, words the message must hold, line or None)
BAD: list[tuple[str, bytes | None, str, int | None]] = [
    ("empty.txt", b"", "the file is empty", None),
    ("blank.txt", b" \r\n\t\n\xe3\x80\x80\n", "the file is empty", None),
    ("empty.html", b"", "the file is empty", None),
    ("empty.docx", b"", "the file is empty", None),
    ("empty.pdf", b"", "the file is empty", None),
    ("random.txt", bytes(range(256)) * 40, "binary file", None),
    ("controls.txt", b"\x01\x02\x03\x04abc\x05\x06\x07\x08\x0e\x0f" * 50, "binary file", None),
    ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image", None),
    ("pdf-named.txt", (FORMATS / "plan-print.pdf").read_bytes(), "rename it to .pdf", None),
    ("latin1.txt", "Plan d'action - qualité de l'air, été 2024\n".encode("latin-1") * 5 + b"\xe9\xe8\xff", "cannot decode",
     1),
    ("cut.txt", CUT_UTF8, "truncated", _line_of_end(CUT_UTF8)),
    ("cut-gbk.txt", CUT_GBK, "truncated", _line_of_end(CUT_GBK)),
    ("cut.docx", (FORMATS / "plan-word.docx").read_bytes()[:12000], "damaged or truncated", None),
    ("cut.pdf", (FORMATS / "plan-print.pdf").read_bytes()[:20000], "damaged or truncated", None),
    ("text-named.docx", GOOD.encode("utf-8"), "not a .docx", None),
    ("old-word.docx", _old_doc(), "old binary Word .doc", None),
    ("text-named.pdf", GOOD.encode("utf-8"), "not a PDF file", None),
    ("locked.pdf", _locked_pdf(), "password-protected", None),
    ("scanned.pdf", None, "not a text PDF (no extractable text", None),  # made at runtime
    ("only-chrome.html", "<html><body><div class='nav'>首页</div><p>版权所有 某市人民政府</p></body></html>".encode(),
     "holds no text", None),
    ("no-tasks.txt", "某市人民政府关于加强生态环境保护的意见\n各县（市、区）人民政府：\n为加强生态环境保护，提出如下意见。\n"
                     "请各地认真贯彻执行。\n".encode(), "no tasks found", None),
]


def _write(tmp_path: Path, name: str, data: bytes | None) -> Path:
    f = tmp_path / name
    f.write_bytes(_scanned_pdf() if data is None else data)
    return f


@pytest.mark.parametrize("name,data,words,line", BAD, ids=[b[0] for b in BAD])
def test_bad_file_gives_a_clear_message_naming_it(tmp_path, name, data, words, line):
    f = _write(tmp_path, name, data)
    with pytest.raises(KGError) as err:
        extract(load(f))
    message = str(err.value)
    assert isinstance(err.value, (InputError, ExtractionError))
    assert message.startswith(str(f)), message
    assert words in message, message
    if line is not None:
        assert err.value.line == line
        assert message.startswith(f"{f}:{line}: ")
    assert "Traceback" not in message


def test_missing_file_folder_and_dangling_link(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "gone.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        load(tmp_path / "folder.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="no such file") as err:
        load(tmp_path / "link.txt")
    assert "link.txt" in str(err.value)


def test_unbalanced_brackets_do_not_break_the_document():
    """A note whose closing bracket is lost, an extra opening bracket: the plan still reads, the
    task without a readable note is reported with its line."""
    lost = GOOD.replace("各县（市、区）政府负责落实）", "各县（市、区）政府负责落实", 1)
    plan, problems = extract(from_text(lost, "lost.txt"))
    assert len(plan.tasks) == 5
    line = lost.split("\n").index(next(x for x in lost.split("\n") if x.startswith("1.淘汰落后产能"))) + 1
    assert any(p.line == line and "note" in str(p) and str(p).startswith("lost.txt") for p in problems), problems
    extra = GOOD.replace("（市生态环境局牵头，市工业和信息化局配合）", "（（市生态环境局牵头，市工业和信息化局配合）", 1)
    plan, _ = extract(from_text(extra, "extra.txt"))
    assert len(plan.tasks) == 5
    stray = GOOD.replace("（三）面源污染治理行动", "（三）面源污染治理行动）】〕", 1)
    plan, _ = extract(from_text(stray, "stray.txt"))
    assert len(plan.tasks) == 5


def test_a_50_mb_file_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.delenv(MAX_FILE_ENV, raising=False)
    monkeypatch.delenv(MAX_CHARS_ENV, raising=False)
    big = tmp_path / "huge.txt"
    chunk = GOOD.encode("utf-8")
    with open(big, "wb") as f:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
    assert big.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(InputError) as err:
        load(big)
    message = str(err.value)
    assert message.startswith(f"{big}: file too large (50.0 MB")
    assert MAX_FILE_ENV in message
    # a higher size limit reads the file, then the text length limit refuses it, just as clearly
    monkeypatch.setenv(MAX_FILE_ENV, "60")
    with pytest.raises(InputError) as err:
        load(big)
    assert str(err.value).startswith(f"{big}: the text is too long") and MAX_CHARS_ENV in str(err.value)


def test_the_limits_are_configurable(tmp_path, monkeypatch):
    f = tmp_path / "plan.txt"
    f.write_text(GOOD * 400, encoding="utf-8")  # about 800 KB, 280,000 characters
    monkeypatch.setenv(MAX_FILE_ENV, "0.5")
    with pytest.raises(InputError, match="file too large"):
        load(f)
    monkeypatch.setenv(MAX_FILE_ENV, "2")
    monkeypatch.setenv(MAX_CHARS_ENV, "100000")
    with pytest.raises(InputError, match="too long"):
        load(f)
    monkeypatch.setenv(MAX_CHARS_ENV, "0")  # no limit
    assert len(load(f).text) == len(GOOD) * 400
    monkeypatch.setenv(MAX_FILE_ENV, "lots")
    with pytest.raises(InputError, match=f"{MAX_FILE_ENV}='lots' is not a number"):
        load(f)


def _build(paths: list[Path], out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build_graph.py", *map(str, paths), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_a_folder_with_good_and_bad_files_builds_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    good = ["plan-utf8.txt", "plan-page.html", "plan-word.docx", "plan-print.pdf"]
    for name in good:
        (docs / name).write_bytes((FORMATS / name).read_bytes())
    bad = {}
    for i, (name, data, words, _) in enumerate(BAD):
        f = _write(docs, f"bad{i:02d}-{name}", data)  # distinct stems: the graph names documents by stem
        bad[f.name] = words
    out = tmp_path / "graph"
    result = _build([docs], out)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    reports = {d["name"]: d for d in manifest["documents"]}
    assert {n for n, d in reports.items() if d["built"]} == set(good)
    for name, words in bad.items():
        assert not reports[name]["built"]
        assert any(name in p and words in p for p in reports[name]["problems"]), (name, reports[name])
        assert any(name in line and words in line for line in output.splitlines()), name
    # only the good documents' texts are saved
    assert sorted(p.name for p in (out / "texts").iterdir()) == sorted(f"{n}.txt" for n in good)


def test_a_failed_build_leaves_the_previous_output_intact(tmp_path):
    out = tmp_path / "graph"
    assert _build([FORMATS / "plan-utf8.txt"], out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "notes.xyz").write_text("not a document")
    result = _build([nothing], out)
    assert result.returncode != 0
    assert "no documents" in (result.stdout + result.stderr)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # no half-written temporary folders are left next to the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "nothing"]
