"""The jurisdiction's 牵头机关/督查员 review a submitted case (采纳 / 退回修改 / 不予采纳), record how far an
accepted one has been promoted (with its proof), feature it, and turn a good-practice 督查发现 into a draft."""

import datetime

import time_machine

from apps.audit.models import AuditEvent
from apps.cases.models import Case, Level, Promotion
from apps.notify.models import Notification

from .base import CaseTestCase, pdf

NOW = datetime.datetime(2026, 11, 20, 10, 0)


@time_machine.travel(NOW, tick=False)
class ReviewTestCase(CaseTestCase):
    def review(self, case, decision, comment="", user=None):
        self.login(user or self.coordinator)
        return self.client.post(f"/cases/{case.pk}/review/", {"decision": decision, "comment": comment})

    def test_it_accepts_a_submitted_case_and_tells_the_unit(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        response = self.review(case, "accept")
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        case.refresh_from_db()
        self.assertEqual((case.status, case.reviewed_by), (Case.Status.ACCEPTED, self.coordinator))
        told = Notification.objects.filter(link=f"/cases/{case.pk}/", user=self.alice).get()
        self.assertIn("已采纳", told.text)

    def test_it_returns_a_case_with_the_reason(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        self.review(case, "return", "请补充成效数据", user=self.inspector)
        case.refresh_from_db()
        self.assertEqual((case.status, case.review_comment), (Case.Status.RETURNED, "请补充成效数据"))
        event = AuditEvent.objects.filter(object_type="case", object_id=case.pk).latest("id")
        self.assertEqual(event.changes["status"], ["submitted", "returned"])

    def test_it_needs_a_reason_to_return_or_reject(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        for decision in ("return", "reject"):
            response = self.review(case, decision)
            self.assertContains(response, "须说明理由", status_code=400)
        case.refresh_from_db()
        self.assertEqual(case.status, Case.Status.SUBMITTED)

    def test_it_refuses_to_review_a_case_twice(self):
        case = self.make_case(status=Case.Status.REJECTED)
        self.assertContains(self.review(case, "accept"), "不在待审核状态", status_code=400)

    def test_it_shows_the_review_form_to_reviewers_of_a_submitted_case_only(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        for user, shown in ((self.coordinator, True), (self.inspector, True), (self.alice, False)):
            self.login(user)
            content = self.client.get(f"/cases/{case.pk}/").content.decode()
            self.assertEqual('id="review-case"' in content, shown, user.username)


@time_machine.travel(NOW, tick=False)
class PromotionTestCase(CaseTestCase):
    def promote_page(self, case, **data):
        self.login(self.coordinator)
        body = {"level": Level.PROVINCE, "proof": "", "promoted_on": "2026-11-01", **data}
        return self.client.post(f"/cases/{case.pk}/promote/", body)

    def test_it_records_a_promotion_with_its_document_number(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        response = self.promote_page(case, proof="甘肃省农业农村厅《工作简报》第12期")
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        case.refresh_from_db()
        self.assertEqual(case.level, Level.PROVINCE)
        promotion = case.promotions.get()
        self.assertEqual(
            (promotion.proof, promotion.promoted_on),
            ("甘肃省农业农村厅《工作简报》第12期", datetime.date(2026, 11, 1)),
        )

    def test_it_accepts_a_file_alone_as_the_proof(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote_page(case, file=pdf("推广文件.pdf"))
        promotion = Promotion.objects.get(case=case)
        self.assertEqual([e.name for e in promotion.evidence.all()], ["推广文件.pdf"])
        self.login(self.leader)
        self.assertContains(self.client.get(f"/cases/{case.pk}/"), "推广文件.pdf")

    def test_it_needs_a_proof(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.assertContains(self.promote_page(case), "请填写推广依据", status_code=400)
        self.assertFalse(Promotion.objects.exists())

    def test_it_only_records_a_level_above_the_one_reached(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(case, Level.PROVINCE)
        response = self.promote_page(case, level=Level.CITY, proof="市政府办通知")
        self.assertContains(response, "已推广至省级", status_code=400)

    def test_it_refuses_a_promotion_day_in_the_future(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        response = self.promote_page(case, proof="简报", promoted_on="2026-11-21")
        self.assertContains(response, "推广日期不能晚于今天", status_code=400)

    def test_it_promotes_only_an_accepted_case(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        self.assertContains(self.promote_page(case, proof="简报"), "只有已采纳", status_code=400)

    def test_it_lists_each_promotion_step_on_the_case_page(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.promote(case, Level.CITY, proof="定政办发〔2026〕21号")
        self.promote(case, Level.NATION, proof="国务院办公厅《政务情况交流》")
        self.login(self.alice)
        response = self.client.get(f"/cases/{case.pk}/")
        self.assertContains(response, "定政办发〔2026〕21号")
        self.assertContains(response, "国家级推广")
        self.assertNotContains(response, 'id="promote-case"')


@time_machine.travel(NOW, tick=False)
class FeatureTestCase(CaseTestCase):
    def test_it_features_an_accepted_case_and_takes_it_back(self):
        case = self.make_case(status=Case.Status.ACCEPTED)
        self.login(self.coordinator)
        self.client.post(f"/cases/{case.pk}/feature/", {"featured": "1"})
        case.refresh_from_db()
        self.assertTrue(case.featured)
        self.client.post(f"/cases/{case.pk}/feature/", {"featured": "0"})
        case.refresh_from_db()
        self.assertFalse(case.featured)
        self.assertEqual(
            AuditEvent.objects.filter(
                object_type="case", object_id=case.pk, changes__has_key="featured"
            ).count(),
            2,
        )

    def test_it_refuses_to_feature_a_case_not_accepted(self):
        case = self.make_case(status=Case.Status.SUBMITTED)
        self.login(self.coordinator)
        response = self.client.post(f"/cases/{case.pk}/feature/", {"featured": "1"}, follow=True)
        self.assertContains(response, "只有已采纳的典型经验可以设为精选")
        case.refresh_from_db()
        self.assertFalse(case.featured)


@time_machine.travel(NOW, tick=False)
class FromFindingTestCase(CaseTestCase):
    def test_it_turns_a_good_practice_finding_into_a_draft_for_its_unit(self):
        self.login(self.inspector)
        response = self.client.post(
            f"/findings/{self.good.pk}/case/", {"title": "一张图管理", "area": "乡村振兴"}
        )
        case = Case.objects.get()
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)
        self.assertEqual(
            (case.unit, case.status, case.finding, case.year, case.area),
            (self.fgw, Case.Status.DRAFT, self.good, 2026, "乡村振兴"),
        )
        self.assertEqual(case.summary, self.good.text)
        self.assertEqual(list(case.tasks.all()), [self.task])
        self.assertTrue(Notification.objects.filter(user=self.alice, link=f"/cases/{case.pk}/").exists())

    def test_it_lets_the_unit_complete_and_submit_the_draft(self):
        self.login(self.inspector)
        self.client.post(f"/findings/{self.good.pk}/case/", {"title": "一张图管理"})
        case = Case.objects.get()
        self.login(self.alice)
        page = self.client.get(f"/cases/{case.pk}/")
        self.assertContains(page, f'href="/inspections/{self.inspection.pk}/#finding-{self.good.pk}"')
        self.assertContains(page, 'id="submit-case"')

    def test_it_opens_the_existing_case_the_second_time(self):
        self.login(self.inspector)
        self.client.post(f"/findings/{self.good.pk}/case/", {"title": "一张图管理"})
        case = Case.objects.get()
        response = self.client.get(f"/findings/{self.good.pk}/case/")
        self.assertRedirects(response, f"/cases/{case.pk}/", fetch_redirect_response=False)

    def test_it_refuses_a_finding_not_marked_good_practice(self):
        self.login(self.inspector)
        response = self.client.post(f"/findings/{self.finding.pk}/case/", {"title": "进度滞后"})
        self.assertContains(response, "未标记为可推广的好做法", status_code=400)

    def test_it_shows_the_button_on_the_inspection_page_for_good_practice_findings(self):
        self.login(self.inspector)
        content = self.client.get(f"/inspections/{self.inspection.pk}/").content.decode()
        self.assertIn(f'href="/findings/{self.good.pk}/case/"', content)
        self.assertNotIn(f'href="/findings/{self.finding.pk}/case/"', content)
        self.login(self.alice)
        self.assertNotContains(self.client.get(f"/inspections/{self.inspection.pk}/"), "转为典型经验")
