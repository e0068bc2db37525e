"""What the forward/past decision reads (the document's and the paragraph's context) and what it gives for a
clause (forward or past, how strong its evidence is, and the reason, shown to the reviewer)."""

from __future__ import annotations

from dataclasses import dataclass, replace

OUTSIDE_FORECAST = "外部机构预测"


@dataclass
class Context:
    plan_year: int | None = None
    current_year: int | None = (
        None  # the year the document speaks in (今年), when it differs from the plan year
    )
    section: str | None = (
        None  # "plan" or "review" (of the heading the sentence sits under), None without one
    )
    past_document: bool = (
        False  # by its title a statistical bulletin, a work summary, an implementation report
    )
    past_leaning: bool = False  # by its cues mostly a review or a progress report
    latest_period: int | None = (
        None  # end year of the latest five-year period the document names (十四五 → 2025)
    )
    year_inferred: bool = False  # the plan year is only the latest year the text names, not one it declares
    relative_now: bool = (
        False  # with an inferred plan year, the text speaks of 今年/明年: a year it names may be past
    )
    progress: bool = (
        False  # a report from inside the year (1-10月…, 占年度计划的…%): 今年 is the year reported on
    )
    prior: Decision | None = None  # what the paragraph's earlier sentences said, when they said it strongly
    directive: bool = False  # the sentence opens with a verb of doing or a modal (新建…, 要…)

    def for_task_cell(self) -> Context:
        return replace(self, section="plan", past_document=False, past_leaning=False, prior=None)


@dataclass
class Decision:
    forward: bool
    strength: int  # 0 context only, 1 weak cue, 2 strong cue, 3 an explicit year
    reason: str
    inherited: bool = False
    time_only: bool = False  # the evidence only names a time (今年, 2025年), no predicate

    @property
    def local(self) -> bool:
        """Evidence about someone else's figures (an outside forecast): it decides its own sentence only."""
        return self.reason == OUTSIDE_FORECAST

    @property
    def confidence(self) -> float:
        base = {0: 0.55, 1: 0.65, 2: 0.8, 3: 0.9}[self.strength]
        return round(base - (0.05 if self.inherited else 0), 2)
