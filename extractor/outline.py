"""The outline of an official document: headings, their nesting, and review versus plan.

Headings are recognised by their form, and levels by the order in which the forms nest (the first form
met is the top level, a form already open closes everything below it), so 一、/（一）/1./一是 work
whichever of them a document starts with.

>>> from extractor.outline import build_outline
>>> text = "一、总体要求\\n要加快推进。\\n二、重点任务\\n一是稳增长。要抓项目。\\n二是惠民生。要办实事。"
>>> nodes, _ = build_outline(text)
>>> [(n.title, [c.title for c in n.children]) for n in nodes]
[('一、总体要求', []), ('二、重点任务', ['一是稳增长', '二是惠民生'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Node
from .text import paragraphs, sentences, strip_span
from .units import ASSIGNMENT_FIELD, only_assignment, trailing_assignment

CN = "一二三四五六七八九十"
BULLET = re.compile(r"[●■◆▲►▶◎]\s*(?=\S)")  # a heading only when what follows is a title (see find_headings)
NUMBERED = [
    ("cn", re.compile(rf"[{CN}]{{1,3}}[、，,]")),
    ("paren_cn", re.compile(rf"[（(][{CN}]{{1,3}}[）)]")),
    ("arabic", re.compile(r"\d{1,2}\s*[\.．、](?!\d)")),
    ("paren_arabic", re.compile(r"[（(]\d{1,2}[）)]")),
    ("circled", re.compile(r"[①-⑳]")),
    ("chapter", re.compile(rf"第[{CN}]{{1,3}}(?:篇|章|部分)\s*")),  # 规划纲要: 第一章 发展基础
    ("section", re.compile(rf"第[{CN}]{{1,3}}节\s*")),
    ("ordinal", re.compile(rf"(第[{CN}]{{1,2}}[，、,：:]?|[{CN}]{{1,2}}(是|要|抓|方面)(?=\S))")),
    ("dash", re.compile(r"——(?=\S)")),
    ("bullet", BULLET),
]
# a number with its unit (3%, 1206万人), not a date (2025年, 6月): what a line of figures holds and a title does not
QUANTITY = re.compile(r"\d(?:\.\d+)?\s*(?:[%％‰]|(?![年月日号时届期次])[\u4e00-\u9fff])")
HEAD_END = re.compile(r"[。！？!?]")
# 首先，…/其次，…/最后，… opening paragraphs: headings when the document opens at least one with 首先
SEQUENCE = re.compile(r"(?:首先|其次|再次|最后)[，,：:]")
SALUTATION = re.compile(r"^(各位代表|同志们|各位委员|各位领导|女士们|尊敬的)")
RUN_IN_BAD = re.compile(r"[，,、；;：:（(]|是|了|我|吗|呢")
DIRECTIVE_HEAD = re.compile(r"^(要|必须|务必|一定要|坚决)[^，,、；;：:]{2,28}[。！]")

REVIEW_TITLE = re.compile(
    r"回顾|成就|成绩|总结|过去(一|五|的)|一年来|五年来|主要做了|取得的|进展情况|完成情况|(?:^|[章节、）)\s])发展基础|(?:^|[章节、）)\s])(主要|工作|发展)成效"
)
# lines of a 工作要点 item that assign it (牵头单位：…；责任单位：…；完成时限：…): never headings
ASSIGNMENT = re.compile(
    r"^[（(【\[〔]?(?:主要|其他|具体)?(?P<key>牵头责任单位|牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|参与单位|完成时限|完成时间|时间节点|时限要求"
    r"|(?:牵头|主办|责任|承办|负责|落实|实施|配合|协办|参与|协同|协作|协助)(?:单位|部门|科室|处室)|责任主体"
    r"|(?:责任|牵头|分管|联系)(?:领导|市领导|县领导|区领导)|责任人|联系人|完成期限)"
    r"(?:(?:[（(](?:单位|部门|科室|处室)[）)])?\s*[：:]|[】〕])"  # 牵头单位（部门）：, 【牵头单位】
)
# a title whose head noun is a report: 重点任务完成情况, 市级重点项目进展情况 (its 任务/重点 only say of what)
REPORT_HEAD = re.compile(r"(?:进展|完成|执行|落实|实施)情况[\s:：。]*$")
PLAN_TITLE = re.compile(r"任务|目标|部署|安排|打算|计划|思路|举措|措施|要求|重点|考虑|展望|建议|意见")
PERIOD = re.compile(rf"[“\"]?十([{CN[:9]}])五[”\"]?")
YEAR_LIKE = re.compile(r"之年|年度|今年|明年|当年|本年|开局|起步|首年")


@dataclass
class Heading:
    start: int
    title_end: int
    style: str


def header_end(text: str, paras: list[tuple[int, int]]) -> int:
    """Where the body starts: the first salutation, numbered heading or full sentence.
    Lines above it are the title block (title, dateline, author)."""
    for a, b in paras:
        line = text[a:b]
        # 1./（1） start the body too (a list with no higher headings), but not as a table row's first cell
        styles = (
            ("cn", "paren_cn", "chapter")
            if "|" in line
            else ("cn", "paren_cn", "chapter", "arabic", "paren_arabic")
        )
        if SALUTATION.match(line) or any(p.match(line) for s, p in NUMBERED if s in styles):
            return a
        if b - a >= 30 and re.search(r"[。，,；]", line):
            return a
    return paras[0][0] if paras else 0


def _numbered_style(text: str, a: int, b: int) -> str | None:
    for style, pattern in NUMBERED:
        m = pattern.match(text, a, b)
        if m and m.end() < b:
            return style
    return None


def _title_end(text: str, a: int, b: int) -> int:
    m = HEAD_END.search(text, a, b)
    return m.start() if m else b


def find_headings(text: str, body_start: int = 0, table_lines=frozenset()) -> list[Heading]:
    """Headings in document order (numbered, stand-alone title lines, run-in heads, parallel directives).
    Lines of a table (`table_lines`: their starts) are headings only when numbered (a group row 一、稳增长):
    a cell on a line of its own is short like a title but is not one."""
    paras = [(a, b) for a, b in paragraphs(text) if a >= body_start]
    openers = [text[a : a + 2] for a, b in paras if SEQUENCE.match(text, a, b)]
    sequence = "首先" in openers and len(openers) >= 2
    heads: list[Heading] = []
    for i, (a, b) in enumerate(paras):
        line = text[a:b]
        if ASSIGNMENT.match(line) or ASSIGNMENT_FIELD.match(line) or _assignment_line(text, a, b):
            continue  # a field line; the fields' names (办结时限：每季度 …) are the ones units.py reads
        if i and text[paras[i - 1][1] - 1] in "、，," and ASSIGNMENT.match(text[slice(*paras[i - 1])]):
            continue  # a list of units that runs on from the label line above
        style = _numbered_style(text, a, b) or (
            "sequence" if sequence and SEQUENCE.match(text, a, b) else None
        )
        if a in table_lines and not style:
            continue
        if style == "bullet" and not _is_title_line(BULLET.sub("", line, count=1)):
            continue  # ▶新增公共停车位800个。: an item of a list; ●经济发展再上新台阶: a heading
        first_end = _title_end(text, a, b)
        if style:
            heads.append(Heading(a, first_end, style))
            skip = first_end  # parallel directives may follow the heading sentence
        elif _is_title_line(line) and i + 1 < len(paras):
            heads.append(Heading(a, b, "title"))
            continue
        else:
            skip = a
        directives = [
            (s, e)
            for s, e in sentences(text, skip, b, "。！!")
            if s >= skip and s > a - 1 and DIRECTIVE_HEAD.match(text[s:e])
        ]
        if len(directives) >= 2:
            heads.extend(Heading(s, e - 1, "directive") for s, e in directives)
        elif not style and _is_run_in(text, a, b, first_end):
            heads.append(Heading(a, first_end, "run_in"))
    return heads


def _assignment_line(text: str, a: int, b: int) -> bool:
    """A line that only assigns the item above it, in brackets or in words: （市工信局牵头，市财政局配合） /
    市工信局牵头，市财政局配合."""
    if text[a] not in "（(【[〔":
        return only_assignment(text, a, b)
    found = trailing_assignment(text, a, b)
    return found is not None and found[0] == a


def _is_title_line(line: str) -> bool:
    """A heading on a line of its own: short, no sentence or colon at its end, not a salutation, not a table
    row (序号 | 重点任务 | 牵头单位)."""
    if len(line) > 40 or len(line) < 4 or SALUTATION.match(line) or "|" in line:
        return False
    if re.search(r"[。！？!?；;：:，,]$", line) or re.search(r"[。；;]", line):
        return False
    if QUANTITY.search(line):
        return False  # 全年国内生产总值增长3% / 城镇新增就业1100万人以上: a line of figures, not a title
    return bool(re.search(r"[\u4e00-\u9fff]{3}", line))


def _is_run_in(text: str, a: int, b: int, first_end: int) -> bool:
    """A short first sentence with no comma that opens a longer paragraph: “夯实乡村振兴基础。”"""
    if first_end >= b or text[first_end] != "。":
        return False
    head = text[a:first_end]
    return 4 <= len(head) <= 25 and not RUN_IN_BAD.search(head) and b - first_end > 10


def build_outline(
    text: str, body_start: int = 0, content_end: int | None = None, table_lines=frozenset()
) -> tuple[list[Node], list[Heading]]:
    """Nest the headings into Nodes with spans, levels and review/plan kinds."""
    content_end = len(text) if content_end is None else content_end
    heads = find_headings(text, body_start, table_lines)
    roots: list[Node] = []
    stack: list[tuple[str, Node]] = []
    for n, h in enumerate(heads, start=1):
        node = Node(
            id=f"n{n}",
            title=text[h.start : h.title_end],
            start=h.start,
            end=h.title_end,
            level=1,
            kind="plan",
        )
        styles = [s for s, _ in stack]
        if h.style in styles:
            del stack[styles.index(h.style) :]
        if stack:
            parent = stack[-1][1]
            node.level = parent.level + 1
            parent.children.append(node)
        else:
            roots.append(node)
        stack.append((h.style, node))
    _set_ends(text, roots, content_end)
    _set_kinds(roots, "plan", None)
    return roots, heads


def _set_ends(text: str, nodes: list[Node], end: int) -> None:
    for i, node in enumerate(nodes):
        boundary = nodes[i + 1].start if i + 1 < len(nodes) else end
        node.end = max(node.end, strip_span(text, node.start, boundary)[1])
        _set_ends(text, node.children, node.end)


def period_end(numeral: str) -> int:
    """End year of the Nth five-year plan: 十四五 → 2025, 十五五 → 2030.

    >>> period_end("五")
    2030
    """
    n = 10 + "一二三四五六七八九".index(numeral) + 1
    return 1970 + 5 * (n - 3)


def period_of(title: str) -> int | None:
    """End year of the five-year plan a title names (第十五个五年规划纲要 → 2030), else None.

    >>> period_of("南屏市国民经济和社会发展第十五个五年规划纲要")
    2030
    """
    m = PERIOD_PLAN.search(title)
    return period_end(m.group(1) or m.group(2)) if m else None


def _set_kinds(nodes: list[Node], inherited: str, horizon: int | None) -> None:
    for node in nodes:
        title = node.title
        if (
            inherited == "review"
            or REPORT_HEAD.search(title)
            or (REVIEW_TITLE.search(title) and not PLAN_TITLE.search(title))
        ):
            node.kind = "review"  # everything under a review heading looks back
        elif PLAN_TITLE.search(title):
            node.kind = "plan"
        else:
            node.kind = inherited
        m = PERIOD.search(title)
        if m and not YEAR_LIKE.search(title) and node.kind == "plan":
            node.horizon = period_end(m.group(1))
        else:
            node.horizon = horizon
        _set_kinds(node.children, node.kind, node.horizon)


# -- plan year ----------------------------------------------------------------------------------------

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
THIS_YEAR_IS = re.compile(
    rf"(?:今年|明年)是[^。]{{0,40}}?[“\"]?十([{CN[:9]}])五[”\"]?[^。]{{0,20}}?(开局|起步|承上启下|攻坚|收官|决胜)"
)
# the title of a five-year plan: 第十五个五年规划纲要, “十五五”规划
PERIOD_PLAN = re.compile(rf"第十([{CN[:9]}])个五年(?:规划|计划)|[“\"]?十([{CN[:9]}])五[”\"]?(?:规划|计划)")
DATELINE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月")
# a covering notice (红头文件) above the plan it hands out, when the title block names no year: the document
# handed out (现将《2022年…工作要点》印发给你们 / 关于印发2022年…的通知), its dateline on a line of its own, its
# document number (〔2022〕8号)
HANDED_OUT_YEAR = re.compile(
    r"《\s*((?:19|20)\d\d)\s*年[^》\n]{2,60}》[^。\n]{0,30}印发|印发[《〈]?\s*((?:19|20)\d\d)\s*年[^。\n]{2,60}的通知"
)
DATE_LINE = re.compile(
    r"^[ \t\u3000]*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日[ \t\u3000]*$", re.M
)
DOC_NUMBER = re.compile(r"〔\s*((?:19|20)\d\d)\s*〕\s*\d{1,4}\s*号")
NOTICE_SPAN = 1500  # how far below the title block a covering notice is looked for


# 今年是贯彻落实党的二十大精神的开局之年: the year after a party congress
CONGRESS_OPENING = re.compile(
    r"(?:今年|明年)是[^。]{0,30}?党的([二十一二三四五六七八九]{2,3})大[^。]{0,12}?开局之年"
)
# “十五五”开局之年 in a heading or a sentence: the first year of that period
PERIOD_STAGE = re.compile(rf"[“\"]?十([{CN[:9]}])五[”\"]?(?:规划)?(?:的)?(开局|起步|收官)之年")
# 结合“十四五”规划编制工作: the next plan is being drafted, so this is the last year of the current period
PERIOD_DRAFTING = re.compile(rf"[“\"]?十([{CN[:9]}])五[”\"]?(?:规划)?(?:纲要)?(?:的)?(?:编制|前期研究)")
STAGES = {"开局": -4, "起步": -4, "承上启下": -2, "攻坚": -2, "收官": 0, "决胜": 0}


def congress_year(numeral: str) -> int:
    """The year of the Nth national party congress (held every five years since the 12th in 1982).

    >>> congress_year("二十")
    2022
    """
    return 1982 + 5 * (_cn_number(numeral) - 12)


def _cn_number(numeral: str) -> int:
    digits = "一二三四五六七八九"
    if "十" not in numeral:
        return digits.index(numeral) + 1
    tens, _, ones = numeral.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def infer_plan_year(text: str, body_start: int, outline: list[Node]) -> int | None:
    return plan_year_of(text, body_start, outline)[0]


def _notice_year(text: str, body_start: int) -> int | None:
    """The plan year a covering notice gives: the year of the document it hands out, else of its dateline (a
    notice of the year's last quarter that names the next year lays that year out), else of its number."""
    notice = text[: body_start + NOTICE_SPAN]
    m = HANDED_OUT_YEAR.search(notice)
    if m:
        return int(m.group(1) or m.group(2))
    m = DATE_LINE.search(notice)
    if m:
        year = int(m.group(1))
        late = int(m.group(2)) >= 10 and re.search(rf"{year + 1}\s*年", text[m.end() :])
        return year + 1 if late else year
    m = DOC_NUMBER.search(notice)
    return int(m.group(1)) if m else None


def plan_year_of(text: str, body_start: int, outline: list[Node]) -> tuple[int | None, bool]:
    """The year the plan is for, from the document itself: “今年是……之年” (a stage of a five-year plan, or the
    year after a party congress), else a year in the title block (a year-end dateline lays out the next year),
    else “十五五”开局之年 in a plan heading, else a year in a plan heading, else a five-year plan being drafted
    (the last year of the current one); None when the text does not say. The flag says the year was only read
    from a heading that does not say it lays out work (2015年全县地区生产总值…): in a text that reports results
    that is the year reported on.

    >>> infer_plan_year("今年是“十五五”开局之年，要加快发展。", 0, [])
    2026
    >>> infer_plan_year("今年是贯彻落实党的二十大精神的开局之年。", 0, [])
    2023
    """
    m = THIS_YEAR_IS.search(text)
    if m:  # “今年/明年是“十五五”开局之年” names the year outright, whatever the dateline
        return period_end(m.group(1)) + STAGES[m.group(2)], False
    m = CONGRESS_OPENING.search(text)
    if m:
        return congress_year(m.group(1)) + 1, False
    head = text[:body_start]
    years = [int(y) for y in YEAR.findall(head)]
    if years:
        year = max(years)
        # a year-end meeting (dateline in Q4) that lays out the next year's work: 安排部署2026年经济工作
        late = [int(mo) for y, mo in DATELINE.findall(head) if int(y) == year]
        if late and max(late) >= 10 and re.search(rf"{year + 1}\s*年", text[body_start:]):
            return year + 1, False
        return year, False
    notice = _notice_year(text, body_start)
    if notice:
        return notice, False
    p = period_of(text[:body_start] or text[:200])
    if p:
        return p - 4, False
    plan_titles = [n.title for node in outline for n in node.walk() if n.kind == "plan"]
    for title in plan_titles:
        m = PERIOD_STAGE.search(title)
        if m:
            return period_end(m.group(1)) + STAGES[m.group(2)], False
    years = [(int(y), bool(PLAN_TITLE.search(title))) for title in plan_titles for y in YEAR.findall(title)]
    if years:
        year = max(y for y, _ in years)
        return year, not any(planned for y, planned in years if y == year)
    m = PERIOD_DRAFTING.search(text, body_start)
    return (period_end(m.group(1)) - 5 if m else None), False


def date_sections(outline: list[Node], plan_year: int | None) -> None:
    """A heading's own year decides its section: “一、2025年主要工作” in a 2026 plan looks back, with all below it."""
    if not plan_year:
        return
    for node in outline:
        title = node.title
        for _, pattern in NUMBERED:
            m = pattern.match(title)
            if m:
                title = title[m.end() :]
                break
        own = (
            YEAR.match(title.strip()) if not re.search(r"[，,；;]", title) else None
        )  # not 由2025年的88%提高到…
        if node.kind == "plan" and own and int(own.group(1)) < plan_year:
            for n in node.walk():
                n.kind = "review"
        else:
            date_sections(node.children, plan_year)
