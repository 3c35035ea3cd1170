"""A value survey in a real browser, with JavaScript and without: a lead writes a one-question survey and sends
it, a member answers it, and the lead reads the results (hidden until five have answered). axe-core finds no WCAG
2.2 AA violation on any page visited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from copse.communities.models import Role
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, ship_framework, signed_in
from copse.valuecreation.models import Survey
from copse.valuecreation.services import surveys

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community() -> Any:
    ship_framework()
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    MembershipFactory(
        community=community, person=UserFactory(email="lead@example.org", name="Leah Lead"), role=Role.LEAD
    )
    MembershipFactory(community=community, person=UserFactory(email="member@example.org", name="Mo Member"))
    for n in range(4):
        MembershipFactory(community=community, person=UserFactory(name=f"Colleague {n}"))
    return community


@pytest.mark.parametrize("javascript", [True, False])
def test_a_lead_asks_the_members_and_reads_what_they_said(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    def check(page: Page) -> None:
        if javascript:
            assert_accessible(page)

    lead = signed_in(browser, live_server, "lead@example.org", javascript=javascript)
    lead.goto("/communities/fbp/value/surveys/")
    lead.get_by_role("heading", name="Surveys of Finance Business Partners", level=1).wait_for()
    check(lead)
    lead.get_by_role("link", name="Create a survey").first.click()
    lead.get_by_label("Title").fill("How is this term going?")
    lead.get_by_label("Closes on").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    lead.get_by_label("Opens on").fill("2000-01-01")
    lead.get_by_role("button", name="Create the survey").click()
    lead.get_by_text("There is a problem").wait_for()
    check(lead)
    lead.get_by_label("Opens on").fill(timezone.localdate().isoformat())
    lead.get_by_role("button", name="Create the survey").click()
    lead.get_by_text("The survey is saved. Now add its questions.").wait_for()
    check(lead)
    lead.get_by_role("link", name="Add a question").first.click()
    lead.get_by_label("Question").fill("How useful has the community been this term?")
    lead.get_by_label("Cycle").select_option(label="Immediate value")
    lead.get_by_label("Indicator").select_option(label="Quality of interactions (Immediate value)")
    check(lead)
    lead.get_by_role("button", name="Save the question").click()
    lead.get_by_text("The question is saved.").wait_for()
    lead.get_by_role("button", name="Send the survey").click()
    lead.get_by_text("The survey is sent to 5 people.").wait_for()
    check(lead)

    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.goto("/communities/fbp/value/surveys/")
    member.get_by_role("link", name="Answer").click()
    member.get_by_role("heading", name="How is this term going?", level=1).wait_for()
    check(member)
    member.get_by_label("4", exact=True).check()
    member.get_by_role("button", name="Send my answers").click()
    member.get_by_text("Thank you: your answers are sent.").wait_for()
    member.get_by_text("You have already answered this survey.").wait_for()
    check(member)
    member.context.close()

    lead.reload()
    lead.get_by_text("Results show once the survey has closed and 5 people have answered").wait_for()
    check(lead)
    survey = Survey.objects.get()
    question = survey.questions.get()
    for person in community.memberships.exclude(person__email__in=["lead@example.org", "member@example.org"]):
        surveys.answer_survey(survey, person=person.person, answers={question.pk: "5"})
    lead.reload()
    lead.get_by_text("5 people have answered.").wait_for()
    # Anonymous: nothing shows while people may still be answering, so the lead closes it now.
    assert lead.get_by_text("4.8").count() == 0
    lead.get_by_role("button", name="Close now").click()
    lead.get_by_text("Closed and recorded").wait_for()
    assert lead.get_by_text("4.8").count() == 1
    check(lead)
    lead.set_viewport_size({"width": 390, "height": 800})
    overflow = lead.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    lead.context.close()
