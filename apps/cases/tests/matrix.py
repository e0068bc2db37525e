"""The data the 典型经验 permission matrices run against: a draft, a submitted and an accepted case of
市发改委 and the good-practice finding of CaseTestCase, with their ids for the url templates."""

import luoshi.test as luoshi_test
from apps.cases.models import Case

from .base import CASE, CaseTestCase


class CaseMatrixTestCase(luoshi_test.MatrixTestCase, CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_case(title="草稿")
        cls.submitted = cls.make_case(title="待审核", status=Case.Status.SUBMITTED)
        cls.accepted = cls.make_case(title="已采纳", status=Case.Status.ACCEPTED)
        cls.ids = {
            "draft": cls.draft.pk,
            "submitted": cls.submitted.pk,
            "accepted": cls.accepted.pk,
            "finding": cls.good.pk,
        }


CASE_FORM = {**CASE, "year": 2026}
