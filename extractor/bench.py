"""Throughput of `extract` on about 2 MB of text (the seed documents repeated): `python -m extractor.bench`.

Seeds come from $LUOSHI_SEEDS, default <repo>/../shared/seeds. Prints characters per second and the
peak memory (tracemalloc) of one extraction of the whole text as a single document.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

from . import extract

TARGET_BYTES = 2 * 1024 * 1024
LIMIT_SECONDS = 10.0


def seeds_dir() -> Path:
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    return Path(os.environ.get("LUOSHI_SEEDS", default))


def corpus(target_bytes: int = TARGET_BYTES) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed documents in {seeds_dir()}")
    parts, size = [], 0
    while size < target_bytes:
        for t in texts:
            parts.append(t)
            size += len(t.encode("utf-8"))
    return "\n".join(parts)


def main() -> int:
    text = corpus()
    size = len(text.encode("utf-8"))
    tracemalloc.start()
    started = time.perf_counter()
    doc = extract(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    extract(text)  # again without tracemalloc, which slows Python down
    plain = time.perf_counter() - started
    print(f"extractor.bench: {size / 1048576:.2f} MB, {len(text):,} characters")
    print(f"  nodes {sum(1 for _ in doc.nodes()):,}, tasks {len(doc.tasks):,}, targets {len(doc.targets):,}")
    print(f"  time {plain:.2f} s ({len(text) / plain:,.0f} chars/s); with tracemalloc {elapsed:.2f} s")
    print(f"  peak memory {peak / 1048576:.1f} MB (tracemalloc)")
    if plain > LIMIT_SECONDS:
        print(f"  SLOW: over the {LIMIT_SECONDS:.0f} s budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
