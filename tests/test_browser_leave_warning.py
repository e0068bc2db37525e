"""Defect 2 of issue 8, in a real browser: a reporter who typed 进展情况 that was not saved (the autosave
failed, e.g. the network dropped) is warned before leaving the page; once the text is saved, leaving is
silent."""

import pytest
from playwright.sync_api import expect

from luoshi.test import PASSWORD
from tests.conftest import log_in, needs_chromium
from tests.test_browser_cycle import _current_cycle, _tick, cycle_data  # noqa: F401
from tests.test_browser_mobile import REPORTER, phone, red_cycle  # noqa: F401

pytestmark = [pytest.mark.browser, needs_chromium]
TEXT = "已完成项目立项和可研批复"


def leave(page) -> list[str]:
    """Follow the menu's 我的待办 link; the kinds of the dialogs the page raised meanwhile."""
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()  # leave anyway

    page.on("dialog", answer)
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的待办").click()
    page.wait_for_url("**/todo/")
    return dialogs


def test_it_warns_before_leaving_text_the_autosave_could_not_save(phone, live_server, red_cycle):  # noqa: F811
    log_in(phone, live_server.url, REPORTER, PASSWORD, f"/reports/{red_cycle['report'].pk}/")
    phone.route("**/save/", lambda route: route.abort())  # the network drops under the autosave
    phone.get_by_label("进展情况").press_sequentially(TEXT)
    phone.wait_for_timeout(2500)  # the autosave was tried and failed
    assert leave(phone) == ["beforeunload"]


def test_it_leaves_silently_once_the_text_is_saved(phone, live_server, red_cycle):  # noqa: F811
    log_in(phone, live_server.url, REPORTER, PASSWORD, f"/reports/{red_cycle['report'].pk}/")
    phone.get_by_label("进展情况").press_sequentially(TEXT)
    expect(phone.locator("main")).to_contain_text("已自动保存")
    assert leave(phone) == []
