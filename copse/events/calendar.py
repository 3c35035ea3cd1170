"""Calendar files (RFC 5545) for events, built with the icalendar library.

Each event keeps one UID for ever, `event-<pk>@<host of COPSE_BASE_URL>`, and the model raises its SEQUENCE on
every change, so a calendar that sees the event again (changed, or with STATUS:CANCELLED) updates its copy instead
of adding a second one. The host comes from the deployment's settings rather than from the request, because the
same event must have the same UID however it was reached (a proxy, an internal name, a test server), yet two Copse
sites (live and staging) must not share UIDs. Links in the calendar use COPSE_BASE_URL too, as emails do: they are
read long after the request that made them.

Each calendar carries a VTIMEZONE for every zone its times name, written as STANDARD and DAYLIGHT observances
with yearly rules (`RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`) worked out from the zone database for the years
around the events, as calendar applications expect; a zone whose rules change in those years gets one
observance per change instead. Text properties are made single-line text first: a line break in a title would
otherwise end the content line (RFC 5545 forbids it) or break the file.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from icalendar import STATUS, Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as CalendarEvent

from copse.core.links import site_url
from copse.core.text import strip_forbidden

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
    calendar.calendar_name = _line(name)
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
    zones = _zones_named(calendar.events)
    if not zones:
        # RFC 5545 wants at least one component; an empty feed carries the site's time zone.
        zones = {settings.TIME_ZONE: {now.year}}
    # Time zones first, as calendar applications read them before the events that name them.
    calendar.subcomponents[:0] = [vtimezone(tzid, min(years), max(years)) for tzid, years in zones.items()]
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
        summary=_line(prefix + event.title),
        description=_multiline(_description(event, page=page, online_link=online_link, waiting=waiting)),
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
    location = _line(event.location)
    if location and event.online_url:
        return f"{location} and online"
    return location or ("Online" if event.online_url else None)


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


def _line(text: str) -> str:
    """Single-line text for a property: line breaks and tabs are spaces, other control characters dropped."""
    return " ".join(strip_forbidden(text).split())


def _multiline(text: str) -> str:
    """Text of several lines with each line break a plain LF (icalendar escapes those) and no other controls."""
    return "\n".join(
        strip_forbidden(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )


def _zones_named(events: Iterable[CalendarEvent]) -> dict[str, set[int]]:
    """Each TZID the events' times name, with the years of those times."""
    zones: dict[str, set[int]] = {}
    for vevent in events:
        for name in ("DTSTART", "DTEND"):
            prop = vevent.get(name)
            if prop is not None and "TZID" in prop.params:
                zones.setdefault(prop.params["TZID"], set()).add(prop.dt.year)
    return zones


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `tzid` that holds for the events from `first_year` to `last_year`.

    It covers a year either side, so that every event falls after the first observance's onset. Each change of
    offset that happens every year on the same weekday of the same month at the same local time (the last Sunday
    of March at 01:00, say) becomes one observance with a yearly RRULE; any other change becomes an observance of
    its own, with no rule.
    """
    zone = ZoneInfo(tzid)
    first, last = first_year - 1, last_year + 1
    component = Timezone()
    component.add("TZID", tzid)
    changes = _changes(zone, first, last)
    if not changes:
        offset = datetime(first, 1, 1, tzinfo=zone).utcoffset() or timedelta(0)
        moment = datetime(first, 1, 1, tzinfo=zone)
        component.add_component(_observance(moment.replace(tzinfo=None), offset, offset, moment, rule=None))
        return component
    groups: dict[tuple[object, ...], list[tuple[datetime, timedelta, timedelta]]] = {}
    for change in changes:
        at, before, after = change
        onset = (at + before).replace(tzinfo=None)
        local = at.astimezone(zone)
        key = (before, after, local.tzname(), bool(local.dst()), onset.month, onset.weekday(), onset.time())
        groups.setdefault(key, []).append(change)
    years = set(range(first, last + 1))
    for group in groups.values():
        onsets = [(at + before).replace(tzinfo=None) for at, before, _ in group]
        rule = _yearly_rule(onsets) if {onset.year for onset in onsets} == years else None
        kept = group[:1] if rule else group
        for at, before, after in kept:
            onset = (at + before).replace(tzinfo=None)
            component.add_component(_observance(onset, before, after, at.astimezone(zone), rule=rule))
    return component


def _observance(
    onset: datetime, before: timedelta, after: timedelta, moment: datetime, *, rule: dict[str, object] | None
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if moment.dst() else TimezoneStandard()
    observance.add("DTSTART", onset)
    if rule is not None:
        observance.add("RRULE", rule)
    observance.add("TZNAME", moment.tzname() or "")
    observance.add("TZOFFSETFROM", before)
    observance.add("TZOFFSETTO", after)
    return observance


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly_rule(onsets: list[datetime]) -> dict[str, object] | None:
    """The yearly rule these onsets (one a year, same month, weekday and time) follow: the last or the nth
    weekday of the month; None when they follow neither."""
    weekday = WEEKDAYS[onsets[0].weekday()]
    month = onsets[0].month
    if all(onset.day + 7 > gregorian.monthrange(onset.year, month)[1] for onset in onsets):
        return {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"-1{weekday}"}
    nth = {(onset.day - 1) // 7 + 1 for onset in onsets}
    if len(nth) == 1:
        return {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{nth.pop()}{weekday}"}
    return None


@lru_cache(maxsize=256)
def _changes(
    zone: ZoneInfo, first_year: int, last_year: int
) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """Each change of UTC offset in `zone` from `first_year` to `last_year`: (the instant, in UTC, of the first
    second with the new offset; the offset before; the offset after). Found a day at a time, then to the second.
    """
    changes = []
    day = timedelta(days=1)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(moment, zone)
    while moment < end:
        following = moment + day
        new = _offset(following, zone)
        if new != offset:
            low, high = moment, following  # the offset changes after `low`, by `high`
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _offset(middle, zone) == offset:
                    low = middle
                else:
                    high = middle
            changes.append((high, offset, new))
            offset = new
        moment = following
    return tuple(changes)


def _offset(moment: datetime, zone: ZoneInfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)
