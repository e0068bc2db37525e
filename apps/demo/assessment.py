"""Demo 年督考: the city's published scheme for the plan's year (the default rules), 领导评价 by the 市长
for a few departments, one 通报表扬 and one 省级表彰 with its file, one manual adjustment with its file,
and a running score computed at once, so the ranking page has data right after `make run`. Dates are
relative to `today` (kept inside the scheme's year); every write goes through apps.assessment.actions.
apps/demo calls `load(plan, today)` after the plans, cycles, 督办 and 典型经验 exist."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.assessment import actions, jobs
from apps.assessment.access import assessed_unit_ids
from apps.assessment.defaults import default_config
from apps.assessment.models import Recognition, Scheme, ScoreRun
from apps.orgs.models import Unit, User

# (unit, 领导评价 points out of 10)
RATINGS = [
    ("市发改委", "9"),
    ("市住建局", "8.5"),
    ("市农业农村局", "9.5"),
    ("市财政局", "8"),
    ("市教育局", "7.5"),
]
# (unit, kind, level, title, document, days before the run, file)
RECOGNITIONS = [
    (
        "市农业农村局",
        Recognition.Kind.PRAISE,
        None,
        "高标准农田建设进度全市第一",
        "定西市人民政府督查室《督查通报》第5期",
        20,
        None,
    ),
    (
        "市发改委",
        Recognition.Kind.HONOUR,
        Recognition.Level.PROVINCE,
        "全省重大项目建设先进集体",
        "甘肃省人民政府《关于表彰全省重大项目建设先进集体的决定》",
        35,
        "省政府表彰决定.pdf",
    ),
]
ADJUSTMENT = (
    "市住建局",
    "1",
    "承担全省城镇老旧小区改造现场会筹备任务，经市考核委员会会议研究加1分",
    "市考核委员会会议纪要.pdf",
)


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def as_of_day(year: int, today: datetime.date) -> datetime.date:
    """The running score's day: today, kept inside the scheme's year."""
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def load(plan, today: datetime.date) -> ScoreRun | None:
    """The demo's assessment year so far (nothing when the city already has a scheme for the year)."""
    city, year = plan.owner_unit, plan.year
    if Scheme.objects.filter(owner_unit=city, year=year).exists():
        return None
    coordinator = User.objects.get(username="gaige")
    leader = User.objects.get(username="shizhang")
    as_of = as_of_day(year, today)
    start = datetime.date(year, 1, 1)
    units = {u.name: u for u in Unit.objects.filter(parent=city)}

    scheme = actions.create_scheme(
        owner_unit=city,
        title=f"{year}年度重点工作督查考核",
        year=year,
        config=default_config(city),
        actor=coordinator,
    )
    actions.publish(scheme, actor=coordinator)
    for name, points in RATINGS:
        actions.rate(scheme, unit=units[name], dimension="D4", points=Decimal(points), rater=leader)
    rated = {units[name].pk for name, _ in RATINGS}
    for unit in Unit.objects.filter(pk__in=assessed_unit_ids(scheme)).exclude(pk__in=rated):
        actions.rate(
            scheme, unit=unit, dimension="D4", points=Decimal("8"), rater=leader
        )  # the rest: 8 of 10
    for name, kind, level, title, document, days, filename in RECOGNITIONS:
        actions.recognise(
            unit=units[name],
            kind=kind,
            level=level,
            title=title,
            document=document,
            day=max(as_of - datetime.timedelta(days=days), start),
            actor=coordinator,
            uploads=[_pdf(filename)] if filename else (),
        )
    name, points, reason, filename = ADJUSTMENT
    actions.adjust(
        scheme,
        unit=units[name],
        points=Decimal(points),
        reason=reason,
        uploads=[_pdf(filename)],
        actor=coordinator,
    )
    run = actions.request_run(scheme, as_of=as_of, actor=coordinator)
    return jobs.compute(run)  # at once, so the ranking has data without a worker (the queued job skips it)
