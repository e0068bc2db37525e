from django import forms

from apps.orgs.models import Unit
from lib.widgets import FastSelect

from .access_inspections import supervised_units


class RectificationImportForm(forms.Form):
    owner_unit = forms.ModelChoiceField(
        label="交办单位",
        queryset=Unit.objects.none(),
        widget=FastSelect,
        help_text="导入的整改事项由哪个市、县区或部门交办",
    )
    file = forms.FileField(
        label="整改台账文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = supervised_units(user)
