"""The demo's 重点项目: 30 projects of 定西市 and its 区县, the year's months so far, every colour and both
flags present — all through the actions."""

import datetime

import time_machine
from django.test import TestCase

from apps.audit.models import AuditEvent
from apps.demo import data
from apps.orgs.models import Role, Unit
from apps.projects import demo
from apps.projects.models import Project, ProjectReport
from apps.projects.rules import FLAG_NO_PERMIT, FLAG_ZERO_INVESTMENT
from luoshi.test import make_unit, make_user

TODAY = datetime.date(2026, 11, 20)


@time_machine.travel(datetime.datetime(2026, 11, 20, 2, tzinfo=datetime.UTC), tick=False)
class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        city = make_unit(data.CITY, Unit.Kind.CITY)
        units = {name: make_unit(name, Unit.Kind.DEPARTMENT, city) for name in data.CITY_DEPARTMENTS}
        for county_name in data.COUNTIES:
            county = make_unit(county_name, Unit.Kind.COUNTY, city)
            for dept in data.COUNTY_DEPARTMENTS:
                make_unit(county_name + dept, Unit.Kind.DEPARTMENT, county)
            if county_name == "陇西县":
                make_user("longxi", county, Role.REPORTER)
        make_user("gaige", units["市委改革办"], Role.COORDINATOR, Role.INSPECTOR)
        make_user("fgw", units["市发改委"], Role.REPORTER)
        make_user("fgw_sh", units["市发改委"], Role.APPROVER)
        with time_machine.travel(datetime.datetime(2026, 11, 20, 2, tzinfo=datetime.UTC), tick=False):
            demo.load(TODAY)

    def test_it_loads_thirty_projects_of_the_city_and_its_counties(self):
        self.assertEqual(Project.objects.count(), 30)
        counties = {p.unit.jurisdiction().name for p in Project.objects.select_related("unit")}
        self.assertEqual(counties, {data.CITY, *data.COUNTIES})

    def test_it_reports_the_months_so_far(self):
        project = Project.objects.get(name="定西至临洮高速公路连接线")
        months = list(project.reports.order_by("month").values_list("month", "status"))
        self.assertEqual([m for m, _ in months], list(range(1, 11)))  # October is the last month due
        self.assertEqual(months[-1][1], ProjectReport.Status.SUBMITTED)
        self.assertEqual(months[0][1], ProjectReport.Status.ACCEPTED)
        self.assertTrue(ProjectReport.objects.filter(status=ProjectReport.Status.RETURNED).exists())

    def test_it_lights_every_colour_and_raises_both_flags(self):
        colours = set(Project.objects.values_list("colour", flat=True))
        self.assertEqual(colours, {"green", "yellow", "red", "none"})
        flags = {f for p in Project.objects.all() for f in p.flags}
        self.assertEqual(flags, {FLAG_NO_PERMIT, FLAG_ZERO_INVESTMENT})

    def test_it_writes_through_the_audited_actions(self):
        self.assertEqual(AuditEvent.objects.filter(object_type="project", action="create").count(), 30)
        self.assertEqual(
            AuditEvent.objects.filter(object_type="projectreport", action="create").count(),
            ProjectReport.objects.count(),
        )

    def test_it_sends_most_months_before_the_25th(self):
        sent = ProjectReport.objects.exclude(submitted_at=None).exclude(month=10)
        late = [r for r in sent if r.late]
        self.assertLess(len(late), len(sent) / 3)
