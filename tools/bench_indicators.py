"""主要经济指标 at province scale: 6,000 units (a province, 14 cities, 5,985 县区), 10 indicators (7 monthly, 3
quarterly) with a target per unit and a year of figures (about 520,000 rows), then the median of the month
table for the province's 统计局 clerk and a county's reporter, an indicator's page, and the time to write one
month of one indicator for every unit (an imported sheet: save_figures with the audit rows and re-ranking).
Goal: the table under 200 ms on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_indicators .venv/bin/python -m tools.bench_indicators

The scratch database is created when missing, migrated and FLUSHED first. Without BENCH_DATABASE_URL: a temporary SQLite file.
"""

import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from tools.bench import client_for, log, report, setup_django
from tools.bench_assessment import ensure_database

UNITS = int(os.environ.get("BENCH_UNITS", 6_000))
CITIES = 14
MONTHS = 11
GOAL_MS = 200


def _tree():
    """The province, its cities and their 县区, paths set; returns (province, cities, counties)."""
    from apps.orgs.models import Unit

    province = Unit.objects.create(name="省", kind=Unit.Kind.PROVINCE)
    province.path = province.compute_path()
    province.save(update_fields=["path"])
    cities = Unit.objects.bulk_create(
        [Unit(name=f"市{c:02d}", kind=Unit.Kind.CITY, parent=province, order=c) for c in range(CITIES)]
    )
    for city in cities:
        city.path = city.compute_path()
    Unit.objects.bulk_update(cities, ["path"])
    per_city = (UNITS - 1 - CITIES) // CITIES
    counties = Unit.objects.bulk_create(
        [
            Unit(name=f"市{c:02d}县{n:03d}", kind=Unit.Kind.COUNTY, parent=city, order=n)
            for c, city in enumerate(cities)
            for n in range(per_city + (1 if c < (UNITS - 1 - CITIES) % CITIES else 0))
        ],
        batch_size=1000,
    )
    for county in counties:
        county.path = county.compute_path()
    Unit.objects.bulk_update(counties, ["path"], batch_size=1000)
    return province, cities, counties


def generate():
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.indicators import rules
    from apps.indicators.demo import INDICATORS
    from apps.indicators.models import Actual, Indicator, Target
    from apps.orgs.models import User
    from tools.bench_data import insert_rows

    rnd = random.Random(2026)
    year = timezone.localdate().year
    with transaction.atomic():
        province, cities, counties = _tree()
        password = make_password("bench-password")
        User.objects.create(username="tongji", unit=province, roles=["statistician"], password=password)
        User.objects.create(username="reporter", unit=counties[0], roles=["reporter"], password=password)
        units = [province, *cities, *counties]
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(owner_unit=province, name=name, measure=measure, kind=kind, frequency=freq, order=n)
                for n, (name, measure, kind, freq, *_rest) in enumerate(INDICATORS)
            ]
        )
        targets, figures = [], []
        now = timezone.now()
        for indicator, (_n, _m, kind, _f, target, *_rest) in zip(indicators, INDICATORS, strict=True):
            for unit in units:
                value = (
                    Decimal(target)
                    if kind == rules.GROWTH
                    else Decimal(target) * Decimal(rnd.uniform(0.01, 1))
                )
                targets.append((indicator.pk, unit.pk, year, round(value, 4)))
            for month in (m for m in indicator.months if m <= MONTHS):
                figures.append(
                    (indicator.pk, None, year, month, None, round(rnd.uniform(3, 7), 2), None, None, 0, now)
                )
                groups = defaultdict(dict)
                rows = []
                for unit in units:
                    growth = round(Decimal(rnd.uniform(-3, 12)), 2)
                    cumulative = round(Decimal(rnd.uniform(1, 100)) * month, 4)
                    rows.append(
                        [
                            indicator.pk,
                            unit.pk,
                            year,
                            month,
                            cumulative,
                            growth,
                            rnd.randint(1, 86),
                            None,
                            0,
                            now,
                        ]
                    )
                    if unit.parent_id:
                        groups[unit.parent_id][len(rows) - 1] = growth
                for members in groups.values():
                    ranked = rules.ranks(members)
                    for index in members:
                        rows[index][7], rows[index][8] = ranked.get(index), len(ranked)
                figures.extend(tuple(r) for r in rows)
        insert_rows(Target, ["indicator_id", "unit_id", "year", "value"], targets)
        columns = ["indicator_id", "unit_id", "year", "month", "cumulative", "growth", "province_rank",
                   "peer_rank", "peers", "updated_at"]  # fmt: skip
        insert_rows(Actual, columns, figures)
    return year, indicators, units, len(figures)


def timed_import(indicator, units, year):
    """One month of one indicator for every unit, as an import writes it (every row changed)."""
    from apps.indicators import actions
    from apps.orgs.models import User

    rnd = random.Random(7)
    clerk = User.objects.get(username="tongji")
    rows = [
        actions.Figures(
            unit=u,
            month=MONTHS,
            cumulative=Decimal(rnd.randint(1, 999)),
            growth=Decimal(rnd.randint(-30, 120)) / 10,
        )
        for u in units
    ]
    t0 = time.perf_counter()
    counts = actions.save_figures(indicator, year, rows, actor=clerk)
    return time.perf_counter() - t0, counts


def main():
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="luoshi-bench-")
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    else:
        ensure_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    year, indicators, units, count = generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    vendor = connection.vendor
    log(f"经济指标: {len(units):,} units, {len(indicators)} indicators, {count:,} figures, {vendor} — "
        f"generated in {time.perf_counter() - t0:.0f} s")  # fmt: skip
    runs = int(os.environ.get("BENCH_RUNS", 20))
    clerk, reporter = client_for("tongji"), client_for("reporter")
    retail = indicators[3]
    page = f"/indicators/?year={year}&month={MONTHS}"
    figures = {
        "table": report("month table, 10 indicators × 25 units, province clerk", clerk, page, runs, GOAL_MS, vendor, "postgresql"),
        "table, page 100": report("month table, page 100", clerk, page + "&page=100", runs, GOAL_MS, vendor, "postgresql"),
        "one indicator": report("month table, one indicator", clerk, page + f"&indicator={retail.pk}", runs, GOAL_MS, vendor, "postgresql"),
        "reporter": report("month table, a county's reporter", reporter, page, runs, GOAL_MS, vendor, "postgresql"),
        "one city": report("month table, one city and its 县区 (?unit=)", clerk, page + f"&unit={units[1].pk}", runs, GOAL_MS, vendor, "postgresql"),
        "indicator page": report("an indicator's page (a city and its 县区)", clerk, f"/indicators/{retail.pk}/?year={year}&unit={units[1].pk}", runs, GOAL_MS, vendor, "postgresql"),
    }  # fmt: skip
    seconds, counts = timed_import(retail, units, year)
    log(
        f"  write one month of one indicator for {len(units):,} units (audited, re-ranked): {seconds:.1f} s {counts}"
    )
    return 0 if vendor != "postgresql" or all(v < GOAL_MS for v in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
