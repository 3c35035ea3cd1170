import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min
from django.test import TestCase
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo import LEAD_COMMUNITY, build_demo
from copse.communities.demo_data import LEAD, MEMBER
from copse.communities.models import Community, Membership, Role, Status
from copse.discussions.demo import NEWS, extend_demo
from copse.discussions.models import Flag, Kind, ModerationAction, Post, Reaction, Subscription, Thread
from copse.notifications.models import Notification

STAFF = 300
SEED = 2026


def titles_by_community() -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for community, title in Thread.objects.order_by("community__name", "title").values_list(
        "community__name", "title"
    ):
        titles.setdefault(community, []).append(title)
    return titles


def build_and_roll_back(*, seed: int = SEED) -> dict[str, list[str]]:
    with transaction.atomic():
        build_demo(seed=seed, staff=STAFF)
        extend_demo(seed=seed)
        titles = titles_by_community()
        transaction.set_rollback(True)
    return titles


class DemoDiscussionsTests(TestCase):
    summary: str

    @classmethod
    def setUpTestData(cls) -> None:
        build_demo(staff=STAFF)
        cls.summary = extend_demo(seed=SEED)

    def test_every_listed_community_has_threads_of_at_least_five_kinds(self) -> None:
        communities = Community.objects.listed().annotate(
            kinds=Count("threads__kind", distinct=True), thread_count=Count("threads")
        )

        assert communities.count() == 20
        for community in communities:
            assert community.kinds >= 5, community
            assert 6 <= community.thread_count <= 12, community
        assert set(Thread.objects.values_list("kind", flat=True)) == set(Kind.values)
        assert not Thread.objects.exclude(community__status__in=[Status.ACTIVE, Status.DORMANT]).exists()

    def test_counts_and_times_agree_with_the_posts(self) -> None:
        threads = Thread.objects.annotate(
            posts_count=Count("posts"), newest=Max("posts__created_at"), oldest=Min("posts__created_at")
        )

        for thread in threads:
            assert thread.reply_count == thread.posts_count - 1, thread
            assert thread.last_activity_at == thread.newest, thread
            assert thread.created_at == thread.oldest, thread
            assert thread.reply_count <= 9, thread
            assert thread.created_at.tzinfo is not None

    def test_posts_increase_in_time_and_first_response_is_the_first_reply_by_someone_else(self) -> None:
        for thread in Thread.objects.prefetch_related("posts"):
            posts = list(thread.posts.all())
            times = [post.created_at for post in posts]
            assert times == sorted(times) and len(set(times)) == len(times), thread
            assert posts[0].author_id == thread.author_id
            others = [post.created_at for post in posts[1:] if post.author_id != thread.author_id]
            assert thread.first_response_at == (others[0] if others else None), thread

    def test_authors_are_current_members_and_announcements_come_from_leads_or_core(self) -> None:
        roles: dict[tuple[int, int | None], str] = {
            (community, person): role
            for community, person, role in Membership.objects.current().values_list(
                "community", "person", "role"
            )
        }

        for post in Post.objects.select_related("thread"):
            assert (post.thread.community_id, post.author_id) in roles, post
        for thread in Thread.objects.filter(kind=Kind.ANNOUNCEMENT):
            assert roles[(thread.community_id, thread.author_id)] in {Role.LEAD.value, Role.CORE.value}, (
                thread
            )

    def test_accepted_answers_are_replies_in_their_own_help_request(self) -> None:
        solved = Thread.objects.filter(accepted_answer__isnull=False).select_related("accepted_answer")

        assert solved.count() >= 5
        for thread in solved:
            first = thread.posts.order_by("created_at", "id").first()
            assert thread.kind == Kind.HELP
            assert thread.accepted_answer.thread_id == thread.pk
            assert thread.accepted_answer != first
            assert thread.accepted_answer.author_id != thread.author_id

    def test_some_help_requests_wait_for_an_answer_including_one_the_personas_can_see(self) -> None:
        unanswered = Thread.objects.filter(kind=Kind.HELP, reply_count=0)
        member = User.objects.get(email="member@example.org")

        assert unanswered.filter(community__name=LEAD_COMMUNITY).exists()
        assert Thread.objects.visible_to(member).filter(kind=Kind.HELP, reply_count=0).exists()
        assert unanswered.filter(first_response_at__isnull=True).count() == unanswered.count()

    def test_a_few_threads_are_pinned_and_one_is_locked(self) -> None:
        assert 2 <= Thread.objects.filter(is_pinned=True).count() <= 12
        assert Thread.objects.filter(is_locked=True).count() == 1

    def test_reactions_are_given_by_others_to_a_good_share_of_posts(self) -> None:
        reacted = Post.objects.filter(reactions__isnull=False).distinct().count()

        assert Reaction.objects.exists()
        assert reacted >= Post.objects.count() * 0.3
        assert set(Reaction.objects.values_list("kind", flat=True)) == set(Reaction.Kind.values)
        assert not Reaction.objects.filter(person=F("post__author")).exists()

    def test_bodies_are_rendered_and_safe(self) -> None:
        posts = Post.objects.all()

        assert not posts.filter(body_html="").exists()
        assert not posts.filter(body_html__icontains="<script").exists()
        assert posts.filter(body_html__contains='<a href="https://example.org/').exists()
        assert posts.filter(body_html__contains="<li>").exists()
        assert posts.filter(body_html__contains="<strong>").exists()
        assert not posts.filter(body__contains="{").exists()

    def test_written_through_the_services_posters_follow_and_moderation_is_logged(self) -> None:
        posters = Post.objects.values_list("thread_id", "author_id").distinct()
        following = set(
            Subscription.objects.filter(state=Subscription.State.FOLLOWING).values_list(
                "thread_id", "person_id"
            )
        )
        assert set(posters) <= following
        logged = set(ModerationAction.objects.values_list("thread_id", "action"))
        assert {
            (pk, "pin") for pk in Thread.objects.filter(is_pinned=True).values_list("pk", flat=True)
        } <= logged
        assert {
            (pk, "lock") for pk in Thread.objects.filter(is_locked=True).values_list("pk", flat=True)
        } <= logged

    def test_history_is_news_only_in_the_personas_threads_in_mentions_and_in_the_last_week(self) -> None:
        personas = {LEAD.email, MEMBER.email}
        posts = {post.pk: post for post in Post.objects.select_related("thread", "author")}
        told = Notification.objects.filter(
            kind__in={"new_threads", "help_requests", "replies_to_me", "mentions"}
        )
        posted_in = {
            thread
            for thread, email in Post.objects.values_list("thread", "author__email")
            if email in personas
        }

        assert told.filter(kind="replies_to_me").exists() and told.filter(kind="mentions").exists()
        for notification in told.select_related("recipient"):
            assert notification.emailed_at is not None  # in the app only: no email, no digest
            if notification.kind in {"new_threads", "help_requests"}:
                thread = Thread.objects.get(pk=int(notification.url.split("/")[-2]))
                assert thread.created_at > timezone.now() - NEWS
                assert notification.created_at == thread.created_at
                continue
            post = posts[int(notification.url.rsplit("#post-", 1)[1])]
            assert notification.created_at == post.created_at
            assert post.author_id != notification.recipient_id
            if notification.kind == "mentions":
                assert f"@{notification.recipient.name}" in post.body
            else:
                assert post.thread_id in posted_in

    def test_summary_gives_the_counts(self) -> None:
        assert self.summary == (
            f"Added {Thread.objects.count()} discussion threads with {Post.objects.count():,} posts and "
            f"{Reaction.objects.count():,} reactions to 20 communities, and 1 reported post for the moderators."
        )


class DeterministicDemoDiscussionsTests(TestCase):
    def test_the_same_seed_gives_the_same_threads(self) -> None:
        first = build_and_roll_back()
        second = build_and_roll_back()

        assert first == second
        assert len(first) == 20

    def test_another_seed_gives_other_threads(self) -> None:
        assert build_and_roll_back(seed=1) != build_and_roll_back(seed=2)


class SeedDemoWithDiscussionsTests(TestCase):
    def test_the_command_adds_discussions_and_says_so(self) -> None:
        out = io.StringIO()

        call_command("seed_demo", staff=STAFF, stdout=out, stderr=io.StringIO())

        lines = out.getvalue().splitlines()
        assert lines[0].startswith("Built the demo organisation")
        assert lines[1].startswith(f"Added {Thread.objects.count()} discussion threads")
        assert "Sign in as any of these" in out.getvalue()
        assert Thread.objects.count() > 100

    def test_a_failing_extension_leaves_nothing_behind(self) -> None:
        with (
            mock.patch("copse.discussions.demo.extend_demo", side_effect=RuntimeError("broken")),
            pytest.raises(RuntimeError, match="broken"),
        ):
            call_command("seed_demo", staff=150, stdout=io.StringIO(), stderr=io.StringIO())

        assert not Community.objects.exists()
        assert not User.objects.exists()


class DemoFlagTests(TestCase):
    def test_the_lead_finds_one_reported_reply_in_the_moderation_queue(self) -> None:
        build_demo(staff=300)
        extend_demo(seed=2026)
        flag = Flag.objects.open().select_related("post__thread__community").get()
        assert flag.post.thread.community.name == "Finance Business Partners"
        assert flag.post.pk != flag.post.thread.posts.order_by("created_at", "id").first().pk
