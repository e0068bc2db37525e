"""The 年督考 pages: a scheme from the default, published, scored; the ranking; a unit's breakdown down to
the 督办单 that cost it points; an adjustment with its file; results published and frozen."""

import datetime
import json
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.assessment import actions
from apps.assessment.defaults import default_config
from apps.assessment.models import Adjustment, Scheme, ScoreRun
from apps.orgs.models import Unit
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase, make_unit

NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PDF = b"%PDF-1.7\n%%EOF\n"


@time_machine.travel(NOW, tick=False)
class AssessmentPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.scheme = actions.create_scheme(
            owner_unit=cls.city,
            title="2026年度重点工作督查考核",
            year=2026,
            config=default_config(cls.city),
            actor=cls.coordinator,
        )
        actions.publish(cls.scheme, actor=cls.coordinator)
        cls.notice = Notice.objects.create(
            task=cls.task,
            unit=cls.fgw,
            level=Notice.Level.URGE,
            reason="进度滞后",
            reply_by=datetime.date(2026, 11, 30),
            issued_by=cls.coordinator,
        )

    def run_scores(self, final=False):
        self.login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/assessment/{self.scheme.pk}/run/",
                {"as_of": "2026-12-31" if final else "2026-12-20", "final": final or ""},
            )
        return ScoreRun.objects.latest("id")

    def test_it_creates_a_draft_from_the_default_scheme(self):
        self.login(self.coordinator)
        form = self.client.get("/assessment/new/").context["form"]
        response = self.client.post(
            "/assessment/new/",
            {"title": "2027年度考核", "year": 2027, "running": "quarter", "config": form["config"].value()},
        )
        scheme = Scheme.objects.latest("id")
        self.assertRedirects(response, f"/assessment/{scheme.pk}/")
        self.assertEqual((scheme.status, scheme.config["dimensions"][0]["name"]), ("draft", "承办任务完成"))

    def test_it_names_the_error_in_a_bad_scheme(self):
        self.login(self.coordinator)
        response = self.client.post(
            "/assessment/new/", {"title": "x", "year": 2027, "running": "quarter", "config": '{"groups": []}'}
        )
        self.assertContains(response, "考核规则有误", status_code=400)

    def test_it_refuses_a_reporter_a_new_scheme(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/assessment/new/").status_code, 403)

    def test_it_shows_the_rules_in_words(self):
        self.login(self.leader)
        response = self.client.get(f"/assessment/{self.scheme.pk}/")
        self.assertContains(response, "迟报 -0.5/次")
        self.assertContains(response, "三次督办 取消评优")

    def test_it_revises_a_published_scheme_as_a_new_version_with_its_reason(self):
        self.login(self.coordinator)
        self.client.post(
            f"/assessment/{self.scheme.pk}/revise/",
            {"config": json.dumps(self.scheme.config), "reason": "市委常委会调整权重"},
        )
        self.scheme.refresh_from_db()
        new = Scheme.objects.get(previous=self.scheme)
        self.assertEqual(
            (self.scheme.status, new.version, new.change_reason), ("superseded", 2, "市委常委会调整权重")
        )

    def test_it_ranks_the_units_after_a_run(self):
        run = self.run_scores()
        self.login(self.leader)
        response = self.client.get(f"/assessment/runs/{run.pk}/?group=G2")
        self.assertContains(response, "市直单位")
        self.assertContains(response, f'href="/assessment/runs/{run.pk}/units/{self.fgw.pk}/"')

    def test_it_links_a_deduction_to_its_notice(self):
        run = self.run_scores()
        self.login(self.alice)
        response = self.client.get(f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/")
        self.assertContains(response, f'<a href="/notices/{self.notice.pk}/">')
        self.assertContains(response, "-3")

    def test_it_shows_a_unit_only_its_own_breakdown(self):
        run = self.run_scores()
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/").status_code, 404)

    def test_it_hides_the_ranking_from_a_unit_unless_the_scheme_allows(self):
        run = self.run_scores()
        self.login(self.alice)
        response = self.client.get(f"/assessment/runs/{run.pk}/")
        self.assertRedirects(response, f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/")

    def test_it_records_an_adjustment_with_its_file(self):
        run = self.run_scores()
        self.login(self.coordinator)
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            self.client.post(
                f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/adjust/",
                {
                    "dimension": "",
                    "points": "1.5",
                    "reason": "市委专题会议认定",
                    "files": [SimpleUploadedFile("纪要.pdf", PDF)],
                },
            )
        adjustment = Adjustment.objects.get()
        self.assertEqual((adjustment.points, adjustment.evidence.count()), (1.5, 1))

    def test_it_refuses_an_adjustment_without_a_file(self):
        run = self.run_scores()
        self.login(self.coordinator)
        response = self.client.post(
            f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/adjust/", {"points": "1", "reason": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Adjustment.objects.exists())

    def test_it_freezes_the_scheme_once_the_results_are_published(self):
        run = self.run_scores(final=True)
        self.login(self.coordinator)
        self.client.post(f"/assessment/runs/{run.pk}/publish/")
        response = self.client.post(
            f"/assessment/{self.scheme.pk}/run/", {"as_of": "2026-12-31", "final": "on"}, follow=True
        )
        self.assertContains(response, "考核结果已发布，不能再修改")

    def test_it_takes_a_leaders_rating(self):
        self.login(self.leader)
        self.client.post(f"/assessment/{self.scheme.pk}/ratings/", {f"r-{self.fgw.pk}-D4": "9"})
        self.assertEqual(self.scheme.ratings.get().points, 9)

    def test_it_refuses_a_rating_above_the_dimensions_points(self):
        self.login(self.leader)
        response = self.client.post(f"/assessment/{self.scheme.pk}/ratings/", {f"r-{self.fgw.pk}-D4": "12"})
        self.assertContains(response, "分值应在 0 到 10 之间", status_code=400)

    def test_it_exports_the_units_breakdown_as_a_workbook(self):
        run = self.run_scores()
        self.login(self.alice)
        response = self.client.get(f"/assessment/runs/{run.pk}/units/{self.fgw.pk}/score.xlsx")
        self.assertEqual(response.content[:2], b"PK")

    def test_it_puts_a_unit_with_repeated_notices_on_the_negative_list(self):
        Notice.objects.create(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.SUPERVISE,
            reason="仍未整改",
            reply_by=datetime.date(2026, 12, 10),
            issued_by=self.coordinator,
        )
        run = self.run_scores()
        self.login(self.coordinator)
        response = self.client.get(f"/assessment/runs/{run.pk}/")
        self.assertContains(response, "被督办 2 次")

    def rules_form(self, scheme):
        self.login(self.coordinator)
        form = self.client.get(f"/assessment/{scheme.pk}/rules/").context["form"]
        data = {}
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, list):
                data[name] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                data[name] = value
        return data

    def test_it_changes_a_rules_points_in_the_form(self):
        draft = actions.create_scheme(
            owner_unit=self.city,
            title="草稿",
            year=2027,
            config=default_config(self.city),
            actor=self.coordinator,
        )
        data = self.rules_form(draft)
        data["d1-r0-points"] = "-1"  # 迟报
        self.client.post(f"/assessment/{draft.pk}/rules/", data)
        draft.refresh_from_db()
        self.assertEqual(draft.config["dimensions"][1]["rules"][0]["points"], "-1")

    def test_it_asks_a_reason_to_change_a_published_schemes_rules(self):
        data = self.rules_form(self.scheme)
        response = self.client.post(f"/assessment/{self.scheme.pk}/rules/", data)
        self.assertEqual(response.status_code, 400)
        self.client.post(f"/assessment/{self.scheme.pk}/rules/", {**data, "reason": "市政府常务会调整"})
        self.assertEqual(Scheme.objects.get(previous=self.scheme).change_reason, "市政府常务会调整")

    def test_it_ranks_a_group_in_the_same_number_of_queries_however_many_units(self):
        run = self.run_scores()
        self.login(self.coordinator)
        url = f"/assessment/runs/{run.pk}/?group=G2"
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(5):
            make_unit(f"市局{n}", Unit.Kind.DEPARTMENT, self.city)
        config = default_config(self.city)
        Scheme.objects.filter(pk=self.scheme.pk).update(config=config)
        run = self.run_scores()
        with CaptureQueriesContext(connection) as many:
            self.client.get(f"/assessment/runs/{run.pk}/?group=G2")
        self.assertEqual(len(many), len(few))
