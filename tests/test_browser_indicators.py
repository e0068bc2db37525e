"""主要经济指标 in a real browser (time frozen on 2026-04-20, ticking):
1. the 统计局 clerk logs in, opens 经济指标, imports the 统计局's 1-3月 sheet and lands on the table, which says
   who is behind 序时 (colour, label and the reason in words) and where each county ranks — in the city (ties
   sharing a rank) and in the province; nothing wider than the 1366 px window;
2. a bad sheet is refused with the row and column named, nothing imported;
3. the same table, the indicator's trajectory, the figures form and the import page on a 390 px phone,
   without sideways scrolling.
Data: 定西市 with 安定区, 陇西县 and 渭源县, one amount indicator (社会消费品零售总额) with 2026 targets."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import Workbook
from playwright.sync_api import expect

from apps.indicators import actions
from apps.indicators.models import Actual, Indicator
from apps.orgs.models import Role, Unit
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, VIEWPORT, needs_chromium
from tests.test_browser_dashboard import assert_no_sideways_scroll

pytestmark = [pytest.mark.browser, needs_chromium]
NOW = datetime.datetime(2026, 4, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE = {"width": 390, "height": 844}
SHEET = [
    ["社会消费品零售总额", "全省", 1050.3, 4.6, None],
    [None, "定西市", 70.2, 5.2, 6],
    [None, "安定区", 25.0, 6.1, 12],
    [None, "陇西县", 21.0, 6.1, 15],
    [None, "渭源县", 5.1, 3.0, 61],
]


def sheet_bytes(rows, title="2026年1-3月定西市主要经济指标") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["指标名称", "地区", "累计值", "累计增速（%）", "全省位次"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def city(transactional_db):
    with time_machine.travel(NOW, tick=True):
        city = make_unit("定西市", Unit.Kind.CITY)
        tjj = make_unit("市统计局", Unit.Kind.DEPARTMENT, city)
        counties = {name: make_unit(name, Unit.Kind.COUNTY, city) for name in ("安定区", "陇西县", "渭源县")}
        clerk = make_user("tongji", tjj, Role.STATISTICIAN)
        retail = actions.create_indicator(
            Indicator(owner_unit=city, name="社会消费品零售总额", measure="亿元", kind=Indicator.Kind.AMOUNT),
            actor=clerk,
        )
        for unit, target in ((city, "300"), *zip(counties.values(), ("96", "80", "40"), strict=True)):
            actions.set_target(retail, unit, 2026, Decimal(target), actor=clerk)
        yield {"indicator": retail, **counties}


def log_in(page, base):
    page.goto(f"{base}/login/?next=/indicators/")
    page.get_by_label("用户名").fill("tongji")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/indicators/")


def import_sheet(page, data: bytes):
    page.get_by_role("link", name="导入统计局数据").click()
    expect(page.get_by_role("heading", name="表格格式")).to_be_visible()
    page.get_by_label("统计局数据表（.xlsx）").set_input_files(
        files=[{"name": "2026年3月.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="导入").click()


def row(page, unit):
    return page.locator(f'tr[data-unit="{unit}"]')


def test_a_statistics_clerk_imports_the_sheet_and_sees_who_is_behind_and_the_ranks(
    new_page, live_server, city
):
    page, base = new_page(), live_server.url
    with time_machine.travel(NOW, tick=True):
        log_in(page, base)
        expect(page.locator("#no-indicators")).to_have_count(0)
        expect(row(page, "陇西县")).to_contain_text("无数据")  # targets only, no figures yet

        import_sheet(page, sheet_bytes(SHEET))
        page.wait_for_url(f"{base}/indicators/")
        expect(page.locator(".messages")).to_contain_text("已导入 5 行：新增 5 行")
        expect(page.get_by_role("heading", level=1)).to_have_text("主要经济指标 · 2026年1-3月")
        block = page.locator(f"#indicator-{city['indicator'].pk}")
        expect(block.locator(".behind-count")).to_have_text("2")  # 定西市 (23.40 %) and 渭源县

        # 渭源县: 5.1 ÷ 40 = 12.75 % against 25 %: red, and says why
        weiyuan = row(page, "渭源县")
        expect(weiyuan.locator(".standing")).to_contain_text("明显落后")
        expect(weiyuan.locator(".standing")).to_contain_text(
            "累计完成年度目标的 12.75%，低于序时进度 25.00% 12.25 个百分点（落后超过 10.00 个百分点为红色）"
        )
        expect(weiyuan.locator(".rag-red")).to_have_count(1)
        # 陇西县 21 ÷ 80 = 26.25 %: on schedule
        longxi = row(page, "陇西县")
        expect(longxi.locator(".standing")).to_contain_text("达序时")
        # ranks: 安定区 and 陇西县 tie at 6.1 % (第1位 of 3), 渭源县 third; the province's own ranks
        expect(row(page, "安定区").locator(".peer-rank")).to_have_text("第1位/3")
        expect(longxi.locator(".peer-rank")).to_have_text("第1位/3")
        expect(weiyuan.locator(".peer-rank")).to_have_text("第3位/3")
        expect(longxi.locator(".province")).to_have_text("高于全省1.5个百分点，居全省第15位")
        expect(weiyuan.locator(".province")).to_have_text("低于全省1.6个百分点，居全省第61位")
        assert_no_sideways_scroll(page, VIEWPORT["width"], "indicator table")
        page.screenshot(path=str(SCREENSHOTS / "indicators-table.png"), full_page=True)

        block.get_by_role("link", name="社会消费品零售总额").click()
        expect(page.locator("#indicator-chart canvas")).to_have_count(1)
        expect(page.locator("#peers")).to_contain_text("居全省第61位")
        assert_no_sideways_scroll(page, VIEWPORT["width"], "indicator page")
        page.screenshot(path=str(SCREENSHOTS / "indicators-trajectory.png"), full_page=True)


def test_a_bad_sheet_is_refused_with_row_and_column_and_nothing_imported(new_page, live_server, city):
    page, base = new_page(), live_server.url
    with time_machine.travel(NOW, tick=True):
        log_in(page, base)
        import_sheet(page, sheet_bytes([*SHEET, [None, "临洮县", 9, "九", None]]))
        errors = page.locator("#import-errors")
        expect(errors).to_contain_text("没有导入任何数据")
        expect(errors).to_contain_text("工作表“Sheet”第 8 行 B 列（地区）：单位“临洮县”不存在")
        assert not Actual.objects.exists()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_table_and_the_trajectory_read_on_a_phone(phone, live_server, city):
    base = live_server.url
    with time_machine.travel(NOW, tick=True):
        actions.save_figures(
            city["indicator"],
            2026,
            [actions.Figures(unit=city["渭源县"], month=3, cumulative=Decimal("5.1"), growth=Decimal("3"))],
            actor=None,
        )
        log_in(phone, base)
        expect(row(phone, "渭源县").locator(".standing")).to_contain_text("明显落后")
        assert_no_sideways_scroll(phone, PHONE["width"], "indicator table on a phone")
        phone.screenshot(path=str(SCREENSHOTS / "indicators-phone.png"), full_page=True)
        phone.goto(f"{base}/indicators/{city['indicator'].pk}/")
        expect(phone.locator("#indicator-chart canvas")).to_have_count(1)
        assert_no_sideways_scroll(phone, PHONE["width"], "indicator page on a phone")
        phone.goto(f"{base}/indicators/{city['indicator'].pk}/figures/?year=2026&month=3")
        expect(phone.get_by_label("渭源县 累计值")).to_have_value("5.1")
        assert_no_sideways_scroll(phone, PHONE["width"], "figures form on a phone")
        phone.goto(f"{base}/indicators/import/")
        expect(phone.get_by_role("link", name="下载导入模板")).to_be_visible()
        assert_no_sideways_scroll(phone, PHONE["width"], "import page on a phone")
