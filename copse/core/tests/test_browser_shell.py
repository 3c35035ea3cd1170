"""The app shell in a real browser, at a desk and on a phone, with JavaScript and without: the header stays one
row at most 64 px tall at 390 px, the navigation folds behind Menu, the bell says how many are unread, the account
menu and the communities switcher open and close by keyboard, and a long thread title is shortened in the
breadcrumb rather than wrapped. axe-core checks each page, the style guide included."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.testing import (
    CommunityFactory,
    MembershipFactory,
    NotificationFactory,
    ThreadFactory,
    UserFactory,
    signed_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 800}
DESK = {"width": 1280, "height": 800}


@pytest.fixture
def people() -> dict[str, Any]:
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    MembershipFactory(community=community, person=member, role=Role.MEMBER)
    MembershipFactory(
        community=CommunityFactory(name="Power BI and Data Reporting", slug="pbi"), person=member
    )
    NotificationFactory.create_batch(3, recipient=member)
    thread = ThreadFactory(
        community=community,
        author=member,
        title="How do other teams reconcile accruals across faculties when the budget holders change halfway "
        "through the financial year and nobody owns the cost centre any more?",
    )
    UserFactory(email="operator@example.org", name="Gareth Evans", is_staff=True, is_superuser=True)
    return {"member": member, "community": community, "thread": thread}


def header_height(page: Page) -> float:
    return page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_header_is_one_compact_row_and_the_navigation_folds(
    browser: Browser,
    live_server: Any,
    people: dict[str, Any],
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    page.set_viewport_size(PHONE)
    page.goto(people["thread"].get_absolute_url())
    assert header_height(page) <= 64
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    main_nav = page.get_by_role("navigation", name="Main", exact=True)
    assert not main_nav.is_visible()  # folded away

    # The breadcrumb is one line: the long title is shortened there, in full in the heading.
    crumb = page.get_by_role("navigation", name="Breadcrumb")
    line = page.eval_on_selector("nav.breadcrumb li", "e => e.getBoundingClientRect().height")
    assert crumb.bounding_box()["height"] <= line * 1.5  # type: ignore[index]
    assert "nobody owns the cost centre" in page.get_by_role("heading", level=1).inner_text()

    bell = page.get_by_role("link", name="Notifications, 3 unread")
    assert bell.is_visible()
    page.locator(".menu-button > summary").click()
    folded = page.get_by_role("navigation", name="Main, folded")
    assert folded.get_by_role("link", name="Events").is_visible()
    assert folded.get_by_role("link", name="Power BI and Data Reporting").is_visible()
    if javascript:
        assert_accessible(page)
        page.keyboard.press("Escape")
        assert not folded.is_visible()
    folded_events = folded.get_by_role("link", name="Events")
    if not folded_events.is_visible():
        page.locator(".menu-button > summary").click()
    folded_events.click()
    page.wait_for_url("**/events/")
    assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_at_a_desk_the_account_menu_and_switcher_work_by_keyboard(
    browser: Browser,
    live_server: Any,
    people: dict[str, Any],
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    page.set_viewport_size(DESK)
    page.goto("/events/")
    assert header_height(page) <= 64
    main_nav = page.get_by_role("navigation", name="Main", exact=True)
    assert main_nav.get_by_role("link", name="Events").get_attribute("aria-current") == "page"
    assert not page.locator(".menu-button > summary").is_visible()

    account = page.locator("details.account-menu")
    account.locator("summary").focus()
    page.keyboard.press("Enter")
    assert account.get_by_role("link", name="Notification settings").is_visible()
    if javascript:
        assert_accessible(page)
        # Opening the switcher closes the account menu; Escape closes the switcher and returns focus.
        switcher = page.locator("details.menu", has_text="My communities").first
        switcher.locator("summary").click()
        assert not account.get_by_role("link", name="Notification settings").is_visible()
        page.keyboard.press("Escape")
        assert not switcher.get_by_role("link", name="Finance Business Partners").is_visible()
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        account.locator("summary").click()
    account.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Sign in").first.is_visible()


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_the_style_guide_passes_axe(
    browser: Browser,
    live_server: Any,
    people: dict[str, Any],
    assert_accessible: Callable[[Page], None],
    viewport: dict[str, int],
) -> None:
    page = signed_in(browser, live_server, "operator@example.org")
    page.set_viewport_size(viewport)
    page.goto("/styleguide/")
    assert page.get_by_role("heading", level=1).inner_text() == "Style guide"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
