"""The directories in a real browser, with JavaScript and without, at 1280 and 390 px wide, axe-core checking each
page: a lead searches the members, filters to core members and changes someone's role on a phone; a member filters
the people directory by department."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Membership, Role
from copse.testing import (
    CommunityFactory,
    DepartmentFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UserFactory,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MEMBERS = "/communities/fbp/members/"


@pytest.fixture
def community() -> Any:
    finance = DepartmentFactory(name="Finance Office")
    library = DepartmentFactory(name="Library Services")
    community = CommunityFactory(
        name="Finance Business Partners", slug="fbp", service_area=ServiceAreaFactory(name="Finance")
    )
    lead = UserFactory(email="lead@example.org", name="Daniel Hughes")
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    core = UserFactory(
        name="Cora Core", profile={"job_title": "Finance Business Partner", "department": finance}
    )
    MembershipFactory(community=community, person=core, role=Role.CORE)
    member = UserFactory(
        email="member@example.org",
        name="Samira Khan",
        profile={"job_title": "Management Accountant", "department": finance},
    )
    MembershipFactory(community=community, person=member)
    for n in range(8):
        person = UserFactory(
            name=f"Wider Person {n}", profile={"job_title": "Librarian", "department": library}
        )
        MembershipFactory(community=community, person=person)
    return community


def open_as(
    browser: Browser, live_server: Any, email: str, *, javascript: bool, viewport: dict[str, int]
) -> Page:
    page = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, viewport=viewport
    ).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    return page


def axe_checker(
    browser: Browser, assert_accessible: Callable[[Page], None], *, javascript: bool
) -> Callable[[Page], None]:
    """axe-core needs JavaScript: for a page seen without it, the same address, as the same person at the same
    width, is opened in a context with JavaScript and checked there."""
    if javascript:
        return assert_accessible

    def check(page: Page) -> None:
        twin_context = browser.new_context(
            storage_state=page.context.storage_state(), viewport=page.viewport_size
        )
        twin = twin_context.new_page()
        twin.goto(page.url)
        assert_accessible(twin)
        twin_context.close()

    return check


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the window: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def expect(target: Any) -> Any:
    """Playwright's expect, imported here so that a machine without Playwright skips these tests (conftest)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def rows(page: Page) -> Locator:
    """The names listed, for `expect(...).to_have_text([...])`, which waits for htmx to swap the results."""
    return page.locator("#member-results .item-title a, #people-results .item-title a")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_lead_searches_filters_and_changes_a_role_on_a_phone(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    assert_accessible = axe_checker(browser, assert_accessible, javascript=javascript)
    lead = open_as(browser, live_server, "lead@example.org", javascript=javascript, viewport=DESKTOP)
    lead.goto(MEMBERS)
    lead.get_by_text("11 members").wait_for()
    assert_accessible(lead)
    lead.get_by_label("Name or job title").fill("samira")
    lead.get_by_role("button", name="Search", exact=True).click()
    expect(rows(lead)).to_have_text(["Samira Khan"])
    lead.get_by_text("1 member matches.").wait_for()
    lead.get_by_label("Name or job title").fill("")
    lead.get_by_label("Role", exact=True).select_option("core")
    if not javascript:  # with JavaScript, choosing a role shows the results at once
        lead.get_by_role("button", name="Search", exact=True).click()
    expect(rows(lead)).to_have_text(["Cora Core"])
    expect(lead).to_have_url(re.compile(r"role=core"))
    assert_accessible(lead)

    phone = open_as(browser, live_server, "lead@example.org", javascript=javascript, viewport=PHONE)
    phone.goto(MEMBERS)
    fits_the_screen(phone)
    assert_accessible(phone)
    phone.get_by_label("Role of Samira Khan").select_option("core")
    phone.get_by_role("button", name="Change role of Samira Khan").click()
    phone.get_by_text("Samira Khan is now core member.").wait_for()
    phone.locator("#member-totals").get_by_text("2 core").wait_for()
    fits_the_screen(phone)
    assert_accessible(phone)
    membership = Membership.objects.get(community=community, person__name="Samira Khan")
    assert membership.role == Role.CORE


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_member_filters_people_by_department(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    assert_accessible = axe_checker(browser, assert_accessible, javascript=javascript)
    for viewport in (DESKTOP, PHONE):
        member = open_as(browser, live_server, "member@example.org", javascript=javascript, viewport=viewport)
        member.goto("/people/")
        member.get_by_text("11 people").wait_for()
        fits_the_screen(member)
        assert_accessible(member)
        member.get_by_label("Department").select_option(label="Finance Office")
        if not javascript:
            member.get_by_role("button", name="Search", exact=True).click()
        expect(rows(member)).to_have_text(["Cora Core", "Samira Khan"])
        member.get_by_text("2 people match your search").wait_for()
        fits_the_screen(member)
        assert_accessible(member)
        member.context.close()
