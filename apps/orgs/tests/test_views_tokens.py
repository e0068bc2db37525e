"""我的令牌: issuing and revoking an API token are audited; the raw token never reaches the log."""

import datetime

import time_machine

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

    def test_it_shows_when_each_token_expires(self):
        with time_machine.travel(datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
            ApiToken.issue(self.alice, "旧对接")
        with time_machine.travel(datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
            self.issue(self.alice)
            response = self.client.get("/account/tokens/")
        self.assertContains(response, "签发后 180 天到期")
        self.assertContains(response, "2026-07-09（已过期，请重新生成）")
        self.assertContains(response, "2027-01-28</td>")
