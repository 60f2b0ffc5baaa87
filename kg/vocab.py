"""Department-type vocabulary: ``ontology/vocab/department_types.csv``.

The CSV is data, not code: one row per department type of a Chinese city/county government, with
the columns ``standard_name,en,aliases``. ``aliases`` holds the other names of the type separated by
``|`` (发改委|发展改革委|…); it may be empty. Names are written WITHOUT a jurisdiction or level prefix
(生态环境局, not 市生态环境局).

Rules of :func:`lookup_department_type` (``name`` is a department name without its jurisdiction or
level prefix):

1. Exact match: surrounding whitespace and inner spaces are ignored, then ``name`` must equal a
   standard name or an alias (发改委 → 发展和改革委员会).
2. Branch offices: ``<alias><place>分局`` or ``<alias>分局`` (生态环境局南召分局, 公安局城东分局) is of
   the type of the alias it starts with; when several aliases fit, the longest wins. Other
   sub-units (…局办公室, …局执法支队) are NOT matched: they are different units.
3. Anything else → ``None``. No fuzzy or substring matching: a wrong type is worse than none.

:func:`match_department_type` gives the same answer plus the alias that matched, so a caller can
rewrite a branch name around the standard name (环保局南召分局 → 生态环境局南召分局).
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from kg.errors import OntologyError
from kg.memo import per_text

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
DEPARTMENT_TYPES_CSV = ONTOLOGY_DIR / "vocab" / "department_types.csv"

_HEADER = ("standard_name", "en", "aliases")
_BRANCH = "分局"


@dataclass(frozen=True)
class DepartmentType:
    """One department type: its standard Chinese name (the concept key), English name, aliases."""

    standard_name: str
    en: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The standard name followed by the aliases (without duplicates)."""
        return tuple(dict.fromkeys((self.standard_name, *self.aliases)))


@dataclass(frozen=True)
class DepartmentMatch:
    """The result of :func:`match_department_type`."""

    type: DepartmentType
    alias: str  # the standard name or alias that matched (a prefix of the name for a branch)
    branch: bool  # True when the name is a branch office (…分局) of the type


def _clean(name: str) -> str:
    return "".join(name.split())


def load_department_types(path: Path | str = DEPARTMENT_TYPES_CSV) -> tuple[DepartmentType, ...]:
    """Read and check a department-type CSV (not cached; :func:`department_types` is).

    Raises :class:`OntologyError` naming the file and line when the file is missing, the header is
    not ``standard_name,en,aliases``, a row has the wrong number of columns or an empty standard or
    English name, a standard name repeats, or one name belongs to two types.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(
            f"cannot read the department-type vocabulary ({exc}); restore the file from the repository",
            path=str(path),
        ) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != _HEADER:
        raise OntologyError(
            "the first line must be the header 'standard_name,en,aliases'", path=str(path), line=1
        )
    types: list[DepartmentType] = []
    owner: dict[str, str] = {}  # name → standard name of the type it belongs to
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue  # blank line
        if len(row) != 3:
            raise OntologyError(
                f"expected 3 columns (standard_name,en,aliases), found {len(row)}: {','.join(row)!r}",
                path=str(path),
                line=line,
            )
        standard, en, aliases_cell = (_clean(row[0]), row[1].strip(), row[2])
        if not standard or not en:
            raise OntologyError(
                "standard_name and en must not be empty", path=str(path), line=line
            )
        if standard in {t.standard_name for t in types}:
            raise OntologyError(
                f"standard name {standard!r} is listed twice; merge the rows", path=str(path), line=line
            )
        aliases = tuple(
            dict.fromkeys(a for a in (_clean(x) for x in aliases_cell.split("|")) if a and a != standard)
        )
        for name in (standard, *aliases):
            other = owner.get(name)
            if other is not None and other != standard:
                raise OntologyError(
                    f"name {name!r} belongs to both {other!r} and {standard!r}; keep it in one row",
                    path=str(path),
                    line=line,
                )
            owner[name] = standard
        types.append(DepartmentType(standard, en, aliases))
    if not types:
        raise OntologyError("the vocabulary has no department types", path=str(path))
    return tuple(types)


@functools.cache
def department_types() -> tuple[DepartmentType, ...]:
    """All department types of the bundled vocabulary (read once, cached)."""
    return load_department_types(DEPARTMENT_TYPES_CSV)


@functools.cache
def _index() -> dict[str, DepartmentType]:
    return {name: t for t in department_types() for name in t.names}


@functools.cache
def _names_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_index(), key=lambda n: (-len(n), n)))


@per_text(1 << 15)
def match_department_type(name: str) -> DepartmentMatch | None:
    """Like :func:`lookup_department_type`, also saying which alias matched and whether the name
    is a branch office (…分局) of the type. Remembered per name (the extractor asks about the same
    names, and their every split into place and rest, again and again)."""
    if not isinstance(name, str):
        return None
    name = _clean(name)
    if not name:
        return None
    index = _index()
    found = index.get(name)
    if found is not None:
        return DepartmentMatch(found, name, branch=False)
    if name.endswith(_BRANCH):
        for alias in _names_longest_first():
            if name.startswith(alias) and len(name) > len(alias) and alias.endswith("局"):
                return DepartmentMatch(index[alias], alias, branch=True)
    return None


def lookup_department_type(name: str) -> DepartmentType | None:
    """The department type of ``name`` (a name without jurisdiction/level prefix), or ``None``.

    发改委 → 发展和改革委员会; 市场监管局 → 市场监督管理局; 生态环境局南召分局 → 生态环境局;
    市发改委 → None (strip the prefix first: see ``kg.extract.departments``).
    """
    found = match_department_type(name)
    return found.type if found else None
