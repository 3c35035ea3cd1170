"""The demo's read positions: the member and the lead find a few new things waiting, not months of history."""

from __future__ import annotations

from django.test import TestCase

from copse.accounts.models import User
from copse.communities.demo import LEAD_COMMUNITY, build_demo
from copse.communities.demo_data import ADMIN, LEAD, MEMBER
from copse.communities.models import Community, Membership
from copse.discussions.demo import extend_demo as add_discussions
from copse.discussions.demo_reading import extend_demo
from copse.discussions.models import ReadPosition, Thread

SEED = 2026


class DemoReadingTests(TestCase):
    summary: str

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo(staff=300)
        add_discussions(seed=SEED)
        cls.summary = extend_demo(seed=SEED)
        cls.community = Community.objects.get(name=LEAD_COMMUNITY)

    def unread_in(self, email: str, community: Community) -> list[Thread]:
        person = User.objects.get(email=email)
        threads = Thread.objects.filter(community=community).with_unread(person)
        return [t for t in threads if t.is_new or t.new_count]  # type: ignore[attr-defined]

    def test_the_member_has_read_most_of_their_community_with_new_replies_and_a_new_thread_waiting(
        self,
    ) -> None:
        waiting = self.unread_in(MEMBER.email, self.community)
        assert 2 <= len(waiting) <= 3
        assert sum(1 for t in waiting if t.is_new) == 1  # type: ignore[attr-defined]
        assert sorted(t.new_count for t in waiting if not t.is_new) == [1, 2]  # type: ignore[attr-defined]
        assert Thread.objects.filter(community=self.community).count() - len(waiting) >= 4

    def test_the_lead_has_one_new_reply_and_a_new_thread(self) -> None:
        waiting = self.unread_in(LEAD.email, self.community)
        assert [t.new_count for t in waiting if not t.is_new] == [1]  # type: ignore[attr-defined]
        assert len(waiting) == 2

    def test_the_personas_other_communities_are_read(self) -> None:
        member = User.objects.get(email=MEMBER.email)
        others = Community.objects.filter(
            pk__in=Membership.objects.current().filter(person=member).values("community")
        ).exclude(pk=self.community.pk)
        assert others.exists()
        for other in others:
            assert self.unread_in(MEMBER.email, other) == []

    def test_the_programme_team_caught_up_three_days_ago_everywhere(self) -> None:
        admin = User.objects.get(email=ADMIN.email)
        assert (
            ReadPosition.objects.filter(person=admin, thread=None).count()
            == Community.objects.listed().count()
        )

    def test_running_it_again_keeps_the_positions_in_threads(self) -> None:
        in_threads = ReadPosition.objects.filter(thread__isnull=False).order_by("pk")
        before = list(in_threads.values_list("pk", "read_at"))
        extend_demo(seed=SEED)
        assert before and list(in_threads.values_list("pk", "read_at")) == before

    def test_summary_says_what_it_did(self) -> None:
        assert self.summary.startswith("Marked ") and LEAD_COMMUNITY in self.summary
