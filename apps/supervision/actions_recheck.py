"""回头看: draw a reproducible random sample of closed items and record each re-check; a problem found
back (反弹) or a false rectification (虚假整改) reopens the item and flags it for 考核."""

import math
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent

from .models import Recheck, RecheckEntry, Rectification


def sample(ids: list[int], *, size: int | None, percent: float | None, seed: int) -> list[int]:
    """The sampled ids: the same `ids` and `seed` always give the same sample. `percent` rounds up.

    >>> sample([5, 1, 9, 3, 7], size=2, percent=None, seed=42) == sample([1, 3, 5, 7, 9], size=2, percent=None, seed=42)
    True
    >>> len(sample(list(range(10)), size=None, percent=25, seed=1))
    3
    """
    n = size if size is not None else math.ceil(len(ids) * percent / 100)
    return sorted(random.Random(seed).sample(sorted(ids), min(n, len(ids))))


@transaction.atomic
def draw(*, owner_unit, closed_from, closed_to, size=None, percent=None, seed=None, actor) -> Recheck:
    if (size is None) == (percent is None):
        raise ValidationError("请给出抽查数量或抽查比例（二选一）")
    if size is not None and size < 1:
        raise ValidationError({"size": "抽查数量至少为 1"})
    if percent is not None and not 0 < percent <= 100:
        raise ValidationError({"percent": "抽查比例应在 0 到 100 之间"})
    if closed_to < closed_from:
        raise ValidationError({"closed_to": "结束日期不能早于开始日期"})
    ids = list(
        Rectification.objects.filter(
            owner_unit=owner_unit,
            status=Rectification.Status.CLOSED,
            closed_on__gte=closed_from,
            closed_on__lte=closed_to,
        ).values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError("该期间没有已销号的整改事项")
    seed = secrets.randbits(48) if seed is None else seed
    recheck = Recheck.objects.create(
        owner_unit=owner_unit,
        closed_from=closed_from,
        closed_to=closed_to,
        population=len(ids),
        seed=seed,
        drawn_by=actor,
    )
    chosen = sample(ids, size=size, percent=percent, seed=seed)
    RecheckEntry.objects.bulk_create([RecheckEntry(recheck=recheck, item_id=pk) for pk in chosen])
    audit.record(
        actor,
        AuditEvent.Action.CREATE,
        recheck,
        {"期间销号事项数": [None, len(ids)], "抽查": [None, len(chosen)], "seed": [None, seed]},
    )
    return recheck


@transaction.atomic
def record(entry: RecheckEntry, *, result: str, note: str, actor) -> RecheckEntry:
    if entry.result != RecheckEntry.Result.PENDING:
        raise ValidationError("该事项已核查")
    if result not in RecheckEntry.Result.values or result == RecheckEntry.Result.PENDING:
        raise ValidationError({"result": "请选择核查结果"})
    if result != RecheckEntry.Result.HOLDS and not note.strip():
        raise ValidationError({"note": "发现反弹或虚假整改时须写明核查情况"})
    entry.result, entry.note, entry.checked_by, entry.checked_at = result, note.strip(), actor, timezone.now()
    entry.save(update_fields=["result", "note", "checked_by", "checked_at"])
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        entry.recheck,
        {f"回头看：{entry.item}": [None, entry.get_result_display()]},
    )
    if result != RecheckEntry.Result.HOLDS:
        item = entry.item
        before = item.status
        item.status, item.closed_on, item.rebound = Rectification.Status.IN_PROGRESS, None, True
        item.save(update_fields=["status", "closed_on", "rebound"])
        audit.record(
            actor,
            AuditEvent.Action.UPDATE,
            item,
            {
                "status": [before, item.status],
                "回头看": [None, f"{entry.get_result_display()}：{entry.note}"],
            },
        )
    return entry
