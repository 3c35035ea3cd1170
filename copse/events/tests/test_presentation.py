"""How events are shown: the viewer's place as a marker, start and end times, "Join online" only for people with a
place, no calendar file for past or cancelled events, speakers' faces, and query counts that do not grow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from copse.events import services
from copse.events.models import Audience, Event
from copse.events.services import SpeakerData
from copse.events.templating import event_times, places_summary, viewer_marker
from copse.testing import (
    EventFactory,
    PersonasTestCase,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
)

GOING = '<span class="badge badge-success">You\'re going</span>'
WAITING = '<span class="badge badge-warning">Waiting list</span>'
CANCELLED = '<span class="badge badge-danger">Cancelled</span>'
CALENDAR = "Add to my calendar"


def ago(**kwargs: Any) -> datetime:
    return timezone.now() - timedelta(**kwargs)


def ahead(**kwargs: Any) -> datetime:
    return timezone.now() + timedelta(**kwargs)


class MarkerTests(PersonasTestCase):
    def event(self, **kwargs: Any) -> Event:
        return EventFactory.create(**({"community": self.community, "title": "Forecasting clinic"} | kwargs))

    def annotated(self, event: Event) -> Event:
        return Event.objects.with_viewer_status(self.member).get(pk=event.pk)

    def test_the_marker_says_going_waiting_or_nothing(self) -> None:
        going, waiting, left, none = (self.event() for _ in range(4))
        RegistrationFactory(event=going, person=self.member)
        RegistrationFactory(event=waiting, person=self.member, status="waitlist")
        RegistrationFactory(event=left, person=self.member, status="cancelled")
        RegistrationFactory(event=none, person=self.core)  # someone else's place is not mine
        assert viewer_marker(self.annotated(going)) == GOING
        assert viewer_marker(self.annotated(waiting)) == WAITING
        assert viewer_marker(self.annotated(left)) == ""
        assert viewer_marker(self.annotated(none)) == ""

    def test_a_cancelled_event_is_marked_cancelled_whatever_the_place(self) -> None:
        event = self.event()
        RegistrationFactory(event=event, person=self.member)
        services.cancel_event(event, reason="The speaker is unwell.")
        assert viewer_marker(self.annotated(event)) == CANCELLED
        assert viewer_marker(Event.objects.with_viewer_status(self.outsider).get(pk=event.pk)) == CANCELLED

    def test_after_the_event_a_place_is_no_longer_going(self) -> None:
        event = self.event(starts_at=ago(days=2), ends_at=ago(days=2, hours=-1))
        RegistrationFactory(event=event, person=self.member)
        assert "You had a place" in viewer_marker(self.annotated(event))

    def test_the_list_month_and_event_page_show_the_markers(self) -> None:
        start = ahead(days=3)
        going = self.event(title="Clinic I go to", starts_at=start, ends_at=start + timedelta(hours=1))
        waiting = self.event(title="Clinic I wait for", starts_at=start, ends_at=start + timedelta(hours=1))
        RegistrationFactory(event=going, person=self.member)
        RegistrationFactory(event=waiting, person=self.member, status="waitlist")
        client = self.client_for("member")
        month = f"/events/month/?month={timezone.localdate(start):%Y-%m}"
        for url in ("/events/", month):
            with self.subTest(url):
                html = client.get(url).content.decode()
                assert GOING in html and WAITING in html
        assert GOING in client.get(going.get_absolute_url()).content.decode()
        assert WAITING in client.get(waiting.get_absolute_url()).content.decode()
        assert GOING not in self.client_for("core").get("/events/").content.decode()


class TimesTests(PersonasTestCase):
    def test_times_give_the_start_and_the_end_in_the_viewers_zone(self) -> None:
        event = EventFactory.build(
            starts_at=datetime(2026, 12, 1, 12, 30, tzinfo=UTC),
            ends_at=datetime(2026, 12, 1, 13, 30, tzinfo=UTC),
        )
        with timezone.override("Europe/London"):
            assert (
                strip_tags(event_times(event)) == "Tuesday 1 December 2026, 12:30pm to 1:30pm (London time)"
            )
            assert 'datetime="2026-12-01T13:30+00:00"' in event_times(event)
            assert strip_tags(event_times(event, False)) == "Tuesday 1 December 2026, 12:30pm to 1:30pm"

    def test_an_event_over_two_days_gives_the_end_date_too(self) -> None:
        event = EventFactory.build(
            starts_at=datetime(2026, 6, 30, 9, 0, tzinfo=UTC), ends_at=datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
        )
        with timezone.override("Europe/London"):
            assert strip_tags(event_times(event)) == (
                "Tuesday 30 June 2026, 10:00am to Wednesday 1 July 2026, 5:00pm (London time)"
            )

    def test_the_event_page_and_the_list_show_the_end_time(self) -> None:
        start = timezone.localtime(ahead(days=4)).replace(hour=12, minute=30, second=0, microsecond=0)
        event = EventFactory(community=self.community, starts_at=start, ends_at=start + timedelta(hours=1))
        expected = strip_tags(event_times(event, False))
        assert expected.endswith("12:30pm to 1:30pm")
        for url in ("/events/", event.get_absolute_url()):
            with self.subTest(url):
                assert expected in strip_tags(self.client_for("member").get(url).content.decode())

    def test_places_left_are_shown_when_places_are_limited(self) -> None:
        limited = EventFactory(community=self.community, capacity=3)
        RegistrationFactory(event=limited)
        full = EventFactory(community=self.community, capacity=1)
        RegistrationFactory(event=full)
        RegistrationFactory(event=full, status="waitlist")
        open_ = EventFactory(community=self.community)
        RegistrationFactory(event=open_)
        counted = {e.pk: e for e in Event.objects.with_counts()}
        assert places_summary(counted[limited.pk]) == "2 places left of 3"
        assert places_summary(counted[full.pk]) == "Full: 1 on the waiting list"
        assert places_summary(counted[open_.pk]) == "1 going"
        assert "2 places left of 3" in self.client_for("member").get("/events/").content.decode()


class EventPageTests(PersonasTestCase):
    def event(self, **kwargs: Any) -> Event:
        defaults: dict[str, Any] = {
            "community": self.community,
            "online_url": "https://teams.example.org/l/meetup-join/" + "x" * 40,
        }
        return EventFactory.create(**(defaults | kwargs))

    def page(self, persona: str, event: Event) -> str:
        return self.client_for(persona).get(event.get_absolute_url()).content.decode()

    def test_join_online_is_a_button_only_for_people_with_a_place(self) -> None:
        event = self.event()
        RegistrationFactory(event=event, person=self.member)
        RegistrationFactory(event=event, person=self.core, status="waitlist")
        page = self.page("member", event)
        assert (
            f'<a class="button" href="{event.online_url}" rel="noopener noreferrer">Join online</a>' in page
        )
        assert f">{event.online_url}<" not in page  # never the raw address as text
        for persona in ("core", "lead", "outsider"):
            with self.subTest(persona):
                page = self.page(persona, event)
                assert "Join online" not in page and event.online_url not in page

    def test_no_join_online_after_the_event_or_once_it_is_cancelled(self) -> None:
        past = self.event(starts_at=ago(days=1, hours=2), ends_at=ago(days=1))
        cancelled = self.event()
        for event in (past, cancelled):
            RegistrationFactory(event=event, person=self.member)
        services.cancel_event(cancelled, reason="Snow.")
        for event in (past, cancelled):
            with self.subTest(event.title):
                assert "Join online" not in self.page("member", event)

    def test_the_main_action_is_the_primary_button(self) -> None:
        event = self.event(capacity=1)
        assert '<button type="submit">Register: I\'m going</button>' in self.page("member", event)
        RegistrationFactory(event=event, person=self.core)
        assert '<button type="submit">Join the waiting list</button>' in self.page("member", event)
        page = self.page("core", event)
        assert '<button type="submit" class="secondary">Cancel my place</button>' in page

    def test_upcoming_events_offer_the_calendar_file_and_past_or_cancelled_ones_do_not(self) -> None:
        upcoming = self.event()
        past = self.event(starts_at=ago(days=3), ends_at=ago(days=3, hours=-1))
        cancelled = self.event()
        for event in (upcoming, past, cancelled):
            RegistrationFactory(event=event, person=self.member)
        services.cancel_event(cancelled, reason="Snow.")
        assert CALENDAR in self.page("member", upcoming)
        assert f"/events/{upcoming.pk}/event.ics" in self.page("member", upcoming)
        for event in (past, cancelled):
            for persona in ("member", "lead", "outsider"):
                with self.subTest(event=event.title, persona=persona):
                    page = self.page(persona, event)
                    assert CALENDAR not in page and f"/events/{event.pk}/event.ics" not in page

    def test_the_host_community_is_a_link_and_programme_events_say_so(self) -> None:
        hosted = self.event()
        assert (
            f'Hosted by <a href="{self.community.get_absolute_url()}">{self.community.name}</a>'
            in self.page("member", hosted)
        )
        programme = self.event(community=None, audience=Audience.ALL_STAFF)
        assert "Programme-wide" in self.page("member", programme)
        assert "Programme-wide" in self.client_for("member").get("/events/").content.decode()

    def test_lead_tools_are_in_their_own_panel_with_cancel_as_danger(self) -> None:
        event = self.event()
        page = self.page("lead", event)
        assert 'aria-labelledby="manage-heading"' in page
        assert (
            f'<a class="button danger small" href="/events/{event.pk}/cancel/">Cancel the event</a>' in page
        )
        assert "manage-heading" not in self.page("member", event)

    def test_speakers_have_faces_colleagues_their_own_and_guests_initials(self) -> None:
        event = self.event()
        SpeakerFactory(event=event, name="Dr Ada Guest", affiliation="Office for Budget Responsibility")
        SpeakerFactory(event=event, name=self.core.name, person=self.core, position=1)
        page = self.page("member", event)
        assert '<span class="avatar avatar-md avatar-guest" aria-hidden="true">DG</span>' in page
        assert (
            f'<span class="avatar avatar-md avatar-c{self.core.pk % 12}" aria-hidden="true">CC</span>' in page
        )

    def test_a_colleague_is_linked_as_a_speaker_by_their_email(self) -> None:
        event = services.schedule_event(
            by=self.lead,
            host=self.community,
            title="Forecasting clinic",
            starts_at=ahead(days=5),
            ends_at=ahead(days=5, hours=-1) + timedelta(hours=2),
            time_zone="Europe/London",
            speakers=[
                SpeakerData(name="Cora Core", person_id=self.core.pk),
                SpeakerData(name="Dr Ada Guest"),
            ],
        )
        assert [(s.name, s.person_id) for s in event.speakers.all()] == [
            ("Cora Core", self.core.pk),
            ("Dr Ada Guest", None),
        ]

    def test_a_speaker_who_has_no_account_here_is_refused(self) -> None:
        gone = UserFactory(is_active=False)
        for person_id in (gone.pk, 999_999):
            with self.subTest(person_id), self.assertRaisesMessage(Exception, "not someone with an account"):
                services.schedule_event(
                    by=self.lead,
                    host=self.community,
                    title="Forecasting clinic",
                    starts_at=ahead(days=5),
                    ends_at=ahead(days=5, hours=1),
                    time_zone="Europe/London",
                    speakers=[SpeakerData(name="Someone", person_id=person_id)],
                )
        assert not Event.objects.exists()


class NextEventsTagTests(PersonasTestCase):
    def render(self, persona: str) -> str:
        request = RequestFactory().get("/")
        request.user = self.persona(persona)
        return engines["jinja2"].from_string("{{ my_next_events() }}").render({"request": request})

    def test_the_tag_shows_cards_with_date_tiles_and_the_persons_place(self) -> None:
        going = EventFactory(title="Going soon", community=self.community, starts_at=ahead(days=2))
        waiting = EventFactory(title="Waiting soon", community=None, starts_at=ahead(days=3))
        cancelled = EventFactory(title="Called off", community=self.community, starts_at=ahead(days=4))
        gone = EventFactory(title="Already happened", community=self.community, starts_at=ago(days=2))
        left = EventFactory(title="Gave up my place", community=self.community, starts_at=ahead(days=2))
        RegistrationFactory(event=going, person=self.member)
        RegistrationFactory(event=waiting, person=self.member, status="waitlist")
        RegistrationFactory(event=cancelled, person=self.member)
        RegistrationFactory(event=gone, person=self.member)
        RegistrationFactory(event=left, person=self.member, status="cancelled")
        services.cancel_event(cancelled, reason="Snow.")
        html = self.render("member")
        assert html.count('class="card event-card') == 3 and html.count('class="date-tile"') == 3
        assert html.index("Going soon") < html.index("Waiting soon") < html.index("Called off")
        assert GOING in html and WAITING in html and CANCELLED in html
        assert "Programme-wide" in html and f'href="{self.community.get_absolute_url()}"' in html
        assert "Already happened" not in html and "Gave up my place" not in html
        assert strip_tags(event_times(going)) in strip_tags(html)

    def test_someone_with_no_places_is_told_how_to_find_one(self) -> None:
        html = self.render("outsider")
        assert "You have no places at events coming up." in html
        assert '<a class="button" href="/events/">Find an event</a>' in html

    def test_the_tag_costs_one_query_however_many_places(self) -> None:
        for _ in range(8):
            RegistrationFactory(event=EventFactory(community=self.community), person=self.member)
        self.render("member")
        with CaptureQueriesContext(connection) as queries:
            self.render("member")
        assert len(queries) == 1


class QueryCountTests(PersonasTestCase):
    """The events pages cost the same number of queries for 2 events (or speakers) as for 200."""

    def count(self, persona: str, url: str) -> int:
        client = self.client_for(persona)
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(self, n: int, start: datetime) -> None:
        events = [
            Event(
                title=f"Clinic {i}",
                community=self.community if i % 2 else None,
                starts_at=start + timedelta(minutes=i),
                ends_at=start + timedelta(minutes=i + 60),
                capacity=10 if i % 3 else None,
            )
            for i in range(n)
        ]
        Event.objects.bulk_create(events)
        for event in Event.objects.order_by("-id")[: min(n, 20)]:
            RegistrationFactory(event=event, person=self.member)

    def assert_pinned(self, persona: str, url: str, start: datetime, expected: int) -> None:
        self.grow(2, start)
        small = self.count(persona, url)
        self.grow(198, start)
        large = self.count(persona, url)
        assert (small, large) == (expected, expected), f"{url}: {small} queries for 2 events, {large} for 200"

    def test_event_list(self) -> None:
        self.assert_pinned("member", "/events/", ahead(days=2), 6)

    def test_past_events(self) -> None:
        self.assert_pinned("member", "/events/?when=past", ago(days=20), 6)

    def test_month(self) -> None:
        start = timezone.localtime(ahead(days=35)).replace(day=3, hour=9)
        self.assert_pinned("lead", f"/events/month/?month={start:%Y-%m}", start, 6)

    def test_event_page(self) -> None:
        event = EventFactory(community=self.community, capacity=500)
        RegistrationFactory(event=event, person=self.member)

        def grow(speakers: int, places: int) -> None:
            for _ in range(speakers):
                SpeakerFactory(event=event, person=UserFactory())
                SpeakerFactory(event=event)
            for _ in range(places):
                RegistrationFactory(event=event)

        grow(1, 2)
        small = self.count("member", event.get_absolute_url())
        grow(4, 198)  # ten speakers, the most an event may have, and 200 places
        assert (small, self.count("member", event.get_absolute_url())) == (9, 9)
