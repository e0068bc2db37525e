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
>>> parse_deadline("2026-09-30", 2025), parse_deadline("2026.6.30前", 2025)
(datetime.date(2026, 9, 30), datetime.date(2026, 6, 30))
>>> parse_deadline("年内", 2026), parse_deadline("2027年", 2026), parse_deadline("2026—2027年", 2026)
(datetime.date(2026, 12, 31), datetime.date(2027, 12, 31), datetime.date(2027, 12, 31))
>>> parse_deadline("尽快", 2026) is None, parse_deadline("长期坚持", 2026), parse_deadline("每季度", 2026)
(True, None, None)
>>> parse_deadline("2027年起", 2026), parse_deadline("7月起实施", 2026), parse_deadline("7月起草完成", 2026)
(None, None, datetime.date(2026, 7, 31))
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
    if m := re.search(r"(?<!\d)((?:19|20)\d\d)\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{1,2}))?(?!\d)", phrase):
        try:  # 2026-06-30, 2026.6.30, 2026/6
            year, month = int(m.group(1)), int(m.group(2))
            return datetime.date(year, month, int(m.group(3))) if m.group(3) else _month_end(year, month)
        except ValueError:
            return None
    if re.search(r"[年月日](?:起|开始)(?!草)", phrase) and not re.search("前|底|末|完成|建成", phrase):
        return None  # 2027年起, 7月起实施: when the work starts, not when it is due
    years = [y for y in re.findall(rf"({_NUM})年", phrase) if len(y) == 4]
    if years:
        year = _int(years[-1])  # 2026—2027年: the later one
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
        if re.search("年底|年末|全年|下半年|年内|年度内", phrase):
            return datetime.date(year, 12, 31)
        if years and not re.search("每|长期|持续|常态", phrase):
            return datetime.date(year, 12, 31)  # 2027年, 2027年前: by the end of that year
    except (ValueError, TypeError):
        return None
    return None
