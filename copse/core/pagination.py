"""Keyset pagination: the next page starts after the last row shown, so long lists never use OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils.dateparse import parse_datetime


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None  # pass back as `?after=` for the following page; None on the last page


def keyset_page(
    queryset: QuerySet[Any], *, sort_key: str, cursor: str, size: int, descending: bool = False
) -> Page:
    """Rows of `queryset` ordered by (`sort_key`, pk), newest or last first when `descending`, after `cursor`.

    `sort_key` names a field or annotation (text or a date and time). A cursor that does not parse (no `|`, a key
    that is not a sensible moment, a primary key that is not a number) starts from the beginning.
    """
    sign, op = ("-", "lt") if descending else ("", "gt")
    queryset = queryset.order_by(f"{sign}{sort_key}", f"{sign}pk")
    raw_key, separator, after_pk = cursor.rpartition("|")
    after_key = _cursor_value(queryset, sort_key, raw_key) if separator else None
    if after_pk.isascii() and after_pk.isdigit() and len(after_pk) < 19 and after_key is not None:
        after = Q(**{f"{sort_key}__{op}": after_key}) | Q(**{sort_key: after_key, f"pk__{op}": int(after_pk)})
        rows = list(queryset.filter(after)[: size + 1])
    else:
        rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return Page(rows, None)
    last: Model = rows[size - 1]
    return Page(rows[:size], f"{getattr(last, sort_key)}|{last.pk}")


def _cursor_value(queryset: QuerySet[Any], sort_key: str, raw: str) -> Any:
    """The cursor's sort value, or None when it cannot be one (so the list starts again from the beginning).

    A date and time must be a whole, zone-aware moment in a sensible range: anything else is a mangled or
    forged cursor, and letting it reach the database would mean warnings, or an overflow converting it.
    """
    if "\x00" in raw:
        return None
    try:
        field = queryset.model._meta.get_field(sort_key)
    except FieldDoesNotExist:  # an annotation: compared as text
        return raw
    if not isinstance(field, models.DateTimeField):
        return raw
    try:
        moment = parse_datetime(raw)
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None or not 1900 <= moment.year <= 2999:
        return None
    return moment
