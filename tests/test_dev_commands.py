"""The developer commands the README promises: plain `pytest` and `make run` on another port."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


class DevCommandsTests(SimpleTestCase):
    def test_it_runs_plain_pytest_without_luoshi_demo_in_the_environment(self):
        env = {k: v for k, v in os.environ.items() if k not in ("LUOSHI_DEMO", "DJANGO_SETTINGS_MODULE")}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:warnings", "apps/plans/tests/test_access.py"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(done.returncode, 0, done.stdout[-2000:] + done.stderr[-2000:])

    def test_it_serves_make_run_on_the_port_given(self):
        done = subprocess.run(
            ["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        self.assertIn("runserver 127.0.0.1:8001", done.stdout)
        self.assertIn("http://127.0.0.1:8001/", done.stdout)
