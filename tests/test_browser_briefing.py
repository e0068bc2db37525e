"""The monthly 督查通报 in a real browser (time frozen on 2026-11-30, ticking): the coordinator of 市委改革办
opens the plan's 通报 through the menu, generates this month's draft, previews it, edits 下步要求,
publishes it (numbered 2026年第1期) and downloads the .docx, read back with python-docx.
Data: a plan of three tasks (one on track, one lagging whose report names its 存在问题, one overdue whose
report was never sent), the November cycle closed with its reports; statuses derived by
apps.cycles.status.refresh_tasks. The clock stays on NOW for the whole test (the live server reads it too)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document
from playwright.sync_api import expect

from apps.briefings.models import Briefing
from apps.cycles.models import Cycle, Report, Schedule
from apps.cycles.status import refresh_tasks
from apps.orgs.models import Role, Unit
from apps.plans.models import Area, Plan, Task, TaskUnit
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
NOW = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
PLAN = "2026年全面深化改革工作要点"
TITLE = f"关于2026年11月{PLAN}进展情况的通报"
PROBLEM = "拆迁协议签订进度慢，资金缺口较大"
REQUIREMENTS = [
    "一是加快老旧小区改造进度，12月15日前签订全部拆迁协议。",
    "二是逾期事项的牵头单位12月5日前书面说明原因。",
]


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
def city(transactional_db, settings, tmp_path):
    """定西市's plan issued by the city, 市委改革办's coordinator (gaige), 市发改委 and 市住建局 leading its
    tasks; the November cycle closed: two reports in, one still 待填报."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=True):
        city = make_unit("定西市", Unit.Kind.CITY)
        office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
        fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
        zjj = make_unit("市住建局", Unit.Kind.DEPARTMENT, city)
        coordinator = make_user("gaige", office, Role.COORDINATOR)
        plan = Plan.objects.create(title=PLAN, year=2026, owner_unit=city, status=Plan.Status.PUBLISHED)
        economy = Area.objects.create(plan=plan, title="在优化营商环境上突破提升", order=1)
        welfare = Area.objects.create(plan=plan, title="在保障和改善民生上用力", order=2)
        year_end = datetime.date(2026, 12, 31)
        farmland = add_task(plan, economy, "1.1", "建成高标准农田20万亩", fgw, year_end, 92)
        housing = add_task(plan, welfare, "2.1", "改造老旧小区30个", zjj, year_end, 40)
        zoning = add_task(plan, economy, "1.2", "完成国土空间规划报批", fgw, datetime.date(2026, 10, 31), 60)
        Schedule.objects.create(plan=plan, kind=Schedule.Kind.MONTH)
        cycle = Cycle.objects.create(
            plan=plan,
            kind=Schedule.Kind.MONTH,
            label="2026年11月",
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            opens_on=datetime.date(2026, 11, 20),
            due_on=datetime.date(2026, 11, 25),
            status=Cycle.Status.CLOSED,
        )
        S = Report.Status
        Report.objects.create(cycle=cycle, task=farmland, unit=fgw, status=S.ACCEPTED, percent=92)
        Report.objects.create(
            cycle=cycle, task=housing, unit=zjj, status=S.SUBMITTED, percent=40, problems=PROBLEM
        )
        Report.objects.create(cycle=cycle, task=zoning, unit=fgw, status=S.PENDING)
        refresh_tasks(Task.objects.filter(plan=plan), today=TODAY)
        yield {"plan": plan, "coordinator": coordinator}


def test_a_coordinator_generates_edits_publishes_and_downloads_the_monthly_briefing(page, live_server, city):
    base, plan = live_server.url, city["plan"]
    log_in(page, base, "gaige", PASSWORD, "/plans/")
    page.get_by_role("banner").get_by_role("link", name="督查通报").click()
    page.wait_for_url(f"{base}/briefings/")
    plans = page.locator("section").filter(has=page.get_by_role("heading", name="各计划的通报"))
    plans.get_by_role("link", name=PLAN).click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/briefings/")
    expect(page.locator("main")).to_contain_text("该计划还没有通报。")

    expect(page.get_by_label("期次")).to_have_value("2026-11")
    page.get_by_role("button", name="生成通报").click()
    page.wait_for_url(re.compile(rf"{re.escape(base)}/briefings/\d+/$"))
    briefing = Briefing.objects.get()
    expect(page.locator(".messages")).to_contain_text("的台账数据生成通报草稿")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main .head")).to_contain_text("（草稿，发布时编号）")
    expect(page.locator("main .head")).to_contain_text("数据截至2026年11月30日")
    article = page.locator("article.briefing")
    expect(article).to_contain_text("一、总体情况")
    expect(article).to_contain_text(PROBLEM)
    expect(article).to_contain_text("一是压实工作责任")  # the default 下步要求

    page.get_by_role("link", name="修改文字").click()
    page.wait_for_url(f"{base}/briefings/{briefing.pk}/edit/")
    expect(page.get_by_label("标题")).to_have_value(TITLE)
    page.get_by_label("下步要求").fill("\n".join(REQUIREMENTS))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/briefings/{briefing.pk}/")
    expect(page.locator(".messages")).to_contain_text("通报文字已保存")
    for line in REQUIREMENTS:
        expect(article).to_contain_text(line)
    expect(article).not_to_contain_text("一是压实工作责任")

    page.get_by_role("button", name="发布并编号").click()
    page.wait_for_url(f"{base}/briefings/{briefing.pk}/")
    expect(page.locator(".messages")).to_contain_text("通报已发布：2026年第1期")
    head = page.locator("main .head")
    expect(head).to_contain_text("《定西市督查》 2026年第1期")
    expect(head.locator(".tag")).to_have_text("已发布")
    expect(page.get_by_role("button", name="发布并编号")).to_have_count(0)
    expect(page.get_by_role("link", name="修改文字")).to_have_count(0)
    briefing.refresh_from_db()
    assert (briefing.number, briefing.published_by) == (1, city["coordinator"])

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word").click()
    download = info.value
    assert download.suggested_filename == f"{TITLE}.docx"
    paragraphs = [p.text for p in Document(download.path()).paragraphs]
    assert TITLE in paragraphs, paragraphs[:10]
    text = "\n".join(paragraphs)
    for line in REQUIREMENTS:
        assert line in text
    assert "第1期" in text

    page.get_by_role("link", name=PLAN).click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/briefings/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("2026年第1期")
    expect(row).to_contain_text("已发布")


def test_a_coordinator_generates_the_quarterly_pack_of_all_plans_and_is_told_why_a_template_is_refused(
    page, live_server, city, tmp_path
):
    """From the 通报 index: 定西市全部计划's 季度调度通报 for 2026-Q4 (a period in the kind's own format), then
    the templates page: a Word file with an unknown placeholder is refused with the reason, in Chinese."""
    base = live_server.url
    log_in(page, base, "gaige", PASSWORD, "/briefings/")
    form = page.locator("#scope-generate-form")
    expect(form.get_by_role("heading")).to_have_text("生成定西市全部计划的通报")
    form.get_by_label("通报类型").select_option(label="季度调度通报")
    form.get_by_label("期次").fill("2026-Q4")
    form.get_by_role("button", name="生成通报").click()
    page.wait_for_url(re.compile(rf"{re.escape(base)}/briefings/\d+/$"))
    briefing = Briefing.objects.get()
    assert (briefing.plan, briefing.scope.name, briefing.kind) == (None, "定西市", "quarterly")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "关于2026年第四季度定西市全部计划推进情况的调度通报"
    )
    article = page.locator("article.briefing")
    expect(article).to_contain_text("提请调度会研究的事项")
    expect(article).to_contain_text("完成国土空间规划报批")  # overdue: put to the meeting
    expect(page.locator("main .head")).to_contain_text("季度调度通报 · 2026年第四季度")

    page.goto(f"{base}/briefings/")
    page.get_by_role("link", name="通报模板（Word）").click()
    page.wait_for_url(f"{base}/briefings/templates/")
    bad = Document()
    bad.add_paragraph("{{ title }}{{ 领导姓名 }}")
    path = tmp_path / "我的模板.docx"
    bad.save(path)
    page.get_by_label("通报类型").select_option(label="月度督查通报")
    page.get_by_label("模板文件（.docx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("alert")).to_contain_text("模板中有未知变量：领导姓名")
    expect(page.locator("tbody")).to_contain_text("未上传：使用内置格式")
