"""The synthetic city of `make bench` (tools.bench): 500 units, 50,000 tasks with targets, and a year of
monthly reports — its sizes, its vocabulary, and the bulk inserts that make it in seconds."""

import random

UNITS = 500
COUNTIES = 10
CITY_DEPARTMENTS = 39
COUNTY_DEPARTMENTS = 20
TOWNSHIPS = 25  # 1 + 10 + 39 + 10 * (20 + 25) = 500
TASKS = 50_000
AREAS = 20
TARGETS_PER_TASK = 3
BATCH = 5000
SEED = 2026

# The implementation cycle: 12 monthly cycles of 2026, one lead-unit report per task in each (600,000).
CYCLE_MONTHS = 12
TICK_DAY = "2026-12-28"  # Monday after December's due date (Friday 25th): tick closes December
# (status, weight): a closed cycle is mostly accepted, with a few reports never sent; the open one is mixed.
CLOSED_MIX = [
    ("accepted", 80),
    ("approved", 4),
    ("submitted", 3),
    ("returned", 3),
    ("draft", 3),
    ("pending", 7),
]
OPEN_MIX = [
    ("pending", 30),
    ("draft", 15),
    ("submitted", 20),
    ("approved", 15),
    ("accepted", 15),
    ("returned", 5),
]
NARRATIVES = [
    "按计划推进，本月完成年度任务的阶段性目标，项目建设进展顺利。",
    "已完成招投标和前期手续，施工单位进场，正在加快推进主体工程建设。",
    "受资金拨付进度影响略有滞后，已协调财政部门加快拨付，下月可赶上进度。",
    "已召开专题推进会，细化分解任务，明确责任人和时间节点，正在组织实施。",
]

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
        city.path = city.compute_path()
        city.save(update_fields=["path"])
        level1 = [
            Unit(name=f"市{n}", kind=K.DEPARTMENT, parent=city, order=i)
            for i, n in enumerate(CITY_DEPT_NAMES[:CITY_DEPARTMENTS])
        ] + [Unit(name=f"第{c + 1}县", kind=K.COUNTY, parent=city, order=100 + c) for c in range(COUNTIES)]
        Unit.objects.bulk_create(level1, batch_size=BATCH)
        for u in level1:
            u.path = u.compute_path()
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
            u.path = u.compute_path()
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


def generate_cycles(plan_id: int) -> dict:
    """A monthly schedule and its 12 cycles of 2026 (January–November closed, December open), with one
    lead-unit report per task and cycle: bulk_create, one transaction per cycle. Progress follows each
    task's own pace; the task's percent and 最新进展 are its latest accepted report's, as acceptance sets them."""
    import bisect
    import datetime
    import itertools

    from django.db import connection, transaction
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from apps.cycles.models import Cycle, Report, Schedule
    from apps.cycles.periods import due_date, period_for
    from apps.cycles.rules import expected_percent
    from apps.plans.models import Task, TaskUnit
    from lib.workdays import WorkCalendar

    rnd = random.Random(SEED + 1)
    cal = WorkCalendar()
    now = timezone.now()
    leads = list(
        TaskUnit.objects.filter(task__plan_id=plan_id, role="lead")
        .order_by("task_id")
        .values_list("task_id", "unit_id", "task__start_date", "task__due_date")
    )
    pace = {task_id: rnd.uniform(0.55, 1.35) for task_id, *_ in leads}

    def mix(weights):
        statuses = [s for s, _ in weights]
        cum = list(itertools.accumulate(w for _, w in weights))
        return lambda: statuses[bisect.bisect_right(cum, rnd.random() * cum[-1])]

    closed_status, open_status = mix(CLOSED_MIX), mix(OPEN_MIX)
    with transaction.atomic():
        Schedule.objects.create(plan_id=plan_id, kind="month", due_day=25, open_days=10)
        cycles = []
        for month in range(1, CYCLE_MONTHS + 1):
            period = period_for("month", datetime.date(2026, month, 1))
            due = due_date(period, 25, cal)
            is_open = month == CYCLE_MONTHS
            cycles.append(
                Cycle(
                    plan_id=plan_id,
                    kind="month",
                    label=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    opens_on=due - datetime.timedelta(days=10),
                    due_on=due,
                    status="open" if is_open else "closed",
                    opened_at=now,
                    closed_at=None if is_open else now,
                )
            )
        Cycle.objects.bulk_create(cycles)
    # Django's bulk_create spends ~80% of its time compiling SQL (9 million field values: 90 s for these
    # 600,000 rows on SQLite); insert_rows() sends the same rows in a few seconds.
    at = connection.ops.adapt_datetimefield_value(now)
    columns = [
        "cycle_id",
        "task_id",
        "unit_id",
        "is_lead",
        "status",
        "narrative",
        "percent",
        "problems",
        "next_steps",
        "comment",
        "save_token",
        "version",
        "updated_at",
        "submitted_at",
        "accepted_at",
    ]
    rows = 0
    for cycle in cycles:
        pick = open_status if cycle.status == "open" else closed_status
        with transaction.atomic():
            batch = []
            for task_id, unit_id, start, due in leads:
                if start > cycle.period_end:
                    continue
                status = pick()
                filled = status != "pending"
                percent = None
                if filled:
                    expected = expected_percent(start, due, cycle.period_end)
                    percent = max(0, min(100, round(expected * pace[task_id])))
                batch.append(
                    (
                        cycle.id,
                        task_id,
                        unit_id,
                        True,
                        status,
                        NARRATIVES[task_id % len(NARRATIVES)] if filled else "",
                        percent,
                        "",
                        "",
                        "",
                        "",
                        1,
                        at,
                        at if status in ("submitted", "approved", "accepted") else None,
                        at if status == "accepted" else None,
                    )
                )
            rows += insert_rows(Report, columns, batch)
    latest = Report.objects.filter(task=OuterRef("pk"), is_lead=True, status="accepted").order_by("-cycle_id")
    Task.objects.filter(plan_id=plan_id).update(
        percent=Subquery(latest.values("percent")[:1]),
        progress_note=Coalesce(Subquery(latest.exclude(narrative="").values("narrative")[:1]), Value("")),
    )
    return {"reports": rows, "open_cycle": cycles[-1].id, "closed_cycle": cycles[-2].id}


def insert_rows(model, columns, rows, per_statement=1000) -> int:
    """INSERT `rows` (tuples in the order of `columns`): PostgreSQL COPY; on SQLite multi-row VALUES
    statements, as bulk_create does, without its per-value compilation (1000 rows × 14 columns stays
    under SQLite's 32,766 parameters)."""
    from django.db import connection

    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    head = f"INSERT INTO {table} ({names}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per_statement):
            chunk = rows[i : i + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])
    return len(rows)


def analyze(*tables):
    from django.db import connection

    with connection.cursor() as cursor:
        if tables and connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
