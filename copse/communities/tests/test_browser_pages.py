"""Every page of this capability in a real browser: axe-core finds no WCAG 2.2 AA violation, and each page reflows
at 320 CSS pixels without scrolling sideways."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role, Status, Visibility
from copse.testing import (
    CommunityFactory,
    JoinRequestFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UserFactory,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/communities/",
    "/communities/?q=finance&retired=on",
    "/communities/finance-business-partners/",
    "/communities/finance-business-partners/members/",
    "/communities/finance-business-partners/requests/",
    "/communities/finance-business-partners/edit/",
    "/communities/propose/",
    "/communities/proposals/",
    "/communities/timetabling-network/",
    "/areas/",
    "/areas/finance/",
    "/areas/finance/edit/",
    "/areas/new/",
    "/people/",
    "/me/",
]


@pytest.fixture
def organisation() -> Any:
    finance = ServiceAreaFactory(name="Finance", slug="finance")
    admin = UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)
    community = CommunityFactory(
        name="Finance Business Partners", slug="finance-business-partners", service_area=finance
    )
    community.links.create(label="Teams channel", url="https://example.org/teams/fbp")
    MembershipFactory(community=community, person=admin, role=Role.LEAD)
    MembershipFactory(community=community, role=Role.CORE, person__profile={"job_title": "Finance Manager"})
    for n in range(3):
        MembershipFactory(community=community, person__name=f"Member {n}")
    JoinRequestFactory(community=community, person__name="Sam Asker", message="I would like to join, please.")
    CommunityFactory(name="Spreadsheet Skills", service_area=finance, visibility=Visibility.OPEN)
    CommunityFactory(name="Old Ledger Group", service_area=finance, status=Status.RETIRED)
    CommunityFactory(
        name="Timetabling Network",
        slug="timetabling-network",
        service_area=finance,
        status=Status.PROPOSED,
        proposed_by=admin,
        proposal_reason="Timetablers work alone.",
    )
    return admin


def signed_in_page(browser: Browser, live_server: Any, *, width: int = 1280) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, "admin@example.org")
    return page


def test_every_page_passes_axe_as_the_programme_team(
    browser: Browser, live_server: Any, organisation: Any, assert_accessible: Callable[[Page], None]
) -> None:
    page = signed_in_page(browser, live_server)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto("/communities/finance-business-partners/members/")
    page.get_by_role("link", name="Remove Member 0").click()
    page.get_by_role("heading", name="Remove Member 0 from Finance Business Partners?").wait_for()
    assert_accessible(page)
    # Forms with errors: the summary, the messages beside the fields and the kept input are accessible too.
    page.goto("/communities/propose/")
    page.get_by_role("button", name="Send proposal").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.context.close()


def test_pages_reflow_at_320_pixels(browser: Browser, live_server: Any, organisation: Any) -> None:
    page = signed_in_page(browser, live_server, width=320)
    for path in PAGES:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px wide"
    page.context.close()


def test_landing_page_for_visitors_passes_axe(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    page.get_by_role("button", name="Sign in to find your community").wait_for()
    assert_accessible(page)
