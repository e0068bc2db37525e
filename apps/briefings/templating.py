"""An office's own Word template for its 通报 (docxtpl: a .docx with Jinja placeholders), used instead of
the built-in layout (apps.briefings.docx) when the issuing unit — or the nearest unit above it — has
uploaded one for the kind.

The variables a template may use (VARIABLES, shown on the upload page), the same for every kind:

- title, journal (《定西市督查》), number (2026年第3期), office, date (成文日期 2026年11月30日), as_of
  (数据截至), period (2026年第三季度), kind (季度调度通报), subject (the plan, or 定西市全部计划),
  copy_to (抄送, may be empty), chart (the chart as a picture, or empty);
- opening: the first paragraph (依据);
- body: every paragraph in order, each with kind ("h1" 一级标题, "h2" 二级标题, "p" 正文, "chart" the
  chart's place) and text — in a template, `{%p for b in body %}` … `{%p endfor %}`;
- sections: the first-level sections, each with title ("一、总体情况") and paragraphs (its texts);
- tables: the 附件, each with title ("附件1　滞后事项清单"), name ("滞后事项清单"), header (the column
  names) and rows (each a list of cell texts) — a table's rows as `{%tr for row in t.rows %}`, its cells
  as `{%tc for c in row %}`.

A template is checked when uploaded (`check`): a Word file, its Jinja syntax, only the variables above,
and a trial rendering with sample values (a sandboxed environment where an unknown attribute is an
error, not an empty string). `sample()` is a template built from the built-in layout, to start from.
"""

import io
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from lib.filetypes import sniff

from . import chart, docx, text

VARIABLES = {
    "title": "标题",
    "journal": "简报名称，如《定西市督查》",
    "number": "期号，如“2026年第3期”（草稿为“草稿，发布时编号”）",
    "office": "印发单位",
    "date": "成文日期，如“2026年11月30日”",
    "as_of": "数据截至日期",
    "period": "期次，如“2026年第三季度”",
    "kind": "通报类型，如“季度调度通报”",
    "subject": "通报范围：计划名称，或“××全部计划”",
    "opening": "开头一段（依据）",
    "body": "正文各段，按顺序：每段有 kind（h1 一级标题、h2 二级标题、p 正文、chart 图表位置）和 text",
    "sections": "正文各部分：每部分有 title（如“一、总体情况”）和 paragraphs（该部分各段文字）",
    "tables": "附件表格：每个有 title（如“附件1　滞后事项清单”）、name（表名）、note（表很长只列出前若干行时的说明，否则为空）、header（各列标题）、rows（各行）",
    "copy_to": "抄送机关（可为空）",
    "chart": "图表图片（系统无中文字体时为空）",
}


class TemplateProblem(ValueError):
    """A template that cannot be used, with the reason in Chinese."""


def _env():
    return SandboxedEnvironment(undefined=StrictUndefined)


def context(data, *, title, journal, number, office, date, problems_extra="", requirements="", copy_to=""):
    """The values a template is filled in with (VARIABLES), but the chart (it needs the template)."""
    blocks = text.blocks(data, office=office, problems_extra=problems_extra, requirements=requirements)
    body = [{"kind": kind, "text": content or ""} for kind, content in blocks]
    sections = []
    for block in body:
        if block["kind"] == "h1":
            sections.append({"title": block["text"], "paragraphs": []})
        elif sections and block["kind"] != "chart":
            sections[-1]["paragraphs"].append(block["text"])
    tables = [
        {
            "title": t["title"],
            "name": t["title"].split("　", 1)[-1],
            "note": t.get("note", ""),
            "header": t["header"],
            "rows": t["rows"],
        }
        for t in text.tables(data)
    ]
    return {
        "title": title,
        "journal": journal,
        "number": number,
        "office": office,
        "date": text.cn_date(date),
        "as_of": text.cn_date(data["as_of"]),
        "period": data.get("period", ""),
        "kind": data.get("kind", "monthly"),
        "subject": data.get("subject", ""),
        "opening": body[0]["text"] if body else "",
        "body": body,
        "sections": sections,
        "tables": tables,
        "copy_to": copy_to.strip().rstrip("。．."),
        "chart": "",
    }


def _open(content: bytes) -> DocxTemplate:
    try:
        return DocxTemplate(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateProblem("无法读取该 Word 文件，请用 Word 或 WPS 另存为 .docx 后重新上传") from exc


def _fill(template: DocxTemplate, values: dict) -> bytes:
    try:
        template.render(values, _env(), autoescape=True)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误（第{exc.lineno}处附近）：{exc.message}") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"模板使用了不存在的变量或属性：{exc.message}") from exc
    except (TemplateError, TypeError, ValueError) as exc:
        raise TemplateProblem(f"模板无法套用：{exc}") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render(template_content: bytes, data, **texts) -> bytes:
    """The 通报 as `template_content` lays it out, filled in with its data and texts (as docx.render's)."""
    template = _open(template_content)
    values = context(data, **texts)
    if any(b["kind"] == "chart" for b in values["body"]):
        png, _why = chart.render(data)
        if png is not None:
            values["chart"] = InlineImage(template, io.BytesIO(png), width=Mm(150))
    return _fill(template, values)


SAMPLE_VALUES = {
    "title": "关于2026年11月重点任务进展情况的通报",
    "journal": "《××督查》",
    "number": "2026年第1期",
    "office": "××督查室",
    "date": "2026年11月30日",
    "as_of": "2026年11月30日",
    "period": "2026-11",
    "kind": "monthly",
    "subject": "××计划",
    "opening": "现将有关情况通报如下：",
    "body": [
        {"kind": "p", "text": "现将有关情况通报如下："},
        {"kind": "h1", "text": "一、总体情况"},
        {"kind": "chart", "text": ""},
        {"kind": "h2", "text": "（一）分领域情况"},
        {"kind": "p", "text": "共6项。"},
    ],
    "sections": [{"title": "一、总体情况", "paragraphs": ["（一）分领域情况", "共6项。"]}],
    "tables": [
        {
            "title": "附件1　滞后事项清单",
            "name": "滞后事项清单",
            "note": "",
            "header": ["序号", "任务"],
            "rows": [["1", "某任务"]],
        }
    ],
    "copy_to": "市委办公室",
    "chart": "",
}


def check(content: bytes, *, name: str = "") -> list[str]:
    """The variables a template uses, or TemplateProblem: not a Word file, a syntax error, a variable not
    in VARIABLES, or a failed trial rendering with sample values."""
    if not name.lower().endswith(".docx") or sniff(content) != "docx":
        raise TemplateProblem("请上传 Word 文档（.docx）；.doc、WPS 等格式请先另存为 .docx")
    template = _open(content)
    try:
        used = template.get_undeclared_template_variables(_env())
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误（第{exc.lineno}处附近）：{exc.message}") from exc
    unknown = sorted(used - VARIABLES.keys())
    if unknown:
        raise TemplateProblem(f"模板中有未知变量：{'、'.join(unknown)}。可用的变量见本页说明")
    _fill(_open(content), dict(SAMPLE_VALUES))
    return sorted(used)


def _tag(doc, tag):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): removed when the template is filled."""
    return docx._para(doc, tag, indent=False)


def _loop_table(doc):
    """A 附件 table: the header's cells and each row's cells as column loops, the rows as a row loop."""
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    cells = (
        ("{%tc for h in t.header %}", "{{ h }}", "{%tc endfor %}"),
        ("{%tr for row in t.rows %}", "", ""),
        ("{%tc for c in row %}", "{{ c }}", "{%tc endfor %}"),
        ("{%tr endfor %}", "", ""),
    )
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            docx._cell_text(cell, value, font=docx.H1 if row is table.rows[0] else docx.BODY)


def sample() -> bytes:
    """A template laid out as the built-in 通报 (page, fonts, masthead, headings, 附件 tables, 版记),
    with every variable in its place: what a clerk starts from."""
    doc = Document()
    section = docx._page_setup(doc)
    docx._footers(section)
    docx._masthead(
        doc, journal="{{ journal }}", number="{{ number }}", office="{{ office }}", date="{{ date }}"
    )
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": False}
    docx._para(doc, "{{ title }}", **center, font=docx.TITLE, size=docx.TITLE_PT)
    docx._para(doc, indent=False)
    _tag(doc, "{%p for b in body %}")
    _tag(doc, '{%p if b.kind == "h1" %}')
    docx._para(doc, "{{ b.text }}", font=docx.H1)
    _tag(doc, '{%p elif b.kind == "h2" %}')
    docx._para(doc, "{{ b.text }}", font=docx.H2)
    _tag(doc, '{%p elif b.kind == "chart" %}')
    docx._para(doc, "{{ chart }}", **center, exact=False)
    _tag(doc, "{%p else %}")
    docx._para(doc, "{{ b.text }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    docx._para(doc)
    docx.signature(doc, office="{{ office }}", date="{{ date }}")
    _tag(doc, "{%p for t in tables %}")
    p = docx._para(doc, indent=False)
    p.add_run().add_break(WD_BREAK.PAGE)
    docx._run(p, "附件{{ loop.index }}", font=docx.H1)
    docx._para(doc, "{{ t.name }}", **center, font=docx.TITLE, size=18)
    _tag(doc, "{%p if t.note %}")
    docx._para(doc, "{{ t.note }}", indent=False, size=docx.TABLE_PT)
    _tag(doc, "{%p endif %}")
    _loop_table(doc)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if copy_to %}")  # the 版记 with its 抄送 line, or without
    docx.imprint(doc, ["抄送：{{ copy_to }}。", "{{ office }}\t{{ date }}印发"])
    _tag(doc, "{%p else %}")
    docx.imprint(doc, ["{{ office }}\t{{ date }}印发"])
    _tag(doc, "{%p endif %}")
    doc.core_properties.title = "督查通报模板（示例）"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
