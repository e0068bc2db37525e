"""Writes of the implementation cycle. Each is atomic and leaves an audit row with the acting user."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.utils import format_number
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.plans.models import Plan, Target, Task, TaskStatus, TaskUnit, fmt_number
from lib.filetypes import ALLOWED, sniff
from lib.workdays import WorkCalendar

from . import notify
from .models import CloseOut, Cycle, Evidence, Holiday, Notice, Report, ReportVersion, TargetActual
from .periods import due_date, period_for
from .rules import Thresholds, target_met


def work_calendar() -> WorkCalendar:
    return WorkCalendar(dict(Holiday.objects.values_list("day", "is_workday")))


def thresholds() -> Thresholds:
    return Thresholds(settings.WARN_WORKDAYS, settings.LAG_YELLOW, settings.LAG_RED)


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
    from .status import refresh_tasks

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
    report: Report, data: dict, actuals: dict, *, version, actor, tab: str = "", audited: bool = False
) -> Report:
    """Save the unit's draft. `actuals` maps target ids to values; `tab` identifies the browser page that
    sends it. Refused if anything but this page's own earlier save happened since `version`. A save leaves
    a draft version; only an `audited` one (a deliberate import, not a form's autosave) an audit row too."""
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
    metrics = dict(
        Target.objects.filter(task_id=report.task_id, archived_at__isnull=True).values_list("id", "metric")
    )
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
    notify.report_submitted(report)
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
        from .status import refresh_tasks

        Task.objects.filter(pk=report.task_id).update(percent=report.percent)
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
    notify.report_returned(report)
    return report


def check_upload(upload) -> str:
    """The file's kind, judged by its content; ValidationError when too large or not an allowed type."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            f"文件“{upload.name}”超过 {settings.EVIDENCE_MAX_BYTES // 1024 // 1024} MB 的上限"
        )
    head = upload.read()
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            f"文件“{upload.name}”不是允许的类型（{'、'.join(ALLOWED.values())}），系统按文件内容判断而非扩展名"
        )
    return kind


def add_evidence(*, upload, actor, report=None, closeout=None) -> Evidence:
    kind = check_upload(upload)
    evidence = Evidence(
        report=report,
        closeout=closeout,
        name=upload.name[:255],
        kind=kind,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit.record(
        actor, AuditEvent.Action.CREATE, evidence, {"name": [None, evidence.name], "kind": [None, kind]}
    )
    return evidence


# ---- 督办 ----


@transaction.atomic
def issue_notice(*, task, unit, level, reason, reply_by: datetime.date, actor) -> Notice:
    if not reason.strip():
        raise ValidationError({"reason": "请填写督办事由"})
    notice = Notice.objects.create(
        task=task, unit=unit, level=level, reason=reason.strip(), reply_by=reply_by, issued_by=actor
    )
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        notice,
        {"level": [None, notice.get_level_display()], "reply_by": [None, str(reply_by)]},
    )
    notify.notice_issued(notice)
    return notice


@transaction.atomic
def reply_notice(notice: Notice, *, reply: str, actor) -> Notice:
    if notice.replied_at:
        raise ValidationError("该督办单已回复")
    if notice.closed_at:
        raise ValidationError("该督办单已办结，不能再回复")
    if not reply.strip():
        raise ValidationError({"reply": "请填写办理情况"})
    notice.reply, notice.replied_by, notice.replied_at = reply.strip(), actor, timezone.now()
    notice.save(update_fields=["reply", "replied_by", "replied_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, notice, {"reply": [None, notice.reply]})
    return notice


@transaction.atomic
def close_notice(notice: Notice, *, actor) -> Notice:
    if notice.closed_at is None:
        notice.closed_at = timezone.now()
        notice.save(update_fields=["closed_at"])
        audit.record(
            actor, AuditEvent.Action.UPDATE, notice, {"closed_at": [None, notice.closed_at.isoformat()]}
        )
    return notice


# ---- 销号 ----


@dataclass
class Gap:
    """How far a task is from done, from its lead unit's accepted reports: progress, and for each target
    the latest accepted actual and whether it meets the target."""

    percent: int | None
    targets: list  # [(Target, actual Decimal or None, met)]

    @property
    def unmet(self) -> int:
        return sum(not met for _, _, met in self.targets)

    @property
    def unfinished(self) -> bool:
        return (self.percent or 0) < 100 or self.unmet > 0

    def lines(self) -> list[str]:
        """ "当前进度 85%" and one line per target: "高标准农田 ≥ 20万亩：实际 18万亩，未达到"."""
        lines = [f"当前进度 {self.percent}%" if self.percent is not None else "当前进度：尚无采纳的进展报告"]
        for target, actual, met in self.targets:
            shown = f"实际 {fmt_number(actual)}{target.unit}" if actual is not None else "未报实际值"
            lines.append(f"{target}：{shown}，{'已达到' if met else '未达到'}")
        return lines

    def summary(self) -> str:
        """ "进度 85%，1 项指标未达到目标值" — what is missing, or "" when nothing is."""
        parts = []
        if (self.percent or 0) < 100:
            parts.append(f"进度 {self.percent or 0}%")
        if self.unmet:
            parts.append(f"{self.unmet} 项指标未达到目标值")
        return "，".join(parts)


def closeout_gap(task) -> Gap:
    targets = list(task.targets.filter(archived_at__isnull=True))
    latest = dict(
        TargetActual.objects.filter(
            target__in=targets, report__status=Report.Status.ACCEPTED, report__is_lead=True
        )
        .order_by("report__cycle__period_end", "report_id")
        .values_list("target_id", "value")
    )  # later rows overwrite earlier ones: the latest accepted value per target
    percent = Task.objects.filter(pk=task.pk).values_list("percent", flat=True).first()
    return Gap(
        percent,
        [(t, latest.get(t.pk), target_met(t.comparator, t.value, latest.get(t.pk))) for t in targets],
    )


@transaction.atomic
def apply_closeout(*, task, unit, note, uploads, actor, shortfall_reason="") -> CloseOut:
    """Apply for 销号. Work short of 100% or of a target needs `shortfall_reason`: why it may be closed."""
    if task.closeouts.filter(status=CloseOut.Status.APPROVED).exists():
        raise ValidationError("该任务已销号")
    if task.closeouts.filter(status=CloseOut.Status.APPLIED).exists():
        raise ValidationError("该任务已有待审核的销号申请")
    if not note.strip():
        raise ValidationError({"note": "请说明完成情况"})
    if not uploads:
        raise ValidationError({"files": "销号申请须附佐证材料"})
    gap = closeout_gap(task)
    if gap.unfinished and not shortfall_reason.strip():
        raise ValidationError(
            {"shortfall_reason": f"任务尚未完成（{gap.summary()}），请说明未完成的原因及申请销号的理由"}
        )
    for upload in uploads:  # check every file first: a rejected file must not leave others in storage
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    closeout = CloseOut.objects.create(
        task=task, unit=unit, note=note.strip(), shortfall_reason=shortfall_reason.strip(), applied_by=actor
    )
    for upload in uploads:
        add_evidence(upload=upload, actor=actor, closeout=closeout)
    changes = {"note": [None, closeout.note]}
    if gap.unfinished:
        changes.update(
            {"未完成情况": [None, gap.summary()], "shortfall_reason": [None, closeout.shortfall_reason]}
        )
    audit.record(actor, AuditEvent.Action.CREATE, closeout, changes)
    notify.closeout_applied(closeout)
    return closeout


@transaction.atomic
def decide_closeout(closeout: CloseOut, *, approve: bool, comment: str, actor) -> CloseOut:
    if closeout.status != CloseOut.Status.APPLIED:
        raise ValidationError("该申请已审核")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "不予销号须说明理由"})
    closeout.status = CloseOut.Status.APPROVED if approve else CloseOut.Status.REJECTED
    closeout.decided_by, closeout.decided_at, closeout.comment = actor, timezone.now(), comment.strip()
    closeout.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(actor, AuditEvent.Action.UPDATE, closeout, {"status": ["applied", closeout.status]})
    notify.closeout_decided(closeout)
    if approve:
        from .status import refresh_tasks

        refresh_tasks(Task.objects.filter(pk=closeout.task_id), today=timezone.localdate())
    return closeout
