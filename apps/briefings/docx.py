"""The 通报 as a .docx laid out per GB/T 9704-2012《党政机关公文格式》(figures and sources:
../shared/DOMAIN.md §3.2):

- A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, so bottom 35 mm and outside 26 mm; mirror margins for
  double-sided printing (inside = 订口);
- body 3号 (16 pt) 仿宋_GB2312 (East Asian font set through w:eastAsia), 22 lines × 28 characters: exact
  line spacing 28.95 pt (225 mm / 22) and a document grid of that line pitch and 28 characters a line;
- title 2号 (22 pt) 方正小标宋简体; headings 一、 黑体, （一） 楷体_GB2312, 1. in the body font;
- page numbers "— 1 —" in 4号 (14 pt) 宋体 from a PAGE field, odd pages right, even pages left (separate
  odd and even footers), one character in from the edge of the 版心, about 7 mm below it;
- a 简报-style masthead "《××督查》" and "第N期" in red, the issuing office and the date over a red rule;
- 成文日期 in Arabic numerals, 右空四字; tables in 仿宋 小四 (12 pt) with the header row repeated;
- 版记 after the last 附件 (§7.4): an optional 抄送 line, then 印发机关 (左空一字) and 印发日期 (右空一字,
  "2026年11月30日印发"), in 4号 仿宋, between rules as wide as the 版心 — the first and the last 0.35 mm
  (a 1 pt border, 8 eighths), the one between 抄送 and 印发 0.25 mm (0.75 pt, 6 eighths). It is a
  floating table anchored to the foot of the 版心 (w:tblpPr vertAnchor margin, tblpYSpec bottom) on the
  page where it falls, the last one, so its last rule lies on the 版心's lower edge as §7.4.1 asks. The
  standard puts the 版记 on the last *even* page; a document whose last page is odd would need a blank
  page added, which cannot be known without laying the pages out, so that is left to the clerk.

Fonts are named, not embedded: a machine without 仿宋_GB2312 shows Word's or LibreOffice's substitute.
"""

import copy
import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from . import chart, text

RED = RGBColor(0xE6, 0x00, 0x12)
BODY, TITLE, H1, H2, NUMBERS = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
BODY_PT, TITLE_PT, TABLE_PT, PAGE_PT = 16, 22, 12, 14
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines
CHARS_PER_LINE = 28
TEXT_WIDTH = Mm(156)


def _fonts(run_or_style_font_element, name):
    rpr = run_or_style_font_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _run(paragraph, content, *, font=BODY, size=BODY_PT, bold=False, color=None):
    run = paragraph.add_run(content)
    _fonts(run._element, font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(doc_or_cell, content="", *, align=None, indent=True, exact=True, **font):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(2 * BODY_PT) if indent else Pt(0)
    if content:
        _run(p, content, **font)
    return p


def _page_setup(doc):
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)  # inside, outside (mirrored below)
    section.header_distance = Mm(15)
    # The number's line (14 pt ≈ 5 mm) ends about 23 mm above the page edge: its top 7 mm below the 版心.
    section.footer_distance = Mm(23)
    settings = doc.settings.element
    settings.append(OxmlElement("w:mirrorMargins"))
    doc.settings.odd_and_even_pages_header_footer = True
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    # charSpace: the grid's extra width per character over the style's font size, in 1/4096 pt.
    pitch = TEXT_WIDTH.pt / CHARS_PER_LINE
    grid.set(qn("w:charSpace"), str(round((pitch - BODY_PT) * 4096)))
    normal = doc.styles["Normal"]
    _fonts(normal.element, BODY)
    normal.font.size = Pt(BODY_PT)
    return section


def _page_field(paragraph):
    """ "— PAGE —": the number is a field Word and LibreOffice fill in on each page."""
    _run(paragraph, "— ", font=NUMBERS, size=PAGE_PT)
    run = _run(paragraph, "", font=NUMBERS, size=PAGE_PT)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif instr.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        else:
            el = OxmlElement("w:t")
            el.text = instr
        run._element.append(el)
    _run(paragraph, " —", font=NUMBERS, size=PAGE_PT)


def _footers(section):
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        setattr(p.paragraph_format, f"{side}_indent", Pt(PAGE_PT))  # 居右/居左空一字
        _page_field(p)


# 版记 rules in eighths of a point: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt.
IMPRINT_THICK, IMPRINT_THIN = 8, 6
# What follows w:pBdr in w:pPr (ECMA-376 CT_PPrBase; python-docx does not keep the sequence on CT_PPr).
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _borders(paragraph, *, color="000000", **sides):
    """Borders on `paragraph` as wide as the 版心: sides top= / bottom= with sizes in eighths of a point.
    The w:pBdr goes where the schema puts it in w:pPr (before w:tabs, w:spacing, w:jc), as Word requires."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):  # the schema's order of the sides
        if side in sides:
            edge = OxmlElement(f"w:{side}")
            for key, value in (("val", "single"), ("sz", str(sides[side])), ("space", "1"), ("color", color)):
                edge.set(qn(f"w:{key}"), value)
            border.append(edge)
    ppr.insert_element_before(border, *PPR_AFTER_BORDER)


def _rule(paragraph, *, color="E60012", size=12):
    """A bottom border on `paragraph` as wide as the 版心 (size in eighths of a point)."""
    _borders(paragraph, color=color, bottom=size)


def _masthead(doc, *, journal, number, office, date):
    _para(
        doc,
        journal,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        exact=False,
        font=TITLE,
        size=36,
        color=RED,
    )
    _para(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p = _para(doc, indent=False)
    _run(p, office)
    tab_stops = p.paragraph_format.tab_stops
    tab_stops.add_tab_stop(TEXT_WIDTH, alignment=2)  # right-aligned at the 版心's edge
    _run(p, "\t" + date)
    _rule(p)
    _para(doc, indent=False)


def _table(doc, spec):
    """An attached table, its header row repeated on every page. The first data row is laid out with
    python-docx and each other row is a copy of its XML with the texts put in (a province's thousands of
    rows would take minutes cell by cell)."""
    widths = [Cm(w) for w in spec["widths"]]
    table = doc.add_table(rows=1, cols=len(spec["header"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    header_flag = OxmlElement("w:tblHeader")  # repeated at the top of every page
    head._tr.get_or_add_trPr().append(header_flag)
    for cell, label, width in zip(head.cells, spec["header"], widths, strict=True):
        _cell_text(cell, label, font=H1)
        cell.width = width
    if not spec["rows"]:
        return table
    proto = table.add_row()
    for cell, width in zip(proto.cells, widths, strict=True):
        _cell_text(cell, "-")  # a run with its w:t in every cell, for the copies
        cell.width = width
    for values in spec["rows"]:
        tr = copy.deepcopy(proto._tr)
        for t, value in zip(tr.iter(qn("w:t")), values, strict=True):
            t.text = value
            t.set(qn("xml:space"), "preserve")
        table._tbl.append(tr)
    table._tbl.remove(proto._tr)
    return table


def _cell_text(cell, value, *, font=BODY):
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    _run(p, value, font=font, size=TABLE_PT)


TEXT_HEIGHT = Mm(225)
PPR_AFTER_FRAME = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", *PPR_AFTER_BORDER)


def _frame(paragraph, lines):
    """Put `paragraph` (one line, LINE_PITCH high) in a frame (w:framePr) as wide as the 版心, centred,
    its top `lines` lines above the 版心's lower edge, measured from the 版心's top: the 版记's lines
    stand on the foot of the page where they fall, the last one (GB/T 9704-2012 §7.4.1: the last rule
    on the 版心's lower edge). A frame rather than a floating table, which LibreOffice keeps in the text
    when it is as wide as the text area."""
    frame = OxmlElement("w:framePr")
    top = round((TEXT_HEIGHT.pt - lines * LINE_PITCH.pt) * 20)  # twentieths of a point
    for key, value in (
        ("w", str(round(TEXT_WIDTH.pt * 20))), ("hSpace", "0"), ("vSpace", "0"), ("wrap", "notBeside"),
        ("hAnchor", "margin"), ("vAnchor", "margin"), ("xAlign", "center"), ("y", str(top)),
    ):  # fmt: skip
        frame.set(qn(f"w:{key}"), value)
    paragraph._p.get_or_add_pPr().insert_element_before(frame, *PPR_AFTER_FRAME)


def _spacer(doc):
    """A paragraph one point high, in the text: between two framed lines it keeps them apart as two
    frames (LibreOffice merges framed paragraphs that follow each other and loses the first)."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(1)
    fmt.space_before = fmt.space_after = Pt(0)
    return p


def imprint(doc, lines):
    """版记 (§7.4) at the foot of the last page: each line (tab-separated left and right parts, e.g.
    印发机关 and 印发日期) in 4号 仿宋 one character in from each side (by tab stops, so that the rules —
    paragraph borders — run the 版心's whole width), in a frame of its own stacked up from the 版心's
    lower edge; a 0.35 mm rule above the first and below the last, 0.25 mm between. Returns the lines'
    paragraphs."""
    out = []
    for i, line in enumerate(lines):
        if i:
            _spacer(doc)
        p = _para(doc, indent=False)
        left, _, right = line.partition("\t")
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Pt(PAGE_PT))  # 左空一字
        _run(p, "\t" + left, size=PAGE_PT)
        if right:
            stops.add_tab_stop(TEXT_WIDTH - Pt(PAGE_PT), alignment=2)  # 右空一字
            _run(p, "\t" + right, size=PAGE_PT)
        sides = {"top": IMPRINT_THICK} if i == 0 else {}
        sides["bottom"] = IMPRINT_THICK if i == len(lines) - 1 else IMPRINT_THIN
        _borders(p, **sides)
        _frame(p, len(lines) - i)
        out.append(p)
    return out


def _imprint(doc, *, office, date, copy_to=""):
    """版记: [抄送：…。] then 印发机关 … 印发日期."""
    copy_to = copy_to.strip().rstrip("。．.")
    lines = [f"抄送：{copy_to}。"] if copy_to else []
    return imprint(doc, [*lines, f"{office}\t{text.cn_date(date)}印发"])


def signature(doc, *, office, date):
    """The issuing office and the 成文日期 (as written: 2026年11月30日) at the right, 右空四字."""
    for line in (office, date):
        p = _para(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)


def render(
    briefing_data,
    *,
    title,
    journal,
    number,
    office,
    date,
    problems_extra="",
    requirements="",
    copy_to="",
) -> bytes:
    """The .docx bytes of one 通报. `date` is the 成文日期 (and 印发日期) as an ISO day; `number` e.g.
    "第3期"; `copy_to` the 抄送 organs, if any (the 版记 leaves its line out otherwise)."""
    doc = Document()
    section = _page_setup(doc)
    _footers(section)
    notes = []
    _masthead(doc, journal=journal, number=number, office=office, date=text.cn_date(date))
    _para(doc, title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, font=TITLE, size=TITLE_PT)
    _para(doc, indent=False)
    blocks = text.blocks(
        briefing_data, office=office, problems_extra=problems_extra, requirements=requirements
    )
    for kind, content in blocks:
        if kind == "h1":
            _para(doc, content, font=H1)
        elif kind == "h2":
            _para(doc, content, font=H2)
        elif kind == "chart":
            png, why = chart.render(briefing_data)
            if png is None:
                notes.append(why)
            else:
                p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=False)
                p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
        else:
            _para(doc, content)
    _para(doc)
    signature(doc, office=office, date=text.cn_date(date))
    for i, spec in enumerate(text.tables(briefing_data), 1):
        p = _para(doc, indent=False)
        p.add_run().add_break(WD_BREAK.PAGE)
        _run(p, f"附件{i}", font=H1)
        _para(
            doc,
            spec["title"].split("　", 1)[1],
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            font=TITLE,
            size=18,
        )
        if spec.get("note"):
            _para(doc, spec["note"], indent=False, size=TABLE_PT)
        _table(doc, spec)
    _imprint(doc, office=office, date=date, copy_to=copy_to)
    props = doc.core_properties
    props.title, props.author = title, office
    props.comments = "；".join(notes) if notes else "图表：各领域任务进展分布"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
