"""The 版记 (GB/T 9704-2012 §7.4) read back from the .docx: a one-column table floating at the foot of the
版心 of the last page (so its last rule lies on the 版心's lower edge), its lines, fonts and the table
borders that draw its rules — 0.35 mm (8 eighths of a point) first and last, 0.25 mm (6 eighths) between,
as wide as the 版心."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from apps.briefings import docx
from apps.briefings.data import gather

from .base import TODAY, BriefingTestCase

W_PPR_ORDER = ("pBdr", "tabs", "spacing", "ind", "jc")


def render(data, **extra):
    content = docx.render(
        data,
        title="关于2026年11月重点任务进展情况的通报",
        journal="《定西市督查》",
        number="2026年第1期",
        office="市政府督查室",
        date="2026-11-30",
        **extra,
    )
    return Document(io.BytesIO(content))


def imprint(doc):
    return doc.tables[-1]


def borders(table):
    """{side: size in eighths of a point} of the table's drawn borders."""
    edges = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {e.tag.split("}")[1]: int(e.get(qn("w:sz"))) for e in edges if e.get(qn("w:val")) == "single"}


class ImprintTestCase(BriefingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = gather([cls.plan], 2026, 11, today=TODAY)

    def test_it_pins_the_imprint_to_the_foot_of_the_last_page_as_wide_as_the_text_block(self):
        doc = render(self.data)
        table = imprint(doc)
        body = [el.tag.split("}")[1] for el in doc.element.body]
        self.assertEqual(body[-3:], ["tbl", "p", "sectPr"])  # the last element but its anchor paragraph
        self.assertIs(doc.element.body[-3], table._tbl)
        pos = table._tbl.tblPr.find(qn("w:tblpPr"))
        self.assertEqual(
            (pos.get(qn("w:vertAnchor")), pos.get(qn("w:tblpYSpec")), pos.get(qn("w:tblpXSpec"))),
            ("margin", "bottom", "center"),
        )
        width = table._tbl.tblPr.find(qn("w:tblW"))
        self.assertEqual(
            (width.get(qn("w:type")), round(int(width.get(qn("w:w"))) / 20 * 25.4 / 72)), ("dxa", 156)
        )

    def test_it_ends_the_document_with_the_office_and_day_between_two_thick_rules(self):
        table = imprint(render(self.data))
        self.assertEqual([row.cells[0].text for row in table.rows], ["市政府督查室\t2026年11月30日印发"])
        self.assertEqual(borders(table), {"top": 8, "bottom": 8, "insideH": 6})

    def test_it_puts_the_copy_line_above_with_a_thin_rule_between(self):
        table = imprint(render(self.data, copy_to="市委办公室、市人大常委会办公室。"))
        lines = [row.cells[0].text for row in table.rows]
        self.assertEqual(
            lines, ["抄送：市委办公室、市人大常委会办公室。", "市政府督查室\t2026年11月30日印发"]
        )
        self.assertEqual(borders(table), {"top": 8, "bottom": 8, "insideH": 6})  # insideH: between the rows

    def test_it_sets_the_imprint_in_fangsong_4hao_one_character_in_from_each_side(self):
        table = imprint(render(self.data, copy_to="市委办公室"))
        for row in table.rows:
            p = row.cells[0].paragraphs[0]
            with self.subTest(text=p.text):
                run = p.runs[0]
                self.assertEqual(run._element.rPr.rFonts.get(qn("w:eastAsia")), "仿宋_GB2312")
                self.assertEqual(run.font.size, Pt(14))
                self.assertEqual(p.paragraph_format.left_indent, Pt(14))
                self.assertEqual(p.paragraph_format.right_indent, Pt(14))
        date_tab = table.rows[-1].cells[0].paragraphs[0].paragraph_format.tab_stops[0]
        self.assertEqual(date_tab.alignment.name, "RIGHT")

    def test_it_writes_the_masthead_rule_where_the_schema_orders_it_in_the_paragraph_properties(self):
        doc = render(self.data, copy_to="市委办公室")
        tags = [el.tag.split("}")[1] for el in doc.paragraphs[2]._p.pPr]  # the masthead's red rule
        present = [tag for tag in tags if tag in W_PPR_ORDER]
        self.assertEqual(present, sorted(present, key=W_PPR_ORDER.index))
