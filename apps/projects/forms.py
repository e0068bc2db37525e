"""Forms of the 重点项目 pages: the project (with its 12-month plan and 前期手续), the monthly report
(phone-friendly: few fields, numbers with a decimal keypad), a review, the ledger's filters and the import."""

from django import forms

from apps.plans.forms import DateInput
from lib.widgets import FastSelect

from .models import PERMITS, PermitState, Project
from .rules import Colour

MONTHS = range(1, 13)
MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}


def _permit_fields(form, permits: dict):
    """A state and a date for each 前期手续, named permit_<key> and permit_<key>_date."""
    for key, label in PERMITS:
        entry = (permits or {}).get(key, {})
        form.fields[f"permit_{key}"] = forms.ChoiceField(
            label=f"{label}手续", choices=PermitState.choices, initial=entry.get("state", PermitState.TODO)
        )
        form.fields[f"permit_{key}_date"] = forms.DateField(
            label=f"{label}办结日期", required=False, widget=DateInput, initial=entry.get("date")
        )


def _permits_of(cleaned) -> dict:
    return {
        key: {
            "state": cleaned[f"permit_{key}"],
            "date": cleaned[f"permit_{key}_date"].isoformat() if cleaned.get(f"permit_{key}_date") else None,
        }
        for key, _ in PERMITS
    }


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "year",
            "level",
            "kind",
            "industry",
            "unit",
            "leader",
            "owner",
            "location",
            "content",
            "total_investment",
            "annual_plan",
            "planned_start",
            "actual_start",
            "planned_end",
            "actual_end",
            "progress",
            "in_stats",
            "needs",
            "coordination",
            "coordination_unit",
            "task",
        ]
        widgets = {
            "unit": FastSelect,
            "coordination_unit": FastSelect,
            "task": FastSelect,
            "content": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "coordination": forms.Textarea(attrs={"rows": 2}),
            "planned_start": DateInput,
            "actual_start": DateInput,
            "planned_end": DateInput,
            "actual_end": DateInput,
        }
        help_texts = {
            "leader": "包抓（包保）的市、县领导姓名",
            "annual_plan": "本年度计划完成的投资（万元），投资完成率以此为分母",
            "coordination_unit": "填写了需协调事项时必选",
        }

    def __init__(self, *args, units, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["coordination_unit"].queryset = units
        self.fields["task"].queryset = tasks
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        for name in ("total_investment", "annual_plan"):
            self.fields[name].widget.attrs.update(MONEY_ATTRS)
        plan = (self.instance.monthly_plan if self.instance else None) or []
        for month in MONTHS:
            self.fields[f"plan_{month}"] = forms.DecimalField(
                label=f"{month}月计划投资（万元）",
                required=False,
                decimal_places=2,
                max_digits=14,
                initial=plan[month - 1] if len(plan) == 12 else None,
                widget=forms.NumberInput(attrs=MONEY_ATTRS),
                help_text="12个月都填写时合计应等于年度计划投资；都不填则按月份平均计算时间进度"
                if month == 1
                else "",
            )
        _permit_fields(self, self.instance.permits if self.instance else {})

    def clean(self):
        cleaned = super().clean()
        plan = [cleaned.get(f"plan_{m}") for m in MONTHS]
        if any(v is not None for v in plan):
            if any(v is None for v in plan):
                self.add_error("plan_1", "月度计划投资请12个月都填写（没有安排的月份填0），或都不填")
            cleaned["monthly_plan"] = [str(v or 0) for v in plan]
        else:
            cleaned["monthly_plan"] = []
        cleaned["permits"] = _permits_of(cleaned)
        return cleaned

    def values(self) -> dict:
        """What the actions take: Project.FIELDS (but leader_user, which the form does not offer)."""
        return {f: self.cleaned_data[f] for f in Project.FIELDS if f in self.cleaned_data}


class ReportForm(forms.Form):
    month_investment = forms.DecimalField(
        label="本月完成投资（万元）",
        min_value=0,
        decimal_places=2,
        max_digits=14,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    cumulative = forms.DecimalField(
        label="本年累计完成投资（万元）",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
        help_text="不填则按上月累计加本月完成自动计算",
    )
    progress = forms.CharField(
        label="形象进度",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：主体结构施工至第5层",
    )
    started_on = forms.DateField(
        label="实际开工时间", required=False, widget=DateInput, help_text="本月开工的请填写"
    )
    problems = forms.CharField(
        label="存在问题及需协调事项", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, permits, months, **kwargs):
        """months: those a new report may be for (None: an existing report keeps its month)."""
        super().__init__(*args, **kwargs)
        if months is not None:
            self.fields["month"] = forms.TypedChoiceField(
                label="月份", coerce=int, choices=[(m, f"{m}月") for m in months]
            )
            self.order_fields(["month"])
        _permit_fields(self, permits)

    def values(self) -> dict:
        data = {
            f: self.cleaned_data[f]
            for f in ("month_investment", "cumulative", "progress", "started_on", "problems")
        }
        data["permits"] = _permits_of(self.cleaned_data)
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=[("pass", "通过"), ("return", "退回修改")], widget=forms.RadioSelect
    )
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label="项目名称或编号", required=False)
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    level = forms.TypedChoiceField(
        label="级别", coerce=int, required=False, choices=[("", "全部"), *Project.Level.choices]
    )
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *Project.Kind.choices])
    unit = forms.ModelChoiceField(
        label="责任单位", required=False, queryset=None, widget=FastSelect, empty_label="全部"
    )
    leader = forms.CharField(label="包抓领导", required=False)
    colour = forms.ChoiceField(
        label="亮灯", required=False, choices=[("", "全部"), *((c.value, c.label) for c in Colour)]
    )
    flagged = forms.BooleanField(label="只看有预警的", required=False)

    def __init__(self, *args, units, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [(y, f"{y}年") for y in years] or [("", "—")]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="项目台账（.xlsx）", help_text="按“导出”的表格式填写；有一行出错则整表不导入，并指出行和列"
    )
