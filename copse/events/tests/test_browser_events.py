"""A member finds an upcoming event, takes a place and sees how to join online; axe-core checks each page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from copse.communities.models import Role
from copse.events.models import Event
from copse.testing import CommunityFactory, MembershipFactory, ServiceAreaFactory, UserFactory, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_member_takes_a_place_at_an_event(
    browser: Browser, live_server: Any, assert_accessible: Callable[[Page], None], javascript: bool
) -> None:
    community = CommunityFactory(
        name="Finance Business Partners", service_area=ServiceAreaFactory(name="Finance")
    )
    MembershipFactory(
        community=community, person=UserFactory(email="mo@example.org", name="Mo Member"), role=Role.MEMBER
    )
    start = timezone.now() + timedelta(days=5)
    Event.objects.create(
        title="Forecasting clinic",
        community=community,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://example.org/teams/clinic",
        capacity=10,
    )
    check = assert_accessible if javascript else (lambda page: None)
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    sign_in(page, "mo@example.org")
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("heading", name="Upcoming events").wait_for()
    check(page)
    page.get_by_role("link", name="Forecasting clinic").click()
    page.get_by_role("heading", name="Forecasting clinic").wait_for()
    check(page)
    page.get_by_role("button", name="Register: I'm going").click()
    page.get_by_text("You have a place.").wait_for()
    assert page.get_by_role("link", name="https://example.org/teams/clinic").is_visible()
    check(page)
    page.context.close()
