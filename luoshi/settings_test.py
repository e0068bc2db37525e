"""Settings for the test suite (pytest-django's DJANGO_SETTINGS_MODULE): the ordinary settings with
LUOSHI_DEMO on unless the environment says otherwise, so that plain `pytest` needs no SECRET_KEY."""

import os

os.environ.setdefault("LUOSHI_DEMO", "1")

from luoshi.settings import *  # noqa: E402, F403

# Background jobs run inside the request, so a test sees their result at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
