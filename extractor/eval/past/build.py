"""Write past.jsonl, mixed.jsonl and mixed_targets.jsonl from past_src.py / mixed_src.py, checking every span:
`python -m extractor.eval.past.build` (exit 1 on any error). split.json was written by hand before the engine
was run on any passage: odd ids are the dev half, even ids the test half."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .mixed_src import MIXED
from .past_src import PAST

HERE = Path(__file__).resolve().parent
FIELDS = ("id", "issuer", "year", "genre", "script", "source")


def main() -> int:
    errors = []
    past = []
    for row in PAST:
        rec = dict(zip(FIELDS, row[:6], strict=True)) | {"text": row[6]}
        if not 300 <= len(rec["text"]) <= 1500:
            errors.append(f"{rec['id']}: {len(rec['text'])} characters")
        past.append(rec)
    mixed, targets = [], []
    for row in MIXED:
        rec = dict(zip(FIELDS, row[:6], strict=True)) | {"text": row[6]}
        if not 300 <= len(rec["text"]) <= 1500:
            errors.append(f"{rec['id']}: {len(rec['text'])} characters")
        mixed.append(rec)
        for span, nth, metric, value, unit, cmp, deadline, horizon in row[7]:
            at = -1
            for _ in range(nth):
                at = rec["text"].find(span, at + 1)
            if at < 0:
                errors.append(f"{rec['id']}: span {span!r} (occurrence {nth}) not in the text")
                continue
            targets.append(
                {
                    "id": rec["id"],
                    "text": span,
                    "start": at,
                    "metric": metric,
                    "value": value,
                    "unit": unit,
                    "comparator": cmp,
                    "deadline": deadline,
                    "horizon": horizon,
                }
            )
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    ids = {r["id"] for r in past + mixed}
    if set(split["dev"]) | set(split["test"]) != ids or set(split["dev"]) & set(split["test"]):
        errors.append("split.json does not cover every id exactly once")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    for name, rows in (("past.jsonl", past), ("mixed.jsonl", mixed), ("mixed_targets.jsonl", targets)):
        with (HERE / name).open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(past)} past passages, {len(mixed)} mixed passages, {len(targets)} forward targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
