import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.audit.models import AuditEvent
from apps.notify import outbox
from apps.notify.models import Channel, Delivery
from luoshi.test import BaseTestCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdefSECRET"


class ChannelsTestCase(BaseTestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.login(self.admin)

    def channel(self, **kwargs):
        fields = {"unit": self.fgw, "kind": Channel.Kind.DINGTALK, "address": DINGTALK, **kwargs}
        return Channel.objects.create(**fields)

    def test_it_lists_channels_without_their_tokens(self):
        self.channel()
        response = self.client.get("/channels/")
        self.assertContains(response, "https://oapi.dingtalk.com/robot/send?…CRET")
        self.assertNotContains(response, "0123456789abcdef")

    def test_it_adds_an_email_channel(self):
        data = {"unit": self.zjj.pk, "kind": "email", "address": "zjj@dingxi.gov.cn", "enabled": "on"}
        response = self.client.post("/channels/", data)
        self.assertRedirects(response, "/channels/")
        channel = Channel.objects.get()
        self.assertEqual((channel.unit, channel.kind, channel.enabled), (self.zjj, "email", True))

    def test_it_records_a_new_channel_without_its_token(self):
        data = {"unit": self.fgw.pk, "kind": "dingtalk", "address": DINGTALK, "enabled": "on"}
        self.client.post("/channels/", data)
        channel = Channel.objects.get()
        event = AuditEvent.objects.get(object_type="channel", object_id=channel.pk)
        self.assertEqual((event.actor, event.action), (self.admin, AuditEvent.Action.CREATE))
        self.assertEqual(event.changes["address"], [None, "https://oapi.dingtalk.com/robot/send?…CRET"])
        self.assertNotIn("0123456789abcdef", str(event.changes))

    def test_it_refuses_a_webhook_that_is_not_a_url(self):
        data = {"unit": self.fgw.pk, "kind": "wecom", "address": "qyapi.weixin.qq.com/x", "enabled": "on"}
        response = self.client.post("/channels/", data)
        self.assertContains(response, "Webhook 地址应以 http:// 或 https:// 开头", status_code=400)
        self.assertFalse(Channel.objects.exists())

    def test_it_refuses_an_invalid_email_address(self):
        data = {"unit": self.fgw.pk, "kind": "email", "address": "not-an-address", "enabled": "on"}
        response = self.client.post("/channels/", data)
        self.assertContains(response, "请输入有效的电子邮件地址", status_code=400)
        self.assertFalse(Channel.objects.exists())

    def test_it_edits_a_channel(self):
        channel = self.channel()
        new = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-NEWKEY"
        data = {"unit": self.fgw.pk, "kind": "wecom", "address": new, "enabled": "on"}
        response = self.client.post(f"/channels/{channel.pk}/edit/", data)
        self.assertRedirects(response, "/channels/")
        channel.refresh_from_db()
        self.assertEqual((channel.kind, channel.address), ("wecom", new))

    def test_it_records_an_edit(self):
        channel = self.channel()
        data = {"unit": self.fgw.pk, "kind": "dingtalk", "address": DINGTALK + "2", "enabled": "on"}
        self.client.post(f"/channels/{channel.pk}/edit/", data)
        event = AuditEvent.objects.get(object_type="channel", object_id=channel.pk)
        self.assertEqual(event.action, AuditEvent.Action.UPDATE)
        self.assertEqual(list(event.changes), ["address"])
        self.assertNotIn("0123456789abcdef", str(event.changes))

    def test_it_disables_a_channel(self):
        channel = self.channel()
        response = self.client.post(f"/channels/{channel.pk}/disable/")
        self.assertRedirects(response, "/channels/")
        channel.refresh_from_db()
        self.assertFalse(channel.enabled)

    def test_it_records_disabling(self):
        channel = self.channel()
        self.client.post(f"/channels/{channel.pk}/disable/")
        event = AuditEvent.objects.get(object_type="channel", object_id=channel.pk)
        self.assertEqual((event.actor, event.changes), (self.admin, {"enabled": [True, False]}))

    def test_it_sends_nothing_new_to_a_disabled_channel(self):
        channel = self.channel()
        self.client.post(f"/channels/{channel.pk}/disable/")
        outbox.send(users=[], units=[self.fgw], key="test:1", text="提醒")
        self.assertFalse(Delivery.objects.exists())

    def test_it_shows_failed_deliveries_with_attempts_and_error(self):
        channel = self.channel()
        Delivery.objects.create(
            channel=channel,
            key="notice:1",
            subject="【督办】建成高标准农田20万亩",
            text="请回复",
            status=Delivery.Status.FAILED,
            attempts=6,
            last_error="webhook 返回错误：310000 keywords not in content",
        )
        response = self.client.get("/channels/")
        self.assertContains(response, "有 1 条消息发送失败")
        self.assertContains(response, "webhook 返回错误：310000 keywords not in content")
        self.assertContains(response, '<span class="tag high">发送失败</span>', html=True)
        self.assertContains(response, "<td>6</td>", html=True)

    def test_it_shows_a_retrying_delivery_with_its_last_error(self):
        channel = self.channel()
        Delivery.objects.create(
            channel=channel, key="k", subject="s", text="t", attempts=2, last_error="timed out"
        )
        response = self.client.get("/channels/")
        self.assertContains(response, "timed out")
        self.assertContains(response, "待发送 1 条")

    def test_it_filters_deliveries_by_status(self):
        channel = self.channel()
        Delivery.objects.create(
            channel=channel, key="a", subject="失败的", text="t", status=Delivery.Status.FAILED
        )
        Delivery.objects.create(
            channel=channel, key="b", subject="已发的", text="t", status=Delivery.Status.SENT
        )
        response = self.client.get("/channels/?status=failed")
        self.assertEqual([d.subject for d in response.context["deliveries"]], ["失败的"])

    def test_it_requeues_a_failed_delivery(self):
        delivery = Delivery.objects.create(
            channel=self.channel(), key="k", subject="s", text="t", status=Delivery.Status.FAILED, attempts=6
        )
        response = self.client.post(f"/deliveries/{delivery.pk}/retry/")
        self.assertRedirects(response, "/channels/")
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts, delivery.next_attempt_at), ("pending", 0, NOW))
        event = AuditEvent.objects.get(object_type="delivery", object_id=delivery.pk)
        self.assertEqual(event.changes, {"status": ["failed", "pending"]})

    def test_it_requeues_only_failed_deliveries(self):
        delivery = Delivery.objects.create(channel=self.channel(), key="k", subject="s", text="t")
        self.assertEqual(self.client.post(f"/deliveries/{delivery.pk}/retry/").status_code, 404)

    def test_it_is_for_admins_only(self):
        channel = self.channel()
        delivery = Delivery.objects.create(channel=channel, key="k", subject="s", text="t", status="failed")
        others = [self.alice, self.approver, self.bob, self.charlie, self.coordinator, self.leader]
        others += [self.inspector, self.county_leader, self.county_coordinator]
        data = {"unit": self.fgw.pk, "kind": "email", "address": "x@dingxi.gov.cn", "enabled": "on"}
        for user in others:
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/channels/").status_code, 403)
                self.assertEqual(self.client.post("/channels/", data).status_code, 403)
                self.assertEqual(self.client.get(f"/channels/{channel.pk}/edit/").status_code, 403)
                self.assertEqual(self.client.post(f"/channels/{channel.pk}/disable/").status_code, 403)
                self.assertEqual(self.client.post(f"/deliveries/{delivery.pk}/retry/").status_code, 403)
        channel.refresh_from_db()
        self.assertTrue(channel.enabled)
        self.assertEqual(Channel.objects.count(), 1)

    def test_it_redirects_anonymous_users_to_login(self):
        self.client.logout()
        for url in ("/channels/", "/channels/1/edit/"):
            with self.subTest(url=url):
                self.assertRedirects(
                    self.client.get(url), f"/login/?next={url}", fetch_redirect_response=False
                )
