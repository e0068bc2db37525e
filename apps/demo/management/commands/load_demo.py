from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.cascade import demo as cascade
from apps.cases import demo as cases
from apps.dashboard import stats
from apps.documents import actions as documents
from apps.documents import drafts
from apps.indicators import demo as indicators
from apps.orgs.models import Role, Unit, User
from apps.projects import demo as projects

from ... import assessment, cycles, data, leads, supervision
from ...seeds import SEEDS


class Command(BaseCommand):
    help = "Load the demo: the units of 定西市, one user per role, plans made from the seed documents. Idempotent."

    def handle(self, *args, **options):
        if Unit.objects.filter(name=data.CITY).exists():
            self.stdout.write("演示数据已存在，跳过加载。")
        else:
            with transaction.atomic():
                self.load()
        self.print_logins()

    def unit(self, name, kind, parent=None):
        unit = Unit.objects.create(name=name, kind=kind, parent=parent, order=Unit.objects.count())
        unit.path = unit.compute_path()
        unit.save(update_fields=["path"])
        return unit

    def load(self):
        K = Unit.Kind
        city = self.unit(data.CITY, K.CITY)
        for name in data.CITY_DEPARTMENTS:
            self.unit(name, K.DEPARTMENT, city)
        for county_name in data.COUNTIES:
            county = self.unit(county_name, K.COUNTY, city)
            for dept in data.COUNTY_DEPARTMENTS:
                self.unit(county_name + dept, K.DEPARTMENT, county)
            for town in data.TOWNSHIPS.get(county_name, []):
                self.unit(town, K.TOWNSHIP, county)
        units = {u.name: u for u in Unit.objects.all()}
        password = make_password(data.PASSWORD)
        for username, full_name, unit_name, roles in data.USERS:
            User.objects.create(
                username=username, full_name=full_name, unit=units[unit_name], roles=roles, password=password
            )
        plans = [self.load_plan(seed, units) for seed in data.PLANS]
        # 我分管: the 市长 leads every other task of the city work report, the county's leader its plan's
        for plan, username, every in ((plans[0], "shizhang", 2), (plans[2], "longxi_ld", 1)):
            coordinator = User.objects.get(username=data.COORDINATORS[plan.owner_unit.name])
            leads.link_leader(plan, User.objects.get(username=username), every=every, actor=coordinator)
        # reporting cycles for the city work report and the 陇西县 plan
        for plan in (plans[0], plans[2]):
            coordinator = User.objects.get(username=data.COORDINATORS[plan.owner_unit.name])
            cycles.load(plan, coordinator=coordinator)
        # 承接落实: the 陇西县 plan carries down the city's reform plan, linked through suggestions
        cascade.load(plans[2], plans[1], coordinator=User.objects.get(username=data.COORDINATORS["陇西县"]))
        today = timezone.localdate()
        # a finished inspection, a half-done 整改台账, a 批示 to answer
        supervision.load(plans[0], today=today)
        cases.load(today)  # three accepted 典型经验, one from the inspection's good-practice finding
        indicators.load(today)  # ten 主要经济指标 of 定西市 and its 区县, the year's months so far
        projects.load(today)  # 30 重点项目 of 定西市 and its 区县 with the months reported so far
        assessment.load(plans[0], today)  # the published 年督考 scheme, ratings, a running score
        stats.refresh(today)  # the dashboard's figures, as the next tick would rebuild them

    def load_plan(self, seed, units):
        """Upload → extraction → the coordinator's review → publish, as in the app."""
        filename, title, year, owner_name, default_lead = seed
        owner = units[owner_name]
        coordinator = User.objects.get(username=data.COORDINATORS[owner_name])
        county = owner_name if owner.kind == Unit.Kind.COUNTY else None
        text = (SEEDS / filename).read_text(encoding="utf-8")
        draft = documents.create_draft(
            text=text,
            filename=filename,
            raw=None,
            title=title,
            year=year,
            owner_unit=owner,
            actor=coordinator,
        )
        for _, task in drafts.kept_tasks(draft.data):
            if not task["lead_unit_ids"]:
                name = leads.lead_unit_name(task["title"], task["text"], county)
                if name:
                    drafts.edit(draft.data, task["key"], lead_unit_ids=[units[name].pk])
            if county is None:
                mentioned = [units[c].pk for c in leads.counties_mentioned(task["text"])]
                drafts.edit(draft.data, task["key"], co_unit_ids=[*task["co_unit_ids"], *mentioned])
        draft.save(update_fields=["data"])
        plan = documents.publish(draft, default_lead_unit=units[default_lead], actor=coordinator)
        self.stdout.write(f"已从 {filename} 生成计划“{plan.title}”：{plan.tasks.count()} 项任务")
        return plan

    def print_logins(self):
        self.stdout.write(f"\n演示账号（密码均为 {data.PASSWORD}）：")
        for username, full_name, _unit, roles in data.USERS:
            labels = "、".join(Role(r).label for r in roles)
            self.stdout.write(f"  {username:<10} {labels:<12} {full_name}")
