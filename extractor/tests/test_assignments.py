import pytest

from extractor import extract, match_units
from extractor.units import assigned_units, assignment_clauses, find_units, trailing_assignment


def trailing(text):
    found = trailing_assignment(text, 0, len(text))
    return None if found is None else (text[: found[0]], found[1], found[2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "加快建设（市发改委牵头，市财政局、自然资源局配合）。",
            (["市发改委"], ["市财政局", "自然资源局"]),
        ),
        ("推进改革。（责任单位：市委改革办、市发改委）", (["市委改革办"], ["市发改委"])),
        ("推进（市发改委、市财政局等负责）", (["市发改委"], ["市财政局"])),
        ("推进（市委组织部、宣传部、市人社局分别牵头）", (["市委组织部", "宣传部", "市人社局"], [])),
        (
            "推进[牵头单位:市发改委(市粮食局);配合单位:市财政局、商务局]",
            (["市发改委(市粮食局)"], ["市财政局", "商务局"]),
        ),
        (
            "推进（市政府办公室牵头，市级各有关部门及各县市区政府按职责分工负责）",
            (["市政府办公室"], ["市级各有关部门", "各县市区政府"]),
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


def test_it_keeps_the_collectives_an_assignment_lists():
    assert assigned_units(
        "牵头单位：市发改委；配合单位：各县区政府、市直有关部门、相关单位、其他成员单位"
    ) == (
        ["市发改委"],
        ["各县区政府", "市直有关部门", "相关单位", "其他成员单位"],
    )
    assert assigned_units("责任单位：区财政局，各街道，各县、市、区政府，各有关部门") == (
        ["区财政局"],
        ["各街道", "各县、市、区政府", "各有关部门"],
    )


def test_it_keeps_a_department_named_without_its_level_as_written():
    assert assigned_units("责任单位：市住建局、商务局、供电公司") == (["市住建局"], ["商务局", "供电公司"])
    assert assigned_units("牵头单位：市委组织部、宣传部") == (["市委组织部", "宣传部"], [])


def test_a_unit_marked_lead_leads_among_responsible_units():
    assert assigned_units("责任单位：县税务局、县财政局（牵头）") == (["县财政局"], ["县税务局"])


def test_it_matches_either_name_of_a_unit_with_two():
    names = ["市发展和改革委员会", "市粮食和物资储备局", "市财政局"]
    assert match_units(["市发改委(市粮食局)"], names) == {"市发改委(市粮食局)": "市发展和改革委员会"}
    assert match_units(["市粮食局（市发改委）"], ["市发展和改革委员会"]) == {
        "市粮食局（市发改委）": "市发展和改革委员会"
    }


def test_a_bare_bracketed_list_of_units_assigns_an_item_to_its_first_unit():
    assert trailing("实施重大项目攻坚行动。（市发改委、市财政局、市自然资源局）")[1:] == (
        ["市发改委"],
        ["市财政局", "市自然资源局"],
    )
    assert trailing("完善人才政策（市人社局负责，2027年底前完成）")[1:] == (["市人社局"], [])


def test_closing_clauses_that_assign_the_work_are_read_as_its_assignment():
    text = "持续优化营商环境，市政务服务中心、市数据局分别牵头，各县区政府按职责分工负责。"
    cut, leads, cos = assignment_clauses(text, 0, len(text))
    assert (text[:cut], leads, cos) == ("持续优化营商环境，", ["市政务服务中心", "市数据局"], ["各县区政府"])
    assert assignment_clauses("加快建设开发区，今年要完成扩区调规。", 0, 17) is None


LAYOUTS = """某市2026年重点工作任务分工方案
一、扩大有效需求
1.实施重大项目攻坚行动，全年实施省市重点项目200个以上。（市发改委、市财政局）
2.推进消费提质扩容，举办促消费活动100场以上。（市商务局牵头，市文旅局、市场监管局配合）
3.深化国资国企改革，6月底前完成市属国企整合重组。（责任单位：市国资委、市财政局）
二、深化改革开放
4.持续优化营商环境，市政务服务中心、市数据局分别牵头，各县区政府按职责分工负责。
5.加快建设开发区，三季度完成扩区调规，市商务局负责。
6.实施高新技术企业倍增计划。[牵头单位:市科技局(市知识产权局);配合单位:市财政局、税务局]
7.完善人才政策。（市委组织部、宣传部等负责，2027年底前完成）
8.推进法治政府建设。
牵头单位：市司法局
配合单位：市直各有关部门
完成时限：长期坚持
"""


def test_every_common_layout_of_a_work_plan_gives_one_task_with_units_and_due():
    tasks = extract(LAYOUTS).tasks
    got = [(t.title, t.lead_units, t.co_units, t.deadline, t.due) for t in tasks]
    assert got == [
        ("实施重大项目攻坚行动", ["市发改委"], ["市财政局"], None, None),
        ("推进消费提质扩容", ["市商务局"], ["市文旅局", "市场监管局"], None, None),
        ("深化国资国企改革", ["市国资委"], ["市财政局"], "6月底前", "2026-06-30"),
        ("持续优化营商环境", ["市政务服务中心", "市数据局"], ["各县区政府"], None, None),
        ("加快建设开发区", ["市商务局"], [], "三季度", "2026-09-30"),
        ("实施高新技术企业倍增计划", ["市科技局(市知识产权局)"], ["市财政局", "税务局"], None, None),
        ("完善人才政策", ["市委组织部"], ["宣传部"], "2027年底前", "2027-12-31"),
        ("推进法治政府建设", ["市司法局"], ["市直各有关部门"], "长期坚持", None),
    ]


def test_units_of_a_traditional_script_document_are_given_as_written():
    text = "某市2022年工作要點\n一、審批\n1.全面實施清單管理。(市政府辦公室、市審批服務局牽頭，各縣市區政府按職責分工負責)\n"
    task = extract(text).tasks[0]
    assert (task.lead_units, task.co_units) == (["市政府辦公室", "市審批服務局"], ["各縣市區政府"])


def test_a_person_named_beside_the_assignment_is_neither_a_unit_nor_part_of_the_task():
    text = "某县2026年重点工作任务分工方案\n一、稳增长\n（一）扩大有效投资。全年实施重点项目100个。\n责任领导：张三\n牵头单位：县发改局\n"
    task = extract(text).tasks[0]
    assert (task.text, task.lead_units) == ("（一）扩大有效投资。全年实施重点项目100个。", ["县发改局"])


NESTED = """某市2026年重点工作任务分工方案
一、稳增长
（一）扩大有效需求（牵头单位：市发改委；配合单位：市财政局）
1.实施重大项目攻坚行动，全年实施重点项目200个以上。
2.推进消费提质扩容。
（二）深化改革（市委改革办牵头）
加快推进国企改革，6月底前完成。
"""


def test_work_listed_under_an_assigned_heading_takes_the_headings_units():
    got = [(t.title, t.lead_units, t.co_units) for t in extract(NESTED).tasks]
    assert got[:2] == [
        ("实施重大项目攻坚行动", ["市发改委"], ["市财政局"]),
        ("推进消费提质扩容", ["市发改委"], ["市财政局"]),
    ]


def test_a_heading_that_carries_the_assignment_makes_its_text_one_task():
    task = extract(NESTED).tasks[-1]
    assert (task.title, task.lead_units, task.deadline, task.due) == (
        "深化改革",
        ["市委改革办"],
        "6月底前",
        "2026-06-30",
    )


def test_a_report_that_assigns_one_item_keeps_its_other_tasks():
    text = "某县2026年政府工作报告\n一、稳增长\n1.扩大投资。（县发改局牵头）\n要加快项目建设。\n二、惠民生\n要办好民生实事。\n"
    assert [(t.title, t.lead_units) for t in extract(text).tasks] == [
        ("扩大投资", ["县发改局"]),
        ("办好民生实事", []),
    ]


def test_a_work_plan_proposes_only_its_assigned_items():
    text = "某县2026年重点工作任务分工方案\n各部门要高度重视，狠抓落实。\n一、稳增长\n1.扩大投资。（县发改局牵头）\n"
    assert [(t.title, t.lead_units) for t in extract(text).tasks] == [("扩大投资", ["县发改局"])]


def test_an_office_named_room_is_a_unit():
    assert find_units("县政府督查室要定期开展督查。") == (["县政府督查室"], [])


def test_it_proposes_no_task_from_the_covering_notice_of_an_assignment_document():
    text = (
        "关于印发2026年政府工作报告重点工作任务分工方案的通知\n\n各乡镇人民政府,县政府各部门:\n\n"
        "现将《2026年政府工作报告重点工作任务分工方案》印发给你们,请认真贯彻落实。\n\n"
        "一、细化任务抓落实。各乡镇各部门要建立工作台账,强化统筹调度。\n\n"
        "二、加强督查。县政府督查室要按季度开展督查,各牵头单位要于每季度末报送进展情况。\n"
    )
    assert extract(text).tasks == []
    text = (
        "各乡镇人民政府:\n\n《2021年县政府重点工作任务分解》已经县人民政府同意,现印发给你们。\n\n"
        "一、强化责任落实。主要责任单位要建立协作机制,其他责任单位要积极履行配合职责。\n"
    )
    assert extract(text).tasks == []
