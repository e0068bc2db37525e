"""The home page sends a 领导 to the dashboard and everyone else to the plans."""

from luoshi.test import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_it_lands_a_leader_on_the_dashboard(self):
        self.login(self.leader)
        self.assertRedirects(self.client.get("/"), "/dashboard/", fetch_redirect_response=False)

    def test_it_lands_a_coordinator_on_the_plans(self):
        self.login(self.coordinator)
        self.assertRedirects(self.client.get("/"), "/plans/", fetch_redirect_response=False)

    def test_it_lands_a_reporter_on_the_plans(self):
        self.login(self.alice)
        self.assertRedirects(self.client.get("/"), "/plans/", fetch_redirect_response=False)

    def test_it_sends_an_anonymous_visitor_to_log_in_and_back_home(self):
        self.assertRedirects(self.client.get("/"), "/login/?next=/", fetch_redirect_response=False)
