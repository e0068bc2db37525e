"""The sentence model: what it reads, where the engine listens to it, and that `make train` rebuilds the file
that is shipped."""

import json

import pytest

from extractor import extract, sentence_model
from extractor.eval.train_sentences import passages, train


def values(text: str) -> list:
    return [(t.value, t.unit) for t in extract(text).targets]


def test_it_reads_a_statistical_sentence_as_a_report():
    assert (
        sentence_model.score("全年全县实现地区生产总值186.4亿元，比上年增长5.2%。") > sentence_model.PAST_AT
    )


def test_it_reads_numbers_alike_whatever_their_digits():
    assert sentence_model.grams("增长5.2%") == sentence_model.grams("增长13%")


def test_it_has_nothing_to_say_about_an_empty_sentence():
    assert sentence_model.past_probability("") == 0.5


def test_it_lets_the_model_overrule_a_weak_cue_in_a_sentence_written_as_a_report():
    assert values("国内生产总值增加到121万亿元，年均增长5.2%。") == []


def test_it_does_not_let_the_model_overrule_a_strong_cue():
    assert values("到2030年，国内生产总值力争增加到150万亿元，年均增长5.2%。") == [
        (150, "万亿元"),
        (5.2, "%"),
    ]


def test_it_does_not_let_the_model_overrule_a_plan_heading(monkeypatch):
    monkeypatch.setattr(sentence_model, "PAST_AT", -1.0)  # the model would call every sentence a report
    text = "2026年工作安排\n一、主要目标\n地区生产总值增长6%。\n"
    assert values(text) == [(6, "%")]


def test_it_gives_the_models_decisions_a_confidence_and_a_reason(monkeypatch):
    monkeypatch.setattr(
        sentence_model, "FORWARD_AT", 99.0
    )  # the model would call every sentence work to come
    found = extract("城乡居民人均可支配收入增长6%。").targets
    assert [(t.confidence, t.reason) for t in found] == [(0.65, "句子模型：部署")]


@pytest.mark.skipif(not sentence_model.MODEL.exists(), reason="no model file")
def test_it_rebuilds_the_shipped_model_from_its_material():
    shipped = json.loads(sentence_model.MODEL.read_text(encoding="utf-8"))
    assert train(passages()) == shipped
