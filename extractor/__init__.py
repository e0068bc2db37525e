"""落实 extraction engine: from an official document to an outline, task items and quantitative targets.

Pure Python (no Django). Every span is an offset into the text given to `extract`, so
`doc.text[item.start:item.end] == item.text` for every task and target.

>>> doc = extract("二〇二六年工作安排\\n一、稳增长\\n要加快项目建设，新建高标准农田50万亩以上。\\n")
>>> [(n.title, n.kind) for n in doc.outline]
[('一、稳增长', 'plan')]
>>> [(t.metric, t.value, t.unit, t.comparator) for t in doc.targets]
[('新建高标准农田', 50, '万亩', '>=')]
"""

from __future__ import annotations

import bisect
import re

from .cleanup import furniture_ranges, mask
from .loader import ExtractionError, load_text
from .model import Document, Node, Target, Task
from .outline import build_outline, header_end, infer_plan_year, period_end
from .targets import DEADLINE, find_targets
from .tasks import is_directive, is_review, task_title
from .text import paragraphs, sentences, strip_span
from .units import find_units, match_units

__all__ = [
    "Document",
    "ExtractionError",
    "Node",
    "Target",
    "Task",
    "extract",
    "load_text",
    "match_units",
]

HORIZON_YEAR = re.compile(r"(?:到|至)\s*((?:19|20)\d\d)\s*年")
HORIZON_PERIOD = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:时期|期间|末|规划期)")


def extract(text: str) -> Document:
    """Outline, tasks and targets of `text` (already decoded, e.g. by `load_text`)."""
    excluded = furniture_ranges(text)
    clean = mask(text, excluded)
    paras = paragraphs(clean)
    body_start = header_end(clean, paras)
    content_end = strip_span(clean, 0, len(clean))[1]
    outline, heads = build_outline(clean, body_start, content_end)
    plan_year = infer_plan_year(clean, body_start, outline)
    doc = Document(text=text, plan_year=plan_year, excluded=excluded, outline=outline)

    nodes = sorted((n for root in outline for n in root.walk()), key=lambda n: n.start)
    starts = [n.start for n in nodes]
    head_spans = {h.start: h.title_end for h in heads}
    for a, b in paras:
        if b <= body_start:
            continue
        for s, e in sentences(clean, a, b):
            if s in head_spans and e <= head_spans[s] + 2:
                continue  # the heading itself
            node = _deepest(nodes, starts, s)
            if node is not None and node.kind == "review":
                continue
            sentence = clean[s:e]
            if is_review(sentence, plan_year):
                continue
            directive = is_directive(sentence)
            targets = find_targets(clean, s, e) if directive or node is not None else []
            horizon = _horizon(node, sentence, plan_year)
            if plan_year and horizon and horizon < plan_year:
                targets = []  # “十四五”期间… in a 2026 plan: a period already over, so a result
            if not (directive or targets):
                continue
            task = _task(doc, node, s, e, text)
            for target in targets:
                target.text = text[target.start : target.end]
                target.task_id = task.id
                target.horizon = horizon
                doc.targets.append(target)
    return doc


def _deepest(nodes: list[Node], starts: list[int], pos: int) -> Node | None:
    i = bisect.bisect_right(starts, pos) - 1
    while i >= 0:
        if nodes[i].start <= pos < nodes[i].end:
            return nodes[i]
        i -= 1
    return None


def _task(doc: Document, node: Node | None, s: int, e: int, text: str) -> Task:
    sentence = text[s:e]
    leads, cos = find_units(sentence)
    dl = DEADLINE.search(sentence)
    task = Task(
        id=f"t{len(doc.tasks) + 1}",
        node_id=node.id if node else None,
        title=task_title(sentence),
        text=sentence,
        start=s,
        end=e,
        kind="plan",
        lead_units=leads,
        co_units=cos,
        deadline=dl.group(0) if dl else None,
    )
    doc.tasks.append(task)
    return task


def _horizon(node: Node | None, sentence: str, plan_year: int | None) -> int | None:
    m = HORIZON_YEAR.search(sentence)
    if m:
        return int(m.group(1))
    m = HORIZON_PERIOD.search(sentence)
    if m:
        return period_end(m.group(1))
    if node is not None and node.horizon:
        return node.horizon
    return plan_year
