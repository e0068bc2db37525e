"""The generated .docx read back with python-docx: GB/T 9704-2012 page, fonts, page-number field, and the
总体情况 counts against the attached tables' rows."""

import io
from unittest import mock

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from apps.briefings import chart, docx
from apps.briefings.data import DEFAULT_REQUIREMENTS, gather

from .base import TODAY, BriefingTestCase


def east_asian(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


class DocxTestCase(BriefingTestCase):
    def render(self):
        data = gather([self.plan], 2026, 11, today=TODAY)
        content = docx.render(
            data,
            title="关于2026年11月重点任务进展情况的通报",
            journal="《定西市督查》",
            number="2026年第1期",
            office="市政府督查室",
            date="2026-11-30",
            requirements=DEFAULT_REQUIREMENTS,
        )
        return data, Document(io.BytesIO(content))

    def paragraph(self, doc, start):
        return next(p for p in doc.paragraphs if p.text.startswith(start))

    def test_it_lays_out_an_a4_page_with_the_standards_margins_mirrored(self):
        _, doc = self.render()
        s = doc.sections[0]
        self.assertEqual((round(s.page_width.mm), round(s.page_height.mm)), (210, 297))
        margins = [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
        self.assertEqual(margins, [37, 35, 28, 26])
        self.assertIsNotNone(doc.settings.element.find(qn("w:mirrorMargins")))

    def test_it_sets_22_lines_of_28_characters(self):
        _, doc = self.render()
        grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
        self.assertEqual(grid.get(qn("w:type")), "linesAndChars")
        self.assertEqual(grid.get(qn("w:linePitch")), "579")  # 28.95 pt × 20: 225 mm / 22 lines
        body = self.paragraph(doc, "为推动")
        self.assertEqual(body.paragraph_format.line_spacing, Pt(28.95))

    def test_it_sets_title_heading_and_body_fonts(self):
        _, doc = self.render()
        title = self.paragraph(doc, "关于2026年11月")
        self.assertEqual((east_asian(title.runs[0]), title.runs[0].font.size), ("方正小标宋简体", Pt(22)))
        h1 = self.paragraph(doc, "一、总体情况")
        self.assertEqual((east_asian(h1.runs[0]), h1.runs[0].font.size), ("黑体", Pt(16)))
        h2 = self.paragraph(doc, "（一）分领域情况")
        self.assertEqual(east_asian(h2.runs[0]), "楷体_GB2312")
        body = self.paragraph(doc, "为推动")
        self.assertEqual((east_asian(body.runs[0]), body.runs[0].font.size), ("仿宋_GB2312", Pt(16)))

    def test_it_puts_a_page_field_in_odd_and_even_footers(self):
        _, doc = self.render()
        section = doc.sections[0]
        self.assertTrue(doc.settings.odd_and_even_pages_header_footer)
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            with self.subTest(align=align):
                p = footer.paragraphs[0]
                instr = "".join(el.text for el in p._p.iter(qn("w:instrText")))
                self.assertEqual(instr.strip(), "PAGE")
                self.assertEqual(p.text, "— 1 —")
                self.assertEqual(p.alignment.name.lower(), align)
                self.assertEqual(east_asian(p.runs[0]), "宋体")
                self.assertEqual(p.runs[0].font.size, Pt(14))

    def test_it_prints_the_masthead_in_red_over_a_red_rule(self):
        _, doc = self.render()
        masthead = doc.paragraphs[0]
        self.assertEqual(masthead.text, "《定西市督查》")
        self.assertEqual(str(masthead.runs[0].font.color.rgb), "E60012")
        rule = doc.paragraphs[2]
        self.assertIn("2026年11月30日", rule.text)
        self.assertEqual(rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")), "E60012")

    def test_it_matches_each_count_with_the_attached_tables_rows(self):
        data, doc = self.render()
        lagging, on_pace, submission = doc.tables
        overview = self.paragraph(doc, "《2026年全面深化改革工作要点》明确").text
        self.assertIn(f"欠进度{len(lagging.rows) - 1}项", overview)
        for name in ("已完成", "超进度", "达进度", "未启动"):
            rows = [r for r in on_pace.rows[1:] if r.cells[3].text == name]
            self.assertIn(f"{name}{len(rows)}项", overview)
        self.assertEqual(len(lagging.rows) - 1 + len(on_pace.rows) - 1, data["total"])
        due = sum(int(r.cells[2].text) for r in submission.rows[1:])
        self.assertIn(f"应报送进展报告{due}份", self.paragraph(doc, "本月").text)

    def test_it_repeats_the_header_rows_of_tables_in_fangsong_xiaosi(self):
        _, doc = self.render()
        for table in doc.tables:
            self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
            cell_run = table.rows[1].cells[1].paragraphs[0].runs[0]
            self.assertEqual((east_asian(cell_run), cell_run.font.size), ("仿宋_GB2312", Pt(12)))

    def test_it_inserts_the_chart_when_a_cjk_font_is_found(self):
        if chart.Figure is None or chart.cjk_font() is None:
            self.skipTest("matplotlib or a CJK font is missing on this machine")
        _, doc = self.render()
        self.assertEqual(len(doc.inline_shapes), 1)
        self.assertLessEqual(doc.inline_shapes[0].width, Mm(156))

    def test_it_skips_the_chart_and_says_so_without_a_cjk_font(self):
        with mock.patch.object(chart, "cjk_font", return_value=None):
            _, doc = self.render()
        self.assertEqual(len(doc.inline_shapes), 0)
        self.assertIn("未找到中文字体", doc.core_properties.comments)
