"""延期申请: asked before the time limit by the lead unit, granted or refused; after the limit refused and
the original date counts."""

import datetime

import time_machine
from django.core.exceptions import ValidationError

from apps.supervision import actions_extensions
from apps.supervision.models import Extension

from .base import InspectionTestCase

DUE = datetime.date(2026, 12, 31)  # the fixture item's time limit


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


class ExtensionTestCase(InspectionTestCase):
    def ask(self, new_date=datetime.date(2027, 2, 28)):
        return actions_extensions.ask_extension(
            self.item, new_date=new_date, reason="冬季停工，无法施工", actor=self.alice
        )

    def test_it_moves_the_time_limit_when_granted(self):
        with at(datetime.date(2026, 12, 20)):
            extension = self.ask()
            actions_extensions.decide_extension(extension, grant=True, comment="", actor=self.coordinator)
        self.item.refresh_from_db()
        self.assertEqual(self.item.due_date, datetime.date(2027, 2, 28))

    def test_it_keeps_the_original_date_when_refused(self):
        with at(datetime.date(2026, 12, 20)):
            actions_extensions.decide_extension(
                self.ask(), grant=False, comment="理由不充分", actor=self.coordinator
            )
        self.item.refresh_from_db()
        self.assertEqual(self.item.due_date, DUE)
        self.assertTrue(self.item.is_overdue(datetime.date(2027, 1, 1)))

    def test_it_accepts_a_request_on_the_last_day(self):
        with at(DUE):
            self.assertEqual(self.ask().status, Extension.Status.ASKED)

    def test_it_refuses_a_request_after_the_time_limit(self):
        with at(DUE + datetime.timedelta(days=1)), self.assertRaises(ValidationError):
            self.ask()

    def test_it_refuses_a_new_date_not_later_than_the_old(self):
        with at(datetime.date(2026, 12, 20)), self.assertRaises(ValidationError) as caught:
            self.ask(new_date=DUE)
        self.assertIn("new_date", caught.exception.message_dict)

    def test_it_refuses_a_second_request_while_one_waits(self):
        with at(datetime.date(2026, 12, 20)):
            self.ask()
            with self.assertRaises(ValidationError):
                self.ask()

    def test_it_requires_a_reason_to_refuse(self):
        with at(datetime.date(2026, 12, 20)), self.assertRaises(ValidationError):
            actions_extensions.decide_extension(self.ask(), grant=False, comment="", actor=self.coordinator)

    def test_it_takes_the_request_from_the_item_page(self):
        with at(datetime.date(2026, 12, 20)):
            self.client.force_login(self.alice)
            response = self.client.post(
                f"/rectifications/{self.item.pk}/extension/", {"new_date": "2027-02-28", "reason": "冬季停工"}
            )
        self.assertRedirects(response, f"/rectifications/{self.item.pk}/")
        self.assertEqual(self.item.extensions.get().new_date, datetime.date(2027, 2, 28))
