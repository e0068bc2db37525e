"""本期填报进度's figures: per unit, how many of its reports of a cycle are in, and the same summed per
区域 (each 市/县区 directly under the plan's jurisdiction, and 本级 for its own departments) — one grouped
aggregate over the cycle's reports and one read of the units, whatever the number of units; the page shows
the summary and one page of units at a time."""

from django.db.models import Count, Q

from apps.orgs.models import ID_WIDTH, ORDER_WIDTH, Unit
from apps.plans.models import Task

from .actions import WAITING
from .models import Report

SEGMENT = ORDER_WIDTH + 1 + ID_WIDTH + 1  # one step of a unit path: "000003.00000012/"
OWN = "本级"


def cycle_reports(cycle):
    """The cycle's reports less those of archived tasks (a small anti-join on the plan's archived tasks, not
    a join of every report to the task table)."""
    archived = Task.objects.filter(plan_id=cycle.plan_id, archived_at__isnull=False).values("pk")
    return Report.objects.filter(cycle=cycle).exclude(task_id__in=archived)


def unit_rows(reports) -> list[dict]:
    """Per unit: total, pending (not yet sent), submitted, approved, accepted, returned, with the unit's name
    and path; the units with most missing first."""
    counts = list(
        reports.values("unit_id")
        .annotate(
            total=Count("id"),
            pending=Count("id", filter=Q(status__in=WAITING)),
            submitted=Count("id", filter=Q(status=Report.Status.SUBMITTED)),
            approved=Count("id", filter=Q(status=Report.Status.APPROVED)),
            accepted=Count("id", filter=Q(status=Report.Status.ACCEPTED)),
            returned=Count("id", filter=Q(status=Report.Status.RETURNED)),
        )
        .order_by()
    )
    units = {
        u["id"]: u
        for u in Unit.objects.filter(pk__in=[r["unit_id"] for r in counts]).values("id", "name", "path")
    }
    rows = [
        {
            **r,
            "unit__name": units.get(r["unit_id"], {}).get("name", ""),
            "path": units.get(r["unit_id"], {}).get("path", ""),
        }
        for r in counts
    ]
    rows.sort(key=lambda r: (-r["pending"], r["unit__name"]))
    return rows


def regions(root: Unit, rows) -> list[dict]:
    """The rows summed per 市/县区 directly under `root` (the plan's jurisdiction), then 本级 (the units
    directly under it that are not a 市/县区), each with its 报送率; each row gets its region's id (None
    for 本级) as row["region"]."""
    children = {
        u["path"]: u
        for u in Unit.objects.filter(parent=root, kind__in=Unit.JURISDICTION_KINDS).values(
            "id", "name", "path"
        )
    }
    width = len(root.path) + SEGMENT
    out: dict = {}
    for row in rows:
        child = children.get(row["path"][:width])
        key = row["region"] = child["id"] if child else None
        region = out.setdefault(
            key,
            {
                "id": key,
                "name": child["name"] if child else OWN,
                "units": 0,
                "total": 0,
                "pending": 0,
                "accepted": 0,
            },
        )
        region["units"] += 1
        for field in ("total", "pending", "accepted"):
            region[field] += row[field]
    for region in out.values():
        sent = region["total"] - region["pending"]
        region["rate"] = round(100 * sent / region["total"], 1) if region["total"] else 0
    return sorted(out.values(), key=lambda r: (r["id"] is None, -r["pending"], r["name"]))
