"""Events in the browser: a member takes a place and sees how to join online; a lead schedules an event, the
member registers, the lead cancels it with a reason and the member is told; afterwards the lead records who came
and adds the recording. axe-core checks each page of the JavaScript runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from copse.communities.models import Role
from copse.events.models import Event, Registration
from copse.testing import CommunityFactory, MembershipFactory, ServiceAreaFactory, UserFactory, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_member_takes_a_place_at_an_event(
    browser: Browser, live_server: Any, assert_accessible: Callable[[Page], None], javascript: bool
) -> None:
    community = CommunityFactory(
        name="Finance Business Partners", service_area=ServiceAreaFactory(name="Finance")
    )
    MembershipFactory(
        community=community, person=UserFactory(email="mo@example.org", name="Mo Member"), role=Role.MEMBER
    )
    start = timezone.now() + timedelta(days=5)
    Event.objects.create(
        title="Forecasting clinic",
        community=community,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://example.org/teams/clinic",
        capacity=10,
    )
    check = assert_accessible if javascript else (lambda page: None)
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    sign_in(page, "mo@example.org")
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("heading", name="Upcoming events").wait_for()
    check(page)
    page.get_by_role("link", name="Forecasting clinic").click()
    page.get_by_role("heading", name="Forecasting clinic").wait_for()
    check(page)
    page.get_by_role("button", name="Register: I'm going").click()
    page.get_by_text("You have a place.").wait_for()
    join = page.get_by_role("link", name="Join online")
    assert join.is_visible() and join.get_attribute("href") == "https://example.org/teams/clinic"
    check(page)
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_member_sees_their_place_on_the_list_and_joins_online(
    browser: Browser,
    live_server: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
    people: dict[str, Any],
) -> None:
    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(
        title="Forecasting clinic",
        community=people["community"],
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://teams.example.org/l/meetup-join/" + "x" * 80,
        capacity=20,
    )
    Registration.objects.create(event=event, person=people["member"], status="going")
    before = timezone.now() - timedelta(days=3)
    past = Event.objects.create(
        title="Year-end lessons",
        community=people["community"],
        starts_at=before,
        ends_at=before + timedelta(hours=1),
        online_url="https://teams.example.org/l/old",
    )
    Registration.objects.create(event=past, person=people["member"], status="going")
    check = assert_accessible if javascript else (lambda page: None)
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    sign_in(page, "mo@example.org")
    page.goto("/events/")
    page.get_by_role("heading", name="Upcoming events").wait_for()
    row = page.locator(".event-list > li", has_text="Forecasting clinic")
    assert row.locator(".date-tile").is_visible()
    assert row.get_by_text("You're going").is_visible()
    assert row.get_by_role("link", name="Finance Business Partners").is_visible()
    assert row.get_by_text("19 places left of 20").is_visible()
    check(page)
    row.get_by_role("link", name="Forecasting clinic").click()
    page.get_by_role("heading", name="Forecasting clinic").wait_for()
    assert page.get_by_role("link", name="Join online").is_visible()
    assert page.get_by_role("link", name="Add to my calendar").is_visible()
    check(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Events").click()
    page.get_by_role("link", name="Past", exact=True).click()
    page.get_by_role("heading", name="Past events").wait_for()
    check(page)
    page.get_by_role("link", name="Year-end lessons").click()
    page.get_by_role("heading", name="Year-end lessons").wait_for()
    assert page.get_by_text("You had a place.").is_visible()
    assert page.get_by_text("Add to my calendar").count() == 0
    assert page.get_by_role("link", name="Join online").count() == 0
    check(page)
    page.context.close()


@pytest.fixture
def people() -> dict[str, Any]:
    community = CommunityFactory(
        name="Finance Business Partners", slug="fbp", service_area=ServiceAreaFactory(name="Finance")
    )
    lead = UserFactory(email="lee@example.org", name="Lee Lead")
    member = UserFactory(email="mo@example.org", name="Mo Member")
    MembershipFactory(community=community, person=lead, role=Role.LEAD)
    MembershipFactory(community=community, person=member, role=Role.MEMBER)
    return {"community": community, "lead": lead, "member": member}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_lead_schedules_and_cancels_and_the_member_is_told(
    browser: Browser,
    live_server: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
    people: dict[str, Any],
) -> None:
    check = assert_accessible if javascript else (lambda page: None)

    def signed_in(email: str) -> Page:
        page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
        sign_in(page, email)
        return page

    lead = signed_in("lee@example.org")
    lead.goto("/communities/fbp/")
    lead.get_by_role("link", name="Schedule an event").click()
    lead.get_by_role("heading", name="Schedule an event").wait_for()
    check(lead)
    lead.get_by_role("button", name="Schedule the event").click()  # empty: every required field is named
    lead.get_by_role("heading", name="There is a problem").wait_for()
    check(lead)
    start = (timezone.localtime() + timedelta(days=10)).replace(hour=14, minute=0)
    lead.get_by_label("Title").fill("Budget forecasting clinic")
    assert lead.get_by_label("Hosted by").input_value() == str(people["community"].pk)
    lead.get_by_label("Members of the community", exact=True).check()
    lead.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    lead.get_by_label("Ends").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    lead.get_by_label("Online meeting link").fill("https://teams.example.org/l/clinic")
    lead.get_by_label("Places (optional)").fill("12")
    lead.get_by_label("Name").first.fill("Dr Ada Guest")
    lead.get_by_label("Organisation or role").first.fill("Office for Budget Responsibility")
    lead.get_by_role("button", name="Schedule the event").click()
    lead.get_by_text("The event is scheduled.").wait_for()
    check(lead)
    event = Event.objects.get(title="Budget forecasting clinic")

    member = signed_in("mo@example.org")
    member.goto("/events/month/?month=" + start.strftime("%Y-%m"))
    member.get_by_role("heading", name=f"Events in {start:%B %Y}").wait_for()
    check(member)
    member.get_by_role("link", name="2:00pm Budget forecasting clinic").click()
    member.get_by_role("button", name="Register: I'm going").click()
    member.get_by_text("You have a place.").wait_for()
    check(member)

    lead.goto(event.get_absolute_url())
    lead.get_by_role("link", name="Cancel the event").click()
    lead.get_by_role("heading", name="Cancel Budget forecasting clinic").wait_for()
    assert lead.get_by_text("1 person has a place").is_visible()
    check(lead)
    lead.get_by_label("Why is the event cancelled?").fill(
        "Our speaker has been called to a Treasury meeting."
    )
    lead.get_by_role("button", name="Cancel the event").click()
    lead.get_by_text("The event is cancelled.").wait_for()
    check(lead)

    member.goto("/")
    member.get_by_role("link", name="Notifications, 1 unread").click()
    member.get_by_role("link", name="Cancelled: “Budget forecasting clinic”", exact=False).click()
    member.get_by_text("This event was cancelled").wait_for()
    assert member.get_by_text("The reason: Our speaker has been called to a Treasury meeting.").is_visible()
    assert member.get_by_text("You had a place, but the event was cancelled.").is_visible()
    check(member)
    lead.context.close()
    member.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_after_the_event_the_lead_records_attendance_and_the_recording(
    browser: Browser,
    live_server: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
    people: dict[str, Any],
) -> None:
    check = assert_accessible if javascript else (lambda page: None)
    start = timezone.now() - timedelta(days=1)
    event = Event.objects.create(
        title="Year-end lessons",
        community=people["community"],
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    Registration.objects.create(event=event, person=people["member"], status="going")
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    sign_in(page, "lee@example.org")
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Registrations and attendance").click()
    page.get_by_role("heading", name="Registrations and attendance").wait_for()
    check(page)
    page.get_by_label("Mo Member").check()
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved: 1 of 1 came.").wait_for()
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Recording and materials").click()
    page.get_by_role("heading", name="Recording and materials").wait_for()
    check(page)
    page.get_by_label("Summary (optional)").fill("We compared three ways to close the year.")
    page.get_by_label("Link text").first.fill("Recording on Stream")
    page.get_by_label("Web address").first.fill("https://stream.example.org/v/123")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The summary and materials are saved.").wait_for()
    assert page.get_by_role("link", name="Watch the recording").is_visible()
    check(page)
    page.goto("/events/calendars/")
    page.get_by_role("heading", name="Calendar subscriptions").wait_for()
    check(page)
    page.context.close()
    assert Registration.objects.get(event=event).attended


# Every element whose right edge is past the viewport's, named so a failure says what to fix.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest(".visually-hidden"))
    // What a closed menu holds is not on the screen (only its summary is).
    .filter((el) => {
      const menu = el.closest("details:not([open])");
      return !menu || el.closest("summary")?.parentElement === menu;
    })
    .filter((el) => { const s = getComputedStyle(el); return s.visibility !== "hidden" && s.display !== "none"; })
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_event_pages_reflow_on_a_phone(
    browser: Browser, live_server: Any, people: dict[str, Any], width: int
) -> None:
    start = timezone.now() + timedelta(days=1)
    event = Event.objects.create(
        title="A long title for an event " * 4,
        community=people["community"],
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        # A Teams meeting address is often this long; people going must not get a page wider than their phone.
        online_url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "x" * 250,
        capacity=30,
    )
    assert len(event.online_url) >= 300
    Registration.objects.create(event=event, person=people["lead"], status="going")
    page = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800}).new_page()
    sign_in(page, "lee@example.org")
    for path in [
        "/events/",
        f"/events/month/?month={timezone.localdate(start):%Y-%m}",
        event.get_absolute_url(),
        "/events/new/",
        f"/events/{event.pk}/cancel/",
        "/events/calendars/",
        "/",
    ]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px wide"
        if path == event.get_absolute_url():
            assert page.get_by_role("link", name="Join online").is_visible()
            assert page.evaluate(TOO_WIDE) == [], f"{path} at {width}px"
    page.context.close()
