"""Extraction and publishing. Each is one transaction: a failure leaves nothing half-created."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from apps.audit import actions as audit
from apps.audit.models import AuditEvent
from apps.orgs.models import Unit
from apps.plans.actions import create_task
from apps.plans.models import Area, Plan, Target, Task
from apps.plans.signals import plan_published
from extractor import extract
from lib.dates import parse_deadline

from . import drafts
from .models import Draft, SourceDocument

# the engine's comparators; a range ("6%—7%") is kept as its lower bound
COMPARATORS = {c: c for c in Target.Comparator.values} | {"range": ">="}


@transaction.atomic
def create_draft(
    *, text: str, filename: str, raw: bytes | None, title: str, year: int | None, owner_unit, actor
) -> Draft:
    doc = extract(text)
    year = doc.plan_year or year or datetime.date.today().year
    # mentions are matched against the units of the issuing unit's jurisdiction (市 or 县区)
    scope = Unit.objects.filter(archived_at__isnull=True, path__startswith=owner_unit.jurisdiction().path)
    units = unit_names(scope)
    document = SourceDocument(filename=filename, text=text, uploaded_by=actor)
    if raw is not None:
        document.file.save(filename, ContentFile(raw), save=False)
    document.save()
    draft = Draft.objects.create(
        document=document,
        title=title,
        year=year,
        owner_unit=owner_unit,
        data=drafts.build(doc, units, year),
        created_by=actor,
    )
    audit.record(actor, AuditEvent.Action.CREATE, draft, {"filename": [None, filename], **_counts(draft)})
    return draft


def unit_names(scope) -> dict[str, int]:
    """Every name and alias (简称) of the units in `scope` → the unit's id, for the engine's match_units;
    a name two units share is left out, so a mention of it is never silently given to one of them."""
    ids: dict[str, set[int]] = {}
    for pk, name, aliases in scope.values_list("id", "name", "aliases"):
        for text in (name, *(aliases or [])):
            ids.setdefault(text, set()).add(pk)
    return {text: next(iter(found)) for text, found in ids.items() if len(found) == 1}


def _counts(draft):
    c = drafts.counts(draft.data)
    return {"tasks": [None, c["tasks"]], "targets": [None, c["targets"]]}


def _date(phrase, year):
    return parse_deadline(phrase, year) if phrase else None


def _due(item, year) -> datetime.date | None:
    """The date a task or target is due: its `due`, else the date its time limit phrase names."""
    if item.get("due"):
        return datetime.date.fromisoformat(item["due"])
    return _date(item.get("deadline"), year)


def _summary(data: dict) -> dict:
    """What the audit log keeps of each task: the fields a reviewer edits."""
    out = {}
    for area in data["areas"]:
        for t in area["tasks"]:
            out[t["key"]] = {
                "area": area["title"],
                "title": t["title"],
                "deadline": t["deadline"],
                "due": t.get("due"),
                "lead": t["lead_unit_ids"],
                "co": t["co_unit_ids"],
                "dropped": t["dropped"],
                "targets": [
                    [g.get("metric"), g.get("comparator"), g.get("value"), g.get("unit"), g.get("deadline")]
                    for g in drafts.kept_targets(t)
                ],
            }
    return out


@transaction.atomic
def edit_draft(draft: Draft, apply, *, actor) -> Draft:
    """Apply one reviewer edit (`apply(data)`, one of the functions of `drafts`) to the draft as stored now
    (locked, so two reviewers' edits do not overwrite each other) and record what changed per task.
    A `DraftError` leaves the draft as it was."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    data = drafts.upgrade(locked.data)
    before = _summary(data)
    apply(data)
    after = _summary(data)
    changes = {
        f"task {key}": [before.get(key), after.get(key)]
        for key in dict.fromkeys([*before, *after])
        if before.get(key) != after.get(key)
    }
    locked.data = data
    locked.save(update_fields=["data", "updated_at"])
    if changes:
        audit.record(actor, AuditEvent.Action.UPDATE, locked, changes)
    draft.data, draft.updated_at = locked.data, locked.updated_at
    return draft


@transaction.atomic
def discard(draft: Draft, *, actor) -> Draft:
    """The coordinator gives up the proposed ledger; the uploaded document stays."""
    before = draft.status
    draft.status = Draft.Status.DISCARDED
    draft.save(update_fields=["status", "updated_at"])
    audit.record(actor, AuditEvent.Action.UPDATE, draft, {"status": [before, draft.status]})
    return draft


@transaction.atomic
def publish(draft: Draft, *, default_lead_unit: Unit | None, actor) -> Plan:
    """Make the reviewed draft an ordinary published plan; every task and target keeps its source span."""
    text = draft.document.text
    draft.data = drafts.upgrade(draft.data)
    plan = audit.create(
        Plan(
            title=draft.title,
            year=draft.year,
            owner_unit=draft.owner_unit,
            status=Plan.Status.PUBLISHED,
            source_title=draft.document.filename,
            source_text=text,
        ),
        Plan.AUDIT_FIELDS,
        actor=actor,
    )
    unit_ids = {i for _, t in drafts.kept_tasks(draft.data) for i in (*t["lead_unit_ids"], *t["co_unit_ids"])}
    units = Unit.objects.in_bulk(unit_ids)
    order = 0
    for area_data in draft.data["areas"]:
        kept = [t for t in area_data["tasks"] if not t["dropped"]]
        if not kept:
            continue
        order += 1
        area = audit.create(
            Area(plan=plan, title=area_data["title"][:200], order=order), Area.AUDIT_FIELDS, actor=actor
        )
        for n, item in enumerate(kept, start=1):
            leads = [units[i] for i in item["lead_unit_ids"] if i in units] or (
                [default_lead_unit] if default_lead_unit else []
            )
            if not leads:
                raise drafts.DraftError(f"任务“{item['title']}”尚未指定牵头单位")
            due = _due(item, draft.year) or datetime.date(draft.year, 12, 31)
            spanned = item["start"] is not None
            task = Task(
                plan=plan,
                area=area,
                code=f"{order}.{n}",
                title=item["title"][:300],
                description=text[item["start"] : item["end"]] if spanned else item.get("text", ""),
                start_date=min(datetime.date(draft.year, 1, 1), due),
                due_date=due,
                source_start=item["start"],
                source_end=item["end"],
            )
            create_task(task, leads, [units[i] for i in item["co_unit_ids"] if i in units], actor=actor)
            for t in drafts.kept_targets(item):
                horizon = t.get("horizon") or draft.year
                target = Target(
                    task=task,
                    metric=(t["metric"] or t["text"])[:200],
                    comparator=COMPARATORS.get(t["comparator"], "="),
                    value=Decimal(str(t["value"])),
                    unit=(t["unit"] or "")[:30],
                    deadline=_due(t, horizon)
                    or (datetime.date(horizon, 12, 31) if horizon != draft.year else None),
                    horizon=horizon,
                    source_start=t["start"],
                    source_end=t["end"],
                )
                audit.create(target, Target.AUDIT_FIELDS, actor=actor)
    draft.status = Draft.Status.PUBLISHED
    draft.plan = plan
    draft.save(update_fields=["status", "plan", "updated_at"])
    plan_published.send(sender=Plan, plan=plan, actor=actor)
    return plan
