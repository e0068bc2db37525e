"""Demo 督查 and 整改台账: a finished inspection of the city work report's tasks with findings and 督查结论,
a half-done 整改台账 (items from the findings and from an 审计 report, some closed), one 领导批示 waiting
for its answer, a task's 销号 application in 公示 and a 延期申请 waiting for the coordinator. Dates are relative to the day the demo is loaded; every write goes through the actions."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.orgs.models import Unit, User
from apps.plans.models import Task
from apps.supervision import actions as closeouts
from apps.supervision import actions_extensions as extensions
from apps.supervision import actions_inspections as inspections
from apps.supervision import actions_instructions as instructions
from apps.supervision.models import Finding, Inspection, Rectification

FINDINGS = [
    # (unit, dimension, severity, text, needs rectification, good practice)
    ("市发改委", "progress", 2, "重点项目前期手续办理滞后，3个项目未取得施工许可，进度落后序时", True, False),
    (
        "市住建局",
        "results",
        2,
        "老旧小区改造已开工项目中有2个小区雨污分流未同步实施，群众反映强烈",
        True,
        False,
    ),
    ("市住建局", "responsibility", 1, "整改台账未明确到具体责任人，月度进展报送不及时", True, False),
    ("市农业农村局", "tasks", 1, "高标准农田建设实行“一张图”管理，进度日更新，可推广", False, True),
]
AUDIT = [
    # (code, unit, description, requirement, closed)
    ("SJ-2026-03", "市财政局", "部分专项资金拨付滞后，资金闲置超过6个月", "12月底前完成拨付或收回统筹", True),
    ("SJ-2026-04", "市教育局", "校舍维修项目未按规定履行招标程序", "完善制度，追究相关人员责任", False),
    ("SJ-2026-05", "市发改委", "以工代赈项目劳务报酬发放比例未达要求", "补发劳务报酬并建立台账", True),
]


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def load(plan, *, today=None):
    today = today or timezone.localdate()
    units = {
        u.name: u for u in Unit.objects.filter(name__in={f[0] for f in FINDINGS} | {a[1] for a in AUDIT})
    }
    city = plan.owner_unit
    coordinator = User.objects.get(username="gaige")
    inspector = User.objects.get(username="ducha")
    inspection = inspections.create_inspection(
        Inspection(
            kind=Inspection.Kind.SPECIAL,
            title=f"{plan.year}年政府工作报告重点任务落实情况专项督查",
            scheme="督任务、督进度、督成效，察认识、察责任、察作风。采取查阅资料、现场核实、座谈了解等方式，"
            "对重点任务牵头单位逐项督查。",
            owner_unit=city,
            methods=[Inspection.Method.RECORDS, Inspection.Method.VISIT, Inspection.Method.FORUM],
            starts_on=today - datetime.timedelta(days=40),
            ends_on=today - datetime.timedelta(days=25),
        ),
        units=[units[n] for n in ("市发改委", "市住建局", "市农业农村局")],
        plans=[plan],
        team=[inspector, coordinator],
        actor=coordinator,
    )
    findings = []
    for name, dimension, severity, text, fix, good in FINDINGS:
        task = Task.objects.filter(plan=plan, links__unit=units[name], links__role="lead").first()
        findings.append(
            inspections.record_finding(
                Finding(
                    inspection=inspection,
                    unit=units[name],
                    task=task,
                    dimension=dimension,
                    severity=severity,
                    text=text,
                    needs_rectification=fix,
                    good_practice=good,
                ),
                uploads=[_pdf("现场核查照片说明.pdf")],
                actor=inspector,
            )
        )
    inspections.conclude(
        inspection,
        {
            units["市发改委"]: "重点项目前期工作推进不力，限30日内整改到位并报告整改情况。",
            units["市住建局"]: "老旧小区改造质量和群众满意度有待提升，限期整改，建立问题台账。",
            units["市农业农村局"]: "工作扎实，“一张图”管理经验在全市推广。",
        },
        actor=coordinator,
        today=today - datetime.timedelta(days=24),
    )
    items = []
    for n, finding in enumerate(f for f in findings if f.needs_rectification):
        items.append(
            inspections.rectification_from_finding(
                finding,
                actor=inspector,
                code=f"DC-{plan.year}-{n + 1:02d}",
                requirement="限期整改到位，举一反三建立长效机制",
                due_date=today + datetime.timedelta(days=20 * (n - 1)),  # one already past its time limit
            )
        )
    fgw = User.objects.get(username="fgw")
    inspections.report_progress(
        items[0], text="已完成2个项目施工许可办理，剩余1个正在审批", done=False, actor=fgw
    )
    for code, name, text, requirement, closed in AUDIT:
        item = inspections.create_rectification(
            Rectification(
                owner_unit=city,
                code=code,
                source=Rectification.Source.AUDIT,
                source_ref=f"定审发〔{plan.year}〕12号",
                category="财务管理",
                description=text,
                requirement=requirement,
                lead_unit=units[name],
                due_date=today - datetime.timedelta(days=10)
                if closed
                else today + datetime.timedelta(days=30),
            ),
            actor=coordinator,
        )
        if closed:
            reporter = User.objects.filter(unit=units[name]).first() or coordinator
            inspections.report_progress(
                item, text="已整改到位", done=True, uploads=[_pdf("整改报告.pdf")], actor=reporter
            )
            inspections.verify_rectification(
                item, method="documents", passed=True, note="资料齐全，整改到位", actor=inspector
            )
            inspections.close_rectification(
                item,
                approve=True,
                comment="同意销号",
                actor=coordinator,
                today=today - datetime.timedelta(days=20),
            )
    inspections.finish_publicity(today)  # their 公示 ended without objection
    leader = User.objects.get(username="shizhang")
    task = Task.objects.filter(plan=plan, links__unit=units["市发改委"], links__role="lead").first()
    if task:
        instructions.issue_instruction(
            task=task,
            unit=units["市发改委"],
            text="请市发改委牵头，会同相关部门研究加快项目前期手续办理的具体措施，月底前报市政府。",
            answer_by=today + datetime.timedelta(days=7),
            actor=leader,
        )
    _closeout_and_extension(plan, units["市发改委"], coordinator, inspector, today)


def _closeout_and_extension(plan, unit, coordinator, inspector, today):
    """One task of the unit through 申请 → 核查 → 审核 (now in 公示); another with a 延期申请 to decide."""
    reporter = User.objects.filter(unit=unit).first()
    tasks = list(
        Task.objects.filter(plan=plan, links__unit=unit, links__role="lead", due_date__gte=today).order_by(
            "id"
        )[:3]
    )
    if reporter is None or len(tasks) < 3:
        return
    closeout = closeouts.apply_closeout(
        task=tasks[1],
        unit=unit,
        note="项目已建成投用，竣工验收报告附后",
        shortfall_reason="末期进度待本期报告采纳后更新",
        uploads=[_pdf("竣工验收报告.pdf")],
        actor=reporter,
    )
    closeouts.verify_closeout(
        closeout, method="site", passed=True, note="现场核查，已建成投用", actor=inspector
    )
    closeouts.decide_closeout(
        closeout, approve=True, comment="同意销号，进入公示", actor=coordinator, today=today
    )
    extensions.ask_extension(
        tasks[2],
        new_date=tasks[2].due_date + datetime.timedelta(days=60),
        reason="用地报批未获省厅批复，需顺延两个月",
        actor=reporter,
        today=today,
    )
