"""The demo's events: what each persona should find, and data that keeps the events app's own rules."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.test import TestCase
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo import build_demo
from copse.communities.demo_data import LEAD, LEAD_COMMUNITY, MEMBER
from copse.communities.models import Community, Membership, Role, Status
from copse.events.demo import extend_demo
from copse.events.models import Audience, Event, EventKind, Material, Registration
from copse.events.permissions import can_manage_event, can_register

STAFF = 300
SEED = 2026
LONDON = ZoneInfo("Europe/London")


def going(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.GOING).count()


def build_and_roll_back(*, seed: int = SEED) -> list[tuple[str, str, int]]:
    with transaction.atomic():
        build_demo(seed=seed, staff=STAFF)
        extend_demo(seed=seed)
        events = list(
            Event.objects.annotate(people=Count("registrations"))
            .order_by("starts_at", "title")
            .values_list("title", "community__name", "people")
        )
        transaction.set_rollback(True)
    return events


class DemoEventsTests(TestCase):
    summary: str

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo(staff=STAFF)
        cls.summary = extend_demo(seed=SEED)

    def test_the_past_live_interview_has_two_external_guests_a_recording_and_a_summary(self) -> None:
        interview = Event.objects.get(kind=EventKind.LIVE_INTERVIEW)
        speakers = list(interview.speakers.all())

        assert interview.community is None and interview.audience == Audience.ALL_STAFF
        assert interview.ends_at < timezone.now()
        assert len(speakers) == 2
        assert all(speaker.affiliation and speaker.bio for speaker in speakers)
        assert not User.objects.filter(name__in=[speaker.name for speaker in speakers]).exists()
        recording = interview.materials.get(kind=Material.Kind.RECORDING)
        assert recording.url.startswith("https://media.example.ac.uk/")
        assert interview.summary
        assert interview.registrations.filter(attended=True).count() > going(interview) / 2

    def test_the_cancelled_celebration_says_why_and_keeps_who_was_registered(self) -> None:
        celebration = Event.objects.get(kind=EventKind.CELEBRATION)

        assert celebration.community is None and celebration.is_cancelled
        assert celebration.cancel_reason and celebration.sequence >= 1
        assert celebration.cancelled_at is not None and celebration.cancelled_at < timezone.now()
        assert going(celebration) > 10
        latest = celebration.registrations.aggregate(latest=Max("registered_at"))["latest"]
        assert latest <= celebration.cancelled_at

    def test_a_year_of_past_community_events_with_most_people_going_marked_as_attended(self) -> None:
        now = timezone.now()
        past = Event.objects.filter(community__isnull=False, ends_at__lt=now)
        span = past.aggregate(first=Min("starts_at"), last=Max("starts_at"))
        hosting = past.values("community").distinct().count()
        attended = Registration.objects.filter(event__in=past, attended=True).count()
        places = Registration.objects.filter(event__in=past, status=Registration.Status.GOING).count()

        assert span["first"] < now - timedelta(days=300)
        assert span["last"] > now - timedelta(days=45)
        assert hosting == Community.objects.filter(status=Status.ACTIVE).count()
        assert 0.55 <= attended / places <= 0.85
        assert past.exclude(summary="").count() >= 10
        kinds = set(Material.objects.filter(event__in=past).values_list("kind", flat=True))
        assert {Material.Kind.RECORDING, Material.Kind.SLIDES} <= kinds

    def test_only_people_going_to_past_events_are_marked_as_attended(self) -> None:
        attended = Registration.objects.filter(attended=True)

        assert not attended.exclude(status=Registration.Status.GOING).exists()
        assert not attended.filter(event__ends_at__gt=timezone.now()).exists()

    def test_one_upcoming_event_is_full_with_a_waiting_list_and_none_is_overbooked(self) -> None:
        events = Event.objects.with_counts().filter(capacity__isnull=False)

        full = [event for event in events if event.going_count >= event.capacity]
        assert not [event for event in events if event.going_count > event.capacity]
        assert len(full) == 1
        assert full[0].starts_at > timezone.now()
        assert 1 <= full[0].waitlist_count <= 5
        assert (
            not Registration.objects.filter(status=Registration.Status.WAITLIST)
            .exclude(event=full[0])
            .exists()
        )

    def test_the_member_persona_has_a_place_at_an_upcoming_event_of_the_leads_community(self) -> None:
        assert Registration.objects.filter(
            person__email=MEMBER.email,
            status=Registration.Status.GOING,
            event__community__name=LEAD_COMMUNITY,
            event__starts_at__gt=timezone.now(),
        ).exists()

    def test_the_lead_has_a_past_event_whose_attendance_is_not_yet_recorded(self) -> None:
        lead = User.objects.get(email=LEAD.email)
        waiting = (
            Event.objects.filter(community__name=LEAD_COMMUNITY, ends_at__lt=timezone.now())
            .annotate(attended=Count("registrations", filter=Q(registrations__attended=True)))
            .filter(attended=0)
        )

        assert waiting.count() == 1
        event = waiting.get()
        assert going(event) > 0 and not event.summary
        assert can_manage_event(lead, event)

    def test_one_upcoming_programme_wide_event_is_open_to_all_staff(self) -> None:
        upcoming = Event.objects.filter(
            community__isnull=True, status=Event.Status.SCHEDULED, starts_at__gt=timezone.now()
        )

        assert upcoming.count() == 1
        assert upcoming.get().audience == Audience.ALL_STAFF
        assert going(upcoming.get()) > 0

    def test_registrations_are_only_for_people_the_audience_allows(self) -> None:
        member = Membership.objects.current().filter(
            community=OuterRef("event__community"), person=OuterRef("person")
        )
        core = member.filter(role__in=[Role.LEAD, Role.CORE])

        registrations = Registration.objects.all()
        assert not registrations.filter(event__audience=Audience.COMMUNITY).exclude(Exists(member)).exists()
        assert not registrations.filter(event__audience=Audience.CORE).exclude(Exists(core)).exists()
        assert not registrations.filter(person__is_active=False).exists()
        for registration in registrations.select_related("event__community", "person").order_by("?")[:60]:
            assert can_register(registration.person, registration.event), registration

    def test_times_are_whole_or_half_hours_in_london_and_links_are_https(self) -> None:
        for event in Event.objects.all():
            starts, ends = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
            assert starts.minute in {0, 30} and starts.second == 0, event
            assert ends > starts and ends.minute % 15 == 0, event
            assert event.time_zone == "Europe/London"
            assert event.registration_deadline is None or event.registration_deadline < event.starts_at
            assert event.online_url == "" or event.online_url.startswith("https://teams.example.ac.uk/l/")
            assert event.location or event.online_url, event
        assert not Material.objects.exclude(url__startswith="https://").exists()

    def test_past_events_count_as_reminded_and_upcoming_ones_do_not(self) -> None:
        now = timezone.now()

        assert not Event.objects.filter(starts_at__lt=now, reminder_sent_at__isnull=True).exists()
        assert not Event.objects.filter(starts_at__gt=now, reminder_sent_at__isnull=False).exists()

    def test_registrations_come_after_the_event_was_announced_and_before_it_started(self) -> None:
        assert not Registration.objects.filter(
            Q(registered_at__lt=F("event__created_at")) | Q(registered_at__gt=F("event__starts_at"))
        ).exists()

    def test_summary_gives_the_counts(self) -> None:
        now = timezone.now()
        past = Event.objects.filter(starts_at__lt=now).count()
        assert self.summary == (
            f"Added {Event.objects.count()} events ({past} past, {Event.objects.count() - past} upcoming, "
            f"3 programme-wide) with {Registration.objects.count():,} registrations."
        )


class DeterministicDemoEventsTests(TestCase):
    def test_the_same_seed_gives_the_same_events(self) -> None:
        first = build_and_roll_back()

        assert first == build_and_roll_back()
        assert len(first) > 100

    def test_another_seed_gives_other_events(self) -> None:
        assert build_and_roll_back(seed=1) != build_and_roll_back(seed=2)


class SeedDemoWithEventsTests(TestCase):
    def test_the_command_adds_events_and_says_so(self) -> None:
        out = io.StringIO()

        call_command("seed_demo", staff=150, stdout=out, stderr=io.StringIO())

        assert f"Added {Event.objects.count()} events (" in out.getvalue()
        assert Event.objects.filter(kind=EventKind.LIVE_INTERVIEW).exists()
