import pytest

from extractor import match_units
from extractor.units import assigned_units, carry_prefix, trailing_assignment


def trailing(text):
    found = trailing_assignment(text, 0, len(text))
    return None if found is None else (text[: found[0]], found[1], found[2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "加快建设（市发改委牵头，市财政局、自然资源局配合）。",
            (["市发改委"], ["市财政局", "市自然资源局"]),
        ),
        ("推进改革。（责任单位：市委改革办、市发改委）", (["市委改革办"], ["市发改委"])),
        ("推进（市发改委、市财政局等负责）", (["市发改委"], ["市财政局"])),
        ("推进（市委组织部、宣传部、市人社局分别牵头）", (["市委组织部", "市委宣传部", "市人社局"], [])),
        (
            "推进[牵头单位:市发改委(市粮食局);配合单位:市财政局、商务局]",
            (["市发改委(市粮食局)"], ["市财政局", "市商务局"]),
        ),
        (
            "推进（市政府办公室牵头，市级各有关部门及各县市区政府按职责分工负责）",
            (["市政府办公室"], ["各县市区政府"]),
        ),
    ],
)
def test_it_reads_a_trailing_bracketed_assignment(text, expected):
    assert trailing(text)[1:] == expected


def test_it_cuts_the_task_before_its_assignment():
    assert trailing("加快建设（市发改委牵头）。")[0] == "加快建设"


def test_a_bracket_that_names_no_unit_is_not_an_assignment():
    assert trailing("扩大有效投资（含各县区）。") is None
    assert trailing("出台实施办法（试行）。") is None


def test_it_leaves_out_unnamed_collectives_but_keeps_groups_of_a_named_kind():
    assert assigned_units(
        "牵头单位：市发改委；配合单位：各县区政府、市直有关部门、相关单位、其他成员单位"
    ) == (
        ["市发改委"],
        ["各县区政府"],
    )
    assert assigned_units("责任单位：区财政局，各街道，各县、市、区政府，各有关部门") == (
        ["区财政局"],
        ["各街道", "各县、市、区政府"],
    )


def test_it_carries_the_level_prefix_only_to_government_departments():
    assert carry_prefix(["市住建局", "商务局", "国家税务总局某市税务局", "供电公司"]) == [
        "市住建局",
        "市商务局",
        "国家税务总局某市税务局",
        "供电公司",
    ]
    assert carry_prefix(["市委组织部", "宣传部"]) == ["市委组织部", "市委宣传部"]


def test_a_unit_marked_lead_leads_among_responsible_units():
    assert assigned_units("责任单位：县税务局、县财政局（牵头）") == (["县财政局"], ["县税务局"])


def test_it_matches_either_name_of_a_unit_with_two():
    names = ["市发展和改革委员会", "市粮食和物资储备局", "市财政局"]
    assert match_units(["市发改委(市粮食局)"], names) == {"市发改委(市粮食局)": "市发展和改革委员会"}
    assert match_units(["市粮食局（市发改委）"], ["市发展和改革委员会"]) == {
        "市粮食局（市发改委）": "市发展和改革委员会"
    }
