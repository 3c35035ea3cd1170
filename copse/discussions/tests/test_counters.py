"""Every counter a thread stores stays true to its posts: after a reply, a delete, a hide, a restore and a move.

Stored: `reply_count`, `last_activity_at` and `first_response_at`. Reaction counts are not stored (the thread page
counts them in its query), so they cannot drift.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from copse.discussions import services
from copse.discussions.models import Post, Thread
from copse.discussions.queries import open_help_requests
from copse.testing import PersonasTestCase


def assert_counters_true(thread: Thread) -> None:
    """Recount from the posts, independently of `Thread.recount`, and compare with what is stored."""
    thread.refresh_from_db()
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    opening, replies = posts[0], [p for p in posts[1:] if not p.is_deleted and not p.is_hidden]
    by_others = [p.created_at for p in replies if p.author_id != thread.author_id]
    assert thread.reply_count == len(replies)
    assert thread.last_activity_at == max([opening.created_at, *(p.created_at for p in replies)])
    assert thread.first_response_at == (min(by_others) if by_others else None)


class CounterTests(PersonasTestCase):
    def setUp(self) -> None:
        self.thread = services.start_thread(
            self.community, author=self.member, kind="help", title="Accruals?", body="How do you do them?"
        )
        self.opening = self.thread.posts.get()
        self.answer = services.reply(self.thread, author=self.core, body="Like this.")
        self.bump = services.reply(self.thread, author=self.member, body="Thanks!")
        self.later = services.reply(self.thread, author=self.lead, body="And also like this.")
        # Spread the posts out in time, so "latest" and "first" are unambiguous, as replying would have.
        start = timezone.now() - timedelta(days=3)
        for hours, post in enumerate([self.opening, self.answer, self.bump, self.later]):
            Post.objects.filter(pk=post.pk).update(created_at=start + timedelta(hours=hours))
        Thread.objects.filter(pk=self.thread.pk).update(
            last_activity_at=start + timedelta(hours=3), first_response_at=start + timedelta(hours=1)
        )

    def test_replies_keep_the_counters_true(self) -> None:
        thread = services.start_thread(self.community, author=self.member, kind="idea", title="T", body="B")
        assert_counters_true(thread)
        services.reply(thread, author=self.member, body="My own bump")
        assert_counters_true(thread)
        services.reply(thread, author=self.core, body="An answer")
        assert_counters_true(thread)
        assert thread.reply_count == 2

    def test_deleting_a_reply_takes_it_out_of_every_counter(self) -> None:
        services.delete_post(Post.objects.get(pk=self.later.pk))
        assert_counters_true(self.thread)
        assert self.thread.reply_count == 2
        assert self.thread.last_activity_at == Post.objects.get(pk=self.bump.pk).created_at

    def test_hiding_the_first_response_moves_first_response_to_the_next_one_by_someone_else(self) -> None:
        services.hide_post(self.answer, by=self.lead, reason="Wrong figures")
        assert_counters_true(self.thread)
        assert self.thread.first_response_at == Post.objects.get(pk=self.later.pk).created_at

    def test_restoring_a_hidden_post_counts_it_again(self) -> None:
        services.hide_post(self.later, by=self.core, reason="Check")
        assert_counters_true(self.thread)
        assert self.thread.reply_count == 2
        services.restore_post(self.later, by=self.core)
        assert_counters_true(self.thread)
        assert self.thread.reply_count == 3

    def test_when_every_reply_is_gone_the_thread_is_as_new_and_waits_for_help_again(self) -> None:
        for post in (self.answer, self.bump):
            services.delete_post(Post.objects.get(pk=post.pk))
        services.hide_post(self.later, by=self.core, reason="Spam")
        assert_counters_true(self.thread)
        assert (self.thread.reply_count, self.thread.first_response_at) == (0, None)
        assert self.thread.last_activity_at == Post.objects.get(pk=self.opening.pk).created_at
        waiting = open_help_requests(self.member).get(pk=self.thread.pk)
        assert waiting.answered == 0  # type: ignore[attr-defined]

    def test_moving_a_thread_keeps_its_counters(self) -> None:
        services.hide_post(self.answer, by=self.lead, reason="Off topic")
        self.thread.refresh_from_db()
        before = (self.thread.reply_count, self.thread.last_activity_at, self.thread.first_response_at)
        moved = services.move_thread(self.thread, to=self.open_community, by=self.lead)
        assert_counters_true(moved)
        assert (moved.reply_count, moved.last_activity_at, moved.first_response_at) == before

    def test_deleting_the_opening_post_keeps_the_counters_of_the_replies(self) -> None:
        services.delete_post(Post.objects.get(pk=self.opening.pk))
        assert_counters_true(self.thread)
        assert self.thread.reply_count == 3
