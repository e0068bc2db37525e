"""Roles are read only in the access modules: views, API modules and templates ask named helpers
(`can_manage_plans(user)`, `{% if can.administer %}`), never a role name. This test fails when a role
check appears anywhere else a request is answered."""

import pathlib
import re

from apps.orgs.access import can_administer, is_oversight
from apps.plans.access import can_manage_plans, jurisdiction_ids
from luoshi.test import BaseTestCase

ROOT = pathlib.Path(__file__).resolve().parent.parent
# A role check: has_role(), user.roles, a Role member, the role sets, the oversight flag, or a role's
# value in quotes ("leader" is left out: it is also the 分管领导 field of a task).
ROLE_CHECK = re.compile(
    r"has_role\(|\.roles\b|\bRole\.(ADMIN|COORDINATOR|LEADER|INSPECTOR|REPORTER|APPROVER|STATISTICIAN)\b|"
    r"\bUNIT_ROLES\b|\bOVERSIGHT_ROLES\b|\.is_oversight\b|[\"'](admin|coordinator|inspector|reporter|approver|statistician)[\"']"
)


def answering_files():
    """Every view module, API module and template."""
    yield from ROOT.glob("apps/*/views.py")
    yield from ROOT.glob("apps/*/views/*.py")
    yield from ROOT.glob("apps/*/api.py")
    yield from ROOT.glob("apps/*/api_*.py")
    yield ROOT / "luoshi" / "api.py"
    yield from ROOT.glob("templates/**/*.html")


def role_checks_in(path: pathlib.Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if ROLE_CHECK.search(line)
    ]


class RoleChecksTestCase(BaseTestCase):
    def test_it_finds_no_role_check_outside_the_access_modules(self):
        files = list(answering_files())
        self.assertGreater(len(files), 20)  # the globs found the views and templates
        found = [hit for path in files for hit in role_checks_in(path)]
        self.assertEqual(found, [], "role checks belong in apps/*/access.py:\n" + "\n".join(found))

    def test_it_would_catch_each_style_of_role_check(self):
        for line in (
            'if request.user.has_role("coordinator"):',
            "{% if 'admin' in user.roles %}",
            "if user.has_role(Role.APPROVER):",
            "if not user.is_oversight:",
            "if Role.STATISTICIAN in wanted:",
            "{% if 'statistician' in roles_of_user %}",
        ):
            self.assertRegex(line, ROLE_CHECK)
        self.assertNotRegex('.order_by("leader")', ROLE_CHECK)


class AccessHelpersTestCase(BaseTestCase):
    def test_it_answers_each_flag_for_its_role_only(self):
        self.assertEqual(
            [u.username for u in (self.alice, self.coordinator, self.admin) if can_manage_plans(u)],
            ["coordinator"],
        )
        self.assertEqual(
            [u.username for u in (self.alice, self.coordinator, self.admin) if can_administer(u)], ["admin"]
        )
        self.assertEqual(
            [u.username for u in (self.alice, self.leader, self.inspector) if is_oversight(u)],
            ["leader", "inspector"],
        )

    def test_it_answers_false_for_an_anonymous_user(self):
        from django.contrib.auth.models import AnonymousUser

        anonymous = AnonymousUser()
        self.assertFalse(can_manage_plans(anonymous) or can_administer(anonymous) or is_oversight(anonymous))

    def test_it_works_out_the_jurisdiction_once_per_user_object(self):
        user = type(self.county_leader).objects.get(pk=self.county_leader.pk)
        first = jurisdiction_ids(user)
        with self.assertNumQueries(0):
            self.assertEqual(jurisdiction_ids(user), first)


class NavigationTestCase(BaseTestCase):
    def test_it_shows_the_document_upload_to_coordinators_only(self):
        for user, shown in ((self.coordinator, True), (self.alice, False), (self.admin, False)):
            self.login(user)
            response = self.client.get("/plans/")
            self.assertEqual('href="/documents/new/"' in response.content.decode(), shown, user.username)

    def test_it_shows_the_admin_pages_to_administrators_only(self):
        for user, shown in ((self.admin, True), (self.coordinator, False)):
            self.login(user)
            response = self.client.get("/plans/")
            self.assertEqual("留痕日志" in response.content.decode(), shown, user.username)
