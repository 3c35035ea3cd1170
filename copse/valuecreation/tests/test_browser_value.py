"""How value creation works, and the programme team's wording of the cycles, in a real browser: axe-core finds no
WCAG 2.2 AA violation on any page visited, with JavaScript and without."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.testing import UserFactory, ship_framework, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme_team() -> Any:
    ship_framework()
    UserFactory(email="member@example.org", name="Priya Sharma")
    return UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_programme_team_switches_on_a_cycle_and_everyone_reads_it(
    browser: Browser,
    live_server: Any,
    programme_team: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "admin@example.org", javascript=javascript)
    page.get_by_role("link", name="How value creation works").click()
    page.get_by_role("heading", name="How value creation works", level=1).wait_for()
    assert page.get_by_role("heading", name="Strategic value").count() == 0
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Edit the cycles").click()
    page.get_by_role("heading", name="Value cycles", level=1).wait_for()
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Strategic value", exact=True).click()
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save the cycle").click()
    page.get_by_text("There is a problem").wait_for()
    if javascript:
        assert_accessible(page)
    page.get_by_label("Name").fill("Strategic value")
    page.get_by_label("Switched on").check()
    page.get_by_role("button", name="Save the cycle").click()
    page.get_by_text("Strategic value is saved.").wait_for()
    page.context.close()

    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.goto("/value/how/")
    member.get_by_role("heading", name="Strategic value").wait_for()
    assert member.get_by_role("link", name="Edit the cycles").count() == 0
    member.set_viewport_size({"width": 390, "height": 800})
    overflow = member.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    if javascript:
        assert_accessible(member)
    member.context.close()
