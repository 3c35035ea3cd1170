"""A member attaches a picture and a PDF to a reply: a file Copse refuses is named beside the field, then the
picture shows in the post and the PDF downloads. Run with JavaScript and without; axe-core checks each page of
the JavaScript run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.core import demo_files
from copse.discussions import services
from copse.discussions.models import PostAttachment
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, image_bytes, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = demo_files.pdf("Meeting notes", ["Actions agreed: reconcile weekly."])


@pytest.fixture
def thread() -> Any:
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    lead = UserFactory(email="lead@example.org", name="Leah Lead")
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(
        community=community, person=UserFactory(email="member@example.org", name="Priya Sharma")
    )
    return services.start_thread(
        community, author=lead, kind="discussion", title="Month-end notes", body="How did it go?"
    )


def file(name: str, data: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": data}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_member_attaches_a_picture_and_a_pdf_to_a_reply(
    browser: Browser,
    live_server: Any,
    thread: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
    tmp_path: Path,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.set_default_timeout(15_000)
    member.goto(thread.get_absolute_url())
    check(member)

    member.get_by_label("Your reply").fill("The notes and the chart from today.")
    member.get_by_label("Attach files (optional)").set_input_files(
        [
            file("Meeting notes.pdf", NOTES, "application/pdf"),
            file("tool.pdf", b"MZ" + b"\0" * 300, "application/pdf"),
        ]
    )
    member.get_by_role("button", name="Post reply").click()
    member.get_by_text("There is a problem").wait_for()
    member.locator("#id_attachments-error").get_by_text("“tool.pdf” cannot be attached.").wait_for()
    member.get_by_text("Choose your files again before you post").wait_for()
    assert member.get_by_label("Your reply").input_value() == "The notes and the chart from today."
    check(member)

    member.get_by_label("Attach files (optional)").set_input_files(
        [
            file("Meeting notes.pdf", NOTES, "application/pdf"),
            file("Chart.png", image_bytes("PNG", (640, 360)), "image/png"),
        ]
    )
    member.get_by_label("Describe the images (optional)").fill(
        "Close days by month, falling from nine to five"
    )
    member.get_by_role("button", name="Post reply").click()
    member.get_by_text("Your reply has been posted.").wait_for()
    check(member)

    picture = member.get_by_role("img", name="Close days by month, falling from nine to five")
    picture.scroll_into_view_if_needed()
    member.wait_for_function("img => img.complete && img.naturalWidth === 640", arg=picture.element_handle())
    assert (picture.get_attribute("width"), picture.get_attribute("height")) == ("640", "360")
    member.get_by_text("PDF document,").wait_for()

    with member.expect_download() as arrived:
        member.get_by_role("link", name="Meeting notes.pdf").click()
    download = arrived.value
    assert download.suggested_filename == "Meeting notes.pdf"
    saved = tmp_path / "notes.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == NOTES
    member.context.close()
    assert [a.filename for a in PostAttachment.objects.order_by("pk")] == ["Meeting notes.pdf", "Chart.webp"]
