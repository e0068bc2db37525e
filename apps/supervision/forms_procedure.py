"""Forms of the steps shared by 销号 applications and rectification items (核查, 公示 objections) and of
延期申请 on any subject."""

from django import forms

from apps.plans.forms import DateInput

from .models import VerifyMethod


class ExtensionForm(forms.Form):
    new_date = forms.DateField(label="申请延期至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    method = forms.ChoiceField(label="核查方式", choices=VerifyMethod.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="核查意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="整改措施是否落实到位、效果是否达到整改目标、是否建立长效机制（谁核查、谁负责）",
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(label="异议内容及处理意见", widget=forms.Textarea(attrs={"rows": 2}))
