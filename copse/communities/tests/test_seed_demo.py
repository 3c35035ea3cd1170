import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import TestCase
from django.utils import timezone

from copse.accounts.models import Person, ServiceArea, User
from copse.communities.demo import (
    DEMO_PASSWORD,
    LEAD_COMMUNITY,
    PERSONAS,
    DemoError,
    DemoSummary,
    build_demo,
)
from copse.communities.models import Community, JoinRequest, LogEntry, Membership, Role, Status, Visibility
from copse.notifications.models import Notification

STAFF = 300


def build_and_roll_back(*, seed: int = 2026) -> DemoSummary:
    with transaction.atomic():
        summary = build_demo(seed=seed, staff=STAFF)
        transaction.set_rollback(True)
    return summary


class DemoOrganisationTests(TestCase):
    summary: DemoSummary
    progress: list[tuple[int, int]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.progress = []
        cls.summary = build_demo(staff=STAFF, progress=lambda *call: cls.progress.append(call))

    def test_has_nine_service_areas_each_with_departments(self) -> None:
        areas = ServiceArea.objects.annotate(staff=Count("person"))

        assert areas.count() == 9
        assert all(area.staff > 0 for area in areas)
        assert self.summary.departments >= 40

    def test_lists_twenty_communities_with_one_proposed_and_one_retired(self) -> None:
        statuses = dict(Community.objects.values_list("status").annotate(n=Count("id")))

        assert Community.objects.listed().count() == 20
        assert statuses == {Status.ACTIVE: 19, Status.DORMANT: 1, Status.PROPOSED: 1, Status.RETIRED: 1}
        proposed = Community.objects.get(status=Status.PROPOSED)
        assert proposed.proposed_by is not None
        assert proposed.proposed_by.email not in [persona.email for persona in PERSONAS]
        assert proposed.proposal_reason
        assert not proposed.memberships.exists()

    def test_most_communities_are_on_request_a_few_open_and_one_private(self) -> None:
        visibility = dict(Community.objects.listed().values_list("visibility").annotate(n=Count("id")))

        assert visibility[Visibility.PRIVATE] == 1
        assert 3 <= visibility[Visibility.OPEN] <= 5
        assert visibility[Visibility.ON_REQUEST] == 20 - 1 - visibility[Visibility.OPEN]

    def test_every_listed_community_has_leads_a_purpose_a_cadence_and_links(self) -> None:
        communities = Community.objects.listed().annotate(
            leads=Count("memberships", filter=Q(memberships__role=Role.LEAD), distinct=True),
            link_count=Count("links", distinct=True),
        )

        for community in communities:
            assert 1 <= community.leads <= 3, community
            assert 1 <= community.link_count <= 3, community
            assert community.purpose and community.meeting_cadence
            assert all(link.url.startswith("https://example.org/") for link in community.links.all())

    def test_every_person_has_a_profile_with_a_department_and_job_family(self) -> None:
        assert User.objects.count() == STAFF
        assert Person.objects.filter(department__isnull=False, job_family__isnull=False).count() == STAFF

    def test_personas_sign_in_with_the_demo_password(self) -> None:
        for persona in PERSONAS:
            user = User.objects.get(email=persona.email)
            assert user.check_password(DEMO_PASSWORD), persona.email
            assert user.name == persona.name

    def test_other_staff_have_no_usable_password(self) -> None:
        emails = [persona.email for persona in PERSONAS]

        assert not any(user.has_usable_password() for user in User.objects.exclude(email__in=emails)[:50])

    def test_admin_is_programme_team_and_operator_runs_the_site(self) -> None:
        admin = User.objects.get(email="admin@example.org")
        operator = User.objects.get(email="operator@example.org")

        assert admin.is_programme_team and not admin.is_staff
        assert operator.is_staff and operator.is_superuser

    def test_newcomer_is_in_no_community_and_has_asked_nothing(self) -> None:
        newcomer = User.objects.get(email="newcomer@example.org")

        assert not Membership.objects.filter(person=newcomer).exists()
        assert not JoinRequest.objects.filter(person=newcomer).exists()

    def test_lead_leads_an_on_request_community_with_requests_from_others_waiting(self) -> None:
        lead = User.objects.get(email="lead@example.org")
        community = Community.objects.get(memberships__person=lead, memberships__role=Role.LEAD)
        pending = community.join_requests.filter(status=JoinRequest.Status.PENDING)

        assert community.name == LEAD_COMMUNITY
        assert community.visibility == Visibility.ON_REQUEST
        assert pending.count() >= 2
        assert not pending.filter(person__email__in=[persona.email for persona in PERSONAS]).exists()
        assert all(request.message for request in pending)
        assert Membership.objects.filter(person=lead).exclude(community=community).exists()

    def test_member_is_a_wider_member_of_the_leads_community_and_one_other(self) -> None:
        roles = dict(
            Membership.objects.filter(person__email="member@example.org").values_list(
                "community__name", "role"
            )
        )

        assert len(roles) == 2
        assert roles[LEAD_COMMUNITY] == Role.MEMBER
        assert set(roles.values()) == {Role.MEMBER}

    def test_between_35_and_45_percent_of_staff_are_in_a_listed_community(self) -> None:
        in_any = (
            Membership.objects.filter(community__status__in=[Status.ACTIVE, Status.DORMANT])
            .values("person")
            .distinct()
            .count()
        )

        assert 0.35 <= in_any / STAFF <= 0.45
        assert in_any == self.summary.people_in_a_community
        several = Membership.objects.values("person").annotate(n=Count("id")).filter(n__gte=2).count()
        assert several > 0

    def test_summary_matches_the_database(self) -> None:
        sizes = dict(Community.objects.listed().annotate(n=Count("memberships")).values_list("name", "n"))

        assert sizes == self.summary.community_sizes
        assert Membership.objects.count() == self.summary.memberships
        assert (
            JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count()
            == self.summary.pending_requests
        )

    def test_every_decided_request_has_its_log_entry(self) -> None:
        decided = JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING)

        assert decided.count() == self.summary.decided_requests
        assert decided.filter(status=JoinRequest.Status.DECLINED).exists()
        assert not decided.filter(status=JoinRequest.Status.DECLINED, decision_reason="").exists()
        for request in decided:
            assert request.decided_at is not None
            assert LogEntry.objects.filter(
                community=request.community_id,
                actor=request.decided_by_id,
                subject=request.person_id,
                action=request.status,
                created_at=request.decided_at,
            ).exists()
            assert request.created_at < request.decided_at

    def test_approved_requests_belong_to_current_members_and_declined_to_others(self) -> None:
        for request in JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING):
            is_member = Membership.objects.filter(
                community=request.community_id, person=request.person_id
            ).exists()
            assert is_member == (request.status == JoinRequest.Status.APPROVED)

    def test_history_was_written_through_the_services_and_reads_as_history(self) -> None:
        day_ago = timezone.now() - timedelta(days=1)
        assert not LogEntry.objects.filter(created_at__gt=day_ago).exists()
        dormant = Community.objects.get(status=Status.DORMANT)
        # The service's own wording, not a second spelling of it.
        assert dormant.log_entries.filter(detail__startswith="Dormant: ").exists()
        assert LogEntry.objects.filter(action=LogEntry.Action.PROPOSED).count() == 22
        assert not JoinRequest.objects.filter(created_at__gt=timezone.now() - timedelta(hours=1)).exists()

    def test_the_demo_sends_no_email_and_only_waiting_requests_are_unread(self) -> None:
        assert Notification.objects.exists()
        assert not Notification.objects.filter(emailed_at__isnull=True).exists()
        unread = Notification.objects.filter(read_at__isnull=True)
        assert set(unread.values_list("kind", flat=True)) == {"join_requests"}
        lead = User.objects.get(email="lead@example.org")
        waiting = JoinRequest.objects.filter(
            community__name=LEAD_COMMUNITY, status=JoinRequest.Status.PENDING
        )
        assert unread.filter(recipient=lead).count() == waiting.count()

    def test_reports_progress_to_the_end(self) -> None:
        assert self.progress[0] == (0, 6)
        assert self.progress[-1] == (6, 6)

    def test_refuses_to_build_twice(self) -> None:
        with pytest.raises(DemoError, match="already has people with example.org addresses"):
            build_demo(staff=STAFF)


class DeterministicDemoTests(TestCase):
    def test_the_same_seed_gives_the_same_organisation(self) -> None:
        first = build_and_roll_back()
        second = build_and_roll_back()

        assert first == second
        assert len(first.community_sizes) == 20

    def test_another_seed_gives_other_memberships(self) -> None:
        first = build_and_roll_back(seed=1)
        second = build_and_roll_back(seed=2)

        assert first.community_sizes.keys() == second.community_sizes.keys()
        assert first.community_sizes != second.community_sizes

    def test_refuses_too_few_staff(self) -> None:
        with pytest.raises(DemoError, match="at least 100 staff"):
            build_demo(staff=20)


class SeedDemoCommandTests(TestCase):
    def test_seeds_then_does_nothing_the_second_time_with_if_empty(self) -> None:
        first, second = io.StringIO(), io.StringIO()

        call_command("seed_demo", "--if-empty", "--staff", "150", stdout=first, stderr=io.StringIO())
        users = User.objects.count()
        call_command("seed_demo", "--if-empty", "--staff", "150", stdout=second, stderr=io.StringIO())

        assert "150 staff, 20 communities" in first.getvalue()
        assert f"with the password {DEMO_PASSWORD}:" in first.getvalue()
        for persona in PERSONAS:
            assert persona.email in first.getvalue()
        assert second.getvalue() == "The database already has communities, so the demo was not added.\n"
        assert User.objects.count() == users == 150

    def test_refuses_a_database_with_communities_without_if_empty(self) -> None:
        call_command("seed_demo", "--staff", "150", stdout=io.StringIO(), stderr=io.StringIO())

        with pytest.raises(CommandError, match="already has communities"):
            call_command("seed_demo", "--staff", "150", stdout=io.StringIO(), stderr=io.StringIO())

    def test_too_few_staff_is_a_command_error(self) -> None:
        with pytest.raises(CommandError, match="at least 100 staff"):
            call_command("seed_demo", "--staff", "10", stdout=io.StringIO(), stderr=io.StringIO())
