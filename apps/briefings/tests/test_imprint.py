"""The 版记 (GB/T 9704-2012 §7.4) read back from the .docx: its paragraphs held in one frame (w:framePr)
at the foot of the 版心 — as wide as the 版心, its top as many lines above the 版心's lower edge as it has
lines, so its last rule lies on that edge on the last page — its lines, fonts and the paragraph borders
that draw its rules: 0.35 mm (8 eighths of a point) first and last, 0.25 mm (6 eighths) between."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from apps.briefings import docx
from apps.briefings.data import gather

from .base import TODAY, BriefingTestCase

W_PPR_ORDER = ("framePr", "pBdr", "tabs", "spacing", "ind", "jc")


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


def borders(paragraph):
    """{side: (size in eighths of a point, style)} of the paragraph's border."""
    pbdr = paragraph._p.pPr.find(qn("w:pBdr"))
    if pbdr is None:
        return {}
    return {edge.tag.split("}")[1]: (int(edge.get(qn("w:sz"))), edge.get(qn("w:val"))) for edge in pbdr}


def frame(paragraph):
    element = paragraph._p.pPr.find(qn("w:framePr"))
    return None if element is None else {k.split("}")[1]: v for k, v in element.attrib.items()}


class ImprintTestCase(BriefingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = gather([cls.plan], 2026, 11, today=TODAY)

    def test_it_ends_the_document_with_the_office_and_day_between_two_thick_rules(self):
        doc = render(self.data)
        imprint = doc.paragraphs[-1]
        self.assertEqual(imprint.text, "\t市政府督查室\t2026年11月30日印发")
        self.assertEqual(borders(imprint), {"top": (8, "single"), "bottom": (8, "single")})
        self.assertNotIn("抄送", doc.paragraphs[-2].text)
        self.assertIsNone(frame(doc.paragraphs[-2]))  # the signature date, in the text

    def test_it_puts_the_copy_line_between_a_thick_and_a_thin_rule(self):
        doc = render(self.data, copy_to="市委办公室、市人大常委会办公室。")
        copy, spacer, imprint = doc.paragraphs[-3:]
        self.assertEqual(copy.text, "\t抄送：市委办公室、市人大常委会办公室。")
        self.assertEqual(borders(copy), {"top": (8, "single"), "bottom": (6, "single")})
        self.assertEqual(borders(imprint), {"bottom": (8, "single")})
        self.assertEqual(
            (spacer.text, frame(spacer), spacer.paragraph_format.line_spacing), ("", None, Pt(1))
        )

    def test_it_stacks_the_lines_in_frames_up_from_the_foot_of_the_text_block(self):
        pitch = round(28.95 * 20)  # a line, in twentieths of a point
        foot = round(225 / 25.4 * 72 * 20)  # the 225 mm 版心's lower edge, from its top
        for copy_to, lines in (("", 1), ("市委办公室", 2)):
            with self.subTest(lines=lines):
                paragraphs = [
                    p for p in render(self.data, copy_to=copy_to).paragraphs[-(2 * lines - 1) :] if p.text
                ]
                frames = [frame(p) for p in paragraphs]
                for f in frames:
                    self.assertEqual(
                        (f["vAnchor"], f["hAnchor"], f["xAlign"], f["w"]),
                        ("margin", "margin", "center", "8844"),
                    )
                tops = [int(f["y"]) for f in frames]
                expected = [foot - (lines - i) * pitch for i in range(lines)]
                self.assertEqual([round(t / 10) for t in tops], [round(e / 10) for e in expected])

    def test_it_sets_the_imprint_in_fangsong_4hao_one_character_in_from_each_side(self):
        doc = render(self.data, copy_to="市委办公室")
        for p in (doc.paragraphs[-3], doc.paragraphs[-1]):
            with self.subTest(text=p.text):
                run = p.runs[0]
                self.assertEqual(run._element.rPr.rFonts.get(qn("w:eastAsia")), "仿宋_GB2312")
                self.assertEqual(run.font.size, Pt(14))
                self.assertEqual(p.paragraph_format.tab_stops[0].position, Pt(14))
                self.assertFalse(p.paragraph_format.left_indent)  # none: the rules run the full width
        date_tab = doc.paragraphs[-1].paragraph_format.tab_stops[1]
        right = round(docx.TEXT_WIDTH.pt - 14)
        self.assertEqual((date_tab.alignment.name, round(date_tab.position.pt)), ("RIGHT", right))

    def test_it_writes_borders_where_the_schema_orders_them_in_the_paragraph_properties(self):
        doc = render(self.data, copy_to="市委办公室")
        for p in (doc.paragraphs[2], doc.paragraphs[-3], doc.paragraphs[-1]):  # the masthead's rule, the 版记
            with self.subTest(text=p.text):
                tags = [el.tag.split("}")[1] for el in p._p.pPr]
                present = [tag for tag in tags if tag in W_PPR_ORDER]
                self.assertEqual(present, sorted(present, key=W_PPR_ORDER.index))
