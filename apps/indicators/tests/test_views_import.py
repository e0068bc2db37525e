"""The upload page: its documented layout and template, the import, and the errors shown with nothing kept."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.indicators.models import Actual

from .base import IndicatorTestCase
from .test_excel import MARCH, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(file, name="2026年3月.xlsx"):
    return SimpleUploadedFile(name, file.getvalue(), content_type=XLSX)


class ImportPageTestCase(IndicatorTestCase):
    def test_it_documents_the_layout_and_offers_the_template(self):
        self.login(self.statistician)
        response = self.client.get("/indicators/import/")
        self.assertContains(response, "每个工作表一个统计期")
        template = self.client.get("/indicators/import/template.xlsx?year=2026&month=3")
        self.assertEqual(template["Content-Type"], XLSX)

    def test_it_imports_and_lands_on_the_table(self):
        self.login(self.statistician)
        response = self.client.post("/indicators/import/", {"file": upload(workbook(("2026年1-3月", MARCH)))})
        self.assertRedirects(response, "/indicators/", fetch_redirect_response=False)
        self.assertEqual(Actual.objects.count(), 7)

    def test_it_lists_the_problems_and_keeps_nothing(self):
        self.login(self.statistician)
        rows = [*MARCH, [None, "安定区", 1, 1, None]]
        response = self.client.post("/indicators/import/", {"file": upload(workbook(("2026年1-3月", rows)))})
        self.assertContains(response, "没有导入任何数据", status_code=400)
        self.assertContains(response, "第 10 行 B 列（地区）：单位“安定区”不存在", status_code=400)
        self.assertFalse(Actual.objects.exists())

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_it_refuses_an_oversized_file_before_reading_it(self):
        self.login(self.statistician)
        response = self.client.post(
            "/indicators/import/", {"file": upload(workbook(("2026年1-3月", MARCH * 50)))}
        )
        self.assertEqual(response.status_code, 413)
        self.assertFalse(Actual.objects.exists())

    def test_it_refuses_a_reporter(self):
        self.login(self.county_reporter)
        self.assertEqual(self.client.get("/indicators/import/").status_code, 403)

    def test_it_lets_a_county_coordinator_import_its_own_countys_rows_only(self):
        self.login(self.county_coordinator)
        response = self.client.post(
            "/indicators/import/", {"file": upload(workbook(("2026年1-3月", MARCH[:3])))}
        )
        self.assertContains(response, "第 4 行 B 列（地区）：无权填报“定西市”的数据", status_code=400)
        own = [["社会消费品零售总额", "陇西县", 21, 5.9, 2]]
        response = self.client.post("/indicators/import/", {"file": upload(workbook(("2026年1-3月", own)))})
        self.assertRedirects(response, "/indicators/", fetch_redirect_response=False)
        self.assertEqual(list(Actual.objects.values_list("unit__name", flat=True)), ["陇西县"])
