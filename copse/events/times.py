"""Reading the wall-clock times people type in an event's own time zone, and showing stored moments that way.

A parsing helper for forms, commands and the API alike: the services take aware datetimes.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from copse.core.refusals import Kind, Refused


def in_zone(local: datetime, zone: zoneinfo.ZoneInfo, *, field: str | None = None) -> datetime:
    """The moment a wall-clock time means in a time zone.

    A time the clocks skip (01:30 on the night they go forward in Europe/London) is refused. A time that happens
    twice (01:30 on the night they go back) means the first time, as calendar applications read it.
    """
    naive = local.replace(tzinfo=None)
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        day = f"{naive.day} {naive:%B %Y}"
        raise Refused(
            f"There is no {naive:%H:%M} on {day} in {zone.key}: the clocks go forward an hour that night. "
            "Choose another time.",
            kind=Kind.INVALID,
            field=field,
        )
    return aware


def as_local(moment: datetime | None, zone_name: str) -> datetime | None:
    """What a stored moment shows as on a wall clock in the event's time zone, for the form's inputs."""
    if moment is None:
        return None
    # To the minute, as the inputs show it, so an untouched time does not count as a change.
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None, second=0, microsecond=0)
