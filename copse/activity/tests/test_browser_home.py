"""The home page and the community hub in a real browser, with JavaScript and without; axe-core checks each page of
the JavaScript run (it needs the page's timers, which do not run without JavaScript):

- a member sees what is new in their communities, follows an entry to the thread, and goes through the community's
  tabs (Overview, Events, Discussions, Members);
- a newcomer in no community sees communities of their service area to join, and opens one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role, Visibility
from copse.testing import (
    CommunityFactory,
    EventFactory,
    MembershipFactory,
    PostFactory,
    ServiceAreaFactory,
    SubscriptionFactory,
    ThreadFactory,
    UserFactory,
    signed_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def communities() -> Any:
    finance = ServiceAreaFactory(name="Finance", slug="finance")
    community = CommunityFactory(name="Finance Business Partners", slug="fbp", service_area=finance)
    CommunityFactory(
        name="Spreadsheet Skills", slug="spreadsheets", service_area=finance, visibility=Visibility.OPEN
    )
    lead = UserFactory(
        email="lead@example.org", name="Daniel Hughes", profile={"job_title": "Head of Partnering"}
    )
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    UserFactory(email="newcomer@example.org", name="Jamie Fletcher", profile={"service_area": finance})
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(community=community, person=member)
    thread = ThreadFactory(community=community, author=lead, title="Month-end close tips")
    SubscriptionFactory(person=member, thread=thread)
    PostFactory(thread=thread, author=lead, body="Start the accruals on day one.")
    EventFactory(community=community, title="Budget clinic", created_by=lead)
    return community


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_member_follows_the_feed_and_the_community_tabs(
    browser: Browser,
    live_server: Any,
    communities: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    page.get_by_role("heading", name="New in your communities").wait_for()
    feed = page.locator(".activity-feed")
    assert "Daniel Hughes replied to “Month-end close tips”" in " ".join(feed.inner_text().split())
    assert "Daniel Hughes scheduled “Budget clinic”" in " ".join(feed.inner_text().split())
    assert page.get_by_text("Find a community").count() == 0
    check(page)

    feed.get_by_role("link", name="“Month-end close tips”").first.click()
    page.get_by_role("heading", name="Month-end close tips").wait_for()
    assert "/communities/fbp/discussions/" in page.url
    check(page)

    page.goto("/communities/fbp/")
    tabs = page.get_by_role("navigation", name="Finance Business Partners sections")
    assert tabs.get_by_role("link", name="Overview").get_attribute("aria-current") == "page"
    page.get_by_role("heading", name="Latest discussions").wait_for()
    check(page)
    for label, heading in [
        ("Events", "Events of Finance Business Partners"),
        ("Discussions", "Discussions in Finance Business Partners"),
        ("Members", "Members of Finance Business Partners"),
    ]:
        page.get_by_role("navigation", name="Finance Business Partners sections").get_by_role(
            "link", name=label
        ).click()
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        current = page.get_by_role("navigation", name="Finance Business Partners sections").get_by_role(
            "link", name=label
        )
        assert current.get_attribute("aria-current") == "page"
        check(page)
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_newcomer_sees_communities_to_join(
    browser: Browser,
    live_server: Any,
    communities: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    page = signed_in(browser, live_server, "newcomer@example.org", javascript=javascript)
    page.get_by_role("heading", name="Communities for you").wait_for()
    assert page.locator(".activity-feed").count() == 0
    cards = page.locator(".card-grid")
    assert "Finance Business Partners" in cards.inner_text() and "Spreadsheet Skills" in cards.inner_text()
    check(page)
    cards.get_by_role("link", name="Spreadsheet Skills").click()
    page.get_by_role("heading", name="Spreadsheet Skills", level=1).wait_for()
    page.get_by_role("button", name="Join community").first.click()
    page.get_by_text("You have joined Spreadsheet Skills.").first.wait_for()
    check(page)
    page.goto("/")
    page.get_by_role("heading", name="New in your communities").wait_for()
    check(page)
    page.context.close()
