"""/drafts/<pk>/: the source with the proposed tasks marked, and the reviewer's edits to the proposal."""

from apps.audit.models import AuditEvent
from apps.documents import actions, drafts
from apps.documents.models import Draft
from apps.orgs.models import Role
from luoshi.test import make_unit, make_user

from .base import HTMX, DocumentsTestCase, DraftTestCase
from .helpers import key_of, seed_text


class ReviewTestCase(DraftTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/drafts/{self.draft.pk}/"
        self.text = seed_text("000")

    def key(self, fragment):
        self.draft.refresh_from_db()
        return key_of(self.draft.data, fragment)

    def proposed(self, key):
        self.draft.refresh_from_db()
        return drafts.find(self.draft.data, key)[2]

    def action(self, key, action, data=None, **headers):
        return self.client.post(f"{self.url}tasks/{key}/{action}/", data or {}, **headers)

    def test_it_marks_every_proposed_task_in_the_source(self):
        response = self.client.get(self.url)
        self.assertContains(response, "审核台账草稿：2026年全面深化改革工作要点")
        key = self.key("深化要素市场化改革")
        task = self.proposed(key)
        self.assertContains(
            response, f'<mark id="src-{key}" data-task="{key}">{task["text"]}</mark>', html=True
        )
        kept = drafts.counts(self.draft.data)["tasks"]
        self.assertContains(response, "<mark ", count=kept)

    def test_it_shows_the_proposed_ledger(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'id="proposal"')
        self.assertContains(response, "要在优化营商环境上突破提升")
        self.assertContains(response, f'id="task-{self.key("深化要素市场化改革")}"')
        self.assertContains(response, "项未指定牵头单位")

    def test_it_escapes_the_source_text(self):
        draft = actions.create_draft(
            text="一、总体要求\n要加快推进<script>alert(1)</script>改革，新建学校3所。\n",
            filename="x.txt",
            raw=None,
            title="测试",
            year=2026,
            owner_unit=self.city,
            actor=self.coordinator,
        )
        response = self.client.get(f"/drafts/{draft.pk}/")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_it_edits_the_title_and_units_and_returns_the_proposal(self):
        key = self.key("深化要素市场化改革")
        data = {"title": "深化要素市场化配置改革", "units": "1", "lead": [self.fgw.pk], "co": [self.zjj.pk]}
        response = self.action(key, "save", data, **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "documents/_proposal.html")
        self.assertTemplateNotUsed(response, "documents/review.html")
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'value="深化要素市场化配置改革"')
        task = self.proposed(key)
        self.assertEqual(task["title"], "深化要素市场化配置改革")
        self.assertEqual(task["lead_unit_ids"], [self.fgw.pk])
        self.assertEqual(task["co_unit_ids"], [self.zjj.pk])

    def test_it_keeps_the_units_when_the_pickers_were_not_open(self):
        key = self.key("深化要素市场化改革")
        self.action(key, "save", {"units": "1", "lead": [self.fgw.pk]}, **HTMX)
        self.action(key, "save", {"title": "深化要素市场化配置改革"}, **HTMX)
        self.assertEqual(self.proposed(key)["lead_unit_ids"], [self.fgw.pk])

    def test_it_saves_without_htmx_and_redirects_back(self):
        key = self.key("深化要素市场化改革")
        response = self.action(key, "save", {"title": "深化要素市场化配置改革"})
        self.assertRedirects(response, self.url)
        self.assertEqual(self.proposed(key)["title"], "深化要素市场化配置改革")

    def test_it_ignores_units_outside_the_reviewers_jurisdiction(self):
        draft = self.make_draft("000", owner_unit=self.county)
        key = key_of(draft.data, "深化要素市场化改革")
        self.login(self.county_coordinator)
        data = {"units": "1", "lead": [self.fgw.pk, self.county_fgj.pk]}
        self.client.post(f"/drafts/{draft.pk}/tasks/{key}/save/", data, **HTMX)
        draft.refresh_from_db()
        self.assertEqual(drafts.find(draft.data, key)[2]["lead_unit_ids"], [self.county_fgj.pk])

    def test_it_shows_an_error_for_an_empty_title(self):
        key = self.key("深化要素市场化改革")
        response = self.action(key, "save", {"title": " "}, **HTMX)
        self.assertContains(response, "任务名称不能为空")
        self.assertEqual(self.proposed(key)["title"], "深化要素市场化改革")

    def test_it_loads_the_unit_pickers_of_one_task_with_its_units_checked(self):
        key = self.key("深化要素市场化改革")
        self.action(key, "save", {"units": "1", "lead": [self.fgw.pk]}, **HTMX)
        response = self.client.get(f"{self.url}tasks/{key}/units/", **HTMX)
        self.assertContains(response, f'id="q-lead-{key}"')
        self.assertContains(response, f'id="q-co-{key}"')
        self.assertContains(response, '<input type="hidden" name="units" value="1">', html=True)
        self.assertContains(
            response, f'<input type="checkbox" name="lead" value="{self.fgw.pk}" checked>', html=True
        )

    def test_its_unit_pickers_do_not_list_the_whole_tree(self):
        key = self.key("深化要素市场化改革")
        response = self.client.get(f"{self.url}tasks/{key}/units/", **HTMX)
        self.assertNotContains(response, "市统计局")
        self.assertNotContains(response, "<option")

    def test_it_drops_and_restores_a_task(self):
        key = self.key("深化要素市场化改革")
        tasks = drafts.counts(self.draft.data)["tasks"]
        response = self.action(key, "drop", **HTMX)
        self.assertContains(response, "已删除 1 项")
        self.assertTrue(self.proposed(key)["dropped"])
        self.assertEqual(drafts.counts(self.draft.data)["tasks"], tasks - 1)
        # the dropped task is no longer marked in the source
        self.assertNotContains(self.client.get(self.url), f'id="src-{key}"')

        self.action(key, "restore", **HTMX)
        self.assertFalse(self.proposed(key)["dropped"])

    def test_it_merges_a_task_into_the_previous_one(self):
        first, second = self.key("深化要素市场化改革"), self.key("继续深化国企改革")
        start, end = self.proposed(first)["start"], self.proposed(second)["end"]
        response = self.action(second, "merge", **HTMX)
        self.assertNotContains(response, f'id="task-{second}"')
        merged = self.proposed(first)
        self.assertEqual((merged["start"], merged["end"]), (start, end))
        self.assertEqual(merged["text"], self.text[start:end])

    def test_it_splits_a_merged_task_again(self):
        first, second = self.key("深化要素市场化改革"), self.key("继续深化国企改革")
        spans = [(self.proposed(k)["start"], self.proposed(k)["end"]) for k in (first, second)]
        self.action(second, "merge", **HTMX)
        response = self.action(first, "split", **HTMX)
        self.assertEqual(response.status_code, 200)
        self.draft.refresh_from_db()
        area = next(a for a in self.draft.data["areas"] if a["title"] == "要在优化营商环境上突破提升")
        self.assertEqual([(t["start"], t["end"]) for t in area["tasks"]], spans)
        for task in area["tasks"]:
            self.assertContains(response, f'id="task-{task["key"]}"')

    def test_it_explains_why_a_task_cannot_be_split(self):
        key = self.key("继续深化国企改革")
        response = self.action(key, "split", **HTMX)
        self.assertContains(response, "这项任务只有一句话，无法拆分")

    def test_it_shows_the_error_after_a_redirect_without_htmx(self):
        key = self.key("继续深化国企改革")
        response = self.action(key, "split", follow=True)
        self.assertRedirects(response, self.url)
        self.assertContains(response, "这项任务只有一句话，无法拆分")

    def test_it_answers_404_for_an_unknown_action_or_task(self):
        key = self.key("继续深化国企改革")
        self.assertEqual(self.action(key, "publish").status_code, 404)
        self.assertEqual(self.client.get(f"{self.url}tasks/t9999/units/").status_code, 404)

    def test_it_refuses_get_on_an_edit(self):
        key = self.key("继续深化国企改革")
        self.assertEqual(self.client.get(f"{self.url}tasks/{key}/drop/").status_code, 405)
        self.assertFalse(self.proposed(key)["dropped"])

    def test_it_refuses_edits_to_a_discarded_draft(self):
        key = self.key("继续深化国企改革")
        response = self.client.post(f"{self.url}discard/")
        self.assertRedirects(response, "/documents/new/")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Draft.Status.DISCARDED)
        self.assertEqual(self.action(key, "drop").status_code, 404)


class WhoSeesADraftTestCase(DocumentsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_draft("000")
        cls.key = key_of(cls.draft.data, "深化要素市场化改革")
        cls.anding = make_unit("安定区", cls.county.Kind.COUNTY, cls.city)
        cls.anding_coordinator = make_user("anding_coordinator", cls.anding, Role.COORDINATOR)

    def urls(self, draft, key):
        return [
            ("GET", f"/drafts/{draft.pk}/"),
            ("GET", f"/drafts/{draft.pk}/tasks/{key}/units/"),
            ("POST", f"/drafts/{draft.pk}/tasks/{key}/drop/"),
            ("POST", f"/drafts/{draft.pk}/publish/"),
            ("POST", f"/drafts/{draft.pk}/discard/"),
        ]

    def assert_not_found(self, user, draft, key):
        self.login(user)
        for method, url in self.urls(draft, key):
            with self.subTest(user=user.username, url=url):
                response = self.client.get(url) if method == "GET" else self.client.post(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, "深化要素市场化改革", status_code=404)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Draft.Status.REVIEW)
        self.assertFalse(drafts.find(draft.data, key)[2]["dropped"])

    def test_it_hides_the_draft_from_unit_staff_and_other_roles(self):
        for user in (
            self.alice,
            self.bob,
            self.charlie,
            self.approver,
            self.leader,
            self.inspector,
            self.admin,
        ):
            self.assert_not_found(user, self.draft, self.key)

    def test_it_hides_a_city_draft_from_a_county_coordinator(self):
        self.assert_not_found(self.county_coordinator, self.draft, self.key)

    def test_it_hides_a_draft_of_another_county(self):
        draft = self.make_draft("000", owner_unit=self.anding)
        self.assert_not_found(self.county_coordinator, draft, self.key)
        self.login(self.anding_coordinator)
        self.assertEqual(self.client.get(f"/drafts/{draft.pk}/").status_code, 200)

    def test_it_shows_a_county_draft_to_its_county_and_to_the_city(self):
        draft = self.make_draft("000", owner_unit=self.county)
        for user in (self.county_coordinator, self.coordinator):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertContains(self.client.get(f"/drafts/{draft.pk}/"), "深化要素市场化改革")

    def test_it_answers_the_same_for_a_missing_draft(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get("/drafts/999999/").status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self):
        for method, url in self.urls(self.draft, self.key):
            with self.subTest(url=url):
                response = self.client.get(url) if method == "GET" else self.client.post(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/login/"))


class ReviewDetailsTestCase(DocumentsTestCase):
    """Deadlines, doubtful items and the unit names as written, on the review screen."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_draft("003")

    def setUp(self):
        self.login(self.coordinator)
        self.url = f"/drafts/{self.draft.pk}/"
        self.key = key_of(self.draft.data, "房交会")

    def proposed(self):
        self.draft.refresh_from_db()
        return drafts.find(self.draft.data, self.key)[2]

    def save(self, **data):
        return self.client.post(f"{self.url}tasks/{self.key}/save/", data, **HTMX)

    def doubt(self, confidence=0.3, reason=None):
        """The engine's verdict on the task, as create_draft stores it; the next task is a sure one."""
        self.draft.refresh_from_db()
        task = drafts.find(self.draft.data, self.key)[2]
        task.update(confidence=confidence, reason=reason, dropped=confidence < drafts.LOW_CONFIDENCE)
        self.sure = next(t for a in self.draft.data["areas"] for t in a["tasks"] if t is not task)
        self.sure.update(confidence=1.0, dropped=False)
        for target in self.sure["targets"]:
            target.update(confidence=1.0, dropped=False)
        self.draft.save(update_fields=["data"])

    def assert_shown(self, response, shown):
        self.assertContains(response, f'id="task-{self.key}"', count=1 if shown else 0)
        self.assertNotContains(response, f'id="task-{self.sure["key"]}"')

    def test_it_edits_the_deadline_and_shows_its_date(self):
        response = self.save(deadline="9月底前")
        due = f"{self.draft.year}-09-30"  # the year the engine read from the document
        self.assertEqual((self.proposed()["deadline"], self.proposed()["due"]), ("9月底前", due))
        self.assertContains(response, f'<span class="due" id="due-{self.key}">{due}</span>', html=True)

    def test_it_takes_a_date_as_the_deadline(self):
        self.save(deadline="2026-10-15")
        self.assertEqual(self.proposed()["due"], "2026-10-15")

    def test_it_keeps_an_ongoing_deadline_as_written(self):
        response = self.save(deadline="长期坚持")
        self.assertIsNone(self.proposed()["due"])
        self.assertContains(response, f"长期坚持（不设具体日期，台账按 {self.draft.year}-12-31 跟踪）")

    def test_it_keeps_the_typed_deadline_when_it_cannot_be_read(self):
        response = self.save(title="组织好房交会", deadline="尽快")
        self.assertContains(response, "无法识别完成时限“尽快”")
        self.assertContains(response, 'value="尽快"')
        self.assertContains(response, 'value="组织好房交会"')
        self.assertNotEqual(self.proposed()["title"], "组织好房交会")

    def test_it_shows_the_names_as_written_and_those_that_match_no_unit(self):
        # “请市住建局、商务局牵头”: 市住建局 is in the tree and pre-assigned, 商务局 (as written) is not
        response = self.client.get(self.url)
        self.assertEqual(self.proposed()["lead_unit_ids"], [self.zjj.pk])
        self.assertContains(response, "文中提到：市住建局、商务局")
        self.assertContains(response, '<span class="unmatched">未匹配：商务局</span>', html=True)

    def test_it_flags_a_doubtful_task_with_the_engines_reason(self):
        self.doubt(reason="像是对过去工作的回顾")
        response = self.client.get(self.url)
        self.assertContains(response, "可能不是任务：像是对过去工作的回顾。已默认删除")

    def test_it_flags_a_doubtful_task_with_its_score_without_a_reason(self):
        self.doubt(confidence=0.32)
        self.assertContains(self.client.get(self.url), "可能不是任务：置信度 0.32")

    def test_it_shows_only_doubtful_items_when_filtered(self):
        self.doubt()
        self.assert_shown(self.client.get(self.url, {"doubtful": "1"}), True)

    def test_it_filters_below_a_chosen_threshold(self):
        self.doubt(confidence=0.65)
        self.assert_shown(self.client.get(self.url, {"doubtful": "1"}), False)
        self.assert_shown(self.client.get(self.url, {"doubtful": "1", "below": "0.7"}), True)

    def test_it_keeps_the_filter_after_an_edit(self):
        self.doubt()
        response = self.client.post(f"{self.url}tasks/{self.key}/restore/", {"doubtful": "1"}, **HTMX)
        self.assert_shown(response, True)
        self.assertFalse(self.proposed()["dropped"])

    def test_it_answers_the_filter_with_the_proposal_only_for_htmx(self):
        response = self.client.get(self.url, {"doubtful": "1"}, **HTMX)
        self.assertTemplateUsed(response, "documents/_proposal.html")
        self.assertTemplateNotUsed(response, "documents/review.html")

    def test_it_never_shows_a_missing_year(self):
        for _, task in drafts.kept_tasks(self.draft.data):
            for target in task["targets"]:
                target["horizon"] = None
        drafts.add_target(
            self.draft.data,
            self.key,
            {
                "metric": "展位",
                "comparator": ">=",
                "value": 500.0,
                "unit": "个",
                "deadline": None,
                "due": None,
            },
            year=None,
        )
        self.draft.save(update_fields=["data"])
        self.assertNotContains(self.client.get(self.url), "None")

    def test_it_records_each_edit_with_the_reviewer(self):
        self.save(deadline="9月底前")
        event = AuditEvent.objects.get(object_type="draft", action=AuditEvent.Action.UPDATE)
        self.assertEqual(event.actor, self.coordinator)
        before, after = event.changes[f"task {self.key}"]
        self.assertEqual(after["due"], f"{self.draft.year}-09-30")
        self.assertNotEqual(before["due"], after["due"])
