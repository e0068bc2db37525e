from django.test import SimpleTestCase

from apps.audit import registry
from apps.audit.models import AuditEvent


class RegistryTestCase(SimpleTestCase):
    """The apps register their own models from AppConfig.ready; these read what they registered."""

    def test_it_labels_a_field_by_its_own_models_verbose_name(self):
        self.assertEqual(registry.label("task", "title"), "任务名称")
        self.assertEqual(registry.label("plan", "title"), "计划名称")

    def test_it_labels_a_measurement_unit_as_a_unit_not_as_an_owning_unit(self):
        self.assertEqual(registry.label("target", "unit"), "单位")
        self.assertEqual(registry.label("user", "unit"), "所属单位")

    def test_it_labels_a_key_that_is_not_a_field_from_the_apps_extra_labels(self):
        self.assertEqual(registry.label("task", "lead_units"), "牵头单位")
        self.assertEqual(registry.label("user", "password"), "密码")

    def test_it_labels_the_archive_time_of_any_object(self):
        self.assertEqual(registry.label("cycle", "archived_at"), "归档时间")

    def test_it_keeps_the_name_of_a_field_without_a_verbose_name(self):
        self.assertEqual(registry.label("task", "source_start"), "source_start")

    def test_it_keeps_the_name_of_an_unregistered_object_type(self):
        self.assertEqual(registry.label("nothing", "title"), "title")

    def test_it_shows_a_choice_by_its_label(self):
        self.assertEqual(registry.display("task", "kind", "routine"), "常规")
        self.assertEqual(registry.display("target", "comparator", ">="), "≥")
        self.assertEqual(registry.display("task", "priority", 1), "高")

    def test_it_shows_a_boolean_in_words(self):
        self.assertEqual(registry.display("user", "is_active", False), "否")

    def test_it_shows_each_item_of_a_list_by_its_choice_label(self):
        self.assertEqual(registry.display("user", "roles", ["reporter", "leader"]), "单位填报员、领导")

    def test_it_keeps_a_value_that_is_not_a_choice(self):
        self.assertEqual(registry.display("task", "kind", "unknown"), "unknown")
        self.assertEqual(registry.display("task", "title", "routine"), "routine")
        self.assertIsNone(registry.display("task", "kind", None))

    def test_it_turns_an_events_changes_into_labelled_display_rows(self):
        event = AuditEvent(
            object_type="task", changes={"kind": ["routine", "reform"], "leader": [None, "李"]}
        )
        self.assertEqual(registry.rows(event), [("类型", "常规", "改革"), ("责任领导", None, "李")])
