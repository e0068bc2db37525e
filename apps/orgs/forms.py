import re
from collections import Counter

from django import forms
from django.contrib.auth.password_validation import validate_password

from .models import Role, Unit, User

ALIAS_SPLIT_RE = re.compile(r"[、,，;；\s]+")


class AliasesField(forms.CharField):
    """简称 as one text box: names separated by “、”, commas or new lines."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return list(dict.fromkeys(a for a in ALIAS_SPLIT_RE.split(text) if a))


def label_units_by_path(field):
    """Let a unit select tell namesakes apart: a unit whose name another unit has is shown by its path
    (定西市/陇西县/城关镇). One query for all the names, when the choices are rendered."""
    names: dict[int, str] = {}
    uses: Counter = Counter()

    def label(unit):
        if not names:
            names.update(Unit.objects.values_list("id", "name"))
            uses.update(names.values())
        if uses[unit.name] < 2:
            return unit.name
        return "/".join(names.get(i, "") for i in unit.ancestor_ids)

    field.label_from_instance = label


class UnitForm(forms.ModelForm):
    aliases = AliasesField(
        label="简称",
        required=False,
        max_length=500,
        help_text="导入台账和识别文件时也按简称匹配，多个用“、”分隔，例如：市发改委、发改委",
    )

    class Meta:
        model = Unit
        fields = ["name", "code", "aliases", "kind", "parent", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(archived_at__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        label_units_by_path(self.fields["parent"])

    def clean_code(self):
        return (self.cleaned_data["code"] or "").strip() or None


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(
        label="密码",
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="新建用户必填；编辑时留空表示不修改（重置后该用户的 API 令牌全部作废）。至少 10 位，不能全是数字，不能与用户名、姓名相似，不能是常见密码。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "roles", "phone", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(archived_at__isnull=True)
        self.fields["unit"].required = True
        label_units_by_path(self.fields["unit"])

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password and not self.instance.pk:
            raise forms.ValidationError("新建用户必须设置密码")
        return password

    def clean(self):
        """The password policy (settings.AUTH_PASSWORD_VALIDATORS) against the names as entered, so a new
        user's password is compared with the user name typed beside it."""
        cleaned = super().clean()
        if cleaned.get("password"):
            names = {f: cleaned.get(f, getattr(self.instance, f)) for f in ("username", "full_name", "email")}
            try:
                validate_password(cleaned["password"], User(**names))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=100, help_text="例如：与政务服务平台对接")
