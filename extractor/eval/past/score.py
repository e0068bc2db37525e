"""Score the engine on the past-only and mixed passages: `python -m extractor.eval.past.score --split dev`
(`--split extra`: the past-only passages of ../past_extra, all dev; `--split forward`: the forward lists of
../forward_extra, all dev, scored as the mixed passages are).

Past-only passages: every target extracted is a false one (count). Mixed passages: precision, recall and F1 of the
forward targets against mixed_targets.jsonl, matched as in ../../../../shared/tools/score_targets.py (spans overlap,
equal normalised quantity, one-to-one). The engine runs in-process on each passage's text, as `luoshi extract`
does on a .txt file. The last two lines are machine-readable:
    past FP=<n> passages=<n>
    mixed F1=<f1> P=<p> R=<r> TP=<tp> FP=<fp> FN=<fn>
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ... import extract

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "shared" / "tools"))
from score_targets import score  # noqa: E402

EXTRA = HERE.parent / "past_extra"  # past-only passages gathered later, all dev (see its sources.md)
FORWARD = HERE.parent / "forward_extra"  # forward lists gathered later, targets annotated by hand, all dev


def _load(name: str, folder: Path = HERE) -> list[dict]:
    return [json.loads(line) for line in (folder / name).open(encoding="utf-8") if line.strip()]


def _predicted(text: str) -> list[dict]:
    return [t.to_dict() for t in extract(text).targets]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "all", "extra", "forward"), default="dev")
    ap.add_argument("--show-errors", action="store_true")
    a = ap.parse_args(argv)
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    folder = {"extra": EXTRA, "forward": FORWARD}.get(a.split, HERE)
    if a.split == "extra":
        want = {p["id"] for p in _load("past.jsonl", EXTRA)}
    elif a.split == "forward":
        want = {p["id"] for p in _load("passages.jsonl", FORWARD)}
    else:
        want = set(split["dev"]) | set(split["test"]) if a.split == "all" else set(split[a.split])

    past_fp = n_past = 0
    for p in _load("past.jsonl", folder) if a.split != "forward" else ():
        if p["id"] not in want:
            continue
        n_past += 1
        found = _predicted(p["text"])
        past_fp += len(found)
        if a.show_errors:
            for t in found:
                print(f"PAST     {p['id']} {t['start']:>5} {t['text']!r} {t['value']} {t['unit']}")

    forward = a.split == "forward"  # its passages are scored as the mixed ones are
    gold = _load("targets.jsonl", FORWARD) if forward else _load("mixed_targets.jsonl")
    tp = fp = fn = 0
    for p in _load("passages.jsonl", FORWARD) if forward else _load("mixed.jsonl"):
        if p["id"] not in want:
            continue
        rows = [dict(g, end=g["start"] + len(g["text"])) for g in gold if g["id"] == p["id"]]
        s = score(rows, _predicted(p["text"]))
        tp, fp, fn = tp + s["tp"], fp + s["fp"], fn + s["fn"]
        if a.show_errors:
            for g in s["missed"]:
                print(f"MISSED   {p['id']} {g['start']:>5} {g['text']!r} {g['value']} {g['unit']}")
            for q in s["spurious"]:
                print(f"SPURIOUS {p['id']} {q['start']:>5} {q['text']!r} {q['value']} {q['unit']}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"past FP={past_fp} passages={n_past}")
    print(f"mixed F1={f1:.4f} P={prec:.4f} R={rec:.4f} TP={tp} FP={fp} FN={fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
