import re

from extractor import extract
from extractor.outline import build_outline, infer_plan_year

from .helpers import seed_doc


def test_it_finds_three_top_level_sections_in_seed_000():
    doc = seed_doc("000")
    assert [n.title[:2] for n in doc.outline] == ["一、", "二、", "三、"]


def test_it_finds_eight_breakthrough_areas_in_the_second_section_of_seed_000():
    second = seed_doc("000").outline[1]
    assert len(second.children) == 8
    assert all(re.fullmatch(r"要在.+上突破提升", c.title) for c in second.children)
    assert second.children[0].title == "要在优化营商环境上突破提升"


def test_it_gives_the_areas_of_seed_000_the_tasks_below_them():
    doc = seed_doc("000")
    first_area = doc.outline[1].children[0]
    titles = [t.title for t in doc.tasks if t.node_id == first_area.id]
    assert titles == ["深化要素市场化改革", "继续深化国企改革"]


def test_it_finds_yi_yao_to_wu_yao_under_the_three_sections_of_seed_001():
    doc = seed_doc("001")
    assert len(doc.outline) == 3
    counts = [len(n.children) for n in doc.outline]
    assert counts == [3, 5, 3]
    second = [c.title[:2] for c in doc.outline[1].children]
    assert second == ["一要", "二要", "三要", "四要", "五要"]
    assert doc.outline[1].children[0].title == "一要在“稳增长”上借助改革之势"


def test_it_nests_yi_shi_under_numbered_sections_in_seed_002():
    doc = seed_doc("002")
    assert len(doc.outline) == 5
    assert [c.title[:2] for c in doc.outline[0].children] == ["一是", "二是", "三是", "四是"]


def test_it_nests_three_numbering_levels_in_seed_003():
    doc = seed_doc("003")
    first = doc.outline[0]
    assert first.title == "一、关于全市经济社会发展工作"
    assert [c.title[:3] for c in first.children] == ["（一）", "（二）"]
    assert len(first.children[0].children) == 6
    assert first.children[0].children[0].title.startswith("1.强国建设")


def test_it_splits_seed_004_into_review_and_plan():
    doc = seed_doc("004")
    tops = [(n.title, n.kind) for n in doc.outline]
    assert tops[0] == ("2025年工作回顾和“十四五”时期发展成就", "review")
    assert tops[1] == ("“十五五”时期奋斗目标和总体考虑", "plan")
    assert tops[2] == ("“十五五”开局之年的重点任务", "plan")
    assert all(n.kind == "review" for n in doc.outline[0].walk())
    assert len(doc.outline[0].children) >= 8


def test_it_reads_run_in_heads_under_the_parenthesised_sections_of_seed_004():
    tasks_part = seed_doc("004").outline[2]
    first = tasks_part.children[0]
    assert first.title.startswith("(一)坚持“三农”为重")
    assert [c.title for c in first.children] == [
        "夯实乡村振兴基础",
        "提升农业生产条件",
        "建设宜居宜业和美乡村",
        "推进以人为本的新型城镇化",
    ]
    assert len(tasks_part.children) == 6


def test_it_gives_period_sections_their_end_year():
    doc = seed_doc("004")
    assert doc.outline[1].horizon == 2030
    assert doc.outline[2].horizon is None


def test_it_infers_the_plan_year_from_the_dateline_of_seed_004():
    assert seed_doc("004").plan_year == 2026


def test_it_infers_the_plan_year_from_the_stage_of_a_five_year_plan():
    assert infer_plan_year("今年是实施“十四五”规划承上启下的攻坚之年。", 0, []) == 2023
    assert infer_plan_year("今年是“十五五”开局之年。", 0, []) == 2026


def test_it_classifies_a_section_by_its_heading_words():
    doc = extract("一、过去一年工作回顾\n全年新建学校5所。\n二、今年重点任务\n要新建学校8所。\n")
    assert [n.kind for n in doc.outline] == ["review", "plan"]
    assert [t.value for t in doc.targets] == [8]


def test_it_treats_a_title_block_as_header_not_as_sections():
    doc = extract(
        "关于加快发展的实施意见\n（2026年3月1日）\n各区县：\n一、总体要求\n要加快推进各项工作落实到位。\n"
    )
    assert [n.title for n in doc.outline] == ["一、总体要求"]
    assert doc.plan_year == 2026


def test_it_reads_the_plan_year_from_the_year_after_a_party_congress():
    assert infer_plan_year("今年是贯彻落实党的二十大精神的开局之年，要加快发展。", 0, []) == 2023
    assert seed_doc("003").plan_year == 2023


def test_it_reads_the_plan_year_from_a_stage_of_the_five_year_plan_in_a_heading():
    doc = extract("同志们：\n一、“十五五”开局之年的重点任务\n要加快推进项目建设，全力扩大有效投资。\n")
    assert doc.plan_year == 2026


def test_it_reads_the_last_year_of_a_period_from_the_next_plan_being_drafted():
    assert seed_doc("002").plan_year == 2020  # 结合“十四五”规划编制工作


def test_it_leaves_the_plan_year_open_when_the_text_names_none():
    assert seed_doc("000").plan_year is None  # the upload form's year decides
    assert infer_plan_year("要加快推进项目建设，全力扩大有效投资。", 0, []) is None


def test_it_takes_the_year_of_a_heading_as_that_sections_time():
    doc = extract(
        "2026年工作报告\n一、2025年主要工作\n全市新建学校5所。\n二、2026年工作安排\n要新建学校8所。\n"
    )
    assert doc.plan_year == 2026
    assert [n.kind for n in doc.outline] == ["review", "plan"]
    assert [t.value for t in doc.targets] == [8]


SPEECH = (
    "在全县经济工作会议上的讲话\n同志们：\n下面，我讲三点意见。\n"
    "首先，要坚定信心抓发展。要加快推进重点项目建设，年底前完成投资50亿元。要抓紧谋划一批专项债项目。\n"
    "其次，要突出重点抓产业。要培育壮大特色农业，新建高标准农田3万亩。\n"
    "最后，要压实责任抓落实。各乡镇要建立重点工作台账，每月调度一次。\n"
)


def test_it_reads_paragraphs_opened_by_shouxian_qici_zuihou_as_areas():
    doc = extract(SPEECH)
    assert [n.title for n in doc.outline] == [
        "首先，要坚定信心抓发展",
        "其次，要突出重点抓产业",
        "最后，要压实责任抓落实",
    ]
    first = doc.outline[0]
    assert [t.title for t in doc.tasks if t.node_id == first.id] == [
        "加快推进重点项目建设",
        "抓紧谋划一批专项债项目",
    ]


def test_it_does_not_take_a_numbered_run_in_head_with_a_comma_for_a_task():
    doc = extract(SPEECH.replace("首先，", "第一，").replace("其次，", "第二，").replace("最后，", "第三，"))
    assert len(doc.outline) == 3
    assert not any("坚定信心" in t.title or "压实责任" in t.title for t in doc.tasks)


def test_it_needs_a_first_step_before_it_reads_a_last_one_as_a_heading():
    doc = extract(
        "同志们：\n要加快推进重点项目建设，全力扩大有效投资。\n最后，我再强调一点，要抓好安全生产。\n"
    )
    assert doc.outline == []


def test_it_does_not_take_a_table_header_row_for_a_heading():
    text = "某市重点任务分工方案\n序号 | 重点任务 | 牵头单位 | 完成时限\n1 | 建设公共资源交易平台 | 市发改委 | 2026年12月底前\n"
    nodes, _ = build_outline(text, text.index("序号"))
    assert [n.title for n in nodes] == []


def test_it_reads_the_plan_year_from_the_document_a_covering_notice_hands_out():
    doc = extract(
        "各市人民政府，省政府各部门：\n现将《2023年某省优化营商环境工作要点》印发给你们，请认真贯彻落实。\n"
        "某省人民政府办公厅\n2023年4月6日\n一、提升政务服务效能\n要深化行政审批制度改革。\n"
    )
    assert doc.plan_year == 2023


def test_it_reads_the_plan_year_from_a_covering_notice_s_dateline_when_it_names_no_document_year():
    doc = extract(
        "各县区人民政府，市政府各部门：\n《某市优化营商环境实施方案》已经市政府同意，现印发给你们，请认真组织实施。\n"
        "某市人民政府办公室\n2024年3月1日\n一、主要任务\n要深化行政审批制度改革。\n"
    )
    assert doc.plan_year == 2024
