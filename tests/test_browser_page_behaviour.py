"""The small page behaviours that the Content-Security-Policy moved out of inline handlers into
static/js/app.js, in a real browser: data-confirm asks before a form is sent (and cancelling sends nothing),
data-submit-on-change filters the audit log, and the page's own password change works end to end."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.orgs.models import Role, Unit, User
from apps.plans.models import Plan, Task, TaskUnit
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def task(transactional_db):
    K = Unit.Kind
    city = make_unit("定西市", K.CITY)
    office = make_unit("市委改革办", K.DEPARTMENT, city)
    fgw = make_unit("市发改委", K.DEPARTMENT, city)
    make_user("gaige", office, Role.COORDINATOR)
    make_user("admin", office, Role.ADMIN)
    plan = Plan.objects.create(
        title="2026年工作要点", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED
    )
    task = Task.objects.create(plan=plan, title="建成高标准农田20万亩", due_date=datetime.date(2026, 12, 31))
    TaskUnit.objects.create(task=task, unit=fgw, role=TaskUnit.Role.LEAD)
    return task


def test_it_asks_before_archiving_and_sends_nothing_when_cancelled(page, live_server, task):
    log_in(page, live_server.url, "gaige", PASSWORD, f"/tasks/{task.pk}/")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name="归档").first.click()
    page.wait_for_timeout(500)
    assert asked == ["确定归档此任务？归档后可恢复。"]
    task.refresh_from_db()
    assert task.archived_at is None

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="归档").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("归档")
    task.refresh_from_db()
    assert task.archived_at is not None


def test_it_filters_the_audit_log_when_a_type_is_chosen(page, live_server, task):
    log_in(page, live_server.url, "admin", PASSWORD, "/audit/")
    page.get_by_label("操作类型").select_option(label="登录成功")
    page.wait_for_url("**/audit/?action=login")
    expect(page.locator("table.history")).to_contain_text("登录成功")


def test_it_changes_the_password_from_the_user_menu(page, live_server, task):
    log_in(page, live_server.url, "gaige", PASSWORD, "/plans/")
    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("旧密码").fill(PASSWORD)
    page.get_by_label("新密码").first.fill("Weihe-bridge-2026")  # then 新密码确认
    page.get_by_label("新密码确认").fill("Weihe-bridge-2026")
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator(".messages")).to_contain_text("密码已修改")
    assert User.objects.get(username="gaige").check_password("Weihe-bridge-2026")
