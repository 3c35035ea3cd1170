"""News in a real browser: the programme team publishes the national award with a picture, a member reads it from
the home page, and a signed-out visitor reads a public post, each seeing the picture; axe-core finds no violation
on any page visited with JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.testing import UserFactory, image_bytes, ship_framework, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AWARD = "National award for organisational development"
PICTURE = "The programme team holding the award."


@pytest.fixture
def people() -> Any:
    ship_framework()
    UserFactory(email="member@example.org", name="Priya Sharma")
    return UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_award_is_published_read_by_a_member_and_by_a_visitor(
    browser: Browser,
    live_server: Any,
    people: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    page = signed_in(browser, live_server, "admin@example.org", javascript=javascript)
    page.get_by_role("link", name="News", exact=True).click()
    page.get_by_role("heading", name="News", level=1).wait_for()
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Publish news").click()
    if javascript:
        assert_accessible(page)
    page.get_by_label("Title").fill("We won a national award")
    page.get_by_label("Summary").fill("The programme is recognised nationally.")
    page.get_by_label("Story").fill("Thank you to **every** community.")
    page.get_by_label("Everyone, also signed out").check()
    page.get_by_label("Kind").select_option("recognition")
    page.locator("#id_award_name").fill(AWARD)
    page.get_by_label("Person recognised (email address)").fill("admin@example.org")
    page.get_by_label("Choose a picture").set_input_files(
        files=[{"name": "award.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (900, 600))}]
    )
    page.get_by_label("Describe the picture").fill(PICTURE)
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("heading", name="We won a national award", level=1).wait_for()
    assert page.get_by_role("heading", name=AWARD).is_visible()
    assert page.get_by_role("img", name=PICTURE).is_visible()
    if javascript:
        assert_accessible(page)

    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    assert member.get_by_role("img", name=PICTURE).is_visible()  # the home page's latest news
    member.get_by_role("link", name="We won a national award").click()
    member.get_by_role("heading", name="We won a national award", level=1).wait_for()
    assert member.get_by_text("Award", exact=True).first.is_visible()
    if javascript:
        assert_accessible(member)

    visitor = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    visitor.goto("/")
    assert visitor.get_by_role("img", name=PICTURE).is_visible()
    if javascript:
        assert_accessible(visitor)
    visitor.get_by_role("link", name="We won a national award").click()
    visitor.get_by_role("heading", name="We won a national award", level=1).wait_for()
    assert visitor.get_by_text("every").is_visible()
    if javascript:
        assert_accessible(visitor)
