"""The proposed ledger as an editable structure, and the edits a reviewer makes to it.

`data` = {"areas": [{"key", "title", "start", "end", "tasks": [
             {"key", "title", "text", "start", "end", "deadline", "due", "confidence", "reason", "dropped",
              "lead_unit_ids", "co_unit_ids", "mentions", "unmatched", "targets": [{"key", "text", "start",
              "end", "metric", "value", "unit", "comparator", "deadline", "due", "horizon", "confidence",
              "reason", "dropped"}]}]}]}
Spans are offsets into the source document's text; a task or target the reviewer added has none (None).
`deadline` is the time limit as written (6月底前, 长期坚持), `due` the date it names (YYYY-MM-DD) or None.
Items the engine is unsure of (confidence < LOW_CONFIDENCE) start dropped and can be restored.
These functions never touch the database; each edit validates its input once and raises `DraftError`.
"""

import datetime
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from extractor import Document, match_units
from lib.dates import parse_deadline

SENTENCE_END = re.compile(r"[。；;！？]")
LOW_CONFIDENCE = 0.5
# the comparators of apps.plans.models.Target; the engine's "range" is kept as its lower bound
COMPARATORS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "~": "≈", "=": "＝"}
# time limits that name no date: kept as written, published at the year's end
ONGOING = ("长期", "持续", "常态", "经常", "每年", "逐年")
DATE = re.compile(r"^((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class DraftError(ValueError):
    """An edit that cannot be made; the message is for the reviewer."""


def _nodes_by_id(nodes, parents=(), out=None):
    out = {} if out is None else out
    for node in nodes:
        out[node.id] = (node, parents)
        _nodes_by_id(node.children, (*parents, node), out)
    return out


AREA_MAX_TASKS = 15  # an area holding more is split by the headings below it


def _area_node(node, parents, task=None, counts=None):
    """A task's area is the second-level heading it sits under (e.g. （一） under “重点任务”), else the top one;
    a heading that is the task itself (a 工作要点 item) is not its area, and an area of more than
    AREA_MAX_TASKS tasks gives way to the heading below it (1.要在经济运行上求突破 under （二）)."""
    chain = [*parents, node]
    if task is not None and task.start == node.start and len(chain) > 1:
        chain.pop()
    level = 1 if len(chain) > 1 else 0
    while counts and counts.get(chain[level].id, 0) > AREA_MAX_TASKS and level + 1 < len(chain):
        level += 1
    return chain[level]


def _confidence(item) -> float:
    value = getattr(item, "confidence", None)
    return 1.0 if value is None else round(float(value), 3)


def build(doc: Document, units: dict[str, int], year: int | None = None) -> dict:
    """Turn an extraction into a draft. `units` maps unit names of the tree to ids (for suggestions);
    `year` is the draft's year, for targets that name none."""
    year = doc.plan_year or year
    nodes = _nodes_by_id(doc.outline)
    mentions = {m for t in doc.tasks for m in (*t.lead_units, *t.co_units)}
    matched = match_units(sorted(mentions), list(units)) if mentions else {}
    targets_by_task: dict = {}
    for n, target in enumerate(doc.targets, start=1):
        confidence = _confidence(target)
        horizon = int(target.horizon) if str(target.horizon or "").isdigit() else year
        targets_by_task.setdefault(target.task_id, []).append(
            {
                "key": f"g{n}",
                "text": target.text,
                "start": target.start,
                "end": target.end,
                "metric": target.metric,
                "value": float(target.value),
                "unit": target.unit or "",
                "comparator": target.comparator or "=",
                "deadline": target.deadline,
                "due": _due_or_none(target.deadline, horizon),
                "horizon": horizon,
                "confidence": confidence,
                "reason": getattr(target, "reason", None),
                "dropped": confidence < LOW_CONFIDENCE,
            }
        )
    areas: dict[str, dict] = {}
    counts = Counter(
        n.id
        for task in doc.tasks
        if task.kind == "plan" and task.node_id in nodes
        for n in (*nodes[task.node_id][1], nodes[task.node_id][0])
    )
    for task in doc.tasks:
        if task.kind != "plan":
            continue
        entry = nodes.get(task.node_id)
        if entry is None:
            key, title, start, end = "root", "未分领域", task.start, task.end
        else:
            area = _area_node(*entry, task, counts)
            key, title, start, end = area.id, area.title, area.start, area.end
        bucket = areas.setdefault(
            key, {"key": f"a{len(areas) + 1}", "title": title, "start": start, "end": end, "tasks": []}
        )
        named = list(dict.fromkeys([*task.lead_units, *task.co_units]))
        confidence = _confidence(task)
        leads = _ids(task.lead_units, matched, units)
        bucket["tasks"].append(
            {
                "key": f"t{sum(len(a['tasks']) for a in areas.values()) + 1}",
                "title": task.title,
                "text": task.text,
                "start": task.start,
                "end": task.end,
                "deadline": task.deadline,
                "due": getattr(task, "due", None) or _due_or_none(task.deadline, year),
                "confidence": confidence,
                "reason": getattr(task, "reason", None),
                "dropped": confidence < LOW_CONFIDENCE,
                "mentions": named,
                "unmatched": [m for m in named if matched.get(m) not in units],
                "lead_unit_ids": leads,
                "co_unit_ids": [i for i in _ids(task.co_units, matched, units) if i not in leads],
                "targets": targets_by_task.get(task.id, []),
            }
        )
    return {"areas": list(areas.values())}


def _ids(mentions, matched, units):
    ids = []
    for mention in mentions:
        name = matched.get(mention)
        if name in units and units[name] not in ids:
            ids.append(units[name])
    return ids


def upgrade(data: dict) -> dict:
    """Give a draft built before deadlines, confidence and target keys existed the fields edits expect."""
    numbers = [int(g["key"][1:]) for t in _all_tasks(data) for g in t["targets"] if "key" in g]
    n = max(numbers, default=0)
    for task in _all_tasks(data):
        for field, default in (("due", None), ("confidence", 1.0), ("reason", None), ("unmatched", [])):
            task.setdefault(field, default)
        for target in task["targets"]:
            if "key" not in target:
                n += 1
                target["key"] = f"g{n}"
            for field, default in (("due", None), ("confidence", 1.0), ("reason", None), ("dropped", False)):
                target.setdefault(field, default)
    return data


def _all_tasks(data):
    return (t for a in data["areas"] for t in a["tasks"])


# ---- deadlines ----


def _due_or_none(phrase, year):
    if not phrase or not year:
        return None
    try:
        return normalise_deadline(phrase, year)[1]
    except DraftError:
        return None


def normalise_deadline(value: str | None, year: int) -> tuple[str | None, str | None]:
    """A time limit as typed → (phrase as written, YYYY-MM-DD or None). Accepts a date (2026-06-30,
    2026年6月30日), a phrase that names one (6月底前, 三季度) or one that names none (长期坚持)."""
    value = (value or "").strip()
    if not value:
        return None, None
    if len(value) > 60:
        raise DraftError("完成时限太长，请不超过 60 个字")
    m = DATE.match(value)
    if m:
        try:
            return value, datetime.date(*(int(g) for g in m.groups())).isoformat()
        except ValueError:
            raise DraftError(f"日期“{value}”不存在，请检查月和日") from None
    due = parse_deadline(value, year)
    if due:
        return value, due.isoformat()
    if any(word in value for word in ONGOING):
        return value, None
    raise DraftError(
        f"无法识别完成时限“{value}”。请填写日期（如 {year}-06-30）、“6月底前”“三季度”这样的时限，或“长期坚持”"
    )


# ---- tasks ----


def find(data: dict, key: str) -> tuple[dict, int, dict]:
    for area in data["areas"]:
        for i, task in enumerate(area["tasks"]):
            if task["key"] == key:
                return area, i, task
    raise DraftError("找不到该任务，页面可能已过期，请刷新")


def next_key(data: dict) -> str:
    numbers = [int(t["key"][1:]) for t in _all_tasks(data)]
    return f"t{max(numbers, default=0) + 1}"


def _title_of(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DraftError("任务名称不能为空")
    return title[:300]


def edit(
    data: dict,
    key: str,
    *,
    title=None,
    lead_unit_ids=None,
    co_unit_ids=None,
    dropped=None,
    deadline=None,
    year=None,
) -> dict:
    """Change a task; `None` leaves a field as it is. A deadline equal to the one shown is left alone."""
    _, _, task = find(data, key)
    if title is not None:
        title = _title_of(title)
    if deadline is not None and deadline.strip() != (task["deadline"] or task.get("due") or ""):
        task["deadline"], task["due"] = normalise_deadline(deadline, year)
    if title is not None:
        task["title"] = title
    if lead_unit_ids is not None:
        task["lead_unit_ids"] = list(dict.fromkeys(lead_unit_ids))
    if co_unit_ids is not None:
        task["co_unit_ids"] = [u for u in dict.fromkeys(co_unit_ids) if u not in task["lead_unit_ids"]]
    if dropped is not None:
        task["dropped"] = bool(dropped)
    return task


def add_task(data: dict, area_key: str, *, title: str, text: str = "", deadline: str = "", year: int) -> dict:
    """A task the engine missed, at the end of an area (a draft without areas gets “未分领域”)."""
    title = _title_of(title)
    phrase, due = normalise_deadline(deadline, year)
    text = (text or "").strip()
    if len(text) > 2000:
        raise DraftError("任务内容太长，请不超过 2000 个字")
    if not data["areas"] and area_key == "new":
        data["areas"].append({"key": "a1", "title": "未分领域", "start": None, "end": None, "tasks": []})
        area_key = "a1"
    area = next((a for a in data["areas"] if a["key"] == area_key), None)
    if area is None:
        raise DraftError("找不到该领域，页面可能已过期，请刷新")
    task = {
        "key": next_key(data),
        "title": title,
        "text": text or title,
        "start": None,
        "end": None,
        "deadline": phrase,
        "due": due,
        "confidence": 1.0,
        "reason": None,
        "dropped": False,
        "mentions": [],
        "unmatched": [],
        "lead_unit_ids": [],
        "co_unit_ids": [],
        "targets": [],
    }
    area["tasks"].append(task)
    return task


def assign(data: dict, keys, *, lead_unit_id=None, co_unit_ids=()) -> list[dict]:
    """Give several tasks one lead unit (replacing theirs) and/or add co-operating units to them."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise DraftError("请先勾选要指定单位的任务")
    if lead_unit_id is None and not co_unit_ids:
        raise DraftError("请选择牵头单位或配合单位")
    tasks = [find(data, key)[2] for key in keys]
    dropped = [t for t in tasks if t["dropped"]]
    if dropped:
        raise DraftError(f"任务“{dropped[0]['title']}”已删除，请先恢复或取消勾选")
    for task in tasks:
        if lead_unit_id is not None:
            task["lead_unit_ids"] = [lead_unit_id]
        co = [*task["co_unit_ids"], *co_unit_ids]
        task["co_unit_ids"] = [u for u in dict.fromkeys(co) if u not in task["lead_unit_ids"]]
    return tasks


def _has_span(task):
    if task["start"] is None:
        raise DraftError("手工添加的任务没有原文，不能合并或拆分")


def _by_start(target):
    return (target["start"] is None, target["start"] or 0)


def merge_with_previous(data: dict, key: str, text: str) -> dict:
    """Merge a task into the one before it in the same area: one span, the targets of both."""
    area, i, task = find(data, key)
    if i == 0:
        raise DraftError("这是本领域的第一项任务，没有可合并的上一项")
    prev = area["tasks"][i - 1]
    if prev["dropped"] or task["dropped"]:
        raise DraftError("上一项或本项已删除，请先恢复后再合并")
    _has_span(prev)
    _has_span(task)
    prev["start"], prev["end"] = min(prev["start"], task["start"]), max(prev["end"], task["end"])
    prev["text"] = text[prev["start"] : prev["end"]]
    prev["targets"] = sorted(prev["targets"] + task["targets"], key=_by_start)
    for field in ("lead_unit_ids", "co_unit_ids", "mentions", "unmatched"):
        prev[field] = list(dict.fromkeys(prev.get(field, []) + task.get(field, [])))
    prev["co_unit_ids"] = [u for u in prev["co_unit_ids"] if u not in prev["lead_unit_ids"]]
    del area["tasks"][i]
    return prev


def split(data: dict, key: str, text: str) -> tuple[dict, dict]:
    """Split a task at the sentence end nearest its middle; each part keeps the targets inside it."""
    area, i, task = find(data, key)
    _has_span(task)
    start, end = task["start"], task["end"]
    middle = (start + end) // 2
    cuts = [c for c in (m.end() for m in SENTENCE_END.finditer(text, start, end)) if start < c < end]
    if not cuts:
        raise DraftError("这项任务只有一句话，无法拆分；可直接修改任务名称")
    cut = min(cuts, key=lambda c: abs(c - middle))
    while cut < end and text[cut].isspace():
        cut += 1
    second = {
        **task,
        "key": next_key(data),
        "start": cut,
        "end": end,
        "text": text[cut:end],
        "title": _title(text[cut:end]),
        "targets": [t for t in task["targets"] if t["start"] is not None and t["start"] >= cut],
    }
    first = [t for t in task["targets"] if t["start"] is None or t["start"] < cut]
    task.update(end=cut, text=text[start:cut], targets=first)
    area["tasks"].insert(i + 1, second)
    return task, second


def _title(sentence: str) -> str:
    first = SENTENCE_END.split(sentence.strip(), maxsplit=1)[0]
    return first[:60]


# ---- targets ----


def find_target(data: dict, key: str, target_key: str) -> tuple[dict, dict]:
    _, _, task = find(data, key)
    for target in task["targets"]:
        if target.get("key") == target_key:
            return task, target
    raise DraftError("找不到该指标，页面可能已过期，请刷新")


def next_target_key(data: dict) -> str:
    numbers = [int(g["key"][1:]) for t in _all_tasks(data) for g in t["targets"] if "key" in g]
    return f"g{max(numbers, default=0) + 1}"


def target_fields(*, metric, comparator, value, unit="", deadline="", year: int) -> dict:
    """The reviewer's values of a target, checked: metric, comparator, number, unit, time limit."""
    metric = (metric or "").strip()
    if not metric:
        raise DraftError("指标名称不能为空")
    if len(metric) > 200:
        raise DraftError("指标名称太长，请不超过 200 个字")
    if comparator not in COMPARATORS:
        raise DraftError("请选择比较方式（≥、＞、≤、＜、≈、＝）")
    raw = (str(value) if value is not None else "").strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise DraftError(f"目标值“{raw}”不是数字，请只填数字，单位填在“单位”里" if raw else "目标值不能为空")
    if abs(number) >= Decimal("1e16"):
        raise DraftError("目标值太大")
    unit = (unit or "").strip()
    if len(unit) > 30:
        raise DraftError("单位太长，请不超过 30 个字")
    phrase, due = normalise_deadline(deadline, year)
    return {
        "metric": metric,
        "comparator": comparator,
        "value": float(number),
        "unit": unit,
        "deadline": phrase,
        "due": due,
    }


def add_target(data: dict, key: str, fields: dict, *, year: int) -> dict:
    """A target the engine missed (fields from `target_fields`), with no span in the source."""
    _, _, task = find(data, key)
    if task["dropped"]:
        raise DraftError("任务已删除，请先恢复后再添加指标")
    target = {
        "key": next_target_key(data),
        "text": "",
        "start": None,
        "end": None,
        **fields,
        "horizon": year,
        "confidence": 1.0,
        "reason": None,
        "dropped": False,
    }
    task["targets"].append(target)
    return target


def edit_target(data: dict, key: str, target_key: str, fields: dict) -> dict:
    _, target = find_target(data, key, target_key)
    target.update(fields)
    return target


def drop_target(data: dict, key: str, target_key: str, dropped: bool) -> dict:
    """Remove a target from the ledger to be published, or put it back."""
    _, target = find_target(data, key, target_key)
    target["dropped"] = bool(dropped)
    return target


def kept_targets(task: dict) -> list[dict]:
    return [t for t in task["targets"] if not t.get("dropped")]


# ---- reading ----


def kept_tasks(data: dict):
    for area in data["areas"]:
        for task in area["tasks"]:
            if not task["dropped"]:
                yield area, task


def is_doubtful(item: dict, below: float = LOW_CONFIDENCE) -> bool:
    return item.get("confidence", 1.0) < below


def counts(data: dict) -> dict:
    tasks = list(_all_tasks(data))
    kept = [t for t in tasks if not t["dropped"]]
    return {
        "areas": len(data["areas"]),
        "tasks": len(kept),
        "dropped": len(tasks) - len(kept),
        "targets": sum(len(kept_targets(t)) for t in kept),
        "unassigned": sum(1 for t in kept if not t["lead_unit_ids"]),
        "doubtful": sum(1 for t in tasks if is_doubtful(t))
        + sum(1 for t in tasks for g in t["targets"] if is_doubtful(g)),
    }
