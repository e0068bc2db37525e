"""The kinds of 通报 besides the monthly one — quarterly 调度, half-year 双过半, annual 考核, 整改 — each from
the ledger's own data, its counts in the text equal to the attached tables; their periods; their pages and
the command, with a clear message when a kind has nothing to report."""

import datetime
import io
import re
import tempfile
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document

from apps.assessment.models import Scheme, ScoreRun, UnitScore
from apps.briefings import actions, periods
from apps.briefings.data import NoFigures
from apps.briefings.models import Briefing
from apps.cycles.models import Cycle, Report, TargetActual
from apps.plans.models import Target
from apps.supervision.models import Rectification

from .base import NOW, TODAY, BriefingTestCase


def read(briefing):
    """(the text, {附件 title: rows without the header}) of the .docx as python-docx reads it."""
    doc = Document(io.BytesIO(actions.render_docx(briefing, date=TODAY)))
    text = "\n".join(p.text for p in doc.paragraphs)
    titles = [p.text for p in doc.paragraphs if re.fullmatch(r"[^\s]+表|[^\s]+清单", p.text)]
    tables = {
        title: [[c.text for c in row.cells] for row in t.rows[1:]]
        for title, t in zip(titles, doc.tables, strict=True)
    }
    return text, tables


class PeriodTestCase(BriefingTestCase):
    def test_it_reads_each_kinds_period(self):
        cases = {
            ("monthly", "2026-11"): ("2026年11月", 11, 11),
            ("quarterly", "2026-Q3"): ("2026年第三季度", 7, 9),
            ("halfyear", "2026-h1"): ("2026年上半年", 1, 6),
            ("annual", "2026"): ("2026年度", 1, 12),
            ("rectification", "2026-9"): ("2026年9月", 9, 9),
        }
        for (kind, text), expected in cases.items():
            with self.subTest(kind=kind):
                period = periods.parse(kind, text, today=TODAY)
                self.assertEqual((period.label, period.first_month, period.last_month), expected)
                self.assertEqual(periods.parse(kind, period.code, today=TODAY), period)

    def test_it_refuses_a_period_in_another_kinds_format_or_not_begun(self):
        cases = [
            ("quarterly", "2026-11", "季度调度通报的期次应为“年-季度”"),
            ("halfyear", "2026-H2", "如 2026-H1"),
            ("annual", "2026-Q1", "应为“年”"),
            ("monthly", "2026-13", "月份应为 1 至 12"),
            ("quarterly", "2027-Q1", "2027年第一季度尚未开始"),
            ("weekly", "2026-11", "不支持的通报类型"),
        ]
        for kind, text, message in cases:
            with self.subTest(kind=kind, text=text), self.assertRaisesMessage(periods.PeriodError, message):
                periods.parse(kind, text, today=TODAY)


@time_machine.travel(NOW, tick=False)
class QuarterlyTestCase(BriefingTestCase):
    def generate(self):
        return actions.generate(self.plan, 2026, 12, actor=self.coordinator, today=TODAY, kind="quarterly")

    def test_it_reports_the_quarters_notices_and_the_items_for_the_meeting(self):
        data = self.generate().data
        self.assertEqual((data["first_month"], data["as_of"]), (10, "2026-11-30"))
        self.assertEqual(data["notice_counts"], {"催办": 1})
        self.assertEqual(
            [r["title"] for r in data["decisions"]], ["完成国土空间规划报批", "改造老旧小区30个"]
        )

    def test_it_writes_counts_that_equal_the_tables(self):
        briefing = self.generate()
        text, tables = read(briefing)
        self.assertEqual(briefing.title, f"关于2026年第四季度{self.plan.title}推进情况的调度通报")
        self.assertIn("五、提请调度会研究的事项", text)
        notices = tables["督办事项清单"]
        self.assertIn(f"本季度共下发督办单{len(notices)}件（催办1件）", text)
        self.assertIn(f"以下{len(briefing.data['decisions'])}项任务已逾期或经督办仍未达序时进度", text)
        self.assertIn(f"应报送进展报告{sum(int(r[2]) for r in tables['报送情况表'])}份", text)
        self.assertIn(f"欠进度{len(tables['滞后事项清单'])}项", text)


@time_machine.travel(NOW, tick=False)
class HalfYearTestCase(BriefingTestCase):
    def generate(self):
        return actions.generate(self.plan, 2026, 6, actor=self.coordinator, today=TODAY, kind="halfyear")

    def test_it_tells_time_and_task_halfway_per_area_and_unit(self):
        data = self.generate().data
        # 91, 100, 100, 40, 60 and none: four at half or above, average 65.2
        self.assertEqual((data["halfway"]["over"], data["halfway"]["average"]), (4, "65.2"))
        units = {u["name"]: (u["total"], u["over"], u["achieved"]) for u in data["halfway_units"]}
        self.assertEqual(units, {"市发改委": (4, 3, True), "市住建局": (2, 1, True)})
        self.assertEqual(data["as_of"], "2026-06-30")

    def test_it_writes_counts_that_equal_the_tables(self):
        briefing = self.generate()
        text, tables = read(briefing)
        self.assertIn("二、“时间过半、任务过半”情况", text)
        areas, units = tables["分领域“双过半”情况表"], tables["分单位“双过半”情况表"]
        over = sum(int(row[3]) for row in areas)
        self.assertEqual(over, sum(int(row[3]) for row in units))
        self.assertIn(f"{briefing.data['total']}项任务中，完成进度达到或超过50%（含已完成）的{over}项", text)
        self.assertIn(f"{len(units)}个牵头单位均实现“时间过半、任务过半”", text)
        for row in areas:
            self.assertIn(f"{row[1]}：{row[2]}项任务中过半{row[3]}项，平均完成进度{row[5]}", text)

    def test_it_reports_the_targets_as_they_stood_at_the_half_years_end(self):
        june = Cycle.objects.create(
            plan=self.plan, kind="month", label="2026年6月", period_start=datetime.date(2026, 6, 1),
            period_end=datetime.date(2026, 6, 30), opens_on=datetime.date(2026, 6, 20),
            due_on=datetime.date(2026, 6, 25), status=Cycle.Status.CLOSED,
        )  # fmt: skip
        sent = Report.objects.create(cycle=june, task=self.task, unit=self.fgw, status="accepted", percent=55)
        TargetActual.objects.create(report=sent, target=self.target, value=Decimal("11"))  # 11 of 20 万亩
        later = Report.objects.get(cycle=self.cycle, task=self.task)
        TargetActual.objects.create(
            report=later, target=self.target, value=Decimal("19")
        )  # November's: not H1's
        Target.objects.create(
            task=self.lagging, metric="改造小区", comparator=">=", value=Decimal("30"), unit="个"
        )
        Target.objects.create(
            task=self.task, metric="化肥用量", comparator="<=", value=Decimal("5")
        )  # a ceiling
        briefing = self.generate()
        self.assertEqual(briefing.data["targets_summary"], {"reported": 1, "over": 1, "over_share": "100%"})
        text, tables = read(briefing)
        rows = tables["量化指标进展表"]
        self.assertEqual(
            rows,
            [["1", "建成高标准农田20万亩", "高标准农田", "20万亩", "11万亩", "55%", "是"],
             ["2", "改造老旧小区30个", "改造小区", "30个", "未报送", "—", "否"]],
        )  # fmt: skip
        self.assertIn(
            f"{len(rows)}项量化指标中，已报送实际值1项，完成目标过半的1项、占100%，未过半的0项", text
        )


@time_machine.travel(NOW, tick=False)
class AnnualTestCase(BriefingTestCase):
    def publish_results(self):
        scheme = Scheme.objects.create(
            owner_unit=self.city,
            title="定西市2026年度目标责任考核办法",
            year=2026,
            status=Scheme.Status.PUBLISHED,
            config={
                "groups": [{"code": "dept", "name": "市直部门", "unit_ids": [self.fgw.pk, self.zjj.pk]}],
                "grades": [{"name": "优秀", "min_score": "90"}, {"name": "良好", "min_score": "80"}],
            },
            created_by=self.coordinator,
            results_published_at=timezone.now(),
        )
        run = ScoreRun.objects.create(
            scheme=scheme,
            as_of=datetime.date(2026, 12, 31),
            final=True,
            status=ScoreRun.Status.DONE,
            requested_by=self.coordinator,
        )
        late = {"rule": "迟报", "delta": "-0.5", "label": "11月进展迟报"}
        notice = {"rule": "被督办", "delta": "-1", "label": "改造老旧小区30个"}
        for unit, total, grade, rank, lines in (
            (self.fgw, "92.5", "优秀", 1, [late]),
            (self.zjj, "85", "良好", 2, [late, notice]),
        ):
            UnitScore.objects.create(
                run=run, unit=unit, group="dept", total=Decimal(total), grade=grade, rank=rank,
                breakdown={"deductions": lines}, summary={"negative": []},
            )  # fmt: skip

    def test_it_says_so_when_no_results_are_published(self):
        with self.assertRaisesMessage(NoFigures, "定西市2026年度尚无已发布的考核结果"):
            actions.generate(self.plan, 2026, 12, actor=self.coordinator, today=TODAY, kind="annual")
        self.login(self.coordinator)
        response = self.client.post(
            f"/plans/{self.plan.pk}/briefings/generate/", {"kind": "annual", "period": "2026"}, follow=True
        )
        self.assertContains(response, "尚无已发布的考核结果")
        self.assertFalse(Briefing.objects.exists())

    def test_it_ranks_grades_and_sums_deductions_as_the_tables_do(self):
        self.publish_results()
        briefing = actions.generate(
            None, 2026, 12, actor=self.coordinator, today=TODAY, kind="annual", scope=self.city
        )
        text, tables = read(briefing)
        ranking, deductions = tables["考核结果排名表"], tables["减分事项汇总表"]
        self.assertEqual([row[1] for row in ranking], ["市发改委", "市住建局"])
        self.assertIn(f"本年度共考核{len(ranking)}个单位，分1组排名（市直部门）", text)
        self.assertIn("其中，优秀1个，良好1个", text)
        self.assertEqual(deductions, [["1", "迟报", "2", "-1"], ["2", "被督办", "1", "-1"]])
        self.assertIn(
            f"全年共发生减分事项{sum(int(r[2]) for r in deductions)}次：迟报2次、扣1分；被督办1次、扣1分",
            text,
        )
        self.assertIn("排名前2位的是市发改委（92.5分）、市住建局（85分）", text)


@time_machine.travel(NOW, tick=False)
class RectificationTestCase(BriefingTestCase):
    def add(self, description, status, due, *, rebound=False, closed_on=None, owner=None):
        return Rectification.objects.create(
            owner_unit=owner or self.city, source="inspection", description=description, lead_unit=self.zjj,
            due_date=due, status=status, rebound=rebound, closed_on=closed_on, created_by=self.coordinator,
        )  # fmt: skip

    def test_it_says_so_when_there_is_no_item(self):
        self.login(self.coordinator)
        response = self.client.post(
            f"/plans/{self.plan.pk}/briefings/generate/",
            {"kind": "rectification", "period": "2026-11"},
            follow=True,
        )
        self.assertContains(response, "没有整改事项")

    def test_it_counts_statuses_the_clearance_rate_overdue_and_rebound_as_the_tables_do(self):
        S = Rectification.Status
        self.add(
            "老旧小区加装电梯进度慢",
            S.CLOSED,
            datetime.date(2026, 9, 30),
            closed_on=datetime.date(2026, 9, 20),
        )
        self.add("建筑垃圾乱倒乱放", S.IN_PROGRESS, datetime.date(2026, 10, 31))
        self.add("物业服务投诉多", S.IN_PROGRESS, datetime.date(2026, 12, 31), rebound=True)
        self.add(
            "销号在期后的问题", S.CLOSED, datetime.date(2026, 12, 31), closed_on=datetime.date(2026, 12, 5)
        )
        self.add(
            "县里的问题", S.IN_PROGRESS, datetime.date(2026, 10, 1), owner=self.county
        )  # not the plan's unit
        briefing = actions.generate(
            self.plan, 2026, 11, actor=self.coordinator, today=TODAY, kind="rectification"
        )
        data = briefing.data
        self.assertEqual((data["total"], data["closed"], data["rate"]), (4, 1, "25%"))
        self.assertEqual(data["statuses"], {"推进中": 3, "已销号": 1})
        text, tables = read(briefing)
        overdue, units, rebound = (
            tables["逾期整改问题清单"],
            tables["分单位整改情况表"],
            tables["“回头看”反弹问题清单"],
        )
        self.assertEqual(
            overdue, [["1", "建筑垃圾乱倒乱放", "市住建局", "2026-10-31", "2026-11-01", "推进中"]]
        )
        self.assertIn(f"共{len(overdue)}个问题超过整改时限仍未销号", text)
        self.assertIn(f"“回头看”发现{len(rebound)}个问题反弹回潮", text)
        self.assertIn(f"共有整改问题{sum(int(r[2]) for r in units)}个", text)
        self.assertIn("已销号1个，整改清零率25%", text)
        city = actions.generate(
            None, 2026, 11, actor=self.coordinator, today=TODAY, kind="rectification", scope=self.city
        )
        self.assertEqual(city.data["total"], 5)  # the jurisdiction's: the county's item too


@time_machine.travel(NOW, tick=False)
class KindsCommandTestCase(BriefingTestCase):
    def run_command(self, **options):
        out = tempfile.mkdtemp() + "/k.docx"
        call_command("briefing", plan=str(self.plan.pk), output=out, stdout=io.StringIO(), **options)
        return "\n".join(p.text for p in Document(out).paragraphs)

    def test_it_writes_the_quarterly_and_half_year_reports(self):
        self.assertIn("提请调度会研究的事项", self.run_command(kind="quarterly", period="2026-Q4"))
        self.assertIn("“时间过半、任务过半”情况", self.run_command(kind="halfyear", period="2026-H1"))

    def test_it_fails_with_a_chinese_message_when_a_kind_has_nothing_to_report_or_a_bad_period(self):
        cases = [
            ({"kind": "annual", "period": "2026"}, "尚无已发布的考核结果"),
            ({"kind": "rectification", "period": "2026-11"}, "没有整改事项"),
            ({"kind": "halfyear", "period": "2026-11"}, "期次"),
        ]
        for options, word in cases:
            with self.subTest(options=options), self.assertRaisesMessage(CommandError, word):
                self.run_command(**options)


@time_machine.travel(NOW, tick=False)
class KindPagesTestCase(RectificationTestCase):
    def test_it_generates_each_kind_from_the_plan_page_and_previews_it(self):
        self.add("建筑垃圾乱倒乱放", Rectification.Status.IN_PROGRESS, datetime.date(2026, 10, 31))
        self.login(self.coordinator)
        cases = [
            ("quarterly", "2026-Q4", "提请调度会研究的事项"),
            ("halfyear", "2026-H1", "“时间过半、任务过半”情况"),
            ("rectification", "2026-11", "逾期未完成整改的问题"),
        ]
        for kind, period, heading in cases:
            with self.subTest(kind=kind):
                url = f"/plans/{self.plan.pk}/briefings/generate/"
                response = self.client.post(url, {"kind": kind, "period": period}, follow=True)
                self.assertContains(response, heading)
                self.assertContains(response, f'<input type="hidden" name="kind" value="{kind}">')
        listing = self.client.get(f"/plans/{self.plan.pk}/briefings/")
        for label in ("季度调度通报", "2026年第四季度", "双过半情况通报", "整改进展情况通报"):
            self.assertContains(listing, label)
