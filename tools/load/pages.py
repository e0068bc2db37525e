"""What the rush reads from luoshi's pages, as a browser would: the CSRF token, 我的待办's first report to
fill, the report form's fields and the version an autosave hands back. Plain functions over HTML text (no
locust), so a test can run them on the pages the templates render today."""

import re
from html.parser import HTMLParser

# a small valid PDF: evidence is checked by content, not by its name
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
NARRATIVES = [
    "本月按计划推进，已完成阶段性目标，正在组织验收。",
    "已召开专题推进会，明确责任人和时间节点，项目进展顺利。",
]


class _Form(HTMLParser):
    """The named inputs, textareas and selects of the form with id `form_id`, with their current values."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or not attrs.get("name"):
            return
        if tag == "input" and attrs.get("type") not in ("file", "submit", "button"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside = False


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise ValueError("no CSRF token on the page")
    return match.group(1)


def first_report_to_fill(html: str) -> str:
    """The URL of the first report in 我的待办's 待填报 list."""
    section = html.partition("待填报（")[2]
    match = re.search(r'href="(/reports/\d+/)"', section)
    if not match:
        raise ValueError("我的待办 lists no report to fill")
    return match.group(1)


def report_form(html: str) -> dict:
    """The report form's fields as the page shows them (CSRF token, version, tab, texts, target actuals)."""
    parser = _Form("report-form")
    parser.feed(html)
    if "version" not in parser.fields:
        raise ValueError("the page has no report form to fill")
    return parser.fields


def filled(fields: dict, step: int) -> dict:
    """The form as typed by step `step` (1, 2, …): the narrative grows, progress and actual values are set."""
    data = dict(fields)
    data["narrative"] = "".join(NARRATIVES[: step % len(NARRATIVES) + 1]) + f"（第{step}次修改）"
    data["percent"] = str(min(100, 40 + 10 * step))
    data["problems"] = "个别项目资金拨付偏慢。" if step > 1 else ""
    data["next_steps"] = "加快推进，确保按期完成。"
    for name in data:
        if name.startswith("actual_"):
            data[name] = str(100 * step)
    return data


def saved_version(html: str) -> str:
    """The version an autosave answer (or the report page) carries: the form's next save sends it."""
    match = re.search(r'name="version" id="id_version" value="(\d+)"', html) or re.search(
        r'name="version" value="(\d+)"', html
    )
    if not match:
        raise ValueError("no version in the answer")
    return match.group(1)
