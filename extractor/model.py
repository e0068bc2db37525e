"""The result of an extraction: plain dataclasses, every span an offset into `Document.text`.

>>> node = Node(id="n1", title="一、总体要求", start=0, end=10, level=1, kind="plan")
>>> node.to_dict()["children"]
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """A heading and the section it governs: `text[start:end]` is the whole section and
    `text[start:start + len(title)]` is the heading itself (numbering included)."""

    id: str
    title: str
    start: int
    end: int
    level: int
    kind: str  # "review" | "plan"
    children: list[Node] = field(default_factory=list)
    horizon: int | None = None  # end year of a period section (十五五 → 2030), else None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "level": self.level,
            "kind": self.kind,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Task:
    """A directive sentence under a heading; `text == document.text[start:end]`."""

    id: str
    node_id: str | None  # None for a directive in the preamble, before the first heading
    title: str
    text: str
    start: int
    end: int
    kind: str = "plan"
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    deadline: str | None = None  # the time-limit phrase as written: 6月底前, 年底前, 长期坚持
    due: str | None = None  # the deadline as a date, YYYY-MM-DD; None when it names no date (长期, 持续推进)
    confidence: float = 1.0  # how sure the engine is that this is a task a unit can be held to (0–1)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "node": self.node_id,
            "lead_units": self.lead_units,
            "co_units": self.co_units,
            "deadline": self.deadline,
            "due": self.due,
            "confidence": round(self.confidence, 3),
            "kind": self.kind,
        }


@dataclass
class Target:
    """A quantitative target; `text == document.text[start:end]`.

    comparator is one of ">=", ">", "<=", "<", "~", "=" or "range" (then value..value_max).
    """

    text: str
    start: int
    end: int
    metric: str
    value: int | float
    unit: str
    comparator: str = "="
    deadline: str | None = None
    horizon: int | str | None = None
    task_id: str | None = None
    value_max: int | float | None = None
    confidence: float = 1.0  # how sure the engine is that this is a forward-looking target (0–1)
    reason: str | None = None  # what decided it is forward-looking: 力争, 2026年, 部署部分…

    def to_dict(self, task_index: dict[str, int] | None = None) -> dict:
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "deadline": self.deadline,
            "horizon": self.horizon,
            "task": (task_index or {}).get(self.task_id) if self.task_id else None,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }
        if self.value_max is not None:
            out["value_max"] = self.value_max
        return out


@dataclass
class Document:
    text: str
    plan_year: int | None = None
    excluded: list[tuple[int, int]] = field(default_factory=list)
    outline: list[Node] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def nodes(self):
        """Every node, depth first."""
        for node in self.outline:
            yield from node.walk()

    def to_dict(self) -> dict:
        """The structure `luoshi extract FILE --json` prints; a target's "task" is an index into "tasks"."""
        task_index = {t.id: i for i, t in enumerate(self.tasks)}
        return {
            "plan_year": self.plan_year,
            "excluded": [list(r) for r in self.excluded],
            "outline": [n.to_dict() for n in self.outline],
            "tasks": [t.to_dict() for t in self.tasks],
            "targets": [t.to_dict(task_index) for t in self.targets],
        }
