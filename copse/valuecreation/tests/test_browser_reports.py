"""My value and the community and organisation reports in a real browser, with JavaScript and without: the period
chooser, charts with their tables, a phone's width, and axe-core finding no WCAG 2.2 AA violation on any page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role, Visibility
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, ship_framework, signed_in
from copse.valuecreation.models import (
    Aspiration,
    Audience,
    IndicatorAdoption,
    IndicatorDefinition,
    Risk,
    Scope,
)

from .test_reports import observe, tell

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reports() -> Any:
    ship_framework()
    UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)
    lead = UserFactory(email="lead@example.org", name="Leah Lead")
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    community = CommunityFactory(
        name="Finance Business Partners", slug="fbp", visibility=Visibility.ON_REQUEST
    )
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(community=community, person=member)
    catalogue = {i.key: i for i in IndicatorDefinition.objects.filter(community=None)}
    for key in ("participation", "help_answered"):
        IndicatorAdoption.objects.create(community=community, indicator=catalogue[key])
    for month in range(1, 7):
        observe(catalogue["participation"], community, date(2026, month, 1), 10 + month * 4)
        observe(catalogue["help_answered"], community, date(2026, month, 1), 60 + month * 3, people=12)
    tell(
        community,
        member,
        {"immediate": "positive", "potential": "positive", "applied": "positive"},
        title="A template for budget meetings",
        may_quote=True,
        is_highlight=True,
        audience=Audience.COMMUNITY,
        told=date(2026, 3, 2),
        hopes="Share it with the other schools.",
    )
    for n in range(5):
        tell(community, UserFactory(), {"immediate": "positive", "realised": "null"}, title=f"Story {n}")
    aspiration = Aspiration.objects.create(
        scope=Scope.COMMUNITY, community=community, title="Budgets signed off first time"
    )
    Risk.objects.create(aspiration=aspiration, risk="Leads run out of time", mitigation="Share the load")
    Aspiration.objects.create(scope=Scope.PERSON, person=member, title="Present with confidence")
    return community


def no_overflow(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("javascript", [True, False])
def test_a_member_reads_my_value_and_the_community_report(
    browser: Browser,
    live_server: Any,
    reports: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    page.goto("/value/")
    page.get_by_role("heading", name="My value", level=1).wait_for()
    assert page.get_by_role("link", name="A template for budget meetings").first.is_visible()
    assert page.get_by_role("link", name="Tell a story").first.get_attribute("href") == "/value/stories/new/"
    page.get_by_text("Present with confidence").wait_for()
    page.get_by_label("From", exact=True).fill("2026-01")
    page.get_by_label("To", exact=True).fill("2026-06")
    page.get_by_role("button", name="Show this period").click()
    page.get_by_role("img", name="Stories per cycle").wait_for()
    if javascript:
        assert_accessible(page)
    no_overflow(page)

    page.goto("/communities/fbp/value/report/")
    page.get_by_role("heading", name="Value report: Finance Business Partners", level=1).wait_for()
    page.get_by_label("From", exact=True).fill("2026-01")
    page.get_by_label("To", exact=True).fill("2026-06")
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_url("**start=2026-01**")
    page.get_by_role("img", name="Level of participation, month by month").wait_for()
    table = page.get_by_role("table", name="Level of participation, month by month")
    assert "34" in table.inner_text()  # June: 10 + 6 × 4
    page.get_by_text("A template for budget meetings at immediate").first.wait_for()
    assert page.get_by_role("button", name="Print this report").is_visible() == javascript
    if javascript:
        assert_accessible(page)
    no_overflow(page)
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_programme_team_reads_the_organisation_report_and_a_bad_period_is_explained(
    browser: Browser,
    live_server: Any,
    reports: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "admin@example.org", javascript=javascript)
    page.goto("/value/reports/organisation/?start=2026-06&end=2026-01")
    page.get_by_role("heading", name="Value report:", level=1).wait_for()
    page.get_by_text("The last month must come after the first.").first.wait_for()
    if javascript:
        assert_accessible(page)
    page.goto("/value/reports/organisation/?start=2026-01&end=2026-06")
    page.get_by_role("table", name="The value-creation matrix, January 2026 to June 2026").wait_for()
    page.get_by_role("img", name="Stories per cycle").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"CSV\)\s?: Stories per cycle")).first.click()
    assert download.value.suggested_filename.endswith("-stories-2026-01-to-2026-06.csv")
    # On paper: no header, no period form, no download links; the tables are still there.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Show this period").is_visible()
    assert not page.get_by_role("link", name=re.compile("Download this table")).first.is_visible()
    assert page.get_by_role("table", name="The value-creation matrix, January 2026 to June 2026").is_visible()
    page.emulate_media(media="screen")
    if javascript:
        assert_accessible(page)
    no_overflow(page)
    page.context.close()
