"""Which audited model a row is about, and how its fields read in Chinese.

The audit app sits below the other apps and never imports them: each app registers its own models
(`register(Task, extra={"lead_units": "牵头单位"})` from its AppConfig.ready), and the log and the task
page read labels and display values through `label` and `display`. A row stores raw values (`routine`,
`>=`); the display value comes from the field's own choices, looked up when the row is shown."""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

# Fields every audited object may carry because the audit actions themselves write them.
COMMON = {"archived_at": "归档时间"}
BOOLEAN = {True: "是", False: "否"}


@dataclass
class Entry:
    labels: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)  # field name → {raw value: display value}


_owners: dict[str, str] = {}
_entries: dict[str, Entry] = {}


def register(model, fields=None, *, extra=None, choices=None) -> None:
    """Register `model` (its rows' object_type is the model name). `fields` limits the model fields read
    (all by default); `extra` labels keys that are not model fields (lead_units); `choices` gives the
    choices of a field that stores several values or declares none (User.roles)."""
    entry = Entry()
    for f in model._meta.get_fields():
        if not getattr(f, "concrete", False) or (fields is not None and f.name not in fields):
            continue
        if str(f.verbose_name) != f.name.replace("_", " "):  # a verbose name of its own
            entry.labels[f.name] = str(f.verbose_name)
        if f.choices:
            entry.choices[f.name] = {value: str(text) for value, text in f.flatchoices}
        elif f.get_internal_type() == "BooleanField":
            entry.choices[f.name] = BOOLEAN
    entry.labels.update(extra or {})
    for name, pairs in (choices or {}).items():
        entry.choices[name] = {value: str(text) for value, text in pairs}
    name = model._meta.model_name
    if _owners.setdefault(name, model._meta.label) != model._meta.label:
        # audit rows name their object by model name alone: two apps' models of one name would mix up
        raise ImproperlyConfigured(
            f"{model._meta.label} and {_owners[name]} share the audit object type {name!r}"
        )
    _entries[name] = entry


def label(object_type: str, name: str) -> str:
    """The Chinese label of field `name` of an `object_type` row; the name itself if none is known."""
    entry = _entries.get(object_type)
    if entry is not None and name in entry.labels:
        return entry.labels[name]
    return COMMON.get(name, name)


def display(object_type: str, name: str, value):
    """A stored value as a person reads it: a choice's label (each item's for a list), else the value."""
    entry = _entries.get(object_type)
    mapping = entry.choices.get(name) if entry is not None else None
    if not mapping or value is None:
        return value
    if isinstance(value, list):
        return "、".join(str(mapping.get(v, v)) for v in value)
    return mapping.get(value, value)


def rows(event) -> list[tuple]:
    """(label, before, after) for each change of an audit event, in display form."""
    kind = event.object_type
    result = []
    for name, pair in (event.changes or {}).items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        result.append((label(kind, name), display(kind, name, before), display(kind, name, after)))
    return result
