import datetime
import io
import time
import unittest
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfWriter

from extractor import ExtractionError, extract, load_text, loader

from .helpers import seed_text

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def error_of(data, filename, **kwargs):
    with pytest.raises(ExtractionError) as info:
        load_text(data, filename, **kwargs)
    return str(info.value)


def three_sections_with_eight_areas(text):
    doc = extract(text)
    return [n.title[:2] for n in doc.outline] == ["一、", "二、", "三、"] and len(
        doc.outline[1].children
    ) == 8


def test_it_reads_utf8_text():
    text = seed_text("000")
    assert load_text(text.encode("utf-8"), "讲话.txt") == text


def test_it_detects_gbk_and_gb18030_text():
    text = seed_text("001")
    assert load_text(text.encode("gbk"), "讲话.txt") == text
    assert load_text(text.encode("gb18030"), "讲话") == text
    assert three_sections_with_eight_areas(load_text(seed_text("000").encode("gbk"), "a.txt"))


def test_it_reads_utf16_text_with_a_byte_order_mark():
    assert load_text("要加快推进各项工作。".encode("utf-16"), "a.txt") == "要加快推进各项工作。"


def test_it_reads_a_docx_written_by_python_docx():
    document = docx.Document()
    for line in seed_text("000").splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    text = load_text(buf.getvalue(), "讲话.docx")
    assert text.strip() == seed_text("000").strip()
    assert three_sections_with_eight_areas(text)


def test_it_reads_a_pdf_with_a_text_layer():
    if not FONT.exists():
        raise unittest.SkipTest(f"CJK font {FONT} missing (apt-get install fonts-wqy-microhei)")
    try:
        from fpdf import FPDF
    except ImportError as exc:
        raise unittest.SkipTest("fpdf2 is not installed (requirements/test.txt)") from exc
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=11)
    for line in seed_text("000").splitlines():
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    text = load_text(bytes(pdf.output()), "讲话.pdf")
    assert "要在优化营商环境上突破提升。" in text
    assert three_sections_with_eight_areas(text)


def test_it_reads_a_saved_web_page_and_marks_its_furniture():
    body = "".join(f"<p>{line}</p>\n" for line in seed_text("004").splitlines()[8:185] if line.strip())
    page = (
        '<!DOCTYPE html><html><head><meta charset="gb2312"><title>政府工作报告</title>'
        "<script>var x = 1;</script><style>p {}</style></head><body>"
        '<div class="nav">当前位置:首页 &gt; 要闻动态 &gt; 定西要闻</div>'
        "<div>发布时间:2026-01-29 16:24 来源: 定西市人民政府 字号:[ ] 视力保护色:</div>"
        f"<div class='content'>{body}</div>"
        "<div>责任编辑:蒲惠红</div><div>分享到:</div><div>[ 打印本页 | 关闭窗口 ]</div></body></html>"
    )
    text = load_text(page.encode("gb18030"), "report.html")
    assert "var x" not in text and "p {}" not in text
    assert "确保1146个清单项目4月底前全部开复工" in text
    doc = extract(text)
    gone = "".join(text[a:b] for a, b in doc.excluded)
    assert "当前位置" in gone and "打印本页" in gone
    assert doc.plan_year == 2026
    assert len(doc.targets) >= 120


def test_it_refuses_an_empty_file():
    assert error_of(b"", "a.txt") == "文件为空"
    assert error_of(b"  \n\n ", "a.txt") == "文件为空"


def test_it_refuses_a_binary_file():
    message = error_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "scan.png")
    assert "无法识别的文件格式" in message


def test_it_refuses_a_scanned_pdf_without_text():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    message = error_of(buf.getvalue(), "scan.pdf")
    assert message == "PDF 没有可提取的文字（可能是扫描件），请上传带文字层的 PDF 或 Word 文件"


def test_it_refuses_a_file_over_the_size_limit():
    message = error_of("要加快推进。".encode() * 100, "a.txt", max_bytes=100)
    assert message.startswith("文件过大")
    assert "上限" in message


def test_it_refuses_text_in_an_unknown_encoding():
    data = bytes(range(0x80, 0x100)) * 20
    assert "无法识别文件的文字编码" in error_of(data, "a.txt")


def test_it_refuses_old_word_files_and_broken_packages():
    assert ".docx" in error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    assert "损坏" in error_of(b"PK\x03\x04garbage", "a.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "不支持" in error_of(buf.getvalue(), "a.zip")
    assert "损坏" in error_of(b"%PDF-1.7 nothing here", "a.pdf")


def test_it_refuses_an_unsupported_extension():
    assert "不支持" in error_of("要加快推进。".encode(), "a.xls")


def xlsx_of(rows, sheets=1) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    for _ in range(sheets):
        sheet = book.create_sheet()
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_it_renders_docx_tables_in_document_order_one_row_per_line():
    document = docx.Document()
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "加快项目建设\n确保开工", "市发改委", "6月底前"],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(2, 0).text, table.cell(2, 1).text = "2", "深化改革"
    table.cell(2, 2).merge(table.cell(2, 3)).text = "市委改革办"
    document.add_paragraph("二、保障措施")
    buf = io.BytesIO()
    document.save(buf)
    assert load_text(buf.getvalue(), "分工.docx").splitlines() == [
        "一、重点任务",
        "序号 | 工作任务 | 牵头单位 | 完成时限",
        "1 | 加快项目建设 确保开工 | 市发改委 | 6月底前",
        "2 | 深化改革 | 市委改革办",
        "二、保障措施",
    ]


def test_it_reads_an_xlsx_one_line_per_non_empty_row():
    data = xlsx_of(
        [
            ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            [1.0, "推进|改革", "市发改委", None, datetime.datetime(2026, 6, 30)],
            [None, None, None],
            [2, "建设项目", "市住建局", "市财政局", "年底前"],
        ]
    )
    assert load_text(data, "分工.xlsx").splitlines() == [
        "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限",
        "1 | 推进｜改革 | 市发改委 |  | 2026-06-30",
        "2 | 建设项目 | 市住建局 | 市财政局 | 年底前",
    ]


def test_it_names_each_sheet_of_a_workbook_with_several():
    lines = load_text(xlsx_of([["任务", "牵头单位"]], sheets=2), "a.xlsx").splitlines()
    assert lines == ["Sheet", "任务 | 牵头单位", "Sheet1", "任务 | 牵头单位"]


def test_it_refuses_a_workbook_with_too_many_rows():
    message = error_of(xlsx_of([[i] for i in range(loader.MAX_ROWS + 1)]), "big.xlsx")
    assert "Excel 表格过大" in message and "行" in message


def test_it_refuses_a_workbook_with_too_many_columns_or_sheets():
    assert "列" in error_of(xlsx_of([list(range(loader.MAX_COLUMNS + 1))]), "wide.xlsx")
    assert "工作表" in error_of(xlsx_of([["x"]], sheets=loader.MAX_SHEETS + 1), "many.xlsx")


def test_it_refuses_a_package_that_unpacks_too_large_without_unpacking_it():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/sharedStrings.xml", b"\0" * (loader.MAX_UNCOMPRESSED + 1))
    started = time.perf_counter()
    assert "解压后过大" in error_of(buf.getvalue(), "bomb.xlsx")
    assert time.perf_counter() - started < 1


def test_it_refuses_a_broken_xlsx_and_mentions_xlsx_among_the_supported_kinds():
    assert "损坏" in error_of(b"PK\x03\x04garbage", "a.xlsx")
    assert "Excel" in error_of(b"not a workbook", "a.xlsx")
    assert "xlsx" in error_of(b"\x00\x01\x02binary" * 50, "a.bin")
