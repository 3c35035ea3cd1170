"""Every message the community workflows send to a person is a notification of a kind the person controls."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from copse.accounts.models import User
from copse.communities import services
from copse.communities.models import Role, Status
from copse.notifications.kinds import KINDS, Delivery
from copse.notifications.models import Notification
from copse.notifications.services import send_digests, set_deliveries
from copse.testing import (
    CommunityFactory,
    JoinRequestFactory,
    MembershipFactory,
    PersonasTestCase,
    UserFactory,
)


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class CommunityNoticeTests(PersonasTestCase):
    """For each kind: who is told, what the notification says, and that the email follows their preference."""

    def cases(self) -> dict[str, tuple[Callable[[], object], User, str, str]]:
        """kind -> (the action, the person told, words in the title, the page it opens)."""

        def ask() -> object:
            return services.request_to_join(
                self.community, person=self.outsider, message="I work with budgets."
            )

        requester: User = UserFactory(name="Rae Requester")
        waiting: User = UserFactory(name="Wes Waiting")

        def decide() -> object:
            join_request = JoinRequestFactory(community=self.community, person=requester)
            return services.decide_request(join_request, by=self.lead, approve=False, reason="Full for now.")

        def add() -> object:
            return services.add_member(self.private_community, person=self.member, by=self.lead)

        proposal = CommunityFactory(
            name="Data Analytics", slug="data-analytics", status=Status.PROPOSED, proposed_by=self.outsider
        )

        def propose() -> object:
            return services.propose_community(
                person=self.outsider,
                name="Spreadsheet Clinic",
                purpose="Help with formulas.",
                service_area=self.area,
                reason="Nobody to ask.",
                visibility="open",
            )

        def decide_proposal() -> object:
            return services.decide_proposal(
                proposal, by=self.programme_admin, approve=False, reason="Covered."
            )

        def retire() -> object:
            JoinRequestFactory(community=self.community, person=waiting)
            return services.change_status(self.community, by=self.programme_admin, status=Status.RETIRED)

        return {
            "join_requests": (
                ask,
                self.lead,
                "Olu Outsider asked to join Finance Business Partners",
                "/requests/",
            ),
            "decisions": (
                decide,
                requester,
                "was not approved. The reason given: Full for now.",
                "/fbp/",
            ),
            "added_to_community": (
                add,
                self.member,
                "You have been added to Budget Holders Circle",
                "/budget",
            ),
            "proposals": (
                propose,
                self.programme_admin,
                "Olu Outsider proposed a new community: Spreadsheet Clinic",
                "/communities/proposals/",
            ),
            "proposal_decisions": (
                decide_proposal,
                self.outsider,
                "not approved. They said: Covered.",
                "/data",
            ),
            "retirements": (retire, waiting, "Finance Business Partners has been retired", "/fbp/"),
        }

    def test_each_kind_is_listed_with_an_immediate_email_by_default(self) -> None:
        for kind in self.cases():
            assert KINDS[kind].default == Delivery.IMMEDIATE, kind

    def test_the_person_is_notified_and_emailed_straight_away_by_default(self) -> None:
        for kind, (action, person, words, url) in self.cases().items():
            with self.subTest(kind):
                mail.outbox.clear()
                with self.captureOnCommitCallbacks(execute=True):
                    action()
                notification = Notification.objects.get(kind=kind, recipient=person)
                assert words in notification.title, notification.title
                assert url in notification.url
                emails = [email for email in mail.outbox if email.to == [person.email]]
                assert [email.subject for email in emails] == [notification.title]
                assert "List-Unsubscribe" in emails[0].extra_headers
                assert Notification.objects.filter(
                    kind=kind, recipient=person, emailed_at__isnull=False
                ).exists()

    def test_no_email_when_the_person_switched_the_kind_off_but_it_is_still_listed(self) -> None:
        for kind, (action, person, _words, _url) in self.cases().items():
            with self.subTest(kind):
                set_deliveries(person, {kind: Delivery.OFF})
                mail.outbox.clear()
                with self.captureOnCommitCallbacks(execute=True):
                    action()
                assert Notification.objects.filter(kind=kind, recipient=person).exists()
                assert [email for email in mail.outbox if email.to == [person.email]] == []

    def test_a_kind_chosen_for_the_daily_digest_waits_for_it(self) -> None:
        for day, (kind, (action, person, words, _url)) in enumerate(self.cases().items()):
            with self.subTest(kind):
                set_deliveries(person, {kind: Delivery.DAILY})
                mail.outbox.clear()
                with self.captureOnCommitCallbacks(execute=True):
                    action()
                assert [email for email in mail.outbox if email.to == [person.email]] == []
                send_digests(Delivery.DAILY, now=timezone.now() + timedelta(days=day))
                digests = [email for email in mail.outbox if email.to == [person.email]]
                assert len(digests) == 1 and words in digests[0].body

    def test_nothing_is_told_when_the_work_is_rolled_back(self) -> None:
        action, person, _words, _url = self.cases()["added_to_community"]
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            suppress(RuntimeError),
            transaction.atomic(),
        ):
            action()
            raise RuntimeError
        assert callbacks == []
        assert not Notification.objects.filter(recipient=person).exists()
        assert mail.outbox == []

    def test_a_name_with_a_line_break_cannot_break_the_email(self) -> None:
        # Stored before the text policy: the notification's title (the email's subject) is still one line.
        legacy = CommunityFactory(name="Old\r\nName", slug="old", visibility="private")
        MembershipFactory(community=legacy, person=self.lead, role=Role.LEAD)
        with self.captureOnCommitCallbacks(execute=True):
            services.add_member(legacy, person=self.member, by=self.lead)
        assert mail.outbox[-1].subject == "You have been added to Old Name"


class ProposalNoticeTests(PersonasTestCase):
    def test_only_the_programme_team_still_working_here_hears_of_a_proposal(self) -> None:
        gone = UserFactory(name="Gone Team", is_programme_team=True, is_active=False)
        services.propose_community(
            person=self.member,
            name="Grant Writers",
            purpose="Writing bids.",
            service_area=self.area,
            reason="",
            visibility="on_request",
        )
        told = set(Notification.objects.filter(kind="proposals").values_list("recipient_id", flat=True))
        assert told == {self.programme_admin.pk}
        assert gone.pk not in told and self.lead.pk not in told
