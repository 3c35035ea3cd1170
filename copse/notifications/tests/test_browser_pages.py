"""The notifications pages in Chromium: axe-core finds no WCAG 2.2 AA violations, and the journey works."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.notifications.emails import unsubscribe_token
from copse.testing import NotificationFactory, UserFactory, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_read_notifications_and_choose_emails(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    person: Any = UserFactory(email="mo@example.org", name="Mo Member")
    NotificationFactory(recipient=person, title="Cora Core replied to Year-end tips", url="/accessibility/")
    NotificationFactory(recipient=person, title="Sam asked for help with VAT", url="/accessibility/")
    sign_in(page, "mo@example.org")

    page.get_by_role("link", name="Notifications, 2 unread").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Notifications"
    assert_accessible(page)
    page.get_by_role("link", name="Cora Core replied to Year-end tips").click()
    page.wait_for_url("**/accessibility/")
    assert page.get_by_role("link", name="Notifications, 1 unread").is_visible()

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_text("1 notification marked as read.").is_visible()

    page.goto("/me/notifications/")
    assert_accessible(page)
    page.get_by_role("group", name="Mentions").get_by_label("Weekly digest email").check()
    page.get_by_role("button", name="Save preferences").click()
    assert page.get_by_text("Your email preferences have been saved.").is_visible()
    assert page.get_by_role("group", name="Mentions").get_by_label("Weekly digest email").is_checked()

    page.goto(f"/notifications/unsubscribe/{unsubscribe_token(person.pk, 'mentions')}/")
    assert_accessible(page)
    page.get_by_role("button", name="Stop these emails").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Emails stopped"
    assert_accessible(page)
