"""Pinned query counts: each list page costs the same number of queries for 2 rows as for 50."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Role
from copse.discussions.models import Thread
from copse.testing import (
    CommunityFactory,
    EventFactory,
    FlagFactory,
    JoinRequestFactory,
    MembershipFactory,
    PersonasTestCase,
    PostFactory,
    ThreadFactory,
    UserFactory,
)


class QueryCountTests(PersonasTestCase):
    def count_queries(self, persona: str, url: str) -> int:
        client = self.client_for(persona)
        client.get(url)  # warm the session and any per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)

    def add_communities(self, n: int) -> None:
        for _ in range(n):
            community = CommunityFactory(service_area=self.area)
            MembershipFactory(community=community, role=Role.LEAD)
            MembershipFactory(community=community, role=Role.CORE)
            MembershipFactory(community=community, person=self.member)

    def add_members(self, n: int) -> None:
        for _ in range(n):
            MembershipFactory(
                community=self.community, person=UserFactory(profile={"job_title": "Accountant"})
            )

    def add_requests(self, n: int) -> None:
        for _ in range(n):
            JoinRequestFactory(community=self.community)

    def add_activity(self, n: int) -> None:
        """Of each thing the home page and the hub show: threads (some help requests answered, some not) with
        replies in a thread the member follows, events, people joining, requests and reported posts."""
        followed = ThreadFactory(community=self.community, author=self.member)
        for i in range(n):
            thread = ThreadFactory(
                community=self.community, author=self.core, kind="help" if i % 2 else "idea"
            )
            reply = PostFactory(thread=followed, author=self.core)
            if i % 4 == 1:
                Thread.objects.filter(pk=thread.pk).update(accepted_answer=reply)
            FlagFactory(post=reply)
            EventFactory(community=self.community, created_by=self.lead)
            MembershipFactory(
                community=self.community, person=UserFactory(profile={"job_title": "Accountant"})
            )
            MembershipFactory(community=self.community, person=UserFactory(), role=Role.LEAD)
            JoinRequestFactory(community=self.community)
            JoinRequestFactory(person=self.member, community=CommunityFactory(service_area=self.area))

    def assert_pinned(self, persona: str, url: str, grow, expected: int, *, large: int = 50) -> None:
        grow(2)
        small = self.count_queries(persona, url)
        grow(large - 2)
        many = self.count_queries(persona, url)
        assert (small, many) == (expected, expected), f"{url}: {small} queries for 2 rows, {many} for {large}"

    def test_directory(self) -> None:
        self.assert_pinned("member", "/communities/", self.add_communities, 7)

    def test_directory_filtered_by_area_and_text(self) -> None:
        self.assert_pinned("member", "/communities/?area=finance&q=Community", self.add_communities, 8)

    def test_community_page(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/", self.add_members, 11)

    def test_community_page_with_its_activity(self) -> None:
        for persona, expected in [("lead", 11), ("member", 10), ("outsider", 8)]:
            with self.subTest(persona):
                self.assert_pinned(persona, "/communities/fbp/", self.add_activity, expected, large=200)

    def test_community_events_tab(self) -> None:
        self.assert_pinned("member", "/communities/fbp/events/", self.add_activity, 7, large=200)

    def test_members_page(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/members/", self.add_members, 7)

    def test_request_queue(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/requests/", self.add_requests, 8)

    # The home page's counts include one query for its latest news (`latest_news` from copse/news/templating.py).
    def test_home_page(self) -> None:
        self.assert_pinned("member", "/", self.add_communities, 10)

    def test_home_page_with_its_activity_feed(self) -> None:
        for persona, expected in [("member", 10), ("lead", 11), ("programme_admin", 11), ("outsider", 10)]:
            with self.subTest(persona):
                self.assert_pinned(persona, "/", self.add_activity, expected, large=200)

    def test_older_activity(self) -> None:
        self.add_activity(30)
        cursor = self.client_for("member").get("/").content.decode().split('href="?after=')[1].split('"')[0]
        self.assert_pinned("member", f"/?after={cursor}", self.add_activity, 10, large=200)

    def test_people_list(self) -> None:
        self.assert_pinned("member", "/people/", self.add_members, 10)
