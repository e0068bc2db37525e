"""Command line: `luoshi extract FILE [--json]`.

Prints the outline with its tasks and targets, or the JSON of `Document.to_dict()` (UTF-8).
Bad input exits with status 2 and a Chinese message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import ExtractionError, extract, load_text
from .loader import MAX_BYTES
from .model import Document, Node

KIND = {"review": "回顾", "plan": "部署"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="luoshi", description="落实：从文件中提取任务台账")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="提取提纲、任务和量化指标")
    ex.add_argument("file")
    ex.add_argument("--json", action="store_true", help="输出 JSON")
    ex.add_argument("--max-bytes", type=int, default=MAX_BYTES)
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        with open(args.file, "rb") as f:
            data = f.read()
        text = load_text(data, args.file, max_bytes=args.max_bytes)
    except FileNotFoundError:
        print(f"找不到文件：{args.file}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"这是一个文件夹，不是文件：{args.file}", file=sys.stderr)
        return 2
    except PermissionError:
        print(f"没有权限读取文件：{args.file}", file=sys.stderr)
        return 2
    except ExtractionError as exc:
        print(f"{args.file}：{exc}", file=sys.stderr)
        return 2
    doc = extract(text)
    if args.json:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(doc))
    return 0


def render(doc: Document) -> str:
    """A readable outline: headings indented by level, then their tasks and targets."""
    lines = [
        f"计划年度：{doc.plan_year or '未识别'}    任务 {len(doc.tasks)} 项，量化指标 {len(doc.targets)} 个",
        "",
    ]
    by_node: dict[str | None, list] = {}
    for task in doc.tasks:
        by_node.setdefault(task.node_id, []).append(task)
    targets: dict[str | None, list] = {}
    for target in doc.targets:
        targets.setdefault(target.task_id, []).append(target)

    def tasks_of(node_id, indent):
        for task in by_node.get(node_id, []):
            units = ""
            if task.lead_units or task.co_units:
                units = f"  〔牵头：{'、'.join(task.lead_units) or '—'}；配合：{'、'.join(task.co_units) or '—'}〕"
            deadline = f"  〔时限：{task.deadline}〕" if task.deadline else ""
            lines.append(f"{indent}- {task.title}{units}{deadline}")
            for t in targets.get(task.id, []):
                extra = "".join(f"，{x}" for x in (t.deadline, t.horizon and f"{t.horizon}年") if x)
                lines.append(
                    f"{indent}    · {t.metric or '（指标）'} {t.comparator} {t.value}{t.unit}{extra}"
                )

    def walk(node: Node):
        indent = "  " * (node.level - 1)
        lines.append(f"{indent}[{KIND.get(node.kind, node.kind)}] {node.title}")
        tasks_of(node.id, indent + "  ")
        for child in node.children:
            walk(child)

    tasks_of(None, "")
    for node in doc.outline:
        walk(node)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
