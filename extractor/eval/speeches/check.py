"""Check the speech task gold: every offset matches its text, fields are well-formed.

Usage: python extractor/eval/speeches/check.py [SEEDS_DIR]   (default /work/shared/seeds, or $LUOSHI_SEEDS)
Prints one line per error and exits 1 if there is any; otherwise prints the counts per document.
"""

import datetime
import json
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("doc", "task", "start", "area", "lead_units", "co_units", "deadline", "due")
SENTENCE_ENDS = "。！？；"


def load(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((n, json.loads(line)))
    return rows


def check_row(row, texts, seeds, negative):
    """Return the list of problems with one gold or negative row."""
    problems = [f"missing field {f!r}" for f in FIELDS if f not in row]
    if negative and not (isinstance(row.get("why"), str) and row["why"].strip()):
        problems.append("a negative needs a non-empty 'why'")
    if problems:
        return problems
    doc, task, start = row["doc"], row["task"], row["start"]
    if doc not in texts:
        path = Path(seeds) / doc
        if not path.is_file():
            return [f"no such document {path}"]
        texts[doc] = path.read_text(encoding="utf-8")
    text = texts[doc]
    if not isinstance(task, str) or not task or task != task.strip():
        problems.append("task must be a non-empty string without surrounding blanks")
    elif not isinstance(start, int) or text[start : start + len(task)] != task:
        found = text[start : start + 20] if isinstance(start, int) else start
        problems.append(f"offset {start} does not hold the text (file has {found!r}…)")
    elif not negative and task[-1] not in SENTENCE_ENDS + "”’）":
        problems.append("a task is a whole sentence and ends at 。！？ or ；")
    if row["area"] is not None and row["area"] not in text:
        problems.append(f"area {row['area']!r} is not a heading of the document")
    if row["deadline"] is not None and row["deadline"] not in task:
        problems.append(f"deadline {row['deadline']!r} is not written in the sentence")
    if row["due"] is not None:
        try:
            datetime.date.fromisoformat(row["due"])
        except (TypeError, ValueError):
            problems.append(f"due {row['due']!r} is not YYYY-MM-DD")
        if row["deadline"] is None:
            problems.append("due without a deadline phrase")
    return problems


def main(argv):
    seeds = argv[1] if len(argv) > 1 else os.environ.get("LUOSHI_SEEDS", "/work/shared/seeds")
    texts, errors, seen = {}, [], {}
    counts = {"gold": Counter(), "negatives": Counter()}
    for name in ("gold", "negatives"):
        for n, row in load(HERE / f"{name}.jsonl"):
            for problem in check_row(row, texts, seeds, negative=name == "negatives"):
                errors.append(f"{name}.jsonl:{n}: {problem}")
            key = (row.get("doc"), row.get("start"))
            if key in seen:
                errors.append(f"{name}.jsonl:{n}: same sentence as {seen[key]}")
            seen[key] = f"{name}.jsonl:{n}"
            counts[name][row.get("doc")] += 1
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    for doc in sorted(set(counts["gold"]) | set(counts["negatives"])):
        print(f"{doc}: {counts['gold'][doc]} tasks, {counts['negatives'][doc]} negatives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
