"""The synthetic province of `make bench-assessment` (tools.bench_assessment): 6,000 units, 300,000 tasks,
12 monthly cycles of reports (3.6 million), 督办单, 整改台账 items, 批示, 通报/表彰, 典型经验, 领导评价 and one
published province scheme — COPY on PostgreSQL (tools.bench_data.insert_rows, with ids assigned here so
that the rows referring to them can follow), bulk_create for the smaller tables.

The tree: 省 → 39 省直部门 and 14 市（州）→ 39 市直部门 and 7–8 县区 each (100) → 20 县直部门 and 33 乡镇 each.
The root is the 省 (Unit.Kind.PROVINCE, no parent: its coordinator oversees the whole tree). Plans: one of the province (tasks led by 省直部门 and 市州) and one per 市 (tasks led by
the units below it), so a task's lead and co units share a jurisdiction."""

import bisect
import datetime
import itertools
import os
import random
from decimal import Decimal

from tools.bench_data import CITY_DEPT_NAMES, KINDS, LEADERS, NARRATIVES, OBJECTS, VERBS, insert_rows

SEED = 2026
YEAR = 2026
AS_OF = datetime.date(2026, 12, 28)  # the Monday after December's due day: January–November closed
CITIES = [
    "兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市",
    "平凉市", "酒泉市", "庆阳市", "定西市", "陇南市", "临夏州", "甘南州",
]  # fmt: skip
COUNTIES_PER_CITY = [8, 8] + [7] * 12  # 100
DEPARTMENTS = len(CITY_DEPT_NAMES)  # 39 省直, 39 per 市
COUNTY_DEPARTMENTS, TOWNSHIPS = 20, 33
UNITS = 1 + DEPARTMENTS + len(CITIES) * (1 + DEPARTMENTS) + 100 * (1 + COUNTY_DEPARTMENTS + TOWNSHIPS)
TASKS = int(os.environ.get("BENCH_TASKS", 300_000))
SECOND_CO_SHARE = 0.3  # tasks with a second co-operating unit
NOTICES = int(os.environ.get("BENCH_NOTICES", 4000))
NOTICE_LEVELS = [(1, 55), (2, 33), (3, 12)]  # 提醒, 催办, 督办 (二次 / 三次督办 in the scheme's words)
RECTIFICATIONS, REBOUNDS = 20_000, 300
INSTRUCTIONS, RECOGNITIONS, CASES = 2000, 600, 300
# (status, rag, weight) of a task at the year's end: what the proportional rule values.
TASK_STATES = [
    ("done", "green", 25),
    ("on_track", "green", 45),
    ("lagging", "yellow", 15),
    ("lagging", "red", 7),
    ("overdue", "red", 5),
    ("not_started", "green", 3),
]
# Report status mixes (as tools.bench_data): closed cycles mostly accepted; the open one mixed.
CLOSED_MIX = [
    ("accepted", 84),
    ("approved", 4),
    ("submitted", 3),
    ("returned", 2),
    ("draft", 2),
    ("pending", 5),
]
OPEN_MIX = [
    ("pending", 30),
    ("draft", 15),
    ("submitted", 20),
    ("approved", 15),
    ("accepted", 15),
    ("returned", 5),
]
SENT = ("submitted", "approved", "accepted", "returned")
LATE_SHARE = 0.05  # of the reports sent: after the due day (迟报)
RETURNED_BEFORE = 0.02  # of the accepted reports: returned once before (a 退回 in its versions)
BATCH = 5000


def pick(rnd, weighted):
    """A function drawing one value of [(value…, weight)] by weight."""
    cum = list(itertools.accumulate(w[-1] for w in weighted))
    values = [w[:-1] if len(w) > 2 else w[0] for w in weighted]
    return lambda: values[bisect.bisect_right(cum, rnd.random() * cum[-1])]


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(*models):
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _level(units):
    from apps.orgs.models import Unit

    Unit.objects.bulk_create(units, batch_size=BATCH)
    for unit in units:
        unit.path = unit.compute_path()
    Unit.objects.bulk_update(units, ["path"], batch_size=BATCH)
    return units


def make_units():
    """The tree, level by level. Returns (province, [(plan owner, [units leading its tasks])], cities)."""
    from apps.orgs.models import Unit

    K = Unit.Kind
    province = Unit.objects.create(name="甘肃省", kind=K.PROVINCE)
    province.path = province.compute_path()
    province.save(update_fields=["path"])
    depts = [
        Unit(name=f"省{n}", kind=K.DEPARTMENT, parent=province, order=i)
        for i, n in enumerate(CITY_DEPT_NAMES)
    ]
    cities = [Unit(name=n, kind=K.CITY, parent=province, order=100 + i) for i, n in enumerate(CITIES)]
    _level(depts + cities)
    level2, counties = [], {}
    for city, n_counties in zip(cities, COUNTIES_PER_CITY, strict=True):
        level2 += [
            Unit(name=f"{city.name[:-1]}{n}", kind=K.DEPARTMENT, parent=city, order=i)
            for i, n in enumerate(CITY_DEPT_NAMES)
        ]
        counties[city.pk] = [
            Unit(name=f"{city.name[:-1]}第{c + 1}县", kind=K.COUNTY, parent=city, order=100 + c)
            for c in range(n_counties)
        ]
        level2 += counties[city.pk]
    _level(level2)
    level3 = []
    for city_counties in counties.values():
        for county in city_counties:
            level3 += [
                Unit(name=f"{county.name}{CITY_DEPT_NAMES[d]}", kind=K.DEPARTMENT, parent=county, order=d)
                for d in range(COUNTY_DEPARTMENTS)
            ]
            level3 += [
                Unit(name=f"{county.name}第{t + 1}镇", kind=K.TOWNSHIP, parent=county, order=100 + t)
                for t in range(TOWNSHIPS)
            ]
    _level(level3)
    by_city = {city.pk: [] for city in cities}
    city_of = {county.pk: city_id for city_id, units in counties.items() for county in units}
    for unit in level2:
        by_city[unit.parent_id].append(unit)
    for unit in level3:
        by_city[city_of[unit.parent_id]].append(unit)
    total = 1 + len(depts) + len(cities) + len(level2) + len(level3)
    assert total == UNITS, total
    scopes = [(province, depts + cities)] + [(city, by_city[city.pk]) for city in cities]
    return province, scopes, cities, depts, counties


def scheme_groups(cities, depts, scopes, counties) -> list[dict]:
    """市州, 省直部门, then per 市: its departments, its 县区, and the 县直部门 and 乡镇 below them."""
    groups = [
        {"code": "G1", "name": "市（州）", "unit_ids": [c.pk for c in cities]},
        {"code": "G2", "name": "省直部门", "unit_ids": [d.pk for d in depts]},
    ]
    for n, (city, units) in enumerate(scopes[1:], start=1):
        county_ids = {c.pk for c in counties[city.pk]}
        groups += [
            {
                "code": f"C{n:02d}D",
                "name": f"{city.name}市直部门",
                "unit_ids": [u.pk for u in units if u.parent_id == city.pk and u.pk not in county_ids],
            },
            {"code": f"C{n:02d}X", "name": f"{city.name}所辖县区", "unit_ids": sorted(county_ids)},
            {
                "code": f"C{n:02d}J",
                "name": f"{city.name}县直部门和乡镇",
                "unit_ids": [u.pk for u in units if u.parent_id in county_ids],
            },
        ]
    return groups


def make_tasks(rnd, scopes, plans, areas):
    """TASKS tasks, each led by a unit drawn at random (its jurisdiction's plan) with one co unit (a
    second for SECOND_CO_SHARE) of the same jurisdiction. Returns [(task id, lead unit id, plan id)]."""
    from django.db import connection

    from apps.plans.models import Task, TaskUnit

    ops = connection.ops
    pools = [[u.pk for u in units] for _, units in scopes]
    weights = list(itertools.accumulate(len(p) for p in pools))
    state = pick(rnd, TASK_STATES)
    start = ops.adapt_datefield_value(datetime.date(YEAR, 1, 1))
    first = next_id(Task)
    tasks, links, leads = [], [], []
    columns = [
        "id", "plan_id", "area_id", "code", "title", "description", "leader", "start_date", "due_date",
        "kind", "priority", "status", "rag", "status_reasons", "progress_note",
    ]  # fmt: skip
    for n in range(TASKS):
        scope = bisect.bisect_right(weights, rnd.randrange(weights[-1]))
        lead, *co = rnd.sample(pools[scope], 3 if rnd.random() < SECOND_CO_SHARE else 2)
        task_id, plan_id = first + n, plans[scope]
        obj = OBJECTS[rnd.randrange(len(OBJECTS))]
        title = f"{VERBS[n % len(VERBS)]}{obj}{rnd.randint(1, 500)}处（第{n + 1}号）"
        due = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rnd.randrange(60, 365))
        status, rag = state()
        tasks.append(
            (task_id, plan_id, areas[scope][n % len(areas[scope])], f"{n % 20 + 1}.{n // 20 + 1}", title,
             f"围绕{obj}，{title}，确保按期完成。", LEADERS[rnd.randrange(len(LEADERS))], start,
             ops.adapt_datefield_value(due), KINDS[n % len(KINDS)], rnd.choice((1, 2, 2, 3)), status, rag,
             "[]", "")
        )  # fmt: skip
        links.append((task_id, lead, "lead", 0))
        links += [(task_id, unit, "co", i + 1) for i, unit in enumerate(co)]
        leads.append((task_id, lead, plan_id))
    insert_rows(Task, columns, tasks)
    insert_rows(TaskUnit, ["task_id", "unit_id", "role", "order"], links)
    reset_sequences(Task)
    return leads, len(links)


def make_reports(rnd, leads, plan_ids, users):
    """12 monthly cycles per plan (January–November closed, December open) and one lead-unit report per
    task in each, with the status mixes above; 迟报 at LATE_SHARE; returns in ReportVersion. One COPY per
    month. Returns (reports, returns)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.cycles.models import Cycle, Report, ReportVersion, Schedule
    from apps.cycles.periods import due_date, period_for
    from lib.workdays import WorkCalendar

    ops, cal, now = connection.ops, WorkCalendar(), timezone.now()
    tz = timezone.get_current_timezone()
    closed_status, open_status = pick(rnd, CLOSED_MIX), pick(rnd, OPEN_MIX)
    Schedule.objects.bulk_create(
        Schedule(plan_id=p, kind="month", due_day=25, open_days=10) for p in plan_ids
    )
    cycles = {}
    for month in range(1, 13):
        period = period_for("month", datetime.date(YEAR, month, 1))
        due = due_date(period, 25, cal)
        is_open = month == 12
        batch = [
            Cycle(
                plan_id=p, kind="month", label=period.label, period_start=period.start, period_end=period.end,
                opens_on=due - datetime.timedelta(days=10), due_on=due, status="open" if is_open else "closed",
                opened_at=now, closed_at=None if is_open else now,
            )
            for p in plan_ids
        ]  # fmt: skip
        cycles[month] = {c.plan_id: c for c in Cycle.objects.bulk_create(batch)}
    columns = [
        "id", "cycle_id", "task_id", "unit_id", "is_lead", "status", "narrative", "percent", "problems",
        "next_steps", "comment", "save_token", "version", "updated_at", "submitted_at", "accepted_at",
    ]  # fmt: skip
    report_id, reports, returns = next_id(Report), 0, []
    reporter = users["reporter"].pk
    for month in range(1, 13):
        rows = []
        for task_id, unit_id, plan_id in leads:
            cycle = cycles[month][plan_id]
            status = (open_status if cycle.status == "open" else closed_status)()
            submitted = accepted = None
            if status in SENT:
                late = rnd.random() < LATE_SHARE
                day = cycle.due_on + datetime.timedelta(
                    days=rnd.randint(1, 10) if late else -rnd.randint(0, 8)
                )
                submitted = datetime.datetime.combine(day, datetime.time(10), tz)
                if status == "accepted":
                    accepted = submitted + datetime.timedelta(days=2)
                if status == "returned" or (status == "accepted" and rnd.random() < RETURNED_BEFORE):
                    returns.append(
                        (report_id, 2, "returned", "{}", reporter, submitted + datetime.timedelta(days=1))
                    )
            filled = status != "pending"
            rows.append(
                (report_id, cycle.pk, task_id, unit_id, True, status,
                 NARRATIVES[task_id % len(NARRATIVES)] if filled else "", rnd.randint(5, 100) if filled else None,
                 "", "", "", "", 1, ops.adapt_datetimefield_value(now),
                 ops.adapt_datetimefield_value(submitted), ops.adapt_datetimefield_value(accepted))
            )  # fmt: skip
            report_id += 1
        with transaction.atomic():
            reports += insert_rows(Report, columns, rows)
    returns = [(*r[:5], ops.adapt_datetimefield_value(r[5])) for r in returns]
    insert_rows(ReportVersion, ["report_id", "version", "status", "data", "by_id", "at"], returns)
    reset_sequences(Report)
    return reports, len(returns)


def _day(rnd, first=datetime.date(YEAR, 1, 10), last=datetime.date(YEAR, 12, 20)):
    return first + datetime.timedelta(days=rnd.randrange((last - first).days))


def _at(day):
    from django.utils import timezone

    return datetime.datetime.combine(day, datetime.time(10), timezone.get_current_timezone())


def make_supervision(rnd, leads, province, scopes, users):
    """督办单 at levels 1–3, 整改台账 items (some past their time limit, some 回头看 反弹), 批示 (some
    answered late or not at all). Returns their counts."""
    from apps.supervision.models import Instruction, Notice, Recheck, RecheckEntry, Rectification

    coordinator, leader = users["coordinator"], users["leader"]
    level = pick(rnd, NOTICE_LEVELS)
    notices = []
    for task_id, unit_id, plan_id in rnd.sample(leads, min(NOTICES, len(leads))):
        issued = _day(rnd)
        notices.append(
            Notice(
                task_id=task_id,
                plan_id=plan_id,
                unit_id=unit_id,
                level=level(),
                reason="任务进度滞后，请说明原因并限期整改",
                reply_by=issued + datetime.timedelta(days=7),
                issued_by=coordinator,
                issued_at=_at(issued),
            )
        )
    Notice.objects.bulk_create(notices, batch_size=BATCH)

    everyone = [u.pk for _, units in scopes for u in units]
    items = []
    for n in range(RECTIFICATIONS):
        due = _day(rnd)
        closed = rnd.random() < 0.6
        closed_on = due - datetime.timedelta(days=rnd.randint(0, 30)) if closed else None
        if closed and rnd.random() < 0.1:
            closed_on = due + datetime.timedelta(days=rnd.randint(1, 20))  # 销号 after its time limit
        items.append(
            Rectification(
                owner_unit=province,
                code=f"ZG-{n:06d}",
                source=rnd.choice(Rectification.Source.values),
                description=f"问题描述{n}：{OBJECTS[n % len(OBJECTS)]}整改不到位",
                lead_unit_id=rnd.choice(everyone),
                due_date=due,
                kind="deadline" if rnd.random() < 0.85 else "ongoing",
                status="closed" if closed else rnd.choice(["not_started", "in_progress", "awaiting"]),
                closed_on=closed_on,
                created_by=coordinator,
            )
        )
    Rectification.objects.bulk_create(items, batch_size=BATCH)
    recheck = Recheck.objects.create(
        owner_unit=province, closed_from=datetime.date(YEAR, 1, 1), closed_to=datetime.date(YEAR, 8, 31),
        population=sum(1 for i in items if i.closed_on), seed=SEED, drawn_by=coordinator,
    )  # fmt: skip
    sample = rnd.sample([i for i in items if i.closed_on], REBOUNDS)
    RecheckEntry.objects.bulk_create(
        RecheckEntry(recheck=recheck, item=i, result="rebound", note="问题反弹", checked_by=coordinator,
                     checked_at=_at(_day(rnd, datetime.date(YEAR, 9, 1), datetime.date(YEAR, 11, 30))))
        for i in sample
    )  # fmt: skip
    Rectification.objects.filter(pk__in=[i.pk for i in sample]).update(rebound=True)

    instructions = []
    for task_id, unit_id, _ in rnd.sample(leads, min(INSTRUCTIONS, len(leads))):
        issued = _day(rnd)
        answer_by = issued + datetime.timedelta(days=14)
        fate = rnd.random()
        answered = (
            None
            if fate < 0.1
            else answer_by + datetime.timedelta(days=rnd.randint(1, 9) if fate < 0.2 else -rnd.randint(0, 10))
        )
        instructions.append(
            Instruction(
                leader=leader,
                task_id=task_id,
                unit_id=unit_id,
                text="请抓紧推进，按期办结并报告结果",
                answer_by=answer_by,
                issued_at=_at(issued),
                answer="已办理" if answered else "",
                answered_at=_at(answered) if answered else None,
            )
        )
    Instruction.objects.bulk_create(instructions, batch_size=BATCH)
    return {
        "notices": len(notices),
        "rectifications": len(items),
        "rebounds": REBOUNDS,
        "instructions": len(instructions),
    }


def make_assessment_facts(rnd, scopes, users, scheme):
    """通报表扬/批评 and 表彰 (Recognition), accepted 典型经验 promoted during the year, and one 领导评价
    (D4) for every assessed unit."""
    from apps.assessment.models import Rating, Recognition
    from apps.cases.models import Case, Promotion

    coordinator, leader = users["coordinator"], users["leader"]
    everyone = [u.pk for _, units in scopes for u in units]
    kinds = pick(rnd, [("praise", 40), ("criticism", 25), ("honour", 35)])
    recognitions = []
    for n in range(RECOGNITIONS):
        kind = kinds()
        recognitions.append(
            Recognition(
                unit_id=rnd.choice(everyone),
                kind=kind,
                level=rnd.choice((2, 3, 4)) if kind == "honour" else None,
                title=f"2026年第{n + 1}期通报",
                document=f"甘督办发〔2026〕{n + 1}号",
                day=_day(rnd),
                recorded_by=coordinator,
            )
        )
    Recognition.objects.bulk_create(recognitions, batch_size=BATCH)
    cases = Case.objects.bulk_create(
        Case(title=f"典型经验{n + 1}", unit_id=rnd.choice(everyone), year=YEAR, status="accepted",
             level=rnd.choice((1, 2, 3, 4)), created_by=coordinator)
        for n in range(CASES)
    )  # fmt: skip
    Promotion.objects.bulk_create(
        Promotion(case=c, level=c.level, proof="简报第1期", promoted_on=_day(rnd), recorded_by=coordinator)
        for c in cases
    )  # fmt: skip
    Rating.objects.bulk_create(
        (Rating(scheme=scheme, unit_id=u, dimension="D4", rater=leader, points=Decimal(rnd.randint(700, 1000)) / 100)
         for u in everyone),
        batch_size=BATCH,
    )  # fmt: skip
    return {"recognitions": len(recognitions), "cases": len(cases), "ratings": len(everyone)}


def generate() -> dict:
    """Everything; returns the ids and counts the measurements need."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from apps.assessment import actions
    from apps.assessment.defaults import default_config
    from apps.assessment.models import ScoreRun
    from apps.orgs.models import Role, User
    from apps.plans.models import Area, Plan

    rnd = random.Random(SEED)
    with transaction.atomic():
        province, scopes, cities, depts, counties = make_units()
        password = make_password("bench-pw-2026")
        users = {
            "coordinator": User(username="coordinator", unit=province, roles=[Role.COORDINATOR], password=password),
            "leader": User(username="leader", unit=province, roles=[Role.LEADER], password=password),
            "reporter": User(username="reporter", unit=depts[0], roles=[Role.REPORTER], password=password),
        }  # fmt: skip
        User.objects.bulk_create(users.values())
        plans = [
            Plan.objects.create(title=f"{owner.name}{YEAR}年重点工作任务（基准测试）", year=YEAR, owner_unit=owner,
                                status=Plan.Status.PUBLISHED)
            for owner, _ in scopes
        ]  # fmt: skip
        areas = [
            [a.pk for a in Area.objects.bulk_create(Area(plan=p, title=f"第{i + 1}领域", order=i + 1) for i in range(10))]
            for p in plans
        ]  # fmt: skip
        leads, links = make_tasks(rnd, scopes, [p.pk for p in plans], areas)
    reports, returns = make_reports(rnd, leads, [p.pk for p in plans], users)
    with transaction.atomic():
        counts = make_supervision(rnd, leads, province, scopes, users)
        config = default_config(province)
        config["groups"] = scheme_groups(cities, depts, scopes, counties)
        scheme = actions.create_scheme(
            owner_unit=province, title=f"{YEAR}年度全省重点工作督查考核办法（基准测试）", year=YEAR, config=config,
            actor=users["coordinator"],
        )  # fmt: skip
        actions.publish(scheme, actor=users["coordinator"])
        counts |= make_assessment_facts(rnd, scopes, users, scheme)
        run = ScoreRun.objects.create(scheme=scheme, as_of=AS_OF, requested_by=users["coordinator"])
    return {
        "run": run.pk,
        "units": UNITS,
        "tasks": len(leads),
        "links": links,
        "plans": len(plans),
        "reports": reports,
        "returns": returns,
        "groups": len(config["groups"]),
        **counts,
    }
