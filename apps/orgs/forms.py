from django import forms
from django.contrib.auth.password_validation import validate_password

from .models import Role, Unit, User


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(archived_at__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(
        label="密码",
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="新建用户必填；编辑时留空表示不修改。至少 8 位，不能全是数字。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "roles", "phone", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(archived_at__isnull=True)
        self.fields["unit"].required = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password and not self.instance.pk:
            raise forms.ValidationError("新建用户必须设置密码")
        if password:
            validate_password(password, self.instance)
        return password


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=100, help_text="例如：与政务服务平台对接")
