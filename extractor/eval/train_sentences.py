"""Train the sentence model (extractor/sentence_model.py): `make train` (`python -m extractor.eval.train_sentences`).

Sentences that hold a number, labelled by where they sit, never by reading them one by one:
- past: every passage of extractor/eval/past_extra and the dev half of extractor/eval/past (past-only passages),
  the past-only passages of the tuned half (odd ids) of ../shared/gold/dev, and the review sections of the seeds;
- forward: the forward passages of the tuned half of ../shared/gold/dev, the plan sections of the seeds, the
  lists of extractor/eval/forward_extra, the 分工方案 texts of extractor/eval/fengong and the plans of
  extractor/eval/align.
Held-out material (the test half of extractor/eval/past, the even ids of the dev gold) is never read.

Multinomial naive Bayes with add-one smoothing over character uni- and bigrams; features seen fewer than
MIN_COUNT times are dropped and weights are rounded, so the file is small and the same on every run.
`--folds N` prints the accuracy of N-fold cross-validation by passage instead of writing the model.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

from .. import extract
from ..sentence_model import MODEL, grams
from ..text import mask_readings, to_simplified

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
HERE = Path(__file__).resolve().parent
MIN_COUNT = 3
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
HAS_NUMBER = re.compile(r"\d")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(mask_readings(to_simplified(text))) if HAS_NUMBER.search(s)]


def _sections(text: str) -> list[tuple[str, bool]]:
    """(sentence, past) for the sentences of a document's review and plan sections."""
    doc = extract(text)
    out = []
    for node in doc.nodes():
        if node.children:
            continue
        past = node.kind == "review"
        out += [(s, past) for s in _sentences(doc.text[node.start : node.end])]
    return out


def passages() -> list[list[tuple[str, bool]]]:
    """The training material, one list of (sentence, past) per passage or document."""
    out = []
    split = json.loads((HERE / "past" / "split.json").read_text(encoding="utf-8"))
    for p in _jsonl(HERE / "past" / "past.jsonl"):
        if p["id"] in split["dev"]:
            out.append([(s, True) for s in _sentences(p["text"])])
    for p in _jsonl(HERE / "past_extra" / "past.jsonl"):
        out.append([(s, True) for s in _sentences(p["text"])])
    for p in _jsonl(SHARED / "gold" / "dev" / "passages.jsonl"):
        if int(p["id"][1:]) % 2 and p["kind"] in ("past", "forward"):
            out.append([(s, p["kind"] == "past") for s in _sentences(p["text"])])
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        out.append(_sections(seed.read_text(encoding="utf-8")))
    for p in _jsonl(HERE / "forward_extra" / "passages.jsonl"):
        out.append([(s, False) for s in _sentences(p["text"])])
    for doc in sorted((HERE / "fengong").glob("*.txt")) + sorted((HERE / "align").glob("*.txt")):
        out.append([(s, False) for s in _sentences(doc.read_text(encoding="utf-8"))])
    return [p for p in out if p]


def train(material: list[list[tuple[str, bool]]]) -> dict:
    counts = {True: Counter(), False: Counter()}
    n = Counter()
    for passage in material:
        for sentence, past in passage:
            counts[past].update(grams(sentence))
            n[past] += 1
    vocab = sorted(
        g
        for g in counts[True].keys() | counts[False].keys()
        if counts[True][g] + counts[False][g] >= MIN_COUNT
    )
    total = {k: sum(counts[k][g] for g in vocab) + len(vocab) for k in (True, False)}
    weights = {}
    for g in vocab:
        w = math.log((counts[True][g] + 1) / total[True]) - math.log((counts[False][g] + 1) / total[False])
        if abs(w) >= 0.05:
            weights[g] = round(w, 3)
    return {
        "note": "naive Bayes, character uni- and bigrams; built by extractor/eval/train_sentences.py",
        "sentences": {"past": n[True], "forward": n[False]},
        "prior": round(math.log(n[True] / n[False]), 3),
        "weights": weights,
    }


def cross_validate(material: list[list[tuple[str, bool]]], folds: int) -> float:
    right = total = 0
    for k in range(folds):
        model = train([p for i, p in enumerate(material) if i % folds != k])
        for i, passage in enumerate(material):
            if i % folds != k:
                continue
            for sentence, past in passage:
                z = model["prior"] + sum(model["weights"].get(g, 0.0) for g in grams(sentence))
                right += (z > 0) == past
                total += 1
    return right / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=0)
    a = ap.parse_args(argv)
    material = passages()
    if a.folds:
        print(f"{a.folds}-fold accuracy by passage: {cross_validate(material, a.folds):.3f}")
        return 0
    model = train(material)
    MODEL.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{MODEL.name}: {model['sentences']} sentences, {len(model['weights'])} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
