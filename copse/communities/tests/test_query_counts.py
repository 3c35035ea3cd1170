"""Pinned query counts: each list page costs the same number of queries for 2 rows as for 50."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Role
from copse.testing import (
    CommunityFactory,
    JoinRequestFactory,
    MembershipFactory,
    PersonasTestCase,
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

    def assert_pinned(self, persona: str, url: str, grow, expected: int) -> None:
        grow(2)
        small = self.count_queries(persona, url)
        grow(48)
        large = self.count_queries(persona, url)
        assert (small, large) == (expected, expected), f"{url}: {small} queries for 2 rows, {large} for 50"

    def test_directory(self) -> None:
        self.assert_pinned("member", "/communities/", self.add_communities, 7)

    def test_directory_filtered_by_area_and_text(self) -> None:
        self.assert_pinned("member", "/communities/?area=finance&q=Community", self.add_communities, 8)

    def test_community_page(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/", self.add_members, 9)

    def test_members_page(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/members/", self.add_members, 7)

    def test_request_queue(self) -> None:
        self.assert_pinned("lead", f"/communities/{self.community.slug}/requests/", self.add_requests, 8)

    def test_home_page(self) -> None:
        self.assert_pinned("member", "/", self.add_communities, 9)

    def test_people_list(self) -> None:
        self.assert_pinned("member", "/people/", self.add_members, 10)
