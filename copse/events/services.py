"""Registering for events: never more people going than there are places, and a fair waiting list.

Every change to an event's places locks the event's row first, so many people taking the last place at once
cannot overbook it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from copse.core.refusals import Refused

from . import tasks
from .models import Event, Registration

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

    from copse.accounts.models import User

    from .forms import EventForm, SummaryForm

# Changing these moves the event in people's calendars, so the calendar SEQUENCE rises.
CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "time_zone", "location", "online_url")
# Changing these changes where or when people need to be, so everyone with a place is told.
WHEN_AND_WHERE = ("starts_at", "ends_at", "time_zone", "location", "online_url")


def _going(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.GOING).count()


@transaction.atomic
def register(event: Event, *, person: User) -> Registration:
    """Take a place, or a place on the waiting list when the event is full. Registering twice changes nothing."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if reason := locked.registration_closed_reason():
        raise Refused(reason)
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
        raise Refused("You are not registered for this event.")
    if locked.is_cancelled or locked.is_past:
        # Kept as it was: who had a place (and who came) is the event's record.
        raise Refused("This event is over or cancelled, so your place stays as it was.")
    was_going = registration.status == Registration.Status.GOING
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_going:
        return []
    return _promote_into_free_places(locked)


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


@transaction.atomic
def schedule(form: EventForm, speakers: BaseInlineFormSet[Any, Any, Any], *, by: User) -> Event:
    """A new event, with its speakers."""
    event: Event = form.save(commit=False)
    event.created_by = by
    event.save()
    speakers.instance = event
    speakers.save()
    return event


@transaction.atomic
def update(form: EventForm, speakers: BaseInlineFormSet[Any, Any, Any]) -> Event:
    """Save changes to an event. Calendars see a higher SEQUENCE; people with a place hear of a new time or
    place; a larger capacity gives places to people waiting."""
    event: Event = form.instance
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise Refused("A cancelled event cannot be changed.")
    going = _going(locked)
    if event.capacity is not None and event.capacity < going:
        raise Refused(f"{going} people already have a place, so there must be at least {going} places.")
    changed = set(form.changed_data)
    event.sequence = locked.sequence + 1 if changed & set(CALENDAR_FIELDS) else locked.sequence
    # A new start time deserves a new reminder; otherwise keep the one a reminder run may have just claimed.
    event.reminder_sent_at = None if "starts_at" in changed else locked.reminder_sent_at
    # Only what this form edits: a cancellation, summary or reminder saved meanwhile must not be written over.
    event.save(update_fields=[*(form._meta.fields or ()), "sequence", "reminder_sent_at", "updated_at"])
    speakers.save()
    if changed & set(WHEN_AND_WHERE):
        transaction.on_commit(lambda: tasks.tell_about_change.enqueue(event.pk))
    if "capacity" in changed:
        _promote_into_free_places(event)
    return event


@transaction.atomic
def record_attendance(event: Event, *, attended_ids: set[int]) -> int:
    """Mark who came, from the people who had a place: two statements whatever the number of people."""
    if event.starts_at > timezone.now():
        raise Refused("Attendance can be recorded once the event has started.")
    if event.is_cancelled:
        raise Refused("This event was cancelled, so nobody attended.")
    going = Registration.objects.filter(event=event, status=Registration.Status.GOING)
    going.exclude(pk__in=attended_ids).update(attended=False)
    return going.filter(pk__in=attended_ids).update(attended=True)


@transaction.atomic
def save_follow_up(form: SummaryForm, materials: BaseInlineFormSet[Any, Any, Any]) -> Event:
    """The summary and the recording, slides and other materials from an event."""
    event: Event = form.save(commit=False)
    event.save(update_fields=["summary", "updated_at"])
    materials.save()
    return event


@transaction.atomic
def cancel_event(event: Event, *, reason: str) -> Event:
    """Cancel an event with a reason, once. Everyone registered keeps their row, so they can be told."""
    reason = reason.strip()
    if not reason:
        raise Refused("Say why the event is cancelled; everyone registered will see it.")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise Refused("This event has already been cancelled.")
    if locked.is_past:
        raise Refused("This event has already taken place, so it cannot be cancelled.")
    locked.cancel(reason=reason)
    transaction.on_commit(lambda: tasks.tell_about_cancellation.enqueue(locked.pk))
    return locked
