"""The newcomer's journey in a real browser, with JavaScript and without.

A newcomer finds a community in the directory and asks to join with a message; the lead approves the request;
the newcomer now sees the members' area. axe-core checks every page visited for WCAG 2.2 AA violations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import JoinRequest, Membership, Role, Visibility
from copse.testing import (
    CommunityFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UserFactory,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    finance = ServiceAreaFactory(name="Finance", slug="finance")
    estates = ServiceAreaFactory(name="Estates and Facilities", slug="estates")
    CommunityFactory(
        name="Space Planners", slug="space-planners", service_area=estates, visibility=Visibility.OPEN
    )
    community = CommunityFactory(
        name="Finance Business Partners",
        slug="finance-business-partners",
        service_area=finance,
        purpose="Business partners sharing how they support budget holders.",
        meeting_cadence="First Tuesday of each month, 12:30pm to 1:30pm",
    )
    community.links.create(label="Teams channel", url="https://example.org/teams/fbp")
    lead = UserFactory(
        email="lead@example.org", name="Leah Lead", profile={"job_title": "Head of Finance Partnering"}
    )
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    UserFactory(
        email="newcomer@example.org", name="Nia Newcomer", profile={"job_title": "Management Accountant"}
    )
    return community


def newcomer_asks_to_join(page: Page, check: Callable[[Page], None]) -> None:
    sign_in(page, "newcomer@example.org", check=check)
    page.get_by_role("link", name="Communities", exact=True).first.click()
    page.wait_for_url("**/communities/")
    check(page)
    page.get_by_label("Search communities").fill("business partners")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Finance Business Partners").click()
    page.wait_for_url("**/communities/finance-business-partners/")
    assert page.get_by_text("Teams channel").count() == 0
    check(page)
    page.get_by_role(
        "button", name="Ask to join"
    ).click()  # empty message: the error is shown beside the field
    page.get_by_text("There is a problem").wait_for()
    check(page)
    page.get_by_label("Message to the leads").fill(
        "I partner with Estates budget holders and would like to learn."
    )
    page.get_by_role("button", name="Ask to join").click()
    page.get_by_text("Your request has been sent to the community's leads.").wait_for()
    page.get_by_role("button", name="Withdraw request").wait_for()
    check(page)


def lead_approves(page: Page, check: Callable[[Page], None]) -> None:
    sign_in(page, "lead@example.org", check=check)
    page.goto("/communities/finance-business-partners/requests/")
    assert page.get_by_text("I partner with Estates budget holders").is_visible()
    check(page)
    page.get_by_role("button", name="Approve request from Nia Newcomer").click()
    page.get_by_text("You approved Nia Newcomer's request.").wait_for()
    check(page)


def newcomer_sees_members_area(page: Page, check: Callable[[Page], None]) -> None:
    sign_in(page, "newcomer@example.org", check=check)
    page.goto("/communities/finance-business-partners/")
    page.get_by_role("link", name="Teams channel").wait_for()
    assert page.get_by_text("You are a member of this community.").is_visible()
    check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_newcomer_joins_through_the_lead(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    # axe-core runs as a script in the page, so it checks the pages of the JavaScript run; the run without
    # JavaScript proves every step still works with plain links and forms.
    check = assert_accessible if javascript else (lambda page: None)
    for step in (newcomer_asks_to_join, lead_approves, newcomer_sees_members_area):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
        page = context.new_page()
        step(page, check)
        context.close()
    assert JoinRequest.objects.get(community=community).status == JoinRequest.Status.APPROVED
    assert (
        Membership.objects.current()
        .filter(community=community, person__email="newcomer@example.org")
        .exists()
    )
