import uuid

from django import forms

from apps.plans.forms import DateInput

from .models import Holiday, Report, Schedule


class ReportForm(forms.ModelForm):
    """进展情况, percent, problems, next steps; target actuals are added as `actual_<target id>` fields."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # identifies this page (browser tab) to the optimistic lock: a fresh token on every page load
    tab = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    class Meta:
        model = Report
        fields = ["narrative", "percent", "problems", "next_steps"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }

    def __init__(self, *args, targets=(), actuals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].min_value = 0
        self.fields["percent"].max_value = 100
        self.fields["percent"].validators.append(_percent_range)
        self.fields["version"].initial = self.instance.version
        self.fields["tab"].initial = uuid.uuid4().hex
        self.targets = list(targets)
        actuals = actuals or {}
        for target in self.targets:
            self.fields[f"actual_{target.pk}"] = forms.DecimalField(
                label=f"{target.metric}（目标 {target}）实际值",
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=actuals.get(target.pk),
            )

    def actuals(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"actual_{t.pk}") for t in self.targets}

    def content(self) -> dict:
        return {f: self.cleaned_data[f] for f in Report.CONTENT_FIELDS}


def _percent_range(value):
    if value is not None and not 0 <= value <= 100:
        raise forms.ValidationError("完成进度应在 0 到 100 之间")


class CommentForm(forms.Form):
    comment = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="佐证材料", help_text="PDF、JPG、PNG、Word（.docx）、Excel（.xlsx），单个文件不超过 20 MB"
    )


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["enabled", "due_day", "open_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_day"].min_value = self.fields["due_day"].widget.attrs["min"] = 1
        self.fields["due_day"].max_value = self.fields["due_day"].widget.attrs["max"] = 31
        self.fields["open_days"].widget.attrs["max"] = 60

    def clean_due_day(self):
        day = self.cleaned_data["due_day"]
        if not 1 <= day <= 31:
            raise forms.ValidationError("截止日应为 1 到 31 之间的日期；大于当月天数时取月末")
        return day

    def clean_open_days(self):
        days = self.cleaned_data["open_days"]
        if days > 60:
            raise forms.ValidationError("提前开放天数不超过 60 天")
        return days


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["day", "is_workday", "name"]
        widgets = {"day": DateInput()}
