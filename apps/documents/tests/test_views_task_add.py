"""/drafts/<pk>/tasks/new/: a task the engine missed, added to an area by the reviewer."""

from apps.documents import drafts
from apps.plans.models import Task

from .base import HTMX, DraftTestCase


class TaskAddTestCase(DraftTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/drafts/{self.draft.pk}/tasks/new/"
        self.area = self.draft.data["areas"][1]

    def post(self, **data):
        return self.client.post(self.url, {"area": self.area["key"], **data}, **HTMX)

    def last_task(self):
        self.draft.refresh_from_db()
        area = next(a for a in self.draft.data["areas"] if a["key"] == self.area["key"])
        return area["tasks"][-1]

    def test_it_adds_the_task_at_the_end_of_the_area(self):
        response = self.post(
            title="建设城市数字底座", text="建设城市数字底座，推进数据共享", deadline="10月底前"
        )
        task = self.last_task()
        self.assertEqual(
            (task["title"], task["text"], task["due"]),
            ("建设城市数字底座", "建设城市数字底座，推进数据共享", "2026-10-31"),
        )
        self.assertContains(response, 'value="建设城市数字底座"')
        self.assertContains(response, "手工添加")

    def test_it_needs_a_title_and_keeps_what_was_typed(self):
        response = self.post(title="", text="推进数据共享", deadline="10月底前")
        self.assertContains(response, "任务名称不能为空")
        self.assertContains(response, "推进数据共享</textarea>")
        self.assertContains(response, 'value="10月底前"')
        self.assertNotEqual(self.last_task()["text"], "推进数据共享")

    def test_it_explains_a_deadline_it_cannot_read(self):
        response = self.post(title="建设城市数字底座", deadline="尽快")
        self.assertContains(response, "无法识别完成时限“尽快”")

    def test_it_publishes_the_added_task_with_its_text_and_due_date(self):
        self.post(title="建设城市数字底座", text="推进数据共享", deadline="2026-10-15")
        self.client.post(f"/drafts/{self.draft.pk}/publish/", {"default_lead_unit": self.gov.pk})
        task = Task.objects.get(title="建设城市数字底座")
        self.assertEqual((task.description, str(task.due_date)), ("推进数据共享", "2026-10-15"))
        self.assertIsNone(task.source_start)

    def test_it_does_not_mark_the_added_task_in_the_source(self):
        self.post(title="建设城市数字底座")
        response = self.client.get(f"/drafts/{self.draft.pk}/")
        kept = drafts.counts(self.last_draft_data())["tasks"]
        self.assertContains(response, "<mark ", count=kept - 1)

    def last_draft_data(self):
        self.draft.refresh_from_db()
        return self.draft.data
