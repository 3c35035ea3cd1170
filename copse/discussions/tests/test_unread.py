"""Unread state: how far each person has read each thread, what the lists mark as new, where opening a thread
starts, and "Mark all as read"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Membership
from copse.discussions import services
from copse.discussions.models import UNREAD_WINDOW, Post, ReadPosition, Thread
from copse.discussions.queries import read_state, thread_posts
from copse.testing import MembershipFactory, PersonasTestCase, PostFactory, ThreadFactory, UserFactory

HTMX = {"HX-Request": "true"}


def ago(**kwargs: float) -> datetime:
    return timezone.now() - timedelta(**kwargs)


def back_date(thing: Thread | Post, moment: datetime) -> None:
    """Move a thread (with its opening post) or a post to an earlier moment, as if written then."""
    if isinstance(thing, Thread):
        Thread.objects.filter(pk=thing.pk).update(created_at=moment, last_activity_at=moment)
        Post.objects.filter(thread=thing).update(created_at=moment)
    else:
        Post.objects.filter(pk=thing.pk).update(created_at=moment)
        Thread.objects.get(pk=thing.thread_id).recount()


def unread(thread: Thread, person: User) -> Thread:
    """The thread as lists see it for this person, checked against the thread page's twin of the same rule."""
    now = timezone.now()
    result: Thread = Thread.objects.with_unread(person, now=now).get(pk=thread.pk)
    state = read_state(Thread.objects.get(pk=thread.pk), viewer=person, now=now)
    assert (state.read_up_to, state.opened_at, state.is_new) == (
        result.read_up_to,  # type: ignore[attr-defined]
        result.opened_at,  # type: ignore[attr-defined]
        result.is_new,  # type: ignore[attr-defined]
    )
    return result


def shown_new(thread: Thread, person: User) -> list[Post]:
    """The posts the thread page marks as new for this person, first first."""
    return read_state(thread, viewer=person).new_posts(thread_posts(thread, viewer=person), viewer=person)


class UnreadTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The member joined the community two months ago.
        Membership.objects.filter(person=cls.member, community=cls.community).update(joined_at=ago(days=60))

    def started(self, *, by: User | None = None, days_ago: float = 1, title: str = "Year-end tips") -> Thread:
        thread = services.start_thread(
            self.community, author=by or self.core, kind="discussion", title=title, body="What worked?"
        )
        back_date(thread, ago(days=days_ago))
        thread.refresh_from_db()
        return thread

    def replied(self, thread: Thread, *, by: User | None = None, hours_ago: float = 1) -> Post:
        post = services.reply(thread, author=by or self.lead, body="Start in October.")
        back_date(post, ago(hours=hours_ago))
        return post


class ReadPositionServiceTests(UnreadTestCase):
    def test_reading_moves_the_position_forward_and_never_back(self) -> None:
        thread = self.started()
        services.mark_thread_read(thread, person=self.member, up_to=ago(hours=5))
        services.mark_thread_read(thread, person=self.member, up_to=ago(hours=2))
        services.mark_thread_read(thread, person=self.member, up_to=ago(hours=9))  # an older tab
        position = ReadPosition.objects.get(person=self.member, thread=thread)
        assert abs(position.read_at - ago(hours=2)) < timedelta(minutes=1)
        assert ReadPosition.objects.count() == 1

    def test_marking_a_community_read_keeps_one_row_that_only_moves_forward(self) -> None:
        services.mark_community_read(self.community, person=self.member, at=ago(hours=1))
        services.mark_community_read(self.community, person=self.member, at=ago(days=3))
        position = ReadPosition.objects.get(person=self.member, community=self.community)
        assert position.thread is None
        assert abs(position.read_at - ago(hours=1)) < timedelta(minutes=1)

    def test_new_replies_are_counted_from_the_read_position_and_the_first_is_where_to_start(self) -> None:
        thread = self.started(days_ago=3)
        self.replied(thread, hours_ago=30)
        services.mark_thread_read(thread, person=self.member, up_to=ago(hours=30))
        first = self.replied(thread, hours_ago=5)
        self.replied(thread, by=self.core, hours_ago=2)
        state = unread(thread, self.member)
        assert (state.new_count, state.is_new) == (2, False)  # type: ignore[attr-defined]
        assert [post.pk for post in shown_new(thread, self.member)][:1] == [first.pk]

    def test_own_deleted_and_hidden_posts_are_not_new(self) -> None:
        thread = self.started(days_ago=3)
        services.mark_thread_read(thread, person=self.member, up_to=ago(days=2))
        self.replied(thread, by=self.member, hours_ago=6)
        services.delete_post(self.replied(thread, hours_ago=5))
        services.hide_post(self.replied(thread, by=self.core, hours_ago=4), by=self.lead, reason="Off topic")
        kept = self.replied(thread, hours_ago=3)
        state = unread(thread, self.member)
        assert state.new_count == 1  # type: ignore[attr-defined]
        assert [post.pk for post in shown_new(thread, self.member)] == [kept.pk]

    def test_a_thread_started_since_joining_and_never_opened_is_new(self) -> None:
        state = unread(self.started(days_ago=2), self.member)
        assert state.is_new and state.new_count == 1 and state.opened_at is None  # type: ignore[attr-defined]

    def test_the_persons_own_thread_is_not_new_to_them(self) -> None:
        state = unread(self.started(by=self.member, days_ago=2), self.member)
        assert not state.is_new and state.new_count == 0  # type: ignore[attr-defined]

    def test_threads_from_before_joining_are_not_new_but_replies_since_are(self) -> None:
        Membership.objects.filter(person=self.member, community=self.community).update(joined_at=ago(days=5))
        thread = self.started(days_ago=10)
        assert not unread(thread, self.member).is_new  # type: ignore[attr-defined]
        assert unread(thread, self.member).new_count == 0  # type: ignore[attr-defined]
        self.replied(thread, hours_ago=3)
        state = unread(thread, self.member)
        assert (state.is_new, state.new_count) == (False, 1)  # type: ignore[attr-defined]

    def test_nothing_older_than_the_window_is_new(self) -> None:
        old = self.started(days_ago=UNREAD_WINDOW.days + 5)
        assert not unread(old, self.member).is_new  # type: ignore[attr-defined]
        services.mark_thread_read(old, person=self.member, up_to=ago(days=UNREAD_WINDOW.days + 4))
        self.replied(old, hours_ago=24 * (UNREAD_WINDOW.days + 2))
        assert unread(old, self.member).new_count == 0  # type: ignore[attr-defined]

    def test_marking_the_community_read_clears_every_thread_until_someone_posts_again(self) -> None:
        opened, never = self.started(days_ago=3), self.started(days_ago=2, title="Never opened")
        services.mark_thread_read(opened, person=self.member, up_to=ago(days=3))
        self.replied(opened, hours_ago=2)
        services.mark_community_read(self.community, person=self.member)
        for thread in (opened, never):
            state = unread(thread, self.member)
            assert (state.is_new, state.new_count) == (False, 0)  # type: ignore[attr-defined]
        later = services.reply(never, author=self.lead, body="Any more tips?")
        state = unread(never, self.member)
        assert (state.is_new, state.new_count) == (False, 1)  # type: ignore[attr-defined]
        assert [post.pk for post in shown_new(never, self.member)] == [later.pk]

    def test_someone_reading_an_open_community_without_joining_sees_the_last_weeks_as_new(self) -> None:
        recent = ThreadFactory(community=self.open_community, author=self.lead)
        old = ThreadFactory(community=self.open_community, author=self.lead)
        back_date(old, ago(days=UNREAD_WINDOW.days + 1))
        assert unread(recent, self.outsider).is_new  # type: ignore[attr-defined]
        assert not unread(old, self.outsider).is_new  # type: ignore[attr-defined]

    def test_one_persons_reading_does_not_change_anothers(self) -> None:
        thread = self.started(days_ago=2)
        services.mark_thread_read(thread, person=self.core, up_to=timezone.now())
        services.mark_community_read(self.community, person=self.lead)
        assert unread(thread, self.member).is_new  # type: ignore[attr-defined]


class ListMarkerTests(UnreadTestCase):
    def test_the_list_says_how_many_replies_are_new_and_links_to_the_first(self) -> None:
        thread = self.started(days_ago=3)
        services.mark_thread_read(thread, person=self.member, up_to=ago(days=3))
        self.replied(thread, hours_ago=5)
        self.replied(thread, by=self.core, hours_ago=2)
        read = self.started(days_ago=2, title="Already read")
        services.mark_thread_read(read, person=self.member, up_to=timezone.now())
        self.started(days_ago=1, title="Brand new")
        page = self.client_for("member").get("/communities/fbp/discussions/").content.decode()
        assert f'<a href="{thread.get_absolute_url()}#first-new">Year-end tips</a>' in page
        assert '2 new<span class="visually-hidden"> replies</span>' in page
        assert re.search(
            r'<li class="is-unread">\s*<span class="avatar[^>]*>[^<]*</span>\s*<div class="item-body">\s*'
            r'<p class="item-title"><a href="[^"]*">Brand new</a> <span class="badge badge-new">New',
            page,
        )
        assert re.search(
            r"<li>\s*<span[^>]*>[^<]*</span>\s*<div class=\"item-body\">\s*<p class=\"item-title\">"
            r'<a href="[^"#]*">Already read</a> </p>',
            page,
        )

    def test_help_requests_carry_the_same_markers(self) -> None:
        thread = services.start_thread(
            self.community, author=self.core, kind="help", title="Phasing?", body="?"
        )
        page = self.client_for("member").get("/help/").content.decode()
        assert '<span class="badge badge-new">New' in page
        self.client_for("member").get(thread.get_absolute_url())
        services.reply(thread, author=self.lead, body="Use last year's actuals.")
        page = self.client_for("member").get("/help/").content.decode()
        assert '1 new<span class="visually-hidden"> reply</span>' in page

    def test_solved_and_not_yet_solved_are_different_badges_with_words(self) -> None:
        waiting = services.start_thread(self.community, author=self.core, kind="help", title="Q1", body="?")
        solved = services.start_thread(self.community, author=self.core, kind="help", title="Q2", body="?")
        services.accept_answer(solved, post=services.reply(solved, author=self.lead, body="Like this."))
        page = self.client_for("member").get("/communities/fbp/discussions/").content.decode()
        assert (
            '<span class="tag tag-help">Help request</span> <span class="badge badge-warning">Not yet solved'
            in page
        )
        assert (
            '<span class="tag tag-help">Help request</span> <span class="badge badge-success">Solved' in page
        )
        assert waiting.title in page


class ThreadPageTests(UnreadTestCase):
    def test_opening_marks_the_new_posts_then_the_thread_is_read(self) -> None:
        thread = self.started(days_ago=3)
        services.mark_thread_read(thread, person=self.member, up_to=ago(days=3))
        first = self.replied(thread, hours_ago=5)
        second = self.replied(thread, by=self.core, hours_ago=2)
        client = self.client_for("member")
        page = client.get(thread.get_absolute_url()).content.decode()
        assert '2 new replies since you last read this thread. <a href="#first-new">' in page
        assert re.search(rf'id="first-new">.*?</p>\s*<article class="post is-new" id="post-{first.pk}"', page)
        assert f'class="post is-new" id="post-{first.pk}"' in page
        assert f'class="post is-new" id="post-{second.pk}"' in page
        position = ReadPosition.objects.get(person=self.member, thread=thread)
        assert position.read_at == Post.objects.get(pk=second.pk).created_at
        page = client.get(thread.get_absolute_url()).content.decode()
        assert "since you last read" not in page and "is-new" not in page
        listing = client.get("/communities/fbp/discussions/").content.decode()
        assert "badge-new" not in listing

    def test_opening_a_thread_again_with_nothing_new_writes_nothing(self) -> None:
        thread = self.started(days_ago=3)
        client = self.client_for("member")
        client.get(thread.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(thread.get_absolute_url())
        writes = [
            q["sql"]
            for q in queries
            if "readposition" in q["sql"]
            and q["sql"].lstrip("( ").split()[0] in {"INSERT", "UPDATE", "DELETE"}
        ]
        assert writes == []

    def test_a_thread_new_to_the_reader_marks_no_single_post(self) -> None:
        thread = self.started(days_ago=1)
        self.replied(thread, hours_ago=1)
        page = self.client_for("member").get(thread.get_absolute_url()).content.decode()
        assert "is-new" not in page and "since you last read" not in page
        assert ReadPosition.objects.filter(person=self.member, thread=thread).exists()

    def test_the_opening_post_is_labelled_in_sentence_case(self) -> None:
        help_request = services.start_thread(
            self.community, author=self.core, kind="help", title="Q", body="?"
        )
        page = self.client_for("member").get(help_request.get_absolute_url()).content.decode()
        assert '<span class="badge badge-outline no-dot">Question</span>' in page
        assert "· question" not in page
        page = self.client_for("member").get(self.started().get_absolute_url()).content.decode()
        assert '<span class="badge badge-outline no-dot">Opening post</span>' in page

    def test_posts_show_faces_names_job_titles_and_relative_times(self) -> None:
        self.core.person.job_title = "Management Accountant"
        self.core.person.save()
        thread = self.started(days_ago=2)
        page = self.client_for("member").get(thread.get_absolute_url()).content.decode()
        assert 'class="avatar avatar-md avatar-c' in page
        assert 'Cora Core</a></strong> <span class="person-role">Management Accountant</span>' in page
        assert re.search(r'<time datetime="[^"]+" title="[^"]+">2 days ago</time>', page)

    def test_someone_outside_an_open_community_is_asked_to_join_instead_of_a_reply_form(self) -> None:
        thread = ThreadFactory(community=self.open_community, author=self.lead)
        page = self.client_for("outsider").get(thread.get_absolute_url()).content.decode()
        assert "Join to take part" in page
        assert f'action="/communities/{self.open_community.slug}/join/"' in page
        assert "Post reply" not in page
        listing = self.client_for("outsider").get(f"/communities/{self.open_community.slug}/discussions/")
        assert "Join to take part" in listing.content.decode()
        assert "Start a discussion" not in listing.content.decode()
        assert (
            "Join to take part" not in self.client_for("lead").get(thread.get_absolute_url()).content.decode()
        )


class MarkAllReadTests(UnreadTestCase):
    url = "/communities/fbp/discussions/read/"

    def test_marking_all_read_goes_back_to_the_list_with_its_filters_and_says_so(self) -> None:
        thread = self.started(days_ago=1)
        client = self.client_for("member")
        response = client.post(f"{self.url}?kind=discussion", follow=True)
        assert response.redirect_chain == [("/communities/fbp/discussions/?kind=discussion", 302)]
        page = response.content.decode()
        assert "All discussions in Finance Business Partners are marked as read." in page
        assert "badge-new" not in page
        assert not unread(thread, self.member).is_new  # type: ignore[attr-defined]

    def test_with_htmx_the_list_comes_back_with_the_message_for_the_status_region(self) -> None:
        self.started(days_ago=1)
        response = self.client_for("member").post(self.url, headers=HTMX)
        page = response.content.decode()
        assert response.status_code == 200
        assert page.lstrip().startswith('<div id="threads">')
        assert 'hx-swap-oob="innerHTML:#messages"' in page and "are marked as read" in page
        assert "Year-end tips" in page and "badge-new" not in page

    def test_a_get_is_not_allowed_and_changes_nothing(self) -> None:
        assert self.client_for("member").get(self.url).status_code == 405
        assert not ReadPosition.objects.exists()

    def test_people_who_may_not_read_the_discussions_are_refused_and_nothing_is_written(self) -> None:
        assert self.client_for("outsider").post(self.url).status_code == 403
        assert (
            self.client_for("member").post("/communities/budget-circle/discussions/read/").status_code == 404
        )
        assert self.client_for("member").post("/communities/nowhere/discussions/read/").status_code == 404
        response = self.client_for(None).post(self.url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not ReadPosition.objects.exists()


class UnreadQueryCountTests(PersonasTestCase):
    def count(self, url: str) -> int:
        client = self.client_for("member")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(self, n: int) -> None:
        """`n` threads by different people, a third pinned, half of them read some time ago, with new replies."""
        for i in range(n):
            author = UserFactory()
            MembershipFactory(community=self.community, person=author)
            thread = ThreadFactory(
                community=self.community,
                author=author,
                kind="help" if i % 2 else "idea",
                is_pinned=i % 3 == 0,
            )
            if i % 2:
                ReadPosition.objects.create(person=self.member, thread=thread, read_at=ago(hours=1))
                PostFactory(thread=thread, author=self.lead)

    def test_the_discussions_list_costs_the_same_for_2_and_200_threads(self) -> None:
        self.grow(2)
        small = self.count("/communities/fbp/discussions/")
        self.grow(198)
        large = self.count("/communities/fbp/discussions/")
        # Session, user, the community with the viewer's role, the header's communities and unread count, the
        # subscription, the pinned threads and a page of the others, each with what is new for the member.
        assert (small, large) == (8, 8)

    def test_the_help_page_costs_the_same_for_2_and_200_threads(self) -> None:
        self.grow(2)
        small = self.count("/help/")
        self.grow(198)
        large = self.count("/help/")
        assert (small, large) == (5, 5)
