"""A lead frames their community in a real browser: adds an aspiration with a risk, revises it with a reason and
reads its history; adopts an indicator and records an observation. axe-core finds no WCAG 2.2 AA violation on any
page visited; it works with JavaScript and without."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from copse.communities.models import Role
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, ship_framework, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead() -> Any:
    ship_framework()
    person = UserFactory(email="lead@example.org", name="Daniel Hughes")
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    MembershipFactory(community=community, person=person, role=Role.LEAD)
    return person


@pytest.mark.parametrize("javascript", [True, False])
def test_a_lead_frames_the_community_and_records_an_observation(
    browser: Browser,
    live_server: Any,
    lead: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "lead@example.org", javascript=javascript)

    def check() -> None:
        if javascript:
            assert_accessible(page)

    page.goto("/communities/fbp/")
    page.get_by_role("link", name="Value", exact=True).click()
    page.get_by_role("heading", name="Value of Finance Business Partners", level=1).wait_for()
    check()

    page.get_by_role("link", name="Add an aspiration").first.click()
    page.get_by_role("heading", name="Add an aspiration", level=1).wait_for()
    check()
    page.get_by_role("button", name="Add the aspiration").click()
    page.get_by_text("There is a problem").wait_for()
    check()
    page.get_by_label("Aspiration", exact=True).fill("Budget holders trust our forecasts")
    page.get_by_label("Conditions it needs (optional)").fill("Data from the finance system on time.")
    page.locator("#id_risks-0-risk").fill("The data comes late")
    page.locator("#id_risks-0-mitigation").fill("Agree a date with the systems team")
    page.get_by_role("button", name="Add the aspiration").click()
    page.get_by_text("is added to the aspirations").wait_for()
    assert page.get_by_text("Agree a date with the systems team").is_visible()
    check()

    page.get_by_role("link", name="Revise “Budget holders trust our forecasts”").click()
    page.get_by_role("heading", name="Revise the aspiration", level=1).wait_for()
    check()
    page.get_by_label("Aspiration", exact=True).fill("Budget holders trust and use our forecasts")
    page.get_by_label("Why has it changed?").fill(
        "Trust was not enough: we want the forecasts used in decisions."
    )
    page.get_by_role("button", name="Save the new version").click()
    page.get_by_role("heading", name="History of “Budget holders trust and use our forecasts”").wait_for()
    assert page.get_by_role("heading", name="Version 2").is_visible()
    assert page.get_by_role("heading", name="Version 1").is_visible()
    assert page.get_by_text("Trust was not enough").is_visible()
    check()

    page.goto("/communities/fbp/value/")
    page.get_by_role("link", name="Choose indicators").first.click()
    page.get_by_role("heading", name="Indicators of Finance Business Partners", level=1).wait_for()
    check()
    page.get_by_label("Target (optional) for Time saved").fill("40 hours a term")
    page.get_by_role("button", name="Adopt Time saved").click()
    page.get_by_role("heading", name="Time saved", level=1).wait_for()
    check()
    page.get_by_role("link", name="Record an observation").first.click()
    page.get_by_role("heading", name="Record an observation of Time saved", level=1).wait_for()
    check()
    today = timezone.localdate()
    start = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    end = today.replace(day=1) - timezone.timedelta(days=1)
    page.get_by_label("From", exact=True).fill(end.isoformat())
    page.get_by_label("To", exact=True).fill(start.isoformat())
    page.get_by_label("Figure (hours)").fill("12.5")
    page.get_by_role("button", name="Record the observation").click()
    page.get_by_text("The period must end on or after the day it starts.").first.wait_for()
    check()
    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_label("To", exact=True).fill(end.isoformat())
    page.get_by_label("Evidence (optional)").fill("https://sharepoint.example.org/time-saved")
    page.get_by_role("button", name="Record the observation").click()
    page.get_by_text("The observation of Time saved is recorded.").wait_for()
    assert page.get_by_role("cell", name="12.5 hours").is_visible()
    check()

    page.goto("/communities/fbp/value/")
    assert page.get_by_role("cell", name="12.5 hours").is_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    check()
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_member_frames_their_own_work_and_reads_the_organisations(
    browser: Browser,
    live_server: Any,
    lead: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    UserFactory(email="member@example.org", name="Priya Sharma")
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    page.goto("/value/aspirations/")
    page.get_by_role("heading", name="Your aspirations and uncertainties", level=1).wait_for()
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Add an uncertainty").first.click()
    page.get_by_label("What do you not know yet?").fill("Would a secondment help my career?")
    page.get_by_role("button", name="Add the uncertainty").click()
    page.get_by_text("The uncertainty is added.").wait_for()
    page.get_by_role("link", name="Resolve “Would a secondment help my career?”").click()
    if javascript:
        assert_accessible(page)
    page.get_by_label("What was learnt?").fill("Yes: two colleagues said it opened doors.")
    page.get_by_role("button", name="Resolve it").click()
    page.get_by_text("What was learnt: Yes: two colleagues said it opened doors.").wait_for()
    if javascript:
        assert_accessible(page)
    for path, heading in (
        ("/value/organisation/aspirations/", "The organisation’s aspirations"),
        ("/value/organisation/indicators/", "The organisation’s indicators"),
    ):
        page.goto(path)
        page.get_by_role("heading", name=heading, level=1).wait_for()
        assert page.get_by_role("link", name="Add an aspiration").count() == 0
        if javascript:
            assert_accessible(page)
    page.context.close()
