"""The department-type vocabulary (ontology/vocab/department_types.csv) and its lookup."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import OntologyError
from kg.vocab import (
    DEPARTMENT_TYPES_CSV,
    DepartmentType,
    department_types,
    load_department_types,
    lookup_department_type,
    match_department_type,
)


def test_csv_sits_in_the_ontology_folder_next_to_the_package():
    repo = Path(__file__).resolve().parent.parent
    assert DEPARTMENT_TYPES_CSV == repo / "ontology" / "vocab" / "department_types.csv"
    assert DEPARTMENT_TYPES_CSV.is_file()


def test_every_row_of_the_bundled_csv_is_loaded():
    with DEPARTMENT_TYPES_CSV.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["standard_name"].strip()]
    types = department_types()
    assert [t.standard_name for t in types] == [r["standard_name"] for r in rows]
    assert all(isinstance(t, DepartmentType) and t.en for t in types)
    assert department_types() is types  # cached


def test_names_are_unique_across_types():
    seen: dict[str, str] = {}
    for t in department_types():
        for name in t.names:
            assert seen.setdefault(name, t.standard_name) == t.standard_name, name


@pytest.mark.parametrize(
    ("name", "standard"),
    [
        ("发改委", "发展和改革委员会"),
        ("发展改革委", "发展和改革委员会"),
        ("发展和改革委", "发展和改革委员会"),
        ("发展和改革委员会", "发展和改革委员会"),
        ("工信局", "工业和信息化局"),
        ("住建局", "住房和城乡建设局"),
        ("城管局", "城市管理局"),
        ("资源规划局", "自然资源和规划局"),
        ("文旅局", "文化广电和旅游局"),
        ("市场监管局", "市场监督管理局"),
        ("卫健委", "卫生健康委员会"),
        ("卫健体委", "卫生健康体育委员会"),
        ("机关事务中心", "机关事务管理中心"),
        ("供销社", "供销合作社"),
        ("政府", "人民政府"),
        ("政府办公室", "人民政府办公室"),
        ("管委会", "管理委员会"),
        ("医保局", "医疗保障局"),
        ("乡村振兴局", "乡村振兴局"),
        (" 生态 环境局 ", "生态环境局"),  # spaces of broken lines are ignored
    ],
)
def test_lookup_by_alias(name, standard):
    found = lookup_department_type(name)
    assert found is not None and found.standard_name == standard


@pytest.mark.parametrize(
    ("name", "standard"),
    [
        ("生态环境局南召分局", "生态环境局"),
        ("环保局城东分局", "生态环境局"),
        ("公安局高新分局", "公安局"),
        ("自然资源和规划局卧龙分局", "自然资源和规划局"),
    ],
)
def test_branch_offices_match_their_bureau(name, standard):
    found = match_department_type(name)
    assert found is not None and found.branch and found.type.standard_name == standard
    assert name.startswith(found.alias)


@pytest.mark.parametrize(
    "name",
    [
        "市发改委",  # prefixes are stripped by the caller
        "生态环境",
        "生态环境局办公室",
        "生态环境局执法支队",
        "局",
        "分局",
        "",
        "   ",
        "某某公司",
    ],
)
def test_no_fuzzy_matches(name):
    assert lookup_department_type(name) is None


def test_lookup_tolerates_non_strings():
    assert lookup_department_type(None) is None  # type: ignore[arg-type]
    assert lookup_department_type(42) is None  # type: ignore[arg-type]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "types.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_aliases_split_and_blank_lines_skipped(tmp_path):
    path = _write(tmp_path, "standard_name,en,aliases\n甲局,Bureau A,甲| 甲甲局 |\n\n乙局,Bureau B,\n")
    types = load_department_types(path)
    assert types == (DepartmentType("甲局", "Bureau A", ("甲", "甲甲局")), DepartmentType("乙局", "Bureau B", ()))


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("standard_name,en,aliases\n甲局,Bureau A\n", 2),  # too few columns
        ("standard_name,en,aliases\n甲局,Bureau A,,extra\n", 2),  # too many
        ("standard_name,en,aliases\n甲局,Bureau A,\n,Bureau B,\n", 3),  # empty standard name
        ("standard_name,en,aliases\n甲局,,\n", 2),  # empty English name
        ("standard_name,en,aliases\n甲局,A,\n乙局,B,\n甲局,C,\n", 4),  # repeated standard name
        ("standard_name,en,aliases\n甲局,A,丙\n乙局,B,丙\n", 3),  # alias of two types
        ("name,english\n甲局,A\n", 1),  # wrong header
    ],
)
def test_malformed_rows_raise_ontology_error_with_file_and_line(tmp_path, text, line):
    path = _write(tmp_path, text)
    with pytest.raises(OntologyError) as err:
        load_department_types(path)
    assert err.value.path == str(path)
    assert err.value.line == line
    assert f"{path}:{line}:" in str(err.value)


def test_missing_file_raises_ontology_error(tmp_path):
    with pytest.raises(OntologyError) as err:
        load_department_types(tmp_path / "missing.csv")
    assert "missing.csv" in str(err.value)
