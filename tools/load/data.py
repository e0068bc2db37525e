"""The rush's data: `make bench`'s synthetic city (tools.bench_data: 500 units, 50,000 tasks with targets, a
year of monthly reports, December open) plus the reporters who rush: one reporter and one approver in each of
LOAD_USERS units that lead reports still to fill in the open cycle. Bulk inserts; the password is hashed once
and the hash copied to every account.

    .venv/bin/python -m tools.load.data        # LOAD_DATABASE_URL, default postgres://…/luoshi_load

The database is created when missing. Built once and reused while every reporter still has a report to fill
(each rush submits one report per reporter, about 50 of each unit's lead reports are open); LOAD_FRESH=1
flushes and builds it again (about 2 minutes on PostgreSQL).
"""

import os
import time

from tools.bench import log, setup_django
from tools.bench_assessment import ensure_database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/luoshi_load"
PASSWORD = "rush-load-pw-2026"
USERNAME = "load{:03d}"
APPROVER = "load_approver{:03d}"


def database_url() -> str:
    return os.environ.get("LOAD_DATABASE_URL") or DEFAULT_DATABASE_URL


def to_fill():
    """The lead reports of open cycles still to fill in, of 部门 and 乡镇: their staff see their own unit's
    reports only (a 县区's staff see the whole county's, so two reporters would fill the same report)."""
    from apps.cycles.actions import WAITING
    from apps.cycles.models import Cycle, Report
    from apps.orgs.models import Unit

    return Report.objects.filter(
        cycle__status=Cycle.Status.OPEN,
        is_lead=True,
        status__in=WAITING,
        unit__kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP],
    )


def units_with_reports_to_fill(count: int) -> list[int]:
    """`count` units (the first by id) that lead at least one report still to fill in."""
    units = to_fill().values_list("unit_id", flat=True).distinct().order_by("unit_id")[:count]
    return list(units)


def add_reporters(count: int) -> list[str]:
    """One reporter (load001, …) and one approver in each of `count` units with reports to fill, sharing one
    password hash. Returns the reporters' user names."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from apps.orgs.models import Role, User

    units = units_with_reports_to_fill(count)
    if len(units) < count:
        raise SystemExit(f"only {len(units)} units have reports to fill in an open cycle; {count} needed")
    password = make_password(PASSWORD)
    people = [(USERNAME, "填报员", Role.REPORTER), (APPROVER, "审核人", Role.APPROVER)]
    users = [
        User(
            username=name.format(n),
            full_name=f"{label}{n:03d}",
            unit_id=unit_id,
            roles=[role],
            password=password,
        )
        for n, unit_id in enumerate(units, start=1)
        for name, label, role in people
    ]
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=1000)
    return [u.username for u in users if Role.REPORTER in u.roles]


def ready_reporters(count: int) -> int:
    """How many of the reporters load001…load<count> still have a report of their own unit to fill in."""
    from apps.orgs.models import User

    names = [USERNAME.format(n) for n in range(1, count + 1)]
    units = User.objects.filter(username__in=names).values("unit_id")
    return to_fill().filter(unit_id__in=units).values("unit_id").distinct().count()


def build(count: int):
    """Flush the database and build the city and its reporters."""
    from django.core.management import call_command

    from tools.bench_data import TASKS, UNITS, analyze, generate, generate_cycles

    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    ids = generate()
    cycles = generate_cycles(ids["plan"])
    add_reporters(count)
    analyze()
    log(
        f"built the city: {UNITS} units, {TASKS:,} tasks, {cycles['reports']:,} reports, {count} reporters "
        f"and {count} approvers — {time.perf_counter() - t0:.0f} s"
    )


def setup(count: int, fresh: bool = False):
    """Migrate, then reuse the data when every reporter still has a report to fill, else build it."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not fresh and ready_reporters(count) == count:
        log(f"reusing the load data: {count} reporters, each with a report to fill")
        return
    build(count)


def main():
    url = database_url()
    if not url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL (LOAD_DATABASE_URL=postgres://…)")
    ensure_database(url)
    setup_django(url)
    setup(int(os.environ.get("LOAD_USERS", "300")), fresh=bool(os.environ.get("LOAD_FRESH")))


if __name__ == "__main__":
    main()
