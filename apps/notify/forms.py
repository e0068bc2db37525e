from django import forms

from apps.orgs.models import Unit

from .models import Channel


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["unit", "kind", "address", "enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(archived_at__isnull=True)

    def clean(self):
        data = super().clean()
        kind, address = data.get("kind"), data.get("address", "")
        if kind == Channel.Kind.EMAIL:
            try:
                forms.EmailField().clean(address)
            except forms.ValidationError:
                self.add_error("address", "请输入有效的电子邮件地址")
        elif kind and not address.startswith(("http://", "https://")):
            self.add_error("address", "Webhook 地址应以 http:// 或 https:// 开头")
        return data

    def data_to_save(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}
