"""The home page's panels and the hub's glimpses, called directly."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from copse.activity.panels import latest_threads, next_event, unanswered_help, waiting_for
from copse.communities.models import Membership, Status
from copse.communities.queries import my_memberships
from copse.events.models import Event
from copse.testing import (
    CommunityFactory,
    EventFactory,
    FlagFactory,
    JoinRequestFactory,
    PersonasTestCase,
    PostFactory,
    RegistrationFactory,
    ThreadFactory,
)


class WaitingForYouTests(PersonasTestCase):
    def waiting(self, persona: str) -> list[str]:
        user = self.persona(persona)
        return [item.text for item in waiting_for(user, list(my_memberships(user)))]

    def test_nothing_waits_for_a_member(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        FlagFactory(post=PostFactory(thread=ThreadFactory(community=self.community)))
        assert self.waiting("member") == []

    def test_a_lead_sees_requests_reported_posts_and_attendance_to_record(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        JoinRequestFactory(community=self.community)
        post = PostFactory(thread=ThreadFactory(community=self.community))
        FlagFactory(post=post)
        FlagFactory(post=post)  # two reports of one post: one post to look at
        ended = EventFactory(
            community=self.community,
            title="November drop-in",
            starts_at=timezone.now() - timedelta(days=2),
            ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1),
        )
        RegistrationFactory(event=ended, person=self.member)
        assert self.waiting("lead") == [
            "2 people have asked to join Finance Business Partners",
            "1 reported post in Finance Business Partners",
            "Record who came to “November drop-in”",
        ]
        assert self.waiting("core") == ["1 reported post in Finance Business Partners"]

    def test_attendance_no_longer_waits_once_recorded_or_after_a_month(self) -> None:
        def ended(days: int) -> Event:
            start = timezone.now() - timedelta(days=days)
            return EventFactory.create(
                community=self.community, starts_at=start, ends_at=start + timedelta(hours=1)
            )

        recorded, old, nobody = ended(3), ended(40), ended(4)
        RegistrationFactory(event=recorded, person=self.member, attended=True)
        RegistrationFactory(event=old, person=self.member)
        assert nobody.registrations.count() == 0
        assert self.waiting("lead") == []

    def test_the_programme_team_sees_proposals_waiting(self) -> None:
        CommunityFactory(status=Status.PROPOSED, proposed_by=self.outsider)
        CommunityFactory(status=Status.DECLINED, proposed_by=self.outsider)
        assert self.waiting("programme_admin") == ["1 proposed community is waiting for a decision"]
        assert self.waiting("lead") == []


class UnansweredHelpTests(PersonasTestCase):
    def test_a_few_unanswered_help_requests_of_my_communities_oldest_first_not_my_own(self) -> None:
        threads = [ThreadFactory(community=self.community, kind="help", title=f"Help {n}") for n in range(5)]
        answered = ThreadFactory(community=self.community, kind="help", title="Answered")
        answered.reply_count = 1
        answered.save()
        ThreadFactory(community=self.community, kind="help", author=self.member, title="Mine")
        ThreadFactory(community=self.private_community, kind="help", title="Private")
        memberships = list(my_memberships(self.member))
        assert [t.title for t in unanswered_help(self.member, memberships)] == [t.title for t in threads[:3]]
        assert unanswered_help(self.outsider, []) == []


class HubGlimpseTests(PersonasTestCase):
    def community_for(self, persona: str):  # with the viewer's state, as the hub fetches it
        from copse.communities.permissions import get_community_for

        return get_community_for(self.persona(persona), self.community.slug)

    def test_latest_threads_only_for_those_who_may_read_them(self) -> None:
        for n in range(7):
            ThreadFactory(community=self.community, title=f"Thread {n}")
        assert len(latest_threads(self.member, self.community_for("member"))) == 5
        assert latest_threads(self.outsider, self.community_for("outsider")) == []

    def test_the_next_event_is_the_soonest_that_has_not_ended_or_been_cancelled(self) -> None:
        soon = timezone.now() + timedelta(days=1)
        EventFactory(community=self.community, starts_at=soon, status=Event.Status.CANCELLED)
        later = EventFactory(community=self.community, starts_at=soon + timedelta(days=1))
        EventFactory(community=self.community, starts_at=soon + timedelta(days=2))
        assert next_event(self.member, self.community) == later
        assert Membership.objects.filter(community=self.private_community, person=self.member).count() == 0
        EventFactory(community=self.private_community)
        assert next_event(self.member, self.private_community) is None
