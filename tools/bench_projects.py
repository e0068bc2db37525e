"""重点项目 at scale: 20,000 projects of one year in a city of 10 县区 (about 210 units) and a year of
monthly reports (11 months each: 220,000 rows, mixed statuses), then the median of the ledger as the
city's 牵头机关 (unfiltered, ?colour=red, a 县区's 县级 projects, a name search), a county unit's reporter's
ledger, the 一张图 summary, a project's page and the API's ledger; and one lights.refresh_all (the colours
of all 20,000 projects recomputed, as the monthly tick would). Goal: pages under 200 ms median on PostgreSQL.

    make bench-projects          # PostgreSQL, database luoshi_bench_projects (created if missing, FLUSHED)
    BENCH_DATABASE_URL=… .venv/bin/python -m tools.bench_projects     # without it: a temporary SQLite file
"""

import datetime
import os
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from tools.bench import client_for, log, report, setup_django

PROJECTS = int(os.environ.get("BENCH_PROJECTS", 20_000))
COUNTIES, DEPARTMENTS = 10, 20
MONTHS = 11
GOAL_MS = 200
GOAL_REFRESH_S = 60
YEAR = 2026
TODAY = datetime.date(YEAR, 12, 3)


def _unit(name, kind, parent=None, order=0):
    from apps.orgs.models import Unit

    unit = Unit.objects.create(name=name, kind=kind, parent=parent, order=order)
    unit.path = unit.compute_path()
    unit.save(update_fields=["path"])
    return unit


def generate():
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.orgs.models import Role, Unit, User
    from apps.projects.models import Project, ProjectReport
    from tools.bench_data import insert_rows

    rng = random.Random(2026)
    K = Unit.Kind
    with transaction.atomic():
        city = _unit("基准市", K.CITY)
        office = _unit("基准市委改革办", K.DEPARTMENT, city)
        units = [_unit(f"市直部门{d:02d}", K.DEPARTMENT, city, d + 1) for d in range(DEPARTMENTS)]
        counties = []
        for c in range(COUNTIES):
            county = _unit(f"基准县{c:02d}", K.COUNTY, city, 100 + c)
            counties.append(county)
            units += [_unit(f"基准县{c:02d}部门{d:02d}", K.DEPARTMENT, county, d) for d in range(DEPARTMENTS)]
        password = make_password("bench-password")
        User.objects.create(
            username="bench_coordinator", unit=office, roles=[Role.COORDINATOR], password=password
        )
        User.objects.create(
            username="bench_reporter", unit=units[DEPARTMENTS], roles=[Role.REPORTER], password=password
        )
        creator = User.objects.get(username="bench_coordinator")
        kinds, levels = list(Project.Kind.values), list(Project.Level.values)
        projects = []
        for n in range(PROJECTS):
            annual = Decimal(rng.randint(500, 50_000))
            kind = rng.choice(kinds)
            projects.append(
                Project(
                    code=f"B{n:06d}",
                    name=f"基准项目{n:06d}{rng.choice(('产业园', '供水工程', '综合楼', '道路', '风电'))}",
                    year=YEAR,
                    level=rng.choice(levels),
                    kind=kind,
                    unit=rng.choice(units),
                    leader=f"领导{n % 40:02d}",
                    total_investment=annual * 4,
                    annual_plan=annual,
                    planned_start=datetime.date(YEAR, rng.randint(1, 11), 10) if kind != "reserve" else None,
                    planned_end=datetime.date(YEAR + 1, rng.randint(1, 12), 20),
                    actual_start=datetime.date(YEAR, rng.randint(1, 11), 15) if rng.random() < 0.7 else None,
                    in_stats=rng.random() < 0.6,
                    permits={
                        "construction": {"state": "done" if rng.random() < 0.8 else "doing", "date": None}
                    },
                    created_by=creator,
                )
            )
        Project.objects.bulk_create(projects, batch_size=2000)
        now = timezone.now()
        statuses = ["accepted"] * (MONTHS - 2) + ["approved", "submitted"]
        rows = []
        for project in Project.objects.order_by("id").only("id", "annual_plan"):
            pace = rng.uniform(0.3, 1.3)
            cumulative = Decimal(0)
            for month in range(1, MONTHS + 1):
                done = (project.annual_plan * Decimal(pace) / 12).quantize(Decimal("0.01"))
                cumulative += done
                rows.append(
                    (project.pk, month, done, cumulative, "", None, "{}", "", statuses[month - 1],
                     datetime.date(YEAR, month, 25), now, "", creator.pk, now, now)
                )  # fmt: skip
        columns = ["project_id", "month", "month_investment", "cumulative", "progress", "started_on", "permits",
                   "problems", "status", "due_on", "submitted_at", "comment", "created_by_id", "created_at",
                   "updated_at"]  # fmt: skip
        insert_rows(ProjectReport, columns, rows)
    return counties, len(rows)


def main():
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='luoshi-bench-')) / 'bench.sqlite3'}"
    elif url.startswith("postgres"):
        from tools.bench_assessment import ensure_database

        ensure_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from apps.projects import lights
    from apps.projects.models import Project
    from tools.bench_data import analyze

    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    counties, reports = generate()
    log(
        f"generated {PROJECTS} projects and {reports} monthly reports in {time.perf_counter() - t0:.0f} s ({vendor})"
    )
    t0 = time.perf_counter()
    changed = lights.refresh_all(today=TODAY)
    seconds = time.perf_counter() - t0
    verdict = "OK" if seconds < GOAL_REFRESH_S else "MISSED"
    log(
        f"  lights.refresh_all: {changed} projects relit in {seconds:.1f} s (goal < {GOAL_REFRESH_S} s: {verdict})"
    )
    analyze("projects_project", "projects_projectreport", "orgs_unit")
    colours = {c: Project.objects.filter(colour=c).count() for c in Project.Colour.values}
    log(f"  colours: {colours}")
    runs = int(os.environ.get("BENCH_RUNS", 20))
    medians = []
    # every page names the year, so the figures do not depend on today's date
    coordinator = client_for("bench_coordinator")
    reporter = client_for("bench_reporter")
    one = Project.objects.filter(unit__path__startswith=counties[0].path).order_by("id").first()
    for label, client, page in (
        ("ledger, 牵头机关 (20,000 projects, page 1)", coordinator, "/projects/?year=2026"),
        ("ledger ?colour=red", coordinator, "/projects/?year=2026&colour=red"),
        (
            "ledger, one 县区's 县级 projects",
            coordinator,
            f"/projects/?year=2026&unit={counties[3].pk}&level=3",
        ),
        ("ledger, name search ?q=供水", coordinator, "/projects/?year=2026&q=%E4%BE%9B%E6%B0%B4"),
        ("ledger, page 200", coordinator, "/projects/?year=2026&page=200"),
        ("ledger, a unit's reporter", reporter, "/projects/?year=2026"),
        ("一张图 summary", coordinator, "/projects/summary/?year=2026"),
        ("a project's page (11 reports)", coordinator, f"/projects/{one.pk}/"),
        ("API ledger ?colour=yellow", coordinator, "/api/projects?year=2026&colour=yellow"),
    ):
        medians.append(report(label, client, page, runs, GOAL_MS, vendor, goal_vendor="postgresql"))
    log(f"slowest page median {max(medians):.1f} ms (goal < {GOAL_MS} ms on PostgreSQL)")


if __name__ == "__main__":
    main()
