"""The library in a real browser, with JavaScript and without: a lead adds a best-practice file and a member
downloads it; a member saves a solved help request to the library. axe-core finds no WCAG 2.2 AA violation on any
page visited with JavaScript on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from copse.communities.models import Role
from copse.discussions.services import accept_answer, reply, start_thread
from copse.library.demo import pdf
from copse.library.models import Resource
from copse.testing import CommunityFactory, MembershipFactory, UserFactory, signed_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = pdf("Month-end close checklist", ["Day 1: accruals agreed.", "Day 5: sign-off."])


@pytest.fixture
def community() -> Any:
    community = CommunityFactory(name="Finance Business Partners", slug="fbp")
    for email, name, role in (
        ("lead@example.org", "Daniel Hughes", Role.LEAD),
        ("member@example.org", "Priya Sharma", Role.MEMBER),
        ("core@example.org", "Cora Core", Role.CORE),
    ):
        MembershipFactory(community=community, person=UserFactory(email=email, name=name), role=role)
    return community


@pytest.mark.parametrize("javascript", [True, False])
def test_a_lead_adds_a_best_practice_file_and_a_member_downloads_it(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
    tmp_path: Path,
) -> None:
    accessible = assert_accessible if javascript else (lambda page: None)
    checklist = tmp_path / "Month-end close checklist.pdf"
    checklist.write_bytes(PDF)
    renamed = tmp_path / "Budget.pdf"
    renamed.write_bytes(b"<!doctype html><script>alert(1)</script>")

    lead = signed_in(browser, live_server, "lead@example.org", javascript=javascript)
    lead.set_default_timeout(15_000)
    lead.goto("/communities/fbp/library/")
    accessible(lead)
    lead.get_by_role("link", name="Add a file").click()
    lead.get_by_role("heading", name="Add a file").wait_for()
    accessible(lead)
    lead.get_by_label("Title").fill("Month-end close checklist")
    lead.get_by_label("File", exact=True).set_input_files(str(renamed))
    lead.get_by_role("button", name="Add to the library").click()
    lead.get_by_text("There is a problem").wait_for()
    lead.get_by_text("Copse cannot keep this kind of file.").first.wait_for()
    accessible(lead)
    lead.get_by_label("File", exact=True).set_input_files(str(checklist))
    lead.get_by_label("Tags").fill("month-end, checklist")
    lead.get_by_role("button", name="Add to the library").click()
    lead.get_by_text("“Month-end close checklist” is in the library.").wait_for()
    accessible(lead)
    lead.get_by_role("button", name="Mark as best practice").click()
    lead.get_by_text("It is marked as best practice wherever it is listed.").wait_for()
    accessible(lead)
    lead.context.close()
    resource = Resource.objects.get()
    assert resource.is_best_practice

    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.set_default_timeout(15_000)
    member.goto("/library/?best=on")
    accessible(member)
    member.get_by_role("link", name="Month-end close checklist").click()
    member.get_by_role("heading", name="Month-end close checklist").wait_for()
    accessible(member)
    with member.expect_download() as downloading:
        member.get_by_role("link", name="Download").click()
    download = downloading.value
    assert download.suggested_filename == "Month-end close checklist.pdf"
    assert Path(download.path()).read_bytes() == PDF
    member.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_member_saves_a_solved_help_request_to_the_library(
    browser: Browser,
    live_server: Any,
    community: Any,
    assert_accessible: Callable[[Page], None],
    javascript: bool,
) -> None:
    accessible = assert_accessible if javascript else (lambda page: None)
    member_user = community.memberships.get(role=Role.MEMBER).person
    core_user = community.memberships.get(role=Role.CORE).person
    thread = start_thread(
        community, author=member_user, kind="help", title="How do I accrue for a late invoice?", body="Stuck."
    )
    answer = reply(thread, author=core_user, body="Raise an accrual with the purchase order number.")
    accept_answer(thread, post=answer)

    member = signed_in(browser, live_server, "member@example.org", javascript=javascript)
    member.set_default_timeout(15_000)
    member.goto(thread.get_absolute_url())
    accessible(member)
    member.get_by_role("link", name="Save to the library").click()
    member.get_by_role("heading", name="Save “How do I accrue for a late invoice?” to the library").wait_for()
    accessible(member)
    assert "Raise an accrual" in member.get_by_label("Page").input_value()
    member.get_by_label("Summary").fill("Accruing for an invoice that arrives after month-end.")
    member.get_by_role("button", name="Save to the library").click()
    member.get_by_text("is saved in the library, crediting the thread’s authors.").wait_for()
    member.get_by_text("Raise an accrual with the purchase order number.").wait_for()
    member.get_by_role("link", name="How do I accrue for a late invoice?").wait_for()
    accessible(member)
    member.get_by_role("link", name="How do I accrue for a late invoice?").click()
    member.get_by_text("Saved in the library as").wait_for()
    member.context.close()
    resource = Resource.objects.get()
    assert resource.source_thread_id == thread.pk
    assert set(resource.credited.all()) == {member_user, core_user}
