"""Registering for events: never more people going than there are places, and a fair waiting list.

Every change to an event's places locks the event's row first, so many people taking the last place at once
cannot overbook it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from copse.core.refusals import Refused

from .models import Event, Registration

if TYPE_CHECKING:
    from copse.accounts.models import User


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
def cancel_registration(event: Event, *, person: User) -> Registration | None:
    """Give up a place or leave the waiting list. A freed place goes to the first person waiting.

    Returns the registration that was promoted from the waiting list, if any.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(event=locked, person=person).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise Refused("You are not registered for this event.")
    was_going = registration.status == Registration.Status.GOING
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_going or locked.is_cancelled:
        return None
    first_waiting = (
        Registration.objects.filter(event=locked, status=Registration.Status.WAITLIST)
        .order_by("registered_at", "id")
        .first()
    )
    if first_waiting is None:
        return None
    first_waiting.status = Registration.Status.GOING
    first_waiting.save(update_fields=["status"])
    return first_waiting


@transaction.atomic
def cancel_event(event: Event, *, reason: str) -> Event:
    """Cancel an event with a reason, once. Everyone registered keeps their row, so they can be told."""
    reason = reason.strip()
    if not reason:
        raise Refused("Say why the event is cancelled; everyone registered will see it.")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise Refused("This event has already been cancelled.")
    locked.cancel(reason=reason)
    return locked
