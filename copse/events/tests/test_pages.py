"""The events pages: what each person sees, taking a place, and the online link kept for people going."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.events import services
from copse.events.models import Audience, Event, Registration
from copse.testing import EventFactory, MaterialFactory, PersonasTestCase, RegistrationFactory


class EventPageTests(PersonasTestCase):
    def event(self, **kwargs: Any) -> Event:
        defaults: dict[str, Any] = {
            "title": "Forecasting clinic",
            "community": self.community,
            "online_url": "https://example.org/teams/clinic",
            "capacity": 1,
        }
        return EventFactory.create(**(defaults | kwargs))

    def test_the_online_link_is_shown_only_to_people_going(self) -> None:
        event = self.event()
        assert (
            "example.org/teams/clinic"
            not in self.client_for("member").get(event.get_absolute_url()).content.decode()
        )
        response = self.client_for("member").post(f"/events/{event.pk}/register/", follow=True)
        html = response.content.decode()
        assert "You have a place." in html and "https://example.org/teams/clinic" in html

    def test_a_full_event_puts_people_on_the_waiting_list(self) -> None:
        event = self.event()
        services.register(event, person=self.core)
        response = self.client_for("member").post(f"/events/{event.pk}/register/", follow=True)
        html = response.content.decode()
        assert "you are on the waiting list" in html and "example.org/teams/clinic" not in html
        assert Registration.objects.get(person=self.member).status == "waitlist"

    def test_outsiders_see_a_community_event_but_cannot_take_a_place(self) -> None:
        event = self.event()
        page = self.client_for("outsider").get(event.get_absolute_url()).content.decode()
        assert "Join Finance Business Partners" in page
        assert self.client_for("outsider").post(f"/events/{event.pk}/register/").status_code == 403

    def test_core_only_events_are_for_leads_and_core_members(self) -> None:
        event = self.event(audience=Audience.CORE, capacity=None)
        assert self.client_for("member").post(f"/events/{event.pk}/register/").status_code == 403
        assert self.client_for("core").post(f"/events/{event.pk}/register/").status_code == 302

    def test_all_staff_events_are_open_to_everyone(self) -> None:
        event = self.event(audience=Audience.ALL_STAFF, community=None, capacity=None)
        assert self.client_for("outsider").post(f"/events/{event.pk}/register/").status_code == 302
        assert Registration.objects.filter(event=event, person=self.outsider, status="going").exists()

    def test_a_cancelled_event_says_why_and_takes_no_registrations(self) -> None:
        event = self.event()
        services.cancel_event(event, reason="The speaker is unwell.")
        response = self.client_for("member").post(f"/events/{event.pk}/register/", follow=True)
        html = response.content.decode()
        assert "This event was cancelled" in html and "The speaker is unwell." in html
        assert not Registration.objects.exists()

    def test_private_community_events_are_hidden_from_outsiders(self) -> None:
        event = self.event(community=self.private_community)
        assert self.client_for("outsider").get(event.get_absolute_url()).status_code == 404
        assert "Forecasting clinic" not in self.client_for("outsider").get("/events/").content.decode()
        assert "Forecasting clinic" in self.client_for("core").get("/events/").content.decode()

    def test_past_events_are_listed_separately(self) -> None:
        self.event(
            title="Old clinic",
            starts_at=timezone.now() - timedelta(days=2),
            ends_at=timezone.now() - timedelta(days=2, hours=-1),
        )
        self.event(title="New clinic")
        upcoming = self.client_for("member").get("/events/").content.decode()
        past = self.client_for("member").get("/events/?when=past").content.decode()
        assert "New clinic" in upcoming and "Old clinic" not in upcoming
        assert "Old clinic" in past and "New clinic" not in past

    def test_event_list_costs_the_same_for_2_and_50_events(self) -> None:
        def grow(n: int) -> None:
            for i in range(n):
                event = self.event(title=f"Clinic {i}", capacity=None)
                RegistrationFactory(event=event)

        def count() -> int:
            client = self.client_for("member")
            client.get("/events/")
            with CaptureQueriesContext(connection) as queries:
                client.get("/events/")
            return len(queries)

        grow(2)
        small = count()
        grow(48)
        assert (small, count()) == (6, 6)


class HomePageTests(PersonasTestCase):
    def test_the_home_page_lists_the_next_events_i_have_a_place_at(self) -> None:
        soon = timezone.now() + timedelta(days=2)
        past = timezone.now() - timedelta(days=2)

        def event(title: str, start: Any) -> Event:
            return EventFactory.create(title=title, community=self.community, starts_at=start)

        going, waiting, gone, left = (
            event("Going soon", soon),
            event("Waiting soon", soon),
            event("Already happened", past),
            event("Gave up my place", soon),
        )
        RegistrationFactory(event=going, person=self.member)
        RegistrationFactory(event=waiting, person=self.member, status="waitlist")
        RegistrationFactory(event=gone, person=self.member)
        RegistrationFactory(event=left, person=self.member, status="cancelled")
        home = self.client_for("member").get("/").content.decode()
        next_events = home.split('id="my-events"')[1].split("</section>")[0]  # the feed lists new events too
        assert "Going soon" in next_events and "Waiting soon" in next_events
        assert "Waiting list" in next_events
        assert "Already happened" not in next_events and "Gave up my place" not in next_events
        assert (
            "You have no places at events coming up." in self.client_for("outsider").get("/").content.decode()
        )


class RecordingTests(PersonasTestCase):
    def test_after_the_event_its_page_offers_the_recording(self) -> None:
        event = EventFactory(community=self.community, starts_at=timezone.now() - timedelta(days=2))
        MaterialFactory(event=event, url="https://media.example.org/clinic")
        page = self.client_for("member").get(event.get_absolute_url()).content.decode()
        assert "Watch the recording" in page and "https://media.example.org/clinic" in page
