"""What every app's demo step needs to write believable history: working hours, a clock that moves what the
services wrote "now" to when it happened, and a task queue that keeps the demo's history out of the real one.

Imported only by the demo steps (never when Copse starts), so it may import models.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.db import connection, models
from django.db.models import Case, F, Value, When
from django.test.utils import override_settings

from copse.notifications.models import Notification

LONDON = ZoneInfo("Europe/London")
WORK_STARTS, WORK_ENDS = time(8), time(18)
WORKING_DAY = timedelta(hours=10)
# A few people write outside working hours: in the early morning, the evening or at the weekend, never at night.
AFTER_HOURS_SHARE = 0.03
AWAKE_FROM, AWAKE_UNTIL = time(7), time(22)
HELD_BACK = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def in_working_hours(moment: datetime) -> bool:
    """Monday to Friday, 8am to 6pm London time."""
    local = moment.astimezone(LONDON)
    return local.weekday() < 5 and WORK_STARTS <= local.time() < WORK_ENDS


def awake(moment: datetime) -> bool:
    """Between 7am and 10pm London time, any day: when the few who write after hours do."""
    local = moment.astimezone(LONDON).time()
    return AWAKE_FROM <= local < AWAKE_UNTIL


def at_work(moment: datetime, rng: random.Random, *, before: datetime | None = None) -> datetime:
    """`moment` if it falls in working hours; otherwise a moment of the next working day, or, when that would be
    after `before`, of the last working day before `moment` (at any time of that day, so a weekend's activity
    does not all land first thing on Monday).

    A few moments (`AFTER_HOURS_SHARE`) stay where they are when someone could be awake then. Always draws the
    same two random numbers, so the demo's other choices do not depend on the time it is built.
    """
    keep, offset = rng.random(), WORKING_DAY * rng.random()
    if in_working_hours(moment) or (keep < AFTER_HOURS_SHARE and awake(moment)):
        return moment
    local = moment.astimezone(LONDON)
    day = local.date()
    if local.weekday() >= 5 or local.time() >= WORK_ENDS:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    later = datetime.combine(day, WORK_STARTS, tzinfo=LONDON) + offset
    if before is None or later <= before:
        return later
    day = local.date()
    if local.weekday() >= 5 or local.time() < WORK_STARTS:
        day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, WORK_ENDS, tzinfo=LONDON) - offset


@contextmanager
def seeding() -> Iterator[None]:
    """How `seed_demo` builds the demo: with background tasks held back, and its queries not logged.

    The demo's history is not news: the emails the services would queue for it (hundreds of them, for people
    who are not there) are dropped, while it is built and when it commits, not queued for the worker. What people
    are told about it, the demo steps write themselves, in the app, by running the tasks' work at once
    (`Task.call`) inside a `Clock.at`. With DEBUG on, Django keeps every query in a log; the demo's tens of
    thousands of queries would only slow the build down.
    """
    with override_settings(TASKS=HELD_BACK, DEBUG=False):
        yield


class Clock:
    """Moves what each service call of the demo's history wrote to when it happened.

    The services stamp what they write with the present moment. After a call made `at(when)`, the rows it added
    to the tables in `stamps` (found by their ids, which only grow) get `when`. Notifications are also marked
    emailed, so no digest picks them up, and read, unless the call was made with `unread=True`.
    """

    SPANS_PER_UPDATE = 200  # three parameters each, within every database's limit
    NOTIFICATIONS: ClassVar[list[tuple[type[models.Model], str]]] = [(Notification, "created_at")]

    def __init__(self, stamps: list[tuple[type[models.Model], str]] | None = None) -> None:
        self.stamps = stamps or self.NOTIFICATIONS
        self.spans: list[tuple[type[models.Model], int, int, datetime, bool]] = []
        quote = connection.ops.quote_name
        # One query for each table's highest id: the names are ours, and there are no values.
        tables, column = [quote(model._meta.db_table) for model, _ in self.stamps], quote("id")
        highest = ", ".join(f"(SELECT MAX({column}) FROM {table})" for table in tables)  # noqa: S608
        self.sql = f"SELECT {highest}"  # noqa: S608
        self.last = self._high_marks()

    def resync(self) -> None:
        """Rows written since the last call, outside any `at`, keep the times they have."""
        self.last = self._high_marks()

    def _high_marks(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            row = cursor.fetchone()
            return [pk or 0 for pk in row] if row else [0] * len(self.stamps)

    @contextmanager
    def at(self, when: datetime, *, unread: bool = False) -> Iterator[None]:
        yield
        marks = self._high_marks()
        for (model, _), before, after in zip(self.stamps, self.last, marks, strict=True):
            if after > before:
                self.spans.append((model, before + 1, after, when, unread))
        self.last = marks

    def apply(self) -> None:
        """Give the rows their times: a few statements for each table, whatever the number of calls."""
        for model, stamp in self.stamps:
            spans = [(first, last, when, unread) for m, first, last, when, unread in self.spans if m is model]
            for start in range(0, len(spans), self.SPANS_PER_UPDATE):
                batch = spans[start : start + self.SPANS_PER_UPDATE]
                changes = {
                    stamp: _by_id_range(stamp, [(first, last, when) for first, last, when, _ in batch])
                }
                if model is Notification:
                    changes["emailed_at"] = changes[stamp]
                    read = [(first, last, None if unread else when) for first, last, when, unread in batch]
                    changes["read_at"] = _by_id_range("read_at", read)
                model._default_manager.filter(pk__gte=batch[0][0], pk__lte=batch[-1][1]).update(**changes)
        self.spans.clear()


def _by_id_range(column: str, times: list[tuple[int, int, datetime | None]]) -> Case:
    """`column` set to each range's time for the ids in that range, and left as it is for other ids."""
    whens = [When(pk__range=(first, last), then=Value(when)) for first, last, when in times]
    return Case(*whens, default=F(column), output_field=models.DateTimeField(null=True))
