"""The review screen's unit suggestions: the engine matches mentions against unit names and aliases of
the issuing unit's jurisdiction, and never guesses between two units that share a name."""

from apps.documents import drafts
from apps.orgs.models import Unit
from luoshi.test import make_unit

from .base import DocumentsTestCase
from .helpers import key_of


class DraftUnitTests(DocumentsTestCase):
    def house_fair_task(self, draft):
        # “请市住建局、商务局牵头组织好房交会、车展会。” (seed 003)
        return drafts.find(draft.data, key_of(draft.data, "房交会"))[2]

    def test_it_suggests_a_unit_whose_alias_a_task_mentions(self):
        self.zjj.name = "定西市城乡建设服务中心"
        self.zjj.aliases = ["市住建局"]
        self.zjj.save(update_fields=["name", "aliases"])
        task = self.house_fair_task(self.make_draft("003"))
        self.assertIn(self.zjj.pk, task["lead_unit_ids"])
        self.assertNotIn("市住建局", task["unmatched"])

    def test_it_does_not_suggest_either_of_two_units_that_share_the_mentioned_name(self):
        make_unit("市住建局", Unit.Kind.DEPARTMENT, self.county)
        task = self.house_fair_task(self.make_draft("003"))
        self.assertEqual(
            Unit.objects.filter(name="市住建局", pk__in=task["lead_unit_ids"] + task["co_unit_ids"]).count(),
            0,
        )
        self.assertIn("市住建局", task["unmatched"])
