"""The cycle steps of `manage.py tick` (apps.portal.tick runs them), each callable on its own from tests."""

import datetime
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone

from apps.notify.outbox import Message, send_many, unit_users
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task

from .actions import close_cycle, open_cycle
from .models import Cycle, Lease, Report, Schedule
from .periods import due_date, period_for
from .status import refresh_tasks

LEASE = "tick"
TTL = timedelta(minutes=10)


class LeaseLost(Exception):
    """Another runner took the lease: this one must stop before it does any more work."""


def holder() -> str:
    """This runner's name: host, process and a token of its own, so two runs of one process differ too."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(name=LEASE, *, ttl=TTL, now=None, me=None) -> bool:
    """Take the lease with one conditional UPDATE: of two servers ticking at once, exactly one wins."""
    now = now or timezone.now()
    try:
        Lease.objects.get_or_create(name=name, defaults={"expires_at": now - timedelta(seconds=1)})
    except IntegrityError:
        pass
    return (
        Lease.objects.filter(name=name, expires_at__lte=now).update(
            holder=me or holder(), expires_at=now + ttl
        )
        == 1
    )


def release(name=LEASE, *, me: str) -> None:
    """Let the lease go, if `me` still holds it."""
    Lease.objects.filter(name=name, holder=me).update(expires_at=timezone.now())


@dataclass
class Held:
    """A lease this runner holds. `keep()` before each piece of work: renewed once half its time is gone
    (while nobody else took it), LeaseLost once another runner holds it."""

    name: str
    me: str
    ttl: timedelta
    expires_at: datetime.datetime

    def keep(self, now=None) -> None:
        now = now or timezone.now()
        if self.expires_at - now > self.ttl / 2:
            return
        # Still ours only while the holder is us: whoever takes an expired lease writes their own name.
        if not Lease.objects.filter(name=self.name, holder=self.me).update(expires_at=now + self.ttl):
            raise LeaseLost(f"lease {self.name!r} taken by another runner")
        self.expires_at = now + self.ttl

    def release(self) -> None:
        release(self.name, me=self.me)


def take(name=LEASE, *, ttl=TTL, now=None, me=None) -> Held | None:
    """The lease, held (None when another runner holds it)."""
    now, me = now or timezone.now(), me or holder()
    return Held(name, me, ttl, now + ttl) if acquire(name, ttl=ttl, now=now, me=me) else None


def plan_cycles(today: datetime.date, cal) -> int:
    """Create the cycles of the current period of every enabled schedule (and the next, once it opens)."""
    created = 0
    schedules = Schedule.objects.filter(
        enabled=True, plan__archived_at__isnull=True, plan__status=Plan.Status.PUBLISHED
    )
    for schedule in schedules.select_related("plan"):
        period = period_for(schedule.kind, today)
        for p in (period, period.next()):
            due = due_date(p, schedule.due_day, cal)
            opens = due - timedelta(days=schedule.open_days)
            if p is not period and opens > today:
                continue
            _, new = Cycle.objects.get_or_create(
                plan=schedule.plan,
                kind=schedule.kind,
                period_start=p.start,
                defaults={"label": p.label, "period_end": p.end, "opens_on": opens, "due_on": due},
            )
            created += new
    return created


def open_due_cycles(today) -> int:
    cycles = Cycle.objects.filter(status=Cycle.Status.SCHEDULED, opens_on__lte=today).select_related("plan")
    for cycle in cycles:
        open_cycle(cycle)
    return len(cycles)


def close_due_cycles(today) -> int:
    return sum(
        close_cycle(cycle) for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN, due_on__lt=today)
    )


def refresh_status(today, cal, *, keep=None) -> int:
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED, plan__archived_at__isnull=True)
    return refresh_tasks(tasks, today=today, calendar=cal, keep=keep)


def remind(today, cal, warn_workdays: int) -> int:
    """Before a cycle's due date: one reminder per unit with reports still to send. After it closed: one
    late notice per unit."""
    sent = 0
    waiting = [Report.Status.PENDING, Report.Status.DRAFT, Report.Status.RETURNED, Report.Status.SUBMITTED]
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN).select_related("plan"):
        if cal.workdays_until(today, cycle.due_on) > warn_workdays:
            continue
        sent += _per_unit(
            cycle,
            waiting,
            "remind",
            f"{cycle.plan.title}{cycle.label}进展报告将于 {cycle.due_on:%Y-%m-%d} 截止，本单位还有 {{n}} 项未报送",
        )
    recent = today - timedelta(days=31)
    for cycle in Cycle.objects.filter(status=Cycle.Status.CLOSED, due_on__gte=recent).select_related("plan"):
        sent += _per_unit(
            cycle,
            waiting,
            "late",
            f"{cycle.plan.title}{cycle.label}进展报告已于 {cycle.due_on:%Y-%m-%d} 截止，本单位有 {{n}} 项逾期未报",
        )
    return sent


def _per_unit(cycle, statuses, kind, template) -> int:
    counts = defaultdict(int)
    for unit_id in (
        Report.objects.filter(cycle=cycle, status__in=statuses)
        .values_list("unit_id", flat=True)
        .iterator(chunk_size=5000)
    ):
        counts[unit_id] += 1
    staff = defaultdict(list)
    for user in unit_users(list(counts), Role.REPORTER, Role.APPROVER):
        staff[user.unit_id].append(user)
    units = Unit.objects.in_bulk(list(counts))
    return send_many(
        Message(
            users=staff[unit_id],
            units=[units[unit_id]],
            key=f"{kind}:{cycle.pk}:{unit_id}",
            text=template.format(n=n),
            link="/todo/",
        )
        for unit_id, n in counts.items()
    )
