"""The 年督考 API's behaviour: what each endpoint does and refuses, with Chinese messages keyed by field.
Who may call what is in test_permissions_api.py."""

import io

import openpyxl

from apps.assessment.models import Adjustment, Rating, Scheme, ScoreRun
from apps.orgs.models import ApiToken

from .api_base import AssessmentApiTestCase, pdf

SCHEMES = "/api/assessment/schemes"


class ApiTestCase(AssessmentApiTestCase):
    def multipart(self, url, user, data):
        _, raw = ApiToken.issue(user, "测试")
        return self.client.post(url, data, headers={"Authorization": f"Bearer {raw}"})

    def scheme_url(self, rest="", pk=None):
        return f"{SCHEMES}/{pk or self.scheme.pk}{rest}"

    def run_url(self, rest="", run=None):
        return f"/api/assessment/runs/{(run or self.final_run).pk}{rest}"

    def assertErrors(self, response, field, text):
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn(text, "".join(response.json()["errors"][field]))


class SchemeApiTestCase(ApiTestCase):
    def test_it_creates_a_draft_with_the_default_rules_of_the_jurisdiction(self):
        response = self.call("post", SCHEMES, self.coordinator, {"title": "2026年度专项考核", "year": 2026})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["owner_unit_id"], body["version"]), ("draft", self.city.pk, 1))
        departments = next(g for g in body["config"]["groups"] if g["code"] == "G2")["unit_ids"]
        self.assertIn(self.fgw.pk, departments)

    def test_it_creates_a_county_coordinators_scheme_for_the_county(self):
        response = self.call("post", SCHEMES, self.county_coordinator, {"title": "陇西县考核", "year": 2026})
        self.assertEqual(response.json()["owner_unit_id"], self.county.pk)

    def test_it_keeps_the_rules_sent(self):
        config = {**self.scheme.config, "co_share": "0.3"}
        body = {"title": "2026年度专项考核", "year": 2026, "config": config}
        response = self.call("post", SCHEMES, self.coordinator, body)
        self.assertEqual(response.json()["config"]["co_share"], "0.3")

    def test_it_says_what_is_wrong_with_the_rules_on_config(self):
        body = {"title": "2026年度专项考核", "year": 2026, "config": {"groups": "全部"}}
        response = self.call("post", SCHEMES, self.coordinator, body)
        self.assertErrors(response, "config", "考核规则有误")

    def test_it_asks_for_the_title(self):
        response = self.call("post", SCHEMES, self.coordinator, {"title": " ", "year": 2026})
        self.assertErrors(response, "title", "请填写考核办法名称")

    def test_it_reports_a_year_that_is_no_number_on_its_field(self):
        response = self.call("post", SCHEMES, self.coordinator, {"title": "考核", "year": "明年"})
        self.assertErrors(response, "year", "请输入整数")

    def test_it_changes_only_the_fields_sent_on_a_draft(self):
        response = self.call(
            "patch", self.scheme_url(pk=self.draft.pk), self.coordinator, {"units_see_ranking": True}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.units_see_ranking, self.draft.title), (True, "2027年度重点工作督查考核"))

    def test_it_refuses_to_change_a_published_scheme_in_place(self):
        response = self.call("patch", self.scheme_url(), self.coordinator, {"title": "改名"})
        self.assertErrors(response, "__all__", "请发布新版本并说明修订理由")

    def test_it_publishes_a_draft(self):
        response = self.call("post", self.scheme_url("/publish", pk=self.draft.pk), self.coordinator)
        self.assertEqual(response.json()["status"], "published")
        self.assertIsNotNone(response.json()["published_at"])

    def test_it_revises_a_published_scheme_as_a_new_version_with_its_reason(self):
        body = {"config": {**self.scheme.config, "bonus_cap": "5"}, "reason": "加分上限调整为5分"}
        response = self.call("post", self.scheme_url("/revise"), self.coordinator, body)
        self.assertEqual(response.status_code, 201, response.content)
        new = response.json()
        self.assertEqual(
            (new["version"], new["previous_id"], new["change_reason"]),
            (2, self.scheme.pk, "加分上限调整为5分"),
        )
        self.assertEqual(self.scheme_of(self.scheme.pk).status, Scheme.Status.SUPERSEDED)

    def test_it_asks_for_the_reason_of_a_revision(self):
        body = {"config": self.scheme.config, "reason": ""}
        response = self.call("post", self.scheme_url("/revise"), self.coordinator, body)
        self.assertErrors(response, "reason", "请说明修订理由")

    def test_it_lists_a_unit_the_published_schemes_that_assess_it(self):
        response = self.call("get", SCHEMES, self.alice)
        self.assertEqual([s["id"] for s in response.json()["items"]], [self.scheme.pk])

    def test_it_lists_the_coordinator_drafts_too_filtered_by_year(self):
        response = self.call("get", f"{SCHEMES}?year=2027", self.coordinator)
        self.assertEqual([s["id"] for s in response.json()["items"]], [self.draft.pk])


class RatingAndAdjustmentApiTestCase(ApiTestCase):
    def rate(self, **body):
        return self.call(
            "post",
            self.scheme_url("/ratings"),
            self.leader,
            {"unit_id": self.zjj.pk, "dimension": "D4", "points": "8", **body},
        )

    def test_it_records_the_leaders_rating_under_the_leaders_name(self):
        response = self.rate()
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["rater_id"], response.json()["points"]), (self.leader.pk, "8.00"))

    def test_it_replaces_the_leaders_own_earlier_rating(self):
        self.rate(unit_id=self.fgw.pk, points="7.5")
        ratings = Rating.objects.filter(scheme=self.scheme, unit=self.fgw)
        self.assertEqual([str(r.points) for r in ratings], ["7.50"])

    def test_it_refuses_points_above_the_dimension(self):
        self.assertErrors(self.rate(points="11"), "points", "分值应在 0 到 10 之间")

    def test_it_refuses_a_unit_the_scheme_does_not_assess(self):
        self.assertErrors(self.rate(unit_id=self.county_fgj.pk), "unit_id", "考核对象不存在或不可选")

    def test_it_refuses_a_dimension_without_a_rating_rule(self):
        self.assertErrors(self.rate(dimension="D1"), "dimension", "不按评价打分")

    def test_it_adds_an_adjustment_with_its_file(self):
        body = {
            "unit_id": self.zjj.pk,
            "points": "-1",
            "reason": "信息报送失实",
            "dimension": "D2",
            "files": [pdf()],
        }
        response = self.multipart(self.scheme_url("/adjustments"), self.coordinator, body)
        self.assertEqual(response.status_code, 201, response.content)
        adjustment = response.json()
        self.assertEqual((adjustment["points"], adjustment["dimension"]), ("-1.00", "D2"))
        self.assertEqual([f["name"] for f in adjustment["files"]], ["依据文件.pdf"])

    def test_it_requires_a_file_for_an_adjustment(self):
        body = {"unit_id": self.zjj.pk, "points": "-1", "reason": "信息报送失实"}
        response = self.multipart(self.scheme_url("/adjustments"), self.coordinator, body)
        self.assertErrors(response, "files", "调整分数须附依据材料")
        self.assertFalse(Adjustment.objects.filter(unit=self.zjj).exists())

    def test_it_shows_a_unit_only_its_own_adjustments(self):
        self.assertEqual(len(self.call("get", self.scheme_url("/adjustments"), self.alice).json()), 1)
        self.assertEqual(self.call("get", self.scheme_url("/adjustments"), self.bob).json(), [])


class RecognitionApiTestCase(ApiTestCase):
    URL = "/api/assessment/recognitions"

    def recognise(self, **fields):
        body = {
            "unit_id": self.zjj.pk,
            "kind": "honour",
            "level": "3",
            "title": "全省住建系统先进集体",
            "document": "甘建发〔2026〕8号",
            "day": "2026-11-20",
            **fields,
        }
        return self.multipart(self.URL, self.coordinator, body)

    def test_it_records_an_honour_with_its_level_and_file(self):
        response = self.recognise(files=[pdf("表彰决定.pdf")])
        self.assertEqual(response.status_code, 201, response.content)
        item = response.json()
        self.assertEqual((item["kind_label"], item["level"]), ("表彰", 3))
        self.assertEqual([f["name"] for f in item["files"]], ["表彰决定.pdf"])

    def test_it_records_a_criticism_without_a_file(self):
        response = self.recognise(kind="criticism", level="")
        self.assertEqual((response.status_code, response.json()["files"]), (201, []))

    def test_it_asks_an_honour_for_its_level(self):
        self.assertErrors(self.recognise(level=""), "level", "表彰须注明级别")

    def test_it_refuses_an_unknown_kind(self):
        self.assertErrors(self.recognise(kind="award"), "kind", "不是可选的值")

    def test_it_lists_them_for_oversight_only(self):
        self.assertEqual(self.call("get", self.URL, self.leader).json()["count"], 1)
        self.assertEqual(self.call("get", self.URL, self.alice).json()["count"], 0)


class RunApiTestCase(ApiTestCase):
    def test_it_queues_a_run_that_the_job_scores(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call("post", self.scheme_url("/runs"), self.coordinator, {"as_of": "2026-06-30"})
        self.assertEqual((response.status_code, response.json()["status"]), (201, "queued"))
        run = self.call("get", f"/api/assessment/runs/{response.json()['id']}", self.coordinator).json()
        self.assertEqual((run["status"], run["unit_count"], run["final"]), ("done", 6, False))

    def test_it_refuses_a_final_run_before_the_years_end(self):
        body = {"as_of": "2026-06-30", "final": True}
        response = self.call("post", self.scheme_url("/runs"), self.coordinator, body)
        self.assertErrors(response, "as_of", "年终结果须计至年度末")

    def test_it_refuses_to_score_a_draft(self):
        response = self.call(
            "post", self.scheme_url("/runs", pk=self.draft.pk), self.coordinator, {"as_of": "2027-03-31"}
        )
        self.assertErrors(response, "__all__", "考核办法发布后才能计分")

    def test_it_reports_a_day_that_is_no_date_on_its_field(self):
        response = self.call("post", self.scheme_url("/runs"), self.coordinator, {"as_of": "年底"})
        self.assertErrors(response, "as_of", "日期格式应为")

    def test_it_lists_the_schemes_runs(self):
        runs = self.call("get", self.scheme_url("/runs"), self.alice).json()
        self.assertEqual([(r["id"], r["status"]) for r in runs], [(self.final_run.pk, "done")])


class ScoresApiTestCase(ApiTestCase):
    def rows(self, user, query=""):
        body = self.call("get", self.run_url(f"/scores{query}"), user).json()
        return {g["code"]: [(s["unit_name"], s["rank"]) for s in g["scores"]] for g in body["groups"]}

    def test_it_ranks_each_group_with_ranked_units_first(self):
        body = self.call("get", self.run_url("/scores"), self.coordinator).json()
        self.assertEqual(
            [(g["code"], g["name"]) for g in body["groups"]], [("G1", "县（市、区）"), ("G2", "市直单位")]
        )
        first = body["groups"][1]["scores"][0]
        self.assertEqual(
            (
                first["unit_name"],
                first["total"],
                first["grade"],
                first["rank"],
                first["eligible"],
                first["vetoed"],
            ),
            ("市发改委", "100.50", "优秀", 1, True, False),
        )

    def test_it_says_why_a_unit_is_not_ranked(self):
        body = self.call("get", self.run_url("/scores?group=G2"), self.coordinator).json()
        zjj = next(s for s in body["groups"][0]["scores"] if s["unit_id"] == self.zjj.pk)
        self.assertEqual((zjj["total"], zjj["rank"]), (None, None))
        self.assertIn("无牵头任务", zjj["ineligible_reason"])

    def test_it_filters_the_ranking_by_group(self):
        self.assertEqual(list(self.rows(self.coordinator, "?group=G1")), ["G1"])

    def test_it_shows_a_unit_only_its_own_row_when_the_scheme_hides_the_ranking(self):
        self.assertEqual(self.rows(self.alice), {"G2": [("市发改委", 1)]})

    def test_it_shows_a_unit_its_groups_ranking_when_the_scheme_allows(self):
        Scheme.objects.filter(pk=self.scheme.pk).update(units_see_ranking=True)
        rows = self.rows(self.bob)
        self.assertEqual(list(rows), ["G2"])
        self.assertEqual(len(rows["G2"]), 5)

    def test_it_gives_a_unit_its_breakdown_line_by_line(self):
        body = self.call("get", self.run_url(f"/scores/{self.fgw.pk}"), self.alice).json()
        breakdown = body["breakdown"]
        self.assertEqual(breakdown["total_text"], "60 + 15 + 15 + 9 + 1 + 0.5 = 100.5")
        self.assertEqual([line["ref"] for line in breakdown["bonuses"]], [f"recognition:{self.praise.pk}"])
        self.assertEqual([line["label"] for line in breakdown["adjustments"]], ["承担省级试点任务"])

    def test_it_hides_another_units_breakdown_even_when_the_ranking_is_shown(self):
        Scheme.objects.filter(pk=self.scheme.pk).update(units_see_ranking=True)
        response = self.call("get", self.run_url(f"/scores/{self.fgw.pk}"), self.bob)
        self.assertEqual(response.status_code, 404)

    def test_it_exports_a_breakdown_the_unit_can_recompute(self):
        response = self.call("get", self.run_url(f"/scores/{self.fgw.pk}/xlsx"), self.alice)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertIn("attachment", response["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        total_row = next(
            row for row in sheet.iter_rows() if row[0].value == "总分" and row[5].value is not None
        )
        self.assertEqual(total_row[5].value, 100.5)
        self.assertTrue(total_row[6].value.startswith("=ROUND(SUM("))


class ResultsApiTestCase(ApiTestCase):
    def test_it_publishes_the_final_results_and_freezes_the_scheme(self):
        response = self.call("post", self.run_url("/publish"), self.coordinator)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNotNone(self.scheme_of(self.scheme.pk).results_published_at)
        body = {"unit_id": self.fgw.pk, "points": "1", "reason": "补录", "files": [pdf()]}
        late = self.multipart(self.scheme_url("/adjustments"), self.coordinator, body)
        self.assertErrors(late, "__all__", "考核结果已发布")

    def test_it_refuses_to_publish_a_running_score_as_results(self):
        run = ScoreRun.objects.create(
            scheme=self.scheme, as_of="2026-06-30", status=ScoreRun.Status.DONE, requested_by=self.coordinator
        )
        response = self.call("post", self.run_url("/publish", run=run), self.coordinator)
        self.assertErrors(response, "__all__", "只能发布已完成计算的年终结果")

    def test_it_records_an_outcome_with_its_due_date(self):
        body = {
            "unit_id": self.zjj.pk,
            "kind": "report",
            "note": "提交书面整改报告",
            "due_date": "2027-02-10",
        }
        response = self.call("post", self.scheme_url("/outcomes"), self.coordinator, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["kind_label"], response.json()["due_date"]), ("书面整改报告", "2027-02-10")
        )

    def test_it_refuses_an_unknown_outcome(self):
        body = {"unit_id": self.zjj.pk, "kind": "dismissal"}
        response = self.call("post", self.scheme_url("/outcomes"), self.coordinator, body)
        self.assertErrors(response, "kind", "不是可选的值")

    def test_it_shows_a_unit_only_its_own_outcomes(self):
        self.assertEqual(
            [o["kind"] for o in self.call("get", self.scheme_url("/outcomes"), self.alice).json()], ["praise"]
        )
        self.assertEqual(self.call("get", self.scheme_url("/outcomes"), self.bob).json(), [])
        self.assertEqual(len(self.call("get", self.scheme_url("/outcomes"), self.inspector).json()), 1)
