from django import forms

from apps.plans.forms import DateInput

from .models import Notice


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["unit", "level", "reason", "reply_by"]
        widgets = {"reply_by": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label = "被督办单位"


class ReplyForm(forms.Form):
    reply = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 4}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; cleans to a list (empty only when not required)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            super().clean(None, initial)  # raises "required" when required
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CloseOutForm(forms.Form):
    note = forms.CharField(label="完成情况说明", widget=forms.Textarea(attrs={"rows": 4}))
    shortfall_reason = forms.CharField(
        label="未完成说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="进度未到 100% 或有指标未达到目标值时必填：说明未完成的原因及申请销号的理由",
    )
    files = MultipleFileField(
        label="佐证材料",
        help_text="至少一个文件，可多选：PDF、JPG、PNG、Word（.docx）、Excel（.xlsx），单个文件不超过 20 MB",
        error_messages={"required": "销号申请须附佐证材料，请至少上传一个文件"},
    )


class DecideForm(forms.Form):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
