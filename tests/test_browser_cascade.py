"""承接落实 in a real browser: the 陇西县 coordinator opens the county plan, chooses the city plan as its
parent, has luoshi propose links, confirms the 高标准农田 proposal as a share of the city's 20 万亩 target
(6 万亩) and rejects nothing else; the city coordinator opens the city plan's coverage report — the county
picked up the farmland task, not the 国企改革 one, and its share falls 14 万亩 short — and the city task's
page rolls up the county task's progress."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from apps.orgs.models import Role, Unit
from apps.plans.models import Area, Plan, Target, Task, TaskUnit
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
CITY_TEXT = "一、推进乡村全面振兴。新建高标准农田20万亩，提升耕地质量。二、深化国企改革。推动国有资本和国有企业做强做优做大。"
COUNTY_TEXT = (
    "（一）抓好农业农村。全年新建高标准农田6万亩，完成耕地质量提升任务。（二）办好县第十届农民运动会。"
)


def add_task(plan, area, code, text, sentence, lead, **extra):
    start = plan.source_text.index(sentence)
    task = Task.objects.create(
        plan=plan,
        area=area,
        code=code,
        title=text,
        source_start=start,
        source_end=start + len(sentence),
        **extra,
    )
    TaskUnit.objects.create(task=task, unit=lead, role=TaskUnit.Role.LEAD)
    return task


@pytest.fixture
def plans(transactional_db):
    city = make_unit("定西市", Unit.Kind.CITY)
    office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
    nyj = make_unit("市农业农村局", Unit.Kind.DEPARTMENT, city)
    county = make_unit("陇西县", Unit.Kind.COUNTY, city)
    county_nyj = make_unit("陇西县农业农村局", Unit.Kind.DEPARTMENT, county)
    make_user("gaige", office, Role.COORDINATOR)
    make_user("longxi_gg", county, Role.COORDINATOR)
    upper = Plan.objects.create(
        title="2026年全面深化改革工作要点",
        year=2026,
        owner_unit=city,
        status=Plan.Status.PUBLISHED,
        source_text=CITY_TEXT,
    )
    area = Area.objects.create(plan=upper, title="推进乡村全面振兴", order=1)
    farmland = add_task(upper, area, "1", "新建高标准农田20万亩", "新建高标准农田20万亩，提升耕地质量。", nyj)
    Target.objects.create(task=farmland, metric="高标准农田", comparator=">=", value=Decimal(20), unit="万亩")
    add_task(
        upper, area, "2", "推动国有资本和国有企业做强做优做大", "推动国有资本和国有企业做强做优做大。", office
    )
    lower = Plan.objects.create(
        title="陇西县2026年重点改革任务",
        year=2026,
        owner_unit=county,
        status=Plan.Status.PUBLISHED,
        source_text=COUNTY_TEXT,
    )
    area = Area.objects.create(plan=lower, title="抓好农业农村", order=1)
    add_task(
        lower,
        area,
        "1",
        "全年新建高标准农田6万亩",
        "全年新建高标准农田6万亩，完成耕地质量提升任务。",
        county_nyj,
        due_date=datetime.date(2026, 12, 31),
        percent=70,
        progress_note="已完成4.2万亩，剩余项目区11月底前完工",
    )
    add_task(lower, area, "2", "办好县第十届农民运动会", "办好县第十届农民运动会。", county)
    return {"upper": upper, "lower": lower, "farmland": farmland}


def test_a_county_links_its_plan_to_the_citys_and_the_city_sees_coverage_and_roll_up(
    new_page, live_server, plans
):
    base, upper, lower = live_server.url, plans["upper"], plans["lower"]
    county = new_page()
    log_in(county, base, "longxi_gg", PASSWORD, f"/plans/{lower.pk}/")
    county.get_by_role("link", name="承接上级").click()
    county.wait_for_url(f"{base}/plans/{lower.pk}/cascade/")
    expect(county.locator("#no-parents")).to_be_visible()
    county.get_by_label("2026年全面深化改革工作要点（定西市，2026年）").check()
    county.get_by_role("button", name="保存上级计划").click()
    expect(county.locator(".messages")).to_contain_text("已保存承接的上级计划")
    county.get_by_role("button", name="生成承接建议").click()
    expect(county.locator(".messages")).to_contain_text("已生成 1 条承接建议")
    row = county.locator("li.card").filter(has_text="全年新建高标准农田6万亩")
    expect(row.locator("mark").first).to_be_visible()
    row.get_by_label("关系").select_option(label="量化分解")
    row.get_by_label("分解的上级指标").select_option(label="高标准农田 ≥ 20万亩")
    row.get_by_label("分解数量").fill("6")
    row.get_by_role("button", name="确认").click()
    expect(county.locator(".messages")).to_contain_text("已确认承接关系")
    farmland_row = county.locator("li.card").filter(has_text="全年新建高标准农田6万亩")
    expect(farmland_row).to_have_count(0)  # back on the 待确认 list, where it no longer is
    county.get_by_role("navigation", name="筛选").get_by_role("link", name="全部任务").click()
    expect(farmland_row).to_contain_text("已确认：量化分解")
    county.set_viewport_size({"width": 390, "height": 844})  # the county coordinator on a phone
    assert county.evaluate("document.documentElement.scrollWidth") <= 390
    county.screenshot(path=str(SCREENSHOTS / "cascade-phone.png"), full_page=True)

    city = new_page()
    log_in(city, base, "gaige", PASSWORD, f"/plans/{upper.pk}/")
    city.get_by_role("link", name="下级承接情况").click()
    city.wait_for_url(f"{base}/plans/{upper.pk}/coverage/")
    expect(city.locator("#unclaimed-count")).to_have_text("1")
    rows = city.locator("#coverage-rows tbody tr")
    expect(rows.filter(has_text="推动国有资本")).to_contain_text("✗ 未认领")
    expect(rows.filter(has_text="新建高标准农田20万亩")).to_contain_text("分解合计比上级目标少 14万亩")
    expect(city.locator("main")).to_contain_text("办好县第十届农民运动会")  # local work, listed
    city.screenshot(path=str(SCREENSHOTS / "cascade-coverage.png"), full_page=True)

    rows.filter(has_text="新建高标准农田20万亩").get_by_role("link", name="1 新建高标准农田20万亩").click()
    city.wait_for_url(f"{base}/tasks/{plans['farmland'].pk}/")
    roll_up = city.locator("#cascade-children")
    city.screenshot(path=str(SCREENSHOTS / "cascade-rollup.png"), full_page=True)
    expect(roll_up).to_contain_text("陇西县")
    expect(roll_up).to_contain_text("70%")
    expect(roll_up).to_contain_text("已完成4.2万亩")
