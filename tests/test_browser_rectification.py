"""The 督查 → 整改台账 chain in a real browser, on the real pages only, as its users run it:
1. the coordinator opens an inspection (/inspections/new/); the 督查员, on a 390 px phone, records a finding
   with a photo (its EXIF time shown beside it) and turns it into a rectification item (转入整改台账); the
   lead unit's reporter reports this month's progress, then applies for 验收 with an 整改后 photo; the 督查员
   verifies it on site; the coordinator approves; `tick` after the 公示 closes it (销号); a 回头看 sample
   draws it and finds the problem back, which reopens it;
2. a 市长 writes a 批示 on a task; the unit's reporter answers it from 我的待办; the 市长 reads it.
Only `tick` runs outside the browser (with the day after the 公示 as its date)."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import ExifTags, Image
from playwright.sync_api import expect

from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task, TaskUnit
from apps.portal import tick as portal_tick
from apps.supervision.models import Finding, Inspection, Rectification
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
PHONE = {"width": 390, "height": 844}
FINDING = "两个小区雨污分流未同步实施"
ITEM_LINK = f"DC-01 {FINDING}"


def photo(taken: str) -> bytes:
    """A small JPEG as a phone camera writes it, EXIF DateTimeOriginal included."""
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(buf, "JPEG", exif=exif)
    return buf.getvalue()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def city(transactional_db):
    today = timezone.localdate()
    city = make_unit("定西市", Unit.Kind.CITY)
    office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, city)
    gov = make_unit("市政府办", Unit.Kind.DEPARTMENT, city)
    zjj = make_unit("市住建局", Unit.Kind.DEPARTMENT, city)
    make_user("gaige", office, Role.COORDINATOR)
    make_user("ducha", office, Role.INSPECTOR)
    make_user("zjj_tb", zjj, Role.REPORTER)
    make_user("shizhang", gov, Role.LEADER)
    plan = Plan.objects.create(
        title="重点工作", year=today.year, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    task = Task.objects.create(plan=plan, title="完成城镇老旧小区改造", start_date=today, due_date=today)
    TaskUnit.objects.create(task=task, unit=zjj, role=TaskUnit.Role.LEAD)
    return {"task": task, "today": today}


def assert_fits(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: the page is {width} px wide on a {PHONE['width']} px phone"


def open_inspection(page, base, today):
    """The coordinator opens a 专项督查 of 市住建局 with the 督查员 on the team."""
    log_in(page, base, "gaige", PASSWORD, "/inspections/")
    page.get_by_role("link", name="新建督查").click()
    page.get_by_label("督查类型").select_option(label="专项督查")
    page.get_by_label("督查名称").fill("老旧小区改造专项督查")
    page.get_by_label("督查方案").fill("督任务、督进度、督成效：抽查两个改造小区")
    page.get_by_label("督查对象").select_option(label="市住建局")
    page.get_by_label("督查组成员").select_option(label="ducha（市委改革办）")
    page.get_by_label("检查访谈").check()
    page.get_by_label("开始日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("结束日期").fill(f"{today + datetime.timedelta(days=7):%Y-%m-%d}")
    page.get_by_role("button", name="新建").click()
    expect(page.locator("#inspection-status")).to_have_text("进行中")
    return Inspection.objects.get(title="老旧小区改造专项督查")


def record_finding_on_a_phone(phone, base, inspection, today):
    """The 督查员 records the finding on site with a photo, then turns it into an item (转入整改台账)."""
    log_in(phone, base, "ducha", PASSWORD, f"/inspections/{inspection.pk}/")
    phone.get_by_label("被督查单位").select_option(label="市住建局")
    phone.get_by_label("督查维度").select_option(label=Finding.Dimension.RESULTS.label)
    phone.get_by_label("发现问题或情况").fill(FINDING)
    expect(phone.get_by_label("需要整改")).to_be_checked()
    phone.get_by_label("照片或文件").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": photo(f"{today:%Y:%m:%d} 09:30:00")}]
    )
    phone.get_by_role("button", name="记录").click()
    finding = phone.locator("#findings li").filter(has_text=FINDING)
    expect(finding).to_contain_text(f"现场.jpg（拍摄于 {today:%Y-%m-%d} 09:30）")
    assert_fits(phone, "the inspection page with its finding")

    finding.get_by_role("link", name="转入整改台账").click()
    phone.get_by_label("问题编号").fill("DC-01")
    phone.get_by_label("整改要求").fill("雨污分流同步实施，月底前完工")
    phone.get_by_label("整改时限").fill(f"{today + datetime.timedelta(days=30):%Y-%m-%d}")
    phone.get_by_role("button", name="转入整改台账").click()
    expect(phone.locator("#rectification-status")).to_have_text("未启动")
    assert_fits(phone, "the new rectification item")
    return Rectification.objects.get(code="DC-01")


def test_an_inspection_finding_is_rectified_verified_published_closed_and_reopened(
    new_page, phone, live_server, city
):
    base, today = live_server.url, city["today"]
    coordinator = new_page()
    inspection = open_inspection(coordinator, base, today)
    item = record_finding_on_a_phone(phone, base, inspection, today)
    expect(phone.locator("main")).to_contain_text("老旧小区改造专项督查")  # 来源 and the source document

    unit = new_page()
    log_in(unit, base, "zjj_tb", PASSWORD)
    unit.get_by_role("link", name=ITEM_LINK).click()
    unit.get_by_label("整改进展").fill("已完成一个小区的雨污管网铺设")
    unit.get_by_role("button", name="报送").click()
    expect(unit.locator("#rectification-status")).to_have_text("推进中")
    unit.get_by_label("整改进展").fill("两个小区雨污分流已完工并通过验收")
    unit.get_by_label("已完成整改，申请验收销号").check()
    unit.get_by_label("佐证材料").set_input_files(
        files=[
            {"name": "整改后.jpg", "mimeType": "image/jpeg", "buffer": photo(f"{today:%Y:%m:%d} 15:10:00")}
        ]
    )
    unit.get_by_role("button", name="报送").click()
    expect(unit.locator("#rectification-status")).to_have_text("已完成待验收")
    expect(unit.locator("main")).to_contain_text(f"拍摄于 {today:%Y-%m-%d} 15:10")

    phone.goto(f"{base}/todo/")  # the 督查员's 我的待办 lists the item waiting for 核查
    phone.get_by_role("link", name=ITEM_LINK).click()
    expect(phone.locator("main")).to_contain_text("整改后.jpg")
    phone.get_by_label("现场核查").check()
    phone.get_by_label("核查意见").fill("现场查看，雨污分流到位")
    phone.get_by_role("button", name="核查通过").click()
    expect(phone.locator("#rectification-status")).to_have_text("已核查待审核")
    assert_fits(phone, "the verified item")

    coordinator.goto(f"{base}/rectifications/{item.pk}/")
    coordinator.get_by_role("button", name="审核通过").click()
    expect(coordinator.locator("#rectification-status")).to_have_text("公示中")

    item.refresh_from_db()
    portal_tick.run(today=item.publicity_until + datetime.timedelta(days=1))  # the 公示 ended
    coordinator.reload()
    expect(coordinator.locator("#rectification-status")).to_have_text("已销号")

    coordinator.goto(f"{base}/rectifications/rechecks/new/")
    coordinator.get_by_label("销号日期自").fill(f"{today - datetime.timedelta(days=1):%Y-%m-%d}")
    coordinator.get_by_label("销号日期至").fill(
        f"{item.publicity_until + datetime.timedelta(days=5):%Y-%m-%d}"
    )
    coordinator.get_by_label("抽查数量").fill("1")
    coordinator.get_by_role("button", name="抽取").click()
    expect(coordinator.locator("main")).to_contain_text("已从 1 项已销号事项中抽取 1 项")
    coordinator.get_by_label("核查结果").select_option(label="问题反弹")
    coordinator.get_by_label("核查情况").fill("雨后仍有积水，群众反映")
    coordinator.get_by_role("button", name="记录").click()
    coordinator.get_by_role("link", name=ITEM_LINK).click()
    expect(coordinator.locator("#rectification-status")).to_have_text("推进中")
    expect(coordinator.locator("main")).to_contain_text("回头看反弹")
    assert Rectification.objects.get(pk=item.pk).rebound


def test_a_leaders_instruction_is_answered_by_the_unit(new_page, live_server, city):
    base, task = live_server.url, city["task"]
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
