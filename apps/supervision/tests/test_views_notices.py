import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from docx import Document

from apps.audit.models import AuditEvent
from apps.cycles.models import Holiday
from apps.notify.models import Notification
from apps.plans.models import Plan, Task
from apps.supervision import actions as supervision_actions
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday


def at(*args):
    return time_machine.travel(datetime.datetime(*args, 10, 0, tzinfo=SHANGHAI), tick=False)


def events(obj, action=None):
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return rows.filter(action=action) if action else rows


class NoticeTestCase(BaseTestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def issue(self, unit=None, level=Notice.Level.REMIND, reply_by=datetime.date(2026, 11, 30), **kwargs):
        return supervision_actions.issue_notice(
            task=self.task,
            unit=unit or self.fgw,
            level=level,
            reason=kwargs.get("reason", "11月进展报告逾期未报"),
            reply_by=reply_by,
            actor=self.coordinator,
        )

    def reply(self, notice, user=None):
        return supervision_actions.reply_notice(notice, reply="已报送并说明原因", actor=user or self.alice)


class NoticeCreateTestCase(NoticeTestCase):
    def url(self, query=""):
        return f"/tasks/{self.task.pk}/notices/new/{query}"

    def test_it_offers_only_the_tasks_units(self):
        self.login(self.coordinator)
        response = self.client.get(self.url())
        units = list(response.context["form"].fields["unit"].queryset)
        self.assertEqual(units, [self.fgw, self.zjj])

    def test_it_defaults_reply_by_to_five_working_days(self):
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["reply_by"], datetime.date(2026, 11, 30))
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.REMIND)

    def test_it_skips_the_national_day_holiday_in_the_default_reply_by(self):
        # 9/30, 10/8, 10/9, 10/10 (调休上班的周六), 10/12
        with at(2026, 9, 29):
            self.login(self.coordinator)
            response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["reply_by"], datetime.date(2026, 10, 12))

    def test_it_uses_admin_entries_for_a_year_the_library_does_not_cover(self):
        Holiday.objects.create(day=datetime.date(2027, 1, 1), is_workday=False, name="元旦")
        with at(2026, 12, 28):  # Mon; 12/29, 12/30, 12/31, (1/1 元旦), 1/4, 1/5
            self.login(self.coordinator)
            response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["reply_by"], datetime.date(2027, 1, 5))

    def test_it_works_in_a_year_nobody_covers(self):
        with at(2031, 6, 2):  # Mon; weekdays only
            self.login(self.coordinator)
            response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["reply_by"], datetime.date(2031, 6, 9))

    def test_it_suggests_the_next_level_after_an_unreplied_notice(self):
        self.issue(level=Notice.Level.URGE)
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.SUPERVISE)
        self.assertContains(response, "市发改委已有未回复或逾期的督办单，建议级别：督办")

    def test_it_suggests_the_next_level_after_a_late_reply(self):
        with time_machine.travel(NOW - datetime.timedelta(days=10), tick=False):
            notice = self.issue(reply_by=datetime.date(2026, 11, 20))
        self.reply(notice)
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.URGE)

    def test_it_does_not_escalate_after_a_timely_reply(self):
        self.reply(self.issue())
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.REMIND)

    def test_it_does_not_escalate_after_another_units_notice(self):
        self.issue(unit=self.zjj, level=Notice.Level.SUPERVISE)
        self.login(self.coordinator)
        response = self.client.get(self.url())  # the default unit is the lead unit, 市发改委
        self.assertEqual(response.context["form"].initial["unit"], self.fgw)
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.REMIND)

    def test_it_is_prefilled_by_the_escalate_link(self):
        self.login(self.coordinator)
        response = self.client.get(self.url(f"?unit={self.zjj.pk}&level=3"))
        self.assertEqual(response.context["form"].initial["unit"], self.zjj)
        self.assertEqual(response.context["form"].initial["level"], 3)

    def test_it_ignores_a_unit_not_on_the_task_in_the_link(self):
        self.login(self.coordinator)
        response = self.client.get(self.url(f"?unit={self.tjj.pk}&level=9"))
        self.assertEqual(response.context["form"].initial["unit"], self.fgw)
        self.assertEqual(response.context["form"].initial["level"], Notice.Level.REMIND)

    def test_it_issues_a_notice(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 2, "reason": "节点任务滞后", "reply_by": "2026-11-30"}
        response = self.client.post(self.url(), data)
        notice = Notice.objects.get()
        self.assertRedirects(response, f"/notices/{notice.pk}/")
        self.assertEqual((notice.unit, notice.level, notice.issued_by), (self.fgw, 2, self.coordinator))

    def test_it_keeps_the_plan_of_the_task_on_the_notice(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 2, "reason": "节点任务滞后", "reply_by": "2026-11-30"}
        self.client.post(self.url(), data)
        self.assertEqual(Notice.objects.get().plan, self.task.plan)

    def test_it_takes_the_plan_from_the_task_when_a_notice_is_saved_without_one(self):
        notice = Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=1,
            reason="逾期未报",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=self.coordinator,
        )
        self.assertEqual(Notice.objects.get(pk=notice.pk).plan_id, self.task.plan_id)

    def test_it_records_the_notice(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 2, "reason": "节点任务滞后", "reply_by": "2026-11-30"}
        self.client.post(self.url(), data)
        event = events(Notice.objects.get(), AuditEvent.Action.CREATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.changes["level"], [None, "催办"])

    def test_it_notifies_the_units_staff(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 1, "reason": "请报送进展", "reply_by": "2026-11-30"}
        self.client.post(self.url(), data)
        users = set(Notification.objects.values_list("user__username", flat=True))
        self.assertEqual(users, {"alice", "approver"})

    def test_it_refuses_a_unit_not_on_the_task(self):
        self.login(self.coordinator)
        data = {"unit": self.tjj.pk, "level": 1, "reason": "请报送进展", "reply_by": "2026-11-30"}
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Notice.objects.exists())

    def test_it_refuses_a_reply_by_in_the_past(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 1, "reason": "请报送进展", "reply_by": "2026-11-20"}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "回复期限不能早于今天", status_code=400)
        self.assertFalse(Notice.objects.exists())

    def test_it_refuses_a_blank_reason(self):
        self.login(self.coordinator)
        data = {"unit": self.fgw.pk, "level": 1, "reason": "  ", "reply_by": "2026-11-30"}
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Notice.objects.exists())

    def test_it_refuses_an_archived_task(self):
        self.task.archived_at = NOW
        self.task.save(update_fields=["archived_at"])
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertRedirects(response, f"/tasks/{self.task.pk}/", fetch_redirect_response=False)

    def test_it_checks_every_role(self):
        expected = {
            None: 302,
            self.alice: 403,
            self.approver: 403,
            self.bob: 403,
            self.charlie: 404,
            self.coordinator: 200,
            self.leader: 403,
            self.inspector: 200,  # 督查员 issue 督办 in their jurisdiction
            self.admin: 403,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        self.assertStatusFor(self.url(), expected)

    def test_it_refuses_posts_from_unit_staff(self):
        data = {"unit": self.fgw.pk, "level": 1, "reason": "自己督办自己", "reply_by": "2026-11-30"}
        self.assertStatusFor(self.url(), {self.alice: 403, self.charlie: 404}, method="post", data=data)
        self.assertFalse(Notice.objects.exists())


class NoticeDetailTestCase(NoticeTestCase):
    def test_it_shows_the_notice(self):
        notice = self.issue(reason="高标准农田建设进度滞后")
        self.login(self.alice)
        response = self.client.get(f"/notices/{notice.pk}/")
        self.assertContains(response, "高标准农田建设进度滞后")
        self.assertContains(response, "2026-11-30")
        self.assertNotContains(response, 'id="late-flag"')

    def test_it_flags_a_late_notice_without_reply(self):
        notice = self.issue()
        with at(2026, 12, 1):
            self.login(self.alice)
            response = self.client.get(f"/notices/{notice.pk}/")
        self.assertContains(response, '<span class="tag high" id="late-flag">逾期未回复</span>', html=True)

    def test_it_flags_a_late_reply(self):
        notice = self.issue()
        with at(2026, 12, 1):
            self.reply(notice)
        self.login(self.alice)
        response = self.client.get(f"/notices/{notice.pk}/")
        self.assertContains(response, '<span class="tag high" id="late-flag">逾期回复</span>', html=True)

    def test_it_does_not_flag_a_reply_on_the_last_day(self):
        notice = self.issue()
        with at(2026, 11, 30):
            self.reply(notice)
        with at(2026, 12, 10):
            self.login(self.alice)
            response = self.client.get(f"/notices/{notice.pk}/")
        self.assertNotContains(response, 'id="late-flag"')

    def test_it_shows_the_reply_form_to_the_units_staff(self):
        notice = self.issue()
        for user in (self.alice, self.approver):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertContains(self.client.get(f"/notices/{notice.pk}/"), 'id="reply-notice"')

    def test_it_hides_the_reply_form_from_the_coordinator(self):
        notice = self.issue()
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(f"/notices/{notice.pk}/"), 'id="reply-notice"')

    def test_it_shows_close_and_escalate_to_the_coordinator(self):
        notice = self.issue(level=Notice.Level.URGE)
        self.login(self.coordinator)
        response = self.client.get(f"/notices/{notice.pk}/")
        self.assertContains(response, 'id="close-notice"')
        self.assertContains(
            response,
            f'<a class="button" id="escalate" href="/tasks/{self.task.pk}/notices/new/?unit={self.fgw.pk}&amp;level=3">升级为督办</a>',
            html=True,
        )

    def test_it_hides_close_and_escalate_from_unit_staff(self):
        notice = self.issue()
        self.login(self.alice)
        response = self.client.get(f"/notices/{notice.pk}/")
        self.assertNotContains(response, 'id="close-notice"')
        self.assertNotContains(response, 'id="escalate"')

    def test_it_offers_no_escalation_beyond_bulletin(self):
        notice = self.issue(level=Notice.Level.BULLETIN)
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(f"/notices/{notice.pk}/"), 'id="escalate"')

    def test_it_checks_every_role(self):
        notice = self.issue()
        expected = {
            None: 302,
            self.alice: 200,
            self.approver: 200,
            self.bob: 404,  # co-operating unit: another unit's notice
            self.charlie: 404,
            self.coordinator: 200,
            self.leader: 200,
            self.inspector: 200,
            self.admin: 200,
            self.county_leader: 404,
            self.county_coordinator: 404,
        }
        self.assertStatusFor(f"/notices/{notice.pk}/", expected)

    def test_it_lets_the_co_unit_see_its_own_notice(self):
        notice = self.issue(unit=self.zjj)
        self.assertStatusFor(f"/notices/{notice.pk}/", {self.bob: 200, self.alice: 404})

    def test_it_returns_404_for_a_missing_notice(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get("/notices/999/").status_code, 404)


class NoticeReplyTestCase(NoticeTestCase):
    def test_it_saves_the_reply(self):
        notice = self.issue()
        self.login(self.alice)
        response = self.client.post(f"/notices/{notice.pk}/reply/", {"reply": "已完成整改"})
        self.assertRedirects(response, f"/notices/{notice.pk}/")
        notice.refresh_from_db()
        self.assertEqual((notice.reply, notice.replied_by), ("已完成整改", self.alice))

    def test_it_records_the_reply(self):
        notice = self.issue()
        self.login(self.approver)
        self.client.post(f"/notices/{notice.pk}/reply/", {"reply": "已完成整改"})
        event = events(notice, AuditEvent.Action.UPDATE).get()
        self.assertEqual((event.actor, event.changes), (self.approver, {"reply": [None, "已完成整改"]}))

    def test_it_requires_a_reply(self):
        notice = self.issue()
        self.login(self.alice)
        response = self.client.post(f"/notices/{notice.pk}/reply/", {"reply": ""})
        self.assertEqual(response.status_code, 400)
        notice.refresh_from_db()
        self.assertIsNone(notice.replied_at)

    def test_it_keeps_the_first_reply(self):
        notice = self.issue()
        self.reply(notice)
        self.login(self.approver)
        response = self.client.post(f"/notices/{notice.pk}/reply/", {"reply": "改一下"}, follow=True)
        self.assertContains(response, "该督办单已回复")
        notice.refresh_from_db()
        self.assertEqual(notice.replied_by, self.alice)

    def test_it_refuses_a_reply_to_a_closed_notice(self):
        notice = supervision_actions.close_notice(self.issue(), actor=self.coordinator)
        self.login(self.alice)
        response = self.client.post(f"/notices/{notice.pk}/reply/", {"reply": "迟到的回复"}, follow=True)
        self.assertContains(response, "该督办单已办结")
        notice.refresh_from_db()
        self.assertIsNone(notice.replied_at)

    def test_it_requires_post(self):
        notice = self.issue()
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/notices/{notice.pk}/reply/").status_code, 405)

    def test_it_checks_every_role(self):
        notice = self.issue()
        expected = {
            None: 302,
            self.bob: 404,
            self.charlie: 404,
            self.coordinator: 403,
            self.leader: 403,
            self.inspector: 403,
            self.admin: 403,
            self.county_leader: 404,
        }
        self.assertStatusFor(f"/notices/{notice.pk}/reply/", expected, method="post", data={"reply": "x"})
        notice.refresh_from_db()
        self.assertIsNone(notice.replied_at)


class NoticeCloseTestCase(NoticeTestCase):
    def test_it_closes_the_notice(self):
        notice = self.issue()
        self.login(self.coordinator)
        response = self.client.post(f"/notices/{notice.pk}/close/")
        self.assertRedirects(response, f"/notices/{notice.pk}/")
        notice.refresh_from_db()
        self.assertEqual(notice.closed_at, NOW)

    def test_it_records_the_close(self):
        notice = self.issue()
        self.login(self.coordinator)
        self.client.post(f"/notices/{notice.pk}/close/")
        event = events(notice, AuditEvent.Action.UPDATE).get()
        self.assertEqual(event.actor, self.coordinator)
        self.assertIn("closed_at", event.changes)

    def test_it_checks_every_role(self):
        notice = self.issue()
        expected = {
            None: 302,
            self.alice: 403,
            self.approver: 403,
            self.bob: 404,
            self.charlie: 404,
            self.leader: 403,
            self.inspector: 403,
            self.admin: 403,
            self.county_coordinator: 404,
        }
        self.assertStatusFor(f"/notices/{notice.pk}/close/", expected, method="post")
        notice.refresh_from_db()
        self.assertIsNone(notice.closed_at)


class NoticeListTestCase(NoticeTestCase):
    def setUp(self):
        super().setUp()
        self.to_fgw = self.issue(reason="致发改委")
        self.to_zjj = self.issue(unit=self.zjj, reason="致住建局")

    def listed(self, user, query=""):
        self.login(user)
        response = self.client.get(f"/notices/{query}")
        self.assertEqual(response.status_code, 200)
        return {n.reason for n in response.context["page"].object_list}

    def test_it_shows_unit_staff_their_units_notices(self):
        self.assertEqual(self.listed(self.alice), {"致发改委"})
        self.assertEqual(self.listed(self.bob), {"致住建局"})

    def test_it_shows_oversight_their_jurisdictions_notices(self):
        for user in (self.coordinator, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.listed(user), {"致发改委", "致住建局"})

    def test_it_shows_outsiders_nothing(self):
        for user in (self.charlie, self.county_leader, self.county_coordinator):
            with self.subTest(user=user.username):
                self.assertEqual(self.listed(user), set())

    def test_it_filters_open_notices(self):
        supervision_actions.close_notice(self.to_zjj, actor=self.coordinator)
        self.assertEqual(self.listed(self.coordinator, "?status=open"), {"致发改委"})
        self.assertEqual(self.listed(self.coordinator, "?status=closed"), {"致住建局"})

    def test_it_filters_late_notices(self):
        self.issue(reason="按时回复", reply_by=datetime.date(2026, 11, 25))
        with at(2026, 11, 25):
            self.reply(Notice.objects.get(reason="按时回复"))
        with at(2026, 12, 2):
            self.reply(self.to_zjj, user=self.bob)  # 逾期回复
            self.assertEqual(self.listed(self.coordinator, "?status=late"), {"致发改委", "致住建局"})

    def test_it_flags_late_notices_in_the_list(self):
        with at(2026, 12, 1):
            self.login(self.coordinator)
            response = self.client.get("/notices/")
        self.assertContains(response, "逾期未回复", count=2)

    def test_it_requires_login(self):
        self.assertStatusFor("/notices/", {None: 302})


class TaskSupervisionTestCase(NoticeTestCase):
    def url(self):
        return f"/tasks/{self.task.pk}/supervision/"

    def test_it_offers_the_coordinator_to_issue_a_notice(self):
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertContains(response, f'href="/tasks/{self.task.pk}/notices/new/"')
        self.assertContains(response, "发督办单")
        self.assertNotContains(response, "申请销号")

    def test_it_offers_the_lead_units_staff_to_apply_for_closeout(self):
        for user in (self.alice, self.approver):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.get(self.url())
                self.assertContains(response, f'href="/tasks/{self.task.pk}/closeout/new/"')
                self.assertNotContains(response, "发督办单")

    def test_it_offers_the_co_unit_neither(self):
        self.login(self.bob)
        response = self.client.get(self.url())
        self.assertNotContains(response, "申请销号")
        self.assertNotContains(response, "发督办单")

    def test_it_shows_the_co_unit_only_its_own_notices(self):
        self.issue(reason="致发改委")
        self.issue(unit=self.zjj, reason="致住建局")
        self.login(self.bob)
        response = self.client.get(self.url())
        self.assertContains(response, "致住建局")
        self.assertNotContains(response, "致发改委")

    def test_it_shows_late_flags_and_the_suggested_next_level(self):
        self.issue(level=Notice.Level.URGE)
        with at(2026, 12, 1):
            self.login(self.coordinator)
            response = self.client.get(self.url())
        self.assertContains(response, "逾期未回复")
        self.assertContains(
            response, f'href="/tasks/{self.task.pk}/notices/new/?unit={self.fgw.pk}&amp;level=3">升级为督办'
        )

    def test_it_shows_unit_staff_the_next_level_as_text(self):
        self.issue(level=Notice.Level.URGE)
        with at(2026, 12, 1):
            self.login(self.alice)
            response = self.client.get(self.url())
        self.assertContains(response, "下一级：督办")

    def test_it_hides_the_closeout_button_while_an_application_is_pending(self):
        import tempfile

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import override_settings

        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            supervision_actions.apply_closeout(
                task=self.task,
                unit=self.fgw,
                note="已完成",
                shortfall_reason="实际值待下期报告采纳",
                uploads=[SimpleUploadedFile("a.pdf", b"%PDF-1.7 test")],
                actor=self.alice,
            )
            self.login(self.alice)
            response = self.client.get(self.url())
        self.assertNotContains(response, 'id="apply-closeout"')
        self.assertContains(response, "待核查")

    def test_it_renders_no_template_comment(self):
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(self.url()), "Context:")

    def test_it_loads_itself_on_the_task_page(self):
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertContains(response, 'id="supervision"')

    def test_it_checks_every_role(self):
        expected = {
            None: 302,
            self.alice: 200,
            self.bob: 200,
            self.charlie: 404,
            self.coordinator: 200,
            self.leader: 200,
            self.county_leader: 404,
        }
        self.assertStatusFor(self.url(), expected)


class NoticePrintTestCase(NoticeTestCase):
    def test_it_prints_the_notice_as_a_one_page_word_document(self):
        notice = self.issue(level=Notice.Level.SUPERVISE)
        self.login(self.alice)
        response = self.client.get(f"/notices/{notice.pk}/print.docx")
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        doc = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = [c.text for row in doc.tables[0].rows for c in row.cells]
        self.assertIn("定西市督办单", text)
        self.assertIn(f"督办〔2026〕{notice.pk}号", text)
        self.assertEqual(cells[:4], ["被督办单位", "市发改委", "督办事项", self.task.title])
        self.assertIn("2026年11月30日前", cells)


class LadderTestCase(NoticeTestCase):
    def colour(self, notice):
        self.login(self.coordinator)
        return self.client.get(f"/notices/{notice.pk}/").context["colour"]

    def test_it_climbs_blue_orange_red_on_the_escalation_ladder(self):
        labels = [self.colour(self.issue(level=level)).label for level in (1, 2, 3, 4)]
        self.assertEqual(labels, ["蓝单", "橙单", "红单", "红单"])

    def test_it_colours_by_time_on_the_time_ladder(self):
        Plan.objects.filter(pk=self.plan.pk).update(ladder=Plan.Ladder.TIME)
        notice = self.issue(level=Notice.Level.SUPERVISE)
        self.assertEqual(self.colour(notice).label, "蓝单")
        Task.objects.filter(pk=self.task.pk).update(status="lagging")
        self.assertEqual(
            (self.colour(notice).label, self.colour(notice).why), ("黄单", "任务进度落后于序时进度")
        )
        Task.objects.filter(pk=self.task.pk).update(status="overdue")
        self.assertEqual(self.colour(notice).label, "红单")

    def test_it_explains_the_colour_on_the_list(self):
        self.issue(level=Notice.Level.URGE)
        self.login(self.coordinator)
        self.assertContains(self.client.get("/notices/"), 'title="提醒后仍未办结，责令限期办结">橙单')
