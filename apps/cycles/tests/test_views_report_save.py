"""Filling a progress report: autosave and the 保存草稿 button, submit, and optimistic locking between
people and between one person's browser tabs."""

from apps.audit.models import AuditEvent
from apps.cycles.models import Report, ReportVersion, TargetActual
from apps.notify.models import Notification

from .test_views_reports import ReportTestCase


class ReportSaveTestCase(ReportTestCase):
    def test_it_autosaves_and_returns_the_status_with_the_new_version(self):
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(), headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "cycles/_save_status.html")
        self.assertContains(response, "已自动保存")
        self.assertContains(response, "第 2 版")
        self.assertContains(response, 'name="version" id="id_version" value="2" hx-swap-oob="true"')

        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.DRAFT)
        self.assertEqual(
            (self.report.narrative, self.report.percent, self.report.version),
            ("已建成高标准农田18万亩", 90, 2),
        )
        self.assertEqual(self.report.updated_by, self.alice)
        self.assertEqual(TargetActual.objects.get(report=self.report).value, 18)

    def test_it_saves_a_draft_with_the_plain_button(self):
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(), follow=True)
        self.assertRedirects(response, self.url())
        self.assertContains(response, "草稿已保存")

    def test_it_keeps_an_autosave_as_a_draft_version_without_an_audit_row(self):
        self.login(self.alice)
        self.client.post(self.url("save"), self.fill(), headers={"HX-Request": "true"})
        self.assertFalse(AuditEvent.objects.filter(object_type="report", object_id=self.report.pk).exists())
        version = ReportVersion.objects.get(report=self.report)
        self.assertEqual((version.version, version.status, version.by), (2, Report.Status.DRAFT, self.alice))
        self.assertEqual(version.data["narrative"], "已建成高标准农田18万亩")

    def test_it_audits_the_final_text_once_on_submit_after_many_autosaves(self):
        self.login(self.alice)
        for version, text in enumerate(["已", "已建成", "已建成高标准农田18万亩"], start=1):
            self.client.post(
                self.url("save"), self.fill(narrative=text, version=version), headers={"HX-Request": "true"}
            )
        self.client.post(self.url("submit"), self.fill(version=4))
        event = AuditEvent.objects.get(object_type="report", object_id=self.report.pk)
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.changes["status"], ["draft", "submitted"])
        self.assertEqual(event.changes["narrative"], ["", "已建成高标准农田18万亩"])
        self.assertEqual(event.changes[f"实际值：{self.target.metric}"], [None, "18"])

    def test_it_refuses_a_stale_version_with_409_and_saves_nothing(self):
        self.login(self.approver)
        self.client.post(self.url("save"), self.fill(narrative="审核人改过"), headers={"HX-Request": "true"})

        self.login(self.alice)
        response = self.client.post(
            self.url("save"), self.fill(narrative="alice 的旧页面", version=1), headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "您的修改没有保存", status_code=409)
        self.assertContains(response, "请刷新页面查看最新内容后再编辑", status_code=409)
        self.report.refresh_from_db()
        self.assertEqual((self.report.narrative, self.report.version), ("审核人改过", 2))

    def test_it_keeps_refusing_the_stale_page_until_it_is_reloaded(self):
        # the 409 must not hand the stale page the current version, or its next autosave would
        # silently overwrite the other person's text
        self.login(self.approver)
        self.client.post(self.url("save"), self.fill(narrative="审核人改过"), headers={"HX-Request": "true"})
        self.login(self.alice)
        response = self.client.post(
            self.url("save"), self.fill(narrative="alice 的旧页面", version=1), headers={"HX-Request": "true"}
        )
        self.assertContains(response, 'id="id_version" value="1"', status_code=409)
        again = self.client.post(
            self.url("save"), self.fill(narrative="alice 继续输入", version=1), headers={"HX-Request": "true"}
        )
        self.assertEqual(again.status_code, 409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "审核人改过")

    def test_it_does_not_refresh_a_stale_pages_version_on_an_invalid_autosave(self):
        self.login(self.approver)
        self.client.post(self.url("save"), self.fill(narrative="审核人改过"), headers={"HX-Request": "true"})
        self.login(self.alice)
        response = self.client.post(
            self.url("save"), self.fill(percent=120, version=1), headers={"HX-Request": "true"}
        )
        self.assertContains(response, 'id="id_version" value="1"', status_code=400)

    def test_it_refuses_a_stale_version_on_the_full_page_too(self):
        Report.objects.filter(pk=self.report.pk).update(version=5)
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(version=4))
        self.assertContains(response, "您的修改没有保存", status_code=409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "")

    def test_it_saves_nothing_when_nothing_changed(self):
        self.login(self.alice)
        self.client.post(self.url("save"), self.fill(), headers={"HX-Request": "true"})
        events = AuditEvent.objects.count()
        response = self.client.post(self.url("save"), self.fill(version=2), headers={"HX-Request": "true"})
        self.assertContains(response, "第 2 版")
        self.assertEqual(Report.objects.get(pk=self.report.pk).version, 2)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_does_not_turn_an_untouched_report_into_a_draft(self):
        self.login(self.alice)
        empty = {
            "narrative": "",
            "percent": "",
            "problems": "",
            "next_steps": "",
            f"actual_{self.target.pk}": "",
        }
        self.client.post(self.url("save"), {**empty, "version": 1}, headers={"HX-Request": "true"})
        self.report.refresh_from_db()
        self.assertEqual((self.report.status, self.report.version), (Report.Status.PENDING, 1))

    def test_it_refuses_a_percent_over_100(self):
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(percent=120), headers={"HX-Request": "true"})
        self.assertContains(response, "完成进度应在 0 到 100 之间", status_code=400)
        self.assertEqual(Report.objects.get(pk=self.report.pk).version, 1)

    def test_it_refuses_to_change_a_submitted_report(self):
        self.set_status(Report.Status.SUBMITTED, narrative="已提交的内容", percent=80)
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(), headers={"HX-Request": "true"})
        self.assertContains(response, "该报告已提交，不能再修改", status_code=400)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "已提交的内容")

    def test_it_refuses_oversight_roles(self):
        for user in (self.coordinator, self.leader, self.inspector, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.post(self.url("save"), self.fill()).status_code, 403)
        self.assertEqual(Report.objects.get(pk=self.report.pk).version, 1)


class ReportSubmitTestCase(ReportTestCase):
    def test_it_requires_narrative_and_percent(self):
        self.login(self.alice)
        empty = self.fill(narrative="", percent="", **{f"actual_{self.target.pk}": ""})
        response = self.client.post(self.url("submit"), empty, follow=True)
        self.assertContains(response, "请填写进展情况和完成进度后再提交")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.PENDING)
        self.assertFalse(ReportVersion.objects.exists())

    def test_it_requires_a_percent_even_with_a_narrative(self):
        self.login(self.alice)
        response = self.client.post(self.url("submit"), self.fill(percent=""), follow=True)
        self.assertContains(response, "请填写进展情况和完成进度后再提交")
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.DRAFT)

    def test_it_saves_and_submits_in_one_step(self):
        self.login(self.alice)
        response = self.client.post(self.url("submit"), self.fill(), follow=True)
        self.assertContains(response, "已提交本单位审核人审核")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(self.report.narrative, "已建成高标准农田18万亩")
        self.assertIsNotNone(self.report.submitted_at)

    def test_it_tells_the_unit_approver(self):
        self.login(self.alice)
        self.client.post(self.url("submit"), self.fill())
        self.assertEqual(list(Notification.objects.values_list("user__username", flat=True)), ["approver"])

    def test_it_submits_over_the_autosave_of_the_same_tab_still_in_flight(self):
        self.login(self.alice)
        self.client.post(
            self.url("save"), self.fill(narrative="自动保存", tab="tab-1"), headers={"HX-Request": "true"}
        )
        response = self.client.post(
            self.url("submit"), self.fill(narrative="最终稿", version=1, tab="tab-1"), follow=True
        )
        self.assertContains(response, "已提交本单位审核人审核")
        self.report.refresh_from_db()
        self.assertEqual((self.report.status, self.report.narrative), (Report.Status.SUBMITTED, "最终稿"))

    def test_it_refuses_a_stale_submit(self):
        Report.objects.filter(pk=self.report.pk).update(version=3, updated_by=self.approver)
        self.login(self.alice)
        response = self.client.post(self.url("submit"), self.fill(version=2), follow=True)
        self.assertContains(response, "您的修改没有保存", status_code=409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, Report.Status.PENDING)

    def test_it_keeps_the_typed_text_when_a_submit_is_refused(self):
        Report.objects.filter(pk=self.report.pk).update(version=3, updated_by=self.approver)
        self.login(self.alice)
        response = self.client.post(self.url("submit"), self.fill(narrative="旧页面上的最终稿", version=2))
        self.assertContains(response, "旧页面上的最终稿", status_code=409)


class AutosaveErrorTestCase(ReportTestCase):
    """An autosave the server refuses says so at the field; what was typed stays on the page."""

    def autosave(self, **extra):
        self.login(self.alice)
        return self.client.post(self.url("save"), self.fill(**extra), headers={"HX-Request": "true"})

    def test_it_lets_the_server_judge_the_input(self):
        # a form the browser validates itself never sends 完成进度 150: htmx drops the request silently
        self.login(self.alice)
        self.assertContains(self.client.get(self.url()), 'id="report-form" novalidate')

    def test_it_puts_the_error_beside_the_field(self):
        response = self.autosave(percent=150)
        self.assertContains(
            response,
            '<div id="error-percent" class="field-errors" hx-swap-oob="true">'
            '<p class="error" role="alert">完成进度应在 0 到 100 之间</p></div>',
            status_code=400,
            html=False,
        )
        self.assertContains(response, "未保存", status_code=400)

    def test_it_replaces_no_input_so_the_typed_text_stays(self):
        response = self.autosave(percent=150, narrative="刚输入的进展")
        self.assertNotContains(response, "<textarea", status_code=400)
        self.assertNotContains(response, 'name="percent"', status_code=400)

    def test_it_clears_the_fields_error_once_a_save_succeeds(self):
        self.autosave(percent=150)
        response = self.autosave(percent=95)
        self.assertContains(
            response, '<div id="error-percent" class="field-errors" hx-swap-oob="true"></div>'
        )

    def test_it_keeps_the_typed_text_on_the_full_page_too(self):
        self.login(self.alice)
        response = self.client.post(self.url("save"), self.fill(percent=150, narrative="刚输入的进展"))
        self.assertContains(response, "刚输入的进展", status_code=400)
        self.assertContains(response, "完成进度应在 0 到 100 之间", status_code=400)


class LostUpdateTestCase(ReportTestCase):
    """A save from a page whose version is stale is refused, whoever made the newer version, unless the
    newer version came from that very page (its own autosave still in flight)."""

    def autosave(self, user, tab, version, narrative):
        self.login(user)
        return self.client.post(
            self.url("save"),
            self.fill(narrative=narrative, version=version, tab=tab),
            headers={"HX-Request": "true"},
        )

    def test_it_gives_each_loaded_page_its_own_tab_token(self):
        self.login(self.alice)
        first = self.client.get(self.url()).context["form"]["tab"].value()
        second = self.client.get(self.url()).context["form"]["tab"].value()
        self.assertTrue(first and second)
        self.assertNotEqual(first, second)

    def test_it_refuses_a_second_users_stale_page(self):
        self.autosave(self.approver, "approver-tab", 1, "审核人的文字")
        response = self.autosave(self.alice, "alice-tab", 1, "alice 的旧页面")
        self.assertContains(response, "您的修改没有保存", status_code=409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "审核人的文字")

    def test_it_refuses_a_stale_tab_of_the_user_who_saved_last(self):
        # alice opened the report in two tabs; the approver saved; alice reloaded tab 1 and saved there.
        self.autosave(self.approver, "approver-tab", 1, "审核人的文字")
        self.autosave(self.alice, "alice-tab-1", 2, "审核人的文字，alice 补充")
        response = self.autosave(self.alice, "alice-tab-2", 1, "alice 旧标签页")
        self.assertEqual(response.status_code, 409)
        self.report.refresh_from_db()
        self.assertEqual((self.report.narrative, self.report.version), ("审核人的文字，alice 补充", 3))

    def test_it_refuses_one_users_second_tab_after_the_first_saved(self):
        self.autosave(self.alice, "alice-tab-1", 1, "第一个标签页")
        response = self.autosave(self.alice, "alice-tab-2", 1, "第二个标签页")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "第一个标签页")

    def test_it_refuses_a_page_without_a_tab_token_once_the_version_moved(self):
        self.autosave(self.alice, "alice-tab-1", 1, "第一个标签页")
        response = self.autosave(self.alice, "", 1, "没有标签页标识")
        self.assertEqual(response.status_code, 409)

    def test_it_accepts_the_tab_whose_own_autosave_made_the_current_version(self):
        self.autosave(self.alice, "alice-tab-1", 1, "自动保存")
        response = self.autosave(self.alice, "alice-tab-1", 1, "自动保存，继续输入")
        self.assertEqual(response.status_code, 200)
        self.report.refresh_from_db()
        self.assertEqual((self.report.narrative, self.report.version), ("自动保存，继续输入", 3))

    def test_it_refuses_the_tab_once_someone_else_saved_after_its_autosave(self):
        self.autosave(self.alice, "alice-tab-1", 1, "自动保存")
        self.autosave(self.approver, "approver-tab", 2, "审核人的文字")
        response = self.autosave(self.alice, "alice-tab-1", 2, "alice 继续输入")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Report.objects.get(pk=self.report.pk).narrative, "审核人的文字")
