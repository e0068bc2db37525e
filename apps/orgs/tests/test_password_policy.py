"""The password policy (settings.AUTH_PASSWORD_VALIDATORS) on the administrator's user form, and the
demo and test passwords that are set without it still satisfy it."""

from django.contrib.auth.password_validation import validate_password

from apps.demo import data as demo
from apps.orgs.models import User
from luoshi.test import PASSWORD, BaseTestCase

from .test_views_units_users import user_form


class PasswordPolicyTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.admin)

    def test_it_refuses_a_new_user_whose_password_breaks_the_policy(self):
        cases = {
            "Luoshi-26": "至少 10 个字符",
            "20262026202620": "密码只包含数字。",
            "qwertyuiop": "这个密码太常见了。",
            "dave-wang-2026": "密码跟 用户名 太相似了。",
        }
        for password, message in cases.items():
            with self.subTest(password=password):
                data = user_form(self, username="dave-wang", password=password)
                self.assertContains(self.client.post("/users/new/", data), message, status_code=400)
        self.assertFalse(User.objects.filter(username="dave-wang").exists())

    def test_it_refuses_a_reset_that_breaks_the_policy(self):
        data = user_form(self, username="bob", unit=self.zjj.pk, roles=["reporter"], password="bob12345")
        self.assertContains(
            self.client.post(f"/users/{self.bob.pk}/edit/", data), "至少 10 个字符", status_code=400
        )
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))

    def test_it_accepts_a_strong_password(self):
        response = self.client.post("/users/new/", user_form(self, password="Weihe-bridge-2026"))
        self.assertRedirects(response, "/users/", fetch_redirect_response=False)
        self.assertTrue(User.objects.get(username="dave").check_password("Weihe-bridge-2026"))

    def test_it_accepts_the_demo_and_test_passwords_for_their_users(self):
        for username, full_name, _, _ in demo.USERS:
            with self.subTest(username=username):
                validate_password(demo.PASSWORD, User(username=username, full_name=full_name))
        for user in User.objects.all():
            with self.subTest(username=user.username):
                validate_password(PASSWORD, user)
