"""A printable 督办单 (.docx, one A4 page) for units that still want paper: number, unit, matter,
requirement, reply-by date, issuing office and date, in the 仿宋/黑体 of official documents."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

RED = RGBColor(0xC0, 0x00, 0x00)
REQUIREMENTS = {
    1: "请抓紧推进，按期报送进展情况。",
    2: "请高度重视，加快推进，于回复期限前书面报告办理情况。",
    3: "请主要负责同志亲自研究部署，限期办结，于回复期限前书面报告办理情况及下步措施。",
    4: "逾期未办结事项将在全市范围内通报，并纳入年度考核。",
}


def _font(run, name="仿宋_GB2312", size=16, bold=False, color=None):
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _para(doc, text, *, align=None, **font):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), **font)
    return p


def render(notice, *, office: str) -> bytes:
    """The .docx of `notice`, issued by `office` (the plan's issuing unit)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, f"{office}督办单", align=WD_ALIGN_PARAGRAPH.CENTER, name="方正小标宋简体", size=26, color=RED)
    _para(
        doc,
        f"督办〔{notice.issued_at:%Y}〕{notice.pk}号　　级别：{notice.get_level_display()}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    rows = [
        ("被督办单位", str(notice.unit)),
        ("督办事项", notice.task.title),
        ("督办事由", notice.reason),
        ("督办要求", REQUIREMENTS.get(notice.level, "")),
        ("回复期限", f"{notice.reply_by:%Y年%-m月%-d日}前"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(3.2), Cm(12.4)
        _font(row.cells[0].paragraphs[0].add_run(label), name="黑体", size=14)
        _font(row.cells[1].paragraphs[0].add_run(value), size=14)
    _para(doc, "")
    _para(doc, office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{notice.issued_at:%Y年%-m月%-d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
