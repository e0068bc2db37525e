"""/drafts/<pk>/publish/: the reviewed draft becomes an ordinary published plan, every task and target
keeping its place in the source document."""

import datetime
from decimal import Decimal

from django.test import Client

from apps.audit.models import AuditEvent
from apps.documents import drafts
from apps.documents.models import Draft, SourceDocument
from apps.plans.models import Plan, Target, Task, TaskUnit

from .base import DocumentsTestCase
from .helpers import key_of, seed_text


def reviewed_draft(cls):
    """Seed 004 (a city government work report, 129 targets), reviewed a little: one task renamed and
    given a lead unit, the next one dropped."""
    draft = cls.make_draft("004", title="2026年政府工作报告重点任务")
    cls.farmers = key_of(draft.data, "培育引进龙头企业20家")
    cls.dropped = key_of(draft.data, "深化协作帮扶")
    drafts.edit(draft.data, cls.farmers, title="培育新型农业经营主体", lead_unit_ids=[cls.fgw.pk])
    drafts.edit(draft.data, cls.dropped, dropped=True)
    draft.save(update_fields=["data"])
    return draft


class PublishedPlanTestCase(DocumentsTestCase):
    """The draft published once, with 市住建局 as the default lead unit; the tests look at the result."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = reviewed_draft(cls)
        cls.text = seed_text("004")
        client = Client()
        client.force_login(cls.coordinator)
        response = client.post(f"/drafts/{cls.draft.pk}/publish/", {"default_lead_unit": cls.zjj.pk})
        cls.redirect = (response.status_code, response["Location"])
        cls.published = Plan.objects.exclude(pk=cls.plan.pk).get()
        cls.draft.refresh_from_db()

    def setUp(self):
        self.login(self.coordinator)

    def proposed(self, key):
        return drafts.find(self.draft.data, key)[2]

    def test_it_sends_the_reviewer_to_the_new_plan(self):
        self.assertEqual(self.redirect, (302, f"/plans/{self.published.pk}/"))

    def test_it_creates_a_published_plan(self):
        plan = self.published
        self.assertEqual(plan.title, "2026年政府工作报告重点任务")
        self.assertEqual(plan.year, 2026)
        self.assertEqual(plan.owner_unit, self.city)
        self.assertEqual(plan.status, Plan.Status.PUBLISHED)
        self.assertEqual(plan.source_title, "004.txt")
        self.assertEqual(plan.source_text, self.text)

    def test_it_links_the_draft_to_the_plan_and_keeps_the_document(self):
        plan = self.published
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Draft.Status.PUBLISHED)
        self.assertEqual(self.draft.plan, plan)
        self.assertEqual(plan.draft, self.draft)
        self.assertTrue(SourceDocument.objects.filter(pk=self.draft.document_id, text=self.text).exists())

    def test_it_creates_one_task_per_kept_task_with_its_source_span(self):
        plan = self.published
        kept = [t for _, t in drafts.kept_tasks(self.draft.data)]
        tasks = list(plan.tasks.order_by("source_start"))
        self.assertEqual(len(tasks), len(kept))
        self.assertEqual(
            [(t.source_start, t.source_end) for t in tasks], sorted((t["start"], t["end"]) for t in kept)
        )
        for task in tasks:
            self.assertEqual(task.description, self.text[task.source_start : task.source_end])

    def test_it_groups_the_tasks_into_areas_in_order(self):
        plan = self.published
        areas = list(plan.areas.order_by("order"))
        titles = [a["title"] for a in self.draft.data["areas"]]
        self.assertEqual([a.title for a in areas], titles)
        self.assertEqual([a.order for a in areas], list(range(1, len(areas) + 1)))
        first = plan.tasks.filter(area=areas[0]).get()
        self.assertEqual(first.code, "1.1")

    def test_it_keeps_the_edited_title(self):
        plan = self.published
        task = plan.tasks.get(source_start=self.proposed(self.farmers)["start"])
        self.assertEqual(task.title, "培育新型农业经营主体")
        self.assertIn("培育引进龙头企业20家", task.description)

    def test_it_leaves_out_dropped_tasks(self):
        plan = self.published
        dropped = self.proposed(self.dropped)
        self.assertFalse(plan.tasks.filter(source_start=dropped["start"]).exists())
        self.assertFalse(plan.tasks.filter(description__contains="销售定西农特产品").exists())
        self.assertFalse(Target.objects.filter(task__plan=plan, metric__contains="销售定西农特产品").exists())

    def test_it_creates_the_targets_with_their_source_spans(self):
        plan = self.published
        targets = Target.objects.filter(task__plan=plan)
        self.assertEqual(targets.count(), drafts.counts(self.draft.data)["targets"])
        for target in targets.select_related("task"):
            self.assertEqual(plan.source_text[target.source_start : target.source_end], target_text(target))
            self.assertTrue(target.task.source_start <= target.source_start < target.task.source_end)

    def test_it_reads_each_target(self):
        plan = self.published
        task = plan.tasks.get(title="培育新型农业经营主体")
        self.assertEqual(
            [(t.metric, t.comparator, t.value, t.unit, t.horizon) for t in task.targets.all()],
            [
                ("培育引进龙头企业", "=", Decimal("20"), "家", 2026),
                ("规范提升农民专业合作社", "=", Decimal("200"), "家", 2026),
                ("培育家庭农场", "=", Decimal("100"), "家", 2026),
            ],
        )
        grain = Target.objects.get(task__plan=plan, metric__contains="粮食产量")
        self.assertEqual((grain.comparator, grain.value, grain.unit), (">=", Decimal("165"), "万吨"))

    def test_it_dates_a_target_of_a_later_year_at_the_end_of_that_year(self):
        plan = self.published
        later = Target.objects.filter(task__plan=plan, horizon__gt=2026)
        self.assertTrue(later.exists())
        for target in later:
            self.assertEqual(target.deadline, datetime.date(target.horizon, 12, 31))

    def test_it_gives_the_plan_year_to_every_task(self):
        plan = self.published
        self.assertFalse(plan.tasks.exclude(start_date=datetime.date(2026, 1, 1)).exists())
        self.assertFalse(plan.tasks.filter(due_date__year__gt=2026).exists())

    def test_it_keeps_the_chosen_lead_unit_and_uses_the_default_for_the_rest(self):
        plan = self.published
        task = plan.tasks.get(title="培育新型农业经营主体")
        self.assertEqual(task.lead_units, [self.fgw])
        leads = TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD)
        self.assertEqual(leads.count(), plan.tasks.count())
        self.assertEqual(leads.exclude(task=task).exclude(unit=self.zjj).count(), 0)

    def test_it_shows_the_plan_in_the_ledger(self):
        plan = self.published
        response = self.client.get(f"/plans/{plan.pk}/")
        self.assertContains(response, "2026年政府工作报告重点任务")
        self.assertContains(response, "培育新型农业经营主体")
        self.assertContains(response, "来源：004.txt")
        self.assertContains(self.client.get("/plans/"), "2026年政府工作报告重点任务")

    def test_it_shows_the_source_on_a_task_page(self):
        plan = self.published
        task = plan.tasks.get(title="培育新型农业经营主体")
        response = self.client.get(f"/tasks/{task.pk}/")
        self.assertContains(response, f"<mark>{self.text[task.source_start : task.source_end]}</mark>")
        self.assertContains(response, "原文出处")

    def test_it_shows_the_plan_to_the_lead_units_staff(self):
        plan = self.published
        self.login(self.bob)  # 市住建局: the default lead unit
        self.assertContains(self.client.get(f"/plans/{plan.pk}/"), "2026年政府工作报告重点任务")

    def test_it_records_the_plan_and_its_tasks_in_the_audit_log(self):
        plan = self.published
        events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE)
        plan_event = events.get(object_type="plan", object_id=plan.pk)
        self.assertEqual(plan_event.actor, self.coordinator)
        self.assertEqual(plan_event.changes["title"], [None, "2026年政府工作报告重点任务"])
        task_ids = set(plan.tasks.values_list("pk", flat=True))
        task_events = events.filter(object_type="task", object_id__in=task_ids)
        self.assertEqual(task_events.count(), len(task_ids))
        self.assertFalse(task_events.exclude(actor=self.coordinator).exists())
        target_ids = Target.objects.filter(task__plan=plan).values_list("pk", flat=True)
        self.assertEqual(
            events.filter(object_type="target", object_id__in=target_ids).count(), len(target_ids)
        )
        self.assertEqual(
            events.filter(object_type="area", actor=self.coordinator).count(), plan.areas.count()
        )


class PublishTestCase(DocumentsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = reviewed_draft(cls)

    def setUp(self):
        self.login(self.coordinator)

    def publish(self, default_lead_unit=None):
        data = {"default_lead_unit": default_lead_unit.pk if default_lead_unit else ""}
        return self.client.post(f"/drafts/{self.draft.pk}/publish/", data)

    def test_it_publishes_a_draft_only_once(self):
        draft = self.make_draft("000")
        url = f"/drafts/{draft.pk}/publish/"
        self.client.post(url, {"default_lead_unit": self.zjj.pk})
        plan = Plan.objects.exclude(pk=self.plan.pk).get()
        self.assertRedirects(self.client.get(f"/drafts/{draft.pk}/"), f"/plans/{plan.pk}/")
        response = self.client.post(url, {"default_lead_unit": self.zjj.pk})  # a second click
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Plan.objects.exclude(pk=self.plan.pk).count(), 1)

    def test_it_cannot_discard_a_published_draft(self):
        draft = self.make_draft("000")
        self.client.post(f"/drafts/{draft.pk}/publish/", {"default_lead_unit": self.zjj.pk})
        self.assertEqual(self.client.post(f"/drafts/{draft.pk}/discard/").status_code, 404)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Draft.Status.PUBLISHED)

    def test_it_refuses_unassigned_tasks_without_a_default(self):
        before = self.row_counts()
        audit_rows = AuditEvent.objects.count()
        response = self.publish(None)
        self.assertRedirects(response, f"/drafts/{self.draft.pk}/", fetch_redirect_response=False)
        self.assertEqual(self.row_counts(), before)
        self.assertEqual(AuditEvent.objects.count(), audit_rows)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Draft.Status.REVIEW)
        self.assertIsNone(self.draft.plan)

        page = self.client.get(f"/drafts/{self.draft.pk}/")
        self.assertContains(page, "尚未指定牵头单位")
        self.assertContains(page, "请逐项指定，或选择默认牵头单位后再发布")

    def test_it_publishes_without_a_default_once_every_task_has_a_lead(self):
        draft = self.make_draft("000")
        for _, task in drafts.kept_tasks(draft.data):
            task["lead_unit_ids"] = [self.tjj.pk]
        draft.save(update_fields=["data"])
        response = self.client.post(f"/drafts/{draft.pk}/publish/", {"default_lead_unit": ""})
        plan = Plan.objects.exclude(pk=self.plan.pk).get()
        self.assertRedirects(response, f"/plans/{plan.pk}/")
        self.assertFalse(TaskUnit.objects.filter(task__plan=plan).exclude(unit=self.tjj).exists())

    def test_it_refuses_a_default_unit_outside_the_jurisdiction(self):
        draft = self.make_draft("000", owner_unit=self.county)
        self.login(self.county_coordinator)
        before = self.row_counts()
        response = self.client.post(f"/drafts/{draft.pk}/publish/", {"default_lead_unit": self.zjj.pk})
        self.assertRedirects(response, f"/drafts/{draft.pk}/")
        self.assertEqual(self.row_counts(), before)


class SuggestedLeadUnitTestCase(DocumentsTestCase):
    def test_it_makes_the_unit_a_task_names_its_lead_unit(self):
        # seed 003: “请市住建局、商务局牵头组织好房交会、车展会。”; 市住建局 is in the tree, 商务局 is not
        draft = self.make_draft("003")
        key = key_of(draft.data, "房交会")
        self.assertEqual(drafts.find(draft.data, key)[2]["lead_unit_ids"], [self.zjj.pk])

        self.login(self.coordinator)
        self.client.post(f"/drafts/{draft.pk}/publish/", {"default_lead_unit": self.gov.pk})
        task = Task.objects.get(description__contains="房交会")
        self.assertEqual(task.lead_units, [self.zjj])
        self.assertEqual(
            Task.objects.filter(plan=task.plan).exclude(pk=task.pk).first().lead_units, [self.gov]
        )


def target_text(target: Target) -> str:
    """The text the engine found for a target: the source between its offsets, as the plan keeps it."""
    return target.task.plan.source_text[target.source_start : target.source_end]


class PublishedDatesAndUnitsTestCase(DocumentsTestCase):
    """Each published task is due when the reviewed draft says, and carries its lead and co units."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_draft("000")
        tasks = [t for _, t in drafts.kept_tasks(cls.draft.data)]
        cls.keys = [t["key"] for t in tasks[:4]]
        due, phrase, ongoing, none = tasks[:4]
        due.update(deadline="年中", due="2026-07-15")  # the engine's date wins over the phrase
        phrase.update(deadline="三季度", due=None)
        ongoing.update(deadline="长期坚持", due=None)
        none.update(deadline=None, due=None)
        drafts.edit(
            cls.draft.data, due["key"], lead_unit_ids=[cls.fgw.pk], co_unit_ids=[cls.zjj.pk, cls.tjj.pk]
        )
        cls.draft.save(update_fields=["data"])

    def setUp(self):
        self.login(self.coordinator)
        self.client.post(f"/drafts/{self.draft.pk}/publish/", {"default_lead_unit": self.gov.pk})
        self.draft.refresh_from_db()
        starts = {drafts.find(self.draft.data, k)[2]["start"]: k for k in self.keys}
        tasks = Task.objects.filter(plan=self.draft.plan, source_start__in=starts).prefetch_related(
            "links__unit"
        )
        self.tasks = {starts[t.source_start]: t for t in tasks}

    def published(self, n):
        return self.tasks[self.keys[n]]

    def test_it_sets_the_due_date_from_the_engines_date(self):
        self.assertEqual(self.published(0).due_date, datetime.date(2026, 7, 15))

    def test_it_sets_the_due_date_from_the_deadline_phrase(self):
        self.assertEqual(self.published(1).due_date, datetime.date(2026, 9, 30))

    def test_it_sets_an_ongoing_task_due_at_the_years_end(self):
        self.assertEqual(self.published(2).due_date, datetime.date(2026, 12, 31))

    def test_it_sets_a_task_without_a_deadline_due_at_the_years_end(self):
        self.assertEqual(self.published(3).due_date, datetime.date(2026, 12, 31))

    def test_it_sets_the_lead_and_co_units(self):
        task = self.published(0)
        self.assertEqual(task.lead_units, [self.fgw])
        self.assertEqual(sorted(u.name for u in task.co_units), ["市住建局", "市统计局"])

    def test_it_gives_a_task_without_a_lead_unit_the_default_one(self):
        self.assertEqual(self.published(1).lead_units, [self.gov])
