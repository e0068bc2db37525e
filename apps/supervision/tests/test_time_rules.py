"""The supervision's time rules with the clock moved (time-machine), through the pages and `tick` as users
meet them:

- 督办 ladders. Escalation (三明, the default): each missed reply-by date takes the next notice to the unit
  one level up (蓝单 → 橙单 → 红单), a reply on the last day stops the climb, and the tick tells the issuer
  the day after. Time (宿迁): one notice changes colour as days pass — 蓝 while the task keeps pace near its
  deadline, 黄 when elapsed time runs ahead of its progress or the reply is late, 红 once the deadline has
  passed (a deadline in 国庆 moves to the first working day after it, 节假日顺延);
- 公示 of an approved rectification item: PUBLICITY_WORKDAYS working days, so a period over a weekend,
  国庆 (its 调休 Saturday a working day) or a holiday the administrator entered ends later; the tick 销号 the
  item the day after the period ends, not on its last day;
- 延期申请 on a rectification item: taken on the last day of the time limit, refused the day after (the
  original date counts); a last-day request decided after the limit still moves it when granted."""

import datetime
import re
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.cycles.models import Holiday
from apps.notify.models import Notification
from apps.plans.models import Plan, Task, TaskUnit
from apps.portal import tick as portal_tick
from apps.supervision.models import Extension, Notice, Rectification
from luoshi.test import BaseTestCase

from .base import InspectionTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")
D = datetime.date


def at(day: datetime.date):
    """The clock at 10:00 on `day`, Beijing time."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), SHANGHAI), tick=False)


class NoticeSteps:
    """督办 through the pages: the coordinator issues (the level the page suggests unless given), the
    unit's reporter replies; each step logs in anew (sessions last two hours, the clock moves days)."""

    def page_as(self, user):
        self.client.force_login(user)
        return self.client

    def suggested_level(self, task) -> int:
        form = self.page_as(self.coordinator).get(f"/tasks/{task.pk}/notices/new/").context["form"]
        return form.initial["level"]

    def issue(self, task, reply_by, level=None) -> Notice:
        level = level or self.suggested_level(task)
        response = self.page_as(self.coordinator).post(
            f"/tasks/{task.pk}/notices/new/",
            {
                "unit": self.fgw.pk,
                "level": level,
                "reason": "进展滞后，请说明原因",
                "reply_by": f"{reply_by}",
            },
        )
        notice = Notice.objects.filter(task=task).order_by("-id").first()
        self.assertRedirects(response, f"/notices/{notice.pk}/")
        return notice

    def reply(self, notice):
        response = self.page_as(self.alice).post(f"/notices/{notice.pk}/reply/", {"reply": "已部署整改"})
        self.assertRedirects(response, f"/notices/{notice.pk}/")

    def colour(self, notice):
        return self.page_as(self.coordinator).get(f"/notices/{notice.pk}/").context["colour"]


class EscalationLadderTestCase(NoticeSteps, BaseTestCase):
    """The fixture plan keeps the default ladder, 逐级升级."""

    def test_it_climbs_one_level_for_each_missed_reply_by_date(self):
        issued = []
        for issued_on, reply_by in [
            (D(2026, 11, 2), D(2026, 11, 6)),
            (D(2026, 11, 9), D(2026, 11, 13)),
            (D(2026, 11, 16), D(2026, 11, 20)),
            (D(2026, 11, 23), D(2026, 11, 27)),
        ]:
            with at(issued_on):
                issued.append(self.issue(self.task, reply_by))
        with at(D(2026, 11, 30)):
            levels = [n.get_level_display() for n in issued] + [
                Notice.Level(self.suggested_level(self.task)).label
            ]
            colours = [self.colour(n).label for n in issued]
        self.assertEqual(levels, ["提醒", "催办", "督办", "通报", "通报"])
        self.assertEqual(colours, ["蓝单", "橙单", "红单", "红单"])

    def test_it_does_not_climb_after_a_reply_on_the_last_day(self):
        with at(D(2026, 11, 2)):
            notice = self.issue(self.task, D(2026, 11, 6))
        with at(D(2026, 11, 6)):
            self.reply(notice)
        with at(D(2026, 11, 9)):
            self.assertEqual(self.suggested_level(self.task), Notice.Level.REMIND)

    def test_it_climbs_after_a_reply_the_day_after(self):
        with at(D(2026, 11, 2)):
            notice = self.issue(self.task, D(2026, 11, 6))
        with at(D(2026, 11, 7)):
            self.reply(notice)
        with at(D(2026, 11, 9)):
            self.assertEqual(self.suggested_level(self.task), Notice.Level.URGE)
            self.assertContains(self.page_as(self.coordinator).get(f"/notices/{notice.pk}/"), "逾期回复")

    def late_notes(self):
        return list(
            Notification.objects.filter(user=self.coordinator, key__startswith="notice-late:").values_list(
                "text", flat=True
            )
        )

    def test_it_tells_the_issuer_once_the_day_after_the_reply_by_date(self):
        with at(D(2026, 11, 2)):
            self.issue(self.task, D(2026, 11, 6))
        with at(D(2026, 11, 6)):
            portal_tick.run()
        self.assertEqual(self.late_notes(), [])
        for day in (D(2026, 11, 7), D(2026, 11, 8)):
            with at(day):
                portal_tick.run()
        self.assertEqual(len(self.late_notes()), 1)
        self.assertIn("逾期未回复（期限 2026-11-06），建议升级为“催办”", self.late_notes()[0])


class TimeLadderTestCase(NoticeSteps, BaseTestCase):
    """A plan on the 按时限 ladder, published in August; its task runs 9-01 → 10-01 (国庆 Day), its lead
    unit 市发改委 having reported 80 % (on pace until late September)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with at(D(2026, 8, 3)):  # the plan's creation is its publication: no work is owed before it
            plan = Plan.objects.create(
                title="国庆前重点项目攻坚",
                year=2026,
                owner_unit=cls.city,
                status=Plan.Status.PUBLISHED,
                ladder=Plan.Ladder.TIME,
            )
        cls.timed = Task.objects.create(
            plan=plan, title="重点项目集中开工", start_date=D(2026, 9, 1), due_date=D(2026, 10, 1), percent=80
        )
        TaskUnit.objects.create(task=cls.timed, unit=cls.fgw, role=TaskUnit.Role.LEAD)

    def colour_on(self, day, notice):
        """The notice's colour on `day`, after that day's tick has derived the task's status."""
        with at(day):
            portal_tick.run()
            return self.colour(notice)

    def answered_notice(self):
        with at(D(2026, 9, 24)):
            notice = self.issue(self.timed, D(2026, 9, 30), level=Notice.Level.REMIND)
            self.reply(notice)
        return notice

    def test_it_is_blue_while_the_task_keeps_pace_near_its_deadline(self):
        colour = self.colour_on(D(2026, 9, 24), self.answered_notice())  # 80 % done, 77 % of the time gone
        self.assertEqual((colour.label, colour.why), ("蓝单", "临近办结时限的提醒"))

    def test_it_turns_yellow_when_the_time_gone_runs_ahead_of_the_progress(self):
        colour = self.colour_on(D(2026, 9, 30), self.answered_notice())  # still 80 %, 97 % of the time gone
        self.assertEqual((colour.label, colour.why), ("黄单", "任务进度落后于序时进度"))

    def test_it_turns_red_only_after_a_deadline_moved_past_national_day(self):
        notice = self.answered_notice()
        # due 10-01, in the holiday: the deadline is the first working day after it, 10-08
        self.assertEqual(self.colour_on(D(2026, 10, 8), notice).label, "黄单")
        colour = self.colour_on(D(2026, 10, 9), notice)
        self.assertEqual((colour.label, colour.why), ("红单", "任务已逾期未办结"))

    def test_it_turns_yellow_the_day_after_an_unanswered_reply_by_date(self):
        Task.objects.filter(pk=self.timed.pk).update(percent=95)  # well ahead of time: never behind 序时
        with at(D(2026, 9, 21)):
            notice = self.issue(self.timed, D(2026, 9, 23), level=Notice.Level.REMIND)
        self.assertEqual(self.colour_on(D(2026, 9, 23), notice).label, "蓝单")
        colour = self.colour_on(D(2026, 9, 24), notice)
        self.assertEqual((colour.label, colour.why), ("黄单", "督办单逾期未回复"))


def pdf():
    return SimpleUploadedFile("整改前后对比.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


@override_settings(MEDIA_ROOT=MEDIA, PUBLICITY_WORKDAYS=3)
class PublicityTestCase(InspectionTestCase):
    """The fixture item (led by 市发改委, alice reporting) taken through the pages to 公示 on a given day:
    reported done with evidence, verified on site by the 督查员, approved by the coordinator."""

    def page_as(self, user):
        self.client.force_login(user)
        return self.client

    def approve_on(self, day) -> Rectification:
        url = f"/rectifications/{self.item.pk}"
        with at(day):
            steps = [
                (self.alice, "progress", {"progress": "已完成整改", "done": "on", "files": [pdf()]}),
                (self.inspector, "verify", {"method": "site", "note": "现场核查到位", "decision": "pass"}),
                (self.coordinator, "accept", {"comment": "", "decision": "approve"}),
            ]
            for user, step, data in steps:
                self.assertRedirects(self.page_as(user).post(f"{url}/{step}/", data), f"{url}/")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, Rectification.Status.PUBLICITY)
        return self.item

    def test_it_ends_three_working_days_later_inside_a_week(self):
        self.assertEqual(self.approve_on(D(2026, 11, 2)).publicity_until, D(2026, 11, 5))  # Mon → Thu

    def test_it_ends_later_over_a_weekend(self):
        self.assertEqual(self.approve_on(D(2026, 11, 5)).publicity_until, D(2026, 11, 10))  # Thu → Tue

    def test_it_ends_later_over_national_day_counting_the_adjusted_saturday(self):
        # approved Wed 9-30: 10-01…10-07 off; 10-08, 10-09 and Saturday 10-10 (调休, a working day)
        self.assertEqual(self.approve_on(D(2026, 9, 30)).publicity_until, D(2026, 10, 10))

    def test_it_skips_a_holiday_the_administrator_entered(self):
        # 2027 is past the calendar library: its 元旦 is what the administrator entered
        Holiday.objects.create(day=D(2027, 1, 1), is_workday=False, name="元旦")
        self.assertEqual(self.approve_on(D(2026, 12, 30)).publicity_until, D(2027, 1, 5))  # 12-31, 1-4, 1-5

    def test_it_shows_the_end_of_the_period_on_the_item_page(self):
        self.approve_on(D(2026, 9, 30))
        with at(D(2026, 10, 8)):
            page = self.page_as(self.alice).get(f"/rectifications/{self.item.pk}/")
        self.assertContains(page, "公示中，2026-10-10 期满无异议即销号")

    def test_it_is_closed_by_the_tick_the_day_after_the_period_ends(self):
        self.approve_on(D(2026, 9, 30))
        with at(D(2026, 10, 10)):
            portal_tick.run()
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, Rectification.Status.PUBLICITY)
        with at(D(2026, 10, 11)):
            portal_tick.run()
        self.item.refresh_from_db()
        self.assertEqual(
            (self.item.status, self.item.closed_on), (Rectification.Status.CLOSED, D(2026, 10, 11))
        )


@override_settings(MEDIA_ROOT=MEDIA)
class ExtensionDeadlineTestCase(InspectionTestCase):
    """The fixture item's time limit is 2026-12-31; alice reports for its lead unit 市发改委."""

    LAST_DAY, DAY_AFTER = D(2026, 12, 31), D(2027, 1, 1)

    def page_as(self, user):
        self.client.force_login(user)
        return self.client

    def item_page(self, user):
        return self.page_as(user).get(f"/rectifications/{self.item.pk}/")

    def ask(self):
        return self.page_as(self.alice).post(
            f"/rectifications/{self.item.pk}/extension/", {"new_date": "2027-02-28", "reason": "冬季停工"}
        )

    def decide(self, decision, comment=""):
        """Press 同意延期 / 不同意 in the form the item page shows the coordinator."""
        page = self.item_page(self.coordinator).content.decode()
        action = re.search(r'<form method="post" action="([^"]*decide/)"', page).group(1)
        return self.page_as(self.coordinator).post(action, {"decision": decision, "comment": comment})

    def test_it_takes_a_request_on_the_last_day_of_the_time_limit(self):
        with at(self.LAST_DAY):
            self.assertTrue(self.item_page(self.alice).context["can_ask_extension"])
            self.assertRedirects(self.ask(), f"/rectifications/{self.item.pk}/")
        self.assertEqual(self.item.extensions.get().status, Extension.Status.ASKED)

    def test_it_refuses_a_request_the_day_after(self):
        with at(self.DAY_AFTER):
            self.assertFalse(self.item_page(self.alice).context["can_ask_extension"])
            response = self.ask()
        self.assertContains(response, "已过，不能再申请延期；逾期按原时限计", status_code=400)
        self.assertFalse(self.item.extensions.exists())

    def test_it_counts_the_original_date_when_a_last_day_request_is_refused(self):
        with at(self.LAST_DAY):
            self.ask()
        with at(D(2027, 1, 4)):
            self.decide("refuse", "理由不充分")
            self.assertTrue(self.item_page(self.coordinator).context["overdue"])
        self.item.refresh_from_db()
        self.assertEqual(self.item.due_date, self.LAST_DAY)

    def test_it_moves_the_limit_when_a_last_day_request_is_granted_after_it(self):
        with at(self.LAST_DAY):
            self.ask()
        with at(D(2027, 1, 4)):
            self.decide("grant")
            self.assertFalse(self.item_page(self.coordinator).context["overdue"])
        with at(D(2027, 2, 28)):
            self.assertFalse(self.item_page(self.coordinator).context["overdue"])
        with at(D(2027, 3, 1)):
            self.assertTrue(self.item_page(self.coordinator).context["overdue"])
