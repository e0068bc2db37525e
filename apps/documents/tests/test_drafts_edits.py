"""drafts: what a draft keeps of the engine's deadlines, confidence and unit names, and the reviewer's edits
of deadlines, tasks, targets and units. Pure functions: no database."""

from unittest import TestCase

from apps.documents import drafts
from apps.plans.models import Target as TargetModel
from extractor import Document, Node, Target, Task

TEXT = "一、稳增长\n要加快项目建设。市发改委牵头，市大数据局配合。新建高标准农田50万亩以上。\n"
UNITS = {"市发展和改革委员会": 1, "市财政局": 2, "市住房和城乡建设局": 3}


def document(*, confidence=1.0, target_confidence=1.0, deadline="6月底前", due=None, plan_year=2026):
    doc = Document(text=TEXT, plan_year=plan_year)
    doc.outline = [Node(id="n1", title="一、稳增长", start=0, end=len(TEXT), level=1, kind="plan")]
    doc.tasks = [
        Task(
            id="t1",
            node_id="n1",
            title="要加快项目建设",
            text="要加快项目建设。",
            start=6,
            end=14,
            lead_units=["市发改委"],
            co_units=["市大数据局"],
            deadline=deadline,
            due=due,
            confidence=confidence,
        )
    ]
    doc.targets = [
        Target(
            text="新建高标准农田50万亩以上",
            start=30,
            end=43,
            metric="新建高标准农田",
            value=50,
            unit="万亩",
            comparator=">=",
            task_id="t1",
            confidence=target_confidence,
        )
    ]
    return doc


def task_of(data):
    return data["areas"][0]["tasks"][0]


class BuildTestCase(TestCase):
    def test_it_pre_assigns_the_units_that_match_the_tree(self):
        task = task_of(drafts.build(document(), UNITS, 2026))
        self.assertEqual(task["lead_unit_ids"], [1])
        self.assertEqual(task["co_unit_ids"], [])

    def test_it_keeps_the_names_that_match_no_unit_visible(self):
        task = task_of(drafts.build(document(), UNITS, 2026))
        self.assertEqual(task["mentions"], ["市发改委", "市大数据局"])
        self.assertEqual(task["unmatched"], ["市大数据局"])

    def test_it_takes_the_engines_due_date(self):
        task = task_of(drafts.build(document(deadline="年中", due="2026-07-15"), UNITS, 2026))
        self.assertEqual((task["deadline"], task["due"]), ("年中", "2026-07-15"))

    def test_it_dates_the_deadline_phrase_when_the_engine_gives_no_date(self):
        task = task_of(drafts.build(document(deadline="6月底前"), UNITS, 2026))
        self.assertEqual(task["due"], "2026-06-30")

    def test_it_keeps_an_ongoing_deadline_without_a_date(self):
        task = task_of(drafts.build(document(deadline="长期坚持"), UNITS, 2026))
        self.assertEqual((task["deadline"], task["due"]), ("长期坚持", None))

    def test_it_drops_a_task_the_engine_doubts_but_keeps_it_restorable(self):
        data = drafts.build(document(confidence=0.3), UNITS, 2026)
        task = task_of(data)
        self.assertTrue(task["dropped"])
        self.assertEqual(task["confidence"], 0.3)
        drafts.edit(data, task["key"], dropped=False)
        self.assertFalse(task_of(data)["dropped"])

    def test_it_keeps_a_task_at_the_threshold(self):
        self.assertFalse(task_of(drafts.build(document(confidence=0.5), UNITS, 2026))["dropped"])

    def test_it_drops_a_doubtful_target_and_leaves_it_out_of_the_counts(self):
        data = drafts.build(document(target_confidence=0.2), UNITS, 2026)
        target = task_of(data)["targets"][0]
        self.assertTrue(target["dropped"])
        self.assertEqual(drafts.counts(data)["targets"], 0)
        self.assertEqual(drafts.counts(data)["doubtful"], 1)

    def test_it_gives_a_target_without_a_year_the_drafts_year(self):
        data = drafts.build(document(plan_year=None), UNITS, 2025)
        self.assertEqual(task_of(data)["targets"][0]["horizon"], 2025)

    def test_it_gives_every_target_a_key(self):
        self.assertEqual(task_of(drafts.build(document(), UNITS, 2026))["targets"][0]["key"], "g1")

    def test_it_upgrades_a_draft_built_before_targets_had_keys(self):
        data = drafts.build(document(), UNITS, 2026)
        for field in ("key", "due", "confidence", "dropped"):
            del task_of(data)["targets"][0][field]
        del task_of(data)["unmatched"]
        drafts.upgrade(data)
        self.assertEqual(task_of(data)["targets"][0]["key"], "g1")
        self.assertFalse(task_of(data)["targets"][0]["dropped"])
        self.assertEqual(task_of(data)["unmatched"], [])


class DeadlineTestCase(TestCase):
    def test_it_reads_a_date(self):
        self.assertEqual(drafts.normalise_deadline("2026-09-30", 2026), ("2026-09-30", "2026-09-30"))

    def test_it_reads_a_chinese_date(self):
        self.assertEqual(drafts.normalise_deadline("2026年9月3日", 2026)[1], "2026-09-03")

    def test_it_dates_a_phrase_in_the_drafts_year(self):
        self.assertEqual(drafts.normalise_deadline("三季度", 2027), ("三季度", "2027-09-30"))

    def test_it_keeps_an_ongoing_phrase_without_a_date(self):
        self.assertEqual(drafts.normalise_deadline("持续推进", 2026), ("持续推进", None))

    def test_it_clears_an_empty_deadline(self):
        self.assertEqual(drafts.normalise_deadline("  ", 2026), (None, None))

    def test_it_refuses_a_date_that_does_not_exist(self):
        with self.assertRaisesRegex(drafts.DraftError, "日期“2026-02-30”不存在"):
            drafts.normalise_deadline("2026-02-30", 2026)

    def test_it_refuses_a_phrase_it_cannot_read_and_says_what_it_accepts(self):
        with self.assertRaisesRegex(drafts.DraftError, "无法识别完成时限“尽快”.*长期坚持"):
            drafts.normalise_deadline("尽快", 2026)


class TaskEditTestCase(TestCase):
    def setUp(self):
        self.data = drafts.build(document(), UNITS, 2026)
        self.key = task_of(self.data)["key"]

    def test_it_sets_the_deadline_and_its_date(self):
        drafts.edit(self.data, self.key, deadline="9月底前", year=2026)
        self.assertEqual(
            (task_of(self.data)["deadline"], task_of(self.data)["due"]), ("9月底前", "2026-09-30")
        )

    def test_it_leaves_the_deadline_alone_when_it_is_unchanged(self):
        task_of(self.data)["deadline"] = "按上级要求"  # as the engine wrote it: no date to read
        drafts.edit(self.data, self.key, title="新名称", deadline="按上级要求", year=2026)
        self.assertEqual(task_of(self.data)["title"], "新名称")

    def test_it_changes_nothing_when_the_deadline_is_refused(self):
        with self.assertRaises(drafts.DraftError):
            drafts.edit(self.data, self.key, title="新名称", deadline="尽快", year=2026)
        self.assertEqual(task_of(self.data)["title"], "要加快项目建设")
        self.assertEqual(task_of(self.data)["deadline"], "6月底前")

    def test_it_adds_a_task_to_an_area_without_a_source_span(self):
        task = drafts.add_task(self.data, "a1", title=" 建设智慧城市 ", deadline="年底前", year=2026)
        self.assertEqual(self.data["areas"][0]["tasks"][-1], task)
        self.assertEqual((task["key"], task["title"], task["start"]), ("t2", "建设智慧城市", None))
        self.assertEqual(task["due"], "2026-12-31")

    def test_it_refuses_a_task_without_a_title(self):
        with self.assertRaisesRegex(drafts.DraftError, "任务名称不能为空"):
            drafts.add_task(self.data, "a1", title=" ", year=2026)

    def test_it_refuses_a_task_for_an_unknown_area(self):
        with self.assertRaisesRegex(drafts.DraftError, "找不到该领域"):
            drafts.add_task(self.data, "a9", title="建设智慧城市", year=2026)

    def test_it_adds_the_first_task_of_a_draft_without_areas(self):
        data = {"areas": []}
        drafts.add_task(data, "new", title="建设智慧城市", year=2026)
        self.assertEqual(data["areas"][0]["title"], "未分领域")

    def test_it_cannot_split_an_added_task(self):
        task = drafts.add_task(self.data, "a1", title="建设智慧城市", year=2026)
        with self.assertRaisesRegex(drafts.DraftError, "手工添加的任务"):
            drafts.split(self.data, task["key"], TEXT)


class AssignTestCase(TestCase):
    def setUp(self):
        self.data = drafts.build(document(), UNITS, 2026)
        drafts.add_task(self.data, "a1", title="建设智慧城市", year=2026)
        self.keys = [t["key"] for t in self.data["areas"][0]["tasks"]]

    def test_it_gives_every_selected_task_the_lead_unit(self):
        drafts.assign(self.data, self.keys, lead_unit_id=2)
        self.assertEqual([t["lead_unit_ids"] for t in self.data["areas"][0]["tasks"]], [[2], [2]])

    def test_it_adds_co_units_without_repeats_or_the_lead(self):
        drafts.edit(self.data, self.keys[0], co_unit_ids=[3])
        drafts.assign(self.data, self.keys, co_unit_ids=[3, 1])
        tasks = self.data["areas"][0]["tasks"]
        self.assertEqual([t["co_unit_ids"] for t in tasks], [[3], [3, 1]])

    def test_it_needs_a_selection(self):
        with self.assertRaisesRegex(drafts.DraftError, "请先勾选"):
            drafts.assign(self.data, [], lead_unit_id=2)

    def test_it_needs_a_unit(self):
        with self.assertRaisesRegex(drafts.DraftError, "请选择牵头单位或配合单位"):
            drafts.assign(self.data, self.keys)

    def test_it_refuses_a_dropped_task_and_changes_none(self):
        drafts.edit(self.data, self.keys[1], dropped=True)
        with self.assertRaisesRegex(drafts.DraftError, "已删除"):
            drafts.assign(self.data, self.keys, lead_unit_id=2)
        self.assertEqual(task_of(self.data)["lead_unit_ids"], [1])


class TargetEditTestCase(TestCase):
    def setUp(self):
        self.data = drafts.build(document(), UNITS, 2026)
        self.key = task_of(self.data)["key"]

    def fields(self, **changes):
        values = {"metric": "新增就业", "comparator": ">=", "value": "1.2", "unit": "万人", "deadline": ""}
        return drafts.target_fields(**{**values, **changes}, year=2026)

    def test_its_comparators_are_the_models(self):
        self.assertEqual(list(drafts.COMPARATORS), TargetModel.Comparator.values)

    def test_it_adds_a_target(self):
        target = drafts.add_target(self.data, self.key, self.fields(deadline="年底前"), year=2026)
        self.assertEqual(task_of(self.data)["targets"][-1], target)
        self.assertEqual((target["key"], target["value"], target["due"]), ("g2", 1.2, "2026-12-31"))

    def test_it_edits_a_target(self):
        drafts.edit_target(
            self.data, self.key, "g1", self.fields(metric="高标准农田", value="60", unit="万亩")
        )
        target = task_of(self.data)["targets"][0]
        self.assertEqual((target["metric"], target["value"], target["unit"]), ("高标准农田", 60.0, "万亩"))
        self.assertEqual(target["start"], 30)  # it keeps its place in the source

    def test_it_removes_and_restores_a_target(self):
        drafts.drop_target(self.data, self.key, "g1", True)
        self.assertEqual(drafts.counts(self.data)["targets"], 0)
        drafts.drop_target(self.data, self.key, "g1", False)
        self.assertEqual(drafts.counts(self.data)["targets"], 1)

    def test_it_refuses_a_value_that_is_not_a_number(self):
        with self.assertRaisesRegex(drafts.DraftError, "目标值“20万”不是数字"):
            self.fields(value="20万")

    def test_it_reads_a_value_with_thousands_separators(self):
        self.assertEqual(self.fields(value="1,200")["value"], 1200.0)

    def test_it_refuses_an_unknown_comparator(self):
        with self.assertRaisesRegex(drafts.DraftError, "请选择比较方式"):
            self.fields(comparator="range")

    def test_it_refuses_a_target_without_a_metric(self):
        with self.assertRaisesRegex(drafts.DraftError, "指标名称不能为空"):
            self.fields(metric="")

    def test_it_reports_an_unknown_target(self):
        with self.assertRaisesRegex(drafts.DraftError, "找不到该指标"):
            drafts.edit_target(self.data, self.key, "g9", self.fields())
