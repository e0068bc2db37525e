"""我的令牌: issuing and revoking an API token are audited; the raw token never reaches the log."""

from apps.audit.models import AuditEvent
from apps.orgs.models import ApiToken
from luoshi.test import BaseTestCase


class TokenTestCase(BaseTestCase):
    def issue(self, user):
        self.login(user)
        response = self.client.post("/account/tokens/", {"name": "数据对接"})
        return response.context["raw"]

    def test_it_audits_the_issue_without_the_raw_token(self):
        raw = self.issue(self.alice)
        event = AuditEvent.objects.get(object_type="apitoken", action=AuditEvent.Action.CREATE)
        self.assertEqual((event.actor, event.changes["name"]), (self.alice, [None, "数据对接"]))
        self.assertNotIn(raw, str(event.changes))

    def test_it_audits_the_revocation(self):
        self.issue(self.alice)
        token = ApiToken.objects.get(user=self.alice)
        self.client.post(f"/account/tokens/{token.pk}/revoke/")
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertTrue(
            AuditEvent.objects.filter(object_type="apitoken", object_id=token.pk, actor=self.alice)
            .filter(changes__has_key="revoked_at")
            .exists()
        )

    def test_it_refuses_to_revoke_another_users_token(self):
        self.issue(self.bob)
        token = ApiToken.objects.get(user=self.bob)
        self.login(self.alice)
        self.assertEqual(self.client.post(f"/account/tokens/{token.pk}/revoke/").status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
