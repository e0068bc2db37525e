"""Writes of the implementation cycle. Each is atomic and leaves an audit row with the acting user."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.utils import format_number
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.evidence.actions import add_evidence
from apps.notify.outbox import reachable_units
from apps.plans.models import Plan, Target, Task, TaskStatus, TaskUnit

from . import messages
from .calendar import work_calendar
from .models import Cycle, Holiday, Report, ReportVersion, TargetActual
from .periods import due_date, period_for
from .status import refresh_tasks


class StaleReport(Exception):
    """Someone else saved the report since this form was loaded."""


# ---- cycles ----


@transaction.atomic
def open_cycle(cycle: Cycle, *, now=None, actor=None) -> int:
    """Create one report per active task and per lead/co unit, and mark the cycle open. Idempotent.
    `actor`: the coordinator who opened it by hand; by default it is `tick`."""
    now = now or timezone.now()
    links = TaskUnit.objects.filter(
        task__plan=cycle.plan, task__archived_at__isnull=True, task__start_date__lte=cycle.period_end
    ).exclude(task__status=TaskStatus.CLOSED)
    reports = [
        Report(cycle=cycle, task_id=task_id, unit_id=unit_id, is_lead=(role == TaskUnit.Role.LEAD))
        for task_id, unit_id, role in links.values_list("task_id", "unit_id", "role").iterator(
            chunk_size=5000
        )
    ]
    Report.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)
    updated = Cycle.objects.filter(pk=cycle.pk, status=Cycle.Status.SCHEDULED).update(
        status=Cycle.Status.OPEN, opened_at=now
    )
    if updated:
        audit.record(
            actor,
            AuditEvent.Action.UPDATE,
            cycle,
            {"status": ["scheduled", "open"]},
            actor_name="" if actor else "tick",
        )
    return len(reports)


def period_to_start(schedule, today, cal):
    """The period a 现在开始本期填报 opens: the current one, or the next once the current is past due."""
    period = period_for(schedule.kind, today)
    return period.next() if due_date(period, schedule.due_day, cal) < today else period


@transaction.atomic
def start_cycle_now(plan: Plan, kind: str, *, actor, today=None) -> Cycle:
    """现在开始本期填报: open the current period of the plan's `kind` schedule today, instead of waiting for
    its opening day (the next period, when the current one is already past due)."""
    today = today or timezone.localdate()
    if plan.status != Plan.Status.PUBLISHED or plan.archived_at:
        raise ValidationError("计划尚未发布，不能开始填报")
    schedule = plan.schedules.filter(kind=kind, enabled=True).first()
    if schedule is None:
        raise ValidationError("请先启用并保存该调度周期，再开始填报")
    cal = work_calendar()
    period = period_to_start(schedule, today, cal)
    due = due_date(period, schedule.due_day, cal)
    cycle, _ = Cycle.objects.select_for_update().get_or_create(
        plan=plan,
        kind=kind,
        period_start=period.start,
        defaults={"label": period.label, "period_end": period.end, "opens_on": today, "due_on": due},
    )
    if cycle.status != Cycle.Status.SCHEDULED:
        raise ValidationError(
            f"{cycle.label}填报已在进行中"
            if cycle.status == Cycle.Status.OPEN
            else f"{cycle.label}填报已截止"
        )
    if cycle.opens_on > today:
        audit.record(actor, AuditEvent.Action.UPDATE, cycle, {"opens_on": [str(cycle.opens_on), str(today)]})
        cycle.opens_on = today
        cycle.save(update_fields=["opens_on"])
    open_cycle(cycle, actor=actor)
    refresh_tasks(Task.objects.filter(plan=plan), today=today)  # the new reports are due now
    cycle.refresh_from_db()
    return cycle


@transaction.atomic
def close_cycle(cycle: Cycle, *, now=None) -> bool:
    now = now or timezone.now()
    updated = Cycle.objects.filter(pk=cycle.pk, status=Cycle.Status.OPEN).update(
        status=Cycle.Status.CLOSED, closed_at=now
    )
    if updated:
        audit.record(None, AuditEvent.Action.UPDATE, cycle, {"status": ["open", "closed"]}, actor_name="tick")
    return bool(updated)


# ---- reports ----


def _snapshot(report: Report) -> dict:
    data = {f: getattr(report, f) for f in Report.CONTENT_FIELDS}
    data["actuals"] = {str(a.target_id): format(a.value.normalize(), "f") for a in report.actuals.all()}
    data["comment"] = report.comment
    return data


def _as_stored(value) -> Decimal:
    """`value` as the database keeps a target's actual value (rounded to the field's decimal places)."""
    field = TargetActual._meta.get_field("value")
    return Decimal(format_number(Decimal(str(value)), field.max_digits, field.decimal_places))


def _locked(report: Report, version: int | None, tab: str = "") -> Report:
    """The report, row-locked. A `version` other than the stored one means the form was loaded before the
    last save: refused — whoever saved, since the same person's other tab is as stale as anyone's. Only
    the very tab whose own save made the current version (an autosave still in flight when they press
    提交) may send its older version."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    own = bool(tab) and current.save_token == tab
    if version is not None and current.version != int(version) and not own:
        who = current.updated_by or "他人"
        raise StaleReport(
            f"该报告已被 {who} 于 {timezone.localtime(current.updated_at):%H:%M:%S} 修改，您的修改没有保存。"
            "请刷新页面查看最新内容后再编辑。"
        )
    return current


def _text_changes(report: Report, snapshot: dict) -> dict:
    """The content of `snapshot` against the report's last step (or the empty form): what an audit row
    of a submission records, since the autosaves before it leave versions, not audit rows."""
    last = report.versions.exclude(status=Report.Status.DRAFT).order_by("-version").first()
    before = last.data if last else {}
    changes = {}
    for field in Report.CONTENT_FIELDS:
        old = before.get(field, None if field == "percent" else "")
        if old != snapshot[field]:
            changes[field] = [old, snapshot[field]]
    old_actuals, new_actuals = before.get("actuals", {}), snapshot["actuals"]
    metrics = {str(pk): metric for pk, metric in report.task.targets.values_list("id", "metric")}
    for target_id in sorted(set(old_actuals) | set(new_actuals), key=int):
        if old_actuals.get(target_id) != new_actuals.get(target_id):
            label = f"实际值：{metrics.get(target_id, target_id)}"
            changes[label] = [old_actuals.get(target_id), new_actuals.get(target_id)]
    return changes


def _step(report: Report, status: str, actor, *, comment=None, **stamps) -> Report:
    before = report.status
    text = _text_changes(report, _snapshot(report)) if status == Report.Status.SUBMITTED else {}
    report.status = status
    report.version += 1
    report.updated_by = actor
    report.save_token = ""  # no tab's in-flight autosave may follow a status step
    fields = ["status", "version", "updated_by", "save_token", "updated_at", *stamps]
    for name, value in stamps.items():
        setattr(report, name, value)
    if comment is not None:
        report.comment = comment
        fields.append("comment")
    report.save(update_fields=fields)
    ReportVersion.objects.create(
        report=report, version=report.version, status=status, data=_snapshot(report), by=actor
    )
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        report,
        {"status": [before, status], **text, **({"comment": [None, comment]} if comment else {})},
    )
    return report


@transaction.atomic
def save_report(
    report: Report,
    data: dict,
    actuals: dict,
    *,
    version,
    actor,
    tab: str = "",
    audited: bool = False,
    targets=None,
) -> Report:
    """Save the unit's draft. `actuals` maps target ids to values; `tab` identifies the browser page that
    sends it. Refused if anything but this page's own earlier save happened since `version`. A save leaves
    a draft version; only an `audited` one (a deliberate import, not a form's autosave) an audit row too.
    `targets`: the task's active targets, when the caller has loaded them."""
    report = _locked(report, version, tab)
    if not report.editable:
        raise ValidationError("该报告已提交，不能再修改")
    percent = data.get("percent")
    if percent is not None and not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": "完成进度应在 0 到 100 之间"})
    changes = {}
    for field in Report.CONTENT_FIELDS:
        if field in data and getattr(report, field) != data[field]:
            changes[field] = [getattr(report, field), data[field]]
            setattr(report, field, data[field])
    if targets is None:  # the caller's form may have them already: the task's active targets
        targets = Target.objects.filter(task_id=report.task_id, archived_at__isnull=True)
    metrics = {t.pk: t.metric for t in targets}
    stored = {a.target_id: a for a in report.actuals.all()}  # archived targets' too: the snapshot has them
    created, updated, deleted = [], [], []
    for target_id, value in actuals.items():
        target_id = int(target_id)
        if target_id not in metrics:
            continue
        row = stored.get(target_id)
        old = row.value if row else None
        if (old is None and value is None) or (
            old is not None and value is not None and old == Decimal(str(value))
        ):
            continue  # unchanged: no new version, no audit row
        if value is None:
            deleted.append(stored.pop(target_id).pk)
        elif row is None:
            stored[target_id] = TargetActual(report=report, target_id=target_id, value=_as_stored(value))
            created.append(stored[target_id])
        else:
            row.value = _as_stored(value)
            updated.append(row)
        changes[f"实际值：{metrics[target_id]}"] = [
            None if old is None else format(old.normalize(), "f"),
            None if value is None else format(Decimal(str(value)).normalize(), "f"),
        ]
    # one query per kind of change, whatever the number of targets
    if deleted:
        TargetActual.objects.filter(pk__in=deleted).delete()
    TargetActual.objects.bulk_create(created)
    TargetActual.objects.bulk_update(updated, ["value"])
    known = TargetActual.objects.filter(report=report)  # what prefetch_related would leave: the snapshot's
    known._result_cache, known._prefetch_done = list(stored.values()), True
    report._prefetched_objects_cache = {"actuals": known}
    if changes:
        if report.status == Report.Status.PENDING:
            report.status = Report.Status.DRAFT
        report.version += 1
        report.updated_by = actor
        report.save_token = tab
        report.save(
            update_fields=[
                *Report.CONTENT_FIELDS,
                "status",
                "version",
                "updated_by",
                "save_token",
                "updated_at",
            ]
        )
        # An autosave leaves a version, not an audit row: the submission audits the final text.
        ReportVersion.objects.create(
            report=report,
            version=report.version,
            status=Report.Status.DRAFT,
            data=_snapshot(report),
            by=actor,
        )
        if audited:
            audit.record(actor, AuditEvent.Action.UPDATE, report, changes)
    return report


@transaction.atomic
def submit_report(report: Report, *, version, actor, tab: str = "") -> Report:
    report = _locked(report, version, tab)
    if not report.editable:
        raise ValidationError("该报告当前状态不能提交")
    if not report.narrative.strip() or report.percent is None:
        raise ValidationError("请填写进展情况和完成进度后再提交")
    report = _step(report, Report.Status.SUBMITTED, actor, submitted_at=timezone.now())
    messages.report_submitted(report)
    return report


@transaction.atomic
def approve_report(report: Report, *, actor) -> Report:
    """单位审核人 approves and sends the report up to the coordinator."""
    report = _locked(report, None)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError("只有待单位审核的报告可以审核上报")
    return _step(report, Report.Status.APPROVED, actor)


@transaction.atomic
def accept_report(report: Report, *, actor) -> Report:
    report = _locked(report, None)
    if report.status != Report.Status.APPROVED:
        raise ValidationError("只有单位已审核上报的报告可以采纳")
    report = _step(report, Report.Status.ACCEPTED, actor, accepted_at=timezone.now())
    if report.is_lead:
        # the ledger shows the lead unit's latest accepted progress (by period), without reading reports
        latest = (
            Report.objects.filter(task_id=report.task_id, status=Report.Status.ACCEPTED, is_lead=True)
            .exclude(narrative="")
            .order_by("-cycle__period_end", "-id")
            .values_list("narrative", flat=True)
            .first()
        )
        Task.objects.filter(pk=report.task_id).update(percent=report.percent, progress_note=latest or "")
        refresh_tasks(Task.objects.filter(pk=report.task_id), today=timezone.localdate())
    return report


@transaction.atomic
def return_report(report: Report, *, comment: str, actor) -> Report:
    """Send a report back (by the unit approver or the coordinator) with the reason."""
    report = _locked(report, None)
    if report.status not in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        raise ValidationError("该报告当前状态不能退回")
    if not comment.strip():
        raise ValidationError({"comment": "请填写退回理由"})
    report = _step(report, Report.Status.RETURNED, actor, comment=comment.strip())
    messages.report_returned(report)
    return report


@transaction.atomic
def add_report_evidence(report: Report, *, upload, actor):
    """A supporting file for a report the unit is still filling in."""
    if not report.editable:
        raise ValidationError("该报告已提交，不能再上传佐证材料")
    return add_evidence(upload=upload, actor=actor, owner=report)


WAITING = (Report.Status.PENDING, Report.Status.DRAFT, Report.Status.RETURNED)


def cancel_reports_of_archived_task(sender, *, task, actor, **kwargs) -> int:
    """An archived task is no longer reported on: its reports of open cycles not yet sent are cancelled
    (已撤销) and leave the units' 待办; what was typed stays in the report. Receiver of task_archived."""
    reports = Report.objects.filter(task=task, cycle__status=Cycle.Status.OPEN, status__in=WAITING)
    count = 0
    for report in reports.order_by("pk").select_for_update():
        _step(report, Report.Status.CANCELLED, actor, comment="任务已归档")
        count += 1
    return count


def reopen_reports_of_restored_task(sender, *, task, actor, **kwargs) -> int:
    """A restored task is reported on again: its cancelled reports of open cycles are back to fill in.
    Receiver of task_restored."""
    reports = Report.objects.filter(
        task=task, cycle__status=Cycle.Status.OPEN, status=Report.Status.CANCELLED
    )
    count = 0
    for report in reports.order_by("pk").select_for_update():
        typed = bool(report.narrative.strip()) or report.percent is not None
        _step(report, Report.Status.DRAFT if typed else Report.Status.PENDING, actor, comment="")
        count += 1
    return count


# ---- 催办, schedules and the 放假调休 calendar ----


class Unreachable(ValidationError):
    """Nobody in the unit can receive a message: no account with a role that is urged, no channel."""


def urge_unit(cycle: Cycle, unit, *, roles, actor, today=None) -> tuple[int, int]:
    """催办 a unit that has reports of `cycle` still to send. Returns (pending reports, new messages: 0
    when it was urged today already). Raises Unreachable when nobody can receive it — the attempt stays
    audited, so the log shows who was urged in vain — and ValidationError when nothing is pending."""
    today = today or timezone.localdate()
    pending = Report.objects.filter(cycle=cycle, unit=unit, status__in=WAITING).count()
    if not pending:
        raise ValidationError("该单位本期已全部报送，无需催办")
    if unit.pk not in reachable_units([unit.pk], *roles):
        audit.record(
            actor,
            AuditEvent.Action.UPDATE,
            cycle,
            {"催办": [None, f"{unit.name}：{pending} 项（无人可接收，未送达）"]},
        )
        raise Unreachable(
            f"催办未能送达：{unit.name}没有可接收通知的账号或启用的通知渠道。"
            "请系统管理员为该单位开通填报账号或配置通知渠道，或电话联系。"
        )
    with transaction.atomic():
        sent = messages.urge(cycle, unit, pending, roles=roles, today=today)
        audit.record(actor, AuditEvent.Action.UPDATE, cycle, {"催办": [None, f"{unit.name}：{pending} 项"]})
    return pending, sent


@transaction.atomic
def save_schedule(schedule, changed: dict, *, actor):
    """Create or update a plan's reporting schedule (`changed`: the fields the coordinator changed)."""
    created = schedule.pk is None
    schedule.save()
    audit.record(
        actor,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        schedule,
        {f: [None, str(v)] for f, v in changed.items()},
    )
    return schedule


HOLIDAY_FIELDS = ("day", "is_workday", "name")


def add_holiday(holiday: Holiday, *, actor) -> Holiday:
    return audit.create(holiday, HOLIDAY_FIELDS, actor=actor)


@transaction.atomic
def delete_holiday(holiday: Holiday, *, actor) -> None:
    before = audit.snapshot(holiday, HOLIDAY_FIELDS)
    audit.record(actor, AuditEvent.Action.DELETE, holiday, {k: [v, None] for k, v in before.items()})
    holiday.delete()
