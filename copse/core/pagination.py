"""Keyset pagination: the next page starts after the last row shown, so long lists never use OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None  # pass back as `?after=` for the following page; None on the last page


def keyset_page(queryset: QuerySet[Any], *, sort_key: str, cursor: str, size: int) -> Page:
    """Rows of `queryset` ordered by (`sort_key`, pk) that come after `cursor`, `size` at a time.

    `sort_key` names a text field or annotation. A cursor that does not parse starts from the beginning.
    """
    queryset = queryset.order_by(sort_key, "pk")
    after_key, _, after_pk = cursor.rpartition("|")
    if after_pk.isascii() and after_pk.isdigit() and len(after_pk) < 19 and "\x00" not in after_key:
        queryset = queryset.filter(
            Q(**{f"{sort_key}__gt": after_key}) | Q(**{sort_key: after_key, "pk__gt": int(after_pk)})
        )
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return Page(rows, None)
    last: Model = rows[size - 1]
    return Page(rows[:size], f"{getattr(last, sort_key)}|{last.pk}")
