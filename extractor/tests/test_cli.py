import json

from extractor.cli import main

from .helpers import seed_path


def test_it_prints_json_with_outline_tasks_and_targets(capsys):
    assert main(["extract", str(seed_path("004")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outline"][0]["kind"] == "review"
    assert data["tasks"][0]["kind"] == "plan"
    target = data["targets"][0]
    assert set(target) >= {
        "text",
        "start",
        "end",
        "metric",
        "value",
        "unit",
        "comparator",
        "deadline",
        "horizon",
        "task",
    }


def test_it_prints_json_without_ascii_escapes(capsys):
    main(["extract", str(seed_path("000")), "--json"])
    out = capsys.readouterr().out
    assert "要在优化营商环境上突破提升" in out and "\\u" not in out


def test_it_prints_a_readable_outline(capsys):
    assert main(["extract", str(seed_path("004"))]) == 0
    out = capsys.readouterr().out
    assert "[回顾] 2025年工作回顾和“十四五”时期发展成就" in out
    assert "新建高标准农田 >= 50万亩，2026年" in out


def test_it_exits_non_zero_with_a_chinese_message_for_bad_input(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty)]) != 0
    assert "文件为空" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "missing.txt")]) != 0
    assert "找不到文件" in capsys.readouterr().err
