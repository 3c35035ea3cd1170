"""A member back after a few days: the discussions list says "2 new" on a thread they had read; opening it lands
on the first new reply; back on the list it is read; "Mark all as read" clears the rest. Run with JavaScript and
without; axe-core checks each page of the JavaScript run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from copse.communities.models import Membership, Role
from copse.discussions import services
from copse.discussions.models import Post, Thread
from copse.testing import CommunityFactory, MembershipFactory, ServiceAreaFactory, UserFactory, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "\n\n".join(f"Paragraph {n}: what we learned closing the year early, step by step." for n in range(12))


def at(post: Post | Thread, hours_ago: float) -> None:
    moment = timezone.now() - timedelta(hours=hours_ago)
    if isinstance(post, Thread):
        Thread.objects.filter(pk=post.pk).update(created_at=moment)
        Post.objects.filter(thread=post).update(created_at=moment)
    else:
        Post.objects.filter(pk=post.pk).update(created_at=moment)
    Thread.objects.get(pk=post.pk if isinstance(post, Thread) else post.thread_id).recount()


def words(locator: Any) -> str:
    return " ".join(locator.inner_text().split())


@pytest.fixture
def first_new() -> Any:
    """The community, and the first reply the member has not read yet."""
    community = CommunityFactory(
        name="Finance Business Partners",
        slug="fbp",
        service_area=ServiceAreaFactory(name="Finance", slug="finance"),
    )
    lead = UserFactory(email="lead@example.org", name="Daniel Hughes")
    core = UserFactory(email="core@example.org", name="Samira Khan")
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(community=community, person=core, role=Role.CORE)
    MembershipFactory(community=community, person=member)
    Membership.objects.filter(person=member).update(joined_at=timezone.now() - timedelta(days=60))
    thread = services.start_thread(
        community, author=lead, kind="discussion", title="Year-end tips", body=LONG
    )
    at(thread, 72)
    at(services.reply(thread, author=core, body=LONG), 48)
    services.mark_thread_read(thread, person=member, up_to=timezone.now() - timedelta(hours=47))
    first = services.reply(thread, author=core, body="We now start the accruals in October.")
    at(first, 5)
    at(services.reply(thread, author=lead, body="Same here, and it halved the rush."), 2)
    audit = services.start_thread(community, author=core, kind="help", title="Audit timetable?", body="When?")
    at(audit, 20)
    return first


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_member_lands_on_the_first_new_reply_and_marks_all_as_read(
    browser: Browser,
    live_server: Any,
    first_new: Post,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)

    page.goto("/communities/fbp/discussions/")
    tips = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Year-end tips"))
    assert (
        words(tips.locator(".badge-new")) == "2 new replies"
    )  # "2 new" to the eye, with its noun to the ear
    audit = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Audit timetable?"))
    assert words(audit.locator(".badge-new")) == "New thread"
    check(page)

    page.get_by_role("link", name="Year-end tips").click()
    page.wait_for_url(f"**/discussions/{first_new.thread_id}/#first-new")
    page.get_by_text("2 new replies since you last read this thread.").wait_for()
    reply = page.locator(f"#post-{first_new.pk}")
    assert "New" in reply.inner_text()
    if javascript:  # the browser scrolled to the first new reply, below the long earlier posts
        assert page.evaluate("window.scrollY") > 0
        box = reply.bounding_box()
        assert box is not None and -2 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]
    check(page)

    page.go_back()
    page.wait_for_url("**/communities/fbp/discussions/")
    tips = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Year-end tips"))
    assert tips.locator(".badge-new").count() == 0
    assert words(audit.locator(".badge-new")) == "New thread"

    page.get_by_role("button", name="Mark all as read in Finance Business Partners").click()
    page.get_by_text("All discussions in Finance Business Partners are marked as read.").wait_for()
    assert page.locator(".badge-new").count() == 0
    check(page)
    page.context.close()
