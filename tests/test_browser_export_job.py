"""A large ledger export in a real browser: the coordinator asks for it, watches its progress page (htmx
polls it) while a worker writes the file, and downloads it from the link that then appears."""

import os
import zipfile

import openpyxl
import pytest

from apps.orgs.models import Role, Unit
from apps.plans.jobs import export_ledger_job
from apps.plans.models import Area, ExportJob, Plan, Task, TaskUnit
from luoshi.test import make_unit, make_user
from tests.test_browser_ledger import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server is a thread of this process

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: run `make browser-deps`"),
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


@pytest.fixture
def plan(transactional_db, settings, tmp_path):
    """A plan of three tasks, exported as a job above one task, queued in the database for a worker."""
    settings.EXPORT_JOB_ROWS = 1
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    city = make_unit("定西市", Unit.Kind.CITY)
    fgw = make_unit("市发改委", Unit.Kind.DEPARTMENT, city)
    make_user("gaige", make_unit("市委改革办", Unit.Kind.DEPARTMENT, city), Role.COORDINATOR)
    plan = Plan.objects.create(title="2026年重点工作", year=2026, owner_unit=city, status="published")
    area = Area.objects.create(plan=plan, title="稳增长", order=1)
    for i in range(3):
        task = Task.objects.create(plan=plan, area=area, code=f"1.{i + 1}", title=f"重点项目{i + 1}")
        TaskUnit.objects.create(task=task, unit=fgw, role=TaskUnit.Role.LEAD)
    return plan


def test_coordinator_waits_for_a_large_export_and_downloads_it(page, live_server, plan, tmp_path):
    ledger = f"/plans/{plan.pk}/"
    log_in(page, live_server.url, "gaige", ledger)
    page.get_by_role("link", name="导出 Excel").click()
    page.wait_for_url(f"{live_server.url}/exports/*/")
    progress = page.locator("#export-job")
    page.get_by_text("排队中：已写入 0 / 3 项").wait_for()

    export_ledger_job.call(ExportJob.objects.get().pk)  # what `manage.py db_worker` does with the job

    link = progress.get_by_role("link", name="下载 Excel")
    link.wait_for()  # swapped in by htmx polling, without a reload
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert zipfile.is_zipfile(path)
    sheet = openpyxl.load_workbook(path, read_only=True)["台账"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["1.1", "1.2", "1.3"]
