"""主要经济指标 over JSON, with the same permissions and actions as the pages: the indicators, the month table
(what the dashboard and the 通报 read), a year's targets, and a month's figures for several units at once."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from ninja import File, Router, Schema, Status, UploadedFile

from apps.orgs.models import Unit
from apps.orgs.schemas import Id, Int32, Year
from lib.xlsx import ImportFailed

from . import actions, excel, table
from .access import (
    can_manage_indicators,
    check_can_enter,
    get_indicator_for_user,
    row_units,
    sheet_indicators,
    sheet_scope,
    unit_and_below,
    visible_indicators,
)
from .models import Indicator

router = Router(tags=["经济指标"])


class IndicatorOut(Schema):
    id: int
    name: str
    measure: str
    kind: str
    frequency: str
    caliber: str
    order: int
    red_gap: Decimal | None
    owner_unit_id: int


class RowOut(Schema):
    unit_id: int
    unit_name: str
    target: Decimal | None
    cumulative: Decimal | None
    growth: Decimal | None
    completion: Decimal | None
    gap: Decimal | None
    colour: str
    colour_label: str
    reason: str
    double_half: bool | None
    peer_rank: int | None
    peers: int
    province_rank: int | None
    versus_province: str


class BlockOut(Schema):
    indicator: IndicatorOut
    month: int | None
    elapsed: Decimal | None
    province_growth: Decimal | None
    rows: list[RowOut]


class TargetIn(Schema):
    unit_id: Id
    value: Decimal | None


class TargetsIn(Schema):
    year: Year
    targets: list[TargetIn]


class FigureIn(Schema):
    unit_id: Id | None = None  # None: 全省
    cumulative: Decimal | None = None
    growth: Decimal | None = None
    province_rank: Int32 | None = None


class FiguresIn(Schema):
    year: Year
    month: Int32
    rows: list[FigureIn]


class ImportedOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int


class ImportErrorsOut(Schema):
    detail: str
    errors: list[str]


class SavedTargetsOut(Schema):
    saved: int


class SavedOut(Schema):
    created: int
    updated: int
    unchanged: int


def _row(row: table.Row) -> dict:
    s = row.standing
    return {
        "unit_id": row.unit.pk,
        "unit_name": row.unit.name,
        "target": row.target,
        "cumulative": row.cumulative,
        "growth": row.growth,
        "completion": s.completion,
        "gap": s.gap,
        "colour": s.colour,
        "colour_label": s.colour_label,
        "reason": s.reason,
        "double_half": s.double_half,
        "peer_rank": row.peer_rank,
        "peers": row.peers,
        "province_rank": row.province_rank,
        "versus_province": row.versus_province,
    }


def _units(user, indicator, ids) -> dict:
    """{id: Unit} of the ids sent, among the 市/县区 of the indicator's 辖区 (404 for one not seen)."""
    wanted = {i for i in ids if i is not None}
    found = {u.pk: u for u in Unit.objects.filter(pk__in=wanted, path__startswith=indicator.owner_unit.path)}
    seen = set(row_units(user).filter(pk__in=found).values_list("pk", flat=True))
    missing = wanted - seen
    if missing:
        raise PermissionDenied(f"无权填报单位 {'、'.join(str(i) for i in sorted(missing))} 的数据")
    return found


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request):
    return list(visible_indicators(request.user))


@router.get("/indicators/table", response=list[BlockOut])
def month_table(
    request,
    year: Year | None = None,
    month: Int32 | None = None,
    indicator: Id | None = None,
    unit: Id | None = None,
):
    """Each indicator's rows for 1-`month` of `year` (default: the last month with figures) by the units the
    user sees — or only `unit` and the units directly below it: target, figures, standing against 序时 with
    its colour and reason, ranks."""
    user = request.user
    indicators = list(visible_indicators(user).select_related("owner_unit"))
    if indicator is not None:
        indicators = [i for i in indicators if i.pk == indicator]
    today = timezone.localdate()
    year = year or today.year
    month = (
        month
        if month and 1 <= month <= 12
        else table.latest_month(indicators, year) or max(1, today.month - 1)
    )
    units = unit_and_below(row_units(user), unit).order_by("path")
    blocks = table.month_table(indicators, units, year, month)
    return [
        {
            "indicator": b.indicator,
            "month": b.month,
            "elapsed": b.elapsed,
            "province_growth": b.province.growth if b.province else None,
            "rows": [_row(r) for r in b.rows],
        }
        for b in blocks
    ]


@router.put("/indicators/{indicator_id}/targets", response=SavedTargetsOut)
def put_targets(request, indicator_id: Id, data: TargetsIn):
    """Set the year's targets of the units sent (value null removes one): 统计局/牵头机关 of the 辖区."""
    user = request.user
    indicator: Indicator = get_indicator_for_user(user, indicator_id, action="manage")
    units = _units(user, indicator, [t.unit_id for t in data.targets])
    check_can_enter(user, units.values(), indicator)
    with transaction.atomic():
        for target in data.targets:
            actions.set_target(indicator, units[target.unit_id], data.year, target.value, actor=user)
    return {"saved": len(data.targets)}


@router.put("/indicators/{indicator_id}/figures", response=SavedOut)
def put_figures(request, indicator_id: Id, data: FiguresIn):
    """The figures of 1-`month` of `year` for the units sent (unit_id null: 全省), all or none."""
    user = request.user
    indicator = get_indicator_for_user(user, indicator_id, action="enter")
    units = _units(user, indicator, [r.unit_id for r in data.rows])
    rows = [
        actions.Figures(
            unit=units.get(r.unit_id),
            month=data.month,
            cumulative=r.cumulative,
            growth=r.growth,
            province_rank=r.province_rank,
        )
        for r in data.rows
    ]
    check_can_enter(user, [r.unit for r in rows], indicator)
    return actions.save_figures(indicator, data.year, rows, actor=user)


@router.post("/indicators/import", response={200: ImportedOut, 413: ImportErrorsOut, 422: ImportErrorsOut})
def import_sheet(request, file: File[UploadedFile]):
    """The 统计局's sheet (the layout of the import page: one period per sheet), all or nothing; 422 lists
    each problem with its sheet, row and column."""
    user = request.user
    if not can_manage_indicators(user):
        raise PermissionDenied("只有统计局或牵头机关可以导入经济指标数据")
    if file.size > settings.IMPORT_MAX_BYTES:
        limit = f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}"
        return Status(413, {"detail": f"文件过大，上限为 {limit} MB", "errors": []})
    try:
        indicators = sheet_indicators(user)
        return excel.import_sheet(
            file, indicators=indicators, jurisdiction=sheet_scope(user, indicators), actor=user
        )
    except ImportFailed as failed:
        return Status(422, {"detail": "没有导入任何数据", "errors": failed.messages()})


# after the fixed paths (/indicators/table, /indicators/import): ninja matches in order
@router.get("/indicators/{indicator_id}", response=IndicatorOut)
def get_indicator(request, indicator_id: Id):
    return get_indicator_for_user(request.user, indicator_id)
