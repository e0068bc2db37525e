"""Passwords are hashed with Argon2id at the measured parameters (luoshi/hashers.py); a hash stored before,
PBKDF2 or Argon2 with other parameters, still logs in and is rehashed with them at that login.

The suite hashes with MD5 for speed (conftest.py); these tests put the production hashers back."""

from django.contrib.auth import hashers
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from apps.orgs.models import User
from luoshi import settings as production
from luoshi.test import PASSWORD, BaseTestCase

CURRENT = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
class PasswordHashingTestCase(BaseTestCase):
    def log_in(self, password=PASSWORD):
        return self.client.post(
            "/login/", {"username": "alice", "password": password}, REMOTE_ADDR="10.0.0.9"
        )

    def store(self, hasher):
        encoded = (
            make_password(PASSWORD, hasher=hasher)
            if isinstance(hasher, str)
            else hasher.encode(PASSWORD, hasher.salt())
        )
        User.objects.filter(pk=self.alice.pk).update(password=encoded)

    def stored(self) -> str:
        return User.objects.get(pk=self.alice.pk).password

    def test_it_hashes_new_passwords_with_argon2id_at_the_measured_parameters(self):
        self.assertEqual(production.PASSWORD_HASHERS[0], "luoshi.hashers.Argon2PasswordHasher")
        encoded = make_password("another-password-1")
        self.assertTrue(encoded.startswith(CURRENT), encoded)
        self.assertTrue(check_password("another-password-1", encoded))

    def test_it_upgrades_a_pbkdf2_hash_at_login(self):
        self.store("pbkdf2_sha256")
        self.assertEqual(identify_hasher(self.stored()).algorithm, "pbkdf2_sha256")
        self.assertRedirects(self.log_in(), "/", fetch_redirect_response=False)
        self.assertTrue(self.stored().startswith(CURRENT), self.stored())
        self.assertTrue(check_password(PASSWORD, self.stored()))

    def test_it_upgrades_an_argon2_hash_with_other_parameters_at_login(self):
        self.store(hashers.Argon2PasswordHasher())  # Django's own Argon2 parameters (100 MiB, 8 lanes)
        self.assertFalse(self.stored().startswith(CURRENT))
        self.assertRedirects(self.log_in(), "/", fetch_redirect_response=False)
        self.assertTrue(self.stored().startswith(CURRENT), self.stored())

    def test_it_keeps_the_hash_after_a_wrong_password(self):
        self.store("pbkdf2_sha256")
        before = self.stored()
        self.assertEqual(self.log_in("not-the-password").status_code, 200)
        self.assertEqual(self.stored(), before)
