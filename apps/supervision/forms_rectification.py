from django import forms

from apps.plans.forms import DateInput
from lib.widgets import FastSelect, FastSelectMultiple

from .access_inspections import supervised_units
from .forms import MultipleFileField
from .models import Rectification


class RectificationForm(forms.ModelForm):
    class Meta:
        model = Rectification
        fields = [
            "owner_unit",
            "code",
            "source",
            "source_ref",
            "category",
            "description",
            "requirement",
            "goal",
            "measures",
            "lead_unit",
            "co_units",
            "leader",
            "person",
            "kind",
            "due_date",
            "accountability",
        ]
        widgets = {
            "owner_unit": FastSelect,
            "lead_unit": FastSelect,
            "co_units": FastSelectMultiple,
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "requirement": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "accountability": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = supervised_units(user)
        for name in ("owner_unit", "lead_unit", "co_units"):
            self.fields[name].queryset = units
        self.fields["owner_unit"].help_text = "交办整改的市、县区或部门"
        self.fields["co_units"].required = False


class ProgressForm(forms.Form):
    progress = forms.CharField(label="整改进展", widget=forms.Textarea(attrs={"rows": 4}))
    done = forms.BooleanField(label="已完成整改，申请验收销号", required=False)
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="整改前后对比照片、情况说明等：PDF、JPG、PNG、Word、Excel，单个文件不超过 20 MB",
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(label="验收意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
