"""Demo 重点项目: 30 projects of 定西市 and its 区县 for the current year (省级/市级/县级; 新开工, 续建,
竣工投产, 前期, 预备) with the months reported so far — accepted, the last two still in review, one
returned — so the ledger has green, yellow and red rows, the two flags and a 不亮灯 预备 project. Figures are
plausible, not real, and seeded (each load is the same). Construction in 定西 slows in winter, so half the
projects carry a seasonal monthly plan. Each 责任单位 without a reporter / 审核人 gets one. Every write goes
through the actions; only the 报送 times are set back to the days they would have been sent.
apps/demo calls `load(today)` after the units and users exist."""

import datetime
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from apps.notify.models import Notification
from apps.orgs.models import Role, Unit, User

from . import actions, lights
from .models import PERMITS, Project, ProjectReport

L, K, I = Project.Level, Project.Kind, Project.Industry  # noqa: E741
SEASON = (2, 3, 8, 10, 11, 11, 11, 11, 11, 10, 8, 4)  # little is built in a 定西 winter
# name, 责任单位, level, kind, industry, 总投资 (万元), leader, 建设内容, performance (1 = on plan; None: never starts)
# fmt: off
PROJECTS = [
    ("定西市中医院综合楼建设项目", "市发改委", L.CITY, K.NEW, I.LIVELIHOOD, 48000, "张副市长", "新建综合楼3.2万平方米，床位500张", 1.0),
    ("定西至临洮高速公路连接线", "市交通运输局", L.PROVINCE, K.CONTINUING, I.INFRASTRUCTURE, 286000, "李副市长", "新建一级公路23.6公里", 0.85),
    ("定西市城区供热管网改造工程", "市住建局", L.CITY, K.CONTINUING, I.INFRASTRUCTURE, 36000, "王副市长", "改造供热主管网42公里、换热站18座", 1.1),
    ("定西市引洮供水配套管网工程", "市水务局", L.PROVINCE, K.CONTINUING, I.INFRASTRUCTURE, 124000, "李副市长", "铺设供水管道186公里，新建调蓄水池6座", 0.6),
    ("定西经济开发区马铃薯精深加工产业园", "市工信局", L.CITY, K.NEW, I.INDUSTRY, 85000, "张副市长", "年加工马铃薯30万吨，新建全粉、淀粉生产线各2条", 0.7),
    ("定西市第二中学新校区", "市发改委", L.CITY, K.NEW, I.LIVELIHOOD, 32000, "赵副市长", "新建教学楼、实验楼、宿舍楼共5.6万平方米，学位3000个", None),
    ("定西国家农业科技园区中药材交易中心", "市农业农村局", L.CITY, K.COMPLETING, I.INDUSTRY, 26000, "王副市长", "建设交易大厅、仓储冷链及质检中心", 1.2),
    ("定西市老旧小区改造（二期）", "市住建局", L.CITY, K.NEW, I.LIVELIHOOD, 18000, "王副市长", "改造老旧小区46个、惠及居民8600户", 0.95),
    ("渭河源区生态保护修复工程", "市生态环境局", L.PROVINCE, K.CONTINUING, I.ECOLOGY, 54000, "李副市长", "治理水土流失面积120平方公里，修复湿地3600亩", 0.9),
    ("定西市全域旅游集散中心", "市文旅局", L.CITY, K.PREPARING, I.INDUSTRY, 22000, "赵副市长", "游客集散、智慧旅游服务平台", 1.0),
    ("定西市新能源装备制造产业园", "市发改委", L.CITY, K.NEW, I.INDUSTRY, 160000, "张副市长", "风电塔筒、叶片及光伏支架生产基地", 0.35),
    ("定西市冷链物流中心", "市商务局", L.CITY, K.RESERVE, I.INDUSTRY, 40000, "张副市长", "冷库容量10万吨，配套分拣加工中心", 1.0),
    ("安定区风光储一体化项目", "安定区发改局", L.PROVINCE, K.NEW, I.INDUSTRY, 420000, "安定区区长", "风电20万千瓦、光伏10万千瓦、储能5万千瓦", 0.8),
    ("安定区马铃薯种薯繁育基地", "安定区农业农村局", L.COUNTY, K.CONTINUING, I.INDUSTRY, 12000, "安定区副区长", "建设脱毒种薯温网室200座", 1.05),
    ("安定区城区停车场建设项目", "安定区住建局", L.COUNTY, K.NEW, I.INFRASTRUCTURE, 6800, "安定区副区长", "新建立体停车场3处、泊位1800个", 1.0),
    ("通渭县30万千瓦风电项目", "通渭县发改局", L.PROVINCE, K.CONTINUING, I.INDUSTRY, 198000, "通渭县县长", "安装风电机组60台", 1.15),
    ("通渭县人民医院门诊楼", "通渭县卫健局", L.COUNTY, K.NEW, I.LIVELIHOOD, 15000, "通渭县副县长", "新建门诊医技楼2.1万平方米", 0.5),
    ("陇西县中药材物流园", "陇西县发改局", L.PROVINCE, K.CONTINUING, I.INDUSTRY, 68000, "陇西县县长", "建设中药材仓储、交易、检测及物流配送中心", 0.9),
    ("陇西县首阳中药材产业园（二期）", "陇西县发改局", L.CITY, K.NEW, I.INDUSTRY, 45000, "陇西县县长", "建设饮片加工厂房6栋、提取车间2座", 1.0),
    ("陇西县城区污水处理厂提标改造", "陇西县住建局", L.COUNTY, K.NEW, I.ECOLOGY, 9800, "陇西县副县长", "日处理能力由4万吨提至6万吨，出水达一级A", None),
    ("渭源县渭河源景区提升工程", "渭源县发改局", L.COUNTY, K.NEW, I.INDUSTRY, 16000, "渭源县副县长", "提升游客中心、步道及停车场", 0.75),
    ("渭源县高标准农田建设项目", "渭源县农业农村局", L.COUNTY, K.CONTINUING, I.INDUSTRY, 8400, "渭源县副县长", "建成高标准农田4.2万亩", 1.0),
    ("临洮县洮河防洪治理工程", "临洮县发改局", L.CITY, K.CONTINUING, I.INFRASTRUCTURE, 38000, "临洮县县长", "新建加固堤防28公里", 0.55),
    ("临洮县职业教育中心", "临洮县教育局", L.COUNTY, K.NEW, I.LIVELIHOOD, 21000, "临洮县副县长", "新建实训楼、教学楼3.8万平方米", 0.9),
    ("临洮县花卉产业园", "临洮县农业农村局", L.COUNTY, K.COMPLETING, I.INDUSTRY, 11000, "临洮县副县长", "建设智能温室12万平方米", 1.0),
    ("漳县盐井镇农旅融合项目", "漳县发改局", L.COUNTY, K.NEW, I.INDUSTRY, 7600, "漳县副县长", "盐文化街区及民宿集群", 0.85),
    ("漳县城乡供水一体化工程", "漳县住建局", L.COUNTY, K.CONTINUING, I.INFRASTRUCTURE, 13500, "漳县县长", "新建水厂1座、铺设管网96公里", 1.0),
    ("岷县当归产业园", "岷县发改局", L.CITY, K.CONTINUING, I.INDUSTRY, 52000, "岷县县长", "当归精深加工、仓储及电商物流", 0.95),
    ("岷县抽水蓄能电站（前期）", "岷县发改局", L.PROVINCE, K.PREPARING, I.INFRASTRUCTURE, 960000, "岷县县长", "装机120万千瓦，开展可研、环评及用地预审", 1.0),
    ("岷县县城集中供热改造", "岷县住建局", L.COUNTY, K.NEW, I.INFRASTRUCTURE, 8800, "岷县副县长", "新建热源厂1座、改造管网35公里", 1.0),
]
# fmt: on
RETURNED = "定西市城区供热管网改造工程"
ZERO = "岷县县城集中供热改造"  # reported started, but no investment reported since
UNSENT = (
    "通渭县人民医院门诊楼",
    "漳县盐井镇农旅融合项目",
)  # the latest month still a draft  # its latest month was returned: to be corrected and sent again
PROGRESS = ("完成场地平整", "基础施工", "主体结构施工", "主体封顶", "设备安装", "附属工程及调试")


def _staff(unit, password) -> tuple[User, User]:
    """The unit's reporter and 审核人: a user of the unit or of a unit above it below the 市 (陇西县's
    reporter reports for its 发改局), else one made for the demo."""
    above = [i for i in unit.ancestor_ids if i != unit.ancestor_ids[0]]
    users = list(User.objects.filter(unit_id__in=above).order_by("-unit__path", "username"))
    found = []
    for role, suffix, title in ((Role.REPORTER, "tb", "填报员"), (Role.APPROVER, "sh", "审核人")):
        user = next((u for u in users if role in u.roles), None)
        if user is None:
            user, _ = User.objects.get_or_create(
                username=f"xm{unit.pk}{suffix}",
                defaults={
                    "unit": unit,
                    "roles": [role],
                    "full_name": f"{unit.name}{title}",
                    "password": password,
                },
            )
        found.append(user)
    return found[0], found[1]


def _monthly(annual: Decimal, seasonal: bool, first: int = 1) -> list[Decimal]:
    """The annual plan spread over the months from `first` on (a new project spends nothing before its
    planned start), evenly or by the building season."""
    weights = [w if m >= first else 0 for m, w in enumerate(SEASON if seasonal else (1,) * 12, start=1)]
    plan = [(annual * w / sum(weights)).quantize(Decimal(1)) for w in weights]
    plan[-1] += annual - sum(plan)
    return plan


def load(today: datetime.date):
    rng = random.Random(2026)
    year = today.year
    units = {u.name: u for u in Unit.objects.all()}
    coordinator = User.objects.get(username="gaige")
    password = coordinator.password  # the demo's made reporters log in like every demo user
    last = lights.last_due_month(year, today)
    for n, (name, unit_name, level, kind, industry, total, leader, content, pace) in enumerate(
        PROJECTS, start=1
    ):
        unit = units[unit_name]
        total = Decimal(total)
        annual = (
            Decimal(0)
            if kind == K.RESERVE
            else (total * Decimal(rng.choice((15, 20, 25, 30, 35))) / 100).quantize(Decimal(1))
        )
        if kind == K.PREPARING:
            annual = (total * Decimal("0.01")).quantize(Decimal(1))  # 前期费用
        planned_start = actual_start = planned_end = actual_end = None
        if kind == K.NEW:
            planned_start = datetime.date(year, 2 + n % 7, 10)
            if pace is not None and planned_start.month <= max(last, 1):
                actual_start = planned_start + datetime.timedelta(days=rng.choice((0, 12, 25, 40)))
                if actual_start.month > max(last, 1) or actual_start > today:
                    actual_start = None
            planned_end = datetime.date(year + 2, 6 + n % 6, 30)
        elif kind in (K.CONTINUING, K.COMPLETING):
            planned_start = actual_start = datetime.date(year - 1 - n % 2, 3 + n % 6, 15)
            planned_end = datetime.date(year if kind == K.COMPLETING else year + 1, 10, 31)
            if kind == K.COMPLETING and pace and pace > 1 and last >= 10:
                actual_end = datetime.date(year, 10, 20)
        seasonal = annual > 0 and (n % 2 == 0 or kind == K.NEW)  # a new project's plan starts with it
        plan = _monthly(annual, seasonal, planned_start.month if kind == K.NEW else 1)
        permits = {
            key: {"state": "done", "date": f"{year - 1}-1{i % 3}-0{i + 1}"}
            for i, (key, _label) in enumerate(PERMITS)
        }
        if kind in (K.PREPARING, K.RESERVE) or actual_start is None:
            permits = {
                key: {"state": "doing" if i < 3 else "todo", "date": None}
                for i, (key, _label) in enumerate(PERMITS)
            }
        if name == "定西经济开发区马铃薯精深加工产业园":
            permits["construction"] = {
                "state": "doing",
                "date": None,
            }  # started, money spent, no 施工许可 yet
        project = actions.create_project(
            Project(
                code=f"DX{year}-{n:03d}",
                name=name,
                year=year,
                level=level,
                kind=kind,
                industry=industry,
                content=content,
                location=unit.parent.name if unit.parent.kind == Unit.Kind.COUNTY else "定西市安定区",
                owner=f"{name[:4]}建设投资有限公司" if industry != I.LIVELIHOOD else unit_name,
                unit=unit,
                leader=leader,
                total_investment=total,
                annual_plan=annual,
                monthly_plan=[str(v) for v in plan] if seasonal else [],
                planned_start=planned_start,
                actual_start=actual_start if kind != K.NEW else None,  # a new project's start is reported
                planned_end=planned_end,
                actual_end=actual_end,
                permits=permits,
                in_stats=actual_start is not None and n % 5 != 0,
                needs="建设用地指标尚未落实" if pace is not None and pace < 0.6 else "",
                coordination="协调解决施工用电接入" if n % 9 == 0 else "",
                coordination_unit=units["市发改委"] if n % 9 == 0 else None,
            ),
            actor=coordinator,
        )
        if annual == 0:
            continue
        reporter, approver = _staff(unit, password)
        _report_months(project, plan, pace, actual_start, last, reporter, approver, coordinator, rng)
    lights.refresh_all(Project.objects.filter(year=year), today=today)
    # the months long reviewed were read when they came; the last two wait in the inboxes
    Notification.objects.filter(key__startswith="project-report:").exclude(
        Q(text__contains=f"”{last}月进展") | Q(text__contains=f"”{last - 1}月进展")
    ).update(read_at=timezone.now())


def _report_months(project, plan, pace, actual_start, last, reporter, approver, coordinator, rng):
    cumulative = Decimal(0)
    for month in range(1, last + 1):
        started = actual_start is not None and actual_start <= datetime.date(project.year, month, 28)
        done = Decimal(0)
        if pace is not None and (started or project.kind == K.PREPARING) and project.name != ZERO:
            done = (plan[month - 1] * Decimal(str(pace)) * Decimal(rng.uniform(0.8, 1.2))).quantize(
                Decimal(1)
            )
        cumulative += done
        stage = PROGRESS[min(len(PROGRESS) - 1, month // 2)] if started else "前期手续办理中"
        data = {
            "month_investment": done,
            "cumulative": cumulative,
            "progress": stage,
            "started_on": actual_start
            if project.kind == K.NEW and started and actual_start.month == month
            else None,
            "problems": "受冬季低温影响施工缓慢" if month in (1, 2, 12) and started else "",
        }
        report = actions.save_report(ProjectReport(project=project, month=month), data, actor=reporter)
        if month == last and project.name in UNSENT:
            continue  # this month not sent yet: a draft
        actions.submit_report(report, actor=reporter)
        if month == last:
            if project.name == RETURNED:
                actions.review_report(
                    report,
                    step="approve",
                    decision="return",
                    comment="本月完成投资与统计口径不一致，请核实",
                    actor=approver,
                )
            continue
        actions.review_report(report, step="approve", decision="pass", actor=approver)
        if month < last - 1:
            actions.review_report(report, step="accept", decision="pass", actor=coordinator)
        sent = datetime.datetime.combine(
            report.due_on - datetime.timedelta(days=rng.choice((0, 1, 3, 5, -2))), datetime.time(2)
        )
        ProjectReport.objects.filter(pk=report.pk).update(submitted_at=sent.replace(tzinfo=datetime.UTC))
