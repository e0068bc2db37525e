"""Who gets what on the reporting-cycle pages and API: every route against every role, as one table each.

Reading a row: the status each role gets. `LOGIN` means a redirect to the login page; 404 means the
role does not even see the object (ids can't be probed); 403 means it sees the object but may not do
this; 200/201/302 mean it is allowed (302: the action was taken and we were sent on; the sheet upload
without a file answers 400 with the form and its error, which still means "allowed").

The reports: {report} is 市发改委's (alice and approver) draft of November, {co_report} 市住建局's (bob);
{submitted} is 市发改委's October report awaiting its unit approver, {approved} its September report
awaiting the coordinator. A unit never reads another unit's report, not even the co-operating unit's.

督办 and 销号: {notice} is an open notice to 市发改委 on {task}; {closeout} is 市发改委's pending close-out
of a second task (both tasks: 市发改委 leads, 市住建局 co-operates). Only the coordinator issues and closes
notices and decides close-outs; only the notified unit's staff reply; only the lead unit's staff apply.
The calendar and the notification channels are 系统管理员's alone: everyone else gets 403.

Every request runs inside a savepoint that is rolled back, so each cell sees the same data.
"""

import datetime
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

import luoshi.test as luoshi_test
from apps.cycles import actions
from apps.cycles.api import router
from apps.cycles.models import Cycle, Holiday, Report
from apps.evidence.models import Evidence
from apps.notify.models import Channel, Delivery, Notification
from apps.plans.models import Task, TaskUnit
from apps.supervision.api import router as supervision_router
from apps.supervision.models import CloseOut, Notice
from luoshi.test import LOGIN, all_routes, normalise_route

MEDIA = tempfile.mkdtemp(prefix="luoshi-test-media-")


# fmt: off
PAGES = [
    # method  url                                      anon   alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",  "/todo/",                                 LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("POST", "/notifications/{notification}/read/",    LOGIN, 302,  404, 404,    404,     404,  404,   404, 404,  404,   404),
    ("GET",  "/plans/{plan}/cycles/",                  LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/plans/{plan}/cycles/",                  LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/plans/{plan}/cycles/start/",            LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/cycles/{cycle}/",                       LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/cycles/{cycle}/urge/{fgw}/",            LOGIN, 403,  403, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/cycles/{cycle}/sheet.xlsx",             LOGIN, 200,  200, 404,    200,     403,  403,   403, 403,  404,   404),
    ("GET",  "/cycles/{cycle}/sheet/",                 LOGIN, 200,  200, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/cycles/{cycle}/sheet/",                 LOGIN, 400,  400, 404,    400,     403,  403,   403, 403,  404,   404),
    ("GET",  "/reports/{report}/",                     LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/reports/{co_report}/",                  LOGIN, 404,  200, 404,    404,     200,  200,   200, 200,  404,   404),
    ("POST", "/reports/{report}/save/",                LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/reports/{report}/submit/",              LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/reports/{report}/evidence/",            LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/reports/{submitted}/approve/",          LOGIN, 403,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/reports/{submitted}/return/",           LOGIN, 403,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/reports/{approved}/accept/",            LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/reports/{approved}/return/",            LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/evidence/{evidence}/",                  LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    # 督办单
    ("GET",  "/tasks/{task}/supervision/",             LOGIN, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/tasks/{task}/notices/new/",             LOGIN, 403,  403, 404,    403,     200,  403,   200, 403,  404,   404),
    ("POST", "/tasks/{task}/notices/new/",             LOGIN, 403,  403, 404,    403,     302,  403,   302, 403,  404,   404),
    ("GET",  "/notices/",                              LOGIN, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",  "/notices/{notice}/",                     LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",  "/notices/{notice}/print.docx",           LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/notices/{notice}/reply/",               LOGIN, 302,  404, 404,    302,     403,  403,   403, 403,  404,   404),
    ("POST", "/notices/{notice}/close/",               LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    # 销号
    ("GET",  "/tasks/{task}/closeout/new/",            LOGIN, 200,  403, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/closeout/new/",            LOGIN, 302,  403, 404,    302,     403,  403,   403, 403,  404,   404),
    ("GET",  "/closeouts/{closeout}/",                 LOGIN, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST", "/closeouts/{closeout}/decide/",          LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("POST", "/closeouts/{closeout}/verify/",          LOGIN, 403,  404, 404,    403,     302,  403,   302, 403,  404,   404),
    ("POST", "/closeouts/{closeout}/objection/",       LOGIN, 403,  404, 404,    403,     302,  403,   403, 403,  404,   404),
    ("GET",  "/tasks/{task}/extension/",               LOGIN, 200,  403, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST", "/tasks/{task}/extension/",               LOGIN, 302,  403, 404,    302,     403,  403,   403, 403,  404,   404),
    ("GET",  "/notices/{notice}/extension/",           LOGIN, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("GET",  "/reports/{report}/instructions/new/",    LOGIN, 403,  404, 404,    403,     403,  200,   403, 403,  404,   404),
    ("GET",  "/notices/{notice}/instructions/new/",    LOGIN, 403,  404, 404,    403,     403,  200,   403, 403,  404,   404),
    # 放假调休 and notification channels: 系统管理员 only
    ("GET",  "/calendar/",                             LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/calendar/",                             LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/calendar/{holiday}/delete/",            LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("GET",  "/channels/",                             LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/channels/",                             LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("GET",  "/channels/{channel}/edit/",              LOGIN, 403,  403, 403,    403,     403,  403,   403, 200,  403,   403),
    ("POST", "/channels/{channel}/edit/",              LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/channels/{channel}/disable/",           LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
    ("POST", "/deliveries/{delivery}/retry/",          LOGIN, 403,  403, 403,    403,     403,  403,   403, 302,  403,   403),
]

API = [
    # method   url                                anon alice bob  charlie approver coord leader insp admin c_lead c_coord
    ("GET",   "/api/cycles",                      401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/cycles/{cycle}",              401, 200,  200, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/reports",                     401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/reports/{report}",            401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("GET",   "/api/reports/{co_report}",         401, 404,  200, 404,    404,     200,  200,   200, 200,  404,   404),
    ("PATCH", "/api/reports/{report}",            401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/reports/{report}/submit",     401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/reports/{submitted}/approve", 401, 403,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/reports/{submitted}/return",  401, 403,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/reports/{approved}/accept",   401, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("POST",  "/api/reports/{approved}/return",   401, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
    ("GET",   "/api/notices",                     401, 200,  200, 200,    200,     200,  200,   200, 200,  200,   200),
    ("GET",   "/api/notices/{notice}",            401, 200,  404, 404,    200,     200,  200,   200, 200,  404,   404),
    ("POST",  "/api/notices",                     401, 403,  403, 404,    403,     201,  403,   201, 403,  404,   404),
    ("POST",  "/api/notices/{notice}/reply",      401, 200,  404, 404,    200,     403,  403,   403, 403,  404,   404),
    ("POST",  "/api/notices/{notice}/close",      401, 403,  404, 404,    403,     200,  403,   403, 403,  404,   404),
]
# fmt: on

# The pages of the reporting cycle and of the apps split out of it (督办/销号, channels, evidence, the
# composed 我的待办 and task page have rows here or in the plans matrix).
CYCLE_VIEWS = (
    "apps.cycles.views.progress",
    "apps.cycles.views.reports",
    "apps.cycles.views.calendar",
    "apps.cycles.views.sheets",
    "apps.supervision.views.notices",
    "apps.notify.views",
    "apps.evidence.views",
)
PDF = b"%PDF-1.7\n%%EOF\n"


def tearDownModule():
    shutil.rmtree(MEDIA, ignore_errors=True)


def make_cycle(plan, month, status):
    start = datetime.date(2026, month, 1)
    return Cycle.objects.create(
        plan=plan,
        kind="month",
        label=f"2026年{month}月",
        period_start=start,
        period_end=(start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1),
        opens_on=start.replace(day=15),
        due_on=start.replace(day=25),
        status=status,
    )


def page_data(t, template):
    report = {
        "narrative": "已建成高标准农田18万亩",
        "percent": 90,
        "problems": "",
        "next_steps": "",
        "version": t.report.version,
    }
    schedules = {
        f"{kind}-{f}": v
        for kind in ("month", "quarter", "year")
        for f, v in (("due_day", 25), ("open_days", 10))
    }
    return {
        "/plans/{plan}/cycles/": {**schedules, "month-enabled": "on"},
        "/plans/{plan}/cycles/start/": {"kind": "month"},
        "/reports/{report}/save/": report,
        "/reports/{report}/submit/": report,
        "/reports/{report}/evidence/": {"file": SimpleUploadedFile("验收报告.pdf", PDF)},
        "/reports/{submitted}/return/": {"comment": "请补充"},
        "/reports/{approved}/return/": {"comment": "请补充"},
        "/tasks/{task}/notices/new/": {
            "unit": t.fgw.pk,
            "level": Notice.Level.SUPERVISE,
            "reason": "进度滞后",
            "reply_by": str(timezone.localdate() + datetime.timedelta(days=7)),
        },
        "/notices/{notice}/reply/": {"reply": "已加快进度"},
        "/tasks/{task}/closeout/new/": {
            "note": "已建成高标准农田21万亩",
            "shortfall_reason": "实际值待下期报告采纳",
            "files": [SimpleUploadedFile("验收报告.pdf", PDF)],
        },
        "/closeouts/{closeout}/decide/": {"decision": "approve", "comment": ""},
        "/closeouts/{closeout}/verify/": {"method": "documents", "note": "资料齐全", "decision": "pass"},
        "/closeouts/{closeout}/objection/": {"text": "群众反映未完工", "decision": "dismissed"},
        "/tasks/{task}/extension/": {"new_date": "2099-12-31", "reason": "征地未完成"},
        "/calendar/": {"day": "2027-10-02", "name": "国庆"},
        "/channels/": {"unit": t.zjj.pk, "kind": "email", "address": "zjj@dingxi.gov.cn", "enabled": "on"},
        "/channels/{channel}/edit/": {
            "unit": t.fgw.pk,
            "kind": "wecom",
            "address": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=NEWKEY",
            "enabled": "on",
        },
    }.get(template)


def api_data(t, method, template):
    return {
        ("PATCH", "/api/reports/{report}"): {"version": t.report.version, "percent": 95},
        ("POST", "/api/reports/{report}/submit"): {"version": t.report.version},
        ("POST", "/api/reports/{submitted}/return"): {"comment": "请补充"},
        ("POST", "/api/reports/{approved}/return"): {"comment": "请补充"},
        ("POST", "/api/notices"): {
            "task_id": t.task.pk,
            "unit_id": t.fgw.pk,
            "level": 2,
            "reason": "进度滞后",
            "reply_by": str(timezone.localdate() + datetime.timedelta(days=7)),
        },
        ("POST", "/api/notices/{notice}/reply"): {"reply": "已加快进度"},
    }.get((method, template))


@override_settings(MEDIA_ROOT=MEDIA)
class MatrixTestCase(luoshi_test.MatrixTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        november = make_cycle(cls.plan, 11, Cycle.Status.SCHEDULED)
        actions.open_cycle(november)
        cls.report = Report.objects.get(cycle=november, unit=cls.fgw)
        Report.objects.filter(pk=cls.report.pk).update(
            status=Report.Status.DRAFT, narrative="已建成", percent=80
        )
        cls.report.refresh_from_db()
        cls.co_report = Report.objects.get(cycle=november, unit=cls.zjj)
        common = {"task": cls.task, "unit": cls.fgw, "narrative": "已建成", "percent": 60}
        cls.submitted = Report.objects.create(
            cycle=make_cycle(cls.plan, 10, Cycle.Status.CLOSED), status=Report.Status.SUBMITTED, **common
        )
        cls.approved = Report.objects.create(
            cycle=make_cycle(cls.plan, 9, Cycle.Status.CLOSED), status=Report.Status.APPROVED, **common
        )
        cls.evidence = Evidence(
            owner=cls.report, name="验收报告.pdf", kind="pdf", size=15, uploaded_by=cls.alice
        )
        cls.evidence.file.save("验收报告.pdf", ContentFile(PDF), save=False)
        cls.evidence.save()
        cls.notice = Notice.objects.create(
            task=cls.task,
            unit=cls.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=cls.coordinator,
        )
        cls.notification = Notification.objects.create(user=cls.alice, key="k", text="请报送", link="/todo/")
        cls.done_task = Task.objects.create(
            plan=cls.plan, area=cls.area, code="1.2", title="新建保障性住房", kind=Task.Kind.REFORM
        )
        TaskUnit.objects.create(task=cls.done_task, unit=cls.fgw, role=TaskUnit.Role.LEAD)
        TaskUnit.objects.create(task=cls.done_task, unit=cls.zjj, role=TaskUnit.Role.CO)
        cls.closeout = CloseOut.objects.create(
            task=cls.done_task, unit=cls.fgw, note="已建成保障性住房3000套", applied_by=cls.alice
        )
        cls.holiday = Holiday.objects.create(day=datetime.date(2027, 10, 1), is_workday=False, name="国庆")
        cls.channel = Channel.objects.create(
            unit=cls.fgw,
            kind=Channel.Kind.DINGTALK,
            address="https://oapi.dingtalk.com/robot/send?access_token=x",
        )
        cls.delivery = Delivery.objects.create(
            channel=cls.channel, key="k", subject="请报送", text="请报送", status=Delivery.Status.FAILED
        )
        cls.ids = {
            "plan": cls.plan.pk,
            "cycle": november.pk,
            "fgw": cls.fgw.pk,
            "report": cls.report.pk,
            "co_report": cls.co_report.pk,
            "submitted": cls.submitted.pk,
            "approved": cls.approved.pk,
            "evidence": cls.evidence.pk,
            "notice": cls.notice.pk,
            "notification": cls.notification.pk,
            "task": cls.task.pk,
            "closeout": cls.closeout.pk,
            "holiday": cls.holiday.pk,
            "channel": cls.channel.pk,
            "delivery": cls.delivery.pk,
        }


class PageMatrixTestCase(MatrixTestCase):
    def test_it_answers_every_page_for_every_role_as_specified(self):
        self.run_table(PAGES, self.page, lambda method, template: page_data(self, template))

    def test_it_refuses_get_on_state_changing_urls(self):
        forms = {template for method, template, *_ in PAGES if method == "GET"}  # GET shows the form
        for method, template, *_ in PAGES:
            if method != "POST" or template in forms:
                continue
            for role in ("anonymous", "alice", "coordinator"):
                with self.subTest(url=template, role=role):
                    self.assertEqual(self.page(role, "GET", template.format(**self.ids)).status_code, 405)

    def test_it_covers_every_cycles_page(self):
        covered = {normalise_route(t) for _, t, *_ in PAGES}
        routes = [route for route, module in all_routes() if module in CYCLE_VIEWS]
        self.assertGreater(len(routes), 10)
        for route in routes:
            with self.subTest(route=route):
                self.assertIn(
                    normalise_route("/" + route), covered, f"/{route} has no row in the permission matrix"
                )


class ApiMatrixTestCase(MatrixTestCase):
    def test_it_answers_every_endpoint_for_every_role_as_specified(self):
        self.run_table(API, self.api, lambda method, template: api_data(self, method, template))

    def test_it_covers_every_cycles_endpoint(self):
        covered = {(m, normalise_route(t)) for m, t, *_ in API}
        paths = [*router.path_operations.items(), *supervision_router.path_operations.items()]
        for path, view in paths:
            for operation in view.operations:
                for method in operation.methods:
                    with self.subTest(method=method, path=path):
                        self.assertIn((method, normalise_route("/api" + path)), covered)


class GuessingAReportIdTestCase(MatrixTestCase):
    """The co-operating unit and outsiders learn nothing from guessing ids: not even the task's title."""

    def test_it_answers_404_without_leaking_the_report(self):
        secrets = {
            f"/reports/{self.report.pk}/": "已建成",
            f"/evidence/{self.evidence.pk}/": "已建成",
            f"/notices/{self.notice.pk}/": "进度滞后",
            f"/closeouts/{self.closeout.pk}/": "已建成",
        }
        for user in (self.bob, self.charlie, self.county_coordinator):
            self.login(user)
            for url, secret in secrets.items():
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(secret.encode(), response.content)
