import datetime
from decimal import Decimal

from apps.orgs.models import Role
from apps.plans.models import Area, Plan, Target, Task, TaskUnit
from luoshi.test import BaseTestCase, make_unit, make_user

from ..models import PlanParent, TaskLink

CITY_TEXT = (
    "一、推进乡村全面振兴。新建高标准农田20万亩，提升耕地质量。二、深化国企改革。推动国有资本做强做优做大。"
)
COUNTY_TEXT = (
    "（一）抓好农业农村。全年新建高标准农田6万亩，完成耕地质量提升任务。（二）办好县第十届农民运动会。"
)


class CascadeTestCase(BaseTestCase):
    """The city plan (BaseTestCase.plan, its task 1.1 建成高标准农田20万亩 with a 20 万亩 target) carried down
    by a county plan of 陇西县 with two tasks: one that takes a share of the target, one of local work."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan.source_text = CITY_TEXT
        cls.plan.save(update_fields=["source_text"])
        start = CITY_TEXT.index("新建高标准农田")
        Task.objects.filter(pk=cls.task.pk).update(source_start=start, source_end=CITY_TEXT.index("二、"))
        cls.soe = Task.objects.create(
            plan=cls.plan,
            area=cls.area,
            code="1.2",
            title="推动国有资本做强做优做大",
            source_start=CITY_TEXT.index("推动国有"),
            source_end=len(CITY_TEXT),
        )
        cls.county_reporter = make_user("county_reporter", cls.county_fgj, Role.REPORTER)
        cls.town = make_unit("首阳镇", "department", cls.county)
        cls.county_plan = Plan.objects.create(
            title="陇西县2026年重点改革任务",
            year=2026,
            owner_unit=cls.county,
            status=Plan.Status.PUBLISHED,
            source_text=COUNTY_TEXT,
        )
        area = Area.objects.create(plan=cls.county_plan, title="抓好农业农村", order=1)
        cls.farmland = Task.objects.create(
            plan=cls.county_plan,
            area=area,
            code="1",
            title="全年新建高标准农田6万亩",
            due_date=datetime.date(2026, 12, 31),
            source_start=COUNTY_TEXT.index("全年"),
            source_end=COUNTY_TEXT.index("（二）"),
        )
        TaskUnit.objects.create(task=cls.farmland, unit=cls.county_fgj, role=TaskUnit.Role.LEAD)
        Target.objects.create(
            task=cls.farmland, metric="高标准农田", comparator=">=", value=Decimal("6"), unit="万亩"
        )
        cls.games = Task.objects.create(
            plan=cls.county_plan,
            area=area,
            code="2",
            title="办好县第十届农民运动会",
            source_start=COUNTY_TEXT.index("办好"),
            source_end=len(COUNTY_TEXT),
        )
        TaskUnit.objects.create(task=cls.games, unit=cls.town, role=TaskUnit.Role.LEAD)

    def carry(self):
        return PlanParent.objects.create(
            plan=self.county_plan, parent=self.plan, created_by=self.county_coordinator
        )

    def link(self, task=None, parent=None, **fields):
        fields.setdefault("state", TaskLink.State.ACCEPTED)
        return TaskLink.objects.create(task=task or self.farmland, parent=parent or self.task, **fields)
