"""A province-wide monthly 督查通报, generated as the background job does it, and its Word file.

    make bench-briefing          # PostgreSQL, database luoshi_bench_briefing (created if missing)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python -m tools.bench_briefing

The scratch database is migrated and FLUSHED first. Without BENCH_DATABASE_URL: a temporary SQLite file
(BENCH_TASKS=20000 for a quick look; the goal is for PostgreSQL at full size).

Generates with tools.bench_assessment_data's province (6,000 units: 省 → 14 市州 → 100 县区; 15 published
plans; BENCH_TASKS tasks, default 300,000, with lead and co units; 4,000 督办单, 20,000 整改 items, 批示)
the month the 通报 covers only: November 2026's cycle of each plan with one lead-unit report per task
(300,000; statuses as a closed month's), a 存在问题 text in one report of 50.

Then, in a child process (so that its peak memory is its own), as the province's coordinator:
- the job: apps.briefings.jobs.generate_briefing_job for 甘肃省全部计划, 2026-11 (data.gather over the 15
  plans, the draft saved with its snapshot) — wall time per step, statements, peak RSS. Goal: under 60 s;
- the Word file the draft is published as (actions.render_docx: text, chart, 附件 tables, 版记) — time,
  size, and the child's peak RSS after both.
BENCH_PROFILE=1 prints the child's cProfile top functions. The whole bench runs about 3–4 minutes on 2
cores at full size (most of it generating).
"""

import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from tools.bench import LAUNCHER, QueryTally, log, setup_django, vm_hwm_mb
from tools.bench_assessment import ensure_database

GOAL_JOB_S = 60
MONTH = 11
PROBLEM_EVERY = 50


def month_reports(rnd, leads, plan_ids) -> int:
    """November's closed cycle of each plan and one lead-unit report per task in it (one COPY)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.cycles.models import Cycle, Report, Schedule
    from apps.cycles.periods import due_date, period_for
    from lib.workdays import WorkCalendar
    from tools.bench_assessment_data import CLOSED_MIX, YEAR, next_id, pick, reset_sequences
    from tools.bench_data import NARRATIVES, insert_rows

    now, adapt = timezone.now(), connection.ops.adapt_datetimefield_value
    period = period_for("month", datetime.date(YEAR, MONTH, 1))
    due = due_date(period, 25, WorkCalendar())
    Schedule.objects.bulk_create(
        Schedule(plan_id=p, kind="month", due_day=25, open_days=10) for p in plan_ids
    )
    cycles = {
        c.plan_id: c.pk
        for c in Cycle.objects.bulk_create(
            Cycle(plan_id=p, kind="month", label=period.label, period_start=period.start, period_end=period.end,
                  opens_on=due, due_on=due, status="closed", opened_at=now, closed_at=now)
            for p in plan_ids
        )
    }  # fmt: skip
    status_of, first = pick(rnd, CLOSED_MIX), next_id(Report)
    rows = []
    for n, (task_id, unit_id, plan_id) in enumerate(leads):
        status = status_of()
        problems = "资金到位慢，项目前期手续办理时间长" if n % PROBLEM_EVERY == 0 else ""
        narrative = NARRATIVES[task_id % len(NARRATIVES)] if status != "pending" else ""
        rows.append(
            (first + n, cycles[plan_id], task_id, unit_id, True, status, narrative, None, problems, "", "", "",
             1, adapt(now))
        )  # fmt: skip
    columns = [
        "id", "cycle_id", "task_id", "unit_id", "is_lead", "status", "narrative", "percent", "problems",
        "next_steps", "comment", "save_token", "version", "updated_at",
    ]  # fmt: skip
    with transaction.atomic():
        count = insert_rows(Report, columns, rows)
    reset_sequences(Report)
    return count


def generate() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from apps.orgs.models import Role, User
    from apps.plans.models import Area, Plan
    from tools import bench_assessment_data as province_data

    rnd = random.Random(province_data.SEED)
    with transaction.atomic():
        province, scopes, *_ = province_data.make_units()
        password = make_password("bench-pw-2026")
        users = {
            "coordinator": User(username="coordinator", unit=province, roles=[Role.COORDINATOR], password=password),
            "leader": User(username="leader", unit=province, roles=[Role.LEADER], password=password),
        }  # fmt: skip
        User.objects.bulk_create(users.values())
        plans = [
            Plan.objects.create(title=f"{owner.name}2026年重点工作任务（基准测试）", year=2026, owner_unit=owner,
                                status=Plan.Status.PUBLISHED)
            for owner, _ in scopes
        ]  # fmt: skip
        areas = [
            [a.pk for a in Area.objects.bulk_create(Area(plan=p, title=f"第{i + 1}领域", order=i + 1) for i in range(10))]
            for p in plans
        ]  # fmt: skip
        leads, links = province_data.make_tasks(rnd, scopes, [p.pk for p in plans], areas)
        counts = province_data.make_supervision(rnd, leads, province, scopes, users)
    reports = month_reports(rnd, leads, [p.pk for p in plans])
    return {"province": province.pk, "plans": len(plans), "tasks": len(leads), "links": links, "reports": reports,
            **counts}  # fmt: skip


# ---- the job and the Word file, in a child process ----


def job_child(province_id: int, profile: bool):
    import resource

    setup_django(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.utils import timezone

    from apps.briefings import actions, jobs
    from apps.briefings.models import BriefingJob
    from apps.orgs.models import Unit, User

    user = User.objects.select_related("unit").get(username="coordinator")
    scope = Unit.objects.get(pk=province_id)
    tasks = jobs.plan_tasks(None, scope)
    job = BriefingJob.objects.create(
        user=user, scope=scope, kind="monthly", year=2026, month=MONTH, tasks=tasks, steps=4
    )
    steps, step_of = [], jobs._step

    def timed_step(job_id, i, step):
        steps.append((step, time.perf_counter()))
        step_of(job_id, i, step)

    jobs._step = timed_step  # this child only: to split the time by step
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    tally = QueryTally()
    t0 = time.perf_counter()
    with connection.execute_wrapper(tally):
        jobs.generate_briefing_job.func(job.pk)
    t_job = time.perf_counter()
    job.refresh_from_db()
    if job.status != BriefingJob.Status.DONE:
        raise RuntimeError(f"the job ended {job.status}: {job.error}")
    rss_job = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    content = actions.render_docx(job.briefing, date=timezone.localdate())
    t_docx = time.perf_counter()
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    marks = [*steps, ("end", t_job)]
    data = job.briefing.data
    figures = {
        "job_s": t_job - t0,
        "steps": [(name, marks[i + 1][1] - at) for i, (name, at) in enumerate(marks[:-1])],
        "docx_s": t_docx - t_job,
        "docx_mb": len(content) / 2**20,
        "rss_job_mb": rss_job,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "vmhwm_mb": vm_hwm_mb(),
        "statements": tally.summary()[0],
        "sql_s": tally.summary()[1],
        "tasks": tasks,
        "total": data["total"],
        "behind": data["counts"]["欠进度"],
        "units": data["totals"]["submission"],
        "listed": {key: len(data[key]) for key in data["totals"] if key != "problems"},
        "snapshot_mb": len(json.dumps(data, ensure_ascii=False).encode()) / 2**20,
    }
    print("BENCH-JSON " + json.dumps(figures, ensure_ascii=False), flush=True)


def run_job_child(province_id: int) -> dict:
    """Through a small launcher, so that ru_maxrss is the child's own (see tools.bench)."""
    args = [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tools.bench_briefing", "--job-child"]
    args += [str(province_id), "1" if os.environ.get("BENCH_PROFILE") else "0"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if os.environ.get("BENCH_PROFILE"):
        log(proc.stderr[-12000:])
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    raise RuntimeError(f"job child failed (rc {proc.returncode}):\n{proc.stderr[-3000:]}")


def main():
    started = time.perf_counter()
    warnings.filterwarnings("ignore", message="No directory at")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='luoshi-bench-')) / 'bench.sqlite3'}"
    elif url.startswith("postgres"):
        ensure_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from tools.bench_data import analyze

    vendor = connection.vendor
    if os.environ.get("BENCH_REUSE"):
        return measure(reuse(), started)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    ids = generate()
    analyze()
    log(
        f"Province on {vendor}: {ids['tasks']:,} tasks ({ids['links']:,} lead/co links) in {ids['plans']} plans, "
        f"{ids['reports']:,} November reports, {ids['notices']:,} 督办单 — generated in {time.perf_counter() - t0:.0f} s"
    )
    connection.close()  # the child reads what this process committed
    return measure(ids["province"], started)


def reuse() -> int:
    """BENCH_REUSE=1: the province generated by an earlier run (its drafts removed), for the job only."""
    from django.db import connection

    from apps.briefings.models import Briefing, BriefingJob
    from apps.orgs.models import Unit

    BriefingJob.objects.all().delete()
    Briefing.objects.all().delete()
    province = Unit.objects.get(parent__isnull=True)
    connection.close()
    log(f"Reusing the province generated before ({province.name})")
    return province.pk


def measure(province_id, started) -> int:
    log(f"\nThe job for 甘肃省全部计划 2026-11, in a child process (goal < {GOAL_JOB_S} s)")
    job = run_job_child(province_id)
    for name, seconds in job["steps"]:
        log(f"  {name:<12} {seconds:6.1f} s")
    verdict = "OK" if job["job_s"] < GOAL_JOB_S else "MISSED"
    log(
        f"  job          {job['job_s']:6.1f} s  [{verdict}]  {job['statements']} statements ({job['sql_s']:.1f} s SQL)"
    )
    log(f"  peak RSS after the job {job['rss_job_mb']:.0f} MB; snapshot {job['snapshot_mb']:.1f} MB of JSON")
    log(
        f"  Word file    {job['docx_s']:6.1f} s, {job['docx_mb']:.1f} MB; "
        f"peak RSS {job['maxrss_mb']:.0f} MB (VmHWM {job['vmhwm_mb'] or 0:.0f} MB)"
    )
    log(f"  the 通报: {job['total']:,} tasks, {job['behind']:,} 欠进度, {job['units']:,} units reporting")
    log(f"  listed in the text or tables (of longer lists): {job['listed']}")
    log(f"\nbench ran {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--job-child":
        job_child(int(sys.argv[2]), sys.argv[3] == "1")
    else:
        sys.exit(main())
