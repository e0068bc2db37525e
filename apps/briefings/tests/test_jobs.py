"""Generation as a background job when the plan has more than settings.BRIEFING_JOB_TASKS tasks (the tests
run django-tasks' immediate backend: the job has run when the request returns)."""

import time_machine
from django.test import override_settings

from apps.briefings import actions
from apps.briefings.data import STEPS
from apps.briefings.jobs import generate_briefing_job
from apps.briefings.models import Briefing, BriefingJob

from .base import NOW, TODAY, BriefingTestCase


@time_machine.travel(NOW, tick=False)
class BriefingJobTestCase(BriefingTestCase):
    def post_generate(self, **kwargs):
        self.login(self.coordinator)
        return self.client.post(f"/plans/{self.plan.pk}/briefings/generate/", {"period": "2026-11"}, **kwargs)

    @override_settings(BRIEFING_JOB_TASKS=5)
    def test_it_generates_a_plan_above_the_threshold_as_a_job_and_links_the_draft(self):
        response = self.post_generate(follow=True)
        job = BriefingJob.objects.get()
        self.assertEqual(response.redirect_chain, [(f"/briefings/jobs/{job.pk}/", 302)])
        briefing = Briefing.objects.get()
        self.assertEqual((job.status, job.briefing, job.tasks, job.done), ("done", briefing, 6, job.steps))
        self.assertEqual(briefing.data["total"], 6)
        self.assertContains(response, f'href="/briefings/{briefing.pk}/"')

    @override_settings(BRIEFING_JOB_TASKS=6)
    def test_it_generates_a_plan_at_the_threshold_at_once(self):
        response = self.post_generate()
        self.assertEqual(response["Location"], f"/briefings/{Briefing.objects.get().pk}/")
        self.assertFalse(BriefingJob.objects.exists())

    def test_it_tells_each_step_as_it_begins(self):
        steps = []
        actions.generate(
            self.plan, 2026, 11, actor=self.coordinator, today=TODAY, progress=lambda *s: steps.append(s)
        )
        self.assertEqual(steps, [*enumerate(STEPS), (len(STEPS), actions.SAVE_STEP)])

    def test_it_polls_with_htmx_while_the_job_runs(self):
        job = BriefingJob.objects.create(
            user=self.coordinator, plan=self.plan, year=2026, month=11, tasks=9000, steps=4,
            status=BriefingJob.Status.RUNNING, done=1, step=STEPS[1],
        )  # fmt: skip
        self.login(self.coordinator)
        response = self.client.get(f"/briefings/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
        self.assertContains(response, 'hx-trigger="every 2s"')
        self.assertContains(response, f"生成中：{STEPS[1]}（第 1 / 4 步）")
        self.assertContains(response, '<progress max="100" value="25">')
        self.assertNotContains(response, "<html")

    def test_it_stops_polling_once_the_job_is_done(self):
        briefing = actions.generate(self.plan, 2026, 11, actor=self.coordinator, today=TODAY)
        job = BriefingJob.objects.create(
            user=self.coordinator, plan=self.plan, year=2026, month=11, tasks=9000, steps=4,
            status=BriefingJob.Status.DONE, done=4, briefing=briefing,
        )  # fmt: skip
        self.login(self.coordinator)
        response = self.client.get(f"/briefings/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, "查看通报草稿")

    def test_it_fails_the_job_of_a_user_who_may_no_longer_manage_the_plan(self):
        job = BriefingJob.objects.create(user=self.alice, plan=self.plan, year=2026, month=11, steps=4)
        generate_briefing_job.enqueue(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.error), ("failed", "您已无权生成该计划的通报"))
        self.assertFalse(Briefing.objects.exists())

    def test_it_shows_a_job_to_its_requester_only(self):
        job = BriefingJob.objects.create(user=self.coordinator, plan=self.plan, year=2026, month=11, steps=4)
        self.login(self.leader)
        self.assertEqual(self.client.get(f"/briefings/jobs/{job.pk}/").status_code, 404)
