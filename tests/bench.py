"""Ledger benchmark: a synthetic city-sized ledger, then median response times and export memory.

    make bench                       # or: LUOSHI_DEMO=1 .venv/bin/python -m tests.bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tests.bench

SQLite (default): a fresh database file in a temporary directory, removed afterwards.
PostgreSQL: BENCH_DATABASE_URL names a scratch database; it is migrated and FLUSHED (emptied) first.

Generates, with bulk_create in one transaction: 500 units (1 市, 10 县区, departments and townships),
a few users, one plan with 20 areas and 50,000 tasks, each with 1 lead + 1 co unit and 3 targets.
Then prints the median of BENCH_RUNS (default 20) requests through django.test.Client for the ledger
page and the task API, and the Excel export of all 50,000 rows: its time in this process, and its peak
memory in a separate child process (ru_maxrss, and tracemalloc's peak in a second child, since tracing
itself inflates the RSS). Goals: page and API < 150 ms median on SQLite; export peak RSS < 300 MB.
For every figure it also prints the query count and the slowest query, and EXPLAINs it when the figure
misses its goal.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNITS = 500
COUNTIES = 10
CITY_DEPARTMENTS = 39
COUNTY_DEPARTMENTS = 20
TOWNSHIPS = 25  # 1 + 10 + 39 + 10 * (20 + 25) = 500
TASKS = 50_000
AREAS = 20
TARGETS_PER_TASK = 3
BATCH = 5000
GOAL_MS = 150
GOAL_EXPORT_MB = 300
SEED = 2026

CITY_DEPT_NAMES = [
    "改革办",
    "政府办",
    "发改委",
    "统计局",
    "应急局",
    "住建局",
    "商务局",
    "财政局",
    "农业农村局",
    "工信局",
    "科技局",
    "生态环境局",
    "自然资源局",
    "水务局",
    "教育局",
    "卫健委",
    "人社局",
    "交通运输局",
    "文旅局",
    "市场监管局",
    "民政局",
    "司法局",
    "公安局",
    "审计局",
    "税务局",
    "林草局",
    "医保局",
    "乡村振兴局",
    "政务服务中心",
    "国资委",
    "退役军人事务局",
    "体育局",
    "外事办",
    "信访局",
    "机关事务局",
    "档案局",
    "气象局",
    "供销社",
    "数据局",
]
VERBS = ["新建", "改造", "推进", "实施", "完成", "培育", "建设", "提升", "开展", "落实", "新增", "深化"]
OBJECTS = [
    "高标准农田",
    "农村公路",
    "城镇老旧小区",
    "污水处理设施",
    "中药材标准化基地",
    "马铃薯良种繁育基地",
    "规模以上工业企业",
    "5G基站",
    "义务教育学校",
    "县域医共体",
    "养老服务中心",
    "高效节水灌溉",
    "营商环境评价",
    "政务服务事项",
    "农村供水保障",
    "草畜产业园",
    "物流园区",
    "光伏发电项目",
    "冷链仓储设施",
    "城市燃气管网",
]
METRICS = [("建设规模", "万亩"), ("投资额", "亿元"), ("覆盖率", "%"), ("数量", "个"), ("里程", "公里")]
LEADERS = [f"{role}（{n}）" for role in ("副市长", "常务副市长", "市长助理", "秘书长") for n in range(1, 9)]
KINDS = ["reform", "project", "livelihood", "routine"]


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


def generate():
    """Everything in one transaction, bulk_create only. Returns the ids the measurements need."""
    import datetime
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from apps.orgs.models import Role, Unit, User
    from apps.plans.models import Area, Plan, Target, Task, TaskUnit

    rnd = random.Random(SEED)
    K = Unit.Kind
    with transaction.atomic():
        # Units, level by level: bulk_create returns the ids (SQLite ≥ 3.35, PostgreSQL), then paths.
        city = Unit.objects.create(name="定西市", kind=K.CITY, path="")
        city.path = f"/{city.id}/"
        city.save(update_fields=["path"])
        level1 = [
            Unit(name=f"市{n}", kind=K.DEPARTMENT, parent=city, order=i)
            for i, n in enumerate(CITY_DEPT_NAMES[:CITY_DEPARTMENTS])
        ] + [Unit(name=f"第{c + 1}县", kind=K.COUNTY, parent=city, order=100 + c) for c in range(COUNTIES)]
        Unit.objects.bulk_create(level1, batch_size=BATCH)
        for u in level1:
            u.path = f"{city.path}{u.id}/"
        counties = [u for u in level1 if u.kind == K.COUNTY]
        level2 = []
        for county in counties:
            level2 += [
                Unit(name=f"{county.name}{CITY_DEPT_NAMES[d]}", kind=K.DEPARTMENT, parent=county, order=d)
                for d in range(COUNTY_DEPARTMENTS)
            ]
            level2 += [
                Unit(name=f"{county.name}第{t + 1}镇", kind=K.TOWNSHIP, parent=county, order=100 + t)
                for t in range(TOWNSHIPS)
            ]
        Unit.objects.bulk_create(level2, batch_size=BATCH)
        for u in level2:
            u.path = f"{u.parent.path}{u.id}/"
        Unit.objects.bulk_update(level1 + level2, ["path"], batch_size=BATCH)
        units = [city, *level1, *level2]
        assert len(units) == UNITS, len(units)

        # Users: a city coordinator, reporters of a county department and of a city department, a county
        # leader.
        reform_office = level1[0]
        county = counties[0]
        county_dept = next(u for u in level2 if u.parent_id == county.id and u.kind == K.DEPARTMENT)
        city_dept = level1[2]
        password = make_password("bench-pw-2026")
        users = [
            User(username="coordinator", unit=reform_office, roles=[Role.COORDINATOR], password=password),
            User(username="reporter", unit=county_dept, roles=[Role.REPORTER], password=password),
            User(username="city_reporter", unit=city_dept, roles=[Role.REPORTER], password=password),
            User(username="county_leader", unit=county, roles=[Role.LEADER], password=password),
        ]
        User.objects.bulk_create(users)

        plan = Plan.objects.create(
            title="合成台账（基准测试）", year=2026, owner_unit=city, status=Plan.Status.PUBLISHED
        )
        areas = Area.objects.bulk_create(
            [Area(plan=plan, title=f"第{i + 1}领域：{OBJECTS[i]}相关工作", order=i + 1) for i in range(AREAS)]
        )

        start = datetime.date(2026, 1, 1)
        tasks = []
        for n in range(TASKS):
            area = n % AREAS
            obj = OBJECTS[rnd.randrange(len(OBJECTS))]
            title = f"{VERBS[n % len(VERBS)]}{obj}{rnd.randint(1, 500)}处（第{n + 1}号）"
            tasks.append(
                Task(
                    plan=plan,
                    area=areas[area],
                    code=f"{area + 1}.{n // AREAS + 1}",
                    title=title,
                    description=f"围绕{obj}，{title}，确保年底前全面完成并通过验收，形成可复制可推广经验。",
                    leader=LEADERS[rnd.randrange(len(LEADERS))],
                    start_date=start,
                    due_date=start + datetime.timedelta(days=rnd.randrange(365)),
                    kind=KINDS[n % len(KINDS)],
                    priority=rnd.choice((1, 2, 2, 3)),
                )
            )
        Task.objects.bulk_create(tasks, batch_size=BATCH)

        # Every task has a lead and a co unit (distinct); the two bench reporters' units get a fair share
        # like any other unit (about 200 tasks each).
        links, targets = [], []
        for task in tasks:
            lead, co = rnd.sample(units, 2)
            links.append(TaskUnit(task_id=task.id, unit_id=lead.id, role="lead"))
            links.append(TaskUnit(task_id=task.id, unit_id=co.id, role="co"))
            for t in range(TARGETS_PER_TASK):
                metric, unit = METRICS[(task.id + t) % len(METRICS)]
                targets.append(
                    Target(
                        task_id=task.id,
                        metric=f"{metric}{t + 1}",
                        comparator=">=",
                        value=Decimal(rnd.randint(1, 5000)),
                        unit=unit,
                        horizon=2026,
                    )
                )
        TaskUnit.objects.bulk_create(links, batch_size=BATCH)
        Target.objects.bulk_create(targets, batch_size=BATCH)

    return {
        "plan": plan.id,
        "county": county.id,
        "county_dept": county_dept.id,
        "city_dept": city_dept.id,
        "links": len(links),
        "targets": len(targets),
    }


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


def report(label, client, url, runs, goal_ms, vendor):
    median, done, _ = timed_get(client, url, runs)
    count, queries = query_profile(client, url)
    slowest = queries[0] if queries else {"time": "0", "sql": ""}
    goal_applies = vendor == "sqlite"
    ok = median < goal_ms
    verdict = ("OK" if ok else "MISSED") if goal_applies else "(goal is for SQLite)"
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
        from apps.plans.excel import export_ledger  # lazily: written in parallel with this bench
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
    args = [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tests.bench", "--export-child"]
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
        trace = os.environ.get("BENCH_TRACEMALLOC", "1") != "0"
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

        log(f"\nTotal: {time.perf_counter() - t_start:.0f} s")
        connection.close()


if __name__ == "__main__":
    main()
