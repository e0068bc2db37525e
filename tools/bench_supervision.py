"""整改台账 at province scale: 100,000 rectification items over 500 units, then the median of the list and of
整改清零 for a city coordinator and a unit reporter (goal < 200 ms on PostgreSQL).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tools.bench_supervision

The scratch database is migrated and FLUSHED first. Without BENCH_DATABASE_URL: a temporary SQLite file.
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from tools.bench import client_for, log, report, setup_django

ITEMS = int(os.environ.get("BENCH_ITEMS", 100_000))
GOAL_MS = 200


def generate():
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.orgs.models import Unit, User
    from apps.supervision.models import Rectification
    from tools.bench_data import insert_rows

    rnd = random.Random(2026)
    with transaction.atomic():
        city = Unit.objects.create(name="市", kind=Unit.Kind.CITY)
        city.path = city.compute_path()
        city.save(update_fields=["path"])
        units = [Unit(name=f"部门{n}", kind=Unit.Kind.DEPARTMENT, parent=city) for n in range(499)]
        Unit.objects.bulk_create(units)
        for unit in units:
            unit.path = unit.compute_path()
        Unit.objects.bulk_update(units, ["path"])
        password = make_password("bench-password")
        User.objects.create(username="coordinator", unit=city, roles=["coordinator"], password=password)
        User.objects.create(username="reporter", unit=units[0], roles=["reporter"], password=password)
        today, now = timezone.localdate(), timezone.now()
        sources, statuses = Rectification.Source.values, Rectification.Status.values
        coordinator = User.objects.get(username="coordinator")
        rows = []
        for n in range(ITEMS):
            status = rnd.choice(statuses)
            due = today + datetime.timedelta(days=rnd.randint(-200, 200))
            rows.append(
                (city.pk, f"ZG-{n:06d}", rnd.choice(sources), "", "", f"问题描述{n}：整改事项", "", "", "",
                 units[rnd.randrange(len(units))].pk, "", "", due, "deadline", status, "",
                 due if status == "closed" else None, False, "", "", None, None, None, "", coordinator.pk, now)
            )  # fmt: skip
        columns = [
            "owner_unit_id", "code", "source", "source_ref", "category", "description", "requirement", "goal",
            "measures", "lead_unit_id", "leader", "person", "due_date", "kind", "status", "progress",
            "closed_on", "rebound", "verify_method", "verify_note", "verified_by_id", "verified_at",
            "publicity_until", "publicity_objection", "created_by_id", "created_at",
        ]  # fmt: skip
        insert_rows(Rectification, columns, rows)


def main():
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="luoshi-bench-")
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    vendor = connection.vendor
    log(f"整改台账: {ITEMS:,} items, 500 units, {vendor} — generated in {time.perf_counter() - t0:.0f} s")
    runs = int(os.environ.get("BENCH_RUNS", 20))
    coordinator, reporter = client_for("coordinator"), client_for("reporter")
    figures = {
        "list, coordinator": report("list, city coordinator", coordinator, "/rectifications/", runs, GOAL_MS, vendor, "postgresql"),
        "list, overdue": report("list, ?overdue=on", coordinator, "/rectifications/?overdue=on", runs, GOAL_MS, vendor, "postgresql"),
        "list, reporter": report("list, unit reporter", reporter, "/rectifications/", runs, GOAL_MS, vendor, "postgresql"),
        "clearance, coordinator": report("整改清零, city coordinator", coordinator, "/rectifications/clearance/", runs, GOAL_MS, vendor, "postgresql"),
        "clearance, reporter": report("整改清零, unit reporter", reporter, "/rectifications/clearance/", runs, GOAL_MS, vendor, "postgresql"),
    }  # fmt: skip
    return 0 if vendor != "postgresql" or all(v < GOAL_MS for v in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
