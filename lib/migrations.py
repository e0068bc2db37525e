"""Helpers for migrations that move a model from one app to another without touching its table."""


def move_content_types(old_app: str, new_app: str, models: list[str]):
    """A RunPython pair that relabels the moved models' content types (so permissions and generic
    relations such as evidence owners keep pointing at them), and back."""

    def relabel(apps, source, target):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label=target, model=model).exists():
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps, schema_editor):
        relabel(apps, old_app, new_app)

    def backwards(apps, schema_editor):
        relabel(apps, new_app, old_app)

    return forwards, backwards
