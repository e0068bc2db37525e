import datetime
import re
import urllib.parse
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.orgs.models import Unit
from apps.plans.models import Area, Milestone, Target, Task, TaskUnit
from luoshi.test import BaseTestCase, make_unit


def add_task(plan, code, title, lead, co=(), **fields) -> Task:
    task = Task.objects.create(plan=plan, code=code, title=title, **fields)
    for unit in [lead]:
        TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.LEAD)
    for unit in co:
        TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.CO)
    return task


class LedgerTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.price_office = make_unit("市发改委价格科", Unit.Kind.DEPARTMENT, cls.fgw)
        cls.area2 = Area.objects.create(plan=cls.plan, title="在保障改善民生上用力", order=2)
        cls.housing = add_task(
            cls.plan,
            "2.1",
            "新建城镇保障性住房1000套",
            cls.zjj,
            area=cls.area2,
            leader="李副市长",
            kind=Task.Kind.LIVELIHOOD,
            priority=Task.Priority.HIGH,
            due_date=datetime.date(2026, 6, 30),
        )
        cls.prices = add_task(
            cls.plan,
            "3.1",
            "深化公用事业价格改革",
            cls.price_office,
            leader="张副市长",
            kind=Task.Kind.REFORM,
            due_date=datetime.date(2026, 9, 15),
        )
        cls.census = add_task(
            cls.plan,
            "3.2",
            "开展第五次全国经济普查",
            cls.tjj,
            leader="王副市长",
            kind=Task.Kind.ROUTINE,
            due_date=datetime.date(2026, 3, 31),
        )

    def ledger(self, query="", **extra):
        return self.client.get(f"/plans/{self.plan.pk}/{query}", **extra)

    def titles(self, response) -> list[str]:
        return [task.title for task in response.context["page"].object_list]

    def setUp(self):
        self.login(self.coordinator)


class LedgerFilterTestCase(LedgerTestCase):
    def test_it_lists_every_task_of_the_plan_for_a_coordinator(self):
        response = self.ledger()
        self.assertEqual(len(self.titles(response)), 4)
        self.assertContains(response, "共 4 项任务")

    def test_it_filters_by_area(self):
        response = self.ledger(f"?area={self.area2.pk}")
        self.assertEqual(self.titles(response), ["新建城镇保障性住房1000套"])

    def test_it_filters_by_unit_including_the_units_below_it(self):
        response = self.ledger(f"?unit={self.fgw.pk}")
        self.assertEqual(set(self.titles(response)), {"建成高标准农田20万亩", "深化公用事业价格改革"})

    def test_it_filters_by_unit_as_lead_or_co_unit(self):
        response = self.ledger(f"?unit={self.zjj.pk}")
        self.assertEqual(set(self.titles(response)), {"建成高标准农田20万亩", "新建城镇保障性住房1000套"})

    def test_it_filters_by_leader(self):
        response = self.ledger("?leader=李副市长")
        self.assertEqual(self.titles(response), ["新建城镇保障性住房1000套"])

    def test_it_filters_by_kind(self):
        response = self.ledger("?kind=reform")
        self.assertEqual(set(self.titles(response)), {"建成高标准农田20万亩", "深化公用事业价格改革"})

    def test_it_filters_by_due_month(self):
        response = self.ledger("?due_month=2026-06")
        self.assertEqual(self.titles(response), ["新建城镇保障性住房1000套"])

    def test_it_combines_filters(self):
        response = self.ledger(f"?kind=reform&unit={self.price_office.pk}")
        self.assertEqual(self.titles(response), ["深化公用事业价格改革"])

    def test_it_explains_a_bad_month_in_chinese(self):
        response = self.ledger("?due_month=2026-13")
        self.assertContains(response, "月份格式应为 2026-04")

    def test_it_shows_unit_staff_only_their_units_tasks(self):
        self.login(self.alice)
        response = self.ledger()
        self.assertEqual(set(self.titles(response)), {"建成高标准农田20万亩", "深化公用事业价格改革"})
        self.assertNotContains(response, "开展第五次全国经济普查")

        self.login(self.bob)
        response = self.ledger()
        self.assertEqual(set(self.titles(response)), {"建成高标准农田20万亩", "新建城镇保障性住房1000套"})


class LedgerScopeTestCase(LedgerTestCase):
    """What the ledger counts and offers when the user sees only part of a plan."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.county_task = add_task(cls.plan, "4.1", "陇西县中药材产业提升", cls.county_fgj, leader="赵县长")

    def test_it_counts_only_the_tasks_a_county_coordinator_sees_on_the_city_plan(self):
        self.login(self.county_coordinator)
        response = self.ledger()
        self.assertEqual(self.titles(response), ["陇西县中药材产业提升"])
        self.assertContains(response, "共 1 项任务")

    def test_it_filters_a_county_coordinators_part_of_the_plan_by_leader(self):
        self.login(self.county_coordinator)
        self.assertEqual(self.titles(self.ledger("?leader=赵县长")), ["陇西县中药材产业提升"])

    def test_it_offers_a_county_coordinator_only_the_leaders_of_the_tasks_it_sees(self):
        self.login(self.county_coordinator)
        choices = [name for name, _ in self.ledger().context["form"].fields["leader"].choices]
        self.assertEqual(choices, ["", "赵县长"])

    def test_it_offers_every_leader_named_on_the_plans_live_tasks(self):
        Task.objects.filter(pk=self.census.pk).update(archived_at=timezone.now())
        choices = [name for name, _ in self.ledger().context["form"].fields["leader"].choices]
        self.assertEqual(choices, ["", "张副市长", "李副市长", "赵县长"])

    def test_it_counts_nothing_for_a_plan_without_tasks(self):
        Task.objects.filter(plan=self.plan).update(archived_at=timezone.now())
        response = self.ledger("?page=3")
        self.assertEqual(response.context["page"].number, 1)
        self.assertContains(response, "共 0 项任务")


class LedgerSearchTestCase(LedgerTestCase):
    def test_it_finds_the_task_by_a_word_of_its_title(self):
        response = self.ledger("?q=高标准农田")
        self.assertEqual(self.titles(response), ["建成高标准农田20万亩"])
        self.assertContains(response, "建成高标准农田20万亩")

    def test_it_finds_a_task_by_its_description(self):
        response = self.ledger("?q=要素市场化")
        self.assertEqual(self.titles(response), ["建成高标准农田20万亩"])

    def test_it_finds_a_task_by_its_code(self):
        response = self.ledger("?q=3.2")
        self.assertEqual(self.titles(response), ["开展第五次全国经济普查"])

    def test_it_requires_every_word_to_match(self):
        self.assertEqual(self.titles(self.ledger("?q=高标准农田 住房")), [])

    def test_it_explains_a_search_too_long_in_chinese_and_lists_the_tasks(self):
        response = self.ledger("?q=" + "农田 " * 40)
        self.assertContains(response, "搜索：最多 100 个字，请缩短搜索内容")
        self.assertEqual(len(self.titles(response)), 4)

    def test_it_says_so_when_nothing_matches(self):
        response = self.ledger("?q=不存在的任务")
        self.assertEqual(self.titles(response), [])
        self.assertContains(response, "没有符合条件的任务。")
        self.assertContains(response, "清除筛选条件")


class LedgerSortTestCase(LedgerTestCase):
    def test_it_sorts_by_due_date(self):
        response = self.ledger("?sort=due_date")
        self.assertEqual(
            self.titles(response),
            [
                "开展第五次全国经济普查",
                "新建城镇保障性住房1000套",
                "深化公用事业价格改革",
                "建成高标准农田20万亩",
            ],
        )

    def test_it_sorts_by_due_date_descending(self):
        response = self.ledger("?sort=-due_date")
        self.assertEqual(self.titles(response)[0], "建成高标准农田20万亩")

    def test_it_sorts_by_code(self):
        response = self.ledger("?sort=code")
        self.assertEqual([t.code for t in response.context["page"].object_list], ["1.1", "2.1", "3.1", "3.2"])

    def test_it_sorts_by_priority(self):
        self.assertEqual(self.titles(self.ledger("?sort=priority"))[0], "新建城镇保障性住房1000套")

    def test_it_renders_rows_in_the_sorted_order(self):
        content = self.ledger("?sort=due_date").content.decode()
        self.assertLess(content.index("开展第五次全国经济普查"), content.index("建成高标准农田20万亩"))


class LedgerPaginationTestCase(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for i in range(1, 57):
            add_task(cls.plan, f"9.{i:02d}", f"批量任务{i:02d}", cls.fgw)

    def test_it_shows_fifty_tasks_a_page(self):
        response = self.ledger()
        self.assertEqual(len(self.titles(response)), 50)
        self.assertContains(response, "共 60 项任务，第 1/2 页")
        self.assertContains(response, "page=2")

    def test_it_shows_the_rest_on_the_second_page(self):
        response = self.ledger("?page=2")
        self.assertEqual(len(self.titles(response)), 10)
        self.assertContains(response, "第 2 / 2 页")

    def test_it_keeps_the_filters_in_the_page_links(self):
        response = self.ledger("?q=批量任务")
        self.assertContains(response, "共 56 项任务")
        self.assertContains(response, "?q=%E6%89%B9%E9%87%8F%E4%BB%BB%E5%8A%A1&page=2")

    def test_it_shows_the_last_page_for_a_page_too_far(self):
        response = self.ledger("?page=99")
        self.assertEqual(response.context["page"].number, 2)
        self.assertEqual(len(self.titles(response)), 10)
        self.assertContains(response, "共 60 项任务，第 2/2 页")

    def test_it_shows_the_last_page_for_a_page_number_too_large_for_the_database(self):
        response = self.ledger("?page=99999999999999999999")
        self.assertEqual(response.context["page"].number, 2)

    def test_it_shows_the_first_page_for_a_page_that_is_not_a_number(self):
        response = self.ledger("?page=abc")
        self.assertEqual(response.context["page"].number, 1)
        self.assertEqual(len(self.titles(response)), 50)

    def filter_form_request(self, page_url, **params) -> str:
        """The URL htmx requests when the filter form on `page_url` changes: its hx-get resolved against
        the page's URL, the form's fields appended to any query string that already has."""
        response = self.ledger(page_url)
        hx_get = re.search(r'<form class="filters[^>]*hx-get="([^"]*)"', response.content.decode())[1]
        url = urllib.parse.urljoin(f"/plans/{self.plan.pk}/{page_url}", hx_get)
        return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)

    def test_it_does_not_pile_up_query_parameters_over_repeated_searches(self):
        url = f"/plans/{self.plan.pk}/"
        for word in ("批量", "任务", "批量任务"):
            url = self.filter_form_request(url.removeprefix(f"/plans/{self.plan.pk}/"), q=word)
        self.assertEqual(urllib.parse.parse_qs(urllib.parse.urlsplit(url).query), {"q": ["批量任务"]})

    def test_it_goes_back_to_the_first_page_when_the_sort_changes(self):
        url = self.filter_form_request("?page=2", sort="title")
        response = self.client.get(url)
        self.assertEqual(response.context["page"].number, 1)


class LedgerHtmxTestCase(LedgerTestCase):
    def test_it_returns_only_the_table_to_htmx(self):
        response = self.ledger("?kind=livelihood", HTTP_HX_REQUEST="true")
        self.assertTemplateUsed(response, "plans/_ledger_table.html")
        self.assertTemplateNotUsed(response, "plans/ledger.html")
        self.assertContains(response, "新建城镇保障性住房1000套")
        self.assertNotContains(response, "<html")
        self.assertNotContains(response, 'class="filters')

    def test_it_returns_the_whole_page_without_htmx(self):
        response = self.ledger()
        self.assertTemplateUsed(response, "plans/ledger.html")
        self.assertContains(response, "<html")
        self.assertContains(response, 'class="filters')


class LedgerQueryCountTestCase(BaseTestCase):
    def count_queries(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_uses_as_many_queries_for_thirty_tasks_as_for_one(self):
        self.login(self.coordinator)
        self.client.get(f"/plans/{self.plan.pk}/")  # warm caches (content types, session)
        with_one = self.count_queries()

        for i in range(2, 31):
            task = add_task(self.plan, f"1.{i}", f"任务{i}", self.fgw, co=[self.zjj], area=self.area)
            Target.objects.create(task=task, metric="投资", comparator=">=", value=Decimal(i), unit="亿元")
            Milestone.objects.create(task=task, due_date=datetime.date(2026, 6, 30), deliverable="过半")
        with_thirty = self.count_queries()

        self.assertEqual(Task.objects.filter(plan=self.plan).count(), 30)
        self.assertEqual(with_one, with_thirty)

    def test_it_uses_as_many_queries_for_unit_staff(self):
        self.login(self.alice)
        self.client.get(f"/plans/{self.plan.pk}/")
        with_one = self.count_queries()
        for i in range(2, 31):
            add_task(self.plan, f"1.{i}", f"任务{i}", self.fgw, co=[self.zjj])
        self.assertEqual(self.count_queries(), with_one)


class LedgerUnitFilterTestCase(LedgerTestCase):
    """The 责任单位 filter lists no unit tree: it offers the unit chosen and searches the others (htmx)."""

    def options(self, query) -> list[str]:
        response = self.client.get(f"/plans/{self.plan.pk}/units/{query}")
        self.assertEqual(response.status_code, 200)
        return re.findall(r"<option[^>]*>([^<]*)</option>", response.content.decode())

    def test_it_lists_only_all_units_when_none_is_chosen(self):
        html = self.ledger().content.decode()
        select = re.search(r'<select[^>]*name="unit".*?</select>', html, re.S)[0]
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", select), ["全部单位"])

    def test_it_lists_the_chosen_unit_selected(self):
        html = self.ledger(f"?unit={self.fgw.pk}").content.decode()
        self.assertIn(f'<option value="{self.fgw.pk}" selected>市发改委</option>', html)

    def test_it_finds_units_by_a_part_of_their_name_with_the_unit_above(self):
        self.assertEqual(
            self.options("?unit_q=发改"),
            ["全部单位", "市发改委（定西市）", "陇西县发改局（陇西县）", "市发改委价格科（市发改委）"],
        )

    def test_it_keeps_the_chosen_unit_first_and_selected(self):
        response = self.client.get(f"/plans/{self.plan.pk}/units/?unit_q=发改&unit={self.fgw.pk}")
        self.assertContains(response, f'<option value="{self.fgw.pk}" selected>市发改委</option>')
        self.assertEqual(self.options(f"?unit_q=发改&unit={self.fgw.pk}").count("市发改委（定西市）"), 0)

    def test_it_finds_a_unit_by_an_alias(self):
        Unit.objects.filter(pk=self.zjj.pk).update(aliases=["住建局"])
        self.assertEqual(self.options("?unit_q=住建局"), ["全部单位", "市住建局（定西市）"])

    def test_it_says_so_when_no_unit_matches(self):
        self.assertEqual(self.options("?unit_q=卫健委"), ["全部单位", "没有名称含“卫健委”的单位"])

    def test_it_offers_a_county_coordinator_only_the_units_of_the_county(self):
        add_task(self.plan, "4.1", "陇西县中药材产业提升", self.county_fgj)
        self.login(self.county_coordinator)
        self.assertEqual(self.options("?unit_q=发改"), ["全部单位", "陇西县发改局（陇西县）"])
        self.assertEqual(
            self.options(f"?unit_q=发改&unit={self.fgw.pk}"), ["全部单位", "陇西县发改局（陇西县）"]
        )

    def test_it_says_how_to_narrow_a_search_with_too_many_hits(self):
        for n in range(31):
            make_unit(f"陇西县第{n}乡镇", Unit.Kind.TOWNSHIP, self.county)
        options = self.options("?unit_q=乡镇")
        self.assertEqual(len(options), 1 + 30 + 1)
        self.assertEqual(options[-1], "结果较多，只列出前 30 个，请输入更完整的名称")
