"""我的待办 lists the 整改台账 work beside the reports: the lead unit's open items, and the items waiting
for 验收 to the 牵头机关/督查员 of the jurisdiction."""

from apps.supervision.models import Rectification
from apps.supervision.tests.base import InspectionTestCase


class TodoRectificationTestCase(InspectionTestCase):
    def todo(self, user):
        self.client.force_login(user)
        return self.client.get("/todo/").context

    def test_it_lists_the_lead_units_open_items_to_its_reporter(self):
        self.assertEqual(list(self.todo(self.alice)["rectifications"]), [self.item])

    def test_it_lists_nothing_of_another_units_items(self):
        self.assertEqual(list(self.todo(self.bob)["rectifications"]), [])

    def test_it_lists_an_item_waiting_for_acceptance_to_the_inspector(self):
        Rectification.objects.filter(pk=self.item.pk).update(status=Rectification.Status.AWAITING)
        self.assertEqual(list(self.todo(self.inspector)["to_verify"]), [self.item])
        self.assertEqual(list(self.todo(self.alice)["rectifications"]), [])

    def test_it_leaves_acceptance_out_of_a_county_coordinators_list(self):
        Rectification.objects.filter(pk=self.item.pk).update(status=Rectification.Status.AWAITING)
        self.assertEqual(list(self.todo(self.county_coordinator)["to_verify"]), [])
