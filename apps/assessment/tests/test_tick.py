"""月考季评: the tick queues a published scheme's running score once each period has ended."""

import datetime

from apps.assessment import actions
from apps.assessment.defaults import default_config
from apps.assessment.models import Scheme, ScoreRun
from apps.assessment.tick import last_period_end, running_scores
from luoshi.test import BaseTestCase


class RunningScoresTestCase(BaseTestCase):
    def scheme(self, running=Scheme.Running.MONTH):
        scheme = actions.create_scheme(
            owner_unit=self.city,
            title="2026年度考核",
            year=2026,
            config=default_config(self.city),
            running=running,
            actor=self.coordinator,
        )
        return actions.publish(scheme, actor=self.coordinator)

    def test_it_scores_the_month_that_ended(self):
        scheme = self.scheme()
        with self.captureOnCommitCallbacks(execute=True):
            running_scores(datetime.date(2026, 12, 3))
        run = ScoreRun.objects.get(scheme=scheme)
        self.assertEqual((run.as_of, run.status), (datetime.date(2026, 11, 30), ScoreRun.Status.DONE))

    def test_it_scores_each_period_once(self):
        self.scheme()
        running_scores(datetime.date(2026, 12, 3))
        self.assertEqual(running_scores(datetime.date(2026, 12, 4)), 0)

    def test_it_scores_the_quarter_that_ended(self):
        self.assertEqual(
            last_period_end(Scheme.Running.QUARTER, datetime.date(2026, 12, 3)), datetime.date(2026, 9, 30)
        )

    def test_it_leaves_a_draft_alone(self):
        actions.create_scheme(
            owner_unit=self.city,
            title="草稿",
            year=2026,
            config=default_config(self.city),
            actor=self.coordinator,
        )
        self.assertEqual(running_scores(datetime.date(2026, 12, 3)), 0)
