"""The one base test case. Every permission test needs the same people:

- alice, reporter of 市发改委, the task's lead unit: sees and reports on the task;
- bob, reporter of 市住建局, the task's co-operating unit: sees and reports on it too;
- charlie, reporter of 市统计局, an outsider: must not see it at all;
plus one user for each oversight role, and a county leader whose jurisdiction is 陇西县 only.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.test import TestCase

from apps.orgs.models import Role, Unit, User
from apps.plans.models import Area, Milestone, Plan, Target, Task, TaskUnit

PASSWORD = "luoshi-test-pw"
_HASH = None


def make_unit(name, kind, parent=None) -> Unit:
    unit = Unit.objects.create(name=name, kind=kind, parent=parent)
    unit.path = unit.compute_path()
    unit.save(update_fields=["path"])
    return unit


def make_user(username, unit, *roles) -> User:
    global _HASH
    _HASH = _HASH or make_password(PASSWORD)
    return User.objects.create(
        username=username, unit=unit, roles=list(roles), full_name=username, password=_HASH
    )


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        K = Unit.Kind
        cls.city = make_unit("定西市", K.CITY)
        cls.gov = make_unit("市政府办", K.DEPARTMENT, cls.city)
        cls.reform_office = make_unit("市委改革办", K.DEPARTMENT, cls.city)
        cls.fgw = make_unit("市发改委", K.DEPARTMENT, cls.city)
        cls.zjj = make_unit("市住建局", K.DEPARTMENT, cls.city)
        cls.tjj = make_unit("市统计局", K.DEPARTMENT, cls.city)
        cls.county = make_unit("陇西县", K.COUNTY, cls.city)
        cls.county_fgj = make_unit("陇西县发改局", K.DEPARTMENT, cls.county)

        cls.alice = make_user("alice", cls.fgw, Role.REPORTER)
        cls.bob = make_user("bob", cls.zjj, Role.REPORTER)
        cls.charlie = make_user("charlie", cls.tjj, Role.REPORTER)
        cls.approver = make_user("approver", cls.fgw, Role.APPROVER)
        cls.coordinator = make_user("coordinator", cls.reform_office, Role.COORDINATOR)
        cls.leader = make_user("leader", cls.gov, Role.LEADER)
        cls.inspector = make_user("inspector", cls.reform_office, Role.INSPECTOR)
        cls.admin = make_user("admin", cls.gov, Role.ADMIN)
        cls.county_leader = make_user("county_leader", cls.county, Role.LEADER)
        cls.county_coordinator = make_user("county_coordinator", cls.county, Role.COORDINATOR)

        cls.plan = Plan.objects.create(
            title="2026年全面深化改革工作要点", year=2026, owner_unit=cls.city, status=Plan.Status.PUBLISHED
        )
        cls.area = Area.objects.create(plan=cls.plan, title="在优化营商环境上突破提升", order=1)
        cls.task = Task.objects.create(
            plan=cls.plan,
            area=cls.area,
            code="1.1",
            title="建成高标准农田20万亩",
            description="深化要素市场化改革，建成高标准农田20万亩",
            leader="张副市长",
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 12, 31),
            kind=Task.Kind.REFORM,
        )
        TaskUnit.objects.create(task=cls.task, unit=cls.fgw, role=TaskUnit.Role.LEAD)
        TaskUnit.objects.create(task=cls.task, unit=cls.zjj, role=TaskUnit.Role.CO)
        cls.target = Target.objects.create(
            task=cls.task,
            metric="高标准农田",
            comparator=">=",
            value=Decimal("20"),
            unit="万亩",
            horizon=2026,
        )
        cls.milestone = Milestone.objects.create(
            task=cls.task, due_date=datetime.date(2026, 6, 30), deliverable="完成年度任务过半"
        )

    def login(self, user):
        self.client.force_login(user)
