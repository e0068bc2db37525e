"""The cycle steps of `manage.py tick` (apps.portal.tick runs them), each callable on its own from tests."""

import datetime
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.db.models import Count, Q
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.notify.outbox import Message, send_many, unit_users
from apps.orgs.models import Role, Unit
from apps.plans.models import Milestone, Plan, Task

from .actions import close_cycle, open_cycle
from .models import Cycle, Holiday, Lease, Report, Schedule
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


BOOKMARK = "status-refresh"  # a Lease row kept as a bookmark: the day (holder) and time of the last refresh
IN_FLIGHT = timedelta(minutes=1)  # writes not yet committed when the last refresh read the rows


def refresh_status(today, cal, *, keep=None) -> int:
    """Re-derive status and lights. The first refresh of a day re-derives every task of the published plans
    (time alone moves a light); the later ones that day only the tasks whose inputs changed since the last
    one (`changed_since`). Returns the tasks written."""
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED, plan__archived_at__isnull=True)
    started = timezone.now()
    mark = Lease.objects.filter(name=BOOKMARK).first()
    if mark is not None and mark.holder == today.isoformat():
        changed = changed_since(mark.expires_at)
        if changed is not None:
            tasks = tasks.filter(changed)
    count = refresh_tasks(tasks, today=today, calendar=cal, keep=keep)
    Lease.objects.update_or_create(
        name=BOOKMARK, defaults={"holder": today.isoformat(), "expires_at": started}
    )
    return count


def changed_since(at) -> Q | None:
    """The tasks whose status inputs changed since `at`, from the audit log (every write that matters is
    audited): the task itself, one of its milestones or reports, its plan or one of the plan's cycles
    (opened, closed, moved). None when a holiday changed: the working-day calendar of every task did.
    People's writes of the minute before `at` count too (still in flight when that refresh read the rows);
    the tick's own were done before it."""
    recent = Q(at__gte=at - IN_FLIGHT) & ~Q(actor_name="tick")
    events = AuditEvent.objects.filter(Q(at__gte=at) | recent)
    if events.filter(object_type=Holiday._meta.model_name).exists():
        return None

    def ids(model):
        return events.filter(object_type=model._meta.model_name).values("object_id")

    return (
        Q(pk__in=ids(Task))
        | Q(pk__in=Milestone.objects.filter(pk__in=ids(Milestone)).values("task_id"))
        | Q(pk__in=Report.objects.filter(pk__in=ids(Report)).values("task_id"))
        | Q(plan_id__in=ids(Plan))
        | Q(plan_id__in=Cycle.objects.filter(pk__in=ids(Cycle)).values("plan_id"))
    )


def remind(today, cal, warn_workdays: int) -> int:
    """Before a cycle's due date: one reminder per unit with reports still to send. After it closed: one
    late notice per unit. The same few queries however many cycles and units: the waiting reports counted
    by cycle and unit in one grouped query, the units' staff read once, every message sent in one send_many."""
    waiting = [Report.Status.PENDING, Report.Status.DRAFT, Report.Status.RETURNED, Report.Status.SUBMITTED]
    kinds = {}
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN).select_related("plan"):
        if cal.workdays_until(today, cycle.due_on) <= warn_workdays:
            kinds[cycle.pk] = (cycle, "remind", "进展报告将于 {due} 截止，本单位还有 {n} 项未报送")
    recent = today - timedelta(days=31)
    for cycle in Cycle.objects.filter(status=Cycle.Status.CLOSED, due_on__gte=recent).select_related("plan"):
        kinds[cycle.pk] = (cycle, "late", "进展报告已于 {due} 截止，本单位有 {n} 项逾期未报")
    if not kinds:
        return 0
    counts = (
        Report.objects.filter(cycle__in=list(kinds), status__in=waiting)
        .order_by()
        .values_list("cycle_id", "unit_id")
        .annotate(n=Count("id"))
    )
    counts = list(counts)
    unit_ids = {unit_id for _, unit_id, _ in counts}
    staff = defaultdict(list)
    for user in unit_users(unit_ids, Role.REPORTER, Role.APPROVER):
        staff[user.unit_id].append(user)
    units = Unit.objects.in_bulk(unit_ids)
    messages = []
    for cycle_id, unit_id, n in counts:
        cycle, kind, text = kinds[cycle_id]
        due = f"{cycle.due_on:%Y-%m-%d}"
        messages.append(
            Message(
                users=staff[unit_id],
                units=[units[unit_id]],
                key=f"{kind}:{cycle.pk}:{unit_id}",
                text=f"{cycle.plan.title}{cycle.label}" + text.format(due=due, n=n),
                link="/todo/",
            )
        )
    return send_many(messages)
