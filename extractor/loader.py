"""Turn an uploaded file (txt, docx, pdf with a text layer, saved html page) into text.

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
SUPPORTED = "txt、docx、pdf 或 html"
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
    """'pdf' | 'docx' | 'html' | 'text', or a Chinese error message."""
    head = data[:2048]
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "文件已损坏，无法打开；请重新导出后上传"
        if "word/document.xml" in names:
            return "docx"
        return f"不支持的文件格式（压缩包或其他 Office 文件），请上传 {SUPPORTED} 文件"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "这是旧版 Word（.doc）或 Excel（.xls）文件，请在 Word 中“另存为” .docx 后再上传"
    if ext == ".pdf":
        return "PDF 文件已损坏或格式不正确，请重新导出后上传"
    if ext == ".docx":
        return "Word 文件已损坏或不是 .docx 格式，请重新保存后上传"
    if ext not in TEXT_EXTS | HTML_EXTS | {""}:
        if ext in {".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".rtf"}:
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


# -- docx / pdf / html --------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ExtractionError("Word 文件已损坏，无法打开；请在 Word 中重新保存为 .docx 后上传") from exc
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return "\n".join(lines)


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
