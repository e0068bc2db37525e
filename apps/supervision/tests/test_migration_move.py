"""Moving 督办/销号, messages and evidence out of cycles keeps every row: a database made on the schema
before the move (cycles 0004), with data in it, is migrated forward and read through the new apps."""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [
    ("cycles", "0004_closeout_shortfall_reason"),
    ("plans", "0004_exportjob"),
    ("orgs", "0003_unit_path_by_order"),
    ("contenttypes", "0002_remove_content_type_name"),
]
DECIDED = datetime.datetime(2026, 11, 30, 17, 0, tzinfo=ZoneInfo("UTC"))  # 12-01 in Asia/Shanghai


class MoveOutOfCyclesMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def latest(self):
        return MigrationExecutor(connection).loader.graph.leaf_nodes()

    def tearDown(self):
        self.migrate(self.latest())

    def populate(self, old):
        """The rows a city has before the move: a task with an accepted report, a 督办 and an approved
        销号 with evidence on both, a channel with a delivery, a notification."""
        get = old.get_model
        unit = get("orgs", "Unit").objects.create(name="市发改委", kind="department", path="/00000001/")
        user = get("orgs", "User").objects.create(username="alice", unit=unit, roles=["reporter"])
        plan = get("plans", "Plan").objects.create(title="2026年重点工作", year=2026, owner_unit=unit)
        task = get("plans", "Task").objects.create(plan=plan, title="建成高标准农田20万亩")
        cycle = get("cycles", "Cycle").objects.create(
            plan=plan,
            kind="month",
            label="2026年10月",
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            opens_on=datetime.date(2026, 10, 20),
            due_on=datetime.date(2026, 10, 25),
        )
        report = get("cycles", "Report").objects.create(
            cycle=cycle, task=task, unit=unit, status="accepted", narrative="已建成18万亩", percent=90
        )
        notice = get("cycles", "Notice").objects.create(
            task=task,
            unit=unit,
            level=2,
            reason="逾期未报",
            reply_by=datetime.date(2026, 11, 5),
            issued_by=user,
        )
        closeout = get("cycles", "CloseOut").objects.create(
            task=task, unit=unit, note="已完成", status="approved", applied_by=user, decided_at=DECIDED
        )
        evidence = get("cycles", "Evidence").objects
        evidence.create(
            report=report, file="evidence/a.pdf", name="进展.pdf", kind="pdf", size=1, uploaded_by=user
        )
        evidence.create(
            closeout=closeout, file="evidence/b.pdf", name="验收.pdf", kind="pdf", size=2, uploaded_by=user
        )
        channel = get("cycles", "Channel").objects.create(
            unit=unit, kind="email", address="fgw@example.gov.cn"
        )
        get("cycles", "Delivery").objects.create(channel=channel, key="k", subject="提醒", text="请报送")
        get("cycles", "Notification").objects.create(user=user, key="k", text="请报送")
        ContentType = get("contenttypes", "ContentType")
        for model in ("report", "notice", "closeout", "evidence", "channel", "delivery", "notification"):
            ContentType.objects.get_or_create(app_label="cycles", model=model)
        return task, report, notice, closeout

    def test_it_keeps_every_notice_closeout_message_and_evidence_row(self):
        task, report, notice, closeout = self.populate(self.migrate(BEFORE))
        new = self.migrate(self.latest())
        Notice, CloseOut = new.get_model("supervision", "Notice"), new.get_model("supervision", "CloseOut")
        self.assertEqual(Notice.objects.get().reason, "逾期未报")
        self.assertEqual(CloseOut.objects.get().status, "approved")
        self.assertEqual(new.get_model("notify", "Channel").objects.get().address, "fgw@example.gov.cn")
        self.assertEqual(new.get_model("notify", "Delivery").objects.get().subject, "提醒")
        self.assertEqual(new.get_model("notify", "Notification").objects.get().text, "请报送")

    def test_it_gives_each_notice_the_plan_of_its_task(self):
        task, report, notice, closeout = self.populate(self.migrate(BEFORE))
        new = self.migrate(self.latest())
        self.assertEqual(new.get_model("supervision", "Notice").objects.get().plan_id, task.plan_id)

    def test_it_gives_each_evidence_file_its_owner(self):
        task, report, notice, closeout = self.populate(self.migrate(BEFORE))
        new = self.migrate(self.latest())
        owners = {
            e.name: (e.owner_type.app_label, e.owner_type.model, e.owner_id)
            for e in new.get_model("evidence", "Evidence").objects.select_related("owner_type")
        }
        self.assertEqual(
            owners,
            {
                "进展.pdf": ("cycles", "report", report.pk),
                "验收.pdf": ("supervision", "closeout", closeout.pk),
            },
        )

    def test_it_relabels_the_moved_models_content_types(self):
        self.populate(self.migrate(BEFORE))
        new = self.migrate(self.latest())
        labels = set(new.get_model("contenttypes", "ContentType").objects.values_list("app_label", "model"))
        self.assertTrue(
            {
                ("supervision", "notice"),
                ("supervision", "closeout"),
                ("notify", "channel"),
                ("evidence", "evidence"),
            }
            <= labels
        )
        self.assertFalse({("cycles", "notice"), ("cycles", "evidence"), ("cycles", "channel")} & labels)

    def test_it_keeps_the_days_of_approved_closeouts_and_the_latest_progress_on_the_task(self):
        task, *_ = self.populate(self.migrate(BEFORE))
        new = self.migrate(self.latest())
        task = new.get_model("plans", "Task").objects.get(pk=task.pk)
        self.assertEqual(
            (task.closed_out_on, task.progress_note), (datetime.date(2026, 12, 1), "已建成18万亩")
        )

    def test_it_puts_the_evidence_owners_back_when_reversed(self):
        task, report, notice, closeout = self.populate(self.migrate(BEFORE))
        self.migrate(self.latest())
        old = self.migrate(BEFORE)
        rows = (
            old.get_model("cycles", "Evidence")
            .objects.order_by("name")
            .values_list("report_id", "closeout_id")
        )
        self.assertEqual(list(rows), [(report.pk, None), (None, closeout.pk)])
