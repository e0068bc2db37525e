"""Small pieces of wording every kind of 通报 shares: dates as GB/T 9704-2012 writes them, the
一、二、 numbering of the first-level headings, percentages."""

import datetime

CN_NUMBERS = "一二三四五六七八九十"


def cn_date(iso: str) -> str:
    """成文日期 and 截至 days in Arabic numerals, as GB/T 9704-2012 asks: 2026年11月30日."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def numbered(sections) -> list[tuple]:
    """Blocks of (title, blocks) sections, each title numbered 一、二、… as a first-level heading."""
    out = []
    for i, (title, blocks) in enumerate(sections):
        out.append(("h1", f"{CN_NUMBERS[i]}、{title}"))
        out += blocks
    return out


def paragraphs(texts: str) -> list[tuple]:
    """A coordinator's free text, one paragraph a line."""
    return [("p", line) for line in texts.splitlines() if line.strip()]


def pct(value) -> str:
    return "—" if value is None else f"{value}%"


def total(data, key) -> int:
    """The whole length of a list of the snapshot, which may be cut (data.trim)."""
    return data.get("totals", {}).get(key, len(data[key]))


def listed(data, key, shown=None) -> str:
    """ "" when the list is whole, else how much of it is listed: "（共1,234项，以下列出前100项）"."""
    whole = total(data, key)
    shown = len(data[key]) if shown is None else shown
    return "" if shown >= whole else f"（共{whole}项，以下列出前{shown}项）"


def table_note(data, key) -> str:
    """Under an attached table that is cut: how many rows it lists of how many."""
    whole, shown = total(data, key), len(data[key])
    return "" if shown >= whole else f"共{whole}项，本表列出前{shown}项，完整清单请在系统中查询导出。"


def text_limit(data) -> int:
    return data.get("limits", {}).get("text", 10**9)
