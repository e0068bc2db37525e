"""The 年督考 chain in a real browser, on the real pages only, as its users run it (time frozen on
2026-12-20, ticking, so the scheme's year and the run dates are fixed):
1. the coordinator makes a scheme from the default rules and publishes it; the 市长 enters 领导评价; the
   coordinator runs the scores (the job runs at once in tests), opens 市发改委's breakdown, follows the
   二次督办 deduction to its 督办单 and comes back, adds an adjustment with its PDF, runs the final scores
   as of 12-31 and publishes them: the ranking shows 已发布;
2. 市发改委's reporter, on a 390 px phone, opens the run and lands on their own breakdown only.
The 督办单 is issued in the fixture through apps.supervision.actions."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from apps.assessment import actions as assessment
from apps.assessment.defaults import default_config
from apps.assessment.models import Adjustment, Scheme, ScoreRun
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task, TaskUnit
from apps.supervision import actions as supervision
from apps.supervision.models import Notice
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.7\n%%EOF\n"
FGW_TASK = "推进重点项目建设"


@pytest.fixture
def city(transactional_db, settings, tmp_path):
    """定西市 with its 改革办 (the coordinator), 市政府办 (the 市长) and two assessed departments, each
    leading one task of the 2026 plan; 市发改委 has had a 催办 (二次督办) on its task. The clock stays on
    NOW (ticking) for the whole test: the live server's thread reads the same clock."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=True):
        city = make_unit("定西市", Unit.Kind.CITY)
        office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
        gov = make_unit("市政府办", Unit.Kind.DEPARTMENT, city)
        fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
        zjj = make_unit("市住建局", Unit.Kind.DEPARTMENT, city)
        coordinator = make_user("gaige", office, Role.COORDINATOR)
        make_user("shizhang", gov, Role.LEADER)
        make_user("fgw_tb", fgw, Role.REPORTER)
        plan = Plan.objects.create(title="重点工作", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED)
        tasks = {}
        for unit, title in ((fgw, FGW_TASK), (zjj, "完成城镇老旧小区改造")):
            tasks[unit.name] = Task.objects.create(
                plan=plan,
                title=title,
                start_date=datetime.date(2026, 1, 1),
                due_date=datetime.date(2026, 12, 31),
            )
            TaskUnit.objects.create(task=tasks[unit.name], unit=unit, role=TaskUnit.Role.LEAD)
        notice = supervision.issue_notice(
            task=tasks["市发改委"],
            unit=fgw,
            level=Notice.Level.URGE,
            reason="项目开工滞后于序时进度",
            reply_by=datetime.date(2026, 12, 25),
            actor=coordinator,
        )
        yield {"city": city, "fgw": fgw, "coordinator": coordinator, "notice": notice}


def run_scores(page, as_of, *, final=False):
    """On the scheme page: 计分截至 a day (年终结果 ticked or not), 计算分数; the run page, once done."""
    page.get_by_label("计分截至").fill(as_of)
    if final:
        page.get_by_label("年终结果（计至12月31日，发布后冻结）").check()
    page.get_by_role("button", name="计算分数").click()
    expect(page.locator("main")).to_contain_text("状态：已完成")


def make_scheme(page, base):
    """The coordinator's new scheme, from the default rules as prefilled, saved and published."""
    log_in(page, base, "gaige", PASSWORD, "/assessment/")
    page.get_by_role("link", name="新建考核办法").click()
    expect(page.get_by_label("考核规则")).to_have_value(re.compile("承办任务完成"))
    expect(page.get_by_label("考核年度")).to_have_value("2026")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#scheme-status")).to_have_text("草稿")
    expect(page.locator("#rules")).to_contain_text("二次督办 -3/次")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator("#scheme-status")).to_have_text("已发布")
    return Scheme.objects.get(year=2026)


def rate(page, base, scheme):
    """The 市长 enters 领导评价 for both departments in one table."""
    log_in(page, base, "shizhang", PASSWORD, f"/assessment/{scheme.pk}/")
    page.get_by_role("link", name="领导评价").click()
    page.get_by_label("市发改委 领导评价").fill("9")
    page.get_by_label("市住建局 领导评价").fill("8")
    page.get_by_role("button", name="保存评价").click()
    expect(page.locator("main")).to_contain_text("评价已保存")
    expect(page.get_by_label("市发改委 领导评价")).to_have_value("9.00")


def test_a_coordinator_runs_an_assessment_year_down_to_the_published_results(new_page, live_server, city):
    base, notice = live_server.url, city["notice"]
    coordinator = new_page()
    scheme = make_scheme(coordinator, base)
    rate(new_page(), base, scheme)

    coordinator.reload()
    run_scores(coordinator, "2026-12-20")
    groups = coordinator.get_by_role("navigation", name="考核分组")
    if groups.count():  # one group at a time: the departments' ranking
        groups.get_by_role("link", name="市直单位").click()
    ranking = coordinator.locator("#ranking")
    expect(ranking).to_contain_text("市发改委")
    cells = ranking.get_by_role("row").filter(has_text="市发改委").get_by_role("cell")
    expect(cells.nth(4)).to_have_text("12.00")  # 督办响应 15 − 3 (二次督办)
    expect(cells.nth(5)).to_have_text("9.00")  # the 市长's rating
    expect(cells.nth(6)).to_have_text("96.00")

    ranking.get_by_role("link", name="市发改委").click()
    expect(coordinator.locator("#total-text")).to_have_text("60 + 15 + 12 + 9 = 96")
    d3 = coordinator.locator("#dimension-D3")
    expect(d3).to_contain_text("-3")
    d3.get_by_role("link", name=f"催办：{FGW_TASK}").click()
    coordinator.wait_for_url(f"{base}/notices/{notice.pk}/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"【催办】{FGW_TASK}")
    expect(coordinator.locator("main")).to_contain_text("项目开工滞后于序时进度")
    coordinator.go_back()

    coordinator.get_by_label("加减分（减分填负数）").fill("1.5")
    coordinator.get_by_label("理由").fill("市委专题会议认定重点项目超额完成")
    coordinator.get_by_label("依据材料").set_input_files(
        files=[{"name": "专题会议纪要.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    coordinator.get_by_role("button", name="记录调整").click()
    adjustments = coordinator.locator("#adjustments")
    expect(adjustments).to_contain_text("市委专题会议认定重点项目超额完成")
    expect(adjustments.get_by_role("link", name="专题会议纪要.pdf")).to_be_visible()
    assert Adjustment.objects.get().evidence.count() == 1

    coordinator.goto(f"{base}/assessment/{scheme.pk}/")
    run_scores(coordinator, "2026-12-31", final=True)
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("年终考核结果 · 截至 2026-12-31")
    coordinator.get_by_role("link", name="市发改委").first.click()
    expect(coordinator.locator("#total")).to_have_text("97.50")  # the adjustment counts in the final run
    expect(coordinator.locator("#adjustments .lines")).to_contain_text("市委专题会议认定重点项目超额完成")
    coordinator.go_back()
    coordinator.get_by_role("button", name="发布考核结果").click()
    expect(coordinator.locator("main")).to_contain_text("考核结果已发布，分数冻结")
    expect(coordinator.locator(".tag.published")).to_have_text("已发布，分数冻结")
    expect(coordinator.get_by_role("button", name="发布考核结果")).to_have_count(0)
    scheme.refresh_from_db()
    assert scheme.results_published_at is not None
    assert ScoreRun.objects.get(final=True).status == ScoreRun.Status.DONE


@pytest.fixture
def scored(city):
    """A published default scheme, scored as of today (the job runs at once in tests)."""
    scheme = assessment.create_scheme(
        owner_unit=city["city"],
        title="2026年度重点工作督查考核",
        year=2026,
        config=default_config(city["city"]),
        actor=city["coordinator"],
    )
    assessment.publish(scheme, actor=city["coordinator"])
    run = assessment.request_run(scheme, as_of=datetime.date(2026, 12, 20), actor=city["coordinator"])
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.DONE
    return run


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_unit_reporter_sees_only_their_own_breakdown_on_a_phone(phone, live_server, city, scored):
    base, fgw = live_server.url, city["fgw"]
    log_in(phone, base, "fgw_tb", PASSWORD, "/assessment/")
    phone.get_by_role("link", name="2026年度重点工作督查考核").click()
    phone.get_by_role("link", name="截至 2026-12-20").click()
    phone.wait_for_url(f"{base}/assessment/runs/{scored.pk}/units/{fgw.pk}/")  # no ranking: their own page
    expect(phone.get_by_role("heading", level=1)).to_have_text("市发改委 · 得分明细")
    expect(phone.locator("#dimension-D3")).to_contain_text(f"催办：{FGW_TASK}")
    expect(phone.locator("main")).not_to_contain_text("市住建局")
    expect(phone.get_by_role("button", name="记录调整")).to_have_count(0)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the breakdown is {width} px wide on a {PHONE['width']} px phone"
