from extractor import match_units
from extractor.units import find_units, split_list, unit_name

from .helpers import seed_doc


def test_it_keeps_every_lead_unit_as_written():
    assert find_units("请市住建局、商务局牵头组织好房交会、车展会。") == (["市住建局", "商务局"], [])


def test_it_reads_the_subject_of_a_directive_as_the_lead_unit():
    assert find_units("县委改革办要聚焦年度改革要点确定的重点改革任务。") == (["县委改革办"], [])
    assert find_units("市安委会也要牵头组成督导组下沉督导。") == (["市安委会"], [])


def test_it_separates_lead_and_cooperating_units():
    assert find_units("由市发改委牵头，市财政局、自然资源局配合。") == (
        ["市发改委"],
        ["市财政局", "自然资源局"],
    )


def test_it_ignores_generic_subjects():
    assert find_units("各级各部门要加快推进。有关部门要抓好落实。全市上下要凝心聚力。") == ([], [])


def test_it_exposes_units_per_task_in_the_seeds():
    tasks = seed_doc("003").tasks
    task = next(t for t in tasks if t.text.startswith("请市住建局"))
    assert task.lead_units == ["市住建局", "商务局"]
    task = next(t for t in seed_doc("001").tasks if t.text.startswith("县委改革办要"))
    assert task.lead_units == ["县委改革办"]


def test_it_matches_mentions_to_a_unit_tree():
    names = [
        "市住房和城乡建设局",
        "市商务局",
        "市发展和改革委员会",
        "县委全面深化改革委员会办公室",
        "县商务局",
    ]
    assert match_units(["市商务局"], names) == {"市商务局": "市商务局"}
    assert match_units(["商务局"], names)["商务局"] in {"市商务局", "县商务局"}
    assert match_units(["县商务局"], ["商务局"]) == {"县商务局": "商务局"}
    assert match_units(["市住建局"], names) == {"市住建局": "市住房和城乡建设局"}
    assert match_units(["发改委"], names) == {"发改委": "市发展和改革委员会"}
    assert match_units(["县委改革办"], names) == {"县委改革办": "县委全面深化改革委员会办公室"}
    assert match_units(["市气象局"], names) == {}


def test_it_keeps_a_bracketed_place_as_part_of_the_unit_name():
    assert unit_name("高新园(邹区镇)") == ("高新园(邹区镇)", False)
    assert unit_name("市财政局（牵头）") == ("市财政局", True)


def test_it_keeps_a_collectives_bracketed_second_level_as_part_of_its_name():
    assert unit_name("各街道(功能区)") == ("各街道(功能区)", False)
    assert unit_name("各镇（街道）") == ("各镇（街道）", False)
    assert unit_name("各街道（牵头）") == ("各街道", True)


def test_it_keeps_a_collective_whose_each_covers_a_second_bare_level_as_one_unit():
    assert split_list("区教育局,各平台、镇街") == ["区教育局", "各平台、镇街"]
    assert split_list("各街道、区直各部门") == ["各街道", "区直各部门"]
    assert split_list("各地、各部门") == ["各地", "各部门"]
