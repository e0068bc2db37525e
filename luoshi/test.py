"""The one base test case. Every permission test needs the same people:

- alice, reporter of 市发改委, the task's lead unit: sees and reports on the task;
- bob, reporter of 市住建局, the task's co-operating unit: sees and reports on it too;
- charlie, reporter of 市统计局, an outsider: must not see it at all;
plus one user for each oversight role, and a county leader whose jurisdiction is 陇西县 only.
"""

import datetime
import json
import re
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import Client, TestCase

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

    def call(self, method, url, user, data=None):
        """An API call as a machine client: a real bearer token of `user`, a JSON body."""
        from apps.orgs.models import ApiToken

        _, raw = ApiToken.issue(user, "测试")
        return self.client.generic(
            method,
            url,
            data=json.dumps(data) if data is not None else "",
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )

    def assertStatusFor(self, url, expected, method="get", data=None):
        """expected: {user or None (anonymous): status}; 302 means redirect to the login page."""
        for user, status in expected.items():
            with self.subTest(user=user.username if user else "anonymous"):
                self.client.logout()
                if user:
                    self.login(user)
                response = getattr(self.client, method)(url, data or {})
                if status == 302:
                    self.assertRedirects(response, f"/login/?next={url}", fetch_redirect_response=False)
                else:
                    self.assertEqual(response.status_code, status)


# ---- the role × endpoint permission matrix ----

LOGIN = "login"  # an expected outcome: redirected to the login page
# the matrix's columns, in order: each is an attribute of BaseTestCase (but "anonymous")
ROLES = (
    "anonymous",
    "alice",
    "bob",
    "charlie",
    "approver",
    "coordinator",
    "leader",
    "inspector",
    "admin",
    "county_leader",
    "county_coordinator",
)


class MatrixTestCase(BaseTestCase):
    """Runs tables of (method, url template, expected outcome per role in ROLES). Each request runs in a
    savepoint that is rolled back, so every cell sees the same data; API calls use each role's own token."""

    roles = ROLES  # a matrix with more people (an app's own roles) lists them after these

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from apps.orgs.models import ApiToken

        cls.raw_tokens = {role: ApiToken.issue(getattr(cls, role), "矩阵")[1] for role in cls.roles[1:]}

    def rolled_back(self, send):
        with transaction.atomic():
            response = send()
            transaction.set_rollback(True)
        return response

    def page(self, role, method, url, data=None):
        def send():
            client = Client()
            if role != "anonymous":
                client.force_login(getattr(self, role))
            if method == "GET":
                return client.get(url)
            return client.post(url, data.fields() if isinstance(data, Multipart) else data or {})

        return self.rolled_back(send)

    def api(self, role, method, url, data=None):
        """JSON, or multipart/form-data when `data` is a Multipart (fresh files for each request)."""

        def send():
            headers = {} if role == "anonymous" else {"Authorization": f"Bearer {self.raw_tokens[role]}"}
            if isinstance(data, Multipart):
                return Client().post(url, data.fields(), headers=headers)
            return Client().generic(
                method,
                url,
                data="" if data is None else json.dumps(data),
                content_type="application/json",
                headers=headers,
            )

        return self.rolled_back(send)

    def check(self, response, expected):
        if expected == LOGIN:
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith("/login/"), response["Location"])
        else:
            self.assertEqual(response.status_code, expected, getattr(response, "content", b"")[:300])

    def run_table(self, table, send, bodies):
        for method, template, *expected in table:
            self.assertEqual(len(expected), len(self.roles), template)
            url = template.format(**self.ids)
            for role, outcome in zip(self.roles, expected, strict=True):
                with self.subTest(method=method, url=template, role=role):
                    self.check(send(role, method, url, bodies(method, template)), outcome)


class Multipart:
    """A form body with files made anew for each request (an upload is read once)."""

    def __init__(self, **fields):
        self._fields = fields

    def fields(self):
        return {k: v() if callable(v) else v for k, v in self._fields.items()}

    def __repr__(self):
        return json.dumps({k: "<file>" if callable(v) else v for k, v in self._fields.items()})


def normalise_route(template: str) -> str:
    """ "/reports/{report}/save/", "/reports/<int:pk>/save/" and "/reports/{report_id}" all become
    "/reports/{}/..."."""
    return re.sub(r"\{\w+\}|<[\w:]+>", "{}", template.split("?")[0])


def all_routes(patterns=None, prefix=""):
    """Every route of the urlconf, includes flattened, with its view's module."""
    from django.urls import URLResolver, get_resolver

    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, route)
        else:
            yield route, pattern.callback.__module__
