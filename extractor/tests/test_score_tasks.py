"""The task scorer's matching and metrics, on tiny hand-made gold and predictions (not the corpus)."""

import io
import json

from extractor.eval.score_tasks import doc_splits, load_gold, match, normalise, run, score_doc, similarity


def gold(task, lead=(), co=(), deadline=None, due=None):
    return {
        "doc": "d.txt",
        "task": task,
        "lead_units": list(lead),
        "co_units": list(co),
        "deadline": deadline,
        "due": due,
    }


def pred(text, lead=(), co=(), deadline=None, due=None):
    return {"text": text, "lead_units": list(lead), "co_units": list(co), "deadline": deadline, "due": due}


def test_it_normalises_away_numbering_whitespace_punctuation_and_width():
    assert (
        normalise("（三）加快 建设，新建学校3所。")
        == normalise("3. 加快建设,新建学校3所")
        == "加快建设新建学校3所"
    )
    assert normalise("一、1.推进改革") == "推进改革"


def test_it_keeps_a_number_that_starts_the_text_itself():
    assert normalise("2035年基本实现现代化") == "2035年基本实现现代化"


def test_it_matches_a_prediction_that_carries_the_assignment():
    g = normalise("完善农村供水体系，新建水厂2座。")
    p = normalise("完善农村供水体系，新建水厂2座。（牵头单位：县水利局；配合单位：县财政局）")
    assert similarity(g, p) >= 0.9


def test_it_does_not_match_a_short_fragment_by_containment():
    assert similarity(normalise("增长8%以上"), normalise("地区生产总值增长8%以上，力争更好。")) < 0.6


def test_it_does_not_match_two_different_items():
    a = normalise("加快推进城区污水管网改造，完成雨污分流20公里。")
    b = normalise("加快推进农村公路建设，新改建农村公路50公里。")
    assert similarity(a, b) < 0.6


def test_it_matches_one_to_one_and_leaves_a_duplicate_spurious():
    g = [gold("新建学校3所，新增学位2000个。"), gold("改造老旧小区30个。")]
    p = [
        pred("新建学校3所，新增学位2000个。"),
        pred("新建学校3所，新增学位2000个。"),
        pred("改造老旧小区30个"),
    ]
    assert match(g, p) == [(0, 0), (1, 2)]
    c = score_doc("d.txt", g, p)
    assert (c.tp, c.fp, c.fn) == (2, 1, 0)


def test_it_counts_a_missed_gold_task():
    c = score_doc("d.txt", [gold("改造老旧小区30个。"), gold("新建公园2个。")], [pred("改造老旧小区30个。")])
    assert (c.tp, c.fp, c.fn) == (1, 0, 1)
    assert c.metrics()["R"] == 0.5


def test_it_compares_lead_units_ignoring_order_and_spaces():
    g = [gold("改造老旧小区30个。", lead=["区住建局", "区财政局"])]
    ok = score_doc("d.txt", g, [pred("改造老旧小区30个。", lead=["区财政局", "区 住建局"])])
    wrong = score_doc("d.txt", g, [pred("改造老旧小区30个。", lead=["区住建局"])])
    assert ok.metrics()["lead_exact"] == 1.0
    assert wrong.metrics()["lead_exact"] == 0.0


def test_it_scores_co_units_as_micro_f1_over_matched_tasks():
    g = [gold("任务甲推进到位。", co=["A局", "B局"]), gold("任务乙推进到位。", co=["C局"])]
    p = [pred("任务甲推进到位。", co=["A局", "D局"]), pred("任务乙推进到位。", co=["C局"])]
    # tp = A, C; fp = D; fn = B  ->  F1 = 2*2 / (2*2 + 1 + 1)
    assert abs(score_doc("d.txt", g, p).metrics()["co_F1"] - 4 / 6) < 1e-9


def test_it_scores_deadlines_by_due_date():
    g = [gold("建成养老中心1个。", deadline="6月底前", due="2026-06-30")]
    assert score_doc("d.txt", g, [pred("建成养老中心1个。", deadline="6月底", due="2026-06-30")]).dl_ok == 1
    assert score_doc("d.txt", g, [pred("建成养老中心1个。", deadline="年底前", due="2026-12-31")]).dl_ok == 0


def test_it_wants_a_deadline_without_a_date_when_gold_has_no_due():
    g = [gold("加强执法检查。", deadline="长期坚持", due=None)]
    assert score_doc("d.txt", g, [pred("加强执法检查。", deadline="长期坚持")]).dl_ok == 1
    assert score_doc("d.txt", g, [pred("加强执法检查。")]).dl_ok == 0
    assert score_doc("d.txt", g, [pred("加强执法检查。", deadline="年底前", due="2026-12-31")]).dl_ok == 0


def test_it_leaves_tasks_without_a_gold_deadline_out_of_the_deadline_score():
    c = score_doc(
        "d.txt", [gold("新建公园2个。")], [pred("新建公园2个。", deadline="年底前", due="2026-12-31")]
    )
    assert c.dl_n == 0 and c.metrics()["deadline"] is None


def test_it_skips_unit_scores_for_gold_without_units():
    g = [{"doc": "d.txt", "task": "新建公园2个。", "lead_units": None, "co_units": None, "deadline": None}]
    c = score_doc("d.txt", g, [pred("新建公园2个。", lead=["区城管局"])])
    assert c.lead_n == 0 and c.metrics()["co_F1"] is None


def test_it_prints_per_split_figures_and_a_machine_readable_last_line(tmp_path):
    (tmp_path / "a.txt").write_text("一、重点工作\n1.新建公园2个。（牵头单位：区城管局）\n", encoding="utf-8")
    line = {
        "doc": "a.txt",
        "split": "dev",
        "task": "新建公园2个。",
        "lead_units": ["区城管局"],
        "co_units": [],
        "deadline": None,
        "due": None,
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    run(tmp_path / "gold.jsonl", tmp_path, "all", show_errors=True, tasks_only=True, out=out)
    lines = out.getvalue().splitlines()
    assert any(x.startswith("split dev") for x in lines)
    last = dict(kv.split("=") for kv in lines[-1].split())
    assert set(last) == {"tasks_F1", "P", "R", "TP", "FP", "FN"}
    assert int(last["TP"]) + int(last["FN"]) == 1


def test_it_scores_an_unreadable_document_as_all_missed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    line = {"doc": "empty.txt", "task": "新建公园2个。", "lead_units": [], "co_units": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    result = run(tmp_path / "gold.jsonl", tmp_path, "all", show_errors=False, tasks_only=False, out=out)
    assert (result["TP"], result["FN"]) == (0, 1)
    assert "ERROR" in out.getvalue()


def test_it_strips_multi_level_and_numeral_item_numbers():
    assert normalise("1.1 推进改革") == normalise("十、推进改革") == normalise("①推进改革") == "推进改革"
    assert normalise("1.5万亩高标准农田") == "15万亩高标准农田"


def test_it_matches_by_ratio_when_the_engine_text_differs_slightly():
    g = normalise("推进老旧小区改造，完成改造小区30个，惠及居民5000户。")
    p = normalise("推进老旧小区改造，完成改造30个小区，惠及居民5000户")
    assert 0.6 <= similarity(g, p) < 0.95


def test_it_scores_a_listed_document_without_gold_lines_as_having_no_task(tmp_path):
    (tmp_path / "gold.jsonl").write_text(
        '{"doc": "a.txt", "task": "新建公厕20座。", "lead_units": ["县住建局"], "co_units": []}\n',
        encoding="utf-8",
    )
    (tmp_path / "split.json").write_text('{"dev": ["a.txt", "notice.txt"], "test": []}', encoding="utf-8")
    (tmp_path / "a.txt").write_text("1.新建公厕20座。（县住建局负责）\n", encoding="utf-8")
    (tmp_path / "notice.txt").write_text(
        "关于印发2026年重点工作任务分工方案的通知\n各乡镇人民政府:\n一、各牵头单位要建立工作台账,按月报送进展情况。\n",
        encoding="utf-8",
    )
    docs = load_gold(tmp_path / "gold.jsonl")
    splits = doc_splits(tmp_path / "gold.jsonl", docs)
    assert docs["notice.txt"] == [] and splits["notice.txt"] == "dev"
