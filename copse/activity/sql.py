"""SQL for the two hot paths that the ORM made too slow to build on every home page (the feed and "Waiting for
you"; CONTRIBUTING.md has the figures): a small builder that keeps text and parameters side by side, so every
value is a parameter and the text holds only our own table names and constants."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


class Sql:
    """A source's SQL as it grows: its text and its parameters, side by side."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, text: str, *params: Any) -> Sql:
        self.parts.append(text)
        self.params.extend(params)
        return self

    def among(self, column: str, ids: list[int]) -> Sql:
        """`column IN (...)`; with no ids, nothing matches."""
        if not ids:
            return self.add("1 = 0")
        return self.add(f"{column} IN ({', '.join(['%s'] * len(ids))})", *ids)

    def text(self) -> str:
        return " ".join(self.parts)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def table(model: type[models.Model]) -> str:
    """A model's table, quoted as the database wants it."""
    return connection.ops.quote_name(model._meta.db_table)


def rows(sql: Sql) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql.text(), sql.params)
        return list(cursor.fetchall())
