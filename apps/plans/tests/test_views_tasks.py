import datetime

import time_machine
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.plans.models import Milestone, Target, Task
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 4, 1, 8, 0, tzinfo=datetime.UTC)


def task_form(t, **overrides):
    data = {
        "area": t.area.pk,
        "code": "1.1",
        "title": "建成高标准农田20万亩",
        "description": "深化要素市场化改革，建成高标准农田20万亩",
        "leader": "张副市长",
        "start_date": "2026-01-01",
        "due_date": "2026-12-31",
        "kind": "reform",
        "priority": 2,
        "lead_units": [t.fgw.pk],
        "co_units": [t.zjj.pk],
    }
    data.update(overrides)
    return data


def events(obj, action=None):
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return rows.filter(action=action) if action else rows


class TaskCreateTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_it_creates_a_task_with_lead_and_co_units(self):
        data = task_form(self, code="1.2", title="新建保障性住房1000套", lead_units=[self.zjj.pk])
        data["co_units"] = [self.fgw.pk, self.tjj.pk]
        response = self.client.post(f"/plans/{self.plan.pk}/tasks/new/", data)

        task = Task.objects.get(title="新建保障性住房1000套")
        self.assertRedirects(response, f"/tasks/{task.pk}/")
        self.assertEqual([u.name for u in task.lead_units], ["市住建局"])
        self.assertEqual([u.name for u in task.co_units], ["市发改委", "市统计局"])
        event = events(task, AuditEvent.Action.CREATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["title"], [None, "新建保障性住房1000套"])
        self.assertEqual(event.changes["lead_units"], [[], ["市住建局"]])
        self.assertEqual(event.changes["co_units"], [[], ["市发改委", "市统计局"]])

    def test_it_refuses_the_same_unit_as_lead_and_co_unit(self):
        data = task_form(self, title="重复单位的任务", co_units=[self.fgw.pk])
        response = self.client.post(f"/plans/{self.plan.pk}/tasks/new/", data)
        self.assertContains(response, "同一单位不能既是牵头单位又是配合单位：市发改委", status_code=400)
        self.assertFalse(Task.objects.filter(title="重复单位的任务").exists())

    def test_it_requires_a_lead_unit(self):
        response = self.client.post(
            f"/plans/{self.plan.pk}/tasks/new/", task_form(self, title="无牵头单位", lead_units=[])
        )
        self.assertContains(response, "这个字段是必填项。", status_code=400)

    def test_it_refuses_a_due_date_before_the_start(self):
        data = task_form(self, title="时限倒置", start_date="2026-06-01", due_date="2026-05-01")
        response = self.client.post(f"/plans/{self.plan.pk}/tasks/new/", data)
        self.assertContains(response, "完成时限不能早于开始日期", status_code=400)

    def test_it_forbids_the_lead_units_reporter(self):
        response = self.client.post(f"/plans/{self.plan.pk}/tasks/new/", task_form(self, title="越权"))
        self.assertEqual(response.status_code, 302)  # sanity: the coordinator may
        self.login(self.alice)
        response = self.client.post(f"/plans/{self.plan.pk}/tasks/new/", task_form(self, title="越权2"))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Task.objects.filter(title="越权2").exists())


class TaskEditTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_it_records_changed_fields_and_units(self):
        data = task_form(self, leader="李副市长", due_date="2026-10-31", co_units=[self.tjj.pk])
        response = self.client.post(f"/tasks/{self.task.pk}/edit/", data)
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")

        self.task.refresh_from_db()
        self.assertEqual(self.task.leader, "李副市长")
        self.assertEqual(self.task.due_date, datetime.date(2026, 10, 31))
        self.assertEqual([u.name for u in self.task.co_units], ["市统计局"])
        event = events(self.task, AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.changes["leader"], ["张副市长", "李副市长"])
        self.assertEqual(event.changes["due_date"], ["2026-12-31", "2026-10-31"])
        self.assertEqual(event.changes["co_units"], [["市住建局"], ["市统计局"]])
        self.assertNotIn("lead_units", event.changes)
        self.assertNotIn("title", event.changes)

    def test_it_refuses_the_same_unit_as_lead_and_co_unit(self):
        data = task_form(self, co_units=[self.zjj.pk, self.fgw.pk])
        response = self.client.post(f"/tasks/{self.task.pk}/edit/", data)
        self.assertContains(response, "同一单位不能既是牵头单位又是配合单位", status_code=400)
        self.assertEqual([u.name for u in self.task.co_units], ["市住建局"])

    def test_it_lets_the_units_see_the_moved_task(self):
        self.client.post(f"/tasks/{self.task.pk}/edit/", task_form(self, co_units=[self.tjj.pk]))
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"/tasks/{self.task.pk}/").status_code, 200)
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/tasks/{self.task.pk}/").status_code, 404)


class TaskArchiveTestCase(BaseTestCase):
    @time_machine.travel(NOW, tick=False)
    def test_it_archives_and_restores_a_task(self):
        self.login(self.coordinator)
        response = self.client.post(f"/tasks/{self.task.pk}/archive/")
        self.assertRedirects(response, f"/plans/{self.plan.pk}/")
        self.task.refresh_from_db()
        self.assertEqual(self.task.archived_at, NOW)
        self.assertNotContains(self.client.get(f"/plans/{self.plan.pk}/"), "建成高标准农田20万亩")

        # the coordinator still reaches it to restore it; its units no longer see it
        self.assertContains(self.client.get(f"/tasks/{self.task.pk}/"), "已归档")
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/tasks/{self.task.pk}/").status_code, 404)

        self.login(self.coordinator)
        response = self.client.post(f"/tasks/{self.task.pk}/restore/")
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        self.task.refresh_from_db()
        self.assertIsNone(self.task.archived_at)
        self.assertEqual(
            list(events(self.task).values_list("action", flat=True)),
            [AuditEvent.Action.RESTORE, AuditEvent.Action.ARCHIVE],
        )

    def test_it_hides_an_archived_task_from_a_leader(self):
        self.task.archived_at = timezone.now()
        self.task.save(update_fields=["archived_at"])
        self.login(self.leader)
        self.assertEqual(self.client.get(f"/tasks/{self.task.pk}/").status_code, 404)


class TaskDetailTestCase(BaseTestCase):
    def test_it_shows_the_task_with_its_units_targets_and_milestones(self):
        self.login(self.bob)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertContains(response, "1.1 建成高标准农田20万亩")
        self.assertContains(response, "市发改委")
        self.assertContains(response, "市住建局")
        self.assertContains(response, "高标准农田")
        self.assertContains(response, "完成年度任务过半")
        self.assertContains(response, "暂无记录。")

    def test_it_shows_the_history_of_the_task_its_targets_and_milestones(self):
        self.login(self.coordinator)
        self.client.post(f"/tasks/{self.task.pk}/edit/", task_form(self, leader="李副市长"))
        self.client.post(
            f"/targets/{self.target.pk}/edit/",
            {"metric": "高标准农田", "comparator": ">=", "value": "25", "unit": "万亩", "horizon": 2026},
        )
        self.login(self.alice)
        self.client.post(f"/milestones/{self.milestone.pk}/done/", {"done_on": "2026-06-20"})

        response = self.client.get(f"/tasks/{self.task.pk}/")
        history = list(response.context["history"])
        self.assertEqual([e.object_type for e in history], ["milestone", "target", "task"])
        self.assertContains(response, "<b>责任领导</b>：张副市长 → 李副市长", html=False)
        self.assertContains(response, "<b>目标值</b>：20 → 25", html=False)
        self.assertContains(response, "<b>完成日期</b>：（空） → 2026-06-20", html=False)

    def test_it_offers_management_links_to_the_coordinator_only(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get(f"/tasks/{self.task.pk}/"), f"/tasks/{self.task.pk}/edit/")
        self.login(self.alice)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertNotContains(response, f"/tasks/{self.task.pk}/edit/")
        self.assertContains(response, f"/milestones/{self.milestone.pk}/done/")
        self.login(self.leader)
        self.assertNotContains(self.client.get(f"/tasks/{self.task.pk}/"), "登记完成")


class TargetTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.coordinator)

    def test_it_creates_a_target(self):
        data = {"metric": "新增就业", "comparator": ">=", "value": "1.2", "unit": "万人", "horizon": 2026}
        response = self.client.post(f"/tasks/{self.task.pk}/targets/new/", data)
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        target = Target.objects.get(metric="新增就业")
        self.assertEqual(target.task, self.task)
        event = events(target, AuditEvent.Action.CREATE).get()
        self.assertEqual(event.changes["value"], [None, "1.2"])

    def test_it_edits_a_target_with_before_and_after(self):
        data = {"metric": "高标准农田", "comparator": ">=", "value": "22.5", "unit": "万亩", "horizon": 2026}
        response = self.client.post(f"/targets/{self.target.pk}/edit/", data)
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        self.target.refresh_from_db()
        self.assertEqual(str(self.target.value.normalize()), "22.5")
        event = events(self.target, AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.changes, {"value": ["20", "22.5"]})

    def test_it_refuses_a_target_without_a_value(self):
        response = self.client.post(
            f"/tasks/{self.task.pk}/targets/new/", {"metric": "空值", "comparator": "="}
        )
        self.assertContains(response, "这个字段是必填项。", status_code=400)

    def test_it_archives_a_target(self):
        response = self.client.post(f"/targets/{self.target.pk}/archive/")
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        self.target.refresh_from_db()
        self.assertIsNotNone(self.target.archived_at)
        self.assertTrue(events(self.target, AuditEvent.Action.ARCHIVE).exists())
        self.assertEqual(self.client.get(f"/targets/{self.target.pk}/edit/").status_code, 404)


class MilestoneTestCase(BaseTestCase):
    def test_it_creates_edits_and_archives_a_milestone(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/tasks/{self.task.pk}/milestones/new/",
            {"due_date": "2026-09-30", "deliverable": "完成三季度任务"},
        )
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        milestone = Milestone.objects.get(deliverable="完成三季度任务")

        self.client.post(
            f"/milestones/{milestone.pk}/edit/", {"due_date": "2026-10-15", "deliverable": "完成三季度任务"}
        )
        milestone.refresh_from_db()
        self.assertEqual(milestone.due_date, datetime.date(2026, 10, 15))

        self.client.post(f"/milestones/{milestone.pk}/archive/")
        milestone.refresh_from_db()
        self.assertIsNotNone(milestone.archived_at)
        self.assertEqual(
            list(events(milestone).order_by("id").values_list("action", flat=True)),
            [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.ARCHIVE],
        )


class MilestoneDoneTestCase(BaseTestCase):
    def test_it_lets_the_lead_units_reporter_record_completion(self):
        self.login(self.alice)
        response = self.client.post(f"/milestones/{self.milestone.pk}/done/", {"done_on": "2026-06-20"})
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.done_on, datetime.date(2026, 6, 20))
        event = events(self.milestone, AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.changes, {"done_on": [None, "2026-06-20"]})

    def test_it_lets_the_co_units_reporter_record_completion(self):
        self.login(self.bob)
        response = self.client.post(f"/milestones/{self.milestone.pk}/done/", {"done_on": "2026-06-25"})
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.done_on, datetime.date(2026, 6, 25))

    def test_it_changes_nothing_but_the_completion_date(self):
        self.login(self.alice)
        self.client.post(
            f"/milestones/{self.milestone.pk}/done/",
            {"done_on": "2026-06-20", "deliverable": "篡改", "due_date": "2027-01-01"},
        )
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.deliverable, "完成年度任务过半")
        self.assertEqual(self.milestone.due_date, datetime.date(2026, 6, 30))

    def test_it_hides_the_milestone_from_an_outsider(self):
        self.login(self.charlie)
        response = self.client.post(f"/milestones/{self.milestone.pk}/done/", {"done_on": "2026-06-20"})
        self.assertEqual(response.status_code, 404)
        self.milestone.refresh_from_db()
        self.assertIsNone(self.milestone.done_on)

    def test_it_forbids_a_leader_who_only_oversees(self):
        self.login(self.leader)
        response = self.client.post(f"/milestones/{self.milestone.pk}/done/", {"done_on": "2026-06-20"})
        self.assertEqual(response.status_code, 403)
