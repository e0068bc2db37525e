"""The ledger in a real browser: a unit reporter logs in, filters the ledger (htmx), exports what she
filtered to Excel, and can reach the filter form with the keyboard alone.

Drives Debian's chromium (`make browser-deps`) through Playwright's sync API against pytest-django's
live server. Also writes docs/screenshots/ledger.png (1366×768), the screenshot shown in the README.
"""

import datetime
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from apps.orgs.models import Role, Unit
from apps.plans.models import Area, Plan, Target, Task, TaskUnit
from luoshi.test import PASSWORD, make_unit, make_user

# The live server runs in a thread of this process while Playwright's sync API runs an event loop in the
# test's thread; Django would otherwise refuse ORM calls "from an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "ledger.png"
VIEWPORT = {"width": 1366, "height": 768}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: run `make browser-deps`"),
]

FARMLAND = "新建高标准农田50万亩以上"
IRRIGATION = "新增高效节水灌溉面积15万亩"
HIDDEN = "城镇新增就业2.5万人以上"  # no link to the reporter's unit: must never show up


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def ledger(transactional_db):
    """定西市 with a few departments, a reporter of 市农业农村局, and a published plan in two areas."""
    K = Unit.Kind
    city = make_unit("定西市", K.CITY)
    units = {
        name: make_unit(name, K.DEPARTMENT, city)
        for name in [
            "市委改革办",
            "市农业农村局",
            "市水务局",
            "市财政局",
            "市工信局",
            "市政务服务中心",
            "市人社局",
        ]
    }
    reporter = make_user("nyj", units["市农业农村局"], Role.REPORTER)
    reporter.full_name = "周芳"  # shown in the header of the README screenshot
    reporter.save(update_fields=["full_name"])
    plan = Plan.objects.create(
        title="2026年定西市政府工作报告重点任务", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    farming = Area.objects.create(plan=plan, title="坚持“三农”为重，加力固底板促振兴", order=1)
    business = Area.objects.create(plan=plan, title="持续优化营商环境，激发经营主体活力", order=2)
    rows = [
        # area, code, title, lead, co, leader, due, kind, priority, target (metric, value, unit)
        (
            farming,
            "1.1",
            FARMLAND,
            "市农业农村局",
            "市财政局",
            "分管农业副市长",
            "2026-12-31",
            "project",
            1,
            ("新建高标准农田", "50", "万亩"),
        ),
        (
            farming,
            "1.2",
            IRRIGATION,
            "市水务局",
            "市农业农村局",
            "分管农业副市长",
            "2026-11-30",
            "project",
            2,
            ("高效节水灌溉面积", "15", "万亩"),
        ),
        (
            farming,
            "1.3",
            "培育壮大马铃薯、中药材、草牧三大主导产业",
            "市农业农村局",
            "市工信局",
            "分管农业副市长",
            "2026-12-31",
            "reform",
            2,
            None,
        ),
        (
            farming,
            "1.4",
            "巩固拓展脱贫攻坚成果，守住不发生规模性返贫底线",
            "市农业农村局",
            "市人社局",
            "市长",
            "2026-12-31",
            "livelihood",
            1,
            None,
        ),
        (
            business,
            "2.1",
            "推行“高效办成一件事”，政务服务事项全程网办率达到90%",
            "市政务服务中心",
            "市农业农村局",
            "常务副市长",
            "2026-09-30",
            "reform",
            2,
            ("全程网办率", "90", "%"),
        ),
        (
            business,
            "2.2",
            "新培育规模以上工业企业30户",
            "市工信局",
            "市农业农村局",
            "分管工业副市长",
            "2026-12-31",
            "project",
            2,
            ("新增规模以上工业企业", "30", "户"),
        ),
        (
            business,
            "2.3",
            HIDDEN,
            "市人社局",
            "市财政局",
            "分管人社副市长",
            "2026-12-31",
            "livelihood",
            2,
            ("城镇新增就业", "2.5", "万人"),
        ),
    ]
    for area, code, title, lead, co, leader, due, kind, priority, target in rows:
        task = Task.objects.create(
            plan=plan,
            area=area,
            code=code,
            title=title,
            description=title,
            leader=leader,
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date.fromisoformat(due),
            kind=kind,
            priority=priority,
        )
        TaskUnit.objects.create(task=task, unit=units[lead], role=TaskUnit.Role.LEAD)
        TaskUnit.objects.create(task=task, unit=units[co], role=TaskUnit.Role.CO)
        if target:
            metric, value, unit = target
            Target.objects.create(
                task=task, metric=metric, comparator=">=", value=Decimal(value), unit=unit, horizon=2026
            )
    return {"plan": plan, "farming": farming, "business": business, "reporter": reporter}


def log_in(page, base_url, username, next_url):
    page.goto(f"{base_url}/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}{next_url}")


def ledger_rows(page):
    return page.locator("#ledger table.ledger tbody tr")


def test_reporter_filters_ledger_and_exports_excel(page, live_server, ledger, tmp_path):
    from playwright.sync_api import expect

    plan = ledger["plan"]
    url = f"/plans/{plan.pk}/"
    log_in(page, live_server.url, "nyj", url)

    # The reporter sees the tasks her unit leads or co-operates on, in both areas, and nothing else.
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    expect(page.locator("#ledger .count")).to_have_text("共 6 项任务")
    expect(ledger_rows(page)).to_have_count(6)
    expect(page.locator("#ledger")).not_to_contain_text(HIDDEN)
    page.screenshot(path=str(SCREENSHOT))

    # Choose an area: htmx replaces the table (no full page load) and pushes the filter into the URL.
    page.evaluate("window.__same_page = true")
    page.get_by_label("领域").select_option(label=ledger["farming"].title)
    expect(page.locator("#ledger .count")).to_have_text("共 4 项任务")
    expect(ledger_rows(page)).to_have_count(4)
    expect(page.locator("#ledger")).not_to_contain_text("新培育规模以上工业企业")
    expect(page).to_have_url(re.compile(rf"area={ledger['farming'].pk}"))

    # Then search within it.
    search = page.get_by_label("搜索")
    search.fill("高标准农田")
    search.press("Enter")
    expect(page.locator("#ledger .count")).to_have_text("共 1 项任务")
    expect(ledger_rows(page)).to_have_count(1)
    row = ledger_rows(page).first
    expect(row).to_contain_text("1.1")
    expect(row).to_contain_text(FARMLAND)
    expect(row).to_contain_text("市农业农村局")  # lead unit
    expect(row).to_contain_text("市财政局")  # co-operating unit
    expect(row).to_contain_text("新建高标准农田 ≥ 50万亩")
    assert page.evaluate("window.__same_page") is True, "filtering reloaded the whole page instead of htmx"

    # The export link follows the filter; what she downloads is what she filtered.
    export = page.get_by_role("link", name=re.compile("导出 Excel"))
    expect(export).to_have_text("导出 Excel（当前筛选）")
    href = export.get_attribute("href")
    assert href.startswith(f"/plans/{plan.pk}/export.xlsx?"), href
    assert f"area={ledger['farming'].pk}" in href and "q=" in href, href
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:300].decode("utf-8", "replace")
        pytest.fail(f"export.xlsx is not an Excel file; the server sent: {head!r}")
    workbook = openpyxl.load_workbook(path, read_only=True)
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    workbook.close()
    assert any(FARMLAND in c for c in cells), f"filtered task missing from export: {cells[:40]}"
    assert not any(IRRIGATION in c for c in cells), "export ignores the search filter"
    assert not any("新培育规模以上工业企业" in c for c in cells), "export ignores the area filter"
    assert not any(HIDDEN in c for c in cells), "export leaks a task the reporter may not see"


def test_filter_form_is_keyboard_reachable_and_labelled(page, live_server, ledger):
    from playwright.sync_api import expect

    url = f"/plans/{ledger['plan'].pk}/"
    log_in(page, live_server.url, "nyj", url)
    page.goto(live_server.url + url)  # fresh load: focus starts at the top of the document

    # The search box has a real <label>, so assistive technology announces it.
    search = page.get_by_label("搜索", exact=True)
    expect(search).to_have_attribute("id", "id_q")
    assert search.evaluate("el => Array.from(el.labels).map(l => l.textContent.trim())") == ["搜索"]
    expect(page.get_by_role("searchbox", name="搜索")).to_have_count(1)
    expect(page.get_by_role("search")).to_have_count(1)  # the filter form is a search landmark

    # Tab from the top of the page reaches the search box, focus is visible, and Tab moves on to 领域.
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if focused[-1] == "id_q":
            break
    assert focused[-1] == "id_q", f"search box not reachable with Tab; focus went through {focused}"
    assert search.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "no visible focus ring"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_area"

    # Filtering works from the keyboard alone: back to the search box, type, Enter.
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("高标准农田")
    page.keyboard.press("Enter")
    expect(page.locator("#ledger .count")).to_have_text("共 1 项任务")
    expect(ledger_rows(page)).to_contain_text(FARMLAND)
    # typing also triggers the search box's own delayed request: let it finish before the database is
    # flushed under the live server
    page.wait_for_timeout(600)
    page.wait_for_load_state("networkidle")
