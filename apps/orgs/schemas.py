"""The API's shared field types and pagination, for every app's api.py: integers the databases can hold, so
a huge `page`, id or year is a 422 on that field and never "bigint out of range" (PostgreSQL) or "Python
int too large to convert to SQLite INTEGER" (a 500)."""

from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# Primary and foreign keys (BigAutoField): 1 … the largest 64-bit integer.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# A plain IntegerField (year, month, level, order, rank, version…): what a 32-bit column holds.
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
# A year: what a date can have (a filter on year -2147483648 would build an impossible date range).
Year = Annotated[int, Field(ge=1, le=9999)]

MAX_PAGE = 2**31 - 1
MAX_PAGE_SIZE = 500


class Pages(PageNumberPagination):
    """`page` and `page_size` bounded, so `(page - 1) × page_size` is always an offset the database takes."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class KeysetPages(Pages):
    """Pages, or — with `after`, the last id of the page read — the next `page_size` rows with a greater id,
    found on the primary key index however deep the page (the queryset must be ordered by id)."""

    class Input(Pages.Input):
        after: Id | None = None

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params: Any) -> Any:
        if pagination.after is None:
            return super().paginate_queryset(queryset, pagination, request, **params)
        page_size = self._get_page_size(pagination.page_size)
        return {
            self.items_attribute: queryset.filter(pk__gt=pagination.after)[:page_size],
            "count": self._items_count(queryset),
        }
