"""The scheme's rules as a form a 督查室 clerk can fill: each group's name and units, each dimension's name
and points, every rule's points (a deduction as a negative number), the weights of the proportional rule,
the grade thresholds, the quota and the co-unit share. Adding a new kind of rule is done in the JSON
editor; this form changes the figures of the rules that are there. `config()` gives the edited rules."""

import copy
from decimal import Decimal

from django import forms

from lib.widgets import FastSelectMultiple

ROUNDING = [("up", "向上取整"), ("down", "向下取整"), ("nearest", "四舍五入")]


def _grade(grade) -> tuple[str, str]:
    """A grade as stored: {"name", "min_score"} (or a [name, min] pair written by hand)."""
    return (grade["name"], grade["min_score"]) if isinstance(grade, dict) else (grade[0], grade[1])


def _points(label, value, **kwargs):
    return forms.DecimalField(
        label=label, initial=Decimal(str(value)), max_digits=6, decimal_places=2, **kwargs
    )


class RulesForm(forms.Form):
    def __init__(self, *args, config: dict, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = copy.deepcopy(config)
        for i, group in enumerate(self.base.get("groups", [])):
            self.fields[f"g{i}-name"] = forms.CharField(label=f"第{i + 1}组名称", initial=group["name"])
            self.fields[f"g{i}-units"] = forms.ModelMultipleChoiceField(
                label=f"{group['name']}的考核对象",
                queryset=units,
                initial=group["unit_ids"],
                widget=FastSelectMultiple,
            )
        for i, dim in enumerate(self.base.get("dimensions", [])):
            self.fields[f"d{i}-name"] = forms.CharField(label=f"维度{i + 1}名称", initial=dim["name"])
            self.fields[f"d{i}-points"] = _points(f"{dim['name']}分值", dim["points"], min_value=0)
            for j, rule in enumerate(dim.get("rules", [])):
                self._rule(f"d{i}-r{j}", dim["name"], rule)
        for part, title in (("bonuses", "加分"), ("deductions", "减分")):
            for j, rule in enumerate(self.base.get(part, [])):
                self._rule(f"{part}-{j}", title, rule)
        if self.base.get("bonus_cap") is not None:
            self.fields["bonus_cap"] = _points("加分上限", self.base["bonus_cap"], min_value=0)
        for k, grade in enumerate(self.base.get("grades", [])):
            name, floor = _grade(grade)
            self.fields[f"grade{k}"] = _points(f"“{name}”最低分", floor, min_value=0)
        quota = self.base.get("quota")
        if quota:
            self.fields["quota_percent"] = _points(
                f"“{quota['grade']}”名额占本组比例（%）", quota["percent"], min_value=0
            )
            self.fields["quota_rounding"] = forms.ChoiceField(
                label="名额取整", choices=ROUNDING, initial=quota["rounding"]
            )
        self.fields["co_share"] = _points(
            "配合单位分担比例（0–1）", self.base.get("co_share", "0.5"), min_value=0, max_value=1
        )

    def _rule(self, key, where, rule):
        name = rule.get("name") or rule.get("kind") or rule["type"]
        if rule["type"] == "per_event":
            self.fields[f"{key}-points"] = _points(f"{where}：{name}（每次，减分填负数）", rule["points"])
        elif rule["type"] == "bonus_by_level":
            for level, pts in sorted(rule["points_by_level"].items()):
                label = {"1": "县级", "2": "市级", "3": "省级", "4": "国家级"}.get(str(level), level)
                self.fields[f"{key}-l{level}"] = _points(f"{where}：{name} {label}", pts)
        elif rule["type"] == "proportional":
            for cls, weight in sorted(rule.get("weights", {}).items()):
                self.fields[f"{key}-w-{cls}"] = _points(f"{where}：{cls}任务权重", weight, min_value=0)

    def config(self) -> dict:
        data, config = self.cleaned_data, copy.deepcopy(self.base)
        for i, group in enumerate(config.get("groups", [])):
            group["name"] = data[f"g{i}-name"]
            group["unit_ids"] = [u.pk for u in data[f"g{i}-units"]]
        for i, dim in enumerate(config.get("dimensions", [])):
            dim["name"], dim["points"] = data[f"d{i}-name"], str(data[f"d{i}-points"])
            for j, rule in enumerate(dim.get("rules", [])):
                self._set(f"d{i}-r{j}", rule, data)
        for part in ("bonuses", "deductions"):
            for j, rule in enumerate(config.get(part, [])):
                self._set(f"{part}-{j}", rule, data)
        if "bonus_cap" in data:
            config["bonus_cap"] = str(data["bonus_cap"])
        config["grades"] = [
            {"name": _grade(grade)[0], "min_score": str(data[f"grade{k}"])}
            for k, grade in enumerate(config.get("grades", []))
        ]
        if config.get("quota"):
            config["quota"].update(percent=str(data["quota_percent"]), rounding=data["quota_rounding"])
        config["co_share"] = str(data["co_share"])
        return config

    @staticmethod
    def _set(key, rule, data):
        if rule["type"] == "per_event":
            rule["points"] = str(data[f"{key}-points"])
        elif rule["type"] == "bonus_by_level":
            rule["points_by_level"] = {lv: str(data[f"{key}-l{lv}"]) for lv in rule["points_by_level"]}
        elif rule["type"] == "proportional":
            rule["weights"] = {cls: str(data[f"{key}-w-{cls}"]) for cls in rule.get("weights", {})}
