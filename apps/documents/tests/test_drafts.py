"""The proposed ledger and the reviewer's edits, on real extractions of the seed documents (no database)."""

import unittest

from apps.documents import drafts
from apps.documents.drafts import DraftError
from extractor import extract

from .helpers import key_of, seed_doc, seed_text

EIGHT_AREAS = [
    "要在优化营商环境上突破提升",
    "要在产业链建设上突破提升",
    "要在深化农村改革上突破提升",
    "要在深化生态文明体制改革上突破提升",
    "要在全国文明城市创建暨城市更新行动上突破提升",
    "要在深化民生领域改革上突破提升",
    "要在加强和创新社会治理上突破提升",
    "要在全面从严治党上突破提升",
]


def all_tasks(data):
    return [t for a in data["areas"] for t in a["tasks"]]


def assert_spans_match(case, data, text):
    for area in data["areas"]:
        for task in area["tasks"]:
            case.assertEqual(text[task["start"] : task["end"]], task["text"], task["key"])
            for target in task["targets"]:
                case.assertEqual(text[target["start"] : target["end"]], target["text"])
                case.assertTrue(task["start"] <= target["start"] < target["end"] <= task["end"], target)


class BuildTestCase(unittest.TestCase):
    def test_it_groups_the_tasks_of_seed_000_into_its_eight_areas(self):
        data = drafts.build(seed_doc("000"), {})
        titles = [a["title"] for a in data["areas"]]
        for title in EIGHT_AREAS:
            self.assertIn(title, titles)
        # in the speech's order, one after the other
        first = titles.index(EIGHT_AREAS[0])
        self.assertEqual(titles[first : first + 8], EIGHT_AREAS)

    def test_it_puts_each_task_under_the_area_it_is_written_in(self):
        data = drafts.build(seed_doc("000"), {})
        area = next(a for a in data["areas"] if a["title"] == "要在全面从严治党上突破提升")
        texts = "".join(t["text"] for t in area["tasks"])
        self.assertIn("持续深化纪检监察体制改革", texts)
        for task in area["tasks"]:
            self.assertTrue(area["start"] <= task["start"] and task["end"] <= area["end"] + 1, task)

    def test_it_gives_every_task_and_area_a_unique_key(self):
        data = drafts.build(seed_doc("004"), {})
        keys = [t["key"] for t in all_tasks(data)]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(len({a["key"] for a in data["areas"]}), len(data["areas"]))

    def test_it_keeps_the_targets_with_their_task(self):
        data = drafts.build(seed_doc("004"), {})
        _, _, task = drafts.find(data, key_of(data, "培育引进龙头企业20家"))
        self.assertEqual(
            [(t["metric"], t["value"], t["unit"]) for t in task["targets"]],
            [
                ("培育引进龙头企业", 20, "家"),
                ("规范提升农民专业合作社", 200, "家"),
                ("培育家庭农场", 100, "家"),
            ],
        )
        self.assertEqual({t["horizon"] for t in task["targets"]}, {2026})

    def test_it_suggests_lead_units_from_the_units_a_task_mentions(self):
        # “请市住建局、商务局牵头组织好房交会、车展会。” (seed 003); the tree spells 住建局 out in full
        units = {"市住房和城乡建设局": 7, "市商务局": 9, "市统计局": 11}
        data = drafts.build(seed_doc("003"), units)
        _, _, task = drafts.find(data, key_of(data, "房交会"))
        self.assertEqual(task["mentions"], ["市住建局", "商务局"])
        self.assertEqual(task["lead_unit_ids"], [7, 9])
        self.assertEqual(task["co_unit_ids"], [])

    def test_it_leaves_a_mention_without_a_unit_in_the_tree_unassigned(self):
        data = drafts.build(seed_doc("003"), {"市统计局": 11})
        _, _, task = drafts.find(data, key_of(data, "房交会"))
        self.assertEqual(task["lead_unit_ids"], [])
        self.assertEqual(drafts.counts(data)["unassigned"], drafts.counts(data)["tasks"])

    def test_its_spans_are_offsets_into_the_source_text(self):
        for prefix in ("000", "003", "004"):
            with self.subTest(seed=prefix):
                assert_spans_match(self, drafts.build(seed_doc(prefix), {}), seed_text(prefix))

    def test_it_counts_areas_tasks_and_targets(self):
        doc = seed_doc("004")
        data = drafts.build(doc, {})
        counts = drafts.counts(data)
        self.assertEqual(counts["tasks"], len(all_tasks(data)))
        self.assertEqual(counts["targets"], sum(1 for t in doc.targets))
        self.assertEqual(counts["dropped"], 0)


class EditTestCase(unittest.TestCase):
    def setUp(self):
        self.text = seed_text("004")
        self.data = drafts.build(seed_doc("004"), {})
        self.key = key_of(self.data, "培育引进龙头企业20家")

    def test_it_edits_the_title(self):
        drafts.edit(self.data, self.key, title="  培育新型农业经营主体  ")
        self.assertEqual(drafts.find(self.data, self.key)[2]["title"], "培育新型农业经营主体")

    def test_it_refuses_an_empty_title(self):
        with self.assertRaisesRegex(DraftError, "任务名称不能为空"):
            drafts.edit(self.data, self.key, title="   ")

    def test_it_sets_lead_and_co_units_without_repeats(self):
        task = drafts.edit(self.data, self.key, lead_unit_ids=[3, 3, 5], co_unit_ids=[5, 8, 8])
        self.assertEqual(task["lead_unit_ids"], [3, 5])
        self.assertEqual(task["co_unit_ids"], [8])  # a lead unit is not also a co-operating one

    def test_it_drops_and_restores_a_task(self):
        before = drafts.counts(self.data)
        drafts.edit(self.data, self.key, dropped=True)
        dropped = drafts.counts(self.data)
        self.assertEqual(dropped["tasks"], before["tasks"] - 1)
        self.assertEqual(dropped["dropped"], 1)
        self.assertEqual(dropped["targets"], before["targets"] - 3)
        self.assertNotIn(self.key, [t["key"] for _, t in drafts.kept_tasks(self.data)])

        drafts.edit(self.data, self.key, dropped=False)
        self.assertEqual(drafts.counts(self.data), before)

    def test_it_reports_an_unknown_key(self):
        with self.assertRaisesRegex(DraftError, "找不到该任务"):
            drafts.edit(self.data, "t9999", title="x")


class MergeTestCase(unittest.TestCase):
    def setUp(self):
        self.text = seed_text("004")
        self.data = drafts.build(seed_doc("004"), {})
        self.first = drafts.find(self.data, key_of(self.data, "培育引进龙头企业20家"))[2]
        self.second = drafts.find(self.data, key_of(self.data, "深化协作帮扶"))[2]
        self.first_targets = [t["text"] for t in self.first["targets"]]
        self.second_targets = [t["text"] for t in self.second["targets"]]

    def test_it_keeps_one_span_covering_both(self):
        start, end = self.first["start"], self.second["end"]
        merged = drafts.merge_with_previous(self.data, self.second["key"], self.text)
        self.assertEqual(merged["key"], self.first["key"])
        self.assertEqual((merged["start"], merged["end"]), (start, end))
        self.assertEqual(merged["text"], self.text[start:end])
        self.assertIn("培育家庭农场100家", merged["text"])
        self.assertIn("销售定西农特产品20亿元以上", merged["text"])

    def test_it_keeps_the_targets_of_both(self):
        merged = drafts.merge_with_previous(self.data, self.second["key"], self.text)
        self.assertEqual([t["text"] for t in merged["targets"]], self.first_targets + self.second_targets)
        self.assertEqual(len(merged["targets"]), 6)

    def test_it_removes_the_merged_task(self):
        tasks = drafts.counts(self.data)["tasks"]
        drafts.merge_with_previous(self.data, self.second["key"], self.text)
        self.assertEqual(drafts.counts(self.data)["tasks"], tasks - 1)
        with self.assertRaises(DraftError):
            drafts.find(self.data, self.second["key"])
        assert_spans_match(self, self.data, self.text)

    def test_it_keeps_the_units_of_both(self):
        drafts.edit(self.data, self.first["key"], lead_unit_ids=[1])
        drafts.edit(self.data, self.second["key"], lead_unit_ids=[2], co_unit_ids=[3])
        merged = drafts.merge_with_previous(self.data, self.second["key"], self.text)
        self.assertEqual(merged["lead_unit_ids"], [1, 2])
        self.assertEqual(merged["co_unit_ids"], [3])

    def test_it_cannot_merge_the_first_task_of_an_area(self):
        area = self.data["areas"][1]
        with self.assertRaisesRegex(DraftError, "第一项任务"):
            drafts.merge_with_previous(self.data, area["tasks"][0]["key"], self.text)

    def test_it_cannot_merge_into_a_dropped_task(self):
        drafts.edit(self.data, self.first["key"], dropped=True)
        with self.assertRaisesRegex(DraftError, "已删除"):
            drafts.merge_with_previous(self.data, self.second["key"], self.text)
        self.assertEqual(len(self.second["targets"]), 3)


class SplitTestCase(unittest.TestCase):
    def setUp(self):
        self.text = seed_text("004")
        self.data = drafts.build(seed_doc("004"), {})
        first = drafts.find(self.data, key_of(self.data, "培育引进龙头企业20家"))[2]
        second = drafts.find(self.data, key_of(self.data, "深化协作帮扶"))[2]
        self.first_span = (first["start"], first["end"])
        self.second_span = (second["start"], second["end"])
        self.merged = drafts.merge_with_previous(self.data, second["key"], self.text)

    def test_it_splits_at_the_end_of_a_sentence(self):
        one, two = drafts.split(self.data, self.merged["key"], self.text)
        self.assertEqual((one["start"], one["end"]), self.first_span)
        self.assertEqual((two["start"], two["end"]), self.second_span)
        self.assertTrue(one["text"].endswith("。"))
        self.assertTrue(two["text"].startswith("深化协作帮扶"))

    def test_each_part_keeps_its_own_targets(self):
        one, two = drafts.split(self.data, self.merged["key"], self.text)
        self.assertEqual(
            [t["text"] for t in one["targets"]],
            ["培育引进龙头企业20家", "规范提升农民专业合作社200家", "培育家庭农场100家"],
        )
        self.assertEqual(len(two["targets"]), 3)
        self.assertTrue(all(t["start"] >= two["start"] for t in two["targets"]))

    def test_it_inserts_the_second_part_after_the_first_with_a_new_key(self):
        one, two = drafts.split(self.data, self.merged["key"], self.text)
        area, i, _ = drafts.find(self.data, one["key"])
        self.assertIs(area["tasks"][i + 1], two)
        keys = [t["key"] for t in all_tasks(self.data)]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertTrue(two["title"].startswith("深化协作帮扶"))
        assert_spans_match(self, self.data, self.text)

    def test_it_cannot_split_a_one_sentence_task(self):
        key = key_of(self.data, "发展壮大富民产业")
        before = drafts.find(self.data, key)[2].copy()
        with self.assertRaisesRegex(DraftError, "只有一句话"):
            drafts.split(self.data, key, self.text)
        self.assertEqual(drafts.find(self.data, key)[2], before)


class AreaTestCase(unittest.TestCase):
    def test_it_splits_a_crowded_area_by_the_headings_below_it(self):
        data = drafts.build(seed_doc("003"), {})
        self.assertLessEqual(max(len(a["tasks"]) for a in data["areas"]), drafts.AREA_MAX_TASKS)
        self.assertIn("1.要在经济运行上求突破", [a["title"] for a in data["areas"]])

    def test_it_keeps_work_items_under_the_heading_above_them(self):
        doc = extract(
            "关于印发2026年民生实事的通知\n一、办好人民满意教育\n"
            "1.新建公办幼儿园6所。（牵头单位：县教育局；完成时限：2026年8月底前）\n"
            "2.改造农村薄弱学校10所。（牵头单位：县教育局；完成时限：2026年12月底前）\n"
            "二、提升医疗服务\n3.建设县域医共体2个。（牵头单位：县卫健局；完成时限：2026年12月底前）\n"
        )
        data = drafts.build(doc, {})
        self.assertEqual(
            [(a["title"], len(a["tasks"])) for a in data["areas"]],
            [("一、办好人民满意教育", 2), ("二、提升医疗服务", 1)],
        )
