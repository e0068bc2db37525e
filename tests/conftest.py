"""Shared Playwright fixtures for the browser tests (`-m browser`).

Debian's chromium (`make browser-deps`) driven through Playwright's sync API against pytest-django's live
server. `new_page()` opens a fresh browser context (own cookies) per user, so one test can act as the
reporter, the approver and the coordinator side by side.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Assertions wait as long as actions do (10 s, not Playwright's 5 s): on a loaded 2-core CI machine an htmx
# round trip through the live server can take several seconds.
expect.set_options(timeout=10_000)

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
VIEWPORT = {"width": 1366, "height": 768}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: run `make browser-deps`"
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: a page in a context of its own (separate session cookie), closed after the test. The test
    fails if a page broke the Content-Security-Policy (chromium reports each refusal on the console)."""
    contexts, refused = [], []

    def make():
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refused, refused


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, base_url, username, password, next_url="/todo/"):
    """Log in through the form and wait until the page behind `next` has loaded."""
    page.goto(f"{base_url}/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}{next_url}")
