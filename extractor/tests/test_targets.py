from extractor import extract
from extractor.targets import find_targets

from .helpers import seed_doc, seed_text


def one(sentence):
    found = find_targets(sentence)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


def test_it_reads_comparator_words():
    cases = {
        "新建高标准农田50万亩以上。": ">=",
        "装配式建筑占新建建筑比例不低于30%。": ">=",
        "中医药全产业链产值突破600亿元。": ">",
        "林果业产值超过20亿元。": ">",
        "城镇调查失业率控制在5.5%以内。": "<=",
        "债务率不超过120%。": "<=",
        "居民消费价格涨幅3%左右。": "~",
        "技术合同成交额达到40亿元。": "=",
    }
    assert {s: one(s).comparator for s in cases} == cases


def test_it_keeps_the_magnitude_in_the_unit_and_normalises_the_percent_sign():
    t = one("城镇新增就业1.6万人以上。")
    assert (t.value, t.unit, t.metric) == (1.6, "万人", "城镇新增就业")
    assert one("增长6.5％。").unit == "%"
    t = one("战略性新兴产业增加值占地区生产总值比重提高2.5个百分点。")
    assert (t.value, t.unit) == (2.5, "个百分点")


def test_it_reads_chinese_numerals():
    t = one("新建学校十二所以上。")
    assert (t.value, t.unit, t.comparator) == (12, "所", ">=")
    assert one("培训农民三千人次。").value == 3000
    t = one("一半以上永久基本农田建成高标准农田。")
    assert (t.value, t.unit, t.comparator) == (50, "%", ">=")
    assert one("确保三分之一以上村庄完成改造。").value == 33.33


def test_it_gives_each_value_of_a_fenbie_list_its_own_metric():
    found = find_targets("全市森林覆盖率、水土保持率分别达到13.13%、77.16%。")
    assert [(t.metric, t.value) for t in found] == [("森林覆盖率", 13.13), ("水土保持率", 77.16)]
    assert found[0].text == found[1].text == "森林覆盖率、水土保持率分别达到13.13%、77.16%"


def test_it_shares_one_value_among_listed_subjects():
    found = find_targets("旅游人数、旅游花费增长8%以上。")
    assert [(t.metric, t.value, t.comparator) for t in found] == [
        ("旅游人数增长", 8, ">="),
        ("旅游花费增长", 8, ">="),
    ]
    found = find_targets("新培育高新技术企业和省级科技创新型企业各10家。")
    assert len(found) == 2 and {t.value for t in found} == {10}


def test_it_splits_urban_and_rural_in_fenbie_lists():
    found = find_targets("城乡居民人均可支配收入分别增长6.5%、7.5%。")
    assert [(t.metric, t.value) for t in found] == [
        ("城镇居民人均可支配收入增长", 6.5),
        ("农村居民人均可支配收入增长", 7.5),
    ]


def test_it_reads_a_list_of_metric_value_pairs():
    found = find_targets("完成农房抗震改造1500户、土坯房改造3000户，新增停车位3800个、充电桩1000处。")
    assert [(t.metric, t.value, t.unit) for t in found] == [
        ("农房抗震改造", 1500, "户"),
        ("土坯房改造", 3000, "户"),
        ("新增停车位", 3800, "个"),
        ("充电桩", 1000, "处"),
    ]


def test_it_does_not_take_a_threshold_that_qualifies_a_noun_for_a_target():
    found = find_targets("每个县区引进落地投资1000万元以上企业5家。")
    assert [(t.value, t.unit) for t in found] == [(5, "家")]
    found = find_targets("培育年销售额1000万元以上大单品19个、5000万元以上4个。")
    assert [(t.value, t.unit) for t in found] == [(19, "个"), (4, "个")]


def test_it_does_not_take_the_count_of_a_list_written_after_its_noun():
    found = find_targets("细化工作任务12项，落实具体措施8条，新建公园3个。")
    assert [(t.value, t.unit) for t in found] == [(3, "个")]


def test_it_ignores_names_ordinals_specs_and_years():
    for sentence in [
        "编制“十五五”规划。",
        "办好第三十一届兰洽会。",
        "深化“5G+工业互联网”融合应用。",
        "建设330千伏变电站。",
        "升级“1+7托N”城市运行管理服务平台。",
        "完成陇西5.6级地震灾后恢复重建任务。",
        "2026年全面完成改革任务。",
        "统筹抓好六项任务，做到两个维护。",
        "一天接着一天干。",
        "紧盯12条特色优势产业链精准招商。",
    ]:
        assert find_targets(sentence) == [], sentence


def test_it_keeps_masked_numbers_out_of_targets():
    assert find_targets("建设项目***个，增长*.*％。") == []


def test_it_reads_deadlines_and_number_first_targets():
    t = one("确保1146个清单项目4月底前全部开复工。")
    assert (t.value, t.unit, t.deadline, t.metric) == (1146, "个", "4月底前", "清单项目全部开复工")
    t = one("年底前新增城镇就业1.2万人。")
    assert t.deadline == "年底前"
    t = one("完成13个河道综合治理工程。")
    assert (t.value, t.metric) == (13, "河道综合治理工程")


def test_it_reads_ranges():
    t = one("新建中小学3—5所。")
    assert (t.value, t.value_max, t.comparator) == (3, 5, "range")


def test_it_takes_no_target_from_the_review_part_of_seed_004():
    doc = seed_doc("004")
    review = doc.outline[0]
    assert doc.targets
    assert not [t for t in doc.targets if review.start <= t.start < review.end]
    # the review has plenty of numbers that are not targets
    assert "793.9亿元" in seed_text("004")[review.start : review.end]


def test_it_gives_period_targets_the_period_end_and_the_rest_the_plan_year():
    doc = seed_doc("004")
    period = doc.outline[1]
    horizons = {t.horizon for t in doc.targets if period.start <= t.start < period.end}
    assert horizons == {2030}
    later = {t.horizon for t in doc.targets if t.start >= doc.outline[2].start}
    assert later == {2026}


def test_it_takes_no_target_from_past_sentences_in_a_plan():
    doc = extract("2026年工作安排\n一、重点任务\n去年新建学校5所。要新建学校8所。2025年完成投资100亿元。\n")
    assert [t.value for t in doc.targets] == [8]


def test_it_links_each_target_to_its_task():
    doc = seed_doc("004")
    tasks = {t.id: t for t in doc.tasks}
    for target in doc.targets:
        task = tasks[target.task_id]
        assert task.start <= target.start and target.end <= task.end


def test_it_reads_a_percentage_written_in_words():
    from extractor.targets import find_targets

    found = find_targets("生产总值增长目标是百分之八左右，人口自然增长率控制在千分之四点五以内。")
    assert [(t.value, t.unit, t.comparator) for t in found] == [(8, "%", "~"), (4.5, "‰", "<=")]
