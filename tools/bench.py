"""Ledger and implementation-cycle benchmark: a synthetic city-sized ledger and a year of monthly reports,
then median response times, export memory and one `tick`.

    make bench                       # or: LUOSHI_DEMO=1 .venv/bin/python -m tools.bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tools.bench

SQLite (default): a fresh database file in a temporary directory, removed afterwards.
PostgreSQL: BENCH_DATABASE_URL names a scratch database; it is migrated and FLUSHED (emptied) first.

Generates, with bulk_create in one transaction: 500 units (1 市, 10 县区, departments and townships),
a few users, one plan with 20 areas and 50,000 tasks, each with 1 lead + 1 co unit and 3 targets.
Then prints the median of BENCH_RUNS (default 20) requests through django.test.Client for the ledger
page and the task API, and the Excel export of all 50,000 rows: its time in this process, and its peak
memory in a separate child process (ru_maxrss; BENCH_TRACEMALLOC=1 adds tracemalloc's peak from a second
child, which slows that child ~5x). Goals: page and API < 150 ms median on SQLite; export peak RSS < 300 MB.

Then the cycle (BENCH_CYCLES=0 skips it): a monthly schedule and its 12 cycles of 2026 with one lead-unit
report per task each — 600,000 reports, mixed statuses (COPY on PostgreSQL, multi-row INSERTs on SQLite)
— and the median of 本期填报进度 (/cycles/<id>/), ONE `tick` (apps.portal.tick.run, today 2026-12-28:
it closes December and recomputes the status of all 50,000 tasks; then the next day's, for the steady
state), and the ledger filtered to ?rag=red. Goals: pages < 200 ms median on PostgreSQL, tick < 60 s.
For every page it also prints the query count and the slowest query, and EXPLAINs the two slowest when
the figure misses its goal; for the tick, its statements by kind.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.bench_data import AREAS, CYCLE_MONTHS, TASKS, TICK_DAY, UNITS, analyze, generate, generate_cycles

GOAL_MS = 150
GOAL_EXPORT_MB = 300
GOAL_CYCLE_MS = 200  # 本期填报进度 and the ledger's ?rag=red, median on PostgreSQL
GOAL_TICK_S = 60


def log(msg=""):
    print(msg, flush=True)


# ---- setup ----


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LUOSHI_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # no "Not Found" noise
    import django

    django.setup()


class QueryTally:
    """Counts statements and their time by kind while installed as a connection execute wrapper; cheaper
    than CaptureQueriesContext for a run that issues hundreds of large statements."""

    def __init__(self):
        self.kinds = {}

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = " ".join(sql.split()[:6])[:90]
            n, total = self.kinds.get(kind, (0, 0.0))
            self.kinds[kind] = (n + 1, total + time.perf_counter() - t0)

    def summary(self, top=4):
        count = sum(n for n, _ in self.kinds.values())
        seconds = sum(t for _, t in self.kinds.values())
        slowest = sorted(self.kinds.items(), key=lambda kv: -kv[1][1])[:top]
        return count, seconds, slowest


def timed_tick(today):
    from django.db import connection

    from apps.portal import tick

    tally = QueryTally()
    t0 = time.perf_counter()
    with connection.execute_wrapper(tally):
        result = tick.run(today=today)
    return time.perf_counter() - t0, result, tally


def log_tick(label, seconds, result, tally, goal=None):
    count, in_sql, slowest = tally.summary()
    verdict = f"; goal < {goal} s: {'OK' if seconds < goal else 'MISSED'}" if goal else ""
    log(f"  {label:<58} {seconds:8.1f} s  {verdict.lstrip('; ')}")
    log(f"      {result}")
    log(f"      {count} statements, {in_sql:.1f} s in SQL; by kind (count, seconds):")
    for kind, (n, t) in slowest:
        log(f"        {n:5} × {t:6.2f} s  {kind}…")


def cycle_section(ids, clients, runs, vendor):
    """12 monthly cycles of reports, then 本期填报进度, one tick, and the ledger's red tasks."""
    import datetime

    from apps.plans.models import Task

    plan = ids["plan"]
    coordinator, reporter, county_leader = clients
    log(f"\nImplementation cycle: {CYCLE_MONTHS} monthly cycles, one lead-unit report per task in each")
    t0 = time.perf_counter()
    c = generate_cycles(plan)
    analyze("cycles_report", "cycles_cycle", "plans_task")
    log(f"  generate: {time.perf_counter() - t0:.1f} s — {c['reports']:,} reports (COPY / multi-row INSERTs)")

    pg = "postgresql"
    log(f"\n本期填报进度 /cycles/<December>/ (goal < {GOAL_CYCLE_MS} ms median on PostgreSQL)")
    url = f"/cycles/{c['open_cycle']}/"
    results = {
        "progress_coordinator": report(
            "city coordinator (50,000 reports, 500 units)", coordinator, url, runs, GOAL_CYCLE_MS, vendor, pg
        ),
        "progress_county": report(
            "county leader (the 县's 45 units)", county_leader, url, runs, GOAL_CYCLE_MS, vendor, pg
        ),
        "progress_closed": report(
            "city coordinator, November (closed)",
            coordinator,
            f"/cycles/{c['closed_cycle']}/",
            runs,
            GOAL_CYCLE_MS,
            vendor,
            pg,
        ),
    }

    today = datetime.date.fromisoformat(TICK_DAY)
    log(f"\nOne tick, today = {today} (closes December; status of all 50,000 tasks; goal < {GOAL_TICK_S} s)")
    seconds, result, tally = timed_tick(today)
    results["tick"] = seconds
    log_tick(
        "first tick after the data was generated (every task rewritten)", seconds, result, tally, GOAL_TICK_S
    )
    seconds, result, tally = timed_tick(today + datetime.timedelta(days=1))
    results["tick_next_day"] = seconds
    log_tick("the next day's tick (steady state)", seconds, result, tally)
    analyze("plans_task")  # as autovacuum would after the tick rewrote the rag column

    red = Task.objects.filter(plan_id=plan, rag="red").count()
    log(
        f"\nLedger with the status column, ?rag=red — {red:,} red tasks (goal < {GOAL_CYCLE_MS} ms on PostgreSQL)"
    )
    results["ledger_red_coordinator"] = report(
        "city coordinator, ?rag=red", coordinator, f"/plans/{plan}/?rag=red", runs, GOAL_CYCLE_MS, vendor, pg
    )
    results["ledger_red_county"] = report(
        "city coordinator, ?rag=red&unit=a 县",
        coordinator,
        f"/plans/{plan}/?rag=red&unit={ids['county']}",
        runs,
        GOAL_CYCLE_MS,
        vendor,
        pg,
    )
    results["ledger_red_reporter"] = report(
        "reporter (县 department), ?rag=red",
        reporter,
        f"/plans/{plan}/?rag=red",
        runs,
        GOAL_CYCLE_MS,
        vendor,
        pg,
    )
    return results


# ---- measuring ----


def client_for(username):
    from django.test import Client

    from apps.orgs.models import User

    client = Client(HTTP_HOST="localhost")  # settings allow localhost, not Django's "testserver"
    client.force_login(User.objects.get(username=username))
    return client


def consume(response) -> int:
    if response.streaming:
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        return size
    return len(response.content)


def timed_get(client, url, runs):
    """(median ms, runs done, last response). One warm-up request first; fewer runs if very slow."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} → {response.status_code}: {response.content[:300]!r}")
    t0 = time.perf_counter()
    consume(client.get(url))
    if time.perf_counter() - t0 > 1.0:
        runs = min(runs, 5)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        consume(response)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), runs, response


def query_profile(client, url):
    """Query count and the queries sorted by time, for one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        consume(client.get(url))
    queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    return len(ctx.captured_queries), queries


def explain(sql):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    # Captured SQL has its parameters inlined (as Django logs them): good enough for EXPLAIN here.
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"      {'  ' * 0}{r[-1]}" for r in rows)
    return "\n".join(f"      {r[0]}" for r in rows)


VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def report(label, client, url, runs, goal_ms, vendor, goal_vendor="sqlite"):
    median, done, _ = timed_get(client, url, runs)
    count, queries = query_profile(client, url)
    slowest = queries[0] if queries else {"time": "0", "sql": ""}
    goal_applies = vendor == goal_vendor
    ok = median < goal_ms
    verdict = ("OK" if ok else "MISSED") if goal_applies else f"(goal is for {VENDOR_NAMES[goal_vendor]})"
    log(f"  {label:<58} {median:8.1f} ms  (median of {done}; goal < {goal_ms} ms: {verdict})")
    total_sql = sum(float(q["time"]) for q in queries) * 1000
    log(
        f"      {count} queries, {total_sql:.0f} ms in SQL; slowest {float(slowest['time']) * 1000:.0f} ms: "
        f"{slowest['sql'][:150]}…"
    )
    if goal_applies and not ok:
        for q in queries[:2]:
            log(f"      ── {float(q['time']) * 1000:.0f} ms: {q['sql'][:600]}")
            try:
                log(explain(q["sql"]))
            except Exception as exc:  # inlined parameters are not always valid SQL
                log(f"      (EXPLAIN failed: {exc})")
    return median


# ---- the export, in a child process so its peak memory is its own ----


def export_child(plan_id: int, username: str, out_path: str, trace: bool):
    """Runs in the child: export every task of the plan; print one JSON line of figures."""
    import resource

    # The whole ledger in this request (not a background job), so this process does the export.
    os.environ["EXPORT_JOB_ROWS"] = str(10 * TASKS)
    setup_django(os.environ["DATABASE_URL"])
    if trace:
        import tracemalloc

        tracemalloc.start()
    client = client_for(username)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    via = "url"
    try:
        response = client.get(f"/plans/{plan_id}/export.xlsx")
        if response.status_code != 200:
            raise RuntimeError(f"status {response.status_code}")
        size = 0
        with open(out_path, "wb") as out:
            chunks = response.streaming_content if response.streaming else [response.content]
            for chunk in chunks:
                out.write(chunk)
                size += len(chunk)
        response.close()
    except Exception as exc:  # noqa: BLE001 - any failure of the URL: fall back to the helper
        # The view is not wired yet: measure the export helper directly, on the same queryset.
        via = f"excel.export_ledger() (the URL failed: {type(exc).__name__} {exc})"
        t0 = time.perf_counter()
        from apps.orgs.models import User
        from apps.plans.excel_export import export_ledger  # lazily: written in parallel with this bench
        from apps.plans.ledger import ledger_tasks
        from apps.plans.models import Plan

        user = User.objects.get(username=username)
        plan = Plan.objects.get(pk=plan_id)
        tmp = export_ledger(plan, ledger_tasks(user, plan, {}))
        size = 0
        with open(out_path, "wb") as out:
            while chunk := tmp.read(1 << 16):
                out.write(chunk)
                size += len(chunk)
        tmp.close()
    seconds = time.perf_counter() - t0
    figures = {
        "seconds": seconds,
        "bytes": size,
        "via": via,
        "rss_before_mb": rss_before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "vm_hwm_mb": vm_hwm_mb(),
    }
    if trace:
        figures["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    print("BENCH-JSON " + json.dumps(figures), flush=True)


# Linux quirk: a process exec'd by this (by now large) process starts with ru_maxrss = our RSS at the
# fork, whatever it allocates itself. Going through a small launcher gives the child a clean figure.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def vm_hwm_mb():
    """Peak RSS of this process's own address space (Linux /proc), to cross-check ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def start_export_child(plan_id, username, out_path, trace):
    args = [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tools.bench", "--export-child"]
    args += [str(plan_id), username, out_path]
    if trace:
        args.append("--trace")
    cwd = Path(__file__).resolve().parent.parent
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)


def finish_export_child(proc):
    stdout, stderr = proc.communicate()
    for line in stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    raise RuntimeError(f"export child failed (rc {proc.returncode}):\n{stderr[-3000:]}")


def count_rows(path):
    """Rows of the first worksheet, by streaming its XML (openpyxl would take a minute to read it)."""
    import zipfile

    with zipfile.ZipFile(path) as xlsx, xlsx.open("xl/worksheets/sheet1.xml") as sheet:
        rows, tail = 0, b""
        while chunk := sheet.read(1 << 20):
            data = tail + chunk
            rows += data.count(b"<row ")
            tail = data[-5:]
            rows -= tail.count(b"<row ")  # counted again with the next chunk
        return rows + tail.count(b"<row ")


# ---- main ----


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--export-child"]:
        export_child(int(argv[1]), argv[2], argv[3], trace="--trace" in argv)
        return

    runs = int(os.environ.get("BENCH_RUNS", "20"))
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection

        vendor = connection.vendor
        log(f"luoshi ledger benchmark — {vendor} ({connection.settings_dict['NAME']})")
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        if vendor != "sqlite":
            call_command("flush", verbosity=0, interactive=False)
        log(f"  migrate: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        ids = generate()
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elif vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        log(
            f"  generate: {time.perf_counter() - t0:.1f} s — {UNITS} units, 4 users, 1 plan, {AREAS} areas, "
            f"{TASKS:,} tasks, {ids['links']:,} unit links, {ids['targets']:,} targets"
        )
        plan = ids["plan"]

        log(f"\nLedger page /plans/{plan}/ (goal < {GOAL_MS} ms median on SQLite)")
        reporter, coordinator = client_for("reporter"), client_for("coordinator")
        unit = ids["county_dept"]
        results = {}
        results["page_reporter"] = report(
            "reporter (县 department), ?unit=own unit",
            reporter,
            f"/plans/{plan}/?unit={unit}",
            runs,
            GOAL_MS,
            vendor,
        )
        results["page_coordinator"] = report(
            "city coordinator, ?unit=the same 县 department",
            coordinator,
            f"/plans/{plan}/?unit={unit}",
            runs,
            GOAL_MS,
            vendor,
        )
        results["page_coordinator_county"] = report(
            "city coordinator, ?unit=a 县 (its 45 units)",
            coordinator,
            f"/plans/{plan}/?unit={ids['county']}",
            runs,
            GOAL_MS,
            vendor,
        )
        results["page_coordinator_all"] = report(
            "city coordinator, no filter (all 50,000)", coordinator, f"/plans/{plan}/", runs, GOAL_MS, vendor
        )
        results["page_coordinator_search"] = report(
            "city coordinator, ?q=高标准农田",
            coordinator,
            f"/plans/{plan}/?q=高标准农田",
            runs,
            GOAL_MS,
            vendor,
        )

        log(f"\nTask API /api/tasks?plan={plan} (50 per page; goal < {GOAL_MS} ms median on SQLite)")
        results["api_p1"] = report(
            "city coordinator, page 1", coordinator, f"/api/tasks?plan={plan}", runs, GOAL_MS, vendor
        )
        results["api_p500"] = report(
            "city coordinator, page 500 (offset 24,950)",
            coordinator,
            f"/api/tasks?plan={plan}&page=500",
            runs,
            GOAL_MS,
            vendor,
        )
        results["api_reporter"] = report(
            "reporter, page 1", reporter, f"/api/tasks?plan={plan}", runs, GOAL_MS, vendor
        )

        log(
            f"\nExcel export of all {TASKS:,} tasks as the city coordinator (goal: peak RSS < {GOAL_EXPORT_MB} MB)"
        )
        xlsx = os.path.join(tmp, "export.xlsx")
        # tracemalloc slows the export ~5x, so its child runs alongside the untraced one (2 cores).
        trace = os.environ.get("BENCH_TRACEMALLOC", "0") == "1"
        plain = start_export_child(plan, "coordinator", xlsx, trace=False)
        traced = start_export_child(plan, "coordinator", xlsx + ".traced", trace=True) if trace else None
        try:
            figures = finish_export_child(plain)
        except RuntimeError as exc:
            log(f"  export FAILED: {exc}")
        else:
            ok = "OK" if figures["peak_rss_mb"] < GOAL_EXPORT_MB else "MISSED"
            log(f"  via {figures['via']}")
            log(
                f"  time (child process, untraced)            {figures['seconds']:8.1f} s   ({figures['bytes'] / 1e6:.1f} MB file)"
            )
            log(
                f"  peak RSS of that process (ru_maxrss)      {figures['peak_rss_mb']:8.0f} MB  (goal < {GOAL_EXPORT_MB} MB: {ok}; VmHWM {figures['vm_hwm_mb']:.0f} MB)"
            )
            log(
                f"      of which before the export started    {figures['rss_before_mb']:8.0f} MB  (Python, Django, the session)"
            )
            t0 = time.perf_counter()
            rows = count_rows(xlsx)
            check = "OK" if rows == TASKS + 1 else f"EXPECTED {TASKS + 1}"
            log(
                f"  rows in the workbook: {rows:,} incl. the header ({check}; read in {time.perf_counter() - t0:.0f} s)"
            )
        if traced is not None:
            try:
                figures = finish_export_child(traced)
            except RuntimeError as exc:
                log(f"  traced export FAILED: {exc}")
            else:
                log(
                    f"  tracemalloc peak (Python heap, 2nd child) {figures['tracemalloc_peak_mb']:8.0f} MB  ({figures['seconds']:.0f} s with tracing)"
                )

        if os.environ.get("BENCH_CYCLES", "1") != "0":
            clients = (coordinator, reporter, client_for("county_leader"))
            results.update(cycle_section(ids, clients, runs, vendor))
            # The export again, now that each task has a year of reports to pick its 最新进展 from.
            log(
                f"\nExcel export of all {TASKS:,} tasks again, with the 最新进展 column (the tasks' latest accepted progress)"
            )
            try:
                figures = finish_export_child(start_export_child(plan, "coordinator", xlsx, trace=False))
            except RuntimeError as exc:
                log(f"  export FAILED: {exc}")
            else:
                ok = "OK" if figures["peak_rss_mb"] < GOAL_EXPORT_MB else "MISSED"
                log(
                    f"  time {figures['seconds']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB (goal < {GOAL_EXPORT_MB} MB: {ok})"
                )

        log(f"\nTotal: {time.perf_counter() - t_start:.0f} s")
        connection.close()


if __name__ == "__main__":
    main()
