"""Keyset pagination: the next page starts after the last row shown, so long lists never use OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None  # pass back as `?after=` for the following page; None on the last page


def keyset_page(
    queryset: QuerySet[Any], *, sort_key: str, cursor: str, size: int, descending: bool = False
) -> Page:
    """Rows of `queryset` ordered by (`sort_key`, pk), newest or last first when `descending`, after `cursor`.

    `sort_key` names a field or annotation (text or a date and time). A cursor that does not parse starts from the
    beginning.
    """
    sign, op = ("-", "lt") if descending else ("", "gt")
    queryset = queryset.order_by(f"{sign}{sort_key}", f"{sign}pk")
    after_key, _, after_pk = cursor.rpartition("|")
    if after_pk.isascii() and after_pk.isdigit() and len(after_pk) < 19 and "\x00" not in after_key:
        after = Q(**{f"{sort_key}__{op}": after_key}) | Q(**{sort_key: after_key, f"pk__{op}": int(after_pk)})
        try:
            rows = list(queryset.filter(after)[: size + 1])
        except ValidationError:  # a cursor whose value is not a valid date: start again
            rows = list(queryset[: size + 1])
    else:
        rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return Page(rows, None)
    last: Model = rows[size - 1]
    return Page(rows[:size], f"{getattr(last, sort_key)}|{last.pk}")
