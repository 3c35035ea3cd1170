"""Two clicks at once, on SQLite and PostgreSQL: the constraints and row locks hold, and each person gets a
clear answer, never a 500."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from copse.communities import services
from copse.communities.models import Community, JoinRequest, Membership, Role, Visibility
from copse.testing import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(action: Callable[[], Any], times: int = 6) -> list[Any]:
    """Run `action` in several threads released together; collect each result or exception."""
    barrier = threading.Barrier(times)
    results: list[Any] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(action())
        except Exception as exc:  # the test asserts on whatever came back
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_joining_an_open_community_many_times_at_once_makes_one_membership() -> None:
    community = CommunityFactory(visibility=Visibility.OPEN)
    person = UserFactory()
    results = race(lambda: services.join_community(community, person=person))
    assert all(isinstance(r, Membership) for r in results), results
    assert Membership.objects.filter(community=community, person=person).count() == 1


def test_asking_to_join_many_times_at_once_makes_one_pending_request() -> None:
    community = CommunityFactory(visibility=Visibility.ON_REQUEST)
    MembershipFactory(community=community, role=Role.LEAD)
    person = UserFactory()
    results = race(lambda: services.request_to_join(community, person=person, message="Please"))
    assert all(isinstance(r, tuple) for r in results), results
    assert sum(created for _, created in results) == 1
    assert JoinRequest.objects.filter(community=community, person=person).count() == 1


def test_two_leads_deciding_at_once_decide_once() -> None:
    community = CommunityFactory()
    leads = [MembershipFactory(community=community, role=Role.LEAD).person for _ in range(2)]
    join_request = JoinRequest.objects.create(community=community, person=UserFactory(), message="Please")
    outcomes = iter([True, False, True, False])
    results = race(
        lambda: services.decide_request(join_request, by=leads[0], approve=next(outcomes)), times=4
    )
    decided = [r for r in results if isinstance(r, JoinRequest)]
    refused = [r for r in results if isinstance(r, services.Refused)]
    assert len(decided) == 1 and len(refused) == 3, results
    approved = decided[0].status == JoinRequest.Status.APPROVED
    assert Membership.objects.filter(community=community, person=join_request.person).exists() == approved


def test_look_alike_names_proposed_at_once_make_one_community() -> None:
    area = CommunityFactory().service_area
    names = iter(["Data Analytics", "data analytics", "Data\u00a0Analytics", "ＤＡＴＡ Analytics"])
    proposers = [UserFactory() for _ in range(4)]

    def propose() -> Any:
        name = next(names)
        return services.propose_community(
            person=proposers[0],
            name=name,
            purpose="Sharing.",
            service_area=area,
            reason="Why.",
            visibility="open",
        )

    results = race(propose, times=4)
    made = [r for r in results if isinstance(r, Community)]
    refused = [r for r in results if isinstance(r, services.Refused)]
    assert len(made) == 1 and len(refused) == 3, results
    assert all(r.field == "name" for r in refused)
    assert Community.objects.filter(name_key="data analytics").count() == 1
