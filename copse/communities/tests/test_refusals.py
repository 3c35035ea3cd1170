"""Each refusal of the community workflows says what sort of no it is, and the pages answer it by its kind;
requests and memberships are fetched and authorised in one call."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.communities import services
from copse.communities.models import Community, JoinRequest, Membership, Role, Status
from copse.communities.permissions import get_join_request_for, get_membership_for, viewer_role
from copse.core.demo import demo_steps
from copse.core.refusals import Kind, Refused
from copse.core.text import LINE_MESSAGE
from copse.testing import CommunityFactory, JoinRequestFactory, MembershipFactory, PersonasTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class RefusalKindTests(PersonasTestCase):
    def refusal(self, call: Callable[[], object]) -> Refused:
        with self.assertRaises(Refused) as refused:
            call()
        return refused.exception

    def test_each_refusal_has_its_kind_and_field(self) -> None:
        retired = CommunityFactory(status=Status.RETIRED, visibility="open")
        pending = JoinRequestFactory(community=self.community, person=self.outsider)
        lead = Membership.objects.get(community=self.community, person=self.lead)
        cases = {
            "joining a retired community": (
                lambda: services.join_community(retired, person=self.outsider),
                Kind.CONFLICT,
                None,
            ),
            "joining an on-request community": (
                lambda: services.join_community(self.community, person=self.outsider),
                Kind.FORBIDDEN,
                None,
            ),
            "asking with no message": (
                lambda: services.request_to_join(self.community, person=self.outsider, message=" "),
                Kind.INVALID,
                "message",
            ),
            "asking a private community": (
                lambda: services.request_to_join(self.private_community, person=self.outsider, message="Hi"),
                Kind.FORBIDDEN,
                None,
            ),
            "asking when a member": (
                lambda: services.request_to_join(self.community, person=self.member, message="Hi"),
                Kind.CONFLICT,
                None,
            ),
            "withdrawing someone else's request": (
                lambda: services.withdraw_request(pending, person=self.lead),
                Kind.FORBIDDEN,
                None,
            ),
            "a reason too long": (
                lambda: services.decide_request(pending, by=self.lead, approve=False, reason="x" * 1001),
                Kind.INVALID,
                "reason",
            ),
            "a reason of two lines": (
                lambda: services.decide_request(pending, by=self.lead, approve=False, reason="No\nthanks"),
                Kind.INVALID,
                "reason",
            ),
            "adding a member twice": (
                lambda: services.add_member(self.community, person=self.member, by=self.lead),
                Kind.CONFLICT,
                "email",
            ),
            "the last lead leaving": (
                lambda: services.leave_community(self.community, person=self.lead),
                Kind.CONFLICT,
                None,
            ),
            "leaving when not a member": (
                lambda: services.leave_community(self.community, person=self.outsider),
                Kind.CONFLICT,
                None,
            ),
            "an unknown role": (
                lambda: services.change_role(lead, role="boss", by=self.lead),
                Kind.INVALID,
                "role",
            ),
            "demoting the last lead": (
                lambda: services.change_role(lead, role=Role.MEMBER, by=self.lead),
                Kind.CONFLICT,
                None,
            ),
            "removing the last lead": (
                lambda: services.remove_member(lead, by=self.programme_admin),
                Kind.CONFLICT,
                None,
            ),
            "deciding an active community as a proposal": (
                lambda: services.decide_proposal(self.community, by=self.programme_admin, approve=True),
                Kind.CONFLICT,
                None,
            ),
            "a move the lifecycle does not allow": (
                lambda: services.change_status(self.community, by=self.programme_admin, status=Status.ACTIVE),
                Kind.CONFLICT,
                "status",
            ),
        }
        for what, (call, kind, field) in cases.items():
            with self.subTest(what):
                refusal = self.refusal(call)
                assert (refusal.kind, refusal.field) == (kind, field), refusal.message

    def test_deciding_a_decided_request_is_a_conflict(self) -> None:
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)
        services.decide_request(join_request, by=self.lead, approve=True)
        assert (
            self.refusal(lambda: services.decide_request(join_request, by=self.core, approve=False)).kind
            == Kind.CONFLICT
        )


class RefusalPageTests(PersonasTestCase):
    def test_a_conflict_on_a_page_is_shown_on_the_next_page(self) -> None:
        response = self.client_for("lead").post("/communities/fbp/leave/", follow=True)
        assert "You are the only lead of Finance Business Partners" in response.content.decode()
        assert Membership.objects.current().filter(community=self.community, person=self.lead).exists()

    def test_a_conflict_by_htmx_is_the_panel_with_409(self) -> None:
        response = self.client_for("lead").post("/communities/fbp/leave/", **HTMX)
        assert response.status_code == 409
        assert "You are the only lead" in response.content.decode()
        assert "<html" not in response.content.decode()

    def test_a_refusal_asked_for_as_json_is_its_kind_and_message(self) -> None:
        response = self.client_for("lead").post("/communities/fbp/leave/", HTTP_ACCEPT="application/json")
        assert response.status_code == 409
        assert response.json()["error"]["kind"] == "conflict"

    def test_adding_a_member_twice_is_shown_beside_the_email(self) -> None:
        response = self.client_for("lead").post(
            "/communities/fbp/members/add/", {"email": "member@example.org"}
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "Mo Member is already a member of Finance Business Partners." in html
        assert 'href="#id_email"' in html

    def test_a_reason_with_a_line_break_is_refused_and_nothing_changes(self) -> None:
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)
        response = self.client_for("lead").post(
            f"/communities/fbp/requests/{join_request.pk}/",
            {"decision": "decline", "reason": "No\r\nBcc: x"},
            **HTMX,
        )
        assert response.status_code == 400
        assert JoinRequest.objects.get(pk=join_request.pk).is_pending

    def test_an_edit_with_a_two_line_meeting_time_is_refused_beside_the_field(self) -> None:
        data = {
            "purpose": "Partnering.",
            "meeting_cadence": "Monthly\r\nand more",
            "visibility": "on_request",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        }
        response = self.client_for("lead").post("/communities/fbp/edit/", data)
        assert response.status_code == 400
        assert LINE_MESSAGE in response.content.decode()
        assert Community.objects.get(pk=self.community.pk).purpose != "Partnering."

    def test_the_edit_page_shows_existing_links_with_a_remove_box_and_removes_them(self) -> None:
        self.community.links.create(label="Teams", url="https://example.org/teams", position=0)
        client = self.client_for("lead")
        page = client.get("/communities/fbp/edit/").content.decode()
        assert 'value="Teams"' in page and "Remove this link" in page
        data = {
            "purpose": self.community.purpose,
            "meeting_cadence": "",
            "visibility": "on_request",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "1",
            "links-0-label": "Teams",
            "links-0-url": "https://example.org/teams",
            "links-0-DELETE": "on",
        }
        assert client.post("/communities/fbp/edit/", data).status_code == 302
        assert not self.community.links.exists()


class AccessHelperTests(PersonasTestCase):
    def test_a_request_is_fetched_only_through_its_own_community_by_someone_who_manages_it(self) -> None:
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)
        other = JoinRequestFactory(community=self.open_community, person=self.outsider)

        fetched = get_join_request_for(self.lead, "fbp", join_request.pk)
        assert fetched == join_request and fetched.community.viewer_role == Role.LEAD
        with self.assertRaises(Http404):
            get_join_request_for(self.lead, "fbp", other.pk)
        with self.assertRaises(PermissionDenied):
            get_join_request_for(self.core, "fbp", join_request.pk)
        with self.assertRaises(Http404):
            get_join_request_for(self.outsider, "budget-circle", join_request.pk)

    def test_a_membership_is_fetched_only_while_current_and_in_its_community(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        ended = MembershipFactory(community=self.community, left_at=timezone.now())

        assert get_membership_for(self.lead, "fbp", membership.pk) == membership
        for slug, pk in (("fbp", ended.pk), ("spreadsheets", membership.pk)):
            with self.subTest(slug=slug), self.assertRaises(Http404):
                get_membership_for(self.lead, slug, pk)
        with self.assertRaises(PermissionDenied):
            get_membership_for(self.member, "fbp", membership.pk)

    def test_the_viewers_role_is_looked_up_once_per_community(self) -> None:
        community = Community.objects.get(pk=self.community.pk)
        with CaptureQueriesContext(connection) as queries:
            roles = [viewer_role(self.core, community) for _ in range(3)]
        assert roles == [Role.CORE] * 3
        assert len(queries) == 1


class DemoStepTests(PersonasTestCase):
    def test_each_app_registers_its_demo_step_in_an_explicit_order(self) -> None:
        assert [step.function for step in demo_steps()] == [
            "copse.discussions.demo.extend_demo",
            "copse.discussions.demo_reading.extend_demo",
            "copse.discussions.demo_attachments.extend_demo",
            "copse.events.demo.extend_demo",
            "copse.accounts.demo.extend_demo",
            "copse.projects.demo.extend_demo",
            "copse.projects.demo_attachments.extend_demo",
            "copse.library.demo.extend_demo",
            "copse.valuecreation.demo.extend_demo",
            "copse.news.demo.extend_demo",
        ]
        assert all(callable(step.load()) for step in demo_steps())
