"""The data the supervision permission matrices run against: the inspection, finding and rectification
item of InspectionTestCase, a conclusion to 市发改委, and their ids for the url templates. Each page module
(test_permissions_inspections.py, test_permissions_rectification.py, …) has its own PAGES table and
runs it with MatrixTestCase; apps/plans/tests/test_permissions_matrix.py checks every route has a row."""

import datetime

import luoshi.test as luoshi_test
from apps.supervision import actions_inspections as actions
from apps.supervision import actions_recheck as recheck_actions
from apps.supervision.models import Extension, Instruction, Rectification

from .base import InspectionTestCase


class SupervisionMatrixTestCase(luoshi_test.MatrixTestCase, InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_item = cls.rectification_for(cls.zjj)
        cls.awaiting_item = cls.rectification_for(cls.fgw)
        Rectification.objects.filter(pk=cls.awaiting_item.pk).update(status=Rectification.Status.AWAITING)
        cls.verified_item = cls.rectification_for(cls.fgw)
        Rectification.objects.filter(pk=cls.verified_item.pk).update(status=Rectification.Status.VERIFIED)
        cls.publicity_item = cls.rectification_for(cls.fgw)
        Rectification.objects.filter(pk=cls.publicity_item.pk).update(
            status=Rectification.Status.PUBLICITY, publicity_until=datetime.date(2099, 1, 1)
        )
        cls.instruction = Instruction.objects.create(
            leader=cls.leader,
            task=cls.task,
            unit=cls.fgw,
            text="请加快进度",
            answer_by=datetime.date(2099, 12, 31),
        )
        cls.closed_item = cls.rectification_for(cls.fgw)
        Rectification.objects.filter(pk=cls.closed_item.pk).update(
            status=Rectification.Status.CLOSED, closed_on=datetime.date(2026, 10, 15)
        )
        cls.recheck = recheck_actions.draw(
            owner_unit=cls.city,
            closed_from=datetime.date(2026, 10, 1),
            closed_to=datetime.date(2026, 10, 31),
            size=1,
            seed=7,
            actor=cls.inspector,
        )
        cls.extension = Extension.objects.create(
            item=cls.item,
            original_date=cls.item.due_date,
            new_date=datetime.date(2099, 1, 1),
            reason="冬季停工",
            asked_by=cls.alice,
        )
        cls.ids = {
            "extension": cls.extension.pk,
            "recheck": cls.recheck.pk,
            "entry": cls.recheck.entries.get().pk,
            "instruction": cls.instruction.pk,
            "inspection": cls.inspection.pk,
            "finding": cls.finding.pk,
            "item": cls.item.pk,
            "zjj_item": cls.other_item.pk,
            "awaiting_item": cls.awaiting_item.pk,
            "verified_item": cls.verified_item.pk,
            "publicity_item": cls.publicity_item.pk,
            "city": cls.city.pk,
            "zjj": cls.zjj.pk,
            "fgw": cls.fgw.pk,
            "task": cls.task.pk,
        }

    @classmethod
    def rectification_for(cls, unit):
        return actions.create_rectification(
            Rectification(
                owner_unit=cls.city,
                source=Rectification.Source.AUDIT,
                description="专项资金拨付不及时",
                lead_unit=unit,
                due_date=datetime.date(2026, 12, 31),
            ),
            actor=cls.coordinator,
        )
