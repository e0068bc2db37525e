from django.test import SimpleTestCase

from apps.demo import leads


class LeadUnitTestCase(SimpleTestCase):
    def test_it_reads_the_subject_from_the_title_before_the_text(self):
        name = leads.lead_unit_name(
            "健全就业公共服务体系、社会保障体系", "健全就业公共服务体系，办好人民满意的教育"
        )
        self.assertEqual(name, "市人社局")

    def test_it_reads_the_text_when_the_title_states_no_subject(self):
        self.assertEqual(
            leads.lead_unit_name("切实加快进度", "切实加快进度，确保农田建设按期完成"), "市农业农村局"
        )

    def test_it_takes_the_subject_written_first(self):
        self.assertEqual(leads.lead_unit_name("持续深化纪检监察体制改革", ""), "市纪委监委")

    def test_it_takes_the_longer_word_when_two_start_at_the_same_place(self):
        self.assertEqual(leads.lead_unit_name("巩固好主题教育成果", ""), "市委组织部")
        self.assertEqual(leads.lead_unit_name("实施新一轮农村公路提升行动", ""), "市交通运输局")

    def test_it_does_not_take_political_ecology_for_the_environment(self):
        self.assertNotEqual(leads.lead_unit_name("营造风清气正的政治生态", ""), "市生态环境局")

    def test_it_gives_none_when_nothing_states_a_subject(self):
        self.assertIsNone(leads.lead_unit_name("努力征得谅解", "努力征得谅解"))

    def test_it_gives_the_countys_own_department_for_a_county_plan(self):
        self.assertEqual(leads.lead_unit_name("深化要素市场化改革", "", county="陇西县"), "陇西县发改局")

    def test_it_gives_none_for_a_county_without_that_department(self):
        self.assertIsNone(leads.lead_unit_name("开展差异化精准招商", "", county="陇西县"))


class CountiesMentionedTestCase(SimpleTestCase):
    def test_it_names_the_counties_a_text_mentions_in_order(self):
        text = "推进渭源、陇西水土保持工程建设，陇西率先完成"
        self.assertEqual(leads.counties_mentioned(text), ["渭源县", "陇西县"])

    def test_it_does_not_take_social_stability_for_anding_district(self):
        self.assertEqual(leads.counties_mentioned("维护社会安定团结"), [])
