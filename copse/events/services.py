"""Scheduling, changing and following up events, and registering for them: never more people going than there
are places, and a fair waiting list.

The services take plain, typed data (aware datetimes, `SpeakerData`, `MaterialData`) and hold every rule that must
be the same for a page, a command, the demo and the API; each refusal says which input it is about. Every change to
an event's places locks the event's row first, so many people taking the last place at once cannot overbook it.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.core.refusals import Kind, Refused
from copse.core.text import single_line, web_address

from . import tasks
from .models import PLACES, Audience, Event, EventKind, Material, Registration, Speaker
from .permissions import can_manage_event, can_register, can_schedule_in

if TYPE_CHECKING:
    from copse.communities.models import Community

# Changing these moves the event in people's calendars, so the calendar SEQUENCE rises.
CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "time_zone", "location", "online_url")
# Changing these changes where or when people need to be, so everyone with a place is told.
WHEN_AND_WHERE = ("starts_at", "ends_at", "time_zone", "location", "online_url")
# What scheduling sets and an edit may change; an edit saves only these (and what follows from them), so a
# cancellation, summary or reminder saved meanwhile stands.
EDITABLE = (
    "title",
    "description",
    "kind",
    "audience",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "online_url",
    "capacity",
    "registration_deadline",
)
MAX_SPEAKERS = MAX_MATERIALS = 10
MAX_PLACES = 100_000
ZONES = zoneinfo.available_timezones()


@dataclass(frozen=True)
class SpeakerData:
    """Someone presenting at an event: a colleague (`person_id`, their account) or a guest from outside."""

    name: str
    affiliation: str = ""
    bio: str = ""
    person_id: int | None = None


@dataclass(frozen=True)
class MaterialData:
    """A link from after an event: the recording, slides or another document."""

    title: str
    url: str
    kind: str = Material.Kind.RECORDING


def _going(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.GOING).count()


# Checking what a caller gives, the same for every caller.


def _aware(moment: datetime | None, *, field: str) -> None:
    if moment is not None and timezone.is_naive(moment):
        raise Refused("Give the time with its time zone.", field=field)


def _checked(
    *,
    host: Community | None,
    title: str,
    description: str,
    kind: str,
    audience: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    location: str,
    online_url: str,
    capacity: int | None,
    registration_deadline: datetime | None,
) -> dict[str, Any]:
    """The event's fields as they will be saved, or a refusal naming the input at fault."""
    title = single_line(title, field="title", label="a title", max_length=200, required=True)
    if kind not in EventKind.values:
        raise Refused("Choose what kind of event it is.", field="kind")
    if audience not in Audience.values:
        raise Refused("Choose who can take a place.", field="audience")
    if host is None and audience != Audience.ALL_STAFF:
        raise Refused("A programme-wide event is for all staff.", field="audience")
    if len(description) > 20_000:
        raise Refused("The description must be 20,000 characters or fewer.", field="description")
    if time_zone not in ZONES:
        raise Refused("Choose a time zone from the list.", field="time_zone")
    for name, moment in (
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("registration_deadline", registration_deadline),
    ):
        _aware(moment, field=name)
    if ends_at <= starts_at:
        raise Refused("The end must be after the start.", field="ends_at")
    if registration_deadline is not None and registration_deadline > starts_at:
        raise Refused("Registration must close before the event starts.", field="registration_deadline")
    location = single_line(location, field="location", label="the location", max_length=300)
    online_url = web_address(online_url, field="online_url")
    if capacity is not None and not 1 <= capacity <= MAX_PLACES:
        raise Refused(f"There must be between 1 and {MAX_PLACES:,} places.", field="capacity")
    return {
        "title": title,
        "description": description.strip(),
        "kind": kind,
        "audience": audience,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": time_zone,
        "location": location,
        "online_url": online_url,
        "capacity": capacity,
        "registration_deadline": registration_deadline,
    }


def _checked_speakers(speakers: list[SpeakerData]) -> list[SpeakerData]:
    if len(speakers) > MAX_SPEAKERS:
        raise Refused(f"An event can have at most {MAX_SPEAKERS} speakers.")
    checked = []
    colleagues = {s.person_id for s in speakers if s.person_id is not None}
    found = (
        set(User.objects.filter(pk__in=colleagues, is_active=True).values_list("pk", flat=True))
        if colleagues
        else set()
    )
    for n, speaker in enumerate(speakers, start=1):
        if speaker.person_id is not None and speaker.person_id not in found:
            raise Refused(f"Speaker {n} is not someone with an account here.", field="speakers")
        name = single_line(
            speaker.name, field="speakers", label=f"speaker {n}'s name", max_length=150, required=True
        )
        affiliation = single_line(
            speaker.affiliation, field="speakers", label=f"speaker {n}'s organisation", max_length=200
        )
        if len(speaker.bio) > 2000:
            raise Refused(f"Speaker {n}'s biography must be 2,000 characters or fewer.", field="speakers")
        checked.append(
            SpeakerData(
                name=name, affiliation=affiliation, bio=speaker.bio.strip(), person_id=speaker.person_id
            )
        )
    return checked


def _replace_speakers(event: Event, speakers: list[SpeakerData]) -> None:
    event.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(
            event=event, name=s.name, affiliation=s.affiliation, bio=s.bio, person_id=s.person_id, position=i
        )
        for i, s in enumerate(speakers)
    )


def _refuse_unless_may_schedule(by: User, host: Community | None) -> None:
    if can_schedule_in(by, host):
        return
    if host is None:
        raise Refused(
            "Only the programme team schedules programme-wide events.", kind=Kind.FORBIDDEN, field="host"
        )
    if host.is_closed:
        raise Refused(
            f"{host.name} is not running, so it cannot hold events.", kind=Kind.CONFLICT, field="host"
        )
    raise Refused(f"Only the leads of {host.name} schedule its events.", kind=Kind.FORBIDDEN, field="host")


# Scheduling and changing events.


@transaction.atomic
def schedule_event(
    *,
    by: User,
    host: Community | None,
    title: str,
    description: str = "",
    kind: str = EventKind.WEBINAR,
    audience: str = Audience.COMMUNITY,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
    registration_deadline: datetime | None = None,
    speakers: list[SpeakerData] | None = None,
) -> Event:
    """A new event hosted by a community (`host`), or by the programme for all staff (`host=None`), with its
    speakers in order. Leads schedule their communities' events; the programme team any, and programme-wide ones."""
    _refuse_unless_may_schedule(by, host)
    values = _checked(
        host=host,
        title=title,
        description=description,
        kind=kind,
        audience=audience,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        location=location,
        online_url=online_url,
        capacity=capacity,
        registration_deadline=registration_deadline,
    )
    checked_speakers = _checked_speakers(speakers or [])
    event = Event.objects.create(community=host, created_by=by, **values)
    if checked_speakers:
        _replace_speakers(event, checked_speakers)
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    by: User,
    title: str,
    description: str,
    kind: str,
    audience: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    location: str,
    online_url: str,
    capacity: int | None,
    registration_deadline: datetime | None,
    speakers: list[SpeakerData] | None = None,
) -> Event:
    """Save changes to an event (its host stays: moving it would change who is told what). Calendars see a
    higher SEQUENCE; people with a place hear of a new time or place; a larger capacity gives places to people
    waiting. `speakers`, when given, replaces the speakers."""
    locked = Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event.pk)
    if not can_manage_event(by, locked):
        raise Refused("Only the people who schedule events here can change this one.", kind=Kind.FORBIDDEN)
    if locked.is_cancelled:
        raise Refused("A cancelled event cannot be changed.", kind=Kind.CONFLICT)
    values = _checked(
        host=locked.community,
        title=title,
        description=description,
        kind=kind,
        audience=audience,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        location=location,
        online_url=online_url,
        capacity=capacity,
        registration_deadline=registration_deadline,
    )
    checked_speakers = None if speakers is None else _checked_speakers(speakers)
    going = _going(locked)
    if capacity is not None and capacity < going:
        raise Refused(
            f"{going} people already have a place, so there must be at least {going} places.",
            field="capacity",
        )
    changed = {name for name, value in values.items() if getattr(locked, name) != value}
    for name, value in values.items():
        setattr(locked, name, value)
    if changed & set(CALENDAR_FIELDS):
        locked.sequence += 1
    if "starts_at" in changed:
        # A new start time deserves a new reminder; otherwise keep the one a reminder run may have just claimed.
        locked.reminder_sent_at = None
    locked.save(update_fields=[*EDITABLE, "sequence", "reminder_sent_at", "updated_at"])
    if checked_speakers is not None:
        _replace_speakers(locked, checked_speakers)
    if changed & set(WHEN_AND_WHERE):
        transaction.on_commit(lambda: tasks.tell_about_change.enqueue(locked.pk))
    if "capacity" in changed:
        _promote_into_free_places(locked)
    return locked


@transaction.atomic
def save_follow_up(
    event: Event, *, by: User, summary: str, recording_url: str = "", materials: list[MaterialData]
) -> Event:
    """The summary and the recording, slides and other materials from an event, for everyone who could see it.

    `materials` replaces the event's links, in order; `recording_url`, when given, is listed first as its
    recording. Only the summary is saved on the event, so a cancellation or an edit made meanwhile stands.
    """
    if not can_manage_event(by, event):
        raise Refused("Only the people who run this event can add its materials.", kind=Kind.FORBIDDEN)
    if len(summary) > 5000:
        raise Refused("The summary must be 5,000 characters or fewer.", field="summary")
    links = list(materials)
    if recording_url.strip():
        links.insert(0, MaterialData(title="Recording", url=recording_url, kind=Material.Kind.RECORDING))
    if len(links) > MAX_MATERIALS:
        raise Refused(f"An event can have at most {MAX_MATERIALS} links.")
    rows = []
    for n, link in enumerate(links, start=1):
        if link.kind not in Material.Kind.values:
            raise Refused(f"Choose what link {n} is.", field="materials")
        title = single_line(
            link.title, field="materials", label=f"the text of link {n}", max_length=200, required=True
        )
        url = web_address(link.url, field="materials")
        if not url:
            raise Refused(f"Enter the web address of link {n}.", field="materials")
        rows.append(Material(event=event, kind=link.kind, title=title, url=url, position=n - 1))
    event.summary = summary.strip()
    event.save(update_fields=["summary", "updated_at"])
    event.materials.all().delete()
    Material.objects.bulk_create(rows)
    return event


@transaction.atomic
def cancel_event(event: Event, *, reason: str) -> Event:
    """Cancel an event with a reason, once. Everyone registered keeps their row, so they can be told."""
    reason = single_line(reason, field="reason", label="why the event is cancelled", max_length=2000)
    if not reason:
        raise Refused("Say why the event is cancelled; everyone registered will see it.", field="reason")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise Refused("This event has already been cancelled.", kind=Kind.CONFLICT)
    if locked.is_past:
        raise Refused("This event has already taken place, so it cannot be cancelled.", kind=Kind.CONFLICT)
    locked.cancel(reason=reason)
    transaction.on_commit(lambda: tasks.tell_about_cancellation.enqueue(locked.pk))
    return locked


@transaction.atomic
def record_attendance(event: Event, *, attended_ids: set[int]) -> int:
    """Mark who came, from the people who had a place (`attended_ids` are registrations): two statements
    whatever the number of people."""
    if event.starts_at > timezone.now():
        raise Refused("Attendance can be recorded once the event has started.", kind=Kind.CONFLICT)
    if event.is_cancelled:
        raise Refused("This event was cancelled, so nobody attended.", kind=Kind.CONFLICT)
    going = Registration.objects.filter(event=event, status=Registration.Status.GOING)
    going.exclude(pk__in=attended_ids).update(attended=False)
    return going.filter(pk__in=attended_ids).update(attended=True)


# Places.


@transaction.atomic
def register(event: Event, *, person: User) -> Registration:
    """Take a place, or a place on the waiting list when the event is full. Registering twice changes nothing."""
    locked = Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event.pk)
    if reason := locked.registration_closed_reason():
        raise Refused(reason, kind=Kind.CONFLICT)
    if not can_register(person, locked):
        raise Refused(f"This event is for {locked.get_audience_display().lower()}.", kind=Kind.FORBIDDEN)
    existing = Registration.objects.filter(event=locked, person=person).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    full = locked.capacity is not None and _going(locked) >= locked.capacity
    status = Registration.Status.WAITLIST if full else Registration.Status.GOING
    if existing is None:
        return Registration.objects.create(event=locked, person=person, status=status)
    # Coming back after cancelling joins the end of the queue.
    existing.status = status
    existing.registered_at = timezone.now()
    existing.save(update_fields=["status", "registered_at"])
    return existing


@transaction.atomic
def cancel_registration(event: Event, *, person: User) -> list[int]:
    """Give up a place or leave the waiting list. A freed place goes to the first person waiting.

    Returns the ids of the people promoted from the waiting list.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(event=locked, person=person).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise Refused("You are not registered for this event.", kind=Kind.CONFLICT)
    if locked.is_cancelled or locked.is_past:
        # Kept as it was: who had a place (and who came) is the event's record.
        raise Refused("This event is over or cancelled, so your place stays as it was.", kind=Kind.CONFLICT)
    return _end_place(locked, registration)


def _end_place(event: Event, registration: Registration) -> list[int]:
    """Cancel one place; a freed place goes to the first person waiting. Call with the event's row locked."""
    was_going = registration.status == Registration.Status.GOING
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_going:
        return []
    return _promote_into_free_places(event)


@transaction.atomic
def end_places_of(person: User, community: Community) -> list[Event]:
    """After someone leaves a community, is removed or changes role: end their places at its events not yet over
    whose audience no longer includes them (the first person waiting moves up, as when someone cancels), and
    tell them.

    Returns the events whose places ended. Places at past events stay, as the events' record.
    """
    places = Registration.objects.filter(
        person=person,
        status__in=PLACES,
        event__community=community,
        event__status=Event.Status.SCHEDULED,
        event__ends_at__gt=timezone.now(),
    ).order_by("event__starts_at", "event_id")
    ended = []
    for event_id in places.values_list("event_id", flat=True):
        locked = Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event_id)
        if can_register(person, locked):
            continue  # an event for all staff: still theirs
        registration = Registration.objects.get(event=locked, person=person)
        if registration.status in PLACES:
            _end_place(locked, registration)
            ended.append(locked)
    if ended:
        event_ids = [event.pk for event in ended]
        transaction.on_commit(lambda: tasks.tell_places_ended.enqueue(person.pk, community.pk, event_ids))
    return ended


def _promote_into_free_places(event: Event) -> list[int]:
    """Give free places to the people waiting longest, and tell them. Call with the event's row locked."""
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLIST).order_by(
        "registered_at", "id"
    )
    queue = waiting.values_list("pk", "person_id")
    if event.capacity is not None:
        queue = queue[: max(event.capacity - _going(event), 0)]
    promoted = list(queue)
    if promoted:
        Registration.objects.filter(pk__in=[pk for pk, _ in promoted]).update(
            status=Registration.Status.GOING
        )
        _tell_promoted(event, [person_id for _, person_id in promoted])
    return [person_id for _, person_id in promoted]


def _tell_promoted(event: Event, person_ids: list[int]) -> None:
    transaction.on_commit(lambda: tasks.tell_promoted.enqueue(event.pk, person_ids))
