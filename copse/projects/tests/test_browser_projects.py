"""A project from proposal to a story about it, in a real browser, with JavaScript and without: axe-core finds no
WCAG 2.2 AA violation on any page visited with JavaScript on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.projects.models import Project, Status
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, ship_framework, signed_in
from copse.valuecreation.models import ValueStory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    ship_framework()
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    for email, name, role in (
        ("lead@example.org", "Daniel Hughes", Role.LEAD),
        ("member@example.org", "Priya Sharma", Role.MEMBER),
        ("core@example.org", "Cora Core", Role.CORE),
    ):
        MembershipFactory(community=community, person=UserFactory(email=email, name=name), role=role)
    return community


@pytest.mark.parametrize("javascript", [True, False])
def test_a_project_from_proposal_to_a_story(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    accessible = assert_accessible if javascript else (lambda page: None)
    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.set_default_timeout(15_000)
    member.goto("/communities/fbp/projects/")
    accessible(member)
    member.get_by_role("link", name="Propose a project").click()
    member.get_by_role("heading", name="Propose a project in Finance Business Partners").wait_for()
    accessible(member)
    member.get_by_label("Title").fill("Month-end close in five days")
    member.get_by_label("Starts on").fill("2026-05-01")
    member.get_by_label("Ends on").fill("2026-04-01")
    member.get_by_role("button", name="Propose the project").click()
    member.get_by_text("There is a problem").wait_for()
    accessible(member)
    member.get_by_label("Ends on").fill("2026-10-01")
    member.get_by_label("Problem or opportunity").fill("Month-end close takes nine working days.")
    member.get_by_role("button", name="Propose the project").click()
    member.get_by_text("Your project is proposed.").wait_for()
    accessible(member)
    project = Project.objects.get()
    assert project.status == Status.IDEA and project.owner is not None

    lead = signed_in(browser, live_server, "lead@example.org", javascript=javascript)
    lead.set_default_timeout(15_000)
    lead.goto(project.get_absolute_url())
    lead.get_by_role("link", name="Edit the project").click()
    accessible(lead)
    lead.get_by_label("Status").select_option("active")
    lead.get_by_label("Cora Core").check()
    lead.get_by_role("button", name="Save changes").click()
    lead.get_by_text("The project is saved.").wait_for()
    accessible(lead)
    lead.context.close()

    core = signed_in(browser, live_server, "core@example.org", javascript=javascript)
    core.set_default_timeout(15_000)
    core.goto(project.get_absolute_url())
    core.get_by_label("What has happened").fill("We reconcile weekly now.")
    core.get_by_role("button", name="Post the update").click()
    core.get_by_text("Your update is posted.").wait_for()
    core.get_by_text("We reconcile weekly now.").wait_for()
    accessible(core)
    core.context.close()

    member.goto(project.get_absolute_url())
    member.get_by_text("We reconcile weekly now.").wait_for()
    member.get_by_role("link", name="Tell a story about this project").click()
    member.get_by_text("This story is about the project").wait_for()
    accessible(member)
    member.get_by_label("Title").fill("A quicker month-end close")
    if javascript:
        member.get_by_role("button", name="Next").click()
    member.locator("#id_step-immediate-text").fill("The team showed me how they reconcile each week.")
    if javascript:
        for _ in range(6):
            member.get_by_role("button", name="Next").click()
    member.get_by_role("button", name="Check your story").click()
    member.get_by_role("heading", name="Check your story", level=1).wait_for()
    member.get_by_role("button", name="Tell the story").click()
    member.get_by_text("Thank you: your story is told.").wait_for()
    member.get_by_role("link", name="the project “Month-end close in five days”").wait_for()
    accessible(member)
    member.get_by_role("link", name="the project “Month-end close in five days”").click()
    member.get_by_role("link", name="A quicker month-end close").wait_for()
    member.context.close()
    story = ValueStory.objects.get()
    assert story.project_id == project.pk
