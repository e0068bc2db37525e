from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from luoshi.test import BaseTestCase


class AuditLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        audit.update(cls.task, {"leader": "李副市长"}, actor=cls.coordinator)
        audit.record(
            None, AuditEvent.Action.LOGIN_FAILED, object_type="user", actor_name="mallory", ip="10.6.6.6"
        )

    def test_it_shows_every_event_to_the_admin(self):
        self.login(self.admin)
        response = self.client.get("/audit/")
        self.assertContains(response, "留痕日志")
        self.assertContains(response, "<b>责任领导</b>：张副市长 → 李副市长", html=False)
        self.assertContains(response, "登录失败")
        self.assertContains(response, "mallory")

    def test_it_labels_a_task_title_as_a_task_name_not_a_plan_name(self):
        audit.update(self.task, {"title": "建成高标准农田25万亩"}, actor=self.coordinator)
        self.login(self.admin)
        response = self.client.get("/audit/")
        self.assertContains(
            response, "<b>任务名称</b>：建成高标准农田20万亩 → 建成高标准农田25万亩", html=False
        )
        self.assertNotContains(response, "<b>计划名称</b>", html=False)

    def test_it_shows_a_choice_by_its_label_not_its_raw_value(self):
        audit.update(self.task, {"kind": "routine"}, actor=self.coordinator)
        self.login(self.admin)
        response = self.client.get("/audit/")
        self.assertContains(response, "<b>类型</b>：改革 → 常规", html=False)

    def test_it_labels_a_targets_measurement_unit_and_shows_its_comparator(self):
        audit.update(self.target, {"unit": "亩", "comparator": ">"}, actor=self.coordinator)
        self.login(self.admin)
        response = self.client.get("/audit/")
        self.assertContains(response, "<b>单位</b>：万亩 → 亩", html=False)
        self.assertContains(response, "<b>比较</b>：≥ → ＞", html=False)
        self.assertNotContains(response, "所属单位")

    def test_it_shows_the_same_labels_in_the_task_pages_history(self):
        audit.update(self.task, {"kind": "routine"}, actor=self.coordinator)
        audit.update(self.target, {"comparator": ">"}, actor=self.coordinator)
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertContains(response, "<b>类型</b>：改革 → 常规", html=False)
        self.assertContains(response, "<b>比较</b>：≥ → ＞", html=False)

    def test_it_filters_by_action(self):
        self.login(self.admin)
        response = self.client.get("/audit/?action=login_failed")
        actions = {e.action for e in response.context["page"].object_list}
        self.assertEqual(actions, {AuditEvent.Action.LOGIN_FAILED})

    def test_it_ignores_an_unknown_action(self):
        self.login(self.admin)
        response = self.client.get("/audit/?action=drop-table")
        self.assertGreaterEqual(len(response.context["page"].object_list), 2)

    def test_it_lists_the_newest_first(self):
        self.login(self.admin)
        events = list(self.client.get("/audit/").context["page"].object_list)
        self.assertEqual(events, sorted(events, key=lambda e: (e.at, e.id), reverse=True))

    def test_it_is_for_the_admin_only(self):
        for user in (self.alice, self.charlie, self.approver, self.coordinator, self.leader, self.inspector):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/audit/").status_code, 403)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        self.assertRedirects(self.client.get("/audit/"), "/login/?next=/audit/")


class AppendOnlyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = audit.record(cls.coordinator, AuditEvent.Action.UPDATE, cls.task, {"title": ["旧", "新"]})

    def test_it_refuses_to_update_an_event(self):
        self.event.changes = {"title": ["旧", "改过"]}
        with self.assertRaises(PermissionError):
            self.event.save()
        self.event.refresh_from_db()
        self.assertEqual(self.event.changes, {"title": ["旧", "新"]})

    def test_it_refuses_to_delete_an_event(self):
        with self.assertRaises(PermissionError):
            self.event.delete()
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_it_refuses_to_update_events_in_bulk(self):
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(pk=self.event.pk).update(actor_name="nobody")
        with self.assertRaises(PermissionError):
            AuditEvent.objects.update(actor_name="nobody")
        self.event.refresh_from_db()
        self.assertEqual(self.event.actor_name, "coordinator")

    def test_it_refuses_bulk_update(self):
        self.event.actor_name = "nobody"
        with self.assertRaises(PermissionError):
            AuditEvent.objects.bulk_update([self.event], ["actor_name"])

    def test_it_refuses_to_delete_events_in_bulk(self):
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(pk=self.event.pk).delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.all().delete()
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_it_keeps_the_event_and_the_name_when_its_actor_is_deleted(self):
        self.coordinator.delete()
        self.event.refresh_from_db()
        self.assertIsNone(self.event.actor)
        self.assertEqual(self.event.actor_name, "coordinator")

    def test_it_still_appends_new_events(self):
        before = AuditEvent.objects.count()
        audit.record(self.alice, AuditEvent.Action.LOGIN, self.alice, ip="10.0.0.1")
        self.assertEqual(AuditEvent.objects.count(), before + 1)
