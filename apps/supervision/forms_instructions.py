from django import forms

from apps.plans.forms import DateInput
from lib.widgets import FastSelect


class InstructionForm(forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=None, widget=FastSelect)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 4}))
    answer_by = forms.DateField(label="办理时限", widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AnswerForm(forms.Form):
    answer = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 4}))
