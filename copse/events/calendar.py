"""Calendar files (RFC 5545) for events, built with the icalendar library.

Each event keeps one UID for ever, `event-<pk>@<host of COPSE_BASE_URL>`, and the model raises its SEQUENCE on
every change, so a calendar that sees the event again (changed, or with STATUS:CANCELLED) updates its copy instead
of adding a second one. The host comes from the deployment's settings rather than from the request, because the
same event must have the same UID however it was reached (a proxy, an internal name, a test server), yet two Copse
sites (live and staging) must not share UIDs. Links in the calendar use COPSE_BASE_URL too, as emails do: they are
read long after the request that made them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from icalendar import STATUS, Calendar, Timezone
from icalendar import Event as CalendarEvent

from copse.core.links import site_url

from .models import Event

PRODID = "-//Copse//Events//EN"


def event_uid(event: Event) -> str:
    """The event's UID in every calendar file and feed, never changing."""
    host = urlsplit(settings.COPSE_BASE_URL).hostname or "copse"
    return f"event-{event.pk}@{host}"


def calendar_file(
    events: Iterable[Event],
    *,
    name: str,
    online_link_for: Collection[int] = (),
    waiting_list: Collection[int] = (),
) -> bytes:
    """A VCALENDAR named `name` holding one VEVENT per event, as bytes to serve.

    The online joining link goes only into events whose ids are in `online_link_for`: pass the events the reader
    is going to, and nothing for shared feeds. Events in `waiting_list` are marked tentative.
    """
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    calendar.calendar_name = name
    now = timezone.now()
    for event in events:
        calendar.add_component(
            _vevent(
                event,
                stamp=now,
                online_link=event.pk in online_link_for,
                waiting=event.pk in waiting_list,
            )
        )
    if not calendar.subcomponents:
        # RFC 5545 wants at least one component; an empty feed carries the site's time zone.
        calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(event: Event, *, stamp: datetime, online_link: bool, waiting: bool) -> CalendarEvent:
    zone = _zone(event.time_zone)
    if event.is_cancelled:
        status, prefix = STATUS.CANCELLED, "Cancelled: "
    elif waiting:
        status, prefix = STATUS.TENTATIVE, "Waiting list: "
    else:
        status, prefix = STATUS.CONFIRMED, ""
    page = site_url(event.get_absolute_url())
    return CalendarEvent.new(
        uid=event_uid(event),
        stamp=stamp,
        created=event.created_at,
        last_modified=event.updated_at,
        sequence=event.sequence,
        summary=prefix + event.title,
        description=_description(event, page=page, online_link=online_link, waiting=waiting),
        url=page,
        location=_location(event),
        start=_wall_clock(event.starts_at, zone),
        end=_wall_clock(event.ends_at, zone),
        status=status,
    )


def _description(event: Event, *, page: str, online_link: bool, waiting: bool) -> str:
    """Plain text: a cancellation's reason first, then the person's place, the joining link, the details."""
    parts = []
    if event.is_cancelled:
        parts.append(f"Cancelled: {event.cancel_reason}")
    else:
        if waiting:
            parts.append("You are on the waiting list. We will tell you if a place frees up.")
        if online_link and event.online_url:
            parts.append(f"Join online: {event.online_url}")
    if event.description:
        parts.append(event.description)
    parts.append(f"Event page: {page}")
    return "\n\n".join(parts)


def _location(event: Event) -> str | None:
    """Where it happens; "Online" says there is a link, never what it is."""
    if event.location and event.online_url:
        return f"{event.location} and online"
    return event.location or ("Online" if event.online_url else None)


def _zone(name: str) -> ZoneInfo:
    """The event's time zone; the model does not check the name, so an unknown one falls back to UTC."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment` as local time in `zone` (written with its TZID), or in UTC when that local time is ambiguous.

    RFC 5545 reads a local time that happens twice (the hour the clocks go back) as its first occurrence, so the
    second occurrence cannot be written with a TZID; UTC keeps the instant right.
    """
    local = moment.astimezone(zone)
    instant = moment.astimezone(UTC)
    # Compared in UTC: Python never finds an ambiguous local time equal to a time in another zone.
    if local.replace(fold=0).astimezone(UTC) != instant:
        return instant
    return local
