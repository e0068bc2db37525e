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
"""

from __future__ import annotations

import re

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
VERBS = (
    "加快 推进 推动 确保 力争 深化 实施 加强 完善 健全 落实 开展 持续 坚持 强化 提升 提高 建设 打造 培育 支持 促进 "
    "扩大 优化 积极 大力 着力 统筹 争取 建立 新建 完成 开工 引进 办好 抓好 做好 抓实 夯实 巩固 拓展 构建 发展 实现 "
    "保持 坚决 严格 全面 深入 切实 认真 聚焦 围绕 紧盯 用好 发挥 鼓励 引导 规范 探索 创新 组织 压实 防范 化解 保障 "
    "改善 增强 加大 稳定 稳妥 有序 扎实 全力 努力 主动 不断 进一步 继续 接续 启动 谋划 编制 制定 出台 修订 推广 "
    "整治 治理 清理 严厉 严肃 加力 做强 做大 做优 壮大 补齐 筑牢 守住 守牢 牢牢 树牢 扛牢 营造 配置 布局 升级 改造 "
    "新增 投入 举办 高质量 高水平 及时 定期 每年 务必 必须 一定要 要 请 由 抓住 抓紧 盯住 严抓 狠抓 抓 加速 "
    "提速 落地 完成 实行 推行 执行 贯彻 学习 开发 争创 创建 申报 开展 深化 筹备 调度 督促 保证 维护 服务 "
    "集中 重点 优先 因地制宜 多渠道 全方位 以 把 对 让 使 力促 攻坚 强 做 建 促 稳 优 补 扩 减 控 防 治 管 严"
).split()
VERB_START = re.compile("^(?:" + "|".join(sorted(set(VERBS), key=len, reverse=True)) + ")")
MODAL = re.compile(
    r"^[^，,。；;“”\"]{0,24}?(?<![重主只纲必首摘简紧想])(要|必须|务必|应当|一定要|需要)(?![求素点件闻害])"
    r"|^(我们|我市|我县|我区|全市|全县|全区|政府)[^，,。；;]{0,6}将"
)
NOT_DIRECTIVE = re.compile(
    r"^(今年是|明年是|这是|这些|当前|目前|近年来|我们深切体会到|总的来看|实践证明|事实证明|让我们)"
    r"|^[^，,。]{0,12}要(清醒地|清楚地|充分)?(看到|认识到|明白|知道|相信)"
)
# the closing call of a speech or report: 为…而努力奋斗！ / 作出新的更大贡献！
SLOGAN = re.compile(r"(而(努力|不懈)?奋斗|作出新的?更大的?贡献|贡献(智慧和)?力量)[！!。]?$")
# clauses that frame a sentence rather than say what to do; a title skips them when a later clause exists
FRAMING = re.compile(
    r"^(?:到|至|在|截至)?(?:(?:19|20)\d\d\s*年(?:底|末|前)?|今年|明年|年内|全年|当前|目前|今后五年|今后一个时期"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)|同时|其中|此外|另外|为此|对此|总之|总的来看)$"
    r"|^(?:[^，,]{0,12}要)?在[^，,]{2,24}(?:领导|带领|指导|支持)下$"
    r"|^(?:坚持|始终坚持)?以[^，,]{2,40}为(?:指导|引领|统领|主线|抓手|牵引)$"
    r"|^(?:综合考虑|统筹考虑)[^，,]{0,20}$"
)
ORDINAL = re.compile(
    r"^([一二三四五六七八九十]{1,3}[、，,]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[\.．、]|[①-⑳]|——|"
    r"第[一二三四五六七八九十]{1,2}[，、,：:]?|[一二三四五六七八九十]{1,2}(是|要))"
)


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


def is_directive(sentence: str) -> bool:
    s = ORDINAL.sub("", sentence.strip(), count=1)
    if NOT_DIRECTIVE.match(s) or SLOGAN.search(s):
        return False
    return bool(VERB_START.match(s) or MODAL.match(s))


def task_title(sentence: str, limit: int = 40) -> str:
    """The first clause of a sentence, without numbering or a leading 要, cut to `limit` characters."""
    s = ORDINAL.sub("", sentence.strip(), count=1)
    s = re.sub(r"^要(?=[\u4e00-\u9fff])", "", s)
    clauses = [c.strip() for c in re.split(r"[。！？!?；;，,：:]", s) if c.strip()]
    first = next((c for c in clauses if not FRAMING.match(c)), clauses[0] if clauses else s.strip())
    return first if len(first) <= limit else first[: limit - 1] + "…"
