"""The tick's lease held through a long run: renewed as the run goes, and a run whose lease was taken stops."""

import datetime

import time_machine

from apps.cycles import tick
from apps.cycles.models import Lease
from apps.notify.models import Delivery
from apps.portal import tick as portal_tick

from .test_tick import D, TickTestCase, at

MINUTE = datetime.timedelta(minutes=1)
NOW = at(D(2026, 11, 20))


class HeldLeaseTestCase(TickTestCase):
    def expires(self):
        return Lease.objects.get(name=tick.LEASE).expires_at

    def test_it_leaves_the_lease_alone_while_more_than_half_its_time_is_left(self):
        lease = tick.take(now=NOW, me="server-a")
        lease.keep(now=NOW + 4 * MINUTE)
        self.assertEqual(self.expires(), NOW + tick.TTL)

    def test_it_renews_the_lease_once_half_its_time_is_gone(self):
        lease = tick.take(now=NOW, me="server-a")
        lease.keep(now=NOW + 6 * MINUTE)
        self.assertEqual(self.expires(), NOW + 6 * MINUTE + tick.TTL)

    def test_it_keeps_another_server_out_while_a_long_run_renews(self):
        lease = tick.take(now=NOW, me="server-a")
        for minutes in (6, 12, 18):
            lease.keep(now=NOW + minutes * MINUTE)
        self.assertFalse(tick.acquire(now=NOW + 20 * MINUTE, me="server-b"))

    def test_it_raises_once_another_server_took_the_expired_lease(self):
        lease = tick.take(now=NOW, me="server-a")
        tick.acquire(now=NOW + 11 * MINUTE, me="server-b")
        with self.assertRaises(tick.LeaseLost):
            lease.keep(now=NOW + 12 * MINUTE)
        self.assertEqual(Lease.objects.get(name=tick.LEASE).holder, "server-b")

    def test_it_gives_two_runs_of_one_process_different_holders(self):
        self.assertNotEqual(tick.holder(), tick.holder())


class LongRunTestCase(TickTestCase):
    """Each step of the run takes `minutes` (the clock is moved in the step hook)."""

    def run_slowly(self, minutes, during=None):
        with time_machine.travel(NOW, tick=False) as clock:

            class Step:
                def __init__(self, name):
                    self.name = name

                def __enter__(self):
                    clock.shift(minutes * MINUTE)
                    if during:
                        during(self.name)

                def __exit__(self, *exc):
                    return False

            return portal_tick.run(today=D(2026, 11, 20), step=Step)

    def test_it_keeps_its_lease_through_a_run_longer_than_the_lease(self):
        refused = []

        def another_server(step):
            refused.append(tick.acquire(me="server-b"))

        result = self.run_slowly(3, another_server)  # 14 steps × 3 minutes: four times the lease
        self.assertNotIn("stopped", result)
        self.assertEqual(result["delivered"], 2)
        self.assertEqual(set(refused), {False})

    def test_it_stops_a_run_whose_lease_another_server_took(self):
        def takeover(step):
            if step == "refresh_status":
                Lease.objects.update(holder="server-b", expires_at=NOW + datetime.timedelta(hours=1))

        result = self.run_slowly(3, takeover)
        self.assertEqual(result["stopped"], "another tick took the lease")
        self.assertNotIn("messages", result)
        self.assertFalse(Delivery.objects.exists())
        self.assertEqual(Lease.objects.get(name=tick.LEASE).holder, "server-b")
