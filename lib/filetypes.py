"""Recognise an evidence file by its content, not its name.

>>> sniff(b"%PDF-1.7 ...")
'pdf'
>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....")
'png'
>>> sniff(b"MZ\\x90\\x00") is None
True

A file is served under the content type of its detected kind and with a matching extension:

>>> served_name("poly.html", "pdf")
'poly.pdf'
>>> served_name("现场照片.JPEG", "jpg")
'现场照片.JPEG'
>>> served_name("验收报告", "docx")
'验收报告.docx'
"""

import io
import zipfile

ALLOWED = {"pdf": "PDF", "jpg": "JPEG 图片", "png": "PNG 图片", "docx": "Word 文档", "xlsx": "Excel 表格"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"jpg": (".jpg", ".jpeg")}


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def served_name(name: str, kind: str) -> str:
    """`name` with an extension that matches `kind`: kept when it already does, replaced otherwise."""
    stem, dot, ext = name.rpartition(".")
    if dot and "." + ext.lower() in EXTENSIONS.get(kind, ("." + kind,)):
        return name
    return (stem if dot and stem else name) + "." + kind
