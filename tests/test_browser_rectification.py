"""The 整改台账 chain in a real browser, as its users run it:
1. an inspection finding becomes a rectification item; the lead unit's reporter reports it done with a
   photo; the 督查员 verifies it on site; the coordinator approves; `tick` after the 公示 closes it (销号);
   a 回头看 sample draws it and finds the problem back, which reopens it;
2. a 市长 writes a 批示 on a task; the unit's reporter answers it from 我的待办; the 市长 reads it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task, TaskUnit
from apps.portal import tick as portal_tick
from apps.supervision import actions_inspections as actions
from apps.supervision.models import Finding, Inspection, Rectification
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def ledger(transactional_db):
    today = timezone.localdate()
    city = make_unit("定西市", Unit.Kind.CITY)
    office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
    gov = make_unit("市政府办", Unit.Kind.DEPARTMENT, city)
    zjj = make_unit("市住建局", Unit.Kind.DEPARTMENT, city)
    people = {
        "gaige": make_user("gaige", office, Role.COORDINATOR),
        "ducha": make_user("ducha", office, Role.INSPECTOR),
        "zjj_tb": make_user("zjj_tb", zjj, Role.REPORTER),
        "shizhang": make_user("shizhang", gov, Role.LEADER),
    }
    plan = Plan.objects.create(
        title="重点工作", year=today.year, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    task = Task.objects.create(plan=plan, title="完成城镇老旧小区改造", start_date=today, due_date=today)
    TaskUnit.objects.create(task=task, unit=zjj, role=TaskUnit.Role.LEAD)
    inspection = actions.create_inspection(
        Inspection(
            kind=Inspection.Kind.SPECIAL,
            title="老旧小区改造专项督查",
            owner_unit=city,
            starts_on=today,
            ends_on=today,
        ),
        units=[zjj],
        team=[people["ducha"]],
        actor=people["gaige"],
    )
    finding = actions.record_finding(
        Finding(inspection=inspection, unit=zjj, dimension="results", text="两个小区雨污分流未同步实施"),
        actor=people["ducha"],
    )
    item = actions.rectification_from_finding(
        finding, actor=people["ducha"], code="DC-01", due_date=today + datetime.timedelta(days=30)
    )
    return {"item": item, "task": task, "today": today}


def test_a_finding_is_rectified_verified_published_closed_and_reopened_by_a_recheck(
    new_page, live_server, ledger
):
    base, item = live_server.url, ledger["item"]
    unit = new_page()
    log_in(unit, base, "zjj_tb", PASSWORD)
    unit.get_by_role("link", name="DC-01 两个小区雨污分流未同步实施").click()
    unit.get_by_label("整改进展").fill("两个小区雨污分流已完工并通过验收")
    unit.get_by_label("已完成整改，申请验收销号").check()
    unit.get_by_label("佐证材料").set_input_files(
        files=[{"name": "整改后.png", "mimeType": "image/png", "buffer": PHOTO}]
    )
    unit.get_by_role("button", name="报送").click()
    expect(unit.locator("#rectification-status")).to_have_text("已完成待验收")

    inspector = new_page()
    log_in(inspector, base, "ducha", PASSWORD, f"/rectifications/{item.pk}/")
    expect(inspector.locator("main")).to_contain_text("整改后.png")
    inspector.get_by_label("现场核查").check()
    inspector.get_by_label("核查意见").fill("现场查看，雨污分流到位")
    inspector.get_by_role("button", name="核查通过").click()
    expect(inspector.locator("#rectification-status")).to_have_text("已核查待审核")

    coordinator = new_page()
    log_in(coordinator, base, "gaige", PASSWORD, f"/rectifications/{item.pk}/")
    coordinator.get_by_role("button", name="审核通过").click()
    expect(coordinator.locator("#rectification-status")).to_have_text("公示中")

    item.refresh_from_db()
    portal_tick.run(today=item.publicity_until + datetime.timedelta(days=1))  # the 公示 ended
    coordinator.reload()
    expect(coordinator.locator("#rectification-status")).to_have_text("已销号")

    coordinator.goto(f"{base}/rectifications/rechecks/new/")
    coordinator.get_by_label("销号日期自").fill(f"{ledger['today'] - datetime.timedelta(days=1):%Y-%m-%d}")
    coordinator.get_by_label("销号日期至").fill(
        f"{item.publicity_until + datetime.timedelta(days=5):%Y-%m-%d}"
    )
    coordinator.get_by_label("抽查数量").fill("1")
    coordinator.get_by_role("button", name="抽取").click()
    expect(coordinator.locator("main")).to_contain_text("已从 1 项已销号事项中抽取 1 项")
    coordinator.get_by_label("核查结果").select_option(label="问题反弹")
    coordinator.get_by_label("核查情况").fill("雨后仍有积水，群众反映")
    coordinator.get_by_role("button", name="记录").click()
    coordinator.get_by_role("link", name="DC-01 两个小区雨污分流未同步实施").click()
    expect(coordinator.locator("#rectification-status")).to_have_text("推进中")
    expect(coordinator.locator("main")).to_contain_text("回头看反弹")
    assert Rectification.objects.get(pk=item.pk).rebound


def test_a_leaders_instruction_is_answered_by_the_unit(new_page, live_server, ledger):
    base, task = live_server.url, ledger["task"]
    leader = new_page()
    log_in(leader, base, "shizhang", PASSWORD, f"/tasks/{task.pk}/")
    leader.get_by_role("link", name="批示", exact=True).click()
    leader.get_by_label("批示内容").fill("请市住建局本月底前拿出整改方案")
    leader.get_by_role("button", name="批示").click()
    expect(leader.locator("#instruction-status")).to_have_text("未办理")

    unit = new_page()
    log_in(unit, base, "zjj_tb", PASSWORD)
    unit.get_by_role("link", name="请市住建局本月底前拿出整改方案").click()
    unit.get_by_label("办理情况").fill("整改方案已报市政府")
    unit.get_by_role("button", name="报告").click()
    expect(unit.locator("#instruction-status")).to_have_text("已办理")

    leader.goto(f"{base}/instructions/?status=mine")
    expect(leader.locator("main")).to_contain_text("已办理")
