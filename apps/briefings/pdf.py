"""The 通报 as PDF, converted from its .docx by LibreOffice when the server has it (`soffice` on PATH):
`soffice --headless --convert-to pdf --outdir TMP FILE`, without a shell, at most `TIMEOUT` seconds, in a
temporary directory removed afterwards. Each conversion gets its own LibreOffice profile in that directory,
so two at once (or a desktop LibreOffice of the same account) do not block each other."""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 60
NO_LIBREOFFICE = "服务器未安装 LibreOffice，无法生成 PDF；可下载 Word 版"


class PdfError(Exception):
    """The conversion could not be done; the message is for the user, in Chinese."""


def soffice() -> str | None:
    """The path of LibreOffice's `soffice`, or None when it is not installed."""
    return shutil.which("soffice")


def convert(content: bytes, *, name: str = "briefing") -> bytes:
    """The PDF bytes of the .docx `content`."""
    program = soffice()
    if program is None:
        raise PdfError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="luoshi-pdf-") as tmp:
        source = Path(tmp) / f"{name}.docx"
        source.write_bytes(content)
        command = [
            program,
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True)
        except subprocess.TimeoutExpired:
            raise PdfError(f"PDF 转换超过 {TIMEOUT} 秒未完成，请稍后重试或下载 Word 版") from None
        except (subprocess.CalledProcessError, OSError):
            raise PdfError("PDF 转换失败，请下载 Word 版") from None
        target = source.with_suffix(".pdf")
        if not target.is_file():
            raise PdfError("PDF 转换失败，请下载 Word 版")
        return target.read_bytes()
