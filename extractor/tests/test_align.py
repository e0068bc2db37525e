import json

from extractor.align import Item, rank
from extractor.cli import main

from .helpers import seed_path

UPPER = [
    Item("新建高标准农田20万亩，提升耕地质量。", context="四、推进乡村全面振兴"),
    Item("深化国有企业改革，推动国有资本做强做优做大。", context="二、深化重点领域改革"),
    Item("创建全国文明城市，实施城市更新行动。", context="五、提升城市品质"),
]


def test_it_ranks_first_the_upper_task_a_lower_task_restates():
    lower = [Item("全年新建高标准农田6万亩，完成耕地质量提升任务。", context="（三）抓好农业农村工作")]
    assert rank(UPPER, lower)[0][0][0] == 0


def test_it_proposes_no_parent_for_new_local_work():
    lower = [Item("办好县第十届农民运动会，组织群众性体育赛事。", context="（六）丰富群众文化生活")]
    assert rank(UPPER, lower) == [[]]


def test_it_scores_between_zero_and_one_best_first():
    lower = [Item("巩固国企改革成果，推动国有资本和国有企业做强做优做大。")]
    scores = [score for _, score in rank(UPPER, lower, top=3)[0]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_it_gives_every_lower_item_an_empty_list_against_an_empty_upper_plan():
    assert rank([], [Item("新建高标准农田。"), Item("深化国企改革。")]) == [[], []]


def test_it_prints_each_lower_task_with_spans_and_candidates_as_json(capsys):
    assert main(["align", str(seed_path("000")), str(seed_path("001")), "--json"]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    lower = seed_path("001").read_text(encoding="utf-8")
    upper = seed_path("000").read_text(encoding="utf-8")
    assert links and all(lower[x["lower"]["start"] : x["lower"]["end"]] == x["lower"]["text"] for x in links)
    candidates = [c for x in links for c in x["candidates"]]
    assert candidates and all(
        upper[c["upper"]["start"] : c["upper"]["end"]] == c["upper"]["text"] for c in candidates
    )
    assert all(len(x["candidates"]) <= 3 for x in links)


def test_it_refuses_a_missing_file_for_align_with_a_chinese_message(tmp_path, capsys):
    assert main(["align", str(seed_path("000")), str(tmp_path / "missing.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_it_matches_a_lower_task_written_in_traditional_script():
    lower = [Item("國有資本做強做優做大。")]
    assert rank(UPPER, lower)[0][0][0] == 1


# A lower plan that copies the upper plan's heading: its items take on the item under that heading.
LISTS = [
    Item(
        "要在全面公开省级权力清单和责任清单的基础上，推动市县两级全面公开权力清单和责任清单。",
        context="一、围绕深化改革推进公开 （一）推进权力清单和责任清单公开",
        heading="（一）推进权力清单和责任清单公开",
    ),
    Item(
        "做好取消、下放、保留行政审批等事项的公开工作，公开中介服务事项清单。",
        context="一、围绕深化改革推进公开 （二）推进行政审批事项公开",
        heading="（二）推进行政审批事项公开",
    ),
]


def test_it_prefers_the_upper_item_whose_heading_the_lower_plan_copies():
    lower = [
        Item(
            "进一步细化公开各部门行政职权运行各环节对应的责任事项。",
            context="一、围绕深化改革推进公开 （一）推进权力清单和责任清单公开",
            heading="（一）推进权力清单和责任清单公开",
        )
    ]
    assert [j for j, _ in rank(LISTS, lower)[0]] == [0, 1]


def test_it_weighs_a_section_s_subject_words_although_every_item_below_its_heading_repeats_them():
    context = "（一）推进权力清单和责任清单公开"
    lower = [Item("对权力清单进行动态调整，公布市政府部门权力清单。", context=context)] + [
        Item(text, context=context) for text in ("编制重点领域专项责任清单。", "指导各区建立权力清单制度。")
    ]
    assert [found[0][0] if found else None for found in rank(LISTS, lower)] == [0, 0, 0]
