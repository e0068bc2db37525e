import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.test import override_settings

from apps.notify import outbox
from apps.notify.delivery import MAX_ATTEMPTS, deliver_pending
from apps.notify.models import Channel, Delivery, Notification
from apps.supervision import actions as supervision_actions
from apps.supervision.models import Notice
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=abc"
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz"


def minutes(n):
    return NOW + datetime.timedelta(minutes=n)


class NotifyTestCase(BaseTestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def channel(self, kind=Channel.Kind.DINGTALK, address=DINGTALK, unit=None, **kwargs):
        return Channel.objects.create(unit=unit or self.fgw, kind=kind, address=address, **kwargs)

    def issue(self):
        return supervision_actions.issue_notice(
            task=self.task,
            unit=self.fgw,
            level=Notice.Level.URGE,
            reason="11月进展报告逾期未报",
            reply_by=datetime.date(2026, 11, 30),
            actor=self.coordinator,
        )

    def queue(self, channel, key="test:1"):
        outbox.send(users=[], units=[channel.unit], key=key, subject="落实提醒", text="请报送进展")
        return Delivery.objects.get(channel=channel, key=key)


class SendTestCase(NotifyTestCase):
    def test_it_notifies_the_units_staff_in_app(self):
        notice = self.issue()
        texts = dict(Notification.objects.values_list("user__username", "link"))
        self.assertEqual(texts, {"alice": f"/notices/{notice.pk}/", "approver": f"/notices/{notice.pk}/"})

    def test_it_queues_one_delivery_per_enabled_channel(self):
        self.channel()
        self.channel(kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        self.channel(kind=Channel.Kind.WECOM, address=WECOM, enabled=False)
        self.channel(unit=self.zjj)
        self.issue()
        kinds = sorted(Delivery.objects.values_list("channel__kind", flat=True))
        self.assertEqual(kinds, ["dingtalk", "email"])

    def test_it_sends_nothing_twice_under_the_same_key(self):
        self.channel()
        users = [self.alice]
        first = outbox.send(users=users, units=[self.fgw], key="reminder:7", text="请报送")
        second = outbox.send(users=users, units=[self.fgw], key="reminder:7", text="请报送")
        self.assertEqual((first, second), (2, 0))
        self.assertEqual((Notification.objects.count(), Delivery.objects.count()), (1, 1))

    def test_it_delivers_a_repeated_key_only_once(self):
        self.channel(kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        for _ in range(2):
            outbox.send(users=[], units=[self.fgw], key="reminder:7", text="请报送")
            deliver_pending()
        self.assertEqual(len(mail.outbox), 1)


class WebhookTestCase(NotifyTestCase):
    def test_it_posts_the_dingtalk_text_format(self):
        self.queue(self.channel())
        with mock.patch("apps.notify.transports.webhook.post_json") as post:
            deliver_pending()
        post.assert_called_once_with(
            DINGTALK, {"msgtype": "text", "text": {"content": "落实提醒\n请报送进展"}}
        )

    def test_it_posts_the_wecom_text_format(self):
        self.queue(self.channel(kind=Channel.Kind.WECOM, address=WECOM))
        with mock.patch("apps.notify.transports.webhook.post_json") as post:
            deliver_pending()
        post.assert_called_once_with(WECOM, {"msgtype": "text", "text": {"content": "落实提醒\n请报送进展"}})

    def test_it_includes_the_link_in_a_notice(self):
        self.channel()
        notice = self.issue()
        with (
            mock.patch("apps.notify.transports.webhook.post_json") as post,
            override_settings(SITE_URL="https://luoshi.dingxi.gov.cn/"),
        ):
            deliver_pending()
        content = post.call_args.args[1]["text"]["content"]
        self.assertTrue(content.startswith("【催办】建成高标准农田20万亩\n"))
        self.assertIn(f"/notices/{notice.pk}/", content)

    def test_it_marks_a_delivery_sent(self):
        delivery = self.queue(self.channel())
        with mock.patch("apps.notify.transports.webhook.post_json"):
            self.assertEqual(deliver_pending(), (1, 0))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts, delivery.sent_at), ("sent", 1, NOW))

    def test_it_records_a_failure_and_keeps_the_delivery(self):
        delivery = self.queue(self.channel())
        failure = RuntimeError("webhook 返回错误：310000 keywords not in content")
        with mock.patch("apps.notify.transports.webhook.post_json", side_effect=failure):
            self.assertEqual(deliver_pending(), (0, 1))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("pending", 1))
        self.assertEqual(delivery.last_error, "webhook 返回错误：310000 keywords not in content")

    def test_it_backs_off_between_attempts(self):
        delivery = self.queue(self.channel())
        with mock.patch("apps.notify.transports.webhook.post_json", side_effect=OSError("timed out")) as post:
            deliver_pending(now=minutes(0))
            deliver_pending(now=minutes(0.5))  # not due yet
            deliver_pending(now=minutes(1))
        self.assertEqual(post.call_count, 2)
        delivery.refresh_from_db()
        self.assertEqual((delivery.attempts, delivery.next_attempt_at), (2, minutes(3)))

    def test_it_doubles_the_wait_after_each_failure(self):
        delivery = self.queue(self.channel())
        waits, now = [], NOW
        with mock.patch("apps.notify.transports.webhook.post_json", side_effect=OSError("timed out")):
            for _ in range(MAX_ATTEMPTS - 1):
                deliver_pending(now=now)
                delivery.refresh_from_db()
                waits.append((delivery.next_attempt_at - now).total_seconds() / 60)
                now = delivery.next_attempt_at
        self.assertEqual(waits, [1, 2, 4, 8, 16])

    def test_it_succeeds_on_a_later_attempt(self):
        delivery = self.queue(self.channel())
        with mock.patch("apps.notify.transports.webhook.post_json", side_effect=[OSError("timed out"), None]):
            deliver_pending(now=minutes(0))
            deliver_pending(now=minutes(1))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts, delivery.last_error), ("sent", 2, ""))
        self.assertEqual(delivery.sent_at, minutes(1))

    def test_it_gives_up_after_max_attempts_and_keeps_the_error(self):
        delivery = self.queue(self.channel())
        with mock.patch(
            "apps.notify.transports.webhook.post_json", side_effect=OSError("connection refused")
        ):
            for _ in range(MAX_ATTEMPTS):
                deliver_pending(now=minutes(1000))
                Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=minutes(0))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("failed", MAX_ATTEMPTS))
        self.assertEqual(delivery.last_error, "connection refused")

    def test_it_does_not_retry_a_failed_delivery(self):
        channel = self.channel()
        Delivery.objects.create(channel=channel, key="k", subject="s", text="t", status="failed", attempts=6)
        with mock.patch("apps.notify.transports.webhook.post_json") as post:
            self.assertEqual(deliver_pending(now=minutes(10_000)), (0, 0))
        post.assert_not_called()
        self.assertEqual(Delivery.objects.get().status, "failed")

    def test_it_keeps_going_after_one_channel_fails(self):
        bad = self.queue(self.channel(address="https://bad.example/robot"), key="k")
        good = self.queue(self.channel(unit=self.zjj), key="k")

        def post(url, data):
            if "bad" in url:
                raise OSError("name or service not known")

        with mock.patch("apps.notify.transports.webhook.post_json", side_effect=post):
            self.assertEqual(deliver_pending(), (1, 1))
        bad.refresh_from_db()
        good.refresh_from_db()
        self.assertEqual((bad.status, good.status), ("pending", "sent"))


class Robot(BaseHTTPRequestHandler):
    """A tiny stand-in for a 钉钉/企业微信 robot: answers with the class's `answer`, keeps the bodies."""

    answer = (200, {"errcode": 0, "errmsg": "ok"})
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        status, answer = Robot.answer
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class LocalRobotTestCase(NotifyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}/robot/send?access_token=abc"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        Robot.received = []
        Robot.answer = (200, {"errcode": 0, "errmsg": "ok"})

    def test_it_posts_json_to_the_robot(self):
        delivery = self.queue(self.channel(address=self.url))
        deliver_pending()
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, "sent")
        self.assertEqual(
            Robot.received,
            [
                (
                    "/robot/send?access_token=abc",
                    "application/json",
                    {"msgtype": "text", "text": {"content": "落实提醒\n请报送进展"}},
                )
            ],
        )

    def test_it_treats_a_robot_error_code_as_a_failure(self):
        Robot.answer = (200, {"errcode": 310000, "errmsg": "keywords not in content"})
        delivery = self.queue(self.channel(address=self.url))
        deliver_pending()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("pending", 1))
        self.assertEqual(delivery.last_error, "webhook 返回错误：310000 keywords not in content")

    def test_it_treats_an_http_error_as_a_failure(self):
        Robot.answer = (502, {"error": "bad gateway"})
        delivery = self.queue(self.channel(address=self.url))
        deliver_pending()
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, "pending")
        self.assertIn("502", delivery.last_error)

    def test_it_delivers_once_the_robot_recovers(self):
        Robot.answer = (200, {"errcode": 310000, "errmsg": "keywords not in content"})
        delivery = self.queue(self.channel(address=self.url))
        deliver_pending(now=minutes(0))
        Robot.answer = (200, {"errcode": 0, "errmsg": "ok"})
        deliver_pending(now=minutes(1))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts, delivery.last_error), ("sent", 2, ""))
        self.assertEqual(len(Robot.received), 2)


class EmailTestCase(NotifyTestCase):
    def test_it_sends_an_email(self):
        self.channel(kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        notice = self.issue()
        deliver_pending()
        [message] = mail.outbox
        self.assertEqual(
            (message.subject, message.to), ("【催办】建成高标准农田20万亩", ["fgw@dingxi.gov.cn"])
        )
        self.assertIn(f"/notices/{notice.pk}/", message.body)
        self.assertEqual(Delivery.objects.get().status, "sent")

    def test_it_records_a_mail_server_failure(self):
        delivery = self.queue(self.channel(kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn"))
        with mock.patch(
            "apps.notify.transports.email.send_mail", side_effect=ConnectionRefusedError("smtp down")
        ):
            deliver_pending()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.last_error), ("pending", "smtp down"))
        self.assertEqual(mail.outbox, [])
