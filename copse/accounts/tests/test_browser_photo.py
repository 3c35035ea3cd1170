"""A member adds a photo on /me/ and sees their face there and on their profile, in a real browser, with
JavaScript and without; axe-core checks each page it visits in the JavaScript run (it needs JavaScript)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.testing import UserFactory, image_bytes, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown_photo(page: Page, size: str) -> str:
    """The address of the face of that size on the page, checked to serve a WebP picture to this person."""
    face = page.locator(f"main img.avatar.avatar-{size}")
    face.wait_for()
    source = face.get_attribute("src")
    assert source
    response = page.request.get(source)
    assert response.status == 200
    assert response.headers["content-type"] == "image/webp"
    return source


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_member_adds_a_photo_and_sees_their_face(
    browser: Browser, live_server: Any, assert_accessible: Callable[[Page], None], javascript: bool
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    UserFactory(email="member@example.org", name="Priya Sharma", profile={"job_title": "Payroll Officer"})
    page = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    broken: list[str] = []

    def on_response(response: Any) -> None:
        if response.request.resource_type == "image" and response.status >= 400:
            broken.append(response.url)

    page.on("response", on_response)

    page.goto("/me/")
    page.get_by_text("You have no photo yet").wait_for()
    check(page)

    # A text file with a photo's name is refused beside the field.
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": b"This is not a photo."}
    )
    page.get_by_role("button", name="Upload photo").click()
    page.locator("#id_photo-error").get_by_text("Choose a JPEG, PNG or WebP image").wait_for()
    check(page)

    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (900, 700))}
    )
    page.get_by_role("button", name="Upload photo").click()
    page.get_by_text("Your photo has been saved.").wait_for()
    source = shown_photo(page, "xl")
    check(page)

    page.get_by_role("link", name="your profile page").click()
    page.get_by_role("heading", name="Priya Sharma").wait_for()
    assert shown_photo(page, "xl") == source
    check(page)

    page.goto("/me/")
    page.get_by_role("button", name="Remove photo").click()
    page.get_by_text("Your photo has been removed.").wait_for()
    assert page.locator("main img.avatar").count() == 0
    check(page)
    assert not broken, broken
