"""A member asks for help, another member answers, the asker accepts the answer: the thread shows as solved and
leaves /help/. Run with JavaScript and without; axe-core checks each page of the JavaScript run."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.accounts.models import User
from copse.communities.models import Role
from copse.discussions import services
from copse.testing import (
    CommunityFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UserFactory,
    sign_in,
    signed_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    community = CommunityFactory(
        name="Finance Business Partners",
        slug="fbp",
        service_area=ServiceAreaFactory(name="Finance", slug="finance"),
    )
    asker = UserFactory(email="asker@example.org", name="Asha Asker")
    helper = UserFactory(email="helper@example.org", name="Hal Helper")
    MembershipFactory(community=community, person=UserFactory(name="Leah Lead"), role=Role.LEAD)
    MembershipFactory(community=community, person=asker)
    MembershipFactory(community=community, person=helper)
    return community


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_help_request_is_answered_and_solved(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)

    asker = signed_in(browser, live_server, "asker@example.org", javascript=javascript)
    asker.goto("/communities/fbp/discussions/")
    check(asker)
    asker.get_by_role("button", name="Ask for help").click()
    asker.get_by_label("Title").fill("How do you phase a forecast?")
    asker.get_by_label("Your post").fill("Our **monthly** phasing never matches actuals. Any tips?")
    asker.get_by_role("button", name="Preview").click()
    asker.get_by_text("It has not been posted yet.").wait_for()
    check(asker)
    asker.get_by_role("button", name="Post", exact=True).click()
    asker.get_by_role("heading", name="How do you phase a forecast?").wait_for()
    check(asker)
    thread_url = asker.url

    helper = signed_in(browser, live_server, "helper@example.org", javascript=javascript)
    helper.goto("/help/")
    helper.get_by_text("no replies yet").wait_for()
    check(helper)
    helper.get_by_role("link", name="How do you phase a forecast?").click()
    helper.get_by_label("Your reply").fill(
        "Use last year's actuals as the profile, then adjust for known events."
    )
    helper.get_by_role("button", name="Post reply").click()
    helper.get_by_text("Your reply has been posted.").wait_for()
    helper.get_by_role("button", name="Helpful for the post by Asha Asker").click()
    helper.get_by_role("button", name="Helpful (1 so far) for the post by Asha Asker").wait_for()
    check(helper)

    asker.goto(thread_url)
    asker.get_by_role("button", name="Accept as the answer (reply by Hal Helper)").click()
    asker.get_by_text("The help request now shows as solved.").wait_for()
    assert asker.get_by_text("Accepted answer", exact=True).is_visible()
    assert asker.get_by_text("Solved", exact=True).is_visible()
    check(asker)
    asker.goto("/help/")
    asker.get_by_text("No one in your communities is waiting for help.").wait_for()
    check(asker)
    asker.context.close()
    helper.context.close()


def test_discussion_pages_reflow_at_320_pixels(browser: Browser, live_server: Any, community: Any) -> None:
    asker = User.objects.get(email="asker@example.org")
    thread = services.start_thread(
        community,
        author=asker,
        kind="help",
        title="A long title " * 8,
        body="| a | b |\n|---|---|\n| 1 | 2 |\n\n" + "x" * 300,
    )
    services.reply(thread, author=User.objects.get(email="helper@example.org"), body="`" + "y" * 200 + "`")
    page = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800}).new_page()
    sign_in(page, "asker@example.org")
    for path in [
        "/communities/fbp/discussions/",
        thread.get_absolute_url(),
        "/communities/fbp/discussions/new/",
        "/help/",
    ]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px wide"
    page.context.close()
