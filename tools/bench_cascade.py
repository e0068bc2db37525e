"""承接落实 at city scale: the matcher's suggestions and the coverage report.

    make bench-cascade           # PostgreSQL, database luoshi_bench_cascade (created if missing)
    BENCH_DATABASE_URL=… .venv/bin/python -m tools.bench_cascade      # without it: a temporary SQLite file

1. Suggestions for a county plan of 300 tasks against a city plan of 500 (extractor.align.rank on items made
   from real sentences of the seed documents: each county task restates a city task with its own local
   clause, one in five is new local work). Median of BENCH_RUNS (default 3). Goal: under 2 s.
2. The coverage page (/plans/<id>/coverage/) of that city plan over 10 county plans of 300 tasks each, 250
   confirmed links each, as the city coordinator: median of 10 requests, queries. Goal: under 500 ms.
The scratch database is migrated and FLUSHED first.
"""

import os
import random
import re
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from tools.bench import QueryTally, client_for, log, setup_django, timed_get

GOAL_SUGGEST_S = 2.0
GOAL_COVERAGE_MS = 500
SEEDS = Path(__file__).resolve().parent.parent / "apps" / "demo" / "seeds"
LOCAL = ("结合县域实际", "由县直有关部门分工负责", "年底前完成", "逐月调度推进", "确保取得实效")


def sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for part in re.split(r"(?<=[。；！])", path.read_text(encoding="utf-8")):
            part = part.strip()
            if 25 <= len(part) <= 200:
                out.append(part)
    return out


def plans(rng, pool, uppers=500, lowers=300):
    upper = rng.sample(pool, uppers)
    lower = []
    for i in range(lowers):
        if i % 5 == 4:
            lower.append(rng.choice(pool))  # new local work (or an unrelated item)
            continue
        clauses = [c for c in re.split(r"[，；]", rng.choice(upper)) if c]
        lower.append("，".join(clauses[: max(1, len(clauses) - 1)] + [rng.choice(LOCAL)]) + "。")
    return upper, lower


def bench_suggestions(upper, lower, runs):
    from extractor.align import Item, rank

    rank([Item("预热")], [Item("预热")])  # jieba's dictionary loads once per process
    up, low = [Item(t) for t in upper], [Item(t) for t in lower]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ranked = rank(up, low)
        times.append(time.perf_counter() - t0)
    found = sum(1 for r in ranked if r)
    return statistics.median(times), found


def build(upper, lower, counties=10, links=250):
    from apps.cascade.models import PlanParent, TaskLink
    from apps.orgs.models import Role, Unit, User
    from apps.plans.models import Plan, Target, Task

    def unit(name, kind, parent=None):
        u = Unit.objects.create(name=name, kind=kind, parent=parent)
        u.path = u.compute_path()
        u.save(update_fields=["path"])
        return u

    city = unit("基准市", Unit.Kind.CITY)
    office = unit("基准市委改革办", Unit.Kind.DEPARTMENT, city)
    User.objects.create(username="bench_coordinator", unit=office, roles=[Role.COORDINATOR])
    parent = Plan.objects.create(title="市计划", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED)
    city_tasks = Task.objects.bulk_create(Task(plan=parent, title=t[:300]) for t in upper)
    Target.objects.bulk_create(
        Target(task=t, metric="高标准农田", comparator=">=", value=20, unit="万亩") for t in city_tasks[:100]
    )
    rng = random.Random(7)
    for n in range(counties):
        county = unit(f"基准县{n}", Unit.Kind.COUNTY, city)
        plan = Plan.objects.create(
            title=f"县计划{n}", year=2026, owner_unit=county, status=Plan.Status.PUBLISHED
        )
        PlanParent.objects.create(plan=plan, parent=parent, created_by=User.objects.get())
        tasks = Task.objects.bulk_create(Task(plan=plan, title=t[:300]) for t in lower)
        chosen = rng.sample(city_tasks, links)
        TaskLink.objects.bulk_create(
            TaskLink(
                task=task,
                parent=up,
                state=TaskLink.State.ACCEPTED,
                relation=TaskLink.Relation.SHARE if i < 20 else TaskLink.Relation.TAKE_ON,
                share=2 if i < 20 else None,
            )
            for i, (task, up) in enumerate(zip(tasks, chosen, strict=False))
        )
    return parent


def main():
    started = time.perf_counter()
    warnings.filterwarnings("ignore", message="No directory at")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='luoshi-bench-')) / 'bench.sqlite3'}"
    elif url.startswith("postgres"):
        from tools.bench_assessment import ensure_database

        ensure_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(2026)
    upper, lower = plans(rng, sentences())
    log(f"suggestions: {len(lower)} county tasks × {len(upper)} city tasks")
    seconds, found = bench_suggestions(upper, lower, int(os.environ.get("BENCH_RUNS", "3")))
    log(f"  median {seconds:.2f} s (goal < {GOAL_SUGGEST_S:.0f} s); {found} of {len(lower)} got a candidate")

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    parent = build(upper, lower)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    client = client_for("bench_coordinator")
    page = f"/plans/{parent.pk}/coverage/"
    tally = QueryTally()
    with connection.execute_wrapper(tally):
        client.get(page)
    queries, sql_s, slowest = tally.summary()
    for kind, (n, seconds) in slowest:
        log(f"    {seconds * 1000:6.0f} ms  {n}× {kind}")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, page)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    median, runs, response = timed_get(client, page, 10)
    log(
        f"coverage of 1 city plan (500 tasks) over 10 county plans (300 tasks, 250 links each) on {connection.vendor}:"
    )
    log(
        f"  median {median:.0f} ms over {runs} runs (goal < {GOAL_COVERAGE_MS} ms); {queries} queries, SQL {sql_s * 1000:.0f} ms; page {len(response.content) // 1024} KB"
    )
    log(f"bench ran {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
