import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.audit.models import AuditEvent
from apps.cycles.models import Holiday
from lib.workdays import library_years
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
UNCOVERED = "未覆盖：仅按周一至周五计算，请录入官方放假调休安排"


class HolidaysTestCase(BaseTestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def coverage(self):
        self.login(self.admin)
        response = self.client.get("/calendar/")
        self.assertEqual(response.status_code, 200)
        return {year: label for year, _, label in response.context["coverage"]}

    def test_it_says_which_years_the_library_covers(self):
        low, high = library_years()
        self.login(self.admin)
        response = self.client.get("/calendar/")
        self.assertContains(response, f'<strong id="library-years">{low}–{high}</strong>', html=True)

    def test_it_says_how_this_year_and_next_are_covered(self):
        self.assertEqual(self.coverage(), {2026: "由 chinese-calendar 提供", 2027: UNCOVERED})

    def test_it_says_when_an_admin_covered_next_year(self):
        Holiday.objects.create(day=datetime.date(2027, 1, 1), is_workday=False, name="元旦")
        self.assertEqual(self.coverage()[2027], "由管理员录入")

    def test_it_does_not_crash_in_years_nobody_covers(self):
        with time_machine.travel(datetime.datetime(2031, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
            self.assertEqual(self.coverage(), {2031: UNCOVERED, 2032: UNCOVERED})

    def test_it_lists_entries_grouped_by_year(self):
        Holiday.objects.create(day=datetime.date(2028, 1, 1), is_workday=False, name="元旦")
        Holiday.objects.create(day=datetime.date(2027, 10, 9), is_workday=True, name="国庆调休")
        Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False, name="国庆")
        self.login(self.admin)
        response = self.client.get("/calendar/")
        years = [(year, [h.day.isoformat() for h in days]) for year, days in response.context["years"]]
        self.assertEqual(years, [(2027, ["2027-10-01", "2027-10-09"]), (2028, ["2028-01-01"])])
        self.assertContains(response, "调休上班")

    def test_it_adds_an_entry(self):
        self.login(self.admin)
        response = self.client.post(
            "/calendar/", {"day": "2027-10-09", "is_workday": "on", "name": "国庆调休"}
        )
        self.assertRedirects(response, "/calendar/")
        holiday = Holiday.objects.get()
        self.assertEqual((holiday.day, holiday.is_workday), (datetime.date(2027, 10, 9), True))

    def test_it_records_the_entry(self):
        self.login(self.admin)
        self.client.post("/calendar/", {"day": "2027-10-01", "name": "国庆"})
        holiday = Holiday.objects.get()
        event = AuditEvent.objects.get(object_type="holiday", object_id=holiday.pk)
        self.assertEqual((event.actor, event.action), (self.admin, AuditEvent.Action.CREATE))
        self.assertEqual(event.changes["day"], [None, "2027-10-01"])

    def test_it_refuses_the_same_day_twice(self):
        Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False)
        self.login(self.admin)
        response = self.client.post("/calendar/", {"day": "2027-10-01", "name": "国庆"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Holiday.objects.count(), 1)

    def test_it_accepts_a_correction_in_a_year_the_library_covers(self):
        self.login(self.admin)
        response = self.client.post("/calendar/", {"day": "2026-10-09", "is_workday": "", "name": "本地调整"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Holiday.objects.get().is_workday)

    def test_it_deletes_an_entry(self):
        holiday = Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False, name="国庆")
        self.login(self.admin)
        response = self.client.post(f"/calendar/{holiday.pk}/delete/")
        self.assertRedirects(response, "/calendar/")
        self.assertFalse(Holiday.objects.exists())

    def test_it_records_the_deletion(self):
        holiday = Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False, name="国庆")
        self.login(self.admin)
        self.client.post(f"/calendar/{holiday.pk}/delete/")
        event = AuditEvent.objects.get(object_type="holiday", object_id=holiday.pk)
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(
            event.changes, {"day": ["2027-10-01", None], "is_workday": [False, None], "name": ["国庆", None]}
        )

    def test_it_returns_404_for_a_missing_entry(self):
        self.login(self.admin)
        self.assertEqual(self.client.post("/calendar/999/delete/").status_code, 404)

    def test_it_requires_post_to_delete(self):
        holiday = Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False)
        self.login(self.admin)
        self.assertEqual(self.client.get(f"/calendar/{holiday.pk}/delete/").status_code, 405)

    def test_it_is_for_admins_only(self):
        others = [self.alice, self.approver, self.bob, self.charlie, self.coordinator, self.leader]
        others += [self.inspector, self.county_leader, self.county_coordinator]
        holiday = Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False)
        for user in others:
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/calendar/").status_code, 403)
                self.assertEqual(self.client.post("/calendar/", {"day": "2027-10-02"}).status_code, 403)
                self.assertEqual(self.client.post(f"/calendar/{holiday.pk}/delete/").status_code, 403)
        self.assertEqual(list(Holiday.objects.values_list("day", flat=True)), [datetime.date(2027, 10, 1)])

    def test_it_redirects_anonymous_users_to_login(self):
        self.assertRedirects(
            self.client.get("/calendar/"), "/login/?next=/calendar/", fetch_redirect_response=False
        )
