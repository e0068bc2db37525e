"""Reported wholes: a clause that reports a share of the plan reached, a goal met, a rank or a judgement
against what was expected reports the levels listed before it in its sentence, and a status (已完工10项) reports
the counts of the same measure before it (the whole and its parts). Passes over the clauses of one sentence."""

from __future__ import annotations

import re
from functools import cache

from .cues import RANK, READING_GAP, words
from .decision import Decision

# a share of the plan or of the year's task reached (占年计划的53.3%, 完成年度任务100.8%) reports the levels
# listed before it in its sentence; so does a goal said to be exceeded or met (…48所，超额完成40所的年度目标任务)
# and a rank reached or a judgement against what was expected (新增企业25家，增量全市第1 / …，快于预期)
RATE = re.compile(r"(?:计划|任务|目标)[^，,。；;\d]{0,4}?\s*\d+(?:\.\d+)?\s*[%％]")
MET = re.compile(r"超额(?:完成|实现)")


def reported_levels(text: str, out: list, own: list) -> None:
    for i, ((a, b, d), mine) in enumerate(zip(out, own, strict=True)):
        if d.forward or mine is None or mine.forward:
            continue
        clause = READING_GAP.sub("", text[a:b])
        rate = RATE.search(clause)
        if (
            not (rate and mine.reason.startswith("年内进度"))
            and not (mine.reason == "目标任务已完成" and (rate or MET.search(clause)))
            and not RANK.search(clause)
            and mine.reason not in _judgements()
        ):
            continue
        for j in range(i - 1, -1, -1):
            pa, pb, pd = out[j]
            theirs = own[j]
            if theirs is not None and theirs.forward and theirs.strength >= 2 and not theirs.time_only:
                break  # a goal of its own (确保…, 力争…) stays one
            if pd.strength >= 3:
                break
            out[j] = (pa, pb, Decision(False, 2, mine.reason, inherited=True))


# a count of items (12项, 3个): a whole split into what is done and what is under way is reported whole
COUNT = re.compile(r"\d+\s*([项个件条批座处所间家台套])")


def reported_counts(text: str, out: list, own: list) -> None:
    status = _status_cues()
    for i, ((a, b, d), mine) in enumerate(zip(out, own, strict=True)):
        if d.forward or mine is None or mine.forward or mine.reason not in status:
            continue
        measures = {m.group(1) for m in COUNT.finditer(text, a, b)}
        for j in range(i - 1, -1, -1) if measures else ():
            pa, pb, pd = out[j]
            theirs = own[j]
            if theirs is not None and theirs.forward and theirs.strength >= 2 and not theirs.time_only:
                break  # a goal of its own (确保…, 力争…) stays one
            if pd.strength >= 3:
                break
            if pd.forward and any(m.group(1) in measures for m in COUNT.finditer(text, pa, pb)):
                out[j] = (pa, pb, Decision(False, 2, mine.reason, inherited=True))


@cache
def _judgements() -> frozenset[str]:
    return frozenset(words("result_judgements.txt"))


@cache
def _status_cues() -> frozenset[str]:
    return frozenset(words("status_cues.txt"))
