"""Bearer tokens on the API: refused, with a JSON 401 in Chinese, once API_TOKEN_DAYS have passed."""

import datetime

import time_machine
from django.test import override_settings

from apps.orgs.models import ApiToken
from luoshi.test import BaseTestCase

ISSUED = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)


@override_settings(API_TOKEN_DAYS=180)
class TokenExpiryTestCase(BaseTestCase):
    def get(self, raw):
        return self.client.get("/api/plans", headers={"Authorization": f"Bearer {raw}"})

    def issue(self):
        with time_machine.travel(ISSUED, tick=False):
            return ApiToken.issue(self.coordinator, "对接")

    def test_it_accepts_a_token_on_its_last_day(self):
        _, raw = self.issue()
        with time_machine.travel(ISSUED + datetime.timedelta(days=179, hours=23), tick=False):
            self.assertEqual(self.get(raw).status_code, 200)

    def test_it_refuses_a_token_after_its_days_with_a_chinese_json_401(self):
        _, raw = self.issue()
        with time_machine.travel(ISSUED + datetime.timedelta(days=180, minutes=1), tick=False):
            response = self.get(raw)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response.json(), {"detail": "令牌已于 2026-07-09 过期，请在“API 令牌”页面生成新令牌"}
        )

    @override_settings(API_TOKEN_DAYS=30)
    def test_it_follows_the_setting(self):
        _, raw = self.issue()
        with time_machine.travel(ISSUED + datetime.timedelta(days=31), tick=False):
            self.assertEqual(self.get(raw).status_code, 401)

    def test_it_answers_an_unknown_token_in_chinese(self):
        response = self.get("ls_not-a-real-token")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "未登录，或令牌无效、已作废"})
