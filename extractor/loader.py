"""Turn an uploaded file (txt, docx, xlsx, pdf with a text layer, saved html page) into text.

Tables (.docx tables, .xlsx sheets) become one line per row, cells joined by " | ".

Every failure raises ExtractionError with a message a clerk can act on:

>>> load_text("第一条 要加快推进。".encode("gb18030"), "通知.txt")
'第一条 要加快推进。'
>>> load_text(b"", "a.txt")
Traceback (most recent call last):
...
extractor.loader.ExtractionError: 文件为空
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_BYTES = 10 * 1024 * 1024

TEXT_EXTS = {".txt", ".text", ".md", ".csv"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED = "txt、docx、xlsx、pdf 或 html"
CELL_SEP = " | "
# limits of a package (docx, xlsx) and of a workbook, checked before and while reading
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_SHEETS = 50
MAX_ROWS = 20000  # per workbook, empty rows included
MAX_COLUMNS = 64
MAX_CELLS = 400_000
BLOCK_TAGS = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "title",
]


class ExtractionError(ValueError):
    """The file cannot be read; str(error) is a Simplified Chinese message for the user."""


def load_text(data: bytes, filename: str = "", max_bytes: int = MAX_BYTES) -> str:
    """Decode `data` by its content (and name) to a str; all offsets later refer to this str."""
    if len(data) > max_bytes:
        raise ExtractionError(
            f"文件过大（{len(data) / 1048576:.1f} MB），上限为 {max_bytes / 1048576:g} MB，请拆分后再上传"
        )
    if not data.strip():
        raise ExtractionError("文件为空")
    ext = _ext(filename)
    kind = _sniff(data, ext)
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    elif kind == "xlsx":
        text = _xlsx_text(data)
    elif kind == "html":
        text = _html_text(data)
    elif kind == "text":
        text = decode_text(data)
    else:
        raise ExtractionError(kind)
    if not text.strip():
        raise ExtractionError("文件中没有可提取的文字")
    return text


def _ext(filename: str) -> str:
    name = (filename or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


def _sniff(data: bytes, ext: str) -> str:
    """'pdf' | 'docx' | 'xlsx' | 'html' | 'text', or a Chinese error message."""
    head = data[:2048]
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return "文件已损坏，无法打开；请重新导出后上传"
        names = {m.filename for m in members}
        if "word/document.xml" in names or "xl/workbook.xml" in names:
            size = sum(m.file_size for m in members)
            if len(members) > MAX_MEMBERS or size > MAX_UNCOMPRESSED:
                return (
                    f"文件解压后过大（{size / 1048576:.0f} MB），可能已损坏或被恶意构造，请检查后重新保存上传"
                )
            return "docx" if "word/document.xml" in names else "xlsx"
        return f"不支持的文件格式（压缩包或其他 Office 文件），请上传 {SUPPORTED} 文件"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "这是旧版 Word（.doc）或 Excel（.xls）文件，请在 Word 中“另存为” .docx 后再上传"
    if ext == ".pdf":
        return "PDF 文件已损坏或格式不正确，请重新导出后上传"
    if ext == ".docx":
        return "Word 文件已损坏或不是 .docx 格式，请重新保存后上传"
    if ext == ".xlsx":
        return "Excel 文件已损坏或不是 .xlsx 格式，请重新保存后上传"
    if ext not in TEXT_EXTS | HTML_EXTS | {""}:
        if ext in {".doc", ".xls", ".ppt", ".pptx", ".wps", ".rtf"}:
            return f"不支持 {ext} 文件，请另存为 .docx 或 .pdf 后上传"
    if _looks_binary(head):
        return f"无法识别的文件格式（可能是图片或程序文件），请上传 {SUPPORTED} 文件"
    lowered = head.lstrip().lower()
    if ext in HTML_EXTS or lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    if ext and ext not in TEXT_EXTS:
        return f"不支持的文件格式 {ext}，请上传 {SUPPORTED} 文件"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with a byte-order mark
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(head) // 100)


# -- plain text ---------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—]")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK, else what charset-normalizer finds.

    >>> decode_text("增长6%".encode("gbk"))
    '增长6%'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text
    raise ExtractionError("无法识别文件的文字编码，请另存为 UTF-8 编码的文本文件或 Word 文件后上传")


def _plausible(text: str) -> bool:
    """Mostly Chinese, ASCII and common punctuation: a decoding that yields mojibake fails this."""
    if not text:
        return False
    sample = text[:20000]
    good = len(_CJK.findall(sample)) + sum(
        1 for c in sample if c.isascii() and (c.isprintable() or c in "\r\n\t")
    )
    return good / len(sample) >= 0.9 and len(_CJK.findall(sample)) > 0


# -- docx / xlsx / pdf / html -------------------------------------------------------------------------


def table_row(cells) -> str:
    """One table row as one line: cells joined by " | ", line breaks inside a cell become spaces, a "|"
    inside a cell becomes "｜", trailing empty cells are dropped.

    >>> table_row(["1", "加快项目建设\\n确保开工", "市发改委|市财政局", "", None])
    '1 | 加快项目建设 确保开工 | 市发改委｜市财政局'
    """
    out = [re.sub(r"\s*[\r\n]+\s*", " ", str(c or "")).replace("|", "｜").strip() for c in cells]
    while out and not out[-1]:
        out.pop()
    return CELL_SEP.join(out)


def _docx_text(data: bytes) -> str:
    """The body in document order: paragraphs, and each table row as one line (a cell merged across
    columns once, the columns after it left empty so the row stays aligned with its header)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ExtractionError("Word 文件已损坏，无法打开；请在 Word 中重新保存为 .docx 后上传") from exc
    lines: list[str] = []

    def walk(parent):
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells, seen = [], None
                    for cell in row.cells:
                        cells.append("" if cell._tc is seen else "\n".join(p.text for p in cell.paragraphs))
                        seen = cell._tc
                    lines.append(table_row(cells))
            elif tag in ("sdt", "sdtContent", "customXml"):  # content controls wrap paragraphs and tables
                walk(child)

    try:
        walk(document.element.body)
    except (ValueError, KeyError, IndexError) as exc:
        raise ExtractionError("Word 文件中的表格结构已损坏，请在 Word 中重新保存后上传") from exc
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    """Every visible sheet in order (its name as a line when there are several), then one line per
    non-empty row. Refuses a workbook over the sheet, row, column or cell limits, checked on the declared
    size and again while reading, so a crafted file costs bounded memory and time."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken package
        raise ExtractionError("Excel 文件已损坏，无法打开；请在 Excel 中重新保存为 .xlsx 后上传") from exc
    too_big = "Excel 表格过大（{}），请删去无关的工作表或行列后再上传"
    try:
        if len(book.sheetnames) > MAX_SHEETS:
            raise ExtractionError(too_big.format(f"{len(book.sheetnames)} 个工作表，上限 {MAX_SHEETS} 个"))
        lines: list[str] = []
        rows = cells = 0
        sheets = [s for s in book.worksheets if hasattr(s, "iter_rows") and s.sheet_state == "visible"]
        for sheet in sheets:
            declared = sheet.max_row or 0
            if rows + declared > MAX_ROWS * 5:
                raise ExtractionError(too_big.format(f"工作表“{sheet.title}”声明了 {declared} 行"))
            if len(sheets) > 1:
                lines.append(sheet.title)
            for values in sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + 1, values_only=True):
                rows += 1
                if rows > MAX_ROWS:
                    raise ExtractionError(too_big.format(f"超过 {MAX_ROWS} 行"))
                if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
                    raise ExtractionError(too_big.format(f"工作表“{sheet.title}”超过 {MAX_COLUMNS} 列"))
                cells += sum(v is not None for v in values)
                if cells > MAX_CELLS:
                    raise ExtractionError(too_big.format(f"超过 {MAX_CELLS} 个单元格"))
                line = table_row(_cell_text(v) for v in values[:MAX_COLUMNS])
                if line.replace("|", "").strip():
                    lines.append(line)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError("Excel 文件内容已损坏，无法读取；请在 Excel 中重新保存后上传") from exc
    finally:
        book.close()
    return "\n".join(lines)


def _cell_text(value) -> str:
    """A cell value as written: whole numbers without ".0", dates as YYYY-MM-DD."""
    import datetime

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF 已加密，请先解除密码保护后再上传")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError("PDF 文件已损坏或格式不正确，请重新导出后上传") from exc
    text = "\n".join(p.strip("\n") for p in pages)
    if len(re.sub(r"\s", "", text)) < 10 * max(1, len(pages)) // 2:
        raise ExtractionError("PDF 没有可提取的文字（可能是扫描件），请上传带文字层的 PDF 或 Word 文件")
    return unwrap(text)


def unwrap(text: str) -> str:
    """Join the lines a PDF wrapped inside a paragraph: a line as long as a full line that does not end
    a sentence continues on the next line.

    >>> unwrap("一、总体要求\\n要加快推进各项工作，确保\\n完成任务。\\n二、保障")
    '一、总体要求\\n要加快推进各项工作，确保完成任务。\\n二、保障'
    """
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 3:
        return text
    full = lengths[int(len(lengths) * 0.75)]
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1].rstrip()
        if prev and len(prev) >= 0.85 * full and not re.search(r"[。！？!?：:；;]$", prev) and line.strip():
            out[-1] = prev + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup, UnicodeDammit

    dammit = UnicodeDammit(data, ["utf-8", "gb18030"], is_html=True)
    markup = dammit.unicode_markup
    if markup is None or not _plausible(BeautifulSoup(markup, "html.parser").get_text() or "x"):
        markup = decode_text(data)
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(
        BLOCK_TAGS
    ):  # a newline around blocks only, so inline tags keep a sentence whole
        tag.insert_before("\n")
        tag.append("\n")
    raw = soup.get_text()
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in raw.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text
