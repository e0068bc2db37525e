import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.orgs.models import Role, Unit, User
from apps.plans.models import Area, Milestone, Plan, Target, Task, TaskUnit

from ... import data

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


class Command(BaseCommand):
    help = "Load the demo (units of 定西市, one user per role, plans from the seed documents). Idempotent."

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
        plan = self.load_plan(city, units)
        from ... import cycles

        cycles.load(plan, coordinator=User.objects.get(username="gaige"))

    def load_plan(self, city, units):
        text = (SEEDS / data.PLAN_SEED).read_text(encoding="utf-8")
        plan = Plan.objects.create(
            owner_unit=city, status=Plan.Status.PUBLISHED, source_text=text, **data.PLAN
        )
        for order, (area_title, tasks) in enumerate(data.AREAS, start=1):
            area = Area.objects.create(plan=plan, title=area_title, order=order)
            for code, sentence, title, leads, cos, leader, due, kind, priority, targets, milestones in tasks:
                start = text.find(sentence)
                task = Task.objects.create(
                    plan=plan,
                    area=area,
                    code=code,
                    title=title,
                    description=sentence,
                    leader=leader,
                    start_date=datetime.date(plan.year, 1, 1),
                    due_date=datetime.date.fromisoformat(due),
                    kind=kind,
                    priority=priority,
                    source_start=start if start >= 0 else None,
                    source_end=start + len(sentence) if start >= 0 else None,
                )
                TaskUnit.objects.bulk_create(
                    [TaskUnit(task=task, unit=units[n], role="lead", order=i) for i, n in enumerate(leads)]
                    + [TaskUnit(task=task, unit=units[n], role="co", order=i) for i, n in enumerate(cos)]
                )
                for metric, comparator, value, unit, deadline in targets:
                    Target.objects.create(
                        task=task,
                        metric=metric,
                        comparator=comparator,
                        value=Decimal(value),
                        unit=unit,
                        deadline=datetime.date.fromisoformat(deadline) if deadline else None,
                        horizon=plan.year,
                    )
                for day, deliverable in milestones:
                    Milestone.objects.create(
                        task=task, due_date=datetime.date.fromisoformat(day), deliverable=deliverable
                    )
        return plan

    def print_logins(self):
        self.stdout.write(f"\n演示账号（密码均为 {data.PASSWORD}）：")
        for username, full_name, _unit, roles in data.USERS:
            labels = "、".join(Role(r).label for r in roles)
            self.stdout.write(f"  {username:<10} {labels:<12} {full_name}")
