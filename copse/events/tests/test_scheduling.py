"""Leads and the programme team schedule, change and cancel events; afterwards they record attendance and add the
recording. People with a place are told of changes, cancellations and places freed for them."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from copse.accounts.models import Person
from copse.core.refusals import Refused
from copse.core.text import LINE_MESSAGE
from copse.events import services
from copse.events.models import Audience, Event, Registration, Speaker
from copse.notifications.models import Notification
from copse.testing import CommunityFactory, PersonasTestCase, UserFactory


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Forecasting clinic",
        "host": "",
        "kind": "workshop",
        "audience": "community",
        "description": "Bring your **forecast** questions.",
        "starts_at": "2027-02-10T14:00",
        "ends_at": "2027-02-10T15:30",
        "time_zone": "Europe/London",
        "location": "Room 2.14, Library",
        "online_url": "https://teams.example.org/l/meetup-join/abc",
        "capacity": "20",
        "registration_deadline": "",
        "speakers-TOTAL_FORMS": "2",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "10",
        "speakers-0-name": "Dr Ada Guest",
        "speakers-0-affiliation": "Office for Budget Responsibility",
        "speakers-0-bio": "Forecasts public finances.",
        "speakers-1-name": "",
        "speakers-1-affiliation": "",
        "speakers-1-bio": "",
    }
    return data | overrides


def unchanged(event: Event) -> dict[str, Any]:
    """An event's editable fields as they are: what `update_event` takes."""
    return {name: getattr(event, name) for name in services.EDITABLE}


class SchedulingTests(PersonasTestCase):
    def schedule(self, persona: str = "lead", **overrides: Any) -> Any:
        data = form_data(host=str(self.community.pk)) | overrides
        return self.client_for(persona).post("/events/new/", data)

    def test_a_lead_schedules_an_event_with_an_external_speaker(self) -> None:
        response = self.schedule()
        event = Event.objects.get()
        assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
        assert event.community == self.community and event.created_by == self.lead
        assert event.starts_at == datetime(2027, 2, 10, 14, 0, tzinfo=UTC)  # GMT in February
        assert [s.affiliation for s in event.speakers.all()] == ["Office for Budget Responsibility"]
        page = self.client_for("member").get(event.get_absolute_url()).content.decode()
        assert "<strong>forecast</strong>" in page and "Dr Ada Guest" in page

    def test_a_colleague_speaker_is_found_by_their_email_and_shown_with_their_face(self) -> None:
        response = self.schedule(**{"speakers-1-name": "Cora Core", "speakers-1-email": "CORE@example.org"})
        assert response.status_code == 302
        event = Event.objects.get()
        assert [s.person_id for s in event.speakers.all()] == [None, self.core.pk]
        edit = self.client_for("lead").get(f"/events/{event.pk}/edit/").content.decode()
        assert 'value="core@example.org"' in edit

    def test_a_speaker_email_that_is_nobodys_is_refused_beside_the_field(self) -> None:
        response = self.schedule(**{"speakers-0-email": "nobody@example.org"})
        assert response.status_code == 400
        assert "No one here has that email address." in response.content.decode()
        assert not Event.objects.exists()

    def test_times_are_read_in_the_events_time_zone(self) -> None:
        self.schedule(time_zone="America/New_York", starts_at="2027-07-01T09:00", ends_at="2027-07-01T10:00")
        assert Event.objects.get().starts_at == datetime(2027, 7, 1, 13, 0, tzinfo=UTC)

    def test_the_programme_team_schedules_programme_wide_events_for_all_staff(self) -> None:
        response = self.schedule("programme_admin", host="", audience="all_staff", kind="live_interview")
        assert response.status_code == 302
        assert Event.objects.get().community is None

    def test_a_programme_wide_event_must_be_for_all_staff(self) -> None:
        response = self.schedule("programme_admin", host="", audience="core")
        assert response.status_code == 400
        assert "A programme-wide event is for all staff." in response.content.decode()
        assert not Event.objects.exists()

    def test_leads_cannot_schedule_programme_wide_or_in_communities_they_do_not_lead(self) -> None:
        assert self.schedule(host="").status_code == 400
        assert self.schedule("core").status_code == 403
        assert self.schedule("member").status_code == 403
        assert not Event.objects.exists()

    def test_the_host_can_be_chosen_from_the_community_page_link(self) -> None:
        page = self.client_for("lead").get(f"/events/new/?community={self.open_community.slug}")
        assert f'<option value="{self.open_community.pk}" selected>' in page.content.decode()

    def test_bad_input_is_refused_beside_the_field_and_nothing_is_written(self) -> None:
        cases = {
            "The end must be after the start.": {"ends_at": "2027-02-10T13:00"},
            "Ensure this value is greater than or equal to 1.": {"capacity": "0"},
            "Enter a web address that starts with https://.": {"online_url": "javascript:alert(1)"},
            "Registration must close before the event starts.": {"registration_deadline": "2027-02-11T09:00"},
            "Enter a valid date/time.": {"starts_at": "next Tuesday"},
            "Enter a date between 1900 and 2999.": {
                "starts_at": "0001-01-01T00:00",
                "time_zone": "Asia/Tokyo",
            },
            LINE_MESSAGE: {"title": "Forecasting\r\nclinic"},
        }
        for message, overrides in cases.items():
            with self.subTest(message):
                response = self.schedule(**overrides)
                assert response.status_code == 400
                assert message in response.content.decode()
                assert 'aria-invalid="true"' in response.content.decode()
        assert self.schedule(capacity="-3").status_code == 400
        assert not Event.objects.exists() and not Speaker.objects.exists()

    def test_the_form_opens_without_an_error_summary(self) -> None:
        page = self.client_for("lead").get("/events/new/").content.decode()
        assert "There is a problem" not in page and 'class="error-summary"' not in page
        assert "There is a problem" in self.schedule(title="").content.decode()

    def test_a_refusal_from_the_service_is_shown_beside_its_field(self) -> None:
        response = self.schedule("programme_admin", host="", audience="community")
        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem" in html and 'aria-invalid="true"' in html
        assert "A programme-wide event is for all staff." in html

    def test_a_time_the_clocks_skip_is_refused(self) -> None:
        # The clocks go forward at 01:00 on 28 March 2027 in Europe/London: 01:30 never happens.
        response = self.schedule(starts_at="2027-03-28T01:30", ends_at="2027-03-28T03:00")
        assert response.status_code == 400
        assert "There is no 01:30 on 28 March 2027 in Europe/London" in response.content.decode()
        assert not Event.objects.exists()

    def test_a_time_that_happens_twice_means_the_first(self) -> None:
        # The clocks go back at 02:00 on 31 October 2027: 01:30 happens in BST and again in GMT.
        assert self.schedule(starts_at="2027-10-31T01:30", ends_at="2027-10-31T03:00").status_code == 302
        event = Event.objects.get()
        assert event.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
        assert event.ends_at - event.starts_at == timedelta(hours=2, minutes=30)


class ChangingEventsTests(PersonasTestCase):
    def setUp(self) -> None:
        start = timezone.now() + timedelta(days=7)
        self.event = Event.objects.create(
            title="Forecasting clinic",
            community=self.community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=1,
            online_url="https://teams.example.org/x",
        )
        services.register(self.event, person=self.member)
        services.register(self.event, person=self.core)  # waiting

    def edit(self, **overrides: Any) -> Any:
        page = self.client_for("lead").get(f"/events/{self.event.pk}/edit/")
        form = page.context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        for name in ("starts_at", "ends_at"):
            data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
        data |= {
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
            "speakers-MIN_NUM_FORMS": "0",
            "speakers-MAX_NUM_FORMS": "10",
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self.client_for("lead").post(f"/events/{self.event.pk}/edit/", data | overrides)

    def test_a_new_time_raises_the_sequence_and_tells_everyone_with_a_place(self) -> None:
        later = (self.event.starts_at + timedelta(days=1)).astimezone(self.event_zone())
        response = self.edit(
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        )
        assert response.status_code == 302
        self.event.refresh_from_db()
        assert self.event.sequence == 1
        told = set(Notification.objects.filter(kind="event_updates").values_list("recipient", flat=True))
        assert told == {self.member.pk, self.core.pk}

    def event_zone(self) -> Any:
        import zoneinfo

        return zoneinfo.ZoneInfo(self.event.time_zone)

    def test_more_places_go_to_people_waiting_and_tell_them(self) -> None:
        assert self.edit(capacity="2").status_code == 302
        assert Registration.objects.get(person=self.core).status == "going"
        notification = Notification.objects.get(recipient=self.core)
        assert notification.title.startswith("A place is free for you")
        self.event.refresh_from_db()
        assert self.event.sequence == 0  # nothing a calendar shows changed

    def test_capacity_cannot_fall_below_the_people_going(self) -> None:
        Event.objects.filter(pk=self.event.pk).update(capacity=5)
        services.register(self.event, person=self.lead)
        response = self.edit(capacity="1")
        assert response.status_code == 400
        assert "2 people already have a place" in response.content.decode()
        self.event.refresh_from_db()
        assert self.event.capacity == 5

    def test_a_freed_place_is_announced_to_the_person_promoted(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.cancel_registration(self.event, person=self.member)
        assert Notification.objects.get(recipient=self.core).kind == "event_updates"
        assert [m.to for m in mail.outbox] == [[self.core.email]]

    def test_the_edit_and_follow_up_forms_open_without_an_error_summary(self) -> None:
        for url in (f"/events/{self.event.pk}/edit/", f"/events/{self.event.pk}/follow-up/"):
            with self.subTest(url):
                response = self.client_for("lead").get(url)
                assert response.status_code == 200
                assert "There is a problem" not in response.content.decode()

    def test_cancelling_needs_a_reason_and_nothing_changes_without_one(self) -> None:
        response = self.client_for("lead").post(f"/events/{self.event.pk}/cancel/", {"reason": "  "})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
        self.event.refresh_from_db()
        assert not self.event.is_cancelled and not Notification.objects.exists()

    def test_cancelling_tells_everyone_going_or_waiting_and_the_page_says_why(self) -> None:
        leaver = UserFactory()
        Registration.objects.create(event=self.event, person=leaver, status="cancelled")
        page = self.client_for("lead").get(f"/events/{self.event.pk}/cancel/").content.decode()
        assert "2 people have a place or are on the waiting list" in page
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client_for("lead").post(
                f"/events/{self.event.pk}/cancel/", {"reason": "The speaker is unwell."}, follow=True
            )
        assert "The reason: The speaker is unwell." in response.content.decode()
        told = set(Notification.objects.filter(kind="event_updates").values_list("recipient", flat=True))
        assert told == {self.member.pk, self.core.pk}
        assert {address for m in mail.outbox for address in m.to} == {self.member.email, self.core.email}
        assert all("Cancelled: “Forecasting clinic”" in m.subject for m in mail.outbox)
        self.event.refresh_from_db()
        assert self.event.sequence == 1
        assert self.client_for("lead").get(f"/events/{self.event.pk}/cancel/").status_code == 302

    def test_cancelling_costs_the_same_queries_for_5_and_500_people(self) -> None:
        def cost(people: int) -> int:
            start = timezone.now() + timedelta(days=3)
            event = Event.objects.create(
                title="Big", community=self.community, starts_at=start, ends_at=start + timedelta(hours=1)
            )
            users = UserFactory.create_batch(people)
            Registration.objects.bulk_create(
                Registration(event=event, person=u, status="going") for u in users
            )
            client = self.client_for("lead")
            client.get("/")
            with self.captureOnCommitCallbacks(execute=False), CaptureQueriesContext(connection) as queries:
                response = client.post(f"/events/{event.pk}/cancel/", {"reason": "Snow."})
            assert response.status_code == 302
            return len(queries)

        assert cost(5) == cost(500)

    def test_only_leads_and_the_programme_team_change_or_cancel(self) -> None:
        for persona in ("core", "member", "outsider"):
            with self.subTest(persona):
                client = self.client_for(persona)
                assert client.post(f"/events/{self.event.pk}/cancel/", {"reason": "x"}).status_code == 403
                assert client.get(f"/events/{self.event.pk}/edit/").status_code == 403
        self.event.refresh_from_db()
        assert not self.event.is_cancelled


class AfterTheEventTests(PersonasTestCase):
    def setUp(self) -> None:
        start = timezone.now() - timedelta(days=2)
        self.event = Event.objects.create(
            title="Year-end lessons",
            community=self.community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            audience=Audience.COMMUNITY,
        )
        self.going = [
            Registration.objects.create(event=self.event, person=p, status="going")
            for p in (self.member, self.core, self.lead)
        ]

    def test_the_lead_ticks_who_came(self) -> None:
        came = [str(self.going[0].pk), str(self.going[2].pk)]
        response = self.client_for("lead").post(f"/events/{self.event.pk}/attendance/", {"attended": came})
        assert response.status_code == 302
        assert set(Registration.objects.filter(attended=True).values_list("person", flat=True)) == {
            self.member.pk,
            self.lead.pk,
        }
        self.client_for("lead").post(f"/events/{self.event.pk}/attendance/", {"attended": came[:1]})
        assert Registration.objects.filter(attended=True).count() == 1

    def test_attendance_waits_for_the_event_to_start(self) -> None:
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=1)
        )
        page = self.client_for("lead").get(f"/events/{self.event.pk}/attendance/").content.decode()
        assert "becomes a checklist" in page and "Mo Member" in page
        response = self.client_for("lead").post(
            f"/events/{self.event.pk}/attendance/", {"attended": [str(self.going[0].pk)]}, follow=True
        )
        assert "Attendance can be recorded once the event has started." in response.content.decode()
        assert not Registration.objects.filter(attended=True).exists()

    def test_someone_who_had_no_place_cannot_be_ticked(self) -> None:
        stranger = Registration.objects.create(event=self.event, person=UserFactory(), status="cancelled")
        response = self.client_for("lead").post(
            f"/events/{self.event.pk}/attendance/", {"attended": [str(stranger.pk)]}
        )
        assert response.status_code == 400
        assert not Registration.objects.filter(attended=True).exists()

    def test_the_attendance_page_costs_the_same_for_3_and_60_people(self) -> None:
        def cost() -> int:
            client = self.client_for("lead")
            client.get("/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/events/{self.event.pk}/attendance/").status_code == 200
            return len(queries)

        small = cost()
        Registration.objects.bulk_create(
            Registration(event=self.event, person=u, status="going") for u in UserFactory.create_batch(57)
        )
        assert cost() == small

    def test_the_recording_is_offered_on_the_event_page(self) -> None:
        data = {
            "summary": "We compared **three** approaches.",
            "materials-TOTAL_FORMS": "2",
            "materials-INITIAL_FORMS": "0",
            "materials-MIN_NUM_FORMS": "0",
            "materials-MAX_NUM_FORMS": "10",
            "materials-0-kind": "recording",
            "materials-0-title": "Recording on Stream",
            "materials-0-url": "https://stream.example.org/v/123",
            "materials-1-kind": "slides",
            "materials-1-title": "",
            "materials-1-url": "",
        }
        assert self.client_for("lead").post(f"/events/{self.event.pk}/follow-up/", data).status_code == 302
        page = self.client_for("member").get(self.event.get_absolute_url()).content.decode()
        assert "Watch the recording" in page and "https://stream.example.org/v/123" in page
        assert "<strong>three</strong>" in page

    def test_a_material_link_must_be_a_web_address(self) -> None:
        data = {
            "summary": "",
            "materials-TOTAL_FORMS": "1",
            "materials-INITIAL_FORMS": "0",
            "materials-MIN_NUM_FORMS": "0",
            "materials-MAX_NUM_FORMS": "10",
            "materials-0-kind": "recording",
            "materials-0-title": "Recording",
            "materials-0-url": "javascript:alert(1)",
        }
        response = self.client_for("lead").post(f"/events/{self.event.pk}/follow-up/", data)
        assert response.status_code == 400
        assert not self.event.materials.exists()


class MonthAndFilterTests(PersonasTestCase):
    def make(self, title: str, start: datetime, **kwargs: Any) -> Event:
        return Event.objects.create(
            title=title, starts_at=start, ends_at=start + timedelta(hours=1), **({"community": None} | kwargs)
        )

    def test_an_event_sits_on_the_day_it_starts_in_the_persons_time_zone(self) -> None:
        # 00:30 on 1 December in London is still 30 November in New York.
        self.make("Winter welcome", datetime(2026, 12, 1, 0, 30, tzinfo=UTC), audience="all_staff")
        november = self.client_for("member").get("/events/month/?month=2026-11").content.decode()
        assert "Winter welcome" not in november
        Person.objects.filter(user=self.member).update(timezone="America/New_York")
        november = self.client_for("member").get("/events/month/?month=2026-11").content.decode()
        assert "7:30pm Winter welcome" in strip_tags(november)

    def test_a_malformed_month_shows_this_month(self) -> None:
        for value in (
            "2026-13",
            "nonsense",
            "99999-01",
            "2026-1-1",
            "0001-01",
            "9999-12",
            "-5-3",
            "2026-99999999999999999999",
            "2026-00",
            "２０２６-０１",
        ):
            with self.subTest(value):
                response = self.client_for("member").get(f"/events/month/?month={value}")
                assert response.status_code == 200
                today = timezone.localdate()
                assert f"Events in {today:%B %Y}" in response.content.decode()

    def test_filters_by_community_kind_and_scope(self) -> None:
        soon = timezone.now() + timedelta(days=2)
        self.make("Programme town hall", soon, audience="all_staff", kind="meetup")
        self.make("FBP clinic", soon, community=self.community, kind="workshop")
        self.make("Spreadsheet tips", soon, community=self.open_community, kind="webinar")

        def titles(query: str) -> set[str]:
            response = self.client_for("member").get(f"/events/?{query}")
            return {e.title for e in response.context["page"].rows}

        everything = {"Programme town hall", "FBP clinic", "Spreadsheet tips"}
        assert titles("") == everything
        assert titles("show=mine") == {"Programme town hall", "FBP clinic"}
        assert titles("show=programme") == {"Programme town hall"}
        assert titles("community=spreadsheets") == {"Spreadsheet tips"}
        assert titles("kind=workshop") == {"FBP clinic"}
        assert titles("community=budget-circle") == everything  # a community they cannot see filters nothing
        assert titles("kind=<script>") == everything
        assert titles("kind=<script>&community=fbp") == {"FBP clinic"}  # the valid filter still applies

    def test_the_month_costs_the_same_for_2_and_50_events(self) -> None:
        start = datetime(2027, 3, 3, 10, tzinfo=UTC)

        def cost() -> int:
            client = self.client_for("member")
            client.get("/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/events/month/?month=2027-03").status_code == 200
            return len(queries)

        for day in range(2):
            self.make(f"Event {day}", start + timedelta(days=day), community=self.community)
        small = cost()
        for day in range(48):
            self.make(f"More {day}", start + timedelta(hours=day * 7), community=self.community)
        assert (small, cost()) == (6, 6)


class RefusalsTests(PersonasTestCase):
    """Things the pages do not offer are refused when posted anyway, and odd addresses are not errors."""

    def make(self, days: float, **kwargs: Any) -> Event:
        start = timezone.now() + timedelta(days=days)
        return Event.objects.create(
            title="T",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            **({"community": self.community} | kwargs),
        )

    def test_a_past_event_cannot_be_cancelled(self) -> None:
        event = self.make(-2)
        response = self.client_for("lead").post(f"/events/{event.pk}/cancel/", {"reason": "Too late"})
        assert response.status_code == 302
        event.refresh_from_db()
        assert not event.is_cancelled
        with self.assertRaises(Refused):
            services.cancel_event(event, reason="Too late")

    def test_a_place_at_a_past_or_cancelled_event_stays_as_it_was(self) -> None:
        for event in (self.make(-2), self.make(3, status=Event.Status.CANCELLED)):
            Registration.objects.create(event=event, person=self.member, status="going", attended=True)
            response = self.client_for("member").post(f"/events/{event.pk}/cancel-registration/", follow=True)
            assert "your place stays as it was" in response.content.decode()
            assert Registration.objects.get(event=event, person=self.member).status == "going"

    def test_a_closed_community_takes_no_registrations(self) -> None:
        retired = CommunityFactory(name="Old Network", status="retired", visibility="open")
        event = self.make(3, community=retired)
        response = self.client_for("programme_admin").post(f"/events/{event.pk}/register/", follow=True)
        assert "Old Network is not running" in response.content.decode()
        assert not Registration.objects.exists()

    def test_moving_an_event_to_another_time_zone_tells_people_with_a_place(self) -> None:
        event = self.make(7)
        Registration.objects.create(event=event, person=self.member, status="going")
        form = self.client_for("lead").get(f"/events/{event.pk}/edit/").context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data["starts_at"] = data["starts_at"].strftime("%Y-%m-%dT%H:%M")
        data["ends_at"] = data["ends_at"].strftime("%Y-%m-%dT%H:%M")
        data |= {"time_zone": "Asia/Tokyo", "speakers-TOTAL_FORMS": "0", "speakers-INITIAL_FORMS": "0"}
        with self.captureOnCommitCallbacks(execute=True):
            assert self.client_for("lead").post(f"/events/{event.pk}/edit/", data).status_code == 302
        assert Notification.objects.get(recipient=self.member).title.startswith("The time or place")

    def test_an_unknown_time_zone_is_refused_beside_the_field(self) -> None:
        data = form_data(host=str(self.community.pk), time_zone="Not/AZone")
        response = self.client_for("lead").post("/events/new/", data)
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()
        assert not Event.objects.exists()

    def test_odd_addresses_are_answered_without_an_error(self) -> None:
        client = self.client_for("lead")
        for url, status in {
            "/events/?after=0001-01-01 00:00:00%2B05:00|1": 200,
            "/events/?when=past&after=9999-12-31 23:59:59-05:00|1": 200,
            "/events/?after=2026-01-01|1": 200,
            "/events/feed/%00.ics": 400,
            "/events/programme.ics?key=%00": 400,
            "/events/new/?community=%00": 400,
        }.items():
            with self.subTest(url):
                assert client.get(url).status_code == status


class SavingOnlyWhatTheFormEditsTests(PersonasTestCase):
    def setUp(self) -> None:
        start = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
        self.event = Event.objects.create(
            title="Circle meeting",
            community=self.private_community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )

    def edit_data(self, **overrides: Any) -> dict[str, Any]:
        form = self.client_for("lead").get(f"/events/{self.event.pk}/edit/").context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        for name in ("starts_at", "ends_at"):
            data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
        return data | {"speakers-TOTAL_FORMS": "0", "speakers-INITIAL_FORMS": "0"} | overrides

    def test_people_who_left_the_private_community_are_not_told_of_the_cancellation(self) -> None:
        leaver = UserFactory()
        Registration.objects.create(event=self.event, person=self.core, status="going")
        Registration.objects.create(event=self.event, person=leaver, status="going")  # never a member now
        with self.captureOnCommitCallbacks(execute=True):
            services.cancel_event(self.event, reason="Room flooded.")
        assert set(Notification.objects.values_list("recipient", flat=True)) == {self.core.pk}

    def test_an_edit_keeps_a_reminder_claimed_meanwhile_and_a_summary_written_meanwhile(self) -> None:
        stale = Event.objects.get(pk=self.event.pk)  # as the edit page loaded it
        sent = timezone.now()
        Event.objects.filter(pk=self.event.pk).update(reminder_sent_at=sent, summary="Notes")  # meanwhile
        services.update_event(
            stale, by=self.lead, **(unchanged(stale) | {"title": "Circle meeting (room 4)"})
        )
        self.event.refresh_from_db()
        assert (self.event.title, self.event.reminder_sent_at, self.event.summary) == (
            "Circle meeting (room 4)",
            sent,
            "Notes",
        )

    def test_a_new_start_time_gets_a_new_reminder(self) -> None:
        later = self.event.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/London")) + timedelta(days=1)
        data = self.edit_data(
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        )
        Event.objects.filter(pk=self.event.pk).update(reminder_sent_at=timezone.now())
        assert self.client_for("lead").post(f"/events/{self.event.pk}/edit/", data).status_code == 302
        self.event.refresh_from_db()
        assert self.event.reminder_sent_at is None

    def test_saving_the_summary_does_not_undo_a_cancellation_made_meanwhile(self) -> None:
        stale = Event.objects.get(pk=self.event.pk)  # as the follow-up page loaded it
        Event.objects.filter(pk=self.event.pk).update(status=Event.Status.CANCELLED, cancel_reason="Snow")
        services.save_follow_up(stale, by=self.lead, summary="What we covered.", materials=[])
        self.event.refresh_from_db()
        assert (self.event.status, self.event.summary) == ("cancelled", "What we covered.")
