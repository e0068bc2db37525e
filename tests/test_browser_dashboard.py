"""The 领导驾驶舱 in a real browser (time frozen on 2026-11-28, ticking):
1. the 市长 logs in, is sent on to `/` and lands on /dashboard/, reads first 我分管 (the red task they are the
   responsible leader of, and why), then the totals; drills down 定西市 → 陇西县 → the plan → its area (each
   click swaps the page in and pushes its URL), reads why the task is red (each reason, and the missing
   report with its deadline and days since), opens the ledger with the same filter (as many rows as the
   dashboard counts, the reasons beside the status), comes back to the same view, opens the task page
   and reads why — nothing wider than the 1366 px window; the page prints on A4 landscape;
2. the same drill-down on a 390 px phone, without sideways scrolling, the reasons readable.
The clock stays on NOW for the whole test (the live server reads it too).
Data: a plan of two tasks (a green one of 市发改委; one of 陇西县发改局, past its deadline, its November
report never sent), the November cycle closed with its reports; statuses and colours derived by
apps.cycles.status.refresh_tasks, the statistics rebuilt by apps.dashboard.stats.refresh."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from apps.cycles.models import Cycle, Report, Schedule
from apps.cycles.status import refresh_tasks
from apps.dashboard import stats
from apps.orgs.models import Role, Unit
from apps.plans.models import Area, Plan, Task, TaskUnit
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import VIEWPORT, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
NOW = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
PHONE = {"width": 390, "height": 844}
GREEN = "建成高标准农田20万亩"
RED = "改造老旧小区30个"


def add_task(plan, area, code, title, lead, due, percent):
    task = Task.objects.create(
        plan=plan,
        area=area,
        code=code,
        title=title,
        start_date=datetime.date(2026, 1, 1),
        due_date=due,
        percent=percent,
    )
    TaskUnit.objects.create(task=task, unit=lead, role=TaskUnit.Role.LEAD)
    return task


@pytest.fixture
def city(transactional_db):
    """定西市 with the 市长 (市政府办), 市发改委 and 陇西县 with its 发改局; the plan's November cycle closed,
    市发改委's report accepted at 92%, 陇西县发改局's still 待填报 after the deadline."""
    with time_machine.travel(NOW, tick=True):
        city = make_unit("定西市", Unit.Kind.CITY)
        gov = make_unit("市政府办", Unit.Kind.DEPARTMENT, city)
        fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
        county = make_unit("陇西县", Unit.Kind.COUNTY, city)
        county_fgj = make_unit("陇西县发改局", Unit.Kind.DEPARTMENT, county)
        mayor = make_user("shizhang", gov, Role.LEADER)
        plan = Plan.objects.create(
            title="2026年全面深化改革工作要点", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED
        )
        economy = Area.objects.create(plan=plan, title="在优化营商环境上突破提升", order=1)
        welfare = Area.objects.create(plan=plan, title="在保障改善民生上提质增效", order=2)
        green = add_task(plan, economy, "1.1", GREEN, fgw, datetime.date(2026, 12, 31), 92)
        red = add_task(plan, welfare, "2.1", RED, county_fgj, datetime.date(2026, 10, 31), 60)
        Task.objects.filter(pk=red.pk).update(leader_user=mayor, leader="shizhang")  # 我分管
        Schedule.objects.create(plan=plan, kind=Schedule.Kind.MONTH)
        cycle = Cycle.objects.create(
            plan=plan,
            kind=Schedule.Kind.MONTH,
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 15),
            due_on=datetime.date(2026, 11, 25),
            status=Cycle.Status.CLOSED,
        )
        Report.objects.create(cycle=cycle, task=green, unit=fgw, status=Report.Status.ACCEPTED, percent=92)
        Report.objects.create(cycle=cycle, task=red, unit=county_fgj, status=Report.Status.PENDING)
        refresh_tasks(Task.objects.filter(plan=plan), today=TODAY)
        stats.refresh(TODAY)
        red.refresh_from_db()
        assert red.rag == "red" and red.status_reasons, (red.rag, red.status_reasons)
        yield {"plan": plan, "county": county, "red": red, "welfare": welfare}


def assert_no_sideways_scroll(page, width, name):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 30))"""
    )
    assert scroll <= width, f"{name}: the page is {scroll} px wide in a {width} px window; too wide: {wide}"


def log_in_at_home(page, base):
    """The leader logs in on the login page (no `next`): sent on to `/`, they land on the dashboard."""
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("shizhang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/dashboard/")


MISSING = "2026年11月未报送（陇西县发改局，2026-11-25 截止，已过 3 天）"


def drill_down_to_county(page, base, county):
    page.get_by_role("region", name="分单位进展").get_by_role("link", name="陇西县", exact=True).click()
    expect(page).to_have_url(f"{base}/dashboard/?unit={county.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("领导驾驶舱 · 陇西县")
    expect(page.locator("#totals-h")).to_have_text("任务总体情况（陇西县主责，共 1 项）")


def drill_down_to_area(page, base, city):
    """陇西县 → the plan → its area 在保障改善民生上提质增效: the figures of that area only."""
    county, plan, area = city["county"], city["plan"], city["welfare"]
    page.get_by_role("navigation", name="计划").get_by_role("link", name=plan.title).click()
    expect(page).to_have_url(f"{base}/dashboard/?unit={county.pk}&plan={plan.pk}")
    page.get_by_role("region", name="分领域进展").get_by_role("link", name=area.title).click()
    expect(page).to_have_url(f"{base}/dashboard/?unit={county.pk}&plan={plan.pk}&area={area.pk}")
    crumbs = page.get_by_role("navigation", name="下钻层级").get_by_role("listitem")
    expect(crumbs).to_have_text(["定西市", "陇西县", plan.title, area.title])
    expect(page.locator("#totals-h")).to_have_text(f"任务总体情况（陇西县主责 · {area.title}，共 1 项）")


def expect_why(region, red):
    row = region.get_by_role("row").filter(has_text=RED)
    why = row.locator(".why-cell")
    for reason in red.status_reasons:
        expect(why.get_by_role("listitem").filter(has_text=reason)).to_be_visible()
    expect(why.get_by_role("listitem").filter(has_text=MISSING)).to_be_visible()
    return row


def test_a_leader_drills_down_from_the_dashboard_to_a_red_task_and_reads_why(page, live_server, city):
    base, red = live_server.url, city["red"]
    log_in_at_home(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("领导驾驶舱 · 定西市")
    mine = page.get_by_role("region", name="我分管")
    expect(mine.get_by_role("heading", level=2)).to_have_text("我分管（我是责任领导的任务，共 1 项）")
    expect_why(mine, red)
    expect(page.locator("#totals-h")).to_have_text("任务总体情况（定西市主责，共 2 项）")
    colours = page.get_by_role("list", name="按预警颜色", exact=True)
    expect(colours.locator("li.red b")).to_have_text("1")
    expect(colours.locator("li.green b")).to_have_text("1")
    expect(colours.locator("li.red")).to_contain_text("红灯：已超过完成时限")
    units = page.get_by_role("region", name="分单位进展")
    expect(units.get_by_role("row").filter(has_text="陇西县").get_by_role("cell").nth(1)).to_have_text("1")
    expect(units.get_by_role("row").filter(has_text="合计").get_by_role("cell").last).to_have_text("2")
    assert_no_sideways_scroll(page, VIEWPORT["width"], "dashboard")

    page.evaluate("window.stillHere = true")  # gone if a click loaded a new page instead of swapping
    drill_down_to_county(page, base, city["county"])
    drill_down_to_area(page, base, city)
    assert page.evaluate("window.stillHere === true"), "a drill-down click reloaded the page"
    page.wait_for_function("window.scrollY === 0")  # the new view is read from its top
    expect(page.locator("#area-chart canvas")).to_have_count(1)  # the charts drawn again after the swap
    red_list = page.get_by_role("region", name="逾期与红灯任务")
    row = expect_why(red_list, red)
    expect(row).to_contain_text("陇西县发改局")
    expect(red_list).not_to_contain_text(GREEN)
    assert_no_sideways_scroll(page, VIEWPORT["width"], "dashboard of 陇西县's area")
    area_view = page.url

    page.get_by_role("link", name="任务清单（台账").click()  # the same filter: as many rows
    page.wait_for_url(
        f"{base}/plans/{city['plan'].pk}/?unit={city['county'].pk}&owner=on&area={city['welfare'].pk}"
    )
    expect(page.get_by_label("只看主责")).to_be_checked()  # the filter shows on the ledger
    expect(page.locator(".count")).to_have_text("共 1 项任务")
    # why, and since when ("红灯（11月28日起）：…")
    why = "；".join(red.status_reasons)
    expect(page.locator(".status-why")).to_have_text(re.compile(r"红灯（\d+月\d+日起）：" + re.escape(why)))
    page.go_back()  # back keeps the drill-down
    expect(page).to_have_url(area_view)
    expect(page.locator("#totals-h")).to_contain_text("陇西县主责")

    page.get_by_role("region", name="逾期与红灯任务").get_by_role("link", name=f"2.1 {RED}").click()
    page.wait_for_url(f"{base}/tasks/{red.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"2.1 {RED}")
    status = page.locator(".status-card")
    expect(status).to_contain_text("红灯")
    for reason in red.status_reasons:
        expect(status.locator(".reasons")).to_contain_text(reason)
    assert_no_sideways_scroll(page, VIEWPORT["width"], "task page")

    page.go_back()
    expect(page).to_have_url(area_view)
    expect(page.get_by_role("heading", level=1)).to_have_text("领导驾驶舱 · 陇西县")


def test_the_dashboard_prints_on_a4_landscape(page, live_server, city):
    log_in_at_home(page, live_server.url)
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_role("navigation", name="计划")).to_be_hidden()
    expect(page.get_by_role("region", name="逾期与红灯任务")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert boxes, "no page size in the PDF"
    for width, height in boxes:  # A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt
        assert (round(float(width)), round(float(height))) == (842, 595), boxes


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_leader_reads_the_dashboard_on_a_phone_without_sideways_scrolling(phone, live_server, city):
    base = live_server.url
    log_in_at_home(phone, base)
    expect(phone.locator("#totals-h")).to_have_text("任务总体情况（定西市主责，共 2 项）")
    assert_no_sideways_scroll(phone, PHONE["width"], "dashboard on a phone")
    drill_down_to_county(phone, base, city["county"])
    drill_down_to_area(phone, base, city)
    expect_why(phone.get_by_role("region", name="逾期与红灯任务"), city["red"])
    assert_no_sideways_scroll(phone, PHONE["width"], "dashboard of 陇西县's area on a phone")
