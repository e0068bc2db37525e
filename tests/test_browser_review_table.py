"""A 分工方案 whose tasks are rows of a Word table, from upload to ledger, in a real browser.

The coordinator uploads a .docx with a table 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 whose units are
written the short way (市发改委, 市住建局) while the tree has the full names (市发展和改革委员会, …). The review
screen shows the matched units already assigned and the names without a unit (市营商环境局) as 未匹配; the
coordinator changes one time limit, gives the unassigned task a lead unit through the type-ahead picker, adds
a co-operating unit to two checked tasks at once, and publishes. The ledger then shows every task with its
lead and co units and the due date its time limit names.

The table rows are read by the engine (extractor.loader / extractor.tables); nothing here stands in for it.
Also writes docs/screenshots/review_table.png (1366×768) and review_table_390.png (a phone, 390 px wide).
"""

import re

import pytest

from apps.documents.models import Draft
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task
from luoshi.test import PASSWORD, make_unit, make_user
from tests.conftest import SCREENSHOTS, log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PLAN_TITLE = "2026年优化营商环境重点任务"
HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
ROWS = [
    ("1", "推进政务服务事项“一网通办”，实现高频事项全程网办", "市政务服务中心", "市发改委", "2026年6月底前"),
    (
        "2",
        "开展工程建设项目审批制度改革，压减审批时限",
        "市住建局",
        "市自然资源局、市发改委",
        "2026年9月底前",
    ),
    ("3", "落实减税降费政策，为市场主体减负", "市财政局", "市税务局", "长期坚持"),
    ("4", "建设全市统一的公共资源交易平台", "市发改委", "市财政局", "2026年12月底前"),
    ("5", "开展营商环境满意度第三方评估", "市营商环境局", "", "2026年11月底前"),
]
FULL_NAMES = ["市发展和改革委员会", "市住房和城乡建设局", "市财政局", "市自然资源局", "市政务服务中心"]


@pytest.fixture
def city(transactional_db):
    K = Unit.Kind
    city = make_unit("定西市", K.CITY)
    units = {name: make_unit(name, K.DEPARTMENT, city) for name in ["市委改革办", *FULL_NAMES]}
    make_user("gaige", units["市委改革办"], Role.COORDINATOR)
    return {"city": city, **units}


@pytest.fixture
def docx_file(tmp_path):
    """A 分工方案 as Word writes it: a title, a sentence, and the tasks in a real table."""
    import docx

    document = docx.Document()
    document.add_paragraph("定西市2026年优化营商环境重点任务分工方案")
    document.add_paragraph("为贯彻落实市委、市政府决策部署，现将2026年优化营商环境重点任务分工如下。")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for i, row in enumerate([HEADER, *ROWS]):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    path = tmp_path / "分工方案.docx"
    document.save(path)
    return path


def _article(proposal, fragment):
    """The proposed task whose title input holds `fragment`."""
    return proposal.locator("article.draft-task").filter(
        has=proposal.page.locator(f'input.task-title[value*="{fragment}"]')
    )


def test_coordinator_reviews_a_table_of_tasks_and_publishes_it(new_page, live_server, city, docx_file):
    from playwright.sync_api import expect

    base = live_server.url
    page = new_page()
    log_in(page, base, "gaige", PASSWORD, "/documents/new/")

    # ---- upload the Word file ----
    page.get_by_label("上传文件").set_input_files(str(docx_file))
    page.get_by_label("计划名称").fill(PLAN_TITLE)
    page.get_by_label("发文单位").select_option(label="定西市")
    page.get_by_role("button", name="开始解析").click()
    page.wait_for_url(re.compile(r"/drafts/\d+/$"))
    draft = Draft.objects.get(pk=int(re.search(r"/drafts/(\d+)/", page.url).group(1)))
    assert draft.year == 2026
    proposal = page.locator("#proposal")
    expect(proposal.locator("article.draft-task")).to_have_count(len(ROWS))

    # ---- the units written short are matched to the tree and pre-assigned ----
    one, two, three, four, five = (_article(proposal, row[1][:8]) for row in ROWS)
    expect(two.locator(".unit-names")).to_contain_text("牵头：市住房和城乡建设局")
    expect(two.locator(".unit-names")).to_contain_text("配合：市自然资源局、市发展和改革委员会")
    expect(four.locator(".unit-names")).to_contain_text("牵头：市发展和改革委员会")
    expect(one.locator(".mentions")).to_contain_text("文中提到：市政务服务中心、市发改委")
    expect(three.locator(".unmatched")).to_have_text("未匹配：市税务局")
    expect(five.locator(".unmatched")).to_have_text("未匹配：市营商环境局")
    expect(five.locator(".unit-names")).to_contain_text("牵头：未指定")
    expect(proposal.locator(".publish-bar")).to_contain_text("1 项未指定牵头单位")
    # the time limits as dates; 长期坚持 stays as written
    expect(one.locator(".due")).to_have_text("2026-06-30")
    expect(three.locator(".due")).to_contain_text("长期坚持（不设具体日期")

    # ---- change one time limit ----
    deadline = four.get_by_label("完成时限")
    expect(deadline).to_have_value("2026年12月底前")
    deadline.fill("三季度")
    four.get_by_role("button", name="保存修改").click()
    expect(_article(proposal, ROWS[3][1][:8]).locator(".due")).to_have_text("2026-09-30")

    # ---- the unassigned task gets its lead unit through the type-ahead ----
    five = _article(proposal, ROWS[4][1][:8])
    five.get_by_role("link", name="指定单位").click()
    page.wait_for_load_state(
        "networkidle"
    )  # the pickers arrive by htmx; typing before they settle races the swap
    search = five.get_by_label("搜索牵头单位")
    expect(search).to_be_visible()
    assert "?edit=" not in page.url, "指定单位 navigated instead of loading the pickers with htmx"
    search.fill("政务")
    hit = five.locator(".unit-hits").get_by_label("市政务服务中心")
    expect(hit).to_be_visible()
    expect(five.locator(".unit-hits li")).to_have_count(1)  # only what matches, never the whole tree
    hit.check()
    five.get_by_role("button", name="保存修改").click()
    five = _article(proposal, ROWS[4][1][:8])
    expect(five.locator(".unit-names")).to_contain_text("牵头：市政务服务中心")
    expect(five.locator(".unmatched")).to_have_text("未匹配：市营商环境局")  # still visible for the reviewer
    expect(proposal.locator(".publish-bar")).not_to_contain_text("项未指定牵头单位")

    # ---- one co-operating unit for two checked tasks at once ----
    _article(proposal, ROWS[0][1][:8]).get_by_label(re.compile("^选择任务")).check()
    _article(proposal, ROWS[4][1][:8]).get_by_label(re.compile("^选择任务")).check()
    proposal.get_by_text("给勾选的任务指定单位").click()
    bulk = page.locator("#bulk")
    bulk.get_by_label("搜索增加配合单位").fill("市财政")
    bulk.locator(".unit-hits").get_by_label("市财政局").check()
    bulk.get_by_role("button", name="指定给所选任务").click()
    expect(_article(proposal, ROWS[0][1][:8]).locator(".unit-names")).to_contain_text(
        "配合：市发展和改革委员会、市财政局"
    )
    expect(_article(proposal, ROWS[4][1][:8]).locator(".unit-names")).to_contain_text("配合：市财政局")
    expect(_article(proposal, ROWS[2][1][:8]).locator(".unit-names")).not_to_contain_text("配合：市财政局")

    page.screenshot(path=str(SCREENSHOTS / "review_table.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review screen scrolls sideways at 390 px ({width} px wide)"
    page.screenshot(path=str(SCREENSHOTS / "review_table_390.png"))
    page.set_viewport_size({"width": 1366, "height": 768})

    # ---- publish: every task has its lead unit, so no default is needed ----
    page.get_by_role("button", name="发布为计划").click()
    plan = Plan.objects.get(title=PLAN_TITLE)
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    expect(page.locator("#ledger .count")).to_have_text(f"共 {len(ROWS)} 项任务")

    expected = {
        "推进政务服务事项": ("市政务服务中心", "市发展和改革委员会、市财政局", "2026-06-30"),
        "开展工程建设项目审批": ("市住房和城乡建设局", "市自然资源局、市发展和改革委员会", "2026-09-30"),
        "落实减税降费政策": ("市财政局", "—", "2026-12-31"),
        "建设全市统一的公共资源交易平台": ("市发展和改革委员会", "市财政局", "2026-09-30"),
        "开展营商环境满意度第三方评估": ("市政务服务中心", "市财政局", "2026-11-30"),
    }
    rows = page.locator("#ledger table.ledger tbody tr")
    expect(rows).to_have_count(len(ROWS))
    for fragment, (lead, co, due) in expected.items():
        row = rows.filter(has_text=fragment)
        cells = row.locator("td")
        expect(cells.nth(4)).to_have_text(lead)
        expect(cells.nth(5)).to_have_text(co)
        expect(cells.nth(7)).to_have_text(due)
    assert Task.objects.filter(plan=plan).count() == len(ROWS)
