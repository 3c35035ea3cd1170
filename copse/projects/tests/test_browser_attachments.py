"""A team member posts a project update with a PDF and a chart: the chart shows on the project page and the PDF
downloads; axe-core finds no WCAG 2.2 AA violation on the form, its refusal or the page with the files."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.core import demo_files
from copse.projects import services
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, image_bytes, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = demo_files.pdf("Close timetable", ["Working day 5: reports issued."])


@pytest.fixture
def project() -> Any:
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    MembershipFactory(community=community, person=member, role=Role.MEMBER)
    return services.propose_project(community, by=member, title="Month-end close in five days")


def test_a_team_member_posts_an_update_with_a_pdf_and_a_chart(
    browser: Browser, live_server: Any, project: Any, assert_accessible: Callable[[Page], None]
) -> None:
    member = signed_in(browser, live_server, "member@example.org")
    member.set_default_timeout(15_000)
    member.goto(project.get_absolute_url())
    assert_accessible(member)
    member.get_by_label("What has happened").fill("The timetable is agreed.")
    member.get_by_label("Attach files (optional)").set_input_files(
        [{"name": "Timetable.exe", "mimeType": "application/octet-stream", "buffer": b"MZ" + b"\0" * 300}]
    )
    member.get_by_role("button", name="Post the update").click()
    member.locator("#id_attachments-error").get_by_text("“Timetable.exe” cannot be attached.").wait_for()
    assert_accessible(member)

    member.get_by_label("Attach files (optional)").set_input_files(
        [
            {"name": "Close timetable.pdf", "mimeType": "application/pdf", "buffer": PLAN},
            {"name": "Days to close.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (480, 270))},
        ]
    )
    member.get_by_label("Describe the images (optional)").fill("Days to close falling from nine to five")
    member.get_by_role("button", name="Post the update").click()
    member.get_by_text("Your update is posted.").wait_for()
    assert_accessible(member)
    chart = member.get_by_role("img", name="Days to close falling from nine to five")
    chart.scroll_into_view_if_needed()
    member.wait_for_function("img => img.complete && img.naturalWidth === 480", arg=chart.element_handle())
    with member.expect_download() as arrived:
        member.get_by_role("link", name="Close timetable.pdf").click()
    assert arrived.value.suggested_filename == "Close timetable.pdf"
    member.context.close()
