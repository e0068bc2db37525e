"""The API's refusals (issue 14, API hardening): numbers no column can hold are 422 on their field, null is
refused where a field may not be empty, and every error under /api/ is JSON and declared in the OpenAPI
description."""

from unittest import mock

from django.test import Client

from apps.orgs.models import ApiToken
from apps.plans.models import Task
from luoshi.test import BaseTestCase

ERROR_STATUSES = {401, 403, 404, 422}  # what any operation may answer besides its results
HUGE = 2**63  # one past the largest 64-bit integer: "bigint out of range" on PostgreSQL before


class ApiErrorsTestCase(BaseTestCase):
    def test_it_refuses_a_page_beyond_any_offset_on_its_field(self):
        response = self.call("GET", f"/api/tasks?page={HUGE}", self.coordinator)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"page": ["格式不正确。"]})

    def test_it_refuses_a_page_size_beyond_the_bound(self):
        response = self.call("GET", "/api/units?page_size=100000", self.admin)
        self.assertEqual(response.status_code, 422)
        self.assertIn("page_size", response.json()["errors"])

    def test_it_refuses_an_id_beyond_bigint_on_its_field(self):
        response = self.call("GET", f"/api/tasks/{HUGE}", self.coordinator)
        self.assertEqual(response.status_code, 422)
        self.assertIn("task_id", response.json()["errors"])

    def test_it_refuses_a_filter_id_beyond_bigint(self):
        response = self.call("GET", f"/api/tasks?unit={HUGE}", self.coordinator)
        self.assertEqual(response.status_code, 422)
        self.assertIn("unit", response.json()["errors"])

    def test_it_refuses_an_id_in_a_body_beyond_bigint(self):
        body = {"plan_id": self.plan.pk, "title": "新任务", "lead_unit_ids": [HUGE]}
        response = self.call("POST", "/api/tasks", self.coordinator, body)
        self.assertEqual(response.status_code, 422)
        self.assertIn("lead_unit_ids.0", response.json()["errors"])

    def test_it_refuses_a_year_no_date_can_have(self):
        response = self.call("GET", "/api/plans?year=-2147483648", self.coordinator)
        self.assertEqual(response.status_code, 422)
        self.assertIn("year", response.json()["errors"])

    def test_it_refuses_null_for_a_required_field_in_a_patch_and_changes_nothing(self):
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, {"title": None})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"title": ["这个值不能为 null。"]})
        self.assertEqual(Task.objects.get(pk=self.task.pk).title, "建成高标准农田20万亩")

    def test_it_still_clears_a_field_that_may_be_empty_with_null(self):
        response = self.call("PATCH", f"/api/tasks/{self.task.pk}", self.coordinator, {"due_date": None})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(Task.objects.get(pk=self.task.pk).due_date)

    def test_it_refuses_a_body_that_is_not_json_in_json(self):
        response = self.client.generic(
            "PATCH",
            f"/api/tasks/{self.task.pk}",
            data=b"\xff\xfe{",
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.token(self.coordinator)}"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], {"__all__": ["请求体不是有效的 JSON。"]})

    def test_it_answers_a_method_the_path_does_not_take_in_json(self):
        response = self.call("DELETE", f"/api/tasks/{self.task.pk}", self.coordinator)
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("DELETE", response.json()["detail"])
        self.assertIn("PATCH", response["Allow"])

    def test_it_answers_a_path_with_no_operation_in_json(self):
        response = self.call("GET", "/api/no-such-thing/1", self.coordinator)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "接口不存在：/api/no-such-thing/1"})

    def test_it_answers_a_post_to_no_operation_from_the_browser_in_json(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)
        response = client.post("/api/no-such-thing", {"a": 1})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "接口不存在：/api/no-such-thing"})

    def test_it_answers_an_unexpected_error_in_json_and_logs_it(self):
        client = Client(raise_request_exception=False)
        with (
            mock.patch("apps.plans.api.get_task_for_user", side_effect=RuntimeError("boom")),
            self.assertLogs("django.request", "ERROR") as logs,
        ):
            response = client.get(
                f"/api/tasks/{self.task.pk}",
                headers={"Authorization": f"Bearer {self.token(self.coordinator)}"},
            )
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json(), {"detail": "服务器内部错误，请稍后重试或联系系统管理员"})
        self.assertIn("RuntimeError: boom", logs.output[0])

    def test_it_declares_the_error_statuses_on_every_operation(self):
        paths = self.client.get("/api/openapi.json").json()["paths"]
        for path, operations in paths.items():
            for method, operation in operations.items():
                with self.subTest(f"{method.upper()} {path}"):
                    declared = {int(code) for code in operation["responses"]}
                    self.assertLessEqual(ERROR_STATUSES, declared)

    def token(self, user):
        return ApiToken.issue(user, "测试")[1]
