"""The community workflows: what each service writes, refuses and emails, told through the personas."""

from django.core import mail
from django.db import transaction
from django.utils import timezone

from copse.communities import services
from copse.communities.models import (
    Community,
    CommunityLink,
    JoinRequest,
    LogEntry,
    Membership,
    Role,
    Status,
    Visibility,
)
from copse.communities.services import LinkData, Refused
from copse.core.refusals import Kind
from copse.testing import (
    CommunityFactory,
    JoinRequestFactory,
    MembershipFactory,
    PersonasTestCase,
    UserFactory,
)


class _RolledBack(Exception):
    """Raised inside a test transaction to roll it back."""


class JoinCommunityTests(PersonasTestCase):
    def test_outsider_joins_open_community_as_member(self):
        membership = services.join_community(self.open_community, person=self.outsider)

        self.assertEqual(membership.community, self.open_community)
        self.assertEqual(membership.person, self.outsider)
        self.assertEqual(membership.role, Role.MEMBER)
        self.assertIsNone(membership.left_at)
        entry = LogEntry.objects.get(community=self.open_community)
        self.assertEqual(
            (entry.action, entry.actor, entry.subject), (LogEntry.Action.JOINED, self.outsider, self.outsider)
        )

    def test_joining_twice_returns_the_same_membership(self):
        first = services.join_community(self.open_community, person=self.outsider)
        second = services.join_community(self.open_community, person=self.outsider)

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(
            Membership.objects.filter(community=self.open_community, person=self.outsider).count(), 1
        )
        self.assertEqual(LogEntry.objects.filter(action=LogEntry.Action.JOINED).count(), 1)

    def test_joining_on_request_community_is_refused(self):
        with self.assertRaisesMessage(Refused, "Ask to join instead"):
            services.join_community(self.community, person=self.outsider)
        self.assertFalse(Membership.objects.filter(community=self.community, person=self.outsider).exists())

    def test_joining_private_community_is_refused(self):
        with self.assertRaises(Refused):
            services.join_community(self.private_community, person=self.outsider)
        self.assertFalse(
            Membership.objects.filter(community=self.private_community, person=self.outsider).exists()
        )

    def test_joining_retired_community_is_refused(self):
        retired = CommunityFactory(visibility=Visibility.OPEN, status=Status.RETIRED)

        with self.assertRaisesMessage(Refused, "has been retired"):
            services.join_community(retired, person=self.outsider)
        self.assertFalse(Membership.objects.filter(community=retired).exists())

    def test_joining_proposed_community_is_refused(self):
        proposed = CommunityFactory(
            visibility=Visibility.OPEN, status=Status.PROPOSED, proposed_by=self.member
        )

        with self.assertRaisesMessage(Refused, "is not running yet"):
            services.join_community(proposed, person=self.outsider)
        self.assertFalse(Membership.objects.filter(community=proposed).exists())

    def test_community_retired_through_change_status_refuses_joiners(self):
        services.change_status(self.open_community, by=self.programme_admin, status=Status.RETIRED)
        self.open_community.refresh_from_db()

        with self.assertRaises(Refused):
            services.join_community(self.open_community, person=self.outsider)
        self.assertFalse(
            Membership.objects.filter(community=self.open_community, person=self.outsider).exists()
        )


class RequestToJoinTests(PersonasTestCase):
    message = "I partner with the estates team and would like to learn from you."

    def test_outsider_asks_to_join_and_a_pending_request_is_created(self):
        join_request, created = services.request_to_join(
            self.community, person=self.outsider, message=self.message
        )

        self.assertTrue(created)
        self.assertEqual(join_request.status, JoinRequest.Status.PENDING)
        self.assertEqual((join_request.community, join_request.person), (self.community, self.outsider))
        self.assertEqual(join_request.message, self.message)
        self.assertFalse(Membership.objects.filter(community=self.community, person=self.outsider).exists())

    def test_message_is_stored_without_surrounding_whitespace(self):
        join_request, _ = services.request_to_join(
            self.community, person=self.outsider, message=f"  {self.message}\n"
        )

        self.assertEqual(join_request.message, self.message)

    def test_asking_twice_returns_the_pending_request_unchanged(self):
        first, _ = services.request_to_join(self.community, person=self.outsider, message=self.message)
        second, created = services.request_to_join(
            self.community, person=self.outsider, message="Another try."
        )

        self.assertFalse(created)
        self.assertEqual(second.pk, first.pk)
        self.assertEqual(second.message, self.message)
        self.assertEqual(
            JoinRequest.objects.filter(community=self.community, person=self.outsider).count(), 1
        )

    def test_empty_message_is_refused(self):
        with self.assertRaisesMessage(Refused, "why you would like to join"):
            services.request_to_join(self.community, person=self.outsider, message="")
        self.assertFalse(JoinRequest.objects.exists())

    def test_whitespace_only_message_is_refused(self):
        with self.assertRaisesMessage(Refused, "why you would like to join"):
            services.request_to_join(self.community, person=self.outsider, message=" \n\t ")
        self.assertFalse(JoinRequest.objects.exists())

    def test_message_over_1000_characters_is_refused_and_nothing_is_written(self):
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            self.assertRaisesMessage(Refused, "1000 characters or fewer; it has 1001"),
        ):
            services.request_to_join(self.community, person=self.outsider, message="x" * 1001)

        self.assertFalse(JoinRequest.objects.exists())
        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])

    def test_message_of_exactly_1000_characters_is_accepted(self):
        join_request, created = services.request_to_join(
            self.community, person=self.outsider, message="x" * 1000
        )

        self.assertTrue(created)
        self.assertEqual(len(join_request.message), 1000)

    def test_member_asking_to_join_is_refused(self):
        with self.assertRaisesMessage(Refused, "You are already a member of Finance Business Partners."):
            services.request_to_join(self.community, person=self.member, message=self.message)
        self.assertFalse(JoinRequest.objects.exists())

    def test_asking_to_join_a_retired_community_is_refused(self):
        retired = CommunityFactory(status=Status.RETIRED)

        with self.assertRaisesMessage(Refused, "has been retired"):
            services.request_to_join(retired, person=self.outsider, message=self.message)
        self.assertFalse(JoinRequest.objects.exists())

    def test_asking_to_join_an_open_community_is_refused(self):
        with self.assertRaisesMessage(Refused, "join it straight away"):
            services.request_to_join(self.open_community, person=self.outsider, message=self.message)
        self.assertFalse(JoinRequest.objects.exists())

    def test_asking_to_join_a_private_community_is_refused(self):
        with self.assertRaisesMessage(Refused, "by invitation only"):
            services.request_to_join(self.private_community, person=self.outsider, message=self.message)
        self.assertFalse(JoinRequest.objects.exists())

    def test_each_current_lead_is_emailed_after_commit(self):
        second_lead = UserFactory(email="second.lead@example.org", name="Sam Second")
        MembershipFactory(community=self.community, person=second_lead, role=Role.LEAD)
        former_lead = UserFactory(email="former.lead@example.org")
        MembershipFactory(
            community=self.community, person=former_lead, role=Role.LEAD, left_at=timezone.now()
        )

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            services.request_to_join(self.community, person=self.outsider, message=self.message)
            self.assertEqual(mail.outbox, [], "no email before the transaction commits")

        # The leads' notifications are written with the request; their emails are queued after commit.
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(
            sorted(address for email in mail.outbox for address in email.to),
            ["lead@example.org", "second.lead@example.org"],
        )
        for email in mail.outbox:
            self.assertTrue(email.subject.startswith("Olu Outsider asked to join Finance Business Partners"))
            self.assertIn(self.message, email.body)

    def test_asking_twice_emails_the_leads_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.request_to_join(self.community, person=self.outsider, message=self.message)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            services.request_to_join(self.community, person=self.outsider, message=self.message)

        self.assertEqual(callbacks, [])
        self.assertEqual(len(mail.outbox), 1)

    def test_no_email_when_the_surrounding_transaction_rolls_back(self):
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            self.assertRaises(_RolledBack),
            transaction.atomic(),
        ):
            services.request_to_join(self.community, person=self.outsider, message=self.message)
            raise _RolledBack

        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])
        self.assertFalse(JoinRequest.objects.exists())


class WithdrawRequestTests(PersonasTestCase):
    def test_requester_withdraws_their_pending_request(self):
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)

        services.withdraw_request(join_request, person=self.outsider)

        self.assertEqual(join_request.status, JoinRequest.Status.WITHDRAWN)
        join_request.refresh_from_db()
        self.assertEqual(join_request.status, JoinRequest.Status.WITHDRAWN)
        self.assertIsNotNone(join_request.decided_at)

    def test_someone_else_cannot_withdraw_a_request(self):
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)

        with self.assertRaisesMessage(Refused, "Only the person who asked"):
            services.withdraw_request(join_request, person=self.lead)
        join_request.refresh_from_db()
        self.assertEqual(join_request.status, JoinRequest.Status.PENDING)

    def test_decided_request_cannot_be_withdrawn(self):
        join_request = JoinRequestFactory(community=self.community, person=self.outsider)
        services.decide_request(join_request, by=self.lead, approve=False, reason="We are full.")

        with self.assertRaisesMessage(Refused, "already been decided"):
            services.withdraw_request(join_request, person=self.outsider)
        join_request.refresh_from_db()
        self.assertEqual(join_request.status, JoinRequest.Status.DECLINED)


class DecideRequestTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.join_request = JoinRequestFactory(community=cls.community, person=cls.outsider)

    def test_lead_approves_and_the_requester_becomes_a_member_and_is_welcomed(self):
        with self.captureOnCommitCallbacks(execute=True):
            decided = services.decide_request(self.join_request, by=self.lead, approve=True)
            self.assertEqual(mail.outbox, [], "no email before the transaction commits")

        self.assertEqual(decided.status, JoinRequest.Status.APPROVED)
        self.assertEqual(decided.decided_by, self.lead)
        self.assertIsNotNone(decided.decided_at)
        membership = Membership.objects.current().get(community=self.community, person=self.outsider)
        self.assertEqual(membership.role, Role.MEMBER)
        self.assertTrue(
            LogEntry.objects.filter(
                community=self.community,
                action=LogEntry.Action.APPROVED,
                actor=self.lead,
                subject=self.outsider,
            ).exists()
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["outsider@example.org"])
        self.assertIn("Welcome to", mail.outbox[0].subject)
        self.assertIn("Finance Business Partners", mail.outbox[0].subject)

    def test_lead_declines_with_a_reason_and_the_requester_is_told_why(self):
        reason = "We are limited to finance business partners for now."

        with self.captureOnCommitCallbacks(execute=True):
            decided = services.decide_request(self.join_request, by=self.lead, approve=False, reason=reason)

        self.assertEqual(decided.status, JoinRequest.Status.DECLINED)
        self.assertEqual(decided.decision_reason, reason)
        self.assertFalse(Membership.objects.filter(community=self.community, person=self.outsider).exists())
        self.assertTrue(
            LogEntry.objects.filter(
                action=LogEntry.Action.DECLINED, subject=self.outsider, detail=reason
            ).exists()
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["outsider@example.org"])
        self.assertNotIn("Welcome to", mail.outbox[0].subject)
        self.assertIn(reason, mail.outbox[0].body)

    def test_deciding_an_already_decided_request_is_refused_and_changes_nothing(self):
        services.decide_request(self.join_request, by=self.lead, approve=True)
        decided_at = JoinRequest.objects.get(pk=self.join_request.pk).decided_at

        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            self.assertRaisesMessage(Refused, "already approved by Leah Lead; nothing was changed"),
        ):
            services.decide_request(self.join_request, by=self.core, approve=False, reason="Changed my mind.")

        self.join_request.refresh_from_db()
        self.assertEqual(self.join_request.status, JoinRequest.Status.APPROVED)
        self.assertEqual(self.join_request.decided_by, self.lead)
        self.assertEqual(self.join_request.decided_at, decided_at)
        self.assertEqual(self.join_request.decision_reason, "")
        self.assertEqual(Membership.objects.filter(community=self.community, person=self.outsider).count(), 1)
        self.assertFalse(LogEntry.objects.filter(action=LogEntry.Action.DECLINED).exists())
        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])

    def test_deciding_a_withdrawn_request_is_refused(self):
        services.withdraw_request(self.join_request, person=self.outsider)

        with self.assertRaisesMessage(Refused, "already withdrawn; nothing was changed"):
            services.decide_request(self.join_request, by=self.lead, approve=True)
        self.assertFalse(Membership.objects.filter(community=self.community, person=self.outsider).exists())

    def test_reason_over_1000_characters_is_refused(self):
        with self.assertRaises(Refused):
            services.decide_request(self.join_request, by=self.lead, approve=False, reason="x" * 1001)

        self.join_request.refresh_from_db()
        self.assertTrue(self.join_request.is_pending)


class LeaveCommunityTests(PersonasTestCase):
    def test_member_leaves_and_the_membership_is_kept_with_a_leaving_date(self):
        services.leave_community(self.community, person=self.member)

        membership = Membership.objects.get(community=self.community, person=self.member)
        self.assertIsNotNone(membership.left_at)
        self.assertFalse(
            Membership.objects.current().filter(community=self.community, person=self.member).exists()
        )
        self.assertTrue(
            LogEntry.objects.filter(
                action=LogEntry.Action.LEFT, actor=self.member, subject=self.member
            ).exists()
        )

    def test_last_lead_cannot_leave(self):
        with self.assertRaisesMessage(Refused, "You are the only lead of Finance Business Partners"):
            services.leave_community(self.community, person=self.lead)

        self.assertTrue(
            Membership.objects.leads().filter(community=self.community, person=self.lead).exists()
        )

    def test_a_lead_can_leave_when_another_lead_remains(self):
        Membership.objects.filter(community=self.community, person=self.core).update(role=Role.LEAD)

        services.leave_community(self.community, person=self.lead)

        self.assertIsNotNone(Membership.objects.get(community=self.community, person=self.lead).left_at)
        self.assertEqual(
            [m.person for m in Membership.objects.leads().filter(community=self.community)], [self.core]
        )

    def test_outsider_cannot_leave_a_community_they_are_not_in(self):
        with self.assertRaisesMessage(Refused, "You are not a member of Finance Business Partners."):
            services.leave_community(self.community, person=self.outsider)


class ChangeRoleTests(PersonasTestCase):
    def _membership(self, person):
        return Membership.objects.current().get(community=self.community, person=person)

    def test_lead_makes_a_member_core(self):
        changed = services.change_role(self._membership(self.member), role=Role.CORE, by=self.lead)

        self.assertEqual(changed.role, Role.CORE)
        self.assertEqual(self._membership(self.member).role, Role.CORE)
        entry = LogEntry.objects.get(action=LogEntry.Action.ROLE_CHANGED)
        self.assertEqual((entry.actor, entry.subject), (self.lead, self.member))
        self.assertEqual(entry.detail, "Member → Core member")

    def test_last_lead_cannot_be_demoted(self):
        with self.assertRaisesMessage(Refused, "Leah Lead is the only lead"):
            services.change_role(self._membership(self.lead), role=Role.MEMBER, by=self.programme_admin)

        self.assertEqual(self._membership(self.lead).role, Role.LEAD)
        self.assertFalse(LogEntry.objects.exists())

    def test_a_lead_can_be_demoted_when_another_lead_exists(self):
        services.change_role(self._membership(self.core), role=Role.LEAD, by=self.lead)

        services.change_role(self._membership(self.lead), role=Role.MEMBER, by=self.core)

        self.assertEqual(self._membership(self.lead).role, Role.MEMBER)

    def test_invalid_role_is_refused(self):
        with self.assertRaisesMessage(Refused, "Choose lead, core member or member."):
            services.change_role(self._membership(self.member), role="owner", by=self.lead)

        self.assertEqual(self._membership(self.member).role, Role.MEMBER)

    def test_role_of_someone_who_left_cannot_change(self):
        membership = self._membership(self.member)
        services.leave_community(self.community, person=self.member)

        with self.assertRaisesMessage(Refused, "Mo Member is no longer a member."):
            services.change_role(membership, role=Role.CORE, by=self.lead)


class RemoveMemberTests(PersonasTestCase):
    def test_lead_removes_a_member_with_a_reason(self):
        membership = Membership.objects.current().get(community=self.community, person=self.member)

        services.remove_member(membership, by=self.lead, reason=" Left the organisation. ")

        membership.refresh_from_db()
        self.assertIsNotNone(membership.left_at)
        entry = LogEntry.objects.get(action=LogEntry.Action.REMOVED)
        self.assertEqual(
            (entry.actor, entry.subject, entry.detail), (self.lead, self.member, "Left the organisation.")
        )

    def test_last_lead_cannot_be_removed(self):
        membership = Membership.objects.current().get(community=self.community, person=self.lead)

        with self.assertRaisesMessage(Refused, "only lead and cannot be removed"):
            services.remove_member(membership, by=self.programme_admin)

        membership.refresh_from_db()
        self.assertIsNone(membership.left_at)

    def test_someone_who_already_left_cannot_be_removed(self):
        membership = Membership.objects.current().get(community=self.community, person=self.member)
        services.remove_member(membership, by=self.lead)
        left_at = Membership.objects.get(pk=membership.pk).left_at

        with self.assertRaisesMessage(Refused, "Mo Member is no longer a member."):
            services.remove_member(membership, by=self.lead)

        self.assertEqual(Membership.objects.get(pk=membership.pk).left_at, left_at)
        self.assertEqual(LogEntry.objects.filter(action=LogEntry.Action.REMOVED).count(), 1)


class ProposeCommunityTests(PersonasTestCase):
    def _propose(self, name, **kwargs):
        return services.propose_community(
            person=self.outsider,
            name=name,
            purpose=" Share how we analyse data. ",
            service_area=self.area,
            reason=" Nobody covers this yet. ",
            visibility=kwargs.get("visibility", Visibility.OPEN),
        )

    def test_outsider_proposes_a_community_that_waits_for_a_decision(self):
        community = self._propose(" Data Analytics ")

        self.assertEqual(community.status, Status.PROPOSED)
        self.assertEqual(community.name, "Data Analytics")
        self.assertEqual(community.slug, "data-analytics")
        self.assertEqual(community.proposed_by, self.outsider)
        self.assertEqual(community.purpose, "Share how we analyse data.")
        self.assertEqual(community.proposal_reason, "Nobody covers this yet.")
        self.assertFalse(community.memberships.exists())
        self.assertTrue(
            LogEntry.objects.filter(
                community=community, action=LogEntry.Action.PROPOSED, actor=self.outsider
            ).exists()
        )

    def test_slug_stays_unique_when_names_clash_after_slugify(self):
        first = self._propose("Data Analytics")
        second = self._propose("Data & Analytics")
        third = self._propose("Data: Analytics!")

        self.assertEqual(
            [first.slug, second.slug, third.slug], ["data-analytics", "data-analytics-2", "data-analytics-3"]
        )

    def test_slug_avoids_the_fixed_pages_under_communities(self):
        self.assertEqual(self._propose("Propose").slug, "propose-2")
        self.assertEqual(self._propose("Proposals!").slug, "proposals-2")


class DecideProposalTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.proposal = CommunityFactory(
            name="Data Analytics", slug="data-analytics", status=Status.PROPOSED, proposed_by=cls.outsider
        )

    def test_approved_proposal_becomes_active_with_its_proposer_as_lead(self):
        community = services.decide_proposal(self.proposal, by=self.programme_admin, approve=True)

        self.assertEqual(community.status, Status.ACTIVE)
        self.assertEqual(community.decided_by, self.programme_admin)
        self.assertIsNotNone(community.decided_at)
        self.assertEqual(Community.objects.get(pk=self.proposal.pk).status, Status.ACTIVE)
        lead = Membership.objects.leads().get(community=self.proposal)
        self.assertEqual(lead.person, self.outsider)

    def test_declining_needs_a_reason(self):
        with self.assertRaisesMessage(Refused, "Say why the proposal is declined"):
            services.decide_proposal(self.proposal, by=self.programme_admin, approve=False, reason="  ")

        self.assertEqual(Community.objects.get(pk=self.proposal.pk).status, Status.PROPOSED)

    def test_declined_proposal_records_the_reason_and_has_no_members(self):
        reason = "The Finance Business Partners community already covers this."

        community = services.decide_proposal(
            self.proposal, by=self.programme_admin, approve=False, reason=reason
        )

        self.assertEqual(community.status, Status.DECLINED)
        self.assertEqual(community.decision_reason, reason)
        self.assertFalse(Membership.objects.filter(community=self.proposal).exists())

    def test_deciding_a_proposal_twice_is_refused(self):
        services.decide_proposal(self.proposal, by=self.programme_admin, approve=True)

        with self.assertRaisesMessage(Refused, "has already been decided; nothing was changed"):
            services.decide_proposal(
                self.proposal, by=self.operator, approve=False, reason="Second thoughts."
            )

        community = Community.objects.get(pk=self.proposal.pk)
        self.assertEqual((community.status, community.decided_by), (Status.ACTIVE, self.programme_admin))
        self.assertEqual(Membership.objects.filter(community=self.proposal).count(), 1)


class ChangeStatusTests(PersonasTestCase):
    def test_community_goes_dormant_then_retired_then_active_again(self):
        for status in (Status.DORMANT, Status.RETIRED, Status.ACTIVE):
            with self.subTest(status=status):
                community = services.change_status(
                    self.community, by=self.programme_admin, status=status, reason="Review."
                )
                self.assertEqual(community.status, status)
                self.assertEqual(Community.objects.get(pk=self.community.pk).status, status)
                self.assertEqual(community.decided_by, self.programme_admin)
        self.assertEqual(LogEntry.objects.filter(action=LogEntry.Action.STATUS_CHANGED).count(), 3)

    def test_proposal_cannot_be_retired(self):
        proposal = CommunityFactory(status=Status.PROPOSED, proposed_by=self.outsider)

        with self.assertRaisesMessage(Refused, "is proposed and cannot be made retired"):
            services.change_status(proposal, by=self.programme_admin, status=Status.RETIRED)
        self.assertEqual(Community.objects.get(pk=proposal.pk).status, Status.PROPOSED)

    def test_dormant_community_cannot_be_made_dormant_again(self):
        services.change_status(self.community, by=self.programme_admin, status=Status.DORMANT)

        with self.assertRaises(Refused):
            services.change_status(self.community, by=self.programme_admin, status=Status.DORMANT)
        self.assertEqual(LogEntry.objects.filter(action=LogEntry.Action.STATUS_CHANGED).count(), 1)

    def test_unknown_status_is_refused(self):
        with self.assertRaises(Refused):
            services.change_status(self.community, by=self.programme_admin, status="archived")
        self.assertEqual(Community.objects.get(pk=self.community.pk).status, Status.ACTIVE)


class UpdateCommunityTests(PersonasTestCase):
    def _update(self, purpose="Partnering with budget holders.", links=(), **kwargs):
        return services.update_community(
            self.community,
            by=self.lead,
            purpose=purpose,
            visibility=kwargs.get("visibility", Visibility.ON_REQUEST),
            meeting_cadence=kwargs.get("meeting_cadence", ""),
            links=[LinkData(label=label, url=url) for label, url in links],
        )

    def test_lead_saves_the_community_and_its_links_together_and_it_is_logged(self):
        self._update(links=[("Teams channel", "https://teams.example.org")])

        self.assertEqual(
            Community.objects.get(pk=self.community.pk).purpose, "Partnering with budget holders."
        )
        self.assertEqual(
            list(CommunityLink.objects.filter(community=self.community).values_list("label", "url")),
            [("Teams channel", "https://teams.example.org")],
        )
        entry = LogEntry.objects.get(action=LogEntry.Action.EDITED)
        self.assertEqual(
            (entry.community, entry.actor, entry.detail), (self.community, self.lead, "purpose, links")
        )

    def test_links_are_replaced_in_the_order_given(self):
        self._update(links=[("One", "https://one.example.org"), ("Two", "https://two.example.org")])
        self._update(links=[("Two", "https://two.example.org")])

        self.assertEqual(list(self.community.links.values_list("label", "position")), [("Two", 0)])

    def test_saving_without_changes_writes_no_log_entry(self):
        services.update_community(
            self.community,
            by=self.lead,
            purpose=self.community.purpose,
            visibility=self.community.visibility,
            meeting_cadence=self.community.meeting_cadence,
            links=[],
        )

        self.assertFalse(LogEntry.objects.filter(action=LogEntry.Action.EDITED).exists())

    def test_bad_input_is_refused_with_the_field_and_nothing_is_saved(self):
        cases = [
            ({"purpose": "  "}, "purpose"),
            ({"visibility": "secret"}, "visibility"),
            ({"meeting_cadence": "Mondays\r\nBCC: everyone"}, "meeting_cadence"),
            ({"links": [("Teams\u202e", "https://teams.example.org")]}, "links"),
            ({"links": [("Teams", "javascript:alert(1)")]}, "links"),
            ({"links": [("Teams", "https://teams.example.org/\u202efdp.exe")]}, "links"),
            ({"links": [("Teams", "https://teams\u200b.example.org")]}, "links"),
            ({"purpose": "Budgets\x1b[2J"}, "purpose"),
            ({"links": [("Link", "https://example.org")] * 11}, "links"),
        ]
        for kwargs, field in cases:
            with self.subTest(field=field, kwargs=kwargs), self.assertRaises(Refused) as refused:
                self._update(**kwargs)
            self.assertEqual((refused.exception.kind, refused.exception.field), (Kind.INVALID, field))
        self.assertEqual(Community.objects.get(pk=self.community.pk).purpose, self.community.purpose)
        self.assertFalse(self.community.links.exists())

    def test_a_retired_community_cannot_be_edited(self):
        services.change_status(self.community, by=self.programme_admin, status=Status.RETIRED)

        with self.assertRaises(Refused) as refused:
            self._update()
        self.assertEqual(refused.exception.kind, Kind.CONFLICT)


class ReasonTextTests(PersonasTestCase):
    def test_a_removal_reason_with_control_characters_is_refused_and_the_member_stays(self):
        membership = Membership.objects.current().get(community=self.community, person=self.member)
        with self.assertRaises(Refused) as refused:
            services.remove_member(membership, by=self.lead, reason="\x1b[2J\r\nGone")
        self.assertEqual(refused.exception.field, "reason")
        self.assertTrue(Membership.objects.current().filter(pk=membership.pk).exists())
        self.assertFalse(LogEntry.objects.filter(action=LogEntry.Action.REMOVED).exists())
