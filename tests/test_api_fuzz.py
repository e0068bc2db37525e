"""Schemathesis over /api/openapi.json, in process (WSGI, no server), as the demo's city 牵头机关 with a bearer
token: every operation of the API, with generated valid and invalid requests, must answer without a server
error, only with a status code and content type its OpenAPI description declares, and a method a path does
not take with a 405 that names the allowed ones.

API_FUZZ_EXAMPLES (default 10) bounds the examples Hypothesis generates per operation in its fuzzing phase;
schemathesis' coverage cases (boundaries, wrong types, missing fields, other methods: about 6,300 over the
128 operations) come on top. Measured on 2 shared cores: 10 → about 2½–3 minutes, 25 → 4 minutes, of which
the demo load is 25–40 s. It runs on SQLite (CI's first half); on PostgreSQL only when API_FUZZ_EXAMPLES is
set. The demo is loaded once, inside a transaction rolled back at the end, and each operation's writes are
rolled back after it, so nothing the fuzzer writes reaches the other tests.
"""

import io
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    status_code_conformance,
    unsupported_method,
)

from apps.demo import data as demo_data
from apps.orgs.actions import issue_token
from apps.orgs.models import User
from luoshi.wsgi import application

# The test database exists only for marked tests; each operation's writes are rolled back after it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite" and "API_FUZZ_EXAMPLES" not in os.environ,
        reason="the API fuzz run is CI's SQLite half; set API_FUZZ_EXAMPLES to run it on PostgreSQL",
    ),
]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, unsupported_method]


@pytest.fixture(scope="module")
def demo_token(django_db_setup, django_db_blocker):
    """The demo, once for the module, rolled back afterwards; the token of the city's 牵头机关."""
    # Each WSGI request would otherwise close the connection (it is in a transaction), and the demo with it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            coordinator = User.objects.get(username=demo_data.COORDINATORS[demo_data.CITY])
            _, raw = issue_token(coordinator, "schemathesis")
            yield raw
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Read through the app itself, as a client reads it (no database needed for the description).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_without_a_server_error(case, demo_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_token}"}, checks=CHECKS)
