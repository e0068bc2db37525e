from .base import CascadeTestCase


class TaskPanelTests(CascadeTestCase):
    def test_it_rolls_up_the_county_task_on_the_city_task_page(self):
        self.farmland.progress_note = "已完成4.2万亩"
        self.farmland.percent = 70
        self.farmland.save(update_fields=["progress_note", "percent"])
        self.link()
        self.login(self.coordinator)
        response = self.client.get(f"/tasks/{self.task.pk}/")
        self.assertContains(response, "下级落实情况")
        self.assertContains(response, "已完成4.2万亩")

    def test_it_shows_the_county_task_its_parent_task(self):
        self.link()
        self.login(self.county_reporter)
        response = self.client.get(f"/tasks/{self.farmland.pk}/")
        self.assertContains(response, "承接：建成高标准农田20万亩")

    def test_it_leaves_out_lower_tasks_the_user_does_not_see(self):
        self.link()
        self.login(self.alice)
        self.assertNotContains(self.client.get(f"/tasks/{self.task.pk}/"), "下级落实情况")

    def test_it_leaves_out_proposals_not_yet_confirmed(self):
        self.link(state="suggested")
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(f"/tasks/{self.task.pk}/"), "下级落实情况")
