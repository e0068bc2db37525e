"""Responsible units named in a sentence, and matching those mentions to a unit tree.

>>> find_units("请市住建局、商务局牵头组织好房交会。")
(['市住建局', '商务局'], [])
>>> find_units("县委改革办要聚焦重点改革任务。")
(['县委改革办'], [])
>>> find_units("由市发改委牵头，市财政局、自然资源局配合。")
(['市发改委'], ['市财政局', '自然资源局'])
>>> assigned_units("牵头单位：区行政审批局\\n责任单位：区发改局、区市场监管局、区直各有关部门")
(['区行政审批局'], ['区发改局', '区市场监管局', '区直各有关部门'])
>>> assigned_units("（责任单位：县财政局（牵头）、县税务局）")
(['县财政局'], ['县税务局'])
>>> match_units(["市住建局", "发改委"], ["市住房和城乡建设局", "市发展和改革委员会"])
{'市住建局': '市住房和城乡建设局', '发改委': '市发展和改革委员会'}
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SUFFIX = r"(?:委员会|办公室|领导小组|工作专班|指挥部|管委会|委会|督查室|局|委|办|厅|部|院|中心|公司|集团|政府|街道|队|站|所|社|会|联|室)"
UNIT = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,3}}?(?:省|市|县|区|州))?[\u4e00-\u9fff]{{1,10}}?{SUFFIX}$")
GENERIC = re.compile(
    r"^(各|有关|相关|其他|所有|全体|本|该|我|其)|^(部门|单位|大会|全会|会议|社会|协会|委员会)$"
)
LEAD_MARK = re.compile(
    r"(?:也|还|都|要|分别|会同[^，。；]{1,30}?)?(?:牵头|负责|抓总|主抓)|(?:也|还|都|一定)?要(?!求)"
)
CO_MARK = re.compile(r"(?:配合|协助|参与|协同|共同)")
SENTENCE_SPLIT = re.compile(r"[。；;！？]")
PART_SPLIT = re.compile(r"[，,：:]")
TOGETHER_WITH = re.compile(r"会同([^，。；]{2,40}?)(?:牵头|负责|共同|抓|做好|推进|开展)")
MARK_CHARS = re.compile(
    r"牵头|负责|抓总|主抓|要|配合|协助|参与|协同|共同"
)  # every match of either mark has one
SPLIT = re.compile(r"[、，,]|和|及|与|以及")

# common short forms in unit names: a mention matches a name when the short form replaced by the long one is equal
ABBREVIATIONS = {
    "发改": "发展和改革",
    "住建": "住房和城乡建设",
    "人社": "人力资源和社会保障",
    "卫健": "卫生健康",
    "工信": "工业和信息化",
    "科技": "科学技术",
    "文旅": "文化和旅游",
    "文广旅": "文化广电和旅游",
    "市场监管": "市场监督管理",
    "交通": "交通运输",
    "应急": "应急管理",
    "医保": "医疗保障",
    "林草": "林业和草原",
    "自然资源": "自然资源",
    "生态环境": "生态环境",
    "环保": "生态环境",
    "农业": "农业农村",
    "农业农村": "农业农村",
    "城管": "城市管理",
    "国资": "国有资产监督管理",
    "政数": "政务服务和数据管理",
    "退役军人": "退役军人事务",
    "改革办": "全面深化改革委员会办公室",
    "深改办": "全面深化改革委员会办公室",
    "深改": "全面深化改革",
    "安委": "安全生产委员",
    "编办": "机构编制委员会办公室",
}
SUFFIX_LONG = {"委": "委员会", "办": "办公室", "委会": "委员会"}


def _items(subject: str) -> list[str]:
    """Split 市住建局、商务局 into names, as written (the review screen maps 商务局 to the unit tree)."""
    subject = re.sub(r"^(请|由|要求|责成|建议)", "", subject.strip())
    names = [s for s in SPLIT.split(subject) if s]
    if not names or not all(UNIT.match(n) and not GENERIC.search(n) and len(n) <= 16 for n in names):
        return []
    return names


def find_units(sentence: str) -> tuple[list[str], list[str]]:
    """Lead and co-operating units mentioned as the doers of a sentence (each list in order, no repeats)."""
    leads: list[str] = []
    cos: list[str] = []
    if not MARK_CHARS.search(sentence):
        return leads, cos  # no mark of a lead or a co-operating unit: most sentences, decided at once
    for clause in SENTENCE_SPLIT.split(sentence):
        for part in PART_SPLIT.split(clause):
            m = LEAD_MARK.search(part)
            if m and m.start() > 0:
                leads += _items(part[: m.start()])
            c = CO_MARK.search(part)
            if c and c.start() > 0:
                cos += _items(part[: c.start()])
            if m:
                for g in TOGETHER_WITH.finditer(part):
                    cos += _items(g.group(1))
    leads = list(dict.fromkeys(leads))
    return leads, [c for c in dict.fromkeys(cos) if c not in leads]


# the assignment of a 工作要点 item, on lines of its own or in brackets after it:
# 牵头单位：区发改局；责任单位：区财政局、区税务局；完成时限：2026年6月底前
UNIT_KEY_ROLE = r"牵头|主办|主责|责任|承办|负责|落实|实施|配合|协办|参与|协同|协作|协助"
# the names of a time-limit field, 完成时限 / 办结时限 / 推进时限 / 时间要求 (the same words head a table's time column)
TIME_KEYS = tuple(
    sorted(
        (
            w.strip()
            for w in (DATA / "table_deadline_headers.txt").read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")
        ),
        key=len,
        reverse=True,
    )
)
# a two-character name (时间：, 时限：) only where no word runs into it: 发布时间： is page furniture
_TIME_KEY = "|".join(
    re.escape(k) if len(k) > 2 else rf"(?<![\u4e00-\u9fff]){re.escape(k)}" for k in TIME_KEYS
)
_TIME_START = "".join(sorted({k[0] for k in TIME_KEYS}))
ASSIGNMENT_FIELD = re.compile(
    rf"(?=[【〔主其具牵责承负落实配协参{_TIME_START}])"  # the first characters, for speed
    rf"(?P<open>[【〔])?(?:主要|其他|具体)?(?P<key>牵头责任单位|责任主体|(?:{UNIT_KEY_ROLE})(?:单位|部门|科室|处室)"
    # a bare role as the label, not after a word: （主办：县住建局；协办：县财政局）
    r"|(?<![\u4e00-\u9fff])(?:牵头|主办|主责|协办|配合|协同|参与)(?=\s*[：:])"
    rf"|{_TIME_KEY})"
    # 牵头单位：, 牵头单位（部门）：, 【牵头单位】
    r"(?(open)[】〕]\s*[：:]?|(?:[（(](?:单位|部门|科室|处室)[）)])?\s*[：:])\s*(?P<value>(?:[^；;\n（(]|(?<=[、，,])\n|[（(][^（()）\n]*[）)])*?)[\s。]*"
    rf"(?=[；;]|(?<![、，,])\n|[，,]\s*(?:牵头|责任|配合|协办|参与|协同|完成|时间|时限|{_TIME_KEY})"
    rf"|[【〔](?:主要|其他)?(?:牵头|责任|配合|协办|参与|协同|完成|时间|时限|{_TIME_KEY})"
    rf"|\s+(?:牵头|主办|责任|承办|负责|落实|实施|配合|协办|参与|协同|协作|协助|完成|时间|时限|{_TIME_KEY})[^：:\n\s]{{0,6}}[：:]"
    r"|[）)\]】〕]?\s*$|[）)\]】〕]\s*[\n；;。，,]|$)"
)
LEAD_KEYS = tuple(
    f"{r}{n}" for r in ("牵头", "主办", "主责") for n in ("", "单位", "部门", "科室", "处室")
) + ("牵头责任单位",)
CO_KEYS = tuple(
    f"{r}{n}"
    for r in ("配合", "协办", "参与", "协同", "协作", "协助")
    for n in ("", "单位", "部门", "科室", "处室")
)
# a person named beside an assignment (责任领导：张三): not a unit, but where the item's own text ends
PERSON_FIELD = re.compile(r"(?:(?:责任|牵头|分管|联系)(?:市|县|区)?领导|责任人|联系人)\s*[：:]")


def _words(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return sorted((w.strip() for w in lines if w.strip() and not w.startswith("#")), key=len, reverse=True)


def _alternation(name: str) -> str:
    return "|".join(re.escape(w) for w in _words(name))


# an unnamed collective: 各有关部门, 市直相关单位, 其他成员单位, 各部门 (kept as written when listed in an
# assignment: the ledger assigns to them; not a second name in brackets)
COLLECTIVE = re.compile(
    rf"(?:{_alternation('unit_collectives.txt')}).*(?:{_alternation('unit_collective_nouns.txt')})$"
    rf"|^各?(?:{_alternation('unit_collective_nouns.txt')})$|按职责|分工负责"
)
# what is left of a list entry that is only a role or a bare noun: 按职责分工负责, 部门, 单位 — no unit
ROLE_ONLY = re.compile(rf"^(?:按照?职[责能]|分工负责|(?:{_alternation('unit_collective_nouns.txt')})$)")
LEAD_WORD = re.compile(rf"(?:{_alternation('unit_lead_marks.txt')})$")
CO_WORD = re.compile(rf"(?:{_alternation('unit_co_marks.txt')})$")
RESPONSIBLE_WORD = re.compile(rf"(?:分别|共同)?(?:{_alternation('unit_responsible_marks.txt')})$")
BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]$")
# a unit with a second name in brackets, 市发改委(市粮食局): one unit; the bracket ends like a unit name
SECOND_NAME = re.compile(rf"^[\u4e00-\u9fff]{{2,20}}{SUFFIX}$")
# a place in brackets names where the unit is, and so is part of its name: 高新园(邹区镇), 管委会(某街道)
PLACE_NAME = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:镇|乡|街道|开发区|新区|园区|园|村|社区)$")
# a collective's bracketed second level names more units of the list, 各街道(功能区), 各镇(街道), 各部门(单位)
LEVEL_QUALIFIER = re.compile(r"^[\u4e00-\u9fff、]{0,6}(?:区|县|市|镇|乡|街道|园|管委会|办事处|部门|单位)$")
# a note inside an assignment: （A、B负责，列第一位者为牵头单位，下同）, 〔…负责。具体任务均涉及各市，不再做分工，下同。〕
NOTE = re.compile(_alternation("unit_note_cues.txt"))
NOTE_CLAUSE = re.compile(rf"[，,；;]?[^，,；;。（()）]*(?:{NOTE.pattern})[^，,；;。（()）]*")
# units that share out a task by their duties with no lead named: the first listed leads
DIVIDED = re.compile(r"(?:按照?职[责能])?分工负责$|按照?职责负责$")
LEVELS = "省市县区州旗乡镇"
LIST_SPLIT = re.compile(r"[、，,/；;]|\s")
AND_BETWEEN_UNITS = re.compile(rf"({SUFFIX})和(?=[\u4e00-\u9fff]{{2}})")


LEVEL_NOUNS = frozenset(_words("unit_level_nouns.txt"))


def split_list(value: str) -> list[str]:
    """Split a list of names on 、，/ and spaces, but not inside brackets: 市委宣传部（市新闻办、市网信办）."""
    parts, depth, cur = [], 0, []
    value = re.sub(
        r"以及|及(?=[\u4e00-\u9fff]{2})", "、", value
    )  # 市级各部门及各县区政府; never inside a name
    # 市发改委和市财政局: 和 after a unit's last word joins two units (住房和城乡建设局 is one name)
    value = AND_BETWEEN_UNITS.sub(r"\1、", value)
    for ch in value:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and LIST_SPLIT.match(ch):
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    out: list[str] = []
    for part in (p.strip() for p in parts):
        # 各县、市、区政府: levels listed inside one name
        if part and out and len(out[-1]) <= 4 and out[-1][-1] in LEVELS and part[0] in LEVELS:
            out[-1] += "、" + part
        elif part and out and out[-1].startswith("各") and len(out[-1]) <= 5 and part in LEVEL_NOUNS:
            out[-1] += "、" + part  # 各平台、镇街: the 各 covers both levels, one collective
        elif part:
            out.append(part)
    return out


# 区税务局等有关部门参加: the listed unit, not the group the list trails off into
TRAILING_ETC = re.compile(r"等(?:(?:有关|相关|其他|其它)?(?:单位|部门|成员单位))?$")


def unit_name(part: str) -> tuple[str, bool]:
    """One listed unit as written, and whether it is marked as the lead: 市财政局（牵头） → ('市财政局', True);
    市发改委(市粮食局) and collectives (区直各有关部门) stay as written; a bare role (按职责分工负责) gives ''."""
    part = re.sub(r"^(?:由|请|责成)", "", part.strip(" \t\u3000：:。．.，,"))
    lead = False
    m = BRACKETED.search(part)
    while m:
        inner = m.group(1).strip()
        if (SECOND_NAME.match(inner) or PLACE_NAME.match(inner)) and not COLLECTIVE.search(inner):
            break  # a second name of the same unit, or its place
        if (
            part.startswith("各")
            and LEVEL_QUALIFIER.match(inner)
            and not re.search(r"牵头|主责|抓总|负责", inner)
        ):
            break  # 各街道(功能区): the collective's second level, part of its name
        lead = lead or bool(re.fullmatch(r"总?牵头(?:单位|部门)?|抓总|主责", inner))
        part = part[: m.start()].rstrip()
        m = BRACKETED.search(part)
    part = TRAILING_ETC.sub("", part).strip()
    for word in (LEAD_WORD, CO_WORD, RESPONSIBLE_WORD):
        stripped = word.sub("", part)
        if stripped != part and len(stripped) >= 2:
            lead = lead or word is LEAD_WORD
            part = TRAILING_ETC.sub("", re.sub(r"(?:分别|共同)$", "", stripped)).strip()
            break
    if len(part) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", part) or part in ("暂无", "待定"):
        return "", lead
    if ROLE_ONLY.search(re.sub(r"[（(][^）)]*[）)]", "", part)):
        return "", lead
    return part, lead


def _unit_list(value: str) -> list[str]:
    """区发改局、区财政局等 → names as written (collectives such as 区直各有关部门 included)."""
    return [n for n in (unit_name(p)[0] for p in split_list(value)) if n]


def parse_assignment(text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(leads, co-units, responsible units, units marked （牵头）) of an assignment written in any of the
    usual ways: 牵头单位：A；配合单位：B, A牵头，B、C配合, A、B分别牵头, A、B负责, or a bare list A、B."""
    leads: list[str] = []
    cos: list[str] = []
    responsible: list[str] = []
    marked: list[str] = []
    text = _drop_notes(_trim(text))
    divided: list[str] = []
    fields = list(ASSIGNMENT_FIELD.finditer(text))
    if fields:
        chunks = [(_field_key(m), m.group("value")) for m in fields]
    else:
        chunks = [("", c) for c in re.split(r"[；;，,。]", text)]
    for key, value in chunks:
        if key in TIME_KEYS:
            continue
        value = _trim(value)
        bare = re.sub(r"(?:等|分别|共同)?(?:单位|部门)?$", "", value)
        if key:
            bucket = leads if key in LEAD_KEYS else cos if key in CO_KEYS else responsible
        else:
            bucket = leads if LEAD_WORD.search(bare) else cos if CO_WORD.search(bare) else responsible
        if re.search(r"(?:分别|共同)(?:牵头|负责)$", bare):
            bucket = leads  # 市人社局、市农业农村局分别牵头: each leads
        names = []
        for part in split_list(value):
            name, lead = unit_name(part)
            if name and not key and (DATE_LIKE.search(name) or TIMELESS.match(name)):
                continue  # （市人社局负责，2027年底前完成 / 长期坚持）: the time limit, not a unit
            if name:
                names.append(name)
                if lead and bucket is responsible:
                    marked.append(name)
        bucket.extend(names)
        if not key and bucket is cos and DIVIDED.search(bare):
            divided.extend(names)
    if divided and not leads and not responsible:
        # （A、B、C按职责分工负责）: no lead named, so these are the responsible units and the first leads
        cos = [c for c in cos if c not in divided]
        responsible = divided
    return leads, cos, responsible, marked


def _field_key(m: re.Match) -> str:
    """The role a field names: 主要责任单位 is the lead (牵头单位), 其他责任单位 the co-operating units."""
    key = m.group("key")
    if key.startswith("责任") and m.group(0).startswith(("主要", "其他")):
        return ("牵头" if m.group(0).startswith("主要") else "配合") + key[2:]
    return key


def _drop_notes(text: str) -> str:
    """An assignment without the notes written into it: a later sentence that is a note goes whole
    (…负责。具体任务均涉及各市，不再做分工，下同。), a note clause after the list goes alone (，下同)."""
    if not NOTE.search(text):
        return text
    sentences = re.split(r"(?<=。)", text)
    text = "".join([sentences[0], *(s for s in sentences[1:] if not NOTE.search(s))])
    return NOTE_CLAUSE.sub("", text)


def _trim(value: str) -> str:
    """Strip white space and brackets left unbalanced at either end: （A、B → A、B, but A(B) stays."""
    value = value.strip(" \t\u3000")
    while value and value[0] in "（(【[〔" and _depth(value) > 0:
        value = value[1:].strip()
    while value and value[-1] in "）)】]〕" and _depth(value) < 0:
        value = value[:-1].strip()
    return value


def _depth(value: str) -> int:
    return sum(value.count(c) for c in "（(【[〔") - sum(value.count(c) for c in "）)】]〕")


def combine(leads, cos, responsible, marked) -> tuple[list[str], list[str]]:
    """Lead and co-units from the parts of an assignment: under 责任单位 alone the unit marked （牵头）
    leads, else the first one listed; the other responsible units co-operate."""
    leads = list(leads)
    if responsible and not leads:
        leads = [n for n in responsible if n in marked] or responsible[:1]
    leads = list(dict.fromkeys(leads))
    return leads, [c for c in dict.fromkeys([*cos, *responsible]) if c not in leads]


def assigned_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and co-operating units of the assignment fields in `text`. Under 责任单位 alone the unit
    marked （牵头） leads, else the first one listed."""
    return combine(*parse_assignment(text))


# a bracket at the end of an item or sentence that assigns it: （A牵头，B、C配合） （责任单位：A、B） [牵头单位:X]
TRAILING = re.compile(
    r"[（(【\[〔]((?:[^（()）【】\[\]〔〕]|[（(][^（()）]*[）)])*)[）)】\]〕][。；;，,\s]*$"
)
ASSIGNS = re.compile(r"牵头|负责|配合|协助|协办|参与|单位|部门|[：:]")


def trailing_assignment(text: str, start: int, end: int) -> tuple[int, list[str], list[str]] | None:
    """(where the bracket starts, leads, co-units) when text[start:end] ends with a bracketed assignment
    of units; None otherwise (a bracket that explains a term, 含…, 试行)."""
    m = TRAILING.search(text, start, end)
    if not m:
        return None
    inner = m.group(1)
    if not ASSIGNS.search(inner):
        # a bare list of units, （市发改委、市财政局）: responsible units, the first leads
        parts = split_list(inner)
        if not parts or not all(looks_like_unit(p) for p in parts):
            return None
    leads, cos = combine(*parse_assignment(inner))
    if not leads and not cos and not COLLECTIVE.search(inner):
        return None
    return m.start(), leads, cos


def inner_assignments(text: str, start: int, end: int) -> list[tuple[int, int, list[str], list[str]]]:
    """(bracket start, bracket end, leads, co-units) of each bracketed assignment that closes a sentence inside
    text[start:end] with more of the item after it: 1.制定清单。…目录。〔A牵头，B参与〕按省的要求…。（C牵头） —
    the item's sentences up to each such bracket are one task of their own."""
    out = []
    for m in re.finditer(r"[）)〕】\]]", text[start:end]):
        close = start + m.end()
        if not text[close:end].strip(" \t\u3000。；;，,"):
            break  # the bracket that closes the item is the item's own assignment
        found = trailing_assignment(text, out[-1][1] if out else start, close)
        if found and found[1] and text[found[0] - 1 : found[0]] in ("。", "；", ";"):
            out.append((found[0], close, found[1], found[2]))
    return out


def item_parts(text: str, start: int, body_end: int, found, close: int) -> list[dict]:
    """The tasks of an item text[start:body_end] closed by the bracketed assignment `found` (it ends at
    `close`): one, or one per assignment when brackets also close sentences inside it (`inner_assignments`).
    Each part: its span, its leads and co-units, and where its bracket is."""
    inner = inner_assignments(text, start, body_end) if found[0] >= body_end else []  # not a heading's own
    bounds = inner + [(found[0], close, found[1], found[2])]
    parts, at = [], start
    for a, b, leads, cos in bounds:
        while at < a and text[at] in " \t\u3000\n":
            at += 1
        end = body_end if b == close else a
        parts.append({"start": at, "end": end, "leads": leads, "cos": cos, "bracket": (a, b)})
        at = b
    return parts


TIMELESS = re.compile(rf"^(?:{_alternation('unit_time_words.txt')})")
UNIT_LIKE = re.compile(rf"(?:{SUFFIX}|开发区|园区|新区|海关|人行|银行|专班)$")
DATE_LIKE = re.compile(r"\d|[一二三四五六七八九十]月|年底|年末|年内|季度|半年|完成$|前$")


def closing_assignment(text: str, start: int, end: int) -> tuple[int, list[str], list[str]] | None:
    """`trailing_assignment`, also when a short time limit follows the bracket: …（A牵头，B配合）6月底前完成。"""
    found = trailing_assignment(text, start, end)
    if found is None:
        m = re.search(r"[）)〕】\]]([^（()）〔〕【】\[\]]{1,16})$", text[start:end])
        tail = m.group(1).strip(" \t\u3000。；;") if m else ""
        if tail and (DATE_LIKE.search(tail) or TIMELESS.match(tail)) and not UNIT_LIKE.search(tail):
            found = trailing_assignment(text, start, start + m.start(1))
    return found


def looks_like_unit(name: str) -> bool:
    """A list entry that reads as the name of a unit (or a group of them): 市发改委, 市住建局（市人防办）,
    各街道; not 2027年底前完成, 按要求."""
    bare = re.sub(r"[（(][^（）()]*[）)]", "", name).strip()
    return bool(bare) and not DATE_LIKE.search(bare) and bool(UNIT_LIKE.search(bare))


CLAUSE = re.compile(r"[^，,；;。]+")
MARK_END = re.compile(
    "(?:" + "|".join(w for f in ("lead", "co", "responsible") for w in _words(f"unit_{f}_marks.txt")) + ")"
    r"(?:单位|部门)?[。；;，,\s]*$"
)


def assignment_clauses(text: str, start: int, end: int) -> tuple[int, list[str], list[str]] | None:
    """(where they start, leads, co-units) of the clauses that close text[start:end] by assigning it in
    words: …，市政务服务中心、市数据局分别牵头，各县区政府按职责分工负责。 / …，市商务局负责。"""
    start = max(start, end - 200)  # an assignment closes the item
    if not MARK_END.search(text, start, end):
        return None
    clauses = [(m.start(), m.end()) for m in CLAUSE.finditer(text, start, end)]
    cut = None
    for a, b in reversed(clauses):
        if not _assigning(text[a:b].strip()):
            break
        cut = a
    if cut is None or cut == clauses[0][0]:
        return None
    leads, cos = combine(*parse_assignment(text[cut:end]))
    return (cut, leads, cos) if leads else None


def only_assignment(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] does nothing but assign units, in words: 市发改委牵头，市财政局、市统计局配合,
    or in fields: 主责单位：县住建局 / 协同单位：县财政局；完成时限：6月底前."""
    field = ASSIGNMENT_FIELD.match(text, start, end)
    if field and field.group("key") not in TIME_KEYS:
        return True
    if not MARK_END.search(text, start, end):
        return False
    clauses = [text[m.start() : m.end()].strip() for m in CLAUSE.finditer(text, start, end)]
    return (
        bool(clauses)
        and all(_assigning(c) for c in clauses)
        and bool(combine(*parse_assignment(text[start:end]))[0])
    )


def _assigning(clause: str) -> bool:
    """A clause that is a list of units with a role after it: 市财政局、市税务局配合 / 各县区政府按职责分工负责."""
    bare = re.sub(r"(?:等|分别|共同)?(?:单位|部门)?$", "", clause)
    mark = LEAD_WORD.search(bare) or CO_WORD.search(bare) or RESPONSIBLE_WORD.search(bare)
    names = [unit_name(p)[0] for p in split_list(clause)]
    return bool(mark) and all(n == "" or looks_like_unit(n) for n in names)


# a clause that is only a date the work is done by: 2025年12月完成, 9月份完成, 2026年底前建成
DATED_LIMIT = re.compile(
    r"^(?:(?:19|20)\d\d年)?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?|(?<!\d)(?:19|20)\d\d年)"
    r"(?:底|末)?(?:前|以前|之前)?(?:全面)?(?:完成|建成|实现|落实到位)$"
)


def timeless_limit(text: str) -> str | None:
    """A time limit among the clauses of a bracketed assignment that the sentence's own deadline words do
    not read: one without a date, （区卫健局负责，长期坚持）, or a bare date of completion, （…，2025年12月完成）."""
    for clause in re.split(r"[，,；;。（()）\[\]【】〔〕]", text):
        clause = clause.strip()
        starting = re.match(
            r"(?:(?:19|20)\d\d年|(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日)?)起\S{0,8}$", clause
        )  # 2026年起每季度开展
        if clause and (TIMELESS.match(clause) and len(clause) <= 8 or DATED_LIMIT.match(clause) or starting):
            return clause
    return None


def assigned_deadline(text: str) -> str | None:
    """The raw value of 完成时限：… in `text`: "" when it names no time (长期坚持, 持续推进), None without one."""
    for m in ASSIGNMENT_FIELD.finditer(text):
        if m.group("key") in TIME_KEYS:
            value = m.group("value").strip("（）() ")
            return value if re.search(r"\d|[一二三四五六七八九十]+月|年(底|末|内)|季度|半年", value) else ""
    return None


def assigned_time(text: str) -> str | None:
    """The value of 完成时限：… in `text` as written (6月底前, 长期坚持), None without one."""
    for m in ASSIGNMENT_FIELD.finditer(text):
        if m.group("key") in TIME_KEYS:
            return _trim(m.group("value")).strip("（）()【】[]〔〕 ") or None
    return None


def _strip_prefix(name: str) -> str:
    m = re.match(
        r"^(?:[\u4e00-\u9fff]{2,3}?(?:省|市|县|区|州)(?=[\u4e00-\u9fff]{2})|省|市|县|区|州)委?(?=[\u4e00-\u9fff]{2})",
        name,
    )
    return name[m.end() :] if m else name


def _expand(name: str) -> str:
    """发改委 → 发展和改革委员会: long forms of the short words and of the last character."""
    for short, long in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(short) and not name.startswith(long):
            name = long + name[len(short) :]
            break
    for short, long in SUFFIX_LONG.items():
        if name.endswith(short) and not name.endswith(long):
            name = name[: -len(short)] + long
            break
    return name


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def match_units(mentions, unit_names) -> dict[str, str]:
    """Map each mention to a name in `unit_names`: exactly, then ignoring a 市/县 prefix, then with
    common abbreviations expanded, then as an in-order abbreviation (住建局 ⊂ 住房和城乡建设局) when that
    is unambiguous; a mention with a second name in brackets (市发改委(市粮食局)) by either name. Mentions
    without a match are left out."""
    names = list(dict.fromkeys(unit_names))
    exact = set(names)
    by_bare: dict[str, list[str]] = {}
    by_long: dict[str, list[str]] = {}
    for name in names:
        bare = _strip_prefix(name)
        by_bare.setdefault(bare, []).append(name)
        by_long.setdefault(_expand(bare), []).append(name)
    out: dict[str, str] = {}
    for mention in mentions:
        m = re.match(r"^(.+?)[（(]([^（）()]+)[）)]$", mention)  # X局(Y局): one unit, two names
        for name in (mention, m.group(1), m.group(2)) if m else (mention,):
            found = _match_one(name, names, exact, by_bare, by_long)
            if found:
                out[mention] = found
                break
    return out


def _match_one(mention, names, exact, by_bare, by_long) -> str | None:
    if mention in exact:
        return mention
    bare = _strip_prefix(mention)
    prefix = mention[: len(mention) - len(bare)]
    for candidates in (by_bare.get(bare), by_long.get(_expand(bare))):
        if candidates:
            return _prefer(candidates, prefix)
    hits = [
        n
        for n in names
        if _strip_prefix(n)[:1] == bare[:1]
        and _strip_prefix(n)[-1:] == bare[-1:]
        and _subsequence(bare, _strip_prefix(n))
    ]
    if hits:
        shortest = min(len(_strip_prefix(h)) for h in hits)
        if len({_strip_prefix(h) for h in hits if len(_strip_prefix(h)) == shortest}) == 1:
            return _prefer(hits, prefix)
    return None


def _prefer(candidates: list[str], prefix: str) -> str:
    """Among equal matches take the one with the mention's prefix (市 over 县), else the shortest."""
    with_prefix = [c for c in candidates if prefix and c.startswith(prefix)]
    return min(with_prefix or candidates, key=len)
