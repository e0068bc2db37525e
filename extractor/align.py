"""承接落实: for each task of a lower-level plan, the tasks of the upper-level plan it most likely carries down.

A county's plan restates the city's items in its own words ("深化要素市场化改革" under "优化营商环境" becomes
"深化要素市场化改革" under "'优环境'"; "高标准农田20万亩" becomes "建成高标准农田6万亩"), so the match is on
the subject words both share, weighted by how rare they are in the two documents:

1. words: jieba's search-mode segmentation (a long word also gives its parts: 高标准农田 → 标准, 农田 …), less
   punctuation, numbers and the verbs and frames of official style that every item shares (推进, 加强, 全面,
   工作 …) — they say how, not what;
2. candidates: the BM25 ranking (bm25s) of the upper tasks for the lower task's words, its heading's words
   counted at half weight;
3. score of a candidate, 0–1: the IDF-weighted share of words the two have in common (an F-measure of
   "how much of the lower item is in the upper" and the reverse), blended with rapidfuzz's token-set ratio,
   plus a bonus when both name the same target metric or the same kind of unit (发改, 农业农村 …);
4. a candidate under `THRESHOLD` is no plausible parent: a lower task of new local work gets none.

Pure Python over plain data (no Django): the app's suggestions call `rank`, the command line `align`.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

import bm25s
import jieba
from rapidfuzz import fuzz

from . import extract
from .text import mask_readings, to_simplified

jieba.setLogLevel(logging.WARNING)

THRESHOLD = 0.2
POOL = 20  # BM25 candidates scored per lower task
CONTEXT_WEIGHT = 0.5
HEADING_BONUS = 0.1  # a lower plan that copies the upper plan's heading puts its items under it
HEAD_WEIGHT = 2.0  # the first clause states the item ("要深入实施产业链链长制工程，聚焦…"); the rest says how

# Words of official style that every item uses whatever its subject: how, not what.
GENERIC = set(
    """
    推进 推动 加快 加强 加大 深化 深入 全面 持续 继续 进一步 着力 聚焦 围绕 坚持 落实 贯彻 实施 开展 抓好 做好
    强化 完善 健全 建立 建设 提升 提高 优化 促进 支持 鼓励 积极 大力 切实 扎实 认真 努力 不断 统筹 协同 稳步
    有序 有效 高效 重点 重要 主要 各项 相关 有关 工作 任务 举措 措施 机制 体系 水平 能力 质量 发展 高质量
    实现 确保 力争 争取 完成 突破 创新 探索 打造 构建 形成 提速 增效 一批 一体 一步 方面 领域 全力 用力 发力
    全市 全县 全区 全省 全州 全盟 我市 我县 我区 我省 本市 本县 各级 各地 各部门 各单位 单位 部门 同志 我们
    要求 部署 精神 意见 方案 要点 清单 计划 年度 今年 明年 全年 年底 年内 上半年 下半年 以上 以下 左右 万元 亿元
    """.split()
)
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．]|——)"
)
_CLAUSE = re.compile(r"[，,；;。：:！!？?]")
_DROP = re.compile(r"^[\W\d_a-zA-Z]+$|^[年月日个项次家座条所处亩人元吨万亿%％]$")
# A unit's name without its level: 市发展和改革委员会, 县发改局 → 发改 (matched as words, in `_unit_kinds`).
_LEVEL = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|市|州|盟|县|区|旗))?(?:委|政府)?")


@dataclass
class Item:
    """A task as matching sees it: its sentence, the heading it stands under, its units and target metrics."""

    text: str
    context: str = ""
    units: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    heading: str = ""  # the heading right above it, numbering included


def words(text: str) -> list[str]:
    """The subject words of a text (traditional script read as simplified, so the two scripts match)."""
    return [
        w
        for w in jieba.cut_for_search(to_simplified(text))
        if len(w) > 1 and w not in GENERIC and not _DROP.match(w)
    ]


def same_heading(a: str, b: str) -> bool:
    """Two headings that say the same (numbering aside, script folded): （一）进一步推进权力清单和责任清单公开."""
    return bool(a and b) and min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 85


def _unit_kinds(units: list[str]) -> set[str]:
    return {w for unit in units for w in words(_LEVEL.sub("", unit, count=1))}


class _Side:
    def __init__(self, items: list[Item]):
        self.items = items
        self.text = [words(item.text) for item in items]
        self.head = [set(words(_CLAUSE.split(item.text.strip(), maxsplit=1)[0])) for item in items]
        self.context = [words(item.context) for item in items]
        self.units = [_unit_kinds(item.units) for item in items]
        self.metrics = [{m for m in item.metrics if m} for item in items]
        self.heading = [_NUMBERING.sub("", to_simplified(item.heading)).strip() for item in items]


def _idf(*sides: _Side) -> dict[str, float]:
    # an item's own words: its heading, shared by every item below it, would make the section's subject common
    docs = [set(t) for side in sides for t in side.text]
    n = len(docs)
    df: dict[str, int] = {}
    for doc in docs:
        for w in doc:
            df[w] = df.get(w, 0) + 1
    return {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}


def _weights(text: list[str], head: set[str], context: list[str], idf) -> dict[str, float]:
    out: dict[str, float] = {}
    for w in context:
        out[w] = max(out.get(w, 0.0), CONTEXT_WEIGHT * idf.get(w, 0.0))
    for w in text:
        out[w] = idf.get(w, 0.0) * (HEAD_WEIGHT if w in head else 1.0)
    return out


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    shared = sum(min(a[w], b[w]) for w in a.keys() & b.keys())
    if not shared:
        return 0.0
    recall, precision = shared / sum(a.values()), shared / sum(b.values())
    return 2 * recall * precision / (recall + precision)


def rank(uppers: list[Item], lowers: list[Item], top: int = 3) -> list[list[tuple[int, float]]]:
    """For each lower item, up to `top` (index into uppers, score) pairs, best first, each ≥ THRESHOLD."""
    if not uppers or not lowers:
        return [[] for _ in lowers]
    up, low = _Side(uppers), _Side(lowers)
    idf = _idf(up, low)
    up_weights = [_weights(t, h, c, idf) for t, h, c in zip(up.text, up.head, up.context, strict=True)]
    up_joined = [" ".join(sorted(set(t))) for t in up.text]
    corpus = [t + c for t, c in zip(up.text, up.context, strict=True)]
    retriever = bm25s.BM25()
    retriever.index([doc or ["∅"] for doc in corpus], show_progress=False)
    out = []
    for i in range(len(lowers)):
        query = low.text[i] + low.context[i]
        if not low.text[i]:
            out.append([])
            continue
        scores = retriever.get_scores(query)
        pool = sorted(range(len(uppers)), key=lambda j: -scores[j])[:POOL]
        mine = _weights(low.text[i], low.head[i], low.context[i], idf)
        joined = " ".join(sorted(set(low.text[i])))
        scored = []
        for j in pool:
            if scores[j] <= 0:
                continue
            score = (
                0.75 * _overlap(mine, up_weights[j]) + 0.25 * fuzz.token_set_ratio(joined, up_joined[j]) / 100
            )
            if low.metrics[i] & up.metrics[j]:
                score += 0.15
            if low.units[i] & up.units[j]:
                score += 0.05
            if same_heading(low.heading[i], up.heading[j]):
                score += HEADING_BONUS
            score = min(score, 1.0)
            if score >= THRESHOLD:
                scored.append((j, round(score, 3)))
        scored.sort(key=lambda pair: -pair[1])
        out.append(scored[:top])
    return out


def items_of(doc) -> tuple[list, list[Item]]:
    """An extracted document's tasks and the items matching reads: the heading chain above each task as its
    context, its lead and co units, the metrics of its targets."""
    headings = {}
    for node in doc.outline:
        _headings(node, [], headings)
    titles = {node.id: mask_readings(node.title) for node in doc.nodes()}
    metrics: dict[str, list[str]] = {}
    for target in doc.targets:
        if target.task_id:
            metrics.setdefault(target.task_id, []).append(target.metric)
    items = [
        Item(
            text=task.text,
            context=headings.get(task.node_id, ""),
            units=task.lead_units + task.co_units,
            metrics=metrics.get(task.id, []),
            heading=titles.get(task.node_id, ""),
        )
        for task in doc.tasks
    ]
    return doc.tasks, items


def _headings(node, above: list[str], out: dict) -> None:
    chain = above + [node.title]
    out[node.id] = " ".join(chain[-2:])
    for child in node.children:
        _headings(child, chain, out)


def _span(task) -> dict:
    return {"start": task.start, "end": task.end, "text": task.text}


def align(upper_text: str, lower_text: str, top: int = 3) -> list[dict]:
    """`luoshi align`'s result: for each task extracted from the lower text, in document order, its span and
    its best candidate parents in the upper text with their scores ([] when none is plausible)."""
    upper_tasks, upper_items = items_of(extract(upper_text))
    lower_tasks, lower_items = items_of(extract(lower_text))
    ranked = rank(upper_items, lower_items, top)
    return [
        {
            "lower": _span(task),
            "candidates": [{"upper": _span(upper_tasks[j]), "score": score} for j, score in found],
        }
        for task, found in zip(lower_tasks, ranked, strict=True)
    ]
