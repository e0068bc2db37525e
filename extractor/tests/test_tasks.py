"""Tasks a unit can be held to: which directives are proposed, how sure the engine is, their titles and deadlines.

The sentences below are written for these tests in the style of official speeches and reports; none is taken
from the seed documents."""

import pytest

from extractor import extract
from extractor.tasks import is_directive, is_lead_in, main_clause, task_confidence, task_deadline, task_title

from .helpers import seed_doc

MAXIMS = [
    "发展是第一要务，人才是第一资源。",
    "稳就业首先要稳企业。",
    "必须清醒认识当前经济运行面临的复杂形势。",
    "全党必须牢记，全面从严治党永远在路上。",
    "优化营商环境是我们做好招商工作的出发点和落脚点。",
    "要强化斗争精神。",
    "各级干部要进一步增强责任感和紧迫感。",
    "所以，我们必须提高思想认识，抬高政治站位。",
    "这里我强调三个硬任务。",
    "这里我特别强调的是，要全力抓好安全生产工作。",
    "做好明年的经济工作，任务艰巨、责任重大。",
    "省委书记指出，要把抓落实作为检验作风的试金石。",
]
DUTIES = [
    "要推进老旧小区供热管网改造，年内完成改造80公里。",
    "深化医保支付方式改革，推行按病种付费。",
    "要增强机遇意识，抢抓政策窗口期，抓紧申报一批专项债项目。",
    "持续开展农村人居环境整治提升行动，全面完成村庄清洁任务。",
    "落实“周调度、月通报”机制，对重点项目进度逐月排名。",
]


@pytest.mark.parametrize("sentence", MAXIMS)
def test_it_gives_maxims_judgements_and_attitude_low_confidence(sentence):
    assert task_confidence(sentence) < 0.5


@pytest.mark.parametrize("sentence", DUTIES)
def test_it_gives_duties_with_an_object_of_work_high_confidence(sentence):
    assert task_confidence(sentence) >= 0.6


def test_it_raises_confidence_for_a_named_unit_a_target_and_a_deadline():
    sentence = "要加快推进城区污水管网建设。"
    plain = task_confidence(sentence)
    assert task_confidence(sentence, units=True) > plain
    assert task_confidence(sentence, targets=2) > plain
    assert task_confidence(sentence, deadline=True) > plain


def test_it_lowers_confidence_for_the_overview_of_a_section_and_a_short_lead_in():
    sentence = "要统筹推进城乡融合发展，促进城乡要素双向流动。"
    assert task_confidence(sentence, overview=True) < task_confidence(sentence)
    assert task_confidence("要盯住消费市场。", lead_in=True) < 0.5
    text = "要突出“三个严抓”：\n一要严抓防火安全。紧盯高层建筑消防隐患排查整治。"
    assert is_lead_in(text, 0, text.index("\n"), text.index("\n"))
    assert not is_lead_in("全面建成神经内科重点专科。新建胸痛中心。", 0, 13, 21)


def test_it_does_not_propose_a_maxim_with_no_target():
    doc = extract(
        "一、重点任务\n稳经济首先要稳工业。要加快推进工业园区标准厂房建设，年底前建成10万平方米。\n"
    )
    assert [t.title for t in doc.tasks] == ["加快推进工业园区标准厂房建设"]
    assert doc.tasks[0].deadline == "年底前"


def test_it_sees_a_duty_after_a_connective_or_a_circumstance():
    assert is_directive("同时，要做好规上企业入库培育工作。")
    assert is_directive("汛期临近，要抓紧完成病险水库除险加固。")
    assert not is_directive("省委书记强调，要坚定信心、真抓实干。")


def test_it_sees_a_duty_that_opens_with_its_time_limit_or_its_focus():
    assert is_directive("9月底前完成全部城镇燃气老旧管道更新改造。")
    assert is_directive("下一步重点是抓好秋粮收储和冬春农田水利建设。")
    assert not is_directive("上半年全市经济运行总体平稳。")


def test_its_titles_skip_the_subject_the_modal_and_framing_clauses():
    assert task_title("各级各部门要抓紧完成老旧小区改造。") == "抓紧完成老旧小区改造"
    assert task_title("全市上下必须牢记，要加快推进乡村振兴。") == "加快推进乡村振兴"
    assert task_title("以创建国家卫生城市为抓手，全面开展城乡环境整治。") == "全面开展城乡环境整治"
    assert task_title("针对企业反映的融资难问题，要组织银企对接活动。") == "组织银企对接活动"


def test_its_titles_leave_out_the_unit_that_leads_and_asides_in_brackets():
    assert task_title("请市农业农村局牵头组织好秋季农产品展销会。") == "组织好秋季农产品展销会"
    assert task_title("县应急局要会同县住建局、县交通运输局开展燃气安全大排查。") == "开展燃气安全大排查"
    assert (
        task_title("落实“四个不摘”要求（摘帽不摘责任、摘帽不摘政策），防止规模性返贫。")
        == "落实“四个不摘”要求"
    )
    assert task_title("汛期临近，要抓紧完成病险水库除险加固。") == "抓紧完成病险水库除险加固"


def test_its_titles_shorten_a_list_and_end_without_punctuation():
    title = task_title(
        "要实施好天然林保护、退耕还林、森林抚育、湿地修复、国土绿化示范等一批重点生态工程建设项目。"
    )
    assert title == "实施好天然林保护等一批重点生态工程建设项目"
    long = task_title(
        "要" + "、".join(["推进城区道路改造", "推进城区管网改造", "推进城区绿化提升", "推进城区亮化工程"])
    )
    assert len(long) <= 40 and long[-1] not in "、，,；;：:“"


def test_its_main_clause_is_the_clause_that_says_what_to_do():
    assert main_clause("在市委的坚强领导下，我们要全力抓好安全生产工作。") == "全力抓好安全生产工作"


def test_it_takes_a_time_limit_as_the_deadline():
    assert task_deadline("各县区要在6月底前完成摸底排查。") == "6月底前"
    assert task_deadline("力争三季度末前全部开工。") == "三季度末前"
    assert task_deadline("到2027年，建成区绿化覆盖率达到43%。") == "到2027年"
    assert task_deadline("年内完成改造任务。") == "年内"
    assert task_deadline("主城区要利用三年时间完成棚户区改造。") == "利用三年时间"


def test_it_does_not_take_a_period_mentioned_in_passing_as_the_deadline():
    assert task_deadline("拼尽全力抢抓四季度“黄金季”，做好稳增长各项工作。") is None
    assert task_deadline("四季度是安全事故的高发期，要严格落实值班值守。") is None
    assert task_deadline("上半年以来，全市经济运行总体平稳。") is None
    assert task_deadline("距离年底仅有两个月，要加快推进各项工作。") is None


def test_it_proposes_few_maxims_in_seed_003():
    tasks = seed_doc("003").tasks
    kept = [t for t in tasks if t.confidence >= 0.5]
    titles = {t.title for t in kept}
    assert not any(title.startswith(("强国建设", "稳经济首先", "全面从严治党永远")) for title in titles)
    assert len(kept) >= 35


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_title_of_a_seed_is_short_and_ends_cleanly(prefix):
    for task in seed_doc(prefix).tasks:
        assert 2 <= len(task.title) <= 40, task.title
        assert task.title[-1] not in '、，,；;：:（(“"和及', task.title
        assert task.title.count("“") == task.title.count("”"), task.title
        assert not task.title.startswith(("要", "必须", "各级各部门", "全市上下", "我们")), task.title


def test_it_does_not_propose_the_summary_that_opens_a_section_with_sub_headings():
    doc = extract(
        "一、推进乡村全面振兴\n坚持农业农村优先发展，推动城乡融合发展。"
        "要加快农田水利建设，新建小型灌区10处。\n（一）发展特色产业\n要培育壮大特色种养业，新建标准化养殖场10个。\n"
    )
    assert [t.title for t in doc.tasks] == ["加快农田水利建设", "培育壮大特色种养业"]


# Items of a 工作要点 or 实施方案 headed by a run-in heading: the heading says what, the sentences how.
WORK_POINTS = (
    "2023年某市政务服务工作要点\n一、提升审批效能\n（一）优化审批服务\n"
    "1.深化行政审批制度改革。围绕企业全生命周期，编制公布行政许可事项清单。\n"
    "2.推行告知承诺制。对具备条件的事项，"
)


def test_it_takes_a_run_in_item_heading_into_the_item_s_first_task():
    task = extract(WORK_POINTS).tasks[0]
    assert (task.text, task.title) == (
        "1.深化行政审批制度改革。围绕企业全生命周期，编制公布行政许可事项清单。",
        "深化行政审批制度改革",
    )


def test_it_proposes_the_heading_of_an_item_cut_off_before_its_first_sentence_ends():
    assert extract(WORK_POINTS).tasks[-1].text == "2.推行告知承诺制。"


def test_it_takes_a_field_bullet_without_a_verb_into_its_target_sentence():
    doc = extract("一、攻坚目标\n——产业发展攻坚。到2025年，规模工业增加值增长8%以上。\n")
    assert [t.text for t in doc.tasks] == ["——产业发展攻坚。到2025年，规模工业增加值增长8%以上。"]


def test_it_leaves_a_framing_heading_out_of_the_sentence_after_it():
    doc = extract("一、总体要求\n（一）工作目标。到年底，建成县乡村三级便民服务体系。\n")
    assert [t.text for t in doc.tasks] == ["到年底，建成县乡村三级便民服务体系。"]


def test_it_keeps_a_speech_field_heading_out_of_its_duty():
    doc = extract("同志们：\n一要强化督察考评。县委办要建立月分析工作机制，加大督查频次。\n")
    task = doc.tasks[0]
    assert (task.text, task.title) == ("县委办要建立月分析工作机制，加大督查频次。", "建立月分析工作机制")


def test_it_keeps_the_run_in_heading_of_an_area_with_several_tasks_out_of_its_first_task():
    doc = extract(
        "二、重点任务\n（一）推进乡村全面振兴。健全防止返贫监测帮扶机制，守住底线。"
        "整流域推进高标准农田建设，新建高标准农田10万亩。\n"
    )
    assert doc.tasks[0].text == "健全防止返贫监测帮扶机制，守住底线。"


def test_it_reads_verbs_across_the_gaps_of_masked_pinyin_readings():
    assert is_directive("坚     持推     行“多权同确”，继续开展确权登记颁证。")


def test_it_proposes_numbered_items_that_are_each_one_whole_sentence():
    doc = extract(
        "一、重点任务\n1.增强政策制定实施的透明度，提振市场主体信心。\n"
        "2.建立市场主体反映审批问题的办理和反馈机制，及时回应和解决堵点问题。\n"
    )
    assert [t.title for t in doc.tasks] == [
        "增强政策制定实施的透明度",
        "建立市场主体反映审批问题的办理和反馈机制",
    ]


def test_it_does_not_propose_the_heading_of_a_section_whose_text_holds_no_task():
    doc = extract(
        "一、坚持以人民为中心，切实把思想统一到改革上来\n改革是发展的动力。实践证明，改革只有进行时。\n"
    )
    assert doc.tasks == []


def test_it_proposes_no_task_under_a_plan_s_guiding_thought():
    doc = extract(
        "一、总体要求\n（一）指导思想\n坚持以新发展理念为引领，全面落实省委决策部署，持续深化政务公开。\n"
        "（二）工作目标\n到年底，建成县乡村三级便民服务体系。\n"
    )
    assert [t.text for t in doc.tasks] == ["到年底，建成县乡村三级便民服务体系。"]


def test_it_does_not_take_a_numbered_heading_that_names_a_list_of_duties_for_an_assignment_title():
    doc = extract(
        "一、围绕深化改革推进公开\n（一）推进权力清单和责任清单公开\n"
        "对权力清单进行动态调整，公布市政府部门权力清单。编制重点领域专项责任清单。\n"
    )
    assert len(doc.tasks) == 2


def test_it_reads_a_traditional_script_sentence_as_sure_as_its_simplified_one():
    simplified = extract("一、重点任务\n做好行政审批事项的公开工作，重点公开保留的行政许可事项清单。\n")
    traditional = extract("一、重點任務\n做好行政審批事項的公開工作，重點公開保留的行政許可事項清單。\n")
    assert [t.confidence for t in traditional.tasks] == [t.confidence for t in simplified.tasks] != []


def test_it_reads_a_requirement_followed_as_a_circumstance_not_as_words_quoted():
    assert is_directive("根据通用责任清单要求，进一步细化公开各部门的责任事项。")
    assert not is_directive("会议要求，全市上下同心协力。")


def test_it_gives_every_task_its_own_id_when_some_were_left_out_before_a_heading_was_proposed():
    doc = extract(
        "一、总体要求\n（一）指导思想\n坚持以新发展理念为引领，全面落实省委决策部署。\n二、重点任务\n"
        "1.深化行政审批制度改革，压减审批时限。\n2.推行告知承诺制。围绕企业全生命周期，编制公布事项清单。\n"
        "3.加强涉企信息公开。\n"
    )
    ids = [t.id for t in doc.tasks]
    assert len(ids) == len(set(ids)) == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "为加快物流业发展，结合我市实际，特制定本方案。",
        "为推进农村改厕，根据省有关要求，现制定我县实施意见。",
    ],
)
def test_it_does_not_propose_the_preface_that_makes_the_document(sentence):
    assert task_confidence(sentence) < 0.5


def test_it_proposes_making_rules_as_work_to_do():
    assert task_confidence("研究制定产业扶持政策，出台实施细则。") >= 0.5
