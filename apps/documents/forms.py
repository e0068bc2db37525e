import datetime

from django import forms

from apps.orgs.models import Unit


class UploadForm(forms.Form):
    file = forms.FileField(
        label="上传文件",
        required=False,
        help_text="支持 .txt（UTF-8 或 GBK）、.docx、.xlsx、带文字层的 .pdf、网页 .html",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.xlsx,.pdf,.html,.htm"}),
    )
    text = forms.CharField(label="或直接粘贴文本", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    title = forms.CharField(label="计划名称", max_length=200, help_text="例如：2026年政府工作报告重点任务")
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="文件中写明了年度（如“2026年工作要点”）时以文件为准",
    )
    owner_unit = forms.ModelChoiceField(label="发文单位", queryset=Unit.objects.none())

    def __init__(self, *args, owner_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = owner_units
        self.fields["year"].initial = datetime.date.today().year

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴文本")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("请只选择一种方式：上传文件或粘贴文本")
        return data


class PublishForm(forms.Form):
    default_lead_unit = forms.ModelChoiceField(
        label="未指定牵头单位的任务由",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="（不设默认，需逐项指定）",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_lead_unit"].queryset = units
