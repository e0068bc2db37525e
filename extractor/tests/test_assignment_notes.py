"""Assignments that carry notes, share the work out by duties, or name bodies with their own place."""

from extractor import extract
from extractor.tables import header_role
from extractor.units import assigned_units, trailing_assignment


def _bracket(inner: str):
    text = "推进高标准市场体系建设。" + inner
    found = trailing_assignment(text, 0, len(text))
    return found and found[1:]


def test_it_drops_a_note_clause_after_the_list():
    assert _bracket("(市发展改革委、市财政局、市商务局等负责,列第一位者为牵头单位,下同)") == (
        ["市发展改革委"],
        ["市财政局", "市商务局"],
    )


def test_it_drops_a_note_sentence_after_the_list():
    assert _bracket(
        "〔责任单位:省发展改革委、省市场监管局按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕"
    ) == (
        ["省发展改革委"],
        ["省市场监管局"],
    )


def test_it_drops_a_note_sentence_that_says_the_units_are_not_listed_again():
    assert _bracket("(责任单位:市工信局、市财政局,各县区政府。以下措施均需各县区政府落实,不再单独列出)") == (
        ["市工信局"],
        ["市财政局", "各县区政府"],
    )


def test_it_makes_the_first_unit_lead_when_all_share_the_work_by_duties():
    assert assigned_units("市发展改革委、市财政局、人民银行上海总部等按照职责分工负责") == (
        ["市发展改革委"],
        ["市财政局", "人民银行上海总部"],
    )


def test_it_keeps_co_units_by_duties_when_a_lead_is_named():
    assert assigned_units("市政府办公室牵头,市级有关单位及各县区政府按职责分工负责") == (
        ["市政府办公室"],
        ["市级有关单位", "各县区政府"],
    )


def test_it_keeps_unit_names_as_written_without_carrying_a_level():
    assert assigned_units("责任单位：市发改委、城管局、宁波电业局") == (
        ["市发改委"],
        ["城管局", "宁波电业局"],
    )


def test_it_reads_a_column_of_livelihood_projects_as_the_task_column():
    assert header_role("民生实事项目") == "task"
    assert header_role("项目责任人") == "other"


def test_it_keeps_only_the_assigned_items_of_a_short_list_with_a_preamble():
    doc = extract(
        "为贯彻落实省政府文件精神,强化就业优先政策,提出如下意见:\n"
        "1.实施阶段性降低失业保险费率政策。(市人力资源社会保障局、市财政局负责)\n"
        "2.继续按不高于2017年征收标准征收残疾人就业保障金。(市残联、市税务局负责)\n"
    )
    assert [t.lead_units for t in doc.tasks] == [["市人力资源社会保障局"], ["市残联"]]


def test_it_reads_a_row_flattened_as_label_and_value_lines():
    doc = extract(
        "具体任务\n改扩建社区卫生服务中心,提升乡镇卫生院。\n责任单位\n卫健局、文旅局\n配合单位\n各乡镇\n完成时限\n12月底前\n"
    )
    assert [(t.lead_units, t.co_units, t.deadline) for t in doc.tasks] == [
        (["卫健局"], ["各乡镇", "文旅局"], "12月底前")
    ]


def test_it_reads_a_qualified_label_line_as_part_of_the_assignment():
    doc = extract(
        "1.创建国家卫生县城。\n牵头责任单位:县卫健委\n主要协作单位:各乡镇人民政府、经济开发区管委会\n"
        "2.推广家庭医生签约服务。\n牵头责任单位:县卫健委\n主要协作单位:各乡镇人民政府\n"
    )
    assert [(t.text, t.lead_units, t.co_units) for t in doc.tasks] == [
        ("1.创建国家卫生县城。", ["县卫健委"], ["各乡镇人民政府", "经济开发区管委会"]),
        ("2.推广家庭医生签约服务。", ["县卫健委"], ["各乡镇人民政府"]),
    ]


def test_it_makes_an_item_with_sub_items_and_one_assignment_after_them_one_task():
    doc = extract(
        "2017年重点工作分工\n1.实施农村环境整治工程。具体包括:\n(1)推进垃圾治理;\n(2)推进污水治理;\n"
        "(3)推进村容村貌提升。\n(责任单位:市住建局、市农委)\n2.加快发展现代农业。(责任单位:市农委)\n"
    )
    assert [(t.text.split("\n")[-1], t.lead_units, t.co_units) for t in doc.tasks] == [
        ("(3)推进村容村貌提升。", ["市住建局"], ["市农委"]),
        ("2.加快发展现代农业。", ["市农委"], []),
    ]


def test_it_keeps_the_unit_a_list_trails_off_from_into_a_group():
    assert assigned_units("区行政审批局牵头,区市场监管局、区税务局等有关部门参加,各镇街落实") == (
        ["区行政审批局"],
        ["区市场监管局", "区税务局", "各镇街"],
    )


def test_it_gives_a_time_limit_in_the_script_the_document_writes():
    doc = extract("2023年工作要點\n1.深化放管服改革。\n牽頭單位:區政務服務中心\n完成時限:長期堅持\n")
    assert [(t.deadline, t.due) for t in doc.tasks] == [("長期堅持", None)]


def test_it_reads_a_dateless_time_limit_in_a_bracket_as_the_time_limit_not_a_unit():
    doc = extract(
        "2024年重点工作责任分工\n1.巩固创卫成果。(区卫健局负责,长期坚持)\n2.推进河道治理。(区水务局负责)\n"
    )
    assert [(t.lead_units, t.co_units, t.deadline) for t in doc.tasks][0] == (["区卫健局"], [], "长期坚持")


def test_it_reads_leader_and_progress_columns_as_neither_task_nor_unit():
    assert [header_role(h) for h in ("牵头县领导", "推进情况", "办理时限", "责任股室")] == [
        "other",
        "other",
        "deadline",
        "responsible",
    ]


def test_it_reads_a_flattened_table_whose_first_row_follows_a_group_row():
    doc = extract(
        "2023年重点工作责任清单\n序号\n重点工作\n牵头单位\n责任单位\n完成时限\n一、稳增长\n"
        "1\n加快推进重大项目建设。\n区发改局\n区财政局\n年底前\n2\n扩大有效投资。\n区住建局\n各街道\n三季度\n"
    )
    assert [(t.lead_units, t.co_units, t.deadline) for t in doc.tasks] == [
        (["区发改局"], ["区财政局"], "年底前"),
        (["区住建局"], ["各街道"], "三季度"),
    ]
