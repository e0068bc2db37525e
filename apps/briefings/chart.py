"""The 通报's chart: tasks by category in each area (stacked bars), a matplotlib PNG drawn with a CJK font
found on the system. Without matplotlib or without a CJK font there is no chart (None and the reason):
the document says so in its notes and is generated all the same."""

import io
from pathlib import Path

from .data import AHEAD, BEHIND, CATEGORIES, DONE, NOT_STARTED, ON_PACE

try:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
except ImportError:  # the chart is optional: the document is complete without it
    Figure = FontProperties = None

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
FONT_GLOBS = ("*wqy*", "*NotoSansCJK*", "*NotoSerifCJK*", "*SourceHan*", "*DroidSansFallback*")
COLOURS = {
    DONE: "#2e7d32",
    AHEAD: "#1565c0",
    ON_PACE: "#64b5f6",
    BEHIND: "#c62828",
    NOT_STARTED: "#9e9e9e",
}


def cjk_font(candidates=FONT_CANDIDATES, root="/usr/share/fonts") -> str | None:
    """The path of a CJK font file on this system, or None."""
    for path in candidates:
        if Path(path).is_file():
            return path
    base = Path(root)
    if base.is_dir():
        for pattern in FONT_GLOBS:
            for path in sorted(base.rglob(pattern)):
                if path.suffix.lower() in (".ttc", ".ttf", ".otf"):
                    return str(path)
    return None


def render(data, *, font_path: str | None = None) -> tuple[bytes | None, str]:
    """(PNG bytes, "") or (None, why there is no chart)."""
    if Figure is None:
        return None, "未安装 matplotlib，未插入图表"
    font_path = font_path or cjk_font()
    if font_path is None:
        return None, "系统未找到中文字体（如 fonts-wqy-microhei），未插入图表"
    if not data["areas"]:
        return None, "无任务，未插入图表"
    font = FontProperties(fname=font_path)
    areas = data["areas"]
    names = [a["area"] if len(a["area"]) <= 12 else a["area"][:11] + "…" for a in areas]
    fig = Figure(figsize=(6.2, max(2.4, 0.5 * len(areas) + 1.4)), dpi=150)
    ax = fig.add_subplot()
    left = [0] * len(areas)
    for cat in CATEGORIES:
        values = [a[cat] for a in areas]
        ax.barh(names, values, left=left, color=COLOURS[cat], label=cat)
        left = [x + v for x, v in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("任务数（项）", fontproperties=font)
    ax.set_title("各领域任务进展分布", fontproperties=font)
    for label in ax.get_yticklabels():
        label.set_fontproperties(font)
    ax.legend(prop=font, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(areas) < 4 else -0.1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue(), ""
