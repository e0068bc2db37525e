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
from pathlib import Path

from . import sentence_model, tense
from .cleanup import furniture_ranges, mask
from .loader import ExtractionError, load_text
from .model import Document, Node, Target, Task
from .outline import (
    PLAN_TITLE,
    build_outline,
    date_sections,
    header_end,
    period_end,
    period_of,
    plan_year_of,
)
from .tables import Row, find_tables
from .targets import DEADLINE, find_targets, fold_thousands
from .tasks import (
    ORDINAL,
    due_date,
    is_directive,
    is_lead_in,
    settle_items,
    task_confidence,
    task_deadline,
    task_title,
)
from .text import READING, fold_forms, mask_readings, paragraphs, sentences, strip_span, to_simplified
from .units import (
    ASSIGNMENT_FIELD,
    PERSON_FIELD,
    assigned_deadline,
    assigned_time,
    assigned_units,
    assignment_clauses,
    closing_assignment,
    find_units,
    item_parts,
    match_units,
    timeless_limit,
    trailing_assignment,
)

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

CLAUSE_MARK = re.compile(r"[，,；;]")
SENTENCE_MARK = re.compile(r"[。！？!?；;]")
HORIZON_YEAR = re.compile(r"(?:到|至)\s*((?:19|20)\d\d)\s*年")
YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
DROP_BELOW = 0.5  # a directive this unlikely to be a task (a maxim, pure attitude) is not proposed
HORIZON_PERIOD = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:时期|期间|末|规划期)")


def extract(text: str) -> Document:
    """Outline, tasks and targets of `text` (already decoded, e.g. by `load_text`)."""
    simplified = fold_forms(to_simplified(text))
    excluded = furniture_ranges(simplified)
    clean = fold_thousands(mask_readings(mask(simplified, excluded)))
    paras = paragraphs(clean)
    body_start = header_end(clean, paras)
    content_end = strip_span(clean, 0, len(clean))[1]
    table = find_tables(simplified, excluded)
    outline, heads = build_outline(clean, body_start, content_end, table.lines.keys())
    plan_year, heading_year = plan_year_of(clean, body_start, outline)
    date_sections(outline, plan_year)
    period = period_of(clean[:body_start])  # a five-year plan: its targets are for the period's end
    doc = Document(text=text, plan_year=plan_year, excluded=excluded, outline=outline)

    nodes = sorted((n for root in outline for n in root.walk()), key=lambda n: n.start)
    starts = [n.start for n in nodes]
    head_spans = {h.start: h.title_end for h in heads}
    planned = _planned_sections(outline)
    items = _items(clean, nodes, table)
    item_tasks: dict[str, Task] = {}
    past_document = tense.past_document(clean[:body_start])
    past_leaning = tense.past_leaning(clean[body_start:])
    # the year of a bulletin or a summary, or the year a results text names in a heading, is the year reported on
    # (a results text that declares no year reports on the latest year it names)
    year = (
        plan_year if plan_year is not None or not past_document else tense.reference_year(clean[body_start:])
    )
    reported = year is not None and (past_document or heading_year and past_leaning)
    ctx = tense.Context(
        plan_year=year + 1 if reported else plan_year or tense.reference_year(clean[body_start:]),
        current_year=year if reported else _current_year(clean[:body_start], plan_year),
        past_document=past_document,
        past_leaning=past_leaning,
        year_inferred=plan_year is None,
        relative_now=plan_year is None and bool(tense.RELATIVE_YEAR.search(clean, body_start)),
        progress=tense.progress_report(clean[body_start:]),
        latest_period=tense.latest_period(clean),
    )
    last_section = None
    for a, b in paras:
        row_task = None
        if a in table.lines:  # a table row: one task; its targets are looked for in its task cell
            if table.lines[a] is None:
                continue
            row_task = _row_task(doc, table.lines[a], _deepest(nodes, starts, a), text)
            a, b = table.lines[a].start, table.lines[a].end
        elif b <= body_start:
            continue
        carry = None  # a cue that governs a list joined by ；
        # a report goes on from paragraph to paragraph of one section until a goal or a heading says otherwise
        section = _deepest(nodes, starts, a)
        if row_task or section is not last_section or ctx.prior is None or ctx.prior.forward:
            ctx.prior = None
        elif not ctx.prior.inherited:  # weaker than the paragraph's own evidence
            ctx.prior = tense.Decision(False, ctx.prior.strength, ctx.prior.reason, inherited=True)
        else:  # reported two paragraphs back or more: weaker still
            ctx.prior = tense.Decision(False, 1, ctx.prior.reason, inherited=True)
        last_section = section
        for s, e in sentences(clean, a, b):
            node = _deepest(nodes, starts, s)
            item = items.get(node.id) if node is not None and row_task is None else None
            if item is not None and node.kind != "review" and node.id not in item_tasks:
                item_tasks[node.id] = _item_task(doc, node, item, text)
            heading = s in head_spans and e <= head_spans[s] + 2
            numbering = ORDINAL.match(clean[s:e])  # 1. / 一是 / 第一， / 首先，
            if heading and not CLAUSE_MARK.search(clean, s + (numbering.end() if numbering else 0), e - 1):
                if not (numbering and find_targets(clean, s + numbering.end(), e)):
                    continue  # the heading itself; a numbered item with a quantity (1.改建照护床位220张) is read
            part = _part_at(item, s, e) if item is not None else None
            if item is not None and s >= item["end"] and part is None:
                continue  # 牵头单位：… / 完成时限：…
            if node is not None and node.kind == "review":
                carry = None
                continue
            if heading and numbering:  # a heading that is a whole sentence: 1.新建幼儿园6所，新增学位1800个。
                s += numbering.end()
            sentence = clean[s:e]
            ctx.section = (
                None if node is None else node.kind if node.kind == "review" or node.id in planned else "part"
            )
            ctx.directive = is_directive(sentence) and not heading
            # a table's task cell says what is to be done, whatever the progress column beside it says
            found = find_targets(clean, s, e)
            if not (found or ctx.directive or tense.may_govern(clean, s, e)):
                carry = None
                continue  # nothing to decide, and nothing that decides for the sentences after it
            parts = tense.clauses(clean, s, e, ctx.for_task_cell() if row_task else ctx, carry)
            carry = _carry(parts) if clean[e - 1 : e] in "；;：:" else None
            ctx.prior = tense.paragraph_prior(parts, ctx.prior)
            targets = []
            score = None  # the sentence model's score of the sentence, worked out once when needed
            for target in found:
                decision = tense.decision_at(parts, target.start) or tense.default(ctx)
                if decision.strength <= 1 and not row_task and decision.reason not in tense.STRUCTURAL:
                    score = sentence_model.score(clean[s:e]) if score is None else score
                    decision = _model_decision(decision, score)  # the rules have nothing strong to say
                if decision.forward:
                    target.confidence = decision.confidence
                    target.reason = ("承上文：" if decision.inherited else "") + decision.reason
                    targets.append(target)
            horizon = _horizon(node, sentence, period or plan_year)
            if plan_year and horizon and horizon < plan_year:
                targets = []  # “十四五”期间… in a 2026 plan: a period already over, so a result
            directive = ctx.directive and not _looks_back(parts)
            if not (directive or targets):
                continue
            task = row_task or (
                (part["task"] if part else item_tasks[node.id])
                if item is not None
                else _task(doc, node, s, e, text, len(targets), b)
            )
            if task is None:
                continue  # a maxim or an exhortation, with no target: not proposed
            for target in targets:
                target.text = text[target.start : target.end]
                target.task_id = task.id
                target.horizon = horizon
                if target.deadline is None and item is not None:
                    target.deadline = item["deadline"] or None
                doc.targets.append(target)
    settle_items(doc, clean)
    _keep_assigned(doc, items, table)
    return doc


HANDED_OUT = re.compile(r"《([^》\n]{4,60})》[^。\n]{0,30}印发")
ASSIGNMENT_TITLE = re.compile(
    "|".join(
        w.strip()
        for w in (Path(__file__).parent / "data" / "assignment_titles.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if w.strip() and not w.startswith("#")
    )
)


def _keep_assigned(doc: Document, items: dict[str, dict], table) -> None:
    """In a 分工方案 (items or table rows that name their units) the ledger is its assigned
    items: a sentence that names no unit (the notice's 各地各部门要…, goals listed without an assignment)
    is not proposed as a task; its targets stay, without a task."""
    rows = {(r.start, r.end) for r in table.rows}
    structural = {t.id for t in doc.tasks if t.node_id in items or (t.start, t.end) in rows}
    assigned = sum(1 for t in doc.tasks if t.id in structural and (t.lead_units or t.co_units))
    top = to_simplified(doc.text[:800])
    titled = (
        any(  # a title line near the top (not a numbered heading: （一）推进责任清单公开): …任务分工方案, …责任分解
            len(line) <= 60
            and not line.rstrip().endswith(("。", "；", "："))
            and not ORDINAL.match(line.strip())
            and ASSIGNMENT_TITLE.search(line)
            for line in top.splitlines()
        )
        or any(  # or a notice that hands one out: 《2021年县政府重点工作任务分解》……现印发给你们
            ASSIGNMENT_TITLE.search(name) for name in HANDED_OUT.findall(top)
        )
    )
    mostly = assigned * 3 >= len(doc.tasks) * 2  # a short list whose items nearly all name their units
    # or a list whose items from the first assigned one on nearly all name their units: what comes before
    # it (the plan's preface, its goals stated without an assignment) is no task of the list
    listed = min(
        (t.start for t in doc.tasks if t.id in structural and (t.lead_units or t.co_units)), default=-1
    )
    mostly = mostly or assigned * 3 >= sum(1 for t in doc.tasks if 0 <= listed <= t.start) * 2 > 0
    if titled:
        # an assignment document's covering notice (各牵头单位要…, 督查室要…报送) comes before its list, and is all
        # there is when the list is cut off or kept in an annex: its sentences are not tasks, whoever they name
        first = min((t.start for t in doc.tasks if t.id in structural), default=len(doc.text))
        notice = {
            t.id
            for t in doc.tasks
            if t.id not in structural and t.start < first and (not structural or NOTICE_WORDS.search(t.text))
        }
        doc.tasks = [t for t in doc.tasks if t.id not in notice]
        for target in doc.targets:
            if target.task_id in notice:
                target.task_id = None
    if (
        not assigned
        or not titled
        and not (assigned >= 2 and mostly)
        and (assigned < 3 or assigned * 3 < len(doc.tasks))
    ):
        return  # a report or speech that assigns a few of its tasks: the others stay
    # a heading that only assigns the work listed under it is not a task of its own
    titles = {n.id: n.title for n in doc.nodes()}
    passed_on = {item["from"] for item in items.values() if "from" in item}
    dropped = {
        t.id for t in doc.tasks if t.node_id in passed_on and t.end - t.start <= len(titles[t.node_id]) + 2
    }
    dropped |= {t.id for t in doc.tasks if t.id not in structural and not (t.lead_units or t.co_units)}
    closing = {n.id for root in doc.outline for n in _closing_sections(root)}
    dropped |= {t.id for t in doc.tasks if t.id not in structural and t.node_id in closing}
    doc.tasks = [t for t in doc.tasks if t.id not in dropped]
    for target in doc.targets:
        if target.task_id in dropped:
            target.task_id = None


CLOSING_TITLE = re.compile("|".join(tense.words("closing_titles.txt")))
# what a covering notice asks of the units about the list itself: to report on it, to be supervised and assessed
NOTICE_WORDS = re.compile("|".join(tense.words("notice_words.txt")))


def _closing_sections(node: Node, inside: bool = False):
    """The nodes of the sections that say how the work is to be carried out (三、工作要求), and all below them."""
    inside = inside or bool(CLOSING_TITLE.search(node.title))
    if inside:
        yield node
    for child in node.children:
        yield from _closing_sections(child, inside)


def _current_year(title_block: str, plan_year: int | None) -> int | None:
    """The year a document speaks in when it lays out the next one (a dateline in 2025 for a 2026 plan)."""
    years = [int(y) for y in YEAR_IN.findall(title_block)]
    return max(years) if years and plan_year and max(years) < plan_year else None


def _planned_sections(outline: list[Node], inherited: bool = False, out: set | None = None) -> set[str]:
    """Ids of the sections that say they lay out work (a heading with 任务/目标/安排…, or one below it); other
    sections are only numbered parts and leave the decision to the text."""
    out = set() if out is None else out
    for node in outline:
        # (a title that measures work against the plan, 完成里程1445公里，为年计划的48.2%, reports, it plans nothing)
        named = node.kind == "plan" and PLAN_TITLE.search(node.title) and not tense.measures_plan(node.title)
        explicit = inherited or bool(named)
        if explicit:
            out.add(node.id)
        _planned_sections(node.children, explicit, out)
    return out


def _model_decision(decision: tense.Decision, score: float) -> tense.Decision:
    """The sentence model's reading where it is sure of it (extractor/sentence_model.py), else the rules'. The
    caller leaves out what the document's structure or the sentence's syntax decided (tense.STRUCTURAL: a heading,
    a title, a sentence that opens with a verb of doing): the model does not overrule it."""
    if decision.forward and score > sentence_model.PAST_AT:
        return tense.Decision(False, 1, "句子模型：回顾")
    if not decision.forward and decision.strength == 0 and score < sentence_model.FORWARD_AT:
        return tense.Decision(True, 1, "句子模型：部署")
    return decision


def _carry(parts) -> tense.Decision | None:
    strong = [d for _, _, d in parts if d.strength >= 2 and not d.local]
    return strong[-1] if strong else None


def _looks_back(parts) -> bool:
    """A sentence whose first clause is decided past by its own or inherited evidence."""
    decided = [d for _, _, d in parts if d.strength > 0]
    return bool(decided) and not decided[0].forward and not any(d.forward for d in decided)


def _items(text: str, nodes: list[Node], table=None) -> dict[str, dict]:
    """The 工作要点 items: sections whose own text (before any sub-heading) carries an assignment
    (牵头单位：… 责任单位：… 完成时限：…), or ends with one in brackets (（A牵头，B配合）). Each becomes
    one task; `end` is where its assignment starts. Sections inside a task table are its rows' business."""
    out = {}
    for node in nodes:
        if table is not None and table.covers(node.start):
            continue
        own_end = node.children[0].start if node.children else node.end
        fields = list(ASSIGNMENT_FIELD.finditer(text, node.start, own_end))
        if not fields:
            own = strip_span(text, node.start, own_end)[1]
            found = closing_assignment(text, node.start, own) or assignment_clauses(text, node.start, own)
            body_end = strip_span(text, node.start, found[0])[1] if found else node.start
            while body_end > node.start and text[body_end - 1] in "，,":
                body_end -= 1
            line_end = text.find("\n", node.start, own)
            if not found and line_end > 0:
                # the heading line carries the assignment, （二）深化改革（市委改革办牵头）, and the text under it the work
                found = trailing_assignment(text, node.start, strip_span(text, node.start, line_end)[1])
                body_end = own
            if found and body_end > node.start:
                # 1.…目录。〔A牵头，B参与〕按省的要求…。（C牵头）: each assignment closes a task of its own
                head, *parts = item_parts(text, node.start, body_end, found, own)
                bracket = text[head["bracket"][0] : head["bracket"][1]]
                deadline = _limit(bracket, text[node.start : head["end"]])
                out[node.id] = {**head, "deadline": deadline, "parts": parts}
            continue
        cut = fields[0].start()
        person = PERSON_FIELD.search(text, node.start, cut)
        cut = person.start() if person and person.start() > node.start else cut
        while cut > node.start and text[cut - 1] in "（(【[ \t\u3000":
            cut -= 1
        body_end = strip_span(text, node.start, cut)[1]
        if body_end <= node.start:
            continue
        block = tense.READING_GAP.sub("", text[cut:own_end])  # 责    任单位 (a masked reading) is 责任单位
        leads, cos = assigned_units(block)
        item = {"end": body_end, "leads": leads, "cos": cos, "deadline": assigned_deadline(block)}
        item["phrase"] = assigned_time(block)  # as written, also 长期坚持
        out[node.id] = item
    _whole_items(text, nodes, out)
    # the work listed under an assigned heading, （一）稳增长（市发改委牵头） then 1. 2. …: each an item
    for node in nodes:
        if node.id not in out or "from" in out[node.id]:
            continue
        for leaf in node.walk():
            if leaf.children or leaf.id in out or (table is not None and table.covers(leaf.start)):
                continue
            end = strip_span(text, leaf.start, leaf.end)[1]
            deadline = task_deadline(text[leaf.start : end]) or out[node.id].get("phrase") or None
            out[leaf.id] = {"end": end, "leads": out[node.id]["leads"], "cos": out[node.id]["cos"]}
            out[leaf.id].update(deadline=deadline, phrase=deadline, **{"from": node.id})
    return out


def _limit(bracket: str, body: str) -> str | None:
    """An item's time limit: in its assignment's bracket, else in its own text."""
    return task_deadline(bracket) or timeless_limit(bracket) or task_deadline(body)


def _part_at(item: dict, s: int, e: int) -> dict | None:
    """The later part of a split item (see `_items`) that the sentence text[s:e] belongs to, if any."""
    for part in item.get("parts", ()):
        if s < part["end"] and e > part["start"]:
            return part
    return None


SUB_ITEM = re.compile(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[）)]|\d{1,2}[\.．、](?!\d)|[①-⑳])")


def _whole_items(text: str, nodes: list[Node], out: dict[str, dict]) -> None:
    """An item whose sub-items （1）…（4） are followed by one assignment on a line of its own is one task,
    the whole item: the assignment read after the last sub-item is the item's, and its sub-items share it."""
    for node in nodes:
        subs = node.children
        if node.id in out or len(subs) < 2 or not all(SUB_ITEM.match(c.title) for c in subs):
            continue
        below = [n for n in node.walk() if n is not node]
        last = out.get(below[-1].id)
        if last is None or "from" in last or any(n.id in out for n in below[:-1]):
            continue
        if not re.match(r"[ \t\u3000]*\n", text[last["end"] : last["end"] + 8]):
            continue  # the assignment closes the last sub-item's own line: it is that sub-item's
        item = {**last, "node": node}
        out[node.id] = item
        for n in below:
            out[n.id] = item


def _item_task(doc: Document, node: Node, item: dict, text: str) -> Task:
    """One task for a whole 工作要点 item: its heading as the title, its units and time limit. Sub-items
    that share their item's assignment share its task."""
    if "task" in item:
        return item["task"]
    node = item.get("node", node)
    start, end = node.start, item["end"]
    body = text[start:end]
    title = task_title(node.title) or task_title(body)
    own = DEADLINE.search(body)
    written = text[start : node.end]
    local = _local(doc, written)
    deadline = (
        item.get("phrase") or item["deadline"] or (own.group(0) if own and item["deadline"] is None else None)
    )
    task = _new_task(doc, node, (start, end, body), title, item, deadline, (written, local))
    item["task"] = task
    for part in item.get("parts", ()):
        body = text[part["start"] : part["end"]]
        deadline = _limit(text[part["bracket"][0] : part["bracket"][1]], body)
        span = (part["start"], part["end"], body)
        part["task"] = _new_task(doc, node, span, task_title(body), part, deadline, (written, local))
    return task


def _new_task(doc: Document, node: Node, span, title: str, item: dict, deadline, texts) -> Task:
    """A plan task over span = (start, end, its text), with the item's units as `written` shows them."""
    (start, end, body), (written, local) = span, texts
    task = Task(
        id=f"t{len(doc.tasks) + 1}",
        node_id=node.id,
        title=title,
        text=body,
        start=start,
        end=end,
        kind="plan",
        lead_units=_written(item["leads"], written, local),
        co_units=_written(item["cos"], written, local),
        deadline=_written([deadline], written, local)[0] if deadline else None,
        due=due_date(deadline, doc.plan_year),
    )
    doc.tasks.append(task)
    return task


def _deepest(nodes: list[Node], starts: list[int], pos: int) -> Node | None:
    i = bisect.bisect_right(starts, pos) - 1
    while i >= 0:
        if nodes[i].start <= pos < nodes[i].end:
            return nodes[i]
        i -= 1
    return None


NEXT_BRACKET = re.compile(r"\s*[（(【\[〔][^（()）【】\[\]〔〕]*[）)】\]〕]")


def _task(
    doc: Document, node: Node | None, s: int, e: int, text: str, targets: int = 0, para_end: int = 0
) -> Task | None:
    sentence = text[s:e]
    written = text[s : max(e, para_end)]
    local = _local(doc, written)  # cue words are read in simplified
    n = e - s
    leads, cos = find_units(local[:n])
    # an assignment in brackets at the end of the sentence, or right after it: …。（A牵头，B配合）6月底前完成。
    found, after = trailing_assignment(local, 0, n), NEXT_BRACKET.match(local, n)
    if found is None and after:
        found = trailing_assignment(local, n, after.end())
        found = found if found and not local[n : found[0]].strip() else None
    if found is not None and (found[1] or found[2]):
        leads, cos = found[1], found[2]
    leads, cos = _written(leads, written, local), _written(cos, written, local)
    deadline = task_deadline(sentence)
    if deadline is None and found is not None:  # （牵头单位：A；完成时限：6月底前）
        rest = local[found[0] :]
        # a limit written without a date, or after the bracket, in the sentence the bracket closes: …）年内完成。
        upto = local.find("。", after.end()) if after else n
        deadline = (
            assigned_time(rest) or task_deadline(rest) or timeless_limit(local[found[0] : max(upto, n)])
        )
    # the first sentence under a heading that has sub-headings sums the section up: 坚持农业农村优先发展，…
    opening = node and not SENTENCE_MARK.search(text, node.start + len(node.title) + 1, s)
    overview = bool(node.children and s < node.children[0].start and opening) if node else bool(doc.outline)
    confidence = task_confidence(
        mask_readings(local[:n]),  # read in simplified script, printed pinyin readings masked
        units=bool(leads or cos),
        targets=targets,
        deadline=bool(deadline),
        overview=overview,
        lead_in=is_lead_in(text, s, e, para_end),
    )
    if confidence < DROP_BELOW and not targets:
        return None
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
        deadline=deadline,
        due=due_date(deadline, doc.plan_year),
        confidence=confidence,
    )
    doc.tasks.append(task)
    return task


def _row_task(doc: Document, row: Row, node: Node | None, text: str) -> Task:
    """One task for a row of a task table: the task cell's text, the units and time limit of its columns."""
    body = text[row.start : row.end]
    written = text[row.start : row.end + 600]  # the row's other cells follow its task cell
    local = _local(doc, written)
    task = Task(
        id=f"t{len(doc.tasks) + 1}",
        node_id=node.id if node else None,
        title=task_title(body),
        text=body,
        start=row.start,
        end=row.end,
        kind="plan",
        lead_units=_written(row.leads, written, local),
        co_units=_written(row.cos, written, local),
        deadline=_written([row.deadline], written, local)[0] if row.deadline else None,
        due=due_date(row.deadline, doc.plan_year),
    )
    doc.tasks.append(task)
    return task


def _local(doc: Document, written: str) -> str:
    """The text the units and cue words of `written` are read in: simplified script, ordinary punctuation."""
    return fold_forms(to_simplified(written) if _traditional(doc) else written)


def _traditional(doc: Document) -> bool:
    """Whether the document is written in traditional script (decided once per document)."""
    known = doc.__dict__.get("_traditional")
    if known is None:
        sample = doc.text[:20000]
        known = doc.__dict__["_traditional"] = to_simplified(sample) != sample
    return known


def _written(names: list[str], written: str, simplified: str) -> list[str]:
    """Unit names read in the simplified text, as the document writes them (市政府辦公室); a name that is
    not there verbatim (a level carried over: 市商务局) stays as it is."""
    if written is simplified:
        return names
    out = []
    for name in names:
        i = simplified.find(name)
        if i < 0 and READING.search(simplified):  # 建设厅 written 建設(shè)廳: the name with its readings
            reading = f"(?:{READING.pattern})?"
            spread = re.search(reading.join(map(re.escape, name)) + reading, simplified)
            out.append(written[spread.start() : spread.end()] if spread else name)
            continue
        out.append(written[i : i + len(name)] if i >= 0 else name)
    return out


def _horizon(node: Node | None, sentence: str, default: int | None) -> int | None:
    m = HORIZON_YEAR.search(sentence)
    if m:
        return int(m.group(1))
    m = HORIZON_PERIOD.search(sentence) if "五" in sentence else None
    if m:
        return period_end(m.group(1))
    if node is not None and node.horizon:
        return node.horizon
    return default
