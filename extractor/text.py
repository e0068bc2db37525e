"""Paragraph and sentence spans, and small helpers shared by the other modules.

>>> t = "一、总体要求\\n要加快推进。确保完成；力争突破！"
>>> [t[a:b] for a, b in paragraphs(t)]
['一、总体要求', '要加快推进。确保完成；力争突破！']
>>> [t[a:b] for a, b in sentences(t, 7, len(t))]
['要加快推进。', '确保完成；', '力争突破！']
"""

from __future__ import annotations

import re
import unicodedata

import opencc

from .cleanup import lines_of

TERMINATORS = "。！？!?；;"
CLOSERS = "”’」』）)】"
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)】]*")
_SPACE = " \t\u3000\xa0\r\n"


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink (a, b) so it neither starts nor ends with white space."""
    while a < b and text[a] in _SPACE:
        a += 1
    while b > a and text[b - 1] in _SPACE:
        b -= 1
    return a, b


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end), leading and trailing white space left out."""
    out = []
    for a, b in lines_of(text):
        a, b = strip_span(text, a, b)
        if a < b:
            out.append((a, b))
    return out


def sentences(text: str, start: int, end: int, terminators: str = TERMINATORS) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]; each keeps its end mark and any closing quote after it."""
    pattern = (
        _SENTENCE_END
        if terminators == TERMINATORS
        else re.compile(f"[{re.escape(terminators)}]+[{CLOSERS}]*")
    )
    out, pos = [], start
    for m in pattern.finditer(text, start, end):
        _add_stripped(out, text, pos, m.end())
        pos = m.end()
    _add_stripped(out, text, pos, end)
    return out


def _add_stripped(out: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """(a, b) without white space at either end appended to `out`, unless nothing is left (as strip_span)."""
    piece = text[a:b]
    kept = piece.strip(_SPACE)
    if kept:
        a += len(piece) - len(piece.lstrip(_SPACE))
        out.append((a, a + len(kept)))


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside “…”, 《…》, 「…」 in text[start:end] (names, slogans and titles)."""
    return [m.span() for m in QUOTED.finditer(text, start, end)]


QUOTED = re.compile(r"“[^“”\n]{0,40}”|《[^《》\n]{0,60}》|「[^「」\n]{0,40}」|\"[^\"\n]{0,40}\"")


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


_T2S = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional script converted to simplified (OpenCC t2s), character for character so that every offset
    still points into the original. Text that is already simplified comes back unchanged.

    >>> to_simplified("國內生產總值增長6.5%，兩萬億元")
    '国内生产总值增长6.5%，两万亿元'
    """
    out = _T2S.convert(text)
    if out == text:
        return text
    changed = sum(map(str.__ne__, text, out)) if len(out) == len(text) else len(text)
    if changed * 200 < len(text):
        return text  # simplified already: the odd variant character is not worth a conversion
    if len(out) != len(text):  # a phrase mapping changed the length: convert one character at a time
        out = "".join(c if len(x := _T2S.convert(c)) != 1 else x for c in text)
    return out


# the small and vertical forms of punctuation (﹒ ﹐ ﹑ ﹔ ﹕ ﹙ ︰ …), each to the one character it stands for
_FORMS = {
    c: unicodedata.normalize("NFKC", chr(c))
    for block in ((0xFE10, 0xFE1A), (0xFE30, 0xFE50), (0xFE50, 0xFE6C))
    for c in range(*block)
    if len(unicodedata.normalize("NFKC", chr(c))) == 1 and unicodedata.normalize("NFKC", chr(c)) != chr(c)
}


def fold_forms(text: str) -> str:
    """Small and vertical punctuation forms written as the ordinary marks, one character for one, so that a
    list numbered 1﹒ 2﹒ reads as 1. 2. and offsets do not move.

    >>> fold_forms("1﹒全省生产总值增长7%以上﹐力争更好结果")
    '1.全省生产总值增长7%以上,力争更好结果'
    """
    return text.translate(_FORMS)


# pinyin left in the text by a careless script conversion: 地區(qū)生產(chǎn)總值
READING = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def mask_readings(text: str) -> str:
    """Pinyin readings in brackets after a character replaced by spaces (offsets kept).

    >>> masked = mask_readings("地區(qū)生產(chǎn)總值")
    >>> masked.split(), len(masked) == len("地區(qū)生產(chǎn)總值")
    (['地區', '生產', '總值'], True)
    """
    return READING.sub(lambda m: " " * len(m.group(0)), text)
