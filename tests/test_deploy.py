"""Production serving: gunicorn's worker count from the cores, the production settings for sessions and
password hashing, and BEHIND_PROXY (read in a fresh process, since settings are read once at import)."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import TestCase, mock

from luoshi import settings as production

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN_CONF = BASE_DIR / "deploy" / "gunicorn.conf.py"


def gunicorn_config(cores, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        with mock.patch("multiprocessing.cpu_count", return_value=cores):
            return runpy.run_path(str(GUNICORN_CONF))


def setting(name, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("BEHIND_PROXY", "DJANGO_SETTINGS_MODULE")}
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "luoshi.settings", "LUOSHI_DEMO": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class GunicornConfigTestCase(TestCase):
    def test_it_runs_two_workers_per_core_and_one(self):
        self.assertEqual(gunicorn_config(2)["workers"], 5)
        self.assertEqual(gunicorn_config(8)["workers"], 17)

    def test_it_takes_the_worker_count_and_address_from_the_environment(self):
        config = gunicorn_config(2, GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:8047")
        self.assertEqual(config["workers"], 3)
        self.assertEqual(config["bind"], "127.0.0.1:8047")

    def test_it_bounds_requests_and_recycles_workers(self):
        config = gunicorn_config(2)
        self.assertEqual(config["bind"], "127.0.0.1:8000")
        self.assertEqual(config["worker_class"], "sync")
        self.assertEqual(config["timeout"], 60)
        self.assertEqual(config["max_requests"], 1000)
        self.assertGreater(config["max_requests_jitter"], 0)


class ProductionSettingsTestCase(TestCase):
    def test_it_keeps_sessions_for_a_working_day_without_a_write_per_request(self):
        self.assertEqual(production.SESSION_COOKIE_AGE, 10 * 3600)
        self.assertFalse(production.SESSION_SAVE_EVERY_REQUEST)
        self.assertFalse(production.SESSION_EXPIRE_AT_BROWSER_CLOSE)

    def test_it_hashes_with_argon2_and_still_checks_pbkdf2(self):
        self.assertEqual(
            production.PASSWORD_HASHERS[:2],
            ["luoshi.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"],
        )

    def test_it_trusts_the_proxy_headers_only_behind_a_proxy(self):
        self.assertEqual(setting("SECURE_PROXY_SSL_HEADER"), "None")
        self.assertEqual(setting("USE_X_FORWARDED_HOST"), "False")
        self.assertEqual(
            setting("SECURE_PROXY_SSL_HEADER", BEHIND_PROXY="True"), "('HTTP_X_FORWARDED_PROTO', 'https')"
        )
        self.assertEqual(setting("USE_X_FORWARDED_HOST", BEHIND_PROXY="True"), "True")
