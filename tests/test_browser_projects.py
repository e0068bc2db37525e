"""重点项目 in a real browser: a 发改委 reporter, on a 390 px phone, opens the ledger and sees the
project red with the reason why; reports the month on the project's page (本月完成投资, 实际开工,
施工许可 办结); the project turns green, on its page and in the ledger; the unit's 审核人 approves the
month on a desktop."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.orgs.models import Role, Unit
from apps.projects import actions
from apps.projects.models import Project, ProjectReport
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
PHONE = {"width": 390, "height": 844}
NAME = "定西市中医院综合楼建设项目"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def project(transactional_db):
    today = timezone.localdate()
    city = make_unit("定西市", Unit.Kind.CITY)
    office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
    fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
    coordinator = make_user("gaige", office, Role.COORDINATOR)
    make_user("fgw_tb", fgw, Role.REPORTER)
    make_user("fgw_sh", fgw, Role.APPROVER)
    project = actions.create_project(
        Project(
            code="SJ-001",
            name=NAME,
            year=today.year,
            level=Project.Level.CITY,
            kind=Project.Kind.NEW,
            unit=fgw,
            leader="张副市长",
            total_investment=Decimal("48000"),
            annual_plan=Decimal("12000"),
            planned_start=today - datetime.timedelta(days=150),  # due five months ago, not started
            planned_end=today + datetime.timedelta(days=700),
        ),
        actor=coordinator,
    )
    assert project.colour == Project.Colour.RED
    return project


def assert_fits(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: the page is {width} px wide on a {PHONE['width']} px phone"


def test_a_reporter_reports_the_month_and_the_colour_turns(live_server, phone, new_page, project):
    base = live_server.url
    log_in(phone, base, "fgw_tb", PASSWORD, "/projects/")
    row = phone.locator(f"#project-{project.pk}")
    expect(row).to_contain_text("红灯")
    expect(row).to_contain_text("仍未开工（3个月及以上为红灯）")
    assert_fits(phone, "the ledger")
    phone.screenshot(path=str(SCREENSHOTS / "mobile_projects.png"), full_page=True)

    row.get_by_role("link", name=NAME).click()
    link = phone.locator("#report-month")
    month = int(link.inner_text().removeprefix("填报").removesuffix("月进展"))  # the last month due
    link.click()
    assert_fits(phone, "the report form")
    expect(phone.get_by_label("月份")).to_have_value(str(month))
    phone.get_by_label("本月完成投资（万元）").fill("12000")
    phone.get_by_label("实际开工时间").fill(timezone.localdate().isoformat())
    phone.get_by_label("形象进度").fill("主体结构施工至第3层")
    phone.get_by_text("前期手续（立项").click()  # folded: most months change no 手续
    phone.get_by_label("施工许可手续").select_option(label="已办结")
    phone.screenshot(path=str(SCREENSHOTS / "mobile_project_report.png"), full_page=True)
    phone.get_by_role("button", name="报送").click()

    expect(phone.get_by_text(f"{month}月月报已报送，等待单位审核。项目当前：绿灯")).to_be_visible()
    expect(phone.locator("#project-light")).to_contain_text("绿灯")
    expect(phone.locator("#project-light")).to_contain_text("投资完成率100.00%")
    phone.goto(f"{base}/projects/")
    expect(phone.locator(f"#project-{project.pk}")).to_contain_text("绿灯")
    desktop = new_page()
    log_in(desktop, base, "fgw_tb", PASSWORD, f"/projects/{project.pk}/")
    desktop.wait_for_function("document.querySelector('#project-chart canvas, #project-chart svg')")
    desktop.screenshot(path=str(SCREENSHOTS / "project.png"), full_page=True)

    approver = new_page()
    log_in(approver, base, "fgw_sh", PASSWORD, f"/projects/{project.pk}/")
    review = approver.locator(f"#review-{month}")
    review.get_by_label("通过").check()
    review.get_by_role("button", name="提交审核").click()
    expect(approver.locator(f"#report-{month}")).to_contain_text("待牵头机关审核")
    assert ProjectReport.objects.get(project=project, month=month).status == ProjectReport.Status.APPROVED
