"""修改密码: a signed-in user changes their own password against the policy; the change is audited, the
session stays signed in, and the user's API tokens are revoked."""

from apps.audit.models import AuditEvent
from apps.orgs.models import ApiToken
from luoshi.test import PASSWORD, BaseTestCase

NEW = "Weihe-bridge-2026"


class PasswordChangeTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.alice)

    def change(self, new=NEW, old=PASSWORD, again=None):
        data = {"old_password": old, "new_password1": new, "new_password2": again or new}
        return self.client.post("/account/password/", data)

    def test_it_is_linked_from_the_user_menu(self):
        self.assertContains(self.client.get("/account/tokens/"), 'href="/account/password/"')

    def test_it_shows_a_labelled_form(self):
        response = self.client.get("/account/password/")
        self.assertContains(response, '<label for="id_old_password">')
        self.assertContains(response, '<label for="id_new_password1">')

    def test_it_changes_the_password_and_keeps_the_session(self):
        response = self.change()
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        self.assertEqual(self.client.get("/account/tokens/").status_code, 200)

    def test_it_audits_the_change_without_the_password(self):
        self.change()
        event = AuditEvent.objects.get(
            object_type="user", object_id=self.alice.pk, changes__has_key="password"
        )
        self.assertEqual(event.actor, self.alice)
        self.assertNotIn(NEW, str(event.changes))

    def test_it_revokes_the_users_api_tokens(self):
        token, raw = ApiToken.issue(self.alice, "对接")
        self.change()
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        api = self.client_class().get("/api/plans", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(api.status_code, 401)

    def test_it_refuses_a_wrong_old_password(self):
        response = self.change(old="not-my-password")
        self.assertContains(response, "你的旧密码不正确", status_code=400)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))

    def test_it_refuses_passwords_against_the_policy_in_chinese(self):
        cases = {
            "Short-26": "密码长度太短。密码必须包含至少 10 个字符。",
            "1234567890123": "密码只包含数字。",
            "password123": "这个密码太常见了。",
            "alicewang-26": "密码跟 用户名 太相似了。",
        }
        self.alice.username = "alicewang"
        self.alice.save(update_fields=["username"])
        for new, message in cases.items():
            with self.subTest(new=new):
                self.assertContains(self.change(new=new), message, status_code=400)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))
        self.assertFalse(AuditEvent.objects.filter(changes__has_key="password").exists())

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        self.client.logout()
        response = self.client.get("/account/password/")
        self.assertRedirects(response, "/login/?next=/account/password/", fetch_redirect_response=False)
