"""The forms of the 经济指标 pages: an indicator, the month table's filters, a year's targets, a month's
figures (one row per unit the user may enter) and the 统计局 sheet's upload."""

from django import forms

from .models import Indicator

MONTHS = [(m, f"1-{m}月" if m > 1 else "1月") for m in range(1, 13)]
YEARS = range(2020, 2031)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(Indicator.FIELDS)
        widgets = {"caliber": forms.Textarea(attrs={"rows": 3})}


class TableFilter(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[(y, f"{y}年") for y in YEARS])
    month = forms.TypedChoiceField(label="统计期", coerce=int, choices=MONTHS)
    indicator = forms.TypedChoiceField(label="指标", coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, indicators, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["indicator"].choices = [("", "全部指标"), *((i.pk, i.name) for i in indicators)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[(y, f"{y}年") for y in YEARS])


class PeriodForm(YearForm):
    month = forms.TypedChoiceField(label="统计期", coerce=int, choices=MONTHS)

    def __init__(self, data, *, indicator, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["month"].choices = [c for c in MONTHS if c[0] in indicator.months]


def _plain(value):
    """A stored Decimal as a person typed it: 5.1000 → "5.1"."""
    return None if value is None else format(value.normalize(), "f")


def _decimal(label, **kwargs):
    return forms.DecimalField(label=label, required=False, max_digits=18, decimal_places=4, **kwargs)


class TargetsForm(forms.Form):
    """One field per unit: its target of the year (blank removes it)."""

    def __init__(self, data, *, indicator, units, initial_values):
        super().__init__(data)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = _decimal(
                f"{unit.name} {indicator.target_label}", initial=_plain(initial_values.get(unit.pk))
            )

    def values(self):
        return [(unit, self.cleaned_data[f"unit_{unit.pk}"]) for unit in self.units]


class FiguresForm(forms.Form):
    """Three fields per unit (None: 全省): 累计值, 累计增速, 全省排名."""

    def __init__(self, data, *, units, initial_values):
        super().__init__(data)
        self.units = list(units)
        for unit in self.units:
            key, name = unit.pk if unit else "province", unit.name if unit else "全省"
            actual = initial_values.get(unit.pk if unit else None)
            self.fields[f"{key}_cumulative"] = _decimal(
                f"{name} 累计值", initial=_plain(actual and actual.cumulative)
            )
            self.fields[f"{key}_growth"] = forms.DecimalField(
                label=f"{name} 累计增速（%）",
                required=False,
                max_digits=8,
                decimal_places=2,
                initial=_plain(actual and actual.growth),
            )
            if unit is not None:
                self.fields[f"{key}_province_rank"] = forms.IntegerField(
                    label=f"{name} 全省排名",
                    required=False,
                    min_value=1,
                    max_value=999,
                    initial=actual and actual.province_rank,
                )

    def rows(self):
        """(unit, {field: value}) for each unit."""
        for unit in self.units:
            key = unit.pk if unit else "province"
            yield (
                unit,
                {f: self.cleaned_data.get(f"{key}_{f}") for f in ("cumulative", "growth", "province_rank")},
            )

    def grouped(self):
        """(label, [bound fields]) per unit, for the template's table."""
        for unit in self.units:
            key = unit.pk if unit else "province"
            names = [
                n for n in (f"{key}_cumulative", f"{key}_growth", f"{key}_province_rank") if n in self.fields
            ]
            yield (unit.name if unit else "全省（平均）"), [self[n] for n in names]


class ImportForm(forms.Form):
    file = forms.FileField(label="统计局数据表（.xlsx）", help_text="按下方说明的格式；每个工作表一个统计期")
