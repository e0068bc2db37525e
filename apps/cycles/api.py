"""Cycles and progress reports over JSON, with the same permissions as the pages."""

import datetime
from decimal import Decimal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from apps.orgs.schemas import Id, Int32, Pages
from apps.plans.access import visible_plans

from . import actions
from .access import get_cycle_for_user, get_report_for_user, visible_reports
from .models import Cycle, Report

router = Router()


class CycleOut(Schema):
    id: int
    plan_id: int
    kind: str
    label: str
    period_start: datetime.date
    period_end: datetime.date
    opens_on: datetime.date
    due_on: datetime.date
    status: str


class ActualOut(Schema):
    target_id: int
    value: Decimal


class ReportOut(Schema):
    id: int
    cycle_id: int
    task_id: int
    unit_id: int
    is_lead: bool
    status: str
    narrative: str
    percent: int | None
    problems: str
    next_steps: str
    comment: str
    version: int
    actuals: list[ActualOut]


class ReportIn(Schema):
    version: Int32
    narrative: str | None = None
    percent: Int32 | None = None
    problems: str | None = None
    next_steps: str | None = None
    actuals: dict[Id, Decimal | None] = {}


class VersionIn(Schema):
    version: Int32


class CommentIn(Schema):
    comment: str


def _report(report_id):
    return Report.objects.prefetch_related("actuals").get(pk=report_id)


@router.get("/cycles", response=list[CycleOut], tags=["调度周期"])
@paginate(Pages)
def list_cycles(request, plan: Id | None = None, status: str = ""):
    cycles = Cycle.objects.filter(plan__in=visible_plans(request.user))
    if plan:
        cycles = cycles.filter(plan_id=plan)
    if status:
        cycles = cycles.filter(status=status)
    return cycles


@router.get("/cycles/{cycle_id}", response=CycleOut, tags=["调度周期"])
def get_cycle(request, cycle_id: Id):
    return get_cycle_for_user(request.user, cycle_id)


@router.get("/reports", response=list[ReportOut], tags=["进展报告"])
@paginate(Pages)
def list_reports(request, cycle: Id | None = None, task: Id | None = None, status: str = ""):
    reports = visible_reports(request.user).prefetch_related("actuals").order_by("cycle_id", "task_id", "id")
    if cycle:
        reports = reports.filter(cycle_id=cycle)
    if task:
        reports = reports.filter(task_id=task)
    if status:
        reports = reports.filter(status=status)
    return reports


@router.get("/reports/{report_id}", response=ReportOut, tags=["进展报告"])
def get_report(request, report_id: Id):
    return _report(get_report_for_user(request.user, report_id).pk)


@router.patch("/reports/{report_id}", response={200: ReportOut, 409: dict}, tags=["进展报告"])
def patch_report(request, report_id: Id, data: ReportIn):
    """Save the draft. `version` must be the version read; a stale version gets 409 and saves nothing."""
    report = get_report_for_user(request.user, report_id, action="fill")
    content = data.dict(exclude_unset=True, exclude={"version", "actuals"})
    for field in ("narrative", "problems", "next_steps"):  # null clears a text, as "" does (no NOT NULL 500)
        if field in content and content[field] is None:
            content[field] = ""
    try:
        actions.save_report(report, content, data.actuals, version=data.version, actor=request.user)
    except actions.StaleReport as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, _report(report.pk))


@router.post("/reports/{report_id}/submit", response={200: ReportOut, 409: dict}, tags=["进展报告"])
def submit(request, report_id: Id, data: VersionIn):
    report = get_report_for_user(request.user, report_id, action="fill")
    try:
        actions.submit_report(report, version=data.version, actor=request.user)
    except actions.StaleReport as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, _report(report.pk))


@router.post("/reports/{report_id}/approve", response=ReportOut, tags=["进展报告"])
def approve(request, report_id: Id):
    actions.approve_report(get_report_for_user(request.user, report_id, action="approve"), actor=request.user)
    return _report(report_id)


@router.post("/reports/{report_id}/accept", response=ReportOut, tags=["进展报告"])
def accept(request, report_id: Id):
    actions.accept_report(get_report_for_user(request.user, report_id, action="review"), actor=request.user)
    return _report(report_id)


@router.post("/reports/{report_id}/return", response=ReportOut, tags=["进展报告"])
def return_(request, report_id: Id, data: CommentIn):
    report = get_report_for_user(request.user, report_id)
    action = "review" if report.status == Report.Status.APPROVED else "approve"
    report = get_report_for_user(request.user, report_id, action=action)
    actions.return_report(report, comment=data.comment, actor=request.user)
    return _report(report_id)
