"""Telling people about changes to events they have a place at, in the background.

Queued by the services with `transaction.on_commit`, so cancelling an event with 500 people registered costs the
request the same few queries as one with 5; each task makes one `notify` call.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from copse.accounts.models import User
from copse.communities.models import Community, Membership
from copse.core.ui import when_in, zone_label
from copse.notifications.services import notify

from .models import PLACES, Event, Registration
from .permissions import can_view_event, viewers_of


def local_start(event: Event) -> str:
    """When the event starts, in its own time zone, named: "Thursday 3 December 2026, 2:30pm (London time)".

    A notification is one text for everyone, so it names the zone rather than guessing each reader's.
    """
    return f"{when_in(event.starts_at, event.time_zone)} ({zone_label(event.time_zone)})"


def _people_with_a_place(event: Event) -> list[int]:
    """Everyone going or waiting who may still see the event (someone may have left its private community)."""
    places = Registration.objects.filter(event=event, status__in=PLACES, person__in=viewers_of(event))
    return list(places.values_list("person_id", flat=True))


@task()
def tell_about_cancellation(event_id: int) -> int:
    """Everyone going or waiting hears that the event is cancelled, and why (on the event page)."""
    event = Event.objects.get(pk=event_id)
    return notify(
        recipient_ids=_people_with_a_place(event),
        kind="event_updates",
        title=f"Cancelled: “{event.title}” on {local_start(event)}",
        url=event.get_absolute_url(),
    )


@task()
def tell_about_change(event_id: int) -> int:
    """Everyone going or waiting hears that the time or place has changed."""
    event = Event.objects.get(pk=event_id)
    if event.is_cancelled:
        return 0
    return notify(
        recipient_ids=_people_with_a_place(event),
        kind="event_updates",
        title=f"The time or place of “{event.title}” has changed. It starts on {local_start(event)}",
        url=event.get_absolute_url(),
    )


@task()
def tell_promoted(event_id: int, person_ids: list[int]) -> int:
    """People who were waiting now have a place."""
    event = Event.objects.get(pk=event_id)
    return notify(
        recipient_ids=list(viewers_of(event).filter(pk__in=person_ids).values_list("pk", flat=True)),
        kind="event_updates",
        title=f"A place is free for you: you are now going to “{event.title}” on {local_start(event)}",
        url=event.get_absolute_url(),
    )


@task()
def tell_places_ended(person_id: int, community_id: int, event_ids: list[int]) -> int:
    """Someone who left a community, was removed or moved out of its core members hears which of its events they
    no longer have a place at, and why."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    community = Community.objects.filter(pk=community_id).first()
    if person is None or community is None:
        return 0
    still_a_member = Membership.objects.current().filter(community=community, person=person).exists()
    because = (
        f"as it is for the core members of {community.name} only"
        if still_a_member
        else f"as you are no longer a member of {community.name}"
    )
    told = 0
    for event in (
        Event.objects.filter(pk__in=event_ids).select_related("community").order_by("starts_at", "pk")
    ):
        # A private community's events are hidden from people who are no longer members: link to the list.
        url = event.get_absolute_url() if can_view_event(person, event) else reverse("events:list")
        told += notify(
            recipient_ids=[person.pk],
            kind="event_updates",
            title=f"You no longer have a place at “{event.title}” on {local_start(event)}, {because}",
            url=url,
        )
    return told
