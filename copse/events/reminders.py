"""Reminding the people going to an event shortly before it starts.

`manage.py send_event_reminders` calls `send_due_reminders` from cron every 10 to 15 minutes. Each event is claimed
with a conditional UPDATE before anyone is told, so overlapping runs never remind anyone twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from copse.notifications.services import notify

from .models import Event, EventQuerySet, Registration
from .permissions import viewers_of
from .tasks import local_start


@dataclass(frozen=True)
class Reminded:
    events: int
    people: int


def due_for_reminder(now: datetime) -> EventQuerySet:
    """Scheduled events starting within `COPSE_EVENT_REMINDER_HOURS` of `now` whose people have not been reminded."""
    window = timedelta(hours=settings.COPSE_EVENT_REMINDER_HOURS)
    return Event.objects.filter(
        status=Event.Status.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + window,
    )


def send_due_reminders(now: datetime | None = None) -> Reminded:
    """Notify everyone going to each event due a reminder, once per event, at a fixed number of queries each.

    An event is claimed (its `reminder_sent_at` set) in the same transaction as its notifications: if notifying
    fails, the claim is undone and the next run tries again.
    """
    now = now or timezone.now()
    events = people = 0
    for event in due_for_reminder(now).select_related("community").order_by("starts_at", "pk"):
        with transaction.atomic():
            unclaimed = Event.objects.filter(pk=event.pk, reminder_sent_at__isnull=True)
            if not unclaimed.update(reminder_sent_at=now):
                continue  # another run got there first
            events += 1
            people += notify(
                recipient_ids=_going_who_may_see(event),
                kind="event_reminders",
                title=f"Reminder: “{event.title}” starts {local_start(event)}",
                url=event.get_absolute_url(),
            )
    return Reminded(events=events, people=people)


def _going_who_may_see(event: Event) -> list[int]:
    """Ids of the people going who may still see the event (someone may have left its private community)."""
    going = Registration.objects.filter(
        event=event, status=Registration.Status.GOING, person__in=viewers_of(event)
    )
    return list(going.values_list("person_id", flat=True))
