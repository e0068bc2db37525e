"""Find page furniture (site navigation, 责任编辑, share links, adverts, page numbers) without deleting it.

The ranges are reported and masked with spaces, so every later offset still points into the original text.

>>> text = "当前位置:首页 > 要闻\\n一、总体要求\\n要加快推进。\\n责任编辑:张三\\n分享到:"
>>> [text[a:b] for a, b in furniture_ranges(text)]
['当前位置:首页 > 要闻', '责任编辑:张三\\n分享到:']
"""

from __future__ import annotations

import re

# Lines that belong to a web page or an advert, never to an official document.
FURNITURE = re.compile(
    r"当前位置|您的位置|您现在的位置|首页\s*[>＞»]|^\s*[>＞»]|"
    r"发布(时间|日期)[:：]|信息来源[:：]|来源[:：].{0,30}(时间|字号|浏览)|字号[:：]|【?字体[:：]|视力保护色|"
    r"浏览(次数|量)|阅读(次数|量)[:：]|点击(数|量|率)[:：]|"
    r"责任编辑|编辑[:：]|校对[:：]|审核[:：]|分享到|打印本页|关闭窗口|【打印】|【关闭】|"
    r"上一篇|下一篇|相关(链接|阅读|新闻)|扫一扫|版权所有|Copyright|©|ICP备|公网安备|网站地图|联系我们|"
    r"仅供学习|禁止外传|订阅|会员|Q\s*Q\s*群|微信群|公众号|关注我们|加微信|免费领取|举报倒卖|立享|"
    r"原文链接|本文来源|转载请注明|如有侵权",
    re.IGNORECASE,
)
# Furniture that may also appear in the middle of a text (pages pasted from PDFs, repeated adverts).
ANYWHERE = re.compile(
    r"^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?$|^\d{1,3}\s*/\s*\d{1,3}$|"
    r"仅供学习|禁止外传|Q\s*Q\s*群|公众号|打印本页|关闭窗口|分享到|责任编辑"
)
SALUTATION = re.compile(r"^(各位代表|同志们|各位委员|各位领导|女士们|尊敬的)")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
SENTENCE = re.compile(r"[。，,；;！!？?]")
ZONE_LINES = 40


def lines_of(text: str):
    """(start, end) of every line, without its line break.

    >>> list(lines_of("ab\\ncd"))
    [(0, 2), (3, 5)]
    """
    start = 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _is_body(line: str) -> bool:
    return bool(SALUTATION.match(line) or HEADING.match(line) or (len(line) >= 30 and SENTENCE.search(line)))


def furniture_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) ranges of furniture in `text`."""
    lines = [(a, b, text[a:b].strip()) for a, b in lines_of(text)]
    ranges = []
    # head: from the top down to the last furniture line before the body starts
    head_end = None
    for _a, b, line in lines[:ZONE_LINES]:
        if not line:
            continue
        if FURNITURE.search(line) and len(line) < 120:
            head_end = b
        elif _is_body(line):
            break
    if head_end is not None:
        ranges.append((0, head_end))
    # tail: from the first furniture line after the body ends to the end of the text
    tail_start = None
    for a, _b, line in reversed(lines[-ZONE_LINES:]):
        if not line:
            continue
        if FURNITURE.search(line) and len(line) < 120:
            tail_start = a
        elif _is_body(line):
            break
    if tail_start is not None and (head_end is None or tail_start >= head_end):
        ranges.append((tail_start, len(text)))
    # single lines in between
    for a, b, line in lines:
        if line and len(line) < 60 and ANYWHERE.search(line):
            ranges.append((a, b))
    return _merge(ranges)


def _merge(ranges):
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def mask(text: str, ranges) -> str:
    """`text` with the ranges blanked out (line breaks kept), so offsets stay valid.

    >>> mask("ab\\ncd", [(1, 4)])
    'a \\n d'
    """
    if not ranges:
        return text
    parts, pos = [], 0
    for a, b in ranges:
        parts.append(text[pos:a])
        parts.append(re.sub(r"[^\r\n]", " ", text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
