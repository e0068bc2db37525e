"""Which sentences look back (回顾) and which give a directive (部署), and the short title of a task.

>>> is_review("2025年全市地区生产总值增长6.9%。", 2026)
True
>>> is_review("新建高标准农田50万亩以上。", 2026)
False
>>> is_review("全市生产总值同比增长6.2%。", 2026), is_review("力争事故起数同比下降10%以上。", 2026)
(True, False)
>>> is_directive("各级各部门要加快推进项目建设。")
True
>>> is_directive("党的二十大报告将“坚持深化改革开放”作为重大原则。")
False
>>> task_title("一要在“稳增长”上借助改革之势。要以只争朝夕的劲头抓项目。")
'在“稳增长”上借助改革之势'
>>> task_title("到2030年，服务业增加值占地区生产总值比重达到52%。")
'服务业增加值占地区生产总值比重达到52%'
>>> task_title("全党必须牢记，各级各部门要抓紧完成老旧小区改造。")
'抓紧完成老旧小区改造'
>>> task_confidence("必须清醒认识当前形势的复杂性。") < 0.5 < task_confidence("要推进老旧小区改造，年内完成改造80公里。")
True
>>> task_deadline("拼尽全力抢抓四季度“黄金季”。"), task_deadline("确保6月底前全部开工。")
(None, '6月底前')
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cache, lru_cache

from lib.dates import parse_deadline

from .model import Task
from .targets import DEADLINE
from .tense import READING_GAP, words

REVIEW = re.compile(
    r"去年|上年|过去(一年|五年|的|几年)|一年来|五年来|几年来|年初以来|近年来|以来[，,]|以来已|已累计|已经|"
    r"已(完成|实现|建成|达到|形成|取得|启动|开工|落地|有)|取得了|实现了|完成了|达到了|增长了|下降了|提高了|"
    r"累计完成|截至|截止|"
    r"(获评|荣获|入选|被评为|获批)"
)
# Year-on-year comparisons describe results, unless the sentence sets them as a goal: a goal word, or a
# bound on the change (同比下降10%以上, 控制在…以内) — a result is reported as an exact figure.
COMPARED = re.compile(r"同比|比上年|较上年")
FORWARD = re.compile(r"力争|确保|争取|目标|预期|预计|计划|要|将")
BOUNDED_CHANGE = re.compile(
    r"(?:同比|比上年|较上年)[^，,。；;]{0,12}?\d+(?:\.\d+)?\s*(?:%|％|个百分点)?\s*(?:以上|以内|左右|以下)"
    r"|(?:同比|比上年|较上年)[^，,。；;]{0,8}?(?:不低于|不少于|不超过|不高于|控制在)"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!代)")
# a year that is the base of a comparison (较2025年压缩10%, 比2020年翻一番) says nothing about when
BASE_YEAR = re.compile(r"(?:较|比|相比|对比|与|同|由|从)\s*$")
VERBS = words("directive_verbs.txt")
VERB_START = re.compile("^(?:" + "|".join(sorted(set(VERBS), key=len, reverse=True)) + ")")
MODAL = re.compile(
    r"(?=[\s\S]{0,26}[要必务应将])"  # a modal or 将 near the start: most clauses fail here, quickly
    r"(?:^[^，,。；;“”\"]{0,24}?(?<![重主只纲必首摘简紧想])(要|必须|务必|应当|一定要|需要)(?![求素点件闻害])"
    r"|^(我们|我市|我县|我区|全市|全县|全区|政府)[^，,。；;]{0,6}将)"
)
NOT_DIRECTIVE = re.compile(
    r"^(今年是|明年是|这是|这些|当前|目前|近年来|我们深切体会到|总的来看|实践证明|事实证明|让我们)"
    r"|^[^，,。]{0,12}要(清醒地|清楚地|充分)?(看到|认识到|明白|知道|相信)"
)
# the closing call of a speech or report: 为…而努力奋斗！ / 作出新的更大贡献！
SLOGAN = re.compile(r"(而(努力|不懈)?奋斗|作出新的?更大的?贡献|贡献(智慧和)?力量)[！!。]?$")
# clauses that frame a sentence rather than say what to do; a title skips them when a later clause exists
FRAMING = re.compile(
    r"^(?:到|至|在|截至)?(?:(?:19|20)\d\d\s*年(?:底|末|前)?|今年|明年|年内|全年|当前|目前|今后五年|今后一个时期|下周|本周|下月|本月|近期|下一步|下阶段|今天|刚才|下面"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)|同时|其中|此外|另外|为此|对此|因此|所以|由此|总之|总的来看)$"
    r"|^(?:[^，,]{0,12}要)?在[^，,]{2,24}(?:领导|带领|指导|支持)下$"
    r"|^(?:坚持|始终坚持)?以[^，,]{2,40}为(?:指导|引领|统领|主线|抓手|牵引)$"
    r"|^(?:综合考虑|统筹考虑)[^，,]{0,20}$"
)
ORDINAL = re.compile(
    r"^([一二三四五六七八九十]{1,3}[、，,]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[\.．、]|[①-⑳]|——|"
    r"第[一二三四五六七八九十]{1,2}[，、,：:]?|[一二三四五六七八九十]{1,2}(是|要)|(?:首先|其次|再次|最后)[，,：:])"
)


def _closed(sentence: str) -> str:
    """The sentence with the gaps of masked pinyin readings closed (坚     持推     行 → 坚持推行), so that
    verbs and cues are read whole in a copy that printed readings after its characters."""
    return READING_GAP.sub("", sentence) if "   " in sentence else sentence


def is_review(sentence: str, plan_year: int | None) -> bool:
    """A sentence about what has been done: past markers, or a year before the plan year."""
    if REVIEW.search(sentence):
        return True
    if COMPARED.search(sentence) and not FORWARD.search(sentence) and not BOUNDED_CHANGE.search(sentence):
        return True
    if plan_year:
        # 由2020年的…增加到2025年的… is a result; 由2025年的88%提高到92% (no end year) a goal
        years = [
            int(m.group(1)) for m in YEAR.finditer(sentence) if not BASE_YEAR.search(sentence[: m.start()])
        ]
        if years and max(years) < plan_year:
            return True
    return False


# 当前重点是… / 下一步的关键是…: the focus of the work, named before the work itself
FOCUS = re.compile(
    r"^(?:当前|目前|近期|下一步|今后|下阶段)?(?:的)?(?:工作)?(?:重点|关键|首要任务|主要任务)(?:是|就是|在于|要)"
)
# a time limit that opens the sentence: 6月底前完成… / 到2027年，建成…
LEADING_LIMIT = re.compile(rf"(?:在|于|到|至)?(?:{DEADLINE.pattern})[，,]?")
# a clause that opens a sentence without being its duty: a connective, or a leader being quoted
CONNECTIVE = re.compile(
    r"^(?:同时|与此同时|此外|另外|特别是|尤其是|下一步|今后|下阶段|其次|再次|最后|首先|第[一二三四五六七八九十])$"
)
QUOTING = re.compile(r"(?:强调|指出|要求|提出|表示|认为|说|讲)$")
# the speaker announcing what follows: 这里我强调三点 / 下面我讲几点意见
PROCEDURAL = re.compile(
    r"^(?:这里|下面|今天|在此|接下来)?[，,]?我(?:再|先|还|想|就|特别|重点|着重|再次)?(?:讲|强调|谈|说|提)"
)
# circumstance clauses (针对…, 以…为契机, 在…前提下): a title skips them like the framing above
CIRCUMSTANCE = re.compile(
    r"^(?:针对|按照|根据|依据|围绕|结合|对照|对标|立足|站在|面对|面向|为了?|借助|依托|通过|随着)"
    r"|^(?:[^，,]{0,12}(?:要|必须))?以[^，,]{2,40}?为?(?:契机|抓手|引领|牵引|统揽|重点|目标|核心|主线|载体|突破口)$"
    r"|^[^，,]{0,12}在[^，,]{2,40}(?:前提下|基础上|过程中|同时)$"
    r"|^对[^，,]{2,30}(?:的|等)(?:问题|事项|项目|企业|单位|干部|群众|情况)$"
    r"|^[^，,]{2,12}(?:临近|来临|在即|将至|到来之际)$|^对于[^，,]{2,30}$"
)
# a unit that leads or joins the work, before the work itself: 县发改局要牵头做好… / 会同县住建局开展…
UNIT_LEAD = re.compile(
    r"^(?:[^，,。、]{2,24}?(?:局|委|办|部|组|会|院|中心|政府|街道|室)(?:、[^，,。、]{2,12})*)?(?:牵头|负责)"
    r"|^会同(?:[^，,。、]{2,14}?(?:局|委|办|部|院|中心|政府)、?)+"
)
# the subject and modal that open a duty: 各级各部门要 / 我们必须 / 市政府各党组成员要 / 一定要
SUBJECT_MODAL = re.compile(
    r"(?=[\s\S]{0,20}[要务必应请将])"  # a modal or 将 near the start: most clauses fail here, quickly
    r"(?:^(?:[^，,。；;“”\"]{0,16}?(?<![重主只纲必首摘简紧想需])(?:也|还|都|更|则|就|更加|始终)?)?"
    r"(?:一定要|务必|必须|应当|需要|要|请)(?![求素点件闻害])"
    r"|^(?:我们|我市|我县|我区|全市|全县|全区|市政府|县政府|区政府|政府)(?:也|还|都)?将)"
)
ADVERBS = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,3}地|清醒|清楚|深刻|充分|切实|始终|进一步|更加|真正|全面|时刻|全力|大力|积极|着力|持续|不断"
    r"|继续|认真|扎实|深入|努力|主动|坚决|严格|精准|科学|依法|及时|妥善|尽快|逐步|高度|统筹|同步|集中|加快|协同)+"
)
CLAUSE_SPLIT = re.compile(r"[。！？!?；;，,：:]")
FIRST_SENTENCE = re.compile(r"(?<=[。！？!?])")
AFTER_COMMA = re.compile(r"(?<=[，,])")
ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
MODAL_AFTER = re.compile(r"(?:我们|大家|我)?(?:还|也|都)?(?:要|必须|务必|一定要)(?![求素点件闻害])")
COPULA = re.compile(r"^(?P<subj>[^，,]{2,30}?)(?<![要就还不也即总正但于凡只或可像])是(?P<pred>[^，,。]{2,})")
PRINCIPLE = re.compile(
    r"^[^，,]{2,10}首先要|只有[^。]{2,40}才能|^[^，,]{2,12}才能[^，,]{2,12}$|[，,]才能|不是为了[^。]{2,40}而是"
)
QUOTED_NAME = re.compile(r"“[^”]{2,20}”|《[^》]{2,40}》")
# bare periods are deadlines only when the sentence ties the work to them
LIMIT_SUFFIX = re.compile(r"(?:前|以前|之前|内|之内|底|末)$")
EXTRA_DEADLINE = re.compile(
    r"(?=[到至力争利用下本“元春清端中国汛冬入])"  # the first characters, for speed
    r"(?:(?:到|至)\s*(?:19|20)\d\d\s*年(?:\d{1,2}月)?(?:底|末)?(?:前)?"
    r"|(?:力争|争取)?(?:利用|用)[一二两三四五六七八九十\d]{1,2}(?:年|个月)(?:左右)?时间"
    r"|下周|本周|下月|本月|(?:“[^”]{1,4}”|元旦|春节|清明|端午|中秋|国庆)假期(?:前)?|(?:汛期|冬季|入冬|春节|国庆)前)"
)
LIMIT_BEFORE = re.compile(r"(?:在|于|到|至|力争|确保|争取|务必|必须|要|并|，|,)\s*$")
LIMIT_AFTER = re.compile(
    r"^(?:前|完成|建成|开工|投产|实现|落地|启动|举办|召开|全面|全部|基本|临近|期间|之前)"
)
NOT_LIMIT_AFTER = re.compile(r"^(?:是|的|“|已|以来|来|经济|形势|数据|指标|情况)")


@cache
def _preface() -> re.Pattern:
    """The clause that closes a document's preface by making the document: 制定本方案 / 现制定我市…实施意见 /
    提出如下意见 / 特制定本行动计划。"""
    kinds = "|".join(sorted(_data("document_kinds"), key=len, reverse=True))
    make = r"(?:研究)?(?:制定|制订|提出|出台|印发)(?:了)?"
    rest = rf"[^，,；;。、]{{0,24}}(?:{kinds})(?:如下)?[。：:]?$"
    # the document speaks of itself: 现/特 before the verb, or 本/如下 after it (制定实施细则 is work to do)
    return re.compile(rf"^(?:(?:现|特|特此|现就[^，,]{{0,20}}){make}|{make}(?:本|如下|以下)){rest}")


def _data(name: str) -> list[str]:
    return words(f"{name}.txt")


@cache
def _words(name: str) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(_data(name), key=len, reverse=True)))


def _clauses(sentence: str) -> list[str]:
    return [c.strip() for c in CLAUSE_SPLIT.split(sentence) if c.strip()]


def _strip_modal(clause: str) -> str:
    m = SUBJECT_MODAL.match(clause)
    rest = clause[m.end() :] if m else clause
    # 牵头/负责 or 会同 are in every unit lead: tested first, the pattern is slow to fail
    lead = UNIT_LEAD.match(rest) if "牵头" in rest or "负责" in rest or rest.startswith("会同") else None
    if lead and len(rest) - lead.end() >= 4:
        rest = rest[lead.end() :]
    return rest if len(rest) >= 2 else clause


def _unadorned(clause: str) -> str:
    """The clause without the adverbs that open it (切实加强… → 加强…)."""
    m = ADVERBS.match(clause)
    return clause[m.end() :] if m else clause


def _framing(clause: str) -> bool:
    return bool(FRAMING.match(clause) or CIRCUMSTANCE.match(clause) or CONNECTIVE.match(clause))


def is_directive(sentence: str) -> bool:
    """Does the sentence tell someone to do something? Its first clause, or the one after a connective
    (同时，要…) or a circumstance (“五一”假期临近，要…), opens with a modal or a verb of doing; or it names
    the focus of the work (当前重点是抓好…)."""
    s = ORDINAL.sub("", _closed(sentence).strip(), count=1)
    lead = FOCUS.match(s) or LEADING_LIMIT.match(s)  # 当前重点是抓好… / 6月底前完成…
    if lead and VERB_START.match(s[lead.end() :]):
        return True
    if NOT_DIRECTIVE.match(s) or SLOGAN.search(s):
        return False
    if VERB_START.match(s) or MODAL.match(s):
        return True
    clauses = AFTER_COMMA.split(s, maxsplit=2)
    if len(clauses) < 2:
        return False
    first, rest = clauses[0].rstrip("，,"), "".join(clauses[1:])
    # 根据…要求，… / 按照…要求，… is a circumstance, not another's words being quoted
    if QUOTING.search(first) and not CIRCUMSTANCE.match(first) or NOT_DIRECTIVE.match(rest):
        return False
    if CONNECTIVE.match(first) or CIRCUMSTANCE.match(first) or FRAMING.match(first):
        return bool(VERB_START.match(rest) or MODAL.match(rest))
    return bool(MODAL_AFTER.match(rest))


def _duty_like(clause: str) -> bool:
    return bool(MODAL.match(clause) or VERB_START.match(clause) or SUBJECT_MODAL.match(clause))


@lru_cache(maxsize=16)  # a task's title and confidence read the same clauses one after the other
def _reading(clauses: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """Each clause with its subject and modal stripped, and the index of the main clause."""
    bare = tuple(_strip_modal(c) for c in clauses)
    return bare, _main_index(clauses, bare)


def _main_index(clauses: tuple[str, ...], stripped: tuple[str, ...]) -> int:
    cognition = _words("task_cognition_verbs")
    duty_after = None  # whether a later clause reads as a duty, worked out once when first needed
    for i, clause in enumerate(clauses[:-1]):
        bare = stripped[i]
        if _framing(clause) or bare != clause and _framing(bare):
            continue
        if QUOTING.search(clause) and not VERB_START.match(clause):
            continue  # 总书记强调，… (but 严格落实“三督三察”要求 is the duty)
        if len(bare) <= 6 and cognition.match(_unadorned(bare)):
            continue  # 全党必须牢记，…
        if not _duty_like(clause):
            if duty_after is None:
                duty_after = _duties_after(clauses)
            if duty_after[i]:
                continue  # 我市矿山问题突出，要…: a statement of the situation before the duty
        return i
    return len(clauses) - 1 if clauses else 0


def _duties_after(clauses: list[str]) -> list[bool]:
    """For each clause, whether any clause after it reads as a duty (one pass from the end)."""
    out, seen = [False] * len(clauses), False
    for i in range(len(clauses) - 1, -1, -1):
        out[i] = seen
        seen = seen or _duty_like(clauses[i])
    return out


def main_clause(sentence: str) -> str:
    """The clause that says what to do: numbering, framing and circumstance clauses skipped, a subject with
    its modal (各级各部门要, 我们必须) stripped; a clause of knowing (全党必须牢记) gives way to the next."""
    s = ORDINAL.sub("", _closed(sentence).strip(), count=1)
    s = FIRST_SENTENCE.split(s, maxsplit=1)[0]  # a heading with its text: the heading's sentence
    bare, main = _reading(tuple(_clauses(s) or [s.strip()]))
    return bare[main]


def task_title(sentence: str, limit: int = 40) -> str:
    """The task as verb and object: the main clause, lists shortened to their first item (A、B、C等N → A等N)
    and cut at a list boundary to `limit` characters, with no dangling punctuation."""
    title = main_clause(ASIDE.sub("", sentence))  # asides in brackets are no title
    if len(title) > limit and "等" in title:
        head, tail = title.rsplit("等", 1)
        if "、" in head:
            title = head.split("、", 1)[0] + "等" + tail
    if len(title) > limit:
        cut = max(title.rfind(mark, 0, limit) for mark in "、和及与")
        title = title[:cut] if cut >= limit // 2 else title[: limit - 1] + "…"
    if title.count("“") > title.count("”"):
        title = title[: title.rfind("“")] if title.rfind("“") >= 4 else title.replace("“", "")
    return title.rstrip('、，,；;：:（(“"').strip()


def task_deadline(sentence: str) -> str | None:
    """The phrase that limits the work in time (6月底前, 年内, 到2027年, 四季度 when the work is tied to it),
    not a period the sentence only mentions (抢抓四季度“黄金季”, 四季度是事故高发期)."""
    found = sorted(
        [(m.start(), m.end()) for m in DEADLINE.finditer(sentence)]
        + [(m.start(), m.end()) for m in EXTRA_DEADLINE.finditer(sentence)]
    )
    for a, b in found:
        phrase, before, after = sentence[a:b], sentence[max(0, a - 4) : a], sentence[b : b + 4]
        if NOT_LIMIT_AFTER.match(after) or re.search(r"(?:以来|截至|截止|过去|去年|距离|距)", before):
            continue
        if (
            LIMIT_SUFFIX.search(phrase)
            or phrase.startswith(("到", "至"))
            or phrase.endswith(("假期", "时间"))
        ):
            return phrase
        if LIMIT_BEFORE.search(before) or LIMIT_AFTER.match(after) or a == 0:
            return phrase
    return None


@cache
def _word_tuple(name: str) -> tuple[str, ...]:
    return tuple(_data(name))


def _ends_with(clause: str, name: str) -> bool:
    """Does the clause end with a word of the list `name`?"""
    return clause.endswith(_word_tuple(name))


def task_confidence(
    sentence: str,
    *,
    units: bool = False,
    targets: int = 0,
    deadline: bool = False,
    overview: bool = False,
    lead_in: bool = False,
) -> float:
    """How sure the engine is that a directive sentence is a task a unit can be held to (0–1), from its own
    evidence. A concrete object of work (a named programme, project, system), several verbs of doing, a unit,
    a quantity or a deadline raise it; a judgement (X是…的出发点, X首先要Y), a clause of knowing (要深刻认识…),
    attitude without an object of work (强化责任意识), work in general (各项工作) and an all-embracing subject
    (全市上下要…) lower it. `overview`: the sentence opens a section that has sub-headings; `lead_in`: a short
    sentence followed by the sentences that carry the work (要盯住工业经济。)."""
    s = ORDINAL.sub("", _closed(sentence).strip(), count=1)
    clauses = tuple(_clauses(s) or [s])
    bare, index = _reading(clauses)
    lead, main = clauses[index], bare[index]
    score = 0.6
    verb = VERB_START.match(lead)
    if not (MODAL.match(lead) or FOCUS.match(lead)) and not (verb and len(verb.group(0)) >= 2):
        score -= 0.15  # no modal, no verb of doing: at most a bare single-character verb
    first = clauses[0]
    copula = COPULA.match(first)
    if (
        copula
        and not MODAL.match(copula.group("subj"))
        and not _words("task_work_verbs").match(copula.group("pred"))
    ):
        score -= 0.4  # 抓落实是政府工作的生命线
    elif _ends_with(first, "task_judgement_words") and not (MODAL.match(first) or VERB_START.match(first)):
        score -= 0.35  # 强国建设、民族复兴的接力棒，…
    if PRINCIPLE.search(s):
        score -= 0.35  # 稳经济首先要稳工业
    if _ends_with(clauses[-1], "task_evaluations"):
        score -= 0.3  # 做好明年经济工作，任务艰巨、责任重大
    if _words("task_cognition_verbs").match(_unadorned(main)):
        score -= 0.4  # 必须清醒认识…
    attitude = "task_attitude_words"
    generic = _words("task_generic_objects")
    if _ends_with(main, attitude):
        objects = _words("task_work_objects")
        work = any(objects.search(c) and not _ends_with(c, attitude) for c in clauses)
        score -= 0.1 if work else 0.25  # 要强化斗争精神 (要增强机遇意识，抓紧申报一批专项债项目 is work)
    soft = sum(1 for c in clauses if _ends_with(c, attitude) or generic.search(c))
    if len(clauses) >= 2 and soft * 2 >= len(clauses):
        score -= 0.15  # mostly attitude and work in general
    if _words("task_whole_subjects").match(s):
        score -= 0.15
    if QUOTING.search(first) and not (VERB_START.match(first) or CIRCUMSTANCE.match(first)):
        score -= 0.3  # 会议指出，… / 总书记强调，…: another's words, not this document's assignment
    if PROCEDURAL.match(s):
        score -= 0.3  # 这里我强调三个硬任务
    if len(clauses) >= 2 and _preface().match(clauses[-1]):
        score -= 0.5  # 为…，结合实际，制定本方案: the preface that makes the document
    objects = {m.group(0) for m in _words("task_work_objects").finditer(s)}
    work_verbs = _words("task_work_verbs")
    verbs = sum(1 for c in bare if work_verbs.match(_unadorned(c)))
    score += min(0.18, 0.06 * len(objects)) + min(0.16, 0.04 * verbs)
    if QUOTED_NAME.search(s):
        score += 0.08
    if len(s) < 16:
        score -= 0.1
    if overview and not targets:
        score -= 0.3  # the summary that opens a section with sub-headings; its quantities are concrete
    if lead_in:
        score -= 0.3
    score += 0.2 * bool(units) + (0.3 if targets >= 3 else 0.2 * bool(targets)) + 0.15 * bool(deadline)
    return round(min(0.98, max(0.05, score)), 2)


def is_lead_in(text: str, s: int, e: int, para_end: int) -> bool:
    """A short duty with no comma that opens what follows in its paragraph, a field rather than the work:
    要盯住工业经济。 / 要强化守信践诺。 (a short bare item such as 全面建成重点专科。 is work); or a short one
    that announces the list after it: 要突出“六个严抓”："""
    sentence = ORDINAL.sub("", text[s:e].strip(), count=1)
    if not MODAL.match(sentence):
        return False
    if len(sentence) <= 24 and sentence.endswith(("：", ":")):
        return True
    return len(sentence) <= 16 and not re.search(r"[，,、；;：:]", sentence) and para_end - e > 10


FRAME_HEADING = re.compile(
    "^(?:"
    + "|".join(sorted(_data("task_frame_headings"), key=len, reverse=True))
    + ")(?:(?:和|与|及)(?:"
    + "|".join(sorted(_data("task_frame_headings"), key=len, reverse=True))
    + "))?$"
)
PRINCIPLE_HEADING = re.compile(
    "^(?:"
    + "|".join(sorted(_data("task_principle_headings"), key=len, reverse=True))
    + ")(?:和|与|及|[。：:]|$)"
)
RUN_IN_MARK = "。！!"


def _principle_heading(title: str) -> bool:
    """（一）指导思想 / 一、指导思想和基本原则: a section of the plan's guiding thought (data/task_principle_headings.txt)."""
    return bool(PRINCIPLE_HEADING.match(ORDINAL.sub("", _closed(title).strip(), count=1).strip()))


SENTENCE_END = re.compile(r"[。！？!?；;]")
SPOKEN_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}(?:要|是)|第[一二三四五六七八九十]{1,2}[，、,：:]|(?:首先|其次|再次|最后)[，,：:])"
)


def settle_items(doc, text: str) -> None:
    """What a plan's structure says about the tasks found in it: none under a section of guiding thought and
    principles (（一）指导思想: 坚持以…为指导，…), and its items' headings taken in (`_take_in_run_in_heads`)."""
    principles = {n.id for n in doc.nodes() if _principle_heading(n.title)}
    if principles:
        kept = [t for t in doc.tasks if t.node_id not in principles]
        ids = {t.id for t in kept}
        doc.tasks = kept
        for target in doc.targets:
            if target.task_id and target.task_id not in ids:
                target.task_id = None
    _take_in_run_in_heads(doc, text)


def _take_in_run_in_heads(doc, text: str) -> None:
    """An item headed by a run-in heading (1.加强政策发布解读。围绕…，及时… / ——产业发展攻坚。到2025年，…) that gives
    one task is one piece of work whose heading says what and whose sentences say how: the task, in the
    heading's paragraph, takes the heading in (titled by it when it is a directive). An item that is nothing but
    its heading (1.增强政策制定实施的透明度，提振市场主体信心。 — a heading whose whole sentence is the work, or an
    excerpt cut inside its first sentence) is that heading, when it is a directive. A heading over several tasks
    (（一）推进乡村全面振兴。健全…。新建…) is their area, as is a speech's field (一要…/要在…上突破提升), and headings
    that only frame the plan (（一）工作目标。…) stay as they are; `text` is the text the outline was read from."""
    by_node: dict[str, list] = {}
    for task in doc.tasks:
        by_node.setdefault(task.node_id, []).append(task)
    # ids go on from the highest one given (tasks may have been left out since: their ids are not reused)
    numbers = [int(t.id[1:]) for t in doc.tasks if t.id[1:].isdigit()]
    next_id = max(numbers, default=0) + 1
    added = False
    covers = _Cover(doc.tasks)
    for node in doc.nodes():
        if node.children or node.kind == "review":
            continue
        head_end = node.start + len(node.title)
        line_end = text.find("\n", node.start)
        line_end = len(text) if line_end < 0 else line_end
        run_in = text[head_end : head_end + 1] in RUN_IN_MARK and bool(text[head_end + 1 : line_end].strip())
        head = ORDINAL.sub("", _closed(node.title).strip(), count=1).strip()
        numbered = head != _closed(node.title).strip()  # an item of a list, not a title line
        if not head or FRAME_HEADING.match(head):
            continue
        # 一要…/首先，要…/要在…上突破提升: a speech's field, named by the area, not the title of its first duty
        spoken = bool(SPOKEN_HEAD.match(node.title) or MODAL.match(head))
        mine = sorted(by_node.get(node.id, []), key=lambda t: t.start)
        if mine and mine[0].start <= head_end:
            continue  # the heading is a whole sentence, already a task of its own
        if not mine and covers(node.start):
            continue  # a sub-item of a task that spans its whole item (one assignment after （1）…（4）)
        directive = not spoken and is_directive(head + "。") and task_confidence(head + "。") >= 0.5
        if len(mine) == 1 and mine[0].start < line_end and run_in and not spoken:
            first = mine[0]
            first.start, first.text = node.start, doc.text[node.start : first.end]
            covers.changed.append(first)
            if directive:
                first.title = task_title(head)
        elif not mine and directive and numbered and not SENTENCE_END.search(text, head_end + 1, node.end):
            # nothing but the heading (a list of bare items), or a first sentence the excerpt cuts off
            end = head_end + (text[head_end : head_end + 1] in RUN_IN_MARK)
            doc.tasks.append(
                Task(
                    id=f"t{next_id}",
                    node_id=node.id,
                    title=task_title(head),
                    text=doc.text[node.start : end],
                    start=node.start,
                    end=end,
                    kind="plan",
                    confidence=task_confidence(head + "。"),
                )
            )
            covers.changed.append(doc.tasks[-1])
            added, next_id = True, next_id + 1
    if added:
        doc.tasks.sort(key=lambda t: t.start)


class _Cover:
    """Whether a position lies inside one of `tasks` (start <= pos < end), by bisection over the tasks as
    they were, then over the few changed or added since (`changed`): a task's start only ever moves earlier."""

    def __init__(self, tasks):
        spans = sorted((t.start, t.end) for t in tasks)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))  # the furthest end so far
        self.changed = []

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.reach[i] > pos:
            return True
        return any(t.start <= pos < t.end for t in self.changed)


YEAR_OF_PHRASE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年|[-./])")


def due_date(phrase: str | None, plan_year: int | None) -> str | None:
    """The deadline phrase as YYYY-MM-DD in the document's plan year (6月底前 → 2026-06-30); None for a
    phrase that names no date (长期坚持, 持续推进) or when no year is known."""
    if not phrase:
        return None
    m = YEAR_OF_PHRASE.search(phrase)
    year = plan_year or (int(m.group(1)) if m else None)
    if year is None:
        return None
    # 6月底前完成方案，年底前全面完成: the work is done by the last of its dates
    dates = [parse_deadline(part, year) for part in re.split(r"[，,；;。]", phrase) if part.strip()]
    dates = [d for d in dates if d] or [parse_deadline(phrase, year)]
    return max(dates).isoformat() if dates[0] else None
