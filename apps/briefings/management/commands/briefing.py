"""python manage.py briefing --plan PLAN_ID --period 2026-11 --kind monthly --output FILE.docx

Writes the month's 督查通报 of a plan from the ledger as it is now, for scheduled or scripted use. Nothing
is stored: publishing (numbering, keeping) is done on the 通报 page. Bad arguments exit non-zero with a
message in Chinese."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.briefings import docx
from apps.briefings.actions import default_title
from apps.briefings.data import DEFAULT_REQUIREMENTS, PeriodError, gather, parse_period
from apps.briefings.models import Briefing
from apps.plans.models import Plan


class Command(BaseCommand):
    help = "按台账数据生成计划的月度督查通报（.docx）"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="计划编号")
        parser.add_argument("--period", required=True, help="月份，如 2026-11")
        parser.add_argument("--kind", default=Briefing.Kind.MONTHLY, help="通报类型：monthly")
        parser.add_argument("--output", required=True, help="输出的 .docx 文件")
        parser.add_argument("--office", default="", help="印发单位（默认为计划的发文单位）")
        parser.add_argument("--copy-to", default="", help="版记的抄送机关（可不填）")

    def handle(self, *args, plan, period, kind, output, office, copy_to, **options):
        if kind not in Briefing.Kind.values:
            raise CommandError(f"不支持的通报类型“{kind}”，可选：{'、'.join(Briefing.Kind.values)}")
        try:
            plan_obj = Plan.objects.select_related("owner_unit").get(pk=int(plan), archived_at__isnull=True)
        except (ValueError, Plan.DoesNotExist):
            raise CommandError(f"计划“{plan}”不存在") from None
        today = timezone.localdate()
        try:
            year, month = parse_period(period, today=today)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        path = Path(output)
        if path.suffix.lower() != ".docx":
            raise CommandError("输出文件应以 .docx 结尾")
        if not path.parent.is_dir():
            raise CommandError(f"输出目录“{path.parent}”不存在")
        figures = gather([plan_obj], year, month, today=today)
        content = docx.render(
            figures,
            title=default_title(plan_obj, year, month),
            journal=f"《{plan_obj.owner_unit.name}督查》",
            number="（未编号）",
            office=office or plan_obj.owner_unit.name,
            date=today.isoformat(),
            requirements=DEFAULT_REQUIREMENTS,
            copy_to=copy_to,
        )
        path.write_bytes(content)
        counts = "，".join(f"{k}{v}项" for k, v in figures["counts"].items())
        self.stdout.write(f"已生成 {path}：共{figures['total']}项任务，{counts}")
