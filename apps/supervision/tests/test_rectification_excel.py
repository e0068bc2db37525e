"""整改台账 Excel: export with the list filters, import all-or-nothing with every error located, round trip."""

import datetime
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from apps.audit.models import AuditEvent
from apps.supervision.models import Rectification
from apps.supervision.rectification_excel import EXPORT_HEADERS, HEADERS, ImportFailed, import_ledger
from tests.xlsx_files import add_rows, inflated_sheet, replace_sheet, text_cell_xml

from .base import InspectionTestCase

IMPORTABLE = [
    "code",
    "source",
    "source_ref",
    "category",
    "description",
    "requirement",
    "goal",
    "measures",
    "lead_unit_id",
    "leader",
    "person",
    "due_date",
    "kind",
]


def sheet(rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def row(**cells):
    values = {
        "问题来源": "审计",
        "问题描述": "专项资金拨付不及时",
        "牵头单位": "市住建局",
        "整改时限": "2026-12-31",
        **cells,
    }
    return [values.get(h, "") for h in HEADERS]


class ImportTestCase(InspectionTestCase):
    def test_it_creates_every_row_through_the_action_with_an_audit_row(self):
        before = Rectification.objects.count()
        n = import_ledger(
            sheet(
                [
                    row(问题编号="SJ-1", 配合单位="市发改委、市统计局", 整改时限=datetime.date(2026, 11, 30)),
                    row(问题编号="SJ-2", 来源文件号="定审报〔2026〕5号", 整改时限="2026年12月31日"),
                    row(问题编号="SJ-3", 整改类型="持续整改", 整改时限="长期坚持"),
                ]
            ),
            owner_unit=self.city,
            actor=self.inspector,
        )
        self.assertEqual(n, 3)
        self.assertEqual(Rectification.objects.count(), before + 3)
        one = Rectification.objects.get(code="SJ-1")
        self.assertEqual(one.source, Rectification.Source.AUDIT)
        self.assertEqual(one.due_date, datetime.date(2026, 11, 30))
        self.assertEqual({u.name for u in one.co_units.all()}, {"市发改委", "市统计局"})
        self.assertEqual(Rectification.objects.get(code="SJ-2").due_date, datetime.date(2026, 12, 31))
        ongoing = Rectification.objects.get(code="SJ-3")
        self.assertEqual((ongoing.kind, ongoing.due_date), (Rectification.Kind.ONGOING, None))
        event = AuditEvent.objects.get(
            action=AuditEvent.Action.CREATE, object_id=one.pk, actor=self.inspector
        )
        self.assertEqual(event.changes["code"], [None, "SJ-1"])

    def test_a_bad_sheet_saves_nothing_and_names_row_and_column_of_every_error(self):
        before = Rectification.objects.count()
        with self.assertRaises(ImportFailed) as caught:
            import_ledger(
                sheet(
                    [
                        row(问题编号="A-1"),
                        row(问题编号="A-1", 问题来源="纪检"),
                        row(问题编号="A-3", 整改时限="12月底前"),
                        row(问题编号="A-4", 问题描述="", 牵头单位="不存在局"),
                        row(问题编号="A-5", 整改时限=""),
                        row(问题编号="A-6", 配合单位="市住建局"),
                    ]
                ),
                owner_unit=self.city,
                actor=self.inspector,
            )
        self.assertEqual(Rectification.objects.count(), before)
        lines = caught.exception.messages()
        expected = [
            "第 3 行 A 列（问题编号）：问题编号“A-1”与第 2 行重复",
            "第 3 行 B 列（问题来源）：问题来源“纪检”无效",
            "第 4 行 M 列（整改时限）：“12月底前”不是日期",
            "第 5 行 E 列（问题描述）：“问题描述”不能为空",
            "第 5 行 I 列（牵头单位）：单位“不存在局”不存在",
            "第 6 行 M 列（整改时限）：限期整改的事项须有整改时限",
            "第 7 行 J 列（配合单位）：牵头单位不能同时是配合单位",
        ]
        for text in expected:
            self.assertTrue(any(text in line for line in lines), (text, lines))
        self.assertEqual(len(lines), len(expected), lines)

    def test_it_lists_at_most_100_errors_and_counts_the_rest(self):
        with self.assertRaises(ImportFailed) as caught:
            import_ledger(
                sheet([row(问题描述="") for _ in range(130)]), owner_unit=self.city, actor=self.inspector
            )
        self.assertEqual((len(caught.exception.errors), caught.exception.more), (100, 30))
        self.assertEqual(caught.exception.messages()[-1], "另有 30 处问题未列出")

    def test_it_refuses_a_file_that_is_not_xlsx_or_lacks_columns(self):
        for data in (io.BytesIO(b"PK\x03\x04 not a zip"), sheet([row()], headers=HEADERS[:5])):
            with self.assertRaises(ImportFailed):
                import_ledger(data, owner_unit=self.city, actor=self.inspector)

    def test_an_ambiguous_bare_name_is_an_error_naming_the_candidates(self):
        from luoshi.test import make_unit

        make_unit("市住建局", self.county.kind, self.county)  # a second 市住建局 under 陇西县
        with self.assertRaises(ImportFailed) as caught:
            import_ledger(sheet([row()]), owner_unit=self.city, actor=self.inspector)
        self.assertIn("同名单位", caught.exception.messages()[0])


class RoundTripTestCase(InspectionTestCase):
    @mock.patch("apps.supervision.rectification_excel.CHUNK_SIZE", 2)  # rows span several chunks
    def test_export_then_import_reproduces_every_importable_field(self):
        full = self.rectification(
            code="=cmd|' /C calc'!A0",
            source=Rectification.Source.PATROL,
            source_ref="定巡反馈〔2026〕3号",
            category="落实全面从严治党",
            description="问题一\n问题二",
            requirement="立行立改",
            goal="年底前清零",
            measures="1. 建立台账\n2. 逐项销号",
            leader="李副市长",
            person="王科长",
            due_date=datetime.date(2027, 3, 31),
        )
        full.co_units.set([self.fgw, self.tjj])
        self.rectification(code="CX-1", kind=Rectification.Kind.ONGOING, due_date=None)
        originals = [
            ({f: getattr(o, f) for f in IMPORTABLE}, set(o.co_units.all()))
            for o in Rectification.objects.order_by("id")
        ]
        self.login(self.inspector)
        response = self.client.get("/rectifications/export.xlsx")
        self.assertEqual(response.status_code, 200)
        data = io.BytesIO(b"".join(response.streaming_content))
        ws = load_workbook(data).active
        self.assertEqual([c.value for c in ws[1]], list(EXPORT_HEADERS))
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertEqual(ws.cell(2, 1).data_type, "s")  # formula-like text stays text
        Rectification.objects.all().delete()  # an empty ledger
        data.seek(0)
        import_ledger(data, owner_unit=self.city, actor=self.inspector)
        imported = list(Rectification.objects.order_by("id"))
        self.assertEqual(len(imported), len(originals))
        for (fields, co_units), new in zip(originals, imported, strict=True):
            self.assertEqual({f: getattr(new, f) for f in IMPORTABLE}, fields)
            self.assertEqual(set(new.co_units.all()), co_units)
            self.assertEqual(new.owner_unit, self.city)
            self.assertEqual(new.status, Rectification.Status.NOT_STARTED)


class ExportFilterTestCase(InspectionTestCase):
    def test_it_exports_only_what_the_user_sees_and_honours_the_filters(self):
        self.rectification()  # led by 市住建局, audit
        self.login(self.alice)  # 市发改委 staff: only the item led by 市发改委
        ws = load_workbook(
            io.BytesIO(b"".join(self.client.get("/rectifications/export.xlsx").streaming_content))
        )
        self.assertEqual(ws.active.max_row, 2)
        self.login(self.coordinator)
        for query, rows in (("", 3), ("?source=audit", 2), ("?source=inspection", 2), ("?status=closed", 1)):
            response = self.client.get("/rectifications/export.xlsx" + query)
            ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
            self.assertEqual(ws.max_row, rows, query)


class ImportPageTestCase(InspectionTestCase):
    def test_the_page_shows_the_errors_and_saves_nothing(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/rectifications/import/"), "下载导入模板")
        self.assertEqual(self.client.get("/rectifications/import/template.xlsx").status_code, 200)
        before = Rectification.objects.count()
        upload = SimpleUploadedFile("a.xlsx", sheet([row(整改时限="12月底前")]).read())
        response = self.client.post("/rectifications/import/", {"owner_unit": self.city.pk, "file": upload})
        self.assertContains(response, "“12月底前”不是日期", status_code=400)
        self.assertEqual(Rectification.objects.count(), before)
        upload = SimpleUploadedFile("a.xlsx", sheet([row()]).read())
        response = self.client.post("/rectifications/import/", {"owner_unit": self.city.pk, "file": upload})
        self.assertRedirects(response, "/rectifications/", fetch_redirect_response=False)
        self.assertEqual(Rectification.objects.count(), before + 1)

    def test_a_county_coordinator_cannot_import_for_the_city(self):
        self.login(self.county_coordinator)
        upload = SimpleUploadedFile("a.xlsx", sheet([row()]).read())
        response = self.client.post("/rectifications/import/", {"owner_unit": self.city.pk, "file": upload})
        self.assertEqual(response.status_code, 400)  # the city is not among its choices


class ImportLimitTestCase(InspectionTestCase):
    """Oversized and crafted files are refused before they are parsed (lib.xlsx, the upload limit)."""

    def post(self, content: bytes):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("ledger.xlsx", content)
        return self.client.post("/rectifications/import/", {"owner_unit": self.city.pk, "file": upload})

    @override_settings(IMPORT_MAX_BYTES=1024)
    def test_it_refuses_a_file_over_the_size_limit(self):
        self.assertEqual(self.post(sheet([row()]).getvalue()).status_code, 413)

    def test_it_refuses_a_file_that_would_inflate_beyond_the_limit(self):
        before = Rectification.objects.count()
        bomb = replace_sheet(sheet([row()]).getvalue(), inflated_sheet(31 * 1024 * 1024))
        self.assertContains(self.post(bomb), "文件解压后超过 30 MB 的上限", status_code=400)
        self.assertEqual(Rectification.objects.count(), before)

    def test_it_refuses_a_row_beyond_the_row_limit(self):
        extra = f'<row r="5001">{text_cell_xml("E5001", "问题")}{text_cell_xml("I5001", "市住建局")}</row>'
        response = self.post(add_rows(sheet([row()]).getvalue(), extra))
        self.assertContains(response, "第 5001 行：超过 5000 行的上限", status_code=400)
