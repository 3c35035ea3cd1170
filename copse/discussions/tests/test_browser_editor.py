"""A member writes a reply with the editor: Bold from the toolbar, then an @ suggestion chosen with the keyboard;
the posted reply shows the bold text and the person's name linked to their profile. Without JavaScript the plain
textarea posts the same reply with a typed mention. axe-core checks each page of the JavaScript run, with the
suggestions open too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.discussions import services
from copse.testing import CommunityFactory, MembershipFactory, ServiceAreaFactory, UserFactory, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "**Thanks** @Priya Sharma for the template."


@pytest.fixture
def thread() -> Any:
    community = CommunityFactory(
        name="Finance Business Partners",
        slug="fbp",
        service_area=ServiceAreaFactory(name="Finance", slug="finance"),
    )
    priya = UserFactory(
        email="priya.sharma@example.org",
        name="Priya Sharma",
        profile={"job_title": "Finance Business Partner"},
    )
    writer = UserFactory(email="writer@example.org", name="Wyn Writer")
    MembershipFactory(community=community, person=priya)
    MembershipFactory(community=community, person=writer)
    MembershipFactory(community=community, person=UserFactory(name="Prakash Patel"))
    return services.start_thread(
        community,
        author=priya,
        kind="idea",
        title="A shared forecast template",
        body="Shall we?",
        notify=False,
    )


def check_reply(page: Page, thread: Any) -> None:
    page.get_by_text("Your reply has been posted.").wait_for()
    reply = page.locator(".post-body").last
    assert reply.locator("strong").inner_text() == "Thanks"
    mention = reply.get_by_role("link", name="@Priya Sharma")
    assert mention.get_attribute("href") == thread.author.get_absolute_url()


def test_a_reply_with_the_toolbar_and_a_suggestion_chosen_with_the_keyboard(
    browser: Browser, live_server: Any, thread: Any, assert_accessible: Callable[[Page], None]
) -> None:
    page = signed_in(browser, live_server, "writer@example.org")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    toolbar.wait_for()
    assert_accessible(page)

    box.click()
    toolbar.get_by_role("button", name="Bold").click()  # "**bold text**", the placeholder chosen
    page.keyboard.type("Thanks")
    page.keyboard.press("End")
    page.keyboard.type(" @pr")
    listbox = page.get_by_role("listbox", name="People to mention")
    listbox.get_by_role("option").first.wait_for()
    assert listbox.get_by_role("option").count() == 2  # Prakash Patel and Priya Sharma, not the writer
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    chosen = listbox.get_by_role("option", selected=True)
    assert "Priya Sharma" in chosen.inner_text()
    assert "Finance Business Partner" in chosen.inner_text()
    assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    page.keyboard.press("Enter")
    assert listbox.is_hidden()
    page.keyboard.type("for the template.")
    assert box.input_value() == REPLY

    # Ctrl+I and undo: the shortcut wraps, and Ctrl+Z takes it back in one step.
    page.keyboard.press("Control+i")
    assert box.input_value() == REPLY + "_italic text_"
    page.keyboard.press("Control+z")
    assert box.input_value() == REPLY

    page.get_by_role("button", name="Post reply").click()
    check_reply(page, thread)
    assert_accessible(page)
    assert errors == []


def test_without_javascript_the_textarea_posts_the_same_reply_with_a_typed_mention(
    browser: Browser, live_server: Any, thread: Any
) -> None:
    page = signed_in(browser, live_server, "writer@example.org", javascript=False)
    page.goto(thread.get_absolute_url())
    assert page.get_by_role("toolbar").count() == 0
    page.get_by_text("Mention someone with @ and their name.").wait_for()
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Post reply").click()
    check_reply(page, thread)
