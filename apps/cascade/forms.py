from django import forms

from .models import TaskLink


class ParentsForm(forms.Form):
    parents = forms.ModelMultipleChoiceField(
        label="承接的上级计划", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents"].queryset = candidates
        self.fields["parents"].label_from_instance = lambda p: f"{p.title}（{p.owner_unit}，{p.year}年）"


class LinkForm(forms.Form):
    relation = forms.ChoiceField(label="关系", choices=TaskLink.Relation.choices)
    parent_target = forms.ModelChoiceField(label="分解的上级指标", queryset=None, required=False)
    share = forms.CharField(label="分解数量", required=False, max_length=30)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_target"].queryset = targets


class AddLinkForm(LinkForm):
    task = forms.ModelChoiceField(label="本级任务", queryset=None)
    parent = forms.ModelChoiceField(label="上级任务", queryset=None)
    field_order = ["task", "parent", "relation", "parent_target", "share"]

    def __init__(self, *args, tasks, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda t: (
            f"{t.code + ' ' if t.code else ''}{t.title}（{t.plan}）"
        )
        self.fields["task"].label_from_instance = lambda t: f"{t.code + ' ' if t.code else ''}{t.title}"
