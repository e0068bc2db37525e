"""Past-only text gives no targets; a passage that reports results and then sets goals keeps its goals."""

from extractor import extract


def values(text: str) -> list:
    return [(t.value, t.unit) for t in extract(text).targets]


def test_it_reads_verbs_of_doing_as_a_report_after_a_reported_sentence_in_a_past_text():
    text = (
        "去年全区经济运行平稳。全区实现生产总值210亿元，增长6.1%。实现财政收入18亿元，增长5%。"
        "新建乡村道路42公里，改造供水管网15公里。引进工业项目12个，总投资30亿元。"
        "全年粮食总产量9.2万吨，比上年增长1.2%。城镇居民人均可支配收入达38000元，增长5.5%。"
    )
    assert values(text) == []


def test_it_reads_a_share_of_the_plan_reached_as_a_result():
    assert values("1-9月，全镇完成固定资产投资5.7亿元，同比增长21%，占年计划的75%。") == []


def test_it_reads_a_share_of_the_task_reached_as_a_result():
    assert values("截至6月底，累计完成投资2300万元，为计划任务的64.5%。") == []


def test_it_reads_the_levels_before_a_completion_rate_as_results():
    assert values("全年改建农村户厕3.2万户、公厕120座，完成年度任务101.5%。") == []


def test_it_keeps_the_predicate_that_governs_a_year_named_after_it():
    assert values("统计显示，2023年，全县粮食产量达到31万吨，增长0.8%。") == []


def test_it_reads_a_full_date_as_the_day_of_an_event():
    assert values("2024年3月5日，县人民代表大会第三次会议开幕，全县共有186名代表出席会议。") == []


def test_it_reads_a_deadline_ahead_as_forward_after_a_reported_sentence():
    text = "目前已建成停车场3个，新增泊位260个。9月底前，还将新增停车泊位500个。"
    assert values(text) == [(500, "个")]


def test_it_reads_a_magnitude_across_a_reading_left_by_a_conversion():
    found = extract("今年主要預期目標是：城鎮新增就業1200萬(wàn)人以上。").targets
    assert [(t.value, t.unit, t.comparator) for t in found] == [(1200, "万人", ">=")]


def test_it_starts_a_new_time_with_a_later_year_after_an_earlier_one():
    text = "今后五年的目标：2018年实现贫困人口全部脱贫，2020年全面建成小康社会。城乡居民人均可支配收入分别达到35000元、14200元。"
    assert values(text) == [(35000, "元"), (14200, "元")]


def test_it_keeps_the_goals_after_a_review_in_the_same_paragraph():
    text = "2025年，全县生产总值增长5.8%，一般公共预算收入增长3%。2026年主要预期目标是：生产总值增长6%左右，一般公共预算收入增长4%。"
    assert values(text) == [(6, "%"), (4, "%")]


def test_it_reads_the_year_in_a_bulletin_title_as_the_year_reported_on():
    text = (
        "某县2024年国民经济和社会发展统计公报\n\n"
        "2024年，全县地区生产总值125.6亿元，比上年增长5.2%。2024年末全县户籍人口32.5万人。"
    )
    assert values(text) == []


def test_it_reads_a_count_split_into_the_part_done_and_the_part_under_way_as_a_status():
    assert values("会议要求加快项目建设。今年30个重点项目，已竣工12个，18个正在加快推进。") == []


def test_it_keeps_a_goal_of_its_own_before_a_count_already_done():
    assert values("今年新建学校5所，力争年内建成3所，其中已开工2所。") == [(5, "所"), (3, "所")]


def test_it_reads_an_outside_bodys_forecast_as_their_estimate_not_a_goal():
    text = "2026年发展环境和主要目标。从外部环境看，世界银行预测全球经济增长2.6%。全市生产总值增长6%左右。"
    assert values(text) == [(6, "%")]


def test_it_reads_the_year_a_results_text_names_only_in_a_heading_as_the_year_reported_on():
    text = (
        "一、综合\n2024年全县经济运行情况\n"
        "2024年全县地区生产总值125.6亿元，比上年增长5.2%。一般公共预算收入8.1亿元，比上年增长3.0%。"
        "2024年三次产业结构为12.1:40.3:47.6，第三产业比重提高1.2个百分点。年末户籍人口32.5万人，比上年减少0.2万人。"
    )
    assert values(text) == []


def test_it_reads_counts_of_one_list_in_a_row_as_its_size():
    assert values("2024年，全区共安排民生项目28件35个，涉及9个领域。") == []


def test_it_reads_a_count_of_members_as_a_distribution():
    assert values("全年新增的6个项目中，有4项属于教育类。") == []


def test_it_reads_a_whole_and_the_part_of_it_that_moved_as_a_distribution():
    assert values("12月份，全省16个地市中有11个地市工业用电量同比增长。") == []


def test_it_reads_a_goal_set_earlier_as_the_yardstick_of_a_result():
    assert values("今年以来，全市城镇登记失业率为2.9%，低于年初确定的3.5%的控制目标。") == []


def test_it_reads_a_named_year_and_a_part_of_it_gone_as_a_report():
    assert values("2019年全市生产总值增长7.1%，2020年上半年增长3.2%，高于全省0.4个百分点。") == []


def test_it_reads_the_latest_year_of_a_statistical_text_as_the_year_reported_on():
    text = (
        "初步核算，全年全县实现生产总值186.4亿元，比上年增长5.2%。年末常住人口31.2万人，比上年末减少0.3万人。"
        "全年粮食总产量12.6万吨，比上年增长1.1%。据2024年人口抽样调查推算，年末城镇化率为48.6%。"
    )
    assert values(text) == []


def test_it_keeps_a_goal_for_the_latest_year_a_plan_names():
    assert values("2026年，全县生产总值力争增长6%，粮食产量稳定在12万吨以上。") == [(6, "%"), (12, "万吨")]


EXPLANATION = "2025年国民经济和社会发展计划执行情况与2026年计划草案的说明\n一、起草背景\n"
REVIEWED = "2025年是全面深化改革的关键一年，一年来，全县经济社会发展实现平稳增长。\n"


def test_it_carries_a_report_on_into_the_next_paragraph_of_its_section():
    text = EXPLANATION + REVIEWED + "预计，全年实现地区生产总值210亿元、增长6%；固定资产投资增长4%。\n"
    assert values(text) == []


def test_it_lets_a_goal_cue_of_its_own_end_a_report_carried_from_an_earlier_paragraph():
    text = EXPLANATION + REVIEWED + "2026年，全县生产总值力争增长6.5%，新建村级养老服务站12个。\n"
    assert values(text) == [(6.5, "%"), (12, "个")]


def test_it_reads_next_step_as_the_start_of_the_work_to_come():
    text = EXPLANATION + REVIEWED + "下一步，新建村级养老服务站12个，改造农村公路80公里。\n"
    assert values(text) == [(12, "个"), (80, "公里")]


def test_it_reads_an_amount_counted_to_the_unit_as_a_result():
    assert (
        values("二、主要情况\n全区城镇居民人均可支配收入达到43672元，农村居民人均可支配收入达到21358元。\n")
        == []
    )


def test_it_reads_a_number_of_years_before_nei_as_a_span_not_as_this_year():
    assert values("去年，全县新签约项目52个。16个项目一年内竣工投产，带动就业3200人。") == []


def test_it_reads_a_year_that_dates_the_items_counted_as_no_time_of_the_clause():
    text = "2026年民生实事：完工2025年6个续建安置小区，新开工安置小区4个，改造老旧电梯30部。"
    assert values(text) == [(6, "个"), (4, "个"), (30, "部")]


def test_it_reads_the_quantity_of_a_numbered_item_that_is_a_line_of_its_own():
    text = "2026年民生实事项目\n一、教育\n1.新建公办幼儿园3所\n2.为中小学教室安装空调500台\n"
    assert values(text) == [(3, "所"), (500, "台")]


def test_it_reads_a_number_with_thousands_separators_as_one_number():
    assert values("2026年，全县城镇新增就业1,200人以上，发放创业担保贷款1,389.5万元。") == [
        (1200, "人"),
        (1389.5, "万元"),
    ]


def test_it_reads_a_goal_reported_as_exceeded_past_its_thousands_separators():
    assert values("截至8月底，城镇新增就业累计达到5,921万人，超额完成5,500万人的目标任务。") == []


def test_it_reads_verbs_of_doing_as_a_report_after_a_reported_sentence_in_a_text_without_headings():
    text = "截至11月底，全省农村供水工程已全部完工。新建规模水厂86处，改造单村工程412处。"
    assert values(text) == []


def test_it_keeps_verbs_of_doing_as_duties_under_a_plan_heading_after_a_reported_sentence():
    text = "2026年工作安排\n一、重点任务\n去年已完工供水工程20处。新建规模水厂6处，改造单村工程40处。\n"
    assert values(text) == [(6, "处"), (40, "处")]


def test_it_keeps_a_modal_looking_ahead_after_a_reported_sentence_in_a_text_without_headings():
    assert values("截至11月底，全省农村供水工程已全部完工。全省还将新建规模水厂6处。") == [(6, "处")]


def test_it_reads_the_level_before_a_rank_reached_as_a_result():
    assert values("新增规模以上企业18家，增量全省第2。") == []


def test_it_does_not_count_the_goal_of_a_goal_reported_met_as_forward_evidence():
    text = (
        "一、公园建设\n全年建成口袋公园12个，超额完成10个的年度目标任务。\n"
        "二、道路改造\n全年改造背街小巷30条，超额完成25条的年度目标任务。\n"
        "三、养老服务\n全年建成社区食堂9个，超额完成8个的年度目标任务。\n"
        "四、供水保障\n全年新铺供水管网40公里，完成年度目标任务。\n"
    )
    assert values(text) == []


def test_it_reads_the_plan_quoted_in_a_progress_report_as_its_yardstick():
    text = (
        "2026年上半年重点项目进展情况\n"
        "2026年，全区重点项目30个，总投资120亿元，当年计划投资42亿元，截至6月底，累计完成投资23亿元。"
    )
    assert values(text) == []


def test_it_reads_lines_of_figures_under_a_review_heading_as_results():
    text = (
        "某市新闻：回望过去一年\n"
        "去年是极不平凡的一年，全市上下克难攻坚，经济社会发展取得新成效。\n"
        "过去五年\n"
        "●经济实力再上台阶\n"
        "地区生产总值突破3000亿元，年均增长6%\n"
        "城镇新增就业年均2万人\n"
    )
    assert values(text) == []


def test_it_reads_this_year_as_the_year_reported_on_in_a_news_report_of_work_done():
    text = (
        "今年，县交通局投资320万元，对12座危桥实施改造，目前已全部完工，惠及群众1.2万人。"
        "据统计，全县农村公路改造已全部完成，危桥已全部消除。"
    )
    assert values(text) == []


def test_it_reads_verbs_of_doing_as_results_in_a_text_whose_verbs_say_what_has_been_done():
    text = (
        "2024年以来，全县狠抓项目建设，全力推进民生工程，破解了群众住房难、出行难等问题。\n"
        "实施“安居”工程，改善居住条件。今年改造了危房320户，新建了安置房一批；\n"
        "新建保障性住房260套；改造老旧小区8个。\n"
        "实施“通达”工程，方便群众出行。硬化通村道路48公里；新建桥梁6座。\n"
    )
    assert values(text) == []


def test_it_reads_a_text_that_measures_its_work_against_the_plan_twice_as_a_progress_report():
    text = (
        "全区重点项目总投资86亿元，年度计划投资24亿元，完成投资9.1亿元，超序时进度3.2个百分点，"
        "其中6个计划开工项目完成投资2.4亿元，超序时进度1.5个百分点。"
    )
    assert values(text) == []


def test_it_does_not_take_a_heading_that_measures_work_against_the_plan_for_a_plan_heading():
    text = (
        "全市农村公路建设进度\n"
        "1、 农村公路建设 通村硬化路:完成里程820公里,为年计划的61.5%。"
        "2、 危桥改造 完成改造35座,为年计划的70%。新建、改造排水管网完成82%;新增停车泊位1200个,完成60%。"
    )
    assert values(text) == []


def test_it_reads_a_report_on_how_the_work_goes_on_as_a_past_document():
    text = (
        "关于2026年十件民生实事推进情况的通报\n"
        "2026年十件民生实事共分为24项工作，截至9月底，已完成15项，按进度推进9项。"
    )
    assert values(text) == []


def test_it_reads_a_year_and_a_modal_together_as_a_goal_in_a_text_that_reports_results():
    text = (
        "去年以来，全市完成了造林绿化12万亩，湿地保护率提高了3个百分点，已建成生态廊道5条。"
        "据悉，2027年全市将完成国土绿化8万亩。"
    )
    assert values(text) == [(8, "万亩")]


def test_it_reads_rates_of_work_started_and_done_as_shares_of_the_plan_reached():
    text = (
        "今年全省计划改造老旧小区2100个，1-9月，全省开工改造老旧小区1980个，开工率94%；"
        "已完工1200个，完成率57%。"
    )
    assert values(text) == []


def test_it_reads_the_status_now_as_a_result_after_the_goal_it_is_measured_against():
    text = (
        "今年，全镇冬春农田建设目标是新修梯田900亩，新建蓄水池30座。目前共完成新修梯田410亩，建成蓄水池12座。"
    )
    assert values(text) == [(900, "亩"), (30, "座")]


def test_it_reads_a_report_on_how_the_economy_ran_as_a_past_document():
    text = "2026年上半年全县经济运行情况\n一、工业经济\n1.规上工业增加值增长8.1%。\n2.新增规上企业12家。\n"
    assert values(text) == []


def test_it_reads_verbs_of_doing_as_results_after_a_paragraph_that_reported_strongly_in_a_text_without_headings():
    text = (
        "今年以来，全市上下紧盯目标任务，狠抓工作落实。截至10月底，全市完成造林4.2万亩，新建农村公路180公里。\n"
        "改造农村户厕1.2万户。\n"
    )
    assert values(text) == []


def test_it_reads_a_text_that_opens_with_the_year_so_far_as_a_progress_report():
    text = (
        "今年以来，全县各乡镇高度重视，积极创新，农村危房改造工作总体进展顺利。\n"
        "市里下达我县今年危房改造任务1500户，今年县里计划完成260户困难家庭住房改造，现已开工310户。"
    )
    assert values(text) == []


def test_it_reads_the_level_before_a_rank_named_by_a_past_word_as_a_result():
    assert values("2025年11月份，全市规上工业增加值同比增长9.2%，增速居全省第3位。") == []


def test_it_reads_a_figure_measured_against_what_was_expected_as_a_result():
    assert values("森林覆盖率达到46.5%，快于预期。") == []


def test_it_does_not_read_a_level_listed_among_goals_as_a_goal_reported_met():
    text = "规划提出，到2030年森林覆盖率达到26%，湿地保护率达到60%等一系列保护发展目标。"
    assert values(text) == [(26, "%"), (60, "%")]


def test_it_reads_a_span_of_recent_years_as_past():
    assert values("该县近十年扎实为民办实事，投资2.3亿元完成农村饮水工程，共兴建供水工程86处。") == []


def test_it_reads_a_title_that_says_the_work_has_shown_results_as_the_title_of_a_past_document():
    text = "某县农田水利建设成效明显\n某县2026年投入水利建设资金3.2亿元，完成各类水利工程1200件，新增灌溉面积0.6万亩。"
    assert values(text) == []
