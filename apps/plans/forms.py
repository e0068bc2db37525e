from django import forms

from apps.orgs.models import Unit, User
from lib.widgets import FastSelect, FastSelectMultiple

from .access import plan_leaders
from .actions import check_units
from .models import Area, Milestone, Plan, Rag, Target, Task, TaskStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def active_units():
    return Unit.objects.filter(archived_at__isnull=True)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "year", "owner_unit", "status", "source_title", "ladder"]

    def __init__(self, *args, owner_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = owner_units if owner_units is not None else active_units()
        self.fields["ladder"].required = False  # left out: the plan keeps its ladder (a new one: 逐级升级)

    def clean_ladder(self):
        return self.cleaned_data.get("ladder") or self.instance.ladder or Plan.Ladder.ESCALATION


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["title", "order"]


class TaskForm(forms.ModelForm):
    lead_units = forms.ModelMultipleChoiceField(
        label="牵头单位", queryset=Unit.objects.none(), widget=FastSelectMultiple(attrs={"size": 6})
    )
    co_units = forms.ModelMultipleChoiceField(
        label="配合单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Task
        fields = list(Task.AUDIT_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["area"].queryset = plan.areas.filter(archived_at__isnull=True)
        leader = self.fields["leader_user"]
        leader.queryset = User.objects.filter(pk__in=[u.pk for u in plan_leaders(plan)]).order_by(
            "full_name", "username"
        )
        leader.empty_label = "（无账号，只填姓名）"
        leader.help_text = (
            "本辖区有“领导”角色的账号；选择后责任领导的姓名取账号的姓名，该领导在驾驶舱和台账中看到“我分管”。"
        )
        self.fields["leader"].help_text = "领导没有账号时填写姓名。"
        for name in ("lead_units", "co_units"):
            self.fields[name].queryset = active_units()
        if self.instance.pk:
            self.fields["lead_units"].initial = [u.pk for u in self.instance.lead_units]
            self.fields["co_units"].initial = [u.pk for u in self.instance.co_units]

    def clean(self):
        data = super().clean()
        if "lead_units" in data:  # else the field's own error is shown
            try:
                check_units(list(data["lead_units"]), list(data.get("co_units") or []))
            except forms.ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["metric", "comparator", "value", "unit", "baseline", "deadline", "horizon"]
        widgets = {"deadline": DateInput()}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["due_date", "deliverable", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}


class MilestoneDoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["done_on"]
        widgets = {"done_on": DateInput()}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="台账文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class LedgerFilterForm(forms.Form):
    SORTS = [
        ("", "默认顺序"),
        ("code", "编号"),
        ("due_date", "完成时限（早→晚）"),
        ("-due_date", "完成时限（晚→早）"),
        ("priority", "优先级"),
        ("title", "任务名称"),
    ]
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,  # each word is one more index lookup
        error_messages={"max_length": "最多 %(limit_value)d 个字，请缩短搜索内容"},
        widget=forms.SearchInput(attrs={"placeholder": "任务名称、描述、编号"}),
    )
    area = forms.ModelChoiceField(
        label="领域", queryset=Area.objects.none(), required=False, empty_label="全部领域", widget=FastSelect
    )
    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部单位",
        widget=FastSelect,
    )
    owner = forms.BooleanField(
        label="只看主责",
        required=False,
        help_text="只看第一牵头单位是所选单位或其下属单位的任务（每项任务只计入一个单位，领导驾驶舱按此计数）",
    )
    mine = forms.BooleanField(label="我分管", required=False, help_text="只看我是责任领导的任务")
    leader = forms.ChoiceField(label="责任领导", required=False, widget=FastSelect)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Task.Kind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *TaskStatus.choices])
    rag = forms.ChoiceField(label="预警", required=False, choices=[("", "全部"), *Rag.choices])
    due_month = forms.CharField(label="完成月份", required=False, widget=FastSelect)
    sort = forms.ChoiceField(label="排序", required=False, choices=SORTS)

    def __init__(self, *args, plan, units, leaders, mine=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not mine:  # only a 领导 can be a task's responsible leader
            del self.fields["mine"]
        self.fields["area"].queryset = plan.areas.filter(archived_at__isnull=True)
        self.fields["unit"].queryset = units  # validates the choice; the options are searched, not listed
        self.fields["unit"].widget.choices = [("", "全部单位")]
        self.fields["leader"].choices = [("", "全部领导"), *[(name, name) for name in leaders]]
        self.fields["due_month"].widget.choices = [("", "全部月份")] + [
            (f"{year}-{month:02d}", f"{year}年{month}月")
            for year in (plan.year, plan.year + 1)
            for month in range(1, 13)
        ]

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if unit is not None:  # the one option the select lists besides 全部单位
            self.fields["unit"].widget.choices = [("", "全部单位"), (unit.pk, unit.name)]
        return unit

    def clean_due_month(self):
        value = self.cleaned_data["due_month"]
        if value:
            try:
                year, month = (int(p) for p in value.split("-"))
                if not 1 <= month <= 12:
                    raise ValueError
            except ValueError:
                raise forms.ValidationError("月份格式应为 2026-04") from None
            return (year, month)
        return None
