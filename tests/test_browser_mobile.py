"""The reporter's pages and the ledger on a phone (390×844): no sideways scrolling, the menu usable.

A reporter of 市住建局 (lead unit of an overdue, red task; co-operating unit of another) opens 我的待办, fills
a report and uploads evidence, replies to a 督办单 and reads the ledger, which shows one card per task.
Data: the implementation cycle of tests/test_browser_cycle.py. Writes docs/screenshots/mobile_*.png.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.orgs.models import User
from apps.plans.models import Task
from apps.supervision.models import Notice
from luoshi.test import PASSWORD
from tests.conftest import SCREENSHOTS, log_in, needs_chromium
from tests.test_browser_cycle import FARMLAND, OVERDUE, _current_cycle, _tick, cycle_data  # noqa: F401

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE = {"width": 390, "height": 844}
REPORTER = "zjj_tb"
# evidence under a long name, as files from a unit's share drive often are
EVIDENCE = "关于城镇老旧小区改造项目前期手续办理进展情况的说明（附立项批复及可研批复扫描件）.pdf"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def red_cycle(cycle_data):  # noqa: F811
    """This month's cycle open, the overdue task red, and a 督办单 to 市住建局 awaiting its reply (after a
    催办 it replied to)."""
    today = cycle_data["today"]
    _tick(today)
    overdue = Task.objects.get(pk=cycle_data["overdue"].pk)
    assert overdue.rag == "red" and overdue.status_reasons, (overdue.rag, overdue.status_reasons)
    common = {
        "task": overdue,
        "unit": cycle_data["units"]["市住建局"],
        "issued_by": User.objects.get(username="gaige"),
    }
    Notice.objects.create(
        **common,
        level=Notice.Level.URGE,
        reason="请加快办理项目前期手续。",
        reply_by=today - datetime.timedelta(days=3),
        issued_at=timezone.now() - datetime.timedelta(days=10),
        reply="正在办理。",
        replied_at=timezone.now() - datetime.timedelta(days=4),
    )
    notice = Notice.objects.create(
        **common,
        level=Notice.Level.SUPERVISE,
        reason="该任务已超过完成时限，且未报送进展，请说明原因并提出整改措施。",
        reply_by=today + datetime.timedelta(days=7),
    )
    cycle = _current_cycle(cycle_data["plan"], cycle_data["today"])
    report = cycle.reports.get(task=overdue, unit__name="市住建局")
    return {**cycle_data, "overdue": overdue, "notice": notice, "report": report}


def assert_fits(page, name):
    """Nothing sticks out sideways; the screenshot is written for a look by eye."""
    page.screenshot(path=str(SCREENSHOTS / f"mobile_{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *, header *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 30))"""
    )
    assert width <= PHONE["width"], f"{name}: scrollWidth {width} > {PHONE['width']}; too wide: {wide}"


def test_it_collapses_the_menu_behind_a_button_on_a_phone(phone, live_server, red_cycle):
    log_in(phone, live_server.url, REPORTER, PASSWORD, "/todo/")
    menu = phone.get_by_role("button", name="菜单")
    ledger_link = phone.get_by_role("navigation", name="主菜单").get_by_role("link", name="计划台账")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(ledger_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(ledger_link).to_be_visible()
    box = ledger_link.bounding_box()
    assert box["width"] > box["height"], f"menu link wraps one character per line: {box}"
    assert_fits(phone, "menu")
    ledger_link.click()
    phone.wait_for_url(f"{live_server.url}/plans/")


def test_it_shows_my_todo_without_sideways_scrolling(phone, live_server, red_cycle):
    log_in(phone, live_server.url, REPORTER, PASSWORD, "/todo/")
    to_fill = phone.locator("section", has=phone.get_by_role("heading", name=re.compile("^待填报")))
    expect(to_fill.get_by_role("link", name=OVERDUE)).to_be_visible()
    expect(to_fill).to_contain_text(red_cycle["report"].cycle.due_on.isoformat())
    notices = phone.locator("section", has=phone.get_by_role("heading", name=re.compile("^督办事项")))
    expect(notices.get_by_role("link", name=f"【督办】{OVERDUE}")).to_be_visible()
    assert_fits(phone, "todo")


def test_it_fills_a_report_and_uploads_evidence_on_a_phone(phone, live_server, red_cycle):
    base, report = live_server.url, red_cycle["report"]
    log_in(phone, base, REPORTER, PASSWORD, f"/reports/{report.pk}/")
    narrative = phone.get_by_label("进展情况")
    expect(narrative).to_be_visible()
    assert narrative.bounding_box()["width"] > PHONE["width"] * 0.7, "the text box is squeezed"
    narrative.fill("已完成项目立项和可研批复，施工图审查本月底完成。")
    phone.get_by_label("选择文件").set_input_files(
        files=[{"name": EVIDENCE, "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF\n"}]
    )
    phone.get_by_role("button", name="保存并上传").click()
    expect(phone.locator("main")).to_contain_text(EVIDENCE)
    for name in ["保存草稿", "提交审核", "保存并上传"]:
        expect(phone.get_by_role("button", name=name)).to_be_visible()
    assert_fits(phone, "report")
    phone.get_by_role("button", name="菜单").click()  # the page htmx swapped in folds its menu too
    expect(
        phone.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的待办")
    ).to_be_visible()


def test_it_shows_a_submitted_report_and_its_versions_on_a_phone(phone, live_server, red_cycle):
    base, report = live_server.url, red_cycle["report"]
    log_in(phone, base, REPORTER, PASSWORD, f"/reports/{report.pk}/")
    phone.get_by_label("进展情况").fill("已完成项目立项和可研批复，施工图审查本月底完成。")
    phone.get_by_label("完成进度（%）").fill("40")
    phone.get_by_role("button", name="提交审核").click()
    versions = phone.locator("section", has=phone.get_by_role("heading", name="版本记录"))
    expect(versions).to_contain_text(re.compile(r"第 \d+ 版"))
    expect(phone.locator("dl.facts")).to_contain_text("施工图审查本月底完成")
    assert_fits(phone, "report_submitted")


def test_it_replies_to_a_supervision_notice_on_a_phone(phone, live_server, red_cycle):
    base, notice = live_server.url, red_cycle["notice"]
    log_in(phone, base, REPORTER, PASSWORD, f"/notices/{notice.pk}/")
    expect(phone.locator("dl.facts")).to_contain_text(notice.reason)
    expect(phone.get_by_label("办理情况")).to_be_visible()
    expect(phone.get_by_role("button", name="回复")).to_be_visible()
    earlier = phone.locator("section", has=phone.get_by_role("heading", name="此前对该单位的督办"))
    expect(earlier.get_by_role("link", name="催办")).to_be_visible()
    expect(earlier).to_contain_text("已回复")
    assert_fits(phone, "notice")
    phone.get_by_label("办理情况").fill("已完成项目立项和可研批复，本周内补报进展。")
    phone.get_by_role("button", name="回复").click()
    expect(phone.locator(".messages")).to_contain_text("已回复办理情况")
    assert_fits(phone, "notice_replied")


def test_it_shows_the_ledger_as_cards_on_a_phone(phone, live_server, red_cycle):
    base, overdue = live_server.url, red_cycle["overdue"]
    log_in(phone, base, REPORTER, PASSWORD, f"/plans/{red_cycle['plan'].pk}/")
    card = phone.locator("#ledger table.ledger tbody tr", has_text=OVERDUE)
    expect(phone.locator("#ledger table.ledger thead")).to_be_hidden()
    expect(card.locator("td.code")).to_have_text(overdue.code)
    expect(card.locator("td.lead")).to_contain_text("市住建局")
    expect(card.locator("td.due-cell")).to_contain_text(f"{overdue.due_date:%Y-%m-%d}")
    expect(card.locator("td.status")).to_contain_text("逾期")
    expect(card.locator("td.rag-cell")).to_contain_text("红灯")
    expect(card.locator("td.rag-cell")).to_contain_text(f"已超过完成时限 {overdue.due_date:%Y-%m-%d}")
    card_box, screen = card.bounding_box(), PHONE["width"]
    assert card_box["width"] <= screen and card_box["height"] < 400, f"not a card: {card_box}"
    expect(phone.locator("#ledger table.ledger tbody tr", has_text=FARMLAND)).to_be_visible()
    assert_fits(phone, "ledger")
    card.get_by_role("link", name=OVERDUE).click()
    phone.wait_for_url(f"{base}/tasks/{overdue.pk}/")


def test_it_keeps_the_ledger_a_table_and_the_menu_open_on_a_desktop(page, live_server, red_cycle):
    log_in(page, live_server.url, REPORTER, PASSWORD, f"/plans/{red_cycle['plan'].pk}/")
    expect(page.locator("#ledger table.ledger thead")).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(page.get_by_role("navigation", name="主菜单").get_by_role("link", name="计划台账")).to_be_visible()
    row = page.locator("#ledger table.ledger tbody tr", has_text=OVERDUE)
    row_box = row.bounding_box()
    assert row_box["height"] < 80, f"the desktop row became a card: {row_box}"
    expect(row.locator("td.rag-cell .rag")).to_have_attribute("title", re.compile("^红灯：已超过完成时限"))
