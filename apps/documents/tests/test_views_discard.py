"""放弃草稿: an audited action; the uploaded document stays."""

from apps.audit.models import AuditEvent
from apps.documents.models import Draft

from .base import DraftTestCase


class DiscardTestCase(DraftTestCase):
    def test_it_audits_the_discard_with_the_coordinator(self):
        self.client.post(f"/drafts/{self.draft.pk}/discard/")
        event = AuditEvent.objects.get(
            object_type="draft", object_id=self.draft.pk, changes__has_key="status"
        )
        self.assertEqual(
            (event.actor, event.changes["status"]), (self.coordinator, [Draft.Status.REVIEW, "discarded"])
        )

    def test_it_refuses_the_discard_to_a_reporter(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(f"/drafts/{self.draft.pk}/discard/").status_code, 404)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Draft.Status.REVIEW)
