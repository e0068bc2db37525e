"""Hostile .xlsx files for the upload tests and the benchmark: a workbook written by openpyxl with its
worksheet XML edited or replaced, the way a crafted or broken upload would differ from a real one."""

import io
import re
import zipfile

SHEET_PART = "xl/worksheets/sheet1.xml"


def replace_sheet(content: bytes, chunks, part=SHEET_PART) -> bytes:
    """`content` with the worksheet `part` replaced by the text `chunks` (an iterable of str, streamed,
    so a sheet of any size can be written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == part:
                info = zipfile.ZipInfo(part)
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as sheet:
                    for chunk in chunks:
                        sheet.write(chunk.encode())
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def edit_sheet(content: bytes, edit, part=SHEET_PART) -> bytes:
    """`content` with the worksheet XML passed through `edit` (str → str)."""
    with zipfile.ZipFile(io.BytesIO(content)) as src:
        xml = src.read(part).decode()
    return replace_sheet(content, [edit(xml)], part)


def claim_dimension(content: bytes, ref: str) -> bytes:
    """The sheet claims to span `ref` (e.g. "A1:K1000000") whatever it holds."""
    return edit_sheet(
        content, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
    )


def add_rows(content: bytes, rows_xml: str) -> bytes:
    """Rows (``<row …>…</row>`` text) appended at the end of the sheet's data."""
    return edit_sheet(content, lambda xml: xml.replace("</sheetData>", rows_xml + "</sheetData>"))


def text_cell_xml(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def inflated_sheet(size: int):
    """Worksheet XML of about `size` bytes that compresses to almost nothing: rows of empty cells."""
    head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield head
    row = "<row>" + "<c/>" * 1000 + "</row>"
    block = row * 256
    for _ in range(max(1, size // len(block))):
        yield block
    yield "</sheetData></worksheet>"
