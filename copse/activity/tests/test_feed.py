"""The activity feed, called directly: each source, what each persona may see, and the keyset pages."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from copse.activity.feed import FEED_PAGE_SIZE, Entry, activity_for, parse_cursor, reader_for
from copse.communities.models import Community, Membership, Role
from copse.core.ui import avatar
from copse.discussions.models import Post, Thread
from copse.events.models import Audience, Event
from copse.testing import (
    PERSONAS,
    EventFactory,
    MembershipFactory,
    PersonasTestCase,
    PostFactory,
    SubscriptionFactory,
    ThreadFactory,
    UserFactory,
)


def feed_of(user, **kwargs) -> list[Entry]:
    return activity_for(reader_for(user), **kwargs).entries


def news_of(user, **kwargs) -> list[Entry]:
    """The feed without people joining (the personas' own joining is in every member's feed)."""
    return [entry for entry in feed_of(user, **kwargs) if entry.kind != "joined"]


def titles(user) -> set[str]:
    return {entry.title for entry in feed_of(user)}


def event_titles(user) -> set[str]:
    return {entry.title for entry in feed_of(user) if entry.kind == "event"}


class SourceTests(PersonasTestCase):
    def test_a_new_thread_in_my_community_is_news_with_its_author(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.core, title="Month-end close tips")
        [entry] = news_of(self.member)
        assert (entry.kind, entry.title, entry.actor.pk, entry.community.pk) == (
            "thread",
            "Month-end close tips",
            self.core.pk,
            self.community.pk,
        )
        assert entry.url == f"/communities/fbp/discussions/{thread.pk}/"

    def test_an_entry_brings_its_authors_photo_and_whether_they_have_left(self) -> None:
        person = self.core.person
        person.photo = f"faces/{person.pk}/v1.webp"
        person.save(update_fields=["photo"])
        ThreadFactory(community=self.community, author=self.core, title="With a face")
        leaver = UserFactory(is_active=False)
        ThreadFactory(community=self.community, author=leaver, title="From someone who left")
        entries = news_of(self.member)
        with CaptureQueriesContext(connection) as queries:
            faces = {entry.title: avatar(entry.actor) for entry in entries}
        assert f'src="/people/{self.core.pk}/photo/v1.small.webp"' in faces["With a face"]
        assert "<img" not in faces["From someone who left"]  # initials: a leaver's photo is not served
        assert len(queries) == 0  # the photo came with the feed's own row

    def test_a_reply_in_a_thread_i_follow_is_news_and_leads_to_the_post(self) -> None:
        thread = ThreadFactory(community=self.open_community, author=self.lead, title="Pivot tables")
        SubscriptionFactory(person=self.outsider, thread=thread)
        reply = PostFactory(thread=thread, author=self.lead, body="Try a slicer.")
        [entry] = feed_of(self.outsider)
        assert (entry.kind, entry.title) == ("reply", "Pivot tables")
        assert entry.url.endswith(f"#post-{reply.pk}")

    def test_replies_in_my_own_threads_are_news_unless_i_muted_them(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.member, title="My question")
        PostFactory(thread=thread, author=self.core)
        assert [e.kind for e in news_of(self.member)] == ["reply"]
        SubscriptionFactory(person=self.member, thread=thread, state="muted")
        assert news_of(self.member) == []

    def test_replies_in_threads_i_do_not_follow_are_not_news(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.core)
        PostFactory(thread=thread, author=self.lead)
        assert [e.kind for e in news_of(self.member)] == ["thread"]  # the thread itself, not its reply

    def test_a_solved_help_request_shows_who_answered(self) -> None:
        thread = ThreadFactory(
            community=self.community, author=self.lead, kind="help", title="VAT on training"
        )
        answer = PostFactory(thread=thread, author=self.core)
        Thread.objects.filter(pk=thread.pk).update(accepted_answer=answer)
        entries = {e.kind: e for e in feed_of(self.member)}
        assert entries["solved"].actor.pk == self.core.pk
        assert entries["solved"].url.endswith(f"#post-{answer.pk}")

    def test_a_new_event_of_my_community_and_of_the_programme_is_news(self) -> None:
        EventFactory(community=self.community, title="Budget clinic", created_by=self.lead)
        EventFactory(community=None, title="Live interview", audience=Audience.ALL_STAFF)
        assert event_titles(self.member) == {"Budget clinic", "Live interview"}
        assert event_titles(self.outsider) == {"Live interview"}

    def test_someone_joining_my_community_is_news(self) -> None:
        newcomer = UserFactory(name="Nia Newcomer")
        MembershipFactory(community=self.community, person=newcomer)
        joined = [e for e in feed_of(self.member) if e.kind == "joined"]
        assert [e.actor.display_name for e in joined] == ["Nia Newcomer", "Cora Core", "Leah Lead"]
        assert joined[0].url == f"/people/{newcomer.pk}/"

    def test_my_own_doing_is_not_news_to_me(self) -> None:
        ThreadFactory(community=self.community, author=self.member)
        EventFactory(community=self.community, created_by=self.member)
        Membership.objects.filter(person__in=[self.lead, self.core]).delete()
        assert feed_of(self.member) == []


class VisibilityTests(PersonasTestCase):
    def test_hidden_and_deleted_replies_are_never_shown(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.member)
        PostFactory(thread=thread, author=self.core, hidden_at=timezone.now())
        PostFactory(thread=thread, author=self.core, deleted_at=timezone.now())
        assert [e for e in feed_of(self.member) if e.kind == "reply"] == []

    def test_a_hidden_accepted_answer_is_not_shown_as_solving(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.lead, kind="help")
        answer = PostFactory(thread=thread, author=self.core, hidden_at=timezone.now())
        Thread.objects.filter(pk=thread.pk).update(accepted_answer=answer)
        assert "solved" not in {e.kind for e in feed_of(self.member)}

    def test_a_private_community_is_news_only_to_its_members(self) -> None:
        ThreadFactory(community=self.private_community, author=self.lead, title="Budget holders only")
        assert "Budget holders only" in titles(self.core)
        for persona in ("member", "outsider", "programme_admin"):
            assert "Budget holders only" not in titles(self.persona(persona)), persona

    def test_replies_stop_once_i_may_no_longer_read_the_thread(self) -> None:
        thread = ThreadFactory(community=self.private_community, author=self.lead, title="Circle plans")
        SubscriptionFactory(person=self.core, thread=thread)
        PostFactory(thread=thread, author=self.lead)
        assert "reply" in {e.kind for e in feed_of(self.core)}
        Membership.objects.filter(person=self.core, community=self.private_community).update(
            left_at=timezone.now()
        )
        assert feed_of(self.core, cursor="") and "Circle plans" not in titles(self.core)

    def test_an_event_for_core_members_is_not_news_to_wider_members(self) -> None:
        EventFactory(community=self.community, title="Core planning", audience=Audience.CORE)
        assert "Core planning" in titles(self.core)
        assert "Core planning" not in titles(self.member)

    def test_members_only_events_of_other_communities_are_not_shown(self) -> None:
        EventFactory(community=self.private_community, title="Circle social")
        EventFactory(community=self.open_community, title="Spreadsheet clinic")
        assert event_titles(self.member) == set()
        assert event_titles(self.outsider) == set()

    def test_every_entry_is_one_the_persona_may_see(self) -> None:
        """The feed's own filters agree with each model's `visible_to` (and `open_to` for events)."""
        for community in (self.community, self.open_community, self.private_community):
            thread = ThreadFactory(community=community, author=UserFactory(), kind="help")
            for persona in PERSONAS:
                SubscriptionFactory(person=self.persona(persona), thread=thread)
            answer = PostFactory(thread=thread, author=UserFactory())
            Thread.objects.filter(pk=thread.pk).update(accepted_answer=answer)
            PostFactory(thread=thread, author=UserFactory(), hidden_at=timezone.now())
            for audience in Audience.values:
                EventFactory(community=community, audience=audience)
            MembershipFactory(community=community)
        for persona in PERSONAS:
            user = self.persona(persona)
            entries = feed_of(user, size=200)
            assert entries, persona
            for entry in entries:
                visible = {
                    "thread": Thread.objects.visible_to(user),
                    "solved": Thread.objects.visible_to(user),
                    "reply": Post.objects.visible_to(user).filter(hidden_at__isnull=True),
                    "event": Event.objects.open_to(user),
                    "joined": Membership.objects.filter(community__in=Community.objects.visible_to(user)),
                }[entry.kind]
                assert visible.filter(pk=entry.pk).exists(), (persona, entry)


class PagesTests(PersonasTestCase):
    def test_older_activity_continues_where_the_page_ended_without_gaps_or_repeats(self) -> None:
        moment = timezone.now() - timedelta(days=1)
        for n in range(FEED_PAGE_SIZE):  # many rows of different sources at exactly the same moment
            thread = ThreadFactory(community=self.community, author=self.core)
            Thread.objects.filter(pk=thread.pk).update(created_at=moment)
            MembershipFactory(community=self.community, joined_at=moment)
            event = EventFactory(community=self.community)
            Event.objects.filter(pk=event.pk).update(created_at=moment - timedelta(minutes=n % 3))
        seen: list[tuple[str, int]] = []
        cursor = ""
        pages = 0
        while True:
            page = activity_for(reader_for(self.member), cursor=cursor)
            seen += [(e.kind, e.pk) for e in page.entries]
            pages += 1
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        everything = [(e.kind, e.pk) for e in feed_of(self.member, size=1000)]
        assert seen == everything
        assert len(set(seen)) == len(seen) == 3 * FEED_PAGE_SIZE + 2  # and the lead's and core's joining
        assert pages == -(-len(seen) // FEED_PAGE_SIZE)

    def test_the_feed_is_one_query_for_two_entries_and_for_two_hundred(self) -> None:
        reader = reader_for(self.member)
        counts = []
        for n in (2, 198):
            for _ in range(n // 2):
                ThreadFactory(community=self.community, author=self.core)
                EventFactory(community=self.community)
            with CaptureQueriesContext(connection) as queries:
                entries = activity_for(reader, size=200).entries
                [(e.actor and e.actor.display_name, e.community and e.community.name, e.url) for e in entries]
            counts.append((len(entries), len(queries)))
        assert counts == [(4, 1), (200, 1)]

    def test_a_cursor_that_is_not_one_starts_from_the_newest(self) -> None:
        ThreadFactory(community=self.community, author=self.core)
        newest = feed_of(self.member)
        for cursor in ["x", "|||", "2026-01-01|9|1", "2026-01-01T00:00:00|5|1", "2026-13-01T00:00+00:00|5|1"]:
            assert feed_of(self.member, cursor=cursor) == newest, cursor


class CursorPropertyTests(HypothesisTestCase):
    @settings(max_examples=200, deadline=None)
    @given(st.text())
    def test_any_text_either_parses_to_a_position_or_is_ignored(self, cursor: str) -> None:
        position = parse_cursor(cursor)
        assert position is None or (position[0].tzinfo is not None and position[1] in range(1, 6))

    @settings(max_examples=50, deadline=None)
    @given(st.text(alphabet="0123456789-:T.+|Z ", max_size=40))
    def test_a_forged_cursor_never_reaches_the_database_as_an_error(self, cursor: str) -> None:
        user = UserFactory()
        community = MembershipFactory(person=user, role=Role.MEMBER).community
        ThreadFactory(community=community)
        activity_for(reader_for(user), cursor=cursor)
