"""Who hears about a post: followers, members, the people mentioned, never someone who cannot read it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.discussions import services
from copse.discussions.models import Thread
from copse.discussions.permissions import can_view_thread, readers_of
from copse.notifications.models import Notification
from copse.testing import PERSONAS, MembershipFactory, PersonasTestCase, SubscriptionFactory, UserFactory


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


class FanOutTests(PersonasTestCase):
    def start(self, **kwargs: str) -> Thread:
        with self.captureOnCommitCallbacks(execute=True):
            return services.start_thread(self.community, author=kwargs.pop("author", self.member), **kwargs)

    def test_a_new_thread_reaches_members_who_have_not_muted_the_community(self) -> None:
        services.set_subscription(self.core, community=self.community, state="muted")
        self.start(kind="idea", title="Shared calendar", body="Shall we?")
        assert told("new_threads") == {"lead@example.org"}

    def test_a_help_request_is_its_own_kind_of_news(self) -> None:
        self.start(kind="help", title="Stuck on accruals", body="Help")
        assert told("help_requests") == {"lead@example.org", "core@example.org"}
        assert not told("new_threads")

    def test_a_reply_reaches_the_author_and_followers_but_not_the_muted_or_the_replier(self) -> None:
        thread = self.start(kind="discussion", title="T", body="B")
        with self.captureOnCommitCallbacks(execute=True):
            services.reply(thread, author=self.core, body="First reply")  # core now follows
        services.set_subscription(self.lead, thread=thread, state="following")
        services.set_subscription(self.member, thread=thread, state="muted")
        Notification.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            services.reply(thread, author=self.lead, body="Second reply")
        assert told("replies_to_me") == {"core@example.org"}

    def test_a_mention_reaches_a_reader_and_leaks_nothing_to_someone_who_cannot_read(self) -> None:
        self.start(kind="discussion", title="Ask Cora", body="@core and @outsider, what do you think?")
        assert told("mentions") == {"core@example.org"}
        assert not Notification.objects.filter(recipient=self.outsider).exists()
        assert "core@example.org" not in told("new_threads")  # told once, as a mention

    def test_readers_of_agrees_with_can_view_thread_for_every_persona(self) -> None:
        for community in (self.community, self.open_community, self.private_community):
            thread = services.start_thread(community, author=self.lead, kind="idea", title="T", body="B")
            readers = set(readers_of(thread))
            for name in PERSONAS:
                with self.subTest(community=community.name, persona=name):
                    assert can_view_thread(self.persona(name), thread) == (self.persona(name) in readers)

    def test_replying_costs_the_same_queries_whatever_the_number_of_followers(self) -> None:
        thread = services.start_thread(self.community, author=self.member, kind="help", title="T", body="B")

        def reply_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                services.reply(thread, author=self.core, body="Another reply")
            return len(queries)

        services.reply(thread, author=self.core, body="First reply: core starts following")
        for _ in range(2):
            person = UserFactory()
            MembershipFactory(community=self.community, person=person)
            SubscriptionFactory(person=person, thread=thread)
        few = reply_queries()
        for _ in range(50):
            person = UserFactory()
            MembershipFactory(community=self.community, person=person)
            SubscriptionFactory(person=person, thread=thread)
        assert reply_queries() == few
