"""One implementation cycle in a real browser.

1. The monthly schedule's `tick` opens this month's cycle; the lead unit's reporter fills the report from
   我的待办 (autosave shows "已自动保存"), with progress and a target's actual value, and submits it; the
   unit's approver approves (审核通过并上报); the coordinator accepts (采纳). The task turns green and
   its page draws the trajectory chart.
2. A task past its due date without a report is red after `tick`; the coordinator issues a 督办单 from
   the task page, the unit's reporter replies, the coordinator reads the reply.

Dates are relative to the real today (the views use it too), and tick runs in-process with that date.
Writes docs/screenshots/task.png (status + chart) and docs/screenshots/progress.png (本期填报进度).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.cycles.models import Cycle, Report, Schedule
from apps.cycles.rules import expected_percent
from apps.orgs.models import Role, Unit
from apps.plans.models import Area, Plan, Target, Task, TaskUnit
from apps.portal import tick as portal_tick
from apps.supervision.models import Notice
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

FARMLAND = "建成高标准农田20万亩"
OVERDUE = "完成城镇老旧小区改造项目前期手续"
OTHER_TASKS = [  # padding so 本期填报进度 has several units: (title, lead, co)
    ("新增高效节水灌溉面积5万亩", "市水务局", "市农业农村局"),
    ("新改建农村公路300公里", "市交通运输局", "市财政局"),
    ("推进政务服务“一网通办”", "市政务服务中心", "市发改委"),
    ("新培育规模以上工业企业30户", "市工信局", "市财政局"),
]


def _month_start(day, back):
    month = day.month - 1 - back
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _month_end(day):
    nxt = _month_start(day, -1)
    return nxt - datetime.timedelta(days=1)


@pytest.fixture
def cycle_data(transactional_db):
    """A published plan with a monthly schedule due a few days from today (so this month's cycle opens
    on tick and stays open), earlier months' accepted reports for the trajectory, and the people."""
    today = timezone.localdate()
    K = Unit.Kind
    city = make_unit("定西市", K.CITY)
    names = ["市委改革办", "市发改委", "市住建局", "市财政局", "市水务局", "市农业农村局"]
    names += ["市交通运输局", "市政务服务中心", "市工信局"]
    units = {name: make_unit(name, K.DEPARTMENT, city) for name in names}
    people = {
        "gaige": make_user("gaige", units["市委改革办"], Role.COORDINATOR),
        "fgw_tb": make_user("fgw_tb", units["市发改委"], Role.REPORTER),
        "fgw_sh": make_user("fgw_sh", units["市发改委"], Role.APPROVER),
        "zjj_tb": make_user("zjj_tb", units["市住建局"], Role.REPORTER),
    }
    for user, name in zip(people.values(), ["王磊", "李娜", "赵强", "陈静"], strict=True):
        user.full_name = name
        user.save(update_fields=["full_name"])

    plan = Plan.objects.create(
        title=f"{today.year}年重点工作任务", year=today.year, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    area = Area.objects.create(plan=plan, title="扎实推进乡村全面振兴", order=1)
    start = _month_start(today, 7)
    due = _month_end(_month_start(today, -3))
    farmland = Task.objects.create(
        plan=plan,
        area=area,
        code="1.1",
        title=FARMLAND,
        description="新建和改造提升高标准农田20万亩，同步发展高效节水灌溉。",
        leader="分管农业副市长",
        start_date=start,
        due_date=due,
        kind=Task.Kind.PROJECT,
    )
    TaskUnit.objects.create(task=farmland, unit=units["市发改委"], role=TaskUnit.Role.LEAD)
    TaskUnit.objects.create(task=farmland, unit=units["市住建局"], role=TaskUnit.Role.CO)
    target = Target.objects.create(
        task=farmland,
        metric="高标准农田",
        comparator=">=",
        value=Decimal("20"),
        unit="万亩",
        horizon=due.year,
    )
    overdue = Task.objects.create(
        plan=plan,
        area=area,
        code="1.2",
        title=OVERDUE,
        leader="分管住建副市长",
        start_date=start,
        due_date=today - datetime.timedelta(days=12),
        kind=Task.Kind.PROJECT,
    )
    TaskUnit.objects.create(task=overdue, unit=units["市住建局"], role=TaskUnit.Role.LEAD)
    for n, (title, lead, co) in enumerate(OTHER_TASKS, start=3):
        task = Task.objects.create(
            plan=plan, area=area, code=f"1.{n}", title=title, start_date=start, due_date=due
        )
        TaskUnit.objects.create(task=task, unit=units[lead], role=TaskUnit.Role.LEAD)
        TaskUnit.objects.create(task=task, unit=units[co], role=TaskUnit.Role.CO)

    # Earlier months, closed, with the lead unit's accepted reports a little behind the time schedule.
    percent = None
    for back in range(6, 0, -1):
        first = _month_start(today, back)
        last = _month_end(first)
        cycle = Cycle.objects.create(
            plan=plan,
            kind=Schedule.Kind.MONTH,
            label=f"{first.year}年{first.month}月",
            period_start=first,
            period_end=last,
            opens_on=last - datetime.timedelta(days=10),
            due_on=last,
            status=Cycle.Status.CLOSED,
        )
        percent = max(0, round(expected_percent(start, due, last)) - 3)
        Report.objects.create(
            cycle=cycle,
            task=farmland,
            unit=units["市发改委"],
            status=Report.Status.ACCEPTED,
            narrative="按计划推进",
            percent=percent,
        )
    Task.objects.filter(pk=farmland.pk).update(percent=percent)

    # This month's report is due a few days from now; only this month opens on tick.
    Schedule.objects.create(plan=plan, kind=Schedule.Kind.MONTH, due_day=min(today.day + 5, 31), open_days=20)
    return {
        "today": today,
        "plan": plan,
        "farmland": farmland,
        "overdue": overdue,
        "target": target,
        "units": units,
        # a little ahead of the time schedule: green once accepted
        "percent": min(99, round(expected_percent(start, due, today)) + 3),
    }


def _tick(today):
    result = portal_tick.run(today=today)
    assert "skipped" not in result, result
    return result


def _current_cycle(plan, today):
    return Cycle.objects.get(plan=plan, period_start=today.replace(day=1))


def test_report_filled_approved_and_accepted_turns_task_green(new_page, live_server, cycle_data):
    from playwright.sync_api import expect

    base, today = live_server.url, cycle_data["today"]
    farmland, target = cycle_data["farmland"], cycle_data["target"]
    result = _tick(today)
    assert result["cycles_created"] == 1 and result["cycles_opened"] == 1, result
    cycle = _current_cycle(cycle_data["plan"], today)
    assert cycle.status == Cycle.Status.OPEN
    # one report per task and per lead/co unit (the overdue task has a lead unit only)
    assert cycle.reports.count() == 2 + 1 + 2 * len(OTHER_TASKS)
    report = cycle.reports.get(task=farmland, is_lead=True)

    # ---- the reporter fills the report from 我的待办 ----
    reporter = new_page()
    log_in(reporter, base, "fgw_tb", PASSWORD, "/todo/")
    to_fill = reporter.locator("section", has=reporter.get_by_role("heading", name=re.compile("^待填报")))
    expect(to_fill).to_contain_text(cycle.label)
    to_fill.get_by_role("link", name=FARMLAND).click()
    reporter.wait_for_url(f"{base}/reports/{report.pk}/")
    expect(reporter.get_by_role("heading", level=1)).to_have_text(f"{cycle.label}进展报告")
    status = reporter.locator("#save-status")
    expect(status).to_have_text("输入内容会自动保存为草稿。")

    narrative = "已完成高标准农田建设18.5万亩，项目区灌排工程全部开工，年底前完成验收。"
    reporter.get_by_label("进展情况").press_sequentially(narrative[:12], delay=20)
    reporter.get_by_label("进展情况").fill(narrative)
    expect(status).to_contain_text("已自动保存", timeout=8_000)
    expect(status).to_contain_text("（第 2 版）")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.narrative == narrative

    reporter.get_by_label("完成进度（%）").fill(str(cycle_data["percent"]))
    reporter.get_by_label(re.compile(f"^{target.metric}（目标 .*）实际值$")).fill("18.5")
    reporter.get_by_label("存在问题").fill("部分项目区土地流转进度偏慢。")
    expect(status).to_contain_text("（第 3 版）", timeout=8_000)  # autosave carried the new version
    reporter.get_by_role("button", name="提交审核").click()
    expect(reporter.locator(".messages")).to_contain_text("已提交本单位审核人审核")
    # htmx swapped in the page it was redirected to: the address bar must be that page (a reload of the
    # POST-only submit URL would fail)
    expect(reporter).to_have_url(f"{base}/reports/{report.pk}/")
    expect(reporter.locator("h1 + p .tag")).to_have_text("待单位审核")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.percent == cycle_data["percent"]
    assert report.actuals.get(target=target).value == Decimal("18.5")

    # ---- the unit's approver approves and sends it up ----
    approver = new_page()
    log_in(approver, base, "fgw_sh", PASSWORD, "/todo/")
    section = approver.locator("section", has=approver.get_by_role("heading", name=re.compile("^待单位审核")))
    section.get_by_role("link", name=FARMLAND).click()
    approver.wait_for_url(f"{base}/reports/{report.pk}/")
    expect(approver.locator("dl.facts")).to_contain_text(narrative)
    expect(approver.locator("dl.facts")).to_contain_text("实际 18.5万亩")
    approver.get_by_role("button", name="审核通过并上报").click()
    expect(approver.locator(".messages")).to_contain_text("已审核通过并上报牵头机关")
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED

    # ---- the coordinator accepts ----
    coordinator = new_page()
    log_in(coordinator, base, "gaige", PASSWORD, "/todo/")
    section = coordinator.locator(
        "section", has=coordinator.get_by_role("heading", name=re.compile("^待采纳的报告"))
    )
    section.get_by_role("link", name=FARMLAND).click()
    coordinator.wait_for_url(f"{base}/reports/{report.pk}/")
    coordinator.get_by_role("button", name="采纳").click()
    expect(coordinator.locator(".messages")).to_contain_text("已采纳")
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED

    # ---- the task page: green, with the trajectory chart ----
    coordinator.goto(f"{base}/tasks/{farmland.pk}/")
    card = coordinator.locator("section.status-card")
    expect(card.locator(".rag")).to_have_class(re.compile(r"\brag-green\b"))
    expect(card).to_contain_text("绿灯")
    expect(card).to_contain_text(f"完成进度 {cycle_data['percent']}%")
    chart = coordinator.locator("#trajectory-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("canvas").first).to_be_visible()  # echarts drew it
    data = coordinator.evaluate("JSON.parse(document.getElementById('trajectory-data').textContent)")
    assert cycle_data["percent"] in data["reported"], data
    actuals = coordinator.locator("section", has=coordinator.get_by_role("heading", name="指标完成情况"))
    expect(actuals).to_contain_text("18.5万亩")
    coordinator.wait_for_timeout(600)  # echarts' entry animation
    box = chart.bounding_box()
    top = coordinator.evaluate("window.scrollY")
    coordinator.screenshot(
        path=str(SCREENSHOTS / "task.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1366, "height": top + box["y"] + box["height"] + 24},
    )
    farmland.refresh_from_db()
    assert (farmland.rag, farmland.percent) == ("green", cycle_data["percent"])

    # ---- 本期填报进度: a mix of statuses across units, as mid-cycle ----
    others = cycle.reports.exclude(pk=report.pk).order_by("id")
    mix = [Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED, Report.Status.DRAFT]
    for r, status_ in zip(others[: len(mix)], mix, strict=True):
        Report.objects.filter(pk=r.pk).update(status=status_)
    coordinator.goto(f"{base}/todo/")
    coordinator.get_by_role("link", name=re.compile(re.escape(cycle.label))).click()
    coordinator.wait_for_url(f"{base}/cycles/{cycle.pk}/")
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("本期填报进度")
    total = cycle.reports.count()
    expect(coordinator.locator("main")).to_contain_text(f"共 {total} 份报告")
    rows = coordinator.locator("table.progress tbody tr")
    expect(rows).to_have_count(cycle.reports.values("unit").distinct().count())
    fgw = rows.filter(has_text="市发改委")
    expect(fgw.locator("td").nth(5)).to_have_text("1")  # 已采纳
    expect(coordinator.locator("table.progress").get_by_role("button", name="催办").first).to_be_visible()
    coordinator.screenshot(path=str(SCREENSHOTS / "progress.png"))


def test_overdue_task_turns_red_and_gets_a_supervision_notice(new_page, live_server, cycle_data):
    from playwright.sync_api import expect

    base, today = live_server.url, cycle_data["today"]
    plan, overdue = cycle_data["plan"], cycle_data["overdue"]
    assert Task.objects.get(pk=overdue.pk).rag == "green"  # nothing computed it yet
    _tick(today)
    overdue.refresh_from_db()
    assert overdue.rag == "red", (overdue.rag, overdue.status_reasons)
    assert not overdue.reports.filter(status__in=["submitted", "approved", "accepted"]).exists()

    # ---- the coordinator sees it red in the ledger and filters the red ones ----
    coordinator = new_page()
    log_in(coordinator, base, "gaige", PASSWORD, f"/plans/{plan.pk}/")
    row = coordinator.locator("#ledger table.ledger tbody tr", has_text=OVERDUE)
    expect(row.locator(".rag")).to_have_class(re.compile(r"\brag-red\b"))
    expect(row).to_contain_text("逾期")
    coordinator.get_by_label("预警").select_option(label="红灯")
    expect(coordinator).to_have_url(re.compile(r"rag=red"))
    red_rows = coordinator.locator("#ledger table.ledger tbody tr")
    expect(red_rows).to_have_count(Task.objects.filter(plan=plan, rag="red").count())
    expect(red_rows.filter(has_text=OVERDUE)).to_have_count(1)
    expect(red_rows.filter(has_text=FARMLAND)).to_have_count(0)

    # ---- the task page: red, with the reason; 发督办单 (the section loads with htmx) ----
    red_rows.get_by_role("link", name=OVERDUE).click()
    coordinator.wait_for_url(f"{base}/tasks/{overdue.pk}/")
    card = coordinator.locator("section.status-card")
    expect(card.locator(".rag")).to_have_class(re.compile(r"\brag-red\b"))
    expect(card).to_contain_text(f"已超过完成时限 {overdue.due_date:%Y-%m-%d}")
    coordinator.locator("#issue-notice").click()
    coordinator.wait_for_url(f"{base}/tasks/{overdue.pk}/notices/new/")
    expect(coordinator.get_by_label("被督办单位")).to_have_value(str(cycle_data["units"]["市住建局"].pk))
    coordinator.get_by_label("级别").select_option(label="督办")
    reason = "该任务已超过完成时限，且未报送进展，请说明原因并提出整改措施。"
    coordinator.get_by_label("督办事由").fill(reason)
    reply_by = coordinator.get_by_label("回复期限").input_value()
    assert reply_by > today.isoformat(), reply_by  # defaults to 5 working days ahead
    coordinator.get_by_role("button", name="发出").click()
    notice = Notice.objects.get(task=overdue)
    coordinator.wait_for_url(f"{base}/notices/{notice.pk}/")
    expect(coordinator.locator(".messages")).to_contain_text("已向市住建局发出督办单")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"【督办】{OVERDUE}")
    assert (notice.level, notice.unit.name) == (Notice.Level.SUPERVISE, "市住建局")

    # ---- the unit's reporter finds it in 我的待办 and replies ----
    reporter = new_page()
    log_in(reporter, base, "zjj_tb", PASSWORD, "/todo/")
    expect(reporter.locator("main")).to_contain_text(f"【督办】《{OVERDUE}》")  # the in-app message
    section = reporter.locator("section", has=reporter.get_by_role("heading", name=re.compile("^督办事项")))
    section.get_by_role("link", name=f"【督办】{OVERDUE}").click()
    reporter.wait_for_url(f"{base}/notices/{notice.pk}/")
    expect(reporter.locator("dl.facts")).to_contain_text(reason)
    answer = "已完成项目立项和可研批复，施工图审查本月底完成，12月上旬开工，本周内补报进展。"
    reporter.get_by_label("办理情况").fill(answer)
    reporter.get_by_role("button", name="回复").click()
    expect(reporter.locator(".messages")).to_contain_text("已回复办理情况")
    expect(reporter.get_by_role("button", name="回复")).to_have_count(0)

    # ---- the coordinator reads the reply on the notice and on the task page ----
    coordinator.reload()
    expect(coordinator.locator("main")).to_contain_text(answer)
    expect(coordinator.locator("main")).to_contain_text("陈静")  # replied by
    expect(coordinator.locator("h1 + p")).to_contain_text("已回复")
    coordinator.goto(f"{base}/tasks/{overdue.pk}/")
    notices = coordinator.locator("#supervision table").first
    expect(notices).to_contain_text("市住建局")
    expect(notices).to_contain_text("已回复")
    notice.refresh_from_db()
    assert notice.reply == answer and notice.replied_by.username == "zjj_tb"
