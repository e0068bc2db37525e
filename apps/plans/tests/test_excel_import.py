import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from apps.audit.models import AuditEvent
from apps.plans.excel import HEADERS
from apps.plans.ledger import with_details
from apps.plans.models import Area, Milestone, Plan, Target, Task, TaskUnit
from luoshi.test import BaseTestCase

CHANGES = ["create", "update", "archive", "restore"]
GOOD = {"编号": "2.1", "领域": "在改善民生上见实效", "任务名称": "新建养老床位500张", "牵头单位": "市住建局"}


def workbook(rows, headers=HEADERS, title="台账", above=()) -> bytes:
    """An .xlsx built in memory: optional rows above the header, the header, then one row per dict."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in above:
        ws.append(row)
    if headers:
        ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_snapshot(plan):
    """Everything the ledger holds for a plan, ids aside, in ledger order."""
    areas = list(plan.areas.filter(archived_at__isnull=True).values_list("title", flat=True))
    tasks = with_details(Task.objects.filter(plan=plan, archived_at__isnull=True)).order_by(
        "area__order", "area_id", "id"
    )
    return areas, [
        (
            t.area.title if t.area_id else None,
            t.code,
            t.title,
            t.description,
            t.leader,
            t.start_date,
            t.due_date,
            t.kind,
            t.priority,
            [u.name for u in t.lead_units],
            [u.name for u in t.co_units],
            [
                (x.metric, x.comparator, x.value, x.unit, x.baseline, x.deadline, x.horizon)
                for x in t.targets.all()
            ],
            [(m.due_date, m.deliverable, m.done_on) for m in t.milestones.all()],
        )
        for t in tasks
    ]


class ImportTestCase(BaseTestCase):
    def upload(self, data, plan=None, name="台账.xlsx", user=None):
        self.login(user or self.coordinator)
        plan = plan or self.plan
        return self.client.post(f"/plans/{plan.pk}/import/", {"file": SimpleUploadedFile(name, data)})

    def export(self, plan=None):
        self.login(self.coordinator)
        r = self.client.get(f"/plans/{(plan or self.plan).pk}/export.xlsx")
        return b"".join(r.streaming_content)

    def counts(self):
        return (
            Task.objects.count(),
            Area.objects.count(),
            Target.objects.count(),
            Milestone.objects.count(),
            TaskUnit.objects.count(),
            AuditEvent.objects.exclude(action__in=["login", "logout"]).count(),
        )

    def assertRefused(self, data, message, status=400, **kwargs):
        before = self.counts()
        task_before = ledger_snapshot(self.plan)
        r = self.upload(data, **kwargs)
        self.assertContains(r, message, status_code=status)
        self.assertContains(r, "没有保存任何内容", status_code=status)
        self.assertEqual(self.counts(), before)
        self.assertEqual(ledger_snapshot(self.plan), task_before)
        return r

    def empty_plan(self):
        return Plan.objects.create(title="空计划", year=2026, owner_unit=self.city)


class ImportPageTests(ImportTestCase):
    def test_it_shows_the_upload_form_with_the_layout_the_matching_rules_and_a_template_link(self):
        self.login(self.coordinator)
        r = self.client.get(f"/plans/{self.plan.pk}/import/")
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, '<label for="id_file">')
        self.assertContains(r, f'href="/plans/{self.plan.pk}/export.xlsx"')
        self.assertContains(r, "编号为空的行，按“领域 + 任务名称”对应")
        self.assertContains(r, "正在导入…")

    def test_it_redirects_to_the_ledger_with_a_summary_message(self):
        r = self.upload(workbook([GOOD]))
        self.assertRedirects(r, f"/plans/{self.plan.pk}/", fetch_redirect_response=False)
        r = self.client.get(r["Location"])
        self.assertContains(r, "导入完成：新增 1 项，更新 0 项，未变 0 项")

    def test_it_refuses_a_unit_reporter(self):
        self.assertEqual(self.upload(workbook([GOOD]), user=self.alice).status_code, 403)
        self.assertFalse(Task.objects.filter(title=GOOD["任务名称"]).exists())

    def test_it_refuses_a_leader_even_on_the_page(self):
        self.login(self.leader)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/import/").status_code, 403)
        self.assertEqual(self.upload(workbook([GOOD]), user=self.leader).status_code, 403)

    def test_it_hides_the_plan_from_an_outsider(self):
        self.assertEqual(self.upload(workbook([GOOD]), user=self.charlie).status_code, 404)

    def test_it_hides_a_city_plan_from_a_county_coordinator(self):
        self.assertEqual(self.upload(workbook([GOOD]), user=self.county_coordinator).status_code, 404)

    def test_it_needs_a_login(self):
        r = self.client.get(f"/plans/{self.plan.pk}/import/")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])


class RoundTripTests(ImportTestCase):
    def setUp(self):
        self.area2 = Area.objects.create(plan=self.plan, title="在改善民生上见实效", order=2)
        Target.objects.create(
            task=self.task,
            metric="地区生产总值",
            comparator=">=",
            value=Decimal("1100"),
            unit="亿元",
            baseline=Decimal("900"),
            deadline=datetime.date(2026, 12, 31),
            horizon=2030,
        )
        Milestone.objects.create(
            task=self.task,
            due_date=datetime.date(2026, 4, 30),
            deliverable="完成可研批复",
            done_on=datetime.date(2026, 4, 28),
        )
        care = Task.objects.create(
            plan=self.plan,
            area=self.area2,
            title="新建养老床位500张",
            description="第一行\n第二行：“引号”与 = 号",
            leader="李副市长",
            due_date=datetime.date(2026, 11, 30),
            kind=Task.Kind.LIVELIHOOD,
            priority=Task.Priority.HIGH,
        )
        for i, unit in enumerate([self.zjj, self.fgw]):
            TaskUnit.objects.create(task=care, unit=unit, role=TaskUnit.Role.LEAD, order=i)
        for i, unit in enumerate([self.county_fgj, self.tjj]):
            TaskUnit.objects.create(task=care, unit=unit, role=TaskUnit.Role.CO, order=i)
        Target.objects.create(
            task=care, metric="PM2.5平均浓度", comparator="<=", value=Decimal("13.13"), unit="%"
        )
        Target.objects.create(
            task=care, metric="增速", comparator="~", value=Decimal("-0.5"), baseline=Decimal("-1.25")
        )
        Target.objects.create(task=care, metric="5G基站", comparator=">", value=Decimal("3"), unit="4G站点")
        Milestone.objects.create(task=care, due_date=datetime.date(2026, 3, 1), deliverable="选址（含备选）")
        loose = Task.objects.create(plan=self.plan, code="9", title="未分领域的任务", kind=Task.Kind.PROJECT)
        TaskUnit.objects.create(task=loose, unit=self.gov, role=TaskUnit.Role.LEAD)
        gone = Task.objects.create(plan=self.plan, area=self.area, code="1.9", title="已归档的任务")
        TaskUnit.objects.create(task=gone, unit=self.fgw, role=TaskUnit.Role.LEAD)
        gone.archived_at = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
        gone.save()

    def test_it_reproduces_the_ledger_exactly_in_an_empty_plan(self):
        target = self.empty_plan()
        r = self.upload(self.export(), plan=target)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(ledger_snapshot(target), ledger_snapshot(self.plan))

    def test_it_creates_no_duplicates_when_the_same_file_is_imported_twice(self):
        target = self.empty_plan()
        data = self.export()
        self.upload(data, plan=target)
        before = ledger_snapshot(target)
        r = self.upload(data, plan=target)
        self.assertEqual(Task.objects.filter(plan=target).count(), 3)
        self.assertEqual(ledger_snapshot(target), before)
        self.assertContains(self.client.get(r["Location"]), "导入完成：新增 0 项，更新 0 项，未变 3 项")

    def test_it_ignores_the_status_columns_which_the_cycle_derives(self):
        Task.objects.filter(pk=self.task.pk).update(status="lagging", percent=45, rag="red")
        wb = load_workbook(io.BytesIO(self.export()))
        ws = wb["台账"]
        columns = {cell.value: cell.column for cell in ws[1]}
        for header, value in (
            ("状态", "已完成"),
            ("完成进度（%）", 100),
            ("红黄绿灯", "绿灯"),
            ("最新进展", "改过"),
        ):
            ws.cell(row=2, column=columns[header], value=value)
        out = io.BytesIO()
        wb.save(out)
        before = ledger_snapshot(self.plan)
        self.assertEqual(self.upload(out.getvalue()).status_code, 302)
        self.assertEqual(ledger_snapshot(self.plan), before)
        task = Task.objects.get(pk=self.task.pk)
        self.assertEqual((task.status, task.percent, task.rag), ("lagging", 45, "red"))

    def test_it_changes_nothing_when_a_plan_imports_its_own_export(self):
        data = self.export()
        before, events = ledger_snapshot(self.plan), AuditEvent.objects.filter(action__in=CHANGES).count()
        self.upload(data)
        self.assertEqual(ledger_snapshot(self.plan), before)
        self.assertEqual(AuditEvent.objects.filter(action__in=CHANGES).count(), events)


class MatchingTests(ImportTestCase):
    def row(self, **changes):
        row = {
            "编号": "1.1",
            "领域": "在优化营商环境上突破提升",
            "任务名称": "建成高标准农田20万亩",
            "任务描述": "深化要素市场化改革，建成高标准农田20万亩",
            "牵头单位": "市发改委",
            "配合单位": "市住建局",
            "责任领导": "张副市长",
            "开始日期": datetime.date(2026, 1, 1),
            "完成时限": datetime.date(2026, 12, 31),
            "类型": "改革",
            "优先级": "中",
            "量化指标": "高标准农田 ≥ 20万亩（年度 2026）",
            "节点安排": "2026-06-30 完成年度任务过半",
        }
        row.update(changes)
        return row

    def test_it_updates_the_task_with_the_same_code_and_audits_only_the_changed_fields(self):
        self.upload(workbook([self.row(任务名称="建成高标准农田25万亩", 配合单位="市住建局、市统计局")]))
        self.task.refresh_from_db()
        self.assertEqual(self.task.title, "建成高标准农田25万亩")
        self.assertEqual([u.name for u in self.task.co_units], ["市住建局", "市统计局"])
        event = AuditEvent.objects.get(object_type="task", object_id=self.task.pk, action="update")
        self.assertEqual(set(event.changes), {"title", "co_units"})
        self.assertEqual(event.actor, self.coordinator)

    def test_it_matches_a_row_without_code_by_area_and_title(self):
        Task.objects.filter(pk=self.task.pk).update(code="")
        self.upload(workbook([self.row(编号=None, 责任领导="王副市长")]))
        self.assertEqual(Task.objects.filter(plan=self.plan).count(), 1)
        self.task.refresh_from_db()
        self.assertEqual(self.task.leader, "王副市长")

    def test_it_updates_targets_by_metric_and_archives_those_no_longer_listed(self):
        self.upload(workbook([self.row(量化指标="高标准农田 ≥ 25万亩（年度 2026）\n新增指标 ＝ 3个")]))
        self.target.refresh_from_db()
        self.assertEqual(self.target.value, Decimal("25"))
        self.assertEqual(self.task.targets.filter(archived_at__isnull=True).count(), 2)
        self.upload(workbook([self.row(量化指标="")]))
        self.assertEqual(self.task.targets.filter(archived_at__isnull=True).count(), 0)
        self.assertEqual(self.task.targets.count(), 2)

    def test_it_records_milestone_completion_and_archives_milestones_no_longer_listed(self):
        self.upload(workbook([self.row(节点安排="2026-06-30 完成年度任务过半（已完成 2026-06-20）")]))
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.done_on, datetime.date(2026, 6, 20))
        self.upload(workbook([self.row(节点安排="2026-07-31 另一个节点")]))
        self.milestone.refresh_from_db()
        self.assertTrue(self.milestone.is_archived)

    def test_it_creates_an_area_that_does_not_exist_yet(self):
        self.upload(workbook([GOOD]))
        area = Area.objects.get(plan=self.plan, title="在改善民生上见实效")
        self.assertEqual(Task.objects.get(title=GOOD["任务名称"]).area, area)
        self.assertEqual(area.order, 2)

    def test_it_leaves_tasks_missing_from_the_file_alone(self):
        self.upload(workbook([GOOD]))
        self.task.refresh_from_db()
        self.assertFalse(self.task.is_archived)

    def test_it_finds_the_header_below_a_title_row(self):
        r = self.upload(workbook([GOOD], above=[["2026年重点任务台账"]]))
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Task.objects.filter(title=GOOD["任务名称"]).exists())

    def test_it_writes_every_change_with_the_importing_user_and_one_import_row_on_the_plan(self):
        self.upload(
            workbook([GOOD, {**GOOD, "编号": "2.2", "任务名称": "改造老旧小区", "量化指标": "小区 ≥ 10个"}])
        )
        created = AuditEvent.objects.filter(action="create")
        self.assertEqual(
            sorted(created.values_list("object_type", flat=True)), ["area", "target", "task", "task"]
        )
        self.assertEqual(set(created.values_list("actor", flat=True)), {self.coordinator.pk})
        summary = AuditEvent.objects.get(action="import")
        self.assertEqual((summary.object_type, summary.object_id), ("plan", self.plan.pk))
        self.assertEqual(summary.actor, self.coordinator)
        self.assertEqual(summary.changes["created"], 2)


class BadInputTests(ImportTestCase):
    def test_it_names_sheet_row_and_column_of_an_unknown_unit(self):
        bad = {**GOOD, "编号": "2.2", "牵头单位": "市发改局"}
        self.assertRefused(
            workbook([GOOD, bad]), "工作表“台账”第 3 行 E 列（牵头单位）：单位“市发改局”不存在"
        )

    def test_it_refuses_an_unknown_co_operating_unit(self):
        self.assertRefused(
            workbook([{**GOOD, "配合单位": "市住建局、某某局"}]),
            "第 2 行 F 列（配合单位）：单位“某某局”不存在",
        )

    def test_it_refuses_a_bad_date(self):
        self.assertRefused(
            workbook([{**GOOD, "完成时限": "2026-13-45"}]), "第 2 行 I 列（完成时限）：日期“2026-13-45”无效"
        )

    def test_it_refuses_a_due_date_before_the_start_date(self):
        row = {**GOOD, "开始日期": datetime.date(2026, 5, 1), "完成时限": datetime.date(2026, 4, 1)}
        self.assertRefused(workbook([row]), "第 2 行 I 列（完成时限）：完成时限不能早于开始日期")

    def test_it_refuses_a_row_without_a_task_title(self):
        self.assertRefused(
            workbook([{**GOOD, "任务名称": "  "}]), "第 2 行 C 列（任务名称）：“任务名称”不能为空"
        )

    def test_it_refuses_a_row_without_a_lead_unit(self):
        self.assertRefused(
            workbook([{**GOOD, "牵头单位": None}]), "第 2 行 E 列（牵头单位）：“牵头单位”不能为空"
        )

    def test_it_refuses_an_unknown_kind_label(self):
        self.assertRefused(workbook([{**GOOD, "类型": "重点"}]), "第 2 行 J 列（类型）：类型“重点”无效")

    def test_it_refuses_an_unknown_priority_label(self):
        self.assertRefused(workbook([{**GOOD, "优先级": "特急"}]), "第 2 行 K 列（优先级）：优先级“特急”无效")

    def test_it_refuses_a_target_line_it_cannot_read(self):
        self.assertRefused(
            workbook([{**GOOD, "量化指标": "床位 ≥ 500张\n大幅提升"}]),
            "第 2 行 L 列（量化指标）：指标“大幅提升”无法识别",
        )

    def test_it_refuses_a_target_with_a_bad_deadline(self):
        self.assertRefused(
            workbook([{**GOOD, "量化指标": "床位 ≥ 500张（截止 明年）"}]),
            "第 2 行 L 列（量化指标）：日期“明年”无效",
        )

    def test_it_refuses_a_milestone_line_it_cannot_read(self):
        self.assertRefused(
            workbook([{**GOOD, "节点安排": "年底前完成"}]),
            "第 2 行 M 列（节点安排）：节点“年底前完成”无法识别",
        )

    def test_it_refuses_a_code_used_twice_in_the_file(self):
        self.assertRefused(
            workbook([GOOD, {**GOOD, "任务名称": "另一项"}]), "第 3 行 A 列（编号）：编号“2.1”与第 2 行重复"
        )

    def test_it_reports_every_bad_row_not_only_the_first(self):
        rows = [{**GOOD, "牵头单位": "市发改局"}, {**GOOD, "编号": "2.2", "类型": "重点"}]
        r = self.assertRefused(workbook(rows), "第 2 行 E 列（牵头单位）")
        self.assertContains(r, "第 3 行 J 列（类型）", status_code=400)
        self.assertContains(r, "发现 2 处问题", status_code=400)

    def test_it_refuses_a_sheet_without_a_header_row(self):
        headers = ["名称" if h == "任务名称" else h for h in HEADERS]
        self.assertRefused(workbook([], headers=headers, above=[["x"]]), "工作表“台账”第 1 行：未找到表头行")

    def test_it_refuses_a_header_row_with_missing_columns(self):
        self.assertRefused(workbook([GOOD], headers=HEADERS[:-1]), "工作表“台账”第 1 行：缺少列“节点安排”")

    def test_it_refuses_an_empty_sheet(self):
        self.assertRefused(workbook([], headers=None), "工作表“台账”：工作表是空的")

    def test_it_refuses_a_sheet_with_only_the_header(self):
        self.assertRefused(workbook([]), "工作表“台账”第 2 行：表头下没有任务行")

    def test_it_refuses_a_file_that_is_not_an_xlsx_workbook(self):
        self.assertRefused(
            "编号,任务名称\n1,x\n".encode(), "文件不是有效的 Excel 工作簿（.xlsx）", name="台账.csv"
        )

    @override_settings(IMPORT_MAX_BYTES=1024)
    def test_it_refuses_a_file_over_the_size_limit(self):
        self.assertRefused(workbook([GOOD]), "文件过大", status=413)

    def test_it_refuses_a_post_without_a_file(self):
        self.login(self.coordinator)
        r = self.client.post(f"/plans/{self.plan.pk}/import/", {})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Task.objects.count(), 1)
