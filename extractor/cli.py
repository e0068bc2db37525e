"""Command line: `luoshi extract FILE [--json]` and `luoshi align UPPER LOWER [--json]`.

`extract` prints the outline with its tasks and targets, or the JSON of `Document.to_dict()` (UTF-8).
`align` prints, for each task of the lower document, its best candidate parent tasks in the upper one
(承接落实; extractor.align). Bad input exits with status 2 and a Chinese message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import ExtractionError, align, extract, load_text
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
    al = sub.add_parser("align", help="承接落实：为下级文件的每项任务找出上级文件中对应的任务")
    al.add_argument("upper", help="上级文件")
    al.add_argument("lower", help="下级文件")
    al.add_argument("--json", action="store_true", help="输出 JSON")
    al.add_argument("--top", type=int, default=3, help="每项任务列出的候选数（默认 3）")
    al.add_argument("--max-bytes", type=int, default=MAX_BYTES)
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        texts = [_read(path, args.max_bytes) for path in _files(args)]
    except _InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.command == "align":
        if args.top < 1:
            print("--top 应为正整数", file=sys.stderr)
            return 2
        result = {"links": align.align(*texts, top=args.top)}
        if args.json:
            _dump(result)
        else:
            sys.stdout.write(render_links(result["links"]))
        return 0
    doc = extract(texts[0])
    if args.json:
        _dump(doc.to_dict())
    else:
        sys.stdout.write(render(doc))
    return 0


class _InputError(Exception):
    pass


def _files(args) -> list[str]:
    return [args.upper, args.lower] if args.command == "align" else [args.file]


def _read(path: str, max_bytes: int) -> str:
    """The text of one input file, or _InputError with the Chinese message to print."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        return load_text(data, path, max_bytes=max_bytes)
    except FileNotFoundError:
        raise _InputError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise _InputError(f"这是一个文件夹，不是文件：{path}") from None
    except PermissionError:
        raise _InputError(f"没有权限读取文件：{path}") from None
    except ExtractionError as exc:
        raise _InputError(f"{path}：{exc}") from None


def _dump(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def render_links(links: list[dict]) -> str:
    """Each lower task, then its candidate parents with their scores."""
    lines = []
    for link in links:
        lines.append(f"- {link['lower']['text']}")
        for candidate in link["candidates"]:
            lines.append(f"    {candidate['score']:.2f}  {candidate['upper']['text']}")
        if not link["candidates"]:
            lines.append("    （上级文件中没有对应任务）")
    return "\n".join(lines) + "\n"


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
