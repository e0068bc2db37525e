"""Score the engine's tasks (and their units and deadlines) against a hand-annotated gold file.

    .venv/bin/python -m extractor.eval.score_tasks extractor/eval/fengong/gold.jsonl --split dev --show-errors

A gold line is one task: {"doc", "task", "lead_units", "co_units", "deadline", "due"[, "split"]}.
`lead_units` / `co_units` null means "not annotated" (speech gold): those tasks are left out of the
unit scores. A document's split comes from its lines' "split" field, else from split.json beside the
gold file; a document with neither is only scored under --split all.

Each document is read with extractor.load_text and extracted with extractor.extract, in-process.
Tasks are matched without offsets, by text (see `similarity`), one to one and greedily.

Metrics, over the selected documents:
  tasks P/R/F1   matched (TP), predicted but unmatched (FP), gold but unmatched (FN)
  lead_exact     share of matched gold tasks whose predicted lead units equal the gold ones
                 (names compared after NFKC and dropping whitespace; order does not matter)
  co_F1          micro F1 of co-units over matched tasks
  deadline       share of matched gold tasks with a deadline whose predicted `due` equals the gold
                 `due`; when the gold `due` is null (长期坚持, 持续推进) the prediction must have a
                 deadline and no due
The last line printed is machine readable:
  tasks_F1=… P=… R=… lead_exact=… co_F1=… deadline=… TP=… FP=… FN=…
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

# A prediction is the gold task when, after normalising both, one contains the other or their
# SequenceMatcher ratio reaches RATIO_MIN. The engine's text may carry the assignment
# （牵头单位：…；配合单位：…）, typically 15–40 characters on a 20–120 character item, which keeps
# the ratio of a right match at about 0.65–0.9; two different items of one document share
# boilerplate (增长、推进、建设) but stay below about 0.45. 0.6 separates the two.
RATIO_MIN = 0.6
# Containment decides only when the shorter text is long enough to be specific: a 6-character
# fragment such as 增长8%以上 occurs inside many items.
CONTAIN_MIN = 8
CONTAIN_SCORE = 0.95  # ranks below an exact match, above any ratio match

LEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[条项部分章节]|[（(]?[一二三四五六七八九十百零〇\d]+[)）]"
    r"|[一二三四五六七八九十百零〇]+[、.．]|\d+(?:[.．]\d+)*[、.．](?!\d)|\d+(?:[.．]\d+)+(?=\s)|[①-⑳])\s*"
)


def normalise(text: str) -> str:
    """Text without leading numbering, whitespace and punctuation, in NFKC form."""
    text = LEADING_NUMBER.sub("", text or "", count=1)  # before NFKC, which turns ① into 1
    text = LEADING_NUMBER.sub("", unicodedata.normalize("NFKC", text), count=1)  # "一、1." double numbering
    return "".join(
        ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S"))
    )


def unit_key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def similarity(a: str, b: str) -> float:
    """1.0 for equal normalised texts, CONTAIN_SCORE for containment, else the SequenceMatcher ratio."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= CONTAIN_MIN and short in long_:
        return CONTAIN_SCORE
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, best similarity first."""
    g_norm = [normalise(g["task"]) for g in gold]
    p_norm = [normalise(p.get("text", "")) for p in pred]
    pairs = []
    for i, g in enumerate(g_norm):
        for j, p in enumerate(p_norm):
            score = similarity(g, p)
            if score >= RATIO_MIN:
                pairs.append((-score, i, j))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return sorted(out)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lead_ok: int = 0
    lead_n: int = 0
    co_tp: int = 0
    co_fp: int = 0
    co_fn: int = 0
    dl_ok: int = 0
    dl_n: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("tp", "fp", "fn", "lead_ok", "lead_n", "co_tp", "co_fp", "co_fn", "dl_ok", "dl_n"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def metrics(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        co = 2 * self.co_tp + self.co_fp + self.co_fn
        return {
            "tasks_F1": 2 * p * r / (p + r) if p + r else 0.0,
            "P": p,
            "R": r,
            "lead_exact": self.lead_ok / self.lead_n if self.lead_n else None,
            "co_F1": 2 * self.co_tp / co if co else None,
            "deadline": self.dl_ok / self.dl_n if self.dl_n else None,
            "TP": self.tp,
            "FP": self.fp,
            "FN": self.fn,
        }


def _short(text: str, n: int = 40) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def score_doc(doc: str, gold: list[dict], pred: list[dict], tasks_only: bool = False) -> Counts:
    """Counts for one document: `gold` lines against the engine's task dicts (Task.to_dict())."""
    c = Counts()
    pairs = match(gold, pred)
    c.tp = len(pairs)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    c.fn = len(gold) - len(matched_g)
    c.fp = len(pred) - len(matched_p)
    c.errors += [f"{doc}: missed    {_short(g['task'])}" for i, g in enumerate(gold) if i not in matched_g]
    c.errors += [
        f"{doc}: spurious  {_short(p.get('text'))}" for j, p in enumerate(pred) if j not in matched_p
    ]
    if tasks_only:
        return c
    for i, j in pairs:
        g, p = gold[i], pred[j]
        label = _short(g["task"], 24)
        if g.get("lead_units") is not None:
            want = {unit_key(u) for u in g["lead_units"]}
            got = {unit_key(u) for u in p.get("lead_units") or []}
            c.lead_n += 1
            if want == got:
                c.lead_ok += 1
            else:
                c.errors.append(f"{doc}: lead      {label} gold={sorted(want)} pred={sorted(got)}")
        if g.get("co_units") is not None:
            want = {unit_key(u) for u in g["co_units"]}
            got = {unit_key(u) for u in p.get("co_units") or []}
            c.co_tp += len(want & got)
            c.co_fp += len(got - want)
            c.co_fn += len(want - got)
            if want != got:
                c.errors.append(f"{doc}: co        {label} gold={sorted(want)} pred={sorted(got)}")
        if g.get("deadline"):
            c.dl_n += 1
            if g.get("due"):
                ok = p.get("due") == g["due"]
            else:
                ok = bool(p.get("deadline")) and not p.get("due")
            if ok:
                c.dl_ok += 1
            else:
                c.errors.append(
                    f"{doc}: deadline  {label} gold={g['deadline']}/{g.get('due')} "
                    f"pred={p.get('deadline')}/{p.get('due')}"
                )
    return c


def load_gold(path: Path) -> dict[str, list[dict]]:
    """Gold lines grouped by document, in file order."""
    docs: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                row = json.loads(line)
                if "doc" not in row or "task" not in row:
                    raise ValueError(f"{path}:{n}: a gold line needs 'doc' and 'task'")
                docs.setdefault(row["doc"], []).append(row)
    return docs


def doc_splits(path: Path, docs: dict[str, list[dict]]) -> dict[str, str]:
    """Each document's split. A document that split.json lists and the gold has no line for is an
    assignment document whose excerpt holds no task (only its covering notice): it is added to `docs` with
    no gold task, so every task predicted for it counts as spurious."""
    split_file = path.parent / "split.json"
    listed = {}
    if split_file.exists():
        for name, members in json.loads(split_file.read_text(encoding="utf-8")).items():
            if isinstance(members, list):
                listed.update({doc: name for doc in members})
    for doc in listed:
        docs.setdefault(doc, [])
    return {
        doc: (rows[0].get("split") if rows else None) or listed.get(doc, "-") for doc, rows in docs.items()
    }


def predict(path: Path) -> list[dict]:
    """The engine's tasks for one document file, as JSON dicts."""
    from extractor import extract, load_text

    return [t.to_dict() for t in extract(load_text(path.read_bytes(), path.name)).tasks]


def fmt(m: dict, tasks_only: bool = False) -> str:
    def v(x):
        return "n/a" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    keys = (
        ["tasks_F1", "P", "R"]
        + ([] if tasks_only else ["lead_exact", "co_F1", "deadline"])
        + ["TP", "FP", "FN"]
    )
    return " ".join(f"{k}={v(m[k])}" for k in keys)


def run(
    gold_path: Path, docs_dir: Path, split: str, show_errors: bool, tasks_only: bool, out=sys.stdout
) -> dict:
    docs = load_gold(gold_path)
    splits = doc_splits(gold_path, docs)
    chosen = [d for d in docs if split == "all" or splits[d] == split]
    per_split: dict[str, Counts] = {}
    total = Counts()
    for doc in chosen:
        try:
            pred = predict(docs_dir / doc)
            note = ""
        except Exception as exc:  # an unreadable file scores as all missed, and says why
            pred, note = [], f"  ERROR {type(exc).__name__}: {exc}"
        c = score_doc(doc, docs[doc], pred, tasks_only)
        print(
            f"{doc:28s} [{splits[doc]:4s}] gold={len(docs[doc]):3d} pred={len(pred):3d} "
            f"{fmt(c.metrics(), tasks_only)}{note}",
            file=out,
        )
        per_split.setdefault(splits[doc], Counts()).add(c)
        total.add(c)
    print("", file=out)
    for name in sorted(per_split):
        print(f"split {name:4s}: {fmt(per_split[name].metrics(), tasks_only)}", file=out)
    if show_errors and total.errors:
        print("\nerrors:", file=out)
        for line in total.errors:
            print("  " + line, file=out)
    result = total.metrics()
    print(fmt(result, tasks_only), file=out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score extracted tasks against a gold JSONL file.")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--docs", type=Path, help="folder of the documents (default: the gold file's folder)")
    parser.add_argument("--split", choices=["dev", "test", "fresh", "fresh2", "all"], default="all")
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses, spurious tasks, wrong units/deadlines"
    )
    parser.add_argument(
        "--tasks-only", action="store_true", help="score only task P/R/F1 (gold without units)"
    )
    args = parser.parse_args(argv)
    run(args.gold, args.docs or args.gold.parent, args.split, args.show_errors, args.tasks_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
