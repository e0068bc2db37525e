"""Score the 承接落实 matcher against the hand alignment: `python -m extractor.eval.align.score --split dev`.

For each pair of pairs.json in the split, `extractor.align.align(upper, lower)` runs in-process and each line of
gold.jsonl is looked up in its result (README.md):

- the lower task of a gold line = the extracted lower task whose span contains the line's `lower` substring; none
  = "lower task not extracted" (`not_extracted`), a miss for every figure of the line;
- `parent_not_extracted` = lines with a parent none of whose `upper` substrings lies in a task the extractor finds
  in the upper document: misses of extraction, which no matching can put right; `matchable` = lines with a parent
  whose lower task and a parent task are both extracted, `P1_matchable` = P1 over those (the matcher's own share);
- a candidate is right when its upper span contains one of the line's `upper` substrings;
- P1 = share of lines with a parent whose top candidate is right, R3 = share with a right one among the top three;
- empty = share of lines without a parent (new local work) whose candidates list is empty;
- coverage = share of the gold's upper tasks (every `upper` substring, and the `unclaimed` lines) whose state
  agrees with the gold: claimed when some lower task has it as top candidate at or above the matcher's threshold.

One line per pair, then one per split (micro-averaged over the lines), machine-readable as `name=value`:
    pair A dev  lines=25 parents=17 P1=… R3=… not_extracted=… parent_not_extracted=… matchable=… P1_matchable=…
        noparent=8 empty=… upper=16 coverage=…   (on one line)
    split dev  lines=… parents=… P1=… R3=… …
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ... import align as matcher
from ... import extract

HERE = Path(__file__).resolve().parent

AlignFn = Callable[[str, str], list[dict]]


@dataclass
class Pair:
    name: str
    upper: str
    lower: str
    lines: list[dict]  # gold lines with a lower task
    unclaimed: list[str]  # upper substrings no lower task carries


@dataclass
class Tally:
    lines: int = 0
    parents: int = 0
    p1: int = 0
    r3: int = 0
    not_extracted: int = 0
    parent_not_extracted: int = 0
    matchable: int = 0
    p1_matchable: int = 0
    noparent: int = 0
    empty: int = 0
    upper: int = 0
    agree: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        names = ("lines", "parents", "p1", "r3", "not_extracted", "parent_not_extracted", "matchable")
        for name in (*names, "p1_matchable", "noparent", "empty", "upper", "agree"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def figures(self) -> str:
        def share(n: int, d: int) -> str:
            return f"{n / d:.3f}" if d else "—"

        return (
            f"lines={self.lines} parents={self.parents} P1={share(self.p1, self.parents)} "
            f"R3={share(self.r3, self.parents)} not_extracted={self.not_extracted} "
            f"parent_not_extracted={self.parent_not_extracted} matchable={self.matchable} "
            f"P1_matchable={share(self.p1_matchable, self.matchable)} noparent={self.noparent} "
            f"empty={share(self.empty, self.noparent)} upper={self.upper} "
            f"coverage={share(self.agree, self.upper)}"
        )


def load(names: list[str] | None = None, here: Path = HERE) -> list[Pair]:
    files = json.loads((here / "pairs.json").read_text(encoding="utf-8"))
    gold = [json.loads(line) for line in (here / "gold.jsonl").open(encoding="utf-8") if line.strip()]
    pairs = []
    for name in names or sorted(files):
        rows = [g for g in gold if g["pair"] == name]
        pairs.append(
            Pair(
                name=name,
                upper=(here / files[name]["upper"]).read_text(encoding="utf-8"),
                lower=(here / files[name]["lower"]).read_text(encoding="utf-8"),
                lines=[g for g in rows if g.get("kind") != "unclaimed"],
                unclaimed=[g["upper"] for g in rows if g.get("kind") == "unclaimed"],
            )
        )
    return pairs


def _find(text: str, part: str, what: str) -> tuple[int, int]:
    at = text.find(part)
    if at < 0 or text.find(part, at + 1) >= 0:
        raise ValueError(f"{what} {part!r} is not an exact, unique substring of its document")
    return at, at + len(part)


def _inside(span: dict, where: tuple[int, int]) -> bool:
    return span["start"] <= where[0] and where[1] <= span["end"]


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def score_pair(
    pair: Pair, links: list[dict], threshold: float, upper_spans: list[dict] | None = None
) -> Tally:
    """The figures of one pair, given the matcher's result for it (`align(pair.upper, pair.lower)`) and, to tell
    extraction misses from matching misses, the spans of the tasks extracted from the upper document."""
    t = Tally()
    claimed_gold: dict[tuple[int, int], str] = {}
    for line in pair.lines:
        where = _find(pair.lower, line["lower"], f"pair {pair.name}: lower")
        parents = [_find(pair.upper, u, f"pair {pair.name}: upper") for u in line["upper"]]
        for u, at in zip(line["upper"], parents, strict=True):
            claimed_gold[at] = u
        t.lines += 1
        link = next((lk for lk in links if _inside(lk["lower"], where)), None)
        parent_found = upper_spans is None or any(_inside(s, p) for s in upper_spans for p in parents)
        if parents:
            t.parents += 1
            if not parent_found:
                t.parent_not_extracted += 1
                t.errors.append(f"[{pair.name}] {_short(line['lower'], 30)}: parent task not extracted")
        else:
            t.noparent += 1
        label = f"[{pair.name}] {_short(line['lower'], 30)}"
        if link is None:
            t.not_extracted += 1
            t.errors.append(f"{label}: lower task not extracted")
            continue
        cands = link["candidates"]
        if not parents:
            if not cands:
                t.empty += 1
            else:
                t.errors.append(f"{label}: new local work, yet {_candidates(cands)}")
            continue
        right = [any(_inside(c["upper"], p) for p in parents) for c in cands[:3]]
        t.p1 += bool(right[:1] and right[0])
        t.r3 += any(right)
        if parent_found:
            t.matchable += 1
            t.p1_matchable += bool(right[:1] and right[0])
        if not (right[:1] and right[0]):
            gold = " | ".join(_short(u, 24) for u in line["upper"])
            rank = f"right at {right.index(True) + 1}" if any(right) else "not in top 3"
            t.errors.append(f"{label}: {rank}; gold {gold}; {_candidates(cands)}")
    tops = [lk["candidates"][0] for lk in links if lk["candidates"]]
    states = [(at, u, True) for at, u in claimed_gold.items()]
    states += [(_find(pair.upper, u, f"pair {pair.name}: unclaimed"), u, False) for u in pair.unclaimed]
    for at, u, gold_claimed in states:
        claimed = any(c["score"] >= threshold and _inside(c["upper"], at) for c in tops)
        t.upper += 1
        if claimed == gold_claimed:
            t.agree += 1
        else:
            state = "claimed" if gold_claimed else "unclaimed"
            t.errors.append(
                f"[{pair.name}] upper {_short(u, 30)}: {state} in gold, not in the coverage report"
            )
    return t


def _candidates(cands: list[dict]) -> str:
    return "got " + (
        " / ".join(f"{c['score']:.2f} {_short(c['upper']['text'], 24)}" for c in cands[:3]) or "none"
    )


def upper_spans(text: str) -> list[dict]:
    return [{"start": task.start, "end": task.end} for task in extract(text).tasks]


def run(pairs: list[Pair], align: AlignFn, threshold: float, spans=upper_spans) -> dict[str, Tally]:
    return {p.name: score_pair(p, align(p.upper, p.lower), threshold, spans(p.upper)) for p in pairs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show-errors", action="store_true", help="list every miss (look at dev ones only)")
    a = ap.parse_args(argv)
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    groups = ("dev", "test") if a.split == "all" else (a.split,)
    tallies = run(load([n for g in groups for n in split[g]]), matcher.align, matcher.THRESHOLD)
    for group in groups:
        for name in split[group]:
            print(f"pair {name} {group}  {tallies[name].figures()}")
    for group in groups:
        total = Tally()
        for name in split[group]:
            total.add(tallies[name])
        print(f"split {group}  {total.figures()}")
        if a.show_errors:
            for error in total.errors:
                print("   ", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
