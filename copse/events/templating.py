"""The events app's template globals: `my_next_events()` for pages outside the app (the home page), and the small
pieces the event list, month view and event page draw in their loops, as Python returning HTML: they run once
per event on the busiest pages."""

from __future__ import annotations

from datetime import datetime

import jinja2
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from copse.core.jinja import render_part
from copse.core.ui import avatar, initials, when, zone_label
from copse.events.models import PLACES, Event, Registration, Speaker

NEXT_EVENTS = 5


def _clock(moment: datetime) -> str:
    """A time of day as people write it: "12:30pm"."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def event_times(event: Event, zone: bool = True) -> SafeString:
    """`{{ event_times(event) }}`: when an event starts and ends, in full, in the viewer's time zone: "Tuesday
    1 December 2026, 12:30pm to 1:30pm (London time)"; the end has its own date when it is another day."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    same_day = start.date() == end.date()
    html = format_html(
        '<time datetime="{}">{}</time> to <time datetime="{}">{}</time>',
        event.starts_at.isoformat(timespec="minutes"),
        when(event.starts_at),
        event.ends_at.isoformat(timespec="minutes"),
        _clock(end) if same_day else when(event.ends_at),
    )
    if zone:
        return format_html("{} ({})", html, zone_label(timezone.get_current_timezone_name()))
    return html


# Fixed words, so marked safe as they are; the badge's words say the state, never its colour alone.
CANCELLED = mark_safe('<span class="badge badge-danger">Cancelled</span>')  # noqa: S308
GOING = mark_safe('<span class="badge badge-success">You\'re going</span>')  # noqa: S308
WAITING = mark_safe('<span class="badge badge-warning">Waiting list</span>')  # noqa: S308
WENT = mark_safe('<span class="badge badge-outline">You had a place</span>')  # noqa: S308


def viewer_marker(event: Event, status: str | None = None) -> SafeString | str:
    """`{{ viewer_marker(event) }}`: the viewer's place at an event as a badge with words: "Cancelled" (the event
    was), "You're going", "Waiting list", or after the event "You had a place"; nothing when they have none.
    The status is the `viewer_status` annotation unless given, so a list asks no query per event."""
    if event.is_cancelled:
        return CANCELLED
    status = status if status is not None else getattr(event, "viewer_status", None)
    if status == Registration.Status.GOING:
        return WENT if event.is_past else GOING
    if status == Registration.Status.WAITLIST and not event.is_past:
        return WAITING
    return ""


def places_summary(event: Event) -> str:
    """`{{ places_summary(event) }}`: "3 places left of 20", "Full: 4 on the waiting list", or "12 going" when the
    event has no limit. Needs `with_counts()`."""
    going: int = event.going_count  # type: ignore[attr-defined]
    waiting: int = event.waitlist_count  # type: ignore[attr-defined]
    left = event.places_left
    if left is None:
        return f"{going} going"
    if left == 0:
        return f"Full: {waiting} on the waiting list" if waiting else "Full"
    return f"{left} place{'s' if left != 1 else ''} left of {event.capacity}"


def speaker_face(speaker: Speaker, size: str = "md") -> SafeString:
    """`{{ speaker_face(speaker, "md") }}`: a colleague's own face (`avatar()`); a guest from outside gets their
    initials on the neutral colour, so nobody mistakes them for an account. Decorative, as avatars are."""
    if speaker.person_id is not None and speaker.person is not None:
        return avatar(speaker.person, size)
    return format_html(
        '<span class="avatar avatar-{} avatar-guest" aria-hidden="true">{}</span>',
        size,
        initials(speaker.name),
    )


@jinja2.pass_context
def my_next_events(context: jinja2.runtime.Context) -> SafeString:
    """The next few events the signed-in person is going to or waiting for, soonest first: one query, with the
    places counted and the person's own status read in the same query."""
    user = context["request"].user
    events = (
        Event.objects.visible_to(user)
        .filter(
            ends_at__gt=timezone.now(),
            registrations__person=user,
            registrations__status__in=PLACES,
        )
        .select_related("community")
        .with_counts()
        .with_viewer_status(user)
        .order_by("starts_at", "id")[:NEXT_EVENTS]
    )
    return render_part(context, "events/includes/my_next_events.html", events=list(events))


GLOBALS = {
    "event_times": event_times,
    "viewer_marker": viewer_marker,
    "places_summary": places_summary,
    "speaker_face": speaker_face,
    "my_next_events": my_next_events,
}
