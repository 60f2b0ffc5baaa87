"""Canonical units (DESIGN §4): jurisdiction + standard name, kinds, levels."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.departments import (
    JurisdictionContext,
    canonicalise,
    is_collective,
    is_organization,
    split_place,
)
from kg.extract.responsibility import find_note, parse_note
from kg.records import Unit, UnitMention

# plans of three levels (names made up where it matters: the rules must not depend on them)
CITY = JurisdictionContext("新乡市", "city", {"province": "河南省"})
CITY2 = JurisdictionContext("南阳市", "city", {"province": "河南省"})
COUNTY = JurisdictionContext("南召县", "county", {"city": "南阳市", "province": "河南省"})
COUNTY_CITY = JurisdictionContext("邓州市", "county", {"city": "南阳市", "province": "河南省"})
ZONE = JurisdictionContext("开封市城乡一体化示范区", "county", {"city": "开封市", "province": "河南省"})
DISTRICT = JurisdictionContext("卫滨区", "county", {"city": "新乡市", "province": "河南省"})
NOWHERE = JurisdictionContext(None, None, {})


def unit(name: str, ctx: JurisdictionContext, role: str = "lead") -> Unit:
    return canonicalise(UnitMention(role, name, "牵头"), ctx)  # type: ignore[arg-type]


# (context, name, canonical, kind, department_type, level, jurisdiction)
CASES = [
    # departments: prefix → jurisdiction, alias → standard name
    (CITY, "市发改委", "新乡市发展和改革委员会", "department", "发展和改革委员会", "city", "新乡市"),
    (CITY, "市工信局", "新乡市工业和信息化局", "department", "工业和信息化局", "city", "新乡市"),
    (CITY, "市资源规划局", "新乡市自然资源和规划局", "department", "自然资源和规划局", "city", "新乡市"),
    (CITY, "市城管局", "新乡市城市管理局", "department", "城市管理局", "city", "新乡市"),
    (CITY, "市文旅局", "新乡市文化广电和旅游局", "department", "文化广电和旅游局", "city", "新乡市"),
    (CITY, "市住建局", "新乡市住房和城乡建设局", "department", "住房和城乡建设局", "city", "新乡市"),
    (CITY, "市机关事务中心", "新乡市机关事务管理中心", "department", "机关事务管理中心", "city", "新乡市"),
    (CITY, "市市场监管局", "新乡市市场监督管理局", "department", "市场监督管理局", "city", "新乡市"),
    (CITY, "市场监管局", "新乡市市场监督管理局", "department", "市场监督管理局", "city", "新乡市"),
    (CITY, "市黄河河务局", "新乡市黄河河务局", "department", "黄河河务局", "city", "新乡市"),
    (CITY2, "市卫健体委", "南阳市卫生健康体育委员会", "department", "卫生健康体育委员会", "city", "南阳市"),
    (CITY2, "市政府办公室", "南阳市人民政府办公室", "department", "人民政府办公室", "city", "南阳市"),
    (CITY2, "生态环境局", "南阳市生态环境局", "department", "生态环境局", "city", "南阳市"),
    (COUNTY, "县市场监管局", "南召县市场监督管理局", "department", "市场监督管理局", "county", "南召县"),
    (COUNTY, "县供销社", "南召县供销合作社", "department", "供销合作社", "county", "南召县"),
    (COUNTY, "县发展改革委", "南召县发展和改革委员会", "department", "发展和改革委员会", "county", "南召县"),
    # a prefix of another level → the enclosing jurisdiction; unknown → kept as written
    (COUNTY, "市生态环境局", "南阳市生态环境局", "department", "生态环境局", "city", "南阳市"),
    (CITY, "省发展改革委", "河南省发展和改革委员会", "department", "发展和改革委员会", "province", "河南省"),
    (CITY, "省生态环境厅", "河南省生态环境厅", "department", None, "province", "河南省"),
    (CITY, "县发改委", "县发展和改革委员会", "department", "发展和改革委员会", "county", None),
    (NOWHERE, "市发改委", "市发展和改革委员会", "department", "发展和改革委员会", "city", None),
    # the plan's own place: 市 in a county-level city, 区 in a district
    (COUNTY_CITY, "市发改委", "邓州市发展和改革委员会", "department", "发展和改革委员会", "county", "邓州市"),
    (DISTRICT, "区生态环境分局", "卫滨区生态环境局", "department", "生态环境局", "county", "卫滨区"),
    (DISTRICT, "市生态环境局", "新乡市生态环境局", "department", "生态环境局", "city", "新乡市"),
    # a named place keeps its place
    (CITY2, "南召县发展改革委", "南召县发展和改革委员会", "department", "发展和改革委员会", "county", "南召县"),
    (CITY2, "南阳市生态环境局", "南阳市生态环境局", "department", "生态环境局", "city", "南阳市"),
    # unknown department names keep their written rest; branches keep their branch
    (CITY, "市污染防治攻坚办", "新乡市污染防治攻坚办", "department", None, "city", "新乡市"),
    (CITY2, "市环保局南召分局", "南阳市生态环境局南召分局", "department", "生态环境局", "city", "南阳市"),
    (CITY2, "市生态环境局（市攻坚办）", "南阳市生态环境局", "department", "生态环境局", "city", "南阳市"),
    # governments
    (CITY2, "邓州市政府", "邓州市人民政府", "government", "人民政府", "county", "邓州市"),
    (CITY2, "桐柏县政府", "桐柏县人民政府", "government", "人民政府", "county", "桐柏县"),
    (CITY2, "桐柏县人民政府", "桐柏县人民政府", "government", "人民政府", "county", "桐柏县"),
    (CITY2, "桐柏县", "桐柏县人民政府", "government", "人民政府", "county", "桐柏县"),
    # in a zone's own plan, the zone's short name is the plan's jurisdiction
    (ZONE, "示范区生态环境分局", "开封市城乡一体化示范区生态环境局", "department", "生态环境局", "county",
     "开封市城乡一体化示范区"),
    (ZONE, "示范区管委会", "开封市城乡一体化示范区管理委员会", "government", "管理委员会", "county",
     "开封市城乡一体化示范区"),
    (ZONE, "市生态环境局", "开封市生态环境局", "department", "生态环境局", "city", "开封市"),
    (CITY2, "市政府", "南阳市人民政府", "government", "人民政府", "city", "南阳市"),
    (COUNTY, "白土岗镇人民政府", "白土岗镇人民政府", "government", "人民政府", "township", "白土岗镇"),
    (CITY2, "高新区管委会", "南阳市高新区管理委员会", "government", "管理委员会", "county", "南阳市高新区"),
    (CITY2, "城乡一体化示范区管委会", "南阳市城乡一体化示范区管理委员会", "government", "管理委员会", "county",
     "南阳市城乡一体化示范区"),
    # collectives: plan jurisdiction + name, brackets normalised, prefix replaced
    (CITY2, "各县〔市、区〕政府〔管委会〕", "南阳市各县（市、区）政府（管委会）", "collective", None, "city", "南阳市"),
    (CITY2, "各县（市、区）政府〔管委会〕", "南阳市各县（市、区）政府（管委会）", "collective", None, "city", "南阳市"),
    (CITY2, "各县(市、区)政府", "南阳市各县（市、区）政府", "collective", None, "city", "南阳市"),
    (CITY, "各管委会", "新乡市各管委会", "collective", None, "city", "新乡市"),
    (CITY, "相关单位", "新乡市相关单位", "collective", None, "city", "新乡市"),
    (CITY2, "相关市直单位", "南阳市相关市直单位", "collective", None, "city", "南阳市"),
    (CITY, "涉矿县区政府", "新乡市涉矿县区政府", "collective", None, "city", "新乡市"),
    (COUNTY, "各乡镇人民政府", "南召县各乡镇人民政府", "collective", None, "county", "南召县"),
    (CITY, "市污染防治攻坚战指挥部成员单位", "新乡市污染防治攻坚战指挥部成员单位", "collective", None, "city", "新乡市"),
    (CITY, "县区政府", "新乡市县区政府", "collective", None, "city", "新乡市"),
    # organisations: kept when named after a place, else the plan's jurisdiction in front
    (COUNTY, "南召供电公司", "南召供电公司", "organization", None, None, "南召县"),
    (CITY, "供电公司", "新乡市供电公司", "organization", None, None, "新乡市"),
    (CITY, "市供电公司", "新乡市供电公司", "organization", None, None, "新乡市"),
    (CITY, "某某铁路局集团有限公司某某车务段", "某某铁路局集团有限公司某某车务段", "organization", None, None, None),
    (CITY, "中国某某银行新乡分行", "中国某某银行新乡分行", "organization", None, None, None),
]


@pytest.mark.parametrize(
    ("ctx", "name", "canonical", "kind", "dept_type", "level", "jurisdiction"),
    CASES,
    ids=[f"{c[0].name}:{c[1]}" for c in CASES],
)
def test_canonicalise(ctx, name, canonical, kind, dept_type, level, jurisdiction):
    u = unit(name, ctx)
    assert (u.canonical, u.kind, u.department_type, u.level, u.jurisdiction) == (
        canonical, kind, dept_type, level, jurisdiction)
    assert u.name == name  # the written name is kept


def test_mention_fields_are_carried_over():
    m = UnitMention("implement", "各县区政府", "负责落实", joint=True, declared=True)
    u = canonicalise(m, CITY)
    assert (u.role, u.name, u.role_words, u.joint, u.declared) == ("implement", "各县区政府", "负责落实", True, True)


def test_aliases_of_one_type_meet_in_one_canonical_name():
    names = ["市发改委", "市发展改革委", "市发展和改革委", "市发展和改革委员会", "发改委"]
    assert {unit(n, CITY).canonical for n in names} == {"新乡市发展和改革委员会"}


@pytest.mark.parametrize(
    ("name", "place", "rest"),
    [
        ("市发展改革委", "市", "发展改革委"),
        ("市市场监管局", "市", "市场监管局"),
        ("县市场监管局", "县", "市场监管局"),
        ("市场监管局", None, "市场监管局"),
        ("乡村振兴局", None, "乡村振兴局"),
        ("邓州市政府", "邓州市", "政府"),
        ("镇平县生态环境局", "镇平县", "生态环境局"),
        ("新乡市市场监管局", "新乡市", "市场监管局"),
        ("市污染防治攻坚办", "市", "污染防治攻坚办"),
        ("市场服务中心", None, "市场服务中心"),
        ("区域协作中心", None, "区域协作中心"),
        ("桐柏县", "桐柏县", ""),
    ],
)
def test_split_place(name, place, rest):
    parts = split_place(name)
    assert (parts.place, parts.rest) == (place, rest)


@pytest.mark.parametrize(
    ("name", "collective", "organization"),
    [
        ("各县（市、区）政府（管委会）", True, False),
        ("相关单位", True, False),
        ("有关部门", True, False),
        ("市直有关部门", True, False),
        ("乡镇人民政府", True, False),
        ("市、县两级政府", True, False),
        ("市市场监管局", False, False),
        ("县市场监管局", False, False),
        ("供电公司", False, True),
        ("某某集团", False, True),
        ("某某车务段", False, True),
        ("某某农商银行", False, True),
        ("市生态环境局", False, False),
        ("县供销社", False, False),
    ],
)
def test_kind_predicates(name, collective, organization):
    assert is_collective(name) is collective
    assert is_organization(name) is organization


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from([CITY, COUNTY, DISTRICT, NOWHERE]))
def test_canonicalise_never_raises(name, ctx):
    u = unit(name, ctx)
    assert u.kind in ("department", "government", "collective", "organization")


def test_every_unit_of_the_corpus_has_a_canonical_name_in_its_jurisdiction():
    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    seen = 0
    for path in sorted(corpus.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            span = find_note(paragraph)
            if span is None:
                continue
            for m in parse_note(paragraph[span[0]:span[1]]).mentions:
                u = canonicalise(m, CITY)
                seen += 1
                assert u.canonical
                if u.kind == "department" and m.name.startswith("市"):
                    assert u.canonical.startswith("新乡市") and u.jurisdiction == "新乡市"
                if u.kind == "collective":
                    assert u.canonical.startswith("新乡市") and "〔" not in u.canonical
    assert seen > 100
