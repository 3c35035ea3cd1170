"""Registering for events: places, the waiting list, cancellations, and never overbooking under load."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from copse.core.refusals import Refused
from copse.events import services
from copse.events.models import Audience, Event, Registration
from copse.testing import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_event(**kwargs: Any) -> Event:
    """An event for all staff, so anyone may take a place."""
    return EventFactory.create(
        **({"title": "Year-end webinar", "audience": Audience.ALL_STAFF, "capacity": 2} | kwargs)
    )


def test_people_take_places_then_join_the_waiting_list() -> None:
    event = make_event(capacity=2)
    statuses = [services.register(event, person=UserFactory()).status for _ in range(3)]
    assert statuses == ["going", "going", "waitlist"]


def test_registering_twice_changes_nothing() -> None:
    event = make_event()
    person = UserFactory()
    first = services.register(event, person=person)
    assert services.register(event, person=person).pk == first.pk
    assert Registration.objects.count() == 1


def test_a_freed_place_goes_to_the_first_person_waiting() -> None:
    event = make_event(capacity=1)
    going, first_waiting, second_waiting = UserFactory(), UserFactory(), UserFactory()
    for person in (going, first_waiting, second_waiting):
        services.register(event, person=person)
    assert services.cancel_registration(event, person=going) == [first_waiting.pk]
    assert Registration.objects.get(person=first_waiting).status == "going"
    assert Registration.objects.get(person=second_waiting).status == "waitlist"


def test_leaving_the_waiting_list_promotes_no_one() -> None:
    event = make_event(capacity=1)
    services.register(event, person=UserFactory())
    waiting = UserFactory()
    services.register(event, person=waiting)
    assert services.cancel_registration(event, person=waiting) == []


def test_coming_back_after_cancelling_joins_the_end_of_the_queue() -> None:
    event = make_event(capacity=1)
    person, other = UserFactory(), UserFactory()
    services.register(event, person=person)
    services.cancel_registration(event, person=person)
    services.register(event, person=other)
    assert services.register(event, person=person).status == "waitlist"


def test_registration_is_refused_after_the_deadline_or_start_or_cancellation() -> None:
    person = UserFactory()
    closed = make_event(registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Refused, match="Registration for this event has closed"):
        services.register(closed, person=person)
    started = make_event(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(Refused, match="already started"):
        services.register(started, person=person)
    cancelled = make_event()
    services.cancel_event(cancelled, reason="The speaker is ill.")
    with pytest.raises(Refused, match="cancelled"):
        services.register(cancelled, person=person)
    assert not Registration.objects.exists()


def test_cancelling_an_event_needs_a_reason_and_raises_the_sequence_once() -> None:
    event = make_event()
    with pytest.raises(Refused, match="Say why"):
        services.cancel_event(event, reason="  ")
    services.cancel_event(event, reason="Room flooded.")
    event.refresh_from_db()
    assert (event.status, event.cancel_reason, event.sequence) == ("cancelled", "Room flooded.", 1)
    with pytest.raises(Refused, match="already been cancelled"):
        services.cancel_event(event, reason="Again")


def test_bad_times_capacity_and_links_are_refused() -> None:
    start = timezone.now() + timedelta(days=1)
    event = Event(
        title="T", starts_at=start, ends_at=start - timedelta(hours=1), online_url="ftp://example.org/x"
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert {"ends_at", "online_url"} <= set(error.value.message_dict)
    event = Event(title="T", starts_at=start, ends_at=start + timedelta(hours=1), capacity=0)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "capacity" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_many_people_taking_the_last_places_at_once_never_overbook() -> None:
    event = make_event(capacity=3)
    people = [UserFactory() for _ in range(10)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def take_a_place(person: Any) -> None:
        barrier.wait()
        try:
            services.register(event, person=person)
        except BaseException as exc:  # the assertion below reports it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_a_place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Registration.objects.filter(event=event, status="going").count() == 3
    assert Registration.objects.filter(event=event, status="waitlist").count() == 7
