"""Moderation: members report posts; leads and core members hide, restore, lock, pin and move; all is logged."""

from __future__ import annotations

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Role
from copse.core.refusals import Kind, Refused
from copse.core.text import LINE_MESSAGE
from copse.discussions import services
from copse.discussions.models import Flag, ModerationAction, Post, Thread
from copse.testing import (
    FlagFactory,
    MembershipFactory,
    ModerationActionFactory,
    PersonasTestCase,
    PostFactory,
    ThreadFactory,
    UserFactory,
)


class ModerationTests(PersonasTestCase):
    def setUp(self) -> None:
        self.thread = services.start_thread(
            self.community,
            author=self.lead,
            kind="discussion",
            title="Budget season",
            body="How is it going?",
        )
        self.post = services.reply(self.thread, author=self.member, body="Something unkind")

    def test_a_member_reports_a_post_and_core_members_see_it_in_the_queue(self) -> None:
        response = self.client_for("outsider").post(f"/posts/{self.post.pk}/flag/", {"reason": "Rude"})
        assert response.status_code == 404  # cannot read the thread, so cannot report it
        self.client_for("lead").post(f"/posts/{self.post.pk}/flag/", {"reason": "Unkind to a colleague"})
        self.client_for("lead").post(f"/posts/{self.post.pk}/flag/", {"reason": "Again"})
        assert Flag.objects.open().filter(post=self.post).count() == 1
        html = self.client_for("core").get("/communities/fbp/moderation/").content.decode()
        assert "Unkind to a colleague" in html and "Something unkind" in html

    def test_a_report_needs_a_reason(self) -> None:
        response = self.client_for("core").post(f"/posts/{self.post.pk}/flag/", {"reason": "  "})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        assert not Flag.objects.exists()

    def test_hiding_a_post_settles_its_flags_and_hides_it_from_members(self) -> None:
        services.flag_post(self.post, person=self.lead, reason="Unkind")
        self.client_for("core").post(
            f"/posts/{self.post.pk}/hide/", {"reason": "Breaks the community's ground rules"}
        )
        self.post.refresh_from_db()
        assert self.post.is_hidden
        assert Flag.objects.get().outcome == Flag.Outcome.HIDDEN
        member_view = self.client_for("member").get(self.thread.get_absolute_url())
        assert "A moderator hid this post." in member_view.content.decode()
        assert "Something unkind" not in member_view.content.decode()
        core_view = html.unescape(
            self.client_for("core").get(self.thread.get_absolute_url()).content.decode()
        )
        assert "Something unkind" in core_view and "Breaks the community's ground rules" in core_view
        action = ModerationAction.objects.get()
        assert (action.actor, action.action, action.post) == (self.core, "hide", self.post)

    def test_members_cannot_hide_and_hiding_needs_a_reason(self) -> None:
        assert (
            self.client_for("member").post(f"/posts/{self.post.pk}/hide/", {"reason": "x"}).status_code == 403
        )
        response = self.client_for("lead").post(f"/posts/{self.post.pk}/hide/", {"reason": ""})
        assert response.status_code == 400
        self.post.refresh_from_db()
        assert not self.post.is_hidden

    def test_restore_and_dismiss(self) -> None:
        services.hide_post(self.post, by=self.lead, reason="Check")
        self.client_for("lead").post(f"/posts/{self.post.pk}/restore/")
        self.post.refresh_from_db()
        assert not self.post.is_hidden
        services.flag_post(self.post, person=self.core, reason="Hmm")
        self.client_for("lead").post(f"/posts/{self.post.pk}/dismiss/")
        assert Flag.objects.get().outcome == Flag.Outcome.DISMISSED
        assert list(ModerationAction.objects.values_list("action", flat=True)) == [
            "dismiss",
            "restore",
            "hide",
        ]

    def test_replying_under_a_hidden_opening_post_is_refused(self) -> None:
        opening = self.thread.posts.order_by("created_at").first()
        services.hide_post(opening, by=self.lead, reason="Spam")
        response = self.client_for("member").post(
            f"{self.thread.get_absolute_url()}reply/", {"body": "Still here"}
        )
        assert response.status_code == 409
        assert "hidden this thread&#x27;s opening post" in response.content.decode()

    def test_lock_pin_and_move_are_logged(self) -> None:
        client = self.client_for("lead")
        client.post(f"{self.thread.get_absolute_url()}moderate/", {"action": "lock", "reason": "Resolved"})
        client.post(f"{self.thread.get_absolute_url()}moderate/", {"action": "pin"})
        self.thread.refresh_from_db()
        assert self.thread.is_locked and self.thread.is_pinned
        response = client.post(
            f"{self.thread.get_absolute_url()}moderate/", {"action": "explode"}, follow=True
        )
        assert "Choose lock, unlock, pin or unpin." in response.content.decode()
        client.post(f"{self.thread.get_absolute_url()}move/", {"to": "spreadsheets"})
        self.thread.refresh_from_db()
        assert self.thread.community == self.open_community
        assert list(ModerationAction.objects.values_list("action", flat=True)) == ["move", "pin", "lock"]

    def test_moving_to_a_community_you_do_not_moderate_is_refused(self) -> None:
        response = self.client_for("core").post(
            f"{self.thread.get_absolute_url()}move/", {"to": "spreadsheets"}, follow=True
        )
        assert "Choose a community you moderate." in response.content.decode()
        assert Thread.objects.get(pk=self.thread.pk).community == self.community

    def test_moderation_queue_query_count_is_pinned(self) -> None:
        def grow(n: int) -> None:
            for _ in range(n):
                author = UserFactory()
                MembershipFactory(community=self.community, person=author, role=Role.MEMBER)
                post = services.reply(self.thread, author=author, body="Hmm")
                services.flag_post(post, person=self.member, reason="Off topic")
                if post.pk % 2:
                    services.hide_post(post, by=self.lead, reason="Off topic")

        client = self.client_for("lead")

        def count() -> int:
            client.get("/communities/fbp/moderation/")
            with CaptureQueriesContext(connection) as queries:
                client.get("/communities/fbp/moderation/")
            return len(queries)

        grow(2)
        small = count()
        grow(48)
        assert (small, count()) == (9, 9)  # one of them the reported posts' files
        assert Post.objects.filter(hidden_at__isnull=False).exists()


class HiddenPostTests(PersonasTestCase):
    def setUp(self) -> None:
        self.thread = services.start_thread(
            self.community, author=self.member, kind="help", title="Question", body="How?"
        )
        self.post = services.reply(self.thread, author=self.core, body="Something hidden")
        services.hide_post(self.post, by=self.lead, reason="Off topic")

    def test_members_cannot_reach_a_hidden_post_by_its_address(self) -> None:
        client = self.client_for("member")
        assert client.get(f"/posts/{self.post.pk}/flag/").status_code == 404
        assert client.post(f"/posts/{self.post.pk}/react/", {"kind": "thanks"}).status_code == 404
        assert self.client_for("lead").get(f"/posts/{self.post.pk}/flag/").status_code == 200

    def test_a_hidden_post_cannot_be_the_accepted_answer(self) -> None:
        response = self.client_for("member").post(
            f"{self.thread.get_absolute_url()}accept/{self.post.pk}/", follow=True
        )
        assert "not been deleted or hidden" in response.content.decode()
        self.thread.refresh_from_db()
        assert not self.thread.is_solved

    def test_a_moved_thread_answers_at_its_old_address(self) -> None:
        old_url = self.thread.get_absolute_url()
        self.client_for("lead").post(f"{old_url}move/", {"to": "spreadsheets", "reason": "Better fit"})
        self.thread.refresh_from_db()
        response = self.client_for("member").get(old_url)
        assert response.status_code == 302 and response["Location"] == self.thread.get_absolute_url()
        assert (
            ModerationAction.objects.filter(action="move").get().reason
            == "From Finance Business Partners. Better fit"
        )

    def test_lock_reason_is_logged_and_an_empty_form_is_an_error(self) -> None:
        self.client_for("lead").post(
            f"{self.thread.get_absolute_url()}moderate/", {"action": "lock", "reason": "Answered"}
        )
        assert ModerationAction.objects.get(action="lock").reason == "Answered"
        response = self.client_for("member").post("/communities/fbp/discussions/new/", {})
        assert response.status_code == 400


class ModerationQueueTests(PersonasTestCase):
    def test_the_queue_lists_and_counts_only_posts_with_open_reports(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.lead, title="Budget season")
        replies = [PostFactory(thread=thread, author=self.member, body=f"Reply {i}") for i in range(5)]
        settled = PostFactory(thread=thread, author=self.member, body="Already dealt with")
        FlagFactory(post=replies[2], flagged_by=self.core, reason="Unkind to a colleague")
        services.flag_post(settled, person=self.core, reason="Spam")
        services.dismiss_flags(settled, by=self.lead)

        html = self.client_for("lead").get("/communities/fbp/moderation/").content.decode()

        assert "Reported posts (1)" in html
        assert "Reply 2" in html and "Unkind to a colleague" in html
        assert "Reply 1" not in html and "Already dealt with" not in html


class ControlCharacterTests(PersonasTestCase):
    """A NUL byte (or a line break) in a reason or a move's target is refused with a message, never a 500:
    PostgreSQL cannot store a NUL in text, so it must never reach the database."""

    def setUp(self) -> None:
        self.thread = ThreadFactory(community=self.community, author=self.lead)
        self.post = PostFactory(thread=self.thread, author=self.member, body="Hmm")
        self.client = self.client_for("lead")

    def test_a_nul_in_the_reason_for_restoring_is_refused(self) -> None:
        services.hide_post(self.post, by=self.lead, reason="Check")
        response = self.client.post(f"/posts/{self.post.pk}/restore/", {"reason": "ok\x00"}, follow=True)
        assert response.status_code == 200
        assert f"Reason: {LINE_MESSAGE}" in html.unescape(response.content.decode())
        assert Post.objects.get(pk=self.post.pk).is_hidden

    def test_a_nul_in_the_reason_for_dismissing_reports_is_refused(self) -> None:
        services.flag_post(self.post, person=self.core, reason="Off topic")
        response = self.client.post(f"/posts/{self.post.pk}/dismiss/", {"reason": "fine\x00"})
        assert response.status_code == 302
        assert Flag.objects.open().filter(post=self.post).exists()

    def test_a_nul_or_a_line_break_in_a_thread_moderation_reason_is_refused(self) -> None:
        for reason in ("done\x00", "done\r\nInjected: yes"):
            with self.subTest(reason=reason):
                response = self.client.post(
                    f"{self.thread.get_absolute_url()}moderate/", {"action": "lock", "reason": reason}
                )
                assert response.status_code == 302
                assert not Thread.objects.get(pk=self.thread.pk).is_locked
        assert not ModerationAction.objects.exists()

    def test_a_nul_in_the_target_or_reason_of_a_move_is_refused(self) -> None:
        for data in ({"to": "spreadsheets\x00"}, {"to": "spreadsheets", "reason": "\x00"}):
            with self.subTest(data=data):
                response = self.client.post(f"{self.thread.get_absolute_url()}move/", data, follow=True)
                assert response.status_code == 200
                assert Thread.objects.get(pk=self.thread.pk).community == self.community
        assert not ModerationAction.objects.exists()

    def test_a_nul_in_a_report_or_hiding_reason_is_shown_beside_the_field(self) -> None:
        for url in (f"/posts/{self.post.pk}/flag/", f"/posts/{self.post.pk}/hide/"):
            with self.subTest(url=url):
                response = self.client.post(url, {"reason": "rude\x00"})
                assert response.status_code == 400
                assert "There is a problem" in response.content.decode()
        assert not Flag.objects.exists() and not Post.objects.get(pk=self.post.pk).is_hidden

    def test_services_refuse_control_characters_in_reasons_whoever_calls_them(self) -> None:
        calls = {
            "flag": lambda: services.flag_post(self.post, person=self.core, reason="a\x00b"),
            "hide": lambda: services.hide_post(self.post, by=self.lead, reason="a\x1b[2Jb"),
            "lock": lambda: services.moderate_thread(self.thread, by=self.lead, action="lock", reason="a\nb"),
            "move": lambda: services.move_thread(
                self.thread, to=self.open_community, by=self.lead, reason="\u202egnirts"
            ),
        }
        for name, call in calls.items():
            with self.subTest(name), self.assertRaises(Refused) as refused:
                call()
            assert (refused.exception.kind, refused.exception.field) == (Kind.INVALID, "reason")


class ModerationLogQueryCountTests(PersonasTestCase):
    def test_the_queue_costs_the_same_for_2_and_50_log_entries(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.member)
        client = self.client_for("lead")
        client.get("/communities/fbp/moderation/")  # the first request of a session does more; not counted
        counts = []
        for total in (2, 50):
            while ModerationAction.objects.count() < total:
                ModerationActionFactory(thread=thread, actor=self.lead, reason="Off topic.")
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/communities/fbp/moderation/")
            assert response.status_code == 200
            assert response.content.decode().count("Off topic.") == total
            counts.append(len(queries))
        assert counts[0] == counts[1]
