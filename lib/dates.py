"""Deadline phrases of Chinese official documents → dates.

>>> parse_deadline("4月底前", 2026)
datetime.date(2026, 4, 30)
>>> parse_deadline("年底前", 2026)
datetime.date(2026, 12, 31)
>>> parse_deadline("二季度末", 2026)
datetime.date(2026, 6, 30)
>>> parse_deadline("10月15日前", 2026)
datetime.date(2026, 10, 15)
>>> parse_deadline("2027年6月底", 2026)
datetime.date(2027, 6, 30)
>>> parse_deadline("尽快", 2026) is None
True
"""

import calendar
import datetime
import re

import cn2an

_NUM = r"[0-9０-９一二三四五六七八九十]+"


def _int(text: str) -> int:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(phrase: str | None, year: int) -> datetime.date | None:
    if not phrase:
        return None
    m = re.search(rf"({_NUM})年", phrase)
    if m and len(m.group(1)) == 4:
        year = _int(m.group(1))
    try:
        if m := re.search(rf"({_NUM})月({_NUM})日", phrase):
            return datetime.date(year, _int(m.group(1)), _int(m.group(2)))
        if m := re.search(rf"({_NUM})月(?:底|末|份|前|中旬|上旬|下旬)?", phrase):
            month = _int(m.group(1))
            if "上旬" in phrase:
                return datetime.date(year, month, 10)
            if "中旬" in phrase:
                return datetime.date(year, month, 20)
            return _month_end(year, month)
        if m := re.search(rf"({_NUM})季度", phrase):
            return _month_end(year, _int(m.group(1)) * 3)
        if "上半年" in phrase or "年中" in phrase:
            return datetime.date(year, 6, 30)
        if "年底" in phrase or "年末" in phrase or "全年" in phrase or "下半年" in phrase:
            return datetime.date(year, 12, 31)
    except (ValueError, TypeError):
        return None
    return None
