import doctest
import io
import json

import docx
import openpyxl

from extractor import cli, extract, load_text, tables
from extractor.tables import find_tables, header_role

PIPED = (
    "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限\n"
    "1 | 加快项目建设，确保开工 | 市发改委 | 市财政局、自然资源局 | 6月底前\n"
    "一、增进民生福祉\n"
    "2 | 推进老旧小区改造 | 市住建局（市人防办） |  | 长期坚持\n"
    "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限\n"
    "3 | 办好民生实事 | 市民政局 | 各县区政府、市直有关部门 | 2027年底\n"
    "各单位要加强组织领导。"
)


def rows_of(text):
    return [(text[r.start : r.end], r.leads, r.cos, r.deadline) for r in find_tables(text).rows]


def test_it_keeps_its_docstring_examples_true():
    assert doctest.testmod(tables).failed == 0


def test_it_names_header_cells_by_their_role():
    assert [
        header_role(c) for c in ["序 号", "重点任务", "牵头单位（部门）", "配合单位", "完成 时限", "备注"]
    ] == [
        "seq",
        "task",
        "lead",
        "co",
        "deadline",
        "other",
    ]
    assert header_role("加快项目建设") is None


def test_it_turns_each_piped_row_into_a_task_with_units_and_deadline():
    assert rows_of(PIPED) == [
        ("加快项目建设，确保开工", ["市发改委"], ["市财政局", "自然资源局"], "6月底前"),
        ("推进老旧小区改造", ["市住建局（市人防办）"], [], "长期坚持"),
        ("办好民生实事", ["市民政局"], ["各县区政府", "市直有关部门"], "2027年底"),
    ]


def test_it_skips_repeated_headers_and_group_rows_but_not_the_text_after_the_table():
    lines = find_tables(PIPED).lines
    after = PIPED.index("各单位要")
    assert PIPED.index("一、增进") in lines and lines[PIPED.index("一、增进")] is None
    assert after not in lines


def test_it_reads_a_table_flattened_one_cell_per_line_with_pipes():
    text = (
        "序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n优化重点项目直通车工作机\n制，全力服务重大项目落地见效。 |\n张三 |\n招商工作部、安商工作部 |\n全年 |\n"
        "2 |\n力争全年盘活存量土地400亩。 |\n李四 |\n改革办 |\n全年 |\n"
    )
    assert rows_of(text) == [
        ("优化重点项目直通车工作机\n制，全力服务重大项目落地见效。", ["招商工作部"], ["安商工作部"], "全年"),
        ("力争全年盘活存量土地400亩。", ["改革办"], [], "全年"),
    ]


def test_it_reads_a_table_flattened_one_cell_per_line_with_empty_cells_left_out():
    text = (
        "附件\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n加快项目建设，确保开工。\n市发改委\n市财政局、市自然资源局\n6月底前\n"
        "2\n深化改革。\n市委改革办\n年底前\n"
        "一、民生\n"
        "3\n办好民生实事\n市民政局（牵头）、市财政局\n三季度\n"
        "二、保障措施\n各单位要加强领导。"
    )
    assert rows_of(text) == [
        ("加快项目建设，确保开工。", ["市发改委"], ["市财政局", "市自然资源局"], "6月底前"),
        ("深化改革。", ["市委改革办"], [], "年底前"),
        ("办好民生实事", ["市民政局"], ["市财政局"], "三季度"),
    ]


def test_under_responsible_units_alone_the_first_listed_leads():
    text = "序号 | 工作任务 | 责任单位 | 完成时限\n1 | 推进改革 | 县财政局、县税务局 | 年底前\n"
    assert rows_of(text)[0][1:3] == (["县财政局"], ["县税务局"])
    marked = "序号 | 工作任务 | 责任单位 | 完成时限\n1 | 推进改革 | 县财政局、县税务局（牵头） | 年底前\n"
    assert rows_of(marked)[0][1:3] == (["县税务局"], ["县财政局"])


def test_a_note_that_the_first_listed_unit_leads_applies_to_lead_columns():
    text = (
        "列第一位的为牵头单位。\n"
        "序号 | 工作任务 | 牵头单位 | 完成时限\n1 | 推进改革 | 市发改委、市财政局 | 年底前\n"
    )
    assert rows_of(text)[0][1:3] == (["市发改委"], ["市财政局"])


def test_a_text_without_a_header_row_has_no_table():
    assert find_tables("要加快推进 | 各项工作。\n1 | 2 | 3\n").rows == []


def test_the_cli_reads_an_xlsx_task_table_into_tasks_with_units_and_due(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年重点工作任务分解表"])
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "新建城区公办幼儿园2所。", "县教育局", "县住建局、县财政局", "2026年8月底前"])
    sheet.append([2, "推进农村公路提质改造120公里。", "县交通运输局", None, "年底前"])
    path = tmp_path / "分解表.xlsx"
    book.save(path)
    assert cli.main(["extract", str(path), "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [(t["text"], t["lead_units"], t["co_units"], t["deadline"], t["due"]) for t in tasks] == [
        ("新建城区公办幼儿园2所。", ["县教育局"], ["县住建局", "县财政局"], "2026年8月底前", "2026-08-31"),
        ("推进农村公路提质改造120公里。", ["县交通运输局"], [], "年底前", "2026-12-31"),
    ]


def test_a_docx_task_table_gives_row_tasks_whose_spans_cover_the_task_cell():
    document = docx.Document()
    document.add_paragraph("某县2026年政府工作报告重点任务分解方案")
    table = document.add_table(rows=2, cols=4)
    for j, value in enumerate(["序号", "工作任务", "责任单位", "时间节点"]):
        table.cell(0, j).text = value
    for j, value in enumerate(
        ["1", "实施城市更新行动，改造老旧小区30个。", "县住建局（牵头）、县财政局", "三季度"]
    ):
        table.cell(1, j).text = value
    buf = io.BytesIO()
    document.save(buf)
    text = load_text(buf.getvalue(), "方案.docx")
    task = extract(text).tasks[0]
    assert text[task.start : task.end] == task.text == "实施城市更新行动，改造老旧小区30个。"
    assert (task.lead_units, task.co_units, task.due) == (["县住建局"], ["县财政局"], "2026-09-30")


def test_the_last_flattened_row_ends_at_its_time_limit_even_when_its_task_runs_over_two_lines():
    text = (
        "序号\n工作任务\n牵头单位\n配合单位\n完成时限\n1\n加快项目建设\n市发改委\n市财政局\n6月底前\n"
        "2\n推进改革，深化\n国企改革三年行动。\n市国资委\n市财政局\n年底前\n附件2\n另一段很长的正文文字。"
    )
    assert rows_of(text)[-1] == ("推进改革，深化\n国企改革三年行动。", ["市国资委"], ["市财政局"], "年底前")


def test_a_table_without_unit_columns_reads_the_assignment_in_the_task_cell():
    text = "序号 | 工作任务 | 完成时限\n1 | 加快项目建设（市发改委牵头，市财政局配合） | 6月底前\n"
    assert rows_of(text) == [("加快项目建设", ["市发改委"], ["市财政局"], "6月底前")]


def test_a_unit_or_time_limit_merged_down_over_rows_applies_to_each_row():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "牵头单位", "完成时限"])
    sheet.append([1, "新建城区公办幼儿园2所。", "县教育局", "全年"])
    sheet.append([2, "改造农村学校食堂20个。", None, None])
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    buf = io.BytesIO()
    book.save(buf)
    text = load_text(buf.getvalue(), "a.xlsx")
    assert [(r.leads, r.deadline) for r in find_tables(text).rows] == [
        (["县教育局"], "全年"),
        (["县教育局"], "全年"),
    ]


def test_it_takes_the_targets_of_a_task_cell_in_a_table_flattened_one_cell_per_line():
    cells = [
        "序号",
        "重点任务",
        "牵头单位",
        "完成时限",
        "1",
        "新建城市书房10个",
        "市文旅局",
        "2026年10月底前",
    ]
    doc = extract("某市2026年重点工作任务分工方案\n\n" + "\n\n".join(cells) + "\n")
    assert [(t.metric, t.value, t.unit) for t in doc.targets] == [("新建城市书房", 10, "个")]
    assert not [n.title for n in doc.nodes() if n.title in cells]  # the cells are not headings


FLAT_EXCERPT = (
    "序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n"
    "一、主要预期目标\n\n3\n\n固定资产投资增长7%左右。\n\n区发改委\n\n区工信局、区住建局,各镇人民政府。\n\n"
    "二、扩投资\n\n三、惠民生\n\n"
    "68\n\n推进义务教育优质均衡发展。\n\n区教育局\n\n区政府有关部门。\n\n"
    "69\n\n积极引进优质教育资源。\n\n区教育局\n\n区投资促进中心。\n"
)


def test_it_reads_the_rows_a_unit_cut_out_of_a_longer_table():
    # a bureau's own rows of a government's list keep their numbers (3, 68, 69), and areas with none of its
    # rows leave their headings one after another; a unit cell may end with 。
    assert rows_of(FLAT_EXCERPT) == [
        ("固定资产投资增长7%左右。", ["区发改委"], ["区工信局", "区住建局", "各镇人民政府"], None),
        ("推进义务教育优质均衡发展。", ["区教育局"], ["区政府有关部门"], None),
        ("积极引进优质教育资源。", ["区教育局"], ["区投资促进中心"], None),
    ]


def test_it_reads_a_requirements_column_as_the_task():
    text = "工作任务 | 具体要求 | 责任科室 | 时限要求\n加强宣传 | 积极参加约稿活动，认真报送优秀稿件。 | 各科室 | 持续推进\n"
    [(task, leads, cos, deadline)] = rows_of(text)
    assert "积极参加约稿活动" in task and (leads, deadline) == (["各科室"], "持续推进")


def test_it_reads_a_two_column_table_of_label_and_value_cells_as_one_row():
    text = (
        "重点工作： | 12.推进老旧小区改造。\n牵头单位： | 市住建局\n年度目标： | 第一季度：完成摸底。\n"
        "完成时限： | 12月底前"
    )
    assert rows_of(text) == [("12.推进老旧小区改造。", ["市住建局"], [], "12月底前")]


def test_it_reads_no_row_from_two_cell_lines_without_a_unit_column():
    text = "重点工作： | 推进老旧小区改造。\n年度目标： | 第一季度：完成摸底。"
    assert rows_of(text) == []


def test_it_starts_a_new_label_and_value_row_where_the_first_label_comes_again():
    text = (
        "重点工作： | 推进老旧小区改造。\n牵头单位： | 市住建局\n"
        "重点工作： | 新建停车场5处。\n牵头单位： | 市城管局\n配合单位： | 各区政府"
    )
    assert rows_of(text) == [
        ("推进老旧小区改造。", ["市住建局"], [], None),
        ("新建停车场5处。", ["市城管局"], ["各区政府"], None),
    ]


def test_it_reads_a_division_of_work_column_that_names_units_by_their_role_words():
    text = (
        "序号 | 主要预期目标 | 分管省领导 | 部门分工\n"
        "1 | 地区生产总值增长6%以上。 | 林克庆 | 省发展改革委牵头,各地、各部门配合。"
    )
    assert rows_of(text) == [("地区生产总值增长6%以上。", ["省发展改革委"], ["各地", "各部门"], None)]
