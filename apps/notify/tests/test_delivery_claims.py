"""Each delivery is claimed before it is sent: two runners working through one outbox send every message once."""

from collections import Counter
from unittest import mock

from django.core import mail

from apps.notify import outbox
from apps.notify.delivery import CLAIM_HOLD, claim, deliver_pending
from apps.notify.models import Channel, Delivery

from .test_outbox_and_delivery import NOW, NotifyTestCase

EMAIL = "apps.notify.transports.email.send"


class LeaseLost(Exception):
    pass


class ClaimTestCase(NotifyTestCase):
    def setUp(self):
        super().setUp()
        self.channel(kind=Channel.Kind.EMAIL, address="fgw@dingxi.gov.cn")
        for n in range(20):
            outbox.send(users=[], units=[self.fgw], key=f"remind:{n}", text=f"第{n}条提醒")

    def sent_texts(self):
        return Counter(message.body for message in mail.outbox)

    def test_it_never_sends_a_message_twice_when_a_second_runner_starts_mid_run(self):
        real_send = mail.send_mail
        runs = []

        def send(address, subject, text):
            real_send(subject, text, "luoshi@localhost", [address])
            if not runs:  # while the first runner is in its first send, a second one runs through
                runs.append("second")
                runs.append(deliver_pending())

        with mock.patch(EMAIL, side_effect=send):
            first = deliver_pending()
        self.assertEqual((first, runs[1]), ((1, 0), (19, 0)))
        self.assertEqual(max(self.sent_texts().values()), 1)
        self.assertEqual(len(mail.outbox), 20)

    def test_it_skips_a_delivery_the_other_runner_claimed_after_this_one_read_the_outbox(self):
        stale = list(Delivery.objects.select_related("channel").order_by("pk"))
        self.assertTrue(claim(Delivery.objects.get(pk=stale[0].pk), NOW))
        self.assertFalse(claim(stale[0], NOW))

    def test_it_leaves_a_claimed_delivery_to_its_runner(self):
        delivery = Delivery.objects.order_by("pk").first()
        claim(delivery, NOW)
        self.assertEqual(deliver_pending(now=NOW + CLAIM_HOLD / 2), (19, 0))
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, Delivery.Status.PENDING)

    def test_it_sends_a_claim_left_by_a_runner_that_died_once_the_hold_is_over(self):
        delivery = Delivery.objects.order_by("pk").first()
        claim(delivery, NOW)
        deliver_pending(now=NOW + CLAIM_HOLD / 2)
        self.assertEqual(deliver_pending(now=NOW + CLAIM_HOLD), (1, 0))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (Delivery.Status.SENT, 2))

    def test_it_stops_sending_once_the_lease_is_lost(self):
        keep = mock.Mock(side_effect=[None, None, None, LeaseLost()])
        with self.assertRaises(LeaseLost):
            deliver_pending(keep=keep)
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(Delivery.objects.filter(status=Delivery.Status.PENDING).count(), 17)
