"""The demo's 典型经验: three accepted cases, one from the inspection's good-practice finding promoted to 省
with its proof file and featured, one promoted at 市 level — all through the actions."""

import datetime
import tempfile

from django.test import override_settings

from apps.cases import demo
from apps.cases.facts import promoted_cases
from apps.cases.models import Case, Level
from apps.orgs.models import Role, Unit
from apps.supervision import actions_inspections as inspections
from apps.supervision.models import Finding, Inspection
from luoshi.test import BaseTestCase, make_unit, make_user

TODAY = datetime.date(2026, 11, 20)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
class DemoTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.nyj_unit = make_unit("市农业农村局", Unit.Kind.DEPARTMENT, cls.city)
        make_user("gaige", cls.reform_office, Role.COORDINATOR, Role.INSPECTOR)
        ducha = make_user("ducha", cls.reform_office, Role.INSPECTOR)
        make_user("nyj", cls.nyj_unit, Role.REPORTER)
        make_user("fgw", cls.fgw, Role.REPORTER)
        make_user("zjj", cls.zjj, Role.REPORTER)
        inspection = inspections.create_inspection(
            Inspection(
                kind=Inspection.Kind.SPECIAL,
                title="重点任务专项督查",
                owner_unit=cls.city,
                starts_on=datetime.date(2026, 10, 1),
                ends_on=datetime.date(2026, 10, 20),
            ),
            units=[cls.nyj_unit],
            team=[ducha],
            actor=cls.coordinator,
        )
        cls.good = inspections.record_finding(
            Finding(
                inspection=inspection,
                unit=cls.nyj_unit,
                dimension=Finding.Dimension.TASKS,
                text="高标准农田建设实行“一张图”管理，可推广",
                needs_rectification=False,
                good_practice=True,
            ),
            actor=ducha,
        )

    def test_it_loads_three_accepted_cases_one_promoted_to_the_province_and_featured(self):
        cases = demo.load(TODAY)
        self.assertEqual(len(cases), 3)
        self.assertEqual({c.status for c in Case.objects.all()}, {Case.Status.ACCEPTED})
        featured = Case.objects.get(featured=True)
        self.assertEqual(
            (featured.unit, featured.level, featured.finding), (self.nyj_unit, Level.PROVINCE, self.good)
        )
        proof = featured.promotions.get(level=Level.PROVINCE)
        self.assertIn("简报", proof.proof)
        self.assertEqual(proof.evidence.count(), 1)
        self.assertEqual(Case.objects.get(unit=self.fgw).level, Level.CITY)
        self.assertEqual(len(promoted_cases(2026, [self.nyj_unit.pk, self.fgw.pk, self.zjj.pk])), 2)

    def test_it_loads_nothing_twice(self):
        demo.load(TODAY)
        self.assertEqual(demo.load(TODAY), [])
        self.assertEqual(Case.objects.count(), 3)
