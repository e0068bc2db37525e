"""Seed documents and their extractions, shared by the documents tests."""

from apps.demo.seeds import SEEDS
from extractor import extract


def seed_path(prefix: str):
    """The seed whose name starts with `prefix` ("000"): the demo app keeps a copy of every seed."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


_docs: dict = {}


def seed_doc(prefix: str):
    """extract() of a seed, once per test run (seed 004 takes about a second)."""
    if prefix not in _docs:
        _docs[prefix] = extract(seed_text(prefix))
    return _docs[prefix]


def key_of(data: dict, fragment: str) -> str:
    """The key of the one proposed task whose text contains `fragment`."""
    (key,) = [t["key"] for a in data["areas"] for t in a["tasks"] if fragment in t["text"]]
    return key
