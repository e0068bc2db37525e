import datetime

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.orgs.models import User
from luoshi.test import PASSWORD, BaseTestCase

T0 = datetime.datetime(2026, 5, 11, 8, 0, tzinfo=datetime.UTC)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class FastHashTestCase(BaseTestCase):
    """These tests sign in with real passwords many times: hash them with the fast test-only hasher."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        fast = make_password(PASSWORD)
        User.objects.update(password=fast)
        for user in (cls.alice, cls.bob, cls.charlie):
            user.password = fast


class LoginTestCase(FastHashTestCase):
    def sign_in(self, username="alice", password=PASSWORD, ip="10.20.30.40"):
        return self.client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)

    def signed_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def test_it_signs_in_and_records_who_and_from_where(self):
        response = self.sign_in()
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertTrue(self.signed_in())

        event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.actor_name, "alice")
        self.assertEqual(event.ip, "10.20.30.40")

    def test_it_follows_next_after_signing_in(self):
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertRedirects(response, f"/login/?next=/tasks/{self.task.pk}/")
        response = self.client.post(
            "/login/", {"username": "alice", "password": PASSWORD, "next": f"/tasks/{self.task.pk}/"}
        )
        self.assertRedirects(response, f"/tasks/{self.task.pk}/")

    def test_it_refuses_a_wrong_password_and_records_the_attempt(self):
        response = self.sign_in(password="wrong-password")
        self.assertContains(response, "用户名或密码不正确")
        self.assertFalse(self.signed_in())

        event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
        self.assertIsNone(event.actor)
        self.assertEqual(event.actor_name, "alice")
        self.assertEqual(event.ip, "10.20.30.40")
        self.assertFalse(AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists())

    def test_it_records_a_failed_attempt_for_an_unknown_name(self):
        self.sign_in(username="mallory", password="guess")
        event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
        self.assertEqual(event.actor_name, "mallory")

    def test_it_never_records_the_password_tried(self):
        self.sign_in(password="my-secret-guess")
        for event in AuditEvent.objects.all():
            self.assertNotIn("my-secret-guess", str(event.changes))
            self.assertNotIn("my-secret-guess", event.object_repr)

    def test_it_refuses_an_inactive_user(self):
        self.alice.is_active = False
        self.alice.save(update_fields=["is_active"])
        self.sign_in()
        self.assertFalse(self.signed_in())

    def test_it_redirects_a_signed_in_user_away_from_the_login_page(self):
        self.login(self.alice)
        self.assertRedirects(self.client.get("/login/"), "/", fetch_redirect_response=False)


class LockoutTestCase(FastHashTestCase):
    def attempt(self, password, ip="10.20.30.40"):
        return self.client.post("/login/", {"username": "alice", "password": password}, REMOTE_ADDR=ip)

    def test_it_locks_the_account_after_five_failures(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        for _ in range(5):
            self.attempt("wrong-password")

        response = self.attempt(PASSWORD)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登录已暂时锁定", status_code=429)
        self.assertFalse(AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists())
        self.assertEqual(AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count(), 6)

    def test_it_allows_four_failures(self):
        for _ in range(4):
            self.attempt("wrong-password")
        self.assertRedirects(self.attempt(PASSWORD), "/", fetch_redirect_response=False)

    def test_it_forgets_failures_after_a_success(self):
        for _ in range(4):
            self.attempt("wrong-password")
        self.attempt(PASSWORD)
        self.client.logout()
        for _ in range(4):
            self.attempt("wrong-password")
        self.assertRedirects(self.attempt(PASSWORD), "/", fetch_redirect_response=False)

    def test_it_locks_per_user_name_and_address(self):
        for _ in range(5):
            self.attempt("wrong-password")
        # another user at the same address, and alice from another address, are not locked out
        response = self.client.post(
            "/login/", {"username": "bob", "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertEqual(self.attempt(PASSWORD, ip="10.9.9.9").status_code, 302)

    def test_it_unlocks_after_the_cool_off(self):
        with time_machine.travel(T0, tick=False) as traveller:
            for _ in range(5):
                self.attempt("wrong-password")
            self.assertEqual(self.attempt(PASSWORD).status_code, 429)

            traveller.shift(datetime.timedelta(minutes=16))
            self.assertRedirects(self.attempt(PASSWORD), "/", fetch_redirect_response=False)


class SprayLockoutTestCase(FastHashTestCase):
    """Password spraying: a few guesses at each of many accounts from one address. Each user name stays
    under its own limit of 5, so only the address's count (LOGIN_IP_FAILURE_LIMIT, 40) can stop it."""

    ADDRESS = "10.20.30.40"

    def attempt(self, username, password="wrong-password", ip=ADDRESS):
        return self.client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)

    def spray(self, attempts, per_user=4):
        users = list(User.objects.order_by("pk"))
        names = [u.username for u in users] + ["nobody-" + str(i) for i in range(attempts)]
        for i in range(attempts):
            self.attempt(names[i // per_user])
        return users

    def test_it_locks_the_address_after_44_attempts_over_11_users(self):
        self.assertEqual(settings.LOGIN_IP_FAILURE_LIMIT, 40)
        self.spray(44)
        self.assertEqual(len({e.actor_name for e in AuditEvent.objects.all()}), 11)
        response = self.attempt("alice", PASSWORD)
        self.assertContains(response, "登录已暂时锁定", status_code=429)
        self.assertContains(response, "网络地址", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_lets_the_same_users_in_from_another_address(self):
        self.spray(44)
        self.assertRedirects(
            self.attempt("alice", PASSWORD, ip="10.9.9.9"), "/", fetch_redirect_response=False
        )

    def test_it_allows_39_failures_from_one_address(self):
        self.spray(39)
        self.assertRedirects(self.attempt("charlie", PASSWORD), "/", fetch_redirect_response=False)

    def test_it_keeps_counting_the_address_after_one_users_success(self):
        self.spray(36)
        self.assertRedirects(self.attempt("alice", PASSWORD), "/", fetch_redirect_response=False)
        self.client.logout()
        # alice's own 4 failures are forgotten, the other 32 are not: 8 more lock the address
        for _ in range(8):
            self.attempt("mallory")
        self.assertEqual(self.attempt("bob", PASSWORD).status_code, 429)

    def test_it_unlocks_the_address_after_the_cool_off(self):
        with time_machine.travel(T0, tick=False) as traveller:
            self.spray(44)
            traveller.shift(datetime.timedelta(minutes=16))
            self.assertRedirects(self.attempt("bob", PASSWORD), "/", fetch_redirect_response=False)


class LogoutTestCase(BaseTestCase):
    def test_it_signs_out_and_records_it(self):
        self.login(self.bob)
        response = self.client.post("/logout/", REMOTE_ADDR="10.1.1.1")
        self.assertRedirects(response, "/login/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

        event = AuditEvent.objects.get(action=AuditEvent.Action.LOGOUT)
        self.assertEqual(event.actor, self.bob)
        self.assertEqual(event.actor_name, "bob")
        self.assertEqual(event.ip, "10.1.1.1")

    def test_it_refuses_a_get(self):
        self.login(self.bob)
        self.assertEqual(self.client.get("/logout/").status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)


# Production does not write the session on every request (tests/test_deploy.py checks luoshi.settings); the
# suite's settings (luoshi/settings_test.py) do, because the query budgets count that save.
PRODUCTION_SESSIONS = override_settings(SESSION_SAVE_EVERY_REQUEST=False)


@PRODUCTION_SESSIONS
class SessionTimeoutTestCase(FastHashTestCase):
    def test_it_keeps_a_session_for_a_working_day(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 10 * 3600)
        self.assertFalse(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)

    def test_it_sets_a_cookie_that_outlives_the_browser(self):
        with time_machine.travel(T0, tick=False):
            response = self.client.post("/login/", {"username": "alice", "password": PASSWORD})
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertEqual(cookie["max-age"], 10 * 3600)
        self.assertTrue(cookie["expires"])

    def test_it_ends_the_session_a_working_day_after_the_login(self):
        with time_machine.travel(T0, tick=False) as traveller:
            self.client.post("/login/", {"username": "alice", "password": PASSWORD})
            for _ in range(9):
                traveller.shift(datetime.timedelta(hours=1))
                self.assertEqual(self.client.get("/plans/").status_code, 200)
            traveller.shift(datetime.timedelta(minutes=59))
            self.assertEqual(self.client.get("/plans/").status_code, 200)

            traveller.shift(datetime.timedelta(minutes=2))
            response = self.client.get("/plans/")
            self.assertRedirects(response, "/login/?next=/plans/", fetch_redirect_response=False)

    def test_it_does_not_write_the_session_on_every_request(self):
        with time_machine.travel(T0, tick=False) as traveller:
            self.client.post("/login/", {"username": "alice", "password": PASSWORD})
            key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
            expires = Session.objects.get(session_key=key).expire_date
            traveller.shift(datetime.timedelta(hours=2))
            response = self.client.get("/plans/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(settings.SESSION_COOKIE_NAME, response.cookies)
        self.assertEqual(Session.objects.get(session_key=key).expire_date, expires)


@override_settings(BEHIND_PROXY=True)
class BehindProxyLockoutTestCase(FastHashTestCase):
    """Behind the reverse proxy every request arrives from 127.0.0.1: the address counted (and audited) is
    the client's, from the X-Forwarded-For the proxy sets, so one sprayer does not lock the whole site."""

    def attempt(self, username, client, password="wrong-password"):
        return self.client.post(
            "/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=client,
        )

    def test_it_locks_the_sprayers_address_only(self):
        for i in range(40):
            self.attempt(f"guess-{i // 4}", "203.0.113.9")
        self.assertEqual(self.attempt("alice", "203.0.113.9", PASSWORD).status_code, 429)
        self.assertRedirects(
            self.attempt("bob", "198.51.100.7", PASSWORD), "/", fetch_redirect_response=False
        )

    def test_it_counts_the_address_the_proxy_wrote_not_one_the_client_made_up(self):
        for i in range(40):
            self.attempt(f"guess-{i // 4}", f"10.0.0.{i}, 203.0.113.9")
        self.assertEqual(self.attempt("alice", "203.0.113.9", PASSWORD).status_code, 429)

    def test_it_audits_the_clients_address(self):
        self.attempt("alice", "203.0.113.9")
        self.assertEqual(AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).ip, "203.0.113.9")

    @override_settings(BEHIND_PROXY=False)
    def test_it_ignores_x_forwarded_for_without_a_proxy(self):
        for i in range(40):
            self.attempt(f"guess-{i // 4}", f"10.0.0.{i}")
        self.assertEqual(self.attempt("alice", "203.0.113.9", PASSWORD).status_code, 429)
