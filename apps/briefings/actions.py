"""Writes of 督查通报 (every kind, of a plan or of a jurisdiction's plans), each atomic and audited:
generate (or refresh) a draft from the ledger, edit its free texts, publish it (numbered then, per year per issuing unit; the .docx kept with the data snapshot)."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.audit import actions as audit
from apps.audit.models import AuditEvent

from . import data as briefing_data
from . import docx, figures, periods, templating
from .models import Briefing, BriefingTemplate
from .periods import MONTHLY


def template_for(briefing: Briefing):
    """The office's own template for the 通报's kind: its issuing unit's, else the nearest unit's above."""
    ids = briefing.owner_unit.ancestor_ids
    found = {
        t.owner_unit_id: t for t in BriefingTemplate.objects.filter(kind=briefing.kind, owner_unit_id__in=ids)
    }
    return next((found[i] for i in reversed(ids) if i in found), None)


def render_docx(briefing: Briefing, *, date: datetime.date) -> bytes:
    """The .docx of the 通报: laid out by the office's template when there is one, else the built-in layout.
    A template that cannot be filled in with this 通报's data is a ValidationError saying why."""
    texts = {
        "title": briefing.title,
        "journal": briefing.journal,
        "number": briefing.number_label,
        "office": briefing.office,
        "date": date.isoformat(),
        "problems_extra": briefing.problems_extra,
        "requirements": briefing.requirements,
        "copy_to": briefing.copy_to,
    }
    template = template_for(briefing)
    if template is None:
        return docx.render(briefing.data, **texts)
    with template.file.open("rb") as handle:
        content = handle.read()
    try:
        return templating.render(content, briefing.data, **texts)
    except templating.TemplateProblem as exc:
        raise ValidationError(f"通报模板“{template.name}”无法套用：{exc}") from exc


SAVE_STEP = "保存通报草稿"


def generate(
    plan, year: int, month: int, *, actor, today: datetime.date, progress=None, kind=MONTHLY, scope=None
) -> Briefing:
    """The draft of `plan` — or, `plan` None, of all published plans of the jurisdiction `scope` — for the
    period of `kind` ending with `month`, its figures read now from the ledger: a new draft, or the
    existing draft of that period refreshed (its edited texts kept). `progress(i, step)` as
    data.gather's, then (len(data.STEPS), SAVE_STEP). Raises data.NoFigures when the kind has nothing to
    report. The ledger is read outside the transaction that saves the draft, so a job's progress is seen
    while it reads and the draft's row is locked only while it is written."""
    period = periods.of(kind, year, month)
    snapshot = figures.gather(kind, period, today=today, plan=plan, scope=scope, progress=progress)
    if progress is not None:
        progress(len(briefing_data.STEPS), SAVE_STEP)
    return _save_draft(plan, scope, kind, period, snapshot, actor=actor)


@transaction.atomic
def _save_draft(plan, scope, kind, period, snapshot, *, actor) -> Briefing:
    draft = (
        Briefing.objects.select_for_update()
        .filter(plan=plan, scope=scope, year=period.year, month=period.last_month, kind=kind)
        .filter(status=Briefing.Status.DRAFT)
        .first()
    )
    now = timezone.now()
    if draft is not None:
        draft.data, draft.generated_at = snapshot, now
        draft.save(update_fields=["data", "generated_at"])
        audit.record(
            actor, AuditEvent.Action.UPDATE, draft, {"data": ["", f"按{snapshot['as_of']}台账数据重新生成"]}
        )
        return draft
    owner = plan.owner_unit if plan is not None else scope
    briefing = Briefing(
        plan=plan,
        scope=scope,
        owner_unit=owner,
        kind=kind,
        year=period.year,
        month=period.last_month,
        title=figures.default_title(kind, period, plan=plan, scope=scope),
        office=actor.unit.name if actor.unit_id else owner.name,
        requirements=figures.default_requirements(kind),
        data=snapshot,
        generated_at=now,
        created_by=actor,
    )
    return audit.create(briefing, ("title", "office", "year", "month", "kind"), actor=actor)


def _draft_only(briefing):
    if briefing.status != Briefing.Status.DRAFT:
        raise ValidationError("通报已发布，不能再修改")


@transaction.atomic
def edit_texts(
    briefing: Briefing,
    *,
    title: str,
    office: str,
    problems_extra: str,
    requirements: str,
    actor,
    copy_to: str = "",
):
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    _draft_only(briefing)
    title, office = title.strip(), office.strip()
    if not title or not office:
        raise ValidationError("标题和印发单位不能为空")
    return audit.update(
        briefing,
        {
            "title": title,
            "office": office,
            "copy_to": copy_to.strip(),
            "problems_extra": problems_extra.strip(),
            "requirements": requirements.strip(),
        },
        actor=actor,
    )


@transaction.atomic
def publish(briefing: Briefing, *, actor, today: datetime.date) -> Briefing:
    """Number the 通报 (the next of its issuing unit's year), write its .docx from the kept snapshot and
    texts, and keep both with who published it."""
    briefing = Briefing.objects.select_for_update().select_related("owner_unit").get(pk=briefing.pk)
    _draft_only(briefing)
    last = Briefing.objects.filter(owner_unit=briefing.owner_unit, year=briefing.year).aggregate(
        n=Max("number")
    )
    briefing.number = (last["n"] or 0) + 1
    briefing.status = Briefing.Status.PUBLISHED
    briefing.published_by, briefing.published_at = actor, timezone.now()
    content = render_docx(briefing, date=today)
    briefing.file.save(f"{uuid.uuid4().hex}.docx", ContentFile(content), save=False)
    briefing.save(update_fields=["number", "status", "published_by", "published_at", "file"])
    audit.record(
        actor,
        AuditEvent.Action.UPDATE,
        briefing,
        {"status": [Briefing.Status.DRAFT, Briefing.Status.PUBLISHED], "number": [None, briefing.number]},
    )
    return briefing


@transaction.atomic
def upload_template(unit, kind: str, upload, *, actor) -> BriefingTemplate:
    """The office's template for `kind` of `unit`'s 通报, checked (templating.check) before it is kept; a
    new upload replaces the unit's template for that kind."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            f"模板文件超过 {settings.IMPORT_MAX_BYTES / (1024 * 1024):.1f} MB，请精简后再上传"
        )
    content = upload.read()
    try:
        variables = templating.check(content, name=upload.name)
    except templating.TemplateProblem as exc:
        raise ValidationError(str(exc)) from exc
    template = BriefingTemplate.objects.select_for_update().filter(owner_unit=unit, kind=kind).first()
    name = upload.name.rsplit("/", 1)[-1][:200]
    if template is None:
        template = BriefingTemplate(
            owner_unit=unit, kind=kind, name=name, variables=variables, uploaded_by=actor
        )
        template.file.save(f"{uuid.uuid4().hex}.docx", ContentFile(content), save=False)
        return audit.create(template, ("kind", "name"), actor=actor)
    old = template.file.name
    template.file.save(f"{uuid.uuid4().hex}.docx", ContentFile(content), save=False)
    template.uploaded_by, template.variables = actor, variables
    template.save(update_fields=["file", "uploaded_by", "variables", "uploaded_at"])
    audit.update(template, {"name": name}, actor=actor, extra_changes={"file": [old, template.file.name]})
    return template


@transaction.atomic
def delete_template(template: BriefingTemplate, *, actor) -> None:
    """Back to the built-in layout for the unit's kind; the file is kept in storage for the audit trail."""
    audit.record(actor, AuditEvent.Action.DELETE, template, {"name": [template.name, None]})
    template.delete()
