"""Leaving a community, or being removed, ends places at its members-only events still to come: the first person
waiting moves up and the leaver is told. Until then, the online link is not shown to someone the audience no
longer allows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from copse.accounts.models import User
from copse.communities import services as communities
from copse.communities.models import Membership, Role
from copse.events.models import Audience, Event, Registration
from copse.notifications.models import Notification
from copse.testing import (
    CalendarTokenFactory,
    EventFactory,
    MembershipFactory,
    PersonasTestCase,
    RegistrationFactory,
)

LINK = "https://teams.example.org/l/members-only"


class LeavingEndsPlacesTests(PersonasTestCase):
    def setUp(self) -> None:
        self.members_only = EventFactory(
            community=self.community, capacity=1, online_url=LINK, title="Clinic"
        )
        self.for_all_staff = EventFactory(community=self.community, audience=Audience.ALL_STAFF)
        self.past = EventFactory(community=self.community, starts_at=timezone.now() - timedelta(days=3))
        self.waiting = MembershipFactory(community=self.community, role=Role.MEMBER).person
        for event in (self.members_only, self.for_all_staff, self.past):
            RegistrationFactory(event=event, person=self.member)
        RegistrationFactory(event=self.members_only, person=self.waiting, status="waitlist")

    def status(self, event: Event, person: User) -> str:
        return Registration.objects.get(event=event, person=person).status

    def assert_places_ended(self) -> None:
        assert self.status(self.members_only, self.member) == "cancelled"
        assert self.status(self.members_only, self.waiting) == "going"  # the first person waiting moved up
        assert self.status(self.for_all_staff, self.member) == "going"  # the audience still includes them
        assert self.status(self.past, self.member) == "going"  # the record of who came stays
        notice = Notification.objects.get(recipient=self.member)
        assert notice.kind == "event_updates"
        assert notice.title.startswith("You no longer have a place at “Clinic”")
        assert "no longer a member of Finance Business Partners" in notice.title
        assert Notification.objects.get(recipient=self.waiting).title.startswith("A place is free for you")

    def test_leaving_ends_places_at_members_only_events_and_says_so(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            communities.leave_community(self.community, person=self.member)
        self.assert_places_ended()

    def test_being_removed_ends_places_at_members_only_events_and_says_so(self) -> None:
        membership = Membership.objects.current().get(community=self.community, person=self.member)
        with self.captureOnCommitCallbacks(execute=True):
            communities.remove_member(membership, by=self.lead, reason="Left the team.")
        self.assert_places_ended()

    def test_a_place_on_the_waiting_list_ends_too_and_nobody_moves_up(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            communities.leave_community(self.community, person=self.waiting)
        assert self.status(self.members_only, self.waiting) == "cancelled"
        assert self.status(self.members_only, self.member) == "going"
        assert Notification.objects.filter(recipient=self.waiting).count() == 1

    def test_leaving_a_private_community_links_the_notice_to_the_events_list(self) -> None:
        event = EventFactory(community=self.private_community, audience=Audience.ALL_STAFF)
        RegistrationFactory(event=event, person=self.core)
        with self.captureOnCommitCallbacks(execute=True):
            communities.leave_community(self.private_community, person=self.core)
        assert self.status(event, self.core) == "cancelled"  # they may no longer even see it
        assert Notification.objects.get(recipient=self.core).url == "/events/"


class OnlineLinkDefenceTests(PersonasTestCase):
    def test_someone_the_audience_no_longer_allows_does_not_see_the_link(self) -> None:
        # A place written before the places of leavers were ended: the row alone must not show the link.
        event = EventFactory(community=self.community, online_url=LINK)
        RegistrationFactory(event=event, person=self.outsider)
        page = self.client_for("outsider").get(event.get_absolute_url()).content.decode()
        assert LINK not in page
        assert LINK not in self.client_for("outsider").get(f"/events/{event.pk}/event.ics").content.decode()
        RegistrationFactory(event=event, person=self.member)
        assert LINK in self.client_for("member").get(event.get_absolute_url()).content.decode()
        assert LINK in self.client_for("member").get(f"/events/{event.pk}/event.ics").content.decode()


class RoleChangeEndsPlacesTests(PersonasTestCase):
    def test_a_core_member_made_a_wider_member_loses_places_at_core_only_events_and_is_told_why(self) -> None:
        core_only = EventFactory(
            community=self.community, audience=Audience.CORE, online_url=LINK, title="Plan"
        )
        for_members = EventFactory(community=self.community, audience=Audience.COMMUNITY)
        for event in (core_only, for_members):
            RegistrationFactory(event=event, person=self.core)
        membership = Membership.objects.current().get(community=self.community, person=self.core)
        with self.captureOnCommitCallbacks(execute=True):
            communities.change_role(membership, role=Role.MEMBER, by=self.lead)
        assert Registration.objects.get(event=core_only, person=self.core).status == "cancelled"
        assert Registration.objects.get(event=for_members, person=self.core).status == "going"
        notice = Notification.objects.get(recipient=self.core)
        assert "as it is for the core members of Finance Business Partners only" in notice.title

    def test_an_event_under_way_ends_too_so_its_link_is_not_kept(self) -> None:
        now = timezone.now()
        under_way = EventFactory(
            community=self.community,
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(minutes=30),
        )
        RegistrationFactory(event=under_way, person=self.member)
        with self.captureOnCommitCallbacks(execute=True):
            communities.leave_community(self.community, person=self.member)
        assert Registration.objects.get(event=under_way, person=self.member).status == "cancelled"


class PersonalFeedAudienceTests(PersonasTestCase):
    def test_the_personal_feed_leaves_out_events_whose_audience_no_longer_includes_the_holder(self) -> None:
        # A place written before places were ended, as rows from before this rule may be.
        event = EventFactory(
            community=self.community, audience=Audience.CORE, online_url=LINK, title="Core plans"
        )
        RegistrationFactory(event=event, person=self.member)
        key = CalendarTokenFactory(person=self.member).key
        feed = self.client_for(None).get(f"/events/feed/{key}.ics").content.decode()
        assert LINK not in feed and "Core plans" not in feed
        RegistrationFactory(event=event, person=self.core)
        core_key = CalendarTokenFactory(person=self.core).key
        assert LINK in self.client_for(None).get(f"/events/feed/{core_key}.ics").content.decode()
