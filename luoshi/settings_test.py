"""Settings for the test suite (pytest-django's DJANGO_SETTINGS_MODULE): the ordinary settings with
LUOSHI_DEMO on unless the environment says otherwise, so that plain `pytest` needs no SECRET_KEY."""

import os

os.environ.setdefault("LUOSHI_DEMO", "1")

from luoshi.settings import *  # noqa: E402, F403

# Background jobs run inside the request, so a test sees their result at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

# The query budgets (REQUEST_OVERHEAD in apps/*/tests) count a session save on every request; production does
# not save it (SESSION_SAVE_EVERY_REQUEST = False). Keep the suite's count until the budgets drop those queries;
# the session tests (apps/orgs/tests/test_views_login.py) use the production settings.
SESSION_SAVE_EVERY_REQUEST = True
