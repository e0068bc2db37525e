from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from .access import require_admin, visible_units
from .actions import create_unit, update_unit
from .models import Unit
from .schemas import Id, Int32, Pages

router = Router(tags=["单位"])


class UnitOut(Schema):
    id: int
    name: str
    code: str | None
    aliases: list[str]
    kind: str
    parent_id: int | None
    archived: bool

    @staticmethod
    def resolve_archived(obj):
        return obj.archived_at is not None


class UnitIn(Schema):
    name: str
    code: str | None = None
    aliases: list[str] = []
    kind: Unit.Kind
    parent_id: Id | None = None
    order: Int32 = 0


class UnitPatch(Schema):
    name: str = None
    code: str | None = None
    aliases: list[str] = None
    kind: Unit.Kind = None
    parent_id: Id | None = None
    order: Int32 = None


@router.get("", response=list[UnitOut])
@paginate(Pages)
def list_units(request, q: str = "", kind: str = ""):
    units = visible_units(request.user)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code=q) | Q(aliases__icontains=q))
    if kind:
        units = units.filter(kind=kind)
    return units


@router.get("/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: Id):
    return get_object_or_404(visible_units(request.user), pk=unit_id)


def _parent(parent_id):
    return get_object_or_404(Unit, pk=parent_id) if parent_id else None


@router.post("", response={201: UnitOut})
def post_unit(request, data: UnitIn):
    require_admin(request.user)
    unit = Unit(
        name=data.name,
        code=data.code,
        aliases=data.aliases,
        kind=data.kind,
        parent=_parent(data.parent_id),
        order=data.order,
    )
    return Status(201, create_unit(unit, actor=request.user))


@router.patch("/{unit_id}", response=UnitOut)
def patch_unit(request, unit_id: Id, data: UnitPatch):
    require_admin(request.user)
    unit = get_object_or_404(Unit, pk=unit_id)
    changes = data.dict(exclude_unset=True)
    if "parent_id" in changes:
        changes["parent"] = _parent(changes.pop("parent_id"))
    update_unit(unit, changes, actor=request.user)
    return unit
