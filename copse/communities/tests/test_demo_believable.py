"""The demo reads like a real organisation: people are in communities their job fits, questions are answered by
people whose job it is, people write in working hours, and each persona is told what the demo did."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.db.models import Q
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from copse.accounts.models import Person, User
from copse.communities.demo import MIN_HEART, build_demo
from copse.communities.demo_data import (
    ADMIN,
    COMMUNITIES,
    FINANCE,
    FITS,
    JOB_FAMILIES,
    LEAD,
    LEAD_COMMUNITY,
    MEMBER,
    NEWCOMER,
    OPERATOR,
    OPS,
    ORGANISATION,
    PROPOSED,
    RETIRED,
)
from copse.communities.models import Community, JoinRequest, Membership, Role
from copse.core.demo_history import AFTER_HOURS_SHARE, LONDON, at_work, awake, in_working_hours
from copse.discussions.demo import extend_demo as extend_discussions
from copse.discussions.demo_data import MEMBER_QUESTION, MENTION
from copse.discussions.models import Post, Thread
from copse.events.demo import extend_demo as extend_events
from copse.events.models import Event, EventKind, Registration
from copse.notifications.models import Notification

STAFF = 300
SEED = 2026


def how_they_fit(membership: Membership) -> str | None:
    person = membership.person.person
    return FITS[membership.community.name].of(
        department=person.department.name, title=person.job_title, family=person.job_family.name
    )


def memberships() -> list[Membership]:
    return list(
        Membership.objects.select_related(
            "community", "person__person__department", "person__person__job_family"
        ).order_by("pk")
    )


class FitTableTests(TestCase):
    def test_every_name_in_the_fits_is_a_department_a_job_title_or_a_job_family(self) -> None:
        known = set(JOB_FAMILIES)
        for _description, departments in ORGANISATION.values():
            for name, _size, titles in departments:
                known.add(name)
                known.update(title for title, _family, _weight in titles)

        assert set(FITS) == {spec.name for spec in (*COMMUNITIES, PROPOSED, RETIRED)}
        for community, fit in FITS.items():
            assert set(fit.heart) <= known, community
            assert set(fit.wider) <= known, community
            assert set(fit.exceptions) <= known, community


class BelievableDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo(seed=SEED, staff=STAFF)
        extend_discussions(seed=SEED)
        extend_events(seed=SEED)

    # Who is where.

    def test_everyone_is_in_communities_their_job_fits(self) -> None:
        for membership in memberships():
            assert how_they_fit(membership) is not None, (membership.community, membership.person.person)

    def test_leads_and_core_members_come_from_the_communitys_heart(self) -> None:
        organisers = [m for m in memberships() if m.role in {Role.LEAD, Role.CORE}]

        assert organisers
        for membership in organisers:
            assert how_they_fit(membership) == "heart", (membership.community, membership.person.person)

    def test_no_operational_staff_in_a_finance_community_unless_a_documented_exception(self) -> None:
        finance = [spec.name for spec in COMMUNITIES if spec.area == FINANCE]
        members = [m for m in memberships() if m.community.name in finance]

        assert len(finance) == 2 and members
        for membership in members:
            person = membership.person.person
            if person.job_family.name == OPS:
                assert person.job_title in FITS[membership.community.name].exceptions, person
            if membership.community.name == LEAD_COMMUNITY:
                assert person.department.name != "Cleaning and Housekeeping", person

    def test_cross_area_exceptions_are_a_few_at_most(self) -> None:
        by_community: dict[str, list[str | None]] = {}
        for membership in memberships():
            by_community.setdefault(membership.community.name, []).append(how_they_fit(membership))

        people = list(Person.objects.select_related("department", "job_family"))
        for community, fits in by_community.items():
            fit = FITS[community]
            heart = sum(
                fit.of(department=p.department.name, title=p.job_title, family=p.job_family.name) == "heart"
                for p in people
            )
            assert fits.count("exception") <= max(2, len(fits) * 0.15), community
            assert fits.count("heart") >= min(MIN_HEART, heart), community

    def test_people_who_ask_to_join_are_people_the_community_fits(self) -> None:
        requests = JoinRequest.objects.select_related(
            "community", "person__person__department", "person__person__job_family"
        )

        assert requests.filter(status=JoinRequest.Status.PENDING).exists()
        for request in requests:
            person = request.person.person
            fit = FITS[request.community.name].of(
                department=person.department.name, title=person.job_title, family=person.job_family.name
            )
            assert fit is not None, (request.community, person)

    def test_the_personas_are_where_the_readme_says(self) -> None:
        def roles(email: str) -> dict[str, str]:
            rows = Membership.objects.filter(person__email=email).values_list("community__name", "role")
            return dict(rows)

        assert roles(LEAD.email)[LEAD_COMMUNITY] == Role.LEAD
        assert roles(MEMBER.email) == {
            LEAD_COMMUNITY: Role.MEMBER,
            "Power BI and Data Reporting": Role.MEMBER,
        }
        assert roles(NEWCOMER.email) == {}
        assert roles(ADMIN.email) == {"Coaching and Mentoring Practitioners": Role.CORE}

    # Who answers.

    def test_accepted_answers_are_by_members_from_the_communitys_heart(self) -> None:
        solved = Thread.objects.filter(accepted_answer__isnull=False).select_related(
            "community", "accepted_answer__author"
        )
        fits: dict[tuple[int, int | None], str | None] = {
            (m.community_id, m.person_id): how_they_fit(m) for m in memberships()
        }

        assert solved.count() >= 5
        for thread in solved:
            assert thread.accepted_answer is not None
            assert fits[(thread.community_id, thread.accepted_answer.author_id)] == "heart", thread

    def test_every_reply_in_a_help_request_is_by_a_member_of_its_community(self) -> None:
        members = set(Membership.objects.current().values_list("community", "person"))
        posts = Post.objects.filter(thread__kind="help", thread__reply_count__gt=0)

        assert posts.exists()
        for community, author in posts.values_list("thread__community", "author"):
            assert (community, author) in members

    # When.

    def test_posts_are_written_in_working_hours_but_a_documented_few(self) -> None:
        times = list(Post.objects.values_list("created_at", flat=True))
        after_hours = [moment for moment in times if not in_working_hours(moment)]

        assert len(times) > 500
        assert len(after_hours) <= len(times) * AFTER_HOURS_SHARE * 2
        assert all(awake(moment) for moment in after_hours)  # evenings and weekends, never at night

    def test_requests_to_join_are_made_and_decided_in_working_hours(self) -> None:
        moments = [
            moment
            for asked, decided in JoinRequest.objects.values_list("created_at", "decided_at")
            for moment in (asked, decided)
            if moment is not None
        ]

        assert len(moments) > 20
        assert sum(not in_working_hours(moment) for moment in moments) <= len(moments) * AFTER_HOURS_SHARE * 2
        assert all(awake(moment) for moment in moments)

    def test_events_run_on_weekdays_in_working_hours(self) -> None:
        for starts, ends in Event.objects.values_list("starts_at", "ends_at"):
            assert in_working_hours(starts), starts
            assert in_working_hours(ends - timedelta(minutes=1)), ends

    # What each persona is told.

    def test_nothing_the_demo_wrote_is_emailed_or_waits_for_a_digest(self) -> None:
        assert Notification.objects.exists()
        assert not Notification.objects.filter(
            Q(emailed_at__isnull=True) | Q(created_at__gt=timezone.now())
        ).exists()

    def test_the_lead_is_told_of_every_request_to_their_community_and_the_waiting_ones_are_unread(
        self,
    ) -> None:
        lead = User.objects.get(email=LEAD.email)
        requests = JoinRequest.objects.filter(community__name=LEAD_COMMUNITY)
        told = Notification.objects.filter(recipient=lead, kind="join_requests")

        assert told.count() == requests.count()
        waiting = requests.filter(status=JoinRequest.Status.PENDING)
        assert waiting.count() >= 2
        assert told.filter(read_at__isnull=True).count() == waiting.count()
        assert set(told.filter(read_at__isnull=True).values_list("created_at", flat=True)) == set(
            waiting.values_list("created_at", flat=True)
        )

    def test_the_member_is_told_of_the_cancelled_celebration_replies_to_their_question_and_a_mention(
        self,
    ) -> None:
        member = User.objects.get(email=MEMBER.email)
        unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
        celebration = Event.objects.get(kind=EventKind.CELEBRATION)
        question = Thread.objects.get(title=MEMBER_QUESTION.title)

        assert celebration.registrations.filter(person=member, status=Registration.Status.GOING).exists()
        cancelled = unread.get(kind="event_updates")
        assert cancelled.url == celebration.get_absolute_url()
        assert cancelled.created_at == celebration.cancelled_at
        assert question.author == member and question.accepted_answer is not None
        replies = unread.filter(kind="replies_to_me", url__startswith=question.get_absolute_url())
        assert replies.exists()
        mention = unread.get(kind="mentions")
        assert mention.actor is not None and mention.actor.email == LEAD.email
        assert mention.url.startswith(Thread.objects.get(title=MENTION.title).get_absolute_url())

    def test_everyone_with_a_place_at_the_celebration_was_told_once(self) -> None:
        celebration = Event.objects.get(kind=EventKind.CELEBRATION)
        places = set(
            celebration.registrations.filter(
                status__in=[Registration.Status.GOING, Registration.Status.WAITLIST]
            ).values_list("person", flat=True)
        )
        told = list(Notification.objects.filter(kind="event_updates", url=celebration.get_absolute_url()))

        assert len(places) > 10
        assert sorted(n.recipient_id for n in told) == sorted(places)
        assert User.objects.get(email=ADMIN.email).pk not in places  # who cancelled it was not going

    def test_the_newcomer_and_the_operator_are_told_nothing(self) -> None:
        for persona in (NEWCOMER, OPERATOR):
            assert not Notification.objects.filter(recipient__email=persona.email).exists(), persona.email

    def test_the_programme_team_finds_a_proposal_waiting(self) -> None:
        assert Community.objects.filter(status="proposed").exists()


class WorkingHoursTests(TestCase):
    def test_moments_outside_working_hours_move_to_the_next_working_morning_or_back_before_a_limit(
        self,
    ) -> None:
        rng = random.Random(1)
        saturday_night = datetime(2026, 11, 28, 23, 0, tzinfo=LONDON)  # nobody is awake: always moved
        moved = [at_work(saturday_night, rng) for _ in range(200)]
        back = [
            at_work(saturday_night, rng, before=datetime(2026, 11, 29, 12, 0, tzinfo=LONDON))
            for _ in range(200)
        ]

        assert all(in_working_hours(m) and m.date() == date(2026, 11, 30) for m in moved)  # Monday
        assert all(in_working_hours(m) and m.date() == date(2026, 11, 27) for m in back)  # Friday
        assert len({m.hour for m in moved}) > 5  # spread over the day, not all first thing
        tuesday_noon = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
        assert at_work(tuesday_noon, rng) == tuesday_noon

    def test_a_few_moments_after_hours_stay_when_someone_could_be_awake(self) -> None:
        rng = random.Random(2)
        tuesday_evening = datetime(2026, 12, 1, 20, 0, tzinfo=LONDON)
        kept = sum(at_work(tuesday_evening, rng) == tuesday_evening for _ in range(2000))

        assert 0 < kept < 2000 * AFTER_HOURS_SHARE * 2


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class SeedDemoQueuesNothingTests(TransactionTestCase):
    def test_seeding_leaves_no_background_tasks_queued(self) -> None:
        call_command("seed_demo", staff=150, stdout=io.StringIO(), stderr=io.StringIO())

        assert Notification.objects.filter(kind="join_requests").exists()
        assert Notification.objects.filter(kind="event_updates").exists()
        assert DBTaskResult.objects.count() == 0
