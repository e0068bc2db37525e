"""Query budgets of the 通报 pages: the index and a 通报's preview ask as many queries with many 通报 (of
plans and of jurisdictions) as with one."""

import tempfile

import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.briefings import actions

from .base import NOW, TODAY, BriefingTestCase


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="luoshi-test-media-"))
@time_machine.travel(NOW, tick=False)
class QueryBudgetTestCase(BriefingTestCase):
    def generate(self, month, **kwargs):
        briefing = actions.generate(
            kwargs.pop("plan", self.plan), 2026, month, actor=self.coordinator, today=TODAY, **kwargs
        )
        return actions.publish(briefing, actor=self.coordinator, today=TODAY)

    def test_it_lists_the_briefings_in_the_same_queries_however_many_there_are(self):
        self.generate(10)
        self.login(self.coordinator)
        few = count(self.client, "/briefings/")
        for month in (8, 9):
            self.generate(month)
            self.generate(month, plan=None, scope=self.city)
        self.generate(10, kind="quarterly", plan=None, scope=self.city)
        self.assertEqual(count(self.client, "/briefings/"), few)
        self.assertLessEqual(few, 12)

    def test_it_previews_a_briefing_in_a_fixed_number_of_queries(self):
        briefing = self.generate(11, plan=None, scope=self.city)
        self.login(self.leader)
        self.assertLessEqual(count(self.client, f"/briefings/{briefing.pk}/"), 10)
