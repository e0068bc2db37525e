"""分工方案 layouts read item by item: each numbered item with its lead and co-operating units."""

from extractor import extract
from extractor.units import ASSIGNMENT_FIELD


def units(text: str) -> list[tuple[list[str], list[str]]]:
    return [(t.lead_units, t.co_units) for t in extract(text).tasks]


TITLE = "2026年重点工作任务分工方案\n"


def test_it_reads_a_list_numbered_1_without_higher_headings():
    text = TITLE + "1.新建停车场5处。（县住建局牵头负责）\n2.改造供水管网12公里。（县水务局负责）"
    assert units(text) == [(["县住建局"], []), (["县水务局"], [])]


def test_it_reads_label_lines_after_a_leader_line():
    text = (
        TITLE + "1.新建停车场5处。\n牵头领导：王某\n牵头单位：县住建局\n配合单位：县交通局\n"
        "2.改造供水管网12公里。\n牵头领导：李某\n牵头单位：县水务局\n配合单位：县财政局"
    )
    assert units(text) == [(["县住建局"], ["县交通局"]), (["县水务局"], ["县财政局"])]


def test_it_reads_an_assignment_line_after_sub_items_as_the_items():
    text = (
        TITLE + "1.推进城市更新。\n(1)新建停车场5处;\n(2)新增绿地3公顷。\n(县住建局牵头,县城管局配合)\n"
        "2.改造供水管网12公里。(县水务局牵头)"
    )
    assert units(text) == [(["县住建局"], ["县城管局"]), (["县水务局"], [])]


def test_it_reads_an_assignment_in_words_on_a_line_of_its_own():
    text = (
        TITLE
        + "1.新建停车场5处。\n县住建局牵头，县交通局配合\n2.改造供水管网12公里。\n县水务局牵头，县财政局配合"
    )
    assert units(text) == [(["县住建局"], ["县交通局"]), (["县水务局"], ["县财政局"])]


def test_it_splits_units_joined_by_he_but_not_a_name_with_he_inside():
    text = TITLE + "1.新建停车场5处。（县住建局和县交通局牵头，县住房和城乡建设局配合）"
    assert units(text) == [(["县住建局", "县交通局"], ["县住房和城乡建设局"])]


def test_it_reads_a_label_with_its_kind_in_brackets():
    text = TITLE + "1.新建停车场5处。\n牵头单位（部门）：县住建局\n配合单位（部门）：县交通局"
    assert units(text) == [(["县住建局"], ["县交通局"])]


def test_it_drops_a_note_that_the_first_listed_leads():
    text = TITLE + "1.新建停车场5处。（责任单位：县住建局、县交通局，排名第一的为牵头单位）"
    assert units(text) == [(["县住建局"], ["县交通局"])]


def test_it_reads_a_main_responsible_unit_as_the_lead():
    text = TITLE + "1.新建停车场5处。\n主要责任单位：县住建局、县交通局\n其他责任单位：县财政局"
    assert units(text) == [(["县住建局", "县交通局"], ["县财政局"])]


def test_it_reads_one_assignment_after_numbered_sub_items_as_the_whole_items():
    text = (
        TITLE + "（一）推进城市更新\n1.新建停车场5处。\n2.新增绿地3公顷。\n（县住建局牵头，县城管局配合）\n"
        "（二）改造供水管网12公里\n（县水务局牵头）"
    )
    assert units(text) == [(["县住建局"], ["县城管局"]), (["县水务局"], [])]


def test_it_reads_the_other_labels_of_responsible_units():
    for label in ("负责单位", "落实单位", "责任主体"):
        text = (
            TITLE
            + f"1.新建停车场5处。\n{label}：县住建局、县交通局\n2.改造供水管网12公里。\n{label}：县水务局"
        )
        assert units(text) == [(["县住建局"], ["县交通局"]), (["县水务局"], [])], label


def test_it_reads_labels_in_lenticular_brackets():
    text = TITLE + "1.新建停车场5处。【牵头单位】县住建局【配合单位】县交通局、县财政局【完成时限】9月底前"
    task = extract(text).tasks[0]
    assert (task.lead_units, task.co_units, task.deadline) == (
        ["县住建局"],
        ["县交通局", "县财政局"],
        "9月底前",
    )


def test_it_reads_a_list_of_units_that_runs_on_to_the_next_line():
    text = (
        TITLE
        + "1.新建停车场5处。\n牵头单位：县住建局\n配合单位：县交通局、县财政局、\n县城管局\n2.改造供水管网12公里。\n牵头单位：县水务局"
    )
    assert units(text) == [(["县住建局"], ["县交通局", "县财政局", "县城管局"]), (["县水务局"], [])]


def test_it_proposes_no_task_from_the_closing_requirements_of_an_assignment_document():
    text = (
        TITLE + "一、重点任务\n1.新建停车场5处。（县住建局牵头）\n2.改造供水管网12公里。（县水务局牵头）\n"
        "3.新增绿地3公顷。（县城管局牵头）\n二、工作要求\n（一）强化督查。县政府督查室要加强跟踪督办，定期通报进展。"
    )
    assert [t.lead_units for t in extract(text).tasks] == [["县住建局"], ["县水务局"], ["县城管局"]]


def test_it_reads_items_numbered_with_the_small_full_stop():
    text = (
        TITLE + "1﹒新建停车场5处。\n牵头责任单位：县住建局。\n协同责任单位：县交通局。\n"
        "2﹒改造供水管网12公里。\n牵头责任单位：县水务局。\n协同责任单位：县财政局。"
    )
    assert units(text) == [(["县住建局"], ["县交通局"]), (["县水务局"], ["县财政局"])]


def test_it_reads_the_units_of_a_copy_that_prints_readings_after_its_characters():
    text = (
        "2026年重點(diǎn)工作任務(wù)分工方案\n"
        "1.新建停車場(chǎng)5處。(牽頭單位:縣住建局;責(zé)任單位:縣交通運(yùn)輸局,各鄉(xiāng)鎮(zhèn))\n"
        "2.改造供水管網(wǎng)12公里。(牽頭單位:縣水務(wù)局;責(zé)任單位:縣財(cái)政局)"
    )
    assert units(text) == [
        (["縣住建局"], ["縣交通運(yùn)輸局", "各鄉(xiāng)鎮(zhèn)"]),
        (["縣水務(wù)局"], ["縣財(cái)政局"]),
    ]


def test_it_reads_label_lines_of_a_main_responsible_unit_and_its_partners():
    text = (
        TITLE + "1.新建停车场5处。\n主责单位：县住建局\n协同单位：县财政局\n"
        "2.改造供水管网12公里。\n主责单位：县水务局\n协同单位：县财政局"
    )
    assert units(text) == [(["县住建局"], ["县财政局"]), (["县水务局"], ["县财政局"])]


def test_it_reads_bare_role_labels_in_brackets():
    text = (
        TITLE
        + "1.新建停车场5处。（主办：县住建局；协办：县财政局）\n2.改造供水管网12公里。（牵头：县水务局；配合：各乡镇）"
    )
    assert units(text) == [(["县住建局"], ["县财政局"]), (["县水务局"], ["各乡镇"])]


def test_it_reads_any_time_limit_field_name_of_the_table_headers_in_a_bracketed_assignment():
    text = (
        TITLE + "1.新建停车场5处。（牵头单位：县住建局；办结时限：三季度）\n"
        "2.改造供水管网12公里。（牵头单位：县水务局；推进时限：持续推进）"
    )
    assert [(t.lead_units, t.deadline, t.due) for t in extract(text).tasks] == [
        (["县住建局"], "三季度", "2026-09-30"),
        (["县水务局"], "持续推进", None),
    ]


def test_it_reads_a_dateless_time_limit_after_the_units_as_the_time_limit_not_a_unit():
    text = TITLE + "1.整治占道经营。（县城管局牵头，县公安局配合，立行立改）"
    assert [(t.lead_units, t.co_units, t.deadline) for t in extract(text).tasks] == [
        (["县城管局"], ["县公安局"], "立行立改")
    ]


def test_it_reads_a_bare_date_of_completion_in_the_assignment_as_the_time_limit():
    text = TITLE + "1.新建停车场5处。（县住建局牵头，县财政局配合，2026年9月完成）"
    assert [(t.co_units, t.deadline, t.due) for t in extract(text).tasks] == [
        (["县财政局"], "2026年9月完成", "2026-09-30")
    ]


def test_it_reads_a_bare_time_label_in_the_assignment_but_not_one_inside_a_word():
    text = TITLE + "1.新建停车场5处。（责任单位：县住建局，时间：三季度）"
    assert [(t.lead_units, t.deadline) for t in extract(text).tasks] == [(["县住建局"], "三季度")]
    assert [m.group("key") for m in ASSIGNMENT_FIELD.finditer("发布时间：2026-03-01")] == []


def test_it_makes_each_assignment_inside_a_numbered_item_close_a_task_of_its_own():
    text = (
        TITLE + "1.制定准入清单。完成清单编制工作。〔县环保局牵头，县发改局参与，各乡镇负责落实。〕"
        "城区原则上不再新建燃煤锅炉。（县环保局、县市场监管局牵头，县发改局参与）"
    )
    assert [(t.text, t.lead_units, t.co_units) for t in extract(text).tasks] == [
        ("1.制定准入清单。完成清单编制工作。", ["县环保局"], ["县发改局", "各乡镇"]),
        ("城区原则上不再新建燃煤锅炉。", ["县环保局", "县市场监管局"], ["县发改局"]),
    ]


def test_it_proposes_no_goal_stated_before_a_list_whose_items_name_their_units():
    text = (
        "县打赢蓝天保卫战实施方案(2026-2027年)\n一、目标要求\n"
        "到2027年，全县空气质量优良天数比例达到94%，细颗粒物年均浓度控制在29微克每立方米以下。"
        "到2027年，全县二氧化硫排放总量比2025年下降15%。\n"
        "二、工作任务\n(一)升级产业结构。\n1.制定准入清单。（县环保局牵头，县发改局参与）\n2.整治散乱污企业。（县环保局牵头）"
    )
    assert [t.lead_units for t in extract(text).tasks] == [["县环保局"], ["县环保局"]]


def test_it_keeps_an_item_whose_time_limit_follows_its_closing_bracket():
    text = (
        TITLE + "1.新建停车场5处。（县住建局牵头，县财政局配合）2026年6月底前完成。\n"
        "2.改造供水管网12公里。（县水务局负责）每季度完成。"
    )
    assert [(t.lead_units, t.deadline) for t in extract(text).tasks] == [
        (["县住建局"], "2026年6月底前"),
        (["县水务局"], "每季度完成"),
    ]


def test_it_reads_when_recurring_work_starts_as_its_time_limit_with_no_due_date():
    text = TITLE + "1.开展燃气安全检查。（县住建局牵头，各乡镇配合，2026年起每季度开展）"
    assert [(t.co_units, t.deadline, t.due) for t in extract(text).tasks] == [
        (["各乡镇"], "2026年起每季度开展", None)
    ]


def test_it_reads_a_label_line_of_any_time_limit_field_with_a_dateless_value_as_the_time_limit():
    text = (
        TITLE + "1.开展安全生产检查。\n牵头单位：县应急局\n办结时限：每季度\n"
        "2.改造供水管网12公里。\n牵头单位：县水务局\n推进时限：持续推进"
    )
    assert [(t.lead_units, t.deadline) for t in extract(text).tasks] == [
        (["县应急局"], "每季度"),
        (["县水务局"], "持续推进"),
    ]
