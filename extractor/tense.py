"""Forward (a goal or a duty) or past (a result) for every clause, from the clause's own evidence and what
governs it: a cue such as 主要预期目标是： or 已 holds for the clauses after it until the sentence ends (a list
joined by ；/： counts as one sentence), and the section or the document decides where nothing else does.

The cue words are data (extractor/data/*.txt); each decision carries a confidence and the reason for it.

>>> ctx = Context(plan_year=2026)
>>> t = "2025年全市生产总值增长6%。今年主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业1万人。"
>>> [(t[a:b], d.forward) for a, b, d in clauses(t, 0, len(t), ctx)]
[('2025年全市生产总值增长6%。', False), ('今年主要预期目标是：', True), ('地区生产总值增长5.5%左右，', True), ('城镇新增就业1万人。', True)]
>>> t = "已将低保标准提高到835元，补差水平提高到616元。"
>>> [d.forward for a, b, d in clauses(t, 0, len(t), ctx)]
[False, False]
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from .cues import RANK, READING_GAP, alternatives, pattern, words
from .decision import OUTSIDE_FORECAST, Context, Decision
from .reported import reported_counts, reported_levels

CLAUSE_END = re.compile(r"[，,；;：:。！？!?|]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?![代度])")
BASE_BEFORE = re.compile(r"(?:较|比|相比|对比|与|同|由|从|基于)\s*$")  # 较2020年翻一番: a base, not a time
SINCE_AFTER = re.compile(r"(?:\d{1,2}月(?:份)?)?(?:以来|来)")
TO_BEFORE = re.compile(r"(?:(?<![截止])到|(?<!截)至|在|于|从|力争|争取)\s*$")  # not 截至2025年底
YEAR_OF_ITEMS = re.compile(r"\s*(?:的)?\s*\d+\s*[个项件家所座条处批]")
THIS_YEAR = re.compile(
    r"今年|本年度|本年|(?<![一二两三四五六七八九十\d])年内"
)  # 3年内 is a span, not this year
NEXT_YEAR = re.compile(r"明年|下一年")
RELATIVE_YEAR = re.compile(r"今年|明年")
# 了 as an aspect marker (增长了, 完成了), not in 为了, 除了, 了解, 不了
# (the verb may stand apart from its 了 by the spaces of a masked pinyin reading: 增長(zhǎng)了)
PERFECTIVE = re.compile(
    r"(?<![为除罢])(?<=[\u4e00-\u9fff])了(?![解然如])|(?<=[\u4e00-\u9fff] ) *了(?![解然如])"
)
# 报告提出了…目标: a verb of saying or deciding reports a text, its 了 does not make the content a result
SAYING = re.compile(
    r"(?:提出|指出|强调|明确|表示|要求|确定|确立|设定|制定|显示|描绘|绘就|勾画|部署|安排|公布|发布|宣布)$"
)
# an earlier five-year period named as a time: “十三五”期间… in a text about the 十四五
PERIOD = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:期间|时期|以来|末|规划期)")
# a level followed by its change is how results are reported: 地区生产总值3347.6亿元，增长1.5%
LEVEL_AND_CHANGE = re.compile(
    r"\d(?:\.\d+)?\s*(?:万\s*亿|亿|万)?\s*(?:元|美元|吨|斤|人|户|千瓦时|标准煤)[，,]\s*(?:同比|比上年|较上年)?(?:增长|下降|提高|减少)\s*\d"
)
# a goal reported as met: 全面完成年度目标任务, 超额完成省下达任务 (确保完成… has its forward cue before it)
ACHIEVED = re.compile(
    r"(?=[全超圆顺如提均已完实达低高好])"  # the first characters, for speed
    r"(?:(?:(?:全面|超额|圆满|顺利|如期|提前|均|已)(?:实现|达到)|(?:全面|超额|圆满|顺利|如期|提前|均|已)?"
    r"(?:完成|超过|低于|高于|好于))(?:了)?[^，,。；;！]{0,24}?"
    # 达到/实现 alone with a figure before the goal word (达到57%等一系列发展目标) sets a level among goals
    r"|(?:实现|达到)(?:了)?[^，,。；;！\d]{0,24}?)(?:目标|任务)"
)
BOUNDED = re.compile(
    r"\d\s*(?:%|％|[\u4e00-\u9fff]{0,3})?(?:以上|左右|以内|之内)|不低于|不少于|不超过|不高于|控制在"
)
# a report from inside the year: shares of the plan reached (占年度投资计划的97.2%, 超时间进度2.3个百分点; after a
# comma it marks the level before it: 完成投资50亿元，占年度计划的70%) and year-to-date periods (1-10月, 前8月,
# 前三季度，); a period alone may be a plan's schedule (1-3月，开展排查), so it counts only in a progress report
PROGRESS = re.compile(
    r"(?=[，,1前一二三四上计任超快慢落高低完开竣到入])(?:"  # the first characters, for speed
    r"(?P<share>[，,]\s*(?:占|为)[^，,。；;]{0,12}(?:计划|任务)[^，,。；;]{0,4}的\s*\d"
    r"|(?:计划|任务)(?:投资|任务)?数?的\s*\d"
    r"|(?:超过?|快于|慢于|高于|低于|落后于?)(?:时间|序时|时序)进度"
    r"|(?:完成|开工|竣工|到位|入住)率(?:分别)?(?:为|达)?\s*\d)"
    r"|(?P<period>(?<![\d月])1\s*[-—–~～至]\s*1?\d\s*月(?!\d*日)|前\s*(?:[1-9]|1[01]|[二三四五六七八九十]|十一)\s*个?月"
    r"|(?<![\u4e00-\u9fff])(?:前三季度|[一二三四]季度|上半年)(?=[，,全我各])))"
)
PROGRESS_MARK = re.compile("计划|任务|进度|月|季度|上半年|率")
# a part of this year already gone (今年1至11月, 今年上半年, 今年前三季度): what it reports has happened; not a
# deadline (今年上半年前, 今年三季度末)
ELAPSED = re.compile(
    r"\s*(?:1\s*[-—–~～至]\s*1?\d\s*月份?|前\s*(?:[1-9]|1[01]|[二三四五六七八九十]|十一)\s*个?月|前三季度|[一二三]季度|上半年)"
    r"(?!\s*(?:前|底|末|之前|以前|内|完成|实现|开工|建成))"
)  # every progress mark has one: a quick test first
# a full date names the day of an event (2024年2月22日，…会议胜利召开), not a horizon; 6月30日前 is a deadline
EVENT_DATE = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?!\s*(?:前|之前|以前|起|至|到|[-—–~～]))")
# a number in a measure of amount (not a rate: 13.13% may be a goal) with no bound after it; counted to four
# significant digits or more (36583元, 26.17亿元), it is how results are reported: goals are round or bounded
AMOUNT = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:万亿|亿|万)?\s*(?:元|美元|人次|人|户)"
    r"(?!\s*(?:以上|以内|左右|以下|上下|之内|多|余))"
)
_DIGITS4 = re.compile(r"\d{4}|\d\.\d{3}|\d\d\.\d\d|\d{3}\.\d")


def _precise(number: str) -> bool:
    return len(number.replace(".", "").lstrip("0").rstrip("0" if "." not in number else "")) >= 4


PLAN_TITLE = re.compile(r"计划草案|规划|纲要|要点|方案|意见|计划(?!执行)|目标|任务|安排")


@cache
def _cue_words() -> tuple[dict[str, tuple[int, bool]], re.Pattern]:
    """Every cue word with its (strength, forward), and one pattern finding them all, longest first."""
    cues: dict[str, tuple[int, bool]] = {}
    for name, strength, forward in (
        ("weak_past_cues.txt", 1, False),
        ("weak_forward_cues.txt", 1, True),
        ("past_cues.txt", 2, False),
        ("result_judgements.txt", 2, False),
        ("forward_cues.txt", 2, True),
    ):
        cues.update((w, (strength, forward)) for w in words(name))
    return cues, re.compile(alternatives(cues))


@cache
def _outside_forecast() -> re.Pattern:
    """An outside body and its forecast in one clause: 国际货币基金组织预测…, 世界银行下调…增速至…"""
    bodies = "|".join(re.escape(w) for w in sorted(words("outside_forecasters.txt"), key=len, reverse=True))
    return re.compile(rf"(?:{bodies})[^，,。；;：:]{{0,16}}?(?:预测|预计|预期|估计|调高|调低|上调|下调)")


@cache
def _goal_reference() -> re.Pattern:
    return pattern("goal_reference_marks.txt")


LOOKS_AHEAD = re.compile(r"将|预计|预期|争取|(?<![主重需只必纪摘概提简首])要")


def past_leaning(text: str) -> bool:
    """A text whose strong cues are mostly past (a review, a progress report without a telling title)."""
    text = READING_GAP.sub("", text)  # 計(jì)劃 reads 计    划 after masking
    met = [m.span() for m in ACHIEVED.finditer(text)]  # 超额完成…的年度目标任务: a goal reported as met
    past = len(pattern("past_cues.txt").findall(text)) + len(LEVEL_AND_CHANGE.findall(text)) + len(met)
    starts = [a for a, _ in met]  # the matches do not overlap: the one starting last before a cue is the one
    forward = sum(
        1
        for m in pattern("forward_cues.txt").finditer(text)
        if not ((i := bisect.bisect_right(starts, m.start()) - 1) >= 0 and m.start() < met[i][1])
    )
    if not forward and not LOOKS_AHEAD.search(text):
        # no goal word and no modal that looks ahead: the 了 of its verbs (新建了, 实施了) say what has been done
        past += len(_perfectives(text, 0, len(text)))
    return past >= 3 and past > 2 * forward


def measures_plan(text: str) -> bool:
    """Whether text holds a share of the plan reached (为年计划的48.2%, 超序时进度2个百分点)."""
    return any(m.lastgroup == "share" for m in PROGRESS.finditer(READING_GAP.sub("", text)))


SINCE_OPENING = re.compile(r"\s*(?:今年|年初|本年度)以来")


def progress_report(text: str) -> bool:
    """A text that reports progress from inside its year: both shares of the plan reached and year-to-date periods."""
    if SINCE_OPENING.match(text):
        return True  # 今年以来，…: the text reports the year so far
    kinds = [m.lastgroup for m in PROGRESS.finditer(READING_GAP.sub("", text))]  # 计    划: a masked reading
    # or one that measures its work against the plan again and again (为年计划的48%, 超序时进度2个百分点)
    return set(kinds) == {"share", "period"} or kinds.count("share") >= 2


# a title that says the goals were met: 2016年全国造林和森林抚育均超额完成任务
MET_TITLE = re.compile(r"(?:全面|超额|圆满|顺利|如期|提前)完成[^，,。；;\n]{0,10}?(?:目标|任务)")


def past_document(title_block: str) -> bool:
    """A document that reports results as a whole: its title names a bulletin, a summary or an implementation
    report, or says the goals were met, and names no plan."""
    titles = pattern("past_titles.txt")
    rest = MET_TITLE.sub("", titles.sub("", title_block))
    return bool(titles.search(title_block) or MET_TITLE.search(title_block)) and not PLAN_TITLE.search(rest)


def clause_cue(text: str, a: int, b: int, ctx: Context) -> Decision | None:
    """The strongest evidence inside text[a:b] alone; the earlier cue wins between equals."""
    return _strongest(_cues(text, a, b, ctx, [a]))


def _strongest(found) -> Decision | None:
    if not found:
        return None
    if len(found) == 1:
        strength, _, forward, reason, time_only = found[0]
        return Decision(forward, strength, reason, time_only=time_only)
    # between equals a cue of the predicate (已, 力争, 完成了) wins over one that only names the time (今年, 2025年)
    strength, _, forward, reason, time_only = min(found, key=lambda f: (-f[0], f[4], f[1]))
    return Decision(forward, strength, reason, time_only=time_only)


def _cues(
    text: str, a: int, b: int, ctx: Context, starts: list[int]
) -> list[tuple[int, int, bool, str, bool]]:
    """The cues of text[a:b] (see _plain_cues), read with the gaps of masked readings closed; positions are
    still in `text`."""
    if "   " not in text[a:b] or not READING_GAP.search(text, a, b):
        return _plain_cues(text, a, b, ctx, starts)
    kept: list[int] = []  # the position in `text` of each character of the closed segment
    last = a
    for m in READING_GAP.finditer(text, a, b):
        kept.extend(range(last, m.start()))
        last = m.end()
    kept.extend(range(last, b))
    closed = "".join(text[i] for i in kept)
    found = _plain_cues(closed, 0, len(closed), ctx, [bisect.bisect_left(kept, s) for s in starts])

    def back(p: int) -> int:
        return kept[p] if p < len(kept) else b

    return [(s, back(p) if p >= 0 else -1 - back(-1 - p), f, r, t) for s, p, f, r, t in found]


def _plain_cues(
    text: str, a: int, b: int, ctx: Context, starts: list[int]
) -> list[tuple[int, int, bool, str, bool]]:
    """(strength, position, forward, reason, names only a time) of every cue in text[a:b]; `starts` are the clause starts, for
    the cues that read the clause before them (到2030年)."""

    def clause_start(pos: int) -> int:
        return starts[bisect.bisect_right(starts, pos) - 1]

    found: list[tuple[int, int, bool, str, bool]] = []
    segment = text[a:b]
    has_year = "年" in segment  # most sentences name no time: skip the patterns that need one
    for m in YEAR.finditer(text, a, b) if has_year else ():
        if BASE_BEFORE.search(text[max(a, m.start() - 3) : m.start()]):
            continue
        year = int(m.group(1))
        if YEAR_OF_ITEMS.match(text, m.end(), b):
            continue  # 完工2024年9个续建项目: the year of the items counted, not the time of the clause
        if EVENT_DATE.match(text, m.end(), b):
            found.append((1, m.start(), False, "事件日期", True))
        elif SINCE_AFTER.match(text, m.end(), b):
            found.append((3, m.start(), False, f"{year}年以来", False))
        elif ctx.year_inferred and (elapsed := ELAPSED.match(text, m.end(), b)):
            # 2013年上半年增长12.6%: a part of a year reported on, in a text that declares no plan year
            found.append((2, m.start(), False, f"{year}年{elapsed.group(0).strip()}（已过时段）", False))
        elif ctx.plan_year:
            if year < ctx.plan_year:
                found.append((3, m.start(), False, f"{year}年早于计划年度", False))
            elif ctx.year_inferred and not TO_BEFORE.search(text[clause_start(m.start()) : m.start()]):
                # the latest year a text names, with no 到/力争: a review names it as often as a plan; a text that
                # counts from 今年 names other years mostly as the past, and a text whose cues mostly report
                # results names it as the year reported on
                weak = ctx.relative_now or ctx.past_leaning or ctx.progress
                found.append((1 if weak else 2, m.start(), True, f"{year}年", True))
            else:
                found.append((3, m.start(), True, f"{year}年", False))
        elif TO_BEFORE.search(text[clause_start(m.start()) : m.start()]):
            found.append((2, m.start(), True, f"到{year}年", False))
    for m in THIS_YEAR.finditer(text, a, b) if has_year else ():
        if SINCE_AFTER.match(text, m.end(), b):
            found.append((2, m.start(), False, m.group(0) + "以来", False))
        elif elapsed := ELAPSED.match(text, m.end(), b):
            found.append((2, m.start(), False, m.group(0) + elapsed.group(0).strip() + "（已过时段）", False))
        elif ctx.current_year and ctx.plan_year and ctx.current_year < ctx.plan_year:
            found.append((2, m.start(), False, "“今年”指计划年度之前的一年", False))
        else:  # in a progress report 今年 is the year whose plan and results are both reported, and so it is
            # in a text that declares no plan year and mostly reports results (a news report of work done)
            weak = ctx.progress or (ctx.year_inferred and ctx.past_leaning)
            found.append((1 if weak else 2, m.start(), True, m.group(0), True))
    shares = []  # spans of a share of the plan reached: 目标任务的127% measures the goal, it does not set one
    for m in PROGRESS.finditer(text, a, b) if PROGRESS_MARK.search(segment) else ():
        if m.lastgroup == "share":
            shares.append((m.start(), m.end()))
        if m.lastgroup == "share" or ctx.progress:
            found.append((2, m.start(), False, "年内进度（" + m.group(0) + "）", False))
            if m.lastgroup == "share" and text[m.start()] in "，,":  # and the share's own clause
                found.append((2, m.start() + 1, False, "年内进度（" + m.group(0)[1:] + "）", False))
    for m in RANK.finditer(text, a, b) if "全" in segment else ():
        found.append((2, m.start(), False, "排名（" + m.group(0) + "）", False))
    for m in NEXT_YEAR.finditer(text, a, b) if has_year else ():
        found.append((2, m.start(), True, m.group(0), True))
    for m in _outside_forecast().finditer(text, a, b):
        found.append((2, m.start(), False, OUTSIDE_FORECAST, False))
    for m in ACHIEVED.finditer(text, a, b) if "目标" in segment or "任务" in segment else ():
        found.append((2, m.start(), False, "目标任务已完成", False))
    cues, pattern = _cue_words()
    for m in pattern.finditer(text, a, b):
        word = m.group(0).replace(" ", "")
        strength, forward = cues[word]
        if forward and any(x < m.end() and m.start() < y for x, y in shares):
            continue  # the goal a share is a share of
        if word == "要" and text[m.start() - 1 : m.start()] in NOT_MODAL_YAO:
            continue  # 主要, 重要, 需要, 摘要: not the modal 要
        if forward and "目标" in word and _goal_reference().search(text, clause_start(m.start()), m.start()):
            continue  # 控制在年初确定的4%的预期目标内: a goal set earlier, the yardstick of a result
        if forward and (ctx.past_document or ctx.progress) and word in _reported_plan_words():
            strength = 1  # 当年计划投资… in a progress report: the plan reported on
        found.append((strength, m.start(), forward, word, False))
    for at, verb in _perfectives(text, a, b) if "了" in segment else ():
        found.append((2, at, False, verb + "了", False))
    for m in PERIOD.finditer(text, a, b) if "五" in segment else ():
        end = 1970 + 5 * ("一二三四五六七八九".index(m.group(1)) + 8)
        if ctx.latest_period and end < ctx.latest_period:
            found.append((3, m.start(), False, f"{m.group(0)}早于本规划期", False))
    for m in LEVEL_AND_CHANGE.finditer(text, a, min(len(text), b + 12)):
        if m.start() < b:
            found.append((2, m.start(), False, "总量与增速并列（统计口径）", False))
    for m in AMOUNT.finditer(text, a, b) if _DIGITS4.search(segment) else ():
        if _precise(m.group(1)):
            found.append((1, -1 - m.start(), False, "精确数值（统计口径）", False))
    for m in BOUNDED.finditer(
        text, a, b
    ):  # before any other weak cue of its clause: 同比下降10%以上 is a goal
        found.append((1, -1 - m.start(), True, "带上下限的数值", False))
    return found


def _perfectives(text: str, a: int, b: int) -> list[tuple[int, str]]:
    """(position, verb) of each 了 of text[a:b] that marks a deed done (增长了, 新建了), not a saying (提出了…目标)."""
    out = []
    for m in PERFECTIVE.finditer(text, a, b):
        verb = text[max(a, m.start() - 8) : m.start()].rstrip()
        if verb[-1:] not in ("为", "除", "罢") and not SAYING.search(verb[-2:]):
            out.append((m.end() - 1, verb[-1:]))
    return out


def _past_text(ctx: Context) -> bool:
    """A document or passage that reports results: by its title, or by its cues outside a planning section."""
    return ctx.past_document or ((ctx.past_leaning or ctx.progress) and ctx.section != "plan")


# the readings of default() taken from a heading, a title or the syntax of the sentence, not from its wording
STRUCTURAL = frozenset({"部署部分", "回顾部分", "所在部分未见回顾标志", "文件整体为回顾或统计", "部署语句"})


def default(ctx: Context) -> Decision:
    """Where a clause and what governs it say nothing: the paragraph, the section, the document. A sentence
    opening with a verb of doing (完成…, 新建…) is a duty in a plan, but in a report of results the same verbs
    report what was done, after a sentence of the paragraph that reported one."""
    # (what an earlier paragraph reported does not turn a duty into a report under a heading; in a text without
    # headings, such as a news report, a strong report in the paragraph or the one before it does)
    reported = ctx.prior is not None and not ctx.prior.forward and not ctx.prior.inherited
    carried = ctx.prior is not None and not ctx.prior.forward and ctx.prior.strength >= 2
    reporting = reported and _past_text(ctx) or ctx.section is None and (carried or ctx.past_leaning)
    if ctx.directive and ctx.section != "review" and not ctx.past_document and not reporting:
        return Decision(True, 0, "部署语句")  # 要…/新建…: a duty, whatever the sentence before reported
    if ctx.prior is not None and ctx.section != "review":
        return Decision(ctx.prior.forward, 1, ctx.prior.reason, inherited=True)
    if ctx.section == "review":
        return Decision(False, 0, "回顾部分")
    if ctx.past_document:
        return Decision(False, 0, "文件整体为回顾或统计")
    if ctx.section == "plan":
        return Decision(True, 0, "部署部分")
    if ctx.past_leaning or ctx.progress:
        return Decision(False, 0, "全文以回顾或进度为主")
    if ctx.section == "part":
        return Decision(True, 0, "所在部分未见回顾标志")
    if ctx.directive:
        return Decision(True, 0, "部署语句")
    return Decision(False, 0, "无目标或部署的标志")


def _switches_to_goal(own: Decision) -> bool:
    """A goal cue of its own (主要预期目标是, 力争) starts the goals even after a past year that governs the sentence;
    past-looking words (占总, 位居) also describe goals, so they do not undo a year that governs."""
    return own.forward and own.strength >= 2 and not own.time_only


def _replaces(own: Decision, carry: Decision) -> bool:
    """Whether a clause's own evidence takes over from the cue that governs it: a stronger cue does, an equal
    one too unless it only names a time (报告显示，2025年，… / 经初步核算，2023年，…: the year does not undo
    the predicate that governs it)."""
    if own.strength > carry.strength or _switches_to_goal(own):
        return True
    if own.time_only and own.forward and own.strength >= 2 and _dated(carry):
        return True  # 2018年实现…，2020年同步实现全面小康: a later time of its own starts a new one
    return own.strength == carry.strength and not (own.time_only and not carry.time_only)


def _dated(d: Decision) -> bool:
    """A decision taken from a year the clause names (2018年早于计划年度, 到2030年)."""
    return d.time_only or bool(re.search(r"\d{4}年", d.reason))


NOT_MODAL_YAO = frozenset(
    "主重需只必纪摘概提简首"
)  # 主要, 重要, 需要, 只要, 必要, 纪要, 摘要, 概要, 提要, 简要, 首要
# weak forward cues that say the time to come (将, 要, 预计…), as against verbs of doing (新建, 实施, 完成…)
MODAL_CUES = frozenset({"要", "将", "预计", "预期", "争取", "年度计划", "投资计划", "带上下限的数值"})


def _time_ahead(found) -> Decision | None:
    """A time of the clause's own and a modal that looks ahead, both weak alone, together say what is to come
    (2027年将完成…, 今年要新建…) even in a text that mostly reports results."""
    times = [f for f in found if f[2] and f[4]]
    modals = [f for f in found if f[2] and f[3] in MODAL_CUES and not f[4]]
    if times and modals and max(f[0] for f in found) <= 2 and not any(not f[2] and f[0] >= 2 for f in found):
        return Decision(True, 2, f"{times[0][3]}…{modals[0][3]}")
    return None


def _verb_after_report(ctx: Context, decision: Decision) -> bool:
    """In a text without headings (a news report), after a sentence of the paragraph that reported results, a
    verb of doing (新建…, 实施…) reports what was done; a modal (将…) still looks ahead."""
    reported = ctx.prior is not None and not ctx.prior.forward and not ctx.prior.inherited
    return reported and ctx.section is None and decision.reason not in MODAL_CUES and not decision.inherited


def _weak_evidence_overruled(ctx: Context) -> bool:
    return _past_text(ctx)


@cache
def _reported_plan_words() -> frozenset[str]:
    return frozenset(words("reported_plan_words.txt"))


def clauses(
    text: str, start: int, end: int, ctx: Context, carry: Decision | None = None
) -> list[tuple[int, int, Decision]]:
    """(start, end, decision) for each clause of text[start:end]. A strong cue governs the clauses after it
    (`carry` passes one in from the sentence before, when that one ended with ；or ：)."""
    out = []
    bounds = [m.end() for m in CLAUSE_END.finditer(text, start, end)]
    if not bounds or bounds[-1] < end:
        bounds.append(end)
    starts = [start, *bounds[:-1]]
    by_clause: list[list] = [[] for _ in bounds]
    for cue in _cues(text, start, end, ctx, starts):
        pos = cue[1] if cue[1] >= 0 else -1 - cue[1]
        by_clause[bisect.bisect_right(starts, pos) - 1].append(cue)
    owns = []
    fallback = None  # default(ctx), the same for every clause: worked out once when needed
    overruled = _weak_evidence_overruled(ctx)
    for a, b, found in zip(starts, bounds, by_clause, strict=True):
        if not text[a:b].strip():
            continue
        own = _time_ahead(found) or _strongest(found)
        takes_over = own is not None and (carry is None or _replaces(own, carry))
        if (
            own is not None
            and own.strength == 1
            and carry is None
            and ctx.prior is not None
            and not ctx.directive
        ):
            # a weak cue that agrees with what the paragraph said, or that speaks against what an earlier
            # paragraph said, decides
            # (将 says the time to come whatever the paragraph reported before it)
            agrees = own.forward == ctx.prior.forward or ctx.prior.inherited or own.reason == "将"
            decision = own if agrees else (fallback := fallback or default(ctx))
        elif takes_over:
            decision = own
        elif carry is not None:
            decision = Decision(carry.forward, carry.strength, carry.reason, inherited=True)
        else:
            decision = fallback = fallback or default(ctx)
        if decision.forward and decision.strength < 2 and (overruled or _verb_after_report(ctx, decision)):
            decision = fallback = fallback or default(ctx)
        if takes_over and own.strength >= 2:
            carry = own
        elif text[b - 1 : b] == "|":
            carry = None  # a table cell governs nothing beyond itself
        out.append((a, b, decision))
        owns.append(own)
    reported_levels(text, out, owns)
    reported_counts(text, out, owns)
    return out


def reference_year(text: str) -> int | None:
    """For a text without a plan year: the latest year it names as a time of its own (not 到2030年, not a base
    year, not 2020年以来), against which earlier years read as past."""
    years = []
    for m in YEAR.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        if BASE_BEFORE.search(before) or TO_BEFORE.search(before) or SINCE_AFTER.match(text, m.end()):
            continue
        years.append(int(m.group(1)))
    return max(years) if years else None


def latest_period(text: str) -> int | None:
    ends = [
        1970 + 5 * ("一二三四五六七八九".index(n) + 8)
        for n in re.findall(r"十([一二三四五六七八九])五", text)
    ]
    return max(ends) if ends else None


def paragraph_prior(parts: list[tuple[int, int, Decision]], prior: Decision | None) -> Decision | None:
    """What a paragraph has said so far, for its later sentences: the last strong decision of its own."""
    strong = [d for _, _, d in parts if d.strength >= 2 and not d.inherited and not d.local]
    return strong[-1] if strong else prior


def may_govern(text: str, start: int, end: int) -> bool:
    """Whether a sentence holds a cue strong enough to decide for the sentences after it (a quick test)."""
    return bool(YEAR.search(text, start, end) or _strong_words().search(text, start, end))


@cache
def _strong_words() -> re.Pattern:
    cues, _ = _cue_words()
    strong = [w for w, (strength, _) in cues.items() if strength >= 2] + ["今年", "明年", "十"]
    return re.compile(alternatives(strong) + "|了")


def decision_at(parts: list[tuple[int, int, Decision]], pos: int) -> Decision | None:
    for a, b, d in parts:
        if a <= pos < b:
            return d
    return None
