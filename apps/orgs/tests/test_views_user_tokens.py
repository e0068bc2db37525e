"""An administrator sees and revokes any user's API tokens on the user's page; a password reset or a
deactivation revokes them all. Every revocation is audited with the acting administrator."""

from apps.audit.models import AuditEvent
from apps.orgs.models import ApiToken
from luoshi.test import BaseTestCase

from .test_views_units_users import user_form


class UserTokensTestCase(BaseTestCase):
    def setUp(self):
        self.token, self.raw = ApiToken.issue(self.bob, "数据对接")

    def edit(self, **overrides):
        fields = {"username": "bob", "unit": self.zjj.pk, "roles": ["reporter"], "password": ""}
        data = user_form(self, **{**fields, **overrides})
        return self.client.post(f"/users/{self.bob.pk}/edit/", data)

    def revoked_by(self, actor):
        self.token.refresh_from_db()
        return (
            self.token.revoked_at is not None
            and AuditEvent.objects.filter(
                object_type="apitoken", object_id=self.token.pk, actor=actor, changes__has_key="revoked_at"
            ).exists()
        )

    def test_it_lists_the_users_tokens_on_the_edit_page(self):
        self.login(self.admin)
        response = self.client.get(f"/users/{self.bob.pk}/edit/")
        self.assertContains(response, "数据对接")
        self.assertContains(response, f"/users/{self.bob.pk}/tokens/{self.token.pk}/revoke/")

    def test_it_lets_an_admin_revoke_anyones_token(self):
        self.login(self.admin)
        response = self.client.post(f"/users/{self.bob.pk}/tokens/{self.token.pk}/revoke/")
        self.assertRedirects(response, f"/users/{self.bob.pk}/edit/", fetch_redirect_response=False)
        self.assertTrue(self.revoked_by(self.admin))
        api = self.client_class().get("/api/plans", headers={"Authorization": f"Bearer {self.raw}"})
        self.assertEqual(api.status_code, 401)

    def test_it_refuses_everyone_but_an_admin(self):
        for user in (self.bob, self.coordinator, self.leader):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.post(f"/users/{self.bob.pk}/tokens/{self.token.pk}/revoke/")
                self.assertEqual(response.status_code, 403)
        self.token.refresh_from_db()
        self.assertIsNone(self.token.revoked_at)

    def test_it_answers_404_for_a_token_of_another_user(self):
        self.login(self.admin)
        response = self.client.post(f"/users/{self.alice.pk}/tokens/{self.token.pk}/revoke/")
        self.assertEqual(response.status_code, 404)

    def test_it_revokes_the_tokens_when_an_admin_resets_the_password(self):
        self.login(self.admin)
        self.edit(password="Qingshui-river-77", is_active="on")
        self.assertTrue(self.revoked_by(self.admin))

    def test_it_revokes_the_tokens_when_the_user_is_deactivated(self):
        self.login(self.admin)
        self.edit(is_active="")
        self.assertTrue(self.revoked_by(self.admin))

    def test_it_keeps_the_tokens_on_an_ordinary_edit(self):
        self.login(self.admin)
        self.edit(full_name="鲍勃", is_active="on")
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.full_name, "鲍勃")
        self.token.refresh_from_db()
        self.assertIsNone(self.token.revoked_at)
