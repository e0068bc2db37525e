"""The 典型经验 API: the library's search, one case with its tasks, files and promotions, a case written,
edited and submitted, reviewed, promoted with a proof file, featured, and made from a finding — the same
rules as the pages."""

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases.models import Case, Level
from apps.orgs.models import ApiToken

from .base import PDF, CaseTestCase

NOW = datetime.datetime(2026, 11, 20, 10, 0)


@time_machine.travel(NOW, tick=False)
class CaseApiTestCase(CaseTestCase):
    def multipart(self, url, user, data):
        _, raw = ApiToken.issue(user, "测试")
        return self.client.post(url, data, headers={"Authorization": f"Bearer {raw}"})

    def test_it_lists_the_cases_the_user_sees_with_the_library_filters(self):
        self.make_case(title="营商", area="优化营商环境", status=Case.Status.ACCEPTED)
        self.make_case(title="民生", area="民生", status=Case.Status.ACCEPTED, practice="居民议事会")
        self.make_case(title="草稿")
        response = self.call("GET", "/api/cases?q=议事会", self.leader)
        self.assertEqual([c["title"] for c in response.json()["items"]], ["民生"])
        response = self.call("GET", "/api/cases?area=优化营商环境", self.leader)
        self.assertEqual([c["title"] for c in response.json()["items"]], ["营商"])
        self.assertEqual(self.call("GET", "/api/cases", self.alice).json()["count"], 3)
        self.assertEqual(self.call("GET", "/api/cases", self.charlie).json()["count"], 0)

    def test_it_filters_by_unit_including_the_units_below(self):
        self.make_case(title="营商", status=Case.Status.ACCEPTED)
        response = self.call("GET", f"/api/cases?unit={self.city.pk}", self.leader)
        self.assertEqual(response.json()["count"], 1)
        self.assertEqual(self.call("GET", f"/api/cases?unit={self.zjj.pk}", self.leader).json()["count"], 0)
        self.assertEqual(self.call("GET", "/api/cases?unit=999999", self.leader).json()["count"], 0)

    def test_it_gives_one_case_with_its_tasks_and_promotions(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(case, Level.CITY)
        body = self.call("GET", f"/api/cases/{case.pk}", self.leader).json()
        self.assertEqual((body["unit_name"], body["status_label"], body["level"]), ("市发改委", "已采纳", 2))
        self.assertEqual(body["task_ids"], [self.task.pk])
        self.assertEqual(body["promotions"][0]["proof"], "定政办发〔2026〕21号")

    def test_it_creates_a_draft_of_the_users_unit_and_submits_it(self):
        data = {"title": "容缺受理", "year": 2026, "task_ids": [self.task.pk], "area": "营商环境"}
        response = self.call("POST", "/api/cases", self.alice, data)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["unit_id"], body["status"]), (self.fgw.pk, "draft"))
        response = self.call("POST", f"/api/cases/{body['id']}/submit", self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertIn("practice", response.json()["errors"])
        patch = {"summary": "容缺受理", "practice": "承诺补正", "results": "压缩60%"}
        self.assertEqual(self.call("PATCH", f"/api/cases/{body['id']}", self.alice, patch).status_code, 200)
        response = self.call("POST", f"/api/cases/{body['id']}/submit", self.alice)
        self.assertEqual(response.json()["status"], "submitted")

    def test_it_refuses_a_task_or_unit_the_user_may_not_choose(self):
        response = self.call(
            "POST", "/api/cases", self.charlie, {"title": "x", "year": 2026, "task_ids": [self.task.pk]}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("task_ids", response.json()["errors"])
        response = self.call(
            "POST", "/api/cases", self.charlie, {"title": "x", "year": 2026, "unit_id": self.fgw.pk}
        )
        self.assertIn("unit_id", response.json()["errors"])

    def test_it_refuses_to_change_a_submitted_case(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        response = self.call("PATCH", f"/api/cases/{case.pk}", self.alice, {"title": "新标题"})
        self.assertEqual(response.status_code, 422)

    def test_it_reviews_with_a_reason_for_a_return(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        response = self.call("POST", f"/api/cases/{case.pk}/review", self.coordinator, {"decision": "return"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("comment", response.json()["errors"])
        data = {"decision": "return", "comment": "请补充数据"}
        response = self.call("POST", f"/api/cases/{case.pk}/review", self.coordinator, data)
        self.assertEqual(
            (response.json()["status"], response.json()["review_comment"]), ("returned", "请补充数据")
        )

    def test_it_promotes_with_a_proof_file(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        data = {"level": "3", "promoted_on": "2026-11-01", "file": SimpleUploadedFile("简报.pdf", PDF)}
        response = self.multipart(f"/api/cases/{case.pk}/promote", self.inspector, data)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["level"], body["level_label"]), (3, "省级"))
        self.assertEqual(body["files"][0]["name"], "简报.pdf")
        self.login(self.leader)
        self.assertEqual(self.client.get(body["files"][0]["url"]).status_code, 200)

    def test_it_refuses_a_promotion_without_proof_or_of_an_unknown_level(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        response = self.multipart(
            f"/api/cases/{case.pk}/promote", self.inspector, {"level": "3", "promoted_on": "2026-11-01"}
        )
        self.assertIn("proof", response.json()["errors"])
        response = self.multipart(
            f"/api/cases/{case.pk}/promote",
            self.inspector,
            {"level": "7", "proof": "简报", "promoted_on": "2026-11-01"},
        )
        self.assertIn("level", response.json()["errors"])

    def test_it_features_an_accepted_case(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        response = self.call("POST", f"/api/cases/{case.pk}/feature", self.coordinator, {"featured": True})
        self.assertTrue(response.json()["featured"])
        featured = self.call("GET", "/api/cases?featured=true", self.leader).json()
        self.assertEqual([c["id"] for c in featured["items"]], [case.pk])

    def test_it_makes_a_draft_from_a_good_practice_finding_once(self):
        response = self.call(
            "POST", f"/api/findings/{self.good.pk}/case", self.inspector, {"title": "一张图"}
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            (response.json()["finding_id"], response.json()["unit_id"]), (self.good.pk, self.fgw.pk)
        )
        again = self.call("POST", f"/api/findings/{self.good.pk}/case", self.inspector, {"title": "一张图"})
        self.assertEqual(again.status_code, 422)
