"""Where the seed documents and gold files are: $LUOSHI_SEEDS, default <repo>/../shared/seeds."""

import os
import unittest
from pathlib import Path

from extractor import extract

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("LUOSHI_SEEDS", REPO.parent / "shared" / "seeds"))
SHARED = SEEDS.parent


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("004"); skips the test when it is missing."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        raise unittest.SkipTest(f"seed {prefix} not found in {SEEDS} (set LUOSHI_SEEDS)")
    return matches[0]


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


_cache: dict = {}


def seed_doc(prefix: str):
    """extract() of a seed, computed once per test run."""
    if prefix not in _cache:
        _cache[prefix] = extract(seed_text(prefix))
    return _cache[prefix]
