"""Who may read which thread and post: the predicates, their queryset and people twins, and the fetch helpers,
on the full grid of visibility × status × role."""

from __future__ import annotations

from itertools import product
from typing import ClassVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Community, Role, Status, Visibility
from copse.communities.permissions import can_view_community
from copse.discussions.models import Post, Thread
from copse.discussions.permissions import (
    can_moderate,
    can_view_post,
    can_view_thread,
    get_post_for,
    get_thread_for,
    readers_of,
)
from copse.testing import (
    PERSONAS,
    CommunityFactory,
    MembershipFactory,
    PersonasTestCase,
    PostFactory,
    ThreadFactory,
    UserFactory,
)

ROLES = ("anonymous", *PERSONAS, "proposer")
POST_STATES = ("normal", "hidden", "deleted")


class DiscussionsGridTests(PersonasTestCase):
    """Every visibility × every status, with a lead, a core member and a member in each, proposed by `proposer`;
    one thread in each, with a normal, a hidden and a deleted reply."""

    proposer: ClassVar[User]
    grid: ClassVar[dict[tuple[str, str], Community]]
    threads: ClassVar[dict[tuple[str, str], Thread]]
    posts: ClassVar[dict[tuple[str, str, str], Post]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.proposer = UserFactory(email="proposer@example.org")
        cls.grid, cls.threads, cls.posts = {}, {}, {}
        now = timezone.now()
        for visibility, status in product(Visibility.values, Status.values):
            community = CommunityFactory(
                slug=f"{visibility}-{status}".replace("_", "-"),
                visibility=visibility,
                status=status,
                service_area=cls.area,
                proposed_by=cls.proposer,
            )
            for person, role in ((cls.lead, Role.LEAD), (cls.core, Role.CORE), (cls.member, Role.MEMBER)):
                MembershipFactory(community=community, person=person, role=role)
            thread = ThreadFactory(community=community, author=cls.lead)
            cls.grid[visibility, status] = community
            cls.threads[visibility, status] = thread
            cls.posts[visibility, status, "normal"] = PostFactory(thread=thread, author=cls.member)
            cls.posts[visibility, status, "hidden"] = PostFactory(
                thread=thread, author=cls.member, hidden_at=now, hidden_by=cls.lead, hidden_reason="Off topic"
            )
            cls.posts[visibility, status, "deleted"] = PostFactory(
                thread=thread, author=cls.member, body="", body_html="", deleted_at=now
            )

    def user(self, role: str) -> User | AnonymousUser:
        if role == "anonymous":
            return AnonymousUser()
        return self.proposer if role == "proposer" else self.persona(role)

    def fresh_thread(self, pk: int) -> Thread:
        return Thread.objects.select_related("community").get(pk=pk)

    def fresh_post(self, pk: int) -> Post:
        return Post.objects.select_related("thread__community").get(pk=pk)

    def test_can_view_thread_agrees_with_visible_to_and_readers_of_on_the_full_grid(self) -> None:
        for role in ROLES:
            user = self.user(role)
            visible = set(Thread.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]
            for (visibility, status), thread in self.threads.items():
                fresh = self.fresh_thread(thread.pk)
                with self.subTest(role=role, visibility=visibility, status=status):
                    assert can_view_thread(user, fresh) == (thread.pk in visible)
                    assert (user in readers_of(fresh)) == (thread.pk in visible)

    def test_get_thread_for_opens_exactly_the_threads_visible_to_lists(self) -> None:
        for role in ROLES:
            user = self.user(role)
            visible = set(Thread.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]
            for (visibility, status), thread in self.threads.items():
                with self.subTest(role=role, visibility=visibility, status=status):
                    try:
                        get_thread_for(user, self.grid[visibility, status].slug, thread.pk)
                    except (Http404, PermissionDenied):
                        assert thread.pk not in visible
                    else:
                        assert thread.pk in visible

    def test_can_view_post_agrees_with_visible_to_and_get_post_for_on_the_full_grid(self) -> None:
        for role in ROLES:
            user = self.user(role)
            visible = set(Post.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]
            for (visibility, status, state), post in self.posts.items():
                with self.subTest(role=role, visibility=visibility, status=status, post=state):
                    assert can_view_post(user, self.fresh_post(post.pk)) == (post.pk in visible)
                    try:
                        get_post_for(user, post.pk)
                    except Http404:
                        assert post.pk not in visible
                    else:
                        assert post.pk in visible

    def test_readers_see_normal_and_deleted_posts_and_only_moderators_see_hidden_ones(self) -> None:
        for role in ROLES:
            user = self.user(role)
            visible = set(Post.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]
            for (visibility, status, state), post in self.posts.items():
                thread = self.fresh_thread(post.thread_id)
                reads = user in readers_of(thread)
                expected = reads and (state != "hidden" or can_moderate(user, thread.community))
                with self.subTest(role=role, visibility=visibility, status=status, post=state):
                    assert (post.pk in visible) == expected

    def test_who_reads_what_on_the_grid(self) -> None:
        """The rule itself, spelled out: members and the programme team read everywhere; other staff read open
        communities that ran; no one else reads a proposal, its proposer included."""
        for role in ROLES:
            user = self.user(role)
            visible = set(Thread.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]
            for (visibility, status), thread in self.threads.items():
                if role == "anonymous":
                    expected = False
                elif role in {"programme_admin", "operator", "lead", "core", "member"}:
                    expected = True
                else:
                    ran = status in {Status.ACTIVE, Status.DORMANT, Status.RETIRED}
                    expected = visibility == Visibility.OPEN and ran
                with self.subTest(role=role, visibility=visibility, status=status):
                    assert (thread.pk in visible) == expected

    def test_the_proposer_of_a_declined_open_community_sees_its_page_but_no_discussions(self) -> None:
        for status in (Status.PROPOSED, Status.DECLINED):
            community = Community.objects.get(pk=self.grid[Visibility.OPEN, status].pk)
            thread = self.fresh_thread(self.threads[Visibility.OPEN, status].pk)
            with self.subTest(status=status):
                assert can_view_community(self.proposer, community)
                assert not can_view_thread(self.proposer, thread)
                assert not Thread.objects.visible_to(self.proposer).filter(pk=thread.pk).exists()
                assert self.proposer not in readers_of(thread)
                response = self.client_for(None)
                response.force_login(self.proposer)
                assert response.get(f"/communities/{community.slug}/").status_code == 200
                assert response.get(f"/communities/{community.slug}/discussions/").status_code == 403

    def test_moderators_of_a_running_community_see_hidden_posts_and_no_one_does_once_it_is_closed(
        self,
    ) -> None:
        hidden_active = self.posts[Visibility.ON_REQUEST, Status.ACTIVE, "hidden"]
        hidden_retired = self.posts[Visibility.ON_REQUEST, Status.RETIRED, "hidden"]
        for role, sees in {"core": True, "lead": True, "programme_admin": True, "member": False}.items():
            user = self.user(role)
            with self.subTest(role=role):
                assert Post.objects.visible_to(user).filter(pk=hidden_active.pk).exists() == sees  # type: ignore[arg-type]
                assert not Post.objects.visible_to(user).filter(pk=hidden_retired.pk).exists()  # type: ignore[arg-type]


class ViewerRoleOnceTests(PersonasTestCase):
    def test_get_post_for_looks_up_the_viewers_role_once_whatever_the_action(self) -> None:
        post = PostFactory(
            thread=ThreadFactory(community=self.community, author=self.member), author=self.core
        )
        for persona, action in (
            ("lead", "moderate"),
            ("member", "view"),
            ("core", "edit"),
            ("member", "post"),
        ):
            with self.subTest(persona=persona, action=action), self.assertNumQueries(2):
                get_post_for(self.persona(persona), post.pk, action)  # type: ignore[arg-type]

    def test_thread_page_asks_for_the_viewers_role_only_in_the_community_query(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.member)
        PostFactory(thread=thread, author=self.core)
        client = self.client_for("lead")
        client.get(thread.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(thread.get_absolute_url()).status_code == 200
        single_role_lookups = [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT "communities_membership"."id", "communities_membership"."role"')
        ]
        assert single_role_lookups == []
        assert len(queries) == 13  # the member's page is 12; a moderator's adds the communities to move to
