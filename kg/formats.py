"""One formatter for every tabular output: JSON lines, JSON, CSV and an aligned text table.

Rows are dicts. Nested values (lists of units or deadlines) stay nested in JSON; in CSV and the
table they are flattened to ``name (canonical); …`` / ``text → date; …``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("table", "jsonl", "json", "csv", "tsv")


def flatten(value: Any) -> str:
    """A cell for CSV or the table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "name" in value:
            canon = value.get("canonical")
            return value["name"] + (f" ({canon})" if canon and canon != value["name"] else "")
        if "text" in value:
            return value["text"] + (f" → {value['date']}" if value.get("date") else "")
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "; ".join(flatten(v) for v in value)
    return str(value)


def write(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO,
          columns: Sequence[str] | None = None) -> int:
    """Write rows in ``fmt`` to ``out``; returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rows = list(rows)
    cols = list(columns) if columns else _columns(rows)
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt in ("csv", "tsv"):
        w = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([flatten(r.get(c)) for c in cols])
    else:
        out.write(table(rows, cols))
    return len(rows)


def to_string(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    buf = io.StringIO()
    write(rows, fmt, buf, columns)
    return buf.getvalue()


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def width(s: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def table(rows: list[dict[str, Any]], cols: Sequence[str], max_width: int = 40) -> str:
    if not rows:
        return "(no rows)\n"
    cells = [[_clip(flatten(r.get(c)), max_width) for c in cols] for r in rows]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(_pad(c, widths[i]) for i, c in enumerate(cols)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _pad(s: str, w: int) -> str:
    return s + " " * (w - width(s))


def _clip(s: str, w: int) -> str:
    s = s.replace("\n", " ")
    if width(s) <= w:
        return s
    out, used = "", 0
    for ch in s:
        cw = width(ch)
        if used + cw > w - 1:
            break
        out += ch
        used += cw
    return out + "…"
