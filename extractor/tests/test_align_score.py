"""The 承接落实 scorer (extractor/eval/align/score.py), driven by a fake matcher on a small hand-made pair."""

import json

import pytest

from extractor.eval.align import score

UPPER = "一、改革\n深化国企改革，支持民营经济。\n推进要素市场化改革。\n建设智慧城市。\n"
LOWER = "一、改革\n巩固国企改革成果。\n健全要素市场制度。\n抓好招商引资。\n办好农民丰收节。\n"
GOLD = [
    {"pair": "X", "lower": "巩固国企改革成果", "upper": ["深化国企改革"]},
    {"pair": "X", "lower": "健全要素市场制度", "upper": ["推进要素市场化改革"]},
    {"pair": "X", "lower": "抓好招商引资", "upper": []},
    {"pair": "X", "lower": "办好农民丰收节", "upper": []},
    {"pair": "X", "kind": "unclaimed", "upper": "建设智慧城市"},
]


def span(text, part):
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def link(lower, *candidates):
    return {
        "lower": span(LOWER, lower),
        "candidates": [{"upper": span(UPPER, u), "score": s} for u, s in candidates],
    }


def pair(tmp_path, gold=GOLD):
    (tmp_path / "up.txt").write_text(UPPER, encoding="utf-8")
    (tmp_path / "low.txt").write_text(LOWER, encoding="utf-8")
    (tmp_path / "pairs.json").write_text(json.dumps({"X": {"upper": "up.txt", "lower": "low.txt"}}))
    with (tmp_path / "gold.jsonl").open("w", encoding="utf-8") as f:
        for row in gold:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return score.load(["X"], here=tmp_path)[0]


def test_it_gives_full_marks_to_a_matcher_that_agrees_with_the_gold(tmp_path):
    links = [
        link("巩固国企改革成果。", ("深化国企改革，支持民营经济。", 0.8), ("推进要素市场化改革。", 0.3)),
        link("健全要素市场制度。", ("推进要素市场化改革。", 0.7)),
        link("抓好招商引资。"),
        link("办好农民丰收节。"),
    ]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2)
    assert (t.lines, t.parents, t.p1, t.r3, t.noparent, t.empty) == (4, 2, 2, 2, 2, 2)
    assert (t.upper, t.agree) == (3, 3)
    assert t.errors == []
    assert "P1=1.000 R3=1.000" in t.figures() and "coverage=1.000" in t.figures()


def test_it_counts_a_parent_ranked_second_for_recall_at_3_only(tmp_path):
    links = [
        link("巩固国企改革成果。", ("推进要素市场化改革。", 0.5), ("深化国企改革，支持民营经济。", 0.4)),
        link("健全要素市场制度。", ("建设智慧城市。", 0.3), ("深化国企改革，支持民营经济。", 0.25)),
    ]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2)
    assert (t.p1, t.r3) == (0, 1)
    assert any("right at 2" in e for e in t.errors)
    assert any("not in top 3" in e for e in t.errors)


def test_it_reports_a_gold_line_whose_lower_task_is_not_extracted_as_a_miss(tmp_path):
    links = [link("健全要素市场制度。", ("推进要素市场化改革。", 0.7))]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2)
    assert t.not_extracted == 3
    assert (t.parents, t.p1, t.r3) == (2, 1, 1)
    assert (t.noparent, t.empty) == (2, 0)
    assert sum("lower task not extracted" in e for e in t.errors) == 3


def test_it_measures_how_often_new_local_work_gets_no_candidate(tmp_path):
    links = [link("抓好招商引资。", ("推进要素市场化改革。", 0.3)), link("办好农民丰收节。")]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2)
    assert (t.noparent, t.empty) == (2, 1)
    assert "empty=0.500" in t.figures()


def test_it_checks_coverage_against_the_threshold_and_the_unclaimed_tasks(tmp_path):
    links = [
        # top candidate under the threshold: 深化国企改革 is not reported claimed
        link("巩固国企改革成果。", ("深化国企改革，支持民营经济。", 0.1)),
        link("健全要素市场制度。", ("推进要素市场化改革。", 0.7)),
        # an unclaimed task reported claimed by new local work
        link("抓好招商引资。", ("建设智慧城市。", 0.5)),
    ]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2)
    assert (t.upper, t.agree) == (3, 1)
    assert any("深化国企改革: claimed in gold" in e for e in t.errors)
    assert any("建设智慧城市: unclaimed in gold" in e for e in t.errors)


def test_it_tells_a_parent_the_extractor_missed_from_a_matching_miss(tmp_path):
    links = [link("巩固国企改革成果。"), link("健全要素市场制度。", ("建设智慧城市。", 0.3))]
    spans = [span(UPPER, "推进要素市场化改革。"), span(UPPER, "建设智慧城市。")]
    t = score.score_pair(pair(tmp_path), links, threshold=0.2, upper_spans=spans)
    assert t.parent_not_extracted == 1
    assert any("巩固国企改革成果: parent task not extracted" in e for e in t.errors)
    assert "parent_not_extracted=1" in t.figures()
    # the second line's parent is extracted but ranked out: a miss of the matcher itself
    assert (t.matchable, t.p1_matchable) == (1, 0)
    assert "matchable=1 P1_matchable=0.000" in t.figures()


def test_it_runs_the_matcher_and_the_extractor_on_each_pair(tmp_path):
    calls = []

    def fake_align(upper, lower):
        calls.append((upper, lower))
        return [link("健全要素市场制度。", ("推进要素市场化改革。", 0.7))]

    tallies = score.run([pair(tmp_path)], fake_align, 0.2, spans=lambda upper: [])
    assert calls == [(UPPER, LOWER)]
    assert (tallies["X"].p1, tallies["X"].parent_not_extracted) == (1, 2)


def test_it_refuses_a_gold_substring_that_is_not_unique(tmp_path):
    bad = [{"pair": "X", "lower": "改革", "upper": []}]
    with pytest.raises(ValueError, match="not an exact, unique substring"):
        score.score_pair(pair(tmp_path, bad), [], threshold=0.2)


def test_it_prints_one_line_per_pair_and_per_split(monkeypatch, capsys):
    monkeypatch.setattr(score.matcher, "align", lambda upper, lower: [])
    score.main(["--split", "dev", "--show-errors"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pair A dev  lines=25 parents=17 P1=0.000 R3=0.000 not_extracted=25")
    assert out[1].startswith("pair G dev  lines=5 parents=5 P1=0.000 R3=0.000 not_extracted=5")
    assert out[2].startswith("split dev  lines=30")
    assert any("lower task not extracted" in line for line in out[3:])


def test_it_finds_every_gold_substring_of_the_corpus_exactly_once():
    pairs = score.load()
    assert [p.name for p in pairs] == ["A", "B", "C", "D", "E", "F", "G"]
    tallies = {p.name: score.score_pair(p, [], threshold=0.2) for p in pairs}
    assert {n: (t.lines, t.parents) for n, t in tallies.items()} == {
        "A": (25, 17),
        "B": (8, 8),
        "C": (2, 2),
        "D": (3, 3),
        "E": (4, 4),
        "F": (2, 2),
        "G": (5, 5),
    }
    split = json.loads((score.HERE / "split.json").read_text())
    assert split == {"dev": ["A", "G"], "test": ["B", "C", "D", "E", "F"]}
