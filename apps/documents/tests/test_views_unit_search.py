"""/drafts/<pk>/units/: the type-ahead of the review screen's unit pickers."""

from apps.orgs.models import Unit
from luoshi.test import make_unit

from .base import DocumentsTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class UnitSearchTestCase(DocumentsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Unit.Kind
        cls.rsj = make_unit("市人力资源和社会保障局", K.DEPARTMENT, cls.city)
        cls.county_rsj = make_unit("陇西县人社局", K.DEPARTMENT, cls.county)
        cls.other_county = make_unit("渭源县", K.COUNTY, cls.city)
        cls.other_rsj = make_unit("渭源县人社局", K.DEPARTMENT, cls.other_county)
        cls.draft = cls.make_draft("000")
        cls.county_draft = cls.make_draft("000", owner_unit=cls.county)

    def setUp(self):
        self.login(self.coordinator)

    def search(self, q, field="lead", picker="lead-t1", draft=None, **params):
        draft = draft or self.draft
        data = {"q": q, "field": field, "picker": picker, **params}
        return self.client.get(f"/drafts/{draft.pk}/units/", data, **HTMX)

    def names(self, response):
        return [u.name for u in response.context["hits"]]

    def test_it_finds_a_unit_by_part_of_its_name(self):
        self.assertEqual(self.names(self.search("统计")), ["市统计局"])

    def test_it_finds_a_unit_by_an_alias_given_in_the_unit_admin(self):
        self.tjj.aliases = ["数据局"]
        self.tjj.save(update_fields=["aliases"])
        self.assertEqual(self.names(self.search("数据局")), ["市统计局"])

    def test_it_finds_a_unit_by_its_abbreviation(self):
        self.assertEqual(self.names(self.search("市人社局")), ["市人力资源和社会保障局"])

    def test_it_finds_a_unit_by_a_short_form_that_is_not_in_its_name(self):
        sthj = make_unit("市生态环境局", Unit.Kind.DEPARTMENT, self.city)
        self.assertEqual(self.search("环保局").context["hits"], [sthj])

    def test_it_finds_the_units_below_a_named_unit(self):
        self.assertEqual(self.names(self.search("陇西 人社")), ["陇西县人社局"])

    def test_it_lists_names_containing_the_query_before_abbreviations(self):
        names = self.names(self.search("人社"))
        self.assertEqual(set(names[:2]), {"陇西县人社局", "渭源县人社局"})
        self.assertEqual(names[2:], ["市人力资源和社会保障局"])

    def test_it_shows_each_hit_with_the_units_above_it(self):
        response = self.search("陇西 人社")
        self.assertContains(response, '<small class="muted">定西市 › 陇西县</small>', html=True)

    def test_it_searches_only_the_reviewers_jurisdiction(self):
        self.login(self.county_coordinator)
        self.assertEqual(self.names(self.search("人社", draft=self.county_draft)), ["陇西县人社局"])

    def test_it_keeps_the_units_already_chosen_checked_and_out_of_the_hits(self):
        response = self.search("人社", lead=[self.county_rsj.pk], multiple="1")
        self.assertNotIn(self.county_rsj, response.context["hits"])
        self.assertContains(
            response, f'<input type="checkbox" name="lead" value="{self.county_rsj.pk}" checked>', html=True
        )

    def test_it_drops_a_chosen_unit_outside_the_jurisdiction(self):
        self.login(self.county_coordinator)
        response = self.search("人社", draft=self.county_draft, lead=[self.rsj.pk])
        self.assertEqual(response.context["selected"], [])

    def test_it_offers_one_unit_as_radio_buttons_when_only_one_may_be_chosen(self):
        response = self.search("统计", field="default_lead_unit", picker="default")
        self.assertContains(
            response, f'<input type="radio" name="default_lead_unit" value="{self.tjj.pk}">', html=True
        )

    def test_it_says_when_nothing_matches(self):
        self.assertContains(self.search("审计"), "没有找到“审计”")

    def test_it_caps_the_hits_and_says_there_are_more(self):
        for n in range(20):
            make_unit(f"市第{n}中学", Unit.Kind.DEPARTMENT, self.city)
        response = self.search("中学")
        self.assertEqual(len(response.context["hits"]), 15)
        self.assertContains(response, "结果较多，只列出前 15 个")

    def test_it_refuses_an_unknown_field(self):
        self.assertEqual(self.search("统计", field="leader").status_code, 400)

    def test_it_hides_the_draft_from_other_roles(self):
        self.login(self.alice)
        self.assertEqual(self.search("统计").status_code, 404)
