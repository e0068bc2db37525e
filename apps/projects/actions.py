"""Writes of 重点项目. Each is atomic, validated here once for the pages, the API and the import, saves
only the fields it changes and leaves an audit row with the acting user; each refreshes the project's
derived columns (lights.refresh) in the same transaction, so the ledger's colour is never stale.

A month's report: 草稿 → (报送) 待单位审核 → (审核) 待牵头机关审核 → 已采纳, or 已退回 from either review
(edited and sent again). A report sent counts at once for the ledger's figures."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.notify.outbox import send

from . import lights
from .access import accepters_of, approvers_of, writers_of
from .models import PERMIT_LABELS, PermitState, Project, ProjectReport

Status = ProjectReport.Status
MIN_YEAR, MAX_YEAR = 2000, 2100
MONTHS = 12


def _money(value, label, field, errors, *, required=True):
    if value in (None, ""):
        if required:
            errors[field] = f"请填写{label}"
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = f"{label}应为数字（万元）"
        return None
    if amount < 0:
        errors[field] = f"{label}不能为负数"
    elif amount >= Decimal("1e12"):
        errors[field] = f"{label}过大"
    return amount


def clean_permits(permits, field="permits") -> dict:
    """{key: {"state": …, "date": "YYYY-MM-DD"}} with known keys and states only."""
    if not isinstance(permits, dict):
        raise ValidationError({field: "前期手续格式不正确"})
    states = set(PermitState.values)
    clean = {}
    for key, entry in permits.items():
        label = PERMIT_LABELS.get(key)
        if label is None:
            raise ValidationError({field: f"未知的手续：{key}"})
        state = (entry or {}).get("state") or PermitState.TODO
        if state not in states:
            raise ValidationError({field: f"{label}的办理状态不正确"})
        day = (entry or {}).get("date") or None
        if day is not None:
            try:
                day = datetime.date.fromisoformat(str(day)).isoformat()
            except ValueError:
                raise ValidationError({field: f"{label}的办结日期不正确"}) from None
        clean[key] = {"state": state, "date": day}
    return clean


def validate_project(project: Project):
    """The one check of a project, for form, API and import. Raises ValidationError by field."""
    errors = {}
    project.code, project.name = (project.code or "").strip(), (project.name or "").strip()
    if not project.code:
        errors["code"] = "请填写项目编号"
    if not project.name:
        errors["name"] = "请填写项目名称"
    if not MIN_YEAR <= (project.year or 0) <= MAX_YEAR:
        errors["year"] = f"年度应在 {MIN_YEAR}—{MAX_YEAR} 之间"
    for field, choices, label in (
        ("level", Project.Level, "级别"),
        ("kind", Project.Kind, "类型"),
        ("industry", Project.Industry, "行业类别"),
    ):
        if getattr(project, field) not in choices.values:
            errors[field] = f"{label}应为{'、'.join(choices.labels)}之一"
    project.total_investment = _money(project.total_investment, "总投资", "total_investment", errors)
    project.annual_plan = _money(project.annual_plan, "年度计划投资", "annual_plan", errors)
    if project.total_investment is not None and project.annual_plan is not None:
        if project.annual_plan > project.total_investment:
            errors["annual_plan"] = "年度计划投资不能超过总投资"
    plan = project.monthly_plan or []
    if plan:
        values = [_money(v, f"{i}月计划投资", "monthly_plan", errors) for i, v in enumerate(plan, start=1)]
        if len(plan) != MONTHS:
            errors["monthly_plan"] = "月度计划投资应有12个月的数值"
        elif "monthly_plan" not in errors and project.annual_plan is not None:
            if sum(values) != project.annual_plan:
                errors["monthly_plan"] = (
                    f"月度计划合计{sum(values)}万元，与年度计划投资{project.annual_plan}万元不一致"
                )
        project.monthly_plan = [str(v) for v in values] if "monthly_plan" not in errors else plan
    for start, end, label in (
        ("planned_start", "planned_end", "计划竣工时间不能早于计划开工时间"),
        ("actual_start", "actual_end", "实际竣工时间不能早于实际开工时间"),
    ):
        if (
            getattr(project, start)
            and getattr(project, end)
            and getattr(project, end) < getattr(project, start)
        ):
            errors[end] = label
    try:
        project.permits = clean_permits(project.permits or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for field in ("content", "location", "owner", "leader", "progress", "needs", "coordination"):
        setattr(project, field, (getattr(project, field) or "").strip())
    if project.coordination and project.coordination_unit_id is None:
        errors["coordination_unit"] = "填写了需协调事项，请选择协调责任单位"
    duplicate = Project.objects.filter(year=project.year, code=project.code).exclude(pk=project.pk)
    if project.code and "year" not in errors and duplicate.exists():
        errors["code"] = f"{project.year}年已有编号为{project.code}的项目"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_project(project: Project, *, actor, today=None) -> Project:
    validate_project(project)
    project.created_by = actor
    project.save()
    lights.refresh(project, today)
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        project,
        {
            f: [None, v]
            for f, v in audit.snapshot(project, Project.FIELDS).items()
            if v not in (None, "", [], {})
        },
    )
    return project


@transaction.atomic
def update_project(project: Project, data: dict, *, actor, today=None) -> dict:
    """`data` maps Project.FIELDS to new values. Returns the audited changes."""
    unknown = set(data) - set(Project.FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(project, data.keys())
    for field, value in data.items():
        setattr(project, field, value)
    validate_project(project)
    after = audit.snapshot(project, data.keys())
    changes = {f: [before[f], after[f]] for f in data if before[f] != after[f]}
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
        lights.refresh(project, today)
        audit.record(actor, AuditEvent.Action.UPDATE, project, changes)
    return changes


def archive_project(project: Project, *, actor) -> Project:
    return audit.archive(project, actor=actor)


def restore_project(project: Project, *, actor) -> Project:
    return audit.restore(project, actor=actor)


# ---- monthly reports ----


def _previous(report: ProjectReport) -> ProjectReport | None:
    return (
        ProjectReport.objects.filter(
            project=report.project_id, month__lt=report.month, status__in=ProjectReport.COUNTED
        )
        .order_by("-month")
        .first()
    )


def validate_report(report: ProjectReport):
    errors = {}
    today = timezone.localdate()
    if not 1 <= (report.month or 0) <= MONTHS:
        errors["month"] = "月份应为1—12"
    elif (report.project.year, report.month) > (today.year, today.month):
        errors["month"] = f"{report.project.year}年{report.month}月还没有到，不能填报"
    report.month_investment = _money(report.month_investment, "本月完成投资", "month_investment", errors)
    previous = _previous(report) if "month" not in errors else None
    if report.cumulative in (None, "") and report.month_investment is not None:
        report.cumulative = (previous.cumulative if previous else 0) + report.month_investment
    report.cumulative = _money(report.cumulative, "本年累计完成投资", "cumulative", errors)
    if report.cumulative is not None and report.month_investment is not None:
        if report.cumulative < report.month_investment:
            errors["cumulative"] = "本年累计完成投资不能少于本月完成投资"
        elif previous is not None and report.cumulative < previous.cumulative:
            errors["cumulative"] = (
                f"本年累计完成投资不能少于{previous.month}月已报的{previous.cumulative}万元"
            )
    year = report.project.year
    if report.started_on is not None and report.started_on.year > year + 1:
        errors["started_on"] = "实际开工时间不正确"
    try:
        report.permits = clean_permits(report.permits or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    report.progress, report.problems = (report.progress or "").strip(), (report.problems or "").strip()
    if errors:
        raise ValidationError(errors)


def _apply_to_project(report: ProjectReport, *, actor, today) -> dict:
    """A counted report carries the month's facts to the project: 实际开工, 手续, 形象进度."""
    project = report.project
    data = {}
    if report.started_on and project.actual_start is None:
        data["actual_start"] = report.started_on
    if report.permits:
        merged = {**(project.permits or {}), **report.permits}
        if merged != project.permits:
            data["permits"] = merged
    if report.progress and report.progress != project.progress:
        data["progress"] = report.progress
    changes = update_project(project, data, actor=actor, today=today) if data else {}
    if not changes:
        lights.refresh(project, today)
    return changes


@transaction.atomic
def save_report(report: ProjectReport, data: dict, *, actor) -> ProjectReport:
    """Create or change a draft (or a returned report) of a month. `data` maps ProjectReport.FIELDS."""
    if report.pk and not report.editable:
        raise ValidationError(f"该月报{report.get_status_display()}，不能修改")
    unknown = set(data) - set(ProjectReport.FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    creating = report.pk is None
    if creating and ProjectReport.objects.filter(project=report.project_id, month=report.month).exists():
        raise ValidationError({"month": f"{report.month}月的月报已存在"})
    before = audit.snapshot(report, data.keys())
    for field, value in data.items():
        setattr(report, field, value)
    validate_report(report)
    after = audit.snapshot(report, data.keys())
    changes = {
        f: [None if creating else before[f], after[f]] for f in data if creating or before[f] != after[f]
    }
    if creating:
        report.created_by = actor
        report.due_on = lights.due_on(report.project.year, report.month)
        report.save()
        audit.record(actor, AuditEvent.Action.CREATE, report, changes)
    elif changes:
        report.save(update_fields=[*changes, "updated_at"])
        audit.record(actor, AuditEvent.Action.UPDATE, report, changes)
    return report


def _move(report, status, *, actor, today, **fields) -> ProjectReport:
    before = report.status
    report.status = status
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["status", *fields, "updated_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, report, {"status": [before, status]})
    if status in ProjectReport.COUNTED:
        _apply_to_project(report, actor=actor, today=today)
    else:
        lights.refresh(report.project, today)
    return report


@transaction.atomic
def submit_report(report: ProjectReport, *, actor, today=None) -> ProjectReport:
    """报送: the month counts for the ledger at once; the unit's 审核人 reviews it next."""
    if not report.editable:
        raise ValidationError(f"该月报{report.get_status_display()}，不能报送")
    validate_report(report)
    _move(report, Status.SUBMITTED, actor=actor, today=today, submitted_at=timezone.now())
    _tell(
        report, approvers_of(report.project.unit), f"{report.project.unit}报送了{_month(report)}，请审核", []
    )
    return report


def _month(report) -> str:
    return f"重点项目“{report.project.name}”{report.month}月进展"


def _tell(report, users, text, units):
    send(
        users=users,
        units=units,
        key=f"project-report:{report.pk}:{report.status}:{report.updated_at.isoformat()}",
        subject="【重点项目】",
        text=text,
        link=f"/projects/{report.project_id}/#report-{report.month}",
    )


@transaction.atomic
def review_report(report: ProjectReport, *, step: str, decision: str, comment="", actor, today=None):
    """step "approve" (单位审核: submitted → approved) or "accept" (牵头机关: approved → accepted);
    decision "pass" or "return" (退回, with a comment)."""
    waiting = {"approve": Status.SUBMITTED, "accept": Status.APPROVED}
    if step not in waiting or report.status != waiting[step]:
        raise ValidationError(f"该月报{report.get_status_display()}，不能审核")
    comment = (comment or "").strip()
    if decision == "return":
        if not comment:
            raise ValidationError({"comment": "退回时请填写审核意见"})
        status = Status.RETURNED
    elif decision == "pass":
        status = Status.APPROVED if step == "approve" else Status.ACCEPTED
    else:
        raise ValidationError({"decision": "请选择审核结果"})
    _move(
        report,
        status,
        actor=actor,
        today=today,
        comment=comment,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    unit = report.project.unit
    if status == Status.APPROVED:
        _tell(report, accepters_of(unit), f"{unit}审核通过了{_month(report)}，请牵头机关审核", [])
    else:
        verdict = "已退回修改" if status == Status.RETURNED else "已采纳"
        note = f"。审核意见：{comment}" if comment else ""
        _tell(
            report,
            writers_of(unit),
            f"{_month(report)}{verdict}{note}",
            [unit] if status == Status.RETURNED else [],
        )
    return report
