"""Quantitative targets in forward-looking sentences: metric, value, unit, comparator, deadline.

>>> [(t.metric, t.value, t.unit, t.comparator) for t in find_targets("新建高标准农田50万亩以上，粮食产量稳定在165万吨。")]
[('新建高标准农田', 50, '万亩', '>='), ('粮食产量', 165, '万吨', '=')]
>>> [(t.metric, t.value) for t in find_targets("森林覆盖率、水土保持率分别达到13.13%、77.16%。")]
[('森林覆盖率', 13.13), ('水土保持率', 77.16)]
>>> [(t.metric, t.value, t.unit) for t in find_targets("引进投资1000万元以上企业5家。")]
[('引进投资1000万元以上企业', 5, '家')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from .model import Target
from .tense import words
from .text import inside, quoted_spans

CN_DIGITS = "零〇一二两三四五六七八九十百千"
# measures and classifiers, longest first so 平方公里 wins over 公里
UNITS = sorted(
    """个百分点 百分点 % ％ ‰ 平方公里 平方米 立方米 公里 千米 公顷 亩 米 吨标准煤 千克 公斤 吨 千瓦时 千瓦 兆瓦 度
    微克/立方米 斤 美元 元 人次 人 名 位 户 家 个 项 件 座 处 条 间 所 张 台 辆 套 株 棵 粒 头 只 羽 场次 场 次 批 个工作日 工作日
    天 倍 床 穴 标准箱 本 册 部 篇 宗 笔 份 栋 幢 片 块 支 队 班 车次 架次 艘 口 眼 方 公顷
    家次 户次 台次 辆次 艘次 班次 批次
    PFlops EFlops TFlops Gbps Mbps GWh MWh kWh GW MW kW""".split(),
    key=len,
    reverse=True,
)
# units that say how much of something there is, not how many kinds: a Chinese numeral before them counts
MEASURES = {
    "%",
    "％",
    "个百分点",
    "百分点",
    "平方公里",
    "公里",
    "亩",
    "公顷",
    "吨",
    "元",
    "美元",
    "人",
    "人次",
    "户",
    "千瓦",
}
CLASSIFIERS = {
    "个",
    "项",
    "件",
    "条",
    "批",
    "场",
    "次",
    "家",
    "座",
    "处",
    "所",
    "间",
    "张",
    "台",
    "套",
    "支",
    "部",
    "本",
}

_UNIT = "|".join(re.escape(u) for u in UNITS)
QTY = re.compile(
    # a Chinese numeral counts only with a magnitude or a measure after it (never 进一步): the lookahead saves the
    # scan from stopping at every 一 of a text
    rf"(?P<num>\d+(?:\s?[\.．]\s?\d+)?|[{CN_DIGITS}]+"
    rf"(?=(?:%|％)?\s*(?:(?:-|－|~|～|—|至|到)\s*\d+(?:\.\d+)?)?(?:多|余)?(?:万亿|亿|万|{_UNIT})))"
    rf"(?:(?:%|％)?\s*(?:-|－|~|～|—|至|到)\s*(?P<num2>\d+(?:\.\d+)?))?"
    # a reading left by a careless conversion is masked with spaces (萬(wàn)人): a magnitude reads across it
    rf"(?P<more>多|余)?(?P<mag>万(?:[ ]{{1,8}}(?=亿))?亿|亿|万)?(?:(?<=[万亿])[ ]{{1,8}}(?=(?:{_UNIT})))?"
    rf"(?P<unit>(?:{_UNIT})(?:/(?:日|天|年|小时|时))?)?"
)
FRACTION = re.compile(
    rf"(?P<frac>一半|半数|过半|(?P<den>[{CN_DIGITS}]+)分之(?P<nom>[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)|(?P<tenth>[一二三四五六七八九])成)"
    r"|翻(?P<doublings>[一两二三四])番"  # 翻一番: doubled (2 倍); 翻了一番 is a result and does not match
)
FRACTION_MARK = re.compile("半|分之|成|翻")  # every fraction has one: a quick test first
# a bare number after a ratio metric and its verb: 城乡居民收入比缩小到1.9以内, 基尼系数控制在0.4以下
RATIO_BEFORE = re.compile(
    r"(?:比|比值|系数|倍差)(?:缩小|下降|降低|控制|保持|稳定|提高|提升|扩大)?(?:到|至|为|在)$|(?:比|比值|系数|倍差)(?:达到|为)$"
)
# durations and ages are targets only as the value of a verb, at the end of a clause: 受教育年限达到11.6年,
# 人均预期寿命达到80岁 (not 3岁以下婴幼儿, 三年行动, 2030年)
DURATION_BEFORE = re.compile(
    r"(?:达到|提高到|提高至|提升到|提升至|延长到|延长至|增加到|增至|稳定在|保持在|控制在|缩短到|缩短至|压缩到|压缩至|不低于|不少于|超过|为)$"
)
# a time window counted from an event is a procedure, not a target: 每季度末前5个工作日内报送, 受理之日起3日内
ANCHORED_WINDOW = re.compile(r"(?:前|后|起|之日起|之后|以前|以后)$")
TIME_UNITS = {"个工作日", "工作日", "天", "小时"}
POST_CMP = re.compile(r"\s*(及以上|以上|以内|之内|及以下|以下|左右|上下)")
PRE_CMP = [  # 不超过 before 超过, 不低于 before 低于
    (re.compile(r"(控制在|不超过|不高于|不多于|不大于|最多)$"), "<="),
    (re.compile(r"(不低于|不少于|不小于|至少|最低)$"), ">="),
    (re.compile(r"(超过|突破|高于|多于|大于|过)$"), ">"),
    (re.compile(r"(低于|少于|小于)$"), "<"),
    (re.compile(r"(约|大约|近|接近)$"), "~"),
]
POST_MAP = {
    "以上": ">=",
    "及以上": ">=",
    "以内": "<=",
    "之内": "<=",
    "以下": "<=",
    "及以下": "<=",
    "左右": "~",
    "上下": "~",
}
CLAUSE_DELIMS = "，,；;：:。！？!?\n（()）"
DEADLINE = re.compile(
    r"(?=[\d一二两三四五六七八九十年上下第])"  # the first characters, for speed
    r"(?:(?:(?:19|20)\d\d年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前|之前)"
    r"|(?:(?:19|20)\d\d年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末)"
    r"|(?:(?:19|20)\d\d)?年(?:底|末)(?:前|以前)?|(?:[一二两三四五六七八九十]|\d{1,2})年(?:内|之内)|年内"
    r"|(?:上|下)半年|第?[一二三四1-4]季度(?:末|底)?(?:前)?)"
)
SPACE_IN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
FROM_TAIL = re.compile(r"(?:由|从)(?=[^，,、]{0,12}?\d)[^，,、]*$")
FROM_BEFORE = re.compile(r"(?:由|从)[^，,；;。]{0,20}$")
CHANGE_TO_AFTER = re.compile(
    r"\s*(?:、[^，,；;。]{0,16}?)?(?:分别|均|各)?(?:提高|提升|增加|增长|下降|降低|减少|缩小|扩大|压减|压缩|缩短|降)?(?:到|至)"
)
LEADING_DEADLINE = re.compile(rf"(?:到|至|在)?(?P<dl>{DEADLINE.pattern})[，,]")
LEAD_WORDS = re.compile(
    r"^(?:确保|力争|争取|力促|全力|努力|要(?!素)|同时|其中|实现|完成|全市|全县|全区|全省|全州|全年|，|、)+"
)
VERB_TAIL = re.compile(
    r"(?:分别|各)?(?:达到|达|稳定在|保持在|控制在|维持在|突破|超过|不低于|不少于|不超过|提高到|提升到|增加到|增至|提高至|提升至"
    r"|(?:缩小|缩短|压缩|压减|下降|降|减少|延长|扩大)(?:到|至)|保持|为|至|到|在|过)$"
)
REST = re.compile(
    r"(?:分别|各)?(?:年均|累计)?(?:增长|达到|达|突破|超过|稳定在|保持在|提高|提升|下降|降低|压减|减少|控制在|不低于|不少于)"
    r"|各$"
)
REFERENCE_VERBS = re.compile(
    r"^(?:紧盯|聚焦|围绕|依托|发挥|用好|对照|立足|按照|根据|结合|瞄准|盯住|对标|依据|通过|利用)"
)
NOT_NUMBER_BEFORE = re.compile(r"[第A-Za-z+＋\-－./·#]$")
NOT_NUMBER_AFTER = re.compile(r"^[A-Za-z+＋·]")
YEAR_OR_DATE_AFTER = re.compile(r"^(年|月|日|号|届|级|岁|周岁|时|分|秒|季度|期|千伏|伏|代|型|线|路|大|五)")


QUOTED_NAME_MAX = 16
SCOPE = re.compile(r"(?:在|从|于)$")
SCOPE_AFTER = re.compile(r"[\u4e00-\u9fff]{1,8}(?:中|之中|当中|里)")
QTY_AHEAD = re.compile(r"\d")
# nouns that name the items of a list: a count of them is the size of the list, not a target
ITEM_NOUNS = re.compile(
    "[\u4e00-\u9fff]{0,2}?(?:" + "|".join(sorted(words("item_nouns.txt"), key=len, reverse=True)) + ")"
)
ITEM_NOUNS_BEFORE = re.compile(
    "(?:" + "|".join(sorted(words("item_nouns.txt"), key=len, reverse=True)) + r")\s*$"
)
# after a count: another count of the same list (共办理30件40个项目) or what the counted items belong to (3项属于…)
COUNT_AFTER = re.compile(r"\s*(?:\d+\s*[个项件类類]|属于|屬於)")
COUNT_BEFORE = re.compile(r"\d\s*[个项件类類]\s*$")
# a count of a whole that the next count picks from: 70个大中城市中有58个… (both the scope of a comparison)
SCOPE_OF = re.compile(r"[\u4e00-\u9fff]{1,8}(?:中|之中|当中)[，,]?\s*有")
PLACE_END = re.compile(r"(?:省|市|县|区|镇|乡|村|州|旗|街道)$")


# a number written with thousands separators (5,921万人, 1,389.5亿元); a comma between clauses is never followed
# by exactly three digits and then no digit
THOUSANDS = re.compile(r"(?<![\d.,，])\d{1,3}(?:,\d{3})+(?![\d,])")


def fold_thousands(text: str) -> str:
    """The text with each thousands-separated number written without its commas and padded with zeros in front
    to its old length (5,921 → 05921), so that offsets do not move and no comma reads as a clause break."""
    if "," not in text:
        return text
    return THOUSANDS.sub(lambda m: m.group(0).replace(",", "").rjust(len(m.group(0)), "0"), text)


def _clause_end(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] not in CLAUSE_DELIMS:
        pos += 1
    return pos


@dataclass
class _Qty:
    start: int
    end: int  # after unit, "多/余" and a comparator word
    value: int | float
    value_max: int | float | None
    unit: str
    comparator: str | None  # from the words after the number
    fraction: bool = False  # 一半、三分之一: a share of the noun that follows


def _number(s: str) -> int | float | None:
    if s[0].isdigit():
        s = s.replace(" ", "").replace("．", ".")
        return float(s) if "." in s else int(s)
    return _chinese_number(s)


@lru_cache(maxsize=1024)  # numerals are few (三, 十五, 两千): each is read once
def _chinese_number(s: str) -> int | float | None:
    try:
        v = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(v) if float(v).is_integer() else v


def _quantities(text: str, start: int, end: int, quotes) -> list[_Qty]:
    out: list[_Qty] = []
    fractions = FRACTION.finditer(text, start, end) if FRACTION_MARK.search(text, start, end) else ()
    for m in fractions:
        if inside(m.start(), quotes):
            continue
        unit = "%"
        if m.group("den") in ("百", "千"):  # 百分之八 is 8 %, 千分之四点五 is 4.5 ‰ (cn2an reads no bare 百)
            value, unit = _number(m.group("nom")), "%" if m.group("den") == "百" else "‰"
            if value is None:
                continue
        elif m.group("den"):
            den, nom = _number(m.group("den")), _number(m.group("nom"))
            if not den or nom is None:
                continue
            value = round(100 * nom / den, 2)
        elif m.group("tenth"):
            value = 10 * _number(m.group("tenth"))
        elif m.group("doublings"):
            post = POST_CMP.match(text, m.end(), end)
            n = _number(m.group("doublings"))
            out.append(
                _Qty(
                    m.start(),
                    post.end() if post else m.end(),
                    2**n,
                    None,
                    "倍",
                    POST_MAP[post.group(1)] if post else None,
                )
            )
            continue
        else:
            value = 50
        post = POST_CMP.match(text, m.end(), end)
        out.append(
            _Qty(
                m.start(),
                post.end() if post else m.end(),
                value,
                None,
                unit,
                POST_MAP[post.group(1)] if post else None,
                True,
            )
        )
    taken = [(q.start, q.end) for q in out]
    for m in QTY.finditer(text, start, end):
        num, unit, mag = m.group("num"), m.group("unit") or "", (m.group("mag") or "").replace(" ", "")
        if any(a <= m.start() < b for a, b in taken):
            continue
        mend = m.end()
        if not (unit or mag):
            bare = _bare_quantity(text, m, start, end)
            if bare is None:
                continue
            unit, mend = bare
        before, after = text[max(0, m.start() - 1) : m.start()], text[mend : mend + 3]
        if NOT_NUMBER_BEFORE.search(before) or NOT_NUMBER_AFTER.match(after) or inside(m.start(), quotes):
            continue
        if not unit and YEAR_OR_DATE_AFTER.match(after):
            continue
        if unit in TIME_UNITS and ANCHORED_WINDOW.search(text[max(start, m.start() - 4) : m.start()]):
            continue
        if before and before in "0123456789" + CN_DIGITS:
            continue
        value = _number(num)
        if value is None:
            continue
        post = POST_CMP.match(text, mend, end)
        post_word = post.group(1) if post else None
        qend = post.end() if post else mend
        nxt = text[qend : qend + 1]
        if (
            post_word in ("以上", "及以上", "以下", "及以下")
            and (nxt.isdigit() or _is_cjk(nxt))
            and not (unit in CLASSIFIERS and not QTY_AHEAD.search(text, qend, _clause_end(text, qend, end)))
        ):
            continue  # a threshold that qualifies a noun: 1000万元以上企业 (but 建成100个以上示范村 counts them)
        if ITEM_NOUNS.match(text, qend) and unit in CLASSIFIERS | {"件"}:
            continue  # the number of items of a list or a document: 145项目标任务, 39个具体项目
        if unit in CLASSIFIERS and ITEM_NOUNS_BEFORE.search(text, max(start, m.start() - 8), m.start()):
            continue  # the same count written after its noun: 重点任务20项, 具体措施8条
        if unit in CLASSIFIERS | {"件"} and (
            COUNT_AFTER.match(text, qend) or COUNT_BEFORE.search(text, max(start, m.start() - 6), m.start())
        ):
            continue  # counts of one list in a row (30件40个项目) or a count of members (有3项属于…): its size
        if not num[0].isdigit() and not _chinese_quantity_ok(value, unit, mag, post_word):
            continue
        comparator = POST_MAP.get(post_word) if post_word else (">" if m.group("more") else None)
        num2 = m.group("num2")
        value_max = _number(num2) if num2 else None
        if value_max is not None:
            comparator = "range"
        out.append(_Qty(m.start(), qend, value, value_max, mag + unit, comparator))
    out.sort(key=lambda q: q.start)
    return out


def _bare_quantity(text: str, m: re.Match, start: int, end: int) -> tuple[str, int] | None:
    """(unit, end) of an Arabic number without a measure word that is still a target: a ratio after its
    metric and verb (收入比缩小到1.9, 1.85:1 included) or a duration/age after a value verb (11.6年, 80岁)."""
    num = m.group("num")
    if not num[0].isdigit() or m.group("num2") or m.group("more"):
        return None
    prefix = text[max(start, m.start() - 8) : m.start()]
    after = m.end()
    tail = text[after : after + 1]
    if RATIO_BEFORE.search(prefix):
        r = re.match(r"[:：∶]1(?!\d)", text[after : after + 3])
        if r:
            after += r.end()
        elif tail and (
            _is_cjk(tail) and not POST_CMP.match(text, after, end) or tail.isascii() and tail.isalnum()
        ):
            return None
        return "", after
    if tail in ("年", "岁") and DURATION_BEFORE.search(prefix):
        value = _number(num)
        if tail == "年" and isinstance(value, int) and 1900 <= value <= 2100:
            return None
        nxt = text[after + 1 : after + 2]
        if nxt and _is_cjk(nxt) and not POST_CMP.match(text, after + 1, end):
            return None
        return tail, after + 1
    return None


def _chinese_quantity_ok(value, unit, mag, post_word) -> bool:
    """三个/八大/两项 are mostly names of campaigns; a Chinese numeral counts with a measure, a magnitude,
    a comparator word, or when it is large."""
    if post_word or mag:
        return True
    if unit in MEASURES:
        return value >= 2
    return unit in CLASSIFIERS and value >= 20


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_DELIMS:
        i -= 1
    return i


def _trailing_noun(text: str, pos: int, end: int) -> int:
    """End of the noun after a number-first quantity (7个|乡镇综合养老服务中心和30个…)."""
    i = pos
    while i < end and text[i] not in CLAUSE_DELIMS + "、" and i - pos < 24:
        if text[i] in "和及与" and i + 1 < end and (text[i + 1].isdigit() or text[i + 1] in CN_DIGITS):
            break
        if text[i].isdigit() and not DEADLINE.match(text, i):
            break
        i += 1
    return i


def _pre_comparator(prefix: str) -> str | None:
    for pattern, cmp in PRE_CMP:
        if pattern.search(prefix):
            return cmp
    return None


def _clean_metric(s: str) -> str:
    s = SPACE_IN_WORDS.sub("", DEADLINE.sub("", s))
    s = LEAD_WORDS.sub("", s.strip())
    for _ in range(2):
        s = VERB_TAIL.sub("", s)
    s = FROM_TAIL.sub("", s)  # 城镇化率由61.2%(提高到) → 城镇化率
    return s.strip("，,、 ")


def _subject(metric: str) -> str:
    """The noun part of a metric: 开发区工业总产值年均增长 → 开发区工业总产值."""
    m = REST.search(metric)
    return metric[: m.start()] if m and m.start() > 0 else metric


def find_targets(text: str, start: int = 0, end: int | None = None) -> list[Target]:
    """Targets in one sentence text[start:end] (the caller decides the sentence is forward-looking)."""
    end = len(text) if end is None else end
    # a short quotation is a name (“1339”战略, 《2025年行动计划》); a long one quotes a goal: 提出“到2020年…翻一番”
    quotes = [
        (a, b) for a, b in quoted_spans(text, start, end) if b - a <= QUOTED_NAME_MAX or text[a] == "《"
    ]
    qtys = _quantities(text, start, end, quotes)
    if not qtys:
        return []
    # a sentence opened by a time clause (到2026年底，…) gives it to every target of the sentence
    opening = LEADING_DEADLINE.match(text, start, end)
    lead_deadline = opening.group("dl") if opening else None
    out: list[Target] = []
    prev: _Qty | None = None
    prev_metric, prev_cmp, prev_verb = "", None, ""
    groups: list[tuple[list[tuple[_Qty, Target]], str]] = []  # values sharing one subject: 6.5%、7.5%
    for q in qtys:
        clause = cstart = _clause_start(text, q.start, start)
        if prev is not None and prev.end >= cstart:
            cstart = prev.end  # a second quantity in the same clause starts after the first
        raw_prefix = text[cstart : q.start]
        gap = raw_prefix.strip()
        continuation = prev is not None and prev.end >= clause and gap in ("", "、", "和", "及")
        # number-first form: 完成13个河道综合治理工程
        noun_end = q.end
        if _is_cjk(text[q.end : q.end + 1]) and (
            q.fraction or q.unit not in ("%", "％") and not q.unit.endswith("百分点")
        ):
            noun_end = _trailing_noun(text, q.end, end)
        trailing = text[q.end : noun_end]
        clause_head = text[clause : q.start]
        if trailing and (
            REFERENCE_VERBS.match(LEAD_WORDS.sub("", clause_head))
            or ("以" in clause_head and "为" in trailing)
        ):
            prev = q
            continue
        if SCOPE.search(clause_head) and SCOPE_AFTER.match(text, q.end, end):
            continue  # 在31个省区市中: the scope of a comparison, not a goal
        if SCOPE_OF.match(text, q.end, end) or SCOPE_OF.search(clause_head):
            continue  # 70个城市中有58个…: a whole and the part of it that did something, a distribution
        if FROM_BEFORE.search(clause_head) and CHANGE_TO_AFTER.match(text, q.end, end):
            continue  # 由2025年的88%提高到92%: the starting point; the target is the value after 到
        prefix = _clean_metric(raw_prefix)
        lead = LEAD_WORDS.match(raw_prefix.strip())
        span_start = cstart + (len(raw_prefix) - len(raw_prefix.lstrip())) + (lead.end() if lead else 0)
        if "等" in prefix and trailing:
            verb = re.match(r"[\u4e00-\u9fff]{2}", prefix)
            prefix = verb.group(0) if verb else ""
        if trailing:
            metric = (prefix or (prev_verb if continuation else "")) + _clean_metric(trailing)
            prev_verb = prefix[:2] if prefix else prev_verb
        elif prefix:
            metric = prefix
        else:
            metric = _subject(prev_metric) if prev_metric else ""
        comparator = q.comparator or _pre_comparator(raw_prefix.strip())
        if comparator is None and continuation:
            comparator = prev_cmp
        clause_end = q.end
        while clause_end < end and text[clause_end] not in CLAUSE_DELIMS:
            clause_end += 1
        dl = DEADLINE.search(text, clause, clause_end)
        lead_dl = None if dl else lead_deadline
        span_end = max(noun_end, dl.end() if dl else 0)
        span_start = min(span_start, q.start)
        target = Target(
            text=text[span_start:span_end],
            start=span_start,
            end=span_end,
            metric=metric,
            value=q.value,
            unit=q.unit.replace("％", "%"),
            comparator=comparator or "=",
            deadline=dl.group(0) if dl else lead_dl,
            value_max=q.value_max,
        )
        if continuation and gap in ("、", "") and not prefix and not trailing and groups:
            groups[-1][0].append((q, target))
        else:
            groups.append(([(q, target)], LEAD_WORDS.sub("", raw_prefix.strip())))
        prev, prev_metric, prev_cmp = q, metric, comparator
    for group, head in groups:
        out.extend(_spread(text, group, head))
    return out


def _spread(text: str, group: list[tuple[_Qty, Target]], head: str) -> list[Target]:
    """Give each value its own metric when a list of subjects shares a verb (`head` is the text before
    the first value): 森林覆盖率、水土保持率分别达到13.13%、77.16% / 旅游人数、旅游花费增长8% / A和B各10家.
    The values of one list share one span."""
    targets = [t for _, t in group]
    first = targets[0]
    if len(targets) > 1:
        a, b = first.start, max(t.end for t in targets)
        for t in targets:
            t.start, t.end, t.text = a, b, text[a:b]
    rest = REST.search(head)
    if rest and rest.start() > 0 and "等" not in head[: rest.start()]:
        subj, verb = head[: rest.start()], _clean_metric(re.sub(r"^(分别|各)", "", head[rest.start() :]))
        items = [
            _clean_metric(i) for i in re.split(r"、|和" if rest.group(0).startswith("各") else r"、", subj)
        ]
        if len(targets) == 1 and sum(bool(PLACE_END.search(i)) for i in items[:-1]) > 0:
            pass  # 端州区、鼎湖区分散供养孤儿养育标准提高到1400元: places that share one target
        elif len(items) > 1 and all(0 < len(i) <= 15 for i in items):
            if len(targets) == len(items):
                for t, item in zip(targets, items, strict=True):
                    t.metric = item + verb
                return targets
            if len(targets) == 1:
                return [_copy(first, item + verb) for item in items]
    if len(targets) == 2 and "城乡" in head and "分别" in head:
        base = first.metric.replace("分别", "")
        targets[0].metric, targets[1].metric = base.replace("城乡", "城镇"), base.replace("城乡", "农村")
        return targets
    for t in targets[1:]:
        t.metric = t.metric or first.metric
    return targets


def _copy(t: Target, metric: str) -> Target:
    return Target(**{**t.__dict__, "metric": metric})
