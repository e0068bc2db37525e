"""The 典型经验 library page: who sees which cases, the search (keyword, area, unit, year, status, level,
精选), paging, empty states, and the menu entry."""

import datetime

import time_machine

from apps.cases import actions
from apps.cases.models import Case, Level

from .base import CaseTestCase

NOW = datetime.datetime(2026, 11, 20, 10, 0)


@time_machine.travel(NOW, tick=False)
class LibraryTestCase(CaseTestCase):
    def titles(self, user, query=""):
        self.login(user)
        response = self.client.get(f"/cases/{query}")
        self.assertEqual(response.status_code, 200)
        return [c.title for c in response.context["page"].object_list]

    def test_it_shows_a_unit_its_own_cases_in_every_status_and_no_other_units(self):
        self.make_case(title="发改委草稿")
        self.make_case(title="发改委已采纳", status=Case.Status.ACCEPTED)
        self.make_case(self.zjj, title="住建局已采纳", status=Case.Status.ACCEPTED)
        self.assertEqual(sorted(self.titles(self.alice)), ["发改委已采纳", "发改委草稿"])
        self.assertEqual(self.titles(self.charlie), [])

    def test_it_shows_reviewers_everything_submitted_but_not_the_units_drafts(self):
        self.make_case(title="发改委草稿")
        self.make_case(title="待审核", status=Case.Status.SUBMITTED)
        self.make_case(title="退回", status=Case.Status.RETURNED)
        self.assertEqual(sorted(self.titles(self.coordinator)), ["待审核", "退回"])
        self.assertEqual(self.titles(self.county_coordinator), [])

    def test_it_shows_leaders_only_the_accepted_cases_of_their_jurisdiction(self):
        self.make_case(title="待审核", status=Case.Status.SUBMITTED)
        self.make_case(title="已采纳", status=Case.Status.ACCEPTED)
        self.assertEqual(self.titles(self.leader), ["已采纳"])
        self.assertEqual(self.titles(self.county_leader), [])

    def test_it_searches_every_keyword_in_title_summary_and_practice(self):
        self.make_case(title="一张图管理", summary="进度日更新", practice="现场照片每日上传")
        self.make_case(title="容缺受理")
        self.assertEqual(self.titles(self.alice, "?q=进度+照片"), ["一张图管理"])
        self.assertEqual(self.titles(self.alice, "?q=并联审批"), ["容缺受理"])

    def test_it_filters_by_area_unit_year_and_status(self):
        self.make_case(title="营商", area="优化营商环境", status=Case.Status.ACCEPTED)
        self.make_case(title="民生2025", area="民生", year=2025)
        self.make_case(self.zjj, title="住建局", area="民生", status=Case.Status.ACCEPTED)
        self.assertEqual(self.titles(self.coordinator, "?area=民生"), ["住建局"])
        self.assertEqual(self.titles(self.coordinator, f"?unit={self.fgw.pk}"), ["营商"])
        self.assertEqual(self.titles(self.alice, "?year=2025"), ["民生2025"])
        self.assertEqual(self.titles(self.alice, "?status=draft"), ["民生2025"])

    def test_it_filters_by_promotion_level_and_featured(self):
        city = self.make_case(title="市级", status=Case.Status.ACCEPTED)
        self.promote(city, Level.CITY)
        province = self.make_case(title="省级", status=Case.Status.ACCEPTED)
        self.promote(province, Level.PROVINCE)
        self.make_case(title="未推广", status=Case.Status.ACCEPTED)
        actions.set_featured(city, True, actor=self.coordinator)
        self.assertEqual(sorted(self.titles(self.leader, f"?level={Level.CITY}")), ["市级", "省级"])
        self.assertEqual(self.titles(self.leader, f"?level={Level.PROVINCE}"), ["省级"])
        self.assertEqual(self.titles(self.leader, "?featured=on"), ["市级"])

    def test_it_lists_featured_cases_first(self):
        self.make_case(title="普通", status=Case.Status.ACCEPTED)
        featured = self.make_case(title="精选", status=Case.Status.ACCEPTED, year=2025)
        featured.featured = True
        featured.save(update_fields=["featured"])
        self.assertEqual(self.titles(self.leader), ["精选", "普通"])

    def test_it_offers_no_status_filter_to_leaders(self):
        self.login(self.leader)
        self.assertNotIn("status", self.client.get("/cases/").context["form"].fields)

    def test_it_pages_twenty_cases_at_a_time(self):
        for i in range(21):
            Case.objects.create(title=f"经验{i}", unit=self.fgw, year=2026, created_by=self.alice)
        self.login(self.alice)
        first = self.client.get("/cases/?area=")
        self.assertEqual(len(first.context["page"].object_list), 20)
        self.assertContains(first, "page=2")
        self.assertEqual(len(self.client.get("/cases/?page=2").context["page"].object_list), 1)

    def test_it_says_so_when_the_library_is_empty_or_nothing_matches(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/cases/"), "还没有典型经验")
        self.assertContains(self.client.get("/cases/?q=不存在的词"), "没有符合条件的典型经验")

    def test_it_drops_an_invalid_filter_instead_of_failing(self):
        self.make_case(title="发改委草稿")
        self.assertEqual(self.titles(self.alice, "?year=abc&level=9"), ["发改委草稿"])

    def test_it_shows_the_menu_entry_to_unit_staff_and_oversight_roles(self):
        for user in (self.alice, self.coordinator, self.leader):
            self.login(user)
            self.assertContains(self.client.get("/plans/"), 'href="/cases/"', msg_prefix=user.username)

    def test_it_offers_the_new_case_button_to_unit_staff_only(self):
        for user, shown in ((self.alice, True), (self.approver, True), (self.coordinator, False)):
            self.login(user)
            content = self.client.get("/cases/").content.decode()
            self.assertEqual('href="/cases/new/"' in content, shown, user.username)
