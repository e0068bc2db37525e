"""The forms of the 典型经验 pages: the case itself, the list's search, 审核, 推广 and 转为典型经验."""

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.orgs.models import Unit
from apps.plans.forms import DateInput
from apps.supervision.forms import MultipleFileField
from lib.widgets import FastSelect, FastSelectMultiple

from .models import Case, Level

FILES_HELP = "照片、简报、经验材料等：PDF、JPG、PNG、Word、Excel，单个文件不超过 20 MB，可多选"


class DatalistInput(forms.TextInput):
    """A text input with suggestions (<datalist>): free text, but the usual values one tap away."""

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = list(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-suggestions"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        return format_html("{}<datalist{}>{}</datalist>", html, flatatt({"id": list_id}), options)


class CaseForm(forms.ModelForm):
    files = MultipleFileField(label="佐证材料", required=False, help_text=FILES_HELP)

    class Meta:
        model = Case
        fields = ["title", "unit", "year", "area", "summary", "practice", "results", "tasks"]
        widgets = {
            "unit": FastSelect,
            "tasks": FastSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "practice": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": "一两句话概括这项经验",
            "practice": "具体怎么做的：制度、流程、机制、工具",
            "area": "如 优化营商环境、乡村振兴；可选用已有领域，也可直接填写",
            "tasks": "这项经验对应的计划任务（可多选，可不选）",
        }

    def __init__(self, *args, units, tasks, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["tasks"].queryset = tasks
        self.fields["tasks"].required = False
        self.fields["area"].widget = DatalistInput(suggestions=areas)
        self.fields["year"].widget.attrs.update(min=2000, max=2100)


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, help_text="搜索标题、摘要和主要做法")
    area = forms.ChoiceField(label="领域", required=False)
    unit = forms.ModelChoiceField(
        label="报送单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部单位",
        widget=FastSelect,
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *Case.Status.choices])
    level = forms.TypedChoiceField(
        label="推广层级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "不限"), *((v, f"{label}及以上") for v, label in Level.choices)],
    )
    featured = forms.BooleanField(label="只看精选", required=False)

    def __init__(self, *args, units, areas, years, with_status=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["area"].choices = [("", "全部领域"), *((a, a) for a in areas)]
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        if not with_status:
            del self.fields["status"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("accept", "采纳"), ("return", "退回修改"), ("reject", "不予采纳")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回修改或不予采纳时必填",
    )


class PromotionForm(forms.Form):
    level = forms.TypedChoiceField(label="推广层级", coerce=int, choices=Level.choices)
    proof = forms.CharField(
        label="推广依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="推广文件的文号，或刊发文章、简报的名称与期号；也可只上传证明文件",
    )
    promoted_on = forms.DateField(label="推广日期", widget=DateInput())
    file = forms.FileField(
        label="证明文件", required=False, help_text="推广文件或刊发页面：PDF、JPG、PNG、Word"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promoted_on"].initial = timezone.localdate


class FromFindingForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    area = forms.CharField(label="领域", max_length=100, required=False)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget = DatalistInput(suggestions=areas)
