"""The community pages as people use them: forms, messages, htmx fragments and bad input."""

from __future__ import annotations

from django.core import mail

from copse.communities.models import Community, JoinRequest, LogEntry, Membership, Role, Status, Visibility
from copse.testing import (
    CommunityFactory,
    JoinRequestFactory,
    MembershipFactory,
    PersonasTestCase,
    ServiceAreaFactory,
    UserFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


class DirectoryTests(PersonasTestCase):
    def test_directory_groups_communities_by_service_area_with_leads_and_counts(self) -> None:
        response = self.client_for("outsider").get("/communities/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h2" in html and "Finance" in html
        assert "Finance Business Partners" in html
        assert "Leah Lead" in html
        assert "2 core, 1 wider" in html  # lead + core; one member

    def test_outsider_does_not_see_private_community_in_directory(self) -> None:
        html = self.client_for("outsider").get("/communities/").content.decode()
        assert "Budget Holders Circle" not in html

    def test_filter_by_area_and_text(self) -> None:
        other_area = ServiceAreaFactory(name="Estates", slug="estates")
        CommunityFactory(name="Space Planners", service_area=other_area)
        client = self.client_for("outsider")
        html = client.get("/communities/?area=estates").content.decode()
        assert "Space Planners" in html and "Finance Business Partners" not in html
        html = client.get("/communities/?q=spreadsheet").content.decode()
        assert "Spreadsheet Skills" in html and "Finance Business Partners" not in html

    def test_unknown_area_filter_is_ignored_not_an_error(self) -> None:
        response = self.client_for("member").get("/communities/?area=nowhere&q=" + "x" * 500)
        assert response.status_code == 200

    def test_retired_communities_are_hidden_unless_asked_for(self) -> None:
        CommunityFactory(name="Old Ledger Group", service_area=self.area, status=Status.RETIRED)
        client = self.client_for("member")
        assert "Old Ledger Group" not in client.get("/communities/").content.decode()
        assert "Old Ledger Group" in client.get("/communities/?retired=on").content.decode()

    def test_htmx_search_returns_only_the_results_fragment(self) -> None:
        response = self.client_for("member").get("/communities/?q=finance", **HTMX)
        html = response.content.decode()
        assert "Finance Business Partners" in html
        assert "<html" not in html and "<h1" not in html


class JoinTests(PersonasTestCase):
    def test_outsider_asks_to_join_and_the_leads_are_emailed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client_for("outsider").post(
                "/communities/fbp/join/", {"message": "I manage budgets in Estates."}, follow=True
            )
        assert "Your request has been sent to the community&#39;s leads" in response.content.decode()
        request = JoinRequest.objects.get(community=self.community, person=self.outsider)
        assert request.status == JoinRequest.Status.PENDING
        assert [m.to for m in mail.outbox] == [["lead@example.org"]]
        assert "I manage budgets in Estates." in mail.outbox[0].body

    def test_empty_message_is_shown_beside_the_field_and_nothing_is_written(self) -> None:
        response = self.client_for("outsider").post("/communities/fbp/join/", {"message": "  "})
        html = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in html
        assert "Tell the leads a little about why you would like to join." in html
        assert 'aria-invalid="true"' in html
        assert not JoinRequest.objects.filter(person=self.outsider).exists()

    def test_over_long_message_keeps_the_input_and_writes_nothing(self) -> None:
        text = "a" * 1001
        response = self.client_for("outsider").post("/communities/fbp/join/", {"message": text})
        html = response.content.decode()
        assert response.status_code == 400
        assert "at most 1000 characters" in html
        assert text in html
        assert not JoinRequest.objects.filter(person=self.outsider).exists()

    def test_asking_twice_keeps_one_pending_request(self) -> None:
        client = self.client_for("outsider")
        client.post("/communities/fbp/join/", {"message": "First"})
        response = client.post("/communities/fbp/join/", {"message": "Second"}, follow=True)
        assert "You have already asked to join" in response.content.decode()
        assert JoinRequest.objects.filter(person=self.outsider).count() == 1
        assert JoinRequest.objects.get(person=self.outsider).message == "First"

    def test_htmx_ask_returns_the_updated_panel_with_the_message(self) -> None:
        response = self.client_for("outsider").post("/communities/fbp/join/", {"message": "Hello"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="membership-panel"' in html and "Withdraw request" in html
        assert 'hx-swap-oob="innerHTML:#messages"' in html
        assert "<html" not in html

    def test_htmx_join_also_replaces_the_join_button_beside_the_name(self) -> None:
        slug = self.open_community.slug
        response = self.client_for("outsider").post(f"/communities/{slug}/join/", **HTMX)
        html = response.content.decode()
        actions = html[html.index('<div id="community-actions"') :]
        actions = actions[: actions.index("</div>")]
        assert 'hx-swap-oob="true"' in actions
        assert "Start a discussion" in actions and "Join community" not in actions
        left = self.client_for("outsider").post(f"/communities/{slug}/leave/", **HTMX).content.decode()
        assert "Join community" in left[left.index('<div id="community-actions"') :]

    def test_withdraw_a_pending_request(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        self.client_for("outsider").post("/communities/fbp/withdraw/")
        assert JoinRequest.objects.get(person=self.outsider).status == JoinRequest.Status.WITHDRAWN

    def test_joining_an_open_community_is_immediate(self) -> None:
        response = self.client_for("outsider").post("/communities/spreadsheets/join/", follow=True)
        assert "You have joined Spreadsheet Skills." in response.content.decode()
        assert (
            Membership.objects.current().filter(community=self.open_community, person=self.outsider).exists()
        )

    def test_joining_a_retired_community_is_refused(self) -> None:
        retired = CommunityFactory(service_area=self.area, status=Status.RETIRED, visibility=Visibility.OPEN)
        response = self.client_for("outsider").post(f"/communities/{retired.slug}/join/", follow=True)
        assert "has been retired" in response.content.decode()
        assert not Membership.objects.filter(community=retired).exists()

    def test_outsider_guessing_a_private_url_gets_404(self) -> None:
        assert self.client_for("outsider").get("/communities/budget-circle/").status_code == 404
        assert self.client_for("outsider").post("/communities/budget-circle/join/").status_code == 404

    def test_member_leaves(self) -> None:
        self.client_for("member").post("/communities/fbp/leave/")
        assert not Membership.objects.current().filter(community=self.community, person=self.member).exists()

    def test_last_lead_cannot_leave(self) -> None:
        response = self.client_for("lead").post("/communities/fbp/leave/", follow=True)
        assert "only lead" in response.content.decode()
        assert Membership.objects.current().filter(community=self.community, person=self.lead).exists()


class MembersOnlyContentTests(PersonasTestCase):
    def setUp(self) -> None:
        self.community.links.create(label="Teams channel", url="https://example.org/teams/fbp")

    def test_members_see_links_and_outsiders_do_not(self) -> None:
        assert "Teams channel" in self.client_for("member").get("/communities/fbp/").content.decode()
        html = self.client_for("outsider").get("/communities/fbp/").content.decode()
        assert "Teams channel" not in html
        assert "Ask to join" in html


class LeadTests(PersonasTestCase):
    def setUp(self) -> None:
        self.join_request = JoinRequestFactory(
            community=self.community, person=self.outsider, message="Please"
        )

    def test_lead_sees_the_queue_with_messages(self) -> None:
        html = self.client_for("lead").get("/communities/fbp/requests/").content.decode()
        assert "Olu Outsider" in html and "Please" in html and "Approve request" in html

    def test_lead_approves_and_the_requester_is_emailed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.client_for("lead").post(
                f"/communities/fbp/requests/{self.join_request.pk}/", {"decision": "approve"}
            )
        assert Membership.objects.current().filter(community=self.community, person=self.outsider).exists()
        assert mail.outbox[-1].to == ["outsider@example.org"]
        assert (
            mail.outbox[-1].subject == "Welcome to Finance Business Partners: Leah Lead approved your request"
        )
        assert self.outsider.notifications.filter(kind="decisions").exists()

    def test_lead_declines_with_a_reason_by_htmx(self) -> None:
        response = self.client_for("lead").post(
            f"/communities/fbp/requests/{self.join_request.pk}/",
            {"decision": "decline", "reason": "This group is for business partners."},
            **HTMX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Declined" in html and "This group is for business partners." in html
        assert '<span id="pending-count" hx-swap-oob="true">0</span>' in html
        assert "<html" not in html

    def test_deciding_an_already_decided_request_changes_nothing(self) -> None:
        client = self.client_for("lead")
        client.post(f"/communities/fbp/requests/{self.join_request.pk}/", {"decision": "decline"})
        response = client.post(
            f"/communities/fbp/requests/{self.join_request.pk}/", {"decision": "approve"}, **HTMX
        )
        assert response.status_code == 409
        assert "already declined" in response.content.decode()
        assert not Membership.objects.filter(community=self.community, person=self.outsider).exists()

    def test_bad_decision_value_is_a_400_not_a_500(self) -> None:
        response = self.client_for("lead").post(
            f"/communities/fbp/requests/{self.join_request.pk}/", {"decision": "maybe"}, **HTMX
        )
        assert response.status_code == 400
        assert JoinRequest.objects.get(pk=self.join_request.pk).is_pending

    def test_core_member_cannot_decide(self) -> None:
        response = self.client_for("core").post(
            f"/communities/fbp/requests/{self.join_request.pk}/", {"decision": "approve"}
        )
        assert response.status_code == 403
        assert JoinRequest.objects.get(pk=self.join_request.pk).is_pending

    def test_request_of_another_community_is_404(self) -> None:
        other = JoinRequestFactory(community=CommunityFactory(service_area=self.area))
        response = self.client_for("lead").post(
            f"/communities/fbp/requests/{other.pk}/", {"decision": "approve"}
        )
        assert response.status_code == 404

    def test_lead_changes_a_role_and_the_log_records_it(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        self.client_for("lead").post(f"/communities/fbp/members/{membership.pk}/role/", {"role": "core"})
        membership.refresh_from_db()
        assert membership.role == Role.CORE
        assert LogEntry.objects.filter(action=LogEntry.Action.ROLE_CHANGED, subject=self.member).exists()

    def test_removing_the_last_lead_is_refused_with_a_message(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.lead)
        response = self.client_for("programme_admin").post(
            f"/communities/fbp/members/{membership.pk}/remove/", follow=True
        )
        assert "only lead" in response.content.decode()
        assert Membership.objects.current().filter(pk=membership.pk).exists()

    def test_lead_edits_purpose_cadence_and_links(self) -> None:
        data = {
            "purpose": "Better partnering with budget holders.",
            "meeting_cadence": "Monthly",
            "visibility": "on_request",
            "links-TOTAL_FORMS": "2",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "10",
            "links-0-label": "SharePoint",
            "links-0-url": "https://example.org/sites/fbp",
            "links-1-label": "",
            "links-1-url": "",
        }
        response = self.client_for("lead").post("/communities/fbp/edit/", data)
        assert response.status_code == 302
        community = Community.objects.get(pk=self.community.pk)
        assert community.purpose == "Better partnering with budget holders."
        assert list(community.links.values_list("label", flat=True)) == ["SharePoint"]

    def test_a_link_that_is_not_http_is_refused_beside_the_field(self) -> None:
        data = {
            "purpose": "x",
            "meeting_cadence": "",
            "visibility": "on_request",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "10",
            "links-0-label": "Bad",
            "links-0-url": "javascript:alert(1)",
        }
        response = self.client_for("lead").post("/communities/fbp/edit/", data)
        assert response.status_code == 400
        assert "Enter a valid URL." in response.content.decode()
        assert Community.objects.get(pk=self.community.pk).purpose != "x"
        assert not self.community.links.exists()


class ProgrammeTeamTests(PersonasTestCase):
    def test_staff_member_proposes_and_programme_team_approves(self) -> None:
        response = self.client_for("outsider").post(
            "/communities/propose/",
            {
                "name": "Timetabling Network",
                "service_area": self.area.pk,
                "purpose": "Sharing timetabling practice.",
                "visibility": "on_request",
                "reason": "Timetablers work alone in each faculty.",
            },
        )
        proposal = Community.objects.get(name="Timetabling Network")
        assert response.status_code == 302
        assert proposal.status == Status.PROPOSED
        assert (
            "Timetabling Network"
            in self.client_for("programme_admin").get("/communities/proposals/").content.decode()
        )
        self.client_for("programme_admin").post(
            f"/communities/{proposal.slug}/review/", {"decision": "approve"}
        )
        proposal.refresh_from_db()
        assert proposal.status == Status.ACTIVE
        assert Membership.objects.get(community=proposal, person=self.outsider).role == Role.LEAD

    def test_proposal_with_missing_fields_shows_errors_and_writes_nothing(self) -> None:
        response = self.client_for("outsider").post("/communities/propose/", {"name": "Timetabling Network"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "This field is required." in html
        assert 'value="Timetabling Network"' in html
        assert Community.objects.count() == 3

    def test_proposal_with_a_name_in_use_is_refused_beside_the_name(self) -> None:
        data = {
            "name": "finance business partners",
            "service_area": self.area.pk,
            "purpose": "Sharing.",
            "visibility": "on_request",
            "reason": "Why not.",
        }
        response = self.client_for("outsider").post("/communities/propose/", data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "A community with this name already exists. Choose another name." in html
        assert 'href="#id_name"' in html
        assert Community.objects.count() == 3

    def test_programme_decision_is_emailed_to_the_proposer(self) -> None:
        proposal = CommunityFactory(status=Status.PROPOSED, proposed_by=self.outsider, service_area=self.area)
        with self.captureOnCommitCallbacks(execute=True):
            self.client_for("programme_admin").post(
                f"/communities/{proposal.slug}/review/", {"decision": "decline", "reason": "Covered by FBP."}
            )
        assert mail.outbox[-1].to == ["outsider@example.org"]
        assert mail.outbox[-1].subject == (
            f"Your proposal for {proposal.name} was not approved. They said: Covered by FBP."
        )
        assert self.outsider.notifications.filter(kind="proposal_decisions").exists()
        home = self.client_for("outsider").get("/").content.decode()
        assert str(proposal.name) in home and "Covered by FBP." in home

    def test_declining_without_a_reason_is_refused(self) -> None:
        proposal = CommunityFactory(status=Status.PROPOSED, proposed_by=self.outsider, service_area=self.area)
        response = self.client_for("programme_admin").post(
            f"/communities/{proposal.slug}/review/", {"decision": "decline"}, follow=True
        )
        assert "Say why the proposal is declined" in response.content.decode()
        assert Community.objects.get(pk=proposal.pk).status == Status.PROPOSED

    def test_programme_team_retires_a_community_and_it_leaves_the_directory(self) -> None:
        self.client_for("programme_admin").post(
            "/communities/fbp/status/", {"status": "retired", "reason": "Merged"}
        )
        assert Community.objects.get(pk=self.community.pk).status == Status.RETIRED
        assert (
            "Finance Business Partners"
            not in self.client_for("outsider").get("/communities/").content.decode()
        )
        page = self.client_for("member").get("/communities/fbp/").content.decode()
        assert "has been retired" in page and "Leave community" not in page

    def test_programme_team_manages_service_areas(self) -> None:
        client = self.client_for("programme_admin")
        response = client.post("/areas/new/", {"name": "Estates", "slug": "estates", "description": ""})
        assert response.status_code == 302
        response = client.post("/areas/new/", {"name": "Estates", "slug": "new", "description": ""})
        assert response.status_code == 400


class RemoveMemberTests(PersonasTestCase):
    def test_lead_confirms_before_removing_and_the_reason_is_logged(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        url = f"/communities/fbp/members/{membership.pk}/remove/"
        client = self.client_for("lead")
        page = client.get(url).content.decode()
        assert "Remove Mo Member from Finance Business Partners?" in page
        assert Membership.objects.current().filter(pk=membership.pk).exists()
        client.post(url, {"reason": "Left the finance team."})
        assert not Membership.objects.current().filter(pk=membership.pk).exists()
        entry = LogEntry.objects.get(action=LogEntry.Action.REMOVED, subject=self.member)
        assert entry.detail == "Left the finance team."

    def test_an_over_long_reason_is_refused_and_nothing_changes(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        response = self.client_for("lead").post(
            f"/communities/fbp/members/{membership.pk}/remove/", {"reason": "x" * 1001}
        )
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        assert Membership.objects.current().filter(pk=membership.pk).exists()


class AddMemberTests(PersonasTestCase):
    def test_lead_adds_a_colleague_to_a_private_community_and_they_are_emailed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client_for("lead").post(
                "/communities/budget-circle/members/add/", {"email": " Member@Example.org "}, follow=True
            )
        assert "Mo Member is now a member of Budget Holders Circle" in response.content.decode()
        assert (
            Membership.objects.current().filter(community=self.private_community, person=self.member).exists()
        )
        assert mail.outbox[-1].to == ["member@example.org"]
        assert mail.outbox[-1].subject == "You have been added to Budget Holders Circle"
        assert LogEntry.objects.filter(action=LogEntry.Action.ADDED, subject=self.member).exists()
        assert self.client_for("member").get("/communities/budget-circle/").status_code == 200

    def test_adding_someone_who_asked_settles_their_request(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        self.client_for("lead").post("/communities/fbp/members/add/", {"email": "outsider@example.org"})
        assert JoinRequest.objects.get(person=self.outsider).status == JoinRequest.Status.APPROVED

    def test_unknown_email_is_shown_beside_the_field(self) -> None:
        response = self.client_for("lead").post(
            "/communities/fbp/members/add/", {"email": "nobody@example.org"}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "No member of staff has this email address." in html
        assert 'value="nobody@example.org"' in html

    def test_adding_an_existing_member_is_refused_with_a_message(self) -> None:
        response = self.client_for("lead").post(
            "/communities/fbp/members/add/", {"email": "member@example.org"}, follow=True
        )
        assert "Mo Member is already a member of Finance Business Partners." in response.content.decode()
        assert Membership.objects.filter(community=self.community, person=self.member).count() == 1


class ReviewedEdgeTests(PersonasTestCase):
    def test_only_leads_see_requests_waiting_on_their_home_page_with_the_right_count(self) -> None:
        second_lead = UserFactory(name="Second Lead")
        MembershipFactory(community=self.community, person=second_lead, role=Role.LEAD)
        JoinRequestFactory(community=self.community, person=self.outsider)
        assert (
            "1 person has asked to join Finance Business Partners"
            in self.client_for("lead").get("/").content.decode()
        )
        member_home = self.client_for("member").get("/").content.decode()
        assert "asked to join Finance Business Partners" not in member_home

    def test_a_malformed_cursor_is_ignored_not_an_error(self) -> None:
        client = self.client_for("member")
        for cursor in ["a|²", "zzz|abc", "|", "x|99999999999999999999999"]:
            assert client.get("/people/", {"after": cursor}).status_code == 200, cursor
            assert client.get("/communities/fbp/members/", {"after": cursor}).status_code == 200, cursor
        # A NUL byte cannot be in any address: refused before the view (PostgreSQL would refuse it in a query).
        assert client.get("/people/", {"after": "a\x00|1"}).status_code == 400

    def test_leaving_a_private_community_goes_home_with_the_message(self) -> None:
        response = self.client_for("core").post("/communities/budget-circle/leave/", follow=True)
        assert response.redirect_chain[-1][0] == "/"
        assert "You have left Budget Holders Circle." in response.content.decode()
        response = self.client_for("core").post("/communities/fbp/leave/", **HTMX)
        assert response.status_code == 200  # still visible: the panel is swapped in place

    def test_leaving_a_private_community_by_htmx_redirects_the_whole_page(self) -> None:
        response = self.client_for("core").post("/communities/budget-circle/leave/", **HTMX)
        assert response.status_code == 200
        assert response["HX-Redirect"] == "/"

    def test_deactivated_leads_are_not_shown_or_counted(self) -> None:
        leaver = UserFactory(name="Lenny Leaver")
        MembershipFactory(community=self.community, person=leaver, role=Role.LEAD)
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])
        page = self.client_for("outsider").get("/communities/fbp/").content.decode()
        assert "Lenny Leaver" not in page
        assert "<dt>Leads and core members</dt><dd>2</dd>" in page
        assert "<dt>Wider members</dt><dd>1</dd>" in page
        # The only lead still at work cannot leave: the leaver does not count.
        self.client_for("lead").post("/communities/fbp/leave/")
        assert Membership.objects.current().filter(community=self.community, person=self.lead).exists()

    def test_retiring_a_community_declines_waiting_requests_and_tells_the_people(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        with self.captureOnCommitCallbacks(execute=True):
            self.client_for("programme_admin").post("/communities/fbp/status/", {"status": "retired"})
        request = JoinRequest.objects.get(person=self.outsider)
        assert request.status == JoinRequest.Status.DECLINED
        assert request.decision_reason == "Finance Business Partners has been retired."
        assert mail.outbox[-1].to == ["outsider@example.org"]
        response = self.client_for("member").post("/communities/fbp/leave/", follow=True)
        assert "has been retired" in response.content.decode()
        assert Membership.objects.current().filter(community=self.community, person=self.member).exists()

    def test_area_list_counts_only_communities_the_person_may_see(self) -> None:
        outsider_areas = self.client_for("outsider").get("/areas/").content.decode()
        lead_areas = self.client_for("lead").get("/areas/").content.decode()
        assert "Finance</a>: 2 communities" in outsider_areas
        assert "Finance</a>: 3 communities" in lead_areas


class EmptyPostTests(PersonasTestCase):
    def test_an_empty_post_shows_what_is_missing_beside_each_field(self) -> None:
        for persona, url in [
            ("lead", f"/communities/{self.community.slug}/edit/"),
            ("member", "/communities/propose/"),
            ("member", "/me/"),
        ]:
            with self.subTest(url):
                response = self.client_for(persona).post(url, {})
                assert response.status_code == 400
                assert "There is a problem" in response.content.decode()
