"""Responsible units named in a sentence, and matching those mentions to a unit tree.

>>> find_units("请市住建局、商务局牵头组织好房交会。")
(['市住建局', '市商务局'], [])
>>> find_units("县委改革办要聚焦重点改革任务。")
(['县委改革办'], [])
>>> find_units("由市发改委牵头，市财政局、自然资源局配合。")
(['市发改委'], ['市财政局', '市自然资源局'])
>>> assigned_units("牵头单位：区行政审批局\\n责任单位：区发改局、区市场监管局、区直各有关部门")
(['区行政审批局'], ['区发改局', '区市场监管局'])
>>> assigned_units("（责任单位：县财政局（牵头）、县税务局）")
(['县财政局'], ['县税务局'])
>>> match_units(["市住建局", "发改委"], ["市住房和城乡建设局", "市发展和改革委员会"])
{'市住建局': '市住房和城乡建设局', '发改委': '市发展和改革委员会'}
"""

from __future__ import annotations

import re

PREFIXES = ("省", "市", "县", "区", "州", "旗", "乡", "镇")
SUFFIX = r"(?:委员会|办公室|领导小组|工作专班|指挥部|管委会|委会|局|委|办|厅|部|院|中心|公司|集团|政府|街道|队|站|所|社|会|联)"
UNIT = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,3}}?(?:省|市|县|区|州))?[\u4e00-\u9fff]{{1,10}}?{SUFFIX}$")
GENERIC = re.compile(
    r"^(各|有关|相关|其他|所有|全体|本|该|我|其)|^(部门|单位|大会|全会|会议|社会|协会|委员会)$"
)
LEAD_MARK = re.compile(
    r"(?:也|还|都|要|分别|会同[^，。；]{1,30}?)?(?:牵头|负责|抓总|主抓)|(?:也|还|都|一定)?要(?!求)"
)
CO_MARK = re.compile(r"(?:配合|协助|参与|协同|共同)")
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
    """Split 市住建局、商务局 into names, carrying the administrative prefix to those without one."""
    subject = re.sub(r"^(请|由|要求|责成|建议)", "", subject.strip())
    names = [s for s in SPLIT.split(subject) if s]
    if not names or not all(UNIT.match(n) and not GENERIC.search(n) and len(n) <= 16 for n in names):
        return []
    prefix = next((p for p in PREFIXES[:5] if names[0].startswith(p)), "")
    return [n if not prefix or n.startswith(PREFIXES) else prefix + n for n in names]


def find_units(sentence: str) -> tuple[list[str], list[str]]:
    """Lead and co-operating units mentioned as the doers of a sentence (each list in order, no repeats)."""
    leads: list[str] = []
    cos: list[str] = []
    for clause in re.split(r"[。；;！？]", sentence):
        for part in re.split(r"[，,：:]", clause):
            m = LEAD_MARK.search(part)
            if m and m.start() > 0:
                leads += _items(part[: m.start()])
            c = CO_MARK.search(part)
            if c and c.start() > 0:
                cos += _items(part[: c.start()])
            if m:
                for g in re.finditer(r"会同([^，。；]{2,40}?)(?:牵头|负责|共同|抓|做好|推进|开展)", part):
                    cos += _items(g.group(1))
    leads = list(dict.fromkeys(leads))
    return leads, [c for c in dict.fromkeys(cos) if c not in leads]


# the assignment of a 工作要点 item, on lines of its own or in brackets after it:
# 牵头单位：区发改局；责任单位：区财政局、区税务局；完成时限：2026年6月底前
ASSIGNMENT_FIELD = re.compile(
    r"(?P<key>牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|完成时限|完成时间|时间节点|时限要求)"
    r"\s*[：:]\s*(?P<value>[^；;\n]*?)\s*(?=[；;\n]|[）)]?\s*$|[）)]\s*[\n；;]|$)"
)
LEAD_KEYS = ("牵头单位", "牵头部门")
CO_KEYS = ("配合单位", "配合部门", "协办单位", "参与单位")
TIME_KEYS = ("完成时限", "完成时间", "时间节点", "时限要求")


def _unit_list(value: str) -> list[str]:
    """区发改局、区财政局等 → names, without collective words (区直各有关部门, 相关单位)."""
    names = []
    for part in re.split(r"[、，,/]|\s+", value):  # not on 和: 住房和城乡建设局
        part = re.sub(r"[（(][^）)]*[）)]$", "", part.strip()).strip("等 ")
        if len(part) >= 2 and not re.search(r"各|有关|相关|其他|所有", part):
            names.append(part)
    return names


def assigned_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and co-operating units of the assignment fields in `text`. Under 责任单位 alone the unit
    marked （牵头） leads, else the first one listed."""
    leads: list[str] = []
    cos: list[str] = []
    responsible: list[str] = []
    marked: list[str] = []
    for m in ASSIGNMENT_FIELD.finditer(text):
        key, value = m.group("key"), m.group("value")
        if key in TIME_KEYS:
            continue
        names = _unit_list(value)
        marked += [n for n in names if re.search(re.escape(n) + r"\s*[（(]牵头[）)]", value)]
        if key in LEAD_KEYS:
            leads += names
        elif key in CO_KEYS:
            cos += names
        else:
            responsible += names
    if responsible and not leads:
        leads = marked or responsible[:1]
    cos += responsible
    leads = list(dict.fromkeys(leads))
    return leads, [c for c in dict.fromkeys(cos) if c not in leads]


def assigned_deadline(text: str) -> str | None:
    """The raw value of 完成时限：… in `text`: "" when it names no time (长期坚持, 持续推进), None without one."""
    for m in ASSIGNMENT_FIELD.finditer(text):
        if m.group("key") in TIME_KEYS:
            value = m.group("value").strip("（）() ")
            return value if re.search(r"\d|[一二三四五六七八九十]+月|年(底|末|内)|季度|半年", value) else ""
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
    is unambiguous. Mentions without a match are left out."""
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
        if mention in exact:
            out[mention] = mention
            continue
        bare = _strip_prefix(mention)
        prefix = mention[: len(mention) - len(bare)]
        for candidates in (by_bare.get(bare), by_long.get(_expand(bare))):
            if candidates:
                out[mention] = _prefer(candidates, prefix)
                break
        else:
            hits = [
                n
                for n in names
                if _strip_prefix(n)[:1] == bare[:1]
                and _strip_prefix(n)[-1:] == bare[-1:]
                and _subsequence(bare, _strip_prefix(n))
            ]
            if hits:
                best = _prefer(hits, prefix)
                shortest = min(len(_strip_prefix(h)) for h in hits)
                if len({_strip_prefix(h) for h in hits if len(_strip_prefix(h)) == shortest}) == 1:
                    out[mention] = best
    return out


def _prefer(candidates: list[str], prefix: str) -> str:
    """Among equal matches take the one with the mention's prefix (市 over 县), else the shortest."""
    with_prefix = [c for c in candidates if prefix and c.startswith(prefix)]
    return min(with_prefix or candidates, key=len)
