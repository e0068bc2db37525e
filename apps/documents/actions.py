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
    units = dict(Unit.objects.filter(archived_at__isnull=True).values_list("name", "id"))
    document = SourceDocument(filename=filename, text=text, uploaded_by=actor)
    if raw is not None:
        document.file.save(filename, ContentFile(raw), save=False)
    document.save()
    draft = Draft.objects.create(
        document=document,
        title=title,
        year=year or doc.plan_year or datetime.date.today().year,
        owner_unit=owner_unit,
        data=drafts.build(doc, units),
        created_by=actor,
    )
    audit.record(actor, AuditEvent.Action.CREATE, draft, {"filename": [None, filename], **_counts(draft)})
    return draft


def _counts(draft):
    c = drafts.counts(draft.data)
    return {"tasks": [None, c["tasks"]], "targets": [None, c["targets"]]}


def _date(phrase, year):
    return parse_deadline(phrase, year) if phrase else None


@transaction.atomic
def publish(draft: Draft, *, default_lead_unit: Unit | None, actor) -> Plan:
    """Make the reviewed draft an ordinary published plan; every task and target keeps its source span."""
    text = draft.document.text
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
            task = Task(
                plan=plan,
                area=area,
                code=f"{order}.{n}",
                title=item["title"][:300],
                description=text[item["start"] : item["end"]],
                start_date=datetime.date(draft.year, 1, 1),
                due_date=_date(item.get("deadline"), draft.year) or datetime.date(draft.year, 12, 31),
                source_start=item["start"],
                source_end=item["end"],
            )
            create_task(task, leads, [units[i] for i in item["co_unit_ids"] if i in units], actor=actor)
            for t in item["targets"]:
                horizon = t.get("horizon") or draft.year
                target = Target(
                    task=task,
                    metric=(t["metric"] or t["text"])[:200],
                    comparator=COMPARATORS.get(t["comparator"], "="),
                    value=Decimal(str(t["value"])),
                    unit=(t["unit"] or "")[:30],
                    deadline=_date(t.get("deadline"), horizon)
                    or (datetime.date(horizon, 12, 31) if horizon != draft.year else None),
                    horizon=horizon,
                    source_start=t["start"],
                    source_end=t["end"],
                )
                audit.create(target, Target.AUDIT_FIELDS, actor=actor)
    draft.status = Draft.Status.PUBLISHED
    draft.plan = plan
    draft.save(update_fields=["status", "plan", "updated_at"])
    return plan
