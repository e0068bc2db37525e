"""The proposed ledger as an editable structure, and the edits a reviewer makes to it.

`data` = {"areas": [{"key", "title", "start", "end", "tasks": [
             {"key", "title", "text", "start", "end", "deadline", "dropped",
              "lead_unit_ids", "co_unit_ids", "mentions", "targets": [{"text", "start", "end", "metric",
              "value", "unit", "comparator", "deadline", "horizon"}]}]}]}
Spans are offsets into the source document's text. These functions never touch the database.
"""

import re
from collections import Counter

from extractor import Document, match_units

SENTENCE_END = re.compile(r"[。；;！？]")


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


def build(doc: Document, units: dict[str, int]) -> dict:
    """Turn an extraction into a draft. `units` maps unit names of the tree to ids (for suggestions)."""
    nodes = _nodes_by_id(doc.outline)
    mentions = {m for t in doc.tasks for m in (*t.lead_units, *t.co_units)}
    matched = match_units(sorted(mentions), list(units)) if mentions else {}
    targets_by_task: dict = {}
    for target in doc.targets:
        targets_by_task.setdefault(target.task_id, []).append(
            {
                "text": target.text,
                "start": target.start,
                "end": target.end,
                "metric": target.metric,
                "value": float(target.value),
                "unit": target.unit or "",
                "comparator": target.comparator or "=",
                "deadline": target.deadline,
                "horizon": int(target.horizon) if str(target.horizon or "").isdigit() else doc.plan_year,
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
        bucket["tasks"].append(
            {
                "key": f"t{sum(len(a['tasks']) for a in areas.values()) + 1}",
                "title": task.title,
                "text": task.text,
                "start": task.start,
                "end": task.end,
                "deadline": task.deadline,
                "dropped": False,
                "mentions": [*task.lead_units, *task.co_units],
                "lead_unit_ids": _ids(task.lead_units, matched, units),
                "co_unit_ids": _ids(task.co_units, matched, units),
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


class DraftError(ValueError):
    """An edit that cannot be made; the message is for the reviewer."""


def find(data: dict, key: str) -> tuple[dict, int, dict]:
    for area in data["areas"]:
        for i, task in enumerate(area["tasks"]):
            if task["key"] == key:
                return area, i, task
    raise DraftError("找不到该任务，页面可能已过期，请刷新")


def next_key(data: dict) -> str:
    numbers = [int(t["key"][1:]) for a in data["areas"] for t in a["tasks"]]
    return f"t{max(numbers, default=0) + 1}"


def edit(data: dict, key: str, *, title=None, lead_unit_ids=None, co_unit_ids=None, dropped=None) -> dict:
    _, _, task = find(data, key)
    if title is not None:
        title = title.strip()
        if not title:
            raise DraftError("任务名称不能为空")
        task["title"] = title[:300]
    if lead_unit_ids is not None:
        task["lead_unit_ids"] = list(dict.fromkeys(lead_unit_ids))
    if co_unit_ids is not None:
        task["co_unit_ids"] = [u for u in dict.fromkeys(co_unit_ids) if u not in task["lead_unit_ids"]]
    if dropped is not None:
        task["dropped"] = bool(dropped)
    return task


def merge_with_previous(data: dict, key: str, text: str) -> dict:
    """Merge a task into the one before it in the same area: one span, the targets of both."""
    area, i, task = find(data, key)
    if i == 0:
        raise DraftError("这是本领域的第一项任务，没有可合并的上一项")
    prev = area["tasks"][i - 1]
    if prev["dropped"] or task["dropped"]:
        raise DraftError("上一项或本项已删除，请先恢复后再合并")
    prev["start"], prev["end"] = min(prev["start"], task["start"]), max(prev["end"], task["end"])
    prev["text"] = text[prev["start"] : prev["end"]]
    prev["targets"] = sorted(prev["targets"] + task["targets"], key=lambda t: t["start"])
    for field in ("lead_unit_ids", "co_unit_ids", "mentions"):
        prev[field] = list(dict.fromkeys(prev[field] + task[field]))
    del area["tasks"][i]
    return prev


def split(data: dict, key: str, text: str) -> tuple[dict, dict]:
    """Split a task at the sentence end nearest its middle; each part keeps the targets inside it."""
    area, i, task = find(data, key)
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
        "targets": [t for t in task["targets"] if t["start"] >= cut],
    }
    task.update(end=cut, text=text[start:cut], targets=[t for t in task["targets"] if t["start"] < cut])
    area["tasks"].insert(i + 1, second)
    return task, second


def _title(sentence: str) -> str:
    first = SENTENCE_END.split(sentence.strip(), maxsplit=1)[0]
    return first[:60]


def kept_tasks(data: dict):
    for area in data["areas"]:
        for task in area["tasks"]:
            if not task["dropped"]:
                yield area, task


def counts(data: dict) -> dict:
    tasks = [t for a in data["areas"] for t in a["tasks"]]
    kept = [t for t in tasks if not t["dropped"]]
    return {
        "areas": len(data["areas"]),
        "tasks": len(kept),
        "dropped": len(tasks) - len(kept),
        "targets": sum(len(t["targets"]) for t in kept),
        "unassigned": sum(1 for t in kept if not t["lead_unit_ids"]),
    }
