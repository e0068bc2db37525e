"""Every extraction figure in one report, each against its goal: `make eval` (`python -m extractor.eval.report`).

- targets on the real dev passages of ../shared/gold/dev (all of them, the half rules were tuned on and the
  held-out half: odd ids were looked at while writing rules, even ids only as totals), traditional script,
  and the past-only passages (no target may come from them);
- targets on seed 004 (the file the first rules were written on);
- the real past-only and mixed passages of extractor/eval/past (dev and test split): false targets taken from
  past-only passages, and F1 of the forward targets of passages that report results and then set goals; the
  past-only passages gathered later in extractor/eval/past_extra and the forward lists of
  extractor/eval/forward_extra (all dev);
- 分工方案 tasks, lead units, co-units and deadlines (extractor/eval/fengong, dev, held-out test, fresh and fresh2 splits);
- the task sentences of the seed speeches 000–003 (extractor/eval/speeches);
- the 承接落实 suggestions of extractor.align on real upper/lower plan pairs (extractor/eval/align, dev and test).

Exit status 0 whatever the figures: this is a measurement, the tests guard regressions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
LUOSHI = Path(sys.executable).with_name("luoshi")
HERE = Path(__file__).resolve().parent
FIGURE = re.compile(r"(\w+)=([\d.]+)")


def _run(args: list[str]) -> str:
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return out.stdout


def _figures(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in FIGURE.findall(line)}


def _group(output: str, name: str) -> dict[str, float]:
    line = next((ln for ln in output.splitlines() if ln.strip().startswith(name + " ")), "")
    return _figures(line)


def dev_targets() -> list[tuple[str, str, float | None, str]]:
    score = SHARED / "gold" / "dev" / "score.py"
    ids = [json.loads(line)["id"] for line in (SHARED / "gold" / "dev" / "passages.jsonl").open()]
    tuned = ",".join(i for i in ids if int(i[1:]) % 2)
    held = ",".join(i for i in ids if not int(i[1:]) % 2)
    whole = _run([sys.executable, str(score), str(LUOSHI)])
    rows = []
    overall = _figures(whole.strip().splitlines()[-1])
    rows.append(("targets, dev passages (60)", "F1", overall.get("F1"), "≥ 0.90"))
    rows.append(("targets, dev passages (60)", "P", overall.get("P"), "≥ 0.92"))
    for label, only in (("tuned half (odd ids)", tuned), ("held-out half (even ids)", held)):
        part = _figures(
            _run([sys.executable, str(score), str(LUOSHI), "--only", only]).strip().splitlines()[-1]
        )
        rows.append((f"targets, {label}", "F1", part.get("F1"), ""))
    rows.append(
        ("targets, traditional script", "F1", _group(whole, "script:traditional").get("F1"), "≥ 0.85")
    )
    past = _group(whole, "kind:past").get("FP", 0) + _group(whole, "kind:none").get("FP", 0)
    rows.append(("targets taken from past-only passages", "count", past, "0"))
    return rows


def seed_targets() -> list[tuple[str, str, float | None, str]]:
    seed = SHARED / "seeds" / "004_95db6609db29eed6.txt"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(_run([str(LUOSHI), "extract", str(seed), "--json"]))
    out = _run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_targets.py"),
            str(SHARED / "gold" / "004_targets.jsonl"),
            f.name,
        ]
    )
    Path(f.name).unlink()
    return [("targets, seed 004", "F1", _figures(out.strip().splitlines()[-1]).get("F1"), "≥ 0.97")]


def tasks(gold: Path, split: str, docs: Path | None = None, tasks_only: bool = False) -> dict[str, float]:
    args = [sys.executable, "-m", "extractor.eval.score_tasks", str(gold), "--split", split]
    if docs:
        args += ["--docs", str(docs)]
    if tasks_only:
        args.append("--tasks-only")
    return _figures(_run(args).strip().splitlines()[-1])


def past() -> list[tuple[str, str, float | None, str]]:
    rows = []
    for split in ("dev", "test"):
        out = _run([sys.executable, "-m", "extractor.eval.past.score", "--split", split]).strip().splitlines()
        n = _figures(out[-2])
        rows.append(
            (
                f"false targets, past-only passages, {split} ({n.get('passages', 0):.0f})",
                "count",
                n.get("FP"),
                "0",
            )
        )
        rows.append((f"targets, mixed passages, {split}", "F1", _figures(out[-1]).get("F1"), ""))
    out = _run([sys.executable, "-m", "extractor.eval.past.score", "--split", "extra"]).strip().splitlines()
    n = _figures(out[-2])
    label = f"false targets, past-only passages, past_extra dev ({n.get('passages', 0):.0f})"
    rows.append((label, "count", n.get("FP"), "0"))
    out = _run([sys.executable, "-m", "extractor.eval.past.score", "--split", "forward"]).strip().splitlines()
    rows.append(("targets, forward lists, forward_extra dev", "F1", _figures(out[-1]).get("F1"), ""))
    return rows


def fengong() -> list[tuple[str, str, float | None, str]]:
    rows = []
    for split in ("dev", "test", "fresh", "fresh2"):
        f = tasks(HERE / "fengong" / "gold.jsonl", split)
        label = f"分工方案, {split} split"
        rows += [
            (label, "tasks F1", f.get("tasks_F1"), "≥ 0.90"),
            (label, "lead exact", f.get("lead_exact"), "≥ 0.90"),
            (label, "co-unit F1", f.get("co_F1"), "≥ 0.85"),
            (label, "deadline", f.get("deadline"), "≥ 0.90"),
        ]
    return rows


def speeches() -> list[tuple[str, str, float | None, str]]:
    f = tasks(HERE / "speeches" / "gold.jsonl", "all", SHARED / "seeds", tasks_only=True)
    return [
        ("speech tasks, seeds 000–003", "P", f.get("P"), "≥ 0.85"),
        ("speech tasks, seeds 000–003", "R", f.get("R"), "≥ 0.85"),
    ]


def alignment() -> list[tuple[str, str, float | None, str]]:
    """承接落实 suggestions (extractor/eval/align): the true parent of each lower task that has one."""
    rows = []
    for split in ("dev", "test"):
        out = _run([sys.executable, "-m", "extractor.eval.align.score", "--split", split])
        f = _group(out, f"split {split}")
        label = f"承接落实 suggestions, {split} ({f.get('parents', 0):.0f} lower tasks with a parent)"
        rows += [
            (label, "P@1", f.get("P1"), "≥ 0.80"),
            (label, "R@3", f.get("R3"), "≥ 0.90"),
            (label, "coverage", f.get("coverage"), ""),
            (
                f"承接落实, {split}: true parents the extractor misses",
                "count",
                f.get("parent_not_extracted"),
                "",
            ),
            (f"承接落实, {split}: where both tasks are extracted", "P@1", f.get("P1_matchable"), ""),
        ]
    return rows


def main() -> int:
    rows = dev_targets() + seed_targets() + past() + fengong() + speeches() + alignment()
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'figure':<11} {'value':>7}  goal")
    for what, figure, value, goal in rows:
        shown = "—" if value is None else (f"{value:.0f}" if figure == "count" else f"{value:.3f}")
        print(f"{what:{width}}  {figure:<11} {shown:>7}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
