"""python manage.py briefing (--plan PLAN_ID | --unit UNIT_ID | --all-plans) --period 2026-11
    --kind monthly|quarterly|halfyear|annual|rectification --output FILE.docx

Writes a 通报 from the ledger as it is now, for scheduled or scripted use: of one plan, or of all published
plans of a jurisdiction (--unit, a 市/县区; --all-plans alone: the top unit's, the whole tree). Periods by
kind: 2026-11 (monthly, rectification), 2026-Q3 (quarterly), 2026-H1 (halfyear), 2026 (annual). Nothing
is stored: publishing (numbering, keeping) is done on the 通报 page. Bad arguments exit non-zero with a
message in Chinese."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.briefings import docx, figures, periods
from apps.briefings.data import NoFigures
from apps.briefings.models import Briefing
from apps.orgs.models import Unit
from apps.plans.models import Plan


class Command(BaseCommand):
    help = "按台账数据生成计划或辖区全部计划的督查通报（.docx）"

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="", help="计划编号")
        parser.add_argument("--unit", default="", help="辖区（市/县区）的单位编号：生成其全部计划的通报")
        parser.add_argument(
            "--all-plans", action="store_true", help="全部计划（不指定 --unit 时为最上级单位）"
        )
        parser.add_argument("--period", required=True, help="期次，如 2026-11、2026-Q3、2026-H1、2026")
        parser.add_argument(
            "--kind", default=Briefing.Kind.MONTHLY, help="类型：" + "、".join(Briefing.Kind.values)
        )
        parser.add_argument("--output", required=True, help="输出的 .docx 文件")
        parser.add_argument("--office", default="", help="印发单位（默认为计划或辖区的发文单位）")
        parser.add_argument("--copy-to", default="", help="版记的抄送机关（可不填）")

    def handle(self, *args, plan, unit, all_plans, period, kind, output, office, copy_to, **options):
        if kind not in Briefing.Kind.values:
            raise CommandError(f"不支持的通报类型“{kind}”，可选：{'、'.join(Briefing.Kind.values)}")
        plan_obj, scope = self._subject(plan, unit, all_plans)
        today = timezone.localdate()
        try:
            covers = periods.parse(kind, period, today=today)
        except periods.PeriodError as exc:
            raise CommandError(str(exc)) from None
        path = Path(output)
        if path.suffix.lower() != ".docx":
            raise CommandError("输出文件应以 .docx 结尾")
        if not path.parent.is_dir():
            raise CommandError(f"输出目录“{path.parent}”不存在")
        try:
            snapshot = figures.gather(kind, covers, today=today, plan=plan_obj, scope=scope)
        except NoFigures as exc:
            raise CommandError(str(exc)) from None
        owner = plan_obj.owner_unit if plan_obj is not None else scope
        content = docx.render(
            snapshot,
            title=figures.default_title(kind, covers, plan=plan_obj, scope=scope),
            journal=f"《{owner.name}督查》",
            number="（未编号）",
            office=office or owner.name,
            date=today.isoformat(),
            requirements=figures.default_requirements(kind),
            copy_to=copy_to,
        )
        path.write_bytes(content)
        if "counts" in snapshot:
            counts = "，".join(f"{k}{v}项" for k, v in snapshot["counts"].items())
            self.stdout.write(f"已生成 {path}：共{snapshot['total']}项任务，{counts}")
        else:
            self.stdout.write(f"已生成 {path}：{covers.label}{Briefing.Kind(kind).label}")

    def _subject(self, plan, unit, all_plans):
        """(plan, None) or (None, the jurisdiction)."""
        if plan and (unit or all_plans):
            raise CommandError("--plan 与 --unit/--all-plans 只能选一个")
        if plan:
            try:
                return Plan.objects.select_related("owner_unit").get(
                    pk=int(plan), archived_at__isnull=True
                ), None
            except (ValueError, Plan.DoesNotExist):
                raise CommandError(f"计划“{plan}”不存在") from None
        if unit:
            try:
                scope = Unit.objects.get(pk=int(unit))
            except (ValueError, Unit.DoesNotExist):
                raise CommandError(f"单位“{unit}”不存在") from None
            if scope.kind not in Unit.JURISDICTION_KINDS:
                raise CommandError(f"单位“{scope.name}”不是市或县区，请指定辖区单位")
            return None, scope
        if all_plans:
            scope = Unit.objects.filter(parent__isnull=True).order_by("path").first()
            if scope is None:
                raise CommandError("还没有单位，无法生成全部计划的通报")
            return None, scope
        raise CommandError("请指定 --plan 计划编号，或 --unit 辖区单位编号（全部计划）")
