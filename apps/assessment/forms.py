import json

from django import forms

from apps.plans.forms import DateInput
from apps.supervision.forms import MultipleFileField

from .models import Outcome, Recognition, Scheme

CONFIG_HELP = (
    "考核规则（JSON）：考核对象分组 groups、考核维度 dimensions（分值、计分规则）、加分 bonuses、减分 deductions、"
    "否决 vetoes、等次 grades、优秀名额 quota、并列排序 tie_break、配合单位分担比例 co_share。"
    "保存前系统逐项校验，出错时指出哪一项。"
)


class ConfigField(forms.CharField):
    """The rules as pretty JSON in a textarea; cleans to a dict (actions.check_config validates it)."""

    widget = forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "mono"})

    def prepare_value(self, value):
        return json.dumps(value, ensure_ascii=False, indent=2) if isinstance(value, dict) else value

    def to_python(self, value):
        try:
            return json.loads(value or "{}")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列") from exc


class SchemeForm(forms.ModelForm):
    config = ConfigField(label="考核规则", help_text=CONFIG_HELP)

    class Meta:
        model = Scheme
        fields = ["title", "year", "running", "units_see_ranking", "config"]


class ReviseForm(forms.Form):
    config = ConfigField(label="考核规则（新版本）", help_text=CONFIG_HELP)
    reason = forms.CharField(label="修订理由", widget=forms.Textarea(attrs={"rows": 2}))


class RunForm(forms.Form):
    as_of = forms.DateField(label="计分截至", widget=DateInput())
    final = forms.BooleanField(label="年终结果（计至12月31日，发布后冻结）", required=False)


class RecognitionForm(forms.ModelForm):
    files = MultipleFileField(label="文件", required=False, help_text="通报或表彰文件：PDF、JPG、PNG、Word")

    class Meta:
        model = Recognition
        fields = ["unit", "kind", "level", "role", "title", "document", "day"]
        widgets = {"day": DateInput()}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["level"].help_text = "表彰必填"
        self.fields["role"].required = False  # 主办 unless 协办 is chosen
        self.fields["role"].help_text = "协办单位按考核办法的分担比例计分"


class AdjustmentForm(forms.Form):
    dimension = forms.ChoiceField(label="调整维度", required=False)
    points = forms.DecimalField(label="加减分（减分填负数）", max_digits=6, decimal_places=2)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="依据材料", help_text="必须上传：会议纪要、文件、说明等")

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [("", "总分"), *((d["code"], d["name"]) for d in dimensions)]


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "note", "due_date"]
        widgets = {"due_date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
