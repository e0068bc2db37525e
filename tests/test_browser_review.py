"""Document → ledger in a real browser: a coordinator uploads a speech (解析文件), watches the progress
indicator while it is parsed, reviews the proposed ledger beside the highlighted source, renames a task
and assigns its lead unit (pickers loaded on demand with htmx), publishes with a default lead unit for the
rest, then finds the task in the ledger and sees the source sentence highlighted on its page.

Also writes docs/screenshots/review.png (1366×768).
"""

import re
from pathlib import Path

import pytest

from apps.documents import drafts
from apps.documents.models import Draft
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

SEED = Path(__file__).resolve().parent.parent / "apps" / "demo" / "seeds" / "000_d4cf002dd97c705d.txt"
PLAN_TITLE = "2026年全市全面深化改革重点任务"
NEW_TITLE = "深化要素市场化配置改革，完善产权保护和市场准入制度"
SEARCH = "市场化配置改革"  # only in the new title: the source says 要素市场化改革


@pytest.fixture
def city(transactional_db):
    K = Unit.Kind
    city = make_unit("定西市", K.CITY)
    units = {
        name: make_unit(name, K.DEPARTMENT, city)
        for name in ["市委改革办", "市发改委", "市财政局", "市国资委", "市自然资源局"]
    }
    coordinator = make_user("gaige", units["市委改革办"], Role.COORDINATOR)
    coordinator.full_name = "王磊"
    coordinator.save(update_fields=["full_name"])
    return {"city": city, **units}


def _task_to_edit(data: dict) -> dict:
    """The proposed task about 要素市场化改革 (else the first one), as the review screen shows it."""
    tasks = [t for a in data["areas"] for t in a["tasks"] if not t["dropped"]]
    assert tasks, "the extraction proposed no task"
    return next((t for t in tasks if "要素市场化" in t["title"]), tasks[0])


def test_coordinator_reviews_and_publishes_a_parsed_document(new_page, live_server, city):
    from playwright.sync_api import expect

    base = live_server.url
    page = new_page()
    log_in(page, base, "gaige", PASSWORD, "/documents/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("解析文件生成台账")

    # ---- upload ----
    page.get_by_label("上传文件").set_input_files(str(SEED))
    page.get_by_label("计划名称").fill(PLAN_TITLE)
    page.get_by_label("年度").fill("2026")
    page.get_by_label("发文单位").select_option(label="定西市")
    progress = page.locator("#upload-progress")
    expect(progress).to_be_hidden()
    # Parsing takes well under a second, so the indicator is gone with the old page before an `expect`
    # could see it: record what the page showed the moment the form was submitted (after app.js's
    # data-busy handler ran) in sessionStorage, which survives the navigation.
    page.evaluate(
        """() => document.getElementById('upload-form').addEventListener('submit', () => {
            const p = document.getElementById('upload-progress');
            const b = document.querySelector('#upload-form button[type=submit]');
            sessionStorage.setItem('upload-state', JSON.stringify({
                progressVisible: !p.hidden && p.offsetParent !== null,
                hasProgressBar: !!p.querySelector('progress'),
                button: b.textContent, disabled: b.disabled}));
        })"""
    )
    page.get_by_role("button", name="开始解析").click()
    page.wait_for_url(re.compile(r"/drafts/\d+/$"))
    state = page.evaluate("JSON.parse(sessionStorage.getItem('upload-state'))")
    assert state == {
        "progressVisible": True,
        "hasProgressBar": True,
        "button": "正在解析…",
        "disabled": True,
    }, state

    # ---- the review screen: source with <mark>s on the left, proposal on the right ----
    draft = Draft.objects.get(pk=int(re.search(r"/drafts/(\d+)/", page.url).group(1)))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"审核台账草稿：{PLAN_TITLE}")
    source = page.locator(".source-pane .source-text")
    proposal = page.locator("#proposal")
    kept = sum(1 for a in draft.data["areas"] for t in a["tasks"] if not t["dropped"])
    expect(source.locator("mark")).to_have_count(kept)
    expect(proposal.locator("article.draft-task")).to_have_count(kept)
    src_box, prop_box = source.bounding_box(), proposal.bounding_box()
    assert src_box["x"] + src_box["width"] <= prop_box["x"] + 1, "source pane is not left of the proposal"
    unassigned = drafts.counts(draft.data)["unassigned"]  # the seed names no unit: all of them today
    expect(proposal.locator(".publish-bar")).to_contain_text(f"{unassigned} 项未指定牵头单位")

    item = _task_to_edit(draft.data)
    key = item["key"]
    article = proposal.locator(f"#task-{key}")
    expect(source.locator(f"mark#src-{key}")).to_have_text(draft.document.text[item["start"] : item["end"]])

    # Rename it, open the unit pickers (htmx loads them into the task), choose the lead unit, save.
    article.get_by_label("任务名称").fill(NEW_TITLE)
    expect(article.locator(".unit-picker")).to_have_count(0)  # pickers are not in the page until asked for
    article.get_by_role("link", name="指定单位").click()
    page.wait_for_load_state(
        "networkidle"
    )  # the pickers arrive by htmx; typing before they settle races the swap
    lead = article.get_by_label("牵头单位")
    expect(lead).to_be_visible()
    assert "?edit=" not in page.url, "指定单位 navigated instead of loading the pickers with htmx"
    lead.fill("发改")  # type-ahead: the hits come from the server, the tree is never in the page
    article.locator(".unit-hits").get_by_label("市发改委").check()
    article.get_by_label("搜索配合单位").fill("国资")
    article.locator(".unit-hits").get_by_label("市国资委").check()
    article.get_by_role("button", name="保存修改").click()
    article = proposal.locator(f"#task-{key}")  # the proposal panel was swapped
    expect(article.locator(".unit-names")).to_contain_text("牵头：市发改委")
    expect(article.locator(".unit-names")).to_contain_text("配合：市国资委")
    expect(article.get_by_label("任务名称")).to_have_value(NEW_TITLE)
    left = unassigned - (0 if item["lead_unit_ids"] else 1)
    expect(proposal.locator(".publish-bar")).to_contain_text(f"{left} 项未指定牵头单位")
    draft.refresh_from_db()
    saved = _task_by_key(draft.data, key)
    assert saved["title"] == NEW_TITLE
    assert saved["lead_unit_ids"] == [city["市发改委"].pk]

    # Screenshot: the edited task in view, the (sticky) source pane scrolled to its sentence, which is
    # the :target of the task's 原文 link (outlined).
    page.evaluate(
        """key => {
            location.hash = 'src-' + key;
            const article = document.getElementById('task-' + key);
            window.scrollTo(0, article.getBoundingClientRect().top + window.scrollY - 200);
            const box = document.querySelector('.source-text'), mark = document.getElementById('src-' + key);
            box.scrollTop = mark.offsetTop - box.offsetTop - 120;
        }""",
        key,
    )
    expect(article).to_be_in_viewport()
    expect(source.locator(f"mark#src-{key}")).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / "review.png"))

    # ---- publish, with 市委改革办 leading whatever is still unassigned ----
    page.get_by_text("未指定牵头单位的任务由谁牵头").click()
    page.get_by_label("搜索未指定牵头单位的任务由").fill("改革办")
    page.locator("#opts-default .unit-hits").get_by_label("市委改革办").check()
    page.get_by_role("button", name="发布为计划").click()
    plan = Plan.objects.get(title=PLAN_TITLE)
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    expect(page.locator(".messages")).to_contain_text(f"已发布计划“{PLAN_TITLE}”，共 {kept} 项任务")
    expect(page.locator("#ledger .count")).to_have_text(f"共 {kept} 项任务")
    assert plan.status == Plan.Status.PUBLISHED
    assert Task.objects.filter(plan=plan).count() == kept

    # ---- find the edited task in the ledger and open it ----
    search = page.get_by_label("搜索")
    search.fill(SEARCH)
    search.press("Enter")
    expect(page.locator("#ledger .count")).to_have_text("共 1 项任务")
    row = page.locator("#ledger table.ledger tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("市发改委")
    expect(row).to_contain_text("市国资委")
    row.get_by_role("link", name=NEW_TITLE).click()
    task = Task.objects.get(plan=plan, title=NEW_TITLE)
    page.wait_for_url(f"{base}/tasks/{task.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEW_TITLE)
    expect(page.locator("dl.facts")).to_contain_text("市发改委")
    figure = page.locator("figure.source")
    expect(figure.locator("figcaption")).to_have_text("原文出处")
    expect(figure.locator("mark")).to_have_text(draft.document.text[item["start"] : item["end"]])

    # Every task left unassigned went to the default lead unit.
    unassigned_starts = {t["start"] for _, t in drafts.kept_tasks(draft.data) if not t["lead_unit_ids"]}
    others = Task.objects.filter(plan=plan, source_start__in=unassigned_starts).prefetch_related(
        "links__unit"
    )
    leads = {tuple(u.name for u in t.lead_units) for t in others}
    assert leads == {("市委改革办",)}, f"default lead unit not applied: {leads}"


def _task_by_key(data, key):
    return next(t for a in data["areas"] for t in a["tasks"] if t["key"] == key)
