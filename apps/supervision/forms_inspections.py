from django import forms

from apps.plans.forms import DateInput
from apps.plans.models import Task
from lib.widgets import FastSelect, FastSelectMultiple

from .forms import MultipleFileField, MultipleFileInput
from .models import Finding, Inspection


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label="督查类型", choices=Inspection.Kind.choices)
    title = forms.CharField(label="督查名称", max_length=200)
    scheme = forms.CharField(label="督查方案", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    units = forms.ModelMultipleChoiceField(
        label="督查对象", queryset=None, widget=FastSelectMultiple(attrs={"size": 8})
    )
    plans = forms.ModelMultipleChoiceField(
        label="督查的计划", queryset=None, required=False, widget=FastSelectMultiple(attrs={"size": 4})
    )
    team = forms.ModelMultipleChoiceField(
        label="督查组成员", queryset=None, widget=FastSelectMultiple(attrs={"size": 6})
    )
    methods = forms.MultipleChoiceField(
        label="督查方式",
        choices=Inspection.Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())

    def __init__(self, *args, units, plans, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["plans"].queryset = plans
        self.fields["team"].queryset = team
        self.fields["team"].label_from_instance = lambda u: f"{u.full_name or u.username}（{u.unit}）"


class FindingForm(forms.Form):
    unit = forms.ModelChoiceField(label="被督查单位", queryset=None, widget=FastSelect)
    task = forms.ModelChoiceField(label="相关任务", queryset=None, required=False, widget=FastSelect)
    dimension = forms.ChoiceField(label="督查维度", choices=Finding.Dimension.choices)
    severity = forms.TypedChoiceField(
        label="严重程度", choices=Finding.Severity.choices, coerce=int, initial=Finding.Severity.MINOR
    )
    text = forms.CharField(label="发现问题或情况", widget=forms.Textarea(attrs={"rows": 4}))
    needs_rectification = forms.BooleanField(label="需要整改", required=False, initial=True)
    good_practice = forms.BooleanField(label="可推广的好做法", required=False)
    files = MultipleFileField(
        label="照片或文件",
        required=False,
        help_text="可多选：照片、PDF 等，单个文件不超过 20 MB",
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf", "capture": "environment"}),
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        units = inspection.units.all()
        self.fields["unit"].queryset = units
        self.fields["task"].queryset = (
            Task.objects.filter(links__unit__in=units).distinct().order_by("plan_id", "id")
        )


class RectifyForm(forms.Form):
    code = forms.CharField(label="问题编号", max_length=40, required=False)
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label="整改时限", widget=DateInput())


class ConcludeForm(forms.Form):
    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.CharField(
                label=f"{unit}：督查结论", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def texts(self):
        return {unit: self.cleaned_data.get(f"unit_{unit.pk}", "") for unit in self.units}


class ObjectionForm(forms.Form):
    objection = forms.CharField(label="异议的事实和理由", widget=forms.Textarea(attrs={"rows": 4}))


class ReviewForm(forms.Form):
    review = forms.CharField(label="复核决定", widget=forms.Textarea(attrs={"rows": 4}))
