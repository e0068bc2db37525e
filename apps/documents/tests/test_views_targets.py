"""/drafts/<pk>/tasks/<key>/targets/<target>/<action>/: the reviewer adds, edits, removes and restores
the targets of a proposed task."""

from apps.documents import drafts
from apps.plans.models import Target

from .base import DocumentsTestCase
from .helpers import key_of

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW = {"metric": "新增城镇就业", "comparator": ">=", "value": "1.2", "unit": "万人", "deadline": "年底前"}


class TargetActionTestCase(DocumentsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_draft("000")

    def setUp(self):
        self.login(self.coordinator)
        self.key = key_of(self.draft.data, "深化要素市场化改革")

    def url(self, target, action):
        return f"/drafts/{self.draft.pk}/tasks/{self.key}/targets/{target}/{action}/"

    def targets(self):
        self.draft.refresh_from_db()
        return drafts.find(self.draft.data, self.key)[2]["targets"]

    def add(self, **changes):
        return self.client.post(self.url("new", "save"), {**NEW, **changes}, **HTMX)

    def test_it_adds_a_target(self):
        response = self.add()
        target = self.targets()[-1]
        self.assertEqual(
            (target["metric"], target["value"], target["due"]), ("新增城镇就业", 1.2, "2026-12-31")
        )
        self.assertContains(response, "新增城镇就业 ≥ 1.2万人（2026-12-31，年底前）")

    def test_it_edits_a_target(self):
        self.add()
        key = self.targets()[-1]["key"]
        self.client.post(self.url(key, "save"), {**NEW, "value": "1.5", "comparator": ">"}, **HTMX)
        self.assertEqual((self.targets()[-1]["value"], self.targets()[-1]["comparator"]), (1.5, ">"))

    def test_it_keeps_what_was_typed_when_the_value_is_not_a_number(self):
        response = self.add(value="1.2万")
        self.assertContains(response, "目标值“1.2万”不是数字")
        self.assertContains(response, 'value="1.2万"')
        self.assertEqual(self.targets(), [])

    def test_it_removes_and_restores_a_target(self):
        self.add()
        key = self.targets()[-1]["key"]
        response = self.client.post(self.url(key, "drop"), **HTMX)
        self.assertTrue(self.targets()[-1]["dropped"])
        self.assertContains(response, "恢复指标")
        self.client.post(self.url(key, "restore"), **HTMX)
        self.assertFalse(self.targets()[-1]["dropped"])

    def test_it_publishes_the_kept_targets_only(self):
        self.add()
        self.add(metric="新建学校", value="3", unit="所", deadline="")
        self.client.post(self.url(self.targets()[-1]["key"], "drop"), **HTMX)
        self.client.post(f"/drafts/{self.draft.pk}/publish/", {"default_lead_unit": self.gov.pk})
        target = Target.objects.get(metric="新增城镇就业")
        self.assertEqual(
            (str(target.value), target.unit, str(target.deadline)), ("1.2000", "万人", "2026-12-31")
        )
        self.assertFalse(Target.objects.filter(metric="新建学校").exists())

    def test_it_answers_404_for_an_unknown_action(self):
        self.assertEqual(self.client.post(self.url("new", "drop"), **HTMX).status_code, 404)
        self.assertEqual(self.client.post(self.url("g1", "move"), **HTMX).status_code, 404)

    def test_it_explains_an_unknown_target(self):
        self.assertContains(self.client.post(self.url("g999", "drop"), **HTMX), "找不到该指标")

    def test_it_dates_an_edited_target_in_the_year_it_is_set_for(self):
        self.add()
        self.draft.refresh_from_db()
        target = drafts.find(self.draft.data, self.key)[2]["targets"][-1]
        target["horizon"] = 2030  # 到2030年…
        self.draft.save(update_fields=["data"])
        self.client.post(self.url(target["key"], "save"), {**NEW, "deadline": "年底前"}, **HTMX)
        self.assertEqual(self.targets()[-1]["due"], "2030-12-31")
