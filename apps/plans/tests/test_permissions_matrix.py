"""Who gets what: every page and every API endpoint against every role, as one table each.

Reading a row: the status each role gets. `LOGIN` means a redirect to the login page; 404 means the
role does not even see the object (ids can't be probed); 403 means it sees the object but may not do
this; 200/201/302 mean it is allowed (302: the form was saved and we were sent on).

The people (see luoshi/test.py): alice reports for 市发改委 (the task's lead unit), bob for 市住建局
(co-operating unit), charlie for 市统计局 (an outsider); approver is unit staff of 市发改委; coordinator,
leader, inspector and admin oversee the city; the two county users oversee 陇西县 only, so the city
plan is not theirs.

Every request runs inside a savepoint that is rolled back, so each cell sees the same data.
"""

import re
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

import luoshi.test as luoshi_test
from apps.assessment.tests.test_permissions import PAGES as ASSESSMENT_PAGES
from apps.briefings.tests.test_permissions import PAGES as BRIEFING_PAGES
from apps.cascade.tests.test_permissions import PAGES as CASCADE_PAGES
from apps.cases.tests.test_permissions import PAGES as CASE_PAGES
from apps.cycles.tests.test_permissions_matrix import PAGES as CYCLES_PAGES
from apps.dashboard.tests.test_permissions import PAGES as DASHBOARD_PAGES
from apps.documents.actions import create_draft
from apps.indicators.tests.test_permissions import PAGES as INDICATOR_PAGES
from apps.orgs.models import ApiToken
from apps.plans.models import ExportJob
from apps.projects.tests.test_permissions import PAGES as PROJECT_PAGES
from apps.supervision.tests.test_permissions_inspections import PAGES as INSPECTION_PAGES
from apps.supervision.tests.test_permissions_instructions import PAGES as INSTRUCTION_PAGES
from apps.supervision.tests.test_permissions_rectification import PAGES as RECTIFICATION_PAGES
from apps.supervision.tests.test_permissions_rectification_excel import PAGES as RECTIFICATION_EXCEL_PAGES
from luoshi.test import LOGIN, PASSWORD, BaseTestCase, all_routes, normalise_route

# fmt: off
PAGES = [
    # method  url                                    anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/",                                    302,   302,  302, 302,    302,     302,  302,   302, 302,  302,   302),
    ("GET",  "/login/",                              200,   302,  302, 302,    302,     302,  302,   302, 302,  302,   302),
    ("POST", "/logout/",                             LOGIN, 302,  302, 302,    302,     302,  302,   302, 302,  302,   302),
    # plans
    ("GET",  "/plans/",                              LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/plans/?archived=1",                   LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/plans/new/",                          LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("POST", "/plans/new/",                          LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   400),
    ("GET",  "/plans/{plan}/",                       LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/plans/{plan}/units/?unit_q=发改",      LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/plans/{plan}/edit/",                  LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/edit/",                  LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/archive/",               LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/restore/",               LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # areas
    ("GET",  "/plans/{plan}/areas/new/",             LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/areas/new/",             LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/areas/{area}/edit/",                  LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/areas/{area}/edit/",                  LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/areas/{area}/archive/",               LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # tasks
    ("GET",  "/plans/{plan}/tasks/new/",             LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/tasks/new/",             LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/tasks/{task}/",                       LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/tasks/{task}/edit/",                  LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/edit/",                  LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/archive/",               LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/restore/",               LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # targets (量化指标)
    ("GET",  "/tasks/{task}/targets/new/",           LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/targets/new/",           LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/targets/{target}/edit/",              LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/targets/{target}/edit/",              LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/targets/{target}/archive/",           LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # milestones (节点): unit staff of the lead and co-operating units record completion
    ("GET",  "/tasks/{task}/milestones/new/",        LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/milestones/new/",        LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/milestones/{milestone}/edit/",        LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/milestones/{milestone}/edit/",        LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/milestones/{milestone}/done/",        LOGIN, 200,  200, 404,    200,     200,  403,   403, 403,  404,   404),
    ("POST", "/milestones/{milestone}/done/",        LOGIN, 302,  302, 404,    302,     302,  403,   403, 403,  404,   404),
    ("POST", "/milestones/{milestone}/archive/",     LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    # units and users: 系统管理员 only
    ("GET",  "/units/",                              LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("GET",  "/units/new/",                          LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/units/new/",                          LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("GET",  "/units/{unit}/edit/",                  LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/units/{unit}/edit/",                  LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/units/{unit}/archive/",               LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/units/{unit}/restore/",               LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("GET",  "/users/",                              LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("GET",  "/users/new/",                          LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/users/new/",                          LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("GET",  "/users/{user}/edit/",                  LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/users/{user}/edit/",                  LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/users/{token_user}/tokens/{token}/revoke/", LOGIN, 403, 403, 403, 403,   403,  403,   403, 302,  403,   403),
    ("GET",  "/audit/",                              LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    # everyone's own API tokens; alice's token is nobody else's business
    ("GET",  "/account/tokens/",                     LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/account/tokens/",                     LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/account/tokens/{token}/revoke/",      LOGIN, 302,  404, 404,    404,     404,  404,   404, 404,  404,   404),
    # everyone changes their own password
    ("GET",  "/account/password/",                   LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/account/password/",                   LOGIN, 302,  302, 302,    302,     302,  302,   302, 302,  302,   302),
    # document → ledger: only 牵头机关 parse documents; a draft is seen only by a coordinator whose
    # jurisdiction covers its issuing unit (the city draft is not the county coordinator's)
    ("GET",  "/documents/new/",                      LOGIN, 403,  403, 403,    403,     200,  403,   403, 403,  403,   200),
    ("POST", "/documents/new/",                      LOGIN, 403,  403, 403,    403,     302,  403,   403, 403,  403,   400),
    ("GET",  "/drafts/{draft}/",                     LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("GET",  "/drafts/{draft}/tasks/{draft_task}/units/", LOGIN, 404, 404, 404, 404,    200,  404,   404, 404,  404,   404),
    ("POST", "/drafts/{draft}/tasks/{draft_task}/{action}/", LOGIN, 404, 404, 404, 404, 302,  404,   404, 404,  404,   404),
    ("POST", "/drafts/{draft}/tasks/new/",           LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/drafts/{draft}/tasks/{draft_task}/targets/{draft_target}/{action}/", LOGIN, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    ("POST", "/drafts/{draft}/assign/",              LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("GET",  "/drafts/{draft}/units/?field=lead&picker=bulk-lead&q=发改", LOGIN, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    ("POST", "/drafts/{draft}/publish/",             LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
    ("POST", "/drafts/{draft}/discard/",             LOGIN, 404,  404, 404,    404,     302,  404,   404, 404,  404,   404),
]

EXCEL = [
    # method  url                                    anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/plans/{plan}/export.xlsx",            LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/plans/{plan}/import/",                LOGIN, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/import/",                LOGIN, 403,  403, 404,    403,     400,  403,   403, 403,  404,   404),
    # a large export's page and file: the coordinator asked for it, so no one else even sees it
    ("GET",  "/exports/{export}/",                   LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
    ("GET",  "/exports/{export}/download/",          LOGIN, 404,  404, 404,    404,     200,  404,   404, 404,  404,   404),
]

API = [
    # method   url                       anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",   "/api/units",              401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/units/{fgw}",        401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/units",              401, 403,  403, 403,    403,     403,  403,   403, 201,  403,   403),
    ("PATCH", "/api/units/{unit}",       401, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("GET",   "/api/plans",              401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/plans/{plan}",       401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    # a plan is created for a unit the user sees; only a coordinator of that jurisdiction may
    ("POST",  "/api/plans",              401, 404,  404, 404,    404,     201,  403,   403, 403,  404,   404),
    ("PATCH", "/api/plans/{plan}",       401, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("GET",   "/api/tasks",              401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/tasks/{task}",       401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/tasks",              401, 403,  403, 404,    403,     201,  403,   403, 403,  404,   404),
    ("PATCH", "/api/tasks/{task}",       401, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
    ("GET",   "/api/targets",            401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/targets/{target}",   401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/targets",            401, 403,  403, 404,    403,     201,  403,   403, 403,  404,   404),
    ("PATCH", "/api/targets/{target}",   401, 403,  403, 404,    403,     200,  403,   403, 403,  404,   404),
]
# fmt: on

# State-changing pages accept POST only: a GET (even a signed-in one) is 405, never a change.
POST_ONLY = [
    "/logout/",
    "/plans/{plan}/archive/",
    "/plans/{plan}/restore/",
    "/areas/{area}/archive/",
    "/tasks/{task}/archive/",
    "/tasks/{task}/restore/",
    "/targets/{target}/archive/",
    "/milestones/{milestone}/archive/",
    "/units/{unit}/archive/",
    "/units/{unit}/restore/",
    "/account/tokens/{token}/revoke/",
    "/users/{token_user}/tokens/{token}/revoke/",
    "/drafts/{draft}/tasks/{draft_task}/{action}/",
    "/drafts/{draft}/tasks/new/",
    "/drafts/{draft}/tasks/{draft_task}/targets/{draft_target}/{action}/",
    "/drafts/{draft}/assign/",
    "/drafts/{draft}/publish/",
    "/drafts/{draft}/discard/",
]


DRAFT_TEXT = "2026年重点工作安排\n一、稳增长\n要加快项目建设，新建高标准农田50万亩以上。\n"


def form_data(t) -> dict:
    """A valid body for every form page, keyed by the url template."""
    task_form = {
        "area": t.area.pk,
        "code": "1.1",
        "title": "建成高标准农田20万亩",
        "leader": "张副市长",
        "start_date": "2026-01-01",
        "due_date": "2026-12-31",
        "kind": "reform",
        "priority": 2,
        "lead_units": [t.fgw.pk],
        "co_units": [t.zjj.pk],
    }
    target_form = {"metric": "高标准农田", "comparator": ">=", "value": "25", "unit": "万亩", "horizon": 2026}
    plan_form = {"title": "2026年重点工作", "year": 2026, "owner_unit": t.city.pk, "status": "published"}
    return {
        "/logout/": {},
        "/plans/new/": plan_form,
        "/plans/{plan}/edit/": plan_form,
        "/plans/{plan}/areas/new/": {"title": "在保障改善民生上用力", "order": 2},
        "/areas/{area}/edit/": {"title": "在优化营商环境上突破", "order": 1},
        "/plans/{plan}/tasks/new/": {**task_form, "code": "1.2", "title": "新建保障性住房"},
        "/tasks/{task}/edit/": {**task_form, "leader": "李副市长"},
        "/tasks/{task}/targets/new/": {**target_form, "metric": "新增就业"},
        "/targets/{target}/edit/": target_form,
        "/tasks/{task}/milestones/new/": {"due_date": "2026-09-30", "deliverable": "完成三季度任务"},
        "/milestones/{milestone}/edit/": {"due_date": "2026-06-30", "deliverable": "完成年度任务过半"},
        "/milestones/{milestone}/done/": {"done_on": "2026-06-20"},
        "/units/new/": {"name": "市审计局", "kind": "department", "parent": t.city.pk, "order": 9},
        "/units/{unit}/edit/": {"name": "市统计局", "kind": "department", "parent": t.city.pk, "order": 3},
        "/users/new/": {
            "username": "dave",
            "full_name": "戴维",
            "unit": t.tjj.pk,
            "roles": ["reporter"],
            "password": "Luoshi-2026-strong",
            "is_active": "on",
        },
        "/users/{user}/edit/": {
            "username": "charlie",
            "full_name": "查理",
            "unit": t.tjj.pk,
            "roles": ["reporter"],
            "is_active": "on",
        },
        "/account/tokens/": {"name": "与政务服务平台对接"},
        "/account/password/": {
            "old_password": PASSWORD,
            "new_password1": "Weihe-bridge-2026",
            "new_password2": "Weihe-bridge-2026",
        },
        "/documents/new/": {
            "text": DRAFT_TEXT,
            "title": "2026年重点工作",
            "year": 2026,
            "owner_unit": t.city.pk,
        },
        "/drafts/{draft}/publish/": {"default_lead_unit": t.fgw.pk},
        "/drafts/{draft}/tasks/new/": {"area": "a1", "title": "新建保障性住房"},
        "/drafts/{draft}/assign/": {"keys": [t.ids["draft_task"]], "lead": t.fgw.pk},
    }


def api_data(t) -> dict:
    return {
        ("POST", "/api/units"): {"name": "市审计局", "kind": "department", "parent_id": t.city.pk},
        ("PATCH", "/api/units/{unit}"): {"order": 5},
        ("POST", "/api/plans"): {"title": "2026年民生实事", "year": 2026, "owner_unit_id": t.city.pk},
        ("PATCH", "/api/plans/{plan}"): {"source_title": "市委全会报告"},
        ("POST", "/api/tasks"): {
            "plan_id": t.plan.pk,
            "title": "新建保障性住房",
            "lead_unit_ids": [t.fgw.pk],
        },
        ("PATCH", "/api/tasks/{task}"): {"leader": "李副市长"},
        ("POST", "/api/targets"): {
            "task_id": t.task.pk,
            "metric": "新增就业",
            "value": "1.2",
            "unit": "万人",
        },
        ("PATCH", "/api/targets/{target}"): {"value": "25"},
    }


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class MatrixTestCase(luoshi_test.MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alice_token, _ = ApiToken.issue(cls.alice, "alice 的令牌")
        cls.draft = create_draft(
            text=DRAFT_TEXT,
            filename="重点工作.txt",
            raw=None,
            title="2026年重点工作",
            year=2026,
            owner_unit=cls.city,
            actor=cls.coordinator,
        )
        cls.export = ExportJob.objects.create(
            user=cls.coordinator, plan=cls.plan, filename="台账.xlsx", total=1, status=ExportJob.Status.DONE
        )
        cls.export.file.save("matrix.xlsx", ContentFile(b"PK"))
        cls.ids = {
            "plan": cls.plan.pk,
            "area": cls.area.pk,
            "task": cls.task.pk,
            "target": cls.target.pk,
            "milestone": cls.milestone.pk,
            "unit": cls.tjj.pk,
            "fgw": cls.fgw.pk,
            "user": cls.charlie.pk,
            "token": cls.alice_token.pk,
            "token_user": cls.alice.pk,
            "draft": cls.draft.pk,
            "draft_task": cls.draft.data["areas"][0]["tasks"][0]["key"],
            "draft_target": cls.draft.data["areas"][0]["tasks"][0]["targets"][0]["key"],
            "action": "drop",  # the row for every reviewer edit of a task or target (save, drop, restore, …)
            "export": cls.export.pk,
        }


class PageMatrixTestCase(MatrixTestCase):
    def test_it_answers_every_page_for_every_role_as_specified(self):
        bodies = form_data(self)
        self.run_table(PAGES, self.page, lambda method, template: bodies.get(template))

    def test_it_guards_the_excel_routes(self):
        # the import form posted without a file: allowed, and sent back with the error (400)
        self.run_table(EXCEL, self.page, lambda method, template: {"submit": "1"})

    def test_it_refuses_get_on_state_changing_urls(self):
        for template in POST_ONLY:
            url = template.format(**self.ids)
            for role in ("anonymous", "coordinator", "admin"):
                with self.subTest(url=template, role=role):
                    self.assertEqual(self.page(role, "GET", url).status_code, 405)

    def test_it_covers_every_url_in_the_urlconf(self):
        # the reporting-cycle, 督办/销号, calendar and channel pages have their rows in the cycles matrix
        covered = {
            normalise_route(t)
            for _, t, *_ in PAGES
            + EXCEL
            + CYCLES_PAGES
            + INSPECTION_PAGES
            + RECTIFICATION_PAGES
            + RECTIFICATION_EXCEL_PAGES
            + INSTRUCTION_PAGES
            + CASE_PAGES
            + ASSESSMENT_PAGES
            + DASHBOARD_PAGES
            + BRIEFING_PAGES
            + CASCADE_PAGES
            + INDICATOR_PAGES
            + PROJECT_PAGES
        }
        for route, _ in all_routes():
            if route.startswith("api/"):
                continue
            with self.subTest(route=route):
                self.assertIn(
                    normalise_route("/" + route), covered, f"/{route} has no row in the permission matrix"
                )


class ApiMatrixTestCase(MatrixTestCase):
    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        bodies = api_data(self)
        self.run_table(API, self.api, lambda method, template: bodies.get((method, template)))

    def test_it_accepts_the_session_as_well_as_a_token(self):
        self.login(self.alice)
        response = self.client.get(f"/api/tasks/{self.task.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "建成高标准农田20万亩")

    def test_it_refuses_a_revoked_token(self):
        token, raw = ApiToken.issue(self.coordinator, "已作废")
        auth = {"Authorization": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/plans", headers=auth).status_code, 200)

        self.login(self.coordinator)
        self.client.post(f"/account/tokens/{token.pk}/revoke/")
        self.client.logout()
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)

        self.assertEqual(self.client.get("/api/plans", headers=auth).status_code, 401)

    def test_it_refuses_a_made_up_token(self):
        auth = {"Authorization": "Bearer ls_not-a-real-token"}
        self.assertEqual(self.client.get("/api/tasks", headers=auth).status_code, 401)

    def test_it_refuses_the_token_of_a_deactivated_user(self):
        _, raw = ApiToken.issue(self.bob, "停用")
        self.bob.is_active = False
        self.bob.save(update_fields=["is_active"])
        auth = {"Authorization": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/tasks", headers=auth).status_code, 401)


class GuessingAnIdTestCase(BaseTestCase):
    """An outsider who guesses ids learns nothing: every object of the task is simply not found."""

    def test_it_answers_404_on_every_page_of_the_task(self):
        self.login(self.charlie)
        urls = [
            f"/plans/{self.plan.pk}/",
            f"/plans/{self.plan.pk}/export.xlsx",
            f"/tasks/{self.task.pk}/",
            f"/tasks/{self.task.pk}/edit/",
            f"/targets/{self.target.pk}/edit/",
            f"/milestones/{self.milestone.pk}/edit/",
            f"/milestones/{self.milestone.pk}/done/",
            f"/areas/{self.area.pk}/edit/",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, "建成高标准农田", status_code=404)

    def test_it_answers_404_through_the_api(self):
        self.login(self.charlie)
        for url in (
            f"/api/plans/{self.plan.pk}",
            f"/api/tasks/{self.task.pk}",
            f"/api/targets/{self.target.pk}",
            f"/api/targets?task={self.task.pk}",
            f"/api/tasks?plan={self.plan.pk}",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                if "?" in url and "task=" in url:
                    self.assertEqual(response.json(), {"items": [], "count": 0})
                else:
                    self.assertEqual(response.status_code, 404)

    def test_it_gives_unit_staff_an_empty_list_for_other_units_tasks(self):
        _, raw = ApiToken.issue(self.charlie, "猜测")
        auth = {"Authorization": f"Bearer {raw}"}
        for url in ("/api/tasks", f"/api/tasks?unit={self.fgw.pk}", f"/api/targets?task={self.task.pk}"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers=auth).json(), {"items": [], "count": 0})

    def test_it_answers_the_same_for_an_existing_and_a_missing_id(self):
        self.login(self.charlie)
        hidden = self.client.get(f"/tasks/{self.task.pk}/")
        missing = self.client.get("/tasks/999999/")
        self.assertEqual(hidden.status_code, missing.status_code)

        def page(response):  # the CSRF token is masked differently on every response
            return re.sub(r"[\w-]{64}", "<csrf>", response.content.decode())

        self.assertEqual(page(hidden), page(missing))
