"""Demo 典型经验: three accepted cases of the demo's city departments — one from the inspection's
good-practice finding, promoted 市 → 省 with the 简报 that carried it and featured; one promoted at 市 level;
one accepted only. Dates are relative to `today`; every write goes through the actions.
apps/demo calls `load(today)` after the units, users, plans and the inspection exist."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.orgs.models import User
from apps.plans.models import Task, TaskUnit
from apps.supervision.models import Finding

from . import actions
from .models import Case, Level

CASES = [
    # (reporter, the reporter's unit, title, area, summary, practice, results, promotions [(level, proof, days ago, file)], featured)
    (
        "nyj",
        "市农业农村局",
        "高标准农田建设“一张图”管理",
        "乡村振兴",
        "把全市高标准农田项目落到一张图上，进度日更新、问题日交办，建设进度由“月报”变“日清”。",
        "一是建图：以国土“三调”底图为基础，逐地块标注项目区、标段和施工单位；二是日更：施工单位每天上传"
        "现场照片和完成量，县区农业农村局当日审核；三是交办：进度滞后的标段自动列入问题清单，次日交办到人。",
        "全市20万亩建设任务提前1个月完成，项目平均工期缩短18%，整改问题127个、按期办结率98.4%。",
        [
            (Level.CITY, "定西市委改革办《改革动态》2026年第9期", 30, None),
            (
                Level.PROVINCE,
                "甘肃省农业农村厅《农业农村工作简报》2026年第12期",
                8,
                "农业农村工作简报第12期.pdf",
            ),
        ],
        True,
    ),
    (
        "fgw",
        "市发改委",
        "重点项目审批“容缺受理＋并联审批”",
        "优化营商环境",
        "重点项目前期手续实行容缺受理、并联审批，审批时限大幅压缩。",
        "对非关键要件实行容缺受理、承诺补正；发改、自然资源、住建等部门同步审查，联合踏勘、一次反馈。",
        "重点项目审批时限由平均45个工作日压缩至18个工作日，年内136个项目受益。",
        [
            (
                Level.CITY,
                "定西市人民政府办公室《关于推广重点项目审批“容缺受理＋并联审批”经验的通知》（定政办发〔2026〕21号）",
                15,
                None,
            )
        ],
        False,
    ),
    (
        "zjj",
        "市住建局",
        "老旧小区改造“居民议事会”",
        "保障和改善民生",
        "老旧小区改造前问需于民、改造中问计于民、改造后问效于民。",
        "每个小区成立居民议事会，改造方案入户征求意见、公示后实施；施工中居民代表参与巡查，竣工由议事会参与验收。",
        "年内改造老旧小区42个，居民改造意愿签字率由76%提高到95%，投诉量同比下降61%。",
        [],
        False,
    ),
]


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def load(today: datetime.date) -> list[Case]:
    """The demo's cases (none when some already exist)."""
    if Case.objects.exists():
        return []
    reviewer = User.objects.get(username="gaige")
    inspector = User.objects.get(username="ducha")
    loaded = []
    for username, _unit, title, area, summary, practice, results, promotions, featured in CASES:
        writer = User.objects.get(username=username)
        unit = writer.unit
        finding = Finding.objects.filter(unit=unit, good_practice=True, case__isnull=True).first()
        fields = {"title": title, "summary": summary, "practice": practice, "results": results}
        if finding is not None:  # as the inspection office would: the finding becomes the unit's draft
            case = actions.case_from_finding(finding, actor=inspector, title=title, area=area)
            actions.update_case(case, fields, actor=writer)
        else:
            tasks = Task.objects.filter(
                archived_at__isnull=True, links__unit=unit, links__role=TaskUnit.Role.LEAD
            ).order_by("id")[:1]
            case = actions.create_case(
                Case(unit=unit, year=today.year, area=area, **fields), tasks=list(tasks), actor=writer
            )
        actions.submit_case(case, actor=writer)
        actions.review_case(
            case, decision="accept", comment="做法可复制、成效可量化，予以采纳", actor=reviewer
        )
        for level, proof, days_ago, filename in promotions:
            actions.set_promotion(
                case,
                level=level,
                proof=proof,
                promoted_on=today - datetime.timedelta(days=days_ago),
                upload=_pdf(filename) if filename else None,
                actor=reviewer,
            )
        if featured:
            actions.set_featured(case, True, actor=reviewer)
        loaded.append(case)
    return loaded
