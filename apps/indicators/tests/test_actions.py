"""The audited writes: indicators, targets and figures (one bulk write for a row, an API call or a sheet)."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.indicators import actions
from apps.indicators.models import Actual, Indicator, IndicatorTarget

from .base import IndicatorTestCase


class IndicatorActionsTestCase(IndicatorTestCase):
    def test_it_audits_a_new_indicator(self):
        event = AuditEvent.objects.get(object_type="indicator", object_id=self.retail.pk)
        self.assertEqual(event.action, AuditEvent.Action.CREATE)
        self.assertEqual(event.actor, self.statistician)
        self.assertEqual(event.changes["name"], [None, "社会消费品零售总额"])

    def test_it_refuses_a_duplicate_name_in_the_jurisdiction(self):
        with self.assertRaises(ValidationError) as caught:
            actions.create_indicator(
                Indicator(owner_unit=self.city, name=" 社会消费品零售总额 ", measure="亿元", kind="amount"),
                actor=self.statistician,
            )
        self.assertIn("本辖区已有指标", str(caught.exception))

    def test_it_keeps_the_kind_once_targets_are_set(self):
        with self.assertRaises(ValidationError):
            actions.update_indicator(self.retail, {"kind": Indicator.Kind.GROWTH}, actor=self.statistician)
        changes = actions.update_indicator(self.retail, {"red_gap": D("5")}, actor=self.statistician)
        self.assertEqual(changes, {"red_gap": [None, "5"]})


class TargetActionsTestCase(IndicatorTestCase):
    def test_it_sets_changes_and_removes_a_target_with_audit_rows(self):
        target = IndicatorTarget.objects.get(indicator=self.retail, unit=self.county, year=2026)
        actions.set_target(self.retail, self.county, 2026, "85.5", actor=self.statistician)
        target.refresh_from_db()
        self.assertEqual(target.value, D("85.5"))
        actions.set_target(self.retail, self.county, 2026, None, actor=self.statistician)
        self.assertFalse(IndicatorTarget.objects.filter(pk=target.pk).exists())
        actions_seen = list(
            AuditEvent.objects.filter(object_type="indicatortarget", object_id=target.pk).values_list(
                "action", flat=True
            )
        )
        self.assertEqual(sorted(actions_seen), sorted(["create", "update", "archive"]))

    def test_it_refuses_a_unit_that_is_not_a_county_of_the_jurisdiction(self):
        for unit, message in ((self.fgw, "不是市或县区"),):
            with self.assertRaises(ValidationError) as caught:
                actions.set_target(self.retail, unit, 2026, "1", actor=self.statistician)
            self.assertIn(message, str(caught.exception))

    def test_it_refuses_a_non_positive_amount_and_bad_numbers(self):
        for value in ("0", "abc"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                actions.set_target(self.retail, self.county, 2026, value, actor=self.statistician)


class FigureActionsTestCase(IndicatorTestCase):
    def test_it_creates_then_updates_only_what_changed(self):
        result = self.figures(
            self.retail, 3, [(self.county, D("21"), D("5.2"), 3), (None, D("900"), D("4.8"), None)]
        )
        self.assertEqual(result, {"created": 2, "updated": 0, "unchanged": 0})
        province = Actual.objects.get(indicator=self.retail, unit__isnull=True, month=3)
        self.assertEqual(province.growth, D("4.80"))
        result = self.figures(
            self.retail, 3, [(self.county, D("21"), D("5.3"), 3), (None, D("900"), D("4.8"), None)]
        )
        self.assertEqual(result, {"created": 0, "updated": 1, "unchanged": 1})
        actual = Actual.objects.get(indicator=self.retail, unit=self.county, month=3)
        event = AuditEvent.objects.filter(object_type="actual", object_id=actual.pk, action="update").get()
        self.assertEqual(event.changes, {"growth": ["5.2", "5.3"]})
        self.assertEqual(event.actor, self.statistician)

    def test_it_keeps_missing_figures_missing(self):
        self.figures(self.retail, 3, [(self.county, None, D("5.2"), None)])
        actual = Actual.objects.get(indicator=self.retail, unit=self.county, month=3)
        self.assertIsNone(actual.cumulative)
        self.assertIsNone(actual.province_rank)

    def test_it_allows_only_quarter_months_for_a_quarterly_indicator(self):
        with self.assertRaises(ValidationError) as caught:
            self.figures(self.gdp, 4, [(self.county, None, D("6"), None)])
        self.assertIn("按季度统计", str(caught.exception))
        self.assertFalse(Actual.objects.exists())

    def test_it_writes_nothing_when_one_row_is_bad(self):
        with self.assertRaises(ValidationError) as caught:
            self.figures(
                self.retail, 3, [(self.county, D("21"), D("5"), None), (self.county2, D("-1"), None, 0)]
            )
        self.assertEqual(set(caught.exception.message_dict), {"cumulative", "province_rank"})
        self.assertFalse(Actual.objects.exists())

    def test_it_refuses_the_same_unit_twice(self):
        with self.assertRaises(ValidationError):
            self.figures(
                self.retail, 3, [(self.county, D("1"), None, None), (self.county, D("2"), None, None)]
            )

    def test_it_saves_a_sheet_in_a_fixed_number_of_queries(self):
        rows = [
            (self.city, D("70"), D("5"), 5),
            (self.county, D("20"), D("6"), 2),
            (self.county2, D("9"), D("4"), 9),
        ]
        self.figures(self.retail, 3, rows)
        changed = [(u, c, g + 1, r) for u, c, g, r in rows]
        # savepoint, read, one insert, one update, the audit rows, the month's re-ranking (read; here no
        # rank moves, so no write), release — whatever the number of rows
        with self.assertNumQueries(7):
            result = self.figures(self.retail, 3, changed + [(None, D("800"), D("4.5"), None)])
        self.assertEqual(result, {"created": 1, "updated": 3, "unchanged": 0})

    def test_it_ranks_the_counties_of_the_month_again_on_each_write(self):
        self.figures(
            self.retail, 3, [(self.city, D("70"), D("5"), None), (self.county, D("20"), D("6"), None)]
        )
        self.figures(self.retail, 3, [(self.county2, D("9"), D("6"), None)])
        ranks = dict(Actual.objects.filter(month=3).values_list("unit__name", "peer_rank"))
        self.assertEqual(ranks, {"定西市": None, "陇西县": 1, "渭源县": 1})  # the city has no peers here
        self.figures(self.retail, 3, [(self.county, D("20"), D("5.5"), None)])
        ranks = dict(Actual.objects.filter(month=3).values_list("unit__name", "peer_rank"))
        self.assertEqual((ranks["渭源县"], ranks["陇西县"]), (1, 2))
        self.assertEqual(Actual.objects.get(unit=self.county, month=3).peers, 2)
