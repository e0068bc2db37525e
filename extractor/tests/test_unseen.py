"""A generalisation check: sentences in official style that occur in none of the seeds, with metrics,
units, comparators and deadlines the engine was not tuned on. Past results must not become targets."""

import pytest

from extractor import extract

from .helpers import SEEDS

# sentence → (metric, value, unit, comparator, deadline, horizon) of each target, in order
PLANNED = {
    "力争全年接待游客突破2000万人次、旅游综合收入增长12%以上。": [
        ("接待游客", 2000, "万人次", ">", None, 2026),
        ("旅游综合收入增长", 12, "%", ">=", None, 2026),
    ],
    "单位GDP能耗下降3%左右。": [("单位GDP能耗下降", 3, "%", "~", None, 2026)],
    "城镇新增就业1.2万人以上，城镇登记失业率控制在4%以内。": [
        ("城镇新增就业", 1.2, "万人", ">=", None, 2026),
        ("城镇登记失业率", 4, "%", "<=", None, 2026),
    ],
    "年底前完成老旧小区改造86个。": [("老旧小区改造", 86, "个", "=", "年底前", 2026)],
    "PM2.5平均浓度控制在30微克/立方米以内。": [("PM2.5平均浓度", 30, "微克/立方米", "<=", None, 2026)],
    "全年新增城镇污水处理能力5万吨/日。": [("新增城镇污水处理能力", 5, "万吨/日", "=", None, 2026)],
    "森林覆盖率、湿地保护率分别达到35.2%、56%。": [
        ("森林覆盖率", 35.2, "%", "=", None, 2026),
        ("湿地保护率", 56, "%", "=", None, 2026),
    ],
    "6月底前建成5G基站1500个。": [("建成5G基站", 1500, "个", "=", "6月底前", 2026)],
    "新增养老床位不少于800张，粮食总产量稳定在120万吨以上。": [
        ("新增养老床位", 800, "张", ">=", None, 2026),
        ("粮食总产量", 120, "万吨", ">=", None, 2026),
    ],
    "三年内培育国家级专精特新“小巨人”企业15家。": [
        ("培育国家级专精特新“小巨人”企业", 15, "家", "=", "三年内", 2026)
    ],
    "到2030年，全市常住人口城镇化率达到60%。": [("常住人口城镇化率", 60, "%", "=", None, 2030)],
    "全市规模以上工业增加值增长6%—7%。": [("规模以上工业增加值增长", 6, "%", "range", None, 2026)],
    "年内新增市场主体不少于1.5万户。": [("新增市场主体", 1.5, "万户", ">=", "年内", 2026)],
}
# results already achieved, written into the same plan: never targets
PAST = [
    "去年完成城市棚户区改造4200套，超额完成省上下达任务。",
    "2025年全市地区生产总值增长5.8%。",
    "今年以来已累计发放创业担保贷款3.2亿元。",
    "“十四五”期间累计建成保障性住房1.1万套。",
]


def in_a_plan(sentence: str):
    return extract(f"定西市2026年重点工作安排\n一、重点任务\n{sentence}\n")


def read(doc):
    return [(t.metric, t.value, t.unit, t.comparator, t.deadline, t.horizon) for t in doc.targets]


def test_its_sentences_are_not_in_the_seeds():
    seeds = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    for sentence in [*PLANNED, *PAST]:
        assert sentence.rstrip("。") not in seeds, sentence


@pytest.mark.parametrize("sentence", list(PLANNED))
def test_it_reads_the_targets_of_an_unseen_sentence(sentence):
    assert read(in_a_plan(sentence)) == PLANNED[sentence]


@pytest.mark.parametrize("sentence", PAST)
def test_it_takes_no_target_from_a_past_result(sentence):
    assert read(in_a_plan(sentence)) == []


def test_its_target_spans_are_offsets_into_the_document():
    text = "定西市2026年重点工作安排\n一、重点任务\n" + "\n".join([*PLANNED, *PAST]) + "\n"
    doc = extract(text)
    assert len(doc.targets) == sum(len(v) for v in PLANNED.values())
    for target in doc.targets:
        assert text[target.start : target.end] == target.text


def test_it_reads_a_planned_year_on_year_reduction():
    # a bound on the change (以上/以内/左右) makes a 同比 comparison a goal, not a reported result
    assert read(in_a_plan("生产安全事故起数同比下降10%以上。")) == [
        ("生产安全事故起数同比下降", 10, "%", ">=", None, 2026)
    ]
