"""Calendar months, as value creation counts and reports by them: each month is named by its first day."""

from __future__ import annotations

import datetime as dt


def add_months(first: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after (or before) the month of `first`."""
    years, month = divmod(first.month - 1 + count, 12)
    return dt.date(first.year + years, month + 1, 1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month `month` falls in."""
    return add_months(month.replace(day=1), 1) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month from `start`'s to `end`'s, both included."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_starts(*, months: int, today: dt.date) -> list[dt.date]:
    """The first days of the last `months` calendar months, the current one included, oldest first."""
    return [add_months(today.replace(day=1), -n) for n in range(months - 1, -1, -1)]
