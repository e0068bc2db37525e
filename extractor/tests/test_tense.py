"""Forward (a goal or duty) or past (a result) per clause: sentences in official style written for these tests,
each showing one way the decision is made."""

from extractor import extract
from extractor.tense import Context, clauses, past_document, progress_report, reference_year
from extractor.text import mask_readings


def forward_flags(text: str, **ctx) -> list[bool]:
    return [d.forward for _, _, d in clauses(text, 0, len(text), Context(**{"plan_year": 2026, **ctx}))]


def values(text: str) -> list[float]:
    return [t.value for t in extract(text).targets]


def test_it_reads_a_year_before_the_plan_year_as_past():
    assert forward_flags("2025年全县粮食产量增长3%。") == [False]


def test_it_lets_a_goal_cue_govern_the_list_after_it():
    assert forward_flags("主要预期目标是：生产总值增长6%，就业增加1万人。") == [True, True, True]


def test_it_lets_a_past_marker_govern_the_rest_of_its_sentence():
    assert forward_flags("已将养老金标准提高到900元，护理补贴提高到300元。") == [False, False]


def test_it_lets_an_own_cue_override_what_governs_it():
    assert forward_flags("去年生产总值增长5%，今年力争增长6%。") == [False, True]


def test_it_reads_a_year_since_as_past():
    assert forward_flags("2024年以来新建公园12个。") == [False]


def test_it_reads_this_year_as_past_when_the_document_plans_the_next_one():
    assert forward_flags("今年新建公园12个。", current_year=2025) == [False]


def test_it_does_not_take_the_le_of_a_verb_of_saying_as_a_result():
    assert forward_flags("报告提出了今年的目标：生产总值增长6%。") == [True, True]


def test_it_reads_a_level_and_its_change_as_a_result():
    assert forward_flags("全市地区生产总值3200亿元，增长4.1%。")[0] is False


def test_it_reads_an_earlier_five_year_period_as_past():
    flags = forward_flags("“十三五”期间森林覆盖率达到40%。", latest_period=2025)
    assert flags == [False]


def test_it_reads_a_bounded_year_on_year_change_as_a_goal():
    assert forward_flags("事故起数同比下降8%以上。") == [True]


def test_it_counts_a_statistical_bulletin_as_a_past_document():
    assert past_document("某市2025年国民经济和社会发展统计公报")
    assert not past_document("某市2025年国民经济和社会发展计划执行情况与2026年计划草案")


def test_it_takes_the_goals_of_a_mixed_paragraph_and_not_its_results():
    text = "某市2026年政府工作报告\n2025年全市生产总值增长5.2%，粮食产量达到80万吨。今年主要预期目标是：生产总值增长5.5%左右；城镇新增就业1.5万人以上。\n"
    assert values(text) == [5.5, 1.5]


def test_it_takes_no_target_from_a_paragraph_opened_by_a_result():
    text = "某县2026年政府工作报告\n2025年，全县经济运行稳中有进，全面完成年度目标任务。预计生产总值增长6%，财政收入增长4%。\n"
    assert values(text) == []


def test_it_reads_traditional_script_with_offsets_into_the_original():
    text = "某市2026年工作安排\n今年主要預期目標是：地區生產總值增長6%左右。\n"
    doc = extract(text)
    assert [(t.metric, t.value) for t in doc.targets] == [("地区生产总值增长", 6)]
    assert all(text[t.start : t.end] == t.text for t in doc.targets)


def test_it_gives_each_target_a_confidence_from_its_evidence():
    doc = extract("某市2026年工作安排\n今年力争生产总值增长6%。\n")
    assert doc.targets[0].confidence >= 0.8


def test_it_reads_a_year_to_date_period_of_a_progress_report_as_past():
    assert forward_flags("1-9月，全县完成固定资产投资80亿元。", progress=True) == [False, False]


def test_it_reads_a_period_outside_a_progress_report_as_a_schedule():
    assert forward_flags("1-3月，完成整改问题100个。", section="plan") == [True, True]


def test_it_reads_a_share_of_the_plan_as_progress():
    assert forward_flags("重点项目完成投资50亿元，占年度计划的70%。") == [False, False]


def test_it_counts_a_text_with_year_to_date_periods_and_shares_of_the_plan_as_a_progress_report():
    assert progress_report("1-8月完成投资60亿元，占年度计划的73%。前8月新开工项目20个。")
    assert not progress_report("1-3月，开展摸底排查；4-6月，完成整改问题100个。")


def test_it_does_not_read_this_year_as_a_goal_in_a_progress_report():
    assert forward_flags("今年安排重点项目30个。", progress=True) == [False]


def test_it_reads_an_annual_plan_named_as_a_noun_as_weak_evidence():
    assert forward_flags("年度计划投资20亿元。", past_leaning=True) == [False]
    assert forward_flags("年度计划投资20亿元。", section="plan") == [True]


def test_it_lets_a_strong_own_cue_override_a_year_carried_from_before():
    assert forward_flags("2025年全市生产总值增长5%，主要预期目标是增长6%左右。") == [False, True]


def test_it_reads_a_goal_set_at_a_value_as_forward():
    assert forward_flags("2025年生产总值增长4%，将增长目标定在6%以上。") == [False, True]


def test_it_reads_a_preliminary_estimate_as_a_result():
    assert forward_flags("初步预计，全市生产总值增长6%。") == [False, False]


def test_it_reads_a_result_compared_with_its_goal_as_a_result():
    assert forward_flags("城镇调查失业率为5.2%，低于5.5%左右的预期目标。") == [False, False]


def test_it_takes_a_year_after_jiezhi_as_a_time_of_the_text_not_a_horizon():
    assert reference_year("截至2020年底，累计完成投资2亿元。") == 2020


def test_it_takes_no_target_from_a_review_whose_only_year_is_its_own():
    text = "某县经济运行简况\n2023年，全县经济稳中有进，全面完成年度目标任务。预计生产总值增长6%，财政收入增长5%。\n"
    assert values(text) == []


def test_it_takes_no_target_under_a_heading_that_reports_progress():
    text = "某市重点项目建设简报\n一、市级重点项目进展情况\n全市安排重点项目30个，总投资100亿元。\n"
    assert values(text) == []


def test_it_lets_a_past_marker_of_the_verb_win_over_a_time_named_before_it():
    assert forward_flags("今年已新建公园12个。") == [False]


def test_it_keeps_a_share_of_a_total_under_the_year_that_governs_it():
    assert forward_flags("到2030年，新能源装机占总装机比重达到50%。", plan_year=None) == [True, True]


def test_it_reads_a_cue_word_across_a_masked_pinyin_reading():
    # a mirror copy annotates characters with their reading: 過(guò)去 is still 过去
    assert values("過(guò)去五年,全縣累計完成造林10.5萬畝,森林覆蓋率提高到45.2%。") == []
    assert values("过去五年,全县累计完成造林10.5万亩,森林覆盖率提高到45.2%。") == []


def test_it_reads_a_share_of_a_target_as_a_result_not_as_a_goal():
    assert values("全市城镇新增就业5万人,完成省民生工程目标任务的130.26%,市民生工程目标任务的127%。") == []
    assert values("全年目标任务是新增就业5万人。") == [5]


def test_it_reads_levels_before_an_exceeded_goal_as_results():
    assert values("学前教育扩容工程。全年新扩建幼儿园48所,超额完成40所的年度目标任务。") == []
    assert values("二〇二六年工作安排\n一、民生\n全年新扩建幼儿园48所,力争超额完成年度目标任务。\n") == [48]


def test_it_reads_a_part_of_this_year_already_gone_as_past():
    assert forward_flags("今年1至11月,全国城镇新增就业1105万人。") == [False, False]
    assert forward_flags("今年上半年前新建公厕20座。") == [True]


def test_it_reads_an_announced_goal_as_a_goal():
    assert values("部里还公布了明年工作目标:城镇新增就业1000万人,城镇登记失业率控制在4.5%以内。") == [
        1000,
        4.5,
    ]


def test_it_reads_a_year_named_beside_this_year_as_possibly_past():
    text = "统计显示,2003年以来城镇新增就业每年超过900万人,2006年达1184万人。明年城镇新增就业1000万人。"
    assert values(text) == [1000]


def test_it_reads_a_title_saying_goals_were_met_as_a_report():
    assert past_document("2016年全国造林和森林抚育均超额完成任务")
    assert not past_document("关于确保完成2016年造林任务的通知")


def test_it_reads_funds_sought_from_above_in_a_summary_as_obtained():
    text = "某镇2023年工作总结\n\n一、民生工程\n向上争取补助资金354万元,新修公路6.1公里。\n"
    assert values(text) == []


def test_it_reads_a_perfective_across_a_masked_pinyin_reading():
    assert forward_flags(mask_readings("全縣糧食產量增長(zhǎng)了3%。"), section="plan") == [False]
    assert forward_flags("全县粮食产量增长3%。", section="plan") == [True]


def test_it_reads_a_share_of_the_plan_across_a_masked_pinyin_reading():
    text = (
        "2026年水利工作\n一、冬春修水利\n全年完成土石方340萬方,投資7665萬元,占計(jì)劃(huà)的103%、105%。\n"
    )
    assert values(text) == []


def test_it_reads_a_rank_reached_as_a_result():
    assert forward_flags("总量全市第三,规模以上工业增加值1200亿元。", section="plan") == [False, False]
    assert forward_flags("力争进入全省第一方阵。", section="plan") == [True]


def test_it_does_not_read_the_yao_of_zhuyao_as_the_modal_yao():
    assert values("全县主要农作物播种面积86万亩，其中粮食播种面积52万亩。") == []
