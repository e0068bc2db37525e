"""`tick` at province scale on PostgreSQL (issue 14): the first run after a month closes and the steady state,
with the seconds and statements of each step.

    make bench-tick                 # needs luoshi_bench_province (make bench-province generates it)
    BENCH_REBUILD=1 make bench-tick # rebuild the tick's base database from the province first

Tick writes, so it never runs on the province itself. The province (luoshi_bench_province: 6,000 units,
300,000 tasks in 15 plans, November closed, December open in the province's own plan) is copied once into
luoshi_bench_tick_base, to which this adds the rest of the year — January to October closed and December
open in every plan, one lead-unit report per task and month (3.6 million reports in all) — a 填报员 in
every unit and an e-mail channel in every second one (sent through Django's in-memory mail backend). Each
run then copies the base into luoshi_bench_tick (CREATE DATABASE … TEMPLATE) and ticks on the copy:

- first run, today = 2026-12-28 (the Monday after December's due day): closes December, derives every
  task's status (the generated ledger was never derived: every row is rewritten, the worst case), reminds
  and sends late notices to each unit, delivers the outbox;
- steady state: the tick ten minutes later the same day, and the next day's;
- then the dashboard's rebuild the first run queued (apps.dashboard.stats.refresh_job, the worker's job),
  timed on its own.

Goals: first ≤ 60 s, steady state ≤ 20 s. Prints, per step, its seconds and statements (by kind for a step
of a second or more). Running time: building the base about 4 minutes (once), each run 2–3 minutes on
2 cores.
"""

import datetime
import os
import subprocess
import time
import warnings

from tools.bench import QueryTally, log, setup_django

PROVINCE = "luoshi_bench_province"
BASE = "luoshi_bench_tick_base"
COPY = "luoshi_bench_tick"
SERVER = "postgres://postgres@127.0.0.1:5432"
TICK_DAY = datetime.date(2026, 12, 28)
GOAL_FIRST_S, GOAL_STEADY_S = 60, 20
EARLIER_MONTHS = range(1, 11)  # January–October, added to the province's November and December
CHANNEL_EVERY = 2  # an e-mail channel in every second unit
SHOW_S = 1.0  # a step that takes this long shows its statements by kind


def psql(sql: str, db="postgres") -> str:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-XAtc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def exists(name: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def copy_database(template: str, name: str, tries=30):
    """DROP `name` and CREATE it from `template` (PostgreSQL refuses while anyone is connected to the
    template: retried)."""
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    for attempt in range(tries):
        try:
            psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except subprocess.CalledProcessError as exc:
            if "being accessed by other users" not in exc.stderr or attempt == tries - 1:
                raise
            time.sleep(2)


# ---- the base: the province plus the rest of the year ----


def add_year():
    """The cycles of 2026 each plan lacks (January–November closed, December open), each with one lead-unit
    report per task (COPY, one month a statement); a 填报员 in every unit and an e-mail channel in every
    second unit. Adds only what is missing, so it can run again on a base built before."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.cycles.models import Cycle, Report
    from apps.cycles.periods import due_date, period_for
    from apps.notify.models import Channel
    from apps.orgs.models import Role, Unit, User
    from apps.plans.models import Plan, TaskUnit
    from lib.workdays import WorkCalendar
    from tools.bench_assessment_data import CLOSED_MIX, OPEN_MIX, YEAR, pick, reset_sequences
    from tools.bench_data import NARRATIVES, analyze, insert_rows

    rnd, cal, now = random.Random(14), WorkCalendar(), timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    closed_status, open_status = pick(rnd, CLOSED_MIX), pick(rnd, OPEN_MIX)
    plans = list(Plan.objects.values_list("pk", flat=True))
    leads = list(
        TaskUnit.objects.filter(role=TaskUnit.Role.LEAD)
        .order_by("task_id")
        .values_list("task_id", "unit_id", "task__plan_id")
    )
    columns = [
        "cycle_id", "task_id", "unit_id", "is_lead", "status", "narrative", "percent", "problems",
        "next_steps", "comment", "save_token", "version", "updated_at",
    ]  # fmt: skip
    reset_sequences(Cycle, Report, User, Channel)  # the province was written with its own ids
    reports = 0
    for month in range(1, 13):
        period = period_for("month", datetime.date(YEAR, month, 1))
        due, status = due_date(period, 25, cal), "open" if month == 12 else "closed"
        have = set(Cycle.objects.filter(period_start=period.start).values_list("plan_id", flat=True))
        if not set(plans) - have:
            continue
        pick_status = open_status if status == "open" else closed_status
        with transaction.atomic():
            cycles = {
                c.plan_id: c.pk
                for c in Cycle.objects.bulk_create(
                    Cycle(plan_id=p, kind="month", label=period.label, period_start=period.start,
                          period_end=period.end, opens_on=due - datetime.timedelta(days=10), due_on=due,
                          status=status, opened_at=now, closed_at=None if status == "open" else now)
                    for p in plans if p not in have
                )
            }  # fmt: skip
            rows = []
            for task_id, unit_id, plan_id in leads:
                if plan_id not in cycles:
                    continue
                status = pick_status()
                filled = status != "pending"
                rows.append(
                    (cycles[plan_id], task_id, unit_id, True, status,
                     NARRATIVES[task_id % len(NARRATIVES)] if filled else "",
                     min(100, month * 8 + rnd.randint(0, 10)) if filled else None, "", "", "", "", 1, adapt(now))
                )  # fmt: skip
            reports += insert_rows(Report, columns, rows)
        log(f"  {period.label}: {len(rows):,} reports")
    password = make_password("bench-pw-2026")
    units = list(Unit.objects.values_list("pk", flat=True))
    if not User.objects.filter(username__startswith="reporter-").exists():
        with transaction.atomic():
            User.objects.bulk_create(
                (User(username=f"reporter-{pk}", unit_id=pk, roles=[Role.REPORTER], password=password)
                 for pk in units),
                batch_size=2000,
            )  # fmt: skip
            Channel.objects.bulk_create(
                (Channel(unit_id=pk, kind="email", address=f"unit{pk}@example.org") for pk in units[::CHANNEL_EVERY]),
                batch_size=2000,
            )  # fmt: skip
    analyze()
    return reports, len(units)


def build_base():
    if not exists(PROVINCE):
        raise SystemExit(f"{PROVINCE} is missing: run make bench-province first")
    t0 = time.perf_counter()
    log(f"Building {BASE} from {PROVINCE}")
    building = f"{BASE}_building"  # renamed once complete: an interrupted build is never taken for the base
    copy_database(PROVINCE, building)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    reports, units = add_year()
    connection.close()
    psql(f'DROP DATABASE IF EXISTS "{BASE}"')
    psql(f'ALTER DATABASE "{building}" RENAME TO "{BASE}"')
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = BASE
    total = int(psql("SELECT count(*) FROM cycles_report", BASE))
    log(f"  {reports:,} reports added ({total:,} in all), a 填报员 in each of {units:,} units — "
        f"{time.perf_counter() - t0:.0f} s")  # fmt: skip


# ---- the runs ----


def timed_run(label, today, goal=None):
    """One tick through apps.portal.tick.run with a statement tally per step; prints the figures."""
    from django.db import connection

    from apps.portal import tick

    tallies, seconds = {}, {}

    class Step:
        def __init__(self, name):
            self.name = name

        def __enter__(self):
            self.tally = tallies[self.name] = QueryTally()
            self.wrapper = connection.execute_wrapper(self.tally)
            self.wrapper.__enter__()
            self.t0 = time.perf_counter()

        def __exit__(self, *exc):
            seconds[self.name] = time.perf_counter() - self.t0
            self.wrapper.__exit__(*exc)

    t0 = time.perf_counter()
    result = tick.run(today=today, step=Step)
    total = time.perf_counter() - t0
    verdict = f"goal ≤ {goal} s: {'OK' if total <= goal else 'MISSED'}" if goal else ""
    log(f"\n{label:<60} {total:6.1f} s  {verdict}")
    log(f"  {result}")
    statements = 0
    for name, tally in tallies.items():
        count, in_sql, _ = tally.summary()
        statements += count
        log(f"  {name:<24} {seconds[name]:6.2f} s {count:6} statements ({in_sql:5.2f} s SQL)")
        if seconds[name] >= SHOW_S:  # its statements by kind, most time first
            for kind, (n, t) in tally.summary(top=3)[2]:
                log(f"      {n:5} × {t:6.2f} s  {kind}…")
    log(f"  {'all steps':<24} {sum(seconds.values()):6.2f} s {statements:6} statements")
    return total


def main():
    started = time.perf_counter()
    warnings.filterwarnings("ignore", message="No directory at")
    if os.environ.get("BENCH_REBUILD") or not exists(BASE):
        setup_django(f"{SERVER}/{BASE}_building")
        build_base()
    else:
        setup_django(f"{SERVER}/{COPY}")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = COPY
    t0 = time.perf_counter()
    copy_database(BASE, COPY)
    log(f"{COPY} copied from {BASE} in {time.perf_counter() - t0:.0f} s")
    call_command("migrate", verbosity=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    log(f"Tasks {int(psql('SELECT count(*) FROM plans_task', COPY)):,}, "
        f"reports {int(psql('SELECT count(*) FROM cycles_report', COPY)):,}, "
        f"units {int(psql('SELECT count(*) FROM orgs_unit', COPY)):,}")  # fmt: skip
    first = timed_run(f"first run, {TICK_DAY} (December closes)", TICK_DAY, GOAL_FIRST_S)
    same = timed_run("steady state: the same day, ten minutes later", TICK_DAY, GOAL_STEADY_S)
    nxt = timed_run("steady state: the next day", TICK_DAY + datetime.timedelta(days=1), GOAL_STEADY_S)
    from apps.dashboard import stats

    t0 = time.perf_counter()
    rows = stats.refresh(TICK_DAY)
    log(f"\nthe dashboard's rebuild the first run queued (the worker's job): {time.perf_counter() - t0:.1f} s, "
        f"{rows:,} rows")  # fmt: skip
    log(f"\nfirst {first:.1f} s, steady {same:.1f} s (same day) / {nxt:.1f} s (next day); "
        f"bench ran {time.perf_counter() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
