"""A member tells a story in the guided form, the lead reviews it, marks it ready and highlights it, and it appears
in the community's and the organisation's reports until the teller withdraws her consent to be quoted, in a real
browser with JavaScript (one part of the form at a time) and without (one page of sections); axe-core finds no
WCAG 2.2 AA violation on any page visited."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, ship_framework, signed_in
from copse.valuecreation.models import StoryStatus, ValueStory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    ship_framework()
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    lead = UserFactory(email="lead@example.org", name="Daniel Hughes")
    member = UserFactory(email="member@example.org", name="Priya Sharma")
    UserFactory(email="admin@example.org", name="Amara Okafor", is_programme_team=True)
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(community=community, person=member, role=Role.MEMBER)
    return community


@pytest.mark.parametrize("javascript", [True, False])
def test_a_member_tells_a_story_and_the_lead_reviews_it(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    # axe-core runs in the page: it needs JavaScript, so the pages are checked in the run with it on (the same
    # markup is served to both).
    accessible = assert_accessible if javascript else (lambda page: None)
    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.set_default_timeout(15_000)
    member.goto("/value/stories/new/?community=fbp")
    member.get_by_role("heading", name="Tell a story", level=1).wait_for()
    accessible(member)
    if javascript:
        # One part at a time: the steps are hidden until Next.
        assert member.get_by_role("button", name="Check your story").is_hidden()
        member.get_by_role("button", name="Next").click()
        member.get_by_text("Part 2 of 8").wait_for()
        member.get_by_role("button", name="Back").click()
        member.get_by_text("Part 1 of 8").wait_for()
    member.get_by_label("Title").fill("A quicker month-end close")

    def next_part() -> None:
        if javascript:
            member.get_by_role("button", name="Next").click()

    next_part()
    immediate = member.locator("#id_step-immediate-text")
    immediate.fill("Cora walked me through her reconciliation checklist at the drop-in.")
    next_part()
    next_part()
    member.locator("#id_step-applied-text").fill("We reconcile the suspense accounts weekly now.")
    member.locator("#id_step-applied-evidence").fill("not a web address")
    for _ in range(3):
        next_part()
    member.get_by_label("Members of the community").check()
    member.get_by_label("It may be quoted in reports").check()
    next_part()
    accessible(member)
    member.get_by_role("button", name="Check your story").click()
    # A bad evidence line: the message beside its field, the form shown whole, what was typed kept.
    member.get_by_text("There is a problem").wait_for()
    accessible(member)
    assert member.locator("#id_step-immediate-text").input_value().startswith("Cora walked me")
    member.locator("#id_step-applied-evidence").fill("https://intranet.example.org/finance/checklist")
    member.get_by_role("button", name="Check your story").click()
    # Check your answers: the story as it will read, nothing saved yet; change it, then tell it.
    member.get_by_role("heading", name="Check your story", level=1).wait_for()
    member.get_by_text("We reconcile the suspense accounts weekly now.").wait_for()
    assert not ValueStory.objects.exists()
    accessible(member)
    member.get_by_role("button", name="Change your answers").click()
    member.get_by_role("heading", name="Tell a story", level=1).wait_for()
    assert member.locator("#id_title").input_value() == "A quicker month-end close"
    if javascript:
        for _ in range(7):
            next_part()
    member.get_by_role("button", name="Check your story").click()
    member.get_by_role("button", name="Tell the story").click()
    member.get_by_text("Thank you: your story is told.").wait_for()
    member.get_by_text("Positive: it made things better").first.wait_for()
    accessible(member)
    member.context.close()

    story = ValueStory.objects.get()
    assert [s.cycle.key for s in story.steps.all()] == ["immediate", "applied"]

    lead = signed_in(browser, live_server, "lead@example.org", javascript=javascript)
    lead.set_default_timeout(15_000)
    lead.goto("/communities/fbp/value/stories/")
    lead.get_by_role("heading", name="Stories to review", level=1).wait_for()
    accessible(lead)
    lead.get_by_role("button", name="Mark ready for reporting").click()
    lead.get_by_text("“A quicker month-end close” is ready for reporting.").wait_for()
    lead.get_by_role("button", name="Highlight").click()
    lead.get_by_text("“A quicker month-end close” is now a highlight.").wait_for()
    accessible(lead)
    lead.get_by_role("link", name="A quicker month-end close").click()
    lead.get_by_role("heading", name="A quicker month-end close", level=1).wait_for()
    accessible(lead)
    lead.set_viewport_size({"width": 390, "height": 800})
    overflow = lead.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    lead.set_viewport_size({"width": 1280, "height": 800})

    # It appears in the community's report, reached from the Value tab, quoted as the teller allowed.
    lead.goto("/communities/fbp/value/")
    lead.get_by_role("link", name="Value-creation report").click()
    lead.get_by_role("heading", name="Value report: Finance Business Partners", level=1).wait_for()
    quote = lead.locator(".report-quote").filter(
        has_text="Cora walked me through her reconciliation checklist"
    )
    quote.first.wait_for()
    assert "Priya Sharma" in quote.first.inner_text()
    accessible(lead)
    lead.context.close()

    story.refresh_from_db()
    assert story.status == StoryStatus.READY and story.is_highlight

    # And in the organisation's report, which the programme team shows leadership.
    team = signed_in(browser, live_server, "admin@example.org", javascript=javascript)
    team.set_default_timeout(15_000)
    team.goto("/value/reports/organisation/")
    team.get_by_role("heading", name=re.compile("^Value report: "), level=1).wait_for()
    team.locator(".report-quote").filter(
        has_text="We reconcile the suspense accounts weekly now."
    ).first.wait_for()
    accessible(team)

    # The teller changes her mind: reports may no longer quote her, and they stop at once.
    teller = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    teller.set_default_timeout(15_000)
    teller.goto(f"/value/stories/{story.pk}/")
    teller.get_by_text("Change who may read it").click()
    teller.get_by_label("It may be quoted in reports").uncheck()
    accessible(teller)
    teller.get_by_role("button", name="Save who may read it").click()
    teller.get_by_text("Who may read your story is saved.").wait_for()
    teller.context.close()
    team.reload()
    team.get_by_role("heading", name="Highlighted stories").wait_for()
    assert team.locator(".report-quote").filter(has_text="We reconcile the suspense accounts").count() == 0
    team.context.close()
