"""The events services called directly, as a command, the demo or the API would: each rule refuses with its kind
and the input it is about, whoever the caller."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from copse.core.refusals import Kind, Refused
from copse.events import services
from copse.events.models import Audience, Event, EventKind, Material, Registration
from copse.events.services import MaterialData, SpeakerData
from copse.testing import CommunityFactory, EventFactory, PersonasTestCase, RegistrationFactory, UserFactory

START = datetime(2027, 2, 10, 14, tzinfo=UTC)


class ServiceTestCase(PersonasTestCase):
    def details(self, **overrides: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "by": self.lead,
            "host": self.community,
            "title": "Forecasting clinic",
            "description": "Bring your questions.",
            "kind": EventKind.WORKSHOP,
            "audience": Audience.COMMUNITY,
            "starts_at": START,
            "ends_at": START + timedelta(hours=1),
            "time_zone": "Europe/London",
            "location": "Room 2.14",
            "online_url": "https://teams.example.org/l/abc",
            "capacity": 20,
            "registration_deadline": None,
            "speakers": [SpeakerData(name="Dr Ada Guest", affiliation="OBR")],
        }
        return values | overrides

    def refused(self, call: Any, **kwargs: Any) -> Refused:
        with self.assertRaises(Refused) as caught:
            call(**kwargs)
        return caught.exception


class ScheduleEventTests(ServiceTestCase):
    def test_a_lead_schedules_an_event_with_its_speakers_in_order(self) -> None:
        speakers = [SpeakerData(name="Dr Ada Guest", affiliation="OBR"), SpeakerData(name="Mo Member")]
        event = services.schedule_event(**self.details(speakers=speakers))
        assert (event.community, event.created_by, event.starts_at) == (self.community, self.lead, START)
        assert [s.name for s in event.speakers.all()] == ["Dr Ada Guest", "Mo Member"]

    def test_the_programme_team_schedules_programme_wide_events_for_all_staff_only(self) -> None:
        admin = self.programme_admin
        event = services.schedule_event(**self.details(by=admin, host=None, audience=Audience.ALL_STAFF))
        assert event.community is None
        refusal = self.refused(services.schedule_event, **self.details(by=admin, host=None))
        assert (refusal.kind, refusal.field) == (Kind.INVALID, "audience")
        assert refusal.message == "A programme-wide event is for all staff."

    def test_who_may_host_is_the_services_rule(self) -> None:
        cases = {
            (self.lead, None): Kind.FORBIDDEN,  # programme-wide is the programme team's
            (self.core, self.community): Kind.FORBIDDEN,
            (self.member, self.community): Kind.FORBIDDEN,
            (self.lead, CommunityFactory(status="retired")): Kind.CONFLICT,
        }
        for (person, host), kind in cases.items():
            with self.subTest(person=person.name, host=str(host)):
                details = self.details(by=person, host=host, audience=Audience.ALL_STAFF)
                refusal = self.refused(services.schedule_event, **details)
                assert (refusal.kind, refusal.field) == (kind, "host")
        assert not Event.objects.exists()

    def test_bad_input_is_refused_with_the_field_it_is_about(self) -> None:
        cases: dict[str, dict[str, Any]] = {
            "ends_at": {"ends_at": START},
            "registration_deadline": {"registration_deadline": START + timedelta(minutes=1)},
            "capacity": {"capacity": 0},
            "online_url": {"online_url": "javascript:alert(1)"},
            "online_url (a right-to-left override)": {
                "online_url": "https://teams.example.org/\u202efdp.exe"
            },
            "title": {"title": "Clinic\r\nX-Injected: yes"},
            "location": {"location": "Room\u202e41.2"},
            "time_zone": {"time_zone": "Mars/Olympus_Mons"},
            "starts_at": {"starts_at": START.replace(tzinfo=None)},
            "kind": {"kind": "party"},
            "speakers": {"speakers": [SpeakerData(name="Ada\nGuest")]},
        }
        for case, overrides in cases.items():
            with self.subTest(case):
                refusal = self.refused(services.schedule_event, **self.details(**overrides))
                assert (refusal.kind, refusal.field) == (Kind.INVALID, case.split(" ")[0])
        assert self.refused(services.schedule_event, **self.details(title="  ")).field == "title"
        too_many = [SpeakerData(name=f"Speaker {n}") for n in range(11)]
        assert (
            "at most 10 speakers"
            in self.refused(services.schedule_event, **self.details(speakers=too_many)).message
        )
        assert not Event.objects.exists()


class UpdateEventTests(ServiceTestCase):
    def setUp(self) -> None:
        self.event = services.schedule_event(
            **self.details(
                starts_at=timezone.now() + timedelta(days=7),
                ends_at=timezone.now() + timedelta(days=7, hours=1),
                capacity=1,
            )
        )

    def edit(self, by: Any = None, **overrides: Any) -> Event:
        values = {name: getattr(self.event, name) for name in services.EDITABLE}
        self.event = services.update_event(self.event, by=by or self.lead, **(values | overrides))
        return self.event

    def test_a_new_title_raises_the_sequence_and_nothing_else_changes(self) -> None:
        event = self.edit(title="Forecasting clinic (room 4)")
        assert (event.title, event.sequence) == ("Forecasting clinic (room 4)", 1)
        assert [s.name for s in event.speakers.all()] == ["Dr Ada Guest"]  # speakers=None keeps them
        assert self.edit().sequence == 1  # no change, no new sequence

    def test_speakers_given_replace_the_speakers(self) -> None:
        event = self.edit(speakers=[SpeakerData(name="Cora Core")])
        assert [s.name for s in event.speakers.all()] == ["Cora Core"]

    def test_capacity_cannot_fall_below_the_people_going(self) -> None:
        services.register(self.event, person=self.member)
        self.edit(capacity=3)
        services.register(self.event, person=self.core)
        refusal = self.refused(self.edit, capacity=1)
        assert (refusal.kind, refusal.field) == (Kind.INVALID, "capacity")
        assert refusal.message == "2 people already have a place, so there must be at least 2 places."

    def test_more_places_go_to_people_waiting(self) -> None:
        services.register(self.event, person=self.member)
        assert services.register(self.event, person=self.core).status == "waitlist"
        self.edit(capacity=2)
        assert Registration.objects.get(person=self.core).status == "going"

    def test_only_whoever_runs_it_may_change_it_and_not_once_cancelled(self) -> None:
        assert self.refused(self.edit, by=self.member).kind == Kind.FORBIDDEN
        services.cancel_event(self.event, reason="Snow.")
        assert self.refused(self.edit).kind == Kind.CONFLICT

    def test_the_same_rules_hold_as_when_scheduling(self) -> None:
        refusal = self.refused(self.edit, ends_at=self.event.starts_at - timedelta(hours=1))
        assert refusal.field == "ends_at"
        assert self.refused(self.edit, title="A\rB").field == "title"


class FollowUpTests(ServiceTestCase):
    def setUp(self) -> None:
        self.event = EventFactory(community=self.community, starts_at=timezone.now() - timedelta(days=2))

    def test_the_summary_and_links_are_saved_with_the_recording_first(self) -> None:
        services.save_follow_up(
            self.event,
            by=self.lead,
            summary="We compared three approaches.",
            recording_url="https://stream.example.org/v/1",
            materials=[
                MaterialData(title="Slides", url="https://example.org/s.pptx", kind=Material.Kind.SLIDES)
            ],
        )
        self.event.refresh_from_db()
        assert self.event.summary == "We compared three approaches."
        assert list(self.event.materials.values_list("kind", "title")) == [
            ("recording", "Recording"),
            ("slides", "Slides"),
        ]
        services.save_follow_up(self.event, by=self.lead, summary="", materials=[])
        assert not self.event.materials.exists()

    def test_bad_links_and_people_who_do_not_run_the_event_are_refused(self) -> None:
        bad = [MaterialData(title="Recording", url="javascript:alert(1)")]
        refusal = self.refused(
            services.save_follow_up, event=self.event, by=self.lead, summary="", materials=bad
        )
        assert (refusal.kind, refusal.field) == (Kind.INVALID, "materials")
        hidden = [MaterialData(title="Slides", url="https://example.org/\u202efdp.exe")]
        assert (
            self.refused(
                services.save_follow_up, event=self.event, by=self.lead, summary="", materials=hidden
            ).field
            == "materials"
        )
        line = [MaterialData(title="Slides\r\nmore", url="https://example.org/s")]
        assert (
            self.refused(
                services.save_follow_up, event=self.event, by=self.lead, summary="", materials=line
            ).field
            == "materials"
        )
        refusal = self.refused(
            services.save_follow_up, event=self.event, by=self.member, summary="x", materials=[]
        )
        assert refusal.kind == Kind.FORBIDDEN
        assert not self.event.materials.exists()


class PlacesTests(ServiceTestCase):
    def test_the_audience_is_the_services_rule_too(self) -> None:
        core_only = EventFactory(community=self.community, audience=Audience.CORE)
        refusal = self.refused(services.register, event=core_only, person=self.member)
        assert refusal.kind == Kind.FORBIDDEN
        assert services.register(core_only, person=self.core).status == "going"
        members_only = EventFactory(community=self.community)
        assert (
            self.refused(services.register, event=members_only, person=UserFactory()).kind == Kind.FORBIDDEN
        )

    def test_wrong_states_are_conflicts(self) -> None:
        event = EventFactory(community=self.community)
        assert (
            self.refused(services.cancel_registration, event=event, person=self.member).kind == Kind.CONFLICT
        )
        services.cancel_event(event, reason="Snow.")
        assert self.refused(services.register, event=event, person=self.member).kind == Kind.CONFLICT
        assert self.refused(services.cancel_event, event=event, reason="Again").kind == Kind.CONFLICT
        past = EventFactory(community=self.community, starts_at=timezone.now() - timedelta(days=1))
        RegistrationFactory(event=past, person=self.member)
        assert (
            self.refused(services.cancel_registration, event=past, person=self.member).kind == Kind.CONFLICT
        )
        future = EventFactory(community=self.community)
        assert (
            self.refused(services.record_attendance, event=future, attended_ids=set()).kind == Kind.CONFLICT
        )

    def test_a_cancellation_needs_a_one_line_reason(self) -> None:
        event = EventFactory(community=self.community)
        for reason in ("  ", "Snow\r\nBCC: everyone"):
            with self.subTest(reason):
                refusal = self.refused(services.cancel_event, event=event, reason=reason)
                assert (refusal.kind, refusal.field) == (Kind.INVALID, "reason")
