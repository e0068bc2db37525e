import importlib.util
import json
import unittest

from .helpers import SHARED, seed_doc


def load_scorer():
    path = SHARED / "tools" / "score_targets.py"
    if not path.exists():
        raise unittest.SkipTest(f"{path} not found")
    spec = importlib.util.spec_from_file_location("score_targets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_scores_at_least_090_f1_and_precision_against_the_gold_targets_of_seed_004():
    scorer = load_scorer()
    gold_path = SHARED / "gold" / "004_targets.jsonl"
    if not gold_path.exists():
        raise unittest.SkipTest(f"{gold_path} not found")
    gold = scorer.load_gold(gold_path)
    pred = json.loads(json.dumps(seed_doc("004").to_dict(), ensure_ascii=False))["targets"]
    result = scorer.score(gold, pred)
    assert result["f1"] >= 0.90, result["f1"]
    assert result["p"] >= 0.90, result["p"]
    assert result["comparator_acc"] >= 0.90
    assert result["deadline_acc"] >= 0.90
    assert result["metric_char_f1"] >= 0.75
