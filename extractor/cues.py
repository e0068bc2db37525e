"""The cue words of the forward/past decision as data (extractor/data/*.txt, one word a line, a note in lines
starting with #), the patterns that find them, and the two marks every reading needs: the gap a masked pinyin
reading leaves inside a word, and a rank reached."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# the gap a masked pinyin reading leaves inside a word (計(jì)劃 reads 計    劃): cues are looked for with it closed
READING_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) {3,}(?=[\u4e00-\u9fff\d])")
# a rank reached (增量全市第1, 总量全省第三, 居全国前10): a result; goals aim at 前列 or a 第一方阵, not at a number
RANK = re.compile(
    r"(?:全市|全省|全国|全区|全州|全县|全盟)(?:第|前)\s*[一二三四五六七八九十\d]{1,3}(?![方梯档集阵])"
)


def words(name: str) -> list[str]:
    """One word a line; lines starting with # are the file's note."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def spaced(word: str) -> str:
    """A word as a pattern that also matches across the spaces a masked pinyin reading leaves between its
    characters (過(guò)去 reads 过     去 after masking)."""
    return " *".join(re.escape(ch) for ch in word)


def alternatives(ws) -> str:
    return "|".join(spaced(w) for w in sorted(ws, key=len, reverse=True))


@cache
def pattern(name: str) -> re.Pattern:
    return re.compile(alternatives(words(name)))
