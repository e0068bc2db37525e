import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from apps.audit import actions as audit
from apps.orgs.access import visible_units
from apps.orgs.models import Unit, User
from apps.orgs.schemas import Id, Int32, KeysetPages, Pages, Year

from . import actions
from .access import (
    can_create_plan_for,
    get_plan_for_user,
    get_target_for_user,
    get_task_for_user,
    visible_plans,
    visible_tasks,
)
from .ledger import ledger_tasks
from .models import Plan, Target, Task, TaskUnit

router = Router()


# ---- schemas ----


class PlanOut(Schema):
    id: int
    title: str
    year: int
    owner_unit_id: int
    status: str
    source_title: str
    archived: bool

    @staticmethod
    def resolve_archived(obj):
        return obj.archived_at is not None


class PlanIn(Schema):
    title: str
    year: Year
    owner_unit_id: Id
    status: Plan.Status = Plan.Status.DRAFT
    source_title: str = ""


class PlanPatch(Schema):
    title: str = None
    year: Year = None
    status: Plan.Status = None
    source_title: str = None


class UnitRef(Schema):
    id: int
    name: str


class TargetOut(Schema):
    id: int
    task_id: int
    metric: str
    comparator: str
    value: Decimal
    unit: str
    baseline: Decimal | None
    deadline: datetime.date | None
    horizon: int | None


class TaskOut(Schema):
    id: int
    plan_id: int
    area_id: int | None
    code: str
    title: str
    description: str
    leader: str  # the name shown
    leader_user_id: int | None  # the leader's account (我分管), when linked
    leader_username: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    kind: str
    priority: int
    status: str
    rag: str
    percent: int | None
    lead_units: list[UnitRef]
    co_units: list[UnitRef]
    archived: bool

    @staticmethod
    def resolve_archived(obj):
        return obj.archived_at is not None

    @staticmethod
    def resolve_leader_username(obj):
        return obj.leader_user.username if obj.leader_user_id else ""


class TaskIn(Schema):
    plan_id: Id
    area_id: Id | None = None
    code: str = ""
    title: str
    description: str = ""
    leader: str = ""
    leader_user_id: Id | None = None
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    kind: Task.Kind = Task.Kind.ROUTINE
    priority: Task.Priority = Task.Priority.NORMAL
    lead_unit_ids: list[Id]
    co_unit_ids: list[Id] = []


class TaskPatch(Schema):
    area_id: Id | None = None
    code: str = None
    title: str = None
    description: str = None
    leader: str = None
    leader_user_id: Id | None = None
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    kind: Task.Kind = None
    priority: Task.Priority = None
    lead_unit_ids: list[Id] = None
    co_unit_ids: list[Id] = None


class TargetIn(Schema):
    task_id: Id
    metric: str
    comparator: Target.Comparator = Target.Comparator.EQ
    value: Decimal
    unit: str = ""
    baseline: Decimal | None = None
    deadline: datetime.date | None = None
    horizon: Int32 | None = None


class TargetPatch(Schema):
    metric: str = None
    comparator: Target.Comparator = None
    value: Decimal = None
    unit: str = None
    baseline: Decimal | None = None
    deadline: datetime.date | None = None
    horizon: Int32 | None = None


# ---- plans ----


@router.get("/plans", response=list[PlanOut], tags=["计划"])
@paginate(Pages)
def list_plans(request, year: Year | None = None, status: str = ""):
    plans = visible_plans(request.user)
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    return plans


@router.get("/plans/{plan_id}", response=PlanOut, tags=["计划"])
def get_plan(request, plan_id: Id):
    return get_plan_for_user(request.user, plan_id)


@router.post("/plans", response={201: PlanOut}, tags=["计划"])
def post_plan(request, data: PlanIn):
    unit = get_object_or_404(visible_units(request.user), pk=data.owner_unit_id)
    if not can_create_plan_for(request.user, unit):
        raise PermissionDenied("只有牵头机关可以在本辖区内创建计划")
    plan = Plan(
        title=data.title, year=data.year, owner_unit=unit, status=data.status, source_title=data.source_title
    )
    return Status(201, audit.create(plan, Plan.AUDIT_FIELDS, actor=request.user))


@router.patch("/plans/{plan_id}", response=PlanOut, tags=["计划"])
def patch_plan(request, plan_id: Id, data: PlanPatch):
    plan = get_plan_for_user(request.user, plan_id, manage=True)
    actions.update_plan(plan, data.dict(exclude_unset=True), actor=request.user)
    return plan


# ---- tasks ----


def _task_details(tasks):
    return tasks.select_related("area", "leader_user").prefetch_related(
        Prefetch("links", queryset=TaskUnit.objects.select_related("unit"))
    )


def _units(ids) -> list[Unit]:
    units = Unit.objects.in_bulk(ids)
    missing = [i for i in ids if i not in units]
    if missing:
        raise ValidationError({"units": f"单位不存在：{missing}"})
    return [units[i] for i in ids]


def _check_units(lead, co):
    """The task rule on units (plans.actions.check_units), its errors keyed by the API's field names."""
    try:
        actions.check_units(lead, co)
    except ValidationError as exc:
        raise ValidationError(
            {key.replace("_units", "_unit_ids"): errors for key, errors in exc.message_dict.items()}
        ) from None


def _leader(changes: dict) -> dict:
    """`leader_user_id` of the API as the task's `leader_user` (an unknown id is a field error)."""
    if "leader_user_id" not in changes:
        return changes
    user_id = changes.pop("leader_user_id")
    user = User.objects.filter(pk=user_id).select_related("unit").first() if user_id is not None else None
    if user_id is not None and user is None:
        raise ValidationError({"leader_user_id": f"用户不存在：{user_id}"})
    return {**changes, "leader_user": user}


def _api_errors(exc: ValidationError) -> ValidationError:
    """An action's errors keyed by the API's field names."""
    if not hasattr(exc, "error_dict"):
        return exc
    renames = {"leader_user": "leader_user_id"}
    return ValidationError({renames.get(key, key): errors for key, errors in exc.message_dict.items()})


def _area(plan, area_id):
    if area_id is None:
        return None
    return get_object_or_404(plan.areas.filter(archived_at__isnull=True), pk=area_id)


@router.get("/tasks", response=list[TaskOut], tags=["任务"])
@paginate(KeysetPages)
def list_tasks(
    request,
    plan: Id | None = None,
    area: Id | None = None,
    unit: Id | None = None,
    lead: Id | None = None,
    kind: str = "",
    leader: str = "",
    q: str = "",
    due_month: str = "",
):
    """Filters as on the ledger page; `unit` includes the units below it; `lead` is a 主责单位 (the task's
    first lead unit in that unit's subtree, the ledger's 责任单位 with 只看主责); `due_month` is YYYY-MM.
    Deep pages: pass `after` (the last id of the page read) instead of `page`, the rows are in id order."""
    filters = {"q": q, "kind": kind, "leader": leader}
    if area:
        filters["area"] = area
    if unit:
        filters["unit"] = get_object_or_404(Unit, pk=unit)
    if lead:  # 主责单位: as the ledger's 责任单位 with 只看主责
        filters.update(unit=get_object_or_404(Unit, pk=lead), owner=True)
    if due_month:
        try:
            year, month = (int(p) for p in due_month.split("-"))
            filters["due_month"] = (year, month)
        except ValueError:
            raise ValidationError({"due_month": "月份格式应为 2026-04"}) from None
    plan_obj = get_plan_for_user(request.user, plan) if plan else None
    # ordered by id: a stable order that deep pages can walk on the primary key
    return _task_details(ledger_tasks(request.user, plan_obj, filters).order_by("id"))


@router.get("/tasks/{task_id}", response=TaskOut, tags=["任务"])
def get_task(request, task_id: Id):
    task = get_task_for_user(request.user, task_id)
    return _task_details(Task.objects.filter(pk=task.pk)).get()


@router.post("/tasks", response={201: TaskOut}, tags=["任务"])
def post_task(request, data: TaskIn):
    plan = get_plan_for_user(request.user, data.plan_id, manage=True)
    fields = _leader(data.dict(exclude={"plan_id", "area_id", "lead_unit_ids", "co_unit_ids"}))
    task = Task(plan=plan, area=_area(plan, data.area_id), **fields)
    lead, co = _units(data.lead_unit_ids), _units(data.co_unit_ids)
    _check_units(lead, co)
    try:
        actions.create_task(task, lead, co, actor=request.user)
    except ValidationError as exc:
        raise _api_errors(exc) from None
    return Status(201, _task_details(Task.objects.filter(pk=task.pk)).get())


@router.patch("/tasks/{task_id}", response=TaskOut, tags=["任务"])
def patch_task(request, task_id: Id, data: TaskPatch):
    task = get_task_for_user(request.user, task_id, manage=True)
    changes = _leader(data.dict(exclude_unset=True))
    lead_ids = changes.pop("lead_unit_ids", None)
    co_ids = changes.pop("co_unit_ids", None)
    if "area_id" in changes:
        changes["area"] = _area(task.plan, changes.pop("area_id"))
    lead = _units(lead_ids) if lead_ids is not None else task.lead_units
    co = _units(co_ids) if co_ids is not None else task.co_units
    _check_units(lead, co)
    try:
        actions.update_task(task, changes, lead, co, actor=request.user)
    except ValidationError as exc:
        raise _api_errors(exc) from None
    return _task_details(Task.objects.filter(pk=task.pk)).get()


# ---- targets ----


@router.get("/targets", response=list[TargetOut], tags=["量化指标"])
@paginate(Pages)
def list_targets(request, task: Id | None = None, plan: Id | None = None):
    tasks = visible_tasks(request.user)
    if plan:
        tasks = tasks.filter(plan_id=plan)
    if task:
        tasks = tasks.filter(pk=task)
    return Target.objects.filter(archived_at__isnull=True, task__in=tasks).order_by("task_id", "id")


@router.get("/targets/{target_id}", response=TargetOut, tags=["量化指标"])
def get_target(request, target_id: Id):
    return get_target_for_user(request.user, target_id)


@router.post("/targets", response={201: TargetOut}, tags=["量化指标"])
def post_target(request, data: TargetIn):
    task = get_task_for_user(request.user, data.task_id, manage=True)
    target = Target(task=task, **data.dict(exclude={"task_id"}))
    return Status(201, audit.create(target, Target.AUDIT_FIELDS, actor=request.user))


@router.patch("/targets/{target_id}", response=TargetOut, tags=["量化指标"])
def patch_target(request, target_id: Id, data: TargetPatch):
    target = get_target_for_user(request.user, target_id, manage=True)
    audit.update(target, data.dict(exclude_unset=True), actor=request.user)
    return target
