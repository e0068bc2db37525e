"""回头看: a reproducible random sample of the items closed in a period; a problem found back reopens its
item and flags it."""

import datetime

from django.core.exceptions import ValidationError

from apps.supervision import actions_recheck as actions
from apps.supervision.models import RecheckEntry, Rectification

from .base import InspectionTestCase

OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


class RecheckTestCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.closed = []
        for n in range(10):
            item = cls.rectification(description=f"问题{n}")
            Rectification.objects.filter(pk=item.pk).update(
                status=Rectification.Status.CLOSED, closed_on=datetime.date(2026, 10, 1 + n)
            )
            cls.closed.append(item)

    def draw(self, **kwargs):
        return actions.draw(
            owner_unit=self.city, closed_from=OCT[0], closed_to=OCT[1], actor=self.inspector, **kwargs
        )

    def sampled(self, recheck):
        return sorted(recheck.entries.values_list("item_id", flat=True))

    def test_it_draws_the_same_sample_from_the_same_seed(self):
        self.assertEqual(
            self.sampled(self.draw(size=3, seed=2026)), self.sampled(self.draw(size=3, seed=2026))
        )

    def test_it_records_a_generated_seed_that_reproduces_the_sample(self):
        first = self.draw(size=3)
        self.assertEqual(self.sampled(self.draw(size=3, seed=first.seed)), self.sampled(first))

    def test_it_rounds_a_percentage_up(self):
        self.assertEqual(self.draw(percent=25).entries.count(), 3)  # 25 % of 10

    def test_it_samples_only_items_closed_in_the_period(self):
        recheck = actions.draw(
            owner_unit=self.city,
            closed_from=datetime.date(2026, 10, 1),
            closed_to=datetime.date(2026, 10, 2),
            size=5,
            actor=self.inspector,
        )
        self.assertEqual(self.sampled(recheck), sorted(i.pk for i in self.closed[:2]))

    def test_it_refuses_a_period_with_nothing_closed(self):
        with self.assertRaises(ValidationError):
            actions.draw(
                owner_unit=self.city,
                closed_from=datetime.date(2025, 1, 1),
                closed_to=datetime.date(2025, 1, 31),
                size=1,
                actor=self.inspector,
            )

    def test_it_reopens_and_flags_an_item_found_back(self):
        entry = self.draw(size=1, seed=1).entries.get()
        actions.record(entry, result=RecheckEntry.Result.REBOUND, note="现场仍有违建", actor=self.inspector)
        item = Rectification.objects.get(pk=entry.item_id)
        self.assertEqual(
            (item.status, item.closed_on, item.rebound), (Rectification.Status.IN_PROGRESS, None, True)
        )

    def test_it_leaves_an_item_that_holds_closed(self):
        entry = self.draw(size=1, seed=1).entries.get()
        actions.record(entry, result=RecheckEntry.Result.HOLDS, note="", actor=self.inspector)
        self.assertEqual(Rectification.objects.get(pk=entry.item_id).status, Rectification.Status.CLOSED)

    def test_it_requires_the_facts_for_a_false_rectification(self):
        entry = self.draw(size=1, seed=1).entries.get()
        with self.assertRaises(ValidationError):
            actions.record(entry, result=RecheckEntry.Result.FALSE, note=" ", actor=self.inspector)
