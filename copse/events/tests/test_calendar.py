"""Calendar files and feeds: valid RFC 5545 parsed back with icalendar, stable UIDs, secret addresses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import vobject
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from copse.communities.models import Community
from copse.events import services
from copse.events.calendar import calendar_file
from copse.events.models import CalendarToken, Event
from copse.testing import CalendarTokenFactory, PersonasTestCase, UserFactory

LONDON = ZoneInfo("Europe/London")
LINK = "https://example.org/teams/clinic"


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def only_event(calendar: Calendar) -> CalendarEvent:
    [event] = calendar.events
    return event


def instant(moment: date) -> datetime:
    """In UTC: Python compares two times in the same zone by their clock faces alone."""
    assert isinstance(moment, datetime)
    return moment.astimezone(UTC)


def wall_clock(moment: date) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def titles(calendar: Calendar) -> set[str]:
    return {event.summary for event in calendar.events}


class CalendarTestCase(PersonasTestCase):
    def event(self, **kwargs: Any) -> Event:
        # Whole seconds: iCalendar has no smaller unit.
        start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
        defaults: dict[str, Any] = {
            "title": "Forecasting clinic",
            "community": self.community,
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "online_url": LINK,
        }
        return Event.objects.create(**(defaults | kwargs))

    def key_for(self, name: str) -> str:
        return CalendarTokenFactory(person=self.persona(name)).key


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class CalendarFileTests(CalendarTestCase):
    def test_a_calendar_file_is_valid_rfc_5545(self) -> None:
        event = self.event(description="Bring this month's figures.", location="Room 2.14")
        calendar = parse(calendar_file([event], name="Finance events"))
        assert calendar["PRODID"] == "-//Copse//Events//EN"
        assert (calendar["VERSION"], calendar["CALSCALE"], calendar["METHOD"]) == (
            "2.0",
            "GREGORIAN",
            "PUBLISH",
        )
        assert calendar["X-WR-CALNAME"] == "Finance events"
        vevent = only_event(calendar)
        assert vevent.uid == f"event-{event.pk}@copse.example.org"
        assert vevent.sequence == 0 and vevent.status == "CONFIRMED"
        assert {"DTSTAMP", "CREATED", "LAST-MODIFIED"} <= set(vevent)
        assert vevent.summary == "Forecasting clinic"
        assert vevent["LOCATION"] == "Room 2.14 and online"
        page = f"https://copse.example.org/events/{event.pk}/"
        assert vevent["URL"] == page
        assert vevent.description == f"Bring this month's figures.\n\nEvent page: {page}"
        assert (instant(vevent.start), instant(vevent.end)) == (event.starts_at, event.ends_at)

    def test_dtstart_names_a_time_zone_the_calendar_defines(self) -> None:
        event = self.event(time_zone="America/New_York")
        calendar = parse(calendar_file([event], name="Events"))
        vevent = only_event(calendar)
        assert vevent["DTSTART"].params["TZID"] == "America/New_York"
        assert [zone.tz_name for zone in calendar.timezones] == ["America/New_York"]
        assert (
            vevent.start.utcoffset() == event.starts_at.astimezone(ZoneInfo("America/New_York")).utcoffset()
        )

    def test_both_half_past_ones_on_the_night_the_clocks_go_back_keep_their_instant(self) -> None:
        # 25 October 2026: 01:30 in London happens twice, first in summer time (00:30 UTC), then at 01:30 UTC.
        first, second = (datetime(2026, 10, 25, hour, 30, tzinfo=UTC) for hour in (0, 1))
        events = [
            self.event(title="First", starts_at=first, ends_at=first + timedelta(hours=2)),
            self.event(title="Second", starts_at=second, ends_at=second + timedelta(hours=2)),
        ]
        calendar = parse(calendar_file(events, name="Events"))
        before, after = calendar.events
        assert before["DTSTART"].params["TZID"] == "Europe/London"
        assert wall_clock(before.start) == "2026-10-25 01:30"
        # RFC 5545 would read a second local 01:30 as the first, so that one is written in UTC.
        assert "TZID" not in after["DTSTART"].params
        assert (instant(before.start), instant(after.start)) == (first, second)
        assert after["DTEND"].params["TZID"] == "Europe/London"
        assert wall_clock(after.end) == "2026-10-25 03:30"
        assert [zone.tz_name for zone in calendar.timezones] == ["Europe/London"]

    def test_the_night_the_clocks_go_forward_keeps_local_times_and_instants(self) -> None:
        # 29 March 2026: 00:30 GMT to 02:30 BST is one hour.
        start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        event = self.event(starts_at=start, ends_at=start + timedelta(hours=1))
        vevent = only_event(parse(calendar_file([event], name="Events")))
        assert wall_clock(vevent.start) == "2026-03-29 00:30"
        assert wall_clock(vevent.end) == "2026-03-29 02:30"
        assert (instant(vevent.start), instant(vevent.end)) == (event.starts_at, event.ends_at)

    def test_an_unknown_time_zone_name_still_gives_the_right_instant(self) -> None:
        event = self.event(time_zone="Mars/Olympus_Mons")
        vevent = only_event(parse(calendar_file([event], name="Events")))
        assert "TZID" not in vevent["DTSTART"].params and instant(vevent.start) == event.starts_at

    def test_an_empty_calendar_still_holds_a_component(self) -> None:
        calendar = parse(calendar_file([], name="Events"))
        assert calendar.events == [] and [zone.tz_name for zone in calendar.timezones] == ["Europe/London"]

    def test_the_online_link_is_only_there_when_asked_for(self) -> None:
        event = self.event()
        shared = only_event(parse(calendar_file([event], name="Events")))
        personal = only_event(parse(calendar_file([event], name="Events", online_link_for={event.pk})))
        assert LINK not in shared.to_ical().decode() and shared["LOCATION"] == "Online"
        assert f"Join online: {LINK}" in personal.description

    def test_a_cancelled_event_leads_with_the_reason_and_drops_the_link(self) -> None:
        event = services.cancel_event(self.event(), reason="The speaker is unwell.")
        vevent = only_event(parse(calendar_file([event], name="Events", online_link_for={event.pk})))
        assert vevent.status == "CANCELLED" and vevent.sequence == 1
        assert vevent.summary == "Cancelled: Forecasting clinic"
        assert vevent.description.startswith("Cancelled: The speaker is unwell.")
        assert LINK not in vevent.to_ical().decode()


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class EventDownloadTests(CalendarTestCase):
    def test_the_uid_stays_and_the_sequence_rises_when_the_event_is_cancelled(self) -> None:
        event = self.event()
        client = self.client_for("member")
        first, second = (only_event(parse(client.get(f"/events/{event.pk}/event.ics").content)) for _ in "ab")
        assert first.uid == second.uid == f"event-{event.pk}@copse.example.org"
        services.cancel_event(event, reason="The speaker is unwell.")
        cancelled = only_event(parse(client.get(f"/events/{event.pk}/event.ics").content))
        assert cancelled.uid == first.uid
        assert (first.sequence, cancelled.sequence) == (0, 1)
        assert (first.status, cancelled.status) == ("CONFIRMED", "CANCELLED")

    def test_the_file_downloads_as_a_calendar_named_after_the_event(self) -> None:
        event = self.event(title="Year-end: what's next?")
        response = self.client_for("member").get(f"/events/{event.pk}/event.ics")
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="year-end-whats-next.ics"'

    def test_the_online_link_is_in_the_file_only_for_people_going(self) -> None:
        event = self.event()
        client = self.client_for("member")
        assert LINK not in client.get(f"/events/{event.pk}/event.ics").content.decode()
        services.register(event, person=self.member)
        assert LINK in client.get(f"/events/{event.pk}/event.ics").content.decode()

    def test_outsiders_get_404_for_a_private_community_event(self) -> None:
        event = self.event(community=self.private_community)
        assert self.client_for("outsider").get(f"/events/{event.pk}/event.ics").status_code == 404
        assert self.client_for("core").get(f"/events/{event.pk}/event.ics").status_code == 200

    def test_signed_out_people_are_sent_to_sign_in(self) -> None:
        event = self.event()
        response = self.client_for(None).get(f"/events/{event.pk}/event.ics")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class SharedFeedTests(CalendarTestCase):
    def test_signed_out_without_a_key_is_sent_to_sign_in(self) -> None:
        for url in ("/events/programme.ics", "/communities/fbp/events.ics"):
            response = self.client_for(None).get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_calendar_app_reads_the_feed_with_the_key(self) -> None:
        self.event(title="Programme day", community=None)
        key = self.key_for("member")
        response = self.client_for(None).get(f"/events/programme.ics?key={key}")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "private" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert titles(parse(response.content)) == {"Programme day"}

    def test_a_signed_in_person_reads_the_feed_without_a_key(self) -> None:
        self.event(title="Community clinic")
        response = self.client_for("member").get("/communities/fbp/events.ics")
        assert response.status_code == 200 and titles(parse(response.content)) == {"Community clinic"}

    def test_feeds_answer_head_but_not_post(self) -> None:
        key = self.key_for("member")
        assert self.client_for(None).head(f"/events/programme.ics?key={key}").status_code == 200
        assert self.client_for("member").post("/events/programme.ics").status_code == 405

    def test_the_programme_feed_holds_only_programme_wide_events(self) -> None:
        self.event(title="Programme day", community=None)
        self.event(title="Community clinic")
        calendar = parse(self.client_for("member").get("/events/programme.ics").content)
        assert titles(calendar) == {"Programme day"}

    def test_the_community_feed_holds_recent_and_future_events_of_that_community(self) -> None:
        long_ago = timezone.now() - timedelta(days=120)
        last_month = timezone.now() - timedelta(days=30)
        self.event(title="Old clinic", starts_at=long_ago, ends_at=long_ago + timedelta(hours=1))
        self.event(title="Last month", starts_at=last_month, ends_at=last_month + timedelta(hours=1))
        self.event(title="Next week")
        self.event(title="Elsewhere", community=self.open_community)
        calendar = parse(self.client_for("member").get("/communities/fbp/events.ics").content)
        assert titles(calendar) == {"Last month", "Next week"}

    def test_shared_feeds_never_carry_the_online_link(self) -> None:
        event = self.event()
        programme_event = self.event(community=None)
        services.register(event, person=self.member)
        services.register(programme_event, person=self.member)
        key = self.key_for("member")
        client = self.client_for(None)
        for url in (f"/communities/fbp/events.ics?key={key}", f"/events/programme.ics?key={key}"):
            content = client.get(url).content.decode()
            assert "Forecasting clinic" in content and LINK not in content

    def test_a_cancelled_event_stays_in_the_feed_with_the_same_uid_and_a_higher_sequence(self) -> None:
        event = self.event()
        client = self.client_for("member")
        before = only_event(parse(client.get("/communities/fbp/events.ics").content))
        services.cancel_event(event, reason="The speaker is unwell.")
        after = only_event(parse(client.get("/communities/fbp/events.ics").content))
        assert after.uid == before.uid and after.sequence > before.sequence
        assert after.status == "CANCELLED"

    def test_outsider_gets_404_for_a_private_community_feed(self) -> None:
        self.event(community=self.private_community)
        key = self.key_for("outsider")
        assert (
            self.client_for(None).get(f"/communities/budget-circle/events.ics?key={key}").status_code == 404
        )
        assert self.client_for("outsider").get("/communities/budget-circle/events.ics").status_code == 404
        core_key = self.key_for("core")
        response = self.client_for(None).get(f"/communities/budget-circle/events.ics?key={core_key}")
        assert response.status_code == 200 and titles(parse(response.content)) == {"Forecasting clinic"}

    def test_an_unknown_key_gets_404_even_when_signed_in(self) -> None:
        assert self.client_for("member").get("/events/programme.ics?key=nonsense").status_code == 404


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class PersonalFeedTests(CalendarTestCase):
    def feed(self, key: str) -> Calendar:
        response = self.client_for(None).get(f"/events/feed/{key}.ics")
        assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
        return parse(response.content)

    def test_my_events_with_the_link_only_where_i_am_going(self) -> None:
        going = self.event(title="Going", capacity=None)
        full = self.event(title="Full", capacity=1)
        services.register(full, person=self.core)
        services.register(going, person=self.member)
        services.register(full, person=self.member)
        self.event(title="Not registered")
        events = {e.summary: e for e in self.feed(self.key_for("member")).events}
        assert set(events) == {"Going", "Waiting list: Full"}
        assert events["Going"].status == "CONFIRMED" and LINK in events["Going"].description
        waiting = events["Waiting list: Full"]
        assert waiting.status == "TENTATIVE" and LINK not in waiting.to_ical().decode()

    def test_a_cancelled_event_i_was_going_to_shows_as_cancelled(self) -> None:
        event = self.event()
        services.register(event, person=self.member)
        key = self.key_for("member")
        uid = only_event(self.feed(key))["UID"]
        services.cancel_event(event, reason="The speaker is unwell.")
        cancelled = only_event(self.feed(key))
        assert (cancelled.uid, cancelled.status, cancelled.sequence) == (uid, "CANCELLED", 1)

    def test_a_place_i_gave_up_leaves_the_feed(self) -> None:
        event = self.event()
        services.register(event, person=self.member)
        services.cancel_registration(event, person=self.member)
        assert self.feed(self.key_for("member")).events == []

    def test_a_revoked_key_gets_404(self) -> None:
        key = self.key_for("member")
        CalendarToken.objects.filter(key=key).delete()
        assert self.client_for(None).get(f"/events/feed/{key}.ics").status_code == 404

    def test_the_key_of_someone_who_has_left_gets_404(self) -> None:
        leaver = UserFactory(is_active=False)
        key = CalendarTokenFactory(person=leaver).key
        assert self.client_for(None).get(f"/events/feed/{key}.ics").status_code == 404


def count_queries(get: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        get()
    return len(queries)


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class FeedQueryCountTests(CalendarTestCase):
    """Each feed costs the same number of queries for 2 events as for 30."""

    def grow(self, n: int, **kwargs: Any) -> None:
        for i in range(n):
            event = self.event(title=f"Clinic {i}", **kwargs)
            services.register(event, person=self.member)

    def pinned(self, url: str, *, client: Client, **kwargs: Any) -> tuple[int, int]:
        self.grow(2, **kwargs)
        small = count_queries(lambda: client.get(url))
        self.grow(28, **kwargs)
        response = client.get(url)
        assert len(parse(response.content).events) == 30
        return small, count_queries(lambda: client.get(url))

    def test_personal_feed(self) -> None:
        url = f"/events/feed/{self.key_for('member')}.ics"
        assert self.pinned(url, client=self.client_for(None)) == (2, 2)

    def test_programme_feed_with_a_key(self) -> None:
        url = f"/events/programme.ics?key={self.key_for('member')}"
        assert self.pinned(url, client=self.client_for(None), community=None) == (2, 2)

    def test_community_feed_with_a_key(self) -> None:
        url = f"/communities/fbp/events.ics?key={self.key_for('member')}"
        assert self.pinned(url, client=self.client_for(None)) == (3, 3)

    def test_community_feed_signed_in(self) -> None:
        client = self.client_for("member")
        client.get("/communities/fbp/events.ics")  # the time zone middleware fills the session once
        assert self.pinned("/communities/fbp/events.ics", client=client) == (4, 4)


class SubscriptionPageTests(CalendarTestCase):
    def test_looking_at_the_page_does_not_make_a_key(self) -> None:
        response = self.client_for("member").get("/events/calendars/")
        assert response.status_code == 200
        assert "Create calendar addresses" in response.content.decode()
        assert not CalendarToken.objects.exists()

    def test_creating_addresses_lists_each_feed_with_the_key(self) -> None:
        client = self.client_for("member")
        response = client.post("/events/calendars/", {"action": "create"}, follow=True)
        key = CalendarToken.objects.get(person=self.member).key
        html = response.content.decode()
        assert "Your calendar addresses are ready." in html
        assert f"http://testserver/events/feed/{key}.ics" in html
        assert f"http://testserver/events/programme.ics?key={key}" in html
        assert f"http://testserver/communities/fbp/events.ics?key={key}" in html
        assert "budget-circle" not in html
        assert "secret, like a password" in html

    def test_making_new_addresses_stops_the_old_ones(self) -> None:
        old = self.key_for("member")
        response = self.client_for("member").post("/events/calendars/", {"action": "reset"})
        assert response.status_code == 302 and response["Location"] == "/events/calendars/"
        new = CalendarToken.objects.get(person=self.member).key
        assert new != old
        assert self.client_for(None).get(f"/events/feed/{old}.ics").status_code == 404
        assert self.client_for(None).get(f"/events/programme.ics?key={old}").status_code == 404
        assert self.client_for(None).get(f"/events/feed/{new}.ics").status_code == 200

    def test_turning_addresses_off_stops_them_all(self) -> None:
        key = self.key_for("member")
        response = self.client_for("member").post("/events/calendars/", {"action": "revoke"}, follow=True)
        assert "Create calendar addresses" in response.content.decode()
        assert not CalendarToken.objects.exists()
        assert self.client_for(None).get(f"/events/feed/{key}.ics").status_code == 404

    def test_an_unknown_action_is_a_bad_request(self) -> None:
        response = self.client_for("member").post("/events/calendars/", {"action": "share"})
        assert response.status_code == 400 and not CalendarToken.objects.exists()
        assert "Choose what to do with your calendar addresses." in response.content.decode()

    def test_signed_out_people_are_sent_to_sign_in(self) -> None:
        assert self.client_for(None).get("/events/calendars/").status_code == 302


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class SecondParserTests(CalendarTestCase):
    """vobject, a parser independent of the icalendar library that writes the files, reads the right offsets."""

    def read(self, event: Event) -> Any:
        content = self.client_for("member").get(f"/events/{event.pk}/event.ics").content.decode()
        return vobject.readOne(content)

    def test_winter_and_summer_events_in_london_have_their_own_offsets(self) -> None:
        for moment, offset in (
            (datetime(2026, 12, 10, 14, tzinfo=UTC), timedelta(0)),
            (datetime(2027, 7, 10, 13, tzinfo=UTC), timedelta(hours=1)),
        ):
            with self.subTest(moment):
                event = self.event(starts_at=moment, ends_at=moment + timedelta(hours=1))
                vevent = self.read(event).vevent
                assert vevent.dtstart.value.utcoffset() == offset
                assert vevent.dtstart.value == moment and vevent.dtend.value == moment + timedelta(hours=1)

    def test_other_zones_read_right_on_both_sides_of_their_changes(self) -> None:
        for zone in ("America/New_York", "Australia/Sydney", "Asia/Tokyo", "Pacific/Chatham"):
            for month in (1, 7):
                with self.subTest(zone=zone, month=month):
                    moment = datetime(2027, month, 15, 9, tzinfo=ZoneInfo(zone))
                    event = self.event(starts_at=moment, ends_at=moment + timedelta(hours=1), time_zone=zone)
                    assert self.read(event).vevent.dtstart.value.utcoffset() == moment.utcoffset()

    def test_the_time_zone_is_yearly_rules_not_a_list_of_dates(self) -> None:
        winter = datetime(2026, 12, 10, 14, tzinfo=UTC)
        event = self.event(starts_at=winter, ends_at=winter + timedelta(hours=1))
        content = self.client_for("member").get(f"/events/{event.pk}/event.ics").content.decode()
        calendar = parse(content.encode())
        [zone] = calendar.timezones
        observances = {component.name: component for component in zone.subcomponents}
        assert set(observances) == {"STANDARD", "DAYLIGHT"}
        assert observances["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
        assert observances["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
        assert "RDATE" not in content and "only works from" not in content
        assert content.index("BEGIN:VTIMEZONE") < content.index("BEGIN:VEVENT")


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class LineBreaksInNamesTests(CalendarTestCase):
    """Rows written before titles and names were single-line text (or by the admin) still make valid files."""

    def test_a_line_break_in_a_title_or_community_name_is_a_space_in_the_calendar(self) -> None:
        for breaking in ("\r", "\r\n", "\n"):
            with self.subTest(repr(breaking)):
                event = self.event(title=f"Forecasting{breaking}clinic", location=f"Room{breaking}2")
                Community.objects.filter(pk=self.community.pk).update(name=f"Finance{breaking}Partners")
                client = self.client_for("member")
                single = client.get(f"/events/{event.pk}/event.ics")
                feed = client.get("/communities/fbp/events.ics")
                for response in (single, feed):
                    assert response.status_code == 200
                    lines = response.content.split(b"\r\n")
                    assert not any(b"\r" in line or b"\n" in line for line in lines)
                    vevent = next(
                        e for e in parse(response.content).events if e.uid.startswith(f"event-{event.pk}@")
                    )
                    assert (
                        vevent.summary == "Forecasting clinic" and vevent["LOCATION"] == "Room 2 and online"
                    )
                assert parse(single.content)["X-WR-CALNAME"] == "Forecasting clinic"
                assert parse(feed.content)["X-WR-CALNAME"] == "Finance Partners events"
                assert vobject.readOne(feed.content.decode()).vevent.summary.value == "Forecasting clinic"
                event.delete()
