"""The demo's 年督考 (apps.demo.assessment): a published scheme of the city, the 市长's ratings, a 通报表扬
and a 省级表彰, an adjustment with its file, and a running score the ranking page shows at once."""

import datetime
import shutil
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase, override_settings

from apps.assessment.access import assessed_unit_ids
from apps.assessment.models import Adjustment, Rating, Recognition, Scheme, ScoreRun, UnitScore
from apps.demo import assessment
from apps.orgs.models import Role, Unit
from apps.plans.models import Plan, Task, TaskUnit
from luoshi.test import make_unit, make_user

TODAY = datetime.date(2026, 11, 20)
MEDIA = tempfile.mkdtemp(prefix="luoshi-demo-assessment-")


@override_settings(MEDIA_ROOT=MEDIA)
@time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
class AssessmentDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = make_unit("定西市", Unit.Kind.CITY)
        office = make_unit("市委改革办", Unit.Kind.DEPARTMENT, cls.city)
        gov = make_unit("市政府办", Unit.Kind.DEPARTMENT, cls.city)
        cls.gaige = make_user("gaige", office, Role.COORDINATOR)
        make_user("shizhang", gov, Role.LEADER)
        cls.plan = Plan.objects.create(
            title="2026年定西市政府工作报告重点任务",
            year=2026,
            owner_unit=cls.city,
            status=Plan.Status.PUBLISHED,
        )
        for name in ("市发改委", "市住建局", "市农业农村局", "市财政局", "市教育局"):
            task = Task.objects.create(
                plan=cls.plan, title=f"{name}牵头任务", due_date=datetime.date(2026, 12, 31)
            )
            TaskUnit.objects.create(
                task=task, unit=make_unit(name, Unit.Kind.DEPARTMENT, cls.city), role="lead"
            )
        cls.score_run = assessment.load(cls.plan, TODAY)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def score(self, name):
        return UnitScore.objects.get(run=self.score_run, unit__name=name).breakdown

    def test_it_publishes_the_citys_scheme_for_the_plans_year(self):
        scheme = Scheme.objects.get()
        self.assertEqual((scheme.owner_unit, scheme.year, scheme.status), (self.city, 2026, "published"))

    def test_it_has_the_leader_rate_every_assessed_unit(self):
        scheme = Scheme.objects.get()
        raters = set(Rating.objects.values_list("rater__username", flat=True))
        self.assertEqual(
            (raters, set(Rating.objects.values_list("unit_id", flat=True))),
            ({"shizhang"}, assessed_unit_ids(scheme)),
        )

    def test_it_records_a_praise_and_a_provincial_honour_with_its_file(self):
        honour = Recognition.objects.get(kind=Recognition.Kind.HONOUR)
        self.assertEqual((honour.level, honour.evidence.count()), (Recognition.Level.PROVINCE, 1))
        self.assertTrue(Recognition.objects.filter(kind=Recognition.Kind.PRAISE).exists())

    def test_it_records_an_adjustment_with_its_file(self):
        adjustment = Adjustment.objects.get()
        self.assertEqual((adjustment.unit.name, adjustment.evidence.count()), ("市住建局", 1))

    def test_it_computes_a_running_score_as_of_today(self):
        self.assertEqual(
            (self.score_run.status, self.score_run.as_of, self.score_run.final),
            (ScoreRun.Status.DONE, TODAY, False),
        )

    def test_it_counts_the_provincial_honour_as_a_bonus(self):
        self.assertIn("表彰", " ".join(line["text"] for line in self.score("市发改委")["bonuses"]))

    def test_it_counts_the_adjustment_in_the_total(self):
        self.assertEqual(self.score("市住建局")["adjustments"][0]["delta"], "1.00")

    def test_it_shows_the_ranking_right_away(self):
        self.client.force_login(self.gaige)
        response = self.client.get(f"/assessment/runs/{self.score_run.pk}/")
        self.assertContains(response, "状态：已完成")
        self.assertContains(response, f'href="/assessment/runs/{self.score_run.pk}/units/')

    def test_it_loads_nothing_twice(self):
        self.assertIsNone(assessment.load(self.plan, TODAY))
        self.assertEqual(Scheme.objects.count(), 1)

    def test_it_keeps_the_run_inside_the_schemes_year(self):
        self.assertEqual(assessment.as_of_day(2026, datetime.date(2027, 1, 8)), datetime.date(2026, 12, 31))
