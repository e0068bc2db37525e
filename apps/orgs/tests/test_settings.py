"""The settings refuse unsafe production starts. Each test runs Python in a fresh process with its own
environment, since settings are read once at import."""

import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import TestCase

BASE_DIR = Path(__file__).resolve().parents[3]
SETTINGS_VARS = (
    "DEBUG",
    "LUOSHI_DEMO",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "HTTPS",
    "ALLOWED_HOSTS",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "BEHIND_PROXY",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process only
)


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "luoshi.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


class SecretKeyTestCase(TestCase):
    def test_it_refuses_to_start_without_a_secret_key_in_production(self):
        result = run(["-c", "import django; django.setup()"], LUOSHI_DEMO="0")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("django.core.exceptions.ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_it_starts_with_a_secret_key(self):
        code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
        result = run(["-c", code], LUOSHI_DEMO="0", SECRET_KEY="x" * 50)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "False")

    def test_it_reads_the_secret_key_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".key") as f:
            f.write("k" * 50 + "\n")
            f.flush()
            code = (
                "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
            )
            result = run(["-c", code], LUOSHI_DEMO="0", SECRET_KEY_FILE=f.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "k" * 50)


class DeployCheckTestCase(TestCase):
    def test_it_passes_the_deploy_check_but_for_the_documented_hsts_item(self):
        result = run(
            ["manage.py", "check", "--deploy"],
            DEBUG="0",
            LUOSHI_DEMO="0",
            HTTPS="1",
            SECRET_KEY=secrets.token_urlsafe(48),
            ALLOWED_HOSTS="luoshi.example.gov.cn",
        )
        output = result.stdout + result.stderr
        warnings = sorted(set(re.findall(r"\(security\.W\d+\)", output)))
        # W004 (SECURE_HSTS_SECONDS unset) is documented: HSTS is switched on per site once HTTPS works.
        self.assertEqual(warnings, ["(security.W004)"], output)
        self.assertEqual(result.returncode, 0, output)
        self.assertNotIn("ERRORS:", output)
        self.assertIn("1 issue", output)
