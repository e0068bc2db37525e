"""Pieces the supervision API modules share: the evidence a record carries, ids named in a request body
resolved against what the user may choose (an unknown id is a 422 on that field, as a form's invalid
choice is a 400 on the page), and the actions' error keys renamed to the API's field names."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from ninja import Schema


class EvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    uploaded_at: datetime.datetime
    taken_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_url(obj):
        return f"/evidence/{obj.pk}/"


def pick(queryset, ids, field: str, label: str) -> list:
    """The objects of `queryset` with these ids, in the order given; any id not among them is an error
    on `field`."""
    ids = list(dict.fromkeys(ids))
    found = queryset.in_bulk(ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: f"{label}不存在或不可选：{'、'.join(missing)}"})
    return [found[pk] for pk in ids]


def pick_one(queryset, pk, field: str, label: str):
    return None if pk is None else pick(queryset, [pk], field, label)[0]


@contextlib.contextmanager
def api_fields(**names):
    """Report an action's error on `unit` as one on `unit_id` (names: action key → API field)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(key, key): errors for key, errors in exc.error_dict.items()}
        ) from exc
