"""What people notice of the patterns work, in a real browser, with JavaScript and without; axe-core checks each
page of the JavaScript run:

- a member adds the name they are known by; the lead's request queue shows it with the HR name, job title and
  department, and refuses nobody's look-alike of another person's name;
- the moderation queue lists only the post someone reported, with who wrote it and their role;
- "Schedule an event" opens without an error summary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.accounts.models import Department
from copse.communities.models import Role
from copse.testing import (
    CommunityFactory,
    FlagFactory,
    JoinRequestFactory,
    MembershipFactory,
    PostFactory,
    ServiceAreaFactory,
    ThreadFactory,
    UserFactory,
    signed_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    finance = Department.objects.create(name="Finance Office")
    community = CommunityFactory(
        name="Finance Business Partners",
        slug="fbp",
        service_area=ServiceAreaFactory(name="Finance", slug="finance"),
    )
    lead = UserFactory(email="lead@example.org", name="Daniel Hughes")
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)
    asker = UserFactory(
        email="asker@example.org",
        name="Samira Khan",
        profile={"job_title": "Management Accountant", "department": finance},
    )
    JoinRequestFactory(community=community, person=asker, message="I partner with budget holders too.")
    thread = ThreadFactory(community=community, author=lead, title="Month-end tips")
    for n in range(5):
        PostFactory(thread=thread, author=lead, body=f"Tip number {n}.")
    FlagFactory(post=PostFactory(thread=thread, author=asker, body="A reply someone reported."))
    return community


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_known_as_names_and_the_person_beside_their_name(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    check = assert_accessible if javascript else (lambda page: None)

    asker = signed_in(browser, live_server, "asker@example.org", javascript=javascript)
    asker.goto("/me/")
    check(asker)
    asker.get_by_label("Known as").fill("Amara Okafor")  # the programme team's name: refused
    asker.get_by_role("button", name="Save").click()
    asker.get_by_text("This is the name of someone else here.").first.wait_for()
    check(asker)
    asker.get_by_label("Known as").fill("Sam")
    asker.get_by_role("button", name="Save").click()
    asker.get_by_text("Your profile has been saved").wait_for()
    asker.context.close()

    lead = signed_in(browser, live_server, "lead@example.org", javascript=javascript)
    lead.goto("/communities/fbp/requests/")
    row = lead.get_by_role("main")
    row.get_by_text("Sam (Samira Khan)").first.wait_for()
    assert "Management Accountant, Finance Office" in row.inner_text()
    check(lead)

    lead.goto("/communities/fbp/moderation/")
    lead.get_by_role("heading", name="Reported posts (1)").wait_for()
    assert "A reply someone reported." in lead.content()
    assert "Tip number 3." not in lead.content()
    check(lead)

    lead.goto("/events/new/?community=fbp")
    lead.get_by_role("heading", name="Schedule an event").wait_for()
    assert lead.locator(".error-summary").count() == 0
    check(lead)
    lead.context.close()
