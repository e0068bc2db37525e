"""Task tables in text: rows of cells joined by "|" under a header row (as `load_text` renders .docx and
.xlsx tables), and tables flattened one cell per line (a header of column names, then the rows' cells).

Each row with a task cell becomes a `Row`: the span of its task cell(s), its units and its time limit.

>>> text = "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限\\n1 | 加快项目建设 | 市发改委 | 市财政局、自然资源局 | 6月底前"
>>> row = find_tables(text).rows[0]
>>> text[row.start:row.end], row.leads, row.cos, row.deadline
('加快项目建设', ['市发改委'], ['市财政局', '自然资源局'], '6月底前')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .text import paragraphs, strip_span
from .units import (
    ASSIGNMENT_FIELD,
    CO_WORD,
    LEAD_WORD,
    SUFFIX,
    combine,
    parse_assignment,
    split_list,
    trailing_assignment,
    unit_name,
)

DATA = Path(__file__).resolve().parent / "data"
ROLES = ("seq", "task", "lead", "responsible", "co", "deadline", "other")
UNIT_ROLES = ("lead", "responsible", "co")
NOTE_FIRST_LEADS = re.compile(r"(?:列|排|居)(?:在)?(?:第一|首)位的?[^。；\n]{0,10}为牵头")
SEQ_CELL = re.compile(r"^\d{1,3}[\.．、]?$")
GROUP_CELL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[部分章])"
)
DEADLINE_CELL = re.compile(
    r"\d{1,2}月|[一二三四五六七八九十]{1,3}月|年底|年末|年内|全年|季度|半年|年中|\d{4}\s*年|\d{4}[-./]\d{1,2}"
    r"|长期|持续|常态|每年|每月|每季|及时|定期|按期|按时|按要求|按计划|按序时"
)
UNIT_END = re.compile(rf"{SUFFIX}(?:[（(][^）)]*[）)])?$|[（(]牵头[）)]$")
LABEL_WITH_VALUE = re.compile(r"[：:]\s*\S")
MAX_ROW_LINES = 12  # a flattened row longer than this ends the table


@dataclass
class Row:
    start: int  # span of the task cell(s)
    end: int
    leads: list[str] = field(default_factory=list)
    cos: list[str] = field(default_factory=list)
    deadline: str | None = None


@dataclass
class Tables:
    rows: list[Row] = field(default_factory=list)
    lines: dict[int, Row | None] = field(
        default_factory=dict
    )  # paragraph start → its row, None: other table lines

    def covers(self, pos: int) -> bool:
        return pos in self.lines


@cache
def _headers() -> list[tuple[str, str]]:
    """(header word, role), longest word first."""
    out = []
    for role in ROLES:
        lines = (DATA / f"table_{role}_headers.txt").read_text(encoding="utf-8").splitlines()
        out += [(w.strip(), role) for w in lines if w.strip() and not w.startswith("#")]
    return sorted(out, key=lambda wr: -len(wr[0]))


def header_role(cell: str) -> str | None:
    """The role of a header cell: 序号 → seq, 牵头单位（部门） → lead, 完成 时限 → deadline; None for data."""
    name = re.sub(r"\s+|[（(][^）)]*[）)]|[:：*＊]", "", cell)
    if not name or len(name) > 12 or GROUP_CELL.match(name):
        return None  # too long for a column name, or a numbered heading (一、主要预期目标)
    for word, role in _headers():
        if name == word or (len(word) >= 4 and word in name and len(name) <= len(word) + 6):
            return role
    return None


def _is_header(roles: list[str | None]) -> bool:
    named = [r for r in roles if r]
    return (
        len(named) >= 2
        and ("task" in named or sum(r in UNIT_ROLES or r == "deadline" for r in named) >= 2)
        and any(r in UNIT_ROLES or r == "deadline" for r in named)
    )


def find_tables(text: str, excluded=()) -> Tables:
    """Every task table in `text`, its rows in order; `lines` tells which paragraphs the tables take.
    Lines inside the `excluded` ranges (page furniture) are left out, except a bare number: a page
    number to the furniture finder, it may be the 序号 cell of a table flattened one cell per line."""
    paras = paragraphs(text)
    if excluded:
        starts = [a for a, _ in excluded]
        paras = [p for p in paras if not _inside(p, excluded, starts) or text[p[0] : p[1]].isdigit()]
    first_leads = bool(NOTE_FIRST_LEADS.search(text))
    out = Tables()
    i = 0
    while i < len(paras):
        a, b = paras[i]
        if "|" in text[a:b]:
            cells = _split_row(text, a, b)
            roles = [header_role(text[s:e]) for s, e in cells]
            if _is_header(roles) and len(cells) >= 2:
                i = _read_rows(text, paras, i, roles, first_leads, out)
                continue
        j = _flat_header(text, paras, i)
        if j > i:
            i = _read_flat(text, paras, i, j, first_leads, out)
            continue
        j = _read_record(text, paras, i, first_leads, out)
        i = j if j > i else i + 1
    return out


def _inside(span, ranges, starts) -> bool:
    i = bisect.bisect_right(starts, span[0]) - 1
    return i >= 0 and span[1] <= ranges[i][1]


def _split_row(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cell spans of a "|"-row, white space left out (an empty cell is an empty span)."""
    cells, pos = [], a
    for m in re.finditer(r"\|", text[a:b]):
        cells.append(strip_span(text, pos, a + m.start()))
        pos = a + m.end()
    cells.append(strip_span(text, pos, b))
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()  # a trailing "|"
    return cells


def _read_rows(text, paras, i, roles, first_leads, out: Tables) -> int:
    """The rows under the header row paras[i]; returns the index of the first paragraph after the table."""
    out.lines[paras[i][0]] = None
    i += 1
    seen = False  # a data row read
    first = len(out.rows)  # this table's first row
    while i < len(paras):
        a, b = paras[i]
        line = text[a:b]
        if "|" not in line:
            # a row merged across the table (一、稳增长) continues it when a row follows
            if len(line) <= 40 and i + 1 < len(paras) and "|" in text[paras[i + 1][0] : paras[i + 1][1]]:
                out.lines[a] = None
                i += 1
                continue
            break
        cells = _split_row(text, a, b)
        out.lines[a] = None
        texts = [text[s:e] for s, e in cells]
        row_roles = [header_role(t) for t in texts]
        if _is_header(row_roles) or (not seen and sum(r in UNIT_ROLES for r in row_roles) >= 2):
            # the header repeated on the next page, or its second level: 责任单位 over 牵头单位 | 配合单位
            if not seen:
                roles = [new or old for new, old in zip(row_roles + [None] * len(roles), roles, strict=False)]
            i += 1
            continue
        by_role: dict[str, list[tuple[int, int]]] = {}
        for role, span in zip(roles, cells, strict=False):
            if role and span[1] > span[0]:
                by_role.setdefault(role, []).append(span)
        row = _row(text, by_role, first_leads)
        seen = True
        if row is not None:
            _carry_down(row, out.rows[-1] if len(out.rows) > first else None, roles)
            out.rows.append(row)
            out.lines[a] = row
        i += 1
    return i


def _flat_header(text, paras, i) -> int:
    """The end index of a header flattened one cell per line starting at paras[i] (i when there is none)."""
    roles = []
    j = i
    while j < len(paras) and paras[j][1] - paras[j][0] <= 24:
        cell = _cell_of(text, *paras[j])
        role = header_role(cell)
        if role is None or LABEL_WITH_VALUE.search(cell):
            break  # 牵头单位：市发改委 is a label line with its value, not a column name
        roles.append(role)
        j += 1
    return j if len(roles) >= 3 and _is_header(roles) else i


def _cell_of(text, a, b) -> str:
    return text[a:b].rstrip("| \t")


def _read_flat(text, paras, i, j, first_leads, out: Tables) -> int:
    """Rows of a table flattened one cell per line: header paras[i:j], then cells (a cell ends with "|" when
    the header's lines do, so a cell may run over several lines)."""
    roles = [header_role(_cell_of(text, *paras[k])) for k in range(i, j)]
    piped = all(text[paras[k][1] - 1] == "|" for k in range(i, j))
    for k in range(i, j):
        out.lines[paras[k][0]] = None
    cells: list[tuple[int, int, int]] = []  # (start, end, paragraph index of its first line)
    k = j
    while k < len(paras):
        a, b = paras[k]
        if piped:
            end = k
            while end < len(paras) and text[paras[end][1] - 1] != "|" and end - k < MAX_ROW_LINES:
                end += 1
            if end >= len(paras) or text[paras[end][1] - 1] != "|":
                break
            s, e = strip_span(text, a, paras[end][1] - 1)
            cells.append((s, e, k))
            k = end + 1
        else:
            cells.append((a, b, k))
            k += 1
    rows = _group(text, cells, roles)
    used = 0
    first_row = len(out.rows)
    for group in rows:
        by_role = _assign(text, group, roles)
        for _s, _e, p in group:
            out.lines[paras[p][0]] = None
        row = _row(text, by_role, first_leads)
        if row is not None:
            _carry_down(row, out.rows[-1] if len(out.rows) > first_row else None, roles)
            out.rows.append(row)
            first = next(p for s, e, p in group if by_role.get("task") and s == by_role["task"][0][0])
            out.lines[paras[first][0]] = row
        used = max(used, max(p for *_, p in group) + 1)
    if piped:
        # the lines of multi-line cells of used rows
        for p in range(j, used):
            out.lines.setdefault(paras[p][0], None)
    return max(used, j)


def _read_record(text, paras, i, first_leads, out: Tables) -> int:
    """A row flattened as label and value lines, one table cell per line with its column name before it
    (具体任务 / its text / 责任单位 / 卫健局、文旅局 / 完成时限 / 12月底前), or a two-column table of label and
    value cells, one field a row (重点工作： | its text / 牵头单位： | 市城管局): the end index of the record, i when
    paras[i] starts none. A label is a short line, or first cell, that is a column name; its value the next line,
    or the next cell. Beside a value cell, a label that is no column name, or a second one of a column
    already read (年度目标： after 重点工作：), is a field passed over."""
    by_role: dict[str, list[tuple[int, int]]] = {}
    task_line = first_label = None
    k = i
    while k < len(paras):
        a, b = paras[k]
        cells = _split_row(text, a, b) if "|" in text[a:b] else None
        if cells is not None:  # label | value
            if len(cells) != 2 or cells[0][1] - cells[0][0] > 24 or cells[1][1] <= cells[1][0]:
                break
            label, value, step = text[cells[0][0] : cells[0][1]], cells[1], 1
            role = header_role(label)
            first_label = label if k == i else first_label
            if role is None and label.endswith((":", "：")) and by_role:
                k += 1
                continue
        else:
            if b - a > 12 or k + 1 >= len(paras):
                break
            role, value, step = header_role(_cell_of(text, a, b)), strip_span(text, *paras[k + 1]), 2
            if header_role(_cell_of(text, *paras[k + 1])) is not None:
                break
        if role is not None and role in by_role and cells is not None and label != first_label:
            k += 1  # a second field of a column already read (重点工作 …, 年度目标 …); its first label opens the next
            continue
        if role is None or role in by_role:
            break
        by_role[role] = [value]
        if role == "task":
            task_line = a if step == 1 else paras[k + 1][0]
        k += step
    roles = list(by_role)
    if "task" not in roles or not any(r in UNIT_ROLES for r in roles):
        return i
    if len(roles) < 3 and not all("|" in text[a:b] for a, b in paras[i:k]):
        return i
    row = _row(text, by_role, first_leads)
    if row is None:
        return i
    for p in range(i, k):
        out.lines[paras[p][0]] = None
    out.lines[task_line] = row
    out.rows.append(row)
    return k


def _group(text, cells, roles) -> list[list[tuple[int, int, int]]]:
    """Cells split into rows: at each number of the 序号 column when there is one, else every len(roles)
    cells. Group rows (一、稳增长) between rows are dropped; the table ends at a row that does not fit.
    Rows are numbered 1, 2, 3…, or, in a table cut out of a longer one (a bureau's own rows of a government's
    list), by rising numbers (3, 68, 69) that start a row only where the row before is complete."""
    k = len(roles)
    rows: list[list] = []
    if roles[0] == "seq":
        current: list | None = None
        expected = 1
        for cell in cells:
            value = text[cell[0] : cell[1]].rstrip(".．、")
            number = int(value) if SEQ_CELL.match(value) else None
            if number is not None and (
                current is None
                or number in (expected, 1)
                or (
                    number > expected and (current == [] or len([c for c in current if c[1] > c[0]]) >= k - 1)
                )
            ):
                if current:
                    rows.append(current)
                current, expected = [cell], number + 1
            elif current is None:
                if GROUP_CELL.match(text[cell[0] : cell[1]]):
                    continue  # a group row before the first row (一、稳增长)
                break
            elif GROUP_CELL.match(text[cell[0] : cell[1]]) and (current == [] or len(current) >= k - 1):
                if current:
                    rows.append(current)
                current = []  # a group row (or several, for groups without rows): a number starts the next row
            elif current == [] or len(current) >= 2 * k:
                break
            else:
                current.append(cell)
        if current:
            rows.append(_last_row(text, current, roles))
        return [r for r in rows if len(r) >= 2]
    for n in range(0, len(cells) - k + 1, k):
        group = cells[n : n + k]
        if any(header_role(text[s:e]) for s, e, _ in group[:1]):
            continue
        rows.append(group)
    return rows[: _fitting(text, rows, roles)]


def _last_row(text, cells, roles):
    """The cells of the table's last row, which nothing after it delimits: as many as there are columns,
    or, when the last column is the time limit, up to the first cell after the task that reads like one
    (a task cell may have run over several lines)."""
    k = len(roles)
    if roles[-1] == "deadline":
        for n in range(2, min(len(cells), 2 * k)):
            if len(cells) > n and _fits_strictly(text[cells[n][0] : cells[n][1]], "deadline") and n >= k - 2:
                return cells[: n + 1]
    return cells[:k]


def _fitting(text, rows, roles) -> int:
    """How many leading rows fit the columns (a deadline cell that reads like one, unit cells like units)."""
    for n, group in enumerate(rows):
        for (s, e, _), role in zip(group, roles, strict=False):
            if not _fits(text[s:e], role):
                return n
    return len(rows)


def _fits(cell: str, role: str) -> bool:
    if role == "deadline":
        return not cell or bool(DEADLINE_CELL.search(cell)) and len(cell) <= 40
    if role in UNIT_ROLES:  # a list of units, perhaps closed by 。
        return not cell or (len(cell) <= 120 and "。" not in cell.rstrip("。"))
    if role in ("seq", "other"):
        return len(cell) <= 30
    return True


def _assign(text, group, roles) -> dict[str, list[tuple[int, int]]]:
    """Cells of a flattened row to columns. With as many cells as columns, in order; with fewer or more
    (an empty cell left out, a cell over several lines), the short columns at the right take the cells
    that fit them from the right and the task column takes what is left."""
    spans = [(s, e) for s, e, _ in group]
    if len(spans) == len(roles):
        pairs = list(zip(roles, spans, strict=True))
    else:
        pairs = []
        left = 1 if roles[0] == "seq" else 0
        if left:
            pairs.append(("seq", spans[0]))
        right = len(spans)
        task_at = roles.index("task") if "task" in roles else len(roles)
        tail = roles[task_at + 1 :]
        n = len(tail)
        while n > 0:
            if tail[n - 1] not in UNIT_ROLES:
                cell = spans[right - 1] if right > left + 1 else None
                if cell and _fits_strictly(text[cell[0] : cell[1]], tail[n - 1]):
                    right -= 1
                    pairs.append((tail[n - 1], cell))
                n -= 1
                continue
            # a run of unit columns: the cells present fill it from the left (a lead is there, a co-unit may not be)
            m = n
            while m > 0 and tail[m - 1] in UNIT_ROLES:
                m -= 1
            found = []
            while right > left + 1 and len(found) < n - m:
                cell = spans[right - 1]
                if not _fits_strictly(text[cell[0] : cell[1]], "lead"):
                    break
                found.insert(0, cell)
                right -= 1
            pairs += list(zip(tail[m:n], found, strict=False))
            n = m
        if task_at < len(roles) and right > left:
            pairs.append(("task", (spans[left][0], spans[right - 1][1])))
    by_role: dict[str, list[tuple[int, int]]] = {}
    for role, span in pairs:
        if span[1] > span[0]:
            by_role.setdefault(role, []).append(span)
    for spans_ in by_role.values():
        spans_.sort()
    return by_role


def _fits_strictly(cell: str, role: str) -> bool:
    if role == "deadline":
        return bool(DEADLINE_CELL.search(cell)) and len(cell) <= 40
    if role in UNIT_ROLES:
        parts = split_list(cell)
        return (
            bool(parts)
            and len(cell) <= 120
            and all(UNIT_END.search(p) or unit_name(p)[0] == "" for p in parts)
        )
    return len(cell) <= 12


def _row(text, by_role, first_leads) -> Row | None:
    tasks = by_role.get("task")
    if not tasks:
        return None
    start, end = tasks[0][0], tasks[-1][1]
    if not any(role in by_role for role in UNIT_ROLES):
        # no unit column: the task cell may carry its own assignment, 加快建设（市发改委牵头）
        found = trailing_assignment(text, start, end)
        if found and strip_span(text, start, found[0])[1] > start:
            end = strip_span(text, start, found[0])[1]
            return Row(start=start, end=end, leads=found[1], cos=found[2], deadline=_deadline(text, by_role))
    leads: list[str] = []
    cos: list[str] = []
    responsible: list[str] = []
    marked: list[str] = []
    for role in UNIT_ROLES:
        for s, e in by_role.get(role, []):
            cell = text[s:e]
            if ASSIGNMENT_FIELD.search(cell) or LEAD_WORD.search(cell) or CO_WORD.search(cell):
                parts = parse_assignment(cell)
            else:
                parts = ([], [], [], [])
                names, lead_marked = [], []
                for part in split_list(cell):
                    name, lead = unit_name(part)
                    if name:
                        names.append(name)
                        if lead:
                            lead_marked.append(name)
                target = {"lead": parts[0], "co": parts[1], "responsible": parts[2]}[role]
                target.extend(names)
                parts[3].extend(lead_marked)
            leads += parts[0]
            cos += parts[1]
            responsible += parts[2]
            marked += parts[3]
    if len(leads) > 1 and set(marked) & set(leads):  # 牵头单位: A（牵头）、B
        cos = [n for n in leads if n not in marked] + cos
        leads = [n for n in leads if n in marked]
    if first_leads and len(leads) > 1:
        cos = leads[1:] + cos
        leads = leads[:1]
    leads, cos = combine(leads, cos, responsible, marked)
    return Row(start=start, end=end, leads=leads, cos=cos, deadline=_deadline(text, by_role))


def _carry_down(row: Row, above: Row | None, roles) -> None:
    """A unit or time-limit cell merged down over several rows is written in the first one only (a merged
    .xlsx cell, an HTML rowspan): a row with a lead column but no lead, or a time-limit column but no time
    limit, takes the row above's."""
    if above is None:
        return
    if not row.leads and any(r in ("lead", "responsible") for r in roles):
        row.leads = list(above.leads)
        row.cos = row.cos or ([] if any(r == "co" for r in roles) else list(above.cos))
    if row.deadline is None and "deadline" in roles:
        row.deadline = above.deadline


def _deadline(text, by_role) -> str | None:
    """The time limit cell as written, without its white space; None for a placeholder (—, 暂无)."""
    for s, e in by_role.get("deadline", [])[:1]:
        deadline = re.sub(r"\s+", "", text[s:e])
        return (
            deadline if re.search(r"[\u4e00-\u9fff\d]", deadline) and deadline not in ("无", "暂无") else None
        )
    return None
