import pytest

from .helpers import seed_doc, seed_text

SEEDS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", SEEDS)
def test_it_points_every_node_task_and_target_back_to_the_source_text(prefix):
    text, doc = seed_text(prefix), seed_doc(prefix)
    assert doc.text == text
    nodes = list(doc.nodes())
    assert nodes and doc.tasks
    for node in nodes:
        assert 0 <= node.start < node.end <= len(text)
        assert text[node.start : node.start + len(node.title)] == node.title
        for child in node.children:
            assert node.start <= child.start and child.end <= node.end
    for item in [*doc.tasks, *doc.targets]:
        assert text[item.start : item.end] == item.text


@pytest.mark.parametrize("prefix", SEEDS)
def test_it_keeps_furniture_out_of_nodes_tasks_and_targets(prefix):
    doc = seed_doc(prefix)
    for a, b in doc.excluded:
        for item in [*doc.nodes(), *doc.tasks, *doc.targets]:
            assert item.end <= a or item.start >= b


@pytest.mark.parametrize("prefix", SEEDS)
def test_it_serialises_to_the_cli_json_structure(prefix):
    data = seed_doc(prefix).to_dict()
    assert set(data) >= {"outline", "tasks", "targets"}
    assert set(data["outline"][0]) >= {"title", "start", "end", "level", "kind", "children"}
    assert set(data["tasks"][0]) >= {
        "text",
        "title",
        "start",
        "end",
        "node",
        "lead_units",
        "co_units",
        "kind",
    }
    for t in data["targets"]:
        assert t["task"] is None or data["tasks"][t["task"]]["start"] <= t["start"]
